//! `utblick kolada import` and `fetch`: values from Kolada's open API into the store.
//!
//! Statistics are pulled, not reported: the plan's Kolada indicators for its actors (by their
//! Kolada codes) and its reference geographies. Each data page is a submission of the source
//! `kolada`; a page that does not read, or names a KPI the catalogue does not take from Kolada,
//! stops the whole import before anything is stored.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use utblick_core::{Lang, LoadedPlan};
use utblick_ingest::{KoladaPage, Options, PageError, Receipt, Rules};
use utblick_store::Store;

use crate::args::{Format, KoladaCommon, KoladaFetchArgs, KoladaImportArgs};
use crate::ingest::{
    RunResult, closing, exit_code, load_checked_plan, open_for_ingest, received_at, shown, today,
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
pub fn page_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for arg in args {
        let meta =
            std::fs::metadata(arg).map_err(|e| format!("cannot read {}: {e}", arg.display()))?;
        if !meta.is_dir() {
            out.push(arg.clone());
            continue;
        }
        let mut pages: Vec<PathBuf> = std::fs::read_dir(arg)
            .map_err(|e| format!("cannot read the folder {}: {e}", arg.display()))?
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
) -> Result<Vec<KoladaPage>, Vec<PageError>> {
    let mut pages = Vec::new();
    let mut errors = Vec::new();
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
    }
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
    as_of: chrono::NaiveDate,
    received: &str,
) -> Result<RunResult, String> {
    let plan = loaded.plan.as_ref().ok_or("the plan could not be read")?;
    let actors = loaded.actors.with_references(&plan.references);
    let submitter = utblick_ingest::kolada_submitter();
    let rules = Rules {
        catalogue: &loaded.catalogue,
        actors: &actors,
        submitter: &submitter,
        submitted_on: crate::report::date_of(as_of),
    };
    let mut result = RunResult {
        receipts: Vec::new(),
        rejects: Vec::new(),
        skipped: Vec::new(),
        failures: Vec::new(),
    };
    for page in pages {
        let receipt = match utblick_ingest::import_page(store, &rules, page, received, options) {
            Ok(r) => r,
            Err(utblick_ingest::IngestError::Store(e)) => {
                Receipt::not_stored(&page.file, utblick_ingest::KOLADA, &e)
            }
            Err(e) => return Err(e.to_string()),
        };
        result.receipts.push(receipt);
    }
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

fn print_run(result: &RunResult, format: Format, lang: Lang) -> Result<(), String> {
    match format {
        Format::Text => {
            let mut out = utblick_ingest::render_receipts(&result.receipts, lang);
            out.push_str(&closing(result, lang));
            crate::print(&out)
        }
        Format::Json => {
            let doc = serde_json::json!({
                "pages": result.receipts.iter().map(|r| r.to_json(lang)).collect::<Vec<_>>(),
            });
            crate::print(&format!("{}\n", serde_json::to_string_pretty(&doc).unwrap_or_default()))
        }
    }
}

/// Imports pages into the store, as `kolada import` and `kolada fetch` do.
fn store_pages(
    loaded: &LoadedPlan,
    files: &[PathBuf],
    common: &KoladaCommon,
) -> Result<ExitCode, String> {
    let lang: Lang = common.lang.into();
    let pages = match read_pages(files, loaded) {
        Ok(pages) => pages,
        Err(errors) => {
            crate::print(&render_page_errors(&errors, lang))?;
            return Ok(ExitCode::from(2));
        }
    };
    let (mut store, _scratch) = open_for_ingest(&common.load, &common.store.store, common.dry_run)?;
    let options = Options {
        dry_run: common.dry_run,
        strict: false,
        max_size: common.load.max_file_size << 20,
    };
    let as_of = common.as_of.unwrap_or_else(today);
    let result =
        import_pages(&mut store, loaded, &pages, options, as_of, &received_at(common.as_of))?;
    print_run(&result, common.format, lang)?;
    Ok(exit_code(&result))
}

pub fn import(args: &KoladaImportArgs) -> Result<ExitCode, String> {
    let loaded = load_checked_plan(&args.plan)?;
    let files = page_files(&args.pages)?;
    if files.is_empty() {
        return Err(format!(
            "no data pages (data*.json) in {}",
            args.pages.iter().map(|p| shown(p)).collect::<Vec<_>>().join(", ")
        ));
    }
    store_pages(&loaded, &files, &args.common)
}

pub fn fetch(args: &KoladaFetchArgs) -> Result<ExitCode, String> {
    let loaded = load_checked_plan(&args.plan)?;
    let files = crate::kolada_fetch::fetch_pages(&loaded, args)?;
    store_pages(&loaded, &files, &args.common)
}
