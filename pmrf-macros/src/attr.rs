//! Parsing of the `#[param(...)]` and `#[model(...)]` attributes into typed options.
//!
//! Grammar (every option at most once, in any order):
//!
//! ```text
//! #[model(crate = path)]            on the struct; also `crate = "path"`
//! #[model(skip)]                    on a field
//! #[param]
//! #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-6), fixed, prior = normal(1e-12, 1e-13), name = "c")]
//! fixed      := `fixed` | `fixed = true` | `fixed = false`
//! prior      := uniform(low, high) | normal(mean, std) | log_normal(mu, sigma)
//! number     := [-] float-or-int literal | [-] f64::INFINITY | f64::NEG_INFINITY   (infinities: bounds only)
//! ```
//!
//! Only the syntax is checked here; rules between values (lower < upper, scale > 0, fixed vs
//! prior, ...) live in `valid.rs`. Each bad option is recorded in [`Errors`] and parsing goes on
//! with the next one, so one compile reports every mistake; only tokens that cannot be skipped
//! (a missing comma, say) end the attribute early.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Error, Expr, Ident, Lit, LitStr, Meta, Token, UnOp};

use crate::errors::Errors;

/// The option names of `#[param(...)]`, as listed in messages.
pub const OPTIONS: &str = "`unit`, `scale`, `bounds`, `fixed`, `prior`, `name`";

/// An option value together with the key that introduced it (for spans).
pub struct Opt<T> {
    /// The option name as written, e.g. `scale`.
    pub key: Ident,
    /// The parsed value.
    pub value: T,
}

/// A numeric literal as an `f64`, with the tokens it was written as.
pub struct Num {
    /// The value (possibly infinite for bounds).
    pub value: f64,
    /// The tokens as written, for error spans.
    pub tokens: TokenStream,
}

impl Num {
    /// The span of the first token, used for the generated literal.
    pub fn span(&self) -> Span {
        self.tokens
            .clone()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span())
    }
}

/// `bounds = (lower, upper)`.
pub struct Bounds {
    /// Lower bound (SI).
    pub lower: Num,
    /// Upper bound (SI).
    pub upper: Num,
    /// The tuple as written.
    pub tokens: TokenStream,
}

/// The distribution family of a prior.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PriorKind {
    /// `uniform(low, high)`.
    Uniform,
    /// `normal(mean, std)`.
    Normal,
    /// `log_normal(mu, sigma)`.
    LogNormal,
}

impl PriorKind {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "uniform" => Some(Self::Uniform),
            "normal" => Some(Self::Normal),
            "log_normal" => Some(Self::LogNormal),
            _ => None,
        }
    }

    /// The name as written in the attribute.
    pub fn name(self) -> &'static str {
        match self {
            Self::Uniform => "uniform",
            Self::Normal => "normal",
            Self::LogNormal => "log_normal",
        }
    }

    /// The names of the two arguments, which are also the fields of `pmrf::Prior`.
    pub fn arg_names(self) -> [&'static str; 2] {
        match self {
            Self::Uniform => ["low", "high"],
            Self::Normal => ["mean", "std"],
            Self::LogNormal => ["mu", "sigma"],
        }
    }
}

/// `prior = kind(a, b)`.
pub struct Prior {
    /// The distribution family.
    pub kind: PriorKind,
    /// Its two arguments, in the order of [`PriorKind::arg_names`].
    pub args: [Num; 2],
    /// The call as written.
    pub tokens: TokenStream,
}

/// The options of one `#[param(...)]` attribute.
pub struct Param<'a> {
    /// The attribute itself, for spans.
    pub original: &'a Attribute,
    /// `unit = "..."`.
    pub unit: Option<Opt<LitStr>>,
    /// `scale = x`.
    pub scale: Option<Opt<Num>>,
    /// `bounds = (lower, upper)`.
    pub bounds: Option<Opt<Bounds>>,
    /// `fixed` or `fixed = bool`.
    pub fixed: Option<Opt<bool>>,
    /// `prior = kind(a, b)`.
    pub prior: Option<Opt<Prior>>,
    /// `name = "..."`.
    pub name: Option<Opt<LitStr>>,
}

/// Whether `attr` is a `#[param]`.
pub fn is_param(attr: &Attribute) -> bool {
    attr.path().is_ident("param")
}

/// Whether `attr` is a `#[model]`.
fn is_model(attr: &Attribute) -> bool {
    attr.path().is_ident("model")
}

/// Where `#[model(...)]` sits: its options differ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Struct,
    Field,
}

