//! Webhooks: verification of arbitrary headers / body / clock follows a reference model of the
//! rules (header lookup, timestamp format, tolerance both ways, HMAC over TIMESTAMP + body);
//! bodies signed with a fuzzed key always verify, a changed byte never does; parsing never
//! panics, both parsers agree, and a parsed event round-trips through its raw JSON.
#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use wcheckout::Amount;
use wcheckout::model::EventType;
use wcheckout::webhook::{EventData, Verifier, parse_event, parse_event_without_raw, sign_for_test};
use wcheckout_fuzz::{json, sig};

/// A delivery written out: key, clock, tolerance, headers, body.
type Delivery<'a> = (&'a str, u64, u32, Vec<(&'a str, &'a str)>, &'a [u8]);

/// Input starting with a 0 byte: the rest drives [`Input`] through `arbitrary`. Otherwise a
/// delivery written out (the seeds are the shared webhook vectors): the key on the first line,
/// `nowMs toleranceMs` on the second, one `Name: value` header per line, an empty line, the body.
/// The verifier must give the reference model's answer for it.
fn delivery(data: &[u8]) -> Option<Delivery<'_>> {
    let split = data.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = std::str::from_utf8(head).ok()?.split('\n');
    let key = lines.next()?;
    let mut clock = lines.next()?.split(' ');
    let now_ms = clock.next()?.parse().ok()?;
    let tolerance_ms = clock.next().and_then(|t| t.parse().ok()).unwrap_or(120_000);
    let headers = lines.map(|l| l.split_once(':').unwrap_or((l, ""))).collect();
    Some((key, now_ms, tolerance_ms, headers, body))
}

#[derive(Arbitrary, Debug)]
enum Input<'a> {
    /// A body signed with the fuzzed key, delivered with fuzzed header spellings and clock skew.
    Signed { key: &'a str, body: &'a [u8], ts: u64, skew: i32, tolerance_ms: u32, style: u8, flip: Option<(u16, u8)> },
    /// A well-formed event built from fuzzed fields, signed, verified and parsed.
    Event { key: &'a str, event: Event<'a>, ts: u64 },
}

#[derive(Arbitrary, Debug)]
struct Event<'a> {
    id: &'a str,
    kind: u8,
    unknown_type: &'a str,
    number: &'a str,
    status: &'a str,
    amount: Option<&'a str>,
    amount_as_number: bool,
    timestamp: Option<i64>,
}

fuzz_target!(|data: &[u8]| {
    if let Some(rest) = data.strip_prefix(&[0]) {
        if let Ok(input) = Input::arbitrary_take_rest(arbitrary::Unstructured::new(rest)) {
            structured(input);
        }
    } else if let Some((key, now_ms, tolerance_ms, headers, body)) = delivery(data) {
        raw(key, &headers, body, now_ms, tolerance_ms);
    } else {
        check_parsers(data);
    }
});

fn structured(input: Input<'_>) {
    match input {
        Input::Signed { key, body, ts, skew, tolerance_ms, style, flip } => {
            signed(key, body, ts, skew, tolerance_ms, style, flip)
        }
        Input::Event { key, event, ts } => event_round_trip(key, &event, ts),
    }
}

/// First header among `names` (in the order of `names`), names compared trimmed and case-blind.
fn lookup<'h>(headers: &[(&'h str, &'h str)], names: [&str; 2]) -> Option<&'h str> {
    names.iter().find_map(|n| headers.iter().find(|(k, _)| k.trim().eq_ignore_ascii_case(n)).map(|(_, v)| *v))
}

/// The reference answer: `Ok(())` or the expected error code.
fn model(key: &str, headers: &[(&str, &str)], body: &[u8], now_ms: u64, tolerance_ms: u64) -> Result<(), &'static str> {
    let signature = lookup(headers, ["SIGNATURE", "D-SIGNATURE"]).ok_or("webhook_missing_header")?;
    let ts_text = lookup(headers, ["TIMESTAMP", "D-TIMESTAMP"]).ok_or("webhook_missing_header")?.trim();
    let plain = !ts_text.is_empty() && ts_text.len() <= 20 && ts_text.bytes().all(|b| b.is_ascii_digit());
    let ts: u64 = ts_text.parse().ok().filter(|_| plain).ok_or("webhook_malformed_timestamp")?;
    if ts.abs_diff(now_ms) > tolerance_ms {
        return Err("webhook_outside_tolerance");
    }
    let want = sig::sign(key.as_bytes(), &[ts_text.as_bytes(), body]).expect("hmac");
    let given = STANDARD.decode(signature.trim()).unwrap_or_default();
    if given == STANDARD.decode(want).expect("own base64") { Ok(()) } else { Err("webhook_signature_mismatch") }
}

