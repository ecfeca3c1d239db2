//! Charts with plotters: SVG for the HTML report, PNG on request.
//!
//! Text renders with DejaVu Sans shipped in the crate (`fonts/`), registered once, so PNG
//! output works on a machine without system fonts; SVG names the family and leaves drawing
//! the glyphs to the viewer. Colours follow the Okabe–Ito palette, and every meaning that
//! colour carries is also in a marker shape, a line style or a label.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use utblick_core::{Lang, Measure, PROGRAMMES, Programme, Registry, format_number, printable};

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

/// A triangle's corners in pixels from its centre.
type Corners = [(i32, i32); 3];

/// A triangle around its centre, `r` at scale 1 from the centre to a corner.
fn triangle(r: f64, k: f64) -> Corners {
    let (r, h) = (px(r, k), px(r * 0.87, k));
    [(0, -r), (h, r / 2), (-h, r / 2)]
}

/// An outlined triangle: the triangle in `color` with a white one inside, a line's width (2 at
/// scale 1) in from every side. Both backends draw it with clean corners, which a thick closed
/// path does not give.
fn hollow_triangle(r: f64, k: f64) -> (Corners, Corners) {
    // Moving the sides of an equilateral triangle in by d moves its corners in by 2d.
    (triangle(r, k), triangle(r - 4.0, k))
}

/// A diamond `r` pixels from its centre to a corner, closed.
fn diamond(r: i32) -> [(i32, i32); 5] {
    [(0, -r), (r, 0), (0, r), (-r, 0), (0, -r)]
}

/// Charts are drawn for half the width of a page (two side by side, on screen and on A4), so
/// their text stays readable when printed.
pub const WIDTH: u32 = 540;
/// Low enough that, two side by side, they leave room on an A4 page for the figures beside them.
pub const HEIGHT: u32 = 300;
/// PNGs are drawn this much larger than the SVG's pixels: 540 × 3 = 1,620 px wide, for print
/// and slides.
pub const PNG_SCALE: f64 = 3.0;

/// A chart that could not be drawn or encoded; the error of plotters' backend or of the PNG
/// encoder is kept as the source.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// Drawing on the SVG or bitmap backend failed.
    #[error("chart: {0}")]
    Draw(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Encoding the bitmap as PNG failed.
    #[error("chart: {0}")]
    Png(#[from] png::EncodingError),
}

fn err<E: std::error::Error + Send + Sync + 'static>(e: E) -> ChartError {
    ChartError::Draw(Box::new(e))
}

/// A drawn chart: SVG text, and PNG bytes when asked for.
pub struct Chart {
    /// The chart as an SVG document, for the HTML pages and the PDF.
    pub svg: String,
    /// The same chart as a PNG [`PNG_SCALE`] times larger, for print and slides; only when
    /// the caller asked for PNGs.
    pub png: Option<Vec<u8>>,
}

/// A chart that can draw itself on any plotters backend, at any scale: every length (text,
/// margins, markers, lines) is given at scale 1 and multiplied by `k`.
trait Draw {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend<ErrorType: 'static>>(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: f64,
    ) -> Result<(), ChartError>;
}

/// A length at scale `k`.
fn px(n: f64, k: f64) -> i32 {
    (n * k).round() as i32
}

fn upx(n: f64, k: f64) -> u32 {
    (n * k).round().max(1.0) as u32
}

/// Draws `chart` on an SVG and, if `png`, on a bitmap [`PNG_SCALE`] times larger too.
fn render(chart: &impl Draw, png: bool) -> Result<Chart, ChartError> {
    register_font();
    let size = chart.size();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        chart.draw(&root, 1.0)?;
        root.present().map_err(err)?;
    }
    let png = if png {
        let big = (upx(size.0 as f64, PNG_SCALE), upx(size.1 as f64, PNG_SCALE));
        let mut buf = vec![0u8; (big.0 * big.1 * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut buf, big).into_drawing_area();
            root.fill(&WHITE).map_err(err)?;
            chart.draw(&root, PNG_SCALE)?;
            root.present().map_err(err)?;
        }
        Some(encode_png(&buf, big)?)
    } else {
        None
    };
    Ok(Chart { svg, png })
}

/// How many decimals the labels of an axis from `lo` to `hi` with about `ticks` labels need:
/// enough to tell neighbouring ticks apart, no more (`0,31 | 0,32`, `300 000 | 310 000`).
fn axis_decimals(lo: f64, hi: f64, ticks: usize) -> u8 {
    let step = (hi - lo).abs() / ticks.max(1) as f64;
    if !step.is_finite() || step <= 0.0 {
        return 0;
    }
    (-step.log10()).ceil().clamp(0.0, 4.0) as u8
}

/// What a legend entry shows before its words: the line, marker or bar as drawn.
#[derive(Clone, Copy)]
enum Glyph {
    /// A line, solid or dashed (`(dash, gap)`), with an optional marker on it.
    Line {
        color: RGBColor,
        width: u32,
        dash: Option<(i32, i32)>,
        marker: Option<Marker>,
    },
    Dot {
        color: RGBColor,
        filled: bool,
    },
    Square(RGBColor),
    /// A bar as the funding chart draws it: filled, or hollow (a light tint inside a border).
    Bar {
        color: RGBColor,
        filled: bool,
    },
    Triangle {
        color: RGBColor,
        filled: bool,
    },
}

/// Where each legend entry goes, at scale 1: left to right, a new row when the width is used;
/// `(x, row)` per entry and the number of rows.
fn legend_layout(entries: &[(String, Glyph)], width: f64) -> (Vec<(f64, usize)>, usize) {
    let mut out = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (6.0, 0);
    for (label, _) in entries {
        let w = 30.0 + LEGEND_CHAR * label.chars().count() as f64 + 10.0;
        if x > 6.0 && x + w > width {
            x = 6.0;
            row += 1;
        }
        out.push((x, row));
        x += w;
    }
    (out, if entries.is_empty() { 0 } else { row + 1 })
}

