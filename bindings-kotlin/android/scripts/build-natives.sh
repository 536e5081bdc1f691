#!/usr/bin/env bash
# Builds what the Android library packs (needs ANDROID_NDK_HOME, an r27+ NDK, and cargo-ndk):
#   src/main/jniLibs/{arm64-v8a,armeabi-v7a,x86_64}/libwcheckout_ffi.so  release, stripped, 16 KB pages
#   src/main/uniffi/                                                     Kotlin bindings, android = true
# Without the `testing` feature: the embedded sandbox (com.wcheckout.testing, JVM jar only) never
# ships inside an app.
# The 16 KB page-size link flag for the Android targets lives in the repository's
# .cargo/config.toml, so any cargo build for them gets it; this script checks the result.
set -euo pipefail
ANDROID_DIR="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$ANDROID_DIR/../.." && pwd)"
CARGO="${CARGO:-cargo}"
: "${ANDROID_NDK_HOME:?set ANDROID_NDK_HOME to an r27+ NDK}"
cd "$ROOT"

rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android >/dev/null
command -v cargo-ndk >/dev/null || "$CARGO" install --locked cargo-ndk
rm -rf "$ANDROID_DIR/src/main/jniLibs" "$ANDROID_DIR/src/main/uniffi"
CARGO_PROFILE_RELEASE_STRIP=symbols "$CARGO" ndk -t arm64-v8a -t armeabi-v7a -t x86_64 --platform 24 \
  -o "$ANDROID_DIR/src/main/jniLibs" build --release -p wcheckout-kotlin --no-default-features

READELF="$(find "$ANDROID_NDK_HOME/toolchains/llvm/prebuilt" -path "*/bin/llvm-readelf" | head -1)"
for abi in arm64-v8a armeabi-v7a x86_64; do
  lib="$ANDROID_DIR/src/main/jniLibs/$abi/libwcheckout_ffi.so"
  # Every LOAD segment aligned to 16 KB (0x4000) or more: required by Google Play for Android 15+.
  aligns="$("$READELF" -lW "$lib" | awk '$1 == "LOAD" { print $NF }')"
  [[ -n "$aligns" ]] || { echo "$lib: no LOAD segments?" >&2; exit 1; }
  for align in $aligns; do
    (( align >= 0x4000 )) || { echo "$lib: a LOAD segment is aligned to $align, below 16 KB" >&2; exit 1; }
  done
  echo "$abi: $(( $(stat -c %s "$lib") / 1024 )) KiB, 16 KB aligned"
done

# The interface is the same on every ABI; a host debug build with the same features is what
# uniffi-bindgen reads (in its own target dir, so the JVM build's library is left as it is).
"$CARGO" build -q -p uniffi-bindgen
CARGO_TARGET_DIR="$ROOT/target/android-bindgen" "$CARGO" build -q -p wcheckout-kotlin --no-default-features
./target/debug/uniffi-bindgen generate target/android-bindgen/debug/libwcheckout_ffi.so --language kotlin --no-format \
  --config bindings-kotlin/uniffi-android.toml --out-dir "$ANDROID_DIR/src/main/uniffi"
