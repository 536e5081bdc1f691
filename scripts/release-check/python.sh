#!/usr/bin/env bash
# release-check, Python: `pip install wcheckout` from the local PyPI into a fresh virtualenv in a
# clean directory, check pip chose the manylinux x86_64 wheel, and run the README quick start
# (examples/quickstart.py: create -> pay -> info, refund, settlement) against the sandbox.
LOG_PREFIX=release-check/python
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
: "${PYPI_URL:?} ${SANDBOX_URL:?} ${RC:?}"

app="$RC/python-app"
mkdir -p "$app"
cd "$app"
python3 -m venv venv
# Only the local index: the package must come from what make dist built.
venv/bin/pip install --quiet --disable-pip-version-check --no-cache-dir \
    --index-url "$PYPI_URL/simple/" wcheckout
version="$(venv/bin/python -c 'import wcheckout; print(wcheckout.__version__)')"
[ "$version" = "$VERSION" ] || die "installed wcheckout $version, expected $VERSION"
tag="$(venv/bin/python - <<'PY'
from importlib.metadata import distribution
d = distribution("wcheckout")
print(" ".join(l.split(": ", 1)[1] for l in d.read_text("WHEEL").splitlines() if l.startswith("Tag: ")))
names = [str(f) for f in d.files or []]
assert any(n.endswith("licenses/LICENSE-MIT") for n in names), names
assert any(n.endswith("licenses/LICENSE-APACHE") for n in names), names
PY
)"
case "$tag" in
*manylinux_2_17_x86_64*) ;;
*) die "pip installed a wheel tagged '$tag', expected manylinux_2_17_x86_64" ;;
esac
log "pip installed wcheckout $version ($tag) from $PYPI_URL"

cp "$ROOT/bindings-python/examples/quickstart.py" "$app/"
out="$(venv/bin/python quickstart.py "$SANDBOX_URL")" || die "quickstart.py failed: $out"
printf '%s\n' "$out" | sed 's/^/    /' >&2
grep -q "^order .*PAID" <<<"$out" || die "the quick start did not reach a PAID order"
log "README quick start passed against the sandbox"
