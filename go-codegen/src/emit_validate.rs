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
    pub rt: &'a TokenStream,
    /// File names relative to the root schema's folder, by file id.
    pub names: Vec<String>,
    /// Whether `format` is asserted.
    pub assert_format: bool,
    /// The derives and attributes the user added, by type.
    pub decor: &'a crate::hooks::Decorations,
    /// Whether structs with several optional members get a builder.
    pub builders: bool,
}

/// Where a child schema validates: under its parent's location (a pointer suffix),
/// or at an absolute location (a `$ref` target elsewhere).
pub(crate) enum Place {
    /// The parent's location followed by this suffix.
    Under(String),
    /// `file#/pointer`.
    At(String),
}

/// The identifier of validator `i` (a [`CheckFn`]: value, path, location, sink).
pub(crate) fn validator_ident(i: usize) -> Ident {
    format_ident!("__validate_{}", i)
}

/// The identifier of the entry to validator `i` from a type (a `ValidateFn`: it
/// starts at the location of the type's own schema node).
pub(crate) fn entry_ident(i: usize) -> Ident {
    format_ident!("__check_{}", i)
}

impl Ctx<'_> {
    pub(crate) fn call(&self, node: NodeId) -> Ident {
        validator_ident(self.plan.validator(node))
    }

    /// `file#pointer` with the file relative to the root schema (never absolute).
    pub(crate) fn location(&self, node: NodeId) -> String {
        let loc = &self.ir.node(node).location;
        format!("{}#{}", self.names[loc.file.0 as usize], loc.pointer)
    }

    /// The location of `child` for a validator running at `parent`'s location `l`:
    /// the parent's location and the child's place under it, when the child lies
    /// under the parent in the same file (so each instance of a shared validator
    /// reports its own place); else the child's own absolute location (a `$ref`
    /// target).
    pub(crate) fn child_loc(&self, parent: NodeId, child: NodeId) -> TokenStream {
        let rt = self.rt;
        match self.child_place(parent, child) {
            Place::Under(rel) => quote!(l.child(#rel)),
            Place::At(abs) => quote!(#rt::Loc::Root(#abs)),
        }
    }

    /// Where `child` validates, seen from `parent` (see [`child_loc`](Self::child_loc)):
    /// the one rule both the validators and the one-pass readers follow.
    pub(crate) fn child_place(&self, parent: NodeId, child: NodeId) -> Place {
        let child = self.ir.resolve(child);
        let (pl, cl) = (
            &self.ir.node(parent).location,
            &self.ir.node(child).location,
        );
        if pl.file == cl.file && cl.pointer.len() > pl.pointer.len() {
            if let Some(rel) = cl.pointer.strip_prefix(pl.pointer.as_str()) {
                if rel.starts_with('/') {
                    return Place::Under(rel.to_owned());
                }
            }
        }
        Place::At(self.location(child))
    }

    /// Whether the declared property `name`'s schema (resolved) lies at
    /// `<parent>/properties/<name>` in the parent's file, so that its location can be
    /// built from the key at run time.
    fn is_plain_property(&self, parent: NodeId, child: NodeId, name: &str) -> bool {
        let child = self.ir.resolve(child);
        let (pl, cl) = (
            &self.ir.node(parent).location,
            &self.ir.node(child).location,
        );
        let token = name.replace('~', "~0").replace('/', "~1");
        pl.file == cl.file && cl.pointer == format!("{}/properties/{token}", pl.pointer)
    }

    /// A call of `child`'s validator on `value` at `path`, from `parent`.
    fn call_child(
        &self,
        parent: NodeId,
        child: NodeId,
        value: TokenStream,
        path: TokenStream,
    ) -> TokenStream {
        let f = self.call(child);
        let loc = self.child_loc(parent, child);
        quote!(#f(#value, #path, &#loc, out))
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

    /// All validator functions.
    pub(crate) fn validators(&self) -> TokenStream {
        let fns = self
            .plan
            .validators
            .iter()
            .enumerate()
            .map(|(i, node)| self.validator(i, *node));
        let rt = self.rt;
        let mut entries: Vec<usize> = self.plan.defs.iter().map(|d| d.validator).collect();
        entries.push(self.plan.validator(self.ir.root));
        entries.sort_unstable();
        entries.dedup();
        let entries = entries.into_iter().map(|i| {
            let (entry, f) = (entry_ident(i), validator_ident(i));
            // A `$ref`-only node validates at its target's place.
            let loc = self.location(self.ir.resolve(self.plan.validators[i]));
            quote!(#entry = #f @ #loc;)
        });
        quote!(#(#fns)* #rt::entries!(#(#entries)*);)
    }

    fn validator(&self, i: usize, node: NodeId) -> TokenStream {
        let rt = self.rt;
        let name = validator_ident(i);
        let body = match &self.ir.node(node).kind {
            NodeKind::Bool(true) => TokenStream::new(),
            NodeKind::Bool(false) => {
                let m = self.kind(&ViolationKind::False);
                return quote! {
                    #[doc = " Accepts nothing (the `false` schema)."]
                    fn #name(_v: &#rt::Value, p: &#rt::Path<'_>, l: &#rt::Loc<'_>, out: &mut ::std::vec::Vec<#rt::Violation>) {
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
                fn #name(_v: &#rt::Value, _p: &#rt::Path<'_>, _l: &#rt::Loc<'_>, _out: &mut ::std::vec::Vec<#rt::Violation>) {}
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
                fn #name(v: &#rt::Value, p: &#rt::Path<'_>, #l: &#rt::Loc<'_>, out: &mut ::std::vec::Vec<#rt::Violation>) {
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
        out.extend(self.combinators(node, k));
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
        if let Some(r) = k.reference {
            let call = if k.is_ref_only() {
                // A `$ref` and nothing else: its callers resolve it and pass the
                // target's own location (so each reference reports its target, even
                // when identical references share this validator).
                let f = self.call(r);
                quote!(#f(v, p, l, out))
            } else {
                self.call_child(node, r, quote!(v), quote!(p))
            };
            out = quote!(#call; #out);
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
        if !k.prefix_items.is_empty() || k.items.is_some() {
            let arms = k.prefix_items.iter().enumerate().map(|(i, s)| {
                let call = self.call_child(node, *s, quote!(item), quote!(&ip));
                quote!(#i => #call,)
            });
            let rest = match k.items {
                Some(s) => {
                    let call = self.call_child(node, s, quote!(item), quote!(&ip));
                    quote!(_ => #call,)
                }
                None => quote!(_ => {}),
            };
            let dispatch = if k.prefix_items.is_empty() {
                let call =
                    self.call_child(node, k.items.unwrap_or(node), quote!(item), quote!(&ip));
                quote!(#call;)
            } else {
                quote!(match i { #(#arms)* #rest })
            };
            checks.raw(quote! {
                for (i, item) in items.iter().enumerate() {
                    let ip = p.index(i);
                    #dispatch
                }
            });
        }
        // `minContains: 0` without `maxContains` accepts every array: nothing to emit.
        if let Some(c) = k
            .contains
            .filter(|_| k.min_contains != Some(0) || k.max_contains.is_some())
        {
            let f = self.call(c);
            let min = k.min_contains.unwrap_or(1);
            let kw_low = if k.min_contains.is_some() {
                "minContains"
            } else {
                "contains"
            };
            let r_low = self.report(
                node,
                kw_low,
                &ViolationKind::Contains {
                    min,
                    max: k.max_contains,
                },
            );
            // `minContains: 0` sets no lower bound; `hits < 0` would not compile
            // warning-free (found by the conformance suite). One violation at most,
            // the lower bound first, as the interpreter reports it.
            let high = k.max_contains.map(|max| {
                let r_high = self.report(
                    node,
                    "maxContains",
                    &ViolationKind::Contains {
                        min,
                        max: k.max_contains,
                    },
                );
                quote!(if hits > #max { #r_high })
            });
            let test = match (min > 0, high) {
                (true, Some(high)) => quote!(if hits < #min { #r_low } else #high),
                (true, None) => quote!(if hits < #min { #r_low }),
                (false, Some(high)) => high,
                (false, None) => TokenStream::new(),
            };
            checks.raw(quote! {
                let hits = items.iter().enumerate().filter(|(i, item)| #rt::valid(item, &p.index(*i), #f)).count() as u64;
                #test
            });
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
        let (per_member, uses_val) = self.members(node, k);
        if !per_member.is_empty() {
            let val = if uses_val { quote!(val) } else { quote!(_) };
            checks.raw(quote! {
                for (key, #val) in m {
                    let kp = p.key(key);
                    #per_member
                }
            });
        }
        checks.wrap(quote!(#rt::Value::Object(m)))
    }

    /// The loop body over members: propertyNames, properties, patternProperties and
    /// additionalProperties. Emits `matched` only when additionalProperties needs it.
    fn members(&self, node: NodeId, k: &Keywords) -> (TokenStream, bool) {
        let rt = self.rt;
        let mut body = TokenStream::new();
        if let Some(names) = k.property_names {
            let f = self.call(names);
            body.extend(quote! {
                if !#rt::valid(&#rt::Value::String(key.clone()), p, #f) {
                    #rt::report(out, &kp, "propertyNames", l, #rt::kind::property_name(key));
                }
            });
        }
        let additional = k
            .additional_properties
            .filter(|a| !matches!(self.ir.node(*a).kind, NodeKind::Bool(true)));
        let additional_action = additional.map(|a| {
            if matches!(self.ir.node(a).kind, NodeKind::Bool(false)) {
                quote!(#rt::report(out, &kp, "additionalProperties", l, #rt::kind::additional(key));)
            } else {
                let call = self.call_child(node, a, quote!(val), quote!(&kp));
                quote!(#call;)
            }
        });
        // Declared properties. Those that lie at `<here>/properties/<name>` and share
        // a validator share one arm, passing `l.property(key)`; the others (a `$ref`
        // to elsewhere) get an arm of their own with their target's location.
        let mut grouped: Vec<(Ident, Vec<&str>)> = Vec::new();
        let mut single: Vec<(&str, TokenStream)> = Vec::new();
        for (name, s) in &k.properties {
            if self.is_plain_property(node, *s, name) {
                let f = self.call(*s);
                match grouped.iter_mut().find(|(g, _)| *g == f) {
                    Some((_, names)) => names.push(name),
                    None => grouped.push((f, vec![name])),
                }
            } else {
                single.push((name, self.call_child(node, *s, quote!(val), quote!(&kp))));
            }
        }
        let mut calls: Vec<(Vec<&str>, TokenStream)> = grouped
            .into_iter()
            .map(|(f, names)| (names, quote!(#f(val, &kp, &l.property(key), out))))
            .collect();
        calls.extend(single.into_iter().map(|(n, c)| (vec![n], c)));
        let groups = &calls;
        let arms = calls
            .iter()
            .map(|(names, call)| quote!(#(#names)|* => #call,));
        if k.pattern_properties.is_empty() {
            // Without patternProperties a member is "additional" exactly when no
            // declared property matches: the match's fallback arm.
            match (groups.is_empty(), additional_action) {
                (true, Some(action)) => body.extend(action),
                (true, None) => {}
                (false, Some(action)) => {
                    body.extend(quote!(match key.as_str() { #(#arms)* _ => { #action } }))
                }
                (false, None) if k.properties.len() == 1 => {
                    let (names, call) = &calls[0];
                    let name = names[0];
                    body.extend(quote!(if key == #name { #call; }));
                }
                (false, None) => body.extend(quote!(match key.as_str() { #(#arms)* _ => {} })),
            }
        } else {
            let track = additional_action.is_some();
            let set = if track {
                quote!(matched = true;)
            } else {
                TokenStream::new()
            };
            if track {
                body.extend(quote!(let mut matched = false;));
            }
            if !groups.is_empty() {
                let arms = groups
                    .iter()
                    .map(|(names, call)| quote!(#(#names)|* => { #set #call; }));
                body.extend(quote!(match key.as_str() { #(#arms)* _ => {} }));
            }
            for (pat, s) in &k.pattern_properties {
                let call = self.call_child(node, *s, quote!(val), quote!(&kp));
                body.extend(quote! {{
                    static RE: ::std::sync::OnceLock<::core::option::Option<#rt::Regex>> = ::std::sync::OnceLock::new();
                    if #rt::pattern(&RE, #pat, key) { #set #call; }
                }});
            }
            if let Some(action) = additional_action {
                body.extend(quote!(if !matched { #action }));
            }
        }
        let uses_val = !k.properties.is_empty()
            || !k.pattern_properties.is_empty()
            || additional.is_some_and(|a| !matches!(self.ir.node(a).kind, NodeKind::Bool(false)));
        (body, uses_val)
    }

    fn combinators(&self, node: NodeId, k: &Keywords) -> TokenStream {
        let rt = self.rt;
        let mut out = TokenStream::new();
        let mut deps = Block::default();
        for (name, s) in &k.dependent_schemas {
            let call = self.call_child(node, *s, quote!(v), quote!(p));
            deps.check(quote!(m.contains_key(#name)), quote!(#call;));
        }
        out.extend(deps.wrap(quote!(#rt::Value::Object(m))));
        for s in &k.all_of {
            let call = self.call_child(node, *s, quote!(v), quote!(p));
            out.extend(quote!(#call;));
        }
        if !k.any_of.is_empty() {
            let fs = k.any_of.iter().map(|s| self.call(*s));
            let r = self.report(
                node,
                "anyOf",
                &ViolationKind::AnyOf {
                    alternatives: k.any_of.len(),
                },
            );
            out.extend(quote!(if !(#(#rt::valid(v, p, #fs))||*) { #r }));
        }
        if !k.one_of.is_empty() {
            let fs = k.one_of.iter().map(|s| self.call(*s));
            out.extend(quote!(#rt::one_of(out, p, l, &[#(#rt::valid(v, p, #fs)),*]);));
        }
        if let Some(n) = k.not {
            let f = self.call(n);
            let r = self.report(node, "not", &ViolationKind::Not);
            out.extend(quote!(if #rt::valid(v, p, #f) { #r }));
        }
        if let Some(cond) = k.if_ {
            let c = self.call(cond);
            let then = k.then_.map(|t| {
                let call = self.call_child(node, t, quote!(v), quote!(p));
                quote!(#call;)
            });
            let els = k.else_.map(|t| {
                let call = self.call_child(node, t, quote!(v), quote!(p));
                quote!(#call;)
            });
            match (then, els) {
                (Some(t), Some(e)) => {
                    out.extend(quote!(if #rt::valid(v, p, #c) { #t } else { #e }))
                }
                (Some(t), None) => out.extend(quote!(if #rt::valid(v, p, #c) { #t })),
                (None, Some(e)) => out.extend(quote!(if !#rt::valid(v, p, #c) { #e })),
                (None, None) => {}
            }
        }
        out
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

fn type_check(rt: &TokenStream, t: JsonType) -> TokenStream {
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
