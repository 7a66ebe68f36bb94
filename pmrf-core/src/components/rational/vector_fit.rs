//! Vector fitting (Gustavsen & Semlyen 1999, with the relaxed non-triviality constraint of
//! Gustavsen 2006), as scikit-rf's `VectorFitting` and Gustavsen's `vectfit3`: a rational
//! model with common poles for every entry of S, found by relocating starting poles.
//!
//! Each iteration solves, in the least-squares sense over all frequencies and entries `m`,
//! `sigma(s) H_m(s) = p_m(s)` with `sigma(s) = d + sum_k c_k phi_k(s)` and
//! `p_m(s) = d_m + sum_k r_mk phi_k(s)` on the current poles (`phi_k` the partial fractions,
//! real-valued for conjugate pairs), plus one row fixing the mean of `Re sigma`. The zeros of
//! `sigma`, the eigenvalues of `A - b c^T / d`, are the new poles (unstable ones reflected).
//! With the poles settled, the residues and `D` come from one linear least-squares fit.
//! Frequencies are scaled by the largest one inside, for conditioning.

use ndarray::{Array1, Array2};
use num_complex::Complex64;

use super::linalg::{eigenvalues, lstsq};
use super::pole_residue::{PolePair, PoleResidue, RealPole};
use crate::network::Component;
use crate::{Error, Network, Result};

/// How [`VectorFitSettings`] spreads the starting poles over the band.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PoleSpacing {
    /// Evenly in frequency (scikit-rf's `'lin'`).
    #[default]
    Linear,
    /// Evenly in log-frequency (scikit-rf's `'log'`), for bands of several decades.
    Log,
}

/// The settings of [`vector_fit`]; the defaults are scikit-rf's `VectorFitting.fit`.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorFitSettings {
    /// Starting real poles, at `-2 pi f` for `f` spread over the band.
    pub real_poles: usize,
    /// Starting complex pole pairs, at `2 pi f (-0.01 + j)` for `f` spread over the band.
    pub pole_pairs: usize,
    /// How the starting poles are spread.
    pub spacing: PoleSpacing,
    /// The most pole relocations.
    pub max_iterations: usize,
    /// Stop when no pole moves by more than this, relative to its magnitude.
    pub tolerance: f64,
}

impl Default for VectorFitSettings {
    fn default() -> Self {
        VectorFitSettings {
            real_poles: 2,
            pole_pairs: 2,
            spacing: PoleSpacing::Linear,
            max_iterations: 100,
            tolerance: 1e-10,
        }
    }
}

/// A vector fit: the model, how it got there and how well it matches the data.
#[derive(Clone, Debug)]
pub struct VectorFit<const N: usize> {
    /// The fitted model (poles and residues in rad/s).
    pub model: PoleResidue<f64, N>,
    /// Pole relocations run.
    pub iterations: usize,
    /// Whether the poles settled within [`VectorFitSettings::tolerance`] before
    /// [`VectorFitSettings::max_iterations`].
    pub converged: bool,
    /// The root mean square of `|S_fit - S|` over every entry and frequency of the data.
    pub rms_error: f64,
}

/// The poles in real form: real ones and the upper poles of pairs.
#[derive(Clone, Debug)]
pub(super) struct Poles {
    pub(super) real: Vec<f64>,
    pub(super) pairs: Vec<Complex64>,
}

impl Poles {
    pub(super) fn count(&self) -> usize {
        self.real.len() + 2 * self.pairs.len()
    }

    /// The basis `phi_k(s)` at every `s`, `(K, n)`: `1/(s - p)` for a real pole,
    /// `1/(s - p) + 1/(s - p*)` and `j/(s - p) - j/(s - p*)` for a pair.
    pub(super) fn basis(&self, s: &[Complex64]) -> Array2<Complex64> {
        let j = Complex64::new(0.0, 1.0);
        Array2::from_shape_fn((s.len(), self.count()), |(k, c)| {
            if c < self.real.len() {
                return 1.0 / (s[k] - self.real[c]);
            }
            let i = c - self.real.len();
            let p = self.pairs[i / 2];
            let (g, h) = (1.0 / (s[k] - p), 1.0 / (s[k] - p.conj()));
            if i.is_multiple_of(2) {
                g + h
            } else {
                j * g - j * h
            }
        })
    }

