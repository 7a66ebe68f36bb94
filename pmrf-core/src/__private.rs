//! Support code for `#[derive(Model)]`. Not public API: may change in any release.

pub use crate::params::{ParamMeta, Path, Prior};
pub use core::marker::PhantomData;

/// `uniform(low, high)` as `#[param(prior = ...)]` declares it (checked by the derive).
pub const fn uniform(low: f64, high: f64) -> Prior {
    Prior::uniform_unchecked(low, high)
}

/// `normal(mean, std)` as `#[param(prior = ...)]` declares it (checked by the derive).
pub const fn normal(mean: f64, std: f64) -> Prior {
    Prior::normal_unchecked(mean, std)
}

/// `log_normal(mu, sigma)` as `#[param(prior = ...)]` declares it (checked by the derive).
pub const fn log_normal(mu: f64, sigma: f64) -> Prior {
    Prior::log_normal_unchecked(mu, sigma)
}

/// Visits one scalar leaf field named `name`.
#[inline]
pub fn visit_leaf<T: Copy, F: FnMut(&Path, T, &ParamMeta)>(
    value: &T,
    name: &str,
    meta: &ParamMeta,
    path: &mut Path,
    f: &mut F,
) {
    path.push_field(name);
    f(path, *value, meta);
    path.pop();
}

/// Visits a sequence leaf field (`[T; N]` or `Vec<T>`) named `name`: elements are `name[i]`.
#[inline]
pub fn visit_leaves<T: Copy, F: FnMut(&Path, T, &ParamMeta)>(
    values: &[T],
    name: &str,
    meta: &ParamMeta,
    path: &mut Path,
    f: &mut F,
) {
    path.push_field(name);
    for (i, v) in values.iter().enumerate() {
        path.push_index(i);
        f(path, *v, meta);
        path.pop();
    }
    path.pop();
}

/// Visits a sub-model field named `name`.
#[inline]
pub fn visit_model<M: crate::Model, F: FnMut(&Path, M::Scalar, &ParamMeta)>(
    model: &M,
    name: &str,
    path: &mut Path,
    f: &mut F,
) {
    path.push_field(name);
    model.visit_params(path, f);
    path.pop();
}

/// Maps an array element by element, stopping at the first error.
pub fn try_map_array<A, B, E, const N: usize>(
    xs: &[A; N],
    f: impl FnMut(&A) -> Result<B, E>,
) -> Result<[B; N], E> {
    let mapped: Vec<B> = xs.iter().map(f).collect::<Result<_, E>>()?;
    match <[B; N]>::try_from(mapped) {
        Ok(array) => Ok(array),
        Err(_) => unreachable!("mapping an array of length N yields N elements"),
    }
}

/// Maps a `Vec` element by element, stopping at the first error.
pub fn try_map_vec<A, B, E>(xs: &[A], f: impl FnMut(&A) -> Result<B, E>) -> Result<Vec<B>, E> {
    xs.iter().map(f).collect()
}
