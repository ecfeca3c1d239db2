//! The report's files: `index.html` (or a site), `summary.md`, `status.csv`, `series.csv`,
//! `series.parquet`, `charts/*.svg` (and `*.png`) and `report.pdf`.
//!
//! This module builds them and holds what every rendering says alike (the analyses in `Ctx`,
//! the texts of status, change, forecast, source and completeness, the rows of an indicator's
//! figures); its children render: `html`, `markdown`, `tables` (CSV and Parquet) and `pdf`.

// The HTML is written line by line with explicit `\n`s, so that it reads like the page.
#![allow(clippy::write_with_newline)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use polars::prelude::*;
use utblick_core::{
    Actors, Aggregation, Catalogue, Date, Direction, Lang, ObsKey, ObsValue, Plan, StatusMethod,
    format_number, in_lang,
};

use crate::charts::{self, ChartError};
use crate::text::{self, csv_text, markdown, markdown_paragraph, status_symbol, status_word};
use rayon::prelude::*;
use utblick_analysis::{AnalysisError, IndicatorAnalysis, Values, analyse_values};
use utblick_analysis::{Assessment, Change, ChangeDirection, Status, Withheld};

/// What the report is made from.
pub struct ReportInput<'a> {
    /// The plan followed up: its areas, goals, targets and activities give the report its
    /// order and what each indicator is judged against.
    pub plan: &'a Plan,
    /// The indicator catalogue: names, units, decimals, directions and how the county's value
    /// is made from the actors' values.
    pub catalogue: &'a Catalogue,
    /// The actors, for their names and for who was due to report what.
    pub actors: &'a Actors,
    /// The report's date (the report reads no clock): the cover says it, and it decides
    /// which periods are due and how the registry stood.
    pub as_of: Date,
    /// The language the report is written in, numbers and dates included.
    pub lang: Lang,
    /// Also write each chart as PNG.
    pub png: bool,
    /// Also write `report.pdf`, typeset without a browser.
    pub pdf: bool,
    /// Write a small site (index, a page per area and per indicator) instead of one page;
    /// a plan with more than [`SITE_FROM`] indicator targets always gets one.
    pub site: bool,
    /// Values sent for locked periods that wait for approval: not current, listed apart.
    pub awaiting: Vec<Awaiting>,
    /// When each indicator's figures last changed in the store (the day the latest of its
    /// current values was received), shown as "updated".
    pub updated: std::collections::HashMap<String, Date>,
    /// The registry of the international work as it stands (the plan's, with the actors'
    /// updates applied): the report's sections on the four tools, and the entries behind
    /// each registry indicator's figures.
    pub registry: &'a utblick_core::Registry,
}

/// A value sent for a locked period, waiting for the coordinator's approval.
#[derive(Clone, Debug, PartialEq)]
pub struct Awaiting {
    /// Which indicator, actor, period, gender and breakdown cell the value is for.
    pub key: ObsKey,
    /// The value sent, as the report lists it until it is approved.
    pub value: ObsValue,
    /// The current value it would replace.
    pub current: Option<ObsValue>,
}

/// One file of the report, its path relative to the output folder.
pub struct OutputFile {
    /// Where the file goes under the output folder (`index.html`, `charts/01-x.svg`), with
    /// `/` between folders; built from sanitised ids only.
    pub path: String,
    /// The file's whole content, to be written as it is.
    pub bytes: Vec<u8>,
}

/// The counts per status of one area, for the command's summary line.
pub struct AreaSummary {
    /// The area's name in the report's language.
    pub name: String,
    /// How many of the area's indicator targets have each status, every status listed (in
    /// [`Status::ALL`]'s order), zeros included.
    pub counts: Vec<(Status, usize)>,
}

/// The finished report, its files given to the [`Sink`]: what the command says of it.
pub struct Report {
    /// How many files the sink took.
    pub files: usize,
    /// Per area of the plan, in plan order: the counts per status for the summary line.
    pub areas: Vec<AreaSummary>,
    /// With `pdf`: how full each page of `report.pdf` is, for the layout's tests.
    pub pdf_pages: Vec<PdfPage>,
}

/// Why no report could be built. None of these comes from bad input (the plan and values are
/// checked before): each is a failure of this program or a library it uses.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The analysis of the values failed.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// A chart could not be drawn or encoded.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The series could not be put in a frame or written as Parquet.
    #[error("report: {0}")]
    Polars(#[from] PolarsError),
    /// Typst could not typeset `report.pdf`; the message names the line of the generated
    /// source.
    #[error("report.pdf: {0}")]
    Pdf(String),
    /// The [`Sink`] could not take a file.
    #[error("report: cannot write {path}: {source}")]
    Write {
        /// The file's path in the report.
        path: String,
        /// What the sink said.
        source: std::io::Error,
    },
}

