//! The reader: one pass over the lines, a small state machine for the sections of a file, and
//! the conversion of the collected numbers into a [`Network`] at the end.

use std::io::BufRead;

use ndarray::{Array2, Array3};
use num_complex::Complex64;

use super::lex::{self, Finite, Lines};
use super::numbers;
use super::{
    Fail, MAX_COMMENT_BYTES, MAX_COMMENT_LINES, MatrixFormat, MixedModeOrder, NoiseData,
    NumberFormat, Parameter, Touchstone, Version,
};
use crate::{Frequency, FrequencyUnit, Network};

type Parsed<T> = Result<T, Fail>;

/// Where the port count of a version 1 file comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum PortsHint {
    /// Nowhere: a version 1 file cannot be read.
    None,
    /// The file name's extension (`.s2p`).
    Extension(usize),
    /// The caller.
    Given(usize),
}

impl From<Option<usize>> for PortsHint {
    fn from(n: Option<usize>) -> Self {
        n.map_or(Self::None, Self::Given)
    }
}

impl PortsHint {
    fn ports(self) -> Option<usize> {
        match self {
            Self::None => None,
            Self::Extension(n) | Self::Given(n) => Some(n),
        }
    }

    fn source(self) -> &'static str {
        match self {
            Self::None => "nothing",
            Self::Extension(_) => "the file name",
            Self::Given(_) => "the caller",
        }
    }
}

/// The option line, as read.
struct Options {
    unit: FrequencyUnit,
    parameter: Parameter,
    format: NumberFormat,
    /// The values after `R` (one, or one per port).
    resistance: Vec<f64>,
    line: usize,
}

/// Where in the file the parser is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before the data: comments, the option line, version 2 keywords.
    Header,
    /// Collecting the values of `[Reference]` (started on the given line).
    Reference(usize),
    /// Inside `[Begin Information]` (started on the given line).
    Information(usize),
    /// Network data.
    Network,
    /// Noise data.
    Noise,
    /// After `[End]`.
    End,
}

/// The points of one kind of data: frequencies, their values, and where each point starts.
struct Block {
    /// Values per point, the frequency included.
    per: usize,
    /// Whether a point must be on one line.
    single_line: bool,
    /// The format of the pairs (`None` for noise data): `-inf` is allowed as a DB magnitude,
    /// and an MA magnitude beyond the largest `f64` is kept as infinite, its tenth in `tenths`.
    format: Option<NumberFormat>,
    /// The tenths of the MA magnitudes beyond the largest `f64`, in file order.
    tenths: Vec<f64>,
    /// Describes a point for messages: "a 2-port point has 9 values (...)".
    describe: String,
    /// `"noise "` for noise data, `""` for network data.
    kind: &'static str,
    frequency: Vec<f64>,
    values: Vec<f64>,
    /// The line each point starts on.
    lines: Vec<usize>,
    /// The last point's frequency as the file writes it (for messages).
    last_text: String,
    /// Values read of the point being read (0: none).
    pending: usize,
}

impl Block {
    fn new(
        per: usize,
        single_line: bool,
        format: Option<NumberFormat>,
        describe: String,
        kind: &'static str,
    ) -> Self {
        Self {
            per,
            single_line,
            format,
            tenths: Vec::new(),
            describe,
            kind,
            frequency: Vec::new(),
            values: Vec::new(),
            lines: Vec::new(),
            last_text: String::new(),
            pending: 0,
        }
    }

    fn len(&self) -> usize {
        self.frequency.len()
    }

    /// Reads the values of one line: a new point starts with its frequency, which must exceed
    /// the last; a point ends at a line end (on its first line if `single_line`).
    fn push_line(
        &mut self,
        no: usize,
        content: &str,
        unit: FrequencyUnit,
        scratch: &mut String,
    ) -> Parsed<()> {
        let mut toks = lex::tokens(content);
        while let Some(tok) = toks.next() {
            if self.pending == 0 {
                let f = frequency(no, tok, unit, scratch)?;
                if self.frequency.last().is_some_and(|&last| f <= last) {
                    let why = self.not_increasing(no, tok, f, unit);
                    return Err(Fail::new(
                        no,
                        if self.single_line {
                            why
                        } else {
                            format!("{why} (or the point before has the wrong number of values)")
                        },
                    ));
                }
                self.frequency.push(f);
                self.lines.push(no);
                self.last_text.clear();
                self.last_text.push_str(tok);
            } else {
                let magnitude = (self.pending - 1).is_multiple_of(2);
                let x = match self.format {
                    Some(NumberFormat::DecibelAngle) if magnitude => {
                        lex::number(tok, Finite::OrMinusInf)
                    }
                    Some(NumberFormat::MagnitudeAngle) if magnitude => {
                        lex::number(tok, Finite::Yes).or_else(|m| {
                            let tenth = lex::tenth(tok, scratch).ok_or(m)?;
                            self.tenths.push(tenth);
                            Ok(f64::INFINITY)
                        })
                    }
                    _ => lex::number(tok, Finite::Yes),
                };
                self.values.push(x.map_err(|m| Fail::new(no, m))?);
            }
            self.pending += 1;
            if self.pending == self.per {
                self.pending = 0;
                let extra = toks.count();
                if extra > 0 {
                    let got = self.per + extra;
                    let start = self.lines[self.lines.len() - 1];
                    return Err(Fail::new(
                        no,
                        if start == no {
                            format!(
                                "{}, found {got} on this line; a point must start on a new line",
                                self.describe
                            )
                        } else {
                            format!(
                                "{}; the point that starts on line {start} has {got} by the end \
                                 of this line (a point must start on a new line)",
                                self.describe
                            )
                        },
                    ));
                }
                return Ok(());
            }
        }
        if self.pending > 0 && self.single_line {
            return Err(self.incomplete(no, "on its line"));
        }
        Ok(())
    }

