//! Python views of the core's response models. Each class wraps the core struct unchanged and
//! converts a field only when it is read: amounts to `decimal.Decimal`, statuses and tokens to the
//! str-valued enums of `wcheckout.enums`, everything else to plain Python values.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use wcheckout::Amount;
use wcheckout::model as m;

use crate::convert::{amount_to_py, enum_members, enum_to_py, value_to_py};

/// A core field value that can be shown to Python.
pub trait ToPy {
    /// The Python value of this field.
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl ToPy for String {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(PyString::new(py, self).into_any().unbind())
    }
}

macro_rules! int_to_py {
    ($($t:ty),+) => {$(
        impl ToPy for $t {
            fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                Ok(self.into_pyobject(py)?.into_any().unbind())
            }
        }
    )+};
}
int_to_py!(u32, u64, i64);

impl ToPy for Amount {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        amount_to_py(py, self)
    }
}

impl ToPy for serde_json::Value {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        value_to_py(py, self)
    }
}

impl<T: ToPy> ToPy for Option<T> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Some(v) => v.to_py(py),
            None => Ok(py.None()),
        }
    }
}

impl<T: ToPy> ToPy for Vec<T> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let list = PyList::empty(py);
        for item in self {
            list.append(item.to_py(py)?)?;
        }
        Ok(list.into_any().unbind())
    }
}

macro_rules! enum_to_py {
    ($($t:ident),+) => {$(
        impl ToPy for m::$t {
            fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                // The class's value → member table, looked up once per process.
                static MEMBERS: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
                // (If the table cannot be found, the enum's constructor is the slower, sure path.)
                if let Ok(members) = MEMBERS.get_or_try_init(py, || enum_members(py, stringify!($t)))
                    && let Some(member) = members.bind(py).get_item(self.as_str())?
                {
                    return Ok(member.unbind());
                }
                enum_to_py(py, stringify!($t), self.as_str())
            }
        }
    )+};
}
enum_to_py!(Token, OrderStatus, RefundStatus, SettleStatus, AbnormalPaymentType, AbnormalPaymentStatus, EventType);

/// Python-style repr of one field value (enums shown by their text).
/// The stored object of an idempotency conflict as its Python model.
pub fn existing_to_py(py: Python<'_>, existing: &wcheckout::error::ExistingObject) -> PyResult<Py<PyAny>> {
    use wcheckout::error::ExistingObject as E;
    Ok(match existing {
        E::CheckoutOrder(o) => Py::new(py, CheckoutOrder((**o).clone()))?.into_any(),
        E::RefundOrder(r) => Py::new(py, RefundOrder((**r).clone()))?.into_any(),
        E::SettlementOrder(s) => Py::new(py, SettlementOrder((**s).clone()))?.into_any(),
        _ => py.None(),
    })
}

pub fn field_repr(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        // str-valued enums are str instances: show the wire text, not `<Enum.X: 'X'>`.
        return Ok(PyString::new(value.py(), &s.to_cow()?).repr()?.to_string());
    }
    Ok(value.repr()?.to_string())
}

/// Declares a frozen Python class around a core model, with one read-only attribute per field,
/// `to_dict()`, `to_json()` (the wire JSON, camelCase, exact amounts), `__repr__` and `__eq__`.
macro_rules! py_model {
    ($(#[$meta:meta])* $name:ident($core:ty) { $($field:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[pyclass(frozen, module = "wcheckout")]
        #[derive(Debug, Clone)]
        pub struct $name(pub $core);

        #[pymethods]
        impl $name {
            $(
                #[getter]
                fn $field(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                    $crate::errors::guard(|| $crate::models::ToPy::to_py(&self.0.$field, py))
                }
            )+

            /// The fields as a dict with snake_case keys.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                $crate::errors::guard(|| {
                    let d = PyDict::new(py);
                    $( d.set_item(stringify!($field), $crate::models::ToPy::to_py(&self.0.$field, py)?)?; )+
                    Ok(d)
                })
            }

            /// The object as wire JSON text (camelCase keys, amounts as exact JSON numbers).
            fn to_json(&self) -> PyResult<String> {
                serde_json::to_string(&self.0).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                $crate::errors::guard(|| {
                    let mut parts: Vec<String> = Vec::new();
                    $(
                        let v = $crate::models::ToPy::to_py(&self.0.$field, py)?;
                        let v = v.bind(py);
                        if !v.is_none() {
                            parts.push(format!("{}={}", stringify!($field), $crate::models::field_repr(v)?));
                        }
                    )+
                    Ok(format!("{}({})", stringify!($name), parts.join(", ")))
                })
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<Self>().is_ok_and(|o| o.get().0 == self.0)
            }
        }
    };
}

