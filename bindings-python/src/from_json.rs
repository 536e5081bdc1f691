//! A webhook's `data` straight from its JSON text to its Python model, driven by the core's model
//! schema: no core struct is built and then converted (`to_py.rs`), which saves a webhook about a
//! microsecond (the struct's strings, the serialisation pass).
//!
//! This path only ever *accepts* what the core's typed parse accepts, and gives up otherwise: it
//! reads a field only through the core's own rules for its kind (amounts through
//! `Amount::deserialize`, enums as any string, text as a string), refuses a repeated or missing
//! required field, and returns `None` for anything it does not handle (other kinds, defaulted
//! fields, any error). The caller then runs the core's typed parse, which gives the value or the
//! SDK's typed error exactly as before.

use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyDictMethods, PyString};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use wcheckout::Amount;
use wcheckout::schema::Kind;

use crate::convert::amount_to_py;
use crate::to_py::{ModelInfo, build, models};

/// `wcheckout.models.<model>` read from `text` (one JSON object), or `None` when this path does
/// not handle the model or the text (see the module doc): then take the core's path.
pub fn model_from_json(py: Python<'_>, model: &str, text: &[u8]) -> Option<Py<PyAny>> {
    let info = models(py).ok()?.get(model)?;
    // Only the kinds read here; anything else goes the core's way.
    let handled = info.kinds.iter().all(|k| matches!(k, Kind::Text | Kind::Amount | Kind::Enum(_)));
    if !handled {
        return None;
    }
    let mut de = serde_json::Deserializer::from_slice(text);
    let values = de.deserialize_map(ModelVisitor { py, info }).ok()?;
    de.end().ok()?;
    build(py, info, values).ok()
}

fn give_up<E: de::Error>(_: impl fmt::Debug) -> E {
    E::custom("not handled here")
}

struct ModelVisitor<'a, 'py> {
    py: Python<'py>,
    info: &'a ModelInfo,
}

impl<'de> Visitor<'de> for ModelVisitor<'_, '_> {
    type Value = Vec<Option<Py<PyAny>>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let info = self.info;
        let mut values: Vec<Option<Py<PyAny>>> = info.wires.iter().map(|_| None).collect();
        let mut seen = vec![false; values.len()];
        // The last amount read and its Decimal: an event's amounts are often equal (paying and
        // order amount), and a Decimal is immutable, so one object serves both.
        let mut last_amount: Option<(Amount, Py<PyAny>)> = None;
        while let Some(key) = map.next_key_seed(KeySeed(&info.wires))? {
            let Some(i) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            // A repeated field is refused by serde's derive.
            if std::mem::replace(&mut seen[i], true) {
                return Err(give_up(i));
            }
            let seed = FieldSeed {
                py: self.py,
                kind: &info.kinds[i],
                required: info.required[i],
                enums: info.enums[i].as_ref(),
                last_amount: &mut last_amount,
            };
            values[i] = map.next_value_seed(seed)?;
        }
        // Missing required fields (the core may default some: its parse decides).
        if info.required.iter().zip(&values).any(|(r, v)| *r && v.is_none()) {
            return Err(give_up("missing"));
        }
        Ok(values)
    }
}

/// A key: the index of the field it names, `None` for a field the model does not have.
struct KeySeed<'a>(&'a [String]);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|w| w == v))
    }
}

/// One field's value, read by its kind; `None` for an optional field's `null`.
struct FieldSeed<'a, 'py> {
    py: Python<'py>,
    kind: &'a Kind,
    required: bool,
    /// An enum field's value → member table.
    enums: Option<&'a Py<PyDict>>,
    last_amount: &'a mut Option<(Amount, Py<PyAny>)>,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_, '_> {
    type Value = Option<Py<PyAny>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let text = Text { py: self.py, kind: self.kind, enums: self.enums };
        match self.kind {
            // The core's own reading of an amount (exact text, its validation).
            Kind::Amount => {
                let amount =
                    if self.required { Some(Amount::deserialize(d)?) } else { Option::<Amount>::deserialize(d)? };
                let Some(amount) = amount else { return Ok(None) };
                if let Some((last, obj)) = self.last_amount.as_ref()
                    && last.as_str() == amount.as_str()
                {
                    return Ok(Some(obj.clone_ref(self.py)));
                }
                let obj = amount_to_py(self.py, &amount).map_err(give_up)?;
                *self.last_amount = Some((amount, obj.clone_ref(self.py)));
                Ok(Some(obj))
            }
            // Text and enums (any string: the core keeps unknown values) as `String` and the
            // wire enums read them: a string, or for an `Option` also `null`.
            _ if self.required => d.deserialize_str(text).map(Some),
            _ => d.deserialize_option(OptionalText(text)),
        }
    }
}

/// A string as `str` or as the member of the field's enum.
#[derive(Clone, Copy)]
struct Text<'a, 'py> {
    py: Python<'py>,
    kind: &'a Kind,
    enums: Option<&'a Py<PyDict>>,
}

impl<'de> Visitor<'de> for Text<'_, '_> {
    type Value = Py<PyAny>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match self.kind {
            Kind::Enum(name) => {
                // A known value is in the table; others become the enum's kept pseudo-members.
                if let Some(member) =
                    self.enums.map(|t| t.bind(self.py).get_item(v)).transpose().map_err(give_up)?.flatten()
                {
                    return Ok(member.unbind());
                }
                crate::models::enum_member(self.py, name, v).map_err(give_up)
            }
            _ => Ok(PyString::new(self.py, v).into_any().unbind()),
        }
    }
}

/// `Option<…>`: `null` is `None`, anything else a string.
impl<'de> Visitor<'de> for OptionalText<'_, '_> {
    type Value = Option<Py<PyAny>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self.0).map(Some)
    }
}

struct OptionalText<'a, 'py>(Text<'a, 'py>);