    /// What is wrong with the frequency `tok` (`f` Hz) starting a point on line `no`, which
    /// does not exceed the last point's.
    fn not_increasing(&self, no: usize, tok: &str, f: f64, unit: FrequencyUnit) -> String {
        let (unit, tok) = (unit.symbol(), lex::show(tok));
        let previous = self.lines[self.lines.len() - 1];
        let what = if self.frequency.last() == Some(&f) {
            format!("repeats the one on line {previous}")
        } else {
            format!(
                "is not above the previous one ({} {unit}, line {previous})",
                lex::show(&self.last_text)
            )
        };
        let data = if self.kind.is_empty() {
            "network"
        } else {
            "noise"
        };
        format!(
            "{}frequency {tok} {unit} on line {no} {what}; {data} data must be strictly \
             increasing",
            self.kind
        )
    }

    /// The error for a point that is not complete where it must be (end of its line, a keyword,
    /// the end of the file), reported on `line`.
    fn incomplete(&self, line: usize, at: &str) -> Fail {
        let start = self.lines[self.lines.len() - 1];
        let got = self.pending;
        if self.single_line {
            Fail::new(
                start,
                format!(
                    "{}, found {got} on this line; the values of a point are missing or the \
                     file has another number of ports",
                    self.describe,
                ),
            )
        } else {
            Fail::new(
                line,
                format!(
                    "{}; the point that starts on line {start} has only {got} {at}",
                    self.describe
                ),
            )
        }
    }
}

struct Parser {
    hint: PortsHint,
    version: Version,
    /// Whether a non-comment line has been seen (for `[Version]`, which must be the first).
    seen_content: bool,
    options: Option<Options>,
    nports: Option<(usize, usize)>,
    two_port_21_12: Option<bool>,
    nfreq: Option<(usize, usize)>,
    nnoise: Option<(usize, usize)>,
    reference: Option<(Vec<f64>, usize)>,
    matrix: Option<MatrixFormat>,
    /// `[Mixed-Mode Order]`.
    mixed: Option<MixedModeOrder>,
    section: Section,
    /// The version 2 keywords given so far, with their lines: each may be given once.
    keywords: Vec<(&'static str, usize)>,
    network: Option<Block>,
    noise: Option<Block>,
    comments: Vec<String>,
    /// The bytes of `comments`.
    comment_bytes: usize,
    omitted_comments: usize,
    data_started: bool,
    scratch: String,
}

/// Parses a whole file, reading it line by line.
pub(super) fn parse(reader: impl BufRead, hint: PortsHint) -> Parsed<Touchstone> {
    let mut p = Parser {
        hint,
        version: Version::V1,
        seen_content: false,
        options: None,
        nports: None,
        two_port_21_12: None,
        nfreq: None,
        nnoise: None,
        reference: None,
        matrix: None,
        mixed: None,
        section: Section::Header,
        keywords: Vec::new(),
        network: None,
        noise: None,
        comments: Vec::new(),
        comment_bytes: 0,
        omitted_comments: 0,
        data_started: false,
        scratch: String::new(),
    };
    let mut lines = Lines::new(reader);
    while let Some(line) = lines
        .next_line()
        .map_err(|e| Fail::new(0, format!("cannot read: {e}")))?
    {
        let no = line.number;
        let (content, comment) = lex::split_comment(line.bytes);
        let content = content.trim_ascii();
        if !content.is_empty() {
            // Outside comments a file is ASCII; checking whole lines keeps the tokens `str`.
            let text = std::str::from_utf8(content).map_err(|_| {
                Fail::new(
                    no,
                    format!(
                        "`{}`: bytes that are not ASCII outside a comment",
                        String::from_utf8_lossy(content)
                    ),
                )
            })?;
            p.line(no, text)?;
        }
        if let Some(c) = comment
            && !p.data_started
        {
            p.comment(c, line.comment_cut);
        }
    }
    p.finish(lines.number())
}

/// The keywords of version 2, as the specification spells them.
const KEYWORDS: [&str; 13] = [
    "Version",
    "Number of Ports",
    "Two-Port Data Order",
    "Number of Frequencies",
    "Number of Noise Frequencies",
    "Reference",
    "Matrix Format",
    "Mixed-Mode Order",
    "Begin Information",
    "End Information",
    "Network Data",
    "Noise Data",
    "End",
];

fn keyword_name(content: &str) -> Option<(String, &str)> {
    let close = content.find(']')?;
    let name = content[1..close]
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    Some((name, content[close + 1..].trim_ascii()))
}

impl Parser {
    /// Keeps a header comment (without one leading space and trailing white space) while the
    /// kept ones are within [`MAX_COMMENT_LINES`] and [`MAX_COMMENT_BYTES`]; from the first that
    /// is not, comments are only counted. A comment `cut` while read is longer than
    /// [`MAX_COMMENT_BYTES`], so it is counted too.
    fn comment(&mut self, raw: &[u8], cut: bool) {
        if !cut && self.omitted_comments == 0 && self.comments.len() < MAX_COMMENT_LINES {
            let text = String::from_utf8_lossy(raw);
            let text = text.strip_prefix(' ').unwrap_or(&text).trim_end();
            if self.comment_bytes + text.len() <= MAX_COMMENT_BYTES {
                self.comment_bytes += text.len();
                self.comments.push(text.to_string());
                return;
            }
        }
        self.omitted_comments += 1;
    }

