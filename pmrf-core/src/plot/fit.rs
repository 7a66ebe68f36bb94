//! Fit against data: measured points and the fitted model per feature, residual below.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{Axis, Frame, Legend, Mark, draw_title, frame_with_legend, frequency_axis};
use super::rect::{feature_traces, parse_feature, quantity};
use super::ticks::AxisScale;
use super::{Draw, PixelArea, Theme, auto_range, axis_range, err, figure_methods};
use crate::fit::{Feature, Transform};
use crate::{Error, Network, Result};

/// Measured points and the fitted model on each feature, with the residual (model − data)
/// in a panel below on a symmetric range; several features side by side. Every series is
/// clipped to its panel; the axes are labelled as on [`Traces`](super::Traces).
///
/// Both networks must share the frequency grid: pass the fit's
/// [`FitResult::fitted`](crate::fit::FitResult::fitted) network evaluated on the data's grid.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
/// use pmrf::plot::FitPlot;
///
/// let freq = Frequency::linspace(0.1, 3.0, 61, FrequencyUnit::GHz)?;
/// let data = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12))).network(&freq)?;
/// let model = Cascade::new((SeriesL::new(9.5e-9), ShuntC::new(4.2e-12))).network(&freq)?;
/// let svg = FitPlot::new(&data, &model).features(["s21_db", "s11_db"]).to_svg()?;
/// assert!(svg.contains("data") && svg.contains("model") && svg.contains("residual"));
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct FitPlot<'a> {
    data: &'a Network,
    model: &'a Network,
    features: Vec<String>,
    log_frequency: bool,
    theme: Theme,
}

impl<'a> FitPlot<'a> {
    /// The model against the data; the feature is `s21_db` (`s11_db` for a 1-port) unless set.
    pub fn new(data: &'a Network, model: &'a Network) -> Self {
        FitPlot {
            data,
            model,
            features: Vec::new(),
            log_frequency: false,
            theme: Theme::default(),
        }
    }

    /// The features, one panel pair each (`"s21_db"`, `"s11_deg"`...; one entry each).
    pub fn features<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.features = names.into_iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// Draws the frequency axes logarithmically, ticked at decades. A grid that reaches 0 Hz
    /// is an error when drawn.
    pub fn log_frequency(mut self, log: bool) -> Self {
        self.log_frequency = log;
        self
    }

    figure_methods!();
}

impl Draw for FitPlot<'_> {
    fn theme(&self) -> &Theme {
        &self.theme
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea> {
        let (d, m) = (self.data, self.model);
        if d.is_empty() || d.nports() == 0 {
            return Err(Error::Plot(
                "the data network is empty: nothing to plot".into(),
            ));
        }
        if d.frequency().hz() != m.frequency().hz() || d.nports() != m.nports() {
            return Err(Error::Shape(format!(
                "the model ({} points, {} ports) must be evaluated on the data's grid ({} points, \
                 {} ports)",
                m.len(),
                m.nports(),
                d.len(),
                d.nports()
            )));
        }
        let names = if self.features.is_empty() {
            vec![if d.nports() == 1 { "s11_db" } else { "s21_db" }.to_string()]
        } else {
            self.features.clone()
        };
        let th = &self.theme;
        root.fill(&WHITE).map_err(err)?;
        let top = draw_title(root, th)?;
        let body = root.margin(top, 0, 0, 0);
        let columns = body.split_evenly((1, names.len()));
        let xs = d.frequency().hz().to_vec();
        let x = frequency_axis(xs[0], xs[xs.len() - 1], self.log_frequency)?;
        let width = th.scaled_line_width();
        let mut first_area = None;
        for (name, column) in names.iter().zip(&columns) {
            let feature = parse_feature(name)?;
            if !feature.is_single() {
                return Err(Error::Plot(format!(
                    "feature `{name}` names every entry; a fit panel shows one (e.g. `s21_db`)"
                )));
            }
            let dv = feature_traces(feature, d.frequency(), d.s().view())?.remove(0);
            let mut mv = feature_traces(feature, m.frequency(), m.s().view())?.remove(0);
            // Phases wrapped as the fit compares them; the model drawn on the data's branch.
            let residual = Feature::all()
                .with(dv.transform)
                .difference(&mv.values, &dv.values);
            if matches!(dv.transform, Transform::Rad | Transform::Deg) {
                for ((m, d), r) in mv.values.iter_mut().zip(&dv.values).zip(&residual) {
                    *m = d + r;
                }
            }
            let h = column.dim_in_pixel().1;
            let (upper, lower) = column.split_vertically(h * 66 / 100);
            let (desc, unit) = quantity(dv.transform, &dv.entry);
            let (y0, y1) = axis_range(
                &desc,
                auto_range(dv.values.iter().chain(&mv.values)).unwrap_or((-1.0, 1.0)),
            )?;
            let y = Axis {
                lo: y0,
                hi: y1,
                scale: AxisScale::Linear,
                unit: unit.into(),
                desc,
            };
            let mut no_desc = x.clone();
            no_desc.desc.clear();
            let (cd, cm) = (RGBColor(60, 60, 60), th.color(0));
            let legend = Legend {
                entries: vec![
                    ("data".into(), Mark::Dot(cd)),
                    ("model".into(), Mark::Line(cm)),
                ],
            };
            let series = [(&xs[..], &dv.values[..]), (&xs[..], &mv.values[..])];
            let (mut frame, place) =
                frame_with_legend(&upper, th, (no_desc, y), 0, true, &legend, &series)?;
            frame.draw_axes()?;
            let radius = (th.scaled_line_width() + 1).max(2) as i32;
            let dots: Vec<(f64, f64)> = (xs.iter().zip(&dv.values))
                .filter(|(_, v)| v.is_finite() && **v >= y0 && **v <= y1)
                .map(|(&x, &v)| frame.point(x, v))
                .collect();
            frame
                .chart
                .draw_series(
                    dots.into_iter()
                        .map(|p| Circle::new(p, radius, cd.filled())),
                )
                .map_err(err)?;
            frame.line(&xs, &mv.values, cm.stroke_width(width))?;
            frame.draw_legend(&legend, place)?;
            if first_area.is_none() {
                first_area = Some(frame.pixel_area());
            }

            // The residual, on a symmetric range padded by a tenth.
            let most = residual
                .iter()
                .filter(|r| r.is_finite())
                .fold(0.0f64, |a, r| a.max(r.abs()));
            let lim = if most > 0.0 && most.is_finite() {
                1.1 * most
            } else {
                1.0
            };
            axis_range("residual", (-lim, lim))?;
            let r = Axis {
                lo: -lim,
                hi: lim,
                scale: AxisScale::Linear,
                unit: unit.into(),
                desc: "residual".into(),
            };
            let mut res = Frame::new(&lower, th, x.clone(), r, 0, frame.right_room(), true)?;
            res.draw_axes()?;
            res.line(&xs, &residual, th.color(1).stroke_width(width))?;
        }
        first_area.ok_or_else(|| Error::Plot("no feature to plot".into()))
    }
}
