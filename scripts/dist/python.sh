#!/usr/bin/env bash
# make dist-python: target/dist/python/ = the sdist and abi3 wheels (CPython >= 3.9) for
# manylinux_2_17 and musllinux_1_2 on x86_64 and aarch64: release builds, stripped, cross-compiled
# with `maturin build --zig`, each checked with auditwheel and for its licence files.
LOG_PREFIX=dist-python
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

out="$DIST/python"
ensure_tools
ensure_targets x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl

rm -rf "$out"
mkdir -p "$out"
cd "$ROOT/bindings-python"
shopt -s nullglob

log "sdist"
maturin sdist --out "$out" >&2
sdist=("$out"/wcheckout-*.tar.gz)
[ ${#sdist[@]} -eq 1 ] || die "expected one sdist, found ${#sdist[@]}"

build() { # target compatibility
    log "wheel $1 ($2)"
    maturin build --release --strip --zig --target "$1" --compatibility "$2" \
        --target-dir "$DIST_BUILD/python" --out "$out" --quiet
}
build x86_64-unknown-linux-gnu manylinux2014
build aarch64-unknown-linux-gnu manylinux2014
build x86_64-unknown-linux-musl musllinux_1_2
build aarch64-unknown-linux-musl musllinux_1_2

# manylinux: auditwheel must place the wheel at manylinux_2_17. musllinux: auditwheel cannot
# analyse musl wheels on a glibc host (it parses the host's libc.so linker script), so readelf
# checks that the extension needs musl's libc.so and no GLIBC symbol version.
check_extension() { # wheel tag arch
    if [ "$2" = manylinux_2_17 ]; then
        local shown
        shown="$(auditwheel show "$1")"
        grep -q "\"$2_$3\"" <<<"$shown" || die "auditwheel does not place $(basename "$1") at $2_$3: $shown"
        return
    fi
    local tmp so
    tmp="$(mktemp -d)"
    unzip -q -d "$tmp" "$1" 'wcheckout/_native*.so'
    so="$(ls "$tmp"/wcheckout/_native*.so)"
    if grep -q GLIBC_ <<<"$(readelf -V -W "$so")"; then die "$(basename "$1") needs glibc symbol versions"; fi
    grep -q 'Shared library: \[libc.so\]' <<<"$(readelf -d "$so")" || die "$(basename "$1") does not link musl's libc.so"
    case "$3" in
    x86_64) file -b "$so" | grep -q 'x86-64' ;;
    aarch64) file -b "$so" | grep -q 'aarch64' ;;
    esac || die "$(basename "$1") holds a $(file -b "$so" | cut -d, -f2) extension"
    rm -rf "$tmp"
}

# Checks: exactly the expected files, auditwheel's platform tag, licence files and metadata.
wheels=("$out"/*.whl)
[ ${#wheels[@]} -eq 4 ] || die "expected 4 wheels, found ${#wheels[@]}: ${wheels[*]}"
for arch in x86_64 aarch64; do
    for tag in manylinux_2_17 musllinux_1_2; do
        w=("$out"/wcheckout-*-cp39-abi3-*"${tag}_${arch}".whl)
        [ ${#w[@]} -eq 1 ] || die "no $tag $arch wheel"
        check_extension "${w[0]}" "$tag" "$arch"
        listing="$(unzip -Z1 "${w[0]}")"
        for f in LICENSE-MIT LICENSE-APACHE; do
            grep -q "dist-info/licenses/$f\$" <<<"$listing" || die "$(basename "${w[0]}") lacks $f"
        done
        meta="$(unzip -p "${w[0]}" '*.dist-info/METADATA')"
        for field in 'License-Expression: MIT OR Apache-2.0' 'Author: The wcheckout authors' 'Project-URL: Repository' 'Classifier: '; do
            grep -q "^$field" <<<"$meta" || die "$(basename "${w[0]}") METADATA lacks '$field'"
        done
        size="$(python3 -c 'import sys, zipfile; print(next(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist() if i.filename.endswith(".so")))' "${w[0]}")"
        log "$(basename "${w[0]}"): ${tag}_${arch} checked, extension $size bytes"
    done
done
listing="$(tar tzf "${sdist[0]}")"
for f in LICENSE-MIT LICENSE-APACHE; do
    grep -q "^wcheckout-[^/]*/$f\$" <<<"$listing" || die "sdist lacks $f"
done
log "done: $(cd "$out" && ls | tr '\n' ' ')"
