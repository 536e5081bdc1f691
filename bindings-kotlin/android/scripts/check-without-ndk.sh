#!/usr/bin/env bash
# What can be checked without the Android NDK (the project's machines have none): the Rust crate
# type-checks for the three Android targets (`cargo check`), with every crate's cfg(android) code.
#
# ring's build script compiles some C even for `cargo check`; with no NDK clang here, zig's clang
# (PyPI ziglang) stands in for it, targeting the same architecture with musl's headers. Nothing is
# linked, so no Android library comes out of this: the release workflow builds those with the NDK
# (scripts/build-natives.sh), and it checks the 16 KB page alignment there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
CARGO="${CARGO:-cargo}"
cd "$ROOT"
# zig from PyPI in the venv the dist scripts use (target/dist-venv), same pin.
VENV="$ROOT/target/dist-venv"
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import ziglang" 2>/dev/null || "$VENV/bin/python" -m pip install -q --disable-pip-version-check "ziglang==0.17.0"
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android >/dev/null

WRAP="$ROOT/target/android-check"
mkdir -p "$WRAP"
printf '#!/bin/sh\nexec "%s" -m ziglang ar "$@"\n' "$VENV/bin/python" >"$WRAP/ar"
chmod +x "$WRAP/ar"
for pair in aarch64-linux-android:aarch64-linux-musl armv7-linux-androideabi:arm-linux-musleabi \
            x86_64-linux-android:x86_64-linux-musl; do
  target="${pair%%:*}" zig_target="${pair#*:}"
  cat >"$WRAP/cc-$target" <<WRAPPER
#!/bin/sh
# cc-rs passes --target=<android triple>; zig is given the matching musl triple instead.
for a in "\$@"; do shift; case "\$a" in --target=*) ;; *) set -- "\$@" "\$a" ;; esac; done
exec "$VENV/bin/python" -m ziglang cc -target $zig_target "\$@"
WRAPPER
  chmod +x "$WRAP/cc-$target"
  var="${target//-/_}"
  env "CC_$var=$WRAP/cc-$target" "AR_$var=$WRAP/ar" \
    "$CARGO" check -q -p wcheckout-kotlin --no-default-features --target "$target"
  echo "android check: wcheckout-kotlin type-checks for $target"
done
