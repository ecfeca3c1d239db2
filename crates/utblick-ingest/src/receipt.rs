//! The receipt a sender gets back for a file, and the CSV of its rejected rows.

use utblick_core::{Lang, Severity};
use utblick_store::{Counts, PastSubmission, StoreError};

use crate::problem::Problem;
use crate::reader::FileProblem;
use crate::validate::RowDiag;
use crate::{Outcome, Reason, RejectedRow};

/// What became of one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Receipt {
    /// The file as the sender should see it named.
    pub file_name: String,
    /// Who sent it: an actor id, or a source (`kolada`).
    pub submitter: String,
    /// What became of the file as a whole.
    pub outcome: Outcome,
    /// What became of its rows.
    pub counts: Counts,
    /// Sorted by line and column.
    pub diagnostics: Vec<RowDiag>,
    /// Sorted by line.
    pub rejected: Vec<RejectedRow>,
    /// The file's header fields, for the rejects file.
    pub header: Vec<String>,
    /// The same bytes from the same sender, sent before with rows rejected.
    pub before: Option<PastSubmission>,
    /// For a source's page: values for places, indicators or genders the plan does not
    /// follow, not read (and not among the counts).
    pub unused: u64,
}

/// Shortens what a message quotes from the file: a 50 MB cell must not become a 50 MB message.
/// Control characters (a line break, or an escape sequence that would restyle the terminal)
/// are shown as `�`.
fn shorten(raw: &str) -> String {
    const MAX: usize = 60;
    if raw.chars().count() <= MAX {
        return utblick_core::printable(raw);
    }
    let head: String = raw.chars().take(MAX).collect();
    format!("{}… ({} tecken)", utblick_core::printable(&head), raw.chars().count())
}

impl Receipt {
    /// `--strict` turned a file with a rejected row down whole: every row read counts as
    /// rejected, nothing as stored.
    pub(crate) fn reject_whole(&mut self) {
        self.counts.rejected = self.counts.read;
        self.counts.stored = 0;
        self.counts.unchanged = 0;
        self.counts.proposed = 0;
        self.outcome = Outcome::StrictRejected;
    }

    /// Adds a row's diagnostic; a note about how numbers are written is said once per file,
    /// with a count (`notes` remembers where each note's first stands).
    pub(crate) fn push_folding_notes(
        &mut self,
        d: RowDiag,
        notes: &mut std::collections::HashMap<&'static str, usize>,
    ) {
        if d.problem.is_file_note() {
            let code = d.problem.code();
            if let Some(&at) = notes.get(code) {
                if let Some(count) = self.diagnostics[at].problem.file_note_count() {
                    *count += 1;
                }
                return;
            }
            notes.insert(code, self.diagnostics.len());
        }
        self.diagnostics.push(d);
    }

    /// The receipt of a file from `submitter`, nothing counted yet; its outcome is a dry run
    /// until said otherwise.
    pub fn new(file_name: &str, submitter: &str) -> Receipt {
        Receipt {
            file_name: file_name.to_string(),
            submitter: submitter.to_string(),
            outcome: Outcome::DryRun,
            counts: Counts::default(),
            diagnostics: Vec::new(),
            rejected: Vec::new(),
            header: Vec::new(),
            before: None,
            unused: 0,
        }
    }

    /// The receipt of a file the store did not take: nothing of it was stored.
    pub fn not_stored(file_name: &str, submitter: &str, error: &StoreError) -> Receipt {
        let mut r = Receipt::new(file_name, submitter);
        let waited = match error {
            StoreError::Locked { waited, .. } => Some(waited.as_secs()),
            e if e.is_busy() => Some(0),
            _ => None,
        };
        r.outcome = Outcome::NotStored { message: error.to_string(), waited };
        r
    }

    /// Records a rejected data row.
    pub(crate) fn reject(&mut self, line: u64, fields: Vec<String>, reason: Reason) {
        self.counts.rejected += 1;
        self.rejected.push(RejectedRow { line, fields, reason });
    }

