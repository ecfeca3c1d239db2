//! `utblick ingest`: find the files, name their submitters, store them, print receipts.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use serde::Serialize;
use utblick_core::{Lang, LoadedPlan};
use utblick_ingest::{FileProblem, Options, Outcome, Receipt, Rules};
use utblick_store::Store;

use crate::args::{Format, IngestArgs, LoadArgs};
use crate::console::{Console, Tracked};
use crate::dates::AsOf;
use crate::error::{CliError, json_text};
use crate::files::{NotOpened, ReadError};

/// Suffix of the rejects files utblick writes; such files are never read as submissions.
pub const REJECTS_SUFFIX: &str = ".rejected.csv";

/// One file to ingest and who sends it.
#[derive(Debug)]
pub struct Input {
    pub path: PathBuf,
    /// From `--as`, or the inbox folder the file lies in.
    pub submitter: Option<String>,
}

/// Why an inbox entry is not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// A symbolic link: an inbox holds the files themselves, never pointers elsewhere.
    Symlink,
    /// A FIFO, a socket or a device.
    NotRegular(&'static str),
    /// A folder inside an actor's folder (`x.csv/` included).
    Folder,
    /// Not a `.csv` file.
    NotCsv,
    /// A hidden file or folder (`.DS_Store`, `.git/`).
    Hidden,
    /// The lock file Excel keeps beside an open workbook (`~$värden.csv`).
    OfficeLock,
    /// A rejects file utblick wrote (earlier versions wrote them beside the input).
    Rejects,
}

impl SkipReason {
    pub fn text(self, lang: Lang) -> String {
        match (self, lang) {
            (SkipReason::Symlink, Lang::Sv) => {
                "en symbolisk länk; lägg filen själv i inkorgen".into()
            }
            (SkipReason::Symlink, Lang::En) => {
                "a symbolic link; put the file itself in the inbox".into()
            }
            (SkipReason::NotRegular(kind), Lang::Sv) => {
                format!("ingen vanlig fil ({})", utblick_ingest::kind_words(kind, lang))
            }
            (SkipReason::NotRegular(kind), Lang::En) => {
                format!("not a regular file ({})", utblick_ingest::kind_words(kind, lang))
            }
            (SkipReason::Folder, Lang::Sv) => {
                "en mapp i en aktörs mapp; bara filer direkt i <inkorg>/<aktör>/ läses".into()
            }
            (SkipReason::Folder, Lang::En) => {
                "a folder inside an actor's folder; only files directly in <inbox>/<actor>/ are read"
                    .into()
            }
            (SkipReason::NotCsv, Lang::Sv) => "ingen .csv-fil; spara den som CSV".into(),
            (SkipReason::NotCsv, Lang::En) => "not a .csv file; save it as CSV".into(),
            (SkipReason::Hidden, Lang::Sv) => "dold".into(),
            (SkipReason::Hidden, Lang::En) => "hidden".into(),
            (SkipReason::OfficeLock, Lang::Sv) => {
                "Excels låsfil för en öppen arbetsbok; stäng den och spara".into()
            }
            (SkipReason::OfficeLock, Lang::En) => {
                "Excel's lock file for an open workbook; close it and save".into()
            }
            (SkipReason::Rejects, Lang::Sv) => "avvisade rader som utblick skrev, ingen inrapportering".into(),
            (SkipReason::Rejects, Lang::En) => "rejected rows utblick wrote, not a submission".into(),
        }
    }

    /// Whether the sender or the coordinator must act: a hidden file, Excel's lock file or an
    /// old rejects file is named, but does not make the run fail.
    pub fn matters(self) -> bool {
        !matches!(self, SkipReason::Hidden | SkipReason::OfficeLock | SkipReason::Rejects)
    }
}

/// An inbox entry that is not read, and why.
#[derive(Debug)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// What the arguments name: the files to ingest, the inbox entries passed over, and the
/// inbox folders (which rejects must never be written into).
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<Input>,
    pub skipped: Vec<Skipped>,
    pub folders: Vec<PathBuf>,
}

