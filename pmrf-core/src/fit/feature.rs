//! Features: what a fit compares, computed the same way from the model and from the data.
//!
//! A [`Feature`] turns S-parameters over a frequency grid into real values: one trace
//! (`"s21"`) or all of them (`"s"`), complex (real and imaginary parts, the default) or
//! transformed (`"s21_db"`, `"s11_mag"`, `"s21_deg"` unwrapped, `"s21_deg_wrap"`, `"s21_re"`,
//! `"s21_gd"` group delay, `"s11_vswr"`...), in the S, Z, Y or ABCD domain (`"z11_im"`,
//! `"y21_db"`, `"a21_re"`). The same code runs on `f64` data and on the model's dual numbers,
//! so the fit's derivatives are exact, unwrapping, group delay and conversions included.
//! 2-ports also have amplifier features ([`TwoPortMetric`]): stability (`"k"`, `"mu1"`,
//! `"mu2"`) and gains (`"mag_db"`, `"msg_db"`, `"gmax_db"`, `"gu_db"`), as design goals such
//! as `mu1 > 1` over a band.
//!
//! Anything else is a [`CustomFeature`]: the user's own function of the S-parameters, written
//! once for every scalar like model code, so it is differentiated exactly too.

use std::fmt;
use std::str::FromStr;

use ndarray::{Array3, ArrayView2, ArrayView3};
use num_complex::{Complex, Complex64};
use num_dual::Dual64;

use crate::network::lu::lu_solve;
use crate::network::{
    DomainKind, Mat, Z0, amplifier, gradient, noise, parse_entry, reference, unwrap_offsets,
};
use crate::{Error, Frequency, Result, Scalar, cmath};

/// How a trace becomes real values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Transform {
    /// The complex value, as its real and imaginary parts (two values per point).
    Complex,
    /// The real part.
    Re,
    /// The imaginary part.
    Im,
    /// The magnitude `|S|`.
    Mag,
    /// `20 log10 |S|`, in dB.
    Db,
    /// The phase in radians, unwrapped along frequency.
    Rad,
    /// The phase in degrees, unwrapped along frequency.
    Deg,
    /// The group delay `-d phase / d omega` in seconds, by finite differences of the unwrapped
    /// phase along the grid (as [`Network::group_delay`](crate::Network::group_delay)), on the
    /// model and the data alike.
    GroupDelay,
    /// The phase in radians, in `(-pi, pi]` (ParamRF's `rad`).
    RadWrapped,
    /// The phase in degrees, in `(-180, 180]` (ParamRF's `deg`).
    DegWrapped,
    /// The voltage standing-wave ratio `(1 + |x|) / (1 - |x|)` (infinite at `|x| = 1`,
    /// negative beyond; meant for reflections, `s11_vswr` or `vswr1`).
    Vswr,
    /// `10 log10 |x|`, in dB (ParamRF's `db10`, for power-like quantities).
    Db10,
}

impl Transform {
    /// The suffix that names it (`"db"`), empty for [`Transform::Complex`].
    pub fn suffix(self) -> &'static str {
        match self {
            Transform::Complex => "",
            Transform::Re => "re",
            Transform::Im => "im",
            Transform::Mag => "mag",
            Transform::Db => "db",
            Transform::Rad => "rad",
            Transform::Deg => "deg",
            Transform::GroupDelay => "gd",
            Transform::RadWrapped => "rad_wrap",
            Transform::DegWrapped => "deg_wrap",
            Transform::Vswr => "vswr",
            Transform::Db10 => "db10",
        }
    }

    const ALL: [Transform; 12] = [
        Transform::Complex,
        Transform::Re,
        Transform::Im,
        Transform::Mag,
        Transform::Db,
        Transform::Rad,
        Transform::Deg,
        Transform::GroupDelay,
        Transform::RadWrapped,
        Transform::DegWrapped,
        Transform::Vswr,
        Transform::Db10,
    ];
}

/// The letter that names a domain in feature names: `s`, `z`, `y`, `a` (ABCD, as ParamRF).
fn domain_letter(domain: DomainKind) -> char {
    match domain {
        DomainKind::S => 's',
        DomainKind::Z => 'z',
        DomainKind::Y => 'y',
        DomainKind::Abcd => 'a',
    }
}

/// A stability or gain figure of a 2-port, per frequency point, from [`amplifier`] (see there
/// for the formulas and references): the amplifier features of [`Feature::two_port`].
///
/// Named `k`, `mu1` (alias `mu`), `mu2` (alias `mu_prime`), `delta`, `mag`, `msg`, `gmax`,
/// `gu` and `mason_u`; the gains (linear power ratios) also in dB, `mag_db` (`10 log10`, as
/// `_db10`). They are computed from S as given: at the data's reference impedances, at 50 ohm
/// for a model or a goal.
///
/// The noise figures `nf` (noise factor from port 1 to port 2 with a 50 ohm source; `nf_db`
/// is the noise figure in dB), `nfmin` (`nfmin_db`, the minimum over sources) and `te` (the
/// noise temperature from a 50 ohm source, kelvin) need the model's noise as well
/// ([`Component::s_noise_at`](crate::network::Component::s_noise_at), parts at 290 K):
/// they are goals and yield statistics, evaluated by [`Feature::values_noisy`]; measured
/// networks carry no noise, so they are not fit terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TwoPortMetric {
    /// Rollett's stability factor `K` ([`amplifier::rollett_k`]).
    K,
    /// Edwards and Sinsky's `mu` ([`amplifier::mu`]): unconditionally stable iff `> 1`.
    Mu1,
    /// Edwards and Sinsky's `mu'` ([`amplifier::mu_prime`]), the source-side twin of `mu`.
    Mu2,
    /// `|D| = |S11 S22 - S12 S21|` ([`amplifier::delta`]).
    Delta,
    /// The maximum available gain ([`amplifier::max_available_gain`]); NaN where `K <= 1`.
    Mag,
    /// The maximum stable gain `|S21 / S12|` ([`amplifier::max_stable_gain`]).
    Msg,
    /// MAG where `K > 1`, else MSG ([`amplifier::max_gain`]).
    Gmax,
    /// The maximum unilateral transducer gain ([`amplifier::max_unilateral_gain`]).
    Gu,
    /// Mason's unilateral power gain ([`amplifier::mason_unilateral_gain`]).
    MasonU,
    /// The noise factor from port 1 to port 2 with a 50 ohm source
    /// ([`noise::noise_figure`]).
    Nf,
    /// The minimum noise factor over source reflections ([`noise::noise_params`]).
    NfMin,
    /// The noise temperature `T0 (F - 1)` from a 50 ohm source, kelvin.
    Te,
}

