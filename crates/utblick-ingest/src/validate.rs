//! One row against the catalogue, the actors and the submitter.

use utblick_core::{
    Actor, Actors, Catalogue, Date, Gender, GenderSplit, Lang, ObsValue, Period, Registry,
};

use crate::number::{NumberError, parse_value};
use crate::problem::Problem;
use crate::reader::{Column, Header, RawRow};

/// What a row is checked against.
pub struct Rules<'a> {
    /// The indicators a row may name.
    pub catalogue: &'a Catalogue,
    /// The actors a row may be for.
    pub actors: &'a Actors,
    /// Who sent the file: it may report for itself (and update its own registry entries)
    /// only, unless it is the coordinator.
    pub submitter: &'a Actor,
    /// The plan's registry, whose entries update files name.
    pub registry: &'a Registry,
    /// The day the file was received (`--as-of`): a period that has not begun is rejected.
    pub submitted_on: Date,
}

/// Comments longer than this get a warning.
pub const LONG_COMMENT: usize = 500;

/// A problem found in one cell of one row.
#[derive(Clone, Debug, PartialEq)]
pub struct RowDiag {
    /// The row's first line in the file (1 is the header).
    pub line: u64,
    /// 0-based field position, when the problem is in one cell.
    pub column: Option<usize>,
    /// The cell's text as written (shortened for display by the receipt).
    pub raw: String,
    /// What is wrong.
    pub problem: Problem,
}

/// A row that passed every check. The indicator and the actor are given by their positions in
/// the catalogue and the actor list; the comment is borrowed from the row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Checked<'r> {
    /// The indicator's position in the catalogue.
    pub indicator: usize,
    /// The actor's position in the actor list.
    pub actor: usize,
    /// The period the value is for.
    pub period: Period,
    /// The gender, for an indicator split by gender.
    pub gender: Option<Gender>,
    /// The breakdown cell, by its position among the indicator's
    /// ([`utblick_core::Indicator::breakdown_cell`]); 0 is the total.
    pub breakdown: usize,
    /// The number, or its missing marker.
    pub value: ObsValue,
    /// The sender's comment; empty when there is none.
    pub comment: &'r str,
}

pub(crate) fn cell<'r>(row: &'r RawRow, header: &Header, c: Column) -> (Option<usize>, &'r str) {
    match header.position(c) {
        Some(i) => (Some(i), row.fields.get(i).map_or("", |s| s.trim())),
        None => (None, ""),
    }
}

