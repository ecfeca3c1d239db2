//! utblick-ingest: actor-reported CSV files into the store, nothing lost.
//!
//! Every data row of a file ends up stored, unchanged (already stored with the same value, or
//! an identical copy of an earlier row), or rejected with a reason and its line number:
//! `stored + unchanged + rejected = read`. A bad row is data ([`RowDiag`]), not an `Err`;
//! `Err` is for a file that cannot be read or a store that fails.

#![warn(missing_docs)]

mod kolada;
mod number;
mod problem;
mod reader;
mod receipt;
mod registry;
mod series;
mod validate;

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek, SeekFrom};

use sha2::{Digest, Sha256};
use utblick_core::Severity;
use utblick_store::{
    Begin, NewSubmission, PastSubmission, StagedRow, Store, StoreError, SubmissionTx,
};

use series::{BitSet, SeriesNumbers, Settled};

pub use kolada::{
    KOLADA, KoladaPage, KoladaValue, PageError, import_page, kolada_submitter, read_page,
    unknown_kpis,
};
pub use number::{NumberError, Parsed, parse_value};
pub use problem::{Problem, kind_words};
pub use reader::{
    Column, FileKind, FileProblem, Header, OpenQuote, RawRow, Rows, decode_field, normalise_header,
};
pub use receipt::{Receipt, rejects_csv, render_receipts};
pub use registry::{apply_updates, fields_of, update_of};
pub use utblick_core::Date;
pub use validate::{
    Checked, DEVIATION_LIMIT, Deviation, LONG_COMMENT, RowDiag, Rules, SeriesView, deviations,
    unit_slips, validate_row,
};

/// Why a file could not be ingested at all (a bad row is not one: it goes into the receipt).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The file as the user should see it named.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The largest submission read by default: 512 MiB (a national file of 4.7 million values is
/// 110 MB).
pub const MAX_FILE_SIZE: u64 = 512 << 20;

/// How to ingest a file: the command line's `--dry-run`, `--strict` and `--max-file-size`.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Validate and count, write nothing.
    pub dry_run: bool,
    /// Any error rejects the whole file.
    pub strict: bool,
    /// Larger files are rejected whole, unread.
    pub max_size: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options { dry_run: false, strict: false, max_size: MAX_FILE_SIZE }
    }
}

/// What happened to a file as a whole.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Its accepted rows are stored, as submission `id`.
    Stored {
        /// The submission's number in the store.
        id: i64,
    },
    /// `--dry-run`: counted as if stored, nothing written.
    DryRun,
    /// The same bytes came from the same sender before and went in whole; nothing changed.
    AlreadyIngested(PastSubmission),
    /// The same bytes came from the same sender before with rows rejected; read again, they
    /// bring nothing new (what was rejected then is rejected now). Nothing recorded.
    NothingNew,
    /// The file cannot be used at all; every data row is rejected.
    FileRejected(FileProblem),
    /// `--strict` and an error: nothing stored.
    StrictRejected,
    /// The store did not take the file (another writer held it too long, or it failed):
    /// nothing stored; the file can be sent again as it is. `waited` is set (in whole
    /// seconds) when another writer held the store.
    NotStored {
        /// What the store said.
        message: String,
        /// How long another writer held the store, in whole seconds; `None` for another failure.
        waited: Option<u64>,
    },
}

/// The rows a receipt lists as rejected, with the original fields, for the rejects file.
#[derive(Clone, Debug, PartialEq)]
pub struct RejectedRow {
    /// The row's first line in the file.
    pub line: u64,
    /// Its fields as read.
    pub fields: Vec<String>,
    /// Why it was rejected.
    pub reason: Reason,
}

/// Why a row was rejected; rendered in the receipt's language.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// Its own errors, which the receipt's diagnostics for its line give.
    Row,
    /// The whole file was rejected.
    File(FileProblem),
    /// `--strict`: rejected for the file's other errors.
    Strict,
}

/// The SHA-256 of what `input` gives (hex), and how many bytes that was.
fn sha256_hex<R: Read>(input: &mut R) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hasher.finalize().iter().map(|b| format!("{b:02x}")).collect(), size))
}

