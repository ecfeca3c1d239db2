//! The report's files: `index.html`, `summary.md`, `status.csv`, `series.csv`,
//! `series.parquet` and `charts/*.svg` (and `*.png`).

// The HTML is written line by line with explicit `\n`s, so that it reads like the page.
#![allow(clippy::write_with_newline)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use polars::prelude::*;
use utblick_core::{
    Actors, Aggregation, Catalogue, Date, Direction, Lang, ObsKey, ObsValue, Observation, Plan,
    StatusMethod, in_lang,
};

use crate::charts::{self, ChartError};
use crate::text::{self, csv_text, html, markdown, status_symbol, status_word};
use utblick_analysis::{AnalysisError, IndicatorAnalysis, analyse};
use utblick_analysis::{Assessment, Change, ChangeDirection, Status, Withheld};

/// What the report is made from.
pub struct ReportInput<'a> {
    pub plan: &'a Plan,
    pub catalogue: &'a Catalogue,
    pub actors: &'a Actors,
    /// The current values; only the totals (no gender split, or `T`) are used. Taken by
    /// [`build`] and freed once analysed.
    pub observations: Vec<Observation>,
    pub as_of: Date,
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
}

/// A value sent for a locked period, waiting for the coordinator's approval.
#[derive(Clone, Debug, PartialEq)]
pub struct Awaiting {
    pub key: ObsKey,
    pub value: ObsValue,
    /// The current value it would replace.
    pub current: Option<ObsValue>,
}

/// One file of the report, its path relative to the output folder.
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The counts per status of one area, for the command's summary line.
pub struct AreaSummary {
    pub name: String,
    pub counts: Vec<(Status, usize)>,
}

pub struct Report {
    pub files: Vec<OutputFile>,
    pub areas: Vec<AreaSummary>,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("report: {0}")]
    Polars(#[from] PolarsError),
    #[error("report.pdf: {0}")]
    Pdf(String),
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
    /// Inline SVG per analysis: (trend, ranking).
    svgs: Vec<(String, Option<String>)>,
}

