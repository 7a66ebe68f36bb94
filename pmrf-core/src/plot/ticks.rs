//! Axis ticks as people read them: "nice" positions (steps of 1, 2, 2.5 or 5 times a power of
//! ten, or decades on a log axis), labelled with engineering prefixes and units (`1.5 GHz`,
//! `-20 dB`, `2.2 pF`, never `1000.0`), and thinned until no two labels touch.
//!
//! Everything here is plain arithmetic on numbers and label sizes, so the layout can be
//! tested without drawing; the caller measures text with the font it draws in.

use crate::units::{engineering, trimmed};

/// How an axis maps values to positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AxisScale {
    /// Evenly spaced values.
    #[default]
    Linear,
    /// Evenly spaced decades (positive values only).
    Log,
}

/// One tick: its value and its label.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tick {
    pub value: f64,
    pub label: String,
}

/// Units that take no SI prefix: a decibel is a ratio, an angle is read in degrees, and `""`
/// is dimensionless.
fn unprefixed(unit: &str) -> bool {
    matches!(unit, "" | "1" | "dB" | "dBm" | "deg" | "°" | "%" | "rad")
}

/// The label of `value` on an axis whose ticks lie `step` apart and whose largest magnitude is
/// `max_abs`: the engineering prefix of `max_abs`, as many decimals as `step` needs, no
/// trailing zeros, and the unit after a space (`1.5 GHz`; `-20 dB`; `0.25` when dimensionless).
pub(crate) fn label(value: f64, step: f64, max_abs: f64, unit: &str) -> String {
    let (factor, unit) = if unprefixed(unit) {
        (1.0, unit.to_string())
    } else {
        engineering(max_abs, unit)
    };
    let scaled_step = (step * factor).abs();
    // Decimals enough to tell ticks `step` apart: 0.25 needs 2, 0.5 needs 1, 5 needs 0.
    let decimals = (0..12)
        .find(|&d| {
            let r = scaled_step * 10f64.powi(d);
            (r - r.round()).abs() < 1e-6 * r.max(1.0)
        })
        .unwrap_or(12) as usize;
    let number = trimmed(value * factor, decimals).replace('-', "\u{2212}");
    if unit.is_empty() || unit == "1" {
        number
    } else if unit == "°" {
        format!("{number}°")
    } else {
        format!("{number} {unit}")
    }
}

/// The label of one value on its own (a marker's frequency, a legend entry): engineering
/// prefix and up to 4 significant digits, `1.25 GHz`.
pub(crate) fn label_value(value: f64, unit: &str) -> String {
    if !value.is_finite() {
        return format!("{value}");
    }
    let magnitude = if value == 0.0 { 1.0 } else { value.abs() };
    let (factor, _) = if unprefixed(unit) {
        (1.0, String::new())
    } else {
        engineering(magnitude, unit)
    };
    let scaled = magnitude * factor;
    let digits = 3 - scaled.log10().floor().clamp(0.0, 3.0) as i32;
    label(value, 10f64.powi(-digits) / factor, magnitude, unit)
}

/// The nice steps, from fine to coarse, starting with the finest that puts at most `most` ticks in
/// `[lo, hi]`: `1, 2, 2.5, 5` times powers of ten.
fn linear_steps(lo: f64, hi: f64, most: usize) -> impl Iterator<Item = f64> {
    let span = hi - lo;
    let most = most.max(2) as f64;
    let start = 10f64.powf((span / most).log10().floor() - 1.0);
    (0..)
        .flat_map(move |k| {
            let base = start * 10f64.powi(k);
            [1.0, 2.0, 2.5, 5.0].map(|m| m * base)
        })
        .skip_while(move |&step| span / step + 1.0 > most + 1e-6)
        .take_while(move |&step| step <= 10.0 * span)
}

