//! Runs every shared vector in `tests/vectors/*.json` (the same files the Python, Node and Kotlin
//! suites load) against the core crate. A failure names the file and the vector.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use wcheckout::model::Envelope;
use wcheckout::signing::string_to_sign;
use wcheckout::webhook::{EventData, Verifier};
use wcheckout::{Amount, QueryPrefix, SignInput, Signer};

/// Every file this suite consumes. A new `*.json` in the folder fails `every_vector_file_is_consumed`
/// until a test for it is added here.
const CONSUMED: [&str; 5] = ["amounts.json", "enums.json", "envelope.json", "signing.json", "webhook.json"];

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn load(file: &str) -> Value {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
    assert!(
        v.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty()),
        "{file} has no top-level description"
    );
    v
}

/// The top-level keys of a file, so a new section cannot be added without a test reading it.
fn assert_sections(file: &str, v: &Value, sections: &[&str]) {
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut want: BTreeSet<&str> = sections.iter().copied().collect();
    want.insert("description");
    assert_eq!(keys, want, "{file}: unexpected top-level sections");
}

fn list<'a>(file: &str, v: &'a Value, key: &str) -> &'a [Value] {
    let items = v[key].as_array().unwrap_or_else(|| panic!("{file}: `{key}` is not a list"));
    assert!(!items.is_empty(), "{file}: `{key}` is empty");
    let mut names = BTreeSet::new();
    for item in items {
        let name = item["name"].as_str().unwrap_or_else(|| panic!("{file}: a `{key}` entry has no name: {item}"));
        assert!(names.insert(name), "{file}: duplicate vector name {name:?}");
    }
    items
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("vector {:?}: `{key}` is not a string", v["name"]))
}

fn u(v: &Value, key: &str) -> u64 {
    v[key].as_u64().unwrap_or_else(|| panic!("vector {:?}: `{key}` is not an integer", v["name"]))
}

/// The text of a JSON scalar as the vectors write expectations: strings as is, numbers by their digits.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[test]
fn every_vector_file_is_consumed() {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(vectors_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            found.insert(name);
        }
    }
    let consumed: BTreeSet<String> = CONSUMED.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(found, consumed, "tests/vectors/*.json and the files this suite consumes differ");
}

fn prefix(v: &Value) -> QueryPrefix {
    match s(v, "queryPrefix") {
        "none" => QueryPrefix::None,
        "questionMark" => QueryPrefix::QuestionMark,
        other => panic!("vector {:?}: unknown queryPrefix {other:?}", v["name"]),
    }
}

fn sign_input(v: &Value) -> SignInput<'_> {
    SignInput {
        method: s(v, "method"),
        timestamp: s(v, "timestamp"),
        path: s(v, "path"),
        query: s(v, "query"),
        body: s(v, "body").as_bytes(),
    }
}

#[test]
fn signing_vectors() {
    let file = "signing.json";
    let doc = load(file);
    assert_sections(file, &doc, &["vectors", "rejects"]);
    let vectors = list(file, &doc, "vectors");
    assert!(vectors.iter().any(|v| v["source"] == "official"), "the official vector is missing");
    for v in vectors {
        let name = s(v, "name");
        let prefix = prefix(v);
        let input = sign_input(v);
        let signer = Signer::new(s(v, "signKey")).unwrap_or_else(|e| panic!("{name}: {e}")).with_query_prefix(prefix);

        let sts = string_to_sign(&input, prefix).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(String::from_utf8(sts.clone()).unwrap(), s(v, "stringToSign"), "{name}: string to sign");
        assert_eq!(sts.len() as u64, u(v, "stringToSignBytes"), "{name}: string-to-sign length");

        let expected = s(v, "signature");
        assert_eq!(signer.sign(&input).unwrap_or_else(|e| panic!("{name}: {e}")), expected, "{name}: signature");
        assert_eq!(signer.sign_bytes(&sts), expected, "{name}: sign_bytes over the string to sign");
        assert_eq!(wcheckout::signing::sign_request(s(v, "signKey"), &input, prefix).unwrap(), expected, "{name}");
        signer.verify(&input, expected).unwrap_or_else(|e| panic!("{name}: verify failed: {e}"));

        // The same vector must fail when the signature or the body is disturbed.
        let mut wrong = expected.to_owned().into_bytes();
        wrong[10] = if wrong[10] == b'A' { b'B' } else { b'A' };
        let wrong = String::from_utf8(wrong).unwrap();
        assert_eq!(signer.verify(&input, &wrong).unwrap_err().code(), "signature_mismatch", "{name}");
        let longer_body = [input.body, b" "].concat();
        let altered = SignInput { body: &longer_body, ..input };
        assert_eq!(signer.verify(&altered, expected).unwrap_err().code(), "signature_mismatch", "{name}");
    }

    for v in list(file, &doc, "rejects") {
        let name = s(v, "name");
        let want = s(v, "error");
        let got = Signer::new(s(v, "signKey"))
            .and_then(|signer| signer.with_query_prefix(prefix(v)).sign(&sign_input(v)))
            .map(|sig| panic!("{name}: expected error {want}, got signature {sig}"))
            .unwrap_err();
        assert_eq!(got.code(), want, "{name}: {got}");
    }
}

