"""Request logging: every HTTP attempt on ``logging.getLogger("wcheckout")``.

* ``DEBUG``: one record per attempt — method, path, attempt number, HTTP status, ``retcode``,
  elapsed milliseconds (and the error code of a failed attempt).
* ``INFO``: each retry (why, and how long the client waits first) and each new access token.

Records never contain the api secret, the sign key, an access token or a proxy password. Request
and response bodies (and queries) are included only when the client was made with
``log_bodies=True``. Each record also carries the values as attributes (``record.wcheckout``, a
dict with ``method``, ``path``, ``attempt``, ``status``, ``retcode``, ``error_code``,
``elapsed_ms``, ``retry_in_ms``), for structured log handlers.

Records are emitted when the call returns (the network wait happens with the GIL released).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

logger = logging.getLogger("wcheckout")


def enabled() -> bool:
    """Whether any record would be kept (checked once per call, before records are built)."""
    return logger.isEnabledFor(logging.INFO)


def _head(r: Dict[str, Any]) -> str:
    return f"{r['method']} {r['path']} attempt {r['attempt']}"


def emit(records: List[Dict[str, Any]], bodies: bool) -> None:
    """Logs the attempts of one call (called by the native module)."""
    debug = logger.isEnabledFor(logging.DEBUG)
    for r in records:
        extra = {"wcheckout": r}
        if debug:
            status = "no response" if r["status"] is None else f"HTTP {r['status']}"
            msg = f"{_head(r)}: {status}"
            if r["retcode"] is not None:
                msg += f" retcode {r['retcode']}"
            if r["error_code"] is not None:
                msg += f" ({r['error_code']})"
            msg += f" in {r['elapsed_ms']} ms"
            if bodies:
                if r.get("query"):
                    msg += f"\n  query: {r['query']}"
                if r.get("body"):
                    msg += f"\n  request body: {r['body']}"
                if r.get("response_body") is not None:
                    msg += f"\n  response body: {r['response_body']}"
            logger.debug(msg, extra=extra)
        if r["retry_in_ms"] is not None:
            why = r["error_code"] or "error"
            if r["retcode"] is not None and r["retcode"] != "200":
                why += f" retcode {r['retcode']}"
            logger.info("%s failed (%s); retrying in %d ms", _head(r), why, r["retry_in_ms"], extra=extra)
        elif r["token_request"] and r["error_code"] is None:
            logger.info("fetched a new access token in %d ms", r["elapsed_ms"], extra=extra)
