//! The IR interpreter: validates any JSON value against a converted schema.
//!
//! Generated code reads in one pass with its own readers, checks leaf schemas with
//! this interpreter's rules specialised per node, and calls
//! [`Validator::check_at`] for everything else it checks on a `Value` (subtrees it
//! reads whole, values of the wrong type, `validate_json`). The two share the checks
//! in [`crate::check`] and the messages in [`crate::messages`], and differential tests
//! hold them (and the reference `jsonschema` crate) to one verdict.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::check;
use crate::ir::{Ir, Keywords, NodeId, NodeKind};
use crate::loc::Loc;

use crate::path::Path;
use crate::violation::ViolationKind as K;
use crate::violation::{Violation, ViolationKind};

/// How one run reports: where its schema locations start, and whether it only
/// probes (a branch being tried, whose violations are dropped unseen).
#[derive(Clone, Copy)]
struct Cx<'a> {
    /// Rules at this node or under it (in its file) are located under this place;
    /// `None`: every rule at its own location.
    base: Option<(NodeId, &'a Loc<'a>)>,
    /// Report marks only (see [`Violation::mark`]).
    probe: bool,
}

impl Cx<'static> {
    const ABSOLUTE: Cx<'static> = Cx {
        base: None,
        probe: false,
    };
}

impl Cx<'_> {
    /// Whether this probe already has its answer: a probe's sink starts empty (a
    /// fresh scratch) and only its emptiness is read, so after one mark nothing more
    /// can change it.
    #[inline]
    fn settled(&self, out: &[Violation]) -> bool {
        self.probe && !out.is_empty()
    }
}

/// A schema ready to validate payloads. Build it once, use it many times.
///
/// ```
/// let ir = gbg_go_schema::load_bytes(
///     std::path::Path::new("inline.json"),
///     "inline.json",
///     br#"{"type":"object","required":["firstName"]}"#,
/// ).unwrap();
/// let v = gbg_go_schema::Validator::new(ir);
/// let errors = v.validate(&serde_json::json!({}));
/// assert_eq!(errors[0].keyword, "required");
/// assert!(v.is_valid(&serde_json::json!({"firstName": "Ada"})));
/// ```
#[derive(Debug)]
pub struct Validator {
    ir: Ir,
    assert_format: bool,
    /// The compiled `pattern` of each node, by node index.
    patterns: Vec<Option<crate::pattern::Pattern>>,
    pattern_props: HashMap<(NodeId, usize), crate::pattern::Pattern>,
}

impl Validator {
    /// Precompile every regex of the IR.
    pub fn new(ir: Ir) -> Validator {
        let mut patterns = Vec::with_capacity(ir.nodes.len());
        let mut pattern_props = HashMap::new();
        for (i, node) in ir.nodes.iter().enumerate() {
            let NodeKind::Schema(k) = &node.kind else {
                patterns.push(None);
                continue;
            };
            patterns.push(
                k.pattern
                    .as_deref()
                    .and_then(|p| check::compile_pattern(p).ok()),
            );
            for (j, (p, _)) in k.pattern_properties.iter().enumerate() {
                if let Ok(re) = check::compile_pattern(p) {
                    pattern_props.insert((NodeId(i as u32), j), re);
                }
            }
        }
        Validator {
            ir,
            assert_format: true,
            patterns,
            pattern_props,
        }
    }

    /// The place's own schema node for a payload pointer, as
    /// [`Ir::node_at`](crate::Ir::node_at) finds it, with the `patternProperties` this
    /// validator compiled once (a walk per call, such as `Schema::validate_at`, would
    /// otherwise compile them each time).
    pub fn node_at(&self, pointer: &str) -> Option<NodeId> {
        self.ir
            .nodes_matching(pointer, crate::walk::Follow::Declared, &|n, i, t| {
                self.pattern_matches(n, i, t)
            })
            .first()
            .copied()
    }

    /// The schema node at a place (`*` for any item: [`Ir::nodes_at_place`]), with
    /// this validator's compiled patterns.
    pub fn node_at_place(&self, place: &str) -> Option<NodeId> {
        self.ir
            .nodes_at_place_matching(place, crate::walk::Follow::Declared, &|n, i, t| {
                self.pattern_matches(n, i, t)
            })
            .first()
            .copied()
    }

    /// Whether the `i`-th `patternProperties` pattern of `node` matches `token`.
    fn pattern_matches(&self, node: NodeId, i: usize, token: &str) -> bool {
        self.pattern_props
            .get(&(node, i))
            .is_some_and(|re| re.is_match(token))
    }

