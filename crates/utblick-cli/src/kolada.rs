//! `utblick kolada import` and `fetch`: values from Kolada's open API into the store.
//!
//! Statistics are pulled, not reported: the plan's Kolada indicators for its actors (by their
//! Kolada codes) and its reference geographies. Each data page is a submission of the source
//! `kolada`; a page that does not read, or names a KPI the catalogue does not take from Kolada,
//! stops the whole import before anything is stored.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use utblick_core::{Lang, LoadedPlan};
use utblick_ingest::{KoladaPage, Options, PageError, Receipt, Rules};
use utblick_store::Store;

use crate::args::{Format, KoladaCommon, KoladaFetchArgs, KoladaImportArgs};
use crate::console::Console;
use crate::dates::AsOf;
use crate::error::{CliError, json_text};
use crate::files::ReadError;
use crate::ingest::{
    RunResult, closing, exit_code, load_checked_plan, open_for_ingest, receipts_text, shown,
};

/// The largest data page read: Kolada's pages of 500 items are about 200 kB.
const PAGE_LIMIT: u64 = 64 << 20;

/// Files in page order: `data-page-2.json` before `data-page-10.json`.
fn page_order(paths: &mut [PathBuf]) {
    paths.sort_by_key(|p| {
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        (p.parent().map(Path::to_path_buf), name.len(), name)
    });
}

/// The data pages the arguments name: a file as it is, a folder's `data*.json` files.
pub fn page_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for arg in args {
        let meta = std::fs::metadata(arg)
            .map_err(|e| CliError::Read { path: arg.clone(), source: ReadError::Io(e) })?;
        if !meta.is_dir() {
            out.push(arg.clone());
            continue;
        }
        let mut pages: Vec<PathBuf> = std::fs::read_dir(arg)
            .map_err(|source| CliError::ReadFolder { path: arg.clone(), source })?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let name =
                    p.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
                name.starts_with("data") && name.ends_with(".json")
            })
            .collect();
        page_order(&mut pages);
        out.extend(pages);
    }
    Ok(out)
}

