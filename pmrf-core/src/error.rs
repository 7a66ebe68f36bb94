//! The one error type of pmrf: every fallible public operation returns [`Result<T>`].

use std::path::PathBuf;

use thiserror::Error as ThisError;

use crate::units::{num, width};

/// Shorthand for `Result<T, pmrf::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in pmrf, each with what was wrong and what was expected.
#[derive(Debug, Clone, PartialEq, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// A parameter vector had the wrong length.
    #[error("wrong number of parameter values: expected {expected}, got {got}")]
    ParamCount {
        /// How many values the model (or selection) has.
        expected: usize,
        /// How many were given.
        got: usize,
    },
    /// A parameter value was NaN, or a value that must be finite was not (an optimiser's start
    /// point, a tolerance). In a parameter table an infinite value is a value where the bounds
    /// reach infinity, and [`Error::OutOfBounds`] where they do not.
    #[error(
        "parameter `{name}` must be {}, got {}",
        if .value.is_nan() { "a number" } else { "finite" },
        num(*.value)
    )]
    NonFinite {
        /// Path name of the parameter.
        name: String,
        /// The offending value.
        value: f64,
    },
    /// A parameter value lies outside its bounds.
    #[error(
        "parameter `{name}` = {} is outside its bounds [{}, {}]",
        num(*.value), num(*.lower), num(*.upper)
    )]
    OutOfBounds {
        /// Path name of the parameter.
        name: String,
        /// The offending value.
        value: f64,
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
    },
    /// An argument of a constructor that is not what the part needs, e.g. a diameter that is
    /// not finite and positive.
    #[error("`{name}` = {}: must be {expected}", num(*.value))]
    InvalidArgument {
        /// Name of the argument, as in the constructor's signature.
        name: String,
        /// The offending value.
        value: f64,
        /// What it must be, e.g. `"finite and > 0"`.
        expected: String,
    },
    /// A port index beyond the ports of a part (ports are 0-based).
    #[error("{}", port_display(.part, *.port, *.ports))]
    PortOutOfRange {
        /// The part and the operation, e.g. ``"network `SeriesR` of Terminated::new"``.
        part: String,
        /// The port index given.
        port: usize,
        /// How many ports the part has.
        ports: usize,
    },
    /// A name or glob pattern matched no parameter.
    #[error("no {what} named `{name}`; the {what}s are: {available}")]
    UnknownName {
        /// What was looked for: `"net"`, `"part"`.
        what: &'static str,
        /// The name given.
        name: String,
        /// The names there are, comma-separated.
        available: String,
    },
    /// A name or glob pattern matched no parameter.
    #[error("no parameter matches `{pattern}`; the parameters are: {available}")]
    UnknownParam {
        /// The name or pattern that matched nothing.
        pattern: String,
        /// A comma-separated list of the model's parameter names.
        available: String,
    },
    /// Bounds with `lower >= upper`, a NaN end, or finite ends whose width overflows `f64`.
    #[error(
        "invalid bounds for `{name}`: [{}, {}]: {}",
        num(*.lower), num(*.upper), bounds_problem(*.lower, *.upper)
    )]
    InvalidBounds {
        /// Path name of the parameter.
        name: String,
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
    },
    /// A prior distribution with invalid arguments.
    #[error("invalid prior: {0}")]
    InvalidPrior(String),
    /// A tie that would be circular or refers to itself.
    #[error("invalid tie: {0}")]
    InvalidTie(String),
    /// Sampling needs a prior or finite bounds for every sampled parameter.
    #[error(
        "cannot sample parameter `{name}`: it has no prior and infinite bounds; give it a prior \
         or finite bounds"
    )]
    NotSampleable {
        /// Path name of the parameter.
        name: String,
    },
    /// A frequency grid was empty.
    #[error("frequency grid is empty: give at least one point")]
    EmptyFrequency,
    /// A frequency grid held NaN or an infinite value.
    #[error("frequency point {index} is not finite ({value} Hz)")]
    NonFiniteFrequency {
        /// Index of the point.
        index: usize,
        /// Its value in Hz.
        value: f64,
    },
    /// A frequency grid held a negative value.
    #[error("frequency point {index} is negative ({value} Hz); frequencies must be >= 0")]
    NegativeFrequency {
        /// Index of the point.
        index: usize,
        /// Its value in Hz.
        value: f64,
    },
    /// A frequency grid was not strictly ascending.
    #[error(
        "frequency grid must be strictly ascending: point {index} ({value} Hz) does not exceed the one before ({previous} Hz)"
    )]
    NonAscendingFrequency {
        /// Index of the point that is not larger than its predecessor.
        index: usize,
        /// Its value in Hz.
        value: f64,
        /// The value before it in Hz.
        previous: f64,
    },
    /// A frequency specification that cannot describe a grid (log grid through 0, unknown unit, ...).
    #[error("invalid frequency specification: {0}")]
    InvalidFrequency(String),
    /// A parameter table that does not describe the model it is used with.
    #[error("parameter layout mismatch: {0}")]
    Layout(String),
    /// A function of a model gave a non-finite value or derivative.
    #[error("non-finite result: {0}")]
    NonFiniteResult(String),
    /// A request too large to allocate (points, members, outputs).
    #[error("too large: {0}")]
    TooLarge(String),
    /// A parameter block or batch with an inconsistent shape.
    #[error("shape mismatch: {0}")]
    Shape(String),
    /// A network that cannot be built or read as asked: a reference impedance that is not
    /// finite or has `Re(z0) <= 0`, an infinite S-parameter, a port out of range, or an entry name
    /// such as `"s21"` that does not parse.
    #[error("invalid network: {0}")]
    InvalidNetwork(String),
    /// A time-domain transform or gate that cannot run as asked: a frequency grid that is not
    /// uniform, too short or (low-pass) without a DC point, a gate outside the time span, an
    /// unknown window (`Network::impulse_response`, `time_gate`, ...).
    #[error("time domain: {0}")]
    TimeDomain(String),
    /// An objective or fit that cannot run as asked: no term and no goal, a term or goal weight,
    /// point weight or Huber delta that is not finite and non-negative, every weight 0, a term
    /// that covers no point of its data, a goal on a complex feature or with a non-finite limit,
    /// a loss that is not a sum of squares given to a least-squares optimiser, or terms, goals
    /// and data that do not match the model (a part it does not have, a part named in a whole
    /// fit or none in a joint one, a port count other than the data's).
    #[error("fit: {0}")]
    Fit(String),
    /// A fit, posterior or sampler was given no parameter to vary: every selected parameter is
    /// fixed, or the filter selects none.
    #[error(
        "no free parameter: the filter selects none, or every parameter it selects is fixed; \
         free one (`Params::free`) or select one"
    )]
    NoFreeParameter,
    /// A plot that cannot be drawn or written: an unknown file extension, nothing to draw, a
    /// feature that has no real view, a file that cannot be written.
    #[error("cannot plot: {0}")]
    Plot(String),
    /// A sampler asked for something it cannot do (no chains, too few live points, a start
    /// point of the wrong length or outside the support) or failed while running.
    #[error("sampler: {0}")]
    Sampling(String),
    /// A long run (a sampler) was stopped by its progress callback.
    #[error("cancelled by the progress callback")]
    Cancelled,
    /// A distributed run (feature `mpi`) ended on every rank because one failed: the lowest
    /// failing rank and its error's message, the same on every rank.
    #[error("rank {rank} failed: {message}")]
    Distributed {
        /// The rank whose error ended the run.
        rank: usize,
        /// That rank's error, as it displays.
        message: String,
    },
    /// A Touchstone file that cannot be read or written: malformed content (what was found, on
    /// which line, and what was expected), or an I/O failure.
    ///
    /// Displays as `file:line: message` (compiler style), `Touchstone line 12: message` for text
    /// not read from a file, and without the line where the problem is not tied to one.
    #[error("{}", touchstone_display(.file.as_deref(), *.line, .message))]
    Touchstone {
        /// The file, when the text was read from (or written to) a path.
        file: Option<PathBuf>,
        /// The 1-based line the problem was found on; 0 where it concerns no single line (an
        /// I/O error, a network that cannot be written).
        line: usize,
        /// What was wrong and what was expected.
        message: String,
    },
}

