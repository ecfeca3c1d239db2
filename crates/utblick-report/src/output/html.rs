//! `index.html` (or the site of a large plan): the cover, contents, summary, areas, goals,
//! indicators, activities, who has not reported what, and the method.
//!
//! Written with maud's `html!`, which escapes every value it is given; only the report's own
//! markup goes in unescaped (`PreEscaped`: the stylesheet, the charts plotters drew, which
//! escape their own text, and the `data:` links, which are percent-encoded). Every page is
//! passed through core's `clean` last, so no hidden character from a plan or a file reaches
//! the reader, whatever part of the page it came in by.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::method::{Span, paragraphs, spans};
use super::*;

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
.nowrap { white-space: nowrap; }
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
table.intl { font-size: .85rem; }
table.intl td { overflow-wrap: break-word; }
table.intl:not(.fixed) th { white-space: nowrap; }
table.intl .sub { display: block; font-size: .85em; color: var(--muted); }
table.intl tr.muted td { color: var(--muted); }
table.intl td.goals { white-space: nowrap; }
table.intl td.goals a + a { margin-left: .3em; }
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
  section.area, section.activities, section.intl { break-before: page; page-break-before: always; }
  table.intl { font-size: 7.8pt; margin: .1rem 0 .4rem; break-inside: auto; page-break-inside: auto; }
  table.intl.fixed { table-layout: fixed; }
  table.intl td, table.intl th { padding: .06rem .25rem; }
  table.intl tr { break-inside: avoid; page-break-inside: avoid; }
  section.intl h3 { margin: .7rem 0 .2rem; }
  section.intl h4 { margin: .5rem 0 .1rem; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
  table, figure, dl { break-inside: avoid; page-break-inside: avoid; }
  figure svg { max-height: 44mm; width: auto; }
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

/// A status as the reader sees it: its symbol and word, coloured by its class.
fn status_cell(s: Status, lang: Lang) -> Markup {
    html! {
        span class=(format!("status s-{}", s.code())) { (status_symbol(s)) " " (status_word(s, lang)) }
    }
}

/// A whole HTML page around `body`, every hidden character made visible.
fn page(cx: &Ctx<'_>, title: &str, body: Markup) -> String {
    let page = html! {
        (DOCTYPE)
        html lang=(cx.t("sv", "en")) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body { (body) }
        }
    };
    finish(page)
}

/// A page's text: every hidden character made visible (core's `clean`), and a final newline.
pub(crate) fn finish(page: Markup) -> String {
    let mut out = utblick_core::clean(&page.into_string()).into_owned();
    out.push('\n');
    out
}

/// Where an area's section is: an anchor in the one page, or its own page in a site (relative
/// to the index).
pub(super) fn area_href(area: &utblick_core::Area, site: bool) -> String {
    let anchor = anchor_with("a", &area.id);
    if site { format!("areas/{anchor}.html") } else { format!("#{anchor}") }
}

/// Where an indicator's article is, relative to the index.
pub(super) fn indicator_href(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>, site: bool) -> String {
    let anchor = target_anchor(cx, a.target);
    if site { format!("i/{anchor}.html") } else { format!("#{anchor}") }
}