    fn line(&mut self, no: usize, content: &str) -> Parsed<()> {
        if let Section::Information(_) = self.section {
            if content.starts_with('[')
                && keyword_name(content).is_some_and(|(k, _)| k == "end information")
            {
                self.section = Section::Header;
            }
            return Ok(());
        }
        let first_content = !self.seen_content;
        self.seen_content = true;
        if let Some(options) = content.strip_prefix('#') {
            self.option_line(no, options)
        } else if content.starts_with('[') {
            self.keyword(no, content, first_content)
        } else {
            self.data_line(no, content)
        }
    }

    fn option_line(&mut self, no: usize, content: &str) -> Parsed<()> {
        if let Section::Reference(start) = self.section {
            return Err(self.reference_incomplete(no, start));
        }
        if self.options.is_some() {
            // "Additional option lines after the first one will be ignored."
            return Ok(());
        }
        let mut unit = None;
        let mut parameter = None;
        let mut format = None;
        let mut resistance: Option<Vec<f64>> = None;
        let mut toks = lex::tokens(content).peekable();
        let dup = |what: &str, tok: &str| {
            Fail::new(
                no,
                format!(
                    "the option line gives the {what} twice (`{}`); give each of unit, \
                     parameter, format and R at most once",
                    lex::show(tok)
                ),
            )
        };
        while let Some(tok) = toks.next() {
            let word = tok.to_ascii_lowercase();
            match word.as_str() {
                "hz" | "khz" | "mhz" | "ghz" | "thz" => {
                    if unit.is_some() {
                        return Err(dup("frequency unit", tok));
                    }
                    unit = word.parse::<FrequencyUnit>().ok();
                }
                "s" | "y" | "z" | "h" | "g" => {
                    if parameter.is_some() {
                        return Err(dup("parameter", tok));
                    }
                    parameter = Some(match word.as_str() {
                        "s" => Parameter::S,
                        "y" => Parameter::Y,
                        "z" => Parameter::Z,
                        "h" => Parameter::H,
                        _ => Parameter::G,
                    });
                }
                "ma" | "db" | "ri" => {
                    if format.is_some() {
                        return Err(dup("format", tok));
                    }
                    format = Some(match word.as_str() {
                        "ma" => NumberFormat::MagnitudeAngle,
                        "db" => NumberFormat::DecibelAngle,
                        _ => NumberFormat::RealImaginary,
                    });
                }
                "r" => {
                    if resistance.is_some() {
                        return Err(dup("reference resistance", tok));
                    }
                    let mut values = Vec::new();
                    let mut given = String::from("R"); // for messages
                    while let Some(next) = toks.peek() {
                        let x = match lex::number(next, Finite::Yes) {
                            Ok(x) => x,
                            // A word (`MA`) ends the values; a NaN or an infinity is wrong here.
                            Err(m) if next.parse::<f64>().is_ok() => {
                                return Err(Fail::new(
                                    no,
                                    format!(
                                        "`{given} {}`: {m}; R is followed by the reference \
                                         resistance in ohm, a positive number (`R 50`)",
                                        lex::show(next)
                                    ),
                                ));
                            }
                            Err(_) => break,
                        };
                        if x <= 0.0 {
                            return Err(Fail::new(
                                no,
                                format!(
                                    "reference resistance `R {}` must be positive (ohm)",
                                    lex::show(next)
                                ),
                            ));
                        }
                        values.push(x);
                        given.push(' ');
                        given.push_str(next);
                        toks.next();
                    }
                    if values.is_empty() {
                        return Err(Fail::new(
                            no,
                            "`R` on the option line must be followed by the reference \
                             resistance in ohm (`R 50`)",
                        ));
                    }
                    resistance = Some(values);
                }
                _ => {
                    return Err(Fail::new(
                        no,
                        format!(
                            "unknown option `{}`; the option line is `# <unit> <parameter> \
                             <format> R <n>` with unit Hz, kHz, MHz or GHz, parameter S, Y, Z, \
                             G or H, format MA, DB or RI",
                            lex::show(tok)
                        ),
                    ));
                }
            }
        }
        self.options = Some(Options {
            unit: unit.unwrap_or(FrequencyUnit::GHz),
            parameter: parameter.unwrap_or_default(),
            format: format.unwrap_or(NumberFormat::MagnitudeAngle),
            resistance: resistance.unwrap_or_else(|| vec![50.0]),
            line: no,
        });
        Ok(())
    }

