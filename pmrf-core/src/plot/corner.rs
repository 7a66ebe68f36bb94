//! The corner plot of posterior samples: marginal histograms and pairwise scatter, every axis
//! in its coordinate's unit.

use ndarray::{ArrayView1, ArrayView2, aview1};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ticks::{self, AxisScale, Tick};
use super::{Draw, FONT, PixelArea, Theme, auto_range, axis_range, err, figure_methods};
use crate::infer::Samples;
use crate::params::Model;
use crate::stats::weighted_quantiles;
use crate::units::engineering;
use crate::{Error, Result};

/// The probabilities of the quantiles marked on each histogram: the median and the central
/// 68 % interval (one standard deviation of a normal), as the `corner` Python package does.
const PROBS: [f64; 3] = [0.16, 0.5, 0.84];

/// The colour of the dashed quantile marks.
const MARK: RGBColor = RGBColor(68, 68, 68);

/// A corner plot of (weighted) samples: the 1-D marginal histogram of each coordinate on the
/// diagonal, the 2-D scatter of each pair below it, the upper triangle left empty.
///
/// The samples are `(n, dim)`, one draw a row; `log_weights` (length `n`), if given, weight
/// the draws (nested sampling) by `exp(log_weight)`, normalised. A histogram shows each bin's
/// share of the total weight (bins span the coordinate's range), its median and 16 / 84 %
/// quantiles as dashed lines, and above it a title in the style of the `corner` Python
/// package, `c1 = 2.20 (+0.05 −0.04) pF` (the median and the distances to the quantiles). A
/// scatter draws each draw as a small translucent dot whose opacity grows with its weight
/// (draws of zero weight are left out).
///
/// Each axis is in its coordinate's unit with an engineering prefix chosen from its values
/// (`nH`, `pF`, `Ω` for `"ohm"`, `GHz`; no prefix for `dB`, degrees and `%`), named in the
/// axis title, `c1 (pF)`, so that the tick labels are plain numbers. A dimensionless
/// coordinate is shown as it is, unless its values lie outside `[0.01, 10000)`: then its
/// title carries the factor, `sigma (×1e-3)`. Ticks are thinned until their measured labels
/// do not touch; font sizes follow the size of the panels.
///
/// ```
/// use pmrf::plot::Corner;
///
/// let names = ["L".to_string(), "C".to_string()];
/// let units = ["H".to_string(), "F".to_string()];
/// let draws = pmrf::ndarray::Array2::from_shape_fn((100, 2), |(i, j)| {
///     let t = (i as f64 * 0.618).fract();
///     if j == 0 { 10e-9 * (1.0 + 0.1 * t) } else { 4e-12 * (1.0 + 0.05 * t * t) }
/// });
/// let corner = Corner::new(&names, &units, draws.view(), None)
///     .bins(20)
///     .truths(&[10.5e-9, 4.05e-12]);
/// let svg = corner.to_svg()?;
/// assert!(svg.contains("L (nH)") && svg.contains("C (pF)"));
/// corner.to_layout()?.check()?; // no label overlaps another or is cut
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Corner<'a> {
    names: Vec<String>,
    units: Vec<String>,
    samples: ArrayView2<'a, f64>,
    log_weights: Option<ArrayView1<'a, f64>>,
    truths: Vec<f64>,
    bins: usize,
    point_size: u32,
    alpha: f64,
    max_points: usize,
    theme: Theme,
}

/// The checked data of a corner plot and how its values are shown.
struct Prepared {
    /// Per coordinate: its axis title, `c1 (pF)`.
    labels: Vec<String>,
    /// Per coordinate: the factor from its values to the shown numbers.
    scales: Vec<f64>,
    /// Per coordinate: the unit after shown numbers (`pF`, `×1e-3`, or empty).
    units: Vec<String>,
    /// Normalised weights (sum 1), one per draw.
    weights: Vec<f64>,
}

