//! Status against target and the forecast: the arithmetic, on plain numbers.
//!
//! Time runs in years, each period placed at its midpoint ([`Period::midpoint_years`]), so
//! quarters and months fit the same formulas and a gap in a series is simply a longer step.

use utblick_core::{Direction, Period, StatusMethod, Thresholds};

/// Where an indicator stands against its target, in the categories of Open SDG's progress
/// measure: the target reached; moving toward it at least at the pace the plan calls on
/// track; moving toward it more slowly, or not moving; moving away from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// The target is reached.
    Achieved,
    /// Toward the target at least at the on-track pace.
    OnTrack,
    /// Toward the target, below the on-track pace, or no change.
    LimitedProgress,
    /// Away from the target since the baseline.
    Deterioration,
    /// Values, but too few complete ones to judge by.
    TooLittleData,
    /// No value at all.
    NoData,
}

impl Status {
    /// Every status, from the best to no data.
    pub const ALL: [Status; 6] = [
        Status::Achieved,
        Status::OnTrack,
        Status::LimitedProgress,
        Status::Deterioration,
        Status::TooLittleData,
        Status::NoData,
    ];

    /// The status's stable code, as the CSV and JSON outputs write it.
    pub fn code(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on-track",
            Status::LimitedProgress => "limited-progress",
            Status::Deterioration => "deterioration",
            Status::TooLittleData => "too-little-data",
            Status::NoData => "no-data",
        }
    }
}

/// A dated value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dated {
    /// The period.
    pub period: Period,
    /// The value for it.
    pub value: f64,
}

impl Dated {
    /// A value for a period.
    pub fn new(period: Period, value: f64) -> Dated {
        Dated { period, value }
    }

    fn t(self) -> f64 {
        self.period.midpoint_years()
    }
}

/// The verdict with the numbers behind it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Assessment {
    /// The verdict.
    pub status: Status,
    /// The latest value the verdict is about.
    pub latest: Option<Dated>,
    /// Where the straight path (or the required growth) would be at the latest period.
    pub expected: Option<f64>,
    /// Achieved change over expected change (linear), or observed over required growth rate.
    pub ratio: Option<f64>,
}

impl Assessment {
    pub(crate) fn only(status: Status, latest: Option<Dated>) -> Assessment {
        Assessment { status, latest, expected: None, ratio: None }
    }
}

/// Which way a value went, judged by the indicator's direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeDirection {
    /// The way the indicator should go.
    Better,
    /// Against it.
    Worse,
    /// Within half a per cent of where it was.
    Same,
}

/// A change from one dated value to a later one, and which way it went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    /// The earlier value.
    pub from: Dated,
    /// The later value.
    pub to: Dated,
    /// Which way it went.
    pub direction: ChangeDirection,
}

/// How `to` compares with `from` for an indicator that should go `direction`: better or worse
/// by the sign of the change (for a band: by the distance to it), the same within half a per
/// cent of the values' size. Whatever the sign of the values: −151 is worse than −77 for a
/// net migration that should increase.
pub fn change(direction: Direction, from: Dated, to: Dated) -> Change {
    let size = from.value.abs().max(to.value.abs());
    let delta = to.value - from.value;
    let better = match direction {
        Direction::Increase => delta,
        Direction::Decrease => -delta,
        Direction::Band { low, high } => {
            let off = |x: f64| {
                if x < low {
                    low - x
                } else if x > high {
                    x - high
                } else {
                    0.0
                }
            };
            off(from.value) - off(to.value)
        }
    };
    let direction = if better.abs() <= 0.005 * size || better == 0.0 {
        ChangeDirection::Same
    } else if better > 0.0 {
        ChangeDirection::Better
    } else {
        ChangeDirection::Worse
    };
    Change { from, to, direction }
}

/// Whether `value` has reached `target` in the indicator's direction.
pub fn reached(direction: Direction, value: f64, target: f64) -> bool {
    match direction {
        Direction::Increase => value >= target,
        Direction::Decrease => value <= target,
        Direction::Band { low, high } => (low..=high).contains(&value),
    }
}

