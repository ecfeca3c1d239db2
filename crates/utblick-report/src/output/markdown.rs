//! `summary.md`: the first page as Markdown, for e-mail and minutes.

use super::*;

/// The first page as Markdown, for e-mail and minutes.
pub(super) fn render_summary(cx: &Ctx<'_>) -> String {
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
    intl_markdown(cx, &mut s);
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

/// The international work, as the HTML shows it: a section per tool of the strategy with its
/// tables (the funding chart's figures without the chart); each row's goals by id and title.
fn intl_markdown(cx: &Ctx<'_>, s: &mut String) {
    let Some(part) = intl::intl(cx) else { return };
    let _ = writeln!(s, "## {}\n", markdown(intl::title(cx.lang())));
    let _ = writeln!(s, "{}\n", markdown_paragraph(&part.intro));
    if !part.goals.is_empty() {
        let _ = writeln!(s, "{} {}\n", cx.t("Målen:", "The goals:"), goals_markdown(&part.goals));
    }
    for section in &part.sections {
        let _ = writeln!(s, "### {}\n", markdown(&section.heading));
        for block in &section.blocks {
            match block {
                intl::Block::Note(text) => {
                    let _ = writeln!(s, "{}\n", markdown_paragraph(text));
                }
                intl::Block::Sub(text) => {
                    let _ = writeln!(s, "#### {}\n", markdown(text));
                }
                intl::Block::Table(table) => table_markdown(table, s),
                intl::Block::Funding { table, note, .. } => {
                    table_markdown(table, s);
                    let _ = writeln!(s, "{}\n", markdown_paragraph(note));
                }
            }
        }
    }
}

fn goals_markdown(goals: &[intl::GoalLink]) -> String {
    let goals: Vec<String> =
        goals.iter().map(|g| format!("{} {}", markdown(&g.id), markdown(&g.title))).collect();
    goals.join("; ")
}

/// A table as a Markdown table: numbers set to the right, a cell's lines on one line.
fn table_markdown(table: &intl::Table, s: &mut String) {
    let head: Vec<String> = table.head.iter().map(|h| markdown(h)).collect();
    let _ = writeln!(s, "| {} |", head.join(" | "));
    let align: Vec<&str> = (0..table.head.len())
        .map(|i| if table.num.get(i).copied().unwrap_or(false) { "---:" } else { "---" })
        .collect();
    let _ = writeln!(s, "|{}|", align.join("|"));
    for row in &table.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                if !c.goals.is_empty() {
                    goals_markdown(&c.goals)
                } else if c.sub.is_empty() {
                    markdown(&c.text)
                } else {
                    format!("{} ({})", markdown(&c.text), markdown(&c.sub))
                }
            })
            .collect();
        let _ = writeln!(s, "| {} |", cells.join(" | "));
    }
    s.push('\n');
}
