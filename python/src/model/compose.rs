//! [`Composite`]: models built from models (cascade, terminate, flip), with exact Jacobians.
//!
//! A composite's S is a function of its children's S at each frequency (pmrf's star product,
//! the termination formula, a port swap). Its Jacobian follows by the chain rule, exact: a
//! cascade's through prefix and suffix products of its stages, two star products
//! differentiated by hand per parameter and point; a termination's on dual numbers, the
//! children's S carrying the column of a parameter's child as derivative part; a flip's by
//! swapping the tangents. Cascades run stage by stage over all points (independent points
//! overlap in the CPU), with one table per call for the products, none per point. Parameter
//! names are prefixed as pmrf's composites name them (`stages[0].c`, `network.l`, `load.r`).

use std::sync::Arc;

use numpy::Complex64;
use numpy::ndarray::{Array2, Array3, Array4, ArrayViewMut3};
use pmrf::network::twoport::star;
use pmrf::{Complex, Dual64, Error, Frequency, Scalar};

use super::{DynModel, Edit, ParamRow};

/// How a composite combines its children.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// 2-ports in a chain, port 2 of each to port 1 of the next.
    Cascade,
    /// A 2-port with a 1-port on its port 2: a 1-port.
    Terminate,
    /// A 2-port with its ports swapped.
    Flip,
}

/// A model built from child models, which it combines at every frequency point.
#[derive(Clone)]
pub struct Composite {
    kind: Kind,
    /// Each child with the prefix of its parameter names (`"stages[0]."`).
    children: Vec<(String, Arc<dyn DynModel>)>,
}

/// An error unless `model` has `n` ports.
fn ports(model: &dyn DynModel, n: usize, what: &str) -> pmrf::Result<()> {
    if model.nports() == n {
        return Ok(());
    }
    Err(Error::Shape(format!(
        "{what} must be a {n}-port, got a {}-port",
        model.nports()
    )))
}

impl Composite {
    /// The cascade of `stages` (2-ports), named `stages[i].*`.
    ///
    /// # Errors
    /// `Shape` if there is no stage or a stage is not a 2-port.
    pub fn cascade(stages: Vec<Arc<dyn DynModel>>) -> pmrf::Result<Arc<dyn DynModel>> {
        if stages.is_empty() {
            return Err(Error::Shape(
                "a cascade needs at least one stage".to_owned(),
            ));
        }
        for (i, m) in stages.iter().enumerate() {
            ports(m.as_ref(), 2, &format!("stage {i} of a cascade"))?;
        }
        let children = (stages.into_iter().enumerate())
            .map(|(i, m)| (format!("stages[{i}]."), m))
            .collect();
        Ok(Arc::new(Self {
            kind: Kind::Cascade,
            children,
        }))
    }

    /// `network` (a 2-port) terminated by `load` (a 1-port) at its port 2: a 1-port, named
    /// `network.*` and `load.*`.
    ///
    /// # Errors
    /// `Shape` if `network` is not a 2-port or `load` not a 1-port.
    pub fn terminate(
        network: Arc<dyn DynModel>,
        load: Arc<dyn DynModel>,
    ) -> pmrf::Result<Arc<dyn DynModel>> {
        ports(network.as_ref(), 2, "the network of terminate")?;
        ports(load.as_ref(), 1, "the load of terminate")?;
        Ok(Arc::new(Self {
            kind: Kind::Terminate,
            children: vec![("network.".to_owned(), network), ("load.".to_owned(), load)],
        }))
    }

    /// `network` (a 2-port) with its ports swapped, named `network.*`.
    ///
    /// # Errors
    /// `Shape` if `network` is not a 2-port.
    pub fn flip(network: Arc<dyn DynModel>) -> pmrf::Result<Arc<dyn DynModel>> {
        ports(network.as_ref(), 2, "the network of flip")?;
        Ok(Arc::new(Self {
            kind: Kind::Flip,
            children: vec![("network.".to_owned(), network)],
        }))
    }

