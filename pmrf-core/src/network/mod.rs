//! Components and their network matrices.
//!
//! A component implements [`Component<N>`] for its port count `N`, in one primary [`Domain`]
//! (S, ABCD, Z or Y) evaluated per frequency point. Every other representation is derived through
//! the conversions in [`convert`], and whole frequency sweeps come out as `(nfreq, N, N)` arrays,
//! frequency first, row = receiving port, column = driving port (`s[[k, 1, 0]]` is S21).
//!
//! S-parameters are at the real [`Z0`] = 50 ohm unless asked otherwise: [`reference`](mod@reference) converts and
//! renormalises at per-port complex reference impedances with power or pseudo waves
//! ([`WaveDef`]), and [`Component::s_at_z0`], [`Component::s_z0`] and
//! [`Component::s_z0_per_frequency`] evaluate a component there.

pub mod convert;
mod data;
pub use data::{
    Gate, GateMethod, GateMode, Interpolation, Network, TimeOptions, TimeResponse, Window,
};
pub(crate) use data::{gradient, parse_entry, spline, spline_moments, unwrap_offsets};
pub mod amplifier;
pub(crate) mod lu;
pub mod matrix;
pub mod noise;
pub mod reference;
#[cfg(test)]
mod test_rng;
pub mod twoport;

use ndarray::{Array3, ArrayView2, ArrayViewMut3};
use num_complex::{Complex, Complex64};

pub use reference::WaveDef;

use crate::{Error, Frequency, Model, Result, Scalar};
use num_dual::DualStruct;

/// An `N x N` complex network matrix at one frequency point: `m[row][col]`.
pub type Mat<T, const N: usize> = [[Complex<T>; N]; N];

/// The reference impedance of S-parameters, in ohm, wherever none is given.
pub const Z0: f64 = 50.0;

/// The most ports a [`Component`] (and a matrix inverted by the conversions) may have: 32.
///
/// Network matrices live on the stack, and batches run on rayon worker threads with 2 MiB
/// stacks. Measured for the deepest path, `s_at` of a Z- or Y-domain component on `Dual64`
/// (which inverts): 527 KiB at 32 ports in a debug build (303 KiB optimised), growing as `N^2`
/// to 2 MiB at 64 ports, where the process aborts. 32 keeps a 4x margin. Evaluating a larger
/// component is a compile-time error, not a crash at run time:
///
/// ```compile_fail
/// use pmrf::prelude::*;
/// use pmrf::network::domain;
///
/// #[derive(Model, Clone, Debug)]
/// struct Huge<T: Scalar = f64> {
///     #[param]
///     r: T,
/// }
/// impl<T: Scalar> Component<33> for Huge<T> {
///     type Domain = domain::S;
///     fn primary(&self, _f: T) -> Mat<T, 33> {
///         [[Complex::new(self.r, T::zero()); 33]; 33]
///     }
/// }
/// let _ = Huge { r: 0.5 }.s_at(1e9); // error: at most MAX_PORTS ports
/// ```
pub const MAX_PORTS: usize = 32;

/// Fails compilation (post-monomorphisation) for `N > MAX_PORTS`.
macro_rules! assert_ports {
    ($n:expr) => {
        const {
            assert!(
                $n <= $crate::network::MAX_PORTS,
                "pmrf components have at most MAX_PORTS = 32 ports: larger network matrices overflow a 2 MiB thread stack"
            )
        }
    };
}
pub(crate) use assert_ports;

/// Which network representation a component computes natively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DomainKind {
    /// Scattering parameters (power waves) at the real reference impedance [`Z0`].
    S,
    /// Chain (ABCD) parameters; 2-ports only.
    Abcd,
    /// Impedance parameters.
    Z,
    /// Admittance parameters.
    Y,
}

/// Marker types naming a primary domain: `type Domain = domain::Abcd;`.
pub mod domain {
    /// Scattering parameters.
    #[derive(Debug, Clone, Copy)]
    pub struct S;
    /// Chain (ABCD) parameters (2-ports only).
    #[derive(Debug, Clone, Copy)]
    pub struct Abcd;
    /// Impedance parameters.
    #[derive(Debug, Clone, Copy)]
    pub struct Z;
    /// Admittance parameters.
    #[derive(Debug, Clone, Copy)]
    pub struct Y;
}

