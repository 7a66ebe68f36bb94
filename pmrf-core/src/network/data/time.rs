//! Time domain of network data, as scikit-rf 2.2.0 computes it: impulse and step responses of
//! an S entry ([`Network::impulse_response`], [`Network::step_response`]), extrapolation to DC
//! ([`Network::extrapolate_to_dc`]) and time gating ([`Network::time_gate`]), with scipy's
//! windows ([`Window`]).
//!
//! Every definition follows scikit-rf's (`Network.impulse_response`, `step_response`,
//! `extrapolate_to_dc`, `skrf.time.time_gate`) and numpy's FFT conventions (`ifft` scaled by
//! `1/n`, `fftshift` rolling by `n / 2`), so the same data gives the same numbers; tests pin the
//! agreement. Where scikit-rf only warns (a low-pass transform of data without a DC point) or
//! gives infinities (a gate window with a zero), this module returns an [`Error`] instead.

use std::f64::consts::PI;
use std::str::FromStr;

use ndarray::{Array1, Array2, Array3};
use num_complex::Complex64;
use rustfft::FftPlanner;

use super::Network;
use crate::{Error, Frequency, Result};

/// A window function, with scipy's definitions (`scipy.signal.get_window`).
///
/// Parsed from scipy's names (`"hamming"`, `"hann"`, `"boxcar"`, `"rect"`, `"blackman"`,
/// `"cosine"`, `"kaiser(6)"`, ...); an unknown name is an [`Error`].
///
/// ```
/// use pmrf::network::Window;
///
/// let w: Window = "kaiser(6)".parse()?;
/// assert_eq!(w, Window::Kaiser(6.0));
/// // A symmetric Hann window of 5 samples: 0, 0.5, 1, 0.5, 0.
/// let hann = Window::Hann.samples(5, true);
/// assert!((hann[1] - 0.5).abs() < 1e-15 && (hann[2] - 1.0).abs() < 1e-15);
/// assert!("gaussian".parse::<Window>().is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Window {
    /// Rectangular: all ones (scipy `boxcar`, also `rect`, `rectangular`, `ones`).
    Boxcar,
    /// Hann: `0.5 - 0.5 cos`.
    Hann,
    /// Hamming: `0.54 - 0.46 cos`.
    Hamming,
    /// Blackman: `0.42 - 0.5 cos + 0.08 cos 2`.
    Blackman,
    /// Half a sine period (scipy `cosine`), never zero.
    Cosine,
    /// Kaiser with shape `beta` (6 is scikit-rf's default gate).
    Kaiser(f64),
}

impl FromStr for Window {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        let lower = name.trim().to_ascii_lowercase();
        let window = match lower.as_str() {
            "boxcar" | "box" | "ones" | "rect" | "rectangular" => Window::Boxcar,
            "hann" | "han" => Window::Hann,
            "hamming" | "hamm" | "ham" => Window::Hamming,
            "blackman" | "black" | "blk" => Window::Blackman,
            "cosine" | "halfcosine" => Window::Cosine,
            _ => {
                let beta = ["kaiser(", "ksr("]
                    .iter()
                    .find_map(|p| lower.strip_prefix(p))
                    .and_then(|rest| rest.strip_suffix(')'))
                    .and_then(|b| b.trim().parse::<f64>().ok());
                match beta {
                    Some(beta) if beta.is_finite() => Window::Kaiser(beta),
                    _ => {
                        return Err(Error::TimeDomain(format!(
                            "unknown window `{name}`; expected boxcar (rect), hann, hamming, \
                             blackman, cosine or kaiser(beta), e.g. `kaiser(6)`"
                        )));
                    }
                }
            }
        };
        Ok(window)
    }
}

/// numpy's `linspace(start, stop, num)`: `start + k step`, the last point exactly `stop`.
fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    if num <= 1 {
        return vec![start; num];
    }
    let step = (stop - start) / (num - 1) as f64;
    let mut v: Vec<f64> = (0..num).map(|k| k as f64 * step + start).collect();
    if let Some(last) = v.last_mut() {
        *last = stop;
    }
    v
}

