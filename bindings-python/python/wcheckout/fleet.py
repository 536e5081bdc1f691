"""Many processes, one merchant: the shared-store pieces and the reconciler's background thread.

- ``Client(..., token_store="redis://…")`` shares one access token among every worker.
- :class:`EventDeduplicator` makes each event processed once across workers.
- :class:`Reconciler` finds status changes whose webhooks never arrived;
  :meth:`Reconciler.run_forever` runs it on a daemon thread.

All the logic (locks, stores, polling, dedupe keys) is in the Rust core; this module only adds
the thread.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Callable, Optional, Union

from ._native import EventDeduplicator, ReconcilePoll, WebhookEvent
from ._native import Reconciler as _NativeReconciler

__all__ = ["EventDeduplicator", "ReconcilePoll", "Reconciler", "ReconcilerThread"]

_log = logging.getLogger("wcheckout")


class ReconcilerThread:
    """The handle of :meth:`Reconciler.run_forever`: a daemon thread polling every ``interval``."""

    def __init__(self, target: Callable[[threading.Event], None]) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=target, args=(self._stop,), name="wcheckout-reconciler", daemon=True)
        self._thread.start()

    def stop(self, timeout: Optional[float] = None) -> None:
        """Asks the loop to stop (it finishes the poll in progress) and waits for it."""
        self._stop.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def __enter__(self) -> "ReconcilerThread":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Reconciler(_NativeReconciler):
    """Polls the orders, refunds and settlements you wait on and reports their status changes as
    the same :class:`~wcheckout.WebhookEvent` a webhook would carry (same ``dedupe_key``).

    ``Reconciler(client, store="redis://…", max_age=7200, concurrency=4)``: the watch list lives in
    ``store`` (``memory``, ``file:///dir``, ``redis://…``), so any worker can register numbers
    (``watch_order``, ``watch_refund``, ``watch_settlement``) and any can poll; one polls at a time.
    """

    def run_forever(
        self,
        interval: Union[float, timedelta],
        handler: Callable[[WebhookEvent], object],
        *,
        on_error: Optional[Callable[[BaseException], object]] = None,
    ) -> ReconcilerThread:
        """Runs :meth:`run_once` with ``handler`` every ``interval`` seconds on a daemon thread
        until the returned handle's ``stop()``. An exception (a handler's, or a store outage) goes to
        ``on_error`` (default: logged on the ``wcheckout`` logger) and the loop goes on; the event a
        handler failed on is reported again by the next run.
        """
        seconds = interval.total_seconds() if isinstance(interval, timedelta) else float(interval)
        if not seconds > 0:
            raise ValueError("interval must be a positive number of seconds")

        def loop(stop: threading.Event) -> None:
            while not stop.is_set():
                try:
                    self.run_once(handler)
                except Exception as e:  # noqa: BLE001 - reported, and the loop goes on
                    if on_error is not None:
                        on_error(e)
                    else:
                        _log.warning("wcheckout reconciler run failed: %s", e)
                stop.wait(seconds)

        return ReconcilerThread(loop)
