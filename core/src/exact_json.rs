//! JSON for languages without exact JSON numbers (JavaScript): every [`Amount`](crate::Amount)
//! written as a decimal string (`"12.50"`) instead of a JSON number, so no digit is lost when the
//! text is parsed there. Other numbers (counts, page numbers, seconds) stay numbers.
//!
//! Wire bodies never use this: [`to_body`](crate::to_body) always writes amounts as numbers.

use std::cell::Cell;

use serde::Serialize;

use crate::error::{Error, Result};

thread_local! {
    static AMOUNTS_AS_STRINGS: Cell<bool> = const { Cell::new(false) };
}

/// True while [`to_string_with_string_amounts`] is serialising on this thread.
pub(crate) fn amounts_as_strings() -> bool {
    AMOUNTS_AS_STRINGS.with(Cell::get)
}

/// Restores the previous mode even if serialisation panics.
struct Restore(bool);

impl Drop for Restore {
    fn drop(&mut self) {
        AMOUNTS_AS_STRINGS.with(|c| c.set(self.0));
    }
}

/// Runs `f` (any serialisation, with any serde serializer) with every `Amount` serialised as its
/// exact decimal text (`serialize_str`) instead of a JSON number.
pub fn with_string_amounts<R>(f: impl FnOnce() -> R) -> R {
    let _restore = Restore(AMOUNTS_AS_STRINGS.with(|c| c.replace(true)));
    f()
}

/// Serialises `value` to compact JSON text with every `Amount` as a JSON string.
pub fn to_string_with_string_amounts<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    with_string_amounts(|| serde_json::to_string(value))
        .map_err(|e| Error::decode(format!("cannot serialise result: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Amount;

    #[test]
    fn amounts_become_strings_only_inside() {
        let v = (Amount::parse("0.50").unwrap(), 7u32);
        assert_eq!(to_string_with_string_amounts(&v).unwrap(), r#"["0.50",7]"#);
        assert_eq!(serde_json::to_string(&v).unwrap(), "[0.50,7]");
    }
}
