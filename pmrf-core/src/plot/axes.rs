//! The frame of every frequency chart: the title, the plotting area, ticks and grid lines, tick
//! labels and axis descriptions, series clipped to the area, and the legend where it covers
//! the least data.
//!
//! Plotters' own mesh places ticks at plain decimal steps and labels them without units, so
//! the frame lays out and draws its own: tick positions and labels come from
//! [`ticks::fit`](super::ticks::fit), measured in the font that draws them, and the plotting
//! area is sized from those measured labels.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::rect::{FrequencyChart, clip_run};
use super::ticks::{self, AxisScale, Tick};
use super::{FONT, PixelArea, Theme, axis_range, err};
use crate::{Error, Result};

/// One axis: its range in data units, scale, unit for the tick labels (`"Hz"`, `"dB"`, `""`)
/// and description (`"Frequency"`; none when empty).
#[derive(Clone, Debug)]
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub scale: AxisScale,
    pub unit: String,
    pub desc: String,
}

impl Axis {
    /// The chart coordinate of a data value: the value itself, or its log10 on a log axis.
    pub fn coord(&self, v: f64) -> f64 {
        match self.scale {
            AxisScale::Linear => v,
            AxisScale::Log => v.log10(),
        }
    }

    /// The range in chart coordinates.
    fn coords(&self) -> (f64, f64) {
        (self.coord(self.lo), self.coord(self.hi))
    }
}

/// The x axis of a frequency chart over `[lo, hi]` Hz, linear or logarithmic. A log axis over a
/// grid that reaches 0 Hz (or below) is an error.
pub(crate) fn frequency_axis(lo: f64, hi: f64, log: bool) -> Result<Axis> {
    let scale = if log {
        if lo.is_nan() || lo <= 0.0 {
            return Err(Error::Plot(format!(
                "a log-frequency axis needs frequencies above 0 Hz, but the grid starts at {lo} Hz: \
                 drop the 0 Hz point or use a linear axis"
            )));
        }
        AxisScale::Log
    } else {
        AxisScale::Linear
    };
    let (lo, hi) = if log {
        let (a, b) = super::rect::widen(lo.log10(), hi.log10());
        (10f64.powf(a), 10f64.powf(b))
    } else {
        super::rect::widen(lo, hi)
    };
    axis_range("frequency", (lo, hi))?;
    Ok(Axis {
        lo,
        hi,
        scale,
        unit: "Hz".into(),
        desc: "Frequency".into(),
    })
}

/// How a legend entry is marked.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mark {
    /// A line of this colour.
    Line(RGBColor),
    /// A dashed line of this colour and width.
    Dashed(RGBColor, u32),
    /// A dot of this colour.
    Dot(RGBColor),
    /// A translucent band of this colour.
    Band(RGBColor),
}

/// Where a legend box goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// Inside the plotting area, at a corner: `(right, bottom)`.
    Corner(bool, bool),
    /// Outside, right of the plotting area.
    Outside,
}

/// The texts' font at `size` pixels.
fn font(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).color(&BLACK)
}

/// Measures `text` in `style` (width, height) on `area`.
fn measure<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
) -> Result<(u32, u32)> {
    area.estimate_text_size(text, style).map_err(err)
}

/// Draws the theme's title centred at the top of `area`, shrunk down to the label size and
/// then ellipsized until it fits the width; returns the height it takes (0 without a title).
pub(crate) fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
) -> Result<u32> {
    let Some(title) = th.title.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Ok(0);
    };
    let (width, _) = area.dim_in_pixel();
    let room = width.saturating_sub(2 * th.scaled_margin());
    let (big, small) = (th.scaled_title_size(), th.scaled_label_size());
    let mut size = big.max(small);
    let mut text = title.to_string();
    while size > small && measure(area, &text, &font(size))?.0 > room {
        size -= 1;
    }
    let mut chars: Vec<char> = title.chars().collect();
    while measure(area, &text, &font(size))?.0 > room && !chars.is_empty() {
        chars.pop();
        text = format!("{}…", chars.iter().collect::<String>().trim_end());
    }
    let style = font(size).pos(Pos::new(HPos::Center, VPos::Top));
    let top = th.scaled_margin() as i32;
    area.draw(&Text::new(text, (width as i32 / 2, top), style))
        .map_err(err)?;
    Ok(th.scaled_margin() + size * 3 / 2)
}

/// A legend: labelled marks, measured in the theme's label font.
pub(crate) struct Legend {
    pub entries: Vec<(String, Mark)>,
}

