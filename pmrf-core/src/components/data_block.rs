//! Measured or simulated data as a block: [`DataBlock`] (`N` ports known at compile time, a
//! [`Component<N>`] like any part) and [`DynBlock`] (any port count, a part of run-time
//! [`Circuit`](super::Circuit)s through [`WithBlocks`](super::WithBlocks)).
//!
//! Both share one evaluation: S at 50 ohm (renormalised once, when built), interpolated between
//! the data's points by the [`Interpolation`] the user names, as a function of a frequency that
//! may carry derivatives, so `diff::group_delay` differentiates through the interpolation
//! exactly. The data are constants: every parameter derivative of a block is zero.

use std::marker::PhantomData;
use std::sync::Arc;

use ndarray::{Array3, ArrayViewMut3};
use num_complex::{Complex, Complex64};

use crate::components::circuit::bosma_into;
use crate::network::{
    Component, Interpolation, Mat, WaveDef, Z0, assert_ports, domain, spline, spline_moments,
    sweep, sweep_into, unwrap_offsets,
};
use crate::params::{ParamMeta, Path};
use crate::{Error, Frequency, Model, Network, Result, Scalar};

/// What a block gives outside the data's frequency range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Extrapolation {
    /// Nothing: S is NaN there ([`Component::s_at`] cannot fail), and [`Component::network`],
    /// [`Component::s_into`] (what fits and batches call) and [`DataBlock::covers`] are errors
    /// naming the block and the frequency (the default).
    #[default]
    Refuse,
    /// The value at the nearest edge of the data, held constant (zero frequency derivative).
    HoldEdge,
}

/// The data of a block at 50 ohm, ready to interpolate: shared by clones and by the block's
/// scalar variants.
#[derive(Debug, PartialEq)]
struct Data {
    name: String,
    ports: usize,
    hz: Vec<f64>,
    /// S at [`Z0`], `(nfreq, ports, ports)` row-major.
    s: Vec<Complex64>,
    /// Per entry: magnitude and unwrapped phase ([`Interpolation::MagnitudePhase`]), or the
    /// spline's second derivatives of the real and imaginary parts ([`Interpolation::Cubic`]),
    /// as `(re, im)`; empty for [`Interpolation::Linear`].
    aux: Vec<Complex64>,
    method: Interpolation,
    extrapolation: Extrapolation,
}

impl Data {
    fn new(net: &Network, method: Interpolation, extrapolation: Extrapolation) -> Result<Self> {
        let z50 = Complex64::new(Z0, 0.0);
        let at50 = if net.z0().iter().all(|&z| z == z50) {
            net.clone()
        } else {
            net.renormalized_uniform(z50, WaveDef::Power)?
        };
        let (nfreq, n) = (net.len(), net.nports());
        let s: Vec<Complex64> = at50.s().iter().copied().collect();
        let hz = net.frequency().hz().to_vec();
        let entries = n * n;
        let mut aux = Vec::new();
        if method != Interpolation::Linear {
            aux = vec![Complex64::new(0.0, 0.0); s.len()];
            let lane = |e: usize, part: fn(Complex64) -> f64| -> Vec<f64> {
                (0..nfreq).map(|k| part(s[k * entries + e])).collect()
            };
            for e in 0..entries {
                let (re, im) = match method {
                    Interpolation::MagnitudePhase => {
                        let phase = lane(e, |z| z.arg());
                        let unwrapped = phase.iter().zip(unwrap_offsets(&phase));
                        let phase: Vec<f64> = unwrapped.map(|(p, o)| p + o).collect();
                        (lane(e, |z| z.norm()), phase)
                    }
                    _ => (
                        spline_moments(&hz, &lane(e, |z| z.re)),
                        spline_moments(&hz, &lane(e, |z| z.im)),
                    ),
                };
                for k in 0..nfreq {
                    aux[k * entries + e] = Complex64::new(re[k], im[k]);
                }
            }
        }
        Ok(Data {
            name: net.name().to_string(),
            ports: n,
            hz,
            s,
            aux,
            method,
            extrapolation,
        })
    }

    /// The block's name for messages.
    fn label(&self) -> String {
        if self.name.is_empty() {
            format!("data block ({}-port)", self.ports)
        } else {
            format!("data block `{}`", self.name)
        }
    }

