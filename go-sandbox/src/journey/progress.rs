//! How far a task's data is: its violations as catalogue refs, the `Side2Required`
//! rule, and `outstanding` (no lock needed: these read only their arguments).

use std::collections::BTreeSet;

use gbg_go_wire::catalogue::{locate, DomainElement};
use gbg_go_wire::status::Spec;
use serde_json::Value;

use crate::catalog::TaskDef;

/// How far a task's data is: its schema violations as catalogue refs, and the
/// `Side2Required` rule.
#[derive(Clone, Debug, Default)]
pub(crate) struct Progress {
    /// The data validates against the task schema.
    pub valid: bool,
    /// Refs of the violations, located in the catalogue (`CurrentAddress/postalCode`).
    pub refs: Vec<String>,
    /// A two-sided document has its front but not its back.
    pub side2_pending: bool,
    /// The violations that are not a missing member (data present but invalid).
    pub broken: Vec<gbg_go_schema::Violation>,
}

/// The name a `required` violation reports missing, as a pointer token.
fn missing_name(v: &gbg_go_schema::Violation) -> Option<String> {
    match &v.kind {
        gbg_go_schema::ViolationKind::Required { property } => {
            Some(property.replace('~', "~0").replace('/', "~1"))
        }
        _ => None,
    }
}

/// Judge the held `subject` for a task (no lock needed: it reads only its
/// arguments), on the members the task declares ([`TaskDef::violations`]).
pub(crate) fn progress(def: &TaskDef, subject: &Value) -> Progress {
    progress_of(def, subject, def.violations(subject))
}

/// Judge a v2 submit: `merged` is what the instance will hold, `held` what it held
/// before `patch` ([`TaskDef::submit_violations`]).
pub(crate) fn submit_progress(
    def: &TaskDef,
    held: &Value,
    patch: &Value,
    merged: &Value,
) -> Progress {
    progress_of(def, merged, def.submit_violations(held, patch))
}

fn progress_of(
    def: &TaskDef,
    subject: &Value,
    violations: Vec<gbg_go_schema::Violation>,
) -> Progress {
    let mut refs = Vec::new();
    let mut broken = Vec::new();
    for v in &violations {
        let mut p = v
            .pointer
            .strip_prefix("/context/subject")
            .unwrap_or("")
            .to_owned();
        match missing_name(v) {
            Some(name) => {
                p.push('/');
                p.push_str(&name);
            }
            None => broken.push(v.clone()),
        }
        if let Some(r) = locate(subject, &p) {
            if def.collects.iter().any(|c| c.element == r.element) {
                refs.push(r.to_string());
            }
        }
    }
    let side2_pending = def.two_sided_documents
        && def
            .collects
            .iter()
            .any(|c| c.element == DomainElement::PrimaryDocument)
        && DomainElement::PrimaryDocument
            .items(subject)
            .first()
            .is_some_and(|d| d.get("side1Image").is_some() && d.get("side2Image").is_none());
    Progress {
        valid: violations.is_empty(),
        refs,
        side2_pending,
        broken,
    }
}

/// `outstanding`: the refs of the current task's violations, then each required
/// element not yet collected (unless one of its leaves is listed already), then the
/// back of a two-sided document.
pub(crate) fn outstanding(
    def: &TaskDef,
    progress: &Progress,
    collected: &BTreeSet<DomainElement>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |r: String| {
        if !out.contains(&r) {
            out.push(r);
        }
    };
    for r in &progress.refs {
        push(r.clone());
    }
    for c in def.collects.iter().filter(|c| c.spec == Spec::Required) {
        let id = c.element.as_str();
        let listed = progress
            .refs
            .iter()
            .any(|r| r == id || r.starts_with(&format!("{id}/")));
        if !collected.contains(&c.element) && !listed {
            push(id.to_owned());
        }
    }
    if progress.side2_pending {
        push("PrimaryDocument/side2Image".to_owned());
    }
    out
}
