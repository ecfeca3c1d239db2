//! `utblick template` and `utblick missing` on the sample plan.

use crate::{TempDir, repo_root, utblick};

/// A value inside the indicator's valid range, written as the dialect writes numbers.
fn fill(range: &str, excel: bool) -> String {
    let v = if let Some(rest) = range.strip_prefix("≥ ") {
        rest.parse::<f64>().unwrap() + 1.5
    } else if let Some((lo, hi)) = range.split_once('–') {
        (lo.parse::<f64>().unwrap() + hi.parse::<f64>().unwrap()) / 2.0 + 0.5
    } else {
        12.5
    };
    let s = v.to_string();
    if excel { s.replace('.', ",") } else { s }
}

#[test]
fn a_filled_template_ingests_with_zero_rejections_for_every_actor() {
    let tmp = TempDir::new("template");
    for (dialect, excel) in [("excel", true), ("comma", false)] {
        let dir = tmp.path().join(dialect);
        let out = utblick()
            .current_dir(repo_root())
            .args([
                "template",
                "plans/2023.toml",
                "--all",
                "--as-of",
                "2026-11-28",
                "--dialect",
                dialect,
                "--out",
            ])
            .arg(dir.join("templates"))
            .arg("--store")
            .arg(dir.join("store.sqlite"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut actors = 0;
        for entry in std::fs::read_dir(dir.join("templates")).unwrap() {
            let path = entry.unwrap().path();
            let actor = path.file_stem().unwrap().to_string_lossy().to_string();
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8(bytes.clone()).unwrap();
            if excel {
                assert!(
                    bytes.starts_with(b"\xEF\xBB\xBF") && text.contains("\r\n"),
                    "{actor}: not the Excel dialect"
                );
            }
            // Fill the value column as a municipality officer would.
            let sep = if excel { ';' } else { ',' };
            let mut lines = text.trim_start_matches('\u{feff}').lines();
            let header = lines.next().unwrap();
            assert!(
                header.starts_with(&format!("indikator{sep}indikatornamn{sep}enhet")),
                "{header}"
            );
            let mut filled = format!("{header}\r\n");
            let mut rows = 0;
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(sep as u8)
                .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            let mut wtr = csv::WriterBuilder::new()
                .delimiter(sep as u8)
                .has_headers(false)
                .from_writer(Vec::new());
            for rec in rdr.records() {
                let rec = rec.unwrap();
                let mut fields: Vec<String> = rec.iter().map(str::to_string).collect();
                fields[8] = fill(&fields[3], excel);
                wtr.write_record(&fields).unwrap();
                rows += 1;
            }
            filled.push_str(&String::from_utf8(wtr.into_inner().unwrap()).unwrap());
            assert!(rows > 0, "{actor}: empty template");
            let inbox = dir.join("inbox").join(&actor);
            std::fs::create_dir_all(&inbox).unwrap();
            std::fs::write(inbox.join("ifylld.csv"), filled).unwrap();
            actors += 1;
        }
        // Two actors report values: ALMI its EEN firms, the university its students. The rest of
        // what the actors send updates the registry (its templates: tests/it/registry_updates.rs).
        assert_eq!(actors, 2);
        let out = utblick()
            .current_dir(repo_root())
            .args(["ingest", "plans/2023.toml", "--as-of", "2026-11-28", "--format", "json"])
            .arg(dir.join("inbox"))
            .arg("--store")
            .arg(dir.join("store.sqlite"))
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for f in v["files"].as_array().unwrap() {
            assert_eq!(f["rows"]["rejected"], 0, "{dialect}: {f}");
            assert!(f["rows"]["stored"].as_u64().unwrap() > 0, "{dialect}: {f}");
        }
        assert_eq!(out.status.code(), Some(0));
    }
}

#[test]
fn one_template_names_the_last_stored_value() {
    let tmp = TempDir::new("template-one");
    let store = tmp.path().join("s.sqlite");
    let status = utblick()
        .current_dir(repo_root())
        .args([
            "ingest",
            "plans/2023.toml",
            "indicators/reported/oru",
            "--as",
            "oru",
            "--as-of",
            "2026-11-28",
            "--store",
        ])
        .arg(&store)
        .output()
        .unwrap();
    assert!(status.status.success());
    let out = utblick()
        .current_dir(repo_root())
        .args([
            "template",
            "plans/2023.toml",
            "--actor",
            "oru",
            "--period",
            "2025",
            "--as-of",
            "2026-11-28",
            "--store",
        ])
        .arg(&store)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // The university reports its students; its EU funds are counted from the registry and the
    // statistics are pulled, so neither is in its template.
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            "utlandska-studenter;Utländska studenter vid Örebro universitet, antal;antal;≥ 0;oru;2025;;742 (2025);;"
        ],
        "{text}"
    );
}

#[test]
fn missing_lists_what_each_actor_owes() {
    let tmp = TempDir::new("missing");
    let store = tmp.path().join("s.sqlite");
    // The university's file only: ALMI has sent nothing.
    let ingest = utblick()
        .current_dir(repo_root())
        .args(["ingest", "plans/2023.toml", "indicators/reported/oru", "--as", "oru"])
        .args(["--as-of", "2026-11-28", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(ingest.status.success());
    let run = |format: &str| {
        let out = utblick()
            .current_dir(repo_root())
            .args([
                "missing",
                "plans/2023.toml",
                "--as-of",
                "2026-11-28",
                "--period",
                "2024",
                "--format",
                format,
                "--store",
            ])
            .arg(&store)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    // Only what actors report as values can be late: Kolada's values end in 2022, yet no
    // municipality owes them, and the registry's figures are counted, not sent. What the
    // registry lacks for the year is owed by the entry's owner as an update: a running
    // project's results, a twin town's exchanges (the sample registry has the rest).
    let text = run("text");
    assert_eq!(
        text,
        "Regionförbundet Örebro (regionforbundet)
  p-vatgas-ostersjon Baltic hydrogen valleys (registret): resultat 2024
  p-hallbar-besoksnaring Sustainable tourism destinations in rural Europe (registret): resultat 2024
Örebro universitet (oru)
  p-erasmus-mobilitet International credit mobility with partner universities in Africa and Asia (registret): resultat 2024
  p-edih-mellansverige European Digital Innovation Hub Mellansverige (registret): resultat 2024
ALMI Företagspartner Mälardalen / Enterprise Europe Network (almi-een)
  een-foretag Företag som fått internationaliseringsstöd av ALMI/EEN, antal: 2024
Degerfors kommun (degerfors)
  degerfors-huittinen Huittinen (registret): utbyten 2024
Ljusnarsbergs kommun (ljusnarsberg)
  ljusnarsberg-iisalmi Iisalmi (registret): utbyten 2024
Karlskoga kommun (karlskoga)
  karlskoga-kongsberg Kongsberg (registret): utbyten 2024
"
    );
    let csv = run("csv");
    assert!(
        csv.starts_with("\u{feff}aktör;aktörsnamn;indikator;indikatornamn;period;läge\r\n"),
        "{csv}"
    );
    let rows = csv.lines().count() - 1;
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let from_json: usize = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let periods: usize = a["missing"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["periods"].as_array().unwrap().len())
                .sum();
            periods + a["registry_updates"].as_array().unwrap().len()
        })
        .sum();
    assert_eq!(rows, from_json, "the three formats say the same");
}
