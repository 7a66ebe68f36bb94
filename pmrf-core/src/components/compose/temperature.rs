//! [`AtTemperature`]: a part or a sub-assembly at its own physical temperature.

use num_complex::{Complex, Complex64};

use crate::network::{Component, Mat, WaveDef, domain, twoport};
use crate::{Model, Scalar};

/// `model` at physical temperature `temperature` (K): the same network, whose passive parts
/// make the thermal noise of that temperature ([`Component::s_noise_at`]) whatever the
/// temperature the whole circuit is evaluated at.
///
/// The temperature is a parameter like any other, so it can be fitted, sampled and
/// differentiated: a cooled attenuator, a heated load, a cryogenic front end. Everything but
/// the noise (S, Z, Y, the ABCD hint of the cascade fast path, the port impedances) is the
/// inner model's, unchanged. Parameter names are the model's under `model`, then
/// `temperature`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{AtTemperature, Attenuator};
/// use pmrf::network::noise::{self, T0};
///
/// // A matched 3 dB attenuator cooled to 77 K adds (L - 1) 77 K of noise, not (L - 1) T0.
/// let cold = AtTemperature::new(Attenuator::new(3.0), 77.0);
/// assert_eq!(cold.param_names(), ["model.loss_db", "temperature"]);
/// let (s, c) = cold.s_noise_at(1e9, T0);
/// let f = noise::noise_figure(&s, &c, 0, 1, Complex::new(0.0, 0.0));
/// let loss = 10f64.powf(0.3);
/// assert!(((f - 1.0) * T0 - (loss - 1.0) * 77.0).abs() < 1e-9);
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct AtTemperature<M, T: Scalar = f64> {
    /// The part or sub-assembly.
    pub model: M,
    /// Its physical temperature.
    #[param(unit = "K", bounds = (0.0, f64::INFINITY))]
    pub temperature: T,
}

impl<M: Model<Scalar = T>, T: Scalar> AtTemperature<M, T> {
    /// `model` at `temperature` (K).
    pub fn new(model: M, temperature: T) -> Self {
        AtTemperature { model, temperature }
    }
}

// A wrapper of any component: kept out of "other types implement" lists in errors.
#[diagnostic::do_not_recommend]
impl<M, T, const N: usize> Component<N> for AtTemperature<M, T>
where
    T: Scalar,
    M: Component<N, Scalar = T>,
    Self: Model<Scalar = T>,
{
    type Domain = domain::S;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, N> {
        self.model.s_at(f)
    }
    #[inline]
    fn s_at(&self, f: T) -> Mat<T, N> {
        self.model.s_at(f)
    }
    #[inline]
    fn abcd_hint(&self, f: T) -> Option<twoport::Abcd<T>> {
        self.model.abcd_hint(f)
    }
    #[inline]
    fn s_at_z0(&self, f: T, z0: &[Complex<T>; N], waves: WaveDef) -> Mat<T, N> {
        self.model.s_at_z0(f, z0, waves)
    }
    #[inline]
    fn z_at(&self, f: T) -> Mat<T, N> {
        self.model.z_at(f)
    }
    #[inline]
    fn y_at(&self, f: T) -> Mat<T, N> {
        self.model.y_at(f)
    }
    #[inline]
    fn try_y_at(&self, f: T) -> Option<Mat<T, N>> {
        self.model.try_y_at(f)
    }
    fn port_z0(&self) -> Option<[Complex64; N]> {
        self.model.port_z0()
    }

    /// The model's `(S, C)` at this part's own temperature, not the one passed down.
    fn s_noise_at(&self, f: T, _temperature: T) -> (Mat<T, N>, Mat<T, N>) {
        self.model.s_noise_at(f, self.temperature)
    }
}