    /// Turn `format` assertion off (it is on by default, in both dialects), making
    /// `format` an annotation as the 2020-12 specification's default has it.
    pub fn assert_format(mut self, on: bool) -> Validator {
        self.assert_format = on;
        self
    }

    /// The IR this validator runs.
    pub fn ir(&self) -> &Ir {
        &self.ir
    }

    /// Every violation of the root schema, in document order.
    pub fn validate(&self, value: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        self.node(self.ir.root, value, &Path::ROOT, Cx::ABSOLUTE, &mut out);
        out
    }

    /// Every violation of the schema at `node`.
    pub fn validate_at(&self, node: NodeId, value: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        self.node(node, value, &Path::ROOT, Cx::ABSOLUTE, &mut out);
        out
    }

    /// Whether the value is valid.
    pub fn is_valid(&self, value: &Value) -> bool {
        self.validate(value).is_empty()
    }

    /// Every violation of the schema at `node` for a value at `path`, reported into
    /// `out`, with the schema locations of a check shared between identical schemas:
    /// a rule at `node` or under it in its file is located under `loc` (the place
    /// this instance of the shared schema has), and past a `$ref` each rule keeps its
    /// own location. With `probe`, only whether something was reported matters: no
    /// pointer, location or message is rendered, and the run stops at its first
    /// violation (`out` must then start empty).
    pub fn check_at(
        &self,
        node: NodeId,
        value: &Value,
        path: &Path<'_>,
        loc: &Loc<'_>,
        probe: bool,
        out: &mut Vec<Violation>,
    ) {
        let cx = Cx {
            base: Some((node, loc)),
            probe,
        };
        self.node(node, value, path, cx, out);
    }

    fn valid_at(&self, node: NodeId, value: &Value, path: &Path<'_>, cx: Cx<'_>) -> bool {
        let mut scratch = Vec::new();
        let cx = Cx { probe: true, ..cx };
        self.node(node, value, path, cx, &mut scratch);
        scratch.is_empty()
    }

    /// The schema location of `keyword` at `node` (the node's own with an empty
    /// keyword): under the run's base when the node lies under the base's node in
    /// its file, else absolute.
    fn location(&self, node: NodeId, cx: Cx<'_>, keyword: &str) -> String {
        let under = cx
            .base
            .and_then(|(rep, loc)| Some((loc, self.ir.pointer_under(rep, node)?)));
        let mut out = match under {
            Some((loc, rest)) => {
                let mut out = loc.at("");
                out.push_str(rest);
                out
            }
            None => self.ir.schema_location(node),
        };
        if !keyword.is_empty() {
            out.push('/');
            out.push_str(keyword);
        }
        out
    }

    fn report(
        &self,
        out: &mut Vec<Violation>,
        node: NodeId,
        path: &Path<'_>,
        cx: Cx<'_>,
        keyword: &'static str,
        kind: impl FnOnce() -> ViolationKind,
    ) {
        // A probe's violations are dropped unread: its mark builds no kind.
        out.push(if cx.probe {
            Violation::mark(keyword)
        } else {
            Violation::new(
                path.to_pointer(),
                keyword,
                self.location(node, cx, keyword),
                kind(),
            )
        });
    }

    fn node(&self, id: NodeId, v: &Value, path: &Path<'_>, cx: Cx<'_>, out: &mut Vec<Violation>) {
        // A value built in code can be nested deeper than any parser allows; past the
        // limit every surface gives one "too deep" error rather than recursing on.
        if path.depth() >= crate::locate::MAX_DEPTH
            && matches!(v, Value::Array(_) | Value::Object(_))
        {
            out.push(Violation::new(
                path.to_pointer(),
                "depth",
                self.location(id, cx, ""),
                ViolationKind::TooDeep {
                    limit: crate::locate::MAX_DEPTH,
                },
            ));
            return;
        }
        let k = match &self.ir.node(id).kind {
            NodeKind::Bool(true) => return,
            NodeKind::Bool(false) => {
                return out.push(if cx.probe {
                    Violation::mark("false")
                } else {
                    Violation::new(
                        path.to_pointer(),
                        "false",
                        self.location(id, cx, ""),
                        ViolationKind::False,
                    )
                })
            }
            NodeKind::Schema(k) => k,
        };
        if let Some(target) = k.reference {
            // Past a `$ref` every rule keeps its own location.
            self.node(target, v, path, Cx { base: None, ..cx }, out);
        }
        if let Some(types) = &k.types {
            if !types.iter().any(|t| check::has_type(v, *t)) {
                self.report(out, id, path, cx, "type", || K::Type {
                    expected: types.clone(),
                });
                // Further keywords would only repeat the mismatch.
                return;
            }
        }
        if let Some(c) = &k.constant {
            if !check::json_equal(c, v) {
                self.report(out, id, path, cx, "const", || ViolationKind::constant(c));
            }
        }
        if let Some(values) = &k.enumeration {
            if !values.iter().any(|e| check::json_equal(e, v)) {
                self.report(out, id, path, cx, "enum", || {
                    ViolationKind::enumeration(values)
                });
            }
        }
        if cx.settled(out) {
            return;
        }
        match v {
            Value::String(s) => self.string(id, k, s, path, cx, out),
            Value::Number(n) => self.number(id, k, n, path, cx, out),
            Value::Array(items) => self.array(id, k, items, path, cx, out),
            Value::Object(map) => self.object(id, k, map, path, cx, out),
            Value::Null | Value::Bool(_) => {}
        }
        if !cx.settled(out) {
            self.combinators(id, k, v, path, cx, out);
        }
    }

