//! Code generation: the `impl pmrf::Model` of a validated struct.
//!
//! [`derive`] runs the stages (`ast` -> `valid` -> here). With no errors it emits the impl; with
//! errors it emits them as `compile_error!`s plus, when the generics allow, a stub impl whose
//! bodies are never run, so that uses of the struct elsewhere cause no follow-on errors.
//!
//! All paths are absolute (`::pmrf::...` or the `#[model(crate = ...)]` path, `::core::...`), generated names start with `__`, and
//! the impl sits in `const _: () = { ... };`.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, GenericParam, Ident, parse_quote};

use crate::ast::{Input, Ty};
use crate::attr::{Num, Param};
use crate::errors::Errors;
use crate::valid::{self, Member, Role};

/// Expands `#[derive(Model)]` on `input`.
pub fn derive(input: &DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let parsed = Input::from_syn(input, &mut errors);
    let members = parsed.as_ref().and_then(|p| valid::check(p, &mut errors));
    match (errors.finish(), &parsed, members) {
        (Ok(()), Some(parsed), Some(members)) => impl_model(parsed, &members),
        (Ok(()), _, _) => {
            // Unreachable: every stage that yields `None` records an error.
            syn::Error::new(Span::call_site(), "`#[derive(Model)]` failed").into_compile_error()
        }
        (Err(error), parsed, _) => {
            let mut tokens = error.into_compile_error();
            if let Some(parsed) = parsed {
                tokens.extend(fallback(parsed));
            }
            tokens
        }
    }
}

/// Generic parameters and names shared by the real and the stub impl.
struct Signature {
    scalar: Ident,
    impl_generics: TokenStream,
    ty_generics: TokenStream,
    where_clause: TokenStream,
    rebind: TokenStream,
    u: Ident,
    e: Ident,
    f: Ident,
}

