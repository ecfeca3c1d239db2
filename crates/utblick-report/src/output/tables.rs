//! The report's data files: `status.csv`, `series.csv` and `series.parquet`, and one
//! indicator's series as the CSV behind its `data:` link.

use std::io::Write;

use utblick_core::{plain_number, plain_number_into};

use super::*;

/// One indicator's county series, its women's and men's where shown, and the reference
/// series as CSV: `period;county;women;men;<reference>…;incomplete`.
pub(super) fn series_csv_of(cx: &Ctx<'_>, a: &IndicatorAnalysis<'_>) -> String {
    let lang = cx.lang();
    let mut w = csv_writer();
    let mut head = vec![cx.t("period", "period").to_string(), cx.t("länet", "county").to_string()];
    let gender_name = |g: utblick_core::Gender| match g {
        utblick_core::Gender::Women => cx.t("kvinnor", "women"),
        utblick_core::Gender::Men => cx.t("män", "men"),
        utblick_core::Gender::Total => cx.t("totalt", "total"),
    };
    head.extend(a.genders.iter().map(|(g, _)| gender_name(*g).to_string()));
    head.extend(a.references.iter().map(|(r, _)| csv_text(&r.name)));
    head.push(cx.t("ofullständigt", "incomplete").to_string());
    let _ = w.write_record(&head);
    let mut periods: Vec<utblick_core::Period> = a.region.iter().map(|p| p.period).collect();
    periods.extend(a.references.iter().flat_map(|(_, pts)| pts.iter().map(|d| d.period)));
    periods.sort();
    periods.dedup();
    for p in periods {
        let county = a.region.iter().find(|x| x.period == p);
        let mut row = vec![p.to_string(), num_cell(county.map(|x| x.value), lang)];
        row.extend(a.genders.iter().map(|(_, pts)| {
            num_cell(pts.iter().find(|x| x.period == p && !x.partial).map(|x| x.value), lang)
        }));
        row.extend(
            a.references.iter().map(|(_, pts)| {
                num_cell(pts.iter().find(|d| d.period == p).map(|d| d.value), lang)
            }),
        );
        row.push(if county.is_some_and(|x| x.partial) { "1" } else { "" }.to_string());
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub(super) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec())
}

