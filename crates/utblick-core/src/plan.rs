//! A yearly action plan (*verksamhetsplan*): areas, goals, activities and indicator targets.

use crate::diag::{Loc, Located};
use crate::period::Period;

/// A tool (*verktyg*) through which an activity is carried out.
#[derive(Clone, Debug, PartialEq)]
pub struct Tool {
    /// The id an activity names in its `tools`.
    pub id: String,
    /// The name shown in the plan and the report.
    pub name: String,
    /// The `[[tool]]` table; `None` for a standard tool.
    pub loc: Option<Loc>,
}

/// The four tools of the strategy, used when a plan defines none of its own.
pub fn standard_tools() -> Vec<Tool> {
    [
        ("samverkan", "Samverkan"),
        ("politisk-medverkan", "Politisk medverkan och förankring"),
        ("natverk", "Nätverksbyggande och påverkan"),
        ("projekt", "Projektverksamhet"),
    ]
    .into_iter()
    .map(|(id, name)| Tool { id: id.into(), name: name.into(), loc: None })
    .collect()
}

/// A *verksamhetsområde*, e.g. företagsamhet.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    /// The id a goal names in its `area`.
    pub id: String,
    /// The Swedish name.
    pub name: String,
    /// The English name; empty where the plan gives none (see [`in_lang`]).
    pub name_en: String,
    /// What the region wants in the area, in Swedish; may be empty.
    pub description: String,
    /// The English description; empty where the plan gives none.
    pub description_en: String,
    /// The strategy's priorities (*prioriteringar*) in the area, in words.
    pub priorities: Vec<String>,
    /// The `[[area]]` table in the plan file.
    pub loc: Loc,
}

/// A goal (*mål*) of an area, worked toward by activities and followed up by
/// indicator targets.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// The id an activity or a target names in its `goal` (`F1`).
    pub id: String,
    /// The id of the area the goal belongs to.
    pub area: Located<String>,
    /// The goal in words, in Swedish.
    pub title: String,
    /// The English title; empty where the plan gives none.
    pub title_en: String,
    /// *Framgångskriterier*, in words.
    pub success_criteria: Vec<String>,
    /// The English success criteria; empty where the plan gives none.
    pub success_criteria_en: Vec<String>,
    /// The `[[goal]]` table in the plan file.
    pub loc: Loc,
}

/// Where an activity stands. Rolling a plan over to the next year drops the done and
/// cancelled ones and sets the others back to planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActivityStatus {
    /// Not begun (the default when the plan does not say).
    Planned,
    /// Under way.
    Ongoing,
    /// Carried out.
    Done,
    /// Put off to a later time.
    Postponed,
    /// Given up.
    Cancelled,
}

impl ActivityStatus {
    /// Every status, in the order the plan file's documentation lists them.
    pub const ALL: [ActivityStatus; 5] = [
        ActivityStatus::Planned,
        ActivityStatus::Ongoing,
        ActivityStatus::Done,
        ActivityStatus::Postponed,
        ActivityStatus::Cancelled,
    ];

    /// The status as the plan file writes it (`planned`, `ongoing`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Planned => "planned",
            ActivityStatus::Ongoing => "ongoing",
            ActivityStatus::Done => "done",
            ActivityStatus::Postponed => "postponed",
            ActivityStatus::Cancelled => "cancelled",
        }
    }

    /// The status a plan file's word names; `None` for a word that names none.
    pub fn parse(s: &str) -> Option<ActivityStatus> {
        ActivityStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// An *insats*.
#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    /// The activity's id in the plan (`A01`).
    pub id: String,
    /// The id of the goal the activity works toward.
    pub goal: Located<String>,
    /// What is done, in Swedish.
    pub title: String,
    /// The English title; empty where the plan gives none.
    pub title_en: String,
    /// How it is done, in Swedish; may be empty.
    pub description: String,
    /// The English description; empty where the plan gives none.
    pub description_en: String,
    /// The ids of the actors who carry it out.
    pub responsible: Vec<Located<String>>,
    /// The ids of the tools it is carried out through.
    pub tools: Vec<Located<String>>,
    /// The period it starts in (`2023`, `2023Q2`); `None` when not given or not a period.
    pub start: Located<Option<Period>>,
    /// The period it ends in; `None` when not given or not a period.
    pub end: Located<Option<Period>>,
    /// Its budget in Swedish kronor, if given.
    pub budget_sek: Option<f64>,
    /// The staff it takes in full-time equivalents (*årsarbetskrafter*), if given.
    pub fte: Option<f64>,
    /// Where it stands.
    pub status: ActivityStatus,
    /// The `[[activity]]` table in the plan file.
    pub loc: Loc,
}

