//! `utblick kolada fetch` against a local HTTP server that answers as Kolada's API does, from
//! the fixtures in `tests/kolada/api/`; and `utblick kolada import` of bad pages.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use utblick_store::Store;

use crate::{TempDir, repo_root, utblick};

/// How the server answers a request path: a status and a body.
type Route = Box<dyn Fn(&str, u32) -> (u16, Vec<u8>) + Send>;

/// Serves on 127.0.0.1 (a free port) until the test ends; returns the API's base URL and the
/// paths asked for, in order.
fn serve(route: Route) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/v3", listener.local_addr().unwrap());
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // The headers, up to the blank line.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
            let n = {
                let mut l = log.lock().unwrap();
                l.push(path.clone());
                l.iter().filter(|p| **p == path).count() as u32
            };
            let (status, body) = route(&path, n);
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (base, asked)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/kolada/api").join(name)).unwrap()
}

/// Kolada's pages with their next page at this server instead of api.kolada.se.
fn page(name: &str, base: &str) -> Vec<u8> {
    String::from_utf8(fixture(name)).unwrap().replace("https://api.kolada.se/v3", base).into_bytes()
}

fn fetch(base: &str, dir: &Path) -> (String, i32) {
    let out = utblick()
        .current_dir(repo_root())
        .args(["kolada", "fetch", "tests/kolada/plan.toml", "--base-url", base])
        .args(["--as-of", "2026-11-28", "--timeout", "10", "--out"])
        .arg(dir.join("pages"))
        .arg("--store")
        .arg(dir.join("s.sqlite"))
        .output()
        .unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (text, out.status.code().unwrap_or(-1))
}

#[test]
fn fetch_follows_the_pages_tries_again_after_a_server_error_and_stores_the_values() {
    let tmp = TempDir::new("kolada-fetch");
    let base_for_pages = Arc::new(Mutex::new(String::new()));
    let b = Arc::clone(&base_for_pages);
    let (base, asked) = serve(Box::new(move |path, n| {
        let base = b.lock().unwrap().clone();
        if path.starts_with("/v3/kpi/") {
            (200, fixture("kpi.json"))
        } else if path.contains("page=2") {
            (200, page("data-page-2.json", &base))
        } else if n == 1 {
            // The first page fails once, as a busy server does.
            (500, b"{\"error\": \"internal\"}".to_vec())
        } else {
            (200, page("data-page-1.json", &base))
        }
    }));
    *base_for_pages.lock().unwrap() = base.clone();
    let (out, code) = fetch(&base, tmp.path());
    assert_eq!(code, 0, "{out}");
    let asked = asked.lock().unwrap().clone();
    // The KPIs are checked first, then the data, page 1 twice (a 500, then the page), page 2.
    assert_eq!(asked.len(), 4, "{asked:?}");
    assert_eq!(
        asked[0], "/v3/kpi/N00999,N01951,N02267,N45850",
        "the plan's Kolada KPIs, in catalogue order"
    );
    assert_eq!(
        asked[1],
        "/v3/data/kpi/N00999,N01951,N02267,N45850/municipality/0018,1880,1881,0000?per_page=500"
    );
    assert_eq!(asked[2], asked[1]);
    assert!(asked[3].ends_with("page=2&per_page=500"), "{asked:?}");
    // The pages are saved for offline use, and stored: 498 values the plan follows.
    let saved: Vec<String> = std::fs::read_dir(tmp.path().join("pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(saved.len(), 3, "{saved:?}");
    assert!(out.contains("rader 498 lagrade, 0 oförändrade, 0 avvisade"), "{out}");
    let store = Store::open(&tmp.path().join("s.sqlite")).unwrap();
    let current = store.current().unwrap();
    // The county's own figure, as Kolada publishes it, and Riket's for comparison.
    let value = |ind: &str, actor: &str, year: i32| {
        current
            .iter()
            .find(|o| {
                o.key.indicator == ind
                    && o.key.actor == actor
                    && o.key.period == utblick_core::Period::Year(year)
            })
            .and_then(|o| o.value.number())
    };
    assert_eq!(value("N00999", "region", 2022), Some(10.06395889));
    assert!(value("N00999", "riket", 2022).is_some());
    assert_eq!(store.submissions().unwrap()[0].submitter, "kolada");
    drop(store);
    // Fetched again: the same pages are already ingested; nothing changes.
    let (out, code) = fetch(&base, tmp.path());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("(0 nya, 2 redan inlästa)"), "{out}");
}

#[test]
fn a_malformed_answer_or_an_unknown_kpi_stores_nothing() {
    // The data endpoint answers with something that is not a page.
    let tmp = TempDir::new("kolada-bad");
    let (base, _) = serve(Box::new(|path, _| {
        if path.starts_with("/v3/kpi/") {
            (200, fixture("kpi.json"))
        } else {
            (200, b"{\"count\": 1, \"values\": [{\"kpi\": \"N00999\"}]}".to_vec())
        }
    }));
    let (out, code) = fetch(&base, tmp.path());
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "is not a Kolada data page: an item is not a Kolada value: missing field `municipality`"
        ),
        "{out}"
    );
    assert!(!tmp.path().join("s.sqlite").exists(), "nothing is stored");
    assert!(!tmp.path().join("pages").exists(), "nothing is saved");

    // Kolada does not know one of the catalogue's KPIs: the catalogue's error, with its place.
    let tmp = TempDir::new("kolada-unknown");
    let (base, asked) = serve(Box::new(|_, _| {
        let text = String::from_utf8(fixture("kpi.json")).unwrap();
        (200, text.replace("\"id\": \"N45850\"", "\"id\": \"N45851\"").into_bytes())
    }));
    let (out, code) = fetch(&base, tmp.path());
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("tests/kolada/catalogue.toml:56:10: error[unknown-kolada-id]: Kolada knows no KPI `N45850` (indicator `N45850`)"),
        "{out}"
    );
    assert_eq!(asked.lock().unwrap().len(), 1, "no data asked for");
    assert!(!tmp.path().join("s.sqlite").exists());

    // Offline: a clear error, nothing stored.
    let tmp = TempDir::new("kolada-offline");
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let (out, code) = fetch(&format!("http://{closed}/v3"), tmp.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("cannot reach http://"), "{out}");
    assert!(out.contains("offline, import saved pages with `utblick kolada import`"), "{out}");
}

