//! Plots (feature `plot`): the pictures RF engineers look at, written as PNG or SVG.
//!
//! - [`Traces`]: any feature of one or several networks against frequency (`|S|` in dB,
//!   magnitude, unwrapped phase, group delay, real and imaginary parts), with a legend of entry
//!   names (`S21`), grid and title.
//! - [`Curves`]: named curves of any values per frequency point (noise figure, gain, the
//!   stability factor mu), with dashed horizontal limits for goals.
//! - [`SmithChart`]: the impedance grid (constant-resistance circles, constant-reactance arcs,
//!   labelled), optionally the admittance grid, reflection traces and markers.
//! - [`Polar`]: a complex entry in the complex plane, with magnitude rings and angle spokes.
//! - [`BatchBand`]: the median and a percentile band of a feature over a batch, plus a few
//!   members as thin lines.
//! - [`FitPlot`]: measured points and the fitted model per feature, with the residual below.
//! - [`Corner`]: posterior samples, marginal histograms on the diagonal and pairwise scatter
//!   below it.
//!
//! The common case is one line, the file format taken from the extension (`.png` or `.svg`):
//!
//! ```no_run
//! use pmrf::prelude::*;
//! use pmrf::components::{SeriesL, ShuntC};
//!
//! let freq = Frequency::linspace(0.1, 3.0, 201, FrequencyUnit::GHz)?;
//! let net = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12))).network(&freq)?;
//! net.plot_db("lowpass.png")?; // every |S_ij| in dB
//! pmrf::plot::Traces::of(&net)
//!     .features(["s21_db", "s11_db"])
//!     .title("Low-pass")
//!     .y_range(-40.0, 0.0)
//!     .save("lowpass.svg")?;
//! # Ok::<(), pmrf::Error>(())
//! ```
//!
//! The frequency charts ([`Traces`], [`Curves`], [`BatchBand`], [`FitPlot`]) share one frame:
//!
//! - **Axes** name the quantity (`Frequency`, `|S21|`, `Phase`, `Group delay`) and the tick
//!   labels carry the unit with SI prefixes where they apply (`1.5 GHz`, `250 ps`, `−20 dB`
//!   with a real minus sign, plain numbers when dimensionless). Ticks sit at steps of 1, 2,
//!   2.5 or 5 times a power of ten, thinned until their labels, measured in the font drawn,
//!   do not touch; minor grid lines are lighter than major ones. `.log_frequency(true)` draws
//!   the frequency logarithmically, ticked at decades (a grid reaching 0 Hz is an error).
//! - **Series** are cut at non-finite values and clipped to their plotting area.
//! - **Legends** go to the inside corner where they cover none of the series, or right of the
//!   plotting area (which shrinks) when every corner would cover some.
//! - **Titles** shrink down to the label size, then end in `…`, to fit the width.
//! - **The look** ([`Theme`]): Paul Tol's colour-blind-safe "bright" colours, and font sizes,
//!   line widths and margins that scale with the picture ([`Theme::scale`]), the same in PNG
//!   and SVG.
//!
//! Text is drawn with DejaVu Sans, embedded in the library: no system font library
//! (fontconfig, freetype) is needed to build or to draw. SVG files name the family
//! `DejaVu Sans, sans-serif`, so viewers that have it draw the same glyphs as the PNG.

mod axes;
mod batch;
mod corner;
mod curves;
mod fit;
mod layout;
mod polar;
mod rect;
mod smith;
mod theme;
mod ticks;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

pub use batch::BatchBand;
pub use corner::Corner;
pub use curves::Curves;
pub use fit::FitPlot;
pub use layout::{Layout, Segment, TextBox};
pub use polar::Polar;
pub use rect::Traces;
pub use smith::SmithChart;
pub use theme::{BRIGHT, ImageFormat, Theme};
pub use ticks::AxisScale;

use crate::{Error, Network, Result};

/// The font family every plot uses, registered from the embedded DejaVu Sans. SVG files name it
/// as written here, so viewers pick DejaVu Sans, the font the PNG is drawn with, where it is
/// installed, and a sans-serif font otherwise.
pub(crate) const FONT: &str = "DejaVu Sans, sans-serif";

static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// Registers the embedded font once; every drawing calls it first.
fn ensure_font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Plot("the embedded font could not be read".into()))
    }
}

/// The largest width or height of a plot: 16384 pixels (SVG user units), so at most
/// 16384 x 16384 (768 MiB of RGB pixels in memory). Larger sizes are an [`Error::Plot`],
/// found before anything is allocated: beyond 65535 x 65535 the bitmap backend's 32-bit pixel
/// count overflows, and long before that the memory is more than a plot is worth.
pub const MAX_SIDE: u32 = 16_384;

