//! The stored values as polars frames over typed columns, and the analysis's queries on them.
//!
//! Every text of a value becomes a number into a dictionary, so a frame holds no string per
//! value: the indicator (its position in the catalogue), the series (gender and breakdown cell,
//! 0 for the total), the actor (the actor file's order first, then references and any other
//! geography met), and the period (its rank among the periods met, so that ordering the number
//! orders the periods). A missing marker is a null value: it counts as reported, not as a
//! number. From that one frame, lazily:
//!
//! - [`Frames::county`]: per indicator, series and period, the county value by the indicator's
//!   rule, how many of its reporters are behind it, and per series the latest complete point;
//! - [`Frames::series`]: per indicator, series and geography, the values in period order and
//!   the latest point;
//! - [`Frames::completeness`]: the due cells (target, reporter, period) joined with what was
//!   reported.

use std::collections::HashMap;

use polars::prelude::*;
use utblick_core::{ActorKind, Actors, Aggregation, Catalogue, Gender, Observation, Period};

/// A series of an indicator: a gender (`None` for the total, or no split) and a breakdown cell
/// (empty for the total).
pub(crate) type Sel = (Option<Gender>, String);

/// The county rules, as numbers in the catalogue frame.
const SUM: u32 = 0;
const MEAN: u32 = 1;
const WEIGHTED: u32 = 2;
const REGION_ONLY: u32 = 3;
const NO_RULE: u32 = 4;

/// The values as one typed frame, and the dictionaries its numbers point into.
pub(crate) struct Frames<'a> {
    indicator_no: HashMap<&'a str, u32>,
    actor_no: HashMap<&'a str, u32>,
    sel_no: HashMap<Sel, u32>,
    periods: Vec<Period>,
    /// `ind`, `sel`, `actor`, `period` (all `u32`), `value` (`f64`, null for a missing
    /// marker) and `member` (the actor is one of the indicator's reporters other than the
    /// region: its value makes the county value).
    values: DataFrame,
}

/// A point of a series read back from a frame.
pub(crate) struct Point {
    pub period: Period,
    pub value: f64,
}

/// A geography's series of one indicator series and its latest point.
#[derive(Default)]
pub(crate) struct GeoSeries {
    pub points: Vec<Point>,
    pub latest: Option<Point>,
}

/// The county's series of one indicator series and its latest complete point.
pub(crate) struct CountySeries {
    pub points: Vec<CountyPoint>,
    pub latest: Option<Point>,
}

/// An indicator and actor met, and their numbers with whether the actor is a member.
type Met<'o> = (&'o str, &'o str, Option<(u32, u32, bool)>);

/// A point of the county's series, read back from [`Frames::county`].
pub(crate) struct CountyPoint {
    pub period: Period,
    pub value: f64,
    pub behind: u32,
    pub expected: u32,
}

