//! Checks across the plan, the catalogue and the actors, once each file has been read.

use std::collections::{HashMap, HashSet};

use crate::actor::Actors;
use crate::diag::{Diagnostic, Loc, Located, did_you_mean};
use crate::indicator::{Aggregation, Catalogue, Direction, Indicator, Origin};
use crate::plan::{Plan, PointValue};

/// Every cross-file problem, in no particular order (the caller sorts).
pub fn check(plan: &Plan, catalogue: &Catalogue, actors: &Actors) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_actors(actors, &mut out);
    check_catalogue(catalogue, actors, &mut out);
    check_plan(plan, catalogue, actors, &mut out);
    check_registry(plan, catalogue, actors, &mut out);
    out
}

/// Reports the second and later uses of the same id.
fn duplicates<'a>(
    what: &str,
    items: impl IntoIterator<Item = (&'a str, &'a Loc)>,
    out: &mut Vec<Diagnostic>,
) {
    let hint = format!("give each {what} its own id, or remove one of the two");
    duplicates_with_hint(what, &hint, items, out);
}

fn duplicates_with_hint<'a>(
    what: &str,
    hint: &str,
    items: impl IntoIterator<Item = (&'a str, &'a Loc)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (id, loc) in items {
        if !seen.insert(id) {
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    loc.clone(),
                    format!("{what} `{id}` is defined twice"),
                )
                .with_hint(hint),
            );
        }
    }
}

/// An unknown reference, with the closest known id as a hint.
fn unknown<'a>(
    code: &'static str,
    what: &str,
    reference: &Located<String>,
    known: impl IntoIterator<Item = &'a str>,
    file_hint: &str,
) -> Diagnostic {
    let known: Vec<&str> = known.into_iter().collect();
    let hint = match did_you_mean(&reference.value, known.iter().copied()) {
        Some(k) => format!("did you mean `{k}`?"),
        None if known.is_empty() => format!("define it in {file_hint} first"),
        None if known.len() <= 8 => {
            format!("known: {}; or define it in {file_hint}", known.join(", "))
        }
        None => format!("see {file_hint} for the known ids"),
    };
    Diagnostic::error(code, reference.loc.clone(), format!("unknown {what} `{}`", reference.value))
        .with_hint(hint)
}

fn check_actors(actors: &Actors, out: &mut Vec<Diagnostic>) {
    duplicates("actor", actors.list().iter().map(|a| (a.id.as_str(), &a.loc)), out);
    let mut codes: HashMap<String, &str> = HashMap::new();
    for a in actors.list() {
        let Some(code) = &a.code else { continue };
        let key = code.trim_start_matches('0').to_string();
        if let Some(other) = codes.get(&key) {
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    a.loc.clone(),
                    format!("actor `{}` has the code {code} of `{other}`", a.id),
                )
                .with_hint("an actor's Kolada/SCB code must be its own"),
            );
        } else {
            codes.insert(key, &a.id);
        }
    }
}

