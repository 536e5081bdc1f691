#!/usr/bin/env bash
# Builds the UniFFI library and uniffi-bindgen (debug), then runs Maven, which generates the
# Kotlin bindings from the library, packs the library into the jar (JNA resource path
# linux-x86-64/) and runs the JUnit suite (Surefire's "Tests run: N, Failures: …" summary prints).
# Expects target/debug/wcheckout (the sandbox) to be built already (`make test-kotlin` does it).
# Extra arguments replace the Maven goal: `scripts/test.sh install -DskipTests`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CARGO="${CARGO:-cargo}"
cd "$ROOT"
"$CARGO" build -q -p wcheckout-kotlin -p uniffi-bindgen
cd "$ROOT/bindings-kotlin"
# -ntp hides download progress; no -q, so the Surefire summary is printed.
mvn -B -ntp "${@:-package}"
