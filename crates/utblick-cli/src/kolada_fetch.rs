//! The network side of `utblick kolada fetch`: which KPIs and places to ask for, the requests
//! (at most 20 ids of each a request, every page followed), retries, and the saved pages.
//!
//! Kolada's API v3: `{base}/kpi/{ids}` describes KPIs, `{base}/data/kpi/{ids}/municipality/
//! {ids}` gives their values in pages of up to 500 items, each naming the next (`next_url`).

use std::path::PathBuf;
use std::time::Duration;

use utblick_core::{Lang, LoadedPlan, Origin};
use utblick_ingest::PageError;

use crate::args::KoladaFetchArgs;
use crate::console::Console;
use crate::error::CliError;

/// At most this many KPI or municipality ids in one request, as Kolada asks.
const BATCH: usize = 20;
/// Attempts of one request before it is given up; 429 and 5xx answers and lost connections are
/// tried again after 1, 2 and 4 seconds (or what the server's `Retry-After` asks, up to 30).
const ATTEMPTS: u32 = 4;
/// The largest answer read.
const ANSWER_LIMIT: u64 = 64 << 20;

/// The Kolada ids the plan needs: its targets' Kolada indicators and the Kolada indicators
/// they are weighted by or computed from, in catalogue order.
pub fn plan_kpis(loaded: &LoadedPlan) -> Vec<&utblick_core::Indicator> {
    let Some(plan) = loaded.plan.as_ref() else { return Vec::new() };
    let mut wanted: Vec<&str> = plan.targets.iter().map(|t| t.indicator.value.as_str()).collect();
    let mut i = 0;
    while i < wanted.len() {
        if let Some(ind) = loaded.catalogue.get(wanted[i]) {
            if let utblick_core::Aggregation::WeightedMean { weight } = &ind.aggregation {
                wanted.push(&weight.value);
            }
            if let Origin::Derived(f) = &ind.origin {
                wanted.extend(f.of.iter().map(|r| r.value.as_str()));
            }
        }
        i += 1;
        if i > 10_000 {
            break;
        }
    }
    loaded
        .catalogue
        .indicators()
        .iter()
        .filter(|ind| ind.origin == Origin::Kolada && wanted.contains(&ind.id.as_str()))
        .collect()
}

/// The Kolada codes of the plan's actors and reference geographies.
pub fn plan_places(loaded: &LoadedPlan) -> Vec<String> {
    let mut codes: Vec<String> =
        loaded.actors.list().iter().filter_map(|a| a.code.clone()).collect();
    if let Some(plan) = &loaded.plan {
        codes.extend(plan.references.iter().map(|r| r.kolada.value.clone()));
    }
    codes.dedup();
    codes
}

/// Why Kolada's pages could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The plan follows up nothing of Kolada's.
    #[error("the plan has no indicator taken from Kolada (`from = \"kolada\"`)")]
    NoKpis,
    /// Nothing of the plan has a place Kolada knows.
    #[error("no actor or reference of the plan has a Kolada code")]
    NoPlaces,
    /// No answer came (no network, a proxy needed, a timeout).
    #[error(
        "cannot reach {base}: {source}; fetching needs the network (behind a proxy, set HTTPS_PROXY); offline, import saved pages with `utblick kolada import`"
    )]
    Unreachable { base: String, source: ureq::Error },
    /// An answer that began did not come whole (or was larger than the limit).
    #[error("the answer from {url} was cut off: {source}")]
    CutOff { url: String, source: ureq::Error },
    /// Kolada answered with another status than 200.
    #[error("Kolada answered {status} for {url}")]
    Status { status: u16, url: String },
    /// Every attempt failed: the last one's error.
    #[error("{last} ({attempts} attempts); try again later")]
    GaveUp {
        #[source]
        last: Box<FetchError>,
        attempts: u32,
    },
    /// The answer to `/kpi/{ids}` does not read.
    #[error("the answer from {url} is not Kolada's list of KPIs: {source}")]
    NotKpiList { url: String, source: serde_json::Error },
    /// A data page does not read.
    #[error("the answer from {url} is not a Kolada data page: {}", .page.message)]
    NotDataPage { url: String, page: PageError },
    /// The catalogue names KPIs Kolada does not know: each with its place in the catalogue.
    #[error("{}the catalogue names KPIs Kolada does not know", .0.iter().map(UnknownKpi::to_string).collect::<String>())]
    UnknownKpis(Vec<UnknownKpi>),
    /// A page's `next_url` leaves the API it came from.
    #[error("a page of {base} names its next page elsewhere ({next}); not followed")]
    Elsewhere { base: String, next: String },
    /// The pages would not end.
    #[error("more than 10,000 pages: stopped")]
    TooManyPages,
}

