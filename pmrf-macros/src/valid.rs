//! Validation: the rules that need more than one token, and the role of each field.
//!
//! Runs on the parsed [`Input`] and checks each `#[param]` (scale > 0, lower < upper, priors with
//! valid arguments inside the bounds, `fixed` without `prior`, well-formed renames), that
//! `#[param]` sits exactly on the scalar leaves (`T`, `[T; N]`, `Vec<T>`), and that no two fields
//! share a path name. Every violation is recorded in [`Errors`]; the result is the role of every
//! field, which `expand.rs` turns into code, or `None` if any field has no valid role.

use std::collections::HashMap;

use syn::Error;
use syn::ext::IdentExt;

use crate::ast::{self, Field, Input, Ty};
use crate::attr::{Param, PriorKind};
use crate::errors::Errors;

/// What the generated code does with a field.
pub enum Role<'a> {
    /// A scalar leaf (`T`, `[T; N]` or `Vec<T>`) with its `#[param]` options.
    Leaf {
        /// The type shape (never `Phantom`, `Generic` or `Static`).
        shape: Ty,
        /// The options.
        param: &'a Param<'a>,
        /// The path segment.
        name: String,
    },
    /// A sub-model: recurse.
    Model {
        /// The path segment.
        name: String,
    },
    /// `PhantomData`: rebuilt.
    Phantom,
    /// Static data: cloned.
    Static,
}

/// A field with its role.
pub struct Member<'a> {
    /// The field.
    pub field: &'a Field<'a>,
    /// Its role.
    pub role: Role<'a>,
}

/// Checks the input and resolves the role of every field.
pub fn check<'a>(input: &'a Input<'a>, errors: &mut Errors) -> Option<Vec<Member<'a>>> {
    let mut names: HashMap<String, &syn::Ident> = HashMap::new();
    let mut members = Some(Vec::with_capacity(input.fields.len()));
    for field in &input.fields {
        if let Some(param) = &field.param {
            check_param(param, errors);
        }
        if field.param.is_some() || field.is_sub_model() {
            check_name(field, &mut names, errors);
        }
        let role = input
            .scalar
            .and_then(|scalar| role(input, field, scalar, errors));
        match (role, &mut members) {
            (Some(role), Some(members)) => members.push(Member { field, role }),
            _ => members = None,
        }
    }
    members
}

/// Why a field of this type cannot be a parameter or a sub-model, for the common mistakes.
fn not_a_shape(ty: &syn::Type, ident: &syn::Ident, scalar: &syn::Ident) -> Option<String> {
    let field = ident.unraw();
    if ast::is_optional_leaf(ty, scalar) {
        Some(format!(
            "optional parameters are not supported: field `{field}` is an `Option` of \
             `{scalar}` values; use `#[param] {field}: Vec<{scalar}>` (empty when absent), a \
             `#[param(fixed)] {field}: {scalar}` with a neutral value, or an `Option` of a \
             sub-model that holds the parameter (`Option<Part<{scalar}>>`)"
        ))
    } else if ast::has_complex_scalar(ty, scalar) {
        Some(format!(
            "field `{field}` holds complex values, but parameters are real: a complex \
             parameter is two real `#[param]`s, `{field}_re: {scalar}` and `{field}_im: {scalar}` \
             (or a magnitude and a phase), combined in the component, e.g. \
             `Complex::new(self.{field}_re, self.{field}_im)`"
        ))
    } else {
        None
    }
}

/// The path segment of a field: its `name = "..."` or its identifier.
fn path_name(field: &Field) -> String {
    match field.param.as_ref().and_then(|p| p.name.as_ref()) {
        Some(name) => name.value.value(),
        None => field.ident.unraw().to_string(),
    }
}

fn check_name<'a>(
    field: &'a Field<'a>,
    names: &mut HashMap<String, &'a syn::Ident>,
    errors: &mut Errors,
) {
    let rename = field.param.as_ref().and_then(|p| p.name.as_ref());
    let name = path_name(field);
    if let Some(rename) = rename {
        let bad = name.is_empty()
            || name
                .chars()
                .any(|c| matches!(c, '.' | '[' | ']' | '*' | '?') || c.is_whitespace());
        if bad {
            errors.push(Error::new(
                rename.value.span(),
                format_args!(
                    "invalid parameter name {name:?}: a name must be non-empty and contain no `.`, \
                     `[`, `]`, `*`, `?` or whitespace (they are path and glob syntax)"
                ),
            ));
            return;
        }
    }
    if let Some(first) = names.get(&name) {
        let span = rename.map_or_else(|| field.ident.span(), |r| r.value.span());
        errors.push(Error::new(
            span,
            format_args!(
                "duplicate path name `{name}`: field `{first}` already has this name; \
                 give one of them another `#[param(name = \"...\")]`"
            ),
        ));
    } else {
        names.insert(name, field.ident);
    }
}

