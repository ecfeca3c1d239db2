//! Indicator values as actors report them.

use std::fmt;

use crate::period::Period;

/// Kolada's gender split: `T` total, `K` women (*kvinnor*), `M` men (*män*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    /// Everyone, women and men together (`T`).
    Total,
    /// Women (`K`).
    Women,
    /// Men (`M`).
    Men,
}

impl Gender {
    /// Kolada's code for the gender: `T`, `K` or `M`.
    pub fn code(self) -> &'static str {
        match self {
            Gender::Total => "T",
            Gender::Women => "K",
            Gender::Men => "M",
        }
    }

    /// Reads `T`/`K`/`M` (any case) and the Swedish and English words for them.
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_lowercase().as_str() {
            "t" | "totalt" | "total" | "alla" | "all" => Some(Gender::Total),
            "k" | "kvinnor" | "kvinna" | "w" | "women" | "f" | "female" => Some(Gender::Women),
            "m" | "män" | "man" | "men" | "male" => Some(Gender::Men),
            _ => None,
        }
    }
}

/// How a statistic marks a value that is missing or suppressed. Never zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MissingMarker {
    /// `..`: not available.
    DotDot,
    /// `-`: nothing to report / not applicable.
    Dash,
    /// `:`: suppressed or not reliable.
    Colon,
    /// An empty cell.
    Empty,
    /// The sender takes back a value sent before (`återkallad`, `retracted`): the only
    /// missing marker that replaces a stored number.
    Retracted,
}

impl MissingMarker {
    /// The marker as stored and shown (`..`, `-`, `:`, empty, `retracted`).
    pub fn as_str(self) -> &'static str {
        match self {
            MissingMarker::DotDot => "..",
            MissingMarker::Dash => "-",
            MissingMarker::Colon => ":",
            MissingMarker::Empty => "",
            MissingMarker::Retracted => "retracted",
        }
    }

    /// The marker a cell holds, if it holds one: the signs, an empty cell, or a spelling
    /// of `återkallad`.
    pub fn parse(s: &str) -> Option<MissingMarker> {
        match s {
            ".." => Some(MissingMarker::DotDot),
            "-" | "–" | "—" => Some(MissingMarker::Dash),
            ":" => Some(MissingMarker::Colon),
            "" => Some(MissingMarker::Empty),
            _ if s.len() <= 12
                && s.starts_with(char::is_alphabetic)
                && RETRACTED.contains(&s.to_lowercase().as_str()) =>
            {
                Some(MissingMarker::Retracted)
            }
            _ => None,
        }
    }
}

/// Spellings of [`MissingMarker::Retracted`], in lower case (any case is read).
const RETRACTED: [&str; 5] = ["återkalla", "återkallad", "återkallat", "retracted", "retract"];

/// A reported value: a finite number, or missing with its marker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ObsValue {
    /// A value reported as a number.
    Number(f64),
    /// No value, with the marker the sender gave.
    Missing(MissingMarker),
}

impl ObsValue {
    /// The number, or `None` for a missing value.
    pub fn number(self) -> Option<f64> {
        match self {
            ObsValue::Number(x) => Some(x),
            ObsValue::Missing(_) => None,
        }
    }
}

impl fmt::Display for ObsValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObsValue::Number(x) => write!(f, "{x}"),
            ObsValue::Missing(MissingMarker::Empty) => f.write_str("(tomt)"),
            ObsValue::Missing(MissingMarker::Retracted) => f.write_str("(återkallad)"),
            ObsValue::Missing(m) => f.write_str(m.as_str()),
        }
    }
}

/// What identifies one value: which indicator, whose, when, for whom.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObsKey {
    /// The indicator's id in the catalogue.
    pub indicator: String,
    /// The project id of the actor (or reference geography) the value is for.
    pub actor: String,
    /// The period the value is for.
    pub period: Period,
    /// `None` for indicators without a gender split.
    pub gender: Option<Gender>,
    /// The breakdown cell beyond gender (`alder=25-64`), empty for the total; see
    /// [`crate::breakdown_key`].
    pub breakdown: String,
}

impl ObsKey {
    /// The series within the indicator and actor, in a few characters: the gender code and the
    /// breakdown key (`K grupp=unga 16-24`); empty for a total without a split.
    pub fn series_label(&self) -> String {
        match (self.gender, self.breakdown.as_str()) {
            (None, b) => b.to_string(),
            (Some(g), "") => g.code().to_string(),
            (Some(g), b) => format!("{} {b}", g.code()),
        }
    }
}

/// One checked value, ready to be stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// Which indicator, actor, period, gender and breakdown cell.
    pub key: ObsKey,
    /// The number, or its missing marker.
    pub value: ObsValue,
    /// The sender's comment on the value; empty when there is none.
    pub comment: String,
}

/// The language of what users read: Swedish by default, English on request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Swedish, the default.
    #[default]
    Sv,
    /// English.
    En,
}

impl Lang {
    /// Picks the Swedish or the English text.
    pub fn pick<'a>(self, sv: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    /// The mark between a number's whole part and its decimals: `,` in Swedish, `.` in
    /// English.
    pub fn decimal_mark(self) -> char {
        match self {
            Lang::Sv => ',',
            Lang::En => '.',
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retraction_is_a_missing_marker_of_its_own() {
        for s in ["återkalla", "Återkallad", "retracted", "RETRACT"] {
            assert_eq!(MissingMarker::parse(s), Some(MissingMarker::Retracted), "{s}");
        }
        assert_eq!(MissingMarker::parse("återkallade värden"), None);
        let stored = MissingMarker::Retracted.as_str();
        assert_eq!(MissingMarker::parse(stored), Some(MissingMarker::Retracted));
    }
}