impl Signature {
    fn new(input: &Input, scalar: &Ident) -> Self {
        let original = input.original;
        let taken: Vec<String> = original
            .generics
            .params
            .iter()
            .map(|p| match p {
                GenericParam::Type(t) => t.ident.to_string(),
                GenericParam::Const(c) => c.ident.to_string(),
                GenericParam::Lifetime(l) => l.lifetime.ident.to_string(),
            })
            .collect();
        let fresh = |base: &str| {
            let mut name = base.to_owned();
            while taken.contains(&name) {
                name.push('_');
            }
            Ident::new(&name, Span::call_site())
        };
        let (u, e, f) = (fresh("U"), fresh("__E"), fresh("__F"));

        let krate = &input.krate;
        let mut generics = original.generics.clone();
        let where_clause = generics.make_where_clause();
        where_clause
            .predicates
            .push(parse_quote!(#scalar: #krate::Scalar));
        for other in &input.others {
            where_clause.predicates.push(if input.models.contains(other) {
                parse_quote!(#other: #krate::Model<Scalar = #scalar>)
            } else {
                // Markers and data: unchanged by `Rebind`, they only need what `Model` implies
                // for the struct (with `#[derive(Clone)]`, which bounds them by `Clone`).
                parse_quote!(#other: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync)
            });
        }
        let name = &original.ident;
        let (_, ty_generics, _) = original.generics.split_for_impl();
        // `Model: Clone`. As a where clause, a missing `Clone` is reported once, by the check
        // of `Rebind`, spanned at the struct's name (and not also by the impl's supertraits).
        let self_ty = quote_spanned!(name.span()=> #name #ty_generics);
        where_clause
            .predicates
            .push(parse_quote!(#self_ty: ::core::clone::Clone));
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

        let args = original.generics.params.iter().map(|p| match p {
            GenericParam::Type(t) if t.ident == *scalar => quote!(#u),
            GenericParam::Type(t) if input.models.contains(&&t.ident) => {
                let t = &t.ident;
                quote!(<#t as #krate::Model>::Rebind<#u>)
            }
            GenericParam::Type(t) => {
                let t = &t.ident;
                quote!(#t)
            }
            GenericParam::Const(c) => {
                let c = &c.ident;
                quote!(#c)
            }
            GenericParam::Lifetime(l) => {
                let l = &l.lifetime;
                quote!(#l)
            }
        });
        Signature {
            scalar: scalar.clone(),
            impl_generics: quote!(#impl_generics),
            ty_generics: quote!(#ty_generics),
            where_clause: quote!(#where_clause),
            rebind: quote_spanned!(name.span()=> #name<#(#args),*>),
            u,
            e,
            f,
        }
    }

    /// The impl around the three method bodies.
    fn wrap(
        &self,
        input: &Input,
        visit: &TokenStream,
        visit_mut: &TokenStream,
        map: &TokenStream,
    ) -> TokenStream {
        let Signature {
            scalar,
            impl_generics,
            ty_generics,
            where_clause,
            rebind,
            u,
            e,
            f,
        } = self;
        let name = &input.original.ident;
        let krate = &input.krate;
        quote! {
            const _: () = {
                #[automatically_derived]
                impl #impl_generics #krate::Model for #name #ty_generics #where_clause {
                    type Scalar = #scalar;
                    type Rebind<#u: #krate::Scalar> = #rebind;

                    #[inline]
                    fn visit_params<#f>(&self, __path: &mut #krate::__private::Path, __f: &mut #f)
                    where
                        #f: ::core::ops::FnMut(
                            &#krate::__private::Path,
                            Self::Scalar,
                            &#krate::__private::ParamMeta,
                        ),
                    {
                        #visit
                    }

                    #[inline]
                    fn visit_params_mut<#f>(&mut self, __f: &mut #f)
                    where
                        #f: ::core::ops::FnMut(&mut Self::Scalar),
                    {
                        #visit_mut
                    }

                    #[inline]
                    fn try_map_params<#u, #e, #f>(
                        &self,
                        __f: &mut #f,
                    ) -> ::core::result::Result<Self::Rebind<#u>, #e>
                    where
                        #u: #krate::Scalar,
                        #f: ::core::ops::FnMut(Self::Scalar) -> ::core::result::Result<#u, #e>,
                    {
                        #map
                    }
                }
            };
        }
    }
}

/// The real impl.
fn impl_model(input: &Input, members: &[Member]) -> TokenStream {
    let Some(scalar) = input.scalar else {
        return TokenStream::new();
    };
    let signature = Signature::new(input, scalar);
    let krate = &input.krate;
    let mut visit = TokenStream::new();
    let mut visit_mut = TokenStream::new();
    let mut map = TokenStream::new();
    for (index, Member { field, role }) in members.iter().enumerate() {
        let ident = field.ident;
        let span = field.original.ty.span();
        // For sub-models, type errors ("`X` is not a pmrf model") point at the field type.
        let mut spanned_ident = ident.clone();
        spanned_ident.set_span(span);
        match role {
            Role::Leaf { shape, param, name } => {
                let meta = format_ident!("__META_{}", index);
                let meta_expr = meta_expr(krate, param);
                let visit_call = if *shape == Ty::Scalar {
                    quote!(#krate::__private::visit_leaf(&self.#ident, #name, &#meta, __path, __f);)
                } else {
                    quote!(#krate::__private::visit_leaves(&self.#ident[..], #name, &#meta, __path, __f);)
                };
                visit.extend(quote! {
                    const #meta: #krate::__private::ParamMeta = #meta_expr;
                    #visit_call
                });
                match shape {
                    Ty::Scalar => {
                        visit_mut.extend(quote!(__f(&mut self.#ident);));
                        map.extend(quote!(#ident: __f(self.#ident)?,));
                    }
                    Ty::Array => {
                        visit_mut.extend(quote!(for __x in self.#ident.iter_mut() { __f(__x); }));
                        map.extend(quote! {
                            #ident: #krate::__private::try_map_array(&self.#ident, |__x| __f(*__x))?,
                        });
                    }
                    _ => {
                        visit_mut.extend(quote!(for __x in self.#ident.iter_mut() { __f(__x); }));
                        map.extend(quote! {
                            #ident: #krate::__private::try_map_vec(&self.#ident, |__x| __f(*__x))?,
                        });
                    }
                }
            }
            Role::Model { name } => {
                let ident = &spanned_ident;
                visit.extend(quote_spanned! {span=>
                    #krate::__private::visit_model(&self.#ident, #name, __path, __f);
                });
                visit_mut.extend(quote_spanned! {span=>
                    #krate::Model::visit_params_mut(&mut self.#ident, __f);
                });
                map.extend(quote_spanned! {span=>
                    #ident: #krate::Model::try_map_params(&self.#ident, __f)?,
                });
            }
            Role::Phantom => map.extend(quote!(#ident: #krate::__private::PhantomData,)),
            Role::Static => map.extend(quote_spanned! {span=>
                #ident: ::core::clone::Clone::clone(&self.#ident),
            }),
        }
    }
    let name = &input.original.ident;
    let map = quote!(::core::result::Result::Ok(#name { #map }));
    signature.wrap(input, &visit, &visit_mut, &map)
}

/// A stub impl emitted next to errors, so that uses of the type report nothing more.
fn fallback(input: &Input) -> TokenStream {
    match input.scalar {
        Some(scalar) if input.generics_ok => {
            let body = quote!(::core::unreachable!("`#[derive(Model)]` failed to expand"));
            Signature::new(input, scalar).wrap(input, &body, &body, &body)
        }
        _ => TokenStream::new(),
    }
}

/// `ParamMeta::declared(unit, scale, lower, upper, fixed, prior)`: one constant expression.
fn meta_expr(krate: &syn::Path, param: &Param) -> TokenStream {
    let unit = param.unit.as_ref().map_or_else(
        || quote!(""),
        |u| {
            let unit = &u.value;
            quote!(#unit)
        },
    );
    let scale = param
        .scale
        .as_ref()
        .map_or_else(|| quote!(1.0), |s| number(&s.value));
    let (lower, upper) = match &param.bounds {
        Some(b) => (number(&b.value.lower), number(&b.value.upper)),
        None => (
            quote!(::core::primitive::f64::NEG_INFINITY),
            quote!(::core::primitive::f64::INFINITY),
        ),
    };
    let fixed = param.fixed.as_ref().is_some_and(|f| f.value);
    let prior = match &param.prior {
        Some(prior) => {
            let prior = &prior.value;
            let constructor = Ident::new(prior.kind.name(), Span::call_site());
            let [x, y] = [number(&prior.args[0]), number(&prior.args[1])];
            quote!(::core::option::Option::Some(#krate::__private::#constructor(#x, #y)))
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        #krate::__private::ParamMeta::declared(#unit, #scale, #lower, #upper, #fixed, #prior)
    }
}

/// An `f64` expression for a parsed number, spanned at the number as written.
fn number(num: &Num) -> TokenStream {
    let span = num.span();
    let value = num.value;
    if value.is_infinite() {
        let name = if value > 0.0 {
            "INFINITY"
        } else {
            "NEG_INFINITY"
        };
        let name = Ident::new(name, span);
        return quote_spanned!(span=> ::core::primitive::f64::#name);
    }
    let mut literal = Literal::f64_suffixed(value.abs());
    literal.set_span(span);
    if value.is_sign_negative() {
        quote_spanned!(span=> -#literal)
    } else {
        quote!(#literal)
    }
}
