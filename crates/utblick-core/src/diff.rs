//! What changed between two plans: indicators, targets and baselines, goals, activities, areas,
//! and the registry of the international work (projects, networks, platforms, consultation
//! responses, twin towns).

use std::fmt::Write as _;

use crate::plan::{Activity, Goal, IndicatorTarget, Plan, PointValue};
use crate::registry::{Consultation, Money, Network, Platform, Project, Registry, TwinTown};

/// What happened to one thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// In the new plan only.
    Added,
    /// In the old plan only.
    Removed,
    /// In both, with fields that differ.
    Changed,
}

impl ChangeKind {
    /// The kind as `plan diff --format json` writes it (`added`, `removed`, `changed`).
    pub fn as_str(&self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }

    fn sign(&self) -> char {
        match self {
            ChangeKind::Added => '+',
            ChangeKind::Removed => '-',
            ChangeKind::Changed => '~',
        }
    }
}

/// One field that differs, with the old and the new value as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's name as the plan file writes it (`budget_sek`).
    pub field: &'static str,
    /// The value in the old plan; empty where it had none.
    pub old: String,
    /// The value in the new plan; empty where it has none.
    pub new: String,
}

/// One change between two plans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// `plan` (its own fields), `area`, `goal`, `activity` or `indicator`; `registry` (its
    /// own fields), `project`, `network`, `platform`, `consultation` or `twin_town`.
    pub what: &'static str,
    /// The thing's id in the plan (a target's key for an indicator); empty for the plan.
    pub id: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// A name to show beside the id.
    pub label: String,
    /// The fields that differ, for a change; empty for an addition or a removal.
    pub fields: Vec<FieldChange>,
}

fn point(p: &PointValue) -> String {
    let period = p.period.value.map_or_else(|| "?".to_string(), |p| p.to_string());
    let value = p.value.value.map_or_else(|| "?".to_string(), |v| v.to_string());
    format!("{value} ({period})")
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map_or_else(String::new, |v| v.to_string())
}

fn field(out: &mut Vec<FieldChange>, field: &'static str, old: String, new: String) {
    if old != new {
        out.push(FieldChange { field, old, new });
    }
}

fn target_fields(a: &IndicatorTarget, b: &IndicatorTarget) -> Vec<FieldChange> {
    let mut f = Vec::new();
    field(&mut f, "baseline", point(&a.baseline), point(&b.baseline));
    field(&mut f, "target", point(&a.target), point(&b.target));
    let ms = |t: &IndicatorTarget| t.milestones.iter().map(point).collect::<Vec<_>>().join(", ");
    field(&mut f, "milestones", ms(a), ms(b));
    field(&mut f, "goal", a.goal.value.clone(), b.goal.value.clone());
    field(&mut f, "responsible", a.responsible.value.clone(), b.responsible.value.clone());
    field(&mut f, "analysis", a.analysis.clone(), b.analysis.clone());
    f
}

fn goal_fields(a: &Goal, b: &Goal) -> Vec<FieldChange> {
    let mut f = Vec::new();
    field(&mut f, "title", a.title.clone(), b.title.clone());
    field(&mut f, "area", a.area.value.clone(), b.area.value.clone());
    field(
        &mut f,
        "success_criteria",
        a.success_criteria.join(" | "),
        b.success_criteria.join(" | "),
    );
    f
}

fn activity_fields(a: &Activity, b: &Activity) -> Vec<FieldChange> {
    let list = |v: &[crate::diag::Located<String>]| {
        v.iter().map(|x| x.value.as_str()).collect::<Vec<_>>().join(", ")
    };
    let mut f = Vec::new();
    field(&mut f, "title", a.title.clone(), b.title.clone());
    field(&mut f, "goal", a.goal.value.clone(), b.goal.value.clone());
    field(&mut f, "responsible", list(&a.responsible), list(&b.responsible));
    field(&mut f, "tools", list(&a.tools), list(&b.tools));
    field(&mut f, "start", opt(a.start.value), opt(b.start.value));
    field(&mut f, "end", opt(a.end.value), opt(b.end.value));
    field(&mut f, "budget_sek", opt(a.budget_sek), opt(b.budget_sek));
    field(&mut f, "fte", opt(a.fte), opt(b.fte));
    field(&mut f, "status", a.status.as_str().into(), b.status.as_str().into());
    f
}