fn check_catalogue(catalogue: &Catalogue, actors: &Actors, out: &mut Vec<Diagnostic>) {
    duplicates("indicator", catalogue.indicators().iter().map(|i| (i.id.as_str(), &i.loc)), out);
    for ind in catalogue.indicators() {
        if let Aggregation::WeightedMean { weight } = &ind.aggregation {
            match catalogue.get(&weight.value) {
                None => out.push(
                    unknown("unknown-weight-indicator", "weight indicator", weight, catalogue.ids(), "the catalogue")
                        .with_hint(format!(
                            "the weight of `{}` must be an indicator of the catalogue, e.g. inhabitants (N01951)",
                            ind.id
                        )),
                ),
                Some(w) if w.id == ind.id => out.push(
                    Diagnostic::error("bad-value", weight.loc.clone(), format!("`{}` is weighted by itself", ind.id))
                        .with_hint("weight by another indicator, such as inhabitants"),
                ),
                Some(w) if w.period_type != ind.period_type => out.push(Diagnostic::warning(
                    "period-type-mismatch",
                    weight.loc.clone(),
                    format!(
                        "`{}` is reported per {} but its weight `{}` per {}",
                        ind.id, ind.period_type, w.id, w.period_type
                    ),
                )
                .with_hint("the weight is taken from the same period; choose a weight with the same period type")),
                Some(w) => {
                    weight_is_denominator(ind, w, weight, out);
                    weight_has_series(ind, w, weight, out);
                }
            }
        }
        // The registry counts whole years of totals, per actor.
        if matches!(ind.origin, Origin::Registry(_))
            && (ind.period_type != crate::period::PeriodType::Year
                || ind.gender != crate::indicator::GenderSplit::None
                || !ind.breakdowns.is_empty())
        {
            out.push(
                Diagnostic::error(
                    "bad-value",
                    ind.loc.clone(),
                    format!(
                        "indicator `{}` is counted from the registry, which counts whole years without a gender split or breakdown",
                        ind.id
                    ),
                )
                .with_hint("write `period = \"year\"` and leave out `gender` and `breakdowns`"),
            );
        }
        if let Origin::Derived(formula) = &ind.origin {
            check_formula(catalogue, ind, formula, out);
        }
        for r in &ind.reporters {
            if actors.get(&r.value).is_none() {
                out.push(unknown("unknown-actor", "actor", r, actors.ids(), "the actor file"));
            }
        }
        duplicates(
            &format!("breakdown of `{}`", ind.id),
            ind.breakdowns.iter().map(|d| (d.id.as_str(), &d.loc)),
            out,
        );
        // Kolada publishes a KPI per breakdown, and a formula works on totals: only what
        // actors report comes broken down.
        if let Some(d) = ind.breakdowns.first()
            && !ind.is_actor_reported()
        {
            out.push(
                Diagnostic::error(
                    "breakdown-not-reported",
                    d.loc.clone(),
                    format!(
                        "`{}` comes from {}, which gives no breakdown by `{}`",
                        ind.id,
                        ind.origin.as_str(),
                        d.id
                    ),
                )
                .with_hint("make each breakdown an indicator of its own (Kolada has a KPI per age group), or set `from = \"actor\"`"),
            );
        }
    }
}

/// A rate's genders and breakdown cells are each weighed by the weight's value of the same
/// series: a weight without them leaves those series without a county value.
fn weight_has_series(
    ind: &Indicator,
    w: &Indicator,
    weight: &Located<String>,
    out: &mut Vec<Diagnostic>,
) {
    use crate::GenderSplit;
    let mut lacking: Vec<String> = Vec::new();
    if ind.gender != GenderSplit::None && w.gender == GenderSplit::None {
        lacking.push("gender".into());
    }
    for d in &ind.breakdowns {
        if !w
            .breakdowns
            .iter()
            .any(|x| x.id == d.id && d.values.iter().all(|v| x.values.contains(v)))
        {
            lacking.push(format!("`{}`", d.id));
        }
    }
    if lacking.is_empty() {
        return;
    }
    out.push(
        Diagnostic::warning(
            "weight-lacks-series",
            weight.loc.clone(),
            format!(
                "`{}` is split by {} but its weight `{}` is not: those series get no county value",
                ind.id,
                lacking.join(" and "),
                w.id
            ),
        )
        .with_hint(format!("split `{}` the same way, or choose a weight that is", w.id)),
    );
}

/// A weighted mean is right only when weighted by the rate's own denominator: a rate per
/// 1,000 inhabitants aged 16–64 weighted by all inhabitants gives another number than the
/// county's own (Kolada's 10,06 against 10,0).
fn weight_is_denominator(
    ind: &Indicator,
    w: &Indicator,
    weight: &Located<String>,
    out: &mut Vec<Diagnostic>,
) {
    let norm = |s: &str| s.trim().to_lowercase().replace(['–', '—'], "-");
    let message = match (&ind.denominator, &w.counts) {
        (None, _) => format!(
            "`{}` is a weighted mean by `{}`, but does not say what it is per (`denominator`)",
            ind.id, w.id
        ),
        (Some(_), None) => format!(
            "`{}` is weighted by `{}`, which does not say what it counts (`counts`)",
            ind.id, w.id
        ),
        (Some(d), Some(c)) if norm(&d.value) != norm(&c.value) => format!(
            "`{}` is per {}, but its weight `{}` counts {}: the mean is weighted by another population than the rate's",
            ind.id, d.value, w.id, c.value
        ),
        _ => return,
    };
    out.push(
        Diagnostic::warning("weight-not-denominator", weight.loc.clone(), message).with_hint(
            "weight by an indicator that counts what the rate is per, or take the source's county value (`aggregation = \"region-only\"`)",
        ),
    );
}

