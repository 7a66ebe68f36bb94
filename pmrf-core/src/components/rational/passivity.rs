//! Passivity of a rational model: a sampled check ([`passivity`]), the exact violation bands
//! from the half-size singularity test matrix ([`passivity_test`]; Gustavsen & Semlyen 2009, as
//! scikit-rf's `VectorFitting.passivity_test`), and enforcement by residue perturbation
//! ([`enforce_passivity`], as scikit-rf's `passivity_enforce`).
//!
//! A model is passive where the largest singular value of S is at most 1. The frequencies where
//! a singular value crosses 1 are the `w` with `S(jw)^H S(jw) - I` singular; for a real
//! state-space form `(A, B, C, D)` they are the `w` for which `-w^2` is an eigenvalue of
//! `P = (A - B (D - I)^-1 C) (A - B (D + I)^-1 C)`, a matrix of the model's order (half the size
//! of the Hamiltonian). Between two crossings the model is either passive or not throughout, so
//! one evaluation per interval classifies it.

use ndarray::Array2;
use num_complex::Complex64;

use super::linalg::{eigenvalues, lstsq};
use super::pole_residue::PoleResidue;
use super::vector_fit::{Poles, stack};
use crate::network::{Component, Mat};
use crate::{Error, Frequency, Network, Result};

/// The sampled passivity check of a model ([`passivity`]): passive where the largest singular
/// value of S is at most 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Passivity {
    /// The largest singular value of S over the grid.
    pub max_singular_value: f64,
    /// Where it occurs (Hz).
    pub at_hz: f64,
    /// The frequency bands (Hz, first and last grid point) where it exceeds 1.
    pub violations: Vec<(f64, f64)>,
}

impl Passivity {
    /// Whether no grid point exceeds a largest singular value of 1.
    pub fn is_passive(&self) -> bool {
        self.violations.is_empty()
    }
}

/// The passivity of `model` sampled on `freq`: the largest singular value of S at every point
/// (see [`Network::max_singular_value`]) and the bands where it exceeds 1. A vector fit of
/// passive data can be slightly active between or beyond the data's points: [`passivity_test`]
/// finds the violation bands exactly, on the whole frequency axis, and [`enforce_passivity`]
/// removes them.
///
/// # Errors
/// Those of [`Network::from_s`] (a non-finite S where a pole sits on the grid).
pub fn passivity<const N: usize>(
    model: &PoleResidue<f64, N>,
    freq: &Frequency,
) -> Result<Passivity> {
    let net = Network::from_s(freq.clone(), model.s(freq))?;
    let sv = net.max_singular_value();
    let hz = freq.hz();
    let (mut max, mut at) = (f64::NEG_INFINITY, hz[0]);
    let mut violations: Vec<(f64, f64)> = Vec::new();
    let mut open = false;
    for (k, &v) in sv.iter().enumerate() {
        if v > max {
            (max, at) = (v, hz[k]);
        }
        if v > 1.0 {
            match (open, violations.last_mut()) {
                (true, Some(band)) => band.1 = hz[k],
                _ => violations.push((hz[k], hz[k])),
            }
        }
        open = v > 1.0;
    }
    Ok(Passivity {
        max_singular_value: max,
        at_hz: at,
        violations,
    })
}

