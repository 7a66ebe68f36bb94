//! Parameter tables as the one source of per-instance state: saved and loaded, bound to their
//! model by type and by name.

use pmrf::components::{SeriesC, SeriesL, SeriesR, ShuntC};
use pmrf::params::{ParamTable, Params};
use pmrf::prelude::*;

fn lowpass(n: usize) -> Cascade<Vec<SeriesL>> {
    Cascade::new(vec![SeriesL::new(3e-9); n])
}

#[test]
fn a_saved_table_round_trips_through_json() {
    let model = lowpass(3);
    let mut params = model.params().unwrap();
    params
        .set_bounds("stages[*].l", 1e-9, 1e-8)
        .unwrap()
        .set_prior("stages[0].l", Prior::normal(3e-9, 1e-10).unwrap())
        .unwrap()
        .tie("stages[2].l", "stages[0].l")
        .unwrap()
        .fix("stages[1].l")
        .unwrap()
        .set_value("stages[0].l", 4e-9)
        .unwrap();
    let json = serde_json::to_string_pretty(&params).unwrap();
    assert!(json.contains("\"name\": \"stages[2].l\""), "{json}");
    assert!(json.contains("\"tied_to\": \"stages[0].l\""), "{json}");
    assert!(json.contains("\"unit\": \"H\""), "{json}");
    let table: ParamTable = serde_json::from_str(&json).unwrap();
    let loaded = Params::load(&model, table).unwrap();
    assert_eq!(loaded, params);
    assert_eq!(loaded.model().stages[2].l, 4e-9);
    // Unbounded ends survive JSON, which has no infinities.
    let open = SeriesR::new(5.0).params().unwrap();
    let json = serde_json::to_string(&open).unwrap();
    let back = Params::load(&SeriesR::new(1.0), serde_json::from_str(&json).unwrap()).unwrap();
    assert_eq!(back, open);
}

#[test]
fn a_table_of_another_layout_is_rejected_on_load() {
    // Same type, another structure: 3 stages saved, 4 loaded.
    let saved = lowpass(3).params().unwrap().table();
    let e = Params::load(&lowpass(4), saved).unwrap_err();
    assert!(matches!(e, Error::Layout(_)), "{e}");
    assert!(e.to_string().contains("stages[3].l"), "{e}");
    let table = lowpass(3).params().unwrap();
    assert!(matches!(
        table.check_layout(&lowpass(2)),
        Err(Error::Layout(_))
    ));
    assert!(table.check_layout(&lowpass(3)).is_ok());
}

#[test]
fn with_params_checks_declarations_and_partitions_check_the_table() {
    // The documented path after re-bounding: partition -> apply.
    let r = SeriesR::new(50.0);
    let mut params = r.params().unwrap();
    params.set_bounds("r", 0.0, 1000.0).unwrap();
    let free = params.partition(&Filter::Free).unwrap();
    assert_eq!(free.apply(&[800.0]).unwrap().r, 800.0);
    assert!(free.apply(&[1500.0]).is_err());
    // Values from constructors are checked where a table is made.
    assert!(matches!(
        SeriesC::new(-1e-12).params(),
        Err(Error::OutOfBounds { .. })
    ));
}

/// The JSON of a one-stage low-pass table with `record` spliced into its only record.
fn one_stage_json(record: &str) -> String {
    format!(
        r#"[{{"name": "stages[0].l", "value": 3e-9, {record}"bounds": [0.0, null],
            "fixed": false, "prior": null}}]"#
    )
}

