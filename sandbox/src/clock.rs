//! The sandbox's business clock (shiftable with `POST /_sandbox/clock/advance`) and the two
//! time formats of the API: `2025-09-26T14:49:09.294114` in responses and `2025-11-23 11:27:29`
//! in webhooks. Both are UTC.
//!
//! The business clock drives order expiry, token expiry and the `createdTime`/`updatedTime` of
//! records. Request `TIMESTAMP`s, response `TIMESTAMP`s and webhook `TIMESTAMP`s use the real
//! clock, so that a client with a correct clock keeps working after the clock is advanced.

use std::time::{SystemTime, UNIX_EPOCH};

/// Microseconds in a second.
pub(crate) const MICROS: i64 = 1_000_000;

/// Largest total shift accepted: 100 years.
pub(crate) const MAX_OFFSET_SECS: i64 = 100 * 366 * 86_400;

/// Real time, microseconds since the Unix epoch.
pub(crate) fn real_micros() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX)).unwrap_or(0)
}

/// The business clock: real time plus an offset.
#[derive(Debug, Default, Clone)]
pub(crate) struct Clock {
    offset_secs: i64,
}

impl Clock {
    /// Business time, microseconds since the epoch.
    pub(crate) fn now(&self) -> i64 {
        real_micros().saturating_add(self.offset_secs.saturating_mul(MICROS))
    }

    /// Seconds the clock has been moved forward.
    pub(crate) fn offset_secs(&self) -> i64 {
        self.offset_secs
    }

    /// Moves the clock forward; `Err` with a reason when the total shift would be absurd.
    pub(crate) fn advance(&mut self, secs: i64) -> Result<(), String> {
        if secs < 0 {
            return Err("seconds must not be negative: the clock only moves forward".to_owned());
        }
        match self.offset_secs.checked_add(secs) {
            Some(total) if total <= MAX_OFFSET_SECS => {
                self.offset_secs = total;
                Ok(())
            }
            _ => Err(format!("the clock can be advanced by at most {MAX_OFFSET_SECS} seconds in total")),
        }
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    micro: i64,
}

fn parts(micros: i64) -> Parts {
    let secs = micros.div_euclid(MICROS);
    let micro = micros.rem_euclid(MICROS);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Parts { year, month, day, hour: sod / 3600, minute: sod % 3600 / 60, second: sod % 60, micro }
}

/// `2025-09-26T14:49:09.294114` (API responses).
pub(crate) fn format_api(micros: i64) -> String {
    let p = parts(micros);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}", p.year, p.month, p.day, p.hour, p.minute, p.second, p.micro)
}

/// `2025-11-23 11:27:29` (webhook payloads).
pub(crate) fn format_webhook(micros: i64) -> String {
    let p = parts(micros);
    format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", p.year, p.month, p.day, p.hour, p.minute, p.second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        // 2025-09-26T14:49:09.294114Z
        let t = 1_758_898_149_294_114;
        assert_eq!(format_api(t), "2025-09-26T14:49:09.294114");
        assert_eq!(format_webhook(t), "2025-09-26 14:49:09");
        assert_eq!(format_api(0), "1970-01-01T00:00:00.000000");
        // Leap day.
        assert_eq!(format_webhook(951_782_400 * MICROS), "2000-02-29 00:00:00");
    }

    #[test]
    fn advance_is_bounded() {
        let mut c = Clock::default();
        c.advance(60).unwrap();
        assert_eq!(c.offset_secs(), 60);
        assert!(c.advance(-1).is_err());
        assert!(c.advance(i64::MAX).is_err());
        assert_eq!(c.offset_secs(), 60);
    }
}
