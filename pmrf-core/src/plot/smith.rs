//! The Smith chart, and the square complex-plane layout it shares with the polar plot.

use num_complex::Complex64;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::{Draw, FONT, PixelArea, Theme, axis_range, err, figure_methods};
use crate::units::{engineering, trimmed};
use crate::{Error, Network, Result};

/// A chart over the complex plane on a square plotting area.
pub(crate) type Plane<'b, DB> = ChartContext<'b, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws the title and returns the largest square drawing area centred below it.
pub(crate) fn square_area<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
) -> Result<DrawingArea<DB, Shift>> {
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let title_h = if theme.title.is_some() {
        theme.title_size * 2
    } else {
        0
    };
    if let Some(title) = &theme.title {
        let style = TextStyle::from((FONT, theme.title_size).into_font()).pos(
            plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Top,
            ),
        );
        root.draw(&Text::new(title.clone(), (w as i32 / 2, 8), style))
            .map_err(err)?;
    }
    let side = w.min(h.saturating_sub(title_h)).max(20);
    let left = w.saturating_sub(side) / 2;
    let top = title_h + h.saturating_sub(title_h + side) / 2;
    Ok(root.margin(
        top,
        h.saturating_sub(top + side),
        left,
        w.saturating_sub(left + side),
    ))
}

/// A chart of `[-half, half]^2` on a square area, with its pixels per unit.
pub(crate) fn plane_chart<'b, DB: DrawingBackend>(
    square: &'b DrawingArea<DB, Shift>,
    half: f64,
) -> Result<(Plane<'b, DB>, f64)> {
    axis_range("complex plane", (-half, half))?;
    let chart = ChartBuilder::on(square)
        .margin(10)
        .build_cartesian_2d(-half..half, -half..half)
        .map_err(err)?;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let per_unit = f64::from(xr.end - xr.start) / (2.0 * half);
    Ok((chart, per_unit))
}

/// The reflection coefficient of the normalised impedance `z`: `(z - 1) / (z + 1)`, with
/// `z = inf` at 1.
fn gamma(z: Complex64) -> Complex64 {
    if z.norm().is_infinite() {
        Complex64::new(1.0, 0.0)
    } else {
        (z - 1.0) / (z + 1.0)
    }
}

/// The normalised resistances and reactances of the grid's circles and arcs.
const GRID: [f64; 6] = [0.0, 0.2, 0.5, 1.0, 2.0, 5.0];

/// The Smith chart: reflection traces over the impedance grid (normalised to each port's
/// reference impedance).
///
/// The grid has constant-resistance circles `r = 0, 0.2, 0.5, 1, 2, 5` (centre `r / (1 + r)`,
/// radius `1 / (1 + r)`) and constant-reactance arcs `x = ±0.2, ±0.5, ±1, ±2, ±5` (the images
/// of `z = r + jx`, `r >= 0`, under `Γ = (z - 1) / (z + 1)`), labelled on the real axis and
/// around the rim; [`SmithChart::admittance`] adds the admittance grid (the same mirrored,
/// `Γ -> -Γ`). In SVG the resistance circles are `<circle>` elements, the arcs and traces
/// `<polyline>`s.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
/// use pmrf::plot::SmithChart;
///
/// let freq = Frequency::linspace(0.1, 3.0, 101, FrequencyUnit::GHz)?;
/// let net = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12))).network(&freq)?;
/// let svg = SmithChart::of(&net).markers([1e9, 2e9]).to_svg()?;
/// assert_eq!(svg.matches("<circle").count() >= 6, true); // 6 resistance circles + markers
/// assert!(svg.contains("S11") && svg.contains("S22"));
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SmithChart<'a> {
    networks: Vec<&'a Network>,
    entries: Vec<String>,
    markers: Vec<f64>,
    admittance: bool,
    theme: Theme,
}

impl<'a> SmithChart<'a> {
    /// The reflections of `network` (`S11`, `S22`...) on a Smith chart.
    pub fn of(network: &'a Network) -> Self {
        SmithChart::new().network(network)
    }

