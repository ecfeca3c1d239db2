//! Kolada's open API (v3): its data pages into the store. Each page is a submission of the
//! source `kolada`, settled like a submitted file (unchanged values record nothing, a changed
//! value is a revision, a locked period gets a proposal), so Kolada's corrections of old years
//! show in the history.
//!
//! A page is `{"count", "values": [{"kpi", "municipality", "period", "values": [{"gender",
//! "value", "count", "status"}]}], "next_url", "previous_url"}`. The values the plan follows are
//! read: Kolada indicators of the catalogue, for the plan's actors (by their Kolada code) and
//! reference geographies, in the genders the indicator is split by. The others are counted as
//! not used.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use utblick_core::{
    Actor, ActorKind, Gender, GenderSplit, Lang, Loc, MissingMarker, ObsValue, Origin, Period,
    PeriodType,
};
use utblick_store::{Begin, NewSubmission, StagedRow, Store};

use crate::problem::Problem;
use crate::series::{SeriesNumbers, Settled};
use crate::validate::{Checked, RowDiag, Rules};
use crate::{IngestError, Options, Outcome, Receipt, conclude};

/// The source's name, as the submitter of its pages.
pub const KOLADA: &str = "kolada";

/// The submitter of Kolada's pages: a source that may give values for every actor.
pub fn kolada_submitter() -> Actor {
    Actor {
        id: KOLADA.into(),
        name: "Kolada (RKA)".into(),
        kind: ActorKind::Reference,
        code: None,
        coordinator: true,
        loc: Loc::new(utblick_core::FileId(0), 0..0),
    }
}

/// A page that cannot be read, or names what the plan does not know: where and why.
#[derive(Clone, Debug, PartialEq)]
pub struct PageError {
    /// The page's file as the user should see it named.
    pub file: String,
    /// The line of the page the error is at (1-based).
    pub line: u64,
    /// The column on that line (1-based).
    pub column: u64,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl PageError {
    /// `file:line:column: error[kolada-page]: message` and the hint, as plan check writes them.
    pub fn render(&self) -> String {
        format!(
            "{}:{}:{}: error[kolada-page]: {}\n  hint: {}\n",
            utblick_core::printable(&self.file),
            self.line,
            self.column,
            utblick_core::printable(&self.message),
            self.hint
        )
    }
}

/// One value of a page: an item's value for one gender, with the line the item starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct KoladaValue {
    /// The line the item starts on in the page.
    pub line: u64,
    /// The Kolada KPI id (`N02267`).
    pub kpi: String,
    /// The Kolada code of the municipality, region or group the value is for (`1880`, `0018`).
    pub municipality: String,
    /// The period as Kolada gives it (a year, `2022`).
    pub period: String,
    /// Kolada's gender code: `T`, `K` or `M`.
    pub gender: String,
    /// `None` where Kolada publishes no number (`null`): missing, never zero.
    pub value: Option<f64>,
    /// Kolada's status of the value (e.g. `Saknas`), empty when none; stored as its comment.
    pub status: String,
}

/// A data page, read.
#[derive(Clone, Debug, PartialEq)]
pub struct KoladaPage {
    /// The page's file as the user should see it named.
    pub file: String,
    /// Of the page's bytes: the same page again is already ingested.
    pub sha256: String,
    /// Every value of the page, item by item, in page order.
    pub values: Vec<KoladaValue>,
    /// The next page of the same query, if there is one.
    pub next_url: Option<String>,
}

#[derive(Deserialize)]
struct RawPage<'a> {
    #[serde(borrow)]
    values: Vec<&'a RawValue>,
    #[serde(default)]
    next_url: Option<String>,
}

#[derive(Deserialize)]
struct Item {
    kpi: String,
    municipality: String,
    period: serde_json::Value,
    values: Vec<GenderValue>,
}

#[derive(Deserialize)]
struct GenderValue {
    gender: String,
    value: Option<f64>,
    #[serde(default)]
    status: Option<String>,
}

const PAGE_HINT: &str = "save the response of Kolada's data endpoint (api.kolada.se/v3/data/...) as it came, or fetch it again with `utblick kolada fetch`";

/// Reads one data page; a page that is not one is an error with its place.
pub fn read_page(file: &str, bytes: &[u8]) -> Result<KoladaPage, PageError> {
    let error = |line: u64, column: u64, message: String| PageError {
        file: file.to_string(),
        line,
        column,
        message,
        hint: PAGE_HINT.into(),
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64;
        error(line, 1, "the page is not UTF-8 text, so not a response of Kolada's API".into())
    })?;
    let page: RawPage<'_> = serde_json::from_str(text).map_err(|e| {
        let message = format!("not a Kolada data page: {}", without_place(&e));
        error(e.line() as u64, e.column().max(1) as u64, message)
    })?;
    let mut values = Vec::new();
    // Items are in order: their lines are counted as they come.
    let (mut line, mut at) = (1u64, 0usize);
    for raw in page.values {
        let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        line += text.as_bytes()[at..start].iter().filter(|&&b| b == b'\n').count() as u64;
        at = start;
        let item: Item = serde_json::from_str(raw.get()).map_err(|e| {
            let message = format!("an item is not a Kolada value: {}", without_place(&e));
            error(line + e.line() as u64 - 1, e.column().max(1) as u64, message)
        })?;
        let period = match &item.period {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => {
                return Err(error(
                    line,
                    1,
                    format!("the period {other} is neither a year nor a text"),
                ));
            }
        };
        for v in item.values {
            values.push(KoladaValue {
                line,
                kpi: item.kpi.clone(),
                municipality: item.municipality.clone(),
                period: period.clone(),
                gender: v.gender,
                value: v.value,
                status: v.status.unwrap_or_default(),
            });
        }
    }
    let sha256 = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    Ok(KoladaPage { file: file.to_string(), sha256, values, next_url: page.next_url })
}