py_model! {
    /// The result of `create_checkout_order`: where and how much the customer pays.
    CreatedCheckoutOrder(m::CreatedCheckoutOrder) {
        sysid, order_no, paying_amount, token, coin_address, exchange_rate, deposit_address, payment_url,
        expired_in, customer_id, merchant_id,
    }
}

py_model! {
    /// A checkout (payment) order.
    CheckoutOrder(m::CheckoutOrder) {
        sysid, order_no, order_amount, paying_amount, customer_id, merchant_id, expired_in, token, tx_hash,
        deposit_address, order_status, refunded_amount, payment_url, coin_address, exchange_rate,
        created_time, updated_time,
    }
}

py_model! {
    /// A refund order.
    RefundOrder(m::RefundOrder) {
        sysid, refund_order_no, order_no, abnormal_payment_no, token, amount, refund_status, tx_hash, address,
        remark, created_time, updated_time,
    }
}

py_model! {
    /// A settlement (payout) order.
    SettlementOrder(m::SettlementOrder) {
        sysid, settlement_order_no, merchant_id, token, address, settlement_amount, settle_status, fiat,
        bank_account_id, tx_hash, created_time, updated_time,
    }
}

py_model! {
    /// An over-, under- or late payment.
    AbnormalPayment(m::AbnormalPayment) {
        abnormal_payment_no, order_no, token, amount, hash, pending_amount, abnormal_type, status,
        created_time, updated_time,
    }
}

py_model! {
    /// `CHECKOUT_ORDER_CHANGED` webhook data.
    CheckoutOrderChanged(m::CheckoutOrderChanged) {
        order_no, token, paying_amount, order_amount, order_status, refunded_amount, tx_hash, created_time,
        updated_time,
    }
}

py_model! {
    /// `REFUND_ORDER_CHANGED` webhook data.
    RefundOrderChanged(m::RefundOrderChanged) {
        refund_order_no, order_no, token, amount, refund_status, created_time, updated_time,
    }
}

py_model! {
    /// `SETTLEMENT_ORDER_CHANGED` webhook data.
    SettlementOrderChanged(m::SettlementOrderChanged) {
        settlement_order_no, token, address, settlement_amount, settle_status, created_time, updated_time,
    }
}

py_model! {
    /// `ABNORMAL_PAYMENT` webhook data.
    AbnormalPaymentDetected(m::AbnormalPaymentDetected) {
        abnormal_payment_no, order_no, token, amount, hash, pending_amount, abnormal_type, status,
        created_time, updated_time,
    }
}

/// One page of a list call.
#[pyclass(frozen, module = "wcheckout", get_all)]
#[derive(Debug)]
pub struct Page {
    /// The items on this page.
    pub items: Py<PyList>,
    /// Total number of items across all pages.
    pub total: u64,
    /// This page's number, from 1.
    pub page_num: u32,
    /// The page size used.
    pub page_size: u32,
    /// True when later pages may hold more items.
    pub has_more: bool,
}

impl Page {
    /// Wraps a core page, converting each item with `wrap`.
    pub fn from_core<T, W>(py: Python<'_>, page: m::Page<T>, wrap: impl Fn(T) -> W) -> PyResult<Self>
    where
        W: pyo3::PyClass + Into<pyo3::PyClassInitializer<W>>,
    {
        let has_more = page.has_more();
        let list = PyList::empty(py);
        for item in page.records {
            list.append(Py::new(py, wrap(item))?)?;
        }
        Ok(Page {
            items: list.unbind(),
            total: page.total,
            page_num: page.page_num,
            page_size: page.page_size,
            has_more,
        })
    }
}

/// `Page[CheckoutOrder]` in annotations (a `types.GenericAlias`, as for built-in generics).
pub fn class_getitem(cls: &Bound<'_, PyType>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    Ok(cls.py().import("types")?.getattr("GenericAlias")?.call1((cls, key))?.unbind())
}

#[pymethods]
impl Page {
    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, PyType>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        class_getitem(cls, key)
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.items.bind(py).len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.items.bind(py).try_iter()?.into_any())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Page(page_num={}, page_size={}, total={}, items=<{} items>, has_more={})",
            self.page_num,
            self.page_size,
            self.total,
            self.items.bind(py).len(),
            if self.has_more { "True" } else { "False" }
        )
    }
}