impl<'a> Corner<'a> {
    /// The corner plot of `samples` (`(n, dim)`) with the coordinates' `names` and `units`
    /// (SI symbols such as `"F"` or `"ohm"`; an empty slice for none, or one per coordinate,
    /// `""` or `"1"` for a dimensionless one) and optional `log_weights` of the draws. 30 bins,
    /// dots of radius 2 at opacity 0.3, at most 5000 dots a panel, no truths. Bad shapes are
    /// reported when drawing.
    pub fn new<S: AsRef<str>, U: AsRef<str>>(
        names: &[S],
        units: &[U],
        samples: ArrayView2<'a, f64>,
        log_weights: Option<ArrayView1<'a, f64>>,
    ) -> Self {
        let dim = samples.ncols() as u32;
        let side = (220 * dim + 140).clamp(500, 2400);
        Corner {
            names: names.iter().map(|s| s.as_ref().to_string()).collect(),
            units: units.iter().map(|s| s.as_ref().to_string()).collect(),
            samples,
            log_weights,
            truths: Vec::new(),
            bins: 30,
            point_size: 2,
            alpha: 0.3,
            max_points: 5000,
            theme: Theme {
                size: (side, side),
                ..Theme::default()
            },
        }
    }

    /// The corner plot of posterior [`Samples`]: their names, values, log-weights and units
    /// (the parameters' declared units; `sigma` and the discrepancy's amplitude have none).
    pub fn of_samples<M: Model<Scalar = f64>>(samples: &'a Samples<M>) -> Self {
        Corner::new(
            samples.names(),
            samples.units(),
            samples.values().view(),
            samples.log_weights().map(|w| w.view()),
        )
    }

    /// The number of histogram bins (at least 1).
    pub fn bins(mut self, bins: usize) -> Self {
        self.bins = bins.max(1);
        self
    }

    /// The true values of the coordinates (in the samples' units, one per coordinate; NaN
    /// for a coordinate without one), drawn as lines across its panels. A wrong count or an
    /// infinite value is an [`Error::Plot`] when drawing.
    pub fn truths(mut self, values: &[f64]) -> Self {
        self.truths = values.to_vec();
        self
    }

    /// The radius of the scatter dots in pixels and their opacity (0 to 1) at the largest
    /// weight.
    pub fn points(mut self, radius: u32, alpha: f64) -> Self {
        self.point_size = radius.max(1);
        self.alpha = if alpha.is_finite() {
            alpha.clamp(0.0, 1.0)
        } else {
            0.3
        };
        self
    }

    /// At most `n` dots a scatter panel (at least 1): beyond it every `k`-th draw is drawn,
    /// `k = ceil(draws / n)`. Histograms always use every draw.
    pub fn max_points(mut self, n: usize) -> Self {
        self.max_points = n.max(1);
        self
    }

    figure_methods!();

    /// The weighted histogram of coordinate `k`, in the samples' own units: the `bins + 1`
    /// bin edges and each bin's share of the total weight (summing to 1). The last bin is
    /// closed on the right.
    ///
    /// # Errors
    /// As [`save`](Self::save); [`Error::Plot`] for `k >= dim`.
    pub fn histogram(&self, k: usize) -> Result<(Vec<f64>, Vec<f64>)> {
        let prepared = self.prepare()?;
        self.check_coordinate(k)?;
        Ok(self.histogram_of(k, &prepared.weights))
    }

    /// The weighted 16, 50 and 84 % quantiles of coordinate `k`, in the samples' own units:
    /// where the dashed marks of its histogram lie, and the numbers of its title.
    ///
    /// # Errors
    /// As [`histogram`](Self::histogram).
    pub fn quantiles(&self, k: usize) -> Result<[f64; 3]> {
        let prepared = self.prepare()?;
        self.check_coordinate(k)?;
        Ok(self.quantiles_of(k, &prepared.weights))
    }

