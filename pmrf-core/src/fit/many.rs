//! One model fitted to many measured devices: [`fit_files`] reads each Touchstone file and
//! runs the fit a closure makes from it (the same start, objective and method for every
//! file, typically), in parallel over the files, and returns one
//! [`DeviceFit`] row per file in input order. A file that cannot be read or fitted is a row
//! with its error, never a stopped run. Rows go to CSV ([`to_csv`], read back by
//! [`from_csv`]) and, with the `serde` feature, to JSON or any serde format.
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::components::SeriesC;
//! use pmrf::fit::{Fit, Method, Objective, Term, many};
//! use pmrf::io::touchstone::WriteOptions;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
//! let mut paths = Vec::new();
//! for c in [1.5e-12, 2.2e-12] {
//!     let path = dir.path().join(format!("c{}.s2p", c * 1e13));
//!     SeriesC::new(c).network(&freq)?.write_touchstone(&path, &WriteOptions::new())?;
//!     paths.push(path);
//! }
//! paths.push(dir.path().join("missing.s2p"));
//! let start = SeriesC::new(3e-12);
//! let rows = many::fit_files::<_, _, 2>(&paths, |data| {
//!     let fit = Fit::new(&start, Objective::new().term(Term::new(data.clone())))?;
//!     Ok(fit.method(Method::LevenbergMarquardt))
//! });
//! assert!((rows[1].values[0] / 2.2e-12 - 1.0).abs() < 1e-6);
//! assert!(rows[2].error.as_deref().unwrap().contains("missing.s2p"));
//! assert_eq!(many::to_csv(&rows).lines().count(), 4); // a header and a line per file
//! # Ok::<(), pmrf::Error>(())
//! ```

use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;

use super::Fit;
use crate::diff::Differentiable;
use crate::params::Model;
use crate::{Error, Network, Result};

/// The fit of one device (one file): its parameters, or why there are none.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DeviceFit {
    /// The file, as given.
    pub file: String,
    /// The fitted parameters' names (empty when the fit failed).
    pub names: Vec<String>,
    /// The fitted values (SI units), in the order of `names`.
    pub values: Vec<f64>,
    /// Their standard errors ([`FitResult::std_errors`](super::FitResult::std_errors)); `None`
    /// when the fit does not give them.
    pub std_errors: Option<Vec<f64>>,
    /// The objective's loss at the fitted model; `None` when the fit failed.
    pub loss: Option<f64>,
    /// Iterations of the optimiser.
    pub iterations: usize,
    /// Evaluations of the objective.
    pub evaluations: usize,
    /// Why the optimiser stopped (the text of [`Termination`](crate::optim::Termination));
    /// `None` when the fit failed.
    pub termination: Option<String>,
    /// Whether it stopped at a minimum ([`Termination::is_converged`](crate::optim::Termination::is_converged)).
    pub converged: bool,
    /// Why the file could not be read or fitted; `None` for a fit.
    pub error: Option<String>,
}

impl DeviceFit {
    /// A row for `file` that failed with `error`.
    pub fn failed(file: impl Into<String>, error: impl ToString) -> Self {
        DeviceFit {
            file: file.into(),
            error: Some(error.to_string()),
            ..DeviceFit::default()
        }
    }

    /// True when the file was read and fitted (the optimiser may still not have converged).
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}

/// Runs the fit `fit` makes from each Touchstone file of `paths` (typically
/// `Fit::new(&start, objective)` with the file's network as data, and any method, selection
/// or options), on every core (rayon over the files). One row per file, in the order of
/// `paths`.
///
/// A file that cannot be read, a `fit` that returns an error and a fit that fails each give
/// a row with [`DeviceFit::error`]; the other files are fitted all the same.
pub fn fit_files<'a, M, P, const N: usize>(
    paths: &[P],
    fit: impl Fn(&Network) -> Result<Fit<'a, M>> + Sync,
) -> Vec<DeviceFit>
where
    M: Model<Scalar = f64> + Differentiable<N> + Send + Sync,
    P: AsRef<Path> + Sync,
{
    paths
        .par_iter()
        .map(|path| {
            let path = path.as_ref();
            let file = path.display().to_string();
            fit_one::<M, N>(path, &fit).unwrap_or_else(|e| DeviceFit::failed(file, e))
        })
        .collect()
}

