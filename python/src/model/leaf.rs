//! [`Leaf`]: any pmrf component as a [`DynModel`], with its per-instance parameter table.

use std::convert::Infallible;
use std::sync::Arc;

use numpy::Complex64;
use numpy::ndarray::{Array2, Array3, Array4, ArrayViewMut3};
use pmrf::batch::Batch;
use pmrf::diff::{Differentiable, FEW_LANES, LANES};
use pmrf::params::{Filter, Params};
use pmrf::{Component, DualN, Frequency, Model};

use super::{DynModel, Edit, ParamRow};

/// What a [`Leaf`] needs of its part: pmrf's [`Differentiable`] and, for the one and two
/// free parameters most parts have, the one- and two-lane duals (a Jacobian costs work per
/// lane, used or not: a one-parameter part on one lane runs about 3x faster than on pmrf's
/// four). Every `#[derive(Model)]` part generic over its scalar has it (blanket impl).
pub trait LeafPart<const N: usize>:
    Differentiable<N>
    + Model<
        Rebind<DualN<1>>: Component<N, Scalar = DualN<1>>,
        Rebind<DualN<2>>: Component<N, Scalar = DualN<2>>,
    >
{
}

impl<M, const N: usize> LeafPart<N> for M
where
    M: Differentiable<N>,
    M::Rebind<DualN<1>>: Component<N, Scalar = DualN<1>>,
    M::Rebind<DualN<2>>: Component<N, Scalar = DualN<2>>,
{
}

/// A pmrf `N`-port component `M` behind [`DynModel`]: the seam through which any
/// `#[derive(Model)]` part, the catalogue's or a user crate's, reaches Python.
///
/// It holds the part's [`Params`] table, so fixes, bounds, priors and ties per instance go
/// through pmrf's own checked API, and differentiates the part exactly on pmrf's dual numbers
/// ([`pmrf::diff::jacobian`]).
///
/// ```
/// use pmrf::components::SeriesC;
/// use pmrf_rs::model::{DynModel, Leaf};
///
/// let c = Leaf::<_, 2>::new(SeriesC::new(2.2e-12))?.into_dyn();
/// assert_eq!((c.nports(), c.params()[0].name.as_str()), (2, "c"));
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone)]
pub struct Leaf<M, const N: usize> {
    params: Params<M>,
}

impl<M, const N: usize> Leaf<M, N>
where
    M: LeafPart<N> + Clone + Send + Sync + 'static,
{
    /// The part with its declared metadata, its values checked against their bounds.
    ///
    /// # Errors
    /// `NonFinite` or `OutOfBounds` for the first value that is NaN or outside its bounds.
    pub fn new(model: M) -> pmrf::Result<Self> {
        Ok(Self::from_params(Params::of(&model)?))
    }

    /// The part of a table already set up (fixes, bounds, priors, ties).
    pub fn from_params(params: Params<M>) -> Self {
        Self { params }
    }

    /// The table.
    pub fn params(&self) -> &Params<M> {
        &self.params
    }

    /// As the trait object Python holds.
    pub fn into_dyn(self) -> Arc<dyn DynModel> {
        Arc::new(self)
    }
}

