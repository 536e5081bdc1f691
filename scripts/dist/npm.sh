#!/usr/bin/env bash
# make dist-npm: target/dist/npm/ = the napi-rs layout. The main package wcheckout-<version>.tgz
# (JS layer and types, no addon) names the seven platform packages as optionalDependencies; the
# four Linux platform packages are built here (release, stripped; gnu against glibc 2.17 via
# zig). darwin and win32 are built by the release workflow.
LOG_PREFIX=dist-npm
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

out="$DIST/npm"
stage="$DIST_BUILD/npm-stage"
node_dir="$ROOT/bindings-node"
# platform key, cargo-zigbuild target (a .2.17 suffix pins the glibc version)
linux=(
    "linux-x64-gnu x86_64-unknown-linux-gnu.2.17"
    "linux-arm64-gnu aarch64-unknown-linux-gnu.2.17"
    "linux-x64-musl x86_64-unknown-linux-musl"
    "linux-arm64-musl aarch64-unknown-linux-musl"
)

ensure_tools
ensure_targets x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl
command -v npm >/dev/null || die "npm (Node.js >= 20) is required"
if [ ! -d "$node_dir/node_modules/@napi-rs/cli" ]; then
    (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
python3 "$ROOT/scripts/version.py" check || die "package versions disagree with Cargo.toml (scripts/version.py set $VERSION)"

rm -rf "$out" "$stage"
mkdir -p "$out" "$stage" "$DIST_BUILD/logs"

# A platform package's directory: its committed package.json, a README, the licences.
stage_platform() { # key
    local dir="$stage/$1"
    mkdir -p "$dir"
    cp "$node_dir/npm/$1/package.json" "$ROOT/LICENSE-MIT" "$ROOT/LICENSE-APACHE" "$dir/"
    cat >"$dir/README.md" <<MD
# wcheckout-$1

The \`$1\` native addon of [wcheckout](https://www.npmjs.com/package/wcheckout) $VERSION.
npm installs it for you as an optional dependency of \`wcheckout\` on matching machines:
depend on \`wcheckout\`, not on this package.
MD
}

for entry in "${linux[@]}"; do
    read -r key target <<<"$entry"
    log "addon $key ($target)"
    stage_platform "$key"
    buildlog="$DIST_BUILD/logs/napi-$key.log"
    (cd "$node_dir" && npx napi build --platform --release --strip --cross-compile --target "$target" \
        --no-js --output-dir "$stage/$key" --target-dir "$DIST_BUILD/node" >"$buildlog" 2>&1) \
        || { tail -n 40 "$buildlog" >&2; die "napi build for $target failed (log: $buildlog)"; }
    rm -f "$stage/$key/index.d.ts"
    addon="$stage/$key/wcheckout.$key.node"
    [ -f "$addon" ] || die "napi build wrote no $addon"
    case "$key" in
    *-gnu) check_glibc_217 "$addon" ;;
    *-musl)
        if grep -q GLIBC_ <<<"$(readelf -V -W "$addon")"; then die "$addon (musl) needs glibc symbols"; fi
        grep -q 'Shared library: \[libc.so\]' <<<"$(readelf -d "$addon")" || die "$addon does not link musl's libc.so"
        ;;
    esac
    log "$(basename "$addon"): $(stat -c %s "$addon") bytes, $(file -b "$addon" | cut -d, -f1-2)"
done

# The main package: lib/, README, licences; optionalDependencies stamped with this version.
main="$stage/wcheckout"
mkdir -p "$main"
cp -r "$node_dir/lib" "$node_dir/README.md" "$ROOT/LICENSE-MIT" "$ROOT/LICENSE-APACHE" "$main/"
node - "$node_dir" "$main" "$VERSION" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const [src, dest, version] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
if (pkg.version !== version) throw new Error(`package.json ${pkg.version} != ${version}`);
const keys = fs.readdirSync(path.join(src, 'npm')).sort();
pkg.optionalDependencies = Object.fromEntries(keys.map((k) => [`wcheckout-${k}`, version]));
pkg.files = pkg.files.filter((f) => !f.startsWith('native/'));
delete pkg.devDependencies;
delete pkg.scripts;
fs.writeFileSync(path.join(dest, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
JS

# Pack, then check every tarball's version, licences and (platform packages) addon.
for dir in "$main" "${linux[@]%% *}"; do
    [ "$dir" = "$main" ] || dir="$stage/$dir"
    name="$(node -p 'require(process.argv[1]).name' "$dir/package.json")"
    pkgver="$(node -p 'require(process.argv[1]).version' "$dir/package.json")"
    [ "$pkgver" = "$VERSION" ] || die "$name has version $pkgver, Cargo.toml has $VERSION"
    tgz="$(cd "$dir" && npm pack --silent --pack-destination "$out")"
    listing="$(tar tzf "$out/$tgz")"
    for f in package/LICENSE-MIT package/LICENSE-APACHE package/README.md package/package.json; do
        grep -qx "$f" <<<"$listing" || die "$tgz lacks $f"
    done
    if [ "$dir" != "$main" ]; then
        grep -qx "package/wcheckout.${name#wcheckout-}.node" <<<"$listing" || die "$tgz lacks its addon"
    elif grep -q '\.node$' <<<"$listing"; then
        die "$tgz must not carry an addon (the platform packages do)"
    fi
    log "$tgz: $(stat -c %s "$out/$tgz") bytes"
done
log "done: $(cd "$out" && ls | tr '\n' ' ')"
