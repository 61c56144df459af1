//! The full GO `context.subject` schema (from `$GBG_GO_SHARED`, feature `shared-data`):
//! it generates (in build.rs), compiles warning-free (the crate denies warnings), and
//! a realistic prefill payload round-trips through the generated types with the same
//! verdicts as the reference validator.

use gbg_go_generated_tests::go_subject;

// `realistic_prefill()`: a `prefill!` invocation against the full schema, written by
// build.rs (the schema's path is only known there).
include!(concat!(env!("OUT_DIR"), "/go_subject_prefill.rs"));
use serde_json::{json, Value};

fn realistic() -> Value {
    let address = json!({
        "addressString": "1 High Street, Leeds, LS1 1AA",
        "lines": ["1 High Street"],
        "premise": "1",
        "thoroughfare": "High Street",
        "locality": "Leeds",
        "postalCode": "LS1 1AA",
        "country": "GB"
    });
    json!({"context": {"subject": {
        "identity": {
            "title": "Dr",
            "firstName": "Ada",
            "middleNames": ["Augusta"],
            "lastNames": ["Lovelace"],
            "dateOfBirth": "1815-12-10",
            "currentAddress": address,
            "previousAddresses": [{
                "lines": ["2 Low Road"], "locality": "York", "country": "GB",
                "fromDate": "2010-01-01", "toDate": "2019-06-30"
            }],
            "emails": [{"type": "home", "email": "ada@example.com"}],
            "phones": [{"type": "mobile", "number": "+447700900123"}]
        },
        "documents": [{"type": "Passport", "number": "123456789", "country": "GB"}],
        "biometrics": [{"selfieImage": "aGVsbG8gd29ybGQ=", "anchorImage": "aGVsbG8gd29ybGQ="}],
        "consent": [{"url": "https://example.com/terms"}]
    }}})
}

fn reference() -> jsonschema::Validator {
    let path = std::path::Path::new(env!("OUT_DIR")).join("go_subject.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn realistic_payload_round_trips() {
    let payload = realistic();
    let errors: Vec<String> = reference()
        .iter_errors(&payload)
        .map(|e| format!("{} {}", e.instance_path(), e))
        .collect();
    assert!(
        errors.is_empty(),
        "the test payload itself must be valid: {errors:?}"
    );
    let root: go_subject::Root =
        serde_json::from_value(payload.clone()).unwrap_or_else(|e| panic!("{e}"));
    root.validate().unwrap();
    let back = serde_json::to_value(&root).unwrap();
    assert!(
        gbg_go_schema::check::json_equal(&payload, &back),
        "{payload}\n{back}"
    );
    let debug = format!("{root:?}");
    assert!(
        debug.contains("<redacted>") && !debug.contains("Lovelace") && !debug.contains("1815"),
        "{debug}"
    );
}

#[test]
fn mistakes_are_rejected_like_the_reference_validator_does() {
    let reference = reference();
    let cases: Vec<(&str, Box<dyn Fn(&mut Value)>)> = vec![
        (
            "/context/subject/identity/currentAddress/country",
            Box::new(|v| {
                v["context"]["subject"]["identity"]["currentAddress"]["country"] =
                    json!("United Kingdom")
            }),
        ),
        (
            "/context/subject/identity/firstname",
            Box::new(|v| v["context"]["subject"]["identity"]["firstname"] = json!("typo")),
        ),
        (
            "/context/subject/consent/0/type",
            Box::new(|v| v["context"]["subject"]["consent"][0]["type"] = json!("explicit")),
        ),
        (
            "/context/subject/biometrics/0",
            Box::new(|v| v["context"]["subject"]["biometrics"][0] = json!({"selfieImage": 1})),
        ),
    ];
    for (pointer, mutate) in cases {
        let mut v = realistic();
        mutate(&mut v);
        assert!(
            !reference.is_valid(&v),
            "{pointer}: the reference accepts it"
        );
        let err = go_subject::Root::validate_json(&v).expect_err(pointer);
        assert!(
            err.violations().iter().any(|x| x.pointer == pointer),
            "{pointer}: {err}"
        );
        assert!(
            serde_json::from_value::<go_subject::Root>(v).is_err(),
            "{pointer}"
        );
    }
}

#[test]
fn prefill_checks_a_realistic_payload_against_the_full_schema_while_compiling() {
    let payload = realistic_prefill();
    assert!(reference().is_valid(payload.as_json()));
    let typed: go_subject::Root = serde_json::from_value(payload.into_json()).unwrap();
    typed.validate().unwrap();
}

/// Issue 11 over the full GO subject schema: no newtype or enum shared across
/// meanings, at most 67 types (typify makes 89), and the naming table as a reviewed
/// snapshot (`go_subject_names.txt`; `EXPECTORATE=overwrite` rewrites it).
#[test]
fn types_are_named_and_shared_by_meaning() {
    let path = std::path::Path::new(env!("OUT_DIR")).join("go_subject.json");
    let ir = gbg_go_schema::load(&path).unwrap();
    let plan = gbg_go_codegen::plan::Plan::build(&ir, "GoSubject");
    let reused = plan.reused_across_meanings(&ir);
    assert!(reused.is_empty(), "{reused:?}");
    assert!(plan.defs.len() <= 67, "{} types", plan.defs.len());
    let mut table = format!(
        "# Types generated for the full GO subject schema ({} types): name, kind, schema place.\n",
        plan.defs.len()
    );
    for def in &plan.defs {
        let kind = match &def.kind {
            gbg_go_codegen::plan::DefKind::Struct { .. } => "struct",
            gbg_go_codegen::plan::DefKind::StringEnum { .. } => "enum",
            gbg_go_codegen::plan::DefKind::Newtype { .. } => "newtype",
            gbg_go_codegen::plan::DefKind::Union { .. } => "union",
            gbg_go_codegen::plan::DefKind::Pending => "pending",
        };
        table.push_str(&format!(
            "{}\t{kind}\t{}\n",
            def.name,
            ir.node(def.node).location.pointer
        ));
    }
    expectorate::assert_contents("go_subject_names.txt", &table);
}
