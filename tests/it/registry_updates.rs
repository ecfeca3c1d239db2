//! Registry update files through `utblick ingest`, and the template they are made from: the
//! sample inbox's `register.csv` files (four dialects), re-ingest, a later file superseding an
//! earlier one, an actor updating another's entry, and the template's round trip. The row
//! problems, each with its exact receipt, are the `registry-*` cases of `tests/ingest/cases`.

use std::path::Path;

use utblick_store::Store;

use crate::{TempDir, repo_root, utblick};

/// `utblick ingest` of `inputs` (relative to the repository) into `store` as JSON, received
/// on 2026-11-28; the receipts' `files`, and the exit status.
fn ingest_json(
    plan: &str,
    inputs: &[&Path],
    extra: &[&str],
    store: &Path,
) -> (Vec<serde_json::Value>, i32) {
    let out = utblick()
        .current_dir(repo_root())
        .args(["ingest", plan, "--as-of", "2026-11-28", "--format", "json"])
        .args(inputs)
        .args(extra)
        .arg("--store")
        .arg(store)
        .arg("--rejects")
        .arg(store.with_extension("rejected"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (v["files"].as_array().unwrap().clone(), out.status.code().unwrap_or(-1))
}

/// The store's current registry updates as `entry field year value` lines.
fn updates(store: &Path) -> Vec<String> {
    Store::open(store)
        .unwrap()
        .registry_updates()
        .unwrap()
        .into_iter()
        .map(|u| {
            let year = u.year.map_or(String::new(), |y| y.to_string());
            format!("{} {} {year} {}", u.entry, u.field, u.value)
        })
        .collect()
}

#[test]
fn every_row_of_the_sample_inboxs_update_files_is_accepted_and_sent_again_is_already_in() {
    let tmp = TempDir::new("registry-sample");
    let store = tmp.path().join("s.sqlite");
    let inbox = Path::new("indicators/reported");
    let (files, code) = ingest_json("plans/2023.toml", &[inbox], &[], &store);
    assert_eq!(code, 0, "{files:?}");
    let registers: Vec<&serde_json::Value> =
        files.iter().filter(|f| f["file"].as_str().unwrap().ends_with("/register.csv")).collect();
    // The twelve municipalities, Regionförbundet and the Brussels office: fourteen files in
    // four dialects.
    assert_eq!(registers.len(), 14);
    let mut rows = 0;
    for f in &registers {
        let n = |k: &str| f["rows"][k].as_u64().unwrap();
        assert_eq!(f["outcome"]["kind"], "stored", "{f}");
        assert_eq!((n("rejected"), n("unchanged"), n("warnings")), (0, 0, 0), "{f}");
        assert_eq!(n("stored"), n("read"), "{f}");
        rows += n("read");
    }
    assert_eq!(rows, 27);
    assert_eq!(updates(&store).len(), 27);
    assert!(updates(&store).contains(&"kumla-lauenburg utbyten 2025 3".to_string()));

    // The same bytes from the same senders again: already ingested, nothing stored.
    let (files, code) = ingest_json("plans/2023.toml", &[inbox], &[], &store);
    assert_eq!(code, 0);
    for f in &files {
        assert_eq!(f["outcome"]["kind"], "already-ingested", "{f}");
    }
    assert_eq!(updates(&store).len(), 27);

    // The template shows the registry as it stands: Kumla's 2025 exchanges are in.
    let out = utblick()
        .current_dir(repo_root())
        .args(["template", "plans/2023.toml", "--actor", "kumla", "--registry", "--period", "2025"])
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "\u{feff}registerpost;namn;fält;år;nuvarande värde;giltiga värden;värde;kommentar\r\n\
         kumla-lauenburg;Lauenburg/Elbe (Tyskland);utbyten;2025;3;heltal ≥ 0;;\r\n\
         kumla-lauenburg;Lauenburg/Elbe (Tyskland);aktiviteter;2025;Studieresa till hamnen i Lauenburg om kombiterminaler.;text;;\r\n\
         kumla-ljutomer;Ljutomer (Slovenien);utbyten;2025;1;heltal ≥ 0;;\r\n\
         kumla-ljutomer;Ljutomer (Slovenien);aktiviteter;2025;;text;;\r\n"
    );
}

#[test]
fn a_later_file_supersedes_an_earlier_one_and_another_actors_entry_stores_nothing() {
    let tmp = TempDir::new("registry-supersede");
    let store = tmp.path().join("s.sqlite");
    let plan = "tests/ingest/plan.toml";
    let write = |name: &str, text: &str| {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let first = write(
        "first.csv",
        "registerpost;fält;år;värde\norebro-lodz;utbyten;2023;2\nerrin;möten;2023;5\np-export;status;;ansökt\n",
    );
    let (files, code) = ingest_json(plan, &[&first], &["--as", "orebro"], &store);
    assert_eq!((code, files[0]["rows"]["stored"].as_u64()), (0, Some(3)));

    // Kumla may not update Örebro's entries: those rows are rejected and nothing of them is
    // stored; its own is.
    let kumla = write(
        "kumla.csv",
        "registerpost;fält;år;värde\norebro-lodz;utbyten;2023;9\nerrin;möten;2023;9\nkumla-lauenburg;utbyten;2023;1\n",
    );
    let (files, code) = ingest_json(plan, &[&kumla], &["--as", "kumla"], &store);
    assert_eq!(code, 1);
    let codes: Vec<&str> = files[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["not-own-entry", "not-own-entry"]);
    assert_eq!(
        updates(&store),
        [
            "errin möten 2023 5",
            "kumla-lauenburg utbyten 2023 1",
            "orebro-lodz utbyten 2023 2",
            "p-export status  applied",
        ]
    );

    // A later file of Örebro's: a new value supersedes the earlier one of the same entry,
    // field and year; an equal one is unchanged and stores nothing.
    let later = write(
        "later.csv",
        "registerpost;fält;år;värde\norebro-lodz;utbyten;2023;4\nerrin;möten;2023;5\np-export;status;;pågår\n",
    );
    let (files, code) = ingest_json(plan, &[&later], &["--as", "orebro"], &store);
    assert_eq!(code, 0);
    let rows = &files[0]["rows"];
    assert_eq!((rows["stored"].as_u64(), rows["unchanged"].as_u64()), (Some(2), Some(1)));
    assert_eq!(
        updates(&store),
        [
            "errin möten 2023 5",
            "kumla-lauenburg utbyten 2023 1",
            "orebro-lodz utbyten 2023 4",
            "p-export status  running",
        ]
    );
    // Each current update names the submission it came in.
    let s = Store::open(&store).unwrap();
    let current = s.registry_updates().unwrap();
    let from: Vec<(&str, i64)> =
        current.iter().map(|u| (u.entry.as_str(), u.submission_id)).collect();
    assert_eq!(from, [("errin", 1), ("kumla-lauenburg", 2), ("orebro-lodz", 3), ("p-export", 3)]);
}

#[test]
fn a_filled_registry_template_ingests_with_nothing_rejected() {
    let tmp = TempDir::new("registry-template");
    let store = tmp.path().join("s.sqlite");
    let dir = tmp.path().join("mallar");
    let out = utblick()
        .current_dir(repo_root())
        .args(["template", "plans/2023.toml", "--all", "--registry", "--period", "2025", "--out"])
        .arg(&dir)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Every municipality with a twin town, Regionförbundet, Region Örebro län, Örebro
    // universitet, ALMI and the Brussels office.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert!(names.iter().all(|n| n.ends_with("-register.csv")), "{names:?}");
    assert!(names.contains(&"kumla-register.csv".to_string()), "{names:?}");
    assert!(names.contains(&"regionforbundet-register.csv".to_string()), "{names:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{} registermallar skrevs till {}\n", names.len(), dir.display())
    );

    // Fill in the value column as an officer would: a count, a status, a day, an amount, a
    // text; some rows are left blank (nothing to update).
    let inbox = tmp.path().join("inkorg");
    for name in &names {
        let actor = name.trim_end_matches("-register.csv");
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            text.starts_with('\u{feff}') && text.contains("\r\n"),
            "{name}: not the Excel dialect"
        );
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut wtr = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
        wtr.write_record(rdr.headers().unwrap()).unwrap();
        for (i, rec) in rdr.records().enumerate() {
            let mut fields: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
            fields[6] = match fields[2].as_str() {
                // (A year's meetings are never left out: political ones are among them.)
                f if i % 5 == 4 && f != "möten" => String::new(),
                "status" => "pågår".into(),
                "beslut" => "2025-03-14".into(),
                "beviljat" => "1 250 000".into(),
                "resultat" | "aktiviteter" => "Ett möte; två besök.".into(),
                "politiska möten" => "1".into(),
                _ => "3".into(),
            };
            wtr.write_record(&fields).unwrap();
        }
        std::fs::create_dir_all(inbox.join(actor)).unwrap();
        std::fs::write(inbox.join(actor).join("register.csv"), wtr.into_inner().unwrap()).unwrap();
    }
    let (files, code) = ingest_json("plans/2023.toml", &[&inbox], &[], &store);
    assert_eq!(files.len(), names.len());
    for f in &files {
        assert_eq!(f["rows"]["rejected"], 0, "{f}");
        assert!(f["rows"]["stored"].as_u64().unwrap() > 0, "{f}");
    }
    assert_eq!(code, 0);
}

#[test]
fn missing_owes_a_registry_update_until_its_owner_sends_it() {
    let tmp = TempDir::new("registry-missing");
    let store = tmp.path().join("s.sqlite");
    let plan = "plans/2023.toml";
    let missing = || {
        let out = utblick()
            .current_dir(repo_root())
            .args(["missing", plan, "--as-of", "2026-11-28", "--period", "2024", "--store"])
            .arg(&store)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let owed =
        "Degerfors kommun (degerfors)\n  degerfors-huittinen Huittinen (registret): utbyten 2024\n";
    let before = missing();
    assert!(before.contains(owed), "{before}");
    let file = repo_root().join("tests/registry/degerfors-exchanges-2024.csv");
    let (files, code) = ingest_json(plan, &[&file], &["--as", "degerfors"], &store);
    assert_eq!((code, files[0]["rows"]["stored"].as_u64()), (0, Some(1)));
    let after = missing();
    assert!(!after.contains("degerfors"), "{after}");
    // Everything else owed is owed still.
    assert_eq!(after, before.replace(owed, ""));
}
