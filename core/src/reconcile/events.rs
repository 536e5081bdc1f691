//! The events the reconciler reports: the payload a webhook would carry for an object's current
//! status, with `eventId` `rcn:<dedupe key>` and the raw JSON in the webhook's shape.

use crate::error::{Error, Result};
use crate::model::{
    CheckoutOrder, CheckoutOrderChanged, EventType, RefundOrder, RefundOrderChanged, SettlementOrder,
    SettlementOrderChanged,
};
use crate::store::now_ms;
use crate::webhook::{Event, EventData, RECONCILED_PREFIX};

fn event(event_type: EventType, data: EventData, payload: serde_json::Value) -> Event {
    let key = data.dedupe_key().unwrap_or_default();
    let event_id = format!("{RECONCILED_PREFIX}{key}");
    let timestamp = i64::try_from(now_ms() / 1000).unwrap_or(i64::MAX);
    let raw = serde_json::json!({
        "eventId": event_id,
        "eventType": event_type.as_str(),
        "timestamp": timestamp,
        "data": payload,
    });
    Event { event_id, event_type, timestamp, data, raw }
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| Error::internal(format!("encoding an event: {e}")))
}

pub(super) fn order_event(o: CheckoutOrder) -> Result<Event> {
    let d = CheckoutOrderChanged {
        order_no: o.order_no,
        token: o.token,
        paying_amount: o.paying_amount,
        order_amount: o.order_amount,
        order_status: o.order_status,
        refunded_amount: o.refunded_amount,
        tx_hash: o.tx_hash,
        created_time: o.created_time,
        updated_time: o.updated_time,
    };
    let payload = to_value(&d)?;
    Ok(event(EventType::CheckoutOrderChanged, EventData::CheckoutOrderChanged(d), payload))
}

pub(super) fn refund_event(r: RefundOrder) -> Result<Event> {
    let d = RefundOrderChanged {
        refund_order_no: r.refund_order_no,
        order_no: r.order_no,
        token: r.token,
        amount: r.amount,
        refund_status: r.refund_status,
        created_time: r.created_time,
        updated_time: r.updated_time,
    };
    let payload = to_value(&d)?;
    Ok(event(EventType::RefundOrderChanged, EventData::RefundOrderChanged(d), payload))
}

pub(super) fn settlement_event(s: SettlementOrder) -> Result<Event> {
    let d = SettlementOrderChanged {
        settlement_order_no: s.settlement_order_no,
        token: s.token,
        address: s.address,
        settlement_amount: s.settlement_amount,
        settle_status: s.settle_status,
        created_time: s.created_time,
        updated_time: s.updated_time,
    };
    let payload = to_value(&d)?;
    Ok(event(EventType::SettlementOrderChanged, EventData::SettlementOrderChanged(d), payload))
}
