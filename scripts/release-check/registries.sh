# Sourced by run.sh: the local PyPI (pypiserver 2.4.2) and npm registry (verdaccio 6.8.0) with
# the artifacts of make dist uploaded/published. Servers go into SERVER_PIDS (stopped on exit).

PYPISERVER_VERSION=2.4.2
VERDACCIO_VERSION=6.8.0

start_pypiserver() {
    local venv="$RC_TOOLS/pypiserver-venv"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    grep -qx "Version: $PYPISERVER_VERSION" <<<"$("$venv/bin/python" -m pip show pypiserver 2>/dev/null)" \
        || "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pypiserver==$PYPISERVER_VERSION"
    local port
    port="$(free_port)"
    mkdir -p "$RC/pypi/packages"
    # -a . -P . : no authentication (a loopback rehearsal registry); uploads allowed.
    "$venv/bin/pypi-server" run -i 127.0.0.1 -p "$port" -a . -P . "$RC/pypi/packages" >"$RC/pypi/server.log" 2>&1 &
    SERVER_PIDS+=($!)
    PYPI_URL="http://127.0.0.1:$port"
    wait_http "$PYPI_URL/simple/" pypiserver "$RC/pypi/server.log"
    local f
    for f in "$DIST"/python/*; do
        curl -fsS -o /dev/null -F ":action=file_upload" -F "content=@$f" "$PYPI_URL/" \
            || die "upload of $(basename "$f") to pypiserver failed"
    done
    local listed
    listed="$(curl -fsS "$PYPI_URL/simple/wcheckout/")"
    for f in "$DIST"/python/*; do
        grep -q "$(basename "$f")" <<<"$listed" || die "pypiserver does not list $(basename "$f")"
    done
    log "pypiserver $PYPISERVER_VERSION: uploaded $(ls "$DIST/python" | wc -l) files"
}

start_verdaccio() {
    local tools="$RC_TOOLS/verdaccio"
    mkdir -p "$tools"
    if [ "$(node -p "try { require('$tools/node_modules/verdaccio/package.json').version } catch { '' }")" != "$VERDACCIO_VERSION" ]; then
        # verdaccio 6.10+ wants Node 22; 6.8.0 runs on Node 20 with node-fetch held at 2.7.0.
        cat >"$tools/package.json" <<JSON
{
  "name": "wcheckout-release-check-tools",
  "private": true,
  "dependencies": { "verdaccio": "$VERDACCIO_VERSION" },
  "overrides": { "node-fetch": "2.7.0" }
}
JSON
        (cd "$tools" && npm install --no-audit --no-fund --loglevel=error)
    fi
    local port dir="$RC/verdaccio"
    port="$(free_port)"
    mkdir -p "$dir/storage"
    cat >"$dir/config.yaml" <<YAML
storage: $dir/storage
auth:
  htpasswd:
    file: $dir/htpasswd
    max_users: 10
# No uplinks: every package is served from this registry alone, nothing is proxied.
uplinks: {}
packages:
  '**':
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
server:
  keepAliveTimeout: 60
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
YAML
    node "$tools/node_modules/verdaccio/bin/verdaccio" --config "$dir/config.yaml" --listen "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
    SERVER_PIDS+=($!)
    NPM_REGISTRY="http://127.0.0.1:$port/"
    wait_http "${NPM_REGISTRY}-/ping" verdaccio "$dir/server.log"
    # A publisher account (what `npm adduser` does), then publish every tarball with its token.
    local token
    token="$(curl -fsS -X PUT -H 'content-type: application/json' \
        -d '{"name":"release-check","password":"release-check-password"}' \
        "${NPM_REGISTRY}-/user/org.couchdb.user:release-check" | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).token')"
    [ -n "$token" ] && [ "$token" != undefined ] || die "verdaccio gave no token"
    printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\n' "$NPM_REGISTRY" "$port" "$token" >"$dir/publish.npmrc"
    local tgz
    # Platform packages first, so the main package's optionalDependencies resolve at once.
    local main="$DIST/npm/wcheckout-$VERSION.tgz" ordered=()
    [ -f "$main" ] || die "no $main"
    for tgz in "$DIST"/npm/*.tgz; do
        [ "$tgz" = "$main" ] || ordered+=("$tgz")
    done
    for tgz in "${ordered[@]}" "$main"; do
        npm publish "$tgz" --userconfig "$dir/publish.npmrc" --registry "$NPM_REGISTRY" \
            --cache "$RC/npm-cache" --loglevel=error --no-provenance >/dev/null \
            || die "npm publish $(basename "$tgz") failed"
    done
    log "verdaccio $VERDACCIO_VERSION: published $(ls "$DIST"/npm/*.tgz | wc -l) tarballs"
}