    /// The relative distance to `other`, matched in order (infinite if the counts differ).
    fn moved(&self, other: &Poles) -> f64 {
        if self.real.len() != other.real.len() || self.pairs.len() != other.pairs.len() {
            return f64::INFINITY;
        }
        let r = self
            .real
            .iter()
            .zip(&other.real)
            .map(|(a, b)| (a - b).abs() / a.abs().max(1e-300));
        let c = self
            .pairs
            .iter()
            .zip(&other.pairs)
            .map(|(a, b)| (a - b).norm() / a.norm().max(1e-300));
        r.chain(c).fold(0.0, f64::max)
    }
}

/// Stacks the real and imaginary parts of complex rows: `(K, n)` -> `(2K, n)`.
pub(super) fn stack(m: &Array2<Complex64>) -> Array2<f64> {
    let (k, n) = m.dim();
    Array2::from_shape_fn((2 * k, n), |(r, c)| {
        if r < k {
            m[[r, c]].re
        } else {
            m[[r - k, c]].im
        }
    })
}

/// Fits a [`PoleResidue`] model with common poles to every entry of `network`'s S by vector
/// fitting (Gustavsen & Semlyen 1999, relaxed as in Gustavsen 2006): starting poles from
/// `settings`, relocated until they settle, then residues and a constant term `D`. Entries
/// are weighted equally (scikit-rf weights them by their norm). Check the result with
/// [`passivity_test`](super::passivity_test) (and [`enforce_passivity`](super::enforce_passivity)); refine it, or sample its uncertainty, as any model (its parameters are the
/// poles and residues).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{PolePair, PoleResidue, VectorFitSettings, vector_fit};
///
/// // Data from a known 1-port with a resonance at 2 GHz, Q = 40.
/// let w0 = std::f64::consts::TAU * 2e9;
/// let p = Complex::new(-w0 / 80.0, w0 * (1.0 - 1.0 / 6400.0f64).sqrt());
/// let truth = PoleResidue::<f64, 1>::new(
///     vec![0.2],
///     vec![],
///     vec![PolePair::new(p, vec![Complex::new(-3e7, 1e7)])?],
/// )?;
/// let freq = Frequency::linspace(1.0, 4.0, 301, FrequencyUnit::GHz)?;
/// let data = Network::from_s(freq.clone(), truth.s(&freq))?;
/// let settings = VectorFitSettings { real_poles: 0, pole_pairs: 1, ..Default::default() };
/// let fit = vector_fit::<1>(&data, &settings)?;
/// let found = fit.model.pairs()[0].pole();
/// assert!((found - p).norm() / p.norm() < 1e-10);
/// assert!(fit.rms_error < 1e-12);
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// # Errors
/// [`Error::Shape`] when `network` does not have `N` ports, [`Error::InvalidArgument`] for
/// no starting poles or fewer frequency points than unknowns per entry, [`Error::Fit`] when a
/// least-squares system is singular or the pole relocation fails.
pub fn vector_fit<const N: usize>(
    network: &Network,
    settings: &VectorFitSettings,
) -> Result<VectorFit<N>> {
    let data = Samples::of::<N>(network)?;
    let order = settings.real_poles + 2 * settings.pole_pairs;
    if order == 0 {
        return Err(Error::InvalidArgument {
            name: "real_poles + 2 pole_pairs".into(),
            value: 0.0,
            expected: "at least 1 (a starting pole)".into(),
        });
    }
    data.check_order(order)?;
    let poles = starting_poles(network.frequency().hz(), settings, data.norm);
    let (poles, iterations, converged) = data.settle(poles, settings)?;
    data.finish::<N>(&poles, network, iterations, converged)
}

/// A network's samples, normalised: `s = j w / norm` (`norm` the largest angular frequency)
/// and the responses, one column per entry of S (row-major).
pub(super) struct Samples {
    pub(super) s: Vec<Complex64>,
    pub(super) h: Array2<Complex64>,
    pub(super) norm: f64,
}

impl Samples {
    /// The samples of `network`, checked to be an `N`-port with a positive top frequency.
    pub(super) fn of<const N: usize>(network: &Network) -> Result<Samples> {
        if network.nports() != N {
            return Err(Error::Shape(format!(
                "vector_fit::<{N}> needs a {N}-port; the network has {} ports",
                network.nports()
            )));
        }
        let hz = network.frequency().hz();
        let norm = std::f64::consts::TAU * hz[hz.len() - 1];
        if norm <= 0.0 {
            return Err(Error::InvalidArgument {
                name: "largest frequency".into(),
                value: hz[hz.len() - 1],
                expected: "> 0 Hz".into(),
            });
        }
        let s = hz
            .iter()
            .map(|f| Complex64::new(0.0, std::f64::consts::TAU * f / norm))
            .collect();
        let data = network.s();
        let h = Array2::from_shape_fn((hz.len(), N * N), |(k, m)| data[[k, m / N, m % N]]);
        Ok(Samples { s, h, norm })
    }

