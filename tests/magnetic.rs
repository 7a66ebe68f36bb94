//! Coupled and converting parts: coupled inductors (grounded and floating), the centre-tapped
//! transformer and the autotransformer; the balun and ParamRF's source and mixed-mode
//! converters; the ideal 90 and 180 degree hybrids and ParamRF's box sections. Closed forms,
//! ParamRF's definitions (its Y-matrices, converted here), the limits `k = 0` (separate
//! inductors) and `k -> 1` (ideal transformers), `se2gmm` on the same network, losslessness,
//! reciprocity, and derivatives against closed forms and central differences.

use std::f64::consts::{FRAC_1_SQRT_2, TAU};

use pmrf::components::{
    Autotransformer, Balun, BoxSection, BoxSectionClcc, BranchLineHybrid, Cascade,
    CentreTappedTransformer, CoupledInductors, CoupledInductors4, IdealAutotransformer,
    IdealCentreTappedTransformer, IdealTransformer, IdealTransformer4, Inductor,
    MixedModeConverter, Open, PhaseLine, PiSection, RatRaceHybrid, SeriesAdmittance, SeriesL,
    SeriesR, Short, ShuntL, SourceConverter, Terminated,
};
use pmrf::network::{convert, matrix};
use pmrf::prelude::*;

use crate::common::{assert_central_differences, max_dev};

type C = Complex<f64>;

fn re(x: f64) -> C {
    C::new(x, 0.0)
}

fn z0s<const N: usize>(z: [f64; N]) -> [C; N] {
    z.map(re)
}

/// Largest deviation of `S S^H` from `I` and of `S` from `S^T`.
fn lossless_and_reciprocal<const N: usize>(s: &Mat<f64, N>) -> (f64, f64) {
    let (mut unitary, mut symmetric) = (0.0f64, 0.0f64);
    for i in 0..N {
        for j in 0..N {
            let p: C = (0..N).map(|k| s[i][k] * s[j][k].conj()).sum();
            unitary = unitary.max((p - re(if i == j { 1.0 } else { 0.0 })).norm());
            symmetric = symmetric.max((s[i][j] - s[j][i]).norm());
        }
    }
    (unitary, symmetric)
}

fn assert_lossless_reciprocal<const N: usize>(s: &Mat<f64, N>, tol: f64) {
    let (u, r) = lossless_and_reciprocal(s);
    assert!(u < tol && r < tol, "S S^H - I: {u:e}, S - S^T: {r:e}");
}

#[test]
fn coupled_inductors_are_their_inductance_matrix() {
    let (l1, l2, k, f) = (12e-9, 27e-9, 0.6, 0.9e9);
    let w = TAU * f;
    let m = k * (l1 * l2).sqrt();
    let z = CoupledInductors::new(l1, l2, k).z_at(f);
    let want = [[l1, m], [m, l2]].map(|row| row.map(|l| C::new(0.0, w * l)));
    assert!(max_dev(&z, &want) < 1e-12 * w * l2);

    // k = 0: two separate inductors to ground, no transmission.
    let s = CoupledInductors::new(l1, l2, 0.0).s_at(f);
    assert!((s[0][0] - Inductor::new(l1).s_at(f)[0][0]).norm() < 1e-15);
    assert!((s[1][1] - Inductor::new(l2).s_at(f)[0][0]).norm() < 1e-15);
    assert!(s[1][0].norm() < 1e-16);
}

/// ParamRF's 4-port: `Y = D (jw L)^-1 D^T`, `D = [[1, 0], [-1, 0], [0, 1], [0, -1]]`, in S.
fn paramrf_coupled_inductors_s(l1: f64, l2: f64, k: f64, f: f64) -> Mat<f64, 4> {
    let w = TAU * f;
    let m = k * (l1 * l2).sqrt();
    let det = w * w * (m * m - l1 * l2); // det(jw L) = -w^2 (l1 l2 - m^2)
    let inv = [[l2, -m], [-m, l1]].map(|row| row.map(|x| C::new(0.0, w * x) / det));
    let d = [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]];
    let y: Mat<f64, 4> = std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            (0..2)
                .flat_map(|a| (0..2).map(move |b| (a, b)))
                .map(|(a, b)| inv[a][b] * (d[i][a] * d[j][b]))
                .sum()
        })
    });
    convert::y2s(&y, 50.0)
}