/// Where the report's files go, each as soon as it is made: a national report is a thousand
/// files and 100 MB of data files, none of which need wait in memory for the others. Paths
/// are relative, with `/` between folders, and made from sanitised ids only. Files are given
/// from more than one thread, in no particular order.
pub trait Sink: Sync {
    /// Takes the whole file `path`.
    fn file(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// A writer for the file `path`, written as it is made (`series.csv`, `series.parquet`),
    /// complete once flushed and dropped; buffering is the writer's own.
    fn open(&self, path: &str) -> std::io::Result<Box<dyn std::io::Write + Send + '_>>;
}

/// A [`Sink`] that keeps the files in memory: for tests, and for a caller that puts the
/// report somewhere other than a folder.
#[derive(Default)]
pub struct InMemory {
    files: std::sync::Mutex<Vec<OutputFile>>,
}

impl InMemory {
    /// The files taken, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    fn push(&self, path: &str, bytes: Vec<u8>) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push(OutputFile { path: path.to_string(), bytes });
    }
}

impl Sink for InMemory {
    fn file(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.push(path, bytes.to_vec());
        Ok(())
    }

    fn open(&self, path: &str) -> std::io::Result<Box<dyn std::io::Write + Send + '_>> {
        Ok(Box::new(InMemoryFile { sink: self, path: path.to_string(), bytes: Vec::new() }))
    }
}

/// A file of an [`InMemory`] sink being written: taken when dropped.
struct InMemoryFile<'s> {
    sink: &'s InMemory,
    path: String,
    bytes: Vec<u8>,
}

impl std::io::Write for InMemoryFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for InMemoryFile<'_> {
    fn drop(&mut self) {
        self.sink.push(&self.path, std::mem::take(&mut self.bytes));
    }
}

/// Gives files to a [`Sink`] and counts them.
pub(crate) struct Out<'s> {
    sink: &'s dyn Sink,
    count: std::sync::atomic::AtomicUsize,
}

impl Out<'_> {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), ReportError> {
        self.sink
            .file(path, bytes)
            .map_err(|source| ReportError::Write { path: path.to_string(), source })?;
        self.count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    fn open(&self, path: &str) -> Result<Box<dyn std::io::Write + Send + '_>, ReportError> {
        let w = self
            .sink
            .open(path)
            .map_err(|source| ReportError::Write { path: path.to_string(), source })?;
        self.count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(w)
    }
}

/// A file name from an id that came from a plan: only letters, digits, `-` and `_`.
fn file_stem(i: usize, id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .take(40)
        .collect();
    format!("{:02}-{clean}", i + 1)
}

struct Ctx<'a> {
    input: &'a ReportInput<'a>,
    analyses: Vec<IndicatorAnalysis<'a>>,
    /// The charts of each analysis, as inline SVG.
    svgs: Vec<Svgs>,
    /// The EU funding chart of the international work, as inline SVG, where there is EU money.
    funding: Option<String>,
}

/// The funding chart's file, for the PDF.
const FUNDING_CHART: &str = "charts/intl-eu-funding.svg";

/// One analysis' charts as SVG text: the trend always, the ranking of actors and the
/// women/men panel where the analysis has them.
struct Svgs {
    trend: String,
    ranking: Option<String>,
    genders: Option<String>,
}