/// A formula's indicators exist, share the derived indicator's period type, and do not lead
/// back to it.
fn check_formula(
    catalogue: &Catalogue,
    ind: &Indicator,
    formula: &crate::indicator::Formula,
    out: &mut Vec<Diagnostic>,
) {
    for r in &formula.of {
        match catalogue.get(&r.value) {
            None => out.push(unknown(
                "unknown-indicator",
                "indicator",
                r,
                catalogue.ids(),
                "the catalogue",
            )),
            Some(input) if input.period_type != ind.period_type => out.push(
                Diagnostic::warning(
                    "period-type-mismatch",
                    r.loc.clone(),
                    format!(
                        "`{}` is reported per {} but `{}`, which it is computed from, per {}",
                        ind.id, ind.period_type, input.id, input.period_type
                    ),
                )
                .with_hint("a formula combines values of the same period"),
            ),
            Some(_) => {}
        }
    }
    // Follow the formulas from this one; meeting it again is a cycle.
    let mut stack: Vec<&str> = formula.of.iter().map(|r| r.value.as_str()).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    while let Some(id) = stack.pop() {
        if id == ind.id {
            let at = formula.of.first().map_or_else(|| ind.loc.clone(), |r| r.loc.clone());
            out.push(
                Diagnostic::error(
                    "formula-cycle",
                    at,
                    format!("the formula of `{}` leads back to `{}` itself", ind.id, ind.id),
                )
                .with_hint("a derived indicator cannot depend on itself; compute it from indicators that do not lead back to it"),
            );
            return;
        }
        if !seen.insert(id) {
            continue;
        }
        if let Some(Origin::Derived(f)) = catalogue.get(id).map(|i| &i.origin) {
            stack.extend(f.of.iter().map(|r| r.value.as_str()));
        }
    }
}

/// Reference geographies: their own ids, never an actor under another name.
fn check_references(plan: &Plan, actors: &Actors, out: &mut Vec<Diagnostic>) {
    duplicates("reference", plan.references.iter().map(|r| (r.id.value.as_str(), &r.loc)), out);
    for r in &plan.references {
        let code = r.kolada.value.trim_start_matches('0');
        let actor = actors.get(&r.id.value).or_else(|| {
            actors
                .list()
                .iter()
                .find(|a| a.code.as_deref().is_some_and(|c| c.trim_start_matches('0') == code))
        });
        if let Some(a) = actor {
            out.push(
                Diagnostic::error(
                    "reference-is-actor",
                    r.loc.clone(),
                    format!(
                        "the reference `{}` (Kolada {}) is the actor `{}`",
                        r.id.value, r.kolada.value, a.id
                    ),
                )
                .with_hint(
                    "an actor is followed with a status already; a reference is a place to compare with, such as Riket (0000)",
                ),
            );
        }
    }
}

