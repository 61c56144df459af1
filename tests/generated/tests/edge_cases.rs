//! The generator's edge cases (tests/schemas/edge-cases.json): odd property names,
//! recursion, `oneOf` unions, tuples, patternProperties, nullable `anyOf`, and the
//! verdicts of the generated code against the interpreter and `jsonschema`.

use gbg_go_generated_tests::edge_cases;
use serde_json::{json, Value};

fn schema_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/edge-cases.json")
}

fn valid() -> Vec<Value> {
    vec![
        json!({}),
        json!({"type": "t", "2fa": true, "first-name": "a", "first_name": "b", "ünïcode": 3, "": 1.5, "self": "s"}),
        json!({"tree": {"name": "root", "children": [{"name": "leaf", "children": []}], "parent": {"name": "up"}}}),
        json!({"choice": "abc"}),
        json!({"choice": 7}),
        json!({"choice": {"kind": "x"}}),
        json!({"maybe": null}),
        json!({"maybe": "2026-11-26"}),
        json!({"tuple": ["a", 1]}),
        json!({"tuple": ["a"]}),
        json!({"tags": {"x-team": "kyc"}, "scores": {"a": 0, "b": 2.5}}),
        json!({"labels": {"en": "yes", "fr": "oui"}}),
        json!({"codes": ["GB", "FR"]}),
        json!({"meta": {"x-id": "abc", "name": "n", "x-other": "zz", "count": 1}}),
        json!({"status": "in-active", "notEmpty": "x", "mixed": 3}),
        json!({"mixed": "three", "other": {"kept": true}}),
        json!({"window": {"kind": 1}}),
        json!({"window": {"kind": 0, "from": "a", "to": "b"}}),
    ]
}

fn invalid() -> Vec<(Value, &'static str, &'static str)> {
    vec![
        (json!({"ünïcode": -1}), "/ünïcode", "minimum"),
        (json!({"": 1.2}), "/", "multipleOf"),
        (json!({"choice": "abcd"}), "/choice", "oneOf"),
        (json!({"choice": 1.5}), "/choice", "oneOf"),
        (json!({"maybe": "2026-02-30"}), "/maybe", "anyOf"),
        (json!({"tuple": ["a", 1, 2]}), "/tuple/2", "false"),
        (json!({"tuple": [1]}), "/tuple/0", "type"),
        (
            json!({"tags": {"team": "kyc"}}),
            "/tags/team",
            "additionalProperties",
        ),
        (json!({"scores": {"a": -1}}), "/scores/a", "minimum"),
        (
            json!({"scores": {"a": -1, "b": "x", "c": 1}}),
            "/scores/b",
            "type",
        ),
        (json!({"scores": [1]}), "/scores", "type"),
        (
            json!({"tags": {"x-a": 1, "x-b": "ok", "y": 2}}),
            "/tags/x-a",
            "type",
        ),
        (
            json!({"tags": {"x-a": "ok", "y": {"deep": [1]}}}),
            "/tags/y",
            "additionalProperties",
        ),
        (json!({"tags": "x"}), "/tags", "type"),
        (json!({"labels": {}}), "/labels", "minProperties"),
        (json!({"codes": ["FR"]}), "/codes", "contains"),
        (json!({"codes": ["GB", "GB"]}), "/codes", "uniqueItems"),
        (json!({"codes": ["xyz", "xyz"]}), "/codes", "uniqueItems"),
        (json!({"codes": ["xyz", "xyz"]}), "/codes/1", "maxLength"),
        (json!({"codes": ["GB", 5]}), "/codes/1", "type"),
        (json!({"meta": {"x-id": "a"}}), "/meta/x-id", "minLength"),
        (
            json!({"meta": {"x-id": "abcd", "name": 1}}),
            "/meta/x-id",
            "maxLength",
        ),
        (
            json!({"meta": {"x-q": "a", "count": "one"}}),
            "/meta/x-q",
            "minLength",
        ),
        (json!({"meta": {"other": "s"}}), "/meta/other", "type"),
        (json!({"meta": {"x-id": 5}}), "/meta/x-id", "type"),
        (json!({"labels": {"fr": "x"}}), "/labels", "required"),
        (
            json!({"labels": {"en": "x", "fr": "y", "de": "z"}}),
            "/labels",
            "maxProperties",
        ),
        (
            json!({"labels": {"en": "x", "FR": "y"}}),
            "/labels/FR",
            "propertyNames",
        ),
        (json!({"labels": {"en": "long"}}), "/labels/en", "maxLength"),
        (json!({"status": "Active"}), "/status", "enum"),
        (json!({"notEmpty": ""}), "/notEmpty", "not"),
        (json!({"mixed": 1.5}), "/mixed", "type"),
        (
            json!({"tree": {"children": [{"parent": {"name": 3}}]}}),
            "/tree/children/0/parent/name",
            "type",
        ),
        (json!({"window": {}}), "/window", "minProperties"),
        (json!({"window": {"to": "b"}}), "/window", "required"),
        (
            json!({"window": {"kind": 1, "from": "a"}}),
            "/window",
            "dependentRequired",
        ),
        (
            json!({"window": {"kind": 1, "a": 1, "b": 2, "c": 3}}),
            "/window",
            "maxProperties",
        ),
        (json!({"window": {"kind": -1}}), "/window/kind", "minimum"),
        (
            json!({"window": {"kind": 1, "Kind": 2}}),
            "/window/Kind",
            "propertyNames",
        ),
        (
            json!({"window": {"kind": 1, "kinds": 2}}),
            "/window/kinds",
            "propertyNames",
        ),
    ]
}

