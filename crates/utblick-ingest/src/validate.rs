//! One row against the catalogue, the actors and the submitter.

use utblick_core::{
    Actor, Actors, Catalogue, Gender, GenderSplit, ObsKey, ObsValue, Observation, Period,
};

use crate::number::{NumberError, parse_value};
use crate::problem::Problem;
use crate::reader::{Column, Header, RawRow};

/// A calendar date, as the CLI reads it from the clock or `--as-of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a row is checked against.
pub struct Rules<'a> {
    pub catalogue: &'a Catalogue,
    pub actors: &'a Actors,
    pub submitter: &'a Actor,
    pub submitted_on: Date,
}

/// Comments longer than this get a warning.
pub const LONG_COMMENT: usize = 500;

/// A problem found in one cell of one row.
#[derive(Clone, Debug, PartialEq)]
pub struct RowDiag {
    pub line: u64,
    /// 0-based field position, when the problem is in one cell.
    pub column: Option<usize>,
    /// The cell's text as written (shortened for display by the receipt).
    pub raw: String,
    pub problem: Problem,
}

fn cell<'r>(row: &'r RawRow, header: &Header, c: Column) -> (Option<usize>, &'r str) {
    match header.position(c) {
        Some(i) => (Some(i), row.fields.get(i).map_or("", |s| s.trim())),
        None => (None, ""),
    }
}

/// Checks one row; the observation is `None` when any error was found.
pub fn validate_row(
    rules: &Rules<'_>,
    header: &Header,
    row: &RawRow,
) -> (Option<Observation>, Vec<RowDiag>) {
    let mut diags = Vec::new();
    let mut push = |column: Option<usize>, raw: &str, problem: Problem| {
        diags.push(RowDiag { line: row.line, column, raw: raw.to_string(), problem });
    };
    if row.fields.len() != header.names.len() {
        push(
            None,
            "",
            Problem::FieldCount { found: row.fields.len(), expected: header.names.len() },
        );
        return (None, diags);
    }

    let (ic, ind_raw) = cell(row, header, Column::Indicator);
    let indicator = rules.catalogue.get(ind_raw);
    if indicator.is_none() {
        push(ic, ind_raw, Problem::UnknownIndicator);
    }

    let (ac, actor_raw) = cell(row, header, Column::Actor);
    let actor = rules.actors.resolve(actor_raw);
    match actor {
        None => push(ac, actor_raw, Problem::UnknownActor),
        Some(a) if a.id != rules.submitter.id && !rules.submitter.coordinator => push(
            ac,
            actor_raw,
            Problem::NotOwnActor { submitter: rules.submitter.id.clone(), actor: a.id.clone() },
        ),
        Some(a) => {
            if let Some(ind) = indicator
                && !ind.is_reported_by(a)
            {
                push(
                    ac,
                    actor_raw,
                    Problem::NotAReporter { actor: a.id.clone(), indicator: ind.id.clone() },
                );
            }
        }
    }

    let (pc, period_raw) = cell(row, header, Column::Period);
    let period = match period_raw.parse::<Period>() {
        Ok(p) => Some(p),
        Err(e) => {
            push(pc, period_raw, Problem::BadPeriod(e));
            None
        }
    };
    if let (Some(p), Some(ind)) = (period, indicator)
        && p.period_type() != ind.period_type
    {
        push(
            pc,
            period_raw,
            Problem::PeriodTypeMismatch {
                expected: ind.period_type.as_str(),
                example: ind.period_type.example(),
            },
        );
    }
    if let Some(p) = period {
        let today =
            i64::from(rules.submitted_on.year) * 12 + i64::from(rules.submitted_on.month) - 1;
        if p.start_month() > today {
            push(pc, period_raw, Problem::FuturePeriod { today: rules.submitted_on.to_string() });
        }
    }

    let (gc, gender_raw) = cell(row, header, Column::Gender);
    let gender = if gender_raw.is_empty() {
        None
    } else {
        match Gender::parse(gender_raw) {
            Some(g) => Some(g),
            None => {
                push(gc, gender_raw, Problem::BadGender);
                return finish(diags);
            }
        }
    };
    let gender = match (indicator.map(|i| i.gender), gender) {
        (Some(GenderSplit::Tkm), None) => {
            let id = indicator.map(|i| i.id.clone()).unwrap_or_default();
            push(gc, gender_raw, Problem::GenderRequired { indicator: id });
            None
        }
        // `T` on an indicator without a split is the total it is about anyway.
        (Some(GenderSplit::None), Some(Gender::Total)) => None,
        (Some(GenderSplit::None), Some(_)) => {
            let id = indicator.map(|i| i.id.clone()).unwrap_or_default();
            push(gc, gender_raw, Problem::GenderNotSplit { indicator: id });
            None
        }
        (_, g) => g,
    };

    let (vc, value_raw) = cell(row, header, Column::Value);
    let value = match parse_value(value_raw) {
        Ok(v) => Some(v),
        Err(NumberError::NotANumber) => {
            push(vc, value_raw, Problem::BadNumber);
            None
        }
        Err(NumberError::NotFinite) => {
            push(vc, value_raw, Problem::NotFinite);
            None
        }
    };
    if let (Some(ObsValue::Number(x)), Some(ind)) = (value, indicator)
        && !ind.range.contains(x)
    {
        push(
            vc,
            value_raw,
            Problem::OutOfRange { range: ind.range.describe(), unit: ind.unit.clone() },
        );
    }

    let (cc, comment) = cell(row, header, Column::Comment);
    let chars = comment.chars().count();
    if chars > LONG_COMMENT {
        push(cc, "", Problem::LongComment { chars });
    }

    let has_error = diags.iter().any(|d| d.problem.severity() == utblick_core::Severity::Error);
    match (indicator, actor, period, value) {
        (Some(ind), Some(a), Some(p), Some(v)) if !has_error => {
            let key = ObsKey { indicator: ind.id.clone(), actor: a.id.clone(), period: p, gender };
            (Some(Observation { key, value: v, comment: comment.to_string() }), diags)
        }
        _ => finish(diags),
    }
}