/// Checks a plot's size against [`MAX_SIDE`].
fn check_size((width, height): (u32, u32)) -> Result<()> {
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(Error::Plot(format!(
            "size {width} x {height} pixels is too large: each side must be at most {MAX_SIDE}"
        )));
    }
    Ok(())
}

/// Checks that `[lo, hi]` is a range an axis (named `axis` in messages) can be drawn over:
/// finite, ascending, its width `hi - lo` finite, and at least 1e-12 of its larger end. A
/// width that overflows, or one too narrow for f64 to place ticks in, would send plotters'
/// tick search into an endless loop.
pub(crate) fn axis_range(axis: &str, (lo, hi): (f64, f64)) -> Result<(f64, f64)> {
    let width = hi - lo;
    let problem = if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        "is not an ascending pair of finite numbers"
    } else if !width.is_finite() {
        "is too wide: its width hi - lo is not finite in f64 (values must stay within about \
         ±8.9e307)"
    } else if width < 1e-12 * lo.abs().max(hi.abs()) {
        "is too narrow: its width must be at least 1e-12 of its values for ticks to be placed"
    } else {
        return Ok((lo, hi));
    };
    Err(Error::Plot(format!(
        "{axis} range [{lo:e}, {hi:e}] {problem}"
    )))
}

/// Turns a drawing backend's error into a [`Error::Plot`].
pub(crate) fn err<E: std::fmt::Display>(e: E) -> Error {
    Error::Plot(e.to_string())
}

/// Where the data lands in a rendered picture: the pixel ranges of the main chart's plotting
/// area (columns, rows; the top row is 0), as plotters lays it out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PixelArea {
    /// The columns of the plotting area.
    pub x: Range<i32>,
    /// The rows of the plotting area.
    pub y: Range<i32>,
}

/// A picture in memory: `width * height` RGB pixels, row-major, and where its data lies.
#[derive(Clone, Debug)]
pub struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// RGB bytes, 3 per pixel, row by row from the top.
    pub pixels: Vec<u8>,
    /// The main chart's plotting area.
    pub area: PixelArea,
}

impl Raster {
    /// The `[r, g, b]` of the pixel at column `x`, row `y` (`None` outside the picture).
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 3]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let at = 3 * (y as usize * self.width as usize + x as usize);
        Some([self.pixels[at], self.pixels[at + 1], self.pixels[at + 2]])
    }
}

/// What every plot does: draw itself on a drawing area of any backend.
pub(crate) trait Draw {
    /// The theme (size, fonts, colours) it is drawn with.
    fn theme(&self) -> &Theme;
    /// Draws on `root` and returns the main chart's plotting area.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea>;
}

/// Writes `plot` to `path`, PNG or SVG after the extension.
pub(crate) fn save<P: Draw>(plot: &P, path: &Path) -> Result<PathBuf> {
    let format = ImageFormat::from_path(path)?;
    let size = plot.theme().size;
    check_size(size)?;
    ensure_font()?;
    match format {
        ImageFormat::Png => {
            let root = BitMapBackend::new(path, size).into_drawing_area();
            plot.draw(&root)?;
            root.present()
                .map_err(|e| Error::Plot(format!("cannot write `{}`: {e}", path.display())))?;
        }
        ImageFormat::Svg => {
            let root = SVGBackend::new(path, size).into_drawing_area();
            plot.draw(&root)?;
            root.present()
                .map_err(|e| Error::Plot(format!("cannot write `{}`: {e}", path.display())))?;
        }
    }
    Ok(path.to_path_buf())
}

/// The SVG text of `plot`.
pub(crate) fn to_svg<P: Draw>(plot: &P) -> Result<String> {
    check_size(plot.theme().size)?;
    ensure_font()?;
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, plot.theme().size).into_drawing_area();
        plot.draw(&root)?;
        root.present().map_err(err)?;
    }
    Ok(text)
}

/// `plot` rendered in memory.
pub(crate) fn to_raster<P: Draw>(plot: &P) -> Result<Raster> {
    check_size(plot.theme().size)?;
    ensure_font()?;
    let (width, height) = plot.theme().size;
    let mut pixels = vec![0u8; 3 * width as usize * height as usize];
    let area = {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        let area = plot.draw(&root)?;
        root.present().map_err(err)?;
        area
    };
    Ok(Raster {
        width,
        height,
        pixels,
        area,
    })
}

