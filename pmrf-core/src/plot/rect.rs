//! Rectangular plots: features of networks against frequency.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Draw, FONT, PixelArea, Theme, auto_range, axis_range, err, figure_methods};
use crate::fit::{Feature, Transform};
use crate::units::{engineering, trimmed};
use crate::{Error, Frequency, FrequencyUnit, Network, Result};

/// One computed trace: its entry label (`S21`), transform and values per frequency point.
pub(crate) struct Trace {
    pub entry: String,
    pub transform: Transform,
    pub values: Vec<f64>,
}

/// A chart of frequency against values, as every rectangular plot draws it.
pub(crate) type FrequencyChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The y range a plot was given or else `auto()`, checked by [`axis_range`].
pub(crate) fn y_range(
    given: Option<(f64, f64)>,
    auto: impl FnOnce() -> Option<(f64, f64)>,
) -> Result<(f64, f64)> {
    axis_range("y", given.or_else(auto).unwrap_or((-1.0, 1.0)))
}

/// A chart filling `root` (cleared to white) over `x` by `y`, with the theme's title and
/// label areas; an error for a range [`axis_range`] rejects.
pub(crate) fn frequency_chart<'a, DB: DrawingBackend + 'a>(
    root: &'a DrawingArea<DB, Shift>,
    th: &Theme,
    x: (f64, f64),
    y: (f64, f64),
) -> Result<FrequencyChart<'a, DB>> {
    let ((x0, x1), (y0, y1)) = (axis_range("frequency", x)?, axis_range("y", y)?);
    root.fill(&WHITE).map_err(err)?;
    let mut builder = ChartBuilder::on(root);
    builder
        .margin(12)
        .x_label_area_size(th.label_size * 3)
        .y_label_area_size(th.label_size * 5);
    if let Some(title) = &th.title {
        builder.caption(title, (FONT, th.title_size));
    }
    builder.build_cartesian_2d(x0..x1, y0..y1).map_err(err)
}

/// Draws the grid and tick labels of `chart` in the theme's style, with axis labels `x_desc`
/// (none when empty) and `y_desc`.
pub(crate) fn draw_mesh<DB: DrawingBackend>(
    chart: &mut FrequencyChart<'_, DB>,
    th: &Theme,
    x_desc: &str,
    y_desc: &str,
) -> Result<()> {
    let mut mesh = chart.configure_mesh();
    if !x_desc.is_empty() {
        mesh.x_desc(x_desc);
    }
    mesh.y_desc(y_desc)
        .label_style((FONT, th.label_size))
        .axis_desc_style((FONT, th.label_size))
        .light_line_style(RGBColor(235, 235, 235))
        .bold_line_style(RGBColor(200, 200, 200))
        .draw()
        .map_err(err)
}

/// Draws the legend of the labelled series of `chart`, top right.
pub(crate) fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut FrequencyChart<'a, DB>,
    th: &Theme,
) -> Result<()> {
    chart
        .configure_series_labels()
        .label_font((FONT, th.label_size))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(160, 160, 160))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(err)
}

/// Parses `name` as a plottable feature: a real-valued transform (`s21_db`, `s_deg`...).
pub(crate) fn parse_feature(name: &str) -> Result<Feature> {
    let feature: Feature = name.parse()?;
    if feature.transform() == Transform::Complex {
        return Err(Error::Plot(format!(
            "feature `{name}` is complex: plot a real view of it such as `{name}_db`, `{name}_deg`, \
             `{name}_re` or `{name}_im` (or a Smith chart or polar plot)"
        )));
    }
    Ok(feature)
}

/// The traces of `feature` on a network's S (`(nfreq, N, N)`) over `freq`: one, or one per
/// entry for a feature of every trace (`s_db`).
pub(crate) fn feature_traces(
    feature: Feature,
    freq: &Frequency,
    s: ndarray::ArrayView3<'_, num_complex::Complex64>,
) -> Result<Vec<Trace>> {
    let n = s.dim().1;
    let singles: Vec<Feature> = if feature.is_single() {
        vec![feature]
    } else {
        (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| Feature::trace(i, j).with(feature.transform()))
            .collect()
    };
    singles
        .into_iter()
        .map(|f| {
            let entry = match (f.trace_ports(), f.two_port_metric()) {
                (Some((to, from)), _) => Network::entry_name(to, from).to_ascii_uppercase(),
                (None, Some(metric)) => metric.name().to_string(),
                (None, None) => unreachable!("single features name a trace or a figure"),
            };
            Ok(Trace {
                entry,
                transform: f.transform(),
                values: f.values(freq, s)?,
            })
        })
        .collect()
}

