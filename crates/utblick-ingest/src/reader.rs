//! Bytes of a submitted CSV file to rows of text, streaming.
//!
//! Handles what Swedish spreadsheets produce: `;`, `,` or tab as separator (detected from the
//! header line), UTF-8 with or without BOM or Windows-1252 (decided per field: a field that is
//! not valid UTF-8 is read as Windows-1252), UTF-16 with a BOM (Excel's "Unicode text"),
//! CRLF or LF, quoted fields with separators and newlines, blank lines.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

/// The columns utblick reads, in any order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// A registry entry's id (update files).
    Entry,
    /// The registry field an update sets (update files).
    Field,
    /// The year an update is for (update files: the column an indicator file calls period).
    Year,
    /// The indicator's id.
    Indicator,
    /// The actor's id or Kolada code.
    Actor,
    /// The period the value is for.
    Period,
    /// `T`, `K` or `M` (optional).
    Gender,
    /// The number, or a missing marker.
    Value,
    /// The sender's comment on the value (optional).
    Comment,
}

impl Column {
    /// The column's Swedish name, as the template writes it and messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Column::Entry => "registerpost",
            Column::Field => "fält",
            Column::Year => "år",
            Column::Indicator => "indikator",
            Column::Actor => "aktör",
            Column::Period => "period",
            Column::Gender => "kön",
            Column::Value => "värde",
            Column::Comment => "kommentar",
        }
    }

    /// Header spellings, compared after [`normalise_header`].
    fn from_header(h: &str) -> Option<Column> {
        ALIASES.iter().find(|(name, _)| *name == h).map(|(_, c)| *c)
    }
}

/// Every header spelling of every column, after [`normalise_header`]. Core's
/// `RESERVED_COLUMNS` keeps breakdown dimensions from taking one (a test checks the two agree).
const ALIASES: &[(&str, Column)] = &[
    ("indikator", Column::Indicator),
    ("indicator", Column::Indicator),
    ("indikator-id", Column::Indicator),
    ("indikatorid", Column::Indicator),
    ("indikator id", Column::Indicator),
    ("kpi", Column::Indicator),
    ("nyckeltal", Column::Indicator),
    ("aktör", Column::Actor),
    ("aktor", Column::Actor),
    ("actor", Column::Actor),
    ("aktörs-id", Column::Actor),
    ("aktörsid", Column::Actor),
    ("kommun", Column::Actor),
    ("kommunkod", Column::Actor),
    ("organisation", Column::Actor),
    ("period", Column::Period),
    ("år", Column::Period),
    ("ar", Column::Period),
    ("year", Column::Period),
    ("tid", Column::Period),
    ("kön", Column::Gender),
    ("kon", Column::Gender),
    ("gender", Column::Gender),
    ("sex", Column::Gender),
    ("värde", Column::Value),
    ("varde", Column::Value),
    ("value", Column::Value),
    ("kommentar", Column::Comment),
    ("comment", Column::Comment),
    ("anmärkning", Column::Comment),
    ("registerpost", Column::Entry),
    ("post", Column::Entry),
    ("entry", Column::Entry),
    ("fält", Column::Field),
    ("falt", Column::Field),
    ("field", Column::Field),
];

/// Columns of the project's own template that are there for the person filling it in.
const INFORMATIONAL: &[&str] = &[
    "indikatornamn",
    "namn",
    "name",
    "enhet",
    "unit",
    "giltiga värden",
    "giltigt intervall",
    "senaste värde",
    "senast lagrat värde",
    "senast lagrad period",
    "aktörsnamn",
    "nuvarande värde",
];

/// A header field as columns are matched: without BOM, trimmed, inner spaces made one,
/// in lower case.
pub fn normalise_header(raw: &str) -> String {
    let trimmed = raw.trim_start_matches('\u{feff}').trim();
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// What a file holds, told by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Indicator values (`indikator;aktör;period;värde`).
    Values,
    /// Updates of registry entries (`registerpost;fält;år;värde`): a header with a
    /// registerpost column.
    Registry,
}

