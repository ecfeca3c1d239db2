//! `utblick report` and `utblick followup`: the sample plan and the fixture in `tests/report/`.

use std::path::Path;

use crate::{TempDir, repo_root, utblick};

const AS_OF: &str = "2024-07-15";

/// Runs `followup` on the report fixture; returns stdout and the report folder's path.
fn followup(tmp: &Path, extra: &[&str]) -> String {
    let root = repo_root();
    let out = utblick()
        .current_dir(&root)
        .args([
            "followup",
            "tests/report/plan.toml",
            "--inbox",
            "tests/report/inbox",
            // The fixture's values are all in its inbox; the sample's Kolada pages are not for it.
            "--kolada",
            "tests/report/no-kolada",
            "--as-of",
            AS_OF,
        ])
        .arg("--store")
        .arg(tmp.join("store.sqlite"))
        .arg("--out")
        .arg(tmp.join("report"))
        .args(extra)
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stdout).unwrap()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Compares `got` with the file `tests/report/<name>` (see [`crate::snapshot`]).
fn expect(name: &str, got: &str) {
    if let Err(diff) = crate::snapshot(&repo_root().join("tests/report").join(name), got) {
        panic!("{diff}");
    }
}

/// The HTML's skeleton: headings, sections, articles, tables and charts, one per line, with
/// text; the numbers and the SVG inside are left to the other checks.
fn skeleton(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').unwrap_or(rest.len() - 1);
        let tag = &rest[1..end];
        let name: String =
            tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" => {
                let close = format!("</{name}>");
                let text_end = rest.find(&close).unwrap_or(end);
                let inner = &rest[end + 1..text_end];
                // Headings may hold a status span; keep its words.
                let mut text = String::new();
                let mut in_tag = false;
                for c in inner.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                out.push_str(&format!("{name} {}\n", text.trim()));
            }
            "section" | "article" => {
                let id = tag.split("id=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("");
                out.push_str(&format!("{name} #{id}\n"));
            }
            "table" => out.push_str("  table\n"),
            "svg" => out.push_str("  svg\n"),
            _ => {}
        }
        if name == "svg" {
            // Skip the chart's inside.
            rest = rest.find("</svg>").map_or("", |j| &rest[j..]);
            rest = &rest[1..];
            continue;
        }
        rest = &rest[end..];
    }
    out
}

#[test]
fn fixture_report_summary_and_structure() {
    let tmp = TempDir::new("report-fixture");
    let stdout = followup(tmp.path(), &[]);
    let report = tmp.path().join("report");
    expect("expected-summary.md", &read(&report.join("summary.md")));
    expect("expected-skeleton.txt", &skeleton(&read(&report.join("index.html"))));
    // The command says what it did and how each area is doing.
    let text = stdout.replace(&tmp.path().display().to_string(), "<tmp>");
    expect("expected-followup.txt", &text);
}