/// A struct whose rules span members is read in one pass (its object rules
/// checked on what was read), and `validate()` and its setters check the typed
/// members directly: the same violations, in the same order, as validating its JSON.
#[test]
fn cross_member_rules_on_typed_values() {
    let root: edge_cases::Root =
        serde_json::from_value(json!({"window": {"kind": 1, "from": "a", "to": "b"}})).unwrap();
    root.validate().unwrap();
    let mut window = root.window().cloned().unwrap();
    // dependentRequired: `from` needs `to`; the failed change leaves the value as it was.
    let err = window.set_to(None).unwrap_err();
    let again = edge_cases::Window::validate_json(&json!({"kind": 1, "from": "a"})).unwrap_err();
    assert_eq!(err.violations(), again.violations());
    assert_eq!(err.violations()[0].keyword, "dependentRequired");
    assert_eq!(window.to().map(String::as_str), Some("b"));
    // required `kind` lives among the undeclared members; maxProperties counts them too.
    let mut extra = std::collections::BTreeMap::new();
    for k in ["a", "b", "c"] {
        extra.insert(k.to_owned(), edge_cases::WindowValue::new(1).unwrap());
    }
    let err = window.set_extra(extra).unwrap_err();
    let again =
        edge_cases::Window::validate_json(&json!({"from": "a", "to": "b", "a": 1, "b": 1, "c": 1}))
            .unwrap_err();
    assert_eq!(err.violations(), again.violations());
    let keywords: Vec<&str> = err.violations().iter().map(|v| v.keyword).collect();
    assert_eq!(keywords, ["maxProperties", "required"]);
    window.set_from(None).unwrap();
    window.validate().unwrap();
    // propertyNames on the typed keys, declared and undeclared.
    let mut extra = std::collections::BTreeMap::new();
    extra.insert("kind".to_owned(), edge_cases::WindowValue::new(1).unwrap());
    extra.insert("Bad".to_owned(), edge_cases::WindowValue::new(1).unwrap());
    let err = window.set_extra(extra).unwrap_err();
    let again =
        edge_cases::Window::validate_json(&json!({"to": "b", "kind": 1, "Bad": 1})).unwrap_err();
    assert_eq!(err.violations(), again.violations());
    assert_eq!(err.violations().len(), 1, "{err}");
    assert_eq!(err.violations()[0].pointer, "/Bad");
    assert_eq!(err.violations()[0].keyword, "propertyNames");
}