/// The legend's font size and the width of one of its characters, at scale 1.
const LEGEND_FONT: f64 = 12.0;
const LEGEND_CHAR: f64 = 5.6;
const LEGEND_ROW: f64 = 18.0;
/// Right of a line chart's plot: half a year label at 13 px (four digits of about 7.8 px),
/// which the PDF cut off at the plot's 8 px margin.
const X_LABEL_ROOM: f64 = 18.0;

/// Draws a legend under the plot, outside the data: the glyph drawn as the series is, then its
/// words.
fn draw_legend<DB: DrawingBackend<ErrorType: 'static>>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Glyph)],
    k: f64,
) -> Result<(), ChartError> {
    let font = (FAMILY, LEGEND_FONT * k).into_font().color(&BLACK);
    let style = font.pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Left,
        plotters::style::text_anchor::VPos::Center,
    ));
    let (width, _) = area.dim_in_pixel();
    let (places, _) = legend_layout(entries, width as f64 / k);
    for ((label, glyph), (lx, row)) in entries.iter().zip(places) {
        let y = px(LEGEND_ROW * (row as f64 + 0.5), k);
        let x = px(lx, k);
        let w = px(24.0, k);
        let mid = x + w / 2;
        match *glyph {
            Glyph::Line { color, width, dash, marker } => {
                let stroke = color.stroke_width(upx(width as f64, k));
                match dash {
                    None => {
                        area.draw(&PathElement::new([(x, y), (x + w, y)], stroke)).map_err(err)?;
                    }
                    Some((on, off)) => {
                        let (on, off) = (px(on as f64, k).max(1), px(off as f64, k).max(1));
                        let mut a = x;
                        while a < x + w {
                            let b = (a + on).min(x + w);
                            area.draw(&PathElement::new([(a, y), (b, y)], stroke)).map_err(err)?;
                            a = b + off;
                        }
                    }
                }
                if let Some(m) = marker {
                    draw_marker(area, m, color, (mid, y), 4.0, k)?;
                }
            }
            Glyph::Dot { color, filled } => {
                let style = if filled { color.filled() } else { color.stroke_width(upx(1.0, k)) };
                area.draw(&Circle::new((mid, y), px(4.0, k), style)).map_err(err)?;
            }
            Glyph::Square(color) => {
                let r = px(5.0, k);
                area.draw(&Rectangle::new([(mid - r, y - r), (mid + r, y + r)], color.filled()))
                    .map_err(err)?;
            }
            Glyph::Bar { color, filled } => {
                let (r, h) = (px(5.0, k), px(6.0, k));
                let corners = [(mid - r, y - h), (mid + r, y + h)];
                for style in bar_styles(color, filled, k) {
                    area.draw(&Rectangle::new(corners, style)).map_err(err)?;
                }
            }
            Glyph::Triangle { color, filled: true } => {
                area.draw(&TriangleMarker::new((mid, y), px(6.0, k), color.filled()))
                    .map_err(err)?;
            }
            Glyph::Triangle { color, filled: false } => {
                let (outer, inner) = hollow_triangle(7.0, k);
                let at = |pts: Corners| pts.map(|(a, b)| (mid + a, y + b));
                area.draw(&Polygon::new(at(outer), color.filled())).map_err(err)?;
                area.draw(&Polygon::new(at(inner), WHITE.filled())).map_err(err)?;
            }
        }
        area.draw(&Text::new(label.clone(), (x + w + px(6.0, k), y), style.clone()))
            .map_err(err)?;
    }
    Ok(())
}

/// A reference's marker at a pixel position.
fn draw_marker<DB: DrawingBackend<ErrorType: 'static>>(
    area: &DrawingArea<DB, Shift>,
    marker: Marker,
    color: RGBColor,
    at: (i32, i32),
    r: f64,
    k: f64,
) -> Result<(), ChartError> {
    let r = px(r, k);
    let shift = |pts: [(i32, i32); 5]| pts.map(|(x, y)| (at.0 + x, at.1 + y));
    match marker {
        Marker::Diamond => area.draw(&Polygon::new(shift(diamond(r)), color.filled())),
        Marker::HollowDiamond => {
            area.draw(&PathElement::new(shift(diamond(r)), color.stroke_width(upx(1.0, k))))
        }
        Marker::Cross => {
            let s = color.stroke_width(upx(2.0, k));
            area.draw(&PathElement::new([(at.0 - r, at.1 - r), (at.0 + r, at.1 + r)], s))
                .map_err(err)?;
            area.draw(&PathElement::new([(at.0 - r, at.1 + r), (at.0 + r, at.1 - r)], s))
        }
    }
    .map_err(err)
}

fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // One filter for every row instead of png's default of trying all five per row
        // (`Adaptive`), which was a third of `followup --png`: Paeth suits the charts' flat
        // areas and straight lines, and its files are 4.5 % larger (the sample's 65 PNGs:
        // 4.44 MB against 4.24 MB; `Sub` made them 33 % larger, `Up` 6 %).
        enc.set_filter(png::Filter::Paeth);
        // Then deflate, the larger half of the work left: zlib's level 2 instead of png's
        // default 6 takes a third less time for files 6 % larger (4.70 MB; level 1 was no
        // faster and 57 % larger; png's `Compression::Fast`, fdeflate, was slower and twice
        // as large).
        enc.set_deflate_compression(png::DeflateCompression::Level(2));
        let mut writer = enc.write_header()?;
        writer.write_image_data(rgb)?;
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

/// The county's series of an indicator over the years: baseline, target and the straight path
/// between them, the forecast where one is honest, the plan's milestones, and the reference
/// geographies that share the county's scale.
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

