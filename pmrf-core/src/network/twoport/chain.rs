//! 2-ports chained by their ABCD matrices: the structured hints components give
//! ([`Abcd`]), runs of them multiplied together ([`AbcdRun`]) and the per-junction [`Chain`] that
//! joins runs by the [`star`] product.

use num_complex::Complex;

use super::star;
use crate::Scalar;
use crate::cmath::{self, ComplexExt};
use crate::network::Mat;

/// `true` if both parts of the value of `z` are finite.
#[inline]
fn finite<T: Scalar>(z: Complex<T>) -> bool {
    z.re.re().is_finite() && z.im.re().is_finite()
}

/// `true` if the value of `z` is exactly `0`.
#[inline]
fn is_zero<T: Scalar>(z: Complex<T>) -> bool {
    z.re.re() == 0.0 && z.im.re() == 0.0
}

/// A 2-port's ABCD (chain) matrix, in the structured form that chains cheapest: what
/// [`Component::abcd_hint`](crate::network::Component::abcd_hint) returns.
///
/// Chaining a run by a series or shunt element costs 2 complex products instead of the 8 of a
/// full 2x2 product, and a reciprocal stage (`AD - BC = 1`: every passive network of R, L, C
/// and lines) keeps `S12 = S21` exact without tracking a determinant.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::network::twoport::Abcd;
///
/// let z = Complex::new(25.0, 5.0);
/// let one = Complex::new(1.0, 0.0);
/// assert_eq!(Abcd::Series(z).matrix(), [[one, z], [Complex::new(0.0, 0.0), one]]);
/// assert_eq!(Abcd::Series(z).det(), None); // exactly 1
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Abcd<T: Scalar> {
    /// An impedance `z` in series: `[[1, z], [0, 1]]`.
    Series(Complex<T>),
    /// An admittance `y` in shunt: `[[1, 0], [y, 1]]`.
    Shunt(Complex<T>),
    /// A reciprocal 2-port, `AD - BC = 1` (a line).
    Reciprocal(Mat<T, 2>),
    /// Any 2-port.
    General(Mat<T, 2>),
}

impl<T: Scalar> Abcd<T> {
    /// The full matrix `[[A, B], [C, D]]`.
    #[inline]
    pub fn matrix(&self) -> Mat<T, 2> {
        let (zero, one) = (Complex::from_real(0.0), Complex::from_real(1.0));
        match *self {
            Abcd::Series(z) => [[one, z], [zero, one]],
            Abcd::Shunt(y) => [[one, zero], [y, one]],
            Abcd::Reciprocal(m) | Abcd::General(m) => m,
        }
    }

    /// The determinant `AD - BC`, or `None` where it is exactly `1` (every form but
    /// [`General`](Abcd::General)).
    #[inline]
    pub fn det(&self) -> Option<Complex<T>> {
        match self {
            Abcd::General([[a, b], [c, d]]) => Some(*a * *d - *b * *c),
            _ => None,
        }
    }

    /// The same form normalised to `z0`, `[[A, B / z0], [C z0, D]]`.
    #[inline(always)]
    pub(super) fn normalized(&self, z0: f64) -> Self {
        match *self {
            Abcd::Series(z) => Abcd::Series(z.scale_f64(1.0 / z0)),
            Abcd::Shunt(y) => Abcd::Shunt(y.scale_f64(z0)),
            Abcd::Reciprocal(m) => Abcd::Reciprocal(normalized(&m, z0)),
            Abcd::General(m) => Abcd::General(normalized(&m, z0)),
        }
    }

    /// The largest row sum of [`mag`]s of the value of the matrix normalised to `z0`
    /// ([`normalized`]): a submultiplicative bound on its scale.
    #[inline(always)]
    fn bound(&self, z0: f64) -> f64 {
        match self {
            Abcd::Series(z) => 1.0 + mag(*z) / z0,
            Abcd::Shunt(y) => 1.0 + mag(*y) * z0,
            Abcd::Reciprocal([[a, b], [c, d]]) | Abcd::General([[a, b], [c, d]]) => {
                (mag(*a) + mag(*b) / z0).max(mag(*c) * z0 + mag(*d))
            }
        }
    }
}

/// `m` normalised to `z0`, `[[A, B / z0], [C z0, D]]`, which chains like ABCD and gives S at
/// `z0` without further scaling.
#[inline(always)]
pub(super) fn normalized<T: Scalar>(m: &Mat<T, 2>, z0: f64) -> Mat<T, 2> {
    let [[a, b], [c, d]] = *m;
    [[a, b.scale_f64(1.0 / z0)], [c.scale_f64(z0), d]]
}