/// How the header was understood.
#[derive(Clone, Debug)]
pub struct Header {
    /// What the file holds.
    pub kind: FileKind,
    /// The field separator detected from the header line: `;`, `,` or tab.
    pub delimiter: u8,
    /// For each field position, the column it holds, if any.
    pub columns: Vec<Option<Column>>,
    /// Raw names of the header fields, for messages.
    pub names: Vec<String>,
    /// `(position, raw name)` of columns that are neither known nor informational.
    pub unknown: Vec<(usize, String)>,
    /// `(position, dimension id)` of breakdown columns (see [`Header::claim_dimensions`]).
    pub dimensions: Vec<(usize, String)>,
    /// Why the rows cannot be read (a required column missing, one twice); every row of
    /// such a file is rejected with this reason.
    pub problem: Option<FileProblem>,
}

impl Header {
    /// The field position of a column, if the header has it.
    pub fn position(&self, c: Column) -> Option<usize> {
        self.columns.iter().position(|x| *x == Some(c))
    }

    /// Takes the columns named as a breakdown dimension out of the unknown ones: `dimension`
    /// gives the dimension's id for a normalised header, if it names one (by id or by name).
    /// Their cells say which breakdown cell a row is for. A dimension named twice keeps its
    /// first column; the second stays unknown.
    pub fn claim_dimensions(&mut self, dimension: impl Fn(&str) -> Option<String>) {
        let mut unknown = Vec::new();
        for (pos, name) in std::mem::take(&mut self.unknown) {
            match dimension(&normalise_header(&name)) {
                Some(id) if !self.dimensions.iter().any(|d| d.1 == id) => {
                    self.dimensions.push((pos, id))
                }
                _ => unknown.push((pos, name)),
            }
        }
        self.unknown = unknown;
    }
}

/// Why a file cannot be read as a submission at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// The file has no bytes.
    Empty,
    /// The file is not text (an Excel workbook, a zip).
    Binary,
    /// No header line names any of the required columns (or there is no line at all).
    NoHeader,
    /// The header lacks required columns: these.
    MissingColumns(Vec<Column>),
    /// The header of an update file (it has a registerpost column) lacks required columns:
    /// these.
    MissingRegistryColumns(Vec<Column>),
    /// The header names a column twice.
    DuplicateColumn(Column),
    /// The bytes could not be read as CSV; the reader's message.
    Csv(String),
    /// The sender is not an actor of the actor file (or none was named).
    UnknownSubmitter(String),
    /// Not a regular file (a FIFO, a device, a folder): reading it might never end.
    NotRegular(String),
    /// Larger than the limit, in bytes.
    TooLarge {
        /// The file's size.
        size: u64,
        /// The largest size read.
        limit: u64,
    },
}

/// One data row: its first line in the file (the header is line 1) and its fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawRow {
    /// The row's first line (a quoted field may run over several).
    pub line: u64,
    /// The fields as text, decoded from UTF-8 or Windows-1252.
    pub fields: Vec<String>,
    /// A quoted field that swallowed what look like rows of their own: an unbalanced quote.
    pub open_quote: Option<OpenQuote>,
}

/// Where a quote opened that was closed only lines later, with separators on the lines
/// between: the rows there were read as part of one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenQuote {
    /// The field the quote opened.
    pub field: usize,
    /// The line where the quote opened.
    pub line: u64,
    /// The line where the field ended.
    pub end_line: u64,
}

/// A submitted CSV file read row by row, as it streams: the header understood, the
/// separator and encoding detected, true line numbers kept.
pub struct Rows<R: Read> {
    reader: csv::Reader<BufReader<Counting<Source<R>>>>,
    record: csv::ByteRecord,
    lines: LineTracker,
    /// How the header line was understood.
    pub header: Header,
}

