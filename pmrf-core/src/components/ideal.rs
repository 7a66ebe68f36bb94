//! Ideal components, all computed directly in S at the reference impedance [`Z0`] = 50 ohm:
//! terminations ([`Open`], [`Short`], [`Match`], [`Port`], [`LoadZ`], [`LoadGamma`],
//! [`LoadGammaPolar`]), matched 2-ports ([`Attenuator`], [`Isolator`], [`Amplifier`]),
//! transformers ([`IdealTransformer`], [`IdealTransformer4`]), a [`DirectionalCoupler`], the
//! lossless N-way [`Junction`] ([`Tee`]) and resistive splitters ([`ResistiveSplitter`],
//! [`PowerSplitter`]). The ground of a circuit, an ideal short, is
//! [`Ground`](super::Ground).
//!
//! They follow ParamRF's `ideal.py` and scikit-rf's `Media` where those have the part; where a
//! part here has more (finite isolation, insertion loss, a 2-port transformer), its formula is
//! derived on the type. Levels in dB are `|S| = 10^(-dB/20)` of a loss or isolation and
//! `10^(+dB/20)` of a gain. Being defined in S at 50 ohm, each part is what it says at 50 ohm
//! and renormalises exactly to other reference impedances ([`Component::s_at_z0`]): an
//! [`Attenuator`] is matched to 50 ohm, not to every reference.

use std::f64::consts::{LN_10, PI};
use std::marker::PhantomData;

use num_complex::Complex;

use crate::cmath::{self, ComplexExt};
use crate::network::{Component, Mat, Z0, assert_ports, domain};
use crate::{Error, Model, Result, Scalar};

/// `10^(-db/20)`: the magnitude of a loss of `db` decibels (`0` for `db = inf`).
#[inline]
fn db_loss<T: Scalar>(db: T) -> T {
    (db * (-LN_10 / 20.0)).exp()
}

#[inline]
fn re<T: Scalar>(x: T) -> Complex<T> {
    cmath::real(x)
}

#[inline]
fn zero<T: Scalar>() -> Complex<T> {
    Complex::new(T::zero(), T::zero())
}

/// `x I` for an N x N identity.
#[inline]
fn diagonal<T: Scalar, const N: usize>(x: f64) -> Mat<T, N> {
    std::array::from_fn(|i| std::array::from_fn(|j| re(T::from(if i == j { x } else { 0.0 }))))
}

/// `1 - 2 z0 / (z + z0)`: the reflection `(z - z0)/(z + z0)` of an impedance `z`, which is `1`
/// for an infinite `z` (either part) instead of `inf / inf`.
#[inline]
fn reflection<T: Scalar>(z: Complex<T>) -> Complex<T> {
    let z = if z.re.re().is_infinite() || z.im.re().is_infinite() {
        Complex::new(T::from(f64::INFINITY), T::zero())
    } else {
        z
    };
    (-cmath::recip(z.add_f64(Z0)).scale_f64(2.0 * Z0)).add_f64(1.0)
}

macro_rules! termination {
    ($(#[$doc:meta])* $name:ident, $value:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Model, Clone, Copy, Debug, PartialEq)]
        pub struct $name<T: Scalar = f64, const N: usize = 1> {
            _t: PhantomData<T>,
        }

        impl $name<f64, 1> {
            #[doc = concat!("A 1-port ", $what, ". For `N` ports (each one ", $what, ") use `",
                stringify!($name), "::<f64, N>::default()`; over any scalar `T` (in generic \
                model code), `", stringify!($name), "::<T>::default()`.")]
            pub fn new() -> Self {
                Self::default()
            }
        }

        /// No bound on `T`: generic model code builds it over any scalar.
        impl<T: Scalar, const N: usize> Default for $name<T, N> {
            fn default() -> Self {
                $name { _t: PhantomData }
            }
        }

        impl<T: Scalar, const N: usize> Component<N> for $name<T, N> {
            type Domain = domain::S;
            #[inline]
            fn primary(&self, _f: T) -> Mat<T, N> {
                diagonal($value)
            }
        }
    };
}

termination!(
    /// An ideal open circuit on each of its `N` ports (1 by default): `S = I`.
    ///
    /// An open at 50 ohm is an open at every reference impedance.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{Open, Short};
    ///
    /// assert_eq!(Open::new().s_at(1e9), [[Complex::new(1.0, 0.0)]]);
    /// assert_eq!(Short::<f64, 2>::default().s_at(1e9)[1][1], Complex::new(-1.0, 0.0));
    /// ```
    Open, 1.0, "open"
);

