//! [`Composite`]: models built from models (cascade, terminate, flip), with exact Jacobians.
//!
//! A composite's S is a function of its children's S at each frequency (pmrf's star product,
//! the termination formula, a port swap), written once, generic over the scalar. Its
//! Jacobian is that same function on dual numbers: one pass per free parameter, the
//! children's S carrying as derivative part the column of the child that parameter is in
//! (the chain rule, exact). Parameter names are prefixed as pmrf's composites name them
//! (`stages[0].c`, `network.l`, `load.r`).

use std::sync::Arc;

use numpy::Complex64;
use numpy::ndarray::{Array3, Array4};
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

/// The combination of the children's S matrices at one point (`s[c]` is child `c`'s, a
/// 2x2 or 1x1 matrix row-major), over any scalar.
fn combine<T: Scalar>(kind: Kind, s: &[Vec<Complex<T>>]) -> Vec<Complex<T>> {
    let mat = |m: &[Complex<T>]| [[m[0], m[1]], [m[2], m[3]]];
    match kind {
        Kind::Cascade => {
            let total = (s[1..].iter()).fold(mat(&s[0]), |acc, m| star(&acc, &mat(m)));
            total.into_iter().flatten().collect()
        }
        Kind::Terminate => {
            // Gamma_in = S11 + S12 S21 G / (1 - S22 G).
            let (n, g) = (&s[0], s[1][0]);
            let one = Complex::new(T::one(), T::zero());
            vec![n[0] + n[1] * n[2] * g * pmrf::cmath::recip(one - n[3] * g)]
        }
        Kind::Flip => vec![s[0][3], s[0][2], s[0][1], s[0][0]],
    }
}

impl DynModel for Composite {
    fn nports(&self) -> usize {
        match self.kind {
            Kind::Terminate => 1,
            Kind::Cascade | Kind::Flip => 2,
        }
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
        let counts: Vec<usize> = self
            .children
            .iter()
            .map(|(_, c)| c.params().len())
            .collect();
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

    fn s(&self, freq: &Frequency) -> pmrf::Result<Array3<Complex64>> {
        let s: Vec<Array3<Complex64>> = (self.children.iter())
            .map(|(_, c)| c.s(freq))
            .collect::<pmrf::Result<_>>()?;
        let n = self.nports();
        let mut out = Array3::zeros((freq.len(), n, n));
        for k in 0..freq.len() {
            let at: Vec<_> = s.iter().map(|m| point(m, k)).collect();
            put(&mut out, k, &combine(self.kind, &at));
        }
        Ok(out)
    }

    fn s_jacobian(&self, freq: &Frequency) -> pmrf::Result<(Array3<Complex64>, Array4<Complex64>)> {
        let parts: Vec<(Array3<Complex64>, Array4<Complex64>)> = (self.children.iter())
            .map(|(_, c)| c.s_jacobian(freq))
            .collect::<pmrf::Result<_>>()?;
        // Column p of the whole is column q of child `owner`.
        let columns: Vec<(usize, usize)> = (parts.iter().enumerate())
            .flat_map(|(c, (_, j))| (0..j.shape()[3]).map(move |q| (c, q)))
            .collect();
        let n = self.nports();
        let mut s = Array3::zeros((freq.len(), n, n));
        let mut jac = Array4::zeros((freq.len(), n, n, columns.len()));
        for k in 0..freq.len() {
            let values: Vec<_> = parts.iter().map(|(s, _)| point(s, k)).collect();
            put(&mut s, k, &combine(self.kind, &values));
            for (p, &(owner, q)) in columns.iter().enumerate() {
                // Every child's S at this point, the owner's with its column q as tangent.
                let seeded: Vec<Vec<Complex<Dual64>>> = (parts.iter().enumerate())
                    .map(|(c, (s, j))| {
                        let m = s.shape()[1];
                        (0..m * m)
                            .map(|e| {
                                let (a, b) = (e / m, e % m);
                                let v = s[[k, a, b]];
                                let t = if c == owner {
                                    j[[k, a, b, q]]
                                } else {
                                    Complex64::new(0.0, 0.0)
                                };
                                Complex::new(Dual64::new(v.re, t.re), Dual64::new(v.im, t.im))
                            })
                            .collect()
                    })
                    .collect();
                let d = combine(self.kind, &seeded);
                for (e, x) in d.into_iter().enumerate() {
                    jac[[k, e / n, e % n, p]] = Complex64::new(x.re.eps, x.im.eps);
                }
            }
        }
        if jac.iter().any(|x| !x.re.is_finite() || !x.im.is_finite()) {
            return Err(Error::NonFiniteResult(
                "the Jacobian of the composite is not finite (a singular connection, such as a \
                 lossless resonance between its parts)"
                    .to_owned(),
            ));
        }
        Ok((s, jac))
    }
}

/// The matrix of `s` at point `k`, row-major.
fn point(s: &Array3<Complex64>, k: usize) -> Vec<Complex64> {
    s.slice(numpy::ndarray::s![k, .., ..])
        .iter()
        .copied()
        .collect()
}

/// Writes the row-major matrix `m` at point `k` of `out`.
fn put(out: &mut Array3<Complex64>, k: usize, m: &[Complex64]) {
    let point = out.slice_mut(numpy::ndarray::s![k, .., ..]);
    for (x, &v) in point.into_iter().zip(m) {
        *x = v;
    }
}

/// `e` with the parameter names it carries prefixed by `prefix`, so a child's error names the
/// parameter as the composite's user sees it.
fn prefixed(e: Error, prefix: &str) -> Error {
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
        other => other,
    }
}
