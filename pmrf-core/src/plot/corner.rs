//! The corner plot of posterior samples: marginal histograms and pairwise scatter.

use ndarray::{ArrayView1, ArrayView2};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Draw, FONT, PixelArea, Theme, auto_range, axis_range, err, figure_methods};
use crate::infer::Samples;
use crate::params::Model;
use crate::units::engineering;
use crate::{Error, Result};

/// A corner plot of (weighted) samples: the 1-D marginal histogram of each coordinate on the
/// diagonal, the 2-D scatter of each pair below it, the upper triangle left empty.
///
/// The samples are `(n, dim)`, one draw a row; `log_weights` (length `n`), if given, weight
/// the draws (nested sampling) by `exp(log_weight)`, normalised. A histogram shows each bin's
/// share of the total weight (bins span the coordinate's range); a scatter draws each draw as a
/// small translucent dot whose opacity grows with its weight (draws of zero weight are left
/// out). Values are shown with an engineering prefix on their unit (`pF`, `nH`); a coordinate
/// without a unit gets its scale factor (`×1e-12`) in the label instead. The names, with their
/// units, label the bottom row and the left column.
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
/// let svg = Corner::new(&names, &units, draws.view(), None).bins(20).to_svg()?;
/// assert!(svg.contains("L (nH)") && svg.contains("C (pF)"));
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Corner<'a> {
    names: Vec<String>,
    units: Vec<String>,
    samples: ArrayView2<'a, f64>,
    log_weights: Option<ArrayView1<'a, f64>>,
    bins: usize,
    point_size: u32,
    alpha: f64,
    max_points: usize,
    theme: Theme,
}

/// The checked data of a corner plot, in display units.
struct Prepared {
    /// Per coordinate: its axis label.
    labels: Vec<String>,
    /// Per coordinate: the display scale factor.
    scales: Vec<f64>,
    /// Normalised weights (sum 1), one per draw.
    weights: Vec<f64>,
}

impl<'a> Corner<'a> {
    /// The corner plot of `samples` (`(n, dim)`) with the coordinates' `names` and `units`
    /// (SI symbols such as `"F"`; an empty slice for none, or one per coordinate, `""` for a
    /// dimensionless one) and optional `log_weights` of the draws. 30 bins, dots of radius 2
    /// at opacity 0.3, at most 5000 dots a panel. Bad shapes are reported when drawing.
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

    /// The corner plot of posterior [`Samples`]: their names, values and log-weights (no
    /// units: each label carries its scale factor).
    pub fn of_samples<M: Model<Scalar = f64>>(samples: &'a Samples<M>) -> Self {
        Corner::new::<String, String>(
            samples.names(),
            &[],
            samples.values().view(),
            samples.log_weights().map(|w| w.view()),
        )
    }

    /// The number of histogram bins (at least 1).
    pub fn bins(mut self, bins: usize) -> Self {
        self.bins = bins.max(1);
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
        if k >= self.samples.ncols() {
            return Err(Error::Plot(format!(
                "coordinate {k} out of range: the samples have {}",
                self.samples.ncols()
            )));
        }
        Ok(self.histogram_of(k, &prepared.weights))
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

    /// Checks the shapes and values and computes labels, scales and weights.
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
        let mut labels = Vec::with_capacity(dim);
        let mut scales = Vec::with_capacity(dim);
        for k in 0..dim {
            let max_abs = self
                .samples
                .column(k)
                .iter()
                .fold(0.0f64, |a, v| a.max(v.abs()));
            let unit = self.units.get(k).map(String::as_str).unwrap_or("");
            let (scale, shown) = engineering(max_abs, unit);
            let name = &self.names[k];
            labels.push(if !unit.is_empty() {
                format!("{name} ({shown})")
            } else if scale == 1.0 {
                name.clone()
            } else {
                format!("{name} (×{:e})", 1.0 / scale)
            });
            scales.push(scale);
        }
        Ok(Prepared {
            labels,
            scales,
            weights,
        })
    }
}