/// Where the line terminators are, for the bytes read ahead but not yet passed.
///
/// The csv crate's own line numbers skip blank lines and count CRLF oddly, and a record's
/// byte position points at the terminators before it (rust-csv's issues: the line after a
/// blank one <https://github.com/BurntSushi/rust-csv/issues/208>, after a CRLF
/// <https://github.com/BurntSushi/rust-csv/issues/395>, a byte offset before the record
/// <https://github.com/BurntSushi/rust-csv/issues/375>). So the terminators are noted as the
/// bytes stream past, and a record's line is 1 + the `\n`s before its first content byte.
#[derive(Default)]
struct Terminators {
    offset: u64,
    /// `(offset, ends a line)` of every `\r` and `\n` not yet passed.
    seen: VecDeque<(u64, bool)>,
    after_cr: bool,
}

struct Counting<R> {
    inner: R,
    terms: Rc<RefCell<Terminators>>,
}

/// How many bytes at the start of a file tell what it is (encoding, binary, separator).
const SNIFF: usize = 8192;

/// The file's bytes as UTF-8 or single-byte text: UTF-16 with a byte-order mark (what Excel
/// saves as "Unicode text") is decoded as it streams; anything else passes as it is.
enum Source<R> {
    Plain(std::io::Chain<std::io::Cursor<Vec<u8>>, R>),
    Utf16 {
        inner: R,
        decoder: encoding_rs::Decoder,
        input: Vec<u8>,
        out: Vec<u8>,
        at: usize,
        done: bool,
    },
}