/// The y-axis description of a transform, with the unit its values are shown in.
pub(crate) fn axis_label(t: Transform, delay_unit: &str) -> String {
    match t {
        Transform::Re => "Re(S)".into(),
        Transform::Im => "Im(S)".into(),
        Transform::Mag => "|S|".into(),
        Transform::Db => "|S| (dB)".into(),
        Transform::Rad => "Phase (rad)".into(),
        Transform::Deg => "Phase (deg)".into(),
        Transform::GroupDelay => format!("Group delay ({delay_unit})"),
        _ => "S".into(),
    }
}

/// Splits a polyline at non-finite values (a zero `|S|` is `-inf` dB): each run of finite
/// points is drawn as its own line.
pub(crate) fn finite_runs(xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for (&x, &y) in xs.iter().zip(ys) {
        if x.is_finite() && y.is_finite() {
            run.push((x, y));
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// A `lo..hi` range that plotters can draw even when `lo == hi`.
pub(crate) fn widen(lo: f64, hi: f64) -> (f64, f64) {
    if hi > lo {
        (lo, hi)
    } else {
        let pad = if lo != 0.0 { 0.1 * lo.abs() } else { 1.0 };
        (lo - pad, hi + pad)
    }
}

/// Features of one or several networks against frequency.
///
/// The x axis is in the first network's display unit (`Frequency (GHz)`), the y axis names the
/// transform (`|S| (dB)`, `Phase (deg)`, `Group delay (ns)` in an engineering unit that fits).
/// Each trace is named by its entry (`S21`), prefixed by the network's name when several
/// networks are drawn, and suffixed by the transform when several transforms are.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
/// use pmrf::plot::Traces;
///
/// let freq = Frequency::linspace(0.1, 3.0, 101, FrequencyUnit::GHz)?;
/// let lowpass = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12)));
/// let net = lowpass.network(&freq)?.with_name("LC");
/// let svg = Traces::of(&net).features(["s21_db", "s11_db"]).title("LC low-pass").to_svg()?;
/// assert!(svg.contains("Frequency (GHz)") && svg.contains("S21") && svg.contains("S11"));
/// assert!(Traces::of(&net).features(["s21"]).to_svg().is_err()); // complex: pick a view
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Traces<'a> {
    networks: Vec<&'a Network>,
    features: Vec<String>,
    y_range: Option<(f64, f64)>,
    markers: Vec<f64>,
    theme: Theme,
}

impl<'a> Traces<'a> {
    /// A plot of every `|S_ij|` in dB of `network` (change it with [`Traces::features`]).
    pub fn of(network: &'a Network) -> Self {
        Traces::new().network(network)
    }

    /// An empty plot: add networks with [`Traces::network`]; the feature is `s_db` unless set.
    pub fn new() -> Self {
        Traces {
            networks: Vec::new(),
            features: Vec::new(),
            y_range: None,
            markers: Vec::new(),
            theme: Theme::default(),
        }
    }

    /// Adds a network; each one gets every feature.
    pub fn network(mut self, network: &'a Network) -> Self {
        self.networks.push(network);
        self
    }

    /// The features to draw, by name: `"s21_db"`, `"s11_mag"`, `"s21_deg"` (unwrapped),
    /// `"s21_rad"`, `"s21_gd"` (group delay), `"s21_re"`, `"s21_im"`, or `"s_db"` for every
    /// entry (see [`Feature`]). Parsed when drawn, so a bad name is an error of `save`.
    pub fn features<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.features = names.into_iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// Fixes the y axis to `[lo, hi]` (in the unit shown); parts of traces outside are clipped.
    /// A range that is not ascending and finite, whose width overflows, or narrower than 1e-12
    /// of its values is an error when drawn.
    pub fn y_range(mut self, lo: f64, hi: f64) -> Self {
        self.y_range = Some((lo, hi));
        self
    }

    /// Marks every trace at these frequencies (Hz), with a dot and its value, linearly
    /// interpolated between grid points. Frequencies outside a network's grid are skipped.
    pub fn markers(mut self, hz: impl IntoIterator<Item = f64>) -> Self {
        self.markers = hz.into_iter().collect();
        self
    }

    figure_methods!();
}

impl Default for Traces<'_> {
    fn default() -> Self {
        Traces::new()
    }
}

/// The value of `ys` at `x` by linear interpolation on ascending `xs`; `None` outside.
pub(crate) fn interp(xs: &[f64], ys: &[f64], x: f64) -> Option<f64> {
    let (first, last) = (*xs.first()?, *xs.last()?);
    if !(x >= first && x <= last) {
        return None;
    }
    let k = xs.partition_point(|&v| v < x);
    if k == 0 {
        return Some(ys[0]);
    }
    let (x0, x1, y0, y1) = (xs[k - 1], xs[k], ys[k - 1], ys[k]);
    Some(if x1 > x0 {
        y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    } else {
        y1
    })
}

impl Draw for Traces<'_> {
    fn theme(&self) -> &Theme {
        &self.theme
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea> {
        if self.networks.is_empty() {
            return Err(Error::Plot("nothing to plot: add a network".into()));
        }
        if let Some(net) = self
            .networks
            .iter()
            .find(|n| n.is_empty() || n.nports() == 0)
        {
            return Err(Error::Plot(format!(
                "network `{}` is empty: nothing to plot",
                net.name()
            )));
        }
        let names: Vec<String> = if self.features.is_empty() {
            vec!["s_db".into()]
        } else {
            self.features.clone()
        };
        let features = names
            .iter()
            .map(|n| parse_feature(n))
            .collect::<Result<Vec<_>>>()?;
        let unit: FrequencyUnit = self.networks[0].frequency().unit();
        let several_nets = self.networks.len() > 1;
        let mut transforms: Vec<Transform> = features.iter().map(|f| f.transform()).collect();
        transforms.dedup();
        let several_transforms = {
            let mut t = transforms.clone();
            t.sort_by_key(|t| t.suffix());
            t.dedup();
            t.len() > 1
        };

        // (label, x values, y values, net index)
        let mut lines: Vec<(String, Vec<f64>, Vec<f64>)> = Vec::new();
        let mut max_delay: f64 = 0.0;
        let mut raw: Vec<(String, Transform, Vec<f64>, Vec<f64>)> = Vec::new();
        for (k, net) in self.networks.iter().enumerate() {
            let xs: Vec<f64> = net
                .frequency()
                .hz()
                .iter()
                .map(|f| f / unit.multiplier())
                .collect();
            for &feature in &features {
                for trace in feature_traces(feature, net.frequency(), net.s().view())? {
                    let mut label = trace.entry.clone();
                    if several_transforms {
                        label = format!("{label} {}", trace.transform.suffix());
                    }
                    if several_nets {
                        let name = if net.name().is_empty() {
                            format!("network {}", k + 1)
                        } else {
                            net.name().to_string()
                        };
                        label = format!("{name}: {label}");
                    }
                    if trace.transform == Transform::GroupDelay {
                        for v in &trace.values {
                            if v.is_finite() {
                                max_delay = max_delay.max(v.abs());
                            }
                        }
                    }
                    raw.push((label, trace.transform, xs.clone(), trace.values));
                }
            }
        }
        let (delay_scale, delay_unit) = engineering(max_delay, "s");
        let mut ylabels: Vec<String> = Vec::new();
        for (label, t, xs, mut ys) in raw {
            if t == Transform::GroupDelay {
                ys.iter_mut().for_each(|v| *v *= delay_scale);
            }
            let yl = axis_label(t, &delay_unit);
            if !ylabels.contains(&yl) {
                ylabels.push(yl);
            }
            lines.push((label, xs, ys));
        }

        draw_lines(
            root,
            &self.theme,
            &LineChart {
                lines: &lines,
                x_desc: format!("Frequency ({})", unit.symbol()),
                y_desc: ylabels.join(", "),
                y_range: self.y_range,
                markers: &self
                    .markers
                    .iter()
                    .map(|m| m / unit.multiplier())
                    .collect::<Vec<_>>(),
                limits: &[],
            },
        )
    }
}

/// What [`draw_lines`] draws: labelled polylines against frequency, with axis titles, an
/// optional fixed y range, markers and dashed horizontal limits.
pub(crate) struct LineChart<'l> {
    /// `(label, x values in the display unit, y values)` per line.
    pub lines: &'l [(String, Vec<f64>, Vec<f64>)],
    /// The x axis title.
    pub x_desc: String,
    /// The y axis title.
    pub y_desc: String,
    /// A fixed y range, else one fitted to the lines and limits.
    pub y_range: Option<(f64, f64)>,
    /// Where to mark every line, in the x axis' unit.
    pub markers: &'l [f64],
    /// `(label, y)` of each horizontal dashed limit line.
    pub limits: &'l [(String, f64)],
}

