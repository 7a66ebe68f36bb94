//! The exact solver: the S-parameter connection method (as scikit-rf's `Circuit`).
//!
//! Every node is an ideal junction (`S = 2/n - delta` for its `n` connections at 50 ohm); a
//! grounded node is a short for every port on it. The unknowns are the waves leaving the `U`
//! ports of the element parts; with `S` their block-diagonal S-matrix and `C` the junctions,
//! `(I - S C) b = S C_ext a_ext` is solved by dense LU with one right-hand side per external
//! port. Every part has an S-matrix, so this works for any netlist the physics allows.

use num_complex::{Complex, Complex64};

use super::{Net, Scratch};
use crate::Scalar;
use crate::network::Mat;
use crate::network::lu::lu_solve;

/// One port of an element part: an unknown of the solver.
#[derive(Clone, Debug, PartialEq)]
struct Unknown {
    /// The unknown index of its part's first port.
    first: usize,
    /// Its part's port count.
    ports: usize,
    /// Its index within its part.
    local: usize,
    /// Where its part's S starts in the parts' buffer.
    offset: usize,
    /// Its node.
    node: usize,
}

/// A node: the unknowns and external ports on it.
#[derive(Clone, Debug, PartialEq)]
struct Node {
    unknowns: Vec<usize>,
    externals: Vec<usize>,
    /// `2 / n` with `n` its connections (grounds excluded), 0 if grounded.
    weight: f64,
    grounded: bool,
}

/// One term of the connection system: `a[dst] += coef * s[src]`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Stamp {
    dst: usize,
    src: usize,
    coef: f64,
}

/// The connection system of a netlist, precomputed.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Connection {
    unknowns: Vec<Unknown>,
    /// The non-identity terms of the augmented system `[I - S C | S C_ext]` (row-major,
    /// `unknowns + N` wide), merged and without zero coefficients.
    stamps: Vec<Stamp>,
    /// Where each row's stamps start (they are in row order), and their end last.
    rows: Vec<usize>,
    nodes: Vec<Node>,
    /// The node of each external port.
    externals: Vec<usize>,
}

impl Connection {
    pub(super) fn new<const N: usize>(net: &Net) -> Self {
        let mut unknowns = Vec::new();
        let mut nodes: Vec<Node> = (net.grounded.iter())
            .map(|&grounded| Node {
                unknowns: Vec::new(),
                externals: Vec::new(),
                weight: 0.0,
                grounded,
            })
            .collect();
        for el in &net.elements {
            let first = unknowns.len();
            for (local, &node) in el.nodes.iter().enumerate() {
                nodes[node].unknowns.push(unknowns.len());
                unknowns.push(Unknown {
                    first,
                    ports: el.nodes.len(),
                    local,
                    offset: el.offset,
                    node,
                });
            }
        }
        for (e, &node) in net.externals.iter().enumerate() {
            nodes[node].externals.push(e);
        }
        for node in &mut nodes {
            let count = node.unknowns.len() + node.externals.len();
            if !node.grounded && count > 0 {
                node.weight = 2.0 / count as f64;
            }
        }
        let stamps = stamps::<N>(&unknowns, &nodes);
        let width = unknowns.len() + N;
        let rows = (0..=unknowns.len())
            .map(|i| stamps.partition_point(|st| st.dst < i * width))
            .collect();
        Connection {
            unknowns,
            stamps,
            rows,
            nodes,
            externals: net.externals.clone(),
        }
    }

    /// The number of unknowns: the ports of the element parts.
    pub(super) fn unknowns(&self) -> usize {
        self.unknowns.len()
    }

    /// Solves `[I - S C | S C_ext]` from the parts' S in `scratch.parts` into
    /// `scratch.system`: column `u + q` holds the waves leaving the parts' ports for a unit
    /// wave into external port `q`. `false` where the system is singular.
    fn factor<T: Scalar, const N: usize>(&self, scratch: &mut Scratch<T>) -> bool {
        let u = self.unknowns.len();
        self.assemble::<T, N>(&scratch.parts, &mut scratch.system);
        lu_solve(&mut scratch.system, u, u + N, 0.0)
    }

