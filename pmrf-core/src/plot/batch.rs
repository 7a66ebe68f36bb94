//! The spread of a feature over a batch: median, percentile band and a few members.

use ndarray::{ArrayView4, s};
use num_complex::Complex64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::rect::{
    axis_label, clip_run, draw_legend, draw_mesh, feature_traces, finite_runs, frequency_chart,
    parse_feature, widen, y_range,
};
use super::{Draw, PixelArea, Theme, auto_range, err, figure_methods};
use crate::fit::Transform;
use crate::stats::quantile;
use crate::units::{engineering, trimmed};
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

    /// Fixes the y axis to `[lo, hi]`. A range that is not ascending and finite, whose width
    /// overflows, or narrower than 1e-12 of its values is an error when drawn.
    pub fn y_range(mut self, lo: f64, hi: f64) -> Self {
        self.y_range = Some((lo, hi));
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

    /// The entry label, transform and each member's values (scaled for display).
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
        let (entry, transform, mut members) = self.member_values()?;
        let (mut lo, mut mid, mut hi) = self.stats()?;
        let mut unit = String::new();
        if transform == Transform::GroupDelay {
            let max = mid
                .iter()
                .filter(|v| v.is_finite())
                .fold(0.0f64, |a, v| a.max(v.abs()));
            let (scale, u) = engineering(max, "s");
            unit = u;
            for v in (lo.iter_mut()).chain(mid.iter_mut()).chain(hi.iter_mut()) {
                *v *= scale;
            }
            members.iter_mut().flatten().for_each(|v| *v *= scale);
        }
        let funit = self.freq.unit();
        let xs = self.freq.scaled();
        let (x0, x1) = widen(xs[0], xs[xs.len() - 1]);
        let shown = self.members.min(members.len());
        let (y0, y1) = y_range(self.y_range, || {
            auto_range(
                (lo.iter())
                    .chain(hi.iter())
                    .chain(members[..shown].iter().flatten()),
            )
        })?;

        let th = &self.theme;
        let mut chart = frequency_chart(root, th, (x0, x1), (y0, y1))?;
        draw_mesh(
            &mut chart,
            th,
            &format!("Frequency ({})", funit.symbol()),
            &format!("{entry} {}", axis_label(transform, &unit)),
        )?;

        let color = th.color(0);
        // The band: the upper edge forward, the lower edge back, clamped to the y range.
        let clamp = |v: f64| v.clamp(y0, y1);
        let mut poly: Vec<(f64, f64)> = Vec::with_capacity(2 * xs.len());
        for k in 0..xs.len() {
            if hi[k].is_finite() && lo[k].is_finite() {
                poly.push((xs[k], clamp(hi[k])));
            }
        }
        for k in (0..xs.len()).rev() {
            if hi[k].is_finite() && lo[k].is_finite() {
                poly.push((xs[k], clamp(lo[k])));
            }
        }
        let (b0, b1) = self.band;
        chart
            .draw_series(std::iter::once(Polygon::new(
                poly,
                color.mix(0.25).filled(),
            )))
            .map_err(err)?
            .label(format!("{}–{} %", trimmed(b0, 3), trimmed(b1, 3)))
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 18, y + 5)], color.mix(0.25).filled())
            });

        let thin = RGBColor(120, 120, 120);
        for (i, m) in members[..shown].iter().enumerate() {
            let mut first = i == 0;
            for run in finite_runs(&xs, m) {
                for part in clip_run(&run, (y0, y1)) {
                    let series = chart
                        .draw_series(LineSeries::new(part, thin.mix(0.8).stroke_width(1)))
                        .map_err(err)?;
                    if first {
                        series
                            .label(format!("members ({shown} of {})", members.len()))
                            .legend(move |(x, y)| {
                                Rectangle::new([(x, y - 1), (x + 18, y + 1)], thin.filled())
                            });
                        first = false;
                    }
                }
            }
        }
        let mut first = true;
        for run in finite_runs(&xs, &mid) {
            for part in clip_run(&run, (y0, y1)) {
                let series = chart
                    .draw_series(LineSeries::new(part, color.stroke_width(th.line_width)))
                    .map_err(err)?;
                if first {
                    series.label("median").legend(move |(x, y)| {
                        Rectangle::new([(x, y - 3), (x + 18, y + 3)], color.filled())
                    });
                    first = false;
                }
            }
        }
        draw_legend(&mut chart, th)?;
        let (x, y) = chart.plotting_area().get_pixel_range();
        Ok(PixelArea { x, y })
    }
}
