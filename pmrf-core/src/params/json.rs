//! Numbers JSON cannot hold, in saved tables: infinite bounds and values.

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
    use super::*;

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Number(f64),
        Text(String),
    }

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        match *x {
            f64::INFINITY => Repr::Text("inf".into()),
            f64::NEG_INFINITY => Repr::Text("-inf".into()),
            x => Repr::Number(x),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        match Repr::deserialize(d)? {
            Repr::Number(x) => Ok(x),
            Repr::Text(t) if t == "inf" => Ok(f64::INFINITY),
            Repr::Text(t) if t == "-inf" => Ok(f64::NEG_INFINITY),
            Repr::Text(t) => Err(serde::de::Error::custom(format!(
                "expected a number, \"inf\" or \"-inf\", got \"{t}\""
            ))),
        }
    }
}