/// A change of `what` with id `id` when any of its `fields` differ.
fn changed(
    out: &mut Vec<Change>,
    what: &'static str,
    id: &str,
    label: String,
    fields: Vec<FieldChange>,
) {
    if !fields.is_empty() {
        out.push(Change { what, id: id.into(), kind: ChangeKind::Changed, label, fields });
    }
}

/// Compares items with ids: added, removed, and changed by `fields`.
fn compare<T>(
    what: &'static str,
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> &str,
    label: impl Fn(&T) -> String,
    fields: impl Fn(&T, &T) -> Vec<FieldChange>,
    out: &mut Vec<Change>,
) {
    for o in old {
        match new.iter().find(|n| id(n) == id(o)) {
            None => out.push(Change {
                what,
                id: id(o).into(),
                kind: ChangeKind::Removed,
                label: label(o),
                fields: vec![],
            }),
            Some(n) => {
                changed(out, what, id(o), label(n), fields(o, n));
            }
        }
    }
    for n in new {
        if !old.iter().any(|o| id(o) == id(n)) {
            out.push(Change {
                what,
                id: id(n).into(),
                kind: ChangeKind::Added,
                label: label(n),
                fields: vec![],
            });
        }
    }
}

/// Every change from `old` to `new`, areas first, then goals, indicators and activities.
pub fn diff_plans(old: &Plan, new: &Plan) -> Vec<Change> {
    let mut out = Vec::new();
    let mut f = Vec::new();
    field(&mut f, "title", old.title.clone(), new.title.clone());
    field(&mut f, "year", old.year.value.to_string(), new.year.value.to_string());
    field(&mut f, "adopted", opt(old.adopted.as_ref()), opt(new.adopted.as_ref()));
    field(&mut f, "vision", old.vision.clone(), new.vision.clone());
    field(
        &mut f,
        "status_method",
        format!("{:?}", old.status_method),
        format!("{:?}", new.status_method),
    );
    changed(&mut out, "plan", "", new.title.clone(), f);
    compare(
        "area",
        &old.areas,
        &new.areas,
        |a| &a.id,
        |a| a.name.clone(),
        |a, b| {
            let mut f = Vec::new();
            field(&mut f, "name", a.name.clone(), b.name.clone());
            field(&mut f, "priorities", a.priorities.join(" | "), b.priorities.join(" | "));
            f
        },
        &mut out,
    );
    compare("goal", &old.goals, &new.goals, |g| &g.id, |g| g.title.clone(), goal_fields, &mut out);
    compare(
        "indicator",
        &old.targets,
        &new.targets,
        |t| &t.key,
        |t| format!("goal {}", t.goal.value),
        target_fields,
        &mut out,
    );
    compare(
        "activity",
        &old.activities,
        &new.activities,
        |a| &a.id,
        |a| a.title.clone(),
        activity_fields,
        &mut out,
    );
    registry_changes(&old.registry, &new.registry, &mut out);
    out
}

/// Located values' texts, joined by `, `.
fn ids(v: &[crate::diag::Located<String>]) -> String {
    v.iter().map(|x| x.value.as_str()).collect::<Vec<_>>().join(", ")
}

/// An optional located value as written, empty when there is none.
fn opt_at<T: ToString>(x: &Option<crate::diag::Located<T>>) -> String {
    x.as_ref().map_or_else(String::new, |v| v.value.to_string())
}

