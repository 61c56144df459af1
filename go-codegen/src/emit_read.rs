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
//!   `additionalProperties`, `min/maxProperties`, `dependentRequired`,
//!   `propertyNames` and `patternProperties`: streamed (`Obj`), each member by its
//!   own plan, each key checked against `propertyNames` as it arrives; a declared
//!   member whose name a pattern matches is read whole (its own subtree) and judged
//!   by its property's schema and each such pattern (`Judged`), and undeclared
//!   members by the patterns their keys match or `additionalProperties`
//!   (`PatternRest`); `if`/`then`/`else` whose condition reads only declared scalar
//!   members is decided once the members are read, on those members' values as read
//!   (kept even when they break their own rules) and the names present
//!   (`member_kept`, `conditional`);
//! - an array whose schema asserts only `type: array` and `items`: streamed item by
//!   item (`Items`); with `minItems`/`maxItems` too (an array newtype), the same with
//!   the count checked at the end (`counted`); an array of scalars also with
//!   `uniqueItems` and `contains` (`min`/`maxContains`), decided on the items' values
//!   as read (`KeptRules`: a scalar's copy each, kept even when an item breaks its
//!   own rules);
//! - an object with no declared properties, held as a map: with only
//!   `additionalProperties` (a schema), `min/maxProperties`, `required` and
//!   `propertyNames`, streamed member by member (`Entries`), each value by its plan;
//!   with `patternProperties` (JSON values), each value checked by the patterns its
//!   key matches or by `additionalProperties` (`PatternEntries`);
//! - `null` where allowed (`Nullable`), recursion (`Boxed`);
//! - everything else (unions from `anyOf`/`oneOf`, `not`, `dependentSchemas`, other
//!   `if`/`then`/`else`, `allOf` branches that are not plain objects, arrays of
//!   objects with `uniqueItems` or `contains`, a `$ref` with sibling keywords): the
//!   subtree is read whole and checked by its validator (`Whole`). DESIGN allows a
//!   buffer for most of these; `uniqueItems` on arrays of objects and `allOf`
//!   branches with `patternProperties` or `propertyNames` are places this generator
//!   does not stream yet, listed here so that the gap is visible, and they are
//!   checked just the same.
//!
//! Every plan uses the same validators and the same locations as `validate_json`
//! (`Ctx::child_place` is the one rule for locations), so one rules engine decides.

use gbg_go_schema::ir::{JsonType, Keywords, NodeKind};
use gbg_go_schema::NodeId;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit_validate::{Ctx, Place};
use crate::plan::{Def, DefKind, Field, Ty};

/// Where a layer of a merged struct (its own schema, or an `allOf` branch) lies,
/// seen from the struct's location.
pub(crate) enum Layer {
    /// The struct's own schema.
    Here,
    /// Under the struct's location (`/allOf/0`).
    Under(String),
    /// Elsewhere (a `$ref`'d branch): `file#/pointer`.
    At(String),
}

/// The keywords a streamed struct's schema may assert.
const STREAMED_OBJECT: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "propertyNames",
    "patternProperties",
];

/// The keywords each layer of a struct merged from `allOf` branches may assert.
const LAYERED_OBJECT: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "dependentRequired",
];

/// The keywords the schema of a streamed map (an object with no declared
/// properties, `BTreeMap<String, T>`) may assert.
const STREAMED_MAP: &[&str] = &[
    "type",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "required",
    "propertyNames",
];

/// The keywords the schema of a streamed map with `patternProperties` may assert.
const STREAMED_PATTERN_MAP: &[&str] = &[
    "type",
    "patternProperties",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "required",
    "propertyNames",
];

/// The keywords a streamed array's schema may assert.
const STREAMED_ARRAY: &[&str] = &["type", "items"];

/// The keywords of an array newtype streamed with its length checked on the count.
const COUNTED_ARRAY: &[&str] = &["type", "items", "minItems", "maxItems"];

/// The keywords a streamed array of scalars may assert: the same, with the rules
/// decided on the items' values as read.
const KEPT_ARRAY: &[&str] = &[
    "type",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
];

