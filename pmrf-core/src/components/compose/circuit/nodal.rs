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

use num_complex::Complex;

use super::{Net, Scratch};
use crate::Scalar;
use crate::network::lu::lu_solve;
use crate::network::{Mat, Z0, matrix};

/// The largest condition estimate of the nodal matrix the fast solver accepts.
const MAX_CONDITION: f64 = 1e3;

/// The nodal system of a netlist, precomputed.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Nodal {
    /// The non-grounded nodes: the size of the system.
    size: usize,
    /// `G[row][col] += Y[src]`, `src` in the parts' buffer, in memory order.
    stamps: Vec<(usize, usize, usize)>,
    /// The system row of each external port's node, `None` if grounded.
    ports: Vec<Option<usize>>,
}

impl Nodal {
    pub(super) fn new(net: &Net) -> Self {
        let mut row = vec![None; net.grounded.len()];
        let mut size = 0;
        for (r, &grounded) in row.iter_mut().zip(&net.grounded) {
            if !grounded {
                *r = Some(size);
                size += 1;
            }
        }
        let mut stamps = Vec::new();
        for el in &net.elements {
            let k = el.nodes.len();
            for (i, &ni) in el.nodes.iter().enumerate() {
                for (j, &nj) in el.nodes.iter().enumerate() {
                    if let (Some(r), Some(c)) = (row[ni], row[nj]) {
                        stamps.push((r, c, el.offset + i * k + j));
                    }
                }
            }
        }
        stamps.sort_unstable();
        Nodal {
            size,
            stamps,
            ports: net.externals.iter().map(|&n| row[n]).collect(),
        }
    }

    /// The circuit's S from the parts' Y in `scratch.parts`; `None` where the nodal matrix is
    /// singular or ill conditioned (the exact solver then decides).
    pub(super) fn solve<T: Scalar, const N: usize>(
        &self,
        scratch: &mut Scratch<T>,
    ) -> Option<Mat<T, N>> {
        // Small systems (the common case) on the stack, unrolled; larger ones by the sparse LU.
        match self.size {
            0 => Some(self.s_from(|_, _| Complex::new(T::zero(), T::zero()))), // all grounded
            1 => self.solve_small::<T, N, 1>(&scratch.parts),
            2 => self.solve_small::<T, N, 2>(&scratch.parts),
            3 => self.solve_small::<T, N, 3>(&scratch.parts),
            4 => self.solve_small::<T, N, 4>(&scratch.parts),
            _ => self.solve_large(scratch),
        }
    }

    /// `S_pq = (2 / z0) Z[row p][row q] - delta_pq` from the nodal impedances `Z = G^-1`.
    #[inline]
    fn s_from<T: Scalar, const N: usize>(
        &self,
        z: impl Fn(usize, usize) -> Complex<T>,
    ) -> Mat<T, N> {
        let mut s = [[Complex::new(T::zero(), T::zero()); N]; N];
        for (p, row) in s.iter_mut().enumerate() {
            if let Some(rp) = self.ports[p] {
                for (q, v) in row.iter_mut().enumerate() {
                    if let Some(rq) = self.ports[q] {
                        *v = z(rp, rq).scale(T::from(2.0 / Z0));
                    }
                }
            }
            row[p].re -= T::one();
        }
        s
    }

    /// Adds the nodal matrix and the ports' conductances to the row-major `g`, `width` wide.
    #[inline]
    fn stamp<T: Scalar>(&self, y: &[Complex<T>], g: &mut [Complex<T>], width: usize) {
        for &(r, c, src) in &self.stamps {
            g[r * width + c] += y[src];
        }
        for r in self.ports.iter().flatten() {
            g[r * width + r].re += T::from(1.0 / Z0);
        }
    }

    /// The `M x M` system on the stack, inverted in closed form or by LU.
    #[inline]
    fn solve_small<T: Scalar, const N: usize, const M: usize>(
        &self,
        y: &[Complex<T>],
    ) -> Option<Mat<T, N>> {
        let mut g: Mat<T, M> = [[Complex::new(T::zero(), T::zero()); M]; M];
        self.stamp(y, g.as_flattened_mut(), M);
        let z = matrix::inverse(&g)?;
        well_conditioned(g.as_flattened(), z.as_flattened()).then(|| self.s_from(|r, c| z[r][c]))
    }

    /// The system `[G | I]` solved by the sparse LU, for the whole inverse.
    fn solve_large<T: Scalar, const N: usize>(
        &self,
        scratch: &mut Scratch<T>,
    ) -> Option<Mat<T, N>> {
        let n = self.size;
        let width = 2 * n;
        let (y, a) = (&scratch.parts, &mut scratch.system);
        a.clear();
        a.resize(n * width, Complex::new(T::zero(), T::zero()));
        self.stamp(y, a, width);
        let g: Vec<Complex<T>> = a
            .chunks_exact(width)
            .flat_map(|row| &row[..n])
            .copied()
            .collect();
        for r in 0..n {
            a[r * width + n + r] = Complex::new(T::one(), T::zero());
        }
        if !lu_solve(a, n, width, 0.0) {
            return None;
        }
        let z: Vec<Complex<T>> = a
            .chunks_exact(width)
            .flat_map(|row| &row[n..])
            .copied()
            .collect();
        well_conditioned(&g, &z).then(|| self.s_from(|r, c| z[r * n + c]))
    }
}

/// Whether `G` and its inverse `Z` have a condition estimate `max|G| max|Z| n` of at most
/// [`MAX_CONDITION`]: the nodal solution then loses at most about three digits. (Nodes joined by
/// admittances far larger than the ports' `1/z0`, such as an inductor near DC, make `G` ill
/// conditioned although the circuit is not; the connection method stays exact there.)
fn well_conditioned<T: Scalar>(g: &[Complex<T>], z: &[Complex<T>]) -> bool {
    let mag = |v: &Complex<T>| v.re.re().abs() + v.im.re().abs();
    let largest = |m: &[Complex<T>]| m.iter().map(mag).fold(0.0, f64::max);
    let n = (g.len() as f64).sqrt();
    largest(g) * largest(z) * n <= MAX_CONDITION
}
