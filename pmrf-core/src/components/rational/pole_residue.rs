//! The pole-residue model `S(s) = D + sum_k R_k / (s - p_k)` of an `N`-port (ParamRF's
//! `PoleResidue` surrogate), with its poles kept real-valued: a real pole is one parameter, a
//! complex-conjugate pair is two (`re`, `im` of the pole with `im > 0`), and the conjugate pole
//! carries the conjugate residues, so the response is real in the time domain by construction.

use ndarray::Array2;
use num_complex::Complex;

use crate::cmath::recip;
use crate::network::{Component, Mat, assert_ports, domain};
use crate::{Error, Model, Result, Scalar};

/// A real pole `p` (rad/s) of a [`PoleResidue`] model and its real residues, one per entry of
/// S in row-major order (`residues[i * N + j]` belongs to `S_ij`).
#[derive(Model, Clone, Debug, PartialEq)]
pub struct RealPole<T: Scalar = f64> {
    /// The pole, in rad/s (negative for a stable model).
    #[param(unit = "rad/s", scale = 1e9)]
    pub(crate) pole: T,
    /// The residues, in rad/s, row-major over the entries of S.
    #[param(unit = "rad/s", scale = 1e9)]
    pub(crate) residues: Vec<T>,
}

/// A complex-conjugate pole pair `p, p*` (`p = re + j im`, rad/s, `im > 0`) of a
/// [`PoleResidue`] model and the complex residues `r` of `p` (those of `p*` are `r*`), one per
/// entry of S in row-major order.
///
/// The resonance it describes has `f0 = |p| / (2 pi)` and `Q = |p| / (2 |re|)`.
#[derive(Model, Clone, Debug, PartialEq)]
pub struct PolePair<T: Scalar = f64> {
    /// Real part of the pole, in rad/s (negative for a stable model).
    #[param(unit = "rad/s", scale = 1e9)]
    pub(crate) re: T,
    /// Imaginary part of the pole, in rad/s (positive: the pole of the pair in the upper half).
    #[param(unit = "rad/s", scale = 1e9)]
    pub(crate) im: T,
    /// Real parts of the residues, in rad/s, row-major over the entries of S.
    #[param(unit = "rad/s", scale = 1e9)]
    pub(crate) residues_re: Vec<T>,
    /// Imaginary parts of the residues, in rad/s, row-major over the entries of S.
    #[param(unit = "rad/s", scale = 1e9)]
    pub(crate) residues_im: Vec<T>,
}

impl<T: Scalar> RealPole<T> {
    /// The pole, in rad/s.
    pub fn pole(&self) -> T {
        self.pole
    }

    /// The residues, row-major over the entries of S.
    pub fn residues(&self) -> &[T] {
        &self.residues
    }
}

impl<T: Scalar> PolePair<T> {
    /// The pole of the pair in the upper half plane, `re + j im` (rad/s).
    pub fn pole(&self) -> Complex<T> {
        Complex::new(self.re, self.im)
    }

    /// The residue of [`pole`](PolePair::pole) for entry `k` of S (row-major).
    pub fn residue(&self, k: usize) -> Complex<T> {
        Complex::new(self.residues_re[k], self.residues_im[k])
    }

    /// The resonant (undamped) frequency `|p| / (2 pi)`, in Hz.
    pub fn f0(&self) -> T {
        (self.re * self.re + self.im * self.im).sqrt() / std::f64::consts::TAU
    }

    /// The quality factor `|p| / (2 |Re p|)` (infinite for a pole on the axis).
    pub fn q(&self) -> T {
        (self.re * self.re + self.im * self.im).sqrt() / (self.re.abs() * 2.0)
    }
}

