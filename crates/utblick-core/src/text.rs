//! Making text from users safe to show: in a spreadsheet and on a terminal.

/// A CSV text cell that a spreadsheet will not run: a cell that starts like a formula (`=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe. A number stays a
/// number: `-3,5`, `-12 345`, `+4.5 %` are left as they are.
pub fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !looks_numeric(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
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

/// Control characters (a line break, or an escape sequence that would restyle a terminal)
/// shown as `�`, for one-line messages.
pub fn printable(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect()
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
        assert_eq!(printable("a\u{1b}[2Jb\n"), "a\u{fffd}[2Jb\u{fffd}");
    }
}