/// The typed payload of a verified event, serialised back to JSON (amounts as exact numbers).
fn typed_data(data: &EventData) -> Value {
    match data {
        EventData::CheckoutOrderChanged(d) => serde_json::to_value(d),
        EventData::RefundOrderChanged(d) => serde_json::to_value(d),
        EventData::SettlementOrderChanged(d) => serde_json::to_value(d),
        EventData::AbnormalPayment(d) => serde_json::to_value(d),
        EventData::Unknown(v) => Ok(v.clone()),
        other => panic!("unhandled event data {other:?}"),
    }
    .unwrap()
}

#[test]
fn webhook_vectors() {
    let file = "webhook.json";
    let doc = load(file);
    assert_sections(file, &doc, &["cases"]);
    let (mut ok, mut failed) = (0, 0);
    for v in list(file, &doc, "cases") {
        let name = s(v, "name");
        let headers: Vec<(String, String)> = v["headers"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: headers is not a list"))
            .iter()
            .map(|pair| match pair.as_array().map(Vec::as_slice) {
                Some([k, val]) => (k.as_str().unwrap().to_owned(), val.as_str().unwrap().to_owned()),
                _ => panic!("{name}: a header is not a [name, value] pair: {pair}"),
            })
            .collect();
        let verifier = Verifier::new(s(v, "signKey"))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .with_tolerance(Duration::from_secs(u(v, "toleranceSec")));
        let result = verifier.verify_at(&headers, s(v, "body").as_bytes(), u(v, "nowMs"));
        let expect = &v["expect"];
        if let Some(code) = expect.get("error") {
            let err = result.map(|e| panic!("{name}: expected {code}, got event {e:?}")).unwrap_err();
            assert_eq!(err.code(), code.as_str().unwrap(), "{name}: {err}");
            failed += 1;
            continue;
        }
        assert_eq!(expect["ok"], Value::Bool(true), "{name}: expect is neither ok nor error");
        let event = result.unwrap_or_else(|e| panic!("{name}: expected ok, got {}: {e}", e.code()));
        assert_eq!(event.event_type.as_str(), s(expect, "eventType"), "{name}: eventType");
        assert_eq!(event.event_id, s(expect, "eventId"), "{name}: eventId");
        if let Some(ts) = expect.get("timestamp") {
            assert_eq!(Some(event.timestamp), ts.as_i64(), "{name}: body timestamp");
        }
        let typed = typed_data(&event.data);
        let fields = expect["data"].as_object().unwrap_or_else(|| panic!("{name}: expect.data missing"));
        assert!(!fields.is_empty(), "{name}: expect.data checks nothing");
        for (field, want) in fields {
            let want = want.as_str().unwrap_or_else(|| panic!("{name}: expect.data.{field} is not text"));
            let raw = text_of(&event.raw["data"][field]);
            assert_eq!(raw.as_deref(), Some(want), "{name}: raw data.{field}");
            let typed_text = text_of(&typed[field]);
            assert_eq!(typed_text.as_deref(), Some(want), "{name}: typed data.{field}");
        }
        ok += 1;
    }
    assert!(ok >= 5 && failed >= 5, "webhook.json should hold both valid and failing cases");
}

#[test]
fn amount_vectors() {
    let file = "amounts.json";
    let doc = load(file);
    assert_sections(file, &doc, &["parse", "rejects"]);
    for v in list(file, &doc, "parse") {
        let name = s(v, "name");
        let json = s(v, "json");
        let canonical = s(v, "canonical");
        let value: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: json is not JSON: {e}"));
        let a = Amount::from_json(&value).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(a.as_str(), canonical, "{name}: canonical text");
        // Deserialising the raw JSON text directly gives the same amount.
        let b: Amount = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: serde: {e}"));
        assert_eq!(b.as_str(), canonical, "{name}: serde canonical text");
        // Serialising writes the canonical text as a JSON number, which parses back to the same text and value.
        let out = serde_json::to_string(&a).unwrap();
        assert_eq!(out, canonical, "{name}: serialised");
        let again = Amount::parse(&out).unwrap_or_else(|e| panic!("{name}: reparse: {e}"));
        assert_eq!(again.as_str(), canonical, "{name}: reparsed text");
        assert_eq!(again, a, "{name}: reparsed value");
        // A value inside an object keeps its digits too.
        let wrapped = serde_json::to_string(&serde_json::json!({ "amount": a })).unwrap();
        assert_eq!(wrapped, format!("{{\"amount\":{canonical}}}"), "{name}: inside an object");
    }
    for v in list(file, &doc, "rejects") {
        let name = s(v, "name");
        let json = s(v, "json");
        let want = s(v, "error");
        let value: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: json is not JSON: {e}"));
        let err = Amount::from_json(&value).map(|a| panic!("{name}: expected {want}, got {a:?}")).unwrap_err();
        assert_eq!(err.code(), want, "{name}: {err}");
        assert!(serde_json::from_str::<Amount>(json).is_err(), "{name}: serde accepted it");
        if let Value::String(text) = &value {
            assert_eq!(Amount::parse(text).unwrap_err().code(), want, "{name}: Amount::parse");
        }
    }
}

#[test]
fn envelope_vectors() {
    let file = "envelope.json";
    let doc = load(file);
    assert_sections(file, &doc, &["cases"]);
    for v in list(file, &doc, "cases") {
        let name = s(v, "name");
        let status = u16::try_from(u(v, "httpStatus")).unwrap();
        let expect = &v["expect"];
        let result = Envelope::parse(s(v, "body").as_bytes()).and_then(|e| e.into_result(status));
        match expect.get("error").map(|c| c.as_str().unwrap()) {
            None => {
                assert_eq!(expect["ok"], Value::Bool(true), "{name}: expect is neither ok nor error");
                let got = result.unwrap_or_else(|e| panic!("{name}: expected ok, got {}: {e}", e.code()));
                assert_eq!(got.unwrap_or(Value::Null), expect["retdata"], "{name}: retdata");
            }
            Some(code) => {
                let err = result.map(|d| panic!("{name}: expected {code}, got ok {d:?}")).unwrap_err();
                assert_eq!(err.code(), code, "{name}: {err}");
                if code == "api_error" {
                    assert_eq!(err.retcode(), Some(s(expect, "retcode")), "{name}: retcode");
                    assert_eq!(err.retmsg(), Some(s(expect, "retmsg")), "{name}: retmsg");
                    assert_eq!(err.http_status().map(u64::from), expect["httpStatus"].as_u64(), "{name}: httpStatus");
                }
            }
        }
    }
}

fn strings(file: &str, v: &Value, key: &str) -> Vec<String> {
    let items = v[key].as_array().unwrap_or_else(|| panic!("{file}: `{key}` is not a list"));
    items
        .iter()
        .map(|x| x.as_str().unwrap_or_else(|| panic!("{file}: `{key}` holds a non-string")).to_owned())
        .collect()
}

#[test]
fn enum_vectors() {
    use wcheckout::model::{
        AbnormalPaymentStatus, AbnormalPaymentType, EventType, OrderStatus, RefundStatus, SettleStatus, Token,
    };
    let file = "enums.json";
    let doc = load(file);
    let sections = [
        ("token", Token::KNOWN),
        ("orderStatus", OrderStatus::KNOWN),
        ("refundStatus", RefundStatus::KNOWN),
        ("settleStatus", SettleStatus::KNOWN),
        ("abnormalPaymentType", AbnormalPaymentType::KNOWN),
        ("abnormalPaymentStatus", AbnormalPaymentStatus::KNOWN),
        ("eventType", EventType::KNOWN),
    ];
    let mut names: Vec<&str> = sections.iter().map(|(k, _)| *k).collect();
    names.push("notCodes");
    assert_sections(file, &doc, &names);
    for (key, known) in sections {
        assert_eq!(strings(file, &doc, key), known, "{file}: {key}");
    }
    for text in strings(file, &doc, "notCodes") {
        let t = Token::from_wire(&text);
        assert!(!t.is_known(), "{text} must not be a known token");
        assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{text}\""), "kept verbatim");
    }
}
