//! Update files: the actors' updates of their own registry entries (`registerpost;fält;år;värde`),
//! read by the same reader and stored in the same kind of submission as indicator values, with
//! the same receipt.
//!
//! Every row ends up stored, unchanged (equal to the stored update, an identical copy of an
//! earlier row, or a row whose value is left blank, as a template row nobody filled in) or
//! rejected with its reason. An actor updates only the entries the registry gives it
//! ([`Registry::owner`]); the coordinator may update any. Update files are small (a row per
//! entry, field and year), so their checked rows are held until the file is read: same-key
//! rows and the meetings of a year are only known then.

use std::collections::{BTreeMap, HashMap};

use utblick_core::{
    Date, EntryKind, ProjectStatus, Registry, Severity, UPDATE_FIELDS, Update, UpdateField,
    did_you_mean, update_field,
};
use utblick_store::{NewRegistryUpdate, RegistryUpdate, StoreError, SubmissionTx};

use crate::number::parse_value;
use crate::problem::Problem;
use crate::reader::{Column, Header, RawRow, Rows};
use crate::receipt::Receipt;
use crate::validate::{LONG_COMMENT, RowDiag, Rules, cell};
use crate::{Reason, RejectedRow};

/// What a field's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueKind {
    Status,
    Date,
    Amount,
    Count,
    Text,
}

fn value_kind(field: &UpdateField) -> Option<ValueKind> {
    Some(match field.name {
        "status" => ValueKind::Status,
        "beslut" => ValueKind::Date,
        "beviljat" => ValueKind::Amount,
        "möten" | "politiska möten" | "utbyten" => ValueKind::Count,
        "resultat" | "aktiviteter" => ValueKind::Text,
        _ => return None,
    })
}

/// A field's value, read.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Status(ProjectStatus),
    Date(Date),
    Amount(f64),
    Count(u32),
    Text(String),
}

impl Value {
    /// The value as the store keeps it: one text per value, read back by [`update_of`].
    fn canonical(&self) -> String {
        match self {
            Value::Status(s) => s.as_str().to_string(),
            Value::Date(d) => d.to_string(),
            Value::Amount(x) => x.to_string(),
            Value::Count(n) => n.to_string(),
            Value::Text(t) => t.clone(),
        }
    }
}

/// The update a field's value for a year makes.
fn make_update(field: &UpdateField, year: Option<i32>, value: Value) -> Option<Update> {
    let y = || year.filter(|_| field.per_year);
    Some(match (field.name, value) {
        ("status", Value::Status(s)) => Update::Status(s),
        ("beslut", Value::Date(d)) => Update::Decided(d),
        ("beviljat", Value::Amount(x)) => Update::Grant(x),
        ("resultat", Value::Text(t)) => Update::Result(y()?, t),
        ("möten", Value::Count(n)) => Update::Meetings(y()?, n),
        ("politiska möten", Value::Count(n)) => Update::PoliticalMeetings(y()?, n),
        ("utbyten", Value::Count(n)) => Update::Exchanges(y()?, n),
        ("aktiviteter", Value::Text(t)) => Update::Activity(y()?, t),
        _ => return None,
    })
}

/// The update a stored one makes, read back from its canonical text; `None` when it no longer
/// names a field, or its value does not read (it was written by ingest, so it does).
pub fn update_of(stored: &RegistryUpdate) -> Option<Update> {
    let field = update_field(&stored.field)?;
    let text = stored.value.as_str();
    let value = match value_kind(field)? {
        ValueKind::Status => Value::Status(ProjectStatus::parse(text)?),
        ValueKind::Date => Value::Date(text.parse().ok()?),
        ValueKind::Amount => Value::Amount(text.parse().ok().filter(|x: &f64| x.is_finite())?),
        ValueKind::Count => Value::Count(text.parse().ok()?),
        ValueKind::Text => Value::Text(text.to_string()),
    };
    make_update(field, stored.year, value)
}

/// The registry with the stored updates applied, in the order given (the store's current ones,
/// one per entry, field and year). An update that no longer fits its entry (the entry left the
/// registry, or became another kind) is left out.
pub fn apply_updates(registry: &Registry, updates: &[RegistryUpdate]) -> Registry {
    let mut out = registry.clone();
    for u in updates {
        if let Some(update) = update_of(u) {
            out.apply(&u.entry, &update);
        }
    }
    out
}

