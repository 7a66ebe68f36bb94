//! [`Cascade`]: 2-ports connected port 2 to port 1, in order.

use crate::network::Z0;
use crate::network::twoport::{
    AbcdRun, Chain, STACK_STAGES, chain_abcd, chain_forward, gathers_hints, star, thru,
};
use crate::network::{Component, Mat, domain, noise};
use crate::{Model, Scalar};

use super::noise::star_noise;

/// A chain of 2-ports: port 2 of each stage drives port 1 of the next.
///
/// `stages` is a tuple of heterogeneous 2-ports (up to 12), a `Vec` or an array of one type.
/// Parameter names follow the position: `stages[1].c`. Consecutive stages with a closed-form
/// ABCD matrix ([`Component::abcd_hint`]: ideal R, L, C in series or shunt, lossless lines)
/// are multiplied as ABCD matrices, the fast path; the others, and the runs between them,
/// combine by the S-parameter (Redheffer) star product, which stays exact at DC and for
/// stages that block transmission (a series C at DC, a shunt L at DC, an open). Where a run of
/// ABCD matrices is too ill-conditioned to agree with the star product to about `1e-13`, the
/// whole point is chained by the star product ([`Chain`]). Gradients on vector duals
/// ([`DualN`](crate::DualN)) differentiate the ABCD run by the adjoint rule, as a hand-written
/// gradient would: each stage costs a few complex products per parameter it depends on.
///
/// Its noise ([`Component::s_noise_at`]) joins the stages' `(S, C)` pairs by the star product
/// (each stage's noise waves carried to the chain's ports, [`Stages::chain_s_noise`]), so
/// amplifiers and parts at their own temperature ([`AtTemperature`](super::AtTemperature))
/// count, and Friis' formula holds for matched stages.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
///
/// let lowpass = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesL::new(3e-9)));
/// assert_eq!(lowpass.param_names(), ["stages[0].l", "stages[1].c", "stages[2].l"]);
/// let s = lowpass.s(&Frequency::linspace(0.1, 10.0, 41, FrequencyUnit::GHz)?);
/// assert_eq!(s.shape(), [41, 2, 2]);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct Cascade<S, T: Scalar = f64> {
    /// The stages, in signal order.
    pub stages: S,
    _scalar: std::marker::PhantomData<T>,
}

impl<S: Stages<T>, T: Scalar> Cascade<S, T> {
    /// A cascade of `stages` (a tuple, `Vec` or array of 2-ports).
    pub fn new(stages: S) -> Self {
        Cascade {
            stages,
            _scalar: std::marker::PhantomData,
        }
    }
}

/// A sequence of 2-port stages that can be cascaded.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a sequence of 2-port stages",
    label = "every stage of a cascade must be a 2-port component",
    note = "stages are a tuple, `Vec` or array of types implementing `Component<2>` with the same scalar"
)]
pub trait Stages<T: Scalar>: Model<Scalar = T> {
    /// S-parameters of the whole chain at `f` (Hz): ABCD runs where they are accurate, the star
    /// product elsewhere ([`Chain`]).
    fn chain_s(&self, f: T) -> Mat<T, 2>;

    /// S-parameters of the whole chain at `f` (Hz) by the star product of the stages'
    /// S-parameters alone: the reference the fast path is checked against. Tuples, `Vec`s
    /// and arrays implement it; the default (for sequences of your own) is
    /// [`chain_s`](Stages::chain_s).
    fn chain_s_star(&self, f: T) -> Mat<T, 2> {
        self.chain_s(f)
    }

    /// S-parameters of the whole chain at `f` (Hz), ABCD runs joined per junction by the star
    /// product ([`Chain`]): the slow path of [`chain_s`](Stages::chain_s) where some stage has
    /// no ABCD hint or the whole product is ill-conditioned.
    fn chain_mixed(&self, f: T) -> Mat<T, 2> {
        self.chain_s_star(f)
    }

    /// S-parameters and noise correlation matrix (kelvin) of the whole chain at `f` (Hz), the
    /// passive parts at `temperature` (K): the stages' [`Component::s_noise_at`] joined by
    /// the star product of `(S, C)` pairs, so active stages and stages at other temperatures
    /// count. Tuples, `Vec`s and arrays implement it; the default (for sequences of your own)
    /// is Bosma's theorem on [`chain_s`](Stages::chain_s), right for passive stages at
    /// `temperature` only.
    fn chain_s_noise(&self, f: T, temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        let s = self.chain_s(f);
        (s, noise::bosma(&s, temperature))
    }
}

