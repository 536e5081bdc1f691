//! Reading requests off a connection: the head, then a `Content-Length` or chunked body.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::{IDLE, MAX_BODY, MAX_HEAD, MAX_HEADERS, REQUEST_DEADLINE, Request};

/// Why reading a request stopped.
pub(super) enum End {
    /// The peer closed, the server is stopping, or the connection idled out: close quietly.
    Quiet,
    /// A malformed request: answer with this status and close.
    Bad(u16, &'static str),
}

pub(super) struct Conn {
    pub(super) stream: TcpStream,
    pub(super) buf: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

impl Conn {
    /// Reads more bytes; waits across read timeouts until `deadline`, the stop flag, or EOF.
    fn fill(&mut self, stop: &AtomicBool, deadline: Instant) -> Result<(), End> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if stop.load(Ordering::SeqCst) && self.buf.is_empty() {
                return Err(End::Quiet);
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(End::Quiet),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                    if Instant::now() >= deadline {
                        return Err(End::Quiet);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(End::Quiet),
            }
        }
    }

    /// Ensures `buf` holds at least `n` bytes.
    fn need(&mut self, n: usize, stop: &AtomicBool, deadline: Instant) -> Result<(), End> {
        while self.buf.len() < n {
            self.fill(stop, deadline)?;
        }
        Ok(())
    }

    /// Ensures a CRLF exists at or after `from`; returns its index.
    fn need_line(&mut self, from: usize, stop: &AtomicBool, deadline: Instant) -> Result<usize, End> {
        loop {
            if let Some(i) = find(&self.buf, b"\r\n", from) {
                return Ok(i);
            }
            if self.buf.len() - from > 4096 {
                return Err(End::Bad(400, "chunk line too long"));
            }
            self.fill(stop, deadline)?;
        }
    }

    pub(super) fn read_request(&mut self, peer: SocketAddr, stop: &AtomicBool) -> Result<(Request, bool), End> {
        // Head. Tolerate stray CRLFs between requests (RFC 9112 §2.2).
        let idle_deadline = Instant::now() + IDLE;
        let mut deadline = idle_deadline;
        let head_end = loop {
            while self.buf.starts_with(b"\r\n") {
                self.buf.drain(..2);
            }
            if let Some(i) = find(&self.buf, b"\r\n\r\n", 0) {
                if i > MAX_HEAD {
                    return Err(End::Bad(431, "request head too large"));
                }
                break i;
            }
            if self.buf.len() > MAX_HEAD {
                return Err(End::Bad(431, "request head too large"));
            }
            if !self.buf.is_empty() && deadline == idle_deadline {
                deadline = Instant::now() + REQUEST_DEADLINE;
            }
            self.fill(stop, deadline)?;
        };
        if deadline == idle_deadline {
            deadline = Instant::now() + REQUEST_DEADLINE;
        }
        let head =
            std::str::from_utf8(&self.buf[..head_end]).map_err(|_| End::Bad(400, "request head is not UTF-8"))?;
        let mut lines = head.split("\r\n");
        let mut parts = lines.next().unwrap_or("").split(' ');
        let (Some(method), Some(target), Some(version), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(End::Bad(400, "malformed request line"));
        };
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) || target.is_empty() {
            return Err(End::Bad(400, "malformed request line"));
        }
        let http10 = match version {
            "HTTP/1.1" => false,
            "HTTP/1.0" => true,
            _ => return Err(End::Bad(505, "only HTTP/1.0 and HTTP/1.1 are supported")),
        };
        let mut headers = Vec::new();
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                return Err(End::Bad(400, "malformed header line"));
            };
            if name.is_empty() || name.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control()) {
                return Err(End::Bad(400, "malformed header name"));
            }
            if headers.len() >= MAX_HEADERS {
                return Err(End::Bad(431, "too many headers"));
            }
            headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
        }
        let (method, target) = (method.to_owned(), target.to_owned());
        fn all<'h>(headers: &'h [(String, String)], n: &'h str) -> impl Iterator<Item = &'h str> + 'h {
            headers.iter().filter(move |(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v.as_str())
        }
        let (keep_alive, chunked, length, expects_continue) = {
            let get = |n: &'static str| all(&headers, n);
            let connection = get("Connection").collect::<Vec<_>>().join(",").to_ascii_lowercase();
            let keep_alive = if http10 { connection.contains("keep-alive") } else { !connection.contains("close") };
            let chunked = match get("Transfer-Encoding").last() {
                None => false,
                Some(te) if te.to_ascii_lowercase().trim_end().ends_with("chunked") && !http10 => true,
                Some(_) => return Err(End::Bad(501, "unsupported Transfer-Encoding")),
            };
            let mut lengths = get("Content-Length").flat_map(|v| v.split(',')).map(|v| v.trim().to_owned());
            let length = match lengths.next() {
                None => 0,
                Some(first) => {
                    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) || lengths.any(|v| v != first) {
                        return Err(End::Bad(400, "invalid Content-Length"));
                    }
                    first.parse::<usize>().unwrap_or(usize::MAX)
                }
            };
            if !chunked && length > MAX_BODY {
                return Err(End::Bad(413, "request body too large"));
            }
            let expects_continue = get("Expect").any(|v| v.eq_ignore_ascii_case("100-continue"));
            (keep_alive, chunked, length, expects_continue)
        };
        let body_start = head_end + 4;
        if expects_continue && (chunked || length > 0) && self.buf.len() == body_start {
            let _ = (&self.stream).write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        let (body, consumed) = if chunked {
            self.read_chunked(body_start, stop, deadline)?
        } else {
            self.need(body_start + length, stop, deadline)?;
            (self.buf[body_start..body_start + length].to_vec(), body_start + length)
        };
        self.buf.drain(..consumed);
        Ok((Request { method, target, headers, body, peer }, keep_alive))
    }

    /// Decodes a chunked body starting at `pos`; returns the body and the end of the message.
    fn read_chunked(&mut self, mut pos: usize, stop: &AtomicBool, deadline: Instant) -> Result<(Vec<u8>, usize), End> {
        let mut body = Vec::new();
        loop {
            let eol = self.need_line(pos, stop, deadline)?;
            let line = std::str::from_utf8(&self.buf[pos..eol]).map_err(|_| End::Bad(400, "bad chunk size"))?;
            let size_text = line.split(';').next().unwrap_or("").trim();
            if size_text.is_empty() || size_text.len() > 8 {
                return Err(End::Bad(400, "bad chunk size"));
            }
            let size = usize::from_str_radix(size_text, 16).map_err(|_| End::Bad(400, "bad chunk size"))?;
            pos = eol + 2;
            if size == 0 {
                // Trailer fields, then an empty line.
                loop {
                    let eol = self.need_line(pos, stop, deadline)?;
                    let empty = eol == pos;
                    pos = eol + 2;
                    if empty {
                        return Ok((body, pos));
                    }
                }
            }
            if body.len() + size > MAX_BODY {
                return Err(End::Bad(413, "request body too large"));
            }
            self.need(pos + size + 2, stop, deadline)?;
            body.extend_from_slice(&self.buf[pos..pos + size]);
            if &self.buf[pos + size..pos + size + 2] != b"\r\n" {
                return Err(End::Bad(400, "chunk not followed by CRLF"));
            }
            pos += size + 2;
        }
    }
}
