//! The schema and its migrations. Migrations are code: each entry of [`MIGRATIONS`] takes the
//! store from version `i` to `i + 1`, in its own transaction, and is never edited once released.

use rusqlite::Connection;

use crate::{Result, StoreError};

pub const MIGRATIONS: &[&str] = &[
    // 1: submissions and every value ever stored. The current value of a key is its revision
    // of the latest submission; `observation` is that, as a view. One B-tree holds the values
    // (keyed by indicator, actor, gender, period and submission), so a bulk ingest writes
    // each value once.
    "CREATE TABLE submission (
         id INTEGER PRIMARY KEY,
         submitter TEXT NOT NULL,
         file_name TEXT NOT NULL,
         sha256 TEXT NOT NULL UNIQUE,
         received_at TEXT NOT NULL,
         rows_read INTEGER NOT NULL DEFAULT 0,
         rows_stored INTEGER NOT NULL DEFAULT 0,
         rows_unchanged INTEGER NOT NULL DEFAULT 0,
         rows_rejected INTEGER NOT NULL DEFAULT 0,
         warnings INTEGER NOT NULL DEFAULT 0
     );
     CREATE TABLE revision (
         indicator TEXT NOT NULL,
         actor TEXT NOT NULL,
         gender TEXT NOT NULL,
         period TEXT NOT NULL,
         submission_id INTEGER NOT NULL REFERENCES submission (id),
         value REAL,
         missing TEXT,
         comment TEXT NOT NULL,
         line INTEGER NOT NULL,
         PRIMARY KEY (indicator, actor, gender, period, submission_id),
         CHECK ((value IS NULL) <> (missing IS NULL))
     ) WITHOUT ROWID;
     -- SQLite takes the bare columns of a max() aggregate from the row that has the max.
     CREATE VIEW observation AS
         SELECT indicator, actor, gender, period, max(submission_id) AS submission_id,
                value, missing, comment, line
         FROM revision GROUP BY indicator, actor, gender, period;",
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The per-connection staging table, for a file whose series come in no order: its rows wait
/// here under their series number until all are read, then come back series by series.
/// Made anew for each file (dropping a large temporary table is much faster than deleting its
/// rows); rows are appended in file order and sorted once when read back.
pub const STAGING: &str = "DROP TABLE IF EXISTS temp.staging;
CREATE TEMP TABLE staging (
    series INTEGER NOT NULL,
    line INTEGER NOT NULL,
    period TEXT NOT NULL,
    value REAL,
    missing TEXT,
    comment TEXT NOT NULL
);";

pub fn version(conn: &Connection) -> Result<i64> {
    let has_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(0);
    }
    Ok(conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0))?)
}

/// Brings the store to [`SCHEMA_VERSION`]. Two processes opening a new store at once are
/// serialised by the immediate transaction; the second finds the work done.
pub fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    if tx.query_row("SELECT count(*) FROM schema_version", [], |r| r.get::<_, i64>(0))? == 0 {
        tx.execute("INSERT INTO schema_version (version) VALUES (0)", [])?;
    }
    let found = version(&tx)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_string(), found, known: SCHEMA_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql)?;
        tx.execute("UPDATE schema_version SET version = ?1", [i as i64 + 1])?;
    }
    tx.commit()?;
    Ok(())
}
