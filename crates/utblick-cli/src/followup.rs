//! `utblick followup`: ingest what is new in the inbox, then write the report.

use std::process::ExitCode;

use utblick_core::Lang;
use utblick_ingest::{Options, Outcome, Receipt};

use crate::args::FollowupArgs;
use crate::console::Console;
use crate::dates::AsOf;
use crate::error::CliError;
use crate::ingest::{
    Inputs, RunOptions, collect_inputs, exit_status, file_counts, ingest_all, load_checked_plan,
    open_for_ingest, shown, totals,
};
use crate::kolada::{import_pages, page_files, read_pages};
use crate::report::{out_dir, status_lines, write_report};

/// A receipt worth showing in the follow-up: one with a warning or an error, or a file that
/// did not simply go in (or was already in).
fn has_news(r: &Receipt) -> bool {
    !r.diagnostics.is_empty()
        || !r.is_clean()
        || r.before.is_some()
        || !matches!(r.outcome, Outcome::Stored { .. } | Outcome::AlreadyIngested(_))
}

/// `--quiet`: only what makes the exit status non-zero is printed (the receipts of files and
/// pages not taken whole, where their rejected rows went, failures, the inbox entries passed
/// over that matter); not the totals, the report's folder or the status per area.
pub fn run(args: &FollowupArgs, con: &Console) -> Result<ExitCode, CliError> {
    let as_of = AsOf::resolve(args.report.as_of);
    let lang: Lang = args.report.lang.into();
    let loaded = load_checked_plan(&args.plan)?;
    let inputs = if args.inbox.exists() {
        collect_inputs(std::slice::from_ref(&args.inbox), None)?
    } else {
        Inputs::default()
    };
    let (mut store, _) = open_for_ingest(&args.load, &args.store.store, false, con)?;
    let out = out_dir(&args.report, &loaded);
    // The statistics first, from the saved pages of Kolada's API: offline, and before the
    // actors' files, as a planner pulls them before the reminders go out.
    let pages = if args.kolada.is_dir() {
        page_files(std::slice::from_ref(&args.kolada))?
    } else {
        Vec::new()
    };
    let kolada = if pages.is_empty() {
        None
    } else {
        let pages = read_pages(&pages, &loaded, con, lang)
            .map_err(|errors| CliError::KoladaPages { dir: args.kolada.clone(), errors, lang })?;
        let options = Options { max_size: args.load.max_file_size << 20, ..Options::default() };
        Some(import_pages(&mut store, &loaded, &pages, options, &as_of, con, lang)?)
    };
    let run = RunOptions {
        options: Options { max_size: args.load.max_file_size << 20, ..Options::default() },
        lang,
        rejects: None,
        // Beside the report they concern, never in the inbox.
        rejects_dir: out.join(lang.pick("avvisade", "rejected")),
        as_of: &as_of,
        console: con,
    };
    let result = ingest_all(&mut store, &loaded, inputs, &run)?;
    let report = write_report(&store, &loaded, &args.report, &out, as_of.day(), con)?;

    // Every warning and error, as `ingest` prints them, for the files that have any.
    let all_receipts = kolada.iter().flat_map(|k| &k.receipts).chain(&result.receipts);
    let news: Vec<Receipt> = all_receipts
        .filter(|r| if con.quiet { !r.is_clean() } else { has_news(r) })
        .cloned()
        .collect();
    let mut s = utblick_ingest::render_receipts(&news, lang);
    if !news.is_empty() {
        s.push('\n');
    }
    let worst = kolada.as_ref().map_or(0, exit_status).max(exit_status(&result));
    if con.quiet {
        s.push_str(&crate::ingest::closing(&result, lang, true));
        crate::print(&s)?;
        return Ok(ExitCode::from(worst));
    }
    if let Some(k) = &kolada {
        let t = totals(&k.receipts);
        let n = k.receipts.len();
        let files = file_counts(&k.receipts, lang);
        s.push_str(&match lang {
            Lang::Sv => format!(
                "kolada {}: {n} {} ({files}); värden {} lagrade, {} oförändrade, {} avvisade\n",
                shown(&args.kolada),
                if n == 1 { "sida" } else { "sidor" },
                t.stored,
                t.unchanged,
                t.rejected
            ),
            Lang::En => format!(
                "kolada {}: {n} {} ({files}); values {} stored, {} unchanged, {} rejected\n",
                shown(&args.kolada),
                if n == 1 { "page" } else { "pages" },
                t.stored,
                t.unchanged,
                t.rejected
            ),
        });
    }
    let t = totals(&result.receipts);
    let n = result.receipts.len();
    let files = file_counts(&result.receipts, lang);
    s.push_str(&match lang {
        Lang::Sv => format!(
            "inkorg {}: {n} {} ({files}); rader {} lagrade, {} oförändrade, {} avvisade\n",
            shown(&args.inbox),
            if n == 1 { "fil" } else { "filer" },
            t.stored,
            t.unchanged,
            t.rejected
        ),
        Lang::En => format!(
            "inbox {}: {n} {} ({files}); rows {} stored, {} unchanged, {} rejected\n",
            shown(&args.inbox),
            if n == 1 { "file" } else { "files" },
            t.stored,
            t.unchanged,
            t.rejected
        ),
    });
    for p in &result.rejects {
        s.push_str(&format!("  {}: {}\n", lang.pick("avvisade rader", "rejected rows"), shown(p)));
    }
    for f in &result.failures {
        s.push_str(&format!("  {}: {f}\n", lang.pick("fel", "error")));
    }
    for skipped in &result.skipped {
        s.push_str(&format!(
            "  {}: {}: {}\n",
            lang.pick("hoppade över", "skipped"),
            shown(&skipped.path),
            skipped.reason.text(lang)
        ));
    }
    s.push_str(&format!(
        "{}: {}\n",
        lang.pick("rapport", "report"),
        out.join("index.html").display()
    ));
    s.push_str(&status_lines(&report, lang));
    crate::print(&s)?;
    Ok(ExitCode::from(worst))
}
