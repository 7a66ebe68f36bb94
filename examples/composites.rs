//! Composites: a resistive star divider and a pi low-pass whose capacitors have ESR, built
//! by joining parts port to port, printed as |S| in dB, with an exact gradient.
//!
//! Run with `cargo run --release --example composites --features plot -- [DIR]`; the
//! pictures of the responses go to DIR (or `$PMRF_PLOTS`, or `target/plots/`).

use std::f64::consts::TAU;

use pmrf::components::{Connected, SeriesL, SeriesR, Terminated};
use pmrf::network::domain;
use pmrf::prelude::*;

/// An ideal 3-way junction at 50 ohm (every arm sees the other two in parallel).
#[derive(Model, Clone, Debug, Default)]
struct Tee<T: Scalar = f64> {
    _t: std::marker::PhantomData<T>,
}

impl<T: Scalar> Component<3> for Tee<T> {
    type Domain = domain::S;
    fn primary(&self, _f: T) -> Mat<T, 3> {
        std::array::from_fn(|i| {
            std::array::from_fn(|j| Complex::from_real(if i == j { -1.0 / 3.0 } else { 2.0 / 3.0 }))
        })
    }
}

/// A capacitor with its equivalent series resistance, from a node to ground: a 1-port.
#[derive(Model, Clone, Debug)]
struct EsrCapacitor<T: Scalar = f64> {
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-6))]
    c: T,
    #[param(unit = "ohm", bounds = (0.0, 100.0))]
    esr: T,
}

impl<T: Scalar> Component<1> for EsrCapacitor<T> {
    type Domain = domain::Z;
    fn primary(&self, f: T) -> Mat<T, 1> {
        // Z = ESR + 1/(jwC): an open at DC, as it should be.
        [[Complex::new(self.esr, -(self.c * f * TAU).recip())]]
    }
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

fn db(x: Complex<f64>) -> f64 {
    20.0 * x.norm().log10()
}

fn main() -> Result<(), Error> {
    let freq = Frequency::linspace(0.5, 4.0, 8, FrequencyUnit::GHz)?;

    // 1. A resistive star divider: 50/3 ohm on each arm of a tee. A 2-port joined to a junction
    //    keeps the junction's port numbers, so the arms are extended one by one.
    let arm = || SeriesR::new(50.0 / 3.0);
    //    The ports are written here, so they are checked when this compiles.
    let one = Connected::at::<0, 1>(Tee::default(), arm());
    let two = Connected::at::<1, 1>(one, arm());
    let divider = Connected::at::<2, 1>(two, arm());
    let net = divider.network(&freq)?.with_name("resistive divider");
    println!("{}: parameters {:?}", net.name(), divider.param_names());
    println!(
        "  |S11| = {:.1} dB, |S21| = {:.2} dB, |S31| = {:.2} dB (ideal: -inf, -6.02, -6.02); \
         reciprocal {}, passive {}, lossless {}",
        db(net.s()[[0, 0, 0]]),
        db(net.s()[[0, 1, 0]]),
        db(net.s()[[0, 2, 0]]),
        net.is_reciprocal(1e-12),
        net.is_passive(1e-12),
        net.is_lossless(1e-12),
    );

    // 2. A pi low-pass, C - L - C, whose capacitors have ESR: each shunt branch is a tee arm
    //    closed by the capacitor, a 2-port, cascaded with the series inductor.
    let shunt = |c: f64| Terminated::at::<2>(Tee::default(), EsrCapacitor { c, esr: 0.5 });
    let lowpass = Cascade::new((shunt(2e-12), SeriesL::new(8e-9), shunt(2e-12)));
    let net = lowpass.network(&freq)?.with_name("pi low-pass with ESR");
    println!("\n{} ({} parameters):", net.name(), lowpass.num_params());
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
        .title("pi low-pass with ESR")
        .save(dir.join("composites_lowpass_db.png"))?;
    println!("\nwrote {}", path.display());
    let path = pmrf::plot::SmithChart::of(&net)
        .entries(["s11"])
        .markers([1e9, 2e9, 3e9])
        .title("pi low-pass with ESR: S11")
        .save(dir.join("composites_lowpass_smith.png"))?;
    println!("wrote {}", path.display());

    // 3. How much does 1 ohm more ESR cost at 1.5 GHz? An exact gradient of |S21|^2.
    let at = Grad::from(1.5e9);
    let free = Filter::glob("*.esr");
    let (value, grad) = value_and_gradient(&lowpass, &free, |m| m.s_at(at)[1][0].norm_sqr())?;
    let params = lowpass.params()?;
    println!("\n|S21|^2 at 1.5 GHz = {value:.5}");
    for (name, g) in params.partition(&free)?.names().iter().zip(&grad) {
        println!("  d|S21|^2/d{name} = {g:+.3e} per ohm");
    }
    Ok(())
}
