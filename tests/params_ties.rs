//! Ties through a map (`c2 = 2 c1`, `l2 = l1 / n^2`) and chains of ties: values, exact
//! gradients against central differences, and the errors.

use pmrf::components::{SeriesL, ShuntC};
use pmrf::params::{ParamTable, Params};
use pmrf::prelude::*;

type Ladder = Cascade<(SeriesL, ShuntC, SeriesL, ShuntC)>;

fn ladder() -> Ladder {
    Cascade::new((
        SeriesL::new(8e-9),
        ShuntC::new(1e-12),
        SeriesL::new(2e-9),
        ShuntC::new(2e-12),
    ))
}

/// |S21|^2 + |S11|^2 weighted, summed over a few frequencies.
fn objective<T: Scalar>(m: &<Ladder as Model>::Rebind<T>) -> T {
    [0.4e9, 1.1e9, 2.7e9]
        .iter()
        .map(|&f| {
            let s = m.s_at(T::from(f));
            s[1][0].norm_sqr() + s[0][0].norm_sqr() * T::from(0.3)
        })
        .sum()
}

/// l2 = l0 / 4 (n = 2), c3 = 2 c1 + 0.5 pF.
fn mapped() -> Params<Ladder> {
    ladder()
        .params()
        .unwrap()
        .tied_with("stages[2].l", "stages[0].l", TieMap::scaled(0.25).unwrap())
        .unwrap()
        .tied_with(
            "stages[3].c",
            "stages[1].c",
            TieMap::affine(2.0, 0.5e-12).unwrap(),
        )
        .unwrap()
}

#[test]
fn mapped_ties_set_values_everywhere() {
    let params = mapped();
    assert_eq!(params.values(), [8e-9, 1e-12, 2e-9, 2.0 * 1e-12 + 0.5e-12]);
    assert_eq!(params.model().stages.3.c, 2.5e-12);
    let free = params.partition(&Filter::Free).unwrap();
    assert_eq!(free.names(), ["stages[0].l", "stages[1].c"]);
    let full = free.combine(&[12e-9, 3e-12]).unwrap();
    assert_eq!(full, [12e-9, 3e-12, 3e-9, 6.5e-12]);
    // The hot path agrees with the checked one.
    let mut fast = params.values();
    free.combine_into(&[12e-9, 3e-12], &mut fast).unwrap();
    assert_eq!(fast, full);
    assert_eq!(free.apply(&[12e-9, 3e-12]).unwrap().param_values(), full);
    // A full vector must agree with the maps.
    assert!(params.check_values(&full).is_ok());
    let e = params
        .check_values(&[12e-9, 3e-12, 12e-9, 6.5e-12])
        .unwrap_err();
    assert!(
        e.to_string().contains("stages[2].l") && e.to_string().contains("stages[0].l"),
        "{e}"
    );
    // Setting the source moves the follower through its map.
    let mut p = params.clone();
    p.set_value("stages[1].c", 4e-12).unwrap();
    assert_eq!(p.values()[3], 8.5e-12);
    let (root, slope) = p.tie_root(3);
    assert_eq!((root, slope), (1, 2.0));
    assert_eq!(p.get("stages[3].c").unwrap().tie_map().offset(), 0.5e-12);
    // The display shows the map.
    assert!(p.to_string().contains("tied to stages[1].c * 2"), "{p}");
    // Untying keeps the value, and the parameter is free again.
    p.untie("stages[3].c").unwrap();
    assert_eq!(p.values()[3], 8.5e-12);
    assert_eq!(p.partition(&Filter::Free).unwrap().len(), 3);
}

