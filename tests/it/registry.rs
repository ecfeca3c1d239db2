//! The registry of the international work: its indicators' figures, as the report shows them,
//! against the figures counted by hand in `tests/registry/figures.csv`.

use std::collections::HashMap;

use crate::{TempDir, repo_root, utblick};

/// `(indicator, year) → value` of the hand-counted figures.
fn hand_counted() -> HashMap<(String, i32), f64> {
    let text = std::fs::read_to_string(repo_root().join("tests/registry/figures.csv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            ((f[0].to_string(), f[1].parse().unwrap()), f[2].parse().unwrap())
        })
        .collect()
}

/// The county's values of the report's `series.csv` (`länet`), by indicator and year.
fn county_series(csv: &str) -> HashMap<(String, i32), f64> {
    csv.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            (f.len() > 3 && f[1] == "länet" && f[7].is_empty()).then(|| {
                let value: f64 = f[3].replace(',', ".").parse().unwrap();
                ((f[0].to_string(), f[2].parse().unwrap()), value)
            })
        })
        .collect()
}

#[test]
fn the_reports_registry_figures_equal_the_hand_counted_ones() {
    let tmp = TempDir::new("registry-figures");
    let out = utblick()
        .current_dir(repo_root())
        .args(["followup", "plans/2023.toml", "--as-of", "2026-11-28", "--store"])
        .arg(tmp.path().join("s.sqlite"))
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    // Every update row of the sample inbox is taken: nothing was rejected.
    assert!(!stdout.contains("register.rejected"), "{stdout}");
    let series = county_series(&std::fs::read_to_string(tmp.path().join("r/series.csv")).unwrap());
    let expected = hand_counted();
    // The plan follows up four registry indicators; each of their years 2019–2025 is shown.
    let shown: Vec<&(String, i32)> = expected.keys().filter(|k| series.contains_key(k)).collect();
    for ind in ["eu-projektmedel", "natverksmoten", "remissvar-eu", "vanortsutbyten"] {
        for year in 2019..=2025 {
            let key = (ind.to_string(), year);
            let got = series.get(&key).unwrap_or_else(|| panic!("{ind} {year} not in series.csv"));
            let want = expected[&key];
            assert!((got - want).abs() < 1e-6, "{ind} {year}: report {got}, by hand {want}");
        }
    }
    assert_eq!(shown.len(), 28, "{shown:?}");
    // Nothing after the last year that has ended: 2026 is still running on 2026-11-28.
    assert!(!series.keys().any(|(i, y)| i == "eu-projektmedel" && *y > 2025));
}

fn projects(args: &[&str]) -> (String, i32) {
    let tmp = TempDir::new("projects");
    let out = utblick()
        .current_dir(repo_root())
        .args(["projects", "plans/2023.toml", "--store"])
        .arg(tmp.path().join("s.sqlite"))
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    (text, out.status.code().unwrap_or(-1))
}

