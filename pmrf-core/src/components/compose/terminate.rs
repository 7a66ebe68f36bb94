//! [`Terminated`]: an N-port with a 1-port load on one of its ports, an (N-1)-port.

use std::marker::PhantomData;

use num_complex::Complex;

use crate::network::{Component, MAX_PORTS, Mat, domain};
use crate::{Error, Model, Result, Scalar};

use super::noise::{block_diag, propagate};

/// An N-port `network` whose port `port` (0-based) is closed by the 1-port `load`: the remaining
/// ports, in their order, form an (N-1)-port.
///
/// With `G` the load's reflection coefficient and `p` the terminated port, every other pair of
/// ports sees `S'ij = Sij + Sip G Spj / (1 - Spp G)` (all at the same reference impedance). It is
/// exact for ideal loads (`G = 0`, `+1`, `-1`) and NaN only where `Spp G = 1`, a lossless
/// resonance between the network and its load. Parameter names are the parts' paths:
/// `network.r`, `load.c`. Defined for N = 2 to 8; N is part of the type, inferred from
/// `network`.
///
/// Its noise ([`Component::s_noise_at`]) is the network's plus the load's own noise wave, sent
/// into the terminated port, and the network's wave from that port reflected back by the load.
///
/// Where the port is known when the code is written, [`Terminated::at`] checks it when it
/// compiles and returns the composite itself; [`Terminated::new`] checks a port that is data
/// (read, computed, looped over) when it runs and returns a `Result`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesR, Terminated};
/// use pmrf::network::domain;
///
/// /// A resistor to ground: a 1-port.
/// #[derive(Model, Clone, Debug, PartialEq)]
/// struct Load<T: Scalar = f64> {
///     #[param(unit = "ohm")]
///     r: T,
/// }
/// impl<T: Scalar> Component<1> for Load<T> {
///     type Domain = domain::Z;
///     fn primary(&self, _f: T) -> Mat<T, 1> {
///         [[Complex::new(self.r, T::zero())]]
///     }
/// }
///
/// // 30 ohm in series, closed by 20 ohm to ground: port 1 sees 50 ohm, a match.
/// let matched = Terminated::at::<1>(SeriesR::new(30.0), Load { r: 20.0 });
/// assert!(matched.s_at(1e9)[0][0].norm() < 1e-15);
/// assert_eq!(matched.param_names(), ["network.r", "load.r"]);
///
/// // A port chosen at run time is checked there.
/// let port = 1;
/// assert_eq!(Terminated::new(SeriesR::new(30.0), port, Load { r: 20.0 })?, matched);
/// assert!(Terminated::new(SeriesR::new(30.0), 2, Load { r: 20.0 }).is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// A port the network does not have is a compile error of [`Terminated::at`]:
///
/// ```compile_fail,E0080
/// use pmrf::prelude::*;
/// use pmrf::components::{Open, Terminated};
///
/// // A 2-port has ports 0 and 1.
/// let closed = Terminated::at::<2>(SeriesR::new(30.0), Open::new());
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct Terminated<M, L, const N: usize, T: Scalar = f64> {
    /// The N-port.
    pub network: M,
    /// The 1-port on port `port`.
    pub load: L,
    port: usize,
    _scalar: PhantomData<T>,
}

impl<M, L, const N: usize, T: Scalar> Terminated<M, L, N, T> {
    /// `network` with its port `PORT` (0-based) closed by `load`, the port checked when the
    /// code compiles: `Terminated::at::<1>(network, load)`.
    ///
    /// A port the network does not have fails the build with a message naming it (rustc
    /// reports it where the call is instantiated, with the port and the port count).
    pub fn at<const PORT: usize>(network: M, load: L) -> Self
    where
        M: Component<N, Scalar = T>,
        L: Component<1, Scalar = T>,
    {
        const {
            assert!(
                PORT < N,
                "Terminated::at::<PORT>: port PORT is not a port of the network, \
                 an N-port with ports 0 to N - 1"
            )
        };
        Terminated {
            network,
            load,
            port: PORT,
            _scalar: PhantomData,
        }
    }