/// An `N`-port given by its poles and residues (ParamRF's `PoleResidue`, the form scikit-rf's
/// `VectorFitting` returns):
///
/// ```text
/// S(s) = D + sum_k R_k / (s - p_k),    s = j 2 pi f
/// ```
///
/// Real poles are [`RealPole`]s, complex-conjugate pairs are [`PolePair`]s (one parameter each
/// for the real and imaginary part of the upper pole; the lower pole has the conjugate
/// residues), so every parameter is real and the usual fits, gradients and posteriors work on
/// poles and residues directly. Parameter names: `d[k]`, `real[i].pole`, `real[i].residues[k]`,
/// `pairs[i].re`, `pairs[i].im`, `pairs[i].residues_re[k]`, `pairs[i].residues_im[k]`, with
/// `k = row * N + column` (0-based). Poles and residues are in rad/s (SI), scaled by 1e9 for
/// the optimisers.
///
/// Start one from measured data with [`vector_fit`](crate::components::vector_fit).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{PolePair, PoleResidue};
///
/// // A notch at 1 GHz with Q = 50: S = 1 + r/(s - p) + r*/(s - p*), r = Re p.
/// let (f0, q) = (1e9, 50.0);
/// let w0 = std::f64::consts::TAU * f0;
/// let p = Complex::new(-w0 / (2.0 * q), w0 * (1.0 - 1.0 / (4.0 * q * q)).sqrt());
/// let pair = PolePair::new(p, vec![Complex::new(p.re, 0.0)])?;
/// let model = PoleResidue::<f64, 1>::new(vec![1.0], vec![], vec![pair])?;
/// assert!((model.pairs()[0].f0() - f0).abs() < 1e-3);
/// assert!((model.pairs()[0].q() - q).abs() < 1e-9);
/// assert!(model.s_at(f0)[0][0].norm() < 1e-2); // the notch
/// assert!((model.s_at(0.0)[0][0].re - 1.0).abs() < 0.05); // far from it, D
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct PoleResidue<T: Scalar = f64, const N: usize = 1> {
    /// The constant term `D`, row-major.
    #[param]
    pub(crate) d: Vec<T>,
    /// The real poles.
    pub(crate) real: Vec<RealPole<T>>,
    /// The complex-conjugate pole pairs.
    pub(crate) pairs: Vec<PolePair<T>>,
}

/// Checks that `got` values are one per entry of an `N`-port.
fn entries<const N: usize>(what: &str, got: usize) -> Result<()> {
    if got != N * N {
        return Err(Error::Shape(format!(
            "{what} has {got} values; a {N}-port needs {} (one per entry of S, row-major)",
            N * N
        )));
    }
    Ok(())
}

fn finite(name: String, v: f64) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::NonFinite { name, value: v })
    }
}

impl<T: Scalar> RealPole<T> {
    /// A real pole `pole` (rad/s) with its residues (row-major over the entries of S).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a pole or residue that is not finite.
    pub fn new(pole: T, residues: Vec<T>) -> Result<Self> {
        finite("pole".into(), pole.re())?;
        for (k, r) in residues.iter().enumerate() {
            finite(format!("residues[{k}]"), r.re())?;
        }
        Ok(RealPole { pole, residues })
    }
}

impl<T: Scalar> PolePair<T> {
    /// The pair `pole, pole*` (rad/s) with the residues of `pole` (row-major over the entries
    /// of S; `pole*` has their conjugates).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a value that is not finite, [`Error::InvalidArgument`] for a
    /// pole with `Im <= 0` (give the upper pole of the pair; a real pole is a [`RealPole`]).
    pub fn new(pole: Complex<T>, residues: Vec<Complex<T>>) -> Result<Self> {
        finite("re".into(), pole.re.re())?;
        finite("im".into(), pole.im.re())?;
        if pole.im.re() <= 0.0 {
            return Err(Error::InvalidArgument {
                name: "pole.im".into(),
                value: pole.im.re(),
                expected: "> 0 (the upper pole of a conjugate pair; a real pole is a RealPole)"
                    .into(),
            });
        }
        for (k, r) in residues.iter().enumerate() {
            finite(format!("residues[{k}].re"), r.re.re())?;
            finite(format!("residues[{k}].im"), r.im.re())?;
        }
        Ok(PolePair {
            re: pole.re,
            im: pole.im,
            residues_re: residues.iter().map(|r| r.re).collect(),
            residues_im: residues.iter().map(|r| r.im).collect(),
        })
    }
}

