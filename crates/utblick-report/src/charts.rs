//! Charts with plotters: SVG for the HTML report, PNG on request.
//!
//! Text renders with DejaVu Sans shipped in the crate (`fonts/`), registered once, so PNG
//! output works on a machine without system fonts; SVG names the family and leaves drawing
//! the glyphs to the viewer. Colours follow the Okabe–Ito palette, and every meaning that
//! colour carries is also in a marker shape, a line style or a label.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use utblick_core::{Lang, printable};

use crate::text;
use utblick_analysis::IndicatorAnalysis;
use utblick_analysis::Status;

static FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static REGISTER: Once = Once::new();

/// The family name the charts use.
pub const FAMILY: &str = "DejaVu Sans";

fn register_font() {
    REGISTER.call_once(|| {
        // The font is part of the crate; a failure here is a broken build, not bad input.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT);
    });
}

const BLUE: RGBColor = RGBColor(0, 114, 178);
const ORANGE: RGBColor = RGBColor(230, 159, 0);
const VERMILLION: RGBColor = RGBColor(213, 94, 0);
const GREY: RGBColor = RGBColor(110, 110, 110);
const SKY: RGBColor = RGBColor(86, 180, 233);
/// Okabe–Ito's reddish purple, bluish green and black, for reference geographies (Riket, a
/// neighbouring county), each with its own marker.
const PURPLE: RGBColor = RGBColor(204, 121, 167);
const GREEN: RGBColor = RGBColor(0, 158, 115);
const BLACK: RGBColor = RGBColor(0, 0, 0);
const REFERENCE_STYLES: [(RGBColor, Marker); 3] =
    [(PURPLE, Marker::Diamond), (GREEN, Marker::Cross), (BLACK, Marker::HollowDiamond)];

/// How a reference's points are marked.
#[derive(Clone, Copy)]
enum Marker {
    Diamond,
    Cross,
    HollowDiamond,
}

/// A diamond `r` pixels from its centre to a corner, closed.
fn diamond(r: i32) -> [(i32, i32); 5] {
    [(0, -r), (r, 0), (0, r), (-r, 0), (0, -r)]
}

pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 360;

#[derive(Debug, thiserror::Error)]
#[error("chart: {0}")]
pub struct ChartError(String);

fn err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError(e.to_string())
}

/// A drawn chart: SVG text, and PNG bytes when asked for.
pub struct Chart {
    pub svg: String,
    pub png: Option<Vec<u8>>,
}

/// A chart that can draw itself on any plotters backend.
trait Draw {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>;
}

/// Draws `chart` on an SVG and, if `png`, on a bitmap too.
fn render(chart: &impl Draw, png: bool) -> Result<Chart, ChartError> {
    register_font();
    let size = chart.size();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        chart.draw(&root)?;
        root.present().map_err(err)?;
    }
    let png = if png {
        let mut buf = vec![0u8; (size.0 * size.1 * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut buf, size).into_drawing_area();
            root.fill(&WHITE).map_err(err)?;
            chart.draw(&root)?;
            root.present().map_err(err)?;
        }
        Some(encode_png(&buf, size)?)
    } else {
        None
    };
    Ok(Chart { svg, png })
}

fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(err)?;
        writer.write_image_data(rgb).map_err(err)?;
    }
    Ok(out)
}

/// The region's series with baseline, target, the straight path to it and the forecast.
struct Trend {
    title: String,
    unit: String,
    lang: Lang,
    complete: Vec<(f64, f64)>,
    partial: Vec<(f64, f64)>,
    base: Option<(f64, f64)>,
    goal: Option<(f64, f64)>,
    forecast: Option<[(f64, f64); 2]>,
    /// Reference geographies on the county's scale: name and points.
    references: Vec<(String, Vec<(f64, f64)>)>,
    /// The plan's milestones on the way to the target.
    milestones: Vec<(f64, f64)>,
}

/// Whether a reference's values can share the county's axis: within a factor of five of its
/// values (Riket's rate beside the county's, not Riket's ten million inhabitants beside three
/// hundred thousand).
fn on_the_same_scale(county: &[(f64, f64)], reference: &[(f64, f64)]) -> bool {
    let size = |pts: &[(f64, f64)]| pts.iter().map(|p| p.1.abs()).fold(0.0_f64, f64::max);
    let (c, r) = (size(county), size(reference));
    c > 0.0 && r > 0.0 && r <= 5.0 * c && c <= 5.0 * r
}

