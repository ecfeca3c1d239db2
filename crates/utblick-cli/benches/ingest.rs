//! Ingest at national scale: 311 actors × 300 indicators × 30 years, a third by gender
//! (4,665,000 rows), against the floor of SQLite's own `.import` of the same file; and the
//! same rows shuffled, which ingest must stage before it can settle them.
//!
//! `cargo bench -p utblick-cli --bench ingest`; `BENCH_RUNS` (default 3) sets the runs per
//! measurement, of which the median is printed. Needs the `sqlite3` command for the floor.

#![allow(clippy::unwrap_used)] // a benchmark: a failed unwrap is a failed run

mod common;

use std::process::{Command, Stdio};

use common::{generate, measure, median, secs};

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    // BENCH_DIR keeps the generated files (e.g. for profiling); by default a temporary folder.
    let guard = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("BENCH_DIR")
        .map_or_else(|| guard.path().to_path_buf(), std::path::PathBuf::from);
    let t = std::time::Instant::now();
    let indicators: usize =
        std::env::var("BENCH_INDICATORS").ok().and_then(|s| s.parse().ok()).unwrap_or(300);
    let g = generate(dir.as_path(), indicators, 30, 2023);
    let size = std::fs::metadata(&g.data).unwrap().len();
    println!("generated {} rows, {:.0} MB, in {}", g.rows, size as f64 / 1e6, secs(t.elapsed()));

    // The same rows in random order: no indicator and actor comes as one block, so every row
    // is staged and the file settled series by series from the staging table.
    {
        let text = std::fs::read_to_string(&g.data).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        let mut rng = common::Rng::new(7);
        for i in (2..lines.len()).rev() {
            let j = 1 + (rng.next_u64() % i as u64) as usize;
            lines.swap(i, j);
        }
        std::fs::write(dir.as_path().join("shuffled.csv"), lines.join("\n") + "\n").unwrap();
    }

    let utblick = env!("CARGO_BIN_EXE_utblick");
    let ingest = |file: &str, dry: bool| {
        let store = "s.sqlite";
        let mut c = Command::new(utblick);
        c.current_dir(dir.as_path())
            .args(["ingest", "plan.toml", file, "--as", "samordnare", "--store", store])
            .args(["--as-of", "2023-06-15", "--format", "json", "--rejects", "rej"])
            .stdout(Stdio::null());
        if dry {
            c.arg("--dry-run");
        }
        c
    };

    let have_sqlite =
        Command::new("sqlite3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !have_sqlite {
        println!("sqlite3 not installed (apt-get install sqlite3): no floor measured");
    }
    let floor = || {
        let _ = std::fs::remove_file(dir.as_path().join("floor.db"));
        let mut c = Command::new("sqlite3");
        c.current_dir(dir.as_path()).args([
            "floor.db",
            ".mode csv",
            ".separator ;",
            ".import national.csv t",
        ]);
        c
    };
    let runs_of = [
        ("utblick ingest --dry-run", "national.csv", true),
        ("utblick ingest, new store", "national.csv", false),
        ("utblick ingest, new store, rows in random order", "shuffled.csv", false),
    ];
    // Alternating: each round runs every measurement once, the floor among them, so a ratio
    // compares runs made moments apart on this shared machine (its speed drifts by 10-20 %
    // over an hour). Per measurement: walls, peak, and the round's ratio to the floor.
    let mut walls = vec![Vec::new(); runs_of.len() + 1];
    let mut peaks = vec![0; runs_of.len() + 1];
    for _ in 0..runs {
        for (i, (label, file, dry)) in runs_of.iter().enumerate() {
            for f in ["s.sqlite", "s.sqlite-wal", "s.sqlite-shm"] {
                let _ = std::fs::remove_file(dir.as_path().join(f));
            }
            let m = measure(ingest(file, *dry));
            assert_eq!(m.status, 0, "{label} exited {}", m.status);
            walls[i].push(m.wall);
            peaks[i] = peaks[i].max(m.peak_kib);
        }
        if have_sqlite {
            let m = measure(floor());
            assert_eq!(m.status, 0);
            walls[runs_of.len()].push(m.wall);
            peaks[runs_of.len()] = peaks[runs_of.len()].max(m.peak_kib);
        }
    }
    let floors = walls[runs_of.len()].clone();
    let labels = runs_of.iter().map(|r| r.0).chain(["sqlite3 .import (floor)"]);
    println!(
        "\n| run ({runs} alternating rounds, median) | wall | rows/s | peak memory | × floor (median of the rounds' ratios) | ratios |"
    );
    println!("|---|---|---|---|---|---|");
    for ((label, walls), peak) in labels.zip(&walls).zip(&peaks) {
        if walls.is_empty() {
            continue;
        }
        let ratios: Vec<f64> =
            walls.iter().zip(&floors).map(|(w, f)| w.as_secs_f64() / f.as_secs_f64()).collect();
        let (ratio, each) = if ratios.is_empty() {
            ("–".to_string(), String::new())
        } else {
            let mut sorted = ratios.clone();
            sorted.sort_by(f64::total_cmp);
            let each: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
            (format!("{:.2}", sorted[sorted.len() / 2]), each.join(" "))
        };
        let wall = median(walls.clone());
        println!(
            "| {label} | {} | {:.0} | {:.0} MB | {ratio} | {each} |",
            secs(wall),
            g.rows as f64 / wall.as_secs_f64(),
            *peak as f64 / 1024.0
        );
    }
}