/// Where `plot`'s texts and lines land, drawn by a backend that records instead of drawing.
pub(crate) fn to_layout<P: Draw>(plot: &P) -> Result<Layout> {
    check_size(plot.theme().size)?;
    ensure_font()?;
    let recorder = layout::Recorder::new(plot.theme().size);
    let layout = recorder.layout.clone();
    let area = plot.draw(&recorder.into_drawing_area())?;
    let mut layout = layout.take();
    layout.area = area;
    Ok(layout)
}

/// The output methods and the common builder steps every plot type shares.
macro_rules! figure_methods {
    () => {
        /// Writes the plot to `path`: PNG for `.png`, SVG for `.svg` (case-insensitive).
        /// Returns the path written.
        ///
        /// # Errors
        /// [`Error::Plot`](crate::Error::Plot) for another extension, a file that cannot be
        /// written, or nothing to draw; the errors of the features asked for.
        pub fn save(&self, path: impl AsRef<std::path::Path>) -> crate::Result<std::path::PathBuf> {
            crate::plot::save(self, path.as_ref())
        }

        /// The plot as SVG text.
        ///
        /// # Errors
        /// As [`save`](Self::save), without the file.
        pub fn to_svg(&self) -> crate::Result<String> {
            crate::plot::to_svg(self)
        }

        /// The plot rendered in memory as RGB pixels, with its plotting area.
        ///
        /// # Errors
        /// As [`save`](Self::save), without the file.
        pub fn to_raster(&self) -> crate::Result<crate::plot::Raster> {
            crate::plot::to_raster(self)
        }

        /// Where the plot's texts and lines land, without drawing it: for checking that no
        /// label overlaps another or runs off the image ([`Layout::check`](crate::plot::Layout::check)).
        ///
        /// # Errors
        /// As [`save`](Self::save), without the file.
        pub fn to_layout(&self) -> crate::Result<crate::plot::Layout> {
            crate::plot::to_layout(self)
        }

        /// Sets the title drawn above the plot.
        pub fn title(mut self, title: impl Into<String>) -> Self {
            self.theme.title = Some(title.into());
            self
        }

        /// Sets the size in pixels (SVG user units), at least 100 x 100; a side above
        /// [`MAX_SIDE`](crate::plot::MAX_SIDE) (16384) is an error when drawn.
        pub fn size(mut self, width: u32, height: u32) -> Self {
            self.theme.size = (width.max(100), height.max(100));
            self
        }

        /// Replaces the whole theme (size, title, font sizes, colours).
        pub fn with_theme(mut self, theme: crate::plot::Theme) -> Self {
            self.theme = theme;
            self
        }
    };
}
pub(crate) use figure_methods;

impl Network {
    /// Plots every `|S_ij|` in dB against frequency and writes it to `path` (`.png` or `.svg`):
    /// the one-line form of [`Traces::of(self).save(path)`](Traces). Returns the path written.
    ///
    /// # Errors
    /// [`Error::Plot`] for an unknown extension, an empty network or a file that cannot be
    /// written.
    pub fn plot_db(&self, path: impl AsRef<Path>) -> Result<PathBuf> {
        Traces::of(self).save(path)
    }

    /// Plots the reflection entries (`S11`, `S22`...) on a Smith chart and writes it to `path`.
    ///
    /// # Errors
    /// As [`Network::plot_db`].
    pub fn plot_smith(&self, path: impl AsRef<Path>) -> Result<PathBuf> {
        SmithChart::of(self).save(path)
    }
}

/// Draws a marker: a dot of the trace's colour at `at`, its label up and right of it.
pub(crate) fn marker<DB: DrawingBackend>(
    area: &DrawingArea<
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    at: (f64, f64),
    color: RGBColor,
    label: String,
    theme: &Theme,
) -> Result<()> {
    let size = theme.scaled_label_size();
    let font = (FONT, size).into_font().color(&BLACK);
    let element = EmptyElement::at(at)
        + Circle::new((0, 0), 5, color.filled())
        + Text::new(label, (8, -(size as i32) - 4), font);
    area.draw(&element).map_err(err)
}

/// A padded `[lo, hi]` range over the finite values, or `None` if there are none.
pub(crate) fn auto_range<'a>(values: impl IntoIterator<Item = &'a f64>) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in values {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if lo > hi {
        return None;
    }
    let span = hi - lo;
    if !span.is_finite() {
        return Some((lo, hi)); // too wide to pad: `axis_range` reports it
    }
    let pad = if span > 1e-12 * hi.abs().max(lo.abs()) && span > 0.0 {
        0.05 * span
    } else if lo != 0.0 {
        0.1 * lo.abs()
    } else {
        1.0
    };
    Some((lo - pad, hi + pad))
}
