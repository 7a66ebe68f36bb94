//! The spread of a feature over a batch: median, percentile band and a few members.

use ndarray::{ArrayView4, s};
use num_complex::Complex64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{Axis, Legend, Mark, draw_title, frame_with_legend, frequency_axis};
use super::rect::{feature_traces, parse_feature, quantity, y_range};
use super::ticks::AxisScale;
use super::{Draw, PixelArea, Theme, auto_range, err, figure_methods};
use crate::fit::Transform;
use crate::stats::quantile;
use crate::units::trimmed;
use crate::{Error, Frequency, Result};

/// The median and a percentile band of one feature over a batch, with a few members drawn
/// as thin lines.
///
/// Takes the batch's S-parameters as [`Batch::s`](crate::batch::Batch::s) returns them,
/// `(n, nfreq, N, N)`, and their frequency grid. At each frequency the median and the band's
/// percentiles are the sample quantiles of the members' values (linear between order
/// statistics, NumPy's default); non-finite values (a `-inf` dB) are left out.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
/// use pmrf::plot::BatchBand;
///
/// let freq = Frequency::linspace(0.1, 3.0, 51, FrequencyUnit::GHz)?;
/// let block = pmrf::ndarray::Array2::from_shape_fn((64, 2), |(i, j)| {
///     if j == 0 { 8e-9 + 4e-11 * i as f64 } else { 3e-12 + 1e-14 * i as f64 }
/// });
/// let lowpass = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12)));
/// let s = Batch::from_values(&lowpass, block)?.s(&freq)?;
/// let svg = BatchBand::new(&freq, s.view()).feature("s21_db").band(5.0, 95.0).to_svg()?;
/// assert!(svg.contains("median") && svg.contains("5–95 %"));
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct BatchBand<'a> {
    freq: &'a Frequency,
    s: ArrayView4<'a, Complex64>,
    feature: Option<String>,
    band: (f64, f64),
    members: usize,
    y_range: Option<(f64, f64)>,
    log_frequency: bool,
    theme: Theme,
}

impl<'a> BatchBand<'a> {
    /// The batch `s` (`(n, nfreq, N, N)`) over `freq`; the feature is `s21_db` (`s11_db` for a
    /// 1-port) unless set, the band 5-95 %, and 5 members are drawn.
    pub fn new(freq: &'a Frequency, s: ArrayView4<'a, Complex64>) -> Self {
        BatchBand {
            freq,
            s,
            feature: None,
            band: (5.0, 95.0),
            members: 5,
            y_range: None,
            log_frequency: false,
            theme: Theme::default(),
        }
    }

    /// The feature (`"s21_db"`, `"s11_deg"`...): one entry, one real view.
    pub fn feature(mut self, name: &str) -> Self {
        self.feature = Some(name.to_string());
        self
    }

    /// The band between the `lo`-th and `hi`-th percentiles (0 to 100).
    pub fn band(mut self, lo: f64, hi: f64) -> Self {
        self.band = (lo, hi);
        self
    }

    /// How many members to draw as thin lines (the first ones; 0 for none).
    pub fn members(mut self, n: usize) -> Self {
        self.members = n;
        self
    }

    /// Fixes the y axis to `[lo, hi]`, in the feature's unit (seconds for a group delay). A range that is not ascending and finite, whose width
    /// overflows, or narrower than 1e-12 of its values is an error when drawn.
    pub fn y_range(mut self, lo: f64, hi: f64) -> Self {
        self.y_range = Some((lo, hi));
        self
    }

    /// Draws the frequency axis logarithmically, ticked at decades. A grid that reaches 0 Hz
    /// is an error when drawn.
    pub fn log_frequency(mut self, log: bool) -> Self {
        self.log_frequency = log;
        self
    }

    figure_methods!();

    /// The median and band, per frequency point: `(lower, median, upper)` of the feature.
    ///
    /// # Errors
    /// As [`save`](Self::save).
    pub fn stats(&self) -> Result<(Vec<f64>, Vec<f64>, Vec<f64>)> {
        let (_, _, members) = self.member_values()?;
        let nf = self.freq.len();
        let (mut lo, mut mid, mut hi) = (vec![0.0; nf], vec![0.0; nf], vec![0.0; nf]);
        let mut column = Vec::with_capacity(members.len());
        for k in 0..nf {
            column.clear();
            column.extend(members.iter().map(|m| m[k]).filter(|v| v.is_finite()));
            column.sort_by(f64::total_cmp);
            lo[k] = quantile(&column, self.band.0 / 100.0);
            mid[k] = quantile(&column, 0.5);
            hi[k] = quantile(&column, self.band.1 / 100.0);
        }
        Ok((lo, mid, hi))
    }

