//! The indicator catalogue, shared across plan years.

use std::collections::HashMap;

use crate::actor::{Actor, ActorKind, Actors};
use crate::diag::{Loc, Located};
use crate::period::{Period, PeriodType};

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Direction {
    /// Higher is better.
    Increase,
    /// Lower is better.
    Decrease,
    /// Keep the value within `[low, high]`.
    Band {
        /// The lowest value within the band.
        low: f64,
        /// The highest value within the band.
        high: f64,
    },
}

impl Direction {
    /// The direction as the catalogue writes it (`increase`, `decrease`, `band`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Band { .. } => "band",
        }
    }
}

/// Whether values are split by gender (Kolada's `T` total, `K` women, `M` men).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GenderSplit {
    /// One value per actor and period: no gender split.
    None,
    /// Values come as `T`, `K` and `M`; targets are on `T`.
    Tkm,
    /// Values come as `K` and `M` only (no total is published); a target says which.
    Km,
}

impl GenderSplit {
    /// The split as the catalogue writes it (`none`, `tkm`, `km`).
    pub fn as_str(self) -> &'static str {
        match self {
            GenderSplit::None => "none",
            GenderSplit::Tkm => "tkm",
            GenderSplit::Km => "km",
        }
    }

    /// Whether values of this gender are taken.
    pub fn allows(self, g: Option<crate::Gender>) -> bool {
        use crate::Gender::{Men, Total, Women};
        match self {
            GenderSplit::None => g.is_none(),
            GenderSplit::Tkm => matches!(g, Some(Total | Women | Men)),
            GenderSplit::Km => matches!(g, Some(Women | Men)),
        }
    }
}

/// A breakdown of an indicator beyond gender: age group, sector, birth region, tenure, school
/// stage. A value is given for one value of the dimension, or for its total (left out).
#[derive(Clone, Debug, PartialEq)]
pub struct Dimension {
    /// The column name in submissions and templates (`alder`).
    pub id: String,
    /// The dimension's name for people (`Ålder`).
    pub name: String,
    /// The values allowed, in the order shown (`16-24`, `25-64`).
    pub values: Vec<String>,
    /// The dimension's table in the catalogue file.
    pub loc: Loc,
}

/// Column names a submission's reader gives a meaning of its own (lower case): the columns and
/// their aliases (those of registry update files too), and the templates' informational columns. A breakdown dimension cannot be
/// called so. `utblick-ingest` tests that its reader knows no other.
pub const RESERVED_COLUMNS: &[&str] = &[
    "indikator",
    "indicator",
    "indikator-id",
    "indikatorid",
    "indikator id",
    "kpi",
    "nyckeltal",
    "aktör",
    "aktor",
    "actor",
    "aktörs-id",
    "aktörsid",
    "kommun",
    "kommunkod",
    "organisation",
    "period",
    "år",
    "ar",
    "year",
    "tid",
    "kön",
    "kon",
    "gender",
    "sex",
    "värde",
    "varde",
    "value",
    "kommentar",
    "comment",
    "anmärkning",
    "registerpost",
    "post",
    "entry",
    "fält",
    "falt",
    "field",
    "indikatornamn",
    "namn",
    "name",
    "enhet",
    "unit",
    "giltiga värden",
    "giltigt intervall",
    "senaste värde",
    "senast lagrat värde",
    "senast lagrad period",
    "aktörsnamn",
    "nuvarande värde",
];

/// Most breakdown cells an indicator may have (every value of every dimension and its total,
/// combined): each is a series of its own for every actor and gender.
pub const MAX_BREAKDOWN_CELLS: usize = 1000;

/// The key of a breakdown cell: `alder=25-64;sektor=offentlig`, dimensions in the catalogue's
/// order, totals left out; the empty key is the total of every dimension.
pub fn breakdown_key(cells: &[(&str, &str)]) -> String {
    cells.iter().map(|(d, v)| format!("{d}={v}")).collect::<Vec<_>>().join(";")
}

