//! What can be wrong with a submitted file or row, in Swedish and English.

use utblick_core::{EntryKind, Lang, PeriodError, Severity, UPDATE_FIELDS};

use crate::reader::{Column, FileKind, FileProblem};
use crate::validate::Deviation;

/// A problem with one row (or, at line 1, with the header).
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The indicator cell names no indicator of the catalogue.
    UnknownIndicator,
    /// The indicator's values come from a source (`kolada`), a formula (`derived`) or the
    /// registry (`registry`).
    NotReported {
        /// Where the values come from instead, as the catalogue's `from` writes it.
        origin: &'static str,
    },
    /// The actor cell names no actor, by id or code.
    UnknownActor,
    /// The sender reports for another actor, and is not the coordinator.
    NotOwnActor {
        /// The sender's actor id.
        submitter: String,
        /// The actor the row is for.
        actor: String,
    },
    /// The actor is not among the indicator's reporters (the value is stored all the same).
    NotAReporter {
        /// The actor the row is for.
        actor: String,
        /// The indicator's id.
        indicator: String,
    },
    /// The period cell is not a period.
    BadPeriod(PeriodError),
    /// The period is not of the kind the indicator is reported for (a quarter for a yearly
    /// indicator).
    PeriodTypeMismatch {
        /// The indicator's period type, as the catalogue writes it.
        expected: &'static str,
        /// A period of that type, for the hint.
        example: &'static str,
    },
    /// The period has not begun on the day the file was received.
    FuturePeriod {
        /// The day the file was received (`--as-of`).
        today: String,
    },
    /// A gender is given for an indicator that is not split by gender.
    GenderNotSplit {
        /// The indicator's id.
        indicator: String,
    },
    /// No gender is given for an indicator that is split by gender.
    GenderRequired {
        /// The indicator's id.
        indicator: String,
    },
    /// `T` for an indicator of women and men only.
    NoGenderTotal {
        /// The indicator's id.
        indicator: String,
    },
    /// A value in a breakdown column for an indicator not broken down that way.
    NotBrokenDown {
        /// The indicator's id.
        indicator: String,
        /// The breakdown column's name.
        dimension: String,
    },
    /// A breakdown value the catalogue does not list for the dimension.
    BadBreakdownValue {
        /// The dimension's id.
        dimension: String,
        /// The values the catalogue lists for it, for the hint.
        values: Vec<String>,
    },
    /// The gender cell is none of `T`, `K`, `M` or their words.
    BadGender,
    /// The value cell is neither a number nor a missing marker.
    BadNumber,
    /// The value is a number too large to hold (or not a number at all, like `NaN`).
    NotFinite,
    /// The value is outside the indicator's valid range.
    OutOfRange {
        /// The range in words (`0–100`).
        range: String,
        /// The indicator's unit.
        unit: String,
    },
    /// Another row of the file has the same key and another value: neither is stored.
    Conflict {
        /// The lines of the other rows.
        other_lines: Vec<u64>,
        /// The breakdown cell's key, empty for a total.
        cell: String,
    },
    /// The same row as an earlier one of the file: the value counts once.
    DuplicateRow {
        /// The line of the first copy.
        first_line: u64,
    },
    /// The row has another number of fields than the header.
    FieldCount {
        /// The row's fields.
        found: usize,
        /// The header's fields.
        expected: usize,
    },
    /// The CSV reader could not read the row; its message.
    Csv(String),
    /// The value stands out strongly from the actor's earlier values (stored all the same).
    Deviation(Deviation),
    /// The comment is very long (stored all the same).
    LongComment {
        /// Its length in characters.
        chars: usize,
    },
    /// A header column utblick does not know; its cells are not read.
    UnknownColumn {
        /// What the file holds (the hint names the columns of its kind).
        kind: FileKind,
    },
    /// `--strict`: another error in the file rejected this row.
    StrictRejected,
    /// A quoted field ran over lines that look like rows of their own.
    UnbalancedQuote {
        /// The line the quote opened on.
        line: u64,
        /// The line it closed on.
        end_line: u64,
    },
    /// `.` or `,` was read as a thousands separator; said once per file, at the first such
    /// value, with how many values of the file were read so.
    ThousandsSeparator {
        /// The mark, `.` or `,`.
        mark: char,
        /// The first such value, as read.
        read_as: f64,
        /// How many values of the file were read so.
        count: u64,
    },
    /// One `.` or `,` with three digits after it, read as a decimal mark; said once per file
    /// as [`Problem::ThousandsSeparator`].
    AmbiguousDecimal {
        /// The mark, `.` or `,`.
        mark: char,
        /// The first such value, as read.
        read_as: f64,
        /// How many values of the file were read so.
        count: u64,
    },
    /// `00` or `99`: a county code some exports use for "unknown", not an actor.
    UnknownCountyCode,
    /// About 100 or 1000 times (or a hundredth or thousandth of) the series' level.
    UnitSlip {
        /// About how many times the level the value is: 100, 1000, 0.01 or 0.001.
        factor: f64,
        /// The series' level: the median size of its values.
        level: f64,
        /// Whether the indicator's unit is a percentage (a fraction may have been written).
        percent: bool,
    },
    /// A missing marker where a real value is stored: held back, the stored value stays.
    MissingKept {
        /// The stored number that stays.
        current: f64,
    },
    /// The period is locked: the value is stored as a proposal (or one like it waits already).
    LockedPeriod {
        /// The locked period that covers the row's.
        period: String,
        /// Who locked it.
        by: String,
        /// RFC 3339 time it was locked.
        at: String,
        /// Why it was locked.
        reason: String,
        /// The same value already waits for approval: nothing new is stored.
        already: bool,
    },
    /// Update files: the registerpost cell names no entry of the registry.
    UnknownEntry {
        /// A close id among those the sender may update, for a likely typo.
        suggestion: Option<String>,
        /// The ids of the sender's own entries, for the hint.
        own: Vec<String>,
    },
    /// Update files: the entry belongs to another actor, and the sender is not the coordinator.
    NotOwnEntry {
        /// The sender's actor id.
        submitter: String,
        /// The actor that owns the entry (empty when the registry ties it to none).
        owner: String,
    },
    /// Update files: the field cell names no field an update file can set.
    UnknownField {
        /// The kind of the row's entry, when it is known: the hint lists its fields.
        kind: Option<EntryKind>,
    },
    /// Update files: the field belongs to another kind of entry.
    FieldNotOfKind {
        /// The kind of the row's entry.
        kind: EntryKind,
    },
    /// Update files: no year for a field given per year.
    YearRequired {
        /// The field.
        field: &'static str,
    },
    /// Update files: the year cell is not a whole year from 1900 to 2200.
    BadYear,
    /// Update files: the value is not one the field takes.
    BadUpdateValue {
        /// The field.
        field: &'static str,
    },
    /// Update files: more political meetings than meetings in the year.
    PoliticalAboveMeetings {
        /// The political meetings of the row.
        political: u32,
        /// The year's meetings.
        meetings: u32,
        /// The year.
        year: i32,
        /// The line of the file's row of meetings, or `None` when the registry's count is meant.
        line: Option<u64>,
    },
    /// Update files: fewer meetings than the year's political meetings in the registry.
    MeetingsBelowPolitical {
        /// The meetings of the row.
        meetings: u32,
        /// The year's political meetings in the registry.
        political: u32,
        /// The year.
        year: i32,
    },
    /// Update files: another row of the file has the same entry, field and year and another
    /// value: neither is stored.
    UpdateConflict {
        /// The lines of the other rows.
        other_lines: Vec<u64>,
    },
}