    /// The entry label, transform and each member's values (group delays in seconds).
    fn member_values(&self) -> Result<(String, Transform, Vec<Vec<f64>>)> {
        let (n, nf, p, q) = self.s.dim();
        if n == 0 || nf == 0 || p == 0 {
            return Err(Error::Plot("the batch is empty: nothing to plot".into()));
        }
        if nf != self.freq.len() || p != q {
            return Err(Error::Shape(format!(
                "batch S has shape ({n}, {nf}, {p}, {q}), expected (n, {}, N, N)",
                self.freq.len()
            )));
        }
        let (b0, b1) = self.band;
        if !(0.0..=100.0).contains(&b0) || !(0.0..=100.0).contains(&b1) || b0 > b1 {
            return Err(Error::Plot(format!(
                "band [{b0}, {b1}] %: need 0 <= lo <= hi <= 100"
            )));
        }
        let name = match &self.feature {
            Some(f) => f.clone(),
            None if p == 1 => "s11_db".into(),
            None => "s21_db".into(),
        };
        let feature = parse_feature(&name)?;
        if !feature.is_single() {
            return Err(Error::Plot(format!(
                "feature `{name}` names every entry; a batch plot shows one (e.g. `s21_db`)"
            )));
        }
        let mut label = String::new();
        let mut transform = feature.transform();
        let mut members = Vec::with_capacity(n);
        for i in 0..n {
            let mut traces = feature_traces(feature, self.freq, self.s.slice(s![i, .., .., ..]))?;
            let t = traces.remove(0);
            label = t.entry;
            transform = t.transform;
            members.push(t.values);
        }
        Ok((label, transform, members))
    }
}

impl Draw for BatchBand<'_> {
    fn theme(&self) -> &Theme {
        &self.theme
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea> {
        let (entry, transform, members) = self.member_values()?;
        let (lo, mid, hi) = self.stats()?;
        let xs = self.freq.hz().to_vec();
        let x = frequency_axis(xs[0], xs[xs.len() - 1], self.log_frequency)?;
        let shown = self.members.min(members.len());
        let (y0, y1) = y_range(self.y_range, || {
            auto_range(
                (lo.iter())
                    .chain(hi.iter())
                    .chain(members[..shown].iter().flatten()),
            )
        })?;
        let (desc, unit) = quantity(transform, &entry);
        let y = Axis {
            lo: y0,
            hi: y1,
            scale: AxisScale::Linear,
            unit: unit.into(),
            desc,
        };

        let th = &self.theme;
        root.fill(&WHITE).map_err(err)?;
        let top = draw_title(root, th)?;
        let color = th.color(0);
        let thin = RGBColor(120, 120, 120);
        let (b0, b1) = self.band;
        let mut legend = Legend {
            entries: vec![(
                format!("{}–{} %", trimmed(b0, 3), trimmed(b1, 3)),
                Mark::Band(color),
            )],
        };
        if shown > 0 {
            let label = format!("members ({shown} of {})", members.len());
            legend.entries.push((label, Mark::Line(thin)));
        }
        legend.entries.push(("median".into(), Mark::Line(color)));
        let mut series: Vec<(&[f64], &[f64])> = vec![(&xs, &lo), (&xs, &mid), (&xs, &hi)];
        series.extend(members[..shown].iter().map(|m| (&xs[..], m.as_slice())));
        let (mut frame, place) = frame_with_legend(root, th, (x, y), top, true, &legend, &series)?;
        frame.draw_axes()?;

        // The band: the upper edge forward, the lower edge back, clamped to the y range.
        let clamp = |v: f64| v.clamp(y0, y1);
        let mut poly: Vec<(f64, f64)> = Vec::with_capacity(2 * xs.len());
        for k in 0..xs.len() {
            if hi[k].is_finite() && lo[k].is_finite() {
                poly.push(frame.point(xs[k], clamp(hi[k])));
            }
        }
        for k in (0..xs.len()).rev() {
            if hi[k].is_finite() && lo[k].is_finite() {
                poly.push(frame.point(xs[k], clamp(lo[k])));
            }
        }
        frame
            .chart
            .draw_series(std::iter::once(Polygon::new(
                poly,
                color.mix(0.25).filled(),
            )))
            .map_err(err)?;
        let thin_width = (th.scaled_line_width() / 2).max(1);
        for m in &members[..shown] {
            frame.line(&xs, m, thin.mix(0.8).stroke_width(thin_width))?;
        }
        frame.line(&xs, &mid, color.stroke_width(th.scaled_line_width()))?;
        frame.draw_legend(&legend, place)?;
        Ok(frame.pixel_area())
    }
}
