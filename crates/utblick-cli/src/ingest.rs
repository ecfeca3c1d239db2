//! `utblick ingest`: find the files, name their submitters, store them, print receipts.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use utblick_core::{Lang, LoadedPlan};
use utblick_ingest::{FileProblem, Options, Outcome, Receipt, Rules};
use utblick_store::Store;

use crate::args::{Format, IngestArgs};

/// Suffix of the rejects files utblick writes; such files are never read as submissions.
pub const REJECTS_SUFFIX: &str = ".rejected.csv";

/// One file to ingest and who sends it.
#[derive(Debug)]
pub struct Input {
    pub path: PathBuf,
    /// From `--as`, or the inbox folder the file lies in.
    pub submitter: Option<String>,
}

fn is_submission(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    name.ends_with(".csv") && !name.ends_with(REJECTS_SUFFIX) && !name.starts_with('.')
}

/// Regular files only: a symlink or device in an inbox is not followed.
fn csv_files_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_file() && is_submission(&path) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Expands the arguments: a file is itself; a folder is an inbox `<inbox>/<actor-id>/*.csv`
/// (files directly in it need `--as`).
pub fn collect_inputs(args: &[PathBuf], submitter: Option<&str>) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    for arg in args {
        let meta =
            std::fs::metadata(arg).map_err(|e| format!("cannot read {}: {e}", arg.display()))?;
        if meta.is_dir() {
            for path in csv_files_in(arg)? {
                inputs.push(Input { path, submitter: submitter.map(str::to_string) });
            }
            let mut subdirs: Vec<PathBuf> = std::fs::read_dir(arg)
                .map_err(|e| format!("cannot read the folder {}: {e}", arg.display()))?
                .flatten()
                .filter(|e| std::fs::symlink_metadata(e.path()).is_ok_and(|m| m.is_dir()))
                .map(|e| e.path())
                .collect();
            subdirs.sort();
            for dir in subdirs {
                let folder = dir.file_name().map(|n| n.to_string_lossy().to_string());
                for path in csv_files_in(&dir)? {
                    let who = submitter.map(str::to_string).or(folder.clone());
                    inputs.push(Input { path, submitter: who });
                }
            }
        } else {
            let folder =
                arg.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_string());
            inputs.push(Input {
                path: arg.clone(),
                submitter: submitter.map(str::to_string).or(folder),
            });
        }
    }
    Ok(inputs)
}

pub fn load_checked_plan(plan: &Path) -> Result<LoadedPlan, String> {
    let loaded = crate::plan_check::load(plan)?;
    if loaded.plan.is_none() || loaded.error_count() > 0 || loaded.unreadable {
        return Err(format!(
            "the plan {} has errors; run `utblick plan check {}` and correct them first",
            plan.display(),
            plan.display()
        ));
    }
    Ok(loaded)
}

/// Opens the store. A dry run on a store that does not exist yet works on a throwaway one in
/// a temporary folder (on disk, so that memory stays flat however large the files are).
pub fn open_store(
    path: &Path,
    dry_run: bool,
) -> Result<(Store, Option<tempfile::TempDir>), String> {
    if dry_run && !path.exists() {
        let dir =
            tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let store = Store::open(&dir.path().join("dry-run.sqlite")).map_err(|e| e.to_string())?;
        return Ok((store, Some(dir)));
    }
    Ok((Store::open(path).map_err(|e| e.to_string())?, None))
}

/// Outcome of one ingest run, for the caller's summary and exit code.
pub struct RunResult {
    pub receipts: Vec<Receipt>,
    /// Where rejected rows were written.
    pub rejects: Vec<PathBuf>,
    /// A file could not be read at all.
    pub unreadable: bool,
}

pub struct RunOptions<'a> {
    pub options: Options,
    pub lang: Lang,
    pub rejects: Option<&'a Path>,
    pub as_of: chrono::NaiveDate,
    pub received_at: String,
}

/// Ingests `inputs` one file (one transaction) at a time.
pub fn ingest_all(
    store: &mut Store,
    loaded: &LoadedPlan,
    inputs: &[Input],
    run: &RunOptions<'_>,
) -> Result<RunResult, String> {
    use chrono::Datelike;
    let date = utblick_ingest::Date {
        year: run.as_of.year(),
        month: run.as_of.month() as u8,
        day: run.as_of.day() as u8,
    };
    let mut result = RunResult { receipts: Vec::new(), rejects: Vec::new(), unreadable: false };
    for input in inputs {
        let name = input.path.to_string_lossy().replace('\\', "/");
        let file = match File::open(&input.path) {
            Ok(f) => f,
            Err(e) => {
                let mut r = Receipt::new(&name, input.submitter.as_deref().unwrap_or("?"));
                r.outcome = Outcome::FileRejected(FileProblem::Csv(e.to_string()));
                result.unreadable = true;
                result.receipts.push(r);
                continue;
            }
        };
        let submitter = input.submitter.as_deref().and_then(|s| loaded.actors.get(s));
        let receipt = match submitter {
            None => {
                let who = input.submitter.clone().unwrap_or_default();
                utblick_ingest::reject_file(
                    &name,
                    &who,
                    file,
                    FileProblem::UnknownSubmitter(who.clone()),
                )
            }
            Some(actor) => {
                let rules = Rules {
                    catalogue: &loaded.catalogue,
                    actors: &loaded.actors,
                    submitter: actor,
                    submitted_on: date,
                };
                match utblick_ingest::ingest(
                    store,
                    &rules,
                    &name,
                    &run.received_at,
                    file,
                    run.options,
                ) {
                    Ok(r) => r,
                    Err(utblick_ingest::IngestError::Io { source, .. }) => {
                        let mut r = Receipt::new(&name, &actor.id);
                        r.outcome = Outcome::FileRejected(FileProblem::Csv(source.to_string()));
                        r
                    }
                    Err(e) => return Err(e.to_string()),
                }
            }
        };
        if matches!(
            receipt.outcome,
            Outcome::FileRejected(FileProblem::Binary | FileProblem::Csv(_))
        ) {
            result.unreadable = true;
        }
        if !receipt.rejected.is_empty() && !run.options.dry_run {
            let target =
                rejects_path(&input.path, run.rejects, inputs.len(), input.submitter.as_deref());
            write_rejects(&target, &receipt, run.lang)?;
            result.rejects.push(target);
        }
        result.receipts.push(receipt);
    }
    Ok(result)
}

