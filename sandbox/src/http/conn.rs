//! Reading requests off a connection: feeds the socket's bytes to the parser, under two
//! absolute deadlines: the idle timeout before a request's first byte, and the request deadline
//! from that first byte on (a client trickling bytes cannot hold a connection past it).

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::parse::Reader;
use super::registry::Registry;
use super::{READ_CHUNK, Request};
use crate::HttpLimits;

/// Why reading a request stopped.
pub(super) enum End {
    /// The peer closed, the server is stopping, the connection idled out or was closed to make
    /// room for another client: close quietly.
    Quiet,
    /// A malformed, oversized or late request: answer with this status and close.
    Bad(u16, &'static str),
}

pub(super) struct Conn {
    pub(super) stream: TcpStream,
    /// Received bytes not yet consumed: at most one request plus one read.
    buf: Vec<u8>,
    /// This connection's entry in the registry.
    id: u64,
}

impl Conn {
    pub(super) fn new(stream: TcpStream, id: u64) -> Self {
        Conn { stream, buf: Vec::new(), id }
    }

    /// Reads more bytes. Fails with `late` once `deadline` has passed, checked before every
    /// read, so a steady trickle of bytes cannot outlast it.
    fn fill(&mut self, stop: &AtomicBool, deadline: Instant, late: fn() -> End) -> Result<(), End> {
        let mut chunk = [0u8; READ_CHUNK];
        loop {
            if stop.load(Ordering::SeqCst) && self.buf.is_empty() {
                return Err(End::Quiet);
            }
            if Instant::now() >= deadline {
                return Err(late());
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(End::Quiet),
                Ok(n) => {
                    self.buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
                    return Ok(());
                }
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(End::Quiet),
            }
        }
    }

    /// Reads one request; returns it and whether the connection stays open after the answer.
    pub(super) fn read_request(
        &mut self,
        peer: SocketAddr,
        stop: &AtomicBool,
        limits: &HttpLimits,
        registry: &Registry,
    ) -> Result<(Request, bool), End> {
        let mut reader = Reader::new();
        let now = Instant::now();
        // A pipelined request already started; otherwise the connection is idle until a byte
        // arrives, and may be closed to make room for another client.
        let mut started = if self.buf.is_empty() {
            if !registry.set_idle(self.id) {
                return Err(End::Quiet);
            }
            None
        } else {
            Some(now)
        };
        let idle_deadline = now + limits.idle_timeout;
        loop {
            let parsed = reader.advance(&self.buf).map_err(|r| End::Bad(r.status, r.reason))?;
            if let Some(p) = parsed {
                self.buf.drain(..p.consumed.min(self.buf.len()));
                let request = Request { method: p.method, target: p.target, headers: p.headers, body: p.body, peer };
                return Ok((request, p.keep_alive));
            }
            if reader.take_continue(self.buf.len()) {
                let _ = (&self.stream).write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
            }
            match started {
                Some(t) => self.fill(stop, t + limits.request_deadline, || {
                    End::Bad(408, "request not received completely within the request deadline")
                })?,
                None => {
                    self.fill(stop, idle_deadline, || End::Quiet)?;
                    started = Some(Instant::now());
                    // Closed for another client between the read and now: the request is
                    // dropped unprocessed, which is safe to retry.
                    if !registry.set_busy(self.id) {
                        return Err(End::Quiet);
                    }
                }
            }
        }
    }
}
