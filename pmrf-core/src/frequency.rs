//! Frequency grids: the points every network is evaluated at.
//!
//! A [`Frequency`] stores its points in Hz (SI inside) and carries a display [`FrequencyUnit`]
//! only for printing and for [`Frequency::scaled`]. Every constructor validates the grid: at least
//! one point, all finite, all `>= 0`, strictly ascending.
//!
//! ```
//! use pmrf::{Frequency, FrequencyUnit};
//!
//! let f = Frequency::linspace(1.0, 2.0, 11, FrequencyUnit::GHz)?;
//! assert_eq!(f.len(), 11);
//! assert_eq!(f.start(), 1e9);
//! assert_eq!(f.stop(), 2e9);
//! assert_eq!(f.scaled()[5], 1.5);
//! assert_eq!(f.to_string(), "1-2 GHz, 11 pts");
//!
//! let unit: FrequencyUnit = "mhz".parse()?;
//! assert_eq!(unit, FrequencyUnit::MHz);
//! assert!(Frequency::from_hz(vec![2e9, 1e9]).is_err()); // not ascending
//! # Ok::<(), pmrf::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use ndarray::Array1;

use crate::{Error, Result};

/// The unit a [`Frequency`] is displayed in; values are always stored in Hz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FrequencyUnit {
    /// Hertz.
    #[default]
    Hz,
    /// Kilohertz, 1e3 Hz.
    KHz,
    /// Megahertz, 1e6 Hz.
    MHz,
    /// Gigahertz, 1e9 Hz.
    GHz,
    /// Terahertz, 1e12 Hz.
    THz,
}

impl FrequencyUnit {
    /// All units, smallest first.
    pub const ALL: [FrequencyUnit; 5] = [Self::Hz, Self::KHz, Self::MHz, Self::GHz, Self::THz];

    /// How many Hz one of this unit is (`GHz` -> `1e9`).
    pub fn multiplier(self) -> f64 {
        match self {
            Self::Hz => 1.0,
            Self::KHz => 1e3,
            Self::MHz => 1e6,
            Self::GHz => 1e9,
            Self::THz => 1e12,
        }
    }

    /// The conventional symbol: `"Hz"`, `"kHz"`, `"MHz"`, `"GHz"` or `"THz"`.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Hz => "Hz",
            Self::KHz => "kHz",
            Self::MHz => "MHz",
            Self::GHz => "GHz",
            Self::THz => "THz",
        }
    }
}

impl fmt::Display for FrequencyUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

impl FromStr for FrequencyUnit {
    type Err = Error;

    /// Parses a unit symbol, case-insensitively and ignoring surrounding spaces (`"ghz"`, `" GHz"`).
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        Self::ALL
            .into_iter()
            .find(|u| u.symbol().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::InvalidFrequency(format!(
                    "unknown frequency unit `{s}`; expected one of Hz, kHz, MHz, GHz, THz \
                     (case-insensitive)"
                ))
            })
    }
}

/// A validated frequency grid: points in Hz, strictly ascending, finite and `>= 0`, never empty.
///
/// The [`FrequencyUnit`] is for display only; all accessors except [`Frequency::scaled`] and
/// `Display` work in Hz.
#[derive(Debug, Clone, PartialEq)]
pub struct Frequency {
    hz: Vec<f64>,
    unit: FrequencyUnit,
}

/// Checks that `hz` is a non-empty, finite, non-negative, strictly ascending grid.
fn validate(hz: &[f64]) -> Result<()> {
    if hz.is_empty() {
        return Err(Error::EmptyFrequency);
    }
    for (index, &value) in hz.iter().enumerate() {
        if !value.is_finite() {
            return Err(Error::NonFiniteFrequency { index, value });
        }
        if value < 0.0 {
            return Err(Error::NegativeFrequency { index, value });
        }
        if index > 0 && value <= hz[index - 1] {
            return Err(Error::NonAscendingFrequency {
                index,
                value,
                previous: hz[index - 1],
            });
        }
    }
    Ok(())
}

/// The most points a generated grid ([`Frequency::linspace`], [`Frequency::logspace`]) may have:
/// 2^27 (about 134 million, 1 GiB of `f64`), far beyond any measured or simulated sweep. Larger
/// counts are an [`Error::InvalidFrequency`], not an allocation failure.
pub const MAX_POINTS: usize = 1 << 27;