impl Trend {
    /// The legend, in the order the series are drawn.
    fn legend_entries(&self) -> Vec<(String, Glyph)> {
        let lang = self.lang;
        let mut entries: Vec<(String, Glyph)> = Vec::new();
        if self.base.is_some() && self.goal.is_some() {
            entries.push((
                lang.pick("rak väg till målet", "straight path to target").into(),
                Glyph::Line { color: GREY, width: 1, dash: Some((2, 6)), marker: None },
            ));
        }
        if self.forecast.is_some() {
            entries.push((
                lang.pick("prognos", "forecast").into(),
                Glyph::Line { color: ORANGE, width: 2, dash: Some((8, 5)), marker: None },
            ));
        }
        for (i, (name, _)) in self.references.iter().enumerate() {
            let (color, marker) = REFERENCE_STYLES[i % REFERENCE_STYLES.len()];
            entries.push((
                name.clone(),
                Glyph::Line { color, width: 1, dash: None, marker: Some(marker) },
            ));
        }
        entries.push((
            lang.pick("länet", "the county").into(),
            Glyph::Line { color: BLUE, width: 2, dash: None, marker: None },
        ));
        if !self.partial.is_empty() {
            entries.push((
                lang.pick("ofullständigt underlag", "incomplete data").into(),
                Glyph::Dot { color: BLUE, filled: false },
            ));
        }
        if self.base.is_some() {
            entries.push((lang.pick("utgångsvärde", "baseline").into(), Glyph::Square(GREY)));
        }
        if !self.milestones.is_empty() {
            entries.push((
                lang.pick("delmål", "milestone").into(),
                Glyph::Triangle { color: VERMILLION, filled: false },
            ));
        }
        if self.goal.is_some() {
            entries.push((
                lang.pick("mål", "target").into(),
                Glyph::Triangle { color: VERMILLION, filled: true },
            ));
        }
        entries
    }
}

impl Draw for Trend {
    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend<ErrorType: 'static>>(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: f64,
    ) -> Result<(), ChartError> {
        let lang = self.lang;
        // The axes take in every point drawn.
        let mut pts: Vec<(f64, f64)> = self.complete.iter().chain(&self.partial).copied().collect();
        pts.extend(self.base);
        pts.extend(self.goal);
        pts.extend(self.forecast.map(|f| f[1]));
        pts.extend(self.milestones.iter().copied());
        // References widen the value axis, not the time axis: they often go further back.
        let (x0, x1) = time_bounds(pts.iter().map(|p| p.0));
        let in_time = |p: &&(f64, f64)| p.0 >= x0 && p.0 <= x1;
        pts.extend(self.references.iter().flat_map(|r| r.1.iter().filter(in_time)));
        let (y0, y1) = bounds(&pts.iter().map(|p| p.1).collect::<Vec<_>>(), 0.1);
        let entries = self.legend_entries();
        let frame = LineFrame {
            title: &self.title,
            unit: &self.unit,
            lang,
            entries: &entries,
            x_mesh: true,
        };
        frame.draw(root, (x0, x1), (y0, y1), k, |chart| self.draw_lines(chart, in_time, k))
    }
}

impl Trend {
    /// The series, on the frame [`LineFrame`] drew.
    fn draw_lines<DB: DrawingBackend<ErrorType: 'static>>(
        &self,
        chart: &mut LineChart<'_, DB>,
        in_time: impl Fn(&&(f64, f64)) -> bool,
        k: f64,
    ) -> Result<(), ChartError> {
        if let (Some(b), Some(g)) = (self.base, self.goal) {
            chart
                .draw_series(DashedLineSeries::new(
                    [b, g],
                    px(2.0, k),
                    px(6.0, k),
                    GREY.stroke_width(upx(1.0, k)),
                ))
                .map_err(err)?;
        }
        if let Some(f) = self.forecast {
            chart
                .draw_series(DashedLineSeries::new(
                    f,
                    px(8.0, k),
                    px(5.0, k),
                    ORANGE.stroke_width(upx(2.0, k)),
                ))
                .map_err(err)?;
        }
        for (i, (_, points)) in self.references.iter().enumerate() {
            let (color, marker) = REFERENCE_STYLES[i % REFERENCE_STYLES.len()];
            let shown: Vec<(f64, f64)> = points.iter().filter(&in_time).copied().collect();
            draw_marked_line(chart, &shown, (color, 1, None), Some(marker), k)?;
        }
        chart
            .draw_series(LineSeries::new(
                self.complete.iter().copied(),
                BLUE.stroke_width(upx(2.0, k)),
            ))
            .map_err(err)?;
        chart
            .draw_series(self.complete.iter().map(|&p| Circle::new(p, px(4.0, k), BLUE.filled())))
            .map_err(err)?;
        if !self.partial.is_empty() {
            chart
                .draw_series(
                    self.partial
                        .iter()
                        .map(|&p| Circle::new(p, px(4.0, k), BLUE.stroke_width(upx(1.0, k)))),
                )
                .map_err(err)?;
        }
        if let Some(b) = self.base {
            let r = px(5.0, k);
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at(b) + Rectangle::new([(-r, -r), (r, r)], GREY.filled()),
                ))
                .map_err(err)?;
        }
        if !self.milestones.is_empty() {
            chart
                .draw_series(self.milestones.iter().map(|&m| {
                    let (outer, inner) = hollow_triangle(8.0, k);
                    EmptyElement::at(m)
                        + Polygon::new(outer, VERMILLION.filled())
                        + Polygon::new(inner, WHITE.filled())
                }))
                .map_err(err)?;
        }
        if let Some(g) = self.goal {
            chart
                .draw_series(std::iter::once(TriangleMarker::new(
                    g,
                    px(8.0, k),
                    VERMILLION.filled(),
                )))
                .map_err(err)?;
        }
        Ok(())
    }
}

