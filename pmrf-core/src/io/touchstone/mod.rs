//! Touchstone files (`.sNp`, `.ts`): reading into and writing from a [`Network`].
//!
//! # What is read
//!
//! Both versions of the format, as specified by the IBIS Open Forum (Touchstone File Format
//! Specification, Rev. 1.1, 2002, and Version 2.0, 2009, with the additions of Version 2.1,
//! 2024):
//!
//! - **Version 1** (`.sNp`, any number of ports `N >= 1`): the option line
//!   `# <unit> <parameter> <format> R <n>` with its keywords in any order and any case, each
//!   optional (defaults `# GHz S MA R 50`); unit Hz, kHz, MHz, GHz (and THz, which some tools
//!   write); parameter S, Y, Z, G or H (G and H for 2-ports only); format MA (magnitude and
//!   angle in degrees), DB (`20 log10 |x|` and angle) or RI (real and imaginary); one reference
//!   resistance `R n`, or one per port (`R 50 75`, the "Version 1.1" syntax of Touchstone 2.1).
//!   Only the first option line counts; later ones are ignored, as the specification says.
//! - **Version 2** (`[Version] 2.0` or `2.1`): `[Number of Ports]`, `[Two-Port Data Order]`
//!   (`12_21` or `21_12`; `21_12`, the version 1 order, when absent), `[Number of Frequencies]`,
//!   `[Number of Noise Frequencies]`, `[Reference]` (one resistance per port, on the keyword's
//!   line and/or the following lines), `[Matrix Format]` (`Full`, `Lower` or `Upper`: the
//!   triangles describe a symmetric matrix), `[Begin Information]`/`[End Information]`
//!   (skipped), `[Network Data]`, `[Noise Data]` and `[End]`.
//! - **Mixed-mode data** (`[Mixed-Mode Order] D1,2 C1,2 S3`, after `[Number of Ports]`): the
//!   network holds the data as the file lists them, port `i` being entry `i` of the order, kept
//!   in [`Touchstone::mixed_mode_order`]; each mode port's reference comes from the
//!   single-ended references of its ports (`Ra + Rb` differential, `(Ra + Rb) / 4` common, as
//!   scikit-rf reads them), Y and Z data are converted at those. [`Touchstone::single_ended`]
//!   converts to single-ended S ([`Network::gmm2se`]); [`WriteOptions::mixed_mode_order`]
//!   writes the keyword back.
//! - **Data order**: a 2-port point is `f S11 S21 S12 S22` in version 1 (and with `21_12`), `f
//!   S11 S12 S21 S22` with `12_21`; three or more ports are row-major. A point's values may be
//!   split over any number of lines (writers put at most 4 pairs on a line and start each matrix
//!   row on a new one), but every point starts on a new line. In version 1 a 1- or 2-port point
//!   is one line, as the specification writes it: this is what catches a file whose port count
//!   is not the one its name says.
//! - **Comments** (`!` to the end of the line) anywhere, blank lines, tabs, Windows (CR LF) and
//!   classic Mac (CR) line ends, a UTF-8 byte order mark, non-ASCII bytes in comments. Comments
//!   are not interpreted: HFSS's `! Port Impedance` and `! Gamma` blocks (which scikit-rf reads
//!   as per-point reference impedances) are ignored, so such a file is read at the option
//!   line's `R`. The header's comments are kept in [`Touchstone::comments`] up to
//!   [`MAX_COMMENT_LINES`] lines and [`MAX_COMMENT_BYTES`] bytes; the rest are counted.
//! - **Memory**: files are read line by line, never held whole; what the reader keeps is the
//!   numbers of the data, the bounded comments and the longest line.
//! - **Y, Z, H and G data** are converted to S at the file's reference resistances `R_i` (real,
//!   per port): with `z = R^-1/2 Z R^-1/2` and `y = R^1/2 Y R^1/2`,
//!   `S = (z + I)^-1 (z - I)` and `S = (I + y)^-1 (I - y)`; for H and G the normalised 2-port
//!   matrices `h = [[h11/R1, h12 k], [h21 k, h22 R2]]` (`k = sqrt(R2/R1)`) and
//!   `g = [[g11 R1, g12/k], [g21/k, g22/R2]]` give, with `dh = (1 + h11)(1 + h22) - h12 h21`,
//!   `S = [[(h11 - 1)(h22 + 1) - h12 h21, 2 h12], [-2 h21, (1 + h11)(1 - h22) + h12 h21]] / dh`
//!   and, with `dg = (1 + g11)(1 + g22) - g12 g21`,
//!   `S = [[(1 - g11)(1 + g22) + g12 g21, -2 g12], [2 g21, (1 + g11)(g22 - 1) - g12 g21]] / dg`.
//!   **Version 1 files hold these parameters normalised** ("R n ... the real impedance to which
//!   the parameters are normalized", Rev. 1.1): the file's numbers are `z`, `y`, `h`, `g`
//!   themselves. **Version 2 files hold them in ohm and siemens**. Where the matrix to invert is
//!   singular (a Z file with `Z = -R`), that point's S is NaN: it does not exist.
//! - **Noise parameters** of 2-ports (version 1: the rows after the network data, whose first
//!   frequency does not exceed the last network frequency and which have the 5 values of a
//!   noise point; version 2: `[Noise Data]`) are read into [`Touchstone::noise`], never an
//!   error if well formed. A version 1 line whose frequency does not exceed the last one but
//!   has another number of values is reported as a repeated or descending frequency.
//!
//! Frequencies are converted to Hz exactly: the file's decimal number with its exponent shifted
//! by the unit (`1.5` GHz is read as the decimal `1.5e9`, correctly rounded), not multiplied in
//! floating point; a frequency is in range if its value in Hz is (`1e-330` GHz is `1e-321` Hz).
//! A DB magnitude of `-inf` (how writers, pmrf's included, print `|S| = 0`) is read as 0. An MA
//! magnitude beyond the largest `f64` (an S with both parts near `f64::MAX` has one, up to
//! `1.41 f64::MAX`) is read as its tenth and multiplied in after the polar conversion; only a
//! value whose parts are beyond the range of an `f64` is refused.
//!
//! # Errors
//!
//! Malformed input is an [`Error::Touchstone`] naming the file, the line and what was expected;
//! the reader never panics (it is fuzzed). Refused: a missing or malformed option line, unknown
//! keywords or options, a non-numeric token, NaN or an infinite value, a point with the wrong
//! number of values, frequencies that are negative or not strictly ascending, a port count that
//! disagrees with the file name or the caller, a count that disagrees with `[Number of
//! Frequencies]`, a version 2 keyword given twice (the message names both lines), a truncated
//! or empty file, data after `[End]`.
//!
//! # Writing
//!
//! [`write()`], [`write_to`] and [`to_string`] print S-parameters as version 1 or 2 with the unit
//! and format of [`WriteOptions`], every number in the shortest decimal form that reads back to
//! the same `f64` (Rust's round-trip formatting), so a file in RI format reads back exactly
//! (bit for bit, but for the sign of zero: `-0.0` is written `0`), frequencies included; MA and
//! DB read back to within the rounding of the polar conversion (a few `1e-16` relative; in DB
//! also a few ulps of the decibel value, and subnormal parts to within a few steps of the
//! subnormal grid). Whatever finite network the writer accepts, the reader reads back: from
//! 0 Hz and subnormal frequencies to `f64::MAX` Hz, S of any finite size in every format. Version 1 needs one real reference impedance on all ports; version
//! 2 one real reference per port; both need references constant in frequency (renormalise the
//! network first otherwise) and an S without NaN.
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::io::touchstone;
//!
//! let text = "! a 1-port load\n# MHz S RI R 75\n100 0.5 0.0\n200 0.25 -0.5 ! a comment\n";
//! let file = touchstone::read_str(text, Some(1))?;
//! let net = &file.network;
//! assert_eq!(net.frequency().hz(), &[100e6, 200e6]);
//! assert_eq!(net.s()[[1, 0, 0]], Complex::new(0.25, -0.5));
//! assert_eq!(net.z0()[[0, 0]].re, 75.0);
//! assert_eq!(file.comments, vec!["a 1-port load"]);
//!
//! // Malformed input names the line and what was expected:
//! let err = touchstone::read_str("# GHz S RI\n1 0.5\n", Some(1)).unwrap_err();
//! assert!(err.to_string().starts_with("Touchstone line 2:"), "{err}");
//! # Ok::<(), pmrf::Error>(())
//! ```