impl<M, const N: usize> DynModel for Leaf<M, N>
where
    M: LeafPart<N> + Clone + Send + Sync + 'static,
{
    fn nports(&self) -> usize {
        N
    }

    fn nparams(&self) -> usize {
        self.params.len()
    }

    fn params(&self) -> Vec<ParamRow> {
        let entries: Vec<_> = self.params.iter().collect();
        (entries.iter())
            .map(|p| ParamRow {
                name: p.name().to_owned(),
                value: p.value(),
                unit: p.meta().unit().to_owned(),
                scale: p.meta().scale(),
                bounds: p.meta().bounds(),
                fixed: p.meta().is_fixed(),
                free: p.is_free(),
                prior: p.meta().prior().map(ToString::to_string),
                tied_to: p.tied_to().map(|i| entries[i].name().to_owned()),
                tie_map: p.tie_map(),
            })
            .collect()
    }

    fn with_values(&self, values: &[f64]) -> pmrf::Result<Arc<dyn DynModel>> {
        Ok(Self::from_params(self.params.with_values(values)?).into_dyn())
    }

    fn edit(&self, name: &str, edit: &Edit) -> pmrf::Result<Arc<dyn DynModel>> {
        let table = self.params.clone();
        let table = match edit {
            Edit::Fix => table.fixed(name)?,
            Edit::Free => table.freed(name)?,
            Edit::Bounds(lo, hi) => table.bounded(name, *lo..=*hi)?,
            Edit::Prior(prior) => table.with_prior(name, *prior)?,
        };
        Ok(Self::from_params(table).into_dyn())
    }

    fn s(&self, freq: &Frequency) -> pmrf::Result<Array3<Complex64>> {
        Ok(self.params.model().s(freq))
    }

    fn sample(&self, n: usize, seed: u64) -> pmrf::Result<Array2<f64>> {
        Ok(Batch::sample(&self.params, &Filter::Free, n, seed)?
            .values()
            .to_owned())
    }

    fn s_member(
        &self,
        values: &[f64],
        freq: &Frequency,
        out: ArrayViewMut3<'_, Complex64>,
    ) -> pmrf::Result<()> {
        // The part itself, loaded with the values: no table, no allocation.
        self.params.check_values(values)?;
        let mut model = self.params.model().clone();
        let mut values = values.iter();
        model.visit_params_mut(&mut |x| {
            if let Some(v) = values.next() {
                *x = *v;
            }
        });
        model.s_into(freq, out)
    }

    fn s_jacobian(&self, freq: &Frequency) -> pmrf::Result<(Array3<Complex64>, Array4<Complex64>)> {
        let s = self.s(freq)?;
        let partition = self.params.partition(&Filter::Free)?;
        let free = partition.indices();
        let mut jac = Array4::zeros((freq.len(), N, N, free.len()));
        let out = (jac.as_slice_mut())
            .ok_or_else(|| pmrf::Error::Shape("a fresh array is not contiguous".to_owned()))?;
        // The narrowest dual that holds every free parameter: each lane costs work, used or
        // not, and most parts have one to three parameters.
        if free.is_empty() {
            return Ok((s, jac));
        }
        if free.len() == 1 {
            fill::<M, N, 1>(partition.all(), free, 0, freq.hz(), out)?;
        } else if free.len() == 2 {
            fill::<M, N, 2>(partition.all(), free, 0, freq.hz(), out)?;
        } else if free.len() <= FEW_LANES {
            fill::<M, N, FEW_LANES>(partition.all(), free, 0, freq.hz(), out)?;
        } else {
            for first in (0..free.len()).step_by(LANES) {
                fill::<M, N, LANES>(partition.all(), free, first, freq.hz(), out)?;
            }
        }
        Ok((s, jac))
    }
}

/// Writes the columns `first..first + W` (of the free parameters `free`, indices into
/// `params`) of the part's Jacobian over `hz` into `out`, flat `(nfreq, N, N, free.len())`:
/// one pass on `DualN<W>`, straight into place (no intermediate outputs). A tied parameter
/// moves with the one its tie chain ends at, by the chain's slope, as in pmrf's
/// [`jacobian`](pmrf::diff::jacobian).
///
/// # Errors
/// `NonFiniteResult` naming the parameter whose derivative is not finite.
fn fill<M, const N: usize, const W: usize>(
    params: &Params<M>,
    free: &[usize],
    first: usize,
    hz: &[f64],
    out: &mut [Complex64],
) -> pmrf::Result<()>
where
    M: Model<Scalar = f64>,
    M::Rebind<DualN<W>>: Component<N, Scalar = DualN<W>>,
{
    let lanes = &free[first..(first + W).min(free.len())];
    let mut i = 0;
    let Ok(model) = (params.model()).try_map_params::<DualN<W>, Infallible, _>(&mut |x| {
        let mut dual = DualN::constant(x);
        let (root, slope) = params.tie_root(i);
        i += 1;
        for (lane, &s) in lanes.iter().enumerate() {
            if root == s {
                dual.eps[lane] = slope;
            }
        }
        Ok(dual)
    });
    let nfree = free.len();
    for (k, &f) in hz.iter().enumerate() {
        let m = model.s_at(DualN::from(f));
        for (e, x) in m.as_flattened().iter().enumerate() {
            let slot = &mut out[(k * N * N + e) * nfree + first..][..lanes.len()];
            for (l, o) in slot.iter_mut().enumerate() {
                *o = Complex64::new(x.re.eps[l], x.im.eps[l]);
                if !(o.re.is_finite() && o.im.is_finite()) {
                    return Err(not_finite(params, lanes[l], *o));
                }
            }
        }
    }
    Ok(())
}

