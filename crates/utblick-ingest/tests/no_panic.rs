//! Property tests: no input makes the reader, the number parser or the validation panic, and
//! every data row the reader yields is accounted for.

mod common;

use proptest::prelude::*;
use utblick_ingest::{Date, Rows, Rules, parse_value, validate_row};

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reading_and_checking_never_panics(bytes in csvish()) {
        let (catalogue, actors) = common::plan();
        let rules = Rules {
            catalogue: &catalogue,
            actors: &actors,
            submitter: actors.get("orebro").unwrap(),
            submitted_on: Date { year: 2023, month: 6, day: 15 },
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
