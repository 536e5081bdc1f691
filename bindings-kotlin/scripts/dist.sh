#!/usr/bin/env bash
# `make dist-maven`: writes target/dist/maven/, a Maven repository laid out as `mvn deploy` writes
# it (jar, -sources.jar, -javadoc.jar, pom, checksums) for com.wcheckout:wcheckout:<version>.
#
# The jar carries release, stripped libwcheckout_ffi.so for linux-x86-64 and linux-aarch64 in
# JNA's resource layout, linked against glibc 2.17 with zig (cargo-zigbuild), so it loads on
# RHEL/CentOS 7 and every later distro. The release workflow adds darwin-* and win32-x86-64 by
# putting their libraries into target/dist-build/jna/<jna-platform>/ before running Maven
# (WCHECKOUT_SKIP_NATIVE=1 skips the Linux build here, for that job; WCHECKOUT_JNA_PLATFORMS lists
# the JNA platforms the jar must carry, default "linux-x86-64 linux-aarch64").
#
# Installs what is missing: the Rust targets, and ziglang + cargo-zigbuild (both from PyPI) in
# target/dist-venv, the venv `make dist-python` / `make dist-npm` use (scripts/dist/common.sh when
# present, with the same pins otherwise).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CARGO="${CARGO:-cargo}"
MAX_BYTES=$((20 * 1024 * 1024))
cd "$ROOT"

ensure_zig() {
  if [[ -f "$ROOT/scripts/dist/common.sh" ]]; then
    # shellcheck source=/dev/null
    source "$ROOT/scripts/dist/common.sh"
    ensure_tools
    cd "$ROOT"
    return
  fi
  local venv="$ROOT/target/dist-venv"
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "ziglang==0.17.0" "cargo-zigbuild==0.24.0"
  export PATH="$venv/bin:$PATH"   # cargo-zigbuild finds zig through the venv's `python3 -m ziglang`
}

# One version for the whole repository: the root Cargo.toml's [workspace.package] version.
VERSION="$(python3 - <<'EOF'
import tomllib
print(tomllib.load(open("Cargo.toml", "rb"))["workspace"]["package"]["version"])
EOF
)"
POM_VERSION="$(python3 - <<'EOF'
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
print(ET.parse("bindings-kotlin/pom.xml").getroot().find("m:version", ns).text)
EOF
)"
if [[ "$VERSION" != "$POM_VERSION" ]]; then
  echo "dist-maven: bindings-kotlin/pom.xml has version $POM_VERSION but Cargo.toml says $VERSION" >&2
  exit 1
fi

JNA="$ROOT/target/dist-build/jna"
if [[ -z "${WCHECKOUT_SKIP_NATIVE:-}" ]]; then
  rustup target add x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu >/dev/null
  ensure_zig

  # `.2.17`: link against glibc 2.17 symbols. Stripped: symbols are not needed to run, and the
  # interface uniffi-bindgen reads is taken from the debug build below. A target dir of its own,
  # like the Python and Node release builds (target/dist-build/<kind>).
  BUILD="$ROOT/target/dist-build/jvm"
  CARGO_PROFILE_RELEASE_STRIP=symbols "$CARGO" zigbuild -q --release -p wcheckout-kotlin --target-dir "$BUILD" \
    --target x86_64-unknown-linux-gnu.2.17 --target aarch64-unknown-linux-gnu.2.17

  rm -rf "$JNA"
  for pair in x86_64:linux-x86-64 aarch64:linux-aarch64; do
    arch="${pair%%:*}" platform="${pair#*:}"
    mkdir -p "$JNA/$platform"
    cp "$BUILD/$arch-unknown-linux-gnu/release/libwcheckout_ffi.so" "$JNA/$platform/"
  done
fi

# Every Linux library: the right machine, small, and no glibc symbol newer than 2.17.
for lib in "$JNA"/linux-*/libwcheckout_ffi.so; do
  [[ -f "$lib" ]] || { echo "dist-maven: no library in $JNA/linux-*" >&2; exit 1; }
  size=$(stat -c %s "$lib")
  machine=$(readelf -h "$lib" | awk -F: '/Machine:/ {gsub(/^ +/, "", $2); print $2}')
  glibc=$(readelf -W --dyn-syms "$lib" | grep -o 'GLIBC_[0-9.]*[0-9]' | sort -u -V | tail -1)
  echo "dist-maven: ${lib#"$ROOT"/} $((size / 1024)) KiB, $machine, needs ${glibc:-no glibc}"
  if ((size > MAX_BYTES)); then echo "dist-maven: $lib is over 20 MB" >&2; exit 1; fi
  case "$lib:$machine" in
    */linux-x86-64/*:*X86-64*|*/linux-aarch64/*:*AArch64*) ;;
    *) echo "dist-maven: $lib is built for $machine" >&2; exit 1 ;;
  esac
  if [[ -n "$glibc" && "$(printf '%s\n' "$glibc" GLIBC_2.17 | sort -V | tail -1)" != GLIBC_2.17 ]]; then
    echo "dist-maven: $lib needs $glibc (newer than GLIBC_2.17)" >&2; exit 1
  fi
done

# uniffi-bindgen and the unstripped debug library it reads the interface from.
"$CARGO" build -q -p wcheckout-kotlin -p uniffi-bindgen

OUT="$ROOT/target/dist/maven"
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$ROOT/bindings-kotlin"
# `clean`: never pack a library left in target/classes by an earlier debug build.
mvn -B -ntp -q -Dstyle.color=never -Pdist clean deploy -DskipTests "-DaltDeploymentRepository=local::file://$OUT"

JAR="$OUT/com/wcheckout/wcheckout/$VERSION/wcheckout-$VERSION.jar"
for f in "$JAR" "${JAR%.jar}-sources.jar" "${JAR%.jar}-javadoc.jar" "${JAR%.jar}.pom"; do
  [[ -s "$f" ]] || { echo "dist-maven: missing $f" >&2; exit 1; }
done
listing="$(unzip -l "$JAR")"
entries=(com/wcheckout/WCheckoutClient.class)
for platform in ${WCHECKOUT_JNA_PLATFORMS:-linux-x86-64 linux-aarch64}; do
  case "$platform" in
    darwin-*) entries+=("$platform/libwcheckout_ffi.dylib") ;;
    win32-*) entries+=("$platform/wcheckout_ffi.dll") ;;
    *) entries+=("$platform/libwcheckout_ffi.so") ;;
  esac
done
for entry in "${entries[@]}"; do
  grep -q " $entry\$" <<<"$listing" || { echo "dist-maven: $entry is not in the jar" >&2; exit 1; }
done
echo "dist-maven: the jar carries ${entries[*]:1}"
for licence in LICENSE-MIT LICENSE-APACHE; do
  if [[ -f "$ROOT/$licence" ]]; then
    grep -q " META-INF/$licence\$" <<<"$listing" || { echo "dist-maven: META-INF/$licence is not in the jar" >&2; exit 1; }
  else
    echo "dist-maven: warning: $licence is missing at the repository root, so not in the jar" >&2
  fi
done
echo "dist-maven: $(find "$OUT" -type f | wc -l) files in ${OUT#"$ROOT"/}; jar $(( $(stat -c %s "$JAR") / 1024 )) KiB"
