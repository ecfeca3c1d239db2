//! From the stored values to series, statuses, forecasts and completeness, per plan indicator.
//!
//! The values become polars frames ([`crate::frames`]); this module reads their results into
//! what the report shows, per target of the plan.

use std::collections::HashMap;

use polars::prelude::*;
use utblick_core::{
    Actor, Actors, Aggregation, Catalogue, Date, Gender, Indicator, IndicatorTarget, ObsValue,
    Observation, Origin, Period, PeriodType, Plan, Reference,
};

use crate::frames::{FramesBuilder, GeoSeries};
use crate::status::{
    Assessment, Change, Dated, Forecast, Status, Withheld, assess, change, forecast,
};

/// One point of the region's series.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionPoint {
    /// The period the point is for.
    pub period: Period,
    /// The county's value.
    pub value: f64,
    /// How many actors' values are behind it (1 for the region's own value).
    pub actors: u32,
    /// How many actors' values the county's value is made of when all are in.
    pub expected: u32,
    /// Fewer actors than expected: shown, never compared with complete points.
    pub partial: bool,
}

/// Which actors reported which periods of one indicator.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Completeness {
    /// The periods due: after the baseline, ended by the report date.
    pub periods: Vec<Period>,
    /// Per expected reporter (in the actor file's order): reported or not, per period.
    pub rows: Vec<(String, Vec<bool>)>,
}

impl Completeness {
    /// `(actor, period)` pairs still missing.
    pub fn missing(&self) -> impl Iterator<Item = (&str, Period)> {
        self.rows.iter().flat_map(move |(a, cells)| {
            cells
                .iter()
                .zip(&self.periods)
                .filter(|(ok, _)| !**ok)
                .map(move |(_, p)| (a.as_str(), *p))
        })
    }

    /// The share of due cells reported, 0 to 1; `None` when nothing is due.
    pub fn share_reported(&self) -> Option<f64> {
        let total = self.rows.len() * self.periods.len();
        let done: usize = self.rows.iter().map(|(_, c)| c.iter().filter(|x| **x).count()).sum();
        (total > 0).then(|| done as f64 / total as f64)
    }
}

/// Everything the report shows about one indicator of the plan.
#[derive(Clone, Debug)]
pub struct IndicatorAnalysis<'a> {
    /// The plan's target the analysis is of.
    pub target: &'a IndicatorTarget,
    /// The target's indicator in the catalogue.
    pub indicator: &'a Indicator,
    /// What the status is measured from: the plan's baseline, or where the plan gives no
    /// value, the county's first value from the baseline period on (`baseline_from_data`).
    pub baseline: Option<Dated>,
    /// The baseline is the county's first value, not a value the plan gives.
    pub baseline_from_data: bool,
    /// The target; `None` for one that only says which way ("ska öka"), judged by the
    /// direction of the change since the baseline.
    pub goal: Option<Dated>,
    /// The county's series on the target's series (total, gender or breakdown cell).
    pub region: Vec<RegionPoint>,
    /// Each reporting actor's own values (gender total), in period order.
    pub actors: Vec<(&'a Actor, Vec<Dated>)>,
    /// The plan's reference geographies with values for the indicator, in plan order: to
    /// compare with, never given a status.
    pub references: Vec<(&'a Reference, Vec<Dated>)>,
    /// The county's status against the target.
    pub status: Assessment,
    /// Each actor the plan sets a target of its own for, against that target.
    pub actor_status: Vec<(&'a Actor, Assessment)>,
    /// Each shown actor's change since the plan's baseline period (its value then, or the
    /// last before it), judged by the indicator's direction; `None` without two values.
    pub actor_change: Vec<(&'a Actor, Option<Change>)>,
    /// The county's change from the baseline to the latest complete point, judged by the
    /// indicator's direction: the direction of change, apart from the status.
    pub change: Option<Change>,
    /// The trend carried to the target period; only for a target period after the latest
    /// complete point, and only where honest (see `withheld`).
    pub forecast: Option<Forecast>,
    /// Why a forecast that was due is not given.
    pub withheld: Option<Withheld>,
    /// Who has reported which due period (actor-reported indicators only).
    pub completeness: Completeness,
    /// For a target on the total of an indicator broken down further: the county's series of
    /// every other breakdown cell (of the target's gender), in the catalogue's order.
    pub breakdown: Vec<BreakdownSeries>,
    /// For a target on the total of an indicator split by gender: the county's series for
    /// women and for men (of the target's breakdown cell), in that order, where either has
    /// values.
    pub genders: Vec<(Gender, Vec<RegionPoint>)>,
}

/// The county's series of one breakdown cell.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakdownSeries {
    /// The cell's key (`alder=16-24`).
    pub key: String,
    /// The cell's value of each dimension, in the catalogue's order; `None` for a dimension
    /// left at its total.
    pub values: Vec<Option<String>>,
    /// The county's series of the cell.
    pub region: Vec<RegionPoint>,
}

impl IndicatorAnalysis<'_> {
    /// The indicator's name, and the gender and breakdown cell the target is on, if any:
    /// `Inskrivna arbetslösa – kvinnor, Ålder 16-24`.
    pub fn title(&self, lang: utblick_core::Lang) -> String {
        target_title(self.indicator, self.target, lang)
    }

    /// The region's complete points, the ones statuses and forecasts are computed on.
    pub fn complete_points(&self) -> Vec<Dated> {
        self.region.iter().filter(|p| !p.partial).map(|p| Dated::new(p.period, p.value)).collect()
    }
}

/// Why the values could not be analysed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// A query on the values' frame failed (polars' error kept as the source).
    #[error("analysis: {0}")]
    Polars(#[from] PolarsError),
}

/// Whether a target is on the total of an indicator that is also published for women and
/// men, so that the report shows the two beside it.
fn splits_by_gender(ind: &Indicator, t: &IndicatorTarget) -> bool {
    t.gender().is_none() && ind.gender == utblick_core::GenderSplit::Tkm
}

/// The values the analysis works on: numbers for the gender total (or no split).
fn is_total(o: &Observation) -> bool {
    matches!(o.key.gender, None | Some(Gender::Total)) && o.key.breakdown.is_empty()
}

/// Which series of which indicators the analysis needs: every total, and for the plan's
/// targets their own series and, for an indicator broken down further, every cell of the
/// target's gender. A weight is needed in every series of what it weighs.
struct Wanted<'p> {
    extra: HashMap<&'p str, Vec<(Option<Gender>, String)>>,
}

