//! Lints (warnings) and whole-IR checks (errors) that look across nodes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Ir, NodeId, NodeKind};
use crate::source::escape_token;

/// Run every lint over the IR.
pub fn run(ir: &Ir) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for i in 0..ir.nodes.len() {
        let id = NodeId(i as u32);
        check_allof_closed(ir, id, &mut out);
        check_required_declared(ir, id, &mut out);
        check_enum_mixed(ir, id, &mut out);
        check_snake_collision(ir, id, &mut out);
        check_pattern_backtracking(ir, id, &mut out);
    }
    out
}

fn warn(ir: &Ir, id: NodeId, suffix: &str, code: &'static str, message: String) -> Diagnostic {
    let pointer = format!("{}{suffix}", ir.node(id).location.pointer);
    ir.file_of(id)
        .diag(Severity::Warning, code, message, &pointer)
}

/// Rule: in an `allOf`, a branch with `additionalProperties: false` rejects every
/// property it does not declare itself, so a property declared only by a sibling can
/// never appear. `{"allOf":[{"properties":{"a":{}},"additionalProperties":false},
/// {"properties":{"b":{}}}]}` accepts no object with `b`.
fn check_allof_closed(ir: &Ir, id: NodeId, out: &mut Vec<Diagnostic>) {
    let Some(k) = ir.keywords(id) else { return };
    if k.all_of.len() < 2 {
        return;
    }
    let branches: Vec<_> = k.all_of.iter().map(|b| (ir.resolve(*b), *b)).collect();
    // One warning per `allOf` (one rule, one place), naming the closed branches and
    // every sibling property they refuse: GO's consent export closes each of its
    // branches, and eleven warnings for one `allOf` were noise.
    let mut closed_branches: Vec<String> = Vec::new();
    // (declaring branch, name), listed in branch order.
    let mut refused: Vec<(usize, String)> = Vec::new();
    for (i, (closed, _)) in branches.iter().enumerate() {
        let Some(ck) = ir.keywords(*closed) else {
            continue;
        };
        let is_closed = ck
            .additional_properties
            .is_some_and(|a| matches!(ir.node(a).kind, NodeKind::Bool(false)))
            && ck.pattern_properties.is_empty();
        if !is_closed {
            continue;
        }
        let allowed: BTreeSet<&str> = ck.properties.iter().map(|(n, _)| n.as_str()).collect();
        let mut refuses_any = false;
        for (j, (other, _)) in branches.iter().enumerate() {
            if i == j {
                continue;
            }
            let Some(ok) = ir.keywords(*other) else {
                continue;
            };
            for (name, _) in ok
                .properties
                .iter()
                .filter(|(n, _)| !allowed.contains(n.as_str()))
            {
                refuses_any = true;
                let name = format!("`{name}`");
                if !refused.iter().any(|(_, n)| *n == name) {
                    refused.push((j, name));
                }
            }
        }
        if refuses_any {
            closed_branches.push(i.to_string());
        }
    }
    if refused.is_empty() {
        return;
    }
    refused.sort_by_key(|(j, _)| *j);
    let refused: Vec<String> = refused.into_iter().map(|(_, n)| n).collect();
    let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    out.push(warn(
        ir,
        id,
        "/allOf",
        "lint-allof-closed",
        format!(
            "{} {} can never appear: allOf {} {} {} `additionalProperties: false` without declaring what {} siblings declare",
            plural(refused.len(), "property", "properties"),
            refused.join(", "),
            plural(closed_branches.len(), "branch", "branches"),
            closed_branches.join(", "),
            plural(closed_branches.len(), "sets", "set"),
            plural(closed_branches.len(), "its", "their"),
        ),
    ));
}

/// Rule: lookaround and backreferences need a backtracking engine, whose work can
/// grow exponentially with the input. Such a pattern is matched with a step limit,
/// and a value that exceeds it is refused although it might match.
/// `{"pattern": "^(?=.*\\d)(\\w+)\\1$"}` warns; `{"pattern": "^[A-Z]{2}$"}` does not.
fn check_pattern_backtracking(ir: &Ir, id: NodeId, out: &mut Vec<Diagnostic>) {
    let Some(k) = ir.keywords(id) else { return };
    let mut check = |suffix: String, source: &str| {
        // The translation alone decides; the pattern was compiled once, by the
        // converter, and the validator compiles it for use.
        if crate::pattern::needs_backtracking(source) == Some(true) {
            out.push(warn(
                ir,
                id,
                &suffix,
                "lint-pattern-backtracking",
                format!(
                    "pattern `{}` uses lookaround or backreferences: it is matched by a backtracking engine limited to {} steps, and a value that needs more is refused",
                    crate::text::printable(source),
                    crate::pattern::BACKTRACK_LIMIT
                ),
            ));
        }
    };
    if let Some(p) = &k.pattern {
        check("/pattern".into(), p);
    }
    for (p, _) in &k.pattern_properties {
        check(format!("/patternProperties/{}", escape_token(p)), p);
    }
}

