//! The Smith chart, and the round complex-plane canvas it shares with the polar plot.
//!
//! Both are drawn in pixels on a [`Canvas`]: the title on top, the chart as large as the image
//! allows with room for its rim labels, the legend beside it (never on the chart), and every
//! label placed where no earlier one lies, by measuring its text.

use num_complex::Complex64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ticks::label_value;
use super::{Draw, FONT, PixelArea, Theme, err, figure_methods};
use crate::units::trimmed;
use crate::{Error, Network, Result};

/// Font sizes, line widths and dot radii for one image: the theme's, scaled with the image's
/// smaller side (1 at 600 pixels, between 0.75 and 3), so that a 480 x 360 thumbnail and an
/// 1800 x 1200 print read alike.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Look {
    pub title: u32,
    pub label: u32,
    pub grid_label: u32,
    pub line: u32,
    pub thin: u32,
    pub dot: i32,
    pub gap: i32,
}

impl Look {
    pub fn of(theme: &Theme) -> Look {
        let k = (f64::from(theme.size.0.min(theme.size.1)) / 600.0).clamp(0.75, 3.0);
        let px = |v: f64| (v * k).round().max(1.0);
        Look {
            title: px(f64::from(theme.title_size)).max(12.0) as u32,
            label: px(f64::from(theme.label_size)).max(10.0) as u32,
            grid_label: px(0.85 * f64::from(theme.label_size)).max(9.0) as u32,
            line: px(f64::from(theme.line_width)) as u32,
            thin: px(1.0) as u32,
            dot: px(4.0).max(4.0) as i32,
            gap: px(4.0).max(3.0) as i32,
        }
    }
}

/// A pixel box (columns `x0..x1`, rows `y0..y1`).
#[derive(Clone, Copy, Debug)]
struct PxBox {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

impl PxBox {
    fn at((x0, y0): (i32, i32), (w, h): (i32, i32)) -> PxBox {
        PxBox {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
        }
    }

    /// Whether the boxes come closer than `pad` pixels.
    fn near(&self, o: &PxBox, pad: i32) -> bool {
        self.x0 < o.x1 + pad && o.x0 < self.x1 + pad && self.y0 < o.y1 + pad && o.y0 < self.y1 + pad
    }
}

/// Dark grey of rims, grid labels and the legend's key.
const INK: RGBColor = RGBColor(90, 90, 90);

/// A round chart in pixels: its centre, pixels per data unit, the data radius of its rim, the
/// boxes of everything written so far (texts and the legend), which later labels avoid, and the
/// pixels of the traces and dots drawn, which marker labels avoid where they can.
pub(crate) struct Canvas<'r, DB: DrawingBackend> {
    root: &'r DrawingArea<DB, Shift>,
    pub look: Look,
    centre: (f64, f64),
    per_unit: f64,
    rim: f64,
    taken: Vec<PxBox>,
    ink: Vec<(i32, i32)>,
}

