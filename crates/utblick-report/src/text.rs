//! The words of the report, in Swedish and English, and escaping for every output.

use utblick_core::{ActivityStatus, Lang, Period};

use utblick_analysis::Status;

/// Status in words, with a symbol that carries the meaning without colour.
pub fn status_word(s: Status, lang: Lang) -> &'static str {
    match (s, lang) {
        (Status::Achieved, Lang::Sv) => "uppnått",
        (Status::Achieved, Lang::En) => "achieved",
        (Status::OnTrack, Lang::Sv) => "i fas",
        (Status::OnTrack, Lang::En) => "on track",
        (Status::LimitedProgress, Lang::Sv) => "begränsade framsteg",
        (Status::LimitedProgress, Lang::En) => "limited progress",
        (Status::Deterioration, Lang::Sv) => "försämring",
        (Status::Deterioration, Lang::En) => "deterioration",
        (Status::TooLittleData, Lang::Sv) => "för lite data",
        (Status::TooLittleData, Lang::En) => "too little data",
        (Status::NoData, Lang::Sv) => "inga data",
        (Status::NoData, Lang::En) => "no data",
    }
}

/// A status as a symbol that carries it without colour (`★` achieved, `▲` on track, `◆`
/// limited progress, `▼` deterioration, `○` too little data, `–` no data), shown beside
/// [`status_word`].
pub fn status_symbol(s: Status) -> &'static str {
    match s {
        Status::Achieved => "★",
        Status::OnTrack => "▲",
        Status::LimitedProgress => "◆",
        Status::Deterioration => "▼",
        Status::TooLittleData => "○",
        Status::NoData => "–",
    }
}

/// A palette safe for colour-blind readers (Okabe–Ito), one colour per status.
pub fn status_colour(s: Status) -> (u8, u8, u8) {
    match s {
        Status::Achieved => (0, 114, 178),        // blue
        Status::OnTrack => (0, 158, 115),         // bluish green
        Status::LimitedProgress => (230, 159, 0), // orange
        Status::Deterioration => (213, 94, 0),    // vermillion
        Status::TooLittleData => (153, 153, 153),
        Status::NoData => (204, 204, 204),
    }
}

pub fn activity_status(s: ActivityStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (ActivityStatus::Planned, Lang::Sv) => "planerad",
        (ActivityStatus::Planned, Lang::En) => "planned",
        (ActivityStatus::Ongoing, Lang::Sv) => "pågår",
        (ActivityStatus::Ongoing, Lang::En) => "ongoing",
        (ActivityStatus::Done, Lang::Sv) => "genomförd",
        (ActivityStatus::Done, Lang::En) => "done",
        (ActivityStatus::Postponed, Lang::Sv) => "uppskjuten",
        (ActivityStatus::Postponed, Lang::En) => "postponed",
        (ActivityStatus::Cancelled, Lang::Sv) => "inställd",
        (ActivityStatus::Cancelled, Lang::En) => "cancelled",
    }
}

/// A period as readers write it: `2023`, `2023 kv. 1` / `2023 Q1`, `2023-01`.
pub fn period(p: Period, lang: Lang) -> String {
    match (p, lang) {
        (Period::Year(y), _) => y.to_string(),
        (Period::Quarter(y, q), Lang::Sv) => format!("{y} kv. {q}"),
        (Period::Quarter(y, q), Lang::En) => format!("{y} Q{q}"),
        (Period::Month(y, m), _) => format!("{y}-{m:02}"),
        (Period::SchoolYear(_) | Period::Years(..), _) => p.to_string(),
    }
}

/// The English name of a country of ISO 3166-1 code `code`, for the countries the registry
/// names in Swedish (`utblick_core::country_name`); others are shown by their code.
pub fn country_en(code: &str) -> Option<&'static str> {
    Some(match code {
        "AT" => "Austria",
        "BE" => "Belgium",
        "BG" => "Bulgaria",
        "CH" => "Switzerland",
        "CN" => "China",
        "CY" => "Cyprus",
        "CZ" => "Czechia",
        "DE" => "Germany",
        "DK" => "Denmark",
        "EE" => "Estonia",
        "ES" => "Spain",
        "FI" => "Finland",
        "FR" => "France",
        "GB" => "United Kingdom",
        "GR" => "Greece",
        "HR" => "Croatia",
        "HU" => "Hungary",
        "IE" => "Ireland",
        "IS" => "Iceland",
        "IT" => "Italy",
        "JP" => "Japan",
        "LT" => "Lithuania",
        "LU" => "Luxembourg",
        "LV" => "Latvia",
        "MT" => "Malta",
        "NL" => "Netherlands",
        "NO" => "Norway",
        "PL" => "Poland",
        "PT" => "Portugal",
        "RO" => "Romania",
        "SE" => "Sweden",
        "SI" => "Slovenia",
        "SK" => "Slovakia",
        "UA" => "Ukraine",
        "US" => "United States",
        _ => return None,
    })
}

