//! Algebra on `Network` data (`pmrf-core/src/network/data/ops/`) against scikit-rf 2.2.0 on the
//! measured files it ships and on synthetic networks with complex per-port references
//! (`tests/fixtures/network_ops.json`, made by `scripts/gen_network_ops_fixtures.py`), the
//! recovery of a known DUT by de-embedding, and the error cases.

use std::collections::BTreeMap;
use std::path::Path;

use pmrf::ndarray::{Array2, Array3};
use pmrf::network::reference;
use pmrf::num_complex::Complex64;
use pmrf::prelude::*;
use serde_json::Value;

/// Agreement required with scikit-rf, relative to `max(1, |expected|)`.
const TOL: f64 = 1e-12;

struct Fixture {
    json: Value,
    networks: BTreeMap<String, Network>,
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn array2(re: &Value, im: &Value) -> Array2<Complex64> {
    let rows: Vec<Vec<Complex64>> = (re.as_array().unwrap().iter().zip(im.as_array().unwrap()))
        .map(|(r, i)| {
            floats(r)
                .into_iter()
                .zip(floats(i))
                .map(|(a, b)| Complex64::new(a, b))
                .collect()
        })
        .collect();
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(a, b)| rows[a][b])
}

/// A network written out by the generator (`f`, `s_re`, `s_im`, `z0_re`, `z0_im`).
fn decode(v: &Value) -> Network {
    let freq = Frequency::from_hz(floats(&v["f"])).unwrap();
    let (re, im) = (v["s_re"].as_array().unwrap(), v["s_im"].as_array().unwrap());
    let n = re[0].as_array().unwrap().len();
    let mut s = Array3::zeros((re.len(), n, n));
    for (k, (r, i)) in re.iter().zip(im).enumerate() {
        s.slice_mut(pmrf::ndarray::s![k, .., ..])
            .assign(&array2(r, i));
    }
    let z0 = array2(&v["z0_re"], &v["z0_im"]);
    let net = Network::new(freq, s, z0).unwrap();
    match v["name"].as_str() {
        Some(name) => net.with_name(name),
        None => net,
    }
}

fn fixture() -> Fixture {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/fixtures/network_ops.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let networks = (json["networks"].as_object().unwrap().iter())
        .map(|(key, v)| {
            let net = match v["file"].as_str() {
                Some(file) => Network::from_touchstone(root.join(file)).unwrap(),
                None => decode(v),
            };
            (key.clone(), net)
        })
        .collect();
    Fixture { json, networks }
}

/// The largest deviation of `got` from `want` in S and z0, relative to `max(1, |want|)`,
/// after checking shapes and grids.
fn deviation(case: &str, got: &Network, want: &Network) -> f64 {
    assert_eq!(got.s().dim(), want.s().dim(), "{case}: shape");
    for (a, b) in got.frequency().hz().iter().zip(want.frequency().hz()) {
        assert!((a - b).abs() <= 1e-9 * b.abs(), "{case}: grid {a} vs {b}");
    }
    let rel = |a: &Complex64, b: &Complex64| (a - b).norm() / b.norm().max(1.0);
    let s = (got.s().iter().zip(want.s()))
        .map(|(a, b)| rel(a, b))
        .fold(0.0, f64::max);
    let z = (got.z0().iter().zip(want.z0()))
        .map(|(a, b)| rel(a, b))
        .fold(0.0, f64::max);
    s.max(z)
}