impl<'r, DB: DrawingBackend> Canvas<'r, DB> {
    /// Lays out the title, the chart (`rim` data units in radius, `margin` pixels around it for
    /// the rim labels) and the legend of `entries` (label, colour) with its start/stop key.
    pub fn new(
        root: &'r DrawingArea<DB, Shift>,
        theme: &Theme,
        rim: f64,
        margin: i32,
        entries: &[(String, RGBColor)],
    ) -> Result<Self> {
        root.fill(&WHITE).map_err(err)?;
        let look = Look::of(theme);
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let mut canvas = Canvas {
            root,
            look,
            centre: (0.0, 0.0),
            per_unit: 1.0,
            rim,
            taken: Vec::new(),
            ink: Vec::new(),
        };
        let gap = look.gap;
        let mut top = gap;
        if let Some(title) = &theme.title {
            let size = canvas.measure(title, look.title)?;
            canvas.put(title, look.title, BLACK, ((w - size.0) / 2, top))?;
            top += size.1 + 2 * gap;
        }
        // The legend: a swatch and a label per entry, then the start (open) and stop (filled)
        // dots' key.
        let row = canvas.measure("Sg", look.label)?.1 + gap;
        let swatch = 2 * look.label as i32;
        let mut rows: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        if !entries.is_empty() {
            rows.extend(["start", "stop"]);
        }
        let mut text_w = 0;
        for r in &rows {
            text_w = text_w.max(canvas.measure(r, look.label)?.0);
        }
        let legend = if rows.is_empty() {
            (0, 0)
        } else {
            (
                2 * gap + swatch + gap + text_w,
                gap + row * rows.len() as i32,
            )
        };
        let beside = if legend.0 > 0 { legend.0 + 2 * gap } else { 0 };
        let side = (w - beside - 4 * gap).min(h - top - gap).max(20);
        let radius = f64::from((side / 2 - margin).max(8));
        let left = ((w - side - beside) / 2).max(0);
        let cy = top + ((h - top - gap - side) / 2).max(0) + side / 2;
        canvas.centre = (f64::from(left + side / 2), f64::from(cy));
        canvas.per_unit = radius / rim;
        if legend.0 > 0 {
            let at = (left + side + 2 * gap, (cy - legend.1 / 2).max(top));
            let frame = PxBox::at(at, legend);
            root.draw(&Rectangle::new(
                [(frame.x0, frame.y0), (frame.x1, frame.y1)],
                RGBColor(160, 160, 160).stroke_width(1),
            ))
            .map_err(err)?;
            for (i, text) in rows.iter().enumerate() {
                let y = at.1 + gap + row * i as i32;
                let mid = (at.0 + gap + swatch / 2, y + (row - gap) / 2);
                match entries.get(i) {
                    Some(&(_, color)) => root
                        .draw(&PathElement::new(
                            vec![(at.0 + gap, mid.1), (at.0 + gap + swatch, mid.1)],
                            color.stroke_width(look.line.max(2)),
                        ))
                        .map_err(err)?,
                    None => canvas.end_dot(mid, INK, *text == "stop")?,
                }
                canvas.put(text, look.label, BLACK, (at.0 + 2 * gap + swatch, y))?;
            }
            canvas.taken.push(frame);
        }
        Ok(canvas)
    }

    /// The pixel of the complex value `z`.
    pub fn px(&self, z: Complex64) -> (i32, i32) {
        (
            (self.centre.0 + z.re * self.per_unit).round() as i32,
            (self.centre.1 - z.im * self.per_unit).round() as i32,
        )
    }

    /// The radius in pixels of `r` data units.
    pub fn len(&self, r: f64) -> i32 {
        (r * self.per_unit).round() as i32
    }

    /// The square around the rim: where the data lands.
    pub fn area(&self) -> PixelArea {
        let (cx, cy) = self.px(Complex64::new(0.0, 0.0));
        let r = self.len(self.rim);
        PixelArea {
            x: cx - r..cx + r,
            y: cy - r..cy + r,
        }
    }

    /// Width and height of `text` at `size`.
    pub fn measure(&self, text: &str, size: u32) -> Result<(i32, i32)> {
        let style = TextStyle::from((FONT, size).into_font());
        let (w, h) = self.root.estimate_text_size(text, &style).map_err(err)?;
        Ok((w as i32, h as i32))
    }

    /// Writes `text` with its top-left corner at `at` and remembers its box.
    pub fn put(&mut self, text: &str, size: u32, color: RGBColor, at: (i32, i32)) -> Result<()> {
        let wh = self.measure(text, size)?;
        let style = TextStyle::from((FONT, size).into_font())
            .color(&color)
            .pos(Pos::new(HPos::Left, VPos::Top));
        self.root
            .draw(&Text::new(text.to_string(), at, style))
            .map_err(err)?;
        self.taken.push(PxBox::at(at, wh));
        Ok(())
    }

    /// The top-left corner that puts a `wh` box just outside (or inside) the point at `angle`
    /// (radians) on the circle of `r` data units: the box's side facing the centre touches it.
    pub fn beside_circle(&self, r: f64, angle: f64, wh: (i32, i32), outside: bool) -> (i32, i32) {
        let g = f64::from(self.look.gap);
        let rr = r * self.per_unit + if outside { g } else { -g };
        let (c, s) = (angle.cos(), angle.sin());
        let (x, y) = (self.centre.0 + rr * c, self.centre.1 - rr * s);
        let sign = if outside { 1.0 } else { -1.0 };
        // Fraction of the box left of / above the point: 0 when the box lies right of / below it.
        let fx = if sign * c > 0.3 {
            0.0
        } else if sign * c < -0.3 {
            1.0
        } else {
            0.5
        };
        let fy = if sign * s > 0.3 {
            1.0
        } else if sign * s < -0.3 {
            0.0
        } else {
            0.5
        };
        (
            (x - fx * f64::from(wh.0)).round() as i32,
            (y - fy * f64::from(wh.1)).round() as i32,
        )
    }

