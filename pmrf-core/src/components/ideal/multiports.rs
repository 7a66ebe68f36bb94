//! Multi-ports: the [`DirectionalCoupler`], the lossless N-way [`Junction`] ([`Tee`]) and the
//! resistive splitters ([`ResistiveSplitter`], [`PowerSplitter`]).

use std::marker::PhantomData;

use num_complex::Complex;

use super::{db_loss, re, zero};
use crate::network::{Component, Mat, Z0, assert_ports, domain};
use crate::{Error, Model, Result, Scalar};

/// A matched, reciprocal directional coupler. Ports: 1 input, 2 through, 3 coupled,
/// 4 isolated (and symmetrically: 2 couples to 4, 3 to 1, 4 to 2).
///
/// With the coupling `c = 10^(-coupling/20)` and the isolation `i = 10^(-isolation/20)`:
///
/// ```text
///     [[0,  t,  jc, i ],
/// S =  [t,  0,  i,  jc],        t = sqrt(1 - c^2) - i
///      [jc, i,  0,  t ],
///      [i,  jc, t,  0 ]]
/// ```
///
/// With perfect isolation (`isolation_db = inf`) this is ParamRF's `DirectionalCoupler`, the
/// lossless coupler (`t = sqrt(1 - c^2)`, coupled arm in quadrature). A matched reciprocal
/// 4-port with finite isolation cannot be lossless: `S` is normal with singular values
/// `sqrt((t ± i)^2 + c^2)`, so the through arm gives up exactly the `i` that keeps the largest
/// at 1 (passive, and as little loss as that allows). That needs `i <= sqrt(1 - c^2)`, an
/// isolation of at least `-10 log10(1 - c^2)` dB, which [`DirectionalCoupler::new`] checks; outside
/// that region `t < 0` and the part is active.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::DirectionalCoupler;
///
/// let s = DirectionalCoupler::new(20.0, f64::INFINITY)?.s_at(1e9);
/// assert!((s[2][0] - Complex::new(0.0, 0.1)).norm() < 1e-15); // coupled: -20 dB, +90 deg
/// assert!((s[1][0].re - 0.99f64.sqrt()).abs() < 1e-15); // through
/// assert!(DirectionalCoupler::new(3.0, 1.0).is_err()); // more leakage than through
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct DirectionalCoupler<T: Scalar = f64> {
    /// Coupling from port 1 to port 3, in dB (`-20 log10 |S31|`).
    #[param(unit = "dB", scale = 10.0, bounds = (0.0, f64::INFINITY))]
    pub coupling_db: T,
    /// Isolation from port 1 to port 4, in dB (`-20 log10 |S41|`).
    #[param(unit = "dB", scale = 10.0, bounds = (0.0, f64::INFINITY))]
    pub isolation_db: T,
}

impl<T: Scalar> DirectionalCoupler<T> {
    /// A coupler of coupling `coupling_db` and isolation `isolation_db` (dB).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a NaN, [`Error::OutOfBounds`] for a negative level (the
    /// infinite isolation of an ideal coupler is accepted) or an isolation below
    /// `-10 log10(1 - c^2)` dB, where the part would be active.
    pub fn new(coupling_db: T, isolation_db: T) -> Result<Self> {
        let (c, i) = (coupling_db.re(), isolation_db.re());
        for (name, v) in [("coupling_db", c), ("isolation_db", i)] {
            if v.is_nan() {
                return Err(Error::NonFinite {
                    name: name.into(),
                    value: v,
                });
            }
            if v < 0.0 {
                return Err(Error::OutOfBounds {
                    name: name.into(),
                    value: v,
                    lower: 0.0,
                    upper: f64::INFINITY,
                });
            }
        }
        let lin = db_loss(c);
        let lower = -10.0 * (1.0 - lin * lin).log10();
        if i < lower {
            return Err(Error::OutOfBounds {
                name: "isolation_db".into(),
                value: i,
                lower,
                upper: f64::INFINITY,
            });
        }
        Ok(DirectionalCoupler {
            coupling_db,
            isolation_db,
        })
    }
}

