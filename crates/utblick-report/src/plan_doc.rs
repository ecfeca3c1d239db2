//! The verksamhetsplan itself as one HTML document, for adoption by the board.

// The HTML is written line by line with explicit `\n`s, so that it reads like the page.
#![allow(clippy::write_with_newline)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use utblick_core::{Actors, Catalogue, Lang, Plan, PlatformKind};

use crate::output::CSS;
use crate::text::{self, html};

/// The plan as a self-contained HTML document: vision, areas and priorities, goals with
/// success criteria, activities with responsible actor, tool, budget and staffing (with totals
/// per area and per tool), indicators with baseline and target, platforms and networks.
pub fn render_plan(plan: &Plan, catalogue: &Catalogue, actors: &Actors, lang: Lang) -> String {
    let t = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let actor = |id: &str| actors.get(id).map_or(id.to_string(), |a| a.name.clone());
    let tool = |id: &str| {
        plan.tools.iter().find(|x| x.id == id).map_or(id.to_string(), |x| x.name.clone())
    };
    let sek = |x: f64| text::number(x, 0, lang);
    let fte = |x: f64| text::number(x, 1, lang);
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        t("sv", "en"),
        html(&plan.title),
        html(&plan.title)
    );
    let adopted = match &plan.adopted {
        Some(d) => format!("{} {}", t("Antagen", "Adopted"), html(d)),
        None => t("Förslag, ej antaget", "Draft, not adopted").to_string(),
    };
    let _ = write!(
        h,
        "<p class=\"meta\">{} {} · {adopted}</p>\n",
        t("Plan för", "Plan for"),
        plan.year.value
    );
    if !plan.vision.is_empty() {
        let _ = write!(
            h,
            "<p><strong>{}</strong> {}</p>\n",
            t("Vision:", "Vision:"),
            html(&plan.vision)
        );
    }
    h.push_str("</header>\n");

    // Totals per area and per tool. An activity with several tools counts under each; the
    // per-tool totals therefore add up to more than the whole.
    let mut per_area: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    let mut per_tool: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    for a in &plan.activities {
        let (b, f) = (a.budget_sek.unwrap_or(0.0), a.fte.unwrap_or(0.0));
        if let Some(i) =
            plan.goal(&a.goal).and_then(|g| plan.areas.iter().position(|x| x.id == g.area.value))
        {
            let e = per_area.entry(i).or_default();
            e.0 += b;
            e.1 += f;
        }
        for tl in &a.tools {
            if let Some(i) = plan.tools.iter().position(|x| x.id == tl.value) {
                let e = per_tool.entry(i).or_default();
                e.0 += b;
                e.1 += f;
            }
        }
    }

    for (ai, area) in plan.areas.iter().enumerate() {
        let _ = write!(h, "<section class=\"area\">\n<h2>{}</h2>\n", html(&area.name));
        if !area.description.is_empty() {
            let _ = write!(h, "<p>{}</p>\n", html(&area.description));
        }
        if !area.priorities.is_empty() {
            let _ = write!(h, "<h3>{}</h3>\n<ul>\n", t("Prioriteringar", "Priorities"));
            for p in &area.priorities {
                let _ = write!(h, "<li>{}</li>\n", html(p));
            }
            h.push_str("</ul>\n");
        }
        for goal in plan.goals.iter().filter(|g| g.area.value == area.id) {
            let _ = write!(h, "<h3>{} {}</h3>\n", t("Mål:", "Goal:"), html(&goal.title));
            if !goal.success_criteria.is_empty() {
                let _ = write!(
                    h,
                    "<p class=\"note\">{}</p>\n<ul>\n",
                    t("Framgångskriterier:", "Success criteria:")
                );
                for c in &goal.success_criteria {
                    let _ = write!(h, "<li>{}</li>\n", html(c));
                }
                h.push_str("</ul>\n");
            }
            let targets: Vec<_> = plan.targets.iter().filter(|x| x.goal.value == goal.id).collect();
            if !targets.is_empty() {
                let _ = write!(
                    h,
                    "<table>\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                    t("Indikator", "Indicator"),
                    t("Riktning", "Direction"),
                    t("Utgångsvärde", "Baseline"),
                    t("Mål", "Target"),
                    t("Delmål", "Milestones"),
                    t("Ansvarig", "Responsible")
                );
                for x in targets {
                    let ind = catalogue.get(&x.indicator);
                    let name = ind.map_or_else(
                        || x.indicator.value.clone(),
                        |i| utblick_analysis::target_title(i, x, lang),
                    );
                    let dec = ind.map_or(1, |i| i.decimals);
                    let pv = |p: &utblick_core::PointValue| match (p.value.value, p.period.value) {
                        (Some(v), Some(per)) => {
                            format!("{} ({})", text::number(v, dec, lang), text::period(per, lang))
                        }
                        _ => "–".into(),
                    };
                    let dir = ind.map_or("", |i| crate::output::direction_word(i.direction, lang));
                    // A baseline without a value is taken from the data; a target without one
                    // only says which way.
                    let base = match (x.baseline.value.value, x.baseline.period.value) {
                        (None, Some(per)) => format!(
                            "{} {}",
                            t("första observerade från", "first observed from"),
                            text::period(per, lang)
                        ),
                        _ => pv(&x.baseline),
                    };
                    let goal = match (x.target.value.value, x.target.period.value, ind) {
                        (None, Some(per), Some(i)) => format!(
                            "{} ({})",
                            crate::output::direction_goal(i.direction, lang),
                            text::period(per, lang)
                        ),
                        _ => pv(&x.target),
                    };
                    let milestones: Vec<String> = x.milestones.iter().map(pv).collect();
                    let _ = write!(
                        h,
                        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
                        html(&name),
                        html(dir),
                        html(&base),
                        html(&goal),
                        html(&milestones.join(", ")),
                        html(&actor(&x.responsible))
                    );
                }
                h.push_str("</tbody>\n</table>\n");
            }
            let acts: Vec<_> = plan.activities.iter().filter(|a| a.goal.value == goal.id).collect();
            if !acts.is_empty() {
                let _ = write!(
                    h,
                    "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
                    t("Insats", "Activity"),
                    t("Ansvarig", "Responsible"),
                    t("Verktyg", "Tools"),
                    t("Period", "Period"),
                    t("Budget, kr", "Budget, SEK"),
                    t("Årsarbetare", "FTE")
                );
                for a in acts {
                    let resp: Vec<String> = a.responsible.iter().map(|r| actor(&r.value)).collect();
                    let tools: Vec<String> = a.tools.iter().map(|x| tool(&x.value)).collect();
                    let period = match (a.start.value, a.end.value) {
                        (Some(s), Some(e)) if s == e => text::period(s, lang),
                        (Some(s), Some(e)) => {
                            format!("{}–{}", text::period(s, lang), text::period(e, lang))
                        }
                        (Some(s), None) => text::period(s, lang),
                        (None, Some(e)) => text::period(e, lang),
                        (None, None) => String::new(),
                    };
                    let _ = write!(
                        h,
                        "<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                        html(&a.title),
                        if a.description.is_empty() {
                            String::new()
                        } else {
                            format!("<br><span class=\"note\">{}</span>", html(&a.description))
                        },
                        html(&resp.join(", ")),
                        html(&tools.join(", ")),
                        html(&period),
                        a.budget_sek.map_or("–".into(), sek),
                        a.fte.map_or("–".into(), fte)
                    );
                }
                h.push_str("</tbody>\n</table>\n");
            }
        }
        let (b, f) = per_area.get(&ai).copied().unwrap_or_default();
        let _ = write!(
            h,
            "<p><strong>{}</strong> {} {} · {} {}</p>\n</section>\n",
            t("Summa för området:", "Total for the area:"),
            sek(b),
            t("kr", "SEK"),
            fte(f),
            t("årsarbetare", "FTE")
        );
    }

    let _ = write!(
        h,
        "<section class=\"activities\">\n<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        t("Budget och bemanning per verktyg", "Budget and staffing per tool"),
        t("Verktyg", "Tool"),
        t("Budget, kr", "Budget, SEK"),
        t("Årsarbetare", "FTE")
    );
    for (i, tl) in plan.tools.iter().enumerate() {
        let (b, f) = per_tool.get(&i).copied().unwrap_or_default();
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            html(&tl.name),
            sek(b),
            fte(f)
        );
    }
    let total_b: f64 = plan.activities.iter().filter_map(|a| a.budget_sek).sum();
    let total_f: f64 = plan.activities.iter().filter_map(|a| a.fte).sum();
    let _ = write!(
        h,
        "</tbody>\n<tfoot><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></tfoot>\n</table>\n<p class=\"note\">{}</p>\n</section>\n",
        t("Hela planen", "The whole plan"),
        sek(total_b),
        fte(total_f),
        t(
            "En insats med flera verktyg räknas under vart och ett; summan per verktyg kan därför bli större än planens.",
            "An activity with several tools counts under each; the per-tool sums can therefore exceed the plan's total."
        )
    );

    let _ = write!(
        h,
        "<section class=\"method\">\n<h2>{}</h2>\n",
        t(
            "Internationella politiska plattformar och nätverk",
            "International political platforms and networks"
        )
    );
    for (kind, title) in [
        (PlatformKind::Platform, t("Politiska plattformar", "Political platforms")),
        (PlatformKind::Network, t("Nätverk och medlemskap", "Networks and memberships")),
    ] {
        let items: Vec<_> = plan.platforms.iter().filter(|p| p.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        let _ = write!(h, "<h3>{title}</h3>\n<ul>\n");
        for p in items {
            let _ = write!(
                h,
                "<li><strong>{}</strong>{}</li>\n",
                html(&p.name),
                if p.description.is_empty() {
                    String::new()
                } else {
                    format!(" – {}", html(&p.description))
                }
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n</body>\n</html>\n");
    h
}