#[test]
fn floating_coupled_inductors_agree_with_paramrf_and_the_limits() {
    for (l1, l2, k, f) in [
        (12e-9, 27e-9, 0.6, 0.9e9),
        (3e-9, 1e-9, -0.95, 3e9),
        (50e-9, 50e-9, 0.0, 0.2e9),
    ] {
        let s = CoupledInductors4::new(l1, l2, k).s_at(f);
        let dev = max_dev(&s, &paramrf_coupled_inductors_s(l1, l2, k, f));
        assert!(dev < 1e-14, "{l1} {l2} {k} {f}: {dev:e}");
        assert_lossless_reciprocal(&s, 1e-15);
    }

    // k = 0: each winding is a series inductor between its two ports, nothing couples.
    let (l1, l2, f) = (12e-9, 27e-9, 0.9e9);
    let s = CoupledInductors4::new(l1, l2, 0.0).s_at(f);
    let (a, b) = (SeriesL::new(l1).s_at(f), SeriesL::new(l2).s_at(f));
    for i in 0..4 {
        for j in 0..4 {
            let want = match (i / 2, j / 2) {
                (0, 0) => a[i % 2][j % 2],
                (1, 1) => b[i % 2][j % 2],
                _ => re(0.0),
            };
            assert!((s[i][j] - want).norm() < 1e-15, "S{}{}", i + 1, j + 1);
        }
    }

    // DC: each winding a thru, whatever k (k = 1 included: no 0/0).
    for k in [0.0, 0.7, 1.0] {
        let s = CoupledInductors4::new(l1, l2, k).s_at(0.0);
        let thru = [
            [0.0, 1.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 1.0],
            [0.0, 0.0, 1.0, 0.0],
        ];
        assert!(max_dev(&s, &thru.map(|r| r.map(re))) < 1e-15);
    }

    // Ports 2 and 4 grounded: the common-ground 2-port.
    let c4 = CoupledInductors4::new(l1, l2, 0.8);
    let grounded = Terminated::new(
        Terminated::new(c4, 3, Short::new()).unwrap(),
        1,
        Short::new(),
    )
    .unwrap();
    let dev = max_dev(
        &grounded.s_at(f),
        &CoupledInductors::new(l1, l2, 0.8).s_at(f),
    );
    assert!(dev < 1e-14, "{dev:e}");
}

#[test]
fn tight_coupling_of_large_inductances_is_the_ideal_transformer() {
    let f = 1e9;
    for n in [0.5, 2.0, 3.0] {
        let mut last = f64::INFINITY;
        for l in [1e-6, 1e-5, 1e-4, 1e-3] {
            let d4 = max_dev(
                &CoupledInductors4::new(l, n * n * l, 1.0).s_at(f),
                &IdealTransformer4::new(n).s_at(f),
            );
            let d2 = max_dev(
                &CoupledInductors::new(l, n * n * l, 1.0).s_at(f),
                &IdealTransformer::new(n).s_at(f),
            );
            // The error is the magnetising current of the smaller winding, ~ Z0 / (w L).
            let bound = 50.0 / (TAU * f * l * n.min(1.0).powi(2));
            assert!(
                d4 < bound && d2 < bound && d4 < last,
                "n {n}, L {l}: {d4:e} {d2:e}"
            );
            last = d4;
        }
        assert!(last < 5e-5);
        // Losslessness and reciprocity hold at k = 1 too.
        assert_lossless_reciprocal(
            &CoupledInductors4::new(1e-8, n * n * 1e-8, 1.0).s_at(f),
            1e-15,
        );
        assert_lossless_reciprocal(
            &CoupledInductors::new(1e-8, n * n * 1e-8, 1.0).s_at(f),
            1e-15,
        );
    }
}

