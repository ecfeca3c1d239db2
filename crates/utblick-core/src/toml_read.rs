//! A small reader over a parsed TOML document that keeps places and reports every problem.
//!
//! Serde's `deny_unknown_fields` stops at the first unknown key; a planner wants them all at
//! once, each with its line and a "did you mean". So documents are parsed into toml's spanned
//! `DeTable` and read field by field through [`Fields`], which records unknown, missing and
//! mistyped fields as [`Diagnostic`]s and carries on.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diag::{Diagnostic, FileId, Loc, Located, did_you_mean};
use crate::period::Period;
use crate::text::is_hidden;

/// Texts in plan files longer than this get a warning: the vision of a plan is a paragraph,
/// not a book.
pub const LONG_TEXT: usize = 10_000;

/// Where diagnostics of one file go.
pub(crate) struct Ctx<'d> {
    pub file: FileId,
    pub diags: &'d mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn loc(&self, span: Range<usize>) -> Loc {
        Loc::new(self.file, span)
    }

    pub fn error(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        msg: impl Into<String>,
    ) -> &mut Diagnostic {
        let loc = self.loc(span);
        self.diags.push(Diagnostic::error(code, loc, msg));
        self.diags.last_mut().expect("just pushed")
    }
}

/// Parses a whole document; syntax errors become diagnostics and yield `None`.
pub(crate) fn parse_document<'i>(cx: &mut Ctx<'_>, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(doc);
    }
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().trim_end_matches('.').to_string();
        cx.error("syntax", span, format!("TOML syntax: {message}")).hint =
            Some("fix the syntax first; the other checks run once the file parses".into());
    }
    None
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The fields of one TOML table, read one by one.
pub(crate) struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    /// How the table is named in messages, e.g. "activity `A03`" or "the plan".
    what: String,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Wraps `table` and reports every key not in `known` as `unknown-field`.
    pub fn new(
        cx: &mut Ctx<'_>,
        table: &'a DeTable<'i>,
        span: Range<usize>,
        what: impl Into<String>,
        known: &[&str],
    ) -> Fields<'a, 'i> {
        let mut fields = Fields { table, span, what: what.into() };
        // The id names the table in the following messages, when there is one.
        if let Some(id) = table.get("id").and_then(|v| v.get_ref().as_str()) {
            fields.what = format!("{} `{id}`", fields.what);
        }
        for (key, _) in table.iter() {
            if known.contains(&key.get_ref().as_ref()) {
                continue;
            }
            let hint = match did_you_mean(key.get_ref(), known.iter().copied()) {
                Some(k) => format!("did you mean `{k}`? a misspelt key would otherwise be ignored"),
                None => format!("known fields here: {}", known.join(", ")),
            };
            cx.error(
                "unknown-field",
                key.span(),
                format!("unknown field `{}` in {}", key.get_ref(), fields.what),
            )
            .hint = Some(hint);
        }
        fields
    }

    pub fn what(&self) -> &str {
        &self.what
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn raw(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// Warns of text that readers would not see as written: hidden characters (control,
    /// bidirectional, zero-width; every output shows them as `�`), and text so long that
    /// it would swamp the report.
    fn check_text(&self, cx: &mut Ctx<'_>, key: &str, text: &str, span: Range<usize>) {
        // Line breaks and tabs are at home in a long text written over several lines.
        let hidden =
            text.chars().enumerate().find(|&(_, c)| c != '\n' && c != '\t' && is_hidden(c));
        if let Some((at, c)) = hidden {
            cx.diags.push(
                Diagnostic::warning(
                    "hidden-character",
                    cx.loc(span.clone()),
                    format!(
                        "`{key}` in {} holds a hidden character U+{:04X} at character {}",
                        self.what,
                        u32::from(c),
                        at + 1
                    ),
                )
                .with_hint(
                    "remove it (a control, bidirectional or zero-width character); every output shows it as �",
                ),
            );
        }
        let chars = text.chars().count();
        if chars > LONG_TEXT {
            cx.diags.push(
                Diagnostic::warning(
                    "long-text",
                    cx.loc(span),
                    format!("`{key}` in {} is {chars} characters long", self.what),
                )
                .with_hint(format!(
                    "keep a text in the plan under {LONG_TEXT} characters; link to a longer document instead"
                )),
            );
        }
    }

    fn missing(&self, cx: &mut Ctx<'_>, key: &str, example: &str) {
        cx.error("missing-field", self.span.clone(), format!("{} has no `{key}`", self.what))
            .hint = Some(format!("add a line such as `{key} = {example}`"));
    }

    fn wrong_type(&self, cx: &mut Ctx<'_>, key: &str, want: &str, got: &Spanned<DeValue<'_>>) {
        let hint = if want == "a number" {
            format!("write the number without quotes, spaces or unit, e.g. `{key} = 12.5`")
        } else if want.starts_with("a string") {
            format!("write the text in double quotes, e.g. `{key} = \"...\"`")
        } else {
            format!("see README.md for how `{key}` is written")
        };
        cx.error(
            "wrong-type",
            got.span(),
            format!("`{key}` in {} must be {want}, found {}", self.what, type_name(got.get_ref())),
        )
        .hint = Some(hint);
    }

    pub fn opt_str(&self, cx: &mut Ctx<'_>, key: &str) -> Option<Located<String>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) => {
                self.check_text(cx, key, s, v.span());
                Some(Located::new(s.to_string(), cx.loc(v.span())))
            }
            _ => {
                self.wrong_type(cx, key, "a string in quotes", v);
                None
            }
        }
    }

    pub fn req_str(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<Located<String>> {
        if self.raw(key).is_none() {
            self.missing(cx, key, example);
        }
        self.opt_str(cx, key)
    }

    /// An identifier: a non-empty string without spaces.
    pub fn req_id(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<Located<String>> {
        let id = self.req_str(cx, key, example)?;
        if id.value.is_empty() || id.value.chars().any(char::is_whitespace) {
            cx.error(
                "bad-value",
                id.loc.span.clone(),
                format!("`{key}` `{}` must be one word without spaces", id.value),
            )
            .hint = Some(format!("write it like {example}"));
            return None;
        }
        Some(id)
    }

    /// Text that may be left out; an empty string when absent.
    pub fn text(&self, cx: &mut Ctx<'_>, key: &str) -> String {
        self.opt_str(cx, key).map(|s| s.value).unwrap_or_default()
    }

    pub fn opt_f64(&self, cx: &mut Ctx<'_>, key: &str) -> Option<Located<f64>> {
        let v = self.raw(key)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok().map(|i| i as f64)
            }
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type(cx, key, "a number", v);
                return None;
            }
        };
        match parsed {
            Some(x) if x.is_finite() => Some(Located::new(x, cx.loc(v.span()))),
            _ => {
                cx.error(
                    "bad-value",
                    v.span(),
                    format!("`{key}` in {} must be a finite number", self.what),
                );
                None
            }
        }
    }

    pub fn req_f64(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<Located<f64>> {
        if self.raw(key).is_none() {
            self.missing(cx, key, example);
        }
        self.opt_f64(cx, key)
    }

    pub fn opt_bool(&self, cx: &mut Ctx<'_>, key: &str) -> Option<bool> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(cx, key, "`true` or `false`", v);
                None
            }
        }
    }

    /// A list of strings; a single string is taken as a list of one.
    pub fn str_list(&self, cx: &mut Ctx<'_>, key: &str) -> Vec<Located<String>> {
        let Some(v) = self.raw(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::String(s) => {
                self.check_text(cx, key, s, v.span());
                vec![Located::new(s.to_string(), cx.loc(v.span()))]
            }
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::String(s) => {
                        self.check_text(cx, key, s, item.span());
                        Some(Located::new(s.to_string(), cx.loc(item.span())))
                    }
                    _ => {
                        self.wrong_type(cx, key, "a list of strings", item);
                        None
                    }
                })
                .collect(),
            _ => {
                self.wrong_type(cx, key, "a list of strings", v);
                Vec::new()
            }
        }
    }

    /// A period written as a string (`"2023Q1"`) or, for a year, a bare integer (`2023`).
    /// The located value is `None` when the key is absent or the period does not parse.
    pub fn opt_period(&self, cx: &mut Ctx<'_>, key: &str) -> Located<Option<Period>> {
        let Some(v) = self.raw(key) else {
            return Located::new(None, cx.loc(self.span()));
        };
        let text: Cow<'_, str> = match v.get_ref() {
            DeValue::String(s) => Cow::Borrowed(s.as_ref()),
            DeValue::Integer(i) => Cow::Borrowed(i.as_str()),
            _ => {
                self.wrong_type(cx, key, "a period such as \"2023\" or \"2023Q1\"", v);
                return Located::new(None, cx.loc(v.span()));
            }
        };
        match text.parse::<Period>() {
            Ok(p) => Located::new(Some(p), cx.loc(v.span())),
            Err(e) => {
                cx.error("bad-period", v.span(), e.to_string());
                Located::new(None, cx.loc(v.span()))
            }
        }
    }

    pub fn req_period(&self, cx: &mut Ctx<'_>, key: &str) -> Located<Option<Period>> {
        if self.raw(key).is_none() {
            self.missing(cx, key, "\"2023\"");
        }
        self.opt_period(cx, key)
    }

    /// A date written bare (`2023-06-15`) or in quotes.
    pub fn opt_date(&self, cx: &mut Ctx<'_>, key: &str) -> Option<Located<crate::period::Date>> {
        let v = self.raw(key)?;
        let text = match v.get_ref() {
            DeValue::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => dt.to_string(),
            DeValue::String(s) => s.to_string(),
            _ => {
                self.wrong_type(cx, key, "a date such as 2023-06-15", v);
                return None;
            }
        };
        match text.parse::<crate::period::Date>() {
            Ok(d) => Some(Located::new(d, cx.loc(v.span()))),
            Err(_) => {
                cx.error(
                    "bad-value",
                    v.span(),
                    format!("`{key}` in {} is not a date: `{text}`", self.what),
                )
                .hint = Some(format!("write the day as `{key} = 2023-06-15`"));
                None
            }
        }
    }

    /// A table from years to values (`{ 2022 = 3, 2023 = 5 }`); `each` reads one value and
    /// returns `None` (having said why) when it cannot.
    pub fn year_map<T>(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
        mut each: impl FnMut(&mut Ctx<'_>, &Spanned<DeValue<'i>>) -> Option<T>,
    ) -> std::collections::BTreeMap<i32, T> {
        let mut out = std::collections::BTreeMap::new();
        let Some(v) = self.raw(key) else {
            return out;
        };
        let DeValue::Table(t) = v.get_ref() else {
            self.wrong_type(cx, key, "a table of years, e.g. `{ 2022 = 3, 2023 = 5 }`", v);
            return out;
        };
        for (k, item) in t.iter() {
            match k.get_ref().parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => {
                    if let Some(x) = each(cx, item) {
                        out.insert(y, x);
                    }
                }
                _ => {
                    cx.error(
                        "bad-value",
                        k.span(),
                        format!("`{}` in `{key}` of {} is not a year", k.get_ref(), self.what),
                    )
                    .hint =
                        Some(format!("key the values by year: `{key} = {{ 2022 = 3, 2023 = 5 }}`"));
                }
            }
        }
        out
    }

    /// One of a fixed set of words; anything else is `bad-value` listing the allowed ones.
    pub fn opt_choice<T: Copy>(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
        choices: &[(&str, T)],
    ) -> Option<Located<T>> {
        let s = self.opt_str(cx, key)?;
        if let Some((_, t)) = choices.iter().find(|(name, _)| *name == s.value) {
            return Some(Located::new(*t, s.loc));
        }
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        let hint = match did_you_mean(&s.value, names.iter().copied()) {
            Some(n) => format!("did you mean \"{n}\"? allowed: {}", names.join(", ")),
            None => format!("allowed: {}", names.join(", ")),
        };
        cx.error(
            "bad-value",
            s.loc.span.clone(),
            format!("`{key}` in {} cannot be \"{}\"", self.what, s.value),
        )
        .hint = Some(hint);
        None
    }

    pub fn req_choice<T: Copy>(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
        choices: &[(&str, T)],
    ) -> Option<Located<T>> {
        if self.raw(key).is_none() {
            self.missing(cx, key, &format!("\"{}\"", choices[0].0));
        }
        self.opt_choice(cx, key, choices)
    }

    /// An inline or standard sub-table.
    pub fn opt_table(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
    ) -> Option<(&'a DeTable<'i>, Range<usize>)> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            _ => {
                self.wrong_type(cx, key, "a table such as `{ period = \"2022\", value = 1.0 }`", v);
                None
            }
        }
    }

    pub fn req_table(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
        example: &str,
    ) -> Option<(&'a DeTable<'i>, Range<usize>)> {
        if self.raw(key).is_none() {
            self.missing(cx, key, example);
        }
        self.opt_table(cx, key)
    }

    /// The entries of an array of tables (`[[activity]]`) or an inline array of tables.
    pub fn tables(&self, cx: &mut Ctx<'_>, key: &str) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        let Some(v) = self.raw(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(cx, key, &format!("a list of tables, written `[[{key}]]`"), v);
            return Vec::new();
        };
        tables_of(items)
            .filter_map(|r| match r {
                Ok(t) => Some(t),
                Err(item) => {
                    self.wrong_type(cx, key, "a table", item);
                    None
                }
            })
            .collect()
    }
}

fn tables_of<'a, 'i>(
    items: &'a DeArray<'i>,
) -> impl Iterator<Item = Result<(&'a DeTable<'i>, Range<usize>), &'a Spanned<DeValue<'i>>>> {
    items.iter().map(|item| match item.get_ref() {
        DeValue::Table(t) => Ok((t, item.span())),
        _ => Err(item),
    })
}