/// Text for a Markdown table cell or paragraph: no markup, no HTML, no broken tables, no
/// hidden characters ([`utblick_core::clean`]).
pub fn markdown(s: &str) -> String {
    let s = utblick_core::clean(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '>' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// As [`markdown`], for text that starts a paragraph: a leading `-`, `+` or `=` and a number
/// followed by `.` or `)` are escaped too, so that `2024. Nya projekt` is not a list.
pub fn markdown_paragraph(s: &str) -> String {
    let mut out = markdown(s);
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else {
        let digits = out.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && out[digits..].starts_with(['.', ')']) {
            out.insert(digits, '\\');
        }
    }
    out
}

/// A CSV text cell that a spreadsheet will not run (see [`utblick_core::spreadsheet_safe`]).
pub fn csv_text(s: &str) -> String {
    utblick_core::spreadsheet_safe(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_never_starts_a_list_a_rule_or_strikethrough() {
        for (text, shown) in [
            ("2024. Nya projekt", "2024\\. Nya projekt"),
            ("3) tre", "3\\) tre"),
            ("- punkt", "\\- punkt"),
            ("+ plus", "\\+ plus"),
            ("---", "\\---"),
            ("=== rubrik", "\\=== rubrik"),
            ("~~struken~~", "\\~\\~struken\\~\\~"),
            ("2024 års möten", "2024 års möten"),
            ("Möten 2024. Fler", "Möten 2024. Fler"),
        ] {
            assert_eq!(markdown_paragraph(text), shown, "{text}");
        }
    }

    #[test]
    fn every_country_core_names_in_swedish_has_an_english_name() {
        let letters = b'A'..=b'Z';
        for a in letters.clone() {
            for b in letters.clone() {
                let code = String::from_utf8(vec![a, b]).unwrap_or_default();
                if utblick_core::country_name(&code) != code {
                    assert!(country_en(&code).is_some(), "{code} has no English name");
                }
            }
        }
        assert_eq!(country_en("PL"), Some("Poland"));
        assert_eq!(country_en("KE"), None);
    }

    #[test]
    fn escapes() {
        assert_eq!(markdown("a|b *c* <x>"), "a\\|b \\*c\\* \\<x\\>");
        assert_eq!(csv_text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_text("@x"), "'@x");
        assert_eq!(csv_text("-3,5"), "-3,5");
        assert_eq!(csv_text("-x"), "'-x");
        assert_eq!(csv_text("Örebro"), "Örebro");
        // Hidden characters are seen, not obeyed, in every output.
        let hostile = "Före\u{1b}[31mtag\u{202e}samhet";
        assert_eq!(markdown(hostile), "Före\u{fffd}\\[31mtag\u{fffd}samhet");
        assert_eq!(csv_text(hostile), "Före\u{fffd}[31mtag\u{fffd}samhet");
    }
}

/// The sort key of a name in Swedish order: case and accents aside, with å, ä and ö after z
/// (æ sorts as ä, ø as ö, ü as y, as the Swedish Academy's rules have it).
fn collation_key(s: &str) -> Vec<u32> {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            'ü' => 'y' as u32,
            'à' | 'á' | 'â' | 'ã' => 'a' as u32,
            'é' | 'è' | 'ê' | 'ë' => 'e' as u32,
            'í' | 'ì' | 'î' | 'ï' => 'i' as u32,
            'ó' | 'ò' | 'ô' | 'õ' => 'o' as u32,
            'ú' | 'ù' | 'û' => 'u' as u32,
            'ç' => 'c' as u32,
            'ñ' => 'n' as u32,
            c => c as u32,
        })
        .collect()
}

/// Compares two names in Swedish order (Hallsberg before Hällefors, Örebro last).
pub fn collate(a: &str, b: &str) -> std::cmp::Ordering {
    collation_key(a).cmp(&collation_key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod collation_tests {
    use super::collate;

    #[test]
    fn swedish_order_puts_a_ring_a_umlaut_and_o_umlaut_after_z() {
        let mut names = vec![
            "Örebro kommun",
            "Hällefors kommun",
            "Askersunds kommun",
            "Hallsbergs kommun",
            "Ängelholm",
            "Åmål",
            "Zinkgruvan",
            "Degerfors kommun",
            "émigré",
        ];
        names.sort_by(|a, b| collate(a, b));
        assert_eq!(
            names,
            [
                "Askersunds kommun",
                "Degerfors kommun",
                "émigré",
                "Hallsbergs kommun",
                "Hällefors kommun",
                "Zinkgruvan",
                "Åmål",
                "Ängelholm",
                "Örebro kommun",
            ]
        );
    }
}