impl Legend {
    /// The legend's box size in pixels, `(0, 0)` when empty.
    fn size<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(i32, i32)> {
        if self.entries.is_empty() {
            return Ok((0, 0));
        }
        let s = th.scaled_label_size() as i32;
        let mut widest = 0;
        for (label, _) in &self.entries {
            widest = widest.max(measure(area, label, &font(s as u32))?.0 as i32);
        }
        let rows = self.entries.len() as i32;
        Ok((widest + 3 * s, rows * row_height(s) + s / 2))
    }
}

/// A legend row's height for labels of `s` pixels.
fn row_height(s: i32) -> i32 {
    s * 3 / 2
}

/// The x and y axes of a chart, its plotting area and ticks, ready to draw on.
pub(crate) struct Frame<'a, DB: DrawingBackend> {
    /// The chart in (x coordinate, y) units; x is log10 on a log axis.
    pub chart: FrequencyChart<'a, DB>,
    area: &'a DrawingArea<DB, Shift>,
    pub x: Axis,
    pub y: Axis,
    x_ticks: Vec<Tick>,
    y_ticks: Vec<Tick>,
    th: Theme,
    /// Whether x tick labels and description are drawn.
    x_labels: bool,
    /// The room kept right of the plotting area (for an outside legend).
    right: u32,
}

impl<'a, DB: DrawingBackend> Frame<'a, DB> {
    /// Lays out a chart on `area` below `top` pixels (the title), with `right` pixels kept free
    /// right of the plotting area, and x tick labels unless `x_labels` is false.
    pub fn new(
        area: &'a DrawingArea<DB, Shift>,
        th: &Theme,
        x: Axis,
        y: Axis,
        top: u32,
        right: u32,
        x_labels: bool,
    ) -> Result<Self> {
        axis_range("y", (y.lo, y.hi))?;
        let (width, height) = area.dim_in_pixel();
        let s = th.scaled_label_size();
        let m = th.scaled_margin();
        let label = font(s);
        let text_h = measure(area, "0123456789", &label)?.1.max(1);
        let desc_h = text_h + s / 2;
        // Below the area: tick labels, then the description.
        let bottom = if x_labels {
            s / 2 + text_h + if x.desc.is_empty() { 0 } else { desc_h } + m
        } else {
            s / 2 + m
        };
        let top = top + m.max(text_h / 2 + 2);
        let plot_h = height.saturating_sub(top + bottom).max(10);
        let gap = f64::from(s);
        // Labels three and a half lines apart where the axis is tall enough for three of
        // them (6 to 10 on a usual chart, as people read them), else as close as they fit.
        let y_extent = |t: &str| f64::from(text_h.max(measure(area, t, &label).map_or(0, |d| d.1)));
        let y_fit = |gap: f64| {
            ticks::fit(
                y.lo,
                y.hi,
                y.scale,
                &y.unit,
                f64::from(plot_h),
                y_extent,
                gap,
            )
        };
        let mut y_ticks = y_fit(2.5 * f64::from(text_h));
        if y_ticks.len() < 3 {
            y_ticks = y_fit(gap * 1.2);
        }
        let mut widest = 0;
        for t in &y_ticks {
            widest = widest.max(measure(area, &t.label, &label)?.0);
        }
        let left = m + if y.desc.is_empty() { 0 } else { desc_h } + widest + s / 2;
        let extra_right = right;
        let right = right + m.max(s);
        let plot_w = width.saturating_sub(left + right).max(10);
        let x_ticks = ticks::fit(
            x.lo,
            x.hi,
            x.scale,
            &x.unit,
            f64::from(plot_w),
            |t: &str| f64::from(measure(area, t, &label).map_or(0, |d| d.0)),
            gap,
        );
        let (x0, x1) = x.coords();
        let chart = ChartBuilder::on(area)
            .margin_top(top)
            .margin_right(right)
            .x_label_area_size(bottom)
            .y_label_area_size(left)
            .build_cartesian_2d(x0..x1, y.lo..y.hi)
            .map_err(err)?;
        Ok(Frame {
            chart,
            area,
            x,
            y,
            x_ticks,
            y_ticks,
            th: th.clone(),
            x_labels,
            right: extra_right,
        })
    }

    /// The plotting area in the backend's pixels.
    pub fn pixel_area(&self) -> PixelArea {
        let (x, y) = self.chart.plotting_area().get_pixel_range();
        PixelArea { x, y }
    }

