//! Random payloads, made by mutating the fixtures' valid payloads: the generated
//! validators, the interpreter and the reference validator (`jsonschema`) must give
//! the same verdict on every one, and the two of ours the same violations.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gbg_go_generated_tests as generated;
use proptest::prelude::*;
use serde_json::{json, Value};

type Check = fn(&Value) -> Result<(), gbg_go::ValidationError>;
/// The one-pass read of a JSON text (`Root::from_json_str`).
type Read = fn(&str) -> Result<(), gbg_go::ValidationError>;

macro_rules! modules {
    ($($name:literal => $module:ident),* $(,)?) => {
        vec![$((
            $name,
            (|v| generated::$module::Root::validate_json(v)) as Check,
            (|t| generated::$module::Root::from_json_str(t).map(drop)) as Read,
        )),*]
    };
}

fn modules() -> Vec<(&'static str, Check, Read)> {
    modules![
        "schemas/address-history" => address_history,
        "schemas/basic-identity" => basic_identity,
        "schemas/biometrics" => biometrics,
        "schemas/consent" => consent,
        "schemas/contacts" => contacts,
        "schemas/kyc" => kyc,
        "schemas/kyc-2020" => kyc_2020,
        "schemas/passport-document" => passport_document,
        "schemas/split-address" => split_address,
        "schemas/us-ssn" => us_ssn,
    ]
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Case {
    name: &'static str,
    ours: Check,
    read: Read,
    interpreter: gbg_go_schema::Validator,
    reference: jsonschema::Validator,
    seeds: Vec<Value>,
}

fn cases() -> Vec<Case> {
    modules()
        .into_iter()
        .map(|(name, ours, read)| {
            let path = root().join(format!("{name}.json"));
            let text = std::fs::read_to_string(&path).unwrap();
            let base = format!("file://{}", path.canonicalize().unwrap().display());
            let reference = jsonschema::options()
                .should_validate_formats(true)
                .with_base_uri(base)
                .build(&serde_json::from_str(&text).unwrap())
                .unwrap();
            let interpreter = gbg_go_schema::Validator::new(gbg_go_schema::load(&path).unwrap());
            let mut seeds = Vec::new();
            for kind in ["valid", "invalid"] {
                for e in std::fs::read_dir(root().join(name).join(kind)).unwrap() {
                    seeds.push(
                        serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap())
                            .unwrap(),
                    );
                }
            }
            Case {
                name,
                ours,
                read,
                interpreter,
                reference,
                seeds,
            }
        })
        .collect()
}

/// One random edit somewhere in the document.
#[derive(Debug, Clone)]
enum Edit {
    Replace(Value),
    Remove,
    AddMember(String, Value),
    Duplicate,
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|i| json!(i)),
        (-1000.0f64..1000.0).prop_map(|f| json!(f)),
        "[A-Za-z0-9 @.:/+-]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("GB"),
            Just("US"),
            Just("1815-12-10"),
            Just("2021-02-30"),
            Just("ada@example.com"),
            Just("https://example.com/x"),
            Just("SSN"),
            Just("ITIN"),
            Just("123-45-6789"),
            Just("+447700900123"),
            Just("Passport"),
            Just("explicit"),
            Just(""),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
        Just(json!([])),
        Just(json!({})),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => leaf().prop_map(Edit::Replace),
        1 => Just(Edit::Remove),
        1 => ("[a-z]{1,6}|firstName|state|postalCode|type|url|lines", leaf()).prop_map(|(k, v)| Edit::AddMember(k, v)),
        1 => Just(Edit::Duplicate),
    ]
}

/// Every pointer in a document, in a fixed order.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| {
            pointers(
                c,
                format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                out,
            )
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, c)| pointers(c, format!("{at}/{i}"), out)),
        _ => {}
    }
}

fn apply(doc: &mut Value, pick: usize, e: &Edit) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let target = all[pick % all.len()].clone();
    let (parent, last) = match target.rfind('/') {
        Some(i) => (
            target[..i].to_owned(),
            target[i + 1..].replace("~1", "/").replace("~0", "~"),
        ),
        None => (String::new(), String::new()),
    };
    match e {
        Edit::Replace(v) => {
            if let Some(slot) = doc.pointer_mut(&target) {
                *slot = v.clone();
            }
        }
        Edit::Remove => match doc.pointer_mut(&parent) {
            Some(Value::Object(m)) => {
                m.remove(&last);
            }
            Some(Value::Array(a)) => {
                if let Ok(i) = last.parse::<usize>() {
                    if i < a.len() {
                        a.remove(i);
                    }
                }
            }
            _ => {}
        },
        Edit::AddMember(k, v) => {
            if let Some(Value::Object(m)) = doc.pointer_mut(&target) {
                m.insert(k.clone(), v.clone());
            }
        }
        Edit::Duplicate => {
            if let Some(Value::Array(a)) = doc.pointer_mut(&target) {
                if let Some(first) = a.first().cloned() {
                    a.push(first);
                }
            }
        }
    }
}

