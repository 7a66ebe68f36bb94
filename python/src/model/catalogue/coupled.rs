//! Coupled and converting parts: magnetic (coupled inductors, transformers, baluns), mode
//! converters, hybrids and box sections.

use pmrf::components as pc;
use pyo3::prelude::*;

use super::{add, part, parts};
use crate::model::PyModel;

parts! {
    /// Two coupled inductors with a common ground, a 2-port: `l1` (H) from port 1 and `l2`
    /// (H) from port 2 to ground, coupling `k` (mutual `k sqrt(l1 l2)`).
    CoupledInductors(l1, l2, k) => CoupledInductors, 2;
    /// Two coupled inductors with floating windings, a 4-port: `l1` (H) between ports 1 (+)
    /// and 2, `l2` (H) between ports 3 (+) and 4, coupling `k`.
    CoupledInductors4(l1, l2, k) => CoupledInductors4, 4;
    /// A transformer of coupled inductors with a grounded centre tap, a 3-port: primary `l1`
    /// (H) at port 1, secondary `l2` (H, whole winding) between ports 2 and 3, coupling `k`.
    CentreTappedTransformer(l1, l2, k) => CentreTappedTransformer, 3;
    /// An autotransformer of coupled inductors, a 2-port: `l1` (H) from port 1 (the tap) to
    /// ground, `l2` (H) from port 2 to the tap, coupling `k`.
    Autotransformer(l1, l2, k) => Autotransformer, 2;
    /// An ideal balun of ratio `n`, a 3-port: port 1 single-ended, ports 2 and 3 the balanced
    /// pair, `V2 - V3 = n V1`.
    Balun(n) => Balun, 3;
    /// ParamRF's ideal autotransformer of voltage ratio `n`, a 3-port (`V1 - V3 = n (V2 - V3)`).
    IdealAutotransformer(n) => IdealAutotransformer, 3;
    /// ParamRF's ideal centre-tapped transformer, a 5-port: ratio `n`, the tap at fraction
    /// `tap` (0 to 1) of the primary.
    IdealCentreTappedTransformer(n, tap) => IdealCentreTappedTransformer, 5;
    /// A box section (ParamRF's `BoxSectionClcc`), a 4-port: `c1` (F) between ports 1 and 3,
    /// `l` (H) between ports 1 and 2, `c2` (F) between ports 2 and 4, `c3` (F) between ports
    /// 3 and 4.
    BoxSectionClcc(c1, l, c2, c3) => BoxSectionClcc, 4;
}

/// ParamRF's source converter, a 3-port: the ideal 1 : 1 balun (port 1 single-ended, ports 2
/// and 3 the balanced pair).
#[pyfunction]
pub fn SourceConverter() -> PyResult<PyModel> {
    part::<_, 3>(pc::SourceConverter::new())
}

/// ParamRF's mixed-mode converter, an ideal lossless 4-port: port 1 differential, port 2
/// common mode, ports 3 and 4 the single-ended pair.
#[pyfunction]
pub fn MixedModeConverter() -> PyResult<PyModel> {
    part::<_, 4>(pc::MixedModeConverter::new())
}

/// The ideal 90 degree branch-line hybrid at 50 ohm, a 4-port (port 4 isolated from 1).
#[pyfunction]
pub fn BranchLineHybrid() -> PyResult<PyModel> {
    part::<_, 4>(pc::BranchLineHybrid::new())
}

/// The ideal 180 degree rat-race hybrid at 50 ohm, a 4-port (port 1 sum, port 4 difference).
#[pyfunction]
pub fn RatRaceHybrid() -> PyResult<PyModel> {
    part::<_, 4>(pc::RatRaceHybrid::new())
}

/// A box section of four admittances (S), a 4-port: `g1 + j b1` between ports 1 and 3,
/// `g2 + j b2` between 2 and 4, `g3 + j b3` between 1 and 2, `g4 + j b4` between 3 and 4.
#[pyfunction]
#[pyo3(signature = (*, g1, b1, g2, b2, g3, b3, g4, b4))]
#[allow(clippy::too_many_arguments)]
pub fn BoxSection(
    g1: f64,
    b1: f64,
    g2: f64,
    b2: f64,
    g3: f64,
    b3: f64,
    g4: f64,
    b4: f64,
) -> PyResult<PyModel> {
    let b = pc::BoxSection {
        g1,
        b1,
        g2,
        b2,
        g3,
        b3,
        g4,
        b4,
    };
    part::<_, 4>(b)
}

/// Adds the coupled parts to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add!(
        m,
        CoupledInductors,
        CoupledInductors4,
        CentreTappedTransformer,
        Autotransformer,
        Balun,
        IdealAutotransformer,
        IdealCentreTappedTransformer,
        SourceConverter,
        MixedModeConverter,
        BranchLineHybrid,
        RatRaceHybrid,
        BoxSection,
        BoxSectionClcc,
    )
}
