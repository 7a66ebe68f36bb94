//! The writer: checks that the format can hold the network, then prints every number in its
//! shortest round-trip form.

use std::fmt::Write as _;

use num_complex::Complex64;

use super::numbers::angle_deg;
use super::{NumberFormat, Version, WriteOptions};
use crate::{Error, FrequencyUnit, Network, Result};

/// Pairs per line, as version 1 writers do (the specification's limit for version 1).
const PAIRS_PER_LINE: usize = 4;

/// `x` in the shortest decimal form that parses back to the same `f64`: positional for
/// `1e-5 <= |x| < 1e16`, scientific otherwise. Zero prints as `0` (also `-0.0`, which reads
/// back as `0.0`, equal to it); `-inf` prints as `-inf`.
pub(super) fn number(out: &mut String, x: f64) {
    let a = x.abs();
    if x == 0.0 {
        out.push('0');
        return;
    }
    let _ = if (1e-5..1e16).contains(&a) || !x.is_finite() {
        write!(out, "{x}")
    } else {
        write!(out, "{x:e}")
    };
}

/// `x >= 0` in units of `10^shift` with exactly the decimal digits of the shortest form of `x`
/// (the exponent is shifted, nothing is divided), so that a reader shifting it back, as pmrf's
/// does, gets `x` bit for bit: a frequency in Hz written in GHz (`shift` 9), or ten times a
/// magnitude too large for an `f64` (`shift` -1).
pub(super) fn shifted(out: &mut String, x: f64, shift: i32) {
    if x == 0.0 || shift == 0 {
        return number(out, x);
    }
    let sci = format!("{x:e}"); // "d.ddde<exp>", shortest round trip
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0) - shift;
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if !(-5..16).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let _ = if rest.is_empty() {
            write!(out, "{first}e{exp}")
        } else {
            write!(out, "{first}.{rest}e{exp}")
        };
        return;
    }
    // value = 0.d1d2d3... * 10^(exp + 1): the point goes after exp + 1 digits.
    let point = exp + 1;
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else {
        let point = point as usize;
        if digits.len() <= point {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', point - digits.len()));
        } else {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        }
    }
}

/// The lines of a comment, broken at every line end the reader knows (CR LF, LF and a lone
/// CR), so that no part of a comment can become a line of its own; as with [`str::lines`], a
/// final line end does not start another line, and an empty text has no lines.
fn comment_lines(text: &str) -> impl Iterator<Item = &str> {
    let body = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix(['\r', '\n']))
        .unwrap_or(text);
    let lines = (!text.is_empty()).then(|| body.split("\r\n").flat_map(|l| l.split(['\r', '\n'])));
    lines.into_iter().flatten()
}

/// `|v|`, also where it exceeds the largest `f64` (finite parts up to `f64::MAX` give `|v|` up
/// to `1.41 f64::MAX`): then the digits of `|v / 10|` with the exponent raised by one, which
/// the reader reads back as a tenth and multiplies in after the polar conversion.
fn magnitude(out: &mut String, v: Complex64) {
    let m = v.norm();
    if m.is_finite() {
        number(out, m);
    } else {
        shifted(out, (v / 10.0).norm(), -1);
    }
}

/// `20 log10 |v|`, finite for every finite `v` but 0 (`-inf`).
fn decibels(v: Complex64) -> f64 {
    let m = v.norm();
    if m.is_finite() {
        20.0 * m.log10()
    } else {
        20.0 * ((v / 10.0).norm().log10() + 1.0)
    }
}

/// The reference resistance of each port, checked to be real and constant in frequency.
fn references(network: &Network) -> Result<Vec<f64>> {
    let z0 = network.z0();
    let hz = network.frequency().hz();
    let mut r = Vec::with_capacity(network.nports());
    for p in 0..network.nports() {
        let first = z0[[0, p]];
        for (k, z) in z0.column(p).iter().enumerate() {
            if z.im != 0.0 {
                return Err(Error::InvalidNetwork(format!(
                    "cannot write port {}'s reference impedance {z} ohm at {} Hz to Touchstone, \
                     whose references are real resistances; renormalise the network to a real \
                     reference first",
                    p + 1,
                    hz[k]
                )));
            }
            if *z != first {
                return Err(Error::InvalidNetwork(format!(
                    "port {}'s reference impedance changes with frequency ({} ohm at {} Hz, {} \
                     ohm at {} Hz); Touchstone has one reference per port, renormalise first",
                    p + 1,
                    first.re,
                    hz[0],
                    z.re,
                    hz[k]
                )));
            }
        }
        r.push(first.re);
    }
    Ok(r)
}