    /// Checks that the data determine a model of `order` poles.
    pub(super) fn check_order(&self, order: usize) -> Result<()> {
        let points = self.s.len();
        if 2 * points < order + 1 {
            return Err(Error::InvalidArgument {
                name: "frequency points".into(),
                value: points as f64,
                expected: format!(
                    "at least {} (the model has {} unknowns per entry of S)",
                    order.div_ceil(2) + 1,
                    order + 1
                ),
            });
        }
        Ok(())
    }

    /// Relocates `poles` until they settle (or the iterations run out): the poles, the
    /// relocations run and whether they settled.
    pub(super) fn settle(
        &self,
        mut poles: Poles,
        settings: &VectorFitSettings,
    ) -> Result<(Poles, usize, bool)> {
        let mut iterations = 0;
        while iterations < settings.max_iterations {
            let next = relocate(&poles, &self.s, &self.h)?;
            iterations += 1;
            let moved = next.moved(&poles);
            poles = next;
            if moved < settings.tolerance {
                return Ok((poles, iterations, true));
            }
        }
        Ok((poles, iterations, false))
    }

    /// The model on settled `poles` (residues and `D` by least squares) and its error.
    pub(super) fn finish<const N: usize>(
        &self,
        poles: &Poles,
        network: &Network,
        iterations: usize,
        converged: bool,
    ) -> Result<VectorFit<N>> {
        let model = residues::<N>(poles, &self.s, &self.h, self.norm)?;
        let fitted = model.s(network.frequency());
        let data = network.s();
        let rms_error = (fitted
            .iter()
            .zip(data.iter())
            .map(|(a, b)| (a - b).norm_sqr())
            .sum::<f64>()
            / data.len() as f64)
            .sqrt();
        Ok(VectorFit {
            model,
            iterations,
            converged,
            rms_error,
        })
    }
}

/// scikit-rf's starting poles (normalised): real at `-w`, pairs at `w (-0.01 + j)`, `w` spread
/// over the band (from a thousandth of the top where the band starts at DC).
pub(super) fn starting_poles(hz: &[f64], settings: &VectorFitSettings, norm: f64) -> Poles {
    let top = hz[hz.len() - 1];
    let bottom = if hz[0] > 0.0 { hz[0] } else { top / 1000.0 };
    let spread = |n: usize| -> Vec<f64> {
        (0..n)
            .map(|i| {
                let t = if n == 1 {
                    0.5
                } else {
                    i as f64 / (n - 1) as f64
                };
                let f = match settings.spacing {
                    PoleSpacing::Linear => bottom + t * (top - bottom),
                    PoleSpacing::Log => bottom * (top / bottom).powf(t),
                };
                std::f64::consts::TAU * f / norm
            })
            .collect()
    };
    Poles {
        real: spread(settings.real_poles).iter().map(|w| -w).collect(),
        pairs: spread(settings.pole_pairs)
            .iter()
            .map(|w| Complex64::new(-0.01 * w, *w))
            .collect(),
    }
}

