//! Batches: construction, sampling, parallel evaluation and maps.

use ndarray::{Array2, array};
use pmrf::prelude::*;

fn freq() -> Frequency {
    Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz).unwrap()
}

#[test]
fn batch_s_equals_member_by_member_evaluation() {
    let template = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12)));
    let n = 1000; // several chunks
    let values = Array2::from_shape_fn((n, 2), |(i, j)| {
        if j == 0 {
            1e-9 + i as f64 * 1e-12
        } else {
            1e-12 + i as f64 * 1e-15
        }
    });
    let batch = Batch::from_values(&template, values).unwrap();
    let s = batch.s(&freq());
    assert_eq!(s.shape(), [n, 100, 2, 2]);
    for i in [0, 1, 255, 256, 257, 999] {
        let member = batch.member(i).unwrap();
        assert_eq!(s.index_axis(ndarray::Axis(0), i), member.s(&freq()));
    }
    assert!(batch.member(n).is_none());
}

#[test]
fn sampling_is_reproducible_and_respects_priors_and_bounds() {
    let cap = SeriesC::new(1e-12);
    let mut params = cap.params();
    params
        .set_prior("c", Prior::uniform(1e-12, 5e-12).unwrap())
        .unwrap();
    let a = Batch::sample(&cap, &params, &Filter::Free, 500, 42).unwrap();
    let b = Batch::sample(&cap, &params, &Filter::Free, 500, 42).unwrap();
    let c = Batch::sample(&cap, &params, &Filter::Free, 500, 43).unwrap();
    assert_eq!(a.values(), b.values());
    assert_ne!(a.values(), c.values());
    assert!(a.values().iter().all(|&x| (1e-12..5e-12).contains(&x)));

    // A normal prior truncated by bounds never leaves them.
    params
        .set_prior("c", Prior::normal(2e-12, 1e-12).unwrap())
        .unwrap();
    assert!(params.set_bounds("c", 1.5e-12, 2.5e-12).is_err()); // the value 1 pF lies outside
    params.set_value("c", 2e-12).unwrap();
    params.set_bounds("c", 1.5e-12, 2.5e-12).unwrap();
    let t = Batch::sample(&cap, &params, &Filter::Free, 2000, 1).unwrap();
    assert!(t.values().iter().all(|&x| (1.5e-12..=2.5e-12).contains(&x)));
}

#[test]
fn sampling_varies_only_the_selection_and_follows_ties() {
    let model = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesL::new(3e-9)));
    let mut params = model.params();
    params.set_bounds("*.l", 1e-9, 5e-9).unwrap();
    params.tie("stages[2].l", "stages[0].l").unwrap();
    let batch = Batch::sample(&model, &params, &Filter::glob("*.l"), 100, 7).unwrap();
    for row in batch.values().rows() {
        assert_eq!(row[1], 2e-12);
        assert_eq!(row[0], row[2]);
        assert!((1e-9..5e-9).contains(&row[0]));
    }
    assert_eq!(batch.names(), ["stages[0].l", "stages[1].c", "stages[2].l"]);
}

#[test]
fn bad_input_is_an_error() {
    let cap = SeriesC::new(1e-12);
    assert!(matches!(
        Batch::from_values(&cap, Array2::zeros((3, 2))),
        Err(Error::ParamCount {
            expected: 1,
            got: 2
        })
    ));
    assert!(matches!(
        Batch::from_values(&cap, array![[1e-12], [f64::NAN]]),
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(
        Batch::from_values(&cap, array![[-1e-12]]),
        Err(Error::OutOfBounds { .. })
    ));
    // Neither prior nor finite bounds: nothing to sample from.
    assert!(matches!(
        Batch::sample(&cap, &cap.params(), &Filter::Free, 3, 0),
        Err(Error::NotSampleable { .. })
    ));
    let empty = Batch::from_values(&cap, Array2::zeros((0, 1))).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.s(&freq()).shape(), [0, 100, 2, 2]);
}

#[test]
fn maps_run_over_every_member_in_order() {
    let n = 700;
    let values = Array2::from_shape_fn((n, 1), |(i, _)| (i + 1) as f64);
    let batch = Batch::from_values(&SeriesR::new(1.0), values).unwrap();
    assert_eq!(
        batch.map(|m| m.r),
        (1..=n).map(|i| i as f64).collect::<Vec<_>>()
    );
    let s11 = batch.map_s(&freq(), |s| s[[0, 0, 0]].re);
    for (i, v) in s11.iter().enumerate() {
        let r = (i + 1) as f64;
        assert!((v - r / (r + 100.0)).abs() < 1e-15);
    }
}
