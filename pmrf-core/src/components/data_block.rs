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
}