/// Checks the size and end points of a generated grid before any arithmetic on them, so that
/// the first offending point is reported rather than the overflow it would cause.
fn check_ends(start: f64, stop: f64, npoints: usize) -> Result<()> {
    if npoints == 0 {
        return Err(Error::EmptyFrequency);
    }
    if npoints > MAX_POINTS {
        return Err(Error::InvalidFrequency(format!(
            "{npoints} points requested; a generated grid has at most {MAX_POINTS}"
        )));
    }
    if !start.is_finite() {
        return Err(Error::NonFiniteFrequency {
            index: 0,
            value: start,
        });
    }
    if !stop.is_finite() {
        return Err(Error::NonFiniteFrequency {
            index: npoints - 1,
            value: stop,
        });
    }
    Ok(())
}

/// `n` points `at(i)`, or an error instead of an allocation failure.
fn generate(n: usize, at: impl Fn(usize) -> f64) -> Result<Vec<f64>> {
    let mut hz = Vec::new();
    hz.try_reserve_exact(n).map_err(|e| {
        Error::InvalidFrequency(format!("cannot allocate a grid of {n} points: {e}"))
    })?;
    hz.extend((0..n).map(at));
    Ok(hz)
}

/// `x` rounded to 10 significant digits, so that `0.30000000000000004` prints as `0.3`.
fn tidy(x: f64) -> f64 {
    format!("{x:.9e}").parse().unwrap_or(x)
}

impl Frequency {
    fn new(hz: Vec<f64>, unit: FrequencyUnit) -> Result<Self> {
        validate(&hz)?;
        Ok(Self { hz, unit })
    }

    /// `npoints` evenly spaced points from `start` to `stop`, both given in `unit` and both
    /// included exactly. `npoints = 1` gives `[start]`.
    ///
    /// # Errors
    /// [`Error::EmptyFrequency`] for `npoints = 0`; [`Error::InvalidFrequency`] for more than
    /// [`MAX_POINTS`] points; the validation errors for a non-finite, negative (`start < 0`:
    /// point 0) or non-ascending grid (`start >= stop` with `npoints > 1`).
    pub fn linspace(start: f64, stop: f64, npoints: usize, unit: FrequencyUnit) -> Result<Self> {
        let m = unit.multiplier();
        let (a, b) = (start * m, stop * m);
        check_ends(a, b, npoints)?;
        // A negative start is the real problem even where `b - a` would overflow.
        if a < 0.0 {
            return Err(Error::NegativeFrequency { index: 0, value: a });
        }
        if npoints == 1 {
            return Self::new(vec![a], unit);
        }
        let d = (npoints - 1) as f64;
        // With 0 <= a and b finite, b - a cannot overflow.
        let mut hz = generate(npoints, |i| a + (b - a) * i as f64 / d)?;
        hz[npoints - 1] = b;
        Self::new(hz, unit)
    }

    /// `npoints` logarithmically spaced points from `start` to `stop` (in `unit`, both included
    /// exactly). `npoints = 1` gives `[start]`.
    ///
    /// # Errors
    /// [`Error::InvalidFrequency`] if `start <= 0` or `stop <= 0` (a log grid cannot reach 0);
    /// otherwise as [`Frequency::linspace`]. Any positive finite ends work, even where
    /// `stop / start` overflows.
    pub fn logspace(start: f64, stop: f64, npoints: usize, unit: FrequencyUnit) -> Result<Self> {
        let m = unit.multiplier();
        let (a, b) = (start * m, stop * m);
        check_ends(a, b, npoints)?;
        if a <= 0.0 || b <= 0.0 {
            return Err(Error::InvalidFrequency(format!(
                "a logarithmic grid needs start > 0 and stop > 0, got {start}-{stop} {unit}"
            )));
        }
        if npoints == 1 {
            return Self::new(vec![a], unit);
        }
        let d = (npoints - 1) as f64;
        let ratio = b / a;
        let mut hz = if ratio.is_finite() {
            generate(npoints, |i| a * ratio.powf(i as f64 / d))?
        } else {
            // b / a overflows (1e-300 to 1e300 Hz): interpolate the logarithms instead.
            let (la, lb) = (a.ln(), b.ln());
            generate(npoints, |i| (la + (lb - la) * (i as f64 / d)).exp())?
        };
        hz[npoints - 1] = b;
        Self::new(hz, unit)
    }

    /// A grid from points in Hz; the display unit is Hz (change it with
    /// [`Frequency::with_unit`]).
    ///
    /// # Errors
    /// Empty, non-finite, negative or not strictly ascending points.
    pub fn from_hz(hz: impl Into<Vec<f64>>) -> Result<Self> {
        Self::new(hz.into(), FrequencyUnit::Hz)
    }