#[test]
fn valid_values_round_trip() {
    for v in valid() {
        let root: edge_cases::Root =
            serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"));
        let back = serde_json::to_value(&root).unwrap();
        assert!(
            gbg_go_schema::check::json_equal(&v, &back),
            "{v} came back as {back}"
        );
    }
}

#[test]
fn invalid_values_are_rejected_where_expected() {
    for (v, pointer, keyword) in invalid() {
        let err = edge_cases::Root::validate_json(&v).expect_err(&v.to_string());
        assert!(
            err.violations()
                .iter()
                .any(|x| x.pointer == pointer && x.keyword == keyword),
            "{v}: expected {pointer} {keyword}, got {err}"
        );
        assert!(serde_json::from_value::<edge_cases::Root>(v).is_err());
    }
}

/// A map's rules on its keys and values, checked on the typed map as they are while
/// reading.
#[test]
fn map_rules_on_typed_values() {
    let mut root = edge_cases::Root::from_json_str(r#"{"labels": {"en": "yes"}}"#).unwrap();
    root.validate().unwrap();
    let mut labels = root.labels().cloned().unwrap();
    labels.insert("FR".into(), edge_cases::LabelValue::new("oui").unwrap());
    labels.insert("de".into(), edge_cases::LabelValue::new("ja").unwrap());
    let err = root.set_labels(Some(labels)).unwrap_err();
    let again =
        edge_cases::Root::validate_json(&json!({"labels": {"en": "yes", "FR": "oui", "de": "ja"}}))
            .unwrap_err();
    let mut ours: Vec<_> = err.violations().to_vec();
    let mut theirs: Vec<_> = again.violations().to_vec();
    ours.sort_by(|a, b| (&a.pointer, a.keyword).cmp(&(&b.pointer, b.keyword)));
    theirs.sort_by(|a, b| (&a.pointer, a.keyword).cmp(&(&b.pointer, b.keyword)));
    assert_eq!(ours, theirs);
    let keywords: Vec<&str> = ours.iter().map(|v| v.keyword).collect();
    assert_eq!(keywords, ["maxProperties", "propertyNames"]);

    // patternProperties on a typed map of JSON values.
    let mut tags = std::collections::BTreeMap::new();
    tags.insert("x-ok".to_owned(), json!("fine"));
    tags.insert("x-bad".to_owned(), json!(1));
    tags.insert("other".to_owned(), json!("no"));
    let err = root.set_tags(Some(tags)).unwrap_err();
    let again = edge_cases::Root::validate_json(
        &json!({"labels": {"en": "yes"}, "tags": {"x-ok": "fine", "x-bad": 1, "other": "no"}}),
    )
    .unwrap_err();
    assert_eq!(err.violations(), again.violations());
    let found: Vec<(&str, &str)> = err
        .violations()
        .iter()
        .map(|v| (v.pointer.as_str(), v.keyword))
        .collect();
    assert_eq!(
        found,
        [
            ("/tags/other", "additionalProperties"),
            ("/tags/x-bad", "type")
        ]
    );
}

/// Declared members that patterns also judge, and pattern members, checked on typed
/// values as they are while reading.
#[test]
fn pattern_rules_on_typed_structs() {
    let mut meta = edge_cases::Meta::new().unwrap();
    // `XId` keeps its own maxLength; the pattern's minLength applies too.
    let err = meta
        .set_x_id(Some(edge_cases::XId::new("a").unwrap()))
        .unwrap_err();
    let again = edge_cases::Meta::validate_json(&json!({"x-id": "a"})).unwrap_err();
    assert_eq!(err.violations(), again.violations());
    assert_eq!(
        err.violations()[0].schema_location,
        "edge-cases.json#/properties/meta/patternProperties/^x-/minLength"
    );
    let mut extra = std::collections::BTreeMap::new();
    extra.insert("x-q".to_owned(), json!("a"));
    extra.insert("n".to_owned(), json!("s"));
    let err = meta.set_extra(extra).unwrap_err();
    let again = edge_cases::Meta::validate_json(&json!({"x-q": "a", "n": "s"})).unwrap_err();
    assert_eq!(err.violations(), again.violations());
    assert_eq!(err.violations().len(), 2, "{err}");
}

/// `uniqueItems` and `contains` of an array of scalars, on typed values.
#[test]
fn array_rules_on_typed_values() {
    let code = |c: &str| edge_cases::EdgeCasesCode::new(c).unwrap();
    let err = edge_cases::Codes::new(vec![code("GB"), code("GB"), code("FR")]).unwrap_err();
    let again = edge_cases::Codes::validate_json(&json!(["GB", "GB", "FR"])).unwrap_err();
    assert_eq!(err.violations(), again.violations());
    let keywords: Vec<&str> = err.violations().iter().map(|v| v.keyword).collect();
    assert_eq!(keywords, ["uniqueItems"]);
    let err = edge_cases::Codes::new(vec![code("FR"), code("DE")]).unwrap_err();
    let again = edge_cases::Codes::validate_json(&json!(["FR", "DE"])).unwrap_err();
    assert_eq!(err.violations(), again.violations());
    assert_eq!(err.violations()[0].keyword, "contains");
    edge_cases::Codes::new(vec![code("GB"), code("FR")]).unwrap();
}

/// The one-pass read gives the interpreter's violations (as sets: reading order
/// may differ from the interpreter's sorted keys), each at its own schema location.
#[test]
fn one_pass_reads_report_what_the_interpreter_reports() {
    let interpreter = gbg_go_schema::Validator::new(gbg_go_schema::load(&schema_path()).unwrap());
    // Locations by file name and pointer (the interpreter names the file by the path
    // it was loaded from).
    let full = |v: &gbg_go::Violation| {
        let (file, pointer) = v.schema_location.rsplit_once('#').unwrap();
        let file = file.rsplit('/').next().unwrap().to_owned();
        (v.pointer.clone(), v.keyword, file, pointer.to_owned())
    };
    for (v, _, _) in invalid() {
        let ours = edge_cases::Root::from_json_str(&v.to_string()).unwrap_err();
        let mut ours: Vec<_> = ours.violations().iter().map(full).collect();
        let mut theirs: Vec<_> = interpreter.validate(&v).iter().map(full).collect();
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs, "{v}");
    }
}