/// One checked row of an update file.
struct UpdateRow {
    line: u64,
    entry: String,
    field: &'static UpdateField,
    year: Option<i32>,
    /// The value in its canonical text.
    value: String,
    update: Update,
    comment: String,
    fields: Vec<String>,
}

/// What a row that passed its checks says.
enum Checked {
    /// An update of an entry's field.
    Update(UpdateRow),
    /// The value is left blank (a template row not filled in): nothing to update.
    Blank,
}

/// The entries a sender may update, to suggest among and list: its own, or every one for the
/// coordinator; only of the kinds an update file can set a field of.
struct Entries<'a> {
    own: Vec<String>,
    candidates: Vec<&'a str>,
}

impl<'a> Entries<'a> {
    fn new(rules: &Rules<'a>) -> Entries<'a> {
        let me = rules.submitter.id.as_str();
        let mut own = Vec::new();
        let mut candidates = Vec::new();
        let updatable = |kind: EntryKind| UPDATE_FIELDS.iter().any(|f| f.kind == kind);
        for (_, id) in rules.registry.ids().into_iter().filter(|(k, _)| updatable(*k)) {
            let mine = rules.registry.owner(&id.value).is_some_and(|(_, o)| o == me);
            if mine {
                own.push(id.value.clone());
            }
            if mine || rules.submitter.coordinator {
                candidates.push(id.value.as_str());
            }
        }
        Entries { own, candidates }
    }
}

/// Reads a value of `kind`; how a number was read (a thousands separator, a mark that might
/// have been one) goes to `note`, for a value that is taken.
fn read_value(kind: ValueKind, raw: &str, mut note: impl FnMut(Problem)) -> Option<Value> {
    let mut number = |ok: fn(f64) -> bool| -> Option<f64> {
        let p = parse_value(raw).ok()?;
        let x = p.value.number().filter(|x| ok(*x))?;
        if let Some(mark) = p.thousands {
            note(Problem::ThousandsSeparator { mark, read_as: x, count: 1 });
        }
        if let Some(mark) = p.ambiguous {
            note(Problem::AmbiguousDecimal { mark, read_as: x, count: 1 });
        }
        Some(x)
    };
    Some(match kind {
        ValueKind::Status => Value::Status(ProjectStatus::parse(raw)?),
        ValueKind::Date => Value::Date(raw.parse().ok()?),
        ValueKind::Amount => Value::Amount(number(|x| x >= 0.0)?),
        ValueKind::Count => {
            Value::Count(
                number(|x| x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX))? as u32
            )
        }
        ValueKind::Text => Value::Text(raw.to_string()),
    })
}