mod sealed {
    /// The private supertrait that seals [`Domain`](super::Domain) and
    /// [`ToAbcd`](super::ToAbcd).
    pub trait Sealed {}
    impl Sealed for super::domain::S {}
    impl Sealed for super::domain::Abcd {}
    impl Sealed for super::domain::Z {}
    impl Sealed for super::domain::Y {}
}

/// A primary domain that is valid for `N`-port components, with the conversions out of it.
///
/// Implemented by [`domain::S`], [`domain::Z`] and [`domain::Y`] for every `N`, and by
/// [`domain::Abcd`] for `N = 2` only, so an ABCD 1-port does not compile.
///
/// Sealed: only the four markers in [`domain`] implement it (through a private supertrait), so
/// that conversions can be added to it without breaking anyone. Components choose one of them.
///
/// ```compile_fail
/// use pmrf::prelude::*;
/// use pmrf::network::{Domain, DomainKind, WaveDef};
///
/// struct MyDomain;
/// impl Domain<2> for MyDomain { // error: `Sealed` is not implemented for `MyDomain`
///     const KIND: DomainKind = DomainKind::S;
///     fn to_s_z0<T: Scalar>(m: &Mat<T, 2>, _: &[Complex<T>; 2], _: WaveDef) -> Mat<T, 2> { *m }
///     fn to_s<T: Scalar>(m: &Mat<T, 2>, _: f64) -> Mat<T, 2> { *m }
///     fn to_z<T: Scalar>(m: &Mat<T, 2>, _: f64) -> Mat<T, 2> { *m }
///     fn to_y<T: Scalar>(m: &Mat<T, 2>, _: f64) -> Mat<T, 2> { *m }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a primary domain for {N}-port components",
    label = "not a domain of {N}-port components",
    note = "ABCD (chain) parameters describe 2-ports only; use `domain::S`, `domain::Z` or `domain::Y`"
)]
pub trait Domain<const N: usize>: sealed::Sealed {
    /// Which domain this marker names.
    const KIND: DomainKind;
    /// Converts a matrix of this domain to S-parameters at per-port complex reference
    /// impedances `z0`, with the wave definition `waves` (see [`reference`](mod@reference)).
    ///
    /// An S-domain matrix is taken to be at the real [`Z0`] on every port and renormalised.
    fn to_s_z0<T: Scalar>(m: &Mat<T, N>, z0: &[Complex<T>; N], waves: WaveDef) -> Mat<T, N>;
    /// Converts a matrix of this domain to S-parameters at reference impedance `z0`.
    fn to_s<T: Scalar>(m: &Mat<T, N>, z0: f64) -> Mat<T, N>;
    /// Converts a matrix of this domain to Z-parameters.
    fn to_z<T: Scalar>(m: &Mat<T, N>, z0: f64) -> Mat<T, N>;
    /// Converts a matrix of this domain to Y-parameters.
    fn to_y<T: Scalar>(m: &Mat<T, N>, z0: f64) -> Mat<T, N>;
}

/// Conversion of a 2-port domain to ABCD parameters.
///
/// Sealed like [`Domain`]: implemented by the four markers in [`domain`].
pub trait ToAbcd: Domain<2> + sealed::Sealed {
    /// Converts a 2-port matrix of this domain to ABCD parameters.
    fn to_abcd<T: Scalar>(m: &Mat<T, 2>, z0: f64) -> Mat<T, 2>;
}

impl<const N: usize> Domain<N> for domain::S {
    const KIND: DomainKind = DomainKind::S;
    fn to_s_z0<T: Scalar>(m: &Mat<T, N>, z0: &[Complex<T>; N], waves: WaveDef) -> Mat<T, N> {
        reference::renormalize_s(m, &[crate::cmath::real(T::from(Z0)); N], z0, waves)
    }
    fn to_s<T: Scalar>(m: &Mat<T, N>, _: f64) -> Mat<T, N> {
        *m
    }
    fn to_z<T: Scalar>(m: &Mat<T, N>, z0: f64) -> Mat<T, N> {
        convert::s2z(m, z0)
    }
    fn to_y<T: Scalar>(m: &Mat<T, N>, z0: f64) -> Mat<T, N> {
        convert::s2y(m, z0)
    }
}

