//! A reader that closes standard output early (`utblick … | head`) ends the run quietly.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::{TempDir, repo_root, utblick};

/// More than a pipe holds: 64 KiB by default on Linux, and 1 MiB is the most an unprivileged
/// process may ask for. A run that writes more cannot finish before it meets the closed pipe.
const MORE_THAN_A_PIPE_HOLDS: usize = 1 << 20;

/// `utblick ingest --dry-run --format json` of a file of `rows` rows of an unknown indicator:
/// the receipt has a diagnostic of some 350 bytes per row.
fn ingest_unknown_rows(tmp: &TempDir, rows: usize) -> Command {
    let mut csv = String::from("Indikator;Kommunkod;År;Kön;Värde;Kommentar\n");
    for i in 0..rows {
        csv.push_str(&format!("okänd;1881;{};;{i};\n", 2000 + i % 20));
    }
    let input = tmp.path().join("inrapportering.csv");
    std::fs::write(&input, csv).unwrap();
    let mut cmd = utblick();
    cmd.current_dir(repo_root())
        .args(["ingest", "plans/2023.toml"])
        .arg(&input)
        .args(["--as", "kumla", "--dry-run", "--format", "json", "--as-of", "2026-11-28"])
        .arg("--store")
        .arg(tmp.path().join("store.sqlite"));
    cmd
}

#[test]
fn a_closed_pipe_ends_the_run_with_status_0_and_nothing_on_stderr() {
    let tmp = TempDir::new("pipes");
    let mut cmd = ingest_unknown_rows(&tmp, 4000);

    // The premise: read to the end, the output is more than any pipe holds.
    let whole = cmd.output().unwrap();
    assert_eq!(whole.status.code(), Some(1), "{}", String::from_utf8_lossy(&whole.stderr));
    assert!(
        whole.stdout.len() > MORE_THAN_A_PIPE_HOLDS,
        "only {} bytes: too little to fill a pipe",
        whole.stdout.len()
    );

    // `| head -c 16`: read a little, then close the pipe while the run still writes.
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = [0; 16];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(head, whole.stdout[..16]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
