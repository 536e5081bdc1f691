//! Request logs for the `onRequest` option: the core observer appends each attempt to a
//! thread-local list on the worker thread running the call; when the call ends, the list travels
//! with its outcome to the JavaScript thread (as JSON text) and `lib/client.js` hands each entry
//! to `onRequest`. Only clients with `onRequest` install the observer.

use std::cell::RefCell;

use serde_json::{Value, json};
use wcheckout::client::RequestLog;

thread_local! {
    static PENDING: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The observer of a client with `onRequest`; `bodies` adds the query and both bodies.
pub fn observer(bodies: bool) -> impl Fn(&RequestLog) + Send + Sync + 'static {
    move |log| {
        let mut entry = json!({
            "method": log.method,
            "path": log.path,
            "attempt": log.attempt,
            "status": log.status,
            "retcode": log.retcode,
            "errorCode": log.error_code,
            "elapsedMs": millis(log.elapsed),
            "retryInMs": log.retry_in.map(millis),
            "tokenRequest": log.is_token_request(),
        });
        if bodies {
            // The token call's query shows the api secret as <redacted>, and its response is
            // never kept by the core; the bearer token is never part of a log.
            entry["query"] = json!(log.query);
            entry["body"] = json!(log.body);
            entry["responseBody"] = json!(log.response_body);
        }
        PENDING.with(|p| p.borrow_mut().push(entry));
    }
}

/// Takes the current thread's entries as a JSON array, or `None` when there are none.
pub fn take() -> Option<String> {
    let entries = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    (!entries.is_empty()).then(|| Value::Array(entries).to_string())
}
