//! Diagnostics: a problem in an input file, with its place and a hint.
//!
//! Core never reads files; it is handed [`SourceFile`]s (a display name and the text) and
//! reports places as byte spans into them. [`Diagnostic::line_col`] turns a span into the
//! `line:column` a planner sees in an editor (both 1-based, the column counted in characters).

use std::fmt;
use std::ops::Range;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in a source file: the file and a byte range.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    /// The file the place is in.
    pub file: FileId,
    /// The byte range in the file's text.
    pub span: Range<usize>,
}

impl Loc {
    /// The place `span` in `file`.
    pub fn new(file: FileId, span: Range<usize>) -> Loc {
        Loc { file, span }
    }
}

/// A value together with the place it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    /// The value as read.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

impl<T> Located<T> {
    /// `value`, written at `loc`.
    pub fn new(value: T, loc: Loc) -> Located<T> {
        Located { value, loc }
    }
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// One input text: a display name (the path as the user should see it) and its content.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as the user should see it in a diagnostic.
    pub name: String,
    /// The whole text of the file.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file of display name `name` and content `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { name: name.into(), text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// All files of one check, addressed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file; the id addresses it from now on.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    /// The file of `id`; panics for an id this map did not give.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Resolves a diagnostic's place to `(file name, line, column)`.
    pub fn place(&self, loc: &Loc) -> (&str, usize, usize) {
        let file = self.get(loc.file);
        let (line, col) = file.line_col(loc.span.start);
        (&file.name, line, col)
    }
}

/// How bad a problem is. An error means the input cannot be used as written (`plan check`
/// exits with 1, an ingested row is rejected); a warning is told and lets it pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Wrong: to be fixed before the input is used.
    Error,
    /// Likely a mistake, but usable as it is.
    Warning,
}

impl Severity {
    /// The severity as shown before a message and in JSON (`error`, `warning`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a plan, a catalogue or an actor file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// An error or a warning.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `unknown-field`; tools and tests match on it.
    pub code: &'static str,
    /// What is wrong, in plain words: lower case, no trailing period.
    pub message: String,
    /// What to do about it, in plain words.
    pub hint: Option<String>,
    /// Where; `None` only for problems that have no place (none so far).
    pub loc: Option<Loc>,
}

impl Diagnostic {
    /// An error of code `code` at `loc`.
    pub fn error(code: &'static str, loc: Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
            loc: Some(loc),
        }
    }

    /// A warning of code `code` at `loc`.
    pub fn warning(code: &'static str, loc: Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, loc, message) }
    }

    /// The diagnostic with `hint` saying what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

/// Sorts diagnostics by place (file, then offset), errors before warnings at the same place.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.loc.as_ref().map(|l| (l.file, l.span.start)).unwrap_or((FileId(u32::MAX), 0))
        };
        key(a).cmp(&key(b)).then(a.severity.cmp(&b.severity)).then(a.code.cmp(b.code))
    });
}

/// The closest candidate to `word` by edit distance (Levenshtein, counted in characters and
/// ignoring case), if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&word_lower, &c.to_lowercase()), c))
        .filter(|&(d, c)| d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let f = SourceFile::new("x", "ab\nåäö = 1\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // "åäö" is six bytes; the `=` is the fifth character on line 2.
        assert_eq!(f.line_col(3 + 7), (2, 5));
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let keys = ["budget_sek", "responsible", "tools"];
        assert_eq!(did_you_mean("budgt_sek", keys), Some("budget_sek"));
        assert_eq!(did_you_mean("responsable", keys), Some("responsible"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn did_you_mean_counts_levenshtein_in_characters() {
        // A swap is two edits (Levenshtein, not Damerau): too far for a two-letter word.
        assert_eq!(did_you_mean("ab", ["ba"]), None);
        // "å" is one character (two bytes): one edit away.
        assert_eq!(did_you_mean("år", ["ar"]), Some("ar"));
        assert_eq!(did_you_mean("ÅR", ["år"]), Some("år"));
    }
}