fn raw(key: &str, headers: &[(&str, &str)], body: &[u8], now_ms: u64, tolerance_ms: u32) {
    check_parsers(body);
    let Ok(verifier) = Verifier::new(key) else {
        assert!(key.is_empty());
        return;
    };
    let verifier = verifier.with_tolerance(Duration::from_millis(u64::from(tolerance_ms)));
    let got = verifier.verify_signature_at(headers, body, now_ms).map_err(|e| e.code());
    assert_eq!(got, model(key, headers, body, now_ms, u64::from(tolerance_ms)), "{headers:?}");
    match verifier.verify_at(headers, body, now_ms) {
        Ok(event) => {
            assert!(got.is_ok());
            assert_eq!(Some(event), parse_event(body).ok());
        }
        Err(e) => assert!(got.is_err() || e.code() == "webhook_malformed_json", "{e}"),
    }
}

#[allow(clippy::too_many_arguments)]
fn signed(key: &str, body: &[u8], ts: u64, skew: i32, tolerance_ms: u32, style: u8, flip: Option<(u16, u8)>) {
    let headers = match sign_for_test(key, body, ts) {
        Ok(h) => h,
        Err(e) => {
            assert!(key.is_empty() && e.code() == "invalid_argument", "{e}");
            return;
        }
    };
    let ts_text = ts.to_string();
    assert_eq!(headers[1], ("TIMESTAMP".to_owned(), ts_text.clone()));
    assert_eq!(headers[0].1, sig::sign(key.as_bytes(), &[ts_text.as_bytes(), body]).expect("hmac"));
    // Delivered with other spellings: case, the D- names, padding, a decoy header first.
    let dress = |name: &str| match style % 4 {
        0 => name.to_owned(),
        1 => name.to_ascii_lowercase(),
        2 => format!("D-{name}"),
        _ => format!(" {} ", name.to_ascii_lowercase()),
    };
    let mut delivered: Vec<(String, String)> = Vec::new();
    if style & 4 != 0 {
        delivered.push(("X-SIGNATURE".to_owned(), "decoy".to_owned()));
    }
    for (k, v) in &headers {
        let v = if style & 8 != 0 { format!(" {v}\t") } else { v.clone() };
        delivered.push((dress(k), v));
    }
    let Some(now_ms) = ts.checked_add_signed(i64::from(skew)) else { return };
    let tolerance = u64::from(tolerance_ms);
    let verifier = Verifier::new(key).expect("non-empty key").with_tolerance(Duration::from_millis(tolerance));
    let within = u64::from(skew.unsigned_abs()) <= tolerance;
    match verifier.verify_signature_at(&delivered, body, now_ms) {
        Ok(()) => assert!(within),
        Err(e) => {
            assert!(!within, "a correctly signed webhook was refused: {e}");
            assert_eq!(e.code(), "webhook_outside_tolerance");
            return;
        }
    }
    match verifier.verify_at(&delivered, body, now_ms) {
        Ok(event) => assert_eq!(Some(event), parse_event(body).ok()),
        Err(e) => assert_eq!(e.code(), "webhook_malformed_json"),
    }
    // Any changed byte, another key or another timestamp fails.
    if let Some((at, mask)) = flip.filter(|(_, m)| *m != 0 && !body.is_empty()) {
        let mut changed = body.to_vec();
        changed[usize::from(at) % body.len()] ^= mask;
        let e = verifier.verify_signature_at(&delivered, &changed, now_ms).expect_err("changed body verified");
        assert_eq!(e.code(), "webhook_signature_mismatch");
    }
    let other = Verifier::new(&format!("{key}x")).expect("key").with_tolerance(Duration::from_millis(tolerance));
    assert_eq!(
        other.verify_signature_at(&delivered, body, now_ms).map_err(|e| e.code()),
        Err("webhook_signature_mismatch")
    );
}

