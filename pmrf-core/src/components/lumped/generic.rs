//! Frequency-independent immittances: `Z = R + jX` or `Y = G + jB`, two-terminal, in series
//! or in shunt.
//!
//! Their parameters are real and fixed over frequency, as ParamRF's `Impedance(R, X)` and
//! `Admittance(G, B)`. A frequency-dependent immittance is a component of its own: see
//! [`SeriesImpedance`].

use num_complex::Complex;

use super::{Component, Immittance, Mat, Model, Scalar, domain, element};

element!(
    /// An impedance `Z = R + jX`, constant over frequency: a two-terminal element (a 1-port).
    ///
    /// `Z = 0` is a short, an infinite part an open; `R >= 0` keeps it passive.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::Impedance;
    ///
    /// let z = Complex::new(30.0, -40.0);
    /// let s = Impedance::new(30.0, -40.0).s_at(1e9)[0][0];
    /// assert!((s - (z - 50.0) / (z + 50.0)).norm() < 1e-15);
    /// assert_eq!(Impedance::new(30.0, -40.0).param_names(), ["r", "x"]);
    /// ```
    Impedance,
    /// An impedance `Z = R + jX`, constant over frequency, in series between port 1 and port 2.
    ///
    /// `Z = 0` is a thru; `R >= 0` keeps it passive.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesImpedance;
    ///
    /// let s = SeriesImpedance::new(30.0, -40.0).s_at(1e9);
    /// let z = Complex::new(30.0, -40.0);
    /// assert!((s[0][0] - z / (z + 100.0)).norm() < 1e-15);
    /// assert_eq!(s, SeriesImpedance::new(30.0, -40.0).s_at(5e9)); // the same at every frequency
    /// ```
    ///
    /// # A frequency-dependent impedance
    ///
    /// A closure `f -> Z(f)` has no parameters to fit or differentiate, so it is not a model.
    /// Write the impedance as a struct of its parameters instead and implement [`Component`]
    /// for it; the [`twoport`](crate::network::twoport) forms place it in series or in shunt,
    /// and it then cascades, batches and differentiates like any built-in part. For example a
    /// resistor with skin effect, `R(f) = R_dc sqrt(1 + f / f_s)`:
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesR, ShuntC};
    /// use pmrf::network::twoport;
    ///
    /// /// A series resistor with skin effect: `R(f) = r_dc sqrt(1 + f / f_s)`.
    /// #[derive(Model, Clone, Debug)]
    /// struct SkinR<T: Scalar = f64> {
    ///     #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    ///     r_dc: T,
    ///     #[param(unit = "Hz", scale = 1e6, bounds = (1.0, f64::INFINITY))]
    ///     f_s: T,
    /// }
    ///
    /// impl<T: Scalar> Component<2> for SkinR<T> {
    ///     type Domain = domain::S;
    ///     fn primary(&self, f: T) -> Mat<T, 2> {
    ///         let r = self.r_dc * (f / self.f_s + 1.0).sqrt();
    ///         twoport::series_impedance(Complex::new(r, T::zero()), 50.0)
    ///     }
    /// }
    ///
    /// let skin = SkinR { r_dc: 2.0, f_s: 10e6 };
    /// // At 990 MHz, R = 2 sqrt(100) = 20 ohm.
    /// assert!((skin.s_at(990e6)[0][0] - SeriesR::new(20.0).s_at(990e6)[0][0]).norm() < 1e-15);
    /// // It cascades and differentiates like a built-in part.
    /// let filter = Cascade::new((skin, ShuntC::new(1e-12)));
    /// let g = gradient(&filter, &Filter::Free, |m| m.s_at(Grad::from(1e9))[1][0].norm_sqr())?;
    /// assert_eq!(g.len(), 3);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    SeriesImpedance,
    /// An impedance `Z = R + jX`, constant over frequency, from the through line to ground.
    /// `Z = 0` is a short.
    ShuntImpedance,
    {
        r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance (real part of `Z`), in ohm";
        x: "ohm", 1.0, (f64::NEG_INFINITY, f64::INFINITY), "Reactance (imaginary part of `Z`), in ohm";
    }
    |m, _f| Immittance::Z(Complex::new(m.r, m.x))
);

element!(
    /// An admittance `Y = G + jB`, constant over frequency: a two-terminal element (a 1-port).
    /// `Y = 0` is an open, an infinite part a short.
    Admittance,
    /// An admittance `Y = G + jB`, constant over frequency, in series between port 1 and
    /// port 2. `Y = 0` is an open.
    SeriesAdmittance,
    /// An admittance `Y = G + jB`, constant over frequency, from the through line to ground.
    /// `Y = 0` is a thru.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::ShuntAdmittance;
    ///
    /// // 20 mS (50 ohm) to ground: S11 = -1/3, S21 = 2/3.
    /// let s = ShuntAdmittance::new(0.02, 0.0).s_at(1e9);
    /// assert!((s[0][0] + 1.0 / 3.0).norm() < 1e-15 && (s[1][0] - 2.0 / 3.0).norm() < 1e-15);
    /// ```
    ShuntAdmittance,
    {
        g: "S", 1e-3, (0.0, f64::INFINITY), "Conductance (real part of `Y`), in S";
        b: "S", 1e-3, (f64::NEG_INFINITY, f64::INFINITY), "Susceptance (imaginary part of `Y`), in S";
    }
    |m, _f| Immittance::Y(Complex::new(m.g, m.b))
);
