//! The fast solver: nodal analysis on the parts' admittance matrices.
//!
//! With every element part's `Y` (its ports referenced to ground) stamped into the nodal
//! matrix of the `n` non-grounded nodes, and each external port a matched source (a
//! conductance `1/z0` in parallel with a current `2 a / sqrt(z0)` into its node), the node
//! voltages solve `G V = J` and `S_pq = (2 / z0) G^-1[node p, node q] - delta_pq`. The system
//! has one row per node, not one per element port, and needs no junction matrices, so it is
//! several times cheaper than the connection method. It is used at a frequency point only
//! where every part has an admittance matrix that is well conditioned there; elsewhere the
//! circuit takes the exact connection solver (see [`Circuit`](super::Circuit)).

use num_complex::{Complex, Complex64};

use super::netlist::Placement;
use super::{Block, Net};
use crate::network::convert::S2Y_MAX_GAIN;
use crate::network::lu::lu_solve;
use crate::network::{Mat, Z0, matrix};
use crate::{Scalar, cmath};

/// Buffers of [`Nodal::solve_noise`], reused across the points of a sweep.
pub(super) struct NoiseWork<T> {
    /// The parts' Y and noise-current correlations, in the parts' own layout.
    y: Vec<Complex<T>>,
    ci: Vec<Complex<T>>,
    /// One part's `[I + S | I]`, then the nodes' noise-current correlation.
    part: Vec<Complex<T>>,
    /// `[G | Z]`.
    system: Vec<Complex<T>>,
}

impl<T> NoiseWork<T> {
    pub(super) fn new() -> Self {
        NoiseWork {
            y: Vec::new(),
            ci: Vec::new(),
            part: Vec::new(),
            system: Vec::new(),
        }
    }
}

/// The largest condition estimate of the nodal matrix the fast solver accepts.
const MAX_CONDITION: f64 = 1e3;

/// The nodal system of a netlist, precomputed.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Nodal {
    /// The non-grounded nodes: the size of the system.
    size: usize,
    /// `G[row][col] += Y[src]` as `(row, col, src)` (`src` in the parts' own buffer), sorted.
    adds: Vec<(usize, usize, usize)>,
    /// `G[row][col] -= Y[src]`: the off-diagonal stamps of 1-ports between two nets, which write
    /// their one admittance, not a 2x2 block.
    subs: Vec<(usize, usize, usize)>,
    /// The stamps by source, `(src, row, col, w)` with `w = -2/z0` for `adds` and `2/z0` for
    /// `subs`: `dS[p][q] += w Z[p][row] Z[col][q] dY[src]` (see
    /// [`solve_large_lanes`](Self::solve_large_lanes)).
    adjoint: Vec<(usize, usize, usize, f64)>,
    /// Where the 1-ports between two nets write their admittance, to check it is finite.
    between: Vec<usize>,
    /// The system row of each external port's node, `None` if grounded.
    ports: Vec<Option<usize>>,
}

impl Nodal {
    pub(super) fn new(net: &Net, blocks: &[Block]) -> Self {
        let mut row = vec![None; net.grounded.len()];
        let mut size = 0;
        for (r, &grounded) in row.iter_mut().zip(&net.grounded) {
            if !grounded {
                *r = Some(size);
                size += 1;
            }
        }
        let (mut adds, mut subs, mut between) = (Vec::new(), Vec::new(), Vec::new());
        for (el, b) in net.elements.iter().zip(blocks) {
            let k = el.nodes.len();
            for (i, &ni) in el.nodes.iter().enumerate() {
                for (j, &nj) in el.nodes.iter().enumerate() {
                    let (Some(r), Some(c)) = (row[ni], row[nj]) else {
                        continue;
                    };
                    match b.placement {
                        Placement::Ported => adds.push((r, c, b.raw + i * b.ports + j)),
                        // `y [[1, -1], [-1, 1]]` from the one `y` at `b.raw`.
                        Placement::Between if i == j => adds.push((r, c, b.raw)),
                        Placement::Between => subs.push((r, c, b.raw)),
                    }
                }
            }
            if b.placement == Placement::Between {
                between.push(b.raw);
            }
            debug_assert!(b.placement == Placement::Between || k == b.ports);
        }
        adds.sort_unstable();
        subs.sort_unstable();
        Nodal {
            size,
            adjoint: adjoint(&adds, &subs),
            adds,
            subs,
            between,
            ports: net.externals.iter().map(|&n| row[n]).collect(),
        }
    }

