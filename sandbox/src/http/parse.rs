//! Parsing requests from bytes, without sockets: the head (request line and headers, by
//! `httparse`), the framing rules, then a `Content-Length` or chunked body (`chunked.rs`).
//!
//! [`Reader::advance`] is called with the connection's buffer each time it grows and returns the
//! request once it is complete. It remembers how far it got, so a request trickling in byte by
//! byte costs linear time. Every byte of the request counts against a limit: the head (stray
//! empty lines before it included) against [`MAX_HEAD`], chunk-size lines, extensions, CRLFs
//! and trailers against [`MAX_FRAMING`], the body against [`MAX_BODY`].

use super::chunked::Chunked;
use super::{MAX_BODY, MAX_HEAD, MAX_HEADERS};

/// Why a request is refused: answered with this status, then the connection is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub status: u16,
    pub reason: &'static str,
}

pub(crate) const fn reject(status: u16, reason: &'static str) -> Rejection {
    Rejection { status, reason }
}

/// A complete request, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub keep_alive: bool,
    /// Bytes of the buffer this request took (stray empty lines before it included).
    pub consumed: usize,
}

/// The parsed head.
#[derive(Debug)]
struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    keep_alive: bool,
    expects_continue: bool,
    /// Index of the first body byte.
    body_start: usize,
}

#[derive(Debug)]
enum Stage {
    /// Looking for the end of the head; `start` skips stray CRLFs, `scanned` is how far the
    /// search for line endings got.
    Head {
        start: usize,
        scanned: usize,
    },
    Length(Head, usize),
    Chunked(Head, Chunked),
}

/// An incremental request parser for one request.
#[derive(Debug)]
pub(crate) struct Reader {
    stage: Stage,
    continue_sent: bool,
}

impl Reader {
    pub(crate) fn new() -> Self {
        Reader { stage: Stage::Head { start: 0, scanned: 0 }, continue_sent: false }
    }

    /// Parses as far as `buf` allows (the same buffer each time, grown). `Ok(None)`: more bytes
    /// are needed.
    pub(crate) fn advance(&mut self, buf: &[u8]) -> Result<Option<Parsed>, Rejection> {
        if let Stage::Head { start, scanned } = &mut self.stage {
            let Some(head_end) = find_head_end(buf, start, scanned)? else { return Ok(None) };
            let head = parse_head(buf.get(*start..head_end).unwrap_or_default(), head_end)?;
            self.stage = match head.1 {
                Framing::Length(n) => Stage::Length(head.0, n),
                Framing::Chunked => Stage::Chunked(head.0, Chunked::new(head_end)),
            };
        }
        let (head, body, end) = match &mut self.stage {
            Stage::Head { .. } => return Ok(None),
            Stage::Length(head, n) => {
                let end = head.body_start + *n;
                match buf.get(head.body_start..end) {
                    Some(body) => (head, body.to_vec(), end),
                    None => return Ok(None),
                }
            }
            Stage::Chunked(head, chunked) => match chunked.advance(buf)? {
                Some(end) => (head, chunked.take_body(), end),
                None => return Ok(None),
            },
        };
        Ok(Some(Parsed {
            method: std::mem::take(&mut head.method),
            target: std::mem::take(&mut head.target),
            headers: std::mem::take(&mut head.headers),
            body,
            keep_alive: head.keep_alive,
            consumed: end,
        }))
    }

    /// True once, when the head asked for `Expect: 100-continue`, a body is due and none of it
    /// has arrived (`buf_len` is the buffer's length).
    pub(crate) fn take_continue(&mut self, buf_len: usize) -> bool {
        let due = match &self.stage {
            Stage::Length(h, n) => h.expects_continue && *n > 0 && buf_len == h.body_start,
            Stage::Chunked(h, _) => h.expects_continue && buf_len == h.body_start,
            Stage::Head { .. } => false,
        };
        let send = due && !self.continue_sent;
        self.continue_sent |= send;
        send
    }
}