pub fn trend(a: &IndicatorAnalysis<'_>, lang: Lang, png: bool) -> Result<Chart, ChartError> {
    let t = a.target;
    let at = |d: utblick_analysis::Dated| (d.period.midpoint_years(), d.value);
    let base = a.baseline.map(at);
    let goal = a.goal.map(at);
    let milestones: Vec<(f64, f64)> = t
        .milestones
        .iter()
        .filter_map(|m| Some((m.period.value?.midpoint_years(), m.value.value?)))
        .collect();
    let complete: Vec<(f64, f64)> = a
        .region
        .iter()
        .filter(|p| !p.partial)
        .map(|p| (p.period.midpoint_years(), p.value))
        .collect();
    let partial: Vec<(f64, f64)> = a
        .region
        .iter()
        .filter(|p| p.partial)
        .map(|p| (p.period.midpoint_years(), p.value))
        .collect();
    let forecast = match (a.forecast, complete.last(), goal) {
        (Some(f), Some(&last), Some((gx, _))) => Some([last, (gx, f.at_target)]),
        _ => None,
    };
    let county: Vec<(f64, f64)> = complete.iter().chain(&partial).copied().collect();
    let references = a
        .references
        .iter()
        .map(|(r, pts)| {
            (printable(&r.name), pts.iter().map(|p| (p.period.midpoint_years(), p.value)).collect())
        })
        .filter(|(_, pts): &(String, Vec<(f64, f64)>)| on_the_same_scale(&county, pts))
        .collect();
    let chart = Trend {
        title: printable(&a.title(lang)),
        unit: printable(&a.indicator.unit),
        lang,
        complete,
        partial,
        base,
        goal,
        forecast,
        references,
        milestones,
    };
    render(&chart, png)
}