    /// The children's S (`s[c]`, flat row-major `(nfreq, m, m)`) combined into `o`, this
    /// composite's S (flat row-major `(nfreq, n, n)`). Fixed-size matrices on the stack: no
    /// allocation per point.
    fn combine(&self, s: &[&[Complex64]], o: &mut [Complex64]) {
        let nf = o.len() / (self.nports() * self.nports());
        match self.kind {
            Kind::Cascade => {
                // Stage by stage over all points, not point by point over the stages: the
                // points are independent, so their star products (each waiting on a division)
                // overlap in the CPU instead of queueing behind one another (cascade_5
                // batches 2.3x faster). The same operations in the same order per point: the
                // same bits.
                o.copy_from_slice(&s[0][..4 * nf]);
                for m in &s[1..] {
                    for (acc, b) in o.chunks_exact_mut(4).zip(m.chunks_exact(4)) {
                        let total = star(&at2(acc, 0), &at2(b, 0));
                        acc.copy_from_slice(total.as_flattened());
                    }
                }
            }
            Kind::Terminate => {
                for k in 0..nf {
                    o[k] = terminated(&at2(s[0], k), s[1][k]);
                }
            }
            Kind::Flip => {
                for (o, m) in o.chunks_exact_mut(4).zip(s[0].chunks_exact(4)) {
                    o.copy_from_slice(&[m[3], m[2], m[1], m[0]]);
                }
            }
        }
    }

    /// The same composite over new children.
    fn with_children(&self, children: Vec<Arc<dyn DynModel>>) -> Arc<dyn DynModel> {
        let children = (self.children.iter().zip(children))
            .map(|((prefix, _), c)| (prefix.clone(), c))
            .collect();
        Arc::new(Self {
            kind: self.kind,
            children,
        })
    }
}

/// A 2x2 S matrix over `T`.
type M2<T> = [[Complex<T>; 2]; 2];

/// Child `s`'s 2x2 matrix at point `k` (`s` is `(nfreq, 2, 2)` row-major).
#[inline]
fn at2(s: &[Complex64], k: usize) -> M2<f64> {
    let m = &s[4 * k..4 * k + 4];
    [[m[0], m[1]], [m[2], m[3]]]
}

/// Child `s`'s 2x2 matrix at point `k` with column `q` of its Jacobian `j` (`(nfreq, 2, 2,
/// nq)`) as tangent: the seed of one chain-rule pass.
#[inline]
fn seeded2(s: &[Complex64], j: &[Complex64], nq: usize, k: usize, q: usize) -> M2<Dual64> {
    let d = |e: usize| {
        let (v, t) = (s[4 * k + e], j[(4 * k + e) * nq + q]);
        Complex::new(Dual64::new(v.re, t.re), Dual64::new(v.im, t.im))
    };
    [[d(0), d(1)], [d(2), d(3)]]
}

/// Column `q` of child Jacobian `j` (`(nfreq, 2, 2, nq)`) at point `k`, as a 2x2 matrix.
#[inline]
fn tangent2(j: &[Complex64], nq: usize, k: usize, q: usize) -> M2<f64> {
    let t = |e: usize| j[(4 * k + e) * nq + q];
    [[t(0), t(1)], [t(2), t(3)]]
}

/// `1 / z` with one division (`Complex::inv` takes two): the chain rule's reciprocals,
/// `1 / (1 - a22 b11)`, are of moderate size (within [0, 2] before inversion for passive stages).
#[inline]
fn recip1(z: Complex64) -> Complex64 {
    let r = 1.0 / z.norm_sqr();
    Complex64::new(z.re * r, -z.im * r)
}

/// `star(a, b)` as pmrf's star product computes it, and the reciprocal `1 / (1 - a22 b11)` it
/// takes (which [`star_da`] along `a` needs again).
#[inline]
fn star_and_recip(a: &M2<f64>, b: &M2<f64>) -> (M2<f64>, Complex64) {
    let inv = recip1(1.0 - a[1][1] * b[0][0]);
    let (a21, b12) = (a[1][0] * inv, b[0][1] * inv);
    let s11 = a[0][0] + a[0][1] * b[0][0] * a21;
    let s12 = a[0][1] * b12;
    let s21 = b[1][0] * a21;
    let s22 = b[1][1] + b[1][0] * a[1][1] * b12;
    ([[s11, s12], [s21, s22]], inv)
}

/// The tangent of `star(a, b)` along `da`, `b` held, given `inv = 1 / (1 - a22 b11)`: pmrf's
/// star product differentiated by hand (the same function as on dual numbers, without their
/// cost).
#[inline]
fn star_da(a: &M2<f64>, da: &M2<f64>, b: &M2<f64>, inv: Complex64) -> M2<f64> {
    let dinv = inv * inv * b[0][0] * da[1][1];
    let (a12, a21) = (a[0][1], a[1][0]);
    [
        [
            da[0][0] + b[0][0] * ((da[0][1] * a21 + a12 * da[1][0]) * inv + a12 * a21 * dinv),
            b[0][1] * (da[0][1] * inv + a12 * dinv),
        ],
        [
            b[1][0] * (da[1][0] * inv + a21 * dinv),
            b[1][0] * b[0][1] * inv * inv * da[1][1],
        ],
    ]
}