impl<'p> Wanted<'p> {
    fn new(plan: &'p Plan, catalogue: &'p Catalogue) -> Wanted<'p> {
        let mut extra: HashMap<&'p str, Vec<(Option<Gender>, String)>> = HashMap::new();
        for t in &plan.targets {
            let Some(ind) = catalogue.get(&t.indicator) else { continue };
            let mut sels = vec![(t.gender(), t.breakdown_key(ind))];
            if splits_by_gender(ind, t) {
                let cell = t.breakdown_key(ind);
                sels.extend([Gender::Women, Gender::Men].map(|g| (Some(g), cell.clone())));
            }
            if t.breakdown.is_empty() {
                sels.extend(
                    (1..ind.breakdown_cells()).map(|c| (t.gender(), ind.breakdown_key_of(c))),
                );
            }
            let weight = match &ind.aggregation {
                Aggregation::WeightedMean { weight } => Some(weight.value.as_str()),
                _ => None,
            };
            for id in std::iter::once(ind.id.as_str()).chain(weight) {
                let list = extra.entry(id).or_default();
                for sel in &sels {
                    if (sel.0.is_some() || !sel.1.is_empty()) && !list.contains(sel) {
                        list.push(sel.clone());
                    }
                }
            }
        }
        Wanted { extra }
    }

    /// Whether a value of `indicator` in the series (`gender`, without `T`; `breakdown`) is
    /// needed.
    fn wants(&self, indicator: &str, gender: Option<Gender>, breakdown: &str) -> bool {
        (gender.is_none() && breakdown.is_empty())
            || self
                .extra
                .get(indicator)
                .is_some_and(|sels| sels.iter().any(|s| s.0 == gender && s.1 == breakdown))
    }

    /// Every series other than the total that is needed of some indicator.
    fn sels(&self) -> impl Iterator<Item = crate::frames::Sel> + '_ {
        self.extra.values().flatten().cloned()
    }

    /// The indicators of which more than the totals are needed, for the store's query.
    pub fn indicators(&self) -> Vec<&'p str> {
        let mut ids: Vec<&str> =
            self.extra.iter().filter(|e| !e.1.is_empty()).map(|e| *e.0).collect();
        ids.sort();
        ids
    }
}

/// The indicators of which the report needs more values than the totals (a target on a
/// gender or a breakdown cell, an indicator broken down further), for
/// `Store::current_totals_and`.
pub fn series_needed<'p>(plan: &'p Plan, catalogue: &'p Catalogue) -> Vec<&'p str> {
    Wanted::new(plan, catalogue).indicators()
}

