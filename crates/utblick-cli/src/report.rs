//! `utblick report`: the follow-up report from the store into a folder.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use utblick_core::{Date, Gender, Lang, LoadedPlan};
use utblick_report::{Report, ReportInput, Sink, build};
use utblick_store::Store;

use crate::args::{ReportArgs, ReportOptions};
use crate::console::Console;
use crate::dates::{AsOf, date_of};
use crate::error::CliError;
use crate::ingest::load_checked_plan;

/// The report folder: `--out`, or `reports/<plan year>/`.
pub fn out_dir(opts: &ReportOptions, loaded: &LoadedPlan) -> PathBuf {
    opts.out.clone().unwrap_or_else(|| {
        PathBuf::from("reports").join(loaded.plan.as_ref().map_or(0, |p| p.year.value).to_string())
    })
}

/// The current values the analysis of `plan` needs, read from the store straight into the
/// analysis's typed columns (no string is kept per value); `each` sees every value too.
///
/// On two threads: this one steps through the store's rows, the other pushes them into the
/// values as they come (at national scale each is about a second of work per 4.67 M values).
/// A series' texts are passed once, when it begins; its values follow in the store's order.
pub fn gather_values<'a>(
    store: &Store,
    loaded: &'a LoadedPlan,
    plan: &'a utblick_core::Plan,
    as_of: Date,
    registry: &utblick_core::Registry,
    mut each: impl FnMut(&utblick_store::CurrentValue<'_>),
) -> Result<utblick_analysis::Values<'a>, CliError> {
    /// A batch of what is read, in order.
    enum Read {
        Series { id: i64, indicator: String, actor: String, gender: Option<Gender>, cell: String },
        Value { period: utblick_core::Period, value: utblick_core::ObsValue },
    }
    const BATCH: usize = 8192;
    let needed = utblick_analysis::series_needed(plan, &loaded.catalogue);
    let mut values = utblick_analysis::Values::new(plan, &loaded.catalogue, &loaded.actors, as_of);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Read>>(8);
    let (values, read) = std::thread::scope(|scope| {
        let pushing = scope.spawn(move || {
            let mut series = None;
            for batch in rx {
                for read in batch {
                    match read {
                        Read::Series { id, indicator, actor, gender, cell } => {
                            series = Some((id, indicator, actor, gender, cell));
                        }
                        Read::Value { period, value } => {
                            let Some((id, ind, actor, gender, cell)) = &series else { continue };
                            values.push_in_series(*id, ind, actor, *gender, cell, period, value);
                        }
                    }
                }
            }
            values
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut at = None;
        let read = store.for_each_current_totals_and(&needed, |v| -> Result<(), CliError> {
            if at != Some(v.series) {
                at = Some(v.series);
                batch.push(Read::Series {
                    id: v.series,
                    indicator: v.indicator.to_string(),
                    actor: v.actor.to_string(),
                    gender: v.gender,
                    cell: v.breakdown.to_string(),
                });
            }
            batch.push(Read::Value { period: v.period, value: v.value });
            if batch.len() >= BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                // The other end goes only if that thread panicked: joined below.
                let _ = tx.send(full);
            }
            each(&v);
            Ok(())
        });
        if !batch.is_empty() {
            let _ = tx.send(batch);
        }
        drop(tx);
        (pushing.join(), read)
    });
    read?;
    // A panic there is a bug of this program: it goes on as one.
    let mut values = values.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    values.push_registry(registry);
    Ok(values)
}

/// Builds the report as of `as_of` from the store's current values and writes its files under
/// `out`. The report crate says nothing while it works: a spinner turns meanwhile.
pub fn write_report(
    store: &Store,
    loaded: &LoadedPlan,
    opts: &ReportOptions,
    out: &Path,
    as_of: Date,
    con: &Console,
) -> Result<Report, CliError> {
    let lang: Lang = opts.lang.into();
    let n = loaded.plan.as_ref().map_or(0, |p| p.targets.len());
    let spinner = con.spinner(match lang {
        Lang::Sv => format!("rapporten: läser värdena för {n} indikatorer"),
        Lang::En => format!("the report: reading the values for {n} indicators"),
    });
    let report = build_and_write(store, loaded, opts, out, as_of, &spinner);
    spinner.finish_and_clear();
    report
}