mod lex;
mod mixed;
mod numbers;
mod read;
mod write;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use num_complex::Complex64;

use crate::{Error, Frequency, FrequencyUnit, Network, Result};

pub use mixed::{MixedModeOrder, ModePort};

/// At most this many header comments are kept in [`Touchstone::comments`]; the reader counts
/// the rest in [`Touchstone::omitted_comments`], so a file of endless comments does not
/// become endless memory.
pub const MAX_COMMENT_LINES: usize = 1000;

/// At most this many bytes of header comments (64 KiB) are kept in [`Touchstone::comments`]:
/// the comments that fit, in order; from the first that does not, they are only counted.
pub const MAX_COMMENT_BYTES: usize = 64 * 1024;

/// The version of the Touchstone format a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Version {
    /// Version 1 (1.0 and 1.1): an option line and data, the classic `.sNp` file.
    #[default]
    V1,
    /// Version 2 (2.0 and 2.1): `[Version] 2.0` and keywords; per-port references.
    V2,
}

/// The kind of network parameters a file holds (the option line's `S`, `Y`, `Z`, `H`, `G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Parameter {
    /// Scattering parameters.
    #[default]
    S,
    /// Admittance parameters.
    Y,
    /// Impedance parameters.
    Z,
    /// Hybrid-h parameters (2-ports only).
    H,
    /// Hybrid-g (inverse hybrid) parameters (2-ports only).
    G,
}