/// A number for a message: as it is, rounded to six decimals, with the language's decimal
/// mark.
///
/// Not core's `plain_number`, on purpose: receipts have always shown the shortest digits of
/// `(x * 1e6).round() / 1e6`, which differ from `plain_number`'s exact six decimals on numbers
/// a message can show: a stored `-0` stays `-0` (`0` there); a number read with thousands
/// separators keeps its round digits (`1.000.000.000.000.000.000.000` is
/// 1000000000000000000000000 here, 999999999999999983222784 there); past 1.8e302 this says
/// `inf`. Kept so that no receipt changes. (Where `x * 1e6` is inexact this also shows
/// 4294967296.100001 for 4294967296.1: worth its own change, with the receipts it changes.)
fn num(x: f64, lang: Lang) -> String {
    let s = format!("{}", (x * 1e6).round() / 1e6);
    match lang.decimal_mark() {
        '.' => s,
        mark => s.replace('.', mark.encode_utf8(&mut [0; 4])),
    }
}

/// `; så lästes 12 värden i filen`, for a note said once for the whole file.
fn same_in_file(count: u64, lang: Lang) -> String {
    match (count, lang) {
        (0 | 1, _) => String::new(),
        (n, Lang::Sv) => format!("; så lästes {n} värden i filen"),
        (n, Lang::En) => format!("; {n} values of the file were read so"),
    }
}

