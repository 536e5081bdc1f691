#!/usr/bin/env bash
# Node binding: install dev tools, build the addon (debug), run the node:test suite against the
# real sandbox. Run by `make test-node` (which builds target/debug/wcheckout first).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node binding: node and npm are required (Node.js >= 20)" >&2
  exit 1
fi

# Fresh machine: install exactly the locked dev tools (@napi-rs/cli, typescript).
if [ ! -d node_modules/@napi-rs/cli ] || [ ! -d node_modules/typescript ] || [ ! -d node_modules/@types/node ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -x ../target/debug/wcheckout ]; then
  (cd .. && cargo build -q -p wcheckout-cli)
fi

# Debug build of the addon into native/ (index.js loader, index.d.ts, the .node file).
npm run --silent build

# Test files run one after another; each starts its own sandbox process.
exec node --test --test-concurrency=1 test/
