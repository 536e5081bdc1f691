#!/usr/bin/env bash
# Prints signing and webhook figures: the SDK (release build of the native library, through JNA)
# against javax.crypto.Mac + Base64. Not part of `make test`. Takes a few minutes the first time
# (the release build of the native library).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
KT="$ROOT/bindings-kotlin"
CARGO="${CARGO:-cargo}"
cd "$ROOT"
"$CARGO" build -q --release -p wcheckout-kotlin
"$CARGO" build -q -p uniffi-bindgen
GEN="$KT/src/main/kotlin/generated"
rm -rf "$GEN" && mkdir -p "$GEN" "$KT/src/main/resources/linux-x86-64"
"$ROOT/target/debug/uniffi-bindgen" generate "$ROOT/target/release/libwcheckout_ffi.so" \
    --language kotlin --no-format --out-dir "$GEN"
cp "$ROOT/target/release/libwcheckout_ffi.so" "$KT/src/main/resources/linux-x86-64/"
cd "$KT"
mvn -B -q -ntp -Prun test-compile
mvn -B -q -ntp -Prun exec:java
