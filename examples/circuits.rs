//! Circuits: a pi low-pass with ESRs and a Wilkinson divider declared like models (their
//! netlists checked at compile time), and a ladder of n sections built at run time; printed as
//! |S| in dB, with an exact gradient through the solver.
//!
//! Run with `cargo run --release --example circuits --features plot -- [DIR]`; the pictures
//! go to DIR (or `$PMRF_PLOTS`, or `target/plots/`).

use pmrf::components::circuit::solution;
use pmrf::components::lines::DelayLine;
use pmrf::components::{Capacitor, Circuit, Inductor, Netlist, Resistor};
use pmrf::prelude::*;

/// A pi low-pass, C - L - C, each capacitor with its ESR in series to ground; every element a
/// two-terminal part between two nets:
///
/// ```text
///  port 1 o--- input ---+---- l ----+--- output ---o port 2
///                       |           |
///                      c1          c2
///                       |           |
///                      esr1 (a)    esr2 (b)
///                       |           |
///  gnd -----------------+-----------+----------------
/// ```
#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct PiLowpass<T: Scalar = f64> {
    #[circuit(input, a)]
    c1: Capacitor<T>,
    #[circuit(a, gnd)]
    esr1: Resistor<T>,
    #[circuit(input, output)]
    l: Inductor<T>,
    #[circuit(output, b)]
    c2: Capacitor<T>,
    #[circuit(b, gnd)]
    esr2: Resistor<T>,
}

/// A Wilkinson divider at 2 GHz: two 70.7 ohm quarter-wave lines from the input to the outputs,
/// a 100 ohm isolation resistor between the outputs.
#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, out2), port(3, out3))]
struct Wilkinson<T: Scalar = f64> {
    #[circuit(input, out2)]
    arm2: DelayLine<T>,
    #[circuit(input, out3)]
    arm3: DelayLine<T>,
    #[circuit(out2, out3)]
    isolation: Resistor<T>,
}

/// The parts of an LC ladder of any length: inductors along the line and capacitors to
/// ground, connected at run time.
#[derive(Model, Circuit, Clone, Debug)]
struct Ladder<T: Scalar = f64> {
    l: Vec<Inductor<T>>,
    c: Vec<Capacitor<T>>,
}

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

    // 1. The pi low-pass with 0.5 ohm ESRs.
    let lowpass = PiLowpass {
        c1: Capacitor::new(2e-12),
        esr1: Resistor::new(0.5),
        l: Inductor::new(8e-9),
        c2: Capacitor::new(2e-12),
        esr2: Resistor::new(0.5),
    };
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
    let esr = Filter::names(["esr1.r", "esr2.r"]);
    let (value, grad) = value_and_gradient(&lowpass, &esr, |m| m.s_at(at)[1][0].norm_sqr())?;
    println!("\n|S21|^2 at 1.5 GHz = {value:.5}");
    for (name, g) in ["esr1.r", "esr2.r"].iter().zip(&grad) {
        println!("  d|S21|^2/d{name} = {g:+.3e} per ohm");
    }

    // 4. The Wilkinson divider: equal split, matched ports, isolated outputs at 2 GHz; the
    //    isolation resistor's current with 1 W into port 2 alone.
    let quarter = 1.0 / (4.0 * 2e9);
    let wilkinson = Wilkinson {
        arm2: DelayLine::new(50.0 * 2f64.sqrt(), quarter),
        arm3: DelayLine::new(50.0 * 2f64.sqrt(), quarter),
        isolation: Resistor::new(100.0),
    };
    let s = wilkinson.s_at(2e9);
    println!(
        "\nWilkinson at 2 GHz: |S21| = {:.3} dB, |S31| = {:.3} dB, |S11| = {:.1e}, isolation |S32| = {:.1e}",
        db(s[1][0]),
        db(s[2][0]),
        s[0][0].norm(),
        s[2][1].norm()
    );
    let state = solution(&wilkinson, 2e9, [0.0, 1.0, 0.0], [0.0; 3])?;
    println!(
        "  1 W into port 2: {:.3} A peak through the isolation resistor, {:.1e} V at port 3",
        state.current("isolation", 0)?.norm(),
        state.port_voltage(3)?.norm()
    );

    // 5. A 7-section LC ladder (a 50 ohm artificial line), its length a run-time value.
    let n = 7;
    let mut nets = Netlist::new();
    nets.port(1, "n0").port(2, format!("n{n}"));
    for i in 0..n {
        nets.part(format!("l[{i}]"), [format!("n{i}"), format!("n{}", i + 1)]);
        nets.part(
            format!("c[{i}]"),
            [format!("n{}", i + 1), "gnd".to_string()],
        );
    }
    let parts = Ladder {
        l: vec![Inductor::new(5e-9); n],
        c: vec![Capacitor::new(2e-12); n],
    };
    let ladder = Circuit::<_, 2>::new(parts, &nets)?;
    let net = ladder.network(&freq)?;
    println!(
        "\n{n}-section ladder ({} parameters, {} nets):",
        ladder.param_names().len(),
        ladder.topology().nets().len()
    );
    let s21 = net.entry("s21")?;
    for (k, f) in freq.scaled().iter().enumerate() {
        println!("{f:>8.2} GHz  S21 {:>7.2} dB", db(s21[k]));
    }
    Ok(())
}
