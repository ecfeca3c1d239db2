//! Command-line arguments, parsed into a checked configuration.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use utblick_core::Period;

#[derive(Debug, Parser)]
#[command(
    name = "utblick",
    version,
    about = "The yearly action plan of a region and the follow-up of its indicators"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
    /// No progress, and no lines that only say the run went as asked.
    ///
    /// Left out: progress, and lines such as the totals, `rapport: …`, the status per area,
    /// `plan ok`, `… är låst`, `N mallar skrevs`. Still printed: errors; for ingest, kolada and
    /// followup, what makes the exit status non-zero (the receipts of files not taken whole,
    /// with their warnings; where rejected rows went; inbox entries passed over); and what a
    /// command exists to print (plan check's diagnostics, plan diff and render, history,
    /// missing, template, approve's list, every JSON document). Warnings of files that went in
    /// are left out: run without -q to see them. Progress is drawn on standard error, and only
    /// when it is a terminal.
    #[arg(short, long, global = true)]
    pub quiet: bool,
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
    /// Who has not reported what: per actor, the indicators and periods still missing.
    Missing(MissingArgs),
    /// The CSV file an actor fills in: one row per indicator, period due and gender.
    Template(TemplateArgs),
    /// Values from Kolada's open API: fetch them, or import saved pages.
    Kolada {
        #[command(subcommand)]
        command: KoladaCommand,
    },
    /// Lock a period the board has seen: later values for it wait for approval.
    Lock(LockArgs),
    /// Unlock a period (a reason is required); values sent later become current at once.
    Unlock(LockArgs),
    /// Make the values that wait for approval current (all of a period, or some).
    Approve(ApproveArgs),
    /// The project portfolio of the registry, with the actors' updates: list and filter it.
    Projects(ProjectsArgs),
    /// The portal's accounts: add, remove and list them.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, clap::Args)]
pub struct ProjectsArgs {
    pub plan: PathBuf,
    /// Only projects of these statuses (idea, advised, applied, granted, rejected, running,
    /// closed; Swedish words too); repeat or separate with commas.
    #[arg(long, value_delimiter = ',', value_parser = project_status)]
    pub status: Vec<utblick_core::ProjectStatus>,
    /// Only projects of this programme (its id, e.g. interreg-europe; see --programmes).
    #[arg(long, value_name = "ID")]
    pub programme: Option<String>,
    /// Only projects this actor is responsible for (its id).
    #[arg(long, value_name = "ID")]
    pub actor: Option<String>,
    /// Only projects applied for, decided or running in this year.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// List the programmes a project can name instead.
    #[arg(long)]
    pub programmes: bool,
    #[arg(long, value_enum, default_value_t = MissingFormat::Text)]
    pub format: MissingFormat,
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}

fn project_status(raw: &str) -> Result<utblick_core::ProjectStatus, String> {
    utblick_core::ProjectStatus::parse(raw).ok_or_else(|| {
        let all: Vec<&str> = utblick_core::ProjectStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!("not a project status; write one of {}", all.join(", "))
    })
}