/// A plot over years and values, as the line charts draw on.
type LineChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// What the line charts (the trend, women and men) share around their lines: the title, a
/// plot with year ticks and the unit on the value axis (room for the widest tick label, so
/// the axis title never overlaps it), and the legend under the plot, outside the data.
struct LineFrame<'a> {
    title: &'a str,
    unit: &'a str,
    lang: Lang,
    entries: &'a [(String, Glyph)],
    /// Vertical and fine grid lines (a bar chart over years has neither: its bars stand at
    /// the years, and fine lines would read as a pattern behind them).
    x_mesh: bool,
}

impl LineFrame<'_> {
    /// Draws the frame over `x` (years) and `y`, then `lines` on the plot, then the legend.
    fn draw<DB: DrawingBackend<ErrorType: 'static>>(
        &self,
        root: &DrawingArea<DB, Shift>,
        (x0, x1): (f64, f64),
        (y0, y1): (f64, f64),
        k: f64,
        lines: impl FnOnce(&mut LineChart<'_, DB>) -> Result<(), ChartError>,
    ) -> Result<(), ChartError> {
        let lang = self.lang;
        let y_ticks = 6;
        let decimals = axis_decimals(y0, y1, y_ticks);
        let widest = [y0, y1]
            .iter()
            .map(|v| format_number(*v, decimals, lang).chars().count())
            .max()
            .unwrap_or(4) as f64;
        let body =
            root.margin(px(6.0, k), 0, 0, 0).titled(self.title, (FAMILY, 14.0 * k)).map_err(err)?;
        let (w, h) = body.dim_in_pixel();
        let (_, rows) = legend_layout(self.entries, w as f64 / k);
        let legend_h = upx(LEGEND_ROW * rows as f64 + 4.0, k);
        let (plot, legend) = body.split_vertically(h.saturating_sub(legend_h));
        let mut chart = ChartBuilder::on(&plot)
            .margin(px(8.0, k))
            // Room for half of the last year's label, centred on the axis' end.
            .margin_right(px(X_LABEL_ROOM, k))
            .x_label_area_size(px(26.0, k))
            .y_label_area_size(px(widest * 7.8 + 28.0, k))
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        let mut mesh = chart.configure_mesh();
        if !self.x_mesh {
            mesh.disable_x_mesh();
        }
        mesh.x_labels(8)
            .x_label_formatter(&year_label)
            .y_labels(y_ticks)
            .y_desc(self.unit)
            .y_label_formatter(&|y| format_number(*y, decimals, lang))
            .label_style((FAMILY, 13.0 * k))
            .axis_desc_style((FAMILY, 13.0 * k))
            .light_line_style(if self.x_mesh { RGBColor(235, 235, 235) } else { WHITE })
            .bold_line_style(RGBColor(215, 215, 215))
            .draw()
            .map_err(err)?;
        lines(&mut chart)?;
        draw_legend(&legend, self.entries, k)
    }
}

/// A line through `points` (colour, width and dash as in [`Glyph::Line`]) with `marker` on
/// every point.
fn draw_marked_line<DB: DrawingBackend<ErrorType: 'static>>(
    chart: &mut LineChart<'_, DB>,
    points: &[(f64, f64)],
    (color, width, dash): (RGBColor, u32, Option<(i32, i32)>),
    marker: Option<Marker>,
    k: f64,
) -> Result<(), ChartError> {
    let line = color.stroke_width(upx(width as f64, k));
    match dash {
        None => chart.draw_series(LineSeries::new(points.iter().copied(), line)).map(|_| ()),
        Some((on, off)) => chart
            .draw_series(DashedLineSeries::new(
                points.iter().copied(),
                px(on as f64, k),
                px(off as f64, k),
                line,
            ))
            .map(|_| ()),
    }
    .map_err(err)?;
    let r = px(4.0, k);
    let thin = color.stroke_width(upx(1.0, k));
    let thick = color.stroke_width(upx(2.0, k));
    match marker {
        None => Ok(()),
        Some(Marker::Diamond) => chart
            .draw_series(
                points
                    .iter()
                    .map(|&p| EmptyElement::at(p) + Polygon::new(diamond(r), color.filled())),
            )
            .map(|_| ()),
        Some(Marker::HollowDiamond) => chart
            .draw_series(
                points.iter().map(|&p| EmptyElement::at(p) + PathElement::new(diamond(r), thin)),
            )
            .map(|_| ()),
        Some(Marker::Cross) => chart
            .draw_series(points.iter().map(|&p| {
                EmptyElement::at(p)
                    + PathElement::new([(-r, -r), (r, r)], thick)
                    + PathElement::new([(-r, r), (r, -r)], thick)
            }))
            .map(|_| ()),
    }
    .map_err(err)
}

/// The county's series for women and for men beside its total, for an indicator split by
/// gender whose target is on the total.
struct Genders {
    title: String,
    unit: String,
    lang: Lang,
    total: Vec<(f64, f64)>,
    women: Vec<(f64, f64)>,
    men: Vec<(f64, f64)>,
}

/// Women's and men's lines: women solid with diamonds, men dashed with crosses, so the two
/// stay apart in grey print too; in colours no reference geography of the trend chart beside
/// it has (Riket is purple diamonds there).
const WOMEN: (RGBColor, u32, Option<(i32, i32)>) = (VERMILLION, 2, None);
const MEN: (RGBColor, u32, Option<(i32, i32)>) = (GREEN, 2, Some((7, 4)));

