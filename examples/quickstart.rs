//! The main job: declare a model, inspect its parameters, evaluate S-parameters, take an exact
//! gradient and run a Monte Carlo batch of 10 000 variants in parallel.
//!
//! Run with `cargo run --release --example quickstart`.

use std::f64::consts::TAU;
use std::time::Instant;

use pmrf::components::SeriesL;
use pmrf::network::{Z0, domain, twoport};
use pmrf::prelude::*;

/// A series R-L-C branch from the line to ground: a notch (band-stop) resonator.
#[derive(Model, Clone, Debug)]
pub struct ShuntRlc<T: Scalar = f64> {
    /// Loss resistance.
    #[param(unit = "ohm", bounds = (0.0, 100.0))]
    pub r: T,
    /// Inductance, toleranced at 2 %.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, 1e-6), prior = normal(5e-9, 1e-10))]
    pub l: T,
    /// Capacitance, toleranced at 5 %.
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-9), prior = normal(2e-12, 1e-13))]
    pub c: T,
}

impl<T: Scalar> Component<2> for ShuntRlc<T> {
    type Domain = domain::S;

    fn primary(&self, f: T) -> Mat<T, 2> {
        // Z = R + jwL + 1/(jwC) from the line to ground; the S-parameters of a shunt impedance
        // are a library building block (exact at DC, where Z is infinite and this is a thru).
        let w = f * TAU;
        let z = Complex::new(self.r, w * self.l - (w * self.c).recip());
        twoport::shunt_impedance(z, Z0)
    }
}

fn main() -> Result<(), Error> {
    // A notch filter: two series inductors around the resonator.
    let notch = Cascade::new((
        SeriesL::new(2e-9),
        ShuntRlc {
            r: 1.0,
            l: 5e-9,
            c: 2e-12,
        },
        SeriesL::new(2e-9),
    ));
    let params = notch
        .params()?
        .fixed("stages[0].l")?
        .tied("stages[2].l", "stages[0].l")?
        .fixed("stages[1].r")?;
    println!("Parameters of the notch filter:\n{params}");

    // S-parameters over 1-3 GHz.
    let freq = Frequency::linspace(1.0, 3.0, 401, FrequencyUnit::GHz)?;
    let s = notch.s(&freq);
    let s21_db = |k: usize| 20.0 * s[[k, 1, 0]].norm().log10();
    let (k0, _) =
        (0..freq.len())
            .map(|k| (k, s21_db(k)))
            .fold(
                (0, f64::INFINITY),
                |best, (k, db)| if db < best.1 { (k, db) } else { best },
            );
    let f0 = 1.0 / (TAU * (5e-9f64 * 2e-12).sqrt());
    println!(
        "S: shape {:?}; deepest notch {:.1} dB at {:.4} GHz (LC resonance {:.4} GHz)",
        s.shape(),
        s21_db(k0),
        freq.hz()[k0] / 1e9,
        f0 / 1e9
    );

    // Exact gradient of |S21|^2 at 2.2 GHz with respect to the free parameters of the table
    // (the fixed and tied ones drop out).
    let at = Grad::from(2.2e9);
    let (value, grad) =
        value_and_gradient(&params, &Filter::Free, |m| m.s_at(at)[1][0].norm_sqr())?;
    println!("|S21|^2 at 2.2 GHz = {value:.6}");
    let free = params.partition(&Filter::Free)?;
    for (name, g) in free.names().iter().zip(&grad) {
        println!("  d|S21|^2/d{name:<12} = {g:+.6e} per SI unit");
    }
    let group_delay = pmrf::diff::group_delay(&notch, &Frequency::from_hz([1e9])?, 1, 0)?;
    println!(
        "group delay of S21 at 1 GHz: {:.2} ps",
        group_delay[0] * 1e12
    );

    // Monte Carlo: 10 000 variants drawn from the priors of the free parameters.
    let batch = Batch::sample(&params, &Filter::Free, 10_000, 42)?;
    let start = Instant::now();
    let s_batch = batch.s(&freq)?;
    let elapsed = start.elapsed();
    println!(
        "batch: {} variants -> S {:?} in {:.1} ms on {} threads",
        batch.len(),
        s_batch.shape(),
        elapsed.as_secs_f64() * 1e3,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    // Where does each variant's notch land? (memory-bounded: no S array kept)
    let notch_hz = batch.map_s(&freq, |s| {
        let k = (0..s.shape()[0])
            .min_by(|&a, &b| s[[a, 1, 0]].norm().total_cmp(&s[[b, 1, 0]].norm()))
            .unwrap_or(0);
        freq.hz()[k]
    });
    let n = notch_hz.len() as f64;
    let mean = notch_hz.iter().sum::<f64>() / n;
    let std = (notch_hz.iter().map(|f| (f - mean).powi(2)).sum::<f64>() / n).sqrt();
    println!(
        "notch frequency over the batch: {:.4} GHz +- {:.1} MHz (1 sigma)",
        mean / 1e9,
        std / 1e6
    );
    Ok(())
}