#[test]
fn centre_tapped_transformer() {
    let (l1, l2, k, f) = (10e-9, 40e-9, 0.9, 1e9);
    let w = TAU * f;
    let m = k * (l1 * l2).sqrt();
    let z = CentreTappedTransformer::new(l1, l2, k).z_at(f);
    let want = [
        [l1, m / 2.0, -m / 2.0],
        [m / 2.0, l2 / 4.0, -l2 / 4.0],
        [-m / 2.0, -l2 / 4.0, l2 / 4.0],
    ]
    .map(|row| row.map(|l| C::new(0.0, w * l)));
    assert!(max_dev(&z, &want) < 1e-12);
    // The tap shorts the common mode: equal currents into ports 2 and 3 raise no voltage.
    assert!((z[1][1] + z[1][2]).norm() < 1e-12 && (z[0][1] + z[0][2]).norm() < 1e-12);
    assert_lossless_reciprocal(&CentreTappedTransformer::new(l1, l2, k).s_at(f), 1e-15);

    // k = 1, L2 = n^2 L1, large: ideal, voltages along u = (2, n, -n), currents orthogonal:
    // S = 2 u u^T / (u^T u) - I.
    let n = 2.0;
    let u = [2.0, n, -n];
    let uu: f64 = u.iter().map(|x| x * x).sum();
    let ideal: Mat<f64, 3> = std::array::from_fn(|i| {
        std::array::from_fn(|j| re(2.0 * u[i] * u[j] / uu - if i == j { 1.0 } else { 0.0 }))
    });
    let s = CentreTappedTransformer::new(1e-3, n * n * 1e-3, 1.0).s_at(f);
    assert!(max_dev(&s, &ideal) < 1e-5, "{:e}", max_dev(&s, &ideal));
}

#[test]
fn autotransformer() {
    let (l1, l2, k, f) = (10e-9, 40e-9, 0.5, 1e9);
    let w = TAU * f;
    let m = k * (l1 * l2).sqrt();
    let z = Autotransformer::new(l1, l2, k).z_at(f);
    let want =
        [[l1, l1 + m], [l1 + m, l1 + l2 + 2.0 * m]].map(|row| row.map(|l| C::new(0.0, w * l)));
    assert!(max_dev(&z, &want) < 1e-12);
    assert_lossless_reciprocal(&Autotransformer::new(l1, l2, k).s_at(f), 1e-15);

    // k = 0: L1 to ground at port 1, then L2 in series to port 2.
    let chain = Cascade::new((ShuntL::new(l1), SeriesL::new(l2)));
    let dev = max_dev(&Autotransformer::new(l1, l2, 0.0).s_at(f), &chain.s_at(f));
    assert!(dev < 1e-14, "{dev:e}");

    // k = 1: the ideal step-up 1 : (N1 + N2) / N1 = 1 : 1 + sqrt(L2 / L1) = 1 : 3.
    let s = Autotransformer::new(1e-3, 4e-3, 1.0).s_at(f);
    assert!(max_dev(&s, &IdealTransformer::new(3.0).s_at(f)) < 1e-5);
}

#[test]
fn paramrf_ideal_autotransformer_and_tapped_transformer() {
    let f = 1e9;
    for n in [0.5, 1.0, 3.0] {
        let auto = IdealAutotransformer::new(n);
        assert_lossless_reciprocal(&auto.s_at(f), 1e-15);
        // Common end grounded: 1 : N from the tap (port 2) to the top (port 1).
        let g = Terminated::new(auto, 2, Short::new()).unwrap().s_at(f);
        let swapped = [[g[1][1], g[1][0]], [g[0][1], g[0][0]]];
        assert!(
            max_dev(&swapped, &IdealTransformer::new(n).s_at(f)) < 1e-15,
            "{n}"
        );
        for tap in [0.0, 0.3, 0.5, 1.0] {
            let t = IdealCentreTappedTransformer::new(n, tap);
            assert_lossless_reciprocal(&t.s_at(f), 1e-15);
            // With the tap open it is the 4-port transformer.
            let open = Terminated::new(t, 4, Open::new()).unwrap().s_at(f);
            let dev = max_dev(&open, &IdealTransformer4::new(n).s_at(f));
            assert!(dev < 1e-15, "{n} {tap}: {dev:e}");
        }
    }
    // The tap divides the primary voltage: primary driven between ports 1 and 2 with ports 3
    // and 4 matched, the tap open reads V5 = (1 - tap) V1 + tap V2, i.e. with b = S a and the
    // open tap (a5 = b5): the tap's voltage (a5 + b5) against those of ports 1 and 2.
    let (n, tap) = (2.0, 0.3);
    let s = IdealCentreTappedTransformer::new(n, tap).s_at(f);
    // Drive port 1 only, with port 5 open: a5 = b5 = S51 + S55 a5.
    let a5 = s[4][0] / (1.0 - s[4][4]);
    let b = |i: usize| s[i][0] + s[i][4] * a5;
    let v = |i: usize, a: C| a + b(i);
    let (v1, v2, v5) = (v(0, re(1.0)), v(1, re(0.0)), v(4, a5));
    assert!((v5 - (v1 * (1.0 - tap) + v2 * tap)).norm() < 1e-15);
    assert!((v(2, re(0.0)) - v(3, re(0.0)) - (v1 - v2) * n).norm() < 1e-15);
    // The k = 1 coupled autotransformer of large inductance tends to the ideal one.
    let coupled = Autotransformer::new(1e-3, 4e-3, 1.0).s_at(f);
    let g = Terminated::new(IdealAutotransformer::new(3.0), 2, Short::new())
        .unwrap()
        .s_at(f);
    let swapped = [[g[1][1], g[1][0]], [g[0][1], g[0][0]]];
    assert!(max_dev(&coupled, &swapped) < 1e-5);
}