/// `Some(n)` or `None` as tokens (a limit the generated code passes on).
fn option_tokens(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn only(k: &Keywords, allowed: &[&str], ty: JsonType) -> bool {
    k.types.as_deref() == Some(&[ty][..]) && k.assertions().iter().all(|a| allowed.contains(a))
}

impl Ctx<'_> {
    /// Whether def `d` is read member by member.
    pub(crate) fn streamed(&self, def: &Def) -> bool {
        let DefKind::Struct { fields, .. } = &def.kind else {
            return false;
        };
        self.ir.keywords(def.node).is_some_and(|k| {
            let mut allowed = STREAMED_OBJECT.to_vec();
            if self.sibling_condition(k, fields).is_some() {
                allowed.extend(["if", "then", "else"]);
            }
            only(k, &allowed, JsonType::Object)
                // A member that a pattern also judges is read as JSON, which a type
                // of the user's own cannot take: such a struct is read whole.
                && (k.pattern_properties.is_empty() || !fields.iter().any(|f| f.ty.holds_external()))
        })
            // A layered struct reads a member several layers judge as JSON, which
            // a type of the user's own cannot take: such a struct is read whole.
            || self.layers(def).is_some() && !fields.iter().any(|f| f.ty.holds_external())
    }

    /// `if`/`then`/`else` whose condition reads only declared members (DESIGN: checked
    /// on the typed fields once the object is read): the condition asserts only
    /// `type: object`, `properties` (whose schemas assert only `const`, `enum` and
    /// `type`) and `required`; the branches only `type: object`, `properties` and
    /// `required`; every property they name is a declared member holding a scalar.
    /// Returns the members whose values they read and the names whose presence
    /// they ask about.
    pub(crate) fn sibling_condition(
        &self,
        k: &Keywords,
        fields: &[Field],
    ) -> Option<(Vec<String>, Vec<String>)> {
        let condition = k.if_?;
        let scalar = |ty: &Ty| self.scalar_like(ty);
        let mut keep: Vec<String> = Vec::new();
        let mut presence: Vec<String> = Vec::new();
        let mut part = |node: NodeId, members: &[&str]| -> Option<()> {
            let k = self.ir.keywords(self.ir.resolve(node))?;
            if !matches!(k.types.as_deref(), None | Some([JsonType::Object]))
                || !k
                    .assertions()
                    .iter()
                    .all(|a| ["type", "properties", "required"].contains(a))
            {
                return None;
            }
            for (name, child) in &k.properties {
                let ck = self.ir.keywords(self.ir.resolve(*child))?;
                if !ck.assertions().iter().all(|a| members.contains(a)) {
                    return None;
                }
                let f = fields.iter().find(|f| &f.json == name)?;
                if !scalar(&f.ty) {
                    return None;
                }
                if !keep.contains(name) {
                    keep.push(name.clone());
                }
            }
            for name in &k.required {
                if !presence.contains(name) {
                    presence.push(name.clone());
                }
            }
            Some(())
        };
        // The condition's properties read only values; a branch's may assert
        // anything about the scalar they hold.
        part(condition, &["const", "enum", "type"])?;
        let any: &[&str] = &[
            "type",
            "const",
            "enum",
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ];
        if let Some(t) = k.then_ {
            part(t, any)?;
        }
        if let Some(e) = k.else_ {
            part(e, any)?;
        }
        presence.retain(|n| !keep.contains(n));
        Some((keep, presence))
    }

    /// Whether values of `ty` are JSON scalars (or `null`), so that keeping a value's
    /// JSON as it is read costs a scalar's copy: strings, numbers, booleans, string
    /// enums and newtypes over them.
    fn scalar_like(&self, ty: &Ty) -> bool {
        let ty = match ty {
            Ty::Option(t) => t,
            t => t,
        };
        match ty {
            Ty::String | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Unit => true,
            Ty::Named(d) => match &self.plan.defs[*d].kind {
                DefKind::StringEnum { .. } => true,
                DefKind::Newtype { inner } => {
                    matches!(inner, Ty::String | Ty::I64 | Ty::F64 | Ty::Bool)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// For a struct merged from `allOf` branches that are plain objects: the layers
    /// whose rules apply to its members (its own schema first, then each branch),
    /// each with its place from the struct's location. `None` when the struct is
    /// not such a merge (then it is streamed plainly, or read whole).
    fn layers(&self, def: &Def) -> Option<Vec<(NodeId, Layer)>> {
        let DefKind::Struct { .. } = def.kind else {
            return None;
        };
        let k = self.ir.keywords(def.node)?;
        let plain = |k: &Keywords, allowed: &[&str]| {
            matches!(k.types.as_deref(), None | Some([JsonType::Object]))
                && k.assertions().iter().all(|a| allowed.contains(a))
                && k.additional_properties
                    .is_none_or(|a| matches!(self.ir.node(a).kind, NodeKind::Bool(_)))
        };
        let mut own: Vec<&str> = LAYERED_OBJECT.to_vec();
        own.push("allOf");
        if k.all_of.is_empty() || !plain(k, &own) {
            return None;
        }
        let mut layers = vec![(def.node, Layer::Here)];
        for b in &k.all_of {
            let resolved = self.ir.resolve(*b);
            let bk = self.ir.keywords(resolved)?;
            if !plain(bk, LAYERED_OBJECT) {
                return None;
            }
            let at = match self.child_place(def.node, *b) {
                Place::Under(rel) => Layer::Under(rel),
                Place::At(abs) => Layer::At(abs),
            };
            layers.push((resolved, at));
        }
        Some(layers)
    }

    /// The step from the struct's location to `child`, a subschema of the layer
    /// `layer` found at `at`.
    fn layer_step(&self, layer: NodeId, at: &Layer, child: NodeId) -> TokenStream {
        let rt = self.rt;
        match (self.child_place(layer, child), at) {
            (Place::At(abs), _) => quote!(#rt::Step::Root(#abs)),
            (Place::Under(rel), Layer::Here) => quote!(#rt::Step::Child(#rel)),
            (Place::Under(rel), Layer::Under(lrel)) => {
                let joined = format!("{lrel}{rel}");
                quote!(#rt::Step::Child(#joined))
            }
            (Place::Under(rel), Layer::At(labs)) => {
                let joined = format!("{labs}{rel}");
                quote!(#rt::Step::Root(#joined))
            }
        }
    }

    /// Whether def is a struct merged from plain object layers.
    pub(crate) fn is_layered(&self, def: &Def) -> bool {
        self.layers(def).is_some()
    }

    /// The step from the struct's location to a layer's own location.
    fn layer_here(&self, at: &Layer) -> TokenStream {
        let rt = self.rt;
        match at {
            Layer::Here => quote!(#rt::Step::Here),
            Layer::Under(rel) => quote!(#rt::Step::Child(#rel)),
            Layer::At(abs) => quote!(#rt::Step::Root(#abs)),
        }
    }

    /// The plan that reads a value of type `ty` at the place of schema node `node`
    /// (as declared: a `$ref`-only node validates at its target), as a Rust
    /// expression building the `__private` plan (the type is inferred where the plan
    /// is used).
    pub(crate) fn read_plan(&self, node: NodeId, ty: &Ty) -> TokenStream {
        let rt = self.rt;
        let check = self.plan.validator_ident(self.plan.validator(node));
        let resolved = self.ir.resolve(node);
        match ty {
            Ty::External(_) => quote!(#rt::Foreign::new(#check)),
            Ty::Option(inner) => {
                let inner = self.read_plan(node, inner);
                quote!(#rt::Nullable::new(#inner, #check))
            }
            Ty::Boxed(inner) => {
                let inner = self.read_plan(node, inner);
                quote!(#rt::Boxed::new(#inner))
            }
            Ty::Named(d)
                if self.streamed(&self.plan.defs[*d])
                    && self.plan.validator(resolved) == self.plan.defs[*d].validator =>
            {
                quote!(#rt::Obj::new())
            }
            // An array newtype whose rules are its items' and its length.
            Ty::Named(d) if self.plan.validator(resolved) == self.plan.defs[*d].validator => {
                match (&self.plan.defs[*d].kind, self.ir.keywords(resolved)) {
                    (
                        DefKind::Newtype {
                            inner: Ty::Vec(item_ty),
                        },
                        Some(k),
                    ) if k.items.is_some()
                        && (only(k, COUNTED_ARRAY, JsonType::Array)
                            || only(k, KEPT_ARRAY, JsonType::Array)
                                && self.scalar_like(item_ty)) =>
                    {
                        let items = k.items.unwrap_or(resolved);
                        let item = self.read_plan(items, item_ty);
                        let step = self.step(resolved, items, None);
                        let (min, max) = (option_tokens(k.min_items), option_tokens(k.max_items));
                        // `uniqueItems` and `contains` of scalars: decided on the
                        // items' values as read.
                        let kept = (k.unique_items || k.contains.is_some()).then(|| {
                            let contains = match k.contains {
                                Some(c) => {
                                    let f = self.plan.validator_ident(self.plan.validator(c));
                                    let least = k.min_contains.unwrap_or(1);
                                    let most = option_tokens(k.max_contains);
                                    let explicit = k.min_contains.is_some();
                                    quote! {
                                        ::core::option::Option::Some((#f as #rt::CheckFn, #least, #most, #explicit))
                                    }
                                }
                                None => quote!(::core::option::Option::None),
                            };
                            let unique = k.unique_items;
                            quote!(.kept(#rt::KeptRules { unique: #unique, contains: #contains }))
                        });
                        quote! {
                            #rt::Wrapped::new(#rt::Items::counted(#item, #step, #check, #min, #max)#kept)
                        }
                    }
                    _ => quote!(#rt::Whole::new(#check)),
                }
            }
            Ty::Map(inner) => match self.ir.keywords(resolved) {
                Some(k)
                    if only(k, STREAMED_MAP, JsonType::Object)
                        && k.additional_properties.is_some_and(|a| {
                            !matches!(self.ir.node(a).kind, NodeKind::Bool(_))
                        }) =>
                {
                    let ap = k.additional_properties.unwrap_or(resolved);
                    let value = self.read_plan(ap, inner);
                    let step = self.step(resolved, ap, None);
                    let rules = self.map_rules(k);
                    quote!(#rt::Entries::new(#value, #step, #check, #rules))
                }
                // With `patternProperties` (the values are JSON): each value checked
                // by the patterns its key matches, or by `additionalProperties`.
                Some(k)
                    if **inner == Ty::Value
                        && !k.pattern_properties.is_empty()
                        && only(k, STREAMED_PATTERN_MAP, JsonType::Object) =>
                {
                    let patterns = self.pattern_rules(resolved, k);
                    let rules = self.map_rules(k);
                    quote!(#rt::PatternEntries::new(#patterns, #check, #rules))
                }
                _ => quote!(#rt::Whole::new(#check)),
            },
            Ty::Vec(inner) => match self.ir.keywords(resolved) {
                Some(k) if only(k, STREAMED_ARRAY, JsonType::Array) && k.items.is_some() => {
                    let items = k.items.unwrap_or(resolved);
                    let item = self.read_plan(items, inner);
                    let step = self.step(resolved, items, None);
                    quote!(#rt::Items::new(#item, #step, #check))
                }
                _ => quote!(#rt::Whole::new(#check)),
            },
            Ty::String | Ty::Bool | Ty::I64 | Ty::F64
                if self
                    .ir
                    .keywords(resolved)
                    .is_some_and(|k| k.assertions() == ["type"]) =>
            {
                quote!(#rt::Plain::new(#check))
            }
            _ => quote!(#rt::Whole::new(#check)),
        }
    }

    /// `patternProperties` and what becomes of keys no pattern matches, as a
    /// `__private::PatternRules` expression (each pattern with its check and step;
    /// unmatched keys open, closed or checked), each place from the object's `node`.
    fn pattern_rules(&self, node: NodeId, k: &Keywords) -> TokenStream {
        let rt = self.rt;
        let patterns = k.pattern_properties.iter().map(|(pat, n)| {
            let f = self.plan.validator_ident(self.plan.validator(*n));
            let step = self.step(node, *n, None);
            // Each pattern compiled once, in a static of its own.
            quote! {
                #rt::PatternRule {
                    cell: {
                        static RE: ::std::sync::OnceLock<::core::option::Option<#rt::Regex>> =
                            ::std::sync::OnceLock::new();
                        &RE
                    },
                    source: #pat,
                    check: #f,
                    step: #step,
                }
            }
        });
        let unmatched = match k.additional_properties {
            None => quote!(#rt::Unmatched::Open),
            Some(a) => match self.ir.node(a).kind {
                NodeKind::Bool(true) => quote!(#rt::Unmatched::Open),
                NodeKind::Bool(false) => quote!(#rt::Unmatched::Closed),
                NodeKind::Schema(_) => {
                    let f = self.plan.validator_ident(self.plan.validator(a));
                    let step = self.step(node, a, None);
                    quote!(#rt::Unmatched::Check(#f, #step))
                }
            },
        };
        quote! {
            #rt::PatternRules {
                patterns: {
                    static RULES: &[#rt::PatternRule] = &[#(#patterns),*];
                    RULES
                },
                unmatched: #unmatched,
            }
        }
    }

    /// A map's rules on its keys (sizes, required names, `propertyNames`), as the
    /// `__private::MapRules` expression the map plans share.
    fn map_rules(&self, k: &Keywords) -> TokenStream {
        let rt = self.rt;
        let (min, max) = (
            option_tokens(k.min_properties),
            option_tokens(k.max_properties),
        );
        let required = &k.required;
        let names = match k.property_names {
            Some(n) => {
                let f = self.plan.validator_ident(self.plan.validator(n));
                quote!(::core::option::Option::Some(#f as #rt::CheckFn))
            }
            None => quote!(::core::option::Option::None),
        };
        quote! {
            #rt::MapRules { min: #min, max: #max, required: &[#(#required),*], names: #names }
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

    /// The step from a node's location to a child's, a `__private::Step`
    /// expression; `member` is the property's name when the child is one
    /// (`prop`: `Loc::property`, built from the key at run time).
    fn step(&self, parent: NodeId, child: NodeId, member: Option<&str>) -> TokenStream {
        let rt = self.rt;
        match self.child_place(parent, child) {
            Place::Under(rel)
                if member.is_some_and(|m| {
                    rel == format!("/properties/{}", gbg_go_schema::source::escape_token(m))
                }) =>
            {
                quote!(#rt::Step::Property)
            }
            Place::Under(rel) => quote!(#rt::Step::Child(#rel)),
            Place::At(abs) => quote!(#rt::Step::Root(#abs)),
        }
    }

    /// Whether a streamed struct is filled in place (`impl_streamed!`'s `in_place`
    /// mode): it starts from a blank value, which needs a blank for every required
    /// member's type (optional members and maps start empty).
    pub(crate) fn fills_in_place(&self, def: &Def) -> bool {
        self.fills_in_place_at(def, 0)
    }

    fn fills_in_place_at(&self, def: &Def, depth: usize) -> bool {
        let DefKind::Struct { fields, .. } = &def.kind else {
            return false;
        };
        // A required chain this deep is no payload's; stop rather than recurse.
        depth < 32
            && self.streamed(def)
            && !self.is_layered(def)
            && fields
                .iter()
                .filter(|f| f.required)
                .all(|f| self.has_blank(&f.ty, depth + 1))
    }

    /// Whether a member type has a `Blank` (see [`fills_in_place`](Self::fills_in_place)):
    /// the standard types, and the structs filled in place. A `Box` would allocate, and
    /// the user's own types have none.
    pub(crate) fn has_blank(&self, ty: &Ty, depth: usize) -> bool {
        match ty {
            Ty::String
            | Ty::I64
            | Ty::F64
            | Ty::Bool
            | Ty::Unit
            | Ty::Value
            | Ty::Vec(_)
            | Ty::Map(_)
            | Ty::Option(_) => true,
            Ty::Named(d) => {
                let def = &self.plan.defs[*d];
                match &def.kind {
                    DefKind::Struct { .. } => self.fills_in_place_at(def, depth),
                    DefKind::StringEnum { variants } => !variants.is_empty(),
                    DefKind::Newtype { inner } => depth < 32 && self.has_blank(inner, depth + 1),
                    DefKind::Union { .. } | DefKind::Pending => false,
                }
            }
            Ty::Boxed(_) | Ty::External(_) => false,
        }
    }

    /// `impl Streamed` for a streamed struct, written out as text after the struct
    /// (see `Ctx::written`): `read_map` visits the members as they arrive, each read
    /// by its plan at its place, undeclared members kept (`extra`) or reported
    /// (`closed`), then checks the object's own rules on what was read;
    /// `check_members` checks a built value by the same rules. Returns tokens only
    /// for a struct that cannot be planned (a `compile_error!`).
    ///
    /// Filled in place (every required member's type has a `Blank`), the struct
    /// starts blank and each member is read where it lies, so a large struct is never
    /// built and then moved; otherwise each member is read into a local slot and the
    /// struct is built from them at the end.
    pub(crate) fn streamed_impl(
        &self,
        def: &Def,
        fields: &[Field],
        extra: Option<&(String, Ty)>,
    ) -> TokenStream {
        use std::fmt::Write as _;

        use crate::emit_impls::lit;
        use crate::text::expr;

        let name = def.name.as_str();
        let node = def.node;
        let Some(k) = self.ir.keywords(node) else {
            return TokenStream::new();
        };
        let validator = |n: NodeId| {
            self.plan
                .validator_ident(self.plan.validator(n))
                .to_string()
        };
        // Locals carry a prefix no other local has: written-out code has no macro
        // hygiene, and a member may be called `mark` or `key`.
        // (`_2fa` gives `seen_2fa`, snake case; a stem taken twice gets its index.)
        let mut stems: Vec<String> = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            let stem = f
                .ident
                .trim_start_matches("r#")
                .trim_start_matches('_')
                .to_owned();
            let stem = if stem.is_empty() || stems.contains(&stem) {
                format!("{stem}_{i}")
            } else {
                stem
            };
            stems.push(stem);
        }
        let stem = |f: &Field| {
            let i = fields.iter().position(|g| std::ptr::eq(g, f)).unwrap_or(0);
            stems[i].clone()
        };
        let seen = |f: &Field| format!("seen_{}", stem(f));
        let slot = |f: &Field| format!("slot_{}", stem(f));

        let conditional = self.sibling_condition(k, fields);
        // Names whose presence a rule asks about but that no field holds.
        let mut watched: Vec<&str> = Vec::new();
        let condition_names: Vec<&String> = conditional
            .iter()
            .flat_map(|(_, presence)| presence.iter())
            .collect();
        for name in k
            .required
            .iter()
            .chain(
                k.dependent_required
                    .iter()
                    .flat_map(|(n, deps)| std::iter::once(n).chain(deps.iter())),
            )
            .chain(condition_names.iter().copied())
        {
            if !fields.iter().any(|f| &f.json == name) && !watched.contains(&name.as_str()) {
                watched.push(name);
            }
        }
        // The flag that says whether a name was seen: its field's, or a watched one's.
        let presence = |json: &str| -> String {
            match fields.iter().find(|f| f.json == json) {
                Some(f) => seen(f),
                None => format!(
                    "watched_{}",
                    watched.iter().position(|w| *w == json).unwrap_or(0)
                ),
            }
        };

        let additional = k.additional_properties;
        let closed =
            additional.is_some_and(|a| matches!(self.ir.node(a).kind, NodeKind::Bool(false)));
        enum Unknown {
            Patterns(String),
            Extra(String, String),
            Closed,
        }
        let (unknown, extra_member) = match extra {
            // With `patternProperties` (undeclared members are JSON values).
            Some((x, _)) if !k.pattern_properties.is_empty() => (
                Unknown::Patterns(expr(&self.pattern_rules(node, k))),
                Some(x.as_str()),
            ),
            Some((x, ty)) if !closed => {
                let (plan, step) = match additional
                    .filter(|a| !matches!(self.ir.node(*a).kind, NodeKind::Bool(true)))
                {
                    Some(a) => (
                        expr(&self.read_plan(a, ty)),
                        expr(&self.step(node, a, None)),
                    ),
                    None => (
                        "__rt::Whole::new(__rt::accept_any)".to_owned(),
                        "__rt::Step::Here".to_owned(),
                    ),
                };
                (Unknown::Extra(plan, step), Some(x.as_str()))
            }
            _ if closed => (Unknown::Closed, None),
            // An open object without a place for undeclared members cannot be
            // planned (the planner always gives one); refuse to compile rather than
            // drop them.
            _ => {
                let text = format!("gbg-go-codegen: `{name}` has no place for undeclared members");
                return quote!(::core::compile_error!(#text););
            }
        };

        // The patterns each declared name matches, decided here with the engine the
        // validators use at run time.
        let compiled: Vec<(NodeId, Option<gbg_go_schema::check::Pattern>)> = k
            .pattern_properties
            .iter()
            .map(|(pat, n)| (*n, gbg_go_schema::check::compile_pattern(pat).ok()))
            .collect();
        // Each member's plan and step.
        let plans: Vec<(String, String)> = fields
            .iter()
            .map(|f| {
                let matched: Vec<NodeId> = compiled
                    .iter()
                    .filter(|(_, re)| {
                        re.as_ref()
                            .is_some_and(|re| gbg_go_schema::check::pattern_matches(re, &f.json))
                    })
                    .map(|(n, _)| *n)
                    .collect();
                if matched.is_empty() {
                    (
                        expr(&self.read_plan(f.node, &f.ty)),
                        expr(&self.step(node, f.node, Some(&f.json))),
                    )
                } else {
                    // Its property's schema and every pattern it matches judge it.
                    let checks: Vec<String> = std::iter::once(f.node)
                        .chain(matched)
                        .map(|n| format!("({}, {})", validator(n), expr(&self.step(node, n, None))))
                        .collect();
                    (
                        format!(
                            "__rt::Judged::new({{ static CHECKS: &[(__rt::CheckFn, __rt::Step)] = &[{}]; CHECKS }})",
                            checks.join(", ")
                        ),
                        "__rt::Step::Here".to_owned(),
                    )
                }
            })
            .collect();
        // Each member's plan is written once, in a private function of the struct
        // (`lines_plan`), which `read_map` and `check_members` both call.
        let mut plan_fns: Vec<String> = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            // (`_2fa` keeps its underscore, `type_` drops its own: `_2fa_plan`,
            // `type_plan`; a name taken twice, or a member's, gets the index.)
            let base = f.ident.trim_start_matches("r#").trim_end_matches('_');
            let name = format!("{base}_plan");
            let taken = base.is_empty()
                || plan_fns.contains(&name)
                || fields
                    .iter()
                    .any(|g| g.ident.trim_start_matches("r#") == name);
            plan_fns.push(if taken {
                format!("member_{i}_plan")
            } else {
                name
            });
        }
        let mut plan_impl = format!(
            "// How each member is read and checked: `read_map` and `check_members` below\n// call these.\nimpl {name} {{\n"
        );
        for ((f, (plan, _)), fn_name) in fields.iter().zip(&plans).zip(&plan_fns) {
            let ty = expr(&self.ty(&f.ty));
            let _ = write!(
                plan_impl,
                "    #[inline]\n    fn {fn_name}() -> impl __rt::Plan<{ty}> {{\n        {plan}\n    }}\n"
            );
        }
        plan_impl.push_str("}\n");
        let plans: Vec<(String, String)> = plans
            .into_iter()
            .zip(&plan_fns)
            .map(|((_, step), fn_name)| (format!("Self::{fn_name}()"), step))
            .collect();
        let (min, max) = (
            expr(&option_tokens(k.min_properties)),
            expr(&option_tokens(k.max_properties)),
        );
        // The object's own rules; `present` spells whether a name is there.
        let object_rules = |out: &str, n: &str, present: &dyn Fn(&str) -> String| {
            let required: Vec<String> = k
                .required
                .iter()
                .map(|r| format!("({}, {})", present(r), lit(r)))
                .collect();
            let dependent: Vec<String> = k
                .dependent_required
                .iter()
                .flat_map(|(n, deps)| {
                    deps.iter()
                        .map(|d| {
                            format!("({}, {}, {}, {})", present(n), present(d), lit(n), lit(d))
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            format!(
                "__rt::object_rules(\n            {out},\n            p,\n            l,\n            {n},\n            {min},\n            {max},\n            &[{}],\n            &[{}],\n        );\n",
                required.join(", "),
                dependent.join(", ")
            )
        };
        // `propertyNames`: each key checked as it arrives.
        let names = k.property_names.map(validator);
        // `if`/`then`/`else` on siblings, decided once the members are read.
        let condition = conditional.as_ref().map(|(keep, presence)| {
            let declared: Vec<&String> = presence
                .iter()
                .filter(|n| fields.iter().any(|f| &&f.json == n))
                .collect();
            let branch = |b: Option<NodeId>| match b {
                Some(b) => format!(
                    "::core::option::Option::Some(({} as __rt::CheckFn, {}))",
                    validator(b),
                    expr(&self.step(node, b, None))
                ),
                None => "::core::option::Option::None".to_owned(),
            };
            let strings =
                |list: &[&String]| list.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", ");
            (
                keep.clone(),
                declared
                    .iter()
                    .map(|s| (*s).clone())
                    .collect::<Vec<String>>(),
                format!("&[{}]", strings(&keep.iter().collect::<Vec<_>>())),
                format!("&[{}]", strings(&declared)),
                validator(k.if_.unwrap_or(node)),
                branch(k.then_),
                branch(k.else_),
            )
        });
        let watched_flags: Vec<String> = watched
            .iter()
            .enumerate()
            .map(|(i, w)| format!("(watched_{i}, {})", lit(w)))
            .collect();
        let in_place = self.fills_in_place(def);

        let mut t = String::new();
        // ---- read_map's body, indented by 8 ----
        let mut body = String::new();
        let b = &mut body;
        let _ = writeln!(b, "        let mark = s.mark();");
        for f in fields {
            let _ = writeln!(b, "        let mut {} = false;", seen(f));
            if !in_place {
                let _ = writeln!(
                    b,
                    "        let mut {} = ::core::option::Option::None;",
                    slot(f)
                );
            }
        }
        for i in 0..watched.len() {
            let _ = writeln!(b, "        let mut watched_{i} = false;");
        }
        let _ = writeln!(b, "        let mut n: u64 = 0;");
        let _ = writeln!(
            b,
            "        // A member read but not built (reported by its plan)."
        );
        let _ = writeln!(b, "        let mut failed = false;");
        let rest_new = match &unknown {
            Unknown::Patterns(_) => "__rt::PatternRest::new()",
            Unknown::Extra(..) => "__rt::Rest::new()",
            Unknown::Closed => "__rt::Closed::new()",
        };
        let _ = writeln!(b, "        let mut rest = {rest_new};");
        if let Unknown::Patterns(rules) = &unknown {
            let _ = writeln!(b, "        let patterns = {rules};");
        }
        if let Some((_, _, keep, pres, ..)) = &condition {
            let _ = writeln!(
                b,
                "        // `if`/`then`/`else` on siblings: the members it reads are kept.\n        let keep: &[&str] = {keep};\n        let presence: &[&str] = {pres};\n        let mut kept: ::std::vec::Vec<(&'static str, __rt::Value)> = ::std::vec::Vec::new();"
            );
        }
        let _ = writeln!(b, "        while let ::core::option::Option::Some(key) = a.next_key_seed(__rt::KeySeed)? {{");
        let _ = writeln!(b, "            n += 1;");
        if let Some(names) = &names {
            let _ = writeln!(
                b,
                "            __rt::check_name(&mut s.out, p, l, key.as_str(), {names});"
            );
        }
        let read_rest = match &unknown {
            Unknown::Patterns(_) => {
                "rest.read_by_patterns(&mut a, key, &patterns, s, p, l)?;".to_owned()
            }
            Unknown::Extra(plan, step) => {
                format!("rest.read(&mut a, key, {plan}, {step}, s, p, l)?;")
            }
            Unknown::Closed => "rest.read(&mut a, key, s, p, l)?;".to_owned(),
        };
        let _ = writeln!(b, "            match key.as_str() {{");
        for (f, (plan, step)) in fields.iter().zip(&plans) {
            let place = if in_place {
                if f.required {
                    format!("__rt::InPlace(&mut this.{})", f.ident)
                } else {
                    format!("&mut this.{}", f.ident)
                }
            } else {
                format!("&mut {}", slot(f))
            };
            // Only the members a condition on siblings reads are kept: every other
            // member takes the plain `member` call.
            let kept = condition.as_ref().is_some_and(|(keep, presence, ..)| {
                keep.iter().chain(presence).any(|n| *n == f.json)
            });
            let json = lit(&f.json);
            let flag = format!("&mut {}", seen(f));
            let read = if kept {
                crate::text::call(
                    "                    ",
                    "failed |= !__rt::member_kept",
                    &[
                        &["&mut a", "&key", &flag],
                        &[plan, step],
                        &["s", "p", "l", &place],
                        &[&json, "keep", "presence", "&mut kept"],
                    ],
                    "?;",
                )
            } else {
                crate::text::call(
                    "                    ",
                    "failed |= !__rt::read_member",
                    &[
                        &["&mut a", "&key", &flag],
                        &[plan, step],
                        &["s", "p", "l", &place],
                    ],
                    "?;",
                )
            };
            let _ = writeln!(
                b,
                "                {json} => {{\n{read}\n                }}"
            );
        }
        for (i, w) in watched.iter().enumerate() {
            let _ = writeln!(
                b,
                "                {} => {{\n                    watched_{i} = true;\n                    {read_rest}\n                }}",
                lit(w)
            );
        }
        let _ = writeln!(b, "                _ => {{\n                    {read_rest}\n                }}\n            }}\n        }}");
        let _ = write!(
            b,
            "        let mut rules = ::std::vec::Vec::new();\n        {}",
            object_rules("&mut rules", "n", &presence)
        );
        let _ = writeln!(b, "        s.insert_at(mark, rules);");
        if let Some((.., ifc, then, otherwise)) = &condition {
            let _ = writeln!(
                b,
                "        __rt::conditional(\n            &mut s.out,\n            p,\n            l,\n            kept,\n            &[{}],\n            {ifc},\n            {then},\n            {otherwise},\n        );",
                watched_flags.join(", ")
            );
        }
        let unbuilt = if in_place { "false" } else { "()" };
        let _ = writeln!(
            b,
            "        if !s.clean_since(mark) {{\n            return ::core::result::Result::Ok({unbuilt});\n        }}\n        if failed {{\n            s.shape::<()>(p, \"a member\");\n            return ::core::result::Result::Ok({unbuilt});\n        }}"
        );
        if in_place {
            if let Some(x) = extra_member {
                let _ = writeln!(b, "        this.{x} = rest.into_map();");
            }
            let _ = writeln!(b, "        ::core::result::Result::Ok(true)");
        } else {
            let _ = writeln!(b, "        *out = ::core::option::Option::Some(Self {{");
            for f in fields {
                let value = if f.required {
                    slot(f)
                } else {
                    format!("__rt::optional(({}, {}))", seen(f), slot(f))
                };
                let _ = writeln!(
                    b,
                    "            {}: match {value} {{\n                ::core::option::Option::Some(v) => v,\n                ::core::option::Option::None => {{\n                    s.shape::<()>(p, \"a member\");\n                    return ::core::result::Result::Ok(());\n                }}\n            }},",
                    f.ident
                );
            }
            if let Some(x) = extra_member {
                let _ = writeln!(b, "            {x}: rest.into_map(),");
            }
            let _ = writeln!(b, "        }});\n        ::core::result::Result::Ok(())");
        }

        // ---- check_members's body ----
        let mut cm = String::new();
        let c = &mut cm;
        let keys = extra_member.map(|x| format!("self.{x}"));
        // Whether a name is there in a built value: a required member always is;
        // an optional one when `Some`; an undeclared name when the extra members
        // hold it.
        let built_presence = |json: &str| -> String {
            match fields.iter().find(|f| f.json == json) {
                Some(f) if f.required => "true".to_owned(),
                Some(f) => format!("self.{}.is_some()", f.ident),
                None => format!(
                    "watched_{}",
                    watched.iter().position(|w| *w == json).unwrap_or(0)
                ),
            }
        };
        for (i, w) in watched.iter().enumerate() {
            match &keys {
                Some(keys) => {
                    let _ = writeln!(
                        c,
                        "        let watched_{i} = __rt::Keys::has(&{keys}, {});",
                        lit(w)
                    );
                }
                None => {
                    let _ = writeln!(c, "        let watched_{i} = false;");
                }
            }
        }
        let n = match &keys {
            Some(keys) => format!("__rt::Keys::count(&{keys}) as u64 + members.counted"),
            None => "members.counted".to_owned(),
        };
        let _ = writeln!(
            c,
            "        let mut members = __rt::MemberChecks::new(p, l);"
        );
        if let Some(names) = &names {
            for f in fields {
                if f.required {
                    let _ = writeln!(c, "        members.name({}, {names});", lit(&f.json));
                } else {
                    let _ = writeln!(
                        c,
                        "        if {} {{\n            members.name({}, {names});\n        }}",
                        built_presence(&f.json),
                        lit(&f.json)
                    );
                }
            }
            if let Some(keys) = &keys {
                let _ = writeln!(
                    c,
                    "        for key in __rt::Keys::names(&{keys}) {{\n            members.name(key, {names});\n        }}"
                );
            }
        }
        for (f, (plan, step)) in fields.iter().zip(&plans) {
            let req = if f.required { "required" } else { "optional" };
            let member = format!("&self.{}", f.ident);
            let json = lit(&f.json);
            let _ = writeln!(
                c,
                "{}",
                crate::text::call(
                    "        ",
                    &format!("members.{req}"),
                    &[&[&member, &json], &[plan, step]],
                    ";",
                )
            );
        }
        match (&unknown, &keys) {
            (Unknown::Extra(plan, step), Some(keys)) => {
                let _ = writeln!(
                    c,
                    "        __rt::check_rest(&{keys}, {plan}, {step}, &mut members.out, p, l);"
                );
            }
            (Unknown::Patterns(rules), Some(keys)) => {
                let _ = writeln!(
                    c,
                    "        __rt::check_pattern_rest(&{keys}, &{rules}, &mut members.out, p, l);"
                );
            }
            _ => {}
        }
        let _ = write!(c, "        {}", object_rules("out", &n, &built_presence));
        let _ = writeln!(c, "        out.append(&mut members.out);");
        if let Some((keep, declared, _, _, ifc, then, otherwise)) = &condition {
            let _ = writeln!(c, "        let mut kept: ::std::vec::Vec<(&'static str, __rt::Value)> = ::std::vec::Vec::new();");
            for f in fields {
                let req = if f.required { "required" } else { "optional" };
                if keep.contains(&f.json) {
                    let _ = writeln!(
                        c,
                        "        if let ::core::option::Option::Some(v) = __rt::slot::{req}::value(&self.{}) {{\n            kept.push(({}, v));\n        }}",
                        f.ident,
                        lit(&f.json)
                    );
                } else if declared.contains(&f.json) && f.required {
                    let _ = writeln!(
                        c,
                        "        kept.push(({}, __rt::Value::Null));",
                        lit(&f.json)
                    );
                } else if declared.contains(&f.json) {
                    let _ = writeln!(
                        c,
                        "        if {} {{\n            kept.push(({}, __rt::Value::Null));\n        }}",
                        built_presence(&f.json),
                        lit(&f.json)
                    );
                }
            }
            let _ = writeln!(
                c,
                "        __rt::conditional(\n            out,\n            p,\n            l,\n            kept,\n            &[{}],\n            {ifc},\n            {then},\n            {otherwise},\n        );",
                watched_flags.join(", ")
            );
        }

        // ---- the impls ----
        if !fields.is_empty() {
            t.push_str(&plan_impl);
        }
        let sig = "s: &mut __rt::Sink,\n        p: &__rt::Path<'_>,\n        l: &__rt::Loc<'_>,";
        if in_place {
            let _ = writeln!(t, "impl __rt::Blank for {name} {{\n    #[inline]\n    fn blank() -> Self {{\n        Self {{");
            for f in fields {
                let _ = writeln!(t, "            {}: __rt::Blank::blank(),", f.ident);
            }
            if let Some(x) = extra_member {
                let _ = writeln!(t, "            {x}: __rt::Blank::blank(),");
            }
            let _ = writeln!(t, "        }}\n    }}\n}}");
        }
        let _ = writeln!(t, "impl __rt::Streamed for {name} {{");
        if in_place {
            let _ = writeln!(
                t,
                "    #[inline]\n    fn blank() -> ::core::option::Option<Self> {{\n        ::core::option::Option::Some(<Self as __rt::Blank>::blank())\n    }}\n    #[inline]\n    fn read_map<'de, A: __rt::serde::de::MapAccess<'de>>(\n        a: A,\n        {sig}\n        out: &mut ::core::option::Option<Self>,\n    ) -> ::core::result::Result<(), A::Error> {{\n        let this = out.insert(<Self as __rt::Blank>::blank());\n        if !Self::read_map_in_place(a, s, p, l, this)? {{\n            *out = ::core::option::Option::None;\n        }}\n        ::core::result::Result::Ok(())\n    }}\n    fn read_map_in_place<'de, A: __rt::serde::de::MapAccess<'de>>(\n        mut a: A,\n        {sig}\n        this: &mut Self,\n    ) -> ::core::result::Result<bool, A::Error> {{"
            );
        } else {
            let _ = writeln!(
                t,
                "    fn read_map<'de, A: __rt::serde::de::MapAccess<'de>>(\n        mut a: A,\n        {sig}\n        out: &mut ::core::option::Option<Self>,\n    ) -> ::core::result::Result<(), A::Error> {{"
            );
        }
        t.push_str(&body);
        let _ = writeln!(
            t,
            "    }}\n    #[inline]\n    fn check_members(\n        &self,\n        out: &mut ::std::vec::Vec<__rt::Violation>,\n        p: &__rt::Path<'_>,\n        l: &__rt::Loc<'_>,\n    ) {{"
        );
        t.push_str(&cm);
        let _ = writeln!(t, "    }}\n}}");
        self.written.borrow_mut().push_str(&t);
        TokenStream::new()
    }
}

impl Ctx<'_> {
    /// `impl Streamed` for a struct merged from `allOf` branches (see
    /// [`layers`](Self::layers)): each member is checked against every layer that
    /// declares it, each layer's closedness is checked against the keys read, and each
    /// layer's object rules on what was read, every violation at its layer's place.
    /// A member that one layer alone describes is read by its plan in one pass; one
    /// that several layers describe (or that a closed layer forbids) is read whole,
    /// as DESIGN's table allows for that member's subtree.
    pub(crate) fn layered_impl(
        &self,
        def: &Def,
        fields: &[Field],
        extra: Option<&(String, Ty)>,
    ) -> TokenStream {
        let rt = self.rt;
        let Some(layers) = self.layers(def) else {
            return TokenStream::new();
        };
        let name = format_ident!("{}", def.name);
        let check = self.plan.validator_ident(def.validator);
        let kw = |n: NodeId| self.ir.keywords(n);
        let closed_layer = |n: NodeId| {
            kw(n)
                .and_then(|k| k.additional_properties)
                .is_some_and(|a| matches!(self.ir.node(a).kind, NodeKind::Bool(false)))
        };
        let closed_steps: Vec<TokenStream> = layers
            .iter()
            .filter(|(n, _)| closed_layer(*n))
            .map(|(_, at)| self.layer_here(at))
            .collect();

        // Every name some layer declares, in order.
        let mut names: Vec<&str> = Vec::new();
        for (n, _) in &layers {
            for (p, _) in kw(*n).map(|k| k.properties.as_slice()).unwrap_or_default() {
                if !names.contains(&p.as_str()) {
                    names.push(p);
                }
            }
        }
        let slot = |f: &Field| format_ident!("__m_{}", f.ident.trim_start_matches('_'));
        let mut decls = Vec::new();
        for f in fields {
            let m = slot(f);
            decls.push(quote! {
                let mut #m: #rt::Slot<_> = (false, ::core::option::Option::None);
            });
        }
        let extra_ident = extra.map(|(x, _)| format_ident!("{}", x));
        let mut arms = Vec::new();
        for key in &names {
            let declaring: Vec<(NodeId, &Layer, NodeId)> = layers
                .iter()
                .filter_map(|(n, at)| {
                    kw(*n)?
                        .properties
                        .iter()
                        .find(|(p, _)| p == key)
                        .map(|(_, c)| (*n, at, *c))
                })
                .collect();
            let excluded: Vec<TokenStream> = layers
                .iter()
                .filter(|(n, _)| {
                    closed_layer(*n)
                        && !kw(*n).is_some_and(|k| k.properties.iter().any(|(p, _)| p == key))
                })
                .map(|(_, at)| self.layer_here(at))
                .collect();
            let checks = declaring.iter().map(|(n, at, c)| {
                let f = self.plan.validator_ident(self.plan.validator(*c));
                let step = self.layer_step(*n, at, *c);
                quote!((#f as #rt::CheckFn, #step))
            });
            let read_whole = |out: TokenStream| {
                quote! {
                    #rt::read_layered(&mut a, &key, s, p, l, &[#(#checks),*], &[#(#excluded),*], #out)?;
                }
            };
            let body = match fields.iter().find(|f| f.json == *key) {
                Some(f) => {
                    let m = slot(f);
                    let read = if declaring.len() == 1 && excluded.is_empty() {
                        let (n, at, c) = &declaring[0];
                        let plan = self.read_plan(*c, &f.ty);
                        let step = self.layer_step(*n, at, *c);
                        quote! {
                            #rt::member(&mut a, &key, #plan, #step, s, p, l, &mut #m.1)?;
                        }
                    } else {
                        read_whole(quote!(&mut #m.1))
                    };
                    quote! {
                        if #m.0 {
                            return ::core::result::Result::Err(#rt::duplicate(&key));
                        }
                        #m.0 = true;
                        #read
                    }
                }
                None => {
                    let read = read_whole(quote!(&mut ::core::option::Option::<#rt::Value>::None));
                    quote! {
                        if seen.iter().any(|k| k == key.as_str()) {
                            return ::core::result::Result::Err(#rt::duplicate(&key));
                        }
                        seen.push(::std::string::String::from(key.as_str()));
                        #read
                    }
                }
            };
            arms.push(quote!(#key => { #body }));
        }
        let keep = match &extra_ident {
            Some(x) => quote! {
                if let ::core::option::Option::Some(v) = v {
                    #x.insert(::std::string::String::from(key.as_str()), v);
                }
            },
            None => quote!(drop(v);),
        };
        let extra_decl = extra_ident
            .as_ref()
            .map(|x| quote!(let mut #x = ::std::collections::BTreeMap::new();));

        // Each layer's object rules, at the layer's place.
        let present = |json: &str| -> TokenStream {
            match fields.iter().find(|f| f.json == json) {
                Some(f) => {
                    let m = slot(f);
                    quote!(#m.0)
                }
                None => quote!(seen.iter().any(|k| k == #json)),
            }
        };
        // Each layer's object rules, at the layer's place, through the one runtime
        // function every streamed object reports its rules with.
        let mut rules = Vec::new();
        for (n, at) in &layers {
            let Some(k) = kw(*n) else { continue };
            if k.min_properties.is_none()
                && k.max_properties.is_none()
                && k.required.is_empty()
                && k.dependent_required.is_empty()
            {
                continue;
            }
            let here = self.layer_here(at);
            let (min, max) = (
                option_tokens(k.min_properties),
                option_tokens(k.max_properties),
            );
            let required = k.required.iter().map(|r| {
                let has = present(r);
                quote!((#has, #r))
            });
            let dependent = k.dependent_required.iter().flat_map(|(a, deps)| {
                let has_a = present(a);
                deps.iter()
                    .map(|d| {
                        let has_d = present(d);
                        quote!((#has_a, #has_d, #a, #d))
                    })
                    .collect::<Vec<_>>()
            });
            rules.push(quote! {
                #rt::object_rules(
                    &mut rules, p, &#here.under(l, ""), n, #min, #max,
                    &[#(#required),*],
                    &[#(#dependent),*],
                );
            });
        }
        let members = fields.iter().map(|f| {
            let id = format_ident!("{}", f.ident);
            let m = slot(f);
            let req = if f.required {
                format_ident!("required")
            } else {
                format_ident!("optional")
            };
            quote! {
                #id: match #rt::#req(#m) {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => {
                        s.shape::<()>(p, "a member");
                        return ::core::result::Result::Ok(());
                    }
                },
            }
        });
        let extra_member = extra_ident.as_ref().map(|x| quote!(#x,));
        quote! {
            impl #rt::Streamed for #name {
                #[allow(unused_mut, unused_variables, unused_assignments)]
                fn read_map<'de, A: #rt::serde::de::MapAccess<'de>>(
                    mut a: A,
                    s: &mut #rt::Sink,
                    p: &#rt::Path<'_>,
                    l: &#rt::Loc<'_>,
                    out: &mut ::core::option::Option<Self>,
                ) -> ::core::result::Result<(), A::Error> {
                    let mark = s.mark();
                    #(#decls)*
                    #extra_decl
                    let mut seen: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                    let mut n: u64 = 0;
                    while let ::core::option::Option::Some(key) = a.next_key_seed(#rt::KeySeed)? {
                        n += 1;
                        match key.as_str() {
                            #(#arms)*
                            _ => {
                                if seen.iter().any(|k| k == key.as_str()) {
                                    return ::core::result::Result::Err(#rt::duplicate(&key));
                                }
                                seen.push(::std::string::String::from(key.as_str()));
                                let mut v: ::core::option::Option<#rt::Value> = ::core::option::Option::None;
                                #rt::read_layered(&mut a, &key, s, p, l, &[], &[#(#closed_steps),*], &mut v)?;
                                #keep
                            }
                        }
                    }
                    let mut rules = ::std::vec::Vec::new();
                    #(#rules)*
                    s.insert_at(mark, rules);
                    if !s.clean_since(mark) {
                        return ::core::result::Result::Ok(());
                    }
                    *out = ::core::option::Option::Some(Self {
                        #(#members)*
                        #extra_member
                    });
                    ::core::result::Result::Ok(())
                }

                fn check_members(
                    &self,
                    out: &mut ::std::vec::Vec<#rt::Violation>,
                    p: &#rt::Path<'_>,
                    l: &#rt::Loc<'_>,
                ) {
                    // Several layers judge the same members: checked on the JSON form.
                    #check(&#rt::to_value(self), p, l, out);
                }
            }
        }
    }
}
