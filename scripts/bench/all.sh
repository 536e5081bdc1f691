#!/usr/bin/env bash
# `make bench-all`: release builds, then every SDK-vs-baseline benchmark of the Rust core and the
# Python, Node and Kotlin bindings, side by side, in one run. Not part of `make test`.
#
# Each language's bench writes its rows to target/bench/<language>.json; scripts/bench/summary.py
# merges them into target/bench/summary.json and prints the table. Figures are medians of rounds
# that alternate SDK and baseline (see each bench's header).
#
#   BENCH_ONLY="rust python"   run only these languages (rust, python, node, kotlin)
#   BENCH_FILTER="webhook"     only rows whose name contains this (passed to each bench)
#   BENCH_CPU=0                the CPU the sandboxes and the benches run on (default 0; `none`
#                              leaves placement to the scheduler)
#
# Pinning: on a small machine a sequential loopback call is a ping-pong between the caller and
# the sandbox's connection thread, and whether the two land on one core or two (with idle-state
# wake-ups) changed a call's time by 2x from one connection to the next (measured on 2 cores:
# 40 vs 85-100 us for the same Rust call), so SDK and baseline got different luck. On one CPU
# both pay the same context switches; the rows then compare CPU cost, and the 8-thread rows
# compare throughput on that core. Builds are not pinned.
#
# Two sandboxes (release `wcheckout sandbox`, token policy `multiple`, so SDK and baseline can
# each hold a token) serve the call rows; the second delays every business call by 20 ms for
# the 8-thread / 8-concurrent rows. Both are stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
CARGO="${CARGO:-cargo}"
target="${CARGO_TARGET_DIR:-$root/target}"
out="$target/bench"
only="${BENCH_ONLY:-rust python node kotlin}"
filter="${BENCH_FILTER:-}"
cpu="${BENCH_CPU:-0}"
# The prefix that runs a command on $cpu (see above); empty when pinning is off or taskset is
# missing. (taskset execs the command, so a background sandbox's $! is the sandbox itself.)
pin=()
if [ "$cpu" != none ] && command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); else cpu=none; fi
wants() { [[ " $only " == *" $1 "* ]]; }
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.log

echo "== building release artifacts"
"$CARGO" build -q --release -p wcheckout-cli

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
# A signal ends the script through `exit`, so the EXIT trap stops the sandboxes then too.
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts a sandbox and sets $sandbox_url (the first stdout line is `listening on URL`). Runs in
# this shell, not in a `$(...)` subshell, so its PID reaches `pids` and the EXIT trap stops it.
start_sandbox() {
    local log="$out/sandbox-$1.log"
    "${pin[@]}" "$target/release/wcheckout" sandbox --token-policy multiple >"$log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 100); do
        sandbox_url="$(sed -n 's/^listening on //p' "$log" 2>/dev/null | head -1)"
        [ -n "$sandbox_url" ] && return
        sleep 0.1
    done
    echo "sandbox did not start: $(cat "$log")" >&2
    exit 1
}
start_sandbox fast
url="$sandbox_url"
start_sandbox slow
slow_url="$sandbox_url"
# (Re-)arms the 20 ms delay on every business call of the slow sandbox (each run uses < 10000).
arm_delay() {
    python3 - "$slow_url" <<'EOF'
import json, sys, urllib.request
base = sys.argv[1]
urllib.request.urlopen(urllib.request.Request(f"{base}/_sandbox/faults", method="DELETE")).read()
body = json.dumps({"kind": "delay", "delayMs": 20, "count": 10000}).encode()
req = urllib.request.Request(f"{base}/_sandbox/faults", data=body, headers={"Content-Type": "application/json"})
urllib.request.urlopen(req).read()
EOF
}
export WCHECKOUT_BENCH_URL="$url" WCHECKOUT_BENCH_SLOW_URL="$slow_url"
echo "   sandboxes: $url, $slow_url (20 ms delay); pinned to CPU: $cpu"

if wants rust; then
    echo "== rust (cargo bench -p wcheckout --bench table)"
    "$CARGO" bench -q -p wcheckout --bench table --no-run
    WCHECKOUT_BENCH_JSON="$out/rust.json" "${pin[@]}" "$CARGO" bench -q -p wcheckout --bench table -- $filter
fi

if wants python; then
    echo "== python (release wheel)"
    venv="$target/py-bench-venv"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    # The baselines (requests, httpx) live in the bench's own virtualenv, not in the package's deps.
    "$venv/bin/python" -c "import maturin, requests, httpx" 2>/dev/null ||
        "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.16,<2" "requests>=2.32,<3" "httpx>=0.28,<1"
    rm -rf "$target/wheels-python-release"
    (cd bindings-python && "$venv/bin/maturin" build --release --quiet --interpreter "$venv/bin/python" \
        --out "$target/wheels-python-release")
    "$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps \
        "$target"/wheels-python-release/*.whl
    arm_delay
    WCHECKOUT_BENCH_JSON="$out/python.json" "${pin[@]}" "$venv/bin/python" bindings-python/bench/bench.py $filter
fi

if wants node; then
    echo "== node (release addon)"
    (cd bindings-node && { [ -d node_modules/@napi-rs/cli ] || npm ci --no-audit --no-fund --loglevel=error; } &&
        npm run --silent build:release)
    arm_delay
    WCHECKOUT_BENCH_JSON="$out/node.json" "${pin[@]}" node bindings-node/bench/bench.mjs $filter
fi

if wants kotlin; then
    echo "== kotlin (bindings-kotlin/scripts/bench.sh)"
    kbench=bindings-kotlin/scripts/bench.sh
    # A Kotlin bench that takes `--json FILE` writes the four kotlin.* rows itself; the one on main
    # before it only prints text, which scripts/bench/kotlin_text.py reads.
    if grep -q -- '--json' "$kbench"; then
        bash "$kbench" --json "$out/kotlin.json" 2>&1 | tee "$out/kotlin.log" ||
            echo "kotlin bench failed (see $out/kotlin.log); its rows are reported as not measured" >&2
    elif bash "$kbench" 2>&1 | tee "$out/kotlin.log"; then
        python3 scripts/bench/kotlin_text.py "$out/kotlin.log" "$out/kotlin.json"
    else
        echo "kotlin bench failed (see $out/kotlin.log); its rows are reported as not measured" >&2
    fi
fi

BENCH_PINNED_CPU="$cpu" python3 scripts/bench/summary.py "$out"
