#!/usr/bin/env bash
# make release-check: rehearse the release the way users install. Starts, on free loopback ports,
# pypiserver (PyPI), verdaccio (npm) and the sandbox; uploads target/dist/python/* and every
# target/dist/npm/*.tgz; then, each in a clean directory: pip install wcheckout into a fresh venv,
# npm install wcheckout into a fresh project (npm picks the platform package), each running the
# README quick start against the sandbox; the aarch64 wheel and addon under qemu-aarch64 with
# Debian's arm64 python3/nodejs; and scripts/release-check/maven.sh when it exists.
# Every server started here is stopped on exit.
LOG_PREFIX=release-check
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
here="$ROOT/scripts/release-check"
trap stop_servers EXIT

if ! compgen -G "$DIST/python/*.whl" >/dev/null || ! compgen -G "$DIST/npm/*.tgz" >/dev/null; then
    log "no artifacts in $DIST: running make dist first"
    make -C "$ROOT" dist
fi
if [ -f "$here/maven.sh" ] && [ ! -d "$DIST/maven" ]; then
    log "no $DIST/maven: running make dist-maven first"
    make -C "$ROOT" dist-maven
fi
[ -x "$CLI" ] || (cd "$ROOT" && cargo build -q -p wcheckout-cli)
command -v curl >/dev/null || die "curl is required"

rm -rf "$RC"
mkdir -p "$RC" "$RC_TOOLS"
started=$SECONDS

# --- registries and the sandbox ------------------------------------------------------------
source "$here/registries.sh"
start_pypiserver
start_verdaccio
start_sandbox "$RC/sandbox.log"
log "sandbox at $SANDBOX_URL, PyPI at $PYPI_URL, npm registry at $NPM_REGISTRY"
export SANDBOX_URL PYPI_URL NPM_REGISTRY RC RC_TOOLS

# --- the checks -----------------------------------------------------------------------------
bash "$here/python.sh"
bash "$here/npm.sh"
bash "$here/qemu.sh"
if [ -f "$here/maven.sh" ]; then
    bash "$here/maven.sh"
else
    log "maven: scripts/release-check/maven.sh not present (branch dist-kotlin): skipped"
fi
log "all release checks passed in $((SECONDS - started)) s"
