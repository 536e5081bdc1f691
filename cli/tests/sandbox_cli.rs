//! `wcheckout sandbox` as other test suites use it: a subprocess whose first stdout line is
//! `listening on http://127.0.0.1:PORT`, stopped with SIGTERM or SIGINT.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use wcheckout::signing::Signer;

const TOKEN: &str = "/user/auth/oauth2/token?grant_type=client_credentials";

/// Kills the child if a test fails before stopping it.
struct Running {
    child: Child,
    url: String,
    port: u16,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(args: &[&str], env: &[(&str, &str)]) -> Running {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wcheckout"));
    cmd.arg("sandbox").args(args).stdout(Stdio::piped()).stderr(Stdio::null());
    for k in ["WCHECKOUT_API_KEY", "WCHECKOUT_API_SECRET", "WCHECKOUT_SIGN_KEY"] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(30)).expect("a first stdout line within 30 s");
    eprintln!("first line after {:?}", started.elapsed());
    let url = line.strip_suffix('\n').expect("a whole line").strip_prefix("listening on ").expect(&line).to_owned();
    let port: u16 = url.strip_prefix("http://127.0.0.1:").expect(&url).parse().unwrap();
    assert_ne!(port, 0);
    Running { child, url, port }
}

/// A one-shot HTTP request over std: (status, headers, body).
fn http(port: u16, method: &str, target: &str, body: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    let (head, body) = all.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    (status, head.to_owned(), body.to_owned())
}

fn signal(r: &Running, sig: &str) {
    let ok = Command::new("kill").arg(format!("-{sig}")).arg(r.child.id().to_string()).status().unwrap();
    assert!(ok.success());
}

fn wait_exit(r: &mut Running, secs: u64) -> ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(status) = r.child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the sandbox did not exit within {secs} s");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn first_line_then_serves_then_stops_on_sigterm() {
    let mut r = spawn(&["--port", "0", "--time-scale", "0.001"], &[]);
    assert!(r.url.starts_with("http://127.0.0.1:"));
    let (status, _, body) = http(r.port, "GET", "/_sandbox/health", "");
    assert_eq!(status, 200, "{body}");
    let (status, head, body) =
        http(r.port, "POST", &format!("{TOKEN}&api_key=demo_api_key&api_secret=demo_api_secret"), "");
    assert_eq!(status, 200);
    assert!(body.contains(r#""retcode":"200""#) && body.contains("access_token"), "{body}");
    assert!(head.contains("SIGNATURE: "), "full response signatures by default: {head}");
    let started = Instant::now();
    signal(&r, "TERM");
    let status = wait_exit(&mut r, 10);
    assert!(status.success(), "{status:?}");
    eprintln!("stopped {:?} after SIGTERM", started.elapsed());
    assert!(TcpStream::connect(("127.0.0.1", r.port)).is_err(), "the port is closed");
}

#[test]
fn stops_on_sigint_even_with_an_idle_connection_open() {
    let mut r = spawn(&[], &[]);
    // An idle keep-alive connection must not hold the process open.
    let idle = TcpStream::connect(("127.0.0.1", r.port)).unwrap();
    signal(&r, "INT");
    assert!(wait_exit(&mut r, 10).success());
    drop(idle);
}

#[test]
fn credentials_and_options_from_flags_and_environment() {
    let r = spawn(
        &["--response-signature", "short", "--token-ttl", "60", "--exchange-rate", "1.5"],
        &[("WCHECKOUT_API_KEY", "envkey"), ("WCHECKOUT_API_SECRET", "envsecret"), ("WCHECKOUT_SIGN_KEY", "envsign")],
    );
    let (_, _, body) = http(r.port, "POST", &format!("{TOKEN}&api_key=demo_api_key&api_secret=demo_api_secret"), "");
    assert!(body.contains(r#""retcode":"00001""#), "{body}");
    let (_, head, body) = http(r.port, "POST", &format!("{TOKEN}&api_key=envkey&api_secret=envsecret"), "");
    assert!(body.contains(r#""expires_in":60"#), "{body}");
    let header = |name: &str| head.lines().find_map(|l| l.strip_prefix(&format!("{name}: "))).unwrap().to_owned();
    Signer::new("envsign")
        .unwrap()
        .verify_timestamp_body(&header("TIMESTAMP"), body.as_bytes(), &header("SIGNATURE"))
        .unwrap();
    let flags = spawn(
        &["--api-key", "k", "--api-secret", "s", "--response-signature", "none"],
        &[("WCHECKOUT_API_KEY", "ignored")],
    );
    let (_, head, body) = http(flags.port, "POST", &format!("{TOKEN}&api_key=k&api_secret=s"), "");
    assert!(body.contains(r#""retcode":"200""#), "{body}");
    assert!(!head.contains("SIGNATURE"), "{head}");
}

#[test]
fn a_fixed_port_is_used() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let r = spawn(&["--port", &port.to_string()], &[]);
    assert_eq!(r.port, port);
    assert_eq!(r.url, format!("http://127.0.0.1:{port}"));
}

#[test]
fn bad_options_are_usage_errors() {
    for args in [
        &["--response-signature", "bogus"][..],
        &["--time-scale", "0"],
        &["--time-scale", "abc"],
        &["--exchange-rate", "abc"],
        &["--exchange-rate", "0"],
        &["--webhook-url", "nope"],
        &["--query-prefix", "maybe"],
        &["--token-ttl", "0"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wcheckout")).arg("sandbox").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
}
