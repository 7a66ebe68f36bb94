//! Joint multivariate-normal priors over several parameters ([`JointPrior`]), set on a table
//! with [`Params::set_joint_prior`], and the draws of a table's priors, joint ones included.

use rand::Rng;
use rand::distr::Open01;

use super::{Model, Params, Partition, Prior};
use crate::special::normal;
use crate::units::num;
use crate::{Error, Result};

/// How many tries a batch draw from a joint prior gets to land within the bounds of its
/// parameters before it is refused (an acceptance rate below ~1 % is a mistake in the bounds).
const BOUNDED_TRIES: usize = 1000;

/// A multivariate normal prior over several parameters, `x ~ N(mean, cov)`, named by their
/// paths in the order of `mean`.
///
/// It replaces the individual priors of its parameters everywhere priors are read: the
/// posterior's log density (NUTS, with its exact gradient), nested sampling's unit-cube
/// transform (`x = mean + L z`, `z_i = Phi^-1(u_i)`, `L` the Cholesky factor of `cov`), MAP
/// fits ([`Fit::with_priors`](crate::fit::Fit::with_priors): the whitened residuals
/// `L^-1 (x - mean) / sqrt 2`, so Levenberg-Marquardt still applies), batches drawn from
/// priors, and [`Params::ln_prior`].
///
/// **Bounds.** The joint prior is not truncated to the bounds of its parameters: NUTS maps the
/// bounds as for any parameter (the density is unnormalised there, a constant); nested
/// sampling gives a point outside the bounds zero likelihood, so its evidence is that of the
/// untruncated prior with the likelihood set to 0 outside, i.e. the evidence under the prior
/// truncated to the bounds times the prior's mass within them; batches redraw a member that
/// falls outside (and fail after 1000 tries).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesCEsr;
///
/// let mut params = SeriesCEsr::new(2e-12, 1.0).params()?;
/// // c and esr correlated 0.8: standard deviations 0.1 pF and 0.1 ohm.
/// let cov = [[1e-26, 0.8 * 1e-13 * 0.1], [0.8 * 1e-13 * 0.1, 1e-2]];
/// params.set_joint_prior(&["c", "esr"], [2e-12, 1.0], cov)?;
/// assert_eq!(params.joint_priors()[0].names(), ["c", "esr"]);
/// // At the mean, ln p = -ln(2 pi) - ln det(L) = -ln(2 pi sqrt(det cov)).
/// let det = 1e-26 * 1e-2 * (1.0 - 0.64);
/// assert!((params.ln_prior() + (2.0 * std::f64::consts::PI * f64::sqrt(det)).ln()).abs() < 1e-12);
/// // Not positive definite (a correlation of 1.2): refused, naming why.
/// let bad = [[1e-26, 1.2e-14], [1.2e-14, 1e-2]];
/// let e = params.set_joint_prior(&["c", "esr"], [2e-12, 1.0], bad).unwrap_err();
/// assert!(e.to_string().contains("not positive definite"), "{e}");
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct JointPrior {
    names: Vec<String>,
    mean: Vec<f64>,
    /// The lower Cholesky factor `L` of the covariance, row-major `n x n`.
    chol: Vec<f64>,
    /// `-n/2 ln(2 pi) - ln det L`.
    ln_norm: f64,
}