fn check_plan(plan: &Plan, catalogue: &Catalogue, actors: &Actors, out: &mut Vec<Diagnostic>) {
    check_references(plan, actors, out);
    duplicates("area", plan.areas.iter().map(|a| (a.id.as_str(), &a.loc)), out);
    duplicates(
        "tool",
        plan.tools.iter().filter_map(|t| Some((t.id.as_str(), t.loc.as_ref()?))),
        out,
    );
    duplicates("goal", plan.goals.iter().map(|g| (g.id.as_str(), &g.loc)), out);
    duplicates("activity", plan.activities.iter().map(|a| (a.id.as_str(), &a.loc)), out);
    duplicates_with_hint(
        "target for indicator",
        "a plan sets one target per indicator (and gender and breakdown); merge the two, or use milestones for intermediate values",
        plan.targets.iter().map(|t| (t.key.as_str(), &t.loc)),
        out,
    );

    let area_ids = || plan.areas.iter().map(|a| a.id.as_str());
    let goal_ids = || plan.goals.iter().map(|g| g.id.as_str());
    for g in &plan.goals {
        if plan.area(&g.area).is_none() {
            out.push(unknown(
                "unknown-area",
                "area",
                &g.area,
                area_ids(),
                "the plan's [[area]] tables",
            ));
        }
    }

    for a in &plan.activities {
        if plan.goal(&a.goal).is_none() {
            out.push(unknown(
                "unknown-goal",
                "goal",
                &a.goal,
                goal_ids(),
                "the plan's [[goal]] tables",
            ));
        }
        if a.responsible.is_empty() {
            out.push(
                Diagnostic::error(
                    "activity-without-responsible",
                    a.loc.clone(),
                    format!("activity `{}` has no responsible actor", a.id),
                )
                .with_hint(
                    "add `responsible = [\"regionforbundet\"]` with the actor(s) who carry it out",
                ),
            );
        }
        for r in &a.responsible {
            if actors.get(&r.value).is_none() {
                out.push(unknown("unknown-actor", "actor", r, actors.ids(), "the actor file"));
            }
        }
        if a.tools.is_empty() {
            out.push(
                Diagnostic::warning(
                    "activity-without-tool",
                    a.loc.clone(),
                    format!("activity `{}` names no tool", a.id),
                )
                .with_hint(format!(
                    "add `tools = [...]` with one or more of: {}",
                    plan.tools.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ")
                )),
            );
        }
        for t in &a.tools {
            if !plan.tools.iter().any(|tool| tool.id == t.value) {
                out.push(unknown(
                    "unknown-tool",
                    "tool",
                    t,
                    plan.tools.iter().map(|t| t.id.as_str()),
                    "the plan's [[tool]] tables",
                ));
            }
        }
        if let (Some(s), Some(e)) = (a.start.value, a.end.value)
            && e < s
        {
            out.push(
                Diagnostic::error(
                    "bad-period-order",
                    a.end.loc.clone(),
                    format!("activity `{}` ends ({e}) before it starts ({s})", a.id),
                )
                .with_hint("swap `start` and `end`"),
            );
        }
    }

    for t in &plan.targets {
        if plan.goal(&t.goal).is_none() {
            out.push(unknown(
                "unknown-goal",
                "goal",
                &t.goal,
                goal_ids(),
                "the plan's [[goal]] tables",
            ));
        }
        if actors.get(&t.responsible).is_none() {
            out.push(unknown(
                "unknown-actor",
                "actor",
                &t.responsible,
                actors.ids(),
                "the actor file",
            ));
        }
        for a in &t.actor_targets {
            if actors.get(&a.actor).is_none() {
                out.push(unknown(
                    "unknown-actor",
                    "actor",
                    &a.actor,
                    actors.ids(),
                    "the actor file",
                ));
            }
        }
        match catalogue.get(&t.indicator) {
            None => out.push(unknown(
                "unknown-indicator",
                "indicator",
                &t.indicator,
                catalogue.ids(),
                "the catalogue",
            )),
            Some(ind) => check_target_values(plan, ind, t, out),
        }
    }

    for area in &plan.areas {
        let goals: Vec<_> = plan.goals.iter().filter(|g| g.area.value == area.id).collect();
        if goals.is_empty() {
            out.push(
                Diagnostic::error(
                    "area-without-goal",
                    area.loc.clone(),
                    format!("area `{}` has no goal", area.id),
                )
                .with_hint(format!(
                    "add a [[goal]] with `area = \"{}\"`, or remove the area",
                    area.id
                )),
            );
        } else if !plan.targets.iter().any(|t| goals.iter().any(|g| g.id == t.goal.value)) {
            out.push(
                Diagnostic::error(
                    "area-without-indicator",
                    area.loc.clone(),
                    format!(
                        "area `{}` has no indicator target, so its goals cannot be measured",
                        area.id
                    ),
                )
                .with_hint("add a [[target]] for one of its goals"),
            );
        }
    }
}