/// Sorts an inbox entry: a CSV file to read, or a reason not to. Symbolic links are never
/// followed (the entry's own type is looked at).
fn classify(path: &Path, in_actor_folder: bool) -> Result<Option<SkipReason>, std::io::Error> {
    let meta = std::fs::symlink_metadata(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let t = meta.file_type();
    Ok(Some(if t.is_symlink() {
        SkipReason::Symlink
    } else if name.starts_with('.') {
        // Hidden files and folders (`.git/`, `.DS_Store`) alike.
        SkipReason::Hidden
    } else if name.starts_with("~$") {
        SkipReason::OfficeLock
    } else if t.is_dir() {
        if !in_actor_folder {
            return Ok(None);
        }
        SkipReason::Folder
    } else if let Some(kind) = crate::files::not_regular_kind(&meta) {
        SkipReason::NotRegular(kind)
    } else if name.ends_with(REJECTS_SUFFIX) {
        SkipReason::Rejects
    } else if !name.ends_with(".csv") {
        SkipReason::NotCsv
    } else {
        return Ok(None);
    }))
}

fn entries(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let cannot = |source| CliError::ReadFolder { path: dir.to_path_buf(), source };
    let read = std::fs::read_dir(dir).map_err(cannot)?;
    let mut paths = Vec::new();
    for entry in read {
        let entry = entry.map_err(cannot)?;
        paths.push(entry.path());
    }
    paths.sort();
    Ok(paths)
}

/// Expands the arguments: a file is itself; a folder is an inbox `<inbox>/<actor-id>/*.csv`
/// (files directly in it need `--as`). Every inbox entry that is not read is named in
/// [`Inputs::skipped`].
pub fn collect_inputs(args: &[PathBuf], submitter: Option<&str>) -> Result<Inputs, CliError> {
    let mut inputs = Inputs::default();
    let cannot = |p: &Path, e: std::io::Error| CliError::Read {
        path: p.to_path_buf(),
        source: ReadError::Io(e),
    };
    for arg in args {
        let meta = std::fs::metadata(arg).map_err(|e| cannot(arg, e))?;
        if !meta.is_dir() {
            let folder =
                arg.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_string());
            inputs.files.push(Input {
                path: arg.clone(),
                submitter: submitter.map(str::to_string).or(folder),
            });
            continue;
        }
        inputs.folders.push(absolute(arg));
        let mut actor_folders = Vec::new();
        for path in entries(arg)? {
            match classify(&path, false).map_err(|e| cannot(&path, e))? {
                Some(reason) => inputs.skipped.push(Skipped { path, reason }),
                None if path.is_dir() => actor_folders.push(path),
                None => inputs.files.push(Input { path, submitter: submitter.map(str::to_string) }),
            }
        }
        for dir in actor_folders {
            let folder = dir.file_name().map(|n| n.to_string_lossy().to_string());
            for path in entries(&dir)? {
                match classify(&path, true).map_err(|e| cannot(&path, e))? {
                    Some(reason) => inputs.skipped.push(Skipped { path, reason }),
                    None => inputs.files.push(Input {
                        path,
                        submitter: submitter.map(str::to_string).or(folder.clone()),
                    }),
                }
            }
        }
    }
    Ok(inputs)
}

/// A path made absolute with its links resolved as far as it exists, for comparing paths.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// Refuses a rejects path that would overwrite an input or put rejects into an inbox.
pub fn check_rejects_target(target: &Path, inputs: &Inputs) -> Result<(), CliError> {
    let t = absolute(target);
    if let Some(input) = inputs.files.iter().find(|i| absolute(&i.path) == t) {
        return Err(CliError::message(format!(
            "--rejects {} is the input file {}; the rejected rows would overwrite it — give another path",
            target.display(),
            input.path.display()
        )));
    }
    if let Some(inbox) = inputs.folders.iter().find(|f| t.starts_with(f)) {
        return Err(CliError::message(format!(
            "--rejects {} lies in the inbox {}; rejected rows would be mixed with the submissions — give a path outside it",
            target.display(),
            inbox.display()
        )));
    }
    Ok(())
}

pub fn load_checked_plan(plan: &Path) -> Result<LoadedPlan, CliError> {
    let loaded = crate::plan_check::load(plan)?;
    if loaded.plan.is_none() || loaded.error_count() > 0 || loaded.unreadable {
        return Err(CliError::PlanHasErrors { path: plan.to_path_buf() });
    }
    Ok(loaded)
}