/// Assesses `latest` against the path from `baseline` to `target`.
///
/// - no value: no data; a latest value not after the baseline: too little data;
/// - the target reached in the indicator's direction: achieved;
/// - moved away from the target since the baseline ([`change`] says worse): deterioration;
/// - otherwise the ratio (linear: achieved change / expected change at the latest period;
///   growth rate: observed compound annual growth / required): on track from the plan's
///   `on_track` threshold, limited progress below it.
pub fn assess(
    method: StatusMethod,
    thresholds: Thresholds,
    direction: Direction,
    baseline: Dated,
    target: Dated,
    latest: Option<Dated>,
) -> Assessment {
    let Some(latest) = latest else { return Assessment::only(Status::NoData, None) };
    if latest.period <= baseline.period {
        return Assessment::only(Status::TooLittleData, Some(latest));
    }
    if reached(direction, latest.value, target.value) {
        return Assessment {
            status: Status::Achieved,
            latest: Some(latest),
            expected: None,
            ratio: None,
        };
    }
    let span = target.t() - baseline.t();
    let elapsed = latest.t() - baseline.t();
    let away = change(direction, baseline, latest).direction == ChangeDirection::Worse;
    let ratio_of = |ratio: f64| {
        if away {
            Status::Deterioration
        } else if ratio >= thresholds.on_track {
            Status::OnTrack
        } else {
            Status::LimitedProgress
        }
    };
    if let Direction::Band { .. } = direction {
        // Outside the band: no path to be on; toward it or away from it.
        return Assessment {
            status: ratio_of(f64::NEG_INFINITY),
            latest: Some(latest),
            expected: None,
            ratio: None,
        };
    }
    let growth = method == StatusMethod::GrowthRate
        && baseline.value > 0.0
        && target.value > 0.0
        && latest.value > 0.0
        && span > 0.0;
    if growth {
        let required = (target.value / baseline.value).powf(1.0 / span) - 1.0;
        let observed = (latest.value / baseline.value).powf(1.0 / elapsed) - 1.0;
        let expected = baseline.value * (1.0 + required).powf(elapsed);
        // The target was already met at the baseline but is no longer: off track.
        let ratio = if required == 0.0 { f64::NEG_INFINITY } else { observed / required };
        return Assessment {
            status: ratio_of(ratio),
            latest: Some(latest),
            expected: Some(expected),
            ratio: Some(ratio),
        };
    }
    let expected_change = (target.value - baseline.value) * (elapsed / span).min(1.0);
    let expected = baseline.value + expected_change;
    let achieved_change = latest.value - baseline.value;
    let ratio = if expected_change == 0.0 {
        // A target at the baseline's level that is no longer met.
        f64::NEG_INFINITY
    } else {
        achieved_change / expected_change
    };
    Assessment {
        status: ratio_of(ratio),
        latest: Some(latest),
        expected: Some(expected),
        ratio: Some(ratio),
    }
}

/// A straight-line trend carried to the target period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Forecast {
    /// Change per year.
    pub slope: f64,
    /// The line's value at the target period, kept within the indicator's valid range.
    pub at_target: f64,
    /// The line left the valid range before the target period: `at_target` is its bound.
    pub clamped: bool,
    /// How many points the line was fitted to (3 to 5).
    pub points: usize,
    /// Whether the line reaches the target by the target period.
    pub reaches: bool,
    /// How far the forecast stays from the target (0 when it reaches it).
    pub gap: f64,
}

/// Why no forecast is given where one was asked for ("osäker prognos").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Withheld {
    /// Fewer than three complete points, or all at one time.
    TooFewPoints,
    /// The line explains less than half of the points' variation (R² < 0.5).
    PoorFit,
    /// A period the indicator's cadence expects is missing among the points.
    CadenceGap,
    /// Quarters or months: a straight line through seasons says nothing.
    Seasonal,
    /// The target period lies further beyond the latest point than the points span.
    TooFarAhead,
}