/// The cells of a breakdown key.
pub fn breakdown_cells(key: &str) -> Vec<(&str, &str)> {
    key.split(';').filter(|c| !c.is_empty()).filter_map(|c| c.split_once('=')).collect()
}

/// How actors' values make the region's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Aggregation {
    /// Counts: the region's value is the sum.
    Sum,
    /// Rates: weighted by another indicator of the same period (e.g. population).
    WeightedMean {
        /// The id of the indicator each actor's value is weighted by.
        weight: Located<String>,
    },
    /// Unweighted mean (Kolada's group value); wrong for most rates, kept for completeness.
    Mean,
    /// The county's own figure: the region's, as the source publishes it or the region
    /// reports it.
    RegionOnly,
    /// No county figure: the source publishes none, and the actors' values do not add up to
    /// one (a share whose denominator is not published). The actors are compared instead.
    None,
}

impl Aggregation {
    /// The aggregation as the catalogue writes it (`sum`, `weighted-mean`, …).
    pub fn as_str(&self) -> &'static str {
        match self {
            Aggregation::Sum => "sum",
            Aggregation::WeightedMean { .. } => "weighted-mean",
            Aggregation::Mean => "mean",
            Aggregation::RegionOnly => "region-only",
            Aggregation::None => "none",
        }
    }
}

/// Where an indicator's values come from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Pulled from Kolada (the `kolada` KPI id) by `utblick kolada`: nobody reports them, so
    /// nobody is late with them.
    Kolada,
    /// Reported by the indicator's reporters in CSV files: templates, receipts and "who has
    /// not reported" are about these.
    Actor,
    /// Computed from other indicators on every report.
    Derived(Formula),
    /// Counted from the registry of the international work on every report (the catalogue's
    /// `measure`): nobody reports them as values; the registry's owners update its entries.
    Registry(crate::registry::Measure),
}

impl Origin {
    /// The origin as the catalogue's `from` writes it (`kolada`, `actor`, `derived`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Origin::Kolada => "kolada",
            Origin::Actor => "actor",
            Origin::Derived(_) => "derived",
            Origin::Registry(_) => "registry",
        }
    }
}

/// How a derived indicator is computed from others, per actor and period.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    /// How the inputs are combined.
    pub op: FormulaOp,
    /// The indicators it is computed from, in order (for a difference or a ratio: the first
    /// less, or over, the second).
    pub of: Vec<Located<String>>,
    /// The result is multiplied by this (1000 for "per 1,000 inhabitants").
    pub scale: f64,
}

/// The arithmetic of a derived indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormulaOp {
    /// The sum of all (e.g. R&D spending of three sectors).
    Sum,
    /// The first less the second.
    Difference,
    /// The first over the second, times the scale (per capita: a count over inhabitants).
    Ratio,
}

impl FormulaOp {
    /// The operation as the catalogue writes it (`sum`, `difference`, `ratio`).
    pub fn as_str(self) -> &'static str {
        match self {
            FormulaOp::Sum => "sum",
            FormulaOp::Difference => "difference",
            FormulaOp::Ratio => "ratio",
        }
    }
}

impl Formula {
    /// The value for one actor and period from its inputs' values, in the order of `of`;
    /// `None` when an input is missing or a ratio's denominator is zero.
    pub fn apply(&self, inputs: &[Option<f64>]) -> Option<f64> {
        let values: Option<Vec<f64>> = inputs.iter().copied().collect();
        let v = values?;
        let x = match self.op {
            FormulaOp::Sum => v.iter().sum(),
            FormulaOp::Difference => *v.first()? - *v.get(1)?,
            FormulaOp::Ratio => {
                let den = *v.get(1)?;
                if den == 0.0 {
                    return None;
                }
                *v.first()? / den
            }
        };
        Some(x * self.scale).filter(|x| x.is_finite())
    }
}