    fn check_coordinate(&self, k: usize) -> Result<()> {
        if k >= self.samples.ncols() {
            return Err(Error::Plot(format!(
                "coordinate {k} out of range: the samples have {}",
                self.samples.ncols()
            )));
        }
        Ok(())
    }

    fn quantiles_of(&self, k: usize, weights: &[f64]) -> [f64; 3] {
        let q = weighted_quantiles(self.samples.column(k), aview1(weights), &PROBS);
        [q[0], q[1], q[2]]
    }

    fn histogram_of(&self, k: usize, weights: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let column = self.samples.column(k);
        let (mut lo, mut hi) = column
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        if hi - lo <= 1e-12 * hi.abs().max(lo.abs()) {
            // One value: a bin range around it (`auto_range` pads a degenerate span).
            (lo, hi) = auto_range(column.iter()).unwrap_or((lo - 1.0, hi + 1.0));
        }
        let nb = self.bins;
        let width = (hi - lo) / nb as f64;
        let edges: Vec<f64> = (0..=nb).map(|b| lo + width * b as f64).collect();
        let mut heights = vec![0.0; nb];
        for (&v, &w) in column.iter().zip(weights) {
            let b = (((v - lo) / width).floor() as isize).clamp(0, nb as isize - 1) as usize;
            heights[b] += w;
        }
        (edges, heights)
    }

    /// Checks the shapes and values and computes labels, scales, units and weights.
    fn prepare(&self) -> Result<Prepared> {
        let (n, dim) = self.samples.dim();
        if n == 0 {
            return Err(Error::Plot("no samples: nothing to plot".into()));
        }
        if dim == 0 {
            return Err(Error::Plot("the samples have no coordinates".into()));
        }
        if self.names.len() != dim {
            return Err(Error::Plot(format!(
                "{} names for samples of {dim} coordinates",
                self.names.len()
            )));
        }
        if !self.units.is_empty() && self.units.len() != dim {
            return Err(Error::Plot(format!(
                "{} units for samples of {dim} coordinates (give none or one each)",
                self.units.len()
            )));
        }
        if !self.truths.is_empty() && self.truths.len() != dim {
            return Err(Error::Plot(format!(
                "{} truths for samples of {dim} coordinates (give one each, NaN for none)",
                self.truths.len()
            )));
        }
        if let Some((k, v)) = (self.truths.iter().enumerate()).find(|(_, v)| v.is_infinite()) {
            return Err(Error::Plot(format!(
                "the truth of `{}` is {v}: expected a finite value, or NaN for none",
                self.names[k]
            )));
        }
        if let Some((row, col)) = self
            .samples
            .indexed_iter()
            .find_map(|(at, v)| (!v.is_finite()).then_some(at))
        {
            return Err(Error::Plot(format!(
                "sample {row} has a non-finite value in coordinate `{}`",
                self.names[col]
            )));
        }
        let weights = match &self.log_weights {
            None => vec![1.0 / n as f64; n],
            Some(lw) => {
                if lw.len() != n {
                    return Err(Error::Plot(format!(
                        "{} log-weights for {n} samples",
                        lw.len()
                    )));
                }
                if lw.iter().any(|v| v.is_nan() || *v == f64::INFINITY) {
                    return Err(Error::Plot("a log-weight is NaN or +inf".into()));
                }
                let max = lw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if max == f64::NEG_INFINITY {
                    return Err(Error::Plot("every draw has zero weight".into()));
                }
                let w: Vec<f64> = lw.iter().map(|v| (v - max).exp()).collect();
                let total: f64 = w.iter().sum();
                w.into_iter().map(|v| v / total).collect()
            }
        };
        let mut prepared = Prepared {
            labels: Vec::with_capacity(dim),
            scales: Vec::with_capacity(dim),
            units: Vec::with_capacity(dim),
            weights,
        };
        for k in 0..dim {
            let max_abs = self
                .samples
                .column(k)
                .iter()
                .fold(0.0f64, |a, v| a.max(v.abs()));
            let unit = self.units.get(k).map(String::as_str).unwrap_or("");
            let (scale, shown) = shown_unit(unit, max_abs);
            let name = &self.names[k];
            prepared.labels.push(if shown.is_empty() {
                name.clone()
            } else {
                format!("{name} ({shown})")
            });
            prepared.scales.push(scale);
            prepared.units.push(shown);
        }
        Ok(prepared)
    }
}