    /// The circuit's S from the parts' Y as they write them (`y`); `None` where a 1-port's
    /// admittance is not finite or the nodal matrix is singular or ill conditioned (the exact
    /// solver then decides).
    #[inline]
    pub(super) fn solve<T: Scalar, const N: usize>(
        &self,
        y: &[Complex<T>],
        system: &mut Vec<Complex<T>>,
        values: &mut Vec<Complex64>,
    ) -> Option<Mat<T, N>> {
        let finite = |v: &Complex<T>| v.re.re().is_finite() && v.im.re().is_finite();
        if !self.between.iter().all(|&i| finite(&y[i])) {
            return None;
        }
        // Small systems (the common case) on the stack, in closed form or unrolled; larger
        // ones by the sparse LU.
        match self.size {
            0 => Some(s_from(&self.ports, |_, _| {
                Complex::new(T::zero(), T::zero())
            })), // all grounded
            1 => self.solve_small::<T, N, 1>(y),
            2 => self.solve_small::<T, N, 2>(y),
            3 => self.solve_small::<T, N, 3>(y),
            4 => self.solve_small::<T, N, 4>(y),
            _ if T::DERIVATIVES > 0 => self.solve_large_lanes(y, values),
            _ => self.solve_large(y, system),
        }
    }

    /// Adds the nodal matrix and the ports' conductances to the row-major `g`, `width` wide,
    /// each admittance of `y` as `value` maps it (the identity, or its value part alone).
    #[inline(always)]
    fn stamp<T: Scalar, U: Scalar>(
        &self,
        y: &[Complex<T>],
        g: &mut [Complex<U>],
        width: usize,
        value: impl Fn(Complex<T>) -> Complex<U>,
    ) {
        for &(r, c, src) in &self.adds {
            g[r * width + c] += value(y[src]);
        }
        for &(r, c, src) in &self.subs {
            g[r * width + c] -= value(y[src]);
        }
        for r in self.ports.iter().flatten() {
            g[r * width + r].re += U::from(1.0 / Z0);
        }
    }

    /// The `M x M` system on the stack.
    #[inline(always)]
    fn solve_small<T: Scalar, const N: usize, const M: usize>(
        &self,
        y: &[Complex<T>],
    ) -> Option<Mat<T, N>> {
        let mut g: Mat<T, M> = [[Complex::new(T::zero(), T::zero()); M]; M];
        self.stamp(y, g.as_flattened_mut(), M, |v| v);
        small_s(&g, &self.ports)
    }

    /// Stamps `[G | I]` into `a` (each admittance as `value` maps it) and solves it by the
    /// sparse LU, leaving the whole inverse `Z` in its right half; `false` where `G` is
    /// singular or `max|G| max|Z| n` exceeds [`MAX_CONDITION`] (see [`well_conditioned`]).
    #[inline(always)]
    fn invert<T: Scalar, U: Scalar>(
        &self,
        y: &[Complex<T>],
        a: &mut Vec<Complex<U>>,
        value: impl Fn(Complex<T>) -> Complex<U>,
    ) -> bool {
        let n = self.size;
        let width = 2 * n;
        a.clear();
        a.resize(n * width, Complex::new(U::zero(), U::zero()));
        self.stamp(y, a, width, value);
        // The largest `mag` of the left (`from = 0`) or right (`from = n`) block.
        let largest = |a: &[Complex<U>], from: usize| {
            let mut m = 0.0;
            for row in a.chunks_exact(width) {
                for v in &row[from..from + n] {
                    m = f64::max(m, mag(v));
                }
            }
            m
        };
        let largest_g = largest(a, 0);
        for r in 0..n {
            a[r * width + n + r] = Complex::new(U::one(), U::zero());
        }
        if !lu_solve(a, n, width, 0.0) {
            return false;
        }
        // Also false on NaN.
        largest_g * largest(a, n) * n as f64 <= MAX_CONDITION
    }

