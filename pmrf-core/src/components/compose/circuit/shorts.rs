//! Loops of zero-impedance elements, merged away before the connection solver sees them.
//!
//! At a given point, an element part is a zero-impedance element if its S (value parts, at
//! 50 ohm) is exactly a wire between its two ports (`S = [[0, 1], [1, 0]]`: a 0-ohm resistor,
//! a series L at DC, a thru) or a short to ground on every port (`S = -I`: a 0-ohm load, a
//! shunt L at DC). The current around a loop of such elements (through ground, for shorts, and
//! with every grounded node one vertex) is undetermined, so the connection system is singular
//! although the circuit's S exists. Every element with an edge on such a loop is dropped and
//! its nodes merged: exact, as the nodes are at one voltage either way. Its derivatives are
//! exactly zero too, since the rest of the loop shorts it. Zero-impedance elements on no loop
//! stay, so their derivatives flow through the solver as usual.

use num_complex::Complex;

use super::{Element, Net};
use crate::Scalar;

/// The edges (pairs of vertices; vertex `nodes` is the ground) an element is, if it is a
/// zero-impedance element at this point.
fn zero_edges<T: Scalar>(
    el: &Element,
    s: &[Complex<T>],
    ground: usize,
) -> Option<Vec<(usize, usize)>> {
    let is = |z: &Complex<T>, re: f64| z.re.re() == re && z.im.re() == 0.0;
    let k = el.nodes.len();
    let wire = k == 2 && is(&s[0], 0.0) && is(&s[1], 1.0) && is(&s[2], 1.0) && is(&s[3], 0.0);
    let short = (0..k * k).all(|ij| is(&s[ij], if ij / k == ij % k { -1.0 } else { 0.0 }));
    if wire {
        Some(vec![(el.nodes[0], el.nodes[1])])
    } else if short {
        Some(el.nodes.iter().map(|&n| (n, ground)).collect())
    } else {
        None
    }
}

/// Disjoint sets over the vertices, by path halving.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut v: usize) -> usize {
        while self.0[v] != v {
            self.0[v] = self.0[self.0[v]];
            v = self.0[v];
        }
        v
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.0[a] = b;
    }
}

/// `net` with the zero-impedance elements on loops dropped and their nodes merged, given the
/// parts' S in `parts`, and the node each node became; `None` if there are none (the usual
/// case: nothing is allocated).
pub(super) fn merge_loops<T: Scalar>(net: &Net, parts: &[Complex<T>]) -> Option<(Net, Vec<usize>)> {
    let ground = net.grounded.len();
    let mut zero: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    for (e, el) in net.elements.iter().enumerate() {
        let k = el.nodes.len();
        if let Some(edges) = zero_edges(el, &parts[el.offset..el.offset + k * k], ground) {
            zero.push((e, edges));
        }
    }
    if zero.is_empty() {
        return None;
    }
    let grounded = |sets: &mut Sets| {
        for (n, _) in net.grounded.iter().enumerate().filter(|g| *g.1) {
            sets.union(n, ground);
        }
    };
    // An edge is on a loop iff its ends are connected by the other zero edges.
    let all: Vec<(usize, (usize, usize))> = (zero.iter())
        .flat_map(|(e, edges)| edges.iter().map(move |&ab| (*e, ab)))
        .collect();
    let mut looped = Vec::new();
    for (i, &(e, (a, b))) in all.iter().enumerate() {
        let mut sets = Sets((0..=ground).collect());
        grounded(&mut sets);
        for (j, &(_, (c, d))) in all.iter().enumerate() {
            if j != i {
                sets.union(c, d);
            }
        }
        if sets.find(a) == sets.find(b) && !looped.contains(&e) {
            looped.push(e);
        }
    }
    if looped.is_empty() {
        return None;
    }
    let mut sets = Sets((0..=ground).collect());
    grounded(&mut sets);
    for &(e, (a, b)) in &all {
        if looped.contains(&e) {
            sets.union(a, b);
        }
    }
    let ground_root = sets.find(ground);
    let mut merged = Net {
        elements: Vec::new(),
        grounded: (0..ground).map(|n| sets.find(n) == ground_root).collect(),
        externals: Vec::new(),
    };
    // Each node becomes the root of its set; a node whose root is the ground vertex stays
    // itself (grounded, so at 0 V like every other node of its set).
    let node = |sets: &mut Sets, n: usize| {
        let r = sets.find(n);
        if r == ground { n } else { r }
    };
    let map: Vec<usize> = (0..ground).map(|n| node(&mut sets, n)).collect();
    merged.externals = net.externals.iter().map(|&n| map[n]).collect();
    for (e, el) in net.elements.iter().enumerate() {
        if !looped.contains(&e) {
            merged.elements.push(Element {
                offset: el.offset,
                nodes: el.nodes.iter().map(|&n| map[n]).collect(),
            });
        }
    }
    Some((merged, map))
}