impl<const N: usize> Domain<N> for domain::Z {
    const KIND: DomainKind = DomainKind::Z;
    fn to_s_z0<T: Scalar>(m: &Mat<T, N>, z0: &[Complex<T>; N], waves: WaveDef) -> Mat<T, N> {
        reference::z2s(m, z0, waves)
    }
    fn to_s<T: Scalar>(m: &Mat<T, N>, z0: f64) -> Mat<T, N> {
        convert::z2s(m, z0)
    }
    fn to_z<T: Scalar>(m: &Mat<T, N>, _: f64) -> Mat<T, N> {
        *m
    }
    fn to_y<T: Scalar>(m: &Mat<T, N>, _: f64) -> Mat<T, N> {
        convert::z2y(m)
    }
}

impl<const N: usize> Domain<N> for domain::Y {
    const KIND: DomainKind = DomainKind::Y;
    fn to_s_z0<T: Scalar>(m: &Mat<T, N>, z0: &[Complex<T>; N], waves: WaveDef) -> Mat<T, N> {
        reference::y2s(m, z0, waves)
    }
    fn to_s<T: Scalar>(m: &Mat<T, N>, z0: f64) -> Mat<T, N> {
        convert::y2s(m, z0)
    }
    fn to_z<T: Scalar>(m: &Mat<T, N>, _: f64) -> Mat<T, N> {
        convert::y2z(m)
    }
    fn to_y<T: Scalar>(m: &Mat<T, N>, _: f64) -> Mat<T, N> {
        *m
    }
}

impl Domain<2> for domain::Abcd {
    const KIND: DomainKind = DomainKind::Abcd;
    fn to_s_z0<T: Scalar>(m: &Mat<T, 2>, z0: &[Complex<T>; 2], waves: WaveDef) -> Mat<T, 2> {
        reference::a2s(m, z0, waves)
    }
    fn to_s<T: Scalar>(m: &Mat<T, 2>, z0: f64) -> Mat<T, 2> {
        convert::a2s(m, z0)
    }
    fn to_z<T: Scalar>(m: &Mat<T, 2>, _: f64) -> Mat<T, 2> {
        convert::a2z(m)
    }
    fn to_y<T: Scalar>(m: &Mat<T, 2>, _: f64) -> Mat<T, 2> {
        convert::a2y(m)
    }
}

impl ToAbcd for domain::S {
    fn to_abcd<T: Scalar>(m: &Mat<T, 2>, z0: f64) -> Mat<T, 2> {
        convert::s2a(m, z0)
    }
}
impl ToAbcd for domain::Z {
    fn to_abcd<T: Scalar>(m: &Mat<T, 2>, _: f64) -> Mat<T, 2> {
        convert::z2a(m)
    }
}
impl ToAbcd for domain::Y {
    fn to_abcd<T: Scalar>(m: &Mat<T, 2>, _: f64) -> Mat<T, 2> {
        convert::y2a(m)
    }
}
impl ToAbcd for domain::Abcd {
    fn to_abcd<T: Scalar>(m: &Mat<T, 2>, _: f64) -> Mat<T, 2> {
        *m
    }
}

