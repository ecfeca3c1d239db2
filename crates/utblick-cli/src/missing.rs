//! `utblick missing`: who has not reported what, for the reminder e-mails. The values owed are
//! the report's completeness section's; the registry updates owed are listed here only (the
//! report shows a missing year as "–" in the registry's tables).

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde::Serialize;
use utblick_core::{Lang, OwedUpdate, Period};
use utblick_store::{Proposal, Store};

use crate::args::{MissingArgs, MissingFormat};
use crate::dates::AsOf;
use crate::error::{CliError, csv_bytes, json_text};
use crate::ingest::load_checked_plan;

/// Per indicator, the periods an actor has not reported.
type Owed<'a> = Vec<(&'a str, Vec<Period>)>;

/// Per actor (in the actor file's order): what it owes.
type Missing<'a> = Vec<(&'a str, Owed<'a>)>;

/// A registry update owed, in `--format json`.
#[derive(Serialize)]
struct OwedUpdateJson<'a> {
    entry: &'a str,
    field: &'a str,
    name: &'a str,
    year: i32,
}

/// An actor in `--format json`. The fields are in the order the document has always had them
/// in (alphabetical), here and in [`OwedJson`] and [`AwaitingJson`].
#[derive(Serialize)]
struct ActorJson<'a> {
    actor: &'a str,
    awaiting_approval: Vec<AwaitingJson<'a>>,
    missing: Vec<OwedJson<'a>>,
    name: String,
    registry_updates: Vec<OwedUpdateJson<'a>>,
}

/// An indicator the actor has not reported, and for which periods.
#[derive(Serialize)]
struct OwedJson<'a> {
    indicator: &'a str,
    name: String,
    periods: Vec<String>,
}

/// A value sent for a locked period that waits for approval.
#[derive(Serialize)]
struct AwaitingJson<'a> {
    breakdown: &'a str,
    current: Option<f64>,
    gender: Option<&'static str>,
    indicator: &'a str,
    period: String,
    submission: i64,
    value: Option<f64>,
}

