//! `utblick projects`: the registry's project portfolio as it stands (the plan's registry with
//! the actors' updates from the store), filtered by status, programme, actor and year; as text,
//! CSV or JSON.

use std::process::ExitCode;

use serde::Serialize;
use utblick_core::{Lang, PROGRAMMES, Project, in_lang};
use utblick_store::Store;

use crate::args::{MissingFormat, ProjectsArgs};
use crate::error::{CliError, csv_bytes, json_text};
use crate::ingest::load_checked_plan;

/// One project as listed: what a planner filters and sorts the portfolio by.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    title: String,
    programme: String,
    programme_name: &'static str,
    eu: bool,
    call: String,
    role: &'static str,
    actor: String,
    actor_name: String,
    status: &'static str,
    /// Granted, running or closed: the grant was won.
    #[serde(skip)]
    granted: bool,
    applied: Option<String>,
    decided: Option<String>,
    start: Option<String>,
    end: Option<String>,
    currency: &'static str,
    exchange_rate: Option<f64>,
    budget: Option<f64>,
    eu_grant: Option<f64>,
    /// The grant in kronor (euro at the project's rate).
    eu_grant_sek: Option<f64>,
    partners: Vec<PartnerRow>,
    goals: Vec<String>,
}

#[derive(Debug, Serialize)]
struct PartnerRow {
    name: String,
    country: String,
    region: String,
}

fn row(p: &Project, actor_name: String, lang: Lang) -> Row {
    let programme = p.programme();
    let day = |d: &Option<utblick_core::Located<utblick_core::Date>>| {
        d.as_ref().map(|d| d.value.to_string())
    };
    Row {
        id: p.id.value.clone(),
        title: in_lang(lang, &p.title, &p.title_en),
        programme: p.programme.value.clone(),
        programme_name: programme.map_or("", |g| g.name),
        eu: programme.is_some_and(|g| g.eu),
        call: p.call.clone(),
        role: p.role.label(lang),
        actor: p.actor.value.clone(),
        actor_name,
        status: p.status.value.label(lang),
        granted: p.status.value.was_granted(),
        applied: day(&p.applied),
        decided: day(&p.decided),
        start: day(&p.start),
        end: day(&p.end),
        currency: p.money.code(),
        exchange_rate: match p.money {
            utblick_core::Money::Eur { rate } => Some(rate),
            utblick_core::Money::Sek => None,
        },
        budget: p.budget.as_ref().map(|b| b.value),
        eu_grant: p.grant.as_ref().map(|g| g.value),
        eu_grant_sek: p.grant_sek(),
        partners: p
            .partners
            .iter()
            .map(|x| PartnerRow {
                name: x.name.clone(),
                country: x.country.value.clone(),
                region: x.region.clone(),
            })
            .collect(),
        goals: p.goals.iter().map(|g| g.value.clone()).collect(),
    }
}

/// Whether the project has something to do with `year`: applied for, decided or running in it.
fn in_year(p: &Project, year: i32) -> bool {
    let on = |d: &Option<utblick_core::Located<utblick_core::Date>>| {
        d.as_ref().is_some_and(|d| d.value.year() == year)
    };
    on(&p.applied) || on(&p.decided) || p.runs_in(year)
}

