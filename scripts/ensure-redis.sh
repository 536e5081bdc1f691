#!/usr/bin/env bash
# Installs redis-server when it is missing. The shared-store tests of every suite start their
# own server on a free loopback port (persistence off) and stop it; nothing here starts one.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
echo "redis-server not found: installing it" >&2
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
elif command -v brew >/dev/null 2>&1; then
  brew install redis
else
  echo "cannot install redis-server here: install it (Debian: apt-get install redis-server)" >&2
  exit 1
fi
command -v redis-server >/dev/null 2>&1