/// The tangent of `star(a, b)` along `db`, `a` held.
#[inline]
fn star_db(a: &M2<f64>, b: &M2<f64>, db: &M2<f64>) -> M2<f64> {
    let inv = recip1(1.0 - a[1][1] * b[0][0]);
    let dinv = inv * inv * a[1][1] * db[0][0];
    let (b12, b21) = (b[0][1], b[1][0]);
    [
        [
            a[0][1] * a[1][0] * (db[0][0] * inv + b[0][0] * dinv),
            a[0][1] * (db[0][1] * inv + b12 * dinv),
        ],
        [
            a[1][0] * (db[1][0] * inv + b21 * dinv),
            db[1][1] + a[1][1] * ((db[1][0] * b12 + b21 * db[0][1]) * inv + b21 * b12 * dinv),
        ],
    ]
}

/// `m` as dual numbers with a zero tangent.
#[inline]
fn lift(m: &M2<f64>) -> M2<Dual64> {
    m.map(|row| row.map(lift1))
}

/// `x` as a dual number with a zero tangent.
#[inline]
fn lift1(x: Complex64) -> Complex<Dual64> {
    Complex::new(Dual64::from(x.re), Dual64::from(x.im))
}

/// The input reflection of the 2-port `n` terminated by `g` at its port 2.
#[inline]
fn terminated<T: Scalar>(n: &M2<T>, g: Complex<T>) -> Complex<T> {
    // Gamma_in = S11 + S12 S21 G / (1 - S22 G).
    let one = Complex::new(T::one(), T::zero());
    n[0][0] + n[0][1] * n[1][0] * g * pmrf::cmath::recip(one - n[1][1] * g)
}

/// Grids of at least this many points are evaluated in two halves on two threads: every
/// child's S at a point depends on that point alone, so the halves give the same numbers.
/// (Shorter grids do not pay for the thread hand-over.)
const SPLIT: usize = 512;

/// The two halves of `freq` when it is worth splitting (see [`SPLIT`]).
fn halves(freq: &Frequency) -> Option<(Frequency, Frequency)> {
    if freq.len() < SPLIT || rayon::current_num_threads() < 2 {
        return None;
    }
    let (low, high) = freq.hz().split_at(freq.len() / 2);
    Some((
        Frequency::from_hz(low).ok()?,
        Frequency::from_hz(high).ok()?,
    ))
}

/// `a` followed by `b` along the frequency axis.
fn stack<D: numpy::ndarray::RemoveAxis>(
    a: &numpy::ndarray::Array<Complex64, D>,
    b: &numpy::ndarray::Array<Complex64, D>,
) -> pmrf::Result<numpy::ndarray::Array<Complex64, D>> {
    numpy::ndarray::concatenate(numpy::ndarray::Axis(0), &[a.view(), b.view()])
        .map_err(|e| Error::Shape(format!("the halves of the grid do not line up: {e}")))
}

/// `a` in standard (C) layout, as its flat row-major slice needs.
fn standard<D: numpy::ndarray::Dimension>(
    a: numpy::ndarray::Array<Complex64, D>,
) -> numpy::ndarray::Array<Complex64, D> {
    if a.is_standard_layout() {
        a
    } else {
        a.as_standard_layout().into_owned()
    }
}

/// The flat row-major data of a standard-layout array.
fn flat<D: numpy::ndarray::Dimension>(
    a: &numpy::ndarray::Array<Complex64, D>,
) -> pmrf::Result<&[Complex64]> {
    a.as_slice()
        .ok_or_else(|| Error::Shape("a child's S-parameters are not contiguous".to_owned()))
}

/// The same, mutable.
fn flat_mut<D: numpy::ndarray::Dimension>(
    a: &mut numpy::ndarray::Array<Complex64, D>,
) -> pmrf::Result<&mut [Complex64]> {
    a.as_slice_mut()
        .ok_or_else(|| Error::Shape("a fresh array is not contiguous".to_owned()))
}

impl DynModel for Composite {
    fn nports(&self) -> usize {
        match self.kind {
            Kind::Terminate => 1,
            Kind::Cascade | Kind::Flip => 2,
        }
    }