fn check_param(param: &Param, errors: &mut Errors) {
    if let Some(scale) = &param.scale
        && scale.value.value <= 0.0
    {
        errors.push(Error::new_spanned(
            &scale.value.tokens,
            format_args!(
                "`scale` must be > 0, got {:?}; it is the magnitude the parameter is written in, \
                 e.g. `scale = 1e-12` for pF",
                scale.value.value
            ),
        ));
    }
    let bounds = param.bounds.as_ref().map(|b| &b.value);
    let bounds_ok = match bounds {
        Some(b) if b.lower.value >= b.upper.value => {
            errors.push(Error::new_spanned(
                &b.tokens,
                format_args!(
                    "`bounds` need lower < upper, got ({:?}, {:?})",
                    b.lower.value, b.upper.value
                ),
            ));
            false
        }
        Some(b)
            if !(b.upper.value - b.lower.value).is_finite()
                && b.lower.value.is_finite()
                && b.upper.value.is_finite() =>
        {
            errors.push(Error::new_spanned(
                &b.tokens,
                format_args!(
                    "the width of the `bounds` ({:?}, {:?}) overflows f64; leave an end \
                     infinite for no bound",
                    b.lower.value, b.upper.value
                ),
            ));
            false
        }
        _ => true,
    };
    let Some(prior) = &param.prior else {
        return;
    };
    if let Some(fixed) = &param.fixed
        && fixed.value
    {
        errors.push(Error::new(
            prior.key.span(),
            "a `fixed` parameter cannot have a `prior`: fixed parameters are never sampled; \
             remove `fixed` or `prior`",
        ));
    }
    let p = &prior.value;
    let [a, b] = [p.args[0].value, p.args[1].value];
    if let Some(problem) = beyond_f64(p.kind, a, b) {
        errors.push(Error::new_spanned(
            &p.tokens,
            format_args!("the prior {}({a:?}, {b:?}): {problem}", p.kind.name()),
        ));
        return;
    }
    match p.kind {
        PriorKind::Uniform if a >= b => errors.push(Error::new_spanned(
            &p.tokens,
            format_args!("a `uniform` prior needs low < high, got uniform({a:?}, {b:?})"),
        )),
        PriorKind::Uniform => {
            if let Some(bounds) = bounds
                && bounds_ok
                && (a < bounds.lower.value || b > bounds.upper.value)
            {
                errors.push(Error::new_spanned(
                    &p.tokens,
                    format_args!(
                        "the prior uniform({a:?}, {b:?}) reaches outside the bounds ({:?}, {:?}); \
                         keep it within them",
                        bounds.lower.value, bounds.upper.value
                    ),
                ));
            }
        }
        PriorKind::Normal | PriorKind::LogNormal if b <= 0.0 => {
            let [_, spread] = p.kind.arg_names();
            errors.push(Error::new_spanned(
                &p.args[1].tokens,
                format_args!(
                    "the `{spread}` of a `{}` prior must be > 0, got {b:?}",
                    p.kind.name()
                ),
            ));
        }
        PriorKind::Normal | PriorKind::LogNormal => {
            if let Some(bounds) = bounds
                && bounds_ok
            {
                let [lower, upper] = [bounds.lower.value, bounds.upper.value];
                let mass = match p.kind {
                    PriorKind::LogNormal if upper <= 0.0 => {
                        errors.push(Error::new_spanned(
                            &p.tokens,
                            format_args!(
                                "the prior log_normal({a:?}, {b:?}) lives on positive values, but \
                                 the bounds ({lower:?}, {upper:?}) hold none; use positive \
                                 bounds or a `normal` prior"
                            ),
                        ));
                        return;
                    }
                    PriorKind::LogNormal => {
                        let z = |x: f64| {
                            if x > 0.0 {
                                (x.ln() - a) / b
                            } else {
                                f64::NEG_INFINITY
                            }
                        };
                        normal_mass(z(lower), z(upper))
                    }
                    _ => normal_mass((lower - a) / b, (upper - a) / b),
                };
                if mass < MIN_PRIOR_MASS {
                    errors.push(Error::new_spanned(
                        &p.tokens,
                        format_args!(
                            "the prior {}({a:?}, {b:?}) has no mass within the bounds \
                             ({lower:?}, {upper:?}) (about {mass:.1e}, below {MIN_PRIOR_MASS:e}): \
                             it cannot be sampled there; move the prior or widen the bounds",
                            p.kind.name()
                        ),
                    ));
                }
            }
        }
    }
}

