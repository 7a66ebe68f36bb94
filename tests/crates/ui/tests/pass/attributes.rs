//! Attribute forms: every option, `fixed = false`, negative and infinite bounds, integer
//! literals, doc comments and other attributes on fields, raw identifiers, visibility, and
//! attributes produced by `macro_rules!`.

use pmrf::params::{ParamMeta, Path, Prior};
use pmrf::{Model, Scalar};

/// A model with every option.
#[derive(Model, Clone, Debug)]
pub(crate) struct Options<T: Scalar = f64> {
    /// Documented field.
    #[param(unit = "V", scale = 1e-3, bounds = (-5.0, 5), fixed = false, prior = uniform(-1e-3, 1e-3))]
    pub offset: T,
    #[allow(dead_code)]
    #[param(bounds = (-f64::INFINITY, 10.0), prior = log_normal(0.0, 0.5))]
    #[cfg_attr(any(), cfg(any()))]
    pub(crate) r#type: T,
    #[param(fixed = true, bounds = (f64::NEG_INFINITY, -1e-3), name = "neg")]
    pub negative: T,
    #[param(fixed = false, prior = normal(-2, 1))]
    pub free: T,
    #[param()]
    pub plain: T,
    #[doc = "static data"]
    pub note: &'static str,
}

macro_rules! one_param {
    ($name:ident, $field:ident, $unit:literal, $scale:literal, $ty:ty) => {
        #[derive(Model, Clone, Debug)]
        pub struct $name<T: Scalar = f64> {
            #[param(unit = $unit, scale = $scale, bounds = (0.0, f64::INFINITY))]
            pub $field: $ty,
        }
    };
}
one_param!(Capacitor, c, "F", 1e-12, T);

fn metas<M: Model<Scalar = f64>>(m: &M) -> Vec<(String, ParamMeta)> {
    let mut out = Vec::new();
    m.visit_params(&mut Path::new(), &mut |p, _, meta| {
        out.push((p.to_string(), meta.clone()))
    });
    out
}

fn main() {
    let o = Options {
        offset: 0.0,
        r#type: 1.0,
        negative: -1.0,
        free: 0.0,
        plain: 1.0,
        note: "n",
    };
    let m = metas(&o);
    let names: Vec<&str> = m.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["offset", "type", "neg", "free", "plain"]);
    assert_eq!(m[0].1.unit(), "V");
    assert_eq!(m[0].1.scale(), 1e-3);
    assert_eq!(m[0].1.bounds(), (-5.0, 5.0));
    assert!(!m[0].1.is_fixed());
    assert_eq!(
        m[0].1.prior().copied(),
        Some(Prior::uniform(-1e-3, 1e-3).unwrap())
    );
    assert_eq!(m[1].1.bounds(), (f64::NEG_INFINITY, 10.0));
    assert_eq!(
        m[1].1.prior().copied(),
        Some(Prior::log_normal(0.0, 0.5).unwrap())
    );
    assert!(m[2].1.is_fixed());
    assert_eq!(m[2].1.bounds(), (f64::NEG_INFINITY, -1e-3));
    assert_eq!(
        m[3].1.prior().copied(),
        Some(Prior::normal(-2.0, 1.0).unwrap())
    );
    assert_eq!(m[4].1, ParamMeta::DEFAULT);
    assert_eq!(o.lift::<pmrf::Dual64>().note, "n");

    let c = Capacitor { c: 1e-12 };
    let m = metas(&c);
    assert_eq!(
        (m[0].0.as_str(), m[0].1.unit(), m[0].1.scale()),
        ("c", "F", 1e-12)
    );
    assert_eq!(m[0].1.bounds(), (0.0, f64::INFINITY));
}