    /// An empty chart: add networks with [`SmithChart::network`].
    pub fn new() -> Self {
        let theme = Theme {
            size: (700, 700),
            ..Theme::default()
        };
        SmithChart {
            networks: Vec::new(),
            entries: Vec::new(),
            markers: Vec::new(),
            admittance: false,
            theme,
        }
    }

    /// Adds a network.
    pub fn network(mut self, network: &'a Network) -> Self {
        self.networks.push(network);
        self
    }

    /// The entries to draw (`"s11"`, `"s22"`); every reflection `Sii` unless set.
    pub fn entries<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.entries = names.into_iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// Marks every trace at these frequencies (Hz), linearly interpolated between grid points,
    /// with the frequency as label. Frequencies outside a network's grid are skipped.
    pub fn markers(mut self, hz: impl IntoIterator<Item = f64>) -> Self {
        self.markers = hz.into_iter().collect();
        self
    }

    /// Draws the admittance grid too (constant-conductance circles and susceptance arcs).
    pub fn admittance(mut self, on: bool) -> Self {
        self.admittance = on;
        self
    }

    figure_methods!();
}

impl Default for SmithChart<'_> {
    fn default() -> Self {
        SmithChart::new()
    }
}

/// A complex trace: its label, frequencies (Hz) and values.
pub(crate) type ComplexTrace = (String, Vec<f64>, Vec<Complex64>);

/// The complex traces to draw: (label, frequencies in Hz, values) of the named entries, or of
/// `default` entries when none are named.
pub(crate) fn complex_traces(
    networks: &[&Network],
    entries: &[String],
    default: impl Fn(usize) -> Vec<String>,
) -> Result<Vec<ComplexTrace>> {
    if networks.is_empty() {
        return Err(Error::Plot("nothing to plot: add a network".into()));
    }
    let mut out = Vec::new();
    for (k, net) in networks.iter().enumerate() {
        if net.is_empty() || net.nports() == 0 {
            return Err(Error::Plot(format!(
                "network `{}` is empty: nothing to plot",
                net.name()
            )));
        }
        let names = if entries.is_empty() {
            default(net.nports())
        } else {
            entries.to_vec()
        };
        for name in names {
            let values = net.entry(&name)?.to_vec();
            let mut label = name.trim().to_ascii_uppercase();
            if networks.len() > 1 {
                let n = if net.name().is_empty() {
                    format!("network {}", k + 1)
                } else {
                    net.name().to_string()
                };
                label = format!("{n}: {label}");
            }
            out.push((label, net.frequency().hz().to_vec(), values));
        }
    }
    Ok(out)
}

/// The complex trace at `f` (Hz), linear between grid points; `None` outside the grid.
pub(crate) fn interp_complex(hz: &[f64], zs: &[Complex64], f: f64) -> Option<Complex64> {
    let re: Vec<f64> = zs.iter().map(|z| z.re).collect();
    let im: Vec<f64> = zs.iter().map(|z| z.im).collect();
    Some(Complex64::new(
        super::rect::interp(hz, &re, f)?,
        super::rect::interp(hz, &im, f)?,
    ))
}

/// A frequency in the engineering unit that fits (`1.5 GHz`).
pub(crate) fn format_hz(f: f64) -> String {
    let (scale, unit) = engineering(f.abs(), "Hz");
    format!("{} {unit}", trimmed(f * scale, 3))
}

/// Draws complex traces with their legend and markers on a plane chart.
pub(crate) fn draw_complex_traces<'b, DB: DrawingBackend + 'b>(
    chart: &mut Plane<'b, DB>,
    theme: &Theme,
    traces: &[ComplexTrace],
    markers: &[f64],
) -> Result<()> {
    for (i, (label, hz, zs)) in traces.iter().enumerate() {
        let color = theme.color(i);
        let xs: Vec<f64> = zs.iter().map(|z| z.re).collect();
        let ys: Vec<f64> = zs.iter().map(|z| z.im).collect();
        let mut first = true;
        for run in super::rect::finite_runs(&xs, &ys) {
            let series = chart
                .draw_series(LineSeries::new(run, color.stroke_width(theme.line_width)))
                .map_err(err)?;
            if first {
                series.label(label.as_str()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 3), (x + 18, y + 3)], color.filled())
                });
                first = false;
            }
        }
        for &m in markers {
            if let Some(z) =
                interp_complex(hz, zs, m).filter(|z| z.re.is_finite() && z.im.is_finite())
            {
                super::marker(
                    chart.plotting_area(),
                    (z.re, z.im),
                    color,
                    format_hz(m),
                    theme,
                )?;
            }
        }
    }
    if !traces.is_empty() {
        chart
            .configure_series_labels()
            .label_font((FONT, theme.label_size))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(160, 160, 160))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(err)?;
    }
    Ok(())
}

