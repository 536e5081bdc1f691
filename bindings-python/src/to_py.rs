//! Core values straight to Python through serde, with no intermediate `serde_json::Value`: a
//! struct becomes its generated model (`wcheckout.models.<Name>`, found by the struct's name), each
//! field converted by the kind the core's model schema gives it (amounts as `decimal.Decimal`,
//! enums as members of `wcheckout.enums`), lists as `list`, other maps as `dict`, JSON numbers as
//! `int` or `Decimal`.
//!
//! Instances are made without running Python code: `object.__new__(cls)`, then each slot set with
//! `PyObject_GenericSetAttr` (the models refuse `setattr` by design; `object.__setattr__` is the
//! same operation behind a Python-level call costing ~100 ns a field).

use std::collections::HashMap;
use std::fmt;

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple, PyType};
use serde::ser::{self, Serialize};
use wcheckout::schema::{Kind, Role};

use crate::convert::decimal_type;

/// serde_json's names for an exact number (`arbitrary_precision`) and a raw JSON value.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// One generated model class and its fields, in `__slots__` order.
pub(crate) struct ModelInfo {
    class: Py<PyType>,
    slots: Vec<Py<PyString>>,
    pub(crate) wires: Vec<String>,
    pub(crate) kinds: Vec<Kind>,
    /// Whether the core type requires the field (absent or null is an error).
    pub(crate) required: Vec<bool>,
    /// For an enum field, its class's value → member table (when found).
    pub(crate) enums: Vec<Option<Py<PyDict>>>,
}

pub(crate) fn models(py: Python<'_>) -> PyResult<&'static HashMap<String, ModelInfo>> {
    static MODELS: PyOnceLock<HashMap<String, ModelInfo>> = PyOnceLock::new();
    MODELS.get_or_try_init(py, || {
        let module = py.import("wcheckout.models")?;
        let mut map = HashMap::new();
        for m in wcheckout::schema::models().into_iter().filter(|m| m.role != Role::Request) {
            let class = module.getattr(m.name.as_str())?.cast_into::<PyType>()?;
            let slots: Vec<Py<PyString>> = class
                .getattr(pyo3::intern!(py, "__slots__"))?
                .cast_into::<PyTuple>()?
                .iter()
                .map(|s| s.cast_into::<PyString>().map(Bound::unbind))
                .collect::<Result<_, _>>()?;
            let names: Vec<&str> = m.fields.iter().map(|f| f.name.as_str()).collect();
            let same = slots.len() == names.len()
                && slots.iter().zip(&names).all(|(s, n)| s.bind(py).to_cow().is_ok_and(|s| s == *n));
            if !same {
                return Err(crate::errors::invalid_argument(format!(
                    "wcheckout.models.{} does not match the core's fields (regenerate models.py)",
                    m.name
                )));
            }
            let required = m.fields.iter().map(|f| f.required).collect();
            let enums = m
                .fields
                .iter()
                .map(|f| match &f.kind {
                    Kind::Enum(name) => crate::convert::enum_members(py, name).ok(),
                    _ => None,
                })
                .collect();
            let (wires, kinds) = m.fields.into_iter().map(|f| (f.wire, f.kind)).unzip();
            map.insert(m.name, ModelInfo { class: class.unbind(), slots, wires, kinds, required, enums });
        }
        Ok(map)
    })
}

/// The Python model of a core value (`T`'s serde form; structs become `wcheckout.models` classes).
pub fn to_py<T: Serialize + ?Sized>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    // Amounts serialise as their exact text (not serde_json's number token), read by field kind.
    wcheckout::exact_json::with_string_amounts(|| value.serialize(ToPy { py, kind: None })).map_err(|e| e.0)
}

/// `object.__new__(cls)`, then every slot set (absent fields `None`) without the model's
/// refusing `__setattr__`.
pub(crate) fn build(py: Python<'_>, info: &ModelInfo, values: Vec<Option<Py<PyAny>>>) -> PyResult<Py<PyAny>> {
    static OBJECT_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let new =
        OBJECT_NEW.get_or_try_init(py, || py.get_type::<pyo3::types::PyAny>().getattr("__new__").map(Bound::unbind))?;
    let obj = new.bind(py).call1((info.class.bind(py),))?;
    for (slot, value) in info.slots.iter().zip(values) {
        let value = value.unwrap_or_else(|| py.None());
        set_slot(&obj, slot.bind(py), value.bind(py))?;
    }
    Ok(obj.unbind())
}