    fn reference_incomplete(&self, no: usize, start: usize) -> Fail {
        let (got, n) = (
            self.reference.as_ref().map_or(0, |r| r.0.len()),
            self.nports.map_or(0, |p| p.0),
        );
        Fail::new(
            no,
            format!(
                "[Reference] on line {start} needs {n} values (one per port) before the next \
                 keyword, found {got}"
            ),
        )
    }

    fn integer(no: usize, keyword: &str, arg: &str) -> Parsed<usize> {
        match arg.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(Fail::new(
                no,
                format!(
                    "[{keyword}] needs a positive integer, found `{}`",
                    lex::show(arg)
                ),
            )),
        }
    }

    fn keyword(&mut self, no: usize, content: &str, first_content: bool) -> Parsed<()> {
        let Some((name, arg)) = keyword_name(content) else {
            return Err(Fail::new(
                no,
                format!("`{}` is not a keyword: no closing `]`", lex::show(content)),
            ));
        };
        // Every keyword may be given once; a second one would silently replace the first.
        if let Some(&keyword) = KEYWORDS.iter().find(|k| k.eq_ignore_ascii_case(&name)) {
            if let Some(&(_, first)) = self.keywords.iter().find(|(k, _)| *k == keyword) {
                return Err(Fail::new(
                    no,
                    format!("[{keyword}] given twice (first on line {first}); give it once"),
                ));
            }
            self.keywords.push((keyword, no));
        }
        if name == "version" {
            if !first_content {
                return Err(Fail::new(
                    no,
                    "[Version] must be the first line of a file that is not a comment",
                ));
            }
            let v = arg;
            if v != "2.0" && v != "2.1" {
                return Err(Fail::new(
                    no,
                    format!("unsupported [Version] `{v}`; pmrf reads 2.0 and 2.1"),
                ));
            }
            self.version = Version::V2;
            return Ok(());
        }
        if self.version == Version::V1 {
            return Err(Fail::new(
                no,
                format!(
                    "keyword [{name}] in a version 1 file; a version 2 file starts with \
                     `[Version] 2.0`"
                ),
            ));
        }
        if let Section::Reference(start) = self.section {
            return Err(self.reference_incomplete(no, start));
        }
        if self.section == Section::End {
            return Err(Fail::new(no, format!("[{name}] after [End]")));
        }
        let no_arg = |name: &str| -> Parsed<()> {
            if arg.is_empty() {
                Ok(())
            } else {
                Err(Fail::new(
                    no,
                    format!(
                        "[{name}] takes no argument, found `{}`; data start on the next line",
                        lex::show(arg)
                    ),
                ))
            }
        };
        let in_header = |what: &str| -> Parsed<()> {
            if self.section == Section::Header {
                Ok(())
            } else {
                Err(Fail::new(
                    no,
                    format!("[{what}] must come before [Network Data]"),
                ))
            }
        };
        match name.as_str() {
            "number of ports" => {
                in_header("Number of Ports")?;
                let n = Self::integer(no, "Number of Ports", arg)?;
                if let Some(h) = self.hint.ports()
                    && h != n
                {
                    return Err(Fail::new(
                        no,
                        format!(
                            "[Number of Ports] is {n}, but {} says {h} ports",
                            self.hint.source()
                        ),
                    ));
                }
                self.nports = Some((n, no));
            }
            "two-port data order" => {
                in_header("Two-Port Data Order")?;
                let order = arg;
                self.two_port_21_12 = Some(match order {
                    "21_12" => true,
                    "12_21" => false,
                    _ => {
                        return Err(Fail::new(
                            no,
                            format!(
                                "[Two-Port Data Order] must be `12_21` or `21_12`, found \
                                 `{order}`"
                            ),
                        ));
                    }
                });
            }
            "number of frequencies" => {
                in_header("Number of Frequencies")?;
                self.nfreq = Some((Self::integer(no, "Number of Frequencies", arg)?, no));
            }
            "number of noise frequencies" => {
                in_header("Number of Noise Frequencies")?;
                self.nnoise = Some((Self::integer(no, "Number of Noise Frequencies", arg)?, no));
            }
            "reference" => {
                in_header("Reference")?;
                if self.nports.is_none() {
                    return Err(Fail::new(
                        no,
                        "[Reference] must come after [Number of Ports]",
                    ));
                }
                self.reference = Some((Vec::new(), no));
                self.section = Section::Reference(no);
                self.reference_values(no, arg)?;
            }
            "matrix format" => {
                in_header("Matrix Format")?;
                let value = arg.to_ascii_lowercase();
                self.matrix = Some(match value.as_str() {
                    "full" => MatrixFormat::Full,
                    "lower" => MatrixFormat::Lower,
                    "upper" => MatrixFormat::Upper,
                    _ => {
                        return Err(Fail::new(
                            no,
                            format!(
                                "[Matrix Format] must be Full, Lower or Upper, found `{}`",
                                lex::show(arg)
                            ),
                        ));
                    }
                });
            }
            "mixed-mode order" => {
                in_header("Mixed-Mode Order")?;
                let Some((n, _)) = self.nports else {
                    return Err(Fail::new(
                        no,
                        "[Mixed-Mode Order] must come after [Number of Ports]",
                    ));
                };
                let order = arg.parse::<MixedModeOrder>().map_err(|e| match e {
                    crate::Error::InvalidNetwork(m) => Fail::new(no, m),
                    e => Fail::new(no, e.to_string()),
                })?;
                if order.len() != n {
                    return Err(Fail::new(
                        no,
                        format!(
                            "[Mixed-Mode Order] lists {} ports, [Number of Ports] is {n}",
                            order.len()
                        ),
                    ));
                }
                self.mixed = Some(order);
            }
            "begin information" => {
                in_header("Begin Information")?;
                self.section = Section::Information(no);
            }
            "end information" => {
                return Err(Fail::new(
                    no,
                    "[End Information] without [Begin Information]",
                ));
            }
            "network data" => {
                no_arg("Network Data")?;
                in_header("Network Data")?;
                self.start_network(no)?;
            }
            "noise data" => {
                no_arg("Noise Data")?;
                self.end_network(no, "before [Noise Data]")?;
                if self.nnoise.is_none() {
                    return Err(Fail::new(
                        no,
                        "[Noise Data] needs [Number of Noise Frequencies] before [Network Data]",
                    ));
                }
                if let Some((n, _)) = self.nports
                    && n != 2
                {
                    return Err(Fail::new(
                        no,
                        format!("[Noise Data] describes 2-ports only, this file has {n} ports"),
                    ));
                }
                self.start_noise(no)?;
            }
            "end" => {
                no_arg("End")?;
                match self.section {
                    Section::Network => self.end_network(no, "before [End]")?,
                    Section::Noise => self.end_noise(no, "before [End]")?,
                    _ => {
                        return Err(Fail::new(
                            no,
                            "[End] before [Network Data]; a version 2 file has [Network Data] \
                             and then its data",
                        ));
                    }
                }
                self.section = Section::End;
            }
            _ => {
                return Err(Fail::new(
                    no,
                    format!(
                        "unknown keyword [{name}]; version 2 keywords are [Version], [Number of \
                         Ports], [Two-Port Data Order], [Number of Frequencies], [Number of \
                         Noise Frequencies], [Reference], [Matrix Format], [Network Data], \
                         [Noise Data], [End]"
                    ),
                ));
            }
        }
        Ok(())
    }

