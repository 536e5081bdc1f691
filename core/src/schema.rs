//! The models as data: every field of every request, response and event type, with its wire
//! name, snake_case name, kind, whether it is always present, and its doc comment — derived
//! from the types themselves (`schemars` reads the serde attributes), so it can never drift.
//!
//! The bindings build on it: the Python models read their fields from it, the generated
//! `.pyi` and `.d.ts` model sections are written from it, and every suite has a guard test that
//! each field here is exposed. Add a field to a core model and all four languages get it.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde_json::Value;

use crate::Amount;
use crate::model::*;

impl JsonSchema for Amount {
    fn schema_name() -> Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "number"],
            "format": "decimal",
            "description": "An exact decimal amount (never a float).",
        })
    }
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Kind {
    /// Text.
    Text,
    /// An exact decimal amount.
    Amount,
    /// A whole number.
    Integer,
    /// `true`/`false`.
    Boolean,
    /// One of an enumeration's values (by enum name); unknown values are kept.
    Enum(String),
    /// A list of values.
    List(Box<Kind>),
    /// Another model (by name).
    Model(String),
    /// Any JSON.
    Json,
}

/// One field of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    /// The name on the wire (camelCase).
    pub wire: String,
    /// The snake_case name (Rust, Python).
    pub name: String,
    /// What it holds.
    #[serde(flatten)]
    pub kind: Kind,
    /// Never null in a decoded value: not an `Option` (it may still default when absent).
    pub required: bool,
    /// The field's doc comment.
    pub doc: String,
}

/// One model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// The type's name, e.g. `CheckoutOrder`.
    pub name: String,
    /// Request, response, event data, or page.
    pub role: Role,
    /// The type's doc comment.
    pub doc: String,
    /// Its fields, in declaration order.
    pub fields: Vec<Field>,
}

/// What a model is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// A request body the caller builds.
    Request,
    /// An object the API returns.
    Response,
    /// A webhook event's `data`.
    Event,
}

/// One enumeration and its known wire values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumSpec {
    /// The enum's name, e.g. `Token`.
    pub name: String,
    /// Its known wire values, in the spec's order.
    pub values: Vec<String>,
}

fn snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().trim().to_owned()
}

/// True when the property schema admits `null` (an `Option` field).
fn nullable(schema: &Value) -> bool {
    let null = |s: &Value| match s.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "null"),
        _ => false,
    };
    null(schema) || schema.get("anyOf").and_then(Value::as_array).is_some_and(|a| a.iter().any(null))
}

fn kind_of(schema: &Value, defs: &serde_json::Map<String, Value>) -> Kind {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r).to_owned();
        return match defs.get(&name) {
            _ if name == "Amount" => Kind::Amount,
            Some(d) if d.get("x-wire-enum").is_some() => Kind::Enum(name),
            _ => Kind::Model(name),
        };
    }
    if let Some(any) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
        let non_null: Vec<&Value> =
            any.iter().filter(|s| s.get("type").and_then(Value::as_str) != Some("null")).collect();
        if let [one] = non_null.as_slice() {
            return kind_of(one, defs);
        }
        return Kind::Json;
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or(""),
        _ => "",
    };
    match ty {
        "string" => Kind::Text,
        "integer" => Kind::Integer,
        "boolean" => Kind::Boolean,
        "array" => Kind::List(Box::new(schema.get("items").map_or(Kind::Json, |i| kind_of(i, defs)))),
        _ => Kind::Json,
    }
}