/// Rule: `required` should name declared properties. `{"properties":{"a":{}},
/// "required":["b"]}` is usually a typo (and with `additionalProperties: false` it
/// rejects every object).
fn check_required_declared(ir: &Ir, id: NodeId, out: &mut Vec<Diagnostic>) {
    let Some(k) = ir.keywords(id) else { return };
    if k.properties.is_empty() || !k.pattern_properties.is_empty() {
        return;
    }
    for (i, name) in k.required.iter().enumerate() {
        if !k.properties.iter().any(|(n, _)| n == name) {
            out.push(warn(
                ir,
                id,
                &format!("/required/{i}"),
                "lint-required-undeclared",
                format!("required property `{name}` is not declared in `properties`"),
            ));
        }
    }
}

/// Rule: an `enum` should hold values of one JSON type; `["1", 1]` is usually a mistake
/// and cannot become a Rust enum.
fn check_enum_mixed(ir: &Ir, id: NodeId, out: &mut Vec<Diagnostic>) {
    let Some(values) = ir.keywords(id).and_then(|k| k.enumeration.as_ref()) else {
        return;
    };
    let kinds: BTreeSet<&str> = values
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| match v {
            Value::Number(_) => "number",
            other => crate::check::type_name(other),
        })
        .collect();
    if kinds.len() > 1 {
        let list: Vec<&str> = kinds.into_iter().collect();
        out.push(warn(
            ir,
            id,
            "/enum",
            "lint-enum-mixed",
            format!("`enum` mixes value types ({})", list.join(", ")),
        ));
    }
}

/// Rule: two property names that become the same Rust field (`first_name` and
/// `firstName`) get disambiguated names, which readers will not expect.
fn check_snake_collision(ir: &Ir, id: NodeId, out: &mut Vec<Diagnostic>) {
    let Some(k) = ir.keywords(id) else { return };
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (name, _) in &k.properties {
        let snake = crate::naming::snake_case(name);
        if let Some(first) = seen.get(&snake) {
            out.push(warn(
                ir,
                id,
                &format!("/properties/{}", escape_token(name)),
                "lint-name-collision",
                format!("properties `{first}` and `{name}` both become the field `{snake}`; the second gets a numbered name"),
            ));
        } else {
            seen.insert(snake, name);
        }
    }
}

/// Rule (an error): a schema may not reach itself without descending into a property
/// or an item, or validation would never end. `{"$ref": "#"}` at the root, or
/// `{"allOf": [{"$ref": "#"}]}`, is rejected; `{"properties": {"next": {"$ref": "#"}}}`
/// is a legal cycle.
pub fn check_cycles(ir: &Ir) -> Vec<Diagnostic> {
    // Edges that apply to the same instance.
    let in_place = |id: NodeId| -> Vec<NodeId> {
        let Some(k) = ir.keywords(id) else {
            return Vec::new();
        };
        let mut v: Vec<NodeId> = k.reference.into_iter().collect();
        v.extend(&k.all_of);
        v.extend(&k.any_of);
        v.extend(&k.one_of);
        v.extend(k.not);
        v.extend(k.if_);
        v.extend(k.then_);
        v.extend(k.else_);
        v.extend(k.dependent_schemas.iter().map(|(_, s)| *s));
        v
    };
    // Iterative three-colour DFS.
    let n = ir.nodes.len();
    let mut colour = vec![0u8; n];
    let mut out = Vec::new();
    for start in 0..n {
        if colour[start] != 0 {
            continue;
        }
        let mut stack = vec![(NodeId(start as u32), 0usize, in_place(NodeId(start as u32)))];
        colour[start] = 1;
        while let Some((node, idx, edges)) = stack.pop() {
            if idx < edges.len() {
                let next = edges[idx];
                stack.push((node, idx + 1, edges));
                match colour[next.index()] {
                    0 => {
                        colour[next.index()] = 1;
                        stack.push((next, 0, in_place(next)));
                    }
                    1 => out.push(
                        ir.file_of(node).diag(
                            Severity::Error,
                            "infinite-recursion",
                            "this schema refers back to itself without descending into a property or item, so validation would never end".into(),
                            &ir.node(node).location.pointer,
                        ),
                    ),
                    _ => {}
                }
            } else {
                colour[node.index()] = 2;
            }
        }
    }
    out
}