/// Opens the store. A dry run on a store that does not exist yet works on a throwaway one in
/// a temporary folder (on disk, so that memory stays flat however large the files are); on a
/// store of an older schema, on a copy of it, so that the dry run changes nothing.
pub fn open_store(
    path: &Path,
    dry_run: bool,
) -> Result<(Store, Option<tempfile::TempDir>), CliError> {
    let old = || Store::version_of(path).is_ok_and(|v| v < utblick_store::SCHEMA_VERSION);
    if dry_run && (!path.exists() || old()) {
        let dir = tempfile::tempdir().map_err(CliError::TempFolder)?;
        let scratch = dir.path().join("dry-run.sqlite");
        if path.exists() {
            Store::copy(path, &scratch)?;
        }
        let store = Store::open(&scratch)?;
        return Ok((store, Some(dir)));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        std::fs::create_dir_all(parent)
            .map_err(|source| CliError::StoreFolder { path: parent.to_path_buf(), source })?;
    }
    Ok((Store::open(path)?, None))
}

/// Tells on standard error that a file waits for another writer: after a second, then about
/// every ten seconds, so a long wait is explained without flooding the terminal (and with the
/// progress cleared first, so the notice is not written across a bar).
pub fn wait_notice(con: &Console) -> utblick_store::WaitNotice {
    let mut next = Duration::from_secs(1);
    let con = con.clone();
    Box::new(move |file: &str, waited: Duration| {
        if waited >= next {
            con.suspend(|| {
                eprintln!(
                    "utblick: the store is locked by another writer; {} waits ({} s so far)",
                    utblick_core::printable(file),
                    waited.as_secs()
                )
            });
            next = waited + Duration::from_secs(10);
        }
    })
}

/// Outcome of one ingest run, for the caller's summary and exit code.
pub struct RunResult {
    pub receipts: Vec<Receipt>,
    /// Where rejected rows were written.
    pub rejects: Vec<PathBuf>,
    /// Inbox entries that were not read.
    pub skipped: Vec<Skipped>,
    /// What went wrong beside the files themselves (a rejects file that could not be written).
    pub failures: Vec<CliError>,
}

pub struct RunOptions<'a> {
    pub options: Options,
    pub lang: Lang,
    /// `--rejects`: one file (for one input) or a folder.
    pub rejects: Option<&'a Path>,
    /// Where rejected rows go without `--rejects`: beside the store, or under the report.
    pub rejects_dir: PathBuf,
    /// The day the files are submitted on, and when they count as received.
    pub as_of: &'a AsOf,
    /// Where the bar of the file being read is drawn.
    pub console: &'a Console,
}