impl TwoPortMetric {
    /// Its name in feature names (`"mu1"`).
    pub fn name(self) -> &'static str {
        match self {
            TwoPortMetric::K => "k",
            TwoPortMetric::Mu1 => "mu1",
            TwoPortMetric::Mu2 => "mu2",
            TwoPortMetric::Delta => "delta",
            TwoPortMetric::Mag => "mag",
            TwoPortMetric::Msg => "msg",
            TwoPortMetric::Gmax => "gmax",
            TwoPortMetric::Gu => "gu",
            TwoPortMetric::MasonU => "mason_u",
            TwoPortMetric::Nf => "nf",
            TwoPortMetric::NfMin => "nfmin",
            TwoPortMetric::Te => "te",
        }
    }

    /// Whether it needs the noise correlation matrix (the noise figures), not S alone.
    pub fn needs_noise(self) -> bool {
        matches!(
            self,
            TwoPortMetric::Nf | TwoPortMetric::NfMin | TwoPortMetric::Te
        )
    }

    /// Whether it has a dB form (`10 log10`): the gains and the noise factors.
    pub fn has_db(self) -> bool {
        self.is_gain() || matches!(self, TwoPortMetric::Nf | TwoPortMetric::NfMin)
    }

    /// Whether it is a power gain (so it has a dB form).
    pub fn is_gain(self) -> bool {
        !matches!(
            self,
            TwoPortMetric::K
                | TwoPortMetric::Mu1
                | TwoPortMetric::Mu2
                | TwoPortMetric::Delta
                | TwoPortMetric::Nf
                | TwoPortMetric::NfMin
                | TwoPortMetric::Te
        )
    }

    /// Its value at one point's 2-port S-matrix; NaN for the noise figures, which need the
    /// noise too ([`TwoPortMetric::at_noisy`]).
    pub fn at<T: Scalar>(self, s: &Mat<T, 2>) -> T {
        match self {
            TwoPortMetric::K => amplifier::rollett_k(s),
            TwoPortMetric::Mu1 => amplifier::mu(s),
            TwoPortMetric::Mu2 => amplifier::mu_prime(s),
            TwoPortMetric::Delta => cmath::abs(amplifier::delta(s)),
            TwoPortMetric::Mag => amplifier::max_available_gain(s),
            TwoPortMetric::Msg => amplifier::max_stable_gain(s),
            TwoPortMetric::Gmax => amplifier::max_gain(s),
            TwoPortMetric::Gu => amplifier::max_unilateral_gain(s),
            TwoPortMetric::MasonU => amplifier::mason_unilateral_gain(s),
            TwoPortMetric::Nf | TwoPortMetric::NfMin | TwoPortMetric::Te => T::from(f64::NAN),
        }
    }

    /// Its value at one point's 2-port S-matrix and noise correlation matrix `c` (kelvin):
    /// every figure. NaN where NFmin does not exist ([`noise::noise_params`]'s errors).
    pub fn at_noisy<T: Scalar>(self, s: &Mat<T, 2>, c: &Mat<T, 2>) -> T {
        let fifty = Complex::new(T::zero(), T::zero());
        match self {
            TwoPortMetric::Nf => noise::noise_figure(s, c, 0, 1, fifty),
            TwoPortMetric::NfMin => {
                noise::noise_params(s, c, 0, 1).map_or(T::from(f64::NAN), |p| p.nf_min)
            }
            TwoPortMetric::Te => noise::noise_temperature(noise::noise_figure(s, c, 0, 1, fifty)),
            other => other.at(s),
        }
    }

    const ALL: [TwoPortMetric; 12] = [
        TwoPortMetric::K,
        TwoPortMetric::Mu1,
        TwoPortMetric::Mu2,
        TwoPortMetric::Delta,
        TwoPortMetric::Mag,
        TwoPortMetric::Msg,
        TwoPortMetric::Gmax,
        TwoPortMetric::Gu,
        TwoPortMetric::MasonU,
        TwoPortMetric::Nf,
        TwoPortMetric::NfMin,
        TwoPortMetric::Te,
    ];

    /// The metric a name (lower case, no transform) names, aliases included.
    fn parse(name: &str) -> Option<Self> {
        match name {
            "mu" => Some(TwoPortMetric::Mu1),
            "mu_prime" => Some(TwoPortMetric::Mu2),
            _ => Self::ALL.into_iter().find(|m| m.name() == name),
        }
    }
}

