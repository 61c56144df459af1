//! Every fixture payload through the generated types:
//! - each valid payload deserializes (which validates), re-serializes to equal JSON;
//! - each invalid payload is rejected, with the expected pointer and keyword;
//! - the generated validators, the go-schema interpreter and the reference validator
//!   (`jsonschema`) give the same verdict, and the two of ours the same violations.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gbg_go::ValidationError;
use gbg_go_generated_tests as generated;
use serde_json::Value;

/// What a generated module offers the tests, erased to functions.
struct Module {
    schema: &'static str,
    /// Deserialize through serde (validating), then serialize back.
    round_trip: fn(&str) -> Result<Value, String>,
    /// The generated validator over plain JSON.
    validate_json: fn(&Value) -> Result<(), ValidationError>,
    /// `Debug` of the deserialized root.
    debug: fn(&str) -> String,
}

macro_rules! module {
    ($m:ident, $file:literal) => {
        Module {
            schema: $file,
            round_trip: |text| {
                let root: generated::$m::Root =
                    serde_json::from_str(text).map_err(|e| e.to_string())?;
                root.validate().map_err(|e| e.to_string())?;
                serde_json::to_value(&root).map_err(|e| e.to_string())
            },
            validate_json: |v| generated::$m::Root::validate_json(v),
            debug: |text| {
                format!(
                    "{:?}",
                    serde_json::from_str::<generated::$m::Root>(text).unwrap()
                )
            },
        }
    };
}

fn modules() -> Vec<Module> {
    vec![
        module!(address_history, "address-history"),
        module!(basic_identity, "basic-identity"),
        module!(biometrics, "biometrics"),
        module!(consent, "consent"),
        module!(contacts, "contacts"),
        module!(kyc, "kyc"),
        module!(kyc_2020, "kyc-2020"),
        module!(passport_document, "passport-document"),
        module!(split_address, "split-address"),
        module!(us_ssn, "us-ssn"),
    ]
}

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

fn payloads(schema: &str, kind: &str) -> Vec<(String, String)> {
    let dir = schemas_dir().join(schema).join(kind);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            (
                format!("{kind}/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "{schema} has no {kind} payloads");
    out
}

fn pairs(e: &ValidationError) -> BTreeSet<(String, String)> {
    e.violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.keyword.to_owned()))
        .collect()
}

/// A violation as (pointer, keyword, schema location): the location's file by its
/// name alone, since the interpreter names files as loaded and generated code relative
/// to the root schema.
fn full(v: &gbg_go::Violation) -> (String, String, String) {
    let (file, fragment) = v
        .schema_location
        .split_once('#')
        .unwrap_or((&v.schema_location, ""));
    let file = Path::new(file)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    (
        v.pointer.clone(),
        v.keyword.to_owned(),
        format!("{file}#{fragment}"),
    )
}

#[test]
fn every_module_is_covered() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(schemas_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let tested: BTreeSet<String> = modules().iter().map(|m| m.schema.to_owned()).collect();
    assert_eq!(
        on_disk, tested,
        "add new fixture schemas to tests/generated"
    );
}

#[test]
fn valid_payloads_round_trip() {
    for m in modules() {
        for (name, text) in payloads(m.schema, "valid") {
            let original: Value = serde_json::from_str(&text).unwrap();
            let back = (m.round_trip)(&text)
                .unwrap_or_else(|e| panic!("{}/{name} rejected: {e}", m.schema));
            assert!(
                gbg_go_schema::check::json_equal(&original, &back),
                "{}/{name} changed on a round trip:\n{original}\n{back}",
                m.schema
            );
        }
    }
}

#[test]
fn invalid_payloads_are_rejected_with_the_expected_pointer_and_keyword() {
    for m in modules() {
        let expected: serde_json::Map<String, Value> = serde_json::from_str(
            &std::fs::read_to_string(schemas_dir().join(m.schema).join("expected.json")).unwrap(),
        )
        .unwrap();
        let invalid = payloads(m.schema, "invalid");
        assert_eq!(
            invalid.len(),
            expected.len(),
            "{}: expected.json must list every invalid payload",
            m.schema
        );
        for (name, text) in invalid {
            let err =
                (m.round_trip)(&text).expect_err(&format!("{}/{name} was accepted", m.schema));
            let violations = (m.validate_json)(&serde_json::from_str(&text).unwrap())
                .expect_err("validate_json rejects too");
            let got = pairs(&violations);
            let want: BTreeSet<(String, String)> = expected[&name]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap().to_owned(),
                        p[1].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            assert_eq!(got, want, "{}/{name}", m.schema);
            // The serde error carries the same pointer and keyword.
            let (pointer, keyword) = want.iter().next().unwrap();
            assert!(
                err.contains(pointer.as_str()) && err.contains(keyword.as_str()),
                "{}/{name}: {err}",
                m.schema
            );
        }
    }
}

