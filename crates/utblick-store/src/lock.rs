//! Locked periods, proposals and their approval.
//!
//! Once the board has seen a follow-up, the coordinator locks its period. A later value for a
//! locked period does not replace the current one: it is stored as a proposal (a revision
//! with `proposed = 1`) and waits. Approving makes the pending proposals current. Every lock,
//! unlock and approval is an event with who, when and why.

use rusqlite::{Connection, OptionalExtension, params};
use utblick_core::{ObsKey, ObsValue, Period};

use crate::{Result, Store, StoreError, gender_from, period_from, value_from};

/// A locked period.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodLock {
    /// The period locked; a year covers its quarters and months.
    pub period: Period,
    /// RFC 3339 time it was locked.
    pub locked_at: String,
    /// Who locked it (a user name).
    pub locked_by: String,
    /// Why, in the locker's words.
    pub reason: String,
}

/// What an event of the lock history did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A period was locked.
    Lock,
    /// A period was unlocked.
    Unlock,
    /// Proposals for a period were approved and made current.
    Approve,
}

impl EventKind {
    /// The kind as stored and shown (`lock`, `unlock`, `approve`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Lock => "lock",
            EventKind::Unlock => "unlock",
            EventKind::Approve => "approve",
        }
    }

    fn parse(s: &str) -> Result<EventKind> {
        match s {
            "lock" => Ok(EventKind::Lock),
            "unlock" => Ok(EventKind::Unlock),
            "approve" => Ok(EventKind::Approve),
            _ => Err(StoreError::Corrupt(format!("event kind `{s}`"))),
        }
    }
}

/// A lock, unlock or approval, with who did it, when and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The event's number in the store, in the order events happened.
    pub id: i64,
    /// RFC 3339 time of the event.
    pub at: String,
    /// Who did it (a user name).
    pub who: String,
    /// A lock, an unlock or an approval.
    pub kind: EventKind,
    /// The period it concerned.
    pub period: Period,
    /// Why, in the doer's words; may be empty for an approval.
    pub reason: String,
    /// For an approval, how many values it made current.
    pub values: u64,
}

/// A value waiting for approval: a proposal made after the key's current value.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// Which indicator, actor, period, gender and breakdown cell.
    pub key: ObsKey,
    /// The proposed number, or its missing marker.
    pub value: ObsValue,
    /// The sender's comment; empty when there is none.
    pub comment: String,
    /// The current value it would replace.
    pub current: Option<ObsValue>,
    /// The submission that brought it.
    pub submission_id: i64,
    /// Who sent that submission.
    pub submitter: String,
    /// The file it came in.
    pub file_name: String,
    /// Its line in that file.
    pub line: u64,
    /// RFC 3339 time the file was received.
    pub received_at: String,
}

/// Which pending proposals to approve.
#[derive(Clone, Debug, Default)]
pub struct ProposalFilter {
    /// Proposals for periods within this one.
    pub period: Option<Period>,
    /// Only proposals of this indicator (its id).
    pub indicator: Option<String>,
    /// Only proposals for this actor (its project id).
    pub actor: Option<String>,
}

impl ProposalFilter {
    fn matches(&self, p: &Proposal) -> bool {
        self.period.is_none_or(|within| within.contains(p.key.period))
            && self.indicator.as_ref().is_none_or(|i| *i == p.key.indicator)
            && self.actor.as_ref().is_none_or(|a| *a == p.key.actor)
    }
}

pub(crate) fn locks(conn: &Connection) -> Result<Vec<PeriodLock>> {
    let mut stmt = conn.prepare_cached(
        "SELECT period, locked_at, locked_by, reason FROM period_lock ORDER BY period",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(PeriodLock {
            period: period_from(&r.get::<_, String>(0)?)?,
            locked_at: r.get(1)?,
            locked_by: r.get(2)?,
            reason: r.get(3)?,
        });
    }
    Ok(out)
}