/// The options of the `#[model(...)]` attributes of the struct or of one field.
#[derive(Default)]
pub struct ModelAttr {
    /// `crate = path` (struct only): the path of the `pmrf` crate.
    pub krate: Option<Opt<syn::Path>>,
    /// `skip` (fields only): static data, cloned as is.
    pub skip: Option<Ident>,
}

/// Parses the `#[model(...)]` attributes of the struct.
pub fn struct_model(attrs: &[Attribute], errors: &mut Errors) -> ModelAttr {
    model_attr(attrs, Place::Struct, errors)
}

/// Parses the `#[model(...)]` attributes of a field.
pub fn field_model(attrs: &[Attribute], errors: &mut Errors) -> ModelAttr {
    model_attr(attrs, Place::Field, errors)
}

fn model_attr(attrs: &[Attribute], place: Place, errors: &mut Errors) -> ModelAttr {
    let mut out = ModelAttr::default();
    for attr in attrs.iter().filter(|a| is_model(a)) {
        let syn::Meta::List(list) = &attr.meta else {
            let example = match place {
                Place::Struct => "#[model(crate = pmrf)]",
                Place::Field => "#[model(skip)]",
            };
            errors.push(Error::new_spanned(
                attr,
                format_args!("expected options: `{example}`"),
            ));
            continue;
        };
        let result = list.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().cloned();
            match (key.as_ref().map(Ident::to_string).as_deref(), place) {
                (Some("crate"), Place::Struct) => {
                    let key = key.unwrap_or_else(|| Ident::new("crate", Span::call_site()));
                    if let Some(expr) = value(&meta, &key, "pmrf", errors)? {
                        let path = errors.keep(crate_path(&expr));
                        set(&mut out.krate, key, path, errors);
                    }
                }
                (Some("skip"), Place::Field) => {
                    let key = key.unwrap_or_else(|| Ident::new("skip", Span::call_site()));
                    if out.skip.is_some() {
                        errors.push(Error::new(key.span(), "duplicate `skip` option"));
                    } else {
                        out.skip = Some(key);
                    }
                }
                (Some("skip"), Place::Struct) => {
                    errors.push(Error::new_spanned(
                        &meta.path,
                        "`#[model(skip)]` goes on a field, to keep it as static data",
                    ));
                }
                (Some("crate"), Place::Field) => {
                    errors.push(Error::new_spanned(
                        &meta.path,
                        "`#[model(crate = ...)]` goes on the struct, not on a field",
                    ));
                    skip_value(&meta)?;
                }
                _ => {
                    let expected = match place {
                        Place::Struct => "`crate` (on fields: `skip`)",
                        Place::Field => "`skip` (on the struct: `crate`)",
                    };
                    errors.push(Error::new_spanned(
                        &meta.path,
                        format_args!(
                            "unknown `model` option `{}`; expected {expected}",
                            meta.path.to_token_stream()
                        ),
                    ));
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        errors.keep(result);
    }
    out
}

/// The path of `crate = path` or `crate = "path"`.
fn crate_path(expr: &Expr) -> syn::Result<syn::Path> {
    match ungroup(expr) {
        Expr::Path(p) if p.qself.is_none() => Ok(p.path.clone()),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => s.parse().map_err(|_| {
            Error::new_spanned(
                s,
                "expected a path in the string: `crate = \"my_pmrf\"` or `crate = my_pmrf`",
            )
        }),
        _ => Err(Error::new_spanned(
            expr,
            "expected the path of the pmrf crate: `crate = my_pmrf` or `crate = some_crate::pmrf`",
        )),
    }
}

/// Parses the `#[param]` attribute of a field, if any. A second `#[param]` is an error.
pub fn field_param<'a>(attrs: &'a [Attribute], errors: &mut Errors) -> Option<Param<'a>> {
    let mut found: Option<Param<'a>> = None;
    for attr in attrs.iter().filter(|a| is_param(a)) {
        if found.is_some() {
            errors.push(Error::new_spanned(
                attr,
                "duplicate `#[param]` attribute; put all options into one `#[param(...)]`",
            ));
        } else {
            found = Some(Param::parse(attr, errors));
        }
    }
    found
}

impl<'a> Param<'a> {
    fn parse(attr: &'a Attribute, errors: &mut Errors) -> Self {
        let mut param = Param {
            original: attr,
            unit: None,
            scale: None,
            bounds: None,
            fixed: None,
            prior: None,
            name: None,
        };
        match &attr.meta {
            Meta::Path(_) => {}
            Meta::List(list) => {
                let result = list.parse_nested_meta(|meta| param.parse_option(&meta, errors));
                errors.keep(result);
            }
            Meta::NameValue(nv) => errors.push(Error::new_spanned(
                nv,
                "expected `#[param]` or `#[param(option, ...)]`",
            )),
        }
        param
    }

