//! What changed between two versions of a task schema, and whether a payload valid
//! under the old one may be refused under the new one (a breaking change). Used by
//! `gbg-go diff`, `gbg-go drift` and the client's drift check, so they classify alike.
//!
//! Pointers are payload pointers (`/context/subject/identity/firstName`); `*` stands
//! for any array index.

use std::collections::HashSet;

use crate::ir::{Bound, Keywords, NodeKind};
use crate::source::escape_token as esc;
use crate::{Ir, NodeId};

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Whether a payload valid under the old schema may be refused by the new one.
    pub breaking: bool,
    /// Payload pointer.
    pub pointer: String,
    /// What changed.
    pub message: String,
}

struct Differ<'a> {
    old: &'a Ir,
    new: &'a Ir,
    seen: HashSet<(NodeId, NodeId)>,
    out: Vec<Change>,
}

impl Change {
    /// As JSON: `{"breaking", "pointer", "message"}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "breaking": self.breaking,
            "pointer": self.pointer,
            "message": self.message,
        })
    }
}

/// Compare two schemas.
pub fn diff(old: &Ir, new: &Ir) -> Vec<Change> {
    let mut d = Differ {
        old,
        new,
        seen: HashSet::new(),
        out: Vec::new(),
    };
    d.node(old.root, new.root, "");
    d.out
}

