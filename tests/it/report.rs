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

/// Compares `got` with the file `tests/report/<name>`; `UPDATE_EXPECT=1` rewrites it.
fn expect(name: &str, got: &str) {
    let path = repo_root().join("tests/report").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let expected = read(&path);
    assert!(
        got == expected,
        "{} differs:\n--- expected\n{expected}\n--- got\n{got}",
        path.display()
    );
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
    followup(tmp.path(), &[]);
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
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("Who has not reported what"));
    let png = std::fs::read(report.join("charts/01-sysselsattning-trend.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 5000, "{} bytes", png.len());
    let parquet = std::fs::read(report.join("series.parquet")).unwrap();
    assert!(parquet.starts_with(b"PAR1") && parquet.ends_with(b"PAR1"));
}

#[test]
fn every_indicator_of_the_sample_plan_has_a_chart_and_a_status() {
    let tmp = TempDir::new("report-sample");
    let out = utblick()
        .current_dir(repo_root())
        .args(["followup", "plans/2023.toml", "--as-of", "2026-11-28", "--store"])
        .arg(tmp.path().join("s.sqlite"))
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let html = read(&tmp.path().join("r/index.html"));
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
        assert!(article.contains("<table>"), "{id} has no table of figures");
    }
    expect("expected-sample-skeleton.txt", &skeleton(&html));
    expect("expected-sample-summary.md", &read(&tmp.path().join("r/summary.md")));
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
    let fixture = run("tests/report/plan.toml");
    assert!(fixture.contains("<h1>Testplan &lt;i&gt;rapport&lt;/i&gt;</h1>"));
    assert!(!fixture.contains("<i>") && !fixture.contains("<script"));
}