impl JointPrior {
    /// The prior `N(mean, cov)` over the parameters `names` (in that order).
    ///
    /// # Errors
    /// [`Error::InvalidPrior`] for no names, repeated names, `mean` or `cov` of another size
    /// than the names, a non-finite entry, or a `cov` that is not symmetric positive definite.
    pub fn new<C, R>(names: &[&str], mean: impl AsRef<[f64]>, cov: C) -> Result<JointPrior>
    where
        C: AsRef<[R]>,
        R: AsRef<[f64]>,
    {
        let (mean, cov) = (mean.as_ref(), cov.as_ref());
        let n = names.len();
        let bad = |what: String| Error::InvalidPrior(format!("joint prior over {names:?}: {what}"));
        if n == 0 {
            return Err(bad("needs at least one parameter name".into()));
        }
        if let Some((i, name)) = (names.iter().enumerate()).find(|(i, s)| names[..*i].contains(s)) {
            return Err(bad(format!("`{name}` is named twice (at {i})")));
        }
        if mean.len() != n {
            return Err(bad(format!(
                "{n} names but a mean of {} values",
                mean.len()
            )));
        }
        if let Some(x) = mean.iter().find(|x| !x.is_finite()) {
            return Err(bad(format!(
                "the mean holds {}, need finite values",
                num(*x)
            )));
        }
        if cov.len() != n || cov.iter().any(|r| r.as_ref().len() != n) {
            let cols: Vec<usize> = cov.iter().map(|r| r.as_ref().len()).collect();
            return Err(bad(format!(
                "the covariance must be {n} x {n}; got {} rows of lengths {cols:?}",
                cov.len()
            )));
        }
        let c = |i: usize, j: usize| cov[i].as_ref()[j];
        for i in 0..n {
            for j in 0..n {
                let (a, b) = (c(i, j), c(j, i));
                if !a.is_finite() || (a - b).abs() > 1e-12 * (c(i, i) * c(j, j)).abs().sqrt() {
                    return Err(bad(format!(
                        "the covariance must be finite and symmetric; cov[{i}][{j}] = {} but \
                         cov[{j}][{i}] = {}",
                        num(a),
                        num(b)
                    )));
                }
            }
        }
        let mut chol = vec![0.0f64; n * n];
        for j in 0..n {
            let d = c(j, j) - (0..j).map(|k| chol[j * n + k].powi(2)).sum::<f64>();
            if d.is_nan() || d <= 0.0 {
                return Err(bad(format!(
                    "the covariance is not positive definite (its Cholesky factorisation \
                     fails at row {j}, `{}`: pivot {})",
                    names[j],
                    num(d)
                )));
            }
            let ljj = d.sqrt();
            chol[j * n + j] = ljj;
            for i in j + 1..n {
                let s = c(i, j)
                    - (0..j)
                        .map(|k| chol[i * n + k] * chol[j * n + k])
                        .sum::<f64>();
                chol[i * n + j] = s / ljj;
            }
        }
        let ln_det_l: f64 = (0..n).map(|i| chol[i * n + i].ln()).sum();
        Ok(JointPrior {
            names: names.iter().map(|s| s.to_string()).collect(),
            mean: mean.to_vec(),
            chol,
            ln_norm: -(n as f64) * normal::LN_SQRT_2PI - ln_det_l,
        })
    }

