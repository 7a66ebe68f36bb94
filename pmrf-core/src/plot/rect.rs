//! Rectangular plots: features of networks against frequency.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{Axis, Legend, Mark, draw_title, frame_with_legend, frequency_axis};
use super::ticks::{AxisScale, label_value};
use super::{Draw, PixelArea, Theme, auto_range, axis_range, err, figure_methods};
use crate::fit::{Feature, Transform};
use crate::{Error, Frequency, Network, Result};

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

/// The quantity a transform shows (`|S21|`, `S21 phase`) of `entry` (`"S"` for several), and
/// the unit of its tick labels (`"dB"`, `"deg"`, `"s"` for a group delay, `""`).
pub(crate) fn quantity(t: Transform, entry: &str) -> (String, &'static str) {
    match t {
        Transform::Re => (format!("Re({entry})"), ""),
        Transform::Im => (format!("Im({entry})"), ""),
        Transform::Mag => (format!("|{entry}|"), ""),
        Transform::Db => (format!("|{entry}|"), "dB"),
        Transform::Rad => (phase(entry), "rad"),
        Transform::Deg => (phase(entry), "deg"),
        Transform::GroupDelay => (group_delay(entry), "s"),
        _ => (entry.to_string(), ""),
    }
}

fn phase(entry: &str) -> String {
    if entry == "S" {
        "Phase".into()
    } else {
        format!("{entry} phase")
    }
}

fn group_delay(entry: &str) -> String {
    if entry == "S" {
        "Group delay".into()
    } else {
        format!("{entry} group delay")
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
/// The x axis is the frequency in Hz, its ticks labelled with SI prefixes (`1.5 GHz`), linear
/// or [logarithmic](Traces::log_frequency); the y axis names the quantity (`|S21|`, `Phase`,
/// `Group delay`) and its ticks carry the unit (`−20 dB`, `90 deg`, `250 ps`). Each trace is
/// named by its entry (`S21`), prefixed by the network's name when several networks are drawn,
/// and suffixed by the transform when several transforms are. The legend sits in the corner of
/// the plotting area where it covers the least of the traces, or right of it when every
/// corner would cover some.
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
/// assert!(svg.contains("Frequency") && svg.contains("1 GHz") && svg.contains("S21"));
/// assert!(svg.contains("\u{2212}10 dB")); // a real minus sign
/// assert!(Traces::of(&net).features(["s21"]).to_svg().is_err()); // complex: pick a view
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Traces<'a> {
    networks: Vec<&'a Network>,
    features: Vec<String>,
    y_range: Option<(f64, f64)>,
    markers: Vec<f64>,
    log_frequency: bool,
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
            log_frequency: false,
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

    /// Fixes the y axis to `[lo, hi]` (in the unit shown; seconds for a group delay); parts
    /// of traces outside are clipped. A range that is not ascending and finite, whose width
    /// overflows, or narrower than 1e-12 of its values is an error when drawn.
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

    /// Draws the frequency axis logarithmically, ticked at decades (`1 MHz`, `10 MHz`...).
    /// A grid that reaches 0 Hz is an error when drawn.
    pub fn log_frequency(mut self, log: bool) -> Self {
        self.log_frequency = log;
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
        let several_nets = self.networks.len() > 1;
        let several_transforms = {
            let mut t: Vec<Transform> = features.iter().map(|f| f.transform()).collect();
            t.sort_by_key(|t| t.suffix());
            t.dedup();
            t.len() > 1
        };

        let mut lines: Vec<(String, Vec<f64>, Vec<f64>)> = Vec::new();
        let mut shown: Vec<(Transform, String)> = Vec::new();
        for (k, net) in self.networks.iter().enumerate() {
            let xs = net.frequency().hz().to_vec();
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
                    shown.push((trace.transform, trace.entry.clone()));
                    lines.push((label, xs.clone(), trace.values));
                }
            }
        }
        // One entry names itself on the axis (|S21|); several read as |S|.
        let mut entries: Vec<&str> = shown.iter().map(|s| s.1.as_str()).collect();
        entries.sort_unstable();
        entries.dedup();
        let entry = if entries.len() == 1 { entries[0] } else { "S" };
        let mut quantities: Vec<(String, &str)> = Vec::new();
        for (t, _) in &shown {
            let q = quantity(*t, entry);
            if !quantities.contains(&q) {
                quantities.push(q);
            }
        }
        let one_unit = quantities.iter().all(|q| q.1 == quantities[0].1);
        let (y_desc, y_unit) = if one_unit {
            let names: Vec<&str> = quantities.iter().map(|q| q.0.as_str()).collect();
            (names.join(", "), quantities[0].1)
        } else {
            let names: Vec<String> = quantities
                .iter()
                .map(|(q, u)| {
                    if u.is_empty() {
                        q.clone()
                    } else {
                        format!("{q} ({u})")
                    }
                })
                .collect();
            (names.join(", "), "")
        };

        draw_lines(
            root,
            &self.theme,
            &LineChart {
                lines: &lines,
                y_desc,
                y_unit: y_unit.to_string(),
                y_range: self.y_range,
                markers: &self.markers,
                limits: &[],
                log_frequency: self.log_frequency,
            },
        )
    }
}

