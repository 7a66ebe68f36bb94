//! Numbers JSON cannot hold, in saved tables: infinite bounds and values (for self-describing
//! formats such as JSON, which the values read through `deserialize_any`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bounds as a pair: an unbounded end is `null`.
pub(super) mod bounds {
    use super::*;

    pub fn serialize<S: Serializer>(b: &(f64, f64), s: S) -> Result<S::Ok, S::Error> {
        let end = |x: f64| x.is_finite().then_some(x);
        (end(b.0), end(b.1)).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<(f64, f64), D::Error> {
        let (lo, hi) = <(Option<f64>, Option<f64>)>::deserialize(d)?;
        Ok((lo.unwrap_or(f64::NEG_INFINITY), hi.unwrap_or(f64::INFINITY)))
    }
}

/// A value: a number, or the strings `"inf"` and `"-inf"` (a lossless tank's `r`).
pub(super) mod value {
    use std::fmt;

    use serde::de::{self, Visitor};

    use super::*;

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        match *x {
            f64::INFINITY => s.serialize_str("inf"),
            f64::NEG_INFINITY => s.serialize_str("-inf"),
            x => s.serialize_f64(x),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        d.deserialize_any(Value)
    }

    struct Value;

    impl Visitor<'_> for Value {
        type Value = f64;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number, \"inf\" or \"-inf\"")
        }

        fn visit_f64<E: de::Error>(self, x: f64) -> Result<f64, E> {
            Ok(x)
        }

        fn visit_i64<E: de::Error>(self, x: i64) -> Result<f64, E> {
            Ok(x as f64)
        }

        fn visit_u64<E: de::Error>(self, x: u64) -> Result<f64, E> {
            Ok(x as f64)
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<f64, E> {
            match text {
                "inf" => Ok(f64::INFINITY),
                "-inf" => Ok(f64::NEG_INFINITY),
                _ => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
            }
        }
    }
}
