//! `utblick plan new`: next year's plan file from this year's and the store.

use std::collections::HashMap;
use std::process::ExitCode;

use utblick_core::{Period, Rollover, roll_over};
use utblick_store::Store;

use crate::args::NewArgs;
use crate::console::Console;
use crate::dates::AsOf;
use crate::error::CliError;
use crate::ingest::load_checked_plan;

/// `--quiet` leaves out `wrote <file>` and the new plan's `plan ok` line; its diagnostics stay.
pub fn run(args: &NewArgs, con: &Console) -> Result<ExitCode, CliError> {
    let as_of = AsOf::resolve(args.as_of);
    let loaded = load_checked_plan(&args.from)?;
    let plan = loaded.plan.as_ref().ok_or(CliError::PlanNotRead)?;
    if args.year <= plan.year.value {
        return Err(CliError::message(format!(
            "--year {} is not after the plan's year {}",
            args.year, plan.year.value
        )));
    }
    let out = args.out.clone().unwrap_or_else(|| {
        args.from
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
            .join(format!("{}.toml", args.year))
    });
    if out.exists() {
        return Err(CliError::message(format!(
            "{} exists already; give another --out or remove it",
            out.display()
        )));
    }
    // The latest observed county value before the new plan year (and before the target).
    let store = Store::open(&args.store.store)?;
    let registry = crate::registry::effective_registry(&store, plan)?.as_of(as_of.day());
    let values =
        crate::report::gather_values(&store, &loaded, plan, as_of.day(), &registry, |_| {})?;
    let analyses = utblick_analysis::analyse_values(values)?;
    let mut baselines: HashMap<String, (Period, f64)> = HashMap::new();
    for a in &analyses {
        let target = a.target.target.period.value;
        let latest = a
            .complete_points()
            .into_iter()
            .rfind(|p| p.period.year() < args.year && target.is_none_or(|t| p.period < t));
        if let Some(p) = latest {
            let factor = 10f64.powi(i32::from(a.indicator.decimals));
            baselines.insert(a.target.key.clone(), (p.period, (p.value * factor).round() / factor));
        }
    }
    let header = vec![
        format!("Verksamhetsplan {}: made by `utblick plan new` from {} (plan {})", args.year, args.from.display(), plan.year.value),
        format!("and the store's values as of {}: {} of {} baselines moved to the latest", as_of.date, baselines.len(), plan.targets.len()),
        "observed value; finished activities dropped, the others reset to planned; analyses emptied.".into(),
    ];
    // Paths in the plan are relative to it: move them along when the new plan lives elsewhere.
    let old_dir = absolute_dir(&args.from)?;
    let new_dir = absolute_dir(&out)?;
    let paths = (old_dir != new_dir).then(|| {
        let rel = |p: &str| relative(&new_dir, &old_dir.join(p));
        utblick_core::PlanPaths {
            catalogue: rel(&plan.catalogue_path.value),
            actors: rel(&plan.actors_path.value),
            registry: plan.registry_files.iter().map(|f| rel(&f.value)).collect(),
        }
    });
    let path = || args.from.clone();
    let bytes = crate::files::read_regular(&args.from, crate::files::PLAN_FILE_LIMIT)
        .map_err(|source| CliError::Read { path: path(), source })?;
    let text =
        String::from_utf8(bytes).map_err(|source| CliError::Utf8 { path: path(), source })?;
    let new = roll_over(
        &text,
        &Rollover { year: args.year, baselines: &baselines, header: &header, paths },
    )?;
    std::fs::write(&out, new).map_err(|source| CliError::Write { path: out.clone(), source })?;
    // The new plan must pass the check; say so, or show why not.
    let check = crate::plan_check::load(&out)?;
    let s = if con.quiet && check.error_count() == 0 {
        crate::plan_check::render_diagnostics(&check)
    } else {
        format!("wrote {}\n{}", out.display(), crate::plan_check::render_text(&check))
    };
    crate::print(&s)?;
    Ok(if check.error_count() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The folder a file is (or will be) in, absolute and without `..`.
fn absolute_dir(file: &std::path::Path) -> Result<std::path::PathBuf, CliError> {
    let dir =
        file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    std::fs::canonicalize(dir)
        .map_err(|source| CliError::FindFolder { path: dir.to_path_buf(), source })
}

/// `target` as a path relative to the folder `from`, with `/` separators.
fn relative(from: &std::path::Path, target: &std::path::Path) -> String {
    let target = std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf());
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = target.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(b[common..].iter().map(|c| c.as_os_str().to_string_lossy().to_string()));
    parts.join("/")
}
