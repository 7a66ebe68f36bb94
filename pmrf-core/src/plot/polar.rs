//! The polar plot of complex entries.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::smith::{complex_traces, draw_complex_traces, plane_chart, square_area};
use super::{Draw, FONT, PixelArea, Theme, err, figure_methods};
use crate::units::trimmed;
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

/// Complex entries in the complex plane, with magnitude rings and angle spokes.
///
/// The outer ring is the smallest of 1, 2, 5 × 10^k at or above the largest magnitude drawn;
/// four rings share it evenly and are labelled, spokes every 30° are labelled in degrees.
/// Markers at chosen frequencies as on the [`SmithChart`](super::SmithChart).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
/// use pmrf::plot::Polar;
///
/// let freq = Frequency::linspace(0.1, 3.0, 101, FrequencyUnit::GHz)?;
/// let net = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12))).network(&freq)?;
/// let svg = Polar::of(&net, "s21").to_svg()?;
/// assert!(svg.contains("S21") && svg.contains("90°"));
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
        let th = &self.theme;
        let square = square_area(root, th)?;
        let (mut chart, per_unit) = plane_chart(&square, 1.2 * outer)?;
        let area = chart.plotting_area().clone();
        let grid = RGBColor(190, 190, 190);
        let font = (FONT, th.label_size.saturating_sub(2).max(8))
            .into_font()
            .color(&RGBColor(90, 90, 90));
        for k in 1..=4 {
            let r = outer * f64::from(k) / 4.0;
            let style = if k == 4 {
                RGBColor(90, 90, 90).stroke_width(2)
            } else {
                grid.stroke_width(1)
            };
            area.draw(&Circle::new(
                (0.0, 0.0),
                (r * per_unit).round() as i32,
                style,
            ))
            .map_err(err)?;
            area.draw(&Text::new(
                trimmed(r, 3),
                (r * 0.71, r * 0.71),
                font.clone(),
            ))
            .map_err(err)?;
        }
        for k in 0..12 {
            let a = f64::from(k * 30).to_radians();
            let (c, s) = (a.cos(), a.sin());
            area.draw(&PathElement::new(
                vec![(0.0, 0.0), (outer * c, outer * s)],
                grid.stroke_width(1),
            ))
            .map_err(err)?;
            let deg = if k <= 6 { k * 30 } else { k * 30 - 360 };
            let at = 1.1 * outer;
            area.draw(&Text::new(
                format!("{deg}°"),
                (at * c - 0.05 * outer, at * s + 0.03 * outer),
                font.clone(),
            ))
            .map_err(err)?;
        }
        draw_complex_traces(&mut chart, th, &traces, &self.markers)?;
        let (x, y) = chart.plotting_area().get_pixel_range();
        Ok(PixelArea { x, y })
    }
}
