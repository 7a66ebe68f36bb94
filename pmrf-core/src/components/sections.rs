//! Two-port sections of lumped branches: the generic pi ([`PiSection`], three admittances), T
//! ([`TSection`], three impedances) and L ([`LSection`], an impedance and an admittance), and
//! the reactive CLC pi ([`PiSectionClc`]), LCL T ([`TSectionLcl`]) and LC L ([`LSectionLc`])
//! of low-pass filters and matching networks, as ParamRF's `sections.py`.
//!
//! Each is computed in its natural domain: the pi in Y, the T in Z, the L forms and the
//! reactive sections in ABCD, as the product of the ABCD matrices of their branches
//! (D. M. Pozar, *Microwave Engineering*, 4th ed., Wiley 2011, table 4.1): a series impedance
//! `Z` is `[[1, Z], [0, 1]]`, a shunt admittance `Y` is `[[1, 0], [Y, 1]]`. Every entry is a
//! polynomial in the branch values, so all finite values are exact, zeros included (at DC the
//! reactive sections are thrus, with all branch values `0` the pi is two opens, the T two
//! shorts and the L a thru). Infinite values (which [`Model::with_params`] rejects as
//! non-finite) have no such matrix and give NaN; to model an open series branch or a
//! shorting shunt branch, cascade the lumped elements instead ([`Cascade`](super::Cascade) of
//! [`ShuntC`](super::ShuntC), [`SeriesL`](super::SeriesL), ...), which take them exactly.

use std::f64::consts::TAU;

use num_complex::Complex;

use super::lumped::lumped;
use crate::network::{Component, Mat, domain};
use crate::{Model, Scalar};

#[inline]
fn cx<T: Scalar>(re: T, im: T) -> Complex<T> {
    Complex::new(re, im)
}

#[inline]
fn one<T: Scalar>() -> Complex<T> {
    Complex::new(T::one(), T::zero())
}

lumped!(
    /// A pi section of three frequency-independent admittances: `Y1 = g1 + j b1` from port 1
    /// to ground, `Y2 = g2 + j b2` from port 2 to ground and `Y3 = g3 + j b3` in series between
    /// the ports.
    ///
    /// Y-parameters (ParamRF `PiSection`): `Y = [[Y1 + Y3, -Y3], [-Y3, Y2 + Y3]]`.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{PiSection, SeriesAdmittance, ShuntAdmittance};
    ///
    /// // The same as a cascade of its three branches.
    /// let pi = PiSection::new(0.01, 0.02, 0.0, -0.01, 0.005, 0.03);
    /// let cascade = Cascade::new((
    ///     ShuntAdmittance::new(0.01, 0.02),
    ///     SeriesAdmittance::new(0.005, 0.03),
    ///     ShuntAdmittance::new(0.0, -0.01),
    /// ));
    /// let (a, b) = (pi.s_at(1e9), cascade.s_at(1e9));
    /// assert!((0..4).all(|k| (a[k / 2][k % 2] - b[k / 2][k % 2]).norm() < 1e-15));
    /// ```
    PiSection {
        g1: "S", 1e-3, (0.0, f64::INFINITY), "Conductance of the shunt branch at port 1, in S";
        b1: "S", 1e-3, (f64::NEG_INFINITY, f64::INFINITY), "Susceptance of the shunt branch at port 1, in S";
        g2: "S", 1e-3, (0.0, f64::INFINITY), "Conductance of the shunt branch at port 2, in S";
        b2: "S", 1e-3, (f64::NEG_INFINITY, f64::INFINITY), "Susceptance of the shunt branch at port 2, in S";
        g3: "S", 1e-3, (0.0, f64::INFINITY), "Conductance of the series branch, in S";
        b3: "S", 1e-3, (f64::NEG_INFINITY, f64::INFINITY), "Susceptance of the series branch, in S";
    }
    in Y |m, _f| {
        let y3 = cx(m.g3, m.b3);
        [[cx(m.g1, m.b1) + y3, -y3], [-y3, cx(m.g2, m.b2) + y3]]
    }
);

lumped!(
    /// A T section of three frequency-independent impedances: `Z1 = r1 + j x1` in series at
    /// port 1, `Z2 = r2 + j x2` in series at port 2 and `Z3 = r3 + j x3` from the middle node to
    /// ground.
    ///
    /// Z-parameters (ParamRF `TSection`): `Z = [[Z1 + Z3, Z3], [Z3, Z2 + Z3]]`.
    ///
    /// Six numbers of one type: the struct literal names them, so a swapped branch cannot
    /// compile silently, as it could through `new`'s positions.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesImpedance, ShuntImpedance, TSection};
    ///
    /// let t = TSection { r1: 10.0, x1: 20.0, r2: 5.0, x2: -15.0, r3: 100.0, x3: 40.0 };
    /// let cascade = Cascade::new((
    ///     SeriesImpedance::new(10.0, 20.0),
    ///     ShuntImpedance::new(100.0, 40.0),
    ///     SeriesImpedance::new(5.0, -15.0),
    /// ));
    /// let (a, b) = (t.s_at(1e9), cascade.s_at(1e9));
    /// assert!((0..4).all(|k| (a[k / 2][k % 2] - b[k / 2][k % 2]).norm() < 1e-15));
    /// ```
    TSection {
        r1: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance of the series branch at port 1, in ohm";
        x1: "ohm", 1.0, (f64::NEG_INFINITY, f64::INFINITY), "Reactance of the series branch at port 1, in ohm";
        r2: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance of the series branch at port 2, in ohm";
        x2: "ohm", 1.0, (f64::NEG_INFINITY, f64::INFINITY), "Reactance of the series branch at port 2, in ohm";
        r3: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance of the shunt branch, in ohm";
        x3: "ohm", 1.0, (f64::NEG_INFINITY, f64::INFINITY), "Reactance of the shunt branch, in ohm";
    }
    in Z |m, _f| {
        let z3 = cx(m.r3, m.x3);
        [[cx(m.r1, m.x1) + z3, z3], [z3, cx(m.r2, m.x2) + z3]]
    }
);