/// Draws `spec` on `root`: the chart, grid, lines (split at non-finite values, clipped to the
/// y range), markers, limits and legend, and returns the plotting area. Shared by [`Traces`]
/// and [`Curves`](super::Curves).
pub(crate) fn draw_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    spec: &LineChart<'_>,
) -> Result<PixelArea> {
    let lines = spec.lines;
    let (x0, x1) = {
        let lo = lines
            .iter()
            .flat_map(|l| l.1.first())
            .fold(f64::INFINITY, |a, &b| a.min(b));
        let hi = (lines.iter().flat_map(|l| l.1.last())).fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        widen(lo, hi)
    };
    let (y0, y1) = y_range(spec.y_range, || {
        auto_range((lines.iter().flat_map(|l| l.2.iter())).chain(spec.limits.iter().map(|l| &l.1)))
    })?;

    let mut chart = frequency_chart(root, th, (x0, x1), (y0, y1))?;
    draw_mesh(&mut chart, th, &spec.x_desc, &spec.y_desc)?;

    let plotting = chart.plotting_area().clone();
    for (i, (label, xs, ys)) in lines.iter().enumerate() {
        let color = th.color(i);
        let style = color.stroke_width(th.line_width);
        let mut first = true;
        for run in finite_runs(xs, ys) {
            let clipped = clip_run(&run, (y0, y1));
            for part in clipped {
                let series = chart
                    .draw_series(LineSeries::new(part, style))
                    .map_err(err)?;
                if first {
                    series.label(label.as_str()).legend(move |(x, y)| {
                        Rectangle::new([(x, y - 3), (x + 18, y + 3)], color.filled())
                    });
                    first = false;
                }
            }
        }
        for &mx in spec.markers {
            if let Some(v) = interp(xs, ys, mx).filter(|v| v.is_finite() && *v >= y0 && *v <= y1) {
                super::marker(&plotting, (mx, v), color, trimmed(v, 3), th)?;
            }
        }
    }
    for (k, (label, y)) in spec.limits.iter().enumerate() {
        if !(y.is_finite() && *y >= y0 && *y <= y1) {
            continue; // outside a fixed range: nothing to draw
        }
        let color = th.color(lines.len() + k);
        let style = color.stroke_width(th.line_width);
        chart
            .draw_series(DashedLineSeries::new([(x0, *y), (x1, *y)], 8, 5, style))
            .map_err(err)?
            .label(label.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], style));
    }
    draw_legend(&mut chart, th)?;
    let (x, y) = chart.plotting_area().get_pixel_range();
    Ok(PixelArea { x, y })
}

