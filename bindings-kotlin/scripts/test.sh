#!/usr/bin/env bash
# Builds the UniFFI library and the bindgen (debug), generates the Kotlin bindings, packs the
# native library as a JNA resource and runs the JUnit suite through Maven (Surefire summary shown).
# Expects target/debug/wcheckout (the sandbox) to be built already (`make test-kotlin` does it).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
KT="$ROOT/bindings-kotlin"
CARGO="${CARGO:-cargo}"
cd "$ROOT"

"$CARGO" build -q -p wcheckout-kotlin -p uniffi-bindgen

GEN="$KT/src/main/kotlin/generated"
RES="$KT/src/main/resources/linux-x86-64"
rm -rf "$GEN" "$RES"
mkdir -p "$GEN" "$RES"
NOFMT=""
command -v ktlint >/dev/null 2>&1 || NOFMT="--no-format"
"$ROOT/target/debug/uniffi-bindgen" generate "$ROOT/target/debug/libwcheckout_ffi.so" \
    --language kotlin $NOFMT --out-dir "$GEN"
cp "$ROOT/target/debug/libwcheckout_ffi.so" "$RES/"

cd "$KT"
# -ntp hides download progress; no -q, so Surefire's "Tests run: N, Failures: …" summary prints.
mvn -B -ntp "${@:-package}"
