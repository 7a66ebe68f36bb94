//! Batches: construction, sampling, parallel evaluation and maps.

use pmrf::components::{SeriesC, SeriesL, SeriesR, ShuntC};
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

// ---- Evaluation into reused buffers and in chunks ------------------------------------------

use pmrf::Complex;
use pmrf::batch::BatchSampler;
use pmrf::ndarray::{Array4, ArrayView4, Axis, ShapeBuilder, s};

/// The bit patterns of every element, so that NaN (a Z that does not exist) compares too.
fn bits(a: ArrayView4<Complex<f64>>) -> Vec<(u64, u64)> {
    a.iter().map(|z| (z.re.to_bits(), z.im.to_bits())).collect()
}

/// 1000 members (several internal chunks of 256, not a multiple of them) of a 2-stage cascade.
fn lowpass_batch() -> Batch<Cascade<(SeriesL, ShuntC)>> {
    let template = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12)));
    let values = Array2::from_shape_fn((1000, 2), |(i, j)| {
        if j == 0 {
            1e-9 + i as f64 * 1e-12
        } else {
            1e-12 + i as f64 * 1e-15
        }
    });
    Batch::from_values(&template, values).unwrap()
}

#[test]
fn evaluation_into_a_buffer_is_identical_to_fresh_evaluation() {
    let batch = lowpass_batch();
    let f = freq();
    let mut out = Array4::from_elem((1000, 100, 2, 2), Complex::new(f64::NAN, 7.0));
    batch.s_into(&f, out.view_mut()).unwrap();
    assert_eq!(bits(out.view()), bits(batch.s(&f).unwrap().view()));
    batch.z_into(&f, out.view_mut()).unwrap();
    assert_eq!(bits(out.view()), bits(batch.z(&f).unwrap().view()));
    batch.y_into(&f, out.view_mut()).unwrap();
    assert_eq!(bits(out.view()), bits(batch.y(&f).unwrap().view()));
    batch.abcd_into(&f, out.view_mut()).unwrap();
    assert_eq!(bits(out.view()), bits(batch.abcd(&f).unwrap().view()));
    // A series element has no Z: NaN is written where it is NaN in `z`, too.
    let caps = Batch::from_values(&SeriesC::new(1e-12), array![[1e-12], [2e-12]]).unwrap();
    let mut z = Array4::zeros((2, 100, 2, 2));
    caps.z_into(&f, z.view_mut()).unwrap();
    assert!(z.iter().any(|v| v.re.is_nan()));
    assert_eq!(bits(z.view()), bits(caps.z(&f).unwrap().view()));
}

#[test]
fn evaluation_into_strided_views_writes_only_the_view() {
    let batch = lowpass_batch();
    let f = freq();
    let fresh = batch.s(&f).unwrap();
    // Every other member slot of a larger buffer: not contiguous.
    let marker = Complex::new(-3.0, -4.0);
    let mut big = Array4::from_elem((2000, 100, 2, 2), marker);
    batch
        .s_into(&f, big.slice_mut(s![..;2, .., .., ..]))
        .unwrap();
    assert_eq!(bits(big.slice(s![..;2, .., .., ..])), bits(fresh.view()));
    assert!(
        big.slice(s![1..;2, .., .., ..])
            .iter()
            .all(|&v| v == marker)
    );
    // A Fortran-order (transposed) buffer.
    let mut fortran = Array4::zeros((1000, 100, 2, 2).f());
    batch.s_into(&f, fortran.view_mut()).unwrap();
    assert_eq!(bits(fortran.view()), bits(fresh.view()));
    // The first members of a larger contiguous buffer (the fast path).
    let mut longer = Array4::from_elem((1500, 100, 2, 2), marker);
    batch
        .s_into(&f, longer.slice_mut(s![..1000, .., .., ..]))
        .unwrap();
    assert_eq!(
        bits(longer.slice(s![..1000, .., .., ..])),
        bits(fresh.view())
    );
    assert!(
        longer
            .slice(s![1000.., .., .., ..])
            .iter()
            .all(|&v| v == marker)
    );
}

