//! The stored values as polars frames over typed columns, and the analysis's queries on them.
//!
//! Every text of a value becomes a number into a dictionary, so a frame holds no string per
//! value: the indicator (its position in the catalogue), the series (gender and breakdown cell,
//! 0 for the total), the actor (the actor file's order first, then references and any other
//! geography met), and the period (its rank among the periods met, so that ordering the number
//! orders the periods). A missing marker is a null value: it counts as reported, not as a
//! number. The values are kept as their packed keys in order, beside their numbers, and a
//! frame is made of a part of the indicators at a time ([`Frames::part`]); from it, lazily:
//!
//! - [`Frames::county`]: per indicator, series and period, the county value by the indicator's
//!   rule, how many of its reporters are behind it, and per series the latest complete point;
//! - [`Frames::series`]: per indicator, series and geography, the values in period order and
//!   the latest point;
//! - [`Frames::has`]: whether a due cell (target, reporter, period) was reported: a binary
//!   search among the sorted keys (at national scale the due cells are millions, and a join
//!   with its final sort cost seconds).

use std::collections::HashMap;

use polars::prelude::*;
use rayon::slice::ParallelSliceMut;
use utblick_core::{ActorKind, Actors, Aggregation, Catalogue, Gender, Period};

/// A series of an indicator: a gender (`None` for the total, or no split) and a breakdown cell
/// (empty for the total).
pub(crate) type Sel = (Option<Gender>, String);

/// How many values a part of the frame holds at least (but its last), for [`Frames::parts`]:
/// small enough that a part's queries stay within tens of megabytes (what they leave in each
/// thread's malloc arena is kept: at national scale the peak was 20-40 MB lower with parts of
/// 200 k values than of 500 k, in the same time), large enough that a national report makes
/// two dozen parts, not three hundred.
const PART_ROWS: usize = 200_000;

/// The county rules, as numbers in the catalogue frame.
const SUM: u32 = 0;
const MEAN: u32 = 1;
const WEIGHTED: u32 = 2;
const REGION_ONLY: u32 = 3;
const NO_RULE: u32 = 4;

/// The values, sorted by their packed keys, and the dictionaries their numbers point into.
/// The frames the queries run on are made a part at a time ([`Frames::part`]): at national
/// scale a frame of every value with its nine columns was 190 MB, the keys and values alone
/// are 80 MB.
pub(crate) struct Frames<'a> {
    indicator_no: HashMap<&'a str, u32>,
    /// Actors of the actor file, then every other geography met (a reference, an unknown id).
    actor_no: HashMap<String, u32>,
    sel_no: HashMap<Sel, u32>,
    periods: Vec<Period>,
    /// How many indicators, series, geographies and periods the numbers run over: the radixes
    /// of the packed keys.
    dims: [u64; 4],
    /// Every value's key (indicator, series, geography and period packed, see [`pack`]), in
    /// order: an indicator's values are one run of it, and [`Frames::has`] a binary search.
    keys: Vec<u64>,
    /// The value of each key; a missing marker is `NaN` here and `true` in `missing`.
    values: Vec<f64>,
    missing: Vec<bool>,
    /// Per indicator and geography (`ind * dims[2] + actor`): the geography is one of the
    /// indicator's reporters other than the region, so its value makes the county value.
    member: Vec<bool>,
    /// Per indicator: it weighs another indicator's county value.
    weighs: Vec<bool>,
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

/// A point of the county's series, read back from [`Frames::county`].
pub(crate) struct CountyPoint {
    pub period: Period,
    pub value: f64,
    pub behind: u32,
    pub expected: u32,
}

/// A series' numbers in the frame: indicator, series (gender and breakdown cell), actor, and
/// whether the actor is one of the indicator's members.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Numbers {
    ind: u32,
    sel: u32,
    actor: u32,
    member: bool,
}