impl Error {
    /// [`Error::InvalidArgument`]: `name = value` must be `expected`.
    pub(crate) fn invalid(name: &str, value: f64, expected: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name: name.to_owned(),
            value,
            expected: expected.into(),
        }
    }
}

/// Why `[lower, upper]` are no bounds.
fn bounds_problem(lower: f64, upper: f64) -> String {
    if lower.is_nan() || upper.is_nan() {
        "an end is NaN; give numbers (infinite for no bound)".to_owned()
    } else if lower >= upper {
        "need lower < upper".to_owned()
    } else {
        format!("the width {} overflows f64", width(lower, upper))
    }
}

fn port_display(part: &str, port: usize, ports: usize) -> String {
    let valid = match ports {
        0 => return format!("port {port} is out of range for {part}, which has no ports"),
        1 => "1 port: 0".to_owned(),
        n => format!("{n} ports: 0 to {}", n - 1),
    };
    format!("port {port} is out of range for {part}, which has {valid} (ports are 0-based)")
}

fn touchstone_display(file: Option<&std::path::Path>, line: usize, message: &str) -> String {
    match (file, line) {
        (Some(f), 0) => format!("{}: {message}", f.display()),
        (Some(f), l) => format!("{}:{l}: {message}", f.display()),
        (None, 0) => format!("Touchstone: {message}"),
        (None, l) => format!("Touchstone line {l}: {message}"),
    }
}
