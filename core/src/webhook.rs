//! Inbound webhooks (spec §6): verify the raw body first, then parse a typed [`Event`].
//!
//! ```
//! use wcheckout::webhook::{Verifier, sign_for_test};
//! let body = br#"{"eventId":"evt_1","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}"#;
//! let headers = sign_for_test("key", body, wcheckout::signing::now_millis()).unwrap();
//! let event = Verifier::new("key").unwrap().verify(&headers, body).unwrap();
//! assert_eq!(event.event_type.as_str(), "CHECKOUT_ORDER_CHANGED");
//! ```

use std::time::Duration;

use serde::Deserialize;

use crate::error::{Error, Result, WebhookHeader};
use crate::model::{
    AbnormalPaymentDetected, CheckoutOrderChanged, EventType, RefundOrderChanged, SettlementOrderChanged,
};
use crate::signing::{Signer, now_millis};

/// The acknowledgement body to answer a webhook with (HTTP 200), as spec §6.4 prints it.
pub const ACKNOWLEDGEMENT: &str = r#"{"retcode":200,"retmsg":"SUCCESS"}"#;

/// Default tolerance between the webhook `TIMESTAMP` and local time (spec: ±2 minutes).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(120);

/// Header names read, first match wins (case-insensitive).
pub const SIGNATURE_HEADERS: [&str; 2] = ["SIGNATURE", "D-SIGNATURE"];
/// Timestamp header names read, first match wins (case-insensitive).
pub const TIMESTAMP_HEADERS: [&str; 2] = ["TIMESTAMP", "D-TIMESTAMP"];

/// A verified webhook event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `evt_…`; deliveries may repeat: process each id once.
    pub event_id: String,
    /// The event type (unknown types are kept).
    pub event_type: EventType,
    /// The body's own `timestamp`, in **seconds**.
    pub timestamp: i64,
    /// The typed payload.
    pub data: EventData,
    /// The whole event as JSON, numbers exact.
    pub raw: serde_json::Value,
}

/// The payload of an [`Event`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventData {
    /// `CHECKOUT_ORDER_CHANGED`.
    CheckoutOrderChanged(CheckoutOrderChanged),
    /// `REFUND_ORDER_CHANGED`.
    RefundOrderChanged(RefundOrderChanged),
    /// `SETTLEMENT_ORDER_CHANGED`.
    SettlementOrderChanged(SettlementOrderChanged),
    /// `ABNORMAL_PAYMENT`.
    AbnormalPayment(AbnormalPaymentDetected),
    /// An event type this SDK does not know: its `data` kept as JSON.
    Unknown(serde_json::Value),
}

impl EventData {
    /// The key of the state change this payload reports (see [`Event::dedupe_key`]); `None`
    /// for an unknown event type.
    pub fn dedupe_key(&self) -> Option<String> {
        match self {
            EventData::CheckoutOrderChanged(d) => Some(d.dedupe_key()),
            EventData::RefundOrderChanged(d) => Some(d.dedupe_key()),
            EventData::SettlementOrderChanged(d) => Some(d.dedupe_key()),
            EventData::AbnormalPayment(d) => Some(d.dedupe_key()),
            EventData::Unknown(_) => None,
        }
    }
}

impl Event {
    /// The key to process this event once by: the object and its new status
    /// (`order:<orderNo>:PAID`, `refund:<refundOrderNo>:REFUNDED`,
    /// `settlement:<settlementOrderNo>:SETTLED`, `abnormal:<abnormalPaymentNo>:<status>`), so a
    /// webhook, its retries and the reconciler's report of the same change share it;
    /// `event:<eventId>` for an unknown event type. Pass it to
    /// [`EventDeduplicator::claim`](crate::store::EventDeduplicator::claim).
    pub fn dedupe_key(&self) -> String {
        self.data.dedupe_key().unwrap_or_else(|| format!("event:{}", self.event_id))
    }

    /// True for an event made by the [`Reconciler`](crate::reconcile::Reconciler) from a poll
    /// (its `event_id` starts with `rcn:`), false for a webhook delivery.
    pub fn is_reconciled(&self) -> bool {
        is_reconciled_id(&self.event_id)
    }
}

/// True for the `event_id` of an event the reconciler made (see [`Event::is_reconciled`]).
pub fn is_reconciled_id(event_id: &str) -> bool {
    event_id.starts_with(RECONCILED_PREFIX)
}

/// The `event_id` prefix of events the reconciler makes.
pub(crate) const RECONCILED_PREFIX: &str = "rcn:";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEvent {
    event_id: String,
    event_type: EventType,
    #[serde(default)]
    timestamp: Option<serde_json::Value>,
    // `data` is read from the tree itself (see `finish_event`).
}