impl Window {
    /// `m` samples of the window: symmetric about `(m - 1) / 2` if `symmetric` (scipy
    /// `fftbins=False`, for gates), else periodic (the first `m` of `m + 1` symmetric samples,
    /// scipy's default, for spectra).
    ///
    /// ```
    /// use pmrf::network::Window;
    ///
    /// // Periodic Hamming of 4 samples: 0.08, 0.54, 1, 0.54.
    /// let w = Window::Hamming.samples(4, false);
    /// assert!((w[0] - 0.08).abs() < 1e-15 && (w[2] - 1.0).abs() < 1e-15);
    /// ```
    pub fn samples(&self, m: usize, symmetric: bool) -> Vec<f64> {
        if m <= 1 {
            return vec![1.0; m];
        }
        let len = if symmetric { m } else { m + 1 };
        let cosines = |a: &[f64]| -> Vec<f64> {
            linspace(-PI, PI, len)
                .into_iter()
                .map(|x| {
                    a.iter()
                        .enumerate()
                        .fold(0.0, |w, (k, ak)| w + ak * (k as f64 * x).cos())
                })
                .collect()
        };
        let mut w = match *self {
            Window::Boxcar => vec![1.0; len],
            Window::Hann => cosines(&[0.5, 0.5]),
            Window::Hamming => cosines(&[0.54, 1.0 - 0.54]),
            Window::Blackman => cosines(&[0.42, 0.50, 0.08]),
            Window::Cosine => (0..len)
                .map(|k| (PI / len as f64 * (k as f64 + 0.5)).sin())
                .collect(),
            Window::Kaiser(beta) => {
                let alpha = (len - 1) as f64 / 2.0;
                let i0b = bessel_i0(beta);
                (0..len)
                    .map(|k| {
                        let r = (k as f64 - alpha) / alpha;
                        bessel_i0(beta * (1.0 - r.powi(2)).sqrt()) / i0b
                    })
                    .collect()
            }
        };
        w.truncate(m);
        w
    }
}

fn bessel_i0(x: f64) -> f64 {
    crate::special::bessel::i0(Complex64::new(x, 0.0)).re
}

/// Options of [`Network::impulse_response`] and [`Network::step_response`], as scikit-rf's
/// arguments of the same names. `Default` is scikit-rf's: Hamming, no padding, `n` from the
/// grid, band-pass chosen from the grid.
///
/// ```
/// use pmrf::network::{TimeOptions, Window};
///
/// let opts = TimeOptions { window: Some(Window::Hann), pad: 100, ..Default::default() };
/// assert_eq!(opts.n, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeOptions {
    /// Window on the spectrum before the inverse FFT (not normalised); `None` for none. In
    /// low-pass mode only its falling half is used, centred on DC.
    pub window: Option<Window>,
    /// Length of the response; `None`: `2m - 1` points in low-pass mode, `m` in band-pass mode,
    /// where `m` = points + `pad`. When given, `pad` is ignored.
    pub n: Option<usize>,
    /// Zeros appended to the spectrum, for a finer time grid.
    pub pad: usize,
    /// Band-pass (complex response, full window) or low-pass (real response from the
    /// Hermitian spectrum, needs a DC point); `None`: band-pass unless the grid starts at 0 Hz.
    pub bandpass: Option<bool>,
}

impl Default for TimeOptions {
    fn default() -> Self {
        TimeOptions {
            window: Some(Window::Hamming),
            n: None,
            pad: 0,
            bandpass: None,
        }
    }
}

/// A time-domain response: times `t` (s) and values `y`, real (zero imaginary part) in
/// low-pass mode and for step responses.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeResponse {
    /// Time of each sample in seconds, ascending, centred on 0.
    pub t: Array1<f64>,
    /// The response at each time.
    pub y: Array1<Complex64>,
}

/// Whether a [`Gate`] keeps what is inside it or removes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GateMode {
    /// Keep the response inside the gate.
    #[default]
    Bandpass,
    /// Remove the response inside the gate (the data minus its band-pass gate).
    Bandstop,
}

/// How a [`Gate`] goes to the time domain and back (scikit-rf's `method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GateMethod {
    /// Band-pass: inverse FFT of the positive frequencies only, complex time signal of as many
    /// samples as the data (scikit-rf's default, `'fft'`).
    #[default]
    Fft,
    /// Low-pass: the Hermitian spectrum, real time signal of `2m - 1` samples, twice the
    /// resolution; needs a DC point (`'rfft'`).
    Rfft,
}