/// Which years an indicator has values for: every year, every n-th year from a given one
/// (a survey every third year), or the years listed (election years). A period belongs to the
/// year it ends in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cadence {
    /// Every `years`-th year, counted from the year `from` (every year: 1 from any year).
    Every {
        /// How many years apart the values are.
        years: u8,
        /// A year that has a value.
        from: i32,
    },
    /// The years listed, e.g. election years.
    Listed(Vec<i32>),
}

impl Default for Cadence {
    fn default() -> Cadence {
        Cadence::Every { years: 1, from: 0 }
    }
}

impl Cadence {
    /// Whether the indicator has a value for the period (by the year it ends in).
    pub fn is_due(&self, period: Period) -> bool {
        let y = period.end_year();
        match self {
            Cadence::Every { years, from } => (y - from).rem_euclid(i32::from(*years)) == 0,
            Cadence::Listed(list) => list.contains(&y),
        }
    }

    /// In words, for the report: `every 3rd year`, `2018, 2022, 2026`.
    pub fn describe(&self) -> String {
        match self {
            Cadence::Every { years: 1, .. } => "every year".into(),
            Cadence::Every { years, from } => format!("every {years} years from {from}"),
            Cadence::Listed(list) => list.iter().map(i32::to_string).collect::<Vec<_>>().join(", "),
        }
    }
}

/// The values an indicator can take, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ValidRange {
    /// The least value allowed, if any.
    pub min: Option<f64>,
    /// The greatest value allowed, if any.
    pub max: Option<f64>,
}

impl ValidRange {
    /// Whether `v` is within the range, ends included.
    pub fn contains(self, v: f64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }

    /// `0–100`, `≥ 0`, `≤ 5` or `any value`, for messages.
    pub fn describe(self) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("{a}–{b}"),
            (Some(a), None) => format!("≥ {a}"),
            (None, Some(b)) => format!("≤ {b}"),
            (None, None) => "any value".to_string(),
        }
    }
}

/// A measure the plan's targets are followed up with, as the catalogue defines it: what
/// it counts, where its values come from, who reports them and how they add up to the
/// county's value.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// The id plans, submissions and the store name it by (`N02267`, `een-foretag`).
    pub id: String,
    /// The Swedish name.
    pub name: String,
    /// The English name, where the catalogue gives one (see [`Indicator::name_in`]).
    pub name_en: Option<String>,
    /// What it measures, in words; may be empty.
    pub description: String,
    /// The unit of its values, in words (`procent`, `antal`).
    pub unit: String,
    /// Which way is better.
    pub direction: Direction,
    /// The kind of period its values are reported for.
    pub period_type: PeriodType,
    /// For periods of several years (`period = "years"`): how many (4 for `2019-2022`).
    pub span: Option<u8>,
    /// Which years have values.
    pub cadence: Cadence,
    /// Breakdowns beyond gender; the totals are the headline.
    pub breakdowns: Vec<Dimension>,
    /// Whether its values are split by gender.
    pub gender: GenderSplit,
    /// The values it can take; a value outside is rejected at ingest.
    pub range: ValidRange,
    /// Where the figures come from, in words (e.g. `Kolada N02267 (SCB)`).
    pub source: String,
    /// The Kolada KPI id, when the indicator is one.
    pub kolada: Option<Located<String>>,
    /// Where the values come from.
    pub origin: Origin,
    /// For a rate: what it is per, in words (`invånare 16–64 år`); a weighted mean must be
    /// weighted by an indicator that counts the same.
    pub denominator: Option<Located<String>>,
    /// For a count: what it counts (`invånare`), to weigh rates per the same.
    pub counts: Option<Located<String>>,
    /// How many decimals its values are shown with.
    pub decimals: u8,
    /// How the actors' values make the county's value.
    pub aggregation: Aggregation,
    /// Actors named one by one as reporters.
    pub reporters: Vec<Located<String>>,
    /// Every actor of these kinds reports.
    pub reporter_kinds: Vec<ActorKind>,
    /// The `[[indicator]]` table in the catalogue file.
    pub loc: Loc,
}

