//! Magnetically coupled parts: two coupled inductors with a common ground
//! ([`CoupledInductors`]) or floating ([`CoupledInductors4`], ParamRF's `CoupledInductors`), a
//! [`CentreTappedTransformer`] and an [`Autotransformer`] built of them; ParamRF's ideal
//! [`IdealCentreTappedTransformer`] and [`IdealAutotransformer`]; and the ideal
//! transformer-based converters between single-ended and balanced ports: ParamRF's [`Balun`],
//! [`SourceConverter`] and [`MixedModeConverter`].
//!
//! The coupled parts take two self inductances `L1`, `L2` and a coupling factor `k`, with the
//! mutual inductance `M = k sqrt(L1 L2)`: their winding impedance matrix is
//! `Z_w = jw [[L1, M], [M, L2]]`, reciprocal, and lossless for real inductances. `|k| <= 1` is
//! physical (`k < 0` reverses one winding's dots); `k = 0` is two separate inductors, and
//! `k = 1` with `L2 / L1 = n^2` and inductances large against the reference impedance is the
//! ideal `1 : n` transformer ([`IdealTransformer`](super::IdealTransformer)). All are exact
//! at DC (shorts) and at `k = 1`, where `Z_w` is singular: the grounded forms are computed in
//! Z, the floating one directly in S from `Z_w`.
//!
//! The converters are constant S matrices at [`Z0`](crate::network::Z0) = 50 ohm, exact under
//! renormalisation ([`Component::s_at_z0`]).

use std::f64::consts::TAU;
use std::marker::PhantomData;

use num_complex::Complex;

use crate::cmath::{self, ComplexExt};
use crate::network::{Component, Mat, Z0, domain};
use crate::{Model, Scalar};

/// `jx`.
#[inline]
fn jx<T: Scalar>(x: T) -> Complex<T> {
    Complex::new(T::zero(), x)
}

/// `M = k sqrt(L1 L2)`.
#[inline]
fn mutual<T: Scalar>(l1: T, l2: T, k: T) -> T {
    k * (l1 * l2).sqrt()
}

/// `S = I - 2 c c^T / (c^T c)`: the lossless reciprocal N-port whose port currents are
/// proportional to `c` and whose port voltages are orthogonal to it (an ideal transformer's
/// constraints).
#[inline]
fn constraint_s<T: Scalar, const N: usize>(c: [T; N]) -> Mat<T, N> {
    let norm = c.iter().fold(T::zero(), |acc, &x| acc + x * x);
    let scale = norm.recip() * -2.0;
    std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            let v = c[i] * c[j] * scale;
            Complex::new(if i == j { v + 1.0 } else { v }, T::zero())
        })
    })
}

/// `S = I - 2 X (X^T X)^-1 X^T` for the two columns `x[0]`, `x[1]` of `X`: [`constraint_s`]
/// with port currents in the span of two vectors.
#[inline]
fn constraint2_s<T: Scalar, const N: usize>(x: [[T; N]; 2]) -> Mat<T, N> {
    let dot = |a: &[T; N], b: &[T; N]| a.iter().zip(b).fold(T::zero(), |acc, (&p, &q)| acc + p * q);
    let (g00, g01, g11) = (dot(&x[0], &x[0]), dot(&x[0], &x[1]), dot(&x[1], &x[1]));
    // (X^T X)^-1 = [[g11, -g01], [-g01, g00]] / det, scaled by -2.
    let k = (g00 * g11 - g01 * g01).recip() * -2.0;
    let (h00, h01, h11) = (g11 * k, -g01 * k, g00 * k);
    std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            let v = x[0][i] * (x[0][j] * h00 + x[1][j] * h01)
                + x[1][i] * (x[0][j] * h01 + x[1][j] * h11);
            Complex::new(if i == j { v + 1.0 } else { v }, T::zero())
        })
    })
}