    /// The parameters' names, in the order of the mean.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The mean.
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// The covariance `L L^T`.
    pub fn cov(&self) -> Vec<Vec<f64>> {
        let n = self.len();
        let l = |i: usize, k: usize| self.chol[i * n + k];
        (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| (0..=i.min(j)).map(|k| l(i, k) * l(j, k)).sum())
                    .collect()
            })
            .collect()
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Never: a joint prior has at least one parameter.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The whitened point `w = L^-1 (x - mean)` (standard normal under the prior).
    pub fn whiten(&self, x: &[f64]) -> Vec<f64> {
        let d: Vec<f64> = x.iter().zip(&self.mean).map(|(x, m)| x - m).collect();
        self.solve_lower(&d)
    }

    /// `L^-1 b`, by forward substitution.
    fn solve_lower(&self, b: &[f64]) -> Vec<f64> {
        let n = self.len();
        let mut w = vec![0.0; n];
        for i in 0..n {
            let s = (0..i).map(|k| self.chol[i * n + k] * w[k]).sum::<f64>();
            w[i] = (b[i] - s) / self.chol[i * n + i];
        }
        w
    }

    /// `L^-T w`: with `w` whitened, minus the gradient of the log density, `cov^-1 (x - mean)`.
    pub(crate) fn unwhiten_t(&self, w: &[f64]) -> Vec<f64> {
        let n = self.len();
        let mut g = vec![0.0; n];
        for i in (0..n).rev() {
            let s = (i + 1..n).map(|k| self.chol[k * n + i] * g[k]).sum::<f64>();
            g[i] = (w[i] - s) / self.chol[i * n + i];
        }
        g
    }

    /// `L^-1` as rows: the Jacobian of [`whiten`](Self::whiten).
    pub(crate) fn whitening(&self) -> Vec<Vec<f64>> {
        let n = self.len();
        let columns: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                self.solve_lower(
                    &(0..n)
                        .map(|k| f64::from(u8::from(k == i)))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        (0..n)
            .map(|r| (0..n).map(|i| columns[i][r]).collect())
            .collect()
    }

    /// The point `mean + L z` for standard-normal coordinates `z`.
    pub fn from_standard(&self, z: &[f64]) -> Vec<f64> {
        let n = self.len();
        (0..n)
            .map(|i| self.mean[i] + (0..=i).map(|k| self.chol[i * n + k] * z[k]).sum::<f64>())
            .collect()
    }

    /// The log density at `x`, and its gradient `-cov^-1 (x - mean)`.
    pub fn ln_pdf(&self, x: &[f64]) -> (f64, Vec<f64>) {
        let w = self.whiten(x);
        let value = self.ln_norm - 0.5 * w.iter().map(|v| v * v).sum::<f64>();
        let grad = self.unwhiten_t(&w).into_iter().map(|g| -g).collect();
        (value, grad)
    }

    /// The unit-cube transform of nested sampling: `mean + L Phi^-1(u)`.
    pub fn from_unit(&self, u: &[f64]) -> Vec<f64> {
        let z: Vec<f64> = u.iter().map(|&u| normal::inv_cdf(u)).collect();
        self.from_standard(&z)
    }

    /// One draw (by inverse CDF of uniforms, like the single priors).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> Vec<f64> {
        let u: Vec<f64> = (0..self.len())
            .map(|_| rand::RngExt::sample(&mut *rng, Open01))
            .collect();
        self.from_unit(&u)
    }
}

impl<M: Model> Params<M> {
    /// Sets a joint normal prior `N(mean, cov)` over the free parameters `names` (exact
    /// names, in the order of `mean`), replacing their individual priors wherever priors are
    /// read (see [`JointPrior`]), and any joint prior that held one of them.
    ///
    /// # Errors
    /// Those of [`JointPrior::new`]; [`Error::UnknownParam`] for a name that is not a
    /// parameter; [`Error::InvalidPrior`] for a parameter that is fixed or tied.
    pub fn set_joint_prior<C, R>(
        &mut self,
        names: &[&str],
        mean: impl AsRef<[f64]>,
        cov: C,
    ) -> Result<&mut Self>
    where
        C: AsRef<[R]>,
        R: AsRef<[f64]>,
    {
        let prior = JointPrior::new(names, mean, cov)?;
        for name in names {
            let Some(p) = self.entries.iter().find(|p| p.name == *name) else {
                return Err(Error::UnknownParam {
                    pattern: name.to_string(),
                    available: self.names().join(", "),
                });
            };
            if !p.is_free() {
                return Err(Error::InvalidPrior(format!(
                    "joint prior over {names:?}: `{name}` is fixed or tied; a joint prior is \
                     over free parameters"
                )));
            }
        }
        self.joints
            .retain(|j| !j.names.iter().any(|n| names.contains(&n.as_str())));
        self.joints.push(prior);
        Ok(self)
    }

    /// The joint priors of the table ([`Params::set_joint_prior`]).
    pub fn joint_priors(&self) -> &[JointPrior] {
        &self.joints
    }

    /// Removes every joint prior.
    pub fn clear_joint_priors(&mut self) -> &mut Self {
        self.joints.clear();
        self
    }

    /// `ln p` of the joint priors at the table's values.
    pub(super) fn joint_ln_prior(&self) -> f64 {
        (self.joints.iter())
            .map(|j| {
                let x: Vec<f64> = (j.names.iter())
                    .map(|n| {
                        self.entries
                            .iter()
                            .find(|p| p.name == *n)
                            .map_or(f64::NAN, |p| p.value)
                    })
                    .collect();
                j.ln_pdf(&x).0
            })
            .sum()
    }

