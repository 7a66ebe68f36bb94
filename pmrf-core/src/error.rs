//! The one error type of pmrf: every fallible public operation returns [`Result<T>`].

use std::path::PathBuf;

use thiserror::Error as ThisError;

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
    /// A parameter value was NaN or infinite.
    #[error("parameter `{name}` must be finite, got {value}")]
    NonFinite {
        /// Path name of the parameter.
        name: String,
        /// The offending value.
        value: f64,
    },
    /// A parameter value lies outside its bounds.
    #[error("parameter `{name}` = {value} is outside its bounds [{lower}, {upper}]")]
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
    /// A name or glob pattern matched no parameter.
    #[error("no parameter matches `{pattern}`; the parameters are: {available}")]
    UnknownParam {
        /// The name or pattern that matched nothing.
        pattern: String,
        /// A comma-separated list of the model's parameter names.
        available: String,
    },
    /// Bounds with `lower >= upper` or a non-finite/NaN end.
    #[error("invalid bounds for `{name}`: [{lower}, {upper}] (need lower < upper, no NaN)")]
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
    #[error("cannot sample parameter `{name}`: it has neither a prior nor finite bounds")]
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

fn touchstone_display(file: Option<&std::path::Path>, line: usize, message: &str) -> String {
    match (file, line) {
        (Some(f), 0) => format!("{}: {message}", f.display()),
        (Some(f), l) => format!("{}:{l}: {message}", f.display()),
        (None, 0) => format!("Touchstone: {message}"),
        (None, l) => format!("Touchstone line {l}: {message}"),
    }
}