/// The frequency bands (Hz, `(start, stop)`, sorted) where the largest singular value of the
/// model's S exceeds 1, on the whole axis `0 <= f < inf`, from the half-size singularity test
/// matrix (Gustavsen & Semlyen 2009; scikit-rf's `VectorFitting.passivity_test`): the band
/// edges are the crossings of a singular value through 1, found as eigenvalues, so they are
/// exact to rounding and no violation between grid points is missed. A band that extends to
/// infinity (`D` itself not passive) ends at `f64::INFINITY`. Empty for a passive model.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{PolePair, PoleResidue, passivity_test};
///
/// // A resonance whose peak reaches |S11| = 1.2 around 1 GHz.
/// let p = Complex::new(-1e8, std::f64::consts::TAU * 1e9);
/// let pair = PolePair::new(p, vec![Complex::new(-1.2 * p.re, 0.0)])?;
/// let model = PoleResidue::<f64, 1>::new(vec![0.0], vec![], vec![pair])?;
/// let bands = passivity_test(&model)?;
/// assert_eq!(bands.len(), 1);
/// let (lo, hi) = bands[0];
/// assert!(lo < 1e9 && 1e9 < hi);
/// assert!((model.s_at(lo)[0][0].norm() - 1.0).abs() < 1e-9); // the edges: |S11| = 1
/// assert!((model.s_at(hi)[0][0].norm() - 1.0).abs() < 1e-9);
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// # Errors
/// [`Error::Fit`] where `D - I` or `D + I` is singular (`D` has a singular value of exactly 1,
/// which the test matrix cannot represent) or the eigenvalue iteration fails.
pub fn passivity_test<const N: usize>(model: &PoleResidue<f64, N>) -> Result<Vec<(f64, f64)>> {
    let mut crossings = vec![0.0];
    if model.order() > 0 {
        let ss = model.state_space();
        // Frequencies scaled by the largest pole, for conditioning: A / w, C / w.
        let w = model.poles().iter().map(|p| p.norm()).fold(0.0, f64::max);
        let (a, c) = (&ss.a / w, &ss.c / w);
        let id = Array2::<f64>::eye(N);
        let solve = |m: Array2<f64>| {
            lstsq(&m, &c).ok_or_else(|| {
                Error::Fit(
                    "passivity test: D has a singular value of 1 (D - I or D + I is singular); \
                     the half-size test matrix needs both invertible"
                        .into(),
                )
            })
        };
        let neg = &a - &ss.b.dot(&solve(&ss.d - &id)?);
        let pos = &a - &ss.b.dot(&solve(&ss.d + &id)?);
        let eigs = eigenvalues(&neg.dot(&pos))
            .ok_or_else(|| Error::Fit("passivity test: the eigenvalues did not converge".into()))?;
        for l in eigs {
            // -w^2: real and negative (to rounding).
            if l.re < 0.0 && l.im.abs() <= 1e-9 * l.norm() {
                crossings.push((-l.re).sqrt() * w / std::f64::consts::TAU);
            }
        }
    }
    crossings.sort_by(f64::total_cmp);
    crossings.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * b.abs().max(1.0));
    let mut bands: Vec<(f64, f64)> = Vec::new();
    for (i, &start) in crossings.iter().enumerate() {
        let (stop, centre) = match crossings.get(i + 1) {
            Some(&stop) => (stop, 0.5 * (start + stop)),
            None => (f64::INFINITY, 1.1 * start),
        };
        if sigma_max(&model.s_at(centre)) > 1.0 {
            match bands.last_mut() {
                // A tangent touch splits nothing: join adjacent bands.
                Some(band) if band.1 == start => band.1 = stop,
                _ => bands.push((start, stop)),
            }
        }
    }
    Ok(bands)
}

/// A model made passive by [`enforce_passivity`], and what it cost.
#[derive(Clone, Debug)]
pub struct PassivityEnforcement<const N: usize> {
    /// The passive model: the same poles, perturbed residues (and `D`, where `D` itself was
    /// not passive).
    pub model: PoleResidue<f64, N>,
    /// Perturbation steps taken (0 for a model that was passive).
    pub iterations: usize,
    /// The root mean square of `|S_new - S_old|` over every entry and point of the grid given
    /// to [`enforce_passivity`].
    pub rms_change: f64,
    /// The largest `|S_new - S_old|` over that grid.
    pub max_change: f64,
}

/// The most perturbation steps of [`enforce_passivity`].
const MAX_STEPS: usize = 100;
/// Singular values are pushed down to this, a little below 1 (scikit-rf's `delta`).
const DELTA: f64 = 0.999;

