//! Fit a physical model to a measurement: a board-level low-pass filter (a pi of capacitors
//! with ESR around an inductor with series resistance, between two short 50 ohm traces) read
//! from a Touchstone file, fitted on all of S by bounded Levenberg-Marquardt with the exact
//! Jacobian; the parameter table with standard errors, the fit quality, and the fitted S
//! written back as Touchstone, and a picture of the fit against the data with its residuals.
//!
//! Run with `cargo run --release --example fit --features plot -- [output directory]`
//! (default `target/fit`). The measurement, `examples/data/lowpass_measured.s2p`, is
//! synthetic: the same model at known values plus seeded complex Gaussian noise (2e-3 per real
//! and imaginary part), written by this example itself with `--write-data` (so the truth is
//! known: see `TRUTH`).

use std::path::{Path, PathBuf};

use pmrf::components::lines::DelayLine;
use pmrf::components::{SeriesLEsr, ShuntCEsr};
use pmrf::fit::{Fit, Objective, Term};
use pmrf::io::touchstone::WriteOptions;
use pmrf::ndarray::Array3;
use pmrf::prelude::*;

type Lowpass = Cascade<(DelayLine, ShuntCEsr, SeriesLEsr, ShuntCEsr, DelayLine)>;

/// The filter from its values: trace delay, C1, ESR1, L, R_L, C2, ESR2 (the two traces alike).
fn lowpass(v: [f64; 7]) -> Lowpass {
    Cascade::new((
        DelayLine::new(50.0, v[0]),
        ShuntCEsr::new(v[1], v[2]),
        SeriesLEsr::new(v[3], v[4]),
        ShuntCEsr::new(v[5], v[6]),
        DelayLine::new(50.0, v[0]),
    ))
}

/// The values the measurement was made with.
const TRUTH: [f64; 7] = [40e-12, 2.2e-12, 0.35, 6.8e-9, 0.9, 2.2e-12, 0.35];
/// Where the fit starts: a datasheet guess, 20-50 % off.
const START: [f64; 7] = [30e-12, 3.3e-12, 0.2, 4.7e-9, 0.5, 1.5e-12, 0.5];

fn data_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lowpass_measured.s2p")
}

/// Writes the synthetic measurement: the model at `TRUTH` plus seeded complex Gaussian noise.
fn write_data() -> Result<(), Box<dyn std::error::Error>> {
    let freq = Frequency::linspace(10.0, 3000.0, 300, FrequencyUnit::MHz)?;
    let clean = lowpass(TRUTH).network(&freq)?;
    let mut state = 0x2545_F491_4F6C_DD1Du64; // xorshift64*, seeded
    let mut uniform = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    };
    let noise = Array3::from_shape_fn(clean.s().dim(), |_| {
        let (a, b) = (uniform(), uniform());
        Complex::from_polar(
            (-2.0 * (1.0 - a).ln()).sqrt() * 2e-3,
            std::f64::consts::TAU * b,
        )
    });
    let measured = Network::from_s(freq, clean.s() + &noise)?;
    let options = WriteOptions::new().comment(
        "Synthetic measurement of a board low-pass, written by `cargo run --example fit \
         --features plot -- --write-data`:\nthe model of examples/fit.rs at TRUTH plus complex Gaussian noise, \
         2e-3 per part.",
    );
    if let Some(dir) = data_path().parent() {
        std::fs::create_dir_all(dir)?;
    }
    measured.write_touchstone(data_path(), &options)?;
    println!("wrote {}", data_path().display());
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("--write-data") {
        return write_data();
    }
    let out = PathBuf::from(arg.unwrap_or_else(|| "target/fit".into()));
    let measured = Network::from_touchstone(data_path())?;
    println!(
        "measurement: {} ({} points, {:.0}-{:.0} MHz)",
        measured.name(),
        measured.len(),
        measured.frequency().hz()[0] / 1e6,
        measured.frequency().hz()[measured.len() - 1] / 1e6
    );

    // The two traces are one design: tie the second's delay to the first's.
    let params = lowpass(START)
        .params()?
        .fixed("stages[*].z0")?
        .tied("stages[4].delay", "stages[0].delay")?
        .bounded("stages[*].delay", 0.0..=200e-12)?
        .bounded("stages[*].c", 0.1e-12..=20e-12)?
        .bounded("stages[*].esr", 0.0..=5.0)?
        .bounded("stages[2].l", 1e-9..=50e-9)?;

    let objective = Objective::new().term(Term::new(measured.clone()));
    let time = std::time::Instant::now();
    let result = Fit::new(&params, objective)?.run()?;
    let elapsed = time.elapsed();
    println!("\n{result}\n(fit in {:.1} ms)", elapsed.as_secs_f64() * 1e3);

    // How far the truth is, in standard errors.
    if let Some(errors) = result.std_errors() {
        let truth = lowpass(TRUTH).params()?;
        println!("\n{:<18} {:>10}", "parameter", "(fit - truth) / std error");
        for (k, name) in result.names().iter().enumerate() {
            let t = truth.get(name).map_or(f64::NAN, |p| p.value());
            println!("{name:<18} {:>10.2}", (result.values()[k] - t) / errors[k]);
        }
    }

    // Fit quality: RMS of the complex residual against the noise level put in (2e-3).
    let fitted = result.fitted(&measured)?;
    let rms = ((fitted.s() - measured.s())
        .iter()
        .map(|d| d.norm_sqr())
        .sum::<f64>()
        / measured.s().len() as f64)
        .sqrt();
    println!(
        "\nRMS |S_fit - S_measured| = {rms:.2e} (the noise: 2e-3 per real and imaginary part, \
         {:.2e} complex RMS)",
        2e-3 * std::f64::consts::SQRT_2
    );

    std::fs::create_dir_all(&out)?;
    let picture = pmrf::plot::FitPlot::new(&measured, &fitted)
        .features(["s21_db", "s11_db", "s21_deg"])
        .save(out.join("lowpass_fit.png"))?;
    println!("wrote {}", picture.display());
    let path = out.join("lowpass_fitted.s2p");
    fitted.write_touchstone(
        &path,
        &WriteOptions::new().comment("pmrf fit of lowpass_measured"),
    )?;
    println!("wrote {}", path.display());
    Ok(())
}
