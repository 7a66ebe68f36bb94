//! The lexical layer of the reader: lines (LF, CR LF or CR), comments, tokens and numbers.

use std::fmt::Write as _;
use std::io::{self, BufRead};

/// The lines of a reader with their 1-based numbers, one at a time (a file is never held
/// whole); a line ends at LF, CR LF or a lone CR, and the terminator is not part of the line.
/// A UTF-8 byte order mark at the start is dropped.
pub(super) struct Lines<R> {
    reader: R,
    line: Vec<u8>,
    number: usize,
    /// The last line ended at a CR: an LF right after it is part of that line end.
    after_cr: bool,
    /// Where the current line's comment starts (its `!`), once seen.
    bang: Option<usize>,
}

/// A line as read: its number, its bytes, and whether its comment was cut. What follows the
/// first [`COMMENT_KEPT`] bytes of a comment is skipped, never held, so that one enormous
/// comment line cannot fill memory; the comment is cut if anything but white space was
/// skipped, and then it is too long to keep anyway.
pub(super) struct Line<'a> {
    pub(super) number: usize,
    pub(super) bytes: &'a [u8],
    pub(super) comment_cut: bool,
}

/// The most bytes of one line's comment that are read into memory: one more than all kept
/// comments may hold together, so a cut comment never fits.
const COMMENT_KEPT: usize = super::MAX_COMMENT_BYTES + 1;

impl<R: BufRead> Lines<R> {
    pub(super) fn new(reader: R) -> Self {
        Self {
            reader,
            line: Vec::new(),
            number: 0,
            after_cr: false,
            bang: None,
        }
    }

    /// The number of the last line returned (0 before the first).
    pub(super) fn number(&self) -> usize {
        self.number
    }

    /// The next line, `None` at the end of the input.
    pub(super) fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        self.line.clear();
        self.bang = None;
        let mut comment_cut = false;
        let mut started = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                if !started {
                    return Ok(None);
                }
                break;
            }
            if std::mem::take(&mut self.after_cr) && chunk[0] == b'\n' {
                self.reader.consume(1);
                continue;
            }
            started = true;
            let end = chunk.iter().position(|&b| b == b'\n' || b == b'\r');
            let data = &chunk[..end.unwrap_or(chunk.len())];
            if self.bang.is_none() {
                let at = data.iter().position(|&b| b == b'!');
                self.bang = at.map(|i| self.line.len() + i);
            }
            let room = match self.bang {
                Some(bang) => (bang + 1 + COMMENT_KEPT).saturating_sub(self.line.len()),
                None => usize::MAX,
            };
            let (kept, skipped) = data.split_at(data.len().min(room));
            comment_cut |= !skipped.iter().all(u8::is_ascii_whitespace);
            self.line.extend_from_slice(kept);
            match end {
                Some(end) => {
                    self.after_cr = chunk[end] == b'\r';
                    self.reader.consume(end + 1);
                    break;
                }
                None => {
                    let n = chunk.len();
                    self.reader.consume(n);
                }
            }
        }
        self.number += 1;
        if self.number == 1 && self.line.starts_with(b"\xEF\xBB\xBF") {
            self.line.drain(..3);
        }
        Ok(Some(Line {
            number: self.number,
            bytes: &self.line,
            comment_cut,
        }))
    }
}

/// Splits a line at its first `!` into content and comment (without the `!`).
pub(super) fn split_comment(line: &[u8]) -> (&[u8], Option<&[u8]>) {
    match line.iter().position(|&b| b == b'!') {
        Some(i) => (&line[..i], Some(&line[i + 1..])),
        None => (line, None),
    }
}

/// The whitespace-separated tokens of `s`.
pub(super) fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split_ascii_whitespace()
}

/// A token for messages: at most 40 characters.
pub(super) fn show(tok: &str) -> String {
    if tok.chars().count() > 40 {
        let head: String = tok.chars().take(37).collect();
        format!("{head}...")
    } else {
        tok.to_string()
    }
}