#[test]
fn balun_and_source_converter() {
    for n in [0.0, 0.5, 1.0, 2.0, 1e3, f64::INFINITY] {
        let s = Balun::new(n).s_at(1e9);
        assert_lossless_reciprocal(&s, 1e-15);
        if n.is_finite() {
            let d = n * n + 2.0;
            assert!((s[0][0].re - (2.0 - n * n) / d).abs() < 1e-15);
            assert!(
                (s[1][0].re - 2.0 * n / d).abs() < 1e-15
                    && (s[2][0].re + 2.0 * n / d).abs() < 1e-15
            );
            assert!((s[2][1].re - 2.0 / d).abs() < 1e-15);
        }
    }
    // n = inf: c = (1, 0, 0), V1 = 0 with no current on the pair: port 1 a short, 2 and 3 open.
    let s = Balun::new(f64::INFINITY).s_at(1e9);
    let want = [[-1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]].map(|r| r.map(re));
    assert!(max_dev(&s, &want) < 1e-15);

    // At n = sqrt 2 the pair's 2 x 50 ohm is matched to port 1, with half the power each.
    let s = Balun::new(2f64.sqrt()).s_at(1e9);
    assert!(s[0][0].norm() < 1e-15 && (s[1][0].norm_sqr() - 0.5).abs() < 1e-15);
    assert!(
        max_dev(
            &SourceConverter::new().s_at(1e9),
            &Balun::new(1.0).s_at(1e9)
        ) < 1e-15
    );
}

/// Ports 3 and 4 of the 4-port `s` loaded by the 2-port `g`: the 2-port seen at ports 1, 2,
/// `S_aa + S_ab G (I - S_bb G)^-1 S_ba`.
fn load_pair(s: &Mat<f64, 4>, g: &Mat<f64, 2>) -> Mat<f64, 2> {
    let block = |r: usize, c: usize| -> Mat<f64, 2> {
        std::array::from_fn(|i| std::array::from_fn(|j| s[r + i][c + j]))
    };
    let (aa, ab, ba, bb) = (block(0, 0), block(0, 2), block(2, 0), block(2, 2));
    let one = matrix::identity::<f64, 2>();
    let inner = matrix::inverse(&matrix::sub(&one, &matrix::mul(&bb, g))).unwrap();
    matrix::add(
        &aa,
        &matrix::mul(&matrix::mul(&ab, &matrix::mul(g, &inner)), &ba),
    )
}

