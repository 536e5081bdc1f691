"""Documentation where developers read it: every public class, method, property and field has a
docstring — in the installed ``.pyi`` (what IDEs show), at run time (what ``help()`` shows) and in
the generated models. The client methods' texts come from the core (``scripts/gen_api_docs.py``)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import List, Optional, Set

import wcheckout
import wcheckout.aio
import wcheckout.models

PACKAGE = Path(wcheckout.__file__).resolve().parent


def _public(name: str) -> bool:
    return not name.startswith("_")


def node_name(node: ast.stmt) -> str:
    return getattr(node, "name", "")


def _undocumented_defs(tree: ast.Module, where: str, only: Optional[Set[str]] = None) -> List[str]:
    missing = []
    for node in tree.body:
        if only is not None and node_name(node) not in only:
            continue
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and _public(node.name):
            if ast.get_docstring(node) is None:
                missing.append(f"{where}: {node.name}")
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and _public(item.name):
                        if ast.get_docstring(item) is None:
                            missing.append(f"{where}: {node.name}.{item.name}")
    return missing


def _undocumented_fields(tree: ast.Module, where: str) -> List[str]:
    """Annotated class attributes not followed by a docstring (``x: int`` then ``\"\"\"…\"\"\"``)."""
    missing = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef) and _public(n.name)):
        body = cls.body
        for i, item in enumerate(body):
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and _public(item.target.id):
                nxt = body[i + 1] if i + 1 < len(body) else None
                if not (isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) and isinstance(nxt.value.value, str)):
                    missing.append(f"{where}: {cls.name}.{item.target.id}")
    return missing


def test_every_public_stub_has_a_docstring() -> None:
    # The package's API (``wcheckout.__all__``); the sandbox classes behind ``wcheckout.testing``
    # are documented there.
    tree = ast.parse((PACKAGE / "_native.pyi").read_text(encoding="utf-8"))
    assert _undocumented_defs(tree, "_native.pyi", only=set(wcheckout.__all__)) == []


def test_every_public_runtime_callable_has_a_docstring() -> None:
    missing = []
    for cls in (wcheckout.Client, wcheckout.aio.AsyncClient, wcheckout.WebhookVerifier, wcheckout.Signer,
                wcheckout.Page, wcheckout.PageIterator, wcheckout.WebhookEvent):
        if not (cls.__doc__ or "").strip():
            missing.append(cls.__name__)
        for name, member in inspect.getmembers(cls):
            if _public(name) and callable(member) and not (getattr(member, "__doc__", "") or "").strip():
                missing.append(f"{cls.__name__}.{name}")
    for name in wcheckout.__all__:
        obj = getattr(wcheckout, name)
        if inspect.isroutine(obj) and not (obj.__doc__ or "").strip():
            missing.append(name)
    assert missing == []


def test_client_method_docs_come_from_the_core() -> None:
    # The same core text, in the stub, at run time and in the async client.
    stub = (PACKAGE / "_native.pyi").read_text(encoding="utf-8")
    text = "Cancels an unpaid order and returns it."
    assert text in stub
    assert text in (wcheckout.Client.cancel_checkout_order.__doc__ or "")
    assert text in (wcheckout.aio.AsyncClient.cancel_checkout_order.__doc__ or "")


def test_every_model_class_and_field_is_documented() -> None:
    tree = ast.parse((PACKAGE / "models.py").read_text(encoding="utf-8"))
    assert _undocumented_defs(tree, "models.py") == []
    assert _undocumented_fields(tree, "models.py") == []
