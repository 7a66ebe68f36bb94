//! Named curves against frequency: any values computed per grid point (noise figure, gain,
//! stability factor), drawn like [`Traces`](super::Traces).

use std::borrow::Borrow;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::rect::{LineChart, draw_lines};
use super::{Draw, PixelArea, Theme, figure_methods};
use crate::{Error, Frequency, Result};

/// Named curves of values against frequency, one value per grid point: what is not a feature
/// of a [`Network`](crate::Network), such as a noise figure, a gain or the stability factor mu
/// of a model over its grid.
///
/// The x axis is the frequency with SI prefixes (`1.5 GHz`), linear or
/// [logarithmic](Curves::log_frequency); the y axis is titled by [`Curves::y_label`], its
/// ticks in [`Curves::y_unit`] (plain numbers by default). NaN (and infinite) values are gaps in their curve. Optional dashed
/// horizontal [`limit`](Curves::limit)s mark goals. Curves are checked when drawn: none, or one
/// whose length is not the grid's, is an [`Error::Plot`] naming it.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::plot::Curves;
///
/// let freq = Frequency::linspace(1.0, 3.0, 21, FrequencyUnit::GHz)?;
/// let nf_db: Vec<f64> = freq.hz().iter().map(|f| 0.5 + 0.3 * f / 1e9).collect();
/// let mut nfmin_db: Vec<f64> = nf_db.iter().map(|nf| nf - 0.2).collect();
/// nfmin_db[10] = f64::NAN; // a gap
/// let svg = Curves::new(&freq)
///     .curve("NF", &nf_db)
///     .curve("NF min", &nfmin_db)
///     .limit("goal", 1.5)
///     .y_label("Noise figure (dB)")
///     .y_range(0.0, 3.0)
///     .title("LNA")
///     .to_svg()?;
/// assert!(svg.contains("Frequency") && svg.contains("2 GHz") && svg.contains("NF min"));
/// assert!(svg.contains("goal"));
///
/// // The stability factor of a resistive pad (an `Array1`, as `amplifier::sweep` returns)
/// // against the goal mu > 1.
/// use pmrf::components::{SeriesR, ShuntR};
/// use pmrf::network::amplifier;
/// let pad = Cascade::new((SeriesR::new(50.0), ShuntR::new(50.0)));
/// let mu = amplifier::sweep(&pad, &freq, amplifier::mu);
/// let svg = Curves::new(&freq).curve("mu", mu).limit("mu = 1", 1.0).y_label("mu").to_svg()?;
/// assert!(svg.contains("mu = 1"));
///
/// // A curve must have one value per grid point.
/// assert!(Curves::new(&freq).curve("short", [1.0, 2.0]).to_svg().is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Curves {
    /// The grid in Hz.
    x: Vec<f64>,
    curves: Vec<(String, Vec<f64>)>,
    limits: Vec<(String, f64)>,
    y_label: String,
    y_unit: String,
    log_frequency: bool,
    y_range: Option<(f64, f64)>,
    markers: Vec<f64>,
    theme: Theme,
}

impl Curves {
    /// A plot over `freq`, with no curves yet: add them with [`Curves::curve`].
    pub fn new(freq: &Frequency) -> Self {
        Curves {
            x: freq.hz().to_vec(),
            curves: Vec::new(),
            limits: Vec::new(),
            y_label: String::new(),
            y_unit: String::new(),
            log_frequency: false,
            y_range: None,
            markers: Vec::new(),
            theme: Theme::default(),
        }
    }

    /// Adds a curve named `name` (its legend entry): one value per grid point, in the y axis'
    /// unit, NaN for a gap. Takes a slice, a `Vec`, an `ndarray::Array1` or a reference to
    /// one (`&nf_db`), or any iterator of values. A length other than the grid's is an error
    /// when drawn.
    pub fn curve<V: Borrow<f64>>(
        mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let values = values.into_iter().map(|v| *v.borrow()).collect();
        self.curves.push((name.into(), values));
        self
    }

    /// Adds a dashed horizontal line at `y` named `name` (its legend entry), such as a goal
    /// (`.limit("mu = 1", 1.0)`). It counts in the automatic y range; outside a fixed one it
    /// is not drawn.
    pub fn limit(mut self, name: impl Into<String>, y: f64) -> Self {
        self.limits.push((name.into(), y));
        self
    }

    /// Sets the y axis title (`"Noise figure (dB)"`); none by default.
    pub fn y_label(mut self, label: impl Into<String>) -> Self {
        self.y_label = label.into();
        self
    }

    /// Sets the unit of the y tick labels: SI prefixes are added to units that take them
    /// (`"s"` reads `250 ps`), not to `"dB"` or `"deg"`; none (plain numbers) by default.
    pub fn y_unit(mut self, unit: impl Into<String>) -> Self {
        self.y_unit = unit.into();
        self
    }

    /// Draws the frequency axis logarithmically, ticked at decades. A grid that reaches 0 Hz
    /// is an error when drawn.
    pub fn log_frequency(mut self, log: bool) -> Self {
        self.log_frequency = log;
        self
    }

    /// Fixes the y axis to `[lo, hi]`; parts of curves outside are clipped. A range that is
    /// not ascending and finite, whose width overflows, or narrower than 1e-12 of its values
    /// is an error when drawn.
    pub fn y_range(mut self, lo: f64, hi: f64) -> Self {
        self.y_range = Some((lo, hi));
        self
    }

    /// Marks every curve at these frequencies (Hz), with a dot and its value, linearly
    /// interpolated between grid points. Frequencies outside the grid are skipped.
    pub fn markers(mut self, hz: impl IntoIterator<Item = f64>) -> Self {
        self.markers = hz.into_iter().collect();
        self
    }

    figure_methods!();
}

impl Draw for Curves {
    fn theme(&self) -> &Theme {
        &self.theme
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea> {
        if self.x.is_empty() {
            return Err(Error::Plot(
                "the frequency grid is empty: nothing to plot".into(),
            ));
        }
        if self.curves.is_empty() {
            return Err(Error::Plot(
                "nothing to plot: add a curve with `Curves::curve`".into(),
            ));
        }
        if let Some((name, values)) = self.curves.iter().find(|c| c.1.len() != self.x.len()) {
            return Err(Error::Plot(format!(
                "curve `{name}` has {} values, expected one per frequency point: {}",
                values.len(),
                self.x.len()
            )));
        }
        let lines: Vec<(String, Vec<f64>, Vec<f64>)> = (self.curves.iter())
            .map(|(name, ys)| (name.clone(), self.x.clone(), ys.clone()))
            .collect();
        draw_lines(
            root,
            &self.theme,
            &LineChart {
                lines: &lines,
                y_desc: self.y_label.clone(),
                y_unit: self.y_unit.clone(),
                y_range: self.y_range,
                markers: &self.markers,
                limits: &self.limits,
                log_frequency: self.log_frequency,
            },
        )
    }
}
