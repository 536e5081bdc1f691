//! The token endpoint (spec §2.1) and the checks every business call passes (spec §2.2–2.3):
//! Bearer token, `SIGNATURE` and `TIMESTAMP` headers, time window, HMAC-SHA512 signature.

use serde_json::{Value, json};
use wcheckout::operation::retcode;
use wcheckout::signing::{SignInput, Signer, now_millis, string_to_sign, validate_timestamp};

use crate::clock::MICROS;
use crate::http::Request;
use crate::params::{ApiError, ApiResult};
use crate::query::Query;
use crate::store::{AccessToken, State, random_from};

/// How many superseded tokens are remembered (to answer "superseded" instead of "unknown").
const REMEMBERED: usize = 32;
/// Most tokens kept valid at once under `TokenPolicy::Multiple` (the oldest go first).
const MAX_LIVE: usize = 1024;
const TOKEN_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `POST /user/auth/oauth2/token?grant_type=client_credentials&api_key=..&api_secret=..`
/// (and `grant_type=refresh_token&refresh_token=..`). Issuing a token supersedes the previous one.
pub(crate) fn token(st: &mut State, api_key: &str, api_secret: &str, query: &Query) -> ApiResult {
    let grant = query.require("grant_type")?;
    let now = st.now();
    match grant {
        "client_credentials" => {
            let key = query.require("api_key")?;
            let secret = query.require("api_secret")?;
            if key != api_key || secret != api_secret {
                return Err(ApiError::new(retcode::BAD_CREDENTIALS, "invalid api_key or api_secret"));
            }
        }
        "refresh_token" => {
            let given = query.require("refresh_token")?;
            let ok = st.token.as_ref().is_some_and(|t| t.refresh_token == given && now < t.refresh_expires_at);
            if !ok {
                return Err(ApiError::new(retcode::BAD_CREDENTIALS, "refresh_token is unknown, superseded or expired"));
            }
        }
        other => {
            return Err(ApiError::new(
                retcode::BAD_CREDENTIALS,
                format!("unsupported grant_type {other}: use client_credentials"),
            ));
        }
    }
    Ok(issue(st))
}

fn issue(st: &mut State) -> Value {
    let ttl = st.settings.token_ttl_secs;
    let ttl_micros = i64::try_from(ttl).unwrap_or(i64::MAX / MICROS / 2).saturating_mul(MICROS);
    let now = st.now();
    let t = AccessToken {
        access_token: random_from(TOKEN_ALPHABET, 24),
        refresh_token: random_from(TOKEN_ALPHABET, 24),
        expires_at: now.saturating_add(ttl_micros),
        refresh_expires_at: now.saturating_add(ttl_micros.saturating_mul(2)),
    };
    st.tokens_issued += 1;
    if st.settings.token_policy == crate::config::TokenPolicy::Multiple {
        st.live_tokens.retain(|l| l.expires_at > now);
        if st.live_tokens.len() >= MAX_LIVE {
            st.live_tokens.pop_front();
        }
        st.live_tokens.push_back(t.clone());
    }
    if let Some(old) = st.token.replace(t.clone()) {
        st.old_tokens.push_back(old.access_token);
        if st.old_tokens.len() > REMEMBERED {
            st.old_tokens.pop_front();
        }
    }
    json!({
        "access_token": t.access_token,
        "token_type": "bearer",
        "expires_in": ttl,
        "refresh_token": t.refresh_token,
        "rt_expires_in": ttl.saturating_mul(2),
    })
}

fn missing(name: &str) -> ApiError {
    ApiError::new(retcode::MISSING_HEADER, format!("Access denied: Missing header [{name}]"))
}

fn header<'r>(req: &'r Request, names: &[&str]) -> Option<&'r str> {
    names.iter().find_map(|n| req.header(n)).map(str::trim).filter(|v| !v.is_empty())
}

/// Checks, in this order: `Authorization` present (00006), `SIGNATURE` present (00006),
/// `TIMESTAMP` present (00006), token valid (00002), timestamp digits and within the window
/// (00004), signature over METHOD+TIMESTAMP+PATH+QUERY+BODY (00003). `query` is the received
/// query decoded once (`Query::signed`), without `?`; the body is the raw bytes received.
pub(crate) fn check(
    st: &State,
    signer: &Signer,
    skew_secs: u64,
    req: &Request,
    path: &str,
    query: &str,
) -> ApiResult<()> {
    let auth = header(req, &["Authorization"]).ok_or_else(|| missing("Authorization"))?;
    let signature = header(req, &["SIGNATURE", "D-SIGNATURE"]).ok_or_else(|| missing("SIGNATURE"))?;
    let timestamp = header(req, &["TIMESTAMP", "D-TIMESTAMP"]).ok_or_else(|| missing("TIMESTAMP"))?;

    let bearer = auth
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
        .map(|(_, t)| t.trim())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::new(retcode::TOKEN_INVALID, "Authorization must be \"Bearer <access_token>\""))?;
    let live = st.live_tokens.iter().find(|t| t.access_token == bearer);
    match (&st.token, live) {
        (_, Some(t)) | (Some(t), None) if t.access_token == bearer => {
            if st.now() >= t.expires_at {
                return Err(ApiError::new(retcode::TOKEN_INVALID, "access token expired: fetch a new one"));
            }
        }
        _ if st.old_tokens.iter().any(|t| t == bearer) => {
            return Err(ApiError::new(
                retcode::TOKEN_INVALID,
                "access token was superseded by a newer token: only the latest token is valid",
            ));
        }
        _ => {
            return Err(ApiError::new(
                retcode::TOKEN_INVALID,
                "access token is unknown: fetch one from POST /user/auth/oauth2/token",
            ));
        }
    }

    let ts = validate_timestamp(timestamp).map_err(|_| {
        ApiError::new(retcode::TIMESTAMP_INVALID, "TIMESTAMP must be milliseconds since the epoch, in decimal digits")
    })?;
    let now = now_millis();
    let skew = now.abs_diff(ts);
    if skew > skew_secs.saturating_mul(1000) {
        return Err(ApiError::new(
            retcode::TIMESTAMP_INVALID,
            format!(
                "TIMESTAMP {ts} is {skew} ms {} the sandbox clock ({now}); at most ±{} ms is accepted",
                if ts < now { "behind" } else { "ahead of" },
                skew_secs.saturating_mul(1000)
            ),
        ));
    }

    let input = SignInput { method: &req.method, timestamp, path, query, body: &req.body };
    if signer.verify(&input, signature).is_err() {
        let text = string_to_sign(&input, signer.query_prefix())
            .map(|b| String::from_utf8_lossy(&b).chars().take(600).collect::<String>())
            .unwrap_or_default();
        return Err(ApiError::new(
            retcode::SIGNATURE_INVALID,
            format!(
                "SIGNATURE does not match Base64(HMAC-SHA512(signKey, METHOD+TIMESTAMP+PATH+QUERY+BODY)); \
                 the sandbox signed: {text}"
            ),
        ));
    }
    Ok(())
}