impl Ctx<'_> {
    fn lang(&self) -> Lang {
        self.input.lang
    }

    fn t(&self, sv: &'static str, en: &'static str) -> &'static str {
        self.input.lang.pick(sv, en)
    }

    /// When the indicator's figures last changed in the store, if it has any.
    fn updated(&self, indicator: &str) -> Option<Date> {
        self.input.updated.get(indicator).copied()
    }

    fn actor_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.input.actors.get(id).map_or(id, |a| a.name.as_str())
    }

    fn value(&self, a: &IndicatorAnalysis<'_>, x: f64) -> String {
        format_number(x, a.indicator.decimals, self.lang())
    }

    /// The analyses of one area, in plan order.
    fn of_area<'s>(
        &'s self,
        area: &'s str,
    ) -> impl Iterator<Item = &'s IndicatorAnalysis<'s>> + 's {
        let plan = self.input.plan;
        self.analyses
            .iter()
            .filter(move |a| plan.area_of_target(a.target).is_some_and(|x| x.id == area))
    }

    /// The columns of the summary table, in HTML and Markdown alike.
    fn summary_head(&self) -> [&'static str; 6] {
        [
            self.t("Indikator", "Indicator"),
            self.t("Status", "Status"),
            self.t("Senaste värde", "Latest value"),
            self.t("Mål", "Target"),
            self.t("Förändring", "Change"),
            self.t("Når målet?", "Reaches the target?"),
        ]
    }

    fn counts(&self, area: &str) -> Vec<(Status, usize)> {
        Status::ALL
            .iter()
            .map(|s| (*s, self.of_area(area).filter(|a| a.status.status == *s).count()))
            .collect()
    }

    fn latest_text(&self, a: &IndicatorAnalysis<'_>, s: &Assessment) -> String {
        match s.latest {
            Some(d) => {
                format!("{} ({})", self.value(a, d.value), text::period(d.period, self.lang()))
            }
            None => "–".into(),
        }
    }

    fn target_text(&self, a: &IndicatorAnalysis<'_>) -> String {
        let t = a.target;
        match (t.target.value.value, t.target.period.value) {
            (Some(v), Some(p)) => {
                format!("{} ({})", self.value(a, v), text::period(p, self.lang()))
            }
            (None, Some(p)) => format!(
                "{} ({})",
                direction_goal(a.indicator.direction, self.lang()),
                text::period(p, self.lang())
            ),
            _ => "–".into(),
        }
    }

    /// The county's direction of change since the baseline, judged by the indicator's
    /// direction.
    fn change_text(&self, a: &IndicatorAnalysis<'_>) -> String {
        match a.change {
            Some(ch) => change_text(self, a, Some(&ch)),
            None => "–".into(),
        }
    }

    /// The direction of change in two words: `↗ bättre`.
    fn change_short(&self, a: &IndicatorAnalysis<'_>) -> String {
        let full = self.change_text(a);
        full.split(" (").next().unwrap_or(&full).to_string()
    }

    /// Whether the trend reaches the target, in a word: `ja`, `nej`, `osäker`, `–`.
    fn reaches_short(&self, a: &IndicatorAnalysis<'_>) -> String {
        match (a.forecast, a.withheld) {
            (_, Some(_)) => self.t("osäker", "uncertain").into(),
            (Some(f), _) if f.reaches => self.t("ja", "yes").into(),
            (Some(_), _) => self.t("nej", "no").into(),
            (None, None) => "–".into(),
        }
    }

    /// Who compiled the report: the actor answering for most of the plan's targets.
    fn compiler(&self) -> &str {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for t in &self.input.plan.targets {
            match counts.iter_mut().find(|c| c.0 == t.responsible.value) {
                Some(c) => c.1 += 1,
                None => counts.push((t.responsible.value.as_str(), 1)),
            }
        }
        let top = counts.iter().max_by_key(|c| c.1).map_or("", |c| c.0);
        self.actor_name(top)
    }

    /// An area's name in the report's language.
    fn name_of_area(&self, area: &utblick_core::Area) -> String {
        in_lang(self.lang(), &area.name, &area.name_en)
    }

    /// The plan's title in the report's language.
    fn plan_title(&self) -> String {
        let plan = self.input.plan;
        in_lang(self.lang(), &plan.title, &plan.title_en)
    }

    /// Whether the trend reaches the target: the forecast, or why there is none.
    fn reaches_text(&self, a: &IndicatorAnalysis<'_>) -> String {
        if let Some(w) = a.withheld {
            let why = match w {
                Withheld::TooFewPoints => self.t("för få punkter", "too few points"),
                Withheld::PoorFit => {
                    self.t("värdena följer ingen rak linje", "the values follow no straight line")
                }
                Withheld::CadenceGap => self.t("luckor i serien", "gaps in the series"),
                Withheld::Seasonal => self.t("säsongsvariation", "seasonal variation"),
                Withheld::TooFarAhead => {
                    self.t("målåret ligger för långt fram", "the target year is too far ahead")
                }
            };
            return format!("{} ({why})", self.t("osäker prognos", "uncertain forecast"));
        }
        let Some(f) = a.forecast else { return "–".into() };
        let bound = if f.clamped {
            format!(
                ", {}",
                self.t("vid gränsen för möjliga värden", "at the limit of possible values")
            )
        } else {
            String::new()
        };
        if f.reaches {
            format!(
                "{} ({} {}{bound})",
                self.t("ja", "yes"),
                self.t("prognos", "forecast"),
                self.value(a, f.at_target)
            )
        } else {
            format!(
                "{} {} ({} {}{bound})",
                self.t("nej, missar med", "no, misses by"),
                self.value(a, f.gap),
                self.t("prognos", "forecast"),
                self.value(a, f.at_target)
            )
        }
    }

    /// One sentence where the status and the forecast seem to disagree, saying why.
    /// An indicator's verdicts and notes beside its figures, in every rendering alike:
    /// status, change, whether it reaches the target, why those differ, the planner's
    /// analysis, how the county value was computed, and completeness. The goal's success
    /// criteria stand once, under the goal's heading.
    fn facts(&self, a: &IndicatorAnalysis<'_>) -> Vec<(&'static str, String)> {
        let mut facts = vec![
            (self.t("Status", "Status"), status_detail(self, a)),
            (self.t("Förändring", "Change"), self.change_text(a)),
            (self.t("Når målet?", "Reaches the target?"), self.reaches_text(a)),
        ];
        if let Some(why) = self.disagreement(a) {
            facts.push((self.t("Varför olika?", "Why they differ"), why));
        }
        if !a.target.analysis.is_empty() {
            facts.push((self.t("Analys", "Analysis"), a.target.analysis.clone()));
        }
        if let Some(how) = aggregation_text(self, a) {
            facts.push((self.t("Beräkning", "Computation"), how));
        }
        if let Some(c) = completeness_text(self, a) {
            facts.push((self.t("Fullständighet", "Completeness"), c));
        }
        facts
    }

    fn disagreement(&self, a: &IndicatorAnalysis<'_>) -> Option<String> {
        let f = a.forecast?;
        let n = f.points;
        match a.status.status {
            Status::OnTrack if !f.reaches => Some(match self.lang() {
                Lang::Sv => format!(
                    "Statusen jämför med den raka vägen från utgångsvärdet, där länet ligger i fas; trenden i de {n} senaste värdena är svagare och räcker inte till målet."
                ),
                Lang::En => format!(
                    "The status compares with the straight path from the baseline, where the county is on track; the trend of the latest {n} values is weaker and falls short of the target."
                ),
            }),
            Status::LimitedProgress | Status::Deterioration if f.reaches => {
                Some(match self.lang() {
                    Lang::Sv => format!(
                        "Statusen mäter förändringen sedan utgångsvärdet, som är för liten; trenden i de {n} senaste värdena är starkare och når målet om den håller i sig."
                    ),
                    Lang::En => format!(
                        "The status measures the change since the baseline, which is too small; the trend of the latest {n} values is stronger and reaches the target if it holds."
                    ),
                })
            }
            _ => None,
        }
    }
}

