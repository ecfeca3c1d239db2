//! The report's data files: `status.csv`, `series.csv` and `series.parquet`, and one
//! indicator's series as the CSV behind its `data:` link.

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
pub(super) fn series_files(cx: &Ctx<'_>) -> Result<(Vec<u8>, Vec<u8>), ReportError> {
    let lang = cx.lang();
    let county = cx.t("länet", "county");
    // Millions of rows at national scale: the texts are borrowed, and each indicator's and
    // actor's CSV cell is made once, not once per row.
    let (mut ind, mut actor, mut period, mut value, mut n, mut expected, mut partial) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut serie: Vec<&str> = Vec::new();
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
    let county_cell = csv_text(county);
    let mut number = String::new();
    let mut row =
        |ind_cell: &str, actor_cell: &str, p: &str, v: f64, n: u32, e: u32, part, s: &str| {
            let _ = w.write_field(ind_cell);
            let _ = w.write_field(actor_cell);
            let _ = w.write_field(p);
            plain_number_into(&mut number, v, lang);
            let _ = w.write_field(&number);
            let _ = w.write_field(if n == 1 { "1".into() } else { n.to_string() });
            let _ = w.write_field(if e == 1 { "1".into() } else { e.to_string() });
            let _ = w.write_field(if part { "1" } else { "0" });
            let _ = w.write_field(s);
            let _ = w.write_record(None::<&[u8]>);
        };
    for (a, (own, cell_names)) in cx.analyses.iter().zip(&names) {
        let ind_cell = csv_text(&a.indicator.id);
        let others = a.breakdown.iter().map(|b| &b.region).chain(a.genders.iter().map(|g| &g.1));
        let cells = cell_names.iter().map(String::as_str).zip(others);
        for (s, region) in std::iter::once((own.as_str(), &a.region)).chain(cells) {
            let s_cell = csv_text(s);
            for p in region {
                let text = p.period.to_string();
                row(
                    &ind_cell,
                    &county_cell,
                    &text,
                    p.value,
                    p.actors,
                    p.expected,
                    p.partial,
                    &s_cell,
                );
                ind.push(a.indicator.id.as_str());
                actor.push(county);
                period.push(text);
                value.push(p.value);
                n.push(p.actors);
                expected.push(p.expected);
                partial.push(p.partial);
                serie.push(s);
            }
        }
        let own_cell = csv_text(own);
        let references = a.references.iter().map(|(r, pts)| (r.id.value.as_str(), pts));
        let actors = a.actors.iter().map(|(ac, pts)| (ac.id.as_str(), pts));
        for (id, pts) in actors.chain(references) {
            let actor_cell = csv_text(id);
            for p in pts {
                let text = p.period.to_string();
                row(&ind_cell, &actor_cell, &text, p.value, 1, 1, false, &own_cell);
                ind.push(a.indicator.id.as_str());
                actor.push(id);
                period.push(text);
                value.push(p.value);
                n.push(1);
                expected.push(1);
                partial.push(false);
                serie.push(own.as_str());
            }
        }
    }
    let csv = w.into_inner().unwrap_or_default();
    let height = ind.len();
    let mut df = DataFrame::new(
        height,
        vec![
            Column::new("indicator".into(), ind),
            Column::new("actor".into(), actor),
            Column::new("period".into(), period),
            Column::new("value".into(), value),
            Column::new("actors".into(), n),
            Column::new("expected_actors".into(), expected),
            Column::new("partial".into(), partial),
            Column::new("series".into(), serie),
        ],
    )?;
    let mut parquet = Vec::new();
    ParquetWriter::new(&mut parquet).finish(&mut df)?;
    Ok((csv, parquet))
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
