//! The exact solver: the S-parameter connection method (as scikit-rf's `Circuit`).
//!
//! Every node is an ideal junction (`S = 2/n - delta` for its `n` connections at 50 ohm); a
//! grounded node is a short for every port on it. The unknowns are the waves leaving the `U`
//! ports of the element parts; with `S` their block-diagonal S-matrix and `C` the junctions,
//! `(I - S C) b = S C_ext a_ext` is solved by dense LU with one right-hand side per external
//! port. Every part has an S-matrix, so this works for any netlist the physics allows.

use num_complex::Complex;

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
        Connection {
            unknowns,
            stamps,
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
        let width = u + N;
        let zero = Complex::new(T::zero(), T::zero());
        let one = Complex::new(T::one(), T::zero());
        let (s, a) = (&scratch.parts, &mut scratch.system);
        a.clear();
        a.resize(u * width, zero);
        // Augmented [I - S C | S C_ext], one row per unknown, from the precomputed stamps.
        for i in 0..u {
            a[i * width + i] = one;
        }
        for st in &self.stamps {
            a[st.dst] += s[st.src].scale(T::from(st.coef));
        }
        lu_solve(a, u, width, 0.0)
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
        let u = self.unknowns.len();
        let width = u + N;
        let zero = Complex::new(T::zero(), T::zero());
        let one = Complex::new(T::one(), T::zero());
        let x = &scratch.system;
        // The wave leaving external port p: out of its junction towards the matched port.
        Some(std::array::from_fn(|p| {
            let node = &self.nodes[self.externals[p]];
            std::array::from_fn(|q| {
                let delta = if p == q { one } else { zero };
                if node.grounded {
                    return -delta;
                }
                let mut sum = zero;
                for &j in &node.unknowns {
                    sum += x[j * width + u + q];
                }
                for &e in &node.externals {
                    if e == q {
                        sum += one;
                    }
                }
                sum.scale(T::from(node.weight)) - delta
            })
        }))
    }
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
