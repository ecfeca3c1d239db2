//! The national-scale data generator and the measuring helpers shared by the benchmarks.
//!
//! Seeded, so every run writes the same bytes: all 290 municipalities and 21 regions with
//! their real Kolada codes (`benches/data/kolada-municipalities.csv`, from Kolada via the
//! rKolada package), `indicators` indicators of which every third is split by gender, over
//! `years` years. With 300 indicators and 30 years that is 4,665,000 rows; for one county
//! (`generate_county`, Örebro län's 13 actors) 195,000.

#![allow(dead_code, clippy::unwrap_used)]

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Generated {
    pub dir: PathBuf,
    pub plan: PathBuf,
    pub data: PathBuf,
    pub rows: u64,
}

/// A small, fast, seeded generator (SplitMix64): the benchmark data must not depend on a
/// crate's choice of algorithm between versions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub struct Place {
    pub code: String,
    pub name: String,
    pub region: bool,
}

pub fn places() -> Vec<Place> {
    let text = include_str!("../data/kolada-municipalities.csv");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.splitn(3, ',');
            let (code, name, kind) = (f.next()?, f.next()?, f.next()?);
            (code != "0000").then(|| Place {
                code: code.into(),
                name: name.into(),
                region: kind.trim() == "L",
            })
        })
        .collect()
}

/// Writes the actors, catalogue, plan and one submission of the whole country into `dir`.
pub fn generate(dir: &Path, indicators: usize, years: i32, seed: u64) -> Generated {
    let places = places();
    assert_eq!(places.len(), 311, "290 municipalities and 21 regions");
    generate_for(dir, indicators, years, seed, &places)
}

/// One county's data set: its region and its municipalities (codes beginning with the
/// county's two digits; `18` is Örebro län, 13 actors).
pub fn generate_county(
    dir: &Path,
    county: &str,
    indicators: usize,
    years: i32,
    seed: u64,
) -> Generated {
    let region = format!("00{county}");
    let places: Vec<Place> = places()
        .into_iter()
        .filter(|p| p.code == region || (p.code.len() == 4 && p.code.starts_with(county)))
        .collect();
    assert_eq!(places.len(), if county == "18" { 13 } else { places.len() });
    generate_for(dir, indicators, years, seed, &places)
}

/// As [`generate`], for the actors `places`.
pub fn generate_for(
    dir: &Path,
    indicators: usize,
    years: i32,
    seed: u64,
    places: &[Place],
) -> Generated {
    std::fs::create_dir_all(dir).unwrap();

    let mut actors = String::from(
        "[[actor]]\nid = \"samordnare\"\nname = \"Samordnaren\"\nkind = \"association\"\ncoordinator = true\n\n",
    );
    for p in places {
        let kind = if p.region { "region" } else { "kommun" };
        writeln!(
            actors,
            "[[actor]]\nid = \"a{}\"\nname = \"{}\"\nkind = \"{kind}\"\ncode = \"{}\"\n",
            p.code, p.name, p.code
        )
        .unwrap();
    }
    std::fs::write(dir.join("actors.toml"), actors).unwrap();

    let mut catalogue = String::new();
    for i in 0..indicators {
        let gender = if i % 3 == 0 { "gender = \"tkm\"\n" } else { "" };
        let agg = if i % 2 == 0 {
            "aggregation = \"sum\"\n"
        } else {
            "aggregation = \"weighted-mean\"\nweight = \"B000\"\n"
        };
        writeln!(
            catalogue,
            "[[indicator]]\nid = \"B{i:03}\"\nname = \"Benchmark {i}\"\nunit = \"antal\"\ndirection = \"increase\"\n\
             period = \"year\"\n{gender}range = {{ min = 0 }}\nsource = \"generated\"\n{agg}\
             reporter_kinds = [\"kommun\", \"region\"]\n"
        )
        .unwrap();
    }
    std::fs::write(dir.join("catalogue.toml"), catalogue).unwrap();

    let first = 2023 - years;
    let mut plan = String::from(
        "title = \"Benchmark\"\nyear = 2023\ncatalogue = \"catalogue.toml\"\nactors = \"actors.toml\"\n\n\
         [[area]]\nid = \"a\"\nname = \"Area\"\n\n[[goal]]\nid = \"g\"\narea = \"a\"\ntitle = \"Goal\"\n\n",
    );
    for i in 0..indicators {
        writeln!(
            plan,
            "[[target]]\nindicator = \"B{i:03}\"\ngoal = \"g\"\nresponsible = \"samordnare\"\n\
             baseline = {{ period = \"{first}\", value = 100 }}\ntarget = {{ period = \"2030\", value = 200 }}\n"
        )
        .unwrap();
    }
    std::fs::write(dir.join("plan.toml"), plan).unwrap();

    // The submission: Swedish Excel dialect, decimal comma, by the coordinator.
    let data = dir.join("national.csv");
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&data).unwrap());
    w.write_all(b"indikator;aktor;period;kon;varde\n").unwrap();
    let mut rng = Rng::new(seed);
    let mut rows = 0u64;
    let mut line = String::new();
    for i in 0..indicators {
        let genders: &[&str] = if i % 3 == 0 { &["T", "K", "M"] } else { &[""] };
        for p in places {
            for g in genders {
                let mut v = 50.0 + rng.unit() * 950.0;
                for y in first..2023 {
                    v = (v * (0.97 + rng.unit() * 0.07)).max(0.0);
                    line.clear();
                    let int = v.trunc() as u64;
                    let frac = ((v.fract() * 100.0) as u64).min(99);
                    writeln!(line, "B{i:03};{};{y};{g};{int},{frac:02}", p.code).unwrap();
                    w.write_all(line.as_bytes()).unwrap();
                    rows += 1;
                }
            }
        }
    }
    w.flush().unwrap();
    Generated { dir: dir.to_path_buf(), plan: dir.join("plan.toml"), data, rows }
}

/// Wall time and peak resident memory of one child process.
pub struct Measured {
    pub wall: Duration,
    pub peak_kib: u64,
    pub status: i32,
}

/// Runs `cmd`, sampling its peak resident memory (`VmHWM`, a high-water mark kept by the
/// kernel) from `/proc` every 10 ms until it exits.
pub fn measure(mut cmd: Command) -> Measured {
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_path)
            && let Some(kib) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Measured { wall: start.elapsed(), peak_kib, status: status.code().unwrap_or(-1) }
}

pub fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