/// The women/men panel of an analysis, if it has one.
pub fn genders(
    a: &IndicatorAnalysis<'_>,
    lang: Lang,
    png: bool,
) -> Result<Option<Chart>, ChartError> {
    if a.genders.is_empty() {
        return Ok(None);
    }
    let points = |pts: &[utblick_analysis::RegionPoint]| -> Vec<(f64, f64)> {
        pts.iter().filter(|p| !p.partial).map(|p| (p.period.midpoint_years(), p.value)).collect()
    };
    let of = |g: utblick_core::Gender| {
        a.genders.iter().find(|x| x.0 == g).map(|x| points(&x.1)).unwrap_or_default()
    };
    let chart = Genders {
        title: format!(
            "{} – {}",
            printable(&a.title(lang)),
            lang.pick("kvinnor och män", "women and men")
        ),
        unit: printable(&a.indicator.unit),
        lang,
        total: points(&a.region),
        women: of(utblick_core::Gender::Women),
        men: of(utblick_core::Gender::Men),
    };
    render(&chart, png).map(Some)
}

impl Genders {
    fn legend_entries(&self) -> Vec<(String, Glyph)> {
        let glyph = |(color, width, dash): (RGBColor, u32, Option<(i32, i32)>), marker| {
            Glyph::Line { color, width, dash, marker }
        };
        vec![
            (self.lang.pick("kvinnor", "women").into(), glyph(WOMEN, Some(Marker::Diamond))),
            (self.lang.pick("män", "men").into(), glyph(MEN, Some(Marker::Cross))),
            (self.lang.pick("totalt", "total").into(), glyph((BLUE, 1, None), None)),
        ]
    }
}

impl Draw for Genders {
    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend<ErrorType: 'static>>(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: f64,
    ) -> Result<(), ChartError> {
        let lang = self.lang;
        let pts: Vec<(f64, f64)> =
            self.total.iter().chain(&self.women).chain(&self.men).copied().collect();
        let (x0, x1) = time_bounds(pts.iter().map(|p| p.0));
        let (y0, y1) = bounds(&pts.iter().map(|p| p.1).collect::<Vec<_>>(), 0.1);
        let entries = self.legend_entries();
        let frame = LineFrame {
            title: &self.title,
            unit: &self.unit,
            lang,
            entries: &entries,
            x_mesh: true,
        };
        frame.draw(root, (x0, x1), (y0, y1), k, |chart| {
            draw_marked_line(chart, &self.total, (BLUE, 1, None), None, k)?;
            draw_marked_line(chart, &self.women, WOMEN, Some(Marker::Diamond), k)?;
            draw_marked_line(chart, &self.men, MEN, Some(Marker::Cross), k)
        })
    }
}

/// The actors' latest values as bars, highest first, with the county's own bar marked and its
/// value as a dashed line; each bar says its period where they differ.
struct Ranking {
    title: String,
    lang: Lang,
    /// Label, value, and whether it is the county's bar.
    bars: Vec<(String, f64, bool)>,
    region: Option<f64>,
}

/// The latest value of each municipality and other reporting actor as bars, with the county's
/// where it is comparable with them (a rate or a mean) as a bar of its own colour and a dashed
/// line; `None` with fewer than two actors to compare.
pub fn ranking(
    a: &IndicatorAnalysis<'_>,
    lang: Lang,
    png: bool,
) -> Result<Option<Chart>, ChartError> {
    // The region's own value is the county's bar.
    let latest: Vec<(String, utblick_analysis::Dated)> = a
        .actors
        .iter()
        .filter(|(actor, _)| actor.kind != utblick_core::ActorKind::Region)
        .filter_map(|(actor, pts)| pts.last().map(|p| (printable(&actor.name), *p)))
        .collect();
    if latest.len() < 2 {
        return Ok(None);
    }
    // The county among its parts only where it is comparable with them: a rate or a mean, not
    // a sum that dwarfs every part.
    let comparable = !matches!(a.indicator.aggregation, utblick_core::Aggregation::Sum);
    let county = a.region.iter().rev().find(|p| !p.partial).filter(|_| comparable);
    let mut periods: Vec<utblick_core::Period> = latest.iter().map(|l| l.1.period).collect();
    periods.extend(county.map(|c| c.period));
    periods.sort();
    periods.dedup();
    let mixed = periods.len() > 1;
    let label = |name: &str, p: utblick_core::Period| {
        if mixed { format!("{name} ({})", text::period(p, lang)) } else { name.to_string() }
    };
    let mut bars: Vec<(String, f64, bool)> =
        latest.iter().map(|(n, d)| (label(n, d.period), d.value, false)).collect();
    bars.sort_by(|x, y| y.1.total_cmp(&x.1));
    // A national catalogue has hundreds of actors: the 20 highest and 20 lowest are shown.
    let total = bars.len();
    let mut title = format!(
        "{} – {}",
        printable(&a.title(lang)),
        lang.pick("senaste värde per aktör", "latest value per actor")
    );
    if !mixed && let Some(p) = periods.first() {
        title.push_str(&format!(", {}", text::period(*p, lang)));
    }
    if total > 40 {
        bars.drain(20..total - 20);
        title.push_str(&match lang {
            Lang::Sv => format!(" (20 högsta och 20 lägsta av {total})"),
            Lang::En => format!(" (20 highest and 20 lowest of {total})"),
        });
    }
    if let Some(c) = county {
        let name = lang.pick("Länet", "The county");
        let at = bars.iter().position(|b| b.1 < c.value).unwrap_or(bars.len());
        bars.insert(at, (label(name, c.period), c.value, true));
    }
    let chart = Ranking { title, lang, bars, region: county.map(|p| p.value) };
    render(&chart, png).map(Some)
}

impl Draw for Ranking {
    fn size(&self) -> (u32, u32) {
        (WIDTH, (56 + 20 * self.bars.len() as u32).max(160))
    }