/// Two coupled inductors with a common ground, as a 2-port: `L1` from port 1 to ground, `L2`
/// from port 2 to ground, both dotted at the port, mutual inductance `M = k sqrt(L1 L2)`.
///
/// Z-parameters: `Z = jw [[L1, M], [M, L2]]`, reciprocal and lossless. `k = 0` is two separate
/// shunt inductors to ground, `k = 1` with `L2 = n^2 L1` tends to the
/// [`IdealTransformer`](super::IdealTransformer) of ratio `1 : n` as `w L1` grows against the
/// reference impedance. Grounding ports 2 and 4 of [`CoupledInductors4`] gives this part.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::CoupledInductors;
///
/// let (l1, l2, k) = (10e-9, 40e-9, 0.8);
/// let z = CoupledInductors::new(l1, l2, k).z_at(1e9);
/// let w = 2e9 * std::f64::consts::PI;
/// // M = 0.8 sqrt(10 nH * 40 nH) = 16 nH.
/// assert!((z[0][1].im - w * 16e-9).abs() < 1e-9 && (z[1][1].im - w * l2).abs() < 1e-9);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct CoupledInductors<T: Scalar = f64> {
    /// Self inductance of winding 1 (port 1), in H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l1: T,
    /// Self inductance of winding 2 (port 2), in H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l2: T,
    /// Coupling factor `k = M / sqrt(L1 L2)`.
    #[param(bounds = (-1.0, 1.0))]
    pub k: T,
}

impl<T: Scalar> CoupledInductors<T> {
    /// Inductances `l1`, `l2` (H) coupled by `k`.
    pub fn new(l1: T, l2: T, k: T) -> Self {
        CoupledInductors { l1, l2, k }
    }
}

impl<T: Scalar> Component<2> for CoupledInductors<T> {
    type Domain = domain::Z;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, 2> {
        let w = f * TAU;
        let m = jx(w * mutual(self.l1, self.l2, self.k));
        [[jx(w * self.l1), m], [m, jx(w * self.l2)]]
    }
}

/// Two coupled inductors with floating windings, as a 4-port (ParamRF's `CoupledInductors`):
/// winding 1 between ports 1 (+, dotted) and 2 (-), winding 2 between ports 3 (+, dotted) and
/// 4 (-), self inductances `L1`, `L2`, mutual `M = k sqrt(L1 L2)`. The port numbering is that
/// of [`IdealTransformer4`](super::IdealTransformer4).
///
/// A floating part has no Z-matrix (no path to ground) and a singular Y-matrix that is infinite
/// at DC, so S is computed from the winding impedances `Z_w = jw [[L1, M], [M, L2]]`: with the
/// incidence `D = [[1, 0], [-1, 0], [0, 1], [0, -1]]` of windings on ports and `z = Z_w / Z0`,
/// `S = I - 2 D (z + 2I)^-1 D^T` (the currents `D i` into the ports, the winding voltages
/// `D^T V`). Exact for every frequency and every `|k| <= 1`: at DC each winding is a thru
/// between its two ports, `k = 0` is two separate series inductors, and `k = 1`,
/// `L2 = n^2 L1` tends to the `1 : n` [`IdealTransformer4`](super::IdealTransformer4) as
/// `w L1` grows. Where both exist it equals ParamRF's `y`, `D Z_w^-1 D^T`, converted to S.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{CoupledInductors4, IdealTransformer4};
///
/// // A tightly coupled 1:2 pair of large inductances is nearly an ideal 1:2 transformer.
/// let pair = CoupledInductors4::new(1e-3, 4e-3, 1.0).s_at(1e9);
/// let ideal = IdealTransformer4::new(2.0).s_at(1e9);
/// assert!((0..16).all(|k| (pair[k / 4][k % 4] - ideal[k / 4][k % 4]).norm() < 1e-5));
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct CoupledInductors4<T: Scalar = f64> {
    /// Self inductance of winding 1 (ports 1 and 2), in H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l1: T,
    /// Self inductance of winding 2 (ports 3 and 4), in H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l2: T,
    /// Coupling factor `k = M / sqrt(L1 L2)`.
    #[param(bounds = (-1.0, 1.0))]
    pub k: T,
}

impl<T: Scalar> CoupledInductors4<T> {
    /// Floating windings `l1`, `l2` (H) coupled by `k`.
    pub fn new(l1: T, l2: T, k: T) -> Self {
        CoupledInductors4 { l1, l2, k }
    }
}

