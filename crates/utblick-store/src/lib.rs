//! utblick-store: the embedded SQLite store of submissions, observations and their revisions.
//!
//! All SQL of the project lives in this crate, behind [`Store`] and [`SubmissionTx`], so that
//! another backend (PostgreSQL for a shared deployment) can be added beside it.
//!
//! Invariants:
//! - one submitted file is one transaction: all its accepted rows are stored, or none;
//! - a file's bytes are stored once (SHA-256 unique); the same bytes again change nothing;
//! - `revision` holds every value ever stored, with the submission that brought it (who,
//!   which file, when); the current value of a key is the one of its latest submission
//!   (the `observation` view);
//! - a value equal to the current one (number and missing marker) records no revision.

mod schema;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use utblick_core::{Gender, MissingMarker, ObsKey, ObsValue, Observation, Period};

pub use schema::{MIGRATIONS, SCHEMA_VERSION};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("store {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error(
        "store {path} has schema version {found}, newer than this utblick knows ({known}); use a newer utblick"
    )]
    TooNew { path: String, found: i64, known: i64 },
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("store holds a value that does not read back: {0}")]
    Corrupt(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

pub struct Store {
    conn: Connection,
    path: String,
}

/// What the store records about a file when it arrives.
#[derive(Clone, Debug)]
pub struct NewSubmission {
    pub submitter: String,
    pub file_name: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// RFC 3339 time the file was received.
    pub received_at: String,
}

/// A submission already in the store.
#[derive(Clone, Debug, PartialEq)]
pub struct PastSubmission {
    pub id: i64,
    pub submitter: String,
    pub file_name: String,
    pub received_at: String,
    pub counts: Counts,
}

/// Row counts of one submission.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: u64,
    pub stored: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub warnings: u64,
}

pub enum Begin<'a> {
    New(SubmissionTx<'a>),
    AlreadyIngested(PastSubmission),
}

/// One stored value of a key, with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    pub key: ObsKey,
    pub value: ObsValue,
    pub comment: String,
    pub submission_id: i64,
    pub submitter: String,
    pub file_name: String,
    pub line: u64,
    pub received_at: String,
}

/// A group of rows in one file with the same key.
#[derive(Clone, Debug, PartialEq)]
pub struct SameKey {
    pub key: ObsKey,
    /// `(line, value)` in file order.
    pub rows: Vec<(u64, ObsValue)>,
    /// The values differ: all rows are rejected. Otherwise the first is kept.
    pub conflicting: bool,
}

/// The stored and the newly staged values of one series (indicator, actor, gender).
#[derive(Clone, Debug, Default)]
pub struct SeriesValues {
    pub indicator: String,
    pub actor: String,
    pub gender: Option<Gender>,
    /// Current stored numbers, by period.
    pub stored: Vec<(Period, f64)>,
    /// Staged numbers of this file: `(line, period, value)`.
    pub staged: Vec<(u64, Period, f64)>,
}

fn gender_text(g: Option<Gender>) -> &'static str {
    g.map_or("", Gender::code)
}

fn gender_from(s: &str) -> Result<Option<Gender>> {
    if s.is_empty() {
        return Ok(None);
    }
    Gender::parse(s).map(Some).ok_or_else(|| StoreError::Corrupt(format!("gender `{s}`")))
}

fn period_from(s: &str) -> Result<Period> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("period `{s}`")))
}

fn value_parts(v: ObsValue) -> (Option<f64>, Option<&'static str>) {
    match v {
        ObsValue::Number(x) => (Some(x), None),
        ObsValue::Missing(m) => (None, Some(m.as_str())),
    }
}

/// An observation from a row whose first columns are indicator, actor, period, gender,
/// value, missing and comment.
fn observation_from(r: &rusqlite::Row<'_>) -> Result<Observation> {
    Ok(Observation {
        key: ObsKey {
            indicator: r.get(0)?,
            actor: r.get(1)?,
            period: period_from(&r.get::<_, String>(2)?)?,
            gender: gender_from(&r.get::<_, String>(3)?)?,
        },
        value: value_from(r.get(4)?, r.get(5)?)?,
        comment: r.get(6)?,
    })
}