    /// Parses one `key [= value]`. Returns `Err` only when the rest cannot be parsed.
    fn parse_option(&mut self, meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
        let Some(key) = meta.path.get_ident().cloned() else {
            errors.push(Error::new_spanned(
                &meta.path,
                format_args!("expected one of {OPTIONS}"),
            ));
            return skip_value(meta);
        };
        match key.to_string().as_str() {
            "unit" => {
                if let Some(expr) = value(meta, &key, "\"F\"", errors)? {
                    let unit = errors.keep(lit_str(&expr, "unit = \"F\""));
                    set(&mut self.unit, key, unit, errors);
                }
            }
            "name" => {
                if let Some(expr) = value(meta, &key, "\"c1\"", errors)? {
                    let name = errors.keep(lit_str(&expr, "name = \"c1\""));
                    set(&mut self.name, key, name, errors);
                }
            }
            "scale" => {
                if let Some(expr) = value(meta, &key, "1e-12", errors)? {
                    let scale = errors.keep(number(&expr, false));
                    set(&mut self.scale, key, scale, errors);
                }
            }
            "bounds" => {
                if let Some(expr) = value(meta, &key, "(0.0, 1e-6)", errors)? {
                    let bounds = errors.keep(bounds(&expr));
                    set(&mut self.bounds, key, bounds, errors);
                }
            }
            "prior" => {
                if let Some(expr) = value(meta, &key, "normal(mean, std)", errors)? {
                    let prior = errors.keep(prior(&expr));
                    set(&mut self.prior, key, prior, errors);
                }
            }
            "fixed" => {
                let fixed = if meta.input.peek(Token![=]) {
                    meta.input.parse::<Token![=]>()?;
                    let expr: Expr = meta.input.parse()?;
                    if let Expr::Lit(syn::ExprLit {
                        lit: Lit::Bool(b), ..
                    }) = &expr
                    {
                        Some(b.value)
                    } else {
                        errors.push(Error::new_spanned(
                            &expr,
                            "expected `fixed`, `fixed = true` or `fixed = false`",
                        ));
                        None
                    }
                } else {
                    Some(true)
                };
                set(&mut self.fixed, key, fixed, errors);
            }
            _ => {
                errors.push(Error::new(
                    key.span(),
                    format_args!("unknown `param` option `{key}`; expected one of {OPTIONS}"),
                ));
                skip_value(meta)?;
            }
        }
        Ok(())
    }
}

/// Stores an option, reporting a second occurrence at its key. `None` is a value that failed to
/// parse and was reported already; it is not stored.
fn set<T>(slot: &mut Option<Opt<T>>, key: Ident, value: Option<T>, errors: &mut Errors) {
    if slot.is_some() {
        errors.push(Error::new(
            key.span(),
            format_args!("duplicate `{key}` option"),
        ));
    } else if let Some(value) = value {
        *slot = Some(Opt { key, value });
    }
}

/// Parses `= <expr>` after `key`. A missing value before `,` or the end is reported and skipped.
fn value(
    meta: &ParseNestedMeta,
    key: &Ident,
    example: &str,
    errors: &mut Errors,
) -> syn::Result<Option<Expr>> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        return meta.input.parse().map(Some);
    }
    let message = format!("option `{key}` needs a value: `{key} = {example}`");
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        errors.push(Error::new(key.span(), message));
        Ok(None)
    } else {
        Err(meta.error(message))
    }
}

/// Skips the value of an unknown option: `= expr`, `(...)` or nothing.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        meta.input.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

fn ungroup(mut expr: &Expr) -> &Expr {
    loop {
        match expr {
            Expr::Group(g) => expr = &g.expr,
            Expr::Paren(p) => expr = &p.expr,
            _ => return expr,
        }
    }
}

fn lit_str(expr: &Expr, example: &str) -> syn::Result<LitStr> {
    match ungroup(expr) {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(s.clone()),
        _ => Err(Error::new_spanned(
            expr,
            format_args!("expected a string literal: `{example}`"),
        )),
    }
}

