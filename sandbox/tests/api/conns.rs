//! Connection management over raw TCP: the absolute request deadline, and idle keep-alive
//! connections giving way to new clients at the connection limit.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use wcheckout_sandbox::{HttpLimits, SandboxConfig};

use crate::support::Env;
use crate::tcp::{connect, connect_with_timeout, read_response, read_until_close};

fn env_with(http: HttpLimits) -> Env {
    Env::with(SandboxConfig { time_scale: 0.001, http, ..SandboxConfig::default() })
}

/// Writes `prefix`, then `drip` one byte every 20 ms until the server answers or closes;
/// returns what it answered and how long after the first byte.
fn trickle(env: &Env, prefix: &[u8], drip: &'static [u8]) -> (String, Duration) {
    let mut s = connect_with_timeout(env, Duration::from_secs(10));
    let mut w = s.try_clone().unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    w.write_all(prefix).unwrap();
    let d = done.clone();
    let writer = thread::spawn(move || {
        for b in drip.iter().cycle() {
            if d.load(Ordering::SeqCst) || w.write_all(&[*b]).is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
    });
    let answer = read_until_close(&mut s);
    let took = start.elapsed();
    done.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    (answer, took)
}

#[test]
fn the_request_deadline_is_absolute_from_the_first_byte() {
    let deadline = Duration::from_millis(300);
    let env = env_with(HttpLimits { request_deadline: deadline, ..HttpLimits::default() });
    // A header that never ends, one byte every 20 ms: each read succeeds, none times out.
    let (answer, took) = trickle(&env, b"GET /_sandbox/health HTTP/1.1\r\nX-Slow: ", b"a");
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
    assert!(answer.contains("Connection: close"), "{answer:?}");
    assert!(took >= deadline, "cut after {took:?}, before the deadline");
    // A body trickled after a complete head is cut the same way.
    let (answer, _) = trickle(&env, b"POST /_sandbox/health HTTP/1.1\r\nContent-Length: 100000\r\n\r\n", b"{");
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
    // Empty lines between requests count as the start of one (they cannot keep a socket forever).
    let (answer, _) = trickle(&env, b"\r\n", b"\r\n");
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
    // A request sent at normal speed is served.
    assert_eq!(env.ctl("GET", "/_sandbox/health", serde_json::Value::Null)["status"], "ok");
}

fn health(s: &mut TcpStream, buf: &mut Vec<u8>) -> String {
    s.write_all(b"GET /_sandbox/health HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    read_response(s, buf).0
}

#[test]
fn idle_keep_alive_connections_give_way_to_new_clients() {
    let env = env_with(HttpLimits { max_connections: 4, ..HttpLimits::default() });
    // Six keep-alive connections, each served once and then left idle: more than the limit.
    let mut idle: Vec<(TcpStream, Vec<u8>)> = Vec::new();
    for i in 0..6 {
        let mut s = connect(&env);
        let mut buf = Vec::new();
        let head = health(&mut s, &mut buf);
        assert!(head.starts_with("HTTP/1.1 200 ") && head.contains("keep-alive"), "connection {i}: {head}");
        idle.push((s, buf));
    }
    // A new client is served (ureq, its own connection).
    assert_eq!(env.ctl("GET", "/_sandbox/health", serde_json::Value::Null)["status"], "ok");
    // The longest-idle connections were closed to make room: the server closed them cleanly.
    for (i, (s, _)) in idle.iter_mut().take(2).enumerate() {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        assert_eq!(s.read(&mut [0u8; 64]).unwrap(), 0, "connection {i} should have been closed");
    }
    // The most recent one still works.
    let (s, buf) = idle.last_mut().unwrap();
    assert!(health(s, buf).starts_with("HTTP/1.1 200 "));
}

#[test]
fn connections_in_the_middle_of_a_request_are_never_closed_for_others() {
    let env = env_with(HttpLimits { max_connections: 3, ..HttpLimits::default() });
    // Three connections each with half a request sent: none of them is idle.
    let mut busy: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = connect(&env);
            s.write_all(b"GET /_sandbox/health HTTP/1.1\r\n").unwrap();
            s
        })
        .collect();
    // Give the server a moment to read the first bytes of each.
    thread::sleep(Duration::from_millis(300));
    let mut extra = connect_with_timeout(&env, Duration::from_secs(5));
    let _ = extra.write_all(b"GET /_sandbox/health HTTP/1.1\r\n\r\n");
    let refused = read_until_close(&mut extra);
    assert!(refused.starts_with("HTTP/1.1 503 "), "{refused:?}");
    // Each half-sent request completes normally.
    for s in &mut busy {
        s.write_all(b"Connection: close\r\n\r\n").unwrap();
        let mut buf = Vec::new();
        let (head, body) = read_response(s, &mut buf);
        assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
        assert!(body.contains("ok"), "{body}");
    }
}