impl<T: Scalar, const N: usize> PoleResidue<T, N> {
    /// The model of constant term `d` (row-major, `N * N` values; empty for `D = 0`), real
    /// poles `real` and complex pairs `pairs`.
    ///
    /// # Errors
    /// [`Error::Shape`] where `d` or a pole's residues do not have one value per entry of S
    /// (`N * N`), [`Error::NonFinite`] for a non-finite `d`.
    pub fn new(d: Vec<T>, real: Vec<RealPole<T>>, pairs: Vec<PolePair<T>>) -> Result<Self> {
        let d = if d.is_empty() {
            vec![T::zero(); N * N]
        } else {
            d
        };
        entries::<N>("d", d.len())?;
        for (k, v) in d.iter().enumerate() {
            finite(format!("d[{k}]"), v.re())?;
        }
        for (i, p) in real.iter().enumerate() {
            entries::<N>(&format!("real[{i}].residues"), p.residues.len())?;
        }
        for (i, p) in pairs.iter().enumerate() {
            entries::<N>(&format!("pairs[{i}].residues_re"), p.residues_re.len())?;
            entries::<N>(&format!("pairs[{i}].residues_im"), p.residues_im.len())?;
        }
        Ok(PoleResidue { d, real, pairs })
    }

    /// The constant term `D`, row-major.
    pub fn d(&self) -> &[T] {
        &self.d
    }

    /// The real poles.
    pub fn real(&self) -> &[RealPole<T>] {
        &self.real
    }

    /// The complex-conjugate pole pairs.
    pub fn pairs(&self) -> &[PolePair<T>] {
        &self.pairs
    }

    /// Every pole, the real ones first, then each pair as `p, p*` (rad/s).
    pub fn poles(&self) -> Vec<Complex<T>> {
        let mut out: Vec<Complex<T>> = self
            .real
            .iter()
            .map(|p| Complex::new(p.pole, T::zero()))
            .collect();
        for p in &self.pairs {
            out.push(p.pole());
            out.push(p.pole().conj());
        }
        out
    }

    /// The model order: the number of poles (a pair counts two).
    pub fn order(&self) -> usize {
        self.real.len() + 2 * self.pairs.len()
    }
}

/// A real state-space realisation `S(s) = C (sI - A)^-1 B + D` of a [`PoleResidue`] model
/// ([`PoleResidue::state_space`]; ParamRF's `StateSpace`).
///
/// A conversion, not a model: the same response as its [`PoleResidue`] (see
/// [`StateSpace::s_at`]), in the form time-domain simulators, the passivity test
/// ([`passivity_test`](crate::components::passivity_test)) and exports want. Fit, differentiate
/// and sample the [`PoleResidue`], whose parameters (poles and residues) say what they mean; a
/// parameterised `A, B, C, D` would carry many more parameters than the model has degrees of
/// freedom.
#[derive(Clone, Debug, PartialEq)]
pub struct StateSpace {
    /// `A`, `(states, states)`, block diagonal.
    pub a: Array2<f64>,
    /// `B`, `(states, N)`.
    pub b: Array2<f64>,
    /// `C`, `(N, states)`.
    pub c: Array2<f64>,
    /// `D`, `(N, N)`.
    pub d: Array2<f64>,
}

