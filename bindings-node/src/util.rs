//! Checks for numbers arriving from JavaScript.

use wcheckout::Error as CoreError;

use crate::error::invalid;

/// A non-negative whole number of milliseconds (at most `Number.MAX_SAFE_INTEGER`).
pub fn millis(value: f64, name: &str) -> Result<u64, CoreError> {
    whole(value, name, 9_007_199_254_740_991.0)
}

/// A non-negative whole number no larger than `max`.
pub fn whole(value: f64, name: &str, max: f64) -> Result<u64, CoreError> {
    if !value.is_finite() || value < 0.0 || value.fract() != 0.0 || value > max {
        return Err(invalid(format!("{name} must be a whole number from 0 to {max}, got {value}")));
    }
    // Checked above: finite, whole and within range, so the conversion is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(value as u64)
}
