//! The catalogue of domain elements that v2 interactions speak, and where each lives in
//! `context.subject`.
//!
//! INFERRED from API-NOTES §3.3, §3.4 and §4 (GO publishes no full catalogue):
//!
//! | ref | subject path |
//! |---|---|
//! | `FullName` (`/title`, `/firstName`, `/middleNames`, `/lastNames`) | `identity.{title, firstName, middleNames, lastNames}` |
//! | `DateOfBirth` | `identity.dateOfBirth` |
//! | `CurrentAddress` (`/<leaf>`) | `identity.currentAddress` |
//! | `PreviousAddresses` | `identity.previousAddresses` |
//! | `MobilePhone` | `identity.phones[type=mobile]` |
//! | `PersonalEmail`, `WorkEmail`, `OtherEmails` | `identity.emails[type=personal\|work\|other]` |
//! | `SSN` | `identity.idNumbers[type=SSN]` |
//! | `PrimaryDocument/<f>`, `SecondaryDocument/<f>` | `documents[type=primary\|secondary].<f>` |
//! | `Selfie/<f>`, `EncryptedSelfie/<f>` | `biometrics[].<f>` |
//! | `Consent` | `consent[]` |
//! | `Subject/identity` | `identity` |
//!
//! Unknown refs are kept ([`DomainElement::Other`]), never rejected. A ref of the form
//! `Subject/<member>` maps to that member of the subject, as `Subject/identity` does.
//!
//! ```
//! use gbg_go_wire::catalogue::{participants, ElementRef, DomainElement};
//! use gbg_go_wire::interaction::Collect;
//! use gbg_go_wire::status::Spec;
//! use serde_json::json;
//!
//! let r: ElementRef = "PrimaryDocument/side1Image".parse().unwrap();
//! assert_eq!(r.element, DomainElement::PrimaryDocument);
//! assert_eq!(r.leaf.as_deref(), Some("side1Image"));
//!
//! let collects = [
//!     Collect::new("FullName", Spec::Required),
//!     Collect::new("DateOfBirth", Spec::Required),
//!     Collect::new("MobilePhone", Spec::Optional),
//! ];
//! let subject = json!({"identity": {"firstName": "Ada", "phones": [{"type": "landline", "number": "1"}]}});
//! let ids: Vec<_> = participants(&collects, &subject).into_iter().map(|p| p.domain_element_id).collect();
//! assert_eq!(ids, ["FullName"]);
//! ```

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::interaction::{Collect, Participant};

open_enum! {
    /// A domain element of GO's catalogue.
    pub enum DomainElement {
        /// `identity.{title, firstName, middleNames, lastNames}`.
        FullName = "FullName",
        /// `identity.dateOfBirth`.
        DateOfBirth = "DateOfBirth",
        /// `identity.currentAddress`.
        CurrentAddress = "CurrentAddress",
        /// `identity.previousAddresses`.
        PreviousAddresses = "PreviousAddresses",
        /// `identity.phones[type=mobile]`.
        MobilePhone = "MobilePhone",
        /// `identity.emails[type=personal]`.
        PersonalEmail = "PersonalEmail",
        /// `identity.emails[type=work]`.
        WorkEmail = "WorkEmail",
        /// `identity.emails[type=other]`.
        OtherEmails = "OtherEmails",
        /// `identity.idNumbers[type=SSN]`.
        Ssn = "SSN",
        /// `documents[type=primary]`.
        PrimaryDocument = "PrimaryDocument",
        /// `documents[type=secondary]`.
        SecondaryDocument = "SecondaryDocument",
        /// `biometrics[]`.
        Selfie = "Selfie",
        /// `biometrics[]`, encrypted capture.
        EncryptedSelfie = "EncryptedSelfie",
        /// `consent[]`.
        Consent = "Consent",
        /// `identity` as a whole.
        SubjectIdentity = "Subject/identity",
    }
}

