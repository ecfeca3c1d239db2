//! Numbers as Swedish spreadsheets write them.
//!
//! `12 345,6` (space or no-break space as thousands separator, decimal comma), `12345.6`,
//! `-3,5`, `−3,5` (Unicode minus), `45 %`. `..`, `-`, `:` and an empty cell are "missing" with
//! their marker, never zero; `återkallad` (or `retracted`) takes a value back.
//!
//! `.` or `,` as thousands separators (`1.234,5`, `1,234,567`) are read, and said: the
//! caller gets the separator back to note it, since a guess must never be silent.

use utblick_core::{MissingMarker, ObsValue};

/// Why a value cell could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all.
    NotANumber,
    /// NaN, infinity, or too large for a finite number.
    NotFinite,
}

const SPACES: [char; 5] = [' ', '\u{a0}', '\u{202f}', '\u{2009}', '\u{2007}'];

/// A value as read, with the thousands separator (`.` or `,`) it had, if any, or the decimal
/// mark that could have been one (`1.234`: one mark, three digits after it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Parsed {
    /// The number, or the missing marker.
    pub value: ObsValue,
    /// The thousands separator read (`.` or `,`), to be noted to the sender.
    pub thousands: Option<char>,
    /// The mark read as decimal that may have been a thousands separator, to be noted.
    pub ambiguous: Option<char>,
}

/// Whether `s` is one to three digits (not starting with 0), one `.` or `,`, and three
/// digits: `1.234`, `158,024`. Read as a decimal number, but it may mean thousands.
fn ambiguous_mark(s: &str) -> Option<char> {
    let s = s.strip_prefix('-').unwrap_or(s);
    let at = s.find(['.', ','])?;
    let (int, frac) = (&s[..at], &s[at + 1..]);
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    (digits(int) && (1..=3).contains(&int.len()) && !int.starts_with('0'))
        .then_some(())
        .filter(|()| frac.len() == 3 && digits(frac))
        .map(|()| char::from(s.as_bytes()[at]))
}

/// Reads a value cell: a number as Swedish or English spreadsheets write it, or a missing
/// marker.
pub fn parse_value(raw: &str) -> Result<Parsed, NumberError> {
    let s = raw.trim_matches(|c: char| c.is_whitespace() || SPACES.contains(&c));
    if let Some((x, ambiguous)) = plain(s) {
        return Ok(Parsed { value: ObsValue::Number(x), thousands: None, ambiguous });
    }
    if let Some(m) = MissingMarker::parse(s) {
        return Ok(Parsed { value: ObsValue::Missing(m), thousands: None, ambiguous: None });
    }
    general(s)
}

fn general(s: &str) -> Result<Parsed, NumberError> {
    let s = s.strip_suffix('%').unwrap_or(s);
    let mut t: String = s.chars().filter(|c| !SPACES.contains(c)).collect();
    t = t.replace(['−', '–'], "-");
    let lower = t.to_ascii_lowercase();
    if ["nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"]
        .contains(&lower.as_str())
    {
        return Err(NumberError::NotFinite);
    }
    let commas = t.matches(',').count();
    let dots = t.matches('.').count();
    let t_for_marks = t.clone();
    let (normalised, thousands) = match (commas, dots) {
        (0, 0) | (0, 1) => (t, None),
        (1, 0) => (t.replace(',', "."), None),
        // 1.234.567 or 1,234,567: thousands separators only.
        (0, _) => (t.replace('.', ""), Some('.')),
        (_, 0) => (t.replace(',', ""), Some(',')),
        // Both: the last one is the decimal mark.
        _ => {
            if t.rfind(',') > t.rfind('.') {
                (t.replace('.', "").replace(',', "."), Some('.'))
            } else {
                (t.replace(',', ""), Some(','))
            }
        }
    };
    if !normalised
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        || !normalised.bytes().any(|b| b.is_ascii_digit())
    {
        return Err(NumberError::NotANumber);
    }
    match normalised.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Parsed {
            value: ObsValue::Number(if x == 0.0 { 0.0 } else { x }),
            thousands,
            ambiguous: if thousands.is_none() { ambiguous_mark(&t_for_marks) } else { None },
        }),
        Ok(_) => Err(NumberError::NotFinite),
        Err(_) => Err(NumberError::NotANumber),
    }
}

