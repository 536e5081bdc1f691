#!/usr/bin/env bash
# Builds the wcheckout wheel (debug), installs it into a virtualenv, type-checks the examples and
# runs the pytest suite against the INSTALLED wheel. Safe to run on a fresh machine.
# `--install-only`: build and install the wheel into the virtualenv, then stop (the Node suite's
# mixed Python + Node fleet test runs Python workers from it).
set -euo pipefail
install_only=0
if [ "${1:-}" = "--install-only" ]; then install_only=1; fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/py-venv"
wheels="$target/wheels-python"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    echo "python: creating virtualenv $venv"
    "$python" -m venv "$venv"
fi
py="$venv/bin/python"

# Install only what is missing (a warm run installs nothing).
need=()
"$py" -c "import maturin" 2>/dev/null || need+=("maturin>=1.16,<2")
"$py" -c "import pytest" 2>/dev/null || need+=("pytest>=8")
"$py" -c "import mypy" 2>/dev/null || need+=("mypy>=1.10")
"$py" -c "import flask" 2>/dev/null || need+=("flask>=3")
# FastAPI only for type-checking the README's FastAPI snippet.
"$py" -c "import fastapi" 2>/dev/null || need+=("fastapi>=0.110")
if [ ${#need[@]} -gt 0 ]; then
    echo "python: installing ${need[*]}"
    "$py" -m pip install --quiet --disable-pip-version-check "${need[@]}"
fi

echo "python: building the wheel (debug)"
rm -rf "$wheels"
mkdir -p "$wheels"
(cd "$here" && "$venv/bin/maturin" build --quiet --interpreter "$py" --out "$wheels")
wheel=("$wheels"/*.whl)
if [ ${#wheel[@]} -ne 1 ]; then
    echo "python: expected exactly one wheel in $wheels, found ${#wheel[@]}" >&2
    exit 1
fi
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "${wheel[0]}"
if [ $install_only -eq 1 ]; then
    exit 0
fi

echo "python: mypy --strict examples/, wcheckout.testing and README.md, stubtest wcheckout._native"
(cd "$here" && "$py" -m mypy --strict --no-incremental examples/)
(cd "$target" && "$py" "$here/scripts/readme_check.py" "$here/README.md")
# The .pyi must match the compiled module exactly (run where only the installed wheel is importable).
(cd "$target" && "$py" -m mypy.stubtest wcheckout._native)
# The pure-Python testing toolkit, as installed.
(cd "$target" && "$py" -m mypy --strict --no-incremental -m wcheckout.testing -m wcheckout.pytest_plugin)

# Run from a directory where `import wcheckout` can only resolve to the installed wheel.
export WCHECKOUT_BIN="${WCHECKOUT_BIN:-$target/debug/wcheckout}"
export WCHECKOUT_VECTORS="$root/tests/vectors"
cd "$target"
set +e
"$py" -m pytest "$here/tests" -p no:cacheprovider --import-mode=importlib -q
status=$?
set -e
if [ $status -eq 5 ]; then
    echo "python: pytest collected no tests: failing" >&2
    exit 1
fi
exit $status
