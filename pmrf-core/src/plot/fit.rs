//! Fit against data: measured points and the fitted model per feature, residual below.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::rect::{
    axis_label, draw_legend, draw_mesh, feature_traces, finite_runs, parse_feature, widen,
};
use super::{Draw, FONT, PixelArea, Theme, auto_range, axis_range, err, figure_methods};
use crate::fit::{Feature, Transform};
use crate::units::engineering;
use crate::{Error, Network, Result};

/// Measured points and the fitted model on each feature, with the residual (model − data)
/// in a panel below; several features side by side.
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
    theme: Theme,
}

impl<'a> FitPlot<'a> {
    /// The model against the data; the feature is `s21_db` (`s11_db` for a 1-port) unless set.
    pub fn new(data: &'a Network, model: &'a Network) -> Self {
        FitPlot {
            data,
            model,
            features: Vec::new(),
            theme: Theme::default(),
        }
    }

    /// The features, one panel pair each (`"s21_db"`, `"s11_deg"`...; one entry each).
    pub fn features<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.features = names.into_iter().map(|s| s.as_ref().to_string()).collect();
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
        let body = match &th.title {
            Some(title) => root.titled(title, (FONT, th.title_size)).map_err(err)?,
            None => root.clone(),
        };
        let columns = body.split_evenly((1, names.len()));
        let unit = d.frequency().unit();
        let xs = d.frequency().scaled();
        let (x0, x1) = widen(xs[0], xs[xs.len() - 1]);
        let mut first_area = None;
        for (name, column) in names.iter().zip(&columns) {
            let feature = parse_feature(name)?;
            if !feature.is_single() {
                return Err(Error::Plot(format!(
                    "feature `{name}` names every entry; a fit panel shows one (e.g. `s21_db`)"
                )));
            }
            let mut dv = feature_traces(feature, d.frequency(), d.s().view())?.remove(0);
            let mut mv = feature_traces(feature, m.frequency(), m.s().view())?.remove(0);
            let mut delay_unit = String::new();
            if dv.transform == Transform::GroupDelay {
                let max = dv
                    .values
                    .iter()
                    .filter(|v| v.is_finite())
                    .fold(0.0f64, |a, v| a.max(v.abs()));
                let (scale, u) = engineering(max, "s");
                delay_unit = u;
                dv.values
                    .iter_mut()
                    .chain(mv.values.iter_mut())
                    .for_each(|v| *v *= scale);
            }
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
            let (top, bottom) = column.split_vertically(h * 68 / 100);
            let label = format!("{} {}", dv.entry, axis_label(dv.transform, &delay_unit));

            let (y0, y1) = axis_range(
                &label,
                auto_range(dv.values.iter().chain(&mv.values)).unwrap_or((-1.0, 1.0)),
            )?;
            let (x0, x1) = axis_range("frequency", (x0, x1))?;
            let mut chart = ChartBuilder::on(&top)
                .margin(10)
                .x_label_area_size(th.label_size * 2)
                .y_label_area_size(th.label_size * 5)
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(err)?;
            draw_mesh(&mut chart, th, "", &label)?;
            let (cd, cm) = (RGBColor(60, 60, 60), th.color(0));
            chart
                .draw_series(
                    (xs.iter().zip(&dv.values))
                        .filter(|(_, v)| v.is_finite())
                        .map(|(&x, &v)| Circle::new((x, v), 3, cd.filled())),
                )
                .map_err(err)?
                .label("data")
                .legend(move |(x, y)| Circle::new((x + 9, y), 3, cd.filled()));
            let mut first = true;
            for run in finite_runs(&xs, &mv.values) {
                let s = chart
                    .draw_series(LineSeries::new(run, cm.stroke_width(th.line_width)))
                    .map_err(err)?;
                if first {
                    s.label("model").legend(move |(x, y)| {
                        Rectangle::new([(x, y - 3), (x + 18, y + 3)], cm.filled())
                    });
                    first = false;
                }
            }
            draw_legend(&mut chart, th)?;
            if first_area.is_none() {
                let (x, y) = chart.plotting_area().get_pixel_range();
                first_area = Some(PixelArea { x, y });
            }

            let (r0, r1) = auto_range(residual.iter()).unwrap_or((-1.0, 1.0));
            let lim = r0.abs().max(r1.abs());
            axis_range("residual", (-lim, lim))?;
            let mut res = ChartBuilder::on(&bottom)
                .margin(10)
                .x_label_area_size(th.label_size * 3)
                .y_label_area_size(th.label_size * 5)
                .build_cartesian_2d(x0..x1, -lim..lim)
                .map_err(err)?;
            draw_mesh(
                &mut res,
                th,
                &format!("Frequency ({})", unit.symbol()),
                "residual",
            )?;
            for run in finite_runs(&xs, &residual) {
                res.draw_series(LineSeries::new(
                    run,
                    th.color(3).stroke_width(th.line_width),
                ))
                .map_err(err)?;
            }
        }
        first_area.ok_or_else(|| Error::Plot("no feature to plot".into()))
    }
}
