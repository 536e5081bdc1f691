//! Lazy pagination: core's `PageIter` behind a mutex; each `nextPage()` runs on the SDK's worker
//! threads.

use std::sync::{Arc, Mutex};

use napi::Env;
use napi::bindgen_prelude::Object;
use napi_derive::napi;
use wcheckout::client::PageIter;
use wcheckout::model::{AbnormalPayment, CheckoutOrder, RefundOrder, SettlementOrder};
use wcheckout::{Client, Error as CoreError, Operation};

use crate::error::invalid;
use crate::json::{parse_request, typed_out};

#[derive(Debug)]
enum Pages {
    Checkout(PageIter<CheckoutOrder>),
    Refund(PageIter<RefundOrder>),
    Settlement(PageIter<SettlementOrder>),
    Abnormal(PageIter<AbnormalPayment>),
}

impl Pages {
    fn next_page(&mut self) -> Option<Result<String, CoreError>> {
        fn out<T: serde::Serialize>(p: Option<Result<T, CoreError>>) -> Option<Result<String, CoreError>> {
            p.map(|r| r.and_then(|page| typed_out(&page)))
        }
        match self {
            Pages::Checkout(it) => out(it.next_page()),
            Pages::Refund(it) => out(it.next_page()),
            Pages::Settlement(it) => out(it.next_page()),
            Pages::Abnormal(it) => out(it.next_page()),
        }
    }
}

/// Iterates the pages of one list call.
#[derive(Debug)]
#[napi]
pub struct PageCursor {
    pages: Arc<Mutex<Pages>>,
}

impl PageCursor {
    pub fn new(client: &Client, op: Operation, request: &str) -> Result<Self, CoreError> {
        use Operation as O;
        let what = op.name();
        let pages = match op {
            O::GetCheckoutOrderList => Pages::Checkout(client.iter_checkout_orders(parse_request(what, request)?)?),
            O::GetRefundOrderList => Pages::Refund(client.iter_refund_orders(parse_request(what, request)?)?),
            O::GetSettlementOrderList => {
                Pages::Settlement(client.iter_settlement_orders(parse_request(what, request)?)?)
            }
            O::GetAbnormalPaymentList => Pages::Abnormal(client.iter_abnormal_payments(parse_request(what, request)?)?),
            other => return Err(invalid(format!("{} is not a list operation", other.name()))),
        };
        Ok(PageCursor { pages: Arc::new(Mutex::new(pages)) })
    }
}

#[napi]
impl PageCursor {
    /// Resolves with the next page as JSON text, or `null` after the last one.
    #[napi(ts_return_type = "Promise<NativeOutcome>")]
    pub fn next_page<'env>(&self, env: &'env Env) -> napi::Result<Object<'env>> {
        let pages = self.pages.clone();
        crate::client::start(env, move || match pages.lock() {
            Ok(mut pages) => pages.next_page().transpose(),
            // A poisoned lock means an earlier page panicked; report it instead of panicking again.
            Err(_) => Err(invalid("this iterator failed earlier and cannot continue")),
        })
    }
}