/// serde_json's message without the place it appends (the error says the place itself).
fn without_place(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The KPIs of pages that are no Kolada indicator of the catalogue, once each per page: such
/// pages answer another question than the plan's, and nothing of them is stored.
pub fn unknown_kpis(pages: &[KoladaPage], catalogue: &utblick_core::Catalogue) -> Vec<PageError> {
    let known = kolada_indicators(catalogue);
    let mut out = Vec::new();
    for page in pages {
        let mut said: Vec<&str> = Vec::new();
        for v in &page.values {
            if known.contains_key(v.kpi.as_str()) || said.contains(&v.kpi.as_str()) {
                continue;
            }
            said.push(&v.kpi);
            let also =
                catalogue.indicators().iter().find(|i| i.kolada_id() == Some(v.kpi.as_str()));
            let (message, hint) = match also {
                Some(i) => (
                    format!("`{}` is the catalogue's `{}`, whose values are not from Kolada (from = \"{}\")", v.kpi, i.id, i.origin.as_str()),
                    "set `from = \"kolada\"` on the indicator to take its values from Kolada".to_string(),
                ),
                None => (
                    format!("`{}` is no Kolada indicator of the catalogue", v.kpi),
                    "add it to the catalogue with `from = \"kolada\"`, or fetch only the plan's KPIs (`utblick kolada fetch`)".to_string(),
                ),
            };
            out.push(PageError { file: page.file.clone(), line: v.line, column: 1, message, hint });
        }
    }
    out
}

/// Catalogue positions of the Kolada indicators, by KPI id.
fn kolada_indicators(catalogue: &utblick_core::Catalogue) -> HashMap<&str, usize> {
    catalogue
        .indicators()
        .iter()
        .enumerate()
        .filter(|(_, i)| i.origin == Origin::Kolada)
        .filter_map(|(n, i)| i.kolada_id().map(|k| (k, n)))
        .collect()
}

/// A Kolada code without its leading zeros, as codes are compared.
fn code_key(code: &str) -> &str {
    if code.bytes().all(|b| b.is_ascii_digit()) { code.trim_start_matches('0') } else { code }
}

/// Stores one page as one submission of the source. `rules.actors` are the plan's actors with
/// its references ([`utblick_core::Actors::with_references`]); `rules.submitter` is
/// [`kolada_submitter`]. The counts are of the values the plan follows; the rest are
/// [`Receipt::unused`].
pub fn import_page(
    store: &mut Store,
    rules: &Rules<'_>,
    page: &KoladaPage,
    received_at: &str,
    options: Options,
) -> Result<Receipt, IngestError> {
    let mut receipt = Receipt::new(&page.file, KOLADA);
    let sub = NewSubmission {
        submitter: KOLADA.into(),
        file_name: page.file.clone(),
        sha256: page.sha256.clone(),
        received_at: received_at.into(),
    };
    let tx = match store.begin(&sub)? {
        Begin::AlreadyIngested(past) => {
            receipt.counts.read = past.counts.read;
            receipt.counts.unchanged = past.counts.read;
            receipt.outcome = Outcome::AlreadyIngested(past);
            return Ok(receipt);
        }
        Begin::New(tx) => tx,
    };
    receipt.before = tx.before().cloned();
    let indicators = kolada_indicators(rules.catalogue);
    let places: HashMap<&str, usize> = rules
        .actors
        .list()
        .iter()
        .enumerate()
        .filter_map(|(n, a)| a.code.as_deref().map(|c| (code_key(c), n)))
        .collect();
    let numbers = SeriesNumbers::new(rules);
    let mut settled = Settled::new(rules, &numbers, !options.dry_run, None, true);
    // The source's figures are what they are: no deviation or unit-slip warnings on them.
    settled.level_checks = false;
    let mut tx = tx;
    for v in &page.values {
        let (Some(&ind), Some(&actor)) =
            (indicators.get(v.kpi.as_str()), places.get(code_key(&v.municipality)))
        else {
            receipt.unused += 1;
            continue;
        };
        let indicator = &rules.catalogue.indicators()[ind];
        let gender = match (indicator.gender, Gender::parse(&v.gender)) {
            (GenderSplit::None, Some(Gender::Total)) => None,
            (split, Some(g)) if split != GenderSplit::None && split.allows(Some(g)) => Some(g),
            _ => {
                receipt.unused += 1;
                continue;
            }
        };
        receipt.counts.read += 1;
        let mut reject = |problem: Problem, raw: &str| {
            receipt.diagnostics.push(RowDiag {
                line: v.line,
                column: None,
                raw: raw.into(),
                problem,
            });
            receipt.counts.rejected += 1;
        };
        // Kolada dates a school year and a window of years by the year they end in
        // (2022 for 2021/22, for 2018-2022).
        let parsed = v.period.parse::<Period>().map(|p| match (p, indicator.period_type) {
            (Period::Year(y), PeriodType::SchoolYear | PeriodType::Years) => {
                indicator.period_ending(y).unwrap_or(p)
            }
            _ => p,
        });
        let period = match parsed {
            Ok(p) if indicator.fits(p) => p,
            Ok(_) => {
                let problem = Problem::PeriodTypeMismatch {
                    expected: indicator.period_type.as_str(),
                    example: indicator.period_type.example(),
                };
                reject(problem, &v.period);
                continue;
            }
            Err(e) => {
                reject(Problem::BadPeriod(e), &v.period);
                continue;
            }
        };
        let today = rules.submitted_on;
        if period.start_month() > today.month_index() {
            reject(Problem::FuturePeriod { today: today.to_string() }, &v.period);
            continue;
        }
        let value = match v.value {
            Some(x) if !indicator.range.contains(x) => {
                let problem = Problem::OutOfRange {
                    range: indicator.range.describe(),
                    unit: indicator.unit.clone(),
                };
                reject(problem, &x.to_string());
                continue;
            }
            Some(x) => ObsValue::Number(x),
            None => ObsValue::Missing(MissingMarker::DotDot),
        };
        let checked = Checked {
            indicator: ind,
            actor,
            period,
            gender,
            breakdown: 0,
            value,
            comment: &v.status,
        };
        let row = StagedRow { line: v.line, period, value, comment: v.status.clone() };
        tx.stage(numbers.number(&checked), row)?;
    }
    tx.for_each_staged_series(|tx, number, rows| settled.series(tx, number, rows))?;
    receipt.diagnostics.extend(settled.diagnostics);
    receipt.counts.rejected += settled.conflict_lines.len() as u64;
    receipt.counts.stored = settled.stored;
    receipt.counts.unchanged = settled.unchanged;
    receipt.counts.proposed = settled.proposed;
    receipt.counts.warnings = receipt
        .diagnostics
        .iter()
        .filter(|d| d.problem.severity() == utblick_core::Severity::Warning)
        .count() as u64;
    conclude(tx, &mut receipt, options.dry_run)?;
    receipt.sort();
    Ok(receipt)
}

/// How many values of the page were not for the plan, in words, for the receipt.
pub(crate) fn unused_line(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!(
            "  {n} värden för platser, indikatorer eller kön som planen inte följer lästes inte\n"
        ),
        Lang::En => format!(
            "  {n} values for places, indicators or genders the plan does not follow were not read\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_reads_with_the_line_of_each_item() {
        let text = "{\n \"count\": 2,\n \"values\": [\n  {\"kpi\": \"N1\", \"municipality\": \"0018\", \"period\": 2021,\n   \"values\": [{\"gender\": \"T\", \"value\": 9.9, \"count\": 1, \"status\": \"\"}]},\n  {\"kpi\": \"N1\", \"municipality\": \"1880\", \"period\": \"2022\",\n   \"values\": [{\"gender\": \"K\", \"value\": null, \"status\": \"Saknas\"}, {\"gender\": \"M\", \"value\": 3}]}\n ],\n \"next_url\": \"https://api.kolada.se/v3/data?page=2\"\n}\n";
        let page = read_page("p.json", text.as_bytes()).unwrap();
        let got: Vec<(u64, &str, &str, &str, Option<f64>)> = page
            .values
            .iter()
            .map(|v| {
                (v.line, v.municipality.as_str(), v.period.as_str(), v.gender.as_str(), v.value)
            })
            .collect();
        assert_eq!(
            got,
            [
                (4, "0018", "2021", "T", Some(9.9)),
                (6, "1880", "2022", "K", None),
                (6, "1880", "2022", "M", Some(3.0))
            ]
        );
        assert_eq!(page.next_url.as_deref(), Some("https://api.kolada.se/v3/data?page=2"));
    }

    #[test]
    fn a_page_that_is_none_says_where() {
        let e = read_page("p.json", b"{\n \"values\": [\n  {\"kpi\": 1}\n ]\n}").unwrap_err();
        assert_eq!(
            (e.line, e.message.starts_with("an item is not a Kolada value")),
            (3, true),
            "{e:?}"
        );
        // Cut off: the error is where the text ends.
        let e = read_page("p.json", b"{\n \"count\": 2,\n \"values\": [ {} ,\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 1), "{e:?}");
        assert_eq!(e.message, "not a Kolada data page: EOF while parsing a value");
        let e = read_page("p.json", b"<html>Service Unavailable</html>").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1), "{e:?}");
        assert_eq!(e.message, "not a Kolada data page: expected value");
    }
}