/// The report as HTML: one self-contained page, or for a large plan (`site`) an index with the
/// cover, summary, activities, reporting and method, a page per area and a page per indicator,
/// linked both ways. `(path, page)` pairs.
/// Renders the pages (one, or a site) and gives each to `put` with its path.
pub(super) fn render_html(
    cx: &Ctx<'_>,
    site: bool,
    put: &mut dyn FnMut(String, String) -> Result<(), ReportError>,
) -> Result<(), ReportError> {
    let lang = cx.lang();
    let plan = cx.input.plan;
    let title = format!("{} – {}", cx.plan_title(), cx.t("uppföljning", "follow-up"));

    // Per area, per goal, per indicator: in the page, or on pages of their own.
    let mut areas = Vec::new();
    for area in &plan.areas {
        let section = area_html(cx, area, site);
        if !site {
            areas.push(section);
            continue;
        }
        for (i, a) in cx.analyses.iter().enumerate() {
            let in_area = plan.goal(&a.target.goal).is_some_and(|g| g.area.value == area.id);
            if !in_area {
                continue;
            }
            let body = html! {
                p.note {
                    a href="../index.html" { (title) }
                    " › "
                    a href=(format!("../{}", area_href(area, true))) { (cx.name_of_area(area)) }
                }
                (indicator_html(cx, a, &cx.svgs[i], true))
            };
            let name = format!("{} – {}", a.title(lang), title);
            put(indicator_href(cx, a, true), page(cx, &name, body))?;
        }
        let body = html! {
            p.note { a href="../index.html" { (title) } }
            (section)
        };
        let name = format!("{} – {}", cx.name_of_area(area), title);
        put(area_href(area, true), page(cx, &name, body))?;
    }

    let intl = intl::intl(cx);
    if site && let Some(part) = &intl {
        let body = html! {
            p.note { a href="index.html" { (title) } }
            (intl_html(cx, part, site))
        };
        let name = format!("{} – {}", intl::title(lang), title);
        put(INTL_PAGE.into(), page(cx, &name, body))?;
    }
    let body = html! {
        (cover_html(cx, site))
        (summary_html(cx, site))
        @for section in &areas { (section) }
        @if !site && let Some(part) = &intl { (intl_html(cx, part, site)) }
        (activities_html(cx))
        (missing_html(cx))
        (method_html(cx))
    };
    put("index.html".into(), page(cx, &title, body))?;
    Ok(())
}

/// The cover: what this is, as of when, with data up to when, made by whom; then the contents.
fn cover_html(cx: &Ctx<'_>, site: bool) -> Markup {
    let lang = cx.lang();
    let plan = cx.input.plan;
    let data_to = cx.analyses.iter().filter_map(|a| a.region.last().map(|p| p.period)).max();
    let facts = [
        (cx.t("Planår", "Plan year"), plan.year.value.to_string()),
        (cx.t("Läget per", "Status as of"), cx.input.as_of.to_string()),
        (
            cx.t("Data t.o.m.", "Data up to"),
            data_to.map(|p| text::period(p, lang)).unwrap_or_else(|| "–".into()),
        ),
        (
            cx.t("Sammanställd av", "Compiled by"),
            format!("{} {}", cx.compiler(), cx.t("med utblick", "with utblick")),
        ),
    ];
    let sections = [
        ("activities", cx.t("Insatser", "Activities")),
        ("missing", cx.t("Vem har inte rapporterat vad", "Who has not reported what")),
        ("method", cx.t("Metod", "Method")),
    ];
    html! {
        header.cover {
            p.kicker { (cx.t("Uppföljning", "Follow-up")) }
            h1 { (cx.plan_title()) }
            dl.cover-facts {
                @for (k, v) in &facts { dt { (k) } dd { (v) } }
            }
            @if !plan.vision.is_empty() {
                p { strong { (cx.t("Vision:", "Vision:")) } " " (in_lang(lang, &plan.vision, &plan.vision_en)) }
            }
            nav.toc {
                h2 { (cx.t("Innehåll", "Contents")) }
                ol {
                    li { a href="#summary" { (cx.t("Sammanfattning", "Summary")) } }
                    @for area in &plan.areas {
                        li {
                            a href=(area_href(area, site)) { (cx.name_of_area(area)) }
                            " "
                            span.note {
                                "(" (cx.of_area(&area.id).count()) " " (cx.t("indikatorer", "indicators")) ")"
                            }
                        }
                    }
                    @if !cx.input.registry.is_empty() {
                        li { a href=(intl_href(site)) { (intl::title(lang)) } }
                    }
                    @for (id, name) in sections {
                        li { a href=(format!("#{id}")) { (name) } }
                    }
                }
            }
        }
    }
}

