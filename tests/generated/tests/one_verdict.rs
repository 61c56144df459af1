//! One verdict, and each violation in its own place:
//! - generated `Deserialize` impls read strictly, whatever the `Deserializer`: a
//!   duplicate key is refused (serde_json's own `Value` would keep the last one, so
//!   tools would disagree on the verdict), and nesting past 128 levels is one "too
//!   deep" error;
//! - identical rules share one validator, yet each violation names its own schema
//!   location.

use gbg_go_generated_tests::consent;
use serde::de::value::MapDeserializer;
use serde::de::IntoDeserializer;
use serde::Deserialize;

#[test]
fn duplicate_keys_are_refused_from_json() {
    let text = r#"{"context": {"subject": {"consent": [{"type": "explicit", "url": "https://example.com/t"}]}},
                   "context": {"subject": {}}}"#;
    let err = serde_json::from_str::<consent::Root>(text).unwrap_err();
    assert!(err.to_string().contains("duplicate key `context`"), "{err}");
    // Without the duplicate it is valid.
    let one = r#"{"context": {"subject": {"consent": [{"type": "explicit", "url": "https://example.com/t"}]}}}"#;
    serde_json::from_str::<consent::Root>(one).unwrap();
}

#[test]
fn duplicate_keys_are_refused_from_any_deserializer() {
    // A serde map with the same key twice, from no JSON text at all.
    let valid = serde_json::json!({"subject": {"consent": [{"type": "explicit", "url": "https://example.com/t"}]}});
    let entries = vec![("context", valid.clone()), ("context", valid)];
    let de: MapDeserializer<'_, _, serde_json::Error> = MapDeserializer::new(entries.into_iter());
    let err = consent::Root::deserialize(de).unwrap_err();
    assert!(err.to_string().contains("duplicate key `context`"), "{err}");
}

#[test]
fn nesting_past_the_limit_is_one_error_from_any_deserializer() {
    let mut deep = serde_json::Value::Null;
    for _ in 0..300 {
        deep = serde_json::Value::Array(vec![deep]);
    }
    let doc = serde_json::json!({"context": {"subject": {"consent": deep}}});
    let err = consent::Root::deserialize(doc.into_deserializer()).unwrap_err();
    assert!(err.to_string().contains("too deep"), "{err}");
}

/// Identical rules share one generated validator (an address line and a first name
/// are both strings of 1–100 characters in `kyc`), yet each violation names its own
/// place in the schema.
#[test]
fn shared_validators_report_their_own_schema_location() {
    use gbg_go_generated_tests::kyc;
    let long = "x".repeat(101);
    let doc = serde_json::json!({"context": {"subject": {"identity": {
        "firstName": long, "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"lines": [long], "country": "GB"}
    }}}});
    let e = kyc::Root::validate_json(&doc).unwrap_err();
    let at = |pointer: &str| {
        e.violations()
            .iter()
            .find(|v| v.pointer == pointer)
            .map(|v| v.schema_location.clone())
            .unwrap_or_default()
    };
    assert!(
        at("/context/subject/identity/firstName")
            .ends_with("/identity/properties/firstName/maxLength"),
        "{e}"
    );
    assert!(
        at("/context/subject/identity/currentAddress/lines/0")
            .ends_with("/currentAddress/properties/lines/items/maxLength"),
        "{e}"
    );
    // A type's own `validate_json` names its own place, not that of another type
    // with the same rules (`Line` and `FirstName` share one validator function).
    let line = kyc::Line::validate_json(&serde_json::json!("")).unwrap_err();
    assert!(
        line.violations()[0]
            .schema_location
            .ends_with("/currentAddress/properties/lines/items/minLength"),
        "{line}"
    );
    let first = kyc::FirstName::validate_json(&serde_json::json!("")).unwrap_err();
    assert!(
        first.violations()[0]
            .schema_location
            .ends_with("/identity/properties/firstName/minLength"),
        "{first}"
    );
}