fn rejects_path(
    input: &Path,
    rejects: Option<&Path>,
    n_inputs: usize,
    submitter: Option<&str>,
) -> PathBuf {
    let stem =
        input.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "fil".into());
    match rejects {
        Some(p) if names_csv(p) && n_inputs == 1 => p.to_path_buf(),
        Some(dir) => dir.join(format!("{}-{stem}{REJECTS_SUFFIX}", submitter.unwrap_or("okand"))),
        None => input.with_file_name(format!("{stem}{REJECTS_SUFFIX}")),
    }
}

/// `--rejects x.csv` names one file; anything else is a folder.
fn names_csv(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn write_rejects(path: &Path, receipt: &Receipt, lang: Lang) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, utblick_ingest::rejects_csv(receipt, lang))
        .map_err(|e| format!("cannot write the rejected rows to {}: {e}", path.display()))
}

/// The CLI is the one place that reads the clock (clippy.toml forbids it elsewhere).
#[allow(clippy::disallowed_methods)]
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[allow(clippy::disallowed_methods)]
pub fn received_at(as_of: Option<chrono::NaiveDate>) -> String {
    match as_of {
        Some(d) => format!("{d}T00:00:00Z"),
        None => chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

pub fn run(args: &IngestArgs) -> Result<ExitCode, String> {
    let loaded = load_checked_plan(&args.plan)?;
    let inputs = collect_inputs(&args.inputs, args.submitter.as_deref())?;
    if let Some(r) = &args.rejects
        && names_csv(r)
        && inputs.len() > 1
    {
        return Err(format!(
            "--rejects {} names one file, but there are {} input files; give a folder instead",
            r.display(),
            inputs.len()
        ));
    }
    let lang: Lang = args.lang.into();
    let (mut store, _scratch) = open_store(&args.store.store, args.dry_run)?;
    let run = RunOptions {
        options: Options { dry_run: args.dry_run, strict: args.strict },
        lang,
        rejects: args.rejects.as_deref(),
        as_of: args.as_of.unwrap_or_else(today),
        received_at: received_at(args.as_of),
    };
    let result = ingest_all(&mut store, &loaded, &inputs, &run)?;
    let mut out = String::new();
    match args.format {
        Format::Text => {
            out.push_str(&utblick_ingest::render_receipts(&result.receipts, lang));
            for p in &result.rejects {
                out.push_str(&format!(
                    "{}: {}\n",
                    lang.pick("avvisade rader", "rejected rows"),
                    p.display()
                ));
            }
            out.push_str(&summary(&result.receipts, lang));
        }
        Format::Json => {
            let doc = serde_json::json!({
                "files": result.receipts.iter().map(|r| r.to_json(lang)).collect::<Vec<_>>(),
                "rejects": result.rejects.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            });
            out = serde_json::to_string_pretty(&doc).unwrap_or_default();
            out.push('\n');
        }
    }
    std::io::stdout()
        .write_all(out.as_bytes())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    Ok(exit_code(&result))
}

pub fn exit_code(result: &RunResult) -> ExitCode {
    if result.unreadable {
        ExitCode::from(2)
    } else if result.receipts.iter().all(Receipt::is_clean) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// One closing line: files and rows in total.
pub fn summary(receipts: &[Receipt], lang: Lang) -> String {
    let new = receipts.iter().filter(|r| matches!(r.outcome, Outcome::Stored { .. })).count();
    let already =
        receipts.iter().filter(|r| matches!(r.outcome, Outcome::AlreadyIngested(_))).count();
    // Rows of files read this time; an already ingested file's rows were counted before.
    let fresh = |f: fn(&Receipt) -> u64| {
        receipts
            .iter()
            .filter(|r| !matches!(r.outcome, Outcome::AlreadyIngested(_)))
            .map(f)
            .sum::<u64>()
    };
    let n = receipts.len();
    match lang {
        Lang::Sv => format!(
            "totalt: {n} {} ({new} {}, {already} redan {}); rader {} lagrade, {} oförändrade, {} avvisade\n",
            if n == 1 { "fil" } else { "filer" },
            if new == 1 { "ny" } else { "nya" },
            if already == 1 { "inläst" } else { "inlästa" },
            fresh(|r| r.counts.stored),
            fresh(|r| r.counts.unchanged),
            fresh(|r| r.counts.rejected),
        ),
        Lang::En => format!(
            "total: {n} {} ({new} new, {already} already ingested); rows {} stored, {} unchanged, {} rejected\n",
            if n == 1 { "file" } else { "files" },
            fresh(|r| r.counts.stored),
            fresh(|r| r.counts.unchanged),
            fresh(|r| r.counts.rejected),
        ),
    }
}
