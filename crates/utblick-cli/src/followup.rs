//! `utblick followup`: ingest what is new in the inbox, then write the report.

use std::io::Write;
use std::process::ExitCode;

use utblick_core::Lang;
use utblick_ingest::{Options, Outcome};

use crate::args::FollowupArgs;
use crate::ingest::{
    RunOptions, collect_inputs, exit_code, ingest_all, load_checked_plan, open_store, received_at,
    today,
};
use crate::report::{out_dir, status_lines, write_report};

pub fn run(args: &FollowupArgs) -> Result<ExitCode, String> {
    let lang: Lang = args.report.lang.into();
    let loaded = load_checked_plan(&args.plan)?;
    let inputs = if args.inbox.exists() {
        collect_inputs(std::slice::from_ref(&args.inbox), None)?
    } else {
        Vec::new()
    };
    let (mut store, _) = open_store(&args.store.store, false)?;
    let as_of = args.report.as_of.unwrap_or_else(today);
    let run = RunOptions {
        options: Options::default(),
        lang,
        rejects: None,
        as_of,
        received_at: received_at(args.report.as_of),
    };
    let result = ingest_all(&mut store, &loaded, &inputs, &run)?;
    let out = out_dir(&args.report, &loaded);
    let report = write_report(&store, &loaded, &args.report, &out)?;

    let new: Vec<_> =
        result.receipts.iter().filter(|r| matches!(r.outcome, Outcome::Stored { .. })).collect();
    let stored: u64 = new.iter().map(|r| r.counts.stored).sum();
    let rejected: u64 = result
        .receipts
        .iter()
        .filter(|r| !matches!(r.outcome, Outcome::AlreadyIngested(_)))
        .map(|r| r.counts.rejected)
        .sum();
    let mut s = String::new();
    s.push_str(&match lang {
        Lang::Sv => format!(
            "inkorg {}: {} filer, {} nya inlästa, {} redan inlästa; {stored} rader lagrade, {rejected} avvisade\n",
            args.inbox.display(),
            result.receipts.len(),
            new.len(),
            result.receipts.len() - new.len()
        ),
        Lang::En => format!(
            "inbox {}: {} files, {} newly ingested, {} already ingested; {stored} rows stored, {rejected} rejected\n",
            args.inbox.display(),
            result.receipts.len(),
            new.len(),
            result.receipts.len() - new.len()
        ),
    });
    for p in &result.rejects {
        s.push_str(&format!(
            "  {}: {}\n",
            lang.pick("avvisade rader", "rejected rows"),
            p.display()
        ));
    }
    for r in result.receipts.iter().filter(|r| !r.is_clean()) {
        s.push_str(&format!(
            "  {}: {} {}\n",
            r.file_name,
            r.counts.rejected,
            lang.pick("avvisade", "rejected")
        ));
    }
    s.push_str(&format!(
        "{}: {}\n",
        lang.pick("rapport", "report"),
        out.join("index.html").display()
    ));
    s.push_str(&status_lines(&report, lang));
    std::io::stdout().write_all(s.as_bytes()).map_err(|e| e.to_string())?;
    Ok(exit_code(&result))
}
