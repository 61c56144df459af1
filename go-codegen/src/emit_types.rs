//! Emit the Rust items of a plan: structs, enums and newtypes with serde support,
//! validating `Deserialize`, `validate()`, and `Debug` that redacts values.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit_validate::Ctx;
use crate::plan::{Def, DefKind, Field, Ty};

impl Ctx<'_> {
    pub(crate) fn ty(&self, ty: &Ty) -> TokenStream {
        let rt = self.rt;
        match ty {
            Ty::String => quote!(::std::string::String),
            Ty::I64 => quote!(i64),
            Ty::F64 => quote!(f64),
            Ty::Bool => quote!(bool),
            Ty::Unit => quote!(()),
            Ty::Value => quote!(#rt::Value),
            Ty::Vec(t) => {
                let t = self.ty(t);
                quote!(::std::vec::Vec<#t>)
            }
            Ty::Map(t) => {
                let t = self.ty(t);
                quote!(::std::collections::BTreeMap<::std::string::String, #t>)
            }
            Ty::Option(t) => {
                let t = self.ty(t);
                quote!(::core::option::Option<#t>)
            }
            Ty::Boxed(t) => {
                let t = self.ty(t);
                quote!(::std::boxed::Box<#t>)
            }
            Ty::Named(d) => {
                let name = format_ident!("{}", self.plan.defs[*d].name);
                quote!(#name)
            }
            // Checked when the setting was applied (`hooks::apply`).
            Ty::External(path) => syn::parse_str::<syn::Type>(path)
                .map(|t| quote!(#t))
                .unwrap_or_else(|e| e.to_compile_error()),
        }
    }

    /// Whether a type has `Eq`, `Hash` and `Ord` (so a newtype over it can derive
    /// them).
    fn totally_ordered(&self, ty: &Ty) -> bool {
        match ty {
            Ty::String | Ty::I64 | Ty::Bool | Ty::Unit => true,
            Ty::F64 | Ty::Value | Ty::Map(_) | Ty::External(_) => false,
            Ty::Vec(t) | Ty::Option(t) | Ty::Boxed(t) => self.totally_ordered(t),
            Ty::Named(d) => match &self.plan.defs[*d].kind {
                DefKind::StringEnum { .. } => true,
                DefKind::Newtype { inner } => self.totally_ordered(inner),
                _ => false,
            },
        }
    }

    /// Every item of the plan: each type's items as tokens (formatted by
    /// prettyplease) and the impls written out for it as text, which follow it.
    pub(crate) fn items(
        &self,
        serde_crate: &str,
        reveal: &dyn Fn(&Def, &Field) -> bool,
    ) -> Vec<(TokenStream, String)> {
        self.plan
            .defs
            .iter()
            .map(|d| {
                let tokens = self.item(d, serde_crate, reveal);
                (tokens, std::mem::take(&mut *self.written.borrow_mut()))
            })
            .collect()
    }

    fn item(
        &self,
        def: &Def,
        serde_crate: &str,
        reveal: &dyn Fn(&Def, &Field) -> bool,
    ) -> TokenStream {
        let rt = self.rt;
        let name = format_ident!("{}", def.name);
        let validator = self.plan.validator_ident(def.validator);
        let node = self.ir.node(def.node);
        // A type's doc describes the type: a description every place it stands for
        // shares, else its title (a shared struct's places may each describe their
        // member, which the fields' own docs keep).
        let shared = def
            .uses
            .iter()
            .all(|u| self.ir.node(self.ir.resolve(*u)).description == node.description);
        let description = if shared {
            node.description.as_deref()
        } else {
            None
        };
        let doc = doc_attr(description.or(node.title.as_deref()));
        let loc = doc_text(&format!(" Schema: `{}`.", self.location(def.node)));
        let def_index = self
            .plan
            .defs
            .iter()
            .position(|d| std::ptr::eq(d, def))
            .unwrap_or(0);
        let head = |derives: &[&str], attrs: TokenStream, body: TokenStream| {
            // The user's derives (those not derived already) and attributes.
            let have: Vec<&str> = derives.iter().copied().chain(["Serialize"]).collect();
            let (more, mut user_attrs) = self.decor.tokens(Some(def_index), &have);
            let derives = derives.iter().map(|d| format_ident!("{}", d));
            if self.decor.schemars {
                if let Some(rules) = crate::hooks::schemars_rules(self.ir, def.node) {
                    user_attrs.extend(quote! {
                        #[schemars(transform = |s: &mut #rt::schemars::Schema| #rt::schemars_rules(s, #rules))]
                    });
                }
            }
            // A blank line between the description and the location, only when
            // there is a description: no doc comment starts with an empty line.
            let gap = (!doc.is_empty()).then(|| quote!(#[doc = ""]));
            quote! {
                #doc
                #gap
                #[doc = #loc]
                #[derive(#(#derives,)* #more #rt::serde::Serialize)]
                #[serde(crate = #serde_crate)]
                #attrs
                #user_attrs
                pub #body
            }
        };
        let (plan, own_loc) = self.own_plan(def_index);
        let name_str = def.name.as_str();
        let validator_str = validator.to_string();
        // A type's facts come first after it; its entry points after its other impls.
        if !matches!(def.kind, DefKind::Pending) {
            self.write_facts(name_str, &validator_str, &plan, &own_loc);
        }
        let common = || self.write_entry_points(name_str);
        match &def.kind {
            DefKind::Struct {
                fields,
                extra,
                sealed,
            } => {
                let (body, debug) = self.struct_parts(def, fields, extra.as_ref(), *sealed, reveal);
                let members: Vec<crate::emit_impls::Member<'_>> = fields
                    .iter()
                    .map(|f| crate::emit_impls::Member {
                        ident: &f.ident,
                        ty: crate::text::expr(&self.ty(&f.ty)),
                        json: &f.json,
                        required: f.required,
                        serde: f.ty.holds_external(),
                        doc: f.doc.as_deref(),
                    })
                    .collect();
                let extra_ty = extra
                    .as_ref()
                    .map(|(x, t)| (x.as_str(), crate::text::expr(&self.ty(t))));
                let default = (!sealed && fields.iter().all(|f| !f.required)).then(|| {
                    quote! {
                        impl ::core::default::Default for #name {
                            fn default() -> Self {
                                Self::new()
                            }
                        }
                    }
                });
                let item = head(
                    &["Clone", "PartialEq"],
                    rename_all(fields),
                    quote!(struct #name #body),
                );
                self.write_struct(
                    name_str,
                    *sealed,
                    &members,
                    extra.as_ref().map(|(x, _)| x.as_str()),
                );
                if *sealed {
                    let set = extra_ty
                        .as_ref()
                        .map(|(x, _)| format!("set_{}", x.trim_start_matches('_')));
                    self.write_accessors(
                        name_str,
                        &members,
                        extra_ty
                            .as_ref()
                            .zip(set.as_deref())
                            .map(|((x, t), set)| (*x, set, t.as_str())),
                    );
                }
                common();
                self.written.borrow_mut().push_str(&debug);
                let streamed = self.streamed(def).then(|| {
                    if self.is_layered(def) {
                        self.layered_impl(def, fields, extra.as_ref())
                    } else {
                        self.streamed_impl(def, fields, extra.as_ref())
                    }
                });
                // A sealed struct with optional members always has a builder: a rule
                // across members (`if`/`then`) may require an optional one, which its
                // `new` (required members only) cannot set before the check.
                let optional_count = fields.iter().filter(|f| !f.required).count();
                if (self.builders && optional_count >= 2) || (*sealed && optional_count >= 1) {
                    let setter = |ident: &str| {
                        if ident == "build" {
                            "set_build".to_owned()
                        } else {
                            ident.to_owned()
                        }
                    };
                    let set = extra_ty
                        .as_ref()
                        .map(|(x, _)| format!("{}_member", x.trim_start_matches('_')));
                    self.write_builder(
                        name_str,
                        &self.location(def.node),
                        &members,
                        &setter,
                        extra_ty
                            .as_ref()
                            .zip(set.as_deref())
                            .map(|((x, t), set)| (*x, set, t.as_str())),
                    );
                }
                quote! {
                    #item
                    #streamed
                    #default
                }
            }
            DefKind::StringEnum { variants } => {
                let decls = variants.iter().map(|(ident, json)| {
                    let id = format_ident!("{}", ident);
                    let doc = doc_text(&format!(" `{json}`"));
                    let rename = (ident != json).then(|| quote!(#[serde(rename = #json)]));
                    quote!(#[doc = #doc] #rename #id,)
                });
                let item = head(
                    &[
                        "Clone",
                        "Copy",
                        "PartialEq",
                        "Eq",
                        "Hash",
                        "PartialOrd",
                        "Ord",
                    ],
                    TokenStream::new(),
                    quote!(enum #name { #(#decls)* }),
                );
                self.write_enum(name_str, variants);
                common();
                item
            }
            DefKind::Newtype { inner } => {
                let t = self.ty(inner);
                // `Eq`, `Hash` and `Ord` where the value allows them (not floats, not
                // arbitrary JSON, not structs).
                let derives: &[&str] = if self.totally_ordered(inner) {
                    &["Clone", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord"]
                } else {
                    &["Clone", "PartialEq"]
                };
                let item = head(
                    derives,
                    quote!(#[serde(transparent)]),
                    quote!(struct #name(#t);),
                );
                self.write_newtype(name_str, &crate::text::expr(&t), self.has_blank(inner, 0));
                common();
                item
            }
            DefKind::Union { variants } => {
                let (body, from_json, debug) = self.union_parts(variants);
                let item = head(
                    &["Clone", "PartialEq"],
                    quote!(#[serde(untagged)]),
                    quote!(enum #name #body),
                );
                common();
                quote! {
                    #item
                    impl #rt::FromJson for #name {
                        fn from_json(v: #rt::Value) -> ::core::result::Result<Self, #rt::Mismatch> {
                            #from_json
                        }
                    }
                    impl ::core::fmt::Debug for #name {
                        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            #debug
                        }
                    }
                }
            }
            DefKind::Pending => TokenStream::new(),
        }
    }

    fn struct_parts(
        &self,
        def: &Def,
        fields: &[Field],
        extra: Option<&(String, Ty)>,
        sealed: bool,
        reveal: &dyn Fn(&Def, &Field) -> bool,
    ) -> (TokenStream, String) {
        let rt = self.rt;
        let name = format_ident!("{}", def.name);
        let name_str = def.name.as_str();
        let covered = !rename_all(fields).is_empty();
        // A sealed struct's members are private: only validating setters change them.
        let vis = if sealed {
            TokenStream::new()
        } else {
            quote!(pub)
        };
        let mut decls = Vec::new();
        let mut dbg = Vec::new();
        for f in fields {
            let ident = format_ident!("{}", f.ident);
            let base = self.ty(&f.ty);
            let json = f.json.as_str();
            let doc = doc_attr(f.doc.as_deref());
            let rename = (f.ident != f.json && !covered).then(|| quote!(rename = #json,));
            if f.required {
                let attr = rename.map(|r| quote!(#[serde(#r)]));
                decls.push(quote!(#doc #attr #vis #ident: #base,));
            } else {
                decls.push(quote! {
                    #doc
                    #[serde(#rename skip_serializing_if = "::core::option::Option::is_none")]
                    #vis #ident: ::core::option::Option<#base>,
                });
            }
            let adapter = if reveal(def, f) {
                "Reveal"
            } else if f.ty.holds_external() {
                "Opaque"
            } else {
                "Redact"
            };
            dbg.push((ident.to_string(), f.ident.clone(), adapter));
        }
        if let Some((ident, ty)) = extra {
            let id = format_ident!("{}", ident);
            let t = self.ty(ty);
            decls.push(quote! {
                /// Members the schema does not declare, kept so nothing is lost on a round trip.
                #[serde(flatten)]
                #vis #id: ::std::collections::BTreeMap<::std::string::String, #t>,
            });
            dbg.push((id.to_string(), ident.clone(), "Redact"));
        }
        // Written out as text, one line a field (`Redact` shows structure only,
        // `Reveal` a value `reveal` names, `Opaque` a type of the user's), after the
        // formatted items: see `Ctx::written`.
        let mut text = String::new();
        {
            use std::fmt::Write as _;
            let _ = write!(
                text,
                "impl ::core::fmt::Debug for {name} {{\n    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{\n        f.debug_struct({name_str:?})\n"
            );
            for (ident, label, adapter) in &dbg {
                let _ = writeln!(
                    text,
                    "            .field({label:?}, &{rt}::{adapter}(&self.{ident}))"
                );
            }
            text.push_str("            .finish()\n    }\n}\n");
        }
        (quote!({ #(#decls)* }), text)
    }

    fn union_parts(
        &self,
        variants: &[(String, usize, Ty)],
    ) -> (TokenStream, TokenStream, TokenStream) {
        let rt = self.rt;
        let decls = variants.iter().map(|(ident, _, ty)| {
            let id = format_ident!("{}", ident);
            let t = self.ty(ty);
            quote!(#id(#t),)
        });
        let tries = variants.iter().map(|(ident, validator, _)| {
            let id = format_ident!("{}", ident);
            let f = self.plan.validator_ident(*validator);
            quote! {
                if #rt::valid(&v, &#rt::Path::ROOT, #f) {
                    return ::core::result::Result::Ok(Self::#id(#rt::FromJson::from_json(v)?));
                }
            }
        });
        let dbg = variants.iter().map(|(ident, _, _)| {
            let id = format_ident!("{}", ident);
            let label = ident.as_str();
            quote!(Self::#id(x) => f.debug_tuple(#label).field(&#rt::Redact(x)).finish(),)
        });
        (
            quote!({ #(#decls)* }),
            quote! {
                #(#tries)*
                ::core::result::Result::Err(#rt::Mismatch("one of the alternatives"))
            },
            quote!(match self { #(#dbg)* }),
        )
    }
}

/// `#[doc = "…"]` lines from a description; nothing when there is none.
fn doc_attr(text: Option<&str>) -> TokenStream {
    let lines = text
        .into_iter()
        .flat_map(doc_line_texts)
        .map(|l| Literal::string(&l));
    quote!(#(#[doc = #lines])*)
}

/// Each line of a description as the text of one doc line (` line`), escaped as
/// [`doc_text`] escapes every doc line: for `#[doc]` attributes and written `///`.
pub(crate) fn doc_line_texts(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(|l| gbg_go_schema::text::printable(&format!(" {}", l.trim_end())).into_owned())
}

/// The literal of one `#[doc = …]` line. Every doc line the generator writes goes
/// through here: schema text (descriptions, enum values, property names inside
/// locations, file names) may hold control characters, which a doc comment cannot
/// carry (a bare CR does not compile) and which must not reach a reader's terminal,
/// so they are written escaped (found by the conformance suite and the `generate`
/// fuzz target).
pub(crate) fn doc_text(text: &str) -> Literal {
    Literal::string(&gbg_go_schema::text::printable(text))
}

/// A string literal holding a schema file's text (embedded for `prefill!` and the
/// module's rules): raw (`r#"…"#`) when the text is printable ASCII with newlines and
/// tabs, which is most schemas and reads as the schema does; escaped otherwise (a
/// bare CR cannot be in a raw string, and bidi or control characters must not reach
/// a reader or rustc's `text_direction_codepoint_in_literal`). Schema texts run to
/// tens of kilobytes, embedded twice, and escaping them character by character was
/// about 5% of codegen time for the GO subject.
pub(crate) fn text_literal(text: &str) -> Literal {
    let plain = text
        .bytes()
        .all(|b| b == b'\n' || b == b'\t' || (b' '..=b'~').contains(&b));
    if plain {
        let mut hashes = String::from("#");
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        if let Ok(lit) = format!("r{hashes}\"{text}\"{hashes}").parse::<Literal>() {
            return lit;
        }
    }
    Literal::string(text)
}

/// `#[serde(rename_all = "camelCase")]` when that spells every member's JSON name, so
/// fields need no `rename` of their own.
fn rename_all(fields: &[Field]) -> TokenStream {
    if fields.iter().any(|f| f.ident != f.json)
        && fields
            .iter()
            .all(|f| gbg_go_schema::naming::camel_case(&f.ident) == f.json)
    {
        quote!(#[serde(rename_all = "camelCase")])
    } else {
        TokenStream::new()
    }
}