impl Indicator {
    /// Whether a period is of the indicator's kind: its type, and for several years, as many
    /// as the indicator's span.
    pub fn fits(&self, period: Period) -> bool {
        period.period_type() == self.period_type
            && match (period, self.span) {
                (Period::Years(a, b), Some(n)) => b - a + 1 == i32::from(n),
                _ => true,
            }
    }

    /// The period of the indicator's kind that ends in `year` (its last quarter or month for
    /// finer ones), if it has one: a school year, a window of the indicator's span.
    pub fn period_ending(&self, year: i32) -> Option<Period> {
        Some(match self.period_type {
            PeriodType::Year => Period::Year(year),
            PeriodType::Quarter => Period::Quarter(year, 4),
            PeriodType::Month => Period::Month(year, 12),
            PeriodType::SchoolYear => Period::SchoolYear(year - 1),
            PeriodType::Years => Period::Years(year + 1 - i32::from(self.span?), year),
        })
    }

    /// The Kolada KPI id, when the indicator is one.
    pub fn kolada_id(&self) -> Option<&str> {
        self.kolada.as_ref().map(|k| k.value.as_str())
    }

    /// How many breakdown cells it has: every value of every dimension and its total,
    /// combined; 1 without breakdowns (the total only).
    pub fn breakdown_cells(&self) -> usize {
        self.breakdowns.iter().map(|d| d.values.len() + 1).product()
    }

    /// The position of a breakdown cell among [`Indicator::breakdown_cells`], given for each
    /// dimension (in the catalogue's order) the position of its value, `None` for its total.
    /// The total of every dimension is 0.
    pub fn breakdown_cell(&self, values: &[Option<usize>]) -> usize {
        let mut cell = 0;
        let mut stride = 1;
        for (d, v) in self.breakdowns.iter().zip(values) {
            cell += v.map_or(0, |v| v + 1) * stride;
            stride *= d.values.len() + 1;
        }
        cell
    }

    /// The key of a breakdown cell by its position (see [`breakdown_key`]).
    pub fn breakdown_key_of(&self, mut cell: usize) -> String {
        let mut cells = Vec::new();
        for d in &self.breakdowns {
            let n = d.values.len() + 1;
            let v = cell % n;
            cell /= n;
            if v > 0 {
                cells.push((d.id.as_str(), d.values[v - 1].as_str()));
            }
        }
        breakdown_key(&cells)
    }

    /// The breakdown cell of a key, if the key names declared dimensions and values.
    pub fn breakdown_cell_of(&self, key: &str) -> Option<usize> {
        let mut values = vec![None; self.breakdowns.len()];
        for (dim, value) in breakdown_cells(key) {
            let j = self.breakdowns.iter().position(|d| d.id == dim)?;
            values[j] = Some(self.breakdowns[j].values.iter().position(|v| v == value)?);
        }
        Some(self.breakdown_cell(&values))
    }

    /// Whether actors report its values (rather than a source or a formula giving them).
    pub fn is_actor_reported(&self) -> bool {
        self.origin == Origin::Actor
    }

    /// Whether `actor` is expected to report this indicator.
    pub fn is_reported_by(&self, actor: &Actor) -> bool {
        self.reporter_kinds.contains(&actor.kind)
            || self.reporters.iter().any(|r| r.value == actor.id)
    }

    /// The actors expected to report, in the order of the actor file.
    pub fn expected_reporters<'a>(&self, actors: &'a Actors) -> Vec<&'a Actor> {
        actors.list().iter().filter(|a| self.is_reported_by(a)).collect()
    }
}

/// The indicators, looked up by id in constant time.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    indicators: Vec<Indicator>,
    by_id: HashMap<String, usize>,
}

