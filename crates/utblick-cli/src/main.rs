//! `utblick`: the command line of the action-plan engine.

// Standard output is written through `write_stdout`, which ends quietly on a closed pipe.
#![warn(clippy::print_stdout)]

mod args;
mod console;
mod dates;
mod error;
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
mod projects;
mod registry;
mod report;
mod template;
mod user;

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::CliError;

/// Set when the reader of standard output closed it early. The write that finds it closed
/// returns an `Err` that cuts the run short as any other; `main` then ends with status 0 and
/// says nothing.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    let args = args::parse();
    let result = run(args);
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        // The reader has what it wanted (`utblick … | head`): as for a Unix tool that dies of
        // SIGPIPE, or ripgrep, that is no failure to tell about. The run has unwound by now,
        // so its store is closed and its temporary folders are removed.
        return ExitCode::SUCCESS;
    }
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("utblick: {}", utblick_core::clean(&err.to_string()));
            ExitCode::from(2)
        }
    }
}

/// Writes text for people to standard output, with every hidden character made visible
/// (`utblick_core::clean`): a name from a plan or a file must not act on the terminal.
pub fn print(text: &str) -> Result<(), CliError> {
    write_stdout(utblick_core::clean(text).as_bytes())
}

/// Writes bytes to standard output as they are (a document or a CSV file, not text for the
/// terminal). Every write to standard output goes through here, never `println!` (which
/// panics when the pipe is closed): a closed pipe sets `STDOUT_CLOSED`.
pub fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Err(CliError::StdoutClosed(e))
        }
        Err(e) => Err(CliError::Stdout(e)),
    }
}

/// `utblick plan render`: the plan as one HTML document.
fn plan_render(args: &args::RenderArgs) -> Result<ExitCode, CliError> {
    let loaded = ingest::load_checked_plan(&args.plan)?;
    let plan = loaded.plan.as_ref().ok_or(CliError::PlanNotRead)?;
    let html =
        utblick_report::render_plan(plan, &loaded.catalogue, &loaded.actors, args.lang.into());
    match &args.out {
        Some(path) => std::fs::write(path, html)
            .map_err(|source| CliError::Write { path: path.clone(), source })?,
        None => write_stdout(html.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Exit codes: 0 success, 1 the input had problems, 2 usage or IO failure.
fn run(args: args::Args) -> Result<ExitCode, CliError> {
    let con = console::Console::new(args.quiet);
    match args.command {
        args::Command::Plan { command } => match command {
            args::PlanCommand::Check(check) => plan_check::run(&check, &con),
            args::PlanCommand::Diff(d) => plan_diff::run(&d),
            args::PlanCommand::Render(r) => plan_render(&r),
            args::PlanCommand::New(n) => plan_new::run(&n, &con),
        },
        args::Command::Ingest(a) => ingest::run(&a, &con),
        args::Command::History(a) => history::run(&a),
        args::Command::Report(a) => report::run(&a, &con),
        args::Command::Followup(a) => followup::run(&a, &con),
        args::Command::Missing(a) => missing::run(&a),
        args::Command::Template(a) => template::run(&a, &con),
        args::Command::Kolada { command } => match command {
            args::KoladaCommand::Fetch(a) => kolada::fetch(&a, &con),
            args::KoladaCommand::Import(a) => kolada::import(&a, &con),
        },
        args::Command::Lock(a) => lock::lock(&a, &con),
        args::Command::Unlock(a) => lock::unlock(&a, &con),
        args::Command::Approve(a) => lock::approve(&a),
        args::Command::Projects(a) => projects::run(&a),
        args::Command::User { command } => match command {
            args::UserCommand::Add(a) => user::add(&a, &con),
            args::UserCommand::Remove(a) => user::remove(&a, &con),
            args::UserCommand::List(a) => user::list(&a),
        },
    }
}