    /// Writes `text` at the first of `corners` (top-left) where it touches no earlier text, the
    /// legend, a trace or the image's edge, among the first 16 (the two nearest rings of
    /// [`Canvas::around`]); failing that, the first of all that touches no text, the legend or
    /// the edge; at the first corner if none is free.
    pub fn put_free(
        &mut self,
        text: &str,
        size: u32,
        color: RGBColor,
        corners: &[(i32, i32)],
    ) -> Result<()> {
        let wh = self.measure(text, size)?;
        let (w, h) = self.root.dim_in_pixel();
        let free = |at: &(i32, i32)| {
            let b = PxBox::at(*at, wh);
            b.x0 >= 0
                && b.y0 >= 0
                && b.x1 <= w as i32
                && b.y1 <= h as i32
                && !self.taken.iter().any(|t| t.near(&b, 1))
        };
        let clear = |at: &(i32, i32)| {
            let b = PxBox::at(*at, wh);
            free(at)
                && !self
                    .ink
                    .iter()
                    .any(|&(x, y)| b.near(&PxBox::at((x, y), (1, 1)), 2))
        };
        // A label near its point over a line beats one clear of lines but far away.
        let near = &corners[..corners.len().min(16)];
        let at = (near.iter().copied().find(clear))
            .or_else(|| corners.iter().copied().find(free))
            .or(corners.first().copied());
        match at {
            Some(at) => self.put(text, size, color, at),
            None => Ok(()),
        }
    }

    /// Corners for a `wh` label around the point `p` clear of a dot of radius `r`: up-right,
    /// up-left, down-right, down-left, right, left, above, below; then the same further out.
    pub fn around(&self, p: (i32, i32), r: i32, wh: (i32, i32)) -> Vec<(i32, i32)> {
        let (w, h) = wh;
        let mut out = Vec::new();
        for k in 1..=3 {
            let d = k * (r + self.look.gap / 2);
            out.extend([
                (p.0 + d, p.1 - d - h),
                (p.0 - d - w, p.1 - d - h),
                (p.0 + d, p.1 + d),
                (p.0 - d - w, p.1 + d),
                (p.0 + d + r, p.1 - h / 2),
                (p.0 - d - r - w, p.1 - h / 2),
                (p.0 - w / 2, p.1 - d - r - h),
                (p.0 - w / 2, p.1 + d + r),
            ]);
        }
        out
    }

    /// A circle of `r` data units around `c`.
    pub fn circle(&self, c: Complex64, r: f64, style: ShapeStyle) -> Result<()> {
        let radius = self.len(r).max(0) as u32;
        self.root
            .draw(&Circle::new(self.px(c), radius, style))
            .map_err(err)
    }

    /// A polyline through the complex points.
    pub fn path(
        &self,
        points: impl IntoIterator<Item = Complex64>,
        style: ShapeStyle,
    ) -> Result<()> {
        let pts: Vec<(i32, i32)> = points.into_iter().map(|z| self.px(z)).collect();
        self.root.draw(&PathElement::new(pts, style)).map_err(err)
    }

    /// A dashed polyline through the complex points.
    pub fn dashed(&self, points: Vec<Complex64>, style: ShapeStyle) -> Result<()> {
        let pts: Vec<(i32, i32)> = points.into_iter().map(|z| self.px(z)).collect();
        let dash = 3 * self.look.gap;
        self.root
            .draw(&plotters::element::DashedPathElement::new(
                pts,
                dash,
                dash * 2 / 3,
                style,
            ))
            .map_err(err)
    }