impl Draw for SmithChart<'_> {
    fn theme(&self) -> &Theme {
        &self.theme
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea> {
        let traces = complex_traces(&self.networks, &self.entries, |n| {
            (0..n).map(|i| Network::entry_name(i, i)).collect()
        })?;
        let th = &self.theme;
        let square = square_area(root, th)?;
        let (mut chart, per_unit) = plane_chart(&square, 1.18)?;
        let area = chart.plotting_area().clone();
        let grid = RGBColor(170, 170, 170);
        let rim = RGBColor(90, 90, 90);
        let adm = RGBColor(230, 160, 160);

        // The admittance grid first, under the impedance grid: the same, mirrored.
        let grids: &[(f64, RGBColor)] = if self.admittance {
            &[(-1.0, adm), (1.0, grid)]
        } else {
            &[(1.0, grid)]
        };
        for &(sign, color) in grids {
            for &r in &GRID {
                let (c, rad) = (r / (1.0 + r), 1.0 / (1.0 + r));
                let px = (rad * per_unit).round() as i32;
                let style = if r == 0.0 {
                    rim.stroke_width(2)
                } else {
                    color.stroke_width(1)
                };
                area.draw(&Circle::new((sign * c, 0.0), px, style))
                    .map_err(err)?;
            }
            for &x in GRID.iter().skip(1) {
                for sx in [x, -x] {
                    // z = r + j x for r = tan(theta), theta in [0, pi/2]: from the rim to 1.
                    let pts: Vec<(f64, f64)> = (0..=200)
                        .map(|k| {
                            let theta = f64::from(k) / 200.0 * std::f64::consts::FRAC_PI_2;
                            let r = if k == 200 { f64::INFINITY } else { theta.tan() };
                            let g = gamma(Complex64::new(r, sx));
                            (sign * g.re, sign * g.im)
                        })
                        .collect();
                    area.draw(&PathElement::new(pts, color.stroke_width(1)))
                        .map_err(err)?;
                }
            }
            area.draw(&PathElement::new(
                vec![(-1.0, 0.0), (1.0, 0.0)],
                color.stroke_width(1),
            ))
            .map_err(err)?;
        }

        // Labels: resistances along the real axis, reactances around the rim.
        let font = (FONT, th.label_size.saturating_sub(3).max(8))
            .into_font()
            .color(&rim);
        for &r in &GRID {
            let g = gamma(Complex64::new(r, 0.0));
            area.draw(&Text::new(
                trimmed(r, 3),
                (g.re + 0.01, 0.012),
                font.clone(),
            ))
            .map_err(err)?;
        }
        area.draw(&Text::new("∞", (1.01, 0.012), font.clone()))
            .map_err(err)?;
        for &x in GRID.iter().skip(1) {
            for sx in [x, -x] {
                let g = gamma(Complex64::new(0.0, sx)) * 1.07;
                let text = if sx > 0.0 {
                    format!("+j{}", trimmed(x, 3))
                } else {
                    format!("-j{}", trimmed(x, 3))
                };
                area.draw(&Text::new(text, (g.re - 0.04, g.im + 0.02), font.clone()))
                    .map_err(err)?;
            }
        }

        draw_complex_traces(&mut chart, th, &traces, &self.markers)?;
        let (x, y) = chart.plotting_area().get_pixel_range();
        Ok(PixelArea { x, y })
    }
}