/// Which part of the value at a [`Mapping`]'s path is the element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// These members of the object at the path; each is a leaf.
    Members(&'static [&'static str]),
    /// The whole value at the path; its members are the leaves.
    Whole,
    /// Every item of the array at the path; the items' members are the leaves.
    Items,
    /// The items of the array at the path whose `key` equals `value` (ASCII case
    /// ignored: GBG's samples send both `primary` and `Primary`).
    ItemsWhere {
        /// The discriminating member.
        key: &'static str,
        /// Its value.
        value: &'static str,
    },
}

/// Where an element lives in `context.subject`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// Object members from the subject to the element's container.
    pub path: Vec<String>,
    /// Which part of that container is the element.
    pub shape: Shape,
}

impl Mapping {
    /// The element's container in `subject` (the object or array at `path`).
    pub fn container<'a>(&self, subject: &'a Value) -> Option<&'a Value> {
        self.path.iter().try_fold(subject, |v, k| v.get(k))
    }
}

/// The elements with a mapping, most specific first (so [`locate`] prefers
/// `FullName` over `Subject/identity`).
pub const KNOWN: &[DomainElement] = &[
    DomainElement::FullName,
    DomainElement::DateOfBirth,
    DomainElement::CurrentAddress,
    DomainElement::PreviousAddresses,
    DomainElement::MobilePhone,
    DomainElement::PersonalEmail,
    DomainElement::WorkEmail,
    DomainElement::OtherEmails,
    DomainElement::Ssn,
    DomainElement::PrimaryDocument,
    DomainElement::SecondaryDocument,
    DomainElement::Selfie,
    DomainElement::EncryptedSelfie,
    DomainElement::Consent,
    DomainElement::SubjectIdentity,
];

fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

impl DomainElement {
    /// Where the element lives in the subject; `None` for an unknown ref.
    pub fn mapping(&self) -> Option<Mapping> {
        use DomainElement as E;
        let (p, shape): (&[&str], Shape) = match self {
            E::FullName => (
                &["identity"],
                Shape::Members(&["title", "firstName", "middleNames", "lastNames"]),
            ),
            E::DateOfBirth => (&["identity"], Shape::Members(&["dateOfBirth"])),
            E::CurrentAddress => (&["identity", "currentAddress"], Shape::Whole),
            E::PreviousAddresses => (&["identity", "previousAddresses"], Shape::Items),
            E::MobilePhone => (&["identity", "phones"], where_type("mobile")),
            E::PersonalEmail => (&["identity", "emails"], where_type("personal")),
            E::WorkEmail => (&["identity", "emails"], where_type("work")),
            E::OtherEmails => (&["identity", "emails"], where_type("other")),
            E::Ssn => (&["identity", "idNumbers"], where_type("SSN")),
            E::PrimaryDocument => (&["documents"], where_type("primary")),
            E::SecondaryDocument => (&["documents"], where_type("secondary")),
            E::Selfie | E::EncryptedSelfie => (&["biometrics"], Shape::Items),
            E::Consent => (&["consent"], Shape::Items),
            E::SubjectIdentity => (&["identity"], Shape::Whole),
            E::Other(s) => {
                let member = s.strip_prefix("Subject/").filter(|m| !m.contains('/'))?;
                return Some(Mapping {
                    path: vec![member.to_owned()],
                    shape: Shape::Whole,
                });
            }
        };
        Some(Mapping {
            path: path(p),
            shape,
        })
    }

    /// The element for a subject member that no specific element covers:
    /// `Subject/<member>`.
    pub fn subject_member(member: &str) -> DomainElement {
        DomainElement::parse(&format!("Subject/{member}"))
    }

    /// Whether at least one of the element's leaves is present in `subject`.
    pub fn is_present(&self, subject: &Value) -> bool {
        let Some(m) = self.mapping() else {
            return false;
        };
        let Some(container) = m.container(subject) else {
            return false;
        };
        match m.shape {
            Shape::Members(keys) => keys
                .iter()
                .any(|k| container.get(k).is_some_and(|v| !v.is_null())),
            Shape::Whole => match container {
                Value::Null => false,
                Value::Object(o) => !o.is_empty(),
                Value::Array(a) => !a.is_empty(),
                _ => true,
            },
            Shape::Items | Shape::ItemsWhere { .. } => !self.items(subject).is_empty(),
        }
    }