/// One feature: a [`Transform`] of one trace, or of every trace, of the S, Z, Y or ABCD
/// matrix, or a stability or gain figure of a 2-port ([`Feature::two_port`]).
///
/// Parse it from the names engineers write (`"s21_db"`, 1-based, see
/// [`Network::entry`](crate::Network::entry) for the trace grammar, with `z`, `y` or `a` in
/// place of `s` for the Z, Y and ABCD domains) or build it.
///
/// Z, Y and ABCD are converted from S at the reference impedances of the data (power waves; 50
/// ohm for a goal), on the model's dual numbers too, so their derivatives are exact. Where one
/// does not exist (Z of a series element, Y of a shunt one, ABCD without transmission; see
/// [`reference`](crate::network::reference)) its values are NaN: such points of data are gaps, and a model there gives a
/// NaN loss. ABCD is for 2-ports only.
///
/// ```
/// use pmrf::fit::{Feature, Transform};
/// use pmrf::network::DomainKind;
///
/// let f: Feature = "z11_im".parse()?;
/// assert_eq!(f, Feature::trace(0, 0).in_domain(DomainKind::Z).with(Transform::Im));
/// assert_eq!("vswr1".parse::<Feature>()?.to_string(), "s11_vswr");
/// assert_eq!("a21_deg_wrap".parse::<Feature>()?.domain(), DomainKind::Abcd);
/// # Ok::<(), pmrf::Error>(())
/// ```
///
///
/// ```
/// use pmrf::fit::{Feature, Transform};
///
/// let f: Feature = "S21_dB".parse()?;
/// assert_eq!(f, Feature::trace(1, 0).with(Transform::Db));
/// assert_eq!(f.to_string(), "s21_db");
/// assert_eq!("s".parse::<Feature>()?, Feature::all());
/// assert!("s21_phase".parse::<Feature>().is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Feature {
    /// `(to, from)`, 0-based; `None` for every trace (or a 2-port metric).
    trace: Option<(usize, usize)>,
    transform: Transform,
    domain: DomainKind,
    /// A 2-port stability or gain figure in place of traces.
    metric: Option<TwoPortMetric>,
}

impl Feature {
    /// Every trace, complex: the full S-matrix (ParamRF's default fit target).
    pub fn all() -> Self {
        Feature {
            trace: None,
            transform: Transform::Complex,
            domain: DomainKind::S,
            metric: None,
        }
    }

    /// The trace from port `from` to port `to` (0-based), complex.
    pub fn trace(to: usize, from: usize) -> Self {
        Feature {
            trace: Some((to, from)),
            transform: Transform::Complex,
            domain: DomainKind::S,
            metric: None,
        }
    }