/// The summary: per area, the statuses in numbers and one line per indicator.
fn summary_html(cx: &Ctx<'_>, site: bool) -> Markup {
    let lang = cx.lang();
    let head = cx.summary_head();
    html! {
        section.summary #summary {
            h2 { (cx.t("Sammanfattning", "Summary")) }
            @for area in &cx.input.plan.areas {
                @let counts: Vec<(Status, usize)> =
                    cx.counts(&area.id).into_iter().filter(|c| c.1 > 0).collect();
                @let total: usize = counts.iter().map(|c| c.1).sum();
                h3 { (cx.name_of_area(area)) }
                p.counts {
                    span.bar aria-hidden="true" {
                        @for (st, n) in &counts {
                            span
                                class=(format!("b-{}", st.code()))
                                style=(format!("width:{:.1}%", 100.0 * *n as f64 / total.max(1) as f64)) {}
                        }
                    }
                    " "
                    @for (i, (st, n)) in counts.iter().enumerate() {
                        @if i > 0 { " · " }
                        (status_cell(*st, lang)) " " (n)
                    }
                }
                table.overview {
                    thead {
                        tr {
                            th { (head[0]) } th { (head[1]) } th.num { (head[2]) }
                            th.num { (head[3]) } th { (head[4]) } th { (head[5]) }
                        }
                    }
                    tbody {
                        @for a in cx.of_area(&area.id) {
                            tr {
                                td { a href=(indicator_href(cx, a, site)) { (a.title(lang)) } }
                                td { (status_cell(a.status.status, lang)) }
                                td.num { (cx.latest_text(a, &a.status)) }
                                td.num { (cx.target_text(a)) }
                                td { (cx.change_short(a)) }
                                td { (cx.reaches_short(a)) }
                            }
                        }
                    }
                }
            }
            p.note {
                (cx.t(
                    "Status: läget mot målet sedan utgångsvärdet (metoden står sist). Förändring: åt vilket håll länets värde har gått sedan utgångsvärdet, och om det är bättre eller sämre. Når målet?: om trenden i de senaste värdena når målet; osäker där en rak linje inte säger något.",
                    "Status: where the county stands against the target since the baseline (the method is at the end). Change: which way the county's value went since the baseline, and whether that is better or worse. Reaches the target?: whether the trend of the latest values reaches the target; uncertain where a straight line says nothing."
                ))
            }
        }
    }
}

/// An area's section: its goals with their success criteria, and under each goal its
/// indicators (in a site, links to their pages).
fn area_html(cx: &Ctx<'_>, area: &utblick_core::Area, site: bool) -> Markup {
    let lang = cx.lang();
    let plan = cx.input.plan;
    html! {
        section.area id=(anchor_with("a", &area.id)) {
            h2 { (cx.name_of_area(area)) }
            @if !area.description.is_empty() {
                p { (in_lang(lang, &area.description, &area.description_en)) }
            }
            @for goal in plan.goals.iter().filter(|g| g.area.value == area.id) {
                h3 id=(intl::goal_anchor(&goal.id)) { (in_lang(lang, &goal.title, &goal.title_en)) }
                @if !goal.success_criteria.is_empty() {
                    p.note { (cx.t("Framgångskriterier:", "Success criteria:")) }
                    ul {
                        @for (i, c) in goal.success_criteria.iter().enumerate() {
                            li { (in_lang(lang, c, goal.success_criteria_en.get(i).map_or("", String::as_str))) }
                        }
                    }
                }
                @let of_goal: Vec<(usize, &IndicatorAnalysis<'_>)> = cx
                    .analyses
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.target.goal.value == goal.id)
                    .collect();
                @if site {
                    ul.indicators {
                        @for (_, a) in &of_goal {
                            li {
                                a href=(format!("../{}", indicator_href(cx, a, true))) { (a.title(lang)) }
                                " "
                                (status_cell(a.status.status, lang))
                            }
                        }
                    }
                } @else {
                    @for (i, a) in &of_goal { (indicator_html(cx, a, &cx.svgs[*i], false)) }
                }
            }
        }
    }
}