    fn reference_values(&mut self, no: usize, content: &str) -> Parsed<()> {
        let n = self.nports.map_or(0, |p| p.0);
        let Some((values, start)) = self.reference.as_mut() else {
            return Ok(());
        };
        for tok in lex::tokens(content) {
            let x = lex::number(tok, Finite::Yes).map_err(|m| Fail::new(no, m))?;
            if x <= 0.0 {
                return Err(Fail::new(
                    no,
                    format!(
                        "reference resistance {x} must be positive (ohm); [Reference] gives one \
                         real resistance per port"
                    ),
                ));
            }
            if values.len() == n {
                return Err(Fail::new(
                    no,
                    format!("[Reference] on line {start} has more than {n} values (one per port)"),
                ));
            }
            values.push(x);
        }
        if values.len() == n {
            self.section = Section::Header;
        }
        Ok(())
    }

    fn ports(&self, no: usize) -> Parsed<usize> {
        match self.version {
            Version::V2 => self
                .nports
                .map(|p| p.0)
                .ok_or_else(|| Fail::new(no, "[Number of Ports] must come before [Network Data]")),
            Version::V1 => self.hint.ports().ok_or_else(|| {
                Fail::new(
                    no,
                    "the port count of a version 1 file comes from its name (`.s2p` is a \
                     2-port) or the caller; neither gives it here",
                )
            }),
        }
    }

