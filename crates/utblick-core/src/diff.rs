//! What changed between two plans: indicators, targets and baselines, goals, activities, areas.

use std::fmt::Write as _;

use crate::plan::{Activity, Goal, IndicatorTarget, Plan, PointValue};

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
    /// `plan` (its own fields), `area`, `goal`, `activity` or `indicator`.
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
                let f = fields(o, n);
                if !f.is_empty() {
                    out.push(Change {
                        what,
                        id: id(o).into(),
                        kind: ChangeKind::Changed,
                        label: label(n),
                        fields: f,
                    });
                }
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
    if !f.is_empty() {
        out.push(Change {
            what: "plan",
            id: String::new(),
            kind: ChangeKind::Changed,
            label: new.title.clone(),
            fields: f,
        });
    }
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
    out
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