fn value_from(value: Option<f64>, missing: Option<String>) -> Result<ObsValue> {
    match (value, missing) {
        (Some(x), _) => Ok(ObsValue::Number(x)),
        (None, Some(m)) => MissingMarker::parse(&m)
            .map(ObsValue::Missing)
            .ok_or_else(|| StoreError::Corrupt(format!("missing marker `{m}`"))),
        (None, None) => {
            Err(StoreError::Corrupt("a value that is neither number nor missing".into()))
        }
    }
}

impl Store {
    /// Opens (creating and migrating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let name = path.display().to_string();
        let conn = Connection::open(path)
            .map_err(|source| StoreError::Open { path: name.clone(), source })?;
        Store::setup(conn, name)
    }

    /// A store in memory, for dry runs and tests.
    pub fn in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, ":memory:".into())
    }

    fn setup(conn: Connection, path: String) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL lets readers go on while one writer writes, and makes a crashed write vanish
        // cleanly on the next open. `synchronous = NORMAL` is durable at every checkpoint and
        // never corrupts in WAL mode.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn, path };
        schema::migrate(&mut store.conn, &store.path)?;
        Ok(store)
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Starts storing a file. Takes the write lock at once (`BEGIN IMMEDIATE`), waiting for
    /// another writer up to the busy timeout, so two processes never both fail.
    pub fn begin(&mut self, sub: &NewSubmission) -> Result<Begin<'_>> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(past) = find_submission(&tx, &sub.sha256)? {
            return Ok(Begin::AlreadyIngested(past));
        }
        tx.execute(
            "INSERT INTO submission (submitter, file_name, sha256, received_at) VALUES (?1, ?2, ?3, ?4)",
            params![sub.submitter, sub.file_name, sub.sha256, sub.received_at],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute_batch(schema::STAGING)?;
        Ok(Begin::New(SubmissionTx { tx, id }))
    }

    /// Every stored value of a key (or of all periods of an indicator and actor), oldest first.
    pub fn history(
        &self,
        indicator: &str,
        actor: &str,
        period: Option<Period>,
    ) -> Result<Vec<Revision>> {
        let period = period.map(|p| p.to_string());
        let mut stmt = self.conn.prepare(
            "SELECT r.indicator, r.actor, r.period, r.gender, r.value, r.missing, r.comment,
                    r.submission_id, s.submitter, s.file_name, r.line, s.received_at
             FROM revision r JOIN submission s ON s.id = r.submission_id
             WHERE r.indicator = ?1 AND r.actor = ?2 AND (?3 IS NULL OR r.period = ?3)
             ORDER BY r.period, r.gender, r.submission_id",
        )?;
        let mut rows = stmt.query(params![indicator, actor, period])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let o = observation_from(r)?;
            out.push(Revision {
                key: o.key,
                value: o.value,
                comment: o.comment,
                submission_id: r.get(7)?,
                submitter: r.get(8)?,
                file_name: r.get(9)?,
                line: r.get::<_, i64>(10)? as u64,
                received_at: r.get(11)?,
            });
        }
        Ok(out)
    }

    /// All current values, ordered by indicator, actor, gender and period.
    ///
    /// One pass over `revision` in key order, keeping the last (latest) revision of each key:
    /// four times faster than the `observation` view's GROUP BY on 4.7 million values.
    pub fn current(&self) -> Result<Vec<Observation>> {
        let mut stmt = self.conn.prepare(
            "SELECT indicator, actor, period, gender, value, missing, comment FROM revision
             ORDER BY indicator, actor, gender, period, submission_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out: Vec<Observation> = Vec::new();
        while let Some(r) = rows.next()? {
            let o = observation_from(r)?;
            match out.last_mut() {
                Some(last) if last.key == o.key => *last = o,
                _ => out.push(o),
            }
        }
        Ok(out)
    }

    /// Number of keys with a current value, and of revisions, for tests and the CLI summary.
    pub fn totals(&self) -> Result<(u64, u64)> {
        let obs: i64 = self.conn.query_row("SELECT count(*) FROM observation", [], |r| r.get(0))?;
        let rev: i64 = self.conn.query_row("SELECT count(*) FROM revision", [], |r| r.get(0))?;
        Ok((obs as u64, rev as u64))
    }

    pub fn submissions(&self) -> Result<Vec<PastSubmission>> {
        let mut stmt = self.conn.prepare(&format!("{SUBMISSION_SELECT} ORDER BY id"))?;
        let rows = stmt.query_map([], submission_row)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

const SUBMISSION_SELECT: &str =
    "SELECT id, submitter, file_name, received_at, rows_read, rows_stored,
    rows_unchanged, rows_rejected, warnings FROM submission";

fn submission_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PastSubmission> {
    Ok(PastSubmission {
        id: r.get(0)?,
        submitter: r.get(1)?,
        file_name: r.get(2)?,
        received_at: r.get(3)?,
        counts: Counts {
            read: r.get::<_, i64>(4)? as u64,
            stored: r.get::<_, i64>(5)? as u64,
            unchanged: r.get::<_, i64>(6)? as u64,
            rejected: r.get::<_, i64>(7)? as u64,
            warnings: r.get::<_, i64>(8)? as u64,
        },
    })
}

fn find_submission(conn: &Connection, sha256: &str) -> Result<Option<PastSubmission>> {
    Ok(conn
        .query_row(&format!("{SUBMISSION_SELECT} WHERE sha256 = ?1"), [sha256], submission_row)
        .optional()?)
}

/// An open write transaction for one file. Dropping it without [`SubmissionTx::commit`]
/// rolls everything back.
pub struct SubmissionTx<'a> {
    tx: rusqlite::Transaction<'a>,
    id: i64,
}

impl SubmissionTx<'_> {
    pub fn id(&self) -> i64 {
        self.id
    }

    /// Stages one checked row of the file.
    pub fn stage(&mut self, line: u64, obs: &Observation) -> Result<()> {
        let (value, missing) = value_parts(obs.value);
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO temp.staging (line, indicator, actor, period, gender, value, missing, comment)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        stmt.execute(params![
            line as i64,
            obs.key.indicator,
            obs.key.actor,
            obs.key.period.to_string(),
            gender_text(obs.key.gender),
            value,
            missing,
            obs.comment,
        ])?;
        Ok(())
    }

    /// Finds keys staged more than once. Conflicting groups are removed from the staging
    /// whole; of identical copies the first stays.
    pub fn resolve_same_keys(&mut self) -> Result<Vec<SameKey>> {
        self.tx.execute_batch(
            "CREATE INDEX temp.staging_key ON staging (indicator, actor, gender, period, line)",
        )?;
        let mut groups: Vec<SameKey> = Vec::new();
        {
            let mut stmt = self.tx.prepare(
                "SELECT s.indicator, s.actor, s.period, s.gender, s.line, s.value, s.missing
                 FROM temp.staging s
                 JOIN (SELECT indicator, actor, period, gender FROM temp.staging
                       GROUP BY indicator, actor, period, gender HAVING count(*) > 1) d
                   USING (indicator, actor, period, gender)
                 ORDER BY s.indicator, s.actor, s.gender, s.period, s.line",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let key = ObsKey {
                    indicator: r.get(0)?,
                    actor: r.get(1)?,
                    period: period_from(&r.get::<_, String>(2)?)?,
                    gender: gender_from(&r.get::<_, String>(3)?)?,
                };
                let line = r.get::<_, i64>(4)? as u64;
                let value = value_from(r.get(5)?, r.get(6)?)?;
                match groups.last_mut() {
                    Some(g) if g.key == key => g.rows.push((line, value)),
                    _ => {
                        groups.push(SameKey { key, rows: vec![(line, value)], conflicting: false })
                    }
                }
            }
        }
        for g in &mut groups {
            g.conflicting = g.rows.iter().any(|(_, v)| !same_value(*v, g.rows[0].1));
            let keep = if g.conflicting { None } else { Some(g.rows[0].0) };
            let mut del = self.tx.prepare_cached(
                "DELETE FROM temp.staging
                 WHERE indicator = ?1 AND actor = ?2 AND gender = ?3 AND period = ?4 AND line = ?5",
            )?;
            let (period, gender) = (g.key.period.to_string(), gender_text(g.key.gender));
            for (line, _) in &g.rows {
                if Some(*line) != keep {
                    del.execute(params![
                        g.key.indicator,
                        g.key.actor,
                        gender,
                        period,
                        *line as i64
                    ])?;
                }
            }
        }
        Ok(groups)
    }

    /// Calls `f` once per series that has staged numbers, with the series' stored numbers.
    pub fn for_each_series(&mut self, mut f: impl FnMut(&SeriesValues)) -> Result<()> {
        let mut staged = self.tx.prepare(
            "SELECT indicator, actor, gender, line, period, value FROM temp.staging
             WHERE value IS NOT NULL ORDER BY indicator, actor, gender, period",
        )?;
        let mut stored = self.tx.prepare_cached(
            "SELECT period, value, max(submission_id) FROM revision
             WHERE indicator = ?1 AND actor = ?2 AND gender = ?3
             GROUP BY period HAVING value IS NOT NULL",
        )?;
        let mut cur = SeriesValues::default();
        let mut cur_key: Option<(String, String, String)> = None;
        let mut rows = staged.query([])?;
        while let Some(r) = rows.next()? {
            let key: (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if cur_key.as_ref() != Some(&key) {
                if cur_key.is_some() {
                    f(&cur);
                }
                cur = SeriesValues {
                    indicator: key.0.clone(),
                    actor: key.1.clone(),
                    gender: gender_from(&key.2)?,
                    stored: Vec::new(),
                    staged: Vec::new(),
                };
                let mut hist = stored.query(params![key.0, key.1, key.2])?;
                while let Some(h) = hist.next()? {
                    cur.stored.push((period_from(&h.get::<_, String>(0)?)?, h.get(1)?));
                }
                cur_key = Some(key);
            }
            cur.staged.push((
                r.get::<_, i64>(3)? as u64,
                period_from(&r.get::<_, String>(4)?)?,
                r.get(5)?,
            ));
        }
        if cur_key.is_some() {
            f(&cur);
        }
        Ok(())
    }

    /// Writes the staged rows: new and changed values become current and get a revision;
    /// values equal to the current ones are left alone. Returns `(stored, unchanged)`.
    pub fn apply(&mut self) -> Result<(u64, u64)> {
        let staged: i64 =
            self.tx.query_row("SELECT count(*) FROM temp.staging", [], |r| r.get(0))?;
        // The rows that change the current value become revisions, in key order so that the
        // B-tree is filled from one end; the others are unchanged. A key is staged at most
        // once (see `resolve_same_keys`), so no row reads what this statement wrote.
        let stored = self.tx.execute(
            "INSERT INTO revision (indicator, actor, gender, period, submission_id, value, missing, comment, line)
             SELECT indicator, actor, gender, period, ?1, value, missing, comment, line
             FROM temp.staging s
             WHERE NOT EXISTS (
                 SELECT 1 FROM (
                     SELECT value, missing FROM revision o
                     WHERE o.indicator = s.indicator AND o.actor = s.actor
                       AND o.gender = s.gender AND o.period = s.period
                     ORDER BY o.submission_id DESC LIMIT 1) c
                 WHERE c.value IS s.value AND c.missing IS s.missing)
             ORDER BY indicator, actor, gender, period",
            [self.id],
        )?;
        Ok((stored as u64, staged as u64 - stored as u64))
    }

    /// Records the counts and commits: the file is stored.
    pub fn commit(self, counts: Counts) -> Result<()> {
        self.tx.execute(
            "UPDATE submission SET rows_read = ?2, rows_stored = ?3, rows_unchanged = ?4,
                 rows_rejected = ?5, warnings = ?6 WHERE id = ?1",
            params![
                self.id,
                counts.read as i64,
                counts.stored as i64,
                counts.unchanged as i64,
                counts.rejected as i64,
                counts.warnings as i64
            ],
        )?;
        self.tx.execute_batch("DROP TABLE temp.staging")?;
        self.tx.commit()?;
        Ok(())
    }

    /// Discards everything this file staged or stored.
    pub fn rollback(self) -> Result<()> {
        self.tx.rollback()?;
        Ok(())
    }
}

/// Equal numbers (bit for bit after normalising -0) or the same missing marker.
fn same_value(a: ObsValue, b: ObsValue) -> bool {
    match (a, b) {
        (ObsValue::Number(x), ObsValue::Number(y)) => x == y,
        (ObsValue::Missing(m), ObsValue::Missing(n)) => m == n,
        _ => false,
    }
}

#[cfg(test)]
mod tests;