    fn start_network(&mut self, no: usize) -> Parsed<()> {
        let Some(options) = &self.options else {
            return Err(Fail::new(
                no,
                match self.version {
                    Version::V1 => {
                        "missing option line: expected `# <unit> <parameter> <format> R <n>` \
                         (such as `# GHz S MA R 50`) before the data"
                    }
                    Version::V2 => {
                        "missing option line: expected `# <unit> <parameter> <format> R <n>` \
                         after [Version]"
                    }
                },
            ));
        };
        let n = self.ports(no)?;
        if n == 0 {
            return Err(Fail::new(
                no,
                format!(
                    "{} says 0 ports; a network has at least one",
                    self.hint.source()
                ),
            ));
        }
        if self.version == Version::V2 && self.nfreq.is_none() {
            return Err(Fail::new(
                no,
                "[Number of Frequencies] must come before [Network Data]",
            ));
        }
        if matches!(options.parameter, Parameter::H | Parameter::G) && n != 2 {
            return Err(Fail::new(
                options.line,
                format!(
                    "{}-parameters describe 2-ports only, this file has {n} ports",
                    options.parameter.keyword()
                ),
            ));
        }
        let matrix = self.matrix.unwrap_or_default();
        let entries = match matrix {
            MatrixFormat::Full => n.checked_mul(n),
            _ => n.checked_mul(n + 1).map(|x| x / 2),
        };
        let per = entries
            .and_then(|m| m.checked_mul(2))
            .and_then(|m| m.checked_add(1))
            .ok_or_else(|| Fail::new(no, format!("{n} ports are too many")))?;
        let triangle = match matrix {
            MatrixFormat::Full => "",
            MatrixFormat::Lower => " of the lower triangle",
            MatrixFormat::Upper => " of the upper triangle",
        };
        let pairs = (per - 1) / 2;
        let describe = format!(
            "a {n}-port point has {per} values (a frequency and {pairs} complex pair{}{triangle})",
            if pairs == 1 { "" } else { "s" }
        );
        let single = self.version == Version::V1 && n <= 2;
        let format = Some(options.format);
        self.network = Some(Block::new(per, single, format, describe, ""));
        self.section = Section::Network;
        Ok(())
    }

    fn start_noise(&mut self, _no: usize) -> Parsed<()> {
        self.noise = Some(Block::new(
            5,
            true,
            None,
            "a noise point has 5 values (frequency, minimum noise figure in dB, magnitude and \
             angle of the optimum source reflection coefficient, normalised effective noise \
             resistance)"
                .to_string(),
            "noise ",
        ));
        self.section = Section::Noise;
        Ok(())
    }

    /// Closes the network data at `no` (a keyword or the end of the file).
    fn end_network(&mut self, no: usize, at: &str) -> Parsed<()> {
        if self.section != Section::Network {
            return Err(Fail::new(no, "[Noise Data] must follow the network data"));
        }
        let block = self.network.as_ref().expect("network section has a block");
        if block.pending > 0 {
            return Err(block.incomplete(no, at));
        }
        if let Some((want, kw)) = self.nfreq
            && block.len() != want
        {
            return Err(Fail::new(
                no,
                format!(
                    "[Number of Frequencies] on line {kw} is {want}, but the network data have \
                     {} points",
                    block.len()
                ),
            ));
        }
        Ok(())
    }

    fn end_noise(&mut self, no: usize, at: &str) -> Parsed<()> {
        let block = self.noise.as_ref().expect("noise section has a block");
        if block.pending > 0 {
            return Err(block.incomplete(no, at));
        }
        if let Some((want, kw)) = self.nnoise
            && block.len() != want
        {
            return Err(Fail::new(
                no,
                format!(
                    "[Number of Noise Frequencies] on line {kw} is {want}, but the noise data \
                     have {} points",
                    block.len()
                ),
            ));
        }
        Ok(())
    }