/// Builds [`Frames`] one value at a time, in any order, with no string kept per value: a
/// series' texts become numbers once ([`FramesBuilder::numbers`], which the caller keeps while
/// the series' values come), then each value is pushed with them.
pub(crate) struct FramesBuilder<'a> {
    catalogue: &'a Catalogue,
    actors: &'a Actors,
    indicator_no: HashMap<&'a str, u32>,
    actor_no: HashMap<String, u32>,
    sel_no: HashMap<Sel, u32>,
    /// Periods are numbered as met, then renumbered by rank once all are known. Asked once
    /// per value: polars' map with its fast hash.
    met: PlHashMap<Period, u32>,
    met_order: Vec<Period>,
    ind: Vec<u32>,
    sel: Vec<u32>,
    actor: Vec<u32>,
    period: Vec<u32>,
    value: Vec<Option<f64>>,
    member: Vec<bool>,
}

impl<'a> FramesBuilder<'a> {
    /// `sels` are the series to number (the total is always 0); `extra_periods` get a number
    /// even if no value has them (the periods due for completeness).
    pub fn new(
        catalogue: &'a Catalogue,
        actors: &'a Actors,
        sels: impl IntoIterator<Item = Sel>,
        extra_periods: impl IntoIterator<Item = Period>,
    ) -> FramesBuilder<'a> {
        let indicator_no: HashMap<&str, u32> = catalogue
            .indicators()
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i as u32))
            .collect();
        let actor_no: HashMap<String, u32> =
            actors.list().iter().enumerate().map(|(i, a)| (a.id.clone(), i as u32)).collect();
        let mut sel_no: HashMap<Sel, u32> = HashMap::new();
        sel_no.insert((None, String::new()), 0);
        for s in sels {
            let next = sel_no.len() as u32;
            sel_no.entry(s).or_insert(next);
        }
        let mut b = FramesBuilder {
            catalogue,
            actors,
            indicator_no,
            actor_no,
            sel_no,
            met: PlHashMap::new(),
            met_order: Vec::new(),
            ind: Vec::new(),
            sel: Vec::new(),
            actor: Vec::new(),
            period: Vec::new(),
            value: Vec::new(),
            member: Vec::new(),
        };
        for p in extra_periods {
            b.period_number(p);
        }
        b
    }

    fn period_number(&mut self, p: Period) -> u32 {
        let order = &mut self.met_order;
        *self.met.entry(p).or_insert_with(|| {
            order.push(p);
            order.len() as u32 - 1
        })
    }

    /// The numbers of a series (indicator, actor, gender, breakdown), to push its values
    /// with [`FramesBuilder::push_numbered`]; `None` for an indicator outside the catalogue or
    /// a series not numbered, whose values are left out.
    pub fn numbers(
        &mut self,
        indicator: &str,
        actor: &str,
        gender: Option<Gender>,
        breakdown: &str,
    ) -> Option<Numbers> {
        let ind = *self.indicator_no.get(indicator)?;
        // The actor is numbered now if it is new.
        let next = self.actor_no.len() as u32;
        let a = match self.actor_no.get(actor) {
            Some(&a) => a,
            None => *self.actor_no.entry(actor.to_string()).or_insert(next),
        };
        let member = self.actors.get(actor).is_some_and(|x| {
            x.kind != ActorKind::Region
                && self.catalogue.indicators()[ind as usize].is_reported_by(x)
        });
        let g = gender.filter(|g| *g != Gender::Total);
        let sel = *self.sel_no.get(&(g, breakdown.to_string()))?;
        Some(Numbers { ind, sel, actor: a, member })
    }

    /// One value of a series numbered by [`FramesBuilder::numbers`].
    pub fn push_numbered(&mut self, n: Numbers, period: Period, value: Option<f64>) {
        let p = self.period_number(period);
        self.ind.push(n.ind);
        self.sel.push(n.sel);
        self.actor.push(n.actor);
        self.period.push(p);
        self.value.push(value);
        self.member.push(n.member);
    }

    /// The frame of every value pushed.
    pub fn finish(self) -> PolarsResult<Frames<'a>> {
        let FramesBuilder {
            catalogue, indicator_no, actor_no, sel_no, met_order, mut period, ..
        } = self;
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
        let dims = [
            indicator_no.len().max(1) as u64,
            sel_no.len().max(1) as u64,
            actor_no.len().max(1) as u64,
            periods.len().max(1) as u64,
        ];
        // Which indicators weigh another's county value.
        let mut weighs = vec![false; catalogue.indicators().len()];
        for i in catalogue.indicators() {
            if let Aggregation::WeightedMean { weight } = &i.aggregation
                && let Some(&w) = indicator_no.get(weight.value.as_str())
            {
                weighs[w as usize] = true;
            }
        }
        // Whether a geography is one of an indicator's members, from the numbers' own rule.
        let na = dims[2] as usize;
        let mut member = vec![false; dims[0] as usize * na];
        for (&ind, &a) in self
            .ind
            .iter()
            .zip(&self.actor)
            .zip(&self.member)
            .filter_map(|(pair, &m)| m.then_some(pair))
        {
            member[ind as usize * na + a as usize] = true;
        }
        // The values in key order; equal keys (a value given twice) keep the order pushed.
        let mut order: Vec<(u64, u32)> = (0..self.ind.len())
            .map(|r| (pack(dims, [self.ind[r], self.sel[r], self.actor[r], period[r]]), r as u32))
            .collect();
        drop((self.ind, self.sel, self.actor, period, self.member));
        // On every core: 4.67 M keys at national scale.
        order.par_sort_unstable();
        let keys = order.iter().map(|&(k, _)| k).collect();
        let value = |&(_, r): &(u64, u32)| self.value[r as usize];
        let values = order.iter().map(|o| value(o).unwrap_or(f64::NAN)).collect();
        let missing = order.iter().map(|o| value(o).is_none()).collect();
        Ok(Frames {
            indicator_no,
            actor_no,
            sel_no,
            periods,
            dims,
            keys,
            values,
            missing,
            member,
            weighs,
        })
    }
}