    /// Remembers the pixels along a polyline (every few pixels) and the box of a dot of radius
    /// `r` at each point, for marker labels to avoid.
    fn ink_path(&mut self, points: &[(i32, i32)], r: i32) {
        for w in points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let n = ((b.0 - a.0).abs().max((b.1 - a.1).abs()) / 3).max(1);
            self.ink
                .extend((0..n).map(|k| (a.0 + (b.0 - a.0) * k / n, a.1 + (b.1 - a.1) * k / n)));
        }
        for &(x, y) in points {
            self.ink.extend([
                (x - r, y - r),
                (x + r, y - r),
                (x - r, y + r),
                (x + r, y + r),
                (x, y),
            ]);
        }
    }

    /// A trace's end: open at its start, filled at its stop.
    fn end_dot(&self, at: (i32, i32), color: RGBColor, filled: bool) -> Result<()> {
        let style = if filled {
            color.filled()
        } else {
            color.stroke_width(self.look.thin.max(2))
        };
        self.root
            .draw(&Circle::new(at, self.look.dot as u32, style))
            .map_err(err)
    }

    /// Draws the traces (points farther than `clip` data units from the centre are left out),
    /// an open dot at each start and a filled one at each stop, and the markers at `markers` (Hz)
    /// with their frequency, each label where nothing else was written.
    pub fn traces(
        &mut self,
        traces: &[ComplexTrace],
        theme: &Theme,
        markers: &[f64],
        clip: f64,
    ) -> Result<()> {
        let look = self.look;
        let shown = |z: &Complex64| z.re.is_finite() && z.im.is_finite() && z.norm() <= clip;
        for (i, (_, _, zs)) in traces.iter().enumerate() {
            let color = theme.color(i);
            let mut run = Vec::new();
            for z in zs.iter().chain([&Complex64::new(f64::NAN, 0.0)]) {
                if shown(z) {
                    run.push(*z);
                } else if !run.is_empty() {
                    let pts: Vec<(i32, i32)> = run.iter().map(|z| self.px(*z)).collect();
                    self.ink_path(&pts, 0);
                    self.path(std::mem::take(&mut run), color.stroke_width(look.line))?;
                }
            }
            let ends = [
                zs.iter().find(|z| shown(z)),
                zs.iter().rev().find(|z| shown(z)),
            ];
            for (k, end) in ends.into_iter().enumerate() {
                if let Some(z) = end {
                    let p = self.px(*z);
                    self.ink_path(&[p], look.dot);
                    self.end_dot(p, color, k == 1)?;
                }
            }
        }
        // Markers after every trace, so that their labels avoid every trace and dot, and each
        // other in drawing order.
        let r = look.dot + look.dot / 2;
        let mut dots = Vec::new();
        for (i, (_, hz, zs)) in traces.iter().enumerate() {
            for &f in markers {
                if let Some(z) = interp(hz, zs, f).filter(shown) {
                    dots.push((i, f, self.px(z)));
                }
            }
        }
        for &(_, _, p) in &dots {
            self.ink_path(&[p], r);
        }
        for (i, f, p) in dots {
            let color = theme.color(i);
            self.root
                .draw(&Circle::new(p, r as u32, color.filled()))
                .map_err(err)?;
            self.root
                .draw(&Circle::new(p, r as u32, BLACK.stroke_width(1)))
                .map_err(err)?;
            let text = label_value(f, "Hz");
            let wh = self.measure(&text, look.label)?;
            let corners = self.around(p, r, wh);
            self.put_free(&text, look.label, BLACK, &corners)?;
        }
        Ok(())
    }
}

/// The trace at `f` (Hz), linear between grid points; `None` outside the grid.
fn interp(hz: &[f64], zs: &[Complex64], f: f64) -> Option<Complex64> {
    if !f.is_finite() || hz.is_empty() || f < hz[0] || f > hz[hz.len() - 1] {
        return None;
    }
    let k = hz.partition_point(|&h| h < f).min(hz.len() - 1);
    if k == 0 || hz[k] == f {
        return Some(zs[k]);
    }
    let t = (f - hz[k - 1]) / (hz[k] - hz[k - 1]);
    Some(zs[k - 1] + (zs[k] - zs[k - 1]) * t)
}

/// `v` with a real minus sign when negative, and a plus sign when `plus` and positive.
pub(crate) fn signed(v: f64, plus: bool) -> String {
    let t = trimmed(v.abs(), 3);
    if v < 0.0 {
        format!("\u{2212}{t}")
    } else if plus {
        format!("+{t}")
    } else {
        t
    }
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

/// The grid values (resistances, and reactances with both signs) of an ordinary chart.
const GRID: [f64; 5] = [0.2, 0.5, 1.0, 2.0, 5.0];
/// The finer grid of a chart whose rim is at least [`FINE_RADIUS`] pixels.
const FINE_GRID: [f64; 12] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0];
const FINE_RADIUS: i32 = 400;

/// The impedance grid's colour, and the admittance grid's and its labels'.
const GRID_GREY: RGBColor = RGBColor(170, 170, 170);
const ADMITTANCE: RGBColor = RGBColor(230, 150, 150);
const ADMITTANCE_INK: RGBColor = RGBColor(190, 60, 60);
const VSWR_INK: RGBColor = RGBColor(70, 70, 70);

