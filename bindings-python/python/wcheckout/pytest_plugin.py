"""pytest fixtures for the sandbox inside the package (registered through the ``pytest11`` entry
point, so they are available wherever ``wcheckout`` is installed; pytest itself is not a
dependency of the package).

- ``wcheckout_sandbox``: a fresh :class:`wcheckout.testing.Sandbox` for each test, closed after
  it. Options: ``@pytest.mark.wcheckout_sandbox(token_policy="multiple", …)`` (any ``Sandbox``
  keyword argument).
- ``wcheckout_sandbox_session``: one sandbox for the whole session (use unique merchant numbers,
  or call ``reset()``). Options: override the ``wcheckout_sandbox_session_options`` fixture in
  your ``conftest.py`` to return ``Sandbox`` keyword arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator

import pytest

if TYPE_CHECKING:
    from .testing import Sandbox

MARKER = "wcheckout_sandbox"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): keyword arguments of wcheckout.testing.Sandbox for the wcheckout_sandbox fixture",
    )


@pytest.fixture
def wcheckout_sandbox(request: pytest.FixtureRequest) -> Iterator["Sandbox"]:
    """A fresh in-process W Checkout sandbox for this test (stopped afterwards)."""
    from .testing import Sandbox  # imported on use: collecting tests never needs the native sandbox

    marker = request.node.get_closest_marker(MARKER)
    options: Dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    with Sandbox(**options) as sandbox:
        yield sandbox


@pytest.fixture(scope="session")
def wcheckout_sandbox_session_options() -> Dict[str, Any]:
    """``Sandbox`` keyword arguments for ``wcheckout_sandbox_session``; override to change them."""
    return {}


@pytest.fixture(scope="session")
def wcheckout_sandbox_session(wcheckout_sandbox_session_options: Dict[str, Any]) -> Iterator["Sandbox"]:
    """One in-process W Checkout sandbox shared by the whole test session."""
    from .testing import Sandbox

    with Sandbox(**wcheckout_sandbox_session_options) as sandbox:
        yield sandbox