/// What [`draw_lines`] draws: labelled polylines against frequency, with the y axis title and
/// unit, an optional fixed y range, markers and dashed horizontal limits.
pub(crate) struct LineChart<'l> {
    /// `(label, frequencies in Hz, y values)` per line.
    pub lines: &'l [(String, Vec<f64>, Vec<f64>)],
    /// The y axis title.
    pub y_desc: String,
    /// The unit of the y tick labels (`"dB"`, `"s"`, `""`).
    pub y_unit: String,
    /// A fixed y range, else one fitted to the lines and limits.
    pub y_range: Option<(f64, f64)>,
    /// Where to mark every line, in Hz.
    pub markers: &'l [f64],
    /// `(label, y)` of each horizontal dashed limit line.
    pub limits: &'l [(String, f64)],
    /// Whether the frequency axis is logarithmic.
    pub log_frequency: bool,
}

/// Draws `spec` on `root`: the title, axes, lines (split at non-finite values, clipped to the
/// plotting area), markers, limits and legend, and returns the plotting area. Shared by
/// [`Traces`] and [`Curves`](super::Curves).
pub(crate) fn draw_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    th: &Theme,
    spec: &LineChart<'_>,
) -> Result<PixelArea> {
    let lines = spec.lines;
    let lo = (lines.iter().flat_map(|l| l.1.first())).fold(f64::INFINITY, |a, &b| a.min(b));
    let hi = (lines.iter().flat_map(|l| l.1.last())).fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    let x = frequency_axis(lo, hi, spec.log_frequency)?;
    let (y0, y1) = y_range(spec.y_range, || {
        auto_range((lines.iter().flat_map(|l| l.2.iter())).chain(spec.limits.iter().map(|l| &l.1)))
    })?;
    let y = Axis {
        lo: y0,
        hi: y1,
        scale: AxisScale::Linear,
        unit: spec.y_unit.clone(),
        desc: spec.y_desc.clone(),
    };
    root.fill(&WHITE).map_err(err)?;
    let top = draw_title(root, th)?;
    let width = th.scaled_line_width();
    let limits: Vec<(usize, &(String, f64))> = (spec.limits.iter().enumerate())
        .filter(|(_, (_, y))| y.is_finite() && *y >= y0 && *y <= y1)
        .collect();
    let mut legend = Legend {
        entries: (lines.iter().enumerate())
            .map(|(i, l)| (l.0.clone(), Mark::Line(th.color(i))))
            .collect(),
    };
    legend.entries.extend(
        (limits.iter()).map(|(k, l)| (l.0.clone(), Mark::Dashed(th.color(lines.len() + k), width))),
    );
    let limit_xs = [x.lo, x.hi];
    let limit_ys: Vec<[f64; 2]> = limits.iter().map(|(_, l)| [l.1, l.1]).collect();
    let mut series: Vec<(&[f64], &[f64])> = lines
        .iter()
        .map(|l| (l.1.as_slice(), l.2.as_slice()))
        .collect();
    series.extend(limit_ys.iter().map(|ys| (&limit_xs[..], &ys[..])));
    let (mut frame, place) = frame_with_legend(root, th, (x, y), top, true, &legend, &series)?;
    frame.draw_axes()?;

    for (i, (_, xs, ys)) in lines.iter().enumerate() {
        frame.line(xs, ys, th.color(i).stroke_width(width))?;
    }
    for (k, (_, yv)) in &limits {
        let style = th.color(lines.len() + k).stroke_width(width);
        let (a, b) = (frame.point(limit_xs[0], *yv), frame.point(limit_xs[1], *yv));
        frame
            .chart
            .draw_series(DashedLineSeries::new([a, b], 8, 5, style))
            .map_err(err)?;
    }
    let plotting = frame.chart.plotting_area().clone();
    for (i, (_, xs, ys)) in lines.iter().enumerate() {
        for &mx in spec.markers {
            if let Some(v) = interp(xs, ys, mx).filter(|v| v.is_finite() && *v >= y0 && *v <= y1) {
                let text = label_value(v, &spec.y_unit);
                super::marker(&plotting, frame.point(mx, v), th.color(i), text, th)?;
            }
        }
    }
    frame.draw_legend(&legend, place)?;
    Ok(frame.pixel_area())
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