fn add_event(
    conn: &Connection,
    kind: EventKind,
    period: Period,
    who: &str,
    at: &str,
    reason: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO event (at, who, kind, period, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, who, kind.as_str(), period.to_string(), reason],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The proposals that wait: for each key, the latest proposal after its current value (the
/// rule of [`crate::revision_states`], in SQL). The partial index on proposals finds them
/// without reading the other revisions; each test of a key goes through the primary key.
fn pending(conn: &Connection) -> Result<Vec<Proposal>> {
    let mut stmt = conn.prepare(
        "SELECT k.indicator, k.actor, p.period, k.gender, p.value, p.missing, p.comment,
                p.submission_id, s.submitter, s.file_name, p.line, s.received_at,
                c.value, c.missing, k.breakdown
         FROM revision p INDEXED BY revision_proposed
         JOIN series k ON k.id = p.series
         JOIN submission s ON s.id = p.submission_id
         LEFT JOIN revision c ON c.series = p.series AND c.period = p.period
             AND c.submission_id = (
                 SELECT max(x.submission_id) FROM revision x
                 WHERE x.series = p.series AND x.period = p.period AND x.proposed = 0)
         WHERE p.proposed = 1
             AND (c.submission_id IS NULL OR p.submission_id > c.submission_id)
             AND NOT EXISTS (SELECT 1 FROM revision q INDEXED BY revision_proposed
                 WHERE q.series = p.series AND q.period = p.period AND q.proposed = 1
                     AND q.submission_id > p.submission_id)
         ORDER BY k.indicator, k.actor, k.gender, k.breakdown, p.period",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let current_value: Option<f64> = r.get(12)?;
        let current_missing: Option<String> = r.get(13)?;
        let current = match (current_value, current_missing) {
            (None, None) => None,
            (v, m) => Some(value_from(v, m)?),
        };
        out.push(Proposal {
            key: ObsKey {
                indicator: r.get(0)?,
                actor: r.get(1)?,
                period: period_from(&r.get::<_, String>(2)?)?,
                gender: gender_from(&r.get::<_, String>(3)?)?,
                breakdown: r.get(14)?,
            },
            value: value_from(r.get(4)?, r.get(5)?)?,
            comment: r.get(6)?,
            current,
            submission_id: r.get(7)?,
            submitter: r.get(8)?,
            file_name: r.get(9)?,
            line: r.get::<_, i64>(10)? as u64,
            received_at: r.get(11)?,
        });
    }
    Ok(out)
}

impl Store {
    /// The locked periods.
    pub fn locks(&self) -> Result<Vec<PeriodLock>> {
        locks(&self.conn)
    }

    /// Locks a period. `Ok(None)` when it is locked now; the existing lock when it already was
    /// (nothing changes then).
    pub fn lock(
        &mut self,
        period: Period,
        who: &str,
        at: &str,
        reason: &str,
    ) -> Result<Option<PeriodLock>> {
        let tx = self.write_tx(&period.to_string(), true)?;
        let existing = locks(&tx)?.into_iter().find(|l| l.period == period);
        if existing.is_some() {
            return Ok(existing);
        }
        tx.execute(
            "INSERT INTO period_lock (period, locked_at, locked_by, reason) VALUES (?1, ?2, ?3, ?4)",
            params![period.to_string(), at, who, reason],
        )?;
        add_event(&tx, EventKind::Lock, period, who, at, reason)?;
        tx.commit()?;
        Ok(None)
    }

    /// Unlocks a period. `Ok(false)` when it was not locked (nothing changes then).
    pub fn unlock(&mut self, period: Period, who: &str, at: &str, reason: &str) -> Result<bool> {
        let tx = self.write_tx(&period.to_string(), true)?;
        let n = tx.execute("DELETE FROM period_lock WHERE period = ?1", [period.to_string()])?;
        if n == 0 {
            return Ok(false);
        }
        add_event(&tx, EventKind::Unlock, period, who, at, reason)?;
        tx.commit()?;
        Ok(true)
    }

    /// The proposals waiting for approval, by key and submission.
    pub fn pending(&self) -> Result<Vec<Proposal>> {
        pending(&self.conn)
    }

    /// Makes the waiting proposals that match `filter` current, as one approval of `period`.
    /// Only the latest proposal of a key waits (an earlier one was superseded by it). Returns
    /// the approved proposals; none approved records nothing.
    pub fn approve(
        &mut self,
        filter: &ProposalFilter,
        period: Period,
        who: &str,
        at: &str,
        reason: &str,
    ) -> Result<Vec<Proposal>> {
        let tx = self.write_tx(&period.to_string(), true)?;
        let chosen: Vec<Proposal> =
            pending(&tx)?.into_iter().filter(|p| filter.matches(p)).collect();
        if chosen.is_empty() {
            return Ok(chosen);
        }
        let event = add_event(&tx, EventKind::Approve, period, who, at, reason)?;
        {
            let mut apply = tx.prepare(
                "UPDATE revision SET proposed = 0 WHERE series = (SELECT id FROM series
                     WHERE indicator = ?1 AND actor = ?2 AND gender = ?3 AND breakdown = ?4)
                 AND period = ?5 AND submission_id = ?6",
            )?;
            let mut record = tx.prepare(
                "INSERT INTO approval (series, period, submission_id, event_id)
                 VALUES ((SELECT id FROM series WHERE indicator = ?1 AND actor = ?2
                     AND gender = ?3 AND breakdown = ?4), ?5, ?6, ?7)",
            )?;
            for p in &chosen {
                let key = params![
                    p.key.indicator,
                    p.key.actor,
                    crate::gender_text(p.key.gender),
                    p.key.breakdown,
                    p.key.period.to_string(),
                    p.submission_id
                ];
                apply.execute(key)?;
                record.execute(params![
                    p.key.indicator,
                    p.key.actor,
                    crate::gender_text(p.key.gender),
                    p.key.breakdown,
                    p.key.period.to_string(),
                    p.submission_id,
                    event
                ])?;
            }
        }
        tx.commit()?;
        Ok(chosen)
    }

    /// Every lock, unlock and approval, oldest first; only those of periods that overlap
    /// `period` when one is given.
    pub fn events(&self, period: Option<Period>) -> Result<Vec<Event>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.at, e.who, e.kind, e.period, e.reason,
                    (SELECT count(*) FROM approval a WHERE a.event_id = e.id)
             FROM event e ORDER BY e.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let event = Event {
                id: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                kind: EventKind::parse(&r.get::<_, String>(3)?)?,
                period: period_from(&r.get::<_, String>(4)?)?,
                reason: r.get(5)?,
                values: r.get::<_, i64>(6)? as u64,
            };
            let overlaps = |p: Period| event.period.contains(p) || p.contains(event.period);
            if period.is_none_or(overlaps) {
                out.push(event);
            }
        }
        Ok(out)
    }

    /// The lock of exactly this period, if there is one.
    pub fn lock_of(&self, period: Period) -> Result<Option<PeriodLock>> {
        Ok(self
            .conn
            .query_row(
                "SELECT locked_at, locked_by, reason FROM period_lock WHERE period = ?1",
                [period.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .map(|(locked_at, locked_by, reason)| PeriodLock {
                period,
                locked_at,
                locked_by,
                reason,
            }))
    }
}