#[test]
fn user_text_is_escaped_everywhere() {
    let tmp = TempDir::new("report-escape");
    // The PDF too: a name with quotes and markup, and an analysis with Typst code
    // (`#panic("typst")`, a backslash, `$x$`) are typeset as text, never run.
    followup(tmp.path(), &["--pdf"]);
    let report = tmp.path().join("report");
    let html = read(&report.join("index.html"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the analysis text is shown");
    assert!(!html.contains("<script"), "no script element at all");
    assert!(!html.contains("<b>20"), "an indicator name's markup is shown, not applied");
    assert!(html.contains("=Sysselsättning &lt;b&gt;20–64&lt;/b&gt; &amp; &quot;andel&quot;"));
    assert!(html.contains("<title>Testplan &lt;i&gt;rapport&lt;/i&gt;"));
    // Charts carry the name escaped too (plotters escapes SVG text).
    let svg = read(&report.join("charts/01-sysselsattning-trend.svg"));
    assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"), "{svg}");
    // CSV: a text cell that starts like a formula is neutralised, numbers are not.
    let status = read(&report.join("status.csv"));
    assert!(status.contains(";\"'=Sysselsättning <b>20–64</b>"), "{status}");
    assert!(!status.lines().any(|l| l.split(';').any(|c| c.starts_with('='))), "{status}");
    let md = read(&report.join("summary.md"));
    assert!(md.contains("\\<b\\>") && !md.contains("<b>"), "{md}");
    // The registry's texts (written in the plan itself) too, in the international work.
    for shown in [
        "Projekt &lt;b&gt;fet&lt;/b&gt; &amp; &quot;citat&quot; #panic(&quot;typst&quot;)",
        "Nätverk &lt;i&gt;kursiv&lt;/i&gt; \\ $x$",
        "Ordförande &quot;A&quot; &amp; B",
        "&lt;script&gt;alert(2)&lt;/script&gt;",
        "Remiss ]) #panic(&quot;typst&quot;)",
        "Kommissionen &lt;EU&gt;",
        "Łódź &lt;u&gt;",
        "Koppling &amp; &lt;samarbete&gt;",
    ] {
        assert!(html.contains(shown), "{shown} is not in the page");
    }
    assert!(
        !html.contains("<i>") && !html.contains("<u>"),
        "registry markup is shown, not applied"
    );
    let pdf = std::fs::read(report.join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 10_000, "{} bytes", pdf.len());
}

/// The largest `/Count` of a PDF's page tree: its number of pages.
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Count ")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            rest[..rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())].parse().ok()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn report_pdf_of_the_sample_is_the_boards_paper() {
    let tmp = TempDir::new("report-pdf");
    let out = utblick()
        .current_dir(repo_root())
        .args(["report", "plans/2023.toml", "--as-of", "2026-11-28", "--pdf", "--store"])
        .arg(tmp.path().join("s.sqlite"))
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    // An empty store: the report still typesets, every indicator without data.
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let (_, report) = sample_followup_with(tmp.path(), &["--pdf"]);
    let pdf = std::fs::read(report.join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let pages = pdf_pages(&pdf);
    // 21 pages before the international work, and at most four for it (three now).
    assert!((5..=25).contains(&pages), "{pages} pages");
}

/// The sample's report built as `utblick report --pdf` builds it, on the store a follow-up
/// filled, through the library: its [`utblick_report::Report`] says how full each PDF page is.
fn sample_report_in_library(
    tmp: &Path,
) -> (utblick_report::Report, Vec<utblick_report::OutputFile>) {
    use utblick_core::{Fetched, SourceFile};
    sample_followup(tmp);
    let root = repo_root();
    let plan = SourceFile::new("plans/2023.toml", read(&root.join("plans/2023.toml")));
    let loaded = utblick_core::load_plan(plan, &mut |rel| {
        let path = root.join("plans").join(rel);
        Ok(Fetched { display_name: rel.to_string(), text: read(&path) })
    });
    assert_eq!(loaded.error_count(), 0);
    let plan = loaded.plan.as_ref().unwrap();
    let store = utblick_store::Store::open(&tmp.join("s.sqlite")).unwrap();
    let needed = utblick_analysis::series_needed(plan, &loaded.catalogue);
    let as_of = utblick_core::Date::from_ymd(2026, 11, 28).unwrap();
    let mut values = utblick_analysis::Values::new(plan, &loaded.catalogue, &loaded.actors, as_of);
    for o in store.current_totals_and(&needed).unwrap() {
        values.push_observation(&o);
    }
    values.push_registry(&plan.registry);
    let input = utblick_report::ReportInput {
        plan,
        catalogue: &loaded.catalogue,
        actors: &loaded.actors,
        as_of,
        lang: utblick_core::Lang::Sv,
        png: false,
        pdf: true,
        site: false,
        awaiting: Vec::new(),
        updated: Default::default(),
        registry: &plan.registry,
    };
    let files = utblick_report::InMemory::default();
    let report = utblick_report::build(input, values, &files).unwrap();
    let files = files.into_files();
    assert_eq!(report.files, files.len(), "the report counts the files it gave");
    (report, files)
}

/// Issue 11: no page of the board's paper is less than a third full, except a section's last
/// (the page before a new section begins, and the last page).
#[test]
fn no_page_but_a_sections_last_is_less_than_a_third_full() {
    let tmp = TempDir::new("report-fill");
    let (report, files) = sample_report_in_library(tmp.path());
    let pages = &report.pdf_pages;
    assert!((5..=25).contains(&pages.len()), "{} pages", pages.len());
    assert!(pages[0].starts_section, "the cover begins the document");
    let sections = pages.iter().filter(|p| p.starts_section).count();
    assert!(sections >= 5, "{sections} sections begin on their own page");
    let fills: Vec<String> =
        pages.iter().map(|p| format!("{:.0}%", p.fill * 100.0)).collect::<Vec<_>>();
    eprintln!("page fill: {fills:?}");
    for (i, page) in pages.iter().enumerate() {
        let last_of_section = pages.get(i + 1).is_none_or(|next| next.starts_section);
        assert!(
            page.fill >= 1.0 / 3.0 || last_of_section,
            "page {} is {:.0} % full and no section's last; pages: {fills:?}",
            i + 1,
            page.fill * 100.0
        );
    }
    // The same document the CLI writes.
    let pdf = files.iter().find(|f| f.path == "report.pdf").unwrap();
    assert_eq!(pdf_pages(&pdf.bytes), pages.len());
}

#[test]
fn an_actor_with_its_own_target_is_judged_and_the_others_compared() {
    let tmp = TempDir::new("report-own-target");
    followup(tmp.path(), &[]);
    let report = tmp.path().join("report");
    let html = read(&report.join("index.html"));
    assert!(html.contains("<tr><td>Örebro kommun</td><td>↗ bättre (från 80,0 2022)</td><td class=\"num\">81,0 (2024)</td><td><span class=\"status s-on-track\">▲ i fas</span></td></tr>"), "{html}");
    assert!(html.contains("<tr><td>Kumla kommun</td><td>↗ bättre (från 81,5 2022)</td><td class=\"num\">82,5 (2024)</td><td>inget eget mål</td></tr>"));
    // Its row in status.csv is about its own target (84 in 2030), not the county's (83).
    let status = read(&report.join("status.csv"));
    let row = status.lines().find(|l| l.contains(";orebro;")).unwrap();
    assert!(row.ends_with(";on-track;2024;81;81;1;2030;84;;;"), "{row}");
    assert!(!status.contains(";kumla;"), "{status}");
}

#[test]
fn followup_twice_ingests_nothing_and_writes_the_same_report() {
    let tmp = TempDir::new("report-twice");
    let first = followup(tmp.path(), &[]);
    assert!(first.contains("2 filer (2 nya, 0 redan inlästa)"), "{first}");
    let report = tmp.path().join("report");
    let files = ["index.html", "summary.md", "status.csv", "series.csv", "series.parquet"];
    let before: Vec<Vec<u8>> =
        files.iter().map(|f| std::fs::read(report.join(f)).unwrap()).collect();
    let second = followup(tmp.path(), &[]);
    assert!(second.contains("2 filer (0 nya, 2 redan inlästa); rader 0 lagrade"), "{second}");
    for (f, b) in files.iter().zip(before) {
        assert!(std::fs::read(report.join(f)).unwrap() == b, "{f} changed");
    }
}

#[test]
fn english_png_and_parquet() {
    let tmp = TempDir::new("report-en");
    followup(tmp.path(), &["--lang", "en", "--png"]);
    let report = tmp.path().join("report");
    let html = read(&report.join("index.html"));
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(html.contains("Who has not reported what"));
    let png = std::fs::read(report.join("charts/01-sysselsattning-trend.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 5000, "{} bytes", png.len());
    // Print resolution: the IHDR's width, big-endian at bytes 16..20, at least 1,600 px.
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!(width >= 1600, "{width} px wide");
    let parquet = std::fs::read(report.join("series.parquet")).unwrap();
    assert!(parquet.starts_with(b"PAR1") && parquet.ends_with(b"PAR1"));
}

#[test]
fn every_indicator_of_the_sample_plan_has_a_chart_and_a_status() {
    let tmp = TempDir::new("report-sample");
    let (_, report) = sample_followup(tmp.path());
    let html = read(&report.join("index.html"));
    let plan = read(&repo_root().join("plans/2023.toml"));
    let ids: Vec<&str> = plan
        .lines()
        .filter_map(|l| l.strip_prefix("indicator = \"").and_then(|s| s.strip_suffix('"')))
        .collect();
    assert_eq!(ids.len(), 26);
    for id in ids {
        let start = html
            .find(&format!("<article class=\"indicator\" id=\"i-{id}\">"))
            .unwrap_or_else(|| panic!("{id} missing"));
        let article = &html[start..start + html[start..].find("</article>").unwrap()];
        assert!(article.contains("<svg"), "{id} has no chart");
        assert!(article.contains("class=\"status s-"), "{id} has no status");
        assert!(article.contains("<table class=\"series\">"), "{id} has no table of figures");
        assert!(article.contains("href=\"data:text/csv;charset=utf-8,"), "{id} has no data link");
        // Every value was stored by this follow-up, received on its --as-of day; a registry
        // figure changed with the latest update to its kind of entry, and nobody updates
        // consultation responses by file (the registry's files carry no date).
        if id == "remissvar-eu" {
            assert!(!article.contains("Uppdaterad:"), "{id} says an update day");
        } else if !article.contains("class=\"status s-no-data\"") {
            assert!(article.contains(" · Uppdaterad: 2026-11-28</p>"), "{id} says no update day");
        }
    }
    expect("expected-sample-skeleton.txt", &skeleton(&html));
    expect("expected-sample-summary.md", &read(&tmp.path().join("r/summary.md")));
    // Every SVG the report writes, as a file and inline, parses as XML.
    let mut parsed = 0;
    for entry in std::fs::read_dir(report.join("charts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let svg = read(&path);
            let doc = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(doc.root_element().tag_name().name(), "svg", "{}", path.display());
            parsed += 1;
        }
    }
    assert!(parsed >= 40, "{parsed} SVG files");
    let mut inline = 0;
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<svg") {
        let end = start + rest[start..].find("</svg>").unwrap() + "</svg>".len();
        roxmltree::Document::parse(&rest[start..end])
            .unwrap_or_else(|e| panic!("inline SVG {inline}: {e}"));
        inline += 1;
        rest = &rest[end..];
    }
    assert!(inline >= 40, "{inline} inline SVGs");
}

/// The sample's follow-up, as the README's first command makes it: (stdout, report folder).
fn sample_followup(tmp: &Path) -> (String, std::path::PathBuf) {
    sample_followup_with(tmp, &[])
}

fn sample_followup_with(tmp: &Path, extra: &[&str]) -> (String, std::path::PathBuf) {
    let out = utblick()
        .current_dir(repo_root())
        .args(["followup", "plans/2023.toml", "--as-of", "2026-11-28", "--store"])
        .arg(tmp.join("s.sqlite"))
        .arg("--out")
        .arg(tmp.join("r"))
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    (stdout, tmp.join("r"))
}

/// `12,34` or `-0,5` in the report's CSVs (Swedish decimal comma) as a number.
fn sv_number(s: &str) -> f64 {
    s.replace(',', ".").parse().unwrap_or_else(|_| panic!("not a number: {s}"))
}

#[test]
fn the_county_value_is_koladas_own_for_every_kolada_indicator_and_year() {
    use utblick_core::{Aggregation, FileId, Origin, parse_catalogue};
    let tmp = TempDir::new("county");
    let (_, report) = sample_followup(tmp.path());
    let mut diags = Vec::new();
    let catalogue = parse_catalogue(
        FileId(0),
        &read(&repo_root().join("indicators/catalogue.toml")),
        &mut diags,
    );
    // The report's county series, per (indicator, series, year): the total's series is empty,
    // women's and men's are `K` and `M`.
    let series = read(&report.join("series.csv"));
    let county: std::collections::HashMap<(String, String, i32), f64> = series
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            (f[1] == "länet").then(|| {
                (
                    (f[0].to_string(), f[7].trim().to_string(), f[2].parse().unwrap()),
                    sv_number(f[3]),
                )
            })
        })
        .collect();
    let shown_by_gender = county.keys().filter(|k| k.1 == "K" || k.1 == "M").count();
    assert!(shown_by_gender > 0, "the sample shows women and men for some indicators");
    // Kolada's own county values, from the Kolada dump (not from the pages the report read).
    let published = read(&repo_root().join("tests/report/kolada-county-values.csv"));
    let (mut checked, mut checked_by_gender) = (0, 0);
    let mut kpis = std::collections::BTreeSet::new();
    for line in published.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (kpi, year, gender, value): (&str, i32, &str, f64) =
            (f[0], f[1].parse().unwrap(), f[2], f[3].parse().unwrap());
        let ind = catalogue.get(kpi).unwrap_or_else(|| panic!("{kpi} not in the catalogue"));
        assert_eq!(ind.origin, Origin::Kolada, "{kpi}");
        assert_eq!(
            ind.aggregation,
            Aggregation::RegionOnly,
            "{kpi}: Kolada publishes a county value"
        );
        let shown = |x: f64| utblick_core::format_number(x, ind.decimals, utblick_core::Lang::Sv);
        let serie = if gender == "T" { "" } else { gender };
        let got = match county.get(&(kpi.to_string(), serie.to_string(), year)) {
            Some(got) => got,
            // Women and men are shown only beside a target on the total.
            None if gender != "T" => continue,
            None => panic!("{kpi} {year}: no county value in the report"),
        };
        assert_eq!(
            shown(*got),
            shown(value),
            "{kpi} {year} {gender}: the report says {got}, Kolada {value}"
        );
        if gender == "T" {
            checked += 1;
            kpis.insert(kpi);
        } else {
            checked_by_gender += 1;
        }
    }
    // Every value for women and men the report shows is Kolada's own.
    assert_eq!(checked_by_gender, shown_by_gender);
    // Every Kolada indicator of the catalogue with a county value in Kolada was checked; the
    // two without one are computed from their own denominator (GRP per inhabitant) or not at all.
    let with_county: Vec<&str> = catalogue
        .indicators()
        .iter()
        .filter(|i| i.origin == Origin::Kolada && i.aggregation == Aggregation::RegionOnly)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        kpis.iter().copied().collect::<Vec<_>>().len(),
        with_county.len(),
        "{kpis:?} vs {with_county:?}"
    );
    assert_eq!(checked, 192);
    assert!(county.keys().any(|k| k.0 == "N03702"), "GRP per inhabitant, weighted by inhabitants");
    assert!(!county.keys().any(|k| k.0 == "N02276"), "in-commuting has no county value");
}