#[test]
fn a_saved_table_with_an_unknown_field_is_refused() {
    // A typo must not silently leave the parameter free.
    let json = one_stage_json(r#""unit": "H", "scale": 1e-9, "fixd": true, "#);
    let e = serde_json::from_str::<ParamTable>(&json).unwrap_err();
    assert!(e.to_string().contains("unknown field `fixd`"), "{e}");
    // Nor in a prior, nor in metadata saved on their own.
    let json = one_stage_json(r#""prior": {"normal": {"mean": 3e-9, "sd": 1e-10}}, "#)
        .replace(r#", "prior": null"#, "");
    let e = serde_json::from_str::<ParamTable>(&json).unwrap_err();
    assert!(e.to_string().contains("unknown field `sd`"), "{e}");
    let json = r#"{"unit": "F", "scale": 1.0, "bounds": [null, null], "fixed": false,
                   "prior": null, "fixd": true}"#;
    let e = serde_json::from_str::<pmrf::params::ParamMeta>(json).unwrap_err();
    assert!(e.to_string().contains("unknown field `fixd`"), "{e}");
}

#[test]
fn a_saved_table_takes_units_and_scales_from_the_model() {
    let model = lowpass(1);
    // Units and scales may be left out: the model's are used.
    let table: ParamTable = serde_json::from_str(&one_stage_json("")).unwrap();
    let loaded = Params::load(&model, table).unwrap();
    assert_eq!(loaded, model.params().unwrap());
    // A file that disagrees with the model is refused, naming the parameter and both values.
    let table: ParamTable =
        serde_json::from_str(&one_stage_json(r#""unit": "F", "scale": 1e-9, "#)).unwrap();
    let e = Params::load(&model, table).unwrap_err();
    assert!(matches!(e, Error::Layout(_)), "{e}");
    assert_eq!(
        e.to_string(),
        "parameter layout mismatch: `stages[0].l` has unit \"F\" in the table, \
         but the model declares \"H\""
    );
    let table: ParamTable =
        serde_json::from_str(&one_stage_json(r#""unit": "H", "scale": 1e-6, "#)).unwrap();
    let e = Params::load(&model, table).unwrap_err();
    assert_eq!(
        e.to_string(),
        "parameter layout mismatch: `stages[0].l` has scale 1e-6 in the table, \
         but the model declares 1e-9"
    );
}

#[test]
fn a_saved_table_is_checked_like_every_update() {
    let model = lowpass(1);
    // A prior with no mass within the bounds, and a prior or bounds that overflow.
    for (record, says) in [
        (
            r#""bounds": [1e-9, 1e-8], "prior": {"uniform": {"low": 1.0, "high": 2.0}}"#,
            "has no probability within the bounds",
        ),
        (
            r#""bounds": [0.0, null], "prior": {"uniform": {"low": -1e308, "high": 1e308}}"#,
            "overflows",
        ),
        (r#""bounds": [-1e308, 1e308], "prior": null"#, "overflows"),
        (
            r#""bounds": [0.0, null], "prior": {"log_normal": {"mu": 800.0, "sigma": 1.0}}"#,
            "exp(800)",
        ),
    ] {
        let json = format!(
            r#"[{{"name": "stages[0].l", "value": 3e-9, "unit": "H", "scale": 1e-9, "fixed": false, {record}}}]"#
        );
        let e = match serde_json::from_str::<ParamTable>(&json) {
            Err(e) => e.to_string(),
            Ok(table) => Params::load(&model, table).unwrap_err().to_string(),
        };
        assert!(e.contains(says), "{record}: {e}");
    }
}

#[test]
fn priors_and_bounds_that_overflow_f64_are_refused_when_built() {
    let e = Prior::uniform(-1e308, 1e308).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid prior: uniform(-1e308, 1e308): the width 2e308 overflows f64"
    );
    let e = Prior::log_normal(800.0, 1.0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid prior: log_normal(800, 1): mu = 800 puts the median at exp(800), beyond f64"
    );
    let e = Prior::log_normal(-800.0, 1.0).unwrap_err();
    assert!(e.to_string().contains("exp(-800)"), "{e}");
    // Draws reach 9 standard deviations: their values must be numbers too.
    let e = Prior::normal(0.0, 1e308).unwrap_err();
    assert!(e.to_string().contains("beyond f64"), "{e}");
    let e = Prior::log_normal(0.0, 100.0).unwrap_err();
    assert!(e.to_string().contains("beyond f64"), "{e}");
    // Wide but representable priors stay.
    assert!(Prior::uniform(-1e307, 1e307).is_ok());
    assert!(Prior::log_normal(700.0, 1.0).is_ok());
    assert!(Prior::normal(0.0, 1e300).is_ok());
    // Bounds whose width overflows are refused where they are set, saying why.
    let mut params = SeriesR::new(5.0).params().unwrap();
    let before = params.clone();
    let e = params.set_bounds("r", -1e308, 1e308).unwrap_err();
    assert!(matches!(e, Error::InvalidBounds { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "invalid bounds for `r`: [-1e308, 1e308]: the width 2e308 overflows f64"
    );
    assert_eq!(params, before);
    // Half-open and open bounds have no width to overflow.
    params.set_bounds("r", -1e308, f64::INFINITY).unwrap();
    params
        .set_bounds("r", f64::NEG_INFINITY, f64::INFINITY)
        .unwrap();
}

#[test]
fn priors_are_checked_against_the_bounds() {
    let mut params = SeriesR::new(5.0).params().unwrap();
    params.set_bounds("r", 1.0, 10.0).unwrap();
    let before = params.clone();
    let e = params
        .set_prior("r", Prior::uniform(20.0, 30.0).unwrap())
        .unwrap_err();
    assert!(matches!(e, Error::InvalidPrior(_)), "{e}");
    assert_eq!(
        e.to_string(),
        "invalid prior: `r`: uniform(2e1, 3e1) has no probability within the bounds [1, 10]"
    );
    assert_eq!(params, before);
    // And bounds against the prior.
    params
        .set_prior("r", Prior::normal(5.0, 1.0).unwrap())
        .unwrap();
    let e = params.set_bounds("r", 100.0, 200.0).unwrap_err();
    assert!(
        e.to_string().contains("no probability within the bounds"),
        "{e}"
    );
}

#[test]
fn ties_compare_units() {
    let model = Cascade::new((SeriesL::new(3e-9), ShuntC::new(3e-9)));
    let mut params = model.params().unwrap();
    let before = params.clone();
    let e = params.tie("stages[1].c", "stages[0].l").unwrap_err();
    assert!(matches!(e, Error::InvalidTie(_)), "{e}");
    assert_eq!(
        e.to_string(),
        "invalid tie: `stages[1].c` (F) cannot take the value of `stages[0].l` (H): \
         the units differ"
    );
    assert_eq!(params, before);
    // A saved table with such a tie is refused too.
    let json = serde_json::to_string(&params).unwrap().replace(
        "\"name\":\"stages[1].c\"",
        "\"tied_to\":\"stages[0].l\",\"name\":\"stages[1].c\"",
    );
    let table: ParamTable = serde_json::from_str(&json).unwrap();
    assert!(matches!(
        Params::load(&model, table),
        Err(Error::InvalidTie(_))
    ));
}

#[test]
fn an_infinite_value_the_bounds_allow_is_a_value_held_constant() {
    use pmrf::components::ShuntParallelRlc;
    use pmrf::fit::{Fit, Objective, Term};
    // A lossless tank, as the part's docs recommend: r = inf.
    let tank = ShuntParallelRlc::new(f64::INFINITY, 2e-9, 5e-12);
    let params = tank.params().unwrap();
    assert_eq!(params.values(), [f64::INFINITY, 2e-9, 5e-12]);
    assert!(!params.get("r").unwrap().is_free());
    let shown = params.to_string();
    assert!(shown.lines().nth(1).unwrap().contains("inf"), "{shown}");
    assert!(shown.lines().nth(1).unwrap().contains("held"), "{shown}");
    let free = params.partition(&Filter::Free).unwrap();
    assert_eq!(free.names(), ["l", "c"]);
    // No filter selects it: it is not free to vary.
    assert_eq!(params.partition(&Filter::All).unwrap().names(), ["l", "c"]);
    assert_eq!(free.apply(&[3e-9, 4e-12]).unwrap().r, f64::INFINITY);
    // What varies stays finite: a step to infinity is an error, as it always was.
    let e = free.apply(&[f64::INFINITY, 4e-12]).unwrap_err();
    assert_eq!(e.to_string(), "parameter `l` must be finite, got inf");
    // Gradients over the others are finite.
    let g = gradient(&tank, &Filter::Free, |m: &ShuntParallelRlc<Grad>| {
        m.s_at(Grad::from(1.5e9))[1][0].norm_sqr()
    })
    .unwrap();
    assert_eq!(g.len(), 2);
    assert!(g.iter().all(|d| d.is_finite() && *d != 0.0), "{g:?}");
    // A fit tunes the reactances and leaves the tank lossless.
    let freq = Frequency::linspace(0.5, 3.0, 41, FrequencyUnit::GHz).unwrap();
    let data = ShuntParallelRlc::new(f64::INFINITY, 2.2e-9, 4.6e-12)
        .network(&freq)
        .unwrap();
    let fit = Fit::new(&tank, Objective::new().term(Term::new(data)))
        .unwrap()
        .run()
        .unwrap();
    assert_eq!(fit.model().r, f64::INFINITY);
    assert!(
        (fit.model().l / 2.2e-9 - 1.0).abs() < 1e-6,
        "{}",
        fit.model().l
    );
    assert!(
        (fit.model().c / 4.6e-12 - 1.0).abs() < 1e-6,
        "{}",
        fit.model().c
    );
    // Set back to a number, it is free again; NaN stays refused.
    let mut params = params;
    params.set_value("r", 500.0).unwrap();
    assert_eq!(params.partition(&Filter::Free).unwrap().len(), 3);
    params.set_value("r", f64::INFINITY).unwrap();
    assert_eq!(params.partition(&Filter::Free).unwrap().len(), 2);
    // A prior on it does not enter the log prior while it is held at infinity.
    params
        .set_prior("r", Prior::uniform(1.0, 1e6).unwrap())
        .unwrap();
    params
        .set_prior("l", Prior::uniform(1e-9, 3e-9).unwrap())
        .unwrap();
    assert_eq!(params.ln_prior(), -(2e-9f64).ln());
    let e = params.set_value("r", f64::NAN).unwrap_err();
    assert!(matches!(e, Error::NonFinite { .. }), "{e}");
    assert_eq!(e.to_string(), "parameter `r` must be a number, got NaN");
}

#[test]
fn an_infinite_value_outside_the_bounds_is_refused() {
    let r = SeriesR::new(5.0);
    let mut params = r.params().unwrap();
    params.set_bounds("r", 0.0, 1000.0).unwrap();
    let e = params.set_value("r", f64::INFINITY).unwrap_err();
    assert_eq!(
        e.to_string(),
        "parameter `r` = inf is outside its bounds [0, 1000]"
    );
    let e = SeriesR::new(f64::NEG_INFINITY).params().unwrap_err();
    assert!(matches!(e, Error::OutOfBounds { .. }), "{e}");
}

#[test]
fn an_infinite_value_survives_a_saved_table() {
    use pmrf::components::ShuntParallelRlc;
    let tank = ShuntParallelRlc::new(f64::INFINITY, 2e-9, 5e-12);
    let params = tank.params().unwrap();
    let json = serde_json::to_string(&params).unwrap();
    assert!(json.contains("\"value\":\"inf\""), "{json}");
    let table: ParamTable = serde_json::from_str(&json).unwrap();
    let loaded = Params::load(&ShuntParallelRlc::new(1.0, 1e-9, 1e-12), table).unwrap();
    assert_eq!(loaded, params);
    // Integers are numbers too; other text is refused, saying what is expected.
    let json = json.replace("\"value\":\"inf\"", "\"value\":50");
    let table: ParamTable = serde_json::from_str(&json).unwrap();
    assert_eq!(Params::load(&tank, table).unwrap().values()[0], 50.0);
    let json = json.replace("\"value\":50", "\"value\":\"infinity\"");
    let e = serde_json::from_str::<ParamTable>(&json).unwrap_err();
    assert!(
        e.to_string()
            .contains("invalid value: string \"infinity\", expected a number, \"inf\" or \"-inf\""),
        "{e}"
    );
}

#[test]
fn the_owned_forms_build_the_same_table_in_one_expression() {
    let model = lowpass(3);
    let chained = model
        .params()
        .unwrap()
        .bounded("stages[*].l", 1e-9..=1e-8)
        .unwrap()
        .with_prior("stages[0].l", Prior::normal(3e-9, 1e-10).unwrap())
        .unwrap()
        .tied("stages[2].l", "stages[0].l")
        .unwrap()
        .fixed("stages[1].l")
        .unwrap();
    let mut stepped = model.params().unwrap();
    stepped
        .set_bounds("stages[*].l", 1e-9, 1e-8)
        .unwrap()
        .set_prior("stages[0].l", Prior::normal(3e-9, 1e-10).unwrap())
        .unwrap()
        .tie("stages[2].l", "stages[0].l")
        .unwrap()
        .fix("stages[1].l")
        .unwrap();
    assert_eq!(chained, stepped);
    assert_eq!(
        chained.get("stages[1].l").unwrap().meta().bounds(),
        (1e-9, 1e-8)
    );
    assert!(chained.get("stages[1].l").unwrap().meta().is_fixed());
    assert_eq!(
        chained.partition(&Filter::Free).unwrap().names(),
        ["stages[0].l"]
    );
    // An infinite end is no bound on that side.
    let open = model
        .params()
        .unwrap()
        .bounded("stages[0].l", 0.0..=f64::INFINITY)
        .unwrap();
    assert_eq!(
        open.get("stages[0].l").unwrap().meta().bounds(),
        (0.0, f64::INFINITY)
    );
}

#[test]
fn the_owned_forms_refuse_what_the_mut_forms_refuse() {
    let params = || lowpass(2).params().unwrap();
    let message = |r: pmrf::Result<Params<_>>| r.unwrap_err().to_string();
    // A reversed, a one-point or a NaN range.
    for bounds in [1e-8..=1e-9, 3e-9..=3e-9, f64::NAN..=1e-8] {
        let err = message(params().bounded("stages[0].l", bounds.clone()));
        assert!(err.contains("stages[0].l"), "{bounds:?}: {err}");
        assert!(matches!(
            params().bounded("stages[0].l", bounds),
            Err(Error::InvalidBounds { .. })
        ));
    }
    // Bounds the current value (3 nH) lies outside of.
    assert!(matches!(
        params().bounded("stages[*].l", 5e-9..=1e-8),
        Err(Error::OutOfBounds { .. })
    ));
    // A pattern that names nothing.
    let err = message(params().fixed("stages[7].l"));
    assert!(
        err.contains("stages[7].l") && err.contains("stages[0].l"),
        "{err}"
    );
    let err = message(params().tied("stages[1].l", "stages[1].l"));
    assert!(err.contains("itself"), "{err}");
}