/// A component with `N` ports, computed per frequency point in one primary domain.
///
/// Implement [`Component::primary`] for the domain named by [`Component::Domain`]; S, Z, Y and
/// (for 2-ports) ABCD over whole frequency grids follow from the provided methods. The frequency
/// is a scalar too, so derivatives with respect to frequency (group delay) come for free.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::network::domain;
///
/// /// A capacitor in series between port 1 and port 2.
/// #[derive(Model, Clone, Debug)]
/// pub struct MyCap<T: Scalar = f64> {
///     #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-6))]
///     pub c: T,
/// }
///
/// impl<T: Scalar> Component<2> for MyCap<T> {
///     type Domain = domain::Abcd;
///     fn primary(&self, f: T) -> Mat<T, 2> {
///         // Series impedance Z = 1/(jwC): ABCD = [[1, Z], [0, 1]].
///         let wc = self.c * f * std::f64::consts::TAU;
///         let (one, zero) = (Complex::new(T::one(), T::zero()), Complex::new(T::zero(), T::zero()));
///         [[one, Complex::new(T::zero(), -wc.recip())], [zero, one]]
///     }
/// }
///
/// let freq = Frequency::linspace(0.1, 1.0, 10, FrequencyUnit::GHz)?;
/// let s = MyCap { c: 1e-12 }.s(&freq);
/// assert_eq!(s.shape(), [10, 2, 2]);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a {N}-port component",
    label = "not a {N}-port component",
    note = "a component implements `Component<N>` for its number of ports `N`, choosing one primary domain (S, ABCD, Z or Y); 2-port compositions such as `Cascade` need `Component<2>`"
)]
pub trait Component<const N: usize>: Model {
    /// The primary domain: [`domain::S`], [`domain::Abcd`] (2-ports), [`domain::Z`] or [`domain::Y`].
    type Domain: Domain<N>;

    /// The matrix of the primary domain at frequency `f` (Hz).
    fn primary(&self, f: Self::Scalar) -> Mat<Self::Scalar, N>;

    /// S-parameters at `f` (Hz), reference impedance [`Z0`].
    #[inline]
    fn s_at(&self, f: Self::Scalar) -> Mat<Self::Scalar, N> {
        assert_ports!(N);
        Self::Domain::to_s(&self.primary(f), Z0)
    }

    /// For 2-ports: the ABCD matrix at `f` (Hz) where a cheap closed form exists and is finite,
    /// in its structured form ([`twoport::Abcd`]: a series or shunt element, a reciprocal or a
    /// general 2-port); `None` elsewhere (the default for S, Z and Y components).
    ///
    /// [`Cascade`](crate::components::Cascade) multiplies consecutive stages that give one as
    /// ABCD matrices (one reciprocal per run instead of one star product per stage, 2 complex
    /// products per series or shunt element) and joins the others by the exact star product of
    /// their S-parameters, so returning `None` is always correct. Return `None` where the matrix
    /// does not exist or is not finite (an open in series, a short in shunt: a stage that
    /// blocks transmission), e.g. through [`twoport::series_impedance_abcd`] and friends. The
    /// default for an ABCD-domain component is its primary matrix where finite, as
    /// [`Abcd::General`](twoport::Abcd::General). Meaningless for `N != 2`: leave it.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesC, SeriesL};
    /// use pmrf::network::twoport::Abcd;
    ///
    /// let Some(Abcd::Series(z)) = SeriesL::new(5e-9).abcd_hint(1e9) else { panic!() };
    /// assert!((z.im - 2e9 * std::f64::consts::PI * 5e-9).abs() < 1e-12);
    /// assert!(SeriesC::new(1e-12).abcd_hint(0.0).is_none()); // an open at DC
    /// ```
    #[inline]
    fn abcd_hint(&self, f: Self::Scalar) -> Option<twoport::Abcd<Self::Scalar>> {
        if N != 2 || Self::Domain::KIND != DomainKind::Abcd {
            return None;
        }
        let m = self.primary(f);
        let finite = m
            .iter()
            .flatten()
            .all(|z| z.re.re().is_finite() && z.im.re().is_finite());
        finite.then(|| twoport::Abcd::General([[m[0][0], m[0][1]], [m[1][0], m[1][1]]]))
    }