impl StateSpace {
    /// `S(j 2 pi f) = C (j 2 pi f I - A)^-1 B + D`, `(ports, ports)`, by solving
    /// `(sI - A) X = B`: equal to the [`PoleResidue`] model's S at `f` to rounding.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{PolePair, PoleResidue};
    ///
    /// let pair = PolePair::new(Complex::new(-1e8, 6e9), vec![Complex::new(-1e8, 2e7)])?;
    /// let model = PoleResidue::<f64, 1>::new(vec![0.3], vec![], vec![pair])?;
    /// let s = model.state_space().s_at(0.9e9)?;
    /// assert!((s[[0, 0]] - model.s_at(0.9e9)[0][0]).norm() < 1e-14);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite `f`, [`Error::InvalidArgument`] where `j 2 pi f`
    /// is a pole (`sI - A` singular).
    pub fn s_at(&self, f: f64) -> Result<Array2<Complex<f64>>> {
        finite("f".into(), f)?;
        let s = Complex::new(0.0, std::f64::consts::TAU * f);
        let n = self.a.nrows();
        let sia = Array2::from_shape_fn((n, n), |(i, j)| {
            Complex::from(-self.a[[i, j]]) + if i == j { s } else { Complex::from(0.0) }
        });
        let x = super::linalg::solve_complex(sia, self.b.mapv(Complex::from)).ok_or_else(|| {
            Error::InvalidArgument {
                name: "f".into(),
                value: f,
                expected: "a frequency off the poles (sI - A is singular there)".into(),
            }
        })?;
        Ok(self.c.mapv(Complex::from).dot(&x) + self.d.mapv(Complex::from))
    }
}

impl<const N: usize> PoleResidue<f64, N> {
    /// The real state-space form of the model (Gilbert's realisation, as scikit-rf's
    /// `VectorFitting._get_ABCDE`): per input port, one state per real pole (`A = p`, `B = 1`,
    /// `C` the residues) and two per pair (`A = [[re, im], [-im, re]]`, `B = [2, 0]`,
    /// `C = [Re r, Im r]`), so `N * order` states.
    ///
    /// ```
    /// use pmrf::components::{PolePair, PoleResidue};
    /// use pmrf::num_complex::Complex64;
    ///
    /// let pair = PolePair::new(Complex64::new(-1e8, 6e9), vec![Complex64::new(-1e8, 0.0)])?;
    /// let ss = PoleResidue::<f64, 1>::new(vec![1.0], vec![], vec![pair])?.state_space();
    /// assert_eq!(ss.a.dim(), (2, 2));
    /// assert_eq!((ss.a[[0, 1]], ss.b[[0, 0]], ss.c[[0, 0]]), (6e9, 2.0, -1e8));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn state_space(&self) -> StateSpace {
        let states = N * self.order();
        let mut ss = StateSpace {
            a: Array2::zeros((states, states)),
            b: Array2::zeros((states, N)),
            c: Array2::zeros((N, states)),
            d: Array2::from_shape_fn((N, N), |(i, j)| self.d[i * N + j]),
        };
        let mut k = 0;
        for j in 0..N {
            for p in &self.real {
                ss.a[[k, k]] = p.pole;
                ss.b[[k, j]] = 1.0;
                for i in 0..N {
                    ss.c[[i, k]] = p.residues[i * N + j];
                }
                k += 1;
            }
            for p in &self.pairs {
                ss.a[[k, k]] = p.re;
                ss.a[[k, k + 1]] = p.im;
                ss.a[[k + 1, k]] = -p.im;
                ss.a[[k + 1, k + 1]] = p.re;
                ss.b[[k, j]] = 2.0;
                for i in 0..N {
                    ss.c[[i, k]] = p.residues_re[i * N + j];
                    ss.c[[i, k + 1]] = p.residues_im[i * N + j];
                }
                k += 2;
            }
        }
        ss
    }
}

impl<T: Scalar, const N: usize> Component<N> for PoleResidue<T, N> {
    type Domain = domain::S;

    fn primary(&self, f: T) -> Mat<T, N> {
        assert_ports!(N);
        let s = Complex::new(T::zero(), f * std::f64::consts::TAU);
        let mut m: Mat<T, N> =
            std::array::from_fn(|i| std::array::from_fn(|j| Complex::from(self.d[i * N + j])));
        for p in &self.real {
            let g = recip(s - p.pole);
            for (k, r) in p.residues.iter().enumerate() {
                m[k / N][k % N] += g * *r;
            }
        }
        for p in &self.pairs {
            let (g, h) = (recip(s - p.pole()), recip(s - p.pole().conj()));
            for k in 0..N * N {
                let r = p.residue(k);
                m[k / N][k % N] += g * r + h * r.conj();
            }
        }
        m
    }
}