/// Cuts a polyline to the band `y0 <= y <= y1`, adding the crossing points, so a fixed y range
/// never draws outside the plotting area.
pub(crate) fn clip_run(run: &[(f64, f64)], (y0, y1): (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let inside = |y: f64| y >= y0 && y <= y1;
    let cross = |a: (f64, f64), b: (f64, f64), y: f64| {
        let t = (y - a.1) / (b.1 - a.1);
        (a.0 + t * (b.0 - a.0), y)
    };
    let mut parts = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for (k, &p) in run.iter().enumerate() {
        if k > 0 {
            let q = run[k - 1];
            // Crossings of the two edges between q and p, in order along the segment.
            let mut hits: Vec<(f64, f64)> = [y0, y1]
                .into_iter()
                .filter(|&y| (q.1 - y) * (p.1 - y) < 0.0)
                .map(|y| cross(q, p, y))
                .collect();
            hits.sort_by(|a, b| {
                let da = (a.0 - q.0).abs();
                let db = (b.0 - q.0).abs();
                da.total_cmp(&db)
            });
            for h in hits {
                if cur.is_empty() {
                    cur.push(h);
                } else {
                    cur.push(h);
                    parts.push(std::mem::take(&mut cur));
                }
            }
        }
        if inside(p.1) {
            cur.push(p);
        } else if !cur.is_empty() {
            parts.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts.retain(|p| !p.is_empty());
    parts
}
