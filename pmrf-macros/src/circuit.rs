//! `#[derive(Circuit)]`: a struct whose fields are the parts of a circuit.
//!
//! Every field is a part (a component), or a `Vec` / array of parts (`name[i]`); `PhantomData`
//! fields are skipped. The derive writes `PartList` (names, port counts, and the code that
//! evaluates every part), so a `Netlist` built at run time can connect the parts. With
//! external ports declared on the struct (`#[circuit(port(1, input))]`) and nets on every field
//! (`#[circuit(input, gnd)]`), the netlist is static: it is checked here, at compile time, and
//! the struct becomes an `N`-port `Component` itself.

use std::collections::BTreeMap;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{DeriveInput, Error, Ident, LitFloat, LitInt, Token, Type};

use crate::ast::{Input, Ty, ungroup};
use crate::errors::Errors;

/// The name of the ground net.
const GROUND: &str = "gnd";

pub fn derive(input: &DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    // `#[derive(Model)]` reports the shape and generics problems; here they only stop us.
    let mut ignored = Errors::default();
    let Some(parsed) = Input::from_syn(input, &mut ignored) else {
        return TokenStream::new();
    };
    let Some(scalar) = parsed.scalar else {
        return TokenStream::new();
    };
    if !parsed.generics_ok {
        return TokenStream::new();
    }
    let ports = struct_ports(input, &mut errors);
    let mut parts = Vec::new();
    for field in &parsed.fields {
        let nets = field_nets(&field.original.attrs, &mut errors);
        let repeated = repeated(&field.original.ty);
        if field.ty == Ty::Phantom || field.skip.is_some() {
            if let Some(nets) = nets {
                errors.push(Error::new(
                    nets.span,
                    "this field is not a part: it has no nets",
                ));
            }
            continue;
        }
        if field.ty.is_leaf() || field.param.is_some() {
            errors.push(Error::new_spanned(
                field.ident,
                format!(
                    "field `{}` is a parameter, but a circuit's fields are its parts \
                     (components); to share one value among parts, tie their parameters \
                     (`Params::tie`)",
                    field.ident
                ),
            ));
            continue;
        }
        parts.push(Part {
            ident: field.ident,
            repeated,
            nets,
        });
    }
    let static_netlist = if ports.is_empty() {
        for part in &parts {
            if let Some(nets) = &part.nets {
                errors.push(Error::new(
                    nets.span,
                    "nets are given, but the circuit has no external port: declare them on the \
                     struct, `#[circuit(port(1, net))]`",
                ));
            }
        }
        false
    } else {
        check_static(&ports, &parts, &mut errors);
        true
    };
    if let Err(e) = errors.finish() {
        return e.to_compile_error();
    }
    expand(
        &parsed,
        scalar,
        &parts,
        static_netlist.then_some(&ports[..]),
    )
}

/// A part: a field, its type, whether it is a `Vec` / array of parts, and its nets.
struct Part<'a> {
    ident: &'a Ident,
    /// The element type of a `Vec<P>` or `[P; K]` field.
    repeated: Option<&'a Type>,
    nets: Option<Nets>,
}

/// `#[circuit(a, b, ...)]` on a field.
struct Nets {
    names: Vec<Ident>,
    span: Span,
}

/// `port(number, net)` or `port(number, net, z0 = value)` on the struct.
struct Port {
    number: LitInt,
    net: Ident,
    z0: Option<LitFloat>,
    span: Span,
}

impl Parse for Port {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let kw: Ident = input.parse()?;
        if kw != "port" {
            return Err(Error::new_spanned(
                &kw,
                format!(
                    "unknown circuit attribute `{kw}`: on the struct, `#[circuit(port(1, net))]` \
                     or `#[circuit(port(2, net, z0 = 75.0))]`"
                ),
            ));
        }
        let content;
        syn::parenthesized!(content in input);
        let number: LitInt = content.parse()?;
        content.parse::<Token![,]>()?;
        let net: Ident = content.call(Ident::parse_any)?;
        let mut z0 = None;
        if content.parse::<Option<Token![,]>>()?.is_some() && !content.is_empty() {
            let key: Ident = content.parse()?;
            if key != "z0" {
                return Err(Error::new_spanned(
                    &key,
                    format!("unknown port option `{key}`: the option is `z0 = <ohm>`"),
                ));
            }
            content.parse::<Token![=]>()?;
            z0 = Some(content.parse()?);
        }
        if !content.is_empty() {
            return Err(content.error(
                "expected `)`: a port is `port(number, net)` or `port(number, net, z0 = <ohm>)`",
            ));
        }
        Ok(Port {
            span: kw.span(),
            number,
            net,
            z0,
        })
    }
}