    /// `network` with its port `port` (0-based) closed by `load`, checked when it runs: for a
    /// port that is data. For a port written in the code, [`Terminated::at`] checks it when it
    /// compiles.
    ///
    /// # Errors
    /// [`Error::PortOutOfRange`] if `network` has no port `port`.
    pub fn new(network: M, port: usize, load: L) -> Result<Self>
    where
        M: Component<N, Scalar = T>,
        L: Component<1, Scalar = T>,
    {
        if port >= N {
            return Err(Error::PortOutOfRange {
                part: format!(
                    "network `{}` of Terminated::new",
                    crate::components::part_name::<M>()
                ),
                port,
                ports: N,
            });
        }
        Ok(Terminated {
            network,
            load,
            port,
            _scalar: PhantomData,
        })
    }

    /// The terminated port of `network` (0-based).
    pub fn port(&self) -> usize {
        self.port
    }
}

/// `s` with port `p` closed by reflection `g`: the `K = N - 1` remaining ports in order.
#[inline]
fn terminate<T: Scalar, const N: usize, const K: usize>(
    s: &Mat<T, N>,
    p: usize,
    g: Complex<T>,
) -> Mat<T, K> {
    const { assert!(K + 1 == N && N <= MAX_PORTS) };
    let k = g * (Complex::new(T::one(), T::zero()) - s[p][p] * g).inv();
    let old = |i: usize| if i < p { i } else { i + 1 };
    std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            let (i, j) = (old(i), old(j));
            s[i][j] + s[i][p] * k * s[p][j]
        })
    })
}

/// The noise waves leaving the `K = N - 1` remaining ports of `(s, c)` with port `p` closed by
/// a load of reflection `g` and noise `cl` (kelvin): the load's wave enters port `p`, and the
/// network's own wave from `p` comes back off the load, both through `u_i = S_ip / (1 - S_pp g)`.
#[inline]
fn terminate_noise<T: Scalar, const N: usize, const P: usize, const K: usize>(
    (s, c): (&Mat<T, N>, &Mat<T, N>),
    p: usize,
    (g, cl): (Complex<T>, Complex<T>),
) -> Mat<T, K> {
    const { assert!(K + 1 == N && P == N + 1) };
    let zero = Complex::new(T::zero(), T::zero());
    let k = (Complex::new(T::one(), T::zero()) - s[p][p] * g).inv();
    let old = |i: usize| if i < p { i } else { i + 1 };
    let t: [[Complex<T>; P]; K] = std::array::from_fn(|i| {
        let i = old(i);
        let u = s[i][p] * k;
        let mut row = [zero; P];
        row[i] = Complex::new(T::one(), T::zero());
        row[p] = u * g;
        row[N] = u;
        row
    });
    propagate(&t, &block_diag::<T, N, 1, P>(c, &[[cl]]))
}

macro_rules! terminated {
    ($($n:literal => $k:literal),+) => {$(
        // One impl per port count: kept out of "other types implement" lists in errors.
        #[diagnostic::do_not_recommend]
        impl<M, L, T> Component<$k> for Terminated<M, L, $n, T>
        where
            T: Scalar,
            M: Component<$n, Scalar = T>,
            L: Component<1, Scalar = T>,
            Self: Model<Scalar = T>,
        {
            type Domain = domain::S;
            #[inline]
            fn primary(&self, f: T) -> Mat<T, $k> {
                terminate(&self.network.s_at(f), self.port, self.load.s_at(f)[0][0])
            }

            /// The network's noise and the load's ([`Component::s_noise_at`] of each).
            fn s_noise_at(&self, f: T, temperature: T) -> (Mat<T, $k>, Mat<T, $k>) {
                let (s, c) = self.network.s_noise_at(f, temperature);
                let ([[g]], [[cl]]) = self.load.s_noise_at(f, temperature);
                let noise = terminate_noise::<T, $n, { $n + 1 }, $k>((&s, &c), self.port, (g, cl));
                (terminate(&s, self.port, g), noise)
            }
        }
    )+};
}

terminated!(2 => 1, 3 => 2, 4 => 3, 5 => 4, 6 => 5, 7 => 6, 8 => 7);
