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
    let (ports, ports_ok) = struct_ports(input, &mut errors);
    let mut parts = Vec::new();
    for field in &parsed.fields {
        let nets = field_nets(field.ident, &field.original.attrs, &mut errors);
        let repeated = repeated(&field.original.ty);
        if field.ty == Ty::Phantom || field.skip.is_some() {
            if let Some(nets) = nets {
                errors.push(Error::new(
                    nets.span,
                    format!("field `{}` is not a part: it has no nets", field.ident),
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
        // A struct attribute that failed to parse has been reported; the parts' nets then
        // are not the mistake.
        if ports_ok {
            let name = &input.ident;
            for part in &parts {
                if let Some(nets) = &part.nets {
                    errors.push(Error::new(
                        nets.span,
                        format!(
                            "part `{}` is given nets, but `{name}` declares no external port: \
                             declare them on the struct, `#[circuit(port(1, net), ...)]`, or \
                             leave out the nets and connect the parts at run time with a \
                             `Netlist`",
                            part.ident
                        ),
                    ));
                }
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
    /// The parenthesised list, where errors about the nets as a whole point.
    span: Span,
}

/// `port(number, net)` or `port(number, net, z0 = value)` on the struct.
struct Port {
    number: LitInt,
    net: Ident,
    /// A float literal (an integer one is read as a float), negative if written with `-`.
    z0: Option<LitFloat>,
    /// The tokens of `z0`'s value (a `-` and the literal), where errors about it point.
    z0_tokens: TokenStream,
}

/// The struct attributes, for "did you mean".
const STRUCT_ATTRIBUTES: &[&str] = &["port"];

impl Parse for Port {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let kw: Ident = input.call(Ident::parse_any)?;
        if kw != "port" {
            return Err(Error::new_spanned(
                &kw,
                format!(
                    "unknown circuit attribute `{kw}`{}: on the struct, external ports are \
                     `#[circuit(port(1, net))]` or `#[circuit(port(2, net, z0 = 75.0))]`",
                    did_you_mean(&kw.to_string(), STRUCT_ATTRIBUTES.iter().copied())
                        .map_or(String::new(), |c| format!(" (did you mean `{c}`?)"))
                ),
            ));
        }
        let content;
        syn::parenthesized!(content in input);
        let number: LitInt = content.parse()?;
        content.parse::<Token![,]>()?;
        let net: Ident = content.call(Ident::parse_any)?;
        let mut z0 = None;
        let mut z0_tokens = TokenStream::new();
        if content.parse::<Option<Token![,]>>()?.is_some() && !content.is_empty() {
            let key: Ident = content.call(Ident::parse_any)?;
            if key != "z0" {
                return Err(Error::new_spanned(
                    &key,
                    format!(
                        "unknown option `{key}` of external port {number}: the option is \
                         `z0 = <ohm>`"
                    ),
                ));
            }
            content.parse::<Token![=]>()?;
            let minus: Option<Token![-]> = content.parse()?;
            let lit: syn::Lit = content.parse()?;
            let digits = match &lit {
                syn::Lit::Float(f) => f.base10_digits().to_string(),
                syn::Lit::Int(i) => format!("{}.0", i.base10_digits()),
                other => {
                    return Err(Error::new_spanned(
                        other,
                        format!("the `z0` of external port {number} is a number of ohm, like 50.0"),
                    ));
                }
            };
            let sign = if minus.is_some() { "-" } else { "" };
            z0 = Some(LitFloat::new(&format!("{sign}{digits}"), lit.span()));
            z0_tokens = quote!(#minus #lit);
        }
        if !content.is_empty() {
            return Err(content.error(
                "expected `)`: an external port is `port(number, net)` or \
                 `port(number, net, z0 = <ohm>)`",
            ));
        }
        Ok(Port {
            number,
            net,
            z0,
            z0_tokens,
        })
    }
}

fn is_circuit(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("circuit")
}

/// The external ports declared on the struct, and whether all its attributes parsed.
fn struct_ports(input: &DeriveInput, errors: &mut Errors) -> (Vec<Port>, bool) {
    let mut ports = Vec::new();
    let mut ok = true;
    for attr in input.attrs.iter().filter(|a| is_circuit(a)) {
        let parsed = attr.parse_args_with(Punctuated::<Port, Token![,]>::parse_terminated);
        match errors.keep(parsed) {
            Some(list) => ports.extend(list),
            None => ok = false,
        }
    }
    (ports, ok)
}

/// The nets of the field `part`, if it has `#[circuit(...)]`.
fn field_nets(part: &Ident, attrs: &[syn::Attribute], errors: &mut Errors) -> Option<Nets> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| is_circuit(a)) {
        if found.is_some() {
            errors.push(Error::new_spanned(
                attr,
                format!(
                    "part `{part}` has a second `#[circuit(...)]`: give its nets once, in one \
                     attribute, in port order"
                ),
            ));
            continue;
        }
        let span = match &attr.meta {
            syn::Meta::List(list) => list.delimiter.span().join(),
            other => {
                errors.push(Error::new_spanned(
                    other,
                    format!("part `{part}` needs its nets: `#[circuit(a, b)]`, in port order"),
                ));
                continue;
            }
        };
        let parsed = attr.parse_args_with(|input: ParseStream| {
            Punctuated::<Ident, Token![,]>::parse_terminated_with(input, Ident::parse_any)
        });
        if let Some(names) = errors.keep(parsed) {
            let names: Vec<Ident> = names.into_iter().collect();
            if names.is_empty() {
                errors.push(Error::new(
                    span,
                    format!("part `{part}` needs at least one net: `#[circuit(a, b)]`"),
                ));
                continue;
            }
            found = Some(Nets { names, span });
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

/// `ordinal(2)` is `2nd`.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The edit distance between two names, for "did you mean": insertions, deletions,
/// substitutions and swaps of neighbours (`ouptut` is 1 from `output`) count 1 each.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // d[i][j]: the distance between the first i letters of a and the first j of b.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitute = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitute.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `name`, if one is close: at most a third of its letters differ.
fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let (d, best) = (candidates.into_iter())
        .filter(|c| *c != name)
        .map(|c| (distance(name, c), c))
        .min()?;
    (d <= name.chars().count().max(3) / 3).then_some(best)
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
                     netlist cannot name them; leave out the ports and nets and connect the \
                     parts at run time with a `Netlist` (`Circuit::<_, N>::new(parts, &netlist)`)",
                    part.ident
                ),
            ));
        }
        let Some(nets) = &part.nets else {
            if part.repeated.is_none() {
                errors.push(Error::new_spanned(
                    part.ident,
                    format!(
                        "part `{}` is on no net: give it its nets in port order, \
                         `#[circuit(a, b)]` (a 1-port on two nets sits between them)",
                        part.ident
                    ),
                ));
            }
            continue;
        };
        if nets.names.len() == 2 && nets.names[0] == nets.names[1] {
            errors.push(Error::new_spanned(
                &nets.names[1],
                format!(
                    "part `{}` has both terminals on net `{}`: it would be shorted out; \
                     give it two different nets",
                    part.ident, nets.names[0]
                ),
            ));
        }
        // The nets of a repeated part count as used, so that its error stands alone.
        for (k, net) in nets.names.iter().enumerate() {
            uses.entry(net.to_string()).or_default().push((
                net.span(),
                format!("the {} net of part `{}`", ordinal(k + 1), part.ident),
            ));
        }
    }
    let mut numbers: BTreeMap<u64, &Port> = BTreeMap::new();
    for port in ports {
        let net = &port.net;
        match port.number.base10_parse::<u64>() {
            Ok(0) => errors.push(Error::new(
                port.number.span(),
                format!(
                    "external port 0 (net `{net}`): external ports are numbered from 1, \
                     like `s21`"
                ),
            )),
            Ok(n) => {
                if let Some(other) = numbers.insert(n, port) {
                    errors.push(Error::new(
                        port.number.span(),
                        format!(
                            "external port {n} is declared twice, on net `{}` and on net \
                             `{net}`: each number is one port",
                            other.net
                        ),
                    ));
                }
            }
            Err(e) => errors.push(e),
        }
        if port.net == GROUND {
            errors.push(Error::new_spanned(
                &port.net,
                format!(
                    "external port {} is on the ground net `{GROUND}`: a port is referenced to \
                     ground, so it needs a net of its own",
                    port.number
                ),
            ));
        }
        if let Some(z0) = &port.z0 {
            match z0.base10_parse::<f64>() {
                Ok(v) if v.is_finite() && v > 0.0 => {}
                Ok(v) => errors.push(Error::new_spanned(
                    &port.z0_tokens,
                    format!(
                        "external port {} (net `{net}`) has z0 = {v} ohm: a reference \
                         impedance is finite and > 0 ohm",
                        port.number
                    ),
                )),
                Err(e) => errors.push(e),
            }
        }
        uses.entry(port.net.to_string())
            .or_default()
            .push((port.net.span(), format!("external port {}", port.number)));
    }
    // Numbered 1..=count: the first number not in place is a gap (or beyond the count).
    let count = ports.len() as u64;
    if let Some((missing, port)) = (1..=count)
        .find(|n| !numbers.contains_key(n))
        .and_then(|missing| Some((missing, numbers.range(missing..).next()?.1)))
    {
        let listed: Vec<String> = ports.iter().map(|p| p.number.to_string()).collect();
        errors.push(Error::new(
            port.number.span(),
            format!(
                "external port {} (net `{}`) leaves a gap: the {count} external ports are \
                 numbered 1 to {count}, but port {missing} is missing (the numbers: {})",
                port.number,
                port.net,
                listed.join(", ")
            ),
        ));
    }
    let known: Vec<&str> = uses.keys().map(String::as_str).collect();
    // A misspelt net is most likely one of the nets that are meant: those of the external
    // ports and those joining two or more terminals.
    let meant: Vec<&str> = (uses.iter())
        .filter(|(net, on)| on.len() > 1 || ports.iter().any(|p| p.net == net.as_str()))
        .map(|(net, _)| net.as_str())
        .collect();
    for (net, on) in &uses {
        if on.len() == 1 && net != GROUND {
            let hint = match did_you_mean(net, meant.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "is the name misspelt?".to_string(),
            };
            errors.push(Error::new(
                on[0].0,
                format!(
                    "net `{net}` has one terminal ({}): {hint} A net joins two or more \
                     terminals (the nets: {})",
                    on[0].1,
                    known.join(", ")
                ),
            ));
        }
    }
}

/// `tokens` with every token at `span`, so that an error about the code they form points there.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    (tokens.into_iter())
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect()
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
    let mut write_noise = Vec::new();
    for part in parts {
        let ident = part.ident;
        let label = ident.to_string();
        if part.repeated.is_some() {
            layout.push(quote!(#c::layout_each(&self.#ident, #label, __out);));
            write_s.push(quote!(#c::write_s_each(&self.#ident, __f, __out, &mut __at);));
            write_noise.push(quote!(
                #c::write_s_noise_each(&self.#ident, __f, __t, __s, __c, &mut __at);
            ));
            write_y.push(quote!(
                if !#c::write_y_each(&self.#ident, __f, __out, &mut __at) { return false; }
            ));
        } else {
            // The port-count check sits on the field's nets, so its error points there.
            let span = part.nets.as_ref().map_or(ident.span(), |n| n.span);
            let at = respan(c.clone(), span);
            let check = match part.nets.as_ref().map(|n| n.names.len()) {
                Some(2) => quote_spanned!(span=> #at::on_two_nets(&self.#ident);),
                Some(k) => quote_spanned!(span=> #at::on_nets::<_, #k>(&self.#ident);),
                None => quote!(),
            };
            layout.push(quote!(#check #c::layout(&self.#ident, #label, __out);));
            write_s.push(quote!(#c::write_s(&self.#ident, __f, __out, &mut __at);));
            write_noise
                .push(quote!(#c::write_s_noise(&self.#ident, __f, __t, __s, __c, &mut __at);));
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
            fn write_s_noise(
                &self,
                __f: #scalar,
                __t: #scalar,
                __s: &mut [#krate::Complex<#scalar>],
                __c: &mut [#krate::Complex<#scalar>],
            ) {
                let mut __at = 0usize;
                #(#write_noise)*
                let _ = __at;
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
            fn s_noise_at(
                &self,
                __f: #scalar,
                __t: #scalar,
            ) -> (#krate::network::Mat<#scalar, #n>, #krate::network::Mat<#scalar, #n>) {
                #krate::components::circuit::circuit_s_noise(self, __f, __t)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, distance, ordinal};

    #[test]
    fn edit_distances() {
        assert_eq!(distance("output", "output"), 0);
        assert_eq!(distance("ouptut", "output"), 1);
        assert_eq!(distance("gdn", "gnd"), 1);
        assert_eq!(distance("otput", "output"), 1);
        assert_eq!(distance("otpt", "output"), 2);
        assert_eq!(distance("in", "input"), 3);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn suggestions_only_for_close_names() {
        let nets = ["gnd", "input", "output"];
        assert_eq!(did_you_mean("ouptut", nets), Some("output"));
        assert_eq!(did_you_mean("inptu", nets), Some("input"));
        assert_eq!(did_you_mean("ports", ["port"]), Some("port"));
        // Not itself, and nothing for a name far from all.
        assert_eq!(did_you_mean("output", nets), None);
        assert_eq!(did_you_mean("bias", nets), None);
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal).into();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
    }
}