/// The date of an RFC 3339 time, for messages.
fn day(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

impl Problem {
    /// Whether it is a note said once per file ([`Problem::file_note_count`]).
    pub(crate) fn is_file_note(&self) -> bool {
        matches!(self, Problem::ThousandsSeparator { .. } | Problem::AmbiguousDecimal { .. })
    }

    /// For a note said once per file: how many values it stands for, to count one more.
    pub(crate) fn file_note_count(&mut self) -> Option<&mut u64> {
        match self {
            Problem::ThousandsSeparator { count, .. } | Problem::AmbiguousDecimal { count, .. } => {
                Some(count)
            }
            _ => None,
        }
    }

    /// The stable kebab-case code (`unknown-indicator`); receipts and tests match on it.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::UnknownIndicator => "unknown-indicator",
            Problem::NotReported { .. } => "not-reported",
            Problem::UnknownActor => "unknown-actor",
            Problem::NotOwnActor { .. } => "not-own-actor",
            Problem::NotAReporter { .. } => "not-a-reporter",
            Problem::BadPeriod(_) => "bad-period",
            Problem::PeriodTypeMismatch { .. } => "period-type-mismatch",
            Problem::FuturePeriod { .. } => "future-period",
            Problem::GenderNotSplit { .. } => "gender-not-split",
            Problem::GenderRequired { .. } => "gender-required",
            Problem::NoGenderTotal { .. } => "no-gender-total",
            Problem::NotBrokenDown { .. } => "not-broken-down",
            Problem::BadBreakdownValue { .. } => "bad-breakdown-value",
            Problem::BadGender => "bad-gender",
            Problem::BadNumber => "bad-number",
            Problem::NotFinite => "not-finite",
            Problem::OutOfRange { .. } => "out-of-range",
            Problem::Conflict { .. } => "conflict",
            Problem::DuplicateRow { .. } => "duplicate-row",
            Problem::FieldCount { .. } => "field-count",
            Problem::Csv(_) => "csv",
            Problem::Deviation(_) => "deviation",
            Problem::LongComment { .. } => "long-comment",
            Problem::UnknownColumn { .. } => "unknown-column",
            Problem::StrictRejected => "strict",
            Problem::UnbalancedQuote { .. } => "unbalanced-quote",
            Problem::ThousandsSeparator { .. } => "thousands-separator",
            Problem::AmbiguousDecimal { .. } => "ambiguous-decimal",
            Problem::UnknownCountyCode => "unknown-county-code",
            Problem::UnitSlip { .. } => "unit-slip",
            Problem::MissingKept { .. } => "missing-kept",
            Problem::LockedPeriod { .. } => "locked-period",
            Problem::UnknownEntry { .. } => "unknown-entry",
            Problem::NotOwnEntry { .. } => "not-own-entry",
            Problem::UnknownField { .. } => "unknown-field",
            Problem::FieldNotOfKind { .. } => "field-not-of-kind",
            Problem::YearRequired { .. } => "year-required",
            Problem::BadYear => "bad-year",
            Problem::BadUpdateValue { .. } => "bad-value",
            Problem::PoliticalAboveMeetings { .. } => "political-above-meetings",
            Problem::MeetingsBelowPolitical { .. } => "meetings-below-political",
            Problem::UpdateConflict { .. } => "conflict",
        }
    }

    /// Warnings leave the row in; errors reject it.
    pub fn severity(&self) -> Severity {
        match self {
            Problem::NotAReporter { .. }
            | Problem::DuplicateRow { .. }
            | Problem::Deviation(_)
            | Problem::LongComment { .. }
            | Problem::UnknownColumn { .. }
            | Problem::ThousandsSeparator { .. }
            | Problem::AmbiguousDecimal { .. }
            | Problem::UnitSlip { .. }
            | Problem::MissingKept { .. }
            | Problem::LockedPeriod { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The message; `raw` is the cell's text as written.
    pub fn message(&self, lang: Lang, raw: &str) -> String {
        match (self, lang) {
            (Problem::UnknownIndicator, Lang::Sv) => format!("okänd indikator `{raw}`"),
            (Problem::UnknownIndicator, Lang::En) => format!("unknown indicator `{raw}`"),
            (Problem::NotReported { origin: "kolada" }, Lang::Sv) => {
                format!("`{raw}` hämtas från Kolada och rapporteras inte av aktörer")
            }
            (Problem::NotReported { origin: "kolada" }, Lang::En) => {
                format!("`{raw}` is pulled from Kolada, not reported by actors")
            }
            (Problem::NotReported { origin: "registry" }, Lang::Sv) => {
                format!(
                    "`{raw}` räknas ur registret över det internationella arbetet och rapporteras inte som värde"
                )
            }
            (Problem::NotReported { origin: "registry" }, Lang::En) => {
                format!(
                    "`{raw}` is counted from the registry of the international work, not reported as a value"
                )
            }
            (Problem::NotReported { .. }, Lang::Sv) => {
                format!("`{raw}` räknas fram ur andra indikatorer och rapporteras inte")
            }
            (Problem::NotReported { .. }, Lang::En) => {
                format!("`{raw}` is computed from other indicators, not reported")
            }
            (Problem::UnknownActor, Lang::Sv) => format!("okänd aktör `{raw}`"),
            (Problem::UnknownActor, Lang::En) => format!("unknown actor `{raw}`"),
            (Problem::NotOwnActor { submitter, actor }, Lang::Sv) => {
                format!("`{submitter}` får inte rapportera värden för `{actor}`")
            }
            (Problem::NotOwnActor { submitter, actor }, Lang::En) => {
                format!("`{submitter}` may not report values for `{actor}`")
            }
            (Problem::NotAReporter { actor, indicator }, Lang::Sv) => {
                format!("`{actor}` är inte angiven som rapportör av `{indicator}` i katalogen")
            }
            (Problem::NotAReporter { actor, indicator }, Lang::En) => {
                format!("`{actor}` is not listed as a reporter of `{indicator}` in the catalogue")
            }
            (Problem::BadPeriod(e), Lang::Sv) => match e {
                PeriodError::Quarter(_, q) => {
                    format!("`{raw}` har inget kvartal {q}; kvartal går från 1 till 4")
                }
                PeriodError::Month(_, m) => {
                    format!("`{raw}` har ingen månad {m}; månader går från 01 till 12")
                }
                PeriodError::Year(_) => format!("`{raw}` har ett år utanför 1900–2200"),
                PeriodError::Backwards(_) => {
                    format!("`{raw}` går inte framåt: åren i en period följer på varandra")
                }
                _ => format!("`{raw}` är ingen period"),
            },
            (Problem::BadPeriod(e), Lang::En) => e.to_string(),
            (Problem::PeriodTypeMismatch { expected, .. }, Lang::Sv) => {
                format!(
                    "perioden `{raw}` passar inte indikatorn, som rapporteras per {}",
                    sv_period(expected)
                )
            }
            (Problem::PeriodTypeMismatch { expected, .. }, Lang::En) => {
                format!(
                    "the period `{raw}` does not fit the indicator, which is reported per {expected}"
                )
            }
            (Problem::FuturePeriod { today }, Lang::Sv) => {
                format!("perioden `{raw}` har inte börjat än (inskickat {today})")
            }
            (Problem::FuturePeriod { today }, Lang::En) => {
                format!("the period `{raw}` has not begun yet (submitted {today})")
            }
            (Problem::GenderNotSplit { indicator }, Lang::Sv) => {
                format!("kön `{raw}` angivet, men `{indicator}` redovisas inte per kön")
            }
            (Problem::GenderNotSplit { indicator }, Lang::En) => {
                format!("gender `{raw}` given, but `{indicator}` is not split by gender")
            }
            (Problem::GenderRequired { indicator }, Lang::Sv) => {
                format!("kön saknas; `{indicator}` redovisas per kön")
            }
            (Problem::GenderRequired { indicator }, Lang::En) => {
                format!("gender missing; `{indicator}` is split by gender")
            }
            (Problem::NotBrokenDown { indicator, dimension }, Lang::Sv) => {
                format!(
                    "{dimension} `{raw}` angivet, men `{indicator}` redovisas inte per {dimension}"
                )
            }
            (Problem::NotBrokenDown { indicator, dimension }, Lang::En) => {
                format!(
                    "{dimension} `{raw}` given, but `{indicator}` is not broken down by {dimension}"
                )
            }
            (Problem::BadBreakdownValue { dimension, .. }, Lang::Sv) => {
                format!("`{raw}` är inget värde för {dimension}")
            }
            (Problem::BadBreakdownValue { dimension, .. }, Lang::En) => {
                format!("`{raw}` is not a value of {dimension}")
            }
            (Problem::NoGenderTotal { indicator }, Lang::Sv) => {
                format!("`{indicator}` redovisas bara för kvinnor och män, inte totalt")
            }
            (Problem::NoGenderTotal { indicator }, Lang::En) => {
                format!("`{indicator}` is given for women and men only, not in total")
            }
            (Problem::BadGender, Lang::Sv) => format!("okänt kön `{raw}`"),
            (Problem::BadGender, Lang::En) => format!("unknown gender `{raw}`"),
            (Problem::BadNumber, Lang::Sv) => format!("`{raw}` är inget tal"),
            (Problem::BadNumber, Lang::En) => format!("`{raw}` is not a number"),
            (Problem::NotFinite, Lang::Sv) => format!("`{raw}` är inget ändligt tal"),
            (Problem::NotFinite, Lang::En) => format!("`{raw}` is not a finite number"),
            (Problem::OutOfRange { range, unit }, Lang::Sv) => {
                format!("värdet {raw} ligger utanför indikatorns giltiga värden {range} ({unit})")
            }
            (Problem::OutOfRange { range, unit }, Lang::En) => {
                format!("the value {raw} is outside the indicator's valid range {range} ({unit})")
            }
            (Problem::Conflict { other_lines, cell }, Lang::Sv) if cell.is_empty() => {
                format!(
                    "samma indikator, aktör, period och kön som rad {} men ett annat värde",
                    lines(other_lines)
                )
            }
            (Problem::Conflict { other_lines, cell }, Lang::Sv) => {
                format!(
                    "samma indikator, aktör, period, kön och uppdelning ({cell}) som rad {} men ett annat värde",
                    lines(other_lines)
                )
            }
            (Problem::Conflict { other_lines, cell }, Lang::En) if cell.is_empty() => {
                format!(
                    "same indicator, actor, period and gender as line {} but another value",
                    lines(other_lines)
                )
            }
            (Problem::Conflict { other_lines, cell }, Lang::En) => {
                format!(
                    "same indicator, actor, period, gender and breakdown ({cell}) as line {} but another value",
                    lines(other_lines)
                )
            }
            (Problem::DuplicateRow { first_line }, Lang::Sv) => {
                format!("samma rad som rad {first_line}; värdet räknas en gång")
            }
            (Problem::DuplicateRow { first_line }, Lang::En) => {
                format!("same row as line {first_line}; the value counts once")
            }
            (Problem::FieldCount { found, expected }, Lang::Sv) => {
                format!("raden har {found} fält men rubrikraden {expected}")
            }
            (Problem::FieldCount { found, expected }, Lang::En) => {
                format!("the row has {found} fields but the header {expected}")
            }
            (Problem::Csv(e), Lang::Sv) => format!("raden kan inte läsas: {e}"),
            (Problem::Csv(e), Lang::En) => format!("the row cannot be read: {e}"),
            (Problem::Deviation(d), Lang::Sv) => {
                let raw = raw.replace('.', ",");
                format!(
                    "värdet {raw} avviker kraftigt från aktörens tidigare värden ({})",
                    d.describe(lang)
                )
            }
            (Problem::Deviation(d), Lang::En) => format!(
                "the value {raw} deviates strongly from the actor's earlier values ({})",
                d.describe(lang)
            ),
            (Problem::LongComment { chars }, Lang::Sv) => {
                format!("kommentaren är mycket lång ({chars} tecken)")
            }
            (Problem::LongComment { chars }, Lang::En) => {
                format!("the comment is very long ({chars} characters)")
            }
            (Problem::UnknownColumn { .. }, Lang::Sv) => format!("okänd kolumn `{raw}` läses inte"),
            (Problem::UnknownColumn { .. }, Lang::En) => {
                format!("unknown column `{raw}` is not read")
            }
            (Problem::StrictRejected, Lang::Sv) => {
                "raden avvisas eftersom filen har fel (--strict)".into()
            }
            (Problem::StrictRejected, Lang::En) => {
                "the row is rejected because the file has errors (--strict)".into()
            }
            (Problem::UnbalancedQuote { line, end_line }, Lang::Sv) => format!(
                "citattecknet som öppnas här stängs inte förrän rad {end_line}: raderna {}–{end_line} lästes som en del av fältet",
                line + 1
            ),
            (Problem::UnbalancedQuote { line, end_line }, Lang::En) => format!(
                "the quote opened here is not closed until line {end_line}: lines {}–{end_line} were read as part of the field",
                line + 1
            ),
            (Problem::ThousandsSeparator { mark, read_as, count }, Lang::Sv) => format!(
                "`{raw}` lästes som {} (`{mark}` som tusentalsavgränsare){}",
                num(*read_as, lang),
                same_in_file(*count, lang)
            ),
            (Problem::ThousandsSeparator { mark, read_as, count }, Lang::En) => format!(
                "`{raw}` was read as {} (`{mark}` as thousands separator){}",
                num(*read_as, lang),
                same_in_file(*count, lang)
            ),
            (Problem::AmbiguousDecimal { mark, read_as, count }, Lang::Sv) => format!(
                "`{raw}` lästes som {} (`{mark}` som decimaltecken){}",
                num(*read_as, lang),
                same_in_file(*count, lang)
            ),
            (Problem::AmbiguousDecimal { mark, read_as, count }, Lang::En) => format!(
                "`{raw}` was read as {} (`{mark}` as decimal mark){}",
                num(*read_as, lang),
                same_in_file(*count, lang)
            ),
            (Problem::UnknownCountyCode, Lang::Sv) => {
                format!("`{raw}` är ingen aktör: koden betyder okänt län i vissa uttag")
            }
            (Problem::UnknownCountyCode, Lang::En) => {
                format!("`{raw}` is no actor: some exports use the code for an unknown county")
            }
            (Problem::UnitSlip { factor, level, .. }, Lang::Sv) => format!(
                "värdet {} är omkring {} seriens nivå ({})",
                raw.replace('.', ","),
                factor_words(*factor, lang),
                num(*level, lang)
            ),
            (Problem::UnitSlip { factor, level, .. }, Lang::En) => format!(
                "the value {raw} is about {} the series' level ({})",
                factor_words(*factor, lang),
                num(*level, lang)
            ),
            (Problem::MissingKept { current }, Lang::Sv) => format!(
                "`{raw}` (saknas) skulle ersätta det lagrade värdet {}; det lagrade värdet behålls",
                num(*current, lang)
            ),
            (Problem::MissingKept { current }, Lang::En) => format!(
                "`{raw}` (missing) would replace the stored value {}; the stored value is kept",
                num(*current, lang)
            ),
            (Problem::LockedPeriod { period, by, at, reason, already: false }, Lang::Sv) => {
                format!(
                    "perioden {period} är låst ({by} {}: {reason}); värdet lagras som förslag och väntar på godkännande",
                    day(at)
                )
            }
            (Problem::LockedPeriod { period, by, at, reason, already: false }, Lang::En) => {
                format!(
                    "the period {period} is locked ({by} {}: {reason}); the value is stored as a proposal and waits for approval",
                    day(at)
                )
            }
            (Problem::LockedPeriod { period, by, at, reason, already: true }, Lang::Sv) => format!(
                "perioden {period} är låst ({by} {}: {reason}); samma värde väntar redan på godkännande",
                day(at)
            ),
            (Problem::LockedPeriod { period, by, at, reason, already: true }, Lang::En) => format!(
                "the period {period} is locked ({by} {}: {reason}); the same value already waits for approval",
                day(at)
            ),
            (Problem::UnknownEntry { .. }, Lang::Sv) if raw.is_empty() => {
                "registerpost saknas".into()
            }
            (Problem::UnknownEntry { .. }, Lang::En) if raw.is_empty() => "entry missing".into(),
            (Problem::UnknownEntry { .. }, Lang::Sv) => format!("okänd registerpost `{raw}`"),
            (Problem::UnknownEntry { .. }, Lang::En) => format!("unknown registry entry `{raw}`"),
            (Problem::NotOwnEntry { submitter, owner }, Lang::Sv) if owner.is_empty() => {
                format!(
                    "`{submitter}` får inte uppdatera `{raw}`, som ingen aktör äger i registret"
                )
            }
            (Problem::NotOwnEntry { submitter, owner }, Lang::En) if owner.is_empty() => {
                format!("`{submitter}` may not update `{raw}`, which no actor owns in the registry")
            }
            (Problem::NotOwnEntry { submitter, owner }, Lang::Sv) => {
                format!("`{submitter}` får inte uppdatera `{raw}`, som hör till `{owner}`")
            }
            (Problem::NotOwnEntry { submitter, owner }, Lang::En) => {
                format!("`{submitter}` may not update `{raw}`, which belongs to `{owner}`")
            }
            (Problem::UnknownField { .. }, Lang::Sv) => format!("okänt fält `{raw}`"),
            (Problem::UnknownField { .. }, Lang::En) => format!("unknown field `{raw}`"),
            (Problem::FieldNotOfKind { kind }, Lang::Sv) => {
                format!("fältet `{raw}` finns inte för {}", kind_sv_plural(*kind))
            }
            (Problem::FieldNotOfKind { kind }, Lang::En) => {
                format!("{} have no field `{raw}`", kind_en_plural(*kind))
            }
            (Problem::YearRequired { field }, Lang::Sv) => {
                format!("år saknas; `{field}` anges per år")
            }
            (Problem::YearRequired { field }, Lang::En) => {
                format!("year missing; `{field}` is given per year")
            }
            (Problem::BadYear, Lang::Sv) => format!("`{raw}` är inget år mellan 1900 och 2200"),
            (Problem::BadYear, Lang::En) => format!("`{raw}` is not a year from 1900 to 2200"),
            (Problem::BadUpdateValue { field }, Lang::Sv) => {
                format!("`{raw}` är inget giltigt värde för `{field}`")
            }
            (Problem::BadUpdateValue { field }, Lang::En) => {
                format!("`{raw}` is not a valid value of `{field}`")
            }
            (Problem::PoliticalAboveMeetings { political, meetings, year, line }, Lang::Sv) => {
                let source = match line {
                    Some(l) => format!("rad {l}"),
                    None => "enligt registret".into(),
                };
                format!(
                    "de politiska mötena {year} ({political}) är fler än årets möten ({meetings}, {source})"
                )
            }
            (Problem::PoliticalAboveMeetings { political, meetings, year, line }, Lang::En) => {
                let source = match line {
                    Some(l) => format!("line {l}"),
                    None => "in the registry".into(),
                };
                format!(
                    "the political meetings of {year} ({political}) are more than the year's meetings ({meetings}, {source})"
                )
            }
            (Problem::MeetingsBelowPolitical { meetings, political, year }, Lang::Sv) => format!(
                "årets möten {year} ({meetings}) är färre än de politiska mötena enligt registret ({political})"
            ),
            (Problem::MeetingsBelowPolitical { meetings, political, year }, Lang::En) => format!(
                "the meetings of {year} ({meetings}) are fewer than the political meetings in the registry ({political})"
            ),
            (Problem::UpdateConflict { other_lines }, Lang::Sv) => format!(
                "samma registerpost, fält och år som rad {} men ett annat värde",
                lines(other_lines)
            ),
            (Problem::UpdateConflict { other_lines }, Lang::En) => format!(
                "same entry, field and year as line {} but another value",
                lines(other_lines)
            ),
        }
    }

    /// What the sender can do about it.
    pub fn hint(&self, lang: Lang) -> String {
        match self {
            Problem::UnknownIndicator => lang
                .pick(
                    "använd indikatorns id ur mallen, t.ex. N02267; `utblick template` skriver mallen",
                    "use the indicator's id from the template, e.g. N02267; `utblick template` writes it",
                )
                .into(),
            Problem::NotReported { origin } => match (*origin, lang) {
                ("kolada", Lang::Sv) => "ta bort raden; samordnaren hämtar värdena med `utblick kolada fetch`".into(),
                ("kolada", Lang::En) => "remove the row; the coordinator pulls the values with `utblick kolada fetch`".into(),
                ("registry", Lang::Sv) => "ta bort raden; uppdatera era poster i registret med filen som `utblick template --registry` skriver".into(),
                ("registry", Lang::En) => "remove the row; update your registry entries with the file `utblick template --registry` writes".into(),
                (_, Lang::Sv) => "ta bort raden; rapportera de indikatorer den räknas fram ur".into(),
                (_, Lang::En) => "remove the row; report the indicators it is computed from".into(),
            },
            Problem::UnknownActor => lang
                .pick(
                    "ange aktörens id (t.ex. orebro) eller kommunkod (t.ex. 1880 eller 0018)",
                    "give the actor's id (e.g. orebro) or municipality code (e.g. 1880 or 0018)",
                )
                .into(),
            Problem::NotOwnActor { .. } => lang
                .pick(
                    "en aktör rapporterar bara sina egna värden; be Regionförbundet om värden för andra",
                    "an actor reports only its own values; ask Regionförbundet about values for others",
                )
                .into(),
            Problem::NotAReporter { .. } => lang
                .pick("värdet lagras; kontrollera att det är rätt indikator", "the value is stored; check that it is the right indicator")
                .into(),
            Problem::BadPeriod(_) => lang
                .pick("skriv år som 2023, kvartal som 2023K1, månad som 2023-01, läsår som 2022/23 och flera år som 2019-2022", "write a year as 2023, a quarter as 2023Q1, a month as 2023-01, a school year as 2022/23 and years as 2019-2022")
                .into(),
            Problem::PeriodTypeMismatch { example, .. } => match lang {
                Lang::Sv => format!("skriv perioden som {example}"),
                Lang::En => format!("write the period like {example}"),
            },
            Problem::FuturePeriod { .. } => lang
                .pick("rapportera perioden när den har börjat; kontrollera årtalet", "report the period once it has begun; check the year")
                .into(),
            Problem::GenderNotSplit { .. } => lang
                .pick("lämna kön tomt (eller T) för den här indikatorn", "leave gender empty (or T) for this indicator")
                .into(),
            Problem::NotBrokenDown { dimension, .. } => match lang {
                Lang::Sv => format!("lämna kolumnen `{dimension}` tom för den här indikatorn"),
                Lang::En => format!("leave the `{dimension}` column empty for this indicator"),
            },
            Problem::BadBreakdownValue { values, .. } => match lang {
                Lang::Sv => format!("ange ett av {}, eller lämna tomt för totalen", values.join(", ")),
                Lang::En => format!("give one of {}, or leave it empty for the total", values.join(", ")),
            },
            Problem::NoGenderTotal { .. } => lang
                .pick("ange K (kvinnor) eller M (män)", "give K (women) or M (men)")
                .into(),
            Problem::GenderRequired { .. } | Problem::BadGender => lang
                .pick("ange T (totalt), K (kvinnor) eller M (män)", "give T (total), K (women) or M (men)")
                .into(),
            Problem::BadNumber => lang
                .pick(
                    "skriv bara talet, t.ex. 12 345,6; lämna `..` om värdet saknas",
                    "write only the number, e.g. 12345.6; write `..` if the value is missing",
                )
                .into(),
            Problem::NotFinite => lang
                .pick("skriv ett tal, eller `..` om värdet saknas", "write a number, or `..` if the value is missing")
                .into(),
            Problem::OutOfRange { .. } => lang
                .pick("kontrollera värdet och enheten", "check the value and its unit")
                .into(),
            Problem::Conflict { .. } => lang
                .pick("behåll en av raderna med rätt värde och skicka in filen igen", "keep one of the rows with the right value and send the file again")
                .into(),
            Problem::DuplicateRow { .. } => lang.pick("ta bort dubbletten", "remove the duplicate").into(),
            Problem::FieldCount { .. } | Problem::Csv(_) => lang
                .pick(
                    "kontrollera att fält med avgränsare eller radbrytning står inom citattecken",
                    "check that fields containing separators or line breaks are in quotes",
                )
                .into(),
            Problem::Deviation(_) => lang
                .pick("värdet lagras; kontrollera att det stämmer", "the value is stored; check that it is right")
                .into(),
            Problem::LongComment { .. } => lang
                .pick("kommentaren lagras; håll den gärna under 500 tecken", "the comment is stored; keep it under 500 characters")
                .into(),
            Problem::UnknownColumn { kind: FileKind::Values } => lang
                .pick(
                    "kända kolumner: indikator, aktör, period, kön, värde, kommentar",
                    "known columns: indicator, actor, period, gender, value, comment",
                )
                .into(),
            Problem::UnknownColumn { kind: FileKind::Registry } => lang
                .pick(
                    "kända kolumner i en uppdateringsfil: registerpost, fält, år, värde, kommentar",
                    "known columns of an update file: entry, field, year, value, comment",
                )
                .into(),
            Problem::StrictRejected => lang
                .pick("rätta felen i filen och skicka in den igen", "correct the errors in the file and send it again")
                .into(),
            Problem::UnbalancedQuote { .. } => lang
                .pick(
                    "stäng citattecknet på samma rad eller ta bort det, och skicka in filen igen",
                    "close the quote on the same line or remove it, and send the file again",
                )
                .into(),
            Problem::ThousandsSeparator { .. } => lang
                .pick(
                    "värdet lagras; skriv helst tal utan tusentalsavgränsare eller med mellanslag, t.ex. 1 234,5",
                    "the value is stored; best write numbers without thousands separators, e.g. 1234.5",
                )
                .into(),
            Problem::AmbiguousDecimal { .. } => lang
                .pick(
                    "värdet lagras; menas tusental, skriv talet utan avgränsare (158024) och skicka in filen igen",
                    "the value is stored; if thousands are meant, write the number without separator (158024) and send the file again",
                )
                .into(),
            Problem::UnknownCountyCode => lang
                .pick(
                    "ange aktörens id eller kod; riket är 0000 (eller 0), Region Örebro län 0018",
                    "give the actor's id or code; Sweden is 0000 (or 0), a region 00NN such as 0018",
                )
                .into(),
            Problem::UnitSlip { factor, percent, .. } => match (lang, *percent && *factor < 1.0) {
                (Lang::Sv, true) => "värdet lagras; en andel skriven som bråk? skriv 93,67 för 93,67 %".into(),
                (Lang::En, true) => "the value is stored; a share written as a fraction? write 93.67 for 93.67 %".into(),
                (Lang::Sv, false) => "värdet lagras; kontrollera enheten (procent eller bråk, tusental eller styck)".into(),
                (Lang::En, false) => "the value is stored; check the unit (percent or fraction, thousands or units)".into(),
            },
            Problem::MissingKept { .. } => lang
                .pick(
                    "vill ni ta tillbaka värdet, skriv `återkallad` i värdekolumnen",
                    "to take the value back, write `retracted` in the value column",
                )
                .into(),
            Problem::LockedPeriod { .. } => lang
                .pick(
                    "styrelsen har sett perioden; samordnaren godkänner ändringen med `utblick approve`, till dess gäller det tidigare värdet",
                    "the board has seen the period; the coordinator approves the change with `utblick approve`, until then the earlier value stands",
                )
                .into(),
            Problem::UnknownEntry { suggestion: Some(s), .. } => match lang {
                Lang::Sv => format!("menade ni `{s}`? postens id står i mallen från `utblick template --registry`"),
                Lang::En => format!("did you mean `{s}`? the entry's id is in the template from `utblick template --registry`"),
            },
            Problem::UnknownEntry { suggestion: None, own } if own.is_empty() => lang
                .pick(
                    "ni har inga poster i registret; be Regionförbundet lägga in dem",
                    "you have no entries in the registry; ask Regionförbundet to add them",
                )
                .into(),
            Problem::UnknownEntry { suggestion: None, own } => match lang {
                Lang::Sv => format!("era poster i registret: {}", id_list(own, lang)),
                Lang::En => format!("your entries in the registry: {}", id_list(own, lang)),
            },
            Problem::NotOwnEntry { owner, .. } if owner.is_empty() => lang
                .pick(
                    "en aktör uppdaterar bara sina egna poster; be Regionförbundet om ändringen",
                    "an actor updates only its own entries; ask Regionförbundet about the change",
                )
                .into(),
            Problem::NotOwnEntry { owner, .. } => match lang {
                Lang::Sv => format!("en aktör uppdaterar bara sina egna poster; be `{owner}` skicka uppdateringen"),
                Lang::En => format!("an actor updates only its own entries; ask `{owner}` to send the update"),
            },
            Problem::UnknownField { kind } => fields_hint(*kind, lang),
            Problem::FieldNotOfKind { kind } => fields_hint(Some(*kind), lang),
            Problem::YearRequired { .. } | Problem::BadYear => lang
                .pick("skriv året med fyra siffror, t.ex. 2025", "write the year with four digits, e.g. 2025")
                .into(),
            Problem::BadUpdateValue { field } => value_hint(field, lang).into(),
            Problem::PoliticalAboveMeetings { .. } => lang
                .pick(
                    "de politiska mötena är en del av årets möten och kan inte vara fler; rätta talet, eller skicka årets `möten` på en rad i samma fil",
                    "political meetings are part of the year's meetings and cannot be more; correct the figure, or send the year's `möten` on a row of the same file",
                )
                .into(),
            Problem::MeetingsBelowPolitical { .. } => lang
                .pick(
                    "de politiska mötena är en del av årets möten; rätta talet, eller skicka årets `politiska möten` på en rad i samma fil",
                    "political meetings are part of the year's meetings; correct the figure, or send the year's `politiska möten` on a row of the same file",
                )
                .into(),
            Problem::UpdateConflict { .. } => lang
                .pick("behåll en av raderna med rätt värde och skicka in filen igen", "keep one of the rows with the right value and send the file again")
                .into(),
        }
    }
}

/// The kind of entry in the plural, in Swedish: `nätverk`, `vänorter`.
fn kind_sv_plural(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Project => "projekt",
        EntryKind::Network => "nätverk",
        EntryKind::Platform => "plattformar",
        EntryKind::Consultation => "remissvar",
        EntryKind::TwinTown => "vänorter",
    }
}

/// The kind of entry in the plural, in English.
fn kind_en_plural(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Project => "projects",
        EntryKind::Network => "networks",
        EntryKind::Platform => "platforms",
        EntryKind::Consultation => "consultation responses",
        EntryKind::TwinTown => "twin towns",
    }
}

