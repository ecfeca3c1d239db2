//! Progress and `--quiet`: a bar is drawn only on a terminal, never into a pipe, and `--quiet`
//! leaves a run that went well silent while still telling what makes the exit status non-zero.

use std::path::Path;
use std::process::Output;

use crate::{TempDir, repo_root, utblick};

/// `followup` of the sample plan, as the report tests run it, with `extra` arguments.
fn sample_followup(tmp: &Path, extra: &[&str]) -> Output {
    utblick()
        .current_dir(repo_root())
        .args(["followup", "plans/2023.toml", "--as-of", "2026-11-28", "--store"])
        .arg(tmp.join("s.sqlite"))
        .arg("--out")
        .arg(tmp.join("r"))
        .args(extra)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// A progress bar redraws its line with `\r` and moves and clears with escape sequences.
fn has_terminal_controls(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b == b'\r' || b == 0x1b)
}

#[test]
fn a_quiet_followup_of_the_sample_prints_nothing_and_succeeds() {
    let tmp = TempDir::new("quiet-followup");
    for (n, quiet) in [["--quiet"], ["-q"]].iter().enumerate() {
        // The first run stores everything; the second finds it all in already.
        let out = sample_followup(tmp.path(), quiet);
        assert_eq!(out.status.code(), Some(0), "run {n}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "run {n}: {}", text(&out.stdout));
        assert!(out.stderr.is_empty(), "run {n}: {}", text(&out.stderr));
    }
    // The report was written all the same.
    assert!(tmp.path().join("r/index.html").is_file());
}

#[test]
fn piped_output_carries_no_progress() {
    let tmp = TempDir::new("piped-followup");
    let out = sample_followup(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!has_terminal_controls(&out.stderr), "{:?}", text(&out.stderr));
    assert!(!has_terminal_controls(&out.stdout), "{:?}", text(&out.stdout));
    // Without --quiet the run says what it did.
    assert!(text(&out.stdout).contains("\nrapport: "), "{}", text(&out.stdout));
}

#[test]
fn the_flag_is_global_and_its_help_says_what_is_still_printed() {
    let out = utblick().args(["report", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("-q, --quiet"), "{help}");
    assert!(help.contains("exit status non-zero"), "{help}");
}

/// An ingest with `--quiet` of two files: one clean, one with a rejected row.
#[test]
fn quiet_still_tells_what_makes_the_exit_status_non_zero() {
    let tmp = TempDir::new("quiet-ingest");
    let dir = tmp.path();
    let head = "indikator;aktör;period;värde\n";
    std::fs::write(dir.join("a.csv"), format!("{head}utlandska-studenter;oru;2019;720\n")).unwrap();
    std::fs::write(
        dir.join("b.csv"),
        format!("{head}utlandska-studenter;oru;2020;430\nutlandska-studenter;oru;20x1;1\n"),
    )
    .unwrap();
    let ingest = |files: &[&str], quiet: bool| {
        let mut cmd = utblick();
        cmd.current_dir(repo_root()).args(["ingest", "plans/2023.toml"]);
        for f in files {
            cmd.arg(dir.join(f));
        }
        cmd.args(["--as", "oru", "--dry-run", "--as-of", "2026-11-28", "--store"])
            .arg(dir.join("s.sqlite"))
            .arg("--rejects")
            .arg(dir.join("rejected"));
        if quiet {
            cmd.arg("-q");
        }
        cmd.output().unwrap()
    };

    // A file that goes in clean: nothing at all.
    let clean = ingest(&["a.csv"], true);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stdout));
    assert!(clean.stdout.is_empty() && clean.stderr.is_empty(), "{}", text(&clean.stdout));

    // With a rejected row: that file's receipt, not the clean one's, and no total.
    let loud = ingest(&["a.csv", "b.csv"], false);
    let quiet = ingest(&["a.csv", "b.csv"], true);
    assert_eq!(loud.status.code(), Some(1), "{}", text(&loud.stdout));
    assert_eq!(quiet.status.code(), Some(1), "{}", text(&quiet.stdout));
    let (loud, quiet) = (text(&loud.stdout), text(&quiet.stdout));
    assert!(loud.contains("a.csv") && loud.contains("\ntotalt: 2 filer"), "{loud}");
    assert!(quiet.contains("b.csv") && quiet.contains("20x1"), "{quiet}");
    assert!(!quiet.contains("a.csv") && !quiet.contains("totalt:"), "{quiet}");
    // What it says of that file is what the full run says of it.
    let receipt_b = quiet.lines().next().unwrap();
    assert!(loud.lines().any(|l| l == receipt_b), "{receipt_b}\n{loud}");
}
