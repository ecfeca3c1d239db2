//! The dates a run works with, resolved once when a command starts and passed down. The CLI is
//! the one crate that reads the clock (clippy.toml forbids it elsewhere), and this module the
//! one place in it that does.

use utblick_core::Date;

/// A command's `--as-of`, resolved.
#[derive(Clone, Debug)]
pub struct AsOf {
    /// The day the run counts as: `--as-of`, or today (local time).
    pub date: chrono::NaiveDate,
    /// When the files of the run count as received (RFC 3339 in UTC, to the second):
    /// `--as-of` at midnight, or now.
    pub received_at: String,
}

impl AsOf {
    /// `--as-of` as given, or the clock's today and now.
    pub fn resolve(as_of: Option<chrono::NaiveDate>) -> AsOf {
        match as_of {
            Some(d) => AsOf { date: d, received_at: format!("{d}T00:00:00Z") },
            None => AsOf { date: today(), received_at: now() },
        }
    }

    /// The day as core's [`Date`].
    pub fn day(&self) -> Date {
        date_of(self.date)
    }
}

/// A chrono date as core's [`Date`].
pub fn date_of(d: chrono::NaiveDate) -> Date {
    Date::from(d)
}

#[allow(clippy::disallowed_methods)]
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The time now, RFC 3339 in UTC to the second: when a lock, unlock or approval happened.
pub fn now() -> String {
    rfc3339(now_utc())
}

/// The time now, in UTC.
#[allow(clippy::disallowed_methods)]
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// A time as the store writes it: RFC 3339 in UTC, to the second.
pub fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_date_is_received_at_its_midnight() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let as_of = AsOf::resolve(Some(d));
        assert_eq!(as_of.date, d);
        assert_eq!(as_of.received_at, "2026-11-28T00:00:00Z");
        assert_eq!(as_of.day(), Date::from_ymd(2026, 11, 28).unwrap());
    }
}