    /// S-parameters at `f` (Hz) at per-port complex reference impedances `z0` (ohm), with the
    /// wave definition `waves` ([`WaveDef::Power`] is the usual choice; see [`reference`](mod@reference)).
    ///
    /// `z0` is a scalar like the parameters, so derivatives with respect to it are available
    /// ([`reference::lift`] turns `Complex64` values into any scalar). At `z0 = [50; N]` this
    /// agrees with [`s_at`](Component::s_at), the faster shortcut. NaN where S does not exist at
    /// that reference, or if a `Re(z0) <= 0`.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    /// use pmrf::network::WaveDef;
    ///
    /// let z0 = [Complex::new(25.0, -10.0), Complex::new(50.0, 0.0)];
    /// let s = SeriesR::new(0.0).s_at_z0(1e9, &z0, WaveDef::Power);
    /// // A thru between 25 - 10j and 50 ohm: power-wave reflection (50 - conj z1)/(50 + z1).
    /// let want = (Complex::new(50.0, 0.0) - z0[0].conj()) / (z0[0] + 50.0);
    /// assert!((s[0][0] - want).norm() < 1e-14);
    /// ```
    #[inline]
    fn s_at_z0(
        &self,
        f: Self::Scalar,
        z0: &[Complex<Self::Scalar>; N],
        waves: WaveDef,
    ) -> Mat<Self::Scalar, N> {
        assert_ports!(N);
        Self::Domain::to_s_z0(&self.primary(f), z0, waves)
    }

    /// Z-parameters at `f` (Hz).
    #[inline]
    fn z_at(&self, f: Self::Scalar) -> Mat<Self::Scalar, N> {
        assert_ports!(N);
        Self::Domain::to_z(&self.primary(f), Z0)
    }

    /// Y-parameters at `f` (Hz).
    #[inline]
    fn y_at(&self, f: Self::Scalar) -> Mat<Self::Scalar, N> {
        assert_ports!(N);
        Self::Domain::to_y(&self.primary(f), Z0)
    }

    /// Y-parameters at `f` (Hz) where they exist and are accurate, `None` elsewhere.
    ///
    /// [`Circuit`](crate::components::Circuit)'s nodal solver stamps these, and takes its exact
    /// solver at points where a part returns `None`. The default: the primary matrix if the
    /// domain is Y (and finite), else [`convert::s2y_checked`] of [`s_at`](Component::s_at).
    /// Override it where a closed form is cheaper, or exact where the conversion loses digits
    /// (a series element's `y [[1, -1], [-1, 1]]`); return `None` where there is no Y.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesR, ShuntR};
    /// let y = SeriesR::new(25.0).try_y_at(1e9).unwrap();
    /// assert_eq!((y[0][0].re, y[1][0].re), (0.04, -0.04));
    /// assert!(ShuntR::new(25.0).try_y_at(1e9).is_none()); // its two ports are one node
    /// ```
    #[inline]
    fn try_y_at(&self, f: Self::Scalar) -> Option<Mat<Self::Scalar, N>> {
        assert_ports!(N);
        match Self::Domain::KIND {
            DomainKind::Y => Some(self.primary(f)).filter(|y| {
                y.iter()
                    .flatten()
                    .all(|z| z.re.re().is_finite() && z.im.re().is_finite())
            }),
            _ => convert::s2y_checked(&self.s_at(f), Z0),
        }
    }

    /// The S-parameters and the noise-wave correlation matrix `C` (kelvin, see
    /// [`noise`](mod@noise)) at `f` (Hz), with the passive parts at physical temperature
    /// `temperature` (K; [`noise::T0`] unless a part says otherwise).
    ///
    /// The default, right for any passive part in thermal equilibrium, is Bosma's theorem
    /// ([`noise::bosma`]): `C = T (I - S S^H)`, zero for a lossless part. Composites combine
    /// their parts' noise; an active part (an amplifier, a noise source) overrides this with its
    /// own `C`, from its noise parameters or its physics.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesL, SeriesR};
    /// use pmrf::network::noise::T0;
    ///
    /// let (_, c) = SeriesL::new(5e-9).s_noise_at(1e9, T0);
    /// assert!(c.iter().flatten().all(|x| x.norm() < 1e-12)); // lossless: noiseless
    /// let (_, c) = SeriesR::new(50.0).s_noise_at(1e9, T0);
    /// assert!(c[1][1].re > 0.0);
    /// ```
    fn s_noise_at(
        &self,
        f: Self::Scalar,
        temperature: Self::Scalar,
    ) -> (Mat<Self::Scalar, N>, Mat<Self::Scalar, N>) {
        let s = self.s_at(f);
        let c = noise::bosma(&s, temperature);
        (s, c)
    }