#[test]
fn no_municipality_is_judged_against_a_target_nobody_set() {
    let tmp = TempDir::new("actors");
    let (_, report) = sample_followup(tmp.path());
    let html = read(&report.join("index.html"));
    let article = |id: &str| {
        let start = html.find(&format!("id=\"i-{id}\"")).unwrap();
        html[start..start + html[start..].find("</article>").unwrap()].to_string()
    };
    // The sample sets no municipality a target of its own: no status per actor anywhere.
    assert!(!html.contains("Status mot eget mål"));
    // Karlskoga's domestic net migration went from −77 to −151 and Ljusnarsberg's population
    // change from −1,55 to −1,89: both worse, for indicators that should increase (the county's
    // target scaled by a negative baseline had called them "i fas").
    assert!(
        article("N01964").contains(
            "<tr><td>Karlskoga kommun</td><td>↘ sämre (från -77 2019)</td><td class=\"num\">-151 (2022)</td></tr>"
        ),
        "{}",
        article("N01964")
    );
    assert!(
        article("N01963").contains(
            "<tr><td>Ljusnarsbergs kommun</td><td>↘ sämre (från -1,55 2019)</td><td class=\"num\">-1,89 (2022)</td></tr>"
        ),
        "{}",
        article("N01963")
    );
    // status.csv has the county's rows only.
    let status = read(&report.join("status.csv"));
    assert!(status.lines().skip(1).all(|l| l.split(';').nth(3) == Some("länet")), "{status}");
}