/// A time gate for [`Network::time_gate`], as scikit-rf's `time_gate`: from `start` to `stop`
/// (s), a window over it (scikit-rf's default `kaiser(6)`), a mode and method, and a window on
/// the spectrum during the transform (default `cosine`), removed afterwards.
///
/// ```
/// use pmrf::network::{Gate, GateMode, Window};
///
/// let gate = Gate::start_stop(0.75e-9, 1.25e-9).bandstop().window(Window::Hann);
/// assert_eq!(Gate::center_span(1e-9, 0.5e-9).stop(), gate.stop());
/// assert_eq!(gate.mode(), GateMode::Bandstop);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gate {
    start: f64,
    stop: f64,
    mode: GateMode,
    window: Window,
    method: GateMethod,
    fft_window: Option<Window>,
}

impl Gate {
    fn new(start: f64, stop: f64) -> Self {
        Gate {
            start,
            stop,
            mode: GateMode::Bandpass,
            window: Window::Kaiser(6.0),
            method: GateMethod::Fft,
            fft_window: Some(Window::Cosine),
        }
    }

    /// A band-pass gate from `start` to `stop` (s).
    pub fn start_stop(start: f64, stop: f64) -> Self {
        Self::new(start, stop)
    }

    /// A band-pass gate of width `span` (s) centred on `center` (s).
    pub fn center_span(center: f64, span: f64) -> Self {
        Self::new(center - span / 2.0, center + span / 2.0)
    }

    /// The same gate in band-stop mode.
    pub fn bandstop(self) -> Self {
        Gate {
            mode: GateMode::Bandstop,
            ..self
        }
    }

    /// The same gate with the window `window` over it.
    pub fn window(self, window: Window) -> Self {
        Gate { window, ..self }
    }

    /// The same gate transformed by `method`.
    pub fn method(self, method: GateMethod) -> Self {
        Gate { method, ..self }
    }

    /// The same gate with `window` on the spectrum during the transform (`None`: none).
    pub fn fft_window(self, window: Option<Window>) -> Self {
        Gate {
            fft_window: window,
            ..self
        }
    }

    /// Start of the gate (s).
    pub fn start(&self) -> f64 {
        self.start
    }

    /// Stop of the gate (s).
    pub fn stop(&self) -> f64 {
        self.stop
    }

    /// Band-pass or band-stop.
    pub fn mode(&self) -> GateMode {
        self.mode
    }
}

/// In-place FFT of `x`, forward or inverse (unscaled).
fn fft_in_place(x: &mut [Complex64], inverse: bool) {
    let mut planner = FftPlanner::new();
    let plan = if inverse {
        planner.plan_fft_inverse(x.len())
    } else {
        planner.plan_fft_forward(x.len())
    };
    plan.process(x);
}

/// numpy's `ifft(x, n)`: `x` zero-padded or truncated to `n`, scaled by `1/n`.
fn ifft(x: &[Complex64], n: usize) -> Vec<Complex64> {
    let mut y: Vec<Complex64> = (0..n)
        .map(|k| x.get(k).copied().unwrap_or_default())
        .collect();
    fft_in_place(&mut y, true);
    let scale = 1.0 / n as f64;
    y.iter_mut().for_each(|v| *v *= scale);
    y
}

/// numpy's `irfft(x, n)`: the real signal whose spectrum is the Hermitian extension of the
/// first `n / 2 + 1` values of `x` (the imaginary parts at DC and, for even `n`, at Nyquist
/// are ignored).
fn irfft(x: &[Complex64], n: usize) -> Vec<f64> {
    let half = n / 2 + 1;
    let mut full = vec![Complex64::default(); n];
    for k in 0..half.min(x.len()) {
        full[k] = x[k];
        if k > 0 && n - k != k {
            full[n - k] = x[k].conj();
        }
    }
    full[0].im = 0.0;
    if n.is_multiple_of(2) {
        full[n / 2].im = 0.0;
    }
    ifft(&full, n).into_iter().map(|v| v.re).collect()
}

/// numpy's `fftshift` (zero time to the middle) and `ifftshift` (back).
fn fftshift<T>(mut v: Vec<T>) -> Vec<T> {
    let half = v.len() / 2;
    v.rotate_right(half);
    v
}

fn ifftshift<T>(mut v: Vec<T>) -> Vec<T> {
    let half = v.len() / 2;
    v.rotate_left(half);
    v
}

fn time_error(message: String) -> Error {
    Error::TimeDomain(message)
}