/// What a number token may be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Finite {
    /// Finite only.
    Yes,
    /// Finite or `-inf` (a DB magnitude of an exact zero).
    OrMinusInf,
}

/// Parses a number token: a decimal floating-point number (`1`, `-0.5`, `.5`, `1e-3`,
/// `+2.5E+02`). NaN and infinities are refused, except `-inf` where `finite` allows it.
pub(super) fn number(tok: &str, finite: Finite) -> Result<f64, String> {
    let Ok(x) = tok.parse::<f64>() else {
        return Err(if tok.is_ascii() {
            format!("`{}` is not a number", show(tok))
        } else {
            format!("`{}` is not a number (non-ASCII characters)", show(tok))
        });
    };
    if x.is_finite() {
        return Ok(x);
    }
    if x.is_nan() {
        return Err(format!(
            "`{tok}` (NaN) is not a valid value; Touchstone data must be finite numbers"
        ));
    }
    let word = tok.trim_start_matches(['+', '-']).as_bytes();
    let spelled = word.first().is_some_and(|b| b.eq_ignore_ascii_case(&b'i'));
    if x == f64::NEG_INFINITY && spelled && finite == Finite::OrMinusInf {
        return Ok(x);
    }
    Err(if spelled {
        format!("`{tok}` is not a valid value; Touchstone data must be finite numbers")
    } else {
        format!("`{}` is out of the range of a 64-bit float", show(tok))
    })
}

/// The frequency of a token in Hz: the token's decimal number times `10^shift`, correctly
/// rounded (the decimal exponent is shifted, nothing is multiplied in floating point), so
/// that `94.5270695554` GHz is exactly the `f64` nearest to 94.5270695554e9, which
/// `94.5270695554 * 1e9` is not, and that `1e-330` GHz is `1e-321` Hz although `1e-330`
/// alone underflows to 0. `value` is the token already parsed (finite); `buf` is scratch
/// space.
pub(super) fn shifted(tok: &str, value: f64, shift: i32, buf: &mut String) -> f64 {
    if shift == 0 {
        return value;
    }
    let (mantissa, exponent) = match tok.find(['e', 'E']) {
        Some(i) => match tok[i + 1..].parse::<i64>() {
            Ok(e) => (&tok[..i], e),
            // An exponent beyond i64 cannot occur in a finite non-zero number.
            Err(_) => return value * 10f64.powi(shift),
        },
        None => (tok, 0),
    };
    buf.clear();
    buf.push_str(mantissa);
    buf.push('e');
    let _ = write!(buf, "{}", exponent.saturating_add(i64::from(shift)));
    buf.parse().unwrap_or(value * 10f64.powi(shift))
}

