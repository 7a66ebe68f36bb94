//! A posterior's [`Samples`]: the coordinates' draws and weights, the models as a [`Batch`],
//! the evidence and how the [`Run`] went.

use std::time::Duration;

use ndarray::{Array1, Array2};

use super::Posterior;
use super::sample::{Diagnostics, Summary};
use crate::Result;
use crate::batch::Batch;
use crate::params::Model;

/// How a sampling run went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Run {
    /// Wall-clock time of the sampler (not counting the conversion to a batch).
    pub elapsed: Duration,
    /// Density evaluations: gradients (NUTS, tuning included) or likelihood calls (nested
    /// sampling).
    pub evaluations: u64,
    /// Divergent transitions after tuning (NUTS; 0 for nested sampling).
    pub divergences: usize,
    /// Whether nested sampling stopped on its evidence criterion (always `true` for NUTS).
    pub converged: bool,
}

/// Posterior samples of a model: the coordinates' values (free parameters, then `sigma` and the
/// discrepancy's hyper-parameters if inferred, [`Posterior::names`]), their weights where the sampler weights, the models as a [`Batch`], and the
/// evidence where the sampler gives one.
pub struct Samples<M: Model<Scalar = f64>> {
    names: Vec<String>,
    units: Vec<String>,
    scales: Vec<f64>,
    values: Array2<f64>,
    log_weights: Option<Array1<f64>>,
    batch: Batch<M>,
    log_evidence: Option<(f64, f64)>,
    diagnostics: Option<Diagnostics>,
    run: Run,
}

impl<M: Model<Scalar = f64>> Samples<M> {
    pub(super) fn new(
        posterior: &Posterior<M>,
        values: Array2<f64>,
        log_weights: Option<Array1<f64>>,
        log_evidence: Option<(f64, f64)>,
        diagnostics: Option<Diagnostics>,
        run: Run,
    ) -> Result<Self> {
        let n = posterior.partition.len();
        let selected = values.slice(ndarray::s![.., ..n]);
        let batch = Batch::from_partition(&posterior.partition, selected)?;
        Ok(Samples {
            names: posterior.names(),
            units: posterior
                .coordinates
                .iter()
                .map(|c| c.unit.clone())
                .collect(),
            scales: posterior.coordinates.iter().map(|c| c.scale).collect(),
            values,
            log_weights,
            batch,
            log_evidence,
            diagnostics,
            run,
        })
    }

    /// The coordinates' names ([`Posterior::names`]).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The draws, `(n, coordinates)`, physical units.
    pub fn values(&self) -> &Array2<f64> {
        &self.values
    }

    /// Log-weights of the draws (nested sampling), `None` for equally weighted draws (NUTS).
    pub fn log_weights(&self) -> Option<&Array1<f64>> {
        self.log_weights.as_ref()
    }

    /// The sampled models, one member per draw (weighted as [`Samples::log_weights`]): every
    /// batch operation (S over frequency, Monte Carlo envelopes) applies.
    pub fn batch(&self) -> &Batch<M> {
        &self.batch
    }

    /// `(ln Z, its error)` from nested sampling; the error is infinite if the run stopped on
    /// `max_calls` before converging ([`Run::converged`]).
    pub fn log_evidence(&self) -> Option<(f64, f64)> {
        self.log_evidence
    }

    /// Rank-normalised split R-hat per coordinate (NUTS).
    pub fn rhat(&self) -> Option<&[f64]> {
        self.diagnostics.as_ref().and_then(|d| d.rhat.as_slice())
    }

    /// R-hat and bulk / tail effective sample sizes per coordinate (NUTS).
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        self.diagnostics.as_ref()
    }

    /// The declared unit of each coordinate (`""` for `sigma` and `gp_amplitude`, `"Hz"` for
    /// `gp_length`).
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// How the run went: time, evaluations, divergences, convergence.
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// Mean, standard deviation and the 5/25/50/75/95 % quantiles per coordinate, weighted,
    /// labelled with the coordinates' names, declared units and display scales, with R-hat and
    /// ESS (NUTS) or Kish's effective sample size (nested sampling). Printed, it is the table
    /// of the posterior:
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesC;
    /// use pmrf::fit::{Objective, Term};
    /// use pmrf::infer::{Likelihood, Noise, Posterior};
    /// use pmrf::infer::sample::NutsSettings;
    ///
    /// let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
    /// let data = SeriesC::new(2.2e-12).network(&freq)?;
    /// let mut params = SeriesC::new(2e-12).params()?;
    /// params.set_bounds("c", 1e-12, 4e-12)?;
    /// let likelihood =
    ///     Likelihood::new(Objective::new().term(Term::new(data))).noise(Noise::Fixed(1e-3));
    /// let settings = NutsSettings { chains: 2, draws: 200, tune: 200, ..Default::default() };
    /// let summary = Posterior::new(&params, likelihood)?.nuts(&settings)?.summary()?;
    /// let table = summary.to_string();
    /// // parameter  unit  mean  sd  5 %  25 %  50 %  75 %  95 %  R-hat  ESS
    /// // c          pF    2.20000 ...
    /// let row: Vec<&str> = table.lines().nth(1).unwrap().split_whitespace().collect();
    /// assert_eq!(&row[..2], ["c", "pF"]);
    /// assert!((row[2].parse::<f64>().unwrap() - 2.2).abs() < 1e-3);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// Non-finite draws.
    pub fn summary(&self) -> Result<Summary> {
        let summary = Summary::of(
            self.values.view(),
            self.log_weights.as_ref().map(|w| w.view()),
            &Summary::PROBS,
        )?
        .with_labels(self.names.clone(), self.units.clone(), self.scales.clone())?;
        match &self.diagnostics {
            Some(d) => summary.with_diagnostics(d),
            None => Ok(summary),
        }
    }
}