    /// S-parameters over a frequency grid, shape `(nfreq, N, N)`.
    fn s(&self, freq: &Frequency) -> Array3<Complex<Self::Scalar>> {
        sweep(freq, |f| self.s_at(f))
    }

    /// S-parameters over a frequency grid at the same per-port reference impedances `z0` at every
    /// point, shape `(nfreq, N, N)`: [`s_at_z0`](Component::s_at_z0) at each point.
    fn s_z0(
        &self,
        freq: &Frequency,
        z0: &[Complex<Self::Scalar>; N],
        waves: WaveDef,
    ) -> Array3<Complex<Self::Scalar>> {
        sweep(freq, |f| self.s_at_z0(f, z0, waves))
    }

    /// The S-parameters over `freq` as a [`Network`]: 50 ohm on every port.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesL;
    ///
    /// let freq = Frequency::linspace(1.0, 3.0, 21, FrequencyUnit::GHz)?;
    /// let net = SeriesL::new(3e-9).network(&freq)?;
    /// assert_eq!((net.len(), net.nports()), (21, 2));
    /// assert!(net.is_reciprocal(1e-15) && net.is_lossless(1e-12));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if an S-parameter is infinite (NaN, "does not exist", is kept).
    fn network(&self, freq: &Frequency) -> Result<Network>
    where
        Self: Model<Scalar = f64>,
    {
        match self.port_z0() {
            Some(z0) => self.network_z0(freq, &z0),
            None => Network::from_s(freq.clone(), self.s(freq)),
        }
    }

    /// The reference impedances [`network`](Component::network) reports at, `None` for
    /// [`Z0`] on every port (the default). A circuit's external ports can have their own
    /// ([`Netlist::port_z0`](crate::components::Netlist::port_z0)); [`s_at`](Component::s_at)
    /// and every other method stay at `Z0`, so components compose alike.
    fn port_z0(&self) -> Option<[Complex64; N]> {
        None
    }

    /// The S-parameters over `freq` as a [`Network`] at the complex reference impedances `z0`
    /// (one per port, power waves, as every `Network` holds them).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let z0 = [Complex::new(25.0, -10.0), Complex::new(75.0, 0.0)];
    /// let net = SeriesR::new(10.0).network_z0(&freq, &z0)?;
    /// assert_eq!(net.z0()[[0, 0]], z0[0]);
    /// // Renormalised from 50 ohm: the same circuit, other waves.
    /// assert!((net.s()[[0, 1, 0]] - SeriesR::new(10.0).s_at(1e9)[1][0]).norm() > 1e-3);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] for a reference impedance with `Re(z0) <= 0` or not finite.
    fn network_z0(&self, freq: &Frequency, z0: &[Complex64; N]) -> Result<Network>
    where
        Self: Model<Scalar = f64>,
    {
        let s = self.s_z0(freq, z0, WaveDef::Power);
        let z0 = ndarray::Array2::from_shape_fn((freq.len(), N), |(_, i)| z0[i]);
        Network::new(freq.clone(), s, z0)
    }

