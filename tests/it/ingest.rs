//! `utblick ingest` on the fixtures in `tests/ingest/cases/*/`.
//!
//! Each case folder holds its input file(s) and `args` (the inputs and options, one line).
//! The case is copied to a temporary folder and run there against `tests/ingest/plan.toml`,
//! received on 2023-06-15, into a new store, with rejected rows written to `rejected/`.
//! `expected` holds the exact output, the exit status and the rejects file. Run with
//! `SNAPSHOTS=overwrite` to rewrite them after a deliberate change, then review the diff.

use std::path::{Path, PathBuf};

use crate::{TempDir, repo_root, snapshot, utblick};

pub const AS_OF: &str = "2023-06-15";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Runs one case in a fresh copy; returns (stdout, exit code, rejects files written).
pub fn run_case(case: &Path, extra: &[&str]) -> (String, i32, Vec<(String, Vec<u8>)>) {
    let tmp = TempDir::new("ingest-case");
    copy_dir(case, tmp.path());
    let args = std::fs::read_to_string(case.join("args")).unwrap();
    let plan = repo_root().join("tests/ingest/plan.toml");
    let out = utblick()
        .current_dir(tmp.path())
        .arg("ingest")
        .arg(&plan)
        .args(args.split_whitespace())
        .args(["--store", "store.sqlite", "--as-of", AS_OF, "--rejects", "rejected"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "{}: {}", case.display(), String::from_utf8_lossy(&out.stderr));
    let mut rejects: Vec<(String, Vec<u8>)> = std::fs::read_dir(tmp.path().join("rejected"))
        .map(|d| {
            d.map(|e| {
                let e = e.unwrap();
                (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap())
            })
            .collect()
        })
        .unwrap_or_default();
    rejects.sort();
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap_or(-1), rejects)
}

fn cases() -> Vec<PathBuf> {
    let dir = repo_root().join("tests/ingest/cases");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    assert!(v.len() >= 40, "only {} ingest cases", v.len());
    v
}

#[test]
fn every_case_gives_its_exact_receipt() {
    let mut failures = Vec::new();
    for case in cases() {
        let (stdout, code, rejects) = run_case(&case, &[]);
        let mut got = format!("{stdout}exit: {code}\n");
        for (name, bytes) in rejects {
            got.push_str(&format!("--- {name}\n"));
            got.push_str(&String::from_utf8_lossy(&bytes).replace('\r', "\\r"));
        }
        failures.extend(snapshot(&case.join("expected"), &got).err());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_row_is_lost_in_any_case() {
    // stored + unchanged + rejected = read, for every file of every case, and the read count
    // is the number of non-blank data lines the file really has.
    for case in cases() {
        let args = std::fs::read_to_string(case.join("args")).unwrap();
        let extra: &[&str] = if args.contains("--format") { &[] } else { &["--format", "json"] };
        let (stdout, _, _) = run_case(&case, extra);
        let v: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{}: {e}\n{stdout}", case.display()));
        for f in v["files"].as_array().unwrap() {
            let rows = &f["rows"];
            let n = |k: &str| rows[k].as_u64().unwrap();
            assert_eq!(
                n("stored") + n("unchanged") + n("rejected"),
                n("read"),
                "{}: {f}",
                case.display()
            );
        }
    }
}

#[test]
fn a_file_the_case_names_as_accepted_stores_every_row() {
    for name in [
        "dialect-excel",
        "dialect-comma",
        "dialect-tab-1252",
        "dialect-quoted",
        "dialect-thousands-missing",
        "dialect-codes",
        "columns-any-order",
        "blank-trailing-lines",
        "quarter-and-month",
        "registry-dialect-excel",
        "registry-dialect-comma",
        "registry-dialect-tab-1252",
        "registry-blank-trailing-lines",
        "registry-coordinator",
    ] {
        let (stdout, code, rejects) =
            run_case(&repo_root().join("tests/ingest/cases").join(name), &[]);
        assert_eq!(code, 0, "{name}:\n{stdout}");
        assert!(rejects.is_empty(), "{name} wrote rejects");
        assert!(stdout.contains(" 0 avvisade"), "{name}:\n{stdout}");
    }
}
