//! Parameter tables as the one source of per-instance state: saved and loaded, bound to their
//! model by type and by name.

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