    /// The circuit's S and noise correlation matrix by nodal analysis, from the parts' S `s`
    /// and noise `c` as they write them (`blocks` says where); `None` where a part has no
    /// well-conditioned Y (as [`convert::s2y_checked`](crate::network::convert::s2y_checked)
    /// judges) or the nodal matrix is singular or ill conditioned (the connection method then
    /// decides).
    ///
    /// A part's noise waves `c` are noise currents `i_n = -sqrt(z0) (Y + I/z0) c` at its
    /// terminals (`i = Y v + i_n`; with matched terminations `v = -z0 i`), and `Y + I/z0 = (2/z0)
    /// (I + S)^-1`, so their correlation is `(4/z0) M C M^H` with `M = (I + S)^-1`, which gives
    /// `Y = (2 M - I)/z0` too. Stamped like the admittances (a 1-port between two nets as
    /// `[[1, -1], [-1, 1]]`), the node voltages are `Z i_n` (`Z = G^-1`, the ports' matched
    /// conductances in `G`), and the wave leaving port `p` is `v_p / sqrt(z0)`.
    pub(super) fn solve_noise<T: Scalar, const N: usize>(
        &self,
        blocks: &[Block],
        s: &[Complex<T>],
        c: &[Complex<T>],
        work: &mut NoiseWork<T>,
    ) -> Option<(Mat<T, N>, Mat<T, N>)> {
        let zero = Complex::new(T::zero(), T::zero());
        let one = Complex::new(T::one(), T::zero());
        let y0 = 1.0 / Z0;
        work.y.clear();
        work.y.resize(s.len(), zero);
        work.ci.clear();
        work.ci.resize(s.len(), zero);
        for b in blocks {
            let (k, at) = (b.ports, b.raw);
            // M = (I + S)^-1 into `work.part` (k * k): in closed form for 1- and 2-ports.
            let m = &mut work.part;
            m.clear();
            m.resize(k * k, zero);
            let sp = &s[at..at + k * k];
            match k {
                1 => m[0] = (one + sp[0]).inv(),
                2 => {
                    let (a, d) = (one + sp[0], one + sp[3]);
                    let det = a * d - sp[1] * sp[2];
                    if det.re.re() == 0.0 && det.im.re() == 0.0 {
                        return None;
                    }
                    let r = det.inv();
                    m.copy_from_slice(&[d * r, -sp[1] * r, -sp[2] * r, a * r]);
                }
                _ => {
                    let mut aug = vec![zero; k * 2 * k];
                    for i in 0..k {
                        aug[i * 2 * k..i * 2 * k + k].copy_from_slice(&sp[i * k..(i + 1) * k]);
                        aug[i * 2 * k + i] += one;
                        aug[i * 2 * k + k + i] = one;
                    }
                    if !lu_solve(&mut aug, k, 2 * k, 0.0) {
                        return None;
                    }
                    for i in 0..k {
                        m[i * k..(i + 1) * k].copy_from_slice(&aug[i * 2 * k + k..(i + 1) * 2 * k]);
                    }
                }
            }
            let inv = |i: usize, j: usize| m[i * k + j];
            let largest_s = (0..k * k).map(|e| mag(&s[at + e])).fold(0.0, f64::max);
            let largest_m = (0..k * k)
                .map(|e| mag(&inv(e / k, e % k)))
                .fold(0.0, f64::max);
            let gain = largest_m * (1.0 + largest_s);
            if gain.is_nan() || gain > S2Y_MAX_GAIN {
                return None;
            }
            for i in 0..k {
                for j in 0..k {
                    let mut v = inv(i, j).scale(T::from(2.0 * y0));
                    if i == j {
                        v.re -= T::from(y0);
                    }
                    work.y[at + i * k + j] = v;
                    let mut n = zero;
                    for l in 0..k {
                        for r in 0..k {
                            n += inv(i, l) * c[at + l * k + r] * inv(j, r).conj();
                        }
                    }
                    work.ci[at + i * k + j] = n.scale(T::from(4.0 * y0));
                }
            }
        }
        let finite = |v: &Complex<T>| v.re.re().is_finite() && v.im.re().is_finite();
        if !self.between.iter().all(|&i| finite(&work.y[i])) {
            return None;
        }
        let n = self.size;
        if n == 0 {
            return Some((s_from(&self.ports, |_, _| zero), [[zero; N]; N]));
        }
        if !self.invert(&work.y, &mut work.system, |v| v) {
            return None;
        }
        let width = 2 * n;
        let z = |r: usize, c: usize| work.system[r * width + n + c];
        // The noise currents' correlation on the nodes.
        let ci = &mut work.part;
        ci.clear();
        ci.resize(n * n, zero);
        for &(r, col, src) in &self.adds {
            ci[r * n + col] += work.ci[src];
        }
        for &(r, col, src) in &self.subs {
            ci[r * n + col] -= work.ci[src];
        }
        let mut noise = [[zero; N]; N];
        let mut u = vec![zero; n];
        for (p, row) in noise.iter_mut().enumerate() {
            let Some(rp) = self.ports[p] else { continue };
            // u = Z[rp, :] CI, then row p of Z_P CI Z_P^H.
            for (j, uj) in u.iter_mut().enumerate() {
                *uj = (0..n).fold(zero, |acc, i| acc + z(rp, i) * ci[i * n + j]);
            }
            for (q, out) in row.iter_mut().enumerate() {
                let Some(rq) = self.ports[q] else { continue };
                let v = (0..n).fold(zero, |acc, j| acc + u[j] * z(rq, j).conj());
                *out = v.scale(T::from(y0));
            }
        }
        Some((s_from(&self.ports, z), noise))
    }

