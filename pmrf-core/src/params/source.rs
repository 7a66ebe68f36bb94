//! [`AsParams`]: where gradients, batches and samplers read parameter state from.

use std::borrow::Cow;

use super::{Model, Params};
use crate::Result;

/// A source of parameter state: a model (its declared `#[param]` metadata) or a [`Params`]
/// table (per-instance state: fixed, bounds, priors, ties, values).
///
/// Every consumer of parameters takes one, so what you pass is exactly what you get: pass the
/// model for its declarations, pass `model.params()?` changed by `fix`, `set_bounds`, `tie`...
/// for those changes.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesR, ShuntC};
///
/// let rc = Cascade::new((SeriesR::new(5.0), ShuntC::new(1e-12)));
/// let f = |m: &Cascade<(SeriesR<Grad>, ShuntC<Grad>), Grad>| {
///     m.s_at(Grad::from(1e9))[1][0].norm_sqr()
/// };
/// assert_eq!(gradient(&rc, &Filter::Free, f)?.len(), 2); // declared: both free
/// let mut params = rc.params()?;
/// params.fix("stages[0].r")?;
/// assert_eq!(gradient(&params, &Filter::Free, f)?.len(), 1); // the table: r fixed
/// # Ok::<(), pmrf::Error>(())
/// ```
pub trait AsParams {
    /// The model the parameters belong to.
    type Model: Model<Scalar = f64>;

    /// The parameter table: the model's declared one (values checked) or the table itself.
    fn as_params(&self) -> Result<Cow<'_, Params<Self::Model>>>;
}

impl<M: Model<Scalar = f64>> AsParams for M {
    type Model = M;

    fn as_params(&self) -> Result<Cow<'_, Params<M>>> {
        self.params().map(Cow::Owned)
    }
}

impl<M: Model<Scalar = f64>> AsParams for Params<M> {
    type Model = M;

    fn as_params(&self) -> Result<Cow<'_, Params<M>>> {
        Ok(Cow::Borrowed(self))
    }
}
