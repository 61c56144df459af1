//! Emit one validator function per schema class: the IR interpreter
//! (`gbg_go_schema::Validator`) specialised to a node, calling the same checks.

use gbg_go_schema::ir::{Format, JsonType, Keywords, NodeKind};
use gbg_go_schema::{Ir, NodeId, ViolationKind};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::plan::Plan;

pub(crate) struct Ctx<'a> {
    pub ir: &'a Ir,
    pub plan: &'a Plan,
    pub rt: &'a Ident,
    /// File names relative to the root schema's folder, by file id.
    pub names: Vec<String>,
    /// Whether `format` is asserted.
    pub assert_format: bool,
    /// The derives and attributes the user added, by type.
    pub decor: &'a crate::hooks::Decorations,
    /// Whether structs with several optional members get a builder.
    pub builders: bool,
    /// Impls written out as text, already laid out, for the type being emitted:
    /// `items` takes them after each type and places them after its formatted
    /// items. Plain Rust that a reader follows, without the cost of parsing and
    /// formatting it (codegen time follows the tokens prettyplease formats).
    pub written: std::cell::RefCell<String>,
}

/// Where a child schema validates: under its parent's location (a pointer suffix),
/// or at an absolute location (a `$ref` target elsewhere).
pub(crate) enum Place {
    /// The parent's location followed by this suffix.
    Under(String),
    /// `file#/pointer`.
    At(String),
}

