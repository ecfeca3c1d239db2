//! Reporting periods: a year, a quarter or a month.
//!
//! Accepted spellings: `2023`, `2023Q1`, `2023K1` (Swedish *kvartal*), `2023M01` (SCB style)
//! and `2023-01`. Periods order by their start, and a longer period before a shorter one that
//! starts at the same time (`2023` < `2023Q1` < `2023M01` < `2023M02`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A calendar date: when a file was received, or the date a report is made as of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Months since year 0, as [`Period::start_month`] counts them.
    pub fn month_index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// Whether `period` has ended on this date (a year ends on 31 December).
    pub fn has_ended(self, period: Period) -> bool {
        let end = period.end_month();
        let me = self.month_index();
        end < me || (end == me && self.day >= days_in_month(self.year, self.month))
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The granularity an indicator is reported at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodType {
    Year,
    Quarter,
    Month,
}

impl PeriodType {
    pub const ALL: [PeriodType; 3] = [PeriodType::Year, PeriodType::Quarter, PeriodType::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodType::Year => "year",
            PeriodType::Quarter => "quarter",
            PeriodType::Month => "month",
        }
    }

    pub fn parse(s: &str) -> Option<PeriodType> {
        PeriodType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// How the period type is written, as an example for hints.
    pub fn example(self) -> &'static str {
        match self {
            PeriodType::Year => "2023",
            PeriodType::Quarter => "2023Q1",
            PeriodType::Month => "2023M01",
        }
    }
}

impl fmt::Display for PeriodType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A year, a quarter (1–4) or a month (1–12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u8),
    Month(i32, u8),
}

/// Why a period did not parse; the display text is the diagnostic message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    #[error(
        "`{0}` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, or a month `2023M01` or `2023-01`"
    )]
    Syntax(String),
    #[error("`{0}` has no quarter {1}; quarters run from 1 to 4")]
    Quarter(String, u32),
    #[error("`{0}` has no month {1}; months run from 01 to 12")]
    Month(String, u32),
    #[error("`{0}` has a year outside 1900–2200")]
    Year(String),
}

impl Period {
    pub const MIN_YEAR: i32 = 1900;
    pub const MAX_YEAR: i32 = 2200;

