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
        if field.param.is_some() || field.ty == Ty::Generic {
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
        PriorKind::Normal | PriorKind::LogNormal => {}
    }
}

/// The role of a field, or `None` after recording why it has none.
fn role<'a>(
    input: &Input<'a>,
    field: &'a Field<'a>,
    scalar: &syn::Ident,
    errors: &mut Errors,
) -> Option<Role<'a>> {
    let ty = &field.original.ty;
    match (&field.param, field.ty) {
        (Some(param), shape) if shape.is_leaf() => Some(Role::Leaf {
            shape,
            param,
            name: path_name(field),
        }),
        (Some(param), Ty::Generic) if ast::looks_like_model(ty, scalar, &input.models) => {
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