impl<T: Scalar> Component<4> for CoupledInductors4<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, 4> {
        let w = f * (TAU / Z0);
        let (x1, x2) = (w * self.l1, w * self.l2);
        let xm = w * mutual(self.l1, self.l2, self.k);
        // (z + 2I)^-1 = [[2 + j x2, -j xm], [-j xm, 2 + j x1]] / det; Im(det) = 2 (x1 + x2) > 0
        // unless x1 = x2 = 0, where det = 4: never 0.
        let det = Complex::new(T::from(4.0) - x1 * x2 + xm * xm, (x1 + x2) * 2.0);
        let inv = cmath::recip(det);
        let p = [
            [Complex::new(T::from(2.0), x2) * inv, jx(-xm) * inv],
            [jx(-xm) * inv, Complex::new(T::from(2.0), x1) * inv],
        ];
        std::array::from_fn(|i| {
            std::array::from_fn(|j| {
                // D_ia is +-1 on winding a = i / 2 (sign + on the dotted port), 0 elsewhere.
                let sign = if (i + j) % 2 == 0 { -2.0 } else { 2.0 };
                let v = p[i / 2][j / 2].scale_f64(sign);
                if i == j { v.add_f64(1.0) } else { v }
            })
        })
    }
}

/// A transformer with a grounded centre tap on its secondary, as a 3-port: primary `L1` from
/// port 1 to ground, secondary of total inductance `L2` from port 2 (dotted end) to port 3, its
/// centre grounded, coupled to the primary by `k`.
///
/// The two halves of the secondary are perfectly coupled (`L2 / 4` each), and each links half
/// of the primary's mutual inductance `M = k sqrt(L1 L2)`:
/// `Z = jw [[L1, M/2, -M/2], [M/2, L2/4, -L2/4], [-M/2, -L2/4, L2/4]]`. Reciprocal and lossless;
/// a differential signal sees the full secondary, `V2 - V3 = jw (M I1 + L2 (I2 - I3) / 2)`,
/// while a common-mode one is shorted to ground by the tap. With `k = 1`, `L2 = n^2 L1` and
/// `w L1` large it is an ideal balun: `V2 - V3 = n V1`, `V2 = -V3`.
///
/// ParamRF's `CentreTappedTransformer` is instead the ideal 5-port with the tap as a port.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::CentreTappedTransformer;
///
/// let z = CentreTappedTransformer::new(10e-9, 40e-9, 1.0).z_at(1e9);
/// let w = 2e9 * std::f64::consts::PI;
/// // M = 20 nH, half of it to each half of the secondary.
/// assert!((z[0][1].im - w * 10e-9).abs() < 1e-9 && (z[0][2].im + w * 10e-9).abs() < 1e-9);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct CentreTappedTransformer<T: Scalar = f64> {
    /// Self inductance of the primary (port 1), in H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l1: T,
    /// Self inductance of the whole secondary (port 2 to port 3), in H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l2: T,
    /// Coupling factor between the primary and the whole secondary.
    #[param(bounds = (-1.0, 1.0))]
    pub k: T,
}

impl<T: Scalar> CentreTappedTransformer<T> {
    /// Primary `l1`, whole secondary `l2` (H), coupled by `k`.
    pub fn new(l1: T, l2: T, k: T) -> Self {
        CentreTappedTransformer { l1, l2, k }
    }
}

impl<T: Scalar> Component<3> for CentreTappedTransformer<T> {
    type Domain = domain::Z;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, 3> {
        let w = f * TAU;
        let m = jx(w * mutual(self.l1, self.l2, self.k) * 0.5);
        let h = jx(w * self.l2 * 0.25);
        [[jx(w * self.l1), m, -m], [m, h, -h], [-m, -h, h]]
    }
}

