//! A small blocking HTTP/1.1 server on `std::net`: one thread per connection, keep-alive,
//! `Content-Length` and chunked request bodies, `Expect: 100-continue`. The request head is parsed
//! by `httparse`; the framing rules, limits and deadlines are ours (`parse.rs`, `chunked.rs`,
//! `conn.rs`), and so is the connection loop, which the fault injection needs.
//!
//! Why not a server crate: the plan was `tiny_http` 0.12 (blocking, tiny compile, no async
//! runtime), but it cannot close a keep-alive connection without answering. Dropping a
//! `tiny_http::Request` sends a 500, and the socket stays open while its connection thread waits
//! for the next request. The `drop` and `drop_after_processing` faults, which the client's retry
//! tests depend on, need exactly that close. `hyper`/`axum` bring an async runtime to a test
//! server. What the sandbox needs from HTTP is small and fully under test here; `tiny_http` is
//! still used by the tests as a webhook receiver.

use std::io::{self, Write};

use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

mod chunked;
mod conn;
pub(crate) mod parse;
mod registry;

use conn::{Conn, End};
use registry::Registry;

use crate::HttpLimits;

/// Largest request head: request line, headers, and any empty lines before the request line.
pub(crate) const MAX_HEAD: usize = 64 * 1024;
/// Largest request body (decoded, for chunked bodies).
pub(crate) const MAX_BODY: usize = 1024 * 1024;
/// Largest chunked-body framing: chunk-size lines with their extensions, CRLFs and trailers.
/// One request therefore never takes more than `MAX_HEAD + MAX_FRAMING + MAX_BODY` bytes.
pub(crate) const MAX_FRAMING: usize = 64 * 1024;
/// Most headers in one request.
pub(crate) const MAX_HEADERS: usize = 100;
/// Bytes read from a socket at a time.
const READ_CHUNK: usize = 16 * 1024;
/// How often a blocked read wakes up to look at the stop flag and the deadlines.
const POLL: Duration = Duration::from_millis(100);

/// One parsed request.
#[derive(Debug)]
pub(crate) struct Request {
    /// Method as sent (`GET`, `POST`, …).
    pub method: String,
    /// Request target as sent: `/path?query`.
    pub target: String,
    /// Headers in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes (chunked bodies decoded).
    pub body: Vec<u8>,
    /// The peer's address.
    pub peer: SocketAddr,
}

impl Request {
    /// The first header named `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The path and the raw query text (no `?`).
    pub(crate) fn path_and_query(&self) -> (&str, &str) {
        let target = self.target.as_str();
        // Absolute form (`http://host/path`), as sent to proxies: keep the path.
        let target = match target.find("://") {
            Some(i) => target[i + 3..].find('/').map_or("/", |j| &target[i + 3 + j..]),
            None => target,
        };
        let target = target.split('#').next().unwrap_or("");
        target.split_once('?').unwrap_or((target, ""))
    }
}

/// A response to write.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A JSON response.
    pub(crate) fn json(status: u16, body: Vec<u8>) -> Self {
        Self { status, headers: vec![("Content-Type".into(), "application/json".into())], body }
    }
}

/// What the handler wants done with a request.
#[derive(Debug)]
pub(crate) enum Reply {
    /// Answer it.
    Send(Response),
    /// Close the connection without answering.
    Drop,
}

/// The request handler.
pub(crate) type Handler = Arc<dyn Fn(Request) -> Reply + Send + Sync>;

/// A running server.
pub(crate) struct HttpServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    active: Arc<AtomicUsize>,
    registry: Arc<Registry>,
    accept: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for HttpServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpServer").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl HttpServer {
    /// Starts accepting on a bound listener.
    pub(crate) fn start(
        listener: TcpListener,
        stop: Arc<AtomicBool>,
        limits: HttpLimits,
        handler: Handler,
    ) -> io::Result<Self> {
        let addr = listener.local_addr()?;
        let active = Arc::new(AtomicUsize::new(0));
        let registry = Arc::new(Registry::new(limits.max_connections));
        let server = Server { stop: stop.clone(), active: active.clone(), registry: registry.clone(), limits, handler };
        let accept =
            thread::Builder::new().name("sandbox-accept".into()).spawn(move || server.accept_loop(&listener))?;
        Ok(Self { addr, stop, active, registry, accept: Some(accept) })
    }

    /// The bound address.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets requests in progress finish (up to 2 s), closes idle connections.
    pub(crate) fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(handle) = self.accept.take() {
            // Wake the blocking accept().
            let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
            let _ = handle.join();
        }
        self.registry.close_idle();
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.active.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// What the accept thread and every connection thread share.
struct Server {
    stop: Arc<AtomicBool>,
    /// Connection threads running (the stop waits for them).
    active: Arc<AtomicUsize>,
    registry: Arc<Registry>,
    limits: HttpLimits,
    handler: Handler,
}

