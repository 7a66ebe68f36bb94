//! Netlists: a resistive divider and a pi low-pass whose capacitors have ESR, each written as
//! parts and nodes, printed as |S| in dB, with an exact gradient through the solver.
//!
//! Run with `cargo run --release --example circuits --features plot -- [DIR]`; the pictures
//! go to DIR (or `$PMRF_PLOTS`, or `target/plots/`).

use pmrf::components::{Circuit, CircuitPort, Ground, SeriesC, SeriesL, SeriesR, part};
use pmrf::prelude::*;

fn db(x: Complex<f64>) -> f64 {
    20.0 * x.norm().log10()
}

/// Where the pictures go: `$PMRF_PLOTS`, else the first argument, else `target/plots/`.
fn plots_dir() -> pmrf::Result<std::path::PathBuf> {
    let dir = std::env::var_os("PMRF_PLOTS")
        .or_else(|| std::env::args_os().nth(1))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("target/plots"));
    std::fs::create_dir_all(&dir)
        .map_err(|e| pmrf::Error::Plot(format!("cannot create `{}`: {e}", dir.display())))?;
    Ok(dir)
}

fn main() -> Result<(), Error> {
    let freq = Frequency::linspace(0.5, 4.0, 8, FrequencyUnit::GHz)?;

    // 1. A resistive divider: three 50/3 ohm resistors from a star node to three ports.
    let r = || part(SeriesR::new(50.0 / 3.0));
    let divider = Circuit::<_, 3>::new(
        (
            CircuitPort::new(),
            CircuitPort::new(),
            CircuitPort::new(),
            r(),
            r(),
            r(),
        ),
        vec![
            vec![(0, 0), (3, 0)],         // port 1 - R
            vec![(1, 0), (4, 0)],         // port 2 - R
            vec![(2, 0), (5, 0)],         // port 3 - R
            vec![(3, 1), (4, 1), (5, 1)], // the star
        ],
    )?;
    let net = divider.network(&freq)?.with_name("resistive divider");
    println!(
        "{} ({} solver unknowns): |S11| = {:.1} dB, |S21| = {:.2} dB, |S32| = {:.2} dB \
         (ideal: -inf, -6.02, -6.02); reciprocal {}, passive {}",
        net.name(),
        divider.unknowns(),
        db(net.entry("s11")?[0]),
        db(net.entry("s21")?[0]),
        db(net.entry("s32")?[0]),
        net.is_reciprocal(1e-12),
        net.is_passive(1e-12),
    );

    // 2. A pi low-pass, C - L - C, each capacitor with 0.5 ohm ESR in series to ground.
    let lowpass = Circuit::<_, 2>::new(
        (
            CircuitPort::new(),        // 0
            part(SeriesC::new(2e-12)), // 1: first capacitor ...
            part(SeriesR::new(0.5)),   // 2: ... and its ESR
            part(SeriesL::new(8e-9)),  // 3
            part(SeriesC::new(2e-12)), // 4: second capacitor ...
            part(SeriesR::new(0.5)),   // 5: ... and its ESR
            CircuitPort::new(),        // 6
            Ground::new(),             // 7
        ),
        vec![
            vec![(0, 0), (1, 0), (3, 0)], // input node
            vec![(1, 1), (2, 0)],         // between C1 and its ESR
            vec![(3, 1), (4, 0), (6, 0)], // output node
            vec![(4, 1), (5, 0)],         // between C2 and its ESR
            vec![(2, 1), (5, 1), (7, 0)], // ground
        ],
    )?;
    let net = lowpass.network(&freq)?.with_name("pi low-pass with ESR");
    println!("\n{}: parameters {:?}", net.name(), lowpass.param_names());
    println!("{:>8}  {:>9}  {:>9}", "f (GHz)", "S11 (dB)", "S21 (dB)");
    let (s11, s21) = (net.entry("s11")?, net.entry("s21")?);
    for (k, f) in freq.scaled().iter().enumerate() {
        println!("{f:>8.2}  {:>9.2}  {:>9.2}", db(s11[k]), db(s21[k]));
    }

    // The pictures, on a finer grid than the table.
    let dir = plots_dir()?;
    let fine = Frequency::linspace(0.05, 4.0, 400, FrequencyUnit::GHz)?;
    let net = lowpass.network(&fine)?.with_name("pi low-pass with ESR");
    let path = pmrf::plot::Traces::of(&net)
        .features(["s21_db", "s11_db"])
        .title("pi low-pass with ESR (netlist)")
        .save(dir.join("circuits_lowpass_db.png"))?;
    println!("\nwrote {}", path.display());
    let path = pmrf::plot::Traces::of(&net)
        .features(["s21_deg"])
        .title("pi low-pass with ESR (netlist): phase")
        .save(dir.join("circuits_lowpass_phase.png"))?;
    println!("wrote {}", path.display());

    // 3. The cost of ESR at 1.5 GHz: an exact gradient of |S21|^2 through the netlist solver.
    let at = Grad::from(1.5e9);
    let esr = Filter::names(["parts[2].r", "parts[5].r"]);
    let (value, grad) = value_and_gradient(&lowpass, &esr, |m| m.s_at(at)[1][0].norm_sqr())?;
    println!("\n|S21|^2 at 1.5 GHz = {value:.5}");
    for (name, g) in ["parts[2].r", "parts[5].r"].iter().zip(&grad) {
        println!("  d|S21|^2/d{name} = {g:+.3e} per ohm");
    }
    Ok(())
}