/// Ingests the files one (one transaction) at a time. A file the store does not take (another
/// writer held it too long) gets a receipt saying so, and the others go on.
pub fn ingest_all(
    store: &mut Store,
    loaded: &LoadedPlan,
    inputs: Inputs,
    run: &RunOptions<'_>,
) -> Result<RunResult, CliError> {
    let date = run.as_of.day();
    let n_inputs = inputs.files.len();
    let mut result = RunResult {
        receipts: Vec::new(),
        rejects: Vec::new(),
        skipped: inputs.skipped,
        failures: Vec::new(),
    };
    let mut taken: HashSet<PathBuf> = HashSet::new();
    // Update files name the entries of the plan's registry.
    let no_registry = utblick_core::Registry::default();
    let registry = loaded.plan.as_ref().map_or(&no_registry, |p| &p.registry);
    // By bytes read of each file in turn.
    let bar = run.console.bytes();
    for (n, input) in inputs.files.iter().enumerate() {
        let name = input.path.to_string_lossy().replace('\\', "/");
        let who = input.submitter.as_deref().unwrap_or("?");
        let opened = crate::files::open_regular(&input.path, run.options.max_size);
        let (file, size) = match opened {
            Ok(f) => f,
            Err(e) => {
                let problem = match e {
                    NotOpened::NotRegular(kind) => FileProblem::NotRegular(kind.into()),
                    NotOpened::TooLarge { size, limit } => FileProblem::TooLarge { size, limit },
                    NotOpened::Io(e) => FileProblem::Csv(e.to_string()),
                };
                let mut r = Receipt::new(&name, who);
                r.outcome = Outcome::FileRejected(problem);
                result.receipts.push(r);
                continue;
            }
        };
        bar.set_length(size);
        bar.set_position(0);
        bar.set_message(crate::console::reading(&name, n + 1, n_inputs, run.lang));
        let file = Tracked::new(file, &bar);
        let submitter = input.submitter.as_deref().and_then(|s| loaded.actors.get(s));
        let receipt = match submitter {
            None => {
                let who = input.submitter.clone().unwrap_or_default();
                // Never past the size that was checked, should the file grow meanwhile.
                utblick_ingest::reject_file(
                    &name,
                    &who,
                    std::io::Read::take(file, size),
                    FileProblem::UnknownSubmitter(who.clone()),
                )
            }
            Some(actor) => {
                let rules = Rules {
                    catalogue: &loaded.catalogue,
                    actors: &loaded.actors,
                    submitter: actor,
                    registry,
                    submitted_on: date,
                };
                match utblick_ingest::ingest(
                    store,
                    &rules,
                    &name,
                    &run.as_of.received_at,
                    file,
                    run.options,
                ) {
                    Ok(r) => r,
                    Err(utblick_ingest::IngestError::Io { source, .. }) => {
                        let mut r = Receipt::new(&name, &actor.id);
                        r.outcome = Outcome::FileRejected(FileProblem::Csv(source.to_string()));
                        r
                    }
                    Err(utblick_ingest::IngestError::Store(e)) => {
                        Receipt::not_stored(&name, &actor.id, &e)
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        };
        if !receipt.rejected.is_empty() && !run.options.dry_run {
            // The file is stored by now: a rejects file that cannot be written is said, and
            // the other files go on.
            let target = rejects_path(input, run, n_inputs, &mut taken);
            match write_rejects(&target, &receipt, run.lang) {
                Ok(()) => result.rejects.push(target),
                Err(e) => result.failures.push(e),
            }
        }
        result.receipts.push(receipt);
    }
    bar.finish_and_clear();
    Ok(result)
}

/// Where a file's rejected rows go: `--rejects` (a file for one input, else a folder), or the
/// default folder, as `<submitter>-<name>.rejected.csv`, numbered when two inputs share it.
fn rejects_path(
    input: &Input,
    run: &RunOptions<'_>,
    n_inputs: usize,
    taken: &mut HashSet<PathBuf>,
) -> PathBuf {
    if let Some(p) = run.rejects.filter(|p| names_csv(p) && n_inputs == 1) {
        return p.to_path_buf();
    }
    let dir = run.rejects.unwrap_or(&run.rejects_dir);
    let stem = input
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "fil".into());
    let who = input.submitter.as_deref().unwrap_or("okand");
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
            .collect()
    };
    let base = format!("{}-{}", safe(who), safe(&stem));
    let mut path = dir.join(format!("{base}{REJECTS_SUFFIX}"));
    // (The name is made of letters, digits, `-`, `_` and `.` only.)
    let mut n = 2;
    while !taken.insert(path.clone()) {
        path = dir.join(format!("{base}-{n}{REJECTS_SUFFIX}"));
        n += 1;
    }
    path
}

/// `--rejects x.csv` names one file; anything else is a folder.
fn names_csv(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn write_rejects(path: &Path, receipt: &Receipt, lang: Lang) -> Result<(), CliError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|source| CliError::CreateFolder { path: parent.to_path_buf(), source })?;
    }
    std::fs::write(path, utblick_ingest::rejects_csv(receipt, lang))
        .map_err(|source| CliError::WriteRejects { path: path.to_path_buf(), source })
}

/// The default folder for rejected rows: `rejected/` beside the store.
pub fn rejects_beside(store: &Path) -> PathBuf {
    store.parent().map_or_else(|| PathBuf::from("rejected"), |p| p.join("rejected"))
}

/// Opens the store for an ingest run, with the lock wait asked for.
pub fn open_for_ingest(
    load: &LoadArgs,
    store_path: &Path,
    dry_run: bool,
    con: &Console,
) -> Result<(Store, Option<tempfile::TempDir>), CliError> {
    let (mut store, scratch) = open_store(store_path, dry_run)?;
    store.set_lock_wait(Duration::from_secs(load.lock_timeout), Some(wait_notice(con)));
    Ok((store, scratch))
}

