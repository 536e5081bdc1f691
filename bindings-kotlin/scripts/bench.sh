#!/usr/bin/env bash
# The Kotlin benchmark (src/test/kotlin/com/wcheckout/bench/Benchmark.kt): the SDK with the
# release native library against javax.crypto.Mac + Base64, Jackson and java.net.http.HttpClient,
# medians of alternating rounds. Not part of `make test`. Builds what it needs (the first release
# build takes a few minutes on 2 cores).
#
#   bash bindings-kotlin/scripts/bench.sh [--json FILE]
#
# --json FILE writes the rows kotlin.crossing, kotlin.sign, kotlin.webhook and
# kotlin.call_vs_httpclient as a JSON list of {"name","language","sdk","sdk_ns","baseline",
# "baseline_ns","ratio"} (ratio = baseline_ns / sdk_ns). kotlin.call_vs_httpclient needs a
# running sandbox (`wcheckout sandbox --token-policy multiple`, demo credentials) at
# WCHECKOUT_BENCH_URL and is left out when that is unset.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CARGO="${CARGO:-cargo}"
JSON=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --json)
      [[ $# -ge 2 ]] || { echo "usage: $0 [--json FILE]" >&2; exit 2; }
      # Maven runs in bindings-kotlin/: make the path absolute first.
      JSON="$(realpath -m -- "$2")"
      shift 2
      ;;
    *) echo "usage: $0 [--json FILE]" >&2; exit 2 ;;
  esac
done
cd "$ROOT"
"$CARGO" build -q --release -p wcheckout-kotlin
"$CARGO" build -q -p uniffi-bindgen
cd "$ROOT/bindings-kotlin"
# (Not -Dexec.args: it would also replace the arguments of the uniffi-bindgen exec execution.)
mvn -B -q -ntp -Dnative.profile=release test-compile exec:java -Dwcheckout.bench.json="$JSON"