    /// An error if `freq` reaches outside the data (and the block does not extrapolate).
    fn covers(&self, freq: &Frequency) -> Result<()> {
        if self.extrapolation == Extrapolation::HoldEdge {
            return Ok(());
        }
        let (lo, hi) = (self.hz[0], self.hz[self.hz.len() - 1]);
        match freq.hz().iter().find(|&&f| !(lo..=hi).contains(&f)) {
            None => Ok(()),
            Some(f) => Err(Error::InvalidFrequency(format!(
                "{} has data from {lo} to {hi} Hz but is asked for {f} Hz; it does not \
                 extrapolate (crop the grid to the data, or opt in with \
                 `Extrapolation::HoldEdge`)",
                self.label()
            ))),
        }
    }

    /// Writes S at `f` into `s` (as [`Data::write`]) and its noise at physical temperature
    /// `t` into `c`: Bosma's theorem, clamped to positive semi-definite.
    fn write_noise<T: Scalar>(&self, f: T, t: T, s: &mut [Complex<T>], c: &mut [Complex<T>]) {
        let k = self.ports;
        self.write(f, s);
        bosma_into(&s[..k * k], k, t, &mut c[..k * k]);
        clamp_psd(&mut c[..k * k], k);
    }

    /// Writes S at `f` (50 ohm), `ports * ports` values row-major, into `out`.
    fn write<T: Scalar>(&self, f: T, out: &mut [Complex<T>]) {
        let entries = self.ports * self.ports;
        let out = &mut out[..entries];
        let (hz, fv) = (&self.hz, f.re());
        let last = hz.len() - 1;
        let lift = |z: Complex64| Complex::new(T::from(z.re), T::from(z.im));
        let constant = |out: &mut [Complex<T>], k: usize| {
            for (o, &z) in out.iter_mut().zip(&self.s[k * entries..(k + 1) * entries]) {
                *o = lift(z);
            }
        };
        if !(hz[0]..=hz[last]).contains(&fv) {
            if self.extrapolation == Extrapolation::HoldEdge && !fv.is_nan() {
                return constant(out, if fv < hz[0] { 0 } else { last });
            }
            let nan = T::from(f64::NAN);
            return out.fill(Complex::new(nan, nan));
        }
        if last == 0 {
            return constant(out, 0);
        }
        // The interval [i, i + 1] holding f, and the fraction t of the way (0 and 1 exactly at
        // its ends, so the data come back unchanged), carrying f's derivatives.
        let i = hz.partition_point(|&x| x <= fv).clamp(1, last) - 1;
        let h = hz[i + 1] - hz[i];
        let t = (f - hz[i]) / h;
        let (a, b) = (&self.s[i * entries..], &self.s[(i + 1) * entries..]);
        let one = T::one();
        match self.method {
            Interpolation::Linear => {
                for (e, o) in out.iter_mut().enumerate() {
                    let (a, b) = (a[e], b[e]);
                    *o = Complex::new((one - t) * a.re + t * b.re, (one - t) * a.im + t * b.im);
                }
            }
            Interpolation::MagnitudePhase => {
                let (ma, mb) = (&self.aux[i * entries..], &self.aux[(i + 1) * entries..]);
                for (e, o) in out.iter_mut().enumerate() {
                    // Anchored at the nearer end so the data come back exactly: S = a (1 - t
                    // + t |b|/|a|) exp(j t (phase b - phase a)), the same function either way.
                    let (near, far, u) = if t.re() <= 0.5 {
                        ((a[e], ma[e]), mb[e], t)
                    } else {
                        ((b[e], mb[e]), ma[e], one - t)
                    };
                    let ((z, mz), mf) = (near, far);
                    *o = if mz.re > 0.0 {
                        let scale = (one - u) + u * (mf.re / mz.re);
                        let turn = u * (mf.im - mz.im);
                        lift(z) * Complex::new(turn.cos(), turn.sin()).scale(scale)
                    } else {
                        let m = u * mf.re;
                        let p = (one - u) * mz.im + u * mf.im;
                        Complex::new(m * p.cos(), m * p.sin())
                    };
                }
            }
            Interpolation::Cubic => {
                let (ma, mb) = (&self.aux[i * entries..], &self.aux[(i + 1) * entries..]);
                for (e, o) in out.iter_mut().enumerate() {
                    let (a, b, ma, mb) = (a[e], b[e], ma[e], mb[e]);
                    *o = Complex::new(
                        spline(a.re, b.re, ma.re, mb.re, h, t),
                        spline(a.im, b.im, ma.im, mb.im, h, t),
                    );
                }
            }
        }
    }
}

