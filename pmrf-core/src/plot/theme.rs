//! The look shared by every plot (size, title, font sizes, colours) and the output formats.

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
    /// Font size of the title, in pixels.
    pub title_size: u32,
    /// Font size of axis descriptions, tick labels and the legend, in pixels.
    pub label_size: u32,
    /// Line width of traces, in pixels.
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
            // The "tab10" colours of matplotlib, which RF engineers are used to.
            palette: vec![
                RGBColor(31, 119, 180),
                RGBColor(255, 127, 14),
                RGBColor(44, 160, 44),
                RGBColor(214, 39, 40),
                RGBColor(148, 103, 189),
                RGBColor(140, 86, 75),
                RGBColor(227, 119, 194),
                RGBColor(127, 127, 127),
                RGBColor(188, 189, 34),
                RGBColor(23, 190, 207),
            ],
        }
    }
}

impl Theme {
    /// The colour of the `i`-th trace.
    pub fn color(&self, i: usize) -> RGBColor {
        if self.palette.is_empty() {
            RGBColor(0, 0, 0)
        } else {
            self.palette[i % self.palette.len()]
        }
    }
}
