//! Numbers written out: the one place that decides how a number looks, for people and files.
//!
//! - [`format_number`]: for people to read (reports, messages, templates): a fixed number of
//!   decimals and the thousands grouped (`12 345,6`, `12,345.6`).
//! - [`plain_number`] and [`plain_number_into`]: for files a program reads back (the report's
//!   CSVs): every decimal that counts up to six, no grouping (`12345,6`, `12345.6`).
//!
//! Both write the language's decimal mark ([`Lang::decimal_mark`]).

use std::fmt::Write as _;

use crate::observation::Lang;

/// A number for people: `12 345,6` in Swedish (no-break space between the groups), `12,345.6`
/// in English, with `decimals` places. A value that rounds to zero has no minus sign (`0,0`,
/// not `-0,0`).
pub fn format_number(x: f64, decimals: u8, lang: Lang) -> String {
    let s = format!("{:.*}", usize::from(decimals), x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let group = match lang {
        Lang::Sv => '\u{a0}',
        Lang::En => ',',
    };
    let mut out = String::new();
    if x < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(lang.decimal_mark());
        out.push_str(f);
    }
    out
}

/// A number for a data file: rounded to six decimals, trailing zeros and a bare decimal mark
/// left out (`2`, `1,5`, `123456,123457` in Swedish; `1.5` in English), no grouping, `0` for
/// a value that rounds to zero from below; empty for NaN and the infinities, which a
/// spreadsheet could not read back.
pub fn plain_number(x: f64, lang: Lang) -> String {
    let mut s = String::new();
    plain_number_into(&mut s, x, lang);
    s
}

/// As [`plain_number`], into `buf` (emptied first), so a caller writing millions of cells
/// reuses one buffer.
pub fn plain_number_into(buf: &mut String, x: f64, lang: Lang) {
    buf.clear();
    if !x.is_finite() {
        return;
    }
    if !shortest_into(buf, x) {
        let _ = write!(buf, "{x:.6}");
        let kept = buf.trim_end_matches('0').trim_end_matches('.').len();
        buf.truncate(kept);
    }
    if buf == "-0" {
        buf.replace_range(.., "0");
    }
    let mark = lang.decimal_mark();
    if mark != '.'
        && let Some(dot) = buf.find('.')
    {
        buf.replace_range(dot..=dot, mark.encode_utf8(&mut [0; 4]));
    }
}

