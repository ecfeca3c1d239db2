//! Reporting periods: a year, a quarter, a month, a school year or several whole years.
//!
//! Accepted spellings: `2023`, `2023Q1`, `2023K1` (Swedish *kvartal*), `2023M01` (SCB style),
//! `2023-01`, `2019/20` or `2019/2020` (a school year, August to July), and `2016-2020` (the
//! years 2016 to 2020 together: a multi-year figure or a rolling window). Periods order by
//! their start, a longer period before a shorter one that starts at the same time (`2023` <
//! `2023Q1` < `2023M01` < `2023M02`), and windows with the same start by their end.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A calendar date: when a file was received, or the date a report is made as of.
///
/// A [`NaiveDate`] (chrono, no clock) that is written and read as `YYYY-MM-DD`; chrono knows
/// the calendar (month lengths, leap years), this type the one spelling a plan, a CSV file and
/// `--as-of` accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// The day `year`-`month`-`day`; `None` if there is no such day (`2023-02-29`).
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day)).map(Date)
    }

    /// The year, e.g. 2023.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.0.day() as u8
    }

    /// Months since year 0, as [`Period::start_month`] counts them.
    pub fn month_index(self) -> i64 {
        i64::from(self.year()) * 12 + i64::from(self.month()) - 1
    }

    /// Whether `period` has ended on this date (a year ends on 31 December).
    pub fn has_ended(self, period: Period) -> bool {
        // Ended once the next day is past the period's last month (or there is no next day).
        self.0.succ_opt().is_none_or(|next| Date(next).month_index() > period.end_month())
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Date {
        Date(d)
    }
}

impl From<Date> for NaiveDate {
    fn from(d: Date) -> NaiveDate {
        d.0
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl FromStr for Date {
    type Err = ();

    /// A calendar day written `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, ()> {
        let mut parts = s.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(());
        }
        match (y.parse(), m.parse(), d.parse()) {
            (Ok(year), Ok(month), Ok(day)) => Date::from_ymd(year, month, day).ok_or(()),
            _ => Err(()),
        }
    }
}

/// The granularity an indicator is reported at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodType {
    /// A calendar year.
    Year,
    /// A quarter of a year.
    Quarter,
    /// A month.
    Month,
    /// August to July, as schools count.
    SchoolYear,
    /// Several whole years together (`2016-2020`); the indicator says how many.
    Years,
}

impl PeriodType {
    /// Every period type.
    pub const ALL: [PeriodType; 5] = [
        PeriodType::Year,
        PeriodType::Quarter,
        PeriodType::Month,
        PeriodType::SchoolYear,
        PeriodType::Years,
    ];

    /// The type as the catalogue writes it (`year`, `quarter`, …, `school-year`, `years`).
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodType::Year => "year",
            PeriodType::Quarter => "quarter",
            PeriodType::Month => "month",
            PeriodType::SchoolYear => "school-year",
            PeriodType::Years => "years",
        }
    }

    /// The type a catalogue's word names; `None` for a word that names none.
    pub fn parse(s: &str) -> Option<PeriodType> {
        PeriodType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// How the period type is written, as an example for hints.
    pub fn example(self) -> &'static str {
        match self {
            PeriodType::Year => "2023",
            PeriodType::Quarter => "2023Q1",
            PeriodType::Month => "2023M01",
            PeriodType::SchoolYear => "2022/23",
            PeriodType::Years => "2019-2022",
        }
    }
}

impl fmt::Display for PeriodType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A year, a quarter (1–4), a month (1–12), a school year (by the year it starts) or the
/// years from one to another, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar year: `2023`.
    Year(i32),
    /// A year and a quarter of it: `2023Q1`.
    Quarter(i32, u8),
    /// A year and a month of it: `2023M01`.
    Month(i32, u8),
    /// A school year, by the year it starts in: `2022/23`.
    SchoolYear(i32),
    /// The whole years from the first to the last, both included: `2019-2022`.
    Years(i32, i32),
}