impl Draw for Trend {
    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let lang = self.lang;
        // The axes take in every point drawn.
        let mut pts: Vec<(f64, f64)> = self.complete.iter().chain(&self.partial).copied().collect();
        pts.extend(self.base);
        pts.extend(self.goal);
        pts.extend(self.forecast.map(|f| f[1]));
        pts.extend(self.milestones.iter().copied());
        // References widen the value axis, not the time axis: they often go further back.
        let (x0, x1) = bounds(&pts.iter().map(|p| p.0).collect::<Vec<_>>(), 0.04);
        let in_time = |p: &&(f64, f64)| p.0 >= x0 && p.0 <= x1;
        pts.extend(self.references.iter().flat_map(|r| r.1.iter().filter(in_time)));
        let (y0, y1) = bounds(&pts.iter().map(|p| p.1).collect::<Vec<_>>(), 0.1);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FAMILY, 16))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(8)
            .x_label_formatter(&|x| format!("{}", x.floor() as i64))
            .y_desc(self.unit.as_str())
            .y_label_formatter(&|y| text::number(*y, 1, lang))
            .label_style((FAMILY, 12))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        if let (Some(b), Some(g)) = (self.base, self.goal) {
            chart
                .draw_series(DashedLineSeries::new([b, g], 2, 6, GREY.stroke_width(1)))
                .map_err(err)?
                .label(lang.pick("rak väg till målet", "straight path to target"))
                .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], GREY.stroke_width(1)));
        }
        if let Some(f) = self.forecast {
            chart
                .draw_series(DashedLineSeries::new(f, 8, 5, ORANGE.stroke_width(2)))
                .map_err(err)?
                .label(lang.pick("prognos", "forecast"))
                .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], ORANGE.stroke_width(2)));
        }
        for (i, (name, points)) in self.references.iter().enumerate() {
            let (color, marker) = REFERENCE_STYLES[i % REFERENCE_STYLES.len()];
            let shown: Vec<(f64, f64)> = points.iter().filter(in_time).copied().collect();
            let line = chart
                .draw_series(LineSeries::new(shown.iter().copied(), color.stroke_width(1)))
                .map_err(err)?;
            line.label(name.as_str());
            let cross = move |r: i32| {
                (
                    PathElement::new([(-r, -r), (r, r)], color.stroke_width(2)),
                    PathElement::new([(-r, r), (r, -r)], color.stroke_width(2)),
                )
            };
            match marker {
                Marker::Diamond => {
                    line.legend(move |(x, y)| {
                        EmptyElement::at((x + 8, y)) + Polygon::new(diamond(5), color.filled())
                    });
                    chart
                        .draw_series(shown.iter().map(|&p| {
                            EmptyElement::at(p) + Polygon::new(diamond(4), color.filled())
                        }))
                        .map_err(err)?;
                }
                Marker::Cross => {
                    line.legend(move |(x, y)| {
                        let (a, b) = cross(4);
                        EmptyElement::at((x + 8, y)) + a + b
                    });
                    chart
                        .draw_series(shown.iter().map(|&p| {
                            let (a, b) = cross(4);
                            EmptyElement::at(p) + a + b
                        }))
                        .map_err(err)?;
                }
                Marker::HollowDiamond => {
                    line.legend(move |(x, y)| {
                        EmptyElement::at((x + 8, y))
                            + PathElement::new(diamond(5), color.stroke_width(1))
                    });
                    chart
                        .draw_series(shown.iter().map(|&p| {
                            EmptyElement::at(p)
                                + PathElement::new(diamond(4), color.stroke_width(1))
                        }))
                        .map_err(err)?;
                }
            }
        }
        chart
            .draw_series(LineSeries::new(self.complete.iter().copied(), BLUE.stroke_width(2)))
            .map_err(err)?
            .label(lang.pick("utfall", "outcome"))
            .legend(|(x, y)| Circle::new((x + 8, y), 4, BLUE.filled()));
        chart
            .draw_series(self.complete.iter().map(|&p| Circle::new(p, 4, BLUE.filled())))
            .map_err(err)?;
        if !self.partial.is_empty() {
            chart
                .draw_series(self.partial.iter().map(|&p| Circle::new(p, 4, BLUE.stroke_width(1))))
                .map_err(err)?
                .label(lang.pick("ofullständigt underlag", "incomplete data"))
                .legend(|(x, y)| Circle::new((x + 8, y), 4, BLUE.stroke_width(1)));
        }
        if let Some(b) = self.base {
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at(b) + Rectangle::new([(-5, -5), (5, 5)], GREY.filled()),
                ))
                .map_err(err)?
                .label(lang.pick("utgångsvärde", "baseline"))
                .legend(|(x, y)| Rectangle::new([(x + 3, y - 5), (x + 13, y + 5)], GREY.filled()));
        }
        if !self.milestones.is_empty() {
            chart
                .draw_series(
                    self.milestones
                        .iter()
                        .map(|&m| TriangleMarker::new(m, 7, VERMILLION.stroke_width(2))),
                )
                .map_err(err)?
                .label(lang.pick("delmål", "milestone"))
                .legend(|(x, y)| TriangleMarker::new((x + 8, y), 6, VERMILLION.stroke_width(2)));
        }
        if let Some(g) = self.goal {
            chart
                .draw_series(std::iter::once(TriangleMarker::new(g, 8, VERMILLION.filled())))
                .map_err(err)?
                .label(lang.pick("mål", "target"))
                .legend(|(x, y)| TriangleMarker::new((x + 8, y), 6, VERMILLION.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .label_font((FAMILY, 11))
            .draw()
            .map_err(err)?;
        Ok(())
    }
}

/// The actors' latest values as bars, highest first, with the region's value as a line.
struct Ranking {
    title: String,
    lang: Lang,
    decimals: u8,
    bars: Vec<(String, f64)>,
    region: Option<f64>,
}

pub fn ranking(
    a: &IndicatorAnalysis<'_>,
    lang: Lang,
    png: bool,
) -> Result<Option<Chart>, ChartError> {
    let mut bars: Vec<(String, f64)> = a
        .actors
        .iter()
        .filter_map(|(actor, pts)| pts.last().map(|p| (printable(&actor.name), p.value)))
        .collect();
    if bars.len() < 2 {
        return Ok(None);
    }
    bars.sort_by(|x, y| y.1.total_cmp(&x.1));
    // A national catalogue has hundreds of actors: the 20 highest and 20 lowest are shown.
    let total = bars.len();
    let mut title = format!(
        "{} – {}",
        printable(&a.title(lang)),
        lang.pick("senaste värde per aktör", "latest value per actor")
    );
    if total > 40 {
        bars.drain(20..total - 20);
        title.push_str(&match lang {
            Lang::Sv => format!(" (20 högsta och 20 lägsta av {total})"),
            Lang::En => format!(" (20 highest and 20 lowest of {total})"),
        });
    }
    let chart = Ranking {
        title,
        lang,
        decimals: a.indicator.decimals,
        bars,
        region: a.region.iter().rev().find(|p| !p.partial).map(|p| p.value),
    };
    render(&chart, png).map(Some)
}

impl Draw for Ranking {
    fn size(&self) -> (u32, u32) {
        (WIDTH, (60 + 22 * self.bars.len() as u32).max(160))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let lang = self.lang;
        let n = self.bars.len();
        let mut values: Vec<f64> = self.bars.iter().map(|b| b.1).collect();
        values.extend(self.region);
        values.push(0.0);
        let (x0, x1) = bounds(&values, 0.05);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FAMILY, 14))
            .margin(10)
            .x_label_area_size(26)
            .y_label_area_size(170)
            .build_cartesian_2d(x0..x1, 0f64..n as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n + 1)
            .y_label_formatter(&|y| {
                let i = y.floor() as usize;
                if i >= n {
                    return String::new();
                }
                self.bars.get(n - i - 1).map(|b| b.0.clone()).unwrap_or_default()
            })
            .x_label_formatter(&|x| text::number(*x, 1, lang))
            .label_style((FAMILY, 11))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(self.bars.iter().enumerate().map(|(i, (_, v))| {
                let y = (n - i - 1) as f64;
                Rectangle::new([(0.0, y + 0.15), (*v, y + 0.85)], SKY.filled())
            }))
            .map_err(err)?;
        if let Some(r) = self.region {
            chart
                .draw_series(DashedLineSeries::new(
                    [(r, 0.0), (r, n as f64)],
                    4,
                    4,
                    VERMILLION.stroke_width(2),
                ))
                .map_err(err)?
                .label(format!(
                    "{}: {}",
                    lang.pick("länet", "the county"),
                    text::number(r, self.decimals, lang)
                ))
                .legend(|(x, y)| {
                    PathElement::new([(x, y), (x + 16, y)], VERMILLION.stroke_width(2))
                });
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::LowerRight)
                .background_style(WHITE.mix(0.85))
                .label_font((FAMILY, 11))
                .draw()
                .map_err(err)?;
        }
        Ok(())
    }
}