impl<R: Read> Source<R> {
    /// Reads the first bytes to tell the encoding; they are kept and given first. As many as
    /// the sniffing in [`Rows::open`] looks at, so that its first look sees all of them.
    fn new(mut inner: R) -> std::io::Result<Source<R>> {
        let mut head = vec![0u8; SNIFF];
        let mut n = 0;
        while n < SNIFF {
            match inner.read(&mut head[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        head.truncate(n);
        let encoding = match head.get(..2) {
            Some([0xFF, 0xFE]) => encoding_rs::UTF_16LE,
            Some([0xFE, 0xFF]) => encoding_rs::UTF_16BE,
            _ => return Ok(Source::Plain(std::io::Cursor::new(head).chain(inner))),
        };
        // The rest of the head after the byte-order mark is decoded first.
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut out = vec![0; decoder.max_utf8_buffer_length(n).unwrap_or(4 * n + 16)];
        let (_, _, written, _) = decoder.decode_to_utf8(&head[2..], &mut out, false);
        out.truncate(written);
        Ok(Source::Utf16 { inner, decoder, input: vec![0; 32 * 1024], out, at: 0, done: false })
    }

    fn into_inner(self) -> R {
        match self {
            Source::Plain(chain) => chain.into_inner().1,
            Source::Utf16 { inner, .. } => inner,
        }
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::Plain(plain) => plain.read(buf),
            Source::Utf16 { inner, decoder, input, out, at, done } => {
                while *at == out.len() {
                    if *done {
                        return Ok(0);
                    }
                    let n = inner.read(input)?;
                    let last = n == 0;
                    let room = decoder.max_utf8_buffer_length(n).unwrap_or(4 * n + 16);
                    out.clear();
                    out.resize(room, 0);
                    // Room for all of it, so every input byte is consumed; a broken surrogate
                    // pair becomes U+FFFD.
                    let (_, _, written, _) = decoder.decode_to_utf8(&input[..n], out, last);
                    out.truncate(written);
                    *at = 0;
                    *done = last;
                }
                let k = buf.len().min(out.len() - *at);
                buf[..k].copy_from_slice(&out[*at..*at + k]);
                *at += k;
                Ok(k)
            }
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut t = self.terms.borrow_mut();
        let base = t.offset;
        for (i, &b) in buf[..n].iter().enumerate() {
            // A line ends at `\n`, at `\r\n` (counted once) and at a lone `\r`, as the csv
            // parser ends records there too.
            match b {
                b'\r' => {
                    t.seen.push_back((base + i as u64, true));
                    t.after_cr = true;
                }
                b'\n' => {
                    let counts = !t.after_cr;
                    t.seen.push_back((base + i as u64, counts));
                    t.after_cr = false;
                }
                _ => t.after_cr = false,
            }
        }
        t.offset += n as u64;
        Ok(n)
    }
}

struct LineTracker {
    terms: Rc<RefCell<Terminators>>,
    newlines: u64,
}

impl LineTracker {
    /// The 1-based line of the record csv reports at byte `pos`; positions must not decrease.
    fn line_at(&mut self, pos: u64) -> u64 {
        let mut t = self.terms.borrow_mut();
        let mut start = pos;
        while let Some(&(off, newline)) = t.seen.front() {
            if off > start {
                break;
            }
            if off == start {
                start += 1;
            }
            self.newlines += u64::from(newline);
            t.seen.pop_front();
        }
        self.newlines + 1
    }
}

/// Decodes one field: UTF-8 when it is, Windows-1252 otherwise.
pub fn decode_field(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// As [`decode_field`], into `out`.
fn decode_into(bytes: &[u8], out: &mut String) {
    out.clear();
    match std::str::from_utf8(bytes) {
        Ok(s) => out.push_str(s),
        Err(_) => out.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0),
    }
}

/// Line breaks in a field: `\r\n`, `\n` and a lone `\r` each end one line.
fn line_breaks(bytes: &[u8]) -> u64 {
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    (bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() - crlf) as u64
}

/// A quoted field that runs over lines carrying separators of their own has swallowed rows:
/// its quote was not closed where it should have been. A comment over two lines with at most
/// a separator or two is a field like any other. `line` is the record's first line, `columns`
/// the header's width.
fn open_quote(
    record: &csv::ByteRecord,
    line: u64,
    delimiter: u8,
    columns: usize,
) -> Option<OpenQuote> {
    let enough = columns.saturating_sub(1).clamp(1, 3);
    if !record.as_slice().iter().any(|&b| b == b'\n' || b == b'\r') {
        return None;
    }
    let mut at = line;
    for (field, bytes) in record.iter().enumerate() {
        let breaks = line_breaks(bytes);
        if breaks > 0 {
            let swallowed = bytes
                .split(|&b| b == b'\n' || b == b'\r')
                .skip(1)
                .any(|l| l.iter().filter(|&&b| b == delimiter).count() >= enough);
            if swallowed {
                return Some(OpenQuote { field, line: at, end_line: at + breaks });
            }
        }
        at += breaks;
    }
    None
}

/// Picks the separator that occurs most often outside quotes on the first line.
fn detect_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => counts[0] += 1,
            b',' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b';', b',', b'\t'][best]
}

impl<R: Read> Rows<R> {
    /// Reads the header; a file without a usable one is a [`FileProblem`].
    pub fn open(input: R) -> Result<Rows<R>, FileProblem> {
        let terms = Rc::new(RefCell::new(Terminators::default()));
        let source = Source::new(input).map_err(|e| FileProblem::Csv(e.to_string()))?;
        let counting = Counting { inner: source, terms: Rc::clone(&terms) };
        let mut lines = LineTracker { terms, newlines: 0 };
        let mut buf = BufReader::with_capacity(64 * 1024, counting);
        let head = buf.fill_buf().map_err(|e| FileProblem::Csv(e.to_string()))?;
        if head.is_empty() {
            return Err(FileProblem::Empty);
        }
        let sniff = &head[..head.len().min(SNIFF)];
        if sniff.contains(&0) {
            return Err(FileProblem::Binary);
        }
        let sniff = sniff.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(sniff);
        let first_line = sniff.split(|&b| b == b'\n').next().unwrap_or(sniff);
        let delimiter = detect_delimiter(first_line);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(buf);
        let mut record = csv::ByteRecord::new();
        // Skip blank lines before the header.
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => return Err(FileProblem::NoHeader),
                Ok(true) if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) => {
                    lines.line_at(record.position().map_or(0, |p| p.byte()));
                    continue;
                }
                Ok(true) => {
                    lines.line_at(record.position().map_or(0, |p| p.byte()));
                    break;
                }
                Err(e) => return Err(FileProblem::Csv(e.to_string())),
            }
        }
        let names: Vec<String> = record.iter().map(decode_field).collect();
        let norms: Vec<String> = names.iter().map(|n| normalise_header(n)).collect();
        let mut columns: Vec<Option<Column>> =
            norms.iter().map(|n| Column::from_header(n)).collect();
        // A header with a registerpost column is an update file's: its year is the column an
        // indicator file calls period, and the indicator file's own columns mean nothing in
        // it. Without one, a field column means nothing either.
        let kind = if columns.contains(&Some(Column::Entry)) {
            FileKind::Registry
        } else {
            FileKind::Values
        };
        for col in &mut columns {
            *col = match (kind, *col) {
                (FileKind::Registry, Some(Column::Period)) => Some(Column::Year),
                (FileKind::Registry, Some(Column::Indicator | Column::Actor | Column::Gender)) => {
                    None
                }
                (FileKind::Values, Some(Column::Field)) => None,
                (_, c) => c,
            };
        }
        let mut unknown = Vec::new();
        let mut problem = None;
        for (i, (col, norm)) in columns.iter().zip(&norms).enumerate() {
            if let Some(c) = col {
                if columns[..i].contains(&Some(*c)) && problem.is_none() {
                    problem = Some(FileProblem::DuplicateColumn(*c));
                }
            } else if !INFORMATIONAL.contains(&norm.as_str()) && !norm.is_empty() {
                unknown.push((i, names[i].trim_start_matches('\u{feff}').trim().to_string()));
            }
        }
        let mut header =
            Header { kind, delimiter, columns, names, unknown, dimensions: Vec::new(), problem };
        match kind {
            FileKind::Values => {
                let required = [Column::Indicator, Column::Actor, Column::Period, Column::Value];
                let missing: Vec<Column> =
                    required.into_iter().filter(|c| header.position(*c).is_none()).collect();
                if missing.len() == required.len() {
                    header.problem = Some(FileProblem::NoHeader);
                    header.unknown.clear();
                } else if !missing.is_empty() {
                    header.problem = Some(FileProblem::MissingColumns(missing));
                }
            }
            FileKind::Registry => {
                let required = [Column::Entry, Column::Field, Column::Year, Column::Value];
                let missing: Vec<Column> =
                    required.into_iter().filter(|c| header.position(*c).is_none()).collect();
                if !missing.is_empty() {
                    header.problem = Some(FileProblem::MissingRegistryColumns(missing));
                }
            }
        }
        Ok(Rows { reader, record, lines, header })
    }

    /// Gives back the input, e.g. to read it again.
    pub fn into_inner(self) -> R {
        self.reader.into_inner().into_inner().inner.into_inner()
    }

    /// The next non-blank row, or `None` at the end. A row whose fields are all blank (an
    /// empty line, or only separators) is not a data row and is skipped.
    pub fn next_row(&mut self) -> Option<Result<RawRow, (u64, String)>> {
        let mut row = RawRow::default();
        Some(self.read_into(&mut row)?.map(|()| row))
    }

    /// As [`Rows::next_row`], into `row`, reusing its strings: no allocation per row once
    /// the strings have grown to the file's field sizes.
    pub fn read_into(&mut self, row: &mut RawRow) -> Option<Result<(), (u64, String)>> {
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {
                    let line = self.lines.line_at(self.record.position().map_or(0, |p| p.byte()));
                    if self.record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                        continue;
                    }
                    row.line = line;
                    row.fields.resize_with(self.record.len(), String::new);
                    for (field, bytes) in row.fields.iter_mut().zip(self.record.iter()) {
                        decode_into(bytes, field);
                    }
                    row.open_quote = open_quote(
                        &self.record,
                        line,
                        self.header.delimiter,
                        self.header.names.len(),
                    );
                    return Some(Ok(()));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| self.lines.line_at(p.byte()));
                    return Some(Err((line, e.to_string())));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8]) -> (u8, Vec<RawRow>) {
        let mut r = Rows::open(bytes).unwrap();
        let mut out = Vec::new();
        while let Some(row) = r.next_row() {
            out.push(row.unwrap());
        }
        (r.header.delimiter, out)
    }

    #[test]
    fn detects_separator_and_keeps_line_numbers() {
        let (d, r) = rows(b"\xEF\xBB\xBFindikator;aktor;period;varde\r\nN1;orebro;2022;\"1,5\"\r\n\r\nN1;kumla;2022;2\r\n");
        assert_eq!(d, b';');
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[0],
            RawRow {
                line: 2,
                fields: vec!["N1".into(), "orebro".into(), "2022".into(), "1,5".into()],
                open_quote: None,
            }
        );
        assert_eq!(r[1].line, 4);
    }

    #[test]
    fn line_numbers_with_blank_lines_and_crlf() {
        let lines = |b: &[u8]| -> Vec<u64> {
            let mut r = Rows::open(b).unwrap();
            std::iter::from_fn(|| r.next_row()).map(|x| x.unwrap().line).collect()
        };
        let h = "indikator;aktor;period;varde";
        assert_eq!(lines(format!("{h}\nc;d;e;f\n\ne;f;g;h\n").as_bytes()), [2, 4]);
        assert_eq!(lines(format!("{h}\r\nc;d;e;f\r\n\r\n\r\ne;f;g;h").as_bytes()), [2, 5]);
        // Old Mac line ends: a lone CR ends a line too.
        assert_eq!(lines(format!("{h}\rc;d;e;f\r\re;f;g;h\r").as_bytes()), [2, 4]);
        assert_eq!(lines(format!("\n\n{h}\n;;;\nc;\"x\r\ny\";e;f\ng;h;i;j\n").as_bytes()), [5, 7]);
    }

    #[test]
    fn quoted_newlines_count_lines_right() {
        let (d, r) = rows(b"indicator,actor,period,value,comment\nN1,orebro,2022,1,\"two\nlines\"\nN1,kumla,2022,2,x\n");
        assert_eq!(d, b',');
        assert_eq!(r[0].fields[4], "two\nlines");
        assert_eq!(r[1].line, 4);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_decodes_as_it_streams() {
        let text =
            "indikator\tkommun\tår\tvärde\r\nN1\t1880\t2022\t3,5\r\n\r\nN1\tLänö\t2022\t4\r\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [le, be] {
            let (d, r) = rows(&bytes);
            assert_eq!(d, b'\t');
            assert_eq!(r.len(), 2);
            assert_eq!((r[0].line, r[0].fields[3].as_str()), (2, "3,5"));
            assert_eq!((r[1].line, r[1].fields[1].as_str()), (4, "Länö"));
        }
    }

    #[test]
    fn a_quote_that_swallows_rows_is_found_where_it_opened() {
        let (_, r) = rows(
            b"indikator;aktor;period;varde;kommentar\nN1;a;2020;1;\"ok\nover two lines\"\nN1;a;2021;\"2;x\nN1;a;2022;3;y\nN1;a;2023;4;z\"\nN1;a;2024;5;w\n",
        );
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].open_quote, None);
        assert_eq!(r[1].line, 4);
        assert_eq!(r[1].open_quote, Some(OpenQuote { field: 3, line: 4, end_line: 6 }));
        assert_eq!((r[2].line, r[2].open_quote), (7, None));
        // Never closed: the field runs to the end of the file.
        let (_, r) =
            rows(b"indikator;aktor;period;varde\nN1;a;\"2021;2\nN1;a;2022;3\n\nN1;a;2023;4\n");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].open_quote, Some(OpenQuote { field: 2, line: 2, end_line: 6 }));
    }

    #[test]
    fn windows_1252_fields_decode() {
        let (_, r) = rows(
            b"indikator\tkommun\t\xe5r\tv\xe4rde\tkommentar\nN1\t1880\t2022\t3\tL\xe4n\xf6\xe5\n",
        );
        assert_eq!(r[0].fields[4], "Länöå");
    }

    #[test]
    fn header_problems() {
        assert_eq!(Rows::open(&b""[..]).err(), Some(FileProblem::Empty));
        // Every spelling the reader gives a meaning is one no breakdown may take.
        for name in ALIASES.iter().map(|a| a.0).chain(INFORMATIONAL.iter().copied()) {
            assert!(utblick_core::RESERVED_COLUMNS.contains(&name), "{name}");
        }
        assert_eq!(Rows::open(&b"\x00\x01PK"[..]).err(), Some(FileProblem::Binary));
        assert_eq!(Rows::open(&b";;;\n;;;\n"[..]).err(), Some(FileProblem::NoHeader));
        let problem = |b: &[u8]| Rows::open(b).ok().and_then(|r| r.header.problem);
        assert_eq!(
            problem(b"indikator;aktor;varde\n"),
            Some(FileProblem::MissingColumns(vec![Column::Period]))
        );
        assert_eq!(
            problem(b"indikator;aktor;period;varde;value\n"),
            Some(FileProblem::DuplicateColumn(Column::Value))
        );
        assert_eq!(problem(b"N1;orebro;2022;5\n"), Some(FileProblem::NoHeader));
        assert_eq!(problem(b"indikator;aktor;period;varde\n"), None);
    }

    #[test]
    fn a_registerpost_column_makes_an_update_file() {
        let header = |b: &[u8]| Rows::open(b).unwrap().header;
        // The sample's dialects: Swedish names with BOM, English names, Windows-1252 with tabs.
        for bytes in [
            &b"\xEF\xBB\xBFRegisterpost;F\xC3\xA4lt;\xC3\x85r;V\xC3\xA4rde;Kommentar\r\n"[..],
            b"entry,field,year,value,comment\n",
            b"registerpost\tf\xe4lt\t\xe5r\tv\xe4rde\tkommentar\r\n",
            b"Post;Falt;Ar;Varde\n",
        ] {
            let h = header(bytes);
            assert_eq!(h.kind, FileKind::Registry, "{bytes:?}");
            assert_eq!(h.problem, None, "{bytes:?}");
            assert_eq!(h.position(Column::Entry), Some(0));
            assert_eq!(h.position(Column::Field), Some(1));
            assert_eq!(h.position(Column::Year), Some(2));
            assert_eq!(h.position(Column::Value), Some(3));
            assert_eq!(h.position(Column::Period), None);
        }
        // The template's informational columns are not read; an indicator file's columns mean
        // nothing in an update file.
        let h = header("registerpost;namn;fält;år;nuvarande värde;värde;kön\n".as_bytes());
        assert_eq!(h.unknown, [(6, "kön".to_string())]);
        assert_eq!(h.position(Column::Gender), None);
        // Without a registerpost column a field column means nothing.
        let h = header("indikator;aktör;period;värde;fält\n".as_bytes());
        assert_eq!((h.kind, h.problem), (FileKind::Values, None));
        assert_eq!(h.unknown, [(4, "fält".to_string())]);
        assert_eq!(
            header("registerpost;värde;period\n".as_bytes()).problem,
            Some(FileProblem::MissingRegistryColumns(vec![Column::Field]))
        );
        assert_eq!(
            header("registerpost;fält;år;år;värde\n".as_bytes()).problem,
            Some(FileProblem::DuplicateColumn(Column::Year))
        );
    }
}