/// ABCD of an impedance `z` in series, `[[1, z], [0, 1]]`; `None` if `z` is not finite (an
/// open has no ABCD matrix). The chain form of [`series_impedance`](super::series_impedance), for
/// [`Component::abcd_hint`](crate::network::Component::abcd_hint).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::network::twoport::{Abcd, series_impedance_abcd};
///
/// let z = Complex::new(25.0, 5.0);
/// assert_eq!(series_impedance_abcd(z), Some(Abcd::Series(z)));
/// assert!(series_impedance_abcd(Complex::new(f64::INFINITY, 0.0)).is_none());
/// ```
#[inline]
pub fn series_impedance_abcd<T: Scalar>(z: Complex<T>) -> Option<Abcd<T>> {
    finite(z).then_some(Abcd::Series(z))
}

/// ABCD of an admittance `y` in series, `[[1, 1/y], [0, 1]]`; `None` if `y = 0` (an open)
/// or not finite. The chain form of [`series_admittance`](super::series_admittance).
#[inline]
pub fn series_admittance_abcd<T: Scalar>(y: Complex<T>) -> Option<Abcd<T>> {
    if is_zero(y) || !finite(y) {
        return None;
    }
    series_impedance_abcd(cmath::recip(y))
}

/// ABCD of an admittance `y` in shunt, `[[1, 0], [y, 1]]`; `None` if `y` is not finite (a
/// short). The chain form of [`shunt_admittance`](super::shunt_admittance).
#[inline]
pub fn shunt_admittance_abcd<T: Scalar>(y: Complex<T>) -> Option<Abcd<T>> {
    finite(y).then_some(Abcd::Shunt(y))
}

/// ABCD of an impedance `z` in shunt, `[[1, 0], [1/z, 1]]`; `None` if `z = 0` (a short) or
/// not finite. The chain form of [`shunt_impedance`](super::shunt_impedance).
#[inline]
pub fn shunt_impedance_abcd<T: Scalar>(z: Complex<T>) -> Option<Abcd<T>> {
    if is_zero(z) || !finite(z) {
        return None;
    }
    shunt_admittance_abcd(cmath::recip(z))
}

/// The largest ratio of the scale of an ABCD chain to its S denominator that the chain takes
/// ([`Chain`]): the rounding error of S from the product is at most about
/// `n eps CHAIN_LIMIT`, so `1e-13` of the star product for cascades up to 12 stages.
pub const CHAIN_LIMIT: f64 = 16.0;

/// `|re| + |im|` of the value of `z`: within a factor `sqrt 2` of `|z|`, and submultiplicative.
#[inline]
fn mag<T: Scalar>(z: Complex<T>) -> f64 {
    z.re.re().abs() + z.im.re().abs()
}

/// `a b` of two 2x2 matrices.
#[inline]
pub(super) fn mul2<T: Scalar>(a: &Mat<T, 2>, b: &Mat<T, 2>) -> Mat<T, 2> {
    [
        [
            a[0][0] * b[0][0] + a[0][1] * b[1][0],
            a[0][0] * b[0][1] + a[0][1] * b[1][1],
        ],
        [
            a[1][0] * b[0][0] + a[1][1] * b[1][0],
            a[1][0] * b[0][1] + a[1][1] * b[1][1],
        ],
    ]
}

/// A run of stages chained by their ABCD matrices, normalised to `z0`
/// (`[[A, B / z0], [C z0, D]]`, which multiply like ABCD), with a bound on its scale and its
/// determinant tracked as the product of the stages' (`None` while exactly `1`).
#[derive(Clone, Copy)]
pub(crate) struct AbcdRun<T: Scalar> {
    pub(super) m: Mat<T, 2>,
    pub(super) det: Option<Complex<T>>,
    pub(super) bound: f64,
}

impl<T: Scalar> AbcdRun<T> {
    /// A run of the one stage `abcd`.
    #[inline(always)]
    pub(crate) fn new(abcd: &Abcd<T>, z0: f64) -> Self {
        let n = abcd.normalized(z0);
        AbcdRun {
            m: n.matrix(),
            det: n.det(),
            bound: abcd.bound(z0),
        }
    }

    /// The run followed by the stage `next`: 2 complex products for a series or shunt stage.
    #[inline(always)]
    pub(crate) fn then(&self, next: &Abcd<T>, z0: f64) -> Self {
        let n = next.normalized(z0);
        let [[a, b], [c, d]] = self.m;
        let m = match n {
            Abcd::Series(z) => [[a, a * z + b], [c, c * z + d]],
            Abcd::Shunt(y) => [[a + b * y, b], [c + d * y, d]],
            Abcd::Reciprocal(n) | Abcd::General(n) => mul2(&self.m, &n),
        };
        let det = match (self.det, n.det()) {
            (Some(x), Some(y)) => Some(x * y),
            (x, y) => x.or(y),
        };
        AbcdRun {
            m,
            det,
            bound: self.bound * next.bound(z0),
        }
    }