impl Network {
    /// The step of the frequency grid (Hz), which must be uniform with at least 2 points.
    fn uniform_step(&self, what: &str) -> Result<f64> {
        let hz = self.frequency().hz();
        let n = hz.len();
        if n < 2 {
            return Err(time_error(format!(
                "{what} needs a uniform frequency grid of at least 2 points; network `{}` has {n}",
                self.name()
            )));
        }
        let step = (hz[n - 1] - hz[0]) / (n - 1) as f64;
        // Touchstone files round frequencies; a deviation of 1% of a step is still uniform.
        if let Some(k) = (0..n).find(|&k| (hz[k] - (hz[0] + k as f64 * step)).abs() > 0.01 * step) {
            return Err(time_error(format!(
                "{what} needs a uniform frequency grid; the grid of network `{}` ({} to {} Hz, \
                 {n} points) has point {k} at {} Hz, not {} Hz (resample it with \
                 Network::interpolate or extrapolate_to_dc)",
                self.name(),
                hz[0],
                hz[n - 1],
                hz[k],
                hz[0] + k as f64 * step
            )));
        }
        Ok(step)
    }

    /// Refuses a low-pass transform of a grid that does not start at 0 Hz.
    fn require_dc(&self, what: &str) -> Result<()> {
        let f0 = self.frequency().hz()[0];
        if f0 != 0.0 {
            return Err(time_error(format!(
                "{what} in low-pass mode needs a grid starting at 0 Hz; the grid of network `{}` \
                 starts at {f0} Hz (use Network::extrapolate_to_dc first, or band-pass mode)",
                self.name()
            )));
        }
        Ok(())
    }

    /// The S entry `to`, `from` (0-based) as a vector, ports checked.
    fn entry_vec(&self, to: usize, from: usize) -> Result<Vec<Complex64>> {
        Ok(self.trace(to, from)?.to_vec())
    }