/// Checks one row of an update file; `None` when any error was found.
fn check_row(
    rules: &Rules<'_>,
    entries: &Entries<'_>,
    header: &Header,
    row: &RawRow,
) -> (Option<Checked>, Vec<RowDiag>) {
    let mut diags = Vec::new();
    let mut push = |column: Option<usize>, raw: &str, problem: Problem| {
        diags.push(RowDiag { line: row.line, column, raw: raw.to_string(), problem });
    };
    if let Some(q) = row.open_quote {
        let problem = Problem::UnbalancedQuote { line: q.line, end_line: q.end_line };
        push(Some(q.field), "", problem);
    }
    if row.fields.len() != header.names.len() {
        let problem = Problem::FieldCount { found: row.fields.len(), expected: header.names.len() };
        push(None, "", problem);
        return (None, diags);
    }

    let (ec, entry) = cell(row, header, Column::Entry);
    let kind: Option<EntryKind> = match rules.registry.owner(entry) {
        None => {
            let suggestion =
                did_you_mean(entry, entries.candidates.iter().copied()).map(str::to_string);
            push(ec, entry, Problem::UnknownEntry { suggestion, own: entries.own.clone() });
            None
        }
        Some((kind, owner)) => {
            if owner != rules.submitter.id && !rules.submitter.coordinator {
                let problem = Problem::NotOwnEntry {
                    submitter: rules.submitter.id.clone(),
                    owner: owner.to_string(),
                };
                push(ec, entry, problem);
            }
            Some(kind)
        }
    };

    let (fc, field_raw) = cell(row, header, Column::Field);
    let field = match update_field(field_raw) {
        None => {
            push(fc, field_raw, Problem::UnknownField { kind });
            None
        }
        Some(f) => match kind {
            Some(k) if f.kind != k => {
                push(fc, field_raw, Problem::FieldNotOfKind { kind: k });
                None
            }
            _ => Some(f),
        },
    };

    // A field not given per year takes no year: the cell may be empty, or anything.
    let (yc, year_raw) = cell(row, header, Column::Year);
    let mut year = None;
    if let Some(f) = field.filter(|f| f.per_year) {
        if year_raw.is_empty() {
            push(yc, year_raw, Problem::YearRequired { field: f.name });
        } else {
            match year_raw.parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => year = Some(y),
                _ => push(yc, year_raw, Problem::BadYear),
            }
        }
    }

    let (vc, value_raw) = cell(row, header, Column::Value);
    let mut value = None;
    let mut blank = false;
    if let Some(f) = field {
        if value_raw.is_empty() {
            blank = true;
        } else if let Some(kind) = value_kind(f) {
            let mut notes = Vec::new();
            value = read_value(kind, value_raw, |p| notes.push(p));
            for n in notes {
                push(vc, value_raw, n);
            }
        }
        if value.is_none() && !blank {
            push(vc, value_raw, Problem::BadUpdateValue { field: f.name });
        }
    }

    let (cc, comment) = cell(row, header, Column::Comment);
    let chars = comment.chars().count();
    if chars > LONG_COMMENT {
        push(cc, "", Problem::LongComment { chars });
    }

    // (A field given per year always has its year here, or an error was said; a value was read
    // only for a field whose kind of value is known.)
    let made = field.zip(value).and_then(|(f, v)| {
        let text = v.canonical();
        Some((f, text, make_update(f, year, v)?))
    });
    if diags.iter().any(|d| d.problem.severity() == Severity::Error) {
        return (None, diags);
    }
    if blank {
        return (Some(Checked::Blank), diags);
    }
    let Some((field, text, update)) = made else { return (None, diags) };
    let checked = UpdateRow {
        line: row.line,
        entry: entry.to_string(),
        field,
        year,
        value: text,
        update,
        comment: comment.to_string(),
        fields: row.fields.clone(),
    };
    (Some(Checked::Update(checked)), diags)
}

/// What the rows of an update file came to.
pub(crate) struct Read {
    /// The fields of every row that passed its checks, by line (for `--strict`, whose
    /// rejects file lists them all).
    pub accepted_fields: BTreeMap<u64, Vec<String>>,
}

