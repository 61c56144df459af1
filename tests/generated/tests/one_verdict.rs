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
}