    /// The augmented system `[I - S C | S C_ext]` (row-major, `unknowns + N` wide) of the
    /// parts' S `s`, into `a`.
    fn assemble<T: Scalar, const N: usize>(&self, s: &[Complex<T>], a: &mut Vec<Complex<T>>) {
        let u = self.unknowns.len();
        let width = u + N;
        let zero = Complex::new(T::zero(), T::zero());
        let one = Complex::new(T::one(), T::zero());
        a.clear();
        a.resize(u * width, zero);
        for i in 0..u {
            a[i * width + i] = one;
        }
        for st in &self.stamps {
            a[st.dst] += s[st.src].scale(T::from(st.coef));
        }
    }

    /// The waves `(into, out of)` every port of every part, in unknown order, for the waves
    /// `incident` into the external ports; `None` where the system is singular.
    pub(super) fn waves<const N: usize>(
        &self,
        scratch: &mut Scratch<f64>,
        incident: &[Complex<f64>; N],
    ) -> Option<Vec<(Complex<f64>, Complex<f64>)>> {
        if !self.factor::<f64, N>(scratch) {
            return None;
        }
        let u = self.unknowns.len();
        let width = u + N;
        let x = &scratch.system;
        let out: Vec<Complex<f64>> = (0..u)
            .map(|j| (0..N).map(|q| x[j * width + u + q] * incident[q]).sum())
            .collect();
        Some(
            (self.unknowns.iter().enumerate())
                .map(|(j, unk)| {
                    let node = &self.nodes[unk.node];
                    if node.grounded {
                        return (-out[j], out[j]);
                    }
                    let total: Complex<f64> =
                        node.unknowns.iter().map(|&k| out[k]).sum::<Complex<f64>>()
                            + node
                                .externals
                                .iter()
                                .map(|&e| incident[e])
                                .sum::<Complex<f64>>();
                    (total * node.weight - out[j], out[j])
                })
                .collect(),
        )
    }

    /// The circuit's S from the parts' S in `scratch.parts`; `None` where the system is singular.
    pub(super) fn solve<T: Scalar, const N: usize>(
        &self,
        scratch: &mut Scratch<T>,
    ) -> Option<Mat<T, N>> {
        if !self.factor::<T, N>(scratch) {
            return None;
        }
        let width = self.unknowns.len() + N;
        let x = &scratch.system;
        Some(self.outputs(|j, q| x[j * width + width - N + q]))
    }

    /// The circuit's S and noise correlation matrix from the parts' S in `scratch.parts` and
    /// their noise in `scratch.parts_noise` (same layout); `None` where the system is singular.
    ///
    /// The external outgoing waves are `E b + D a_ext` with `b = A^-1 (R a_ext + c)`,
    /// `[A | R] = [I - S C | S C_ext]`; one LU of `A^T` with the right-hand sides `E^T` gives
    /// `T = E A^-1`, so S is `T R + D` and the noise `T C_parts T^H`.
    pub(super) fn solve_noise<T: Scalar, const N: usize>(
        &self,
        scratch: &mut Scratch<T>,
    ) -> Option<(Mat<T, N>, Mat<T, N>)> {
        let u = self.unknowns.len();
        let width = u + N;
        let zero = Complex::new(T::zero(), T::zero());
        let mut a = Vec::new();
        self.assemble::<T, N>(&scratch.parts, &mut a);
        // [A^T | E^T]: E has the junction weight of port p's node on the unknowns there.
        let m = &mut scratch.system;
        m.clear();
        m.resize(u * width, zero);
        for i in 0..u {
            for j in 0..u {
                m[j * width + i] = a[i * width + j];
            }
        }
        for (p, &n) in self.externals.iter().enumerate() {
            let node = &self.nodes[n];
            if !node.grounded {
                for &j in &node.unknowns {
                    m[j * width + u + p] = Complex::new(T::from(node.weight), T::zero());
                }
            }
        }
        if !lu_solve(m, u, width, 0.0) {
            return None;
        }
        let t = |p: usize, j: usize| m[j * width + u + p];
        // The direct paths D are those of `outputs` with no wave through the parts.
        let direct: Mat<T, N> = self.outputs(|_, _| zero);
        let s: Mat<T, N> = std::array::from_fn(|p| {
            std::array::from_fn(|q| {
                (0..u).fold(direct[p][q], |acc, j| acc + t(p, j) * a[j * width + u + q])
            })
        });
        // T C_parts T^H, part by part (C_parts is block diagonal).
        let noise = &scratch.parts_noise;
        let mut c = [[zero; N]; N];
        let (mut first, mut w) = (0, Vec::new());
        while first < u {
            let unk = &self.unknowns[first];
            let (k, at) = (unk.ports, unk.offset);
            for (p, row) in c.iter_mut().enumerate() {
                // w_l = sum_i T[p][first + i] C_el[i][l]
                w.clear();
                w.extend((0..k).map(|l| {
                    (0..k).fold(zero, |acc, i| acc + t(p, first + i) * noise[at + i * k + l])
                }));
                for (q, out) in row.iter_mut().enumerate() {
                    *out += (0..k).fold(zero, |acc, l| acc + w[l] * t(q, first + l).conj());
                }
            }
            first += k;
        }
        Some((s, c))
    }

