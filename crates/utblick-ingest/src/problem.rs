//! What can be wrong with a submitted file or row, in Swedish and English.

use utblick_core::{Lang, PeriodError, Severity};

use crate::reader::{Column, FileProblem};
use crate::validate::Deviation;

/// A problem with one row (or, at line 1, with the header).
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    UnknownIndicator,
    UnknownActor,
    NotOwnActor {
        submitter: String,
        actor: String,
    },
    NotAReporter {
        actor: String,
        indicator: String,
    },
    BadPeriod(PeriodError),
    PeriodTypeMismatch {
        expected: &'static str,
        example: &'static str,
    },
    FuturePeriod {
        today: String,
    },
    GenderNotSplit {
        indicator: String,
    },
    GenderRequired {
        indicator: String,
    },
    BadGender,
    BadNumber,
    NotFinite,
    OutOfRange {
        range: String,
        unit: String,
    },
    Conflict {
        other_lines: Vec<u64>,
    },
    DuplicateRow {
        first_line: u64,
    },
    FieldCount {
        found: usize,
        expected: usize,
    },
    Csv(String),
    Deviation(Deviation),
    LongComment {
        chars: usize,
    },
    UnknownColumn,
    /// `--strict`: another error in the file rejected this row.
    StrictRejected,
}

impl Problem {
    pub fn code(&self) -> &'static str {
        match self {
            Problem::UnknownIndicator => "unknown-indicator",
            Problem::UnknownActor => "unknown-actor",
            Problem::NotOwnActor { .. } => "not-own-actor",
            Problem::NotAReporter { .. } => "not-a-reporter",
            Problem::BadPeriod(_) => "bad-period",
            Problem::PeriodTypeMismatch { .. } => "period-type-mismatch",
            Problem::FuturePeriod { .. } => "future-period",
            Problem::GenderNotSplit { .. } => "gender-not-split",
            Problem::GenderRequired { .. } => "gender-required",
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
            Problem::UnknownColumn => "unknown-column",
            Problem::StrictRejected => "strict",
        }
    }

    /// Warnings leave the row in; errors reject it.
    pub fn severity(&self) -> Severity {
        match self {
            Problem::NotAReporter { .. }
            | Problem::DuplicateRow { .. }
            | Problem::Deviation(_)
            | Problem::LongComment { .. }
            | Problem::UnknownColumn => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The message; `raw` is the cell's text as written.
    pub fn message(&self, lang: Lang, raw: &str) -> String {
        match (self, lang) {
            (Problem::UnknownIndicator, Lang::Sv) => format!("okänd indikator `{raw}`"),
            (Problem::UnknownIndicator, Lang::En) => format!("unknown indicator `{raw}`"),
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
            (Problem::Conflict { other_lines }, Lang::Sv) => {
                format!(
                    "samma indikator, aktör, period och kön som rad {} men ett annat värde",
                    lines(other_lines)
                )
            }
            (Problem::Conflict { other_lines }, Lang::En) => {
                format!(
                    "same indicator, actor, period and gender as line {} but another value",
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
            (Problem::UnknownColumn, Lang::Sv) => format!("okänd kolumn `{raw}` läses inte"),
            (Problem::UnknownColumn, Lang::En) => format!("unknown column `{raw}` is not read"),
            (Problem::StrictRejected, Lang::Sv) => {
                "raden avvisas eftersom filen har fel (--strict)".into()
            }
            (Problem::StrictRejected, Lang::En) => {
                "the row is rejected because the file has errors (--strict)".into()
            }
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
                .pick("skriv år som 2023, kvartal som 2023K1 och månad som 2023-01", "write a year as 2023, a quarter as 2023Q1 and a month as 2023-01")
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
            Problem::UnknownColumn => lang
                .pick(
                    "kända kolumner: indikator, aktör, period, kön, värde, kommentar",
                    "known columns: indicator, actor, period, gender, value, comment",
                )
                .into(),
            Problem::StrictRejected => lang
                .pick("rätta felen i filen och skicka in den igen", "correct the errors in the file and send it again")
                .into(),
        }
    }
}

fn sv_period(t: &str) -> &'static str {
    match t {
        "year" => "år",
        "quarter" => "kvartal",
        _ => "månad",
    }
}

fn lines(ls: &[u64]) -> String {
    ls.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}

impl FileProblem {
    pub fn code(&self) -> &'static str {
        match self {
            FileProblem::Empty => "empty-file",
            FileProblem::Binary => "binary-file",
            FileProblem::NoHeader => "no-header",
            FileProblem::MissingColumns(_) => "missing-column",
            FileProblem::DuplicateColumn(_) => "duplicate-column",
            FileProblem::Csv(_) => "csv",
            FileProblem::UnknownSubmitter(_) => "unknown-submitter",
        }
    }

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
        }
    }

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
            _ => lang
                .pick(
                    "första raden ska vara: indikator;aktör;period;kön;värde;kommentar (kön och kommentar får utelämnas)",
                    "the first row must be: indicator,actor,period,gender,value,comment (gender and comment may be left out)",
                )
                .into(),
        }
    }
}
