//! Arguments clap parses into their types: a wrong one stops the run before anything is read,
//! with status 2 and a message that says what is accepted.

use crate::{TempDir, repo_root, utblick};

#[test]
fn a_wrong_period_is_refused_by_every_command_naming_the_spellings() {
    let tmp = TempDir::new("args-period");
    let store = tmp.path().join("s.sqlite");
    let store = store.to_str().unwrap();
    let plan = "plans/2023.toml";
    let commands: [&[&str]; 6] = [
        &["lock", plan, "--period", "20x3", "--reason", "x", "--by", "a", "--store", store],
        &["unlock", plan, "--period", "20x3", "--reason", "x", "--by", "a", "--store", store],
        &["approve", plan, "--period", "20x3", "--by", "a", "--store", store],
        &["missing", plan, "--period", "20x3", "--store", store],
        &["template", plan, "--actor", "oru", "--period", "20x3", "--store", store],
        &["history", "utlandska-studenter", "oru", "20x3", "--store", store],
    ];
    for args in commands {
        let out = utblick().current_dir(repo_root()).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            stderr.starts_with("error: invalid value '20x3' for ")
                && stderr.contains(
                    "`20x3` is not a period; write a year `2023`, a quarter `2023Q1` or `2023K1`, a month `2023M01` or `2023-01`, a school year `2022/23` or years `2019-2022`"
                ),
            "{args:?}: {stderr}"
        );
    }
    // Nothing was opened or made.
    assert!(!tmp.path().join("s.sqlite").exists());
}

#[test]
fn a_period_out_of_range_says_why() {
    let out = utblick()
        .current_dir(repo_root())
        .args(["missing", "plans/2023.toml", "--period", "2023Q5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`2023Q5` has no quarter 5; quarters run from 1 to 4"), "{stderr}");
}

#[test]
fn every_accepted_spelling_of_a_period_is_taken() {
    let tmp = TempDir::new("args-spellings");
    for period in ["2023", "2023Q1", "2023K1", "2023M01", "2023-01", "2022/23", "2019-2022"] {
        let out = utblick()
            .current_dir(repo_root())
            .args(["missing", "plans/2023.toml", "--as-of", "2026-11-28", "--period", period])
            .arg("--store")
            .arg(tmp.path().join("s.sqlite"))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{period}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