    fn data_line(&mut self, no: usize, content: &str) -> Parsed<()> {
        match self.section {
            Section::Reference(_) => self.reference_values(no, content),
            Section::Header => {
                if self.version == Version::V2 {
                    return Err(Fail::new(
                        no,
                        format!(
                            "`{}`: data before [Network Data]",
                            lex::show(lex::tokens(content).next().unwrap_or(""))
                        ),
                    ));
                }
                self.start_network(no)?;
                self.data_line(no, content)
            }
            Section::Network => {
                self.data_started = true;
                if self.version == Version::V1
                    && self.nports.is_none()
                    && self.hint.ports() == Some(2)
                    && self.starts_noise(no, content)?
                {
                    self.start_noise(no)?;
                    return self.block_line(no, content, true);
                }
                self.block_line(no, content, false)
            }
            Section::Noise => self.block_line(no, content, true),
            Section::End => Err(Fail::new(
                no,
                "data after [End]; nothing but comments may follow it",
            )),
            Section::Information(_) => Ok(()),
        }
    }

    /// Whether a version 1 2-port line starts the noise data: a new point whose frequency does
    /// not exceed the last network frequency, with the 5 values of a noise point. With another
    /// number of values such a frequency is an error, which says both readings.
    fn starts_noise(&mut self, no: usize, content: &str) -> Parsed<bool> {
        let unit = self.unit();
        let block = self.network.as_ref().expect("network section has a block");
        let (Some(&last), 0) = (block.frequency.last(), block.pending) else {
            return Ok(false);
        };
        let Some(tok) = lex::tokens(content).next() else {
            return Ok(false);
        };
        let f = frequency(no, tok, unit, &mut self.scratch)?;
        if f > last {
            return Ok(false);
        }
        let count = lex::tokens(content).count();
        if count == 5 {
            return Ok(true);
        }
        let lower = if f == last { "not higher" } else { "lower" };
        Err(Fail::new(
            no,
            format!(
                "{}; in a 2-port file a {lower} frequency starts the noise parameters, whose \
                 lines have 5 values, but this line has {count}",
                block.not_increasing(no, tok, f, unit)
            ),
        ))
    }

    fn unit(&self) -> FrequencyUnit {
        self.options.as_ref().map_or(FrequencyUnit::GHz, |o| o.unit)
    }