#[test]
fn wrong_output_shapes_are_errors_and_change_nothing() {
    let batch = lowpass_batch();
    let f = freq();
    let marker = Complex::new(1.5, -2.5);
    for shape in [
        (999, 100, 2, 2),
        (1001, 100, 2, 2),
        (1000, 99, 2, 2),
        (1000, 100, 1, 2),
        (1000, 100, 2, 3),
        (0, 0, 0, 0),
    ] {
        let mut out = Array4::from_elem(shape, marker);
        assert!(matches!(
            batch.s_into(&f, out.view_mut()),
            Err(Error::Shape(_))
        ));
        assert!(matches!(
            batch.z_into(&f, out.view_mut()),
            Err(Error::Shape(_))
        ));
        assert!(matches!(
            batch.y_into(&f, out.view_mut()),
            Err(Error::Shape(_))
        ));
        assert!(matches!(
            batch.abcd_into(&f, out.view_mut()),
            Err(Error::Shape(_))
        ));
        assert!(out.iter().all(|&v| v == marker), "{shape:?}");
    }
    // An empty batch fills an empty buffer.
    let empty = Batch::from_values(&SeriesC::new(1e-12), Array2::zeros((0, 1))).unwrap();
    empty
        .s_into(&f, Array4::zeros((0, 100, 2, 2)).view_mut())
        .unwrap();
}

/// Runs `s_chunks` and checks the chunks: consecutive offsets, at most `chunk` members each,
/// all but the last full; returns their concatenation.
fn chunked<M>(batch: &Batch<M>, f: &Frequency, chunk: usize) -> Array4<Complex<f64>>
where
    M: Model<Scalar = f64> + Component<2>,
{
    let mut parts: Vec<Array4<Complex<f64>>> = Vec::new();
    let mut next = 0;
    batch
        .s_chunks(f, chunk, |offset, s| {
            assert_eq!(offset, next);
            assert!(s.len_of(Axis(0)) >= 1 && s.len_of(Axis(0)) <= chunk);
            if let Some(last) = parts.last() {
                assert_eq!(last.len_of(Axis(0)), chunk, "only the last chunk is short");
            }
            next += s.len_of(Axis(0));
            parts.push(s.to_owned());
            Ok::<(), Error>(())
        })
        .unwrap();
    assert_eq!(next, batch.len());
    if parts.is_empty() {
        // An empty batch calls nothing (ndarray cannot concatenate no arrays).
        return Array4::zeros((0, f.len(), 2, 2));
    }
    let views: Vec<_> = parts.iter().map(|p| p.view()).collect();
    pmrf::ndarray::concatenate(Axis(0), &views).unwrap()
}

#[test]
fn chunked_evaluation_is_identical_to_fresh_evaluation_at_every_chunk_size() {
    let batch = lowpass_batch();
    let f = freq();
    let fresh = bits(batch.s(&f).unwrap().view());
    // chunk 1, a divisor, not a divisor, the internal parallel chunk and around it, the whole
    // batch, and more than the batch.
    for chunk in [1, 7, 100, 255, 256, 257, 300, 999, 1000, 1001, 1 << 40] {
        assert_eq!(
            bits(chunked(&batch, &f, chunk).view()),
            fresh,
            "chunk {chunk}"
        );
    }
    // An empty batch calls nothing.
    let empty = Batch::from_values(&SeriesC::new(1e-12), Array2::zeros((0, 1))).unwrap();
    empty
        .s_chunks(&f, 10, |_, _| -> Result<(), Error> {
            panic!("no chunk in an empty batch")
        })
        .unwrap();
}

#[test]
fn chunked_evaluation_reports_bad_chunks_and_stops_at_the_callers_error() {
    let batch = lowpass_batch();
    let f = freq();
    assert!(matches!(
        batch.s_chunks(&f, 0, |_, _| Ok::<(), Error>(())),
        Err(Error::Shape(_))
    ));
    // The caller's own error type, convertible from pmrf's.
    #[derive(Debug)]
    enum Mine {
        Stop(usize),
        Pmrf,
    }
    impl From<Error> for Mine {
        fn from(_: Error) -> Self {
            Mine::Pmrf
        }
    }
    let mut calls = 0;
    let result = batch.s_chunks(&f, 100, |offset, _| {
        calls += 1;
        if offset >= 300 {
            Err(Mine::Stop(offset))
        } else {
            Ok(())
        }
    });
    assert!(matches!(result, Err(Mine::Stop(300))));
    assert_eq!(calls, 4);
    assert!(matches!(
        batch.s_chunks(&f, 0, |_, _| Ok::<(), Mine>(())),
        Err(Mine::Pmrf)
    ));
}

fn capacitor_params() -> Params<SeriesC> {
    let mut params = SeriesC::new(1e-12).params().unwrap();
    params
        .set_prior("c", Prior::uniform(1e-12, 5e-12).unwrap())
        .unwrap();
    params
}