#[test]
fn plan_render_of_the_sample_and_an_escaped_fixture() {
    let run = |plan: &str| {
        let out =
            utblick().current_dir(repo_root()).args(["plan", "render", plan]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let html = run("plans/2023.toml");
    expect("expected-plan-skeleton.txt", &skeleton(&html));
    // Totals: the sample's 13 activities add up to 10 620 000 kr and 11.3 FTE.
    assert!(html.contains("<tfoot><tr><th>Hela planen</th><th class=\"num\">10\u{a0}620\u{a0}000</th><th class=\"num\">11,3</th>"), "totals");
    assert!(html.contains("Assembly of European Regions (AER)"));
    // In English, the plan's own English texts, where it has them.
    let out = utblick()
        .current_dir(repo_root())
        .args(["plan", "render", "plans/2023.toml", "--lang", "en"])
        .output()
        .unwrap();
    let en = String::from_utf8(out.stdout).unwrap();
    assert!(en.contains("<h1>Action plan 2023 – international work in the Örebro region</h1>"));
    assert!(en.contains("<h2>Enterprise</h2>") && !en.contains("<h2>Företagsamhet</h2>"));
    assert!(en.contains("Goal: More and growing businesses with international contacts</h3>"));
    let fixture = run("tests/report/plan.toml");
    assert!(fixture.contains("<h1>Testplan &lt;i&gt;rapport&lt;/i&gt;</h1>"));
    assert!(!fixture.contains("<i>") && !fixture.contains("<script"));
}

#[test]
fn the_english_report_names_every_indicator_in_english() {
    use utblick_core::{FileId, parse_catalogue};
    let tmp = TempDir::new("report-sample-en");
    let out = utblick()
        .current_dir(repo_root())
        .args(["followup", "plans/2023.toml", "--as-of", "2026-11-28", "--lang", "en", "--store"])
        .arg(tmp.path().join("s.sqlite"))
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let html = read(&tmp.path().join("r/index.html"));
    let mut diags = Vec::new();
    let catalogue = parse_catalogue(
        FileId(0),
        &read(&repo_root().join("indicators/catalogue.toml")),
        &mut diags,
    );
    let mut checked = 0;
    for ind in catalogue.indicators() {
        let Some(en) = ind.name_en.as_deref() else { continue };
        if en == ind.name || !html.contains(&format!("id=\"i-{}\"", ind.id)) {
            continue;
        }
        assert!(
            !html.contains(&ind.name),
            "the Swedish name {:?} is in the English report",
            ind.name
        );
        assert!(html.contains(en), "{en:?} is not in the English report");
        checked += 1;
    }
    assert!(checked >= 20, "{checked} indicators checked");
    // The plan's own texts in English, and an untranslated one marked as Swedish.
    assert!(html.contains("<h1>Action plan 2023 – international work in the Örebro region</h1>"));
    assert!(
        html.contains(
            "<h3 id=\"g-F1\">More and growing businesses with international contacts</h3>"
        )
    );
    // The international work, its sections named in English.
    for heading in [
        "<h2>The international work</h2>",
        "<h3 id=\"intl-projekt\">Project activities – the project portfolio</h3>",
        "<h3 id=\"intl-natverk\">Networking and advocacy – networks and platforms</h3>",
        "<h3 id=\"intl-remissvar\">Political participation and anchoring – consultation responses</h3>",
        "<h3 id=\"intl-vanorter\">Cooperation – twin towns</h3>",
        "<h4>Political platforms</h4>",
    ] {
        assert!(html.contains(heading), "{heading} is not in the English report");
    }
    for swedish in
        ["Det internationella arbetet", "projektportföljen", "– vänorter", "Polen", "Så räknas"]
    {
        assert!(!html.contains(swedish), "{swedish:?} is in the English report");
    }
    assert!(html.contains("12 of 16 twin-town cooperations are tied"));
    assert!(html.contains("<td>Poland</td>") && html.contains("lead partner"));
    assert!(html.contains("The green freight flow Sweden–Norway"), "a project's English title");
    assert!(html.contains("<strong>How it is counted:</strong>"));
    assert!(html.contains("[sv]"), "an indicator description has no English text");
    assert!(html.contains("<section class=\"summary\" id=\"summary\">"));
}

#[test]
fn a_site_instead_of_one_page_with_every_link_leading_somewhere() {
    let tmp = TempDir::new("report-site");
    let (_, report) = sample_followup_with(tmp.path(), &["--site"]);
    let index = read(&report.join("index.html"));
    assert!(!index.contains("<article class=\"indicator\""), "the index holds no articles");
    let mut pages = vec![report.join("index.html")];
    for dir in ["areas", "i"] {
        for entry in std::fs::read_dir(report.join(dir)).unwrap() {
            pages.push(entry.unwrap().path());
        }
    }
    assert_eq!(pages.iter().filter(|p| p.starts_with(report.join("i"))).count(), 26);
    assert_eq!(pages.iter().filter(|p| p.starts_with(report.join("areas"))).count(), 3);
    let mut links = 0;
    for page in &pages {
        let html = read(page);
        assert!(html.starts_with("<!DOCTYPE html>"), "{}", page.display());
        for href in html.split("href=\"").skip(1).filter_map(|s| s.split('"').next()) {
            if href.starts_with('#') || href.starts_with("data:") || href.starts_with("http") {
                continue;
            }
            // A link into another page (a goal, a registry entry) leads to an element there.
            let (file, fragment) = href.split_once('#').map_or((href, None), |(f, x)| (f, Some(x)));
            let target = page.parent().unwrap().join(file);
            assert!(target.is_file(), "{} links to {href}, which is not there", page.display());
            if let Some(id) = fragment {
                let there = read(&target);
                assert!(
                    there.contains(&format!(" id=\"{id}\"")),
                    "{} links to {href}: no such id",
                    page.display()
                );
            }
            links += 1;
        }
    }
    assert!(links >= 26 * 3 + 3, "{links} links");
    // The international work has a page of its own, in the index's contents.
    assert!(index.contains("<a href=\"international.html\">Det internationella arbetet</a>"));
    let intl = read(&report.join("international.html"));
    assert!(intl.contains("<a href=\"areas/a-tillganglighet.html#g-T3\" title=\""), "goal links");
    let eu = read(&report.join("i/i-eu-projektmedel.html"));
    assert!(eu.contains("href=\"../international.html#e-p-logistik-horisont\""), "entry links");
    let page = read(&report.join("i/i-N00999.html"));
    assert!(
        page.contains("<article class=\"indicator\" id=\"i-N00999\">") && page.contains("<svg")
    );
}

/// The text of an HTML fragment: its tags left out, each tag a space, runs of white space one
/// space.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    // Runs of ASCII white space only: a no-break space in a number is kept.
    out.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The element that begins with `start` (`<tr id="e-x"`), to its closing tag `</name>`.
fn element<'h>(html: &'h str, start: &str) -> &'h str {
    let i = html.find(start).unwrap_or_else(|| panic!("{start} is not in the page"));
    let name: String = start[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let end = html[i..].find(&format!("</{name}>")).unwrap() + name.len() + 3;
    &html[i..i + end]
}

/// The cells of the body rows of the table of id `id`, as text.
fn table_rows(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!(" id=\"{id}\""))
        .and_then(|i| html[..i].rfind("<table"))
        .unwrap_or_else(|| panic!("no table {id}"));
    let table = element(&html[start..], "<table");
    let body = &table[table.find("<tbody>").unwrap()..];
    body.split("<tr")
        .skip(1)
        .map(|row| row.split("<td").skip(1).map(|cell| text_of(&format!("<td{cell}"))).collect())
        .collect()
}

