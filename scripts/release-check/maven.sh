#!/usr/bin/env bash
# The Maven part of `make release-check`: install com.wcheckout:wcheckout the way a user does and
# run the README quick start against a real sandbox.
#
# A fresh Maven project (bindings-kotlin/src/test/consumer-kotlin22, copied to a temporary
# directory) on Kotlin 2.2.0 with JVM 11 bytecode depends on the artifact from the file://
# repository that `make dist-maven` wrote to target/dist/maven. Its local repository is
# target/release-check/m2 with com/wcheckout removed first, so the jar can only come from
# target/dist/maven (checked afterwards), never from ~/.m2; third-party artifacts stay cached.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CARGO="${CARGO:-cargo}"
cd "$ROOT"

VERSION="$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["workspace"]["package"]["version"])')"
REPO="$ROOT/target/dist/maven"
JAR="$REPO/com/wcheckout/wcheckout/$VERSION/wcheckout-$VERSION.jar"
[[ -f "$JAR" ]] || { echo "release-check/maven: $JAR is missing: run \`make dist-maven\` first" >&2; exit 1; }

"$CARGO" build -q -p wcheckout-cli
M2="$ROOT/target/release-check/m2"
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
WCHECKOUT_BASE_URL="$BASE_URL" mvn -B -ntp -q "-Dmaven.repo.local=$M2" \
  "-Dwcheckout.repo=file://$REPO" "-Dwcheckout.version=$VERSION" compile exec:java

# The artifact really came from target/dist/maven (its id in the consumer pom is wcheckout-dist).
grep -q "wcheckout-$VERSION.jar>wcheckout-dist=" "$M2/com/wcheckout/wcheckout/$VERSION/_remote.repositories" || {
  echo "release-check/maven: the jar was not resolved from target/dist/maven" >&2; exit 1; }
cmp -s "$JAR" "$M2/com/wcheckout/wcheckout/$VERSION/wcheckout-$VERSION.jar" || {
  echo "release-check/maven: the resolved jar differs from target/dist/maven's" >&2; exit 1; }
echo "release-check/maven: 1 passed, 0 failed"
