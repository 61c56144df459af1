//! `#[derive(gbg_go::Prefill)]`: prove at compile time that an application struct (or
//! enum) maps onto the schema at a place in the task document, and generate the
//! conversion into JSON that is validated there at run time.

use gbg_go_schema::ir::{JsonType, NodeKind};
use gbg_go_schema::naming::{camel_case, snake_case};
use gbg_go_schema::{Ir, NodeId};
use proc_macro2::{Span, TokenStream};

/// A derive error (spanned; several combine into one).
pub type Error = syn::Error;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::prefill::{load, manifest_dir};

struct Container {
    schema: syn::LitStr,
    at: syn::LitStr,
    rename_all: Option<String>,
}

fn container(input: &syn::DeriveInput) -> syn::Result<Container> {
    let mut schema = None;
    let mut at = None;
    let mut rename_all = None;
    for attr in &input.attrs {
        if attr.path().is_ident("prefill") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("schema") {
                    schema = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("at") {
                    at = Some(meta.value()?.parse()?);
                } else {
                    return Err(meta.error("expected `schema = \"…\"` or `at = \"/pointer\"`"));
                }
                Ok(())
            })?;
        } else if attr.path().is_ident("serde") {
            // Honour serde's renaming, and ignore everything else serde knows.
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename_all") {
                    let v: syn::LitStr = meta.value()?.parse()?;
                    rename_all = Some(v.value());
                } else if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
        }
    }
    let schema = schema.ok_or_else(|| syn::Error::new(input.ident.span(), "missing `#[prefill(schema = \"path/to/task-schema.json\", at = \"/context/subject/…\")]`"))?;
    let at = at.unwrap_or_else(|| syn::LitStr::new("", Span::call_site()));
    Ok(Container {
        schema,
        at,
        rename_all,
    })
}

/// The JSON name of a field or variant: `#[prefill(rename)]`, then `#[serde(rename)]`,
/// then the container's `rename_all` (serde's), else camelCase.
fn json_name(
    ident: &syn::Ident,
    attrs: &[syn::Attribute],
    rename_all: Option<&str>,
    variant: bool,
) -> syn::Result<String> {
    for attr in attrs {
        if attr.path().is_ident("prefill") || attr.path().is_ident("serde") {
            let mut found = None;
            let strict = attr.path().is_ident("prefill");
            let r = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let v: syn::LitStr = meta.value()?.parse()?;
                    found = Some(v.value());
                } else if strict {
                    return Err(meta.error("expected `rename = \"…\"`"));
                } else if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            if strict {
                r?;
            }
            if let Some(f) = found {
                return Ok(f);
            }
        }
    }
    let raw = ident.to_string();
    let raw = raw.trim_start_matches("r#");
    Ok(match rename_all {
        Some("camelCase") => camel_case(&snake_case(raw)),
        Some("snake_case") => snake_case(raw),
        Some("PascalCase") => gbg_go_schema::naming::pascal_case(raw),
        Some("SCREAMING_SNAKE_CASE") => snake_case(raw).to_uppercase(),
        Some("kebab-case") => snake_case(raw).replace('_', "-"),
        Some("lowercase") => raw.to_lowercase(),
        Some("UPPERCASE") => raw.to_uppercase(),
        _ if variant => raw.to_owned(),
        _ => camel_case(raw),
    })
}

fn required(ir: &Ir, node: NodeId) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if let Some(k) = ir.keywords(ir.resolve(n)) {
            out.extend(k.required.iter().cloned());
            stack.extend(&k.all_of);
        }
    }
    out
}

fn closed(ir: &Ir, node: NodeId) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if let Some(k) = ir.keywords(ir.resolve(n)) {
            if k.additional_properties
                .is_some_and(|a| matches!(ir.node(a).kind, NodeKind::Bool(false)))
                && k.pattern_properties.is_empty()
            {
                return true;
            }
            stack.extend(&k.all_of);
        }
    }
    false
}

