//! [`Connected`]: two networks joined port to port (scikit-rf's `connect`).

use std::marker::PhantomData;

use num_complex::Complex;

use crate::network::{Component, MAX_PORTS, Mat, domain};
use crate::{Error, Model, Result, Scalar};

use super::noise::{block_diag, propagate};

/// Port `port_a` of the N-port `a` joined to port `port_b` of the M-port `b` (the port counts
/// are part of the type, inferred from `a` and `b`): an (N + M - 2)-port.
///
/// Where the ports are known when the code is written, [`Connected::at`] checks them when it
/// compiles and returns the composite itself; [`Connected::new`] checks ports that are data
/// (read, computed, looped over) when it runs and returns a `Result`.
///
/// Its ports are numbered as scikit-rf's `connect` numbers them: those of `a` without
/// `port_a`, then those of `b` without `port_b`, each in order; except that when `b` is a
/// 2-port and `a` has more than two ports, `b`'s other port takes the place of `port_a`, so
/// that extending one arm of a junction keeps the numbering of the others.
///
/// With `k` the joined port of `a` and `l` that of `b`, `d = 1 / (1 - a_kk b_ll)`:
/// `S'ij = Sij + (S_kj S_il + S_lj S_ik + S_kj b_ll S_ik + S_lj a_kk S_il) d` over the block
/// diagonal `S = diag(a, b)` (the sub-network connection of Compton's "Perspectives on
/// Microwave Circuit Analysis", as scikit-rf's `innerconnect`), all at one reference impedance.
/// Exact for ideal opens and shorts; NaN only where `a_kk b_ll = 1`, a lossless resonance
/// across the joint. Parameter names are `a.*` and `b.*`. Defined for N, M = 1 to 4 with
/// N + M > 2.
///
/// Its noise ([`Component::s_noise_at`]) is both networks' noise waves carried to the remaining
/// ports through the joint (Hillbrand and Russer's connection of noisy networks), so active or
/// differently heated parts count.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{Connected, SeriesL, ShuntC};
///
/// // Two 2-ports joined port 2 to port 1 are a cascade.
/// let (l, c) = (SeriesL::new(3e-9), ShuntC::new(2e-12));
/// let joined = Connected::at::<1, 0>(l, c);
/// let chain = Cascade::new((l, c));
/// let (a, b) = (joined.s_at(1e9), chain.s_at(1e9));
/// assert!((a[1][0] - b[1][0]).norm() < 1e-15 && (a[0][0] - b[0][0]).norm() < 1e-15);
/// assert_eq!(joined.param_names(), ["a.l", "b.c"]);
///
/// // Ports chosen at run time are checked there.
/// for port in 0..2 {
///     assert_eq!(Connected::new(l, port, c, 0)?.ports(), (port, 0));
/// }
/// assert!(Connected::new(l, 2, c, 0).is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// A port a network does not have is a compile error of [`Connected::at`]:
///
/// ```compile_fail,E0080
/// use pmrf::prelude::*;
/// use pmrf::components::Connected;
///
/// // A 2-port has ports 0 and 1.
/// let joined = Connected::at::<2, 0>(SeriesL::new(3e-9), ShuntC::new(2e-12));
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct Connected<A, B, const N: usize, const M: usize, T: Scalar = f64> {
    /// The first network.
    pub a: A,
    /// The second network.
    pub b: B,
    ports: (usize, usize),
    _scalar: PhantomData<T>,
}

impl<A, B, const N: usize, const M: usize, T: Scalar> Connected<A, B, N, M, T> {
    /// Port `PORT_A` of `a` joined to port `PORT_B` of `b` (0-based), both checked when the
    /// code compiles: `Connected::at::<1, 0>(a, b)`.
    ///
    /// A port a network does not have fails the build with a message naming it (rustc reports
    /// it where the call is instantiated, with the port numbers and counts it was given).
    pub fn at<const PORT_A: usize, const PORT_B: usize>(a: A, b: B) -> Self
    where
        A: Component<N, Scalar = T>,
        B: Component<M, Scalar = T>,
    {
        const {
            assert!(
                PORT_A < N,
                "Connected::at::<PORT_A, PORT_B>: port PORT_A is not a port of network `a`, \
                 an N-port with ports 0 to N - 1"
            );
            assert!(
                PORT_B < M,
                "Connected::at::<PORT_A, PORT_B>: port PORT_B is not a port of network `b`, \
                 an M-port with ports 0 to M - 1"
            );
        };
        Connected {
            a,
            b,
            ports: (PORT_A, PORT_B),
            _scalar: PhantomData,
        }
    }

    /// Port `port_a` of `a` joined to port `port_b` of `b` (0-based), checked when it runs: for
    /// ports that are data. For ports written in the code, [`Connected::at`] checks them when it
    /// compiles.
    ///
    /// # Errors
    /// [`Error::PortOutOfRange`] if either network has no such port.
    pub fn new(a: A, port_a: usize, b: B, port_b: usize) -> Result<Self>
    where
        A: Component<N, Scalar = T>,
        B: Component<M, Scalar = T>,
    {
        for (port, ports, role, part) in [
            (port_a, N, "a", crate::components::part_name::<A>()),
            (port_b, M, "b", crate::components::part_name::<B>()),
        ] {
            if port >= ports {
                return Err(Error::PortOutOfRange {
                    part: format!("network `{role}` (`{part}`) of Connected::new"),
                    port,
                    ports,
                });
            }
        }
        Ok(Connected {
            a,
            b,
            ports: (port_a, port_b),
            _scalar: PhantomData,
        })
    }

    /// The joined ports: `(port of a, port of b)`, 0-based.
    pub fn ports(&self) -> (usize, usize) {
        self.ports
    }
}