/// The Smith chart: reflection traces over the impedance grid (normalised to each port's
/// reference impedance).
///
/// - **Impedance grid** (grey): constant-resistance circles (centre `r / (1 + r)`, radius
///   `1 / (1 + r)`) and constant-reactance arcs (the images of `z = r + jx`, `r >= 0`, under
///   `Γ = (z − 1) / (z + 1)`) for `0.2, 0.5, 1, 2, 5`, and for `0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1,
///   1.5, 2, 3, 5, 10` when the chart's radius is 400 pixels or more. Resistances are labelled
///   above the real axis, left of where their circle crosses it (`0` at the left, `∞` right of
///   the rim), reactances outside the rim where their arc meets it (`+j1` at the top, `−j1` at
///   the bottom).
/// - **Admittance grid** ([`SmithChart::admittance`], red): the ordinary values `0.2 ... 5`
///   mirrored (`Γ → −Γ`), conductances labelled below the real axis, right of where their circle
///   crosses it, susceptances inside the rim.
/// - **VSWR circles** ([`SmithChart::vswr`], dashed): `|Γ| = (s − 1) / (s + 1)`, labelled
///   `VSWR 2`.
/// - **Traces**: one colour per entry, named in the legend beside the chart; each starts at an
///   **open dot** (the lowest frequency) and stops at a **filled dot** (the highest). Points with
///   `|Γ| > 1.05` are left out.
/// - **Markers** ([`SmithChart::markers`]): a dot with a black ring and its frequency
///   (`1.25 GHz`), the label placed where it overlaps no other label nor the legend.
///
/// Font sizes, line widths and dots scale with the image's smaller side. The plotting area of
/// [`Raster`](super::Raster) and [`Layout`](super::Layout) is the square around the rim: its
/// centre is `Γ = 0`, its half-width `|Γ| = 1`. In SVG the resistance circles are `<circle>`
/// elements, the arcs and traces `<polyline>`s.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
/// use pmrf::plot::SmithChart;
///
/// let freq = Frequency::linspace(0.1, 3.0, 101, FrequencyUnit::GHz)?;
/// let net = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12))).network(&freq)?;
/// let chart = SmithChart::of(&net).markers([1e9, 2e9]).vswr([2.0]);
/// let svg = chart.to_svg()?;
/// assert!(svg.contains("S11") && svg.contains("S22") && svg.contains("VSWR 2"));
/// assert!(svg.contains("+j0.5") && svg.contains("\u{2212}j0.5") && svg.contains("1 GHz"));
/// chart.to_layout()?.check()?; // no label overlaps another or runs off the image
/// assert!(SmithChart::of(&net).vswr([0.5]).to_svg().is_err()); // a VSWR is above 1
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SmithChart<'a> {
    networks: Vec<&'a Network>,
    entries: Vec<String>,
    markers: Vec<f64>,
    admittance: bool,
    vswr: Vec<f64>,
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
            vswr: Vec::new(),
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
    /// with the frequency as label (`1.25 GHz`). Frequencies outside a network's grid are
    /// skipped.
    pub fn markers(mut self, hz: impl IntoIterator<Item = f64>) -> Self {
        self.markers = hz.into_iter().collect();
        self
    }

    /// Draws the admittance grid too (constant-conductance circles and susceptance arcs, in
    /// red).
    pub fn admittance(mut self, on: bool) -> Self {
        self.admittance = on;
        self
    }

    /// Draws dashed circles of constant VSWR `s` (radius `|Γ| = (s − 1) / (s + 1)`), labelled
    /// `VSWR 2`. Each must be finite and above 1 (checked when drawn).
    pub fn vswr(mut self, ratios: impl IntoIterator<Item = f64>) -> Self {
        self.vswr = ratios.into_iter().collect();
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

/// Points of the arc of constant reactance `x` (`r` from 0 to infinity) mirrored by `sign`.
fn arc(x: f64, sign: f64) -> Vec<Complex64> {
    (0..=200)
        .map(|k| {
            let theta = f64::from(k) / 200.0 * std::f64::consts::FRAC_PI_2;
            let r = if k == 200 { f64::INFINITY } else { theta.tan() };
            sign * gamma(Complex64::new(r, x))
        })
        .collect()
}

impl SmithChart<'_> {
    /// Draws one grid (impedance for `sign = 1`, admittance for `-1`) with its labels.
    fn grid<DB: DrawingBackend>(
        &self,
        c: &mut Canvas<'_, DB>,
        values: &[f64],
        sign: f64,
    ) -> Result<()> {
        let look = c.look;
        let (line, ink) = if sign > 0.0 {
            (GRID_GREY, INK)
        } else {
            (ADMITTANCE, ADMITTANCE_INK)
        };
        let style = line.stroke_width(look.thin);
        for &r in values {
            c.circle(
                Complex64::new(sign * r / (1.0 + r), 0.0),
                1.0 / (1.0 + r),
                style,
            )?;
        }
        for &x in values {
            for sx in [x, -x] {
                c.path(arc(sx, sign), style)?;
            }
        }
        c.path([Complex64::new(-1.0, 0.0), Complex64::new(1.0, 0.0)], style)?;

        // Resistances above the axis left of their crossing, conductances below it, right of it.
        let g = f64::from(look.gap / 2);
        for &r in [0.0].iter().chain(values) {
            let text = trimmed(r, 3);
            let wh = c.measure(&text, look.grid_label)?;
            let (px, py) = c.px(sign * gamma(Complex64::new(r, 0.0)));
            let at = if sign > 0.0 {
                let right_of = r == 0.0; // the rim: inside it
                let x = if right_of {
                    px + g as i32
                } else {
                    px - g as i32 - wh.0
                };
                (x, py - g as i32 - wh.1)
            } else {
                let left_of = r == 0.0;
                let x = if left_of {
                    px - g as i32 - wh.0
                } else {
                    px + g as i32
                };
                (x, py + g as i32)
            };
            c.put(&text, look.grid_label, ink, at)?;
        }
        // Reactances outside the rim, susceptances inside it.
        for &x in values {
            for sx in [x, -x] {
                let text = format!(
                    "{}j{}",
                    if sx > 0.0 { "+" } else { "\u{2212}" },
                    trimmed(x, 3)
                );
                let wh = c.measure(&text, look.grid_label)?;
                let end = sign * gamma(Complex64::new(0.0, sx));
                let at = c.beside_circle(1.0, end.arg(), wh, sign > 0.0);
                c.put(&text, look.grid_label, ink, at)?;
            }
        }
        Ok(())
    }
}

