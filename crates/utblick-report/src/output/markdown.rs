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
