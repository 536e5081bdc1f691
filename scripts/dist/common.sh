# Sourced by the dist and release-check scripts: paths, the version, and the pinned build tools
# (maturin, ziglang, cargo-zigbuild, auditwheel) in target/dist-venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="$TARGET/dist"
# Release builds for distribution live apart from target/release (and from each other: the
# Python and Node builds use different zig wrappers, which would rebuild each other's deps).
DIST_BUILD="$TARGET/dist-build"
TOOLS="$TARGET/dist-venv"
VERSION="$(python3 "$ROOT/scripts/version.py")"

log() { printf '%s: %s\n' "${LOG_PREFIX:-dist}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Pinned tools, installed only when missing (a warm run installs nothing).
ensure_tools() {
    if [ ! -x "$TOOLS/bin/python" ]; then
        log "creating $TOOLS"
        python3 -m venv "$TOOLS"
    fi
    local want=("maturin==1.16.0" "ziglang==0.17.0" "cargo-zigbuild==0.24.0" "auditwheel==6.8.2")
    local need=()
    local spec
    for spec in "${want[@]}"; do
        grep -qx "Version: ${spec##*==}" <<<"$("$TOOLS/bin/python" -m pip show --disable-pip-version-check "${spec%%==*}" 2>/dev/null)" \
            || need+=("$spec")
    done
    if [ ${#need[@]} -gt 0 ]; then
        log "installing ${need[*]}"
        "$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check "${need[@]}"
    fi
    # cargo-zigbuild finds zig through `python3 -m ziglang` (the venv's python3 comes first on PATH).
    export PATH="$TOOLS/bin:$PATH"
}

# Rust targets for the Linux artifacts built here.
ensure_targets() {
    local installed
    installed="$(rustup target list --installed)"
    local t
    for t in "$@"; do
        grep -qx "$t" <<<"$installed" || rustup target add "$t"
    done
}

# The highest GLIBC_x.y symbol version an ELF file needs (empty when none).
max_glibc() {
    readelf -V -W "$1" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1
}

# Fails unless the ELF file needs glibc <= 2.17.
check_glibc_217() {
    local max
    max="$(max_glibc "$1")"
    [ -n "$max" ] || die "$1: no GLIBC symbol versions at all (not a glibc build?)"
    [ "$(printf '%s\n2.17\n' "$max" | sort -V | tail -n1)" = "2.17" ] \
        || die "$1 needs GLIBC_$max (> 2.17)"
    log "$(basename "$1"): highest glibc symbol version GLIBC_$max"
}