/// A measured or simulated `N`-port ([`Network`]) as a component: on the data's own
/// frequency points it is the data exactly; between them it is interpolated by the method the
/// user names; outside them it is NaN and an error (see [`Extrapolation`]).
///
/// Its S is at 50 ohm like every component's: data at other (complex, per-port, per-point)
/// references are renormalised once, when the block is built, with power waves. It works in
/// [`Cascade`](super::Cascade), [`Connected`](super::Connected),
/// [`Terminated`](super::Terminated) and circuits. It has no parameters; on dual numbers its
/// parameter derivatives are zero and its frequency derivative is that of the interpolant
/// (so [`group_delay`](crate::diff::group_delay) through it is exact for the interpolant).
/// Messages name it by the network's name.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{DataBlock, SeriesL};
///
/// let grid = Frequency::linspace(1.0, 2.0, 11, FrequencyUnit::GHz)?;
/// let measured = SeriesL::new(1e-9).network(&grid)?.with_name("fixture");
/// let fixture = DataBlock::<2>::new(&measured, Interpolation::Linear)?;
/// // Exact on the data's grid, and a 2-port like any other in a cascade:
/// assert_eq!(fixture.s(&grid), *measured.s());
/// let chain = Cascade::new((fixture.clone(), SeriesL::new(2e-9)));
/// assert!(chain.s_at(1.55e9)[1][0].norm() < 1.0);
/// // Outside the data: NaN from `s_at`, an error naming the block from `network`.
/// assert!(fixture.s_at(3e9)[0][0].re.is_nan());
/// let wide = Frequency::linspace(1.0, 3.0, 3, FrequencyUnit::GHz)?;
/// assert!(fixture.network(&wide).unwrap_err().to_string().contains("`fixture`"));
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// # Noise
///
/// A block is passive data at the physical temperature it is given (`s_noise_at`): Bosma's
/// theorem, `C = T (I - S S^H)`. Measured data can be slightly non-passive (`|S| > 1` by
/// measurement noise), which would make `C` indefinite (a negative noise power). So where `I -
/// S S^H` has a negative eigenvalue, those eigenvalues are clamped to 0 (`C` becomes its
/// nearest positive semi-definite matrix: no noise along the gaining directions, the rest
/// unchanged); at such points `C` is computed on the values and its frequency derivative is
/// dropped. Active data (an amplifier's S with its noise parameters) are not blocks.
pub struct DataBlock<const N: usize, T: Scalar = f64> {
    data: Arc<Data>,
    _scalar: PhantomData<T>,
}

impl<const N: usize, T: Scalar> Clone for DataBlock<N, T> {
    fn clone(&self) -> Self {
        DataBlock {
            data: Arc::clone(&self.data),
            _scalar: PhantomData,
        }
    }
}

impl<const N: usize, T: Scalar> std::fmt::Debug for DataBlock<N, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataBlock<{N}>({})", self.data.label())
    }
}

impl<const N: usize, T: Scalar> PartialEq for DataBlock<N, T> {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data
    }
}

impl<const N: usize> DataBlock<N> {
    /// The block of `network`, interpolated by `method`, refusing to extrapolate.
    ///
    /// # Errors
    /// [`Error::Shape`] if the network has not `N` ports (naming it);
    /// [`Error::InvalidNetwork`] if its reference impedances do not renormalise to 50 ohm.
    pub fn new(network: &Network, method: Interpolation) -> Result<Self> {
        Self::with_extrapolation(network, method, Extrapolation::Refuse)
    }

    /// As [`DataBlock::new`], with what it gives outside the data.
    ///
    /// # Errors
    /// As [`DataBlock::new`].
    pub fn with_extrapolation(
        network: &Network,
        method: Interpolation,
        extrapolation: Extrapolation,
    ) -> Result<Self> {
        assert_ports!(N);
        let data = Data::new(network, method, extrapolation)?;
        if data.ports != N {
            return Err(Error::Shape(format!(
                "{} has {} ports, but DataBlock<{N}> takes {N}",
                data.label(),
                data.ports
            )));
        }
        Ok(DataBlock {
            data: Arc::new(data),
            _scalar: PhantomData,
        })
    }
}