/// An autotransformer (tapped inductor), as a 2-port with a common ground: one winding from
/// ground through the tap (port 1) to its top (port 2); `L1` from ground to the tap, `L2` from
/// the tap to the top, both sections wound the same way and coupled by `k`.
///
/// With `M = k sqrt(L1 L2)`, port voltages `V1 = v1`, `V2 = v1 + v2` and section currents
/// `i1 = I1 + I2`, `i2 = I2`: `Z = jw [[L1, L1 + M], [L1 + M, L1 + L2 + 2M]]`. Reciprocal and
/// lossless; port 2 sees the whole winding `L1 + L2 + 2M`. With `k = 1` and `w L1` large it is
/// an ideal step-up transformer of ratio `1 : (1 + sqrt(L2 / L1))` (the turns ratio
/// `(N1 + N2) / N1`).
///
/// ParamRF's `Autotransformer` is instead the ideal 3-port `V1 - V3 = N (V2 - V3)`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Autotransformer;
///
/// let z = Autotransformer::new(10e-9, 40e-9, 0.5).z_at(1e9);
/// let w = 2e9 * std::f64::consts::PI;
/// // M = 10 nH: 10 + 40 + 20 nH seen from the top.
/// assert!((z[1][1].im - w * 70e-9).abs() < 1e-9 && (z[0][1].im - w * 20e-9).abs() < 1e-9);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Autotransformer<T: Scalar = f64> {
    /// Self inductance from ground to the tap (port 1), in H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l1: T,
    /// Self inductance from the tap to the top (port 2), in H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l2: T,
    /// Coupling factor between the two sections.
    #[param(bounds = (-1.0, 1.0))]
    pub k: T,
}

impl<T: Scalar> Autotransformer<T> {
    /// Sections `l1` (ground to tap) and `l2` (tap to top), in H, coupled by `k`.
    pub fn new(l1: T, l2: T, k: T) -> Self {
        Autotransformer { l1, l2, k }
    }
}

impl<T: Scalar> Component<2> for Autotransformer<T> {
    type Domain = domain::Z;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, 2> {
        let w = f * TAU;
        let m = mutual(self.l1, self.l2, self.k);
        let z12 = jx(w * (self.l1 + m));
        [
            [jx(w * self.l1), z12],
            [z12, jx(w * (self.l1 + self.l2 + m * 2.0))],
        ]
    }
}

/// An ideal balun of turns ratio `1 : n`, as a 3-port (ParamRF's `Balun`): port 1
/// single-ended, ports 2 and 3 the balanced pair, `V2 - V3 = n V1`, with currents
/// `(I1, I2, I3)` proportional to `(n, -1, 1)` (no common-mode current on the pair).
///
/// `S = I - 2 c c^T / (c^T c)` with `c = (n, -1, 1)`: `S11 = (2 - n^2) / (2 + n^2)`, port 1
/// seeing the pair's two 50 ohm loads in series divided by `n^2` (matched at
/// `n = sqrt(2)`). Lossless and reciprocal for every `n` in `[0, inf]`; `n = 1` is the
/// [`SourceConverter`].
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Balun;
///
/// let s = Balun::new(2.0).s_at(1e9);
/// // c = (2, -1, 1): S11 = 1 - 8/6, S21 = 4/6, S32 = 2/6.
/// assert!((s[0][0].re + 1.0 / 3.0).abs() < 1e-15 && (s[1][0].re - 2.0 / 3.0).abs() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Balun<T: Scalar = f64> {
    /// Turns ratio `n`: the balanced voltage `V2 - V3` over the single-ended `V1`.
    #[param(bounds = (0.0, f64::INFINITY))]
    pub n: T,
}

impl<T: Scalar> Balun<T> {
    /// A `1 : n` balun.
    pub fn new(n: T) -> Self {
        Balun { n }
    }
}

impl<T: Scalar> Component<3> for Balun<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 3> {
        let one = T::one();
        if self.n.re() <= 1.0 {
            constraint_s([self.n, -one, one])
        } else {
            // c / n, finite at n = inf.
            let m = self.n.recip();
            constraint_s([one, -m, m])
        }
    }
}

/// A real constant matrix as a complex one.
fn real<const N: usize>(m: [[f64; N]; N]) -> Mat<f64, N> {
    m.map(|row| row.map(|x| Complex::new(x, 0.0)))
}

