# Sourced by the release-check scripts: scratch paths, servers (each one started is stopped by
# the EXIT trap of the script that started it), a free loopback port, waiting for HTTP.
source "$(dirname "${BASH_SOURCE[0]}")/../dist/common.sh"

RC="$TARGET/release-check"              # scratch: emptied by run.sh on every run
RC_TOOLS="$TARGET/release-check-tools"  # cached: registry servers, the arm64 sysroot
CLI="${WCHECKOUT_BIN:-$TARGET/debug/wcheckout}"

SERVER_PIDS=()
stop_servers() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    SERVER_PIDS=()
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # url what log
    local i
    for i in $(seq 1 150); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.2
    done
    log "$2 did not answer at $1; its log:"
    tail -n 30 "$3" >&2 || true
    return 1
}

# Starts `wcheckout sandbox` on a free port; sets SANDBOX_URL.
start_sandbox() { # log
    "$CLI" sandbox --port 0 >"$1" 2>&1 &
    SERVER_PIDS+=($!)
    local i
    for i in $(seq 1 150); do
        SANDBOX_URL="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$1" | head -n1)"
        [ -n "$SANDBOX_URL" ] && return 0
        sleep 0.1
    done
    die "the sandbox did not start: $(cat "$1")"
}