/// Joins port `k` of `a` to port `l` of `b`: the `K = N + M - 2` remaining ports in order.
#[inline]
fn connect<T: Scalar, const N: usize, const M: usize, const K: usize>(
    a: &Mat<T, N>,
    b: &Mat<T, M>,
    k: usize,
    l: usize,
) -> Mat<T, K> {
    const { assert!(K + 2 == N + M && K <= MAX_PORTS) };
    let zero = Complex::new(T::zero(), T::zero());
    // The block-diagonal S of both networks, over the joint numbering (a's ports, then b's).
    let s = |i: usize, j: usize| match (i < N, j < N) {
        (true, true) => a[i][j],
        (false, false) => b[i - N][j - N],
        _ => zero,
    };
    let l = N + l;
    let (skk, sll) = (s(k, k), s(l, l));
    let d = (Complex::new(T::one(), T::zero()) - skk * sll).inv();
    let old = ports::<N, M, K>(k, l);
    std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            let (i, j) = (old[i], old[j]);
            let (skj, slj, sik, sil) = (s(k, j), s(l, j), s(i, k), s(i, l));
            s(i, j) + (skj * sil + slj * sik + skj * sll * sik + slj * skk * sil) * d
        })
    })
}

/// The noise waves leaving the `K` remaining ports when port `k` of `a` is joined to port `l`
/// of `b` (joint numbering as in [`connect`]), from both networks' `(S, C)`: `t C t^H` with
/// `C = diag(ca, cb)` and `t = [I_e | S_ei (G - S_ii)^-1]` (Hillbrand and Russer 1976), `G` the
/// connection swapping the waves of `k` and `l`. `S_kl = 0` across the two networks, so
/// `(G - S_ii)^-1 = d [[S_ll, 1], [1, S_kk]]`, `d = 1 / (1 - S_kk S_ll)` as in [`connect`].
#[inline]
fn connect_noise<T: Scalar, const N: usize, const M: usize, const P: usize, const K: usize>(
    (sa, ca): (&Mat<T, N>, &Mat<T, N>),
    (sb, cb): (&Mat<T, M>, &Mat<T, M>),
    k: usize,
    l: usize,
) -> Mat<T, K> {
    const { assert!(K + 2 == P && P == N + M) };
    let zero = Complex::new(T::zero(), T::zero());
    let s = |i: usize, j: usize| match (i < N, j < N) {
        (true, true) => sa[i][j],
        (false, false) => sb[i - N][j - N],
        _ => zero,
    };
    let l = N + l;
    let (skk, sll) = (s(k, k), s(l, l));
    let d = (Complex::new(T::one(), T::zero()) - skk * sll).inv();
    let old = ports::<N, M, K>(k, l);
    let t: [[Complex<T>; P]; K] = std::array::from_fn(|i| {
        let i = old[i];
        let (sik, sil) = (s(i, k), s(i, l));
        let mut row = [zero; P];
        row[i] = Complex::new(T::one(), T::zero());
        row[k] = (sik * sll + sil) * d;
        row[l] = (sik + sil * skk) * d;
        row
    });
    propagate(&t, &block_diag::<T, N, M, P>(ca, cb))
}

/// The joint port (`a`'s, then `b`'s at `N + j`) behind each output port, joined ports `k` and
/// `l` (joint numbering) left out, in scikit-rf's order (see [`Connected`]).
#[inline]
fn ports<const N: usize, const M: usize, const K: usize>(k: usize, l: usize) -> [usize; K] {
    let mut order = [0; K];
    let remaining = (0..N + M).filter(|&p| p != k && p != l);
    for (slot, p) in order.iter_mut().zip(remaining) {
        *slot = p;
    }
    if M == 2 && N > 2 {
        // b's other port (last) moves into the place of a's joined port.
        order[k..].rotate_right(1);
    }
    order
}

macro_rules! connected {
    ($(($n:literal, $m:literal) => $k:literal),+ $(,)?) => {$(
        // One impl per port count: kept out of "other types implement" lists in errors.
        #[diagnostic::do_not_recommend]
        impl<A, B, T> Component<$k> for Connected<A, B, $n, $m, T>
        where
            T: Scalar,
            A: Component<$n, Scalar = T>,
            B: Component<$m, Scalar = T>,
            Self: Model<Scalar = T>,
        {
            type Domain = domain::S;
            #[inline]
            fn primary(&self, f: T) -> Mat<T, $k> {
                let (k, l) = self.ports;
                connect::<T, $n, $m, $k>(&self.a.s_at(f), &self.b.s_at(f), k, l)
            }

            /// Both networks' noise through the joint ([`Component::s_noise_at`] of each).
            fn s_noise_at(&self, f: T, temperature: T) -> (Mat<T, $k>, Mat<T, $k>) {
                let (k, l) = self.ports;
                let (sa, ca) = self.a.s_noise_at(f, temperature);
                let (sb, cb) = self.b.s_noise_at(f, temperature);
                let s = connect::<T, $n, $m, $k>(&sa, &sb, k, l);
                let c = connect_noise::<T, $n, $m, { $n + $m }, $k>((&sa, &ca), (&sb, &cb), k, l);
                (s, c)
            }
        }
    )+};
}

connected!(
    (1, 2) => 1, (2, 1) => 1,
    (1, 3) => 2, (2, 2) => 2, (3, 1) => 2,
    (1, 4) => 3, (2, 3) => 3, (3, 2) => 3, (4, 1) => 3,
    (2, 4) => 4, (3, 3) => 4, (4, 2) => 4,
    (3, 4) => 5, (4, 3) => 5,
    (4, 4) => 6,
);
