//! Places in the generated types, addressed by payload pointer, and the settings that
//! reshape the types there ([`Reshape`]: renames and replaced types).
//!
//! One walk (`locate`) serves every setting that names a place: `reveal`,
//! `rename`, `replace`, and the per-type `derive_at` and `attribute_at`. Its rules:
//!
//! - a property name steps into the struct member of that name;
//! - `*` steps into an array's items (also an array newtype's) or into the values of
//!   an object's undeclared members (`additionalProperties`);
//! - a property name after an array or a map steps into its items first, so
//!   `/addresses/lines` and `/addresses/*/lines` name the same place;
//! - nullable values (`Option`) and boxes are stepped through;
//! - a place inside a union's alternatives (`anyOf`/`oneOf`) cannot be named.
//!
//! Types are shared between places with the same meaning and shape (the GO address is
//! one `Address`). A setting on a shared type applies wherever it is used: renaming the
//! type at `/context/subject/currentAddress` renames every address, and replacing
//! its `lines` replaces every address's lines.
//!
//! The module's own `prefill!` applies the same [`Reshape`] (the generator passes it to
//! the macro), so a typed literal names the renamed and replaced types.

use std::collections::{BTreeMap, HashMap};

use crate::plan::{DefKind, Plan, Ty};

/// Settings that change which types the module has: the typed `prefill!` must know
/// them to name the types, so they travel with the module's macro.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Reshape {
    /// `(pointer, name)`: the generated type at the place gets this name.
    pub renames: Vec<(String, String)>,
    /// `(pointer, Rust type path)`: the place holds this existing type instead of a
    /// generated one.
    pub replacements: Vec<(String, String)>,
}

impl Reshape {
    /// Whether nothing is reshaped.
    pub fn is_empty(&self) -> bool {
        self.renames.is_empty() && self.replacements.is_empty()
    }
}

/// Where a place's type is held in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Base {
    /// `Plan::root`.
    Root,
    /// A struct's member: `(def, field index)`.
    Field(usize, usize),
    /// A struct's undeclared members' value type.
    Extra(usize),
    /// A newtype's wrapped type.
    Inner(usize),
}

/// A place: the type held at `base`, then `depth` wrappers (`Vec`, `Map`, `Option`,
/// `Box`) down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Located {
    pub(crate) base: Base,
    pub(crate) depth: usize,
}

fn base_ty(plan: &Plan, base: Base) -> &Ty {
    match base {
        Base::Root => &plan.root,
        Base::Field(d, i) => match &plan.defs[d].kind {
            DefKind::Struct { fields, .. } => &fields[i].ty,
            _ => unreachable!("a field base is a struct's"),
        },
        Base::Extra(d) => match &plan.defs[d].kind {
            DefKind::Struct {
                extra: Some((_, t)),
                ..
            } => t,
            _ => unreachable!("an extra base is a struct's"),
        },
        Base::Inner(d) => match &plan.defs[d].kind {
            DefKind::Newtype { inner } => inner,
            _ => unreachable!("an inner base is a newtype's"),
        },
    }
}

fn base_ty_mut(plan: &mut Plan, base: Base) -> &mut Ty {
    match base {
        Base::Root => &mut plan.root,
        Base::Field(d, i) => match &mut plan.defs[d].kind {
            DefKind::Struct { fields, .. } => &mut fields[i].ty,
            _ => unreachable!("a field base is a struct's"),
        },
        Base::Extra(d) => match &mut plan.defs[d].kind {
            DefKind::Struct {
                extra: Some((_, t)),
                ..
            } => t,
            _ => unreachable!("an extra base is a struct's"),
        },
        Base::Inner(d) => match &mut plan.defs[d].kind {
            DefKind::Newtype { inner } => inner,
            _ => unreachable!("an inner base is a newtype's"),
        },
    }
}

fn wrapped(ty: &Ty) -> Option<&Ty> {
    match ty {
        Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => Some(t),
        _ => None,
    }
}