/// The multiples of `step` within `[lo, hi]` (with a hair of tolerance at the ends).
fn multiples(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let eps = 1e-9 * step;
    let first = ((lo - eps) / step).ceil() as i64;
    let last = ((hi + eps) / step).floor() as i64;
    (first..=last)
        .map(|k| {
            let v = k as f64 * step;
            if v.abs() < eps { 0.0 } else { v }
        })
        .collect()
}

/// Linear ticks with labels for `[lo, hi]`, at most `most` of them.
pub(crate) fn linear(lo: f64, hi: f64, unit: &str, most: usize) -> Vec<Tick> {
    let step = linear_steps(lo, hi, most).next().unwrap_or(hi - lo);
    labelled(lo, hi, step, unit)
}

fn labelled(lo: f64, hi: f64, step: f64, unit: &str) -> Vec<Tick> {
    let values = multiples(lo, hi, step);
    let max_abs = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    values
        .into_iter()
        .map(|value| Tick {
            value,
            label: label(value, step, max_abs, unit),
        })
        .collect()
}

/// The decade ticks of a log axis over `[lo, hi]` (both `> 0`): `1, 2, 5` per decade when
/// there is room, every decade, or every `k`-th decade, coarsening until at most `most`.
fn log_candidates(lo: f64, hi: f64, unit: &str) -> Vec<Vec<Tick>> {
    let (d0, d1) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let in_range = |v: f64| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
    let one = |v: f64| Tick {
        value: v,
        label: label_value(v, unit),
    };
    let mut candidates = Vec::new();
    for mantissas in [&[1.0, 2.0, 5.0][..], &[1.0][..]] {
        let ticks: Vec<Tick> = (d0..=d1)
            .flat_map(|d| mantissas.iter().map(move |m| m * 10f64.powi(d)))
            .filter(|&v| in_range(v))
            .map(one)
            .collect();
        candidates.push(ticks);
    }
    for every in [2, 3, 5, 10] {
        let ticks: Vec<Tick> = (d0..=d1)
            .filter(|d| d.rem_euclid(every) == 0)
            .map(|d| 10f64.powi(d))
            .filter(|&v| in_range(v))
            .map(one)
            .collect();
        candidates.push(ticks);
    }
    candidates
}

