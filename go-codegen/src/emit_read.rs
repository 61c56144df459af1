//! Emit the one-pass readers (DESIGN, *One-pass strategy*): for every place a
//! generated type is read, the `__private::Plan` that reads it, and for every struct
//! whose object rules can be checked on what was read, a `Streamed` impl that visits
//! its members directly.
//!
//! Which places are read in one pass, and which buffer their subtree:
//! - scalars whose only rule is their `type`: taken straight into the Rust type
//!   (`Plain`); other scalars (string enums, newtypes, constrained strings): checked
//!   as they arrive by the place's validator, with no copy (`Whole` on a scalar);
//! - a struct whose schema asserts only `type: object`, `properties`, `required`,
//!   `additionalProperties`, `min/maxProperties` and `dependentRequired`: streamed
//!   (`Obj`), each member by its own plan;
//! - an array whose schema asserts only `type: array` and `items`: streamed item by
//!   item (`Items`); with `minItems`/`maxItems` too (an array newtype), the same with
//!   the count checked at the end (`counted`);
//! - `null` where allowed (`Nullable`), recursion (`Boxed`);
//! - everything else (unions from `anyOf`/`oneOf`, `allOf`, `not`, `if`/`then`/`else`,
//!   `dependentSchemas`, `patternProperties`, `propertyNames`, constrained arrays,
//!   a `$ref` with sibling keywords): the subtree is read whole and checked by its
//!   validator (`Whole`). DESIGN allows a buffer for the first group; the rest are
//!   places this generator does not stream yet, listed here so that the gap is
//!   visible, and they are checked just the same.
//!
//! Every plan uses the same validators and the same locations as `validate_json`
//! (`Ctx::child_place` is the one rule for locations), so one rules engine decides.

use gbg_go_schema::ir::{JsonType, Keywords, NodeKind};
use gbg_go_schema::NodeId;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit_validate::{validator_ident, Ctx, Place};
use crate::plan::{Def, DefKind, Field, Ty};

/// The keywords a streamed struct's schema may assert.
const STREAMED_OBJECT: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "dependentRequired",
];

/// The keywords a streamed array's schema may assert.
const STREAMED_ARRAY: &[&str] = &["type", "items"];

/// The keywords of an array newtype streamed with its length checked on the count.
const COUNTED_ARRAY: &[&str] = &["type", "items", "minItems", "maxItems"];

fn only(k: &Keywords, allowed: &[&str], ty: JsonType) -> bool {
    k.types.as_deref() == Some(&[ty][..]) && k.assertions().iter().all(|a| allowed.contains(a))
}

