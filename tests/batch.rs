//! Batches: construction, sampling, parallel evaluation and maps.

use pmrf::ndarray::{Array2, array};
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
    let s = batch.s(&freq()).unwrap();
    assert_eq!(s.shape(), [n, 100, 2, 2]);
    for i in [0, 1, 255, 256, 257, 999] {
        let member = batch.member(i).unwrap();
        assert_eq!(s.index_axis(pmrf::ndarray::Axis(0), i), member.s(&freq()));
    }
    assert!(batch.member(n).is_none());
}

#[test]
fn sampling_is_reproducible_and_respects_priors_and_bounds() {
    let cap = SeriesC::new(1e-12);
    let mut params = cap.params().unwrap();
    params
        .set_prior("c", Prior::uniform(1e-12, 5e-12).unwrap())
        .unwrap();
    let a = Batch::sample(&params, &Filter::Free, 500, 42).unwrap();
    let b = Batch::sample(&params, &Filter::Free, 500, 42).unwrap();
    let c = Batch::sample(&params, &Filter::Free, 500, 43).unwrap();
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
    let t = Batch::sample(&params, &Filter::Free, 2000, 1).unwrap();
    assert!(t.values().iter().all(|&x| (1.5e-12..=2.5e-12).contains(&x)));

    // Little prior mass within the bounds (8-9 sigma: 6e-16 of it) still samples: the truncated
    // prior is drawn by inverse CDF, not by rejection with a cap that depends on the batch size.
    params.set_bounds("c", 0.0, 1e-10).unwrap();
    params.set_value("c", 10.5e-12).unwrap();
    params.set_bounds("c", 10e-12, 11e-12).unwrap();
    let tail = Batch::sample(&params, &Filter::Free, 5000, 3).unwrap();
    assert!(
        tail.values()
            .iter()
            .all(|&x| (10e-12..=11e-12).contains(&x))
    );
    // Most of a far tail's mass sits at its near end.
    let below = tail.values().iter().filter(|&&x| x < 10.3e-12).count();
    assert!(below > 4300, "{below}"); // about 1 - e^(-8 * 0.3) = 91 %
}

#[test]
fn sampling_varies_only_the_selection_and_follows_ties() {
    let model = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesL::new(3e-9)));
    let mut params = model.params().unwrap();
    params.set_bounds("*.l", 1e-9, 5e-9).unwrap();
    params.tie("stages[2].l", "stages[0].l").unwrap();
    let batch = Batch::sample(&params, &Filter::glob("*.l"), 100, 7).unwrap();
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
        Batch::sample(&cap, &Filter::Free, 3, 0),
        Err(Error::NotSampleable { .. })
    ));
    let empty = Batch::from_values(&cap, Array2::zeros((0, 1))).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.s(&freq()).unwrap().shape(), [0, 100, 2, 2]);
    // Absurd sizes are errors, not capacity panics.
    let mut params = cap.params().unwrap();
    params.set_bounds("c", 0.0, 1e-9).unwrap();
    assert!(matches!(
        Batch::sample(&params, &Filter::Free, usize::MAX / 2, 0),
        Err(Error::TooLarge(_))
    ));
}

#[test]
fn members_are_checked_against_the_table_they_come_from() {
    // Values from a struct literal are checked where bounds matter: a fixed r = 500 ohm whose
    // declared bounds are 0-100 ohm is not sampled around.
    #[derive(Model, Clone, Debug)]
    struct Lossy<T: Scalar = f64> {
        #[param(unit = "ohm", bounds = (0.0, 100.0), fixed)]
        r: T,
        #[param(unit = "F", bounds = (0.0, 1e-9))]
        c: T,
    }
    let bad = Lossy { r: 500.0, c: 1e-12 };
    assert!(matches!(
        Batch::sample(&bad, &Filter::Free, 10, 0),
        Err(Error::OutOfBounds { .. })
    ));
    // Per-instance bounds govern explicit rows and partitions alike.
    let model = Lossy { r: 50.0, c: 1e-12 };
    let mut params = model.params().unwrap();
    params.set_bounds("r", 0.0, 1000.0).unwrap();
    assert!(Batch::from_values(&params, array![[500.0, 1e-12]]).is_ok());
    assert!(Batch::from_values(&model, array![[500.0, 1e-12]]).is_err());
    let r = params.partition(&Filter::glob("r")).unwrap();
    let batch = Batch::from_partition(&r, array![[700.0], [900.0]].view()).unwrap();
    assert_eq!(batch.member(1).unwrap().r, 900.0);
    assert!(Batch::from_partition(&r, array![[2000.0]].view()).is_err());
    // Ties: a follower that would leave its bounds makes the row an error.
    let two = Cascade::new((SeriesL::new(3e-9), SeriesL::new(3e-9)));
    let mut params = two.params().unwrap();
    params
        .set_bounds("stages[1].l", 0.0, 4e-9)
        .unwrap()
        .tie("stages[1].l", "stages[0].l")
        .unwrap();
    let free = params.partition(&Filter::Free).unwrap();
    assert!(Batch::from_partition(&free, array![[3.5e-9]].view()).is_ok());
    assert!(matches!(
        Batch::from_partition(&free, array![[5e-9]].view()),
        Err(Error::InvalidTie(_))
    ));
}

#[test]
fn z_y_and_abcd_of_a_batch_match_its_members() {
    let template = Cascade::new((SeriesR::new(10.0), ShuntC::new(1e-12)));
    let batch = Batch::from_values(&template, array![[10.0, 1e-12], [20.0, 2e-12]]).unwrap();
    let f = freq();
    let (z, y, a) = (
        batch.z(&f).unwrap(),
        batch.y(&f).unwrap(),
        batch.abcd(&f).unwrap(),
    );
    for i in 0..2 {
        let m = batch.member(i).unwrap();
        assert_eq!(z.index_axis(pmrf::ndarray::Axis(0), i), m.z(&f));
        assert_eq!(y.index_axis(pmrf::ndarray::Axis(0), i), m.y(&f));
        assert_eq!(a.index_axis(pmrf::ndarray::Axis(0), i), m.abcd(&f));
    }
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