/// How many standard deviations from the centre a draw of a prior can reach (as in
/// `pmrf::params::Prior::validate`).
const DRAW_REACH: f64 = 9.0;

/// What makes valid-looking prior arguments a distribution `f64` cannot hold: the uniform's
/// width, the log-normal's median, or draws within `DRAW_REACH` standard deviations.
fn beyond_f64(kind: PriorKind, a: f64, b: f64) -> Option<String> {
    let representable = |ln_x: f64| ln_x.exp().is_finite() && ln_x.exp() > 0.0;
    match kind {
        PriorKind::Uniform if a < b && !(b - a).is_finite() => {
            Some("its width overflows f64".to_owned())
        }
        PriorKind::Normal if b > 0.0 && !(a.abs() + DRAW_REACH * b).is_finite() => {
            Some(format!("draws reach mean +- {DRAW_REACH} std, beyond f64"))
        }
        PriorKind::LogNormal if b > 0.0 && !representable(a) => Some(format!(
            "mu = {a:?} puts the median at exp({a:?}), beyond f64"
        )),
        PriorKind::LogNormal
            if b > 0.0
                && !(representable(a - DRAW_REACH * b) && representable(a + DRAW_REACH * b)) =>
        {
            Some(format!(
                "sigma = {b:?} puts draws at exp(mu +- {DRAW_REACH} sigma), beyond f64"
            ))
        }
        _ => None,
    }
}

/// The least probability a `normal` or `log_normal` prior must put within the bounds. Less
/// means the truncated distribution is numerically empty: no sample could be drawn.
const MIN_PRIOR_MASS: f64 = 1e-12;

/// The probability that a standard normal variable lies in `[a, b]` (`a <= b`, either may be
/// infinite), accurate in the tails: it is taken on the side of the mean where the interval
/// lies, as a difference of upper tails `Q(x) = erfc(x / sqrt 2) / 2`.
fn normal_mass(a: f64, b: f64) -> f64 {
    let q = |x: f64| 0.5 * erfc(x / std::f64::consts::SQRT_2);
    let width = b - a;
    if width.is_finite() && width < 1e-3 {
        // Narrow: density times width (the difference of two tails would cancel).
        let mid = 0.5 * (a + b);
        return width * (-0.5 * mid * mid).exp() / (2.0 * std::f64::consts::PI).sqrt();
    }
    if a >= 0.0 {
        q(a) - q(b)
    } else if b <= 0.0 {
        q(-b) - q(-a)
    } else {
        1.0 - q(-a) - q(b)
    }
}

/// The complementary error function, with relative error below 1.2e-7 for all `x`
/// (Numerical Recipes' Chebyshev fit `erfcc`), `erfc(inf) = 0`, `erfc(-inf) = 2`. Plenty to
/// compare a probability with [`MIN_PRIOR_MASS`].
///
/// A second copy on purpose: a proc-macro crate cannot depend on the runtime, whose exact
/// `erfc` (to a few ulp, in `pmrf-core/src/special/normal.rs`) serves everything else.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let tail = if z.is_infinite() { 0.0 } else { t * poly.exp() };
    if x >= 0.0 { tail } else { 2.0 - tail }
}

