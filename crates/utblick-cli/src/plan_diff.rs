//! `utblick plan diff`: what changed between two plans.

use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;
use utblick_core::{Change, Plan, diff_plans, render_diff};

use crate::args::{DiffArgs, Format};
use crate::error::{CliError, json_text};

fn plan(path: &Path) -> Result<Plan, CliError> {
    let loaded = crate::plan_check::load(path)?;
    match loaded.plan {
        Some(p) if loaded.error_count() == 0 => Ok(p),
        _ => Err(CliError::message(format!(
            "{} has errors; run `utblick plan check {}` first",
            path.display(),
            path.display()
        ))),
    }
}

/// One change in `--format json`. The fields are in the order the document has always had
/// them in (alphabetical), here and in [`FieldJson`].
#[derive(Serialize)]
struct ChangeJson<'a> {
    change: &'static str,
    fields: Vec<FieldJson<'a>>,
    id: &'a str,
    label: &'a str,
    what: &'static str,
}

#[derive(Serialize)]
struct FieldJson<'a> {
    field: &'static str,
    new: &'a str,
    old: &'a str,
}

impl<'a> ChangeJson<'a> {
    fn of(c: &'a Change) -> ChangeJson<'a> {
        ChangeJson {
            change: c.kind.as_str(),
            fields: c
                .fields
                .iter()
                .map(|f| FieldJson { field: f.field, new: &f.new, old: &f.old })
                .collect(),
            id: &c.id,
            label: &c.label,
            what: c.what,
        }
    }
}

pub fn run(args: &DiffArgs) -> Result<ExitCode, CliError> {
    let (old, new) = (plan(&args.old)?, plan(&args.new)?);
    let changes = diff_plans(&old, &new);
    let out = match args.format {
        Format::Text => render_diff(&changes),
        Format::Json => json_text(&changes.iter().map(ChangeJson::of).collect::<Vec<_>>())?,
    };
    crate::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