    fn nparams(&self) -> usize {
        self.children.iter().map(|(_, c)| c.nparams()).sum()
    }

    fn params(&self) -> Vec<ParamRow> {
        let mut rows = Vec::new();
        for (prefix, child) in &self.children {
            rows.extend(child.params().into_iter().map(|r| ParamRow {
                name: format!("{prefix}{}", r.name),
                tied_to: r.tied_to.map(|t| format!("{prefix}{t}")),
                ..r
            }));
        }
        rows
    }

    fn with_values(&self, values: &[f64]) -> pmrf::Result<Arc<dyn DynModel>> {
        let counts: Vec<usize> = self.children.iter().map(|(_, c)| c.nparams()).collect();
        let total: usize = counts.iter().sum();
        if values.len() != total {
            return Err(Error::ParamCount {
                expected: total,
                got: values.len(),
            });
        }
        let mut rest = values;
        let mut children = Vec::with_capacity(counts.len());
        for ((prefix, child), n) in self.children.iter().zip(counts) {
            let (mine, tail) = rest.split_at(n);
            rest = tail;
            // Errors name the parameter as the user sees it.
            children.push(child.with_values(mine).map_err(|e| prefixed(e, prefix))?);
        }
        Ok(self.with_children(children))
    }

    fn edit(&self, name: &str, edit: &Edit) -> pmrf::Result<Arc<dyn DynModel>> {
        let mut children: Vec<_> = self.children.iter().map(|(_, c)| c.clone()).collect();
        for (i, (prefix, child)) in self.children.iter().enumerate() {
            if let Some(local) = name.strip_prefix(prefix.as_str()) {
                children[i] = child.edit(local, edit).map_err(|e| prefixed(e, prefix))?;
                return Ok(self.with_children(children));
            }
        }
        Err(super::unknown(&self.params(), name))
    }

    fn sample(&self, n: usize, seed: u64) -> pmrf::Result<Array2<f64>> {
        sample_children(self.children.iter().map(|(p, c)| (p.as_str(), c)), n, seed)
    }

    fn s(&self, freq: &Frequency) -> pmrf::Result<Array3<Complex64>> {
        if let Some((low, high)) = halves(freq) {
            let (a, b) = rayon::join(|| self.s(&low), || self.s(&high));
            return stack(&a?, &b?);
        }
        let children: Vec<Array3<Complex64>> = (self.children.iter())
            .map(|(_, c)| c.s(freq).map(standard))
            .collect::<pmrf::Result<_>>()?;
        let s: Vec<&[Complex64]> = children.iter().map(flat).collect::<pmrf::Result<_>>()?;
        let n = self.nports();
        let mut out = Array3::zeros((freq.len(), n, n));
        self.combine(&s, flat_mut(&mut out)?);
        Ok(out)
    }

    fn s_member(
        &self,
        values: &[f64],
        freq: &Frequency,
        mut out: ArrayViewMut3<'_, Complex64>,
    ) -> pmrf::Result<()> {
        let total = self.nparams();
        if values.len() != total {
            return Err(Error::ParamCount {
                expected: total,
                got: values.len(),
            });
        }
        // Each child evaluated in place at its share of the values: no model is built.
        let mut rest = values;
        let mut children = Vec::with_capacity(self.children.len());
        for (prefix, child) in &self.children {
            let (mine, tail) = rest.split_at(child.nparams());
            rest = tail;
            let m = child.nports();
            let mut s = Array3::zeros((freq.len(), m, m));
            (child.s_member(mine, freq, s.view_mut())).map_err(|e| prefixed(e, prefix))?;
            children.push(s);
        }
        let s: Vec<&[Complex64]> = children.iter().map(flat).collect::<pmrf::Result<_>>()?;
        let n = self.nports();
        if out.shape() != [freq.len(), n, n] {
            return Err(Error::Shape(format!(
                "a member's S needs a ({}, {n}, {n}) slot, got {:?}",
                freq.len(),
                out.shape()
            )));
        }
        match out.as_slice_mut() {
            Some(o) => self.combine(&s, o),
            None => {
                let mut whole = Array3::zeros((freq.len(), n, n));
                self.combine(&s, flat_mut(&mut whole)?);
                out.assign(&whole);
            }
        }
        Ok(())
    }

