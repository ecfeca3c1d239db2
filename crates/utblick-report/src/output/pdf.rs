//! `report.pdf`: the board's paper, typeset by Typst (as a library, no browser) from the same
//! analysis as the HTML: a cover, contents with page numbers, the one-page summary, then per
//! area, goal and indicator, the activities, who has not reported what, and the method. Charts
//! are the report's own SVGs, drawn as vectors; the font is the DejaVu Sans the charts ship.
//!
//! Every text from a plan, catalogue or file goes into the Typst source as a string literal
//! (`"…"`, with `\` and `"` escaped), never as markup, so nothing a planner writes can act as
//! Typst code.

use std::collections::HashMap;
use std::fmt::Write as _;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::method::{Span, paragraphs, spans};
use super::*;

static FONT: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// A Typst string literal holding `s`, hidden characters made visible first.
fn lit(s: &str) -> String {
    let s = utblick_core::clean(s);
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A status as coloured Typst content: symbol and word.
fn status(s: Status, lang: Lang) -> String {
    let (r, g, b) = match s {
        Status::Achieved => (0, 114, 178),
        Status::OnTrack => (0, 122, 90),
        Status::LimitedProgress => (168, 111, 0),
        Status::Deterioration => (195, 79, 0),
        Status::TooLittleData | Status::NoData => (102, 102, 102),
    };
    format!(
        "text(fill: rgb({r}, {g}, {b}), weight: \"bold\", {})",
        lit(&format!("{} {}", status_symbol(s), status_word(s, lang)))
    )
}

/// The Typst source of the whole report.
pub(super) fn source(cx: &Ctx<'_>, stems: &[String]) -> String {
    let input = cx.input;
    let plan = input.plan;
    let lang = cx.lang();
    let mut t = String::with_capacity(64 * 1024);
    let title = format!("{} – {}", cx.plan_title(), cx.t("uppföljning", "follow-up"));
    let _ = writeln!(t, "#set document(title: {}, author: {})", lit(&title), lit(cx.compiler()));
    let _ = writeln!(
        t,
        "#set page(paper: \"a4\", margin: (x: 16mm, top: {TOP_MM}mm, bottom: {BOTTOM_MM}mm), numbering: {}, number-align: right + bottom)",
        lit("1 / 1")
    );
    let _ = writeln!(
        t,
        "#set text(font: \"DejaVu Sans\", size: 8.5pt, lang: {})",
        lit(cx.t("sv", "en"))
    );
    t.push_str(
        r#"#set par(justify: false, leading: 0.55em)
#set table(stroke: (x, y) => (bottom: 0.4pt + luma(200)), inset: (x: 3pt, y: 2.2pt))
#show heading.where(level: 1): it => { pagebreak(weak: true); [#metadata("section") <section>]; block(below: 0.8em, text(size: 14pt, it)); line(length: 100%, stroke: 1pt + rgb(0, 114, 178)) }
#show heading.where(level: 2): set text(size: 11pt)
#show heading.where(level: 3): set text(size: 9.5pt)
#show link: set text(fill: rgb(0, 90, 160))
"#,
    );

    // The cover and the contents.
    let data_to = cx.analyses.iter().filter_map(|a| a.region.last().map(|p| p.period)).max();
    let _ = writeln!(
        t,
        "#v(25mm)\n#text(size: 11pt, fill: luma(90), upper({}))\n#v(2mm)\n#text(size: 20pt, weight: \"bold\", {})\n#v(6mm)",
        lit(cx.t("Uppföljning", "Follow-up")),
        lit(&cx.plan_title())
    );
    let facts = [
        (cx.t("Planår", "Plan year"), plan.year.value.to_string()),
        (cx.t("Läget per", "Status as of"), input.as_of.to_string()),
        (
            cx.t("Data t.o.m.", "Data up to"),
            data_to.map(|p| text::period(p, lang)).unwrap_or_else(|| "–".into()),
        ),
        (
            cx.t("Sammanställd av", "Compiled by"),
            format!("{} {}", cx.compiler(), cx.t("med utblick", "with utblick")),
        ),
    ];
    t.push_str("#grid(columns: (34mm, 1fr), row-gutter: 5pt, ");
    for (k, v) in facts {
        let _ = write!(t, "text(weight: \"bold\", {}), {}, ", lit(k), lit(&v));
    }
    t.push_str(")\n");
    if !plan.vision.is_empty() {
        let _ = writeln!(
            t,
            "#v(4mm)\n#[#text(weight: \"bold\", {}) #{}]",
            lit(cx.t("Vision:", "Vision:")),
            lit(&in_lang(lang, &plan.vision, &plan.vision_en))
        );
    }
    let _ = writeln!(
        t,
        "#v(10mm)\n#text(size: 12pt, weight: \"bold\", {})\n#outline(title: none, depth: 1, indent: 0pt)",
        lit(cx.t("Innehåll", "Contents"))
    );

    // The summary.
    let _ = writeln!(t, "#heading(level: 1, {})", lit(cx.t("Sammanfattning", "Summary")));
    let head = cx.summary_head();
    for area in &plan.areas {
        let counts: Vec<String> = cx
            .counts(&area.id)
            .into_iter()
            .filter(|c| c.1 > 0)
            .map(|(st, n)| format!("#{} {n}", status(st, lang)))
            .collect();
        let _ = writeln!(
            t,
            "#heading(level: 2, outlined: false, {})\n{}\n",
            lit(&cx.name_of_area(area)),
            counts.join(" · ")
        );
        let _ = write!(
            t,
            "#text(size: 7.5pt, table(columns: (1fr, auto, auto, auto, auto, auto), align: (left, left, right, right, left, left), table.header({}), ",
            head.iter()
                .map(|h| format!("text(weight: \"bold\", {})", lit(h)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for a in cx.of_area(&area.id) {
            let _ = write!(
                t,
                "{}, {}, {}, {}, {}, {}, ",
                lit(&a.title(lang)),
                status(a.status.status, lang),
                lit(&cx.latest_text(a, &a.status)),
                lit(&cx.target_text(a)),
                lit(&cx.change_short(a)),
                lit(&cx.reaches_short(a))
            );
        }
        t.push_str("))\n");
    }

    // Per area, goal and indicator.
    for area in &plan.areas {
        let _ = writeln!(t, "#heading(level: 1, {})", lit(&cx.name_of_area(area)));
        if !area.description.is_empty() {
            let _ =
                writeln!(t, "#{}\n", lit(&in_lang(lang, &area.description, &area.description_en)));
        }
        for goal in plan.goals.iter().filter(|g| g.area.value == area.id) {
            // The goal's label (letters, digits and `-` only) for the international work's links.
            let label = if intl::goal_placed(plan, goal) {
                format!(" <{}>", intl::goal_anchor(&goal.id))
            } else {
                String::new()
            };
            let _ = writeln!(
                t,
                "#heading(level: 2, {}){label}",
                lit(&in_lang(lang, &goal.title, &goal.title_en))
            );
            if !goal.success_criteria.is_empty() {
                let items: Vec<String> = goal
                    .success_criteria
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let en = goal.success_criteria_en.get(i).map_or("", String::as_str);
                        format!("[#{}]", lit(&in_lang(lang, c, en)))
                    })
                    .collect();
                let _ = writeln!(
                    t,
                    "#text(fill: luma(90), {})\n#list({})",
                    lit(cx.t("Framgångskriterier:", "Success criteria:")),
                    items.join(", ")
                );
            }
            for (i, a) in
                cx.analyses.iter().enumerate().filter(|(_, a)| a.target.goal.value == goal.id)
            {
                indicator(cx, &mut t, a, &stems[i]);
            }
        }
    }

    if let Some(part) = intl::intl(cx) {
        international(cx, &mut t, &part);
    }
    activities(cx, &mut t);
    missing(cx, &mut t);
    let _ = writeln!(t, "#heading(level: 1, {})", lit(cx.t("Metod", "Method")));
    for para in paragraphs(cx) {
        let runs: String = spans(&para)
            .into_iter()
            .map(|span| match span {
                Span::Text(x) => format!("#{}", lit(x)),
                Span::Strong(x) => format!("#strong({})", lit(x)),
                Span::Em(x) => format!("#emph({})", lit(x)),
                Span::Code(x) => format!("#raw({})", lit(x)),
            })
            .collect();
        let _ = writeln!(t, "#par[{runs}]\n");
    }
    t
}

/// One indicator: heading with status, unit, source and responsible, the verdicts beside the
/// figures, the charts two by two.
fn indicator(cx: &Ctx<'_>, t: &mut String, a: &IndicatorAnalysis<'_>, stem: &str) {
    let lang = cx.lang();
    let ind = a.indicator;
    let tg = a.target;
    let source = match ind.kolada_id() {
        Some(k) => format!(
            "link({}, {})",
            lit(&format!("https://api.kolada.se/v3/kpi/{k}")),
            lit(&format!("{} {k}", cx.t("Kolada, nyckeltal", "Kolada, KPI")))
        ),
        None => lit(&source_text(cx, a)),
    };
    // The heading and its facts stay together; the charts may go to the next page.
    let _ = writeln!(
        t,
        "#block(breakable: false)[\n#heading(level: 3, [#{} #h(4pt) #{}])",
        lit(&a.title(lang)),
        status(a.status.status, lang)
    );
    let _ = writeln!(
        t,
        "#text(fill: luma(90), [#{} #{} · #{} #{} · #{} #{}{}])",
        lit(&format!("{}:", cx.t("Enhet", "Unit"))),
        lit(&ind.unit),
        lit(&format!("{}:", cx.t("Källa", "Source"))),
        format_args!("{source}"),
        lit(&format!("{}:", cx.t("Ansvarig", "Responsible"))),
        lit(cx.actor_name(&tg.responsible.value)),
        cx.updated(&ind.id)
            .map(|d| format!(" · #{}", lit(&format!("{}: {d}", cx.t("Uppdaterad", "Updated")))))
            .unwrap_or_default()
    );
    if !ind.description.is_empty() {
        let _ = writeln!(
            t,
            "\n#text(size: 7.5pt, fill: luma(90), {})",
            lit(&in_lang(lang, &ind.description, ""))
        );
    }
    let facts: Vec<String> = cx
        .facts(a)
        .into_iter()
        .map(|(k, v)| format!("text(weight: \"bold\", fill: luma(90), {}), {}", lit(k), lit(&v)))
        .collect();
    let _ = write!(
        t,
        "#grid(columns: (3fr, 2fr), column-gutter: 8pt, [#grid(columns: (24mm, 1fr), row-gutter: 4pt, column-gutter: 4pt, {})\n",
        facts.join(", ")
    );
    trace(cx, t, a);
    t.push_str("], ");
    series(cx, t, a);
    t.push_str(")\n]\n");
    // The charts two by two: the trend, the women/men panel and the ranking where there are.
    let svgs = cx.analyses.iter().position(|x| std::ptr::eq(x, a)).map(|i| &cx.svgs[i]);
    let mut charts = vec!["trend"];
    if svgs.is_some_and(|s| s.genders.is_some()) {
        charts.push("genders");
    }
    if svgs.is_some_and(|s| s.ranking.is_some()) {
        charts.push("actors");
    }
    let images: Vec<String> = charts
        .iter()
        .map(|c| format!("image({}, width: 100%)", lit(&format!("charts/{stem}-{c}.svg"))))
        .collect();
    let _ = writeln!(
        t,
        "#grid(columns: (1fr, 1fr), column-gutter: 8pt, row-gutter: 6pt, {})",
        images.join(", ")
    );
    let _ = writeln!(t, "#v(4pt)");
}

/// The figures from the baseline period on, as a Typst table (the HTML's rows).
fn series(cx: &Ctx<'_>, t: &mut String, a: &IndicatorAnalysis<'_>) {
    let lang = cx.lang();
    let mut head = vec![cx.t("Period", "Period").to_string(), cx.t("Länet", "County").to_string()];
    head.extend(a.references.iter().map(|(r, _)| r.name.clone()));
    head.push(cx.t("Anmärkning", "Note").to_string());
    let n = head.len();
    let align: Vec<&str> =
        (0..n).map(|i| if i == 0 || i == n - 1 { "left" } else { "right" }).collect();
    let _ = write!(
        t,
        "table(columns: {}, align: ({},), table.header({}), ",
        n,
        align.join(", "),
        head.iter()
            .map(|h| format!("text(weight: \"bold\", {})", lit(h)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for row in series_rows(cx, a) {
        let _ = write!(t, "{}, ", lit(&text::period(row.period, lang)));
        for v in &row.values {
            let _ = write!(t, "{}, ", lit(v));
        }
        let _ = write!(t, "{}, ", lit(&row.note));
    }
    t.push(')');
}

/// For an indicator counted from the registry: how, and the entries behind each reporter's
/// figure in the latest years shown, in a paragraph under the figures.
fn trace(cx: &Ctx<'_>, t: &mut String, a: &IndicatorAnalysis<'_>) {
    let Some(trace) = intl::trace(cx, a) else { return };
    let mut runs = vec![
        format!("#strong({})", lit(cx.t("Så räknas det:", "How it is counted:"))),
        format!("#{}", lit(trace.how)),
    ];
    for (year, behind) in &trace.years {
        runs.push(format!("#strong({})", lit(&format!("{} {year}:", cx.t("Underlag", "Entries")))));
        let text = if behind.is_empty() {
            cx.t("inga poster.", "no entries.").to_string()
        } else {
            let each: Vec<String> = behind
                .iter()
                .map(|b| {
                    let names: Vec<String> =
                        b.entries.iter().map(|id| intl::entry_name(cx, id)).collect();
                    format!("{} {} ({})", b.actor, b.value, names.join(", "))
                })
                .collect();
            format!("{}.", each.join("; "))
        };
        runs.push(format!("#{}", lit(&text)));
    }
    let _ = writeln!(t, "#v(1pt)\n#text(size: 7.5pt, fill: luma(90))[{}]", runs.join(" "));
}

/// A goal as markup: its number linked to its heading's label, where the report shows it.
fn goal_link(g: &intl::GoalLink) -> String {
    match g.area {
        Some(_) => format!("#link(label({}), {})", lit(&intl::goal_anchor(&g.id)), lit(&g.id)),
        None => format!("#{}", lit(&g.id)),
    }
}

/// The goals of a cell, as content.
fn goal_links(goals: &[intl::GoalLink]) -> String {
    let links: Vec<String> = goals.iter().map(goal_link).collect();
    format!("[{}]", links.join(" "))
}

/// A table of the international work, in small type, its header repeated on every page.
fn intl_table(t: &mut String, table: &intl::Table) {
    // A table of numbers takes the room its headings need; a table of texts, its shares.
    let widths: Vec<String> = table
        .widths
        .iter()
        .map(|w| if table.fixed { format!("{w}fr") } else { "auto".into() })
        .collect();
    let align: Vec<&str> = table.num.iter().map(|n| if *n { "right" } else { "left" }).collect();
    let _ = write!(
        t,
        "#text(size: 7pt, hyphenate: true, table(columns: ({},), align: ({},), table.header({}), ",
        widths.join(", "),
        align.join(", "),
        table
            .head
            .iter()
            .map(|h| format!("text(weight: \"bold\", hyphenate: false, {})", lit(h)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for row in &table.rows {
        for cell in &row.cells {
            let content = if cell.goals.is_empty() {
                let mut c: Vec<String> =
                    cell.text.lines().map(|l| format!("#{}", lit(l))).collect();
                if !cell.sub.is_empty() {
                    c.push(format!("#text(size: 6.3pt, fill: luma(90), {})", lit(&cell.sub)));
                }
                format!("[{}]", c.join("#linebreak()"))
            } else {
                goal_links(&cell.goals)
            };
            if row.muted {
                let _ = write!(t, "text(fill: luma(100), {content}), ");
            } else {
                let _ = write!(t, "{content}, ");
            }
        }
    }
    t.push_str("))\n");
}

/// The international work: a section per tool of the strategy that the registry has
/// something for.
fn international(cx: &Ctx<'_>, t: &mut String, part: &intl::Intl) {
    let note = |t: &mut String, text: &str| {
        let _ = writeln!(t, "#text(size: 7.5pt, fill: luma(90), {})\n", lit(text));
    };
    let _ = writeln!(t, "#heading(level: 1, {})", lit(intl::title(cx.lang())));
    note(t, &part.intro);
    if !part.goals.is_empty() {
        let key: Vec<String> =
            part.goals.iter().map(|g| format!("{} #{}", goal_link(g), lit(&g.title))).collect();
        let _ = writeln!(
            t,
            "#text(size: 7.5pt, fill: luma(90))[#{} {}]\n",
            lit(cx.t("Målen:", "The goals:")),
            key.join("; ")
        );
    }
    for section in &part.sections {
        let _ = writeln!(t, "#heading(level: 2, {})", lit(&section.heading));
        for block in &section.blocks {
            match block {
                intl::Block::Note(text) => note(t, text),
                intl::Block::Sub(text) => {
                    let _ = writeln!(t, "#heading(level: 3, {})", lit(text));
                }
                intl::Block::Table(table) => intl_table(t, table),
                intl::Block::Funding { table, caption, note: below } => {
                    let chart = if cx.funding.is_some() {
                        format!(
                            "[#image({}, width: 100%) #text(size: 6.8pt, fill: luma(90), {})]",
                            lit(FUNDING_CHART),
                            lit(caption)
                        )
                    } else {
                        "[]".into()
                    };
                    let mut right = String::new();
                    intl_table(&mut right, table);
                    note(&mut right, below);
                    let _ = writeln!(
                        t,
                        "#grid(columns: (1fr, 1fr), column-gutter: 8pt, {chart}, [\n{right}])"
                    );
                }
            }
        }
    }
}

fn activities(cx: &Ctx<'_>, t: &mut String) {
    let plan = cx.input.plan;
    if plan.activities.is_empty() {
        return;
    }
    let lang = cx.lang();
    let _ = writeln!(t, "#heading(level: 1, {})", lit(cx.t("Insatser", "Activities")));
    let head = [
        cx.t("Insats", "Activity"),
        cx.t("Mål", "Goal"),
        cx.t("Ansvarig", "Responsible"),
        cx.t("Status", "Status"),
        cx.t("Budget, kr", "Budget, SEK"),
    ];
    let _ = write!(
        t,
        "#table(columns: (2fr, 2fr, 1.6fr, auto, auto), align: (left, left, left, left, right), table.header({}), ",
        head.iter()
            .map(|h| format!("text(weight: \"bold\", {})", lit(h)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for act in &plan.activities {
        let goal = plan
            .goal(&act.goal.value)
            .map(|g| in_lang(lang, &g.title, &g.title_en))
            .unwrap_or_default();
        let who: Vec<&str> = act.responsible.iter().map(|r| cx.actor_name(&r.value)).collect();
        let _ = write!(
            t,
            "{}, {}, {}, {}, {}, ",
            lit(&in_lang(lang, &act.title, &act.title_en)),
            lit(&goal),
            lit(&who.join(", ")),
            lit(text::activity_status(act.status, lang)),
            lit(&act.budget_sek.map(|b| format_number(b, 0, lang)).unwrap_or_default())
        );
    }
    t.push_str(")\n");
}

/// Who has not reported what: the report's matrix, as a Typst table.
fn missing(cx: &Ctx<'_>, t: &mut String) {
    let lang = cx.lang();
    let matrix = reporting_matrix(cx);
    let _ = writeln!(
        t,
        "#heading(level: 1, {})\n#text(fill: luma(90), {})\n",
        lit(cx.t("Vem har inte rapporterat vad", "Who has not reported what")),
        lit(&matrix_note(cx))
    );
    if matrix.columns.is_empty() {
        return;
    }
    let _ = write!(t, "#table(columns: (auto,{}), ", " auto,".repeat(matrix.columns.len()));
    t.push_str("[], ");
    for n in 1..=matrix.columns.len() {
        let _ = write!(t, "{}, ", lit(&n.to_string()));
    }
    for (actor, cells) in &matrix.rows {
        let _ = write!(t, "{}, ", lit(&actor.name));
        for cell in cells {
            let _ = write!(t, "{}, ", lit(&cell.text(lang)));
        }
    }
    t.push_str(")\n");
    let keys: Vec<String> =
        matrix.columns.iter().map(|ind| format!("[#{}]", lit(&ind.name_in(lang)))).collect();
    let _ = writeln!(t, "#text(size: 7.5pt, enum({}))", keys.join(", "));
}

/// The in-memory world Typst compiles in: the source, the charts, the shipped fonts.
struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: HashMap<String, Bytes>,
    today: Option<Datetime>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().as_rootless_path();
        self.files
            .get(path.to_string_lossy().as_ref())
            .cloned()
            .ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        self.today
    }
}

/// How full a page of `report.pdf` is, and whether a section (a level-1 heading: the summary,
/// an area, the activities, …) begins on it; the cover with the contents is the first.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PdfPage {
    /// The share of the text area's height down to its lowest text, line, table or chart
    /// (0 to 1); the page number below the text area does not count.
    pub fill: f64,
    /// A section begins on the page: its level-1 heading is there.
    pub starts_section: bool,
}

/// The page margins of the source's `#set page`, in millimetres.
const TOP_MM: f64 = 15.0;
const BOTTOM_MM: f64 = 18.0;

/// Each page's [`PdfPage`].
fn measure(document: &PagedDocument) -> Vec<PdfPage> {
    use typst::foundations::{Label, Selector};
    use typst::layout::{Abs, Frame, FrameItem, Point};
    use typst::utils::PicoStr;

    /// The lowest bottom of anything drawn in `frame` at `at` whose top is above `limit`.
    fn lowest(frame: &Frame, at: Point, limit: Abs, low: &mut Abs) {
        for (pos, item) in frame.items() {
            let p = at + *pos;
            let (top, bottom) = match item {
                FrameItem::Group(g) => {
                    lowest(&g.frame, p, limit, low);
                    continue;
                }
                // Text sits on its baseline: its top a size above, its bottom a descent below.
                FrameItem::Text(t) => (p.y - t.size, p.y + t.size * 0.25),
                FrameItem::Shape(shape, _) => (p.y, p.y + shape.geometry.bbox_size().y),
                FrameItem::Image(_, size, _) => (p.y, p.y + size.y),
                FrameItem::Link(..) | FrameItem::Tag(_) => continue,
            };
            if top < limit && bottom > *low {
                *low = bottom;
            }
        }
    }

    let sections: Vec<usize> = Label::new(PicoStr::intern("section"))
        .map(|label| {
            document
                .introspector
                .query(&Selector::Label(label))
                .iter()
                .filter_map(|c| c.location())
                .map(|l| document.introspector.page(l).get())
                .collect()
        })
        .unwrap_or_default();
    document
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let (top, bottom) = (Abs::mm(TOP_MM), page.frame.height() - Abs::mm(BOTTOM_MM));
            let mut low = top;
            lowest(&page.frame, Point::zero(), bottom, &mut low);
            let fill = ((low - top) / (bottom - top)).clamp(0.0, 1.0);
            PdfPage { fill, starts_section: i == 0 || sections.contains(&(i + 1)) }
        })
        .collect()
}

/// Typesets `source` with the report's chart files to PDF bytes, and says how full each page
/// is.
pub(super) fn compile(
    source: String,
    files: &[OutputFile],
    as_of: Date,
) -> Result<(Vec<u8>, Vec<PdfPage>), ReportError> {
    let fonts: Vec<Font> = [FONT, FONT_BOLD]
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data.to_vec())))
        .collect();
    let mut book = FontBook::new();
    for font in &fonts {
        book.push(font.info().clone());
    }
    let main = Source::new(FileId::new(None, VirtualPath::new("report.typ")), source);
    let world = ReportWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(book),
        fonts,
        main,
        files: files
            .iter()
            .filter(|f| f.path.ends_with(".svg"))
            .map(|f| (f.path.clone(), Bytes::new(f.bytes.clone())))
            .collect(),
        today: Datetime::from_ymd(as_of.year(), as_of.month(), as_of.day()),
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| ReportError::Pdf(describe(&world, &errors)))?;
    let pages = measure(&document);
    let pdf = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errors| ReportError::Pdf(describe(&world, &errors)))?;
    Ok((pdf, pages))
}

/// Typst's errors with the line of the generated source they are on: a bug in this module,
/// never the user's input, so the message says where to look.
fn describe(world: &ReportWorld, errors: &[typst::diag::SourceDiagnostic]) -> String {
    use typst::WorldExt as _;
    let text = world.main.text();
    errors
        .iter()
        .take(5)
        .map(|e| {
            let line = world
                .range(e.span)
                .map(|r| text[..r.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(l) => format!(
                    "{} (line {l}: {})",
                    e.message,
                    text.lines().nth(l - 1).unwrap_or("").chars().take(160).collect::<String>()
                ),
                None => e.message.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