/// How values of `unit` whose largest magnitude is `max_abs` are shown: the factor to the
/// shown numbers and the unit after them. SI units take an engineering prefix (`pF`; `"ohm"`
/// reads `Ω`); ratios and angles take none; a dimensionless coordinate far from 1 takes a
/// factor (`×1e-3`).
fn shown_unit(unit: &str, max_abs: f64) -> (f64, String) {
    let unit = match unit {
        "1" => String::new(),
        "deg" => "°".into(),
        u => u.replace("ohm", "Ω"),
    };
    if unit.is_empty() {
        if max_abs == 0.0 || (1e-2..1e4).contains(&max_abs) {
            return (1.0, unit);
        }
        let (scale, _) = engineering(max_abs, "");
        return (scale, format!("×{:e}", 1.0 / scale));
    }
    if unit.starts_with("dB") || matches!(unit.as_str(), "°" | "%" | "rad") {
        return (1.0, unit);
    }
    engineering(max_abs, &unit)
}

/// The title of a histogram, `c1 = 2.20 (+0.05 −0.04) pF`, from its shown 16 / 50 / 84 %
/// quantiles: the name, then the value with two significant digits of its smaller error.
fn value_text([q16, q50, q84]: [f64; 3], unit: &str) -> String {
    let (plus, minus) = (q84 - q50, q50 - q16);
    let error = plus.min(minus);
    let decimals = if error > 0.0 {
        (1 - error.log10().floor() as i32).clamp(0, 8)
    } else {
        (2 - q50.abs().max(1e-300).log10().floor() as i32).clamp(0, 8)
    } as usize;
    let signed = |v: f64| format!("{v:.decimals$}").replace('-', "\u{2212}");
    let text = format!(
        "{} (+{} \u{2212}{})",
        signed(q50),
        signed(plus),
        signed(minus)
    );
    if unit.is_empty() {
        text
    } else {
        format!("{text} {unit}")
    }
}

/// The size of `text` drawn in the plot font at `size` pixels: (width, height).
fn measure(text: &str, size: u32) -> Result<(i32, i32)> {
    let (w, h) = (FONT, size).into_font().box_size(text).map_err(err)?;
    Ok((w as i32, h as i32))
}

/// A text to draw: what, at which font size, its top-left pixel, whether it reads upward.
struct Label {
    text: String,
    size: u32,
    at: (i32, i32),
    upward: bool,
}

/// Where the panels and labels go.
struct Geometry {
    /// Pixels left of the panels (y tick labels and titles) and above them (the first title).
    left: i32,
    top: i32,
    /// Size of a cell: a panel and its share of the gaps.
    cell_w: i32,
    cell_h: i32,
    /// Per coordinate: its ticks along a row's width and along a column's height.
    x_ticks: Vec<Vec<Tick>>,
    y_ticks: Vec<Vec<Tick>>,
    /// Per coordinate: its histogram's title, as lines and their font size.
    titles: Vec<(Vec<String>, u32)>,
}