/// The series a target is on: a gender the indicator has, a breakdown cell it has.
fn check_target_series(
    ind: &Indicator,
    t: &crate::plan::IndicatorTarget,
    out: &mut Vec<Diagnostic>,
) {
    use crate::{Gender, GenderSplit};
    match (ind.gender, t.gender.as_ref()) {
        (GenderSplit::Km, None) => out.push(
            Diagnostic::error(
                "gender-needed",
                t.indicator.loc.clone(),
                format!(
                    "the target for `{}` must say whose: the indicator has values for women and men only, no total",
                    ind.id
                ),
            )
            .with_hint("add `gender = \"K\"` (women) or `gender = \"M\"` (men)"),
        ),
        (GenderSplit::Km, Some(g)) if g.value == Gender::Total => out.push(
            Diagnostic::error(
                "gender-needed",
                g.loc.clone(),
                format!("`{}` has no total for both genders, only values for women and men", ind.id),
            )
            .with_hint("set `gender = \"K\"` (women) or `gender = \"M\"` (men)"),
        ),
        (GenderSplit::None, Some(g)) if g.value != Gender::Total => out.push(
            Diagnostic::error(
                "bad-value",
                g.loc.clone(),
                format!("the target for `{}` names a gender, but the indicator is not split by gender", ind.id),
            )
            .with_hint("remove `gender`, or set `gender = \"tkm\"` on the indicator in the catalogue"),
        ),
        _ => {}
    }
    for (dim, value) in &t.breakdown {
        let Some(d) = ind.breakdowns.iter().find(|d| d.id == dim.value) else {
            let known = ind.breakdowns.iter().map(|d| d.id.as_str());
            let mut d = unknown(
                "unknown-dimension",
                "breakdown",
                dim,
                known,
                "the indicator's `breakdowns` in the catalogue",
            );
            d.message = format!("`{}` is not broken down by `{}`", ind.id, dim.value);
            out.push(d);
            continue;
        };
        if !d.values.contains(&value.value) {
            out.push(
                Diagnostic::error(
                    "bad-value",
                    value.loc.clone(),
                    format!(
                        "`{}` is not a value of the breakdown `{}` of `{}`",
                        value.value, d.id, ind.id
                    ),
                )
                .with_hint(format!("allowed: {}", d.values.join(", "))),
            );
        }
    }
}

fn check_target_values(
    plan: &Plan,
    ind: &Indicator,
    t: &crate::plan::IndicatorTarget,
    out: &mut Vec<Diagnostic>,
) {
    let points = std::iter::once(("baseline", &t.baseline))
        .chain(std::iter::once(("target", &t.target)))
        .chain(t.milestones.iter().map(|m| ("milestone", m)))
        .chain(
            t.actor_targets.iter().flat_map(|a| [("baseline", &a.baseline), ("target", &a.target)]),
        );
    for (what, p) in points {
        check_point(ind, what, p, out);
    }
    check_target_series(ind, t, out);
    for a in &t.actor_targets {
        if let (Some(base), Some(goal)) = (a.baseline.period.value, a.target.period.value)
            && base >= goal
        {
            out.push(
                Diagnostic::error(
                    "baseline-not-before-target",
                    a.target.period.loc.clone(),
                    format!(
                        "the target period {goal} of `{}` for `{}` is not after its baseline period {base}",
                        ind.id, a.actor.value
                    ),
                )
                .with_hint("a target lies in the future of its baseline; check both periods"),
            );
        }
    }
    let (Some(base), Some(goal)) = (t.baseline.period.value, t.target.period.value) else {
        return;
    };
    if base >= goal {
        out.push(
            Diagnostic::error(
                "baseline-not-before-target",
                t.target.period.loc.clone(),
                format!(
                    "the target period {goal} of `{}` is not after its baseline period {base}",
                    ind.id
                ),
            )
            .with_hint("a target lies in the future of its baseline; check both periods"),
        );
    }
    if goal.end_year() < plan.year.value {
        out.push(
            Diagnostic::error(
                "target-before-plan-year",
                t.target.period.loc.clone(),
                format!(
                    "the target period {goal} of `{}` lies before the plan year {}",
                    ind.id, plan.year.value
                ),
            )
            .with_hint("set a target for the plan year or later"),
        );
    }
    for m in &t.milestones {
        if let Some(mp) = m.period.value
            && (mp <= base || mp >= goal)
        {
            out.push(
                    Diagnostic::warning(
                        "milestone-outside",
                        m.period.loc.clone(),
                        format!("milestone {mp} of `{}` is not between the baseline {base} and the target {goal}", ind.id),
                    )
                    .with_hint("milestones mark the way from baseline to target"),
                );
        }
    }
    let (Some(b), Some(g)) = (t.baseline.value.value, t.target.value.value) else {
        return;
    };
    let wrong = match ind.direction {
        Direction::Increase => (g < b).then(|| {
            format!("`{}` should increase, but its target {g} is below its baseline {b}", ind.id)
        }),
        Direction::Decrease => (g > b).then(|| {
            format!("`{}` should decrease, but its target {g} is above its baseline {b}", ind.id)
        }),
        Direction::Band { low, high } => (!(low..=high).contains(&g)).then(|| {
            format!("`{}` should stay within {low}–{high}, but its target {g} is outside", ind.id)
        }),
    };
    if let Some(msg) = wrong {
        out.push(
            Diagnostic::warning("target-wrong-direction", t.target.value.loc.clone(), msg)
                .with_hint(format!(
                    "check the target value, or the indicator's direction ({})",
                    ind.direction.as_str()
                )),
        );
    }
}