/// How each complex value is written as a pair of numbers (the option line's `MA`, `DB`, `RI`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NumberFormat {
    /// `RI`: real and imaginary part. The only format that writes and reads back exactly.
    #[default]
    RealImaginary,
    /// `MA`: magnitude and angle in degrees.
    MagnitudeAngle,
    /// `DB`: `20 log10(magnitude)` and angle in degrees.
    DecibelAngle,
}

impl NumberFormat {
    /// The option line's keyword: `"RI"`, `"MA"` or `"DB"`.
    ///
    /// ```
    /// use pmrf::io::touchstone::NumberFormat;
    ///
    /// assert_eq!(NumberFormat::default().keyword(), "RI");
    /// assert_eq!(NumberFormat::DecibelAngle.keyword(), "DB");
    /// ```
    pub fn keyword(self) -> &'static str {
        match self {
            Self::RealImaginary => "RI",
            Self::MagnitudeAngle => "MA",
            Self::DecibelAngle => "DB",
        }
    }
}

impl Parameter {
    /// The option line's keyword: `"S"`, `"Y"`, `"Z"`, `"H"` or `"G"`.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::S => "S",
            Self::Y => "Y",
            Self::Z => "Z",
            Self::H => "H",
            Self::G => "G",
        }
    }
}

/// How a version 2 file lists the matrix of each point (`[Matrix Format]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MatrixFormat {
    /// Every entry (version 1 files are always full).
    #[default]
    Full,
    /// The lower triangle, row by row, of a symmetric matrix.
    Lower,
    /// The upper triangle, row by row, of a symmetric matrix.
    Upper,
}

/// The noise parameters of a 2-port, as a Touchstone file lists them.
///
/// The source reflection coefficient is always given as magnitude and angle in the file,
/// whatever the option line's format; it is converted to a complex number here.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NoiseData {
    /// The noise frequencies (Hz), strictly ascending; they need not be the network's.
    pub frequency: Frequency,
    /// The minimum noise figure in dB.
    pub nf_min_db: Vec<f64>,
    /// The source reflection coefficient that gives the minimum noise figure.
    pub gamma_opt: Vec<Complex64>,
    /// The effective noise resistance normalised to the reference resistance, `Rn / R`, as the
    /// file gives it.
    pub rn: Vec<f64>,
}