    /// A grid from points given in `unit`, which also becomes the display unit.
    ///
    /// # Errors
    /// Empty, non-finite (also where `value * unit` overflows), negative or not strictly
    /// ascending points; [`Error::InvalidFrequency`] if the grid cannot be allocated.
    pub fn from_values(values: &[f64], unit: FrequencyUnit) -> Result<Self> {
        let m = unit.multiplier();
        Self::new(generate(values.len(), |i| values[i] * m)?, unit)
    }

    /// The points in Hz.
    pub fn hz(&self) -> &[f64] {
        &self.hz
    }

    /// The number of points (at least 1).
    pub fn len(&self) -> usize {
        self.hz.len()
    }

    /// Always `false`: a `Frequency` has at least one point.
    pub fn is_empty(&self) -> bool {
        self.hz.is_empty()
    }

    /// The display unit.
    pub fn unit(&self) -> FrequencyUnit {
        self.unit
    }

    /// The points in the display unit (`1.5` for 1.5 GHz when the unit is GHz).
    pub fn scaled(&self) -> Vec<f64> {
        let m = self.unit.multiplier();
        self.hz.iter().map(|f| f / m).collect()
    }

    /// The angular frequencies `omega = 2 pi f` in rad/s.
    pub fn omega(&self) -> Vec<f64> {
        self.hz
            .iter()
            .map(|f| 2.0 * std::f64::consts::PI * f)
            .collect()
    }

    /// The first (lowest) point in Hz.
    pub fn start(&self) -> f64 {
        self.hz[0]
    }

    /// The last (highest) point in Hz.
    pub fn stop(&self) -> f64 {
        self.hz[self.hz.len() - 1]
    }

    /// The points in Hz as an `ndarray` vector.
    pub fn to_array(&self) -> Array1<f64> {
        Array1::from(self.hz.clone())
    }

    /// The same grid with another display unit.
    #[must_use]
    pub fn with_unit(self, unit: FrequencyUnit) -> Self {
        Self { unit, ..self }
    }
}

