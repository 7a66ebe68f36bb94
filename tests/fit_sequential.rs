//! Sequential fits: the connectors of a cable to their own measurement, then the line with the
//! connectors fixed; a sequential fit that ends in the joint objective equals the joint fit;
//! and the errors of stages that do not match their model.

use pmrf::components::lines::DelayLine;
use pmrf::components::{SeriesL, ShuntC};
use pmrf::fit::{Fit, Objective, Options, PartVisitor, Parts, Sequential, Stage, Term};
use pmrf::num_complex::Complex;
use pmrf::prelude::*;

fn grid() -> Frequency {
    Frequency::linspace(0.05, 5.0, 80, FrequencyUnit::GHz).unwrap()
}

/// A coaxial connector's launch: a series L then a shunt C.
#[derive(Model, Clone, Debug)]
struct Connector<T: Scalar = f64> {
    l: SeriesL<T>,
    c: ShuntC<T>,
}

/// A cable: a line between two (equal, mirrored) connectors; the connector was also measured
/// alone.
#[derive(Model, Clone, Debug)]
struct Cable<T: Scalar = f64> {
    connector: Connector<T>,
    line: DelayLine<T>,
}

impl<T: Scalar> Parts<T> for Cable<T> {
    fn part<V: PartVisitor<T>>(&self, name: &str, visitor: V) -> Option<V::Output> {
        let c = &self.connector;
        match name {
            "connector" => Some(visitor.visit(&Cascade::new((c.l, c.c)))),
            "line" => Some(visitor.visit(&self.line)),
            _ => None,
        }
    }
    fn unnamed<V: PartVisitor<T>>(&self, visitor: V) -> Option<V::Output> {
        let c = &self.connector;
        Some(visitor.visit(&Cascade::new((c.l, c.c, self.line, c.c, c.l))))
    }
}

fn cable(l: f64, c: f64, z0: f64, delay: f64) -> Cable {
    Cable {
        connector: Connector {
            l: SeriesL::new(l),
            c: ShuntC::new(c),
        },
        line: DelayLine::new(z0, delay),
    }
}

const TRUTH: [f64; 4] = [0.8e-9, 0.4e-12, 55.0, 0.12e-9];

/// The networks of `truth`'s connector and of the whole cable, with seeded complex noise of
/// rms `sigma`.
fn measure(truth: &Cable, sigma: f64) -> (Network, Network) {
    struct Measure<'a>(&'a Frequency);
    impl PartVisitor<f64> for Measure<'_> {
        type Output = Network;
        fn visit<const N: usize, C: Component<N, Scalar = f64>>(self, part: &C) -> Network {
            part.network(self.0).unwrap()
        }
    }
    let freq = grid();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut noisy = |clean: Network| {
        let mut normal = || {
            // Box-Muller on a 64-bit LCG: reproducible without a dependency.
            let mut u = || {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
            };
            let (a, b) = (u(), u());
            (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
        };
        let s = (clean.s()).mapv(|z| z + Complex::new(normal(), normal()) * (sigma / 2f64.sqrt()));
        Network::from_s(freq.clone(), s).unwrap()
    };
    let connector = noisy(truth.part("connector", Measure(&freq)).unwrap());
    let whole = noisy(truth.unnamed(Measure(&freq)).unwrap());
    (connector, whole)
}

fn start() -> Cable {
    cable(1.0e-9, 0.3e-12, 45.0, 0.15e-9) // 18-25 % off
}

#[test]
fn connectors_first_then_the_line_recovers_every_true_value() {
    let truth = cable(TRUTH[0], TRUTH[1], TRUTH[2], TRUTH[3]);
    let (connector, whole) = measure(&truth, 0.0);
    let fit = Sequential::new(&start())
        .unwrap()
        .stage(Stage::new(
            "connector",
            Objective::new().term(Term::new(connector)),
        ))
        .stage(Stage::whole(Objective::new().term(Term::new(whole))))
        .run()
        .unwrap();
    let m = fit.model();
    let got = [m.connector.l.l, m.connector.c.c, m.line.z0, m.line.delay];
    for (got, want) in got.iter().zip(TRUTH) {
        assert!((got / want - 1.0).abs() < 1e-6, "{got} vs {want}\n{fit}");
    }
    // Each stage fitted its own parameters; the line stage left the connector as fitted.
    let stages = fit.stages();
    assert_eq!(stages.len(), 2);
    assert_eq!(stages[0].0, "connector");
    assert_eq!(stages[0].1.names(), ["connector.l.l", "connector.c.c"]);
    assert_eq!(stages[1].0, "whole");
    assert_eq!(stages[1].1.names(), ["line.z0", "line.delay"]);
    assert_eq!(stages[0].1.values(), &got[..2]);
    assert_eq!(fit.stage("whole").unwrap().values(), &got[2..]);
    assert!(
        stages
            .iter()
            .all(|(_, s)| s.report().termination.is_converged())
    );
    // The table given back is free as it came: the stage's fixes held only for later stages.
    assert!(fit.params().iter().all(|p| !p.meta().is_fixed()));
    let shown = fit.to_string();
    assert!(shown.contains("stage 1 (connector):") && shown.contains("stage 2 (whole):"));
}