/// Verifies webhook deliveries signed with one `signKey`.
#[derive(Debug, Clone)]
pub struct Verifier {
    signer: Signer,
    tolerance: Duration,
}

impl Verifier {
    /// A verifier with the default ±120 s tolerance. An empty key is an error.
    pub fn new(sign_key: &str) -> Result<Self> {
        Ok(Self { signer: Signer::new(sign_key)?, tolerance: DEFAULT_TOLERANCE })
    }

    /// Sets the tolerance, applied both ways (stale and future timestamps).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The tolerance in use.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Verifies against the current clock and parses the event.
    pub fn verify<K: AsRef<str>, V: AsRef<str>>(&self, headers: &[(K, V)], body: &[u8]) -> Result<Event> {
        self.verify_at(headers, body, now_millis())
    }

    /// Verifies as if the time were `now_ms` (milliseconds since the epoch), then parses.
    pub fn verify_at<K: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(K, V)],
        body: &[u8],
        now_ms: u64,
    ) -> Result<Event> {
        self.verify_signature_at(headers, body, now_ms)?;
        parse_event(body)
    }

    /// Checks the headers, the time window and the signature; does not parse the body.
    pub fn verify_signature_at<K: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(K, V)],
        body: &[u8],
        now_ms: u64,
    ) -> Result<()> {
        let signature = find_header(headers, &SIGNATURE_HEADERS)
            .ok_or(Error::WebhookMissingHeader { header: WebhookHeader::Signature })?;
        let timestamp = find_header(headers, &TIMESTAMP_HEADERS)
            .ok_or(Error::WebhookMissingHeader { header: WebhookHeader::Timestamp })?
            .trim();
        let ts: u64 = crate::signing::validate_timestamp(timestamp).map_err(|_| Error::WebhookMalformedTimestamp {
            reason: format!("expected decimal milliseconds, got {:?}", crate::signing::truncate_for_message(timestamp)),
        })?;
        let tolerance_ms = u64::try_from(self.tolerance.as_millis()).unwrap_or(u64::MAX);
        let (skew_ms, direction) = if ts <= now_ms { (now_ms - ts, "before") } else { (ts - now_ms, "after") };
        if skew_ms > tolerance_ms {
            return Err(Error::WebhookOutsideTolerance { skew_ms, tolerance_ms, direction });
        }
        self.signer.verify_timestamp_body(timestamp, body, signature).map_err(|_| Error::WebhookSignatureMismatch)
    }
}

/// Finds the first header among `names` (case-insensitive), in the order of `names`.
pub fn find_header<'h, K: AsRef<str>, V: AsRef<str>>(headers: &'h [(K, V)], names: &[&str]) -> Option<&'h str> {
    names.iter().find_map(|name| {
        headers.iter().find(|(k, _)| k.as_ref().trim().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    })
}

/// Parses an event body **without verifying it**. Call only on a body already verified.
pub fn parse_event(body: &[u8]) -> Result<Event> {
    let malformed = |e: serde_json::Error| Error::WebhookMalformedJson { reason: e.to_string() };
    let raw: serde_json::Value = serde_json::from_slice(body).map_err(malformed)?;
    let ev = RawEvent::deserialize(&raw).map_err(malformed)?;
    finish_event(ev, raw)
}

/// [`parse_event`] without [`Event::raw`] (left `null`), for bindings that convert the event at
/// once (Node, Python): no JSON tree is built for known event types. One pass reads the header
/// fields and captures `data` as its raw text, which is then read as the type the event names.
/// Same errors, except that a repeated key is refused rather than the last one winning, and that
/// inside fields the SDK does not read (skipped, never decoded) a lone UTF-16 surrogate escape
/// (`"\ud800"`) or nesting deeper than 128 levels is accepted here and refused by [`parse_event`].
/// Verify first.
pub fn parse_event_without_raw(body: &[u8]) -> Result<Event> {
    let head = parse_event_head(body)?;
    let data = event_data(&head.event_type, &RawSource(head.data))?;
    let raw = serde_json::Value::Null;
    Ok(Event { event_id: head.event_id, event_type: head.event_type, timestamp: head.timestamp, data, raw })
}

/// An event's header fields, read and checked, with `data` left as its JSON text.
#[derive(Debug)]
#[non_exhaustive]
pub struct EventHead<'a> {
    /// `eventId`.
    pub event_id: String,
    /// `eventType`.
    pub event_type: EventType,
    /// `timestamp` in seconds (0 when absent or null).
    pub timestamp: i64,
    /// `data`'s own JSON text (`null` when absent).
    pub data: &'a [u8],
}

