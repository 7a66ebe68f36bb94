//! Lumped elements (ideal, lossy by Q or ESR, resonators, immittances) as 1-ports and in
//! series or shunt, and the pi, T and L sections.

use pyo3::prelude::*;

use super::{add, parts};

parts! {
    /// A resistor `r` (ohm) in series between port 1 and port 2.
    SeriesR(r) => SeriesR, 2;
    /// An inductor `l` (H) in series between port 1 and port 2.
    SeriesL(l) => SeriesL, 2;
    /// A capacitor `c` (F) in series between port 1 and port 2.
    SeriesC(c) => SeriesC, 2;
    /// A resistor `r` (ohm) from the through line to ground.
    ShuntR(r) => ShuntR, 2;
    /// An inductor `l` (H) from the through line to ground.
    ShuntL(l) => ShuntL, 2;
    /// A capacitor `c` (F) from the through line to ground.
    ShuntC(c) => ShuntC, 2;
    /// A series RLC (`r` ohm, `l` H, `c` F, in series with each other) between port 1 and 2.
    SeriesRlc(r, l, c) => SeriesRlc, 2;
    /// A series RLC (`r` ohm, `l` H, `c` F, in series with each other) from the line to ground.
    ShuntRlc(r, l, c) => ShuntRlc, 2;
    /// A resistor `r` (ohm) as a 1-port.
    Resistor(r) => Resistor, 1;
    /// An inductor `l` (H) as a 1-port.
    Inductor(l) => Inductor, 1;
    /// A capacitor `c` (F) as a 1-port.
    Capacitor(c) => Capacitor, 1;

    /// A capacitor `c` (F) of constant quality factor `q` (`|X| / R`) as a 1-port.
    CapacitorQ(c, q) => CapacitorQ, 1;
    /// A capacitor `c` (F) of constant quality factor `q` in series between port 1 and 2.
    SeriesCQ(c, q) => SeriesCQ, 2;
    /// A capacitor `c` (F) of constant quality factor `q` from the line to ground.
    ShuntCQ(c, q) => ShuntCQ, 2;
    /// An inductor `l` (H) of constant quality factor `q` (`X / R`) as a 1-port.
    InductorQ(l, q) => InductorQ, 1;
    /// An inductor `l` (H) of constant quality factor `q` in series between port 1 and 2.
    SeriesLQ(l, q) => SeriesLQ, 2;
    /// An inductor `l` (H) of constant quality factor `q` from the line to ground.
    ShuntLQ(l, q) => ShuntLQ, 2;
    /// A capacitor `c` (F) with an equivalent series resistance `esr` (ohm) as a 1-port.
    CapacitorEsr(c, esr) => CapacitorEsr, 1;
    /// A capacitor `c` (F) with a series resistance `esr` (ohm) in series between port 1 and 2.
    SeriesCEsr(c, esr) => SeriesCEsr, 2;
    /// A capacitor `c` (F) with a series resistance `esr` (ohm) from the line to ground.
    ShuntCEsr(c, esr) => ShuntCEsr, 2;
    /// An inductor `l` (H) with a series (DC) resistance `esr` (ohm) as a 1-port.
    InductorEsr(l, esr) => InductorEsr, 1;
    /// An inductor `l` (H) with a series resistance `esr` (ohm) in series between port 1 and 2.
    SeriesLEsr(l, esr) => SeriesLEsr, 2;
    /// An inductor `l` (H) with a series resistance `esr` (ohm) from the line to ground.
    ShuntLEsr(l, esr) => ShuntLEsr, 2;

    /// A series RLC resonator (`r` ohm, `l` H, `c` F in series) as a 1-port.
    RlcSeries(r, l, c) => RlcSeries, 1;
    /// A parallel RLC resonator (`r` ohm, `l` H, `c` F in parallel) as a 1-port.
    RlcParallel(r, l, c) => RlcParallel, 1;
    /// A parallel RLC (`r` ohm, `l` H, `c` F in parallel) in series between port 1 and 2.
    SeriesParallelRlc(r, l, c) => SeriesParallelRlc, 2;
    /// A parallel RLC (`r` ohm, `l` H, `c` F in parallel) from the line to ground.
    ShuntParallelRlc(r, l, c) => ShuntParallelRlc, 2;

    /// A frequency-independent impedance `Z = r + j x` (ohm) as a 1-port.
    Impedance(r, x) => Impedance, 1;
    /// An impedance `Z = r + j x` (ohm) in series between port 1 and port 2.
    SeriesImpedance(r, x) => SeriesImpedance, 2;
    /// An impedance `Z = r + j x` (ohm) from the line to ground.
    ShuntImpedance(r, x) => ShuntImpedance, 2;
    /// A frequency-independent admittance `Y = g + j b` (S) as a 1-port.
    Admittance(g, b) => Admittance, 1;
    /// An admittance `Y = g + j b` (S) in series between port 1 and port 2.
    SeriesAdmittance(g, b) => SeriesAdmittance, 2;
    /// An admittance `Y = g + j b` (S) from the line to ground.
    ShuntAdmittance(g, b) => ShuntAdmittance, 2;

    /// A pi section of admittances (S): `g1 + j b1` from port 1 to ground, `g2 + j b2` from
    /// port 2 to ground, `g3 + j b3` in series between the ports.
    PiSection(g1, b1, g2, b2, g3, b3) => PiSection, 2;
    /// A T section of impedances (ohm): `r1 + j x1` in series at port 1, `r2 + j x2` in series
    /// at port 2, `r3 + j x3` from the middle node to ground.
    TSection(r1, x1, r2, x2, r3, x3) => TSection, 2;
    /// An L section: the impedance `r + j x` (ohm) in series at port 1, then the admittance
    /// `g + j b` (S) to ground at port 2.
    LSection(r, x, g, b) => LSection, 2;
    /// A CLC pi section: `c1` (F) to ground at port 1, `l` (H) in series, `c2` (F) to ground
    /// at port 2.
    PiSectionClc(c1, l, c2) => PiSectionClc, 2;
    /// An LCL T section: `l1` (H) in series at port 1, `c` (F) to ground, `l2` (H) in series
    /// at port 2.
    TSectionLcl(l1, c, l2) => TSectionLcl, 2;
    /// An LC L section: `l` (H) in series at port 1, then `c` (F) to ground at port 2.
    LSectionLc(l, c) => LSectionLc, 2;
}

/// Adds the lumped elements and sections to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add!(
        m,
        SeriesR,
        SeriesL,
        SeriesC,
        ShuntR,
        ShuntL,
        ShuntC,
        SeriesRlc,
        ShuntRlc,
        Resistor,
        Inductor,
        Capacitor,
        CapacitorQ,
        SeriesCQ,
        ShuntCQ,
        InductorQ,
        SeriesLQ,
        ShuntLQ,
        CapacitorEsr,
        SeriesCEsr,
        ShuntCEsr,
        InductorEsr,
        SeriesLEsr,
        ShuntLEsr,
        RlcSeries,
        RlcParallel,
        SeriesParallelRlc,
        ShuntParallelRlc,
        Impedance,
        SeriesImpedance,
        ShuntImpedance,
        Admittance,
        SeriesAdmittance,
        ShuntAdmittance,
        PiSection,
        TSection,
        LSection,
        PiSectionClc,
        TSectionLcl,
        LSectionLc,
    )
}
