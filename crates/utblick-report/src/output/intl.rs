//! The international work: what the registry holds for each of the strategy's four tools
//! (projects, networks and platforms, consultation responses, twin towns), and the entries
//! behind each registry indicator's figures. Computed once, as tables of texts, and set by the
//! HTML and the PDF alike; the figures come from the registry's own counting
//! ([`Registry::figure`]), never counted again here.

use std::ops::RangeInclusive;

use utblick_core::{EntryKind, Located, Measure, Origin, Period, Project, ProjectStatus, Registry};

use super::*;

/// The last year that has ended by the report's date: the registry's figures are counted up to
/// it (as `Values::push_registry` counts them).
pub(super) fn last_ended_year(as_of: Date) -> i32 {
    if as_of.has_ended(Period::Year(as_of.year())) { as_of.year() } else { as_of.year() - 1 }
}

/// The years the registry's figures are counted for: from its first complete year (`since`, or
/// its first year with anything) to the last ended year.
pub(super) fn counted_years(registry: &Registry, as_of: Date) -> Option<RangeInclusive<i32>> {
    let (first, _) = registry.years()?;
    let from = registry.since.unwrap_or(first);
    let to = last_ended_year(as_of);
    (from <= to).then_some(from..=to)
}

/// The reporters of `ind` whose values make up the county's: the region's own where the
/// county's value is the region's, else the others (the region's own value is never summed
/// with theirs).
pub(super) fn county_reporters<'a>(
    ind: &utblick_core::Indicator,
    actors: &'a utblick_core::Actors,
) -> Vec<&'a utblick_core::Actor> {
    let own = matches!(ind.aggregation, utblick_core::Aggregation::RegionOnly);
    ind.expected_reporters(actors)
        .into_iter()
        .filter(|a| (a.kind == utblick_core::ActorKind::Region) == own)
        .collect()
}

/// The actors whose figures of `measure` make up the county's: those of the catalogue's
/// indicators of that measure ([`county_reporters`]), or where the catalogue has none, every
/// actor with an entry of the kind the measure counts.
pub(super) fn reporters(input: &ReportInput<'_>, measure: Measure) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let add = |out: &mut Vec<String>, id: &str| {
        if !out.iter().any(|x| x == id) {
            out.push(id.to_string());
        }
    };
    for ind in input.catalogue.indicators() {
        if ind.origin == Origin::Registry(measure) {
            county_reporters(ind, input.actors).iter().for_each(|a| add(&mut out, &a.id));
        }
    }
    if out.is_empty() {
        let r = input.registry;
        let mut add = |id: &str| add(&mut out, id);
        match measure.entries_of() {
            EntryKind::Project => r.projects.iter().for_each(|p| add(&p.actor.value)),
            EntryKind::Network => r.networks.iter().for_each(|n| add(&n.member.value)),
            EntryKind::Consultation => {
                r.consultations.iter().for_each(|c| add(&c.responsible.value));
            }
            EntryKind::TwinTown => r.twin_towns.iter().for_each(|t| add(&t.municipality.value)),
            EntryKind::Platform => {}
        }
    }
    out
}

fn refs(ids: &[String]) -> Vec<&str> {
    ids.iter().map(String::as_str).collect()
}

/// The funding chart's data: EU money applied for and granted per programme and year.
pub(super) fn funding(input: &ReportInput<'_>) -> Option<charts::Funding> {
    let years = counted_years(input.registry, input.as_of)?;
    let applied = reporters(input, Measure::Applications);
    let granted = reporters(input, Measure::EuGrants);
    Some(charts::funding_data(input.registry, &refs(&applied), &refs(&granted), years, input.lang))
}

/// The county's project figures of one year, each the sum of the reporters' figures of the
/// registry (the indicators' own).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ProjectYear {
    pub year: i32,
    pub applications: f64,
    pub decided: f64,
    /// Granted of the decided: each reporter's success rate of its decisions.
    pub granted: f64,
    /// Per cent of the decided; `None` with none decided.
    pub rate: Option<f64>,
    /// EU grants decided in the year, thousand kronor.
    pub grants: f64,
}