/// Runs every case of operation `op` and returns its largest deviation from scikit-rf.
fn check(op: &str) -> f64 {
    let fx = fixture();
    let net = |v: &Value| fx.networks[v.as_str().unwrap()].clone();
    let mut worst = 0.0f64;
    let mut count = 0;
    for (case, c) in fx.json["cases"].as_object().unwrap() {
        if c["op"] != op {
            continue;
        }
        count += 1;
        let inputs = c["inputs"].as_array().unwrap();
        let all: Vec<Network> = inputs.iter().filter(|v| !v.is_null()).map(net).collect();
        let args = &c["args"];
        let port = |name: &str| args[name].as_u64().unwrap() as usize;
        let ports = |name: &str| -> Vec<usize> {
            floats(&args[name])
                .into_iter()
                .map(|p| p as usize)
                .collect()
        };
        let before = all.clone();
        if op == "covariance" {
            let got = Network::covariance(&all).unwrap();
            let want = &c["cov"];
            for (f, m) in got.outer_iter().enumerate() {
                for ((i, j), v) in m.indexed_iter() {
                    let w = want[f][i][j].as_f64().unwrap();
                    worst = worst.max((v - w).abs() / w.abs().max(1.0));
                }
            }
        } else {
            let got = match op {
                "cascade" => all[0].cascade(&all[1]),
                "connect" => all[0].connect(port("k"), &all[1], port("l")),
                "inner_connect" => all[0].inner_connect(port("k"), port("l")),
                "inverse" => all[0].inverse(),
                "deembed" => {
                    let side = |i: usize| (!inputs[i].is_null()).then(|| net(&inputs[i]));
                    net(&inputs[0]).deembed(side(1).as_ref(), side(2).as_ref())
                }
                "renormalized" => {
                    let waves = match args["waves"].as_str().unwrap() {
                        "power" => WaveDef::Power,
                        _ => WaveDef::Pseudo,
                    };
                    all[0].renormalized(&array2(&args["z0_re"], &args["z0_im"]), waves)
                }
                "subnetwork" => all[0].subnetwork(&ports("ports")),
                "renumbered" => all[0].renumbered(&ports("order")),
                "flipped" => all[0].flipped(),
                "from_oneports" => Network::from_oneports(&all),
                "stitched" => all[0].stitched(&all[1]),
                "mean" => Network::mean(&all),
                "std" => Network::std(&all),
                other => panic!("unknown op {other}"),
            }
            .unwrap_or_else(|e| panic!("{case}: {e}"));
            let want = decode(&c["expect"]);
            let d = deviation(case, &got, &want);
            assert!(d <= TOL, "{case}: deviates from scikit-rf by {d:e}");
            worst = worst.max(d);
        }
        assert_eq!(all, before, "{case}: the inputs changed");
    }
    assert!(count > 0, "no case of {op}");
    eprintln!("| {op} | {count} cases | {worst:.1e} |");
    assert!(worst <= TOL, "{op}: {worst:e}");
    worst
}

#[test]
fn cascade_matches_skrf() {
    check("cascade");
}

#[test]
fn connect_matches_skrf() {
    check("connect");
}

#[test]
fn inner_connect_matches_skrf() {
    check("inner_connect");
}

#[test]
fn inverse_matches_skrf() {
    check("inverse");
}

#[test]
fn deembed_matches_skrf() {
    check("deembed");
}

#[test]
fn renormalized_matches_skrf() {
    check("renormalized");
}

#[test]
fn port_selection_matches_skrf() {
    for op in ["subnetwork", "renumbered", "flipped"] {
        check(op);
    }
}

#[test]
fn combining_and_stitching_match_skrf() {
    check("from_oneports");
    check("stitched");
}

#[test]
fn statistics_match_skrf() {
    check("mean");
    check("std");
    check("covariance");
}

fn c(re: f64, im: f64) -> Complex64 {
    Complex64::new(re, im)
}

/// A seeded random `n`-port over `freq` with S of norm about 0.5.
fn random(freq: &Frequency, n: usize, seed: u64) -> Network {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let s = Array3::from_shape_fn((freq.len(), n, n), |_| c(next(), next()) * (1.0 / n as f64));
    Network::from_s(freq.clone(), s).unwrap()
}

fn grid() -> Frequency {
    Frequency::linspace(1.0, 5.0, 7, FrequencyUnit::GHz).unwrap()
}

fn max_diff(a: &Network, b: &Network) -> f64 {
    (a.s().iter().zip(b.s()))
        .map(|(x, y)| (x - y).norm())
        .fold(0.0, f64::max)
}

/// A fixture with some transmission: a random 2-port plus a thru.
fn fixture_2port(seed: u64) -> Network {
    let net = random(&grid(), 2, seed);
    let mut s = net.s().clone();
    for k in 0..s.dim().0 {
        s[[k, 0, 1]] += 0.5;
        s[[k, 1, 0]] += 0.5;
    }
    Network::from_s(grid(), s).unwrap()
}