#[test]
fn mixed_mode_converter_is_se2gmm() {
    let conv = MixedModeConverter::new();
    let s = conv.s_at(1e9);
    assert_lossless_reciprocal(&s, 1e-15);
    assert!((s[0][0].re - 1.0 / 3.0).abs() < 1e-16 && (s[1][1].re + 1.0 / 3.0).abs() < 1e-16);

    // At 100 and 25 ohm on its mode ports it is a perfect mode splitter: matched everywhere.
    let z0 = z0s([100.0, 25.0, 50.0, 50.0]);
    let mm = conv.s_at_z0(1e9, &z0, WaveDef::Power);
    assert!((0..4).all(|i| mm[i][i].norm() < 1e-15));
    assert!(mm[1][0].norm() < 1e-15 && mm[3][2].norm() < 1e-15);
    assert!(
        (mm[2][0] - re(FRAC_1_SQRT_2)).norm() < 1e-15
            && (mm[3][0] + re(FRAC_1_SQRT_2)).norm() < 1e-15
    );

    // An unbalanced, lossy 2-port on the pair: the converter's (diff, common) 2-port equals
    // scikit-rf's se2gmm of the same network, mode conversion included.
    let dut = PiSection::new(0.01, 0.02, 0.003, -0.01, 0.005, 0.03);
    let f = 2e9;
    let got = load_pair(&mm, &dut.s_at(f));
    let freq = Frequency::from_hz([f]).unwrap();
    let net = dut.network(&freq).unwrap();
    let gmm = net.se2gmm(1).unwrap();
    let want: Mat<f64, 2> = std::array::from_fn(|i| std::array::from_fn(|j| gmm.s()[[0, i, j]]));
    assert!(max_dev(&got, &want) < 1e-14, "{got:?} vs {want:?}");
    assert!(want[1][0].norm() > 0.01); // the check sees mode conversion
}

#[test]
fn hybrids() {
    let h = FRAC_1_SQRT_2;
    for s in [
        BranchLineHybrid::new().s_at(1e9),
        RatRaceHybrid::new().s_at(1e9),
    ] {
        assert_lossless_reciprocal(&s, 1e-15);
        assert!((0..4).all(|i| s[i][i].norm() == 0.0));
    }
    // Branch line: equal split in quadrature from every port, the opposite port isolated.
    let s = BranchLineHybrid::new().s_at(1e9);
    for (i, thru, coupled, isolated) in [(0, 1, 2, 3), (1, 0, 3, 2), (2, 3, 0, 1), (3, 2, 1, 0)] {
        assert!((s[thru][i] - C::new(0.0, -h)).norm() < 1e-16);
        assert!((s[coupled][i] - re(-h)).norm() < 1e-16);
        assert_eq!(s[isolated][i].norm(), 0.0);
    }
    // Rat race: sum port 1 in phase, difference port 4 in antiphase, 1 and 4 isolated.
    let s = RatRaceHybrid::new().s_at(1e9);
    assert!((s[1][0] - C::new(0.0, -h)).norm() < 1e-16 && s[1][0] == s[2][0]);
    assert!((s[1][3] - C::new(0.0, h)).norm() < 1e-16 && s[1][3] == -s[2][3]);
    assert!(s[3][0].norm() == 0.0 && s[2][1].norm() == 0.0);
}

/// Pozar's branch-line coupler of quarter-wave lines at 1 GHz: 35.36 ohm arms 1-2 and 4-3,
/// 50 ohm arms 1-4 and 2-3.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, p1), port(2, p2), port(3, p3), port(4, p4))]
struct BranchLine<T: Scalar = f64> {
    #[circuit(p1, p2)]
    top: PhaseLine<T>,
    #[circuit(p4, p3)]
    bottom: PhaseLine<T>,
    #[circuit(p1, p4)]
    left: PhaseLine<T>,
    #[circuit(p2, p3)]
    right: PhaseLine<T>,
}

/// Pozar's rat race at 1 GHz: a 70.7 ohm ring 2 -(l/4)- 1 -(l/4)- 3 -(l/4)- 4 -(3l/4)- 2.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, p1), port(2, p2), port(3, p3), port(4, p4))]
struct RatRace<T: Scalar = f64> {
    #[circuit(p2, p1)]
    a: PhaseLine<T>,
    #[circuit(p1, p3)]
    b: PhaseLine<T>,
    #[circuit(p3, p4)]
    c: PhaseLine<T>,
    #[circuit(p4, p2)]
    d: PhaseLine<T>,
}