    /// The image leaves of a capture element, in capture order: a document's
    /// `side1Image` (the front) and `side2Image` (the back), a selfie's `selfieImage`
    /// (API-NOTES §3.3, §3.5). Empty for every other element.
    pub fn image_leaves(&self) -> &'static [&'static str] {
        match self {
            DomainElement::PrimaryDocument | DomainElement::SecondaryDocument => {
                &["side1Image", "side2Image"]
            }
            DomainElement::Selfie | DomainElement::EncryptedSelfie => &["selfieImage"],
            _ => &[],
        }
    }

    /// The array items that are this element in `subject` (for `Items` and
    /// `ItemsWhere` shapes, in order; empty for the other shapes): for
    /// `PrimaryDocument`, the documents whose `type` is primary.
    pub fn items<'a>(&self, subject: &'a Value) -> Vec<&'a Value> {
        let Some(m) = self.mapping() else {
            return Vec::new();
        };
        let Some(items) = m.container(subject).and_then(Value::as_array) else {
            return Vec::new();
        };
        match m.shape {
            Shape::Items => items.iter().collect(),
            Shape::ItemsWhere { key, value } => items
                .iter()
                .filter(|item| matches(item, key, value))
                .collect(),
            Shape::Members(_) | Shape::Whole => Vec::new(),
        }
    }
}

fn where_type(value: &'static str) -> Shape {
    Shape::ItemsWhere { key: "type", value }
}

fn matches(item: &Value, key: &str, value: &str) -> bool {
    item.get(key)
        .and_then(Value::as_str)
        .is_some_and(|v| v.eq_ignore_ascii_case(value))
}

/// A catalogue ref: an element, optionally with a leaf (`PrimaryDocument/side1Image`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElementRef {
    /// The element (the top-level ref).
    pub element: DomainElement,
    /// The leaf within it.
    pub leaf: Option<String>,
}

impl ElementRef {
    /// The whole element.
    pub fn element(element: DomainElement) -> ElementRef {
        ElementRef {
            element,
            leaf: None,
        }
    }
}

impl ElementRef {
    /// Whether `subject` holds a value for this ref: for an element, one of its
    /// leaves ([`DomainElement::is_present`]); for a leaf, that member of the element
    /// (of one of its items, for array elements), neither `null` nor `""`. GO refuses
    /// a submit whose `participants` name a ref without data (API-NOTES §3.4:
    /// `Required domain element 'CurrentAddress/building' data is missing from
    /// context`).
    pub fn has_data(&self, subject: &Value) -> bool {
        let Some(leaf) = &self.leaf else {
            return self.element.is_present(subject);
        };
        let Some(m) = self.element.mapping() else {
            return false;
        };
        let filled = |v: Option<&Value>| {
            v.is_some_and(|v| !v.is_null() && v.as_str().is_none_or(|s| !s.is_empty()))
        };
        match m.shape {
            Shape::Items | Shape::ItemsWhere { .. } => self
                .element
                .items(subject)
                .iter()
                .any(|item| filled(item.get(leaf))),
            Shape::Members(_) | Shape::Whole => {
                filled(m.container(subject).and_then(|c| c.get(leaf)))
            }
        }
    }
}

impl FromStr for ElementRef {
    type Err = std::convert::Infallible;
    /// Never fails: unknown elements are kept. `Subject/<member>` is one element, so
    /// its leaf is the third segment.
    fn from_str(s: &str) -> Result<ElementRef, Self::Err> {
        let split_at = if s.starts_with("Subject/") {
            s.match_indices('/').nth(1).map(|(i, _)| i)
        } else {
            s.find('/')
        };
        Ok(match split_at {
            Some(i) => ElementRef {
                element: DomainElement::parse(&s[..i]),
                leaf: Some(s[i + 1..].to_owned()),
            },
            None => ElementRef::element(DomainElement::parse(s)),
        })
    }
}

