//! Inbound webhooks: core's `Verifier` (verify the raw body, then parse) and a sealed event type.

use std::sync::Arc;

use wcheckout::model as core;
use wcheckout::webhook::{self, EventData, Verifier};

use crate::enums::{AbnormalPaymentStatus, AbnormalPaymentType, OrderStatus, RefundStatus, SettleStatus, Token};
use crate::error::{FfiError, FfiResult};
use crate::models::mirror;
use wcheckout::Amount;

/// One HTTP header as received.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    /// Name (matched case-insensitively).
    pub name: String,
    /// Value.
    pub value: String,
}

mirror! {
    /// `CHECKOUT_ORDER_CHANGED` data.
    CheckoutOrderChangedData from CheckoutOrderChanged {
        /// Merchant order number.
        order_no: String,
        /// Token.
        token: Option<Token>,
        /// Stablecoin amount due.
        paying_amount: Option<Amount>,
        /// USD amount.
        order_amount: Option<Amount>,
        /// New status.
        order_status: OrderStatus,
        /// Amount refunded so far.
        refunded_amount: Option<Amount>,
        /// Payment transaction hash.
        tx_hash: Option<String>,
        /// Creation time.
        created_time: Option<String>,
        /// Update time.
        updated_time: Option<String>,
    }
}

mirror! {
    /// `REFUND_ORDER_CHANGED` data.
    RefundOrderChangedData from RefundOrderChanged {
        /// Merchant refund number.
        refund_order_no: String,
        /// Refunded order, when known.
        order_no: Option<String>,
        /// Token.
        token: Option<Token>,
        /// Refund amount.
        amount: Option<Amount>,
        /// New status.
        refund_status: RefundStatus,
        /// Creation time.
        created_time: Option<String>,
        /// Update time.
        updated_time: Option<String>,
    }
}

mirror! {
    /// `SETTLEMENT_ORDER_CHANGED` data.
    SettlementOrderChangedData from SettlementOrderChanged {
        /// Merchant settlement number.
        settlement_order_no: String,
        /// Token.
        token: Option<Token>,
        /// Destination address.
        address: Option<String>,
        /// Amount settled.
        settlement_amount: Option<Amount>,
        /// New status.
        settle_status: SettleStatus,
        /// Creation time.
        created_time: Option<String>,
        /// Update time.
        updated_time: Option<String>,
    }
}

mirror! {
    /// `ABNORMAL_PAYMENT` data.
    AbnormalPaymentData from AbnormalPaymentDetected {
        /// Abnormal payment number.
        abnormal_payment_no: String,
        /// Related order.
        order_no: Option<String>,
        /// Token.
        token: Option<Token>,
        /// Amount received.
        amount: Option<Amount>,
        /// Chain transaction hash.
        hash: Option<String>,
        /// Amount still to be handled.
        pending_amount: Option<Amount>,
        /// Type, when sent.
        abnormal_type: Option<AbnormalPaymentType>,
        /// Status, when sent.
        status: Option<AbnormalPaymentStatus>,
        /// Creation time.
        created_time: Option<String>,
        /// Update time.
        updated_time: Option<String>,
    }
}

/// A verified webhook event (or one the reconciler made from a poll). Every variant carries
/// `eventId` (deliveries may repeat), the body's own `timestamp` in seconds, `rawJson` (the whole
/// event, numbers exact), `dedupeKey` (the object and its new status, `order:<orderNo>:PAID`:
/// claim it with an `EventDeduplicator` to process the change once) and `reconciled` (true for an
/// event made by the reconciler).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum WebhookEvent {
    /// A payment order's status changed.
    CheckoutOrderChanged {
        event_id: String,
        timestamp: i64,
        data: CheckoutOrderChangedData,
        raw_json: String,
        dedupe_key: String,
        reconciled: bool,
    },
    /// A refund order's status changed.
    RefundOrderChanged {
        event_id: String,
        timestamp: i64,
        data: RefundOrderChangedData,
        raw_json: String,
        dedupe_key: String,
        reconciled: bool,
    },
    /// A settlement order's status changed.
    SettlementOrderChanged {
        event_id: String,
        timestamp: i64,
        data: SettlementOrderChangedData,
        raw_json: String,
        dedupe_key: String,
        reconciled: bool,
    },
    /// An over-, under- or late payment was detected.
    AbnormalPayment {
        event_id: String,
        timestamp: i64,
        data: AbnormalPaymentData,
        raw_json: String,
        dedupe_key: String,
        reconciled: bool,
    },
    /// An event type this SDK version does not know: kept, with its `data` as JSON text.
    Unknown {
        event_id: String,
        event_type: String,
        timestamp: i64,
        data_json: String,
        raw_json: String,
        dedupe_key: String,
        reconciled: bool,
    },
}