impl<'a> AwaitingJson<'a> {
    fn of(p: &'a Proposal) -> AwaitingJson<'a> {
        AwaitingJson {
            breakdown: &p.key.breakdown,
            current: p.current.and_then(|v| v.number()),
            gender: p.key.gender.map(|g| g.code()),
            indicator: &p.key.indicator,
            period: p.key.period.to_string(),
            submission: p.submission_id,
            value: p.value.number(),
        }
    }
}

pub fn run(args: &MissingArgs) -> Result<ExitCode, CliError> {
    let as_of = AsOf::resolve(args.as_of);
    let lang: Lang = args.lang.into();
    let only = args.period;
    let loaded = load_checked_plan(&args.plan)?;
    let Some(plan) = loaded.plan.as_ref() else { return Err(CliError::PlanNotRead) };
    let store = Store::open(&args.store.store)?;
    let registry = crate::registry::effective_registry(&store, plan)?;
    let values =
        crate::report::gather_values(&store, &loaded, plan, as_of.day(), &registry, |_| {})?;
    let analyses = utblick_analysis::analyse_values(values)?;

    let mut per_actor: BTreeMap<usize, (&str, Owed<'_>)> = BTreeMap::new();
    let order =
        |id: &str| loaded.actors.list().iter().position(|a| a.id == id).unwrap_or(usize::MAX);
    for a in &analyses {
        let mut by_actor: BTreeMap<&str, Vec<Period>> = BTreeMap::new();
        for (actor, p) in a.completeness.missing() {
            if only.is_none_or(|o| o == p) {
                by_actor.entry(actor).or_default().push(p);
            }
        }
        // An indicator once per actor, however many targets the plan sets on it.
        for (actor, periods) in by_actor {
            let items = &mut per_actor.entry(order(actor)).or_insert((actor, Vec::new())).1;
            match items.iter_mut().find(|(id, _)| *id == a.indicator.id) {
                Some((_, owed)) => {
                    owed.extend(periods);
                    owed.sort();
                    owed.dedup();
                }
                None => items.push((a.indicator.id.as_str(), periods)),
            }
        }
    }
    // Values sent for locked periods that wait for approval, per actor.
    let pending = store.pending()?;
    let pending: Vec<_> =
        pending.into_iter().filter(|p| only.is_none_or(|o| o.contains(p.key.period))).collect();
    for p in &pending {
        if let Some(a) = loaded.actors.get(&p.key.actor) {
            per_actor.entry(order(&a.id)).or_insert((a.id.as_str(), Vec::new()));
        }
    }
    let waiting = |actor: &str| -> Vec<&Proposal> {
        pending.iter().filter(|p| p.key.actor == actor).collect()
    };
    // Registry updates: for the year asked for, or else the last year that has ended (what a
    // yearly update file reports); none for a quarter or a month.
    let day = as_of.day();
    let year = match only {
        Some(Period::Year(y)) => Some(y),
        Some(_) => None,
        None => {
            Some(if day.has_ended(Period::Year(day.year())) { day.year() } else { day.year() - 1 })
        }
    };
    let owed_updates = year.map_or_else(Vec::new, |y| registry.owed_updates(y));
    for u in &owed_updates {
        if let Some(a) = loaded.actors.get(&u.owner) {
            per_actor.entry(order(&a.id)).or_insert((a.id.as_str(), Vec::new()));
        }
    }
    let updates_of = |actor: &str| -> Vec<&OwedUpdate> {
        owed_updates.iter().filter(|u| u.owner == actor).collect()
    };
    let missing: Missing<'_> = per_actor.into_values().collect();
    let name = |id: &str| loaded.actors.get(id).map_or(id.to_string(), |a| a.name.clone());
    let ind_name = |id: &str| loaded.catalogue.get(id).map_or(id.to_string(), |i| i.name.clone());

    let out = match args.format {
        MissingFormat::Text => {
            let mut s = String::new();
            if missing.is_empty() {
                s.push_str(lang.pick(
                    "alla har rapporterat allt som har förfallit\n",
                    "everyone has reported everything due\n",
                ));
            }
            for (actor, items) in &missing {
                s.push_str(&format!("{} ({actor})\n", name(actor)));
                for (ind, periods) in items {
                    let ps: Vec<String> = periods.iter().map(Period::to_string).collect();
                    s.push_str(&format!("  {ind} {}: {}\n", ind_name(ind), ps.join(", ")));
                }
                for u in updates_of(actor) {
                    s.push_str(&format!(
                        "  {} {} ({}): {} {}\n",
                        u.entry,
                        u.name,
                        lang.pick("registret", "the registry"),
                        u.field,
                        u.year
                    ));
                }
                for p in waiting(actor) {
                    let series = p.key.series_label();
                    let series = if series.is_empty() { series } else { format!(" ({series})") };
                    s.push_str(&format!(
                        "  {} {}{series} {}: {} {} → {} ({} {})\n",
                        p.key.indicator,
                        ind_name(&p.key.indicator),
                        p.key.period,
                        lang.pick("väntar på godkännande", "waits for approval"),
                        crate::lock::value_text(p.current, lang),
                        crate::lock::value_text(Some(p.value), lang),
                        lang.pick("inskick", "submission"),
                        p.submission_id
                    ));
                }
            }
            crate::print(&s)?;
            return Ok(ExitCode::SUCCESS);
        }
        MissingFormat::Csv => {
            let mut w = crate::error::excel_csv();
            let head = match lang {
                Lang::Sv => ["aktör", "aktörsnamn", "indikator", "indikatornamn", "period", "läge"],
                Lang::En => {
                    ["actor", "actor_name", "indicator", "indicator_name", "period", "state"]
                }
            };
            w.write_record(head)?;
            let (due, waits, update) = match lang {
                Lang::Sv => ("saknas", "väntar på godkännande", "uppdatering saknas"),
                Lang::En => ("missing", "waits for approval", "update missing"),
            };
            for (actor, items) in &missing {
                for (ind, periods) in items {
                    for p in periods {
                        w.write_record([
                            utblick_report::csv_text(actor),
                            utblick_report::csv_text(&name(actor)),
                            utblick_report::csv_text(ind),
                            utblick_report::csv_text(&ind_name(ind)),
                            p.to_string(),
                            due.to_string(),
                        ])?;
                    }
                }
                for u in updates_of(actor) {
                    w.write_record([
                        utblick_report::csv_text(actor),
                        utblick_report::csv_text(&name(actor)),
                        utblick_report::csv_text(&u.entry),
                        utblick_report::csv_text(&u.name),
                        u.year.to_string(),
                        format!("{update} ({})", u.field),
                    ])?;
                }
                for p in waiting(actor) {
                    w.write_record([
                        utblick_report::csv_text(actor),
                        utblick_report::csv_text(&name(actor)),
                        utblick_report::csv_text(&p.key.indicator),
                        utblick_report::csv_text(&ind_name(&p.key.indicator)),
                        p.key.period.to_string(),
                        match p.key.series_label() {
                            s if s.is_empty() => waits.to_string(),
                            s => utblick_report::csv_text(&format!("{waits} ({s})")),
                        },
                    ])?;
                }
            }
            csv_bytes(w)?
        }
        MissingFormat::Json => {
            let doc: Vec<ActorJson<'_>> = missing
                .iter()
                .map(|(actor, items)| ActorJson {
                    actor,
                    awaiting_approval: waiting(actor).into_iter().map(AwaitingJson::of).collect(),
                    missing: items
                        .iter()
                        .map(|(ind, periods)| OwedJson {
                            indicator: ind,
                            name: ind_name(ind),
                            periods: periods.iter().map(Period::to_string).collect(),
                        })
                        .collect(),
                    name: name(actor),
                    registry_updates: updates_of(actor)
                        .into_iter()
                        .map(|u| OwedUpdateJson {
                            entry: &u.entry,
                            field: u.field,
                            name: &u.name,
                            year: u.year,
                        })
                        .collect(),
                })
                .collect();
            json_text(&doc)?.into_bytes()
        }
    };
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