/// Why a period did not parse; the display text is the diagnostic message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    #[error(
        "`{0}` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, a month `2023M01` or `2023-01`, a school year `2022/23` or years `2019-2022`"
    )]
    /// Written in none of the accepted spellings.
    Syntax(String),
    #[error(
        "`{0}` does not run forward: the years of a period follow each other, e.g. `2019-2022` or `2022/23`"
    )]
    /// A school year whose second year does not follow its first, or years whose last is
    /// not after their first.
    Backwards(String),
    /// A quarter outside 1–4.
    #[error("`{0}` has no quarter {1}; quarters run from 1 to 4")]
    Quarter(String, u32),
    /// A month outside 1–12.
    #[error("`{0}` has no month {1}; months run from 01 to 12")]
    Month(String, u32),
    /// A year outside [`Period::MIN_YEAR`]–[`Period::MAX_YEAR`].
    #[error("`{0}` has a year outside 1900–2200")]
    Year(String),
}

impl Period {
    /// The earliest year a period may be in.
    pub const MIN_YEAR: i32 = 1900;
    /// The latest year a period may be in.
    pub const MAX_YEAR: i32 = 2200;

    /// The granularity of the period.
    pub fn period_type(self) -> PeriodType {
        match self {
            Period::Year(_) => PeriodType::Year,
            Period::Quarter(..) => PeriodType::Quarter,
            Period::Month(..) => PeriodType::Month,
            Period::SchoolYear(_) => PeriodType::SchoolYear,
            Period::Years(..) => PeriodType::Years,
        }
    }

    /// The year the period starts in.
    pub fn year(self) -> i32 {
        match self {
            Period::Year(y)
            | Period::Quarter(y, _)
            | Period::Month(y, _)
            | Period::SchoolYear(y)
            | Period::Years(y, _) => y,
        }
    }

    /// The year the period ends in: where a rolling window or a school year is told by.
    pub fn end_year(self) -> i32 {
        (self.end_month() / 12) as i32
    }

    /// First month of the period, counted from year 0 (`year * 12 + month - 1`).
    pub fn start_month(self) -> i64 {
        let y = i64::from(self.year()) * 12;
        match self {
            Period::Year(_) | Period::Years(..) => y,
            Period::Quarter(_, q) => y + (i64::from(q) - 1) * 3,
            Period::Month(_, m) => y + i64::from(m) - 1,
            Period::SchoolYear(_) => y + 7,
        }
    }

    /// Last month of the period, counted like [`Period::start_month`].
    pub fn end_month(self) -> i64 {
        self.start_month()
            + match self {
                Period::Year(_) | Period::SchoolYear(_) => 11,
                Period::Quarter(..) => 2,
                Period::Month(..) => 0,
                Period::Years(a, b) => i64::from(b - a) * 12 + 11,
            }
    }