/// Everything read from a Touchstone file: the network and what the file says about it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Touchstone {
    /// The S-parameters (converted from Y, Z, H or G where the file holds those) at the file's
    /// reference resistances, which are the network's `z0`. Named after the file's stem when
    /// read from a path, unnamed otherwise.
    pub network: Network,
    /// The noise parameters, if the file has any (2-ports only).
    pub noise: Option<NoiseData>,
    /// The file's version.
    pub version: Version,
    /// The frequency unit of the option line (also the network's display unit).
    pub unit: FrequencyUnit,
    /// The parameters the file holds.
    pub parameter: Parameter,
    /// The number format of the file's pairs (`RI`, `MA` or `DB`).
    pub format: NumberFormat,
    /// The matrix format (always [`MatrixFormat::Full`] for version 1).
    pub matrix_format: MatrixFormat,
    /// The comments before the first data line, without the `!` (and without one leading
    /// space and trailing white space), in order: the first [`MAX_COMMENT_LINES`] of them, as
    /// far as they fit in [`MAX_COMMENT_BYTES`].
    pub comments: Vec<String>,
    /// How many comments before the first data line were not kept in `comments` (0 unless
    /// the header exceeds [`MAX_COMMENT_LINES`] or [`MAX_COMMENT_BYTES`]).
    pub omitted_comments: usize,
    /// The `[Mixed-Mode Order]` of a file of mixed-mode data (`network` then lists its ports in
    /// this order), `None` for single-ended data.
    pub mixed_mode_order: Option<MixedModeOrder>,
}

impl Touchstone {
    /// The measured active 2-port of this file: its network's S-parameters interpolated by
    /// `method` and its noise block, doing `extrapolation` outside either (see
    /// [`NoisyTwoPort`](crate::components::NoisyTwoPort)). The noise rows are referred to the
    /// file's reference resistance (port 1's) and converted to 50 ohm.
    ///
    /// # Errors
    /// [`crate::Error::InvalidNetwork`] if the file has no noise block
    /// or its reference at port 1 is not a positive resistance; else as
    /// [`NoisyTwoPort::new`](crate::components::NoisyTwoPort::new).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::Extrapolation;
    /// use pmrf::io::touchstone;
    /// use pmrf::network::noise::NoiseSweep;
    ///
    /// let text = "# GHz S MA R 50\n1 0 0 10 0 0 0 0 0\n2 0 0 10 0 0 0 0 0\n\
    ///             1 1.0 0 0 0.2\n2 2.0 0 0 0.2\n";
    /// let lna = touchstone::read_str(text, Some(2))?
    ///     .noisy_two_port(Interpolation::Linear, Extrapolation::Refuse)?;
    /// let grid = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz)?;
    /// let nf = lna.noise_figure_db(&grid, 0, 1, Complex::new(0.0, 0.0))?;
    /// assert!((nf[0] - 1.0).abs() < 1e-12 && (nf[2] - 2.0).abs() < 1e-12);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn noisy_two_port(
        &self,
        method: crate::network::Interpolation,
        extrapolation: crate::components::Extrapolation,
    ) -> Result<crate::components::NoisyTwoPort> {
        let name = self.network.name();
        let Some(noise) = &self.noise else {
            return Err(crate::Error::InvalidNetwork(format!(
                "Touchstone `{name}` has no noise block; a noisy 2-port needs one"
            )));
        };
        let r = self.network.z0()[[0, 0]];
        if r.im != 0.0 || r.re.is_nan() || r.re <= 0.0 {
            return Err(crate::Error::InvalidNetwork(format!(
                "Touchstone `{name}`: noise parameters need a positive real reference at port 1, \
                 got {r} ohm"
            )));
        }
        let params: Vec<_> = (0..noise.rn.len())
            .map(|k| {
                crate::components::params_at_reference(
                    noise.nf_min_db[k],
                    noise.gamma_opt[k],
                    noise.rn[k],
                    r.re,
                )
            })
            .collect();
        crate::components::NoisyTwoPort::with_extrapolation(
            &self.network,
            noise.frequency.hz(),
            &params,
            method,
            extrapolation,
        )
    }

    /// The network, by value.
    pub fn into_network(self) -> Network {
        self.network
    }

    /// The single-ended network: [`Touchstone::network`] itself for single-ended data, else
    /// its mixed-mode data converted by [`MixedModeOrder::to_single_ended`] (single-ended port
    /// `a` of the order is port `a - 1`).
    ///
    /// # Errors
    /// As [`MixedModeOrder::to_single_ended`].
    ///
    /// ```
    /// use pmrf::io::touchstone;
    ///
    /// // An ideal differential thru: SDD21 = SDD12 = 1, at 100 ohm differential.
    /// let text = "[Version] 2.0\n# GHz S RI R 50\n[Number of Ports] 4\n[Number of Frequencies] 1\n\
    ///     [Mixed-Mode Order] D1,2 D3,4 C1,2 C3,4\n[Network Data]\n\
    ///     1 0 0 1 0 0 0 0 0\n 1 0 0 0 0 0 0 0\n 0 0 0 0 0 0 0 0\n 0 0 0 0 0 0 0 0\n";
    /// let file = touchstone::read_str(text, None)?;
    /// assert_eq!(file.network.z0()[[0, 0]].re, 100.0);
    /// let se = file.single_ended()?;
    /// assert_eq!(se.z0()[[0, 0]].re, 50.0);
    /// // Half the differential signal goes 1 -> 3, and -0.5 from port 1 to port 4.
    /// assert!((se.s()[[0, 2, 0]].re - 0.5).abs() < 1e-15);
    /// assert!((se.s()[[0, 3, 0]].re + 0.5).abs() < 1e-15);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn single_ended(&self) -> Result<Network> {
        match &self.mixed_mode_order {
            None => Ok(self.network.clone()),
            Some(order) => order.to_single_ended(&self.network),
        }
    }
}