/// The wire field names of `T` in declaration order, as its derived `Deserialize` announces them
/// (the schema's property map is sorted).
fn declared_fields<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
    use serde::de::{self, Visitor};

    #[derive(Debug)]
    struct Found(Vec<&'static str>);
    impl std::fmt::Display for Found {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fields found")
        }
    }
    impl std::error::Error for Found {}
    impl de::Error for Found {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Found(Vec::new())
        }
    }

    struct Probe;
    impl<'de> de::Deserializer<'de> for Probe {
        type Error = Found;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Found> {
            Err(Found(Vec::new()))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Found> {
            Err(Found(fields.to_vec()))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    match T::deserialize(Probe) {
        Err(Found(fields)) => fields,
        Ok(_) => Vec::new(),
    }
}

fn model<T: JsonSchema + serde::de::DeserializeOwned>(role: Role) -> Model {
    let schema = schemars::generate::SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<T>();
    let root = schema.as_value();
    let empty = serde_json::Map::new();
    let defs = root.get("$defs").and_then(Value::as_object).unwrap_or(&empty);
    let props = root.get("properties").and_then(Value::as_object).unwrap_or(&empty);
    let mut order = declared_fields::<T>();
    // Anything the schema has that the probe did not report (never expected) goes last.
    order.extend(props.keys().map(String::as_str).filter(|k| !order.contains(k)).collect::<Vec<_>>());
    let fields = order
        .iter()
        .filter_map(|wire| props.get(*wire).map(|s| (*wire, s)))
        .map(|(wire, s)| Field {
            wire: wire.to_owned(),
            name: snake(wire),
            kind: kind_of(s, defs),
            required: !nullable(s),
            doc: text(s, "description"),
        })
        .collect();
    Model { name: T::schema_name().into_owned(), role, doc: text(root, "description"), fields }
}

/// Every model: requests, responses and webhook event data.
pub fn models() -> Vec<Model> {
    vec![
        model::<CreateCheckoutOrderRequest>(Role::Request),
        model::<ListCheckoutOrdersRequest>(Role::Request),
        model::<CreateRefundOrderRequest>(Role::Request),
        model::<CreateAbnormalPaymentRefundRequest>(Role::Request),
        model::<ListRefundOrdersRequest>(Role::Request),
        model::<CreateSettlementOrderRequest>(Role::Request),
        model::<CreateFiatSettlementOrderRequest>(Role::Request),
        model::<ListSettlementOrdersRequest>(Role::Request),
        model::<ListAbnormalPaymentsRequest>(Role::Request),
        model::<CreatedCheckoutOrder>(Role::Response),
        model::<CheckoutOrder>(Role::Response),
        model::<RefundOrder>(Role::Response),
        model::<SettlementOrder>(Role::Response),
        model::<AbnormalPayment>(Role::Response),
        model::<CheckoutOrderChanged>(Role::Event),
        model::<RefundOrderChanged>(Role::Event),
        model::<SettlementOrderChanged>(Role::Event),
        model::<AbnormalPaymentDetected>(Role::Event),
    ]
}

/// Every enumeration with its known values.
pub fn enums() -> Vec<EnumSpec> {
    fn spec(name: &str, values: &[&str]) -> EnumSpec {
        EnumSpec { name: name.to_owned(), values: values.iter().map(|v| (*v).to_owned()).collect() }
    }
    vec![
        spec("Token", Token::KNOWN),
        spec("OrderStatus", OrderStatus::KNOWN),
        spec("RefundStatus", RefundStatus::KNOWN),
        spec("SettleStatus", SettleStatus::KNOWN),
        spec("AbnormalPaymentType", AbnormalPaymentType::KNOWN),
        spec("AbnormalPaymentStatus", AbnormalPaymentStatus::KNOWN),
        spec("EventType", EventType::KNOWN),
    ]
}

/// `{"models": [...], "enums": [...]}` as JSON, for bindings and generators.
pub fn to_json() -> Value {
    serde_json::json!({ "models": models(), "enums": enums() })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn fields_kinds_and_optionality_come_from_the_types() {
        let all = models();
        let order = all.iter().find(|m| m.name == "CheckoutOrder").unwrap();
        let f = |n: &str| order.fields.iter().find(|f| f.wire == n).unwrap_or_else(|| panic!("{n}"));
        assert_eq!((f("orderNo").kind.clone(), f("orderNo").required), (Kind::Text, true));
        assert!(f("sysid").required, "a defaulted String is never null");
        assert_eq!((f("orderAmount").kind.clone(), f("orderAmount").required), (Kind::Amount, false));
        assert_eq!(f("orderStatus").kind, Kind::Enum("OrderStatus".into()));
        assert_eq!(f("expiredIn").kind, Kind::Integer);
        assert_eq!(f("txHash").name, "tx_hash");
        assert!(f("orderStatus").doc.contains("Status"), "{:?}", f("orderStatus").doc);
        let settle = all.iter().find(|m| m.name == "CreateSettlementOrderRequest").unwrap();
        let nos = settle.fields.iter().find(|f| f.wire == "orderNos").unwrap();
        assert_eq!(nos.kind, Kind::List(Box::new(Kind::Text)));
        // Every field of the serialised JSON of a fully populated value is in the schema.
        let json = serde_json::to_value(CheckoutOrder {
            sysid: "OR1".into(),
            order_no: "A1".into(),
            order_amount: Some(Amount::zero()),
            paying_amount: Some(Amount::zero()),
            customer_id: Some("c".into()),
            merchant_id: Some("m".into()),
            expired_in: Some(1),
            token: Some(Token::EthUsdt),
            tx_hash: Some("0x".into()),
            deposit_address: Some("d".into()),
            order_status: OrderStatus::Paid,
            refunded_amount: Some(Amount::zero()),
            payment_url: Some("u".into()),
            coin_address: Some("c".into()),
            exchange_rate: Some(Amount::zero()),
            created_time: Some("t".into()),
            updated_time: Some("t".into()),
        })
        .unwrap();
        let wire: Vec<&str> = order.fields.iter().map(|f| f.wire.as_str()).collect();
        for key in json.as_object().unwrap().keys() {
            assert!(wire.contains(&key.as_str()), "{key} missing from the schema");
        }
        assert_eq!(wire.len(), json.as_object().unwrap().len());
    }
}
