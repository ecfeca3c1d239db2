//! The one error of a run: what stopped a command, with the error behind it kept as its
//! source. `main` prints its message (`utblick: …`) and exits with status 2.
//!
//! Every message says what was wrong and where; where a library or the system said why, its
//! words follow the colon as they always have, and the error itself stays the source.

use std::path::PathBuf;

use utblick_core::Lang;
use utblick_ingest::PageError;

use crate::files::ReadError;
use crate::kolada_fetch::FetchError;

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A file or folder named on the command line, or found in an inbox, could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: ReadError },
    /// A file read whole is not UTF-8 (the decoder's own words).
    #[error("cannot read {}: {source}", path.display())]
    Utf8 { path: PathBuf, source: std::string::FromUtf8Error },
    /// The entries of a folder could not be listed.
    #[error("cannot read the folder {}: {source}", path.display())]
    ReadFolder { path: PathBuf, source: std::io::Error },
    /// The plan file itself could not be read.
    #[error("cannot read the plan {}: {source}", path.display())]
    ReadPlan { path: PathBuf, source: ReadError },
    /// The folder a file is (or will be) in does not exist.
    #[error("cannot find the folder {}: {source}", path.display())]
    FindFolder { path: PathBuf, source: std::io::Error },
    /// A folder to write into could not be made.
    #[error("cannot create {}: {source}", path.display())]
    CreateFolder { path: PathBuf, source: std::io::Error },
    /// The folder of a new store could not be made.
    #[error("cannot create the folder {} for the store: {source}", path.display())]
    StoreFolder { path: PathBuf, source: std::io::Error },
    /// The scratch folder of a dry run could not be made.
    #[error("cannot make a temporary folder: {0}")]
    TempFolder(#[source] std::io::Error),
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    /// A file's rejected rows could not be written.
    #[error("cannot write the rejected rows to {}: {source}", path.display())]
    WriteRejects { path: PathBuf, source: std::io::Error },
    /// A page of an earlier fetch could not be removed to make way for the new ones.
    #[error("cannot replace {}: {source}", path.display())]
    Replace { path: PathBuf, source: std::io::Error },
    /// Standard output failed.
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] std::io::Error),
    /// The reader of standard output closed it: `main` ends quietly with status 0.
    #[error("standard output was closed")]
    StdoutClosed(#[source] std::io::Error),
    /// A CSV document could not be written (into memory: not seen so far).
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A JSON document could not be written (from serde-derived types: not seen so far).
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),

    /// The store failed.
    #[error(transparent)]
    Store(#[from] utblick_store::StoreError),
    /// A file could not be ingested at all.
    #[error(transparent)]
    Ingest(#[from] utblick_ingest::IngestError),
    /// The values could not be analysed.
    #[error(transparent)]
    Analysis(#[from] utblick_analysis::AnalysisError),
    /// The report could not be built.
    #[error(transparent)]
    Report(#[from] utblick_report::ReportError),
    /// The report failed after some of its files were written: the folder holds a mix of
    /// this run's files and earlier ones.
    #[error("{source}; the report in {} is incomplete, run it again once this is put right", out.display())]
    ReportIncomplete { out: PathBuf, source: utblick_report::ReportError },
    /// Next year's plan could not be made.
    #[error(transparent)]
    Rollover(#[from] utblick_core::RolloverError),
    /// Kolada's pages could not be fetched.
    #[error(transparent)]
    Fetch(#[from] FetchError),

    /// The plan loaded without a plan in it (its errors were told by the check).
    #[error("the plan could not be read")]
    PlanNotRead,
    /// The plan has errors: a command other than `plan check` does not go on with it.
    #[error(
        "the plan {} has errors; run `utblick plan check {}` and correct them first",
        path.display(),
        path.display()
    )]
    PlanHasErrors { path: PathBuf },
    /// A command that reads the store was given one that does not exist.
    #[error("no store at {}; run `utblick ingest` first", path.display())]
    NoStore { path: PathBuf },
    /// Saved Kolada pages that do not read (`followup`), each with its place and hint.
    #[error(
        "the Kolada pages in {} do not read:\n{}",
        crate::ingest::shown(.dir),
        crate::kolada::render_page_errors(.errors, *.lang)
    )]
    KoladaPages { dir: PathBuf, errors: Vec<PageError>, lang: Lang },
    /// What the arguments ask cannot be done, in words composed for the user; there is no
    /// error behind it.
    #[error("{0}")]
    Message(String),
}

impl CliError {
    /// A message composed for the user, with no error behind it.
    pub fn message(text: impl Into<String>) -> CliError {
        CliError::Message(text.into())
    }
}

/// A CSV in memory as Swedish Excel opens it: `;` between cells, CRLF, and a BOM first.
pub fn excel_csv() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec())
}

/// A CSV in memory in a template's dialect, and the language of its header and numbers:
/// Swedish Excel's (see [`excel_csv`]) in Swedish, or plain CSV (`,`, LF, no BOM) in English.
pub fn dialect_csv(dialect: crate::args::Dialect) -> (csv::Writer<Vec<u8>>, utblick_core::Lang) {
    match dialect {
        crate::args::Dialect::Excel => (excel_csv(), utblick_core::Lang::Sv),
        crate::args::Dialect::Comma => (
            csv::WriterBuilder::new()
                .delimiter(b',')
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new()),
            utblick_core::Lang::En,
        ),
    }
}

/// The bytes a CSV writer into memory holds, its last buffer flushed.
pub fn csv_bytes(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, CliError> {
    w.into_inner().map_err(|e| CliError::Csv(e.into_error().into()))
}

/// `doc` as pretty JSON and a line break, as every JSON document the CLI prints.
pub fn json_text<T: serde::Serialize + ?Sized>(doc: &T) -> Result<String, CliError> {
    let mut s = serde_json::to_string_pretty(doc)?;
    s.push('\n');
    Ok(s)
}