impl Located {
    /// The type at the place.
    pub(crate) fn ty<'p>(&self, plan: &'p Plan) -> &'p Ty {
        let mut ty = base_ty(plan, self.base);
        for _ in 0..self.depth {
            ty = wrapped(ty).expect("a located depth follows wrappers");
        }
        ty
    }

    /// The type at the place, to change it.
    fn ty_mut<'p>(&self, plan: &'p mut Plan) -> &'p mut Ty {
        let mut ty = base_ty_mut(plan, self.base);
        for _ in 0..self.depth {
            ty = match ty {
                Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => t,
                _ => unreachable!("a located depth follows wrappers"),
            };
        }
        ty
    }

    /// Step through `Option` (and `Box` when `boxes`) at the place.
    fn through_nullable(mut self, plan: &Plan, boxes: bool) -> Located {
        loop {
            match self.ty(plan) {
                Ty::Option(_) => self.depth += 1,
                Ty::Boxed(_) if boxes => self.depth += 1,
                _ => return self,
            }
        }
    }

    /// The generated type at the place, if it has one of its own.
    pub(crate) fn named(&self, plan: &Plan) -> Option<usize> {
        match self.through_nullable(plan, true).ty(plan) {
            Ty::Named(d) => Some(*d),
            _ => None,
        }
    }
}

/// The place a payload pointer names (see the module's rules).
///
/// # Errors
/// What the pointer runs into, in words (the caller adds which setting it was).
pub(crate) fn locate(plan: &Plan, pointer: &str) -> Result<Located, String> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err("a payload pointer starts with `/` (or is empty, for the root)".into());
    }
    let tokens = gbg_go_schema::pointer_tokens(pointer);
    let mut at = Located {
        base: Base::Root,
        depth: 0,
    };
    let mut walked = String::new();
    for token in &tokens {
        at = at.through_nullable(plan, true);
        if token == "*" {
            at = match at.ty(plan) {
                Ty::Vec(_) | Ty::Map(_) => Located {
                    depth: at.depth + 1,
                    ..at
                },
                Ty::Named(d) => match &plan.defs[*d].kind {
                    DefKind::Newtype {
                        inner: Ty::Vec(_) | Ty::Map(_),
                    } => Located {
                        base: Base::Inner(*d),
                        depth: 1,
                    },
                    DefKind::Struct { extra: Some(_), .. } => Located {
                        base: Base::Extra(*d),
                        depth: 0,
                    },
                    _ => {
                        return Err(format!(
                            "`*` at `{walked}` names no array items or undeclared members"
                        ))
                    }
                },
                _ => {
                    return Err(format!(
                        "`*` at `{walked}` names no array items or undeclared members"
                    ))
                }
            };
        } else {
            // A name steps into the items of arrays and maps first.
            loop {
                at = at.through_nullable(plan, true);
                match at.ty(plan) {
                    Ty::Vec(_) | Ty::Map(_) => at.depth += 1,
                    Ty::Named(d) => match &plan.defs[*d].kind {
                        DefKind::Newtype {
                            inner: Ty::Vec(_) | Ty::Map(_),
                        } => {
                            at = Located {
                                base: Base::Inner(*d),
                                depth: 1,
                            }
                        }
                        _ => break,
                    },
                    _ => break,
                }
            }
            at = match at.ty(plan) {
                Ty::Named(d) => match &plan.defs[*d].kind {
                    DefKind::Struct { fields, .. } => match fields.iter().position(|f| &f.json == token) {
                        Some(i) => Located {
                            base: Base::Field(*d, i),
                            depth: 0,
                        },
                        None => {
                            return Err(format!(
                                "the object at `{walked}` declares no property `{token}`"
                            ))
                        }
                    },
                    DefKind::Union { .. } => {
                        return Err(format!(
                            "the value at `{walked}` is one of several alternatives (anyOf/oneOf); a place inside them cannot be named"
                        ))
                    }
                    _ => return Err(format!("the value at `{walked}` is not an object")),
                },
                _ => {
                    return Err(format!(
                        "the value at `{walked}` is not an object with declared properties"
                    ))
                }
            };
        }
        walked.push('/');
        walked.push_str(&gbg_go_schema::source::escape_token(token));
    }
    Ok(at)
}

/// Why a place has no generated type to rename or decorate.
fn no_type_of_its_own(plan: &Plan, at: Located) -> &'static str {
    match at.through_nullable(plan, true).ty(plan) {
        Ty::Vec(_) | Ty::Map(_) => {
            "the value there is a plain array or map with no generated type of its own; name its items with `/*`"
        }
        _ => "the value there has no generated type of its own",
    }
}