/// The first half of [`parse_event_without_raw`]: the body checked (UTF-8, one JSON object,
/// no repeated key at its top level) and its header fields read, with the same errors; `data`
/// is not read. For bindings that build their own data objects from `data`'s text: whatever they
/// refuse there, [`parse_event_without_raw`] reports with the SDK's error. Verify first.
pub fn parse_event_head(body: &[u8]) -> Result<EventHead<'_>> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Head<'a> {
        event_id: String,
        event_type: EventType,
        #[serde(default)]
        timestamp: Option<serde_json::Value>,
        #[serde(default, borrow)]
        data: Option<&'a serde_json::value::RawValue>,
    }
    // serde_json checks UTF-8 only in strings it decodes, not in skipped ones: check it all here,
    // as `parse_event` does by decoding every string (cheap next to the HMAC already computed).
    std::str::from_utf8(body).map_err(|e| Error::WebhookMalformedJson { reason: format!("body is not UTF-8: {e}") })?;
    let head: Head<'_> =
        serde_json::from_slice(body).map_err(|e| Error::WebhookMalformedJson { reason: e.to_string() })?;
    let timestamp = event_timestamp(head.timestamp.as_ref())?;
    // An absent `data` reads as `null`, as in `parse_event`.
    let data = head.data.map_or(&b"null"[..], |raw| raw.get().as_bytes());
    Ok(EventHead { event_id: head.event_id, event_type: head.event_type, timestamp, data })
}

/// Where an event's `data` is read from: the parsed tree ([`parse_event`]) or the body itself
/// ([`parse_event_without_raw`], `data`'s raw text). [`event_data`] is the one place event types map to their data.
trait DataSource {
    fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T>;
    fn untyped(&self) -> Result<serde_json::Value>;
}

struct TreeSource<'a>(&'a serde_json::Value);

impl DataSource for TreeSource<'_> {
    fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        T::deserialize(self.0).map_err(|e| Error::WebhookMalformedJson { reason: format!("event data: {e}") })
    }
    fn untyped(&self) -> Result<serde_json::Value> {
        Ok(self.0.clone())
    }
}

/// `data`'s own JSON text.
struct RawSource<'a>(&'a [u8]);

impl DataSource for RawSource<'_> {
    fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice::<T>(self.0)
            .map_err(|e| Error::WebhookMalformedJson { reason: format!("event data: {e}") })
    }
    fn untyped(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(self.0).map_err(|e| Error::WebhookMalformedJson { reason: e.to_string() })
    }
}

/// The typed data of an event of `event_type`; unknown types keep their data as JSON.
fn event_data(event_type: &EventType, source: &impl DataSource) -> Result<EventData> {
    Ok(match event_type {
        EventType::CheckoutOrderChanged => EventData::CheckoutOrderChanged(source.typed()?),
        EventType::RefundOrderChanged => EventData::RefundOrderChanged(source.typed()?),
        EventType::SettlementOrderChanged => EventData::SettlementOrderChanged(source.typed()?),
        EventType::AbnormalPayment => EventData::AbnormalPayment(source.typed()?),
        _ => EventData::Unknown(source.untyped()?),
    })
}

