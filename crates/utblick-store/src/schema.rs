//! The schema and its migrations. Migrations are code: each entry of [`MIGRATIONS`] takes the
//! store from version `i` to `i + 1`, in its own transaction, and is never edited once released.

use rusqlite::{Connection, OptionalExtension};

use crate::{Result, StoreError};

/// The SQL of each migration, in order: entry `i` takes a store from version `i` to `i + 1`.
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
    // 2: a submission is its bytes and its sender, and the same bytes may come again (from
    // another sender, or after rows were rejected), so `sha256` is no longer unique. Revisions
    // may be proposals: values for a locked period, waiting for approval, never current until
    // approved. Period locks, and every lock, unlock and approval as an event with who and when.
    // (`submission` is rebuilt to drop its UNIQUE constraint, with foreign keys off, as
    // SQLite's documented twelve-step procedure for table changes asks.)
    "CREATE TABLE submission_new (
         id INTEGER PRIMARY KEY,
         submitter TEXT NOT NULL,
         file_name TEXT NOT NULL,
         sha256 TEXT NOT NULL,
         received_at TEXT NOT NULL,
         rows_read INTEGER NOT NULL DEFAULT 0,
         rows_stored INTEGER NOT NULL DEFAULT 0,
         rows_unchanged INTEGER NOT NULL DEFAULT 0,
         rows_rejected INTEGER NOT NULL DEFAULT 0,
         warnings INTEGER NOT NULL DEFAULT 0,
         rows_proposed INTEGER NOT NULL DEFAULT 0
     );
     INSERT INTO submission_new (id, submitter, file_name, sha256, received_at, rows_read,
         rows_stored, rows_unchanged, rows_rejected, warnings)
         SELECT id, submitter, file_name, sha256, received_at, rows_read, rows_stored,
                rows_unchanged, rows_rejected, warnings FROM submission;
     DROP TABLE submission;
     ALTER TABLE submission_new RENAME TO submission;
     CREATE INDEX submission_by_bytes ON submission (sha256, submitter);
     ALTER TABLE revision ADD COLUMN proposed INTEGER NOT NULL DEFAULT 0
         CHECK (proposed IN (0, 1));
     CREATE INDEX revision_proposed
         ON revision (indicator, actor, gender, period, submission_id) WHERE proposed = 1;
     DROP VIEW observation;
     CREATE VIEW observation AS
         SELECT indicator, actor, gender, period, max(submission_id) AS submission_id,
                value, missing, comment, line
         FROM revision WHERE proposed = 0 GROUP BY indicator, actor, gender, period;
     CREATE TABLE period_lock (
         period TEXT PRIMARY KEY,
         locked_at TEXT NOT NULL,
         locked_by TEXT NOT NULL,
         reason TEXT NOT NULL
     );
     CREATE TABLE event (
         id INTEGER PRIMARY KEY,
         at TEXT NOT NULL,
         who TEXT NOT NULL,
         kind TEXT NOT NULL CHECK (kind IN ('lock', 'unlock', 'approve')),
         period TEXT NOT NULL,
         reason TEXT NOT NULL
     );
     CREATE TABLE approval (
         indicator TEXT NOT NULL,
         actor TEXT NOT NULL,
         gender TEXT NOT NULL,
         period TEXT NOT NULL,
         submission_id INTEGER NOT NULL,
         event_id INTEGER NOT NULL REFERENCES event (id),
         PRIMARY KEY (indicator, actor, gender, period, submission_id),
         FOREIGN KEY (indicator, actor, gender, period, submission_id)
             REFERENCES revision (indicator, actor, gender, period, submission_id)
     ) WITHOUT ROWID;",
    // 3: values broken down beyond gender (age group, sector, birth region...): a breakdown
    // key in every value's key, `alder=25-64;sektor=offentlig`, empty for the total. The
    // revision table (and the approvals that refer to it) are rebuilt with it in the key.
    "CREATE TABLE revision_new (
         indicator TEXT NOT NULL,
         actor TEXT NOT NULL,
         gender TEXT NOT NULL,
         breakdown TEXT NOT NULL DEFAULT '',
         period TEXT NOT NULL,
         submission_id INTEGER NOT NULL REFERENCES submission (id),
         value REAL,
         missing TEXT,
         comment TEXT NOT NULL,
         line INTEGER NOT NULL,
         proposed INTEGER NOT NULL DEFAULT 0 CHECK (proposed IN (0, 1)),
         PRIMARY KEY (indicator, actor, gender, breakdown, period, submission_id),
         CHECK ((value IS NULL) <> (missing IS NULL))
     ) WITHOUT ROWID;
     INSERT INTO revision_new (indicator, actor, gender, breakdown, period, submission_id,
         value, missing, comment, line, proposed)
         SELECT indicator, actor, gender, '', period, submission_id, value, missing, comment,
                line, proposed FROM revision;
     CREATE TABLE approval_new (
         indicator TEXT NOT NULL,
         actor TEXT NOT NULL,
         gender TEXT NOT NULL,
         breakdown TEXT NOT NULL,
         period TEXT NOT NULL,
         submission_id INTEGER NOT NULL,
         event_id INTEGER NOT NULL REFERENCES event (id),
         PRIMARY KEY (indicator, actor, gender, breakdown, period, submission_id),
         FOREIGN KEY (indicator, actor, gender, breakdown, period, submission_id)
             REFERENCES revision_new (indicator, actor, gender, breakdown, period, submission_id)
     ) WITHOUT ROWID;
     INSERT INTO approval_new SELECT indicator, actor, gender, '', period, submission_id,
         event_id FROM approval;
     DROP VIEW observation;
     DROP TABLE approval;
     DROP TABLE revision;
     ALTER TABLE revision_new RENAME TO revision;
     ALTER TABLE approval_new RENAME TO approval;
     CREATE INDEX revision_proposed
         ON revision (indicator, actor, gender, breakdown, period, submission_id)
         WHERE proposed = 1;
     CREATE VIEW observation AS
         SELECT indicator, actor, gender, breakdown, period,
                max(submission_id) AS submission_id, value, missing, comment, line
         FROM revision WHERE proposed = 0 GROUP BY indicator, actor, gender, breakdown, period;",
    // 4: updates of registry entries sent by their owners (update files through ingest): the
    // entry, the field, the year (NULL for a field not given per year), the value as text in
    // its canonical form, the sender's comment, the line it came from. As for values, every
    // update is kept with its submission; the current one of a key (entry, field, year) is
    // the latest submission's.
    "CREATE TABLE registry_update (
         entry TEXT NOT NULL,
         field TEXT NOT NULL,
         year INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2200),
         submission_id INTEGER NOT NULL REFERENCES submission (id),
         value TEXT NOT NULL,
         comment TEXT NOT NULL DEFAULT '',
         line INTEGER NOT NULL
     );
     CREATE UNIQUE INDEX registry_update_key
         ON registry_update (entry, field, ifnull(year, 0), submission_id);",
    // 5: a value's key by number: each series (indicator, actor, gender, breakdown) is a row of
    // `series`, and a revision names its series by that row's id. A revision then carries one
    // integer instead of four texts: the national store is a quarter smaller, and reading its
    // 4.67 M current values steps through integer keys (1.2 s instead of 2.2 s in sqlite3).
    // The series get their ids in key order here; later ones in the order they are met.
    "CREATE TABLE series (
         id INTEGER PRIMARY KEY,
         indicator TEXT NOT NULL,
         actor TEXT NOT NULL,
         gender TEXT NOT NULL,
         breakdown TEXT NOT NULL,
         UNIQUE (indicator, actor, gender, breakdown)
     );
     INSERT INTO series (indicator, actor, gender, breakdown)
         SELECT DISTINCT indicator, actor, gender, breakdown FROM revision
         ORDER BY indicator, actor, gender, breakdown;
     CREATE TABLE revision_new (
         series INTEGER NOT NULL REFERENCES series (id),
         period TEXT NOT NULL,
         submission_id INTEGER NOT NULL REFERENCES submission (id),
         value REAL,
         missing TEXT,
         comment TEXT NOT NULL,
         line INTEGER NOT NULL,
         proposed INTEGER NOT NULL DEFAULT 0 CHECK (proposed IN (0, 1)),
         PRIMARY KEY (series, period, submission_id),
         CHECK ((value IS NULL) <> (missing IS NULL))
     ) WITHOUT ROWID;
     INSERT INTO revision_new (series, period, submission_id, value, missing, comment, line,
         proposed)
         SELECT s.id, r.period, r.submission_id, r.value, r.missing, r.comment, r.line,
                r.proposed
         FROM revision r JOIN series s ON s.indicator = r.indicator AND s.actor = r.actor
             AND s.gender = r.gender AND s.breakdown = r.breakdown
         ORDER BY s.id, r.period, r.submission_id;
     CREATE TABLE approval_new (
         series INTEGER NOT NULL,
         period TEXT NOT NULL,
         submission_id INTEGER NOT NULL,
         event_id INTEGER NOT NULL REFERENCES event (id),
         PRIMARY KEY (series, period, submission_id),
         FOREIGN KEY (series, period, submission_id)
             REFERENCES revision_new (series, period, submission_id)
     ) WITHOUT ROWID;
     INSERT INTO approval_new (series, period, submission_id, event_id)
         SELECT s.id, a.period, a.submission_id, a.event_id
         FROM approval a JOIN series s ON s.indicator = a.indicator AND s.actor = a.actor
             AND s.gender = a.gender AND s.breakdown = a.breakdown;
     DROP VIEW observation;
     DROP TABLE approval;
     DROP TABLE revision;
     ALTER TABLE revision_new RENAME TO revision;
     ALTER TABLE approval_new RENAME TO approval;
     CREATE INDEX revision_proposed ON revision (series, period, submission_id)
         WHERE proposed = 1;
     CREATE VIEW observation AS
         SELECT s.indicator, s.actor, s.gender, s.breakdown, r.period,
                max(r.submission_id) AS submission_id, r.value, r.missing, r.comment, r.line
         FROM revision r JOIN series s ON s.id = r.series
         WHERE r.proposed = 0 GROUP BY r.series, r.period;",
    // 6: the portal's accounts and its audit log. An account is a reporter of one actor, a
    // coordinator or a reader; its password is an argon2id PHC string (never the password),
    // and a one-time set-password link is kept as the SHA-256 of its token, with its expiry.
    "CREATE TABLE account (
         login TEXT NOT NULL PRIMARY KEY CHECK (login <> ''),
         role TEXT NOT NULL CHECK (role IN ('reporter', 'coordinator', 'reader')),
         actor TEXT CHECK (actor <> ''),
         password TEXT CHECK (password LIKE '$argon2id$%'),
         token_sha256 TEXT UNIQUE CHECK (length(token_sha256) = 64),
         token_expires TEXT,
         created_at TEXT NOT NULL,
         CHECK ((role = 'reporter') = (actor IS NOT NULL)),
         CHECK ((token_sha256 IS NULL) = (token_expires IS NULL))
     );
     CREATE TABLE audit (
         id INTEGER PRIMARY KEY,
         at TEXT NOT NULL,
         login TEXT NOT NULL,
         kind TEXT NOT NULL,
         detail TEXT NOT NULL
     );",
];

