//! An incremental decoder of chunked bodies (RFC 9112 §7.1), strict about framing: chunk sizes
//! are hex digits only (no sign, `0x`, or spaces inside), lines end with CRLF, and extensions and
//! trailers are bounded. Every framing byte (size lines, extensions, CRLFs, trailers) counts
//! against [`MAX_FRAMING`], the decoded data against [`MAX_BODY`].

use super::parse::{Rejection, reject};
use super::{MAX_BODY, MAX_FRAMING};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    SizeLine,
    /// This many data bytes of the current chunk are still due.
    Data(usize),
    /// The CRLF after a chunk's data.
    DataEnd,
    Trailer,
}

/// Decoding state; `pos` is an index into the connection buffer.
#[derive(Debug)]
pub(crate) struct Chunked {
    pos: usize,
    /// How far the search for the current line's end got.
    scanned: usize,
    state: State,
    body: Vec<u8>,
    framing: usize,
}

impl Chunked {
    /// A decoder whose first chunk-size line starts at `pos`.
    pub(crate) fn new(pos: usize) -> Self {
        Chunked { pos, scanned: pos, state: State::SizeLine, body: Vec::new(), framing: 0 }
    }

    /// The decoded body (once [`Chunked::advance`] has returned the end).
    pub(crate) fn take_body(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.body)
    }

    /// Decodes what `buf` holds; returns the index after the message once it is complete.
    pub(crate) fn advance(&mut self, buf: &[u8]) -> Result<Option<usize>, Rejection> {
        loop {
            match self.state {
                State::SizeLine => {
                    let Some(line) = self.line(buf, 413, "chunk framing too large")? else { return Ok(None) };
                    let size = chunk_size(line)?;
                    if size > MAX_BODY - self.body.len() {
                        return Err(reject(413, "request body too large"));
                    }
                    self.state = if size == 0 { State::Trailer } else { State::Data(size) };
                }
                State::Data(due) => {
                    let available = buf.get(self.pos..).unwrap_or_default();
                    let take = due.min(available.len());
                    self.body.extend_from_slice(available.get(..take).unwrap_or_default());
                    self.pos += take;
                    if take < due {
                        self.state = State::Data(due - take);
                        return Ok(None);
                    }
                    self.state = State::DataEnd;
                }
                State::DataEnd => {
                    match buf.get(self.pos..self.pos + 2) {
                        None => return Ok(None),
                        Some(b"\r\n") => {}
                        Some(_) => return Err(reject(400, "chunk data not followed by CRLF")),
                    }
                    self.count(2, 413, "chunk framing too large")?;
                    self.pos += 2;
                    self.scanned = self.pos;
                    self.state = State::SizeLine;
                }
                State::Trailer => {
                    let Some(line) = self.line(buf, 431, "trailer section too large")? else { return Ok(None) };
                    if line.is_empty() {
                        return Ok(Some(self.pos));
                    }
                    trailer_field(line)?;
                }
            }
        }
    }

    /// Adds `n` framing bytes; refuses with `status` past the allowance.
    fn count(&mut self, n: usize, status: u16, why: &'static str) -> Result<(), Rejection> {
        self.framing += n;
        if self.framing > MAX_FRAMING { Err(reject(status, why)) } else { Ok(()) }
    }

    /// The next CRLF-terminated line (without the CRLF), consumed; `None` if it is incomplete.
    /// A bare LF or CR is refused; a line longer than the framing allowance is refused as soon
    /// as that many bytes are buffered.
    fn line<'b>(&mut self, buf: &'b [u8], status: u16, why: &'static str) -> Result<Option<&'b [u8]>, Rejection> {
        let start = self.pos;
        let from = self.scanned.max(start);
        let Some(lf) = buf.iter().skip(from).position(|&b| b == b'\n').map(|i| i + from) else {
            self.scanned = buf.len();
            if self.framing + (buf.len() - start) > MAX_FRAMING {
                return Err(reject(status, why));
            }
            return Ok(None);
        };
        if lf == start || buf.get(lf - 1) != Some(&b'\r') {
            return Err(reject(400, "bare LF line ending in the chunked body"));
        }
        let line = buf.get(start..lf - 1).unwrap_or_default();
        if line.contains(&b'\r') {
            return Err(reject(400, "bare CR in the chunked body"));
        }
        self.count(lf + 1 - start, status, why)?;
        self.pos = lf + 1;
        self.scanned = self.pos;
        Ok(Some(line))
    }
}

