//! The follow-up report: the sample plan's, a county's (Örebro län's 13 actors × 300
//! indicators × 30 years: ingest and report, the yearly job of a county plan) and a national
//! one (311 actors × 300 indicators × 30 years from the ingest benchmark's generator), from a
//! built binary.
//!
//! `cargo bench -p utblick-cli --bench report`; `BENCH_RUNS` (default 3) runs per figure, the
//! median printed. The stores are filled first and not timed.

#![allow(clippy::unwrap_used)] // a benchmark: a failed unwrap is a failed run

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{generate, generate_county, measure, median, secs};

fn utblick(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_utblick"));
    c.current_dir(dir).stdout(Stdio::null());
    c
}

fn run_report(
    label: &str,
    runs: usize,
    make: impl Fn() -> Command,
) -> (String, std::time::Duration, u64) {
    let mut walls = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let m = measure(make());
        assert_eq!(m.status, 0, "{label} exited {}", m.status);
        walls.push(m.wall);
        peak = peak.max(m.peak_kib);
    }
    (label.to_string(), median(walls), peak)
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    let indicators: usize =
        std::env::var("BENCH_INDICATORS").ok().and_then(|s| s.parse().ok()).unwrap_or(300);
    // `BENCH_DIR` keeps the data and stores in a folder of one's choice, and a national store
    // already there is used again (for profiling one step without filling it each time).
    let tmp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(tmp.path());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");

    // The sample plan on its sample inbox.
    let status = utblick(&repo)
        .args([
            "ingest",
            "plans/2023.toml",
            "indicators/reported",
            "--as-of",
            "2026-11-28",
            "--store",
        ])
        .arg(dir.join("sample.sqlite"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut report = Vec::new();
    report.push(run_report("sample plan (26 indicators, 6,061 values)", runs, || {
        let mut c = utblick(&repo);
        c.args(["report", "plans/2023.toml", "--as-of", "2026-11-28", "--store"])
            .arg(dir.join("sample.sqlite"))
            .arg("--out")
            .arg(dir.join("sample-report"));
        c
    }));

    // One county's plan of 300 indicators: ingest into a new store and the report, each
    // timed, and the two together (the target: one second).
    let c = generate_county(&dir.join("county"), "18", indicators, 30, 2024);
    let (mut ingests, mut reports, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let mut county_peak = 0;
    for _ in 0..runs {
        let _ = std::fs::remove_file(c.dir.join("c.sqlite"));
        let mut ingest = utblick(&c.dir);
        ingest.args(["ingest", "plan.toml", "national.csv", "--as", "samordnare"]).args([
            "--store",
            "c.sqlite",
            "--as-of",
            "2023-06-15",
            "--rejects",
            "rej",
        ]);
        let i = measure(ingest);
        assert_eq!(i.status, 0, "county ingest exited {}", i.status);
        let mut rep = utblick(&c.dir);
        rep.args(["report", "plan.toml", "--store", "c.sqlite", "--out", "out"])
            .args(["--as-of", "2023-06-15"]);
        let r = measure(rep);
        assert_eq!(r.status, 0, "county report exited {}", r.status);
        county_peak = county_peak.max(i.peak_kib).max(r.peak_kib);
        ingests.push(i.wall);
        reports.push(r.wall);
        both.push(i.wall + r.wall);
    }
    let county = format!("county ({indicators} indicators, 13 actors, {} values)", c.rows);
    report.push((format!("{county}: ingest"), median(ingests), county_peak));
    report.push((format!("{county}: report"), median(reports), county_peak));
    report.push((format!("{county}: ingest + report"), median(both), county_peak));

    // The national data set (`BENCH_NATIONAL=0` leaves it out).
    if std::env::var("BENCH_NATIONAL").is_ok_and(|v| v == "0") {
        print_table(runs, &report);
        return;
    }
    let g = generate(&dir.join("national"), indicators, 30, 2023);
    if kept.is_none() || !g.dir.join("n.sqlite").exists() {
        let t = std::time::Instant::now();
        let status = utblick(&g.dir)
            .args(["ingest", "plan.toml", "national.csv", "--as", "samordnare"])
            .args(["--store", "n.sqlite", "--as-of", "2023-06-15", "--format", "json"])
            .args(["--rejects", "rej"])
            .status()
            .unwrap();
        assert!(status.success());
        println!(
            "national store: {} rows ingested in {} (not part of the figures)",
            g.rows,
            secs(t.elapsed())
        );
    }
    report.push(run_report(
        &format!("national ({indicators} indicators, {} values)", g.rows),
        runs,
        || {
            let mut c = utblick(&g.dir);
            c.args([
                "report",
                "plan.toml",
                "--store",
                "n.sqlite",
                "--out",
                "out",
                "--as-of",
                "2023-06-15",
            ]);
            c
        },
    ));
    let html = std::fs::metadata(g.dir.join("out/index.html")).map(|m| m.len()).unwrap_or(0);
    print_table(runs, &report);
    println!("\nnational index.html: {:.1} MB", html as f64 / 1e6);
}

fn print_table(runs: usize, report: &[(String, std::time::Duration, u64)]) {
    println!("\n| report ({runs} runs, median) | wall | peak memory |");
    println!("|---|---|---|");
    for (label, wall, peak) in report {
        println!("| {label} | {} | {:.0} MB |", secs(*wall), *peak as f64 / 1024.0);
    }
}
