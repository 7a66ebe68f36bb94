//! [`FloatingLine`]: the 4-port of a uniform line whose return conductor is not grounded.

use std::marker::PhantomData;

use super::UniformLine;
use crate::cmath::ComplexExt;
use crate::network::{Mat, Z0};
use crate::{Model, Scalar};

/// A uniform line whose return conductor (the shield) floats: a 4-port with ports 1 and 2 the
/// signal conductor at the line's two ends and ports 3 and 4 the return conductor at the same
/// two ends (1 and 3 on one side, 2 and 4 on the other), all against an external ground, as
/// scikit-rf's `Media.line_floating`. Grounding ports 3 and 4 gives back the 2-port `line`.
///
/// Only the differential wave of each end pair enters the line (it sees the line's 2-port `S_d`
/// at the pair's reference `2 z0`); a common wave finds no path to ground and is reflected
/// whole. Back in single-ended waves, with `s = 1` on the diagonal (`i = j`) and `0` off it,
///
/// ```text
/// S[p_i, p_j] = S[n_i, n_j] = (S_d[i][j] + s) / 2,   S[p_i, n_j] = S[n_i, p_j] = (s - S_d[i][j]) / 2
/// ```
///
/// (`p_i` the signal and `n_i` the return port of end `i`), which is scikit-rf's closed form
/// for a matched line and holds for any line, lossy, dispersive, zero-length or at DC, because
/// it reuses the line's [`LineSection`](super::LineSection).
///
/// ParamRF's `FloatingLine` numbers the ports by end pair (1+, 1-, 2+, 2-):
/// [`Renumbered::new(floating, [0, 2, 1, 3])`](crate::components::Renumbered) gives that order.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::{DelayLine, FloatingLine};
/// use pmrf::components::{Short, Terminated};
///
/// let floating = FloatingLine::new(DelayLine::new(50.0, 1e-9));
/// let s = floating.s_at(250e6); // a quarter wave
/// // A wave on port 1 meets the line in series with port 3's 50 ohm: S11 = (3 + e^2) / (9 - e^2).
/// let e2: Complex<f64> = Complex::new(-1.0, 0.0); // e^(-2 theta), theta = j pi / 2
/// assert!((s[0][0] - (e2 + 3.0) / (-e2 + 9.0)).norm() < 1e-15);
/// // Grounding ports 3 and 4 gives the 50 ohm line back: a matched delay, S21 = -j.
/// let grounded = Terminated::at::<2>(Terminated::at::<3>(floating.clone(), Short::new()), Short::new());
/// assert!((grounded.s_at(250e6)[1][0] - Complex::new(0.0, -1.0)).norm() < 1e-15);
/// assert_eq!(floating.param_names(), ["line.z0", "line.delay"]);
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct FloatingLine<L, T: Scalar = f64> {
    /// The line, as a grounded 2-port.
    pub line: L,
    _scalar: PhantomData<T>,
}

impl<L: UniformLine<Scalar = T>, T: Scalar> FloatingLine<L, T> {
    /// `line` with its return conductor floating.
    pub fn new(line: L) -> Self {
        FloatingLine {
            line,
            _scalar: PhantomData,
        }
    }
}

impl<L: UniformLine<Scalar = T>, T: Scalar> crate::network::Component<4> for FloatingLine<L, T> {
    type Domain = crate::network::domain::S;

    fn primary(&self, f: T) -> Mat<T, 4> {
        let sd = self.line.section(f).s(2.0 * Z0);
        // Port of end i: signal 0 + i, return 2 + i.
        std::array::from_fn(|r| {
            std::array::from_fn(|c| {
                let (i, j) = (r % 2, c % 2);
                let same = if i == j { 1.0 } else { 0.0 };
                let d = sd[i][j].scale_f64(0.5);
                if (r < 2) == (c < 2) {
                    d.add_f64(0.5 * same)
                } else {
                    (-d).add_f64(0.5 * same)
                }
            })
        })
    }
}
