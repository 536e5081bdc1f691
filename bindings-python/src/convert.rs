//! Value conversions between Python and core types. No protocol decisions here: amounts are
//! parsed by `wcheckout::Amount`, JSON by serde_json, header precedence by `wcheckout::webhook`.

use std::time::Duration;

use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PyModule, PyString, PyTuple, PyType,
};
use serde_json::Value;
use wcheckout::Amount;
use wcheckout::webhook::{SIGNATURE_HEADERS, TIMESTAMP_HEADERS};

use crate::errors::{IntoPyResult, invalid_argument};

/// Deepest JSON nesting accepted from Python (guards against cyclic or absurd structures).
const MAX_DEPTH: usize = 64;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static ENUMS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// `decimal.Decimal`.
pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

/// An amount as `decimal.Decimal`, with the exact digits.
pub fn amount_to_py(py: Python<'_>, amount: &Amount) -> PyResult<Py<PyAny>> {
    Ok(decimal_type(py)?.call1((amount.as_str(),))?.unbind())
}

fn enums_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ENUMS.get_or_try_init(py, || py.import("wcheckout.enums").map(Bound::unbind)).map(|m| m.bind(py))
}

/// The value → member table of `wcheckout.enums.<class_name>` (what `Class(value)` looks up).
pub fn enum_members(py: Python<'_>, class_name: &str) -> PyResult<Py<PyDict>> {
    let table = enums_module(py)?.getattr(class_name)?.getattr(intern!(py, "_value2member_map_"))?;
    Ok(table.cast_into::<PyDict>()?.unbind())
}

/// A wire enum value as the str-valued enum `wcheckout.enums.<class_name>`; an unknown value
/// becomes a pseudo-member (created and cached by the enum's `_missing_`).
pub fn enum_to_py(py: Python<'_>, class_name: &str, value: &str) -> PyResult<Py<PyAny>> {
    Ok(enums_module(py)?.getattr(class_name)?.call1((value,))?.unbind())
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_owned())
}

/// An amount given by Python: `decimal.Decimal`, `str` or `int`. Floats are refused (they cannot
/// hold money exactly); the text is then validated by `Amount::parse`.
#[derive(Debug, Clone)]
pub struct PyAmount(pub Amount);

impl<'a, 'py> FromPyObject<'a, 'py> for PyAmount {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let obj = obj.to_owned();
        let text = if obj.is_instance_of::<PyBool>() {
            return Err(PyTypeError::new_err("amount must be decimal.Decimal, str or int, not bool"));
        } else if obj.is_instance_of::<PyFloat>() {
            return Err(PyTypeError::new_err(
                "amount must be decimal.Decimal, str or int, not float: a float cannot represent money exactly \
                 (use decimal.Decimal(\"12.34\") or the string \"12.34\")",
            ));
        } else if let Ok(s) = obj.cast::<PyString>() {
            s.to_cow()?.into_owned()
        } else if obj.is_instance_of::<PyInt>() || obj.is_instance(decimal_type(obj.py())?)? {
            obj.str()?.to_cow()?.into_owned()
        } else {
            return Err(PyTypeError::new_err(format!(
                "amount must be decimal.Decimal, str or int, not {}",
                type_name(&obj)
            )));
        };
        Amount::parse(&text).py().map(PyAmount)
    }
}

/// JSON from a Python value: dict (str keys), list/tuple, str, int, Decimal, bool, None.
/// Floats are refused so that money never passes through binary floating point.
pub fn py_to_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_value(obj, 0)
}