    /// The impulse response of S entry (`to`, `from`) (0-based), as scikit-rf's
    /// `Network.impulse_response` computes it: the windowed spectrum, inverse FFT'd (low-pass:
    /// `irfft` of the Hermitian spectrum; band-pass: `ifft`) and `fftshift`ed, on scikit-rf's
    /// time grid `t` (spacing `1 / (n step)`).
    ///
    /// The amplitude is the reflection (transmission) coefficient per time sample; low-pass
    /// responses are real.
    ///
    /// # Errors
    /// [`Error::TimeDomain`] for a grid that is not uniform or has fewer than 2 points, a
    /// low-pass request on a grid that does not start at 0 Hz, or `n = 0`;
    /// [`Error::InvalidNetwork`] for a port out of range.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::ndarray::Array3;
    /// use pmrf::num_complex::Complex64;
    ///
    /// // A pure delay of 1 ns, 0 to 10 GHz: the impulse peaks at t = 1 ns.
    /// let freq = Frequency::linspace(0.0, 10.0, 101, FrequencyUnit::GHz)?;
    /// let s = Array3::from_shape_fn((101, 1, 1), |(k, _, _)| {
    ///     Complex64::from_polar(1.0, -2.0 * std::f64::consts::PI * freq.hz()[k] * 1e-9)
    /// });
    /// let net = Network::from_s(freq, s)?;
    /// let ir = net.impulse_response(0, 0, &Default::default())?;
    /// let peak = (0..ir.t.len()).max_by(|&a, &b| ir.y[a].re.total_cmp(&ir.y[b].re)).unwrap();
    /// // To the nearest sample (spacing 1 / (201 * 0.1 GHz)).
    /// assert!((ir.t[peak] - 1e-9).abs() < (ir.t[1] - ir.t[0]) / 2.0);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn impulse_response(
        &self,
        to: usize,
        from: usize,
        opts: &TimeOptions,
    ) -> Result<TimeResponse> {
        let step = self.uniform_step("an impulse response")?;
        let s = self.entry_vec(to, from)?;
        let m = s.len();
        let bandpass = opts.bandpass.unwrap_or(self.frequency().hz()[0] != 0.0);
        if !bandpass {
            self.require_dc("an impulse response")?;
        }
        let n = match opts.n {
            Some(0) => {
                return Err(time_error(
                    "the response length n must be >= 1, not 0".into(),
                ));
            }
            Some(n) => n,
            None if bandpass => m + opts.pad,
            None => 2 * (m + opts.pad) - 1,
        };
        let w = match opts.window {
            Some(window) if bandpass => window.samples(m, false),
            Some(window) => window.samples(2 * m, false).split_off(m),
            None => vec![1.0; m],
        };
        let windowed: Vec<Complex64> = s.iter().zip(&w).map(|(v, w)| v * w).collect();
        let dt = 1.0 / (n as f64 * step);
        let (t, y) = if bandpass {
            let t_stop = ((n - 1) / 2) as f64 * dt;
            let t_start = if n.is_multiple_of(2) {
                -t_stop - dt
            } else {
                -(((n - 1) / 2) as f64) * dt
            };
            (linspace(t_start, t_stop, n), fftshift(ifft(&windowed, n)))
        } else {
            let half = (n / 2) as f64 * dt;
            let y = irfft(&windowed, n)
                .into_iter()
                .map(|v| Complex64::new(v, 0.0))
                .collect();
            (linspace(-half, half, n), fftshift(y))
        };
        Ok(TimeResponse {
            t: Array1::from(t),
            y: Array1::from(y),
        })
    }

    /// The step response of S entry (`to`, `from`) (0-based), as scikit-rf's
    /// `Network.step_response`: the low-pass impulse response integrated by the cumulative
    /// trapezoid rule over samples (unit spacing, starting at 0), so it is in the units of
    /// scikit-rf's. `opts.bandpass` must be `None` or `Some(false)`.
    ///
    /// # Errors
    /// As [`Network::impulse_response`] in low-pass mode (the grid must be uniform and start
    /// at 0 Hz), and [`Error::TimeDomain`] for `opts.bandpass = Some(true)`.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::network::TimeOptions;
    /// use pmrf::ndarray::Array3;
    /// use pmrf::num_complex::Complex64;
    ///
    /// // A flat reflection of 0.5 from DC to 10 GHz, no window: the step settles at 0.5.
    /// let freq = Frequency::linspace(0.0, 10.0, 101, FrequencyUnit::GHz)?;
    /// let net = Network::from_s(freq, Array3::from_elem((101, 1, 1), Complex64::new(0.5, 0.0)))?;
    /// let opts = TimeOptions { window: None, ..Default::default() };
    /// let step = net.step_response(0, 0, &opts)?;
    /// assert!((step.y[step.y.len() - 1].re - 0.5).abs() < 1e-12);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn step_response(
        &self,
        to: usize,
        from: usize,
        opts: &TimeOptions,
    ) -> Result<TimeResponse> {
        if opts.bandpass == Some(true) {
            return Err(time_error(
                "a step response is low-pass only; set TimeOptions::bandpass to None or Some(false)"
                    .into(),
            ));
        }
        let ir = self.impulse_response(
            to,
            from,
            &TimeOptions {
                bandpass: Some(false),
                ..*opts
            },
        )?;
        let mut acc = 0.0;
        let mut y = Vec::with_capacity(ir.y.len());
        y.push(Complex64::new(0.0, 0.0));
        for k in 1..ir.y.len() {
            acc += (ir.y[k - 1].re + ir.y[k].re) / 2.0;
            y.push(Complex64::new(acc, 0.0));
        }
        Ok(TimeResponse {
            t: ir.t,
            y: Array1::from(y),
        })
    }

    /// The data extended down to 0 Hz on a uniform grid of `points` points from 0 to the last
    /// frequency, as scikit-rf's `extrapolate_to_dc(points, dc_sparam, kind='linear')`.
    ///
    /// `points = None` keeps the data's step: `len + round(f0 / step)` points. S at 0 Hz is
    /// `dc` if given (an `(n, n)` matrix), else extrapolated linearly in magnitude and unwrapped
    /// phase from the first two points, as are the points between DC and the data when the
    /// first point is at least two new steps above DC. The result is then interpolated linearly
    /// (real and imaginary parts) onto the new grid, and S at DC made real. Data already
    /// starting at 0 Hz is returned unchanged. Best results (no interpolation of measured
    /// points) come when the first frequency is a multiple of the step.
    ///
    /// scikit-rf's default `kind='cubic'` and its `'rational'` kind are not provided; on a
    /// grid whose first point is a multiple of its step they agree with `'linear'`, since no
    /// measured point is moved.
    ///
    /// # Errors
    /// [`Error::TimeDomain`] for fewer than 2 points, `points < 2`, a `points` that leaves no
    /// room for the points below the data, or a `dc` matrix of the wrong shape or not finite.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::linspace(1.0, 10.0, 10, FrequencyUnit::GHz)?;
    /// let net = Network::from_s(freq.clone(), SeriesR::new(10.0).s(&freq))?;
    /// let dc = net.extrapolate_to_dc(None, None)?;
    /// assert_eq!(dc.len(), 11);
    /// assert_eq!(dc.frequency().hz()[0], 0.0);
    /// // A resistor is flat, so DC is its S21 = 100 / 110.
    /// assert!((dc.s()[[0, 1, 0]].re - 100.0 / 110.0).abs() < 1e-12);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn extrapolate_to_dc(
        &self,
        points: Option<usize>,
        dc: Option<&Array2<Complex64>>,
    ) -> Result<Network> {
        let hz = self.frequency().hz();
        if hz.first() == Some(&0.0) {
            return Ok(self.clone());
        }
        if hz.len() < 2 {
            return Err(time_error(format!(
                "extrapolation to DC needs at least 2 frequency points; network `{}` has {}",
                self.name(),
                hz.len()
            )));
        }
        let len = hz.len();
        let np = self.nports();
        let points =
            points.unwrap_or_else(|| len + (hz[0] / (hz[1] - hz[0])).round_ties_even() as usize);
        if points < 2 {
            return Err(time_error(format!(
                "extrapolation to DC needs points >= 2, not {points}"
            )));
        }
        // Frequencies and S (flattened per point) of the extended data, before resampling.
        let mut f: Vec<f64> = Vec::new();
        let mut s: Vec<Vec<Complex64>> = Vec::new();
        let (f0, f1) = (hz[0], hz[1]);
        let lin = |y0: f64, y1: f64, x: f64| (y1 - y0) / (f1 - f0) * (x - f0) + y0;
        let polar = |x: f64| -> Vec<Complex64> {
            let s0 = self.s().index_axis(ndarray::Axis(0), 0);
            let s1 = self.s().index_axis(ndarray::Axis(0), 1);
            s0.iter()
                .zip(s1.iter())
                .map(|(a, b)| {
                    let (r0, mut r1) = (a.arg(), b.arg());
                    // numpy's unwrap of two points.
                    let d = r1 - r0;
                    if d.abs() >= PI {
                        let mut dm = (d + PI).rem_euclid(2.0 * PI) - PI;
                        if dm == -PI && d > 0.0 {
                            dm = PI;
                        }
                        r1 += dm - d;
                    }
                    let mag = lin(a.norm(), b.norm(), x);
                    let rad = lin(r0, r1, x);
                    Complex64::new(mag * rad.cos(), mag * rad.sin())
                })
                .collect()
        };
        match dc {
            Some(dc) => {
                if dc.dim() != (np, np) || dc.iter().any(|v| !v.is_finite()) {
                    return Err(time_error(format!(
                        "the DC S-parameters must be a finite ({np}, {np}) matrix for network `{}`; \
                         got shape {:?}",
                        self.name(),
                        dc.dim()
                    )));
                }
                f.push(0.0);
                s.push(dc.iter().copied().collect());
            }
            None => {
                f.push(0.0);
                s.push(polar(0.0));
                let fstep = hz[len - 1] / (points - 1) as f64;
                if hz[0] >= 2.0 * fstep {
                    let Some(extra) = points.checked_sub(len + 1) else {
                        return Err(time_error(format!(
                            "points = {points} leaves no room between DC and the first point \
                             ({} Hz) of network `{}`, which has {len} points",
                            hz[0],
                            self.name()
                        )));
                    };
                    for x in linspace(fstep, extra as f64 * fstep, extra) {
                        f.push(x);
                        s.push(polar(x));
                    }
                }
            }
        }
        let nfirst = f.len();
        f.extend_from_slice(hz);
        s.extend(
            self.s()
                .outer_iter()
                .map(|m| m.iter().copied().collect::<Vec<_>>()),
        );
        let z0: Vec<Vec<Complex64>> = (0..nfirst)
            .map(|_| self.z0().row(0).to_vec())
            .chain(self.z0().outer_iter().map(|r| r.to_vec()))
            .collect();

        // Resample linearly (scipy interp1d) onto the uniform grid scikit-rf builds in the
        // data's unit.
        let mult = self.frequency().unit().multiplier();
        let new_f: Vec<f64> = linspace(0.0, hz[len - 1] / mult, points)
            .into_iter()
            .map(|x| x * mult)
            .collect();
        let interp = |rows: &[Vec<Complex64>], x: f64| -> Vec<Complex64> {
            let i = f.partition_point(|&v| v < x).clamp(1, f.len() - 1);
            let (lo, hi) = (i - 1, i);
            let dx = x - f[lo];
            let w = f[hi] - f[lo];
            rows[lo]
                .iter()
                .zip(&rows[hi])
                .map(|(a, b)| {
                    Complex64::new((b.re - a.re) / w * dx + a.re, (b.im - a.im) / w * dx + a.im)
                })
                .collect()
        };
        let mut s_new = Array3::<Complex64>::zeros((points, np, np));
        let mut z0_new = Array2::<Complex64>::zeros((points, np));
        for (k, &x) in new_f.iter().enumerate() {
            let row = interp(&s, x);
            for (v, dst) in row
                .into_iter()
                .zip(s_new.index_axis_mut(ndarray::Axis(0), k).iter_mut())
            {
                *dst = if k == 0 { Complex64::new(v.re, 0.0) } else { v };
            }
            for (v, dst) in interp(&z0, x).into_iter().zip(z0_new.row_mut(k).iter_mut()) {
                *dst = v;
            }
        }
        let freq = Frequency::from_hz(new_f)?.with_unit(self.frequency().unit());
        Ok(Network::new(freq, s_new, z0_new)?.with_name(self.name()))
    }

    /// Every S entry gated in time by `gate`, as scikit-rf's `time_gate(start, stop, mode,
    /// window, method, fft_window)` gates a one-port (scikit-rf gates one-ports only; here
    /// each entry is gated on its own). The time grid is scikit-rf's: `fftshift(fftfreq(n,
    /// step))` with `n` the points (`Fft`) or `2 points - 1` (`Rfft`); the gate runs from the
    /// sample nearest `start` to the one nearest `stop`, a symmetric window over them.
    ///
    /// # Errors
    /// [`Error::TimeDomain`] for a grid that is not uniform or has fewer than 2 points, a gate
    /// with a non-finite end or `start >= stop`, a gate reaching outside the time span of the
    /// data, an `Rfft` gate on a grid not starting at 0 Hz, or a spectrum window with a zero
    /// sample (the transform divides by it; Hann and Blackman have one in `Fft` mode).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::network::Gate;
    /// use pmrf::ndarray::Array3;
    /// use pmrf::num_complex::Complex64;
    ///
    /// // Reflections of 0.5 at 1 ns and 0.25 at 3 ns; a gate around 1 ns keeps the first only.
    /// let freq = Frequency::linspace(0.0, 10.0, 201, FrequencyUnit::GHz)?;
    /// let delay = |f: f64, t: f64| Complex64::from_polar(1.0, -2.0 * std::f64::consts::PI * f * t);
    /// let s = Array3::from_shape_fn((201, 1, 1), |(k, _, _)| {
    ///     let f = freq.hz()[k];
    ///     delay(f, 1e-9) * 0.5 + delay(f, 3e-9) * 0.25
    /// });
    /// let gated = Network::from_s(freq.clone(), s)?.time_gate(&Gate::center_span(1e-9, 1e-9))?;
    /// // Mid-band, S11 is the first reflection alone, to the sidelobes of the second.
    /// assert!((gated.s()[[100, 0, 0]] - delay(freq.hz()[100], 1e-9) * 0.5).norm() < 0.02);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn time_gate(&self, gate: &Gate) -> Result<Network> {
        let step = self.uniform_step("a time gate")?;
        let (start, stop) = (gate.start, gate.stop);
        if !(start.is_finite() && stop.is_finite() && start < stop) {
            return Err(time_error(format!(
                "a time gate needs finite start < stop; got start = {start} s, stop = {stop} s"
            )));
        }
        let m = self.len();
        let n_td = match gate.method {
            GateMethod::Fft => m,
            GateMethod::Rfft => {
                self.require_dc("a time gate")?;
                2 * m - 1
            }
        };
        let window_fd = match (gate.fft_window, gate.method) {
            (None, _) => vec![1.0; m],
            (Some(w), GateMethod::Fft) => w.samples(m, false),
            (Some(w), GateMethod::Rfft) => w.samples(2 * m, false).split_off(m),
        };
        if let Some(k) = window_fd.iter().position(|&w| w == 0.0) {
            return Err(time_error(format!(
                "the spectrum window {:?} is 0 at sample {k} of {m}, and the gate divides by it; \
                 use one without zeros (cosine, hamming, kaiser) or none",
                gate.fft_window.unwrap_or(Window::Boxcar)
            )));
        }
        // Time grid: fftshift(fftfreq(n_td, step)).
        let dt = 1.0 / (n_td as f64 * step);
        let half = (n_td / 2) as f64;
        let t: Vec<f64> = (0..n_td).map(|i| (i as f64 - half) * dt).collect();
        let (t_first, t_last) = (t[0], t[n_td - 1]);
        if start < t_first - dt / 2.0 || stop > t_last + dt / 2.0 {
            return Err(time_error(format!(
                "the gate [{start}, {stop}] s reaches outside the time span [{t_first}, {t_last}] s \
                 of network `{}` ({m} points, step {step} Hz)",
                self.name()
            )));
        }
        let nearest = |x: f64| {
            (0..n_td).fold(0, |best, i| {
                if (t[i] - x).abs() < (t[best] - x).abs() {
                    i
                } else {
                    best
                }
            })
        };
        let (i0, i1) = (nearest(start), nearest(stop));
        let mut g = vec![0.0; n_td];
        for (dst, w) in g[i0..=i1]
            .iter_mut()
            .zip(gate.window.samples(i1 - i0 + 1, true))
        {
            *dst = w;
        }

        let mut s_out = self.s().clone();
        for to in 0..self.nports() {
            for from in 0..self.nports() {
                let x: Vec<Complex64> = self
                    .entry_vec(to, from)?
                    .iter()
                    .zip(&window_fd)
                    .map(|(v, w)| v * w)
                    .collect();
                let gated: Vec<Complex64> = match gate.method {
                    GateMethod::Fft => {
                        let td: Vec<Complex64> = fftshift(ifft(&x, n_td))
                            .iter()
                            .zip(&g)
                            .map(|(v, g)| v * g)
                            .collect();
                        let mut y = ifftshift(td);
                        fft_in_place(&mut y, false);
                        y
                    }
                    GateMethod::Rfft => {
                        let td: Vec<f64> = fftshift(irfft(&x, n_td))
                            .iter()
                            .zip(&g)
                            .map(|(v, g)| v * g)
                            .collect();
                        let mut y: Vec<Complex64> = ifftshift(td)
                            .into_iter()
                            .map(|v| Complex64::new(v, 0.0))
                            .collect();
                        fft_in_place(&mut y, false);
                        y.truncate(n_td / 2 + 1);
                        y
                    }
                };
                for (k, v) in gated.into_iter().enumerate() {
                    let v = v / window_fd[k];
                    let dst = &mut s_out[[k, to, from]];
                    *dst = match gate.mode {
                        GateMode::Bandpass => v,
                        GateMode::Bandstop => *dst - v,
                    };
                }
            }
        }
        Ok(
            Network::new(self.frequency().clone(), s_out, self.z0().clone())?
                .with_name(self.name()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn irfft_inverts_a_real_signal() {
        let x: Vec<f64> = (0..7)
            .map(|k| (k as f64 * 0.7).sin() + 0.1 * k as f64)
            .collect();
        for n in [7usize, 8] {
            let xs: Vec<f64> = x
                .iter()
                .copied()
                .chain(std::iter::repeat(0.3))
                .take(n)
                .collect();
            let mut spec: Vec<Complex64> = xs.iter().map(|&v| Complex64::new(v, 0.0)).collect();
            fft_in_place(&mut spec, false);
            let back = irfft(&spec[..n / 2 + 1], n);
            for (a, b) in back.iter().zip(&xs) {
                assert!((a - b).abs() < 1e-14, "n = {n}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn shifts_match_numpy() {
        assert_eq!(fftshift(vec![0, 1, 2, 3, 4]), vec![3, 4, 0, 1, 2]);
        assert_eq!(ifftshift(vec![3, 4, 0, 1, 2]), vec![0, 1, 2, 3, 4]);
        assert_eq!(fftshift(vec![0, 1, 2, 3]), vec![2, 3, 0, 1]);
    }
}