    /// Why a row was rejected, in words.
    pub fn reason_text(&self, row: &RejectedRow, lang: Lang) -> String {
        match &row.reason {
            Reason::Row => self
                .diagnostics
                .iter()
                .filter(|d| d.line == row.line && d.problem.severity() == Severity::Error)
                .map(|d| d.problem.message(lang, &shorten(&d.raw)))
                .collect::<Vec<_>>()
                .join("; "),
            Reason::File(p) => p.message(lang),
            Reason::Strict => Problem::StrictRejected.message(lang, ""),
        }
    }

    pub(crate) fn sort(&mut self) {
        self.diagnostics.sort_by_key(|d| (d.line, d.column.unwrap_or(0)));
        self.rejected.sort_by_key(|r| r.line);
    }

    /// Nothing was rejected: the file went in whole (or was already in).
    pub fn is_clean(&self) -> bool {
        self.counts.rejected == 0
            && !matches!(
                self.outcome,
                Outcome::FileRejected(_) | Outcome::StrictRejected | Outcome::NotStored { .. }
            )
    }

    /// The file could not be read or stored at all: a reason to exit with status 2.
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::FileRejected(
                FileProblem::Binary
                    | FileProblem::Csv(_)
                    | FileProblem::NotRegular(_)
                    | FileProblem::TooLarge { .. }
            ) | Outcome::NotStored { .. }
        )
    }

    /// What happened to the same bytes the time before, in a line, if they came before.
    fn before_line(&self, lang: Lang) -> Option<String> {
        let p = self.before.as_ref()?;
        let c = p.counts;
        Some(match lang {
            Lang::Sv => format!(
                "  samma fil skickades förut som inskick {} den {}: {} lagrade, {} avvisade\n",
                p.id, p.received_at, c.stored, c.rejected
            ),
            Lang::En => format!(
                "  the same file was sent before as submission {} on {}: {} stored, {} rejected\n",
                p.id, p.received_at, c.stored, c.rejected
            ),
        })
    }

    fn column_name(&self, pos: usize) -> &str {
        self.header.get(pos).map_or("", |s| s.trim_start_matches('\u{feff}').trim())
    }

    /// The receipt as text: a head line, the counts, then each diagnostic with its hint. The
    /// file and sender names are shown on one line each: a name cannot add lines of its own.
    pub fn render(&self, lang: Lang) -> String {
        let mut s = String::new();
        let file = utblick_core::printable(&self.file_name);
        let (err, warn, hint, col) = match lang {
            Lang::Sv => ("fel", "varning", "tips", "kolumn"),
            Lang::En => ("error", "warning", "hint", "column"),
        };
        let outcome = match (&self.outcome, lang) {
            (Outcome::Stored { id }, Lang::Sv) => format!("lagrad som inskick {id}"),
            (Outcome::Stored { id }, Lang::En) => format!("stored as submission {id}"),
            (Outcome::DryRun, Lang::Sv) => "provkörning (--dry-run), inget sparat".into(),
            (Outcome::DryRun, Lang::En) => "dry run (--dry-run), nothing written".into(),
            (Outcome::AlreadyIngested(p), Lang::Sv) => format!(
                "redan inläst som inskick {} den {} ({}); inget ändrat",
                p.id, p.received_at, p.file_name
            ),
            (Outcome::AlreadyIngested(p), Lang::En) => format!(
                "already ingested as submission {} on {} ({}); nothing changed",
                p.id, p.received_at, p.file_name
            ),
            (Outcome::NothingNew, Lang::Sv) => "inget nytt att lagra; inget ändrat".into(),
            (Outcome::NothingNew, Lang::En) => "nothing new to store; nothing changed".into(),
            (Outcome::NotStored { waited: Some(s), .. }, Lang::Sv) => {
                format!("inte lagrad: lagret var låst av en annan inläsning i {s} s")
            }
            (Outcome::NotStored { waited: Some(s), .. }, Lang::En) => {
                format!("not stored: the store was locked by another writer for {s} s")
            }
            (Outcome::NotStored { message, waited: None }, Lang::Sv) => {
                format!("inte lagrad: {message}")
            }
            (Outcome::NotStored { message, waited: None }, Lang::En) => {
                format!("not stored: {message}")
            }
            (Outcome::FileRejected(p), Lang::Sv) => {
                format!("hela filen avvisad: {}", p.message(lang))
            }
            (Outcome::FileRejected(p), Lang::En) => {
                format!("whole file rejected: {}", p.message(lang))
            }
            (Outcome::StrictRejected, Lang::Sv) => {
                "hela filen avvisad (--strict): inget sparat".into()
            }
            (Outcome::StrictRejected, Lang::En) => {
                "whole file rejected (--strict): nothing written".into()
            }
        };
        let by = lang.pick("avsändare", "submitter");
        s.push_str(&format!(
            "{file} ({by} {}): {}\n",
            utblick_core::printable(&self.submitter),
            utblick_core::printable(&outcome)
        ));
        let c = self.counts;
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let proposed = match (c.proposed, lang) {
            (0, _) => String::new(),
            (n, Lang::Sv) => format!(" ({n} som förslag)"),
            (n, Lang::En) => format!(" ({n} as proposals)"),
        };
        s.push_str(&match lang {
            Lang::Sv => format!(
                "  rader: {} lästa, {} lagrade{proposed}, {} oförändrade, {} avvisade, {}\n",
                c.read,
                c.stored,
                c.unchanged,
                c.rejected,
                plural(c.warnings, "varning", "varningar")
            ),
            Lang::En => format!(
                "  rows: {} read, {} stored{proposed}, {} unchanged, {} rejected, {}\n",
                c.read,
                c.stored,
                c.unchanged,
                c.rejected,
                plural(c.warnings, "warning", "warnings")
            ),
        });
        if let Some(line) = self.before_line(lang) {
            s.push_str(&line);
        }
        if self.unused > 0 {
            s.push_str(&crate::kolada::unused_line(self.unused, lang));
        }
        if let Outcome::NotStored { waited, .. } = &self.outcome {
            let what = match (waited.is_some(), lang) {
                (true, Lang::Sv) => {
                    "en annan inläsning skrev till lagret; kör igen, eller vänta längre med --lock-timeout"
                }
                (true, Lang::En) => {
                    "another ingest was writing to the store; run again, or wait longer with --lock-timeout"
                }
                (false, Lang::Sv) => "filen är oförändrad och kan skickas in igen som den är",
                (false, Lang::En) => "the file is untouched and can be sent again as it is",
            };
            s.push_str(&format!(
                "{file}:1:1: {err}[not-stored]: {}\n  {hint}: {what}\n",
                lang.pick("ingenting ur filen lagrades", "nothing of the file was stored")
            ));
        }
        if let Outcome::FileRejected(p) = &self.outcome {
            s.push_str(&format!("{file}:1:1: {err}[{}]: {}\n", p.code(), p.message(lang)));
            s.push_str(&format!("  {hint}: {}\n", p.hint(lang)));
        }
        for d in &self.diagnostics {
            let sev = match d.problem.severity() {
                Severity::Error => err,
                Severity::Warning => warn,
            };
            let column = d.column.map_or(1, |c| c + 1);
            let named = match d.column {
                Some(c) if !matches!(d.problem, Problem::UnknownColumn { .. }) => {
                    format!(" ({col} {})", utblick_core::printable(self.column_name(c)))
                }
                _ => String::new(),
            };
            s.push_str(&format!(
                "{file}:{}:{}: {sev}[{}]: {}{named}\n  {hint}: {}\n",
                d.line,
                column,
                d.problem.code(),
                d.problem.message(lang, &shorten(&d.raw)),
                d.problem.hint(lang),
            ));
        }
        s
    }

    /// The receipt as JSON (`ingest --format json`): the outcome, the row counts, the same
    /// bytes' submission before, and each diagnostic with its message and hint in `lang`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let outcome = match &self.outcome {
            Outcome::Stored { id } => OutcomeJson::Stored { kind: "stored", submission: *id },
            Outcome::DryRun => OutcomeJson::Kind { kind: "dry-run" },
            Outcome::AlreadyIngested(p) => OutcomeJson::AlreadyIngested {
                kind: "already-ingested",
                submission: p.id,
                received_at: &p.received_at,
            },
            Outcome::FileRejected(p) => OutcomeJson::FileRejected {
                kind: "file-rejected",
                code: p.code(),
                message: p.message(lang),
                hint: p.hint(lang),
            },
            Outcome::StrictRejected => OutcomeJson::Kind { kind: "strict-rejected" },
            Outcome::NothingNew => OutcomeJson::Kind { kind: "nothing-new" },
            Outcome::NotStored { message, waited } => {
                OutcomeJson::NotStored { kind: "not-stored", message, waited_s: *waited }
            }
        };
        let before = self.before.as_ref().map(|p| BeforeJson {
            submission: p.id,
            received_at: &p.received_at,
            file: &p.file_name,
            stored: p.counts.stored,
            rejected: p.counts.rejected,
        });
        let diagnostics = self
            .diagnostics
            .iter()
            .map(|d| DiagnosticJson {
                line: d.line,
                column: d.column.map(|c| c + 1),
                column_name: d.column.map(|c| self.column_name(c)),
                severity: d.problem.severity().as_str(),
                code: d.problem.code(),
                raw: shorten(&d.raw),
                message: d.problem.message(lang, &shorten(&d.raw)),
                hint: d.problem.hint(lang),
            })
            .collect();
        let json = ReceiptJson {
            file: &self.file_name,
            submitter: &self.submitter,
            outcome,
            rows: RowsJson {
                read: self.counts.read,
                stored: self.counts.stored,
                unchanged: self.counts.unchanged,
                rejected: self.counts.rejected,
                warnings: self.counts.warnings,
                proposed: self.counts.proposed,
                unused: self.unused,
            },
            before,
            diagnostics,
        };
        // Through a `Value`, whose map orders the keys (serde_json without `preserve_order`),
        // as every receipt has always had them.
        serde_json::to_value(json).unwrap_or_default()
    }
}

