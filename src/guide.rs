//! The user guide, for an RF engineer new to Rust and for a ParamRF user.
//!
//! The chapters are markdown files under `guide/` in the repository (read them there with
//! their pictures) included here, so `cargo test` compiles and runs every Rust code block in
//! them (the Python blocks of chapter 12 run in `python/tests/test_guide.py`).
//!
//! 1. [Install](install)
//! 2. [A first model](first_model)
//! 3. [Parameters, priors and tables](parameters)
//! 4. [Composition and circuits](composition)
//! 5. [Measured data](measured_data)
//! 6. [Fitting](fitting)
//! 7. [Bayesian inference](inference)
//! 8. [Batches and yield](batches)
//! 9. [Noise](noise)
//! 10. [Speed](speed)
//! 11. [From ParamRF](from_paramrf)
//! 12. [From Python](from_python)

macro_rules! chapters {
    ($($(#[$attr:meta])* $name:ident = $file:literal;)*) => {
        $(
            $(#[$attr])*
            #[doc = include_str!(concat!("../guide/", $file))]
            pub mod $name {}
        )*
    };
}

chapters! {
    install = "01-install.md";
    first_model = "02-first-model.md";
    parameters = "03-parameters.md";
    composition = "04-composition.md";
    measured_data = "05-measured-data.md";
    fitting = "06-fitting.md";
    inference = "07-inference.md";
    batches = "08-batches.md";
    noise = "09-noise.md";
    speed = "10-speed.md";
    from_paramrf = "11-from-paramrf.md";
    from_python = "12-python.md";
}