#[test]
fn chains_follow_their_root() {
    let mut p = ladder().params().unwrap();
    // A chain of three inductors: the first follows the second, which follows the third.
    let model = Cascade::new(vec![
        SeriesL::new(4e-9),
        SeriesL::new(2e-9),
        SeriesL::new(1e-9),
    ]);
    let mut chain = model.params().unwrap();
    chain
        .tie_with("stages[0].l", "stages[1].l", TieMap::scaled(2.0).unwrap())
        .unwrap()
        .tie_with(
            "stages[1].l",
            "stages[2].l",
            TieMap::affine(3.0, 1e-9).unwrap(),
        )
        .unwrap();
    // stages[1].l = 3 * 1 nH + 1 nH = 4 nH, stages[0].l = 2 * 4 nH = 8 nH, in either tie order.
    let v = chain.values();
    assert!(
        (v[1] - 4e-9).abs() < 1e-24 && (v[0] - 8e-9).abs() < 1e-24,
        "{v:?}"
    );
    assert_eq!(chain.tie_root(0), (2, 6.0));
    let free = chain.partition(&Filter::Free).unwrap();
    assert_eq!(free.names(), ["stages[2].l"]);
    let full = free.combine(&[2e-9]).unwrap();
    assert_eq!(full[1], 3.0 * 2e-9 + 1e-9);
    assert_eq!(full[0], 2.0 * full[1]);
    // A cycle is refused, naming both ends, and changes nothing.
    let before = chain.clone();
    let e = chain.tie("stages[2].l", "stages[0].l").unwrap_err();
    assert!(matches!(e, Error::InvalidTie(_)), "{e}");
    let m = e.to_string();
    assert!(
        m.contains("cycle") && m.contains("stages[2].l") && m.contains("stages[0].l"),
        "{m}"
    );
    assert_eq!(chain, before);
    assert!(chain.tie("stages[1].l", "stages[1].l").is_err());
    // Chains in the ladder: l2 follows l0, and nothing else moves.
    p.tie("stages[2].l", "stages[0].l").unwrap();
    assert_eq!(p.tie_root(2), (0, 1.0));
    assert_eq!(p.tie_root(1), (1, 1.0));
}

#[test]
fn mapped_ties_are_checked_like_identity_ties() {
    let params = ladder().params().unwrap();
    // Units.
    let e = params
        .clone()
        .tied_with("stages[1].c", "stages[0].l", TieMap::scaled(1e-3).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("the units differ"), "{e}");
    // The tied value within the follower's bounds: both named, the map shown.
    let bounded = params.bounded("stages[3].c", 0.0..=5e-12).unwrap();
    let e = bounded
        .clone()
        .tied_with("stages[3].c", "stages[1].c", TieMap::scaled(10.0).unwrap())
        .unwrap_err();
    let m = e.to_string();
    assert!(matches!(e, Error::InvalidTie(_)), "{m}");
    assert!(
        m.contains("stages[3].c") && m.contains("stages[1].c") && m.contains("* 10"),
        "{m}"
    );
    // Also when a selected vector would push the follower out.
    let tied = bounded
        .tied_with("stages[3].c", "stages[1].c", TieMap::scaled(2.0).unwrap())
        .unwrap();
    let free = tied.partition(&Filter::Free).unwrap();
    assert!(free.combine(&[8e-9, 2e-12, 2e-9]).is_ok());
    assert!(matches!(
        free.combine(&[8e-9, 3e-12, 2e-9]),
        Err(Error::InvalidTie(_))
    ));
    // Bad maps.
    for (a, b) in [(0.0, 0.0), (f64::NAN, 0.0), (1.0, f64::INFINITY)] {
        let e = TieMap::affine(a, b).unwrap_err();
        assert!(matches!(e, Error::InvalidTie(_)), "{e}");
    }
}