#[test]
fn hybrids_are_their_line_circuits_at_the_centre_frequency() {
    let line = |z: f64, deg: f64| PhaseLine::new(z, deg, 1e9).unwrap();
    let z = 50.0 * FRAC_1_SQRT_2;
    let bl = BranchLine {
        top: line(z, 90.0),
        bottom: line(z, 90.0),
        left: line(50.0, 90.0),
        right: line(50.0, 90.0),
    };
    let dev = max_dev(&bl.s_at(1e9), &BranchLineHybrid::new().s_at(1e9));
    assert!(dev < 1e-14, "branch line: {dev:e}");
    let z = 50.0 * 2f64.sqrt();
    let rr = RatRace {
        a: line(z, 90.0),
        b: line(z, 90.0),
        c: line(z, 90.0),
        d: line(z, 270.0),
    };
    let dev = max_dev(&rr.s_at(1e9), &RatRaceHybrid::new().s_at(1e9));
    assert!(dev < 1e-14, "rat race: {dev:e}");
    // Off centre they are not ideal: the ideal parts are the centre-frequency values.
    assert!(max_dev(&bl.s_at(1.2e9), &BranchLineHybrid::new().s_at(1.2e9)) > 0.05);
}

#[test]
fn box_sections_follow_paramrf() {
    // One branch only: a series admittance between its two ports, the others open.
    let y = (0.004, -0.007);
    let sa = SeriesAdmittance::new(y.0, y.1).s_at(1e9);
    for (branch, (p, q)) in [(0, (0, 2)), (1, (1, 3)), (2, (0, 1)), (3, (2, 3))] {
        let mut values = [0.0; 8];
        values[2 * branch] = y.0;
        values[2 * branch + 1] = y.1;
        let b = BoxSection::default().with_params(&values).unwrap();
        let s = b.s_at(1e9);
        for (i, row) in s.iter().enumerate() {
            for (j, got) in row.iter().enumerate() {
                let want = match (i, j) {
                    _ if i == p && j == p => sa[0][0],
                    _ if i == q && j == q => sa[1][1],
                    _ if (i, j) == (p, q) || (i, j) == (q, p) => sa[0][1],
                    _ if i == j => re(1.0),
                    _ => re(0.0),
                };
                let (r, c) = (i + 1, j + 1);
                assert!((got - want).norm() < 1e-15, "branch {branch}: S{r}{c}");
            }
        }
    }

    // CLCC: ParamRF's stamp, Y3 = 1/(jwL), converted to S.
    let (c1, l, c2, c3) = (1e-12, 5e-9, 2e-12, 0.5e-12);
    let clcc = BoxSectionClcc::new(c1, l, c2, c3);
    for f in [0.1e9, 1e9, 3.7e9] {
        let w = TAU * f;
        let general = BoxSection {
            b1: w * c1,
            b2: w * c2,
            b3: -1.0 / (w * l),
            b4: w * c3,
            ..BoxSection::default()
        };
        let s = clcc.s_at(f);
        let want = convert::y2s(&general.y_at(f), 50.0);
        assert!(max_dev(&s, &want) < 1e-14, "{f}: {:e}", max_dev(&s, &want));
        assert_lossless_reciprocal(&s, 1e-14);
    }
    // DC and L = 0 are exact (ParamRF's Y is infinite there): ports 1 and 2 joined.
    let dc = clcc.s_at(0.0);
    let want = [
        [0.0, 1.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 1.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ];
    assert!(max_dev(&dc, &want.map(|r| r.map(re))) < 1e-15);
    let short = BoxSectionClcc::new(c1, 0.0, c2, c3).s_at(1e9);
    assert!(
        short
            .iter()
            .flatten()
            .all(|z| z.re.is_finite() && z.im.is_finite())
    );
    assert_lossless_reciprocal(&short, 1e-14);
    // L = 0 and no capacitance: a thru between ports 1 and 2.
    let thru = BoxSectionClcc::new(0.0, 0.0, 0.0, 0.0).s_at(1e9);
    let sr = SeriesR::new(0.0).s_at(1e9);
    assert!((thru[1][0] - sr[1][0]).norm() < 1e-15 && (thru[0][0] - sr[0][0]).norm() < 1e-15);
}

#[test]
fn out_of_range_values_are_errors() {
    let c = CoupledInductors::new(1e-9, 2e-9, 0.5);
    assert!(c.with_params(&[1e-9, 2e-9, 1.5]).is_err());
    assert!(c.with_params(&[-1e-9, 2e-9, 0.5]).is_err());
    assert!(
        CoupledInductors4::new(1e-9, 2e-9, 0.5)
            .with_params(&[1e-9, 2e-9, -1.01])
            .is_err()
    );
    assert!(Balun::new(1.0).with_params(&[-2.0]).is_err());
    assert!(
        BoxSectionClcc::new(1e-12, 1e-9, 1e-12, 1e-12)
            .with_params(&[1e-12, f64::NAN, 1e-12, 1e-12])
            .is_err()
    );
    assert_eq!(c.param_names(), ["l1", "l2", "k"]);
    assert_eq!(
        BoxSectionClcc::new(1e-12, 1e-9, 1e-12, 1e-12).param_names(),
        ["c1", "l", "c2", "c3"]
    );
}

/// A weighted sum of every entry's real and imaginary parts and of `|S_ij|^2`.
fn objective<M: Component<N>, const N: usize>(m: &M) -> M::Scalar {
    let s = m.s_at(M::Scalar::from(1.3e9));
    let mut acc = M::Scalar::from(0.0);
    for (i, row) in s.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let (i, j) = (i as f64, j as f64);
            let a = 1.0 + 0.1 * i + 0.07 * j + 0.05 * i * j + 0.02 * i * i;
            let b = 0.5 - 0.03 * i + 0.11 * j + 0.04 * i * j;
            acc += v.re * a + v.im * b + v.norm_sqr() * 0.3;
        }
    }
    acc
}

