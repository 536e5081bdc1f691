#!/usr/bin/env bash
# The Maven part of `make release-check`: install com.wcheckout:wcheckout the way a user does and
# run the README quick start against a real sandbox.
#
# A fresh Maven project (bindings-kotlin/src/test/consumer-kotlin22, copied to a temporary
# directory) on Kotlin 2.2.0 with JVM 11 bytecode depends on the artifact from the file://
# repository that `make dist-maven` wrote to target/dist/maven. Its local repository is
# target/release-check/m2 with com/wcheckout removed first, so the jar can only come from
# target/dist/maven (checked afterwards), never from ~/.m2; third-party artifacts stay cached.
#
# Then the same compiled project runs again on aarch64: Debian's arm64 JVM (openjdk-17-jre-headless
# and the libraries it loads, unpacked with apt-get download + dpkg-deb -x into a sysroot, no
# install) under qemu-aarch64, so JNA loads linux-aarch64/libwcheckout_ffi.so from the jar and
# the quick start's signed calls reach the sandbox. Skipped, with a message, where qemu-user or
# the arm64 packages cannot be had (WCHECKOUT_SKIP_AARCH64=1 skips it too).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CARGO="${CARGO:-cargo}"
cd "$ROOT"

VERSION="$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["workspace"]["package"]["version"])')"
REPO="$ROOT/target/dist/maven"
JAR="$REPO/com/wcheckout/wcheckout/$VERSION/wcheckout-$VERSION.jar"
[[ -f "$JAR" ]] || { echo "release-check/maven: $JAR is missing: run \`make dist-maven\` first" >&2; exit 1; }

"$CARGO" build -q -p wcheckout-cli
M2="$ROOT/target/release-check-tools/m2"   # cached across runs, like the other release-check tools
rm -rf "$M2/com/wcheckout"
WORK="$(mktemp -d)"
SANDBOX_PID=""
cleanup() {
  if [[ -n "$SANDBOX_PID" ]]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -n "${SANDBOX_URL:-}" ]]; then
  BASE_URL="$SANDBOX_URL"    # `make release-check` (run.sh) already runs one
else
  # A sandbox of our own on a free loopback port; its first stdout line names the URL.
  mkfifo "$WORK/sandbox.out"
  ./target/debug/wcheckout sandbox --port 0 >"$WORK/sandbox.out" 2>"$WORK/sandbox.err" &
  SANDBOX_PID=$!
  exec 3<"$WORK/sandbox.out"
  IFS= read -r -t 30 first <&3 || { echo "release-check/maven: the sandbox did not start:" >&2; cat "$WORK/sandbox.err" >&2; exit 1; }
  BASE_URL="$(grep -o 'http://[^ ]*' <<<"$first")"
  cat <&3 >/dev/null &   # keep draining stdout so the sandbox never blocks on a full pipe
fi

mkdir -p "$WORK/project"
cp -r bindings-kotlin/src/test/consumer-kotlin22/. "$WORK/project/"
rm -rf "$WORK/project/target"
cd "$WORK/project"
echo "release-check/maven: Kotlin 2.2.0 project, com.wcheckout:wcheckout:$VERSION from file://$REPO, sandbox $BASE_URL"
WCHECKOUT_BASE_URL="$BASE_URL" mvn -B -ntp -q -Dstyle.color=never "-Dmaven.repo.local=$M2" \
  "-Dwcheckout.repo=file://$REPO" "-Dwcheckout.version=$VERSION" compile exec:java

# The artifact really came from target/dist/maven (its id in the consumer pom is wcheckout-dist).
grep -q "wcheckout-$VERSION.jar>wcheckout-dist=" "$M2/com/wcheckout/wcheckout/$VERSION/_remote.repositories" || {
  echo "release-check/maven: the jar was not resolved from target/dist/maven" >&2; exit 1; }
cmp -s "$JAR" "$M2/com/wcheckout/wcheckout/$VERSION/wcheckout-$VERSION.jar" || {
  echo "release-check/maven: the resolved jar differs from target/dist/maven's" >&2; exit 1; }
passed=1

# --- aarch64: the same classes and jars on Debian's arm64 JVM under qemu-user -----------------
aarch64_skip() { echo "release-check/maven: aarch64 skipped: $*"; }
run_aarch64() {
  [[ -z "${WCHECKOUT_SKIP_AARCH64:-}" ]] || { aarch64_skip "WCHECKOUT_SKIP_AARCH64 is set"; return 1; }
  if ! command -v qemu-aarch64 >/dev/null; then
    if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
      aarch64_skip "no qemu-aarch64 (apt-get install qemu-user)"; return 1
    fi
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user >/dev/null) \
      || { aarch64_skip "apt-get install qemu-user failed"; return 1; }
  fi
  local sysroot="$ROOT/target/release-check-tools/arm64-jvm"
  local packages=(openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g)
  if [[ "$(cat "$sysroot/.packages" 2>/dev/null)" != "${packages[*]}" ]]; then
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      [[ $EUID -eq 0 ]] || { aarch64_skip "dpkg has no arm64 architecture (dpkg --add-architecture arm64)"; return 1; }
      dpkg --add-architecture arm64 && apt-get update -qq
    fi
    rm -rf "$sysroot" "$sysroot.debs"
    mkdir -p "$sysroot" "$sysroot.debs"
    (cd "$sysroot.debs" && apt-get download -qq "${packages[@]/%/:arm64}" 2>/dev/null) \
      || { aarch64_skip "apt-get download of the arm64 JVM failed"; return 1; }
    for deb in "$sysroot.debs"/*.deb; do dpkg-deb -x "$deb" "$sysroot"; done
    rm -rf "$sysroot.debs"
    printf '%s' "${packages[*]}" >"$sysroot/.packages"
  fi
  local java
  java="$(find "$sysroot/usr/lib/jvm" -path '*arm64/bin/java' | head -1)"
  [[ -n "$java" ]] || { aarch64_skip "no java in $sysroot"; return 1; }
  mvn -B -ntp -q -Dstyle.color=never "-Dmaven.repo.local=$M2" "-Dwcheckout.repo=file://$REPO" "-Dwcheckout.version=$VERSION" \
    dependency:build-classpath -Dmdep.outputFile=classpath.txt
  echo "release-check/maven: aarch64: $(qemu-aarch64 -L "$sysroot" "$java" -version 2>&1 | head -1) under qemu-aarch64"
  local out
  out="$(WCHECKOUT_BASE_URL="$BASE_URL" qemu-aarch64 -L "$sysroot" "$java" \
    -cp "target/classes:$(cat classpath.txt)" QuickStartKt 2>&1)" || { echo "$out" >&2; return 2; }
  echo "$out"
  grep -q "^quick start OK .*on linux/aarch64" <<<"$out" || { echo "release-check/maven: aarch64 run did not finish" >&2; return 2; }
}
set +e
run_aarch64
rc=$?
set -e
case $rc in
  0) passed=2 ;;
  1) ;;   # skipped, said why
  *) echo "release-check/maven: the quick start failed on aarch64" >&2; exit 1 ;;
esac
echo "release-check/maven: $passed passed, 0 failed"