    /// The system `[G | I]` solved by the sparse LU, for the whole inverse.
    #[inline(never)]
    fn solve_large<T: Scalar, const N: usize>(
        &self,
        y: &[Complex<T>],
        a: &mut Vec<Complex<T>>,
    ) -> Option<Mat<T, N>> {
        let (n, width) = (self.size, 2 * self.size);
        self.invert(y, a, |v| v)
            .then(|| s_from(&self.ports, |r, c| a[r * width + n + c]))
    }

    /// [`solve_large`](Self::solve_large) for a `T` with derivative parts: `G` is stamped
    /// and factored on its values only, and each derivative part follows from the same inverse
    /// as an adjoint through the stamps, `dZ = -Z dG Z` (exact to first order, as the dual
    /// arithmetic) for the port rows and columns only: each stamp `G[i][j] += y` adds
    /// `-Z[p][i] dy Z[j][q]` to `dZ[p][q]`, over the lanes where `dy` is not zero (a part
    /// depends on few parameters). It accepts and rejects exactly where the dual solve would:
    /// pivoting and the condition test read values only.
    #[inline(never)]
    fn solve_large_lanes<T: Scalar, const N: usize>(
        &self,
        y: &[Complex<T>],
        a: &mut Vec<Complex64>,
    ) -> Option<Mat<T, N>> {
        let (n, width) = (self.size, 2 * self.size);
        if !self.invert(y, a, |v| Complex64::new(v.re.re(), v.im.re())) {
            return None;
        }
        let z = |r: usize, c: usize| a[r * width + n + c];
        let scale = 2.0 / Z0;
        let zero = Complex64::new(0.0, 0.0);
        let mut d = [[T::lanes(|_| zero); N]; N];
        for terms in self.adjoint.chunk_by(|a, b| a.0 == b.0) {
            // The lanes where this admittance moves (a part depends on few parameters).
            let y = &y[terms[0].0];
            let (re, im) = (y.re.eps(), y.im.eps());
            let mut moved = T::lanes(|_| (0, zero));
            let mut count = 0;
            for (k, (&r, &m)) in re.iter().zip(im).enumerate() {
                if r != 0.0 || m != 0.0 {
                    moved.as_mut()[count] = (k, Complex64::new(r, m));
                    count += 1;
                }
            }
            if count == 0 {
                continue;
            }
            for (p, d_row) in d.iter_mut().enumerate() {
                let Some(rp) = self.ports[p] else { continue };
                for (q, dpq) in d_row.iter_mut().enumerate() {
                    let Some(rq) = self.ports[q] else { continue };
                    // dS[p][q] / dY[src], summed over the stamps of `src`.
                    let w: Complex64 = (terms.iter())
                        .map(|&(_, i, j, w)| z(rp, i) * z(j, rq) * w)
                        .sum();
                    for &(k, dy) in &moved.as_ref()[..count] {
                        dpq.as_mut()[k] += w * dy;
                    }
                }
            }
        }
        let mut s = [[Complex::new(T::zero(), T::zero()); N]; N];
        for (p, (row, d_row)) in s.iter_mut().zip(&d).enumerate() {
            for (q, (v, dpq)) in row.iter_mut().zip(d_row).enumerate() {
                let delta = if p == q { 1.0 } else { 0.0 };
                let (Some(rp), Some(rq)) = (self.ports[p], self.ports[q]) else {
                    v.re = T::from(-delta);
                    continue;
                };
                let zpq = z(rp, rq) * scale;
                v.re = T::from(zpq.re - delta);
                v.im = T::from(zpq.im);
                for (k, dk) in dpq.as_ref().iter().enumerate() {
                    v.re.eps_mut()[k] = dk.re;
                    v.im.eps_mut()[k] = dk.im;
                }
            }
        }
        Some(s)
    }
}