fn types_of(ir: &Ir, node: NodeId) -> Option<Vec<JsonType>> {
    ir.keywords(ir.resolve(node)).and_then(|k| k.types.clone())
}

/// What a Rust type means for JSON, as far as a derive can see its tokens.
enum Shape<'a> {
    Option(&'a syn::Type),
    Vec(&'a syn::Type),
    Scalar(JsonType),
    Any,
    /// A user type: it must implement `gbg_go::Prefill` itself.
    Other,
}

fn shape(ty: &syn::Type) -> Shape<'_> {
    let syn::Type::Path(p) = ty else {
        return match ty {
            syn::Type::Reference(r) => shape(&r.elem),
            _ => Shape::Other,
        };
    };
    let Some(last) = p.path.segments.last() else {
        return Shape::Other;
    };
    let arg = match &last.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    };
    match (last.ident.to_string().as_str(), arg) {
        ("Option", Some(t)) => Shape::Option(t),
        ("Vec", Some(t)) => Shape::Vec(t),
        ("String" | "str" | "Cow", _) => Shape::Scalar(JsonType::String),
        ("bool", _) => Shape::Scalar(JsonType::Boolean),
        ("i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "isize" | "usize", _) => {
            Shape::Scalar(JsonType::Integer)
        }
        ("f32" | "f64", _) => Shape::Scalar(JsonType::Number),
        ("Value", _) => Shape::Any,
        _ => Shape::Other,
    }
}

/// Check a Rust type against the schema at `node`; errors land on `span`.
fn check_type(ir: &Ir, node: NodeId, ty: &syn::Type, pointer: &str, errors: &mut Vec<syn::Error>) {
    let allowed = types_of(ir, node);
    let accepts = |t: JsonType| {
        allowed.as_ref().is_none_or(|a| {
            a.contains(&t) || (t == JsonType::Integer && a.contains(&JsonType::Number))
        })
    };
    let name = |a: &Option<Vec<JsonType>>| {
        a.as_ref()
            .map(|v| {
                v.iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
            .unwrap_or_default()
    };
    match shape(ty) {
        Shape::Option(inner) => check_type(ir, node, inner, pointer, errors),
        Shape::Vec(inner) => {
            if !accepts(JsonType::Array) {
                errors.push(syn::Error::new(
                    ty.span(),
                    format!(
                        "`{pointer}` is {} in the schema, not an array",
                        name(&allowed)
                    ),
                ));
            } else if let Some(items) = ir.keywords(node).and_then(|k| k.items) {
                check_type(
                    ir,
                    ir.resolve(items),
                    inner,
                    &format!("{pointer}/-"),
                    errors,
                );
            }
        }
        Shape::Scalar(t) => {
            if !accepts(t) {
                errors.push(syn::Error::new(
                    ty.span(),
                    format!(
                        "`{pointer}` is {} in the schema, not {}",
                        name(&allowed),
                        t.as_str()
                    ),
                ));
            }
        }
        Shape::Any | Shape::Other => {}
    }
}

/// Expand `#[derive(Prefill)]`.
///
/// # Errors
/// Every mismatch between the type and the schema, each on the field or variant.
pub fn expand_derive(input: TokenStream, rt_crate: TokenStream) -> syn::Result<TokenStream> {
    let input: syn::DeriveInput = syn::parse2(input)?;
    let c = container(&input)?;
    let rel = c.schema.value();
    let loaded = load(&manifest_dir().join(&rel), &rel).map_err(|e| {
        syn::Error::new(
            c.schema.span(),
            format!("schema `{rel}` cannot be used:\n{e}"),
        )
    })?;
    let ir = loaded.validator.ir();
    let at = c.at.value();
    let node = ir
        .nodes_at_place(&at, gbg_go_schema::walk::Follow::Declared)
        .first()
        .copied()
        .ok_or_else(|| {
            let hint = place_hint(ir, &at);
            syn::Error::new(c.at.span(), format!("the schema has no place `{at}` (follow `properties` from the task document; `*` for any array item; an index must be one the schema allows){hint}"))
        })?;
    let rt = quote!(#rt_crate::__private);
    let name = &input.ident;
    let mut errors = Vec::new();
    let to_json = match &input.data {
        syn::Data::Struct(s) => {
            let syn::Fields::Named(fields) = &s.fields else {
                return Err(syn::Error::new(
                    input.ident.span(),
                    "`Prefill` needs a struct with named fields (or an enum of unit variants)",
                ));
            };
            check_struct_fields(
                ir,
                node,
                &at,
                fields,
                c.rename_all.as_deref(),
                &rt,
                name,
                &mut errors,
            )?
        }
        syn::Data::Enum(e) => check_enum(
            ir,
            node,
            &at,
            e,
            c.rename_all.as_deref(),
            &rt,
            name,
            &mut errors,
        )?,
        syn::Data::Union(_) => {
            return Err(syn::Error::new(
                input.ident.span(),
                "`Prefill` cannot be derived for a union",
            ))
        }
    };
    if let Some(e) = errors.into_iter().reduce(|mut a, b| {
        a.combine(b);
        a
    }) {
        return Err(e);
    }
    let files = loaded.embedded_files();
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_g #rt::ToJson for #name #ty_g #where_g {
            fn to_json(&self) -> #rt::Value {
                #to_json
            }
        }
        impl #impl_g #rt::ObjectExpr for #name #ty_g #where_g {
            const AT: ::core::option::Option<&'static str> = ::core::option::Option::Some(#at);
            fn object_json(&self) -> #rt::Value {
                #rt::ToJson::to_json(self)
            }
        }
        impl #impl_g #rt_crate::Prefill for #name #ty_g #where_g {
            const AT: &'static str = #at;
            fn to_prefill(&self) -> ::core::result::Result<#rt::Value, #rt_crate::ValidationError> {
                static __GBG_GO_FILES: &[(&str, &[u8])] = &[#(#files),*];
                #rt::check_at(#rel, __GBG_GO_FILES, #at, #rt::ToJson::to_json(self))
            }
        }
    })
}