    fn s_jacobian(&self, freq: &Frequency) -> pmrf::Result<(Array3<Complex64>, Array4<Complex64>)> {
        let (n, nf) = (self.nports(), freq.len());
        // Long grids: the children of each half on its own thread, then each half's chain rule
        // straight into its rows of one output (no halves to stack: fewer fresh pages).
        let (parts, split) = match halves(freq) {
            Some((low, high)) => {
                let (a, b) = rayon::join(|| self.parts(&low), || self.parts(&high));
                (vec![a?, b?], low.len())
            }
            None => (vec![self.parts(freq)?], nf),
        };
        let np = columns(&parts[0]);
        if parts.iter().any(|p| columns(p) != np) {
            return Err(Error::Shape(
                "the halves of the grid have different Jacobian columns".to_owned(),
            ));
        }
        let mut value = Array3::zeros((nf, n, n));
        let mut jac = Array4::zeros((nf, n, n, np));
        let (v, d) = (flat_mut(&mut value)?, flat_mut(&mut jac)?);
        let (v0, v1) = v.split_at_mut(split * n * n);
        let (d0, d1) = d.split_at_mut(split * n * n * np);
        match &parts[..] {
            [a, b] => {
                let (x, y) = rayon::join(|| self.chain(a, v0, d0), || self.chain(b, v1, d1));
                x.and(y)?;
            }
            [a] => self.chain(a, v0, d0)?,
            _ => unreachable!("one or two halves"),
        }
        if (d.iter()).any(|x| !x.re.is_finite() || !x.im.is_finite()) {
            return Err(Error::NonFiniteResult(
                "the Jacobian of the composite is not finite (a singular connection, such as a \
                 lossless resonance between its parts)"
                    .to_owned(),
            ));
        }
        Ok((value, jac))
    }
}

/// Each child's S and Jacobian over one grid, in standard layout.
type Parts = Vec<(Array3<Complex64>, Array4<Complex64>)>;

/// The Jacobian columns of children `parts` together.
fn columns(parts: &Parts) -> usize {
    parts.iter().map(|p| p.1.shape()[3]).sum()
}

impl Composite {
    /// The children's S and Jacobians over `freq`.
    fn parts(&self, freq: &Frequency) -> pmrf::Result<Parts> {
        (self.children.iter())
            .map(|(_, c)| c.s_jacobian(freq).map(|(s, j)| (standard(s), standard(j))))
            .collect()
    }