/// One relaxed pole relocation: the zeros of `sigma`.
fn relocate(poles: &Poles, s: &[Complex64], h: &Array2<Complex64>) -> Result<Poles> {
    let n = poles.count();
    let (nk, nm) = h.dim();
    let phi = poles.basis(s);
    // Per entry m, columns [phi, 1 | -H phi, -H]; the sigma block of its R (from a QR of the
    // whole block) carries everything the entry says about sigma.
    let mut rows: Vec<Array1<f64>> = Vec::new();
    let mut scale = 0.0;
    for m in 0..nm {
        let mut a = Array2::<Complex64>::zeros((nk, 2 * n + 2));
        for k in 0..nk {
            for c in 0..n {
                a[[k, c]] = phi[[k, c]];
                a[[k, n + 1 + c]] = -h[[k, m]] * phi[[k, c]];
            }
            a[[k, n]] = Complex64::new(1.0, 0.0);
            a[[k, 2 * n + 1]] = -h[[k, m]];
            scale += h[[k, m]].norm_sqr();
        }
        let mut a = stack(&a);
        let mut none = Array2::zeros((2 * nk, 0));
        super::linalg::householder(&mut a, &mut none);
        for r in n + 1..(2 * n + 2).min(2 * nk) {
            rows.push(a.slice(ndarray::s![r, n + 1..]).to_owned());
        }
    }
    // Relaxation: the mean of Re sigma over the samples is 1, weighted like the data.
    let scale = scale.sqrt() / nk as f64;
    let mut relax = Array1::zeros(n + 1);
    for c in 0..n {
        relax[c] = scale * phi.column(c).iter().map(|z| z.re).sum::<f64>();
    }
    relax[n] = scale * nk as f64;
    let mut a = Array2::zeros((rows.len() + 1, n + 1));
    for (r, row) in rows.iter().enumerate() {
        a.row_mut(r).assign(row);
    }
    a.row_mut(rows.len()).assign(&relax);
    let mut b = Array2::zeros((rows.len() + 1, 1));
    b[[rows.len(), 0]] = scale * nk as f64;
    let x = lstsq(&a, &b).ok_or_else(|| {
        Error::Fit(
            "vector fitting: the pole identification is singular (too many poles for the data?)"
                .into(),
        )
    })?;
    let c = x.column(0);
    let mut d = c[n];
    if d.abs() < 1e-8 {
        d = 1e-8_f64.copysign(d);
    }
    // A - b c^T / d in real form: real poles on the diagonal with b = 1, pairs as
    // [[re, im], [-im, re]] with b = [2, 0].
    let mut lam = Array2::zeros((n, n));
    let mut bvec = Array1::zeros(n);
    for (i, p) in poles.real.iter().enumerate() {
        lam[[i, i]] = *p;
        bvec[i] = 1.0;
    }
    for (i, p) in poles.pairs.iter().enumerate() {
        let k = poles.real.len() + 2 * i;
        lam[[k, k]] = p.re;
        lam[[k, k + 1]] = p.im;
        lam[[k + 1, k]] = -p.im;
        lam[[k + 1, k + 1]] = p.re;
        bvec[k] = 2.0;
    }
    for r in 0..n {
        for col in 0..n {
            lam[[r, col]] -= bvec[r] * c[col] / d;
        }
    }
    let zeros = eigenvalues(&lam)
        .ok_or_else(|| Error::Fit("vector fitting: the pole relocation did not converge".into()))?;
    let mut real = Vec::new();
    let mut pairs = Vec::new();
    for z in zeros {
        // Unstable poles are reflected into the left half plane.
        let re = -z.re.abs();
        if z.im == 0.0 {
            real.push(re);
        } else if z.im > 0.0 {
            pairs.push(Complex64::new(re, z.im));
        }
    }
    real.sort_by(f64::total_cmp);
    pairs.sort_by(|a, b| a.im.total_cmp(&b.im));
    Ok(Poles { real, pairs })
}

/// Residues and `D` on settled poles, by linear least squares; scaled back to rad/s.
fn residues<const N: usize>(
    poles: &Poles,
    s: &[Complex64],
    h: &Array2<Complex64>,
    norm: f64,
) -> Result<PoleResidue<f64, N>> {
    let n = poles.count();
    let (nk, nm) = h.dim();
    let phi = poles.basis(s);
    let mut a = Array2::<Complex64>::zeros((nk, n + 1));
    a.slice_mut(ndarray::s![.., ..n]).assign(&phi);
    a.column_mut(n).fill(Complex64::new(1.0, 0.0));
    let x = lstsq(&stack(&a), &stack(h)).ok_or_else(|| {
        Error::Fit("vector fitting: the residue identification is singular".into())
    })?;
    let d: Vec<f64> = (0..nm).map(|m| x[[n, m]]).collect();
    let real = poles
        .real
        .iter()
        .enumerate()
        .map(|(i, p)| RealPole::new(p * norm, (0..nm).map(|m| x[[i, m]] * norm).collect()))
        .collect::<Result<Vec<_>>>()?;
    let pairs = poles
        .pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let c = poles.real.len() + 2 * i;
            let r = (0..nm)
                .map(|m| Complex64::new(x[[c, m]], x[[c + 1, m]]) * norm)
                .collect();
            PolePair::new(p * norm, r)
        })
        .collect::<Result<Vec<_>>>()?;
    PoleResidue::new(d, real, pairs)
}