/// The densest ticks for an axis of `length` pixels over `[lo, hi]` whose labels, measured by
/// `extent` (the label's size along the axis, in pixels), keep at least `gap` pixels between
/// neighbours. Falls back to the ends alone when nothing sparser fits.
///
/// On a log axis a range that does not reach a full decade is ticked linearly.
pub(crate) fn fit(
    lo: f64,
    hi: f64,
    scale: AxisScale,
    unit: &str,
    length: f64,
    extent: impl Fn(&str) -> f64,
    gap: f64,
) -> Vec<Tick> {
    let position = |v: f64| match scale {
        AxisScale::Linear => (v - lo) / (hi - lo) * length,
        AxisScale::Log => (v / lo).ln() / (hi / lo).ln() * length,
    };
    let fits = |ticks: &[Tick]| {
        ticks.windows(2).all(|w| {
            let distance = (position(w[1].value) - position(w[0].value)).abs();
            distance >= 0.5 * (extent(&w[0].label) + extent(&w[1].label)) + gap
        })
    };
    let log = scale == AxisScale::Log && lo > 0.0 && hi / lo >= 10.0;
    if log {
        let candidates = log_candidates(lo, hi, unit);
        if let Some(ticks) = candidates.iter().find(|t| t.len() >= 2 && fits(t)) {
            return ticks.clone();
        }
    }
    // The densest nice step with two labels that fit; else one label, the coarsest.
    let mut single = Vec::new();
    for step in linear_steps(lo, hi, 50) {
        let ticks = labelled(lo, hi, step, unit);
        if ticks.len() >= 2 && fits(&ticks) {
            return ticks;
        }
        if !ticks.is_empty() {
            single = ticks;
        }
    }
    single.truncate(1);
    single
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(ticks: &[Tick]) -> Vec<&str> {
        ticks.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn frequencies_read_with_prefixes_and_without_trailing_zeros() {
        let ticks = linear(0.0, 6e9, "Hz", 7);
        assert_eq!(
            labels(&ticks),
            [
                "0 GHz", "1 GHz", "2 GHz", "3 GHz", "4 GHz", "5 GHz", "6 GHz"
            ]
        );
        let ticks = linear(0.5e9, 2e9, "Hz", 4);
        assert_eq!(labels(&ticks), ["0.5 GHz", "1 GHz", "1.5 GHz", "2 GHz"]);
        let ticks = linear(0.0, 600e6, "Hz", 4);
        assert_eq!(labels(&ticks), ["0 MHz", "200 MHz", "400 MHz", "600 MHz"]);
        let ticks = linear(0.5e9, 3e9, "Hz", 6);
        assert_eq!(
            labels(&ticks),
            ["0.5 GHz", "1 GHz", "1.5 GHz", "2 GHz", "2.5 GHz", "3 GHz"]
        );
    }

    #[test]
    fn decibels_and_dimensionless_values_take_no_prefix() {
        let ticks = linear(-40.0, 0.0, "dB", 5);
        assert_eq!(
            labels(&ticks),
            [
                "\u{2212}40 dB",
                "\u{2212}30 dB",
                "\u{2212}20 dB",
                "\u{2212}10 dB",
                "0 dB"
            ]
        );
        let ticks = linear(0.0, 1.0, "", 5);
        assert_eq!(labels(&ticks), ["0", "0.25", "0.5", "0.75", "1"]);
        let ticks = linear(0.0, 2000.0, "", 3);
        assert_eq!(labels(&ticks), ["0", "1000", "2000"]);
    }

    #[test]
    fn component_values_read_in_their_unit() {
        assert_eq!(label_value(2.2e-12, "F"), "2.2 pF");
        assert_eq!(label_value(1.25e9, "Hz"), "1.25 GHz");
        assert_eq!(label_value(47.0, "Ω"), "47 Ω");
        assert_eq!(label_value(-3.0, "dB"), "\u{2212}3 dB");
        let ticks = linear(1e-12, 3e-12, "F", 5);
        assert_eq!(labels(&ticks), ["1 pF", "1.5 pF", "2 pF", "2.5 pF", "3 pF"]);
    }

    #[test]
    fn labels_are_thinned_until_they_do_not_touch() {
        // 8 px per character, 4 px apart at least, on a 300 px axis.
        let extent = |s: &str| 8.0 * s.chars().count() as f64;
        let ticks = fit(0.0, 6e9, AxisScale::Linear, "Hz", 300.0, extent, 4.0);
        assert!(ticks.len() >= 3, "{:?}", labels(&ticks));
        for w in ticks.windows(2) {
            let d = (w[1].value - w[0].value) / 6e9 * 300.0;
            assert!(d >= 0.5 * (extent(&w[0].label) + extent(&w[1].label)) + 4.0);
        }
        // Twice as long an axis holds at least as many.
        let wider = fit(0.0, 6e9, AxisScale::Linear, "Hz", 600.0, extent, 4.0);
        assert!(wider.len() >= ticks.len());
        // A tiny axis keeps one label rather than overlapping ones.
        let tiny = fit(0.0, 6e9, AxisScale::Linear, "Hz", 20.0, extent, 4.0);
        assert_eq!(tiny.len(), 1);
    }

    #[test]
    fn log_axes_tick_decades() {
        let extent = |s: &str| 7.0 * s.chars().count() as f64;
        let ticks = fit(1e6, 1e10, AxisScale::Log, "Hz", 500.0, extent, 6.0);
        assert!(labels(&ticks).contains(&"1 GHz"), "{:?}", labels(&ticks));
        assert!(labels(&ticks).contains(&"10 MHz"), "{:?}", labels(&ticks));
        // Under a decade, a log axis ticks linearly.
        let short = fit(2e9, 8e9, AxisScale::Log, "Hz", 500.0, extent, 6.0);
        assert_eq!(short.first().map(|t| t.label.as_str()), Some("2 GHz"));
    }
}