/// Reads, checks and settles every row of an update file in `tx`: the receipt gets the counts,
/// the diagnostics and the rejected rows; what is new is written unless `write` is off.
pub(crate) fn settle<R: std::io::Read>(
    tx: &SubmissionTx<'_>,
    rules: &Rules<'_>,
    rows: &mut Rows<R>,
    receipt: &mut Receipt,
    write: bool,
) -> Result<Read, StoreError> {
    let entries = Entries::new(rules);
    let comments = rows.header.position(Column::Comment).is_some();
    let value_col = rows.header.position(Column::Value);
    let mut notes: HashMap<&'static str, usize> = HashMap::new();
    let mut checked: Vec<UpdateRow> = Vec::new();
    let mut accepted_fields = BTreeMap::new();
    let mut row = RawRow::default();
    while let Some(read) = rows.read_into(&mut row) {
        receipt.counts.read += 1;
        if let Err((line, e)) = read {
            let d = RowDiag { line, column: None, raw: String::new(), problem: Problem::Csv(e) };
            receipt.reject(line, Vec::new(), Reason::Row);
            receipt.diagnostics.push(d);
            continue;
        }
        let (outcome, diags) = check_row(rules, &entries, &rows.header, &row);
        for d in diags {
            receipt.push_folding_notes(d, &mut notes);
        }
        match outcome {
            None => receipt.reject(row.line, row.fields.clone(), Reason::Row),
            Some(Checked::Blank) => {
                receipt.counts.unchanged += 1;
                accepted_fields.insert(row.line, row.fields.clone());
            }
            Some(Checked::Update(u)) => {
                accepted_fields.insert(row.line, row.fields.clone());
                checked.push(u);
            }
        }
    }

    let diag = |line: u64, raw: &str, problem: Problem| RowDiag {
        line,
        column: value_col,
        raw: raw.to_string(),
        problem,
    };
    let mut reject = |receipt: &mut Receipt, u: UpdateRow, problem: Problem| {
        receipt.diagnostics.push(diag(u.line, &u.value, problem));
        accepted_fields.remove(&u.line);
        receipt.rejected.push(RejectedRow { line: u.line, fields: u.fields, reason: Reason::Row });
        receipt.counts.rejected += 1;
    };

    // Rows of the same entry, field and year: identical copies count once, different values
    // reject them all.
    checked.sort_by(|a, b| {
        (&a.entry, a.field.name, a.year, a.line).cmp(&(&b.entry, b.field.name, b.year, b.line))
    });
    let mut kept: Vec<UpdateRow> = Vec::new();
    let mut rest = checked.into_iter().peekable();
    while let Some(first) = rest.next() {
        let mut group = vec![first];
        while let Some(next) = rest.next_if(|n| {
            n.entry == group[0].entry
                && n.field.name == group[0].field.name
                && n.year == group[0].year
        }) {
            group.push(next);
        }
        if group.iter().all(|u| u.value == group[0].value) {
            let first_line = group[0].line;
            for copy in group.drain(1..) {
                receipt.counts.unchanged += 1;
                receipt.diagnostics.push(diag(
                    copy.line,
                    &copy.value,
                    Problem::DuplicateRow { first_line },
                ));
            }
            kept.extend(group);
        } else {
            let lines: Vec<u64> = group.iter().map(|u| u.line).collect();
            for u in group {
                let other_lines = lines.iter().copied().filter(|&l| l != u.line).collect();
                reject(receipt, u, Problem::UpdateConflict { other_lines });
            }
        }
    }

    // What is stored now: the registry with the current updates, to compare with.
    let stored = tx.registry_updates()?;
    let now = apply_updates(rules.registry, &stored);

    // A year's political meetings are among its meetings: the file's, or else the registry's.
    let meetings_in_file: HashMap<(String, i32), (u32, u64)> = kept
        .iter()
        .filter_map(|u| match u.update {
            Update::Meetings(y, n) => Some(((u.entry.clone(), y), (n, u.line))),
            _ => None,
        })
        .collect();
    let registry_meetings = |entry: &str, year: i32| {
        now.networks
            .iter()
            .find(|n| n.id.value == entry)
            .and_then(|n| n.meetings.get(&year).copied())
            .unwrap_or_default()
    };
    // The political meetings the file sets and that will be taken (within the meetings): a
    // meetings row is checked against the registry's political meetings unless one of these
    // replaces them.
    let political_in_file: HashMap<(String, i32), u32> = kept
        .iter()
        .filter_map(|u| match u.update {
            Update::PoliticalMeetings(y, n) => {
                let meetings = meetings_in_file
                    .get(&(u.entry.clone(), y))
                    .map_or_else(|| registry_meetings(&u.entry, y).attended, |&(m, _)| m);
                (n <= meetings).then(|| ((u.entry.clone(), y), n))
            }
            _ => None,
        })
        .collect();
    let mut settled = Vec::with_capacity(kept.len());
    for u in kept {
        let problem = match u.update {
            Update::PoliticalMeetings(year, political) => {
                let (meetings, line) = match meetings_in_file.get(&(u.entry.clone(), year)) {
                    Some(&(n, line)) => (n, Some(line)),
                    None => (registry_meetings(&u.entry, year).attended, None),
                };
                (political > meetings).then_some(Problem::PoliticalAboveMeetings {
                    political,
                    meetings,
                    year,
                    line,
                })
            }
            Update::Meetings(year, meetings)
                if !political_in_file.contains_key(&(u.entry.clone(), year)) =>
            {
                let political = registry_meetings(&u.entry, year).political;
                (political > meetings).then_some(Problem::MeetingsBelowPolitical {
                    meetings,
                    political,
                    year,
                })
            }
            _ => None,
        };
        match problem {
            Some(p) => reject(receipt, u, p),
            None => settled.push(u),
        }
    }

    // Equal to the stored update (value, and comment when the file has comments): unchanged.
    let current: HashMap<(&str, &str, Option<i32>), &RegistryUpdate> =
        stored.iter().map(|s| ((s.entry.as_str(), s.field.as_str(), s.year), s)).collect();
    for u in settled {
        let same = current
            .get(&(u.entry.as_str(), u.field.name, u.year))
            .is_some_and(|s| s.value == u.value && (!comments || s.comment == u.comment));
        if same {
            receipt.counts.unchanged += 1;
            continue;
        }
        receipt.counts.stored += 1;
        if write {
            tx.write_registry_update(NewRegistryUpdate {
                entry: &u.entry,
                field: u.field.name,
                year: u.year,
                value: &u.value,
                comment: &u.comment,
                line: u.line,
            })?;
        }
    }
    Ok(Read { accepted_fields })
}

