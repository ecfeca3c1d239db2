//! A file's rows, one series (indicator, actor, gender) at a time: rows with the same key,
//! the comparison with the stored values, the deviation check and the writing.
//!
//! Everything ingest decides about a row beyond the row itself depends only on the other rows
//! of its series and the series' stored values. So a series is settled as soon as all its rows
//! are read, and memory holds one series, never the file.

use std::collections::HashSet;

use utblick_core::{Gender, MissingMarker, ObsValue, Period};
use utblick_store::{NewValue, Series, StagedRow, StoreError, SubmissionTx};

use crate::problem::Problem;
use crate::validate::{Checked, RowDiag, Rules, SeriesView};

/// Numbers the series a plan allows densely (indicator × actor × gender × breakdown cell), so
/// that what a file has been through can be remembered in a bit set whose size is set by the
/// plan, not by the file. A block is the series of one indicator and actor, every gender and
/// breakdown cell together: files list the genders of a period together as often as one
/// gender's periods together.
pub(crate) struct SeriesNumbers {
    actors: usize,
    /// Per indicator: its breakdown cells' count, and the first number of its series.
    cells: Vec<usize>,
    starts: Vec<u64>,
    /// Per indicator, the keys of its breakdown cells, for the store.
    keys: Vec<Vec<String>>,
}

fn gender_code(g: Option<Gender>) -> usize {
    match g {
        None => 0,
        Some(Gender::Total) => 1,
        Some(Gender::Women) => 2,
        Some(Gender::Men) => 3,
    }
}

const GENDERS: [Option<Gender>; 4] =
    [None, Some(Gender::Total), Some(Gender::Women), Some(Gender::Men)];

/// Where a series number points.
pub(crate) struct SeriesParts {
    pub indicator: usize,
    pub actor: usize,
    pub gender: Option<Gender>,
    pub breakdown: usize,
}

impl SeriesNumbers {
    pub(crate) fn new(rules: &Rules<'_>) -> SeriesNumbers {
        let actors = rules.actors.list().len();
        let indicators = rules.catalogue.indicators();
        let cells: Vec<usize> = indicators.iter().map(|i| i.breakdown_cells()).collect();
        let mut starts = Vec::with_capacity(cells.len());
        let mut next = 0u64;
        for &c in &cells {
            starts.push(next);
            next += (actors * 4 * c) as u64;
        }
        let keys = indicators
            .iter()
            .map(|i| (0..i.breakdown_cells()).map(|c| i.breakdown_key_of(c)).collect())
            .collect();
        SeriesNumbers { actors, cells, starts, keys }
    }

    pub(crate) fn number(&self, row: &Checked<'_>) -> u64 {
        let cells = self.cells[row.indicator];
        self.starts[row.indicator]
            + ((row.actor * 4 + gender_code(row.gender)) * cells + row.breakdown) as u64
    }

    /// The block (indicator and actor) of a series number.
    pub(crate) fn block(&self, number: u64) -> u64 {
        let p = self.parts(number);
        (p.indicator * self.actors + p.actor) as u64
    }

    /// The first series number of a block.
    fn block_start(&self, block: u64) -> u64 {
        let (indicator, actor) = (block as usize / self.actors, block as usize % self.actors);
        self.starts[indicator] + (actor * 4 * self.cells[indicator]) as u64
    }

    pub(crate) fn blocks(&self) -> usize {
        self.cells.len() * self.actors
    }

    /// Where a series number points.
    pub(crate) fn parts(&self, number: u64) -> SeriesParts {
        // The last indicator whose series start at or before the number.
        let indicator = self.starts.partition_point(|&s| s <= number) - 1;
        let cells = self.cells[indicator];
        let n = (number - self.starts[indicator]) as usize;
        let (rest, breakdown) = (n / cells, n % cells);
        SeriesParts { indicator, actor: rest / 4, gender: GENDERS[rest % 4], breakdown }
    }

    /// The store's key of a breakdown cell.
    pub(crate) fn key(&self, indicator: usize, breakdown: usize) -> &str {
        &self.keys[indicator][breakdown]
    }
}

/// A set of numbers below a fixed bound, one bit each.
pub(crate) struct BitSet(Vec<u64>);

impl BitSet {
    pub(crate) fn new(bound: usize) -> BitSet {
        BitSet(vec![0; bound.div_ceil(64)])
    }

    pub(crate) fn insert(&mut self, n: u64) {
        self.0[(n / 64) as usize] |= 1 << (n % 64);
    }

