//! Core values as Python: the models of `wcheckout.models` (generated from the core's model
//! schema) filled from the core structs through serde, amounts as `decimal.Decimal`, statuses and
//! tokens as the str-valued enums of `wcheckout.enums`; and the `Page` of list calls.

use std::collections::HashMap;

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
pub fn field_repr(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        // str-valued enums are str instances: show the wire text, not `<Enum.X: 'X'>`.
        return Ok(PyString::new(value.py(), &s.to_cow()?).repr()?.to_string());
    }
    Ok(value.repr()?.to_string())
}

/// Builds the Python model (`wcheckout.models.<Name>`) of a core model value. The fields, their
/// order and their kinds come from the core's model schema (`wcheckout::schema`), so a field added
/// to a core type appears here with no binding edit; the Python classes are generated from the
/// same schema (`scripts/gen_models.py`). Converted straight from the struct (see `to_py.rs`).
pub fn to_model<T: serde::Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    crate::to_py::to_py(py, value)
}

/// `wcheckout.enums.<enum_name>(text)`, through each class's value → member table.
pub fn enum_member(py: Python<'_>, enum_name: &str, text: &str) -> PyResult<Py<PyAny>> {
    static TABLES: PyOnceLock<HashMap<String, Py<PyDict>>> = PyOnceLock::new();
    let tables = TABLES.get_or_try_init(py, || -> PyResult<_> {
        let mut map = HashMap::new();
        for e in wcheckout::schema::enums() {
            map.insert(e.name.clone(), enum_members(py, &e.name)?);
        }
        Ok(map)
    })?;
    if let Some(member) = tables.get(enum_name).map(|t| t.bind(py).get_item(text)).transpose()?.flatten() {
        return Ok(member.unbind());
    }
    enum_to_py(py, enum_name, text)
}

/// The stored object of an idempotency conflict as its Python model.
pub fn existing_to_py(py: Python<'_>, existing: &wcheckout::error::ExistingObject) -> PyResult<Py<PyAny>> {
    use wcheckout::error::ExistingObject as E;
    match existing {
        E::CheckoutOrder(o) => to_model(py, &**o),
        E::RefundOrder(r) => to_model(py, &**r),
        E::SettlementOrder(s) => to_model(py, &**s),
        _ => Ok(py.None()),
    }
}

/// The core's model schema as JSON text (`wcheckout._native.model_schema()`): what the Python
/// models are generated from, and what the suite's guard tests compare against.
#[pyfunction]
pub fn model_schema() -> String {
    wcheckout::schema::to_json().to_string()
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
    pub fn from_core<T: serde::Serialize>(py: Python<'_>, page: m::Page<T>) -> PyResult<Self> {
        let has_more = page.has_more();
        let list = PyList::empty(py);
        for item in &page.records {
            list.append(to_model(py, item)?)?;
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
