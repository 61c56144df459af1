//! The build.rs `Builder`: writes `<out>/<module>.rs`, only when the content changed,
//! follows `$ref`s for its inputs, and honours its settings.

use std::path::Path;

fn schemas() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
}

#[test]
fn writes_each_module_and_only_when_changed() {
    let out = tempfile::tempdir().unwrap();
    let mut b = gbg_go_codegen::Builder::new();
    b.schema(schemas().join("kyc.json"))
        .schema(schemas().join("split-address.json"))
        .out_dir(out.path());
    let written = b.compile_files().unwrap();
    assert_eq!(
        written,
        [
            out.path().join("kyc.rs"),
            out.path().join("split_address.rs")
        ]
    );
    let before = std::fs::metadata(&written[0]).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    b.compile().unwrap();
    assert_eq!(
        std::fs::metadata(&written[0]).unwrap().modified().unwrap(),
        before,
        "rewritten although unchanged"
    );
}

#[test]
fn a_folder_means_its_json_files_not_its_subfolders() {
    let out = tempfile::tempdir().unwrap();
    let written = gbg_go_codegen::Builder::new()
        .schemas(schemas())
        .out_dir(out.path())
        .compile_files()
        .unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"kyc_2020.rs".to_owned()) && names.contains(&"us_ssn.rs".to_owned()),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.contains("address_defs")),
        "schemas/shared is a subfolder: {names:?}"
    );
}

#[test]
fn inputs_include_ref_targets() {
    let g = gbg_go_codegen::generate(&schemas().join("split-address.json"), &Default::default())
        .unwrap();
    assert!(
        g.inputs
            .iter()
            .any(|p| p.ends_with("shared/address.defs.json")),
        "{:?}",
        g.inputs
    );
}

#[test]
fn errors_name_every_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), "{\"type\": 3}").unwrap();
    std::fs::write(dir.path().join("b.json"), "{\"$ref\": \"http://x/y.json\"}").unwrap();
    let err = gbg_go_codegen::Builder::new()
        .schemas(dir.path())
        .out_dir(dir.path())
        .compile()
        .unwrap_err();
    let text = format!("{err:?}");
    assert!(
        text.contains("a.json:1:2: error[invalid-keyword]")
            && text.contains("b.json:1:2: error[remote-ref]"),
        "{text}"
    );
}

#[test]
fn settings_reach_the_code() {
    let kyc = schemas().join("kyc.json");
    let mut options = gbg_go_codegen::Options {
        crate_path: "::my_rt::gbg".into(),
        ..Default::default()
    };
    options.assert_format = false;
    let g = gbg_go_codegen::generate(&kyc, &options).unwrap();
    assert!(
        g.code.contains("use ::my_rt::gbg::__private as __rt;")
            && g.code.contains("__rt::impl_common!")
            && !g.code.contains("::gbg_go::")
    );
    assert!(g
        .code
        .contains("serde(crate = \"::my_rt::gbg::__private::serde\")"));
    assert!(!g.code.contains("Format::Date"), "format checks are off");
    let on = gbg_go_codegen::generate(&kyc, &Default::default()).unwrap();
    assert!(on.code.contains("Format::Date"));
    let bad = gbg_go_codegen::Options {
        crate_path: "not a path".into(),
        ..Default::default()
    };
    assert!(gbg_go_codegen::generate(&kyc, &bad).is_err());
}

/// A pulled folder with `gbg-go.lock`: each module carries the locked version, and a
/// schema edited since the pull is a build error naming the file.
#[test]
fn a_lock_beside_the_schemas_is_checked_and_carried() {
    use gbg_go_schema::lock::{canonical_pretty, canonical_sha256, Lock, LockedFile};
    let dir = tempfile::tempdir().unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        r#"{"type": "object", "properties": {"context": {"type": "object"}}, "required": ["context"]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kyc.details.json"),
        canonical_pretty(&schema),
    )
    .unwrap();
    let lock = Lock {
        resource_id: "kyc@latest".into(),
        delivery_id: "kyc".into(),
        resolved_version: "7".into(),
        files: vec![LockedFile {
            file: "kyc.details.json".into(),
            interaction_id: "details".into(),
            instruction: None,
            sha256: canonical_sha256(&schema),
        }],
    };
    std::fs::write(dir.path().join("gbg-go.lock"), lock.to_text()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let written = gbg_go_codegen::Builder::new()
        .schemas(dir.path())
        .out_dir(out.path())
        .compile_files()
        .unwrap();
    let code = std::fs::read_to_string(&written[0]).unwrap();
    assert!(code.starts_with("// @generated"), "the header stays first");
    assert!(
        code.contains(r#"pub const RESOLVED_VERSION: &str = "7";"#),
        "{code}"
    );
    assert!(code.contains(r#"pub const INTERACTION_ID: &str = "details";"#));
    assert!(code.contains(&format!(
        r#"pub const SCHEMA_SHA256: &str = "{}";"#,
        canonical_sha256(&schema)
    )));
    // Edited after the pull: refused, naming the file.
    std::fs::write(
        dir.path().join("kyc.details.json"),
        r#"{"type": "object", "required": ["context", "extra"]}"#,
    )
    .unwrap();
    let err = gbg_go_codegen::Builder::new()
        .schemas(dir.path())
        .out_dir(out.path())
        .compile()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("kyc.details.json") && err.contains("gbg-go.lock"),
        "{err}"
    );
    assert!(err.contains("lock-mismatch"), "{err}");
}
