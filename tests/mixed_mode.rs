//! Single-ended <-> mixed-mode S-parameters against scikit-rf 2.2.0 (`se2gmm` / `gmm2se`) on
//! the Touchstone specification's 4-port example (tests/data/mixed_mode/ex_14.s4p); the
//! fixture is made by scripts/gen_mixed_mode_fixtures.py.

use pmrf::ndarray::{Array2, Array3};
use pmrf::num_complex::Complex64;
use pmrf::prelude::*;
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mixed_mode.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn c(v: &Value) -> Complex64 {
    Complex64::new(v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

fn s3(v: &Value) -> Array3<Complex64> {
    let nf = v.as_array().unwrap().len();
    let n = v[0].as_array().unwrap().len();
    Array3::from_shape_fn((nf, n, n), |(k, i, j)| c(&v[k][i][j]))
}

fn z2(v: &Value) -> Array2<Complex64> {
    let nf = v.as_array().unwrap().len();
    let n = v[0].as_array().unwrap().len();
    Array2::from_shape_fn((nf, n), |(k, i)| c(&v[k][i]))
}

fn input(fx: &Value, case: &Value) -> Network {
    let hz: Vec<f64> = (fx["frequency_hz"].as_array().unwrap().iter())
        .map(|f| f.as_f64().unwrap())
        .collect();
    Network::new(
        Frequency::from_hz(hz).unwrap(),
        s3(&case["s"]),
        z2(&case["z0"]),
    )
    .unwrap()
}

fn max_dev<D: pmrf::ndarray::Dimension>(
    a: &pmrf::ndarray::Array<Complex64, D>,
    b: &pmrf::ndarray::Array<Complex64, D>,
) -> f64 {
    assert_eq!(a.shape(), b.shape());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).norm())
        .fold(0.0, f64::max)
}

#[test]
fn every_case_matches_scikit_rf() {
    let fx = fixture();
    let cases = fx["cases"].as_object().unwrap();
    assert_eq!(cases.len(), 6);
    for (name, case) in cases {
        let net = input(&fx, case);
        let p = case["p"].as_u64().unwrap() as usize;
        let out = match (
            case["op"].as_str().unwrap(),
            case.get("z0_mm"),
            case.get("z0_se"),
        ) {
            ("se2gmm", None, _) => net.se2gmm(p),
            ("se2gmm", Some(z), _) => net.se2gmm_at(p, z2(z).view()),
            // scikit-rf's default gives pair l's references to ports l and p + l, not to its
            // own ports 2l and 2l + 1 (pmrf's `gmm2se`, see `gmm2se_default_references`): at
            // the references scikit-rf chose, the numbers are the same.
            ("gmm2se", _, None) => {
                let z0 = z2(&case["out_z0"]);
                net.gmm2se_at(p, z0.slice(pmrf::ndarray::s![.., ..2 * p]))
            }
            ("gmm2se", _, Some(z)) => net.gmm2se_at(p, z2(z).view()),
            (op, ..) => panic!("unknown op {op}"),
        }
        .unwrap();
        let ds = max_dev(out.s(), &s3(&case["out_s"]));
        let dz = max_dev(out.z0(), &z2(&case["out_z0"]));
        assert!(
            ds < 1e-12 && dz < 1e-12,
            "{name}: |dS| = {ds:e}, |dz0| = {dz:e}"
        );
    }
}

#[test]
fn default_references_and_port_order() {
    let fx = fixture();
    let net = input(&fx, &fx["cases"]["se2gmm_p1"]);
    let mm = net.se2gmm(1).unwrap();
    // d0 100 ohm, c0 25 ohm, then the single-ended ports 3 and 4 at 50 ohm, in place.
    let z: Vec<f64> = mm.z0().row(0).iter().map(|z| z.re).collect();
    assert_eq!(z, [100.0, 25.0, 50.0, 50.0]);
    // SDD11 of a pair at equal references: (S11 - S12 - S21 + S22) / 2.
    let s = net.s();
    let sdd11 = (s[[0, 0, 0]] - s[[0, 0, 1]] - s[[0, 1, 0]] + s[[0, 1, 1]]) * 0.5;
    assert!((mm.s()[[0, 0, 0]] - sdd11).norm() < 1e-15);
    assert!((mm.s()[[0, 3, 3]] - s[[0, 3, 3]]).norm() < 1e-15);
}

