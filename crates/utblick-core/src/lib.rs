//! utblick-core: the domain of a region's yearly action plan and its indicators.
//!
//! The plan (areas, goals, activities, indicator targets), the indicator catalogue, the actors,
//! periods, and the checks on them. It does no IO: the caller hands in file texts, and gets back
//! the model and a list of [`Diagnostic`]s with their places.

#![warn(missing_docs)]

mod actor;
mod check;
mod diag;
mod diff;
mod indicator;
mod load;
mod load_registry;
mod number;
mod observation;
mod period;
mod plan;
mod registry;
mod rollover;
mod text;
mod toml_read;

pub use actor::{Actor, ActorKind, Actors};
pub use check::check;
pub use diag::{
    Diagnostic, FileId, Loc, Located, Severity, SourceFile, SourceMap, did_you_mean,
    sort_diagnostics,
};
pub use diff::{Change, ChangeKind, FieldChange, diff_plans, render_diff};
pub use indicator::{
    Aggregation, Cadence, Catalogue, Dimension, Direction, Formula, FormulaOp, GenderSplit,
    Indicator, MAX_BREAKDOWN_CELLS, Origin, RESERVED_COLUMNS, ValidRange, breakdown_cells,
    breakdown_key,
};
pub use load::{parse_actors, parse_catalogue, parse_plan};
pub use load_registry::{REGISTRY_TABLES, parse_registry};
pub use number::{format_number, plain_number, plain_number_into};
pub use observation::{Gender, Lang, MissingMarker, ObsKey, ObsValue, Observation};
pub use period::{Date, Period, PeriodError, PeriodType};
pub use plan::{
    Activity, ActivityStatus, ActorTarget, Area, Goal, IndicatorTarget, Plan, PointValue,
    Reference, StatusMethod, Thresholds, Tool, in_lang, standard_tools,
};
pub use registry::{
    Consultation, Derived, EntryKind, Measure, Meetings, Money, Network, OwedUpdate, PROGRAMMES,
    Partner, Platform, Position, Programme, Project, ProjectRole, ProjectStatus, Registry,
    TwinTown, UPDATE_FIELDS, Update, UpdateField, country_name, is_country_code, programme,
    update_field,
};
pub use rollover::{PlanPaths, Rollover, RolloverError, roll_over};
pub use text::{REPLACEMENT, clean, is_hidden, printable, spreadsheet_safe};

/// A plan with the catalogue and actors it refers to, and every diagnostic found on the way.
#[derive(Debug)]
pub struct LoadedPlan {
    /// The plan, catalogue and actor files read, for placing the diagnostics.
    pub sources: SourceMap,
    /// `None` when the plan file itself could not be read into a plan.
    pub plan: Option<Plan>,
    /// The indicator catalogue the plan names; empty when it could not be read.
    pub catalogue: Catalogue,
    /// The actors of the actor file the plan names; none when it could not be read.
    pub actors: Actors,
    /// Sorted by place.
    pub diagnostics: Vec<Diagnostic>,
    /// A file the plan refers to could not be read at all.
    pub unreadable: bool,
}

impl LoadedPlan {
    /// How many diagnostics are errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// How many diagnostics are warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
}

/// A file the plan refers to, as the caller found it.
pub struct Fetched {
    /// The path as the user should see it in messages.
    pub display_name: String,
    /// The file's whole text.
    pub text: String,
}

/// Loads and checks a plan. `fetch` is given a path exactly as written in the plan (relative to
/// the plan file) and returns the file, or a message saying why it cannot be read.
pub fn load_plan(
    plan_file: SourceFile,
    fetch: &mut dyn FnMut(&str) -> Result<Fetched, String>,
) -> LoadedPlan {
    let mut sources = SourceMap::default();
    let mut diags = Vec::new();
    let plan_id = sources.add(plan_file);
    let plan = parse_plan(plan_id, &sources.get(plan_id).text.clone(), &mut diags);
    let mut loaded = LoadedPlan {
        sources,
        plan: None,
        catalogue: Catalogue::default(),
        actors: Actors::default(),
        diagnostics: Vec::new(),
        unreadable: false,
    };
    if let Some(plan) = plan {
        let mut read = |path: &Located<String>, what: &str, diags: &mut Vec<Diagnostic>| {
            if let Some(problem) = path_problem(&path.value) {
                diags.push(
                    Diagnostic::error("bad-path", path.loc.clone(), format!("the {what} path `{}` {problem}", path.value))
                        .with_hint("write a relative path to a .toml file, e.g. \"../indicators/catalogue.toml\""),
                );
                return None;
            }
            match fetch(&path.value) {
                Ok(f) => Some(loaded.sources.add(SourceFile::new(f.display_name, f.text))),
                Err(why) => {
                    loaded.unreadable = true;
                    diags.push(
                        Diagnostic::error(
                            "unreadable-file",
                            path.loc.clone(),
                            format!("cannot read the {what} `{}`: {why}", path.value),
                        )
                        .with_hint(
                            "the path is relative to the plan file; check that the file exists",
                        ),
                    );
                    None
                }
            }
        };
        let cat_id = read(&plan.catalogue_path, "catalogue", &mut diags);
        let act_id = read(&plan.actors_path, "actor file", &mut diags);
        let registry_ids: Vec<FileId> = plan
            .registry_files
            .iter()
            .filter_map(|path| read(path, "registry file", &mut diags))
            .collect();
        if let Some(id) = act_id {
            loaded.actors = parse_actors(id, &loaded.sources.get(id).text, &mut diags);
        }
        if let Some(id) = cat_id {
            loaded.catalogue = parse_catalogue(id, &loaded.sources.get(id).text, &mut diags);
        }
        let mut plan = plan;
        for id in registry_ids {
            parse_registry(id, &loaded.sources.get(id).text, &mut diags, &mut plan.registry);
        }
        // Reference checks are only meaningful once both files are there.
        if cat_id.is_some() && act_id.is_some() {
            diags.extend(check(&plan, &loaded.catalogue, &loaded.actors));
        }
        loaded.plan = Some(plan);
    }
    sort_diagnostics(&mut diags);
    loaded.diagnostics = diags;
    loaded
}

/// Why a path written in a plan is not acceptable, if it is not.
fn path_problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        Some("is empty")
    } else if path.starts_with('/') || path.starts_with('\\') || path.get(1..2) == Some(":") {
        Some("is absolute; a plan must stay valid when the repository moves")
    } else if path.contains('\0') {
        Some("contains a NUL character")
    } else if !path.ends_with(".toml") {
        Some("does not name a .toml file")
    } else {
        None
    }
}