fn bound_text(b: &[Bound]) -> String {
    b.iter()
        .map(|b| format!("{}{}", if b.exclusive { "exclusive " } else { "" }, b.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn num(b: &[Bound]) -> Option<f64> {
    b.iter().filter_map(|b| b.value.as_f64()).reduce(f64::max)
}

impl Differ<'_> {
    fn push(&mut self, breaking: bool, pointer: &str, message: String) {
        self.out.push(Change {
            breaking,
            pointer: if pointer.is_empty() {
                "/".into()
            } else {
                pointer.to_owned()
            },
            message,
        });
    }

    fn node(&mut self, o: NodeId, n: NodeId, at: &str) {
        let (o, n) = (self.old.resolve(o), self.new.resolve(n));
        if !self.seen.insert((o, n)) {
            return;
        }
        let (ok, nk) = match (&self.old.node(o).kind, &self.new.node(n).kind) {
            (NodeKind::Bool(a), NodeKind::Bool(b)) => {
                if a != b {
                    self.push(*a, at, format!("schema changed from `{a}` to `{b}`"));
                }
                return;
            }
            (NodeKind::Bool(true), NodeKind::Schema(_)) => {
                self.push(
                    true,
                    at,
                    "constraints added where anything was allowed".into(),
                );
                return;
            }
            (NodeKind::Bool(false), _) => {
                self.push(false, at, "now allowed (was `false`)".into());
                return;
            }
            (NodeKind::Schema(_), NodeKind::Bool(b)) => {
                self.push(!b, at, format!("schema replaced by `{b}`"));
                return;
            }
            (NodeKind::Schema(a), NodeKind::Schema(b)) => (a.clone(), b.clone()),
        };
        self.keywords(&ok, &nk, at);
    }

    fn keywords(&mut self, o: &Keywords, n: &Keywords, at: &str) {
        // type
        let names = |t: &Option<Vec<crate::ir::JsonType>>| {
            t.as_ref()
                .map(|v| v.iter().map(|t| t.as_str()).collect::<Vec<_>>())
        };
        match (names(&o.types), names(&n.types)) {
            (Some(a), Some(b)) if a != b => {
                let narrowed = a
                    .iter()
                    .any(|t| !(b.contains(t) || (*t == "integer" && b.contains(&"number"))));
                self.push(narrowed, at, format!("type changed from {a:?} to {b:?}"));
            }
            (None, Some(b)) => self.push(true, at, format!("type restricted to {b:?}")),
            (Some(a), None) => self.push(false, at, format!("type {a:?} no longer required")),
            _ => {}
        }
        // enum / const
        match (&o.enumeration, &n.enumeration) {
            (Some(a), Some(b)) => {
                for v in a.iter().filter(|v| !b.contains(v)) {
                    self.push(true, at, format!("enum value {v} removed"));
                }
                for v in b.iter().filter(|v| !a.contains(v)) {
                    self.push(false, at, format!("enum value {v} added"));
                }
            }
            (None, Some(_)) => self.push(true, at, "enum added".into()),
            (Some(_), None) => self.push(false, at, "enum removed".into()),
            (None, None) => {}
        }
        if o.constant != n.constant {
            self.push(n.constant.is_some(), at, "const changed".into());
        }
        // string rules
        match (&o.pattern, &n.pattern) {
            (a, Some(b)) if a.as_ref() != Some(b) => self.push(
                true,
                at,
                format!(
                    "pattern {} (now `{b}`)",
                    if a.is_some() { "changed" } else { "added" }
                ),
            ),
            (Some(_), None) => self.push(false, at, "pattern removed".into()),
            _ => {}
        }
        if o.format != n.format {
            match (o.format, n.format) {
                (_, Some(f)) => self.push(true, at, format!("format `{}` asserted", f.as_str())),
                (Some(f), None) => self.push(false, at, format!("format `{}` removed", f.as_str())),
                _ => {}
            }
        }
        self.lower("minLength", o.min_length, n.min_length, at);
        self.upper("maxLength", o.max_length, n.max_length, at);
        self.lower("minItems", o.min_items, n.min_items, at);
        self.upper("maxItems", o.max_items, n.max_items, at);
        self.lower("minProperties", o.min_properties, n.min_properties, at);
        self.upper("maxProperties", o.max_properties, n.max_properties, at);
        if !o.unique_items && n.unique_items {
            self.push(true, at, "uniqueItems added".into());
        } else if o.unique_items && !n.unique_items {
            self.push(false, at, "uniqueItems removed".into());
        }
        // numeric ranges
        match (num(&o.minimum), num(&n.minimum)) {
            (a, Some(b)) if a.is_none_or(|a| b > a) => self.push(
                true,
                at,
                format!("minimum raised to {}", bound_text(&n.minimum)),
            ),
            (Some(_), b) if b.is_none() || b < num(&o.minimum) => {
                self.push(false, at, "minimum lowered or removed".into())
            }
            _ => {}
        }
        match (num(&o.maximum), num(&n.maximum)) {
            (a, Some(b)) if a.is_none_or(|a| b < a) => self.push(
                true,
                at,
                format!("maximum lowered to {}", bound_text(&n.maximum)),
            ),
            (Some(_), b) if b.is_none() || b > num(&o.maximum) => {
                self.push(false, at, "maximum raised or removed".into())
            }
            _ => {}
        }
        if o.multiple_of != n.multiple_of {
            self.push(n.multiple_of.is_some(), at, "multipleOf changed".into());
        }
        // objects
        for r in n.required.iter().filter(|r| !o.required.contains(r)) {
            self.push(true, &format!("{at}/{}", esc(r)), "became required".into());
        }
        for r in o.required.iter().filter(|r| !n.required.contains(r)) {
            self.push(
                false,
                &format!("{at}/{}", esc(r)),
                "no longer required".into(),
            );
        }
        for (name, on) in &o.properties {
            let p = format!("{at}/{}", esc(name));
            match n.properties.iter().find(|(q, _)| q == name) {
                Some((_, nn)) => self.node(*on, *nn, &p),
                None => self.push(true, &p, "property removed".into()),
            }
        }
        for (name, _) in n
            .properties
            .iter()
            .filter(|(q, _)| !o.properties.iter().any(|(p, _)| p == q))
        {
            self.push(
                false,
                &format!("{at}/{}", esc(name)),
                "property added".into(),
            );
        }
        let closed = |ir: &Ir, a: Option<NodeId>| {
            a.is_some_and(|a| matches!(ir.node(ir.resolve(a)).kind, NodeKind::Bool(false)))
        };
        match (
            closed(self.old, o.additional_properties),
            closed(self.new, n.additional_properties),
        ) {
            (false, true) => self.push(true, at, "additionalProperties closed".into()),
            (true, false) => self.push(false, at, "additionalProperties opened".into()),
            _ => {
                if let (Some(a), Some(b)) = (o.additional_properties, n.additional_properties) {
                    self.node(a, b, &format!("{at}/*"));
                }
            }
        }
        for (name, deps) in &n.dependent_required {
            let old = o
                .dependent_required
                .iter()
                .find(|(p, _)| p == name)
                .map(|(_, d)| d);
            for d in deps.iter().filter(|d| old.is_none_or(|o| !o.contains(d))) {
                self.push(
                    true,
                    &format!("{at}/{}", esc(d)),
                    format!("required when `{name}` is present"),
                );
            }
        }
        // arrays
        match (o.items, n.items) {
            (Some(a), Some(b)) => self.node(a, b, &format!("{at}/*")),
            (None, Some(_)) => self.push(true, &format!("{at}/*"), "items constrained".into()),
            (Some(_), None) => self.push(false, &format!("{at}/*"), "items unconstrained".into()),
            (None, None) => {}
        }
        if o.prefix_items.len() == n.prefix_items.len() {
            for (i, (a, b)) in o.prefix_items.iter().zip(&n.prefix_items).enumerate() {
                self.node(*a, *b, &format!("{at}/{i}"));
            }
        } else {
            self.push(true, at, "prefixItems changed".into());
        }
        // composition
        self.branches("allOf", &o.all_of, &n.all_of, at, true);
        self.branches("anyOf", &o.any_of, &n.any_of, at, false);
        self.branches("oneOf", &o.one_of, &n.one_of, at, false);
        for (name, a, b) in [
            ("not", o.not, n.not),
            ("if", o.if_, n.if_),
            ("then", o.then_, n.then_),
            ("else", o.else_, n.else_),
            ("contains", o.contains, n.contains),
            ("propertyNames", o.property_names, n.property_names),
        ] {
            match (a, b) {
                (Some(a), Some(b)) => self.node(a, b, at),
                (None, Some(_)) => self.push(true, at, format!("`{name}` added")),
                (Some(_), None) => self.push(false, at, format!("`{name}` removed")),
                (None, None) => {}
            }
        }
    }

    /// Branches compared by position. More `allOf` branches tighten; more
    /// `anyOf`/`oneOf` branches loosen.
    fn branches(
        &mut self,
        kw: &str,
        o: &[NodeId],
        n: &[NodeId],
        at: &str,
        tighter_when_added: bool,
    ) {
        for (a, b) in o.iter().zip(n) {
            self.node(*a, *b, at);
        }
        if n.len() > o.len() {
            self.push(
                tighter_when_added,
                at,
                format!("{kw}: {} branch(es) added", n.len() - o.len()),
            );
        } else if n.len() < o.len() {
            self.push(
                !tighter_when_added,
                at,
                format!("{kw}: {} branch(es) removed", o.len() - n.len()),
            );
        }
    }

    fn lower(&mut self, kw: &str, o: Option<u64>, n: Option<u64>, at: &str) {
        match (o, n) {
            (a, Some(b)) if a.is_none_or(|a| b > a) => {
                self.push(true, at, format!("{kw} raised to {b}"))
            }
            (Some(a), b) if b.is_none_or(|b| b < a) => {
                self.push(false, at, format!("{kw} lowered or removed"))
            }
            _ => {}
        }
    }

    fn upper(&mut self, kw: &str, o: Option<u64>, n: Option<u64>, at: &str) {
        match (o, n) {
            (a, Some(b)) if a.is_none_or(|a| b < a) => {
                self.push(true, at, format!("{kw} lowered to {b}"))
            }
            (Some(a), b) if b.is_none_or(|b| b > a) => {
                self.push(false, at, format!("{kw} raised or removed"))
            }
            _ => {}
        }
    }
}