#[test]
fn round_trips_are_exact() {
    let fx = fixture();
    for name in ["se2gmm_p2", "se2gmm_p1", "se2gmm_z0"] {
        let net = input(&fx, &fx["cases"][name]);
        for p in [1, 2] {
            let mm = net.se2gmm(p).unwrap();
            // At the original references: the default ones average each pair's two.
            let z0_se = net.z0().slice(pmrf::ndarray::s![.., ..2 * p]).to_owned();
            let back = mm.gmm2se_at(p, z0_se.view()).unwrap();
            let ds = max_dev(back.s(), net.s());
            assert!(ds < 1e-14, "{name}, p = {p}: |dS| = {ds:e}");
            assert_eq!(back.z0(), net.z0());
            if name != "se2gmm_z0" {
                // Equal references on each pair: the defaults are the originals.
                assert!(max_dev(mm.gmm2se(p).unwrap().s(), net.s()) < 1e-14);
            }
        }
    }
    // Mixed-mode -> single-ended -> mixed-mode at given references.
    let net = input(&fx, &fx["cases"]["gmm2se_p2"]);
    let se = net.gmm2se(2).unwrap();
    let back = se.se2gmm_at(2, net.z0().view()).unwrap();
    assert!(max_dev(back.s(), net.s()) < 1e-14);
}

#[test]
fn bad_requests_are_errors() {
    let fx = fixture();
    let net = input(&fx, &fx["cases"]["se2gmm_p2"]).with_name("dut");
    for p in [0, 3] {
        let err = net.se2gmm(p).unwrap_err().to_string();
        assert!(
            err.contains("`dut`") && err.contains("1 to 2 pairs"),
            "{err}"
        );
    }
    let freq = Frequency::from_hz([1e9]).unwrap();
    let three = Network::from_s(freq, Array3::zeros((1, 3, 3))).unwrap();
    let err = three.se2gmm(1).unwrap_err().to_string();
    assert!(err.contains("3 ports, an odd count"), "{err}");
    assert!(three.gmm2se(1).is_err());
    let wrong = Array2::from_elem((3, 3), Complex64::new(50.0, 0.0));
    assert!(matches!(
        net.se2gmm_at(2, wrong.view()),
        Err(pmrf::Error::Shape(_))
    ));
    let negative = Array2::from_elem((3, 4), Complex64::new(-50.0, 0.0));
    let err = net.gmm2se_at(2, negative.view()).unwrap_err().to_string();
    assert!(err.contains("z0_se[0, 0]"), "{err}");
}

#[test]
fn gmm2se_default_references() {
    let fx = fixture();
    let mm = input(&fx, &fx["cases"]["gmm2se_p2"]);
    let se = mm.gmm2se(2).unwrap();
    for k in 0..se.len() {
        for l in 0..2 {
            let (zd, zc) = (mm.z0()[[k, l]], mm.z0()[[k, 2 + l]]);
            let want = (zd * 0.5 + zc * 2.0) * 0.5;
            assert_eq!(se.z0()[[k, 2 * l]], want);
            assert_eq!(se.z0()[[k, 2 * l + 1]], want);
        }
    }
    // For one pair it is scikit-rf's default too.
    let net = input(&fx, &fx["cases"]["se2gmm_z0"]);
    let one = net.se2gmm(1).unwrap();
    let back = one.gmm2se(1).unwrap();
    let avg = (net.z0()[[1, 0]] + net.z0()[[1, 1]]) * 0.5;
    assert!((back.z0()[[1, 0]] - avg).norm() < 1e-13);
}

// ---------------------------------------------------------------------------------------------
// Touchstone `[Mixed-Mode Order]`

use pmrf::io::touchstone::{self, MixedModeOrder, ModePort, Version, WriteOptions};