/// The schema version of a store with every migration run: the newest this utblick knows.
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
/// serialised by the immediate transaction; the second finds the work done. A store that is
/// up to date is only read, so opening it never waits for a writer. Foreign keys must be off
/// (a migration may rebuild a table others refer to); they are checked before the commit.
pub fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    let found = version(conn)?;
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_string(), found, known: SCHEMA_VERSION });
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    if tx.query_row("SELECT count(*) FROM schema_version", [], |r| r.get::<_, i64>(0))? == 0 {
        tx.execute("INSERT INTO schema_version (version) VALUES (0)", [])?;
    }
    let found = version(&tx)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_string(), found, known: SCHEMA_VERSION });
    }
    // Migrations rebuild tables: none may lose a revision or an approval on the way (a join
    // that found no partner would do so without a word).
    let rows = |tx: &rusqlite::Transaction<'_>| -> Result<[i64; 2]> {
        let mut n = [0; 2];
        for (k, table) in ["revision", "approval"].into_iter().enumerate() {
            let exists: bool = tx.query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )?;
            if exists {
                n[k] = tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            }
        }
        Ok(n)
    };
    let before = rows(&tx)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql)?;
        tx.execute("UPDATE schema_version SET version = ?1", [i as i64 + 1])?;
    }
    let after = rows(&tx)?;
    if after != before {
        return Err(StoreError::Corrupt(format!(
            "migrating would keep {} of {} revisions and {} of {} approvals; the store is left \
             as it was",
            after[0], before[0], after[1], before[1]
        )));
    }
    let broken: Option<String> =
        tx.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional()?;
    if let Some(table) = broken {
        return Err(StoreError::Corrupt(format!("a row of `{table}` refers to nothing")));
    }
    tx.commit()?;
    Ok(())
}