    /// S-parameters over a frequency grid at reference impedances that vary with frequency:
    /// `z0[[k, i]]` is the reference of port `i` at point `k`, shape `(nfreq, N)` (as measured
    /// data often have). Result shape `(nfreq, N, N)`.
    ///
    /// # Errors
    /// [`Error::Shape`] if `z0` is not `(nfreq, N)`.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    /// use pmrf::ndarray::Array2;
    /// use pmrf::network::WaveDef;
    ///
    /// let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz)?;
    /// let z0 = Array2::from_elem((3, 2), Complex::new(50.0, -5.0));
    /// let s = SeriesR::new(10.0).s_z0_per_frequency(&freq, z0.view(), WaveDef::Pseudo)?;
    /// assert_eq!(s.dim(), (3, 2, 2));
    /// assert!(SeriesR::new(10.0).s_z0_per_frequency(&freq, z0.t(), WaveDef::Pseudo).is_err());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    fn s_z0_per_frequency(
        &self,
        freq: &Frequency,
        z0: ArrayView2<'_, Complex64>,
        waves: WaveDef,
    ) -> Result<Array3<Complex<Self::Scalar>>> {
        assert_ports!(N);
        if z0.dim() != (freq.len(), N) {
            return Err(Error::Shape(format!(
                "reference impedances of a {N}-port over {} points need shape ({}, {N}), got {:?}",
                freq.len(),
                freq.len(),
                z0.dim()
            )));
        }
        let mut data = Vec::with_capacity(freq.len() * N * N);
        for (k, &f) in freq.hz().iter().enumerate() {
            let zk: [Complex<Self::Scalar>; N] = std::array::from_fn(|i| {
                let z = z0[[k, i]];
                Complex::new(Self::Scalar::from(z.re), Self::Scalar::from(z.im))
            });
            data.extend(
                self.s_at_z0(Self::Scalar::from(f), &zk, waves)
                    .into_iter()
                    .flatten(),
            );
        }
        Array3::from_shape_vec((freq.len(), N, N), data)
            .map_err(|e| Error::Shape(format!("internal: {e}")))
    }

    /// Z-parameters over a frequency grid, shape `(nfreq, N, N)`.
    fn z(&self, freq: &Frequency) -> Array3<Complex<Self::Scalar>> {
        sweep(freq, |f| self.z_at(f))
    }

    /// Y-parameters over a frequency grid, shape `(nfreq, N, N)`.
    fn y(&self, freq: &Frequency) -> Array3<Complex<Self::Scalar>> {
        sweep(freq, |f| self.y_at(f))
    }

    /// Writes S-parameters into `out`, shape `(nfreq, N, N)`, without allocating.
    ///
    /// # Errors
    /// [`Error::Shape`] if `out` is not `(nfreq, N, N)`.
    fn s_into(
        &self,
        freq: &Frequency,
        out: ArrayViewMut3<'_, Complex<Self::Scalar>>,
    ) -> Result<()> {
        sweep_into(freq, out, |f| self.s_at(f))
    }
}

/// ABCD parameters of 2-port components.
pub trait TwoPort: Component<2, Domain: ToAbcd> {
    /// ABCD parameters at `f` (Hz).
    #[inline]
    fn abcd_at(&self, f: Self::Scalar) -> Mat<Self::Scalar, 2> {
        Self::Domain::to_abcd(&self.primary(f), Z0)
    }

    /// ABCD parameters over a frequency grid, shape `(nfreq, 2, 2)`.
    fn abcd(&self, freq: &Frequency) -> Array3<Complex<Self::Scalar>> {
        sweep(freq, |f| self.abcd_at(f))
    }
}

impl<M: Component<2, Domain: ToAbcd>> TwoPort for M {}

/// Evaluates `at` at every point of `freq` into a `(nfreq, N, N)` array.
pub(crate) fn sweep<T: Scalar, const N: usize>(
    freq: &Frequency,
    mut at: impl FnMut(T) -> Mat<T, N>,
) -> Array3<Complex<T>> {
    assert_ports!(N);
    let mut data = Vec::with_capacity(freq.len() * N * N);
    for &f in freq.hz() {
        // A copy of the N * N block (the flattening iterator costs as much as a small 2-port).
        data.extend_from_slice(at(T::from(f)).as_flattened());
    }
    match Array3::from_shape_vec((freq.len(), N, N), data) {
        Ok(a) => a,
        Err(_) => unreachable!("each point yields N x N values"),
    }
}

/// Writes `at` at every point of `freq` into `out`, which must be `(nfreq, N, N)`.
pub(crate) fn sweep_into<T: Scalar, const N: usize>(
    freq: &Frequency,
    mut out: ArrayViewMut3<'_, Complex<T>>,
    mut at: impl FnMut(T) -> Mat<T, N>,
) -> Result<()> {
    assert_ports!(N);
    if out.dim() != (freq.len(), N, N) {
        return Err(Error::Shape(format!(
            "S of a {N}-port over {} points needs an output of shape ({}, {N}, {N}), got {:?}",
            freq.len(),
            freq.len(),
            out.dim()
        )));
    }
    for (k, &f) in freq.hz().iter().enumerate() {
        for (i, row) in at(T::from(f)).iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                out[[k, i, j]] = *v;
            }
        }
    }
    Ok(())
}
