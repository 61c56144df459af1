//! `Builder::schemars(true)`: the schema that schemars derives for each fixture's
//! `Root` gives the same verdicts as the source schema on every fixture payload, both
//! checked with the reference validator (`jsonschema`, formats asserted). What it
//! does not keep is listed, one payload per line with the reason, in
//! `schemars-losses.txt`: an unlisted difference fails, and so does a listed one
//! that no longer differs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gbg_go::__private::schemars;
use serde_json::Value;

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

macro_rules! derived {
    ($($stem:literal => $module:ident),* $(,)?) => {
        vec![$(($stem, serde_json::to_value(schemars::schema_for!(
            gbg_go_generated_tests::with_schemars::$module::Root
        )).expect("a derived schema is JSON"))),*]
    };
}

fn reference(schema: &Value, base: Option<&Path>) -> jsonschema::Validator {
    let mut options = jsonschema::options().should_validate_formats(true);
    if let Some(path) = base {
        options =
            options.with_base_uri(format!("file://{}", path.canonicalize().unwrap().display()));
    }
    options
        .build(schema)
        .expect("the reference validator builds the schema")
}

#[test]
fn the_derived_schemas_give_the_sources_verdicts_but_for_the_listed_losses() {
    let derived: Vec<(&str, Value)> = derived!(
        "address-history" => address_history,
        "basic-identity" => basic_identity,
        "biometrics" => biometrics,
        "consent" => consent,
        "contacts" => contacts,
        "kyc" => kyc,
        "kyc-2020" => kyc_2020,
        "passport-document" => passport_document,
        "split-address" => split_address,
        "us-ssn" => us_ssn,
    );
    // Every fixture schema has a module here.
    let mut stems: Vec<String> = std::fs::read_dir(schemas_dir())
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "json")
                .then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    stems.sort();
    assert_eq!(
        stems,
        derived
            .iter()
            .map(|(s, _)| (*s).to_owned())
            .collect::<Vec<_>>()
    );

    let listed: BTreeMap<String, String> = include_str!("../schemars-losses.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, why) = l.split_once(": ").expect("`<payload>: <why>`");
            (k.trim().to_owned(), why.trim().to_owned())
        })
        .collect();
    let mut differs = Vec::new();
    let mut payloads = 0;
    for (stem, schema) in &derived {
        let path = schemas_dir().join(format!("{stem}.json"));
        let source: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let source = reference(&source, Some(&path));
        let ours = reference(schema, None);
        for kind in ["valid", "invalid"] {
            let dir = schemas_dir().join(stem).join(kind);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
            files.sort();
            for file in files {
                let v: Value =
                    serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
                payloads += 1;
                let expected = source.is_valid(&v);
                assert_eq!(expected, kind == "valid", "{}", file.display());
                if ours.is_valid(&v) != expected {
                    differs.push(format!(
                        "{stem}/{kind}/{}",
                        file.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
    }
    assert!(
        payloads >= 40,
        "the fixture payloads are found ({payloads})"
    );
    let unlisted: Vec<&String> = differs
        .iter()
        .filter(|d| !listed.contains_key(*d))
        .collect();
    let stale: Vec<&String> = listed.keys().filter(|k| !differs.contains(k)).collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "verdicts that differ from the source's but are not in schemars-losses.txt: {unlisted:#?}\nlisted losses that no longer differ: {stale:#?}"
    );
}
