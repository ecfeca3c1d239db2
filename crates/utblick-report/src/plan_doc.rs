//! The verksamhetsplan itself as one HTML document, for adoption by the board, written with
//! maud's escaping `html!` and passed through core's `clean` last.

use std::collections::BTreeMap;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use utblick_core::{Actors, Catalogue, Lang, Plan, format_number, in_lang};

use crate::output::CSS;
use crate::text;

/// The plan as a self-contained HTML document: vision, areas and priorities, goals with
/// success criteria, activities with responsible actor, tool, budget and staffing (with totals
/// per area and per tool), indicators with baseline and target, and the registry of the international work.
pub fn render_plan(plan: &Plan, catalogue: &Catalogue, actors: &Actors, lang: Lang) -> String {
    let t = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let actor = |id: &str| actors.get(id).map_or(id.to_string(), |a| a.name.clone());
    let tool = |id: &str| {
        plan.tools.iter().find(|x| x.id == id).map_or(id.to_string(), |x| x.name.clone())
    };
    let sek = |x: f64| format_number(x, 0, lang);
    let fte = |x: f64| format_number(x, 1, lang);
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

    let adopted = match &plan.adopted {
        Some(d) => format!("{} {d}", t("Antagen", "Adopted")),
        None => t("Förslag, ej antaget", "Draft, not adopted").to_string(),
    };
    let total_b: f64 = plan.activities.iter().filter_map(|a| a.budget_sek).sum();
    let total_f: f64 = plan.activities.iter().filter_map(|a| a.fte).sum();
    let title = in_lang(lang, &plan.title, &plan.title_en);
    let page = html! {
        (DOCTYPE)
        html lang=(t("sv", "en")) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (title) }
                    p.meta { (t("Plan för", "Plan for")) " " (plan.year.value) " · " (adopted) }
                    @if !plan.vision.is_empty() {
                        p { strong { (t("Vision:", "Vision:")) } " " (in_lang(lang, &plan.vision, &plan.vision_en)) }
                    }
                }
                @for (ai, area) in plan.areas.iter().enumerate() {
                    @let (b, f) = per_area.get(&ai).copied().unwrap_or_default();
                    section.area {
                        h2 { (in_lang(lang, &area.name, &area.name_en)) }
                        @if !area.description.is_empty() {
                            p { (in_lang(lang, &area.description, &area.description_en)) }
                        }
                        @if !area.priorities.is_empty() {
                            h3 { (t("Prioriteringar", "Priorities")) }
                            ul { @for p in &area.priorities { li { (p) } } }
                        }
                        @for goal in plan.goals.iter().filter(|g| g.area.value == area.id) {
                            h3 { (t("Mål:", "Goal:")) " " (in_lang(lang, &goal.title, &goal.title_en)) }
                            @if !goal.success_criteria.is_empty() {
                                p.note { (t("Framgångskriterier:", "Success criteria:")) }
                                ul {
                                    @for (i, c) in goal.success_criteria.iter().enumerate() {
                                        li { (in_lang(lang, c, goal.success_criteria_en.get(i).map_or("", String::as_str))) }
                                    }
                                }
                            }
                            (targets_table(plan, catalogue, &goal.id, lang, &actor))
                            (activities_table(plan, &goal.id, lang, &actor, &tool))
                        }
                        p {
                            strong { (t("Summa för området:", "Total for the area:")) }
                            " " (sek(b)) " " (t("kr", "SEK")) " · " (fte(f)) " " (t("årsarbetare", "FTE"))
                        }
                    }
                }
                section.activities {
                    h2 { (t("Budget och bemanning per verktyg", "Budget and staffing per tool")) }
                    table {
                        thead {
                            tr {
                                th { (t("Verktyg", "Tool")) }
                                th.num { (t("Budget, kr", "Budget, SEK")) }
                                th.num { (t("Årsarbetare", "FTE")) }
                            }
                        }
                        tbody {
                            @for (i, tl) in plan.tools.iter().enumerate() {
                                @let (b, f) = per_tool.get(&i).copied().unwrap_or_default();
                                tr { td { (tl.name) } td.num { (sek(b)) } td.num { (fte(f)) } }
                            }
                        }
                        tfoot {
                            tr {
                                th { (t("Hela planen", "The whole plan")) }
                                th.num { (sek(total_b)) }
                                th.num { (fte(total_f)) }
                            }
                        }
                    }
                    p.note {
                        (t(
                            "En insats med flera verktyg räknas under vart och ett; summan per verktyg kan därför bli större än planens.",
                            "An activity with several tools counts under each; the per-tool sums can therefore exceed the plan's total."
                        ))
                    }
                }
                (registry_sections(plan, lang, &actor))
            }
        }
    };
    crate::output::finish(page)
}

