//! `utblick plan diff`: what changed between two plans.

use std::path::Path;
use std::process::ExitCode;

use utblick_core::{Plan, diff_plans, render_diff};

use crate::args::{DiffArgs, Format};
use crate::error::CliError;

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

pub fn run(args: &DiffArgs) -> Result<ExitCode, CliError> {
    let (old, new) = (plan(&args.old)?, plan(&args.new)?);
    let changes = diff_plans(&old, &new);
    let out = match args.format {
        Format::Text => render_diff(&changes),
        Format::Json => {
            let doc: Vec<serde_json::Value> = changes
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "what": c.what,
                        "id": c.id,
                        "change": c.kind.as_str(),
                        "label": c.label,
                        "fields": c.fields.iter().map(|f| serde_json::json!({
                            "field": f.field, "old": f.old, "new": f.new,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    crate::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