/// One indicator: heading with status; unit, source, responsible and when updated, in one
/// place; the verdicts beside the figures; the charts; the breakdown and the actors.
fn indicator_html(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>, svgs: &Svgs, site: bool) -> Markup {
    let lang = cx.lang();
    let ind = a.indicator;
    let t = a.target;
    let facts = cx.facts(a);
    html! {
        article.indicator id=(target_anchor(cx, t)) {
            div.keep {
                h4 { (a.title(lang)) " " (status_cell(a.status.status, lang)) }
                // The one place for what the numbers are: unit, source (with a link to the
                // KPI's definition at the source), who answers for the target, and when its
                // figures last changed.
                p.meta {
                    (cx.t("Enhet", "Unit")) ": " (ind.unit)
                    " · " (cx.t("Källa", "Source")) ": "
                    @match ind.kolada_id() {
                        Some(k) => {
                            a href=(format!("https://api.kolada.se/v3/kpi/{k}")) {
                                (cx.t("Kolada, nyckeltal", "Kolada, KPI")) " " (k)
                            }
                        }
                        None => { (source_text(cx, a)) }
                    }
                    " · " (cx.t("Ansvarig", "Responsible")) ": " (cx.actor_name(&t.responsible))
                    @if let Some(d) = cx.updated(&ind.id) {
                        " · " (cx.t("Uppdaterad", "Updated")) ": " (d.to_string())
                    }
                }
                @if !ind.description.is_empty() {
                    p.note { (in_lang(lang, &ind.description, "")) }
                }
                div.facts {
                    div {
                        dl {
                            @for (k, v) in &facts { dt { (k) } dd { (v) } }
                        }
                        (trace_html(cx, a, site))
                    }
                    (series_table(cx, a))
                }
            }
            div.charts {
                figure {
                    (PreEscaped(&svgs.trend))
                    figcaption {
                        (cx.t(
                            "Länets utfall (fyllda punkter; ofyllda: ofullständigt underlag), utgångsvärde (kvadrat), mål (triangel), rak väg till målet (prickad) och prognos (streckad).",
                            "The county's outcome (filled points; hollow: incomplete data), baseline (square), target (triangle), straight path to the target (dotted) and forecast (dashed)."
                        ))
                    }
                }
                @if let Some(g) = &svgs.genders {
                    figure {
                        (PreEscaped(g))
                        figcaption {
                            (cx.t(
                                "Länets värde för kvinnor (heldragen, romber) och män (streckad, kryss) och totalt.",
                                "The county's value for women (solid, diamonds), men (dashed, crosses) and in total."
                            ))
                        }
                    }
                }
                @if let Some(r) = &svgs.ranking {
                    figure {
                        (PreEscaped(r))
                        figcaption {
                            (cx.t(
                                "Senaste värde per aktör; länets värde som streckad linje.",
                                "Latest value per actor; the county's value as a dashed line."
                            ))
                        }
                    }
                }
            }
            (breakdown_html(cx, a))
            (actors_html(cx, a))
        }
    }
}

