//! Checkout orders: create, cancel, info, list (spec §3.1–3.4), the order status after refunds,
//! and the `CHECKOUT_ORDER_CHANGED` payload.

use std::cmp::Ordering;

use serde_json::{Value, json};
use wcheckout::Amount;
use wcheckout::model::{CheckoutOrder, CreatedCheckoutOrder, EventType, OrderStatus, Token};

use crate::clock::{format_api, format_webhook};
use crate::params::{
    ApiError, ApiResult, Fields, merchant_no, opt_status, opt_str, opt_u64, page, paging, req_amount, req_str,
    req_token, require, to_json,
};
use crate::store::{BASE58, Order, State, random_from, random_hex};

/// Default `expiredIn`: 30 minutes.
pub(crate) const DEFAULT_EXPIRED_IN: u64 = 1800;
/// Longest accepted `expiredIn`: 30 days.
const MAX_EXPIRED_IN: u64 = 30 * 86_400;

/// Token contract (or mint) addresses; WUSD has none published, so the sandbox makes one up.
fn coin_address(token: &Token) -> &'static str {
    match token {
        Token::EthUsdt => "0xdac17f958d2ee523a2206206994597c13d831ec7",
        Token::EthUsdc => "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
        Token::TrxUsdt => "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        Token::TrxUsdc => "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8",
        Token::SolUsdt => "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
        Token::SolUsdc => "EPjFWdd5AufqSSqeM2qrxdaHwWqfYnkjSwoqYHmJbU3k",
        Token::EthWusd => "0x0000000000000000000000000000000000005a5d",
        _ => "",
    }
}

/// A plausible deposit address for the token's chain.
fn deposit_address(token: &Token) -> String {
    let t = token.as_str();
    if t.starts_with("TRX_") {
        format!("T{}", random_from(BASE58, 33))
    } else if t.starts_with("SOL_") {
        random_from(BASE58, 44)
    } else {
        random_hex(40)
    }
}

/// Removes trailing fractional zeros: `124.684500` → `124.6845`.
fn trim_zeros(a: Amount) -> Amount {
    let s = a.as_str();
    if !s.contains('.') {
        return a;
    }
    let t = s.trim_end_matches('0').trim_end_matches('.');
    Amount::parse(t).unwrap_or(a)
}

/// USD → token at the configured rate, exact when the rate is 1, else rounded to 6 places.
fn paying_amount(order_amount: &Amount, rate: &Amount) -> ApiResult<Amount> {
    if rate.cmp(&Amount::from_minor(1, 0).unwrap_or_else(|_| Amount::zero())) == Ordering::Equal {
        return Ok(order_amount.clone());
    }
    let v = order_amount.mul_rounded(rate, 6).map_err(|e| ApiError::invalid(format!("orderAmount: {e}")))?;
    if v.is_zero() {
        return Err(ApiError::invalid("orderAmount is too small to pay at the current exchange rate"));
    }
    Ok(trim_zeros(v))
}

/// `POST /checkout/order/create`.
pub(crate) fn create(st: &mut State, f: &Fields) -> ApiResult {
    require(f, &["orderNo", "customerId", "orderAmount", "token"])?;
    let order_no = merchant_no(f, "orderNo")?;
    let customer_id = req_str(f, "customerId")?;
    let order_amount = req_amount(f, "orderAmount")?;
    let token = req_token(f)?;
    let merchant_id = opt_str(f, "merchantId")?;
    let fiat = opt_str(f, "fiat")?;
    if let Some(fiat) = fiat.as_deref().filter(|f| *f != "USD") {
        return Err(ApiError::invalid(format!("fiat {fiat} is not supported: only USD")));
    }
    let expired_in = opt_u64(f, "expiredIn")?.unwrap_or(DEFAULT_EXPIRED_IN);
    if expired_in == 0 || expired_in > MAX_EXPIRED_IN {
        return Err(ApiError::invalid(format!("expiredIn must be between 1 and {MAX_EXPIRED_IN} seconds")));
    }
    let pc_callback_url = opt_str(f, "pcCallbackUrl")?;
    let app_callback_url = opt_str(f, "appCallbackUrl")?;
    if st.orders.contains(&order_no) {
        return Err(ApiError::duplicate("orderNo", &order_no));
    }
    let rate = st.settings.exchange_rate.clone();
    let paying = paying_amount(&order_amount, &rate)?;
    let sysid = st.next_id("OR");
    let now = st.now();
    let order = Order {
        payment_url: format!("{}/pay/{sysid}", st.settings.base_url),
        sysid,
        order_no: order_no.clone(),
        order_amount,
        paying_amount: paying,
        exchange_rate: rate,
        customer_id,
        merchant_id,
        coin_address: coin_address(&token).to_owned(),
        deposit_address: deposit_address(&token),
        token,
        fiat,
        expired_in,
        tx_hash: None,
        pc_callback_url,
        app_callback_url,
        status: OrderStatus::Paying,
        refunded_amount: Amount::zero(),
        created: now,
        updated: now,
    };
    let created = CreatedCheckoutOrder::from(to_model(&order));
    st.orders.insert(order_no, order);
    to_json(&created)
}

