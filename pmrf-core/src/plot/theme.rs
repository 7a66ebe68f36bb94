//! The look shared by every plot (size, title, font sizes that scale with the picture, a
//! colour-blind-safe colour cycle) and the output formats.

use std::path::Path;

use plotters::style::RGBColor;

use crate::{Error, Result};

/// The image format of a plot file, from the path's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// A PNG bitmap (`.png`).
    Png,
    /// Scalable vector graphics (`.svg`).
    Svg,
}

impl ImageFormat {
    /// The format named by `path`'s extension, case-insensitive.
    ///
    /// ```
    /// use std::path::Path;
    /// use pmrf::plot::ImageFormat;
    ///
    /// assert_eq!(ImageFormat::from_path(Path::new("s21.SVG"))?, ImageFormat::Svg);
    /// assert_eq!(ImageFormat::from_path(Path::new("plots/s21.png"))?, ImageFormat::Png);
    /// assert!(ImageFormat::from_path(Path::new("s21.jpg")).is_err());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Plot`] for a missing or other extension.
    pub fn from_path(path: &Path) -> Result<ImageFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => Ok(ImageFormat::Png),
            Some("svg") => Ok(ImageFormat::Svg),
            _ => Err(Error::Plot(format!(
                "cannot tell the format of `{}`: use the extension .png or .svg",
                path.display()
            ))),
        }
    }
}

/// Size, title, font sizes and colours of a plot.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Width and height in pixels (SVG user units), each at most
    /// [`MAX_SIDE`](super::MAX_SIDE) (checked when drawn).
    pub size: (u32, u32),
    /// The title above the plot, if any.
    pub title: Option<String>,
    /// Font size of the title, in pixels, at the default 900 x 600 size (see
    /// [`Theme::scale`]).
    pub title_size: u32,
    /// Font size of axis descriptions, tick labels and the legend, in pixels, at the default
    /// size.
    pub label_size: u32,
    /// Line width of traces, in pixels, at the default size.
    pub line_width: u32,
    /// Trace colours, used in turn.
    pub palette: Vec<RGBColor>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            size: (900, 600),
            title: None,
            title_size: 22,
            label_size: 15,
            line_width: 2,
            palette: BRIGHT.to_vec(),
        }
    }
}

/// Paul Tol's "bright" scheme (<https://personal.sron.nl/~pault/>): seven colours that stay
/// distinct for the common forms of colour blindness and in greyscale print, dark enough for
/// thin lines on white. Chosen over Okabe-Ito, whose yellow is hard to see as a line on white.
pub const BRIGHT: [RGBColor; 7] = [
    RGBColor(68, 119, 170),  // blue
    RGBColor(238, 102, 119), // red
    RGBColor(34, 136, 51),   // green
    RGBColor(204, 187, 68),  // yellow
    RGBColor(102, 204, 238), // cyan
    RGBColor(170, 51, 119),  // purple
    RGBColor(187, 187, 187), // grey
];

impl Theme {
    /// How much larger than the default 900 x 600 picture this one is: the square root of the
    /// ratio of areas, between 0.7 and 3. Font sizes, line widths and margins are multiplied
    /// by it, so a picture looks the same at any size.
    ///
    /// ```
    /// use pmrf::plot::Theme;
    ///
    /// let big = Theme { size: (1800, 1200), ..Theme::default() };
    /// assert_eq!(big.scale(), 2.0);
    /// assert_eq!(big.scaled_label_size(), 30);
    /// assert_eq!(Theme::default().scaled_title_size(), 22);
    /// ```
    pub fn scale(&self) -> f64 {
        let (w, h) = self.size;
        (f64::from(w) * f64::from(h) / (900.0 * 600.0))
            .sqrt()
            .clamp(0.7, 3.0)
    }

    /// [`label_size`](Theme::label_size) at this picture's [`scale`](Theme::scale).
    pub fn scaled_label_size(&self) -> u32 {
        self.scaled(self.label_size)
    }

    /// [`title_size`](Theme::title_size) at this picture's [`scale`](Theme::scale).
    pub fn scaled_title_size(&self) -> u32 {
        self.scaled(self.title_size)
    }

    /// [`line_width`](Theme::line_width) at this picture's [`scale`](Theme::scale).
    pub fn scaled_line_width(&self) -> u32 {
        self.scaled(self.line_width)
    }

    /// The margin around charts (12 pixels at the default size).
    pub fn scaled_margin(&self) -> u32 {
        self.scaled(12)
    }

    fn scaled(&self, v: u32) -> u32 {
        ((f64::from(v) * self.scale()).round() as u32).max(1)
    }

    /// The colour of the `i`-th trace.
    pub fn color(&self, i: usize) -> RGBColor {
        if self.palette.is_empty() {
            RGBColor(0, 0, 0)
        } else {
            self.palette[i % self.palette.len()]
        }
    }
}