impl<T: Scalar> Component<4> for DirectionalCoupler<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 4> {
        let c = db_loss(self.coupling_db);
        let i = db_loss(self.isolation_db);
        let t = re((-(c * c) + 1.0).sqrt() - i);
        let (jc, i, o) = (Complex::new(T::zero(), c), re(i), zero());
        [[o, t, jc, i], [t, o, i, jc], [jc, i, o, t], [i, jc, t, o]]
    }
}

/// An ideal, lossless junction of `N` ports at one node (scikit-rf's `Media.splitter`, ParamRF's
/// `Splitter`): `S_ii = (2 - N)/N`, `S_ij = 2/N`.
///
/// Each port sees the other `N - 1` in parallel, `50/(N - 1)` ohm, hence
/// `S_ii = (50/(N-1) - 50)/(50/(N-1) + 50) = (2 - N)/N`; the node voltage `(1 + S_ii)` reaches
/// every other port, `S_ij = 2/N`. `N = 1` is an open, `N = 2` a thru, `N = 3` a [`Tee`].
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{Junction, Tee};
///
/// let s = Tee::new().s_at(1e9);
/// assert!((s[0][0].re + 1.0 / 3.0).abs() < 1e-15 && (s[2][1].re - 2.0 / 3.0).abs() < 1e-15);
/// let s = Junction::<f64, 4>::new().s_at(1e9);
/// assert!((s[0][0].re + 0.5).abs() < 1e-15 && (s[3][0].re - 0.5).abs() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, Default, PartialEq)]
pub struct Junction<T: Scalar = f64, const N: usize = 3> {
    _t: PhantomData<T>,
}

/// The ideal 3-way junction: a [`Junction`] of three ports.
pub type Tee<T = f64> = Junction<T, 3>;

impl<const N: usize> Junction<f64, N> {
    /// The `N`-way junction (`Tee::new()` for three ports).
    pub fn new() -> Self {
        Self::default()
    }
}

impl<T: Scalar, const N: usize> Component<N> for Junction<T, N> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, N> {
        const { assert!(N >= 1, "a junction has at least one port") };
        assert_ports!(N);
        let n = N as f64;
        std::array::from_fn(|i| {
            std::array::from_fn(|j| re(T::from(if i == j { (2.0 - n) / n } else { 2.0 / n })))
        })
    }
}

/// `S = I - 2 diag(g) + 2 g g^T / sum(g)`: a star of arms to one node, arm `k` of normalised
/// conductance `g_k = 1 / (1 + r_k / 50)` (its resistance in series with the port's 50 ohm).
///
/// Arm `i` driven, the node is at `2 g_i / sum(g)` (a current divider) and port `j` receives
/// `g_j` of that; port `i` reflects `1 - 2 g_i + 2 g_i^2 / sum(g)`. `sum(g) > 0` is required
/// (at least one arm not open).
fn star<T: Scalar, const N: usize>(g: [T; N]) -> Mat<T, N> {
    let total = g.iter().fold(T::zero(), |acc, &x| acc + x).recip();
    std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            let s = g[i] * g[j] * total * 2.0;
            re(if i == j { s - g[i] * 2.0 + 1.0 } else { s })
        })
    })
}

/// `1 / (1 + r / 50)`, `0` for `r = inf`.
#[inline]
fn arm<T: Scalar>(r: T) -> T {
    if r.re().is_infinite() {
        T::zero()
    } else {
        (r * (1.0 / Z0) + 1.0).recip()
    }
}