/// Checks one row; the checked row is `None` when any error was found.
pub fn validate_row<'r>(
    rules: &Rules<'_>,
    header: &Header,
    row: &'r RawRow,
) -> (Option<Checked<'r>>, Vec<RowDiag>) {
    let mut diags = Vec::new();
    let mut push = |column: Option<usize>, raw: &str, problem: Problem| {
        diags.push(RowDiag { line: row.line, column, raw: raw.to_string(), problem });
    };
    if let Some(q) = row.open_quote {
        let problem = Problem::UnbalancedQuote { line: q.line, end_line: q.end_line };
        push(Some(q.field), "", problem);
    }
    if row.fields.len() != header.names.len() {
        push(
            None,
            "",
            Problem::FieldCount { found: row.fields.len(), expected: header.names.len() },
        );
        return (None, diags);
    }

    let (ic, ind_raw) = cell(row, header, Column::Indicator);
    let found_indicator = rules.catalogue.find(ind_raw);
    let indicator = found_indicator.map(|f| f.1);
    match indicator {
        None => push(ic, ind_raw, Problem::UnknownIndicator),
        // Statistics come from their source, derived figures from their formula.
        Some(ind) if !ind.is_actor_reported() => {
            push(ic, ind_raw, Problem::NotReported { origin: ind.origin.as_str() })
        }
        Some(_) => {}
    }

    let (ac, actor_raw) = cell(row, header, Column::Actor);
    // `00` and `99` stand for an unknown county in some exports; `00` must not become Riket.
    let county_code = actor_raw == "00" || actor_raw.trim_start_matches('0') == "99";
    let found_actor = if county_code { None } else { rules.actors.find(actor_raw) };
    match found_actor.map(|f| f.1) {
        None if county_code => push(ac, actor_raw, Problem::UnknownCountyCode),
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
        && !ind.fits(p)
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
    if let Some(p) = period
        && p.start_month() > rules.submitted_on.month_index()
    {
        push(pc, period_raw, Problem::FuturePeriod { today: rules.submitted_on.to_string() });
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
        (Some(GenderSplit::Tkm | GenderSplit::Km), None) => {
            let id = indicator.map(|i| i.id.clone()).unwrap_or_default();
            push(gc, gender_raw, Problem::GenderRequired { indicator: id });
            None
        }
        // Women and men only: no total is published, so none is taken.
        (Some(GenderSplit::Km), Some(Gender::Total)) => {
            let id = indicator.map(|i| i.id.clone()).unwrap_or_default();
            push(gc, gender_raw, Problem::NoGenderTotal { indicator: id });
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

    // Breakdown cells: an empty cell, or no column, is the dimension's total.
    let mut breakdown_values = indicator.map_or_else(Vec::new, |i| vec![None; i.breakdowns.len()]);
    for (pos, dim) in &header.dimensions {
        let raw = row.fields.get(*pos).map_or("", |s| s.trim());
        let Some(ind) = indicator else { continue };
        if raw.is_empty() {
            continue;
        }
        let Some(j) = ind.breakdowns.iter().position(|d| &d.id == dim) else {
            let problem =
                Problem::NotBrokenDown { indicator: ind.id.clone(), dimension: dim.clone() };
            push(Some(*pos), raw, problem);
            continue;
        };
        let d = &ind.breakdowns[j];
        // As the catalogue writes it, or else in another case (values differ by more than case).
        let exact = d.values.iter().position(|v| v == raw);
        let lower = raw.to_lowercase();
        match exact.or_else(|| d.values.iter().position(|v| v.to_lowercase() == lower)) {
            Some(v) => breakdown_values[j] = Some(v),
            None => push(
                Some(*pos),
                raw,
                Problem::BadBreakdownValue { dimension: d.id.clone(), values: d.values.clone() },
            ),
        }
    }
    let breakdown = indicator.map_or(0, |i| i.breakdown_cell(&breakdown_values));

    let (vc, value_raw) = cell(row, header, Column::Value);
    let value = match parse_value(value_raw) {
        Ok(p) => {
            if let (Some(mark), ObsValue::Number(read_as)) = (p.thousands, p.value) {
                push(vc, value_raw, Problem::ThousandsSeparator { mark, read_as, count: 1 });
            }
            if let (Some(mark), ObsValue::Number(read_as)) = (p.ambiguous, p.value) {
                push(vc, value_raw, Problem::AmbiguousDecimal { mark, read_as, count: 1 });
            }
            Some(p.value)
        }
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
    match (found_indicator, found_actor, period, value) {
        (Some((indicator, _)), Some((actor, _)), Some(period), Some(value)) if !has_error => {
            (Some(Checked { indicator, actor, period, gender, breakdown, value, comment }), diags)
        }
        _ => finish(diags),
    }
}

fn finish<'r>(diags: Vec<RowDiag>) -> (Option<Checked<'r>>, Vec<RowDiag>) {
    (None, diags)
}

/// Median of a non-empty slice (sorted in place).
fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2.0 }
}

/// How far from the median, in scaled median absolute deviations, a value may lie before it
/// is called out: Iglewicz and Hoaglin's modified z-score limit of 3.5. Raw `3 × MAD`
/// flagged a tenth of the real Kolada values of the sample, which trend over the years.
pub const DEVIATION_LIMIT: f64 = 3.5;

/// Why a value stands out from its series.
#[derive(Clone, Debug, PartialEq)]
pub enum Deviation {
    /// Ten times (or a tenth of) the value of the period before.
    Jump {
        /// The period before.
        previous: Period,
        /// Its value.
        previous_value: f64,
        /// The value over the one before.
        ratio: f64,
    },
    /// A change from the period before far outside the series' usual changes.
    Change {
        /// The period before.
        previous: Period,
        /// Its value.
        previous_value: f64,
        /// The change's modified z-score among the series' changes (see [`DEVIATION_LIMIT`]).
        z: f64,
    },
}

impl Deviation {
    /// In words, for the receipt: `2021: 106; tenfold jump, ×10.1`.
    pub fn describe(&self, lang: Lang) -> String {
        // Not core's `plain_number` or `format_number`: the receipt has always shown the value
        // before with every digit it has (`0,1234567`, where `plain_number` rounds to six
        // decimals) and the ratio and z-score with one decimal and no grouping (`×1234,5`,
        // where `format_number` groups); kept so that no receipt changes.
        let mark = lang.decimal_mark().to_string();
        let num = |x: f64| x.to_string().replace('.', &mark);
        let fixed = |x: f64| format!("{x:.1}").replace('.', &mark);
        match (self, lang) {
            (Deviation::Jump { previous, previous_value, ratio }, Lang::Sv) => {
                format!(
                    "{previous}: {}; tiofaldigt språng, ×{}",
                    num(*previous_value),
                    fixed(*ratio)
                )
            }
            (Deviation::Jump { previous, previous_value, ratio }, Lang::En) => {
                format!("{previous}: {}; tenfold jump, ×{}", num(*previous_value), fixed(*ratio))
            }
            (Deviation::Change { previous, previous_value, z }, Lang::Sv) => {
                format!(
                    "{previous}: {}; ovanlig förändring, z = {}",
                    num(*previous_value),
                    fixed(*z)
                )
            }
            (Deviation::Change { previous, previous_value, z }, Lang::En) => {
                format!("{previous}: {}; unusual change, z = {}", num(*previous_value), fixed(*z))
            }
        }
    }
}

/// A series as it will be once the file is stored: the stored values for the periods the file
/// leaves alone and the file's values (with their lines), in period order; and the sizes of
/// its values, sorted. Built once per series for [`SeriesView::deviations`] and
/// [`SeriesView::unit_slips`].
pub struct SeriesView {
    series: Vec<(Period, f64, Option<u64>)>,
    sizes: Vec<f64>,
}

impl SeriesView {
    /// `stored` are the values already in the store, `staged` those of the file (with their
    /// line); a staged value replaces the stored one of its period.
    pub fn new(stored: &[(Period, f64)], staged: &[(u64, Period, f64)]) -> SeriesView {
        let mut stored = stored.to_vec();
        stored.sort_by_key(|s| s.0);
        let mut staged = staged.to_vec();
        staged.sort_by_key(|s| s.1);
        // Both in period order: a merge, the file's value winning a period both have.
        let mut series = Vec::with_capacity(stored.len() + staged.len());
        let mut old = stored.into_iter().peekable();
        for (line, period, value) in staged {
            while let Some(&(p, v)) = old.peek().filter(|o| o.0 <= period) {
                if p != period {
                    series.push((p, v, None));
                }
                old.next();
            }
            series.push((period, value, Some(line)));
        }
        series.extend(old.map(|(p, v)| (p, v, None)));
        let mut sizes: Vec<f64> = series.iter().map(|s| s.1.abs()).collect();
        sizes.sort_by(f64::total_cmp);
        SeriesView { series, sizes }
    }

    /// The median size of the series' values.
    fn typical(&self) -> f64 {
        let n = self.sizes.len();
        match n {
            0 => 0.0,
            _ if n % 2 == 1 => self.sizes[n / 2],
            _ => (self.sizes[n / 2 - 1] + self.sizes[n / 2]) / 2.0,
        }
    }

    /// The values of the file that stand out, with why. A value stands out when
    /// - it is a tenfold jump from the value of the period before (between values of at least
    ///   a tenth of the series' typical size: jumps between values near zero say nothing), or
    /// - its change from the period before lies more than [`DEVIATION_LIMIT`] scaled median
    ///   absolute deviations from the series' median change (with at least five changes). The
    ///   scale is at least 2 % of the series' typical size, so a near-constant series does not
    ///   flag every wobble. Changes rather than levels, so that a steady trend is not an
    ///   outlier; the return after a spike is not flagged again.
    ///
    /// Medians are computed once per series: O(n log n).
    pub fn deviations(&self) -> Vec<(u64, Deviation)> {
        let series = &self.series;
        let typical = self.typical();
        let changes: Vec<f64> = series.windows(2).map(|w| w[1].1 - w[0].1).collect();
        let mut sorted = changes.clone();
        let med = median(&mut sorted);
        let mut devs: Vec<f64> = changes.iter().map(|d| (d - med).abs()).collect();
        let mad = median(&mut devs);
        let scale = (1.4826 * mad).max(0.02 * typical);

        let mut out = Vec::new();
        let mut flagged_before: Option<f64> = None;
        for i in 1..series.len() {
            let (pp, prev, _) = series[i - 1];
            let (_, value, line) = series[i];
            let change = changes[i - 1];
            let z = if scale > 0.0 { (change - med) / scale } else { 0.0 };
            let extreme = changes.len() >= 5 && z.abs() > DEVIATION_LIMIT;
            // The way back from a flagged spike is not a second finding.
            if let Some(zb) = flagged_before.take()
                && extreme
                && zb.signum() != z.signum()
            {
                continue;
            }
            let Some(line) = line else { continue };
            let comparable = prev.abs() >= 0.1 * typical && value.abs() >= 0.1 * typical;
            if comparable && prev != 0.0 && value != 0.0 && prev.signum() == value.signum() {
                let ratio = value / prev;
                if !(0.1..=10.0).contains(&ratio) {
                    out.push((line, Deviation::Jump { previous: pp, previous_value: prev, ratio }));
                    flagged_before = Some(z);
                    continue;
                }
            }
            if extreme {
                out.push((line, Deviation::Change { previous: pp, previous_value: prev, z }));
                flagged_before = Some(z);
            }
        }
        out
    }

    /// Values of the file about 100 or 1000 times the series' level, or a hundredth or
    /// thousandth of it: a share written as a fraction, thousands written as units. The level
    /// is the median size of the series' values, the new ones among them, so that one slip does
    /// not move it. Only for a series that keeps to one side of zero and whose other values lie
    /// within a factor of ten of each other: a net flow near zero, or a count that grows from
    /// 1 to 400, has no level a value could slip from. Returns `(line, factor, level)`.
    pub fn unit_slips(&self) -> Vec<(u64, f64, f64)> {
        let values = || self.series.iter().map(|s| s.1);
        let one_side = values().all(|x| x > 0.0) || values().all(|x| x < 0.0);
        let sizes = &self.sizes;
        let n = sizes.len();
        if n < 3 || !one_side {
            return Vec::new();
        }
        let level = self.typical();
        let mut out = Vec::new();
        for &(_, value, line) in &self.series {
            let Some(line) = line else { continue };
            let v = value.abs();
            // The smallest and largest of the others.
            let low = if sizes[0] == v { sizes[1] } else { sizes[0] };
            let high = if sizes[n - 1] == v { sizes[n - 2] } else { sizes[n - 1] };
            if high > 10.0 * low {
                continue;
            }
            let ratio = v / level;
            if let Some(&factor) =
                [100.0, 1000.0, 0.01, 0.001].iter().find(|&&f| (0.6..=1.7).contains(&(ratio / f)))
            {
                out.push((line, factor, level));
            }
        }
        out
    }
}

/// The values of one series that stand out: [`SeriesView::deviations`].
pub fn deviations(
    stored: &[(Period, f64)],
    staged: &[(u64, Period, f64)],
) -> Vec<(u64, Deviation)> {
    SeriesView::new(stored, staged).deviations()
}

/// The values of one series that look like a unit slip: [`SeriesView::unit_slips`].
pub fn unit_slips(stored: &[(Period, f64)], staged: &[(u64, Period, f64)]) -> Vec<(u64, f64, f64)> {
    SeriesView::new(stored, staged).unit_slips()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn unit_slips_are_a_hundred_or_a_thousand_times_off_the_level() {
        let shares: Vec<(Period, f64)> =
            (2015..2022).map(|y| (Period::Year(y), 90.0 + f64::from(y - 2015) * 0.5)).collect();
        let check = |v: f64| unit_slips(&shares, &[(9, p("2022"), v)]);
        assert_eq!(check(93.67), []);
        // The level is the median of eight sizes, the slip among them: (91 + 91.5) / 2.
        assert_eq!(check(0.9367), [(9, 0.01, 91.25)]);
        // Above the seven stored values the middle pair is (91.5 + 92) / 2.
        assert_eq!(check(9367.0), [(9, 100.0, 91.75)]);
        assert_eq!(check(91_750.0), [(9, 1000.0, 91.75)]);
        // Ten times is the tenfold jump's to say, not a unit slip.
        assert_eq!(check(917.5), []);
        // Nothing to compare with: nothing to say.
        assert_eq!(unit_slips(&[], &[(2, p("2022"), 0.93)]), []);
        // A net flow across zero, or a count that grows a hundredfold, has no level to slip
        // from (real Kolada series: Ljusnarsberg's foreign net migration 2010–2022).
        let flow = [(p("2019"), 4.9), (p("2020"), -1.2), (p("2021"), 2.5)];
        assert_eq!(unit_slips(&flow, &[(2, p("2022"), -0.028)]), []);
        let migration: Vec<(Period, f64)> =
            [84.0, 65.0, 117.0, 216.0, 405.0, 367.0, 393.0, 140.0, 77.0, 16.0, 13.0, 29.0]
                .iter()
                .enumerate()
                .map(|(i, &x)| (Period::Year(2010 + i as i32), x))
                .collect();
        assert_eq!(unit_slips(&migration, &[(2, p("2022"), 1.0)]), []);
    }

    #[test]
    fn deviations_flag_outliers_and_jumps_only() {
        let steady: Vec<(Period, f64)> =
            (2015..2022).map(|y| (Period::Year(y), 100.0 + f64::from(y - 2015))).collect();
        let en = |v: Vec<(u64, Deviation)>| -> Vec<(u64, String)> {
            v.into_iter().map(|(l, d)| (l, d.describe(Lang::En))).collect()
        };
        let check = |value: f64| en(deviations(&steady, &[(9, p("2022"), value)]));
        // A steady trend goes on: nothing to say.
        assert_eq!(check(107.0), []);
        assert_eq!(check(1070.0), [(9, "2021: 106; tenfold jump, ×10.1".to_string())]);
        // Changes 1,1,1,1,1,1,54: median 1, MAD 0, scale 2 % of 103.5 = 2.07; z = 53 / 2.07.
        assert_eq!(check(160.0), [(9, "2021: 106; unusual change, z = 25.6".to_string())]);
        // Within 3.5 scales of the usual change is not called out: 1 + 3.5 × 2.07 ≈ 8.2.
        assert_eq!(check(113.0), []);
        // A long upward trend (a growing town) is not an outlier at its end.
        let growth: Vec<(Period, f64)> =
            (1994..2022).map(|y| (Period::Year(y), 120_000.0 * 1.01f64.powi(y - 1994))).collect();
        assert_eq!(deviations(&growth, &[(2, p("2022"), 120_000.0 * 1.01f64.powi(28))]), []);
        // A spike in the file is flagged once, not again on the way back. Changes 1,1,1,0,297,
        // -295: median 1; typical size 103, scale 2.06; z = 296 / 2.06.
        let spike = [(2, p("2019"), 103.0), (3, p("2020"), 400.0), (4, p("2021"), 105.0)];
        assert_eq!(
            en(deviations(&steady[..4], &spike)),
            [(3, "2019: 103; unusual change, z = 143.7".to_string())]
        );
        // Too few values, and nothing before: nothing to say.
        assert_eq!(deviations(&[(p("2023"), 100.0)], &[(2, p("2022"), 5.0)]), []);
        // Sign changes (net migration) are not jumps.
        assert_eq!(deviations(&[(p("2021"), -74.0)], &[(2, p("2022"), 239.0)]), []);
        // A restaged period replaces the stored value instead of counting twice.
        assert_eq!(
            deviations(&[(p("2021"), 10.0)], &[(2, p("2021"), 10.5), (3, p("2022"), 11.0)]),
            []
        );
    }
}
