#!/usr/bin/env bash
# Builds a release wheel into its own virtualenv and prints the benchmark (not part of make test).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$(cd "$here/.." && pwd)/target"
venv="$target/py-bench-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import maturin" 2>/dev/null || "$venv/bin/pip" install --quiet "maturin>=1.16,<2"
rm -rf "$target/wheels-python-release"
(cd "$here" && "$venv/bin/maturin" build --release --quiet --interpreter "$venv/bin/python" --out "$target/wheels-python-release")
"$venv/bin/pip" install --quiet --force-reinstall --no-deps "$target"/wheels-python-release/*.whl
cd "$target" && "$venv/bin/python" "$here/bench/bench.py"