pub(super) fn project_years(input: &ReportInput<'_>) -> Vec<ProjectYear> {
    let Some(years) = counted_years(input.registry, input.as_of) else { return Vec::new() };
    let r = input.registry;
    let sum = |m: Measure, year: i32| -> f64 {
        reporters(input, m).iter().filter_map(|a| r.figure(m, a, year).value).sum()
    };
    years
        .map(|year| {
            let granted: f64 = reporters(input, Measure::SuccessRate)
                .iter()
                .map(|a| {
                    let decided = r.figure(Measure::Decisions, a, year).value.unwrap_or(0.0);
                    let rate = r.figure(Measure::SuccessRate, a, year).value.unwrap_or(0.0);
                    (rate * decided / 100.0).round()
                })
                .sum();
            let decided = sum(Measure::Decisions, year);
            ProjectYear {
                year,
                applications: sum(Measure::Applications, year),
                decided,
                granted,
                rate: (decided > 0.0).then(|| 100.0 * granted / decided),
                grants: sum(Measure::EuGrants, year),
            }
        })
        .collect()
}

/// A goal an entry serves, as a link to its place in the report where the report has one.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct GoalLink {
    pub id: String,
    pub title: String,
    /// The area whose section holds the goal; `None` when the report does not show it.
    pub area: Option<String>,
}

/// The anchor of a goal's heading.
pub(super) fn goal_anchor(id: &str) -> String {
    anchor_with("g", id)
}

/// Whether the report shows `goal` under its area, with an anchor no other goal has (ids that
/// differ only in what an anchor leaves out, `F 1` and `F-1`, get none).
pub(super) fn goal_placed(plan: &Plan, goal: &utblick_core::Goal) -> bool {
    let anchor = goal_anchor(&goal.id);
    plan.area(&goal.area).is_some()
        && plan.goals.iter().filter(|g| goal_anchor(&g.id) == anchor).count() == 1
}

/// The anchor of a registry entry's row.
pub(super) fn entry_anchor(id: &str) -> String {
    anchor_with("e", id)
}

/// One cell: its lines of text, a muted line under them, and the goals it links to.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Cell {
    pub text: String,
    pub sub: String,
    pub goals: Vec<GoalLink>,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), ..Cell::default() }
    }

    fn with_sub(text: impl Into<String>, sub: impl Into<String>) -> Cell {
        Cell { text: text.into(), sub: sub.into(), goals: Vec::new() }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Row {
    /// The registry entry the row shows, for its anchor.
    pub entry: Option<String>,
    pub cells: Vec<Cell>,
    /// Set apart (a twin town not tied to the strategy).
    pub muted: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Table {
    /// An HTML id for the table, where a reader or a test looks it up.
    pub id: &'static str,
    pub head: Vec<String>,
    /// Which columns hold numbers (set to the right).
    pub num: Vec<bool>,
    /// The columns' shares of the width.
    pub widths: Vec<f32>,
    /// Whether the widths hold (a table of texts), or only guide (a small table of numbers,
    /// whose headings need the room they take).
    pub fixed: bool,
    pub rows: Vec<Row>,
}

/// A part of a tool's section, in order.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Block {
    Note(String),
    /// A heading inside the section.
    Sub(String),
    Table(Table),
    /// The funding chart beside the table of figures per year, with the chart's caption.
    Funding {
        table: Table,
        caption: String,
        note: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Section {
    pub anchor: &'static str,
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// The part on the international work: an introduction, the key to the goals, the sections.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Intl {
    pub intro: String,
    pub goals: Vec<GoalLink>,
    pub sections: Vec<Section>,
}

/// The part's heading.
pub(super) fn title(lang: Lang) -> &'static str {
    lang.pick("Det internationella arbetet", "The international work")
}

/// The strategy's standard tools in English.
fn tool_en(id: &str) -> &'static str {
    match id {
        "samverkan" => "Cooperation",
        "politisk-medverkan" => "Political participation and anchoring",
        "natverk" => "Networking and advocacy",
        "projekt" => "Project activities",
        _ => "",
    }
}

/// A tool's name in the report's language: the plan's (the standard one where the plan has
/// none of that id), with the standard English name where the plan's is the standard one.
fn tool_name(cx: &Ctx<'_>, id: &str) -> String {
    let standard = utblick_core::standard_tools();
    let std_name = standard.iter().find(|t| t.id == id).map_or(id, |t| t.name.as_str());
    let name =
        cx.input.plan.tools.iter().find(|t| t.id == id).map_or(std_name, |t| t.name.as_str());
    let en = if name == std_name { tool_en(id) } else { "" };
    in_lang(cx.lang(), name, en)
}

fn goal_links<'g>(cx: &Ctx<'_>, goals: impl IntoIterator<Item = &'g str>) -> Vec<GoalLink> {
    let plan = cx.input.plan;
    goals
        .into_iter()
        .map(|g| {
            let goal = plan.goal(g);
            GoalLink {
                id: g.to_string(),
                title: goal.map(|x| in_lang(cx.lang(), &x.title, &x.title_en)).unwrap_or_default(),
                area: goal.filter(|x| goal_placed(plan, x)).map(|x| x.area.value.clone()),
            }
        })
        .collect()
}

