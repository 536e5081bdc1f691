#!/usr/bin/env bash
# release-check, npm: `npm install wcheckout` from the local registry into a fresh project, with
# a fresh cache; npm itself must pick the platform package for this machine (and only it). Then
# the README quick start (bindings-node/README.md, "From a fresh clone to a paid sandbox order")
# runs against the sandbox: create -> pay -> info.
LOG_PREFIX=release-check/npm
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
: "${NPM_REGISTRY:?} ${SANDBOX_URL:?} ${RC:?}"

app="$RC/npm-app"
mkdir -p "$app"
cd "$app"
printf 'registry=%s\n' "$NPM_REGISTRY" >.npmrc
printf '{ "name": "release-check-app", "version": "1.0.0", "private": true }\n' >package.json
npm install wcheckout --userconfig "$app/.npmrc" --cache "$RC/npm-app-cache" \
    --no-audit --no-fund --loglevel=error >"$RC/npm-install.log" 2>&1 \
    || { cat "$RC/npm-install.log" >&2; die "npm install wcheckout failed"; }

case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
want="wcheckout-linux-$arch-gnu"
installed="$(cd node_modules && ls -d wcheckout* | tr '\n' ' ')"
[ "$installed" = "wcheckout $want " ] || die "npm installed '$installed', expected exactly wcheckout and $want"
node -e '
const v = require("wcheckout").VERSION, p = require("wcheckout/package.json");
if (v !== p.version || v !== process.argv[1]) throw new Error(`addon ${v}, package ${p.version}, expected ${process.argv[1]}`);
' "$VERSION"
for f in LICENSE-MIT LICENSE-APACHE; do
    [ -f "node_modules/wcheckout/$f" ] && [ -f "node_modules/$want/$f" ] || die "$f missing from an installed package"
done
log "npm installed: $installed(registry $NPM_REGISTRY)"

# The README's quick start, as printed there, with the sandbox URL of this run.
python3 - "$ROOT/bindings-node/README.md" "$SANDBOX_URL" >paid-order.mjs <<'PY'
import re, sys
readme = open(sys.argv[1], encoding="utf-8").read()
section = readme.split("## From a fresh clone to a paid sandbox order", 1)[1]
code = re.search(r"```js\n(.*?)```", section, re.S).group(1)
assert "http://127.0.0.1:8787" in code, "the quick start's sandbox URL moved"
print(code.replace("http://127.0.0.1:8787", sys.argv[2]), end="")
PY
out="$(node paid-order.mjs)" || die "paid-order.mjs failed: $out"
printf '%s\n' "$out" | sed 's/^/    /' >&2
grep -q " PAID$" <<<"$out" || die "the quick start did not reach a PAID order"
log "README quick start passed against the sandbox"

# Without its optional dependencies the package must say what is wrong and what to do.
bare="$RC/npm-app-omit-optional"
mkdir -p "$bare"
cd "$bare"
cp "$app/.npmrc" .
printf '{ "name": "omit-optional-app", "version": "1.0.0", "private": true }\n' >package.json
npm install wcheckout --omit=optional --userconfig "$bare/.npmrc" --cache "$RC/npm-app-cache" \
    --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || die "npm install --omit=optional wcheckout failed"
[ ! -d "node_modules/$want" ] || die "--omit=optional still installed $want"
if msg="$(node -e "require('wcheckout')" 2>&1)"; then die "require('wcheckout') worked without its addon"; fi
for needle in "os=linux, arch=$arch, libc=glibc" "npm install --include=optional" "build the addon from source"; do
    grep -qF "$needle" <<<"$msg" || die "the missing-addon error lacks '$needle': $msg"
done
if grep -q "bug related to optional dependencies" <<<"$msg"; then die "npm's optional-dependency bug text: $msg"; fi
log "without the platform package: $(grep -o 'wcheckout: the native addon[^.]*\.' <<<"$msg" | head -n1)"
