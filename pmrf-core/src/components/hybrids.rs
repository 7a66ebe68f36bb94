//! Four-port couplers and bridges: the ideal 90 degree [`BranchLineHybrid`] and 180 degree
//! [`RatRaceHybrid`] (constant S at [`Z0`] = 50 ohm, as D. M. Pozar, *Microwave Engineering*,
//! 4th ed., Wiley 2011, eqs. 7.53 and 7.63), and ParamRF's box sections: a general
//! [`BoxSection`] of four admittances and the reactive [`BoxSectionClcc`].
//!
//! A box section is a ring of four branches between its ports with no path to ground: branch 1
//! between ports 1 and 3, branch 2 between ports 2 and 4, branch 3 between ports 1 and 2 and
//! branch 4 between ports 3 and 4 (ParamRF's `sections.py`). Its Y-matrix, the nodal stamp of
//! the branches, is singular (a floating network); its S is not.

use std::f64::consts::{FRAC_1_SQRT_2, TAU};
use std::marker::PhantomData;

use num_complex::Complex;

use super::magnetic::constant_part;
use crate::network::{Component, Mat, Z0, domain, matrix};
use crate::{Model, Scalar};

/// `x + jy` for constant matrices.
const fn c(re: f64, im: f64) -> Complex<f64> {
    Complex::new(re, im)
}

const O: Complex<f64> = c(0.0, 0.0);
const H: f64 = FRAC_1_SQRT_2;

constant_part!(
    /// An ideal 90 degree (quadrature, branch-line) hybrid at 50 ohm, Pozar's eq. 7.53:
    /// `S = -(1/sqrt 2) [[0, j, 1, 0], [j, 0, 0, 1], [1, 0, 0, j], [0, 1, j, 0]]`.
    ///
    /// Port 1 in splits equally to port 2 (through, `-j/sqrt 2`) and port 3 (coupled,
    /// `-1/sqrt 2`, 90 degrees behind port 2); port 4 is isolated. Matched, lossless and
    /// reciprocal; the same from every port by symmetry. This is the ideal branch-line coupler
    /// at its centre frequency (quarter-wave branches of 50 and 35.36 ohm).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::BranchLineHybrid;
    ///
    /// let s = BranchLineHybrid::new().s_at(1e9);
    /// let h = std::f64::consts::FRAC_1_SQRT_2;
    /// assert!((s[1][0] - Complex::new(0.0, -h)).norm() < 1e-16);
    /// assert!((s[2][0] - Complex::new(-h, 0.0)).norm() < 1e-16 && s[3][0].norm() == 0.0);
    /// ```
    BranchLineHybrid,
    4,
    [
        [O, c(0.0, -H), c(-H, 0.0), O],
        [c(0.0, -H), O, O, c(-H, 0.0)],
        [c(-H, 0.0), O, O, c(0.0, -H)],
        [O, c(-H, 0.0), c(0.0, -H), O],
    ]
);

constant_part!(
    /// An ideal 180 degree (rat-race, ring) hybrid at 50 ohm, Pozar's eq. 7.63:
    /// `S = -(j/sqrt 2) [[0, 1, 1, 0], [1, 0, 0, -1], [1, 0, 0, 1], [0, -1, 1, 0]]`.
    ///
    /// Port 1 is the sum port: it feeds ports 2 and 3 in phase. Port 4 is the difference
    /// port: it feeds them in antiphase. Ports 1 and 4 are isolated, as are 2 and 3. Matched,
    /// lossless and reciprocal. This is the ideal 70.7 ohm ring at its centre frequency.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::RatRaceHybrid;
    ///
    /// let s = RatRaceHybrid::new().s_at(1e9);
    /// assert_eq!(s[1][0], s[2][0]); // sum: in phase
    /// assert_eq!(s[1][3], -s[2][3]); // difference: antiphase
    /// assert!(s[3][0].norm() == 0.0 && s[2][1].norm() == 0.0);
    /// ```
    RatRaceHybrid,
    4,
    [
        [O, c(0.0, -H), c(0.0, -H), O],
        [c(0.0, -H), O, O, c(0.0, H)],
        [c(0.0, -H), O, O, c(0.0, -H)],
        [O, c(0.0, H), c(0.0, -H), O],
    ]
);

/// The nodal Y-matrix of a box: admittance `y[0]` between ports 1 and 3, `y[1]` between 2
/// and 4, `y[2]` between 1 and 2, `y[3]` between 3 and 4.
#[inline]
fn box_stamp<T: Scalar>(y: [Complex<T>; 4]) -> Mat<T, 4> {
    let o = Complex::new(T::zero(), T::zero());
    let [y1, y2, y3, y4] = y;
    [
        [y1 + y3, -y3, -y1, o],
        [-y3, y2 + y3, o, -y2],
        [-y1, o, y1 + y4, -y4],
        [o, -y2, -y4, y2 + y4],
    ]
}

