//! The one walk from a payload pointer to the schema nodes that apply there.
//!
//! Every pass that asks "what does the schema say at `/context/subject/identity`?"
//! goes through here: the generator's literal check and derive, `Schema::validate_at`,
//! and the sandbox's catalogue. (The children of a node, for passes over the whole
//! IR, are [`Keywords::children`](crate::ir::Keywords::children).)
//!
//! The rules:
//! - A node *applies together with* its `$ref` target and its `allOf` branches:
//!   these hold for every instance the node holds for. With [`Follow::Composites`]
//!   the walk also takes the branches that may hold (`anyOf`, `oneOf`, `then`,
//!   `else`, `dependentSchemas`); `not` and `if` never add rules, so they are not
//!   followed.
//! - A member token follows `properties[token]`, then every `patternProperties`
//!   entry whose pattern matches the token, and `additionalProperties` when neither
//!   did (JSON Schema's own rule for which subschemas a member meets).
//! - An index token (digits, or `-`) follows `prefixItems[i]`, or `items` past them.
//! - Boolean schemas apply but have no children.
//!
//! The result lists each node once, in the order found: the first is the place's own
//! schema (a `$ref` resolved), the rest apply together with it.

use crate::ir::{Ir, NodeId};

/// Which nodes count as applying to the same instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// `$ref` and `allOf`: the rules that always hold.
    Declared,
    /// Also the branches that may hold: `anyOf`, `oneOf`, `then`, `else`,
    /// `dependentSchemas` (for "what could be declared here").
    Composites,
}

