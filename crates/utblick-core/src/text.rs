//! Making text from users safe to show: on a terminal, in HTML, Markdown, SVG and spreadsheets.
//!
//! One rule for all of them ([`clean`]): a character that is invisible or acts on the display
//! instead of being shown (control characters, bidirectional overrides, zero-width
//! characters) becomes `�`, so that it is seen, not obeyed. Line breaks and tabs stay where a
//! text may have several lines; [`printable`] is the one-line form. Each output then adds its
//! own escaping on top (HTML entities, Markdown backslashes, CSV formula cells).

use std::borrow::Cow;

/// What stands in for a character that must not reach a reader as it is.
pub const REPLACEMENT: char = '\u{fffd}';

/// Whether a character is invisible or acts on the display: C0 and C1 control characters
/// (line break and tab included), bidirectional marks, embeddings, overrides and isolates,
/// zero-width spaces and joiners, the word joiner and the byte-order mark.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// The text with every hidden character but line breaks (`\n`) and tabs made visible as `�`:
/// for output that may run over several lines (a terminal, HTML, Markdown, SVG, CSV).
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && c != '\t' && is_hidden(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if c != '\n' && c != '\t' && is_hidden(c) { REPLACEMENT } else { c })
            .collect(),
    )
}

/// As [`clean`], with line breaks and tabs made visible too: for one-line messages.
pub fn printable(s: &str) -> String {
    s.chars().map(|c| if is_hidden(c) { REPLACEMENT } else { c }).collect()
}

/// A CSV text cell that a spreadsheet will not run: a cell that starts like a formula (`=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe. A number stays a
/// number: `-3,5`, `-12 345`, `+4.5 %` are left as they are. Hidden characters are made
/// visible as everywhere ([`clean`]).
pub fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !looks_numeric(cell) {
        format!("'{}", clean(cell))
    } else {
        clean(cell).into_owned()
    }
}

/// Whether a cell reads as a plain number in Swedish or English spelling.
fn looks_numeric(cell: &str) -> bool {
    let t: String = cell
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    t.bytes().any(|b| b.is_ascii_digit()) && t.parse::<f64>().is_ok_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formulas_not_numbers() {
        assert_eq!(spreadsheet_safe("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(spreadsheet_safe("@x"), "'@x");
        assert_eq!(spreadsheet_safe("+pos"), "'+pos");
        assert_eq!(spreadsheet_safe("\tx"), "'\tx");
        assert_eq!(spreadsheet_safe("-x"), "'-x");
        assert_eq!(spreadsheet_safe("-3,5"), "-3,5");
        assert_eq!(spreadsheet_safe("-12 345"), "-12 345");
        assert_eq!(spreadsheet_safe("+4.5 %"), "+4.5 %");
        assert_eq!(spreadsheet_safe("-inf"), "'-inf");
        assert_eq!(spreadsheet_safe("Örebro"), "Örebro");
        assert_eq!(spreadsheet_safe("a\u{1b}[31mb"), "a\u{fffd}[31mb");
    }

    #[test]
    fn one_rule_for_hidden_characters() {
        // An escape sequence, a bell, a C1 control, a right-to-left override, a zero-width
        // space, an isolate and a byte-order mark: each is seen as `�`.
        let hostile = "a\u{1b}[2Jb\u{7}c\u{9b}d\u{202e}e\u{200b}f\u{2067}g\u{feff}h";
        assert_eq!(
            clean(hostile),
            "a\u{fffd}[2Jb\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}f\u{fffd}g\u{fffd}h"
        );
        // Lines and tabs stay in running text, not in one-line messages.
        assert_eq!(clean("två\nrader\tx\r\n"), "två\nrader\tx\u{fffd}\n");
        assert_eq!(printable("a\u{1b}[2Jb\n"), "a\u{fffd}[2Jb\u{fffd}");
        // Ordinary text, Swedish letters and no-break spaces included, is left alone.
        assert!(matches!(clean("Örebro län 12\u{a0}345 – ök"), Cow::Borrowed(_)));
    }
}