/// Indicator, series, geography and period packed into one number, in that order of
/// significance: sorting by it sorts by the four, and it is unique for each value.
fn pack(dims: [u64; 4], [i, s, a, p]: [u32; 4]) -> u64 {
    ((u64::from(i) * dims[1] + u64::from(s)) * dims[2] + u64::from(a)) * dims[3] + u64::from(p)
}

impl<'a> Frames<'a> {
    /// [`pack`] as a polars expression over four `u32` columns.
    fn pack_expr(&self, [i, s, a, p]: [Expr; 4]) -> Expr {
        let [_, ns, na, np] = self.dims;
        let u = |e: Expr| e.cast(DataType::UInt64);
        ((u(i) * lit(ns) + u(s)) * lit(na) + u(a)) * lit(np) + u(p)
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
    pub fn county(
        &self,
        part: &DataFrame,
        catalogue: &Catalogue,
        actors: &Actors,
    ) -> PolarsResult<LazyFrame> {
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
        let numbers = part.clone().lazy().filter(col("value").is_not_null());
        // A rate of a series is weighed by the weight of the same series (women's rate by women):
        // the weight's value of the same series, actor and period, found by its packed key.
        let weights = numbers
            .clone()
            .filter(col("weight"))
            .select([col("key").alias("wkey"), col("value").alias("w")]);
        let aggregated = numbers
            .clone()
            .filter(col("member"))
            .join(cat.clone(), [col("ind")], [col("ind")], JoinArgs::new(JoinType::Inner))
            .filter(col("rule").lt(lit(REGION_ONLY)))
            .with_columns([self
                .pack_expr([col("wind"), col("sel"), col("actor"), col("period")])
                .alias("wkey")])
            .join(weights, [col("wkey")], [col("wkey")], JoinArgs::new(JoinType::Left))
            .with_columns([(col("value") * col("w")).alias("vw")])
            .with_columns([when(col("vw").is_not_null())
                .then(col("w"))
                .otherwise(lit(NULL))
                .alias("wv")])
            // One group per indicator, series and period: the key without the actor.
            .with_columns([self
                .pack_expr([col("ind"), col("sel"), lit(0u32), col("period")])
                .alias("cell")])
            .group_by([col("cell")])
            .agg([
                col("ind").first(),
                col("sel").first(),
                col("period").first(),
                col("rule").first(),
                col("expected").first(),
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

    /// Every geography's series of the indicator series `wanted` (see [`Frames::wanted`]), in
    /// period order, with its latest point: for an actor, a reference or any other geography
    /// the store holds values for.
    pub fn series(
        &self,
        part: &DataFrame,
        wanted: &[bool],
    ) -> PolarsResult<HashMap<(u32, u32, u32), GeoSeries>> {
        let (ind, sel) = (part.column("ind")?.u32()?, part.column("sel")?.u32()?);
        let ns = self.dims[1] as usize;
        let mask: BooleanChunked = ind
            .into_no_null_iter()
            .zip(sel.into_no_null_iter())
            .map(|(i, s)| wanted.get(i as usize * ns + s as usize) == Some(&true))
            .collect();
        // Sorted by the packed key, each series' values come together and in period order, so
        // its list needs no sort of its own.
        let df = part
            .filter(&mask)?
            .lazy()
            .filter(col("value").is_not_null())
            .sort(["key"], SortMultipleOptions::default())
            .group_by_stable([col("series")])
            .agg([
                col("ind").first(),
                col("sel").first(),
                col("actor").first(),
                col("period").alias("periods"),
                col("value").alias("values"),
                col("period").last().alias("last_period"),
                col("value").last().alias("last_value"),
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

    /// The values in parts of whole indicators, each of about [`PART_ROWS`] rows or more:
    /// [`Frames::county`] and [`Frames::series`] run part by part (each made by
    /// [`Frames::part`] when its turn comes), so the frames they make on the way are a part's
    /// size, not the whole store's (at national scale the county query alone took 400 MB over
    /// all the values). A part says, per indicator, whether its values are in it: its own
    /// indicators, and the indicators they are weighed by (whose county values and series it
    /// then gives again, the same).
    pub fn parts(&self, catalogue: &Catalogue) -> Vec<Vec<bool>> {
        let n = self.dims[0] as usize;
        let mut parts: Vec<Vec<bool>> = vec![vec![false; n]];
        let mut rows = 0;
        for (i, ind) in catalogue.indicators().iter().enumerate().take(n) {
            let count = self.rows_of(i as u32).len();
            if count == 0 {
                continue;
            }
            if rows >= PART_ROWS {
                parts.push(vec![false; n]);
                rows = 0;
            }
            let part = parts.last_mut().expect("one part at least");
            part[i] = true;
            rows += count;
            if let Aggregation::WeightedMean { weight } = &ind.aggregation
                && let Some(&w) = self.indicator_no.get(weight.value.as_str())
            {
                part[w as usize] = true;
            }
        }
        parts
    }

    /// Where the indicator's values are among the sorted keys.
    fn rows_of(&self, ind: u32) -> std::ops::Range<usize> {
        let first = |i: u32| {
            let start = pack(self.dims, [i, 0, 0, 0]);
            self.keys.partition_point(|&k| k < start)
        };
        first(ind)..first(ind + 1)
    }

    /// The frame of the values of the indicators `part` says are in it (see
    /// [`Frames::parts`]), in key order: `ind`, `sel`, `actor`, `period` (all `u32`), `value`
    /// (`f64`, null for a missing marker), `member` (the actor is one of the indicator's
    /// reporters other than the region), `weight` (the indicator weighs another), `key` (the
    /// four numbers packed, so that joins and groups are on one integer column instead of
    /// four) and `series` (the key without the period).
    pub fn part(&self, part: &[bool]) -> PolarsResult<DataFrame> {
        let ranges: Vec<_> = (0..self.dims[0] as u32)
            .filter(|&i| part.get(i as usize) == Some(&true))
            .map(|i| self.rows_of(i))
            .collect();
        let height: usize = ranges.iter().map(|r| r.len()).sum();
        let [_, ns, na, np] = self.dims;
        let (mut ind, mut sel, mut actor, mut period) = (
            Vec::with_capacity(height),
            Vec::with_capacity(height),
            Vec::with_capacity(height),
            Vec::with_capacity(height),
        );
        let (mut value, mut member, mut weight, mut key, mut series) = (
            Vec::with_capacity(height),
            Vec::with_capacity(height),
            Vec::with_capacity(height),
            Vec::with_capacity(height),
            Vec::with_capacity(height),
        );
        for r in ranges.into_iter().flat_map(|r| r.into_iter()) {
            let k = self.keys[r];
            let (s_, p) = (k / np, (k % np) as u32);
            let (is, a) = (s_ / na, (s_ % na) as u32);
            let (i, s) = ((is / ns) as u32, (is % ns) as u32);
            ind.push(i);
            sel.push(s);
            actor.push(a);
            period.push(p);
            value.push((!self.missing[r]).then_some(self.values[r]));
            member.push(self.member[i as usize * na as usize + a as usize]);
            weight.push(self.weighs.get(i as usize).copied().unwrap_or(false));
            key.push(k);
            series.push(s_);
        }
        DataFrame::new(
            height,
            vec![
                Column::new("ind".into(), ind),
                Column::new("sel".into(), sel),
                Column::new("actor".into(), actor),
                Column::new("period".into(), period),
                Column::new("value".into(), value),
                Column::new("member".into(), member),
                Column::new("weight".into(), weight),
                Column::new("key".into(), key),
                Column::new("series".into(), series),
            ],
        )
    }

    /// Lets go of the values and their keys, once the queries and [`Frames::has`] are done
    /// with: at national scale they are 80 MB that building the analyses does not need.
    pub fn drop_values(&mut self) {
        self.keys = Vec::new();
        self.values = Vec::new();
        self.missing = Vec::new();
    }

    /// Which indicator series [`Frames::series`] is wanted for, one flag per indicator and
    /// series: the ones given (the targets' own; the women's, men's and breakdown cells' series
    /// are shown for the county only).
    pub fn wanted(&self, sels: impl IntoIterator<Item = (u32, u32)>) -> Vec<bool> {
        let ns = self.dims[1] as usize;
        let mut wanted = vec![false; self.dims[0] as usize * ns];
        for (i, s) in sels {
            if let Some(w) = wanted.get_mut(i as usize * ns + s as usize) {
                *w = true;
            }
        }
        wanted
    }

    /// Whether the store holds a value or a missing marker for the indicator, series, actor
    /// and period: a binary search among the values' sorted keys.
    pub fn has(&self, ind: u32, sel: u32, actor: u32, period: u32) -> bool {
        self.keys.binary_search(&pack(self.dims, [ind, sel, actor, period])).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utblick_core::{FileId, parse_actors, parse_catalogue};

    const ACTORS: &str = r#"
[[actor]]
id = "r"
name = "Regionen"
kind = "region"
[[actor]]
id = "a"
name = "A"
kind = "kommun"
[[actor]]
id = "b"
name = "B"
kind = "kommun"
"#;

    const CATALOGUE: &str = r#"
[[indicator]]
id = "pop"
name = "Invånare"
unit = "antal"
direction = "increase"
period = "year"
source = "x"
aggregation = "sum"
reporter_kinds = ["kommun"]
[[indicator]]
id = "other"
name = "Annat"
unit = "antal"
direction = "increase"
period = "year"
source = "x"
aggregation = "sum"
reporter_kinds = ["kommun"]
[[indicator]]
id = "rate"
name = "Andel"
unit = "%"
direction = "increase"
period = "year"
source = "x"
aggregation = "weighted-mean"
weight = "pop"
reporter_kinds = ["kommun"]
"#;

    /// A part's frame as rows (indicator, series, geography, period number, value, member,
    /// weight), in the frame's order.
    type Row = (u32, u32, u32, u32, Option<f64>, bool, bool);

    /// A value pushed: indicator, geography, gender, year and value.
    type Push = (&'static str, &'static str, Option<Gender>, i32, Option<f64>);

    fn rows(df: &DataFrame) -> Vec<Row> {
        let u = |c: &str| df.column(c).unwrap().u32().unwrap().clone();
        let b = |c: &str| df.column(c).unwrap().bool().unwrap().clone();
        let (i, s, a, p) = (u("ind"), u("sel"), u("actor"), u("period"));
        let (m, w) = (b("member"), b("weight"));
        let v = df.column("value").unwrap().f64().unwrap();
        (0..df.height())
            .map(|r| {
                let n = |c: &UInt32Chunked| c.get(r).unwrap();
                let f = |c: &BooleanChunked| c.get(r).unwrap();
                (n(&i), n(&s), n(&a), n(&p), v.get(r), f(&m), f(&w))
            })
            .collect()
    }

    #[test]
    fn values_pushed_in_any_order_come_back_part_by_part_in_key_order() {
        let mut diags = Vec::new();
        let actors = parse_actors(FileId(0), ACTORS, &mut diags);
        let catalogue = parse_catalogue(FileId(1), CATALOGUE, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let women = (Some(Gender::Women), String::new());
        let mut b = FramesBuilder::new(&catalogue, &actors, [women], []);
        // Out of order, with a missing marker, the region, a geography outside the actor file
        // and a value given twice (both kept, in the order given).
        let pushes: [Push; 8] = [
            ("rate", "b", None, 2021, Some(50.0)),
            ("pop", "b", None, 2020, Some(20.0)),
            ("pop", "a", Some(Gender::Women), 2020, Some(6.0)),
            ("pop", "a", None, 2021, None),
            ("other", "ref", None, 2020, Some(3.0)),
            ("pop", "r", None, 2020, Some(100.0)),
            ("pop", "a", None, 2020, Some(10.0)),
            ("pop", "a", None, 2020, Some(11.0)),
        ];
        for (ind, actor, gender, year, value) in pushes {
            let n = b.numbers(ind, actor, gender, "").unwrap();
            b.push_numbered(n, Period::Year(year), value);
        }
        let frames = b.finish().unwrap();
        let (pop, other, rate) = (0, 1, 2);
        let (r, a, bb, reference) = (0, 1, 2, 3);
        assert_eq!(frames.actor("ref"), Some(reference));
        let (y20, y21) = (frames.period(Period::Year(2020)).unwrap(), 1);
        assert_eq!(frames.period(Period::Year(2021)), Some(y21));

        let everything = frames.part(&[true, true, true]).unwrap();
        assert_eq!(
            rows(&everything),
            [
                (pop, 0, r, y20, Some(100.0), false, true),
                (pop, 0, a, y20, Some(10.0), true, true),
                (pop, 0, a, y20, Some(11.0), true, true),
                (pop, 0, a, y21, None, true, true),
                (pop, 0, bb, y20, Some(20.0), true, true),
                (pop, 1, a, y20, Some(6.0), true, true),
                (other, 0, reference, y20, Some(3.0), false, false),
                (rate, 0, bb, y21, Some(50.0), true, false),
            ]
        );
        // The packed key and series columns agree with the numbers.
        let keys = everything.column("key").unwrap().u64().unwrap();
        let series = everything.column("series").unwrap().u64().unwrap();
        for (row, (i, s, ac, p, ..)) in rows(&everything).into_iter().enumerate() {
            let key = pack(frames.dims, [i, s, ac, p]);
            assert_eq!(keys.get(row), Some(key));
            assert_eq!(series.get(row), Some(key / frames.dims[3]));
        }

        // A part holds its indicators' values only, and the parts cover all of them once
        // (the weight indicator again with the rate it weighs).
        let only_other = frames.part(&[false, true, false]).unwrap();
        assert_eq!(rows(&only_other), [(other, 0, reference, y20, Some(3.0), false, false)]);
        let parts = frames.parts(&catalogue);
        assert_eq!(parts, [vec![true, true, true]]);

        assert!(frames.has(pop, 0, a, y21), "a missing marker counts as reported");
        assert!(frames.has(rate, 0, bb, y21));
        assert!(!frames.has(rate, 0, a, y21));
        assert!(!frames.has(pop, 1, bb, y20));
    }
}
