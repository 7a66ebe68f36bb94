//! The derive input as a borrowed intermediate form: the struct, its scalar type parameter and its
//! fields, each field with its type shape and parsed `#[param]`.
//!
//! [`Input::from_syn`] checks the item's shape (a struct with named fields) and generics (exactly
//! one type parameter bounded by `Scalar`, no lifetimes). Problems are recorded in [`Errors`];
//! fields are still parsed whenever there are any, so attribute mistakes are reported in the same
//! compile. Every node keeps a reference to its `syn` original for error spans.

use syn::visit::Visit;
use syn::{
    Data, DeriveInput, Error, Fields, GenericArgument, GenericParam, Ident, PathArguments, Type,
    TypeParamBound, WherePredicate,
};

use crate::attr::{self, Param};
use crate::errors::Errors;

/// A struct deriving `Model`.
pub struct Input<'a> {
    /// The whole item.
    pub original: &'a DeriveInput,
    /// The path of the `pmrf` crate: `#[model(crate = ...)]`, by default `::pmrf`.
    pub krate: syn::Path,
    /// The scalar type parameter (`T` in `T: Scalar`), if exactly one was found. Without it,
    /// field types cannot be classified and only the attributes are checked.
    pub scalar: Option<&'a Ident>,
    /// The other type parameters.
    pub others: Vec<&'a Ident>,
    /// Those of `others` that appear in a sub-model field: they are bounded by `Model` and
    /// rebound with the scalar. The rest (marker and data types) stay as they are.
    pub models: Vec<&'a Ident>,
    /// Whether generics are such that an impl can be written at all (a scalar, no lifetimes).
    pub generics_ok: bool,
    /// The named fields, in declaration order.
    pub fields: Vec<Field<'a>>,
}

/// A named field.
pub struct Field<'a> {
    /// The field itself.
    pub original: &'a syn::Field,
    /// Its name.
    pub ident: &'a Ident,
    /// The shape of its type.
    pub ty: Ty,
    /// Its `#[param(...)]`, if any.
    pub param: Option<Param<'a>>,
    /// `#[model(skip)]`: static data even if the type mentions a type parameter.
    pub skip: Option<Ident>,
}

impl Field<'_> {
    /// Whether the field is a sub-model by its shape: it mentions a type parameter and is
    /// neither a parameter nor skipped.
    pub fn is_sub_model(&self) -> bool {
        self.ty == Ty::Generic && self.param.is_none() && self.skip.is_none()
    }
}

/// What a field type looks like, relative to the scalar type parameter `T`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `T`.
    Scalar,
    /// `[T; N]`.
    Array,
    /// `Vec<T>`.
    Vec,
    /// A path ending in `PhantomData`.
    Phantom,
    /// Any other type that mentions a type parameter: a sub-model.
    Generic,
    /// A type without type parameters: static data, cloned through.
    Static,
}

impl Ty {
    /// Whether this is a shape `#[param]` accepts.
    pub fn is_leaf(self) -> bool {
        matches!(self, Ty::Scalar | Ty::Array | Ty::Vec)
    }
}

impl<'a> Input<'a> {
    /// Builds the intermediate form, recording every problem found. `None` if the item is not a
    /// struct with named fields.
    pub fn from_syn(input: &'a DeriveInput, errors: &mut Errors) -> Option<Self> {
        for attr in input.attrs.iter().filter(|a| attr::is_param(a)) {
            errors.push(Error::new_spanned(
                attr,
                "`#[param]` goes on fields, not on the struct",
            ));
        }
        // A wrong shape means rewriting the declaration (the message shows how), so its
        // generics are not checked on top.
        let container = attr::struct_model(&input.attrs, errors);
        let named = named_fields(input, errors)?;
        let (scalar, others, generics_ok) = scalar_param(input, errors);

        let mut params: Vec<&Ident> = others.clone();
        params.extend(scalar);
        let fields: Vec<Field> = named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                Some(Field {
                    original: field,
                    ident,
                    ty: Ty::of(&field.ty, scalar, &params),
                    param: attr::field_param(&field.attrs, errors),
                    skip: attr::field_model(&field.attrs, errors).skip,
                })
            })
            .collect();
        let models = others
            .iter()
            .copied()
            .filter(|p| {
                fields
                    .iter()
                    .any(|f| f.is_sub_model() && mentions(&f.original.ty, &[p]))
            })
            .collect();
        Some(Input {
            original: input,
            krate: container
                .krate
                .map_or_else(|| syn::parse_quote!(::pmrf), |k| k.value),
            scalar,
            others,
            models,
            generics_ok,
            fields,
        })
    }
}