impl<const N: usize, T: Scalar> DataBlock<N, T> {
    /// The network's name.
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// `Ok` if the block gives S at every point of `freq`; else an error naming the block and
    /// the first frequency outside its data.
    ///
    /// # Errors
    /// [`Error::InvalidFrequency`], as described.
    pub fn covers(&self, freq: &Frequency) -> Result<()> {
        self.data.covers(freq)
    }

    /// The same data as a block of run-time port count, for circuits of any size.
    pub fn to_dyn(&self) -> DynBlock<T> {
        DynBlock {
            data: Arc::clone(&self.data),
            _scalar: PhantomData,
        }
    }
}

macro_rules! constant_model {
    ($ty:ident $(, $n:ident)?) => {
        impl<$(const $n: usize,)? T: Scalar> Model for $ty<$($n,)? T> {
            type Scalar = T;
            type Rebind<U: Scalar> = $ty<$($n,)? U>;

            fn visit_params<F>(&self, _: &mut Path, _: &mut F)
            where
                F: FnMut(&Path, Self::Scalar, &ParamMeta),
            {
            }

            fn visit_params_mut<F>(&mut self, _: &mut F)
            where
                F: FnMut(&mut Self::Scalar),
            {
            }

            fn try_map_params<U, E, F>(&self, _: &mut F) -> std::result::Result<Self::Rebind<U>, E>
            where
                U: Scalar,
                F: FnMut(Self::Scalar) -> std::result::Result<U, E>,
            {
                Ok($ty {
                    data: Arc::clone(&self.data),
                    _scalar: PhantomData,
                })
            }
        }
    };
}
constant_model!(DataBlock, N);
constant_model!(DynBlock);

impl<const N: usize, T: Scalar> Component<N> for DataBlock<N, T> {
    type Domain = domain::S;

    #[inline]
    fn primary(&self, f: T) -> Mat<T, N> {
        let zero = Complex::new(T::zero(), T::zero());
        let mut s = [[zero; N]; N];
        self.data.write(f, s.as_flattened_mut());
        s
    }

    fn s(&self, freq: &Frequency) -> Array3<Complex<T>> {
        sweep(freq, |f| self.primary(f))
    }

    fn s_into(&self, freq: &Frequency, out: ArrayViewMut3<'_, Complex<T>>) -> Result<()> {
        self.data.covers(freq)?;
        sweep_into(freq, out, |f| self.primary(f))
    }

    fn network(&self, freq: &Frequency) -> Result<Network>
    where
        Self: Model<Scalar = f64>,
    {
        self.data.covers(freq)?;
        Ok(Network::from_s(freq.clone(), self.s(freq))?.with_name(self.data.name.clone()))
    }

    /// Bosma's theorem at `temperature`, clamped to a positive semi-definite `C` where the
    /// data are not passive (see [`DataBlock`], *Noise*).
    fn s_noise_at(&self, f: T, temperature: T) -> (Mat<T, N>, Mat<T, N>) {
        let zero = Complex::new(T::zero(), T::zero());
        let (mut s, mut c) = ([[zero; N]; N], [[zero; N]; N]);
        self.data
            .write_noise(f, temperature, s.as_flattened_mut(), c.as_flattened_mut());
        (s, c)
    }
}

/// A [`DataBlock`] whose port count is a run-time value: any number of ports, no stack
/// matrices (`Mat<T, N>` stops at [`MAX_PORTS`](crate::network::MAX_PORTS)). It writes its S
/// straight into a circuit's heap buffer, as a part of a run-time
/// [`Circuit`](super::Circuit) through [`WithBlocks`](super::WithBlocks), where the exact
/// solver reduces it once per frequency point and reuses the reduction while the other parts'
/// parameters change.
pub struct DynBlock<T: Scalar = f64> {
    data: Arc<Data>,
    _scalar: PhantomData<T>,
}

impl<T: Scalar> Clone for DynBlock<T> {
    fn clone(&self) -> Self {
        DynBlock {
            data: Arc::clone(&self.data),
            _scalar: PhantomData,
        }
    }
}

impl<T: Scalar> std::fmt::Debug for DynBlock<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DynBlock({})", self.data.label())
    }
}

impl<T: Scalar> PartialEq for DynBlock<T> {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data
    }
}

impl DynBlock {
    /// The block of `network` (any port count), interpolated by `method`, refusing to
    /// extrapolate.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if its reference impedances do not renormalise to 50 ohm.
    pub fn new(network: &Network, method: Interpolation) -> Result<Self> {
        Self::with_extrapolation(network, method, Extrapolation::Refuse)
    }

