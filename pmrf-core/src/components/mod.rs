//! Built-in components, all declared with `#[derive(Model)]`:
//!
//! * lumped elements, each as a two-terminal 1-port for circuits ([`Resistor`], [`Capacitor`],
//!   ...), in series ([`SeriesR`], ...) or in shunt ([`ShuntC`], ...): ideal R, L, C; lossy C
//!   and L of constant Q ([`CapacitorQ`], [`SeriesCQ`], [`ShuntLQ`], ...) or with a series
//!   resistance ([`InductorEsr`], [`SeriesCEsr`], ...); series and parallel RLC resonators
//!   ([`RlcSeries`], [`SeriesRlc`], [`ShuntParallelRlc`], ...); and frequency-independent
//!   immittances ([`Impedance`], [`SeriesImpedance`], [`ShuntAdmittance`], ...;
//!   [`SeriesImpedance`] shows how to write a frequency-dependent one);
//! * sections: generic [`PiSection`], [`TSection`], [`LSection`] and the reactive
//!   [`PiSectionClc`], [`TSectionLcl`], [`LSectionLc`];
//! * ideal parts: terminations ([`Open`], [`Short`], [`Match`], [`Port`], [`LoadZ`],
//!   [`LoadGamma`], [`LoadGammaPolar`]), [`Attenuator`], [`Isolator`], [`Amplifier`],
//!   [`IdealTransformer`] (2-port) and [`IdealTransformer4`], [`DirectionalCoupler`], the N-way
//!   [`Junction`] ([`Tee`]), [`ResistiveSplitter`] and [`PowerSplitter`];
//! * coupled parts ([`CoupledInductors`], floating [`CoupledInductors4`],
//!   [`CentreTappedTransformer`], [`Autotransformer`]), ParamRF's ideal
//!   [`IdealCentreTappedTransformer`] and [`IdealAutotransformer`], and ideal converters ([`Balun`],
//!   [`SourceConverter`], [`MixedModeConverter`]); the ideal 4-port [`BranchLineHybrid`] and
//!   [`RatRaceHybrid`]; box sections ([`BoxSection`], [`BoxSectionClcc`]);
//! * transmission lines ([`lines`]): [`DelayLine`], [`PhaseLine`], [`RlgcLine`],
//!   [`PhysicalLine`], [`DatasheetCable`], [`CoaxialLine`], [`Microstrip`], [`Stripline`],
//!   [`CoplanarWaveguide`], [`RectangularWaveguide`], all
//!   built on the exact [`LineSection`] (write your own through [`UniformLine`]), with
//!   [`materials`] as sub-models (dielectrics, conductors, roughness, substrates);
//! * composites whose parameter names are their parts' paths: the 2-port [`Cascade`] of any
//!   number of heterogeneous 2-ports, two networks [`Connected`] port to port, an N-port
//!   [`Terminated`] by a 1-port, any 1-port as the [`Series`] or [`Shunt`] arm of a 2-port, a
//!   [`Flipped`] 2-port, a [`Renumbered`] N-port, a part [`AtTemperature`] (for noise), and a
//!   [`Circuit`] of any of them: named parts on named nets (`#[derive(Circuit)]`, or a
//!   [`Netlist`] built at run time);
//! * rational models: the [`PoleResidue`] `N`-port, started from data by [`vector_fit`];
//! * measured or simulated data as blocks: a [`DataBlock`] of `N` ports, a [`DynBlock`] of any
//!   port count in run-time circuits ([`WithBlocks`]).

mod active;
mod compose;
mod data_block;
mod hybrids;
mod ideal;
pub mod lines;
mod lumped;
mod magnetic;
pub mod materials;
mod rational;
mod sections;

pub(crate) use active::params_at_reference;
pub use active::{NoisyAmplifier, NoisyTwoPort};
pub use compose::{
    AtTemperature, Cascade, Circuit, CircuitSolver, Connected, Flipped, GROUND, Netlist, PartList,
    Renumbered, Series, Shunt, Stages, Terminated, WithBlocks, circuit,
};
pub use data_block::{DataBlock, DynBlock, Extrapolation};
pub use hybrids::{BoxSection, BoxSectionClcc, BranchLineHybrid, RatRaceHybrid};
pub use ideal::{
    Amplifier, Attenuator, DirectionalCoupler, IdealTransformer, IdealTransformer4, Isolator,
    Junction, LoadGamma, LoadGammaPolar, LoadZ, Match, Open, Port, PowerSplitter,
    ResistiveSplitter, Short, Tee,
};
pub use lines::{
    CoaxialLine, CoplanarWaveguide, DatasheetCable, DelayLine, FloatingLine, LineSection,
    Microstrip, PhaseLine, PhysicalLine, Quasistatic, RectangularWaveguide, RlgcLine, Stripline,
    TaperProfile, TaperedLine, UniformLine,
};
pub use lumped::{
    Admittance, Capacitor, CapacitorEsr, CapacitorQ, Impedance, Inductor, InductorEsr, InductorQ,
    Resistor, RlcParallel, RlcSeries, SeriesAdmittance, SeriesC, SeriesCEsr, SeriesCQ,
    SeriesImpedance, SeriesL, SeriesLEsr, SeriesLQ, SeriesParallelRlc, SeriesR, SeriesRlc,
    ShuntAdmittance, ShuntC, ShuntCEsr, ShuntCQ, ShuntImpedance, ShuntL, ShuntLEsr, ShuntLQ,
    ShuntParallelRlc, ShuntR, ShuntRlc,
};
pub use magnetic::{
    Autotransformer, Balun, CentreTappedTransformer, CoupledInductors, CoupledInductors4,
    IdealAutotransformer, IdealCentreTappedTransformer, MixedModeConverter, SourceConverter,
};
pub use rational::{
    AutoFit, AutoFitSettings, Passivity, PassivityEnforcement, PolePair, PoleResidue, PoleSpacing,
    RealPole, Resonance, StateSpace, VectorFit, VectorFitSettings, auto_fit, enforce_passivity,
    passivity, passivity_test, vector_fit,
};
pub use sections::{LSection, LSectionLc, PiSection, PiSectionClc, TSection, TSectionLcl};

/// The name of part type `P` for messages, without module paths (`type_name` with
/// `pmrf_core::components::` and the like removed).
pub(crate) fn part_name<P>() -> String {
    let full = std::any::type_name::<P>();
    let mut name = String::with_capacity(full.len());
    let mut word = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            name.push_str(word.rsplit("::").next().unwrap_or(&word));
            word.clear();
            name.push(c);
        }
    }
    name.push_str(word.rsplit("::").next().unwrap_or(&word));
    name
}

#[cfg(test)]
mod tests {
    #[test]
    fn part_names_have_no_module_paths() {
        let name = super::part_name::<super::Cascade<(super::SeriesL, Vec<super::ShuntC>)>>();
        assert_eq!(name, "Cascade<(SeriesL, Vec<ShuntC>)>");
    }
}