    /// A stability or gain figure of a 2-port ([`TwoPortMetric`]), linear ([`Transform::Re`]);
    /// `.with(Transform::Db)` (or [`Transform::Db10`]) gives a gain in dB, `10 log10`. Other
    /// transforms are an error when evaluated.
    ///
    /// Exact derivatives on dual numbers, so they serve as fit targets and design goals. They
    /// are not traces: [`Feature::trace_ports`] is `None`, and [`Feature::in_domain`] does not
    /// change their values (they are always of S).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesR, ShuntR};
    /// use pmrf::fit::{Feature, Transform, TwoPortMetric};
    ///
    /// let mu: Feature = "mu1".parse()?;
    /// assert_eq!(mu, Feature::two_port(TwoPortMetric::Mu1));
    /// let mag: Feature = "mag_db".parse()?;
    /// assert_eq!(mag, Feature::two_port(TwoPortMetric::Mag).with(Transform::Db));
    /// // A resistive L-pad: K = 3, MAG = 3 - 2 sqrt(2) (-7.7 dB).
    /// let freq = Frequency::from_hz([1e9])?;
    /// let s = Cascade::new((SeriesR::new(50.0), ShuntR::new(50.0))).s(&freq);
    /// assert!(("k".parse::<Feature>()?.values(&freq, s.view())?[0] - 3.0).abs() < 1e-12);
    /// let want = 10.0 * (3.0 - 2.0 * 2f64.sqrt()).log10();
    /// assert!((mag.values(&freq, s.view())?[0] - want).abs() < 1e-12);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn two_port(metric: TwoPortMetric) -> Self {
        Feature {
            trace: None,
            transform: Transform::Re,
            domain: DomainKind::S,
            metric: Some(metric),
        }
    }

    /// The 2-port figure it is, if it is one ([`Feature::two_port`]).
    pub fn two_port_metric(&self) -> Option<TwoPortMetric> {
        self.metric
    }

    /// Whether it gives one value (or complex pair) per frequency point: one trace or one
    /// 2-port figure, not every trace.
    pub fn is_single(&self) -> bool {
        self.trace.is_some() || self.metric.is_some()
    }

    /// The same traces, transformed by `transform`.
    pub fn with(self, transform: Transform) -> Self {
        Feature { transform, ..self }
    }

    /// The same traces of another domain's matrix (S by default).
    pub fn in_domain(self, domain: DomainKind) -> Self {
        Feature { domain, ..self }
    }

    /// Its domain.
    pub fn domain(&self) -> DomainKind {
        self.domain
    }

    /// Its transform.
    pub fn transform(&self) -> Transform {
        self.transform
    }

    /// `(to, from)` (0-based) of its trace, `None` for every trace and for a 2-port figure
    /// ([`Feature::two_port_metric`]).
    pub fn trace_ports(&self) -> Option<(usize, usize)> {
        self.trace
    }

    /// Values per frequency point and trace: 2 for complex features, else 1.
    pub fn values_per_point(&self) -> usize {
        if self.transform == Transform::Complex {
            2
        } else {
            1
        }
    }

    /// The feature of the S-parameters `s` (`(nfreq, N, N)`, at 50 ohm) over `freq`, as real
    /// values: frequency-major, then traces row-major (for [`Feature::all`]), then real before
    /// imaginary part for complex features.
    ///
    /// # Errors
    /// As [`Feature::values_at`].
    pub fn values<T: Scalar>(
        &self,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<T>>,
    ) -> Result<Vec<T>> {
        self.values_at(freq, s, None)
    }

    /// [`Feature::values`] of S at reference impedances `z0` (`(nfreq, N)` ohm; `None` for 50
    /// ohm on every port), which matter for the Z, Y and ABCD domains only.
    ///
    /// # Errors
    /// [`Error::Shape`] if `s` does not match `freq` or is not square, or `z0` not `s`,
    /// [`Error::InvalidNetwork`] for a trace beyond the ports or ABCD of a network that is not
    /// a 2-port, [`Error::InvalidFrequency`] for a group delay on fewer than 2 points;
    /// [`Error::InvalidNetwork`] for a 2-port figure ([`Feature::two_port`]) of a network that
    /// is not a 2-port or with a transform it does not have.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::ShuntR;
    /// use pmrf::fit::Feature;
    ///
    /// // A shunt 100 ohm between 50 ohm ports: Z = 100 ohm everywhere, ABCD = [[1, 0], [1/R, 1]],
    /// // and no Y (a shunt element's Y would be infinite).
    /// let freq = Frequency::from_hz([1e9])?;
    /// let s = ShuntR::new(100.0).s(&freq);
    /// let z11: Feature = "z11_re".parse()?;
    /// assert!((z11.values(&freq, s.view())?[0] - 100.0).abs() < 1e-12);
    /// let a21: Feature = "a21_re".parse()?; // C = 1 / R
    /// assert!((a21.values(&freq, s.view())?[0] - 0.01).abs() < 1e-15);
    /// assert!("y21_re".parse::<Feature>()?.values(&freq, s.view())?[0].is_nan());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn values_at<T: Scalar>(
        &self,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<T>>,
        z0: Option<ArrayView2<'_, Complex64>>,
    ) -> Result<Vec<T>> {
        let (nf, n, m) = s.dim();
        if nf != freq.len() || n != m {
            return Err(Error::Shape(format!(
                "feature `{self}`: S has shape ({nf}, {n}, {m}), expected ({}, N, N)",
                freq.len()
            )));
        }
        if let Some(z0) = z0
            && z0.dim() != (nf, n)
        {
            return Err(Error::Shape(format!(
                "feature `{self}`: z0 has shape {:?}, expected ({nf}, {n})",
                z0.dim()
            )));
        }
        if let Some(metric) = self.metric {
            return self.metric_values(metric, s, None);
        }
        let converted;
        let s = if self.domain == DomainKind::S {
            s
        } else {
            converted = self.convert(s, z0)?;
            converted.view()
        };
        let traces: Vec<(usize, usize)> = match self.trace {
            Some((to, from)) => {
                if to >= n || from >= n {
                    return Err(Error::InvalidNetwork(format!(
                        "feature `{self}` names a port beyond the {n} ports of the network"
                    )));
                }
                vec![(to, from)]
            }
            None => (0..n).flat_map(|i| (0..n).map(move |j| (i, j))).collect(),
        };
        if self.transform == Transform::GroupDelay && nf < 2 {
            return Err(Error::InvalidFrequency(format!(
                "feature `{self}`: a group delay needs at least 2 frequency points, got {nf}"
            )));
        }
        let per = self.values_per_point();
        if !self.along_frequency() {
            // Pointwise: straight from S in output order.
            let mut out = Vec::with_capacity(nf * traces.len() * per);
            for k in 0..nf {
                for &(i, j) in &traces {
                    self.push_point(s[[k, i, j]], &mut out);
                }
            }
            return Ok(out);
        }
        let mut out = vec![T::zero(); nf * traces.len() * per];
        for (t, &(i, j)) in traces.iter().enumerate() {
            let trace: Vec<Complex<T>> = s.slice(ndarray::s![.., i, j]).to_vec();
            let values = self.transform_trace(freq, &trace);
            for (k, v) in values.chunks_exact(per).enumerate() {
                let at = (k * traces.len() + t) * per;
                out[at..at + per].copy_from_slice(v);
            }
        }
        Ok(out)
    }

    /// A 2-port metric at every point, transformed.
    /// Whether it needs the model's noise as well as S (the noise figures of
    /// [`TwoPortMetric`]): evaluate it with [`Feature::values_noisy`].
    pub fn needs_noise(&self) -> bool {
        self.metric.is_some_and(TwoPortMetric::needs_noise)
    }

    /// [`Feature::values_at`] of S and the noise correlation matrices `c` (kelvin, the shape of
    /// S) over `freq`: every feature, the noise figures included.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    /// use pmrf::fit::Feature;
    /// use pmrf::network::noise::NoiseSweep;
    ///
    /// // 50 ohm in series between 50 ohm ports at 290 K: NF = 3 dB (its available-gain loss).
    /// let freq = Frequency::from_hz([1e9])?;
    /// let (s, c) = SeriesR::new(50.0).s_noise(&freq);
    /// let nf = "nf_db".parse::<Feature>()?.values_noisy(&freq, s.view(), c.view(), None)?;
    /// assert!((nf[0] - 10.0 * 2f64.log10()).abs() < 1e-12);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Feature::values_at`], and [`Error::Shape`] if `c` is not shaped as `s`.
    pub fn values_noisy<T: Scalar>(
        &self,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<T>>,
        c: ArrayView3<'_, Complex<T>>,
        z0: Option<ArrayView2<'_, Complex64>>,
    ) -> Result<Vec<T>> {
        match self.metric {
            Some(metric) if metric.needs_noise() => {
                if s.dim().0 != freq.len() {
                    return Err(Error::Shape(format!(
                        "feature `{self}`: S has {} points, the grid {}",
                        s.dim().0,
                        freq.len()
                    )));
                }
                self.metric_values(metric, s, Some(c))
            }
            _ => self.values_at(freq, s, z0),
        }
    }

    fn metric_values<T: Scalar>(
        &self,
        metric: TwoPortMetric,
        s: ArrayView3<'_, Complex<T>>,
        c: Option<ArrayView3<'_, Complex<T>>>,
    ) -> Result<Vec<T>> {
        let n = s.dim().1;
        if n != 2 {
            return Err(Error::InvalidNetwork(format!(
                "feature `{self}`: stability, gain and noise figures are for 2-ports; the \
                 network has {n} ports"
            )));
        }
        if metric.needs_noise() && c.is_none() {
            return Err(Error::Fit(format!(
                "feature `{self}` is a noise figure: it needs the model's noise, not S alone \
                 (a goal or a yield statistic; measured networks carry no noise to fit)"
            )));
        }
        if let Some(c) = c
            && c.dim() != s.dim()
        {
            return Err(Error::Shape(format!(
                "feature `{self}`: the noise matrices have shape {:?}, S {:?}",
                c.dim(),
                s.dim()
            )));
        }
        let db = match self.transform {
            Transform::Re => false,
            Transform::Db | Transform::Db10 if metric.has_db() => true,
            _ => {
                return Err(Error::InvalidNetwork(format!(
                    "feature `{self}`: `{}` takes no transform{}",
                    metric.name(),
                    if metric.has_db() { " but `_db`" } else { "" }
                )));
            }
        };
        let two = |m: ndarray::ArrayView2<'_, Complex<T>>| -> Mat<T, 2> {
            [[m[[0, 0]], m[[0, 1]]], [m[[1, 0]], m[[1, 1]]]]
        };
        Ok((0..s.dim().0)
            .map(|k| {
                let sk = two(s.index_axis(ndarray::Axis(0), k));
                let v = match c {
                    Some(c) => metric.at_noisy(&sk, &two(c.index_axis(ndarray::Axis(0), k))),
                    None => metric.at(&sk),
                };
                // Power ratios: dB is 10 log10.
                if db { v.log10() * 10.0 } else { v }
            })
            .collect())
    }

    /// S converted to the feature's domain, point by point.
    fn convert<T: Scalar>(
        &self,
        s: ArrayView3<'_, Complex<T>>,
        z0: Option<ArrayView2<'_, Complex64>>,
    ) -> Result<Array3<Complex<T>>> {
        let (nf, n, _) = s.dim();
        let z = |k: usize, i: usize| {
            let z = z0.map_or(Complex64::new(Z0, 0.0), |z0| z0[[k, i]]);
            Complex::new(T::from(z.re), T::from(z.im))
        };
        let mut out = Array3::zeros((nf, n, n));
        if self.domain == DomainKind::Abcd {
            if n != 2 {
                return Err(Error::InvalidNetwork(format!(
                    "feature `{self}`: ABCD parameters are for 2-ports; the network has {n} ports"
                )));
            }
            for k in 0..nf {
                let m = [[s[[k, 0, 0]], s[[k, 0, 1]]], [s[[k, 1, 0]], s[[k, 1, 1]]]];
                let a = reference::s2a(&m, &[z(k, 0), z(k, 1)], reference::WaveDef::Power);
                for (i, row) in a.iter().enumerate() {
                    for (j, &x) in row.iter().enumerate() {
                        out[[k, i, j]] = x;
                    }
                }
            }
            return Ok(out);
        }
        // Power waves (see `network::reference`): with S' = K^-1 S K, K = diag(1 / sqrt(R)),
        // Z = (I - S')^-1 (S' G + H) and Y = (H + S' G)^-1 (I - S'), G = diag(z0), H = conj(G).
        let w = 2 * n;
        let mut aug = vec![Complex::<T>::new(T::zero(), T::zero()); n * w];
        for k in 0..nf {
            let sqrt_r: Vec<T> = (0..n).map(|i| z(k, i).re.sqrt()).collect();
            for i in 0..n {
                for j in 0..n {
                    let sp = s[[k, i, j]] * sqrt_r[i] / sqrt_r[j];
                    let eye = if i == j { 1.0 } else { 0.0 };
                    let mut sg = sp * z(k, j);
                    if i == j {
                        sg += z(k, i).conj();
                    }
                    let one_minus = -sp + Complex::from(T::from(eye));
                    let (den, num) = if self.domain == DomainKind::Z {
                        (one_minus, sg)
                    } else {
                        (sg, one_minus)
                    };
                    aug[i * w + j] = den;
                    aug[i * w + n + j] = num;
                }
            }
            let ok = lu_solve(&mut aug, n, w, 1e-12);
            for i in 0..n {
                for j in 0..n {
                    out[[k, i, j]] = if ok {
                        aug[i * w + n + j]
                    } else {
                        Complex::new(T::from(f64::NAN), T::from(f64::NAN))
                    };
                }
            }
        }
        Ok(out)
    }

    /// `model - data` per value, with phase differences ([`Transform::Rad`], [`Transform::Deg`],
    /// and their wrapped forms) wrapped into half a turn either way: two unwrapped phases that start on different
    /// branches (`+179` and `-179` degrees) differ by 2 degrees, not 358. Derivatives are kept.
    pub fn difference<T: Scalar>(&self, model: &[T], data: &[f64]) -> Vec<T> {
        let turn = match self.transform {
            Transform::Rad | Transform::RadWrapped => std::f64::consts::TAU,
            Transform::Deg | Transform::DegWrapped => 360.0,
            _ => 0.0,
        };
        (model.iter().zip(data))
            .map(|(&m, &d)| {
                let diff = m - d;
                if turn > 0.0 && diff.re().is_finite() {
                    diff - (diff.re() / turn).round() * turn
                } else {
                    diff
                }
            })
            .collect()
    }

    /// Whether the transform needs the whole trace (unwrapped phase, group delay), not one point.
    fn along_frequency(&self) -> bool {
        matches!(
            self.transform,
            Transform::Rad | Transform::Deg | Transform::GroupDelay
        )
    }

    /// The values of a pointwise transform at one point.
    fn push_point<T: Scalar>(&self, z: Complex<T>, out: &mut Vec<T>) {
        match self.transform {
            Transform::Complex => out.extend([z.re, z.im]),
            Transform::Re => out.push(z.re),
            Transform::Im => out.push(z.im),
            Transform::Mag => out.push(cmath::abs(z)),
            // 10 log10 |S|^2: no square root, so a zero trace gives -inf, not NaN derivatives.
            Transform::Db => out.push((z.re * z.re + z.im * z.im).log10() * 10.0),
            Transform::Db10 => out.push((z.re * z.re + z.im * z.im).log10() * 5.0),
            Transform::RadWrapped => out.push(cmath::arg(z)),
            Transform::DegWrapped => out.push(cmath::arg(z) * (180.0 / std::f64::consts::PI)),
            Transform::Vswr => {
                let m = cmath::abs(z);
                out.push((m + 1.0) / (-m + 1.0));
            }
            Transform::Rad | Transform::Deg | Transform::GroupDelay => {
                unreachable!("`{self}` is computed along frequency")
            }
        }
    }

    /// A transform along frequency of one trace: one value per point in frequency order.
    fn transform_trace<T: Scalar>(&self, freq: &Frequency, trace: &[Complex<T>]) -> Vec<T> {
        let phase: Vec<T> = trace.iter().map(|&z| cmath::arg(z)).collect();
        let raw: Vec<f64> = phase.iter().map(|p| p.re()).collect();
        let unwrapped = (phase.iter().zip(unwrap_offsets(&raw))).map(|(&p, offset)| p + offset);
        match self.transform {
            Transform::Deg => unwrapped
                .map(|p| p * (180.0 / std::f64::consts::PI))
                .collect(),
            Transform::GroupDelay => {
                let omega: Vec<f64> = (freq.hz().iter())
                    .map(|f| std::f64::consts::TAU * f)
                    .collect();
                (gradient(&unwrapped.collect::<Vec<T>>(), &omega).into_iter())
                    .map(|d| -d)
                    .collect()
            }
            _ => unwrapped.collect(),
        }
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(metric) = self.metric {
            write!(f, "{}", metric.name())?;
            return match self.transform {
                Transform::Re => Ok(()),
                t => write!(f, "_{}", t.suffix()),
            };
        }
        let letter = domain_letter(self.domain);
        match self.trace {
            None => write!(f, "{letter}")?,
            Some((to, from)) => {
                let name = crate::Network::entry_name(to, from);
                write!(f, "{letter}{}", &name[1..])?;
            }
        }
        match self.transform {
            Transform::Complex => Ok(()),
            t => write!(f, "_{}", t.suffix()),
        }
    }
}