/// Sets the slot `name` of `obj` as `object.__setattr__(obj, name, value)` does.
///
/// Why unsafe: pyo3's safe `setattr` goes through the class's own `__setattr__`, which the frozen
/// models refuse by design, and the safe detour (`object.__setattr__` called from Rust) is a
/// Python-level call costing ~100 ns a field — about 1 µs of a webhook's ~5 µs verify + parse,
/// enough to miss the 2× goal against `hmac` + `json.loads`. `PyObject_GenericSetAttr` is part of
/// the stable ABI (abi3) and is exactly what `object.__setattr__` runs.
#[allow(unsafe_code)] // one FFI call with no safe pyo3 wrapper; see the SAFETY note.
fn set_slot(obj: &Bound<'_, PyAny>, name: &Bound<'_, PyString>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    // SAFETY: the three pointers are live references borrowed for the duration of the call and
    // the GIL is held (the `Bound`s prove both); `name` is a `str`, as the function requires;
    // PyObject_GenericSetAttr steals no reference (it takes its own on `value`) and reports
    // failure as -1 with an exception set, which `PyErr::fetch` takes.
    let rc = unsafe { pyo3::ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value.as_ptr()) };
    if rc == 0 { Ok(()) } else { Err(PyErr::fetch(obj.py())) }
}

/// A `PyErr` carried through serde.
pub struct Error(PyErr);

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        Error(crate::errors::invalid_argument(msg.to_string()))
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e)
    }
}

type R = Result<Py<PyAny>, Error>;

/// Serialises one value; `kind` is the schema's kind of the field it fills, when known.
#[derive(Clone, Copy)]
struct ToPy<'a, 'py> {
    py: Python<'py>,
    kind: Option<&'a Kind>,
}

impl<'a, 'py> ToPy<'a, 'py> {
    fn obj(&self, v: impl IntoPyObject<'py>) -> R {
        Ok(v.into_py_any(self.py)?)
    }

    /// JSON number text: `int` when integral, else `Decimal` (exact digits either way).
    fn number(&self, text: &str) -> R {
        let integral = text.strip_prefix('-').unwrap_or(text).bytes().all(|b| b.is_ascii_digit());
        if matches!(self.kind, Some(Kind::Amount)) || !integral {
            Ok(decimal_type(self.py)?.call1((text,))?.unbind())
        } else {
            Ok(self.py.get_type::<PyInt>().call1((text,))?.unbind())
        }
    }

    fn item_kind(&self) -> Option<&'a Kind> {
        match self.kind {
            Some(Kind::List(item)) => Some(item),
            _ => None,
        }
    }
}

/// `serialize_i8` … `serialize_u64`: Python `int`s.
macro_rules! int_methods {
    ($($method:ident: $ty:ty),+) => {$(
        fn $method(self, v: $ty) -> R {
            self.obj(v)
        }
    )+};
}

impl<'a, 'py> ser::Serializer for ToPy<'a, 'py> {
    type Ok = Py<PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Map<'py>;
    type SerializeStruct = Struct<'a, 'py>;
    type SerializeStructVariant = Struct<'a, 'py>;