#[test]
fn gradients_through_mapped_ties_are_exact() {
    let params = mapped();
    let free = params.partition(&Filter::Free).unwrap();
    let (value, grad) = value_and_gradient(&params, &Filter::Free, objective::<Grad>).unwrap();
    assert!((value - objective::<f64>(params.model())).abs() < 1e-15);
    // Chain rule by hand: d/dl0 = g0 + g2 / 4, d/dc1 = g1 + 2 g3.
    let g = gradient(params.model(), &Filter::All, objective::<Grad>).unwrap();
    assert!((grad[0] / (g[0] + 0.25 * g[2]) - 1.0).abs() < 1e-13);
    assert!((grad[1] / (g[1] + 2.0 * g[3]) - 1.0).abs() < 1e-13);
    // Central differences through the partition.
    let x = free.selected();
    for k in 0..x.len() {
        let h = x[k] * 1e-5;
        let (mut plus, mut minus) = (x.clone(), x.clone());
        plus[k] += h;
        minus[k] -= h;
        let fd = (objective::<f64>(&free.apply(&plus).unwrap())
            - objective::<f64>(&free.apply(&minus).unwrap()))
            / (2.0 * h);
        assert!(
            (grad[k] / fd - 1.0).abs() < 1e-7,
            "{k}: {} vs {fd}",
            grad[k]
        );
    }
    // Through a chain: l0 -> l2 (x 0.25) -> ... c's unchanged, the slope multiplies.
    type Three = Cascade<(SeriesL, SeriesL, SeriesL)>;
    let chained = Cascade::new((SeriesL::new(4e-9), SeriesL::new(2e-9), SeriesL::new(1e-9)))
        .params()
        .unwrap()
        .tied_with("stages[1].l", "stages[0].l", TieMap::scaled(0.5).unwrap())
        .unwrap()
        .tied_with("stages[2].l", "stages[1].l", TieMap::scaled(0.5).unwrap())
        .unwrap();
    let f = |m: &<Three as Model>::Rebind<Grad>| m.s_at(Grad::from(1.3e9))[1][0].norm_sqr();
    let fr = |m: &Three| m.s_at(1.3e9)[1][0].norm_sqr();
    let g = gradient(&chained, &Filter::Free, f).unwrap();
    let all = gradient(chained.model(), &Filter::All, f).unwrap();
    assert!((g[0] / (all[0] + 0.5 * all[1] + 0.25 * all[2]) - 1.0).abs() < 1e-13);
    let part = chained.partition(&Filter::Free).unwrap();
    let h = 4e-14;
    let fd =
        (fr(&part.apply(&[4e-9 + h]).unwrap()) - fr(&part.apply(&[4e-9 - h]).unwrap())) / (2.0 * h);
    assert!((g[0] / fd - 1.0).abs() < 1e-7, "{} vs {fd}", g[0]);
}

#[test]
fn saved_tables_keep_maps_and_chains() {
    let model = ladder();
    let params = mapped();
    let json = serde_json::to_string(&params).unwrap();
    assert!(
        json.contains("\"tie_map\":{\"scale\":0.25,\"offset\":0.0}"),
        "{json}"
    );
    let table: ParamTable = serde_json::from_str(&json).unwrap();
    let loaded = Params::load(&model, table).unwrap();
    assert_eq!(loaded, params);
    // An identity tie writes no map (tables saved before maps existed read the same).
    let plain = model
        .params()
        .unwrap()
        .tied("stages[2].l", "stages[0].l")
        .unwrap();
    assert!(!serde_json::to_string(&plain).unwrap().contains("tie_map"));
    // A saved map that is no map, or a map without a tie, is refused.
    let bad = json.replace("\"scale\":0.25", "\"scale\":0.0");
    let e = Params::load(&model, serde_json::from_str(&bad).unwrap()).unwrap_err();
    assert!(matches!(e, Error::InvalidTie(_)), "{e}");
    let orphan = json.replace("\"tied_to\":\"stages[0].l\",", "");
    let e = Params::load(&model, serde_json::from_str(&orphan).unwrap()).unwrap_err();
    assert!(e.to_string().contains("not tied"), "{e}");
    // A saved cycle is refused.
    let mut chain = Cascade::new(vec![SeriesL::new(1e-9); 2]).params().unwrap();
    chain.tie("stages[1].l", "stages[0].l").unwrap();
    let json = serde_json::to_string(&chain).unwrap().replace(
        "\"name\":\"stages[0].l\"",
        "\"name\":\"stages[0].l\",\"tied_to\":\"stages[1].l\"",
    );
    let e = Params::load(
        &Cascade::new(vec![SeriesL::new(1e-9); 2]),
        serde_json::from_str(&json).unwrap(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("cycle"), "{e}");
}