#[test]
fn three_implementations_agree() {
    let text = std::fs::read_to_string(schema_path()).unwrap();
    let reference = jsonschema::options()
        .should_validate_formats(true)
        .build(&serde_json::from_str(&text).unwrap())
        .unwrap();
    let interpreter = gbg_go_schema::Validator::new(gbg_go_schema::load(&schema_path()).unwrap());
    let all = valid()
        .into_iter()
        .chain(invalid().into_iter().map(|(v, _, _)| v));
    for v in all {
        let ours = edge_cases::Root::validate_json(&v).is_ok();
        assert_eq!(ours, interpreter.is_valid(&v), "{v}: interpreter");
        assert_eq!(ours, reference.is_valid(&v), "{v}: jsonschema");
    }
}

#[test]
fn unions_pick_the_matching_branch() {
    let root: edge_cases::Root = serde_json::from_value(json!({"choice": {"kind": "x"}})).unwrap();
    assert!(matches!(root.choice(), Some(edge_cases::Choice::Kind(_))));
    let root: edge_cases::Root = serde_json::from_value(json!({"choice": 7})).unwrap();
    assert!(matches!(
        root.choice(),
        Some(edge_cases::Choice::Integer(7))
    ));
}

#[test]
fn recursive_types_debug_without_values() {
    let root: edge_cases::Root =
        serde_json::from_value(json!({"tree": {"name": "secret-name", "parent": {"name": "x"}}}))
            .unwrap();
    let debug = format!("{root:?}");
    assert!(
        debug.contains("parent: Some(Node") && !debug.contains("secret-name"),
        "{debug}"
    );
}