/// The stamps `adds` and `subs` grouped by source, weighted for the adjoint
/// ([`Nodal::adjoint`]).
fn adjoint(
    adds: &[(usize, usize, usize)],
    subs: &[(usize, usize, usize)],
) -> Vec<(usize, usize, usize, f64)> {
    let w = 2.0 / Z0;
    let mut terms: Vec<_> = (adds.iter().map(|&(r, c, src)| (src, r, c, -w)))
        .chain(subs.iter().map(|&(r, c, src)| (src, r, c, w)))
        .collect();
    terms.sort_unstable_by_key(|&(src, r, c, _)| (src, r, c));
    terms
}

/// The circuit's S from its nodal matrix `G` of `M` nodes, the ports' conductances `1/z0`
/// included, with external port `p` on row `ports[p]` (`None`: grounded); `None` where `G` is
/// singular or ill conditioned. One and two nodes in closed form, three and four by
/// Gauss-Jordan on the stack.
#[inline(always)]
pub(crate) fn small_s<T: Scalar, const N: usize, const M: usize>(
    g: &Mat<T, M>,
    ports: &[Option<usize>],
) -> Option<Mat<T, N>> {
    match M {
        0 => Some(s_from(ports, |_, _| Complex::new(T::zero(), T::zero()))),
        1 => {
            let size = mag(&g[0][0]);
            if size == 0.0 || !size.is_finite() {
                return None;
            }
            let z = recip(g[0][0], size);
            Some(s_from(ports, |_, _| z))
        }
        2 => {
            // `Z = adj(G) / det G`, so `max|G| max|Z| n = 2 max|G|^2 / |det G|` tests the
            // condition with no inverse computed first.
            let det = g[0][0] * g[1][1] - g[0][1] * g[1][0];
            let largest = g.iter().flatten().map(mag).fold(0.0, f64::max);
            // Also false on NaN and for a singular G.
            let conditioned = 2.0 * largest * largest <= MAX_CONDITION * mag(&det);
            if !conditioned || !largest.is_finite() {
                return None;
            }
            let d = recip(det, mag(&det));
            let z = [[g[1][1] * d, -g[0][1] * d], [-g[1][0] * d, g[0][0] * d]];
            Some(s_from(ports, |r, c| z[r][c]))
        }
        _ => {
            let z = matrix::inverse(g)?;
            well_conditioned(g.as_flattened(), z.as_flattened())
                .then(|| s_from(ports, |r, c| z[r][c]))
        }
    }
}