impl Ctx<'_> {
    /// Whether def `d` is read member by member.
    pub(crate) fn streamed(&self, def: &Def) -> bool {
        let DefKind::Struct { .. } = def.kind else {
            return false;
        };
        self.ir
            .keywords(def.node)
            .is_some_and(|k| only(k, STREAMED_OBJECT, JsonType::Object))
    }

    /// The plan that reads a value of type `ty` at the place of schema node `node`
    /// (as declared: a `$ref`-only node validates at its target), in the short form
    /// of `__gbg_go_plan!` (the type is inferred where the plan is used).
    pub(crate) fn read_plan(&self, node: NodeId, ty: &Ty) -> TokenStream {
        let check = validator_ident(self.plan.validator(node));
        let resolved = self.ir.resolve(node);
        match ty {
            Ty::Option(inner) => {
                let inner = self.read_plan(node, inner);
                quote!(nullable [#inner] #check)
            }
            Ty::Boxed(inner) => {
                let inner = self.read_plan(node, inner);
                quote!(boxed [#inner])
            }
            Ty::Named(d)
                if self.streamed(&self.plan.defs[*d])
                    && self.plan.validator(resolved) == self.plan.defs[*d].validator =>
            {
                quote!(obj)
            }
            // An array newtype whose rules are its items' and its length.
            Ty::Named(d) if self.plan.validator(resolved) == self.plan.defs[*d].validator => {
                match (&self.plan.defs[*d].kind, self.ir.keywords(resolved)) {
                    (
                        DefKind::Newtype {
                            inner: Ty::Vec(item_ty),
                        },
                        Some(k),
                    ) if only(k, COUNTED_ARRAY, JsonType::Array) && k.items.is_some() => {
                        let items = k.items.unwrap_or(resolved);
                        let item = self.read_plan(items, item_ty);
                        let step = self.step(resolved, items, None);
                        let bound = |b: Option<u64>| match b {
                            Some(v) => quote!(#v),
                            None => quote!(_),
                        };
                        let (min, max) = (bound(k.min_items), bound(k.max_items));
                        quote!(counted [#item] #step #check min #min max #max)
                    }
                    _ => quote!(whole #check),
                }
            }
            Ty::Vec(inner) => match self.ir.keywords(resolved) {
                Some(k) if only(k, STREAMED_ARRAY, JsonType::Array) && k.items.is_some() => {
                    let items = k.items.unwrap_or(resolved);
                    let item = self.read_plan(items, inner);
                    let step = self.step(resolved, items, None);
                    quote!(items [#item] #step #check)
                }
                _ => quote!(whole #check),
            },
            Ty::String | Ty::Bool | Ty::I64 | Ty::F64
                if self
                    .ir
                    .keywords(resolved)
                    .is_some_and(|k| k.assertions() == ["type"]) =>
            {
                quote!(plain #check)
            }
            _ => quote!(whole #check),
        }
    }

    /// The plan that reads def `d` at its own schema node, and that node's location
    /// (the arguments of `impl_common!`).
    pub(crate) fn own_plan(&self, d: usize) -> (TokenStream, String) {
        let def = &self.plan.defs[d];
        (
            self.read_plan(def.node, &Ty::Named(d)),
            self.location(def.node),
        )
    }

    /// The step from a node's location to a child's, in the short form of
    /// `__gbg_go_step!`; `member` is the property's name when the child is one
    /// (`prop`: built from the key at run time, as the validators do).
    fn step(&self, parent: NodeId, child: NodeId, member: Option<&str>) -> TokenStream {
        match self.child_place(parent, child) {
            Place::Under(rel)
                if member.is_some_and(|m| {
                    rel == format!("/properties/{}", m.replace('~', "~0").replace('/', "~1"))
                }) =>
            {
                quote!(prop)
            }
            Place::Under(rel) => quote!((child #rel)),
            Place::At(abs) => quote!((at #abs)),
        }
    }

    /// `impl Streamed` for a streamed struct (through `impl_streamed!`, which keeps
    /// the generated module short).
    pub(crate) fn streamed_impl(
        &self,
        def: &Def,
        fields: &[Field],
        extra: Option<&(String, Ty)>,
    ) -> TokenStream {
        let rt = self.rt;
        let name = format_ident!("{}", def.name);
        let node = def.node;
        let Some(k) = self.ir.keywords(node) else {
            return TokenStream::new();
        };
        let check = validator_ident(def.validator);

        // Names whose presence a rule asks about but that no field holds.
        let mut watched: Vec<&str> = Vec::new();
        for name in k.required.iter().chain(
            k.dependent_required
                .iter()
                .flat_map(|(n, deps)| std::iter::once(n).chain(deps.iter())),
        ) {
            if !fields.iter().any(|f| &f.json == name) && !watched.contains(&name.as_str()) {
                watched.push(name);
            }
        }
        let presence = |json: &str| -> proc_macro2::Ident {
            match fields.iter().find(|f| f.json == json) {
                Some(f) => format_ident!("{}", f.ident),
                None => format_ident!(
                    "__seen_{}",
                    watched.iter().position(|w| *w == json).unwrap_or(0)
                ),
            }
        };

        let members = fields.iter().map(|f| {
            let id = format_ident!("{}", f.ident);
            let json = f.json.as_str();
            let req = if f.required {
                format_ident!("required")
            } else {
                format_ident!("optional")
            };
            let plan = self.read_plan(f.node, &f.ty);
            let step = self.step(node, f.node, Some(json));
            quote!(#id = #json, #req, [#plan], #step;)
        });
        let watched_flags = watched.iter().enumerate().map(|(i, w)| {
            let id = format_ident!("__seen_{}", i);
            quote!(#id = #w)
        });

        let additional = k.additional_properties;
        let closed =
            additional.is_some_and(|a| matches!(self.ir.node(a).kind, NodeKind::Bool(false)));
        let (unknown, extra_member) = match extra {
            Some((x, ty)) if !closed => {
                let x = format_ident!("{}", x);
                let (plan, step) = match additional
                    .filter(|a| !matches!(self.ir.node(*a).kind, NodeKind::Bool(true)))
                {
                    Some(a) => (self.read_plan(a, ty), self.step(node, a, None)),
                    None => (quote!(any), quote!(here)),
                };
                (quote!((extra [#plan], #step)), quote!(extra #x))
            }
            _ if closed => (quote!((closed)), TokenStream::new()),
            // An open object without a place for undeclared members cannot be
            // planned (the planner always gives one); refuse to compile rather than
            // drop them.
            _ => {
                let text = format!(
                    "gbg-go-codegen: `{}` has no place for undeclared members",
                    def.name
                );
                return quote!(::core::compile_error!(#text););
            }
        };

        let opt = |v: Option<u64>| match v {
            Some(v) => quote!(::core::option::Option::Some(#v)),
            None => quote!(::core::option::Option::None),
        };
        let (min, max) = (opt(k.min_properties), opt(k.max_properties));
        let required = k.required.iter().map(|r| {
            let id = presence(r);
            quote!(#id = #r)
        });
        let dependent = k.dependent_required.iter().flat_map(|(n, deps)| {
            let a = presence(n);
            deps.iter()
                .map(|d| {
                    let b = presence(d);
                    quote!(#a = #n => #b = #d)
                })
                .collect::<Vec<_>>()
        });
        quote! {
            #rt::impl_streamed!(#name, #check,
                fields { #(#members)* }
                watched { #(#watched_flags),* }
                unknown #unknown
                #extra_member
                rules {
                    properties #min, #max;
                    required { #(#required),* }
                    dependent { #(#dependent),* }
                }
            );
        }
    }
}