impl FromStr for Feature {
    type Err = Error;

    /// `s`, a trace name (`s21`, `s10_2`), either followed by `_` and a transform: `re`, `im`,
    /// `mag` (or `abs`), `db`, `db10`, `rad`, `deg` (unwrapped; also `rad_unwrap`,
    /// `deg_unwrap`), `rad_wrap`, `deg_wrap`, `gd` or `vswr`. `z`, `y` or `a` in place of `s`
    /// name the Z, Y or ABCD domain (`z11_im`, `y`, `a21_re`); `vswr<p>` is `s<p><p>_vswr`.
    /// The 2-port figures of [`TwoPortMetric`] by name (`k`, `mu1`), gains also with `_db` or
    /// `_db10` (`gmax_db`). Case-insensitive.
    fn from_str(name: &str) -> Result<Self> {
        let lower = name.trim().to_ascii_lowercase();
        for (suffix, transform) in [
            ("", Transform::Re),
            ("_db", Transform::Db),
            ("_db10", Transform::Db10),
        ] {
            if let Some(metric) = lower.strip_suffix(suffix).and_then(TwoPortMetric::parse) {
                if transform != Transform::Re && !metric.has_db() {
                    return Err(Error::InvalidNetwork(format!(
                        "feature `{name}`: `{}` is not a gain or a noise factor and has no dB form",
                        metric.name()
                    )));
                }
                return Ok(Feature::two_port(metric).with(transform));
            }
        }
        if let Some(port) = lower.strip_prefix("vswr")
            && !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
        {
            let p: usize = port.parse().unwrap_or(0);
            if p == 0 {
                return Err(Error::InvalidNetwork(format!(
                    "feature `{name}`: ports are 1-based"
                )));
            }
            return Ok(Feature::trace(p - 1, p - 1).with(Transform::Vswr));
        }
        const ALIASES: [(&str, Transform); 3] = [
            ("rad_unwrap", Transform::Rad),
            ("deg_unwrap", Transform::Deg),
            ("abs", Transform::Mag),
        ];
        let known = (Transform::ALL.into_iter())
            .filter(|t| *t != Transform::Complex)
            .map(|t| (t.suffix(), t))
            .chain(ALIASES);
        // The longest suffix that matches: `deg_wrap` before `wrap`-less `deg`.
        let matched = known
            .filter(|(suffix, _)| {
                lower.len() > suffix.len() + 1
                    && lower.ends_with(suffix)
                    && lower.as_bytes()[lower.len() - suffix.len() - 1] == b'_'
            })
            .max_by_key(|(suffix, _)| suffix.len());
        let (head, transform) = match matched {
            Some((suffix, t)) => (&lower[..lower.len() - suffix.len() - 1], t),
            None => match lower.rsplit_once('_') {
                Some((_, tail)) if tail.chars().all(|c| c.is_ascii_alphabetic()) => {
                    return Err(Error::InvalidNetwork(format!(
                        "feature `{name}`: unknown transform `{tail}`; expected one of re, im, \
                         mag, db, db10, rad, deg, rad_wrap, deg_wrap, gd, vswr"
                    )));
                }
                _ => (lower.as_str(), Transform::Complex),
            },
        };
        let domain = match head.chars().next() {
            Some('s') => DomainKind::S,
            Some('z') => DomainKind::Z,
            Some('y') => DomainKind::Y,
            Some('a') => DomainKind::Abcd,
            _ => {
                return Err(Error::InvalidNetwork(format!(
                    "feature `{name}`: expected a name starting with s, z, y or a (the S, Z, Y \
                     or ABCD domain), as `s21_db` or `z11_im`"
                )));
            }
        };
        let rest = &head[1..];
        let trace = if rest.is_empty() {
            None
        } else {
            let (to, from) = parse_entry(&format!("s{rest}"))?;
            if to == 0 || from == 0 {
                return Err(Error::InvalidNetwork(format!(
                    "feature `{name}`: ports are 1-based"
                )));
            }
            Some((to - 1, from - 1))
        };
        Ok(Feature {
            trace,
            transform,
            domain,
            metric: None,
        })
    }
}