impl Server {
    fn accept_loop(self, listener: &TcpListener) {
        let server = Arc::new(self);
        for stream in listener.incoming() {
            if server.stop.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else {
                // Out of file descriptors or similar: back off briefly.
                thread::sleep(Duration::from_millis(20));
                continue;
            };
            let Ok(peer) = stream.peer_addr() else { continue };
            let Some(id) = server.registry.admit(&stream) else {
                refuse(stream);
                continue;
            };
            server.active.fetch_add(1, Ordering::SeqCst);
            let s = server.clone();
            let spawned = thread::Builder::new().name("sandbox-conn".into()).spawn(move || {
                s.serve_connection(stream, peer, id);
                s.registry.remove(id);
                s.active.fetch_sub(1, Ordering::SeqCst);
            });
            if spawned.is_err() {
                server.registry.remove(id);
                server.active.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }

    fn serve_connection(&self, stream: TcpStream, peer: SocketAddr, id: u64) {
        let _ = stream.set_read_timeout(Some(POLL));
        let _ = stream.set_write_timeout(Some(self.limits.request_deadline));
        let _ = stream.set_nodelay(true);
        let mut conn = Conn::new(stream, id);
        loop {
            let (request, keep_alive) = match conn.read_request(peer, &self.stop, &self.limits, &self.registry) {
                Ok(r) => r,
                Err(End::Quiet) => return,
                Err(End::Bad(status, why)) => {
                    let _ = write_response(&conn.stream, &plain(status, why), false, false);
                    linger(&mut conn.stream);
                    return;
                }
            };
            let head_only = request.method.eq_ignore_ascii_case("HEAD");
            let handler = &self.handler;
            let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(request)))
                .unwrap_or_else(|_| Reply::Send(plain(500, "internal error")));
            match reply {
                Reply::Drop => {
                    let _ = conn.stream.shutdown(Shutdown::Both);
                    return;
                }
                Reply::Send(response) => {
                    let keep = keep_alive && !self.stop.load(Ordering::SeqCst);
                    if write_response(&conn.stream, &response, keep, head_only).is_err() || !keep {
                        return;
                    }
                }
            }
        }
    }
}

/// Answers 503 to a client over the connection limit when no connection is idle, then reads
/// what it already sent (briefly) so that it gets the answer rather than a reset.
fn refuse(stream: TcpStream) {
    use std::io::Read as _;
    let _ = write_response(&stream, &plain(503, "too many connections"), false, false);
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(20)));
    let end = Instant::now() + Duration::from_millis(100);
    let mut sink = [0u8; 4096];
    while Instant::now() < end {
        match (&stream).read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}

fn plain(status: u16, text: &str) -> Response {
    Response {
        status,
        headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
        body: text.as_bytes().to_vec(),
    }
}

/// Half-closes, then discards what the client is still sending (up to 1 s / 1 MiB), so that it
/// reads the error response instead of a connection reset.
fn linger(stream: &mut TcpStream) {
    use std::io::Read as _;
    let _ = stream.shutdown(Shutdown::Write);
    let end = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; READ_CHUNK];
    let mut total = 0usize;
    while Instant::now() < end && total < MAX_BODY {
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(n) => total += n,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}

fn write_response(mut stream: &TcpStream, r: &Response, keep_alive: bool, head_only: bool) -> io::Result<()> {
    let mut out = Vec::with_capacity(256 + r.body.len());
    out.extend_from_slice(format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status)).as_bytes());
    for (k, v) in &r.headers {
        // Header values are built by the sandbox; never let a newline split them.
        if !k.contains(['\r', '\n']) && !v.contains(['\r', '\n']) {
            out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n", r.body.len()).as_bytes());
    out.extend_from_slice(if keep_alive { b"Connection: keep-alive\r\n" } else { b"Connection: close\r\n" });
    out.extend_from_slice(b"Server: wcheckout-sandbox\r\n\r\n");
    if !head_only {
        out.extend_from_slice(&r.body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    }
}
