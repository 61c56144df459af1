//! Plan the Rust items for an IR: deduplicate structurally identical schemas, map
//! each to a Rust type, and give every named type a readable, unique name.
//!
//! This pass builds no tokens; `emit` turns the plan into code.

use std::collections::{BTreeMap, HashMap, HashSet};

use gbg_go_schema::ir::{JsonType, Keywords, NodeKind};
use gbg_go_schema::naming::{pascal_case, singular, snake_case, words};
use gbg_go_schema::{Ir, NodeId};
use serde_json::Value;

/// A Rust type expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `String`
    String,
    /// `i64`
    I64,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `()` for `"type": "null"`
    Unit,
    /// `serde_json::Value`
    Value,
    /// `Vec<T>`
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`
    Map(Box<Ty>),
    /// `Option<T>` (the schema allows null)
    Option(Box<Ty>),
    /// `Box<T>` (breaks a recursive type)
    Boxed(Box<Ty>),
    /// A generated item, by index into [`Plan::defs`].
    Named(usize),
    /// A type of the user's own at this place (`Builder::replace`): a Rust type path.
    /// Its value is read whole, checked against the place's schema, then handed to
    /// its serde impls.
    External(String),
}

/// A generated item.
#[derive(Debug)]
pub struct Def {
    /// The Rust name (final after [`Plan::build`]).
    pub name: String,
    /// The schema node it comes from (the class representative).
    pub node: NodeId,
    /// Validator index for its node.
    pub validator: usize,
    /// What kind of item.
    pub kind: DefKind,
    /// Every schema node it stands for (`node` first): a struct shared by shape is
    /// one item for several places.
    pub uses: Vec<NodeId>,
    candidates: Vec<String>,
    parent: Option<usize>,
}

/// The shape of a generated item.
#[derive(Debug)]
pub enum DefKind {
    /// An object with declared properties.
    Struct {
        /// Declared properties, in source order.
        fields: Vec<Field>,
        /// Where unknown members go (`None` when the schema closes the object).
        extra: Option<(String, Ty)>,
        /// The schema has rules across members that the field types cannot hold
        /// (`if`/`then`, `dependentRequired`, `minProperties`, …): fields are private
        /// and every constructor and setter validates.
        sealed: bool,
    },
    /// A string `enum`.
    StringEnum {
        /// `(variant ident, JSON value)`
        variants: Vec<(String, String)>,
    },
    /// A constrained scalar or array, checked on construction.
    Newtype {
        /// The wrapped type.
        inner: Ty,
    },
    /// `anyOf` / `oneOf` without a common type: one variant per branch.
    Union {
        /// `(variant ident, branch validator, type)`
        variants: Vec<(String, usize, Ty)>,
    },
    /// Placeholder while the node is being planned.
    Pending,
}

/// A struct field.
#[derive(Debug)]
pub struct Field {
    /// The JSON member name.
    pub json: String,
    /// The Rust field name.
    pub ident: String,
    /// The value type (without the `Option` for optional fields).
    pub ty: Ty,
    /// Whether the member is required.
    pub required: bool,
    /// Doc comment.
    pub doc: Option<String>,
    /// The member's schema (as declared: possibly a `$ref`).
    pub node: NodeId,
}

/// The whole plan.
#[derive(Debug)]
pub struct Plan {
    /// Generated items, in discovery order.
    pub defs: Vec<Def>,
    /// The root type.
    pub root: Ty,
    /// Representative node of each validator, in emission order.
    pub validators: Vec<NodeId>,
    /// Validator index of every node.
    pub validator_of: HashMap<NodeId, usize>,
    /// Each validator's function name, by what it checks (`rule_names`).
    pub validator_names: Vec<String>,
}

impl Plan {
    /// Whether the module's `Root` is its own checked newtype around the root type:
    /// when the root is not a generated item (a string, a number, any value), whose
    /// plain type would deserialize unchecked. Otherwise `Root` is an alias of the
    /// root's generated item. The generator and the typed `prefill!` both follow this.
    pub fn root_is_newtype(&self) -> bool {
        !matches!(self.root, Ty::Named(_))
    }

    /// Plan the items for `ir`; `root_name` names the root type when it has no title.
    pub fn build(ir: &Ir, root_name: &str) -> Plan {
        let classes = classify(ir);
        let mut p = Planner {
            ir,
            classes,
            plan: Plan {
                defs: Vec::new(),
                root: Ty::Value,
                validators: Vec::new(),
                validator_of: HashMap::new(),
                validator_names: Vec::new(),
            },
            def_of_class: HashMap::new(),
            def_of_meaning: HashMap::new(),
            ref_targets: ref_targets(ir),
            stack: Vec::new(),
        };
        p.collect_validators();
        p.plan.validator_names = rule_names(ir, &p.plan.validators);
        let root = p.ty(ir.root, vec![pascal_case(root_name)], None);
        p.plan.root = root;
        p.finish_names();
        p.plan
    }

    /// The validator index for a node.
    pub fn validator(&self, id: NodeId) -> usize {
        self.validator_of[&id]
    }

    /// The function name of validator `i`: what it checks
    /// (`check_string_min_length_1`), or for rules that do not fit a name, the place
    /// they were first met (`check_current_address`).
    pub fn validator_ident(&self, i: usize) -> proc_macro2::Ident {
        quote::format_ident!("{}", self.validator_names[i])
    }
}

/// One name per validator, each unique in the module (a second rule that would get
/// a taken name gets `_2`, `_3`, …, in validator order). A rule made only of a type
/// and limits is named after them, so a rule several places share reads the same
/// everywhere (`check_string_min_length_1`); anything else (objects, arrays of a
/// shape, patterns, enums, composites) after the place it was first met, the last
/// meaningful token of its pointer (`check_country`, `check_emails_item`).
fn rule_names(ir: &Ir, validators: &[NodeId]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    validators
        .iter()
        .map(|&id| {
            // One underscore between words, none at the end: rustc's snake case.
            let words = rule_words(ir, id);
            let words: Vec<&str> = words.split('_').filter(|w| !w.is_empty()).collect();
            let base = if words.is_empty() {
                "check_member".to_owned()
            } else {
                format!("check_{}", words.join("_"))
            };
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// The words of a rule's name (see [`rule_names`]).
fn rule_words(ir: &Ir, id: NodeId) -> String {
    let k = match &ir.node(id).kind {
        NodeKind::Bool(true) => return "any_value".into(),
        NodeKind::Bool(false) => return "nothing".into(),
        NodeKind::Schema(k) => k,
    };
    let simple = k.reference.is_none()
        && k.enumeration.is_none()
        && k.constant.is_none()
        && k.pattern.is_none()
        && k.properties.is_empty()
        && k.required.is_empty()
        && k.additional_properties.is_none()
        && k.pattern_properties.is_empty()
        && k.property_names.is_none()
        && k.min_properties.is_none()
        && k.max_properties.is_none()
        && k.dependent_required.is_empty()
        && k.dependent_schemas.is_empty()
        && k.prefix_items.is_empty()
        && k.items.is_none()
        && k.contains.is_none()
        && k.all_of.is_empty()
        && k.any_of.is_empty()
        && k.one_of.is_empty()
        && k.not.is_none()
        && k.if_.is_none();
    if !simple {
        return place_words(&ir.node(id).location.pointer);
    }
    let number = |n: &serde_json::Number| {
        n.to_string()
            .replace('-', "minus_")
            .replace(['.', '+'], "_")
            .to_ascii_lowercase()
    };
    let mut words: Vec<String> = Vec::new();
    if let Some(types) = &k.types {
        let names: Vec<String> = types
            .iter()
            .map(|t| snake_case(&format!("{t:?}")).trim_matches('_').to_owned())
            .collect();
        words.push(names.join("_or_"));
    }
    for (word, limit) in [
        ("min_length", k.min_length),
        ("max_length", k.max_length),
        ("min_items", k.min_items),
        ("max_items", k.max_items),
    ] {
        if let Some(limit) = limit {
            words.push(format!("{word}_{limit}"));
        }
    }
    for (word, bounds) in [("minimum", &k.minimum), ("maximum", &k.maximum)] {
        for b in bounds {
            let word = if b.exclusive {
                format!("exclusive_{word}")
            } else {
                word.to_owned()
            };
            words.push(format!("{word}_{}", number(&b.value)));
        }
    }
    if let Some(m) = &k.multiple_of {
        words.push(format!("multiple_of_{}", number(m)));
    }
    if k.unique_items {
        words.push("unique_items".into());
    }
    if let Some(f) = k.format {
        words.push(format!(
            "format_{}",
            snake_case(f.as_str()).trim_matches('_')
        ));
    }
    if words.is_empty() {
        "any_value".into()
    } else {
        words.join("_")
    }
}

/// A place's name from its pointer: its last token that is not a keyword, in snake
/// case, followed by what the keywords after it say (`…/emails/items` →
/// `emails_item`); `root` for the document itself.
fn place_words(pointer: &str) -> String {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let word = |t: &str| snake_case(t).trim_matches('_').to_owned();
    let mut suffix: Vec<String> = Vec::new();
    let mut i = tokens.len();
    while i > 0 {
        let t = tokens[i - 1].as_str();
        let parent = if i >= 2 { tokens[i - 2].as_str() } else { "" };
        let named = matches!(
            parent,
            "properties" | "definitions" | "$defs" | "patternProperties" | "dependentSchemas"
        );
        if named {
            let mut words = vec![word(t)];
            words.extend(suffix.iter().rev().cloned());
            let name = words.join("_");
            return if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                format!("member_{name}")
            } else {
                name
            };
        }
        match t {
            "items" | "additionalItems" | "prefixItems" => suffix.push("item".into()),
            "additionalProperties" => suffix.push("extra".into()),
            "then" | "else" | "if" | "not" | "contains" | "propertyNames" => suffix.push(word(t)),
            _ if parent == "allOf" || parent == "anyOf" || parent == "oneOf" => {
                suffix.push("branch".into())
            }
            _ => {}
        }
        i -= 1;
    }
    let mut words = vec!["root".to_owned()];
    words.extend(suffix.iter().rev().cloned());
    words.join("_")
}

/// Assign every node a structural class: nodes with the same assertions over the
/// same child classes share one. Titles, descriptions and locations do not count.
fn classify(ir: &Ir) -> Vec<usize> {
    let mut memo: HashMap<NodeId, usize> = HashMap::new();
    let mut interner: HashMap<String, usize> = HashMap::new();
    let mut on_stack: HashSet<NodeId> = HashSet::new();
    for i in 0..ir.nodes.len() {
        shape(
            ir,
            NodeId(i as u32),
            &mut memo,
            &mut interner,
            &mut on_stack,
        );
    }
    (0..ir.nodes.len())
        .map(|i| memo[&NodeId(i as u32)])
        .collect()
}

fn shape(
    ir: &Ir,
    id: NodeId,
    memo: &mut HashMap<NodeId, usize>,
    interner: &mut HashMap<String, usize>,
    on_stack: &mut HashSet<NodeId>,
) -> usize {
    if let Some(c) = memo.get(&id) {
        return *c;
    }
    let text = if !on_stack.insert(id) {
        // A cycle: identify by the node itself (never merged with anything else).
        format!("cycle#{}", id.0)
    } else {
        let t = match &ir.node(id).kind {
            NodeKind::Bool(b) => format!("bool:{b}"),
            NodeKind::Schema(k) => {
                let mut k: Keywords = (**k).clone();
                let mut map =
                    |n: &mut NodeId| *n = NodeId(shape(ir, *n, memo, interner, on_stack) as u32);
                k.reference.iter_mut().for_each(&mut map);
                k.properties.iter_mut().for_each(|(_, n)| map(n));
                k.additional_properties.iter_mut().for_each(&mut map);
                k.pattern_properties.iter_mut().for_each(|(_, n)| map(n));
                k.property_names.iter_mut().for_each(&mut map);
                k.dependent_schemas.iter_mut().for_each(|(_, n)| map(n));
                k.prefix_items.iter_mut().for_each(&mut map);
                k.items.iter_mut().for_each(&mut map);
                k.contains.iter_mut().for_each(&mut map);
                k.all_of.iter_mut().for_each(&mut map);
                k.any_of.iter_mut().for_each(&mut map);
                k.one_of.iter_mut().for_each(&mut map);
                k.not.iter_mut().for_each(&mut map);
                k.if_.iter_mut().for_each(&mut map);
                k.then_.iter_mut().for_each(&mut map);
                k.else_.iter_mut().for_each(&mut map);
                shape_key(&k)
            }
        };
        on_stack.remove(&id);
        t
    };
    if let Some(c) = memo.get(&id) {
        return *c;
    }
    let next = interner.len();
    let c = *interner.entry(text).or_insert(next);
    if !on_stack.contains(&id) {
        memo.insert(id, c);
    }
    c
}

/// Why two places may share one newtype or enum.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Meaning {
    /// Both are references to this `$ref` target.
    Ref(NodeId),
    /// The same member (by its candidate name) of the same parent type.
    Place(Option<usize>, String),
}

/// How an item is reused by later places.
#[derive(Clone, Copy)]
enum Share {
    /// Structs and unions: every identical shape is one type.
    ByShape,
    /// Newtypes and string enums: only places of one [`Meaning`].
    ByMeaning,
}

/// Every node some `$ref` points at, resolved.
fn ref_targets(ir: &Ir) -> HashSet<NodeId> {
    (0..ir.nodes.len())
        .filter_map(|i| ir.keywords(NodeId(i as u32)).and_then(|k| k.reference))
        .map(|r| ir.resolve(r))
        .collect()
}

struct Planner<'a> {
    ir: &'a Ir,
    classes: Vec<usize>,
    plan: Plan,
    /// Structs and unions: shared by shape (identical object shapes are one type).
    def_of_class: HashMap<usize, usize>,
    /// Scalar and array newtypes and string enums: shared only by meaning (see
    /// [`Meaning`]), never merely because two places look alike.
    def_of_meaning: HashMap<(usize, Meaning), usize>,
    /// Every node some `$ref` points at (after resolution).
    ref_targets: HashSet<NodeId>,
    stack: Vec<usize>,
}

impl Planner<'_> {
    /// One validator per class reachable from the root, numbered in DFS pre-order.
    fn collect_validators(&mut self) {
        let mut by_class: HashMap<usize, usize> = HashMap::new();
        let mut seen: HashSet<NodeId> = HashSet::new();
        let mut stack = vec![self.ir.root];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let class = self.classes[id.index()];
            let idx = *by_class.entry(class).or_insert_with(|| {
                self.plan.validators.push(id);
                self.plan.validators.len() - 1
            });
            self.plan.validator_of.insert(id, idx);
            if let Some(k) = self.ir.keywords(id) {
                let mut kids = k.children();
                // A boolean `additionalProperties` is inlined by the emitter, not called.
                if let Some(ap) = k
                    .additional_properties
                    .filter(|a| matches!(self.ir.node(*a).kind, NodeKind::Bool(_)))
                {
                    if let Some(pos) = kids.iter().position(|c| *c == ap) {
                        kids.remove(pos);
                    }
                }
                kids.reverse();
                stack.extend(kids);
            }
        }
    }

    fn keywords(&self, id: NodeId) -> Option<&Keywords> {
        self.ir.keywords(self.ir.resolve(id))
    }

    /// A new item for `node`, registered for reuse: structs and unions by shape
    /// (`share` is `None`), newtypes and enums by their [`Meaning`].
    fn new_def(
        &mut self,
        node: NodeId,
        candidates: Vec<String>,
        parent: Option<usize>,
        share: Share,
    ) -> usize {
        let class = self.classes[node.index()];
        let idx = self.plan.defs.len();
        let validator = self.plan.validator(node);
        let name = candidates.first().cloned().unwrap_or_default();
        self.plan.defs.push(Def {
            name: String::new(),
            node,
            validator,
            kind: DefKind::Pending,
            uses: vec![node],
            candidates,
            parent,
        });
        match share {
            Share::ByShape => self.def_of_class.insert(class, idx),
            Share::ByMeaning => self
                .def_of_meaning
                .insert((class, self.meaning(node, parent, name)), idx),
        };
        idx
    }

    /// What a newtype or enum at `node` means: its `$ref` target when it is one (every
    /// reference to it means the same thing), else its place (the parent type and the
    /// member's name).
    fn meaning(&self, node: NodeId, parent: Option<usize>, name: String) -> Meaning {
        if self.ref_targets.contains(&node) {
            Meaning::Ref(node)
        } else {
            Meaning::Place(parent, name)
        }
    }

    /// The Rust type for a node, planning named items as needed.
    fn ty(&mut self, id: NodeId, names: Vec<String>, parent: Option<usize>) -> Ty {
        let id = self.ir.resolve(id);
        let class = self.classes[id.index()];
        // A struct or union of this shape, or a newtype or enum of this meaning (a
        // class is one or the other, so at most one map holds it).
        let name = names.first().cloned().unwrap_or_default();
        let shared = self.def_of_class.get(&class).copied().or_else(|| {
            self.def_of_meaning
                .get(&(class, self.meaning(id, parent, name)))
                .copied()
        });
        if let Some(d) = shared {
            self.plan.defs[d].candidates.extend(names);
            if !self.plan.defs[d].uses.contains(&id) {
                self.plan.defs[d].uses.push(id);
            }
            return if self.stack.contains(&d) {
                Ty::Boxed(Box::new(Ty::Named(d)))
            } else {
                Ty::Named(d)
            };
        }
        let Some(k) = self.ir.keywords(id) else {
            return Ty::Value;
        };
        let k = k.clone();
        let mut names = names;
        // A `$defs` entry is named by its key (a title, below, wins over it).
        if let Some(key) = defs_key(&self.ir.node(id).location.pointer) {
            names.insert(0, pascal_case(&key));
        }
        if let Some(title) = &self.ir.node(id).title {
            names.insert(0, pascal_case(title));
        }
        self.ty_of_keywords(id, &k, names, parent)
    }

    fn ty_of_keywords(
        &mut self,
        id: NodeId,
        k: &Keywords,
        names: Vec<String>,
        parent: Option<usize>,
    ) -> Ty {
        let types = effective_types(self.ir, k);
        let (nullable, base): (bool, Vec<JsonType>) = match &types {
            Some(t) => (
                t.contains(&JsonType::Null) && t.len() > 1,
                t.iter().copied().filter(|t| *t != JsonType::Null).collect(),
            ),
            None => (false, Vec::new()),
        };
        let ty = match (types.as_ref(), base.as_slice()) {
            (None, _) => {
                if !k.any_of.is_empty() || !k.one_of.is_empty() {
                    self.union(id, k, names, parent)
                } else if let Some(r) = k.reference {
                    self.ty(r, names, parent)
                } else {
                    Ty::Value
                }
            }
            (Some(_), []) => Ty::Unit,
            (Some(_), [JsonType::String]) => {
                let strings = k
                    .enumeration
                    .as_ref()
                    .filter(|e| e.iter().all(Value::is_string) && !e.is_empty());
                if let Some(values) = strings {
                    let values: Vec<String> = values
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect();
                    self.string_enum(id, values, names, parent)
                } else if has_scalar_constraints(k) {
                    self.newtype(id, Ty::String, names, parent)
                } else {
                    Ty::String
                }
            }
            (Some(_), [JsonType::Integer]) => self.scalar(id, k, Ty::I64, names, parent),
            (Some(_), [JsonType::Number]) => self.scalar(id, k, Ty::F64, names, parent),
            (Some(_), [JsonType::Boolean]) => self.scalar(id, k, Ty::Bool, names, parent),
            (Some(_), [JsonType::Array]) => self.array(id, k, names, parent),
            (Some(_), [JsonType::Object]) => self.object(id, k, names, parent),
            _ => Ty::Value,
        };
        if nullable {
            Ty::Option(Box::new(ty))
        } else {
            ty
        }
    }

    fn scalar(
        &mut self,
        id: NodeId,
        k: &Keywords,
        ty: Ty,
        names: Vec<String>,
        parent: Option<usize>,
    ) -> Ty {
        if has_scalar_constraints(k) {
            self.newtype(id, ty, names, parent)
        } else {
            ty
        }
    }

    fn newtype(&mut self, id: NodeId, inner: Ty, names: Vec<String>, parent: Option<usize>) -> Ty {
        let d = self.new_def(id, names, parent, Share::ByMeaning);
        self.plan.defs[d].kind = DefKind::Newtype { inner };
        Ty::Named(d)
    }

    fn string_enum(
        &mut self,
        id: NodeId,
        values: Vec<String>,
        names: Vec<String>,
        parent: Option<usize>,
    ) -> Ty {
        let d = self.new_def(id, names, parent, Share::ByMeaning);
        let mut used = HashSet::new();
        let variants = values
            .into_iter()
            .map(|v| {
                let mut ident = pascal_case(&v);
                let base = ident.clone();
                let mut n = 2;
                while !used.insert(ident.clone()) {
                    ident = format!("{base}{n}");
                    n += 1;
                }
                (ident, v)
            })
            .collect();
        self.plan.defs[d].kind = DefKind::StringEnum { variants };
        Ty::Named(d)
    }

    fn array(&mut self, id: NodeId, k: &Keywords, names: Vec<String>, parent: Option<usize>) -> Ty {
        let item_names: Vec<String> = names.iter().map(|n| singular(n)).collect();
        let item = match (k.items, k.prefix_items.is_empty()) {
            (Some(items), true) => self.ty(items, item_names, parent),
            _ => Ty::Value,
        };
        let vec = Ty::Vec(Box::new(unbox(item)));
        let constrained = k.min_items.is_some()
            || k.max_items.is_some()
            || k.unique_items
            || k.contains.is_some()
            || k.enumeration.is_some()
            || k.constant.is_some();
        if constrained {
            self.newtype(id, vec, names, parent)
        } else {
            vec
        }
    }

    fn object(
        &mut self,
        id: NodeId,
        k: &Keywords,
        names: Vec<String>,
        parent: Option<usize>,
    ) -> Ty {
        let merged = merge_all_of(self.ir, k);
        if merged.properties.is_empty() {
            let value_names: Vec<String> = names
                .iter()
                .map(|n| format!("{}Value", singular(n)))
                .collect();
            return match merged.additional_properties {
                Some(ap)
                    if !matches!(self.ir.node(ap).kind, NodeKind::Bool(_))
                        && k.pattern_properties.is_empty() =>
                {
                    Ty::Map(Box::new(unbox(self.ty(ap, value_names, parent))))
                }
                _ => Ty::Map(Box::new(Ty::Value)),
            };
        }
        let d = self.new_def(id, names, parent, Share::ByShape);
        self.stack.push(d);
        let mut fields = Vec::new();
        let mut used: HashSet<String> = HashSet::new();
        for (json, node) in &merged.properties {
            let ty = self.ty(*node, vec![pascal_case(json)], Some(d));
            let mut ident = snake_case(json);
            let base = ident.clone();
            let mut n = 2;
            while !used.insert(ident.clone()) {
                ident = format!("{base}_{n}");
                n += 1;
            }
            let doc = self
                .ir
                .node(*node)
                .description
                .clone()
                .or_else(|| self.ir.node(self.ir.resolve(*node)).description.clone());
            fields.push(Field {
                json: json.clone(),
                ident,
                ty,
                required: merged.required.contains(json),
                doc,
                node: *node,
            });
        }
        let extra = if merged.closed {
            None
        } else {
            let ty = match merged.additional_properties {
                Some(ap)
                    if k.pattern_properties.is_empty()
                        && !matches!(self.ir.node(ap).kind, NodeKind::Bool(_)) =>
                {
                    let name = format!(
                        "{}Value",
                        self.plan.defs[d]
                            .candidates
                            .first()
                            .cloned()
                            .unwrap_or_default()
                    );
                    self.ty(ap, vec![name], Some(d))
                }
                _ => Ty::Value,
            };
            let mut ident = "extra".to_owned();
            while used.contains(&ident) {
                ident.insert(0, '_');
            }
            Some((ident, ty))
        };
        self.stack.pop();
        let loose_field = merged
            .properties
            .iter()
            .zip(&fields)
            .any(|((_, node), f)| contains_value(&f.ty) && asserts(self.ir, *node));
        let loose_extra = extra.as_ref().is_some_and(|(_, t)| contains_value(t))
            && (!k.pattern_properties.is_empty()
                || merged
                    .additional_properties
                    .is_some_and(|a| asserts(self.ir, a)));
        let sealed = object_rules(k) || loose_field || loose_extra;
        self.plan.defs[d].kind = DefKind::Struct {
            fields,
            extra,
            sealed,
        };
        Ty::Named(d)
    }

    fn union(&mut self, id: NodeId, k: &Keywords, names: Vec<String>, parent: Option<usize>) -> Ty {
        let branches = if k.one_of.is_empty() {
            k.any_of.clone()
        } else {
            k.one_of.clone()
        };
        // `anyOf: [{type: null}, X]` is just a nullable X.
        let is_null = |b: &NodeId| {
            self.keywords(*b)
                .and_then(|k| k.types.clone())
                .is_some_and(|t| t == [JsonType::Null])
        };
        if branches.len() == 2 && branches.iter().any(is_null) {
            let other = *branches
                .iter()
                .find(|b| !is_null(b))
                .unwrap_or(&branches[0]);
            let inner = self.ty(other, names, parent);
            return Ty::Option(Box::new(inner));
        }
        let d = self.new_def(id, names.clone(), parent, Share::ByShape);
        self.stack.push(d);
        let base = names.first().cloned().unwrap_or_default();
        let required: Vec<Vec<String>> = branches
            .iter()
            .map(|b| {
                self.keywords(*b)
                    .map(|k| k.required.clone())
                    .unwrap_or_default()
            })
            .collect();
        let mut variants = Vec::new();
        let mut used = HashSet::new();
        for (i, b) in branches.iter().enumerate() {
            let unique = required[i].iter().find(|r| {
                required
                    .iter()
                    .enumerate()
                    .all(|(j, o)| j == i || !o.contains(r))
            });
            let label = self
                .ir
                .node(self.ir.resolve(*b))
                .title
                .as_deref()
                .map(pascal_case)
                .or_else(|| unique.or(required[i].first()).map(|r| pascal_case(r)));
            let ty = self.ty(
                *b,
                vec![format!(
                    "{base}{}",
                    label.clone().unwrap_or_else(|| format!("Variant{i}"))
                )],
                Some(d),
            );
            let mut ident = match label {
                Some(l) => l,
                None => {
                    let l = variant_label(&ty, &self.plan.defs, i);
                    // Name the branch's own type after its variant, not its index.
                    if let Ty::Named(bd) = ty {
                        if let Some(c) = self.plan.defs[bd]
                            .candidates
                            .iter_mut()
                            .find(|c| c.ends_with(&format!("Variant{i}")))
                        {
                            *c = format!("{base}{l}");
                        }
                    }
                    l
                }
            };
            let stem = ident.clone();
            let mut n = 2;
            while !used.insert(ident.clone()) {
                ident = format!("{stem}{n}");
                n += 1;
            }
            variants.push((ident, self.plan.validator(*b), ty));
        }
        self.stack.pop();
        self.plan.defs[d].kind = DefKind::Union { variants };
        Ty::Named(d)
    }

    /// Pick each item's final name: a title wins, then the words all its uses share
    /// (`CurrentAddress` + `PreviousAddress` → `Address`), then its first use; then
    /// make names unique by prefixing the parent's name, then by numbering.
    fn finish_names(&mut self) {
        // `Root` is the module's own; the others would shadow the prelude or std.
        let mut taken: HashSet<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
        for i in 0..self.plan.defs.len() {
            let def = &self.plan.defs[i];
            let mut name = best_name(&def.candidates);
            if taken.contains(&name) && matches!(&def.kind, DefKind::Newtype { inner: Ty::Vec(_) })
            {
                name.push_str("List");
            }
            // A bare generic name (`Type`, `Number`) or a taken one is qualified by its
            // parent (`PhoneType`), never into a stutter (`EmailEmail` becomes
            // `EmailValue`).
            if taken.contains(&name) || GENERIC.contains(&name.as_str()) {
                if let Some(p) = def.parent.filter(|p| *p < i) {
                    let parent = &self.plan.defs[p].name;
                    let prefixed = if parent == &name
                        || parent.ends_with(&name) && GENERIC.contains(&name.as_str())
                    {
                        format!("{name}Value")
                    } else {
                        format!("{parent}{name}")
                    };
                    if !taken.contains(&prefixed) {
                        name = prefixed;
                    }
                }
            }
            let stem = name.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{stem}{n}");
                n += 1;
            }
            taken.insert(name.clone());
            self.plan.defs[i].name = name;
        }
    }
}

/// Names a generated type never takes: the module's `Root`, and the prelude's and
/// std's common types, which a generated item would shadow.
pub(crate) const RESERVED: &[&str] = &[
    "Root", "Result", "Option", "Some", "None", "Ok", "Err", "String", "Box", "Vec", "Self",
];

/// Names too generic to say what a type is: qualified by the parent's name.
const GENERIC: &[&str] = &[
    "Type", "Number", "Name", "Value", "Data", "Id", "Code", "Kind", "Status", "Text", "Item",
];

/// The key of a `$defs` (or draft-07 `definitions`) entry at this pointer.
fn defs_key(pointer: &str) -> Option<String> {
    let (parent, key) = pointer.rsplit_once('/')?;
    (parent.ends_with("/$defs")
        || parent.ends_with("/definitions")
        || parent == "/$defs"
        || parent == "/definitions")
        .then(|| key.replace("~1", "/").replace("~0", "~"))
}

/// A `Vec` or map already gives a recursive type its indirection: no `Box` inside.
fn unbox(ty: Ty) -> Ty {
    match ty {
        Ty::Boxed(inner) => *inner,
        other => other,
    }
}

fn variant_label(ty: &Ty, defs: &[Def], i: usize) -> String {
    match ty {
        Ty::Named(d) => match &defs[*d].kind {
            DefKind::Newtype { inner } => variant_label(inner, defs, i),
            _ => format!("Variant{i}"),
        },
        Ty::String => "String".into(),
        Ty::I64 => "Integer".into(),
        Ty::F64 => "Number".into(),
        Ty::Bool => "Boolean".into(),
        Ty::Unit => "Null".into(),
        Ty::Vec(_) => "Array".into(),
        Ty::Map(_) => "Object".into(),
        _ => format!("Variant{i}"),
    }
}

fn best_name(candidates: &[String]) -> String {
    let distinct: Vec<&String> = {
        let mut seen = HashSet::new();
        candidates
            .iter()
            .filter(|c| !c.is_empty() && seen.insert(c.as_str()))
            .collect()
    };
    let Some(first) = distinct.first() else {
        return "Value".into();
    };
    // The longest word suffix that most uses share: `FirstName`, `LastName`,
    // `MiddleName` and `Line` give `Name`; otherwise the first use's name.
    let split: Vec<Vec<String>> = distinct.iter().map(|c| words(c)).collect();
    let mut best: Option<&[String]> = None;
    for w in &split {
        for start in 0..w.len() {
            let tail = &w[start..];
            let share = split.iter().filter(|o| o.ends_with(tail)).count();
            if share * 2 > split.len() && best.is_none_or(|b| tail.len() > b.len()) {
                best = Some(tail);
            }
        }
    }
    match best {
        Some(tail) if split.len() > 1 => pascal_case(&tail.join(" ")),
        _ => (*first).clone(),
    }
}

/// `type`, or what `enum`/`const` and the object/array keywords imply.
fn effective_types(ir: &Ir, k: &Keywords) -> Option<Vec<JsonType>> {
    if let Some(t) = &k.types {
        let mut t = t.clone();
        if t.contains(&JsonType::Number) {
            t.retain(|x| *x != JsonType::Integer);
        }
        return Some(t);
    }
    let literal_types = |values: &[Value]| -> Option<Vec<JsonType>> {
        let mut out: Vec<JsonType> = Vec::new();
        for v in values {
            let t = match v {
                Value::String(_) => JsonType::String,
                Value::Null => JsonType::Null,
                _ => return None,
            };
            if !out.contains(&t) {
                out.push(t);
            }
        }
        (!out.is_empty()).then_some(out)
    };
    if let Some(e) = &k.enumeration {
        return literal_types(e);
    }
    if let Some(c) = &k.constant {
        return literal_types(std::slice::from_ref(c));
    }
    if !k.properties.is_empty()
        || !k.all_of.is_empty() && merge_all_of(ir, k).properties.len() > k.properties.len()
    {
        return Some(vec![JsonType::Object]);
    }
    if k.items.is_some() && k.prefix_items.is_empty() {
        return Some(vec![JsonType::Array]);
    }
    None
}

fn has_scalar_constraints(k: &Keywords) -> bool {
    k.min_length.is_some()
        || k.max_length.is_some()
        || k.pattern.is_some()
        || k.format.is_some()
        || !k.minimum.is_empty()
        || !k.maximum.is_empty()
        || k.multiple_of.is_some()
        || k.enumeration.is_some()
        || k.constant.is_some()
}

/// Whether an object schema has rules that span members, which public fields would
/// let a caller break.
fn object_rules(k: &Keywords) -> bool {
    k.min_properties.is_some()
        || k.max_properties.is_some()
        || !k.dependent_required.is_empty()
        || !k.dependent_schemas.is_empty()
        || k.property_names.is_some()
        || !k.pattern_properties.is_empty()
        || k.if_.is_some()
        || k.not.is_some()
        || !k.any_of.is_empty()
        || !k.one_of.is_empty()
        || !k.all_of.is_empty()
        || k.enumeration.is_some()
        || k.constant.is_some()
        || k.reference.is_some()
}

/// Whether a schema rejects anything at all.
fn asserts(ir: &Ir, id: NodeId) -> bool {
    match &ir.node(ir.resolve(id)).kind {
        NodeKind::Bool(b) => !b,
        NodeKind::Schema(k) => **k != Keywords::default(),
    }
}

impl Ty {
    /// Whether the type holds a type of the user's own (`Builder::replace`) in itself
    /// or its wrappers (named types handle their own members).
    pub fn holds_external(&self) -> bool {
        match self {
            Ty::External(_) => true,
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => t.holds_external(),
            _ => false,
        }
    }
}

/// Whether a type holds unchecked JSON somewhere (named types check themselves).
fn contains_value(ty: &Ty) -> bool {
    match ty {
        Ty::Value => true,
        Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => contains_value(t),
        _ => false,
    }
}

/// An object's properties with its `allOf` branches merged in (types only; the
/// validator still enforces every branch exactly).
struct Merged {
    properties: Vec<(String, NodeId)>,
    required: Vec<String>,
    additional_properties: Option<NodeId>,
    closed: bool,
}

fn merge_all_of(ir: &Ir, k: &Keywords) -> Merged {
    let is_false =
        |n: Option<NodeId>| n.is_some_and(|a| matches!(ir.node(a).kind, NodeKind::Bool(false)));
    let mut props: Vec<(String, NodeId)> = k.properties.clone();
    let mut required = k.required.clone();
    let mut closed_sets: Vec<Vec<String>> = Vec::new();
    if is_false(k.additional_properties) && k.pattern_properties.is_empty() {
        closed_sets.push(k.properties.iter().map(|(n, _)| n.clone()).collect());
    }
    for b in &k.all_of {
        let Some(bk) = ir.keywords(ir.resolve(*b)) else {
            continue;
        };
        for (name, node) in &bk.properties {
            if !props.iter().any(|(n, _)| n == name) {
                props.push((name.clone(), *node));
            }
        }
        required.extend(bk.required.iter().cloned());
        if is_false(bk.additional_properties) && bk.pattern_properties.is_empty() {
            closed_sets.push(bk.properties.iter().map(|(n, _)| n.clone()).collect());
        }
    }
    let closed = !closed_sets.is_empty();
    if closed {
        props.retain(|(n, _)| closed_sets.iter().all(|s| s.contains(n)));
    }
    let mut seen = BTreeMap::new();
    required.retain(|r| seen.insert(r.clone(), ()).is_none());
    Merged {
        properties: props,
        required,
        additional_properties: k.additional_properties,
        closed,
    }
}

/// A compact, complete text key of a node's assertions (child ids already mapped to
/// their classes). Destructured so that a new keyword cannot be left out of the key.
fn shape_key(k: &Keywords) -> String {
    use std::fmt::Write;
    let Keywords {
        reference,
        types,
        enumeration,
        constant,
        min_length,
        max_length,
        pattern,
        format,
        minimum,
        maximum,
        multiple_of,
        properties,
        required,
        additional_properties,
        pattern_properties,
        property_names,
        min_properties,
        max_properties,
        dependent_required,
        dependent_schemas,
        prefix_items,
        items,
        contains,
        min_contains,
        max_contains,
        min_items,
        max_items,
        unique_items,
        all_of,
        any_of,
        one_of,
        not,
        if_,
        then_,
        else_,
    } = k;
    let mut s = String::new();
    macro_rules! put {
        ($tag:literal, $v:expr) => {
            let _ = write!(s, concat!($tag, "{:?};"), $v);
        };
    }
    macro_rules! opt {
        ($tag:literal, $v:expr) => {
            if let Some(v) = $v {
                put!($tag, v);
            }
        };
    }
    macro_rules! list {
        ($tag:literal, $v:expr) => {
            if !$v.is_empty() {
                put!($tag, $v);
            }
        };
    }
    opt!("ref", reference.map(|n| n.0));
    opt!("ty", types);
    opt!(
        "enum",
        enumeration
            .as_ref()
            .map(|e| Value::Array(e.clone()).to_string())
    );
    opt!("const", constant.as_ref().map(Value::to_string));
    opt!("minl", min_length);
    opt!("maxl", max_length);
    opt!("pat", pattern);
    opt!("fmt", format);
    list!("min", minimum);
    list!("max", maximum);
    opt!("mul", multiple_of);
    list!(
        "props",
        properties.iter().map(|(n, c)| (n, c.0)).collect::<Vec<_>>()
    );
    list!("req", required);
    opt!("ap", additional_properties.map(|n| n.0));
    list!(
        "pp",
        pattern_properties
            .iter()
            .map(|(n, c)| (n, c.0))
            .collect::<Vec<_>>()
    );
    opt!("pn", property_names.map(|n| n.0));
    opt!("minp", min_properties);
    opt!("maxp", max_properties);
    list!("dreq", dependent_required);
    list!(
        "dsch",
        dependent_schemas
            .iter()
            .map(|(n, c)| (n, c.0))
            .collect::<Vec<_>>()
    );
    list!(
        "prefix",
        prefix_items.iter().map(|c| c.0).collect::<Vec<_>>()
    );
    opt!("items", items.map(|n| n.0));
    opt!("contains", contains.map(|n| n.0));
    opt!("minc", min_contains);
    opt!("maxc", max_contains);
    opt!("mini", min_items);
    opt!("maxi", max_items);
    if *unique_items {
        s.push_str("uniq;");
    }
    list!("all", all_of.iter().map(|c| c.0).collect::<Vec<_>>());
    list!("any", any_of.iter().map(|c| c.0).collect::<Vec<_>>());
    list!("one", one_of.iter().map(|c| c.0).collect::<Vec<_>>());
    opt!("not", not.map(|n| n.0));
    opt!("if", if_.map(|n| n.0));
    opt!("then", then_.map(|n| n.0));
    opt!("else", else_.map(|n| n.0));
    s
}

impl Plan {
    /// Drop the items no longer reachable from the root (a replaced place's own
    /// types, `Builder::replace`), renumbering the rest in order.
    pub(crate) fn prune_unreachable(&mut self) {
        fn visit(ty: &Ty, out: &mut Vec<usize>) {
            match ty {
                Ty::Named(d) => out.push(*d),
                Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => visit(t, out),
                _ => {}
            }
        }
        let mut reachable = vec![false; self.defs.len()];
        let mut stack = Vec::new();
        visit(&self.root, &mut stack);
        while let Some(d) = stack.pop() {
            if std::mem::replace(&mut reachable[d], true) {
                continue;
            }
            match &self.defs[d].kind {
                DefKind::Struct { fields, extra, .. } => {
                    for f in fields {
                        visit(&f.ty, &mut stack);
                    }
                    if let Some((_, t)) = extra {
                        visit(t, &mut stack);
                    }
                }
                DefKind::Newtype { inner } => visit(inner, &mut stack),
                DefKind::Union { variants } => {
                    for (_, _, t) in variants {
                        visit(t, &mut stack);
                    }
                }
                DefKind::StringEnum { .. } | DefKind::Pending => {}
            }
        }
        if reachable.iter().all(|r| *r) {
            return;
        }
        let mut new_index = vec![None; self.defs.len()];
        let mut n = 0;
        for (d, r) in reachable.iter().enumerate() {
            if *r {
                new_index[d] = Some(n);
                n += 1;
            }
        }
        fn renumber(ty: &mut Ty, new_index: &[Option<usize>]) {
            match ty {
                Ty::Named(d) => *d = new_index[*d].expect("a reachable item"),
                Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => renumber(t, new_index),
                _ => {}
            }
        }
        let defs = std::mem::take(&mut self.defs);
        for (d, mut def) in defs.into_iter().enumerate() {
            if !reachable[d] {
                continue;
            }
            def.parent = def.parent.and_then(|p| new_index[p]);
            match &mut def.kind {
                DefKind::Struct { fields, extra, .. } => {
                    for f in fields {
                        renumber(&mut f.ty, &new_index);
                    }
                    if let Some((_, t)) = extra {
                        renumber(t, &new_index);
                    }
                }
                DefKind::Newtype { inner } => renumber(inner, &new_index),
                DefKind::Union { variants } => {
                    for (_, _, t) in variants {
                        renumber(t, &new_index);
                    }
                }
                DefKind::StringEnum { .. } | DefKind::Pending => {}
            }
            self.defs.push(def);
        }
        renumber(&mut self.root, &new_index);
    }

    /// Newtypes and string enums used under more than one meaning: under more than
    /// one (parent type, member) pair, unless they are one `$ref` target. The planner
    /// shares such types only by meaning, so this is empty; tests count it over every
    /// fixture and the full GO subject schema. Each entry is the type's name and its
    /// uses, for the failure message.
    pub fn reused_across_meanings(&self, ir: &Ir) -> Vec<(String, Vec<String>)> {
        let targets = ref_targets(ir);
        let mut uses: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        fn named(ty: &Ty) -> Option<usize> {
            match ty {
                Ty::Named(d) => Some(*d),
                Ty::Option(t) | Ty::Boxed(t) | Ty::Vec(t) | Ty::Map(t) => named(t),
                _ => None,
            }
        }
        let mut note = |ty: &Ty, parent: &str, member: &str| {
            if let Some(d) = named(ty) {
                let place = format!("{parent}.{member}");
                let list = uses.entry(d).or_default();
                if !list.contains(&place) {
                    list.push(place);
                }
            }
        };
        for def in &self.defs {
            match &def.kind {
                DefKind::Struct { fields, extra, .. } => {
                    for f in fields {
                        note(&f.ty, &def.name, &f.json);
                    }
                    if let Some((_, t)) = extra {
                        note(t, &def.name, "*");
                    }
                }
                DefKind::Newtype { inner } => note(inner, &def.name, "*"),
                DefKind::Union { variants } => {
                    for (v, _, t) in variants {
                        note(t, &def.name, v);
                    }
                }
                DefKind::StringEnum { .. } | DefKind::Pending => {}
            }
        }
        uses.into_iter()
            .filter(|(d, places)| {
                let def = &self.defs[*d];
                matches!(
                    def.kind,
                    DefKind::Newtype { .. } | DefKind::StringEnum { .. }
                ) && places.len() > 1
                    && !targets.contains(&def.node)
            })
            .map(|(d, places)| (self.defs[d].name.clone(), places))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::best_name;

    #[test]
    fn shared_suffix_wins() {
        let c = |v: &[&str]| best_name(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(c(&["Line", "FirstName", "LastName", "MiddleName"]), "Name");
        assert_eq!(c(&["CurrentAddress", "PreviousAddress"]), "Address");
        assert_eq!(c(&["Country"]), "Country");
        assert_eq!(c(&["Foo", "Bar"]), "Foo");
    }
}