lumped!(
    /// An L section: a frequency-independent impedance `Z = r + jx` in series at port 1, then
    /// an admittance `Y = g + jb` from port 2 to ground.
    ///
    /// ABCD (ParamRF `LSection`): `[[1 + ZY, Z], [Y, 1]]`.
    LSection {
        r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance of the series branch, in ohm";
        x: "ohm", 1.0, (f64::NEG_INFINITY, f64::INFINITY), "Reactance of the series branch, in ohm";
        g: "S", 1e-3, (0.0, f64::INFINITY), "Conductance of the shunt branch, in S";
        b: "S", 1e-3, (f64::NEG_INFINITY, f64::INFINITY), "Susceptance of the shunt branch, in S";
    }
    in Abcd |m, _f| {
        let (z, y) = (cx(m.r, m.x), cx(m.g, m.b));
        [[z * y + one(), z], [y, one()]]
    }
);

lumped!(
    /// A CLC pi section: a capacitor `C1` from port 1 to ground, an inductor `L` in series and a
    /// capacitor `C2` from port 2 to ground (a third-order low-pass).
    ///
    /// ABCD (ParamRF `PiSectionCLC`), the product shunt `jwC1` x series `jwL` x shunt `jwC2`:
    /// `A = 1 - w^2 L C2`, `B = jwL`, `C = jw (C1 + C2 - w^2 C1 C2 L)`, `D = 1 - w^2 L C1`.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{PiSectionClc, SeriesL, ShuntC};
    ///
    /// let (c1, l, c2) = (1e-12, 5e-9, 2e-12);
    /// let pi = PiSectionClc::new(c1, l, c2);
    /// let cascade = Cascade::new((ShuntC::new(c1), SeriesL::new(l), ShuntC::new(c2)));
    /// for f in [0.0, 1e9, 3e9] {
    ///     let (a, b) = (pi.s_at(f), cascade.s_at(f));
    ///     assert!((0..4).all(|k| (a[k / 2][k % 2] - b[k / 2][k % 2]).norm() < 1e-14));
    /// }
    /// ```
    PiSectionClc {
        c1: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance at port 1, in F";
        l: "H", 1e-9, (0.0, f64::INFINITY), "Series inductance, in H";
        c2: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance at port 2, in F";
    }
    in Abcd |m, f| {
        let w = f * TAU;
        let (bl, bc1, bc2) = (w * m.l, w * m.c1, w * m.c2);
        let z = T::zero();
        [
            [cx(-(bc2 * bl) + 1.0, z), cx(z, bl)],
            [cx(z, bc1 + bc2 - bc1 * bc2 * bl), cx(-(bc1 * bl) + 1.0, z)],
        ]
    }
);

lumped!(
    /// An LCL T section: an inductor `L1` in series at port 1, a capacitor `C` from the middle
    /// node to ground and an inductor `L2` in series at port 2 (a third-order low-pass).
    ///
    /// ABCD (ParamRF `TSectionLCL`), the product series `jwL1` x shunt `jwC` x series `jwL2`:
    /// `A = 1 - w^2 L1 C`, `B = jw (L1 + L2 - w^2 L1 L2 C)`, `C = jwC`, `D = 1 - w^2 L2 C`.
    TSectionLcl {
        l1: "H", 1e-9, (0.0, f64::INFINITY), "Series inductance at port 1, in H";
        c: "F", 1e-12, (0.0, f64::INFINITY), "Shunt capacitance, in F";
        l2: "H", 1e-9, (0.0, f64::INFINITY), "Series inductance at port 2, in H";
    }
    in Abcd |m, f| {
        let w = f * TAU;
        let (bl1, bc, bl2) = (w * m.l1, w * m.c, w * m.l2);
        let z = T::zero();
        [
            [cx(-(bl1 * bc) + 1.0, z), cx(z, bl1 + bl2 - bl1 * bl2 * bc)],
            [cx(z, bc), cx(-(bl2 * bc) + 1.0, z)],
        ]
    }
);

lumped!(
    /// An LC L section: an inductor `L` in series at port 1, then a capacitor `C` from port 2
    /// to ground (a second-order low-pass, or a low-pass matching network).
    ///
    /// ABCD (ParamRF `LSectionLC`), series `jwL` x shunt `jwC`:
    /// `A = 1 - w^2 LC`, `B = jwL`, `C = jwC`, `D = 1`.
    LSectionLc {
        l: "H", 1e-9, (0.0, f64::INFINITY), "Series inductance, in H";
        c: "F", 1e-12, (0.0, f64::INFINITY), "Shunt capacitance, in F";
    }
    in Abcd |m, f| {
        let w = f * TAU;
        let (bl, bc) = (w * m.l, w * m.c);
        let z = T::zero();
        [[cx(-(bl * bc) + 1.0, z), cx(z, bl)], [cx(z, bc), one()]]
    }
);