/// How many indicators of an area are in each status: one bar per status, labelled with the
/// word, the symbol and the count.
struct AreaStatus {
    title: String,
    lang: Lang,
    counts: Vec<(Status, usize)>,
}

pub fn area_status(
    name: &str,
    counts: &[(Status, usize)],
    lang: Lang,
    png: bool,
) -> Result<Chart, ChartError> {
    let chart = AreaStatus {
        title: format!(
            "{} – {}",
            printable(name),
            lang.pick("indikatorer per status", "indicators by status")
        ),
        lang,
        counts: counts.to_vec(),
    };
    render(&chart, png)
}

impl Draw for AreaStatus {
    fn size(&self) -> (u32, u32) {
        (WIDTH / 2 + 120, 50 + 26 * self.counts.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let lang = self.lang;
        let n = self.counts.len();
        let max = self.counts.iter().map(|c| c.1).max().unwrap_or(1).max(1) as f64;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FAMILY, 14))
            .margin(8)
            .x_label_area_size(0)
            .y_label_area_size(140)
            .build_cartesian_2d(0f64..max * 1.15, 0f64..n as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_labels(n + 1)
            .y_label_formatter(&|y| {
                let i = y.floor() as usize;
                if i >= n {
                    return String::new();
                }
                self.counts
                    .get(n - i - 1)
                    .map(|(s, _)| {
                        format!("{} {}", text::status_symbol(*s), text::status_word(*s, lang))
                    })
                    .unwrap_or_default()
            })
            .label_style((FAMILY, 12))
            .draw()
            .map_err(err)?;
        for (i, (s, c)) in self.counts.iter().enumerate() {
            let y = (n - i - 1) as f64;
            let (r, g, b) = text::status_colour(*s);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y + 0.2), (*c as f64, y + 0.8)],
                    RGBColor(r, g, b).filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    c.to_string(),
                    (*c as f64 + max * 0.02, y + 0.65),
                    (FAMILY, 12),
                )))
                .map_err(err)?;
        }
        Ok(())
    }
}

/// Axis bounds with a margin, never empty.
fn bounds(xs: &[f64], margin: f64) -> (f64, f64) {
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let span = (hi - lo).abs().max(hi.abs() * 0.05).max(1e-9);
    (lo - span * margin, hi + span * margin)
}