fn finish(diags: Vec<RowDiag>) -> (Option<Observation>, Vec<RowDiag>) {
    (None, diags)
}

/// Median of a non-empty slice (sorted in place).
fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2.0 }
}

/// How far from the median, in scaled median absolute deviations, a value may lie before it
/// is called out: Iglewicz and Hoaglin's modified z-score limit of 3.5. Raw `3 × MAD`
/// flagged a tenth of the real Kolada values of the sample, which trend over the years.
pub const DEVIATION_LIMIT: f64 = 3.5;

/// Why `value` at `period` stands out from the other values of its series, if it does:
/// a modified z-score above [`DEVIATION_LIMIT`] against their median (with at least four of
/// them, and a scale of at least 2 % of the median), or a tenfold jump from the value of the period before.
pub fn deviation(period: Period, value: f64, others: &[(Period, f64)]) -> Option<String> {
    // Jumps between values near zero (a population change of 0.02 % after 0.68 %) say
    // nothing; only values of at least a tenth of the series' typical size are compared.
    let mut sizes: Vec<f64> = others.iter().map(|(_, v)| v.abs()).collect();
    let typical = if sizes.is_empty() { 0.0 } else { median(&mut sizes) };
    let previous = others.iter().filter(|(p, _)| *p < period).max_by_key(|(p, _)| *p);
    if let Some(&(pp, prev)) = previous {
        let comparable = prev.abs() >= 0.1 * typical && value.abs() >= 0.1 * typical;
        if comparable && prev != 0.0 && value != 0.0 && prev.signum() == value.signum() {
            let ratio = value / prev;
            if !(0.1..=10.0).contains(&ratio) {
                return Some(format!("{pp}: {prev}, ×{ratio:.1}"));
            }
        }
    }
    if others.len() >= 4 {
        let mut xs: Vec<f64> = others.iter().map(|(_, v)| *v).collect();
        let med = median(&mut xs);
        let mut devs: Vec<f64> = xs.iter().map(|x| (x - med).abs()).collect();
        let mad = median(&mut devs);
        // A near-constant series has a tiny MAD; a floor of 2 % of the median keeps a change
        // from 88.4 to 86.2 (population near public transport) from being called out.
        let scale = (1.4826 * mad).max(0.02 * med.abs());
        let z = (value - med).abs() / scale;
        if scale > 0.0 && z > DEVIATION_LIMIT {
            return Some(format!("median {med}, z = {z:.1}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn deviation_flags_outliers_and_jumps_only() {
        let steady: Vec<(Period, f64)> =
            (2015..2022).map(|y| (Period::Year(y), 100.0 + f64::from(y - 2015))).collect();
        assert_eq!(deviation(p("2022"), 107.0, &steady), None);
        assert!(deviation(p("2022"), 1070.0, &steady).unwrap().starts_with("2021: 106, ×10.1"),);
        assert_eq!(deviation(p("2022"), 160.0, &steady).unwrap(), "median 103, z = 19.2");
        // Within 3.5 scaled MADs (2 × 1.4826 × 3.5 ≈ 10.4 from 103) is not called out.
        assert_eq!(deviation(p("2022"), 113.0, &steady), None);
        // Too few values for a median test, no previous value: nothing to say.
        assert_eq!(deviation(p("2022"), 5.0, &[(p("2023"), 100.0)]), None);
        // Sign changes (net migration) are not jumps.
        assert_eq!(deviation(p("2022"), 239.0, &[(p("2021"), -74.0)]), None);
    }
}