fn is_circuit(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("circuit")
}

/// The external ports declared on the struct.
fn struct_ports(input: &DeriveInput, errors: &mut Errors) -> Vec<Port> {
    let mut ports = Vec::new();
    for attr in input.attrs.iter().filter(|a| is_circuit(a)) {
        let parsed = attr.parse_args_with(Punctuated::<Port, Token![,]>::parse_terminated);
        if let Some(list) = errors.keep(parsed) {
            ports.extend(list);
        }
    }
    ports
}

/// The nets of a field, if it has `#[circuit(...)]`.
fn field_nets(attrs: &[syn::Attribute], errors: &mut Errors) -> Option<Nets> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| is_circuit(a)) {
        if found.is_some() {
            errors.push(Error::new_spanned(
                attr,
                "a part has one `#[circuit(...)]`: its nets, in port order",
            ));
            continue;
        }
        let parsed = attr.parse_args_with(|input: ParseStream| {
            Punctuated::<Ident, Token![,]>::parse_terminated_with(input, Ident::parse_any)
        });
        if let Some(names) = errors.keep(parsed) {
            let names: Vec<Ident> = names.into_iter().collect();
            if names.is_empty() {
                errors.push(Error::new_spanned(attr, "a part needs at least one net"));
                continue;
            }
            found = Some(Nets {
                names,
                span: attr.span(),
            });
        }
    }
    found
}

