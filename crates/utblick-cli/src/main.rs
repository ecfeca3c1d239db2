//! `utblick`: the command line of the action-plan engine.

mod args;
mod files;
mod followup;
mod history;
mod ingest;
mod kolada;
mod kolada_fetch;
mod lock;
mod missing;
mod plan_check;
mod plan_diff;
mod plan_new;
mod report;
mod template;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = args::parse();
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("utblick: {}", utblick_core::clean(&err));
            ExitCode::from(2)
        }
    }
}

/// Writes text for people to standard output, with every hidden character made visible
/// (`utblick_core::clean`): a name from a plan or a file must not act on the terminal.
pub fn print(text: &str) -> Result<(), String> {
    use std::io::Write;
    std::io::stdout()
        .write_all(utblick_core::clean(text).as_bytes())
        .map_err(|e| format!("cannot write to standard output: {e}"))
}

/// `utblick plan render`: the plan as one HTML document.
fn plan_render(args: &args::RenderArgs) -> Result<ExitCode, String> {
    use std::io::Write;
    let loaded = ingest::load_checked_plan(&args.plan)?;
    let plan = loaded.plan.as_ref().ok_or("the plan could not be read")?;
    let html =
        utblick_report::render_plan(plan, &loaded.catalogue, &loaded.actors, args.lang.into());
    match &args.out {
        Some(path) => std::fs::write(path, html)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => std::io::stdout().write_all(html.as_bytes()).map_err(|e| e.to_string())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Exit codes: 0 success, 1 the input had problems, 2 usage or IO failure.
fn run(args: args::Args) -> Result<ExitCode, String> {
    match args.command {
        args::Command::Plan { command } => match command {
            args::PlanCommand::Check(check) => plan_check::run(&check),
            args::PlanCommand::Diff(d) => plan_diff::run(&d),
            args::PlanCommand::Render(r) => plan_render(&r),
            args::PlanCommand::New(n) => plan_new::run(&n),
        },
        args::Command::Ingest(a) => ingest::run(&a),
        args::Command::History(a) => history::run(&a),
        args::Command::Report(a) => report::run(&a),
        args::Command::Followup(a) => followup::run(&a),
        args::Command::Missing(a) => missing::run(&a),
        args::Command::Template(a) => template::run(&a),
        args::Command::Kolada { command } => match command {
            args::KoladaCommand::Fetch(a) => kolada::fetch(&a),
            args::KoladaCommand::Import(a) => kolada::import(&a),
        },
        args::Command::Lock(a) => lock::lock(&a),
        args::Command::Unlock(a) => lock::unlock(&a),
        args::Command::Approve(a) => lock::approve(&a),
    }
}