#[test]
fn projects_filters_the_portfolio_by_status_programme_actor_and_year() {
    let (json, code) = projects(&["--status", "running,pågår", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids: Vec<&str> =
        doc.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "p-grona-godsflodet",
            "p-vatgas-ostersjon",
            "p-hallbar-besoksnaring",
            "p-logistik-horisont"
        ]
    );
    // EUR converted at the project's own rate: 224,000 × 11.40.
    assert_eq!(doc[1]["eu_grant_sek"], 2_553_600.0);
    assert_eq!(doc[1]["status"], "pågår");

    let (text, _) = projects(&["--programme", "interreg-europe", "--lang", "en"]);
    assert!(text.starts_with("p-smart-industri  Smart industry in Bergslagen"), "{text}");
    assert!(text.contains("Interreg Europe, lead partner; Regionförbundet Örebro (regionforbundet); closed; 2019-08-01 – 2023-07-31"), "{text}");
    assert!(text.ends_with("2 projects; EU grants granted in them 18,366,000 kr\n"), "{text}");

    let (csv, _) = projects(&["--actor", "oru", "--year", "2020", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[0].starts_with("\u{feff}id;titel;program;"), "{csv}");
    assert!(rows[1].starts_with("p-robotlab;") && rows[2].starts_with("p-energisnal-industri;"));
    assert!(rows[2].contains(";avslag;2020-04-15;2020-09-30;"), "{csv}");
}

#[test]
fn projects_refuses_an_unknown_programme_or_status_with_what_to_write() {
    let (_, code) = projects(&["--programme", "interreg-sverige-norway"]);
    assert_eq!(code, 2);
    let tmp = TempDir::new("projects-bad");
    let out = utblick()
        .current_dir(repo_root())
        .args(["projects", "plans/2023.toml", "--programme", "interreg-sverige-norway", "--store"])
        .arg(tmp.path().join("s.sqlite"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--programme interreg-sverige-norway: no such programme; did you mean `interreg-sverige-norge`? `utblick projects --programmes` lists them"),
        "{err}"
    );
    let out = utblick()
        .current_dir(repo_root())
        .args(["projects", "plans/2023.toml", "--status", "klar"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a project status; write one of idea, advised, applied, granted, rejected, running, closed"), "{err}");
}

#[test]
fn plan_render_shows_the_registry_for_adoption_one_section_per_tool() {
    let tmp = TempDir::new("render-registry");
    let out = tmp.path().join("plan.html");
    let status = utblick()
        .current_dir(repo_root())
        .args(["plan", "render", "plans/2023.toml", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(&out).unwrap();
    for heading in [
        "Det internationella arbetet",
        "Projektverksamhet: projektportföljen",
        "Nätverksbyggande och påverkan: nätverk och plattformar",
        "Politisk medverkan och förankring: remissvar",
        "Samverkan: vänorter",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    assert!(
        html.contains("<td>Gröna godsflödet Sverige–Norge</td><td>Interreg Sverige–Norge</td>")
    );
    assert!(html.contains(
        "12 av 16 vänortssamarbeten är kopplade till den regionala utvecklingsstrategin."
    ));
    assert!(html.contains("<td>Łódź, Polen</td>"));
}

/// Every registry indicator of the catalogue, not only those the plan follows up: the county's
/// figure, counted from the registry with the sample inbox's updates, summed (or weighed) over
/// the county reporters as the analysis does, equals the hand count for every year listed.
#[test]
fn every_registry_indicator_of_the_catalogue_equals_the_hand_count() {
    use utblick_core::{ActorKind, Aggregation, Fetched, Origin, SourceFile};
    let tmp = TempDir::new("registry-all");
    let store = tmp.path().join("s.sqlite");
    assert!(crate::ingest_sample(&store).status.success());
    let root = repo_root();
    let plan = SourceFile::new(
        "plans/2023.toml",
        std::fs::read_to_string(root.join("plans/2023.toml")).unwrap(),
    );
    let loaded = utblick_core::load_plan(plan, &mut |rel| {
        let text =
            std::fs::read_to_string(root.join("plans").join(rel)).map_err(|e| e.to_string())?;
        Ok(Fetched { display_name: rel.to_string(), text })
    });
    assert_eq!(loaded.error_count(), 0);
    let plan = loaded.plan.as_ref().unwrap();
    let updates = utblick_store::Store::open(&store).unwrap().registry_updates().unwrap();
    let registry = utblick_ingest::apply_updates(&plan.registry, &updates);
    let county = |id: &str, year: i32| -> Option<f64> {
        let ind = loaded.catalogue.get(id).unwrap();
        let Origin::Registry(measure) = ind.origin else {
            panic!("{id} is not a registry indicator")
        };
        let reporters: Vec<&str> = ind
            .expected_reporters(&loaded.actors)
            .into_iter()
            .filter(|a| a.kind != ActorKind::Region)
            .map(|a| a.id.as_str())
            .collect();
        let figure = |m, a: &str| registry.figure(m, a, year).value;
        match &ind.aggregation {
            Aggregation::Sum => Some(reporters.iter().filter_map(|a| figure(measure, a)).sum()),
            Aggregation::WeightedMean { weight } => {
                let weight = loaded.catalogue.get(&weight.value).unwrap();
                let Origin::Registry(wm) = weight.origin else { panic!("weight not counted") };
                let (mut sum, mut weights) = (0.0, 0.0);
                for a in &reporters {
                    if let (Some(x), Some(w)) = (figure(measure, a), figure(wm, a)) {
                        sum += x * w;
                        weights += w;
                    }
                }
                (weights > 0.0).then(|| sum / weights)
            }
            other => panic!("{id}: aggregation {other:?} not counted here"),
        }
    };
    let expected = hand_counted();
    let mut indicators: Vec<&str> = expected.keys().map(|(i, _)| i.as_str()).collect();
    indicators.sort();
    indicators.dedup();
    let in_catalogue: Vec<&str> = loaded
        .catalogue
        .indicators()
        .iter()
        .filter(|i| matches!(i.origin, Origin::Registry(_)))
        .map(|i| i.id.as_str())
        .collect();
    // Every registry indicator of the catalogue is counted by hand, and nothing else is.
    let mut sorted = in_catalogue.clone();
    sorted.sort();
    assert_eq!(indicators, sorted);
    // Every year from the registry's first to the last ended one, for every indicator.
    for id in &indicators {
        for year in 2019..=2025 {
            assert!(
                expected.contains_key(&(id.to_string(), year)),
                "{id} {year} not counted by hand"
            );
        }
    }
    for ((id, year), want) in &expected {
        let got = county(id, *year).unwrap_or_else(|| panic!("{id} {year}: no figure"));
        assert!((got - want).abs() < 1e-3, "{id} {year}: counted {got}, by hand {want}");
    }
}

/// A row that reports a registry indicator as a value, as the actors did before the registry,
/// is rejected with what to do instead.
#[test]
fn a_value_for_a_registry_indicator_is_rejected_with_where_to_update_instead() {
    let tmp = TempDir::new("registry-value");
    let out = utblick()
        .current_dir(repo_root())
        .args(["ingest", "plans/2023.toml", "tests/registry/value-of-a-registry-indicator.csv"])
        .args(["--as", "regionforbundet", "--as-of", "2026-11-28", "--store"])
        .arg(tmp.path().join("s.sqlite"))
        .arg("--rejects")
        .arg(tmp.path().join("rej"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "tests/registry/value-of-a-registry-indicator.csv:2:1: fel[not-reported]: `eu-projektmedel` räknas ur registret över det internationella arbetet och rapporteras inte som värde (kolumn Indikator)\n  tips: ta bort raden; uppdatera era poster i registret med filen som `utblick template --registry` skriver\n"
        ),
        "{text}"
    );
}