impl Withheld {
    /// The reason's stable code.
    pub fn code(self) -> &'static str {
        match self {
            Withheld::TooFewPoints => "too-few-points",
            Withheld::PoorFit => "poor-fit",
            Withheld::CadenceGap => "cadence-gap",
            Withheld::Seasonal => "seasonal",
            Withheld::TooFarAhead => "too-far-ahead",
        }
    }
}

/// The smallest share of the variation the line must explain (R²) for a forecast.
pub const MIN_FIT: f64 = 0.5;

/// Least squares over the last five points (at least three), carried to `target`'s period
/// and kept within `range` (`min`, `max`). Withheld with too few points, a target further
/// ahead of the latest point than the points span (a line fitted on four years says little
/// about the eight after them), or a poor fit (R² below [`MIN_FIT`] where the points vary by
/// more than half a per cent of their size).
pub fn forecast(
    direction: Direction,
    range: (Option<f64>, Option<f64>),
    points: &[Dated],
    target: Dated,
) -> Result<Forecast, Withheld> {
    let last: Vec<Dated> = points.iter().rev().take(5).rev().copied().collect();
    if last.len() < 3 {
        return Err(Withheld::TooFewPoints);
    }
    let n = last.len() as f64;
    let mean_t = last.iter().map(|p| p.t()).sum::<f64>() / n;
    let mean_v = last.iter().map(|p| p.value).sum::<f64>() / n;
    let sxx: f64 = last.iter().map(|p| (p.t() - mean_t).powi(2)).sum();
    if sxx == 0.0 {
        return Err(Withheld::TooFewPoints);
    }
    let (first_t, last_t) = (last[0].t(), last[last.len() - 1].t());
    if target.t() - last_t > last_t - first_t + 1e-9 {
        return Err(Withheld::TooFarAhead);
    }
    let sxy: f64 = last.iter().map(|p| (p.t() - mean_t) * (p.value - mean_v)).sum();
    let slope = sxy / sxx;
    let syy: f64 = last.iter().map(|p| (p.value - mean_v).powi(2)).sum();
    let size = last.iter().map(|p| p.value.abs()).fold(0.0, f64::max);
    let spread = last.iter().map(|p| p.value).fold(f64::NEG_INFINITY, f64::max)
        - last.iter().map(|p| p.value).fold(f64::INFINITY, f64::min);
    // A flat series is a fine forecast whatever its R²: it stays where it is.
    if spread > 0.005 * size && syy > 0.0 {
        let r2 = sxy * sxy / (sxx * syy);
        if r2 < MIN_FIT {
            return Err(Withheld::PoorFit);
        }
    }
    let line = mean_v + slope * (target.t() - mean_t);
    let at_target =
        line.max(range.0.unwrap_or(f64::NEG_INFINITY)).min(range.1.unwrap_or(f64::INFINITY));
    let clamped = at_target != line;
    let reaches = reached(direction, at_target, target.value);
    let gap = if reaches {
        0.0
    } else {
        match direction {
            Direction::Band { low, high } => {
                if at_target < low {
                    low - at_target
                } else {
                    at_target - high
                }
            }
            _ => (target.value - at_target).abs(),
        }
    };
    Ok(Forecast { slope, at_target, clamped, points: last.len(), reaches, gap })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_judged_by_the_direction_whatever_the_sign() {
        let d = |y: i32, v: f64| Dated::new(Period::Year(y), v);
        let dir = |direction, a, b| change(direction, d(2019, a), d(2022, b)).direction;
        // Karlskoga's domestic net migration, and Ljusnarsberg's population change: both
        // should increase, both went further below zero.
        assert_eq!(dir(Direction::Increase, -77.0, -151.0), ChangeDirection::Worse);
        assert_eq!(dir(Direction::Increase, -1.55, -1.89), ChangeDirection::Worse);
        assert_eq!(dir(Direction::Increase, -61.0, -56.0), ChangeDirection::Better);
        assert_eq!(dir(Direction::Decrease, 3.89, 3.81), ChangeDirection::Better);
        assert_eq!(dir(Direction::Increase, 100.0, 100.4), ChangeDirection::Same);
        assert_eq!(dir(Direction::Increase, 0.0, 0.0), ChangeDirection::Same);
        let band = Direction::Band { low: 1.0, high: 3.0 };
        assert_eq!(dir(band, 5.0, 4.0), ChangeDirection::Better);
        assert_eq!(dir(band, 2.0, 2.9), ChangeDirection::Same);
        assert_eq!(dir(band, 2.0, 0.5), ChangeDirection::Worse);
    }

    /// How good a status is: lower is better (no data says nothing).
    fn rank(s: Status) -> u8 {
        match s {
            Status::Achieved => 0,
            Status::OnTrack => 1,
            Status::LimitedProgress => 2,
            Status::Deterioration => 3,
            Status::TooLittleData | Status::NoData => 4,
        }
    }

    proptest::proptest! {
        /// For any baseline, of any sign, and any target in the indicator's direction, moving in
        /// the indicator's direction never gives a worse status than moving against it, by
        /// either method; and its change is never called worse.
        #[test]
        fn moving_the_right_way_is_never_judged_worse(
            base in -1000.0f64..1000.0,
            gap in 0.1f64..500.0,
            step in 0.0f64..600.0,
            years in 1i32..10,
            increase in proptest::bool::ANY,
            growth in proptest::bool::ANY,
        ) {
            let (direction, sign) =
                if increase { (Direction::Increase, 1.0) } else { (Direction::Decrease, -1.0) };
            let method = if growth { StatusMethod::GrowthRate } else { StatusMethod::Linear };
            let b = Dated::new(Period::Year(2020), base);
            let g = Dated::new(Period::Year(2030), base + sign * gap);
            let at = |v: f64| Some(Dated::new(Period::Year(2020 + years), v));
            let th = Thresholds::default();
            let right = assess(method, th, direction, b, g, at(base + sign * step));
            let wrong = assess(method, th, direction, b, g, at(base - sign * step));
            proptest::prop_assert!(
                rank(right.status) <= rank(wrong.status),
                "{right:?} vs {wrong:?}"
            );
            let ch = change(direction, b, Dated::new(Period::Year(2020 + years), base + sign * step));
            proptest::prop_assert_ne!(ch.direction, ChangeDirection::Worse);
        }
    }

    const ANY: (Option<f64>, Option<f64>) = (None, None);

    fn d(p: &str, v: f64) -> Dated {
        Dated::new(p.parse().unwrap(), v)
    }

    fn linear(
        direction: Direction,
        baseline: Dated,
        target: Dated,
        latest: Option<Dated>,
    ) -> Assessment {
        assess(StatusMethod::Linear, Thresholds::default(), direction, baseline, target, latest)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn linear_status_by_hand() {
        let (b, g) = (d("2020", 70.0), d("2030", 80.0));
        // 2023 is 3/10 of the way: expected 73. 72.9 gives ratio 2.9/3 = 0.9667: on track.
        let a = linear(Direction::Increase, b, g, Some(d("2023", 72.9)));
        assert_eq!(a.status, Status::OnTrack);
        assert!(close(a.expected.unwrap(), 73.0) && close(a.ratio.unwrap(), 2.9 / 3.0));
        // 72.8: ratio 0.9333, below 0.95; 70.1: ratio 0.0333; both toward the target, too
        // slowly: limited progress. So is standing still (70.2 is within half a per cent).
        for v in [72.8, 70.1, 70.2] {
            assert_eq!(
                linear(Direction::Increase, b, g, Some(d("2023", v))).status,
                Status::LimitedProgress,
                "{v}"
            );
        }
        // A fall, away from the target: deterioration.
        assert_eq!(
            linear(Direction::Increase, b, g, Some(d("2023", 69.0))).status,
            Status::Deterioration
        );
        assert_eq!(
            linear(Direction::Increase, b, g, Some(d("2024", 80.0))).status,
            Status::Achieved
        );
    }

    #[test]
    fn decreasing_indicator() {
        // Unemployment from 6.0 (2022) to 5.0 (2025): in 2023 expected 5.6667.
        let (b, g) = (d("2022", 6.0), d("2025", 5.0));
        let a = linear(Direction::Decrease, b, g, Some(d("2023", 5.7)));
        // Achieved -0.3 of expected -0.3333: ratio 0.9, below 0.95: limited progress.
        assert_eq!(a.status, Status::LimitedProgress);
        assert!(close(a.ratio.unwrap(), 0.9));
        assert_eq!(
            linear(Direction::Decrease, b, g, Some(d("2023", 4.9))).status,
            Status::Achieved
        );
        assert_eq!(
            linear(Direction::Decrease, b, g, Some(d("2023", 6.3))).status,
            Status::Deterioration
        );
    }

    #[test]
    fn target_met_at_baseline() {
        let (b, g) = (d("2022", 90.0), d("2025", 85.0));
        // Still above the target: achieved.
        assert_eq!(
            linear(Direction::Increase, b, g, Some(d("2023", 88.0))).status,
            Status::Achieved
        );
        // Same level as baseline, as the target: a fall below it is a deterioration.
        let (b, g) = (d("2022", 85.0), d("2025", 85.0));
        assert_eq!(
            linear(Direction::Increase, b, g, Some(d("2023", 84.0))).status,
            Status::Deterioration
        );
    }

    #[test]
    fn zero_baseline() {
        // From 0 to 20 network meetings: in 2024 (2/3 of the way) 10 is ratio 0.75.
        let a = linear(Direction::Increase, d("2022", 0.0), d("2025", 20.0), Some(d("2024", 10.0)));
        assert_eq!(a.status, Status::LimitedProgress);
        assert!(close(a.ratio.unwrap(), 0.75));
        // The growth-rate method cannot start from zero; it falls back to the straight path.
        let g = assess(
            StatusMethod::GrowthRate,
            Thresholds::default(),
            Direction::Increase,
            d("2022", 0.0),
            d("2025", 20.0),
            Some(d("2024", 10.0)),
        );
        assert_eq!(g, a);
    }

    #[test]
    fn single_point_and_no_point() {
        let (b, g) = (d("2022", 10.0), d("2025", 20.0));
        assert_eq!(linear(Direction::Increase, b, g, None).status, Status::NoData);
        assert_eq!(
            linear(Direction::Increase, b, g, Some(d("2022", 10.0))).status,
            Status::TooLittleData
        );
        assert_eq!(
            forecast(Direction::Increase, ANY, &[d("2022", 10.0)], g),
            Err(Withheld::TooFewPoints)
        );
    }

    #[test]
    fn growth_rate_method() {
        // 100 to 121 over two years requires 10 % a year; observed 5 % in one year: ratio 0.5.
        let a = assess(
            StatusMethod::GrowthRate,
            Thresholds::default(),
            Direction::Increase,
            d("2020", 100.0),
            d("2022", 121.0),
            Some(d("2021", 105.0)),
        );
        assert!(close(a.ratio.unwrap(), 0.5));
        assert!(close(a.expected.unwrap(), 110.0));
        assert_eq!(a.status, Status::LimitedProgress);
        // Thresholds from the plan.
        let lenient = Thresholds { on_track: 0.5 };
        let a = assess(
            StatusMethod::GrowthRate,
            lenient,
            Direction::Increase,
            d("2020", 100.0),
            d("2022", 121.0),
            Some(d("2021", 105.0)),
        );
        assert_eq!(a.status, Status::OnTrack);
    }

    #[test]
    fn band_indicator() {
        let band = Direction::Band { low: 1.0, high: 3.0 };
        let (b, g) = (d("2022M12", 10.2), d("2024M12", 2.0));
        assert_eq!(linear(band, b, g, Some(d("2023M06", 2.5))).status, Status::Achieved);
        // Outside the band: toward it, or away from it.
        assert_eq!(linear(band, b, g, Some(d("2023M06", 6.0))).status, Status::LimitedProgress);
        assert_eq!(linear(band, b, g, Some(d("2023M06", 11.0))).status, Status::Deterioration);
    }

    #[test]
    fn forecast_by_hand() {
        // 10, 12, 14 in 2020–2022: +2 a year; 2024 gives 18.
        let pts = [d("2020", 10.0), d("2021", 12.0), d("2022", 14.0)];
        let f = forecast(Direction::Increase, ANY, &pts, d("2024", 17.0)).unwrap();
        assert!(close(f.slope, 2.0) && close(f.at_target, 18.0));
        assert!(f.reaches && f.gap == 0.0 && f.points == 3);
        let f = forecast(Direction::Increase, ANY, &pts, d("2024", 25.0)).unwrap();
        assert!(!f.reaches && close(f.gap, 7.0));
        // Two years of data say nothing about 2025, three years on.
        assert_eq!(
            forecast(Direction::Increase, ANY, &pts, d("2025", 19.0)),
            Err(Withheld::TooFarAhead)
        );
        // Only the last five points count: an old outlier is ignored.
        let pts = [
            d("2015", 1000.0),
            d("2018", 10.0),
            d("2019", 10.0),
            d("2020", 10.0),
            d("2021", 10.0),
            d("2022", 10.0),
        ];
        let f = forecast(Direction::Decrease, ANY, &pts, d("2025", 8.0)).unwrap();
        assert!(
            close(f.slope, 0.0) && close(f.at_target, 10.0) && close(f.gap, 2.0) && f.points == 5
        );
    }

    #[test]
    fn forecast_over_a_gap() {
        // 2019 and 2021 missing: the fit uses the years as they are. Points on y = 2t - 4020.
        let pts = [d("2018", 16.0), d("2020", 20.0), d("2022", 24.0)];
        let f = forecast(Direction::Increase, ANY, &pts, d("2026", 32.0)).unwrap();
        assert!(close(f.slope, 2.0) && close(f.at_target, 32.0) && f.reaches);
    }

    #[test]
    fn forecast_within_the_valid_range_and_only_on_a_fit() {
        // Employment rising 3 points a year from 80 %: the line passes 100 % before 2030.
        let pts =
            [d("2019", 80.0), d("2020", 83.0), d("2021", 86.0), d("2022", 89.0), d("2023", 92.0)];
        let f =
            forecast(Direction::Increase, (Some(0.0), Some(100.0)), &pts, d("2027", 90.0)).unwrap();
        assert!(f.clamped && f.at_target == 100.0 && f.reaches);
        let pts = &pts[2..];
        let f =
            forecast(Direction::Increase, (Some(0.0), Some(100.0)), pts, d("2024", 99.0)).unwrap();
        assert!(!f.clamped && close(f.at_target, 95.0) && close(f.gap, 4.0));
        // Up and down with no trend: R² 0.04, withheld.
        let zigzag =
            [d("2019", 10.0), d("2020", 14.0), d("2021", 9.0), d("2022", 15.0), d("2023", 9.5)];
        assert_eq!(
            forecast(Direction::Increase, ANY, &zigzag, d("2026", 20.0)),
            Err(Withheld::PoorFit)
        );
        // Flat within half a per cent: the forecast is the level, whatever the R².
        let flat = [d("2021", 100.0), d("2022", 100.2), d("2023", 100.0)];
        let f = forecast(Direction::Increase, ANY, &flat, d("2025", 120.0)).unwrap();
        assert!(!f.reaches && (f.at_target - 100.0).abs() < 1.0);
    }
}
