//! `index.html` (or the site of a large plan): the cover, contents, summary, areas, goals,
//! indicators, activities, who has not reported what, and the method.

// The HTML is written line by line with explicit `\n`s, so that it reads like the page.
#![allow(clippy::write_with_newline)]

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

pub(super) fn status_cell(s: Status, lang: Lang) -> String {
    format!(
        "<span class=\"status s-{}\">{} {}</span>",
        s.code(),
        status_symbol(s),
        html(status_word(s, lang))
    )
}

/// The start of an HTML page, up to and with `<body>`.
pub(super) fn page_start(cx: &Ctx<'_>, title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        cx.t("sv", "en"),
        html(title)
    )
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
pub(super) fn render_html(cx: &Ctx<'_>, site: bool) -> Vec<(String, String)> {
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

pub(super) fn indicator_html(cx: &Ctx<'_>, h: &mut String, a: &IndicatorAnalysis<'_>, svgs: &Svgs) {
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
        "<p class=\"meta\">{}: {} · {}: {source} · {}: {}{}</p>\n",
        cx.t("Enhet", "Unit"),
        html(&ind.unit),
        cx.t("Källa", "Source"),
        cx.t("Ansvarig", "Responsible"),
        html(cx.actor_name(&t.responsible)),
        cx.updated(&ind.id)
            .map(|d| format!(" · {}: {d}", cx.t("Uppdaterad", "Updated")))
            .unwrap_or_default()
    );
    if !ind.description.is_empty() {
        let _ = write!(h, "<p class=\"note\">{}</p>\n", html(&in_lang(lang, &ind.description, "")));
    }

    h.push_str("<div class=\"facts\">\n<dl>\n");
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
        svgs.trend,
        cx.t(
            "Länets utfall (fyllda punkter; ofyllda: ofullständigt underlag), utgångsvärde (kvadrat), mål (triangel), rak väg till målet (prickad) och prognos (streckad).",
            "The county's outcome (filled points; hollow: incomplete data), baseline (square), target (triangle), straight path to the target (dotted) and forecast (dashed)."
        )
    );
    if let Some(g) = &svgs.genders {
        let _ = write!(
            h,
            "<figure>{g}<figcaption>{}</figcaption></figure>\n",
            cx.t(
                "Länets värde för kvinnor (heldragen, romber) och män (streckad, kryss) och totalt.",
                "The county's value for women (solid, diamonds), men (dashed, crosses) and in total."
            )
        );
    }
    if let Some(r) = &svgs.ranking {
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

pub(super) fn series_table(cx: &Ctx<'_>, h: &mut String, a: &IndicatorAnalysis<'_>) {
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

/// Percent-encodes everything but the unreserved characters of RFC 3986, for a `data:` URL.
pub(super) fn percent_encode(s: &str) -> String {
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
pub(super) fn actors_html(cx: &Ctx<'_>, h: &mut String, a: &IndicatorAnalysis<'_>) {
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
pub(super) fn breakdown_html(cx: &Ctx<'_>, h: &mut String, a: &IndicatorAnalysis<'_>) {
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

pub(super) fn activities_html(cx: &Ctx<'_>, h: &mut String) {
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
pub(super) fn missing_html(cx: &Ctx<'_>, h: &mut String) {
    let lang = cx.lang();
    let matrix = reporting_matrix(cx);
    let _ = write!(
        h,
        "<section class=\"missing\" id=\"missing\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        cx.t("Vem har inte rapporterat vad", "Who has not reported what"),
        html(&matrix_note(cx))
    );
    if !matrix.late() {
        let _ = write!(
            h,
            "<p>{}</p>\n",
            cx.t(
                "Alla har rapporterat allt som har förfallit.",
                "Everyone has reported everything that is due."
            )
        );
    }
    if !matrix.columns.is_empty() {
        h.push_str("<table class=\"matrix\">\n<thead><tr><th></th>");
        for (n, ind) in matrix.columns.iter().enumerate() {
            let _ = write!(
                h,
                "<th class=\"num\" title=\"{}\">{}</th>",
                html(&ind.name_in(lang)),
                n + 1
            );
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for (actor, cells) in &matrix.rows {
            let _ = write!(h, "<tr><th>{}</th>", html(&actor.name));
            for cell in cells {
                let class = match cell {
                    MatrixCell::NotDue => "none",
                    MatrixCell::Reported => "ok",
                    MatrixCell::Missing(_) => "late",
                };
                let _ = write!(h, "<td class=\"num {class}\">{}</td>", html(&cell.text(lang)));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n<ol class=\"note key\">\n");
        for ind in &matrix.columns {
            let _ = write!(h, "<li>{}</li>\n", html(&ind.name_in(lang)));
        }
        h.push_str("</ol>\n");
    }
    awaiting_html(cx, h);
    h.push_str("</section>\n");
}

/// The values sent for locked periods that wait for approval.
pub(super) fn awaiting_html(cx: &Ctx<'_>, h: &mut String) {
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

pub(super) fn method_html(cx: &Ctx<'_>, h: &mut String) {
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
            "<strong>Kön och uppdelningar.</strong> Rubriken och statusen gäller totalen, utom där planen sätter målet för kvinnor eller män (för indikatorer som bara redovisas för kvinnor och män måste den det) eller för en grupp i en uppdelning (t.ex. unga 16–24 år). Under ett mål för totalen visas länets värde för varje grupp med förändringen sedan utgångsperioden, och för en indikator som också redovisas för kvinnor och män ett diagram med båda bredvid totalen (värdena finns i seriens CSV); grupperna och könen jämförs, de bedöms inte.".into(),
            "<strong>Fullständighet.</strong> Bara för indikatorer som aktörerna rapporterar (statistik hämtas från källan): för varje aktör som ska rapportera indikatorn, perioderna efter utgångsvärdet som har avslutats per rapportdatum och som hör till indikatorns rytm (en undersökning vartannat eller vart tredje år, valår), så att åren däremellan aldrig räknas som saknade. Ett värde markerat som saknat (t.ex. <code>..</code>) räknas som rapporterat.".into(),
            "Källa för Kolada-nyckeltalen: Kolada (RKA). Övriga värden rapporteras av aktörerna själva. <em>Uppdaterad</em> är dagen då det senaste av indikatorns visade värden lagrades i utblick (hämtat från Kolada eller inskickat av en aktör); ett värde som skickas igen oförändrat flyttar den inte.".into(),
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
            "<strong>Gender and breakdowns.</strong> The heading and the status are for the total, except where the plan sets the target for women or men (an indicator published for women and men only must) or for a group of a breakdown (e.g. the young aged 16–24). Under a target on the total, the county's value of every group is shown with its change since the baseline period, and for an indicator also published for women and men a chart shows both beside the total (the values are in the series CSV); groups and genders are compared, not judged.".into(),
            "<strong>Completeness.</strong> Only for indicators the actors report (statistics come from their source): for each actor due to report the indicator, the periods after the baseline that have ended by the report date and are in the indicator's cadence (a survey every second or third year, election years), so that the years between are never counted as missing. A value marked missing (e.g. <code>..</code>) counts as reported.".into(),
            "Source of the Kolada KPIs: Kolada (RKA). Other values are reported by the actors themselves. <em>Updated</em> is the day the latest of the indicator's shown values was stored in utblick (fetched from Kolada or sent by an actor); a value sent again unchanged does not move it.".into(),
        ],
    };
    for p in paras {
        let _ = write!(h, "<p>{p}</p>\n");
    }
    h.push_str("</section>\n");
}