    /// A data point `(x, y)` in chart coordinates.
    pub fn point(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x.coord(x), y)
    }

    /// The pixel (relative to this frame's drawing area) of chart coordinates `p`.
    fn pixel(&self, p: (f64, f64)) -> (i32, i32) {
        let (ax, ay) = self.chart.backend_coord(&p);
        let (bx, by) = self.area.get_base_pixel();
        (ax - bx, ay - by)
    }

    /// Draws the grid (minor lines lighter than major ones), the frame, tick labels and axis
    /// descriptions.
    pub fn draw_axes(&mut self) -> Result<()> {
        let (x0, x1) = self.x.coords();
        let (y0, y1) = (self.y.lo, self.y.hi);
        let minor = RGBColor(238, 238, 238);
        let major = RGBColor(205, 205, 205);
        let xs_major: Vec<f64> = self.x_ticks.iter().map(|t| self.x.coord(t.value)).collect();
        let ys_major: Vec<f64> = self.y_ticks.iter().map(|t| t.value).collect();
        let xs_minor = minor_lines(&self.x, &self.x_ticks);
        let ys_minor = minor_lines(&self.y, &self.y_ticks);
        let mut lines = Vec::new();
        for (xs, color) in [(&xs_minor, minor), (&xs_major, major)] {
            for &x in xs.iter().filter(|&&x| x > x0 && x < x1) {
                lines.push(([(x, y0), (x, y1)], color));
            }
        }
        for (ys, color) in [(&ys_minor, minor), (&ys_major, major)] {
            for &y in ys.iter().filter(|&&y| y > y0 && y < y1) {
                lines.push(([(x0, y), (x1, y)], color));
            }
        }
        // Minor lines first, so the major ones are drawn over them.
        lines.sort_by_key(|l| l.1 == major);
        for (ends, color) in lines {
            self.chart
                .draw_series(std::iter::once(PathElement::new(ends, color)))
                .map_err(err)?;
        }
        let frame = RGBColor(90, 90, 90);
        self.chart
            .draw_series(std::iter::once(PathElement::new(
                [(x0, y1), (x0, y0), (x1, y0), (x1, y1), (x0, y1)],
                frame,
            )))
            .map_err(err)?;

        let s = self.th.scaled_label_size();
        let label = font(s);
        let (width, _) = self.area.dim_in_pixel();
        let m = self.th.scaled_margin() as i32;
        let (left_px, bottom_px) = self.pixel((x0, y0));
        let (right_px, top_px) = self.pixel((x1, y1));
        // y tick labels, right-aligned left of the area.
        for t in &self.y_ticks {
            let (_, py) = self.pixel((x0, t.value));
            let style = label.pos(Pos::new(HPos::Right, VPos::Center));
            let at = (left_px - s as i32 / 2, py);
            self.area
                .draw(&Text::new(t.label.clone(), at, style))
                .map_err(err)?;
        }
        if !self.y.desc.is_empty() {
            let style = label
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Top));
            let at = (m, (top_px + bottom_px) / 2);
            self.area
                .draw(&Text::new(self.y.desc.clone(), at, style))
                .map_err(err)?;
        }
        if !self.x_labels {
            return Ok(());
        }
        // x tick labels, centred below their ticks; the last shifted in to stay in the image.
        let top_of_labels = bottom_px + s as i32 / 2;
        let mut text_h = 0;
        for t in &self.x_ticks {
            let (px, _) = self.pixel((self.x.coord(t.value), y0));
            let (w, h) = measure(self.area, &t.label, &label)?;
            text_h = text_h.max(h as i32);
            let left = (px - w as i32 / 2)
                .min(width as i32 - m / 2 - w as i32)
                .max(0);
            let style = label.pos(Pos::new(HPos::Left, VPos::Top));
            self.area
                .draw(&Text::new(t.label.clone(), (left, top_of_labels), style))
                .map_err(err)?;
        }
        if !self.x.desc.is_empty() {
            let style = label.pos(Pos::new(HPos::Center, VPos::Top));
            let at = (
                (left_px + right_px) / 2,
                top_of_labels + text_h + s as i32 / 3,
            );
            self.area
                .draw(&Text::new(self.x.desc.clone(), at, style))
                .map_err(err)?;
        }
        Ok(())
    }

    /// Draws a polyline of data points (x in data units), split at non-finite values and
    /// clipped to the plotting area.
    pub fn line(&mut self, xs: &[f64], ys: &[f64], style: ShapeStyle) -> Result<()> {
        for part in self.clipped(xs, ys) {
            for piece in self.unspiked(&part, style.stroke_width) {
                self.chart
                    .draw_series(LineSeries::new(piece, style))
                    .map_err(err)?;
            }
        }
        Ok(())
    }

    /// `part` without points that repeat the previous pixel, cut where a wide line turns back
    /// by more than 120°: plotters joins wide lines with unlimited inner miters, which on
    /// noisy data (a residual) shoot spikes far out of the plotting area.
    fn unspiked(&self, part: &[(f64, f64)], width: u32) -> Vec<Vec<(f64, f64)>> {
        let mut pieces = Vec::new();
        let mut piece: Vec<(f64, f64)> = Vec::new();
        let mut pixels: Vec<(i32, i32)> = Vec::new();
        for &p in part {
            let px = self.pixel(p);
            if pixels.last() == Some(&px) {
                continue;
            }
            if width > 1 && pixels.len() >= 2 {
                let (a, b) = (pixels[pixels.len() - 2], pixels[pixels.len() - 1]);
                let (u, v) = ((b.0 - a.0, b.1 - a.1), (px.0 - b.0, px.1 - b.1));
                let dot = f64::from(u.0 * v.0 + u.1 * v.1);
                let norms = f64::from(u.0 * u.0 + u.1 * u.1).sqrt()
                    * f64::from(v.0 * v.0 + v.1 * v.1).sqrt();
                if dot < -0.5 * norms {
                    let last = piece[piece.len() - 1];
                    pieces.push(std::mem::replace(&mut piece, vec![last]));
                    pixels = vec![b];
                }
            }
            piece.push(p);
            pixels.push(px);
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
        pieces
    }

    /// The finite runs of `(xs, ys)` in chart coordinates, clipped to the plotting area.
    pub fn clipped(&self, xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
        let (x0, x1) = self.x.coords();
        let xc: Vec<f64> = xs.iter().map(|&x| self.x.coord(x)).collect();
        let mut parts = Vec::new();
        for run in super::rect::finite_runs(&xc, ys) {
            // Swap x and y to clip in x with the same routine, then back.
            let swapped: Vec<(f64, f64)> = run.iter().map(|&(x, y)| (y, x)).collect();
            for part in clip_run(&swapped, (x0, x1)) {
                let back: Vec<(f64, f64)> = part.iter().map(|&(y, x)| (x, y)).collect();
                parts.extend(clip_run(&back, (self.y.lo, self.y.hi)));
            }
        }
        parts
    }

    /// Where `legend` covers the fewest of the pixels of `series` (polylines in data units):
    /// the least covered inside corner, or outside when every corner covers some.
    pub fn legend_place(&self, legend: &Legend, series: &[(&[f64], &[f64])]) -> Result<Place> {
        let (w, h) = legend.size(self.area, &self.th)?;
        let mut pixels = Vec::new();
        for (xs, ys) in series {
            for part in self.clipped(xs, ys) {
                let px: Vec<(i32, i32)> = part.iter().map(|&p| self.pixel(p)).collect();
                pixels.extend(trace_pixels(&px));
            }
        }
        let area = self.relative_area();
        let inset = self.th.scaled_margin() as i32 / 2;
        Ok(choose_place(&area, (w, h), inset, &pixels))
    }

    /// The plotting area relative to this frame's drawing area.
    fn relative_area(&self) -> PixelArea {
        let (bx, by) = self.area.get_base_pixel();
        let a = self.pixel_area();
        PixelArea {
            x: a.x.start - bx..a.x.end - bx,
            y: a.y.start - by..a.y.end - by,
        }
    }

    /// The room kept right of the plotting area, for a panel below to align with this one.
    pub fn right_room(&self) -> u32 {
        self.right
    }

    /// The width a legend needs outside the plotting area, margin included.
    pub fn legend_room(&self, legend: &Legend) -> Result<u32> {
        Ok(legend.size(self.area, &self.th)?.0 as u32 + self.th.scaled_margin())
    }

    /// Draws `legend` at `place`.
    pub fn draw_legend(&mut self, legend: &Legend, place: Place) -> Result<()> {
        if legend.entries.is_empty() {
            return Ok(());
        }
        let (w, h) = legend.size(self.area, &self.th)?;
        let a = self.relative_area();
        let inset = self.th.scaled_margin() as i32 / 2;
        let (x, y) = match place {
            Place::Corner(right, bottom) => corner_at(&a, (w, h), inset, right, bottom),
            Place::Outside => (a.x.end + self.th.scaled_margin() as i32, a.y.start),
        };
        let s = self.th.scaled_label_size() as i32;
        self.area
            .draw(&Rectangle::new(
                [(x, y), (x + w, y + h)],
                WHITE.mix(0.9).filled(),
            ))
            .map_err(err)?;
        self.area
            .draw(&Rectangle::new(
                [(x, y), (x + w, y + h)],
                RGBColor(170, 170, 170),
            ))
            .map_err(err)?;
        let row = row_height(s);
        for (k, (label, mark)) in legend.entries.iter().enumerate() {
            let cy = y + s / 4 + row * k as i32 + row / 2;
            let (mx, mw) = (x + s / 2, s * 3 / 2);
            match *mark {
                Mark::Line(c) => {
                    let t = (self.th.scaled_line_width() as i32 + 1) / 2;
                    self.area
                        .draw(&Rectangle::new(
                            [(mx, cy - t), (mx + mw, cy + t)],
                            c.filled(),
                        ))
                        .map_err(err)?
                }
                Mark::Dashed(c, width) => {
                    for k in 0..2 {
                        let x0 = mx + k * mw * 6 / 10;
                        self.area
                            .draw(&PathElement::new(
                                [(x0, cy), (x0 + mw * 4 / 10, cy)],
                                c.stroke_width(width),
                            ))
                            .map_err(err)?;
                    }
                }
                Mark::Dot(c) => self
                    .area
                    .draw(&Circle::new((mx + mw / 2, cy), s / 4 + 1, c.filled()))
                    .map_err(err)?,
                Mark::Band(c) => self
                    .area
                    .draw(&Rectangle::new(
                        [(mx, cy - s / 3), (mx + mw, cy + s / 3)],
                        c.mix(0.25).filled(),
                    ))
                    .map_err(err)?,
            }
            let style = font(s as u32).pos(Pos::new(HPos::Left, VPos::Center));
            self.area
                .draw(&Text::new(label.clone(), (mx + mw + s / 2, cy), style))
                .map_err(err)?;
        }
        Ok(())
    }
}

