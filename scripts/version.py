#!/usr/bin/env python3
"""The repository's one version number, kept in the root Cargo.toml ([workspace.package] version).

    python3 scripts/version.py              print it
    python3 scripts/version.py check        fail if any package manifest disagrees
    python3 scripts/version.py set X.Y.Z    write it into every manifest

The manifests: the root Cargo.toml (and the versions of its own path dependencies); the Python
package takes it from Cargo (pyproject `dynamic = ["version"]`); bindings-node/package.json,
package-lock.json and the npm platform packages; bindings-kotlin/pom.xml. The Rust test
cli/tests/release_metadata.rs checks the same under `make test`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$")


def cargo_version() -> str:
    text = (ROOT / "Cargo.toml").read_text()
    section = re.search(r"^\[workspace\.package\]\n(.*?)(?=^\[)", text, re.S | re.M)
    if not section:
        sys.exit("Cargo.toml: no [workspace.package] section")
    m = re.search(r'^version\s*=\s*"([^"]+)"', section.group(1), re.M)
    if not m:
        sys.exit("Cargo.toml: no version in [workspace.package]")
    return m.group(1)


def npm_manifests() -> list[Path]:
    node = ROOT / "bindings-node"
    return [node / "package.json", *sorted((node / "npm").glob("*/package.json"))]


def pom_version(text: str) -> str | None:
    m = re.search(r"</artifactId>\s*<version>([^<]+)</version>", text)
    return m.group(1).strip() if m else None


def found_versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for path in npm_manifests():
        out[str(path.relative_to(ROOT))] = json.loads(path.read_text()).get("version")
    lock = json.loads((ROOT / "bindings-node/package-lock.json").read_text())
    out["bindings-node/package-lock.json"] = lock.get("version")
    out["bindings-node/package-lock.json packages[\"\"]"] = lock.get("packages", {}).get("", {}).get("version")
    pom = ROOT / "bindings-kotlin/pom.xml"
    if pom.exists():
        v = pom_version(pom.read_text())
        if v is None or not v.startswith("${"):  # a ${property} is checked by the Rust test
            out["bindings-kotlin/pom.xml"] = v
    return out


def check() -> int:
    want = cargo_version()
    bad = {k: v for k, v in found_versions().items() if v != want}
    for k, v in bad.items():
        print(f"version mismatch: {k} has {v!r}, Cargo.toml [workspace.package] has {want!r}", file=sys.stderr)
    return 1 if bad else 0


def set_version(new: str) -> None:
    if not SEMVER.match(new):
        sys.exit(f"not a semantic version: {new!r}")
    old = cargo_version()
    cargo = ROOT / "Cargo.toml"
    text = cargo.read_text()
    text = re.sub(r'(\[workspace\.package\]\n(?:[^\[].*\n)*?version\s*=\s*")[^"]+(")', rf"\g<1>{new}\g<2>", text, count=1)
    text = re.sub(r'^(wcheckout(?:-sandbox)?\s*=\s*\{[^}\n]*version\s*=\s*")[^"]+(")', rf"\g<1>{new}\g<2>", text, flags=re.M)
    cargo.write_text(text)
    for path in npm_manifests():
        data = json.loads(path.read_text())
        data["version"] = new
        path.write_text(json.dumps(data, indent=2) + "\n")
    lock_path = ROOT / "bindings-node/package-lock.json"
    lock = json.loads(lock_path.read_text())
    lock["version"] = new
    lock["packages"][""]["version"] = new
    lock_path.write_text(json.dumps(lock, indent=2) + "\n")
    pom = ROOT / "bindings-kotlin/pom.xml"
    if pom.exists():
        text = pom.read_text()
        if pom_version(text) == old:
            pom.write_text(re.sub(r"(</artifactId>\s*<version>)[^<]+(</version>)", rf"\g<1>{new}\g<2>", text, count=1))
    print(f"version {old} -> {new}; add a '## [{new}] - date' section to CHANGELOG.md, then run cargo build to refresh Cargo.lock")


def main(argv: list[str]) -> int:
    if not argv:
        print(cargo_version())
        return 0
    if argv == ["check"]:
        return check()
    if len(argv) == 2 and argv[0] == "set":
        set_version(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