/// The order as the API returns it.
pub(crate) fn to_model(o: &Order) -> CheckoutOrder {
    CheckoutOrder {
        sysid: o.sysid.clone(),
        order_no: o.order_no.clone(),
        order_amount: Some(o.order_amount.clone()),
        paying_amount: Some(o.paying_amount.clone()),
        customer_id: Some(o.customer_id.clone()),
        merchant_id: o.merchant_id.clone(),
        expired_in: Some(o.expired_in),
        token: Some(o.token.clone()),
        tx_hash: o.tx_hash.clone(),
        deposit_address: Some(o.deposit_address.clone()),
        order_status: o.status.clone(),
        refunded_amount: Some(o.refunded_amount.clone()),
        payment_url: Some(o.payment_url.clone()),
        coin_address: Some(o.coin_address.clone()),
        exchange_rate: Some(o.exchange_rate.clone()),
        created_time: Some(format_api(o.created)),
        updated_time: Some(format_api(o.updated)),
    }
}

/// Info: the order plus `paymentUrl`, `coinAddress` and `exchangeRate` (enough to rebuild a
/// create response when a retried create answers "duplicate").
pub(crate) fn info_json(o: &Order) -> ApiResult {
    let mut v = to_json(&to_model(o))?;
    if let Value::Object(m) = &mut v {
        for (k, val) in
            [("fiat", &o.fiat), ("pcCallbackUrl", &o.pc_callback_url), ("appCallbackUrl", &o.app_callback_url)]
        {
            if let Some(x) = val {
                m.insert(k.into(), Value::String(x.clone()));
            }
        }
    }
    Ok(v)
}

/// `GET /checkout/order/info?orderNo=`.
pub(crate) fn info(st: &State, order_no: &str) -> ApiResult {
    info_json(st.orders.get(order_no).ok_or_else(|| ApiError::not_found("order", order_no))?)
}

/// `GET /checkout/order/cancel?orderNo=`: PAYING → CANCELLED.
pub(crate) fn cancel(st: &mut State, order_no: &str) -> ApiResult {
    let now = st.now();
    let order = st.orders.get_mut(order_no).ok_or_else(|| ApiError::not_found("order", order_no))?;
    if order.status != OrderStatus::Paying {
        return Err(ApiError::illegal(format!(
            "order {order_no} is {}: only PAYING orders can be cancelled",
            order.status
        )));
    }
    order.status = OrderStatus::Cancelled;
    order.updated = now;
    let order = order.clone();
    st.emit(EventType::CheckoutOrderChanged, event_data(&order));
    info_json(&order)
}

/// `POST /checkout/order/list`: filters `orderStatus`, `customerId`, `merchantId`, `orderNo`.
pub(crate) fn list(st: &State, f: &Fields) -> ApiResult {
    let (num, size) = paging(f)?;
    let status = opt_status(f, "orderStatus", OrderStatus::KNOWN)?;
    let customer = opt_str(f, "customerId")?;
    let merchant = opt_str(f, "merchantId")?;
    let order_no = opt_str(f, "orderNo")?;
    let items: Vec<CheckoutOrder> = st
        .orders
        .iter()
        .filter(|o| status.as_deref().is_none_or(|s| o.status.as_str() == s))
        .filter(|o| customer.as_deref().is_none_or(|c| o.customer_id == c))
        .filter(|o| merchant.as_deref().is_none_or(|m| o.merchant_id.as_deref() == Some(m)))
        .filter(|o| order_no.as_deref().is_none_or(|n| o.order_no == n))
        .map(to_model)
        .collect();
    page(items, num, size)
}

/// After a refund of this order changes: REFUNDING while one is in flight, else REFUNDED when
/// everything paid is refunded, PARTIAL_REFUNDED when some is, PAID when none is.
pub(crate) fn refresh_after_refund(st: &mut State, order_no: &str) {
    let in_flight = st
        .refunds
        .iter()
        .any(|r| r.abnormal_payment_no.is_none() && r.order_no.as_deref() == Some(order_no) && r.is_active());
    let now = st.now();
    let Some(order) = st.orders.get_mut(order_no) else { return };
    let next = if in_flight {
        OrderStatus::Refunding
    } else if order.refunded_amount >= order.paying_amount {
        OrderStatus::Refunded
    } else if !order.refunded_amount.is_zero() {
        OrderStatus::PartialRefunded
    } else {
        OrderStatus::Paid
    };
    if next != order.status {
        order.status = next;
        order.updated = now;
        let data = event_data(order);
        st.emit(EventType::CheckoutOrderChanged, data);
    }
}

/// `CHECKOUT_ORDER_CHANGED` data (spec §6.3: amounts as JSON numbers).
pub(crate) fn event_data(o: &Order) -> Value {
    let mut v = json!({
        "orderNo": o.order_no,
        "sysid": o.sysid,
        "token": o.token.as_str(),
        "payingAmount": o.paying_amount.to_json(),
        "orderAmount": o.order_amount.to_json(),
        "orderStatus": o.status.as_str(),
        "refundedAmount": o.refunded_amount.to_json(),
        "createdTime": format_webhook(o.created),
        "updatedTime": format_webhook(o.updated),
    });
    if let (Some(hash), Value::Object(m)) = (&o.tx_hash, &mut v) {
        m.insert("txHash".into(), Value::String(hash.clone()));
    }
    v
}

/// Moves every PAYING order whose `expiredIn` has passed to TIMEOUT (lazily, on each request).
pub(crate) fn expire_due(st: &mut State) {
    let now = st.now();
    let mut expired = Vec::new();
    for order in st.orders.iter_mut() {
        if order.status == OrderStatus::Paying && now >= order.deadline() {
            order.status = OrderStatus::Timeout;
            order.updated = order.deadline();
            expired.push(order.order_no.clone());
        }
    }
    for no in expired {
        if let Some(order) = st.orders.get(&no) {
            let data = event_data(order);
            st.emit(EventType::CheckoutOrderChanged, data);
        }
    }
}