fn check_gradient<M, const N: usize>(model: M, tol: f64)
where
    M: Component<N, Scalar = f64>,
    M::Rebind<Grad>: Component<N, Scalar = Grad>,
{
    let g = gradient(&model, &Filter::Free, objective).unwrap();
    assert!(g.iter().all(|x| x.is_finite() && *x != 0.0), "{g:?}");
    assert_central_differences(&model, &g, tol, |m| objective(m));
}

#[test]
fn derivatives_are_exact() {
    // dZ12/dk = jw sqrt(L1 L2) and dZ12/dL1 = jw k sqrt(L2 / L1) / 2, exactly.
    let (l1, l2, k, f) = (12e-9, 27e-9, 0.6, 0.9e9);
    let w = TAU * f;
    let g = gradient(&CoupledInductors::new(l1, l2, k), &Filter::Free, |m| {
        m.z_at(Grad::from(f))[0][1].im
    })
    .unwrap();
    assert!((g[2] / (w * (l1 * l2).sqrt()) - 1.0).abs() < 1e-14, "{g:?}");
    assert!(
        (g[0] / (w * k * (l2 / l1).sqrt() / 2.0) - 1.0).abs() < 1e-14,
        "{g:?}"
    );

    check_gradient(CoupledInductors::new(l1, l2, k), 1e-6);
    check_gradient(CoupledInductors4::new(l1, l2, k), 1e-6);
    check_gradient(CoupledInductors4::new(l1, l2, -0.3), 1e-6);
    check_gradient(CentreTappedTransformer::new(l1, l2, k), 1e-6);
    check_gradient(Autotransformer::new(l1, l2, k), 1e-6);
    check_gradient(Balun::new(1.7), 1e-6);
    check_gradient(Balun::new(0.6), 1e-6);
    check_gradient(IdealAutotransformer::new(2.5), 1e-6);
    check_gradient(IdealCentreTappedTransformer::new(1.7, 0.3), 1e-6);
    check_gradient(
        BoxSection {
            g1: 0.01,
            b1: 0.02,
            g2: 0.003,
            b2: -0.01,
            g3: 0.005,
            b3: 0.03,
            g4: 0.002,
            b4: 0.004,
        },
        1e-6,
    );
    // The objective moves by ~1e-8 of itself over the picofarad steps: differences round at 1e-6.
    check_gradient(BoxSectionClcc::new(1e-12, 5e-9, 2e-12, 0.5e-12), 1e-5);
    // And in k near the ideal limit, where Z_w is nearly singular.
    check_gradient(CoupledInductors4::new(l1, 4.0 * l1, 0.999), 1e-6);
}