/// Ids for a hint: the first eight, and how many more.
fn id_list(ids: &[String], lang: Lang) -> String {
    const SHOWN: usize = 8;
    let mut s = ids.iter().take(SHOWN).map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        let more = ids.len() - SHOWN;
        s.push_str(&match lang {
            Lang::Sv => format!(" och {more} till"),
            Lang::En => format!(" and {more} more"),
        });
    }
    s
}

/// The fields an update file can set for a kind of entry (every field when the kind is not
/// known), for a hint.
fn fields_hint(kind: Option<EntryKind>, lang: Lang) -> String {
    let fields: Vec<String> = UPDATE_FIELDS
        .iter()
        .filter(|f| kind.is_none_or(|k| f.kind == k))
        .map(|f| format!("`{}`", f.name))
        .collect();
    match (kind, fields.is_empty(), lang) {
        (Some(k), true, Lang::Sv) => format!(
            "{} uppdateras inte med fil; be Regionförbundet om ändringen",
            kind_sv_plural(k)
        ),
        (Some(k), true, Lang::En) => format!(
            "{} are not updated by file; ask Regionförbundet about the change",
            kind_en_plural(k)
        ),
        (Some(k), false, Lang::Sv) => {
            format!("fält för {}: {}", kind_sv_plural(k), fields.join(", "))
        }
        (Some(k), false, Lang::En) => {
            format!("fields of {}: {}", kind_en_plural(k), fields.join(", "))
        }
        (None, _, Lang::Sv) => format!("fält som kan uppdateras: {}", fields.join(", ")),
        (None, _, Lang::En) => format!("fields that can be updated: {}", fields.join(", ")),
    }
}