/// A feature the user defines: real values computed from the S-parameters over frequency.
///
/// Written once, generic over the scalar like model code, so a fit differentiates it exactly.
/// Attach it to a term with [`Term::custom`](super::Term::custom). It returns the same number
/// of values at every frequency point, frequency-major; each value is scored as one point (a
/// band or point weights select whole frequency points).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesC;
/// use pmrf::fit::{CustomFeature, Objective, Term};
/// use pmrf::ndarray::ArrayView3;
/// use pmrf::num_complex::Complex;
///
/// /// The transmitted power fraction |S21|^2 (no square root, no logarithm).
/// struct PowerGain;
///
/// impl CustomFeature for PowerGain {
///     fn name(&self) -> String {
///         "|s21|^2".into()
///     }
///     fn values<T: Scalar>(&self, _freq: &Frequency, s: ArrayView3<'_, Complex<T>>) -> pmrf::Result<Vec<T>> {
///         Ok(s.outer_iter().map(|m| m[[1, 0]].norm_sqr()).collect())
///     }
/// }
///
/// let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
/// let objective = Objective::new().term(Term::new(SeriesC::new(1e-12).network(&freq)?).custom(PowerGain));
/// assert_eq!(objective.loss(&SeriesC::new(1e-12))?, 0.0);
/// assert!(objective.loss(&SeriesC::new(2e-12))? > 0.0);
/// # Ok::<(), pmrf::Error>(())
/// ```
pub trait CustomFeature: Send + Sync + 'static {
    /// A short name, for messages.
    fn name(&self) -> String;

    /// The feature of the S-parameters `s` (`(nfreq, N, N)`) over `freq`: the same number of
    /// values at every point, frequency-major.
    ///
    /// # Errors
    /// Whatever the feature cannot compute (a port it needs that the network lacks...).
    fn values<T: Scalar>(&self, freq: &Frequency, s: ArrayView3<'_, Complex<T>>) -> Result<Vec<T>>;
}