/// The registry of the international work for adoption, one section per tool: the project
/// portfolio (projektverksamhet), networks and platforms (nätverksbyggande och påverkan),
/// consultation responses (politisk medverkan och förankring), twin towns (samverkan).
fn registry_sections(plan: &Plan, lang: Lang, actor: &dyn Fn(&str) -> String) -> Markup {
    let t = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let reg = &plan.registry;
    let goals = |gs: &[utblick_core::Located<String>]| {
        gs.iter().map(|g| g.value.as_str()).collect::<Vec<_>>().join(", ")
    };
    let month = |d: &Option<utblick_core::Located<utblick_core::Date>>| {
        d.as_ref().map_or(String::new(), |d| format!("{}-{:02}", d.value.year(), d.value.month()))
    };
    let projects: Vec<&utblick_core::Project> =
        reg.projects.iter().filter(|p| p.current_in(plan.year.value)).collect();
    let tied = reg.twin_towns.iter().filter(|x| x.is_tied()).count();
    html! {
        @if !reg.is_empty() {
            section.registry {
                h2 { (t("Det internationella arbetet", "The international work")) }
                p.note {
                    (t(
                        "Registret över projekt, nätverk, plattformar, remissvar och vänorter förs år för år. Indikatorerna om EU-medel, nätverksmöten, remissvar och vänortsutbyten räknas ur det.",
                        "The registry of projects, networks, platforms, consultation responses and twin towns is kept year to year. The indicators on EU funds, network meetings, consultation responses and twin-town exchanges are counted from it."
                    ))
                }
                @if !projects.is_empty() {
                    h3 { (t("Projektverksamhet: projektportföljen", "Projects: the portfolio")) }
                    p.note {
                        (t("Projekt som är aktuella under planåret: idéer, sökta, beviljade och pågående, och de som avslutades eller fick avslag under året.", "Projects current in the plan year: ideas, applied for, granted and running, and those closed or rejected during the year."))
                    }
                    table {
                        thead { tr {
                            th { (t("Projekt", "Project")) }
                            th { (t("Program", "Programme")) }
                            th { (t("Roll", "Role")) }
                            th { (t("Ansvarig", "Responsible")) }
                            th { (t("Period", "Period")) }
                            th { (t("Status", "Status")) }
                            th.num { (t("EU-bidrag, kr", "EU grant, SEK")) }
                            th { (t("Mål", "Goals")) }
                        } }
                        tbody {
                            @for p in &projects {
                                tr {
                                    td { (in_lang(lang, &p.title, &p.title_en)) }
                                    td { (p.programme().map_or(p.programme.value.as_str(), |g| g.name)) }
                                    td { (p.role.label(lang)) }
                                    td { (actor(&p.actor.value)) }
                                    td {
                                        span.nowrap { (month(&p.start)) @if p.start.is_some() || p.end.is_some() { " –" } }
                                        " " span.nowrap { (month(&p.end)) }
                                    }
                                    td { (p.status.value.label(lang)) }
                                    td.num {
                                        @match (p.grant_sek(), p.money) {
                                            (Some(x), utblick_core::Money::Eur { rate }) => {
                                                span.nowrap { (format_number(x, 0, lang)) }
                                                br;
                                                small.nowrap { (format_number(p.grant.as_ref().map_or(0.0, |g| g.value), 0, lang)) " EUR × " (format_number(rate, 2, lang)) }
                                            }
                                            (Some(x), _) => span.nowrap { (format_number(x, 0, lang)) },
                                            (None, _) => "–",
                                        }
                                        @if p.grant.is_some() && !p.status.value.was_granted() {
                                            br;
                                            small { (t("sökt, ej beviljat", "applied for, not granted")) }
                                        }
                                    }
                                    td { (goals(&p.goals)) }
                                }
                            }
                        }
                    }
                }
                @if !reg.networks.is_empty() || !reg.platforms.is_empty() {
                    h3 { (t("Nätverksbyggande och påverkan: nätverk och plattformar", "Networks and influence: networks and platforms")) }
                    @if !reg.networks.is_empty() {
                        table {
                            thead { tr {
                                th { (t("Nätverk", "Network")) }
                                th { (t("Medlem", "Member")) }
                                th { (t("Politisk företrädare", "Political representative")) }
                                th { (t("Tjänsteperson", "Officer")) }
                                th { (t("Arbetsgrupper", "Working groups")) }
                                th.num { (t("Avgift, kr/år", "Fee, SEK/year")) }
                                th { (t("Mål", "Goals")) }
                            } }
                            tbody {
                                @for n in &reg.networks {
                                    tr {
                                        td { strong { (n.name) } @if !n.description.is_empty() { br; small { (n.description) } } }
                                        td { (actor(&n.member.value)) @if let Some(y) = n.since { br; small { (t("sedan", "since")) " " (y) } } }
                                        td { (n.representative) }
                                        td { (n.officer) }
                                        td { (n.working_groups.join("; ")) }
                                        td.num { (n.fee.map_or("–".to_string(), |x| format_number(x, 0, lang))) }
                                        td { (goals(&n.goals)) }
                                    }
                                }
                            }
                        }
                    }
                    @for p in &reg.platforms {
                        p {
                            strong { (p.name) }
                            @if !p.politician.is_empty() { " – " (t("ansvarig", "responsible")) ": " (p.politician) }
                            @if !p.description.is_empty() { ". " (p.description) }
                            @if !p.goals.is_empty() { " (" (t("mål", "goals")) " " (goals(&p.goals)) ")" }
                        }
                        @if !p.positions.is_empty() {
                            ul { @for x in &p.positions { li { (x.date.to_string()) ": " (x.text) } } }
                        }
                    }
                }
                @if !reg.consultations.is_empty() {
                    h3 { (t("Politisk medverkan och förankring: remissvar", "Political participation: consultation responses")) }
                    table {
                        thead { tr {
                            th { (t("Datum", "Date")) }
                            th { (t("Remiss", "Consultation")) }
                            th { (t("Från", "From")) }
                            th { (t("Gemensam ståndpunkt", "Joint position")) }
                            th { (t("Aktörer bakom", "Actors behind it")) }
                            th { (t("Mål", "Goals")) }
                        } }
                        tbody {
                            @for c in &reg.consultations {
                                tr {
                                    td { (c.date.value.to_string()) }
                                    td { (c.title) }
                                    td { (c.by) }
                                    td { @if c.joint { (t("ja", "yes")) } @else { (t("nej", "no")) } }
                                    td { (c.actors.iter().map(|a| actor(&a.value)).collect::<Vec<_>>().join(", ")) }
                                    td { (goals(&c.goals)) }
                                }
                            }
                        }
                    }
                }
                @if !reg.twin_towns.is_empty() {
                    h3 { (t("Samverkan: vänorter", "Cooperation: twin towns")) }
                    p.note {
                        (tied) " " (t("av", "of")) " " (reg.twin_towns.len()) " "
                        (t("vänortssamarbeten är kopplade till den regionala utvecklingsstrategin.", "twin-town cooperations are tied to the regional development strategy."))
                    }
                    table {
                        thead { tr {
                            th { (t("Kommun", "Municipality")) }
                            th { (t("Vänort", "Twin town")) }
                            th { (t("Sedan", "Since")) }
                            th { (t("Koppling till strategin", "Tie to the strategy")) }
                            th { (t("Mål", "Goals")) }
                        } }
                        tbody {
                            @for x in reg.twin_towns.iter().filter(|x| x.is_tied()).chain(reg.twin_towns.iter().filter(|x| !x.is_tied())) {
                                tr {
                                    td { (actor(&x.municipality.value)) }
                                    td { (x.town) ", " (utblick_core::country_name(&x.country.value)) }
                                    td { (x.since.map_or(String::new(), |y| y.to_string())) }
                                    td { @if x.is_tied() { (x.tie) } @else { em { (t("ingen koppling angiven", "no tie stated")) } } }
                                    td { (goals(&x.goals)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A goal's indicators with direction, baseline, target, milestones and who answers for them.
fn targets_table(
    plan: &Plan,
    catalogue: &Catalogue,
    goal: &str,
    lang: Lang,
    actor: &dyn Fn(&str) -> String,
) -> Markup {
    let t = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let rows: Vec<[String; 6]> = plan
        .targets
        .iter()
        .filter(|x| x.goal.value == goal)
        .map(|x| {
            let ind = catalogue.get(&x.indicator);
            let name = ind.map_or_else(
                || x.indicator.value.clone(),
                |i| utblick_analysis::target_title(i, x, lang),
            );
            let dec = ind.map_or(1, |i| i.decimals);
            let pv = |p: &utblick_core::PointValue| match (p.value.value, p.period.value) {
                (Some(v), Some(per)) => {
                    format!("{} ({})", format_number(v, dec, lang), text::period(per, lang))
                }
                _ => "–".into(),
            };
            let dir = ind.map_or("", |i| crate::output::direction_word(i.direction, lang));
            // A baseline without a value is taken from the data; a target without one only
            // says which way.
            let base = match (x.baseline.value.value, x.baseline.period.value) {
                (None, Some(per)) => format!(
                    "{} {}",
                    t("första observerade från", "first observed from"),
                    text::period(per, lang)
                ),
                _ => pv(&x.baseline),
            };
            let target = match (x.target.value.value, x.target.period.value, ind) {
                (None, Some(per), Some(i)) => format!(
                    "{} ({})",
                    crate::output::direction_goal(i.direction, lang),
                    text::period(per, lang)
                ),
                _ => pv(&x.target),
            };
            let milestones: Vec<String> = x.milestones.iter().map(pv).collect();
            [name, dir.to_string(), base, target, milestones.join(", "), actor(&x.responsible)]
        })
        .collect();
    if rows.is_empty() {
        return html! {};
    }
    html! {
        table {
            thead {
                tr {
                    th { (t("Indikator", "Indicator")) }
                    th { (t("Riktning", "Direction")) }
                    th.num { (t("Utgångsvärde", "Baseline")) }
                    th.num { (t("Mål", "Target")) }
                    th { (t("Delmål", "Milestones")) }
                    th { (t("Ansvarig", "Responsible")) }
                }
            }
            tbody {
                @for [name, dir, base, target, milestones, who] in &rows {
                    tr {
                        td { (name) } td { (dir) } td.num { (base) } td.num { (target) }
                        td { (milestones) } td { (who) }
                    }
                }
            }
        }
    }
}

/// A goal's activities with who is responsible, the tools, when, budget and staffing.
fn activities_table(
    plan: &Plan,
    goal: &str,
    lang: Lang,
    actor: &dyn Fn(&str) -> String,
    tool: &dyn Fn(&str) -> String,
) -> Markup {
    let t = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let acts: Vec<_> = plan.activities.iter().filter(|a| a.goal.value == goal).collect();
    if acts.is_empty() {
        return html! {};
    }
    html! {
        table {
            thead {
                tr {
                    th { (t("Insats", "Activity")) }
                    th { (t("Ansvarig", "Responsible")) }
                    th { (t("Verktyg", "Tools")) }
                    th { (t("Period", "Period")) }
                    th.num { (t("Budget, kr", "Budget, SEK")) }
                    th.num { (t("Årsarbetare", "FTE")) }
                }
            }
            tbody {
                @for a in acts {
                    @let resp: Vec<String> = a.responsible.iter().map(|r| actor(&r.value)).collect();
                    @let tools: Vec<String> = a.tools.iter().map(|x| tool(&x.value)).collect();
                    @let period = match (a.start.value, a.end.value) {
                        (Some(s), Some(e)) if s == e => text::period(s, lang),
                        (Some(s), Some(e)) => {
                            format!("{}–{}", text::period(s, lang), text::period(e, lang))
                        }
                        (Some(s), None) => text::period(s, lang),
                        (None, Some(e)) => text::period(e, lang),
                        (None, None) => String::new(),
                    };
                    tr {
                        td {
                            (in_lang(lang, &a.title, &a.title_en))
                            @if !a.description.is_empty() {
                                br;
                                span.note { (in_lang(lang, &a.description, &a.description_en)) }
                            }
                        }
                        td { (resp.join(", ")) }
                        td { (tools.join(", ")) }
                        td { (period) }
                        td.num { (a.budget_sek.map_or("–".into(), |x| format_number(x, 0, lang))) }
                        td.num { (a.fte.map_or("–".into(), |x| format_number(x, 1, lang))) }
                    }
                }
            }
        }
    }
}