fn check_point(ind: &Indicator, what: &str, p: &PointValue, out: &mut Vec<Diagnostic>) {
    if let Some(period) = p.period.value
        && !ind.fits(period)
    {
        let message = match (period, ind.span) {
            (crate::period::Period::Years(a, b), Some(n))
                if ind.period_type == period.period_type() =>
            {
                format!(
                    "the {what} period {period} spans {} years, but `{}` is reported over {n}",
                    b - a + 1,
                    ind.id
                )
            }
            _ => format!(
                "the {what} period {period} is a {}, but `{}` is reported per {}",
                period.period_type(),
                ind.id,
                ind.period_type
            ),
        };
        out.push(
            Diagnostic::error("period-type-mismatch", p.period.loc.clone(), message).with_hint(
                format!("write a {} such as \"{}\"", ind.period_type, ind.period_type.example()),
            ),
        );
    }
    let Some(value) = p.value.value else { return };
    if !ind.range.contains(value) {
        out.push(
            Diagnostic::error(
                "out-of-range",
                p.value.loc.clone(),
                format!(
                    "the {what} value {value} of `{}` is outside its valid range {}",
                    ind.id,
                    ind.range.describe()
                ),
            )
            .with_hint(format!("check the value and its unit ({})", ind.unit)),
        );
    }
}

