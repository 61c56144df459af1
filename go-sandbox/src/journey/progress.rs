//! How far a task's data is: its violations as catalogue refs, the `Side2Required`
//! rule, and `outstanding` (no lock needed: these read only their arguments).

use std::collections::BTreeSet;

use gbg_go_wire::catalogue::{locate, DomainElement, ElementRef};
use gbg_go_wire::status::Spec;
use serde_json::Value;

use crate::capture::{sides, Sides};
use crate::catalog::TaskDef;

/// What decides a primary document's sides besides the document itself: the
/// scenario's classification (`isDoubleSided`) and the journey version's default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SideRule {
    pub classified: Option<bool>,
    pub default: Sides,
}

/// How far a task's data is: its schema violations as catalogue refs, and the
/// `Side2Required` rule.
#[derive(Clone, Debug, Default)]
pub(crate) struct Progress {
    /// The data validates against the task schema (and a held document has its
    /// front).
    pub valid: bool,
    /// Refs of the violations, located in the catalogue (`CurrentAddress/postalCode`).
    pub refs: Vec<ElementRef>,
    /// A two-sided document has its front but not its back (`Side2Required`).
    pub side2_pending: bool,
    /// A two-sided capture is expected and its front has not arrived yet
    /// (`LazySide2CollectionRequired`, from the first fetch).
    pub side2_expected: bool,
    /// The violations that are not a missing member (data present but invalid).
    pub broken: Vec<gbg_go_schema::Violation>,
}

/// The name a `required` violation reports missing, as a pointer token.
fn missing_name(v: &gbg_go_schema::Violation) -> Option<String> {
    match &v.kind {
        gbg_go_schema::ViolationKind::Required { property } => {
            Some(gbg_go_schema::source::escape_token(property))
        }
        _ => None,
    }
}

/// Judge the held `subject` for a task (no lock needed: it reads only its
/// arguments), on the members the task declares ([`TaskDef::violations`]).
pub(crate) fn progress(def: &TaskDef, subject: &Value, rule: SideRule) -> Progress {
    progress_of(def, subject, def.violations(subject), rule)
}

/// Judge a v2 submit: `merged` is what the instance will hold, `held` what it held
/// before `patch` ([`TaskDef::submit_violations`]).
pub(crate) fn submit_progress(
    def: &TaskDef,
    held: &Value,
    patch: &Value,
    merged: &Value,
    rule: SideRule,
) -> Progress {
    progress_of(def, merged, def.submit_violations(held, patch), rule)
}

fn progress_of(
    def: &TaskDef,
    subject: &Value,
    violations: Vec<gbg_go_schema::Violation>,
    rule: SideRule,
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
                refs.push(r);
            }
        }
    }
    // Sides (INFERRED, DESIGN *Capture semantics*): the scenario's classification,
    // then the document's own hints, then the journey's default.
    let captures_document = def
        .collects
        .iter()
        .any(|c| c.element == DomainElement::PrimaryDocument);
    let document = DomainElement::PrimaryDocument
        .items(subject)
        .first()
        .copied();
    let two_sided = sides(rule.classified, document, rule.default) == Sides::Two;
    let has = |leaf: &str| document.is_some_and(|d| d.get(leaf).is_some_and(|v| !v.is_null()));
    let side2_pending = captures_document && two_sided && has("side1Image") && !has("side2Image");
    let side2_expected = captures_document && two_sided && !has("side1Image");
    // A document that a required capture holds without its front still needs the
    // front, whatever the schema requires (INFERRED: GO's document schema requires
    // only `type`, API-NOTES §4.3, yet lists `PrimaryDocument/side1Image` outstanding
    // until the front arrives, §3.3 observed). A back sent before the front waits.
    let front_missing = document.is_some()
        && !has("side1Image")
        && def
            .collects
            .iter()
            .any(|c| c.element == DomainElement::PrimaryDocument && c.spec == Spec::Required);
    if front_missing {
        let front = ElementRef {
            element: DomainElement::PrimaryDocument,
            leaf: Some("side1Image".to_owned()),
        };
        if !refs.contains(&front) {
            refs.push(front);
        }
    }
    Progress {
        valid: violations.is_empty() && !front_missing,
        refs,
        side2_pending,
        side2_expected,
        broken,
    }
}

/// `outstanding` (DESIGN, *Capture semantics*, "Refs"; INFERRED from API-NOTES §3.3):
/// the refs of the current task's violations (a partly present element's missing
/// required leaves, `CurrentAddress/postalCode`), then each required element not yet
/// collected; a capture element is listed by its missing image leaves from the first
/// fetch (`PrimaryDocument/side1Image`, `Selfie/selfieImage`; the back only once a
/// two-sided front is in), and by its id once its images are in but no submit has
/// named it.
pub(crate) fn outstanding(
    def: &TaskDef,
    subject: &Value,
    progress: &Progress,
    collected: &BTreeSet<DomainElement>,
) -> Vec<String> {
    // A capture element without a leaf stands for its image leaves still missing
    // (the back only once a two-sided front is in); anything else for itself.
    let expand = |r: ElementRef| -> Vec<ElementRef> {
        if r.leaf.is_some() {
            return vec![r];
        }
        let leaves: Vec<ElementRef> = r
            .element
            .image_leaves()
            .iter()
            .filter(|leaf| **leaf != "side2Image" || progress.side2_pending)
            .map(|leaf| ElementRef {
                element: r.element.clone(),
                leaf: Some((*leaf).to_owned()),
            })
            .filter(|l| !l.has_data(subject))
            .collect();
        if leaves.is_empty() {
            vec![r]
        } else {
            leaves
        }
    };
    let mut out: Vec<ElementRef> = Vec::new();
    let push = |out: &mut Vec<ElementRef>, refs: Vec<ElementRef>| {
        for r in refs {
            if !out.contains(&r) {
                out.push(r);
            }
        }
    };
    for r in &progress.refs {
        push(&mut out, expand(r.clone()));
    }
    for c in def.collects.iter().filter(|c| c.spec == Spec::Required) {
        let listed = out.iter().any(|r| r.element == c.element);
        if !collected.contains(&c.element) && !listed {
            push(&mut out, expand(ElementRef::element(c.element.clone())));
        }
    }
    if progress.side2_pending {
        let back = ElementRef {
            element: DomainElement::PrimaryDocument,
            leaf: Some("side2Image".to_owned()),
        };
        push(&mut out, vec![back]);
    }
    out.iter().map(ToString::to_string).collect()
}