    /// The circuit's S from `b(j, q)`, the wave leaving unknown `j` for a unit wave into
    /// external port `q`.
    fn outputs<T: Scalar, const N: usize>(
        &self,
        b: impl Fn(usize, usize) -> Complex<T>,
    ) -> Mat<T, N> {
        let zero = Complex::new(T::zero(), T::zero());
        let one = Complex::new(T::one(), T::zero());
        // The wave leaving external port p: out of its junction towards the matched port.
        std::array::from_fn(|p| {
            let node = &self.nodes[self.externals[p]];
            std::array::from_fn(|q| {
                let delta = if p == q { one } else { zero };
                if node.grounded {
                    return -delta;
                }
                let mut sum = zero;
                for &j in &node.unknowns {
                    sum += b(j, q);
                }
                for &e in &node.externals {
                    if e == q {
                        sum += one;
                    }
                }
                sum.scale(T::from(node.weight)) - delta
            })
        })
    }

    /// The system with the unknowns marked `fixed` (the ports of parts whose S is constant,
    /// `s` their values at one frequency point) eliminated: `None` where their block is
    /// singular. Their rows `A_BB b_B + A_BF b_F = R_B` involve constants only, so
    /// `b_B = X_R - X_F b_F` with `[X_F | X_R] = A_BB^-1 [A_BF | R_B]`, computed here once.
    pub(super) fn reduce<const N: usize>(
        &self,
        s: &[Complex64],
        fixed: &[bool],
    ) -> Option<Reduced> {
        let u = self.unknowns.len();
        let width = u + N;
        let (mut pos, mut free, mut held) = (Vec::with_capacity(u), Vec::new(), Vec::new());
        for (j, &f) in fixed.iter().enumerate() {
            let group = if f { &mut held } else { &mut free };
            pos.push(group.len());
            group.push(j);
        }
        let (nb, nf) = (held.len(), free.len());
        let mut a = Vec::new();
        self.assemble::<f64, N>(s, &mut a);
        // [A_BB | A_BF | R_B], then solved in place.
        let w = nb + nf + N;
        let mut m = vec![Complex64::new(0.0, 0.0); nb * w];
        for (r, &i) in held.iter().enumerate() {
            let row = &a[i * width..(i + 1) * width];
            let out = &mut m[r * w..(r + 1) * w];
            for (c, &j) in held.iter().chain(&free).enumerate() {
                out[c] = row[j];
            }
            out[nb + nf..].copy_from_slice(&row[u..]);
        }
        if !lu_solve(&mut m, nb, w, 0.0) {
            return None;
        }
        let x: Vec<Complex64> = m.chunks_exact(w).flat_map(|r| r[nb..].to_vec()).collect();
        Some(Reduced {
            fixed: fixed.to_vec(),
            pos,
            free,
            x,
        })
    }