fn goals_cell(cx: &Ctx<'_>, goals: &[Located<String>]) -> Cell {
    Cell { goals: goal_links(cx, goals.iter().map(|g| g.value.as_str())), ..Cell::default() }
}

/// A project's name in the report's language.
fn project_title(cx: &Ctx<'_>, p: &Project) -> String {
    in_lang(cx.lang(), &p.title, &p.title_en)
}

/// The name a registry entry is shown by, where one of that id exists.
pub(super) fn entry_name(cx: &Ctx<'_>, id: &str) -> String {
    let r = cx.input.registry;
    if let Some(p) = r.projects.iter().find(|p| p.id.value == id) {
        return project_title(cx, p);
    }
    if let Some(n) = r.networks.iter().find(|n| n.id.value == id) {
        return n.name.clone();
    }
    if let Some(c) = r.consultations.iter().find(|c| c.id.value == id) {
        return c.title.clone();
    }
    if let Some(t) = r.twin_towns.iter().find(|t| t.id.value == id) {
        return t.town.clone();
    }
    id.to_string()
}

/// A country's name: Swedish as the registry has it, English from the report's words.
fn country(cx: &Ctx<'_>, code: &str) -> String {
    match cx.lang() {
        Lang::Sv => utblick_core::country_name(code).to_string(),
        Lang::En => text::country_en(code).unwrap_or(code).to_string(),
    }
}

fn month(d: Option<&Located<utblick_core::Date>>) -> Option<String> {
    d.map(|d| format!("{:04}-{:02}", d.value.year(), d.value.month()))
}

/// The order of the portfolio: what is under way or awaited first, then what is being prepared,
/// then what is over.
fn portfolio_rank(s: ProjectStatus) -> u8 {
    match s {
        ProjectStatus::Running | ProjectStatus::Granted => 0,
        ProjectStatus::Applied => 1,
        ProjectStatus::Advised | ProjectStatus::Idea => 2,
        ProjectStatus::Closed => 3,
        ProjectStatus::Rejected => 4,
    }
}