/// A [`CustomFeature`] behind a pointer: its generic method instantiated for `f64` and
/// [`Dual64`], from which [`erased_values`] gives it on every [`Scalar`].
pub(crate) trait ErasedFeature: Send + Sync {
    /// [`CustomFeature::name`].
    fn name(&self) -> String;
    /// [`CustomFeature::values`] on `f64`.
    fn values_f64(&self, freq: &Frequency, s: ArrayView3<'_, Complex64>) -> Result<Vec<f64>>;
    /// [`CustomFeature::values`] on [`Dual64`].
    fn values_dual64(
        &self,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<Dual64>>,
    ) -> Result<Vec<Dual64>>;
}

impl<F: CustomFeature> ErasedFeature for F {
    fn name(&self) -> String {
        CustomFeature::name(self)
    }
    fn values_f64(&self, freq: &Frequency, s: ArrayView3<'_, Complex64>) -> Result<Vec<f64>> {
        self.values(freq, s)
    }
    fn values_dual64(
        &self,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<Dual64>>,
    ) -> Result<Vec<Dual64>> {
        self.values(freq, s)
    }
}

/// [`CustomFeature::values`] of a feature behind a pointer on any [`Scalar`]: on `f64` for a
/// number without derivative parts, else one [`Dual64`] pass per derivative part `k`, seeded
/// with part `k` of every input (forward mode is linear in the seed, so part `k` of the result
/// is that pass's derivative), the values from the first pass.
pub(crate) fn erased_values<T: Scalar>(
    feature: &dyn ErasedFeature,
    freq: &Frequency,
    s: ArrayView3<'_, Complex<T>>,
) -> Result<Vec<T>> {
    if T::DERIVATIVES == 0 {
        let values =
            feature.values_f64(freq, s.mapv(|z| Complex::new(z.re.re(), z.im.re())).view())?;
        return Ok(values.into_iter().map(T::from).collect());
    }
    let mut out: Vec<T> = Vec::new();
    for k in 0..T::DERIVATIVES {
        let part = |x: T| Dual64::new(x.re(), x.eps()[k]);
        let seeded = s.mapv(|z| Complex::new(part(z.re), part(z.im)));
        let d = feature.values_dual64(freq, seeded.view())?;
        if k == 0 {
            out = d.iter().map(|d| T::from(d.re)).collect();
        } else if d.len() != out.len() {
            return Err(Error::Shape(format!(
                "feature `{}` gave {} values in one pass and {} in another",
                feature.name(),
                out.len(),
                d.len()
            )));
        }
        for (o, d) in out.iter_mut().zip(d) {
            o.eps_mut()[k] = d.eps;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DualN;
    use ndarray::Array3;
    use num_dual::Dual64;

    /// `|S21|^2 + Re(S11)` at each point.
    struct Probe;
    impl CustomFeature for Probe {
        fn name(&self) -> String {
            "probe".into()
        }
        fn values<T: Scalar>(
            &self,
            _: &Frequency,
            s: ArrayView3<'_, Complex<T>>,
        ) -> Result<Vec<T>> {
            Ok((s.outer_iter())
                .map(|m| m[[1, 0]].norm_sqr() + m[[0, 0]].re)
                .collect())
        }
    }

    #[test]
    fn custom_features_run_on_every_scalar_lane_by_lane() {
        let freq = Frequency::from_hz([1.0, 2.0]).unwrap();
        // S11 = x, S21 = 2x at point 0 and S11 = 3x, S21 = x at point 1, x = 0.5.
        let s = |x: DualN<3>| {
            Array3::from_shape_fn((2, 2, 2), |(k, i, j)| {
                let w = match (k, i, j) {
                    (0, 0, 0) => x,
                    (0, 1, 0) => x * 2.0,
                    (1, 0, 0) => x * 3.0,
                    (1, 1, 0) => x,
                    _ => DualN::constant(0.0),
                };
                Complex::new(w, DualN::constant(0.0))
            })
        };
        let x = DualN::new(0.5, [1.0, 0.0, -2.0]);
        // Point 0: 4x^2 + x = 1.5, d/dx = 8x + 1 = 5. Point 1: x^2 + 3x = 1.75, d/dx = 4.
        let out = erased_values(&Probe, &freq, s(x).view()).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].re, out[0].eps), (1.5, [5.0, 0.0, -10.0]));
        assert_eq!((out[1].re, out[1].eps), (1.75, [4.0, 0.0, -8.0]));
        let lane = |k: usize| {
            s(x).mapv(|z| Complex::new(Dual64::new(z.re.re, z.re.eps[k]), Dual64::from(0.0)))
        };
        let dual = erased_values(&Probe, &freq, lane(2).view()).unwrap();
        assert_eq!((dual[1].re, dual[1].eps), (1.75, -8.0));
        let value = erased_values(
            &Probe,
            &freq,
            s(x).mapv(|z| Complex::new(z.re.re, 0.0)).view(),
        );
        assert_eq!(value.unwrap(), [1.5, 1.75]);
        let none = s(x).mapv(|z| Complex::new(DualN::<0>::constant(z.re.re), DualN::constant(0.0)));
        let none = erased_values(&Probe, &freq, none.view()).unwrap();
        assert_eq!(none.iter().map(|x| x.re).collect::<Vec<_>>(), [1.5, 1.75]);
    }

