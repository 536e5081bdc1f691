#!/usr/bin/env python3
"""Type-checks every ```python block of README.md with ``mypy --strict`` (run by scripts/test.sh).

Each block becomes one module: its statements inside ``async def _snippet() -> None`` (so top-level
``await`` and ``async for`` work), after a prelude declaring the names the block uses but does not
define (``client``, ``Decimal``, …) from the table below. A block that does not type-check fails
the suite, so what the README shows is what the package's types accept.

Usage: readme_check.py [README] (needs mypy and the installed ``wcheckout`` wheel).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

# What a name means when a block uses it without defining it.
PRELUDE = {
    "Any": "from typing import Any",
    "asyncio": "import asyncio",
    "logging": "import logging",
    "Decimal": "from decimal import Decimal",
    "wcheckout": "import wcheckout",
    "Token": "from wcheckout import Token",
    "OrderStatus": "from wcheckout import OrderStatus",
    "AsyncClient": "from wcheckout.aio import AsyncClient",
    "client": "import wcheckout\nclient: wcheckout.Client",
    "async_client": "from wcheckout.aio import AsyncClient\nasync_client: AsyncClient",
    "numbers": "numbers: list[str]",
    "dedupe": "import wcheckout\ndedupe: wcheckout.EventDeduplicator",
    "key": "key: str",
    "secret": "secret: str",
    "sign_key": "sign_key: str",
    "timestamp_ms": "timestamp_ms: str",
    "ts": "ts: str",
    "body_bytes": "body_bytes: bytes",
    "fulfil": "from decimal import Decimal\ndef fulfil(order_no: str, amount: Decimal) -> None: ...",
    "test_client": "from flask.testing import FlaskClient\ntest_client: FlaskClient",
}


def free_names(code: str) -> list[str]:
    tree = ast.parse(code)
    stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            stored |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(node.name)
            stored |= {a.arg for a in node.args.args + node.args.kwonlyargs} if not isinstance(node, ast.ClassDef) else set()
    loaded = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    return sorted({n for n in loaded if n not in stored and n in PRELUDE})


def module(code: str) -> str:
    # Parsed as the body of an async function (top-level await is allowed there).
    wrapped = "async def _snippet() -> None:\n" + textwrap.indent(code, "    ") + "    pass\n"
    ast.parse(wrapped)
    prelude = "\n".join(PRELUDE[n] for n in free_names(wrapped))
    return f"{prelude}\n\n\n{wrapped}"


def main() -> int:
    readme = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "README.md"
    blocks = re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
    if not blocks:
        print(f"{readme}: no python blocks", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, code in enumerate(blocks, 1):
            path = Path(tmp) / f"readme_block_{i:02d}.py"
            path.write_text(module(code), encoding="utf-8")
            files.append(str(path))
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(Path(tmp) / ".mypy"), *files],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            for f in files:
                if Path(f).name in result.stdout:
                    print(f"--- {Path(f).name}\n{Path(f).read_text()}", file=sys.stderr)
            return 1
    print(f"python: {len(blocks)} README blocks pass mypy --strict")
    return 0


if __name__ == "__main__":
    sys.exit(main())
