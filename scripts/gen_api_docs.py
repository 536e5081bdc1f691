#!/usr/bin/env python3
"""Writes the client method documentation of every binding from one source: the core's
``Operation::doc`` texts (read from ``wcheckout call --docs-json``).

Targets (only the doc comment of each operation's methods is rewritten; signatures stay
hand-written):

* ``bindings-python/python/wcheckout/_native.pyi``: docstrings of ``Client`` methods (what IDEs show);
* ``bindings-python/python/wcheckout/aio.py``: docstrings of ``AsyncClient`` methods;
* ``bindings-python/src/client.rs``: the PyO3 methods' docs (what ``help()`` shows at run time);
* ``bindings-node/lib/index.d.ts``: JSDoc of ``Client`` methods;
* ``bindings-kotlin/src/main/kotlin/com/wcheckout/WCheckoutClient.kt``: KDoc of ``WCheckoutClient`` methods.

``--check`` writes nothing and fails when a file is not what this script would write (run by
``make test``). Usage: ``python3 scripts/gen_api_docs.py [--check] [--cli target/debug/wcheckout]``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable, Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]

# List operations are exposed as `list_…` (one page) and `iter_…` (every item).
LISTS = {
    "get_checkout_order_list": ("checkout_orders", "order"),
    "get_refund_order_list": ("refund_orders", "refund order"),
    "get_settlement_order_list": ("settlement_orders", "settlement order"),
    "get_abnormal_payment_list": ("abnormal_payments", "abnormal payment"),
}


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(w.capitalize() for w in rest)


def methods(ops: List[Dict[str, str]]) -> List[Tuple[str, str, str]]:
    """(snake method name, doc paragraph, `METHOD /path`) for every client method of an operation."""
    out = []
    for op in ops:
        http = f"{op['method']} {op['path']}"
        if op["name"] in LISTS:
            noun, item = LISTS[op["name"]]
            out.append((f"list_{noun}", op["doc"], http))
            iter_doc = (
                f"Every {item} matching the filter, across all pages: each page is fetched (one call) when the "
                f"iteration reaches it. A failing page fetch raises its error once, then the iteration stops."
            )
            out.append((f"iter_{noun}", iter_doc, http))
        else:
            out.append((op["name"], op["doc"], http))
    return out


def wrap(text: str, width: int, indent: str, first: str = "") -> List[str]:
    return textwrap.wrap(
        text, width=width, initial_indent=indent + first, subsequent_indent=indent, break_on_hyphens=False
    )


# ---- Python -------------------------------------------------------------------------------------


def py_doc(doc: str, http: str, indent: str) -> str:
    rst = re.sub(r"`([^`]+)`", r"``\1``", doc)
    lines = wrap(rst, 100, indent, '"""')
    lines += ["", f"{indent}HTTP: ``{http}``.", f'{indent}"""']
    return "\n".join(lines) + "\n"


def py_stub(text: str, docs: List[Tuple[str, str, str]]) -> str:
    start = text.index("class Client:")
    head, body = text[:start], text[start:]
    for name, doc, http in docs:
        pattern = re.compile(r"(    def " + name + r"\(.*?\) -> [^\n]*?:)(?: \.\.\.\n|\n        \"\"\".*?\"\"\"\n)", re.S)
        body, n = pattern.subn(lambda m: m.group(1) + "\n" + py_doc(doc, http, " " * 8), body, count=1)
        if n != 1:
            raise SystemExit(f"_native.pyi: Client.{name} not found")
    return head + body


def py_aio(text: str, docs: List[Tuple[str, str, str]]) -> str:
    start = text.index("class AsyncClient:")
    head, body = text[:start], text[start:]
    for name, doc, http in docs:
        pattern = re.compile(r"(    (?:async )?def " + name + r"\(.*?\) -> [^\n]*?:\n)(        \"\"\".*?\"\"\"\n)?", re.S)
        body, n = pattern.subn(lambda m: m.group(1) + py_doc(doc, http, " " * 8), body, count=1)
        if n != 1:
            raise SystemExit(f"aio.py: AsyncClient.{name} not found")
    return head + body