impl Ctx<'_> {
    fn lang(&self) -> Lang {
        self.input.lang
    }

    fn t(&self, sv: &'static str, en: &'static str) -> &'static str {
        self.input.lang.pick(sv, en)
    }

    fn actor_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.input.actors.get(id).map_or(id, |a| a.name.as_str())
    }

    fn value(&self, a: &IndicatorAnalysis<'_>, x: f64) -> String {
        text::number(x, a.indicator.decimals, self.lang())
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

/// Builds every file of the report.
pub fn build(mut input: ReportInput<'_>) -> Result<Report, ReportError> {
    // The values are not needed once analysed: at national scale they are half a gigabyte.
    let observations = std::mem::take(&mut input.observations);
    let analyses = analyse(input.plan, input.catalogue, input.actors, &observations, input.as_of)?;
    drop(observations);
    let input = &input;
    let mut files = Vec::new();
    let mut svgs = Vec::new();
    for (i, a) in analyses.iter().enumerate() {
        let stem = file_stem(i, &a.indicator.id);
        let trend = charts::trend(a, input.lang, input.png)?;
        files.push(OutputFile {
            path: format!("charts/{stem}-trend.svg"),
            bytes: trend.svg.clone().into_bytes(),
        });
        if let Some(png) = trend.png {
            files.push(OutputFile { path: format!("charts/{stem}-trend.png"), bytes: png });
        }
        let ranking = charts::ranking(a, input.lang, input.png)?;
        let ranking_svg = match ranking {
            Some(r) => {
                files.push(OutputFile {
                    path: format!("charts/{stem}-actors.svg"),
                    bytes: r.svg.clone().into_bytes(),
                });
                if let Some(png) = r.png {
                    files
                        .push(OutputFile { path: format!("charts/{stem}-actors.png"), bytes: png });
                }
                Some(r.svg)
            }
            None => None,
        };
        svgs.push((trend.svg, ranking_svg));
    }
    let cx = Ctx { input, analyses, svgs };
    let mut areas = Vec::new();
    let mut area_svgs = Vec::new();
    for (i, area) in input.plan.areas.iter().enumerate() {
        let counts = cx.counts(&area.id);
        let chart = charts::area_status(&cx.name_of_area(area), &counts, input.lang, input.png)?;
        let stem = file_stem(i, &area.id);
        files.push(OutputFile {
            path: format!("charts/area-{stem}.svg"),
            bytes: chart.svg.clone().into_bytes(),
        });
        if let Some(png) = chart.png {
            files.push(OutputFile { path: format!("charts/area-{stem}.png"), bytes: png });
        }
        area_svgs.push(chart.svg);
        areas.push(AreaSummary { name: cx.name_of_area(area), counts });
    }
    let site = input.site || input.plan.targets.len() > SITE_FROM;
    for (path, page) in render_html(&cx, site) {
        files.push(OutputFile { path, bytes: page.into_bytes() });
    }
    files.push(OutputFile { path: "summary.md".into(), bytes: render_summary(&cx).into_bytes() });
    files.push(OutputFile { path: "status.csv".into(), bytes: status_csv(&cx) });
    let (series_csv, parquet) = series_files(&cx)?;
    files.push(OutputFile { path: "series.csv".into(), bytes: series_csv });
    files.push(OutputFile { path: "series.parquet".into(), bytes: parquet });
    if input.pdf {
        let stems: Vec<String> =
            cx.analyses.iter().enumerate().map(|(i, a)| file_stem(i, &a.indicator.id)).collect();
        let pdf = pdf::compile(pdf::source(&cx, &stems), &files, input.as_of)?;
        files.push(OutputFile { path: "report.pdf".into(), bytes: pdf });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Report { files, areas })
}

#[path = "pdf.rs"]
mod pdf;

pub(crate) const CSS: &str = r#"
:root { --ink: #1b1b1b; --muted: #5a5a5a; --line: #d6d6d6; --accent: #0072b2; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.12rem; margin-top: 1.6rem; }
h4 { font-size: 1rem; margin: 1.4rem 0 .4rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { white-space: nowrap; font-weight: bold; }
.s-achieved { color: #0072b2; } .s-on-track { color: #007a5a; }
.s-limited-progress { color: #a86f00; } .s-deterioration { color: #c34f00; } .s-too-little-data, .s-no-data { color: #666; }
figure { margin: .5rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .85rem; color: var(--muted); }
dl { display: grid; grid-template-columns: 11rem 1fr; gap: .2rem .8rem; font-size: .92rem; }
dt { font-weight: bold; color: var(--muted); }
dd { margin: 0; }
.partial { font-style: italic; }
.note { font-size: .85rem; color: var(--muted); }
.cover .kicker { font-size: 1rem; color: var(--muted); margin: 0; text-transform: uppercase; letter-spacing: .08em; }
.cover h1 { font-size: 2rem; margin: .2rem 0 1rem; }
.cover-facts { grid-template-columns: 9rem 1fr; margin-bottom: 1rem; }
.toc ol { padding-left: 1.4rem; line-height: 1.8; }
.counts { margin: .2rem 0 .4rem; }
.bar { display: inline-flex; width: 10rem; height: .8rem; vertical-align: middle; border: 1px solid var(--line); }
.bar span { display: block; height: 100%; }
.b-achieved { background: #0072b2; } .b-on-track { background: #009e73; } .b-limited-progress { background: #e69f00; }
.b-deterioration { background: #d55e00; } .b-too-little-data { background: #999; } .b-no-data { background: #ccc; }
table.overview td:nth-child(2), table.overview td:nth-child(3), table.overview td:nth-child(4), table.overview td:nth-child(5) { white-space: nowrap; }
.facts { display: grid; grid-template-columns: 3fr 2fr; gap: 1rem; align-items: start; }
.facts table { margin-top: 0; }
@media screen and (max-width: 48rem) { .facts { grid-template-columns: 1fr; } }
table.matrix { width: auto; }
table.matrix td, table.matrix th { padding: .15rem .5rem; }
table.matrix .ok { color: #007a5a; } table.matrix .late { color: #c34f00; white-space: nowrap; } table.matrix .none { color: #999; }
ol.key { columns: 2; font-size: .8rem; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; align-items: start; }
.charts figure { margin: .3rem 0; }
@media screen and (max-width: 40rem) { .charts { grid-template-columns: 1fr; } }
table.series { font-size: .85rem; }
@media print {
  @page { size: A4; margin: 14mm 14mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #5a5a5a; } }
  header.cover { break-after: page; page-break-after: always; padding-top: 30mm; }
  .bar, .bar span { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  table.overview { font-size: 7.8pt; break-inside: auto; page-break-inside: auto; margin: .1rem 0 .3rem; }
  table.overview td, table.overview th { padding: .06rem .25rem; }
  table.overview th:first-child { width: 46%; }
  .counts { font-size: 8.5pt; margin: .1rem 0; }
  section.summary h2 { margin-top: 0; }
  section.method p { font-size: 8.5pt; margin: .3rem 0; }
  .keep { break-inside: avoid; page-break-inside: avoid; }
  .charts figcaption { display: none; }
  table.series { font-size: 8.5pt; }
  section.summary h3 { margin: .5rem 0 0; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  section.area, section.activities { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
  table, figure, dl { break-inside: avoid; page-break-inside: avoid; }
  figure svg { max-height: 90mm; width: auto; }
  details:not(.print) { display: none; }
  details.print summary { font-weight: bold; list-style: none; }
  dl { font-size: 8.5pt; grid-template-columns: 7.5rem 1fr; gap: .1rem .5rem; }
  table { font-size: 9pt; margin: .3rem 0 .6rem; }
  th, td { padding: .12rem .3rem; }
  figcaption { font-size: 8pt; }
  h4 { margin: .8rem 0 .2rem; }
  .meta, .note { font-size: 8.5pt; margin: 0 0 .3rem; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn status_cell(s: Status, lang: Lang) -> String {
    format!(
        "<span class=\"status s-{}\">{} {}</span>",
        s.code(),
        status_symbol(s),
        html(status_word(s, lang))
    )
}

/// A plan with more indicator targets than this gets a small site instead of one page.
pub const SITE_FROM: usize = 60;

/// The start of an HTML page, up to and with `<body>`.
fn page_start(cx: &Ctx<'_>, title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        cx.t("sv", "en"),
        html(title)
    )
}

/// Where an area's section is: an anchor in the one page, or its own page in a site (relative
/// to the index).
fn area_href(area: &utblick_core::Area, site: bool) -> String {
    let anchor = anchor_with("a", &area.id);
    if site { format!("areas/{anchor}.html") } else { format!("#{anchor}") }
}

/// Where an indicator's article is, relative to the index.
fn indicator_href(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>, site: bool) -> String {
    let anchor = target_anchor(cx, a.target);
    if site { format!("i/{anchor}.html") } else { format!("#{anchor}") }
}

/// The report as HTML: one self-contained page, or for a large plan (`site`) an index with the
/// cover, summary, activities, reporting and method, a page per area and a page per indicator,
/// linked both ways. `(path, page)` pairs.
fn render_html(cx: &Ctx<'_>, site: bool) -> Vec<(String, String)> {
    let input = cx.input;
    let plan = input.plan;
    let lang = cx.lang();
    let mut pages: Vec<(String, String)> = Vec::new();
    let title = format!("{} – {}", cx.plan_title(), cx.t("uppföljning", "follow-up"));
    let mut h = String::with_capacity(256 * 1024);
    h.push_str(&page_start(cx, &title));
    // The cover: what this is, as of when, with data up to when, made by whom; then the
    // contents.
    let data_to = cx.analyses.iter().filter_map(|a| a.region.last().map(|p| p.period)).max();
    let _ = write!(
        h,
        "<header class=\"cover\">\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n<dl class=\"cover-facts\">\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n</dl>\n",
        cx.t("Uppföljning", "Follow-up"),
        html(&cx.plan_title()),
        cx.t("Planår", "Plan year"),
        plan.year.value,
        cx.t("Läget per", "Status as of"),
        input.as_of,
        cx.t("Data t.o.m.", "Data up to"),
        data_to.map(|p| text::period(p, lang)).unwrap_or_else(|| "–".into()),
        cx.t("Sammanställd av", "Compiled by"),
        html(&format!("{} {}", cx.compiler(), cx.t("med utblick", "with utblick"))),
    );
    if !plan.vision.is_empty() {
        let _ = write!(
            h,
            "<p><strong>{}</strong> {}</p>\n",
            cx.t("Vision:", "Vision:"),
            html(&in_lang(lang, &plan.vision, &plan.vision_en))
        );
    }
    let _ = write!(h, "<nav class=\"toc\">\n<h2>{}</h2>\n<ol>\n", cx.t("Innehåll", "Contents"));
    let _ = write!(h, "<li><a href=\"#summary\">{}</a></li>\n", cx.t("Sammanfattning", "Summary"));
    for area in &plan.areas {
        let n = cx.of_area(&area.id).count();
        let _ = write!(
            h,
            "<li><a href=\"{}\">{}</a> <span class=\"note\">({n} {})</span></li>\n",
            html(&area_href(area, site)),
            html(&cx.name_of_area(area)),
            cx.t("indikatorer", "indicators")
        );
    }
    for (id, sv, en) in [
        ("activities", "Insatser", "Activities"),
        ("missing", "Vem har inte rapporterat vad", "Who has not reported what"),
        ("method", "Metod", "Method"),
    ] {
        let _ = write!(h, "<li><a href=\"#{id}\">{}</a></li>\n", cx.t(sv, en));
    }
    h.push_str("</ol>\n</nav>\n</header>\n");

    // The summary: per area, the statuses in numbers and one line per indicator.
    h.push_str("<section class=\"summary\" id=\"summary\">\n");
    let _ = write!(h, "<h2>{}</h2>\n", cx.t("Sammanfattning", "Summary"));
    let head = cx.summary_head();
    for area in &plan.areas {
        let counts = cx.counts(&area.id);
        let total: usize = counts.iter().map(|c| c.1).sum();
        let bar: String = counts
            .iter()
            .filter(|c| c.1 > 0)
            .map(|(st, n)| {
                format!(
                    "<span class=\"b-{}\" style=\"width:{:.1}%\"></span>",
                    st.code(),
                    100.0 * *n as f64 / total.max(1) as f64
                )
            })
            .collect();
        let words: Vec<String> = counts
            .iter()
            .filter(|c| c.1 > 0)
            .map(|(st, n)| {
                format!(
                    "<span class=\"status s-{}\">{} {}</span> {n}",
                    st.code(),
                    status_symbol(*st),
                    html(status_word(*st, lang))
                )
            })
            .collect();
        let _ = write!(
            h,
            "<h3>{}</h3>\n<p class=\"counts\"><span class=\"bar\" aria-hidden=\"true\">{bar}</span> {}</p>\n",
            html(&cx.name_of_area(area)),
            words.join(" · ")
        );
        let _ = write!(
            h,
            "<table class=\"overview\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            head[0], head[1], head[2], head[3], head[4], head[5]
        );
        for a in cx.of_area(&area.id) {
            let _ = write!(
                h,
                "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
                html(&indicator_href(cx, a, site)),
                html(&a.title(lang)),
                status_cell(a.status.status, lang),
                html(&cx.latest_text(a, &a.status)),
                html(&cx.target_text(a)),
                html(&cx.change_short(a)),
                html(&cx.reaches_short(a))
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    let _ = write!(
        h,
        "<p class=\"note\">{}</p>\n",
        cx.t(
            "Status: läget mot målet sedan utgångsvärdet (metoden står sist). Förändring: åt vilket håll länets värde har gått sedan utgångsvärdet, och om det är bättre eller sämre. Når målet?: om trenden i de senaste värdena når målet; osäker där en rak linje inte säger något.",
            "Status: where the county stands against the target since the baseline (the method is at the end). Change: which way the county's value went since the baseline, and whether that is better or worse. Reaches the target?: whether the trend of the latest values reaches the target; uncertain where a straight line says nothing."
        )
    );
    h.push_str("</section>\n");

    // Per area, per goal, per indicator: in the page, or on pages of their own.
    for area in &plan.areas {
        let mut a_page = String::new();
        let area_h: &mut String = if site { &mut a_page } else { &mut h };
        if site {
            area_h.push_str(&page_start(cx, &format!("{} – {}", cx.name_of_area(area), title)));
            let _ = write!(
                area_h,
                "<p class=\"note\"><a href=\"../index.html\">{}</a></p>\n",
                html(&title)
            );
        }
        let _ = write!(
            area_h,
            "<section class=\"area\" id=\"{}\">\n<h2>{}</h2>\n",
            html(&anchor_with("a", &area.id)),
            html(&cx.name_of_area(area))
        );
        if !area.description.is_empty() {
            let _ = write!(
                area_h,
                "<p>{}</p>\n",
                html(&in_lang(lang, &area.description, &area.description_en))
            );
        }
        for goal in plan.goals.iter().filter(|g| g.area.value == area.id) {
            let _ =
                write!(area_h, "<h3>{}</h3>\n", html(&in_lang(lang, &goal.title, &goal.title_en)));
            if !goal.success_criteria.is_empty() {
                let _ = write!(
                    area_h,
                    "<p class=\"note\">{}</p>\n<ul>\n",
                    cx.t("Framgångskriterier:", "Success criteria:")
                );
                for (i, c) in goal.success_criteria.iter().enumerate() {
                    let en = goal.success_criteria_en.get(i).map_or("", String::as_str);
                    let _ = write!(area_h, "<li>{}</li>\n", html(&in_lang(lang, c, en)));
                }
                area_h.push_str("</ul>\n");
            }
            let of_goal =
                cx.analyses.iter().enumerate().filter(|(_, a)| a.target.goal.value == goal.id);
            if site {
                area_h.push_str("<ul class=\"indicators\">\n");
            }
            for (i, a) in of_goal {
                if !site {
                    indicator_html(cx, area_h, a, &cx.svgs[i]);
                    continue;
                }
                let _ = write!(
                    area_h,
                    "<li><a href=\"../{}\">{}</a> {}</li>\n",
                    html(&indicator_href(cx, a, true)),
                    html(&a.title(lang)),
                    status_cell(a.status.status, lang)
                );
                let mut page = page_start(cx, &format!("{} – {}", a.title(lang), title));
                let _ = write!(
                    page,
                    "<p class=\"note\"><a href=\"../index.html\">{}</a> › <a href=\"../{}\">{}</a></p>\n",
                    html(&title),
                    html(&area_href(area, true)),
                    html(&cx.name_of_area(area))
                );
                indicator_html(cx, &mut page, a, &cx.svgs[i]);
                page.push_str("</body>\n</html>\n");
                pages.push((indicator_href(cx, a, true), page));
            }
            if site {
                area_h.push_str("</ul>\n");
            }
        }
        area_h.push_str("</section>\n");
        if site {
            a_page.push_str("</body>\n</html>\n");
            pages.push((area_href(area, true), a_page));
        }
    }

    activities_html(cx, &mut h);
    missing_html(cx, &mut h);
    method_html(cx, &mut h);
    h.push_str("</body>\n</html>\n");
    pages.push(("index.html".into(), h));
    pages
}

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

fn indicator_html(
    cx: &Ctx<'_>,
    h: &mut String,
    a: &IndicatorAnalysis<'_>,
    svgs: &(String, Option<String>),
) {
    let lang = cx.lang();
    let ind = a.indicator;
    let t = a.target;
    let _ = write!(
        h,
        "<article class=\"indicator\" id=\"{}\">\n<div class=\"keep\">\n<h4>{} {}</h4>\n",
        html(&target_anchor(cx, t)),
        html(&a.title(lang)),
        status_cell(a.status.status, lang)
    );
    // The one place for what the numbers are: unit, source (with a link to the KPI's
    // definition at the source) and who answers for the target.
    let source = match ind.kolada_id() {
        Some(k) => format!(
            "<a href=\"https://api.kolada.se/v3/kpi/{}\">{} {}</a>",
            html(k),
            cx.t("Kolada, nyckeltal", "Kolada, KPI"),
            html(k)
        ),
        None => html(&source_text(cx, a)),
    };
    let _ = write!(
        h,
        "<p class=\"meta\">{}: {} · {}: {source} · {}: {}</p>\n",
        cx.t("Enhet", "Unit"),
        html(&ind.unit),
        cx.t("Källa", "Source"),
        cx.t("Ansvarig", "Responsible"),
        html(cx.actor_name(&t.responsible))
    );
    if !ind.description.is_empty() {
        let _ = write!(h, "<p class=\"note\">{}</p>\n", html(&in_lang(lang, &ind.description, "")));
    }

    h.push_str("<div class=\"facts\">\n<dl>\n");
    let goal = cx.input.plan.goal(&t.goal);
    let dl = |h: &mut String, k: &str, v: String| {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>\n", html(k), v);
    };
    dl(h, cx.t("Status", "Status"), html(&status_detail(cx, a)));
    dl(h, cx.t("Förändring", "Change"), html(&cx.change_text(a)));
    dl(h, cx.t("Når målet?", "Reaches the target?"), html(&cx.reaches_text(a)));
    if let Some(why) = cx.disagreement(a) {
        dl(h, cx.t("Varför olika?", "Why they differ"), html(&why));
    }
    // The goal's success criteria stand once, under the goal's heading.
    let _ = goal;
    if !t.analysis.is_empty() {
        dl(h, cx.t("Analys", "Analysis"), html(&t.analysis));
    }
    if let Some(how) = aggregation_text(cx, a) {
        dl(h, cx.t("Beräkning", "Computation"), html(&how));
    }
    if let Some(c) = completeness_text(cx, a) {
        dl(h, cx.t("Fullständighet", "Completeness"), html(&c));
    }
    h.push_str("</dl>\n");

    series_table(cx, h, a);
    h.push_str("</div>\n</div>\n");
    h.push_str("<div class=\"charts\">\n");
    let _ = write!(
        h,
        "<figure>{}<figcaption>{}</figcaption></figure>\n",
        svgs.0,
        cx.t(
            "Länets utfall (fyllda punkter; ofyllda: ofullständigt underlag), utgångsvärde (kvadrat), mål (triangel), rak väg till målet (prickad) och prognos (streckad).",
            "The county's outcome (filled points; hollow: incomplete data), baseline (square), target (triangle), straight path to the target (dotted) and forecast (dashed)."
        )
    );
    if let Some(r) = &svgs.1 {
        let _ = write!(
            h,
            "<figure>{r}<figcaption>{}</figcaption></figure>\n",
            cx.t(
                "Senaste värde per aktör; länets värde som streckad linje.",
                "Latest value per actor; the county's value as a dashed line."
            )
        );
    }
    h.push_str("</div>\n");

    breakdown_html(cx, h, a);
    actors_html(cx, h, a);
    h.push_str("</article>\n");
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

fn series_table(cx: &Ctx<'_>, h: &mut String, a: &IndicatorAnalysis<'_>) {
    let lang = cx.lang();
    let t = a.target;
    // The actors behind each value only where the county's value was put together from them.
    let aggregated = a.region.iter().any(|p| p.expected > 1);
    let from = a.baseline.map(|b| b.period).or(t.baseline.period.value);
    let refs: String = a
        .references
        .iter()
        .map(|(r, _)| format!("<th class=\"num\">{}</th>", html(&r.name)))
        .collect();
    let _ = write!(
        h,
        "<div>\n<table class=\"series\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th>{refs}{}<th>{}</th></tr></thead>\n<tbody>\n",
        cx.t("Period", "Period"),
        cx.t("Länet", "County"),
        if aggregated {
            format!("<th class=\"num\">{}</th>", cx.t("Aktörer", "Actors"))
        } else {
            String::new()
        },
        cx.t("Anmärkning", "Note")
    );
    for row in series_rows(cx, a) {
        let values: String =
            row.values.iter().map(|v| format!("<td class=\"num\">{}</td>", html(v))).collect();
        let actors = match (aggregated, row.actors) {
            (false, _) => String::new(),
            (true, Some((n, of))) => format!("<td class=\"num\">{n} / {of}</td>"),
            (true, None) => "<td class=\"num\"></td>".into(),
        };
        let _ = write!(
            h,
            "<tr{}><td>{}</td>{values}{actors}<td>{}</td></tr>\n",
            if row.partial { " class=\"partial\"" } else { "" },
            text::period(row.period, lang),
            html(&row.note)
        );
    }
    h.push_str("</tbody>\n</table>\n");
    let earlier = a.region.iter().filter(|p| from.is_some_and(|f| p.period < f)).count();
    let _ = write!(
        h,
        "<p class=\"note data\"><a download=\"{}.csv\" href=\"data:text/csv;charset=utf-8,{}\">{}</a>{}</p>\n</div>\n",
        html(&target_anchor(cx, t)),
        percent_encode(&series_csv_of(cx, a)),
        cx.t("Hela serien som CSV", "The whole series as CSV"),
        if earlier > 0 {
            format!(
                " ({earlier} {})",
                cx.t(
                    "värden före utgångsperioden finns i filen och i diagrammet",
                    "values before the baseline period are in the file and the chart"
                )
            )
        } else {
            String::new()
        }
    );
}

/// One indicator's county series and reference series as CSV: `period;county;<reference>…`.
fn series_csv_of(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> String {
    let lang = cx.lang();
    let mut w = csv_writer();
    let mut head = vec![cx.t("period", "period").to_string(), cx.t("länet", "county").to_string()];
    head.extend(a.references.iter().map(|(r, _)| csv_text(&r.name)));
    head.push(cx.t("ofullständigt", "incomplete").to_string());
    let _ = w.write_record(&head);
    let mut periods: Vec<utblick_core::Period> = a.region.iter().map(|p| p.period).collect();
    periods.extend(a.references.iter().flat_map(|(_, pts)| pts.iter().map(|d| d.period)));
    periods.sort();
    periods.dedup();
    for p in periods {
        let county = a.region.iter().find(|x| x.period == p);
        let mut row = vec![p.to_string(), num_cell(county.map(|x| x.value), lang)];
        row.extend(
            a.references.iter().map(|(_, pts)| {
                num_cell(pts.iter().find(|d| d.period == p).map(|d| d.value), lang)
            }),
        );
        row.push(if county.is_some_and(|x| x.partial) { "1" } else { "" }.to_string());
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Percent-encodes everything but the unreserved characters of RFC 3986, for a `data:` URL.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Per actor: how its value changed since the plan's baseline period, and a status only
/// against a target the plan sets for it. Folded away on screen; printed where an actor has a
/// target of its own (its status is part of the follow-up).
fn actors_html(cx: &Ctx<'_>, h: &mut String, a: &IndicatorAnalysis<'_>) {
    if a.actor_change.len() <= 1 {
        return;
    }
    let lang = cx.lang();
    let t = a.target;
    let since = t.baseline.period.value.map(|p| text::period(p, lang)).unwrap_or_default();
    let with_targets = !a.actor_status.is_empty();
    let _ = write!(
        h,
        "<details{}><summary>{}</summary>\n<table>\n<thead><tr><th>{}</th><th>{} {}</th><th class=\"num\">{}</th>{}</tr></thead>\n<tbody>\n",
        if with_targets { " open class=\"print\"" } else { "" },
        cx.t("Aktörerna jämförda", "The actors compared"),
        cx.t("Aktör", "Actor"),
        cx.t("Förändring sedan", "Change since"),
        html(&since),
        cx.t("Senaste värde", "Latest value"),
        if with_targets {
            format!("<th>{}</th>", cx.t("Status mot eget mål", "Status against own target"))
        } else {
            String::new()
        }
    );
    let mut actors: Vec<_> = a.actor_change.iter().collect();
    actors.sort_by(|x, y| text::collate(&x.0.name, &y.0.name));
    for (actor, ch) in actors {
        let latest = a
            .actors
            .iter()
            .find(|(x, _)| x.id == actor.id)
            .and_then(|(_, pts)| pts.last())
            .map(|d| format!("{} ({})", cx.value(a, d.value), text::period(d.period, lang)))
            .unwrap_or_else(|| "–".into());
        let own = a.actor_status.iter().find(|(x, _)| x.id == actor.id);
        let status = match (with_targets, own) {
            (false, _) => String::new(),
            (true, Some((_, s))) => format!("<td>{}</td>", status_cell(s.status, lang)),
            (true, None) => format!("<td>{}</td>", cx.t("inget eget mål", "no own target")),
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td>{status}</tr>\n",
            html(&actor.name),
            html(&change_text(cx, a, ch.as_ref())),
            html(&latest)
        );
    }
    h.push_str("</tbody>\n</table>\n</details>\n");
}

/// `↗ bättre (från 9,0)`: which way an actor's value went, judged by the indicator's direction.
/// The county's latest value in every breakdown cell, with its change since the plan's
/// baseline period: compared, not judged (the plan's target is on the total).
fn breakdown_html(cx: &Ctx<'_>, h: &mut String, a: &IndicatorAnalysis<'_>) {
    if a.breakdown.is_empty() {
        return;
    }
    let lang = cx.lang();
    let since = a.target.baseline.period.value;
    let _ = write!(
        h,
        "<table class=\"breakdown\">\n<caption class=\"note\">{}</caption>\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{} {}</th></tr></thead>\n<tbody>\n",
        html(&format!(
            "{} ({}, {})",
            cx.t("Uppdelning", "Breakdown"),
            a.title(lang),
            a.indicator.unit
        )),
        cx.t("Grupp", "Group"),
        cx.t("Period", "Period"),
        cx.t("Länet", "County"),
        cx.t("Förändring sedan", "Change since"),
        since.map(|p| text::period(p, lang)).unwrap_or_default()
    );
    for b in &a.breakdown {
        let pts: Vec<utblick_analysis::Dated> = b
            .region
            .iter()
            .filter(|p| !p.partial)
            .map(|p| utblick_analysis::Dated::new(p.period, p.value))
            .collect();
        let latest = pts.last().copied();
        let from = since.and_then(|s| pts.iter().rev().find(|p| p.period <= s).copied());
        let ch = from
            .zip(latest)
            .filter(|(f, l)| l.period > f.period)
            .map(|(f, l)| utblick_analysis::change(a.indicator.direction, f, l));
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            html(
                &b.values
                    .iter()
                    .map(|v| v.as_deref().unwrap_or(cx.t("totalt", "total")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            latest.map(|l| text::period(l.period, lang)).unwrap_or_default(),
            latest.map(|l| cx.value(a, l.value)).unwrap_or_else(|| "–".into()),
            html(&change_text(cx, a, ch.as_ref()))
        );
    }
    h.push_str("</tbody>\n</table>\n");
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
            if r.is_finite() { text::number(r, 2, cx.lang()) } else { "–".into() }
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
            format!(" × {}", text::number(f.scale, 0, cx.lang()))
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
        text::number(share, 0, cx.lang()),
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

fn activities_html(cx: &Ctx<'_>, h: &mut String) {
    let plan = cx.input.plan;
    let lang = cx.lang();
    let _ = write!(
        h,
        "<section class=\"activities\" id=\"activities\">\n<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        cx.t("Insatser", "Activities"),
        cx.t("Insats", "Activity"),
        cx.t("Mål", "Goal"),
        cx.t("Ansvarig", "Responsible"),
        cx.t("Verktyg", "Tools"),
        cx.t("Status", "Status"),
        cx.t("Budget, kr", "Budget, SEK")
    );
    for act in &plan.activities {
        let responsible: Vec<&str> =
            act.responsible.iter().map(|r| cx.actor_name(&r.value)).collect();
        let tools: Vec<&str> = act
            .tools
            .iter()
            .map(|t| {
                plan.tools
                    .iter()
                    .find(|x| x.id == t.value)
                    .map_or(t.value.as_str(), |x| x.name.as_str())
            })
            .collect();
        let goal = plan.goal(&act.goal).map_or(act.goal.value.as_str(), |g| g.title.as_str());
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
            html(&in_lang(lang, &act.title, &act.title_en)),
            html(goal),
            html(&responsible.join(", ")),
            html(&tools.join(", ")),
            html(text::activity_status(act.status, lang)),
            act.budget_sek.map_or("–".into(), |b| text::number(b, 0, lang))
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

/// Who has reported what, as one matrix: an actor per row, an actor-reported indicator per
/// column; a cell is reported (✓), late (✗ with the periods missing) or nothing due (·).
fn missing_html(cx: &Ctx<'_>, h: &mut String) {
    let lang = cx.lang();
    // The columns: each actor-reported indicator once, however many targets the plan sets on
    // it, with the periods due and who has not reported which.
    struct Column<'a> {
        indicator: &'a utblick_core::Indicator,
        /// Per expected reporter: the periods due, and those missing.
        cells: BTreeMap<&'a str, (usize, Vec<utblick_core::Period>)>,
    }
    let mut columns: Vec<Column<'_>> = Vec::new();
    for a in &cx.analyses {
        if !a.indicator.is_actor_reported() || a.completeness.periods.is_empty() {
            continue;
        }
        let i = match columns.iter().position(|c| c.indicator.id == a.indicator.id) {
            Some(i) => i,
            None => {
                columns.push(Column { indicator: a.indicator, cells: BTreeMap::new() });
                columns.len() - 1
            }
        };
        for (actor, reported) in &a.completeness.rows {
            let cell = columns[i].cells.entry(actor.as_str()).or_insert((0, Vec::new()));
            cell.0 += reported.len();
            for (ok, p) in reported.iter().zip(&a.completeness.periods) {
                if !ok && !cell.1.contains(p) {
                    cell.1.push(*p);
                }
            }
        }
    }
    let _ = write!(
        h,
        "<section class=\"missing\" id=\"missing\">\n<h2>{}</h2>\n",
        cx.t("Vem har inte rapporterat vad", "Who has not reported what")
    );
    let _ = write!(
        h,
        "<p class=\"note\">{} {}. {}</p>\n",
        cx.t(
            "Indikatorer som aktörerna rapporterar själva; statistik hämtas från källan. Perioder efter utgångsvärdet som har avslutats per",
            "Indicators the actors report themselves; statistics come from their source. Periods after the baseline that have ended by"
        ),
        cx.input.as_of,
        cx.t(
            "✓ allt rapporterat, ✗ saknas (med perioderna), · inget att rapportera.",
            "✓ all reported, ✗ missing (with the periods), · nothing due."
        )
    );
    let actors: Vec<&utblick_core::Actor> = cx
        .input
        .actors
        .list()
        .iter()
        .filter(|a| columns.iter().any(|c| c.cells.contains_key(a.id.as_str())))
        .collect();
    let late = columns.iter().any(|c| c.cells.values().any(|x| !x.1.is_empty()));
    if columns.is_empty() || !late {
        let _ = write!(
            h,
            "<p>{}</p>\n",
            cx.t(
                "Alla har rapporterat allt som har förfallit.",
                "Everyone has reported everything that is due."
            )
        );
    }
    if !columns.is_empty() {
        h.push_str("<table class=\"matrix\">\n<thead><tr><th></th>");
        for (n, c) in columns.iter().enumerate() {
            let _ = write!(
                h,
                "<th class=\"num\" title=\"{}\">{}</th>",
                html(&c.indicator.name_in(lang)),
                n + 1
            );
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for actor in &actors {
            let _ = write!(h, "<tr><th>{}</th>", html(&actor.name));
            for c in &columns {
                let cell = match c.cells.get(actor.id.as_str()) {
                    None => "<td class=\"num none\">·</td>".to_string(),
                    Some((0, _)) => "<td class=\"num none\">·</td>".to_string(),
                    Some((_, missing)) if missing.is_empty() => {
                        "<td class=\"num ok\">✓</td>".to_string()
                    }
                    Some((_, missing)) => {
                        let mut missing = missing.clone();
                        missing.sort();
                        let periods: Vec<String> =
                            missing.iter().map(|p| text::period(*p, lang)).collect();
                        format!("<td class=\"num late\">✗ {}</td>", html(&periods.join(", ")))
                    }
                };
                h.push_str(&cell);
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n<ol class=\"note key\">\n");
        for c in &columns {
            let _ = write!(h, "<li>{}</li>\n", html(&c.indicator.name_in(lang)));
        }
        h.push_str("</ol>\n");
    }
    awaiting_html(cx, h);
    h.push_str("</section>\n");
}

/// A value as the report shows it: with the indicator's decimals, or the missing marker.
fn value_cell(cx: &Ctx<'_>, indicator: &str, v: Option<ObsValue>) -> String {
    let decimals = cx.input.catalogue.get(indicator).map_or(1, |i| i.decimals);
    match v {
        Some(ObsValue::Number(x)) => text::number(x, decimals, cx.lang()),
        Some(ObsValue::Missing(_)) => cx.t("saknas", "missing").into(),
        None => "–".into(),
    }
}

/// The values sent for locked periods that wait for approval.
fn awaiting_html(cx: &Ctx<'_>, h: &mut String) {
    let waiting = &cx.input.awaiting;
    if waiting.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<h3 id=\"awaiting\">{}</h3>\n<p class=\"note\">{}</p>\n",
        cx.t("Väntar på godkännande", "Awaiting approval"),
        cx.t(
            "Värden som kommit in för en låst period efter att styrelsen sett den. De gäller först när samordnaren godkänner dem; till dess visar rapporten det tidigare värdet.",
            "Values sent for a locked period after the board saw it. They count only once the coordinator approves them; until then the report shows the earlier value."
        )
    );
    let _ = write!(
        h,
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        cx.t("Aktör", "Actor"),
        cx.t("Indikator", "Indicator"),
        cx.t("Period", "Period"),
        cx.t("Gäller nu", "Current"),
        cx.t("Föreslaget", "Proposed"),
    );
    for w in waiting {
        let name = cx
            .input
            .catalogue
            .get(&w.key.indicator)
            .map_or(w.key.indicator.clone(), |i| i.name_in(cx.lang()));
        let series = w.key.series_label();
        let gender = if series.is_empty() { series } else { format!(" ({series})") };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            html(cx.actor_name(&w.key.actor)),
            html(&name),
            html(&gender),
            html(&text::period(w.key.period, cx.lang())),
            html(&value_cell(cx, &w.key.indicator, w.current)),
            html(&value_cell(cx, &w.key.indicator, Some(w.value))),
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn method_html(cx: &Ctx<'_>, h: &mut String) {
    let plan = cx.input.plan;
    let th = plan.thresholds;
    let lang = cx.lang();
    let chosen = match plan.status_method {
        StatusMethod::Linear => {
            cx.t("Planen använder den raka vägen.", "The plan uses the straight path.")
        }
        StatusMethod::GrowthRate => {
            cx.t("Planen använder tillväxttakten.", "The plan uses the growth rate.")
        }
    };
    let on = text::number(th.on_track, 2, lang);
    let _ = write!(
        h,
        "<section class=\"method\" id=\"method\">\n<h2>{}</h2>\n",
        cx.t("Metod", "Method")
    );
    let paras: Vec<String> = match lang {
        Lang::Sv => vec![
            format!("<strong>Status, den raka vägen (standard).</strong> Mellan utgångsvärdet och målet dras en rak linje. Vid senaste period med fullständigt underlag jämförs den uppnådda förändringen med den väntade: kvot = (senaste värde − utgångsvärde) / (väntat värde − utgångsvärde). Har värdet nått målet i indikatorns riktning är målet <em>uppnått</em>. Har det gått åt fel håll sedan utgångsvärdet (mer än en halv procent) är det en <em>försämring</em>. Annars är kvot ≥ {on} <em>i fas</em> och lägre <em>begränsade framsteg</em> (hit hör också ett oförändrat värde). Kategorierna följer Open SDG:s framstegsmått."),
            format!("<strong>Status, tillväxttakten.</strong> Som Open SDG: observerad genomsnittlig årlig tillväxt sedan utgångsvärdet, ((senaste / utgångsvärde)^(1/år) − 1), jämförs med den tillväxt som krävs för att nå målet, ((mål / utgångsvärde)^(1/år till målet) − 1); kvoten bedöms med samma gränser. Kräver positiva värden; annars används den raka vägen."),
            format!("{chosen} Gränsen ({on}) sätts i planen. <em>För lite data</em>: inget värde efter utgångsvärdet. <em>Inga data</em>: inga värden alls. Indikatorer som ska hållas inom ett intervall är uppnådda inom intervallet; utanför är de en försämring om de har gått längre bort från intervallet, annars begränsade framsteg."),
            "<strong>Länets värde.</strong> Källans eget länsvärde där den publicerar ett (Kolada), eller regionens eget rapporterade värde; annars rapportörernas värden sammanvägda enligt katalogen: summa, medelvärde eller medelvärde vägt med talets egen nämnare (t.ex. antal invånare för BRP per invånare). Ett värde byggt på färre aktörer än väntat markeras som ofullständigt och jämförs aldrig med fullständiga.".into(),
            "<strong>Aktörerna.</strong> En aktör får status bara mot ett mål som planen sätter för just den aktören. Övriga jämförs: pilen visar åt vilket håll värdet har gått sedan planens utgångsperiod (aktörens värde då, eller det senaste före), ordet om det är bättre eller sämre i indikatorns riktning; inom en halv procent räknas det som oförändrat.".into(),
            "<strong>Jämförelser.</strong> Planens jämförelseområden (t.ex. riket) hämtas från samma källa och visas i diagram och tabeller bredvid länets värden; de bedöms aldrig, räknas aldrig som saknade och rangordnas aldrig med aktörerna.".into(),
            "<strong>Prognos (\"Når målet?\").</strong> Bara för en målperiod som ligger efter det senaste fullständiga värdet. En rät linje anpassad med minsta kvadratmetoden till de fem senaste fullständiga punkterna (minst tre) förlängs till målperioden: den når målet, eller missar det med skillnaden. Den hålls inom indikatorns möjliga värden (t.ex. 0–100 %) och säger när den har stannat vid gränsen. Prognosen hålls inne (<em>osäker prognos</em>) med färre än tre punkter, när målperioden ligger längre fram från det senaste värdet än punkterna spänner över (fem års värden bär inte åtta år framåt), när linjen förklarar mindre än hälften av värdenas variation (R² under 0,5, utom för en serie som ligger still), när en period som indikatorns rytm väntar sig saknas bland punkterna, och för kvartal och månader, där säsongerna styr. <strong>Förändring</strong> är länets förändring sedan utgångsvärdet: pilen visar åt vilket håll värdet har gått, ordet om det är bättre eller sämre i indikatorns riktning. Status och prognos kan skilja sig åt (statusen mäter takten sedan utgångsvärdet, prognosen trenden i de senaste värdena); då säger en mening varför.".into(),
            "<strong>Mål som bara anger riktning.</strong> Ett mål utan målvärde (\"ska öka\") bedöms efter förändringen sedan utgångsvärdet: i indikatorns riktning <em>i fas</em>, oförändrat <em>begränsade framsteg</em>, åt fel håll <em>försämring</em>; det blir aldrig <em>uppnått</em>. Ett utgångsvärde som planen inte anger är länets första värde från utgångsperioden, och tabellen säger det. Delmål visas i diagram och tabell men bedöms inte för sig.".into(),
            "<strong>Härledda indikatorer.</strong> Värden som planen räknar fram ur andra (summa, skillnad, kvot, per invånare) räknas om vid varje rapport ur de lagrade värdena och lagras aldrig själva.".into(),
            "<strong>Perioder.</strong> År, kvartal, månader, läsår (augusti–juli, <code>2022/23</code>) och flerårsperioder (<code>2018-2022</code>, t.ex. ett rullande femårsfönster) ordnas efter när de slutar och ritas vid sin mittpunkt. Kolada daterar läsår och fönster med det år de slutar.".into(),
            "<strong>Kön och uppdelningar.</strong> Rubriken och statusen gäller totalen, utom där planen sätter målet för kvinnor eller män (för indikatorer som bara redovisas för kvinnor och män måste den det) eller för en grupp i en uppdelning (t.ex. unga 16–24 år). Under ett mål för totalen visas länets värde för varje grupp med förändringen sedan utgångsperioden; grupperna jämförs, de bedöms inte.".into(),
            "<strong>Fullständighet.</strong> Bara för indikatorer som aktörerna rapporterar (statistik hämtas från källan): för varje aktör som ska rapportera indikatorn, perioderna efter utgångsvärdet som har avslutats per rapportdatum och som hör till indikatorns rytm (en undersökning vartannat eller vart tredje år, valår), så att åren däremellan aldrig räknas som saknade. Ett värde markerat som saknat (t.ex. <code>..</code>) räknas som rapporterat.".into(),
            "Källa för Kolada-nyckeltalen: Kolada (RKA). Övriga värden rapporteras av aktörerna själva.".into(),
        ],
        Lang::En => vec![
            format!("<strong>Status, the straight path (default).</strong> A straight line runs from the baseline to the target. At the latest period with complete data the achieved change is compared with the expected: ratio = (latest − baseline) / (expected − baseline). A value that has reached the target in the indicator's direction has <em>achieved</em> it. One that has moved away from the target since the baseline (by more than half a per cent) is a <em>deterioration</em>. Otherwise a ratio ≥ {on} is <em>on track</em> and a lower one <em>limited progress</em> (an unchanged value included). The categories follow Open SDG's progress measure."),
            format!("<strong>Status, the growth rate.</strong> As in Open SDG: the observed compound annual growth since the baseline, ((latest / baseline)^(1/years) − 1), against the growth required to reach the target, ((target / baseline)^(1/years to target) − 1); the ratio is judged by the same thresholds. Needs positive values; otherwise the straight path is used."),
            format!("{chosen} The threshold ({on}) is set in the plan. <em>Too little data</em>: no value after the baseline. <em>No data</em>: no values at all. Indicators to be kept within a band are achieved within it; outside it they are a deterioration if they moved further from the band, limited progress otherwise."),
            "<strong>The county's value.</strong> The source's own county value where it publishes one (Kolada), or the region's own reported value; otherwise the reporters' values combined as the catalogue says: sum, mean, or mean weighted by the rate's own denominator (e.g. inhabitants for GRP per inhabitant). A value built from fewer actors than expected is marked incomplete and never compared with complete ones.".into(),
            "<strong>The actors.</strong> An actor gets a status only against a target the plan sets for that actor. The others are compared: the arrow shows which way the value went since the plan's baseline period (the actor's value then, or the latest before), the word whether that is better or worse in the indicator's direction; within half a per cent it counts as unchanged.".into(),
            "<strong>Comparisons.</strong> The plan's reference geographies (e.g. Sweden) come from the same source and are shown in charts and tables beside the county's values; they are never judged, never counted as missing and never ranked with the actors.".into(),
            "<strong>Forecast (\"Reaches the target?\").</strong> Only for a target period after the latest complete value. A least-squares straight line through the last five complete points (at least three), carried to the target period: it reaches the target, or misses it by the difference. It is kept within the indicator's possible values (e.g. 0–100 %) and says when it stopped at the limit. It is withheld (<em>uncertain forecast</em>) with fewer than three points, when the target period lies further beyond the latest value than the points span (five years of values do not carry eight years ahead), when the line explains less than half of the values' variation (R² below 0.5, except for a series that stays level), when a period the indicator's cadence expects is missing among the points, and for quarters and months, where seasons rule. <strong>Change</strong> is the county's change since the baseline: the arrow shows which way the value went, the word whether that is better or worse in the indicator's direction. Status and forecast can differ (the status measures the pace since the baseline, the forecast the trend of the latest values); a sentence then says why.".into(),
            "<strong>Targets that only say which way.</strong> A target without a value (\"shall increase\") is judged by the change since the baseline: in the indicator's direction <em>on track</em>, unchanged <em>limited progress</em>, the wrong way <em>deterioration</em>; it is never <em>achieved</em>. A baseline the plan does not give is the county's first value from the baseline period on, and the table says so. Milestones are shown in the chart and the table but not judged on their own.".into(),
            "<strong>Derived indicators.</strong> Values the plan computes from others (sum, difference, ratio, per inhabitant) are computed again on every report from the stored values, and never stored themselves.".into(),
            "<strong>Periods.</strong> Years, quarters, months, school years (August to July, <code>2022/23</code>) and spans of years (<code>2018-2022</code>, e.g. a rolling five-year window) are ordered by when they end and drawn at their midpoint. Kolada dates school years and windows by the year they end in.".into(),
            "<strong>Gender and breakdowns.</strong> The heading and the status are for the total, except where the plan sets the target for women or men (an indicator published for women and men only must) or for a group of a breakdown (e.g. the young aged 16–24). Under a target on the total, the county's value of every group is shown with its change since the baseline period; the groups are compared, not judged.".into(),
            "<strong>Completeness.</strong> Only for indicators the actors report (statistics come from their source): for each actor due to report the indicator, the periods after the baseline that have ended by the report date and are in the indicator's cadence (a survey every second or third year, election years), so that the years between are never counted as missing. A value marked missing (e.g. <code>..</code>) counts as reported.".into(),
            "Source of the Kolada KPIs: Kolada (RKA). Other values are reported by the actors themselves.".into(),
        ],
    };
    for p in paras {
        let _ = write!(h, "<p>{p}</p>\n");
    }
    h.push_str("</section>\n");
}

/// The first page as Markdown, for e-mail and minutes.
fn render_summary(cx: &Ctx<'_>) -> String {
    let plan = cx.input.plan;
    let lang = cx.lang();
    let mut s = String::new();
    let _ =
        writeln!(s, "# {} – {}\n", markdown(&cx.plan_title()), cx.t("uppföljning", "follow-up"));
    let _ = writeln!(s, "{} {}\n", cx.t("Läget per", "Status as of"), cx.input.as_of);
    let head = cx.summary_head();
    for area in &plan.areas {
        let _ = writeln!(s, "## {}\n", markdown(&cx.name_of_area(area)));
        let counts: Vec<String> = cx
            .counts(&area.id)
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(st, n)| format!("{} {} {n}", status_symbol(st), status_word(st, lang)))
            .collect();
        let _ = writeln!(s, "{}\n", counts.join(" · "));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |\n|---|---|---:|---:|---|---|",
            head[0], head[1], head[2], head[3], head[4], head[5]
        );
        for a in cx.of_area(&area.id) {
            let _ = writeln!(
                s,
                "| {} | {} {} | {} | {} | {} | {} |",
                markdown(&a.title(lang)),
                status_symbol(a.status.status),
                status_word(a.status.status, lang),
                markdown(&cx.latest_text(a, &a.status)),
                markdown(&cx.target_text(a)),
                markdown(&cx.change_text(a)),
                markdown(&cx.reaches_text(a))
            );
        }
        s.push('\n');
    }
    if !cx.input.awaiting.is_empty() {
        let _ = writeln!(
            s,
            "{} {}\n",
            cx.input.awaiting.len(),
            cx.t(
                "värden för låsta perioder väntar på godkännande.",
                "values for locked periods wait for approval."
            )
        );
    }
    let _ = writeln!(
        s,
        "{}",
        cx.t(
            "Källa för Kolada-nyckeltalen: Kolada (RKA).",
            "Source of the Kolada KPIs: Kolada (RKA)."
        )
    );
    s
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec())
}

/// A number for a CSV cell: at most six decimals, no trailing zeros, decimal comma in Swedish.
fn num_cell(x: Option<f64>, lang: Lang) -> String {
    let mut s = String::new();
    if let Some(v) = x {
        num_cell_into(&mut s, v, lang);
    }
    s
}

/// As [`num_cell`], into a reused buffer.
fn num_cell_into(buf: &mut String, v: f64, lang: Lang) {
    use std::fmt::Write as _;
    buf.clear();
    if !v.is_finite() {
        return;
    }
    let _ = write!(buf, "{v:.6}");
    let kept = buf.trim_end_matches('0').trim_end_matches('.').len();
    buf.truncate(kept);
    if buf == "-0" {
        buf.replace_range(.., "0");
    }
    if lang == Lang::Sv
        && let Some(dot) = buf.find('.')
    {
        buf.replace_range(dot..=dot, ",");
    }
}

/// Every status, for the county and each actor.
fn status_csv(cx: &Ctx<'_>) -> Vec<u8> {
    let lang = cx.lang();
    let mut w = csv_writer();
    let _ = w.write_record(match lang {
        Lang::Sv => [
            "område",
            "indikator",
            "namn",
            "aktör",
            "status",
            "senaste_period",
            "senaste_värde",
            "väntat_värde",
            "kvot",
            "mål_period",
            "mål_värde",
            "prognos",
            "når_målet",
            "prognos_saknas",
        ],
        Lang::En => [
            "area",
            "indicator",
            "name",
            "actor",
            "status",
            "latest_period",
            "latest_value",
            "expected_value",
            "ratio",
            "target_period",
            "target_value",
            "forecast",
            "reaches_target",
            "forecast_withheld",
        ],
    });
    for a in &cx.analyses {
        let area = cx.input.plan.area_of_target(a.target).map_or("", |x| x.id.as_str());
        let rows = std::iter::once(("", &a.status))
            .chain(a.actor_status.iter().map(|(ac, s)| (ac.id.as_str(), s)));
        for (actor, s) in rows {
            // An actor's row is about its own target; the county's about the plan's.
            let own = a.target.actor_targets.iter().find(|t| t.actor.value == actor);
            let (target_period, target_value) = match own {
                Some(t) => (t.target.period.value, t.target.value.value),
                None => (a.target.target.period.value, a.target.target.value.value),
            };
            let actor = if actor.is_empty() { cx.t("länet", "county") } else { actor };
            let f = if actor == cx.t("länet", "county") { a.forecast } else { None };
            let _ = w.write_record([
                csv_text(area),
                csv_text(&a.indicator.id),
                csv_text(&a.title(cx.lang())),
                csv_text(actor),
                s.status.code().to_string(),
                s.latest.map(|d| d.period.to_string()).unwrap_or_default(),
                num_cell(s.latest.map(|d| d.value), lang),
                num_cell(s.expected, lang),
                num_cell(s.ratio, lang),
                target_period.map(|p| p.to_string()).unwrap_or_default(),
                num_cell(target_value, lang),
                num_cell(f.map(|f| f.at_target), lang),
                f.map(|f| if f.reaches { "1" } else { "0" }.to_string()).unwrap_or_default(),
                if actor == cx.t("länet", "county") { a.withheld.map(|w| w.code()) } else { None }
                    .unwrap_or_default()
                    .to_string(),
            ]);
        }
    }
    w.into_inner().unwrap_or_default()
}

/// The county's and each actor's series, as CSV and as Parquet (with plain column names).
fn series_files(cx: &Ctx<'_>) -> Result<(Vec<u8>, Vec<u8>), ReportError> {
    let lang = cx.lang();
    let county = cx.t("länet", "county");
    // Millions of rows at national scale: the texts are borrowed, and each indicator's and
    // actor's CSV cell is made once, not once per row.
    let (mut ind, mut actor, mut period, mut value, mut n, mut expected, mut partial) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut serie: Vec<&str> = Vec::new();
    // Each analysis' own series and its breakdown cells' series, in words, borrowed below.
    let names: Vec<(String, Vec<String>)> = cx
        .analyses
        .iter()
        .map(|a| {
            let gender = a.target.gender();
            let own = series_text(gender, &a.target.breakdown_key(a.indicator));
            (own, a.breakdown.iter().map(|b| series_text(gender, &b.key)).collect())
        })
        .collect();
    let mut w = csv_writer();
    let _ = w.write_record(match lang {
        Lang::Sv => [
            "indikator",
            "aktör",
            "period",
            "värde",
            "antal_aktörer",
            "väntat_antal",
            "ofullständig",
            "serie",
        ],
        Lang::En => [
            "indicator",
            "actor",
            "period",
            "value",
            "actors",
            "expected_actors",
            "partial",
            "series",
        ],
    });
    let county_cell = csv_text(county);
    let mut number = String::new();
    let mut row =
        |ind_cell: &str, actor_cell: &str, p: &str, v: f64, n: u32, e: u32, part, s: &str| {
            let _ = w.write_field(ind_cell);
            let _ = w.write_field(actor_cell);
            let _ = w.write_field(p);
            num_cell_into(&mut number, v, lang);
            let _ = w.write_field(&number);
            let _ = w.write_field(if n == 1 { "1".into() } else { n.to_string() });
            let _ = w.write_field(if e == 1 { "1".into() } else { e.to_string() });
            let _ = w.write_field(if part { "1" } else { "0" });
            let _ = w.write_field(s);
            let _ = w.write_record(None::<&[u8]>);
        };
    for (a, (own, cell_names)) in cx.analyses.iter().zip(&names) {
        let ind_cell = csv_text(&a.indicator.id);
        let cells = a.breakdown.iter().zip(cell_names).map(|(b, s)| (s.as_str(), &b.region));
        for (s, region) in std::iter::once((own.as_str(), &a.region)).chain(cells) {
            let s_cell = csv_text(s);
            for p in region {
                let text = p.period.to_string();
                row(
                    &ind_cell,
                    &county_cell,
                    &text,
                    p.value,
                    p.actors,
                    p.expected,
                    p.partial,
                    &s_cell,
                );
                ind.push(a.indicator.id.as_str());
                actor.push(county);
                period.push(text);
                value.push(p.value);
                n.push(p.actors);
                expected.push(p.expected);
                partial.push(p.partial);
                serie.push(s);
            }
        }
        let own_cell = csv_text(own);
        let references = a.references.iter().map(|(r, pts)| (r.id.value.as_str(), pts));
        let actors = a.actors.iter().map(|(ac, pts)| (ac.id.as_str(), pts));
        for (id, pts) in actors.chain(references) {
            let actor_cell = csv_text(id);
            for p in pts {
                let text = p.period.to_string();
                row(&ind_cell, &actor_cell, &text, p.value, 1, 1, false, &own_cell);
                ind.push(a.indicator.id.as_str());
                actor.push(id);
                period.push(text);
                value.push(p.value);
                n.push(1);
                expected.push(1);
                partial.push(false);
                serie.push(own.as_str());
            }
        }
    }
    let csv = w.into_inner().unwrap_or_default();
    let height = ind.len();
    let mut df = DataFrame::new(
        height,
        vec![
            Column::new("indicator".into(), ind),
            Column::new("actor".into(), actor),
            Column::new("period".into(), period),
            Column::new("value".into(), value),
            Column::new("actors".into(), n),
            Column::new("expected_actors".into(), expected),
            Column::new("partial".into(), partial),
            Column::new("series".into(), serie),
        ],
    )?;
    let mut parquet = Vec::new();
    ParquetWriter::new(&mut parquet).finish(&mut df)?;
    Ok((csv, parquet))
}

/// A series of an indicator as one text: the gender code and the breakdown key (`K alder=16-24`),
/// empty for the total.
fn series_text(gender: Option<utblick_core::Gender>, breakdown: &str) -> String {
    match (gender, breakdown) {
        (None, b) => b.to_string(),
        (Some(g), "") => g.code().to_string(),
        (Some(g), b) => format!("{} {b}", g.code()),
    }
}

/// Direction in words, for tables.
/// A target that only says which way: `ska öka`, `ska minska`, `ska hållas inom 1–3`.
pub fn direction_goal(d: Direction, lang: Lang) -> String {
    match (d, lang) {
        (Direction::Increase, Lang::Sv) => "ska öka".into(),
        (Direction::Increase, Lang::En) => "to increase".into(),
        (Direction::Decrease, Lang::Sv) => "ska minska".into(),
        (Direction::Decrease, Lang::En) => "to decrease".into(),
        (Direction::Band { low, high }, Lang::Sv) => format!(
            "ska hållas inom {}–{}",
            text::number(low, 1, lang),
            text::number(high, 1, lang)
        ),
        (Direction::Band { low, high }, Lang::En) => {
            format!("to stay within {}–{}", text::number(low, 1, lang), text::number(high, 1, lang))
        }
    }
}

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
        num_cell_into(&mut buf, 7.0, Lang::Sv);
        assert_eq!(buf, "7");
    }
}