/// The port count a file's extension implies: `Some(Some(n))` for `.sNp` (and `.yNp`, `.zNp`,
/// `.hNp`, `.gNp`; any case), `Some(None)` for `.ts`, `None` for anything else.
pub(crate) fn ports_from_extension(path: &Path) -> Option<Option<usize>> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if ext == "ts" {
        return Some(None);
    }
    let b = ext.as_bytes();
    if b.len() >= 3
        && matches!(b[0], b's' | b'y' | b'z' | b'h' | b'g')
        && b[b.len() - 1] == b'p'
        && b[1..b.len() - 1].iter().all(u8::is_ascii_digit)
    {
        // Absurd port counts (`.s99999999999999999999p`) saturate and fail later, on the data.
        let n = ext[1..ext.len() - 1].parse().unwrap_or(usize::MAX);
        return Some(Some(n));
    }
    None
}

/// Whether `path` is named like a Touchstone file (`.sNp`, `.yNp`, `.zNp`, `.hNp`, `.gNp` or
/// `.ts`, any case).
pub fn is_touchstone_path(path: impl AsRef<Path>) -> bool {
    ports_from_extension(path.as_ref()).is_some()
}

fn touchstone_error(file: Option<&Path>, line: usize, message: impl Into<String>) -> Error {
    Error::Touchstone {
        file: file.map(Path::to_path_buf),
        line,
        message: message.into(),
    }
}

/// Reads the Touchstone file at `path`. The port count comes from the extension (`.s2p` is a
/// 2-port) for version 1, from `[Number of Ports]` for version 2 (`.ts`, or `.sNp` with the
/// same count). The network is named after the file's stem (`"line"` for `data/line.s2p`).
///
/// # Errors
/// [`Error::Touchstone`] naming the file: it cannot be read, a version 1 file whose name gives no
/// port count (read it with [`read_from`] and the count), or any malformed content (see the
/// [module documentation](self)).
///
/// ```
/// use pmrf::io::touchstone;
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("thru.s2p");
/// std::fs::write(&path, "# Hz S RI R 50\n1e9 0 0 1 0 1 0 0 0\n").unwrap();
/// let file = touchstone::read(&path)?;
/// assert_eq!(file.network.name(), "thru");
/// assert_eq!(file.network.s()[[0, 1, 0]].re, 1.0);
///
/// let missing = touchstone::read(dir.path().join("missing.s2p")).unwrap_err();
/// assert!(missing.to_string().contains("missing.s2p"));
/// # Ok::<(), pmrf::Error>(())
/// ```
pub fn read(path: impl AsRef<Path>) -> Result<Touchstone> {
    let path = path.as_ref();
    let reader = fs::File::open(path)
        .map(BufReader::new)
        .map_err(|e| touchstone_error(Some(path), 0, format!("cannot read the file: {e}")))?;
    let hint = match ports_from_extension(path) {
        Some(Some(n)) => read::PortsHint::Extension(n),
        _ => read::PortsHint::None,
    };
    let mut file = read::parse(reader, hint).map_err(|f| f.into_error(Some(path)))?;
    if let Some(stem) = path.file_stem() {
        file.network = file.network.with_name(stem.to_string_lossy());
    }
    Ok(file)
}