impl Ir {
    /// `node` and every node that applies together with it (see the module docs).
    pub fn applicators(&self, node: NodeId, follow: Follow) -> Vec<NodeId> {
        let mut out: Vec<NodeId> = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            let n = self.resolve(n);
            if out.contains(&n) {
                continue;
            }
            out.push(n);
            if let Some(k) = self.keywords(n) {
                let mut next: Vec<NodeId> = Vec::new();
                next.extend(k.reference);
                next.extend(&k.all_of);
                if follow == Follow::Composites {
                    next.extend(&k.any_of);
                    next.extend(&k.one_of);
                    next.extend(k.then_);
                    next.extend(k.else_);
                    next.extend(k.dependent_schemas.iter().map(|(_, s)| *s));
                }
                // Depth first, in declaration order.
                stack.extend(next.into_iter().rev());
            }
        }
        out
    }

    /// The schema nodes that apply to the member or item `token` of an instance that
    /// the nodes `at` apply to (not yet expanded by [`applicators`](Self::applicators)).
    /// `patternProperties` are compiled for the call; a walk that repeats, such as
    /// [`Validator::node_at`](crate::Validator::node_at), passes its compiled ones to
    /// [`children_matching`](Self::children_matching).
    pub fn children_at(&self, at: &[NodeId], token: &str) -> Vec<NodeId> {
        self.children_matching(at, token, &|n, i, t| self.compile_and_match(n, i, t))
    }

    /// [`children_at`](Self::children_at) with `matches(node, i, token)` saying
    /// whether the `i`-th `patternProperties` pattern of `node` matches `token`.
    pub fn children_matching(
        &self,
        at: &[NodeId],
        token: &str,
        matches: &dyn Fn(NodeId, usize, &str) -> bool,
    ) -> Vec<NodeId> {
        let index = (token == "-"
            || (!token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())))
        .then(|| token.parse::<usize>().unwrap_or(usize::MAX));
        let mut out = Vec::new();
        for n in at {
            let Some(k) = self.keywords(*n) else {
                continue;
            };
            let mut matched = false;
            if let Some((_, c)) = k.properties.iter().find(|(p, _)| p == token) {
                out.push(*c);
                matched = true;
            }
            for (i, (_, c)) in k.pattern_properties.iter().enumerate() {
                if matches(*n, i, token) {
                    out.push(*c);
                    matched = true;
                }
            }
            if !matched {
                out.extend(k.additional_properties);
            }
            if let Some(i) = index {
                match k.prefix_items.get(i) {
                    Some(c) => out.push(*c),
                    None => out.extend(k.items),
                }
            }
        }
        out
    }

    /// The schema nodes that apply at a payload pointer (`/context/subject/identity`),
    /// each once, the place's own schema first; empty when the schema describes
    /// nothing there.
    pub fn nodes_at(&self, pointer: &str, follow: Follow) -> Vec<NodeId> {
        self.nodes_matching(pointer, follow, &|n, i, t| self.compile_and_match(n, i, t))
    }

    /// The schema nodes at a *place*: a payload pointer in which `*` stands for any
    /// item of an array or any undeclared member of an object, as the build hooks
    /// (`Builder::rename`, …) and the derive's `at` write places. A concrete index
    /// must name an item the schema allows: one past `maxItems`, or past
    /// `prefixItems` where no further items are allowed, names nothing; so does a
    /// place whose schema is `false`. Empty when the schema describes nothing there.
    pub fn nodes_at_place(&self, place: &str, follow: Follow) -> Vec<NodeId> {
        self.nodes_at_place_matching(place, follow, &|n, i, t| self.compile_and_match(n, i, t))
    }

    /// [`nodes_at_place`](Self::nodes_at_place) with a `patternProperties` matcher
    /// (see [`children_matching`](Self::children_matching)), so a validator reuses
    /// its compiled patterns.
    pub fn nodes_at_place_matching(
        &self,
        place: &str,
        follow: Follow,
        matches: &dyn Fn(NodeId, usize, &str) -> bool,
    ) -> Vec<NodeId> {
        let mut nodes = self.applicators(self.root, follow);
        for token in crate::convert::pointer_tokens(place) {
            let next: Vec<NodeId> = if token == "*" {
                let mut children = Vec::new();
                for n in &nodes {
                    if let Some(k) = self.keywords(*n) {
                        children.extend(k.prefix_items.iter().copied());
                        children.extend(k.items);
                        children.extend(k.pattern_properties.iter().map(|(_, c)| *c));
                        children.extend(k.additional_properties);
                    }
                }
                // Any item or member: those the schema refuses (`items: false` after
                // `prefixItems`) are not among them.
                children
                    .retain(|c| !matches!(self.node(*c).kind, crate::ir::NodeKind::Bool(false)));
                let mut next = Vec::new();
                for c in children {
                    for a in self.applicators(c, follow) {
                        if !next.contains(&a) {
                            next.push(a);
                        }
                    }
                }
                next
            } else {
                let index = (!token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| token.parse::<u64>().unwrap_or(u64::MAX));
                let too_far = index.is_some_and(|i| {
                    nodes.iter().any(|n| {
                        self.keywords(*n)
                            .is_some_and(|k| k.max_items.is_some_and(|max| i >= max))
                    })
                });
                if too_far {
                    return Vec::new();
                }
                self.step_matching(&nodes, &token, follow, matches)
            };
            let refused = next
                .iter()
                .any(|n| matches!(self.node(*n).kind, crate::ir::NodeKind::Bool(false)));
            if next.is_empty() || refused {
                return Vec::new();
            }
            nodes = next;
        }
        nodes
    }

    /// [`nodes_at`](Self::nodes_at) with a `patternProperties` matcher (see
    /// [`children_matching`](Self::children_matching)).
    pub fn nodes_matching(
        &self,
        pointer: &str,
        follow: Follow,
        matches: &dyn Fn(NodeId, usize, &str) -> bool,
    ) -> Vec<NodeId> {
        let mut nodes = self.applicators(self.root, follow);
        for token in crate::convert::pointer_tokens(pointer) {
            let next = self.step_matching(&nodes, &token, follow, matches);
            if next.is_empty() {
                return next;
            }
            nodes = next;
        }
        nodes
    }

    /// One step of [`nodes_at`](Self::nodes_at): the nodes that apply to the member
    /// or item `token` of an instance the nodes `at` apply to, each once, expanded by
    /// [`applicators`](Self::applicators). A walk that follows a payload rather than a
    /// pointer (the sandbox restricting a subject to what a schema declares) takes
    /// these steps itself.
    pub fn step(&self, at: &[NodeId], token: &str, follow: Follow) -> Vec<NodeId> {
        self.step_matching(at, token, follow, &|n, i, t| {
            self.compile_and_match(n, i, t)
        })
    }

    fn step_matching(
        &self,
        at: &[NodeId],
        token: &str,
        follow: Follow,
        matches: &dyn Fn(NodeId, usize, &str) -> bool,
    ) -> Vec<NodeId> {
        let mut next: Vec<NodeId> = Vec::new();
        for c in self.children_matching(at, token, matches) {
            for n in self.applicators(c, follow) {
                if !next.contains(&n) {
                    next.push(n);
                }
            }
        }
        next
    }

    /// Whether the `i`-th `patternProperties` pattern of `node` matches `token`,
    /// compiling it for this one question.
    fn compile_and_match(&self, node: NodeId, i: usize, token: &str) -> bool {
        self.keywords(node)
            .and_then(|k| k.pattern_properties.get(i))
            .is_some_and(|(pattern, _)| {
                crate::check::compile_pattern(pattern).is_ok_and(|re| re.is_match(token))
            })
    }

    /// Whether the nodes `at` *declare* the member `token`: a `properties` entry
    /// names it, `required` lists it, or a `patternProperties` pattern matches it.
    /// `additionalProperties` declares nothing (it judges what is left over). The
    /// sandbox uses this to judge an interaction on the subject members its schema
    /// declares.
    pub fn declares_member(&self, at: &[NodeId], token: &str) -> bool {
        at.iter().any(|n| {
            self.keywords(*n).is_some_and(|k| {
                k.properties.iter().any(|(p, _)| p == token)
                    || k.required.iter().any(|r| r == token)
                    || (0..k.pattern_properties.len()).any(|i| self.compile_and_match(*n, i, token))
            })
        })
    }

    /// Whether the nodes `at` declare any member at all (see
    /// [`declares_member`](Self::declares_member)).
    pub fn declares_members(&self, at: &[NodeId]) -> bool {
        at.iter().any(|n| {
            self.keywords(*n).is_some_and(|k| {
                !k.properties.is_empty()
                    || !k.required.is_empty()
                    || !k.pattern_properties.is_empty()
            })
        })
    }

    /// The properties declared for the instance at `nodes` (each name once, the
    /// first declaration winning).
    pub fn declared_properties(&self, nodes: &[NodeId]) -> Vec<(String, NodeId)> {
        let mut out: Vec<(String, NodeId)> = Vec::new();
        for n in nodes {
            if let Some(k) = self.keywords(*n) {
                for (p, c) in &k.properties {
                    if !out.iter().any(|(q, _)| q == p) {
                        out.push((p.clone(), *c));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ir(schema: &str) -> Ir {
        crate::load_bytes(
            std::path::Path::new("/t/s.json"),
            "s.json",
            schema.as_bytes(),
        )
        .unwrap()
    }

    fn locs(ir: &Ir, nodes: &[NodeId]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| ir.node(*n).location.pointer.clone())
            .collect()
    }

    #[test]
    fn declared_members_are_properties_and_pattern_matches_not_additional() {
        let ir = ir(r##"{
            "allOf": [{"properties": {"fromAllOf": {}}}],
            "anyOf": [{"properties": {"fromAnyOf": {}}}],
            "properties": {"own": {}},
            "required": ["listed"],
            "patternProperties": {"^x-": {}},
            "additionalProperties": {"type": "string"}
        }"##);
        let declared = ir.nodes_at("", Follow::Declared);
        let composites = ir.nodes_at("", Follow::Composites);
        assert!(ir.declares_member(&declared, "own"));
        assert!(ir.declares_member(&declared, "fromAllOf"));
        assert!(ir.declares_member(&declared, "x-anything"));
        assert!(ir.declares_member(&declared, "listed"));
        assert!(ir.declares_members(&declared));
        assert!(!ir.declares_members(&ir.nodes_at("/own", Follow::Composites)));
        assert!(!ir.declares_member(&declared, "fromAnyOf"));
        assert!(ir.declares_member(&composites, "fromAnyOf"));
        // additionalProperties judges left-over members; it declares none.
        assert!(!ir.declares_member(&composites, "other"));
    }

    #[test]
    fn follows_properties_items_refs_and_all_of() {
        let ir = ir(r##"{
            "$defs": {"addr": {"type": "object", "properties": {"line": {"type": "string"}}}},
            "properties": {
                "a": {"type": "array", "items": {"$ref": "#/$defs/addr"}},
                "b": {"allOf": [{"properties": {"x": {"type": "integer"}}}]},
                "c": {"anyOf": [{"properties": {"y": {}}}, {"properties": {"z": {}}}]}
            },
            "patternProperties": {"^p_": {"type": "boolean"}},
            "additionalProperties": {"type": "null"}
        }"##);
        assert_eq!(
            locs(&ir, &ir.nodes_at("/a/0/line", Follow::Declared)),
            ["/$defs/addr/properties/line"]
        );
        assert_eq!(
            locs(&ir, &ir.nodes_at("/b", Follow::Declared)),
            ["/properties/b", "/properties/b/allOf/0"]
        );
        assert_eq!(
            locs(&ir, &ir.nodes_at("/b/x", Follow::Declared)),
            ["/properties/b/allOf/0/properties/x"]
        );
        // anyOf branches only when asked.
        assert!(ir.nodes_at("/c/y", Follow::Declared).is_empty());
        assert_eq!(
            locs(&ir, &ir.nodes_at("/c/z", Follow::Composites)),
            ["/properties/c/anyOf/1/properties/z"]
        );
        let names: Vec<String> = ir
            .declared_properties(&ir.nodes_at("/c", Follow::Composites))
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["y", "z"]);
        // patternProperties, then additionalProperties for the rest.
        assert_eq!(
            locs(&ir, &ir.nodes_at("/p_q", Follow::Declared)),
            ["/patternProperties/^p_"]
        );
        assert_eq!(
            locs(&ir, &ir.nodes_at("/other", Follow::Declared)),
            ["/additionalProperties"]
        );
        // The validator's walk, with the patterns it compiled once, finds the same.
        let schema = r#"{"properties": {"a": {}}, "patternProperties": {"^p_": {"type": "boolean"}},
            "additionalProperties": {"type": "null"}}"#;
        let v = crate::Validator::new(self::ir(schema));
        for pointer in ["/a", "/p_q", "/other", "/a/deeper"] {
            assert_eq!(v.node_at(pointer), v.ir().node_at(pointer), "{pointer}");
        }
        assert_eq!(
            v.node_at("/p_q")
                .map(|n| v.ir().node(n).location.pointer.clone()),
            Some("/patternProperties/^p_".to_owned())
        );
    }
}
