//! A small blocking HTTP/1.1 server on `std::net`: one thread per connection, keep-alive,
//! `Content-Length` and chunked request bodies, `Expect: 100-continue`.
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

mod parse;

use parse::{Conn, End};

/// Largest request head (request line + headers).
pub(super) const MAX_HEAD: usize = 64 * 1024;
/// Largest request body.
pub(crate) const MAX_BODY: usize = 1024 * 1024;
/// Most headers in one request.
pub(super) const MAX_HEADERS: usize = 100;
/// Most connections served at once; more are answered 503 and closed.
const MAX_CONNECTIONS: usize = 256;
/// How often a blocked read wakes up to look at the stop flag.
const POLL: Duration = Duration::from_millis(100);
/// An idle keep-alive connection is closed after this long.
pub(super) const IDLE: Duration = Duration::from_secs(75);
/// A request must arrive completely within this long once it has started.
pub(super) const REQUEST_DEADLINE: Duration = Duration::from_secs(30);

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
    accept: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for HttpServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpServer").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl HttpServer {
    /// Starts accepting on a bound listener.
    pub(crate) fn start(listener: TcpListener, stop: Arc<AtomicBool>, handler: Handler) -> io::Result<Self> {
        let addr = listener.local_addr()?;
        let active = Arc::new(AtomicUsize::new(0));
        let (s, a) = (stop.clone(), active.clone());
        let accept = thread::Builder::new()
            .name("sandbox-accept".into())
            .spawn(move || accept_loop(&listener, &s, &a, &handler))?;
        Ok(Self { addr, stop, active, accept: Some(accept) })
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
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.active.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
    }
}

fn accept_loop(listener: &TcpListener, stop: &Arc<AtomicBool>, active: &Arc<AtomicUsize>, handler: &Handler) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            // Out of file descriptors or similar: back off briefly.
            thread::sleep(Duration::from_millis(20));
            continue;
        };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = write_response(&stream, &plain(503, "too many connections"), false, false);
            continue;
        }
        let Ok(peer) = stream.peer_addr() else { continue };
        active.fetch_add(1, Ordering::SeqCst);
        let (s, a, h) = (stop.clone(), active.clone(), handler.clone());
        let spawned = thread::Builder::new().name("sandbox-conn".into()).spawn(move || {
            serve_connection(stream, peer, &s, &h);
            a.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            active.fetch_sub(1, Ordering::SeqCst);
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

fn serve_connection(stream: TcpStream, peer: SocketAddr, stop: &AtomicBool, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(POLL));
    let _ = stream.set_write_timeout(Some(REQUEST_DEADLINE));
    let _ = stream.set_nodelay(true);
    let mut conn = Conn { stream, buf: Vec::new() };
    loop {
        let (request, keep_alive) = match conn.read_request(peer, stop) {
            Ok(r) => r,
            Err(End::Quiet) => return,
            Err(End::Bad(status, why)) => {
                let _ = write_response(&conn.stream, &plain(status, why), false, false);
                linger(&mut conn.stream);
                return;
            }
        };
        let head_only = request.method.eq_ignore_ascii_case("HEAD");
        let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(request)))
            .unwrap_or_else(|_| Reply::Send(plain(500, "internal error")));
        match reply {
            Reply::Drop => {
                let _ = conn.stream.shutdown(Shutdown::Both);
                return;
            }
            Reply::Send(response) => {
                let keep = keep_alive && !stop.load(Ordering::SeqCst);
                if write_response(&conn.stream, &response, keep, head_only).is_err() || !keep {
                    return;
                }
            }
        }
    }
}

/// Half-closes, then discards what the client is still sending (up to 1 s / 1 MiB), so that it
/// reads the error response instead of a connection reset.
fn linger(stream: &mut TcpStream) {
    use std::io::Read as _;
    let _ = stream.shutdown(Shutdown::Write);
    let end = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; 8192];
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
