//! Where everything in a picture lands: every text's box and every line drawn, recorded by a
//! drawing backend that draws nothing. Tests use it to prove that no two labels overlap and
//! that no label is cut at the edge of the image; the boxes are computed from the same font
//! metrics and anchors the PNG backend draws with.

use std::cell::RefCell;
use std::convert::Infallible;
use std::ops::Range;
use std::rc::Rc;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use super::PixelArea;
use crate::{Error, Result};

/// One text drawn: what it says and the pixels its glyphs cover (columns `x`, rows `y`; the
/// top row is 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextBox {
    /// The text.
    pub text: String,
    /// Its columns.
    pub x: Range<i32>,
    /// Its rows.
    pub y: Range<i32>,
}

impl TextBox {
    /// Whether `self` and `other` share at least one pixel.
    pub fn overlaps(&self, other: &TextBox) -> bool {
        self.x.start < other.x.end
            && other.x.start < self.x.end
            && self.y.start < other.y.end
            && other.y.start < self.y.end
    }

    /// Whether the box lies wholly inside a `width` x `height` image.
    pub fn inside(&self, width: u32, height: u32) -> bool {
        self.x.start >= 0
            && self.y.start >= 0
            && self.x.end <= width as i32
            && self.y.end <= height as i32
    }
}

/// One straight segment drawn (of a line, path or rectangle outline), with its colour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Start pixel (column, row).
    pub from: (i32, i32),
    /// End pixel (column, row).
    pub to: (i32, i32),
    /// Its colour as RGB.
    pub rgb: [u8; 3],
}

/// The layout of a rendered plot: its size, main plotting area, texts and line segments.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
///
/// let freq = Frequency::linspace(0.1, 3.0, 101, FrequencyUnit::GHz)?;
/// let net = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12))).network(&freq)?;
/// let layout = pmrf::plot::Traces::of(&net).to_layout()?;
/// layout.check()?; // no label overlaps another or runs off the image
/// assert!(layout.texts.iter().any(|t| t.text.contains("GHz")));
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Width of the image in pixels.
    pub width: u32,
    /// Height of the image in pixels.
    pub height: u32,
    /// The main chart's plotting area.
    pub area: PixelArea,
    /// Every non-blank text, in drawing order.
    pub texts: Vec<TextBox>,
    /// Every straight segment, in drawing order.
    pub lines: Vec<Segment>,
}

impl Layout {
    /// Every pair of texts that share a pixel.
    pub fn overlaps(&self) -> Vec<(&TextBox, &TextBox)> {
        let mut pairs = Vec::new();
        for (i, a) in self.texts.iter().enumerate() {
            for b in &self.texts[i + 1..] {
                if a.overlaps(b) {
                    pairs.push((a, b));
                }
            }
        }
        pairs
    }

    /// Every text that runs past an edge of the image.
    pub fn cut(&self) -> Vec<&TextBox> {
        self.texts
            .iter()
            .filter(|t| !t.inside(self.width, self.height))
            .collect()
    }

    /// `Ok` when no two texts overlap and none is cut.
    ///
    /// # Errors
    /// [`Error::Plot`] listing each overlapping pair and each cut text with its box.
    pub fn check(&self) -> Result<()> {
        let mut problems: Vec<String> = self
            .overlaps()
            .into_iter()
            .map(|(a, b)| format!("`{}` {:?} overlaps `{}` {:?}", a.text, a.x, b.text, b.x))
            .collect();
        problems.extend(self.cut().into_iter().map(|t| {
            format!(
                "`{}` (columns {:?}, rows {:?}) runs past the {} x {} image",
                t.text, t.x, t.y, self.width, self.height
            )
        }));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Plot(format!(
                "the layout has {} problem(s): {}",
                problems.len(),
                problems.join("; ")
            )))
        }
    }
}

/// A drawing backend that draws nothing and records where texts and lines land, into a
/// layout shared with its creator (the drawing area owns the backend).
pub(crate) struct Recorder {
    pub layout: Rc<RefCell<Layout>>,
}

impl Recorder {
    pub fn new((width, height): (u32, u32)) -> Self {
        Recorder {
            layout: Rc::new(RefCell::new(Layout {
                width,
                height,
                ..Layout::default()
            })),
        }
    }

    fn segment(&mut self, from: BackendCoord, to: BackendCoord, color: BackendColor) {
        if color.alpha > 0.0 {
            let (r, g, b) = color.rgb;
            self.layout.borrow_mut().lines.push(Segment {
                from,
                to,
                rgb: [r, g, b],
            });
        }
    }
}

type Drawn = std::result::Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for Recorder {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        let layout = self.layout.borrow();
        (layout.width, layout.height)
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, _: BackendCoord, _: BackendColor) -> Drawn {
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, s: &S) -> Drawn {
        self.segment(from, to, s.color());
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        s: &S,
        _fill: bool,
    ) -> Drawn {
        let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
        for w in corners.windows(2) {
            self.segment(w[0], w[1], s.color());
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Drawn {
        let points: Vec<BackendCoord> = path.into_iter().collect();
        for w in points.windows(2) {
            self.segment(w[0], w[1], s.color());
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(&mut self, _: BackendCoord, _: u32, _: &S, _: bool) -> Drawn {
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        _: I,
        _: &S,
    ) -> Drawn {
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        if text.trim().is_empty() || style.color().alpha == 0.0 {
            return Ok(());
        }
        // The same placement as plotters' default `draw_text`, which the PNG backend uses.
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let t = style.transform();
        let (ax, ay) = t.transform(dx, dy);
        let (bx, by) = t.transform(dx + width, dy + height);
        self.layout.borrow_mut().texts.push(TextBox {
            text: text.to_string(),
            x: pos.0 + ax.min(bx)..pos.0 + ax.max(bx),
            y: pos.1 + ay.min(by)..pos.1 + ay.max(by),
        });
        Ok(())
    }
}