#[test]
fn deembedding_recovers_a_known_dut() {
    let (left, right) = (
        fixture_2port(1).with_name("left"),
        fixture_2port(2).with_name("right"),
    );
    let dut = random(&grid(), 2, 3).with_name("dut");
    let measured = left.cascade(&dut).unwrap().cascade(&right).unwrap();
    let back = measured.deembed(Some(&left), Some(&right)).unwrap();
    assert!(max_diff(&back, &dut) < 1e-12, "{}", max_diff(&back, &dut));
    let back = left
        .cascade(&dut)
        .unwrap()
        .deembed(Some(&left), None)
        .unwrap();
    assert!(max_diff(&back, &dut) < 1e-12);
    let back = dut
        .cascade(&right)
        .unwrap()
        .deembed(None, Some(&right))
        .unwrap();
    assert!(max_diff(&back, &dut) < 1e-12);

    // Differential (4-port) fixtures, ports 0-1 in and 2-3 out.
    let lanes = |seed| {
        let net = random(&grid(), 4, seed);
        let mut s = net.s().clone();
        for k in 0..s.dim().0 {
            for i in 0..2 {
                s[[k, i, i + 2]] += 0.5;
                s[[k, i + 2, i]] += 0.5;
            }
        }
        Network::from_s(grid(), s).unwrap()
    };
    let (left4, right4, dut4) = (lanes(4), lanes(5), random(&grid(), 4, 6));
    let measured = left4.cascade(&dut4).unwrap().cascade(&right4).unwrap();
    let back = measured.deembed(Some(&left4), Some(&right4)).unwrap();
    assert!(max_diff(&back, &dut4) < 1e-12, "{}", max_diff(&back, &dut4));

    // A fixture at complex references: the DUT comes back at the fixture's inner reference.
    let z0 = Array2::from_shape_fn((grid().len(), 2), |(k, p)| {
        c(30.0 + 10.0 * p as f64, 5.0 * k as f64 - 12.0)
    });
    let left_c = left.renormalized(&z0, WaveDef::Power).unwrap();
    let measured = left_c.cascade(&dut).unwrap();
    let back = measured.deembed(Some(&left_c), None).unwrap();
    assert_eq!(back.z0()[[3, 0]], z0[[3, 1]]);
    let back = back.renormalized_uniform(50.0, WaveDef::Power).unwrap();
    assert!(max_diff(&back, &dut) < 1e-12, "{}", max_diff(&back, &dut));
}

#[test]
fn heap_renormalisation_agrees_with_the_const_n_one() {
    let net = random(&grid(), 3, 7);
    let z_to = [c(20.0, 5.0), c(75.0, -30.0), c(110.0, 0.0)];
    let z0 = Array2::from_shape_fn((grid().len(), 3), |(_, p)| z_to[p]);
    for waves in [WaveDef::Power, WaveDef::Pseudo] {
        let heap = net.renormalized(&z0, waves).unwrap();
        for k in 0..net.len() {
            let m: [[Complex64; 3]; 3] =
                std::array::from_fn(|i| std::array::from_fn(|j| net.s()[[k, i, j]]));
            let want = reference::renormalize_s(&m, &[c(50.0, 0.0); 3], &z_to, waves);
            for (i, row) in want.iter().enumerate() {
                for (j, w) in row.iter().enumerate() {
                    assert!((heap.s()[[k, i, j]] - w).norm() < 1e-14);
                }
            }
        }
    }
}

#[test]
fn identities() {
    let (a, b, d) = (
        random(&grid(), 2, 11),
        random(&grid(), 2, 12),
        random(&grid(), 2, 13),
    );
    // Cascade is associative, and a cascade of 2-ports is connect(1, 0).
    let left = a.cascade(&b).unwrap().cascade(&d).unwrap();
    let right = a.cascade(&b.cascade(&d).unwrap()).unwrap();
    assert!(max_diff(&left, &right) < 1e-14);
    assert_eq!(a.cascade(&b).unwrap(), a.connect(1, &b, 0).unwrap());
    // Flipping twice, renumbering by the identity and the whole subnetwork change nothing.
    let four = random(&grid(), 4, 14);
    assert_eq!(four.flipped().unwrap().flipped().unwrap(), four);
    assert_eq!(four.renumbered(&[0, 1, 2, 3]).unwrap(), four);
    // One-ports side by side, taken apart again.
    let ones: Vec<Network> = (0..3).map(|p| four.subnetwork(&[p]).unwrap()).collect();
    let diag = Network::from_oneports(&ones).unwrap();
    assert_eq!(diag.subnetwork(&[1]).unwrap(), ones[1]);
    assert_eq!(diag.s()[[0, 0, 1]], c(0.0, 0.0));
    // Statistics of identical networks: the mean is the network, the spread zero.
    let same = [a.clone(), a.clone(), a.clone()];
    assert!(max_diff(&Network::mean(&same).unwrap(), &a) < 1e-16);
    assert!(
        Network::std(&same)
            .unwrap()
            .s()
            .iter()
            .all(|v| v.norm() < 1e-16)
    );
    assert!(
        Network::covariance(&same)
            .unwrap()
            .iter()
            .all(|v| v.abs() < 1e-30)
    );
}