/// A receipt for a file rejected before its rows were looked at (e.g. an unknown submitter),
/// still counting its data rows so none goes unaccounted for.
pub fn reject_file<R: Read>(
    file_name: &str,
    submitter: &str,
    input: R,
    problem: FileProblem,
) -> Receipt {
    let mut receipt = Receipt::new(file_name, submitter);
    if let Ok(rows) = Rows::open(input) {
        reject_all(&mut receipt, rows, &problem);
    }
    receipt.outcome = Outcome::FileRejected(problem);
    receipt
}

/// Rejects every data row of a file for `problem`, keeping the rows for the rejects file.
/// When the first line is no header, it is a data row like the others.
fn reject_all<R: Read>(receipt: &mut Receipt, mut rows: Rows<R>, problem: &FileProblem) {
    let reason = Reason::File(problem.clone());
    receipt.header = rows.header.names.clone();
    if rows.header.problem == Some(FileProblem::NoHeader) {
        receipt.counts.read += 1;
        let first = std::mem::take(&mut receipt.header);
        receipt.reject(1, first, reason.clone());
    }
    while let Some(row) = rows.next_row() {
        let (line, fields) = row.map_or_else(|(l, _)| (l, Vec::new()), |r| (r.line, r.fields));
        receipt.counts.read += 1;
        receipt.reject(line, fields, reason.clone());
    }
}