/// Lays out a frame on `area` with its legend where it covers the least of `series`:
/// inside at the least covered corner, else outside on the right (the chart shrinks).
pub(crate) fn frame_with_legend<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    th: &Theme,
    (x, y): (Axis, Axis),
    top: u32,
    x_labels: bool,
    legend: &Legend,
    series: &[(&[f64], &[f64])],
) -> Result<(Frame<'a, DB>, Place)> {
    let frame = Frame::new(area, th, x.clone(), y.clone(), top, 0, x_labels)?;
    if legend.entries.is_empty() {
        return Ok((frame, Place::Corner(true, false)));
    }
    match frame.legend_place(legend, series)? {
        Place::Outside => {
            let room = frame.legend_room(legend)?;
            drop(frame);
            Ok((
                Frame::new(area, th, x, y, top, room, x_labels)?,
                Place::Outside,
            ))
        }
        corner => Ok((frame, corner)),
    }
}

/// The lines between major ticks: 4 between linear ticks 1 or 2 steps apart (5 per 5 or 2.5),
/// the 2..9 of every decade on a log axis.
fn minor_lines(axis: &Axis, ticks: &[Tick]) -> Vec<f64> {
    match axis.scale {
        AxisScale::Log if axis.hi / axis.lo >= 10.0 => {
            let (d0, d1) = (
                axis.lo.log10().floor() as i32,
                axis.hi.log10().ceil() as i32,
            );
            (d0..=d1)
                .flat_map(|d| (2..10).map(move |k| f64::from(k) * 10f64.powi(d)))
                .filter(|&v| v > axis.lo && v < axis.hi)
                .map(f64::log10)
                .collect()
        }
        _ => {
            if ticks.len() < 2 {
                return Vec::new();
            }
            let step = ticks[1].value - ticks[0].value;
            let mantissa = step / 10f64.powf(step.log10().floor());
            let parts = if (mantissa - 2.0).abs() < 1e-6 {
                4.0
            } else {
                5.0
            };
            let minor = step / parts;
            let first = (axis.lo / minor).ceil() as i64;
            let last = (axis.hi / minor).floor() as i64;
            if last - first > 2000 {
                return Vec::new();
            }
            (first..=last)
                .map(|k| axis.coord(k as f64 * minor))
                .collect()
        }
    }
}

