//! `utblick lock`, `unlock` and `approve`: periods the board has seen stay put.
//!
//! A locked period keeps its current values; a later submission touching it is stored as a
//! proposal that waits for `approve`. Every lock, unlock and approval is recorded with who,
//! when and why, and shown by `utblick history`.

use std::process::ExitCode;

use utblick_core::{Lang, LoadedPlan, ObsValue, format_number};
use utblick_store::{ProposalFilter, Store};

use crate::args::{ApproveArgs, LockArgs, WhoArg};
use crate::console::Console;
use crate::dates::now;
use crate::error::CliError;
use crate::ingest::load_checked_plan;

/// Who acts: `--by`, else `$UTBLICK_USER`, else `$USER`.
pub fn who(arg: &WhoArg) -> Result<String, CliError> {
    let name = arg
        .by
        .clone()
        .or_else(|| std::env::var("UTBLICK_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    if name.is_empty() {
        return Err(CliError::message("say who does it with --by NAME; it is kept in the history"));
    }
    Ok(name)
}

fn open(path: &std::path::Path) -> Result<Store, CliError> {
    if !path.exists() {
        return Err(CliError::NoStore { path: path.to_path_buf() });
    }
    Ok(Store::open(path)?)
}

/// `--quiet` leaves out the line that says the period is locked; that it was locked already,
/// and nothing changed, is still said.
pub fn lock(args: &LockArgs, con: &Console) -> Result<ExitCode, CliError> {
    let lang: Lang = args.lang.into();
    load_checked_plan(&args.plan)?;
    let period = args.period;
    if args.reason.trim().is_empty() {
        return Err(CliError::message("--reason must say why the period is locked"));
    }
    let by = who(&args.who)?;
    let mut store = open(&args.store.store)?;
    let text = match store.lock(period, &by, &now(), args.reason.trim()) {
        Ok(None) if con.quiet => String::new(),
        Ok(None) => match lang {
            Lang::Sv => format!(
                "{period} är låst; värden som kommer in för perioden väntar nu på godkännande (utblick approve)\n"
            ),
            Lang::En => format!(
                "{period} is locked; values sent for the period now wait for approval (utblick approve)\n"
            ),
        },
        Ok(Some(l)) => match lang {
            Lang::Sv => format!(
                "{period} var redan låst ({} {}: {}); inget ändrat\n",
                l.locked_by, l.locked_at, l.reason
            ),
            Lang::En => format!(
                "{period} was locked already ({} {}: {}); nothing changed\n",
                l.locked_by, l.locked_at, l.reason
            ),
        },
        Err(e) => return Err(e.into()),
    };
    crate::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `--quiet` leaves out the line that says the period is unlocked; the values that still wait
/// for approval are still told of.
pub fn unlock(args: &LockArgs, con: &Console) -> Result<ExitCode, CliError> {
    let lang: Lang = args.lang.into();
    load_checked_plan(&args.plan)?;
    let period = args.period;
    if args.reason.trim().is_empty() {
        return Err(CliError::message("--reason must say why the period is unlocked"));
    }
    let by = who(&args.who)?;
    let mut store = open(&args.store.store)?;
    let unlocked = store.unlock(period, &by, &now(), args.reason.trim())?;
    if !unlocked {
        let locked: Vec<String> = store.locks()?.iter().map(|l| l.period.to_string()).collect();
        return Err(CliError::message(format!(
            "{period} is not locked (locked: {}); nothing changed",
            if locked.is_empty() { "none".to_string() } else { locked.join(", ") }
        )));
    }
    let pending = store.pending()?;
    let waiting = pending.iter().filter(|p| period.contains(p.key.period)).count();
    let mut text = match lang {
        _ if con.quiet => String::new(),
        Lang::Sv => format!("{period} är upplåst; värden som kommer in gäller genast\n"),
        Lang::En => format!("{period} is unlocked; values sent now become current at once\n"),
    };
    if waiting > 0 {
        // Under the line above, or alone under --quiet.
        let indent = if con.quiet { "" } else { "  " };
        text.push_str(&match lang {
            Lang::Sv => format!(
                "{indent}{waiting} värden väntar fortfarande på godkännande: utblick approve {} --period {period}\n",
                args.plan.display()
            ),
            Lang::En => format!(
                "{indent}{waiting} values still wait for approval: utblick approve {} --period {period}\n",
                args.plan.display()
            ),
        });
    }
    crate::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// A value for people, as `history` writes it.
pub fn value_text(v: Option<ObsValue>, lang: Lang) -> String {
    match v {
        None => "–".into(),
        Some(ObsValue::Number(x)) => {
            format_number(x, 6, lang).trim_end_matches('0').trim_end_matches([',', '.']).to_string()
        }
        Some(other) => other.to_string(),
    }
}

pub fn approve(args: &ApproveArgs) -> Result<ExitCode, CliError> {
    let lang: Lang = args.lang.into();
    let loaded: LoadedPlan = load_checked_plan(&args.plan)?;
    let period = args.period;
    let actor = match &args.actor {
        None => None,
        Some(a) => Some(
            loaded
                .actors
                .find(a)
                .map(|(_, actor)| actor.id.clone())
                .ok_or_else(|| CliError::message(format!("--actor: unknown actor `{a}`")))?,
        ),
    };
    if let Some(i) = &args.indicator
        && loaded.catalogue.get(i).is_none()
    {
        return Err(CliError::message(format!("--indicator: unknown indicator `{i}`")));
    }
    let by = who(&args.who)?;
    let mut store = open(&args.store.store)?;
    let filter = ProposalFilter { period: Some(period), indicator: args.indicator.clone(), actor };
    let approved = store.approve(&filter, period, &by, &now(), args.reason.trim())?;
    let mut text = String::new();
    if approved.is_empty() {
        text.push_str(&match lang {
            Lang::Sv => format!("inga värden för {period} väntar på godkännande; inget ändrat\n"),
            Lang::En => format!("no values for {period} wait for approval; nothing changed\n"),
        });
    } else {
        text.push_str(&match (lang, approved.len()) {
            (Lang::Sv, 1) => "1 värde godkänt och gällande nu:\n".to_string(),
            (Lang::Sv, n) => format!("{n} värden godkända och gällande nu:\n"),
            (Lang::En, 1) => "1 value approved, current now:\n".to_string(),
            (Lang::En, n) => format!("{n} values approved, current now:\n"),
        });
        for p in &approved {
            let series = p.key.series_label();
            let gender = if series.is_empty() { series } else { format!(" {series}") };
            text.push_str(&format!(
                "  {} {} {}{gender}: {} → {} ({} {}, {}:{})\n",
                p.key.indicator,
                p.key.actor,
                p.key.period,
                value_text(p.current, lang),
                value_text(Some(p.value), lang),
                lang.pick("inskick", "submission"),
                p.submission_id,
                p.file_name,
                p.line
            ));
        }
    }
    crate::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