fn fit_one<'a, M, const N: usize>(
    path: &Path,
    fit: impl Fn(&Network) -> Result<Fit<'a, M>>,
) -> Result<DeviceFit>
where
    M: Model<Scalar = f64> + Differentiable<N> + Sync,
{
    let data = Network::from_touchstone(path)?;
    let result = fit(&data)?.run::<N>()?;
    let report = result.report();
    Ok(DeviceFit {
        file: path.display().to_string(),
        names: result.names().to_vec(),
        values: result.values().to_vec(),
        std_errors: result.std_errors(),
        loss: Some(result.loss()),
        iterations: report.iterations,
        evaluations: report.evaluations,
        termination: Some(report.termination.to_string()),
        converged: report.termination.is_converged(),
        error: None,
    })
}

/// The fixed columns of the CSV, before a value and a standard error per parameter.
const COLUMNS: [&str; 7] = [
    "file",
    "loss",
    "iterations",
    "evaluations",
    "converged",
    "termination",
    "error",
];
/// The suffix of a parameter's standard-error column.
const STD_ERROR: &str = " std error";

/// `rows` as CSV: one header line, then one line per row. The columns are `file`, `loss`,
/// `iterations`, `evaluations`, `converged`, `termination`, `error`, then per parameter (those of
/// the first row that has any) its value and `<name> std error`. Empty fields for what a row does
/// not have; fields with commas, quotes or line breaks quoted (`"`, doubled inside). Numbers
/// are written in the shortest exponent form (`1.5e-12`) that [`from_csv`] reads back as the
/// same `f64`.
pub fn to_csv(rows: &[DeviceFit]) -> String {
    let names = rows
        .iter()
        .find(|r| !r.names.is_empty())
        .map_or(&[][..], |r| &r.names[..]);
    let mut header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    for name in names {
        header.push(name.clone());
        header.push(format!("{name}{STD_ERROR}"));
    }
    let mut out = String::new();
    push_line(&mut out, header);
    for row in rows {
        let mut fields = vec![
            row.file.clone(),
            row.loss.map_or(String::new(), number),
            row.iterations.to_string(),
            row.evaluations.to_string(),
            row.converged.to_string(),
            row.termination.clone().unwrap_or_default(),
            row.error.clone().unwrap_or_default(),
        ];
        for name in names {
            let k = row.names.iter().position(|n| n == name);
            let value = k.and_then(|k| row.values.get(k));
            let error = k.and_then(|k| row.std_errors.as_ref()?.get(k));
            fields.push(value.copied().map_or(String::new(), number));
            fields.push(error.copied().map_or(String::new(), number));
        }
        push_line(&mut out, fields);
    }
    out
}

/// `x` in the shortest form that reads back as the same `f64` (`1.5e-12`, `0e0`).
fn number(x: f64) -> String {
    format!("{x:e}")
}

