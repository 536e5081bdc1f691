"""Test helpers: the real `wcheckout sandbox` process (no mocks) and the shared vectors."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import urllib.error
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import wcheckout

ROOT = Path(__file__).resolve().parents[2]
VECTORS = Path(os.environ.get("WCHECKOUT_VECTORS", ROOT / "tests" / "vectors"))
BINARY = Path(os.environ.get("WCHECKOUT_BIN", ROOT / "target" / "debug" / "wcheckout"))

API_KEY = "demo_api_key"
API_SECRET = "demo_api_secret"
SIGN_KEY = "demo_sign_key"


def uid(prefix: str = "T") -> str:
    """A fresh merchant number (ASCII letters and digits)."""
    return prefix + uuid.uuid4().hex[:16]


def load_vectors(name: str) -> Dict[str, Any]:
    with open(VECTORS / name, encoding="utf-8") as f:
        doc: Dict[str, Any] = json.load(f)
    assert doc.get("description"), f"{name} has no description"
    return doc


class Sandbox:
    """One `wcheckout sandbox` subprocess on a free loopback port."""

    def __init__(self, *args: str) -> None:
        if not BINARY.exists():
            raise RuntimeError(f"{BINARY} not found: run `cargo build -p wcheckout-cli` first")
        cmd = [str(BINARY), "sandbox", "--port", "0", "--time-scale", "0.001", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.proc.kill()
            raise RuntimeError(f"sandbox did not start: {line!r}")
        self.url = line.split("listening on ", 1)[1]
        # Keep draining stdout so the sandbox never blocks on a full pipe.
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def client(self, **kwargs: Any) -> wcheckout.Client:
        opts: Dict[str, Any] = dict(api_key=API_KEY, api_secret=API_SECRET, sign_key=SIGN_KEY, base_url=self.url)
        opts.update(kwargs)
        return wcheckout.Client(**opts)

    def control(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.url + "/_sandbox" + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                env = json.loads(r.read(), parse_float=Decimal)
        except urllib.error.HTTPError as e:
            raise AssertionError(f"control {method} {path}: HTTP {e.code} {e.read()!r}") from None
        assert str(env["retcode"]) == "200", env
        return env.get("retdata")

    def pay(self, order_no: str, amount: Any, tx_hash: Optional[str] = None) -> Any:
        return self.control("POST", f"/orders/{order_no}/pay", {"amount": str(amount), "txHash": tx_hash or "0x" + uid("")})

    def fault(self, kind: str, count: int = 1, path: Optional[str] = None, delay_ms: int = 0) -> None:
        body: Dict[str, Any] = {"kind": kind, "count": count}
        if path:
            body["path"] = path
        if delay_ms:
            body["delayMs"] = delay_ms
        self.control("POST", "/faults", body)

    def clear_faults(self) -> None:
        self.control("DELETE", "/faults")

    def webhooks(self) -> List[Dict[str, Any]]:
        deliveries: List[Dict[str, Any]] = self.control("GET", "/webhooks")["deliveries"]
        return deliveries

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class RedisServer:
    """A real `redis-server` on a free loopback port, persistence off; `stop()` kills it.

    Without redis-server installed this fails when WCHECKOUT_REQUIRE_REDIS=1 (make test, which
    installs it) and skips the test otherwise.
    """

    def __init__(self) -> None:
        import shutil
        import socket
        import time

        import pytest

        if shutil.which("redis-server") is None:
            if os.environ.get("WCHECKOUT_REQUIRE_REDIS") == "1":
                raise AssertionError("redis-server is not installed (scripts/ensure-redis.sh installs it)")
            pytest.skip("redis-server not installed")
        for _ in range(5):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
            self.proc = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.proc.poll() is None:
                if self.command("PING").startswith("+PONG"):
                    return
                time.sleep(0.02)
            self.stop()
        raise AssertionError("redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self, line: str) -> str:
        """One inline command; the raw reply ('' when the server is not up)."""
        import socket

        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                s.sendall(line.encode() + b"\r\n")
                return s.recv(65536).decode(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
