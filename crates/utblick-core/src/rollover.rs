//! Next year's plan from this year's, keeping the planner's comments and layout.
//!
//! Edits the TOML text in place (with toml_edit) rather than writing the model out again, so
//! that every comment, the order of the tables and the blank lines survive.

use std::collections::HashMap;

use toml_edit::{DocumentMut, InlineTable, Item, Value, value};

use crate::period::Period;

/// What to put into the new plan.
pub struct Rollover<'a> {
    /// The new plan year.
    pub year: i32,
    /// Per target key ([`crate::IndicatorTarget::key`]), the new baseline: the latest observed
    /// value and its period.
    pub baselines: &'a HashMap<String, (Period, f64)>,
    /// The lines of the header comment (without `# `): what the plan was made from.
    pub header: &'a [String],
    /// New paths of the files the plan names, when the new plan lives in another folder.
    pub paths: Option<PlanPaths>,
}

/// The files a plan names, relative to the plan file.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanPaths {
    /// `catalogue`.
    pub catalogue: String,
    /// `actors`.
    pub actors: String,
    /// `registry.files`, in order.
    pub registry: Vec<String>,
}

/// Why next year's plan could not be made from this year's.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RolloverError {
    /// This year's plan is not valid TOML (the parser's error kept as the source).
    #[error("the plan does not parse as TOML: {0}")]
    Toml(#[from] toml_edit::TomlError),
}

fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 { Value::from(x as i64) } else { Value::from(x) }
}

