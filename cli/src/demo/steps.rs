//! The lifecycle the demo walks, one numbered step at a time.

use serde_json::json;
use wcheckout::Amount;
use wcheckout::model::EventType;
use wcheckout::model::{
    AbnormalPaymentType, CreateAbnormalPaymentRefundRequest, CreateCheckoutOrderRequest, CreateRefundOrderRequest,
    CreateSettlementOrderRequest, ListAbnormalPaymentsRequest, ListCheckoutOrdersRequest, ListRefundOrdersRequest,
    ListSettlementOrdersRequest, OrderStatus, RefundStatus, SettleStatus, Token,
};
use wcheckout::webhook::{Event, EventData};

use super::Demo;

fn step(n: u32, title: &str) {
    println!("\n── {n}. {title} ──");
}

fn amount(s: &str) -> Result<Amount, String> {
    Amount::parse(s).map_err(|e| e.to_string())
}

fn show_event(e: &Event) {
    println!("  ✉ webhook verified: {} {} ({})", e.event_type, e.event_id, summary(&e.data));
}

fn summary(data: &EventData) -> String {
    match data {
        EventData::CheckoutOrderChanged(d) => format!("order {} → {}", d.order_no, d.order_status),
        EventData::RefundOrderChanged(d) => format!("refund {} → {}", d.refund_order_no, d.refund_status),
        EventData::SettlementOrderChanged(d) => format!("settlement {} → {}", d.settlement_order_no, d.settle_status),
        EventData::AbnormalPayment(d) => format!(
            "abnormal payment {} on order {}: received {}, pending {}",
            d.abnormal_payment_no,
            d.order_no.as_deref().unwrap_or("?"),
            d.amount.as_ref().map_or("?", Amount::as_str),
            d.pending_amount.as_ref().map_or("?", Amount::as_str),
        ),
        _ => "unknown event".to_owned(),
    }
}

fn order_event(no: &str, status: OrderStatus) -> impl Fn(&Event) -> bool + '_ {
    move |e| matches!(&e.data, EventData::CheckoutOrderChanged(d) if d.order_no == no && d.order_status == status)
}