termination!(
    /// An ideal short circuit on each of its `N` ports (1 by default): `S = -I`. A short at every
    /// reference impedance. (In a [`Circuit`](super::Circuit) netlist, ground is
    /// [`Ground`](super::Ground).)
    Short, -1.0, "short"
);

termination!(
    /// An ideal matched load of [`Z0`] = 50 ohm on each of its `N` ports (1 by default):
    /// `S = 0`.
    ///
    /// It is a 50 ohm resistor: at another reference impedance `z` it reflects
    /// `(50 - z)/(50 + z)` (use [`Port`] for a load matched to another impedance).
    Match, 0.0, "matched load"
);

/// A port's reference impedance as a termination: a resistive load of `z0` ohm (ParamRF's `Port`,
/// a load matched at its own `z0`), `S = (z0 - 50) / (z0 + 50)` at 50 ohm.
///
/// At `z0 = 50` it is a [`Match`]; `z0 = 0` is a short and `z0 = inf` an open. (The external
/// ports of a [`Circuit`](super::Circuit) netlist are [`CircuitPort`](super::CircuitPort)
/// markers; this is a component.)
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Port;
///
/// assert!(Port::new(50.0).s_at(1e9)[0][0].norm() < 1e-15);
/// assert!((Port::new(75.0).s_at(1e9)[0][0] - 0.2).norm() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Port<T: Scalar = f64> {
    /// Reference impedance (real), in ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub z0: T,
}

impl<T: Scalar> Port<T> {
    /// A port of reference impedance `z0` (ohm).
    pub fn new(z0: T) -> Self {
        Port { z0 }
    }
}

impl<T: Scalar> Component<1> for Port<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[reflection(re(self.z0))]]
    }
}

/// A 1-port load of impedance `Z = R + jX`: `S = (Z - 50) / (Z + 50)`.
///
/// `Z = 0` is a short, an infinite `R` or `X` an open (exactly `S = 1`).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::LoadZ;
///
/// let s = LoadZ::new(25.0, 25.0).s_at(1e9)[0][0];
/// assert!((s - Complex::new(-25.0, 25.0) / Complex::new(75.0, 25.0)).norm() < 1e-15);
/// assert_eq!(LoadZ::new(f64::INFINITY, 0.0).s_at(1e9)[0][0], Complex::new(1.0, 0.0));
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct LoadZ<T: Scalar = f64> {
    /// Resistance, in ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub r: T,
    /// Reactance, in ohm.
    #[param(unit = "ohm", bounds = (f64::NEG_INFINITY, f64::INFINITY))]
    pub x: T,
}

impl<T: Scalar> LoadZ<T> {
    /// A load of impedance `r + jx` (ohm).
    pub fn new(r: T, x: T) -> Self {
        LoadZ { r, x }
    }
}

impl<T: Scalar> Component<1> for LoadZ<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[reflection(Complex::new(self.r, self.x))]]
    }
}

/// A 1-port load of reflection coefficient `Gamma = re + j im` at 50 ohm (scikit-rf's
/// `Media.load`, ParamRF's `Load`).
///
/// Passive for `|Gamma| <= 1`; the bounds are the square around that disk (use
/// [`LoadGammaPolar`] to bound `|Gamma|` itself).
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct LoadGamma<T: Scalar = f64> {
    /// Real part of the reflection coefficient.
    #[param(bounds = (-1.0, 1.0))]
    pub gamma_re: T,
    /// Imaginary part of the reflection coefficient.
    #[param(bounds = (-1.0, 1.0))]
    pub gamma_im: T,
}

impl<T: Scalar> LoadGamma<T> {
    /// A load reflecting `gamma_re + j gamma_im` at 50 ohm.
    pub fn new(gamma_re: T, gamma_im: T) -> Self {
        LoadGamma { gamma_re, gamma_im }
    }
}

impl<T: Scalar> Component<1> for LoadGamma<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[Complex::new(self.gamma_re, self.gamma_im)]]
    }
}

/// A 1-port load of reflection coefficient `Gamma = mag e^(j deg pi/180)` at 50 ohm.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::LoadGammaPolar;
///
/// let s = LoadGammaPolar::new(0.5, 90.0).s_at(1e9)[0][0];
/// assert!((s - Complex::new(0.0, 0.5)).norm() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct LoadGammaPolar<T: Scalar = f64> {
    /// Magnitude of the reflection coefficient (passive: at most 1).
    #[param(bounds = (0.0, 1.0))]
    pub gamma_mag: T,
    /// Phase of the reflection coefficient, in degrees.
    #[param(unit = "deg", scale = 90.0, bounds = (f64::NEG_INFINITY, f64::INFINITY))]
    pub gamma_deg: T,
}