    /// Whether parameter `i` is in a joint prior.
    pub(super) fn in_joint(&self, i: usize) -> bool {
        let name = &self.entries[i].name;
        self.joints.iter().any(|j| j.names.contains(name))
    }
}

/// The joint priors of a partition, each with the positions of its parameters among the
/// selected ones.
///
/// # Errors
/// [`Error::InvalidPrior`] for a joint prior only partly selected (a parameter fixed or tied
/// after it was set, or a filter that splits it).
pub(crate) fn joint_blocks<M: Model>(
    partition: &Partition<M>,
) -> Result<Vec<(JointPrior, Vec<usize>)>> {
    let names = partition.names();
    let mut blocks = Vec::new();
    for j in partition.all().joint_priors() {
        let at: Vec<Option<usize>> = (j.names.iter())
            .map(|n| names.iter().position(|s| s == n))
            .collect();
        if at.iter().all(Option::is_none) {
            continue;
        }
        if let Some(k) = at.iter().position(Option::is_none) {
            return Err(Error::InvalidPrior(format!(
                "the joint prior over {:?} is only partly selected: `{}` is not free or not \
                 selected; a joint prior's parameters vary together",
                j.names, j.names[k]
            )));
        }
        blocks.push((j.clone(), at.into_iter().flatten().collect()));
    }
    Ok(blocks)
}

/// The priors a batch draws the selected parameters from: each parameter's
/// [`sampling_prior`](super::ParamMeta::sampling_prior) within its bounds, and the joint
/// priors (redrawn until within the bounds).
#[derive(Debug, Clone)]
pub(crate) struct Draws {
    /// `None` for a parameter of a joint prior.
    single: Vec<Option<Prior>>,
    /// The selected parameters' names and bounds.
    names: Vec<String>,
    bounds: Vec<(f64, f64)>,
    joints: Vec<(JointPrior, Vec<usize>)>,
}

impl Draws {
    /// # Errors
    /// Those of [`sampling_prior`](super::ParamMeta::sampling_prior) and [`joint_blocks`].
    pub(crate) fn new<M: Model>(partition: &Partition<M>) -> Result<Draws> {
        let joints = joint_blocks(partition)?;
        let single = (partition.params().enumerate())
            .map(|(k, p)| {
                if joints.iter().any(|(_, at)| at.contains(&k)) {
                    Ok(None)
                } else {
                    p.meta().sampling_prior(p.name()).map(Some)
                }
            })
            .collect::<Result<_>>()?;
        Ok(Draws {
            single,
            names: partition.names().iter().map(|s| s.to_string()).collect(),
            bounds: partition.params().map(|p| p.meta().bounds()).collect(),
            joints,
        })
    }

    /// Draws the selected values of one member into `row` (one uniform per single prior,
    /// in order, as [`Prior::sample_within`] draws).
    pub(crate) fn fill<R: Rng + ?Sized>(&self, row: &mut [f64], rng: &mut R) -> Result<()> {
        for (k, (x, prior)) in row.iter_mut().zip(&self.single).enumerate() {
            if let Some(prior) = prior {
                let (lo, hi) = self.bounds[k];
                *x = prior.sample_within(lo, hi, rng).map_err(|e| {
                    Error::InvalidPrior(format!("cannot sample `{}`: {e}", self.names[k]))
                })?;
            }
        }
        for (joint, at) in &self.joints {
            let within = |x: &[f64]| {
                (x.iter().zip(at)).all(|(v, &k)| {
                    let (lo, hi) = self.bounds[k];
                    (lo..=hi).contains(v)
                })
            };
            let Some(x) = (0..BOUNDED_TRIES)
                .map(|_| joint.sample(rng))
                .find(|x| within(x))
            else {
                return Err(Error::InvalidPrior(format!(
                    "cannot sample the joint prior over {:?}: {BOUNDED_TRIES} draws all fell \
                     outside the bounds of its parameters",
                    joint.names
                )));
            };
            for (v, &k) in x.iter().zip(at) {
                row[k] = *v;
            }
        }
        Ok(())
    }
}