/// The named fields, or an error for enums, unions, tuple and unit structs and empty structs.
fn named_fields<'a>(
    input: &'a DeriveInput,
    errors: &mut Errors,
) -> Option<&'a syn::punctuated::Punctuated<syn::Field, syn::Token![,]>> {
    let name = &input.ident;
    let example = format!("`struct {name}<T: Scalar = f64> {{ #[param] x: T }}`");
    let marker = format!(
        "`struct {name}<T: Scalar = f64> {{ _t: PhantomData<T> }}` with \
         `#[derive(Model, Clone, Default)]`, built by `{name}::default()`"
    );
    let error = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) if !named.named.is_empty() => return Some(&named.named),
            Fields::Named(named) => Error::new_spanned(
                named,
                format_args!(
                    "`#[derive(Model)]` needs a field that holds the scalar type; `{name}` has \
                     none. A part without parameters holds it in a marker: {marker}"
                ),
            ),
            Fields::Unnamed(unnamed) => Error::new_spanned(
                unnamed,
                format_args!(
                    "`#[derive(Model)]` does not support tuple structs: name the fields, as in {example}"
                ),
            ),
            Fields::Unit => Error::new(
                name.span(),
                format_args!(
                    "`#[derive(Model)]` does not support unit structs: a model needs named fields, \
                     as in {example}; a part without parameters holds the scalar type in a \
                     marker: {marker}"
                ),
            ),
        },
        Data::Enum(data) => Error::new(
            data.enum_token.span,
            "`#[derive(Model)]` does not support enums: a model is a struct with named fields",
        ),
        Data::Union(data) => Error::new(
            data.union_token.span,
            "`#[derive(Model)]` does not support unions: a model is a struct with named fields",
        ),
    };
    errors.push(error);
    None
}

/// Finds the scalar type parameter and the sub-model type parameters; rejects lifetimes.
/// The scalar is `None` unless there is exactly one.
fn scalar_param<'a>(
    input: &'a DeriveInput,
    errors: &mut Errors,
) -> (Option<&'a Ident>, Vec<&'a Ident>, bool) {
    let generics = &input.generics;
    let mut scalars: Vec<&Ident> = Vec::new();
    let mut models = Vec::new();
    let mut lifetimes = false;
    for param in &generics.params {
        match param {
            GenericParam::Lifetime(lt) => {
                lifetimes = true;
                errors.push(Error::new_spanned(
                    &lt.lifetime,
                    "`#[derive(Model)]` does not support lifetime parameters: a model owns its data, \
                     so that it can be rebuilt over another scalar type",
                ));
            }
            GenericParam::Type(tp) => {
                let inline = tp.bounds.iter().any(is_scalar_bound);
                let in_where = generics
                    .where_clause
                    .iter()
                    .flat_map(|w| &w.predicates)
                    .any(|pred| match pred {
                        WherePredicate::Type(p) => {
                            is_ident(&p.bounded_ty, &tp.ident)
                                && p.bounds.iter().any(is_scalar_bound)
                        }
                        _ => false,
                    });
                if inline || in_where {
                    scalars.push(&tp.ident);
                } else {
                    models.push(&tp.ident);
                }
            }
            GenericParam::Const(_) => {}
        }
    }
    match scalars[..] {
        [] => {
            let name = &input.ident;
            let message = format!(
                "`#[derive(Model)]` needs a scalar type parameter bounded by `Scalar`: \
                 declare the struct as `struct {name}<T: Scalar = f64>`"
            );
            errors.push(if generics.params.is_empty() {
                Error::new(name.span(), message)
            } else {
                Error::new_spanned(generics, message)
            });
        }
        [_] => {}
        [first, ref others @ ..] => {
            for other in others {
                errors.push(Error::new(
                    other.span(),
                    format_args!(
                        "more than one scalar type parameter: `{first}` and `{other}` are both \
                         bounded by `Scalar`, but a model has exactly one; drop the `Scalar` bound \
                         of `{other}` to make it a sub-model type, or remove it"
                    ),
                ));
            }
        }
    }
    let scalar = match scalars[..] {
        [scalar] => Some(scalar),
        _ => None,
    };
    (scalar, models, scalar.is_some() && !lifetimes)
}

/// Whether a bound names a trait whose path ends in `Scalar`.
fn is_scalar_bound(bound: &TypeParamBound) -> bool {
    match bound {
        TypeParamBound::Trait(t) => t.path.segments.last().is_some_and(|s| s.ident == "Scalar"),
        _ => false,
    }
}

/// Strips invisible groups and parentheses.
pub fn ungroup(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(g) => ty = &g.elem,
            Type::Paren(p) => ty = &p.elem,
            _ => return ty,
        }
    }
}

/// Whether `ty` is exactly the type parameter `ident`.
pub fn is_ident(ty: &Type, ident: &Ident) -> bool {
    match ungroup(ty) {
        Type::Path(p) => p.qself.is_none() && p.path.is_ident(ident),
        _ => false,
    }
}

