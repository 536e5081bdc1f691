#!/usr/bin/env bash
# release-check, aarch64 under qemu-user: the manylinux aarch64 wheel (chosen by pip for
# --platform manylinux_2_17_aarch64 from the local PyPI) and the linux-arm64-gnu addon (chosen by
# npm for --cpu=arm64 from the local registry) run on Debian's arm64 python3.11 and nodejs,
# unpacked into a sysroot (apt-get download + dpkg-deb -x, no install). Each runs every signing
# vector of tests/vectors/signing.json (the official one among them) and one call to the sandbox.
LOG_PREFIX=release-check/qemu
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
: "${PYPI_URL:?} ${NPM_REGISTRY:?} ${SANDBOX_URL:?} ${RC:?}"

vectors="$ROOT/tests/vectors/signing.json"
sysroot="$RC_TOOLS/arm64-sysroot"
# Debian 12 arm64 runtime of python3.11 and nodejs (18) with their shared-library dependencies.
PACKAGES=(
    libc6 zlib1g libssl3 libexpat1 libffi8 libbz2-1.0 liblzma5 libcrypt1 libuuid1 libsqlite3-0
    libtinfo6 libncursesw6 libreadline8 libdb5.3 libnsl2 libtirpc3 libgcc-s1 libstdc++6
    python3.11-minimal libpython3.11-minimal libpython3.11-stdlib
    nodejs libnode108 libuv1 libicu72 libc-ares2 libbrotli1 libnghttp2-14
    node-acorn node-cjs-module-lexer node-undici
)

if ! command -v qemu-aarch64 >/dev/null; then
    log "installing qemu-user"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user >/dev/null \
        || die "qemu-aarch64 is missing and apt-get install qemu-user failed"
fi

stamp="$sysroot/.packages"
if [ "$(cat "$stamp" 2>/dev/null)" != "${PACKAGES[*]}" ]; then
    log "building the arm64 sysroot in $sysroot"
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        dpkg --add-architecture arm64
        apt-get update -qq
    fi
    debs="$RC_TOOLS/arm64-debs"
    rm -rf "$sysroot" "$debs"
    mkdir -p "$sysroot" "$debs"
    specs=()
    for p in "${PACKAGES[@]}"; do
        case "$p" in node-*) specs+=("$p") ;; *) specs+=("$p:arm64") ;; esac  # node-* are Arch: all
    done
    (cd "$debs" && apt-get download -qq -o APT::Sandbox::User=root "${specs[@]}") || die "apt-get download of the arm64 packages failed"
    for deb in "$debs"/*.deb; do
        dpkg-deb -x "$deb" "$sysroot"
    done
    printf '%s' "${PACKAGES[*]}" >"$stamp"
fi
run_arm64() { qemu-aarch64 -L "$sysroot" "$@"; }

# --- Python: pip picks the aarch64 wheel ---------------------------------------------------
pydir="$RC/arm64-python"
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-cache-dir --target "$pydir" \
    --platform manylinux_2_17_aarch64 --implementation cp --python-version 3.11 --only-binary=:all: \
    --index-url "$PYPI_URL/simple/" wcheckout
so="$(ls "$pydir"/wcheckout/_native*.so)"
file -b "$so" | grep -q 'ARM aarch64' || die "pip installed a non-aarch64 extension: $(file -b "$so")"
out="$(cd "$RC" && run_arm64 "$sysroot/usr/bin/python3.11" - "$pydir" "$vectors" "$SANDBOX_URL" <<'PY'
import json, platform, sys
sys.path.insert(0, sys.argv[1])
import wcheckout
doc = json.load(open(sys.argv[2]))
official = 0
for v in doc["vectors"]:
    prefix = {"none": "none", "questionMark": "question_mark"}[v["queryPrefix"]]
    sig = wcheckout.sign_request(v["signKey"], v["method"], v["timestamp"], v["path"], v["query"], v["body"].encode(), query_prefix=prefix)
    assert sig == v["signature"], (v["name"], sig)
    official += v["source"] == "official"
assert official >= 1
client = wcheckout.Client(api_key="demo_api_key", api_secret="demo_api_secret", sign_key="demo_sign_key", base_url=sys.argv[3])
created = client.create_checkout_order(order_no="QEMUPY1", order_amount="3.50", customer_id="c", token="ETH_USDT")
print(f"python {platform.python_version()} on {platform.machine()}: {len(doc['vectors'])} signing vectors ({official} official) ok; sandbox order {created.order_no} paying {created.paying_amount}")
PY
)" || die "the aarch64 wheel failed under qemu: $out"
log "$out"

# --- Node: npm picks the linux-arm64-gnu package --------------------------------------------
app="$RC/arm64-npm-app"
mkdir -p "$app"
cd "$app"
printf 'registry=%s\n' "$NPM_REGISTRY" >.npmrc
printf '{ "name": "arm64-app", "version": "1.0.0", "private": true }\n' >package.json
npm install wcheckout --os=linux --cpu=arm64 --libc=glibc --userconfig "$app/.npmrc" \
    --cache "$RC/npm-arm64-cache" --no-audit --no-fund --loglevel=error >"$RC/npm-arm64-install.log" 2>&1 \
    || { cat "$RC/npm-arm64-install.log" >&2; die "npm install --cpu=arm64 wcheckout failed"; }
installed="$(cd node_modules && ls -d wcheckout* | tr '\n' ' ')"
[ "$installed" = "wcheckout wcheckout-linux-arm64-gnu " ] || die "npm --cpu=arm64 installed '$installed'"
cat >vectors.cjs <<'JS'
const wc = require('wcheckout');
const doc = require(process.argv[2]);
let official = 0;
for (const v of doc.vectors) {
  const input = { method: v.method, timestamp: v.timestamp, path: v.path, query: v.query, body: v.body, queryPrefix: v.queryPrefix };
  const sig = wc.signRequest(v.signKey, input);
  if (sig !== v.signature) throw new Error(`${v.name}: ${sig}`);
  if (v.source === 'official') official += 1;
}
if (official < 1) throw new Error('no official vector');
const client = new wc.Client({ apiKey: 'demo_api_key', apiSecret: 'demo_api_secret', signKey: 'demo_sign_key', baseUrl: process.argv[3] });
client.createCheckoutOrder({ orderNo: 'QEMUJS1', orderAmount: '3.50', customerId: 'c', token: 'ETH_USDT' }).then((o) => {
  console.log(`node ${process.version} on ${process.arch}: ${doc.vectors.length} signing vectors (${official} official) ok; sandbox order ${o.orderNo} paying ${o.payingAmount}`);
});
JS
out="$(run_arm64 "$sysroot/usr/bin/node" vectors.cjs "$vectors" "$SANDBOX_URL" 2>&1)" \
    || die "the arm64 addon failed under qemu: $out"
log "$out"