impl<T: Scalar> LoadGammaPolar<T> {
    /// A load reflecting `gamma_mag` at `gamma_deg` degrees, at 50 ohm.
    pub fn new(gamma_mag: T, gamma_deg: T) -> Self {
        LoadGammaPolar {
            gamma_mag,
            gamma_deg,
        }
    }
}

impl<T: Scalar> Component<1> for LoadGammaPolar<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[cmath::from_polar(
            self.gamma_mag,
            self.gamma_deg * (PI / 180.0),
        )]]
    }
}

/// A matched attenuator: `S = [[0, t], [t, 0]]`, `t = 10^(-loss/20)` (scikit-rf's
/// `Media.attenuator`, ParamRF's `Attenuator`).
///
/// `loss_db = 0` is a thru, `loss_db = inf` two matched loads.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Attenuator;
///
/// let s = Attenuator::new(6.0).s_at(1e9);
/// assert!((s[1][0].re - 0.501187233627272).abs() < 1e-15 && s[0][0].norm() == 0.0);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Attenuator<T: Scalar = f64> {
    /// Attenuation, in dB (`-20 log10 |S21|`).
    #[param(unit = "dB", bounds = (0.0, f64::INFINITY))]
    pub loss_db: T,
}

impl<T: Scalar> Attenuator<T> {
    /// An attenuator of `loss_db` decibels.
    pub fn new(loss_db: T) -> Self {
        Attenuator { loss_db }
    }
}

impl<T: Scalar> Component<2> for Attenuator<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let t = re(db_loss(self.loss_db));
        [[zero(), t], [t, zero()]]
    }
}

/// A matched isolator, passing from port 1 to port 2: `S = [[0, i], [t, 0]]` with the
/// insertion loss `t = 10^(-loss/20)` and the isolation `i = 10^(-isolation/20)`.
///
/// scikit-rf's `Media.isolator` is `loss_db = 0`, `isolation_db = inf`; ParamRF's `Isolator`
/// has `loss_db = 0`. Passive and not reciprocal (unless `loss_db = isolation_db`).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Isolator;
///
/// let s = Isolator::new(0.5, f64::INFINITY).s_at(1e9);
/// assert!((s[1][0].re - 10f64.powf(-0.5 / 20.0)).abs() < 1e-15);
/// assert_eq!(s[0][1].norm(), 0.0);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Isolator<T: Scalar = f64> {
    /// Insertion loss from port 1 to port 2, in dB (`-20 log10 |S21|`).
    #[param(unit = "dB", bounds = (0.0, f64::INFINITY))]
    pub loss_db: T,
    /// Isolation from port 2 to port 1, in dB (`-20 log10 |S12|`).
    #[param(unit = "dB", scale = 10.0, bounds = (0.0, f64::INFINITY))]
    pub isolation_db: T,
}

impl<T: Scalar> Isolator<T> {
    /// An isolator of insertion loss `loss_db` and isolation `isolation_db` (dB).
    pub fn new(loss_db: T, isolation_db: T) -> Self {
        Isolator {
            loss_db,
            isolation_db,
        }
    }
}

impl<T: Scalar> Component<2> for Isolator<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let (t, i) = (db_loss(self.loss_db), db_loss(self.isolation_db));
        [[zero(), re(i)], [re(t), zero()]]
    }
}

/// A matched amplifier from port 1 to port 2: `S = [[0, i], [g, 0]]` with the gain
/// `g = 10^(gain/20)` and the reverse isolation `i = 10^(-isolation/20)`.
///
/// ParamRF's `Amplifier` is `isolation_db = inf`. Active for `gain_db > 0`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Amplifier;
///
/// let s = Amplifier::new(20.0, f64::INFINITY).s_at(1e9);
/// assert!((s[1][0].re - 10.0).abs() < 1e-14 && s[0][1].norm() == 0.0);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Amplifier<T: Scalar = f64> {
    /// Gain, in dB (`20 log10 |S21|`).
    #[param(unit = "dB", scale = 10.0, bounds = (f64::NEG_INFINITY, f64::INFINITY))]
    pub gain_db: T,
    /// Reverse isolation, in dB (`-20 log10 |S12|`).
    #[param(unit = "dB", scale = 10.0, bounds = (0.0, f64::INFINITY))]
    pub isolation_db: T,
}

