//! The network side of `utblick kolada fetch`: which KPIs and places to ask for, the requests
//! (at most 20 ids of each a request, every page followed), retries, and the saved pages.
//!
//! Kolada's API v3: `{base}/kpi/{ids}` describes KPIs, `{base}/data/kpi/{ids}/municipality/
//! {ids}` gives their values in pages of up to 500 items, each naming the next (`next_url`).

use std::path::PathBuf;
use std::time::Duration;

use utblick_core::{Lang, LoadedPlan, Origin};

use crate::args::KoladaFetchArgs;
use crate::console::Console;

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
    fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        let mut last = String::new();
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(Duration::from_secs(1 << (attempt - 1)));
            }
            let mut answer = match self.agent.get(url).call() {
                Ok(a) => a,
                Err(e) => {
                    last = format!(
                        "cannot reach {}: {e}; fetching needs the network (behind a proxy, set HTTPS_PROXY); offline, import saved pages with `utblick kolada import`",
                        self.base
                    );
                    continue;
                }
            };
            let status = answer.status().as_u16();
            if status == 200 {
                return answer
                    .body_mut()
                    .with_config()
                    .limit(ANSWER_LIMIT)
                    .read_to_vec()
                    .map_err(|e| format!("the answer from {url} was cut off: {e}"));
            }
            last = format!("Kolada answered {status} for {url}");
            if status != 429 && status < 500 {
                return Err(last);
            }
            if let Some(wait) = answer
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
            {
                std::thread::sleep(Duration::from_secs(wait.min(30)));
            }
        }
        Err(format!("{last} ({ATTEMPTS} attempts); try again later"))
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
) -> Result<Vec<PathBuf>, String> {
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
) -> Result<Vec<PathBuf>, String> {
    let kpis = plan_kpis(loaded);
    let places = plan_places(loaded);
    if kpis.is_empty() {
        return Err("the plan has no indicator taken from Kolada (`from = \"kolada\"`)".into());
    }
    if places.is_empty() {
        return Err("no actor or reference of the plan has a Kolada code".into());
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
            .map_err(|e| format!("the answer from {url} is not Kolada's list of KPIs: {e}"))?;
        known.extend(list.values.into_iter().map(|k| k.id));
        meta_pages.push(body);
    }
    let unknown: Vec<String> = kpis
        .iter()
        .filter(|i| i.kolada_id().is_some_and(|k| !known.iter().any(|x| x == k)))
        .filter_map(|i| {
            let k = i.kolada.as_ref()?;
            let (file, line, col) = loaded.sources.place(&k.loc);
            Some(format!(
                "{}:{line}:{col}: error[unknown-kolada-id]: Kolada knows no KPI `{}` (indicator `{}`)\n  hint: check the id on kolada.se; nothing was fetched\n",
                utblick_core::printable(file),
                k.value,
                i.id
            ))
        })
        .collect();
    if !unknown.is_empty() {
        return Err(format!("{}the catalogue names KPIs Kolada does not know", unknown.concat()));
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
                let page = utblick_ingest::read_page(&u, &body).map_err(|e| {
                    format!("the answer from {u} is not a Kolada data page: {}", e.message)
                })?;
                if let Some(next) = page.next_url {
                    // Only ever onwards on the same API.
                    if !next.starts_with(&client.base) {
                        return Err(format!(
                            "a page of {} names its next page elsewhere ({next}); not followed",
                            client.base
                        ));
                    }
                    url = Some(next);
                }
                bodies.push(body);
                spinner.set_message(fetched(bodies.len(), lang));
                if bodies.len() > 10_000 {
                    return Err("more than 10,000 pages: stopped".into());
                }
            }
        }
    }

    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    for old in crate::kolada::page_files(std::slice::from_ref(&args.out))? {
        std::fs::remove_file(&old).map_err(|e| format!("cannot replace {}: {e}", old.display()))?;
    }
    let mut files = Vec::new();
    for (n, body) in bodies.iter().enumerate() {
        let path = args.out.join(format!("data-page-{}.json", n + 1));
        std::fs::write(&path, body).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        files.push(path);
    }
    if let Some(meta) = meta_pages.first() {
        let path = args.out.join("kpi.json");
        std::fs::write(&path, meta).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(files)
}