fn projects(cx: &Ctx<'_>) -> Option<Section> {
    let r = cx.input.registry;
    if r.projects.is_empty() {
        return None;
    }
    let lang = cx.lang();
    let t = |sv: &'static str, en: &'static str| cx.t(sv, en).to_string();
    let mut blocks = Vec::new();
    let years = project_years(cx.input);
    if !years.is_empty() {
        let rows = years
            .iter()
            .map(|y| Row {
                entry: None,
                cells: vec![
                    Cell::text(y.year.to_string()),
                    Cell::text(format_number(y.applications, 0, cx.lang())),
                    Cell::text(format_number(y.decided, 0, cx.lang())),
                    Cell::text(format_number(y.granted, 0, cx.lang())),
                    Cell::text(y.rate.map_or("–".into(), |x| format_number(x, 0, cx.lang()))),
                    Cell::text(format_number(y.grants, 0, cx.lang())),
                ],
                muted: false,
            })
            .collect();
        let table = Table {
            id: "intl-years",
            head: vec![
                t("År", "Year"),
                t("Ansökningar", "Applications"),
                t("Beslut", "Decisions"),
                t("Beviljade", "Granted"),
                t("Andel, %", "Share, %"),
                t("EU-stöd, tkr", "EU grants, SEK k"),
            ],
            num: vec![false, true, true, true, true, true],
            widths: vec![0.6, 1.15, 1.0, 1.0, 1.0, 1.2],
            fixed: false,
            rows,
        };
        let caption = t(
            "Sökt EU-bidrag efter ansökningsåret (ljusa staplar med kant) och beviljat efter beslutsåret (fyllda), staplade per program i förklaringens ordning nerifrån.",
            "EU grants applied for by the year of the application (light bars with a border) and granted by the year of the decision (filled), stacked by programme in the legend's order from the bottom.",
        );
        let note = t(
            "Länets siffror som registrets indikatorer räknar dem, summerade över rapportörerna, för EU-program (nationella projekt står i tabellen nedan men räknas inte här): ansökningar efter ansökningsåret; beslut (beviljade och avslag), beviljade och andelen beviljade efter beslutsåret; beviljat EU-stöd i tusental kronor, euro omräknade med projektets kurs.",
            "The county's figures as the registry's indicators count them, summed over the reporters, for EU programmes (national projects are in the table below but not counted here): applications by the year of the application; decisions (granted and rejected), granted and the share granted by the year of the decision; EU grants granted, in thousand kronor, euro converted at the project's rate.",
        );
        blocks.push(Block::Funding { table, caption, note });
    }
    let mut list: Vec<&Project> = r.projects.iter().collect();
    list.sort_by_key(|p| portfolio_rank(p.status.value));
    let rows = list
        .into_iter()
        .map(|p| {
            let prog = p.programme();
            let period = match (month(p.start.as_ref()), month(p.end.as_ref())) {
                (Some(s), Some(e)) => format!("{s}–{e}"),
                (Some(s), None) => format!("{s}–"),
                _ => "–".into(),
            };
            let status_sub = match p.status.value {
                ProjectStatus::Applied => p.applied.as_ref().map(|d| d.value.to_string()),
                s if s.was_decided() && !s.was_granted() => {
                    p.decided.as_ref().map(|d| d.value.to_string())
                }
                _ => None,
            };
            let grant = match p.grant_sek() {
                Some(sek) => format_number(sek, 0, cx.lang()),
                None => "–".into(),
            };
            let grant_sub = match (p.money, &p.grant) {
                _ if prog.is_some_and(|g| !g.eu) => t("nationellt, inte EU", "national, not EU"),
                (utblick_core::Money::Eur { rate }, Some(_)) => {
                    format!("{} {}", t("i EUR, kurs", "in EUR, rate"), format_number(rate, 2, lang))
                }
                _ => String::new(),
            };
            Row {
                entry: Some(p.id.value.clone()),
                cells: vec![
                    Cell::text(project_title(cx, p)),
                    Cell::with_sub(
                        prog.map_or(p.programme.value.as_str(), |g| g.name),
                        p.role.label(lang),
                    ),
                    Cell::text(cx.actor_name(&p.actor.value)),
                    Cell::text(period),
                    Cell::with_sub(p.status.value.label(lang), status_sub.unwrap_or_default()),
                    Cell::with_sub(grant, grant_sub),
                    goals_cell(cx, &p.goals),
                ],
                muted: false,
            }
        })
        .collect();
    blocks.push(Block::Table(Table {
        id: "intl-projects",
        head: vec![
            t("Projekt", "Project"),
            t("Program och roll", "Programme and role"),
            t("Ansvarig", "Responsible"),
            t("Period", "Period"),
            t("Status", "Status"),
            t("EU-bidrag, kr", "EU grant, SEK"),
            t("Mål", "Goals"),
        ],
        num: vec![false, false, false, false, false, true, false],
        widths: vec![2.35, 2.2, 1.45, 1.3, 1.1, 1.5, 0.75],
        fixed: true,
        rows,
    }));
    blocks.push(Block::Note(t(
        "Bidraget är länsaktörens del: det sökta till beslutet, därefter det beviljade. Pågående och väntande projekt först, avslutade och avslagna sist.",
        "The grant is the county actor's part: the amount applied for until the decision, the amount granted after it. Running and awaited projects first, closed and rejected last.",
    )));
    Some(Section {
        anchor: "intl-projekt",
        heading: format!(
            "{} – {}",
            tool_name(cx, "projekt"),
            cx.t("projektportföljen", "the project portfolio")
        ),
        blocks,
    })
}

/// A network's meetings of a year: attended (of them with a politician), or `–` where none
/// are reported.
fn meetings(cx: &Ctx<'_>, m: Option<&utblick_core::Meetings>) -> String {
    match m {
        Some(m) => {
            format!("{} ({})", format_number(f64::from(m.attended), 0, cx.lang()), m.political)
        }
        None => "–".into(),
    }
}