fn build_and_write(
    store: &Store,
    loaded: &LoadedPlan,
    opts: &ReportOptions,
    out: &Path,
    as_of: Date,
    spinner: &indicatif::ProgressBar,
) -> Result<Report, CliError> {
    let Some(plan) = loaded.plan.as_ref() else { return Err(CliError::PlanNotRead) };
    let lang: Lang = opts.lang.into();
    let n = plan.targets.len();
    // Per indicator, the latest submission behind its values says when its figures last
    // changed.
    let mut latest: Vec<(String, i64)> = Vec::new();
    let mut place: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // The series being read (the store's number), and its indicator's place in `latest`
    // (`None` for one counted from the registry): worked out once per series.
    let mut at: Option<(i64, Option<usize>)> = None;
    // The registry as it stood on the report's day: a report shows nothing after its date.
    let registry = crate::registry::effective_registry(store, plan)?.as_of(as_of);
    // Values once stored for an indicator now counted from the registry are not its figures,
    // so they do not date it either.
    let counted = |id: &str| {
        loaded
            .catalogue
            .get(id)
            .is_some_and(|i| matches!(i.origin, utblick_core::Origin::Registry(_)))
    };
    let values = gather_values(store, loaded, plan, as_of, &registry, |v| {
        let slot = match at {
            Some((series, slot)) if series == v.series => slot,
            _ => {
                let slot = (!counted(v.indicator)).then(|| {
                    *place.entry(v.indicator.to_string()).or_insert_with(|| {
                        latest.push((v.indicator.to_string(), v.submission));
                        latest.len() - 1
                    })
                });
                at = Some((v.series, slot));
                slot
            }
        };
        if let Some(i) = slot {
            latest[i].1 = latest[i].1.max(v.submission);
        }
    })?;
    // `received_at` is RFC 3339, written by ingest; the day is what the report shows.
    let received: std::collections::HashMap<i64, String> =
        store.submissions()?.into_iter().map(|s| (s.id, s.received_at)).collect();
    // A registry indicator's figures last changed with the latest update to an entry of the
    // kind it counts (the registry files themselves carry no date).
    let updates = store.registry_updates()?;
    for ind in loaded.catalogue.indicators() {
        let utblick_core::Origin::Registry(measure) = ind.origin else { continue };
        let sub = updates
            .iter()
            .filter(|u| {
                registry.owner(&u.entry).is_some_and(|(kind, _)| kind == measure.entries_of())
            })
            .map(|u| u.submission_id)
            .max();
        if let Some(sub) = sub {
            latest.push((ind.id.clone(), sub));
        }
    }
    let updated = latest
        .into_iter()
        .filter_map(|(ind, sub)| {
            let at = received.get(&sub)?;
            let day = chrono::DateTime::parse_from_rfc3339(at).ok()?.date_naive();
            Some((ind, date_of(day)))
        })
        .collect();
    let awaiting = store
        .pending()?
        .into_iter()
        .map(|p| utblick_report::Awaiting { key: p.key, value: p.value, current: p.current })
        .collect();
    spinner.set_message(match lang {
        Lang::Sv => format!("rapporten: analyserar och ritar {n} indikatorer"),
        Lang::En => format!("the report: analysing and drawing {n} indicators"),
    });
    let input = ReportInput {
        plan,
        catalogue: &loaded.catalogue,
        actors: &loaded.actors,
        as_of,
        lang,
        png: opts.png,
        pdf: opts.pdf,
        site: opts.site,
        awaiting,
        updated,
        registry: &registry,
    };
    let folder = Folder { out, made: Default::default() };
    // Files are written as they are made: a failure part way leaves the folder incomplete.
    let report = build(input, values, &folder).map_err(|source| {
        if folder.made.lock().map_or(true, |m| m.is_empty()) {
            CliError::Report(source)
        } else {
            CliError::ReportIncomplete { out: out.to_path_buf(), source }
        }
    })?;
    Ok(report)
}

/// The report's folder as its [`Sink`]: each file written as soon as the report crate makes
/// it, its folder made the first time it is needed.
struct Folder<'a> {
    out: &'a Path,
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Folder<'_> {
    /// Where `rel` goes: under the report folder, or an error. Paths are made by the report
    /// crate from sanitised ids; anything else is refused.
    fn path(&self, rel: &str) -> std::io::Result<PathBuf> {
        let r = Path::new(rel);
        if r.is_absolute() || r.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "refusing to write outside the report folder",
            ));
        }
        let path = self.out.join(r);
        if let Some(parent) = path.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(parent) {
                std::fs::create_dir_all(parent).map_err(|e| at(parent, e))?;
                made.insert(parent.to_path_buf());
            }
        }
        Ok(path)
    }
}

/// `e` with the path it happened at, for the message.
fn at(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

impl Sink for Folder<'_> {
    fn file(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(rel)?;
        std::fs::write(&path, bytes).map_err(|e| at(&path, e))
    }

    fn open(&self, rel: &str) -> std::io::Result<Box<dyn std::io::Write + Send + '_>> {
        let path = self.path(rel)?;
        let file = std::fs::File::create(&path).map_err(|e| at(&path, e))?;
        Ok(Box::new(std::io::BufWriter::with_capacity(1 << 20, file)))
    }
}

/// Per area, how many indicators are in each status.
pub fn status_lines(report: &Report, lang: Lang) -> String {
    let mut s = String::new();
    for area in &report.areas {
        let parts: Vec<String> = area
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(st, n)| format!("{n} {}", utblick_report::status_word(*st, lang)))
            .collect();
        s.push_str(&format!("  {}: {}\n", area.name, parts.join(", ")));
    }
    s
}

/// `--quiet` leaves out everything it prints: where the report went and the status per area.
pub fn run(args: &ReportArgs, con: &Console) -> Result<ExitCode, CliError> {
    let as_of = AsOf::resolve(args.report.as_of);
    let loaded = load_checked_plan(&args.plan)?;
    let store = Store::open(&args.store.store)?;
    let out = out_dir(&args.report, &loaded);
    let report = write_report(&store, &loaded, &args.report, &out, as_of.day(), con)?;
    if con.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    let lang: Lang = args.report.lang.into();
    let mut text = format!(
        "{} {} ({} {})\n",
        lang.pick("rapporten skrevs till", "the report was written to"),
        out.join("index.html").display(),
        report.files,
        lang.pick("filer", "files")
    );
    text.push_str(&status_lines(&report, lang));
    crate::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