#[test]
fn the_international_work_has_a_section_per_tool_with_its_entries() {
    let tmp = TempDir::new("report-intl");
    let (_, report) = sample_followup_with(tmp.path(), &["--png"]);
    let html = read(&report.join("index.html"));
    let intl = element(&html, "<section class=\"intl\" id=\"intl\">");
    // In the contents, after the areas; one section per tool, in the order of the report.
    assert!(html.contains("<li><a href=\"#intl\">Det internationella arbetet</a></li>"));
    let headings: Vec<&str> =
        intl.split("<h3 id=\"").skip(1).map(|h| &h[..h.find('<').unwrap()]).collect();
    assert_eq!(
        headings,
        [
            "intl-projekt\">Projektverksamhet – projektportföljen",
            "intl-natverk\">Nätverksbyggande och påverkan – nätverk och plattformar",
            "intl-remissvar\">Politisk medverkan och förankring – remissvar",
            "intl-vanorter\">Samverkan – vänorter",
        ]
    );

    // A project: its programme, role, actor, period, status, grant and goals, linked.
    let row = element(intl, "<tr id=\"e-p-grona-godsflodet\"");
    assert_eq!(
        text_of(row),
        "Gröna godsflödet Sverige–Norge Interreg Sverige–Norge partner Regionförbundet Örebro 2023-04–2026-03 pågår 2\u{a0}100\u{a0}000 T1 T3"
    );
    assert!(
        row.contains(
            "<a href=\"#g-T1\" title=\"En sammanhängande arbetsmarknad med hållbara resor\">T1</a>"
        ),
        "{row}"
    );
    // A project in euro: the grant in kronor at its rate, the rate beside it.
    let row = text_of(element(intl, "<tr id=\"e-p-vatgas-ostersjon\""));
    assert!(row.contains("2\u{a0}553\u{a0}600 i EUR, kurs 11,40"), "{row}");
    // Running and awaited projects first, rejected last.
    let projects = table_rows(intl, "intl-projects");
    assert_eq!(projects.len(), 18);
    assert!(projects[0][4].starts_with("pågår"), "{:?}", projects[0]);
    assert!(projects[17][4].starts_with("avslag"), "{:?}", projects[17]);
    // The funding chart, beside the table per year, and as files.
    assert!(element(intl, "<div class=\"charts\">").contains("EU-medel per program och år"));
    for ext in ["svg", "png"] {
        assert!(report.join(format!("charts/intl-eu-funding.{ext}")).is_file(), "{ext}");
    }

    // A network: its member, representative, working groups (escaped) and meetings.
    let row = text_of(element(intl, "<tr id=\"e-errin\""));
    assert!(
        row.starts_with(
            "ERRIN – European Regions Research and Innovation Network Regionförbundet Örebro"
        ),
        "{row}"
    );
    assert!(element(intl, "<tr id=\"e-errin\"").contains("Energy &amp; climate change"));
    assert!(row.contains(" 12 (4) "), "meetings of 2024 (and of them political): {row}");
    let row = text_of(element(intl, "<tr id=\"e-cor\""));
    assert!(
        row.contains("2024-06-26: Yttrande om TEN-T-förordningens genomförande i inlandsnoder."),
        "{row}"
    );

    // A joint consultation response, with the actors behind it by name; one that is not.
    let row = text_of(element(intl, "<tr id=\"e-r-2023-godstransport\""));
    assert_eq!(
        row,
        "2023-10-05 Paketet för grönare godstransporter Europeiska kommissionen Regionkommittén (CoR) via Sveriges delegation ja Regionförbundet Örebro, Region Örebro län, Hallsbergs kommun, Örebro kommun, Kumla kommun T3"
    );
    assert!(text_of(element(intl, "<tr id=\"e-r-2025-konkurrens\"")).contains(" nej "));
    assert!(intl.contains("10 av 13 remissvar uttrycker en gemensam ståndpunkt för länet."));

    // Twin towns: Łódź tied to the strategy, the untied ones last and set apart.
    assert!(intl.contains(
        "12 av 16 vänortssamarbeten är kopplade till den regionala utvecklingsstrategin"
    ));
    let lodz = element(intl, "<tr id=\"e-orebro-lodz\"");
    assert!(!lodz.contains("muted"), "{lodz}");
    assert!(
        text_of(lodz)
            .starts_with("Örebro kommun Łódź Polen 1993 Ungas företagande och studentutbyte"),
        "{lodz}"
    );
    let towns = table_rows(intl, "intl-twin-towns");
    assert_eq!(towns.len(), 16);
    assert!(towns[..12].iter().all(|t| !t[4].contains("ingen koppling")), "{towns:?}");
    assert!(towns[12..].iter().all(|t| t[4] == "ingen koppling"), "{towns:?}");
    assert!(intl.contains("<tr id=\"e-orebro-kolding\" class=\"muted\">"));

    // Every link inside the page leads to an element of it: goals and entries.
    let mut links = 0;
    for href in html.split("href=\"#").skip(1).filter_map(|s| s.split('"').next()) {
        assert!(html.contains(&format!(" id=\"{href}\"")), "#{href} leads nowhere");
        links += 1;
    }
    assert!(links > 60, "{links} links");
    // A registry indicator says how it is counted and which entries are behind its figure.
    let article = element(&html, "<article class=\"indicator\" id=\"i-eu-projektmedel\"");
    let trace = text_of(element(article, "<p class=\"note trace\""));
    assert!(
        trace.starts_with("Så räknas det: Summan av EU-bidraget i projekt inom EU-program"),
        "{trace}"
    );
    assert!(
        trace.contains(
            "Underlag 2025: Örebro universitet 5\u{a0}304 ( Resilient inland logistics hubs )."
        ),
        "{trace}"
    );
    assert!(trace.contains("Underlag 2024: Regionförbundet Örebro 2\u{a0}254 ( Sustainable tourism destinations in rural Europe )."), "{trace}");
    assert!(article.contains("<a href=\"#e-p-logistik-horisont\" title=\"p-logistik-horisont\">"));
    // The method says how registry indicators are counted.
    assert!(
        element(&html, "<section class=\"method\"")
            .contains("<strong>Indikatorer ur registret</strong> räknas vid varje rapport")
    );
}