impl Ctx<'_> {
    /// `file#pointer` with the file relative to the root schema (never absolute).
    pub(crate) fn location(&self, node: NodeId) -> String {
        let loc = &self.ir.node(node).location;
        format!("{}#{}", self.names[loc.file.0 as usize], loc.pointer)
    }

    /// Where `child` validates, seen from `parent`: under the parent's location when
    /// the child (resolved) lies under the parent in the same file, so that each
    /// instance of a shared schema reports its own place; else at the child's own
    /// absolute location (a `$ref` target). The one-pass readers build every place's
    /// [`Loc`](../../gbg_go/__private/enum.Loc.html) by this rule (`Ir::pointer_under`,
    /// which `Validator::check_at` follows inside a schema it checks).
    pub(crate) fn child_place(&self, parent: NodeId, child: NodeId) -> Place {
        let child = self.ir.resolve(child);
        match self.ir.pointer_under(parent, child) {
            Some(rel) if !rel.is_empty() => Place::Under(rel.to_owned()),
            _ => Place::At(self.location(child)),
        }
    }

    fn report(&self, _node: NodeId, keyword: &str, kind: &ViolationKind) -> TokenStream {
        let rt = self.rt;
        let kind = self.kind(kind);
        quote!(#rt::report(out, p, #keyword, l, #kind);)
    }

    /// A violation kind known while generating, as the expression that builds it at
    /// run time (only when the rule fails), through `__private::kind`'s short
    /// constructors.
    fn kind(&self, kind: &ViolationKind) -> TokenStream {
        use ViolationKind as K;
        let rt = self.rt;
        let k = quote!(#rt::kind);
        match kind {
            K::Type { expected } => {
                let t = expected.iter().map(|t| {
                    let v = format_ident!("{}", format!("{t:?}"));
                    quote!(#rt::JsonType::#v)
                });
                quote!(#k::types(&[#(#t),*]))
            }
            K::Const { expected } => quote!(#k::constant(#expected)),
            K::Enum { allowed, count } => quote!(#k::one_of_values(&[#(#allowed),*], #count)),
            K::MinLength { limit } => quote!(#k::min_length(#limit)),
            K::MaxLength { limit } => quote!(#k::max_length(#limit)),
            K::Pattern { pattern } => quote!(#k::pattern(#pattern)),
            K::Format { format } => {
                let v = format_variant(*format);
                quote!(#k::format(#rt::Format::#v))
            }
            K::Minimum { limit, exclusive } => quote!(#k::minimum(#limit, #exclusive)),
            K::Maximum { limit, exclusive } => quote!(#k::maximum(#limit, #exclusive)),
            K::MultipleOf { divisor } => quote!(#k::multiple_of(#divisor)),
            K::MinItems { limit } => quote!(#k::min_items(#limit)),
            K::MaxItems { limit } => quote!(#k::max_items(#limit)),
            K::UniqueItems => quote!(#rt::ViolationKind::UniqueItems),
            K::Contains { min, max } => {
                let max = match max {
                    Some(m) => quote!(::core::option::Option::Some(#m)),
                    None => quote!(::core::option::Option::None),
                };
                quote!(#k::contains(#min, #max))
            }
            K::MinProperties { limit } => quote!(#k::min_properties(#limit)),
            K::MaxProperties { limit } => quote!(#k::max_properties(#limit)),
            K::Required { property } => quote!(#k::required(#property)),
            K::DependentRequired { property, requires } => {
                quote!(#k::dependent_required(#property, #requires))
            }
            K::AdditionalProperty { property } => quote!(#k::additional(#property)),
            K::PropertyName { property } => quote!(#k::property_name(#property)),
            K::AnyOf { alternatives } => quote!(#k::any_of(#alternatives)),
            K::Not => quote!(#rt::ViolationKind::Not),
            K::False => quote!(#rt::ViolationKind::False),
            // Kinds generated code never reports (built in `__private`, or by the
            // loader), and any kind added later: the module refuses to compile,
            // loudly, rather than report the wrong kind.
            other => {
                let text = format!("gbg-go-codegen cannot emit the violation kind {other:?}");
                quote!(::core::compile_error!(#text))
            }
        }
    }

    /// All validator functions: a leaf schema's (no subschemas) as code, since leaves
    /// check every scalar as it arrives; any other as a place of the module's
    /// [`Rules`](../../gbg_go/__private/struct.Rules.html), run by the interpreter
    /// (so the rules of objects, arrays and composites exist once, and the module
    /// stays short to generate and to compile).
    pub(crate) fn validators(&self) -> (TokenStream, String) {
        use std::fmt::Write as _;

        let (leaves, others): (Vec<_>, Vec<_>) = self
            .plan
            .validators
            .iter()
            .copied()
            .enumerate()
            .partition(|(_, node)| is_leaf(self.ir, *node));
        let fns = leaves.into_iter().map(|(i, node)| self.validator(i, node));
        // The others, written out as text inside `mod rules` (after its leaves):
        // the module's schema files, whether `format` is asserted, and one function
        // per place, which hands its value to the interpreter at that place.
        let mut rules = String::new();
        if !others.is_empty() {
            let files: Vec<String> = self
                .ir
                .files
                .iter()
                .zip(&self.names)
                .map(|(f, n)| {
                    format!(
                        "({}, {})",
                        crate::emit_impls::lit(n),
                        crate::emit_types::text_literal(&f.text)
                    )
                })
                .collect();
            let places: Vec<String> = others
                .iter()
                .map(|(_, node)| {
                    format!(
                        "        {},\n",
                        crate::emit_impls::lit(&self.location(*node))
                    )
                })
                .collect();
            let _ = write!(
                rules,
                "    /// The rules the interpreter checks: the module's schema files, its places (a\n    /// function below each) and whether `format` is asserted.\n    static RULES: __rt::Rules = __rt::Rules::new(\n        &[{}],\n        &[\n{}        ],\n        {},\n    );\n",
                files.join(", "),
                places.concat(),
                self.assert_format
            );
            for (j, (i, node)) in others.iter().enumerate() {
                let doc =
                    gbg_go_schema::text::printable(&format!(" Checks `{}`.", self.location(*node)))
                        .into_owned();
                let _ = write!(
                    rules,
                    "    ///{doc}\n    pub(super) fn {}(\n        v: &__rt::Value,\n        p: &__rt::Path<'_>,\n        l: &__rt::Loc<'_>,\n        out: &mut ::std::vec::Vec<__rt::Violation>,\n    ) {{\n        RULES.check({j}, v, p, l, out)\n    }}\n",
                    self.plan.validator_names[*i]
                );
            }
        }
        let tokens = quote! {
            #[doc = " This module's rules: one function per rule, which every place with that rule"]
            #[doc = " calls, each reporting its own schema location. Those the generator keeps as"]
            #[doc = " code check scalars; the others hand their value to the interpreter (`RULES`)."]
            #[doc = " (A rule the readers reach only through another place's plan may go unused.)"]
            #[allow(dead_code)]
            mod rules {
                use super::__rt;
                #(#fns)*
            }
            use rules::*;
        };
        (tokens, rules)
    }

    fn validator(&self, i: usize, node: NodeId) -> TokenStream {
        let rt = self.rt;
        let name = self.plan.validator_ident(i);
        let body = match &self.ir.node(node).kind {
            NodeKind::Bool(true) => TokenStream::new(),
            NodeKind::Bool(false) => {
                let m = self.kind(&ViolationKind::False);
                return quote! {
                    #[doc = " Accepts nothing (the `false` schema)."]
                    pub(super) fn #name(_v: &#rt::Value, p: &#rt::Path<'_>, l: &#rt::Loc<'_>, out: &mut ::std::vec::Vec<#rt::Violation>) {
                        #rt::report_here(out, p, "false", l, #m);
                    }
                };
            }
            NodeKind::Schema(k) => self.body(node, k),
        };
        let loc_doc = crate::emit_types::doc_text(&format!(" Checks `{}`.", self.location(node)));
        if body.is_empty() {
            quote! {
                #[doc = #loc_doc]
                pub(super) fn #name(_v: &#rt::Value, _p: &#rt::Path<'_>, _l: &#rt::Loc<'_>, _out: &mut ::std::vec::Vec<#rt::Violation>) {}
            }
        } else {
            // A body whose rules all report elsewhere (a `$ref` to an absolute
            // location) does not read its own location.
            let l = if mentions(&body, "l") {
                format_ident!("l")
            } else {
                format_ident!("_l")
            };
            quote! {
                #[doc = #loc_doc]
                pub(super) fn #name(v: &#rt::Value, p: &#rt::Path<'_>, #l: &#rt::Loc<'_>, out: &mut ::std::vec::Vec<#rt::Violation>) {
                    #body
                }
            }
        }
    }

    fn body(&self, node: NodeId, k: &Keywords) -> TokenStream {
        let rt = self.rt;
        let mut out = TokenStream::new();
        if let Some(c) = &k.constant {
            let text = Literal::string(&c.to_string());
            let report = self.report(node, "const", &ViolationKind::constant(c));
            out.extend(quote! {{
                static C: ::std::sync::OnceLock<#rt::Value> = ::std::sync::OnceLock::new();
                if !#rt::json_equal(v, #rt::literal(&C, #text)) {
                    #report
                }
            }});
        }
        if let Some(values) = &k.enumeration {
            let report = self.report(node, "enum", &ViolationKind::enumeration(values));
            if values.iter().all(Value::is_string) && !values.is_empty() {
                let strs = values.iter().filter_map(Value::as_str);
                out.extend(quote! {
                    if !matches!(v, #rt::Value::String(s) if matches!(s.as_str(), #(#strs)|*)) {
                        #report
                    }
                });
            } else {
                let text = Literal::string(&Value::Array(values.clone()).to_string());
                out.extend(quote! {{
                    static E: ::std::sync::OnceLock<#rt::Value> = ::std::sync::OnceLock::new();
                    let allowed = #rt::literal(&E, #text);
                    if !allowed.as_array().is_some_and(|a| a.iter().any(|e| #rt::json_equal(e, v))) {
                        #report
                    }
                }});
            }
        }
        out.extend(self.string(node, k));
        out.extend(self.number(node, k));
        out.extend(self.array(node, k));
        out.extend(self.object(node, k));
        if let Some(types) = &k.types {
            let checks = types.iter().map(|t| type_check(rt, *t));
            let report = self.report(
                node,
                "type",
                &ViolationKind::Type {
                    expected: types.clone(),
                },
            );
            // Further keywords would only repeat the mismatch, so stop there.
            let stop = if out.is_empty() {
                TokenStream::new()
            } else {
                quote!(return;)
            };
            let type_check = quote! {
                if !(#(#checks)||*) {
                    #report
                    #stop
                }
            };
            out = quote!(#type_check #out);
        }
        out
    }

    fn string(&self, node: NodeId, k: &Keywords) -> TokenStream {
        let rt = self.rt;
        let mut checks = Block::default();
        if k.min_length.is_some() || k.max_length.is_some() {
            checks.raw(quote!(let n = #rt::code_points(s);));
            if let Some(min) = k.min_length {
                let r = self.report(node, "minLength", &ViolationKind::MinLength { limit: min });
                checks.check(quote!(n < #min), r);
            }
            if let Some(max) = k.max_length {
                let r = self.report(node, "maxLength", &ViolationKind::MaxLength { limit: max });
                checks.check(quote!(n > #max), r);
            }
        }
        if let Some(pat) = &k.pattern {
            let r = self.report(
                node,
                "pattern",
                &ViolationKind::Pattern {
                    pattern: pat.clone(),
                },
            );
            checks.raw(quote! {{
                static RE: ::std::sync::OnceLock<::core::option::Option<#rt::Regex>> = ::std::sync::OnceLock::new();
                if !#rt::pattern(&RE, #pat, s) { #r }
            }});
        }
        if let Some(f) = k.format.filter(|_| self.assert_format) {
            let r = self.report(node, "format", &ViolationKind::Format { format: f });
            let variant = format_variant(f);
            checks.check(quote!(!#rt::formats::check(#rt::Format::#variant, s)), r);
        }
        checks.wrap(quote!(#rt::Value::String(s)))
    }

    fn number(&self, node: NodeId, k: &Keywords) -> TokenStream {
        let rt = self.rt;
        let mut checks = Block::default();
        let bound = |n: &serde_json::Number| {
            let text = n.to_string();
            quote!({
                static B: ::std::sync::OnceLock<#rt::Number> = ::std::sync::OnceLock::new();
                #rt::number(&B, #text)
            })
        };
        for b in &k.minimum {
            let kw = if b.exclusive {
                "exclusiveMinimum"
            } else {
                "minimum"
            };
            let r = self.report(
                node,
                kw,
                &ViolationKind::Minimum {
                    limit: b.value.to_string(),
                    exclusive: b.exclusive,
                },
            );
            let lit = bound(&b.value);
            let ex = b.exclusive;
            checks.check(quote!(!#rt::above(n, #lit, #ex)), r);
        }
        for b in &k.maximum {
            let kw = if b.exclusive {
                "exclusiveMaximum"
            } else {
                "maximum"
            };
            let r = self.report(
                node,
                kw,
                &ViolationKind::Maximum {
                    limit: b.value.to_string(),
                    exclusive: b.exclusive,
                },
            );
            let lit = bound(&b.value);
            let ex = b.exclusive;
            checks.check(quote!(!#rt::below(n, #lit, #ex)), r);
        }
        if let Some(m) = &k.multiple_of {
            let r = self.report(
                node,
                "multipleOf",
                &ViolationKind::MultipleOf {
                    divisor: m.to_string(),
                },
            );
            let lit = bound(m);
            checks.check(quote!(!#rt::is_multiple_of(n, #lit)), r);
        }
        checks.wrap(quote!(#rt::Value::Number(n)))
    }

    fn array(&self, node: NodeId, k: &Keywords) -> TokenStream {
        let rt = self.rt;
        let mut checks = Block::default();
        if let Some(min) = k.min_items {
            let r = self.report(node, "minItems", &ViolationKind::MinItems { limit: min });
            checks.check(quote!((items.len() as u64) < #min), r);
        }
        if let Some(max) = k.max_items {
            let r = self.report(node, "maxItems", &ViolationKind::MaxItems { limit: max });
            checks.check(quote!((items.len() as u64) > #max), r);
        }
        if k.unique_items {
            let r = self.report(node, "uniqueItems", &ViolationKind::UniqueItems);
            checks.check(quote!(!#rt::all_unique(items)), r);
        }
        checks.wrap(quote!(#rt::Value::Array(items)))
    }

    fn object(&self, node: NodeId, k: &Keywords) -> TokenStream {
        let rt = self.rt;
        let mut checks = Block::default();
        if let Some(min) = k.min_properties {
            let r = self.report(
                node,
                "minProperties",
                &ViolationKind::MinProperties { limit: min },
            );
            checks.check(quote!((m.len() as u64) < #min), r);
        }
        if let Some(max) = k.max_properties {
            let r = self.report(
                node,
                "maxProperties",
                &ViolationKind::MaxProperties { limit: max },
            );
            checks.check(quote!((m.len() as u64) > #max), r);
        }
        for name in &k.required {
            let r = self.report(
                node,
                "required",
                &ViolationKind::Required {
                    property: name.clone(),
                },
            );
            checks.check(quote!(!m.contains_key(#name)), r);
        }
        for (name, deps) in &k.dependent_required {
            for d in deps {
                let r = self.report(
                    node,
                    "dependentRequired",
                    &ViolationKind::DependentRequired {
                        property: name.clone(),
                        requires: d.clone(),
                    },
                );
                checks.check(quote!(m.contains_key(#name) && !m.contains_key(#d)), r);
            }
        }
        checks.wrap(quote!(#rt::Value::Object(m)))
    }
}

/// Whether `node` has no subschemas (its validator is emitted as code).
fn is_leaf(ir: &Ir, node: NodeId) -> bool {
    match &ir.node(node).kind {
        NodeKind::Bool(_) => true,
        NodeKind::Schema(k) => k.children().is_empty(),
    }
}

/// Whether `tokens` use the identifier `name` anywhere.
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}

fn type_check(rt: &Ident, t: JsonType) -> TokenStream {
    match t {
        JsonType::Null => quote!(v.is_null()),
        JsonType::Boolean => quote!(v.is_boolean()),
        JsonType::Object => quote!(v.is_object()),
        JsonType::Array => quote!(v.is_array()),
        JsonType::Number => quote!(v.is_number()),
        JsonType::String => quote!(v.is_string()),
        JsonType::Integer => quote!(#rt::has_type(v, #rt::JsonType::Integer)),
    }
}

fn format_variant(f: Format) -> Ident {
    format_ident!("{}", format!("{f:?}"))
}

/// Statements under one `if let <pattern> = v`. A single check becomes
/// `if matches!(v, <pattern> if <cond>)`, because a lone nested `if` is what clippy's
/// `collapsible_if` flags in edition 2024, and let-chains do not exist in 2021.
#[derive(Default)]
struct Block {
    stmts: Vec<(Option<TokenStream>, TokenStream)>,
}

impl Block {
    fn check(&mut self, cond: TokenStream, body: TokenStream) {
        self.stmts.push((Some(cond), body));
    }

    fn raw(&mut self, stmt: TokenStream) {
        self.stmts.push((None, stmt));
    }

    fn wrap(self, pattern: TokenStream) -> TokenStream {
        match self.stmts.as_slice() {
            [] => TokenStream::new(),
            [(Some(cond), body)] => quote!(if matches!(v, #pattern if #cond) { #body }),
            stmts => {
                let each = stmts.iter().map(|(cond, body)| match cond {
                    Some(c) => quote!(if #c { #body }),
                    None => body.clone(),
                });
                quote!(if let #pattern = v { #(#each)* })
            }
        }
    }
}