/// Reads Touchstone text. `ports` is the port count of a version 1 text (which has no other
/// way to say it); for version 2 it may be `None`, or must agree with `[Number of Ports]`.
///
/// # Errors
/// [`Error::Touchstone`] with the line, for malformed content (see the
/// [module documentation](self)), a version 1 text without `ports`, or a `ports` that
/// disagrees with the text.
pub fn read_str(text: &str, ports: Option<usize>) -> Result<Touchstone> {
    read::parse(text.as_bytes(), read::PortsHint::from(ports)).map_err(|f| f.into_error(None))
}

/// Reads Touchstone content from any reader (a file, a socket, a byte slice), line by line,
/// as [`read_str`]. The bytes need not be UTF-8 (comments in Latin-1 are common); everything but
/// comments must be ASCII.
///
/// # Errors
/// As [`read_str`], and [`Error::Touchstone`] if reading fails.
///
/// ```
/// use pmrf::io::touchstone;
///
/// let data: &[u8] = b"[Version] 2.0\r\n# GHz S MA R 50\r\n[Number of Ports] 1\r\n\
///     [Number of Frequencies] 1\r\n[Network Data]\r\n1.5 0.5 90\r\n[End]\r\n";
/// let file = touchstone::read_from(data, None)?;
/// assert_eq!(file.version, touchstone::Version::V2);
/// let s = file.network.s()[[0, 0, 0]];
/// assert_eq!((s.re, s.im), (0.0, 0.5)); // exact at multiples of 90 degrees
/// # Ok::<(), pmrf::Error>(())
/// ```
pub fn read_from(reader: impl BufRead, ports: Option<usize>) -> Result<Touchstone> {
    read::parse(reader, read::PortsHint::from(ports)).map_err(|f| f.into_error(None))
}

/// How [`write()`] prints a network: version, frequency unit, number format and comments.
///
/// The default is version 1, RI, the network's own display unit, no comments.
///
/// ```
/// use pmrf::FrequencyUnit;
/// use pmrf::io::touchstone::{NumberFormat, Version, WriteOptions};
///
/// let options = WriteOptions::new()
///     .version(Version::V2)
///     .unit(FrequencyUnit::MHz)
///     .format(NumberFormat::DecibelAngle)
///     .comment("measured 2026-01-05");
/// # let _ = options;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriteOptions {
    version: Version,
    unit: Option<FrequencyUnit>,
    format: NumberFormat,
    comments: Vec<String>,
    mixed_mode_order: Option<MixedModeOrder>,
}

impl WriteOptions {
    /// The defaults: version 1, RI, the network's unit, no comments.
    pub fn new() -> Self {
        Self::default()
    }

    /// The version to write.
    #[must_use]
    pub fn version(self, version: Version) -> Self {
        Self { version, ..self }
    }

    /// The frequency unit of the file (default: the network's display unit). The format has no
    /// THz: THz is written as GHz.
    #[must_use]
    pub fn unit(self, unit: FrequencyUnit) -> Self {
        Self {
            unit: Some(unit),
            ..self
        }
    }

    /// The number format of the pairs (default [`NumberFormat::RealImaginary`]).
    #[must_use]
    pub fn format(self, format: NumberFormat) -> Self {
        Self { format, ..self }
    }

    /// Writes the network's ports as mixed-mode data in `order` (version 2 only):
    /// `[Mixed-Mode Order]` and, as references, those of the single-ended ports, half a
    /// differential port's (see [`MixedModeOrder::references`]). Read back, the file gives the
    /// same network and order.
    #[must_use]
    pub fn mixed_mode_order(self, order: MixedModeOrder) -> Self {
        Self {
            mixed_mode_order: Some(order),
            ..self
        }
    }

    /// Adds a comment to the file's header; a text with line breaks (LF, CR LF or a lone CR,
    /// every line end the reader knows) gives several comment lines, so no comment text can
    /// change what the file says.
    #[must_use]
    pub fn comment(mut self, text: impl Into<String>) -> Self {
        self.comments.push(text.into());
        self
    }
}

