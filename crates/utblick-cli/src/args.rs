//! Command-line arguments, parsed into a checked configuration.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "utblick",
    version,
    about = "The yearly action plan of a region and the follow-up of its indicators"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work with plan files.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// Store actor-reported CSV files; every row is stored, unchanged or rejected with a reason.
    Ingest(IngestArgs),
    /// Show every stored value of an indicator for an actor, oldest first.
    History(HistoryArgs),
    /// Write the follow-up report: status against target, charts, the board document.
    Report(ReportArgs),
    /// The yearly main job: ingest what is new in the inbox, then write the report.
    Followup(FollowupArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReportOptions {
    /// Where the report goes (default: reports/<plan year>/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
    /// The date the report is made as of (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Also write every chart as PNG.
    #[arg(long)]
    pub png: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    pub plan: PathBuf,
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub report: ReportOptions,
}

#[derive(Debug, clap::Args)]
pub struct FollowupArgs {
    pub plan: PathBuf,
    /// The inbox: <inbox>/<actor-id>/*.csv.
    #[arg(long, value_name = "DIR", default_value = "indicators/reported")]
    pub inbox: PathBuf,
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub report: ReportOptions,
}

#[derive(Debug, clap::Args)]
pub struct StoreArg {
    /// The SQLite store; created on first use.
    #[arg(long, env = "UTBLICK_STORE", default_value = "utblick.sqlite")]
    pub store: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// The plan whose catalogue and actors the values are checked against.
    pub plan: PathBuf,
    /// CSV files, or inbox folders laid out as <inbox>/<actor-id>/*.csv.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The actor who sends the files (default: the inbox folder name).
    #[arg(long = "as", value_name = "ACTOR")]
    pub submitter: Option<String>,
    #[command(flatten)]
    pub store: StoreArg,
    /// Check and report, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Any error rejects the whole file.
    #[arg(long)]
    pub strict: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Where to write the rejected rows (a file for one input, else a folder); by default
    /// `<name>.rejected.csv` next to each input.
    #[arg(long, value_name = "PATH")]
    pub rejects: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
    /// The date the files count as received (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    pub indicator: String,
    /// Actor id or Kolada code.
    pub actor: String,
    /// Only this period.
    pub period: Option<String>,
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Sv,
    En,
}

impl From<LangArg> for utblick_core::Lang {
    fn from(l: LangArg) -> utblick_core::Lang {
        match l {
            LangArg::Sv => utblick_core::Lang::Sv,
            LangArg::En => utblick_core::Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Check a plan with its catalogue and actors; report every problem at once.
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The plan file, e.g. plans/2023.toml.
    pub plan: PathBuf,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Parses the process arguments; wrong arguments exit with status 2 (clap's usage error).
pub fn parse() -> Args {
    Args::parse()
}