impl From<webhook::Event> for WebhookEvent {
    fn from(e: webhook::Event) -> Self {
        let raw_json = e.raw.to_string();
        let dedupe_key = e.dedupe_key();
        let reconciled = e.is_reconciled();
        let (event_id, timestamp) = (e.event_id, e.timestamp);
        match e.data {
            EventData::CheckoutOrderChanged(d) => WebhookEvent::CheckoutOrderChanged {
                event_id,
                timestamp,
                data: d.into(),
                raw_json,
                dedupe_key,
                reconciled,
            },
            EventData::RefundOrderChanged(d) => WebhookEvent::RefundOrderChanged {
                event_id,
                timestamp,
                data: d.into(),
                raw_json,
                dedupe_key,
                reconciled,
            },
            EventData::SettlementOrderChanged(d) => WebhookEvent::SettlementOrderChanged {
                event_id,
                timestamp,
                data: d.into(),
                raw_json,
                dedupe_key,
                reconciled,
            },
            EventData::AbnormalPayment(d) => {
                WebhookEvent::AbnormalPayment { event_id, timestamp, data: d.into(), raw_json, dedupe_key, reconciled }
            }
            EventData::Unknown(data) => WebhookEvent::Unknown {
                event_id,
                event_type: e.event_type.as_str().to_owned(),
                timestamp,
                data_json: data.to_string(),
                raw_json,
                dedupe_key,
                reconciled,
            },
            // EventData is non-exhaustive: a future core variant arrives as an unknown event.
            _ => WebhookEvent::Unknown {
                event_id,
                event_type: e.event_type.as_str().to_owned(),
                timestamp,
                data_json: e.raw.get("data").map(|d| d.to_string()).unwrap_or_else(|| "null".into()),
                raw_json,
                dedupe_key,
                reconciled,
            },
        }
    }
}

fn pairs(headers: Vec<HttpHeader>) -> Vec<(String, String)> {
    headers.into_iter().map(|h| (h.name, h.value)).collect()
}

/// Verifies webhook deliveries signed with one `signKey`.
#[derive(Debug, uniffi::Object)]
pub struct FfiVerifier {
    inner: Verifier,
}

#[uniffi::export]
impl FfiVerifier {
    /// A verifier; `tolerance_ms` (milliseconds, not negative) defaults to ±120 s. An empty key
    /// is an error.
    #[uniffi::constructor]
    pub fn new(sign_key: String, tolerance_ms: Option<i64>) -> FfiResult<Arc<Self>> {
        let mut inner = Verifier::new(&sign_key)?;
        if let Some(ms) = tolerance_ms {
            inner = inner.with_tolerance(crate::client::millis("tolerance", ms)?);
        }
        Ok(Arc::new(FfiVerifier { inner }))
    }

    /// The tolerance in use, in milliseconds (saturating).
    pub fn tolerance_ms(&self) -> i64 {
        i64::try_from(self.inner.tolerance().as_millis()).unwrap_or(i64::MAX)
    }

    /// Verifies headers and the raw body against the current clock, then parses the event.
    pub fn verify(&self, headers: Vec<HttpHeader>, body: Vec<u8>) -> FfiResult<WebhookEvent> {
        Ok(self.inner.verify(&pairs(headers), &body)?.into())
    }

    /// Verifies as if the time were `now_ms` (milliseconds since the epoch), then parses.
    pub fn verify_at(&self, headers: Vec<HttpHeader>, body: Vec<u8>, now_ms: i64) -> FfiResult<WebhookEvent> {
        let now = u64::try_from(now_ms).map_err(|_| FfiError::invalid_argument("nowMs must not be negative"))?;
        Ok(self.inner.verify_at(&pairs(headers), &body, now)?.into())
    }
}

/// Signs a webhook body as W Checkout does, for tests: the `SIGNATURE` and `TIMESTAMP` headers.
#[uniffi::export]
pub fn ffi_sign_webhook_for_test(sign_key: String, body: Vec<u8>, timestamp_ms: i64) -> FfiResult<Vec<HttpHeader>> {
    let ts = u64::try_from(timestamp_ms).map_err(|_| FfiError::invalid_argument("timestampMs must not be negative"))?;
    Ok(webhook::sign_for_test(&sign_key, &body, ts)?
        .into_iter()
        .map(|(name, value)| HttpHeader { name, value })
        .collect())
}

/// The body to answer a webhook with (HTTP 200).
#[uniffi::export]
pub fn webhook_acknowledgement() -> String {
    webhook::ACKNOWLEDGEMENT.to_owned()
}