/// Writes `network` as a Touchstone file at `path`. A name ending in `.sNp` must have the
/// network's port count `N`, and a version 1 file must not be named `.ts`.
///
/// # Errors
/// [`Error::InvalidNetwork`] for a network the format cannot hold (see [`to_string`]) or a file
/// name that contradicts it; [`Error::Touchstone`] naming the file if writing fails.
pub fn write(path: impl AsRef<Path>, network: &Network, options: &WriteOptions) -> Result<()> {
    let path = path.as_ref();
    match ports_from_extension(path) {
        Some(Some(n)) if n != network.nports() => {
            return Err(Error::InvalidNetwork(format!(
                "cannot write a {}-port network to `{}`: the name says {n} ports; name it \
                 .s{}p",
                network.nports(),
                path.display(),
                network.nports()
            )));
        }
        Some(None) if options.version == Version::V1 => {
            return Err(Error::InvalidNetwork(format!(
                "`{}` is named as a version 2 file (.ts), but version 1 was asked for; name it \
                 .s{}p or write version 2",
                path.display(),
                network.nports()
            )));
        }
        _ => {}
    }
    let text = to_string(network, options)?;
    let io = |e: std::io::Error| touchstone_error(Some(path), 0, format!("cannot write: {e}"));
    let mut file = fs::File::create(path).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.flush().map_err(io)
}

/// Writes `network` as Touchstone text to any writer.
///
/// # Errors
/// As [`to_string`], and [`Error::Touchstone`] if writing fails.
pub fn write_to(mut writer: impl Write, network: &Network, options: &WriteOptions) -> Result<()> {
    let text = to_string(network, options)?;
    writer
        .write_all(text.as_bytes())
        .and_then(|()| writer.flush())
        .map_err(|e| touchstone_error(None, 0, format!("cannot write: {e}")))
}

/// `network` as Touchstone text.
///
/// # Errors
/// [`Error::InvalidNetwork`] if the format cannot hold the network: a NaN S-parameter (the
/// format has no missing values), a complex reference impedance or one that changes with
/// frequency (renormalise first), or, for version 1, reference impedances that differ between
/// ports (write version 2); with a [`WriteOptions::mixed_mode_order`], version 1, an order of
/// another port count, or a common-mode reference that is not a quarter of its
/// differential one.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesR;
/// use pmrf::io::touchstone::{self, WriteOptions};
///
/// let freq = Frequency::from_values(&[1.0, 1.5], FrequencyUnit::GHz)?;
/// let thru = Network::from_s(freq.clone(), SeriesR::new(0.0).s(&freq))?;
/// let text = touchstone::to_string(&thru, &WriteOptions::new())?;
/// assert!(text.contains("# GHz S RI R 50\n"));
/// assert!(text.ends_with("\n1.5 0 0 1 0 1 0 0 0\n")); // S11 S21 S12 S22
///
/// let net = Network::from_s(freq.clone(), SeriesR::new(50.0).s(&freq))?;
/// let text = touchstone::to_string(&net, &WriteOptions::new())?;
/// let back = touchstone::read_str(&text, Some(2))?.network;
/// assert_eq!(back.s(), net.s()); // exactly
/// assert_eq!(back.frequency(), net.frequency());
/// # Ok::<(), pmrf::Error>(())
/// ```
pub fn to_string(network: &Network, options: &WriteOptions) -> Result<String> {
    write::render(network, options)
}

impl Network {
    /// Reads a Touchstone file into a network named after the file's stem; see
    /// [`io::touchstone::read`](read), which also returns noise data, the file's format and
    /// comments.
    ///
    /// # Errors
    /// As [`io::touchstone::read`](read).
    pub fn from_touchstone(path: impl AsRef<Path>) -> Result<Network> {
        read(path).map(Touchstone::into_network)
    }

    /// Writes the network as a Touchstone file; see [`io::touchstone::write`](write()).
    ///
    /// # Errors
    /// As [`io::touchstone::write`](write()).
    pub fn write_touchstone(&self, path: impl AsRef<Path>, options: &WriteOptions) -> Result<()> {
        write(path, self, options)
    }
}

/// A reader's failure before it knows the file: a line and a message.
#[derive(Debug)]
pub(crate) struct Fail {
    line: usize,
    message: String,
}

impl Fail {
    pub(crate) fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }

    fn into_error(self, file: Option<&Path>) -> Error {
        Error::Touchstone {
            file: file.map(PathBuf::from),
            line: self.line,
            message: self.message,
        }
    }
}