/// The role of a field, or `None` after recording why it has none.
fn role<'a>(
    input: &Input<'a>,
    field: &'a Field<'a>,
    scalar: &syn::Ident,
    errors: &mut Errors,
) -> Option<Role<'a>> {
    let ty = &field.original.ty;
    if let Some(skip) = &field.skip {
        if let Some(param) = &field.param {
            errors.push(Error::new_spanned(
                param.original,
                "`#[param]` and `#[model(skip)]` exclude each other: a field is either a \
                 parameter or static data",
            ));
            return None;
        }
        if ast::mentions(ty, &[scalar]) {
            errors.push(Error::new(
                skip.span(),
                format_args!(
                    "field `{}` cannot be skipped: its type mentions the scalar type `{scalar}`, \
                     so it must be rebuilt over another scalar; make it a `#[param]` or a \
                     sub-model, or remove `{scalar}` from its type",
                    field.ident.unraw()
                ),
            ));
            return None;
        }
        if let Some(model) = input.models.iter().find(|m| ast::mentions(ty, &[m])) {
            errors.push(Error::new(
                skip.span(),
                format_args!(
                    "field `{}` cannot be skipped: its type mentions `{model}`, which is a \
                     sub-model type (another field holds it) and is rebound with the scalar",
                    field.ident.unraw()
                ),
            ));
            return None;
        }
        return Some(Role::Static);
    }
    if let Some(message) = not_a_shape(ty, field.ident, scalar) {
        errors.push(Error::new_spanned(ty, message));
        return None;
    }
    match (&field.param, field.ty) {
        (Some(param), shape) if shape.is_leaf() => Some(Role::Leaf {
            shape,
            param,
            name: path_name(field),
        }),
        (Some(param), Ty::Generic) if ast::looks_like_model(ty, scalar, &input.others) => {
            errors.push(Error::new_spanned(
                param.original,
                "`#[param]` marks scalar leaves only; sub-model fields recurse without #[param]: \
                 remove it",
            ));
            None
        }
        (Some(_), _) => {
            errors.push(Error::new_spanned(
                ty,
                format_args!(
                    "unsupported `#[param]` type: a parameter field has type `{scalar}`, \
                     `[{scalar}; N]` or `Vec<{scalar}>`, where `{scalar}` is the scalar type parameter"
                ),
            ));
            None
        }
        (None, shape) if shape.is_leaf() => {
            errors.push(Error::new_spanned(
                ty,
                format_args!(
                    "field `{}` holds values of the scalar type `{scalar}` but has no `#[param]`; \
                     add `#[param]`, or `#[param(fixed)]` for a constant",
                    field.ident.unraw()
                ),
            ));
            None
        }
        (None, Ty::Generic) => Some(Role::Model {
            name: path_name(field),
        }),
        (None, Ty::Phantom) => Some(Role::Phantom),
        (None, _) => Some(Role::Static),
    }
}

#[cfg(test)]
mod tests {
    use super::{PriorKind, beyond_f64, erfc, normal_mass};

    #[test]
    fn priors_beyond_f64_are_named() {
        let problem = |kind, a, b| beyond_f64(kind, a, b).unwrap_or_default();
        assert_eq!(
            problem(PriorKind::Uniform, -1e308, 1e308),
            "its width overflows f64"
        );
        assert!(problem(PriorKind::LogNormal, 800.0, 1.0).contains("exp(800.0)"));
        assert!(problem(PriorKind::LogNormal, 0.0, 100.0).contains("sigma = 100.0"));
        assert!(problem(PriorKind::Normal, 0.0, 1e308).contains("beyond f64"));
        for (kind, a, b) in [
            (PriorKind::Uniform, -1e307, 1e307),
            (PriorKind::LogNormal, 700.0, 1.0),
            (PriorKind::Normal, 0.0, 1e300),
        ] {
            assert_eq!(beyond_f64(kind, a, b), None);
        }
    }

    #[test]
    fn erfc_matches_reference_values() {
        // erfc(x) from tables (Abramowitz & Stegun 7.1), compared relatively.
        for (x, expected) in [
            (0.0, 1.0),
            (0.5, 0.479_500_122_186_953_5),
            (1.0, 0.157_299_207_050_285_1),
            (2.0, 4.677_734_981_047_266e-3),
            (5.0, 1.537_459_794_428_035e-12),
            (10.0, 2.088_487_583_762_545e-45),
            (-1.0, 1.842_700_792_949_715),
        ] {
            let got = erfc(x);
            assert!(
                ((got - expected) / expected).abs() < 2e-7,
                "erfc({x}) = {got}, expected {expected}"
            );
        }
        assert_eq!(erfc(f64::INFINITY), 0.0);
        assert_eq!(erfc(f64::NEG_INFINITY), 2.0);
    }

    #[test]
    fn normal_mass_in_the_tails_and_the_middle() {
        assert!((normal_mass(f64::NEG_INFINITY, f64::INFINITY) - 1.0).abs() < 1e-12);
        assert!((normal_mass(-1.0, 1.0) - 0.682_689_492_137_085_9).abs() < 1e-6);
        // Both tails: P(Z > 7) = 1.28e-12, from either side.
        let tail = 1.279_812_543_885_835e-12;
        assert!((normal_mass(7.0, f64::INFINITY) / tail - 1.0).abs() < 1e-6);
        assert!((normal_mass(f64::NEG_INFINITY, -7.0) / tail - 1.0).abs() < 1e-6);
        assert!(normal_mass(8.0, 9.0) < 1e-12);
        assert!(normal_mass(0.0, 1e-6) > 3e-7);
    }
}
