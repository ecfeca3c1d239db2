//! Whole-binary tests: run the built `utblick` on fixture files under `tests/`.

#![allow(clippy::unwrap_used)] // a test binary: a failed unwrap is a failed test

mod args;
mod hostile;
mod ingest;
mod ingest_store;
mod kolada;
mod pipes;
mod plan_check;
mod progress;
mod registry;
mod registry_updates;
mod report;
mod second_county;
mod template;
mod user;

use std::path::PathBuf;
use std::process::Command;

/// The repository root (two levels above the CLI crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

/// Compares `actual` with the expected file at `path`, exactly (newlines aside), through
/// snapbox. After a deliberate change, `SNAPSHOTS=overwrite cargo test` rewrites the file;
/// review the diff before committing it. `Err` holds the difference, so a test over many
/// cases can report them all at once.
pub fn snapshot(path: &std::path::Path, actual: &str) -> Result<(), String> {
    let assert = snapbox::Assert::new().action_env(snapbox::assert::DEFAULT_ACTION_ENV);
    // snapbox rewrites an existing file only: a new case's file is made empty first.
    if !path.exists()
        && std::env::var(snapbox::assert::DEFAULT_ACTION_ENV).as_deref() == Ok("overwrite")
    {
        std::fs::write(path, "").unwrap();
    }
    assert
        .try_eq(
            Some(&path.display()),
            snapbox::Data::text(actual.to_string()),
            snapbox::Data::read_from(path, None).raw(),
        )
        .map_err(|e| e.to_string())
}

pub fn utblick() -> Command {
    Command::new(env!("CARGO_BIN_EXE_utblick"))
}

/// Imports the sample's saved Kolada pages and ingests its inbox into `store`, received on
/// 2026-11-28; the inbox's output.
pub fn ingest_sample(store: &std::path::Path) -> std::process::Output {
    let kolada = utblick()
        .current_dir(repo_root())
        .args(["kolada", "import", "plans/2023.toml", "indicators/kolada", "--as-of", "2026-11-28"])
        .arg("--store")
        .arg(store)
        .output()
        .unwrap();
    assert!(kolada.status.success(), "{}", String::from_utf8_lossy(&kolada.stdout));
    utblick()
        .current_dir(repo_root())
        .args([
            "ingest",
            "plans/2023.toml",
            "indicators/reported",
            "--as-of",
            "2026-11-28",
            "--store",
        ])
        .arg(store)
        .output()
        .unwrap()
}

/// A temporary folder, removed when dropped.
pub struct TempDir(tempfile::TempDir);

impl TempDir {
    pub fn new(prefix: &str) -> TempDir {
        TempDir(
            tempfile::Builder::new()
                .prefix(&format!("utblick-{prefix}-"))
                .tempdir()
                .expect("temp dir"),
        )
    }

    pub fn path(&self) -> &std::path::Path {
        self.0.path()
    }
}
