//! The indicator catalogue, shared across plan years.

use std::collections::HashMap;

use crate::actor::{Actor, ActorKind, Actors};
use crate::diag::{Loc, Located};
use crate::period::PeriodType;

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Direction {
    Increase,
    Decrease,
    /// Keep the value within `[low, high]`.
    Band {
        low: f64,
        high: f64,
    },
}

impl Direction {
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
    None,
    /// Values come as `T`, `K` and `M`; targets are on `T`.
    Tkm,
}

impl GenderSplit {
    pub fn as_str(self) -> &'static str {
        match self {
            GenderSplit::None => "none",
            GenderSplit::Tkm => "tkm",
        }
    }
}

/// How actors' values make the region's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Aggregation {
    /// Counts: the region's value is the sum.
    Sum,
    /// Rates: weighted by another indicator of the same period (e.g. population).
    WeightedMean { weight: Located<String> },
    /// Unweighted mean (Kolada's group value); wrong for most rates, kept for completeness.
    Mean,
    /// Only the region's own reported value counts.
    RegionOnly,
}

impl Aggregation {
    pub fn as_str(&self) -> &'static str {
        match self {
            Aggregation::Sum => "sum",
            Aggregation::WeightedMean { .. } => "weighted-mean",
            Aggregation::Mean => "mean",
            Aggregation::RegionOnly => "region-only",
        }
    }
}

/// The values an indicator can take, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ValidRange {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl ValidRange {
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

#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub description: String,
    pub unit: String,
    pub direction: Direction,
    pub period_type: PeriodType,
    pub gender: GenderSplit,
    pub range: ValidRange,
    /// Where the figures come from, in words (e.g. `Kolada N02267 (SCB)`).
    pub source: String,
    /// The Kolada KPI id, when the indicator is one.
    pub kolada: Option<String>,
    pub decimals: u8,
    pub aggregation: Aggregation,
    /// Actors named one by one as reporters.
    pub reporters: Vec<Located<String>>,
    /// Every actor of these kinds reports.
    pub reporter_kinds: Vec<ActorKind>,
    pub loc: Loc,
}

impl Indicator {
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

    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.find(id).map(|(_, ind)| ind)
    }

    /// The indicator and its position in [`Catalogue::indicators`].
    pub fn find(&self, id: &str) -> Option<(usize, &Indicator)> {
        self.by_id.get(id).map(|&i| (i, &self.indicators[i]))
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.indicators.iter().map(|i| i.id.as_str())
    }
}
