#!/usr/bin/env bash
# Prints signing and webhook figures: the SDK (release build of the native library, through JNA)
# against javax.crypto.Mac + Base64 and Jackson. Not part of `make test`. The first run builds the
# native library in release mode (a few minutes on 2 cores).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CARGO="${CARGO:-cargo}"
cd "$ROOT"
"$CARGO" build -q --release -p wcheckout-kotlin
"$CARGO" build -q -p uniffi-bindgen
cd "$ROOT/bindings-kotlin"
mvn -B -q -ntp -Dnative.profile=release test-compile exec:java