/// Reads every page and checks its KPIs against the catalogue; any problem stops all.
pub fn read_pages(
    files: &[PathBuf],
    loaded: &LoadedPlan,
    con: &Console,
    lang: Lang,
) -> Result<Vec<KoladaPage>, Vec<PageError>> {
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    let bar = con.count(
        files.len() as u64,
        lang.pick("kolada: läser sidor", "kolada: reading pages").into(),
    );
    for file in files {
        let name = file.to_string_lossy().replace('\\', "/");
        match crate::files::read_regular(file, PAGE_LIMIT) {
            Ok(bytes) => match utblick_ingest::read_page(&name, &bytes) {
                Ok(page) => pages.push(page),
                Err(e) => errors.push(e),
            },
            Err(why) => errors.push(PageError {
                file: name,
                line: 1,
                column: 1,
                message: format!("cannot read the page: {why}"),
                hint: "give a saved response of Kolada's API as a regular file".into(),
            }),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    errors.extend(utblick_ingest::unknown_kpis(&pages, &loaded.catalogue));
    if errors.is_empty() { Ok(pages) } else { Err(errors) }
}

/// Stores the pages, one submission each; a page the store does not take gets a receipt
/// saying so, and the others go on.
pub fn import_pages(
    store: &mut Store,
    loaded: &LoadedPlan,
    pages: &[KoladaPage],
    options: Options,
    as_of: &AsOf,
    con: &Console,
    lang: Lang,
) -> Result<RunResult, CliError> {
    let plan = loaded.plan.as_ref().ok_or(CliError::PlanNotRead)?;
    let actors = loaded.actors.with_references(&plan.references);
    let submitter = utblick_ingest::kolada_submitter();
    let rules = Rules {
        catalogue: &loaded.catalogue,
        actors: &actors,
        submitter: &submitter,
        registry: &plan.registry,
        submitted_on: as_of.day(),
    };
    let mut result = RunResult {
        receipts: Vec::new(),
        rejects: Vec::new(),
        skipped: Vec::new(),
        failures: Vec::new(),
    };
    let bar = con.count(
        pages.len() as u64,
        lang.pick("kolada: lagrar sidor", "kolada: storing pages").into(),
    );
    for page in pages {
        let imported =
            utblick_ingest::import_page(store, &rules, page, &as_of.received_at, options);
        let receipt = match imported {
            Ok(r) => r,
            Err(utblick_ingest::IngestError::Store(e)) => {
                Receipt::not_stored(&page.file, utblick_ingest::KOLADA, &e)
            }
            Err(e) => return Err(e.into()),
        };
        result.receipts.push(receipt);
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(result)
}

/// The errors of pages that stopped an import, and that nothing was stored.
pub fn render_page_errors(errors: &[PageError], lang: Lang) -> String {
    let mut s: String = errors.iter().map(PageError::render).collect();
    s.push_str(lang.pick(
        "inget lagrades: rätta eller hämta om sidorna och kör igen\n",
        "nothing was stored: correct or fetch the pages again and run again\n",
    ));
    s
}

/// `kolada import --format json`: each page's receipt as the ingest crate writes it.
#[derive(Serialize)]
struct PagesJson {
    pages: Vec<serde_json::Value>,
}

/// `--quiet` as for `ingest`: the receipts of pages not taken whole and no total; JSON whole.
fn print_run(result: &RunResult, format: Format, lang: Lang, quiet: bool) -> Result<(), CliError> {
    match format {
        Format::Text => {
            let mut out = receipts_text(&result.receipts, lang, quiet);
            out.push_str(&closing(result, lang, quiet));
            crate::print(&out)
        }
        Format::Json => {
            let pages = result.receipts.iter().map(|r| r.to_json(lang)).collect();
            crate::print(&json_text(&PagesJson { pages })?)
        }
    }
}

/// Imports pages into the store, as `kolada import` and `kolada fetch` do.
fn store_pages(
    loaded: &LoadedPlan,
    files: &[PathBuf],
    common: &KoladaCommon,
    as_of: &AsOf,
    con: &Console,
) -> Result<ExitCode, CliError> {
    let lang: Lang = common.lang.into();
    let pages = match read_pages(files, loaded, con, lang) {
        Ok(pages) => pages,
        Err(errors) => {
            crate::print(&render_page_errors(&errors, lang))?;
            return Ok(ExitCode::from(2));
        }
    };
    let (mut store, _scratch) =
        open_for_ingest(&common.load, &common.store.store, common.dry_run, con)?;
    let options = Options {
        dry_run: common.dry_run,
        strict: false,
        max_size: common.load.max_file_size << 20,
    };
    let result = import_pages(&mut store, loaded, &pages, options, as_of, con, lang)?;
    print_run(&result, common.format, lang, con.quiet)?;
    Ok(exit_code(&result))
}

pub fn import(args: &KoladaImportArgs, con: &Console) -> Result<ExitCode, CliError> {
    let as_of = AsOf::resolve(args.common.as_of);
    let loaded = load_checked_plan(&args.plan)?;
    let files = page_files(&args.pages)?;
    if files.is_empty() {
        return Err(CliError::message(format!(
            "no data pages (data*.json) in {}",
            args.pages.iter().map(|p| shown(p)).collect::<Vec<_>>().join(", ")
        )));
    }
    store_pages(&loaded, &files, &args.common, &as_of, con)
}

pub fn fetch(args: &KoladaFetchArgs, con: &Console) -> Result<ExitCode, CliError> {
    let loaded = load_checked_plan(&args.plan)?;
    let files = crate::kolada_fetch::fetch_pages(&loaded, args, con)?;
    // Resolved once the pages are here: without --as-of, they count as received when fetched.
    let as_of = AsOf::resolve(args.common.as_of);
    store_pages(&loaded, &files, &args.common, &as_of, con)
}
