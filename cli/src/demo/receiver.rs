//! The demo's webhook receiver: a local HTTP endpoint that verifies every delivery from the raw
//! body before parsing it, answers with the acknowledgement, and hands verified events over.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use wcheckout::webhook::{ACKNOWLEDGEMENT, Event, Verifier};

/// A running receiver.
pub struct WebhookReceiver {
    url: String,
    server: std::sync::Arc<tiny_http::Server>,
    events: Receiver<Result<Event, wcheckout::Error>>,
    thread: Option<JoinHandle<()>>,
}

impl WebhookReceiver {
    /// Binds 127.0.0.1 on a free port and starts serving.
    pub fn start(verifier: Verifier) -> Result<Self, String> {
        let server =
            tiny_http::Server::http("127.0.0.1:0").map_err(|e| format!("cannot start webhook receiver: {e}"))?;
        let port = server.server_addr().to_ip().map(|a| a.port()).ok_or("receiver has no IP address")?;
        let server = std::sync::Arc::new(server);
        let (tx, events) = channel();
        let s = server.clone();
        let thread = std::thread::spawn(move || serve(&s, &verifier, &tx));
        Ok(WebhookReceiver {
            url: format!("http://127.0.0.1:{port}/webhooks/wcheckout"),
            server,
            events,
            thread: Some(thread),
        })
    }

    /// Where the sandbox should deliver.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Waits for the first verified event accepted by `want`; other events are skipped.
    pub fn wait_for(&self, what: &str, want: impl Fn(&Event) -> bool) -> Result<Event, String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Ok(event)) if want(&event) => return Ok(event),
                Ok(Ok(_)) => continue,
                Ok(Err(e)) => return Err(format!("a webhook failed verification: {e}")),
                Err(RecvTimeoutError::Timeout) => return Err(format!("no {what} webhook within 20 s")),
                Err(RecvTimeoutError::Disconnected) => return Err("webhook receiver stopped".into()),
            }
        }
    }
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(server: &tiny_http::Server, verifier: &Verifier, tx: &Sender<Result<Event, wcheckout::Error>>) {
    while let Ok(mut request) = server.recv() {
        let mut body = Vec::new();
        let _ = std::io::Read::read_to_end(request.as_reader(), &mut body);
        let headers: Vec<(String, String)> =
            request.headers().iter().map(|h| (h.field.as_str().to_string(), h.value.to_string())).collect();
        // Verify the raw bytes first; only a verified body is parsed.
        let outcome = verifier.verify(&headers, &body);
        let (status, reply) = match &outcome {
            Ok(_) => (200, ACKNOWLEDGEMENT.to_owned()),
            Err(e) => (400, format!(r#"{{"retcode":"400","retmsg":"{}"}}"#, e.code())),
        };
        let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..]);
        let mut response = tiny_http::Response::from_string(reply).with_status_code(status);
        if let Ok(h) = header {
            response = response.with_header(h);
        }
        let _ = request.respond(response);
        if tx.send(outcome).is_err() {
            break;
        }
    }
}