    /// The S-parameters of the run, or `None` where its rounding could exceed about
    /// `n eps CHAIN_LIMIT` (the product is large against the S denominator: near-blocking
    /// stages, overflow, NaN).
    #[inline(always)]
    pub(crate) fn s(&self) -> Option<Mat<T, 2>> {
        let [[a, b], [c, d]] = self.m;
        let den = a + b + c + d;
        let size = mag(den);
        // Also false for NaN; the range keeps the unscaled reciprocal exact.
        if !(self.bound <= CHAIN_LIMIT * size && (1e-150..=1e150).contains(&size)) {
            return None;
        }
        let inv = den.inv();
        let (p, q) = (a - d, b - c);
        let s21 = inv.scale_f64(2.0);
        Some([
            [(p + q) * inv, self.det.map_or(s21, |det| det * s21)],
            [s21, (q - p) * inv],
        ])
    }
}

/// The most stages whose hints a cascade gathers on the stack for the adjoint rule of
/// [`DualN`](crate::DualN) (tuples hold up to 12 stages); longer runs take the forward rule.
pub(crate) const STACK_STAGES: usize = 12;

/// The S-parameters at `z0` of the stages chained by their ABCD matrices in order, stage by
/// stage as their hints come; `None` where a stage has no hint or the product is too
/// ill-conditioned ([`AbcdRun::s`]). No stages are a thru. The forward rule of
/// [`chain_abcd`](super::chain_abcd).
#[inline(always)]
pub(crate) fn chain_forward<T: Scalar>(
    mut hints: impl Iterator<Item = Option<Abcd<T>>>,
    z0: f64,
) -> Option<Mat<T, 2>> {
    let Some(first) = hints.next() else {
        return Some(thru());
    };
    let mut run = AbcdRun::new(&first?, z0);
    for next in hints {
        run = run.then(&next?, z0);
    }
    run.s()
}

/// The S-parameters of an ideal thru.
pub(crate) fn thru<T: Scalar>() -> Mat<T, 2> {
    let (zero, one) = (Complex::from_real(0.0), Complex::from_real(1.0));
    [[zero, one], [one, zero]]
}

/// A cascade of 2-ports at one frequency, built stage by stage: runs of consecutive stages with
/// an ABCD hint ([`Component::abcd_hint`](crate::network::Component::abcd_hint)) are multiplied as ABCD
/// matrices (about 3 real divisions for a whole run), and runs are joined to each other and to
/// the other stages by the [`star`] product, which stays exact at DC and for blocking stages.
///
/// [`Chain::s`] is `None` where an ABCD run is too ill-conditioned to match the star product
/// to about `1e-13` (see [`CHAIN_LIMIT`]); then chain the S-parameters with [`star`] alone.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
/// use pmrf::network::twoport::{Chain, star};
///
/// let (l, c) = (SeriesL::new(5e-9), ShuntC::new(2e-12));
/// let f = 2e9;
/// let mut chain = Chain::new();
/// chain.push(&c, f);
/// chain.push(&l, f);
/// chain.push(&c, f);
/// let fast = chain.s().unwrap();
/// let exact = star(&star(&c.s_at(f), &l.s_at(f)), &c.s_at(f));
/// for (x, y) in fast.iter().flatten().zip(exact.iter().flatten()) {
///     assert!((x - y).norm() < 1e-15);
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Chain<T: Scalar> {
    /// The S-parameters of the stages before `run`.
    s: Option<Mat<T, 2>>,
    /// The current run of ABCD stages.
    run: Option<AbcdRun<T>>,
    /// `false` once a run was rejected.
    ok: bool,
}

impl<T: Scalar> Default for Chain<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Scalar> Chain<T> {
    /// An empty chain (an ideal thru).
    #[inline]
    pub fn new() -> Self {
        Chain {
            s: None,
            run: None,
            ok: true,
        }
    }

    /// Appends `stage` at frequency `f` (Hz).
    #[inline]
    pub fn push<M: crate::network::Component<2, Scalar = T>>(&mut self, stage: &M, f: T) {
        if !self.ok {
            return;
        }
        match stage.abcd_hint(f) {
            Some(abcd) => {
                self.run = Some(match &self.run {
                    Some(run) => run.then(&abcd, crate::network::Z0),
                    None => AbcdRun::new(&abcd, crate::network::Z0),
                });
            }
            None => {
                self.close();
                let s = stage.s_at(f);
                self.s = Some(match &self.s {
                    Some(prev) => star(prev, &s),
                    None => s,
                });
            }
        }
    }

    /// Joins the current ABCD run to the S-parameters before it.
    #[inline]
    fn close(&mut self) {
        if let Some(run) = self.run.take() {
            match run.s() {
                Some(s) => {
                    self.s = Some(match &self.s {
                        Some(prev) => star(prev, &s),
                        None => s,
                    });
                }
                None => self.ok = false,
            }
        }
    }

    /// The S-parameters of the chain at [`Z0`](crate::network::Z0), or `None` if an ABCD run was too
    /// ill-conditioned (then use the star product of the stages' S-parameters).
    #[inline]
    pub fn s(mut self) -> Option<Mat<T, 2>> {
        self.close();
        if !self.ok {
            return None;
        }
        Some(self.s.unwrap_or_else(thru))
    }
}