impl Draw for Corner<'_> {
    fn theme(&self) -> &Theme {
        &self.theme
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea> {
        let Prepared {
            labels,
            scales,
            weights,
        } = self.prepare()?;
        let (n, dim) = self.samples.dim();
        let th = &self.theme;
        let color = th.color(0);

        // Display values and axis ranges per coordinate.
        let columns: Vec<Vec<f64>> = (0..dim)
            .map(|k| {
                self.samples
                    .column(k)
                    .iter()
                    .map(|v| v * scales[k])
                    .collect()
            })
            .collect();
        let ranges: Vec<(f64, f64)> = (columns.iter().zip(&labels))
            .map(|(c, label)| axis_range(label, auto_range(c.iter()).unwrap_or((-1.0, 1.0))))
            .collect::<Result<_>>()?;

        root.fill(&WHITE).map_err(err)?;
        let area = match &th.title {
            Some(title) => root.titled(title, (FONT, th.title_size)).map_err(err)?,
            None => root.clone(),
        };
        let area = area.margin(10, 10, 10, 16);
        let (w, h) = area.dim_in_pixel();
        let left = th.label_size * 5;
        let bottom = th.label_size * 4;
        let cell_w = (w.saturating_sub(left) / dim as u32).max(1) as i32;
        let cell_h = (h.saturating_sub(bottom) / dim as u32).max(1) as i32;
        let xs: Vec<i32> = (1..dim as i32).map(|j| left as i32 + cell_w * j).collect();
        let ys: Vec<i32> = (1..dim as i32).map(|i| cell_h * i).collect();
        let panels = area.split_by_breakpoints(xs, ys);

        let stride = n.div_ceil(self.max_points);
        let w_max = weights.iter().copied().fold(0.0f64, f64::max);
        let (mut px, mut py) = ((i32::MAX, i32::MIN), (i32::MAX, i32::MIN));
        let grid = RGBColor(225, 225, 225);
        for i in 0..dim {
            for j in 0..=i {
                let panel = &panels[i * dim + j];
                let outer_x = i == dim - 1;
                let outer_y = j == 0;
                let mut builder = ChartBuilder::on(panel);
                builder
                    .margin(4)
                    .x_label_area_size(if outer_x { bottom } else { 0 })
                    .y_label_area_size(if outer_y { left } else { 0 });
                let (x0, x1) = ranges[j];
                let (edges, heights) = if i == j {
                    self.histogram_of(j, &weights)
                } else {
                    (Vec::new(), Vec::new())
                };
                let (y0, y1) = if i == j {
                    let top = heights.iter().copied().fold(0.0f64, f64::max);
                    (0.0, if top > 0.0 { 1.1 * top } else { 1.0 })
                } else {
                    ranges[i]
                };
                let mut chart = builder.build_cartesian_2d(x0..x1, y0..y1).map_err(err)?;
                let mut mesh = chart.configure_mesh();
                mesh.x_labels(4)
                    .y_labels(if i == j { 0 } else { 4 })
                    .label_style((FONT, th.label_size))
                    .axis_desc_style((FONT, th.label_size))
                    .light_line_style(TRANSPARENT)
                    .bold_line_style(grid);
                if outer_x {
                    mesh.x_desc(labels[j].as_str());
                }
                if outer_y && i > 0 {
                    mesh.y_desc(labels[i].as_str());
                }
                mesh.draw().map_err(err)?;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, y0), (x1, y1)],
                        RGBColor(120, 120, 120).stroke_width(1),
                    )))
                    .map_err(err)?;

                if i == j {
                    // The histogram as a filled step outline, in display units.
                    let s = scales[j];
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
                } else {
                    let (cx, cy) = (&columns[j], &columns[i]);
                    let radius = self.point_size;
                    let alpha = self.alpha;
                    let dots = (0..n)
                        .step_by(stride)
                        .filter(|&r| weights[r] > 0.0)
                        .map(|r| {
                            let a = alpha * (weights[r] / w_max).sqrt();
                            Circle::new((cx[r], cy[r]), radius, color.mix(a).filled())
                        });
                    chart.draw_series(dots).map_err(err)?;
                }
                let (rx, ry) = chart.plotting_area().get_pixel_range();
                px = (px.0.min(rx.start), px.1.max(rx.end));
                py = (py.0.min(ry.start), py.1.max(ry.end));
            }
        }
        Ok(PixelArea {
            x: px.0..px.1,
            y: py.0..py.1,
        })
    }
}
