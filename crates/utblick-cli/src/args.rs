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