/// A `period-reversed` error at the later date when it comes before the earlier one; `say`
/// gives the message and hint from the two dates.
fn reversed(
    first: &Option<Located<crate::period::Date>>,
    then: &Option<Located<crate::period::Date>>,
    out: &mut Vec<Diagnostic>,
    say: impl FnOnce(crate::period::Date, crate::period::Date) -> (String, &'static str),
) {
    if let (Some(a), Some(b)) = (first, then)
        && b.value < a.value
    {
        let (message, hint) = say(a.value, b.value);
        out.push(Diagnostic::error("period-reversed", b.loc.clone(), message).with_hint(hint));
    }
}

/// The registry's entries against the plan, the catalogue and the actors: ids, owners, goals,
/// indicators, money, dates; and each registry indicator's baseline against the registry.
fn check_registry(plan: &Plan, catalogue: &Catalogue, actors: &Actors, out: &mut Vec<Diagnostic>) {
    use crate::actor::ActorKind;
    use crate::registry::{EntryKind, ProjectStatus};
    let reg = &plan.registry;
    duplicates_with_hint(
        "registry entry",
        "give each project, network, platform, consultation and twin town its own id",
        reg.ids().into_iter().map(|(_, id)| (id.value.as_str(), &id.loc)),
        out,
    );
    let actor = |a: &Located<String>, out: &mut Vec<Diagnostic>| {
        if actors.get(&a.value).is_none() {
            out.push(unknown("unknown-actor", "actor", a, actors.ids(), "the actor file"));
        }
    };
    let goals = |gs: &[Located<String>], out: &mut Vec<Diagnostic>| {
        for g in gs {
            if plan.goal(&g.value).is_none() {
                out.push(unknown(
                    "unknown-goal",
                    "goal",
                    g,
                    plan.goals.iter().map(|g| g.id.as_str()),
                    "the plan",
                ));
            }
        }
    };
    let plan_year = plan.year.value;
    for p in &reg.projects {
        actor(&p.actor, out);
        goals(&p.goals, out);
        for i in &p.indicators {
            if catalogue.get(&i.value).is_none() {
                out.push(unknown(
                    "unknown-indicator",
                    "indicator",
                    i,
                    catalogue.ids(),
                    "the catalogue",
                ));
            }
        }
        reversed(&p.start, &p.end, out, |s, e| {
            (
                format!("project `{}` ends on {e} before it starts on {s}", p.id.value),
                "check the two dates; `start` is the first day, `end` the last",
            )
        });
        if let (Some(b), Some(g)) = (&p.budget, &p.grant) {
            if g.value > b.value {
                out.push(
                    Diagnostic::error(
                        "grant-exceeds-budget",
                        g.loc.clone(),
                        format!(
                            "the EU grant of project `{}` ({} {}) is larger than its budget ({} {})",
                            p.id.value,
                            crate::format_number(g.value, 0, crate::Lang::En),
                            p.money.code(),
                            crate::format_number(b.value, 0, crate::Lang::En),
                            p.money.code()
                        ),
                    )
                    .with_hint("`budget` is the whole budget of the county actor's part, grant and co-financing together; `eu_grant` is the part the programme pays"),
                );
            } else if g.value + p.own + p.regional > b.value * 1.0005 {
                out.push(
                    Diagnostic::warning(
                        "financing-exceeds-budget",
                        b.loc.clone(),
                        format!(
                            "the financing of project `{}` (grant, own and regional: {} {}) is more than its budget ({} {})",
                            p.id.value,
                            crate::format_number(g.value + p.own + p.regional, 0, crate::Lang::En),
                            p.money.code(),
                            crate::format_number(b.value, 0, crate::Lang::En),
                            p.money.code()
                        ),
                    )
                    .with_hint("check the amounts; they are in the project's currency"),
                );
            }
        }
        let status = p.status.value;
        if status.was_applied() && p.applied.is_none() {
            out.push(
                Diagnostic::error(
                    "missing-field",
                    p.status.loc.clone(),
                    format!("project `{}` is {} but has no `applied` date", p.id.value, status.as_str()),
                )
                .with_hint("add the day the application was submitted: `applied = 2023-03-15`; applications are counted by it"),
            );
        }
        if status.was_decided() && p.decided.is_none() {
            out.push(
                Diagnostic::error(
                    "missing-field",
                    p.status.loc.clone(),
                    format!("project `{}` is {} but has no `decided` date", p.id.value, status.as_str()),
                )
                .with_hint("add the day of the programme's decision: `decided = 2023-06-20`; grants are counted by its year"),
            );
        }
        if status.was_granted() && (p.start.is_none() || p.grant.is_none()) {
            out.push(
                Diagnostic::error(
                    "missing-field",
                    p.status.loc.clone(),
                    format!("project `{}` is {} but has no `start` or `eu_grant`", p.id.value, status.as_str()),
                )
                .with_hint("a granted project states its period and the grant: `start = 2023-09-01`, `eu_grant = 1200000`"),
            );
        }
        reversed(&p.applied, &p.decided, out, |a, d| {
            (
                format!(
                    "project `{}` was decided on {d} before it was applied for on {a}",
                    p.id.value
                ),
                "check the two dates",
            )
        });
        if status == ProjectStatus::Running
            && let Some(e) = &p.end
            && e.value.year() < plan_year
            && p.start.as_ref().is_none_or(|s| s.value <= e.value)
        {
            out.push(
                Diagnostic::warning(
                    "project-ended",
                    p.status.loc.clone(),
                    format!("project `{}` is running but ended on {}", p.id.value, e.value),
                )
                .with_hint("set `status = \"closed\"`, or move `end` if the project was prolonged"),
            );
        }
    }
    for n in &reg.networks {
        actor(&n.member, out);
        goals(&n.goals, out);
    }
    let platform_ids: Vec<&str> = reg.platforms.iter().map(|p| p.id.value.as_str()).collect();
    for p in &reg.platforms {
        if let Some(a) = &p.actor {
            actor(a, out);
        }
        goals(&p.goals, out);
    }
    for c in &reg.consultations {
        actor(&c.responsible, out);
        for a in &c.actors {
            actor(a, out);
        }
        goals(&c.goals, out);
        if let Some(p) = &c.platform
            && !platform_ids.contains(&p.value.as_str())
        {
            out.push(unknown(
                "unknown-platform",
                "platform",
                p,
                platform_ids.iter().copied(),
                "the registry",
            ));
        }
    }
    for t in &reg.twin_towns {
        goals(&t.goals, out);
        match actors.get(&t.municipality.value) {
            None => out.push(unknown(
                "unknown-actor",
                "actor",
                &t.municipality,
                actors.list().iter().filter(|a| a.kind == ActorKind::Kommun).map(|a| a.id.as_str()),
                "the actor file",
            )),
            Some(a) if a.kind != ActorKind::Kommun => out.push(
                Diagnostic::error(
                    "not-a-municipality",
                    t.municipality.loc.clone(),
                    format!(
                        "twin town `{}` belongs to `{}`, an actor of kind `{}`, not a municipality",
                        t.id.value,
                        a.id,
                        a.kind.as_str()
                    ),
                )
                .with_hint("twin towns are the municipalities' own; name the kommun (an actor of kind \"kommun\")"),
            ),
            Some(_) => {}
        }
        if !t.tie.is_empty() && t.goals.is_empty() {
            out.push(
                Diagnostic::warning(
                    "tie-without-goal",
                    t.loc.clone(),
                    format!("twin town `{}` says how it is tied to the strategy but names no goal", t.id.value),
                )
                .with_hint("add the plan's goals it serves, `goals = [\"AT3\"]`; until then it does not count as tied"),
            );
        }
    }
    // An entry counted by a registry indicator belongs to one of its reporters, or it would
    // be left out of the figure without a word.
    if let Some((first, until)) = reg.years() {
        for ind in catalogue.indicators() {
            let Origin::Registry(measure) = ind.origin else { continue };
            // The county's figure sums the reporters that are not the region itself.
            let reporters: Vec<&str> = ind
                .expected_reporters(actors)
                .iter()
                .filter(|a| a.kind != ActorKind::Region)
                .map(|a| a.id.as_str())
                .collect();
            let mut told: HashSet<&str> = HashSet::new();
            for (kind, id) in reg.ids() {
                let Some((_, owner)) = reg.owner(&id.value) else { continue };
                if kind != measure.entries_of()
                    || owner.is_empty()
                    || reporters.contains(&owner)
                    || actors.get(owner).is_none()
                    || told.contains(owner)
                {
                    continue;
                }
                let from = reg.since.unwrap_or(first);
                if (from..=until)
                    .any(|y| reg.figure(measure, owner, y).value.is_some_and(|v| v > 0.0))
                {
                    told.insert(owner);
                    out.push(
                        Diagnostic::warning(
                            "registry-entry-not-counted",
                            id.loc.clone(),
                            format!(
                                "{} `{}` of `{owner}` counts toward `{}`, but the county's figure does not count `{owner}`; it is left out",
                                kind.table(),
                                id.value,
                                ind.id
                            ),
                        )
                        .with_hint(if actors.get(owner).is_some_and(|a| a.kind == ActorKind::Region) {
                            "the region's own values are its own figure, never summed with the others'; give the entry to the actor that takes part for the county".to_string()
                        } else {
                            format!("add \"{owner}\" to the `reporters` of `{}` in the catalogue", ind.id)
                        }),
                    );
                }
            }
        }
    }
    // Registry indicators: a plan that follows one up needs a registry, and a baseline the
    // registry can say must be what it says.
    for t in &plan.targets {
        let Some(ind) = catalogue.get(&t.indicator) else { continue };
        let Origin::Registry(measure) = ind.origin else { continue };
        if reg.is_empty() {
            out.push(
                Diagnostic::error(
                    "registry-missing",
                    t.loc.clone(),
                    format!("target `{}` is counted from the registry, but the plan has none", ind.id),
                )
                .with_hint("name the registry files: `registry = { since = 2019, files = [\"registry/projects.toml\"] }`"),
            );
            continue;
        }
        if ind.aggregation != Aggregation::Sum || measure.entries_of() == EntryKind::Platform {
            continue;
        }
        let (Some(period), Some(value)) = (t.baseline.period.value, t.baseline.value.value) else {
            continue;
        };
        let year = period.end_year();
        if reg.since.is_some_and(|s| year < s) {
            continue;
        }
        let reporters: Vec<&str> = ind
            .expected_reporters(actors)
            .iter()
            .filter(|a| a.kind != ActorKind::Region)
            .map(|a| a.id.as_str())
            .collect();
        let county: f64 = reporters.iter().filter_map(|a| reg.figure(measure, a, year).value).sum();
        if (county - value).abs() > 0.5 * 10f64.powi(-i32::from(ind.decimals)) {
            out.push(
                Diagnostic::warning(
                    "baseline-differs-from-registry",
                    t.baseline.value.loc.clone(),
                    format!(
                        "the baseline of `{}` for {} is {}, but the registry counts {}",
                        ind.id,
                        period,
                        crate::format_number(value, ind.decimals, crate::Lang::En),
                        crate::format_number(county, ind.decimals, crate::Lang::En)
                    ),
                )
                .with_hint("write the registry's figure as the baseline, or correct the registry's entries for that year"),
            );
        }
    }
}