/// Makes `model` passive by perturbing its residues (scikit-rf's
/// `VectorFitting.passivity_enforce`): at frequencies over `0..1.2 f_max` (`f_max` the larger
/// of the top of `freq` and of the violation bands) and densely inside every band of
/// [`passivity_test`], the singular values of S above 0.999 make a violation response
/// `U max(sigma - 0.999, 0) V^H`; a least-squares fit of it on the model's poles is subtracted
/// from the residues (and from `D` where `D` is not passive), until [`passivity_test`] finds no
/// band. The poles do not move. `freq` (typically the data's grid) is where the change is
/// measured.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{PolePair, PoleResidue, enforce_passivity, passivity_test};
///
/// let p = Complex::new(-1e8, std::f64::consts::TAU * 1e9);
/// let pair = PolePair::new(p, vec![Complex::new(-1.02 * p.re, 0.0)])?; // |S11| peaks at 1.02
/// let model = PoleResidue::<f64, 1>::new(vec![0.0], vec![], vec![pair])?;
/// let freq = Frequency::linspace(0.5, 1.5, 201, FrequencyUnit::GHz)?;
/// let fixed = enforce_passivity(&model, &freq)?;
/// assert!(passivity_test(&fixed.model)?.is_empty());
/// assert!(fixed.iterations > 0 && fixed.rms_change < 0.02);
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// # Errors
/// Those of [`passivity_test`], [`Error::InvalidArgument`] for an empty `freq`, [`Error::Fit`]
/// when the perturbation fit is singular or 100 steps do not make the model passive.
pub fn enforce_passivity<const N: usize>(
    model: &PoleResidue<f64, N>,
    freq: &Frequency,
) -> Result<PassivityEnforcement<N>> {
    let hz = freq.hz();
    let Some(&f_data) = hz.last() else {
        return Err(Error::InvalidArgument {
            name: "freq".into(),
            value: 0.0,
            expected: "at least one frequency point".into(),
        });
    };
    let mut current = model.clone();
    let mut iterations = 0;
    loop {
        let bands = passivity_test(&current)?;
        if bands.is_empty() {
            break;
        }
        if iterations == MAX_STEPS {
            return Err(Error::Fit(format!(
                "passivity enforcement: still active after {MAX_STEPS} steps, in {} band(s) \
                 from {:.6e} Hz",
                bands.len(),
                bands[0].0
            )));
        }
        perturb(&mut current, &bands, f_data)?;
        iterations += 1;
    }
    let (before, after) = (model.s(freq), current.s(freq));
    let diff = (&after - &before).mapv(|z| z.norm());
    let rms_change = (diff.iter().map(|d| d * d).sum::<f64>() / diff.len() as f64).sqrt();
    let max_change = diff.iter().cloned().fold(0.0, f64::max);
    Ok(PassivityEnforcement {
        model: current,
        iterations,
        rms_change,
        max_change,
    })
}

/// One step: subtract a fit of the violation response from the residues (and `D`).
fn perturb<const N: usize>(
    model: &mut PoleResidue<f64, N>,
    bands: &[(f64, f64)],
    f_data: f64,
) -> Result<()> {
    let top = bands
        .iter()
        .map(|&(a, b)| if b.is_finite() { b } else { 1.5 * a })
        .fold(f_data, f64::max);
    let mut grid: Vec<f64> = (0..200).map(|k| 1.2 * top * k as f64 / 199.0).collect();
    for &(a, b) in bands {
        let b = if b.is_finite() { b } else { 2.0 * a.max(top) };
        grid.extend((1..20).map(|k| a + (b - a) * k as f64 / 20.0));
    }
    let norm = model.poles().iter().map(|p| p.norm()).fold(1.0, f64::max);
    let poles = Poles {
        real: model.real.iter().map(|p| p.pole / norm).collect(),
        pairs: model.pairs.iter().map(|p| p.pole() / norm).collect(),
    };
    let s: Vec<Complex64> = grid
        .iter()
        .map(|f| Complex64::new(0.0, std::f64::consts::TAU * f / norm))
        .collect();
    // The violation response, one column per entry of S (row-major).
    let mut viol = Array2::<Complex64>::zeros((grid.len(), N * N));
    for (k, &f) in grid.iter().enumerate() {
        let (u, sv, v) = svd(&model.s_at(f));
        for (l, &sigma) in sv.iter().enumerate() {
            if sigma > DELTA {
                // u[l] is U_l sigma_l: scale by (sigma - delta) / sigma.
                let w = (sigma - DELTA) / sigma;
                for m in 0..N * N {
                    viol[[k, m]] += u[l][m / N] * v[l][m % N].conj() * w;
                }
            }
        }
    }
    let with_d = {
        let d: Mat<f64, N> =
            std::array::from_fn(|i| std::array::from_fn(|j| model.d[i * N + j].into()));
        sigma_max(&d) > DELTA
    };
    let mut basis = poles.basis(&s);
    let n = basis.ncols();
    if with_d {
        basis
            .push_column(ndarray::Array1::from_elem(grid.len(), Complex64::new(1.0, 0.0)).view())
            .expect("a column of the grid's length");
    }
    let x = lstsq(&stack(&basis), &stack(&viol)).ok_or_else(|| {
        Error::Fit("passivity enforcement: the residue perturbation fit is singular".into())
    })?;
    for m in 0..N * N {
        for (i, p) in model.real.iter_mut().enumerate() {
            p.residues[m] -= x[[i, m]] * norm;
        }
        let r = model.real.len();
        for (i, p) in model.pairs.iter_mut().enumerate() {
            p.residues_re[m] -= x[[r + 2 * i, m]] * norm;
            p.residues_im[m] -= x[[r + 2 * i + 1, m]] * norm;
        }
        if with_d {
            model.d[m] -= x[[n, m]];
        }
    }
    Ok(())
}