#[test]
fn errors_and_debug_never_show_values() {
    for m in modules() {
        for (name, text) in payloads(m.schema, "valid") {
            let debug = (m.debug)(&text);
            assert!(debug.contains("<redacted>"), "{}/{name}: {debug}", m.schema);
            for leaf in string_leaves(&serde_json::from_str(&text).unwrap()) {
                assert!(
                    !debug.contains(&format!("\"{leaf}\"")),
                    "{}/{name}: Debug shows a value: {debug}",
                    m.schema
                );
            }
        }
        let schema_text = std::fs::read_to_string(schemas_dir().join(format!("{}.json", m.schema)))
            .unwrap()
            .to_lowercase();
        for (name, text) in payloads(m.schema, "invalid") {
            let err = (m.round_trip)(&text).unwrap_err();
            for leaf in string_leaves(&serde_json::from_str(&text).unwrap()) {
                // Values the schema itself spells (enum and const values, short codes) may
                // appear in messages by naming the rule; check every other value.
                if leaf.len() > 2 && !schema_text.contains(&leaf.to_lowercase()) {
                    assert!(
                        !err.contains(&leaf),
                        "{}/{name}: error shows a value: {err}",
                        m.schema
                    );
                }
            }
        }
    }
}

fn string_leaves(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().flat_map(string_leaves).collect(),
        Value::Object(o) => o.values().flat_map(string_leaves).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn generated_interpreter_and_reference_agree() {
    for m in modules() {
        let path = schemas_dir().join(format!("{}.json", m.schema));
        let interpreter = gbg_go_schema::Validator::new(gbg_go_schema::load(&path).unwrap());
        let schema_json: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let base = format!("file://{}", path.canonicalize().unwrap().display());
        let reference = jsonschema::options()
            .should_validate_formats(true)
            .with_base_uri(base)
            .build(&schema_json)
            .unwrap();
        for kind in ["valid", "invalid"] {
            for (name, text) in payloads(m.schema, kind) {
                let v: Value = serde_json::from_str(&text).unwrap();
                let ours = (m.validate_json)(&v);
                let interp = interpreter.validate(&v);
                assert_eq!(ours.is_ok(), kind == "valid", "{}/{name}", m.schema);
                assert_eq!(
                    interp.is_empty(),
                    ours.is_ok(),
                    "{}/{name}: interpreter disagrees",
                    m.schema
                );
                assert_eq!(
                    reference.is_valid(&v),
                    ours.is_ok(),
                    "{}/{name}: jsonschema disagrees",
                    m.schema
                );
                if let Err(e) = ours {
                    // The same violations, each at its own schema location (shared
                    // validators included).
                    let interp_full: BTreeSet<_> = interp.iter().map(full).collect();
                    let ours_full: BTreeSet<_> = e.violations().iter().map(full).collect();
                    assert_eq!(
                        ours_full, interp_full,
                        "{}/{name}: violations differ",
                        m.schema
                    );
                }
            }
        }
    }
}

#[test]
fn compile_time_check_agrees() {
    // The core of `prefill!`, called as a plain function on each fixture payload
    // written as a literal, gives the generated code's verdict.
    for m in modules() {
        let path = schemas_dir().join(format!("{}.json", m.schema));
        let validator = gbg_go_schema::Validator::new(gbg_go_schema::load(&path).unwrap());
        for kind in ["valid", "invalid"] {
            for (name, text) in payloads(m.schema, kind) {
                let tokens: proc_macro2::TokenStream = text.parse().unwrap();
                let lit = gbg_go_codegen::literal::parse_literal(tokens).unwrap();
                let compile_time = gbg_go_codegen::literal::check_literal(&validator, &lit);
                let run_time = (m.validate_json)(&serde_json::from_str(&text).unwrap());
                assert_eq!(
                    compile_time.is_empty(),
                    run_time.is_ok(),
                    "{}/{name}: {compile_time:?}",
                    m.schema
                );
                assert_eq!(run_time.is_ok(), kind == "valid", "{}/{name}", m.schema);
            }
        }
    }
}
