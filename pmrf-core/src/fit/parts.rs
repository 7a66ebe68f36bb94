//! [`Parts`]: models whose parts were measured on their own, fitted jointly.

use crate::Scalar;
use crate::diff::{Grad, Grad4};
use crate::network::Component;
use crate::params::Model;

/// A model whose parts were measured separately, for joint fits: each [`Term`](super::Term)
/// names the part its data measure ([`Term::of`](super::Term::of)), and one set of parameters
/// serves every measurement. Fit it with [`Fit::run_parts`](super::Fit::run_parts).
///
/// Implement it generically over the scalar, like [`Component`], so that fits differentiate it;
/// a part may be a field, the whole model, or any composite built from the fields. A model
/// fitted as a whole ([`Fit::run`](super::Fit::run), [`Objective::loss`](super::Objective::loss))
/// is the joint model of one part, the unnamed one ([`Parts::unnamed`]): whole and joint fits
/// run one code path.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::ShuntC;
/// use pmrf::components::lines::DelayLine;
/// use pmrf::fit::{Fit, Objective, PartVisitor, Parts, Term};
///
/// /// A board trace between two launch pads; the pad was also measured alone.
/// #[derive(Model, Clone, Debug)]
/// struct Board<T: Scalar = f64> {
///     pad: ShuntC<T>,
///     trace: DelayLine<T>,
/// }
///
/// impl<T: Scalar> Parts<T> for Board<T> {
///     fn part<V: PartVisitor<T>>(&self, name: &str, visitor: V) -> Option<V::Output> {
///         match name {
///             "pad" => Some(visitor.visit(&self.pad)),
///             "thru" => Some(visitor.visit(&Cascade::new((
///                 self.pad,
///                 self.trace,
///                 self.pad,
///             )))),
///             _ => None,
///         }
///     }
/// }
///
/// // Synthetic measurements of the pad alone and of the whole thru.
/// let truth = Board { pad: ShuntC::new(0.3e-12), trace: DelayLine::new(60.0, 0.4e-9) };
/// let freq = Frequency::linspace(0.1, 5.0, 50, FrequencyUnit::GHz)?;
/// let pad = truth.pad.network(&freq)?;
/// let thru = Cascade::new((truth.pad, truth.trace, truth.pad)).network(&freq)?;
///
/// let start = Board { pad: ShuntC::new(0.4e-12), trace: DelayLine::new(50.0, 0.35e-9) };
/// let objective = Objective::new()
///     .term(Term::new(pad).of("pad"))
///     .term(Term::new(thru).of("thru"));
/// let fit = Fit::new(&start, objective)?.run_parts()?;
/// assert!((fit.model().pad.c / 0.3e-12 - 1.0).abs() < 1e-8);
/// assert!((fit.model().trace.z0 / 60.0 - 1.0).abs() < 1e-8);
/// # Ok::<(), pmrf::Error>(())
/// ```
pub trait Parts<T: Scalar> {
    /// `visitor` applied to the part called `name`, `None` if the model has no such part.
    fn part<V: PartVisitor<T>>(&self, name: &str, visitor: V) -> Option<V::Output>;

    /// `visitor` applied to the unnamed part: what the terms and goals that name no part
    /// ([`Term::of`](super::Term::of)) measure. `None`, the default: every term and goal of a
    /// joint fit names its part. A model fitted as a whole is the joint model whose one part
    /// is this, the model itself.
    fn unnamed<V: PartVisitor<T>>(&self, visitor: V) -> Option<V::Output> {
        let _ = visitor;
        None
    }
}

impl<T: Scalar, P: Parts<T> + ?Sized> Parts<T> for &P {
    fn part<V: PartVisitor<T>>(&self, name: &str, visitor: V) -> Option<V::Output> {
        (**self).part(name, visitor)
    }

    fn unnamed<V: PartVisitor<T>>(&self, visitor: V) -> Option<V::Output> {
        (**self).unnamed(visitor)
    }
}

/// A whole `N`-port model as a joint model of one part, the unnamed one: how
/// [`Fit::run`](super::Fit::run) and [`Objective::loss`](super::Objective::loss) share the
/// joint code path. Every term and goal that names a part is an error on it.
pub(crate) struct Whole<'a, M, const N: usize>(pub(crate) &'a M);

impl<T: Scalar, M: Component<N, Scalar = T>, const N: usize> Parts<T> for Whole<'_, M, N> {
    fn part<V: PartVisitor<T>>(&self, _: &str, _: V) -> Option<V::Output> {
        None
    }

    fn unnamed<V: PartVisitor<T>>(&self, visitor: V) -> Option<V::Output> {
        Some(visitor.visit(self.0))
    }
}

/// A joint model ([`Parts`]) over `f64` whose parts also evaluate on the dual numbers of the
/// fit's gradients ([`Grad`], [`Grad4`]): what [`Fit::run_parts`](super::Fit::run_parts)
/// needs, as [`Differentiable`](crate::diff::Differentiable) is for a whole model. Every
/// [`Parts`] implemented generically over the scalar is one (a blanket impl).
pub trait DifferentiableParts:
    Model<Scalar = f64, Rebind<Grad>: Parts<Grad>, Rebind<Grad4>: Parts<Grad4>> + Parts<f64>
{
}

impl<M> DifferentiableParts for M
where
    M: Model<Scalar = f64> + Parts<f64>,
    M::Rebind<Grad>: Parts<Grad>,
    M::Rebind<Grad4>: Parts<Grad4>,
{
}

/// What [`Parts::part`] hands a part to: code generic over the part's type and port count.
pub trait PartVisitor<T: Scalar> {
    /// What the visit returns.
    type Output;

    /// Visits `part`, an `N`-port.
    fn visit<const N: usize, C: Component<N, Scalar = T>>(self, part: &C) -> Self::Output;
}