#[derive(Debug, Subcommand)]
pub enum KoladaCommand {
    /// Fetch the plan's Kolada indicators for its actors and references, save the pages and
    /// store their values.
    Fetch(KoladaFetchArgs),
    /// Store the values of saved pages of Kolada's API (offline).
    Import(KoladaImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct KoladaImportArgs {
    pub plan: PathBuf,
    /// Data pages (`.json`), or folders of them (`data*.json`).
    #[arg(required = true)]
    pub pages: Vec<PathBuf>,
    #[command(flatten)]
    pub common: KoladaCommon,
}

#[derive(Debug, clap::Args)]
pub struct KoladaFetchArgs {
    pub plan: PathBuf,
    /// Where the fetched pages are saved (the same folder `followup` imports from).
    #[arg(long, value_name = "DIR", default_value = "indicators/kolada")]
    pub out: PathBuf,
    /// Kolada's API.
    #[arg(long, value_name = "URL", default_value = "https://api.kolada.se/v3")]
    pub base_url: String,
    /// Seconds to wait for one answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
    #[command(flatten)]
    pub common: KoladaCommon,
}

/// What `kolada fetch` and `kolada import` share with `ingest`.
#[derive(Debug, clap::Args)]
pub struct KoladaCommon {
    #[command(flatten)]
    pub store: StoreArg,
    /// Check and report, write nothing to the store.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
    /// The date the values count as received (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    #[command(flatten)]
    pub load: LoadArgs,
}

#[derive(Debug, clap::Args)]
pub struct LockArgs {
    pub plan: PathBuf,
    /// The period: a year (2025) covers its quarters and months.
    #[arg(long, value_parser = period)]
    pub period: Period,
    /// Why, for the history: e.g. "the board saw the follow-up on 2026-01-30".
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub who: WhoArg,
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}

#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    pub plan: PathBuf,
    /// Values of this period (a year covers its quarters and months).
    #[arg(long, value_parser = period)]
    pub period: Period,
    /// Only this indicator.
    #[arg(long)]
    pub indicator: Option<String>,
    /// Only this actor (id or Kolada code).
    #[arg(long)]
    pub actor: Option<String>,
    /// Why, for the history.
    #[arg(long, default_value = "")]
    pub reason: String,
    #[command(flatten)]
    pub who: WhoArg,
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}

/// Who does it, for the history.
#[derive(Debug, clap::Args)]
pub struct WhoArg {
    /// Who does it, for the history and the audit log (default: $UTBLICK_USER, else $USER).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    pub plan: PathBuf,
    /// The actor the template is for.
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    pub actor: Option<String>,
    /// One template per actor that reports anything, written into the folder --out.
    #[arg(long, requires = "out")]
    pub all: bool,
    /// The registry update template instead: a row per field of each of the actor's own
    /// registry entries, for the plan's year (or --period's), with its current value; sent
    /// back through `utblick ingest` (with --all: `<actor>-register.csv` for each actor that
    /// has entries).
    #[arg(long)]
    pub registry: bool,
    /// The period to report (default: the latest period that has ended); with --registry,
    /// the year to update (default: the plan's year).
    #[arg(long, value_parser = period)]
    pub period: Option<Period>,
    /// The file (or, with --all, the folder) to write; default standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Dialect::Excel)]
    pub dialect: Dialect,
    #[command(flatten)]
    pub store: StoreArg,
    /// The date that decides the latest period (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Dialect {
    /// Swedish Excel: `;`, UTF-8 with BOM, CRLF, decimal comma; opens right by double-click.
    Excel,
    /// Plain CSV: `,`, UTF-8, LF, decimal point.
    Comma,
}

#[derive(Debug, clap::Args)]
pub struct MissingArgs {
    pub plan: PathBuf,
    /// Only this period (e.g. 2024).
    #[arg(long, value_parser = period)]
    pub period: Option<Period>,
    #[arg(long, value_enum, default_value_t = MissingFormat::Text)]
    pub format: MissingFormat,
    #[command(flatten)]
    pub store: StoreArg,
    /// The date that decides which periods are due (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MissingFormat {
    Text,
    Csv,
    Json,
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
    /// Also write report.pdf (A4, typeset without a browser).
    #[arg(long)]
    pub pdf: bool,
    /// Write a small site (index, a page per area and per indicator) instead of one page;
    /// automatic for a plan with more than 60 indicator targets.
    #[arg(long)]
    pub site: bool,
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
    /// Saved pages of Kolada's API (`data*.json`), imported before the inbox when the folder
    /// exists (`utblick kolada fetch` writes them there).
    #[arg(long, value_name = "DIR", default_value = "indicators/kolada")]
    pub kolada: PathBuf,
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub report: ReportOptions,
}

/// How an ingest treats the files and the store.
#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// How long to wait for another process writing to the store, in seconds, before a file
    /// is given up (its receipt says so; the other files go on).
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub lock_timeout: u64,
    /// The largest file read, in MB; a larger one is rejected whole, unread.
    #[arg(
        long,
        value_name = "MB",
        default_value_t = utblick_ingest::MAX_FILE_SIZE >> 20,
        value_parser = clap::value_parser!(u64).range(1..=1 << 20)
    )]
    pub max_file_size: u64,
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
    /// `rejected/<sender>-<name>.rejected.csv` beside the store. Never an input, never an inbox.
    #[arg(long, value_name = "PATH")]
    pub rejects: Option<PathBuf>,
    #[command(flatten)]
    pub load: LoadArgs,
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
    #[arg(value_parser = period)]
    pub period: Option<Period>,
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
    /// What changed between two plans.
    Diff(DiffArgs),
    /// The plan as one HTML document for adoption by the board.
    Render(RenderArgs),
    /// Next year's plan from this one: baselines moved to the latest observed values.
    New(NewArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// This year's plan.
    #[arg(long)]
    pub from: PathBuf,
    /// The new plan year.
    #[arg(long)]
    pub year: i32,
    /// Where to write it (default: <year>.toml beside the old plan); never overwritten.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArg,
    /// The date the observed values are taken as of (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    pub plan: PathBuf,
    /// Where to write it (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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

/// A period in any spelling core accepts (`2023`, `2023Q1`, `2023K1`, `2023M01`, `2023-01`,
/// `2022/23`, `2019-2022`); the message of a wrong one names them. Clap puts it after
/// "invalid value '…' for '--period <PERIOD>': " and exits with status 2.
fn period(raw: &str) -> Result<Period, String> {
    raw.parse::<Period>().map_err(|e| e.to_string())
}

/// Parses the process arguments; wrong arguments exit with status 2 (clap's usage error).
pub fn parse() -> Args {
    Args::parse()
}

#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add an account: a reporter of one actor, a coordinator or a reader. The password is
    /// read from standard input with --password-stdin; without it a one-time link to set it
    /// is printed (valid for 7 days).
    Add(UserAddArgs),
    /// Remove an account.
    Remove(UserRemoveArgs),
    /// List the accounts (never a password or a link).
    List(UserListArgs),
}