#[test]
fn a_sequential_fit_ending_in_the_joint_objective_equals_the_joint_fit() {
    let truth = cable(TRUTH[0], TRUTH[1], TRUTH[2], TRUTH[3]);
    // Noisy data: the joint optimum is not the truth, and a sequential fit whose connector
    // stage only starts the last one (keep_free) must find the same optimum.
    let (connector, whole) = measure(&truth, 3e-3);
    let joint_objective = Objective::new()
        .term(Term::new(connector.clone()).of("connector"))
        .term(Term::new(whole));
    // Both to the optimum's precision, not the default tolerances'.
    let tight = || Options {
        xtol: Some(1e-13),
        ftol: Some(1e-15),
        ..Options::default()
    };
    let joint = Fit::new(&start(), joint_objective.clone())
        .unwrap()
        .options(tight())
        .run_parts()
        .unwrap();
    let sequential = Sequential::new(&start())
        .unwrap()
        .stage(Stage::new("connector", Objective::new().term(Term::new(connector))).keep_free())
        .stage(Stage::whole(joint_objective).options(tight()))
        .run()
        .unwrap();
    let last = &sequential.stages()[1].1;
    assert_eq!(last.names(), joint.names());
    for (got, want) in last.values().iter().zip(joint.values()) {
        assert!((got / want - 1.0).abs() < 1e-6, "{got} vs {want}");
    }
    // Not the truth (the noise moved it), so the agreement is not trivial.
    assert!((joint.values()[2] / TRUTH[2] - 1.0).abs() > 1e-6);
    assert!((sequential.stages()[1].1.loss() / joint.loss() - 1.0).abs() < 1e-9);
}

#[test]
fn a_stage_may_choose_its_parameters() {
    let truth = cable(TRUTH[0], TRUTH[1], TRUTH[2], TRUTH[3]);
    let (_, whole) = measure(&truth, 0.0);
    // The cable fixed at the true connector, only the line's delay fitted to the assembly.
    let begin = cable(TRUTH[0], TRUTH[1], TRUTH[2], 0.14e-9);
    let fit = Sequential::new(&begin)
        .unwrap()
        .stage(Stage::whole(Objective::new().term(Term::new(whole))).params("line.delay"))
        .run()
        .unwrap();
    assert_eq!(fit.stages()[0].1.names(), ["line.delay"]);
    assert!((fit.model().line.delay / TRUTH[3] - 1.0).abs() < 1e-9);
    assert_eq!(fit.model().line.z0, TRUTH[2]);
}

#[test]
fn stages_that_do_not_match_their_model_are_errors() {
    let truth = cable(TRUTH[0], TRUTH[1], TRUTH[2], TRUTH[3]);
    let (connector, whole) = measure(&truth, 0.0);
    let run = |stages: Vec<Stage<'static>>| {
        let mut seq = Sequential::new(&start()).unwrap();
        for s in stages {
            seq = seq.stage(s);
        }
        match seq.run() {
            Err(e @ Error::Fit(_)) => e.to_string(),
            other => panic!("expected Error::Fit, got {:?}", other.map(|_| ())),
        }
    };
    let of_connector = || Objective::new().term(Term::new(connector.clone()));

    let err = run(vec![]);
    assert!(err.contains("at least one stage"), "{err}");

    let err = run(vec![Stage::new("launch", of_connector())]);
    assert!(
        err.contains("stage 1 (`launch`)") && err.contains("no part called `launch`"),
        "{err}"
    );

    let other = Objective::new().term(Term::new(whole.clone()).of("line"));
    let err = run(vec![Stage::new("connector", other)]);
    assert!(
        err.contains("stage 1 (`connector`)")
            && err.contains("measures the part `line`")
            && err.contains("fits `connector`"),
        "{err}"
    );

    // Fitting the connector twice: the first stage fixed it.
    let err = run(vec![
        Stage::new("connector", of_connector()),
        Stage::new("connector", of_connector()),
    ]);
    assert!(
        err.contains("stage 2 (`connector`)") && err.contains("no free parameter"),
        "{err}"
    );

    // A part that is not a field: nothing under its path unless the stage chooses.
    #[derive(Model, Clone, Debug)]
    struct Wrapped<T: Scalar = f64> {
        cable: Cable<T>,
    }
    impl<T: Scalar> Parts<T> for Wrapped<T> {
        fn part<V: PartVisitor<T>>(&self, name: &str, visitor: V) -> Option<V::Output> {
            self.cable.part(name, visitor)
        }
    }
    let wrapped = Wrapped { cable: start() };
    let seq = |stage| Sequential::new(&wrapped).unwrap().stage(stage).run();
    let err = seq(Stage::new("connector", of_connector()))
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no free parameter") && err.contains("Stage::params"),
        "{err}"
    );
    let fit = seq(Stage::new("connector", of_connector()).params("cable.connector.*")).unwrap();
    assert!((fit.model().cable.connector.c.c / TRUTH[1] - 1.0).abs() < 1e-6);

    // An objective error of a stage names the stage.
    let err = run(vec![
        Stage::new("connector", of_connector()),
        Stage::whole(Objective::new().term(Term::new(whole).of("lid"))),
    ]);
    assert!(
        err.contains("stage 2 (`whole`)") && err.contains("no part called `lid`"),
        "{err}"
    );
}