fn push_line(out: &mut String, fields: Vec<String>) {
    for (k, field) in fields.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            let _ = write!(out, "\"{}\"", field.replace('"', "\"\""));
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

/// Reads back the rows [`to_csv`] wrote.
///
/// # Errors
/// [`Error::Fit`] naming the line and column for a header that does not start with the columns
/// [`to_csv`] writes, a line with another number of fields than the header, a number that does
/// not parse, or an unterminated quote.
pub fn from_csv(text: &str) -> Result<Vec<DeviceFit>> {
    let records = split_records(text)?;
    let Some((header, lines)) = records.split_first() else {
        return Err(Error::Fit("CSV of device fits: no header line".into()));
    };
    if header.len() < COLUMNS.len()
        || header[..COLUMNS.len()] != COLUMNS
        || !(header.len() - COLUMNS.len()).is_multiple_of(2)
    {
        return Err(Error::Fit(format!(
            "CSV of device fits, line 1: expected the header `{}` and a value and std error \
             column per parameter, got `{}`",
            COLUMNS.join(","),
            header.join(",")
        )));
    }
    let names: Vec<String> = header[COLUMNS.len()..].iter().step_by(2).cloned().collect();
    lines
        .iter()
        .enumerate()
        .map(|(i, fields)| {
            let line = i + 2;
            if fields.len() != header.len() {
                return Err(Error::Fit(format!(
                    "CSV of device fits, line {line}: expected {} fields, got {}",
                    header.len(),
                    fields.len()
                )));
            }
            let parse = |col: usize| -> Result<Option<f64>> {
                let f = &fields[col];
                if f.is_empty() {
                    return Ok(None);
                }
                f.parse()
                    .map(Some)
                    .map_err(|_| bad(line, &header[col], f, "a number"))
            };
            let count = |col: usize| -> Result<usize> {
                fields[col]
                    .parse()
                    .map_err(|_| bad(line, &header[col], &fields[col], "a count"))
            };
            let text = |col: usize| Some(fields[col].clone()).filter(|f| !f.is_empty());
            let mut row = DeviceFit {
                file: fields[0].clone(),
                loss: parse(1)?,
                iterations: count(2)?,
                evaluations: count(3)?,
                converged: fields[4]
                    .parse()
                    .map_err(|_| bad(line, "converged", &fields[4], "true or false"))?,
                termination: text(5),
                error: text(6),
                ..DeviceFit::default()
            };
            let mut errors = Vec::new();
            for (k, name) in names.iter().enumerate() {
                let col = COLUMNS.len() + 2 * k;
                if let Some(v) = parse(col)? {
                    row.names.push(name.clone());
                    row.values.push(v);
                    errors.push(parse(col + 1)?);
                }
            }
            if !errors.is_empty() {
                row.std_errors = errors.into_iter().collect();
            }
            Ok(row)
        })
        .collect()
}

fn bad(line: usize, column: &str, field: &str, expected: &str) -> Error {
    Error::Fit(format!(
        "CSV of device fits, line {line}, column `{column}`: expected {expected}, got `{field}`"
    ))
}

/// The records of a CSV text, with quoted fields (which may hold commas, quotes, line breaks).
fn split_records(text: &str) -> Result<Vec<Vec<String>>> {
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let (mut quoted, mut line) = (false, 1);
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                line += usize::from(c == '\n');
                field.push(c);
            }
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                line += 1;
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(Error::Fit(format!(
            "CSV of device fits, line {line}: a quoted field is not closed"
        )));
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips_rows_with_quotes_and_failures() {
        let rows = vec![
            DeviceFit {
                file: "a,b.s2p".into(),
                names: vec!["r".into(), "c".into()],
                values: vec![10.5, 1.25e-12],
                std_errors: Some(vec![0.1, 3e-15]),
                loss: Some(1.5e-20),
                iterations: 7,
                evaluations: 9,
                termination: Some("converged: step below xtol".into()),
                converged: true,
                error: None,
            },
            DeviceFit::failed(
                "bad.s2p",
                "line 3: \"x\" is not a number,\nexpected a float",
            ),
        ];
        let csv = to_csv(&rows);
        assert_eq!(
            csv.lines().next().unwrap(),
            "file,loss,iterations,evaluations,converged,termination,error,r,r std error,c,c std error"
        );
        assert_eq!(from_csv(&csv).unwrap(), rows);
    }

    #[test]
    fn csv_errors_name_the_line_and_column() {
        let err = from_csv("file,loss\n").unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
        let head = "file,loss,iterations,evaluations,converged,termination,error\n";
        let err = from_csv(&format!("{head}a,x,1,1,true,,\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2, column `loss`") && err.contains("`x`"),
            "{err}"
        );
        let err = from_csv(&format!("{head}a,1\n")).unwrap_err().to_string();
        assert!(err.contains("expected 7 fields, got 2"), "{err}");
        let err = from_csv(&format!("{head}\"a,1\n")).unwrap_err().to_string();
        assert!(err.contains("not closed"), "{err}");
    }
}