    /// As [`DynBlock::new`], with what it gives outside the data.
    ///
    /// # Errors
    /// As [`DynBlock::new`].
    pub fn with_extrapolation(
        network: &Network,
        method: Interpolation,
        extrapolation: Extrapolation,
    ) -> Result<Self> {
        Ok(DynBlock {
            data: Arc::new(Data::new(network, method, extrapolation)?),
            _scalar: PhantomData,
        })
    }
}

impl<T: Scalar> DynBlock<T> {
    /// The network's name: the part's name in a circuit.
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// Its number of ports.
    pub fn ports(&self) -> usize {
        self.data.ports
    }

    /// As [`DataBlock::covers`].
    ///
    /// # Errors
    /// [`Error::InvalidFrequency`] naming the block and the first frequency outside its data.
    pub fn covers(&self, freq: &Frequency) -> Result<()> {
        self.data.covers(freq)
    }

    /// Writes its S at `f` (50 ohm), `ports * ports` values row-major, into `out`.
    pub fn write_s(&self, f: T, out: &mut [Complex<T>]) {
        self.data.write(f, out)
    }

    /// Writes its S at `f` into `s` (as [`DynBlock::write_s`]) and its noise-wave correlation
    /// matrix (kelvin) at physical temperature `temperature` (K) into `c`, `ports * ports`
    /// values row-major: Bosma's theorem, clamped to positive semi-definite where the data are
    /// not passive (see [`DataBlock`], *Noise*).
    pub fn write_s_noise(&self, f: T, temperature: T, s: &mut [Complex<T>], c: &mut [Complex<T>]) {
        self.data.write_noise(f, temperature, s, c)
    }
}

/// Replaces the Hermitian `k * k` matrix `c` (row-major) by its nearest positive
/// semi-definite matrix (negative eigenvalues set to 0) where it has a negative eigenvalue;
/// leaves it (and its derivatives) alone otherwise. On the values, by cyclic Jacobi on the real
/// symmetric embedding `[[A, -B], [B, A]]` of `c = A + jB`, whose eigenvalues are `c`'s, each
/// twice, and which a function of the matrix maps to the embedding of the function of `c`.
fn clamp_psd<T: Scalar>(c: &mut [Complex<T>], k: usize) {
    let n = 2 * k;
    let mut a = vec![0.0; n * n];
    for i in 0..k {
        for j in 0..k {
            let z = c[i * k + j];
            let w = c[j * k + i];
            let (re, im) = ((z.re.re() + w.re.re()) / 2.0, (z.im.re() - w.im.re()) / 2.0);
            a[i * n + j] = re;
            a[(i + k) * n + j + k] = re;
            a[(i + k) * n + j] = im;
            a[i * n + j + k] = -im;
        }
    }
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..64 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let scale: f64 = a.iter().map(|x| x * x).sum();
        if off <= 1e-30 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                // The rotation that zeroes a_pq (Golub and Van Loan, Alg. 8.5.1).
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let cs = 1.0 / (t * t + 1.0).sqrt();
                let sn = t * cs;
                for r in 0..n {
                    let (x, y) = (a[r * n + p], a[r * n + q]);
                    a[r * n + p] = cs * x - sn * y;
                    a[r * n + q] = sn * x + cs * y;
                }
                for r in 0..n {
                    let (x, y) = (a[p * n + r], a[q * n + r]);
                    a[p * n + r] = cs * x - sn * y;
                    a[q * n + r] = sn * x + cs * y;
                }
                for r in 0..n {
                    let (x, y) = (v[r * n + p], v[r * n + q]);
                    v[r * n + p] = cs * x - sn * y;
                    v[r * n + q] = sn * x + cs * y;
                }
            }
        }
    }
    let eig: Vec<f64> = (0..n).map(|i| a[i * n + i]).collect();
    if eig.iter().all(|&e| e >= 0.0) {
        return;
    }
    // V max(L, 0) V^T, read back as A + jB.
    let m = |r: usize, s: usize| -> f64 {
        (0..n)
            .map(|e| v[r * n + e] * eig[e].max(0.0) * v[s * n + e])
            .sum()
    };
    for i in 0..k {
        for j in 0..k {
            c[i * k + j] = Complex::new(T::from(m(i, j)), T::from(m(i + k, j)));
        }
    }
}
