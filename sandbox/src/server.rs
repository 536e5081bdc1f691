//! Request handling: routes each request to the control API, the token endpoint or a business
//! operation, applies injected faults, and signs every API response.

use std::time::Duration;

use wcheckout::Operation;
use wcheckout::model::Envelope;
use wcheckout::operation::retcode;
use wcheckout::signing::{SignInput, now_millis};

use crate::config::ResponseSignature;
use crate::faults::FaultKind;
use crate::http::{Reply, Request, Response};
use crate::params::ApiError;
use crate::query::Query;
use crate::shared::Shared;
use crate::{auth, control, routes};

/// The request as needed to sign the response.
struct Signed<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a str,
}

/// Handles one HTTP request.
pub(crate) fn handle(shared: &Shared, req: Request) -> Reply {
    let (path, raw_query) = req.path_and_query();
    let (path, raw_query) = (path.to_owned(), raw_query.to_owned());
    if path == "/_sandbox" || path.starts_with("/_sandbox/") || path.starts_with("/pay/") {
        return Reply::Send(control::handle(shared, &req, &path, &raw_query));
    }
    // Decoded exactly once; the signed text and the parameters both come from this.
    let decoded = Query::decode(&raw_query);
    let signed_query = decoded.as_ref().map_or(raw_query.as_str(), Query::signed);
    let sig = Signed { method: &req.method, path: &path, query: signed_query };
    let Some(op) = Operation::from_route(&req.method, &path) else {
        let msg = match Operation::ALL.iter().find(|o| o.path() == path) {
            Some(o) => format!("no operation at {} {path}: it is {} {path}", req.method, o.method().as_str()),
            None => format!("no operation at {} {path}", req.method),
        };
        let env = Envelope::failure(retcode::UNKNOWN_PATH, &msg);
        return Reply::Send(respond(shared, &sig, 404, &env, false));
    };
    let query = match &decoded {
        Ok(q) => q,
        Err(e) => {
            let env = Envelope::failure(retcode::INVALID_PARAMETER, &e.to_string());
            return Reply::Send(respond(shared, &sig, 200, &env, false));
        }
    };
    let is_token = op == Operation::GetAccessToken;
    let fault = shared.faults().take(&req.method, &path, is_token);
    let kind = fault.as_ref().map(|f| f.kind);
    match (kind, &fault) {
        (Some(FaultKind::Drop), _) => return Reply::Drop,
        (Some(k @ (FaultKind::Http500 | FaultKind::Http503 | FaultKind::Http429)), Some(f)) => {
            let (status, code, what) = match k {
                FaultKind::Http500 => (500, "500", "internal server error"),
                FaultKind::Http503 => (503, "503", "service unavailable"),
                _ => (429, "429", "too many requests"),
            };
            let env = Envelope::failure(code, &format!("injected fault: {what}"));
            let mut resp = respond(shared, &sig, status, &env, false);
            if let Some(secs) = f.retry_after {
                resp.headers.push(("Retry-After".into(), secs.to_string()));
            }
            return Reply::Send(resp);
        }
        (Some(FaultKind::Delay), Some(f)) => shared.sleep(Duration::from_millis(f.delay_ms)),
        _ => {}
    }
    let env = process(shared, op, &req, &path, query);
    let resp = respond(shared, &sig, 200, &env, kind == Some(FaultKind::BadSignature));
    if kind == Some(FaultKind::DropAfterProcessing) {
        return Reply::Drop;
    }
    Reply::Send(resp)
}

/// Authenticates (business calls) and runs the operation.
fn process(shared: &Shared, op: Operation, req: &Request, path: &str, query: &Query) -> Envelope {
    let mut st = shared.state();
    let result = if op == Operation::GetAccessToken {
        auth::token(&mut st, &shared.config.api_key, &shared.config.api_secret, query)
    } else {
        auth::check(&st, &shared.signer, shared.config.clock_skew_secs, req, path, query.signed())
            .inspect_err(|e| {
                if e.retcode == retcode::TOKEN_INVALID {
                    st.token_rejections += 1;
                }
            })
            .and_then(|()| routes::dispatch(op, &mut st, query, &req.body))
    };
    match result {
        Ok(v) => Envelope::success(v),
        Err(ApiError { retcode, message }) => Envelope::failure(retcode, &message),
    }
}

/// Serialises the envelope and adds `SIGNATURE`/`TIMESTAMP` per the response-signature mode
/// (a deliberately wrong signature when `corrupt`).
fn respond(shared: &Shared, sig: &Signed<'_>, status: u16, env: &Envelope, corrupt: bool) -> Response {
    let body = serde_json::to_vec(env)
        .unwrap_or_else(|_| br#"{"retcode":"500","retdata":null,"retmsg":"cannot serialise response"}"#.to_vec());
    let ts = now_millis().to_string();
    let signer = &shared.signer;
    let short = || signer.sign_timestamp_body(&ts, &body).ok();
    let signature = match shared.config.response_signature {
        ResponseSignature::Full => {
            let input = SignInput { method: sig.method, timestamp: &ts, path: sig.path, query: sig.query, body: &body };
            signer.sign(&input).ok().or_else(short)
        }
        ResponseSignature::Short => short(),
        ResponseSignature::None => None,
    };
    let signature = if corrupt {
        let mut wrong = body.clone();
        wrong.extend_from_slice(b" (tampered)");
        signer.sign_timestamp_body(&ts, &wrong).ok()
    } else {
        signature
    };
    let mut resp = Response::json(status, body);
    if let Some(s) = signature {
        resp.headers.push(("SIGNATURE".into(), s));
        resp.headers.push(("TIMESTAMP".into(), ts));
    }
    resp
}
