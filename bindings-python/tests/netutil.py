"""Loopback network pieces for the trust and proxy tests (no mocks: real TLS, real tunnels).

* :func:`private_ca` makes a CA and a server certificate for ``localhost`` / ``127.0.0.1`` with the
  ``openssl`` command line tool.
* :class:`TlsFront` terminates TLS (Python's ``ssl``, i.e. OpenSSL) with that certificate and
  forwards the bytes to the real sandbox.
* :class:`ConnectProxy` is an HTTP CONNECT proxy that records the tunnels asked of it.

Both listen on 127.0.0.1 only and stop in ``close()``.
"""

from __future__ import annotations

import base64
import socket
import ssl
import subprocess
import threading
import uuid
from pathlib import Path
from typing import List, Optional, Tuple


def private_ca(directory: Path) -> Tuple[Path, Path, Path]:
    """Writes ``ca.pem``, ``server.pem`` and ``server.key`` into ``directory`` and returns them."""
    ca_key, ca, key, csr, cert = (directory / n for n in ("ca.key", "ca.pem", "server.key", "server.csr", "server.pem"))
    ext = directory / "server.ext"
    ext.write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    run("req", "-x509", *ec, "-keyout", str(ca_key), "-out", str(ca), "-days", "2",
        "-subj", f"/CN=wcheckout test CA {uuid.uuid4().hex[:8]}",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", *ec, "-keyout", str(key), "-out", str(csr), "-subj", "/CN=localhost")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial",
        "-out", str(cert), "-days", "2", "-extfile", str(ext))
    return ca, cert, key


def _pump(a: socket.socket, b: socket.socket, stop: threading.Event) -> None:
    """Copies both ways until a side closes, polling with short timeouts (one thread per pair)."""
    a.settimeout(0.005)
    b.settimeout(0.005)
    try:
        while not stop.is_set():
            for src, dst in ((a, b), (b, a)):
                try:
                    data = src.recv(65536)
                except (socket.timeout, ssl.SSLWantReadError):
                    continue
                if not data:
                    return
                dst.sendall(data)
    except OSError:
        return
    finally:
        for s in (a, b):
            try:
                s.close()
            except OSError:
                pass


class _Server:
    def __init__(self) -> None:
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.threads: List[threading.Thread] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            t = threading.Thread(target=self.handle, args=(conn,), daemon=True)
            self.threads.append(t)
            t.start()

    def handle(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()
        for t in self.threads:
            t.join(5)


class TlsFront(_Server):
    """``https://127.0.0.1:PORT`` (and ``https://localhost:PORT``) in front of ``upstream``."""

    def __init__(self, cert: Path, key: Path, upstream_url: str) -> None:
        host, port = upstream_url.split("://", 1)[1].rsplit(":", 1)
        self.upstream = (host, int(port))
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(str(cert), str(key))
        super().__init__()
        self.url = f"https://127.0.0.1:{self.port}"
        self.localhost_url = f"https://localhost:{self.port}"

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):  # the client refused our certificate: expected in some tests
            conn.close()
            return
        up = socket.create_connection(self.upstream)
        _pump(tls, up, self.stop)


class ConnectProxy(_Server):
    """An HTTP CONNECT proxy; ``tunnels`` lists ``(host:port, Proxy-Authorization)`` asked for."""

    def __init__(self, credentials: Optional[str] = None) -> None:
        self.required = None if credentials is None else "Basic " + base64.b64encode(credentials.encode()).decode()
        self.tunnels: List[Tuple[str, Optional[str]]] = []
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            byte = conn.recv(1)
            if not byte:
                conn.close()
                return
            head += byte
        lines = head.decode("latin-1").split("\r\n")
        method, target = lines[0].split(" ")[:2]
        auth = next((line.split(":", 1)[1].strip() for line in lines[1:] if line.lower().startswith("proxy-authorization:")), None)
        self.tunnels.append((target, auth))
        if method != "CONNECT" or (self.required is not None and auth != self.required):
            conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
            conn.close()
            return
        host, port = target.rsplit(":", 1)
        up = socket.create_connection((host, int(port)))
        conn.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        _pump(conn, up, self.stop)

    @property
    def targets(self) -> List[str]:
        return [t for t, _ in self.tunnels]