def py_native(text: str, docs: List[Tuple[str, str, str]]) -> str:
    """`///` docs of the PyO3 methods: the docstrings ``help()`` shows at run time."""
    lines = text.split("\n")
    for name, doc, http in docs:
        at = next((i for i, line in enumerate(lines) if line.startswith(f"    fn {name}(")), None)
        if at is None:
            raise SystemExit(f"bindings-python/src/client.rs: fn {name} not found")
        top = at
        # Above the fn: its attributes (possibly spanning lines), then its doc comment.
        while lines[top - 1].startswith("    #[") or lines[top - 1].startswith("        ") or lines[top - 1] == "    ))]":
            top -= 1
        end = top
        while lines[top - 1].startswith("    ///"):
            top -= 1
        rst = re.sub(r"`([^`]+)`", r"``\1``", doc)
        new = wrap(rst, 100, "    /// ") + ["    ///", f"    /// HTTP: ``{http}``."]
        lines[top:end] = new
    return "\n".join(lines)


# ---- JSDoc / KDoc -------------------------------------------------------------------------------


def block_doc(doc: str, http: str, indent: str) -> str:
    lines = [f"{indent}/**"] + wrap(doc, 100, indent + " * ") + [f"{indent} *", f"{indent} * `{http}`", f"{indent} */"]
    return "\n".join(lines) + "\n"


def node_dts(text: str, docs: List[Tuple[str, str, str]]) -> str:
    start = text.index("export declare class Client {")
    end = text.index("\n}\n", start)
    body = text[start:end]
    for name, doc, http in docs:
        pattern = re.compile(r"\n(  /\*\*(?:(?!\*/).)*\*/\n)?(  " + camel(name) + r"\()", re.S)
        body, n = pattern.subn(lambda m: "\n" + block_doc(doc, http, "  ") + m.group(2), body, count=1)
        if n != 1:
            raise SystemExit(f"index.d.ts: Client.{camel(name)} not found")
    return text[:start] + body + text[end:]


def kotlin(text: str, docs: List[Tuple[str, str, str]]) -> str:
    for name, doc, http in docs:
        pattern = re.compile(
            r"\n(    /\*\*(?:(?!\*/).)*\*/\n)?((?:    @Throws\(WCheckoutException::class\)\n)?(?:    @JvmOverloads\n)?"
            r"    fun " + camel(name) + r"\()",
            re.S,
        )
        text, n = pattern.subn(lambda m: "\n" + block_doc(doc, http, "    ") + m.group(2), text, count=1)
        if n != 1:
            raise SystemExit(f"WCheckoutClient.kt: {camel(name)} not found")
    return text


TARGETS: List[Tuple[str, Callable[[str, List[Tuple[str, str, str]]], str]]] = [
    ("bindings-python/python/wcheckout/_native.pyi", py_stub),
    ("bindings-python/python/wcheckout/aio.py", py_aio),
    ("bindings-python/src/client.rs", py_native),
    ("bindings-node/lib/index.d.ts", node_dts),
    ("bindings-kotlin/src/main/kotlin/com/wcheckout/WCheckoutClient.kt", kotlin),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a file is not up to date")
    parser.add_argument("--cli", default=str(ROOT / "target" / "debug" / "wcheckout"))
    args = parser.parse_args()
    ops = json.loads(subprocess.run([args.cli, "call", "--docs-json"], check=True, capture_output=True, text=True).stdout)
    docs = methods(ops)
    stale = []
    for rel, render in TARGETS:
        path = ROOT / rel
        old = path.read_text(encoding="utf-8")
        new = render(old, docs)
        if new != old:
            stale.append(rel)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.check and stale:
        print("stale method docs (run python3 scripts/gen_api_docs.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    print(("checked " if args.check else "wrote ") + f"{len(docs)} method docs in {len(TARGETS)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