fn event_timestamp(value: Option<&serde_json::Value>) -> Result<i64> {
    let bad = || Error::WebhookMalformedJson { reason: "event timestamp is not an integer".into() };
    match value {
        None | Some(serde_json::Value::Null) => Ok(0),
        Some(serde_json::Value::Number(n)) => n.to_string().parse::<i64>().map_err(|_| bad()),
        Some(serde_json::Value::String(s)) => s.parse::<i64>().map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

fn finish_event(ev: RawEvent, raw: serde_json::Value) -> Result<Event> {
    let timestamp = event_timestamp(ev.timestamp.as_ref())?;
    // `data` straight from the tree as parsed, never through a `Value` → `Value` conversion:
    // serde_json rewrites numbers whose text is an f64's there (`0.000001` → `1e-6`, and a tie
    // such as `111111110111191.13` → `…12`). Amounts read their exact text from the tree.
    let data = event_data(&ev.event_type, &TreeSource(raw.get("data").unwrap_or(&serde_json::Value::Null)))?;
    Ok(Event { event_id: ev.event_id, event_type: ev.event_type, timestamp, data, raw })
}

/// Signs a webhook body as W Checkout does, for tests: returns the `SIGNATURE` and `TIMESTAMP`
/// headers to send with `body`.
pub fn sign_for_test(sign_key: &str, body: &[u8], timestamp_ms: u64) -> Result<Vec<(String, String)>> {
    let ts = timestamp_ms.to_string();
    let sig = Signer::new(sign_key)?.sign_timestamp_body(&ts, body)?;
    Ok(vec![("SIGNATURE".to_owned(), sig), ("TIMESTAMP".to_owned(), ts)])
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "aR2822Y6XbehWMclnB0Y2NJK";
    const ABNORMAL: &str = r#"{"eventId":"evt_0a4fee0f8882","eventType":"ABNORMAL_PAYMENT","timestamp":1758701681,"data":{"abnormalPaymentNo":"xxxxxxxx","orderNo":"xxxxxxx","token":"ETH_USDT","amount":"818.89","hash":"0xxxxxxxxxx","pendingAmount":"739.00","createdTime":"2025-12-23 12:56:47","updatedTime":"2025-12-23 12:56:47"}}"#;

    #[test]
    fn spec_computed_example() {
        let headers = [
            ("signature", "2cLkiqniDbuoh2rBWd4b4/RLupRQ8FRTF97NRS7nit+vN21mzswahXhloVtWPEYyZ3w8DG1nEBHaCkoJp5Hveg=="),
            ("timestamp", "1758701681000"),
        ];
        let ev = Verifier::new(KEY).unwrap().verify_at(&headers, ABNORMAL.as_bytes(), 1_758_701_681_000).unwrap();
        match ev.data {
            EventData::AbnormalPayment(p) => assert_eq!(p.pending_amount.unwrap().as_str(), "739.00"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn dedupe_keys_name_the_object_and_its_new_status() {
        let ev = parse_event(ABNORMAL.as_bytes()).unwrap();
        assert_eq!(ev.dedupe_key(), "abnormal:xxxxxxxx:DETECTED");
        let order = br#"{"eventId":"evt_1","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}"#;
        assert_eq!(parse_event(order).unwrap().dedupe_key(), "order:A1:PAID");
        let refund = br#"{"eventId":"evt_2","eventType":"REFUND_ORDER_CHANGED","timestamp":1,"data":{"refundOrderNo":"R1","refundStatus":"REFUNDED"}}"#;
        assert_eq!(parse_event(refund).unwrap().dedupe_key(), "refund:R1:REFUNDED");
        let st = br#"{"eventId":"evt_3","eventType":"SETTLEMENT_ORDER_CHANGED","timestamp":1,"data":{"settlementOrderNo":"S1","settleStatus":"SETTLED"}}"#;
        assert_eq!(parse_event(st).unwrap().dedupe_key(), "settlement:S1:SETTLED");
        let unknown = br#"{"eventId":"evt_4","eventType":"NEW_THING","timestamp":1,"data":{}}"#;
        let ev = parse_event(unknown).unwrap();
        assert_eq!(ev.dedupe_key(), "event:evt_4");
        assert!(!ev.is_reconciled());
    }

    #[test]
    fn without_raw_matches_parse_event() {
        let a = parse_event(ABNORMAL.as_bytes()).unwrap();
        let b = parse_event_without_raw(ABNORMAL.as_bytes()).unwrap();
        assert_eq!((a.event_id, a.event_type, a.timestamp, a.data), (b.event_id, b.event_type, b.timestamp, b.data));
        assert!(b.raw.is_null());
        assert_eq!(parse_event_without_raw(b"{").unwrap_err().code(), "webhook_malformed_json");
    }

    #[test]
    fn without_raw_reads_data_wherever_it_is_and_however_written() {
        // The lean parser captures `data` as raw text in the same pass as the header fields.
        let bodies: [&[u8]; 6] = [
            // `data` first, escapes inside it, whitespace around it.
            br#"{ "data" : {"orderNo":"A\u0031\"x","orderStatus":"PA\u0049D","orderAmount":"1.50"} , "eventType":"CHECKOUT_ORDER_CHANGED","eventId":"e"}"#,
            // Unknown type: data kept as written, absent data is null.
            br#"{"eventId":"e","eventType":"NEW_KIND","data":[1,{"b":"\n"}]}"#,
            br#"{"eventId":"e","eventType":"NEW_KIND"}"#,
            br#"{"eventId":"e","eventType":"NEW_KIND","data":null}"#,
            // Known type without data, or with null data: refused by both.
            br#"{"eventId":"e","eventType":"CHECKOUT_ORDER_CHANGED"}"#,
            br#"{"eventId":"e","eventType":"CHECKOUT_ORDER_CHANGED","data":null}"#,
        ];
        for body in bodies {
            let text = String::from_utf8_lossy(body);
            match (parse_event(body), parse_event_without_raw(body)) {
                (Ok(full), Ok(lean)) => assert_eq!(full.data, lean.data, "{text}"),
                (Err(a), Err(b)) => {
                    assert_eq!((a.code(), b.code()), ("webhook_malformed_json", "webhook_malformed_json"))
                }
                (a, b) => panic!("{text}: {a:?} vs {b:?}"),
            }
        }
        let lean = parse_event_without_raw(bodies[0]).unwrap();
        let EventData::CheckoutOrderChanged(d) = lean.data else { panic!("{:?}", lean.data) };
        assert_eq!((d.order_no.as_str(), d.order_status), ("A1\"x", crate::model::OrderStatus::Paid));
        assert_eq!(d.order_amount.unwrap().as_str(), "1.50");
        assert!(parse_event_without_raw(bodies[2]).unwrap().data == EventData::Unknown(serde_json::Value::Null));
    }

    #[test]
    fn unknown_event_data_keeps_numbers_as_written() {
        // Found by the `webhook` fuzz target: data of an unknown type went through
        // serde_json::from_value, which rewrites some numbers (`0.000001` as `1e-6`), so
        // `data` differed from `raw["data"]` and from parse_event_without_raw.
        let body = br#"{"eventId":"e","eventType":"NEW_KIND","data":{"a":0.000001,"b":111111111100000000000000000000000000000000000}}"#;
        let full = parse_event(body).unwrap();
        let lean = parse_event_without_raw(body).unwrap();
        let EventData::Unknown(data) = &full.data else { panic!("{:?}", full.data) };
        assert_eq!(data.to_string(), r#"{"a":0.000001,"b":111111111100000000000000000000000000000000000}"#);
        assert_eq!(Some(data), full.raw.get("data"));
        assert_eq!(full.data, lean.data);
    }

    #[test]
    fn typed_event_amounts_keep_every_digit() {
        // Found by the `webhook` fuzz target: 111111110111191.13 is, to the last digit, the
        // shortest text of an f64 that is exactly between …12 and …13; read through a `Value`
        // → `Value` conversion serde_json handed it over as that f64 and wrote it back as …12.
        let body = br#"{"eventId":"e","eventType":"REFUND_ORDER_CHANGED","data":{"refundOrderNo":"R1","amount":111111110111191.13,"refundStatus":"REFUNDED"}}"#;
        for event in [parse_event(body).unwrap(), parse_event_without_raw(body).unwrap()] {
            let EventData::RefundOrderChanged(r) = event.data else { panic!("{:?}", event.data) };
            assert_eq!(r.amount.unwrap().as_str(), "111111110111191.13");
        }
    }

    #[test]
    fn invalid_utf8_in_an_unread_field_is_refused_by_both_parsers() {
        // Found by the `webhook` fuzz target: a byte 0xA7 inside an unknown field's string was
        // skipped unchecked by parse_event_without_raw while parse_event refused the body.
        let body = ABNORMAL.replacen(r#""token":"ETH_USDT""#, "\"extra\":\"ETH_\u{FFFD}SDT\"", 1).into_bytes();
        let i = body.windows(3).position(|w| w == "\u{FFFD}".as_bytes()).unwrap();
        let mut bad = body[..i].to_vec();
        bad.push(0xA7);
        bad.extend_from_slice(&body[i + 3..]);
        assert!(std::str::from_utf8(&bad).is_err());
        assert_eq!(parse_event(&bad).unwrap_err().code(), "webhook_malformed_json");
        assert_eq!(parse_event_without_raw(&bad).unwrap_err().code(), "webhook_malformed_json");
        // The same body with valid UTF-8 there parses with both.
        assert!(parse_event(&body).is_ok() && parse_event_without_raw(&body).is_ok());
    }

    #[test]
    fn tolerance_both_ways() {
        let h = sign_for_test(KEY, b"{}", 1_000_000).unwrap();
        let v = Verifier::new(KEY).unwrap();
        assert_eq!(v.verify_at(&h, b"{}", 1_000_000 + 120_001).unwrap_err().code(), "webhook_outside_tolerance");
        assert_eq!(v.verify_at(&h, b"{}", 1_000_000 - 120_001).unwrap_err().code(), "webhook_outside_tolerance");
        // Signature fine, body is not an event.
        assert_eq!(v.verify_at(&h, b"{}", 1_000_000 + 120_000).unwrap_err().code(), "webhook_malformed_json");
    }
}