/// A resistive star splitter: a resistor `r` from each of the `N` ports (3 by default) to a
/// common node.
///
/// `S_ij = 2g/N`, `S_ii = 1 - 2g (N - 1)/N` with `g = 1 / (1 + r/50)`: a unit wave into port `i`
/// (source voltage 2 behind 50 ohm) puts the node at `2/N`, and each other port receives `g` of
/// that through its arm and its 50 ohm. Matched at `r = 50 (N - 2)/N` ([`ResistiveSplitter::MATCHED_R`], 50/3 ohm for three
/// ports, [`ResistiveSplitter::matched`]), where `S_ij = 1/(N - 1)`: 6 dB from port to port
/// for three ports. `r = 0` is the lossless [`Junction`], `r = inf` `N` opens. Reciprocal and
/// passive.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::ResistiveSplitter;
///
/// let s = ResistiveSplitter::matched().s_at(1e9);
/// assert!(s[0][0].norm() < 1e-15 && (s[1][0].re - 0.5).abs() < 1e-15);
/// // Four ports: a struct literal.
/// let four = ResistiveSplitter::<f64, 4> { r: ResistiveSplitter::<f64, 4>::MATCHED_R };
/// assert!(four.s_at(1e9)[2][2].norm() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct ResistiveSplitter<T: Scalar = f64, const N: usize = 3> {
    /// Resistance of each arm, in ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub r: T,
}

impl<T: Scalar> ResistiveSplitter<T, 3> {
    /// A three-port star of `r` ohm arms.
    pub fn new(r: T) -> Self {
        ResistiveSplitter { r }
    }
}

impl ResistiveSplitter<f64, 3> {
    /// The matched three-port star: three 50/3 ohm arms.
    pub fn matched() -> Self {
        ResistiveSplitter { r: Z0 / 3.0 }
    }
}

impl<T: Scalar, const N: usize> ResistiveSplitter<T, N> {
    /// The arm resistance that matches every port: `50 (N - 2)/N` ohm (for `N >= 2`).
    pub const MATCHED_R: f64 = Z0 * (N as f64 - 2.0) / N as f64;
}

impl<T: Scalar, const N: usize> Component<N> for ResistiveSplitter<T, N> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, N> {
        const { assert!(N >= 1, "a splitter has at least one port") };
        let g = arm(self.r);
        let n = N as f64;
        let s_ij = re(g * (2.0 / n));
        let s_ii = re(-(g * (2.0 * (n - 1.0) / n)) + 1.0);
        std::array::from_fn(|i| std::array::from_fn(|j| if i == j { s_ii } else { s_ij }))
    }
}

/// The two-resistor power splitter of measurement setups: port 1 is the common input, a
/// resistor `r` runs from it to each of ports 2 and 3.
///
/// The star `S = I - 2 diag(g) + 2 g g^T / sum(g)` of arm conductances `g_k = 1/(1 + r_k/50)`
/// (normalised to 50 ohm) with arms `(0, r, r)`: with `g = 1/(1 + r/50)` and `G = 1 + 2g`,
/// `S11 = 2/G - 1`, `S21 = S31 = 2g/G`, `S22 = S33 = 1 - 2g + 2g^2/G`, `S32 = 2g^2/G`. The
/// instrument splitter has `r = 50` ohm: port 1 matched, `S21 = S31 = 1/2` (6 dB), and the
/// ratio of ports 2 and 3 is a 50 ohm source match for ratio measurements (`S22 = 1/4` is
/// what port 2 reflects with port 3 matched). `r = 0` is a [`Tee`], `r = inf` opens ports 2
/// and 3.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::PowerSplitter;
///
/// let s = PowerSplitter::new(50.0).s_at(1e9);
/// assert!(s[0][0].norm() < 1e-15 && (s[1][0].re - 0.5).abs() < 1e-15);
/// assert!((s[1][1].re - 0.25).abs() < 1e-15 && (s[2][1].re - 0.25).abs() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct PowerSplitter<T: Scalar = f64> {
    /// Resistance from the input node to each output port, in ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub r: T,
}

impl<T: Scalar> PowerSplitter<T> {
    /// A power splitter with two `r` ohm resistors (50 ohm in instruments).
    pub fn new(r: T) -> Self {
        PowerSplitter { r }
    }
}

impl<T: Scalar> Component<3> for PowerSplitter<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 3> {
        let g = arm(self.r);
        star([T::one(), g, g])
    }
}