/// The figures from the baseline period on, with the actors behind each where the county's
/// value was put together from them, and the whole series as CSV behind a `data:` link.
fn series_table(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> Markup {
    let lang = cx.lang();
    let t = a.target;
    let aggregated = a.region.iter().any(|p| p.expected > 1);
    let from = a.baseline.map(|b| b.period).or(t.baseline.period.value);
    let earlier = a.region.iter().filter(|p| from.is_some_and(|f| p.period < f)).count();
    html! {
        div {
            table.series {
                thead {
                    tr {
                        th { (cx.t("Period", "Period")) }
                        th.num { (cx.t("Länet", "County")) }
                        @for (r, _) in &a.references { th.num { (r.name) } }
                        @if aggregated { th.num { (cx.t("Aktörer", "Actors")) } }
                        th { (cx.t("Anmärkning", "Note")) }
                    }
                }
                tbody {
                    @for row in series_rows(cx, a) {
                        tr class=[row.partial.then_some("partial")] {
                            td { (text::period(row.period, lang)) }
                            @for v in &row.values { td.num { (v) } }
                            @if aggregated {
                                td.num { @if let Some((n, of)) = row.actors { (n) " / " (of) } }
                            }
                            td { (row.note) }
                        }
                    }
                }
            }
            p class="note data" {
                a download=(format!("{}.csv", target_anchor(cx, t)))
                    href=(format!("data:text/csv;charset=utf-8,{}", percent_encode(&series_csv_of(cx, a)))) {
                    (cx.t("Hela serien som CSV", "The whole series as CSV"))
                }
                @if earlier > 0 {
                    " (" (earlier) " "
                    (cx.t(
                        "värden före utgångsperioden finns i filen och i diagrammet",
                        "values before the baseline period are in the file and the chart"
                    ))
                    ")"
                }
            }
        }
    }
}

/// Percent-encodes everything but the unreserved characters of RFC 3986, for a `data:` URL.
fn percent_encode(s: &str) -> String {
    use std::fmt::Write as _;
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
fn actors_html(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> Markup {
    if a.actor_change.len() <= 1 {
        return html! {};
    }
    let lang = cx.lang();
    let since = a.target.baseline.period.value.map(|p| text::period(p, lang)).unwrap_or_default();
    let with_targets = !a.actor_status.is_empty();
    let mut actors: Vec<_> = a.actor_change.iter().collect();
    actors.sort_by(|x, y| text::collate(&x.0.name, &y.0.name));
    let rows: Vec<(&str, String, String, Option<Status>)> = actors
        .into_iter()
        .map(|(actor, ch)| {
            let latest = a
                .actors
                .iter()
                .find(|(x, _)| x.id == actor.id)
                .and_then(|(_, pts)| pts.last())
                .map(|d| format!("{} ({})", cx.value(a, d.value), text::period(d.period, lang)))
                .unwrap_or_else(|| "–".into());
            let own = a.actor_status.iter().find(|(x, _)| x.id == actor.id).map(|s| s.1.status);
            (actor.name.as_str(), change_text(cx, a, ch.as_ref()), latest, own)
        })
        .collect();
    html! {
        details open[with_targets] class=[with_targets.then_some("print")] {
            summary { (cx.t("Aktörerna jämförda", "The actors compared")) }
            table {
                thead {
                    tr {
                        th { (cx.t("Aktör", "Actor")) }
                        th { (cx.t("Förändring sedan", "Change since")) " " (since) }
                        th.num { (cx.t("Senaste värde", "Latest value")) }
                        @if with_targets { th { (cx.t("Status mot eget mål", "Status against own target")) } }
                    }
                }
                tbody {
                    @for (name, change, latest, own) in &rows {
                        tr {
                            td { (name) }
                            td { (change) }
                            td.num { (latest) }
                            @if with_targets {
                                td {
                                    @match own {
                                        Some(s) => { (status_cell(*s, lang)) }
                                        None => { (cx.t("inget eget mål", "no own target")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The county's latest value in every breakdown cell, with its change since the plan's
/// baseline period: compared, not judged (the plan's target is on the total).
fn breakdown_html(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> Markup {
    if a.breakdown.is_empty() {
        return html! {};
    }
    let lang = cx.lang();
    let since = a.target.baseline.period.value;
    let rows: Vec<(String, String, String, String)> = a
        .breakdown
        .iter()
        .map(|b| {
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
            let group = b
                .values
                .iter()
                .map(|v| v.as_deref().unwrap_or(cx.t("totalt", "total")))
                .collect::<Vec<_>>()
                .join(", ");
            (
                group,
                latest.map(|l| text::period(l.period, lang)).unwrap_or_default(),
                latest.map(|l| cx.value(a, l.value)).unwrap_or_else(|| "–".into()),
                change_text(cx, a, ch.as_ref()),
            )
        })
        .collect();
    html! {
        table.breakdown {
            caption.note {
                (cx.t("Uppdelning", "Breakdown")) " (" (a.title(lang)) ", " (a.indicator.unit) ")"
            }
            thead {
                tr {
                    th { (cx.t("Grupp", "Group")) }
                    th { (cx.t("Period", "Period")) }
                    th.num { (cx.t("Länet", "County")) }
                    th {
                        (cx.t("Förändring sedan", "Change since")) " "
                        (since.map(|p| text::period(p, lang)).unwrap_or_default())
                    }
                }
            }
            tbody {
                @for (group, period, value, change) in &rows {
                    tr { td { (group) } td { (period) } td.num { (value) } td { (change) } }
                }
            }
        }
    }
}

/// The international work's own page in a site.
const INTL_PAGE: &str = "international.html";

/// Where the international work is, from the index.
fn intl_href(site: bool) -> String {
    if site { INTL_PAGE.into() } else { "#intl".into() }
}

/// Where a goal's heading is, from the index or the international work's page (both at the
/// site's top); `None` where the report does not show the goal.
fn goal_href(cx: &Ctx<'_>, g: &intl::GoalLink, site: bool) -> Option<String> {
    let area = cx.input.plan.area(g.area.as_deref()?)?;
    let anchor = intl::goal_anchor(&g.id);
    Some(if site { format!("{}#{anchor}", area_href(area, true)) } else { format!("#{anchor}") })
}

/// A registry entry's row, from an indicator's article (in a site, a page under `i/`).
fn entry_href(id: &str, site: bool) -> String {
    let anchor = intl::entry_anchor(id);
    if site { format!("../{INTL_PAGE}#{anchor}") } else { format!("#{anchor}") }
}

/// The goals an entry serves, each its number linked to its place in the report.
fn goals_html(cx: &Ctx<'_>, goals: &[intl::GoalLink], site: bool) -> Markup {
    html! {
        @for g in goals {
            @match goal_href(cx, g, site) {
                Some(href) => { a href=(href) title=(g.title) { (g.id) } }
                None => { span title=(g.title) { (g.id) } }
            }
            " "
        }
    }
}

/// A table of the international work: a line per entry (its row the entry's anchor), the
/// goals as links.
fn intl_table_html(cx: &Ctx<'_>, table: &intl::Table, site: bool) -> Markup {
    let class = |i: usize| table.num.get(i).copied().unwrap_or(false).then_some("num");
    let total: f32 = table.widths.iter().sum();
    html! {
        table.intl.fixed[table.fixed] id=(table.id) {
            colgroup {
                @for w in &table.widths {
                    col style=(format!("width:{:.1}%", 100.0 * w / total.max(f32::EPSILON)));
                }
            }
            thead {
                tr { @for (i, h) in table.head.iter().enumerate() { th class=[class(i)] { (h) } } }
            }
            tbody {
                @for row in &table.rows {
                    tr id=[row.entry.as_deref().map(intl::entry_anchor)] class=[row.muted.then_some("muted")] {
                        @for (i, cell) in row.cells.iter().enumerate() {
                            @if !cell.goals.is_empty() {
                                td.goals { (goals_html(cx, &cell.goals, site)) }
                            } @else {
                                td class=[class(i)] {
                                    @for (j, line) in cell.text.lines().enumerate() {
                                        @if j > 0 { br; }
                                        (line)
                                    }
                                    @if !cell.sub.is_empty() { span.sub { (cell.sub) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The international work: a section per tool of the strategy that the registry has
/// something for.
fn intl_html(cx: &Ctx<'_>, part: &intl::Intl, site: bool) -> Markup {
    html! {
        section.intl #intl {
            h2 { (intl::title(cx.lang())) }
            p.note { (part.intro) }
            @if !part.goals.is_empty() {
                p.note {
                    (cx.t("Målen:", "The goals:")) " "
                    @for (i, g) in part.goals.iter().enumerate() {
                        @if i > 0 { "; " }
                        @match goal_href(cx, g, site) {
                            Some(href) => { a href=(href) { (g.id) } }
                            None => { (g.id) }
                        }
                        " " (g.title)
                    }
                }
            }
            @for section in &part.sections {
                h3 id=(section.anchor) { (section.heading) }
                @for block in &section.blocks {
                    @match block {
                        intl::Block::Note(text) => { p.note { (text) } }
                        intl::Block::Sub(text) => { h4 { (text) } }
                        intl::Block::Table(table) => { (intl_table_html(cx, table, site)) }
                        intl::Block::Funding { table, caption, note } => {
                            div.charts {
                                @if let Some(svg) = &cx.funding {
                                    figure {
                                        (PreEscaped(svg))
                                        figcaption { (caption) }
                                    }
                                }
                                div {
                                    (intl_table_html(cx, table, site))
                                    p.note { (note) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// For an indicator counted from the registry: how, and the entries behind each reporter's
/// figure in the latest years shown, each linked to its row in the international work.
fn trace_html(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>, site: bool) -> Markup {
    let Some(trace) = intl::trace(cx, a) else { return html! {} };
    html! {
        p class="note trace" {
            strong { (cx.t("Så räknas det:", "How it is counted:")) } " " (trace.how)
            @for (year, behind) in &trace.years {
                " " strong { (cx.t("Underlag", "Entries")) " " (year) ":" } " "
                @if behind.is_empty() { (cx.t("inga poster.", "no entries.")) }
                @for (i, b) in behind.iter().enumerate() {
                    @if i > 0 { "; " }
                    (b.actor) " " (b.value) " ("
                    @for (j, id) in b.entries.iter().enumerate() {
                        @if j > 0 { ", " }
                        a href=(entry_href(id, site)) title=(id) { (intl::entry_name(cx, id)) }
                    }
                    ")"
                }
                @if !behind.is_empty() { "." }
            }
        }
    }
}

/// The plan's activities: goal, who is responsible, the strategy's tools, status and budget.
fn activities_html(cx: &Ctx<'_>) -> Markup {
    let plan = cx.input.plan;
    let lang = cx.lang();
    html! {
        section.activities #activities {
            h2 { (cx.t("Insatser", "Activities")) }
            table {
                thead {
                    tr {
                        th { (cx.t("Insats", "Activity")) }
                        th { (cx.t("Mål", "Goal")) }
                        th { (cx.t("Ansvarig", "Responsible")) }
                        th { (cx.t("Verktyg", "Tools")) }
                        th { (cx.t("Status", "Status")) }
                        th.num { (cx.t("Budget, kr", "Budget, SEK")) }
                    }
                }
                tbody {
                    @for act in &plan.activities {
                        @let responsible: Vec<&str> =
                            act.responsible.iter().map(|r| cx.actor_name(&r.value)).collect();
                        @let tools: Vec<&str> = act
                            .tools
                            .iter()
                            .map(|t| {
                                plan.tools
                                    .iter()
                                    .find(|x| x.id == t.value)
                                    .map_or(t.value.as_str(), |x| x.name.as_str())
                            })
                            .collect();
                        tr {
                            td { (in_lang(lang, &act.title, &act.title_en)) }
                            td { (plan.goal(&act.goal).map_or(act.goal.value.as_str(), |g| g.title.as_str())) }
                            td { (responsible.join(", ")) }
                            td { (tools.join(", ")) }
                            td { (text::activity_status(act.status, lang)) }
                            td.num { (act.budget_sek.map_or("–".into(), |b| format_number(b, 0, lang))) }
                        }
                    }
                }
            }
        }
    }
}

/// Who has reported what, as one matrix: an actor per row, an actor-reported indicator per
/// column; a cell is reported (✓), late (✗ with the periods missing) or nothing due (·).
fn missing_html(cx: &Ctx<'_>) -> Markup {
    let lang = cx.lang();
    let matrix = reporting_matrix(cx);
    html! {
        section.missing #missing {
            h2 { (cx.t("Vem har inte rapporterat vad", "Who has not reported what")) }
            p.note { (matrix_note(cx)) }
            @if !matrix.late() {
                p {
                    (cx.t(
                        "Alla har rapporterat allt som har förfallit.",
                        "Everyone has reported everything that is due."
                    ))
                }
            }
            @if !matrix.columns.is_empty() {
                table.matrix {
                    thead {
                        tr {
                            th {}
                            @for (n, ind) in matrix.columns.iter().enumerate() {
                                th.num title=(ind.name_in(lang)) { (n + 1) }
                            }
                        }
                    }
                    tbody {
                        @for (actor, cells) in &matrix.rows {
                            tr {
                                th { (actor.name) }
                                @for cell in cells {
                                    @let class = match cell {
                                        MatrixCell::NotDue => "num none",
                                        MatrixCell::Reported => "num ok",
                                        MatrixCell::Missing(_) => "num late",
                                    };
                                    td class=(class) { (cell.text(lang)) }
                                }
                            }
                        }
                    }
                }
                ol class="note key" {
                    @for ind in &matrix.columns { li { (ind.name_in(lang)) } }
                }
            }
            (awaiting_html(cx))
        }
    }
}

/// The values sent for locked periods that wait for approval.
fn awaiting_html(cx: &Ctx<'_>) -> Markup {
    let waiting = &cx.input.awaiting;
    if waiting.is_empty() {
        return html! {};
    }
    let lang = cx.lang();
    html! {
        h3 #awaiting { (cx.t("Väntar på godkännande", "Awaiting approval")) }
        p.note {
            (cx.t(
                "Värden som kommit in för en låst period efter att styrelsen sett den. De gäller först när samordnaren godkänner dem; till dess visar rapporten det tidigare värdet.",
                "Values sent for a locked period after the board saw it. They count only once the coordinator approves them; until then the report shows the earlier value."
            ))
        }
        table {
            thead {
                tr {
                    th { (cx.t("Aktör", "Actor")) }
                    th { (cx.t("Indikator", "Indicator")) }
                    th { (cx.t("Period", "Period")) }
                    th.num { (cx.t("Gäller nu", "Current")) }
                    th.num { (cx.t("Föreslaget", "Proposed")) }
                }
            }
            tbody {
                @for w in waiting {
                    @let name = cx
                        .input
                        .catalogue
                        .get(&w.key.indicator)
                        .map_or(w.key.indicator.clone(), |i| i.name_in(lang));
                    @let series = w.key.series_label();
                    tr {
                        td { (cx.actor_name(&w.key.actor)) }
                        td { (name) @if !series.is_empty() { " (" (series) ")" } }
                        td { (text::period(w.key.period, lang)) }
                        td.num { (value_cell(cx, &w.key.indicator, w.current)) }
                        td.num { (value_cell(cx, &w.key.indicator, Some(w.value))) }
                    }
                }
            }
        }
    }
}

/// The method appendix: the shared paragraphs with their marks as HTML.
fn method_html(cx: &Ctx<'_>) -> Markup {
    html! {
        section.method #method {
            h2 { (cx.t("Metod", "Method")) }
            @for para in paragraphs(cx) {
                p {
                    @for span in spans(&para) {
                        @match span {
                            Span::Text(t) => { (t) }
                            Span::Strong(t) => { strong { (t) } }
                            Span::Em(t) => { em { (t) } }
                            Span::Code(t) => { code { (t) } }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_hidden_characters_are_seen() {
        let hostile = "<script>alert(1)</script> & \"x\" Före\u{1b}[31mtag\u{202e}samhet";
        let page = finish(html! { p title=(hostile) { (hostile) } });
        let shown = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; Före\u{fffd}[31mtag\u{fffd}samhet";
        assert_eq!(page, format!("<p title=\"{shown}\">{shown}</p>\n"));
    }
}