/// `--quiet`: the text lists only the receipts of files not taken whole, where their rejected
/// rows went, the inbox entries passed over that matter, and failures (what makes the exit
/// status non-zero), without the total; JSON is printed whole.
pub fn run(args: &IngestArgs, con: &Console) -> Result<ExitCode, CliError> {
    let as_of = AsOf::resolve(args.as_of);
    let loaded = load_checked_plan(&args.plan)?;
    let inputs = collect_inputs(&args.inputs, args.submitter.as_deref())?;
    if let Some(r) = &args.rejects {
        if names_csv(r) && inputs.files.len() > 1 {
            return Err(CliError::message(format!(
                "--rejects {} names one file, but there are {} input files; give a folder instead",
                r.display(),
                inputs.files.len()
            )));
        }
        check_rejects_target(r, &inputs)?;
    }
    let lang: Lang = args.lang.into();
    let (mut store, _scratch) = open_for_ingest(&args.load, &args.store.store, args.dry_run, con)?;
    let run = RunOptions {
        options: Options {
            dry_run: args.dry_run,
            strict: args.strict,
            max_size: args.load.max_file_size << 20,
        },
        lang,
        rejects: args.rejects.as_deref(),
        rejects_dir: rejects_beside(&args.store.store),
        as_of: &as_of,
        console: con,
    };
    let result = ingest_all(&mut store, &loaded, inputs, &run)?;
    match args.format {
        Format::Text => {
            let mut out = receipts_text(&result.receipts, lang, con.quiet);
            out.push_str(&closing(&result, lang, con.quiet));
            crate::print(&out)?;
        }
        Format::Json => crate::print(&json_text(&RunJson::of(&result, lang))?)?,
    }
    Ok(exit_code(&result))
}

/// `ingest --format json`. The fields are in the order the document has always had them in
/// (alphabetical), here and in [`SkippedJson`].
#[derive(Serialize)]
struct RunJson {
    failures: Vec<String>,
    /// Each receipt as the ingest crate writes it.
    files: Vec<serde_json::Value>,
    rejects: Vec<String>,
    skipped: Vec<SkippedJson>,
}

#[derive(Serialize)]
struct SkippedJson {
    path: String,
    reason: String,
}

impl RunJson {
    fn of(result: &RunResult, lang: Lang) -> RunJson {
        RunJson {
            failures: result.failures.iter().map(ToString::to_string).collect(),
            files: result.receipts.iter().map(|r| r.to_json(lang)).collect(),
            rejects: result.rejects.iter().map(|p| p.display().to_string()).collect(),
            skipped: result
                .skipped
                .iter()
                .map(|s| SkippedJson {
                    path: s.path.display().to_string(),
                    reason: s.reason.text(lang),
                })
                .collect(),
        }
    }
}

/// The receipts as text, separated by blank lines; under `--quiet` only those of files not
/// taken whole (rejected rows, a file rejected or not stored): the ones that make the exit
/// status non-zero.
pub fn receipts_text(receipts: &[Receipt], lang: Lang, quiet: bool) -> String {
    if !quiet {
        return utblick_ingest::render_receipts(receipts, lang);
    }
    let texts: Vec<String> =
        receipts.iter().filter(|r| !r.is_clean()).map(|r| r.render(lang)).collect();
    texts.join("\n")
}

/// What follows the receipts: where the rejected rows are, what was passed over, the total.
/// Under `--quiet`, no total, and only the entries passed over that make the run fail.
pub fn closing(result: &RunResult, lang: Lang, quiet: bool) -> String {
    let mut out = String::new();
    for p in &result.rejects {
        out.push_str(&format!("{}: {}\n", lang.pick("avvisade rader", "rejected rows"), shown(p)));
    }
    for s in result.skipped.iter().filter(|s| !quiet || s.reason.matters()) {
        out.push_str(&format!(
            "{}: {}: {}\n",
            lang.pick("hoppade över", "skipped"),
            shown(&s.path),
            s.reason.text(lang)
        ));
    }
    for f in &result.failures {
        out.push_str(&format!("{}: {f}\n", lang.pick("fel", "error")));
    }
    if !quiet {
        out.push_str(&summary(&result.receipts, lang));
    }
    out
}

