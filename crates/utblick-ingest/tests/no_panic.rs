//! Property tests: no input makes the reader, the number parser, the validation or the ingest
//! of an update file panic, and every data row the reader yields is accounted for.

mod common;

use std::io::Cursor;

use proptest::prelude::*;
use utblick_ingest::{
    Date, Options, Outcome, Rows, Rules, ingest, parse_value, update_of, validate_row,
};
use utblick_store::Store;

/// Bytes that look like the files actors send: separators, quotes, line ends, digits,
/// Swedish letters in UTF-8 and Windows-1252, markers, and anything else now and then.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b";".to_vec()),
        Just(b",".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"indikator;akt\xc3\xb6r;period;k\xc3\xb6n;v\xc3\xa4rde\n".to_vec()),
        Just(b"invanare;orebro;2022;T;".to_vec()),
        Just(b"indikator;akt\xc3\xb6r;period;k\xc3\xb6n;alder;v\xc3\xa4rde\n".to_vec()),
        Just(b"arbetslosa;orebro;2022;K;16-24;".to_vec()),
        Just(b"arbetslosa;kumla;2021;T;;".to_vec()),
        Just(b"..".to_vec()),
        Just("12\u{a0}345,6".as_bytes().to_vec()),
        Just(b"\xe5\xe4\xf6".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        "[0-9]{1,6}".prop_map(String::into_bytes),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Update files: a header in one of the sample's dialects, then rows of the test registry's
/// ids and another, every field, years and values of every kind (good and bad), now and then a
/// row of anything.
fn updateish() -> impl Strategy<Value = Vec<u8>> {
    let cell = |choices: &'static [&'static [u8]]| {
        prop_oneof![
            8 => proptest::sample::select(choices).prop_map(<[u8]>::to_vec),
            1 => proptest::collection::vec(any::<u8>(), 0..6),
        ]
    };
    const ENTRY: &[&[u8]] = &[b"natverket", b"kumla-orten", b"p-ett", b"p-tva", b""];
    const FIELD: &[&[u8]] = &[
        "möten".as_bytes(),
        "politiska möten".as_bytes(),
        b"politiska_m\xf6ten",
        b"utbyten",
        b"aktiviteter",
        b"status",
        b"beslut",
        b"beviljat",
        b"resultat",
        b"budget",
    ];
    const YEAR: &[&[u8]] = &[b"2024", b"2025", b"", b"25", b"2025,0"];
    const VALUE: &[&[u8]] = &[
        b"0",
        b"1",
        b"3",
        b"7",
        b"3,0",
        b"2,5",
        b"-1",
        b"",
        b"p\xe5g\xe5r",
        b"beviljat",
        b"2025-06-15",
        b"2025-02-30",
        "1 250 000".as_bytes(),
        b"\"a; b\"",
        b"..",
    ];
    let row = (cell(ENTRY), cell(FIELD), cell(YEAR), cell(VALUE), any::<bool>());
    let dialect = prop_oneof![Just(0usize), Just(1), Just(2)];
    (dialect, proptest::collection::vec(row, 0..12)).prop_map(|(d, rows)| {
        let (header, sep, end): (&[u8], &[u8], &[u8]) = [
            (
                &b"\xef\xbb\xbfRegisterpost;F\xc3\xa4lt;\xc3\x85r;V\xc3\xa4rde;Kommentar\r\n"[..],
                &b";"[..],
                &b"\r\n"[..],
            ),
            (b"entry,field,year,value,comment\n", b",", b"\n"),
            (b"registerpost\tf\xe4lt\t\xe5r\tv\xe4rde\tkommentar\r\n", b"\t", b"\r\n"),
        ][d];
        let mut out = header.to_vec();
        for (e, f, y, v, comment) in rows {
            let cells = [e, f, y, v, if comment { b"x".to_vec() } else { Vec::new() }];
            out.extend(cells.join(sep));
            out.extend(end);
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn ingesting_an_update_file_never_panics_and_stores_what_it_says(
        bytes in updateish(),
        coordinator in any::<bool>(),
        dry_run in any::<bool>(),
        strict in any::<bool>(),
    ) {
        let (catalogue, actors) = common::plan();
        let registry = common::registry();
        let rules = Rules {
            catalogue: &catalogue,
            actors: &actors,
            submitter: actors.get(if coordinator { "samordnare" } else { "orebro" }).unwrap(),
            registry: &registry,
            submitted_on: Date::from_ymd(2025, 6, 15).unwrap(),
        };
        let mut store = Store::in_memory().unwrap();
        let options = Options { dry_run, strict, ..Options::default() };
        let at = "2025-06-15T12:00:00Z";
        let r = ingest(&mut store, &rules, "u.csv", at, Cursor::new(bytes.clone()), options).unwrap();
        let c = r.counts;
        prop_assert_eq!(c.stored + c.unchanged + c.rejected, c.read);
        // What is stored is what the receipt says, and every update applies to its entry.
        let stored = store.registry_updates().unwrap();
        let expected = if matches!(r.outcome, Outcome::Stored { .. }) { c.stored } else { 0 };
        prop_assert_eq!(stored.len() as u64, expected);
        let mut applied = registry.clone();
        for u in &stored {
            let update = update_of(u);
            prop_assert!(update.is_some(), "{u:?}");
            prop_assert!(applied.apply(&u.entry, &update.unwrap()), "{u:?}");
        }
        // The same bytes again change nothing.
        let again = ingest(&mut store, &rules, "u.csv", at, Cursor::new(bytes), Options::default()).unwrap();
        if matches!(r.outcome, Outcome::Stored { .. }) {
            prop_assert_eq!(again.counts.stored, 0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reading_and_checking_never_panics(bytes in csvish()) {
        let (catalogue, actors) = common::plan();
        let registry = utblick_core::Registry::default();
        let rules = Rules {
            catalogue: &catalogue,
            actors: &actors,
            submitter: actors.get("orebro").unwrap(),
            registry: &registry,
            submitted_on: Date::from_ymd(2023, 6, 15).unwrap(),
        };
        if let Ok(mut rows) = Rows::open(&bytes[..]) {
            rows.header.claim_dimensions(|h| catalogue.dimension_of_header(h).map(str::to_string));
            let header = rows.header.clone();
            let mut last_line = 1;
            while let Some(row) = rows.next_row() {
                if let Ok(row) = row {
                    // Lines only go forward, and never past the number of line ends.
                    prop_assert!(row.line > last_line || row.line == 1);
                    let line_ends = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64;
                    prop_assert!(row.line <= 1 + line_ends);
                    last_line = row.line;
                    if header.problem.is_none() {
                        let (obs, diags) = validate_row(&rules, &header, &row);
                        // A row is either an observation or has at least one error.
                        prop_assert!(obs.is_some() || !diags.is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn number_parsing_never_panics_and_never_invents_zero(s in "\\PC{0,20}") {
        if let Ok(utblick_core::ObsValue::Number(x)) = parse_value(&s).map(|p| p.value) {
            prop_assert!(x.is_finite());
            // A zero only comes from a text that has a zero digit in it.
            if x == 0.0 {
                prop_assert!(s.contains('0'));
            }
        }
    }
}