/// The single type argument of a path type whose last segment is one of `names`.
fn wrapped<'t>(ty: &'t Type, names: &[&str]) -> Option<(&'t Ident, Vec<&'t Type>)> {
    let Type::Path(p) = ungroup(ty) else {
        return None;
    };
    if p.qself.is_some() {
        return None;
    }
    let last = p.path.segments.last()?;
    if !names.iter().any(|n| last.ident == n) {
        return None;
    }
    let args = match &last.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((&last.ident, args))
}

/// Whether `ty` mentions any of `params` (or `Self`).
pub fn mentions(ty: &Type, params: &[&Ident]) -> bool {
    struct Finder<'p> {
        params: &'p [&'p Ident],
        found: bool,
    }
    impl<'ast> Visit<'ast> for Finder<'_> {
        fn visit_type_path(&mut self, tp: &'ast syn::TypePath) {
            if tp.qself.is_none()
                && tp.path.leading_colon.is_none()
                && let Some(first) = tp.path.segments.first()
                && (first.ident == "Self" || self.params.iter().any(|p| first.ident == **p))
            {
                self.found = true;
            }
            syn::visit::visit_type_path(self, tp);
        }
    }
    let mut finder = Finder {
        params,
        found: false,
    };
    finder.visit_type(ty);
    finder.found
}

impl Ty {
    /// Classifies a field type.
    fn of(ty: &Type, scalar: Option<&Ident>, params: &[&Ident]) -> Ty {
        if let Some(scalar) = scalar {
            if is_ident(ty, scalar) {
                return Ty::Scalar;
            }
            if let Type::Array(a) = ungroup(ty)
                && is_ident(&a.elem, scalar)
            {
                return Ty::Array;
            }
            if let Some((_, args)) = wrapped(ty, &["Vec"])
                && let [arg] = args[..]
                && is_ident(arg, scalar)
            {
                return Ty::Vec;
            }
        }
        if wrapped(ty, &["PhantomData"]).is_some() {
            Ty::Phantom
        } else if mentions(ty, params) {
            Ty::Generic
        } else {
            Ty::Static
        }
    }
}

/// Whether a type that `#[param]` does not accept looks like a sub-model rather than a
/// container of scalars (`Option<T>`, `Complex<T>`), to pick the more helpful message.
pub fn looks_like_model(ty: &Type, scalar: &Ident, params: &[&Ident]) -> bool {
    const CONTAINERS: &[&str] = &["Vec", "Option", "Box", "VecDeque"];
    // Standard types that hold scalars but are no models. (`Rc` is left out: in RF code it is
    // more likely a user's RC model than `std::rc::Rc`.)
    // Standard types that hold scalars but are no models. (`Rc` is left out: in RF code it is
    // more likely a user's RC model than `std::rc::Rc`.)
    const NOT_MODELS: &[&str] = &[
        "PhantomData",
        "Complex",
        "Cell",
        "RefCell",
        "Range",
        "RangeInclusive",
        "HashMap",
        "BTreeMap",
    ];
    match ungroup(ty) {
        Type::Array(a) => looks_like_model(&a.elem, scalar, params),
        Type::Slice(s) => looks_like_model(&s.elem, scalar, params),
        Type::Tuple(t) => t.elems.iter().any(|e| looks_like_model(e, scalar, params)),
        Type::Path(p) if p.qself.is_none() => {
            if is_ident(ty, scalar) {
                false
            } else if params.iter().any(|param| is_ident(ty, param)) {
                true
            } else if let Some((_, args)) = wrapped(ty, CONTAINERS) {
                args.iter().any(|a| looks_like_model(a, scalar, params))
            } else if wrapped(ty, NOT_MODELS).is_some() {
                false
            } else {
                let mut all = params.to_vec();
                all.push(scalar);
                mentions(ty, &all)
            }
        }
        _ => false,
    }
}

/// Whether `ty` is `Option` of a parameter shape: `Option<T>`, `Option<[T; N]>`, `Option<Vec<T>>`.
pub fn is_optional_leaf(ty: &Type, scalar: &Ident) -> bool {
    matches!(wrapped(ty, &["Option"]), Some((_, args))
        if matches!(args[..], [arg] if Ty::of(arg, Some(scalar), &[scalar]).is_leaf()))
}

/// Whether `ty` contains `Complex<T>` (any path ending in `Complex`) of the scalar `T`.
pub fn has_complex_scalar(ty: &Type, scalar: &Ident) -> bool {
    struct Finder<'p> {
        scalar: &'p Ident,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Finder<'_> {
        fn visit_type(&mut self, ty: &'ast Type) {
            if let Some((_, args)) = wrapped(ty, &["Complex"])
                && let [arg] = args[..]
                && is_ident(arg, self.scalar)
            {
                self.found = true;
            }
            syn::visit::visit_type(self, ty);
        }
    }
    let mut finder = Finder {
        scalar,
        found: false,
    };
    finder.visit_type(ty);
    finder.found
}
