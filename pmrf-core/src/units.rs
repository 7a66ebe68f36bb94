//! Numbers and units as people read them, in one place for every text the crate writes: the
//! parameter table, the inference summary, the plots' axes and labels, and error messages.

/// SI prefixes from femto to peta: the factor, its ASCII symbol (for terminal text) and its
/// proper symbol (for plots; they differ only for micro).
const PREFIXES: [(f64, &str, &str); 11] = [
    (1e-15, "f", "f"),
    (1e-12, "p", "p"),
    (1e-9, "n", "n"),
    (1e-6, "u", "µ"),
    (1e-3, "m", "m"),
    (1.0, "", ""),
    (1e3, "k", "k"),
    (1e6, "M", "M"),
    (1e9, "G", "G"),
    (1e12, "T", "T"),
    (1e15, "P", "P"),
];

/// The unit a value scaled by `scale` is written in: `1e-12` and `"F"` read as `"pF"`; other
/// scales as `"x1e-5 F"`; a dimensionless unit (`""` or `"1"`) takes no prefix: `1e-3` reads
/// `"x1e-3"`, not `"m1"`.
pub(crate) fn prefixed(scale: f64, unit: &str) -> String {
    if matches!(unit, "" | "1") && scale != 1.0 {
        return format!("x{scale:e}");
    }
    match PREFIXES
        .iter()
        .find(|(s, _, _)| (scale / s - 1.0).abs() < 1e-12)
    {
        Some((_, prefix, _)) => format!("{prefix}{unit}"),
        None => format!("x{scale:e} {unit}"),
    }
}

/// Engineering scaling of values in a base unit, for plots: the factor to multiply by and the
/// prefixed unit (pico to tera, femto below), chosen so the largest magnitude lies in
/// [1, 1000).
#[cfg(feature = "plot")]
pub(crate) fn engineering(max_abs: f64, unit: &str) -> (f64, String) {
    if !(max_abs.is_finite() && max_abs > 0.0) {
        return (1.0, unit.to_string());
    }
    // Tera down to pico; below, femto with the exact factor 1e15 (`1 / 1e-15` is not).
    let tera_to_pico = PREFIXES
        .iter()
        .rev()
        .filter(|(m, _, _)| (1e-12..=1e12).contains(m));
    for &(m, _, p) in tera_to_pico {
        if max_abs >= m * 0.999_999 {
            return (1.0 / m, format!("{p}{unit}"));
        }
    }
    (1e15, format!("f{unit}"))
}

/// A number as people write it, for error messages: `0.003`, `1000`, `-1e-8`, `2e308` (never
/// 300 digits).
pub(crate) fn num(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || (1e-4..1e15).contains(&x.abs()) {
        x.to_string()
    } else {
        format!("{x:e}")
    }
}

/// `upper - lower` as text, also where it overflows `f64` (`-1e308, 1e308` -> `"2e308"`).
pub(crate) fn width(lower: f64, upper: f64) -> String {
    let w = upper - lower;
    if w.is_finite() || !(lower.is_finite() && upper.is_finite()) {
        return num(w);
    }
    // Half the width is finite: double its mantissa in the text.
    let half = format!("{:e}", upper / 2.0 - lower / 2.0);
    let (mantissa, exponent) = half.split_once('e').unwrap_or((&half, "0"));
    let (m, e) = (
        2.0 * mantissa.parse::<f64>().unwrap_or(f64::NAN),
        exponent.parse::<i32>().unwrap_or(0),
    );
    let (m, e) = if m >= 10.0 { (m / 10.0, e + 1) } else { (m, e) };
    format!("{m}e{e}")
}

/// `x` with `decimals` decimals, without trailing zeros: `trimmed(1.5, 3)` is `"1.5"`,
/// `trimmed(-0.0001, 3)` is `"0"` (never `"-0"`).
pub(crate) fn trimmed(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".into()
    } else {
        text.to_owned()
    }
}

/// A number in at most 6 significant digits, without trailing zeros:
/// `999.9999999999999` -> `1000`.
pub(crate) fn short(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return x.to_string();
    }
    let digits = (5 - x.abs().log10().floor() as i32).clamp(0, 15) as usize;
    trimmed(x, digits)
}

/// `x` with `digits` significant digits: fixed notation for magnitudes in `[1e-3, 1e6)`,
/// scientific otherwise.
pub(crate) fn significant(x: f64, digits: usize) -> String {
    if !x.is_finite() || x == 0.0 {
        return format!("{x}");
    }
    let magnitude = x.abs().log10().floor() as i32;
    if (-3..6).contains(&magnitude) {
        let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
        format!("{x:.decimals$}")
    } else {
        format!("{x:.prec$e}", prec = digits.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_take_the_prefix_of_their_scale() {
        assert_eq!(prefixed(1e-12, "F"), "pF");
        assert_eq!(prefixed(1e-6, "H"), "uH");
        assert_eq!(prefixed(1.0, "ohm"), "ohm");
        assert_eq!(prefixed(1e15, "Hz"), "PHz");
        assert_eq!(prefixed(2e-5, "F"), "x2e-5 F");
        assert_eq!(prefixed(1e-3, ""), "x1e-3");
        assert_eq!(prefixed(1.0, "1"), "1");
    }

    #[test]
    #[cfg(feature = "plot")]
    fn engineering_puts_the_largest_value_in_1_to_1000() {
        assert_eq!(engineering(2.5e9, "Hz"), (1e-9, "GHz".to_owned()));
        assert_eq!(engineering(999.9999999, "s"), (1e-3, "ks".to_owned()));
        assert_eq!(engineering(3e-6, "s"), (1e6, "µs".to_owned()));
        assert_eq!(engineering(1.0, "V"), (1.0, "V".to_owned()));
        assert_eq!(engineering(5e15, "Hz"), (1e-12, "THz".to_owned()));
        assert_eq!(engineering(2e-14, "s"), (1e15, "fs".to_owned()));
        assert_eq!(engineering(1e-20, "s"), (1e15, "fs".to_owned()));
        assert_eq!(engineering(0.0, "s"), (1.0, "s".to_owned()));
        assert_eq!(engineering(f64::NAN, "s"), (1.0, "s".to_owned()));
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(num(0.003), "0.003");
        assert_eq!(num(1000.0), "1000");
        assert_eq!(num(-1e-8), "-1e-8");
        assert_eq!(num(f64::INFINITY), "inf");
        assert_eq!(width(0.0, 1.5), "1.5");
        assert_eq!(width(-1e308, 1e308), "2e308");
        assert_eq!(width(-1.5e308, 1.5e308), "3e308");
        assert_eq!(trimmed(1.5, 3), "1.5");
        assert_eq!(trimmed(2.0, 3), "2");
        assert_eq!(trimmed(1.23456, 3), "1.235");
        assert_eq!(trimmed(-0.0001, 3), "0");
        assert_eq!(trimmed(100.0, 0), "100");
        assert_eq!(short(999.9999999999999), "1000");
        assert_eq!(short(0.1), "0.1");
        assert_eq!(short(123456789.0), "123456789");
        assert_eq!(short(1.0e-12), "0.000000000001");
        assert_eq!(short(123_456.7), "123457");
        assert_eq!(short(f64::NEG_INFINITY), "-inf");
        assert_eq!(short(-0.0), "-0");
        assert_eq!(significant(1.234_567_8, 3), "1.23");
        assert_eq!(significant(12_345.678, 6), "12345.7");
        assert_eq!(significant(2.2e-12, 6), "2.20000e-12");
        assert_eq!(significant(0.0, 6), "0");
    }
}
