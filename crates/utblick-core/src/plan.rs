//! A yearly action plan (*verksamhetsplan*): areas, goals, activities and indicator targets.

use crate::diag::{Loc, Located};
use crate::period::Period;

/// A tool (*verktyg*) through which an activity is carried out.
#[derive(Clone, Debug, PartialEq)]
pub struct Tool {
    pub id: String,
    pub name: String,
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
    pub id: String,
    pub name: String,
    /// The English name; empty where the plan gives none (see [`in_lang`]).
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    pub priorities: Vec<String>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub id: String,
    pub area: Located<String>,
    pub title: String,
    pub title_en: String,
    /// *Framgångskriterier*, in words.
    pub success_criteria: Vec<String>,
    pub success_criteria_en: Vec<String>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActivityStatus {
    Planned,
    Ongoing,
    Done,
    Postponed,
    Cancelled,
}

impl ActivityStatus {
    pub const ALL: [ActivityStatus; 5] = [
        ActivityStatus::Planned,
        ActivityStatus::Ongoing,
        ActivityStatus::Done,
        ActivityStatus::Postponed,
        ActivityStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Planned => "planned",
            ActivityStatus::Ongoing => "ongoing",
            ActivityStatus::Done => "done",
            ActivityStatus::Postponed => "postponed",
            ActivityStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityStatus> {
        ActivityStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// An *insats*.
#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    pub id: String,
    pub goal: Located<String>,
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub description_en: String,
    pub responsible: Vec<Located<String>>,
    pub tools: Vec<Located<String>>,
    pub start: Located<Option<Period>>,
    pub end: Located<Option<Period>>,
    pub budget_sek: Option<f64>,
    pub fte: Option<f64>,
    pub status: ActivityStatus,
    pub loc: Loc,
}

/// A dated value: a baseline, a target or a milestone.
#[derive(Clone, Debug, PartialEq)]
pub struct PointValue {
    /// `None` when the period did not parse (a diagnostic says so).
    pub period: Located<Option<Period>>,
    /// `None` when the value is missing or not a number (a diagnostic says so).
    pub value: Located<Option<f64>>,
    pub loc: Loc,
}

/// An indicator of the catalogue taken into the plan, with its baseline and target.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorTarget {
    pub indicator: Located<String>,
    pub goal: Located<String>,
    pub responsible: Located<String>,
    pub baseline: PointValue,
    pub target: PointValue,
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
    pub analysis: String,
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
    pub actor: Located<String>,
    pub baseline: PointValue,
    pub target: PointValue,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlatformKind {
    /// A political platform where the region takes part (e.g. a committee).
    Platform,
    /// A network or membership.
    Network,
}

impl PlatformKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlatformKind::Platform => "platform",
            PlatformKind::Network => "network",
        }
    }
}

/// An international political platform or network the plan prioritises.
#[derive(Clone, Debug, PartialEq)]
pub struct Platform {
    pub name: String,
    pub kind: PlatformKind,
    pub description: String,
    pub loc: Loc,
}

/// A reference geography the plan compares with (Riket, another county, a Kolada group of
/// municipalities): its values come from the source, are drawn and listed beside the
/// county's, and are never given a status, counted as missing or ranked with the actors.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub id: Located<String>,
    pub name: String,
    /// Its Kolada code (`0000` for Riket, `0003` for Uppsala län, `G…` for a group).
    pub kolada: Located<String>,
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
    pub on_track: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds { on_track: 0.95 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub title: String,
    pub title_en: String,
    pub year: Located<i32>,
    /// ISO date the board adopted the plan (`YYYY-MM-DD`), if it has been adopted.
    pub adopted: Option<String>,
    pub vision: String,
    pub vision_en: String,
    /// Path of the indicator catalogue, relative to the plan file.
    pub catalogue_path: Located<String>,
    /// Path of the actor file, relative to the plan file.
    pub actors_path: Located<String>,
    pub status_method: StatusMethod,
    pub thresholds: Thresholds,
    pub areas: Vec<Area>,
    pub tools: Vec<Tool>,
    pub goals: Vec<Goal>,
    pub activities: Vec<Activity>,
    pub targets: Vec<IndicatorTarget>,
    pub platforms: Vec<Platform>,
    /// Reference geographies, in plan order.
    pub references: Vec<Reference>,
}

impl Plan {
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

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
