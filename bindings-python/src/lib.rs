//! Python bindings for the wcheckout core (module `wcheckout._native`). The binding converts
//! values and calls core; the pure-Python package on top adds enums, exceptions and `aio`.

mod cancel;
mod client;
mod convert;
mod errors;
mod fleet;
mod from_json;
mod iter;
mod logs;
mod models;
#[cfg(feature = "testing")]
mod testing;
mod to_py;
mod webhook;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("VERSION", wcheckout::VERSION)?;
    m.add("ERROR_CODES", wcheckout::Error::CODES.to_vec())?;
    m.add("ACKNOWLEDGEMENT", webhook::acknowledgement(py))?;
    m.add("DEFAULT_WEBHOOK_TOLERANCE", wcheckout::webhook::DEFAULT_TOLERANCE.as_secs())?;
    m.add_class::<client::Client>()?;
    m.add_class::<cancel::CancelToken>()?;
    m.add_class::<iter::PageIterator>()?;
    m.add_class::<models::Page>()?;
    m.add_class::<webhook::WebhookEvent>()?;
    m.add_class::<webhook::WebhookVerifier>()?;
    m.add_class::<webhook::Signer>()?;
    m.add_class::<fleet::EventDeduplicator>()?;
    m.add_class::<fleet::Reconciler>()?;
    m.add_class::<fleet::ReconcilePoll>()?;
    m.add_function(wrap_pyfunction!(webhook::sign_request, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::string_to_sign, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::sign_webhook_for_test, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::parse_envelope, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::canonicalize_json, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::parse_amount, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::amount_text, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::now_millis, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::enum_values, m)?)?;
    m.add_function(wrap_pyfunction!(errors::_panic_for_test, m)?)?;
    m.add_function(wrap_pyfunction!(models::model_schema, m)?)?;
    #[cfg(feature = "testing")]
    {
        m.add_class::<testing::NativeSandbox>()?;
        m.add_class::<testing::NativeInbox>()?;
    }
    Ok(())
}