/// The pixels along a polyline, one every 2 pixels or closer.
fn trace_pixels(points: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut out = points.to_vec();
    for w in points.windows(2) {
        let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
        let n = dx.abs().max(dy.abs()) / 2;
        for k in 1..n {
            out.push((w[0].0 + dx * k / n, w[0].1 + dy * k / n));
        }
    }
    out
}

/// The top-left pixel of a `size` box in a corner of `area`, `inset` from its edges.
fn corner_at(
    area: &PixelArea,
    (w, h): (i32, i32),
    inset: i32,
    right: bool,
    bottom: bool,
) -> (i32, i32) {
    let x = if right {
        area.x.end - inset - w
    } else {
        area.x.start + inset
    };
    let y = if bottom {
        area.y.end - inset - h
    } else {
        area.y.start + inset
    };
    (x, y)
}

/// The corner where a `size` legend covers the fewest `pixels` (top right, top left, bottom
/// right, bottom left on ties), or [`Place::Outside`] when every corner covers some, or the
/// box does not fit the area.
pub(crate) fn choose_place(
    area: &PixelArea,
    (w, h): (i32, i32),
    inset: i32,
    pixels: &[(i32, i32)],
) -> Place {
    let fits =
        w + 2 * inset <= area.x.end - area.x.start && h + 2 * inset <= area.y.end - area.y.start;
    if !fits {
        return Place::Outside;
    }
    let corners = [(true, false), (false, false), (true, true), (false, true)];
    let scored = corners.map(|(right, bottom)| {
        let (x, y) = corner_at(area, (w, h), inset, right, bottom);
        let margin = 2;
        let covered = pixels
            .iter()
            .filter(|p| {
                p.0 >= x - margin
                    && p.0 <= x + w + margin
                    && p.1 >= y - margin
                    && p.1 <= y + h + margin
            })
            .count();
        (covered, Place::Corner(right, bottom))
    });
    let best = scored.iter().min_by_key(|s| s.0).expect("four corners");
    if best.0 == 0 { best.1 } else { Place::Outside }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area() -> PixelArea {
        PixelArea {
            x: 100..500,
            y: 50..350,
        }
    }

    #[test]
    fn the_legend_goes_to_the_emptiest_corner() {
        // A line along the top from left to right, falling at the right: the bottom left is
        // free.
        let mut pixels: Vec<(i32, i32)> = (100..400).map(|x| (x, 60)).collect();
        pixels.extend((60..350).map(|y| (450, y)));
        assert_eq!(
            choose_place(&area(), (80, 40), 5, &pixels),
            Place::Corner(false, true)
        );
        // Nothing drawn: top right first.
        assert_eq!(
            choose_place(&area(), (80, 40), 5, &[]),
            Place::Corner(true, false)
        );
        // A diagonal and its mirror cross all four corners: outside.
        let mut cross: Vec<(i32, i32)> = (0..300).map(|k| (100 + 4 * k / 3, 50 + k)).collect();
        cross.extend((0..300).map(|k| (500 - 4 * k / 3, 50 + k)));
        assert_eq!(choose_place(&area(), (80, 40), 5, &cross), Place::Outside);
        // A box too big for the area goes outside.
        assert_eq!(choose_place(&area(), (500, 40), 5, &[]), Place::Outside);
    }

    #[test]
    fn log_axes_refuse_zero_hertz() {
        assert!(frequency_axis(0.0, 1e9, true).is_err());
        let axis = frequency_axis(1e6, 1e9, true).unwrap();
        assert_eq!(axis.coord(1e9), 9.0);
        assert_eq!(frequency_axis(0.0, 1e9, false).unwrap().coord(5.0), 5.0);
    }

    #[test]
    fn minor_lines_fall_between_major_ones() {
        let axis = frequency_axis(1e6, 1e8, true).unwrap();
        let minor = minor_lines(&axis, &[]);
        assert_eq!(minor.len(), 16); // 2..9 MHz and 20..90 MHz
        assert!((minor[0] - 2e6f64.log10()).abs() < 1e-12);
        let lin = Axis {
            lo: 0.0,
            hi: 10.0,
            scale: AxisScale::Linear,
            unit: String::new(),
            desc: String::new(),
        };
        let ticks = ticks::linear(0.0, 10.0, "", 3); // 0, 5, 10
        assert_eq!(minor_lines(&lin, &ticks).len(), 11); // every unit
    }
}