/// `text` as [`csv_writer`] writes it in a row of several fields: quoted only when it holds
/// the separator, a quote or a line break (the csv crate's own rule, asked of the crate).
pub(super) fn csv_cell(text: &str) -> String {
    // Most cells need nothing: no writer is made for them (one per actor and indicator).
    if !text.bytes().any(|b| matches!(b, b';' | b'"' | b'\r' | b'\n')) {
        return text.to_string();
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record([text, "x"]);
    let row = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    row.strip_suffix(";x\r\n").unwrap_or(&row).to_string()
}

/// A CSV cell for a number ([`plain_number`]), empty where there is none.
pub(super) fn num_cell(x: Option<f64>, lang: Lang) -> String {
    x.map_or_else(String::new, |v| plain_number(v, lang))
}

/// Every status, for the county and each actor.
pub(super) fn status_csv(cx: &Ctx<'_>) -> Vec<u8> {
    let lang = cx.lang();
    let mut w = csv_writer();
    let _ = w.write_record(match lang {
        Lang::Sv => [
            "område",
            "indikator",
            "namn",
            "aktör",
            "status",
            "senaste_period",
            "senaste_värde",
            "väntat_värde",
            "kvot",
            "mål_period",
            "mål_värde",
            "prognos",
            "når_målet",
            "prognos_saknas",
        ],
        Lang::En => [
            "area",
            "indicator",
            "name",
            "actor",
            "status",
            "latest_period",
            "latest_value",
            "expected_value",
            "ratio",
            "target_period",
            "target_value",
            "forecast",
            "reaches_target",
            "forecast_withheld",
        ],
    });
    for a in &cx.analyses {
        let area = cx.input.plan.area_of_target(a.target).map_or("", |x| x.id.as_str());
        let rows = std::iter::once(("", &a.status))
            .chain(a.actor_status.iter().map(|(ac, s)| (ac.id.as_str(), s)));
        for (actor, s) in rows {
            // An actor's row is about its own target; the county's about the plan's.
            let own = a.target.actor_targets.iter().find(|t| t.actor.value == actor);
            let (target_period, target_value) = match own {
                Some(t) => (t.target.period.value, t.target.value.value),
                None => (a.target.target.period.value, a.target.target.value.value),
            };
            let actor = if actor.is_empty() { cx.t("länet", "county") } else { actor };
            let f = if actor == cx.t("länet", "county") { a.forecast } else { None };
            let _ = w.write_record([
                csv_text(area),
                csv_text(&a.indicator.id),
                csv_text(&a.title(cx.lang())),
                csv_text(actor),
                s.status.code().to_string(),
                s.latest.map(|d| d.period.to_string()).unwrap_or_default(),
                num_cell(s.latest.map(|d| d.value), lang),
                num_cell(s.expected, lang),
                num_cell(s.ratio, lang),
                target_period.map(|p| p.to_string()).unwrap_or_default(),
                num_cell(target_value, lang),
                num_cell(f.map(|f| f.at_target), lang),
                f.map(|f| if f.reaches { "1" } else { "0" }.to_string()).unwrap_or_default(),
                if actor == cx.t("länet", "county") { a.withheld.map(|w| w.code()) } else { None }
                    .unwrap_or_default()
                    .to_string(),
            ]);
        }
    }
    w.into_inner().unwrap_or_default()
}

/// The county's and each actor's series, as CSV and as Parquet (with plain column names).
pub(super) fn series_files(cx: &Ctx<'_>, out: &Out<'_>) -> Result<(), ReportError> {
    let mut csv_to = out.open("series.csv")?;
    let csv_to = &mut *csv_to;
    let mut parquet = out.open("series.parquet")?;
    let lang = cx.lang();
    let county = cx.t("länet", "county");
    // Millions of rows at national scale: the texts are borrowed, and each indicator's and
    // actor's CSV cell is made once, not once per row.
    // Each analysis' own series, then its breakdown cells' and its women's and men's series, in
    // words, borrowed below.
    let names: Vec<(String, Vec<String>)> = cx
        .analyses
        .iter()
        .map(|a| {
            let gender = a.target.gender();
            let cell = a.target.breakdown_key(a.indicator);
            let own = series_text(gender, &cell);
            let cells = a.breakdown.iter().map(|b| series_text(gender, &b.key));
            let genders = a.genders.iter().map(|(g, _)| series_text(Some(*g), &cell));
            (own, cells.chain(genders).collect())
        })
        .collect();
    // Each period's text and CSV cell, made once: at national scale the rows are millions,
    // the periods 30. Found by a binary search among them (faster than hashing a period).
    let mut periods: Vec<utblick_core::Period> = Vec::new();
    let mut rows = 0;
    for a in &cx.analyses {
        let region = std::iter::once(&a.region)
            .chain(a.breakdown.iter().map(|b| &b.region))
            .chain(a.genders.iter().map(|g| &g.1))
            .flatten()
            .map(|p| p.period);
        let others = a.actors.iter().map(|x| &x.1).chain(a.references.iter().map(|x| &x.1));
        for p in region.chain(others.flatten().map(|p| p.period)) {
            rows += 1;
            if periods.last() != Some(&p) {
                periods.push(p);
            }
        }
    }
    periods.sort_unstable();
    periods.dedup();
    let period_texts: Vec<String> = periods.iter().map(|p| p.to_string()).collect();
    let period_cells: Vec<String> = period_texts.iter().map(|t| csv_cell(t)).collect();
    let period_no = |p: utblick_core::Period| periods.binary_search(&p).unwrap_or_default();
    let mut pq = ParquetRows::new(&mut *parquet, rows);
    let mut w = csv_writer();
    let _ = w.write_record(match lang {
        Lang::Sv => [
            "indikator",
            "aktör",
            "period",
            "värde",
            "antal_aktörer",
            "väntat_antal",
            "ofullständig",
            "serie",
        ],
        Lang::En => [
            "indicator",
            "actor",
            "period",
            "value",
            "actors",
            "expected_actors",
            "partial",
            "series",
        ],
    });
    // The rows are written here, not through the csv writer: every text cell is made once
    // (quoted as the csv writer quotes it, `csv_cell`), and numbers need no quoting, so a row
    // is a few copies (a quarter of the time at national scale, 2.8 M rows).
    // At national scale `series.csv` is 87 MB: passed on to `csv_to` a block at a time.
    let mut out = w.into_inner().unwrap_or_default();
    out.reserve(2 * CSV_BLOCK);
    let county_cell = csv_cell(&csv_text(county));
    let mut number = String::new();
    let mut row =
        |ind_cell: &str, actor_cell: &str, p: &str, v: f64, n: u32, e: u32, part, s: &str| {
            plain_number_into(&mut number, v, lang);
            for (i, cell) in [ind_cell, actor_cell, p, &number].into_iter().enumerate() {
                if i > 0 {
                    out.push(b';');
                }
                out.extend_from_slice(cell.as_bytes());
            }
            for k in [n, e] {
                out.push(b';');
                if k == 1 {
                    out.push(b'1');
                } else {
                    out.extend_from_slice(k.to_string().as_bytes());
                }
            }
            out.extend_from_slice(if part { b";1;" } else { b";0;" });
            out.extend_from_slice(s.as_bytes());
            out.extend_from_slice(b"\r\n");
            pass_on(&mut out, csv_to, CSV_BLOCK)
        };
    for (a, (own, cell_names)) in cx.analyses.iter().zip(&names) {
        let ind_cell = csv_cell(&csv_text(&a.indicator.id));
        let others = a.breakdown.iter().map(|b| &b.region).chain(a.genders.iter().map(|g| &g.1));
        let cells = cell_names.iter().map(String::as_str).zip(others);
        for (s, region) in std::iter::once((own.as_str(), &a.region)).chain(cells) {
            let s_cell = csv_cell(&csv_text(s));
            for p in region {
                let no = period_no(p.period);
                let text = period_texts[no].as_str();
                row(
                    &ind_cell,
                    &county_cell,
                    &period_cells[no],
                    p.value,
                    p.actors,
                    p.expected,
                    p.partial,
                    &s_cell,
                )?;
                pq.push(
                    [&a.indicator.id, county, text, s],
                    p.value,
                    p.actors,
                    p.expected,
                    p.partial,
                )?;
            }
        }
        let own_cell = csv_cell(&csv_text(own));
        let references = a.references.iter().map(|(r, pts)| (r.id.value.as_str(), pts));
        let actors = a.actors.iter().map(|(ac, pts)| (ac.id.as_str(), pts));
        for (id, pts) in actors.chain(references) {
            let actor_cell = csv_cell(&csv_text(id));
            for p in pts {
                let no = period_no(p.period);
                let text = period_texts[no].as_str();
                row(&ind_cell, &actor_cell, &period_cells[no], p.value, 1, 1, false, &own_cell)?;
                pq.push([&a.indicator.id, id, text, own], p.value, 1, 1, false)?;
            }
        }
    }
    pass_on(&mut out, csv_to, 0)?;
    let written =
        |path: &'static str| move |source| ReportError::Write { path: path.into(), source };
    csv_to.flush().map_err(written("series.csv"))?;
    pq.finish()?;
    parquet.flush().map_err(written("series.parquet"))
}

/// How much of `series.csv` is held before it is passed on.
const CSV_BLOCK: usize = 1 << 20;

/// Passes `out` on to `to` once it holds at least `block` bytes (everything with 0).
fn pass_on(out: &mut Vec<u8>, to: &mut dyn Write, block: usize) -> Result<(), ReportError> {
    if out.len() >= block && !out.is_empty() {
        let path = "series.csv".into();
        to.write_all(out).map_err(|source| ReportError::Write { path, source })?;
        out.clear();
    }
    Ok(())
}

/// The rows of `series.parquet`, written a row group at a time: at national scale the 2.8 M
/// rows held as columns took 400 MB beside the report. The groups are the ones polars'
/// `ParquetWriter::finish` makes of the whole frame (`chunk_df_for_writing`: a frame of fewer
/// than 512² rows is one group; otherwise `rows / 512²` groups of `rows / groups` rows, the
/// last taking the rest), so the file is the same byte for byte.
struct ParquetRows<'a, W: Write> {
    out: Option<W>,
    writer: Option<polars::io::parquet::write::BatchedWriter<W>>,
    /// The sizes of the groups still to write.
    groups: std::collections::VecDeque<usize>,
    texts: [Vec<&'a str>; 4],
    value: Vec<f64>,
    n: Vec<u32>,
    expected: Vec<u32>,
    partial: Vec<bool>,
}

impl<'a, W: Write> ParquetRows<'a, W> {
    const GROUP: usize = 512 * 512;

    fn new(out: W, rows: usize) -> Self {
        let count = rows / Self::GROUP;
        let groups = match rows.checked_div(count) {
            None => vec![rows],
            Some(size) => {
                let mut g = vec![size; count];
                g[count - 1] = rows - size * (count - 1);
                g
            }
        };
        let mut rows = ParquetRows {
            out: Some(out),
            writer: None,
            groups: groups.into(),
            texts: Default::default(),
            value: Vec::new(),
            n: Vec::new(),
            expected: Vec::new(),
            partial: Vec::new(),
        };
        rows.reserve();
        rows
    }

    /// One row: indicator, actor, period and series; the value, the actors behind it and
    /// expected, and whether it is partial.
    fn push(
        &mut self,
        texts: [&'a str; 4],
        value: f64,
        n: u32,
        expected: u32,
        partial: bool,
    ) -> PolarsResult<()> {
        for (column, text) in self.texts.iter_mut().zip(texts) {
            column.push(text);
        }
        self.value.push(value);
        self.n.push(n);
        self.expected.push(expected);
        self.partial.push(partial);
        // A group is written as it fills, unless it is the only one (written by `finish`).
        if self.groups.len() > 1 && self.groups.front() == Some(&self.value.len()) {
            self.groups.pop_front();
            let df = self.frame()?;
            let writer = match self.writer.as_mut() {
                Some(w) => w,
                None => {
                    let out =
                        self.out.take().ok_or_else(|| polars_err!(ComputeError: "written"))?;
                    self.writer.insert(ParquetWriter::new(out).batched(df.schema())?)
                }
            };
            writer.write_batch(&df)?;
            self.reserve();
        }
        Ok(())
    }

    /// Room for the next group's rows, exactly: grown by doubling, the columns of a group of
    /// 262 k rows took up to twice what they hold.
    fn reserve(&mut self) {
        let n = self.groups.front().copied().unwrap_or(0);
        for column in &mut self.texts {
            column.reserve_exact(n);
        }
        self.value.reserve_exact(n);
        self.n.reserve_exact(n);
        self.expected.reserve_exact(n);
        self.partial.reserve_exact(n);
    }

    /// The rows held, as a frame; they are no longer held.
    fn frame(&mut self) -> PolarsResult<DataFrame> {
        let [ind, actor, period, serie] = std::mem::take(&mut self.texts);
        DataFrame::new(
            self.value.len(),
            vec![
                Column::new("indicator".into(), ind),
                Column::new("actor".into(), actor),
                Column::new("period".into(), period),
                Column::new("value".into(), std::mem::take(&mut self.value)),
                Column::new("actors".into(), std::mem::take(&mut self.n)),
                Column::new("expected_actors".into(), std::mem::take(&mut self.expected)),
                Column::new("partial".into(), std::mem::take(&mut self.partial)),
                Column::new("series".into(), serie),
            ],
        )
    }

    /// Writes what is left and the file's footer.
    fn finish(mut self) -> PolarsResult<()> {
        let mut df = self.frame()?;
        match (self.writer.take(), self.out.take()) {
            (Some(mut w), _) => {
                if df.height() > 0 {
                    w.write_batch(&df)?;
                }
                w.finish()?;
            }
            (None, Some(out)) => {
                ParquetWriter::new(out).finish(&mut df)?;
            }
            (None, None) => {}
        }
        Ok(())
    }
}

/// A series of an indicator as one text: the gender code and the breakdown key (`K alder=16-24`),
/// empty for the total.
pub(super) fn series_text(gender: Option<utblick_core::Gender>, breakdown: &str) -> String {
    match (gender, breakdown) {
        (None, b) => b.to_string(),
        (Some(g), "") => g.code().to_string(),
        (Some(g), b) => format!("{} {b}", g.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_made_once_and_joined_give_the_rows_the_csv_writer_gives() {
        let texts = [
            "B000",
            "",
            "Örebro; län",
            "säger \"hej\"",
            "rad\nbryt",
            "cr\r",
            " blank ",
            "=1+1",
            "#kommentar",
            "\"",
            ";",
        ];
        for a in texts {
            for b in texts {
                let fields =
                    [csv_text(a), csv_text(b), "2023".into(), "12,5".into(), String::new()];
                let mut w = csv_writer();
                w.write_record(&fields).unwrap();
                let expected = w.into_inner().unwrap();
                let mut got = b"\xEF\xBB\xBF".to_vec();
                let cells: Vec<String> = fields.iter().map(|f| csv_cell(f)).collect();
                got.extend_from_slice(cells.join(";").as_bytes());
                got.extend_from_slice(b"\r\n");
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&expected),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