/// The plan text for `r.year`: year and title moved on, the adoption date removed, each
/// baseline moved to the latest observed value (milestones before it dropped), activities that
/// were done or cancelled dropped and the others reset to planned, analysis texts emptied.
pub fn roll_over(text: &str, r: &Rollover<'_>) -> Result<String, RolloverError> {
    let mut doc: DocumentMut = text.parse()?;
    let old_year = doc.get("year").and_then(Item::as_integer);
    doc["year"] = value(i64::from(r.year));
    if let (Some(old), Some(title)) = (old_year, doc.get("title").and_then(Item::as_str)) {
        let title = title.replace(&old.to_string(), &r.year.to_string());
        doc["title"] = value(title);
    }
    doc.remove("adopted");
    if let Some(paths) = &r.paths {
        doc["catalogue"] = value(paths.catalogue.as_str());
        doc["actors"] = value(paths.actors.as_str());
        // The registry is kept year to year: the new plan names the same files.
        if let Some(files) = doc
            .get_mut("registry")
            .and_then(Item::as_table_like_mut)
            .and_then(|r| r.get_mut("files"))
            .and_then(Item::as_array_mut)
        {
            for (slot, path) in files.iter_mut().zip(&paths.registry) {
                let decor = slot.decor().clone();
                *slot = Value::from(path.as_str());
                *slot.decor_mut() = decor;
            }
        }
    }

    if let Some(targets) = doc.get_mut("target").and_then(Item::as_array_of_tables_mut) {
        for t in targets.iter_mut() {
            let id = t.get("indicator").and_then(Item::as_str).unwrap_or_default();
            let gender = t.get("gender").and_then(Item::as_str).and_then(crate::Gender::parse);
            let cells: Vec<(String, String)> = t
                .get("breakdown")
                .and_then(Item::as_table_like)
                .map(|b| {
                    b.iter()
                        .filter_map(|(k, v)| Some((k.to_string(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            let cells: Vec<(&str, &str)> =
                cells.iter().map(|(d, v)| (d.as_str(), v.as_str())).collect();
            let key = crate::IndicatorTarget::key_of(id, gender, &cells);
            if let Some(&(period, v)) = r.baselines.get(&key) {
                let mut base = InlineTable::new();
                base.insert("period", Value::from(period.to_string()));
                base.insert("value", number(v));
                t["baseline"] = value(base);
                // Milestones on or before the new baseline are history now.
                if let Some(ms) = t
                    .get_mut("milestones")
                    .and_then(Item::as_value_mut)
                    .and_then(Value::as_array_mut)
                {
                    ms.retain(|m| {
                        let p = m.as_inline_table().and_then(|x| x.get("period")).and_then(|p| {
                            p.as_str()
                                .map(str::to_string)
                                .or_else(|| p.as_integer().map(|i| i.to_string()))
                        });
                        p.and_then(|p| p.parse::<Period>().ok()).is_none_or(|p| p > period)
                    });
                    if let Some(first) = ms.get_mut(0) {
                        first.decor_mut().set_prefix("");
                    }
                    if ms.is_empty() {
                        t.remove("milestones");
                    }
                }
            }
            if t.contains_key("analysis") {
                t["analysis"] = value("");
            }
        }
    }

    if let Some(acts) = doc.get_mut("activity").and_then(Item::as_array_of_tables_mut) {
        acts.retain(|a| {
            !matches!(a.get("status").and_then(Item::as_str), Some("done" | "cancelled"))
        });
        for a in acts.iter_mut() {
            if a.contains_key("status") {
                a["status"] = value("planned");
            }
        }
    }

    let header: String = r.header.iter().map(|l| format!("# {l}\n")).collect();
    Ok(format!("{header}\n{doc}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_baselines_and_keeps_comments() {
        let text = r#"# Plan 2023, with a comment that must stay.
title = "Plan 2023"
year = 2023
adopted = 2023-01-26

[[activity]]
id = "A1"
status = "done"

[[activity]]
id = "A2" # a trailing comment
status = "ongoing"

[[target]]
indicator = "N1"
# Why this baseline.
baseline = { period = "2022", value = 80.9 }
target = { period = "2030", value = 83.0 }
milestones = [{ period = "2023", value = 81.0 }, { period = "2025", value = 81.8 }]
analysis = "Old words."

[[target]]
indicator = "N2"
gender = "K"
breakdown = { sektor = "privat", alder = "16-24" }
baseline = { period = "2022", value = 9.0 }
target = { period = "2030", value = 5.0 }

[[target]]
indicator = "N2"
gender = "M"
breakdown = { alder = "16-24", sektor = "privat" }
baseline = { period = "2022", value = 11.0 }
target = { period = "2030", value = 5.0 }

[[target]]
indicator = "N2"
breakdown.alder = "25-64"
baseline = { period = "2022", value = 7.0 }
target = { period = "2030", value = 5.0 }

[[target]]
indicator = "N2"
baseline = { period = "2022", value = 8.0 }
target = { period = "2030", value = 5.0 }
[target.breakdown]
alder = "16-24"
"#;
        let baselines = HashMap::from([
            ("N1".to_string(), (Period::Year(2023), 81.2)),
            ("N2 M alder=16-24 sektor=privat".to_string(), (Period::Year(2023), 10.5)),
            ("N2 alder=25-64".to_string(), (Period::Year(2023), 6.5)),
            ("N2 alder=16-24".to_string(), (Period::Year(2023), 9.5)),
            ("N2".to_string(), (Period::Year(2023), 99.0)),
        ]);
        let header = vec!["Made from plan 2023.".to_string()];
        let out = roll_over(
            text,
            &Rollover { year: 2024, baselines: &baselines, header: &header, paths: None },
        )
        .unwrap();
        let expected = r#"# Made from plan 2023.

# Plan 2023, with a comment that must stay.
title = "Plan 2024"
year = 2024

[[activity]]
id = "A2" # a trailing comment
status = "planned"

[[target]]
indicator = "N1"
# Why this baseline.
baseline = { period = "2023", value = 81.2 }
target = { period = "2030", value = 83.0 }
milestones = [{ period = "2025", value = 81.8 }]
analysis = ""

[[target]]
indicator = "N2"
gender = "K"
breakdown = { sektor = "privat", alder = "16-24" }
baseline = { period = "2022", value = 9.0 }
target = { period = "2030", value = 5.0 }

[[target]]
indicator = "N2"
gender = "M"
breakdown = { alder = "16-24", sektor = "privat" }
baseline = { period = "2023", value = 10.5 }
target = { period = "2030", value = 5.0 }

[[target]]
indicator = "N2"
breakdown.alder = "25-64"
baseline = { period = "2023", value = 6.5 }
target = { period = "2030", value = 5.0 }

[[target]]
indicator = "N2"
baseline = { period = "2023", value = 9.5 }
target = { period = "2030", value = 5.0 }
[target.breakdown]
alder = "16-24"
"#;
        assert_eq!(out, expected);
    }
}