    fn serialize_bool(self, v: bool) -> R {
        Ok(PyBool::new(self.py, v).to_owned().into_any().unbind())
    }
    int_methods!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64);
    int_methods!(serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);
    fn serialize_f32(self, _: f32) -> R {
        Err(ser::Error::custom("a binary float cannot be converted exactly"))
    }
    fn serialize_f64(self, _: f64) -> R {
        Err(ser::Error::custom("a binary float cannot be converted exactly"))
    }
    fn serialize_char(self, v: char) -> R {
        self.obj(v.to_string())
    }
    fn serialize_str(self, v: &str) -> R {
        match self.kind {
            Some(Kind::Amount) => Ok(decimal_type(self.py)?.call1((v,))?.unbind()),
            Some(Kind::Enum(name)) => Ok(crate::models::enum_member(self.py, name, v)?),
            _ => Ok(PyString::new(self.py, v).into_any().unbind()),
        }
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        Ok(PyBytes::new(self.py, v).into_any().unbind())
    }
    fn serialize_none(self) -> R {
        Ok(self.py.None())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(self.py.None())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(self.py.None())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> R {
        let d = PyDict::new(self.py);
        d.set_item(variant, v.serialize(ToPy { py: self.py, kind: None })?)?;
        Ok(d.into_any().unbind())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, Error> {
        Ok(Seq { to: ToPy { py: self.py, kind: self.item_kind() }, items: Vec::with_capacity(len.unwrap_or(0)) })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'py>, Error> {
        Ok(Map { py: self.py, dict: PyDict::new(self.py), key: None })
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Struct<'a, 'py>, Error> {
        if name == NUMBER_TOKEN || name == RAW_TOKEN {
            return Ok(Struct { to: self, target: Target::Text(name, None) });
        }
        let model_name = match self.kind {
            Some(Kind::Model(n)) => n.as_str(),
            _ => name,
        };
        let models = models(self.py)?;
        Ok(match models.get(model_name) {
            Some(info) => Struct { to: self, target: Target::Model(info, info.slots.iter().map(|_| None).collect()) },
            None => Struct { to: self, target: Target::Dict(PyDict::new(self.py)) },
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Struct<'a, 'py>, Error> {
        Ok(Struct { to: self, target: Target::Dict(PyDict::new(self.py)) })
    }
}

/// A list being filled.
pub struct Seq<'a, 'py> {
    to: ToPy<'a, 'py>,
    items: Vec<Py<PyAny>>,
}

impl Seq<'_, '_> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.items.push(v.serialize(self.to)?);
        Ok(())
    }
    fn finish(self) -> R {
        Ok(PyList::new(self.to.py, self.items)?.into_any().unbind())
    }
}

macro_rules! seq_impl {
    ($($tr:ident :: $method:ident),+) => {$(
        impl ser::$tr for Seq<'_, '_> {
            type Ok = Py<PyAny>;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
                self.push(v)
            }
            fn end(self) -> R {
                self.finish()
            }
        }
    )+};
}
seq_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A dict being filled (JSON objects inside `Json` fields).
pub struct Map<'py> {
    py: Python<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Py<PyAny>>,
}

impl ser::SerializeMap for Map<'_> {
    type Ok = Py<PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        self.key = Some(k.serialize(ToPy { py: self.py, kind: None })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| <Error as ser::Error>::custom("map value without a key"))?;
        self.dict.set_item(key, v.serialize(ToPy { py: self.py, kind: None })?)?;
        Ok(())
    }
    fn end(self) -> R {
        Ok(self.dict.into_any().unbind())
    }
}

enum Target<'a, 'py> {
    /// A generated model: its values in slot order.
    Model(&'a ModelInfo, Vec<Option<Py<PyAny>>>),
    /// A struct with no model: a dict keyed by its wire names.
    Dict(Bound<'py, PyDict>),
    /// serde_json's exact number or raw value: its text.
    Text(&'static str, Option<String>),
}

/// A struct being filled.
pub struct Struct<'a, 'py> {
    to: ToPy<'a, 'py>,
    target: Target<'a, 'py>,
}

impl ser::SerializeStruct for Struct<'_, '_> {
    type Ok = Py<PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Error> {
        let py = self.to.py;
        match &mut self.target {
            Target::Model(info, values) => {
                // Fields come in schema order, so the slot after the last one filled is tried first.
                // A field the schema does not list (none today) is left out, as Python has no slot for it.
                let next = values.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
                let found = match info.wires.get(next) {
                    Some(w) if w == key => Some(next),
                    _ => info.wires.iter().position(|w| w == key),
                };
                if let Some(i) = found {
                    values[i] = Some(v.serialize(ToPy { py, kind: Some(&info.kinds[i]) })?);
                }
            }
            Target::Dict(d) => d.set_item(key, v.serialize(ToPy { py, kind: None })?)?,
            Target::Text(_, text) => {
                let s = v.serialize(ToPy { py, kind: None })?;
                *text = Some(s.bind(py).cast::<PyString>().map_err(PyErr::from)?.to_cow()?.into_owned());
            }
        }
        Ok(())
    }
    fn end(self) -> R {
        let py = self.to.py;
        match self.target {
            Target::Model(info, values) => Ok(build(py, info, values)?),
            Target::Dict(d) => Ok(d.into_any().unbind()),
            Target::Text(NUMBER_TOKEN, Some(text)) => self.to.number(&text),
            Target::Text(_, Some(raw)) => {
                let value: serde_json::Value = serde_json::from_str(&raw).map_err(<Error as ser::Error>::custom)?;
                Ok(crate::convert::value_to_py(py, &value)?)
            }
            Target::Text(name, None) => Err(ser::Error::custom(format!("{name} without its text"))),
        }
    }
}

impl ser::SerializeStructVariant for Struct<'_, '_> {
    type Ok = Py<PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, v)
    }
    fn end(self) -> R {
        ser::SerializeStruct::end(self)
    }
}
