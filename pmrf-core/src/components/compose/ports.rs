//! Port reorderings: [`Flipped`] 2-ports and [`Renumbered`] N-ports.

use std::marker::PhantomData;

use crate::network::{Component, Mat, domain};
use crate::{Error, Model, Result, Scalar};

/// A 2-port turned around: its port 2 becomes port 1 (`S11 <-> S22`, `S21 <-> S12`, and its
/// noise correlation matrix alike).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{Flipped, SeriesL, ShuntC};
///
/// let lowpass = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12)));
/// let flipped = Flipped::new(lowpass.clone());
/// let (s, t) = (lowpass.s_at(1e9), flipped.s_at(1e9));
/// assert_eq!((t[0][0], t[1][1], t[1][0]), (s[1][1], s[0][0], s[0][1]));
/// assert_eq!(flipped.param_names(), ["network.stages[0].l", "network.stages[1].c"]);
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct Flipped<M, T: Scalar = f64> {
    /// The 2-port, as it was.
    pub network: M,
    _scalar: PhantomData<T>,
}

impl<M: Component<2, Scalar = T>, T: Scalar> Flipped<M, T> {
    /// `network` turned around.
    pub fn new(network: M) -> Self {
        Flipped {
            network,
            _scalar: PhantomData,
        }
    }
}

impl<M: Component<2, Scalar = T>, T: Scalar> Component<2> for Flipped<M, T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, 2> {
        let [[s11, s12], [s21, s22]] = self.network.s_at(f);
        [[s22, s21], [s12, s11]]
    }

    /// The network's noise, its ports swapped like S.
    fn s_noise_at(&self, f: T, temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        let (s, c) = self.network.s_noise_at(f, temperature);
        let flip = |[[m11, m12], [m21, m22]]: Mat<T, 2>| [[m22, m21], [m12, m11]];
        (flip(s), flip(c))
    }
}

/// An N-port with its ports renumbered: new port `i` is old port `order[i]` (0-based), in S
/// and in the noise correlation matrix.
///
/// The order is checked when it runs, even where it is written in the code: an array as a
/// const generic parameter is not stable Rust, and a checked `Result` costs one `?`. To turn
/// a 2-port around, [`Flipped`] needs no check at all.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{Renumbered, SeriesL, ShuntC};
///
/// // Renumbering a 2-port as [1, 0] flips it.
/// let l = SeriesL::new(3e-9);
/// let r = Renumbered::new(Cascade::new((l, ShuntC::new(1e-12))), [1, 0])?;
/// assert_eq!(r.s_at(1e9)[1][1], Cascade::new((l, ShuntC::new(1e-12))).s_at(1e9)[0][0]);
/// assert!(Renumbered::new(l, [0, 0]).is_err()); // not a permutation
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct Renumbered<M, const N: usize, T: Scalar = f64> {
    /// The N-port, as it was numbered.
    pub network: M,
    order: [usize; N],
    _scalar: PhantomData<T>,
}

impl<M: Component<N, Scalar = T>, const N: usize, T: Scalar> Renumbered<M, N, T> {
    /// `network` with new port `i` being its port `order[i]`.
    ///
    /// # Errors
    /// [`Error::PortOutOfRange`] for a port `>= N` in `order`, [`Error::InvalidNetwork`] for a
    /// port named twice: `order` must be a permutation of `0..N`.
    pub fn new(network: M, order: [usize; N]) -> Result<Self> {
        let mut seen = [false; N];
        for &p in &order {
            if p >= N {
                return Err(Error::PortOutOfRange {
                    part: format!(
                        "network `{}` of Renumbered::new (order {order:?})",
                        crate::components::part_name::<M>()
                    ),
                    port: p,
                    ports: N,
                });
            }
            if std::mem::replace(&mut seen[p], true) {
                return Err(Error::InvalidNetwork(format!(
                    "the order {order:?} of Renumbered::new names port {p} twice; \
                     give each port 0 to {} once",
                    N.saturating_sub(1)
                )));
            }
        }
        Ok(Renumbered {
            network,
            order,
            _scalar: PhantomData,
        })
    }

    /// New port `i` is old port `order()[i]`.
    pub fn order(&self) -> [usize; N] {
        self.order
    }
}

impl<M: Component<N, Scalar = T>, const N: usize, T: Scalar> Component<N> for Renumbered<M, N, T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, N> {
        let s = self.network.s_at(f);
        std::array::from_fn(|i| std::array::from_fn(|j| s[self.order[i]][self.order[j]]))
    }

    /// The network's noise, its ports renumbered like S.
    fn s_noise_at(&self, f: T, temperature: T) -> (Mat<T, N>, Mat<T, N>) {
        let (s, c) = self.network.s_noise_at(f, temperature);
        let renumber = |m: Mat<T, N>| {
            std::array::from_fn(|i| std::array::from_fn(|j| m[self.order[i]][self.order[j]]))
        };
        (renumber(s), renumber(c))
    }
}