/// Skips stray CRLFs before the request line (RFC 9112 §2.2), refuses bare LF line endings, and
/// finds the end of the head (the index after its final CRLFCRLF).
fn find_head_end(buf: &[u8], start: &mut usize, scanned: &mut usize) -> Result<Option<usize>, Rejection> {
    while buf.get(*start..*start + 2) == Some(b"\r\n") {
        *start += 2;
    }
    let from = (*scanned).max(*start);
    for (i, &b) in buf.iter().enumerate().skip(from) {
        if b != b'\n' {
            continue;
        }
        if i == *start || buf.get(i - 1) != Some(&b'\r') {
            return Err(reject(400, "bare LF line ending: lines must end with CRLF"));
        }
        if i >= *start + 3 && buf.get(i - 3..=i) == Some(b"\r\n\r\n") {
            return if i + 1 > MAX_HEAD { Err(reject(431, "request head too large")) } else { Ok(Some(i + 1)) };
        }
    }
    *scanned = buf.len();
    if buf.len() > MAX_HEAD {
        return Err(reject(431, "request head too large"));
    }
    Ok(None)
}

enum Framing {
    Length(usize),
    Chunked,
}

fn parse_head(bytes: &[u8], body_start: usize) -> Result<(Head, Framing), Rejection> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut slots);
    match req.parse(bytes) {
        Ok(httparse::Status::Complete(n)) if n == bytes.len() => {}
        Ok(_) => return Err(reject(400, "malformed request head")),
        Err(e) => return Err(head_error(e, bytes)),
    }
    let (Some(method), Some(target), Some(version)) = (req.method, req.path, req.version) else {
        return Err(reject(400, "malformed request line"));
    };
    let http10 = version == 0;
    let mut headers = Vec::with_capacity(req.headers.len());
    for h in req.headers.iter() {
        let value = std::str::from_utf8(h.value).map_err(|_| reject(400, "header value is not UTF-8"))?;
        headers.push((h.name.to_owned(), value.to_owned()));
    }
    let framing = framing(&headers, http10)?;
    let tokens = |name: &str| -> Vec<String> {
        values(&headers, name).flat_map(|v| v.split(',')).map(|t| t.trim().to_ascii_lowercase()).collect()
    };
    let connection = tokens("Connection");
    let keep_alive =
        if http10 { connection.iter().any(|t| t == "keep-alive") } else { !connection.iter().any(|t| t == "close") };
    let expects_continue = tokens("Expect").iter().any(|t| t == "100-continue");
    let head = Head {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        keep_alive,
        expects_continue,
        body_start,
    };
    Ok((head, framing))
}

fn head_error(e: httparse::Error, bytes: &[u8]) -> Rejection {
    match e {
        httparse::Error::TooManyHeaders => reject(431, "too many headers"),
        httparse::Error::Version => {
            let line = bytes.split(|&b| b == b'\r').next().unwrap_or_default();
            if line.split(|&b| b == b' ').nth(2).is_some_and(|v| v.starts_with(b"HTTP/")) {
                reject(505, "only HTTP/1.0 and HTTP/1.1 are supported")
            } else {
                reject(400, "malformed request line")
            }
        }
        httparse::Error::Token => reject(400, "malformed request line"),
        httparse::Error::HeaderName => reject(400, "malformed header name"),
        httparse::Error::HeaderValue => reject(400, "malformed header value"),
        httparse::Error::NewLine | httparse::Error::Status => reject(400, "malformed line ending"),
    }
}

fn values<'h>(headers: &'h [(String, String)], name: &'h str) -> impl Iterator<Item = &'h str> + 'h {
    headers.iter().filter(move |(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The body framing (RFC 9112 §6): `Transfer-Encoding: chunked` exactly, or one
/// `Content-Length`, never both.
fn framing(headers: &[(String, String)], http10: bool) -> Result<Framing, Rejection> {
    let te: Vec<&str> = values(headers, "Transfer-Encoding").collect();
    let mut lengths = values(headers, "Content-Length").flat_map(|v| v.split(',')).map(str::trim).peekable();
    if !te.is_empty() {
        if lengths.peek().is_some() {
            return Err(reject(400, "Content-Length and Transfer-Encoding together are ambiguous"));
        }
        if http10 {
            return Err(reject(400, "Transfer-Encoding is not allowed in an HTTP/1.0 request"));
        }
        return match te.as_slice() {
            [one] if one.trim().eq_ignore_ascii_case("chunked") => Ok(Framing::Chunked),
            _ => Err(reject(501, "unsupported Transfer-Encoding: only \"chunked\" is accepted")),
        };
    }
    let Some(first) = lengths.next() else { return Ok(Framing::Length(0)) };
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) || lengths.any(|v| v != first) {
        return Err(reject(400, "invalid Content-Length"));
    }
    match first.parse::<usize>() {
        Ok(n) if n <= MAX_BODY => Ok(Framing::Length(n)),
        _ => Err(reject(413, "request body too large")),
    }
}