#[test]
fn the_projects_per_year_are_the_registry_indicators_figures() {
    let tmp = TempDir::new("report-intl-years");
    let (_, report) = sample_followup(tmp.path());
    let html = read(&report.join("index.html"));
    // The figures counted by hand (tests/registry), which the registry's indicators equal.
    let text = read(&repo_root().join("tests/registry/figures.csv"));
    let figure = |ind: &str, year: i32| -> f64 {
        text.lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[0] == ind && f[1] == year.to_string()).then(|| f[2].parse().unwrap())
            })
            .unwrap_or_else(|| panic!("{ind} {year} is not counted by hand"))
    };
    // And the report's own series of the one the plan follows up.
    let series = read(&report.join("series.csv"));
    let county = |year: i32| -> f64 {
        series
            .lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split(';').collect();
                (f[0] == "eu-projektmedel"
                    && f[1] == "länet"
                    && f[2] == year.to_string()
                    && f[7].is_empty())
                .then(|| sv_number(f[3]))
            })
            .unwrap_or_else(|| panic!("eu-projektmedel {year} is not in series.csv"))
    };
    let shown = |x: f64| utblick_core::format_number(x, 0, utblick_core::Lang::Sv);
    let rows = table_rows(&html, "intl-years");
    let years: Vec<i32> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(
        years,
        (2019..=2025).collect::<Vec<_>>(),
        "from the registry's `since` to the last year ended"
    );
    for row in &rows {
        let year: i32 = row[0].parse().unwrap();
        let decided = figure("eu-beslut", year);
        let rate = figure("eu-beviljandegrad", year);
        let want = [
            shown(figure("eu-ansokningar", year)),
            shown(decided),
            shown(rate * decided / 100.0),
            shown(rate),
            shown(figure("eu-projektmedel", year)),
        ];
        assert_eq!(row[1..], want, "{year}");
        assert_eq!(row[5], shown(county(year)), "{year}: the table and the indicator's series");
    }
    // 2023: three decisions, two granted; 2019: 26 253 thousand kronor.
    assert_eq!(rows[4], ["2023", "3", "3", "2", "67", "4\u{a0}654"]);
    assert_eq!(rows[0][5], "26\u{a0}253");
}

/// The report's files are written as they are made: one that cannot be written ends the run
/// with the file, the OS's reason, and that the folder is incomplete (exit 2).
#[test]
fn a_file_that_cannot_be_written_says_the_report_folder_is_incomplete() {
    let tmp = TempDir::new("report-unwritable");
    let store = tmp.path().join("store.sqlite");
    assert!(crate::ingest_sample(&store).status.code().is_some());
    let out = tmp.path().join("rapport");
    // A folder where series.csv goes: the charts are written by the time it is opened.
    std::fs::create_dir_all(out.join("series.csv")).unwrap();
    let o = utblick()
        .current_dir(repo_root())
        .args(["report", "plans/2023.toml", "--as-of", "2026-11-28", "--store"])
        .arg(&store)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let expected = format!(
        "utblick: report: cannot write series.csv: {}: Is a directory (os error 21); the report in {} is incomplete, run it again once this is put right\n",
        out.join("series.csv").display(),
        out.display()
    );
    assert_eq!(String::from_utf8_lossy(&o.stderr), expected);
    assert!(out.join("charts").is_dir(), "the charts were written before");
}