    /// This composite's S (`v`, flat `(nfreq, n, n)`) and Jacobian (`d`, flat `(nfreq, n, n,
    /// columns)`) from its children's `parts` over the same grid, by the chain rule.
    fn chain(&self, parts: &Parts, v: &mut [Complex64], d: &mut [Complex64]) -> pmrf::Result<()> {
        let s: Vec<&[Complex64]> = parts
            .iter()
            .map(|p| flat(&p.0))
            .collect::<pmrf::Result<_>>()?;
        let j: Vec<&[Complex64]> = parts
            .iter()
            .map(|p| flat(&p.1))
            .collect::<pmrf::Result<_>>()?;
        let nq: Vec<usize> = parts.iter().map(|p| p.1.shape()[3]).collect();
        let np: usize = nq.iter().sum();
        let nf = parts[0].0.shape()[0];
        // Writes the row-major tangents `t` as column `p` of the Jacobian at point `k`.
        let mut put = |k: usize, p: usize, t: &[Complex64]| {
            for (e, &x) in t.iter().enumerate() {
                d[(k * t.len() + e) * np + p] = x;
            }
        };
        match self.kind {
            Kind::Cascade => {
                // The chain rule through prefix and suffix products: with P the stages before
                // stage i and Q those after, the whole is P * (S_i * Q), whose tangent along
                // dS_i takes two linearised star products (`star_da`, `star_db`) per
                // parameter instead of a pass over all stages.
                let m = s.len();
                // Stage by stage over all points, so that independent points overlap (see
                // `combine`). `suf[(m - 1 - i) * nf + k]` is the product of stages i.. at point
                // k, `inv` the reciprocal its star product took (`star_da` of stage i needs it);
                // the prefix (stages before i) rolls along in `pre`, ending as the value.
                let mut suf: Vec<M2<f64>> = Vec::with_capacity(m * nf);
                let mut inv: Vec<Complex64> = Vec::with_capacity(m * nf);
                suf.extend((0..nf).map(|k| at2(s[m - 1], k)));
                inv.resize(nf, Complex64::new(1.0, 0.0));
                for i in (0..m - 1).rev() {
                    let next = (m - 2 - i) * nf;
                    for k in 0..nf {
                        let (x, r) = star_and_recip(&at2(s[i], k), &suf[next + k]);
                        suf.push(x);
                        inv.push(r);
                    }
                }
                let from = |i: usize| &suf[(m - 1 - i) * nf..][..nf];
                let inv_of = |i: usize| &inv[(m - 1 - i) * nf..][..nf];
                let mut pre: Vec<M2<f64>> = Vec::with_capacity(nf);
                let mut p = 0;
                for i in 0..m {
                    for q in 0..nq[i] {
                        for k in 0..nf {
                            let mut t = tangent2(j[i], nq[i], k, q);
                            if i + 1 < m {
                                t = star_da(&at2(s[i], k), &t, &from(i + 1)[k], inv_of(i)[k]);
                            }
                            // No prefix (empty `pre`) for the first stage.
                            if let Some(before) = pre.get(k) {
                                t = star_db(before, &from(i)[k], &t);
                            }
                            put(k, p, t.as_flattened());
                        }
                        p += 1;
                    }
                    if i == 0 {
                        pre.extend((0..nf).map(|k| at2(s[0], k)));
                    } else {
                        for (k, x) in pre.iter_mut().enumerate() {
                            *x = star(x, &at2(s[i], k));
                        }
                    }
                }
                for (k, total) in pre.iter().enumerate() {
                    v[4 * k..4 * k + 4].copy_from_slice(total.as_flattened());
                }
            }
            Kind::Terminate => {
                for k in 0..nf {
                    let (net, g) = (at2(s[0], k), s[1][k]);
                    v[k] = terminated(&net, g);
                    for q in 0..nq[0] {
                        let x = terminated(&seeded2(s[0], j[0], nq[0], k, q), lift1(g));
                        put(k, q, &[Complex64::new(x.re.eps, x.im.eps)]);
                    }
                    for q in 0..nq[1] {
                        let t = j[1][k * nq[1] + q];
                        let g = Complex::new(Dual64::new(g.re, t.re), Dual64::new(g.im, t.im));
                        let x = terminated(&lift(&net), g);
                        put(k, nq[0] + q, &[Complex64::new(x.re.eps, x.im.eps)]);
                    }
                }
            }
            Kind::Flip => {
                // A port swap is linear: the tangents swap as the values do.
                for k in 0..nf {
                    let m = &s[0][4 * k..4 * k + 4];
                    v[4 * k..4 * k + 4].copy_from_slice(&[m[3], m[2], m[1], m[0]]);
                    for q in 0..np {
                        let t = |e: usize| j[0][(4 * k + e) * np + q];
                        put(k, q, &[t(3), t(2), t(1), t(0)]);
                    }
                }
            }
        }
        Ok(())
    }
}

/// `n` draws of every child's parameters (`children`: prefix and model), side by side in flat
/// order, each child from its own stream ([`child_seed`](crate::batch::child_seed)); an error
/// names the parameter with its prefix.
pub(super) fn sample_children<'a>(
    children: impl Iterator<Item = (&'a str, &'a Arc<dyn DynModel>)>,
    n: usize,
    seed: u64,
) -> pmrf::Result<Array2<f64>> {
    let blocks: Vec<Array2<f64>> = (children.enumerate())
        .map(|(c, (prefix, child))| {
            (child.sample(n, crate::batch::child_seed(seed, c))).map_err(|e| prefixed(e, prefix))
        })
        .collect::<pmrf::Result<_>>()?;
    let views: Vec<_> = blocks.iter().map(|b| b.view()).collect();
    numpy::ndarray::concatenate(numpy::ndarray::Axis(1), &views)
        .map_err(|e| Error::Shape(format!("the children's samples do not line up: {e}")))
}

/// `e` with the parameter names it carries prefixed by `prefix`, so a child's error names the
/// parameter as the composite's user sees it.
pub(super) fn prefixed(e: Error, prefix: &str) -> Error {
    match e {
        Error::NonFinite { name, value } => Error::NonFinite {
            name: format!("{prefix}{name}"),
            value,
        },
        Error::OutOfBounds {
            name,
            value,
            lower,
            upper,
        } => Error::OutOfBounds {
            name: format!("{prefix}{name}"),
            value,
            lower,
            upper,
        },
        Error::InvalidBounds { name, lower, upper } => Error::InvalidBounds {
            name: format!("{prefix}{name}"),
            lower,
            upper,
        },
        Error::NotSampleable { name } => Error::NotSampleable {
            name: format!("{prefix}{name}"),
        },
        other => other,
    }
}
