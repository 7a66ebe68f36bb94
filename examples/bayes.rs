//! Bayesian calibration of the board low-pass of `examples/fit.rs` from the same Touchstone
//! measurement: the posterior of its parameters and of the noise level by NUTS (exact
//! gradients), a summary with R-hat, the spread of |S21| over the posterior, and the evidence
//! for the model against a simpler one (no ESR on the capacitors) by nested sampling on a
//! 30-point subset.
//!
//! Run with `cargo run --release --example bayes --features nuts,plot`; the corner plot of
//! the posterior goes to `$PMRF_PLOTS` or `target/plots/`.

use std::path::Path;
use std::time::Instant;

use pmrf::components::lines::DelayLine;
use pmrf::components::{SeriesLEsr, ShuntC, ShuntCEsr};
use pmrf::fit::{Objective, Term};
use pmrf::infer::sample::{NestedSettings, NutsSettings};
use pmrf::infer::{Likelihood, Posterior};
use pmrf::prelude::*;

type Lowpass = Cascade<(DelayLine, ShuntCEsr, SeriesLEsr, ShuntCEsr, DelayLine)>;
type Lossless = Cascade<(DelayLine, ShuntC, SeriesLEsr, ShuntC, DelayLine)>;

fn bounded<M: Model<Scalar = f64>>(model: &M) -> pmrf::Result<Params<M>> {
    model
        .params()?
        .fixed("stages[*].z0")?
        .tied("stages[4].delay", "stages[0].delay")?
        .bounded("stages[*].delay", 0.0..=200e-12)?
        .bounded("stages[*].c", 0.1e-12..=20e-12)?
        .bounded("stages[*].esr", 0.0..=5.0)?
        .bounded("stages[2].l", 1e-9..=50e-9)
}

fn main() -> pmrf::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lowpass_measured.s2p");
    let measured = Network::from_touchstone(&path)?;
    let likelihood = Likelihood::new(Objective::new().term(Term::new(measured.clone())));

    // The posterior of the 7 free parameters and the noise level (prior Uniform(1e-6, 0.1)).
    let start = Cascade::new((
        DelayLine::new(50.0, 30e-12),
        ShuntCEsr::new(3.3e-12, 0.2),
        SeriesLEsr::new(4.7e-9, 0.5),
        ShuntCEsr::new(1.5e-12, 0.5),
        DelayLine::new(50.0, 30e-12),
    ));
    let posterior: Posterior<Lowpass> = Posterior::new(&bounded(&start)?, likelihood)?;
    let settings = NutsSettings {
        chains: 2,
        draws: 400,
        tune: 400,
        seed: 1,
        ..Default::default()
    };
    let time = Instant::now();
    let samples = posterior.nuts(&settings)?;
    let seconds = time.elapsed().as_secs_f64();
    let run = samples.run();
    println!(
        "NUTS, 2 chains x (400 tuning + 400 draws), {seconds:.1} s, {} gradients, {} \
         divergences\n",
        run.evaluations, run.divergences
    );
    // Names, declared units (values in their display scale), quantiles, R-hat and bulk ESS.
    print!("{}", samples.summary()?);
    println!("(the measurement was made with noise 2e-3 per part: compare `sigma`)");
    let dir = std::path::PathBuf::from(
        std::env::var_os("PMRF_PLOTS").unwrap_or_else(|| "target/plots".into()),
    );
    std::fs::create_dir_all(&dir).map_err(|e| pmrf::Error::Plot(e.to_string()))?;
    let path = pmrf::plot::Corner::of_samples(&samples)
        .title("Posterior of the board low-pass")
        .save(dir.join("bayes_corner.png"))?;
    println!("wrote {}", path.display());

    // The posterior as a batch of models: the band of |S21| in dB at a few frequencies.
    let freq = Frequency::from_hz([0.5e9, 1.0e9, 2.0e9, 3.0e9])?;
    let s = samples.batch().s::<2>(&freq)?;
    println!(
        "\n{:>8} {:>10} {:>10} {:>10}",
        "f (GHz)", "5 %", "median", "95 %"
    );
    for k in 0..freq.len() {
        let mut db: Vec<f64> = (0..s.dim().0)
            .map(|i| 20.0 * s[[i, k, 1, 0]].norm().log10())
            .collect();
        db.sort_by(f64::total_cmp);
        let q = |p: f64| db[((db.len() - 1) as f64 * p).round() as usize];
        println!(
            "{:>8.1} {:>10.4} {:>10.4} {:>10.4}",
            freq.hz()[k] / 1e9,
            q(0.05),
            q(0.5),
            q(0.95)
        );
    }

    // Is the ESR of the capacitors supported by the data? Evidence with and without it, on 30
    // of the points (nested sampling calls the likelihood ~1e5-1e6 times).
    let coarse = Frequency::linspace(10.0, 3000.0, 30, FrequencyUnit::MHz)?;
    let coarse = measured.interpolate(&coarse, Interpolation::Linear)?;
    let likelihood = Likelihood::new(Objective::new().term(Term::new(coarse)));
    let nested = NestedSettings {
        n_live: Some(100),
        seed: 3,
        ..Default::default()
    };
    let lossless = Cascade::new((
        DelayLine::new(50.0, 30e-12),
        ShuntC::new(3.3e-12),
        SeriesLEsr::new(4.7e-9, 0.5),
        ShuntC::new(1.5e-12),
        DelayLine::new(50.0, 30e-12),
    ));
    let time = Instant::now();
    let with_esr =
        Posterior::<Lowpass>::new(&bounded(&start)?, likelihood.clone())?.nested(&nested)?;
    let without = Posterior::<Lossless>::new(&bounded(&lossless)?, likelihood)?.nested(&nested)?;
    let seconds = time.elapsed().as_secs_f64();
    let ((za, ea), (zb, eb)) = (
        with_esr.log_evidence().unwrap_or_default(),
        without.log_evidence().unwrap_or_default(),
    );
    println!(
        "\nln Z with ESR {za:.2} +- {ea:.2}, without {zb:.2} +- {eb:.2}: ln Bayes factor {:.1} \
         for the ESR ({seconds:.1} s of nested sampling)",
        za - zb
    );
    Ok(())
}