/// A per-year map as `2024: …, 2025: …`.
fn years<T>(m: &std::collections::BTreeMap<i32, T>, show: impl Fn(&T) -> String) -> String {
    m.iter().map(|(y, v)| format!("{y}: {}", show(v))).collect::<Vec<_>>().join(", ")
}

fn project_fields(a: &Project, b: &Project) -> Vec<FieldChange> {
    let partners = |p: &Project| {
        p.partners
            .iter()
            .map(|x| format!("{} ({} {})", x.name, x.country.value, x.region).replace(" )", ")"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let money = |p: &Project| match p.money {
        Money::Sek => "SEK".to_string(),
        Money::Eur { rate } => format!("EUR ({rate})"),
    };
    let mut f = Vec::new();
    field(&mut f, "title", a.title.clone(), b.title.clone());
    field(&mut f, "title_en", a.title_en.clone(), b.title_en.clone());
    field(&mut f, "programme", a.programme.value.clone(), b.programme.value.clone());
    field(&mut f, "call", a.call.clone(), b.call.clone());
    field(&mut f, "role", a.role.as_str().into(), b.role.as_str().into());
    field(&mut f, "actor", a.actor.value.clone(), b.actor.value.clone());
    field(&mut f, "partners", partners(a), partners(b));
    field(&mut f, "start", opt_at(&a.start), opt_at(&b.start));
    field(&mut f, "end", opt_at(&a.end), opt_at(&b.end));
    field(&mut f, "status", a.status.value.as_str().into(), b.status.value.as_str().into());
    field(&mut f, "applied", opt_at(&a.applied), opt_at(&b.applied));
    field(&mut f, "decided", opt_at(&a.decided), opt_at(&b.decided));
    field(&mut f, "currency", money(a), money(b));
    field(&mut f, "budget", opt_at(&a.budget), opt_at(&b.budget));
    field(&mut f, "eu_grant", opt_at(&a.grant), opt_at(&b.grant));
    field(&mut f, "own", a.own.to_string(), b.own.to_string());
    field(&mut f, "regional", a.regional.to_string(), b.regional.to_string());
    field(&mut f, "goals", ids(&a.goals), ids(&b.goals));
    field(&mut f, "indicators", ids(&a.indicators), ids(&b.indicators));
    field(&mut f, "results", years(&a.results, String::clone), years(&b.results, String::clone));
    f
}

fn network_fields(a: &Network, b: &Network) -> Vec<FieldChange> {
    let meetings =
        |n: &Network| years(&n.meetings, |m| format!("{} ({})", m.attended, m.political));
    let mut f = Vec::new();
    field(&mut f, "name", a.name.clone(), b.name.clone());
    field(&mut f, "description", a.description.clone(), b.description.clone());
    field(&mut f, "member", a.member.value.clone(), b.member.value.clone());
    field(&mut f, "since", opt(a.since), opt(b.since));
    field(&mut f, "fee", opt(a.fee), opt(b.fee));
    field(&mut f, "representative", a.representative.clone(), b.representative.clone());
    field(&mut f, "officer", a.officer.clone(), b.officer.clone());
    field(&mut f, "working_groups", a.working_groups.join(", "), b.working_groups.join(", "));
    field(&mut f, "meetings", meetings(a), meetings(b));
    field(&mut f, "goals", ids(&a.goals), ids(&b.goals));
    f
}

fn platform_fields(a: &Platform, b: &Platform) -> Vec<FieldChange> {
    let positions = |p: &Platform| {
        p.positions
            .iter()
            .map(|x| format!("{}: {}", x.date, x.text))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let mut f = Vec::new();
    field(&mut f, "name", a.name.clone(), b.name.clone());
    field(&mut f, "description", a.description.clone(), b.description.clone());
    field(&mut f, "politician", a.politician.clone(), b.politician.clone());
    field(&mut f, "actor", opt_at(&a.actor), opt_at(&b.actor));
    field(&mut f, "positions", positions(a), positions(b));
    field(&mut f, "goals", ids(&a.goals), ids(&b.goals));
    f
}

fn consultation_fields(a: &Consultation, b: &Consultation) -> Vec<FieldChange> {
    let mut f = Vec::new();
    field(&mut f, "title", a.title.clone(), b.title.clone());
    field(&mut f, "by", a.by.clone(), b.by.clone());
    field(&mut f, "platform", opt_at(&a.platform), opt_at(&b.platform));
    field(&mut f, "date", a.date.value.to_string(), b.date.value.to_string());
    field(&mut f, "joint", a.joint.to_string(), b.joint.to_string());
    field(&mut f, "responsible", a.responsible.value.clone(), b.responsible.value.clone());
    field(&mut f, "actors", ids(&a.actors), ids(&b.actors));
    field(&mut f, "goals", ids(&a.goals), ids(&b.goals));
    f
}

fn twin_town_fields(a: &TwinTown, b: &TwinTown) -> Vec<FieldChange> {
    let mut f = Vec::new();
    field(&mut f, "municipality", a.municipality.value.clone(), b.municipality.value.clone());
    field(&mut f, "town", a.town.clone(), b.town.clone());
    field(&mut f, "country", a.country.value.clone(), b.country.value.clone());
    field(&mut f, "since", opt(a.since), opt(b.since));
    field(&mut f, "tie", a.tie.clone(), b.tie.clone());
    field(&mut f, "goals", ids(&a.goals), ids(&b.goals));
    field(
        &mut f,
        "exchanges",
        years(&a.exchanges, u32::to_string),
        years(&b.exchanges, u32::to_string),
    );
    field(
        &mut f,
        "activities",
        years(&a.activities, String::clone),
        years(&b.activities, String::clone),
    );
    f
}

/// The registry's entries, kind by kind: what the board adopts with the plan.
fn registry_changes(old: &Registry, new: &Registry, out: &mut Vec<Change>) {
    let mut f = Vec::new();
    field(&mut f, "since", opt(old.since), opt(new.since));
    changed(out, "registry", "", String::new(), f);
    let (o, n) = (old, new);
    compare(
        "project",
        &o.projects,
        &n.projects,
        |p| &p.id.value,
        |p| p.title.clone(),
        project_fields,
        out,
    );
    compare(
        "network",
        &o.networks,
        &n.networks,
        |x| &x.id.value,
        |x| x.name.clone(),
        network_fields,
        out,
    );
    compare(
        "platform",
        &o.platforms,
        &n.platforms,
        |x| &x.id.value,
        |x| x.name.clone(),
        platform_fields,
        out,
    );
    compare(
        "consultation",
        &o.consultations,
        &n.consultations,
        |x| &x.id.value,
        |x| x.title.clone(),
        consultation_fields,
        out,
    );
    compare(
        "twin_town",
        &o.twin_towns,
        &n.twin_towns,
        |x| &x.id.value,
        |x| format!("{} – {}", x.municipality.value, x.town),
        twin_town_fields,
        out,
    );
}

/// The changes as text: `+`, `-` or `~`, what, id and name, then each changed field.
pub fn render_diff(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes {
        if c.id.is_empty() {
            let _ = writeln!(s, "{} {}: {}", c.kind.sign(), c.what, c.label);
        } else {
            let _ = writeln!(s, "{} {} {}: {}", c.kind.sign(), c.what, c.id, c.label);
        }
        for f in &c.fields {
            let _ = writeln!(
                s,
                "    {}: {} → {}",
                f.field,
                if f.old.is_empty() { "(none)" } else { &f.old },
                if f.new.is_empty() { "(none)" } else { &f.new }
            );
        }
    }
    let count = |k: ChangeKind| changes.iter().filter(|c| c.kind == k).count();
    let _ = writeln!(
        s,
        "{} added, {} removed, {} changed",
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
        count(ChangeKind::Changed)
    );
    s
}