/// The error for a derivative `d` by parameter `p` (an index into `params`) that is not
/// finite, worded as pmrf's.
fn not_finite<M: Model<Scalar = f64>>(params: &Params<M>, p: usize, d: Complex64) -> pmrf::Error {
    let part = if d.re.is_finite() { d.im } else { d.re };
    let name = params.iter().nth(p).map_or("?", |r| r.name());
    pmrf::Error::NonFiniteResult(format!(
        "the function's derivative with respect to `{name}` is {part} (a singular circuit, or \
         a representation that does not exist at these values, such as Y of an open)"
    ))
}

#[cfg(test)]
mod tests {
    use pmrf::components::{Cascade, SeriesC, SeriesRlc, ShuntC};
    use pmrf::diff::{Grad, jacobian};
    use pmrf::params::TieMap;
    use pmrf::{Frequency, FrequencyUnit};

    use super::*;

    /// `Leaf::s_jacobian` against pmrf's own `jacobian` (one output per re / im of every S
    /// entry at every point): equal to the last bits, ties included.
    fn check<M: LeafPart<2> + Clone + Send + Sync + 'static>(params: Params<M>) {
        let freq = Frequency::linspace(0.1, 5.0, 37, FrequencyUnit::GHz).unwrap();
        let want = jacobian(&params, &Filter::Free, |m| {
            let mut out = Vec::new();
            for &f in freq.hz() {
                for row in m.s_at(Grad::from(f)) {
                    for x in row {
                        out.extend([x.re, x.im]);
                    }
                }
            }
            out
        })
        .unwrap();
        let (_, jac) = Leaf::<_, 2>::from_params(params).s_jacobian(&freq).unwrap();
        assert_eq!(jac.shape()[3], want.ncols());
        for ((k, a, b, p), x) in jac.indexed_iter() {
            let row = ((k * 2 + a) * 2 + b) * 2;
            let (re, im) = (want[[row, p]], want[[row + 1, p]]);
            assert!(
                (x.re - re).abs() <= 1e-12 * re.abs().max(1e-300),
                "{k} {a} {b} {p}"
            );
            assert!(
                (x.im - im).abs() <= 1e-12 * im.abs().max(1e-300),
                "{k} {a} {b} {p}"
            );
        }
    }

    #[test]
    fn jacobian_matches_pmrfs_with_ties_and_fixed_parameters() {
        let chain = Cascade::new((SeriesC::new(1e-12), ShuntC::new(2e-12), SeriesC::new(2e-12)));
        let mut params = chain.params().unwrap();
        params
            .tie_with("stages[2].c", "stages[0].c", TieMap::scaled(2.0).unwrap())
            .unwrap();
        check(params.clone());
        check(params.fixed("stages[1].c").unwrap());
        // Three free parameters of one part (FEW_LANES), and more than FEW_LANES in a chain.
        check(SeriesRlc::new(5.0, 2e-9, 3e-12).params().unwrap());
        let five = Cascade::new((
            SeriesRlc::new(5.0, 2e-9, 3e-12),
            ShuntC::new(1e-12),
            SeriesRlc::new(2.0, 1e-9, 1e-12),
        ));
        check(five.params().unwrap());
    }
}
