"""One model, four languages: the Python models come from the core types, and nothing drifts.

The core's model schema (``wcheckout._native.model_schema()``, from ``core/src/model/*.rs``) lists
every field of every request, result and webhook model. These tests fail when a field there is
missing in Python: a stale generated ``wcheckout/models.py``, a model class without the field, or a
client method without a keyword for a request field.
"""

from __future__ import annotations

import inspect
import json
import pickle
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

import wcheckout
import wcheckout.aio
from helpers import Sandbox, uid
from wcheckout import _native, models

SCHEMA: Dict[str, Any] = json.loads(_native.model_schema())
MODELS: List[Dict[str, Any]] = SCHEMA["models"]
GENERATOR = Path(__file__).resolve().parents[1] / "scripts" / "gen_models.py"


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def test_the_generated_models_match_the_core_schema() -> None:
    # The installed package's models.py is what the generator writes from the core schema.
    generated = subprocess.run(
        [sys.executable, str(GENERATOR), "--schema", "-", "--print"],
        input=_native.model_schema(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(models.__file__).read_text(encoding="utf-8") == generated, "run bindings-python/scripts/gen_models.py"


@pytest.mark.parametrize("model", [m for m in MODELS if m["role"] != "request"], ids=lambda m: m["name"])
def test_every_core_field_is_a_model_attribute(model: Dict[str, Any]) -> None:
    cls = getattr(wcheckout, model["name"])
    assert cls is getattr(models, model["name"])
    assert list(cls.__slots__) == [f["name"] for f in model["fields"]]
    assert list(cls._WIRE) == [f["wire"] for f in model["fields"]]
    hints = cls.__annotations__
    for f in model["fields"]:
        assert f["name"] in hints, f
        assert ("Optional[" in hints[f["name"]]) == (not f["required"]), (f, hints[f["name"]])
    params = inspect.signature(cls).parameters
    assert set(params) == {f["name"] for f in model["fields"]}


@pytest.mark.parametrize("model", [m for m in MODELS if m["role"] == "request"], ids=lambda m: m["name"])
def test_every_request_field_is_a_client_keyword(model: Dict[str, Any]) -> None:
    method = snake(model["name"].removesuffix("Request"))
    for client in (wcheckout.Client, wcheckout.aio.AsyncClient):
        params = inspect.signature(getattr(client, method)).parameters
        for f in model["fields"]:
            assert f["name"] in params, f"{client.__name__}.{method} has no keyword {f['name']!r} ({f['doc']})"


def test_every_enum_value_is_a_python_enum_member() -> None:
    for e in SCHEMA["enums"]:
        assert [m.value for m in getattr(wcheckout, e["name"])] == e["values"], e["name"]


def test_models_are_immutable_values_that_pickle_hash_and_round_trip(sandbox: Sandbox) -> None:
    client = sandbox.client(max_retries=0)
    no = uid()
    created = client.create_checkout_order(order_no=no, order_amount="12.50", customer_id="c", token="TRX_USDT")
    order = client.get_checkout_order_info(no)
    assert isinstance(order, wcheckout.CheckoutOrder) and order.order_amount == Decimal("12.50")
    assert order.token is wcheckout.Token.TRX_USDT and order.order_status is wcheckout.OrderStatus.PAYING
    for value in (created, order):
        again = pickle.loads(pickle.dumps(value))
        assert again == value and hash(again) == hash(value) and type(again) is type(value)
    with pytest.raises(AttributeError):
        order.order_no = "other"  # type: ignore[misc]
    # to_json is the wire JSON: the same object the API returned, digits and all.
    raw = client.request("GET", "/checkout/order/info", query={"orderNo": no})
    assert json.loads(order.to_json(), parse_float=Decimal) == raw
    assert '"orderAmount":12.50' in order.to_json()
    assert order.to_dict()["order_no"] == no and set(order.to_dict()) == set(type(order).__slots__)
    assert repr(order).startswith(f"CheckoutOrder(sysid='OR") and "token='TRX_USDT'" in repr(order)
    # Users can build models (e.g. in their own tests) with keywords.
    built = wcheckout.RefundOrder(sysid="RF1", refund_order_no="R1", refund_status=wcheckout.RefundStatus.REFUNDED)
    assert built.amount is None and built == pickle.loads(pickle.dumps(built))