    /// The same kind of period `years` years later: the next of a cadence, or of a rolling
    /// window.
    pub fn plus_years(self, years: i32) -> Period {
        match self {
            Period::Year(y) => Period::Year(y + years),
            Period::Quarter(y, q) => Period::Quarter(y + years, q),
            Period::Month(y, m) => Period::Month(y + years, m),
            Period::SchoolYear(y) => Period::SchoolYear(y + years),
            Period::Years(a, b) => Period::Years(a + years, b + years),
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
        let in_range = |y: i32| (Period::MIN_YEAR..=Period::MAX_YEAR).contains(&y);
        // `2019/20`, `2019/2020`: a school year; `2016-2020`: years.
        if let Some(end) = rest.strip_prefix('/') {
            let end: i32 = match end.len() {
                2 => {
                    year - year % 100
                        + number(end, 2)? as i32
                        + if year % 100 == 99 { 100 } else { 0 }
                }
                4 => number(end, 4)? as i32,
                _ => return Err(err()),
            };
            return if end == year + 1 {
                Ok(Period::SchoolYear(year))
            } else {
                Err(PeriodError::Backwards(raw.to_string()))
            };
        }
        if let Some(end) = rest.strip_prefix('-').filter(|e| e.len() == 4) {
            let end = number(end, 4)? as i32;
            if !in_range(end) {
                return Err(PeriodError::Year(raw.to_string()));
            }
            return if end > year {
                Ok(Period::Years(year, end))
            } else {
                Err(PeriodError::Backwards(raw.to_string()))
            };
        }
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
            Period::SchoolYear(y) => write!(f, "{y}/{:02}", (y + 1) % 100),
            Period::Years(a, b) => write!(f, "{a}-{b}"),
        }
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Period) -> Ordering {
        self.start_month()
            .cmp(&other.start_month())
            .then(self.period_type().cmp(&other.period_type()))
            .then(self.end_month().cmp(&other.end_month()))
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
    fn school_years_and_spans_of_years() {
        check("2019/20", Ok("2019/20"));
        check("2019/2020", Ok("2019/20"));
        check("1999/00", Ok("1999/00"));
        check("2016-2020", Ok("2016-2020"));
        check("2023-01", Ok("2023M01"));
        check(
            "2019/21",
            Err(
                "`2019/21` does not run forward: the years of a period follow each other, e.g. `2019-2022` or `2022/23`",
            ),
        );
        check(
            "2020-2016",
            Err(
                "`2020-2016` does not run forward: the years of a period follow each other, e.g. `2019-2022` or `2022/23`",
            ),
        );
        let p = |s: &str| s.parse::<Period>().unwrap();
        // A school year runs August to July; years run whole.
        assert_eq!((p("2019/20").start_month() % 12, p("2019/20").end_year()), (7, 2020));
        assert_eq!(p("2016-2020").end_year(), 2020);
        assert!(p("2016-2020").contains(p("2018")));
        // Rolling windows order by their start, then their end.
        let mut v = vec![p("2019-2022"), p("2018-2021"), p("2019-2020"), p("2019")];
        v.sort();
        assert_eq!(v, [p("2018-2021"), p("2019"), p("2019-2020"), p("2019-2022")]);
        assert_eq!(p("2019-2022").plus_years(1), p("2020-2023"));
        assert_eq!(p("2019/20").plus_years(1), p("2020/21"));
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
                "`2023-1` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, a month `2023M01` or `2023-01`, a school year `2022/23` or years `2019-2022`",
            ),
        );
        check(
            "23",
            Err(
                "`23` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, a month `2023M01` or `2023-01`, a school year `2022/23` or years `2019-2022`",
            ),
        );
        check("1066", Err("`1066` has a year outside 1900–2200"));
        check(
            "åååå",
            Err(
                "`åååå` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, a month `2023M01` or `2023-01`, a school year `2022/23` or years `2019-2022`",
            ),
        );
        check(
            "2023Q",
            Err(
                "`2023Q` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, a month `2023M01` or `2023-01`, a school year `2022/23` or years `2019-2022`",
            ),
        );
    }

    #[test]
    fn a_period_ends_on_its_last_day() {
        let d = |y, m, day| Date::from_ymd(y, m, day).unwrap();
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
    fn a_date_is_written_and_read_as_yyyy_mm_dd() {
        let d = |s: &str| s.parse::<Date>().map(|d| d.to_string());
        assert_eq!(d(" 2024-02-29 "), Ok("2024-02-29".to_string()));
        assert_eq!(d("2000-02-29"), Ok("2000-02-29".to_string()));
        assert_eq!(d("0999-12-31"), Ok("0999-12-31".to_string()));
        for bad in ["2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10"] {
            assert_eq!(d(bad), Err(()), "{bad}");
        }
        for bad in ["2023-6-15", "23-06-15", "2023-06-15T00:00", "2023/06/15", "2023-06"] {
            assert_eq!(d(bad), Err(()), "{bad}");
        }
        assert!(d("2023-12-31") < d("2024-01-01"));
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