/// Reads, checks and stores one file as one transaction.
pub fn ingest<R: Read + Seek>(
    store: &mut Store,
    rules: &Rules<'_>,
    file_name: &str,
    received_at: &str,
    mut input: R,
    options: Options,
) -> Result<Receipt, IngestError> {
    let io = |source| IngestError::Io { file: file_name.to_string(), source };
    let submitter = rules.submitter.id.as_str();
    let mut receipt = Receipt::new(file_name, submitter);

    // What the file is comes first (a gigabyte of zeros is "not text" at once); the bytes
    // are read whole only for a file that may be stored, and never past the limit.
    let rows = match Rows::open((&mut input).take(options.max_size)) {
        Ok(rows) => rows,
        Err(FileProblem::Csv(e)) => return Err(io(std::io::Error::other(e))),
        Err(problem) => {
            receipt.outcome = Outcome::FileRejected(problem);
            return Ok(receipt);
        }
    };
    if let Some(problem) = rows.header.problem.clone() {
        receipt.header = rows.header.names.clone();
        reject_all(&mut receipt, rows, &problem);
        receipt.outcome = Outcome::FileRejected(problem);
        return Ok(receipt);
    }
    drop(rows);
    input.seek(SeekFrom::Start(0)).map_err(io)?;
    let (sha256, size) = sha256_hex(&mut (&mut input).take(options.max_size + 1)).map_err(io)?;
    if size > options.max_size {
        let problem = FileProblem::TooLarge { size, limit: options.max_size };
        receipt.outcome = Outcome::FileRejected(problem);
        return Ok(receipt);
    }
    input.seek(SeekFrom::Start(0)).map_err(io)?;
    let changed = |_| io(std::io::Error::other("the file changed while it was read"));
    // Every later read stops at the bytes that were hashed, should the file grow meanwhile.
    let mut rows = Rows::open(input.take(size)).map_err(changed)?;
    let dimension = |h: &str| rules.catalogue.dimension_of_header(h).map(str::to_string);
    let kind = rows.header.kind;
    if kind == FileKind::Values {
        rows.header.claim_dimensions(dimension);
    }
    receipt.header = rows.header.names.clone();
    for (pos, name) in &rows.header.unknown {
        receipt.diagnostics.push(RowDiag {
            line: 1,
            column: Some(*pos),
            raw: name.clone(),
            problem: Problem::UnknownColumn { kind },
        });
    }

    let sub = NewSubmission {
        submitter: submitter.to_string(),
        file_name: file_name.to_string(),
        sha256,
        received_at: received_at.to_string(),
    };
    let mut tx = match store.begin(&sub)? {
        Begin::AlreadyIngested(past) => {
            // Nothing changes this time: what was stored then is unchanged now.
            let c = past.counts;
            receipt.counts = utblick_store::Counts {
                read: c.read,
                unchanged: c.read,
                ..utblick_store::Counts::default()
            };
            receipt.outcome = Outcome::AlreadyIngested(past);
            return Ok(receipt);
        }
        Begin::New(tx) => tx,
    };
    receipt.before = tx.before().cloned();
    if kind == FileKind::Registry {
        return ingest_updates(tx, rules, rows, receipt, options);
    }

    // Most files come indicator by indicator and actor by actor (Kolada's exports, the
    // project's template), with the genders of a period together or one after the other:
    // then the series of an indicator and actor are settled as soon as the next pair begins.
    // When a pair comes back after another began, what was written is taken back and the file
    // is read again with its rows staged, to come back series by series.
    let numbers = SeriesNumbers::new(rules);
    let value_col = rows.header.position(Column::Value);
    let comments = rows.header.position(Column::Comment).is_some();
    let header_diags = std::mem::take(&mut receipt.diagnostics);
    let before = receipt.before.take();
    let mut order = Order::AsRead;
    let (mut receipt, settled, staged_fields, rows) = loop {
        let mut receipt = Receipt::new(file_name, submitter);
        receipt.header = rows.header.names.clone();
        receipt.diagnostics = header_diags.clone();
        receipt.before = before.clone();
        let mut settled = Settled::new(rules, &numbers, !options.dry_run, value_col, comments);
        let mut staged_fields = BTreeMap::new();
        let strict_fields = options.strict.then_some(&mut staged_fields);
        let pass = Pass { tx: &mut tx, rules, numbers: &numbers, order };
        if pass.run(&mut rows, &mut receipt, &mut settled, strict_fields)? {
            break (receipt, settled, staged_fields, rows);
        }
        let mut input = rows.into_inner().into_inner();
        input.seek(SeekFrom::Start(0)).map_err(io)?;
        // The same bytes opened before; if not, the file changed while it was read.
        let changed = |_| io(std::io::Error::other("the file changed while it was read"));
        rows = Rows::open(input.take(size)).map_err(changed)?;
        rows.header.claim_dimensions(dimension);
        order = Order::Staged;
    };

    receipt.diagnostics.extend(settled.diagnostics);
    receipt.counts.rejected += settled.conflict_lines.len() as u64;
    receipt.counts.stored = settled.stored;
    receipt.counts.unchanged = settled.unchanged;
    receipt.counts.proposed = settled.proposed;
    receipt.counts.warnings =
        receipt.diagnostics.iter().filter(|d| d.problem.severity() == Severity::Warning).count()
            as u64;
    let conflict_lines = settled.conflict_lines;
    let has_errors = receipt.counts.rejected > 0;

    // Conflicting rows are only known now; their fields are read again for the rejects file
    // (in strict mode they are at hand).
    let mut input = rows.into_inner().into_inner();
    let conflict_fields = if options.strict {
        BTreeMap::new()
    } else {
        input.seek(SeekFrom::Start(0)).map_err(io)?;
        collect_lines(input.take(size), &conflict_lines)
    };
    for (line, fields) in conflict_fields {
        receipt.rejected.push(RejectedRow { line, fields, reason: Reason::Row });
    }

    if options.strict && has_errors {
        tx.rollback()?;
        for (line, fields) in staged_fields {
            let reason = if conflict_lines.contains(&line) { Reason::Row } else { Reason::Strict };
            receipt.rejected.push(RejectedRow { line, fields, reason });
        }
        receipt.reject_whole();
    } else {
        conclude(tx, &mut receipt, options.dry_run)?;
    }
    receipt.sort();
    Ok(receipt)
}