/// `S_pq = (2 / z0) Z[row p][row q] - delta_pq` from the nodal impedances `Z = G^-1`.
#[inline(always)]
fn s_from<T: Scalar, const N: usize>(
    ports: &[Option<usize>],
    z: impl Fn(usize, usize) -> Complex<T>,
) -> Mat<T, N> {
    let mut s = [[Complex::new(T::zero(), T::zero()); N]; N];
    for (p, row) in s.iter_mut().enumerate() {
        if let Some(rp) = ports[p] {
            for (q, v) in row.iter_mut().enumerate() {
                if let Some(rq) = ports[q] {
                    *v = z(rp, rq).scale(T::from(2.0 / Z0));
                }
            }
        }
        row[p].re -= T::one();
    }
    s
}

/// Whether `G` and its inverse `Z` have a condition estimate `max|G| max|Z| n` of at most
/// [`MAX_CONDITION`]: the nodal solution then loses at most about three digits. (Nodes joined by
/// admittances far larger than the ports' `1/z0`, such as an inductor near DC, make `G` ill
/// conditioned although the circuit is not; the connection method stays exact there.)
fn well_conditioned<T: Scalar>(g: &[Complex<T>], z: &[Complex<T>]) -> bool {
    let largest = |m: &[Complex<T>]| m.iter().map(mag).fold(0.0, f64::max);
    let n = (g.len() as f64).sqrt();
    largest(g) * largest(z) * n <= MAX_CONDITION
}

/// `1 / z` given `size = |re z| + |im z|` (of the value): `conj(z) / |z|^2`, one division,
/// where `|z|^2` can neither overflow nor underflow, else the scaled [`cmath::recip`].
#[inline(always)]
fn recip<T: Scalar>(z: Complex<T>, size: f64) -> Complex<T> {
    if (1e-150..=1e150).contains(&size) {
        z.conj().scale(z.norm_sqr().recip())
    } else {
        cmath::recip(z)
    }
}