/// Declares a parameterless part of constant S-parameters `$matrix` (a `Mat<f64, $n>`).
/// An ideal autotransformer of ratio `N`, as a floating 3-port (ParamRF's `Autotransformer`):
/// the winding's top at port 1, its tap at port 2 and its common end at port 3,
/// `V1 - V3 = N (V2 - V3)`.
///
/// `S = I - 2 c c^T / (c^T c)` with `c = (-1, N, 1 - N)`, lossless and reciprocal. With port 3
/// grounded it is the [`IdealTransformer`](super::IdealTransformer) of ratio `1 : N` from the
/// tap to the top, the `k = 1`, large-inductance limit of the [`Autotransformer`] with
/// `N = 1 + sqrt(L2 / L1)`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::IdealAutotransformer;
///
/// let s = IdealAutotransformer::new(3.0).s_at(1e9);
/// // c = (-1, 3, -2), c^T c = 14: S12 = 6/14.
/// assert!((s[0][1].re - 6.0 / 14.0).abs() < 1e-15 && (s[2][2].re - 3.0 / 7.0).abs() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct IdealAutotransformer<T: Scalar = f64> {
    /// Voltage ratio `N`: the whole winding (ports 1 to 3) over the tap (ports 2 to 3).
    #[param(bounds = (0.0, f64::INFINITY))]
    pub n: T,
}

impl<T: Scalar> IdealAutotransformer<T> {
    /// An autotransformer of voltage ratio `n`.
    pub fn new(n: T) -> Self {
        IdealAutotransformer { n }
    }
}

impl<T: Scalar> Component<3> for IdealAutotransformer<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 3> {
        constraint_s([-T::one(), self.n, -self.n + 1.0])
    }
}

/// An ideal transformer of ratio `1 : N` with a tapped primary, as a floating 5-port (ParamRF's
/// `CentreTappedTransformer`): primary between ports 1 (+) and 2 (-), secondary between ports
/// 3 (+) and 4 (-), the primary's tap at port 5, a fraction `tap` of the way from port 1 to
/// port 2 (`0.5`: the centre). `V3 - V4 = N (V1 - V2)`, `V5 = (1 - tap) V1 + tap V2`.
///
/// `S = I - 2 X (X^T X)^-1 X^T` with the columns of `X` `(1 - tap, tap, 0, 0, -1)` and
/// `(N, -N, -1, 1, 0)`: lossless and reciprocal. With the tap unconnected it is the
/// [`IdealTransformer4`](super::IdealTransformer4). (The [`CentreTappedTransformer`] is the
/// 3-port of coupled inductors with its secondary's centre grounded.)
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::IdealCentreTappedTransformer;
///
/// let s = IdealCentreTappedTransformer::new(2.0, 0.5).s_at(1e9);
/// let (u, r) = (0..5).fold((0.0f64, 0.0f64), |(u, r), i| {
///     let p: Complex<f64> = (0..5).map(|k| s[i][k] * s[i][k].conj()).sum();
///     (u.max((p.re - 1.0).abs()), r.max((s[i][(i + 1) % 5] - s[(i + 1) % 5][i]).norm()))
/// });
/// assert!(u < 1e-15 && r < 1e-15); // lossless, reciprocal
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct IdealCentreTappedTransformer<T: Scalar = f64> {
    /// Turns ratio `N` of `1 : N` (secondary to primary voltage).
    #[param(bounds = (0.0, f64::INFINITY))]
    pub n: T,
    /// Position of the tap along the primary, from port 1 (`0`) to port 2 (`1`).
    #[param(bounds = (0.0, 1.0))]
    pub tap: T,
}

impl<T: Scalar> IdealCentreTappedTransformer<T> {
    /// A `1 : n` transformer with its primary tapped at `tap` (`0.5`: the centre).
    pub fn new(n: T, tap: T) -> Self {
        IdealCentreTappedTransformer { n, tap }
    }
}

impl<T: Scalar> Component<5> for IdealCentreTappedTransformer<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 5> {
        let (o, one, n, t) = (T::zero(), T::one(), self.n, self.tap);
        constraint2_s([[-t + 1.0, t, o, o, -one], [n, -n, -one, one, o]])
    }
}