/// Reads, checks and stores an update file (registry entries) in its transaction: as a file of
/// values, one transaction, every row stored, unchanged or rejected, `--strict` and
/// `--dry-run` alike.
fn ingest_updates<R: Read>(
    tx: SubmissionTx<'_>,
    rules: &Rules<'_>,
    mut rows: Rows<R>,
    mut receipt: Receipt,
    options: Options,
) -> Result<Receipt, IngestError> {
    let read = registry::settle(&tx, rules, &mut rows, &mut receipt, !options.dry_run)?;
    receipt.counts.warnings =
        receipt.diagnostics.iter().filter(|d| d.problem.severity() == Severity::Warning).count()
            as u64;
    if options.strict && receipt.counts.rejected > 0 {
        tx.rollback()?;
        for (line, fields) in read.accepted_fields {
            receipt.rejected.push(RejectedRow { line, fields, reason: Reason::Strict });
        }
        receipt.reject_whole();
    } else {
        conclude(tx, &mut receipt, options.dry_run)?;
    }
    receipt.sort();
    Ok(receipt)
}

/// Ends a submission that was read: a dry run, or the same bytes sent again with nothing new,
/// is rolled back; anything else is committed with its counts.
pub(crate) fn conclude(
    tx: SubmissionTx<'_>,
    receipt: &mut Receipt,
    dry_run: bool,
) -> Result<(), StoreError> {
    if dry_run {
        tx.rollback()?;
        receipt.outcome = Outcome::DryRun;
    } else if receipt.before.is_some() && receipt.counts.stored == 0 {
        // Sent before and nothing new now: no second record of the same bytes.
        tx.rollback()?;
        receipt.outcome = Outcome::NothingNew;
    } else {
        let id = tx.id();
        tx.commit(receipt.counts)?;
        receipt.outcome = Outcome::Stored { id };
    }
    Ok(())
}

/// How a file's rows reach the series that settle them.
#[derive(Clone, Copy, PartialEq)]
enum Order {
    /// The series of an indicator and actor as soon as the next pair begins.
    AsRead,
    /// All rows staged first, then series by series.
    Staged,
}

struct Pass<'p, 't> {
    tx: &'p mut SubmissionTx<'t>,
    rules: &'p Rules<'p>,
    numbers: &'p SeriesNumbers,
    order: Order,
}

impl Pass<'_, '_> {
    /// Reads and checks every row and settles every series. `Ok(false)`: in
    /// [`Order::AsRead`], an indicator and actor came back after another pair began; what was
    /// written is taken back and the file must be read again, staged. `fields` (for `--strict`) keeps the fields of
    /// every accepted row.
    fn run<R: Read>(
        self,
        rows: &mut Rows<R>,
        receipt: &mut Receipt,
        settled: &mut Settled<'_>,
        mut fields: Option<&mut BTreeMap<u64, Vec<String>>>,
    ) -> Result<bool, IngestError> {
        // The blocks (indicator and actor) already settled, the one being read and its rows.
        let mut done = BitSet::new(self.numbers.blocks());
        // Where in the diagnostics each note said once per file is.
        let mut notes: std::collections::HashMap<&'static str, usize> = Default::default();
        let mut current: Option<u64> = None;
        let mut block_rows: Vec<(u64, StagedRow)> = Vec::new();
        let mut row = RawRow::default();
        while let Some(read) = rows.read_into(&mut row) {
            receipt.counts.read += 1;
            if let Err((line, e)) = read {
                let d =
                    RowDiag { line, column: None, raw: String::new(), problem: Problem::Csv(e) };
                receipt.reject(line, Vec::new(), Reason::Row);
                receipt.diagnostics.push(d);
                continue;
            }
            let (checked, diags) = validate_row(self.rules, &rows.header, &row);
            for d in diags {
                receipt.push_folding_notes(d, &mut notes);
            }
            let Some(checked) = checked else {
                receipt.reject(row.line, row.fields.clone(), Reason::Row);
                continue;
            };
            let number = self.numbers.number(&checked);
            let staged = StagedRow {
                line: row.line,
                period: checked.period,
                value: checked.value,
                comment: checked.comment.to_string(),
            };
            match self.order {
                Order::AsRead => {
                    let block = self.numbers.block(number);
                    if current != Some(block) {
                        if let Some(previous) = current {
                            settled.block(self.tx, std::mem::take(&mut block_rows))?;
                            done.insert(previous);
                        }
                        if done.contains(block) {
                            // Take back what was written; the file is read again, staged.
                            for b in done.iter() {
                                let (indicator, actor) = settled.block_name(b);
                                self.tx.unwrite(indicator, actor)?;
                            }
                            return Ok(false);
                        }
                        current = Some(block);
                    }
                    block_rows.push((number, staged));
                }
                Order::Staged => self.tx.stage(number, staged)?,
            }
            if let Some(fields) = fields.as_deref_mut() {
                fields.insert(row.line, row.fields.clone());
            }
        }
        match self.order {
            Order::AsRead => {
                if current.is_some() {
                    settled.block(self.tx, block_rows)?;
                }
            }
            Order::Staged => self
                .tx
                .for_each_staged_series(|tx, number, rows| settled.series(tx, number, rows))?,
        }
        Ok(true)
    }
}

