//! The polar plot of complex entries.

use num_complex::Complex64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::smith::{Canvas, Look, complex_traces, signed};
use super::ticks;
use super::{Draw, FONT, PixelArea, Theme, axis_range, err, figure_methods};
use crate::{Network, Result};

/// The smallest "nice" number (1, 2 or 5 times a power of ten) at least `v`.
fn nice_ceil(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= v * (1.0 - 1e-12) {
            return m * p;
        }
    }
    10.0 * p
}

/// The angle of spoke `k` (every 30°) as labelled: `0°` to `180°` counter-clockwise above the
/// real axis, `−30°` to `−150°` below it.
fn spoke_label(k: i32) -> String {
    let deg = if k <= 6 { k * 30 } else { k * 30 - 360 };
    format!("{}°", signed(f64::from(deg), false))
}

/// Complex entries in the complex plane, with magnitude rings and angle spokes.
///
/// The outer ring is the smallest of 1, 2, 5 × 10^k at or above the largest magnitude drawn;
/// rings at nice steps share it (`0.2, 0.4, ... 1` for a passive entry), labelled along the 15°
/// ray. Spokes every 30° are labelled in degrees outside the outer ring: `0°` to `180°`
/// counter-clockwise above the real axis and `−30°` to `−150°` below it (with a real minus
/// sign). Traces, their legend (beside the plot), the open start and filled stop dots and the
/// markers with their frequency are drawn as on the [`SmithChart`](super::SmithChart). The
/// plotting area of [`Raster`](super::Raster) and [`Layout`](super::Layout) is the square around
/// the outer ring.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
/// use pmrf::plot::Polar;
///
/// let freq = Frequency::linspace(0.1, 3.0, 101, FrequencyUnit::GHz)?;
/// let net = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12))).network(&freq)?;
/// let svg = Polar::of(&net, "s21").to_svg()?;
/// assert!(svg.contains("S21") && svg.contains("90°") && svg.contains("\u{2212}30°"));
/// assert!(svg.contains("0.2") && svg.contains("0.8")); // the rings
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Polar<'a> {
    networks: Vec<&'a Network>,
    entries: Vec<String>,
    markers: Vec<f64>,
    theme: Theme,
}

impl<'a> Polar<'a> {
    /// The entry `entry` (`"s21"`) of `network`.
    pub fn of(network: &'a Network, entry: &str) -> Self {
        Polar::new().network(network).entries([entry])
    }

    /// An empty plot: add networks with [`Polar::network`]; every entry is drawn unless
    /// [`Polar::entries`] names some.
    pub fn new() -> Self {
        let theme = Theme {
            size: (700, 700),
            ..Theme::default()
        };
        Polar {
            networks: Vec::new(),
            entries: Vec::new(),
            markers: Vec::new(),
            theme,
        }
    }

    /// Adds a network.
    pub fn network(mut self, network: &'a Network) -> Self {
        self.networks.push(network);
        self
    }

    /// The entries to draw (`"s21"`, `"s11"`).
    pub fn entries<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.entries = names.into_iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// Marks every trace at these frequencies (Hz), linearly interpolated between grid points.
    pub fn markers(mut self, hz: impl IntoIterator<Item = f64>) -> Self {
        self.markers = hz.into_iter().collect();
        self
    }

    figure_methods!();
}

impl Default for Polar<'_> {
    fn default() -> Self {
        Polar::new()
    }
}

impl Draw for Polar<'_> {
    fn theme(&self) -> &Theme {
        &self.theme
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea> {
        let traces = complex_traces(&self.networks, &self.entries, |n| {
            (0..n)
                .flat_map(|i| (0..n).map(move |j| Network::entry_name(i, j)))
                .collect()
        })?;
        let max = (traces.iter().flat_map(|t| t.2.iter()))
            .map(|z| z.norm())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let outer = nice_ceil(max);
        axis_range("polar magnitude", (-outer, outer))?;
        let th = &self.theme;
        let legend: Vec<(String, RGBColor)> = (traces.iter().enumerate())
            .map(|(i, t)| (t.0.clone(), th.color(i)))
            .collect();
        let look = Look::of(th);
        let probe = TextStyle::from((FONT, look.grid_label).into_font());
        let widest = root
            .estimate_text_size("\u{2212}150°", &probe)
            .map_err(err)?
            .0 as i32;
        let mut c = Canvas::new(root, th, outer, widest + 2 * look.gap, &legend)?;
        let grid = RGBColor(190, 190, 190);
        let ink = RGBColor(90, 90, 90);
        let origin = Complex64::new(0.0, 0.0);
        let rings: Vec<ticks::Tick> = ticks::linear(0.0, outer, "", 6)
            .into_iter()
            .filter(|t| t.value > 0.0)
            .collect();
        for k in 0..12 {
            let a = f64::from(k * 30).to_radians();
            c.path(
                [origin, Complex64::from_polar(outer, a)],
                grid.stroke_width(look.thin),
            )?;
            let text = spoke_label(k);
            let wh = c.measure(&text, look.grid_label)?;
            let at = c.beside_circle(outer, a, wh, true);
            c.put(&text, look.grid_label, ink, at)?;
        }
        let ray = 15f64.to_radians();
        for ring in &rings {
            let last = ring.value >= outer * (1.0 - 1e-9);
            let style = if last {
                ink.stroke_width(look.thin + 1)
            } else {
                grid.stroke_width(look.thin)
            };
            c.circle(origin, ring.value, style)?;
            let (x, y) = c.px(Complex64::from_polar(ring.value, ray));
            let wh = c.measure(&ring.label, look.grid_label)?;
            let g = look.gap / 2;
            let corners = [(x + g, y - g - wh.1), (x - g - wh.0, y + g)];
            c.put_free(&ring.label, look.grid_label, ink, &corners)?;
        }
        c.traces(&traces, th, &self.markers, 1.05 * outer)?;
        Ok(c.area())
    }
}