impl fmt::Display for ElementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.element.as_str())?;
        if let Some(leaf) = &self.leaf {
            write!(f, "/{leaf}")?;
        }
        Ok(())
    }
}

/// Unescape one RFC 6901 token.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The element (and leaf) a pointer into the subject falls under
/// (`/identity/currentAddress/postalCode` → `CurrentAddress/postalCode`), looking at
/// the data to tell typed array items apart. `None` when no known element covers it.
pub fn locate(subject: &Value, pointer: &str) -> Option<ElementRef> {
    let tokens: Vec<String> = pointer
        .strip_prefix('/')?
        .split('/')
        .map(unescape)
        .collect();
    KNOWN
        .iter()
        .find_map(|e| locate_in(e, subject, &tokens))
        .or_else(|| {
            // A member no specific element covers: `Subject/<member>`.
            let first = tokens.first()?;
            let e = DomainElement::subject_member(first);
            locate_in(&e, subject, &tokens)
        })
}

fn locate_in(e: &DomainElement, subject: &Value, tokens: &[String]) -> Option<ElementRef> {
    let m = e.mapping()?;
    let n = m.path.len();
    if tokens.len() < n || tokens[..n] != m.path[..] {
        return None;
    }
    let rest = &tokens[n..];
    let leaf = match m.shape {
        Shape::Members(keys) => {
            let first = rest.first()?;
            if !keys.contains(&first.as_str()) {
                return None;
            }
            if keys.len() == 1 {
                // `DateOfBirth` is its one member: no leaf of its own.
                return Some(ElementRef::element(e.clone()));
            }
            first.clone()
        }
        Shape::Whole => return Some(leaf_ref(e, rest.first())),
        Shape::Items => return Some(leaf_ref(e, rest.get(1))),
        Shape::ItemsWhere { key, value } => {
            let index: usize = rest.first()?.parse().ok()?;
            let container = m.container(subject)?;
            let item = container.as_array()?.get(index)?;
            if !matches(item, key, value) {
                return None;
            }
            return Some(leaf_ref(e, rest.get(1)));
        }
    };
    Some(ElementRef {
        element: e.clone(),
        leaf: Some(leaf),
    })
}

fn leaf_ref(e: &DomainElement, leaf: Option<&String>) -> ElementRef {
    ElementRef {
        element: e.clone(),
        leaf: leaf.cloned(),
    }
}