/// The fast way to [`plain_number_into`]'s digits, taken when it gives the same: the shortest
/// text that reads back as `x` (ryu), when it has at most six decimals and `|x| < 2^32`. Then
/// `x` is within half a unit in the last place of that text, less than 0.5·10⁻⁶ (below 2^32 a
/// unit is at most 2^-21), so rounding `x` to six decimals gives the same digits. Otherwise
/// (more decimals, an exponent) it writes nothing and says so. Ten times faster than
/// formatting to six decimals, for the millions of cells of a national report's files.
fn shortest_into(buf: &mut String, x: f64) -> bool {
    if x.abs() >= 4_294_967_296.0 {
        return false;
    }
    let mut r = ryu::Buffer::new();
    let s = r.format_finite(x);
    if s.contains('e') {
        return false;
    }
    let s = s.strip_suffix(".0").unwrap_or(s);
    if s.split_once('.').is_some_and(|(_, frac)| frac.len() > 6) {
        return false;
    }
    buf.push_str(s);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `format_number(x, decimals, lang)` is `expected`.
    fn check(x: f64, decimals: u8, lang: Lang, expected: &str) {
        assert_eq!(format_number(x, decimals, lang), expected, "{x} with {decimals} decimals");
    }

    /// `plain_number(x, lang)` is `expected`, and `plain_number_into` writes the same into a
    /// buffer that held something else.
    fn check_plain(x: f64, lang: Lang, expected: &str) {
        assert_eq!(plain_number(x, lang), expected, "{x}");
        let mut buf = String::from("999,5");
        plain_number_into(&mut buf, x, lang);
        assert_eq!(buf, expected, "{x} into a used buffer");
    }

    #[test]
    fn formats_numbers_for_both_languages() {
        check(12345.64, 1, Lang::Sv, "12\u{a0}345,6");
        check(12345.64, 1, Lang::En, "12,345.6");
        check(-3.5, 1, Lang::Sv, "-3,5");
        check(-3.5, 1, Lang::En, "-3.5");
        check(-0.04, 1, Lang::Sv, "0,0");
        check(-0.0, 0, Lang::En, "0");
        check(307772.0, 0, Lang::Sv, "307\u{a0}772");
        check(999.0, 0, Lang::En, "999");
        check(1000.0, 0, Lang::En, "1,000");
        check(-1234567.891, 2, Lang::Sv, "-1\u{a0}234\u{a0}567,89");
        check(-1234567.891, 2, Lang::En, "-1,234,567.89");
        check(0.125, 2, Lang::En, "0.12");
        check(2.5, 0, Lang::Sv, "2");
        // Past 2^53 the exact value of the binary number shows, grouped.
        check(1e24, 0, Lang::En, "999,999,999,999,999,983,222,784");
        // Not numbers: spelled as Rust does, no sign.
        check(f64::NAN, 1, Lang::Sv, "NaN");
        check(f64::INFINITY, 0, Lang::En, "inf");
        check(f64::NEG_INFINITY, 0, Lang::En, "inf");
    }

    #[test]
    fn plain_numbers_have_six_decimals_at_most_and_the_language_s_mark() {
        check_plain(1.5, Lang::Sv, "1,5");
        check_plain(1.5, Lang::En, "1.5");
        check_plain(2.0, Lang::Sv, "2");
        check_plain(100.0, Lang::En, "100");
        check_plain(0.1, Lang::En, "0.1");
        check_plain(123_456.123_456_7, Lang::Sv, "123456,123457");
        check_plain(1234567.0, Lang::En, "1234567");
        check_plain(-3.25, Lang::Sv, "-3,25");
        check_plain(-3.25, Lang::En, "-3.25");
        check_plain(0.000_000_4, Lang::Sv, "0");
        check_plain(0.000_000_6, Lang::Sv, "0,000001");
        // Zero from below is zero, not `-0`.
        check_plain(-0.000_000_1, Lang::Sv, "0");
        check_plain(-0.0, Lang::En, "0");
        // Past 2^53 the exact value of the binary number, with no grouping.
        check_plain(1e24, Lang::En, "999999999999999983222784");
        // Nothing a spreadsheet could read back: an empty cell.
        check_plain(f64::NAN, Lang::Sv, "");
        check_plain(f64::INFINITY, Lang::En, "");
        check_plain(f64::NEG_INFINITY, Lang::Sv, "");
    }

    /// What `plain_number` wrote before its fast path: every number rounded to six decimals.
    fn six_decimals(x: f64) -> String {
        let s = format!("{x:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" { "0".to_string() } else { s.to_string() }
    }

    #[test]
    fn the_fast_path_writes_what_rounding_to_six_decimals_writes() {
        // Decimals as reported (a few digits, every scale), near the 2^32 bound, halves at the
        // seventh decimal, and any bit pattern at all.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut cases = vec![0.0, -0.0, 4_294_967_295.999_999, 4_294_967_296.0, 0.000_000_5];
        for _ in 0..200_000 {
            let digits = (next() % 10_000_000_000) as f64;
            let scale = 10f64.powi((next() % 12) as i32);
            let sign = if next() % 2 == 0 { 1.0 } else { -1.0 };
            cases.push(sign * digits / scale);
            cases.push(sign * (digits + 0.5) / 1e7);
            cases.push(f64::from_bits(next()));
            cases.push(sign * f64::from_bits(next() >> 2) % 5e9);
        }
        let mut fast = 0;
        for x in cases.into_iter().filter(|x| x.is_finite()) {
            assert_eq!(plain_number(x, Lang::En), six_decimals(x), "{x:e} ({:#x})", x.to_bits());
            fast += usize::from(shortest_into(&mut String::new(), x));
        }
        assert!(fast > 100_000, "the fast path was taken {fast} times");
    }
}