/// Violations as (pointer, keyword, schema location), the location's file by name
/// alone (the interpreter names files as loaded, generated code relative to the root).
fn full(v: &[gbg_go::Violation]) -> BTreeSet<(String, &'static str, String)> {
    v.iter()
        .map(|x| {
            let (file, fragment) = x
                .schema_location
                .split_once('#')
                .unwrap_or((&x.schema_location, ""));
            let file = file.rsplit('/').next().unwrap_or(file);
            (x.pointer.clone(), x.keyword, format!("{file}#{fragment}"))
        })
        .collect()
}

/// Violations as (pointer, keyword) in the reference validator's terms, to compare
/// with `jsonschema`'s errors. The two report a few rules differently, by design, and
/// these are mapped, not ignored:
/// - `additionalProperties`: one violation per unexpected member, at the member; the
///   reference gives one at the object, listing them;
/// - `false`: the reference's keyword is `falseSchema`;
/// - `minContains`/`maxContains`: the reference's keyword is `contains`;
/// - `dependentRequired`: the reference reports it as `required`;
/// - after a `type` mismatch we report nothing else at that pointer (the other rules
///   of that schema would only repeat it); the reference goes on, so its other
///   keywords at a pointer where it reports `type` are left out.
fn reference_terms(v: &[gbg_go::Violation]) -> BTreeSet<(String, String)> {
    v.iter()
        .map(|x| match x.keyword {
            "additionalProperties" => (
                x.pointer
                    .rsplit_once('/')
                    .map_or(String::new(), |(parent, _)| parent.to_owned()),
                x.keyword.to_owned(),
            ),
            "false" => (x.pointer.clone(), "falseSchema".to_owned()),
            "minContains" | "maxContains" => (x.pointer.clone(), "contains".to_owned()),
            "dependentRequired" => (x.pointer.clone(), "required".to_owned()),
            k => (x.pointer.clone(), k.to_owned()),
        })
        .collect()
}

fn reference_errors(r: &jsonschema::Validator, doc: &Value) -> BTreeSet<(String, String)> {
    let all: BTreeSet<(String, String)> = r
        .iter_errors(doc)
        .map(|e| {
            (
                e.instance_path().as_str().to_owned(),
                e.kind().keyword().to_owned(),
            )
        })
        .collect();
    let mistyped: BTreeSet<String> = all
        .iter()
        .filter(|(_, k)| k == "type")
        .map(|(p, _)| p.clone())
        .collect();
    all.into_iter()
        .filter(|(p, k)| k == "type" || !mistyped.contains(p))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn all_three_agree_on_mutated_fixtures(which in 0usize..1000, seed in 0usize..1000, edits in prop::collection::vec((0usize..10_000, edit()), 1..4)) {
        thread_local!(static CASES: Vec<Case> = cases());
        CASES.with(|cases| {
            let case = &cases[which % cases.len()];
            let mut doc = case.seeds[seed % case.seeds.len()].clone();
            for (pick, e) in &edits {
                apply(&mut doc, *pick, e);
            }
            let ours = (case.ours)(&doc);
            let interp = case.interpreter.validate(&doc);
            prop_assert_eq!(ours.is_ok(), interp.is_empty(), "{}: interpreter disagrees on {}", case.name, doc);
            prop_assert_eq!(ours.is_ok(), case.reference.is_valid(&doc), "{}: jsonschema disagrees on {}", case.name, doc);
            if let Err(e) = &ours {
                prop_assert_eq!(full(e.violations()), full(&interp), "{}: {}", case.name, doc);
                // Against the reference validator: pointer and keyword.
                prop_assert_eq!(
                    reference_terms(e.violations()),
                    reference_errors(&case.reference, &doc),
                    "{}: jsonschema's errors differ on {}", case.name, doc
                );
            }
            // The one-pass read of the same document as text: the same verdict and
            // the same full violations (in reading order, so compared as sets).
            let read = (case.read)(&doc.to_string());
            prop_assert_eq!(read.is_ok(), interp.is_empty(), "{}: one-pass read disagrees on {}", case.name, doc);
            if let Err(e) = &read {
                prop_assert_eq!(full(e.violations()), full(&interp), "{}: one-pass {}", case.name, doc);
            }
            Ok(())
        })?;
    }
}