/// Builds every file of the report from `input` and the current `values` (gathered by the
/// caller, e.g. straight from the store), which are freed once analysed, and gives each to
/// `sink` as soon as it is made. On an error the sink may have taken some of the files.
pub fn build<'a>(
    input: ReportInput<'a>,
    values: Values<'a>,
    sink: &dyn Sink,
) -> Result<Report, ReportError> {
    let out = Out { sink, count: Default::default() };
    let analyses = analyse_values(values)?;
    let input = &input;
    // The SVGs `report.pdf` shows, kept for Typst.
    let for_pdf = std::sync::Mutex::new(Vec::new());
    // Each chart as an SVG file (and a PNG on request), given to the sink; the SVG is kept
    // inline for the HTML.
    let keep = |path: String, chart: charts::Chart| -> Result<String, ReportError> {
        out.file(&path, chart.svg.as_bytes())?;
        if let Some(png) = chart.png {
            out.file(&path.replace(".svg", ".png"), &png)?;
        }
        if input.pdf {
            let bytes = chart.svg.clone().into_bytes();
            for_pdf.lock().unwrap_or_else(|e| e.into_inner()).push(OutputFile { path, bytes });
        }
        Ok(chart.svg)
    };
    // The charts are independent of each other, and with PNGs drawing them is most of the
    // report (rasterising and deflating 1,620 px bitmaps): drawn on every core, kept in order.
    let svgs = analyses
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            let stem = file_stem(i, &a.indicator.id);
            let chart = |name: &str, chart| keep(format!("charts/{stem}-{name}.svg"), chart);
            let trend = chart("trend", charts::trend(a, input.lang, input.png)?)?;
            let ranking = charts::ranking(a, input.lang, input.png)?;
            let genders = charts::genders(a, input.lang, input.png)?;
            Ok(Svgs {
                trend,
                ranking: ranking.map(|c| chart("actors", c)).transpose()?,
                genders: genders.map(|c| chart("genders", c)).transpose()?,
            })
        })
        .collect::<Result<Vec<_>, ReportError>>()?;
    // The international work's chart of EU funding per programme and year.
    let mut funding = None;
    if let Some(data) = intl::funding(input)
        && let Some(chart) = charts::funding(data, input.lang, input.png)?
    {
        funding = Some(keep(FUNDING_CHART.into(), chart)?);
    }
    let cx = Ctx { input, analyses, svgs, funding };
    let mut areas = Vec::new();
    for (i, area) in input.plan.areas.iter().enumerate() {
        let counts = cx.counts(&area.id);
        let chart = charts::area_status(&cx.name_of_area(area), &counts, input.lang, input.png)?;
        keep(format!("charts/area-{}.svg", file_stem(i, &area.id)), chart)?;
        areas.push(AreaSummary { name: cx.name_of_area(area), counts });
    }
    let site = input.site || input.plan.targets.len() > SITE_FROM;
    // The pages and the series files (at national scale 2.8 M rows as CSV and Parquet) are
    // independent: made on both cores.
    let (pages, series) = rayon::join(
        || render_html(&cx, site, &mut |path, page| out.file(&path, page.as_bytes())),
        || series_files(&cx, &out),
    );
    pages?;
    series?;
    out.file("summary.md", render_summary(&cx).as_bytes())?;
    out.file("status.csv", &status_csv(&cx))?;
    let mut pdf_pages = Vec::new();
    if input.pdf {
        let stems: Vec<String> =
            cx.analyses.iter().enumerate().map(|(i, a)| file_stem(i, &a.indicator.id)).collect();
        let charts = for_pdf.into_inner().unwrap_or_else(|e| e.into_inner());
        let (pdf, pages) = pdf::compile(pdf::source(&cx, &stems), &charts, input.as_of)?;
        out.file("report.pdf", &pdf)?;
        pdf_pages = pages;
    }
    let files = out.count.into_inner();
    Ok(Report { files, areas, pdf_pages })
}