macro_rules! tuple_stages {
    ($first:ident 0 $(, $name:ident $idx:tt)*) => {
        impl<T: Scalar, $first: Component<2, Scalar = T> $(, $name: Component<2, Scalar = T>)*>
            Stages<T> for ($first, $($name,)*)
        {
            /// The fast path, small enough to inline into the frequency loop: every stage
            /// has an ABCD hint and their product is well-conditioned. Elsewhere the cold
            /// per-junction chain.
            #[inline]
            fn chain_s(&self, f: T) -> Mat<T, 2> {
                if gathers_hints::<T>() {
                    let hints = [self.0.abcd_hint(f) $(, self.$idx.abcd_hint(f))*];
                    return chain_abcd(&hints, Z0).unwrap_or_else(|| self.chain_mixed(f));
                }
                // Stage by stage, each hint consumed as it comes.
                let Some(m) = self.0.abcd_hint(f) else {
                    return self.chain_mixed(f);
                };
                let run = AbcdRun::new(&m, Z0);
                $(
                    let Some(m) = self.$idx.abcd_hint(f) else {
                        return self.chain_mixed(f);
                    };
                    let run = run.then(&m, Z0);
                )*
                run.s().unwrap_or_else(|| self.chain_mixed(f))
            }

            #[cold]
            #[inline(never)]
            fn chain_mixed(&self, f: T) -> Mat<T, 2> {
                let mut chain = Chain::new();
                chain.push(&self.0, f);
                $(chain.push(&self.$idx, f);)*
                match chain.s() {
                    Some(s) => s,
                    None => self.chain_s_star(f),
                }
            }

            fn chain_s_star(&self, f: T) -> Mat<T, 2> {
                let s = self.0.s_at(f);
                $(let s = star(&s, &self.$idx.s_at(f));)*
                s
            }

            #[inline]
            fn chain_s_noise(&self, f: T, temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
                let sc = self.0.s_noise_at(f, temperature);
                $(let sc = star_noise(sc, self.$idx.s_noise_at(f, temperature));)*
                sc
            }
        }
    };
}

tuple_stages!(M0 0);
tuple_stages!(M0 0, M1 1);
tuple_stages!(M0 0, M1 1, M2 2);
tuple_stages!(M0 0, M1 1, M2 2, M3 3);
tuple_stages!(M0 0, M1 1, M2 2, M3 3, M4 4);
tuple_stages!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5);
tuple_stages!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6);
tuple_stages!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7);
tuple_stages!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7, M8 8);
tuple_stages!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7, M8 8, M9 9);
tuple_stages!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7, M8 8, M9 9, M10 10);
tuple_stages!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7, M8 8, M9 9, M10 10, M11 11);

/// An empty `Vec` is an ideal thru.
impl<T: Scalar, M: Component<2, Scalar = T>> Stages<T> for Vec<M> {
    fn chain_s(&self, f: T) -> Mat<T, 2> {
        chain_slice(self, f)
    }
    fn chain_s_star(&self, f: T) -> Mat<T, 2> {
        (self.iter()).fold(thru(), |s, stage| star(&s, &stage.s_at(f)))
    }
    fn chain_s_noise(&self, f: T, temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        chain_slice_noise(self, f, temperature)
    }
}

impl<T: Scalar, M: Component<2, Scalar = T>, const N: usize> Stages<T> for [M; N] {
    fn chain_s(&self, f: T) -> Mat<T, 2> {
        chain_slice(self, f)
    }
    fn chain_s_star(&self, f: T) -> Mat<T, 2> {
        (self.iter()).fold(thru(), |s, stage| star(&s, &stage.s_at(f)))
    }
    fn chain_s_noise(&self, f: T, temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        chain_slice_noise(self, f, temperature)
    }
}

/// The chain of a slice of stages: their ABCD product where every stage has a hint and it is
/// well-conditioned, else the per-junction [`Chain`], else the star product.
fn chain_slice<T: Scalar, M: Component<2, Scalar = T>>(stages: &[M], f: T) -> Mat<T, 2> {
    let fast = if gathers_hints::<T>() && stages.len() <= STACK_STAGES {
        let mut hints = [None; STACK_STAGES];
        for (hint, stage) in hints.iter_mut().zip(stages) {
            *hint = stage.abcd_hint(f);
        }
        chain_abcd(&hints[..stages.len()], Z0)
    } else {
        chain_forward(stages.iter().map(|stage| stage.abcd_hint(f)), Z0)
    };
    fast.unwrap_or_else(|| chain_slice_mixed(stages, f))
}

/// The noisy chain of a slice of stages: the star product of their `(S, C)` pairs, an ideal
/// noiseless thru for none.
fn chain_slice_noise<T: Scalar, M: Component<2, Scalar = T>>(
    stages: &[M],
    f: T,
    temperature: T,
) -> (Mat<T, 2>, Mat<T, 2>) {
    let zero = num_complex::Complex::new(T::zero(), T::zero());
    let quiet = (thru(), [[zero; 2]; 2]);
    (stages.iter()).fold(quiet, |sc, stage| {
        star_noise(sc, stage.s_noise_at(f, temperature))
    })
}

/// The per-junction chain of a slice of stages, the star product where it declines.
#[cold]
#[inline(never)]
fn chain_slice_mixed<T: Scalar, M: Component<2, Scalar = T>>(stages: &[M], f: T) -> Mat<T, 2> {
    let mut chain = Chain::new();
    for stage in stages {
        chain.push(stage, f);
    }
    match chain.s() {
        Some(s) => s,
        None => (stages.iter()).fold(thru(), |s, stage| star(&s, &stage.s_at(f))),
    }
}

impl<S: Stages<T>, T: Scalar> Component<2> for Cascade<S, T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, 2> {
        self.stages.chain_s(f)
    }

    /// The stages' noise joined along the chain ([`Stages::chain_s_noise`]).
    #[inline]
    fn s_noise_at(&self, f: T, temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        self.stages.chain_s_noise(f, temperature)
    }
}
