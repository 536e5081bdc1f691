//! Loopback network pieces for the trust and proxy tests: a private CA made in the test (rcgen),
//! an HTTPS front that terminates TLS with a certificate from it and forwards the bytes to the
//! real sandbox, and an HTTP CONNECT proxy that records the tunnels it opened. Both stop when
//! dropped; all traffic stays on 127.0.0.1.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A CA and a server certificate for `localhost` and `127.0.0.1` signed by it.
pub struct PrivateCa {
    pub ca_pem: String,
    pub cert_der: Vec<u8>,
    pub key_der: Vec<u8>,
}

impl PrivateCa {
    pub fn generate() -> PrivateCa {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        // A name of its own: two test CAs with one name would look like one CA with a bad signature.
        let name = format!("wcheckout test CA {}", super::unique(""));
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, name);
        ca_params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params.distinguished_name.push(rcgen::DnType::CommonName, "localhost");
        let cert = params.signed_by(&key, &ca).unwrap();
        PrivateCa { ca_pem: ca.pem(), cert_der: cert.der().to_vec(), key_der: key.serialize_der() }
    }
}

struct Stopper {
    stop: Arc<AtomicBool>,
    addr: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Stopper {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wakes the accept loop
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Accepts connections on 127.0.0.1 until `stop` is set, one thread per connection.
fn serve(stop: Arc<AtomicBool>, handler: impl Fn(TcpStream) + Send + Sync + 'static) -> Stopper {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let flag = stop.clone();
    let handler = Arc::new(handler);
    let thread = std::thread::spawn(move || {
        let mut workers = Vec::new();
        for stream in listener.incoming() {
            if flag.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let handler = handler.clone();
            workers.push(std::thread::spawn(move || handler(stream)));
        }
        for w in workers {
            let _ = w.join();
        }
    });
    Stopper { stop, addr, thread: Some(thread) }
}

/// Copies bytes both ways until either side closes (or `stop` is set), polling with short
/// read timeouts so one thread can serve both directions of a TLS stream.
fn pump(a: &mut dyn ReadWrite, b: &mut TcpStream, stop: &AtomicBool) {
    let mut buf = vec![0u8; 16 * 1024];
    while !stop.load(Ordering::SeqCst) {
        let mut idle = true;
        match a.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                idle = false;
                if b.write_all(&buf[..n]).is_err() {
                    return;
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
        match b.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                idle = false;
                if a.write_all(&buf[..n]).and_then(|()| a.flush()).is_err() {
                    return;
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
        if idle {
            std::thread::yield_now();
        }
    }
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

/// An HTTPS server on 127.0.0.1 presenting a certificate from `ca`, forwarding to `upstream`.
pub struct TlsFront {
    /// `https://127.0.0.1:PORT`.
    pub url: String,
    /// `https://localhost:PORT` (the certificate names both).
    pub localhost_url: String,
    _stopper: Stopper,
}

impl TlsFront {
    pub fn start(ca: &PrivateCa, upstream: SocketAddr) -> TlsFront {
        use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(ca.cert_der.clone())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ca.key_der.clone())),
            )
            .unwrap();
        let config = Arc::new(config);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let stopper = serve(stop, move |tcp| {
            tcp.set_read_timeout(Some(Duration::from_millis(5))).unwrap();
            let Ok(conn) = rustls::ServerConnection::new(config.clone()) else { return };
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let Ok(mut up) = TcpStream::connect(upstream) else { return };
            up.set_read_timeout(Some(Duration::from_millis(5))).unwrap();
            pump(&mut tls, &mut up, &flag);
        });
        let port = stopper.addr.port();
        TlsFront {
            url: format!("https://127.0.0.1:{port}"),
            localhost_url: format!("https://localhost:{port}"),
            _stopper: stopper,
        }
    }
}

/// An HTTP CONNECT proxy on 127.0.0.1 that records every `CONNECT` target and
/// `Proxy-Authorization` it received, optionally requiring Basic credentials.
pub struct ConnectProxy {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    pub port: u16,
    seen: Arc<Mutex<Vec<Tunnel>>>,
    _stopper: Stopper,
}

impl ConnectProxy {
    pub fn start(required_auth: Option<&str>) -> ConnectProxy {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        let required = required_auth.map(|a| format!("Basic {}", base64_encode(a.as_bytes())));
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let stopper = serve(stop, move |mut client| {
            client.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let Some((target, auth)) = read_connect(&mut client) else { return };
            record.lock().unwrap().push((target.clone(), auth.clone()));
            if required.is_some() && auth != required {
                let _ = client.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
                return;
            }
            let Ok(mut up) = TcpStream::connect(target.as_str()) else {
                let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
                return;
            };
            if client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n").is_err() {
                return;
            }
            client.set_read_timeout(Some(Duration::from_millis(5))).unwrap();
            up.set_read_timeout(Some(Duration::from_millis(5))).unwrap();
            pump(&mut client, &mut up, &flag);
        });
        let port = stopper.addr.port();
        ConnectProxy { url: format!("http://127.0.0.1:{port}"), port, seen, _stopper: stopper }
    }

    /// The `host:port` of every tunnel asked for, in order.
    pub fn targets(&self) -> Vec<String> {
        self.seen.lock().unwrap().iter().map(|(t, _)| t.clone()).collect()
    }

    /// The `Proxy-Authorization` of every tunnel asked for.
    pub fn auths(&self) -> Vec<Option<String>> {
        self.seen.lock().unwrap().iter().map(|(_, a)| a.clone()).collect()
    }
}

/// One tunnel asked for: its `host:port` and `Proxy-Authorization`.
type Tunnel = (String, Option<String>);

/// Reads `CONNECT host:port HTTP/1.1` and its headers, byte by byte (nothing past the head).
fn read_connect(stream: &mut TcpStream) -> Option<(String, Option<String>)> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 || head.len() > 16 * 1024 {
            return None;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8(head).ok()?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split_whitespace();
    if first.next()? != "CONNECT" {
        return None;
    }
    let target = first.next()?.to_owned();
    let auth = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("proxy-authorization"))
        .map(|(_, v)| v.trim().to_owned());
    Some((target, auth))
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