/// The largest singular value of `m`.
fn sigma_max<const N: usize>(m: &Mat<f64, N>) -> f64 {
    svd(m).1.into_iter().fold(0.0, f64::max)
}

/// The singular value decomposition of `m` by one-sided Jacobi rotations (Hestenes): columns
/// `u[l] = U_l sigma_l` (not normalised), the singular values, and the columns `v[l] = V_l`, so
/// `m = sum_l u[l] v[l]^H`. Plenty for the few ports of a rational model.
#[allow(clippy::type_complexity)]
fn svd<const N: usize>(m: &Mat<f64, N>) -> (Vec<Vec<Complex64>>, Vec<f64>, Vec<Vec<Complex64>>) {
    let mut u: Vec<Vec<Complex64>> = (0..N).map(|j| (0..N).map(|i| m[i][j]).collect()).collect();
    let mut v: Vec<Vec<Complex64>> = (0..N)
        .map(|j| {
            (0..N)
                .map(|i| Complex64::new(if i == j { 1.0 } else { 0.0 }, 0.0))
                .collect()
        })
        .collect();
    let dot = |a: &[Complex64], b: &[Complex64]| -> Complex64 {
        a.iter().zip(b).map(|(x, y)| x.conj() * y).sum()
    };
    for _sweep in 0..60 {
        let mut rotated = false;
        for p in 0..N {
            for q in p + 1..N {
                let alpha = dot(&u[p], &u[p]).re;
                let beta = dot(&u[q], &u[q]).re;
                let gamma = dot(&u[p], &u[q]);
                let g = gamma.norm();
                if g <= 1e-15 * (alpha * beta).sqrt() || g == 0.0 {
                    continue;
                }
                rotated = true;
                // Make the pair's inner product real (phase e), then a real Jacobi rotation.
                let e = gamma / g;
                let zeta = (beta - alpha) / (2.0 * g);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for cols in [&mut u, &mut v] {
                    let (lo, hi) = cols.split_at_mut(q);
                    for (x, y) in lo[p].iter_mut().zip(hi[0].iter_mut()) {
                        let (a, b) = (*x, *y * e.conj());
                        *x = a * c - b * s;
                        *y = a * s + b * c;
                    }
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let sv = u.iter().map(|col| dot(col, col).re.sqrt()).collect();
    (u, sv, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svd_reconstructs_and_orders_nothing() {
        let c = Complex64::new;
        let m: Mat<f64, 3> = [
            [c(0.3, 0.1), c(-0.2, 0.5), c(0.0, 0.1)],
            [c(0.7, -0.4), c(0.1, 0.0), c(0.2, 0.2)],
            [c(0.0, 0.3), c(0.6, -0.1), c(-0.5, 0.0)],
        ];
        let (u, sv, v) = svd(&m);
        for i in 0..3 {
            for j in 0..3 {
                let got: Complex64 = (0..3).map(|l| u[l][i] * v[l][j].conj()).sum();
                assert!((got - m[i][j]).norm() < 1e-14, "{i}{j}");
            }
        }
        // The largest singular value is the one Network::max_singular_value finds.
        let s = ndarray::Array3::from_shape_fn((1, 3, 3), |(_, i, j)| m[i][j]);
        let net = Network::from_s(Frequency::from_hz([1.0]).unwrap(), s).unwrap();
        let want = net.max_singular_value()[0];
        assert!((sigma_max(&m) - want).abs() < 1e-14, "{sv:?} vs {want}");
    }
}