    fn string(
        &self,
        id: NodeId,
        k: &Keywords,
        s: &str,
        path: &Path<'_>,
        cx: Cx<'_>,
        out: &mut Vec<Violation>,
    ) {
        if k.min_length.is_some() || k.max_length.is_some() {
            let n = check::code_points(s);
            if let Some(min) = k.min_length.filter(|m| n < *m) {
                self.report(out, id, path, cx, "minLength", || K::MinLength {
                    limit: min,
                });
            }
            if let Some(max) = k.max_length.filter(|m| n > *m) {
                self.report(out, id, path, cx, "maxLength", || K::MaxLength {
                    limit: max,
                });
            }
        }
        if let Some(p) = &k.pattern {
            let compiled = self.patterns[id.index()].as_ref();
            if compiled.is_some_and(|re| !check::pattern_matches(re, s)) {
                self.report(out, id, path, cx, "pattern", || K::Pattern {
                    pattern: p.clone(),
                });
            }
        }
        if let Some(f) = k.format.filter(|_| self.assert_format) {
            if !crate::formats::check(f, s) {
                self.report(out, id, path, cx, "format", || K::Format { format: f });
            }
        }
    }

    fn number(
        &self,
        id: NodeId,
        k: &Keywords,
        n: &serde_json::Number,
        path: &Path<'_>,
        cx: Cx<'_>,
        out: &mut Vec<Violation>,
    ) {
        for b in &k.minimum {
            if !check::above(n, &b.value, b.exclusive) {
                let kw = if b.exclusive {
                    "exclusiveMinimum"
                } else {
                    "minimum"
                };
                self.report(out, id, path, cx, kw, || K::Minimum {
                    limit: b.value.to_string(),
                    exclusive: b.exclusive,
                });
            }
        }
        for b in &k.maximum {
            if !check::below(n, &b.value, b.exclusive) {
                let kw = if b.exclusive {
                    "exclusiveMaximum"
                } else {
                    "maximum"
                };
                self.report(out, id, path, cx, kw, || K::Maximum {
                    limit: b.value.to_string(),
                    exclusive: b.exclusive,
                });
            }
        }
        if let Some(m) = &k.multiple_of {
            if !check::is_multiple_of(n, m) {
                self.report(out, id, path, cx, "multipleOf", || K::MultipleOf {
                    divisor: m.to_string(),
                });
            }
        }
    }

    fn array(
        &self,
        id: NodeId,
        k: &Keywords,
        items: &[Value],
        path: &Path<'_>,
        cx: Cx<'_>,
        out: &mut Vec<Violation>,
    ) {
        let len = items.len() as u64;
        if let Some(min) = k.min_items.filter(|m| len < *m) {
            self.report(out, id, path, cx, "minItems", || K::MinItems { limit: min });
        }
        if let Some(max) = k.max_items.filter(|m| len > *m) {
            self.report(out, id, path, cx, "maxItems", || K::MaxItems { limit: max });
        }
        if k.unique_items && !check::all_unique(items) {
            self.report(out, id, path, cx, "uniqueItems", || K::UniqueItems);
        }
        for (i, item) in items.iter().enumerate() {
            if cx.settled(out) {
                return;
            }
            let schema = k
                .prefix_items
                .get(i)
                .copied()
                .or(if i >= k.prefix_items.len() {
                    k.items
                } else {
                    None
                });
            if let Some(s) = schema {
                self.node(s, item, &path.index(i), cx, out);
            }
        }
        if let Some(c) = k.contains {
            let hits = items
                .iter()
                .enumerate()
                .filter(|(i, item)| self.valid_at(c, item, &path.index(*i), cx))
                .count() as u64;
            let min = k.min_contains.unwrap_or(1);
            if hits < min || k.max_contains.is_some_and(|m| hits > m) {
                let kw = if hits < min {
                    if k.min_contains.is_some() {
                        "minContains"
                    } else {
                        "contains"
                    }
                } else {
                    "maxContains"
                };
                self.report(out, id, path, cx, kw, || K::Contains {
                    min,
                    max: k.max_contains,
                });
            }
        }
    }