    #[test]
    fn names_round_trip() {
        for name in [
            "s",
            "s21",
            "s11_db",
            "s10_2_deg",
            "s_mag",
            "s12_gd",
            "s22_re",
            "s21_im",
            "z11_im",
            "y21_db",
            "a21_re",
            "a",
            "s21_deg_wrap",
            "y12_rad_wrap",
            "s11_vswr",
            "z_db10",
            "k",
            "mu1",
            "mu2",
            "delta",
            "mag_db",
            "msg",
            "gmax_db10",
            "gu_db",
            "mason_u",
        ] {
            let f: Feature = name.parse().unwrap();
            assert_eq!(f.to_string(), name);
        }
        assert_eq!("s10_2".parse::<Feature>().unwrap(), Feature::trace(9, 1));
        assert_eq!("MU".parse::<Feature>().unwrap().to_string(), "mu1");
        for bad in [
            "",
            "x21",
            "s21_",
            "s21_phase",
            "s0_1",
            "s110",
            "k_db",
            "mu1_db10",
        ] {
            assert!(bad.parse::<Feature>().is_err(), "{bad}");
        }
    }

    #[test]
    fn layout_is_frequency_major() {
        let freq = Frequency::from_hz([1.0, 2.0]).unwrap();
        let s = Array3::from_shape_fn((2, 2, 2), |(k, i, j)| {
            Complex::new((100 * k + 10 * i + j) as f64, -1.0)
        });
        let all = Feature::all()
            .with(Transform::Re)
            .values(&freq, s.view())
            .unwrap();
        assert_eq!(all, [0.0, 1.0, 10.0, 11.0, 100.0, 101.0, 110.0, 111.0]);
        let s21 = Feature::trace(1, 0).values(&freq, s.view()).unwrap();
        assert_eq!(s21, [10.0, -1.0, 110.0, -1.0]);
        assert!(Feature::trace(2, 0).values(&freq, s.view()).is_err());
    }

    #[test]
    fn unwrapped_phase_and_group_delay_of_a_delay_carry_derivatives() {
        // S21 = exp(-j w tau) with tau a dual: phase -w tau unwrapped, group delay tau, and
        // both derivatives with respect to tau exact.
        let tau = Dual64::from(0.7e-9).derivative();
        let freq = Frequency::linspace(0.0, 5.0, 51, crate::FrequencyUnit::GHz).unwrap();
        let s = Array3::from_shape_fn((51, 1, 1), |(k, _, _)| {
            let w = std::f64::consts::TAU * freq.hz()[k];
            cmath::from_polar(Dual64::from(1.0), -tau * w)
        });
        let phase = Feature::trace(0, 0)
            .with(Transform::Rad)
            .values(&freq, s.view())
            .unwrap();
        for (k, p) in phase.iter().enumerate() {
            let w = std::f64::consts::TAU * freq.hz()[k];
            assert!((p.re + w * 0.7e-9).abs() < 1e-9 && (p.eps + w).abs() < 1e-6 * w.max(1.0));
        }
        let gd = Feature::trace(0, 0)
            .with(Transform::GroupDelay)
            .values(&freq, s.view())
            .unwrap();
        for d in gd {
            assert!((d.re / 0.7e-9 - 1.0).abs() < 1e-9 && (d.eps - 1.0).abs() < 1e-9);
        }
    }
}