fn networks(cx: &Ctx<'_>) -> Option<Section> {
    let r = cx.input.registry;
    if r.networks.is_empty() && r.platforms.is_empty() {
        return None;
    }
    let t = |sv: &'static str, en: &'static str| cx.t(sv, en).to_string();
    let last = last_ended_year(cx.input.as_of);
    let mut blocks = Vec::new();
    if !r.networks.is_empty() {
        let rows = r
            .networks
            .iter()
            .map(|n| Row {
                entry: Some(n.id.value.clone()),
                cells: vec![
                    Cell::text(&n.name),
                    Cell::text(cx.actor_name(&n.member.value)),
                    Cell::text(if n.representative.is_empty() { "–" } else { &n.representative }),
                    Cell::text(n.working_groups.join(", ")),
                    Cell::text(meetings(cx, n.meetings.get(&(last - 1)))),
                    Cell::text(meetings(cx, n.meetings.get(&last))),
                    goals_cell(cx, &n.goals),
                ],
                muted: false,
            })
            .collect();
        blocks.push(Block::Table(Table {
            id: "intl-networks",
            head: vec![
                t("Nätverk", "Network"),
                t("Medlem", "Member"),
                t("Politisk företrädare", "Political representative"),
                t("Arbetsgrupper", "Working groups"),
                format!("{} {}", t("Möten", "Meetings"), last - 1),
                format!("{} {last}", t("Möten", "Meetings")),
                t("Mål", "Goals"),
            ],
            num: vec![false, false, false, false, true, true, false],
            widths: vec![2.0, 1.4, 1.6, 2.2, 0.8, 0.8, 0.75],
            fixed: true,
            rows,
        }));
        blocks.push(Block::Note(t(
            "Möten: där någon från länet deltog (i parentes: av dem med en förtroendevald från länet); – inget rapporterat för året.",
            "Meetings: those someone from the county attended (in brackets: of them with a politician from the county); – nothing reported for the year.",
        )));
    }
    if !r.platforms.is_empty() {
        blocks.push(Block::Sub(t("Politiska plattformar", "Political platforms")));
        let rows = r
            .platforms
            .iter()
            .map(|p| {
                let positions: Vec<String> =
                    p.positions.iter().map(|x| format!("{}: {}", x.date, x.text)).collect();
                Row {
                    entry: Some(p.id.value.clone()),
                    cells: vec![
                        Cell::text(&p.name),
                        Cell::with_sub(
                            &p.politician,
                            p.actor.as_ref().map(|a| cx.actor_name(&a.value)).unwrap_or_default(),
                        ),
                        Cell::text(if positions.is_empty() {
                            "–".to_string()
                        } else {
                            positions.join("\n")
                        }),
                        goals_cell(cx, &p.goals),
                    ],
                    muted: false,
                }
            })
            .collect();
        blocks.push(Block::Table(Table {
            id: "intl-platforms",
            head: vec![
                t("Plattform", "Platform"),
                t("Förtroendevald", "Politician"),
                t("Ståndpunkter", "Positions taken"),
                t("Mål", "Goals"),
            ],
            num: vec![false; 4],
            widths: vec![2.0, 1.8, 4.8, 0.75],
            fixed: true,
            rows,
        }));
    }
    Some(Section {
        anchor: "intl-natverk",
        heading: format!(
            "{} – {}",
            tool_name(cx, "natverk"),
            cx.t("nätverk och plattformar", "networks and platforms")
        ),
        blocks,
    })
}

