//! The order of a file's rows changes nothing but line numbers: a file that comes indicator by
//! indicator and actor by actor (settled as it is read) and the same rows shuffled (staged,
//! then settled series by series) give the same counts, the same findings for the same rows
//! and the same store.

#![allow(clippy::unwrap_used)] // a test: a failed unwrap is a failed test

mod common;

use std::io::Cursor;

use common::plan;
use proptest::prelude::*;
use utblick_core::Observation;
use utblick_ingest::{Date, Options, Receipt, Rules, ingest};
use utblick_store::Store;

/// One data row: series (indicator, actor, gender, age group), year, value (`None`: `..`).
type Row = (usize, i32, Option<u32>);

/// `1880` is Örebro by its Kolada code: the same series as the one before it. Each age group
/// of `arbetslosa` is a series of its own. The last three are rejected: an unknown indicator,
/// a gender that is none, an age group the catalogue does not list.
const SERIES: [(&str, &str, &str, &str); 12] = [
    ("invanare", "orebro", "K", ""),
    ("invanare", "orebro", "M", ""),
    ("invanare", "kumla", "T", ""),
    ("foretag", "orebro", "", ""),
    ("foretag", "1880", "", ""),
    ("foretag", "kumla", "", ""),
    ("arbetslosa", "orebro", "K", ""),
    ("arbetslosa", "orebro", "K", "16-24"),
    ("arbetslosa", "orebro", "M", "25-64"),
    ("okand", "orebro", "", ""),
    ("invanare", "kumla", "X", ""),
    ("arbetslosa", "kumla", "K", "65+"),
];

fn line(&(s, year, value): &Row) -> String {
    let (indicator, actor, gender, age) = SERIES[s];
    let value = value.map_or("..".to_string(), |v| v.to_string());
    format!("{indicator};{actor};{year};{gender};{age};{value}")
}

/// The row's key and value, the same for `1880` as for `orebro`.
fn key(&(s, year, value): &Row) -> String {
    line(&(if s == 4 { 3 } else { s }, year, value))
}

fn file(rows: &[Row]) -> Vec<u8> {
    let mut text = String::from("indikator;aktör;period;kön;alder;värde\n");
    for r in rows {
        text.push_str(&line(r));
        text.push('\n');
    }
    text.into_bytes()
}

/// What a receipt says, with each finding and each rejected row tied to its row's text
/// instead of its line.
fn findings(receipt: &Receipt, rows: &[Row]) -> Vec<(String, String)> {
    let row = |line: u64| key(&rows[line as usize - 2]);
    let mut out: Vec<(String, String)> = receipt
        .diagnostics
        .iter()
        .map(|d| (row(d.line), d.problem.code().to_string()))
        .chain(receipt.rejected.iter().map(|r| (row(r.line), format!("{:?}", r.reason))))
        .collect();
    out.sort();
    out
}

fn run(
    store: &mut Store,
    rules: &Rules<'_>,
    name: &str,
    bytes: Vec<u8>,
    options: Options,
) -> Receipt {
    ingest(store, rules, name, "2023-06-15T12:00:00Z", Cursor::new(bytes), options).unwrap()
}

fn current(store: &Store) -> Vec<Observation> {
    store.current().unwrap()
}

/// Rows of a few series over a few years, with copies, conflicts, missing values and
/// outliers among them.
fn rows() -> impl Strategy<Value = Vec<Row>> {
    let value = prop_oneof![
        8 => (100u32..110).prop_map(Some),
        1 => Just(Some(5000)),
        1 => Just(None),
    ];
    proptest::collection::vec((0..SERIES.len(), 2012..2023i32, value), 0..80)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn shuffled_rows_give_the_same_result(
        before in rows(),
        mut now in rows(),
        seed in any::<u64>(),
        dry_run in any::<bool>(),
        strict in any::<bool>(),
    ) {
        let (catalogue, actors) = plan();
        let registry = utblick_core::Registry::default();
        let rules = Rules {
            catalogue: &catalogue,
            actors: &actors,
            submitter: &actors.list()[0],
            registry: &registry,
            submitted_on: Date::from_ymd(2023, 6, 15).unwrap(),
        };
        // By indicator and actor, and within a pair by year with the genders together: as
        // read.
        let pair = |s: usize| [0, 0, 1, 2, 2, 3, 4, 4, 4, 5, 1, 6][s];
        now.sort_by_key(|r| (pair(r.0), r.1, r.0));
        let mut shuffled = now.clone();
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }

        let mut a = Store::in_memory().unwrap();
        let mut b = Store::in_memory().unwrap();
        let options = Options { dry_run, strict, ..Options::default() };
        run(&mut a, &rules, "before.csv", file(&before), Options::default());
        run(&mut b, &rules, "before.csv", file(&before), Options::default());
        let ra = run(&mut a, &rules, "now.csv", file(&now), options);
        let rb = run(&mut b, &rules, "now.csv", file(&shuffled), options);
        prop_assert_eq!(ra.counts, rb.counts);
        let c = ra.counts;
        prop_assert_eq!(c.stored + c.unchanged + c.rejected, c.read);
        prop_assert_eq!(&ra.outcome, &rb.outcome);
        prop_assert_eq!(findings(&ra, &now), findings(&rb, &shuffled));
        prop_assert_eq!(current(&a), current(&b));
        prop_assert_eq!(a.totals().unwrap(), b.totals().unwrap());
    }
}
