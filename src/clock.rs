//! Calendar dates: today's date (from `SOURCE_DATE_EPOCH` when set, so runs are
//! reproducible and testable) and `YYYY-MM-DD` parsing.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD`, refusing dates that do not exist.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = digits(0..4)? as i32;
        let month = digits(5..7)? as u8;
        let day = digits(8..10)? as u8;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The date of a Unix timestamp (UTC).
    pub fn from_unix(seconds: i64) -> Date {
        civil_from_days(seconds.div_euclid(86_400))
    }

    /// Today (UTC): `SOURCE_DATE_EPOCH` when it is set to a valid integer, else the clock.
    pub fn today() -> Date {
        Date::from_unix(epoch_seconds())
    }
}

/// Seconds since the Unix epoch: `SOURCE_DATE_EPOCH` when set and valid, else the clock.
pub fn epoch_seconds() -> i64 {
    if let Some(s) = source_date_epoch() {
        return s;
    }
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `SOURCE_DATE_EPOCH` when it holds a valid integer.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|s| *s >= 0)
}

/// Refuses a `SOURCE_DATE_EPOCH` that is set but not a non-negative whole number of seconds
/// (as reproducible-builds.org asks of tools that read it). Empty counts as unset.
pub fn check_source_date_epoch() -> Result<(), String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(std::env::VarError::NotPresent) => Ok(()),
        Ok(v) if v.trim().is_empty() => Ok(()),
        Ok(v) if v.trim().parse::<i64>().is_ok_and(|s| s >= 0) => Ok(()),
        Ok(v) => Err(format!(
            "SOURCE_DATE_EPOCH `{v}` is not a number of seconds since 1970-01-01"
        )),
        Err(e) => Err(format!("SOURCE_DATE_EPOCH cannot be read: {e}")),
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date {
        year: y as i32,
        month: m as u8,
        day: d as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(Date::parse("2026-02-28").unwrap().to_string(), "2026-02-28");
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("26-01-01").is_none());
        assert!(Date::parse("2026-1-011").is_none());
    }

    #[test]
    fn unix_days() {
        assert_eq!(Date::from_unix(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix(1_795_651_200).to_string(), "2026-11-26");
        assert_eq!(Date::from_unix(-1).to_string(), "1969-12-31");
    }
}