/// What a field's value is, for the hint of a bad one.
fn value_hint(field: &str, lang: Lang) -> &'static str {
    match field {
        "status" => lang.pick(
            "skriv en av idé, rådgivning, ansökt, beviljat, avslag, pågår, avslutat",
            "write one of idea, advised, applied, granted, rejected, running, closed (or the Swedish words)",
        ),
        "beslut" => lang.pick(
            "skriv beslutsdagen som ÅÅÅÅ-MM-DD, t.ex. 2025-06-15",
            "write the day of the decision as YYYY-MM-DD, e.g. 2025-06-15",
        ),
        "beviljat" => lang.pick(
            "skriv det beviljade beloppet i projektets valuta, 0 eller mer, t.ex. 1 250 000",
            "write the amount granted in the project's currency, 0 or more, e.g. 1250000",
        ),
        "resultat" | "aktiviteter" => lang.pick("skriv en text", "write a text"),
        _ => lang.pick("skriv ett heltal, 0 eller mer, t.ex. 2", "write a whole number of 0 or more, e.g. 2"),
    }
}

/// A kind of file system entry that is not a regular file (`fifo`, `socket`, `device`,
/// `folder`, `symlink`, anything else), in words.
pub fn kind_words(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("fifo", Lang::Sv) => "en FIFO",
        ("fifo", Lang::En) => "a FIFO",
        ("socket", Lang::Sv) => "en socket",
        ("socket", Lang::En) => "a socket",
        ("device", Lang::Sv) => "en enhet",
        ("device", Lang::En) => "a device",
        ("folder", Lang::Sv) => "en mapp",
        ("folder", Lang::En) => "a folder",
        ("symlink", Lang::Sv) => "en symbolisk länk",
        ("symlink", Lang::En) => "a symbolic link",
        (_, Lang::Sv) => "okänd sorts fil",
        (_, Lang::En) => "an unknown kind of file",
    }
}