impl Draw for SmithChart<'_> {
    fn theme(&self) -> &Theme {
        &self.theme
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<PixelArea> {
        for &s in &self.vswr {
            if !(s.is_finite() && s > 1.0) {
                return Err(Error::Plot(format!(
                    "VSWR circle {s}: a VSWR must be a finite number above 1"
                )));
            }
        }
        let traces = complex_traces(&self.networks, &self.entries, |n| {
            (0..n).map(|i| Network::entry_name(i, i)).collect()
        })?;
        let th = &self.theme;
        let legend: Vec<(String, RGBColor)> = (traces.iter().enumerate())
            .map(|(i, t)| (t.0.clone(), th.color(i)))
            .collect();
        // Room outside the rim for the widest reactance label.
        let look = Look::of(th);
        let probe = TextStyle::from((FONT, look.grid_label).into_font());
        let widest = root
            .estimate_text_size("\u{2212}j0.5", &probe)
            .map_err(err)?
            .0 as i32;
        let mut c = Canvas::new(root, th, 1.0, widest + 2 * look.gap, &legend)?;
        let values: &[f64] = if c.len(1.0) >= FINE_RADIUS {
            &FINE_GRID
        } else {
            &GRID
        };

        if self.admittance {
            // The ordinary values only: two fine grids would hide each other.
            self.grid(&mut c, &GRID, -1.0)?;
        }
        self.grid(&mut c, values, 1.0)?;
        c.circle(
            Complex64::new(0.0, 0.0),
            1.0,
            INK.stroke_width(look.thin + 1),
        )?;
        let text = "∞";
        let wh = c.measure(text, look.grid_label)?;
        let at = c.beside_circle(1.0, 0.0, wh, true);
        c.put(text, look.grid_label, INK, at)?;

        for &s in &self.vswr {
            let rho = (s - 1.0) / (s + 1.0);
            let pts = (0..=240)
                .map(|k| Complex64::from_polar(rho, f64::from(k) / 240.0 * std::f64::consts::TAU))
                .collect();
            c.dashed(pts, VSWR_INK.stroke_width(look.thin))?;
            let text = format!("VSWR {}", trimmed(s, 3));
            let wh = c.measure(&text, look.grid_label)?;
            let corners: Vec<(i32, i32)> = [45.0f64, 135.0, -45.0, -135.0, 90.0, -90.0]
                .iter()
                .map(|a| c.beside_circle(rho, a.to_radians(), wh, true))
                .collect();
            c.put_free(&text, look.grid_label, VSWR_INK, &corners)?;
        }

        c.traces(&traces, th, &self.markers, 1.05)?;
        Ok(c.area())
    }
}