mod html;
mod intl;
mod markdown;
mod method;
mod pdf;

pub use pdf::PdfPage;
mod tables;

use html::*;
pub(crate) use html::{CSS, finish};
use markdown::*;
use tables::*;

/// A plan with more indicator targets than this gets a small site instead of one page.
pub const SITE_FROM: usize = 60;

/// The anchor of an indicator's article.
fn anchor(id: &str) -> String {
    anchor_with("i", id)
}

/// The anchor of a target's article: from its key, with its place in the plan when another
/// target's key would give the same anchor (`16-24` and `16 24`, `å` and `ä`).
fn target_anchor(cx: &Ctx<'_>, t: &utblick_core::IndicatorTarget) -> String {
    let own = anchor(&t.key);
    let targets = &cx.input.plan.targets;
    let shared = targets.iter().filter(|x| anchor(&x.key) == own).count() > 1;
    match targets.iter().position(|x| std::ptr::eq(x, t)) {
        Some(i) if shared => format!("{own}-{i}"),
        _ => own,
    }
}

/// An HTML id from an id of the plan: a prefix per kind, then letters, digits and `-` only.
fn anchor_with(prefix: &str, id: &str) -> String {
    let clean: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect();
    format!("{prefix}-{clean}")
}

/// The numbers behind the chart from the plan's baseline period on, with the reference
/// geographies' values beside the county's (compared, never judged), the milestones, the
/// forecast and the target, in period order; the whole series as a CSV link inside the page.
/// One row of an indicator's table of figures.
struct SeriesRow {
    period: utblick_core::Period,
    /// The county's value, then each reference's, as shown (empty where none).
    values: Vec<String>,
    /// Values behind the county's and values expected, for a county value put together
    /// from actors.
    actors: Option<(u32, u32)>,
    partial: bool,
    note: String,
}

