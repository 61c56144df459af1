//! DESIGN's *Capture semantics* (v2 only), each rule written once: how a partial
//! submit merges into what an instance holds, and whether a document is two-sided.
//!
//! INFERRED from API-NOTES §3.3–3.4, §4.3 and GBG's sample backends on live tenants,
//! which send the front, the back and the selfie of a capture in separate submits:
//! GO documents none of these rules.

use serde_json::Value;

/// Merge a v2 submit's subject `patch` into the `held` subject (INFERRED, DESIGN
/// *Capture semantics*, "Partial submits merge"):
///
/// - objects member by member, recursively;
/// - `documents` items by `type`, case-insensitively, the held spelling kept: an
///   incoming item updates the held item of the same type member by member; an item
///   without `type` merges into the only held document, or is appended when there are
///   none or several;
/// - `biometrics` entries by the image members they carry (`selfieImage`,
///   `anchorImage`, …): an entry updates the held entry that carries one of the same
///   image members, else it is appended, so a selfie never clobbers an anchor;
/// - items of one submit are matched only against what was held before it, never
///   against each other;
/// - every other array, and every scalar, is replaced.
///
/// So `documents: [{type: "Primary", side2Image}]` completes the held front, and a
/// resubmit of the same data changes nothing.
pub(crate) fn merge_submit(held: &mut Value, patch: &Value) {
    let (Value::Object(held), Value::Object(patch)) = (&mut *held, patch) else {
        *held = patch.clone();
        return;
    };
    for (key, incoming) in patch {
        match (key.as_str(), held.get_mut(key), incoming) {
            ("documents", Some(Value::Array(items)), Value::Array(new)) => {
                merge_items(items, new, document_match);
            }
            ("biometrics", Some(Value::Array(items)), Value::Array(new)) => {
                merge_items(items, new, biometric_match);
            }
            (_, Some(existing), _) => merge_members(existing, incoming),
            (_, None, _) => {
                held.insert(key.clone(), incoming.clone());
            }
        }
    }
}

/// Objects member by member, recursively; anything else replaced. v1's `Complete`
/// merges a task's data into the journey's subject this way.
pub(crate) fn merge_members(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                match t.get_mut(k) {
                    Some(existing) => merge_members(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// Which held item (among the first `held` of `items`) an incoming item updates.
type Matcher = fn(&[Value], &Value) -> Option<usize>;

/// Merge each incoming item into the held item `matcher` picks (member by member,
/// the held `type` spelling kept), or append it.
fn merge_items(items: &mut Vec<Value>, incoming: &[Value], matcher: Matcher) {
    let held = items.len();
    for item in incoming {
        match matcher(&items[..held], item) {
            Some(i) => merge_keeping_type(&mut items[i], item),
            None => items.push(item.clone()),
        }
    }
}

fn merge_keeping_type(target: &mut Value, patch: &Value) {
    let kept = target.get("type").cloned();
    merge_members(target, patch);
    if let (Some(kept), Value::Object(t)) = (kept, target) {
        t.insert("type".into(), kept);
    }
}

/// A document updates the held document of the same `type` (case-insensitive); one
/// without `type` updates the only held document.
fn document_match(held: &[Value], item: &Value) -> Option<usize> {
    match item.get("type").and_then(Value::as_str) {
        Some(kind) => held.iter().position(|h| {
            h.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case(kind))
        }),
        None => (held.len() == 1).then_some(0),
    }
}

/// A biometrics entry updates the held entry that carries one of the image members it
/// carries.
fn biometric_match(held: &[Value], item: &Value) -> Option<usize> {
    let images = image_members(item);
    held.iter()
        .position(|h| image_members(h).iter().any(|m| images.contains(m)))
}

/// The image members of a biometrics entry (`selfieImage`, `anchorImage`,
/// `faceImage`, `face1Image`, …: API-NOTES §4.4).
fn image_members(entry: &Value) -> Vec<&str> {
    entry
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, v)| k.ends_with("Image") && !v.is_null())
                .map(|(k, _)| k.as_str())
                .collect()
        })
        .unwrap_or_default()
}