/// "did you mean" for a place whose first unknown token is a near miss of a declared
/// property (`/context/subject/identiy` → `/context/subject/identity`).
fn place_hint(ir: &gbg_go_schema::Ir, at: &str) -> String {
    let tokens = gbg_go_schema::pointer_tokens(at);
    let mut walked = String::new();
    for (i, token) in tokens.iter().enumerate() {
        let next = format!("{walked}/{}", gbg_go_schema::source::escape_token(token));
        if ir
            .nodes_at_place(&next, gbg_go_schema::walk::Follow::Declared)
            .is_empty()
        {
            return match crate::literal::closest_declared(ir, &walked, token) {
                Some(name) => {
                    let rest: String = tokens[i + 1..]
                        .iter()
                        .map(|t| format!("/{}", gbg_go_schema::source::escape_token(t)))
                        .collect();
                    let fixed = format!(
                        "{walked}/{}{rest}",
                        gbg_go_schema::source::escape_token(&name)
                    );
                    format!("\n  help: did you mean `{fixed}`?")
                }
                None => String::new(),
            };
        }
        walked = next;
    }
    String::new()
}

#[allow(clippy::too_many_arguments)]
fn check_struct_fields(
    ir: &Ir,
    node: NodeId,
    at: &str,
    fields: &syn::FieldsNamed,
    rename_all: Option<&str>,
    rt: &TokenStream,
    name: &syn::Ident,
    errors: &mut Vec<syn::Error>,
) -> syn::Result<TokenStream> {
    if let Some(t) = types_of(ir, node) {
        if !t.contains(&JsonType::Object) {
            errors.push(syn::Error::new(
                name.span(),
                format!("`{at}` is not an object in the schema, so a struct cannot map onto it"),
            ));
        }
    }
    let declared = ir.properties_of(node);
    let is_closed = closed(ir, node);
    let mut covered = Vec::new();
    let mut inserts = Vec::new();
    for f in &fields.named {
        let Some(ident) = &f.ident else { continue };
        let json = json_name(ident, &f.attrs, rename_all, false)?;
        covered.push(json.clone());
        let pointer = format!("{at}/{json}");
        match declared.iter().find(|(p, _)| *p == json) {
            Some((_, child)) => check_type(ir, ir.resolve(*child), &f.ty, &pointer, errors),
            None if is_closed => {
                let names: Vec<&str> = declared.iter().map(|(p, _)| p.as_str()).collect();
                let hint = names
                    .iter()
                    .min_by_key(|n| {
                        crate::literal::distance(&n.to_lowercase(), &json.to_lowercase())
                    })
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                errors.push(syn::Error::new(
                    ident.span(),
                    format!(
                        "the schema has no property `{json}` at `{at}` and allows no others{hint}"
                    ),
                ));
            }
            None => {}
        }
        let is_option = matches!(shape(&f.ty), Shape::Option(_));
        if is_option && required(ir, node).contains(&json) {
            errors.push(syn::Error::new(
                f.ty.span(),
                format!(
                    "`{pointer}` is required by the schema, so this field cannot be an `Option`"
                ),
            ));
        }
        let span = f.ty.span();
        inserts.push(if is_option {
            quote_spanned! {span=> if let ::core::option::Option::Some(v) = &self.#ident { m.insert(#json.into(), #rt::ToJson::to_json(v)); } }
        } else {
            quote_spanned! {span=> m.insert(#json.into(), #rt::ToJson::to_json(&self.#ident)); }
        });
    }
    let missing: Vec<String> = required(ir, node)
        .into_iter()
        .filter(|r| !covered.contains(r))
        .map(|r| format!("`{r}`"))
        .collect();
    if !missing.is_empty() {
        errors.push(syn::Error::new(
            name.span(),
            format!(
                "the schema requires {} at `{at}`, and this struct has no field for {}",
                missing.join(", "),
                if missing.len() == 1 { "it" } else { "them" }
            ),
        ));
    }
    Ok(quote! {
        let mut m = #rt::Map::new();
        #(#inserts)*
        #rt::Value::Object(m)
    })
}

#[allow(clippy::too_many_arguments)]
fn check_enum(
    ir: &Ir,
    node: NodeId,
    at: &str,
    e: &syn::DataEnum,
    rename_all: Option<&str>,
    rt: &TokenStream,
    name: &syn::Ident,
    errors: &mut Vec<syn::Error>,
) -> syn::Result<TokenStream> {
    let allowed: Option<Vec<String>> =
        ir.keywords(node)
            .and_then(|k| k.enumeration.as_ref())
            .map(|v| {
                v.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            });
    let Some(allowed) = allowed else {
        return Err(syn::Error::new(
            name.span(),
            format!("`{at}` has no string `enum` in the schema, so an enum cannot map onto it"),
        ));
    };
    let mut arms = Vec::new();
    for v in &e.variants {
        if !matches!(v.fields, syn::Fields::Unit) {
            errors.push(syn::Error::new(
                v.ident.span(),
                "only unit variants can map onto a string `enum`",
            ));
            continue;
        }
        let json = json_name(&v.ident, &v.attrs, rename_all, true)?;
        if !allowed.contains(&json) {
            let list: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
            errors.push(syn::Error::new(
                v.ident.span(),
                format!(
                    "\"{json}\" is not one of the values the schema allows at `{at}`: {}",
                    list.join(", ")
                ),
            ));
        }
        let ident = &v.ident;
        arms.push(quote!(Self::#ident => #json,));
    }
    Ok(quote!(#rt::Value::String(::std::string::String::from(match self { #(#arms)* }))))
}