/// A receipt as JSON: the shape `--format json` prints.
#[derive(serde::Serialize)]
struct ReceiptJson<'a> {
    file: &'a str,
    submitter: &'a str,
    outcome: OutcomeJson<'a>,
    rows: RowsJson,
    /// The same bytes sent before, when they were.
    before: Option<BeforeJson<'a>>,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

/// What became of the file, by its `kind`.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum OutcomeJson<'a> {
    Stored { kind: &'static str, submission: i64 },
    Kind { kind: &'static str },
    AlreadyIngested { kind: &'static str, submission: i64, received_at: &'a str },
    FileRejected { kind: &'static str, code: &'static str, message: String, hint: String },
    NotStored { kind: &'static str, message: &'a str, waited_s: Option<u64> },
}

#[derive(serde::Serialize)]
struct RowsJson {
    read: u64,
    stored: u64,
    unchanged: u64,
    rejected: u64,
    warnings: u64,
    proposed: u64,
    unused: u64,
}

#[derive(serde::Serialize)]
struct BeforeJson<'a> {
    submission: i64,
    received_at: &'a str,
    file: &'a str,
    stored: u64,
    rejected: u64,
}

/// A finding, its column counted from 1.
#[derive(serde::Serialize)]
struct DiagnosticJson<'a> {
    line: u64,
    column: Option<usize>,
    column_name: Option<&'a str>,
    severity: &'static str,
    code: &'static str,
    raw: String,
    message: String,
    hint: String,
}

/// Several receipts as text, separated by blank lines.
pub fn render_receipts(receipts: &[Receipt], lang: Lang) -> String {
    receipts.iter().map(|r| r.render(lang)).collect::<Vec<_>>().join("\n")
}

/// The rejected rows as a CSV for Swedish Excel (`;`, UTF-8 with BOM, CRLF): the line number,
/// the reason, then the row as it was sent.
pub fn rejects_csv(receipt: &Receipt, lang: Lang) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut head =
        vec![lang.pick("rad", "line").to_string(), lang.pick("fel", "error").to_string()];
    head.extend(
        receipt
            .header
            .iter()
            .map(|h| utblick_core::spreadsheet_safe(h.trim_start_matches('\u{feff}'))),
    );
    let _ = w.write_record(&head);
    for r in &receipt.rejected {
        let mut rec =
            vec![r.line.to_string(), utblick_core::spreadsheet_safe(&receipt.reason_text(r, lang))];
        rec.extend(r.fields.iter().map(|f| utblick_core::spreadsheet_safe(f)));
        let _ = w.write_record(&rec);
    }
    w.into_inner().unwrap_or_default()
}