#[test]
fn mixed_mode_files_round_trip_byte_for_byte() {
    let se = Network::from_touchstone(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mixed_mode/ex_14.s4p"
    ))
    .unwrap();
    // pmrf's layout of se2gmm(2): d(1,2) d(3,4) c(1,2) c(3,4).
    let mm = se.se2gmm(2).unwrap();
    let order: MixedModeOrder = "D1,2 D3,4 C1,2 C3,4".parse().unwrap();
    let options = WriteOptions::new()
        .version(Version::V2)
        .mixed_mode_order(order.clone());
    let text = touchstone::to_string(&mm, &options).unwrap();
    assert!(text.contains("\n[Mixed-Mode Order] D1,2 D3,4 C1,2 C3,4\n[Network Data]\n"));
    assert!(text.contains("# GHz S RI R 50\n"), "{text}"); // single-ended references
    let file = touchstone::read_str(&text, None).unwrap();
    assert_eq!(file.mixed_mode_order.as_ref(), Some(&order));
    assert_eq!(file.network.s(), mm.s()); // RI: exact
    assert_eq!(file.network.z0(), mm.z0()); // 100 and 25 ohm
    assert_eq!(
        touchstone::to_string(&file.network, &options).unwrap(),
        text
    );
    let back = file.single_ended().unwrap();
    assert!(max_dev(back.s(), se.s()) < 1e-14);
    assert_eq!(back.z0(), se.z0());
}

#[test]
fn any_order_and_single_ports_convert_to_single_ended() {
    let se = Network::from_touchstone(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mixed_mode/ex_14.s4p"
    ))
    .unwrap();
    // Pair (4, 1) with port 4 positive, ports 2 and 3 single-ended, listed out of order.
    let order = MixedModeOrder::new(vec![
        ModePort::Single(3),
        ModePort::Common(4, 1),
        ModePort::Differential(4, 1),
        ModePort::Single(2),
    ])
    .unwrap();
    // The same data built by hand: se ports (4, 1, 2, 3) -> se2gmm(1) = d c s2 s3.
    let s = se.s();
    let perm = [3, 0, 1, 2];
    let reordered = Network::from_s(
        se.frequency().clone(),
        Array3::from_shape_fn((3, 4, 4), |(k, i, j)| s[[k, perm[i], perm[j]]]),
    )
    .unwrap();
    let gmm = reordered.se2gmm(1).unwrap(); // d, c, S2, S3
    let file_order = [3, 1, 0, 2]; // entry i of the file is gmm port file_order[i]
    let g = gmm.s();
    let data = Network::new(
        se.frequency().clone(),
        Array3::from_shape_fn((3, 4, 4), |(k, i, j)| g[[k, file_order[i], file_order[j]]]),
        Array2::from_shape_fn((3, 4), |(k, i)| gmm.z0()[[k, file_order[i]]]),
    )
    .unwrap();
    let text = touchstone::to_string(
        &data,
        &WriteOptions::new()
            .version(Version::V2)
            .mixed_mode_order(order.clone()),
    )
    .unwrap();
    let file = touchstone::read_str(&text, None).unwrap();
    assert_eq!(order.references(&[50.0; 4]), [50.0, 25.0, 100.0, 50.0]);
    assert_eq!(
        file.network
            .z0()
            .row(0)
            .iter()
            .map(|z| z.re)
            .collect::<Vec<_>>(),
        [50.0, 25.0, 100.0, 50.0]
    );
    let back = file.single_ended().unwrap();
    assert!(
        max_dev(back.s(), se.s()) < 1e-14,
        "{:e}",
        max_dev(back.s(), se.s())
    );
    // A single-ended file is its own single-ended network.
    let plain = touchstone::read_str(
        &touchstone::to_string(&se, &WriteOptions::new()).unwrap(),
        Some(4),
    )
    .unwrap();
    assert_eq!(plain.mixed_mode_order, None);
    assert_eq!(plain.single_ended().unwrap(), plain.network);
}

#[test]
fn mixed_mode_writes_refuse_what_the_format_cannot_hold() {
    let se = Network::from_touchstone(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mixed_mode/ex_14.s4p"
    ))
    .unwrap();
    let order: MixedModeOrder = "D1,2 D3,4 C1,2 C3,4".parse().unwrap();
    let v1 = WriteOptions::new().mixed_mode_order(order.clone());
    let err = touchstone::to_string(&se, &v1).unwrap_err().to_string();
    assert!(err.contains("version 2"), "{err}");
    // Common mode at 50 ohm, differential at 50: not one single-ended reference per port.
    let v2 = v1.version(Version::V2);
    let err = touchstone::to_string(&se, &v2).unwrap_err().to_string();
    assert!(err.contains("a quarter of differential"), "{err}");
    let three: MixedModeOrder = "D1,2 C1,2 S3".parse().unwrap();
    let err = touchstone::to_string(
        &se,
        &WriteOptions::new()
            .version(Version::V2)
            .mixed_mode_order(three),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("lists 3 ports, the network has 4"), "{err}");
}