/// The Touchstone text of `network`.
pub(super) fn render(network: &Network, options: &WriteOptions) -> Result<String> {
    let n = network.nports();
    if let Some(((k, i, j), _)) = network
        .s()
        .indexed_iter()
        .find(|(_, v)| v.re.is_nan() || v.im.is_nan())
    {
        return Err(Error::InvalidNetwork(format!(
            "{} at {} Hz is NaN; Touchstone has no way to mark a missing value",
            Network::entry_name(i, j),
            network.frequency().hz()[k]
        )));
    }
    let mut r = references(network)?;
    if let Some(order) = &options.mixed_mode_order {
        if options.version == Version::V1 {
            return Err(Error::InvalidNetwork(
                "[Mixed-Mode Order] is a version 2 keyword; write version 2".into(),
            ));
        }
        if order.len() != n {
            return Err(Error::InvalidNetwork(format!(
                "[Mixed-Mode Order] `{order}` lists {} ports, the network has {n}",
                order.len()
            )));
        }
        // The file gives the single-ended ports' references.
        r = order.single_ended_references(&r)?;
    }
    if options.version == Version::V1 && r.iter().any(|&x| x != r[0]) {
        return Err(Error::InvalidNetwork(format!(
            "the ports have different reference impedances ({r:?} ohm); version 1 has one for \
             all ports: write version 2"
        )));
    }
    let unit = match options.unit.unwrap_or(network.frequency().unit()) {
        FrequencyUnit::THz => FrequencyUnit::GHz,
        u => u,
    };
    let shift = unit.multiplier().log10().round() as i32;
    let format = options.format;

    let mut out = String::with_capacity(64 + network.len() * (24 + 48 * n * n));
    for comment in &options.comments {
        for line in comment_lines(comment) {
            if line.is_empty() {
                out.push_str("!\n");
            } else {
                let _ = writeln!(out, "! {line}");
            }
        }
    }
    if options.version == Version::V2 {
        out.push_str("[Version] 2.0\n");
    }
    let _ = write!(out, "# {} S {} R ", unit.symbol(), format.keyword());
    number(&mut out, r[0]);
    out.push('\n');
    if options.version == Version::V2 {
        let _ = writeln!(out, "[Number of Ports] {n}");
        if n == 2 {
            out.push_str("[Two-Port Data Order] 12_21\n");
        }
        let _ = writeln!(out, "[Number of Frequencies] {}", network.len());
        if r.iter().any(|&x| x != r[0]) {
            out.push_str("[Reference]");
            for &x in &r {
                out.push(' ');
                number(&mut out, x);
            }
            out.push('\n');
        }
        if let Some(order) = &options.mixed_mode_order {
            let _ = writeln!(out, "[Mixed-Mode Order] {order}");
        }
        out.push_str("[Network Data]\n");
    }
    column_header(&mut out, n, format, options.version);

    // The order of the entries: version 1 2-ports are S11 S21 S12 S22; everything else (and
    // version 2 2-ports, declared `12_21`) is row-major.
    let order: Vec<(usize, usize)> = if n == 2 && options.version == Version::V1 {
        vec![(0, 0), (1, 0), (0, 1), (1, 1)]
    } else {
        (0..n).flat_map(|i| (0..n).map(move |j| (i, j))).collect()
    };
    let s = network.s();
    for (k, &hz) in network.frequency().hz().iter().enumerate() {
        shifted(&mut out, hz, shift);
        for (e, &(i, j)) in order.iter().enumerate() {
            // Rows of 3+ ports start on a new line; at most 4 pairs per line.
            if n >= 3 && e > 0 && (j == 0 || j % PAIRS_PER_LINE == 0) {
                out.push_str("\n ");
            }
            let v = s[[k, i, j]];
            out.push(' ');
            match format {
                NumberFormat::RealImaginary => number(&mut out, v.re),
                NumberFormat::MagnitudeAngle => magnitude(&mut out, v),
                NumberFormat::DecibelAngle => number(&mut out, decibels(v)),
            }
            out.push(' ');
            number(
                &mut out,
                if format == NumberFormat::RealImaginary {
                    v.im
                } else {
                    angle_deg(v)
                },
            );
        }
        out.push('\n');
    }
    if options.version == Version::V2 {
        out.push_str("[End]\n");
    }
    Ok(out)
}

/// A comment naming the columns: `! freq ReS11 ImS11 ReS21 ImS21 ...` (the first row only for
/// 3+ ports).
fn column_header(out: &mut String, n: usize, format: NumberFormat, version: Version) {
    let (a, b) = match format {
        NumberFormat::RealImaginary => ("Re", "Im"),
        NumberFormat::MagnitudeAngle => ("Mag", "Ang"),
        NumberFormat::DecibelAngle => ("dB", "Ang"),
    };
    out.push_str("! freq");
    let names: Vec<String> = match (n, version) {
        (2, Version::V1) => ["S11", "S21", "S12", "S22"].map(String::from).to_vec(),
        _ => (0..n.min(PAIRS_PER_LINE))
            .map(|j| Network::entry_name(0, j).to_uppercase())
            .collect(),
    };
    for name in &names {
        let _ = write!(out, " {a}{name} {b}{name}");
    }
    if n >= 3 {
        out.push_str(" ... (row-major, each row on new lines)");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn freq(hz: f64, shift: i32) -> String {
        let mut s = String::new();
        shifted(&mut s, hz, shift);
        s
    }

    #[test]
    fn frequencies_print_with_the_digits_of_hz() {
        assert_eq!(freq(1.5e9, 9), "1.5");
        assert_eq!(freq(1e9, 9), "1");
        assert_eq!(freq(100e6, 6), "100");
        assert_eq!(freq(123456789.0, 9), "0.123456789");
        assert_eq!(freq(1.0, 9), "1e-9");
        assert_eq!(freq(1e4, 9), "0.00001");
        assert_eq!(freq(0.1, 9), "1e-10");
        assert_eq!(freq(1.25e30, 9), "1.25e21");
        assert_eq!(freq(0.0, 9), "0");
        assert_eq!(freq(330.85e9, 9), "330.85");
        assert_eq!(freq(12.5, 0), "12.5");
    }

    #[test]
    fn numbers_print_shortest() {
        let p = |x: f64| {
            let mut s = String::new();
            number(&mut s, x);
            s
        };
        assert_eq!(p(0.5), "0.5");
        assert_eq!(p(-0.0), "0");
        assert_eq!(p(1e-7), "1e-7");
        assert_eq!(p(1e20), "1e20");
        assert_eq!(p(f64::NEG_INFINITY), "-inf");
        assert_eq!(p(0.1 + 0.2), "0.30000000000000004");
    }
}