/// A box section of four frequency-independent admittances (ParamRF's `BoxSection`):
/// `Y1 = g1 + j b1` between ports 1 and 3, `Y2 = g2 + j b2` between ports 2 and 4,
/// `Y3 = g3 + j b3` between ports 1 and 2 and `Y4 = g4 + j b4` between ports 3 and 4.
///
/// Y-parameters, the nodal stamp of the four branches:
/// `Y = [[Y1 + Y3, -Y3, -Y1, 0], [-Y3, Y2 + Y3, 0, -Y2], [-Y1, 0, Y1 + Y4, -Y4],
/// [0, -Y2, -Y4, Y2 + Y4]]`, singular (no branch to ground). All branches `0` is four opens.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::BoxSection;
///
/// // Only Y3 = 20 mS between ports 1 and 2: a series 50 ohm resistor, S21 = 2/3 there.
/// let b = BoxSection { g3: 0.02, ..BoxSection::default() };
/// let s = b.s_at(1e9);
/// assert!((s[1][0].re - 2.0 / 3.0).abs() < 1e-15 && (s[2][2].re - 1.0).abs() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, Default, PartialEq)]
pub struct BoxSection<T: Scalar = f64> {
    /// Conductance of branch 1 (ports 1 to 3), in S.
    #[param(unit = "S", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub g1: T,
    /// Susceptance of branch 1 (ports 1 to 3), in S.
    #[param(unit = "S", scale = 1e-3)]
    pub b1: T,
    /// Conductance of branch 2 (ports 2 to 4), in S.
    #[param(unit = "S", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub g2: T,
    /// Susceptance of branch 2 (ports 2 to 4), in S.
    #[param(unit = "S", scale = 1e-3)]
    pub b2: T,
    /// Conductance of branch 3 (ports 1 to 2), in S.
    #[param(unit = "S", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub g3: T,
    /// Susceptance of branch 3 (ports 1 to 2), in S.
    #[param(unit = "S", scale = 1e-3)]
    pub b3: T,
    /// Conductance of branch 4 (ports 3 to 4), in S.
    #[param(unit = "S", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub g4: T,
    /// Susceptance of branch 4 (ports 3 to 4), in S.
    #[param(unit = "S", scale = 1e-3)]
    pub b4: T,
}

impl<T: Scalar> Component<4> for BoxSection<T> {
    type Domain = domain::Y;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 4> {
        box_stamp([
            Complex::new(self.g1, self.b1),
            Complex::new(self.g2, self.b2),
            Complex::new(self.g3, self.b3),
            Complex::new(self.g4, self.b4),
        ])
    }
}

/// A reactive box section (ParamRF's `BoxSectionCLCC`): capacitor `C1` between ports 1 and 3,
/// inductor `L` between ports 1 and 2, capacitor `C2` between ports 2 and 4 and the bridging
/// capacitor `C3` between ports 3 and 4.
///
/// ParamRF's Y-matrix ([`BoxSection`]'s stamp with `Y3 = 1/(jwL)`) is infinite at DC and at
/// `L = 0`, so S is solved by modified nodal analysis with the inductor current as a fifth
/// unknown: with `Y_c` the capacitors' stamp, `a` the incident node of the inductor
/// (`+1` at port 1, `-1` at port 2) and `x = wL / Z0`,
/// `M = [[I + Z0 Y_c, a], [a^T, -jx]]` and `S = 2 (M^-1)[1..4, 1..4] - I`. Exact at every
/// frequency and for `L = 0`: at DC ports 1 and 2 are joined by a short, 3 and 4 open.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::BoxSectionClcc;
///
/// let s = BoxSectionClcc::new(1e-12, 5e-9, 2e-12, 0.5e-12).s_at(0.0);
/// assert!((s[1][0].re - 1.0).abs() < 1e-15 && (s[2][2].re - 1.0).abs() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct BoxSectionClcc<T: Scalar = f64> {
    /// Capacitance between ports 1 and 3, in F.
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, f64::INFINITY))]
    pub c1: T,
    /// Inductance between ports 1 and 2, in H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l: T,
    /// Capacitance between ports 2 and 4, in F.
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, f64::INFINITY))]
    pub c2: T,
    /// Bridging capacitance between ports 3 and 4, in F.
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, f64::INFINITY))]
    pub c3: T,
}

impl<T: Scalar> BoxSectionClcc<T> {
    /// Capacitors `c1`, `c2`, `c3` (F) and inductor `l` (H), as ParamRF orders them.
    pub fn new(c1: T, l: T, c2: T, c3: T) -> Self {
        BoxSectionClcc { c1, l, c2, c3 }
    }
}

impl<T: Scalar> Component<4> for BoxSectionClcc<T> {
    type Domain = domain::S;
    fn primary(&self, f: T) -> Mat<T, 4> {
        let w = f * TAU;
        let o = Complex::new(T::zero(), T::zero());
        let jb = |c: T| Complex::new(T::zero(), w * c * Z0);
        let yc = box_stamp([jb(self.c1), jb(self.c2), o, jb(self.c3)]);
        let one = Complex::new(T::one(), T::zero());
        let inc = [one, -one, o, o];
        let m: Mat<T, 5> = std::array::from_fn(|i| {
            std::array::from_fn(|j| match (i, j) {
                (4, 4) => Complex::new(T::zero(), -(w * self.l) / Z0),
                (4, j) => inc[j],
                (i, 4) => inc[i],
                (i, j) if i == j => yc[i][j] + one,
                (i, j) => yc[i][j],
            })
        });
        // M is nonsingular for passive values (its leading block has real part I).
        let nan = Complex::new(T::from(f64::NAN), T::from(f64::NAN));
        let inv = matrix::inverse(&m).unwrap_or([[nan; 5]; 5]);
        std::array::from_fn(|i| {
            std::array::from_fn(|j| {
                let v = inv[i][j] * T::from(2.0);
                if i == j { v - one } else { v }
            })
        })
    }
}