    pub(crate) fn contains(&self, n: u64) -> bool {
        self.0[(n / 64) as usize] & (1 << (n % 64)) != 0
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            (0..64).filter(move |b| word & (1 << b) != 0).map(move |b| i as u64 * 64 + b)
        })
    }
}

/// What the settled series add up to.
pub(crate) struct Settled<'a> {
    rules: &'a Rules<'a>,
    numbers: &'a SeriesNumbers,
    /// Write the new values (not for `--dry-run`).
    write: bool,
    value_col: Option<usize>,
    /// The file has a comment column: a changed comment is a change then.
    comments: bool,
    /// Look for values that stand out or slip a unit: for what actors send, not for a
    /// statistics agency's published figures.
    pub(crate) level_checks: bool,
    pub(crate) stored: u64,
    pub(crate) unchanged: u64,
    /// Of the stored rows, those stored as proposals for a locked period.
    pub(crate) proposed: u64,
    pub(crate) diagnostics: Vec<RowDiag>,
    /// Lines of rows rejected because another row has the same key and another value.
    pub(crate) conflict_lines: HashSet<u64>,
}

impl<'a> Settled<'a> {
    pub(crate) fn new(
        rules: &'a Rules<'a>,
        numbers: &'a SeriesNumbers,
        write: bool,
        value_col: Option<usize>,
        comments: bool,
    ) -> Settled<'a> {
        Settled {
            rules,
            numbers,
            write,
            value_col,
            comments,
            level_checks: true,
            stored: 0,
            unchanged: 0,
            proposed: 0,
            diagnostics: Vec::new(),
            conflict_lines: HashSet::new(),
        }
    }

    fn diag(&mut self, line: u64, raw: String, problem: Problem) {
        self.diagnostics.push(RowDiag { line, column: self.value_col, raw, problem });
    }

    /// The indicator and actor ids of a block.
    pub(crate) fn block_name(&self, block: u64) -> (&'a str, &'a str) {
        let series = self.name(self.numbers.block_start(block));
        (series.indicator, series.actor)
    }

    /// Settles every series of a block from its rows, given with their series numbers.
    pub(crate) fn block(
        &mut self,
        tx: &SubmissionTx<'_>,
        mut rows: Vec<(u64, StagedRow)>,
    ) -> Result<(), StoreError> {
        rows.sort_by_key(|r| r.0);
        let mut rows = rows.into_iter().peekable();
        while let Some((number, first)) = rows.next() {
            let mut series = vec![first];
            while let Some((_, row)) = rows.next_if(|r| r.0 == number) {
                series.push(row);
            }
            self.series(tx, number, series)?;
        }
        Ok(())
    }

    /// The store's name for a series number.
    pub(crate) fn name(&self, number: u64) -> Series<'a> {
        let p = self.numbers.parts(number);
        Series {
            indicator: &self.rules.catalogue.indicators()[p.indicator].id,
            actor: &self.rules.actors.list()[p.actor].id,
            gender: p.gender,
            breakdown: self.numbers.key(p.indicator, p.breakdown),
        }
    }

    /// Settles one series from all its checked rows (in any order):
    /// - rows with the same period and different values conflict and are all rejected; of
    ///   identical copies the first counts and the others are unchanged;
    /// - values that stand out from the series (stored and new together), or look like a unit
    ///   slip, get a warning;
    /// - a value (and, when the file has comments, a comment) equal to the stored one is
    ///   unchanged; a missing marker where a number is stored is held back unless it says
    ///   `återkallad`; any other value is written;
    /// - for a locked period the value is written as a proposal, and compared with the
    ///   proposal that waits, if one does: the sender's last word is what waits.
    pub(crate) fn series(
        &mut self,
        tx: &SubmissionTx<'_>,
        number: u64,
        mut rows: Vec<StagedRow>,
    ) -> Result<(), StoreError> {
        let series = self.name(number);
        rows.sort_by_key(|r| (r.period, r.line));
        // Rows move on to `kept` without a copy: one per file row on the hot path.
        let mut keep = vec![false; rows.len()];
        let mut start = 0;
        while start < rows.len() {
            let first = &rows[start];
            let n = rows[start..].iter().take_while(|r| r.period == first.period).count();
            let group = &rows[start..start + n];
            if group.iter().all(|r| r.value == first.value) {
                keep[start] = true;
                for r in &group[1..] {
                    self.unchanged += 1;
                    let problem = Problem::DuplicateRow { first_line: first.line };
                    self.diag(r.line, r.value.to_string(), problem);
                }
            } else {
                for r in group {
                    let other_lines = group.iter().map(|o| o.line).filter(|&l| l != r.line);
                    let cell = series.breakdown.to_string();
                    let problem = Problem::Conflict { other_lines: other_lines.collect(), cell };
                    self.conflict_lines.insert(r.line);
                    self.diag(r.line, r.value.to_string(), problem);
                }
            }
            start += n;
        }
        let kept: Vec<StagedRow> =
            rows.into_iter().zip(keep).filter_map(|(r, k)| k.then_some(r)).collect();

        let values = tx.series_values(series, self.comments)?;
        if self.level_checks {
            self.check_levels(number, &values.current, &kept);
        }

        for r in kept {
            let now = values.current(r.period);
            let lock = tx.lock_covering(r.period);
            // For a locked period the sender's last word is what waits for approval, if
            // anything does: a row equal to it changes nothing; any other, the current value
            // included, is a new proposal that supersedes it.
            let waiting = lock.and(values.waiting(r.period));
            let against = waiting.or(now);
            let same_value = against.is_some_and(|c| c.value == r.value);
            let same_comment = !self.comments || against.is_some_and(|c| c.comment == r.comment);
            if let (ObsValue::Missing(marker), Some(current)) =
                (r.value, now.and_then(|c| c.value.number()))
                && marker != MissingMarker::Retracted
            {
                self.unchanged += 1;
                self.diag(r.line, marker.as_str().into(), Problem::MissingKept { current });
                continue;
            }
            let Some(lock) = lock else {
                if same_value && same_comment {
                    self.unchanged += 1;
                } else {
                    self.store_row(tx, series, &r, false)?;
                }
                continue;
            };
            let already = same_value && same_comment;
            if already && waiting.is_none() {
                // Equal to the current value, with nothing waiting: nothing to say.
                self.unchanged += 1;
                continue;
            }
            let problem = Problem::LockedPeriod {
                period: lock.period.to_string(),
                by: lock.locked_by.clone(),
                at: lock.locked_at.clone(),
                reason: lock.reason.clone(),
                already,
            };
            self.diag(r.line, r.value.to_string(), problem);
            if already {
                self.unchanged += 1;
            } else {
                self.proposed += 1;
                self.store_row(tx, series, &r, true)?;
            }
        }
        Ok(())
    }

    /// Counts a row as stored and writes it (unless this is a dry run).
    fn store_row(
        &mut self,
        tx: &SubmissionTx<'_>,
        series: Series<'_>,
        r: &StagedRow,
        proposed: bool,
    ) -> Result<(), StoreError> {
        self.stored += 1;
        if !self.write {
            return Ok(());
        }
        let new = NewValue {
            period: r.period,
            value: r.value,
            comment: &r.comment,
            line: r.line,
            proposed,
        };
        tx.write(series, new)
    }

    /// Warns of the new numbers that look like a unit slip, or stand out from the series.
    fn check_levels(
        &mut self,
        number: u64,
        stored: &[utblick_store::StoredValue],
        kept: &[StagedRow],
    ) {
        let new_numbers: Vec<(u64, Period, f64)> =
            kept.iter().filter_map(|r| r.value.number().map(|x| (r.line, r.period, x))).collect();
        if new_numbers.is_empty() {
            return;
        }
        let stored_numbers: Vec<(Period, f64)> =
            stored.iter().filter_map(|c| c.value.number().map(|x| (c.period, x))).collect();
        let unit = &self.rules.catalogue.indicators()[self.numbers.parts(number).indicator].unit;
        let percent = unit.contains('%') || unit.contains("procent");
        let view = SeriesView::new(&stored_numbers, &new_numbers);
        let slips = view.unit_slips();
        for &(line, factor, level) in &slips {
            let value = new_numbers.iter().find(|x| x.0 == line).map_or(0.0, |x| x.2);
            self.diag(line, value.to_string(), Problem::UnitSlip { factor, level, percent });
        }
        for (line, deviation) in view.deviations() {
            if slips.iter().any(|s| s.0 == line) {
                continue;
            }
            let value = new_numbers.iter().find(|x| x.0 == line).map_or(0.0, |x| x.2);
            self.diag(line, value.to_string(), Problem::Deviation(deviation));
        }
    }
}