impl Draw for Corner<'_> {
    fn theme(&self) -> &Theme {
        &self.theme
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea> {
        let prepared = self.prepare()?;
        let (n, dim) = self.samples.dim();
        let th = &self.theme;
        let color = th.color(0);

        // Shown values, axis ranges and titles per coordinate.
        let columns: Vec<Vec<f64>> = (0..dim)
            .map(|k| {
                let s = prepared.scales[k];
                self.samples.column(k).iter().map(|v| v * s).collect()
            })
            .collect();
        let ranges: Vec<(f64, f64)> = (columns.iter().zip(&prepared.labels))
            .map(|(c, label)| axis_range(label, auto_range(c.iter()).unwrap_or((-1.0, 1.0))))
            .collect::<Result<_>>()?;
        let quantiles: Vec<[f64; 3]> = (0..dim)
            .map(|k| self.quantiles_of(k, &prepared.weights))
            .collect();
        let values: Vec<String> = (0..dim)
            .map(|k| {
                let q = quantiles[k].map(|v| v * prepared.scales[k]);
                value_text(q, &prepared.units[k])
            })
            .collect();

        root.fill(&WHITE).map_err(err)?;
        let (width, _) = root.dim_in_pixel();
        let area = match &th.title {
            Some(title) => {
                // Shrunk until it fits the width.
                let mut size = th.title_size.max(6);
                while size > 6 && measure(title, size)?.0 > width as i32 - 8 {
                    size -= 1;
                }
                root.titled(title, (FONT, size)).map_err(err)?
            }
            None => root.clone(),
        };
        let (xr, yr) = area.get_pixel_range();
        let margin = 6;
        let (ax0, ay0, ax1, ay1) = (
            xr.start + margin,
            yr.start + margin,
            xr.end - margin,
            yr.end - margin,
        );

        // Font sizes follow the panels: the theme's at 200 px panels.
        let cell = (ax1 - ax0).min(ay1 - ay0).max(1) as f64 / dim as f64;
        let base = th.label_size.max(6) as f64;
        let fs = (base * cell / 200.0).min(1.2 * base).max(8.0).round() as u32;
        let line = measure("Mg", fs)?.1;
        let pad = (fs as i32 / 3).max(3);
        let gap = (fs as i32 / 2).max(4);
        let bottom = 2 * (line + pad) + pad;

        // The margins depend on the labels, the labels on the panels: settle in a few rounds.
        let mut left = 4 * fs as i32;
        let mut rounds = 0;
        let geometry = loop {
            let geometry = self.geometry(
                &ranges,
                &values,
                (ax0, ay0, ax1, ay1),
                left,
                bottom,
                fs,
                gap,
            )?;
            let widest = (geometry.y_ticks.iter().flatten())
                .map(|t| measure(&t.label, fs).map(|m| m.0))
                .try_fold(0, |a, w| w.map(|w| a.max(w)))?;
            let wanted = widest + 2 * pad + line + pad;
            rounds += 1;
            if wanted == left || rounds > 3 {
                break geometry;
            }
            left = wanted;
        };
        let Geometry {
            left,
            top,
            cell_w,
            cell_h,
            x_ticks,
            y_ticks,
            titles,
        } = geometry;
        let cell_x = |j: usize| ax0 + left + cell_w * j as i32;
        let cell_y = |i: usize| ay0 + top + cell_h * i as i32;

        let stride = n.div_ceil(self.max_points);
        let w_max = prepared.weights.iter().copied().fold(0.0f64, f64::max);
        let (mut px, mut py) = ((i32::MAX, i32::MIN), (i32::MAX, i32::MIN));
        let grid = RGBColor(225, 225, 225);
        let truth_color = th.color(1);
        let mut labels: Vec<Label> = Vec::new();
        for i in 0..dim {
            for j in 0..=i {
                let (x0, y0) = (cell_x(j) + gap / 2, cell_y(i) + gap / 2);
                let (w, h) = ((cell_w - gap).max(2), (cell_h - gap).max(2));
                let panel = root.clone().shrink((x0, y0), (w, h));
                let (xa, xb) = ranges[j];
                let (edges, heights) = if i == j {
                    self.histogram_of(j, &prepared.weights)
                } else {
                    (Vec::new(), Vec::new())
                };
                let (ya, yb) = if i == j {
                    let top = heights.iter().copied().fold(0.0f64, f64::max);
                    (0.0, if top > 0.0 { 1.1 * top } else { 1.0 })
                } else {
                    ranges[i]
                };
                let mut chart = ChartBuilder::on(&panel)
                    .build_cartesian_2d(xa..xb, ya..yb)
                    .map_err(err)?;
                // Grid lines at the ticks, then the frame.
                let mut lines: Vec<Vec<(f64, f64)>> = (x_ticks[j].iter())
                    .map(|t| vec![(t.value, ya), (t.value, yb)])
                    .collect();
                if i != j {
                    lines.extend(
                        y_ticks[i]
                            .iter()
                            .map(|t| vec![(xa, t.value), (xb, t.value)]),
                    );
                }
                chart
                    .draw_series(lines.into_iter().map(|l| PathElement::new(l, grid)))
                    .map_err(err)?;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(xa, ya), (xb, yb)],
                        RGBColor(120, 120, 120).stroke_width(1),
                    )))
                    .map_err(err)?;

                if i == j {
                    // The histogram as a filled step outline, in shown units.
                    let s = prepared.scales[j];
                    let mut path = Vec::with_capacity(2 * heights.len() + 2);
                    path.push((edges[0] * s, 0.0));
                    for (b, &hgt) in heights.iter().enumerate() {
                        path.push((edges[b] * s, hgt));
                        path.push((edges[b + 1] * s, hgt));
                    }
                    path.push((edges[edges.len() - 1] * s, 0.0));
                    chart
                        .draw_series(std::iter::once(Polygon::new(
                            path.clone(),
                            color.mix(0.3).filled(),
                        )))
                        .map_err(err)?;
                    chart
                        .draw_series(LineSeries::new(path, color.stroke_width(th.line_width)))
                        .map_err(err)?;
                    // The median and the 16 / 84 % quantiles, dashed.
                    let dash = (fs as i32 / 2).max(3);
                    for q in quantiles[j] {
                        let (x, top) = chart.backend_coord(&(q * s, yb));
                        let (_, foot) = chart.backend_coord(&(q * s, ya));
                        dashed(root, (x, top), (x, foot), dash, MARK)?;
                    }
                } else {
                    let (cx, cy) = (&columns[j], &columns[i]);
                    let radius = self.point_size;
                    let alpha = self.alpha;
                    let weights = &prepared.weights;
                    let dots = (0..n)
                        .step_by(stride)
                        .filter(|&r| weights[r] > 0.0)
                        .map(|r| {
                            let a = alpha * (weights[r] / w_max).sqrt();
                            Circle::new((cx[r], cy[r]), radius, color.mix(a).filled())
                        });
                    chart.draw_series(dots).map_err(err)?;
                }
                // The truths: a line across for each coordinate that has one.
                let truth = |k: usize| {
                    (self.truths.get(k).copied())
                        .filter(|v| v.is_finite())
                        .map(|v| v * prepared.scales[k])
                };
                let style = truth_color.stroke_width(2);
                if let Some(t) = truth(j) {
                    chart
                        .draw_series(LineSeries::new([(t, ya), (t, yb)], style))
                        .map_err(err)?;
                }
                if let Some(t) = truth(i).filter(|_| i != j) {
                    chart
                        .draw_series(LineSeries::new([(xa, t), (xb, t)], style))
                        .map_err(err)?;
                }

                // Tick labels: below the bottom row, left of the first column.
                if i == dim - 1 {
                    for t in &x_ticks[j] {
                        let (x, _) = chart.backend_coord(&(t.value, ya));
                        let (tw, _) = measure(&t.label, fs)?;
                        labels.push(Label {
                            text: t.label.clone(),
                            size: fs,
                            at: (x - tw / 2, y0 + h + pad),
                            upward: false,
                        });
                    }
                }
                if j == 0 && i > 0 {
                    for t in &y_ticks[i] {
                        let (_, y) = chart.backend_coord(&(xa, t.value));
                        let (tw, th) = measure(&t.label, fs)?;
                        labels.push(Label {
                            text: t.label.clone(),
                            size: fs,
                            at: (x0 - pad - tw, y - th / 2),
                            upward: false,
                        });
                    }
                }
                let (rx, ry) = chart.plotting_area().get_pixel_range();
                px = (px.0.min(rx.start), px.1.max(rx.end));
                py = (py.0.min(ry.start), py.1.max(ry.end));
            }
        }

        // Axis titles, shrunk until they fit their panel's side; histogram titles.
        let shrink = |text: &str, room: i32| -> Result<(u32, (i32, i32))> {
            let mut size = fs;
            let mut m = measure(text, size)?;
            while size > 6 && m.0 > room {
                size -= 1;
                m = measure(text, size)?;
            }
            Ok((size, m))
        };
        let panel_bottom = cell_y(dim - 1) + cell_h - gap / 2;
        for (j, label) in prepared.labels.iter().enumerate() {
            let (size, (tw, _)) = shrink(label, cell_w - gap)?;
            labels.push(Label {
                text: label.clone(),
                size,
                at: (cell_x(j) + (cell_w - tw) / 2, panel_bottom + 2 * pad + line),
                upward: false,
            });
        }
        for (i, label) in prepared.labels.iter().enumerate().skip(1) {
            let (size, (tw, _)) = shrink(label, cell_h - gap)?;
            labels.push(Label {
                text: label.clone(),
                size,
                at: (ax0, cell_y(i) + (cell_h + tw) / 2),
                upward: true,
            });
        }
        for (j, (lines, size)) in titles.iter().enumerate() {
            let (lx0, lx1) = (
                cell_x(j),
                if j + 1 < dim { ax1 } else { cell_x(j) + cell_w },
            );
            let centre = cell_x(j) + cell_w / 2;
            let mut foot = cell_y(j) + gap / 2 - 2 * pad;
            for text in lines.iter().rev() {
                let (tw, th) = measure(text, *size)?;
                let x = (centre - tw / 2).max(lx0).min(lx1 - tw);
                foot -= th;
                labels.push(Label {
                    text: text.clone(),
                    size: *size,
                    at: (x, foot),
                    upward: false,
                });
                foot -= pad / 2;
            }
        }
        for label in labels {
            let mut style = (FONT, label.size)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Top));
            if label.upward {
                style = style.transform(FontTransform::Rotate270);
            }
            root.draw_text(&label.text, &style, label.at).map_err(err)?;
        }
        Ok(PixelArea {
            x: px.0..px.1,
            y: py.0..py.1,
        })
    }
}

