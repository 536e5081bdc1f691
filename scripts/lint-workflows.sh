#!/usr/bin/env bash
# actionlint over .github/workflows/*.yml (it also runs shellcheck over their run: scripts when
# shellcheck is installed: `apt-get install shellcheck`).
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION=v1.7.12
GOBIN="$(go env GOPATH)/bin"
if ! command -v actionlint >/dev/null && [[ ! -x "$GOBIN/actionlint" ]]; then
  go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
workflows=(.github/workflows/*.yml)
PATH="$PATH:$GOBIN" actionlint -no-color "${workflows[@]}"
echo "lint-workflows: ${#workflows[@]} workflows pass actionlint"
