//! `utblick template`: the file an actor fills in and sends back.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use utblick_core::{
    Actor, Aggregation, Date, GenderSplit, Indicator, LoadedPlan, ObsValue, Period, PeriodType,
    format_number,
};
use utblick_store::Store;

use crate::args::{Dialect, TemplateArgs};
use crate::console::Console;
use crate::dates::AsOf;
use crate::error::{CliError, csv_bytes};
use crate::ingest::load_checked_plan;

/// The indicators an actor reports under a plan: the plan's, and the weights and formula
/// inputs they need, of those actors report (statistics are pulled from their source).
pub fn indicators_for<'a>(loaded: &'a LoadedPlan, actor: &Actor) -> Vec<&'a Indicator> {
    let Some(plan) = loaded.plan.as_ref() else { return Vec::new() };
    let mut ids: Vec<&str> = Vec::new();
    for t in &plan.targets {
        if let Some(ind) = loaded.catalogue.get(&t.indicator) {
            ids.push(&ind.id);
            if let Aggregation::WeightedMean { weight } = &ind.aggregation {
                ids.push(&weight.value);
            }
            if let utblick_core::Origin::Derived(f) = &ind.origin {
                ids.extend(f.of.iter().map(|r| r.value.as_str()));
            }
        }
    }
    let mut out: Vec<&Indicator> = Vec::new();
    for ind in loaded.catalogue.indicators() {
        if ids.contains(&ind.id.as_str())
            && ind.is_actor_reported()
            && ind.is_reported_by(actor)
            && !out.iter().any(|i| i.id == ind.id)
        {
            out.push(ind);
        }
    }
    out
}

/// The periods of an indicator to report: those of its kind ending in `period` (a year holds
/// its quarters and months; `2025` asks for the school year 2024/25 and the window ending in
/// 2025), or by default the latest that has ended by `as_of`; in its cadence either way.
pub fn periods_due(ind: &Indicator, period: Option<Period>, as_of: Date) -> Vec<Period> {
    let year = |y: i32| -> Vec<Period> {
        match ind.period_type {
            PeriodType::Quarter => (1..=4).map(|q| Period::Quarter(y, q)).collect(),
            PeriodType::Month => (1..=12).map(|m| Period::Month(y, m)).collect(),
            _ => ind.period_ending(y).into_iter().collect(),
        }
    };
    let periods: Vec<Period> = match period {
        Some(p) if ind.fits(p) => vec![p],
        Some(p) => match ind.period_type {
            PeriodType::Year | PeriodType::Quarter | PeriodType::Month => {
                (p.year()..=p.end_year()).flat_map(year).filter(|x| p.contains(*x)).collect()
            }
            PeriodType::SchoolYear | PeriodType::Years => {
                ind.period_ending(p.end_year()).into_iter().collect()
            }
        },
        None => {
            let mut candidates: Vec<Period> =
                (as_of.year() - 30..=as_of.year()).flat_map(year).collect();
            candidates.retain(|p| as_of.has_ended(*p) && ind.cadence.is_due(*p));
            candidates.into_iter().max().into_iter().collect()
        }
    };
    periods.into_iter().filter(|p| ind.cadence.is_due(*p)).collect()
}

/// A series: indicator, actor, gender code and breakdown key.
pub type LatestKey = (String, String, String, String);

/// The template of one actor as CSV bytes.
pub fn template(
    loaded: &LoadedPlan,
    actor: &Actor,
    period: Option<Period>,
    as_of: Date,
    dialect: Dialect,
    latest: &HashMap<LatestKey, (Period, ObsValue)>,
) -> Result<Vec<u8>, CliError> {
    let (mut w, lang) = crate::error::dialect_csv(dialect);
    let indicators = indicators_for(loaded, actor);
    // One column per breakdown dimension of the actor's indicators, in the catalogue's order.
    let mut dimensions: Vec<&str> = Vec::new();
    for d in indicators.iter().flat_map(|i| &i.breakdowns) {
        if !dimensions.contains(&d.id.as_str()) {
            dimensions.push(&d.id);
        }
    }
    let mut header = vec!["indikator", "indikatornamn", "enhet", "giltiga värden", "aktör"];
    header.extend(["period", "kön"]);
    header.extend(dimensions.iter().copied());
    header.extend(["senast lagrat värde", "värde", "kommentar"]);
    w.write_record(&header)?;
    for ind in indicators {
        let genders: &[&str] = match ind.gender {
            GenderSplit::Tkm => &["T", "K", "M"],
            GenderSplit::Km => &["K", "M"],
            GenderSplit::None => &[""],
        };
        let cells: Vec<String> =
            (0..ind.breakdown_cells()).map(|c| ind.breakdown_key_of(c)).collect();
        for (p, g, cell) in periods_due(ind, period, as_of)
            .into_iter()
            .flat_map(|p| genders.iter().map(move |g| (p, g)))
            .flat_map(|(p, g)| cells.iter().map(move |c| (p, g, c)))
        {
            let last = latest
                .get(&(ind.id.clone(), actor.id.clone(), g.to_string(), cell.clone()))
                .map(|(lp, v)| match v {
                    ObsValue::Number(x) => format!(
                        "{} ({lp})",
                        format_number(*x, ind.decimals, lang).replace('\u{a0}', " ")
                    ),
                    other => format!("{other} ({lp})"),
                })
                .unwrap_or_default();
            let by_dimension = utblick_core::breakdown_cells(cell);
            let mut record = vec![
                utblick_report::csv_text(&ind.id),
                utblick_report::csv_text(&ind.name),
                utblick_report::csv_text(&ind.unit),
                ind.range.describe(),
                utblick_report::csv_text(&actor.id),
                p.to_string(),
                g.to_string(),
            ];
            record.extend(dimensions.iter().map(|d| {
                let v = by_dimension.iter().find(|(id, _)| id == d).map_or("", |c| c.1);
                utblick_report::csv_text(v)
            }));
            record.extend([last, String::new(), String::new()]);
            w.write_record(&record)?;
        }
    }
    csv_bytes(w)
}