fn consultations(cx: &Ctx<'_>) -> Option<Section> {
    let r = cx.input.registry;
    if r.consultations.is_empty() {
        return None;
    }
    let t = |sv: &'static str, en: &'static str| cx.t(sv, en).to_string();
    let mut list: Vec<&utblick_core::Consultation> = r.consultations.iter().collect();
    // The newest first.
    list.sort_by_key(|c| std::cmp::Reverse(c.date.value));
    let rows = list
        .into_iter()
        .map(|c| {
            let platform = c.platform.as_ref().map_or("–".to_string(), |p| {
                r.platforms
                    .iter()
                    .find(|x| x.id.value == p.value)
                    .map_or(p.value.clone(), |x| x.name.clone())
            });
            let actors: Vec<&str> = c.actors.iter().map(|a| cx.actor_name(&a.value)).collect();
            Row {
                entry: Some(c.id.value.clone()),
                cells: vec![
                    Cell::text(c.date.value.to_string()),
                    Cell::with_sub(&c.title, &c.by),
                    Cell::text(platform),
                    Cell::text(if c.joint { t("ja", "yes") } else { t("nej", "no") }),
                    Cell::text(actors.join(", ")),
                    goals_cell(cx, &c.goals),
                ],
                muted: false,
            }
        })
        .collect();
    let joint = r.consultations.iter().filter(|c| c.joint).count();
    let total = r.consultations.len();
    let line = match cx.lang() {
        Lang::Sv => {
            format!("{joint} av {total} remissvar uttrycker en gemensam ståndpunkt för länet.")
        }
        Lang::En => {
            format!(
                "{joint} of {total} consultation responses state a joint position of the county."
            )
        }
    };
    Some(Section {
        anchor: "intl-remissvar",
        heading: format!(
            "{} – {}",
            tool_name(cx, "politisk-medverkan"),
            cx.t("remissvar", "consultation responses")
        ),
        blocks: vec![
            Block::Note(line),
            Block::Table(Table {
                id: "intl-consultations",
                head: vec![
                    t("Datum", "Date"),
                    t("Remiss och remittent", "Consultation, asked by"),
                    t("Plattform", "Platform"),
                    t("Gemensam", "Joint"),
                    t("Bakom ståndpunkten", "Actors behind it"),
                    t("Mål", "Goals"),
                ],
                num: vec![false; 6],
                widths: vec![1.05, 2.9, 1.7, 1.0, 3.7, 0.75],
                fixed: true,
                rows,
            }),
        ],
    })
}

fn twin_towns(cx: &Ctx<'_>) -> Option<Section> {
    let r = cx.input.registry;
    if r.twin_towns.is_empty() {
        return None;
    }
    let t = |sv: &'static str, en: &'static str| cx.t(sv, en).to_string();
    let last = last_ended_year(cx.input.as_of);
    let mut list: Vec<&utblick_core::TwinTown> = r.twin_towns.iter().collect();
    // Tied to the strategy first.
    list.sort_by_key(|x| !x.is_tied());
    let rows = list
        .into_iter()
        .map(|x| Row {
            entry: Some(x.id.value.clone()),
            cells: vec![
                Cell::text(cx.actor_name(&x.municipality.value)),
                Cell::text(&x.town),
                Cell::text(country(cx, &x.country.value)),
                Cell::text(x.since.map(|y| y.to_string()).unwrap_or_else(|| "–".into())),
                Cell::text(if x.is_tied() {
                    x.tie.clone()
                } else if x.tie.is_empty() {
                    t("ingen koppling", "not tied")
                } else {
                    format!("{} ({})", x.tie, t("inget mål", "no goal"))
                }),
                Cell::text(x.exchanges.get(&last).map_or("–".into(), |n| n.to_string())),
                goals_cell(cx, &x.goals),
            ],
            muted: !x.is_tied(),
        })
        .collect();
    let tied = r.twin_towns.iter().filter(|x| x.is_tied()).count();
    let total = r.twin_towns.len();
    let line = match cx.lang() {
        Lang::Sv => format!(
            "{tied} av {total} vänortssamarbeten är kopplade till den regionala utvecklingsstrategin (en beskriven koppling och minst ett av planens mål); de står först. Bara de räknas i indikatorerna om vänorter."
        ),
        Lang::En => format!(
            "{tied} of {total} twin-town cooperations are tied to the regional development strategy (a stated tie and at least one of the plan's goals); they come first. Only they count in the twin-town indicators."
        ),
    };
    Some(Section {
        anchor: "intl-vanorter",
        heading: format!("{} – {}", tool_name(cx, "samverkan"), cx.t("vänorter", "twin towns")),
        blocks: vec![
            Block::Note(line),
            Block::Table(Table {
                id: "intl-twin-towns",
                head: vec![
                    t("Kommun", "Municipality"),
                    t("Vänort", "Twin town"),
                    t("Land", "Country"),
                    t("Sedan", "Since"),
                    t("Koppling till strategin", "Tie to the strategy"),
                    format!("{} {last}", t("Utbyten", "Exchanges")),
                    t("Mål", "Goals"),
                ],
                num: vec![false, false, false, true, false, true, false],
                widths: vec![1.7, 1.3, 1.1, 0.7, 3.4, 0.9, 0.75],
                fixed: true,
                rows,
            }),
        ],
    })
}