impl fmt::Display for Frequency {
    /// `"100-1000 MHz, 100 pts"`, or `"1.5 GHz, 1 pt"` for a single point.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.unit.multiplier();
        let (a, b) = (tidy(self.start() / m), tidy(self.stop() / m));
        match self.len() {
            1 => write!(f, "{a} {}, 1 pt", self.unit),
            n => write!(f, "{a}-{b} {}, {n} pts", self.unit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FrequencyUnit::*;

    #[test]
    fn units() {
        let expected = [(Hz, 1.0, "Hz"), (KHz, 1e3, "kHz"), (MHz, 1e6, "MHz")];
        for (u, m, s) in expected
            .into_iter()
            .chain([(GHz, 1e9, "GHz"), (THz, 1e12, "THz")])
        {
            assert_eq!(u.multiplier(), m);
            assert_eq!(u.to_string(), s);
            assert_eq!(s.parse::<FrequencyUnit>(), Ok(u));
            assert_eq!(s.to_uppercase().parse::<FrequencyUnit>(), Ok(u));
            assert_eq!(s.to_lowercase().parse::<FrequencyUnit>(), Ok(u));
        }
        assert_eq!(" GHz ".parse::<FrequencyUnit>(), Ok(GHz));
        assert_eq!(FrequencyUnit::default(), Hz);
    }

    #[test]
    fn unknown_unit_names_the_accepted_ones() {
        for bad in ["", "G", "gigahertz", "mHzz", "rad/s"] {
            match bad.parse::<FrequencyUnit>() {
                Err(Error::InvalidFrequency(msg)) => {
                    assert!(msg.contains(&format!("`{bad}`")), "{msg}");
                    for u in FrequencyUnit::ALL {
                        assert!(msg.contains(u.symbol()), "{msg}");
                    }
                }
                other => panic!("{bad:?} parsed as {other:?}"),
            }
        }
    }

    #[test]
    fn linspace_values_and_exact_ends() {
        let f = Frequency::linspace(0.1, 0.7, 7, GHz).unwrap();
        assert_eq!(f.len(), 7);
        assert!(!f.is_empty());
        assert_eq!(f.unit(), GHz);
        assert_eq!(f.start(), 0.1 * 1e9);
        assert_eq!(f.stop(), 0.7 * 1e9);
        for (i, &x) in f.hz().iter().enumerate() {
            let want = 1e8 * (i as f64 + 1.0);
            assert!((x - want).abs() <= 1e-15 * want, "{i}: {x} vs {want}");
        }
        let s = f.scaled();
        assert!((s[3] - 0.4).abs() < 1e-15);
        let f = Frequency::linspace(100.0, 1000.0, 100, MHz).unwrap();
        assert_eq!((f.hz()[0], f.hz()[99]), (100e6, 1000e6));
        assert!((f.hz()[1] - f.hz()[0] - 900e6 / 99.0).abs() < 1e-6);
        assert!(f.hz().windows(2).all(|w| w[1] > w[0]));
        let one = Frequency::linspace(2.0, 5.0, 1, GHz).unwrap();
        assert_eq!(one.hz(), &[2e9]);
        let zero_start = Frequency::linspace(0.0, 1.0, 3, Hz).unwrap();
        assert_eq!(zero_start.hz(), &[0.0, 0.5, 1.0]);
    }

    #[test]
    fn linspace_errors() {
        assert_eq!(
            Frequency::linspace(1.0, 2.0, 0, GHz),
            Err(Error::EmptyFrequency)
        );
        assert!(matches!(
            Frequency::linspace(1.0, 1.0, 2, GHz),
            Err(Error::NonAscendingFrequency { index: 1, .. })
        ));
        assert!(matches!(
            Frequency::linspace(2.0, 1.0, 5, GHz),
            Err(Error::NonAscendingFrequency { index: 1, .. })
        ));
        assert!(matches!(
            Frequency::linspace(-1.0, 1.0, 5, GHz),
            Err(Error::NegativeFrequency { index: 0, value }) if value == -1e9
        ));
        assert!(matches!(
            Frequency::linspace(f64::NAN, 1.0, 5, GHz),
            Err(Error::NonFiniteFrequency { index: 0, .. })
        ));
        assert!(matches!(
            Frequency::linspace(1.0, f64::INFINITY, 5, GHz),
            Err(Error::NonFiniteFrequency { index: 4, .. })
        ));
        // Finite in THz but overflowing in Hz.
        assert!(matches!(
            Frequency::linspace(1.0, 1e300, 5, THz),
            Err(Error::NonFiniteFrequency { index: 4, .. })
        ));
    }

    #[test]
    fn logspace_values_and_errors() {
        let f = Frequency::logspace(1.0, 1000.0, 4, MHz).unwrap();
        let want = [1e6, 1e7, 1e8, 1e9];
        for (x, w) in f.hz().iter().zip(want) {
            assert!((x - w).abs() <= 1e-14 * w, "{x} vs {w}");
        }
        assert_eq!((f.start(), f.stop()), (1e6, 1e9));
        let f = Frequency::logspace(3.0, 7.0, 13, GHz).unwrap();
        assert_eq!((f.start(), f.stop()), (3e9, 7e9));
        let r = f.hz()[1] / f.hz()[0];
        assert!(f.hz().windows(2).all(|w| (w[1] / w[0] - r).abs() < 1e-13));
        assert_eq!(Frequency::logspace(1.0, 9.0, 1, Hz).unwrap().hz(), &[1.0]);
        for (a, b) in [(0.0, 1.0), (-1.0, 1.0), (1.0, 0.0), (1.0, -2.0)] {
            match Frequency::logspace(a, b, 3, GHz) {
                Err(Error::InvalidFrequency(msg)) => assert!(msg.contains("> 0"), "{msg}"),
                other => panic!("logspace({a}, {b}) gave {other:?}"),
            }
        }
        assert_eq!(
            Frequency::logspace(1.0, 2.0, 0, Hz),
            Err(Error::EmptyFrequency)
        );
        assert!(matches!(
            Frequency::logspace(2.0, 1.0, 3, Hz),
            Err(Error::NonAscendingFrequency { index: 1, .. })
        ));
        assert!(matches!(
            Frequency::logspace(1.0, f64::NAN, 3, Hz),
            Err(Error::NonFiniteFrequency { index: 2, .. })
        ));
    }

    #[test]
    fn absurd_sizes_and_ends_are_errors() {
        for n in [usize::MAX, usize::MAX / 8, MAX_POINTS + 1] {
            for r in [
                Frequency::linspace(1.0, 2.0, n, Hz),
                Frequency::logspace(1.0, 2.0, n, Hz),
            ] {
                match r {
                    Err(Error::InvalidFrequency(msg)) => assert!(msg.contains("at most"), "{msg}"),
                    other => panic!("{n} points gave {other:?}"),
                }
            }
        }
        // The negative start, not the overflowing step, is the problem.
        assert_eq!(
            Frequency::linspace(-1.7e308, 1.7e308, 5, Hz),
            Err(Error::NegativeFrequency {
                index: 0,
                value: -1.7e308
            })
        );
        let f = Frequency::linspace(0.0, 1.7e308, 3, Hz).unwrap();
        assert_eq!(f.hz(), &[0.0, 0.85e308, 1.7e308]);
        // Log grids whose end ratio overflows.
        let f = Frequency::logspace(1e-300, 1e300, 7, Hz).unwrap();
        for (i, x) in f.hz().iter().enumerate() {
            let want = 10f64.powi(100 * i as i32 - 300);
            assert!((x / want - 1.0).abs() < 1e-12, "{x} vs {want}");
        }
        assert!(matches!(
            Frequency::from_values(&[-1e300, 1.0], THz),
            Err(Error::NonFiniteFrequency { index: 0, .. })
        ));
    }

    #[test]
    fn from_hz_and_from_values() {
        let f = Frequency::from_hz(vec![1e9, 2e9, 4e9]).unwrap();
        assert_eq!(f.unit(), Hz);
        assert_eq!(f.hz(), &[1e9, 2e9, 4e9]);
        let g = Frequency::from_values(&[1.0, 2.0, 4.0], GHz).unwrap();
        assert_eq!(g.hz(), f.hz());
        assert_eq!(g.unit(), GHz);
        assert_eq!(f.clone().with_unit(GHz), g);
        assert_eq!(g.scaled(), vec![1.0, 2.0, 4.0]);
        assert_eq!(Frequency::from_hz([5.0]).unwrap().len(), 1);
        assert_eq!(Frequency::from_hz(Vec::new()), Err(Error::EmptyFrequency));
        assert_eq!(Frequency::from_values(&[], MHz), Err(Error::EmptyFrequency));
    }

    #[test]
    fn validation_reports_first_offending_point() {
        assert!(matches!(
            Frequency::from_hz(vec![1.0, 2.0, f64::NAN, -1.0]),
            Err(Error::NonFiniteFrequency { index: 2, value }) if value.is_nan()
        ));
        assert!(matches!(
            Frequency::from_hz(vec![1.0, f64::NEG_INFINITY]),
            Err(Error::NonFiniteFrequency { index: 1, .. })
        ));
        assert_eq!(
            Frequency::from_hz(vec![-5.0, 1.0]),
            Err(Error::NegativeFrequency {
                index: 0,
                value: -5.0
            })
        );
        assert_eq!(
            Frequency::from_values(&[1.0, 3.0, 2.0], MHz),
            Err(Error::NonAscendingFrequency {
                index: 2,
                value: 2e6,
                previous: 3e6
            })
        );
        assert_eq!(
            Frequency::from_hz(vec![1.0, 1.0]),
            Err(Error::NonAscendingFrequency {
                index: 1,
                value: 1.0,
                previous: 1.0
            })
        );
        assert!(Frequency::from_hz(vec![0.0, 1.0]).is_ok());
    }

    #[test]
    fn derived_quantities() {
        let f = Frequency::from_values(&[0.0, 1.0, 2.5], GHz).unwrap();
        let w = f.omega();
        assert_eq!(w[0], 0.0);
        assert!((w[1] - 6.283185307179586e9).abs() < 1e-3);
        assert!((w[2] / w[1] - 2.5).abs() < 1e-15);
        let a = f.to_array();
        assert_eq!(a.len(), 3);
        assert_eq!(a[2], 2.5e9);
        assert_eq!(f.start(), 0.0);
        assert_eq!(f.stop(), 2.5e9);
    }

    #[test]
    fn display() {
        let f = Frequency::linspace(100.0, 1000.0, 100, MHz).unwrap();
        assert_eq!(f.to_string(), "100-1000 MHz, 100 pts");
        let f = Frequency::linspace(0.1, 0.3, 3, GHz).unwrap();
        assert_eq!(f.to_string(), "0.1-0.3 GHz, 3 pts");
        let f = Frequency::from_hz([1.5e9]).unwrap().with_unit(GHz);
        assert_eq!(f.to_string(), "1.5 GHz, 1 pt");
        let f = Frequency::from_hz([1.0, 2.0]).unwrap();
        assert_eq!(f.to_string(), "1-2 Hz, 2 pts");
    }
}
