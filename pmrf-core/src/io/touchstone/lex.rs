//! The lexical layer of the reader: lines (LF, CR LF or CR), comments, tokens and numbers.

use std::fmt::Write as _;

/// The lines of `bytes` with their 1-based numbers; a line ends at LF, CR LF or a lone CR, and
/// the terminator is not part of the line.
pub(super) struct Lines<'a> {
    rest: &'a [u8],
    number: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        Self {
            rest: bytes,
            number: 0,
        }
    }

    /// The number of the last line returned (0 before the first).
    pub(super) fn number(&self) -> usize {
        self.number
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        self.number += 1;
        let end = self
            .rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(self.rest.len());
        let line = &self.rest[..end];
        let skip = match self.rest.get(end) {
            Some(b'\r') if self.rest.get(end + 1) == Some(&b'\n') => 2,
            Some(_) => 1,
            None => 0,
        };
        self.rest = &self.rest[end + skip..];
        Some((self.number, line))
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

    #[test]
    fn lines_split_at_every_terminator() {
        let lines: Vec<_> = Lines::new(b"\xEF\xBB\xBFa\r\nb\rc\n\nd").collect();
        let want: Vec<(usize, &[u8])> = vec![(1, b"a"), (2, b"b"), (3, b"c"), (4, b""), (5, b"d")];
        assert_eq!(lines, want);
        assert_eq!(Lines::new(b"x\n").count(), 1);
        assert_eq!(Lines::new(b"").count(), 0);
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
        assert_eq!(tenth(&format!("1{}", "0".repeat(309)), &mut buf), Some(1e308));
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