macro_rules! constant_part {
    ($(#[$doc:meta])* $name:ident, $n:literal, $matrix:expr) => {
        $(#[$doc])*
        #[derive(Model, Clone, Copy, Debug, PartialEq)]
        pub struct $name<T: Scalar = f64> {
            _t: PhantomData<T>,
        }

        impl $name<f64> {
            #[doc = concat!("The ", stringify!($name), "; over any scalar `T` (in generic model \
                code), `", stringify!($name), "::<T>::default()`.")]
            pub fn new() -> Self {
                Self::default()
            }
        }

        /// No bound on `T`: generic model code builds it over any scalar.
        impl<T: Scalar> Default for $name<T> {
            fn default() -> Self {
                $name { _t: PhantomData }
            }
        }

        impl<T: Scalar> Component<$n> for $name<T> {
            type Domain = domain::S;
            #[inline]
            fn primary(&self, _f: T) -> Mat<T, $n> {
                let m: Mat<f64, $n> = $matrix;
                m.map(|row| row.map(|z| Complex::new(T::from(z.re), T::from(z.im))))
            }
        }
    };
}
pub(crate) use constant_part;

constant_part!(
    /// ParamRF's `SourceConverter`, a 3-port: `S = [[1, 2, -2], [2, 1, 2], [-2, 2, 1]] / 3`,
    /// which is the ideal [`Balun`] of ratio `1 : 1` (port 1 single-ended, `V2 - V3 = V1`).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{Balun, SourceConverter};
    ///
    /// let (a, b) = (SourceConverter::new().s_at(1e9), Balun::new(1.0).s_at(1e9));
    /// assert!((0..9).all(|k| (a[k / 3][k % 3] - b[k / 3][k % 3]).norm() < 1e-15));
    /// ```
    SourceConverter,
    3,
    real([
        [1.0 / 3.0, 2.0 / 3.0, -2.0 / 3.0],
        [2.0 / 3.0, 1.0 / 3.0, 2.0 / 3.0],
        [-2.0 / 3.0, 2.0 / 3.0, 1.0 / 3.0]
    ])
);

constant_part!(
    /// ParamRF's `MixedModeConverter`, an ideal lossless 4-port between a differential port
    /// (port 1), a common-mode port (port 2) and the single-ended pair (ports 3 `p` and 4 `n`):
    /// `S = [[1, 0, 2, -2], [0, -1, 2, 2], [2, 2, 0, 1], [-2, 2, 1, 0]] / 3` at 50 ohm.
    ///
    /// Its mode ports are transformers onto the pair: port 1 sees `2 Z0` (`S11 = 1/3`), port 2
    /// `Z0 / 2` (`S22 = -1/3`). Renormalised to 100 and 25 ohm there
    /// ([`Component::s_at_z0`]), it is a perfect mode splitter, and a single-ended 2-port
    /// connected to ports 3 and 4 gives the differential and common-mode S of
    /// [`Network::se2gmm`](crate::network::Network::se2gmm) at those references.
    /// (ParamRF refuses unequal port references; here they renormalise exactly.)
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::MixedModeConverter;
    ///
    /// let z0 = [100.0, 25.0, 50.0, 50.0].map(|z| Complex::new(z, 0.0));
    /// let s = MixedModeConverter::new().s_at_z0(1e9, &z0, WaveDef::Power);
    /// let h = std::f64::consts::FRAC_1_SQRT_2;
    /// // The differential wave splits into +-1/sqrt 2 on p and n, the common one into +1/sqrt 2.
    /// assert!((s[2][0].re - h).abs() < 1e-15 && (s[3][0].re + h).abs() < 1e-15);
    /// assert!((s[2][1].re - h).abs() < 1e-15 && (s[3][1].re - h).abs() < 1e-15);
    /// assert!((0..4).all(|i| s[i][i].norm() < 1e-15));
    /// ```
    MixedModeConverter,
    4,
    real([
        [1.0 / 3.0, 0.0, 2.0 / 3.0, -2.0 / 3.0],
        [0.0, -1.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0],
        [2.0 / 3.0, 2.0 / 3.0, 0.0, 1.0 / 3.0],
        [-2.0 / 3.0, 2.0 / 3.0, 1.0 / 3.0, 0.0]
    ])
);