/// Names a renamed type cannot take (the planner's reserved names).
fn reserved(name: &str) -> bool {
    crate::plan::RESERVED.contains(&name)
}

/// Apply the renames and replacements to a plan. Replacements come first: a renamed
/// place must still hold a generated type.
///
/// # Errors
/// One message per setting that does not fit, naming the setting and its pointer.
pub fn apply(plan: &mut Plan, reshape: &Reshape) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    for (pointer, path) in &reshape.replacements {
        if let Err(e) = syn::parse_str::<syn::Type>(path) {
            errors.push(format!(
                "replace(`{pointer}`, `{path}`): `{path}` is not a Rust type ({e})"
            ));
            continue;
        }
        match locate(plan, pointer) {
            // Places whose generated code converts with the runtime's own traits.
            Ok(Located { base: Base::Root, .. }) => errors.push(format!(
                "replace(`{pointer}`, `{path}`): the root is the module's `Root`; replace a place below it"
            )),
            Ok(Located { base: Base::Inner(_) | Base::Extra(_), .. }) => errors.push(format!(
                "replace(`{pointer}`, `{path}`): the items of a constrained array and the values of undeclared members cannot be replaced one by one; replace the array or object that holds them"
            )),
            Ok(at) => {
                // A nullable place keeps its `Option` (null is still allowed); a box
                // is not needed around a type of the user's own.
                let at = at.through_nullable(plan, false);
                *at.ty_mut(plan) = Ty::External(path.clone());
            }
            Err(e) => errors.push(format!("replace(`{pointer}`, `{path}`): {e}")),
        }
    }
    // A replaced place's own generated types are no longer used: they would be dead
    // public items, and their names would still be taken.
    if !reshape.replacements.is_empty() {
        plan.prune_unreachable();
    }
    let mut chosen: BTreeMap<usize, (&str, &str)> = BTreeMap::new();
    for (pointer, name) in &reshape.renames {
        if syn::parse_str::<syn::Ident>(name).is_err() || reserved(name) {
            errors.push(format!(
                "rename(`{pointer}`, `{name}`): `{name}` is not a name a type can take (an identifier, not `Root` and not a prelude or std name)"
            ));
            continue;
        }
        let d = match locate(plan, pointer) {
            Ok(at) => match at.named(plan) {
                Some(d) => d,
                None => {
                    errors.push(format!(
                        "rename(`{pointer}`, `{name}`): {}",
                        no_type_of_its_own(plan, at)
                    ));
                    continue;
                }
            },
            Err(e) => {
                errors.push(format!("rename(`{pointer}`, `{name}`): {e}"));
                continue;
            }
        };
        match chosen.get(&d) {
            Some((p, other)) if other != name => errors.push(format!(
                "rename(`{pointer}`, `{name}`): the type there is the one `{p}` renames to `{other}` (types are shared where their meaning is)"
            )),
            _ => {
                chosen.insert(d, (pointer, name));
            }
        }
    }
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (d, (_, name)) in &chosen {
        plan.defs[*d].name = (*name).to_owned();
    }
    for (d, def) in plan.defs.iter().enumerate() {
        if let Some(other) = by_name.insert(def.name.clone(), d) {
            let pointer = chosen
                .get(&d)
                .or_else(|| chosen.get(&other))
                .map_or("", |(p, _)| p);
            errors.push(format!(
                "rename(`{pointer}`, `{}`): another generated type has that name; choose another, or rename that one too",
                def.name
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The derives and attributes added to one generated type, as written by the user
/// (checked by [`decorations`], parsed where they are emitted).
#[derive(Clone, Debug, Default)]
pub struct Decor {
    /// Derive paths (`Eq`, `::schemars::JsonSchema`).
    pub derives: Vec<String>,
    /// Outer attributes (`#[non_exhaustive]`).
    pub attributes: Vec<String>,
}

/// The derives and attributes of every generated type: one [`Decor`] per item of the
/// plan, and one for the module's `Root` when it is a newtype of its own.
#[derive(Clone, Debug, Default)]
pub struct Decorations {
    by_def: Vec<Decor>,
    root: Decor,
    /// `Builder::schemars(true)`: types also carry their schema's rules into the
    /// schema schemars derives (`schemars_rules`).
    pub(crate) schemars: bool,
}

impl Decorations {
    /// What the item `d` of the plan gets (`None`: the module's `Root` newtype).
    pub fn of(&self, d: Option<usize>) -> &Decor {
        match d {
            Some(d) => &self.by_def[d],
            None => &self.root,
        }
    }

    /// The tokens of `of(d)`: the derives not already in `have` (by their last path
    /// segment), then the attributes.
    pub(crate) fn tokens(
        &self,
        d: Option<usize>,
        have: &[&str],
    ) -> (proc_macro2::TokenStream, proc_macro2::TokenStream) {
        let decor = self.of(d);
        let derives = decor
            .derives
            .iter()
            .filter_map(|text| syn::parse_str::<syn::Path>(text).ok())
            .filter(|p| {
                p.segments
                    .last()
                    .is_none_or(|s| !have.iter().any(|h| s.ident == h))
            });
        let attributes = decor.attributes.iter().flat_map(|text| {
            use syn::parse::Parser;
            syn::Attribute::parse_outer
                .parse_str(text)
                .unwrap_or_default()
        });
        (quote::quote!(#(#derives,)*), quote::quote!(#(#attributes)*))
    }
}

/// Traits the generated code implements itself: a derive would conflict, or skip
/// what the generated impl does.
const OWN_IMPLS: &[(&str, &str)] = &[
    ("Debug", "generated types implement Debug themselves, hiding personal data"),
    ("Deserialize", "generated types implement Deserialize themselves, validating as they read"),
    ("Default", "a derived Default would skip the schema's rules; generated structs whose members are all optional implement it"),
];

/// Check the added derives and attributes and assign them to the plan's items
/// (every item for the ones without a pointer). With `schemars`, every type also
/// derives `schemars::JsonSchema` through the runtime's re-export.
///
/// # Errors
/// One message per setting that does not fit.
pub fn decorations(plan: &Plan, options: &crate::Options) -> Result<Decorations, Vec<String>> {
    let mut errors = Vec::new();
    let mut out = Decorations {
        by_def: vec![Decor::default(); plan.defs.len()],
        root: Decor::default(),
        schemars: options.schemars,
    };
    let root_def = match &plan.root {
        Ty::Named(d) => Some(*d),
        _ => None,
    };
    // Where a setting goes: every item, or the one at a place.
    let targets =
        |setting: &str, at: &Option<String>, text: &str| -> Result<Vec<Option<usize>>, String> {
            match at {
                None => Ok((0..plan.defs.len())
                    .map(Some)
                    .chain(root_def.is_none().then_some(None))
                    .collect()),
                Some(pointer) if pointer.is_empty() && root_def.is_none() => Ok(vec![None]),
                Some(pointer) => match locate(plan, pointer) {
                    Ok(at) => match at.named(plan) {
                        Some(d) => Ok(vec![Some(d)]),
                        None => Err(format!(
                            "{setting}(`{pointer}`, `{text}`): {}",
                            no_type_of_its_own(plan, at)
                        )),
                    },
                    Err(e) => Err(format!("{setting}(`{pointer}`, `{text}`): {e}")),
                },
            }
        };
    let mut assigned: Vec<(Option<usize>, bool, String)> = Vec::new();
    for (at, text) in &options.derives {
        let setting = if at.is_some() { "derive_at" } else { "derive" };
        match syn::parse_str::<syn::Path>(text) {
            Err(e) => {
                errors.push(format!("{setting}(`{text}`): not a derive path ({e})"));
                continue;
            }
            Ok(path) => {
                let last = path.segments.last().map(|s| s.ident.to_string());
                if let Some((_, why)) = OWN_IMPLS.iter().find(|(t, _)| Some(*t) == last.as_deref())
                {
                    errors.push(format!("{setting}(`{text}`): {why}"));
                    continue;
                }
            }
        }
        match targets(setting, at, text) {
            Ok(ts) => assigned.extend(ts.into_iter().map(|t| (t, true, text.clone()))),
            Err(e) => errors.push(e),
        }
    }
    for (at, text) in &options.attributes {
        use syn::parse::Parser;
        let setting = if at.is_some() {
            "attribute_at"
        } else {
            "attribute"
        };
        if !text.trim_start().starts_with('#') {
            errors.push(format!(
                "{setting}(`{text}`): write the attribute whole, as `#[…]`"
            ));
            continue;
        }
        match syn::Attribute::parse_outer.parse_str(text) {
            Ok(attrs) if !attrs.is_empty() => {
                if attrs.iter().any(|a| a.path().is_ident("serde")) {
                    errors.push(format!(
                        "{setting}(`{text}`): serde attributes would change the wire form, which the schema fixes"
                    ));
                    continue;
                }
            }
            Ok(_) => {
                errors.push(format!(
                    "{setting}(`{text}`): write the attribute whole, as `#[…]`"
                ));
                continue;
            }
            Err(e) => {
                errors.push(format!("{setting}(`{text}`): not an outer attribute ({e})"));
                continue;
            }
        }
        match targets(setting, at, text) {
            Ok(ts) => assigned.extend(ts.into_iter().map(|t| (t, false, text.clone()))),
            Err(e) => errors.push(e),
        }
    }
    if options.schemars {
        let krate = format!("{}::__private::schemars", options.crate_path);
        let derive = format!("{krate}::JsonSchema");
        let attribute = format!("#[schemars(crate = {krate:?})]");
        for t in (0..plan.defs.len())
            .map(Some)
            .chain(root_def.is_none().then_some(None))
        {
            assigned.push((t, true, derive.clone()));
            assigned.push((t, false, attribute.clone()));
        }
    }
    for (t, is_derive, text) in assigned {
        let decor = match t {
            Some(d) => &mut out.by_def[d],
            None => &mut out.root,
        };
        let list = if is_derive {
            &mut decor.derives
        } else {
            &mut decor.attributes
        };
        if !list.contains(&text) {
            list.push(text);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The rules of a type's own schema node that the schema schemars derives should
/// carry, as the JSON object of those keywords (`None` when there are none): every
/// keyword of the source object except annotations and identifiers, verbatim, when
/// its value means the same inside the derived 2020-12 document. A keyword whose
/// value holds a `$ref` (it would resolve against the derived document) or a
/// draft-07 keyword that 2020-12 reads otherwise (`dependencies`, `additionalItems`,
/// array-form `items`) is left to what schemars derives from the Rust types:
/// tests/generated/schemars-losses.txt lists what that loses on the fixtures.
pub fn schemars_rules(ir: &gbg_go_schema::Ir, node: gbg_go_schema::NodeId) -> Option<String> {
    use serde_json::Value;
    const SKIP: &[&str] = &[
        "$schema",
        "$id",
        "$defs",
        "definitions",
        "$comment",
        "$anchor",
        "$dynamicAnchor",
        "$recursiveAnchor",
        "title",
        "description",
        "examples",
        "default",
        "readOnly",
        "writeOnly",
        "deprecated",
    ];
    let draft7 = ir.dialect == gbg_go_schema::ir::Dialect::Draft7;
    fn portable(v: &Value, draft7: bool) -> bool {
        match v {
            Value::Object(m) => m.iter().all(|(k, v)| {
                !matches!(
                    k.as_str(),
                    "$ref" | "$dynamicRef" | "$recursiveRef" | "$id" | "$anchor" | "$dynamicAnchor"
                ) && !(draft7
                    && (matches!(k.as_str(), "dependencies" | "additionalItems")
                        || k == "items" && v.is_array()))
                    && portable(v, draft7)
            }),
            Value::Array(items) => items.iter().all(|v| portable(v, draft7)),
            _ => true,
        }
    }
    let location = &ir.node(node).location;
    let raw = ir.files[location.file.0 as usize]
        .value
        .pointer(&location.pointer)?;
    let Value::Object(members) = raw else {
        return None;
    };
    let mut keep = serde_json::Map::new();
    for (k, v) in members {
        if SKIP.contains(&k.as_str()) {
            continue;
        }
        let mut one = serde_json::Map::new();
        one.insert(k.clone(), v.clone());
        if portable(&Value::Object(one), draft7) {
            keep.insert(k.clone(), v.clone());
        }
    }
    (!keep.is_empty()).then(|| Value::Object(keep).to_string())
}
