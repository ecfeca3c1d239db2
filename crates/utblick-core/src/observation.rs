//! Indicator values as actors report them.

use std::fmt;

use crate::period::Period;

/// Kolada's gender split: `T` total, `K` women (*kvinnor*), `M` men (*män*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    Total,
    Women,
    Men,
}

impl Gender {
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
}

impl MissingMarker {
    pub fn as_str(self) -> &'static str {
        match self {
            MissingMarker::DotDot => "..",
            MissingMarker::Dash => "-",
            MissingMarker::Colon => ":",
            MissingMarker::Empty => "",
        }
    }

    pub fn parse(s: &str) -> Option<MissingMarker> {
        match s {
            ".." => Some(MissingMarker::DotDot),
            "-" | "–" | "—" => Some(MissingMarker::Dash),
            ":" => Some(MissingMarker::Colon),
            "" => Some(MissingMarker::Empty),
            _ => None,
        }
    }
}

/// A reported value: a finite number, or missing with its marker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ObsValue {
    Number(f64),
    Missing(MissingMarker),
}

impl ObsValue {
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
            ObsValue::Missing(m) => f.write_str(m.as_str()),
        }
    }
}

/// What identifies one value: which indicator, whose, when, for whom.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObsKey {
    pub indicator: String,
    pub actor: String,
    pub period: Period,
    /// `None` for indicators without a gender split.
    pub gender: Option<Gender>,
}

/// One checked value, ready to be stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    pub key: ObsKey,
    pub value: ObsValue,
    pub comment: String,
}

/// The language of what users read: Swedish by default, English on request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Sv,
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
}
