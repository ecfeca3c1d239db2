//! `utblick plan check` on the fixtures in `tests/plan_check/cases/*/`.
//!
//! Each case folder holds `plan.toml` (the small valid plan of `tests/plan_check/base.toml`
//! with deliberate mistakes), optionally `args` (extra arguments, one line), and `expected`:
//! the exact output followed by the exit status. Run with `SNAPSHOTS=overwrite` to rewrite the
//! `expected` files after a deliberate change, then review the diff; CI never sets it.

use std::path::Path;

use crate::{repo_root, snapshot, utblick};

fn run_case(dir: &Path) -> String {
    let args = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
    let mut cmd = utblick();
    cmd.current_dir(dir).args(["plan", "check", "plan.toml"]).args(args.split_whitespace());
    let out = cmd.output().expect("run utblick");
    assert!(
        out.stderr.is_empty(),
        "{}: stderr {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    format!(
        "{}exit: {}\n",
        String::from_utf8(out.stdout).expect("utf-8 output"),
        out.status.code().unwrap_or(-1)
    )
}

#[test]
fn every_case_gives_its_exact_diagnostics() {
    let cases = repo_root().join("tests/plan_check/cases");
    let mut dirs: Vec<_> = std::fs::read_dir(&cases).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    // One case per check of the issue, at least; a missing folder must not pass silently.
    assert!(dirs.len() >= 26, "only {} cases in {}", dirs.len(), cases.display());
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|dir| snapshot(&dir.join("expected"), &run_case(dir)).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_case_shows_the_check_it_is_named_after() {
    // The folder name is the diagnostic code the case is about (apart from the few whole-run
    // cases), so a fixture that stops triggering its check is caught even after an update.
    let cases = repo_root().join("tests/plan_check/cases");
    for entry in std::fs::read_dir(&cases).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if ["ok", "json", "five-mistakes", "control-characters"].contains(&name.as_str()) {
            continue;
        }
        let out = run_case(&dir);
        assert!(out.contains(&format!("[{name}]")), "case {name} does not report `{name}`:\n{out}");
    }
}

#[test]
fn five_deliberate_mistakes_give_five_diagnostics_in_one_run() {
    let out = run_case(&repo_root().join("tests/plan_check/cases/five-mistakes"));
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(errors.len(), 5, "{out}");
    assert!(out.ends_with("5 errors, 0 warnings\nexit: 1\n"), "{out}");
}

#[test]
fn the_sample_plan_passes_without_errors() {
    let out = utblick()
        .current_dir(repo_root())
        .args(["plan", "check", "plans/2023.toml"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("plan ok: Verksamhetsplan 2023"), "{text}");
    // The sample meets the floor: 3 areas, 12+ activities, 24+ indicators.
    assert!(text.contains("3 areas"), "{text}");
    let count = |word: &str| -> usize {
        text.split(", ")
            .find(|p| p.ends_with(word))
            .and_then(|p| p.split(' ').next()?.parse().ok())
            .unwrap_or(0)
    };
    assert!(count("activities") >= 12, "{text}");
    assert!(count("indicator targets") >= 24, "{text}");
}

#[test]
fn json_output_is_valid_and_complete() {
    let out = run_case(&repo_root().join("tests/plan_check/cases/json"));
    let json = out.rsplit_once("exit: ").unwrap().0;
    let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    assert_eq!(v["errors"], 5);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 5);
    assert_eq!(v["diagnostics"][0]["file"], "plan.toml");
    assert_eq!(v["diagnostics"][0]["line"], 29);
}

#[test]
fn missing_plan_and_bad_arguments_exit_2() {
    let out = utblick().args(["plan", "check", "no/such/plan.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("utblick: cannot read the plan no/such/plan.toml:"), "{err}");
    let out =
        utblick().args(["plan", "check", "--format", "xml", "plans/2023.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn plan_diff_lists_a_known_set_of_changes() {
    let run = |format: &str| {
        let out = utblick()
            .current_dir(repo_root().join("tests/plan_diff"))
            .args(["plan", "diff", "old.toml", "new.toml", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run("text");
    if let Err(diff) = snapshot(&repo_root().join("tests/plan_diff/expected"), &text) {
        panic!("{diff}");
    }
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let kinds: Vec<(String, String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["what"].as_str().unwrap().into(),
                c["id"].as_str().unwrap().into(),
                c["change"].as_str().unwrap().into(),
            )
        })
        .collect();
    let k = |w: &str, i: &str, c: &str| (w.to_string(), i.to_string(), c.to_string());
    assert_eq!(
        kinds,
        [
            k("plan", "", "changed"),
            k("goal", "F1", "changed"),
            k("goal", "F2", "added"),
            k("indicator", "sysselsattning", "changed"),
            k("indicator", "natverksmoten", "removed"),
            k("indicator", "nyforetagande", "added"),
            k("activity", "A01", "changed"),
            k("activity", "A02", "added"),
            k("project", "p-export", "changed"),
            k("network", "n-errin", "changed"),
            k("platform", "cor", "removed"),
            k("consultation", "r-cohesion", "added"),
            k("twin_town", "orebro-lodz", "changed"),
        ]
    );
}

#[test]
fn roll_over_of_the_sample_plan_passes_plan_check() {
    let tmp = crate::TempDir::new("rollover");
    let store = tmp.path().join("s.sqlite");
    let ingest = crate::ingest_sample(&store);
    assert!(ingest.status.success());
    let out_path = tmp.path().join("2024.toml");
    let out = utblick()
        .current_dir(repo_root())
        .args([
            "plan",
            "new",
            "--from",
            "plans/2023.toml",
            "--year",
            "2024",
            "--as-of",
            "2026-11-28",
            "--store",
        ])
        .arg(&store)
        .arg("--out")
        .arg(&out_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("plan ok: Verksamhetsplan 2024"), "{stdout}");
    let text = std::fs::read_to_string(&out_path).unwrap();
    // Comments and layout survive; the header says where it came from.
    assert!(text.starts_with(
        "# Verksamhetsplan 2024: made by `utblick plan new` from plans/2023.toml (plan 2023)\n"
    ));
    assert!(text.contains("# --- Attraktivitet ---"), "section comments kept");
    // Employment rate: the county's 2022 value; done activity A09 dropped; others planned.
    assert!(text.contains("indicator = \"N02267\"\ngoal = \"F2\"\nresponsible = \"region-orebro\"\nbaseline = { period = \"2022\", value = 80.9 }"), "{text}");
    assert!(!text.contains("id = \"A09\""));
    assert!(!text.contains("status = \"ongoing\""));
    assert!(!text.contains("adopted ="));
    // Run again: the file is not overwritten.
    let again = utblick()
        .current_dir(repo_root())
        .args(["plan", "new", "--from", "plans/2023.toml", "--year", "2024", "--store"])
        .arg(&store)
        .arg("--out")
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}