fn event_round_trip(key: &str, e: &Event<'_>, ts: u64) {
    const TYPES: [(&str, &str, &str); 4] = [
        ("CHECKOUT_ORDER_CHANGED", "orderNo", "orderStatus"),
        ("REFUND_ORDER_CHANGED", "refundOrderNo", "refundStatus"),
        ("SETTLEMENT_ORDER_CHANGED", "settlementOrderNo", "settleStatus"),
        ("ABNORMAL_PAYMENT", "abnormalPaymentNo", "status"),
    ];
    let (event_type, no_field, status_field) =
        TYPES.get(usize::from(e.kind)).copied().unwrap_or((e.unknown_type, "orderNo", "status"));
    let amount_value = e.amount.map(|a| match (e.amount_as_number, a.parse::<serde_json::Number>()) {
        (true, Ok(n)) => Value::Number(n),
        _ => Value::String(a.to_owned()),
    });
    let mut data = json!({ no_field: e.number, status_field: e.status });
    if let Some(v) = &amount_value {
        data["amount"] = v.clone();
    }
    let mut body = json!({ "eventId": e.id, "eventType": event_type, "data": data.clone() });
    if let Some(t) = e.timestamp {
        body["timestamp"] = json!(t);
    }
    let bytes = serde_json::to_vec(&body).expect("serialise");
    let Ok(headers) = sign_for_test(key, &bytes, ts) else { return };
    let verifier = Verifier::new(key).expect("key");
    // Refund and abnormal-payment data read `amount`; the others ignore it; unknown types keep
    // any data (a fuzzed "unknown" type that names a known one gets that type's rules instead).
    let amount_read = matches!(event_type, "REFUND_ORDER_CHANGED" | "ABNORMAL_PAYMENT");
    let amount_ok = e.amount.is_none_or(|a| Amount::parse(a).is_ok());
    let expect_ok = if usize::from(e.kind) < TYPES.len() {
        !amount_read || amount_ok
    } else {
        !EventType::from_wire(event_type).is_known()
    };
    match verifier.verify_at(&headers, &bytes, ts) {
        Ok(event) => {
            assert_eq!(event.event_id, e.id);
            assert_eq!(event.event_type.as_str(), event_type);
            assert_eq!(event.timestamp, e.timestamp.unwrap_or(0));
            assert_eq!(event.raw, body);
            let want = e.amount.and_then(|a| Amount::parse(a).ok());
            match &event.data {
                EventData::RefundOrderChanged(r) => assert_eq!(r.amount, want),
                EventData::AbnormalPayment(p) => assert_eq!(p.amount, want),
                EventData::Unknown(d) => assert_eq!(d, &data),
                _ => {}
            }
        }
        Err(err) => {
            assert_eq!(err.code(), "webhook_malformed_json");
            assert!(!expect_ok, "a well-formed {event_type} event was refused: {err}");
        }
    }
    check_parsers(&bytes);
}

/// Both parsers on any bytes: typed errors only, the same event when both succeed, and the
/// stricter one (no tree) never accepts what the tree parser refuses.
fn check_parsers(body: &[u8]) {
    let full = parse_event(body);
    let lean = parse_event_without_raw(body);
    match (&full, &lean) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                (&a.event_id, &a.event_type, a.timestamp, &a.data),
                (&b.event_id, &b.event_type, b.timestamp, &b.data)
            );
            assert!(b.raw.is_null());
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.code(), "webhook_malformed_json");
            assert_eq!(b.code(), "webhook_malformed_json");
        }
        (Ok(_), Err(b)) => assert_eq!(b.code(), "webhook_malformed_json"),
        // Documented: inside fields it skips, the lean parser does not decode strings or count depth.
        (Err(a), Ok(b)) => assert!(
            json::has_surrogate_escape(body) || json::max_depth(body) > 128,
            "parse_event refused ({a}) what parse_event_without_raw accepted: {b:?}"
        ),
    }
    // A parsed event round-trips through its raw JSON.
    if let Ok(ev) = full {
        let again = parse_event(&serde_json::to_vec(&ev.raw).expect("serialise raw")).expect("raw re-parses");
        assert_eq!(again, ev);
    }
}