/// `--quiet` leaves out the line `--all` prints (how many templates went where); a template
/// written to standard output is what the command exists for.
pub fn run(args: &TemplateArgs, con: &Console) -> Result<ExitCode, CliError> {
    let as_of = AsOf::resolve(args.as_of).day();
    let loaded = load_checked_plan(&args.plan)?;
    if args.registry {
        return run_registry(args, con, &loaded);
    }
    let period = args.period;
    // The latest stored value per series, for reference.
    let mut latest: HashMap<LatestKey, (Period, ObsValue)> = HashMap::new();
    if args.store.store.exists() {
        let store = Store::open(&args.store.store)?;
        for o in store.current()? {
            let key = (
                o.key.indicator,
                o.key.actor,
                o.key.gender.map_or(String::new(), |g| g.code().to_string()),
                o.key.breakdown,
            );
            let newer = latest.get(&key).is_none_or(|(p, _)| o.key.period > *p);
            if newer {
                latest.insert(key, (o.key.period, o.value));
            }
        }
    }
    if args.all {
        let dir = args.out.as_ref().ok_or_else(|| CliError::message("--all needs --out DIR"))?;
        create_folder(dir)?;
        let mut written = 0;
        for actor in loaded.actors.list() {
            if indicators_for(&loaded, actor).is_empty() {
                continue;
            }
            let bytes = template(&loaded, actor, period, as_of, args.dialect, &latest)?;
            write_template(dir, actor, "", &bytes)?;
            written += 1;
        }
        if !con.quiet {
            crate::print(&format!("{written} mallar skrevs till {}\n", dir.display()))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let id = args.actor.as_deref().unwrap_or_default();
    let actor = resolve_actor(loaded.actors.resolve(id), id)?;
    let bytes = template(&loaded, actor, period, as_of, args.dialect, &latest)?;
    write_out(args.out.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// `template --registry`: the registry update template of one actor, or of every actor that
/// has entries (`--all`), with the current values of the registry as the store has it.
fn run_registry(
    args: &TemplateArgs,
    con: &Console,
    loaded: &LoadedPlan,
) -> Result<ExitCode, CliError> {
    let plan = loaded.plan.as_ref().ok_or(CliError::PlanNotRead)?;
    let registry = if args.store.store.exists() {
        let store = Store::open(&args.store.store)?;
        crate::registry::effective_registry(&store, plan)?
    } else {
        plan.registry.clone()
    };
    let year = args.period.map_or(plan.year.value, |p| p.year());
    if args.all {
        let dir = args.out.as_ref().ok_or_else(|| CliError::message("--all needs --out DIR"))?;
        create_folder(dir)?;
        let mut written = 0;
        for actor in loaded.actors.list() {
            if crate::registry::own_entries(&registry, actor).is_empty() {
                continue;
            }
            let bytes = crate::registry::template(&registry, actor, year, args.dialect)?;
            write_template(dir, actor, "-register", &bytes)?;
            written += 1;
        }
        if !con.quiet {
            crate::print(&format!("{written} registermallar skrevs till {}\n", dir.display()))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let id = args.actor.as_deref().unwrap_or_default();
    let actor = resolve_actor(loaded.actors.resolve(id), id)?;
    if crate::registry::own_entries(&registry, actor).is_empty() {
        return Err(CliError::message(format!(
            "`{}` has no entries in the registry to update; the registry files name each entry's actor",
            actor.id
        )));
    }
    let bytes = crate::registry::template(&registry, actor, year, args.dialect)?;
    write_out(args.out.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The actor `--actor` names, or why there is none.
fn resolve_actor<'a>(actor: Option<&'a Actor>, id: &str) -> Result<&'a Actor, CliError> {
    actor.ok_or_else(|| CliError::message(format!("unknown actor `{id}`; see the actor file")))
}

/// The folder `--all` writes into, made if need be.
fn create_folder(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|source| CliError::CreateFolder { path: dir.to_path_buf(), source })
}

/// One template to `--out`, or to standard output.
fn write_out(out: Option<&Path>, bytes: &[u8]) -> Result<(), CliError> {
    match out {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|source| CliError::Write { path: path.to_path_buf(), source }),
        None => crate::write_stdout(bytes),
    }
}

/// Writes an actor's template as `<actor id><suffix>.csv` in `dir`. Actor ids are one word
/// without spaces (plan check); the file name is kept plain anyway.
fn write_template(dir: &Path, actor: &Actor, suffix: &str, bytes: &[u8]) -> Result<(), CliError> {
    let stem: String = actor
        .id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    let path = dir.join(format!("{stem}{suffix}.csv"));
    std::fs::write(&path, bytes).map_err(|source| CliError::Write { path, source })
}