    fn draw<DB: DrawingBackend<ErrorType: 'static>>(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: f64,
    ) -> Result<(), ChartError> {
        let lang = self.lang;
        let n = self.bars.len() as u32;
        let mut values: Vec<f64> = self.bars.iter().map(|b| b.1).collect();
        values.push(0.0);
        let (x0, x1) = bounds(&values, 0.05);
        let x_ticks = 6;
        let decimals = axis_decimals(x0, x1, x_ticks);
        let widest = self.bars.iter().map(|b| b.0.chars().count()).max().unwrap_or(8) as f64;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FAMILY, 12.0 * k))
            .margin(px(8.0, k))
            .x_label_area_size(px(26.0, k))
            .y_label_area_size(px((widest * 6.2 + 14.0).min(240.0), k))
            .build_cartesian_2d(x0..x1, (0..n.max(1) - 1).into_segmented())
            .map_err(err)?;
        // Bar i from the top is segment n - 1 - i: the highest value on top, each label at the
        // middle of its bar.
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n as usize)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if *i < n => self.bars[(n - 1 - i) as usize].0.clone(),
                _ => String::new(),
            })
            .x_labels(x_ticks)
            .x_label_formatter(&|x| format_number(*x, decimals, lang))
            .label_style((FAMILY, 11.0 * k))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(self.bars.iter().enumerate().map(|(i, b)| {
                let y = n - 1 - i as u32;
                bar(b.1, y, if b.2 { VERMILLION } else { SKY }, 4.0, k)
            }))
            .map_err(err)?;
        if let Some(r) = self.region {
            chart
                .draw_series(DashedLineSeries::new(
                    [(r, SegmentValue::Exact(0)), (r, SegmentValue::Last)],
                    px(4.0, k),
                    px(4.0, k),
                    VERMILLION.stroke_width(upx(1.0, k)),
                ))
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

/// How many of an area's targets stand at each status, as one bar per status.
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
        (WIDTH / 2 + 160, 50 + 26 * self.counts.len() as u32)
    }

    fn draw<DB: DrawingBackend<ErrorType: 'static>>(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: f64,
    ) -> Result<(), ChartError> {
        let lang = self.lang;
        let n = self.counts.len() as u32;
        let max = self.counts.iter().map(|c| c.1).max().unwrap_or(1).max(1) as f64;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FAMILY, 14.0 * k))
            .margin(px(8.0, k))
            .x_label_area_size(0)
            .y_label_area_size(px(170.0, k))
            .build_cartesian_2d(0f64..max * 1.15, (0..n.max(1) - 1).into_segmented())
            .map_err(err)?;
        let label = |i: u32| {
            self.counts
                .get((n - 1 - i) as usize)
                .map(|(s, _)| {
                    format!("{} {}", text::status_symbol(*s), text::status_word(*s, lang))
                })
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_labels(n as usize)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if *i < n => label(*i),
                _ => String::new(),
            })
            .label_style((FAMILY, 12.0 * k))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(self.counts.iter().enumerate().map(|(i, (st, c))| {
                let (r, g, b) = text::status_colour(*st);
                bar(*c as f64, n - 1 - i as u32, RGBColor(r, g, b), 5.0, k)
            }))
            .map_err(err)?;
        // The count at the end of each bar, on its middle.
        chart
            .draw_series(self.counts.iter().enumerate().map(|(i, (_, c))| {
                Text::new(
                    c.to_string(),
                    (*c as f64 + max * 0.02, SegmentValue::CenterOf(n - 1 - i as u32)),
                    TextStyle::from((FAMILY, 12.0 * k).into_font()).pos(
                        plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Left,
                            plotters::style::text_anchor::VPos::Center,
                        ),
                    ),
                )
            }))
            .map_err(err)?;
        Ok(())
    }
}

/// EU funding per programme and year, from the registry: what was applied for, by the year of
/// the application, and what was granted, by the year of the decision (granted, running or
/// closed projects). Both come from the entries of the registry's own figures
/// ([`Measure::Applications`] and [`Measure::EuGrants`]), so the granted bars add up to the
/// EU-grants indicator year by year.
#[derive(Clone, Debug, PartialEq)]
pub struct Funding {
    /// The years, first to last, every one shown.
    pub years: Vec<i32>,
    /// The programmes as the legend names them, in stack order (the bottom first); the last
    /// may be "other programmes".
    pub programmes: Vec<String>,
    /// Per programme, per year: (applied, granted) in kronor.
    pub amounts: Vec<Vec<(f64, f64)>>,
}

/// The colours of the programmes named in the funding chart; one more is grey, and beyond that
/// the rest are drawn together, grey, as "other programmes". Black is the legend's key to
/// applied and granted, and no programme's.
const FUNDING_COLOURS: [RGBColor; 6] = [BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE];

/// A programme's name for a legend: the name where it is short, else its abbreviation in
/// brackets (`Socialfonden+ (ESF+)` is `ESF+`), else its fund.
fn programme_short(p: &Programme) -> &'static str {
    if p.name.chars().count() <= 26 {
        return p.name;
    }
    match p.name.rsplit_once('(') {
        Some((_, abbr)) if abbr.ends_with(')') => &abbr[..abbr.len() - 1],
        _ => p.fund,
    }
}

