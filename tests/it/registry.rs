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
    let series =
        county_series(&std::fs::read_to_string(tmp.path().join("r/series.csv")).unwrap());
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