/// Generated types read any self-describing serde `Deserializer` in one pass, not
/// only serde_json: a YAML document gives the same value, and an invalid one the
/// same violations (pointer, keyword, schema location), as the JSON text.
#[test]
fn yaml_reads_like_json() {
    use gbg_go_generated_tests::kyc;
    let yaml = r#"
context:
  subject:
    identity:
      title: Dr
      firstName: Ada
      lastNames: [Lovelace]
      dateOfBirth: "1815-12-10"
      currentAddress:
        lines: ["1 High Street"]
        locality: Leeds
        postalCode: LS1 1AA
        country: GB
      emails:
        - email: ada@example.com
      phones:
        - number: "+447700900123"
    consent:
      - type: explicit
        url: https://example.com/terms
"#;
    let json = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/kyc/valid/full.json"),
    )
    .unwrap();
    let from_yaml: kyc::Root = serde_norway::from_str(yaml).unwrap();
    let from_json: kyc::Root = serde_json::from_str(&json).unwrap();
    assert!(from_yaml == from_json);

    // Invalid: a country name where a code belongs, a missing `lastNames`, and an
    // undeclared member of a closed object.
    let bad_yaml = yaml
        .replace("country: GB", "country: United Kingdom")
        .replace("      lastNames: [Lovelace]\n", "")
        .replace(
            "number: \"+447700900123\"",
            "number: \"+447700900123\"\n          extension: 12",
        );
    let value: serde_json::Value = serde_norway::from_str(&bad_yaml).unwrap();
    let expected = kyc::Root::validate_json(&value)
        .unwrap_err()
        .violations()
        .to_vec();
    assert!(expected.len() >= 2, "{expected:?}");
    let err = serde_norway::from_str::<kyc::Root>(&bad_yaml)
        .unwrap_err()
        .to_string();
    for v in &expected {
        assert!(err.contains(&v.to_string()), "{err}\n  lacks {v}");
    }
    // And the structured entry point on the same document as JSON text.
    let e = kyc::Root::from_json_str(&value.to_string()).unwrap_err();
    let mut got = e.violations().to_vec();
    let mut want = expected;
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

/// The structured entry points: every violation of a document, and a syntax error
/// as one located violation, never a value.
#[test]
fn structured_entry_points_list_every_violation() {
    use gbg_go::ViolationKind;
    use gbg_go_generated_tests::kyc;
    let e = kyc::Root::from_json_str(r#"{"context": {"subject": {"identity": {"firstName": 7}}}}"#)
        .unwrap_err();
    let kinds: Vec<&ViolationKind> = e.violations().iter().map(|v| &v.kind).collect();
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, ViolationKind::Type { .. })),
        "{kinds:?}"
    );
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, ViolationKind::Required { property } if property == "lastNames")),
        "{kinds:?}"
    );
    let e = kyc::Root::from_json_str("{\"context\": {\"subject\": \"secret-value\"").unwrap_err();
    let [v] = e.violations() else {
        panic!("one violation: {e}")
    };
    assert!(
        matches!(v.kind, ViolationKind::Syntax { line: 1, .. }),
        "{v:?}"
    );
    assert!(!e.to_string().contains("secret-value"), "{e}");
}

/// Arrays with a length rule are read item by item too: the count is checked once
/// the array is read, before the items' own violations, as the interpreter reports.
#[test]
fn array_lengths_are_checked_in_one_pass() {
    use gbg_go_generated_tests::kyc;
    let long = "x".repeat(101);
    for lines in [
        serde_json::json!([]),
        serde_json::json!(["1", "2", "3", "4", "5", "6", long]),
        serde_json::json!([long, 7]),
    ] {
        let doc = serde_json::json!({"context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": [], "dateOfBirth": "1815-12-10",
            "currentAddress": {"lines": lines, "country": "GB"}
        }}}});
        let want = kyc::Root::validate_json(&doc)
            .unwrap_err()
            .violations()
            .to_vec();
        let got = kyc::Root::from_json_str(&doc.to_string())
            .unwrap_err()
            .violations()
            .to_vec();
        assert_eq!(got, want, "{doc}");
        assert!(
            got.iter()
                .any(|v| v.keyword == "minItems" || v.keyword == "maxItems" || v.keyword == "type"),
            "{got:?}"
        );
    }
}