/// [`Funding`] of the projects of `applied_by` (applications) and `granted_by` (grants), for
/// every year of `years`; programmes that are not EU money are left out.
pub fn funding_data(
    registry: &Registry,
    applied_by: &[&str],
    granted_by: &[&str],
    years: std::ops::RangeInclusive<i32>,
    lang: Lang,
) -> Funding {
    let years: Vec<i32> = years.collect();
    // Per programme id: amounts per year.
    let mut per: Vec<(&'static Programme, Vec<(f64, f64)>)> = Vec::new();
    let mut add = |id: &str, i: usize, granted: bool| {
        let Some(p) = registry.projects.iter().find(|p| p.id.value == id) else { return };
        let (Some(prog), Some(sek)) = (p.programme().filter(|g| g.eu), p.grant_sek()) else {
            return;
        };
        let at = match per.iter().position(|(g, _)| g.id == prog.id) {
            Some(at) => at,
            None => {
                per.push((prog, vec![(0.0, 0.0); years.len()]));
                per.len() - 1
            }
        };
        let cell = &mut per[at].1[i];
        if granted {
            cell.1 += sek;
        } else {
            cell.0 += sek;
        }
    };
    for (i, &year) in years.iter().enumerate() {
        for actor in applied_by {
            for id in registry.figure(Measure::Applications, actor, year).entries {
                add(&id, i, false);
            }
        }
        for actor in granted_by {
            for id in registry.figure(Measure::EuGrants, actor, year).entries {
                add(&id, i, true);
            }
        }
    }
    // The largest programmes at the bottom; the order of the programme list among equals.
    let total = |v: &[(f64, f64)]| v.iter().map(|(a, g)| a + g).sum::<f64>();
    let rank = |p: &Programme| PROGRAMMES.iter().position(|x| x.id == p.id);
    per.sort_by(|x, y| total(&y.1).total_cmp(&total(&x.1)).then(rank(x.0).cmp(&rank(y.0))));
    let named =
        if per.len() <= FUNDING_COLOURS.len() + 1 { per.len() } else { FUNDING_COLOURS.len() };
    let mut programmes: Vec<String> =
        per[..named].iter().map(|(p, _)| programme_short(p).to_string()).collect();
    let mut amounts: Vec<Vec<(f64, f64)>> = per[..named].iter().map(|(_, v)| v.clone()).collect();
    if per.len() > named {
        let mut rest = vec![(0.0, 0.0); years.len()];
        for (_, v) in &per[named..] {
            for (r, x) in rest.iter_mut().zip(v) {
                r.0 += x.0;
                r.1 += x.1;
            }
        }
        programmes.push(lang.pick("övriga program", "other programmes").into());
        amounts.push(rest);
    }
    Funding { years, programmes, amounts }
}

/// The styles a bar is drawn with, in order: filled, or a light tint of its colour inside a
/// border of it (so applied and granted differ in grey print too).
fn bar_styles(color: RGBColor, filled: bool, k: f64) -> Vec<ShapeStyle> {
    if filled {
        return vec![color.filled()];
    }
    let tint = |c: u8| 255 - ((255.0 - f64::from(c)) * 0.22).round() as u8;
    vec![
        RGBColor(tint(color.0), tint(color.1), tint(color.2)).filled(),
        color.stroke_width(upx(1.5, k)),
    ]
}

/// The funding chart: per year a hollow bar of what was applied for beside a filled bar of
/// what was granted, each stacked by programme in the legend's order.
struct FundingChart {
    title: String,
    unit: String,
    lang: Lang,
    funding: Funding,
}

/// The EU funding chart, or `None` when the registry has no EU money in the years.
pub fn funding(funding: Funding, lang: Lang, png: bool) -> Result<Option<Chart>, ChartError> {
    let any = funding.amounts.iter().flatten().any(|(a, g)| *a > 0.0 || *g > 0.0);
    if !any || funding.years.is_empty() {
        return Ok(None);
    }
    let chart = FundingChart {
        title: lang
            .pick(
                "EU-medel per program och år: sökt och beviljat",
                "EU funding per programme and year: applied and granted",
            )
            .into(),
        unit: lang.pick("miljoner kronor", "SEK million").into(),
        lang,
        funding,
    };
    render(&chart, png).map(Some)
}

impl FundingChart {
    fn colour(&self, i: usize) -> RGBColor {
        if i < FUNDING_COLOURS.len() { FUNDING_COLOURS[i] } else { GREY }
    }

    fn legend_entries(&self) -> Vec<(String, Glyph)> {
        let lang = self.lang;
        let mut entries = vec![
            (
                lang.pick("sökt (ansökningsår)", "applied (year applied)").into(),
                Glyph::Bar { color: BLACK, filled: false },
            ),
            (
                lang.pick("beviljat (beslutsår)", "granted (year decided)").into(),
                Glyph::Bar { color: BLACK, filled: true },
            ),
        ];
        for (i, name) in self.funding.programmes.iter().enumerate() {
            entries.push((printable(name), Glyph::Square(self.colour(i))));
        }
        entries
    }
}

impl Draw for FundingChart {
    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend<ErrorType: 'static>>(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: f64,
    ) -> Result<(), ChartError> {
        let f = &self.funding;
        let (first, last) = (f.years[0], f.years[f.years.len() - 1]);
        let (x0, x1) = (f64::from(first) - 0.5, f64::from(last) + 0.5);
        let million = 1_000_000.0;
        let highest = (0..f.years.len())
            .map(|i| {
                let a: f64 = f.amounts.iter().map(|v| v[i].0).sum();
                let g: f64 = f.amounts.iter().map(|v| v[i].1).sum();
                a.max(g) / million
            })
            .fold(0.0, f64::max);
        let y1 = if highest > 0.0 { highest * 1.1 } else { 1.0 };
        let entries = self.legend_entries();
        let frame = LineFrame {
            title: &self.title,
            unit: &self.unit,
            lang: self.lang,
            entries: &entries,
            x_mesh: false,
        };
        frame.draw(root, (x0, x1), (0.0, y1), k, |chart| {
            for (i, &year) in f.years.iter().enumerate() {
                let x = f64::from(year);
                // Applied to the left of the year's tick, granted to the right.
                for (left, right, granted) in
                    [(x - 0.42, x - 0.03, false), (x + 0.03, x + 0.42, true)]
                {
                    let mut base = 0.0;
                    for (p, v) in f.amounts.iter().enumerate() {
                        let amount = if granted { v[i].1 } else { v[i].0 } / million;
                        if amount <= 0.0 {
                            continue;
                        }
                        let corners = [(left, base), (right, base + amount)];
                        for style in bar_styles(self.colour(p), granted, k) {
                            chart
                                .draw_series(std::iter::once(Rectangle::new(corners, style)))
                                .map_err(err)?;
                        }
                        base += amount;
                    }
                }
            }
            Ok(())
        })
    }
}

