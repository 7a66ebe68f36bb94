//! [`Leaf`]: any pmrf component as a [`DynModel`], with its per-instance parameter table.

use std::sync::Arc;

use numpy::Complex64;
use numpy::ndarray::{Array2, Array3, Array4, ArrayViewMut3};
use pmrf::batch::Batch;
use pmrf::diff::{Differentiable, FEW_LANES, LANES, jacobian_lanes};
use pmrf::params::{Filter, Params};
use pmrf::{Component, DualN, Frequency, Model};

use super::{DynModel, Edit, ParamRow};

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
    M: Differentiable<N> + Clone + Send + Sync + 'static,
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
    M: Differentiable<N> + Clone + Send + Sync + 'static,
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
        let hz = freq.hz();
        let nfree = self.params.partition(&Filter::Free)?.len();
        if nfree == 0 {
            return Ok((s, Array4::zeros((hz.len(), N, N, 0))));
        }
        // The narrowest dual that holds every free parameter: each lane costs work, used or
        // not, and most parts have one to three parameters.
        let j = if nfree <= FEW_LANES {
            jacobian_rows::<M, N, FEW_LANES>(&self.params, hz)?
        } else {
            jacobian_rows::<M, N, LANES>(&self.params, hz)?
        };
        let jac = Array4::from_shape_fn((hz.len(), N, N, nfree), |(k, a, b, p)| {
            let row = ((k * N + a) * N + b) * 2;
            Complex64::new(j[[row, p]], j[[row + 1, p]])
        });
        Ok((s, jac))
    }
}

/// The Jacobian of the part's S over `hz` by its free parameters on `DualN<W>`: one row per
/// real and imaginary part of every S entry at every point (point, row, column, re/im order).
fn jacobian_rows<M, const N: usize, const W: usize>(
    params: &Params<M>,
    hz: &[f64],
) -> pmrf::Result<Array2<f64>>
where
    M: Model<Scalar = f64>,
    M::Rebind<DualN<W>>: Component<N, Scalar = DualN<W>>,
{
    jacobian_lanes::<W, _>(params, &Filter::Free, |m| {
        let mut out = Vec::with_capacity(hz.len() * N * N * 2);
        for &f in hz {
            for row in m.s_at(DualN::from(f)) {
                for x in row {
                    out.extend([x.re, x.im]);
                }
            }
        }
        out
    })
}