/// The tenth of a number token too large for an `f64`, correctly rounded (`1.5e309` gives
/// `1.5e308`), if that is finite: how a magnitude `|S|` beyond `f64::MAX` is read (the writer
/// writes one for S with parts near `f64::MAX`). `None` for any other token.
pub(super) fn tenth(tok: &str, buf: &mut String) -> Option<f64> {
    let x: f64 = tok.parse().ok()?;
    let word = tok.trim_start_matches(['+', '-']);
    if !x.is_infinite() || word.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let t = shifted(tok, x, -1, buf);
    t.is_finite().then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_lines(reader: impl BufRead) -> Vec<(usize, Vec<u8>)> {
        let mut lines = Lines::new(reader);
        let mut all = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            all.push((line.number, line.bytes.to_vec()));
        }
        all
    }

    #[test]
    fn lines_split_at_every_terminator() {
        let text: &[u8] = b"\xEF\xBB\xBFa\r\nb\rc\n\nd\r\r\n\n\re";
        let want: Vec<(usize, Vec<u8>)> = ["a", "b", "c", "", "d", "", "", "", "e"]
            .iter()
            .enumerate()
            .map(|(i, l)| (i + 1, l.as_bytes().to_vec()))
            .collect();
        assert_eq!(all_lines(text), want);
        // The same when the reader hands out one byte at a time (a CR LF split across reads).
        for capacity in 1..4 {
            assert_eq!(
                all_lines(io::BufReader::with_capacity(capacity, text)),
                want
            );
        }
        assert_eq!(all_lines(&b"x\n"[..]).len(), 1);
        assert_eq!(all_lines(&b"x\r"[..]).len(), 1);
        assert_eq!(all_lines(&b""[..]).len(), 0);
    }

    #[test]
    fn an_enormous_comment_is_cut_not_read_into_memory() {
        let mut text = b"1 2 ! ".to_vec();
        text.extend(std::iter::repeat_n(b'x', 3 * COMMENT_KEPT));
        text.extend_from_slice(b"\r\n! short\n");
        for capacity in [7, 8192] {
            let mut lines = Lines::new(io::BufReader::with_capacity(capacity, &text[..]));
            let line = lines.next_line().unwrap().unwrap();
            assert_eq!((line.number, line.comment_cut), (1, true));
            assert_eq!(line.bytes.len(), b"1 2 !".len() + COMMENT_KEPT);
            assert!(line.bytes.starts_with(b"1 2 ! xxx"));
            let line = lines.next_line().unwrap().unwrap();
            assert_eq!(
                (line.number, line.bytes, line.comment_cut),
                (2, &b"! short"[..], false)
            );
            assert!(lines.next_line().unwrap().is_none());
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number("1", Finite::Yes), Ok(1.0));
        assert_eq!(number("-.5e1", Finite::Yes), Ok(-5.0));
        assert_eq!(number("+2.5E+02", Finite::Yes), Ok(250.0));
        assert!(number("nan", Finite::OrMinusInf).is_err());
        assert!(number("inf", Finite::OrMinusInf).is_err());
        assert!(number("-inf", Finite::Yes).is_err());
        assert_eq!(
            number("-Infinity", Finite::OrMinusInf),
            Ok(f64::NEG_INFINITY)
        );
        assert!(number("-1e999", Finite::OrMinusInf).is_err());
        assert!(number("1,5", Finite::Yes).is_err());
        assert!(number("1µ", Finite::Yes).unwrap_err().contains("non-ASCII"));
    }

    #[test]
    fn tenths_of_numbers_beyond_f64() {
        let mut buf = String::new();
        assert_eq!(tenth("1.5e309", &mut buf), Some(1.5e308));
        assert_eq!(tenth("-2E+308", &mut buf), Some(-2e307));
        assert_eq!(
            tenth(&format!("1{}", "0".repeat(309)), &mut buf),
            Some(1e308)
        );
        for tok in ["1e400", "1.5", "inf", "-Infinity", "nan", "x"] {
            assert_eq!(tenth(tok, &mut buf), None, "{tok}");
        }
    }

    #[test]
    fn shifted_frequencies_are_correctly_rounded() {
        let mut buf = String::new();
        let f = |t: &str, s| shifted(t, t.parse().unwrap(), s, &mut buf.clone());
        assert_eq!(f("1.1", 9), 1.1e9);
        assert_eq!(f("1.1e-3", 9), 1.1e6);
        assert_eq!(f("0.3", 6), 300000.0);
        assert_eq!(f("-0", 9), 0.0);
        assert_eq!(f("12", 0), 12.0);
        // Below the smallest f64 before the shift, not after it.
        assert_eq!(f("1e-330", 9), 1e-321);
        assert_eq!(f("5e-333", 9), 5e-324);
        // A tenth (a shift of -1) of a number beyond the largest f64.
        assert_eq!(shifted("1.5e309", f64::INFINITY, -1, &mut buf), 1.5e308);
        // 0.1 * 3 is not 0.3, but the decimal 0.3e3 is 300.
        assert_eq!(shifted("0.3", 0.3, 3, &mut buf), 300.0);
        assert_eq!(
            shifted("94.5270695554", 94.5270695554, 9, &mut buf),
            94.5270695554e9
        );
    }
}