/// The `participants` of a submit (DESIGN's rule): the top-level refs of the current
/// interaction's `collects` (group inputs included) that have at least one mapped leaf
/// present in `subject`, in `collects` order, each once. Unknown refs, which have no
/// mapping, are never included; name them yourself when needed.
pub fn participants(collects: &[Collect], subject: &Value) -> Vec<Participant> {
    let mut seen: Vec<DomainElement> = Vec::new();
    let mut out = Vec::new();
    let mut stack: Vec<&Collect> = collects.iter().rev().collect();
    while let Some(c) = stack.pop() {
        stack.extend(c.inputs.iter().rev());
        let Ok(r) = c.reference.parse::<ElementRef>();
        if seen.contains(&r.element) {
            continue;
        }
        seen.push(r.element.clone());
        if r.element.is_present(subject) {
            out.push(Participant::new(r.element.as_str()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{Combinator, Spec};
    use serde_json::json;

    #[test]
    fn refs_have_data_by_element_and_by_leaf() {
        let subject = json!({
            "identity": {"firstName": "Ada", "currentAddress": {"postalCode": "SW1", "building": ""}},
            "documents": [{"type": "Primary", "side1Image": "front"}],
            "biometrics": [{"anchorImage": "gofs://a"}]
        });
        let has = |r: &str| r.parse::<ElementRef>().unwrap().has_data(&subject);
        assert!(has("FullName"));
        assert!(has("FullName/firstName"));
        assert!(!has("FullName/lastNames"));
        assert!(has("CurrentAddress/postalCode"));
        assert!(
            !has("CurrentAddress/building"),
            "an empty string is no data"
        );
        assert!(has("PrimaryDocument/side1Image"));
        assert!(!has("PrimaryDocument/side2Image"));
        assert!(!has("SecondaryDocument"));
        assert!(has("Selfie"), "an anchor entry is a biometrics item");
        assert!(!has("Selfie/selfieImage"));
        assert!(!has("Consent"));
        assert_eq!(
            DomainElement::PrimaryDocument.image_leaves(),
            ["side1Image", "side2Image"]
        );
        assert!(DomainElement::FullName.image_leaves().is_empty());
    }

    #[test]
    fn refs_round_trip() {
        for s in [
            "FullName",
            "CurrentAddress/postalCode",
            "Subject/identity",
            "Subject/identity/gender",
            "Brand/newThing",
        ] {
            let r: ElementRef = s.parse().unwrap();
            assert_eq!(r.to_string(), s);
        }
        let r: ElementRef = "Subject/identity/gender".parse().unwrap();
        assert_eq!(r.element, DomainElement::SubjectIdentity);
        assert_eq!(r.leaf.as_deref(), Some("gender"));
        let r: ElementRef = "Brand/newThing".parse().unwrap();
        assert_eq!(r.element, DomainElement::Other("Brand".into()));
    }

    #[test]
    fn locate_by_pointer_and_data() {
        let s = json!({
            "identity": {"firstName": "A", "gender": "x", "phones": [{"type": "landline"}, {"type": "MOBILE", "number": "1"}]},
            "documents": [{"type": "Primary", "side1Image": "b64"}],
            "uid": "u"
        });
        let at = |p: &str| locate(&s, p).map(|r| r.to_string());
        assert_eq!(
            at("/identity/firstName").as_deref(),
            Some("FullName/firstName")
        );
        assert_eq!(
            at("/identity/currentAddress/postalCode").as_deref(),
            Some("CurrentAddress/postalCode")
        );
        assert_eq!(
            at("/identity/phones/1/number").as_deref(),
            Some("MobilePhone/number")
        );
        // A landline is no catalogue element of its own: it is part of the identity.
        assert_eq!(
            at("/identity/phones/0/number").as_deref(),
            Some("Subject/identity/phones")
        );
        assert_eq!(
            at("/documents/0/side1Image").as_deref(),
            Some("PrimaryDocument/side1Image")
        );
        assert_eq!(
            at("/identity/gender").as_deref(),
            Some("Subject/identity/gender")
        );
        assert_eq!(at("/uid").as_deref(), Some("Subject/uid"));
        assert_eq!(at("/identity/dateOfBirth").as_deref(), Some("DateOfBirth"));
        assert_eq!(at(""), None);
    }

    #[test]
    fn participants_follow_presence_and_groups() {
        let mut group = Collect::new("Documents", Spec::Required);
        group.combinator = Some(Combinator::OneOf);
        group.inputs = vec![
            Collect::new("PrimaryDocument/side1Image", Spec::Required),
            Collect::new("SecondaryDocument", Spec::Required),
        ];
        let collects = vec![
            Collect::new("FullName", Spec::Required),
            Collect::new("PersonalEmail", Spec::Optional),
            group,
            Collect::new("Consent", Spec::Required),
            Collect::new("SomethingNew", Spec::Optional),
        ];
        let subject = json!({
            "identity": {"lastNames": ["L"], "emails": [{"type": "work", "email": "a@b.c"}]},
            "documents": [{"type": "primary", "side1Image": "b64"}],
            "consent": []
        });
        let ids: Vec<String> = participants(&collects, &subject)
            .into_iter()
            .map(|p| p.domain_element_id)
            .collect();
        assert_eq!(ids, ["FullName", "PrimaryDocument"]);
    }
}