/// A horizontal bar from 0 to `value` filling segment `y`, less `margin` (at scale 1) above
/// and below; drawn in order, so the output does not depend on a hash map's.
fn bar(
    value: f64,
    y: u32,
    color: RGBColor,
    margin: f64,
    k: f64,
) -> Rectangle<(f64, SegmentValue<u32>)> {
    let mut r = Rectangle::new(
        [(0.0, SegmentValue::Exact(y)), (value, SegmentValue::Exact(y + 1))],
        color.filled(),
    );
    r.set_margin(upx(margin, k), upx(margin, k), 0, 0);
    r
}

/// A time axis' tick label: the year at a year's start, nothing between (a short series gets
/// ticks at half years, which would otherwise repeat the year).
fn year_label(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-6 { format!("{}", x.round() as i64) } else { String::new() }
}

/// A time axis from the start of the first point's year to the end of the last's: points sit
/// at the middle of their period, so half a year of room on either side, not a margin that
/// grows with the year number.
fn time_bounds(xs: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) =
        xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let (lo, hi) = (lo.floor(), hi.ceil());
    if hi > lo { (lo, hi) } else { (lo, lo + 1.0) }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The small registry of `testdata/registry-funding.toml`.
    fn funding_registry() -> Registry {
        let mut diags = Vec::new();
        let mut registry = Registry::default();
        utblick_core::parse_registry(
            utblick_core::FileId(0),
            include_str!("../testdata/registry-funding.toml"),
            &mut diags,
            &mut registry,
        );
        assert!(diags.is_empty(), "{diags:?}");
        registry
    }

    #[test]
    fn funding_has_applied_and_granted_bars_per_programme_and_year() {
        let registry = funding_registry();
        let f = funding_data(&registry, &["a", "b"], &["a", "b"], 2021..=2022, Lang::Sv);
        assert_eq!(f.years, [2021, 2022]);
        // ESF+ (4 million in all) at the bottom, Interreg Europe (2.7 million) above; the
        // national project, the non-reporter's and the one not applied for are not there.
        assert_eq!(f.programmes, ["Socialfonden+ (ESF+)", "Interreg Europe"]);
        assert_eq!(
            f.amounts,
            [
                // Applied 2021, granted in 2022 (the year of the decision).
                vec![(2_000_000.0, 0.0), (0.0, 2_000_000.0)],
                // 100 000 EUR at 11 kronor: applied and granted in 2021; rejected in 2022.
                vec![(1_100_000.0, 1_100_000.0), (500_000.0, 0.0)],
            ]
        );
        // The granted bars add up to the EU-grants figures (thousand kronor).
        for (i, year) in f.years.iter().enumerate() {
            let granted: f64 = f.amounts.iter().map(|v| v[i].1).sum();
            let figure: f64 = ["a", "b"]
                .iter()
                .filter_map(|a| registry.figure(Measure::EuGrants, a, *year).value)
                .sum();
            assert_eq!(granted / 1000.0, figure, "{year}");
        }

        let chart = funding(f, Lang::Sv, true).unwrap().expect("a chart");
        let svg = &chart.svg;
        let doc = roxmltree::Document::parse(svg).unwrap();
        let texts: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        for label in [
            "EU-medel per program och år: sökt och beviljat",
            "miljoner kronor",
            "sökt (ansökningsår)",
            "beviljat (beslutsår)",
            "Socialfonden+ (ESF+)",
            "Interreg Europe",
            "2021",
            "2022",
        ] {
            assert!(texts.contains(&label), "{label} is not in the chart: {texts:?}");
        }
        // Applied bars are hollow: a tint with a border in the programme's colour (ESF+ in
        // blue); granted bars are filled with it.
        assert!(svg.contains("fill=\"#C7E0EE\""), "a light blue applied bar");
        assert!(svg.contains("stroke=\"#0072B2\""), "with a blue border");
        assert_eq!(
            svg.matches("fill=\"#0072B2\"").count(),
            2,
            "the granted ESF+ bar and its legend key"
        );
        let png = chart.png.expect("a PNG");
        assert!(png.starts_with(b"\x89PNG"), "PNG");

        let en = funding_data(&registry, &["a", "b"], &["a", "b"], 2021..=2022, Lang::En);
        let svg = funding(en, Lang::En, false).unwrap().unwrap().svg;
        assert!(svg.contains("applied (year applied)") && svg.contains("SEK million"));
    }

    #[test]
    fn no_funding_chart_without_eu_money_and_short_programme_names() {
        let registry = funding_registry();
        // Only c's project, and c is not asked for: nothing to draw.
        let f = funding_data(&registry, &["b"], &["b"], 2023..=2024, Lang::Sv);
        assert!(funding(f, Lang::Sv, false).unwrap().is_none());
        assert_eq!(programme_short(utblick_core::programme("cerv").unwrap()), "CERV");
        assert_eq!(
            programme_short(utblick_core::programme("eruf-ostra-mellansverige").unwrap()),
            "ERUF (regionalfonden)"
        );
    }

    #[test]
    fn the_time_axis_spans_the_years_of_its_points_and_labels_only_whole_years() {
        // Points at mid-year, 2010 to 2022, and a target in 2025.
        let xs = [2010.5, 2016.5, 2022.5, 2025.5];
        assert_eq!(time_bounds(xs.into_iter()), (2010.0, 2026.0));
        assert_eq!(time_bounds([2021.5].into_iter()), (2021.0, 2022.0));
        assert_eq!(time_bounds(std::iter::empty()), (0.0, 1.0));
        assert_eq!(year_label(&2020.0), "2020");
        assert_eq!(year_label(&2020.5), "");
    }
}