/// Draws a dashed straight line from `a` to `b` (pixels), `dash` pixels on and `dash * 2 / 3`
/// off.
fn dashed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    dash: i32,
    color: RGBColor,
) -> Result<()> {
    let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
    let length = dx.hypot(dy);
    if length < 1.0 {
        return Ok(());
    }
    let (on, period) = (dash as f64, dash as f64 + (dash * 2 / 3).max(2) as f64);
    let at = |s: f64| {
        let s = s.min(length) / length;
        (a.0 + (s * dx).round() as i32, a.1 + (s * dy).round() as i32)
    };
    let mut s = 0.0;
    while s < length {
        root.draw(&PathElement::new(
            vec![at(s), at(s + on)],
            color.stroke_width(1),
        ))
        .map_err(err)?;
        s += period;
    }
    Ok(())
}

impl Corner<'_> {
    /// The panels' cells, ticks and histogram titles for a left margin of `left` pixels in the
    /// area `(x0, y0, x1, y1)` with `bottom` pixels below the panels.
    #[allow(clippy::too_many_arguments)]
    fn geometry(
        &self,
        ranges: &[(f64, f64)],
        values: &[String],
        (x0, y0, x1, y1): (i32, i32, i32, i32),
        left: i32,
        bottom: i32,
        fs: u32,
        gap: i32,
    ) -> Result<Geometry> {
        let dim = ranges.len();
        let cell_w = ((x1 - x0 - left) / dim as i32).max(2);
        // Titles: one line, two, or the value alone, at the largest size down to 6 px that
        // fits the room to the right of the cell's left edge (the upper triangle is empty).
        let mut titles = Vec::with_capacity(dim);
        for (k, value) in values.iter().enumerate() {
            let room = if k + 1 < dim {
                x1 - (x0 + left + cell_w * k as i32)
            } else {
                cell_w
            };
            let name = &self.names[k];
            let candidates = [
                vec![format!("{name} = {value}")],
                vec![format!("{name} ="), value.clone()],
            ];
            let fits = |lines: &[String], size: u32| -> Result<bool> {
                for l in lines {
                    if measure(l, size)?.0 > room {
                        return Ok(false);
                    }
                }
                Ok(true)
            };
            let mut chosen = (Vec::new(), fs);
            'search: for lines in [&candidates[..], &[vec![value.clone()]]] {
                for size in (6..=fs).rev() {
                    for l in lines {
                        if fits(l, size)? {
                            chosen = (l.clone(), size);
                            break 'search;
                        }
                    }
                }
            }
            titles.push(chosen);
        }
        let block = |(lines, size): &(Vec<String>, u32)| -> Result<i32> {
            let h = measure("Mg", *size)?.1;
            Ok(lines.len() as i32 * (h + 2))
        };
        let top = block(&titles[0])? + fs as i32 / 2 + fs as i32 / 3;
        let cell_h = ((y1 - y0 - top - bottom) / dim as i32).max(2);
        // Titles taller than the empty cell above their panel are dropped.
        for t in titles.iter_mut().skip(1) {
            if block(t)? > cell_h - gap {
                t.0.clear();
            }
        }
        // At least a font size between labels, and at most about 7 ticks on a long side.
        let tick_gap = |length: f64, extent: f64| (length / 7.0 - extent).max(fs as f64);
        let (pw, ph) = ((cell_w - gap).max(2) as f64, (cell_h - gap).max(2) as f64);
        let mut x_ticks = Vec::with_capacity(dim);
        let mut y_ticks = Vec::with_capacity(dim);
        for &(lo, hi) in ranges {
            let width = |s: &str| {
                measure(s, fs)
                    .map(|m| m.0 as f64)
                    .unwrap_or(0.6 * fs as f64)
            };
            let height = |s: &str| measure(s, fs).map(|m| m.1 as f64).unwrap_or(fs as f64);
            // Labels stay inside their cell, clear of the neighbours'.
            let within = |t: &Tick, extent: f64, length: f64, cell: f64| {
                let at = gap as f64 / 2.0 + (t.value - lo) / (hi - lo) * length;
                at - extent / 2.0 >= 1.0 && at + extent / 2.0 <= cell - 1.0
            };
            let x_gap = tick_gap(pw, 3.0 * fs as f64);
            let mut xt = ticks::fit(lo, hi, AxisScale::Linear, "", pw, width, x_gap);
            xt.retain(|t| within(t, width(&t.label), pw, cell_w as f64));
            let y_gap = tick_gap(ph, fs as f64);
            let mut yt = ticks::fit(lo, hi, AxisScale::Linear, "", ph, height, y_gap);
            yt.retain(|t| within(t, height(&t.label), ph, cell_h as f64));
            x_ticks.push(xt);
            y_ticks.push(yt);
        }
        Ok(Geometry {
            left,
            top,
            cell_w,
            cell_h,
            x_ticks,
            y_ticks,
            titles,
        })
    }
}
