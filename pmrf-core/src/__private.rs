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

/// Support code for `#[derive(Circuit)]`.
pub mod circuit {
    use num_complex::Complex;

    use crate::components::circuit::{Netlist, PartInfo, PartList, Topology, small_s};
    use crate::network::{Mat, Z0};
    use crate::{Component, Scalar};

    /// The port-count check of a part on two nets: a 2-port (a port on each) or a 1-port
    /// (between them). Fails to compile for any other part, naming its port count (the error
    /// notes the part's type and point at its nets).
    #[inline(always)]
    pub fn on_two_nets<M: Component<K>, const K: usize>(_: &M) {
        const {
            if K != 1 && K != 2 {
                panic!("{}", two_nets_message(K));
            }
        }
    }

    /// Why a `K`-port cannot go on two nets (const panics format only `&str`).
    const fn two_nets_message(k: usize) -> &'static str {
        const MESSAGES: [&str; 9] = [
            "a 0-port part is given 2 nets: a part on 2 nets is a 2-port (a port on each) or \
             a 1-port (between them)",
            "",
            "",
            "a 3-port part is given 2 nets: give it 3 nets, one for each of its ports in order",
            "a 4-port part is given 2 nets: give it 4 nets, one for each of its ports in order",
            "a 5-port part is given 2 nets: give it 5 nets, one for each of its ports in order",
            "a 6-port part is given 2 nets: give it 6 nets, one for each of its ports in order",
            "a 7-port part is given 2 nets: give it 7 nets, one for each of its ports in order",
            "an 8-port part is given 2 nets: give it 8 nets, one for each of its ports in order",
        ];
        if k < MESSAGES.len() {
            MESSAGES[k]
        } else {
            "a part with more than 8 ports is given 2 nets: give a K-port K nets, one for each \
             of its ports in order"
        }
    }

    /// The port-count check of a part on `K` nets (other than 2): a `K`-port.
    #[inline(always)]
    pub fn on_nets<M: Component<K>, const K: usize>(_: &M) {}

    /// Appends the part `name`.
    pub fn layout<M: Component<K>, const K: usize>(_: &M, name: &str, out: &mut Vec<PartInfo>) {
        out.push(PartInfo {
            name: name.to_string(),
            ports: K,
        });
    }

    /// Appends the parts `name[0]`, `name[1]`, ...
    pub fn layout_each<M: Component<K>, const K: usize>(
        parts: &[M],
        name: &str,
        out: &mut Vec<PartInfo>,
    ) {
        out.extend((0..parts.len()).map(|i| PartInfo {
            name: format!("{name}[{i}]"),
            ports: K,
        }));
    }

    /// Writes `part`'s S at `f` at `out[*at..]`, and moves `at` past it.
    #[inline(always)]
    pub fn write_s<T: Scalar, M: Component<K, Scalar = T>, const K: usize>(
        part: &M,
        f: T,
        out: &mut [Complex<T>],
        at: &mut usize,
    ) {
        let s = part.s_at(f);
        out[*at..*at + K * K].copy_from_slice(s.as_flattened());
        *at += K * K;
    }

    /// Writes `part`'s S and noise at `f` and physical temperature `t` at `s[*at..]` and
    /// `c[*at..]`, and moves `at` past them.
    #[inline(always)]
    pub fn write_s_noise<T: Scalar, M: Component<K, Scalar = T>, const K: usize>(
        part: &M,
        f: T,
        t: T,
        s: &mut [Complex<T>],
        c: &mut [Complex<T>],
        at: &mut usize,
    ) {
        let (sp, cp) = part.s_noise_at(f, t);
        s[*at..*at + K * K].copy_from_slice(sp.as_flattened());
        c[*at..*at + K * K].copy_from_slice(cp.as_flattened());
        *at += K * K;
    }

    /// [`write_s_noise`] for each of `parts`.
    #[inline]
    pub fn write_s_noise_each<T: Scalar, M: Component<K, Scalar = T>, const K: usize>(
        parts: &[M],
        f: T,
        t: T,
        s: &mut [Complex<T>],
        c: &mut [Complex<T>],
        at: &mut usize,
    ) {
        for part in parts {
            write_s_noise(part, f, t, s, c, at);
        }
    }

    /// Writes `part`'s Y at `f` at `out[*at..]`, and moves `at` past it; `false` if it has none.
    #[inline(always)]
    pub fn write_y<T: Scalar, M: Component<K, Scalar = T>, const K: usize>(
        part: &M,
        f: T,
        out: &mut [Complex<T>],
        at: &mut usize,
    ) -> bool {
        let Some(y) = part.try_y_at(f) else {
            return false;
        };
        out[*at..*at + K * K].copy_from_slice(y.as_flattened());
        *at += K * K;
        true
    }

    /// [`write_s`] for each of `parts`.
    #[inline]
    pub fn write_s_each<T: Scalar, M: Component<K, Scalar = T>, const K: usize>(
        parts: &[M],
        f: T,
        out: &mut [Complex<T>],
        at: &mut usize,
    ) {
        for part in parts {
            write_s(part, f, out, at);
        }
    }

    /// [`write_y`] for each of `parts`.
    #[inline]
    pub fn write_y_each<T: Scalar, M: Component<K, Scalar = T>, const K: usize>(
        parts: &[M],
        f: T,
        out: &mut [Complex<T>],
        at: &mut usize,
    ) -> bool {
        parts.iter().all(|part| write_y(part, f, out, at))
    }

    /// Stamps `part`'s Y at `f` into the nodal matrix `g` of a static netlist, its terminals
    /// on the rows `nodes` (`None`: ground): a `K`-port with port `k` on `nodes[k]`, or a
    /// 1-port between `nodes[0]` and `nodes[1]`. `None` if it has no usable Y at `f`.
    #[inline(always)]
    pub fn stamp_y<T: Scalar, M: Component<K, Scalar = T>, const K: usize, const R: usize>(
        part: &M,
        f: T,
        g: &mut Mat<T, R>,
        nodes: &[Option<usize>],
    ) -> Option<()> {
        let y = part.try_y_at(f)?;
        if K == 1 && nodes.len() == 2 {
            let y = y[0][0];
            if !(y.re.re().is_finite() && y.im.re().is_finite()) {
                return None;
            }
            // `y [[1, -1], [-1, 1]]` between the two nets.
            for (i, &ni) in nodes.iter().enumerate() {
                for (j, &nj) in nodes.iter().enumerate() {
                    if let (Some(r), Some(c)) = (ni, nj) {
                        if i == j {
                            g[r][c] += y;
                        } else {
                            g[r][c] -= y;
                        }
                    }
                }
            }
        } else {
            for (i, &ni) in nodes.iter().enumerate() {
                for (j, &nj) in nodes.iter().enumerate() {
                    if let (Some(r), Some(c)) = (ni, nj) {
                        g[r][c] += y[i][j];
                    }
                }
            }
        }
        Some(())
    }

    /// The zero nodal matrix of `R` nodes.
    #[inline(always)]
    pub fn zero_g<T: Scalar, const R: usize>() -> Mat<T, R> {
        [[Complex::new(T::zero(), T::zero()); R]; R]
    }

    /// The S of a static netlist from its stamped nodal matrix `g`: adds the ports'
    /// conductances (port `p` on row `ports[p]`) and solves as the run-time nodal solver.
    #[inline(always)]
    pub fn nodal_s<T: Scalar, const N: usize, const R: usize>(
        mut g: Mat<T, R>,
        ports: [usize; N],
    ) -> Option<Mat<T, N>> {
        for &r in &ports {
            g[r][r].re += T::from(1.0 / Z0);
        }
        small_s(&g, &ports.map(Some))
    }

    /// The topology of a static netlist, which the derive has checked.
    pub fn static_topology<T: Scalar, P: PartList<T>, const N: usize>(
        parts: &P,
        netlist: &Netlist,
    ) -> Topology {
        let mut layout = Vec::new();
        parts.layout(&mut layout);
        match Topology::new::<N>(&layout, netlist) {
            Ok(t) => t,
            // Unreachable: the derive checks what `Topology::new` checks.
            Err(e) => panic!("pmrf: a static netlist the derive accepted is invalid: {e}"),
        }
    }
}