/// A KPI of the catalogue Kolada does not know, written as `plan check` writes a diagnostic.
#[derive(Debug)]
pub struct UnknownKpi {
    /// The catalogue file, line and column of the id.
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The Kolada id and the indicator that names it.
    pub kpi: String,
    pub indicator: String,
}

impl std::fmt::Display for UnknownKpi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}:{}:{}: error[unknown-kolada-id]: Kolada knows no KPI `{}` (indicator `{}`)",
            utblick_core::printable(&self.file),
            self.line,
            self.column,
            self.kpi,
            self.indicator
        )?;
        writeln!(f, "  hint: check the id on kolada.se; nothing was fetched")
    }
}

struct Client {
    agent: ureq::Agent,
    base: String,
}

impl Client {
    fn new(base: &str, timeout: Duration) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .proxy(ureq::Proxy::try_from_env())
            .user_agent(concat!("utblick/", env!("CARGO_PKG_VERSION")))
            .build();
        Client { agent: config.into(), base: base.trim_end_matches('/').to_string() }
    }

    /// The body of a successful answer, trying again after a server error, a 429 or a lost
    /// connection.
    fn get(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let failed = match self.agent.get(url).call() {
                Err(source) => FetchError::Unreachable { base: self.base.clone(), source },
                Ok(mut answer) => {
                    let status = answer.status().as_u16();
                    if status == 200 {
                        return answer
                            .body_mut()
                            .with_config()
                            .limit(ANSWER_LIMIT)
                            .read_to_vec()
                            .map_err(|source| FetchError::CutOff { url: url.into(), source });
                    }
                    let failed = FetchError::Status { status, url: url.into() };
                    if status != 429 && status < 500 {
                        return Err(failed);
                    }
                    if let Some(wait) = answer
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                    {
                        std::thread::sleep(Duration::from_secs(wait.min(30)));
                    }
                    failed
                }
            };
            if attempt >= ATTEMPTS {
                return Err(FetchError::GaveUp { last: Box::new(failed), attempts: ATTEMPTS });
            }
            std::thread::sleep(Duration::from_secs(1 << (attempt - 1)));
        }
    }
}

/// Kolada's answer to `/kpi/{ids}`: the KPIs it knows.
#[derive(serde::Deserialize)]
struct KpiList {
    values: Vec<KpiMeta>,
}

#[derive(serde::Deserialize)]
struct KpiMeta {
    id: String,
}

/// Fetches the plan's pages and saves them in `args.out` (replacing the `data*.json` pages of
/// an earlier fetch); returns the saved files. Any failure stops before anything is saved.
/// A spinner counts the pages as they come (how many there will be, no page says).
pub fn fetch_pages(
    loaded: &LoadedPlan,
    args: &KoladaFetchArgs,
    con: &Console,
) -> Result<Vec<PathBuf>, CliError> {
    let lang: Lang = args.common.lang.into();
    let spinner = con.spinner(fetched(0, lang));
    let files = fetch_and_save(loaded, args, &spinner, lang);
    spinner.finish_and_clear();
    files
}

/// "kolada: 3 pages fetched" in the run's language.
fn fetched(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("kolada: {n} {} hämtade", if n == 1 { "sida" } else { "sidor" }),
        Lang::En => format!("kolada: {n} {} fetched", if n == 1 { "page" } else { "pages" }),
    }
}

