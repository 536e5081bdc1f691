//! Raw TCP helpers: talk HTTP/1.1 bytes straight to the sandbox on 127.0.0.1.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use wcheckout::signing::now_millis;

use crate::support::Env;

/// A connection to the sandbox with a 20 s read timeout.
pub fn connect(env: &Env) -> TcpStream {
    connect_with_timeout(env, Duration::from_secs(20))
}

pub fn connect_with_timeout(env: &Env, timeout: Duration) -> TcpStream {
    let s = TcpStream::connect(env.sandbox.addr()).unwrap();
    s.set_read_timeout(Some(timeout)).unwrap();
    s
}

/// Reads one response (head + Content-Length body); returns (head, body).
pub fn read_response(s: &mut TcpStream, buf: &mut Vec<u8>) -> (String, String) {
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let len: usize =
                head.lines().find_map(|l| l.strip_prefix("Content-Length: ")).map_or(0, |v| v.trim().parse().unwrap());
            while buf.len() < end + 4 + len {
                let n = s.read(&mut chunk).unwrap();
                assert!(n > 0, "connection closed mid-body");
                buf.extend_from_slice(&chunk[..n]);
            }
            let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + len]).to_string();
            buf.drain(..end + 4 + len);
            return (head, body);
        }
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0, "connection closed before a response; got {:?}", String::from_utf8_lossy(buf));
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Reads until the server closes (or the read timeout passes); whatever arrived, lossily as text.
pub fn read_until_close(s: &mut TcpStream) -> String {
    let mut all = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => all.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&all).into_owned()
}

/// Sends `raw` on a new connection (write errors ignored: the server may answer and close
/// before everything is written) and returns everything it answers until it closes.
pub fn exchange(env: &Env, raw: &[u8]) -> String {
    let mut s = connect_with_timeout(env, Duration::from_secs(5));
    let _ = s.write_all(raw);
    read_until_close(&mut s)
}

/// The header lines (`K: V\r\n`…) of a correctly signed call.
pub fn signed_head(env: &Env, method: &str, path: &str, query: &str, body: &str) -> String {
    env.signed_headers(method, path, query, body, now_millis()).iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect()
}