/// The periods due for completeness: of the indicator's kind, after the baseline, ended by
/// `as_of`, and in the indicator's cadence (a survey every third year is not missing in the
/// years between).
fn due_periods(t: &IndicatorTarget, ind: &Indicator, as_of: Date) -> Vec<Period> {
    let Some(base) = t.baseline.period.value else { return Vec::new() };
    let mut out = Vec::new();
    match ind.period_type {
        PeriodType::Quarter | PeriodType::Month => {
            let mut p = next_period(base, ind.period_type);
            while as_of.has_ended(p) && out.len() < 600 {
                if ind.cadence.is_due(p) {
                    out.push(p);
                }
                p = next_period(p, ind.period_type);
            }
        }
        PeriodType::Year | PeriodType::SchoolYear | PeriodType::Years => {
            for year in base.end_year() + 1..=as_of.year() {
                if let Some(p) = ind.period_ending(year)
                    && as_of.has_ended(p)
                    && ind.cadence.is_due(p)
                {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// Whether a period the indicator's cadence expects is missing between two of `points`
/// (yearly kinds: years, school years, multi-year windows).
fn cadence_gap(ind: &Indicator, points: &[Dated]) -> bool {
    points.windows(2).any(|w| {
        (w[0].period.end_year() + 1..w[1].period.end_year())
            .filter_map(|y| ind.period_ending(y))
            .any(|p| ind.cadence.is_due(p))
    })
}

/// The quarter or month after `p`.
fn next_period(p: Period, pt: PeriodType) -> Period {
    let m = p.end_month() + 1;
    let (y, mo) = ((m / 12) as i32, (m % 12) as u8 + 1);
    match pt {
        PeriodType::Quarter => Period::Quarter(y, (mo - 1) / 3 + 1),
        PeriodType::Month => Period::Month(y, mo),
        _ => Period::Year(y),
    }
}

/// The values of the catalogue's derived indicators, computed from their inputs for every
/// actor (and reference) and period that has them all: recomputed on every report, never
/// stored. A derived indicator computed from another is computed after it.
pub fn derive(catalogue: &Catalogue, observations: &[Observation]) -> Vec<Observation> {
    let derived: Vec<(&Indicator, &utblick_core::Formula)> = catalogue
        .indicators()
        .iter()
        .filter_map(|i| match &i.origin {
            Origin::Derived(f) => Some((i, f)),
            _ => None,
        })
        .collect();
    if derived.is_empty() {
        return Vec::new();
    }
    // The inputs' numbers by (indicator, actor, period), totals only. A total stored both
    // without a gender and as `T` (a catalogue that dropped its split) is `T`'s, whatever
    // order the values came in: the sort is stable and the last value of a key is kept.
    let mut totals: Vec<&Observation> = observations.iter().filter(|o| is_total(o)).collect();
    totals.sort_by_key(|o| o.key.gender == Some(Gender::Total));
    let mut values: HashMap<(String, String, Period), f64> = totals
        .into_iter()
        .filter_map(|o| {
            let key = (o.key.indicator.clone(), o.key.actor.clone(), o.key.period);
            o.value.number().map(|x| (key, x))
        })
        .collect();
    let mut out: Vec<Observation> = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    // Each round computes the indicators whose inputs are all known (plan check refuses cycles).
    for _ in 0..derived.len() {
        for (ind, f) in &derived {
            let pending = |id: &str| derived.iter().any(|(d, _)| d.id == id && !done.contains(&id));
            if done.contains(&ind.id.as_str()) || f.of.iter().any(|r| pending(&r.value)) {
                continue;
            }
            let first = &f.of[0].value;
            let mut places: Vec<(String, Period)> =
                values.keys().filter(|k| &k.0 == first).map(|k| (k.1.clone(), k.2)).collect();
            places.sort();
            let mut computed = Vec::new();
            for (actor, period) in places {
                let inputs: Vec<Option<f64>> =
                    f.of.iter()
                        .map(|r| values.get(&(r.value.clone(), actor.clone(), period)).copied())
                        .collect();
                if let Some(x) = f.apply(&inputs) {
                    computed.push((actor, period, x));
                }
            }
            for (actor, period, x) in computed {
                values.insert((ind.id.clone(), actor.clone(), period), x);
                out.push(Observation {
                    key: utblick_core::ObsKey {
                        indicator: ind.id.clone(),
                        actor,
                        period,
                        gender: None,
                        breakdown: String::new(),
                    },
                    value: ObsValue::Number(x),
                    comment: String::new(),
                });
            }
            done.push(&ind.id);
        }
    }
    out
}

/// The indicator's name, and the gender and breakdown cell a target is on, if any:
/// `Inskrivna arbetslösa – kvinnor, Grupp: unga 16-24`.
pub fn target_title(ind: &Indicator, t: &IndicatorTarget, lang: utblick_core::Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    match t.gender() {
        Some(Gender::Women) => parts.push(lang.pick("kvinnor", "women").into()),
        Some(Gender::Men) => parts.push(lang.pick("män", "men").into()),
        _ => {}
    }
    let key = t.breakdown_key(ind);
    if !key.is_empty() {
        parts.push(breakdown_label(ind, &key));
    }
    let name = ind.name_in(lang);
    if parts.is_empty() { name } else { format!("{name} – {}", parts.join(", ")) }
}

/// A breakdown cell in words: `Ålder: 16-24, Födelseregion: utrikes`.
pub fn breakdown_label(ind: &Indicator, key: &str) -> String {
    utblick_core::breakdown_cells(key)
        .into_iter()
        .map(|(d, v)| {
            let name = ind.breakdowns.iter().find(|x| x.id == d).map_or(d, |x| x.name.as_str());
            format!("{name}: {v}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The status of a target that only says which way: on track when the latest value has moved
/// in the indicator's direction since the baseline, at risk when it has stayed, off track when
/// it has moved against it. Never "achieved": there is no level to reach.
fn direction_only(ind: &Indicator, baseline: Dated, latest: Option<Dated>) -> Assessment {
    let Some(latest) = latest else { return Assessment::only(Status::NoData, None) };
    if latest.period <= baseline.period {
        return Assessment::only(Status::TooLittleData, Some(latest));
    }
    let status = match change(ind.direction, baseline, latest).direction {
        crate::status::ChangeDirection::Better => Status::OnTrack,
        crate::status::ChangeDirection::Same => Status::LimitedProgress,
        crate::status::ChangeDirection::Worse => Status::Deterioration,
    };
    Assessment::only(status, Some(latest))
}

/// The stored values the analysis needs, gathered one at a time into typed columns: from the
/// store's ordered read, with no string kept per value, or from observations. Only what the
/// plan's targets need is kept (every total; a target's own series and its breakdown cells;
/// women and men beside a target on the total), and nothing after the report date.
pub struct Values<'a> {
    plan: &'a Plan,
    catalogue: &'a Catalogue,
    actors: &'a Actors,
    as_of: Date,
    wanted: Wanted<'a>,
    /// The periods due for completeness, per target.
    due: Vec<Vec<Period>>,
    frames: FramesBuilder<'a>,
    /// The indicators derived ones are computed from, and their values (totals), kept as
    /// observations: derived values are computed once all are in.
    inputs: Vec<&'a str>,
    input_values: Vec<Observation>,
    /// The indicators counted from the registry: stored values for them are passed over.
    registry_counted: Vec<&'a str>,
    /// The series [`Values::push_in_series`] had last (the store's number) and what its values
    /// need, worked out once.
    last_series: Option<(i64, SeriesUse)>,
}

/// What the values of one series need: nothing (a registry indicator's, or one not wanted),
/// keeping as a derived indicator's input, numbers in the frame, or both.
#[derive(Clone, Copy)]
struct SeriesUse {
    counted: bool,
    input: bool,
    frame: Option<crate::frames::Numbers>,
}

impl<'a> Values<'a> {
    /// Ready for the values of `plan`'s report as of `as_of`.
    pub fn new(plan: &'a Plan, catalogue: &'a Catalogue, actors: &'a Actors, as_of: Date) -> Self {
        let wanted = Wanted::new(plan, catalogue);
        // The periods due for completeness, per target: only what actors report can be late;
        // statistics come from their source.
        let due: Vec<Vec<Period>> = plan
            .targets
            .iter()
            .map(|t| match catalogue.get(&t.indicator) {
                Some(ind) if ind.is_actor_reported() => due_periods(t, ind, as_of),
                _ => Vec::new(),
            })
            .collect();
        let frames =
            FramesBuilder::new(catalogue, actors, wanted.sels(), due.iter().flatten().copied());
        let inputs = catalogue
            .indicators()
            .iter()
            .filter_map(|i| match &i.origin {
                Origin::Derived(f) => Some(f.of.iter().map(|r| r.value.as_str())),
                _ => None,
            })
            .flatten()
            .collect();
        Values {
            plan,
            catalogue,
            actors,
            as_of,
            wanted,
            due,
            frames,
            inputs,
            input_values: Vec::new(),
            registry_counted: catalogue
                .indicators()
                .iter()
                .filter(|i| matches!(i.origin, Origin::Registry(_)))
                .map(|i| i.id.as_str())
                .collect(),
            last_series: None,
        }
    }

    /// One current value of a series the store numbers `series`: as [`Values::push`], with
    /// what the series needs worked out once while the number stays the same (the store gives
    /// a series' values one after the other).
    #[allow(clippy::too_many_arguments)]
    pub fn push_in_series(
        &mut self,
        series: i64,
        indicator: &str,
        actor: &str,
        gender: Option<Gender>,
        breakdown: &str,
        period: Period,
        value: ObsValue,
    ) {
        let use_ = match self.last_series {
            Some((s, u)) if s == series => u,
            _ => {
                let u = self.series_use(indicator, actor, gender, breakdown);
                self.last_series = Some((series, u));
                u
            }
        };
        self.push_as(use_, indicator, actor, gender, period, value);
    }

    /// One current value.
    pub fn push(
        &mut self,
        indicator: &str,
        actor: &str,
        gender: Option<Gender>,
        breakdown: &str,
        period: Period,
        value: ObsValue,
    ) {
        let use_ = self.series_use(indicator, actor, gender, breakdown);
        self.push_as(use_, indicator, actor, gender, period, value);
    }

    /// What the values of a series need.
    fn series_use(
        &mut self,
        indicator: &str,
        actor: &str,
        gender: Option<Gender>,
        breakdown: &str,
    ) -> SeriesUse {
        let g = gender.filter(|g| *g != Gender::Total);
        SeriesUse {
            // A registry indicator's figures are counted from the registry (`push_registry`);
            // a value stored for one (before it was counted so) is not its figure.
            counted: self.registry_counted.contains(&indicator),
            input: g.is_none() && breakdown.is_empty() && self.inputs.contains(&indicator),
            frame: if self.wanted.wants(indicator, g, breakdown) {
                self.frames.numbers(indicator, actor, gender, breakdown)
            } else {
                None
            },
        }
    }

    /// A value of a series, as `use_` says it is needed.
    fn push_as(
        &mut self,
        use_: SeriesUse,
        indicator: &str,
        actor: &str,
        gender: Option<Gender>,
        period: Period,
        value: ObsValue,
    ) {
        if use_.counted {
            return;
        }
        if use_.input {
            self.input_values.push(Observation {
                key: utblick_core::ObsKey {
                    indicator: indicator.to_string(),
                    actor: actor.to_string(),
                    period,
                    gender,
                    breakdown: String::new(),
                },
                value,
                comment: String::new(),
            });
        }
        // A report as of a date shows nothing after it.
        if let Some(n) = use_.frame
            && period.start_month() <= self.as_of.month_index()
        {
            self.frames.push_numbered(n, period, value.number());
        }
    }

    /// The figures of the catalogue's registry indicators, counted from `registry` (the plan's,
    /// with the actors' updates applied) for each indicator's reporters and every year from the
    /// registry's first to the last that has ended by the report's date.
    pub fn push_registry(&mut self, registry: &utblick_core::Registry) {
        let year = self.as_of.year();
        let until = if self.as_of.has_ended(Period::Year(year)) { year } else { year - 1 };
        let counted = std::mem::take(&mut self.registry_counted);
        for ind in self.catalogue.indicators() {
            let Origin::Registry(measure) = ind.origin else { continue };
            let reporters: Vec<&str> =
                ind.expected_reporters(self.actors).iter().map(|a| a.id.as_str()).collect();
            for d in registry.derive(measure, &reporters, until) {
                let Some(x) = d.value else { continue };
                self.push(&ind.id, &d.actor, None, "", Period::Year(d.year), ObsValue::Number(x));
            }
        }
        self.registry_counted = counted;
    }

    /// [`Values::push`] of an observation.
    pub fn push_observation(&mut self, o: &Observation) {
        let k = &o.key;
        self.push(&k.indicator, &k.actor, k.gender, &k.breakdown, k.period, o.value);
    }
}

/// Everything the report needs, per indicator target of the plan, in plan order, from
/// `observations` (see [`analyse_values`]).
pub fn analyse<'a>(
    plan: &'a Plan,
    catalogue: &'a Catalogue,
    actors: &'a Actors,
    observations: &[Observation],
    as_of: Date,
) -> Result<Vec<IndicatorAnalysis<'a>>, AnalysisError> {
    let mut values = Values::new(plan, catalogue, actors, as_of);
    for o in observations {
        values.push_observation(o);
    }
    analyse_values(values)
}

/// Everything the report needs, per indicator target of the plan, in plan order.
///
/// The values are one typed polars frame ([`crate::frames::Frames`]); the county's series, every
/// geography's series with its latest point, and completeness are queries on it. Statuses
/// and forecasts are then judged per target, on the latest points, by the rules of
/// [`crate::status`] (one implementation, property-tested, shared with the actors' targets).
pub fn analyse_values(values: Values<'_>) -> Result<Vec<IndicatorAnalysis<'_>>, AnalysisError> {
    let Values { plan, catalogue, actors, as_of, wanted, due, mut frames, input_values, .. } =
        values;
    // Derived indicators are computed now, from the stored values, and read like the others.
    for o in derive(catalogue, &input_values) {
        let k = &o.key;
        if wanted.wants(&k.indicator, None, "")
            && k.period.start_month() <= as_of.month_index()
            && let Some(n) = frames.numbers(&k.indicator, &k.actor, None, "")
        {
            frames.push_numbered(n, k.period, o.value.number());
        }
    }
    drop(input_values);
    let mut frames = frames.finish()?;
    // Part by part (see `Frames::parts`): a part's queries hold a part's frames, not all.
    let mut county_series = HashMap::new();
    let mut series = HashMap::new();
    let wanted = frames.wanted(plan.targets.iter().filter_map(|t| {
        let ind = catalogue.get(&t.indicator)?;
        Some((frames.indicator(&ind.id)?, frames.sel(t.gender(), &t.breakdown_key(ind))?))
    }));
    for rows in frames.parts(catalogue) {
        let part = frames.part(&rows)?;
        county_series.extend(frames.county_series(frames.county(&part, catalogue, actors)?)?);
        series.extend(frames.series(&part, &wanted)?);
    }

    // Completeness: every due cell of every target, looked up among the values' keys.
    let mut reported_of: HashMap<u32, Vec<bool>> = HashMap::new();
    for (n, (t, periods)) in plan.targets.iter().zip(&due).enumerate() {
        let Some(ind) = catalogue.get(&t.indicator) else { continue };
        let (Some(i), Some(s)) =
            (frames.indicator(&ind.id), frames.sel(t.gender(), &t.breakdown_key(ind)))
        else {
            continue;
        };
        let flags = reported_of.entry(n as u32).or_default();
        for a in ind.expected_reporters(actors) {
            let Some(a) = frames.actor(&a.id) else { continue };
            for p in periods {
                let Some(p) = frames.period(*p) else { continue };
                flags.push(frames.has(i, s, a, p));
            }
        }
    }

    // The values themselves are not read again: only the dictionaries and the results.
    frames.drop_values();

    let dated = |pts: &[crate::frames::Point]| -> Vec<Dated> {
        pts.iter().map(|p| Dated::new(p.period, p.value)).collect()
    };
    let no_series = GeoSeries::default();
    // The county's series of one series of an indicator.
    let county = |ind: u32, sel: Option<u32>| -> (Vec<RegionPoint>, Option<Dated>) {
        let Some(c) = sel.and_then(|s| county_series.get(&(ind, s))) else {
            return (Vec::new(), None);
        };
        let points = c
            .points
            .iter()
            .map(|p| RegionPoint {
                period: p.period,
                value: p.value,
                actors: p.behind,
                expected: p.expected,
                partial: p.behind < p.expected,
            })
            .collect();
        (points, c.latest.as_ref().map(|p| Dated::new(p.period, p.value)))
    };
    let series_of = |ind: u32, sel: Option<u32>, geo: &str| {
        sel.zip(frames.actor(geo)).and_then(|(s, a)| series.get(&(ind, s, a))).unwrap_or(&no_series)
    };

    let mut out = Vec::new();
    for (n, t) in plan.targets.iter().enumerate() {
        let Some(ind) = catalogue.get(&t.indicator) else { continue };
        let Some(i) = frames.indicator(&ind.id) else { continue };
        let reporters = ind.expected_reporters(actors);
        let cell = t.breakdown_key(ind);
        let sel = frames.sel(t.gender(), &cell);
        let (region, latest) = county(i, sel);
        let breakdown = if t.breakdown.is_empty() {
            (1..ind.breakdown_cells())
                .map(|c| {
                    let key = ind.breakdown_key_of(c);
                    let cells = utblick_core::breakdown_cells(&key);
                    let values = ind
                        .breakdowns
                        .iter()
                        .map(|d| cells.iter().find(|c| c.0 == d.id).map(|c| c.1.to_string()))
                        .collect();
                    let (region, _) = county(i, frames.sel(t.gender(), &key));
                    BreakdownSeries { key, values, region }
                })
                .collect()
        } else {
            Vec::new()
        };
        let genders: Vec<(Gender, Vec<RegionPoint>)> = if splits_by_gender(ind, t) {
            [Gender::Women, Gender::Men]
                .into_iter()
                .map(|g| (g, county(i, frames.sel(Some(g), &cell)).0))
                .collect()
        } else {
            Vec::new()
        };
        let genders = if genders.iter().any(|g| !g.1.is_empty()) { genders } else { Vec::new() };

        let actor_series: Vec<(&Actor, &GeoSeries)> =
            reporters.iter().map(|a| (*a, series_of(i, sel, &a.id))).collect();
        let references: Vec<(&Reference, Vec<Dated>)> = plan
            .references
            .iter()
            .map(|r| (r, series_of(i, sel, &r.id.value)))
            .filter(|(_, s)| !s.points.is_empty())
            .map(|(r, s)| (r, dated(&s.points)))
            .collect();

        let Some(base_period) = t.baseline.period.value else { continue };
        let baseline_from_data = t.baseline.value.value.is_none();
        let baseline = match t.baseline.value.value {
            Some(v) => Some(Dated::new(base_period, v)),
            None => region
                .iter()
                .find(|p| !p.partial && p.period >= base_period)
                .map(|p| Dated::new(p.period, p.value)),
        };
        let goal = t.target.period.value.zip(t.target.value.value).map(|(p, v)| Dated::new(p, v));
        let status = match (baseline, goal) {
            (None, _) if latest.is_none() => Assessment::only(Status::NoData, None),
            (None, _) => Assessment::only(Status::TooLittleData, latest),
            (Some(b), Some(g)) => {
                assess(plan.status_method, plan.thresholds, ind.direction, b, g, latest)
            }
            (Some(b), None) => direction_only(ind, b, latest),
        };
        let complete: Vec<Dated> =
            region.iter().filter(|p| !p.partial).map(|p| Dated::new(p.period, p.value)).collect();
        // A forecast only for a target period still ahead of the data, and only where honest.
        let (fc, withheld) = match goal {
            Some(g) if latest.is_some_and(|l| l.period < g.period) => {
                let range = (ind.range.min, ind.range.max);
                let outcome = if matches!(ind.period_type, PeriodType::Quarter | PeriodType::Month)
                {
                    Err(Withheld::Seasonal)
                } else {
                    forecast(ind.direction, range, &complete, g).and_then(|f| {
                        let fitted = &complete[complete.len() - f.points..];
                        if cadence_gap(ind, fitted) { Err(Withheld::CadenceGap) } else { Ok(f) }
                    })
                };
                match outcome {
                    Ok(f) => (Some(f), None),
                    Err(w) => (None, Some(w)),
                }
            }
            _ => (None, None),
        };
        let county_change = baseline
            .zip(latest)
            .filter(|(b, l)| l.period > b.period)
            .map(|(b, l)| change(ind.direction, b, l));
        // The actors' changes are counted from the plan's baseline period.
        let baseline_period = baseline.map_or(base_period, |b| b.period);
        let latest_of = |s: &GeoSeries| s.latest.as_ref().map(|p| Dated::new(p.period, p.value));

        // An actor is judged only against a target the plan sets for it: the county's target
        // scaled by an actor's own baseline means nothing (with a negative baseline it asks for
        // the wrong direction). The others are compared: the direction of their change.
        let actor_status = t
            .actor_targets
            .iter()
            .filter_map(|at| {
                let (actor, s) = actor_series.iter().find(|(a, _)| a.id == at.actor.value)?;
                let b = Dated::new(at.baseline.period.value?, at.baseline.value.value?);
                let g = Dated::new(at.target.period.value?, at.target.value.value?);
                Some((
                    *actor,
                    assess(plan.status_method, plan.thresholds, ind.direction, b, g, latest_of(s)),
                ))
            })
            .collect();
        let actor_change = actor_series
            .iter()
            .map(|(a, s)| {
                let from = s
                    .points
                    .iter()
                    .rev()
                    .find(|p| p.period <= baseline_period)
                    .map(|p| Dated::new(p.period, p.value));
                let c = from.zip(latest_of(s)).filter(|(f, t)| t.period > f.period);
                (*a, c.map(|(f, t)| change(ind.direction, f, t)))
            })
            .collect();

        let periods = due[n].clone();
        let mut flags = reported_of.remove(&(n as u32)).unwrap_or_default().into_iter();
        let rows = reporters
            .iter()
            .map(|a| {
                let cells = periods.iter().map(|_| flags.next().unwrap_or(false)).collect();
                (a.id.clone(), cells)
            })
            .collect();

        out.push(IndicatorAnalysis {
            target: t,
            indicator: ind,
            baseline,
            baseline_from_data,
            goal,
            region,
            actors: actor_series.iter().map(|(a, s)| (*a, dated(&s.points))).collect(),
            references,
            status,
            actor_status,
            actor_change,
            change: county_change,
            forecast: fc,
            withheld,
            completeness: Completeness { periods, rows },
            breakdown,
            genders,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use utblick_core::{FileId, ObsKey, parse_actors, parse_catalogue, parse_plan};

    use crate::status::Status;

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
[[actor]]
id = "c"
name = "C"
kind = "kommun"
[[actor]]
id = "s"
name = "Statlig myndighet"
kind = "state-agency"
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
id = "rate"
name = "Andel"
unit = "%"
direction = "increase"
period = "year"
source = "x"
aggregation = "weighted-mean"
weight = "pop"
reporter_kinds = ["kommun"]
[[indicator]]
id = "own"
name = "Eget"
unit = "antal"
direction = "increase"
period = "year"
source = "x"
aggregation = "region-only"
reporters = ["r"]
reporter_kinds = ["kommun"]
"#;

    const PLAN: &str = r#"
title = "T"
year = 2021
catalogue = "c.toml"
actors = "a.toml"
[[area]]
id = "x"
name = "X"
[[goal]]
id = "g"
area = "x"
title = "G"
[[target]]
indicator = "pop"
goal = "g"
responsible = "r"
baseline = { period = "2020", value = 1000 }
target = { period = "2025", value = 1100 }
[[target]]
indicator = "rate"
goal = "g"
responsible = "r"
baseline = { period = "2020", value = 25 }
target = { period = "2025", value = 30 }
[[target]]
indicator = "own"
goal = "g"
responsible = "r"
baseline = { period = "2020", value = 5 }
target = { period = "2025", value = 10 }
"#;

    fn obs(ind: &str, actor: &str, year: i32, v: f64) -> Observation {
        Observation {
            key: ObsKey {
                indicator: ind.into(),
                actor: actor.into(),
                period: Period::Year(year),
                gender: None,
                breakdown: String::new(),
            },
            value: ObsValue::Number(v),
            comment: String::new(),
        }
    }

    #[test]
    fn derived_values_are_computed_from_their_inputs_in_order() {
        let cat = format!(
            "{CATALOGUE}{}",
            r#"
[[indicator]]
id = "per-1000"
name = "Andel per 1000"
unit = "per 1000"
direction = "increase"
period = "year"
source = "x"
from = "derived"
formula = { ratio = ["own", "pop"], scale = 1000 }
aggregation = "region-only"
reporters = ["r"]
[[indicator]]
id = "twice"
name = "Summa"
unit = "per 1000"
direction = "increase"
period = "year"
source = "x"
from = "derived"
formula = { sum = ["per-1000", "per-1000"] }
aggregation = "region-only"
reporters = ["r"]
"#
        );
        let mut diags = Vec::new();
        let catalogue = parse_catalogue(FileId(1), &cat, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let observations = vec![
            obs("own", "r", 2020, 5.0),
            obs("own", "r", 2021, 6.0),
            obs("own", "r", 2022, 7.0),
            obs("pop", "r", 2020, 1000.0),
            obs("pop", "r", 2021, 0.0),
        ];
        let got: Vec<(String, i32, f64)> = derive(&catalogue, &observations)
            .into_iter()
            .map(|o| (o.key.indicator, o.key.period.year(), o.value.number().unwrap()))
            .collect();
        // 2021: a zero denominator; 2022: no inhabitants. The sum comes after the ratio.
        assert_eq!(got, [("per-1000".to_string(), 2020, 5.0), ("twice".to_string(), 2020, 10.0)]);

        // A total stored both without a gender and as `T`: `T`'s counts, in either order.
        let as_t = |mut o: Observation| {
            o.key.gender = Some(Gender::Total);
            o
        };
        let t_first = vec![
            as_t(obs("own", "r", 2020, 9.0)),
            obs("own", "r", 2020, 5.0),
            obs("pop", "r", 2020, 1000.0),
        ];
        let mut t_last = t_first.clone();
        t_last.rotate_left(1);
        for observations in [t_first, t_last] {
            let got = derive(&catalogue, &observations);
            assert_eq!(got[0].value, ObsValue::Number(9.0), "{observations:?}");
        }
    }

    #[test]
    fn only_an_indicators_reporters_make_its_county_value() {
        let mut diags = Vec::new();
        let actors = parse_actors(FileId(0), ACTORS, &mut diags);
        let catalogue = parse_catalogue(FileId(1), CATALOGUE, &mut diags);
        let plan = parse_plan(FileId(2), PLAN, &mut diags).unwrap();
        let mut observations = vec![
            obs("pop", "a", 2020, 100.0),
            obs("pop", "b", 2020, 300.0),
            obs("pop", "c", 2020, 600.0),
            // A state agency is not a reporter of inhabitants; Riket is no actor at all.
            obs("pop", "s", 2020, 5000.0),
            obs("pop", "riket", 2020, 10_000_000.0),
            obs("rate", "a", 2020, 10.0),
            obs("rate", "riket", 2020, 50.0),
        ];
        observations.sort_by(|x, y| x.key.cmp(&y.key));
        let as_of = Date::from_ymd(2022, 6, 1).unwrap();
        let res = analyse(&plan, &catalogue, &actors, &observations, as_of).unwrap();
        let point = |i: usize| (res[i].region[0].value, res[i].region[0].actors);
        assert_eq!(point(0), (1000.0, 3), "the sum is the three municipalities'");
        assert_eq!(point(1), (10.0, 1), "Riket's rate is not weighed in");
    }

    #[test]
    fn county_series_by_each_rule_with_partial_points() {
        let mut diags = Vec::new();
        let actors = parse_actors(FileId(0), ACTORS, &mut diags);
        let catalogue = parse_catalogue(FileId(1), CATALOGUE, &mut diags);
        let plan = parse_plan(FileId(2), PLAN, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        let observations = vec![
            obs("pop", "a", 2020, 100.0),
            obs("pop", "b", 2020, 300.0),
            obs("pop", "c", 2020, 600.0),
            obs("pop", "a", 2021, 110.0),
            obs("pop", "b", 2021, 300.0),
            obs("rate", "a", 2020, 10.0),
            obs("rate", "b", 2020, 20.0),
            obs("rate", "c", 2020, 30.0),
            obs("rate", "a", 2021, 12.0),
            obs("rate", "b", 2021, 20.0),
            obs("rate", "c", 2021, 33.0),
            obs("own", "r", 2020, 5.0),
            obs("own", "r", 2021, 6.0),
            obs("own", "a", 2021, 100.0),
            // After the report date: not shown.
            obs("own", "r", 2023, 99.0),
        ];
        let as_of = Date::from_ymd(2022, 6, 1).unwrap();
        let res = analyse(&plan, &catalogue, &actors, &observations, as_of).unwrap();
        let series = |i: usize| -> Vec<(i32, f64, u32, u32, bool)> {
            res[i]
                .region
                .iter()
                .map(|p| {
                    (
                        p.period.year(),
                        (p.value * 1000.0).round() / 1000.0,
                        p.actors,
                        p.expected,
                        p.partial,
                    )
                })
                .collect()
        };
        // Sum: 2021 lacks C, so it is partial and the status stays on the baseline year.
        assert_eq!(series(0), [(2020, 1000.0, 3, 3, false), (2021, 410.0, 2, 3, true)]);
        assert_eq!(res[0].status.status, Status::TooLittleData);
        // Weighted by inhabitants of the same year: (10·100 + 20·300 + 30·600) / 1000 = 25;
        // in 2021 C has no weight: (12·110 + 20·300) / 410 = 17.854, partial.
        assert_eq!(series(1), [(2020, 25.0, 3, 3, false), (2021, 17.854, 2, 3, true)]);
        // The region's own value; A's value is its own series, not the county's.
        assert_eq!(series(2), [(2020, 5.0, 1, 1, false), (2021, 6.0, 1, 1, false)]);
        // 6 after one year of five toward 10: exactly on the straight path.
        assert_eq!(res[2].status.status, Status::OnTrack);
        assert_eq!(res[2].status.ratio, Some(1.0));
        // Completeness of the sum: 2021 is due; C has not reported it.
        let c = &res[0].completeness;
        assert_eq!(c.periods, [Period::Year(2021)]);
        assert_eq!(c.missing().collect::<Vec<_>>(), [("c", Period::Year(2021))]);
        // Per actor: no target of its own, so no status; A went from 100 to 110, B stayed at
        // 300, C has one value only.
        assert!(res[0].actor_status.is_empty());
        let change = |id: &str| {
            res[0].actor_change.iter().find(|(x, _)| x.id == id).unwrap().1.map(|c| c.direction)
        };
        assert_eq!(change("a"), Some(crate::status::ChangeDirection::Better));
        assert_eq!(change("b"), Some(crate::status::ChangeDirection::Same));
        assert_eq!(change("c"), None);
    }

    #[test]
    fn a_target_on_the_total_shows_women_and_men_beside_it() {
        let cat = r#"
[[indicator]]
id = "syss"
name = "Förvärvsarbetande"
unit = "%"
direction = "increase"
period = "year"
gender = "tkm"
source = "x"
aggregation = "region-only"
reporters = ["r"]
"#;
        let mut diags = Vec::new();
        let actors = parse_actors(FileId(0), ACTORS, &mut diags);
        let catalogue = parse_catalogue(FileId(1), cat, &mut diags);
        let plan = |gender: &str| {
            format!(
                "title = \"T\"\nyear = 2021\ncatalogue = \"c.toml\"\nactors = \"a.toml\"\n[[area]]\nid = \"x\"\nname = \"X\"\n[[goal]]\nid = \"g\"\narea = \"x\"\ntitle = \"G\"\n[[target]]\nindicator = \"syss\"\ngoal = \"g\"\nresponsible = \"r\"\n{gender}baseline = {{ period = \"2020\", value = 80 }}\ntarget = {{ period = \"2025\", value = 85 }}\n"
            )
        };
        let mut observations = Vec::new();
        for (g, v) in [(Gender::Total, 80.0), (Gender::Women, 78.0), (Gender::Men, 82.0)] {
            for (y, step) in [(2020, 0.0), (2021, 1.0)] {
                let mut o = obs("syss", "r", y, v + step);
                o.key.gender = Some(g);
                observations.push(o);
            }
        }
        let as_of = Date::from_ymd(2022, 6, 1).unwrap();
        let on_total = parse_plan(FileId(2), &plan(""), &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        let res = analyse(&on_total, &catalogue, &actors, &observations, as_of).unwrap();
        let values = |pts: &[RegionPoint]| pts.iter().map(|p| p.value).collect::<Vec<_>>();
        assert_eq!(values(&res[0].region), [80.0, 81.0]);
        let genders: Vec<(Gender, Vec<f64>)> =
            res[0].genders.iter().map(|(g, pts)| (*g, values(pts))).collect();
        assert_eq!(genders, [(Gender::Women, vec![78.0, 79.0]), (Gender::Men, vec![82.0, 83.0])]);

        // A target on women is about women: no panel beside it.
        let on_women = parse_plan(FileId(2), &plan("gender = \"K\"\n"), &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        let res = analyse(&on_women, &catalogue, &actors, &observations, as_of).unwrap();
        assert_eq!(values(&res[0].region), [78.0, 79.0]);
        assert!(res[0].genders.is_empty());

        // Without values for women and men there is nothing to show.
        observations.retain(|o| o.key.gender == Some(Gender::Total));
        let res = analyse(&on_total, &catalogue, &actors, &observations, as_of).unwrap();
        assert!(res[0].genders.is_empty());
    }

    /// The region's own series of one indicator, and a plan with one target on it.
    fn one_target(
        indicator: &str,
        baseline: (&str, f64),
        target: (&str, f64),
        values: &[(&str, f64)],
        as_of: Date,
    ) -> (Option<Forecast>, Option<Withheld>, Status, Option<Change>) {
        let cat = r#"
[[indicator]]
id = "andel"
name = "Sysselsättningsgrad"
unit = "%"
direction = "increase"
period = "year"
range = { min = 0, max = 100 }
source = "x"
aggregation = "region-only"
reporters = ["r"]
[[indicator]]
id = "kvartal"
name = "Gästnätter per kvartal"
unit = "antal"
direction = "increase"
period = "quarter"
source = "x"
aggregation = "region-only"
reporters = ["r"]
[[indicator]]
id = "vart-annat"
name = "Enkät vartannat år"
unit = "%"
direction = "increase"
period = "year"
cadence = { every = 2, from = 2016 }
source = "x"
aggregation = "region-only"
reporters = ["r"]
"#;
        let mut diags = Vec::new();
        let actors = parse_actors(FileId(0), ACTORS, &mut diags);
        let catalogue = parse_catalogue(FileId(1), cat, &mut diags);
        let plan = format!(
            "title = \"T\"\nyear = 2021\ncatalogue = \"c.toml\"\nactors = \"a.toml\"\n[[area]]\nid = \"x\"\nname = \"X\"\n[[goal]]\nid = \"g\"\narea = \"x\"\ntitle = \"G\"\n[[target]]\nindicator = \"{indicator}\"\ngoal = \"g\"\nresponsible = \"r\"\nbaseline = {{ period = \"{}\", value = {} }}\ntarget = {{ period = \"{}\", value = {} }}\n",
            baseline.0, baseline.1, target.0, target.1
        );
        let plan = parse_plan(FileId(2), &plan, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        let observations: Vec<Observation> = values
            .iter()
            .map(|(p, v)| {
                let mut o = obs(indicator, "r", 2000, *v);
                o.key.period = p.parse().unwrap();
                o
            })
            .collect();
        let res = analyse(&plan, &catalogue, &actors, &observations, as_of).unwrap();
        (res[0].forecast, res[0].withheld, res[0].status.status, res[0].change)
    }

    #[test]
    fn a_forecast_is_clamped_to_the_valid_range() {
        // Employment up three points a year: the straight line passes 100 % before 2026.
        let values =
            [("2018", 84.0), ("2019", 87.0), ("2020", 90.0), ("2021", 93.0), ("2022", 96.0)];
        let (f, w, status, _) = one_target(
            "andel",
            ("2018", 84.0),
            ("2026", 99.0),
            &values,
            Date::from_ymd(2023, 6, 1).unwrap(),
        );
        let f = f.unwrap();
        assert_eq!((f.at_target, f.clamped, f.reaches, w), (100.0, true, true, None));
        assert_eq!(status, Status::OnTrack);
    }

    #[test]
    fn no_forecast_for_a_target_period_already_observed() {
        // The students of 2025 are counted: the status says where they stand, no forecast.
        let values =
            [("2021", 700.0), ("2022", 710.0), ("2023", 720.0), ("2024", 730.0), ("2025", 742.0)];
        let (f, w, status, _) = one_target(
            "andel",
            ("2021", 70.0),
            ("2025", 80.0),
            &values.map(|(p, v)| (p, v / 10.0)),
            Date::from_ymd(2026, 6, 1).unwrap(),
        );
        assert_eq!((f, w), (None, None));
        assert_eq!(status, Status::LimitedProgress);
    }

    #[test]
    fn a_seasonal_series_gets_no_straight_line() {
        let values = [
            ("2022Q1", 200.0),
            ("2022Q2", 500.0),
            ("2022Q3", 900.0),
            ("2022Q4", 300.0),
            ("2023Q1", 210.0),
            ("2023Q2", 520.0),
            ("2023Q3", 950.0),
        ];
        let (f, w, ..) = one_target(
            "kvartal",
            ("2022Q1", 200.0),
            ("2024Q1", 480.0),
            &values,
            Date::from_ymd(2023, 12, 1).unwrap(),
        );
        assert_eq!((f, w), (None, Some(Withheld::Seasonal)));
    }

    #[test]
    fn a_gap_in_the_cadence_withholds_the_forecast() {
        // Every second year from 2016: 2020 is missing between 2018 and 2022.
        let values = [("2014", 50.0), ("2016", 52.0), ("2018", 54.0), ("2022", 58.0)];
        let (f, w, ..) = one_target(
            "vart-annat",
            ("2014", 50.0),
            ("2026", 70.0),
            &values,
            Date::from_ymd(2023, 6, 1).unwrap(),
        );
        assert_eq!((f, w), (None, Some(Withheld::CadenceGap)));
        // With 2020 in place the line is drawn.
        let values = [("2016", 52.0), ("2018", 54.0), ("2020", 56.0), ("2022", 58.0)];
        let (f, w, ..) = one_target(
            "vart-annat",
            ("2016", 52.0),
            ("2026", 70.0),
            &values,
            Date::from_ymd(2023, 6, 1).unwrap(),
        );
        assert!(f.is_some_and(|f| !f.reaches && (f.at_target - 62.0).abs() < 1e-9), "{f:?}");
        assert_eq!(w, None);
    }

    #[test]
    fn status_change_and_forecast_are_separate_verdicts() {
        // The plan's baseline (10 in 2018) lies below the first value observed; 12 in 2022 is
        // exactly on the straight path to 14 in 2026, but the values rise by 0,25 a year only:
        // on track, better, and the trend misses the target by 1.
        let values =
            [("2018", 11.0), ("2019", 11.25), ("2020", 11.5), ("2021", 11.75), ("2022", 12.0)];
        let (f, w, status, change) = one_target(
            "andel",
            ("2018", 10.0),
            ("2026", 14.0),
            &values,
            Date::from_ymd(2023, 6, 1).unwrap(),
        );
        assert_eq!(status, Status::OnTrack);
        assert_eq!(change.map(|c| c.direction), Some(crate::status::ChangeDirection::Better));
        let f = f.unwrap();
        assert!(!f.reaches && (f.gap - 1.0).abs() < 1e-9 && w.is_none(), "{f:?}");
    }

    #[test]
    fn due_periods_keep_to_the_kind_and_the_cadence() {
        let cat = r#"
[[indicator]]
id = "enkat"
name = "Enkät vart tredje år"
unit = "%"
direction = "increase"
period = "year"
cadence = { every = 3, from = 2017 }
source = "x"
aggregation = "sum"
reporter_kinds = ["kommun"]
[[indicator]]
id = "val"
name = "Valdeltagande"
unit = "%"
direction = "increase"
period = "year"
cadence = [2018, 2022, 2026]
source = "x"
aggregation = "sum"
reporter_kinds = ["kommun"]
[[indicator]]
id = "larsar"
name = "Behörighet"
unit = "%"
direction = "increase"
period = "school-year"
source = "x"
aggregation = "sum"
reporter_kinds = ["kommun"]
[[indicator]]
id = "fyraar"
name = "Rullande fyra år"
unit = "%"
direction = "increase"
period = "years"
span = 4
source = "x"
aggregation = "sum"
reporter_kinds = ["kommun"]
"#;
        let mut diags = Vec::new();
        let catalogue = parse_catalogue(FileId(1), cat, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let plan_text = |ind: &str, base: &str| {
            format!(
                "title = \"T\"\nyear = 2021\ncatalogue = \"c.toml\"\nactors = \"a.toml\"\n[[area]]\nid = \"x\"\nname = \"X\"\n[[goal]]\nid = \"g\"\narea = \"x\"\ntitle = \"G\"\n[[target]]\nindicator = \"{ind}\"\ngoal = \"g\"\nresponsible = \"r\"\nbaseline = {{ period = \"{base}\", value = 1 }}\ntarget = {{ period = \"2030\" }}\n"
            )
        };
        let as_of = Date::from_ymd(2024, 9, 1).unwrap();
        let due = |ind: &str, base: &str| -> Vec<String> {
            let plan = parse_plan(FileId(2), &plan_text(ind, base), &mut Vec::new()).unwrap();
            let i = catalogue.get(ind).unwrap();
            due_periods(&plan.targets[0], i, as_of).iter().map(Period::to_string).collect()
        };
        // A survey every third year from 2017 is due 2020 and 2023, not in the years between.
        assert_eq!(due("enkat", "2017"), ["2020", "2023"]);
        assert_eq!(due("val", "2017"), ["2018", "2022"]);
        // School years end in June; 2023/24 has ended by September 2024.
        assert_eq!(due("larsar", "2020/21"), ["2021/22", "2022/23", "2023/24"]);
        // A rolling window each year, of four years.
        assert_eq!(due("fyraar", "2017-2020"), ["2018-2021", "2019-2022", "2020-2023"]);
    }

    #[test]
    fn next_periods_roll_over_years() {
        assert_eq!(
            next_period("2022Q4".parse().unwrap(), PeriodType::Quarter),
            Period::Quarter(2023, 1)
        );
        assert_eq!(
            next_period("2022M12".parse().unwrap(), PeriodType::Month),
            Period::Month(2023, 1)
        );
        assert_eq!(
            next_period("2022M03".parse().unwrap(), PeriodType::Month),
            Period::Month(2022, 4)
        );
    }
}