    pub fn period_type(self) -> PeriodType {
        match self {
            Period::Year(_) => PeriodType::Year,
            Period::Quarter(..) => PeriodType::Quarter,
            Period::Month(..) => PeriodType::Month,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// First month of the period, counted from year 0 (`year * 12 + month - 1`).
    pub fn start_month(self) -> i64 {
        let y = i64::from(self.year()) * 12;
        match self {
            Period::Year(_) => y,
            Period::Quarter(_, q) => y + (i64::from(q) - 1) * 3,
            Period::Month(_, m) => y + i64::from(m) - 1,
        }
    }

    /// Last month of the period, counted like [`Period::start_month`].
    pub fn end_month(self) -> i64 {
        self.start_month()
            + match self {
                Period::Year(_) => 11,
                Period::Quarter(..) => 2,
                Period::Month(..) => 0,
            }
    }

    /// Whether `other` lies wholly within this period: `2025` contains `2025Q1` and `2025-03`.
    pub fn contains(self, other: Period) -> bool {
        self.start_month() <= other.start_month() && other.end_month() <= self.end_month()
    }

    /// The period's position on a time axis in years (its midpoint), e.g. 2023.5 for `2023`.
    /// Used for trends across periods of one type.
    pub fn midpoint_years(self) -> f64 {
        (self.start_month() + self.end_month() + 1) as f64 / 24.0
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(raw: &str) -> Result<Period, PeriodError> {
        let s = raw.trim();
        let err = || PeriodError::Syntax(raw.to_string());
        if s.len() < 4 || !s.is_char_boundary(4) {
            return Err(err());
        }
        let (year, rest) = s.split_at(4);
        if !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = year.parse().map_err(|_| err())?;
        if !(Period::MIN_YEAR..=Period::MAX_YEAR).contains(&year) {
            return Err(PeriodError::Year(raw.to_string()));
        }
        let number = |digits: &str, len: usize| -> Result<u32, PeriodError> {
            if digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit()) {
                digits.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let mut chars = rest.chars();
        match chars.next() {
            None => Ok(Period::Year(year)),
            Some('Q' | 'q' | 'K' | 'k') => {
                let q = number(chars.as_str(), 1)?;
                if !(1..=4).contains(&q) {
                    return Err(PeriodError::Quarter(raw.to_string(), q));
                }
                Ok(Period::Quarter(year, q as u8))
            }
            Some('M' | 'm' | '-') => {
                let m = number(chars.as_str(), 2)?;
                if !(1..=12).contains(&m) {
                    return Err(PeriodError::Month(raw.to_string(), m));
                }
                Ok(Period::Month(year, m as u8))
            }
            Some(_) => Err(err()),
        }
    }
}

impl fmt::Display for Period {
    /// The canonical spelling: `2023`, `2023Q1`, `2023M01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}Q{q}"),
            Period::Month(y, m) => write!(f, "{y}M{m:02}"),
        }
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Period) -> Ordering {
        self.start_month()
            .cmp(&other.start_month())
            .then(self.period_type().cmp(&other.period_type()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<&str, &str>) {
        let got = input.parse::<Period>().map(|p| p.to_string()).map_err(|e| e.to_string());
        assert_eq!(got.as_deref().map_err(String::as_str), expected, "input {input:?}");
    }

    #[test]
    fn a_period_contains_the_shorter_ones_within_it() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        assert!(p("2025").contains(p("2025")));
        assert!(p("2025").contains(p("2025Q4")));
        assert!(p("2025").contains(p("2025-01")));
        assert!(p("2025Q2").contains(p("2025-06")));
        assert!(!p("2025Q2").contains(p("2025-07")));
        assert!(!p("2025Q2").contains(p("2025")));
        assert!(!p("2025").contains(p("2026Q1")));
    }

    #[test]
    fn parses_every_spelling() {
        check("2023", Ok("2023"));
        check(" 2023 ", Ok("2023"));
        check("2023Q1", Ok("2023Q1"));
        check("2023K4", Ok("2023Q4"));
        check("2023k2", Ok("2023Q2"));
        check("2023M01", Ok("2023M01"));
        check("2023-12", Ok("2023M12"));
    }

    #[test]
    fn rejects_with_a_clear_message() {
        check("2023Q5", Err("`2023Q5` has no quarter 5; quarters run from 1 to 4"));
        check("2023M13", Err("`2023M13` has no month 13; months run from 01 to 12"));
        check(
            "2023-1",
            Err(
                "`2023-1` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, or a month `2023M01` or `2023-01`",
            ),
        );
        check(
            "23",
            Err(
                "`23` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, or a month `2023M01` or `2023-01`",
            ),
        );
        check("1066", Err("`1066` has a year outside 1900–2200"));
        check(
            "åååå",
            Err(
                "`åååå` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, or a month `2023M01` or `2023-01`",
            ),
        );
        check(
            "2023Q",
            Err(
                "`2023Q` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, or a month `2023M01` or `2023-01`",
            ),
        );
    }

    #[test]
    fn a_period_ends_on_its_last_day() {
        let d = |y, m, day| Date { year: y, month: m, day };
        let p = |s: &str| s.parse::<Period>().unwrap();
        assert!(!d(2023, 12, 30).has_ended(p("2023")));
        assert!(d(2023, 12, 31).has_ended(p("2023")));
        assert!(d(2024, 1, 1).has_ended(p("2023")));
        assert!(d(2024, 2, 29).has_ended(p("2024M02")));
        assert!(!d(2023, 2, 27).has_ended(p("2023M02")));
        assert!(d(2023, 3, 31).has_ended(p("2023Q1")));
        assert!(!d(2023, 3, 30).has_ended(p("2023Q1")));
    }

    #[test]
    fn orders_by_start_then_length() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let mut v = [p("2024"), p("2023M02"), p("2023Q1"), p("2023"), p("2023M01"), p("2022Q4")];
        v.sort();
        let got: Vec<String> = v.iter().map(Period::to_string).collect();
        assert_eq!(got, ["2022Q4", "2023", "2023Q1", "2023M01", "2023M02", "2024"]);
        assert!(p("2023Q2") > p("2023M03"));
        assert_eq!(p("2023").midpoint_years(), 2023.5);
    }
}