/// The element type of a `Vec<P>` or `[P; K]` type.
fn repeated(ty: &Type) -> Option<&Type> {
    match ungroup(ty) {
        Type::Array(array) => Some(&array.elem),
        Type::Path(path) => {
            let last = path.path.segments.last()?;
            if last.ident != "Vec" {
                return None;
            }
            match &last.arguments {
                syn::PathArguments::AngleBracketed(args) => match args.args.first()? {
                    syn::GenericArgument::Type(t) => Some(t),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

/// The compile-time checks of a static netlist: every part has nets and is not repeated,
/// ports are numbered 1..=N once each, off the ground, with a positive finite `z0`, and every
/// net but the ground joins at least two terminals.
fn check_static(ports: &[Port], parts: &[Part], errors: &mut Errors) {
    // Where each net is used: (span of the use, what is there).
    let mut uses: BTreeMap<String, Vec<(Span, String)>> = BTreeMap::new();
    for part in parts {
        if part.repeated.is_some() {
            errors.push(Error::new_spanned(
                part.ident,
                format!(
                    "part `{}` is a list of parts, whose nets depend on its length: a static \
                     netlist cannot name them; leave out the ports and connect the parts at run \
                     time with a `Netlist` (`Circuit::new(parts, &netlist)`)",
                    part.ident
                ),
            ));
            continue;
        }
        let Some(nets) = &part.nets else {
            errors.push(Error::new_spanned(
                part.ident,
                format!(
                    "part `{}` is on no net: give it its nets in port order, \
                     `#[circuit(a, b)]` (a 1-port on two nets sits between them)",
                    part.ident
                ),
            ));
            continue;
        };
        if nets.names.len() == 2 && nets.names[0] == nets.names[1] {
            errors.push(Error::new_spanned(
                &nets.names[1],
                format!(
                    "part `{}` has both terminals on net `{}`: it would be shorted out",
                    part.ident, nets.names[0]
                ),
            ));
        }
        for (k, net) in nets.names.iter().enumerate() {
            uses.entry(net.to_string())
                .or_default()
                .push((net.span(), format!("port {k} of `{}`", part.ident)));
        }
    }
    let mut numbers: BTreeMap<u64, &Port> = BTreeMap::new();
    for port in ports {
        match port.number.base10_parse::<u64>() {
            Ok(n) => {
                if let Some(other) = numbers.insert(n, port) {
                    errors.push(Error::new(
                        port.number.span(),
                        format!(
                            "external port {n} is declared twice (on nets `{}` and `{}`)",
                            other.net, port.net
                        ),
                    ));
                }
            }
            Err(e) => errors.push(e),
        }
        if port.net == GROUND {
            errors.push(Error::new_spanned(
                &port.net,
                "an external port cannot be on the ground net `gnd`: give it a net of its own",
            ));
        }
        if let Some(z0) = &port.z0 {
            match z0.base10_parse::<f64>() {
                Ok(v) if v.is_finite() && v > 0.0 => {}
                Ok(_) => errors.push(Error::new(
                    z0.span(),
                    "a port's `z0` is a finite reference impedance > 0 ohm",
                )),
                Err(e) => errors.push(e),
            }
        }
        uses.entry(port.net.to_string())
            .or_default()
            .push((port.net.span(), format!("external port {}", port.number)));
    }
    let count = numbers.len() as u64;
    if let Some((&bad, port)) = numbers
        .iter()
        .enumerate()
        .find(|(i, (n, _))| **n != *i as u64 + 1)
        .map(|(_, p)| p)
    {
        let listed: Vec<String> = numbers.keys().map(u64::to_string).collect();
        errors.push(Error::new(
            port.span,
            format!(
                "external ports are numbered 1 to {count} without gaps, but they are numbered {} \
                 (port {bad} is out of place)",
                listed.join(", ")
            ),
        ));
    }
    let known: Vec<&str> = uses.keys().map(String::as_str).collect();
    for (net, on) in &uses {
        if on.len() == 1 && net != GROUND {
            errors.push(Error::new(
                on[0].0,
                format!(
                    "net `{net}` has one terminal ({}): a net joins two or more; is the name \
                     misspelt? (the nets: {})",
                    on[0].1,
                    known.join(", ")
                ),
            ));
        }
    }
}

/// The specialised nodal solve (`Netlisted::nodal_s`) of a static netlist of at most
/// [`MAX_STATIC_NODES`] non-grounded nets: every stamp at a constant index of a matrix on the
/// stack, so the solve compiles to straight-line code. Larger netlists use the run-time solver.
fn static_nodal(
    krate: &syn::Path,
    c: &TokenStream,
    scalar: &Ident,
    parts: &[Part],
    ports: &[Port],
) -> TokenStream {
    let mut nodes: Vec<String> = Vec::new();
    let mut row = |net: &Ident| {
        let net = net.to_string();
        if net == GROUND {
            return None;
        }
        Some(nodes.iter().position(|n| *n == net).unwrap_or_else(|| {
            nodes.push(net);
            nodes.len() - 1
        }))
    };
    let mut numbered: Vec<(usize, usize)> = Vec::new();
    for port in ports {
        let (Ok(number), Some(r)) = (port.number.base10_parse::<usize>(), row(&port.net)) else {
            return quote!();
        };
        numbered.push((number, r));
    }
    numbered.sort_unstable();
    let port_rows = numbered.iter().map(|&(_, r)| r);
    let mut stamps = Vec::new();
    for part in parts {
        let Some(nets) = &part.nets else {
            return quote!();
        };
        let ident = part.ident;
        let rows = nets.names.iter().map(|net| match row(net) {
            Some(r) => quote!(::std::option::Option::Some(#r)),
            None => quote!(::std::option::Option::None),
        });
        let rows: Vec<TokenStream> = rows.collect();
        stamps.push(quote!(#c::stamp_y(&self.#ident, __f, &mut __g, &[#(#rows),*])?;));
    }
    let m = nodes.len();
    if m == 0 || m > MAX_STATIC_NODES || parts.iter().any(|p| p.repeated.is_some()) {
        return quote!();
    }
    let n = ports.len();
    quote! {
        #[inline]
        fn nodal_s(&self, __f: #scalar) -> ::std::option::Option<#krate::network::Mat<#scalar, #n>> {
            let mut __g = #c::zero_g::<#scalar, #m>();
            #(#stamps)*
            #c::nodal_s(__g, [#(#port_rows),*])
        }
    }
}

/// The largest static netlist (in non-grounded nets) the derive writes a nodal solve for.
const MAX_STATIC_NODES: usize = 4;

fn expand(input: &Input, scalar: &Ident, parts: &[Part], ports: Option<&[Port]>) -> TokenStream {
    let krate = &input.krate;
    let c = quote!(#krate::__private::circuit);
    let name = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();
    let mut layout = Vec::new();
    let mut write_s = Vec::new();
    let mut write_y = Vec::new();
    for part in parts {
        let ident = part.ident;
        let label = ident.to_string();
        if part.repeated.is_some() {
            layout.push(quote!(#c::layout_each(&self.#ident, #label, __out);));
            write_s.push(quote!(#c::write_s_each(&self.#ident, __f, __out, &mut __at);));
            write_y.push(quote!(
                if !#c::write_y_each(&self.#ident, __f, __out, &mut __at) { return false; }
            ));
        } else {
            // The port-count check sits on the field's nets, so its error points there.
            let span = part.nets.as_ref().map_or(ident.span(), |n| n.span);
            let check = match part.nets.as_ref().map(|n| n.names.len()) {
                Some(2) => quote_spanned!(span=> #c::on_two_nets(&self.#ident);),
                Some(k) => quote_spanned!(span=> #c::on_nets::<_, #k>(&self.#ident);),
                None => quote!(),
            };
            layout.push(quote!(#check #c::layout(&self.#ident, #label, __out);));
            write_s.push(quote!(#c::write_s(&self.#ident, __f, __out, &mut __at);));
            write_y.push(quote!(
                if !#c::write_y(&self.#ident, __f, __out, &mut __at) { return false; }
            ));
        }
    }
    let part_list = quote! {
        #[automatically_derived]
        impl #impl_generics #krate::components::PartList<#scalar> for #name #ty_generics #where_clause {
            fn layout(&self, __out: &mut ::std::vec::Vec<#krate::components::circuit::PartInfo>) {
                #(#layout)*
            }
            #[inline]
            fn write_s(&self, __f: #scalar, __out: &mut [#krate::Complex<#scalar>]) {
                let mut __at = 0usize;
                #(#write_s)*
                let _ = __at;
            }
            #[inline]
            fn write_y(&self, __f: #scalar, __out: &mut [#krate::Complex<#scalar>]) -> bool {
                let mut __at = 0usize;
                #(#write_y)*
                let _ = __at;
                true
            }
        }
    };
    let Some(ports) = ports else {
        return part_list;
    };
    let n = ports.len();
    let mut netlist = Vec::new();
    for port in ports {
        let (number, net) = (&port.number, port.net.to_string());
        netlist.push(match &port.z0 {
            Some(z0) => quote!(__net.port_z0(#number, #net, #z0);),
            None => quote!(__net.port(#number, #net);),
        });
    }
    for part in parts {
        let label = part.ident.to_string();
        let nets: Vec<String> = (part.nets.iter())
            .flat_map(|n| n.names.iter().map(Ident::to_string))
            .collect();
        netlist.push(quote!(__net.part(#label, [#(#nets),*]);));
    }
    let nodal_s = static_nodal(krate, &c, scalar, parts, ports);
    quote! {
        #part_list

        #[automatically_derived]
        impl #impl_generics #krate::components::circuit::Netlisted<#scalar, #n> for #name #ty_generics #where_clause {
            #nodal_s
            fn topology(&self) -> &#krate::components::circuit::Topology {
                static TOPOLOGY: ::std::sync::OnceLock<#krate::components::circuit::Topology> =
                    ::std::sync::OnceLock::new();
                TOPOLOGY.get_or_init(|| {
                    let mut __net = #krate::components::Netlist::new();
                    #(#netlist)*
                    #c::static_topology::<_, _, #n>(self, &__net)
                })
            }
        }

        #[automatically_derived]
        impl #impl_generics #krate::Component<#n> for #name #ty_generics #where_clause {
            type Domain = #krate::network::domain::S;
            #[inline]
            fn primary(&self, __f: #scalar) -> #krate::network::Mat<#scalar, #n> {
                #krate::components::circuit::circuit_s(self, __f)
            }
            fn s(&self, __freq: &#krate::Frequency) -> #krate::ndarray::Array3<#krate::Complex<#scalar>> {
                #krate::components::circuit::circuit_sweep(self, __freq)
            }
            fn s_into(
                &self,
                __freq: &#krate::Frequency,
                __out: #krate::ndarray::ArrayViewMut3<'_, #krate::Complex<#scalar>>,
            ) -> #krate::Result<()> {
                #krate::components::circuit::circuit_sweep_into(self, __freq, __out)
            }
            fn port_z0(&self) -> ::std::option::Option<[#krate::Complex<f64>; #n]> {
                #krate::components::circuit::circuit_port_z0(self)
            }
        }
    }
}
