//! `utblick`: the command line of the action-plan engine.

mod args;
mod followup;
mod history;
mod ingest;
mod plan_check;
mod report;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = args::parse();
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("utblick: {err}");
            ExitCode::from(2)
        }
    }
}

/// Exit codes: 0 success, 1 the input had problems, 2 usage or IO failure.
fn run(args: args::Args) -> Result<ExitCode, String> {
    match args.command {
        args::Command::Plan { command: args::PlanCommand::Check(check) } => plan_check::run(&check),
        args::Command::Ingest(a) => ingest::run(&a),
        args::Command::History(a) => history::run(&a),
        args::Command::Report(a) => report::run(&a),
        args::Command::Followup(a) => followup::run(&a),
    }
}