/// A path as one printed line: a file name from a sender cannot add lines of its own.
pub fn shown(path: &Path) -> String {
    utblick_core::printable(&path.display().to_string())
}

/// 2 when a file could not be read or stored at all (or its rejected rows not written), 1
/// when anything was rejected or an inbox entry that matters was passed over, else 0.
pub fn exit_code(result: &RunResult) -> ExitCode {
    ExitCode::from(exit_status(result))
}

/// As [`exit_code`], as a number, to take the worst of several runs.
pub fn exit_status(result: &RunResult) -> u8 {
    if result.receipts.iter().any(Receipt::is_unreadable) || !result.failures.is_empty() {
        2
    } else if result.receipts.iter().all(Receipt::is_clean)
        && !result.skipped.iter().any(|s| s.reason.matters())
    {
        0
    } else {
        1
    }
}

/// Row totals of the files read this time (an already ingested file's rows were counted the
/// time it went in).
pub struct Totals {
    pub stored: u64,
    pub unchanged: u64,
    pub rejected: u64,
}

pub fn totals(receipts: &[Receipt]) -> Totals {
    let fresh = || receipts.iter().filter(|r| !matches!(r.outcome, Outcome::AlreadyIngested(_)));
    Totals {
        stored: fresh().map(|r| r.counts.stored).sum(),
        unchanged: fresh().map(|r| r.counts.unchanged).sum(),
        rejected: fresh().map(|r| r.counts.rejected).sum(),
    }
}

/// How many files had each outcome, every file counted once: the words after the file count.
pub fn file_counts(receipts: &[Receipt], lang: Lang) -> String {
    let count = |f: fn(&Outcome) -> bool| receipts.iter().filter(|r| f(&r.outcome)).count();
    let new = count(|o| matches!(o, Outcome::Stored { .. }));
    let already = count(|o| matches!(o, Outcome::AlreadyIngested(_)));
    let mut parts = vec![
        match lang {
            Lang::Sv => format!("{new} {}", if new == 1 { "ny" } else { "nya" }),
            Lang::En => format!("{new} new"),
        },
        match lang {
            Lang::Sv => {
                format!("{already} redan {}", if already == 1 { "inläst" } else { "inlästa" })
            }
            Lang::En => format!("{already} already ingested"),
        },
    ];
    // (count, Swedish for one, Swedish for several, English)
    let others: [(usize, &str, &str, &str); 4] = [
        (count(|o| matches!(o, Outcome::DryRun)), "provkörd", "provkörda", "dry run"),
        (count(|o| matches!(o, Outcome::NothingNew)), "utan nytt", "utan nytt", "with nothing new"),
        (
            count(|o| matches!(o, Outcome::FileRejected(_) | Outcome::StrictRejected)),
            "avvisad helt",
            "avvisade helt",
            "rejected whole",
        ),
        (
            count(|o| matches!(o, Outcome::NotStored { .. })),
            "inte lagrad",
            "inte lagrade",
            "not stored",
        ),
    ];
    for (n, one, several, en) in others {
        if n > 0 {
            let word = match lang {
                Lang::Sv if n == 1 => one,
                Lang::Sv => several,
                Lang::En => en,
            };
            parts.push(format!("{n} {word}"));
        }
    }
    parts.join(", ")
}

/// One closing line: files and rows in total.
pub fn summary(receipts: &[Receipt], lang: Lang) -> String {
    let t = totals(receipts);
    let n = receipts.len();
    let files = file_counts(receipts, lang);
    match lang {
        Lang::Sv => format!(
            "totalt: {n} {} ({files}); rader {} lagrade, {} oförändrade, {} avvisade\n",
            if n == 1 { "fil" } else { "filer" },
            t.stored,
            t.unchanged,
            t.rejected,
        ),
        Lang::En => format!(
            "total: {n} {} ({files}); rows {} stored, {} unchanged, {} rejected\n",
            if n == 1 { "file" } else { "files" },
            t.stored,
            t.unchanged,
            t.rejected,
        ),
    }
}