fn message(r: pmrf::Result<Network>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn bad_input_is_an_error_naming_networks_and_ports() {
    let a = random(&grid(), 2, 21).with_name("fixture");
    let three = random(&grid(), 3, 22).with_name("tee");
    let other_grid = random(
        &Frequency::linspace(1.0, 5.0, 8, FrequencyUnit::GHz).unwrap(),
        2,
        23,
    )
    .with_name("probe");
    let before = (a.clone(), three.clone());

    let m = message(a.connect(1, &other_grid, 0));
    assert!(
        m.contains("`fixture`") && m.contains("`probe`") && m.contains("frequency grids"),
        "{m}"
    );
    let m = message(a.connect(2, &three, 0));
    assert!(
        m.contains("port 2") && m.contains("`fixture`") && m.contains("0 to 1"),
        "{m}"
    );
    let m = message(three.inner_connect(1, 1));
    assert!(m.contains("port 1") && m.contains("itself"), "{m}");
    let m = message(a.inner_connect(0, 1));
    assert!(m.contains("nothing would be left"), "{m}");
    let m = message(three.cascade(&a));
    assert!(
        m.contains("`tee` (3 ports)") && m.contains("`fixture` (2 ports)"),
        "{m}"
    );
    let m = message(a.subnetwork(&[0, 0]));
    assert!(m.contains("port 0 is given twice"), "{m}");
    let m = message(three.renumbered(&[0, 1]));
    assert!(m.contains("permutation"), "{m}");
    let m = message(three.flipped());
    assert!(m.contains("`tee`") && m.contains("3 ports"), "{m}");
    let m = message(Network::from_oneports(std::slice::from_ref(&a)));
    assert!(m.contains("`fixture`") && m.contains("2 ports"), "{m}");
    let m = message(a.stitched(&a));
    assert!(m.contains("start above"), "{m}");
    let m = message(a.stitched(&three));
    assert!(m.contains("same ports"), "{m}");
    assert!(
        matches!(Network::covariance(std::slice::from_ref(&a)), Err(Error::InvalidNetwork(m)) if m.contains("at least 2"))
    );
    assert!(Network::mean(&[]).is_err());
    let at75 = a
        .renormalized_uniform(75.0, WaveDef::Power)
        .unwrap()
        .with_name("at 75");
    let m = message(Network::mean(&[a.clone(), at75]));
    assert!(
        m.contains("`fixture` and `at 75`") && m.contains("port 0") && m.contains("renormalise"),
        "{m}"
    );
    let bad_z0 = Array2::from_elem((grid().len(), 2), c(-5.0, 0.0));
    let m = message(a.renormalized(&bad_z0, WaveDef::Power));
    assert!(
        m.contains("positive real part") && m.contains("port 0"),
        "{m}"
    );
    assert!(matches!(
        a.renormalized(&Array2::from_elem((1, 2), c(50.0, 0.0)), WaveDef::Power),
        Err(Error::Shape(_))
    ));

    // A fixture without transmission at one point: named, with its frequency.
    let mut s = a.s().clone();
    s[[4, 1, 0]] = c(0.0, 0.0);
    let dead = Network::from_s(grid(), s)
        .unwrap()
        .with_name("dead fixture");
    let m = message(a.deembed(Some(&dead), None));
    assert!(
        m.contains("`dead fixture` is singular at point 4") && m.contains("3666666666.6"),
        "{m}"
    );
    let m = message(three.deembed(Some(&a), None));
    assert!(m.contains("`tee` has 3"), "{m}");

    // Two arms of an ideal tee joined: the loop is singular.
    let tee = Network::from_s(
        grid(),
        Array3::from_shape_fn((grid().len(), 3, 3), |(_, i, j)| {
            c(if i == j { -1.0 / 3.0 } else { 2.0 / 3.0 }, 0.0)
        }),
    )
    .unwrap()
    .with_name("ideal tee");
    let m = message(tee.inner_connect(0, 1));
    assert!(
        m.contains("port 0 to port 1 of `ideal tee` at point 0") && m.contains("singular"),
        "{m}"
    );

    assert_eq!((a, three), before, "inputs unchanged");
}
