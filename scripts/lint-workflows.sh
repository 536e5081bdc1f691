#!/usr/bin/env bash
# actionlint over .github/workflows/*.yml (and shellcheck over their run: scripts when installed).
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION=v1.7.12
GOBIN="$(go env GOPATH)/bin"
if ! command -v actionlint >/dev/null && [[ ! -x "$GOBIN/actionlint" ]]; then
  go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
PATH="$PATH:$GOBIN" actionlint -color=never .github/workflows/*.yml
echo "lint-workflows: $(ls .github/workflows/*.yml | wc -l) workflows pass actionlint"