/// What an account may do in the portal.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum RoleArg {
    /// Sends one actor's values, and sees only that actor's.
    Reporter,
    /// A planner: every actor, every receipt, locks, approvals and publishing.
    Coordinator,
    /// A member of the board: the published reports.
    Reader,
}

#[derive(Debug, clap::Args)]
pub struct UserAddArgs {
    /// The name to log in with: 1 to 64 of a-z, 0-9, `.`, `_`, `-` and `@`.
    #[arg(long)]
    pub login: String,
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The actor a reporter reports for (required for a reporter, refused for the others),
    /// one of --plan's actors.
    #[arg(long, requires = "plan")]
    pub actor: Option<String>,
    /// The plan whose actor file --actor is in.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<PathBuf>,
    /// Read the password from standard input (its first line; 12 to 1,024 characters).
    #[arg(long)]
    pub password_stdin: bool,
    /// The portal's address, for the set-password link.
    #[arg(long, env = "UTBLICK_URL", default_value = "http://127.0.0.1:8080")]
    pub url: String,
    #[command(flatten)]
    pub who: WhoArg,
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}

#[derive(Debug, clap::Args)]
pub struct UserRemoveArgs {
    #[arg(long)]
    pub login: String,
    #[command(flatten)]
    pub who: WhoArg,
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}

#[derive(Debug, clap::Args)]
pub struct UserListArgs {
    #[arg(long, value_enum, default_value_t = MissingFormat::Text)]
    pub format: MissingFormat,
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    pub lang: LangArg,
}
