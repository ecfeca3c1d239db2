//! utblick-ingest: actor-reported CSV files into the store, nothing lost.
//!
//! Every data row of a file ends up stored, unchanged (already stored with the same value, or
//! an identical copy of an earlier row), or rejected with a reason and its line number:
//! `stored + unchanged + rejected = read`. A bad row is data ([`RowDiag`]), not an `Err`;
//! `Err` is for a file that cannot be read or a store that fails.

mod number;
mod problem;
mod reader;
mod receipt;
mod validate;

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek, SeekFrom};

use sha2::{Digest, Sha256};
use utblick_core::Severity;
use utblick_store::{Begin, NewSubmission, PastSubmission, Store, StoreError};

pub use number::{NumberError, parse_value};
pub use problem::Problem;
pub use reader::{Column, FileProblem, Header, RawRow, Rows, decode_field, normalise_header};
pub use receipt::{Receipt, rejects_csv, render_receipts};
pub use utblick_core::Date;
pub use validate::{
    DEVIATION_LIMIT, Deviation, LONG_COMMENT, RowDiag, Rules, deviations, validate_row,
};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    #[error("{file}: {source}")]
    Io { file: String, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Validate and count, write nothing.
    pub dry_run: bool,
    /// Any error rejects the whole file.
    pub strict: bool,
}

/// What happened to a file as a whole.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Its accepted rows are stored, as submission `id`.
    Stored { id: i64 },
    /// `--dry-run`: counted as if stored, nothing written.
    DryRun,
    /// The same bytes were stored before; nothing changed.
    AlreadyIngested(PastSubmission),
    /// The file cannot be used at all; every data row is rejected.
    FileRejected(FileProblem),
    /// `--strict` and an error: nothing stored.
    StrictRejected,
}

/// The rows a receipt lists as rejected, with the original fields, for the rejects file.
#[derive(Clone, Debug, PartialEq)]
pub struct RejectedRow {
    pub line: u64,
    pub fields: Vec<String>,
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

fn sha256_hex<R: Read>(input: &mut R) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
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
    let sha256 = sha256_hex(&mut input).map_err(io)?;
    input.seek(SeekFrom::Start(0)).map_err(io)?;
    let submitter = rules.submitter.id.as_str();
    let mut receipt = Receipt::new(file_name, submitter);

    let mut rows = match Rows::open(input) {
        Ok(rows) => rows,
        Err(FileProblem::Csv(e)) => return Err(io(std::io::Error::other(e))),
        Err(problem) => {
            receipt.outcome = Outcome::FileRejected(problem);
            return Ok(receipt);
        }
    };
    receipt.header = rows.header.names.clone();
    if let Some(problem) = rows.header.problem.clone() {
        reject_all(&mut receipt, rows, &problem);
        receipt.outcome = Outcome::FileRejected(problem);
        return Ok(receipt);
    }
    for (pos, name) in &rows.header.unknown {
        receipt.diagnostics.push(RowDiag {
            line: 1,
            column: Some(*pos),
            raw: name.clone(),
            problem: Problem::UnknownColumn,
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
                stored: 0,
                unchanged: c.stored + c.unchanged,
                rejected: c.rejected,
                warnings: 0,
            };
            receipt.outcome = Outcome::AlreadyIngested(past);
            return Ok(receipt);
        }
        Begin::New(tx) => tx,
    };

    // Pass 1: read, check and stage every row. Only the rejected rows are kept in memory.
    let value_col = rows.header.position(Column::Value);
    let mut staged_fields: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    while let Some(row) = rows.next_row() {
        receipt.counts.read += 1;
        let row = match row {
            Ok(row) => row,
            Err((line, e)) => {
                let d =
                    RowDiag { line, column: None, raw: String::new(), problem: Problem::Csv(e) };
                receipt.reject(line, Vec::new(), Reason::Row);
                receipt.diagnostics.push(d);
                continue;
            }
        };
        let (obs, diags) = validate_row(rules, &rows.header, &row);
        match obs {
            Some(obs) => {
                tx.stage(row.line, &obs)?;
                if options.strict {
                    staged_fields.insert(row.line, row.fields);
                }
            }
            None => receipt.reject(row.line, row.fields, Reason::Row),
        }
        receipt.diagnostics.extend(diags);
    }

    // Pass 2: rows with the same key. Conflicts are rejected whole; copies count once.
    let mut conflict_lines = HashSet::new();
    for group in tx.resolve_same_keys()? {
        let lines: Vec<u64> = group.rows.iter().map(|r| r.0).collect();
        for &(line, value) in &group.rows {
            let others: Vec<u64> = lines.iter().copied().filter(|&l| l != line).collect();
            let problem = if group.conflicting {
                conflict_lines.insert(line);
                Problem::Conflict { other_lines: others }
            } else if line != lines[0] {
                receipt.counts.unchanged += 1;
                Problem::DuplicateRow { first_line: lines[0] }
            } else {
                continue;
            };
            receipt.diagnostics.push(RowDiag {
                line,
                column: value_col,
                raw: value.to_string(),
                problem,
            });
        }
    }
    receipt.counts.rejected += conflict_lines.len() as u64;

    // Pass 3: values that stand out from the actor's own series.
    let mut found = Vec::new();
    tx.for_each_series(|s| {
        for (line, deviation) in deviations(&s.stored, &s.staged) {
            let value = s.staged.iter().find(|x| x.0 == line).map_or(0.0, |x| x.2);
            let problem = Problem::Deviation(deviation);
            found.push(RowDiag { line, column: value_col, raw: value.to_string(), problem });
        }
    })?;
    receipt.diagnostics.extend(found);

    let (stored, unchanged) = tx.apply()?;
    receipt.counts.stored = stored;
    receipt.counts.unchanged += unchanged;
    receipt.counts.warnings =
        receipt.diagnostics.iter().filter(|d| d.problem.severity() == Severity::Warning).count()
            as u64;
    let has_errors = receipt.counts.rejected > 0;

    // Conflicting rows are only known now; their fields are read again for the rejects file
    // (in strict mode they are at hand).
    let mut input = rows.into_inner();
    let conflict_fields = if options.strict {
        BTreeMap::new()
    } else {
        input.seek(SeekFrom::Start(0)).map_err(io)?;
        collect_lines(&mut input, &conflict_lines)
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
        receipt.counts.rejected = receipt.counts.read;
        receipt.counts.stored = 0;
        receipt.counts.unchanged = 0;
        receipt.outcome = Outcome::StrictRejected;
    } else if options.dry_run {
        tx.rollback()?;
        receipt.outcome = Outcome::DryRun;
    } else {
        let id = tx.id();
        tx.commit(receipt.counts)?;
        receipt.outcome = Outcome::Stored { id };
    }
    receipt.sort();
    Ok(receipt)
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