/// A dated value: a baseline, a target or a milestone.
#[derive(Clone, Debug, PartialEq)]
pub struct PointValue {
    /// `None` when the period did not parse (a diagnostic says so).
    pub period: Located<Option<Period>>,
    /// `None` when the value is missing or not a number (a diagnostic says so).
    pub value: Located<Option<f64>>,
    /// The inline table (`{ period, value }`) in the plan file.
    pub loc: Loc,
}

/// An indicator of the catalogue taken into the plan, with its baseline and target.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorTarget {
    /// The id of the indicator in the catalogue.
    pub indicator: Located<String>,
    /// The id of the goal the indicator follows up.
    pub goal: Located<String>,
    /// The id of the actor who answers for the target, named in the report.
    pub responsible: Located<String>,
    /// The value the target is measured from. Without a value: the county's first value
    /// from its period on.
    pub baseline: PointValue,
    /// The value to reach, and by when. Without a value, only the way it should move is
    /// judged, by the change since the baseline.
    pub target: PointValue,
    /// Values on the way to the target, shown in the chart, the table and the plan.
    pub milestones: Vec<PointValue>,
    /// Targets the plan sets for single actors; an actor without one is compared, not judged.
    pub actor_targets: Vec<ActorTarget>,
    /// Which gender the target is on: the total unless the plan says (an indicator of women
    /// and men only must say).
    pub gender: Option<Located<crate::Gender>>,
    /// The breakdown cell the target is on, `(dimension, value)`; empty for the total.
    pub breakdown: Vec<(Located<String>, Located<String>)>,
    /// The target's identity in the plan: the indicator id, then the gender and the breakdown
    /// cell when it has them (`arbetslosa K alder=16-24`). A plan sets one target per key.
    pub key: String,
    /// The planner's analysis of where the indicator stands, shown in the report; may be
    /// empty.
    pub analysis: String,
    /// The `[[target]]` table in the plan file.
    pub loc: Loc,
}

impl IndicatorTarget {
    /// The key of a target on `indicator`, for `gender` and the breakdown cells given.
    pub fn key_of(
        indicator: &str,
        gender: Option<crate::Gender>,
        breakdown: &[(&str, &str)],
    ) -> String {
        let mut key = indicator.to_string();
        if let Some(g) = gender.filter(|g| *g != crate::Gender::Total) {
            key.push(' ');
            key.push_str(g.code());
        }
        let mut cells = breakdown.to_vec();
        cells.sort();
        for (d, v) in cells {
            key.push_str(&format!(" {d}={v}"));
        }
        key
    }

    /// The gender of the series the target is on (`None`: the total, or no split).
    pub fn gender(&self) -> Option<crate::Gender> {
        self.gender.as_ref().map(|g| g.value).filter(|g| *g != crate::Gender::Total)
    }

    /// The key of the breakdown cell the target is on, in the catalogue's dimension order.
    pub fn breakdown_key(&self, ind: &crate::Indicator) -> String {
        let cells: Vec<(&str, &str)> = ind
            .breakdowns
            .iter()
            .filter_map(|d| {
                let (_, v) = self.breakdown.iter().find(|(k, _)| k.value == d.id)?;
                Some((d.id.as_str(), v.value.as_str()))
            })
            .collect();
        crate::breakdown_key(&cells)
    }
}

/// A target the plan sets for one actor on an indicator (a municipality's own goal).
#[derive(Clone, Debug, PartialEq)]
pub struct ActorTarget {
    /// The id of the actor the target is for.
    pub actor: Located<String>,
    /// The actor's value the target is measured from.
    pub baseline: PointValue,
    /// The value the actor is to reach, and by when.
    pub target: PointValue,
    /// The inline table in the target's `actor_targets`.
    pub loc: Loc,
}