/// The rows of an indicator's table of figures, in period order: the county's values from the
/// plan's baseline period on beside the references', the baseline (in the row of its period
/// when that shows the same value), milestones, the forecast and the target.
fn series_rows(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> Vec<SeriesRow> {
    let lang = cx.lang();
    let t = a.target;
    let aggregated = a.region.iter().any(|p| p.expected > 1);
    let from = a.baseline.map(|b| b.period).or(t.baseline.period.value);
    let baseline_note = if a.baseline_from_data {
        cx.t(
            "utgångsvärde: länets första värde från planens utgångsperiod",
            "baseline: the county's first value from the plan's baseline period",
        )
    } else {
        cx.t("utgångsvärde i planen", "baseline in the plan")
    };
    let baseline_in_row = a.baseline.filter(|b| {
        a.region
            .iter()
            .any(|p| p.period == b.period && cx.value(a, p.value) == cx.value(a, b.value))
    });
    // (order within the period, row)
    let mut rows: Vec<(u8, SeriesRow)> = Vec::new();
    for p in a.region.iter().filter(|p| from.is_none_or(|f| p.period >= f)) {
        let note = if p.partial {
            cx.t("ofullständigt underlag, jämförs inte", "incomplete data, not compared")
        } else if baseline_in_row.is_some_and(|b| b.period == p.period) {
            baseline_note
        } else {
            ""
        };
        let mut values = vec![cx.value(a, p.value)];
        values.extend(a.references.iter().map(|(_, pts)| {
            pts.iter()
                .find(|d| d.period == p.period)
                .map(|d| cx.value(a, d.value))
                .unwrap_or_default()
        }));
        rows.push((
            1,
            SeriesRow {
                period: p.period,
                values,
                actors: aggregated.then_some((p.actors, p.expected)),
                partial: p.partial,
                note: note.into(),
            },
        ));
    }
    let blank = a.references.len();
    let mut extra = |period, order, value: String, note: String| {
        let mut values = vec![value];
        values.extend(std::iter::repeat_n(String::new(), blank));
        rows.push((order, SeriesRow { period, values, actors: None, partial: false, note }));
    };
    if let Some(b) = a.baseline.filter(|_| baseline_in_row.is_none()) {
        extra(b.period, 0, cx.value(a, b.value), baseline_note.into());
    }
    for m in &t.milestones {
        if let (Some(p), Some(v)) = (m.period.value, m.value.value) {
            extra(p, 2, cx.value(a, v), cx.t("delmål", "milestone").into());
        }
    }
    if let (Some(f), Some(p)) = (a.forecast, t.target.period.value) {
        extra(p, 3, cx.value(a, f.at_target), cx.t("prognos", "forecast").into());
    }
    match (t.target.period.value, t.target.value.value) {
        (Some(p), Some(v)) => extra(p, 4, cx.value(a, v), cx.t("mål", "target").into()),
        (Some(p), None) => extra(
            p,
            4,
            String::new(),
            format!("{} {}", cx.t("mål:", "target:"), direction_goal(a.indicator.direction, lang)),
        ),
        _ => {}
    }
    rows.sort_by_key(|(order, r)| (r.period, *order));
    rows.into_iter().map(|(_, r)| r).collect()
}

fn change_text(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>, ch: Option<&Change>) -> String {
    let Some(ch) = ch else {
        return cx.t("för få värden", "too few values").into();
    };
    let (arrow, word) = match ch.direction {
        ChangeDirection::Better => ("↗", cx.t("bättre", "better")),
        ChangeDirection::Worse => ("↘", cx.t("sämre", "worse")),
        ChangeDirection::Same => ("→", cx.t("oförändrat", "unchanged")),
    };
    // The arrow shows the way the value went; the word, whether that is good.
    let arrow = match (ch.direction, ch.to.value >= ch.from.value) {
        (ChangeDirection::Same, _) => arrow,
        (_, true) => "↗",
        (_, false) => "↘",
    };
    format!(
        "{arrow} {word} ({} {} {})",
        cx.t("från", "from"),
        cx.value(a, ch.from.value),
        text::period(ch.from.period, cx.lang())
    )
}

fn status_detail(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> String {
    let s = &a.status;
    match (s.status, s.expected, s.ratio) {
        (Status::NoData, ..) => {
            cx.t("inga värden för länet än", "no values for the county yet").into()
        }
        (Status::TooLittleData, ..) => {
            cx.t("inget värde efter utgångsvärdet än", "no value after the baseline yet").into()
        }
        (Status::Achieved, ..) => cx.t("målet är nått", "the target is reached").into(),
        // A target that only says which way: the change since the baseline.
        _ if a.goal.is_none() => {
            let ch = a
                .baseline
                .zip(s.latest)
                .map(|(b, l)| utblick_analysis::change(a.indicator.direction, b, l));
            format!(
                "{}: {}",
                direction_goal(a.indicator.direction, cx.lang()),
                change_text(cx, a, ch.as_ref())
            )
        }
        (_, Some(e), Some(r)) => format!(
            "{} {} ({} {}), {} {}",
            cx.t("senaste värde", "latest value"),
            cx.latest_text(a, s),
            cx.t("väntat på vägen mot målet", "expected on the way to the target"),
            cx.value(a, e),
            cx.t("kvot", "ratio"),
            if r.is_finite() { format_number(r, 2, cx.lang()) } else { "–".into() }
        ),
        _ => cx.t("utanför intervallet", "outside the band").into(),
    }
}

fn source_text(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> String {
    let ind = a.indicator;
    if let utblick_core::Origin::Derived(f) = &ind.origin {
        let name =
            |id: &str| cx.input.catalogue.get(id).map_or(id.to_string(), |i| i.name_in(cx.lang()));
        let of: Vec<String> = f.of.iter().map(|r| name(&r.value)).collect();
        let how = match f.op {
            utblick_core::FormulaOp::Sum => {
                format!("{} {}", cx.t("summan av", "the sum of"), of.join(" + "))
            }
            utblick_core::FormulaOp::Difference => {
                format!("{} {}", cx.t("skillnaden", "the difference"), of.join(" − "))
            }
            utblick_core::FormulaOp::Ratio => {
                format!("{} / {}", of[0], of.get(1).cloned().unwrap_or_default())
            }
        };
        let scale = if f.scale == 1.0 {
            String::new()
        } else {
            format!(" × {}", format_number(f.scale, 0, cx.lang()))
        };
        return format!(
            "{}: {how}{scale} ({})",
            ind.source,
            cx.t(
                "beräknas vid varje rapport ur de lagrade värdena",
                "computed on every report from the stored values"
            )
        );
    }
    match ind.kolada_id() {
        Some(k) => format!(
            "{} · {} {k} · {}",
            ind.source,
            cx.t("Kolada-nyckeltal", "Kolada KPI"),
            cx.t("Källa: Kolada (RKA)", "Source: Kolada (RKA)")
        ),
        None => ind.source.clone(),
    }
}

/// How the county's value was put together, only where it was: over more than one actor, or
/// not at all.
fn aggregation_text(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> Option<String> {
    let aggregated = a.region.iter().any(|p| p.expected > 1);
    let text = match &a.indicator.aggregation {
        Aggregation::Sum if aggregated => {
            cx.t("summan av rapportörernas värden", "the sum of the reporters' values").into()
        }
        Aggregation::Mean if aggregated => cx
            .t(
                "medelvärdet av rapportörernas värden (ovägt)",
                "the mean of the reporters' values (unweighted)",
            )
            .into(),
        Aggregation::WeightedMean { weight } if aggregated => {
            let w = cx
                .input
                .catalogue
                .get(&weight.value)
                .map_or(weight.value.clone(), |i| i.name_in(cx.lang()));
            format!(
                "{} {w}",
                cx.t("rapportörernas värden vägda med", "the reporters' values weighted by")
            )
        }
        Aggregation::None => cx
            .t(
                "inget länsvärde: källan publicerar inget, och kommunernas andelar kan inte vägas ihop till ett; kommunerna jämförs",
                "no county value: the source publishes none, and the municipalities' shares cannot be weighed into one; the municipalities are compared",
            )
            .into(),
        _ => return None,
    };
    Some(text)
}

/// Who has reported what, for an indicator the actors report (statistics come from their
/// source: nobody can be late with them).
fn completeness_text(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> Option<String> {
    let c = &a.completeness;
    if !a.indicator.is_actor_reported() {
        return None;
    }
    if c.periods.is_empty() {
        return Some(cx.t("inga perioder har förfallit än", "no period is due yet").into());
    }
    let missing: Vec<(&str, utblick_core::Period)> = c.missing().collect();
    let share = c.share_reported().unwrap_or(0.0) * 100.0;
    let mut s = format!(
        "{} {}–{}: {} % {}",
        cx.t("perioder", "periods"),
        text::period(c.periods[0], cx.lang()),
        text::period(*c.periods.last().unwrap_or(&c.periods[0]), cx.lang()),
        format_number(share, 0, cx.lang()),
        cx.t("rapporterat", "reported")
    );
    if !missing.is_empty() {
        let mut by_actor: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (actor, p) in &missing {
            by_actor.entry(actor).or_default().push(text::period(*p, cx.lang()));
        }
        let list: Vec<String> = by_actor
            .iter()
            .map(|(a, ps)| format!("{} ({})", cx.actor_name(a), ps.join(", ")))
            .collect();
        let _ = write!(s, "; {} {}", cx.t("saknas:", "missing:"), list.join("; "));
    }
    Some(s)
}

/// Who has reported what: an actor per row (in the actor file's order), an actor-reported
/// indicator per column (once, however many targets the plan sets on it).
struct Matrix<'a> {
    columns: Vec<&'a utblick_core::Indicator>,
    rows: Vec<(&'a utblick_core::Actor, Vec<MatrixCell>)>,
}

enum MatrixCell {
    /// Not a reporter of the indicator, or nothing due yet.
    NotDue,
    Reported,
    /// The periods due and not reported, in order.
    Missing(Vec<utblick_core::Period>),
}

impl MatrixCell {
    fn text(&self, lang: Lang) -> String {
        match self {
            MatrixCell::NotDue => "·".into(),
            MatrixCell::Reported => "✓".into(),
            MatrixCell::Missing(periods) => {
                let periods: Vec<String> = periods.iter().map(|p| text::period(*p, lang)).collect();
                format!("✗ {}", periods.join(", "))
            }
        }
    }
}

impl Matrix<'_> {
    fn late(&self) -> bool {
        self.rows.iter().any(|r| r.1.iter().any(|c| matches!(c, MatrixCell::Missing(_))))
    }
}

fn reporting_matrix<'a>(cx: &'a Ctx<'a>) -> Matrix<'a> {
    // Per column and reporter: periods due, and those missing.
    let mut columns: Vec<&utblick_core::Indicator> = Vec::new();
    let mut due: Vec<BTreeMap<&str, (usize, Vec<utblick_core::Period>)>> = Vec::new();
    for a in &cx.analyses {
        if !a.indicator.is_actor_reported() || a.completeness.periods.is_empty() {
            continue;
        }
        let i = columns.iter().position(|c| c.id == a.indicator.id).unwrap_or_else(|| {
            columns.push(a.indicator);
            due.push(BTreeMap::new());
            columns.len() - 1
        });
        for (actor, reported) in &a.completeness.rows {
            let cell = due[i].entry(actor.as_str()).or_insert((0, Vec::new()));
            cell.0 += reported.len();
            for (ok, p) in reported.iter().zip(&a.completeness.periods) {
                if !ok && !cell.1.contains(p) {
                    cell.1.push(*p);
                }
            }
        }
    }
    let rows = cx
        .input
        .actors
        .list()
        .iter()
        .filter(|a| due.iter().any(|d| d.contains_key(a.id.as_str())))
        .map(|actor| {
            let cells = due
                .iter()
                .map(|d| match d.get(actor.id.as_str()) {
                    None | Some((0, _)) => MatrixCell::NotDue,
                    Some((_, missing)) if missing.is_empty() => MatrixCell::Reported,
                    Some((_, missing)) => {
                        let mut missing = missing.clone();
                        missing.sort();
                        MatrixCell::Missing(missing)
                    }
                })
                .collect();
            (actor, cells)
        })
        .collect();
    Matrix { columns, rows }
}

/// What the reporting matrix covers and how to read it.
fn matrix_note(cx: &Ctx<'_>) -> String {
    format!(
        "{} {}. {}",
        cx.t(
            "Indikatorer som aktörerna rapporterar själva; statistik hämtas från källan. Perioder efter utgångsvärdet som har avslutats per",
            "Indicators the actors report themselves; statistics come from their source. Periods after the baseline that have ended by"
        ),
        cx.input.as_of,
        cx.t(
            "✓ allt rapporterat, ✗ saknas (med perioderna), · inget att rapportera.",
            "✓ all reported, ✗ missing (with the periods), · nothing due."
        )
    )
}

/// A value as the report shows it: with the indicator's decimals, or the missing marker.
fn value_cell(cx: &Ctx<'_>, indicator: &str, v: Option<ObsValue>) -> String {
    let decimals = cx.input.catalogue.get(indicator).map_or(1, |i| i.decimals);
    match v {
        Some(ObsValue::Number(x)) => format_number(x, decimals, cx.lang()),
        Some(ObsValue::Missing(_)) => cx.t("saknas", "missing").into(),
        None => "–".into(),
    }
}

/// A target that only says which way: `ska öka`, `ska minska`, `ska hållas inom 1–3`.
pub fn direction_goal(d: Direction, lang: Lang) -> String {
    match (d, lang) {
        (Direction::Increase, Lang::Sv) => "ska öka".into(),
        (Direction::Increase, Lang::En) => "to increase".into(),
        (Direction::Decrease, Lang::Sv) => "ska minska".into(),
        (Direction::Decrease, Lang::En) => "to decrease".into(),
        (Direction::Band { low, high }, Lang::Sv) => format!(
            "ska hållas inom {}–{}",
            format_number(low, 1, lang),
            format_number(high, 1, lang)
        ),
        (Direction::Band { low, high }, Lang::En) => {
            format!(
                "to stay within {}–{}",
                format_number(low, 1, lang),
                format_number(high, 1, lang)
            )
        }
    }
}

/// Which way an indicator should go, in words for a table cell (`ska öka`, `to decrease`); a
/// band without its bounds (`ska hållas inom intervall`).
pub fn direction_word(d: Direction, lang: Lang) -> &'static str {
    match (d, lang) {
        (Direction::Increase, Lang::Sv) => "ska öka",
        (Direction::Increase, Lang::En) => "to increase",
        (Direction::Decrease, Lang::Sv) => "ska minska",
        (Direction::Decrease, Lang::En) => "to decrease",
        (Direction::Band { .. }, Lang::Sv) => "ska hållas inom intervall",
        (Direction::Band { .. }, Lang::En) => "to stay within a band",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_numbers_have_six_decimals_at_most_and_the_language_s_mark() {
        let sv = |x| num_cell(Some(x), Lang::Sv);
        assert_eq!(sv(1.5), "1,5");
        assert_eq!(sv(2.0), "2");
        assert_eq!(sv(123_456.123_456_7), "123456,123457");
        assert_eq!(sv(-0.000_000_1), "0");
        assert_eq!(sv(-3.25), "-3,25");
        assert_eq!(num_cell(Some(0.1), Lang::En), "0.1");
        assert_eq!(num_cell(Some(f64::NAN), Lang::Sv), "");
        assert_eq!(num_cell(None, Lang::Sv), "");
        // The reused buffer forgets the number before.
        let mut buf = String::from("999,5");
        utblick_core::plain_number_into(&mut buf, 7.0, Lang::Sv);
        assert_eq!(buf, "7");
    }
}