/// How many sides a document has, as far as it can be told (INFERRED, DESIGN
/// *Capture semantics*, "Sides").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sides {
    One,
    Two,
}

/// Whether the primary document needs its back: the scenario's classification output
/// (`isDoubleSided`, as GO's classification module outputs it) first, then the
/// document's own hints (`category`, `subtype`, `subType` naming a passport → one
/// side; a driving licence, identity card or residence permit → two), then the
/// journey definition's `default`.
pub(crate) fn sides(classified: Option<bool>, document: Option<&Value>, default: Sides) -> Sides {
    if let Some(two) = classified {
        return if two { Sides::Two } else { Sides::One };
    }
    document.and_then(hinted_sides).unwrap_or(default)
}

/// What a document's own `category` / `subtype` / `subType` say, case-insensitive
/// and in common spellings.
fn hinted_sides(document: &Value) -> Option<Sides> {
    let hints: Vec<String> = ["category", "subtype", "subType", "documentType"]
        .iter()
        .filter_map(|k| document.get(*k).and_then(Value::as_str))
        .map(|s| {
            s.to_ascii_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect()
        })
        .collect();
    let says = |words: &[&str]| hints.iter().any(|h| words.iter().any(|w| h.contains(w)));
    if says(&["passport"]) {
        Some(Sides::One)
    } else if says(&[
        "drivinglicence",
        "drivinglicense",
        "driverslicence",
        "driverslicense",
        "driverlicense",
        "driverlicence",
        "identitycard",
        "idcard",
        "nationalid",
        "residencepermit",
        "residentpermit",
        "residencecard",
    ]) {
        Some(Sides::Two)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(held: Value, patch: Value) -> Value {
        let mut held = held;
        merge_submit(&mut held, &patch);
        held
    }

    #[test]
    fn objects_merge_member_by_member() {
        assert_eq!(
            merged(
                json!({"identity": {"firstName": "Ada", "currentAddress": {"postalCode": "SW1"}}}),
                json!({"identity": {"lastNames": ["Lovelace"], "currentAddress": {"building": "Ockham"}}}),
            ),
            json!({"identity": {"firstName": "Ada", "lastNames": ["Lovelace"],
                   "currentAddress": {"postalCode": "SW1", "building": "Ockham"}}})
        );
    }

    #[test]
    fn the_back_alone_completes_the_held_front() {
        let held = json!({"documents": [{"type": "Primary", "side1Image": "front"}]});
        let back = json!({"documents": [{"type": "Primary", "side2Image": "back"}]});
        assert_eq!(
            merged(held, back),
            json!({"documents": [{"type": "Primary", "side1Image": "front", "side2Image": "back"}]})
        );
    }

    #[test]
    fn documents_match_by_type_case_insensitively_keeping_the_held_spelling() {
        let held = json!({"documents": [{"type": "Primary", "side1Image": "f"}, {"type": "secondary", "number": "1"}]});
        let out = merged(
            held,
            json!({"documents": [{"type": "PRIMARY", "side2Image": "b"}, {"type": "SECONDARY", "number": "2"}]}),
        );
        assert_eq!(
            out,
            json!({"documents": [{"type": "Primary", "side1Image": "f", "side2Image": "b"},
                                 {"type": "secondary", "number": "2"}]})
        );
    }

    #[test]
    fn a_document_without_type_merges_into_the_only_held_one_else_is_appended() {
        let one = json!({"documents": [{"type": "primary", "side1Image": "f"}]});
        assert_eq!(
            merged(one, json!({"documents": [{"side2Image": "b"}]})),
            json!({"documents": [{"type": "primary", "side1Image": "f", "side2Image": "b"}]})
        );
        let none = json!({"documents": []});
        assert_eq!(
            merged(none, json!({"documents": [{"side1Image": "f"}]})),
            json!({"documents": [{"side1Image": "f"}]})
        );
        let two = json!({"documents": [{"type": "primary"}, {"type": "secondary"}]});
        assert_eq!(
            merged(two, json!({"documents": [{"number": "9"}]}))["documents"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn a_new_type_is_appended_and_items_of_one_submit_never_merge_with_each_other() {
        let held = json!({"documents": [{"type": "primary", "side1Image": "f"}]});
        let out = merged(
            held,
            json!({"documents": [{"type": "secondary", "number": "1"}, {"type": "secondary", "number": "2"}]}),
        );
        assert_eq!(
            out,
            json!({"documents": [{"type": "primary", "side1Image": "f"},
                                 {"type": "secondary", "number": "1"},
                                 {"type": "secondary", "number": "2"}]})
        );
    }

    #[test]
    fn biometrics_merge_by_the_image_they_carry_so_a_selfie_never_clobbers_an_anchor() {
        let held = json!({"biometrics": [{"anchorImage": "gofs://anchor"}]});
        let out = merged(held, json!({"biometrics": [{"selfieImage": "me"}]}));
        assert_eq!(
            out,
            json!({"biometrics": [{"anchorImage": "gofs://anchor"}, {"selfieImage": "me"}]})
        );
        let out = merged(
            out,
            json!({"biometrics": [{"type": "Selfie", "selfieImage": "me2"}]}),
        );
        assert_eq!(
            out,
            json!({"biometrics": [{"anchorImage": "gofs://anchor"}, {"type": "Selfie", "selfieImage": "me2"}]})
        );
    }

    #[test]
    fn other_arrays_are_replaced() {
        assert_eq!(
            merged(
                json!({"identity": {"lastNames": ["A", "B"]}, "consent": [{"type": "x"}]}),
                json!({"identity": {"lastNames": ["C"]}, "consent": [{"type": "y"}]}),
            ),
            json!({"identity": {"lastNames": ["C"]}, "consent": [{"type": "y"}]})
        );
    }

    #[test]
    fn a_resubmit_of_the_same_data_changes_nothing() {
        let patches = [
            json!({"identity": {"firstName": "Ada"}}),
            json!({"documents": [{"type": "Primary", "side1Image": "f"}]}),
            json!({"documents": [{"type": "Primary", "side2Image": "b"}]}),
            json!({"biometrics": [{"selfieImage": "me"}]}),
        ];
        let mut held = json!({});
        for p in &patches {
            merge_submit(&mut held, p);
        }
        let once = held.clone();
        for p in &patches {
            merge_submit(&mut held, p);
        }
        assert_eq!(held, once);
    }

    #[test]
    fn sides_by_scenario_then_hints_then_the_journey_default() {
        let passport = json!({"type": "Primary", "category": "Passport"});
        let licence = json!({"type": "Primary", "subtype": "Driving Licence"});
        let id_card = json!({"type": "Primary", "subType": "national_id card"});
        let permit = json!({"type": "Primary", "category": "RESIDENCE PERMIT"});
        let plain = json!({"type": "Primary"});
        assert_eq!(sides(Some(true), Some(&passport), Sides::One), Sides::Two);
        assert_eq!(sides(Some(false), Some(&licence), Sides::Two), Sides::One);
        assert_eq!(sides(None, Some(&passport), Sides::Two), Sides::One);
        assert_eq!(sides(None, Some(&licence), Sides::One), Sides::Two);
        assert_eq!(sides(None, Some(&id_card), Sides::One), Sides::Two);
        assert_eq!(sides(None, Some(&permit), Sides::One), Sides::Two);
        assert_eq!(sides(None, Some(&plain), Sides::Two), Sides::Two);
        assert_eq!(sides(None, Some(&plain), Sides::One), Sides::One);
        assert_eq!(sides(None, None, Sides::Two), Sides::Two);
    }
}