/// The common case without allocating: digits, an optional leading `-` and at most one
/// decimal mark (`,` or `.`), which is what the general rules make of it too.
fn plain(s: &str) -> Option<(f64, Option<char>)> {
    const MAX: usize = 32;
    let bytes = s.as_bytes();
    if bytes.len() > MAX {
        return None;
    }
    let mut buf = [0u8; MAX];
    let (mut digits, mut marks, mut mark_at) = (0, 0, 0);
    for (i, &b) in bytes.iter().enumerate() {
        buf[i] = match b {
            b'0'..=b'9' => {
                digits += 1;
                b
            }
            b'-' if i == 0 => b,
            b',' | b'.' => {
                marks += 1;
                mark_at = i;
                b'.'
            }
            _ => return None,
        };
    }
    if digits == 0 || marks > 1 {
        return None;
    }
    let x: f64 = std::str::from_utf8(&buf[..bytes.len()]).ok()?.parse().ok()?;
    // Too many digits for a finite number: the general path says so.
    if !x.is_finite() {
        return None;
    }
    // One mark with one to three digits before it (not starting with 0) and three after.
    let start = usize::from(bytes[0] == b'-');
    let ambiguous = (marks == 1
        && mark_at > start
        && mark_at - start <= 3
        && bytes[start] != b'0'
        && bytes.len() - mark_at - 1 == 3)
        .then(|| char::from(bytes[mark_at]));
    Some((if x == 0.0 { 0.0 } else { x }, ambiguous))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: Result<ObsValue, NumberError>) {
        assert_eq!(parse_value(raw).map(|p| p.value), expected, "input {raw:?}");
    }

    fn n(x: f64) -> Result<ObsValue, NumberError> {
        Ok(ObsValue::Number(x))
    }

    #[test]
    fn swedish_and_plain_numbers() {
        check("80,9", n(80.9));
        check("80.9", n(80.9));
        check("12 345,6", n(12345.6));
        check("12\u{a0}345,6", n(12345.6));
        check("12\u{202f}345", n(12345.0));
        check("307 772", n(307772.0));
        check("-3,5", n(-3.5));
        check("−3,5", n(-3.5));
        check("45 %", n(45.0));
        check("45%", n(45.0));
        check("1.234,5", n(1234.5));
        check("1,234.5", n(1234.5));
        check("1.234.567", n(1234567.0));
        check(" 7 ", n(7.0));
        check("-0", n(0.0));
        check("1e3", n(1000.0));
    }

    #[test]
    fn thousands_separators_other_than_spaces_are_read_and_said() {
        let sep = |raw: &str| parse_value(raw).unwrap().thousands;
        assert_eq!(sep("1.234,5"), Some('.'));
        assert_eq!(sep("1,234.5"), Some(','));
        assert_eq!(sep("1.234.567"), Some('.'));
        assert_eq!(sep("1,234,567"), Some(','));
        // A space is the Swedish way and one mark is a decimal mark: nothing to say.
        assert_eq!(sep("12 345,6"), None);
        assert_eq!(sep("1,234"), None);
        assert_eq!(sep("1.234"), None);
        // One mark and three digits after it: read as decimals, but said, since it may
        // have meant thousands.
        let amb = |raw: &str| parse_value(raw).unwrap().ambiguous;
        assert_eq!(amb("158.024"), Some('.'));
        assert_eq!(amb("1,234"), Some(','));
        assert_eq!(amb("-2,125"), Some(','));
        assert_eq!(amb("1,234 %"), Some(','));
        for plain in ["0,925", "80,9", "1234,567", "12,3456", "1 234,567", "158024"] {
            assert_eq!(amb(plain), None, "{plain}");
        }
    }

    #[test]
    fn missing_markers_are_never_zero() {
        check("..", Ok(ObsValue::Missing(MissingMarker::DotDot)));
        check("-", Ok(ObsValue::Missing(MissingMarker::Dash)));
        check(":", Ok(ObsValue::Missing(MissingMarker::Colon)));
        check("", Ok(ObsValue::Missing(MissingMarker::Empty)));
        check("  ", Ok(ObsValue::Missing(MissingMarker::Empty)));
        check("återkallad", Ok(ObsValue::Missing(MissingMarker::Retracted)));
    }

    #[test]
    fn rejects_what_is_not_a_finite_number() {
        check("NaN", Err(NumberError::NotFinite));
        check("inf", Err(NumberError::NotFinite));
        check("-Infinity", Err(NumberError::NotFinite));
        check("1e999", Err(NumberError::NotFinite));
        check("tolv", Err(NumberError::NotANumber));
        check("12 kr", Err(NumberError::NotANumber));
        check("1,2,3.4.5", Err(NumberError::NotANumber));
        check("%", Err(NumberError::NotANumber));
        check("0x10", Err(NumberError::NotANumber));
        check("--1", Err(NumberError::NotANumber));
    }

    proptest::proptest! {
        /// The shortcut reads a number exactly as the general rules do.
        #[test]
        fn the_plain_shortcut_agrees_with_the_general_rules(
            s in "-?[0-9]{0,24}([.,][0-9]{0,14})?|[-0-9.,]{0,6}"
        ) {
            if let Some((x, ambiguous)) = plain(&s) {
                proptest::prop_assert_eq!(
                    Ok(ObsValue::Number(x)),
                    general(&s).map(|p| p.value)
                );
                proptest::prop_assert_eq!(general(&s).map(|p| p.thousands), Ok(None));
                proptest::prop_assert_eq!(general(&s).map(|p| p.ambiguous), Ok(ambiguous));
            }
        }
    }
}
