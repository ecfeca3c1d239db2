//! `utblick plan check`: load a plan and print its diagnostics.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use utblick_core::{Fetched, LoadedPlan, SourceFile, printable};

use crate::args::{CheckArgs, Format};
use crate::console::Console;
use crate::error::{CliError, json_text};
use crate::files::ReadError;

/// `--quiet` leaves out the closing line of a plan without errors (`plan ok: …`): the
/// diagnostics, warnings too, are what the command exists to print.
pub fn run(args: &CheckArgs, con: &Console) -> Result<ExitCode, CliError> {
    let loaded = load(&args.plan)?;
    let out = match args.format {
        Format::Text if con.quiet && loaded.error_count() == 0 && !loaded.unreadable => {
            render_diagnostics(&loaded)
        }
        Format::Text => render_text(&loaded),
        Format::Json => render_json(&loaded)?,
    };
    crate::print(&out)?;
    Ok(if loaded.unreadable {
        ExitCode::from(2)
    } else if loaded.error_count() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads a plan and the files it refers to, relative to the plan's folder.
pub fn load(plan_path: &Path) -> Result<LoadedPlan, CliError> {
    let text = read_text(plan_path)
        .map_err(|source| CliError::ReadPlan { path: plan_path.to_path_buf(), source })?;
    let dir = plan_path.parent().map(Path::to_path_buf).unwrap_or_default();
    let plan_file = SourceFile::new(display(plan_path), text);
    Ok(utblick_core::load_plan(plan_file, &mut |rel| {
        let path = normalize(&dir.join(rel));
        // Core takes the reason as words: it becomes the diagnostic of the file named.
        let text = read_text(&path).map_err(|e| e.to_string())?;
        Ok(Fetched { display_name: display(&path), text })
    }))
}

fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = crate::files::read_regular(path, crate::files::PLAN_FILE_LIMIT)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(ReadError::NotUtf8)
}

/// Removes `.` and `name/..` pairs so messages show `indicators/x.toml`, not `plans/../indicators/x.toml`.
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// `file:line:column: severity[code]: message`, then the hint, then a count.
pub fn render_text(loaded: &LoadedPlan) -> String {
    let mut s = render_diagnostics(loaded);
    s.push_str(&closing_line(loaded));
    s
}

/// Each diagnostic: `file:line:column: severity[code]: message`, then the hint.
pub fn render_diagnostics(loaded: &LoadedPlan) -> String {
    let mut s = String::new();
    for d in &loaded.diagnostics {
        match &d.loc {
            Some(loc) => {
                let (file, line, col) = loaded.sources.place(loc);
                s.push_str(&format!(
                    "{}:{line}:{col}: {}[{}]: {}\n",
                    printable(file),
                    d.severity,
                    d.code,
                    printable(&d.message)
                ));
            }
            None => s.push_str(&format!("{}[{}]: {}\n", d.severity, d.code, printable(&d.message))),
        }
        if let Some(hint) = &d.hint {
            s.push_str(&format!("  hint: {}\n", printable(hint)));
        }
    }
    s
}

/// `plan ok: …` with what the plan holds, or the count of errors and warnings.
fn closing_line(loaded: &LoadedPlan) -> String {
    let (e, w) = (loaded.error_count(), loaded.warning_count());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match &loaded.plan {
        Some(plan) if e == 0 => format!(
            "plan ok: {} {}, {}, {}, {}, {}, {}\n",
            plan.title,
            plan.year.value,
            plural(plan.areas.len(), "area"),
            plural(plan.goals.len(), "goal"),
            plural(plan.activities.len(), "activity").replace("activitys", "activities"),
            plural(plan.targets.len(), "indicator target"),
            plural(w, "warning"),
        ),
        _ => format!("{}, {}\n", plural(e, "error"), plural(w, "warning")),
    }
}

/// `plan check --format json`. The fields are in the order the document has always had them
/// in (alphabetical), here and in [`DiagnosticJson`].
#[derive(Serialize)]
struct CheckJson<'a> {
    diagnostics: Vec<DiagnosticJson<'a>>,
    errors: usize,
    plan: &'a str,
    unreadable: bool,
    warnings: usize,
}

/// One diagnostic, its place `null` where it has none.
#[derive(Serialize)]
struct DiagnosticJson<'a> {
    code: &'static str,
    column: Option<usize>,
    file: Option<&'a str>,
    hint: Option<&'a str>,
    line: Option<usize>,
    message: &'a str,
    severity: &'static str,
}

pub fn render_json(loaded: &LoadedPlan) -> Result<String, CliError> {
    let diagnostics = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let (file, line, column) = match &d.loc {
                Some(loc) => {
                    let (f, l, c) = loaded.sources.place(loc);
                    (Some(f), Some(l), Some(c))
                }
                None => (None, None, None),
            };
            DiagnosticJson {
                code: d.code,
                column,
                file,
                hint: d.hint.as_deref(),
                line,
                message: &d.message,
                severity: d.severity.as_str(),
            }
        })
        .collect();
    json_text(&CheckJson {
        diagnostics,
        errors: loaded.error_count(),
        plan: &loaded.sources.get(utblick_core::FileId(0)).name,
        unreadable: loaded.unreadable,
        warnings: loaded.warning_count(),
    })
}