#[test]
fn import_of_a_cut_off_page_or_a_foreign_kpi_stores_nothing() {
    let tmp = TempDir::new("kolada-import");
    let d = tmp.path();
    let good = fixture("data-page-2.json");
    std::fs::write(d.join("data-page-1.json"), fixture("data-page-1.json")).unwrap();
    std::fs::write(d.join("data-page-2.json"), &good[..good.len() / 2]).unwrap();
    let import = |dir: &Path| {
        let out = utblick()
            .current_dir(repo_root())
            .args(["kolada", "import", "tests/kolada/plan.toml"])
            .arg(dir)
            .arg("--store")
            .arg(d.join("s.sqlite"))
            .output()
            .unwrap();
        (String::from_utf8_lossy(&out.stdout).to_string(), out.status.code().unwrap_or(-1))
    };
    let (out, code) = import(d);
    assert_eq!(code, 2, "{out}");
    let cut = String::from_utf8_lossy(&good[..good.len() / 2]).lines().count();
    assert!(out.starts_with(&format!("{}/data-page-2.json:{cut}:", d.display())), "{out}");
    assert!(out.contains("error[kolada-page]: not a Kolada data page: EOF while parsing"), "{out}");
    assert!(out.ends_with("inget lagrades: rätta eller hämta om sidorna och kör igen\n"), "{out}");
    assert!(!d.join("s.sqlite").exists(), "the good page is not stored either");

    // A page with a KPI the plan does not take from Kolada.
    let other = d.join("other");
    std::fs::create_dir_all(&other).unwrap();
    let text = String::from_utf8(fixture("data-page-1.json")).unwrap().replace("N00999", "N99999");
    std::fs::write(other.join("data-page-1.json"), text).unwrap();
    let (out, code) = import(&other);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("data-page-1.json:4:1: error[kolada-page]: `N99999` is no Kolada indicator of the catalogue"),
        "{out}"
    );
    assert!(!d.join("s.sqlite").exists());
}

#[test]
fn a_direction_only_target_and_a_baseline_from_the_data_are_reported_as_such() {
    let tmp = TempDir::new("kolada-report");
    let d = tmp.path();
    let run = |args: &[&str]| {
        let out = utblick().current_dir(repo_root()).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    };
    let store = d.join("s.sqlite").display().to_string();
    let report = d.join("r").display().to_string();
    run(&["kolada", "import", "tests/kolada/plan.toml", "tests/kolada/api", "--store", &store]);
    run(&[
        "report",
        "tests/kolada/plan.toml",
        "--store",
        &store,
        "--out",
        &report,
        "--as-of",
        "2026-11-28",
    ]);
    let html = std::fs::read_to_string(d.join("r/index.html")).unwrap();
    let article = |id: &str| {
        let start = html.find(&format!("id=\"i-{id}\"")).unwrap();
        html[start..start + html[start..].find("</article>").unwrap()].to_string()
    };
    // Guest nights "ska öka" from the first value observed from 2019 on (4,19): in 2022 it is
    // 4,14, lower: a deterioration, and the report says why.
    let guests = article("N45850");
    assert!(guests.contains("<tr><td>2019</td><td class=\"num\">4,19</td><td class=\"num\">6,12</td><td>utgångsvärde: länets första värde från planens utgångsperiod</td></tr>"), "{guests}");
    assert!(guests.contains("<td>mål: ska öka</td>"), "{guests}");
    assert!(guests.contains("▼ försämring</span></h4>"), "{guests}");
    assert!(
        guests.contains("<dt>Status</dt><dd>ska öka: ↘ sämre (från 4,19 2019)</dd>"),
        "{guests}"
    );
    // The milestone on the way to 2030 is in the table (and the chart).
    let firms = article("N00999");
    assert!(firms.contains("<tr><td>2025</td><td class=\"num\">10,6</td><td class=\"num\"></td><td>delmål</td></tr>"), "{firms}");
    assert!(firms.contains(">\ndelmål\n</text>"), "the chart's legend names the milestone");
    // Riket's values beside the county's, and never a status of its own.
    assert!(firms.contains("<th class=\"num\">Riket</th>"));
    let status = std::fs::read_to_string(d.join("r/status.csv")).unwrap();
    assert!(!status.contains("riket"), "{status}");
}