/// Every field an update file can set, for templates: those of `kind`.
pub fn fields_of(kind: EntryKind) -> impl Iterator<Item = &'static UpdateField> {
    UPDATE_FIELDS.iter().filter(move |f| f.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(field: &str, year: Option<i32>, value: &str) -> RegistryUpdate {
        RegistryUpdate {
            entry: "e".into(),
            field: field.into(),
            year,
            value: value.into(),
            comment: String::new(),
            submission_id: 1,
            submitter: "a".into(),
            file_name: "f.csv".into(),
            received_at: "2025-01-01T00:00:00Z".into(),
            line: 2,
        }
    }

    #[test]
    fn values_read_as_swedish_files_write_them_and_read_back_from_the_store() {
        let read = |kind, raw: &str| read_value(kind, raw, |_| {});
        assert_eq!(
            read(ValueKind::Status, "Beviljat"),
            Some(Value::Status(ProjectStatus::Granted))
        );
        assert_eq!(read(ValueKind::Status, "pågår"), Some(Value::Status(ProjectStatus::Running)));
        assert_eq!(read(ValueKind::Status, "kanske"), None);
        assert_eq!(
            read(ValueKind::Date, "2025-06-15"),
            Some(Value::Date(Date::from_ymd(2025, 6, 15).unwrap()))
        );
        assert_eq!(read(ValueKind::Date, "2025-02-30"), None);
        assert_eq!(read(ValueKind::Amount, "1 250 000"), Some(Value::Amount(1_250_000.0)));
        assert_eq!(read(ValueKind::Amount, "12,5"), Some(Value::Amount(12.5)));
        assert_eq!(read(ValueKind::Amount, "-5"), None);
        assert_eq!(read(ValueKind::Amount, ".."), None);
        assert_eq!(read(ValueKind::Count, "3,0"), Some(Value::Count(3)));
        assert_eq!(read(ValueKind::Count, "2,5"), None);
        assert_eq!(read(ValueKind::Count, "-1"), None);
        assert_eq!(read(ValueKind::Count, "5000000000"), None);
        let mut notes = Vec::new();
        assert_eq!(
            read_value(ValueKind::Amount, "1.250.000", |p| notes.push(p.code())),
            Some(Value::Amount(1_250_000.0))
        );
        assert_eq!(notes, ["thousands-separator"]);
        // A bad value says nothing about how its number was read.
        let mut notes = Vec::new();
        assert_eq!(read_value(ValueKind::Count, "1.250,5", |p| notes.push(p.code())), None);
        assert!(notes.is_empty());

        // The canonical text reads back as the same update.
        for (field, year, value) in [
            ("status", None, Value::Status(ProjectStatus::Closed)),
            ("beslut", None, Value::Date(Date::from_ymd(2024, 12, 1).unwrap())),
            ("beviljat", None, Value::Amount(1_250_000.5)),
            ("resultat", Some(2025), Value::Text("Två piloter; 3 företag.".into())),
            ("möten", Some(2025), Value::Count(12)),
            ("politiska möten", Some(2025), Value::Count(4)),
            ("utbyten", Some(2025), Value::Count(0)),
            ("aktiviteter", Some(2025), Value::Text("Studieresa".into())),
        ] {
            let f = update_field(field).unwrap();
            let expected = make_update(f, year, value.clone()).unwrap();
            assert_eq!(update_of(&stored(field, year, &value.canonical())), Some(expected));
        }
        // A per-year field without its year, or a field no longer known, makes no update.
        assert_eq!(update_of(&stored("utbyten", None, "3")), None);
        assert_eq!(update_of(&stored("budget", None, "3")), None);
    }
}