/// `chunk-size [ BWS ";" chunk-ext ]`: hex digits only. A size past [`MAX_BODY`] saturates
/// (and is refused by the caller).
fn chunk_size(line: &[u8]) -> Result<usize, Rejection> {
    let bad = || reject(400, "bad chunk size: expected hex digits, optionally followed by ;extensions");
    let digits = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if digits == 0 {
        return Err(bad());
    }
    let mut size = 0usize;
    for &b in line.get(..digits).unwrap_or_default() {
        let d = (b as char).to_digit(16).unwrap_or(0) as usize;
        size = size.saturating_mul(16).saturating_add(d);
    }
    let rest = line.get(digits..).unwrap_or_default();
    let ext_start = rest.iter().position(|&b| b != b' ' && b != b'\t');
    match ext_start.and_then(|i| rest.get(i..)) {
        None if rest.is_empty() => Ok(size),
        Some([b';', ext @ ..]) if ext.iter().all(|&b| b == b'\t' || !b.is_ascii_control()) => Ok(size),
        _ => Err(bad()),
    }
}

/// A trailer field: `name: value`, name a token, value without control characters.
fn trailer_field(line: &[u8]) -> Result<(), Rejection> {
    let bad = || reject(400, "malformed trailer field");
    let colon = line.iter().position(|&b| b == b':').ok_or_else(bad)?;
    let (name, value) = line.split_at(colon);
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    if name.is_empty() || !name.iter().all(token) || !value.iter().all(|&b| b == b'\t' || !b.is_ascii_control()) {
        return Err(bad());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(raw: &[u8]) -> Result<Option<(Vec<u8>, usize)>, Rejection> {
        let mut c = Chunked::new(0);
        Ok(c.advance(raw)?.map(|end| (c.take_body(), end)))
    }

    #[test]
    fn sizes() {
        assert_eq!(chunk_size(b"1F"), Ok(31));
        assert_eq!(chunk_size(b"05 ;a=b ; c"), Ok(5));
        assert_eq!(chunk_size(b"ffffffffffffffffffffffff"), Ok(usize::MAX));
        for bad in [&b"+5"[..], b"-5", b"0x5", b"5 5", b" 5", b"5 ", b"", b";x", b"5;\x01", b"5\x0b"] {
            assert!(chunk_size(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn decodes_incrementally() {
        let raw = b"3;x=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\nNEXT";
        assert_eq!(decode(raw), Ok(Some((b"abcde".to_vec(), raw.len() - 4))));
        let mut c = Chunked::new(0);
        for n in 0..raw.len() - 4 {
            assert_eq!(c.advance(&raw[..n]), Ok(None), "prefix {n}");
        }
        assert_eq!(c.advance(raw), Ok(Some(raw.len() - 4)));
        assert_eq!(c.take_body(), b"abcde");
    }

    #[test]
    fn framing_and_body_are_bounded() {
        let ext = vec![b'e'; MAX_FRAMING];
        let mut raw = b"1;".to_vec();
        raw.extend_from_slice(&ext);
        assert_eq!(decode(&raw).map_err(|r| r.status), Err(413), "refused before the line ends");
        let mut raw = b"0\r\n".to_vec();
        raw.extend(std::iter::repeat_n(b"X: y\r\n".as_slice(), MAX_FRAMING / 6 + 1).flatten());
        assert_eq!(decode(&raw).map_err(|r| r.status), Err(431));
        assert_eq!(decode(format!("{:x}\r\n", MAX_BODY + 1).as_bytes()).map_err(|r| r.status), Err(413));
        assert_eq!(decode(b"3\r\nabcXY").map_err(|r| r.status), Err(400));
        assert_eq!(decode(b"0\r\nbad trailer\r\n\r\n").map_err(|r| r.status), Err(400));
    }
}