    /// Reads the values of one line into the network or noise block.
    fn block_line(&mut self, no: usize, content: &str, noise: bool) -> Parsed<()> {
        let unit = self.unit();
        let (block, limit, keyword) = if noise {
            (&mut self.noise, self.nnoise, "Number of Noise Frequencies")
        } else {
            (&mut self.network, self.nfreq, "Number of Frequencies")
        };
        let block = block.as_mut().expect("data section has a block");
        block.push_line(no, content, unit, &mut self.scratch)?;
        match limit {
            Some((want, kw)) if block.len() > want => Err(Fail::new(
                no,
                format!(
                    "more {}points than [{keyword}] on line {kw} says ({want})",
                    if noise { "noise " } else { "network " }
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Checks what the end of the file leaves open and builds the result.
    fn finish(mut self, last: usize) -> Parsed<Touchstone> {
        let eof = last.max(1);
        match self.section {
            Section::Reference(start) => return Err(self.reference_incomplete(eof, start)),
            Section::Information(start) => {
                return Err(Fail::new(
                    eof,
                    format!(
                        "end of file inside [Begin Information] (line {start}); expected [End \
                         Information]"
                    ),
                ));
            }
            Section::Network => self.end_network(eof, "at the end of the file")?,
            Section::Noise => self.end_noise(eof, "at the end of the file")?,
            Section::Header | Section::End => {}
        }
        let Some(network) = self.network.take() else {
            return Err(Fail::new(
                eof,
                match (self.version, self.seen_content) {
                    (_, false) => {
                        "no Touchstone content: the file is empty or only comments; \
                                   expected an option line and network data"
                    }
                    (Version::V1, true) => "no network data after the option line",
                    (Version::V2, true) => "no [Network Data] in this version 2 file",
                },
            ));
        };
        if network.len() == 0 {
            return Err(Fail::new(
                eof,
                "no network data: expected at least one point",
            ));
        }
        let Some(options) = self.options.take() else {
            return Err(Fail::new(eof, "missing option line"));
        };
        let n = self.ports(eof)?;
        let mut reference = self.references(n, &options)?;
        let mixed_mode_order = self.mixed.take();
        if let Some(order) = &mixed_mode_order {
            // The data are the modes': convert and refer them at the modes' references.
            reference = order.references(&reference);
        }
        let matrix_format = self.matrix.unwrap_or_default();
        let network = build_network(
            &network,
            n,
            &options,
            &reference,
            matrix_format,
            self.two_port_21_12.unwrap_or(true),
            self.version == Version::V1,
        )?;
        let noise = match self.noise.take() {
            Some(b) if b.len() > 0 => Some(build_noise(&b, options.unit)?),
            _ => None,
        };
        Ok(Touchstone {
            network,
            noise,
            version: self.version,
            unit: options.unit,
            parameter: options.parameter,
            format: options.format,
            matrix_format,
            comments: self.comments,
            omitted_comments: self.omitted_comments,
            mixed_mode_order,
        })
    }

    /// The reference resistance of each port: `[Reference]`, else the option line's `R` (one
    /// for all ports, or one per port).
    fn references(&self, n: usize, options: &Options) -> Parsed<Vec<f64>> {
        if let Some((values, _)) = &self.reference {
            return Ok(values.clone());
        }
        match options.resistance.len() {
            1 => Ok(vec![options.resistance[0]; n]),
            k if k == n => Ok(options.resistance.clone()),
            k => Err(Fail::new(
                options.line,
                format!(
                    "the option line gives {k} reference resistances; give one for all ports or \
                     one per port ({n})"
                ),
            )),
        }
    }
}

/// The frequency of a token in Hz (see [`lex::shifted`]): finite and `>= 0`.
fn frequency(no: usize, tok: &str, unit: FrequencyUnit, scratch: &mut String) -> Parsed<f64> {
    let x = lex::number(tok, Finite::Yes).map_err(|m| Fail::new(no, format!("frequency {m}")))?;
    let shift = unit.multiplier().log10().round() as i32;
    let f = lex::shifted(tok, x, shift, scratch);
    if !f.is_finite() {
        return Err(Fail::new(
            no,
            format!(
                "frequency `{}` {unit} is beyond the range of a 64-bit float",
                lex::show(tok)
            ),
        ));
    }
    if f < 0.0 {
        return Err(Fail::new(
            no,
            format!(
                "frequency `{}` is negative; frequencies must be >= 0",
                lex::show(tok)
            ),
        ));
    }
    Ok(f)
}

fn build_network(
    block: &Block,
    n: usize,
    options: &Options,
    reference: &[f64],
    matrix_format: MatrixFormat,
    two_port_21_12: bool,
    normalised: bool,
) -> Parsed<Network> {
    let nf = block.len();
    let layout = numbers::layout(n, matrix_format, two_port_21_12);
    let pairs = layout.len();
    let mut s = Array3::<Complex64>::zeros((nf, n, n));
    let mut point = vec![Complex64::new(0.0, 0.0); n * n];
    let mut tenths = block.tenths.iter();
    for k in 0..nf {
        let values = &block.values[k * 2 * pairs..(k + 1) * 2 * pairs];
        for (&(i, j), v) in layout.iter().zip(values.chunks_exact(2)) {
            let c = if options.format == NumberFormat::MagnitudeAngle && v[0].is_infinite() {
                // A magnitude beyond f64, kept as its tenth.
                let tenth = tenths.next().copied().unwrap_or(f64::INFINITY);
                numbers::polar_tenth(tenth, v[1]).ok_or_else(|| {
                    format!(
                        "a magnitude of 10 x {tenth:e} at {} degrees has parts beyond the range \
                         of a 64-bit float",
                        v[1]
                    )
                })
            } else {
                numbers::pair(options.format, v[0], v[1])
            }
            .map_err(|m| Fail::new(block.lines[k], m))?;
            point[i * n + j] = c;
            if matrix_format != MatrixFormat::Full {
                point[j * n + i] = c;
            }
        }
        numbers::to_s(options.parameter, &mut point, n, reference, normalised);
        for i in 0..n {
            for j in 0..n {
                s[[k, i, j]] = point[i * n + j];
            }
        }
    }
    let frequency = Frequency::from_hz(block.frequency.clone())
        .map_err(|e| Fail::new(block.lines[0], e.to_string()))?
        .with_unit(options.unit);
    let z0 = Array2::from_shape_fn((nf, n), |(_, p)| Complex64::new(reference[p], 0.0));
    Network::new(frequency, s, z0).map_err(|e| Fail::new(block.lines[0], e.to_string()))
}

fn build_noise(block: &Block, unit: FrequencyUnit) -> Parsed<NoiseData> {
    let rows = block.values.chunks_exact(4);
    let frequency = Frequency::from_hz(block.frequency.clone())
        .map_err(|e| Fail::new(block.lines[0], e.to_string()))?
        .with_unit(unit);
    Ok(NoiseData {
        frequency,
        nf_min_db: rows.clone().map(|r| r[0]).collect(),
        gamma_opt: rows
            .clone()
            .map(|r| numbers::polar_deg(r[1], r[2]))
            .collect(),
        rn: rows.map(|r| r[3]).collect(),
    })
}