    fn object(
        &self,
        id: NodeId,
        k: &Keywords,
        map: &Map<String, Value>,
        path: &Path<'_>,
        cx: Cx<'_>,
        out: &mut Vec<Violation>,
    ) {
        let len = map.len() as u64;
        if let Some(min) = k.min_properties.filter(|m| len < *m) {
            self.report(out, id, path, cx, "minProperties", || K::MinProperties {
                limit: min,
            });
        }
        if let Some(max) = k.max_properties.filter(|m| len > *m) {
            self.report(out, id, path, cx, "maxProperties", || K::MaxProperties {
                limit: max,
            });
        }
        for name in &k.required {
            if !map.contains_key(name) {
                self.report(out, id, path, cx, "required", || K::Required {
                    property: name.clone(),
                });
            }
        }
        for (name, deps) in &k.dependent_required {
            if map.contains_key(name) {
                for d in deps.iter().filter(|d| !map.contains_key(*d)) {
                    self.report(out, id, path, cx, "dependentRequired", || {
                        K::DependentRequired {
                            property: name.clone(),
                            requires: d.clone(),
                        }
                    });
                }
            }
        }
        for (key, value) in map {
            if cx.settled(out) {
                return;
            }
            let child = path.key(key);
            if let Some(names) = k.property_names {
                if !self.valid_at(names, &Value::String(key.clone()), path, cx) {
                    self.report(out, id, &child, cx, "propertyNames", || K::PropertyName {
                        property: key.clone(),
                    });
                }
            }
            let mut matched = false;
            if let Some((_, s)) = k.properties.iter().find(|(n, _)| n == key) {
                matched = true;
                self.node(*s, value, &child, cx, out);
            }
            for (j, (_, s)) in k.pattern_properties.iter().enumerate() {
                if self
                    .pattern_props
                    .get(&(id, j))
                    .is_some_and(|re| check::pattern_matches(re, key))
                {
                    matched = true;
                    self.node(*s, value, &child, cx, out);
                }
            }
            if !matched {
                if let Some(extra) = k.additional_properties {
                    if matches!(self.ir.node(extra).kind, NodeKind::Bool(false)) {
                        self.report(out, id, &child, cx, "additionalProperties", || {
                            K::AdditionalProperty {
                                property: key.clone(),
                            }
                        });
                    } else {
                        self.node(extra, value, &child, cx, out);
                    }
                }
            }
        }
    }

    fn combinators(
        &self,
        id: NodeId,
        k: &Keywords,
        v: &Value,
        path: &Path<'_>,
        cx: Cx<'_>,
        out: &mut Vec<Violation>,
    ) {
        if let Value::Object(map) = v {
            for (name, schema) in &k.dependent_schemas {
                if map.contains_key(name) {
                    self.node(*schema, v, path, cx, out);
                }
            }
        }
        for s in &k.all_of {
            self.node(*s, v, path, cx, out);
        }
        if !k.any_of.is_empty() && !k.any_of.iter().any(|s| self.valid_at(*s, v, path, cx)) {
            self.report(out, id, path, cx, "anyOf", || K::AnyOf {
                alternatives: k.any_of.len(),
            });
        }
        if !k.one_of.is_empty() {
            let matches: Vec<usize> = k
                .one_of
                .iter()
                .enumerate()
                .filter(|(_, s)| self.valid_at(**s, v, path, cx))
                .map(|(i, _)| i)
                .collect();
            match matches.as_slice() {
                [] => self.report(out, id, path, cx, "oneOf", || K::OneOfNone {
                    alternatives: k.one_of.len(),
                }),
                [_] => {}
                [a, b, ..] => self.report(out, id, path, cx, "oneOf", || K::OneOfMany {
                    first: *a,
                    second: *b,
                }),
            }
        }
        if let Some(n) = k.not {
            if self.valid_at(n, v, path, cx) {
                self.report(out, id, path, cx, "not", || K::Not);
            }
        }
        if let Some(cond) = k.if_ {
            let branch = if self.valid_at(cond, v, path, cx) {
                k.then_
            } else {
                k.else_
            };
            if let Some(b) = branch {
                self.node(b, v, path, cx, out);
            }
        }
    }
}