fn fetch_and_save(
    loaded: &LoadedPlan,
    args: &KoladaFetchArgs,
    spinner: &indicatif::ProgressBar,
    lang: Lang,
) -> Result<Vec<PathBuf>, CliError> {
    let kpis = plan_kpis(loaded);
    let places = plan_places(loaded);
    if kpis.is_empty() {
        return Err(FetchError::NoKpis.into());
    }
    if places.is_empty() {
        return Err(FetchError::NoPlaces.into());
    }
    let client = Client::new(&args.base_url, Duration::from_secs(args.timeout));

    // Every KPI must be one Kolada knows: a wrong id is the catalogue's error, with its place.
    let mut known: Vec<String> = Vec::new();
    let mut meta_pages = Vec::new();
    for chunk in kpis.chunks(BATCH) {
        let ids: Vec<&str> = chunk.iter().filter_map(|i| i.kolada_id()).collect();
        let url = format!("{}/kpi/{}", client.base, ids.join(","));
        let body = client.get(&url)?;
        let list: KpiList = serde_json::from_slice(&body)
            .map_err(|source| FetchError::NotKpiList { url, source })?;
        known.extend(list.values.into_iter().map(|k| k.id));
        meta_pages.push(body);
    }
    let unknown: Vec<UnknownKpi> = kpis
        .iter()
        .filter(|i| i.kolada_id().is_some_and(|k| !known.iter().any(|x| x == k)))
        .filter_map(|i| {
            let k = i.kolada.as_ref()?;
            let (file, line, column) = loaded.sources.place(&k.loc);
            Some(UnknownKpi {
                file: file.to_string(),
                line,
                column,
                kpi: k.value.clone(),
                indicator: i.id.clone(),
            })
        })
        .collect();
    if !unknown.is_empty() {
        return Err(FetchError::UnknownKpis(unknown).into());
    }

    let mut bodies = Vec::new();
    for kchunk in kpis.chunks(BATCH) {
        let ids: Vec<&str> = kchunk.iter().filter_map(|i| i.kolada_id()).collect();
        for pchunk in places.chunks(BATCH) {
            let mut url = Some(format!(
                "{}/data/kpi/{}/municipality/{}?per_page=500",
                client.base,
                ids.join(","),
                pchunk.join(",")
            ));
            while let Some(u) = url.take() {
                let body = client.get(&u)?;
                let page = utblick_ingest::read_page(&u, &body)
                    .map_err(|page| FetchError::NotDataPage { url: u.clone(), page })?;
                if let Some(next) = page.next_url {
                    // Only ever onwards on the same API.
                    if !next.starts_with(&client.base) {
                        return Err(
                            FetchError::Elsewhere { base: client.base.clone(), next }.into()
                        );
                    }
                    url = Some(next);
                }
                bodies.push(body);
                spinner.set_message(fetched(bodies.len(), lang));
                if bodies.len() > 10_000 {
                    return Err(FetchError::TooManyPages.into());
                }
            }
        }
    }

    std::fs::create_dir_all(&args.out)
        .map_err(|source| CliError::CreateFolder { path: args.out.clone(), source })?;
    for old in crate::kolada::page_files(std::slice::from_ref(&args.out))? {
        std::fs::remove_file(&old).map_err(|source| CliError::Replace { path: old, source })?;
    }
    let write = |path: PathBuf, bytes: &[u8]| match std::fs::write(&path, bytes) {
        Ok(()) => Ok(path),
        Err(source) => Err(CliError::Write { path, source }),
    };
    let mut files = Vec::new();
    for (n, body) in bodies.iter().enumerate() {
        files.push(write(args.out.join(format!("data-page-{}.json", n + 1)), body)?);
    }
    if let Some(meta) = meta_pages.first() {
        write(args.out.join("kpi.json"), meta)?;
    }
    Ok(files)
}