/// The part on the international work, or `None` when the registry is empty.
pub(super) fn intl(cx: &Ctx<'_>) -> Option<Intl> {
    if cx.input.registry.is_empty() {
        return None;
    }
    let sections: Vec<Section> = [projects(cx), networks(cx), consultations(cx), twin_towns(cx)]
        .into_iter()
        .flatten()
        .collect();
    // Every table's columns agree: heads, alignments, widths and cells.
    for section in &sections {
        for block in &section.blocks {
            if let Block::Table(table) | Block::Funding { table, .. } = block {
                let n = table.head.len();
                debug_assert!(table.num.len() == n && table.widths.len() == n, "{}", table.id);
                debug_assert!(table.rows.iter().all(|r| r.cells.len() == n), "{}", table.id);
            }
        }
    }
    // The key to the goals the entries serve, in plan order.
    let r = cx.input.registry;
    let mut served: Vec<&str> = Vec::new();
    let all = r
        .projects
        .iter()
        .flat_map(|p| &p.goals)
        .chain(r.networks.iter().flat_map(|n| &n.goals))
        .chain(r.platforms.iter().flat_map(|p| &p.goals))
        .chain(r.consultations.iter().flat_map(|c| &c.goals))
        .chain(r.twin_towns.iter().flat_map(|t| &t.goals));
    for g in all {
        if !served.contains(&g.value.as_str()) {
            served.push(&g.value);
        }
    }
    let plan = cx.input.plan;
    let in_plan = plan.goals.iter().map(|g| g.id.as_str()).filter(|g| served.contains(g));
    let intro = match cx.lang() {
        Lang::Sv => format!(
            "Ur registret över det internationella arbetet, ett avsnitt per verktyg i strategin. Läget per {}; år {} är det senast avslutade. Målen som posterna tjänar står med sina nummer och leder till målet i rapporten.",
            cx.input.as_of,
            last_ended_year(cx.input.as_of)
        ),
        Lang::En => format!(
            "From the registry of the international work, a section per tool of the strategy. As of {}; {} is the last year ended. The goals the entries serve are given by their numbers and lead to the goal in the report.",
            cx.input.as_of,
            last_ended_year(cx.input.as_of)
        ),
    };
    Some(Intl { intro, goals: goal_links(cx, in_plan), sections })
}

/// How a registry indicator's figures are counted, and for the latest years shown, the
/// entries behind each reporter's figure.
pub(super) struct Trace {
    pub how: &'static str,
    /// Per year, newest first: the reporters with entries behind their figure.
    pub years: Vec<(i32, Vec<Behind>)>,
}

/// A reporter's figure of a year and the entries it was counted from.
pub(super) struct Behind {
    /// The reporter's name.
    pub actor: String,
    /// Its figure, as the indicator shows it.
    pub value: String,
    /// The ids of the entries.
    pub entries: Vec<String>,
}

/// The trace of `a`'s figures, for an indicator counted from the registry.
pub(super) fn trace(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> Option<Trace> {
    let Origin::Registry(measure) = a.indicator.origin else { return None };
    let reporters = county_reporters(a.indicator, cx.input.actors);
    let years: Vec<i32> = a
        .region
        .iter()
        .rev()
        .filter_map(|p| match p.period {
            utblick_core::Period::Year(y) => Some(y),
            _ => None,
        })
        .take(2)
        .collect();
    let years = years
        .into_iter()
        .map(|year| {
            let behind = reporters
                .iter()
                .map(|actor| cx.input.registry.figure(measure, &actor.id, year))
                .filter(|d| !d.entries.is_empty())
                .map(|d| Behind {
                    actor: cx.actor_name(&d.actor).to_string(),
                    value: d.value.map_or("–".into(), |v| cx.value(a, v)),
                    entries: d.entries,
                })
                .collect();
            (year, behind)
        })
        .collect();
    Some(Trace { how: measure.explain(cx.lang()), years })
}