/// A number literal, optionally negated; with `allow_infinite`, also `f64::INFINITY` and
/// `f64::NEG_INFINITY`.
fn number(expr: &Expr, allow_infinite: bool) -> syn::Result<Num> {
    let expected = if allow_infinite {
        "expected a number such as `1e-12`, `-5.0` or `f64::INFINITY`"
    } else {
        "expected a number such as `1e-12`"
    };
    let value = eval(expr)?.ok_or_else(|| Error::new_spanned(expr, expected))?;
    let literal = is_literal(expr);
    if value.is_infinite() && (literal || !allow_infinite) {
        let message = if literal {
            "number out of the range of `f64`"
        } else {
            "expected a finite number; infinite values are allowed in `bounds` only"
        };
        return Err(Error::new_spanned(expr, message));
    }
    Ok(Num {
        value,
        tokens: expr.to_token_stream(),
    })
}

/// Whether `expr` is a (negated) literal rather than a path like `f64::INFINITY`.
fn is_literal(expr: &Expr) -> bool {
    match ungroup(expr) {
        Expr::Lit(_) => true,
        Expr::Unary(u) => is_literal(&u.expr),
        _ => false,
    }
}

/// Evaluates a numeric expression; `Ok(None)` if it is not one.
fn eval(expr: &Expr) -> syn::Result<Option<f64>> {
    let check_suffix = |suffix: &str, span: Span| {
        if suffix.is_empty() || suffix == "f64" {
            Ok(())
        } else {
            Err(Error::new(
                span,
                format_args!("expected an `f64` number, found suffix `{suffix}`"),
            ))
        }
    };
    Ok(match ungroup(expr) {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Float(f), ..
        }) => {
            check_suffix(f.suffix(), f.span())?;
            Some(f.base10_parse::<f64>()?)
        }
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(i), ..
        }) => {
            check_suffix(i.suffix(), i.span())?;
            i.base10_digits().parse::<f64>().ok()
        }
        Expr::Unary(syn::ExprUnary {
            op: UnOp::Neg(_),
            expr,
            ..
        }) => eval(expr)?.map(|v| -v),
        Expr::Path(p) if p.qself.is_none() => {
            let segments: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            match segments
                .iter()
                .map(String::as_str)
                .rev()
                .take(2)
                .collect::<Vec<_>>()[..]
            {
                ["INFINITY", "f64"] => Some(f64::INFINITY),
                ["NEG_INFINITY", "f64"] => Some(f64::NEG_INFINITY),
                _ => None,
            }
        }
        _ => None,
    })
}

fn bounds(expr: &Expr) -> syn::Result<Bounds> {
    let expected = "expected `bounds = (lower, upper)`";
    let Expr::Tuple(tuple) = ungroup(expr) else {
        return Err(Error::new_spanned(expr, expected));
    };
    if tuple.elems.len() != 2 {
        return Err(Error::new_spanned(expr, expected));
    }
    let mut errors = Errors::default();
    let lower = errors.keep(number(&tuple.elems[0], true));
    let upper = errors.keep(number(&tuple.elems[1], true));
    errors.finish()?;
    match (lower, upper) {
        (Some(lower), Some(upper)) => Ok(Bounds {
            lower,
            upper,
            tokens: expr.to_token_stream(),
        }),
        _ => Err(Error::new_spanned(expr, expected)),
    }
}

fn prior(expr: &Expr) -> syn::Result<Prior> {
    const EXPECTED: &str = "`uniform(low, high)`, `normal(mean, std)` or `log_normal(mu, sigma)`";
    let Expr::Call(call) = ungroup(expr) else {
        return Err(Error::new_spanned(
            expr,
            format_args!("expected a prior distribution: {EXPECTED}"),
        ));
    };
    let func = match ungroup(&call.func) {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident(),
        _ => None,
    };
    let Some(func) = func else {
        return Err(Error::new_spanned(
            &call.func,
            format_args!("expected a prior distribution: {EXPECTED}"),
        ));
    };
    let Some(kind) = PriorKind::from_name(&func.to_string()) else {
        return Err(Error::new(
            func.span(),
            format_args!("unknown prior distribution `{func}`; expected {EXPECTED}"),
        ));
    };
    if call.args.len() != 2 {
        let [a, b] = kind.arg_names();
        return Err(Error::new(
            call.paren_token.span.join(),
            format_args!(
                "the `{}` prior takes 2 arguments, `{}({a}, {b})`; got {}",
                kind.name(),
                kind.name(),
                call.args.len()
            ),
        ));
    }
    let mut errors = Errors::default();
    let a = errors.keep(number(&call.args[0], false));
    let b = errors.keep(number(&call.args[1], false));
    errors.finish()?;
    match (a, b) {
        (Some(a), Some(b)) => Ok(Prior {
            kind,
            args: [a, b],
            tokens: expr.to_token_stream(),
        }),
        _ => Err(Error::new(call.span(), "invalid prior")),
    }
}
