"""The base of every generated model in ``wcheckout.models``: an immutable value with attributes,
``to_dict()``, ``to_json()`` (the exact wire JSON), equality, hashing, a Python-style repr and
pickling. Field lists come from the subclasses (generated from the core types)."""

from __future__ import annotations

import enum
import json
from decimal import Decimal
from typing import Any, Dict, Iterable, Tuple, Type, TypeVar

__all__ = ["Model"]

M = TypeVar("M", bound="Model")

_set = object.__setattr__


def _wire_value(kind: str, value: Any) -> str:
    """One field as JSON text, exactly: amounts keep their digits, enums their wire text."""
    if value is None:
        return "null"
    if isinstance(value, Model):
        return value.to_json()
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_wire_value(kind, v) for v in value) + "]"
    if isinstance(value, Decimal):
        text = str(value)
        return format(value, "f") if "E" in text or "e" in text else text
    if isinstance(value, enum.Enum):
        return json.dumps(str(value.value), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, default=str)


def _repr_value(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return repr(str(value.value))
    return repr(value)


class Model:
    """Base class of the API's models (see ``wcheckout.models``)."""

    __slots__ = ()
    _WIRE: Tuple[str, ...] = ()
    _KINDS: Tuple[str, ...] = ()
    _ROLE = ""

    def _init(self, values: Iterable[Any]) -> None:
        for name, value in zip(self.__slots__, values):
            _set(self, name, value)

    @classmethod
    def _from_fields(cls: Type[M], values: Tuple[Any, ...]) -> M:
        """Builds an instance from values in field order (used by the native module and pickling)."""
        obj = object.__new__(cls)
        for name, value in zip(cls.__slots__, values):
            _set(obj, name, value)
        return obj

    def _values(self) -> Tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; build a new one instead")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__,) + tuple(tuple(v) if isinstance(v, list) else v for v in self._values()))

    def __reduce__(self) -> Any:
        return (type(self)._from_fields, (self._values(),))

    def __repr__(self) -> str:
        parts = [f"{n}={_repr_value(v)}" for n, v in zip(self.__slots__, self._values()) if v is not None]
        return f"{type(self).__name__}({', '.join(parts)})"

    def to_dict(self) -> Dict[str, Any]:
        """The fields as a dict with snake_case keys (Python values: Decimal, enums, str, int)."""
        return {name: getattr(self, name) for name in self.__slots__}

    def to_json(self) -> str:
        """The object as wire JSON text: camelCase keys, amounts as exact JSON numbers, absent fields left out."""
        items = (
            (wire, kind, getattr(self, name))
            for name, wire, kind in zip(self.__slots__, self._WIRE, self._KINDS)
        )
        return "{" + ",".join(f"{json.dumps(w)}:{_wire_value(k, v)}" for w, k, v in items if v is not None) + "}"