/// A reference geography the plan compares with (Riket, another county, a Kolada group of
/// municipalities): its values come from the source, are drawn and listed beside the
/// county's, and are never given a status, counted as missing or ranked with the actors.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// The reference's id in the plan (`riket`), under which its values are stored.
    pub id: Located<String>,
    /// The name shown beside its values in charts and tables.
    pub name: String,
    /// Its Kolada code (`0000` for Riket, `0003` for Uppsala län, `G…` for a group).
    pub kolada: Located<String>,
    /// The `[[reference]]` table in the plan file.
    pub loc: Loc,
}

/// How status against target is computed; the report issue implements both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StatusMethod {
    /// Progress along the straight path from baseline to target.
    Linear,
    /// Observed compound annual growth against the required one (Open SDG).
    GrowthRate,
}

/// The progress ratio from which a target moving toward its goal is "on track" (below it:
/// "limited progress").
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// The least progress ratio that counts as on track (0.95 unless the plan says).
    pub on_track: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds { on_track: 0.95 }
    }
}

/// A yearly action plan (*verksamhetsplan*) as read from its file: what the region does
/// in the year, and the indicator targets the board follows it up with.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The plan's title, in Swedish.
    pub title: String,
    /// The English title; empty where the plan gives none.
    pub title_en: String,
    /// The year the plan is for.
    pub year: Located<i32>,
    /// ISO date the board adopted the plan (`YYYY-MM-DD`), if it has been adopted.
    pub adopted: Option<String>,
    /// The strategy's vision the plan serves, in Swedish.
    pub vision: String,
    /// The English vision; empty where the plan gives none.
    pub vision_en: String,
    /// Path of the indicator catalogue, relative to the plan file.
    pub catalogue_path: Located<String>,
    /// Path of the actor file, relative to the plan file.
    pub actors_path: Located<String>,
    /// How status against target is judged in the follow-up.
    pub status_method: StatusMethod,
    /// Where "on track" begins.
    pub thresholds: Thresholds,
    /// The areas (*verksamhetsområden*), in plan order.
    pub areas: Vec<Area>,
    /// The tools activities are carried out through: the plan's own, or the standard four
    /// when it defines none.
    pub tools: Vec<Tool>,
    /// The goals, in plan order.
    pub goals: Vec<Goal>,
    /// The activities (*insatser*), in plan order.
    pub activities: Vec<Activity>,
    /// The indicator targets, in plan order.
    pub targets: Vec<IndicatorTarget>,
    /// The registry of the international work: the entries written in the plan file itself,
    /// then those of the registry files, in the order named.
    pub registry: crate::registry::Registry,
    /// The registry files (`registry = { files = [...] }`), relative to the plan file.
    pub registry_files: Vec<Located<String>>,
    /// Reference geographies, in plan order.
    pub references: Vec<Reference>,
}

impl Plan {
    /// The area of id `id`, if the plan has one.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// The goal of id `id`, if the plan has one.
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    /// The area a target belongs to, through its goal.
    pub fn area_of_target(&self, target: &IndicatorTarget) -> Option<&Area> {
        self.goal(&target.goal).and_then(|g| self.area(&g.area))
    }
}

/// A text in the report's language: the English one where asked for and given, else the
/// Swedish one, marked `[sv]` in an English report so a reader sees it was not translated.
pub fn in_lang(lang: crate::Lang, sv: &str, en: &str) -> String {
    match lang {
        crate::Lang::En if !en.is_empty() => en.to_string(),
        crate::Lang::En if !sv.is_empty() => format!("{sv} [sv]"),
        _ => sv.to_string(),
    }
}

impl crate::Indicator {
    /// The indicator's name in `lang`: `name_en` in English where the catalogue gives it.
    pub fn name_in(&self, lang: crate::Lang) -> String {
        in_lang(lang, &self.name, self.name_en.as_deref().unwrap_or(""))
    }
}