impl<'a> Frames<'a> {
    /// The frame of `observations`: those `keep` accepts, of indicators in the catalogue.
    /// `sels` are the series to number (the total is always 0); `extra_periods` get a number
    /// even if no value has them (the periods due for completeness).
    pub fn build(
        catalogue: &'a Catalogue,
        actors: &'a Actors,
        observations: &'a [Observation],
        sels: impl IntoIterator<Item = Sel>,
        extra_periods: impl IntoIterator<Item = Period>,
        keep: impl Fn(&Observation) -> bool,
    ) -> PolarsResult<Frames<'a>> {
        let indicator_no: HashMap<&str, u32> = catalogue
            .indicators()
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i as u32))
            .collect();
        let mut actor_no: HashMap<&str, u32> =
            actors.list().iter().enumerate().map(|(i, a)| (a.id.as_str(), i as u32)).collect();
        let mut sel_no: HashMap<Sel, u32> = HashMap::new();
        sel_no.insert((None, String::new()), 0);
        for s in sels {
            let next = sel_no.len() as u32;
            sel_no.entry(s).or_insert(next);
        }
        // Periods are numbered as met, then renumbered by rank once all are known.
        let mut met: HashMap<Period, u32> = HashMap::new();
        let mut met_order: Vec<Period> = Vec::new();
        let mut number = |p: Period, met: &mut HashMap<Period, u32>| {
            *met.entry(p).or_insert_with(|| {
                met_order.push(p);
                met_order.len() as u32 - 1
            })
        };
        for p in extra_periods {
            number(p, &mut met);
        }

        let (mut ind, mut sel, mut actor, mut period, mut value, mut member) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        // Observations come series by series: the dictionaries are asked once per run.
        let mut last_series: Option<Met<'_>> = None;
        let mut last_sel: Option<(Option<Gender>, &str, Option<u32>)> = None;
        for o in observations {
            if !keep(o) {
                continue;
            }
            let (i_id, a_id) = (o.key.indicator.as_str(), o.key.actor.as_str());
            let found = match last_series {
                Some((i, a, found)) if i == i_id && a == a_id => found,
                _ => {
                    let found = indicator_no.get(i_id).map(|&i| {
                        let next = actor_no.len() as u32;
                        let a = *actor_no.entry(a_id).or_insert(next);
                        let is_member = actors.get(a_id).is_some_and(|x| {
                            x.kind != ActorKind::Region
                                && catalogue.indicators()[i as usize].is_reported_by(x)
                        });
                        (i, a, is_member)
                    });
                    last_series = Some((i_id, a_id, found));
                    found
                }
            };
            let Some((i, a, is_member)) = found else { continue };
            let g = o.key.gender.filter(|g| *g != Gender::Total);
            let b = o.key.breakdown.as_str();
            let s = match last_sel {
                Some((lg, lb, s)) if lg == g && lb == b => s,
                _ => {
                    let s = sel_no.get(&(g, b.to_string())).copied();
                    last_sel = Some((g, b, s));
                    s
                }
            };
            let Some(s) = s else { continue };
            ind.push(i);
            sel.push(s);
            actor.push(a);
            period.push(number(o.key.period, &mut met));
            value.push(o.value.number());
            member.push(is_member);
        }

        let mut by_rank: Vec<u32> = (0..met_order.len() as u32).collect();
        by_rank.sort_by_key(|&n| met_order[n as usize]);
        let mut rank_of = vec![0u32; met_order.len()];
        for (rank, &n) in by_rank.iter().enumerate() {
            rank_of[n as usize] = rank as u32;
        }
        for p in &mut period {
            *p = rank_of[*p as usize];
        }
        let periods: Vec<Period> = by_rank.iter().map(|&n| met_order[n as usize]).collect();

        let height = ind.len();
        let values = DataFrame::new(
            height,
            vec![
                Column::new("ind".into(), ind),
                Column::new("sel".into(), sel),
                Column::new("actor".into(), actor),
                Column::new("period".into(), period),
                Column::new("value".into(), value),
                Column::new("member".into(), member),
            ],
        )?;
        Ok(Frames { indicator_no, actor_no, sel_no, periods, values })
    }

    pub fn indicator(&self, id: &str) -> Option<u32> {
        self.indicator_no.get(id).copied()
    }

    pub fn actor(&self, id: &str) -> Option<u32> {
        self.actor_no.get(id).copied()
    }

    pub fn sel(&self, gender: Option<Gender>, breakdown: &str) -> Option<u32> {
        self.sel_no.get(&(gender, breakdown.to_string())).copied()
    }

    pub fn period(&self, p: Period) -> Option<u32> {
        self.periods.binary_search(&p).ok().map(|n| n as u32)
    }

    fn period_of(&self, n: u32) -> Period {
        self.periods[n as usize]
    }

    /// The county value per indicator, series and period, lazily: `ind`, `sel`, `period`,
    /// `value`, `behind` (values behind it) and `expected` (the indicator's reporters other
    /// than the region; 1 for the region's own value).
    ///
    /// By the indicator's rule over its own reporters' values (a reference, the region or an
    /// actor that does not report the indicator never counts): the sum, the mean, or the mean
    /// weighted by the weight indicator's value of the same actor, series and period; or the
    /// region's own value. A point whose rule gives no finite number is left out.
    pub fn county(&self, catalogue: &Catalogue, actors: &Actors) -> PolarsResult<LazyFrame> {
        let inds = catalogue.indicators();
        let mut rule = Vec::with_capacity(inds.len());
        let mut weight = Vec::with_capacity(inds.len());
        let mut expected = Vec::with_capacity(inds.len());
        for i in inds {
            let (r, w) = match &i.aggregation {
                Aggregation::Sum => (SUM, None),
                Aggregation::Mean => (MEAN, None),
                Aggregation::WeightedMean { weight } => (WEIGHTED, self.indicator(&weight.value)),
                Aggregation::RegionOnly => (REGION_ONLY, None),
                Aggregation::None => (NO_RULE, None),
            };
            rule.push(r);
            weight.push(w);
            let members = actors
                .list()
                .iter()
                .filter(|a| a.kind != ActorKind::Region && i.is_reported_by(a))
                .count();
            expected.push(members as u32);
        }
        let cat = DataFrame::new(
            inds.len(),
            vec![
                Column::new("ind".into(), (0..inds.len() as u32).collect::<Vec<_>>()),
                Column::new("rule".into(), rule),
                Column::new("wind".into(), weight),
                Column::new("expected".into(), expected),
            ],
        )?
        .lazy();
        let numbers = self.values.clone().lazy().filter(col("value").is_not_null());
        // A rate of a series is weighed by the weight of the same series (women's rate by women).
        let weights = numbers.clone().select([
            col("ind").alias("wind"),
            col("actor"),
            col("sel"),
            col("period"),
            col("value").alias("w"),
        ]);
        let aggregated = numbers
            .clone()
            .filter(col("member"))
            .join(cat.clone(), [col("ind")], [col("ind")], JoinArgs::new(JoinType::Inner))
            .filter(col("rule").lt(lit(REGION_ONLY)))
            .join(
                weights,
                [col("wind"), col("actor"), col("sel"), col("period")],
                [col("wind"), col("actor"), col("sel"), col("period")],
                JoinArgs::new(JoinType::Left),
            )
            .with_columns([(col("value") * col("w")).alias("vw")])
            .with_columns([when(col("vw").is_not_null())
                .then(col("w"))
                .otherwise(lit(NULL))
                .alias("wv")])
            .group_by([col("ind"), col("sel"), col("period"), col("rule"), col("expected")])
            .agg([
                col("value").sum().alias("sum"),
                col("value").mean().alias("mean"),
                (col("vw").sum() / col("wv").sum()).alias("wmean"),
                col("value").count().cast(DataType::UInt32).alias("n"),
                col("vw").count().cast(DataType::UInt32).alias("nw"),
            ])
            .select([
                col("ind"),
                col("sel"),
                col("period"),
                when(col("rule").eq(lit(SUM)))
                    .then(col("sum"))
                    .when(col("rule").eq(lit(MEAN)))
                    .then(col("mean"))
                    .when(col("nw").gt(lit(0u32)))
                    .then(col("wmean"))
                    .otherwise(lit(NULL).cast(DataType::Float64))
                    .alias("value"),
                when(col("rule").eq(lit(WEIGHTED)))
                    .then(col("nw"))
                    .otherwise(col("n"))
                    .alias("behind"),
                col("expected"),
            ]);
        let region = actors.list().iter().find(|a| a.kind == ActorKind::Region);
        let own = match region.and_then(|r| self.actor(&r.id)) {
            Some(r) => numbers
                .filter(col("actor").eq(lit(r)))
                .join(cat, [col("ind")], [col("ind")], JoinArgs::new(JoinType::Inner))
                .filter(col("rule").eq(lit(REGION_ONLY)))
                .select([
                    col("ind"),
                    col("sel"),
                    col("period"),
                    col("value"),
                    lit(1u32).cast(DataType::UInt32).alias("behind"),
                    lit(1u32).cast(DataType::UInt32).alias("expected"),
                ]),
            None => aggregated.clone().filter(lit(false)),
        };
        Ok(concat([aggregated, own], UnionArgs::default())?
            .filter(col("value").is_not_null().and(col("value").is_finite())))
    }

    /// The county's series, per indicator and series, in period order, with the latest
    /// complete point (as many values behind it as expected).
    pub fn county_series(
        &self,
        county: LazyFrame,
    ) -> PolarsResult<HashMap<(u32, u32), CountySeries>> {
        let by_period = SortMultipleOptions::default();
        let complete = col("behind").gt_eq(col("expected"));
        let df = county
            .group_by([col("ind"), col("sel")])
            .agg([
                col("period").sort_by([col("period")], by_period.clone()).alias("periods"),
                col("value").sort_by([col("period")], by_period.clone()).alias("values"),
                col("behind").sort_by([col("period")], by_period.clone()).alias("behind"),
                col("expected").first().alias("expected"),
                col("period").filter(complete.clone()).max().alias("last_period"),
                col("value")
                    .filter(complete.clone())
                    .sort_by([col("period").filter(complete)], by_period)
                    .last()
                    .alias("last_value"),
            ])
            .collect()?;
        let (ind, sel) = (df.column("ind")?.u32()?, df.column("sel")?.u32()?);
        let periods = df.column("periods")?.list()?;
        let values = df.column("values")?.list()?;
        let behind = df.column("behind")?.list()?;
        let expected = df.column("expected")?.u32()?;
        let last_period = df.column("last_period")?.u32()?;
        let last_value = df.column("last_value")?.f64()?;
        let mut out = HashMap::with_capacity(df.height());
        for (row, ((p, v), b)) in periods
            .amortized_iter()
            .zip(values.amortized_iter())
            .zip(behind.amortized_iter())
            .enumerate()
        {
            let (Some(i), Some(s), Some(p), Some(v), Some(b)) =
                (ind.get(row), sel.get(row), p, v, b)
            else {
                continue;
            };
            let e = expected.get(row).unwrap_or(0);
            let points = p
                .as_ref()
                .u32()?
                .iter()
                .zip(v.as_ref().f64()?.iter())
                .zip(b.as_ref().u32()?.iter())
                .filter_map(|((p, v), b)| {
                    Some(CountyPoint {
                        period: self.period_of(p?),
                        value: v?,
                        behind: b?,
                        expected: e,
                    })
                })
                .collect();
            let latest = last_period
                .get(row)
                .zip(last_value.get(row))
                .map(|(p, value)| Point { period: self.period_of(p), value });
            out.insert((i, s), CountySeries { points, latest });
        }
        Ok(out)
    }

    /// Every geography's series, per indicator and series, in period order, with its latest
    /// point: for an actor, a reference or any other geography the store holds values for.
    pub fn series(&self) -> PolarsResult<HashMap<(u32, u32, u32), GeoSeries>> {
        let by_period = SortMultipleOptions::default();
        let df = self
            .values
            .clone()
            .lazy()
            .filter(col("value").is_not_null())
            .group_by([col("ind"), col("sel"), col("actor")])
            .agg([
                col("period").sort_by([col("period")], by_period.clone()).alias("periods"),
                col("value").sort_by([col("period")], by_period.clone()).alias("values"),
                col("period").max().alias("last_period"),
                col("value").sort_by([col("period")], by_period).last().alias("last_value"),
            ])
            .collect()?;
        let (ind, sel, actor) =
            (df.column("ind")?.u32()?, df.column("sel")?.u32()?, df.column("actor")?.u32()?);
        let periods = df.column("periods")?.list()?;
        let values = df.column("values")?.list()?;
        let last_period = df.column("last_period")?.u32()?;
        let last_value = df.column("last_value")?.f64()?;
        let mut out = HashMap::with_capacity(df.height());
        for (row, (p, v)) in periods.amortized_iter().zip(values.amortized_iter()).enumerate() {
            let (Some(i), Some(s), Some(a), Some(p), Some(v)) =
                (ind.get(row), sel.get(row), actor.get(row), p, v)
            else {
                continue;
            };
            let points = p
                .as_ref()
                .u32()?
                .iter()
                .zip(v.as_ref().f64()?.iter())
                .filter_map(|(p, v)| Some(Point { period: self.period_of(p?), value: v? }))
                .collect();
            let latest = last_period
                .get(row)
                .zip(last_value.get(row))
                .map(|(p, value)| Point { period: self.period_of(p), value });
            out.insert((i, s, a), GeoSeries { points, latest });
        }
        Ok(out)
    }

    /// Which due cells were reported: `due` holds `ind`, `sel`, `actor`, `period` and the
    /// cell's place (`target`, `row`, `col`); each cell gets `reported`, true when the store
    /// holds a value or a missing marker for it. Sorted by the cell's place.
    pub fn completeness(&self, due: DataFrame) -> PolarsResult<DataFrame> {
        let reported = self
            .values
            .clone()
            .lazy()
            .select([col("ind"), col("sel"), col("actor"), col("period")])
            .with_columns([lit(true).alias("reported")]);
        let keys = [col("ind"), col("sel"), col("actor"), col("period")];
        due.lazy()
            .join(reported, keys.clone(), keys, JoinArgs::new(JoinType::Left))
            .with_columns([col("reported").fill_null(lit(false))])
            .sort(["target", "row", "col"], SortMultipleOptions::default())
            .collect()
    }
}