pub fn run(args: &ProjectsArgs) -> Result<ExitCode, CliError> {
    let lang: Lang = args.lang.into();
    if args.programmes {
        return programmes(args.format, lang);
    }
    let loaded = load_checked_plan(&args.plan)?;
    let Some(plan) = loaded.plan.as_ref() else { return Err(CliError::PlanNotRead) };
    if let Some(p) = &args.programme
        && utblick_core::programme(p).is_none()
    {
        let hint = utblick_core::did_you_mean(p, PROGRAMMES.iter().map(|g| g.id))
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        return Err(CliError::message(format!(
            "--programme {p}: no such programme; {hint}`utblick projects --programmes` lists them"
        )));
    }
    if let Some(a) = &args.actor
        && loaded.actors.get(a).is_none()
    {
        return Err(CliError::message(format!(
            "--actor {a}: no such actor in the plan's actor file"
        )));
    }
    let store = Store::open(&args.store.store)?;
    let registry = crate::registry::effective_registry(&store, plan)?;
    let name = |id: &str| loaded.actors.get(id).map_or(id.to_string(), |a| a.name.clone());
    let rows: Vec<Row> = registry
        .projects
        .iter()
        .filter(|p| args.status.is_empty() || args.status.contains(&p.status.value))
        .filter(|p| args.programme.as_ref().is_none_or(|g| *g == p.programme.value))
        .filter(|p| args.actor.as_ref().is_none_or(|a| *a == p.actor.value))
        .filter(|p| args.year.is_none_or(|y| in_year(p, y)))
        .map(|p| row(p, name(&p.actor.value), lang))
        .collect();
    let out = match args.format {
        MissingFormat::Json => json_text(&rows)?.into_bytes(),
        MissingFormat::Csv => csv_of(&rows, lang)?,
        MissingFormat::Text => text(&rows, lang).into_bytes(),
    };
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn money(x: Option<f64>, lang: Lang) -> String {
    x.map(|x| utblick_core::format_number(x, 0, lang)).unwrap_or_default()
}

fn text(rows: &[Row], lang: Lang) -> String {
    if rows.is_empty() {
        return format!("{}\n", lang.pick("inga projekt", "no projects"));
    }
    let mut s = String::new();
    for r in rows {
        let period = match (&r.start, &r.end) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            (Some(a), None) => format!("{a} –"),
            _ => String::new(),
        };
        s.push_str(&format!(
            "{}  {}\n  {}, {}; {} ({}); {}",
            r.id,
            utblick_core::printable(&r.title),
            r.programme_name,
            r.role,
            utblick_core::printable(&r.actor_name),
            r.actor,
            r.status
        ));
        if !period.is_empty() {
            s.push_str(&format!("; {period}"));
        }
        s.push('\n');
        if let Some(g) = r.eu_grant {
            let sek = money(r.eu_grant_sek, lang);
            let label = lang.pick("bidrag", "grant");
            if r.currency == "EUR" {
                s.push_str(&format!(
                    "  {label} {} EUR = {sek} kr ({} kr/EUR)\n",
                    money(Some(g), lang),
                    r.exchange_rate
                        .map(|x| utblick_core::format_number(x, 2, lang))
                        .unwrap_or_default()
                ));
            } else {
                s.push_str(&format!("  {label} {sek} kr\n"));
            }
        }
        if !r.goals.is_empty() {
            s.push_str(&format!("  {} {}\n", lang.pick("mål", "goals"), r.goals.join(", ")));
        }
    }
    let granted: f64 =
        rows.iter().filter(|r| r.eu && r.granted).filter_map(|r| r.eu_grant_sek).sum();
    s.push_str(&format!(
        "{} {}; {} {} kr\n",
        rows.len(),
        lang.pick("projekt", "projects"),
        lang.pick("beviljat EU-stöd i dem", "EU grants granted in them"),
        money(Some(granted), lang)
    ));
    s
}

fn csv_of(rows: &[Row], lang: Lang) -> Result<Vec<u8>, CliError> {
    let mut w = crate::error::excel_csv();
    let head = match lang {
        Lang::Sv => [
            "id",
            "titel",
            "program",
            "programnamn",
            "roll",
            "aktör",
            "aktörsnamn",
            "status",
            "ansökt",
            "beslut",
            "start",
            "slut",
            "valuta",
            "kurs",
            "budget",
            "eu-bidrag",
            "eu-bidrag_kr",
            "mål",
        ],
        Lang::En => [
            "id",
            "title",
            "programme",
            "programme_name",
            "role",
            "actor",
            "actor_name",
            "status",
            "applied",
            "decided",
            "start",
            "end",
            "currency",
            "exchange_rate",
            "budget",
            "eu_grant",
            "eu_grant_sek",
            "goals",
        ],
    };
    w.write_record(head)?;
    // Numbers as the sender's spreadsheet reads them: a decimal comma in Swedish, no grouping.
    let num = |x: Option<f64>| {
        x.map(|x| {
            let s = format!("{x}");
            if lang == Lang::Sv { s.replace('.', ",") } else { s }
        })
        .unwrap_or_default()
    };
    let text = |s: &str| utblick_report::csv_text(s);
    for r in rows {
        w.write_record([
            text(&r.id),
            text(&r.title),
            text(&r.programme),
            text(r.programme_name),
            text(r.role),
            text(&r.actor),
            text(&r.actor_name),
            text(r.status),
            r.applied.clone().unwrap_or_default(),
            r.decided.clone().unwrap_or_default(),
            r.start.clone().unwrap_or_default(),
            r.end.clone().unwrap_or_default(),
            r.currency.to_string(),
            num(r.exchange_rate),
            num(r.budget),
            num(r.eu_grant),
            num(r.eu_grant_sek),
            text(&r.goals.join(" ")),
        ])?;
    }
    csv_bytes(w)
}

#[derive(Serialize)]
struct ProgrammeRow {
    id: &'static str,
    name: &'static str,
    fund: &'static str,
    eu: bool,
}

fn programmes(format: MissingFormat, lang: Lang) -> Result<ExitCode, CliError> {
    let rows: Vec<ProgrammeRow> = PROGRAMMES
        .iter()
        .map(|p| ProgrammeRow { id: p.id, name: p.name, fund: p.fund, eu: p.eu })
        .collect();
    let out = match format {
        MissingFormat::Json => json_text(&rows)?.into_bytes(),
        MissingFormat::Csv => {
            let mut w = crate::error::excel_csv();
            w.write_record(match lang {
                Lang::Sv => ["id", "namn", "fond", "eu"],
                Lang::En => ["id", "name", "fund", "eu"],
            })?;
            for r in &rows {
                w.write_record([r.id, r.name, r.fund, if r.eu { "1" } else { "0" }])?;
            }
            csv_bytes(w)?
        }
        MissingFormat::Text => {
            let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut s = String::new();
            for r in &rows {
                s.push_str(&format!("{:width$}  {} ({})\n", r.id, r.name, r.fund));
            }
            s.into_bytes()
        }
    };
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