#[test]
fn a_sampler_draws_the_members_of_batch_sample_in_pieces() {
    let params = capacitor_params();
    let whole = Batch::sample(&params, &Filter::Free, 1000, 9).unwrap();
    let mut sampler = BatchSampler::new(&params, &Filter::Free, 9).unwrap();
    let mut start = 0;
    for n in [1, 0, 255, 300, 444] {
        assert_eq!(sampler.drawn(), start);
        let piece = sampler.draw(n).unwrap();
        assert_eq!(
            piece.values(),
            whole.values().slice(s![start..start + n, ..])
        );
        start += n;
    }
    assert_eq!(sampler.drawn(), 1000);
    // A cascade with a tie: the follower follows in every piece, as in `Batch::sample`.
    let two = Cascade::new((SeriesL::new(3e-9), SeriesL::new(3e-9)));
    let mut params = two.params().unwrap();
    params
        .set_prior("stages[0].l", Prior::uniform(1e-9, 4e-9).unwrap())
        .unwrap()
        .tie("stages[1].l", "stages[0].l")
        .unwrap();
    let whole = Batch::sample(&params, &Filter::Free, 50, 3).unwrap();
    let mut sampler = BatchSampler::new(&params, &Filter::Free, 3).unwrap();
    let (a, b) = (sampler.draw(20).unwrap(), sampler.draw(30).unwrap());
    assert_eq!(a.values(), whole.values().slice(s![..20, ..]));
    assert_eq!(b.values(), whole.values().slice(s![20.., ..]));
    assert_eq!(b.values().column(0), b.values().column(1));
    // Nothing to sample from.
    assert!(matches!(
        BatchSampler::new(&SeriesC::new(1e-12), &Filter::Free, 0),
        Err(Error::NotSampleable { .. })
    ));
}

#[test]
fn a_sampler_streams_the_s_parameters_of_batch_sample() {
    let params = capacitor_params();
    let f = freq();
    let n = 1000;
    let fresh = Batch::sample(&params, &Filter::Free, n, 11)
        .unwrap()
        .s(&f)
        .unwrap();
    for chunk in [1, 300, 1000, 5000] {
        let mut sampler = BatchSampler::new(&params, &Filter::Free, 11)
            .unwrap()
            .with_progress(false);
        let mut out = Array4::zeros((n, 100, 2, 2));
        let mut next = 0;
        sampler
            .s_chunks(n, &f, chunk, |offset, s| {
                assert_eq!(offset, next);
                next += s.len_of(Axis(0));
                out.slice_mut(s![offset..next, .., .., ..]).assign(&s);
                Ok::<(), Error>(())
            })
            .unwrap();
        assert_eq!(next, n);
        assert_eq!(sampler.drawn(), n);
        assert_eq!(bits(out.view()), bits(fresh.view()), "chunk {chunk}");
    }
    // The stream goes on where it stopped: two runs of 500 are the batch of 1000.
    let mut sampler = BatchSampler::new(&params, &Filter::Free, 11).unwrap();
    let mut out = Array4::zeros((n, 100, 2, 2));
    for _ in 0..2 {
        let base = sampler.drawn();
        sampler
            .s_chunks(500, &f, 128, |offset, s| {
                let start = base + offset;
                out.slice_mut(s![start..start + s.len_of(Axis(0)), .., .., ..])
                    .assign(&s);
                Ok::<(), Error>(())
            })
            .unwrap();
    }
    assert_eq!(bits(out.view()), bits(fresh.view()));
    assert!(matches!(
        sampler.s_chunks(10, &f, 0, |_, _| Ok::<(), Error>(())),
        Err(Error::Shape(_))
    ));
}

mod chunk_boundaries {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any batch length and chunk size: the chunks are the batch, bit for bit, and the
        /// sampler's pieces are `Batch::sample`'s members.
        #[test]
        fn chunks_of_any_size_are_the_batch(n in 0usize..700, chunk in 1usize..800, seed in 0u64..1000) {
            let f = Frequency::linspace(0.1, 3.0, 5, FrequencyUnit::GHz).unwrap();
            let params = capacitor_params();
            let batch = Batch::sample(&params, &Filter::Free, n, seed).unwrap();
            let fresh = batch.s(&f).unwrap();
            prop_assert_eq!(bits(chunked(&batch, &f, chunk).view()), bits(fresh.view()));
            let mut sampler = BatchSampler::new(&params, &Filter::Free, seed).unwrap();
            let mut streamed = Array4::zeros((n, 5, 2, 2));
            sampler
                .s_chunks(n, &f, chunk, |offset, s| {
                    streamed
                        .slice_mut(s![offset..offset + s.len_of(Axis(0)), .., .., ..])
                        .assign(&s);
                    Ok::<(), Error>(())
                })
                .unwrap();
            prop_assert_eq!(bits(streamed.view()), bits(fresh.view()));
        }
    }
}
