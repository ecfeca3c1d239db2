//! utblick-report: the follow-up report — status against target, charts and the board
//! document.
//!
//! Data in, bytes out: the plan, the catalogue, the actors, the stored values and the report
//! date go in; HTML, Markdown, CSV, Parquet, SVG and PNG come out as named byte buffers. It
//! reads no files and no clock. What it shows is computed by `utblick-analysis`; this crate
//! only renders.

#![warn(missing_docs)]

mod charts;
mod output;
mod plan_doc;
mod text;

pub use charts::{Chart, ChartError};
pub use output::{
    AreaSummary, Awaiting, InMemory, OutputFile, PdfPage, Report, ReportError, ReportInput,
    SITE_FROM, Sink, build, direction_word,
};
pub use plan_doc::render_plan;
pub use text::{csv_text, status_symbol, status_word};