/// `|re| + |im|` of the value: the magnitude the condition tests use.
#[inline]
fn mag<T: Scalar>(v: &Complex<T>) -> f64 {
    v.re.re().abs() + v.im.re().abs()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scalar::DualN;
    use num_dual::DualStruct;

    /// A 5-node system with 3 derivative lanes: the value-factored lanes path agrees with the
    /// LU on dual numbers, values and derivatives.
    #[test]
    fn lanes_agree_with_the_dual_solve() {
        type D = DualN<3>;
        let size = 5;
        // A chain of admittances between neighbouring nodes and one from each node to ground.
        let mut adds = Vec::new();
        let mut subs = Vec::new();
        let mut y = Vec::new();
        let value = |k: usize| {
            let mut re = D::from(0.01 + 0.003 * k as f64);
            let mut im = D::from(0.02 * ((k % 3) as f64 - 1.0) + 0.005);
            re.eps_mut()[k % 3] = 1e-3 * (k + 1) as f64;
            im.eps_mut()[(k + 1) % 3] = -2e-3 * (k + 2) as f64;
            Complex::new(re, im)
        };
        for i in 0..size {
            y.push(value(i));
            adds.push((i, i, y.len() - 1));
            if i + 1 < size {
                y.push(value(size + i));
                let src = y.len() - 1;
                adds.push((i, i, src));
                adds.push((i + 1, i + 1, src));
                subs.push((i, i + 1, src));
                subs.push((i + 1, i, src));
            }
        }
        adds.sort_unstable();
        subs.sort_unstable();
        let nodal = Nodal {
            size,
            adjoint: adjoint(&adds, &subs),
            adds,
            subs,
            between: Vec::new(),
            ports: vec![Some(0), Some(4)],
        };
        let dual: Mat<D, 2> = nodal.solve_large(&y, &mut Vec::new()).unwrap();
        let lanes: Mat<D, 2> = nodal.solve_large_lanes(&y, &mut Vec::new()).unwrap();
        for (a, b) in dual.iter().flatten().zip(lanes.iter().flatten()) {
            assert!((a.re.re() - b.re.re()).abs() < 1e-14 && (a.im.re() - b.im.re()).abs() < 1e-14);
            for (x, y) in
                a.re.eps()
                    .iter()
                    .zip(b.re.eps())
                    .chain(a.im.eps().iter().zip(b.im.eps()))
            {
                assert!(x.abs() > 1e-9, "a derivative part is zero: {x}");
                assert!((x - y).abs() < 1e-12 * x.abs().max(1.0), "{x} vs {y}");
            }
        }
    }

    /// The lanes path on a non-reciprocal system (a `G` that is not symmetric, so rows and
    /// columns of `Z` differ), three ports, and admittances that move one lane or none: it
    /// agrees with the LU on dual numbers to 1e-12.
    #[test]
    fn lanes_agree_on_a_non_reciprocal_system() {
        type D = DualN<4>;
        let size = 6;
        let mut y = Vec::new();
        let mut adds = Vec::new();
        let mut subs = Vec::new();
        // One admittance per entry `(r, c)`, moving lane `k % 5` (lane 4: none).
        let mut entry = |r: usize, c: usize, k: usize, sub: bool| {
            let mut re = D::from(0.004 + 0.002 * k as f64);
            let mut im = D::from(0.015 * ((k % 4) as f64 - 1.5));
            if k % 5 < 4 {
                re.eps_mut()[k % 5] = 1e-3 * (k + 1) as f64;
                im.eps_mut()[k % 5] = -7e-4 * (k + 2) as f64;
            }
            y.push(Complex::new(re, im));
            let stamp = (r, c, y.len() - 1);
            if sub {
                subs.push(stamp)
            } else {
                adds.push(stamp)
            }
        };
        for i in 0..size {
            entry(i, i, i, false);
            if i + 1 < size {
                entry(i, i + 1, 2 * i + 1, true);
                entry(i + 1, i, 2 * i + 3, true);
            }
        }
        // A one-way coupling from node 1 to node 4.
        entry(4, 1, 7, false);
        adds.sort_unstable();
        subs.sort_unstable();
        let nodal = Nodal {
            size,
            adjoint: adjoint(&adds, &subs),
            adds,
            subs,
            between: Vec::new(),
            ports: vec![Some(0), Some(5), Some(2)],
        };
        let dual: Mat<D, 3> = nodal.solve_large(&y, &mut Vec::new()).unwrap();
        let lanes: Mat<D, 3> = nodal.solve_large_lanes(&y, &mut Vec::new()).unwrap();
        let (s21, s12) = (dual[1][0], dual[0][1]);
        assert!(
            (s21.re.re() - s12.re.re()).abs() > 1e-6,
            "the system is reciprocal"
        );
        for (a, b) in dual.iter().flatten().zip(lanes.iter().flatten()) {
            assert!((a.re.re() - b.re.re()).abs() < 1e-14 && (a.im.re() - b.im.re()).abs() < 1e-14);
            for (x, y) in
                a.re.eps()
                    .iter()
                    .zip(b.re.eps())
                    .chain(a.im.eps().iter().zip(b.im.eps()))
            {
                assert!((x - y).abs() < 1e-12 * x.abs().max(1.0), "{x} vs {y}");
            }
        }
        assert!(lanes[1][0].re.eps().iter().any(|&e| e.abs() > 1e-9));
    }
}