fn to_value(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(invalid_argument(format!("JSON value nested deeper than {MAX_DEPTH} levels")));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err(
            "floats are not accepted in JSON values: use decimal.Decimal or str for amounts",
        ));
    }
    if obj.is_instance_of::<PyInt>() || obj.is_instance(decimal_type(obj.py())?)? {
        let text = obj.str()?.to_cow()?.into_owned();
        return text
            .parse::<serde_json::Number>()
            .map(Value::Number)
            .map_err(|_| invalid_argument(format!("{text:?} is not a finite JSON number")));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err(format!("JSON object keys must be str, not {}", type_name(&k))))?;
            map.insert(key.to_cow()?.into_owned(), to_value(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for item in obj.try_iter()? {
            items.push(to_value(&item?, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!("cannot convert {} to JSON", type_name(obj))))
}

/// Python from JSON: integers become `int`, every other number `decimal.Decimal` (exact digits).
pub fn value_to_py(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any().unbind()
            } else {
                let text = n.to_string();
                let integer = text.strip_prefix('-').unwrap_or(&text).bytes().all(|b| b.is_ascii_digit());
                let class = if integer { py.get_type::<PyInt>() } else { decimal_type(py)?.clone() };
                class.call1((text,))?.unbind()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, value_to_py(py, v)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

/// Query pairs from a dict or a sequence of `(name, value)` pairs, in order.
pub fn query_pairs(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    if obj.is_instance_of::<PyDict>() {
        return obj.call_method0("items")?.try_iter()?.map(|i| i?.extract()).collect();
    }
    obj.extract()
}

/// A JSON body given as text (sent as written, made canonical by core) or as Python values.
pub fn json_text(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if obj.is_none() {
        return Ok(None);
    }
    Ok(Some(match obj.cast::<PyString>() {
        Ok(s) => s.to_cow()?.into_owned(),
        Err(_) => py_to_value(obj)?.to_string(),
    }))
}

fn header_text(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        // Raw ASGI headers are bytes; HTTP header text is Latin-1.
        return Ok(b.as_bytes().iter().map(|&c| char::from(c)).collect());
    }
    Err(PyTypeError::new_err(format!("header {what} must be str or bytes, not {}", type_name(obj))))
}

/// Webhook headers from a mapping (dict, Flask/Werkzeug or Starlette headers) or an iterable of
/// `(name, value)` pairs. Only the signature and timestamp headers are kept, in arrival order.
pub fn webhook_headers(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err("headers must be a mapping or a list of (name, value) pairs, not a string"));
    }
    let wanted = |name: &str| {
        let name = name.trim();
        SIGNATURE_HEADERS.iter().chain(TIMESTAMP_HEADERS.iter()).any(|h| h.eq_ignore_ascii_case(name))
    };
    let mut out = Vec::new();
    // A plain dict (the common case; not a subclass, which may override `items`) is read
    // directly, without `.items()` and tuple unpacking.
    if let Ok(dict) = obj.cast_exact::<PyDict>() {
        for (k, v) in dict.iter() {
            let name = header_text(&k, "names")?;
            if wanted(&name) {
                out.push((name, header_text(&v, "values")?));
            }
        }
        return Ok(out);
    }
    let pairs = if obj.hasattr("items")? { obj.call_method0("items")? } else { obj.clone() };
    let iter = pairs.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "headers must be a mapping or a list of (name, value) pairs, not {}",
            type_name(obj)
        ))
    })?;
    for item in iter {
        let item = item?;
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
            item.extract().map_err(|_| PyTypeError::new_err("each header must be a (name, value) pair"))?;
        let name = header_text(&k, "names")?;
        if wanted(&name) {
            out.push((name, header_text(&v, "values")?));
        }
    }
    Ok(out)
}

/// The raw request body. `str` is refused: the signature covers the exact bytes received.
pub fn raw_body(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if obj.is_instance_of::<PyMemoryView>() {
        return Ok(obj.call_method0("tobytes")?.cast::<PyBytes>()?.as_bytes().to_vec());
    }
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "body must be the raw request body as bytes (Flask: request.get_data(), FastAPI/Starlette: \
             await request.body(), Django: request.body), not str: the signature covers the exact bytes \
             received, and decoding or re-serialising them can change what was signed",
        ));
    }
    Err(PyTypeError::new_err(format!("body must be bytes, not {}", type_name(obj))))
}

/// Bytes or text to sign (`str` is encoded as UTF-8; that is what would be sent).
pub fn sign_bytes(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    raw_body(obj)
}

/// A duration in seconds (`int`, `float` or `datetime.timedelta`).
pub fn duration(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Duration> {
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!("{what} must be a number of seconds, not bool")));
    }
    let seconds: f64 = if obj.hasattr("total_seconds")? {
        obj.call_method0("total_seconds")?.extract()?
    } else if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>() {
        obj.extract()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be seconds as int, float or datetime.timedelta, not {}",
            type_name(obj)
        )));
    };
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| invalid_argument(format!("{what} must be a finite, non-negative number of seconds")))
        .and_then(|d| {
            if d > Duration::from_secs(86_400 * 365) {
                Err(invalid_argument(format!("{what} is unreasonably large")))
            } else {
                Ok(d)
            }
        })
}
