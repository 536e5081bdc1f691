//! Lazy pagination: core's `PageIter` behind a mutex; each `nextPage()` runs on the thread pool.

use std::sync::{Arc, Mutex};

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;
use wcheckout::client::PageIter;
use wcheckout::model::{AbnormalPayment, CheckoutOrder, RefundOrder, SettlementOrder};
use wcheckout::{Client, Error as CoreError, Operation};

use crate::error::{OrThrow, invalid};
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
    #[napi(ts_return_type = "Promise<string | null>")]
    pub fn next_page(&self) -> AsyncTask<NextPage> {
        AsyncTask::new(NextPage(self.pages.clone()))
    }
}

#[derive(Debug)]
pub struct NextPage(Arc<Mutex<Pages>>);

impl Task for NextPage {
    type Output = Option<Result<String, CoreError>>;
    type JsValue = Option<String>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // A poisoned lock means an earlier page panicked; report it instead of panicking again.
        let pages = self.0.clone();
        Ok(crate::error::no_panic(move || {
            Ok(match pages.lock() {
                Ok(mut pages) => pages.next_page(),
                Err(_) => Some(Err(invalid("this iterator failed earlier and cannot continue"))),
            })
        })
        .unwrap_or_else(|e| Some(Err(e))))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Option<String>> {
        output.transpose().or_throw(&env)
    }
}