/// Reads the fields of the given lines again (conflicting rows are only known after all rows
/// were staged), so that the rejects file holds them too.
fn collect_lines<R: Read>(input: R, lines: &HashSet<u64>) -> BTreeMap<u64, Vec<String>> {
    let mut out = BTreeMap::new();
    if lines.is_empty() {
        return out;
    }
    if let Ok(mut rows) = Rows::open(input) {
        while let Some(row) = rows.next_row() {
            if let Ok(r) = row
                && lines.contains(&r.line)
            {
                out.insert(r.line, r.fields);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use utblick_core::{FileId, parse_actors, parse_catalogue};

    /// Whether `text` is settled as read, without staging.
    fn settled_as_read(text: &str) -> bool {
        let mut diags = Vec::new();
        let actors = parse_actors(FileId(0), include_str!("../tests/data/actors.toml"), &mut diags);
        let catalogue =
            parse_catalogue(FileId(1), include_str!("../tests/data/catalogue.toml"), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let registry = utblick_core::Registry::default();
        let rules = Rules {
            catalogue: &catalogue,
            actors: &actors,
            submitter: &actors.list()[0],
            registry: &registry,
            submitted_on: Date::from_ymd(2023, 6, 15).unwrap(),
        };
        let mut store = Store::in_memory().unwrap();
        let sub = NewSubmission {
            submitter: "samordnare".into(),
            file_name: "f.csv".into(),
            sha256: "x".into(),
            received_at: "2023-06-15T12:00:00Z".into(),
        };
        let Begin::New(mut tx) = store.begin(&sub).unwrap() else { panic!() };
        let numbers = SeriesNumbers::new(&rules);
        let mut settled = Settled::new(&rules, &numbers, true, Some(4), false);
        let mut rows = Rows::open(text.as_bytes()).unwrap();
        let mut receipt = Receipt::new("f.csv", "samordnare");
        let pass = Pass { tx: &mut tx, rules: &rules, numbers: &numbers, order: Order::AsRead };
        let as_read = pass.run(&mut rows, &mut receipt, &mut settled, None).unwrap();
        assert_eq!(receipt.counts.rejected, 0, "{:?}", receipt.diagnostics);
        as_read
    }

    #[test]
    fn files_by_indicator_and_actor_are_settled_as_read_whatever_the_gender_order() {
        let h = "indikator;aktör;period;kön;värde\n";
        // Kolada's order: the genders of a year together.
        let by_year = "invanare;orebro;2021;T;3\ninvanare;orebro;2021;K;1\ninvanare;orebro;2021;M;2\n\
                       invanare;orebro;2022;T;3\ninvanare;orebro;2022;K;1\ninvanare;orebro;2022;M;2\n\
                       invanare;kumla;2022;T;3\n";
        assert!(settled_as_read(&format!("{h}{by_year}")));
        // One gender's years together.
        let by_gender = "invanare;orebro;2021;K;1\ninvanare;orebro;2022;K;1\n\
                         invanare;orebro;2021;M;2\ninvanare;orebro;2022;M;2\n\
                         invanare;kumla;2022;T;3\n";
        assert!(settled_as_read(&format!("{h}{by_gender}")));
        // Örebro again after Kumla: staged.
        let back = "invanare;orebro;2021;K;1\ninvanare;kumla;2022;T;3\ninvanare;1880;2022;K;1\n";
        assert!(!settled_as_read(&format!("{h}{back}")));
    }
}
