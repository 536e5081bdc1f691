//! Every operation of the client against the real sandbox over loopback HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{Env, amount, unique};
use wcheckout::model::*;

fn create_paid_order(env: &Env, c: &wcheckout::Client, usd: &str) -> (String, CreatedCheckoutOrder) {
    let no = unique("ORD");
    let mut req = CreateCheckoutOrderRequest::new(&no, amount(usd), "cust1", Token::EthUsdt);
    req.merchant_id = Some("m1".into());
    req.expired_in = Some(600);
    let created = c.create_checkout_order(&req, Some("122.51.210.205")).unwrap();
    env.pay(&no, created.paying_amount.as_ref().unwrap().as_str());
    (no, created)
}

#[test]
fn checkout_orders_create_info_cancel_list() {
    let env = Env::start();
    let c = env.client();
    let no = unique("A");
    let req = CreateCheckoutOrderRequest::new(&no, amount("0.50"), "6", Token::EthUsdt);
    let created = c.create_checkout_order(&req, None).unwrap();
    assert_eq!(created.order_no, no);
    assert!(created.sysid.starts_with("OR"), "{}", created.sysid);
    assert_eq!(created.paying_amount.as_ref().unwrap(), &amount("0.5"));
    assert!(created.payment_url.is_some() && created.deposit_address.is_some());

    let info = c.get_checkout_order_info(&no).unwrap();
    assert_eq!(info.order_status, OrderStatus::Paying);
    assert_eq!(info.order_amount.unwrap().as_str(), "0.50", "the caller's digits survive the round trip");

    let cancelled = c.cancel_checkout_order(&no).unwrap();
    assert_eq!(cancelled.order_status, OrderStatus::Cancelled);

    let (paid, _) = create_paid_order(&env, &c, "3");
    assert_eq!(c.get_checkout_order_info(&paid).unwrap().order_status, OrderStatus::Paid);

    let page = c
        .list_checkout_orders(&ListCheckoutOrdersRequest {
            page_num: Some(1),
            page_size: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.records.len(), 1);
    let paid_only = c
        .list_checkout_orders(&ListCheckoutOrdersRequest {
            order_status: Some(OrderStatus::Paid),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(paid_only.records.iter().map(|o| o.order_no.as_str()).collect::<Vec<_>>(), vec![paid.as_str()]);
    let all: Vec<_> = c
        .iter_checkout_orders(ListCheckoutOrdersRequest { page_size: Some(1), ..Default::default() })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all.len(), 2, "the iterator walks both pages");
}

#[test]
fn refund_orders_create_cancel_info_list() {
    let env = Env::start();
    let c = env.client();
    let (order_no, _) = create_paid_order(&env, &c, "100");

    let r1 = unique("R");
    let refund = c.create_refund_order(&CreateRefundOrderRequest::for_order(&r1, &order_no, amount("40.25"))).unwrap();
    assert_eq!(refund.refund_status, RefundStatus::PendingRefund);
    assert!(refund.sysid.starts_with("RF"));
    assert_eq!(c.get_refund_order_info(&r1).unwrap().amount.unwrap().as_str(), "40.25");
    assert_eq!(c.cancel_refund_order(&r1).unwrap().refund_status, RefundStatus::Cancelled);

    let r2 = unique("R");
    c.create_refund_order(&CreateRefundOrderRequest::for_order(&r2, &order_no, amount("10"))).unwrap();
    env.control("POST", &format!("/_sandbox/refunds/{r2}/complete"), serde_json::json!({}));
    assert_eq!(c.get_refund_order_info(&r2).unwrap().refund_status, RefundStatus::Refunded);
    let order = c.get_checkout_order_info(&order_no).unwrap();
    assert_eq!(order.order_status, OrderStatus::PartialRefunded);
    assert_eq!(order.refunded_amount.unwrap(), amount("10"));

    let page = c
        .list_refund_orders(&ListRefundOrdersRequest { order_no: Some(order_no.clone()), ..Default::default() })
        .unwrap();
    assert_eq!(page.total, 2);
    let all: Vec<RefundOrder> = c
        .iter_refund_orders(ListRefundOrdersRequest { page_size: Some(1), ..Default::default() })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut nos: Vec<&str> = all.iter().map(|r| r.refund_order_no.as_str()).collect();
    nos.sort_unstable();
    let mut want = [r1.as_str(), r2.as_str()];
    want.sort_unstable();
    assert_eq!(nos, want);
}

#[test]
fn settlements_create_fiat_cancel_get_list() {
    let env = Env::start();
    let c = env.client();
    create_paid_order(&env, &c, "500");

    let s1 = unique("S");
    let s = c
        .create_settlement_order(&CreateSettlementOrderRequest {
            settlement_order_no: s1.clone(),
            merchant_id: Some("2".into()),
            token: Token::EthUsdt,
            address: "0x9f9D96DAB48f2E67BF93CCc7Ece46e09D5e4a22C".into(),
            amount: amount("100.233567"),
            order_nos: None,
        })
        .unwrap();
    assert_eq!(s.settle_status, SettleStatus::PendingSettlement);
    assert!(s.sysid.starts_with("ST"));
    assert_eq!(c.get_settlement_order(&s1).unwrap().settlement_amount.unwrap().as_str(), "100.233567");

    let s2 = unique("S");
    let fiat = c
        .create_fiat_settlement_order(&CreateFiatSettlementOrderRequest {
            settlement_order_no: s2.clone(),
            merchant_id: None,
            token: Token::EthUsdt,
            amount: amount("50"),
            fiat: "USD".into(),
            bank_account_id: "BANK1".into(),
            remark: None,
        })
        .unwrap();
    assert_eq!(fiat.settle_status, SettleStatus::PendingSettlement);
    assert_eq!(c.cancel_settlement_order(&s2).unwrap().settle_status, SettleStatus::Cancelled);

    let page = c.list_settlement_orders(&ListSettlementOrdersRequest::default()).unwrap();
    assert_eq!(page.total, 2);
    let cancelled = c
        .list_settlement_orders(&ListSettlementOrdersRequest {
            settle_status: Some(SettleStatus::Cancelled),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(cancelled.records.len(), 1);
    assert_eq!(c.iter_settlement_orders(ListSettlementOrdersRequest::default()).unwrap().count(), 2);
}

#[test]
fn abnormal_payments_list_and_refund() {
    let env = Env::start();
    let c = env.client();
    let no = unique("O");
    let created = c
        .create_checkout_order(&CreateCheckoutOrderRequest::new(&no, amount("10"), "c", Token::TrxUsdt), None)
        .unwrap();
    let due = created.paying_amount.unwrap();
    let sent = due.checked_add(&amount("2.5")).unwrap();
    env.pay(&no, sent.as_str());

    let page = c
        .list_abnormal_payments(&ListAbnormalPaymentsRequest { order_no: Some(no.clone()), ..Default::default() })
        .unwrap();
    assert_eq!(page.total, 1);
    let ap = &page.records[0];
    assert_eq!(ap.abnormal_type, Some(AbnormalPaymentType::OverPaid));
    assert_eq!(ap.pending_amount.as_ref().unwrap(), &amount("2.5"));
    assert_eq!(ap.status, Some(AbnormalPaymentStatus::Pending));

    let rf = unique("R");
    let refund = c
        .create_abnormal_payment_refund(&CreateAbnormalPaymentRefundRequest {
            refund_order_no: rf.clone(),
            order_no: no.clone(),
            tx_hash: ap.hash.clone().unwrap(),
            token: Token::TrxUsdt,
            remark: Some("over paid".into()),
        })
        .unwrap();
    assert_eq!(refund.amount.unwrap(), amount("2.5"), "the platform refunds the overpaid difference");
    env.control("POST", &format!("/_sandbox/refunds/{rf}/complete"), serde_json::json!({}));
    let after = c
        .iter_abnormal_payments(ListAbnormalPaymentsRequest::default())
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].status, Some(AbnormalPaymentStatus::Handled));
}

#[test]
fn raw_request_and_call_by_name() {
    let env = Env::start();
    let c = env.client();
    let no = unique("RAW");
    let body = format!(r#"{{ "orderNo": "{no}", "orderAmount": 1.10, "customerId": "a b", "token": "ETH_USDT" }}"#);
    let created = c.request("post", "/checkout/order/create", &[] as &[(&str, &str)], Some(&body)).unwrap();
    assert_eq!(created["orderNo"], no.as_str());
    let info = c.request("GET", "/checkout/order/info", &[("orderNo", no.as_str())], None).unwrap();
    assert_eq!(info["orderAmount"].to_string(), "1.10", "exact digits in raw JSON");

    let via_call = c.call(wcheckout::Operation::GetCheckoutOrderInfo, &serde_json::json!({"orderNo": no})).unwrap();
    assert_eq!(via_call["orderStatus"], "PAYING");
    let e = c.call(wcheckout::Operation::GetCheckoutOrderInfo, &serde_json::json!({})).unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
}