impl Catalogue {
    /// The catalogue of `indicators`, in the catalogue file's order; the first of a
    /// duplicated id is the one found.
    pub fn new(indicators: Vec<Indicator>) -> Catalogue {
        let mut by_id = HashMap::new();
        for (i, ind) in indicators.iter().enumerate() {
            by_id.entry(ind.id.clone()).or_insert(i);
        }
        Catalogue { indicators, by_id }
    }

    /// In the order of the catalogue file.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// The indicator of id `id`, if the catalogue has one.
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.find(id).map(|(_, ind)| ind)
    }

    /// The indicator and its position in [`Catalogue::indicators`].
    pub fn find(&self, id: &str) -> Option<(usize, &Indicator)> {
        self.by_id.get(id).map(|&i| (i, &self.indicators[i]))
    }

    /// The indicators' ids, in the order of the catalogue file.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.indicators.iter().map(|i| i.id.as_str())
    }

    /// Whether some indicator is broken down by the dimension `id`.
    pub fn has_dimension(&self, id: &str) -> bool {
        self.indicators.iter().any(|i| i.breakdowns.iter().any(|d| d.id == id))
    }

    /// The dimension a column header (in lower case, spaces collapsed) names, by its id or
    /// by its name (`Åldersgrupp` for `alder`).
    pub fn dimension_of_header(&self, header: &str) -> Option<&str> {
        let dims = || self.indicators.iter().flat_map(|i| &i.breakdowns);
        let name =
            |d: &Dimension| d.name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        dims()
            .find(|d| d.id == header)
            .or_else(|| dims().find(|d| name(d) == header))
            .map(|d| d.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::FileId;

    const CATALOGUE: &str = r#"
[[indicator]]
id = "SYS"
name = "Sysselsättning"
unit = "procent"
direction = "increase"
period = "year"
source = "SCB"
from = "actor"
aggregation = "mean"
reporter_kinds = ["kommun"]
breakdowns = [
    { id = "alder", name = "Ålder", values = ["16-24", "25-64"] },
    { id = "sektor", name = "Sektor", values = ["offentlig", "privat", "ideell"] },
]

[[indicator]]
id = "TOT"
name = "Utan"
unit = "antal"
direction = "increase"
period = "year"
source = "SCB"
from = "actor"
aggregation = "sum"
reporter_kinds = ["kommun"]
"#;

    #[test]
    fn every_breakdown_cell_has_its_own_key_and_comes_back_from_it() {
        let mut diags = Vec::new();
        let cat = crate::parse_catalogue(FileId(1), CATALOGUE, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let plain = cat.get("TOT").unwrap();
        assert_eq!(plain.breakdown_cells(), 1);
        assert_eq!(plain.breakdown_key_of(0), "");
        let ind = cat.get("SYS").unwrap();
        assert_eq!(ind.breakdown_cells(), 12);
        let keys: Vec<String> = (0..12).map(|c| ind.breakdown_key_of(c)).collect();
        assert_eq!(keys[0], "");
        assert_eq!(ind.breakdown_key_of(ind.breakdown_cell(&[Some(1), None])), "alder=25-64");
        assert_eq!(
            ind.breakdown_key_of(ind.breakdown_cell(&[Some(0), Some(2)])),
            "alder=16-24;sektor=ideell"
        );
        let unique: std::collections::HashSet<&String> = keys.iter().collect();
        assert_eq!(unique.len(), 12);
        for (c, k) in keys.iter().enumerate() {
            assert_eq!(ind.breakdown_cell_of(k), Some(c), "{k}");
        }
        assert_eq!(ind.breakdown_cell_of("alder=99"), None);
        assert_eq!(ind.breakdown_cell_of("kommun=1880"), None);
        assert!(cat.has_dimension("sektor"));
        assert!(!cat.has_dimension("kommun"));
    }
}