impl<T: Scalar> Amplifier<T> {
    /// An amplifier of gain `gain_db` and reverse isolation `isolation_db` (dB).
    pub fn new(gain_db: T, isolation_db: T) -> Self {
        Amplifier {
            gain_db,
            isolation_db,
        }
    }
}

impl<T: Scalar> Component<2> for Amplifier<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let (g, i) = (db_loss(-self.gain_db), db_loss(self.isolation_db));
        [[zero(), re(i)], [re(g), zero()]]
    }
}

/// `(1, n^2, n) / (1 + n^2)`, exact for `n` in `[0, inf]`: the entries of an ideal transformer.
#[inline]
fn turns<T: Scalar>(n: T) -> (T, T, T) {
    if n.re() <= 1.0 {
        let d = (n * n + 1.0).recip();
        (d, n * n * d, n * d)
    } else {
        // Divided through by n^2: m = 1/n is 0 at n = inf.
        let m = n.recip();
        let d = (m * m + 1.0).recip();
        (m * m * d, d, m * d)
    }
}

/// An ideal transformer of turns ratio `1 : n` with a common ground, as a 2-port: `V2 = n V1`,
/// `I1 = -n I2` (currents into the ports), lossless and reciprocal.
///
/// `S11 = (1 - n^2) / (1 + n^2)`, `S21 = S12 = 2n / (1 + n^2)`, `S22 = -S11`. Port 1 sees
/// `Z_L / n^2`: a 1:2 transformer loaded by 50 ohm presents 12.5 ohm. This is the
/// [`IdealTransformer4`] with both windings' lower terminals grounded; from the constraint form
/// `S = I - 2 c c^T / (c^T c)` with `c = (n, -1)` (currents along `c`, voltages orthogonal to it).
/// `n = 0` shorts port 2 and opens port 1, `n = inf` the other way round.
///
/// (The formula `S11 = (n^2 - 1)/(n^2 + 1)` sometimes quoted for a "1:n" transformer is this one
/// with the ports exchanged, `V1 = n V2`.)
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::IdealTransformer;
///
/// let s = IdealTransformer::new(2.0).s_at(1e9);
/// assert!((s[0][0].re + 0.6).abs() < 1e-15 && (s[1][0].re - 0.8).abs() < 1e-15);
/// // Port 1 reflects like a 12.5 ohm load: (12.5 - 50) / (12.5 + 50) = -0.6.
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct IdealTransformer<T: Scalar = f64> {
    /// Turns ratio `n` of `1 : n` (secondary to primary voltage).
    #[param(bounds = (0.0, f64::INFINITY))]
    pub n: T,
}

impl<T: Scalar> IdealTransformer<T> {
    /// A `1 : n` transformer.
    pub fn new(n: T) -> Self {
        IdealTransformer { n }
    }
}

impl<T: Scalar> Component<2> for IdealTransformer<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let (a, b, c) = turns(self.n);
        let s11 = re(a - b);
        let s21 = re(c * 2.0);
        [[s11, s21], [s21, -s11]]
    }
}

/// An ideal transformer of turns ratio `1 : n` with floating windings, as a 4-port (ParamRF's
/// `Transformer`): primary between ports 1 (+) and 2 (-), secondary between ports 3 (+) and
/// 4 (-), `V3 - V4 = n (V1 - V2)`, `I1 = -I2 = -n I3 = n I4`.
///
/// `S = I - 2 c c^T / (c^T c)` with `c = (n, -n, -1, 1)`:
/// `S = [[1, n^2, n, -n], [n^2, 1, -n, n], [n, -n, n^2, 1], [-n, n, 1, n^2]] / (1 + n^2)`.
/// Lossless and reciprocal for every `n` in `[0, inf]`. Grounding ports 2 and 4 gives the
/// [`IdealTransformer`].
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct IdealTransformer4<T: Scalar = f64> {
    /// Turns ratio `n` of `1 : n` (secondary to primary voltage).
    #[param(bounds = (0.0, f64::INFINITY))]
    pub n: T,
}

impl<T: Scalar> IdealTransformer4<T> {
    /// A `1 : n` transformer with floating windings.
    pub fn new(n: T) -> Self {
        IdealTransformer4 { n }
    }
}

impl<T: Scalar> Component<4> for IdealTransformer4<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 4> {
        let (a, b, c) = turns(self.n);
        let (a, b, c, m) = (re(a), re(b), re(c), re(-c));
        [[a, b, c, m], [b, a, m, c], [c, m, b, a], [m, c, a, b]]
    }
}

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