/// Runs every step; the first failure stops the walk.
pub fn walk(demo: &Demo) -> Result<(), String> {
    let c = &demo.client;
    let run = wcheckout::signing::now_millis();
    let order_no = format!("DEMO{run}");

    step(1, "Create a checkout order (12.50 USD in ETH_USDT)");
    let mut req = CreateCheckoutOrderRequest::new(&order_no, amount("12.50")?, "customer42", Token::EthUsdt);
    req.merchant_id = Some("merchant7".into());
    req.fiat = Some("USD".into());
    req.expired_in = Some(1800);
    let created = c.create_checkout_order(&req, Some("203.0.113.7")).map_err(|e| e.to_string())?;
    let paying = created.paying_amount.clone().ok_or("create returned no payingAmount")?;
    println!(
        "  order {} ({}): pay {} {} to {}",
        created.order_no,
        created.sysid,
        paying,
        created.token.as_ref().map_or("?", |t| t.as_str()),
        created.deposit_address.as_deref().unwrap_or("?")
    );
    println!("  payment page: {}", created.payment_url.as_deref().unwrap_or("-"));

    step(2, "The customer pays the exact amount on chain (simulated)");
    demo.control(
        "POST",
        &format!("/_sandbox/orders/{order_no}/pay"),
        json!({"amount": paying.as_str(), "txHash": format!("0xpay{run}")}),
    )?;

    step(3, "CHECKOUT_ORDER_CHANGED webhook arrives and is verified");
    show_event(&demo.receiver.wait_for("order PAID", order_event(&order_no, OrderStatus::Paid))?);

    step(4, "Read the order back (GetCheckoutOrderInfo)");
    let info = c.get_checkout_order_info(&order_no).map_err(|e| e.to_string())?;
    println!(
        "  status {} · tx {} · refunded {}",
        info.order_status,
        info.tx_hash.as_deref().unwrap_or("-"),
        info.refunded_amount.as_ref().map_or("0", Amount::as_str)
    );
    if info.order_status != OrderStatus::Paid {
        return Err(format!("expected PAID, got {}", info.order_status));
    }

    step(5, "Refund part of the order (2.50)");
    let refund_no = format!("RF{run}");
    let refund = c
        .create_refund_order(&CreateRefundOrderRequest::for_order(&refund_no, &order_no, amount("2.50")?))
        .map_err(|e| e.to_string())?;
    println!("  refund {} ({}) is {}", refund.refund_order_no, refund.sysid, refund.refund_status);
    demo.control("POST", &format!("/_sandbox/refunds/{refund_no}/process"), json!({}))?;
    demo.control("POST", &format!("/_sandbox/refunds/{refund_no}/complete"), json!({}))?;

    step(6, "REFUND_ORDER_CHANGED webhook (REFUNDED) and the order's new status");
    show_event(&demo.receiver.wait_for("refund REFUNDED", |e| {
        matches!(&e.data, EventData::RefundOrderChanged(d) if d.refund_order_no == refund_no && d.refund_status == RefundStatus::Refunded)
    })?);
    let info = c.get_checkout_order_info(&order_no).map_err(|e| e.to_string())?;
    println!(
        "  order is now {} with {} refunded",
        info.order_status,
        info.refunded_amount.as_ref().map_or("0", Amount::as_str)
    );

    step(7, "Settle 5.00 ETH_USDT to the merchant's wallet");
    let settlement_no = format!("ST{run}");
    let settlement = c
        .create_settlement_order(&CreateSettlementOrderRequest {
            settlement_order_no: settlement_no.clone(),
            merchant_id: Some("merchant7".into()),
            token: Token::EthUsdt,
            address: "0x9f9D96DAB48f2E67BF93CCc7Ece46e09D5e4a22C".into(),
            amount: amount("5.00")?,
            order_nos: Some(vec![order_no.clone()]),
        })
        .map_err(|e| e.to_string())?;
    println!("  settlement {} ({}) is {}", settlement.settlement_order_no, settlement.sysid, settlement.settle_status);
    demo.control("POST", &format!("/_sandbox/settlements/{settlement_no}/process"), json!({}))?;
    demo.control("POST", &format!("/_sandbox/settlements/{settlement_no}/complete"), json!({}))?;

    step(8, "SETTLEMENT_ORDER_CHANGED webhook (SETTLED)");
    show_event(&demo.receiver.wait_for("settlement SETTLED", |e| {
        matches!(&e.data, EventData::SettlementOrderChanged(d) if d.settlement_order_no == settlement_no && d.settle_status == SettleStatus::Settled)
    })?);

    step(9, "A second customer overpays: 20.00 sent for a 10.00 order");
    let over_no = format!("DEMO{run}B");
    let over = c
        .create_checkout_order(
            &CreateCheckoutOrderRequest::new(&over_no, amount("10.00")?, "customer43", Token::TrxUsdt),
            None,
        )
        .map_err(|e| e.to_string())?;
    let due = over.paying_amount.clone().ok_or("create returned no payingAmount")?;
    let sent = due.checked_add(&amount("10.00")?).map_err(|e| e.to_string())?;
    let tx = format!("0xover{run}");
    demo.control("POST", &format!("/_sandbox/orders/{over_no}/pay"), json!({"amount": sent.as_str(), "txHash": tx}))?;
    show_event(&demo.receiver.wait_for("ABNORMAL_PAYMENT", |e| {
        e.event_type == EventType::AbnormalPayment
            && matches!(&e.data, EventData::AbnormalPayment(d) if d.order_no.as_deref() == Some(over_no.as_str()))
    })?);

    step(10, "List abnormal payments (GetAbnormalPaymentList)");
    let list = ListAbnormalPaymentsRequest { order_no: Some(over_no.clone()), ..Default::default() };
    let page = c.list_abnormal_payments(&list).map_err(|e| e.to_string())?;
    let abnormal = page.records.first().ok_or("no abnormal payment listed")?;
    println!(
        "  {} · {} · received {} · pending {}",
        abnormal.abnormal_payment_no,
        abnormal.abnormal_type.as_ref().map_or("?", AbnormalPaymentType::as_str),
        abnormal.amount.as_ref().map_or("?", Amount::as_str),
        abnormal.pending_amount.as_ref().map_or("?", Amount::as_str)
    );

    step(11, "Refund the overpayment (CreateAbnormalPaymentRefund)");
    let abnormal_refund_no = format!("RF{run}B");
    let r = c
        .create_abnormal_payment_refund(&CreateAbnormalPaymentRefundRequest {
            refund_order_no: abnormal_refund_no.clone(),
            order_no: over_no.clone(),
            tx_hash: abnormal.hash.clone().unwrap_or(tx),
            token: Token::TrxUsdt,
            remark: Some("overpayment returned".into()),
        })
        .map_err(|e| e.to_string())?;
    println!(
        "  refund {} for {} is {}",
        r.refund_order_no,
        r.amount.as_ref().map_or("?", Amount::as_str),
        r.refund_status
    );
    demo.control("POST", &format!("/_sandbox/refunds/{abnormal_refund_no}/complete"), json!({}))?;
    show_event(&demo.receiver.wait_for("abnormal refund REFUNDED", |e| {
        matches!(&e.data, EventData::RefundOrderChanged(d) if d.refund_order_no == abnormal_refund_no && d.refund_status == RefundStatus::Refunded)
    })?);

    step(12, "Lists, fetched page by page (page size 1 to show paging)");
    let orders: Vec<_> = c
        .iter_checkout_orders(ListCheckoutOrdersRequest { page_size: Some(1), ..Default::default() })
        .map_err(|e| e.to_string())?
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    for o in &orders {
        println!(
            "  order      {:<22} {:<16} {}",
            o.order_no,
            o.order_status,
            o.order_amount.as_ref().map_or("?", Amount::as_str)
        );
    }
    let refunds: Vec<_> = c
        .iter_refund_orders(ListRefundOrdersRequest::default())
        .map_err(|e| e.to_string())?
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    for r in &refunds {
        println!(
            "  refund     {:<22} {:<16} {}",
            r.refund_order_no,
            r.refund_status,
            r.amount.as_ref().map_or("?", Amount::as_str)
        );
    }
    let settlements: Vec<_> = c
        .iter_settlement_orders(ListSettlementOrdersRequest::default())
        .map_err(|e| e.to_string())?
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    for s in &settlements {
        println!(
            "  settlement {:<22} {:<16} {}",
            s.settlement_order_no,
            s.settle_status,
            s.settlement_amount.as_ref().map_or("?", Amount::as_str)
        );
    }
    let abnormal_all: Vec<_> = c
        .iter_abnormal_payments(ListAbnormalPaymentsRequest::default())
        .map_err(|e| e.to_string())?
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    for a in &abnormal_all {
        println!(
            "  abnormal   {:<22} {:<16} {}",
            a.abnormal_payment_no,
            a.status.as_ref().map_or("?", |s| s.as_str()),
            a.pending_amount.as_ref().map_or("?", Amount::as_str)
        );
    }
    if orders.len() != 2 || refunds.len() != 2 || settlements.len() != 1 || abnormal_all.len() != 1 {
        return Err(format!(
            "expected 2 orders, 2 refunds, 1 settlement, 1 abnormal payment; listed {}, {}, {}, {}",
            orders.len(),
            refunds.len(),
            settlements.len(),
            abnormal_all.len()
        ));
    }
    Ok(())
}