/// `100 times`, `a hundredth of`, in words.
fn factor_words(factor: f64, lang: Lang) -> &'static str {
    match (factor >= 1.0, factor >= 500.0 || factor <= 0.002, lang) {
        (true, false, Lang::Sv) => "100 gånger",
        (true, true, Lang::Sv) => "1000 gånger",
        (false, false, Lang::Sv) => "en hundradel av",
        (false, true, Lang::Sv) => "en tusendel av",
        (true, false, Lang::En) => "100 times",
        (true, true, Lang::En) => "1000 times",
        (false, false, Lang::En) => "a hundredth of",
        (false, true, Lang::En) => "a thousandth of",
    }
}

fn sv_period(t: &str) -> &'static str {
    match t {
        "year" => "år",
        "quarter" => "kvartal",
        "school-year" => "läsår",
        "years" => "flerårsperiod",
        _ => "månad",
    }
}

fn lines(ls: &[u64]) -> String {
    ls.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}

impl FileProblem {
    /// The stable kebab-case code (`binary-file`); receipts and tests match on it.
    pub fn code(&self) -> &'static str {
        match self {
            FileProblem::Empty => "empty-file",
            FileProblem::Binary => "binary-file",
            FileProblem::NoHeader => "no-header",
            FileProblem::MissingColumns(_) | FileProblem::MissingRegistryColumns(_) => {
                "missing-column"
            }
            FileProblem::DuplicateColumn(_) => "duplicate-column",
            FileProblem::Csv(_) => "csv",
            FileProblem::UnknownSubmitter(_) => "unknown-submitter",
            FileProblem::NotRegular(_) => "not-a-regular-file",
            FileProblem::TooLarge { .. } => "file-too-large",
        }
    }

    /// What is wrong with the file, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let names = |cs: &[Column]| cs.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ");
        match (self, lang) {
            (FileProblem::Empty, Lang::Sv) => "filen är tom".into(),
            (FileProblem::Empty, Lang::En) => "the file is empty".into(),
            (FileProblem::Binary, Lang::Sv) => {
                "filen är ingen textfil (kanske en Excel-fil?)".into()
            }
            (FileProblem::Binary, Lang::En) => {
                "the file is not a text file (an Excel workbook?)".into()
            }
            (FileProblem::NoHeader, Lang::Sv) => {
                "filen saknar rubrikrad med indikator, aktör, period och värde".into()
            }
            (FileProblem::NoHeader, Lang::En) => {
                "the file has no header row with indicator, actor, period and value".into()
            }
            (FileProblem::MissingColumns(cs), Lang::Sv) => {
                format!("rubrikraden saknar kolumn: {}", names(cs))
            }
            (FileProblem::MissingColumns(cs), Lang::En) => {
                format!("the header lacks column: {}", names(cs))
            }
            (FileProblem::MissingRegistryColumns(cs), Lang::Sv) => {
                format!("rubrikraden i uppdateringsfilen saknar kolumn: {}", names(cs))
            }
            (FileProblem::MissingRegistryColumns(cs), Lang::En) => {
                format!("the update file's header lacks column: {}", names(cs))
            }
            (FileProblem::DuplicateColumn(c), Lang::Sv) => {
                format!("kolumnen {} finns två gånger", c.name())
            }
            (FileProblem::DuplicateColumn(c), Lang::En) => {
                format!("the column {} appears twice", c.name())
            }
            (FileProblem::Csv(e), Lang::Sv) => format!("filen kan inte läsas: {e}"),
            (FileProblem::Csv(e), Lang::En) => format!("the file cannot be read: {e}"),
            (FileProblem::UnknownSubmitter(s), Lang::Sv) => {
                format!("okänd avsändare `{s}`")
            }
            (FileProblem::UnknownSubmitter(s), Lang::En) => {
                format!("unknown submitter `{s}`")
            }
            (FileProblem::NotRegular(kind), Lang::Sv) => {
                format!(
                    "ingen vanlig fil ({}); utblick läser bara vanliga filer",
                    kind_words(kind, lang)
                )
            }
            (FileProblem::NotRegular(kind), Lang::En) => {
                format!(
                    "not a regular file ({}); utblick reads only regular files",
                    kind_words(kind, lang)
                )
            }
            (FileProblem::TooLarge { size, limit }, Lang::Sv) => format!(
                "filen är {} MB, större än gränsen {} MB",
                size.div_ceil(1 << 20),
                limit / (1 << 20)
            ),
            (FileProblem::TooLarge { size, limit }, Lang::En) => format!(
                "the file is {} MB, larger than the limit of {} MB",
                size.div_ceil(1 << 20),
                limit / (1 << 20)
            ),
        }
    }

    /// What the sender can do about it, in `lang`.
    pub fn hint(&self, lang: Lang) -> String {
        match self {
            FileProblem::UnknownSubmitter(_) => lang
                .pick(
                    "ange avsändaren med --as <aktör>, eller lägg filen i mappen <inkorg>/<aktörs-id>/",
                    "name the submitter with --as <actor>, or put the file in the folder <inbox>/<actor-id>/",
                )
                .into(),
            FileProblem::Binary => lang
                .pick("spara som CSV (semikolonavgränsad) i Excel och skicka in den", "save it as CSV (semicolon-separated) in Excel and send that")
                .into(),
            FileProblem::NotRegular(_) => lang
                .pick("spara värdena som en CSV-fil och ange den filen", "save the values as a CSV file and give that file")
                .into(),
            FileProblem::TooLarge { .. } => lang
                .pick(
                    "dela upp filen, eller höj gränsen med --max-file-size om filen ska vara så stor",
                    "split the file, or raise the limit with --max-file-size if it is meant to be this large",
                )
                .into(),
            FileProblem::MissingRegistryColumns(_)
            | FileProblem::DuplicateColumn(Column::Entry | Column::Field | Column::Year) => lang
                .pick(
                    "första raden i en uppdateringsfil ska vara: registerpost;fält;år;värde;kommentar (kommentar får utelämnas)",
                    "the first row of an update file must be: entry,field,year,value,comment (comment may be left out)",
                )
                .into(),
            _ => lang
                .pick(
                    "första raden ska vara: indikator;aktör;period;kön;värde;kommentar (kön och kommentar får utelämnas)",
                    "the first row must be: indicator,actor,period,gender,value,comment (gender and comment may be left out)",
                )
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `num(x, lang)` is `expected`.
    fn check(x: f64, lang: Lang, expected: &str) {
        assert_eq!(num(x, lang), expected, "{x}");
    }

    #[test]
    fn message_numbers_keep_their_own_digits() {
        check(1234.5, Lang::Sv, "1234,5");
        check(1234.5, Lang::En, "1234.5");
        check(0.123_456_7, Lang::Sv, "0,123457");
        check(2.0, Lang::En, "2");
        // Where they differ from core's `plain_number` (see `num`).
        check(-0.0, Lang::Sv, "-0");
        check(1e24, Lang::En, "1000000000000000000000000");
        check(12_345_678_901.123, Lang::Sv, "12345678901,123");
        check(4_294_967_296.1, Lang::En, "4294967296.100001");
        check(1e303, Lang::En, "inf");
    }
}