    /// The circuit's S from the parts' S in `scratch.parts`, with the fixed unknowns
    /// eliminated by `red` (see [`Connection::reduce`]): a system of the free unknowns only.
    pub(super) fn solve_reduced<T: Scalar, const N: usize>(
        &self,
        red: &Reduced,
        scratch: &mut Scratch<T>,
    ) -> Option<Mat<T, N>> {
        let u = self.unknowns.len();
        let width = u + N;
        let nf = red.free.len();
        let w = nf + N;
        let zero = Complex::new(T::zero(), T::zero());
        let lift = |z: Complex64| Complex::new(T::from(z.re), T::from(z.im));
        let (s, m) = (&scratch.parts, &mut scratch.system);
        m.clear();
        m.resize(nf * w, zero);
        for r in 0..nf {
            m[r * w + r] = Complex::new(T::one(), T::zero());
        }
        // The free rows: A_FF b_F + A_FB b_B = R_F with b_B = X_R - X_F b_F.
        let free_rows =
            (red.free.iter()).map(|&i| (i, &self.stamps[self.rows[i]..self.rows[i + 1]]));
        for (row, stamps) in free_rows {
            for st in stamps {
                let col = st.dst % width;
                let r = red.pos[row];
                let v = s[st.src].scale(T::from(st.coef));
                if col >= u {
                    m[r * w + nf + col - u] += v;
                } else if !red.fixed[col] {
                    m[r * w + red.pos[col]] += v;
                } else {
                    let xr = &red.x[red.pos[col] * w..(red.pos[col] + 1) * w];
                    let out = &mut m[r * w..(r + 1) * w];
                    for (o, &x) in out.iter_mut().zip(xr) {
                        *o -= v * lift(x);
                    }
                }
            }
        }
        if !lu_solve(m, nf, w, 0.0) {
            return None;
        }
        let m = &scratch.system;
        Some(self.outputs(|j, q| {
            let p = red.pos[j];
            if !red.fixed[j] {
                return m[p * w + nf + q];
            }
            let xr = &red.x[p * w..(p + 1) * w];
            let mut b = lift(xr[nf + q]);
            for c in 0..nf {
                b -= lift(xr[c]) * m[c * w + nf + q];
            }
            b
        }))
    }
}

/// The connection system of a circuit at one frequency point with the ports of its constant
/// parts eliminated: see [`Connection::reduce`].
#[derive(Debug)]
pub(super) struct Reduced {
    /// Whether each unknown is eliminated.
    fixed: Vec<bool>,
    /// Each unknown's index among the eliminated or among the free ones.
    pos: Vec<usize>,
    /// The free unknowns.
    free: Vec<usize>,
    /// `[X_F | X_R]`, one row per eliminated unknown, `free + N` wide.
    x: Vec<Complex64>,
}

/// The terms of `[I - S C | S C_ext]` beyond the identity: row `i` (unknown `i`) gets
/// `S_ik` times row `k` of `-C` (for every port `k` of the same part), where row `k` of `C` is
/// `2/n - delta` over the connections of `k`'s node (`-delta` on a grounded node).
fn stamps<const N: usize>(unknowns: &[Unknown], nodes: &[Node]) -> Vec<Stamp> {
    let width = unknowns.len() + N;
    let mut terms = std::collections::BTreeMap::<(usize, usize), f64>::new();
    for (i, unk) in unknowns.iter().enumerate() {
        for k in 0..unk.ports {
            let kk = unk.first + k;
            let src = unk.offset + unk.local * unk.ports + k;
            *terms.entry((i * width + kk, src)).or_default() += 1.0;
            let node = &nodes[unknowns[kk].node];
            if node.grounded {
                continue;
            }
            for &j in &node.unknowns {
                *terms.entry((i * width + j, src)).or_default() -= node.weight;
            }
            for &e in &node.externals {
                *terms
                    .entry((i * width + unknowns.len() + e, src))
                    .or_default() += node.weight;
            }
        }
    }
    (terms.into_iter())
        .filter(|&(_, coef)| coef != 0.0)
        .map(|((dst, src), coef)| Stamp { dst, src, coef })
        .collect()
}
