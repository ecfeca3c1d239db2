//! utblick-analysis: from the stored values to what the board is told — per plan target the
//! county's series, each actor's and each reference's, the breakdown cells, statuses,
//! forecasts and completeness.
//!
//! Values in, numbers out: no files, no clock, no rendering. The report renders what this
//! crate computes; `missing` and `plan new` use it without the charts.

#![warn(missing_docs)]

mod analysis;
mod frames;
mod status;

pub use analysis::{
    AnalysisError, BreakdownSeries, Completeness, IndicatorAnalysis, RegionPoint, Values, analyse,
    analyse_values, breakdown_label, derive, series_needed, target_title,
};
pub use status::{
    Assessment, Change, ChangeDirection, Dated, Forecast, MIN_FIT, Status, Withheld, assess,
    change, forecast, reached,
};
