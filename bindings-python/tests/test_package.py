"""The suite runs against the installed wheel, and the package is complete and consistent."""

from __future__ import annotations

import os
from pathlib import Path

import wcheckout
import wcheckout._native as native
from wcheckout import enums

SOURCE = Path(__file__).resolve().parents[1] / "python"


def test_imported_from_the_installed_wheel() -> None:
    location = Path(wcheckout.__file__).resolve()
    assert "site-packages" in location.parts, location
    assert SOURCE not in location.parents, f"tests imported the source tree: {location}"
    assert Path(native.__file__).resolve().parent == location.parent


def test_typing_files_are_shipped() -> None:
    pkg = Path(wcheckout.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_native.pyi").exists()


def test_public_names() -> None:
    for name in wcheckout.__all__:
        assert hasattr(wcheckout, name), name
    assert wcheckout.__version__ == native.VERSION
    assert wcheckout.ACKNOWLEDGEMENT == '{"retcode":200,"retmsg":"SUCCESS"}'
    assert wcheckout.DEFAULT_WEBHOOK_TOLERANCE == 120
    assert wcheckout.Client.__module__ == "wcheckout"


def test_enums_match_the_core() -> None:
    for name, values in native.enum_values().items():
        cls = getattr(enums, name)
        assert [m.value for m in cls] == values, name
        assert all(isinstance(m, str) for m in cls)


def test_stub_names_exist() -> None:
    stub = (Path(wcheckout.__file__).parent / "_native.pyi").read_text()
    for line in stub.splitlines():
        if line.startswith(("class ", "def ")):
            name = line.split()[1].split("(")[0].split(":")[0]
            assert hasattr(native, name), name
    for name in dir(native):
        if not name.startswith("_"):
            assert name in stub, f"{name} is missing from _native.pyi"


def test_suite_runs_outside_the_source_tree() -> None:
    assert not Path(os.getcwd()).resolve().is_relative_to(SOURCE)


def test_generic_annotations_work_at_runtime() -> None:
    alias = wcheckout.Page[wcheckout.CheckoutOrder]
    assert alias.__origin__ is wcheckout.Page  # type: ignore[attr-defined]
    assert wcheckout.PageIterator[wcheckout.RefundOrder].__args__ == (wcheckout.RefundOrder,)  # type: ignore[attr-defined]


def test_event_data_is_converted_once() -> None:
    body = b'{"eventId":"e","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}'
    ev = wcheckout.WebhookVerifier("k").verify(wcheckout.sign_webhook_for_test("k", body), body)
    assert ev.data is ev.data
    assert ev.event_type is wcheckout.EventType.CHECKOUT_ORDER_CHANGED
    assert "CheckoutOrderChanged(order_no='A1'" in repr(ev)


def test_wheel_ships_licences_and_pypi_metadata() -> None:
    from importlib.metadata import distribution

    dist = distribution("wcheckout")
    assert dist.version == wcheckout.__version__
    files = {str(f) for f in dist.files or []}
    for name in ("LICENSE-MIT", "LICENSE-APACHE"):
        shipped = [f for f in files if f.endswith(f".dist-info/licenses/{name}")]
        assert shipped, f"{name} not in the wheel: {sorted(files)}"
        text = dist.locate_file(shipped[0]).read_text()  # type: ignore[union-attr]
        assert ("MIT License" if name == "LICENSE-MIT" else "Apache License") in text
    meta = dist.metadata
    assert meta["License-Expression"] == "MIT OR Apache-2.0"
    assert meta["Author"] == "The wcheckout authors"
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Repository", "Issues", "Changelog"} <= set(urls), urls
    classifiers = meta.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers and "Programming Language :: Rust" in classifiers
    assert meta["Requires-Python"] == ">=3.9"
