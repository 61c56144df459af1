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
            && g.code.contains("impl __rt::Generated for Identity")
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

/// Names users choose: a trailing `.schema` is not part of the module or root type
/// name; `module_name` names a module; two files that would write one module are an
/// error, not a silent overwrite.
#[test]
fn module_names_drop_schema_and_can_be_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let body = r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#;
    let residency = dir.path().join("kyc-residency-2020-12.schema.json");
    std::fs::write(&residency, body).unwrap();
    let written = gbg_go_codegen::Builder::new()
        .schema(&residency)
        .out_dir(out.path())
        .compile_files()
        .unwrap();
    assert_eq!(written, [out.path().join("kyc_residency_2020_12.rs")]);
    let code = std::fs::read_to_string(&written[0]).unwrap();
    assert!(
        code.contains("pub type Root = KycResidency202012;"),
        "{code}"
    );

    let written = gbg_go_codegen::Builder::new()
        .schema(&residency)
        .module_name(&residency, "residency")
        .out_dir(out.path())
        .compile_files()
        .unwrap();
    assert_eq!(written, [out.path().join("residency.rs")]);

    let err = gbg_go_codegen::Builder::new()
        .schema(&residency)
        .module_name(&residency, "Not A Name")
        .out_dir(out.path())
        .compile_files()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`Not A Name` is not a Rust identifier"),
        "{err}"
    );

    let twin = dir.path().join("kyc-residency-2020-12.json");
    std::fs::write(&twin, body).unwrap();
    let err = gbg_go_codegen::Builder::new()
        .schema(&residency)
        .schema(&twin)
        .out_dir(out.path())
        .compile_files()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("would both write module `kyc_residency_2020_12`"),
        "{err}"
    );
}

/// `allow` silences a warning code for every schema, `allow_in` for one; an unknown
/// code is an error naming the known ones.
#[test]
fn allowed_warning_codes_are_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    let lint = dir.path().join("lint.json");
    std::fs::write(
        &lint,
        r#"{"properties": {"a": {"type": "string"}}, "required": ["b"]}"#,
    )
    .unwrap();
    let options = |allow: &[&str]| gbg_go_codegen::Options {
        allow: allow.iter().map(|s| (*s).to_owned()).collect(),
        ..Default::default()
    };
    let warned = gbg_go_codegen::generate(&lint, &options(&[])).unwrap();
    assert_eq!(warned.warnings.len(), 1);
    let quiet = gbg_go_codegen::generate(&lint, &options(&["lint-required-undeclared"])).unwrap();
    assert!(quiet.warnings.is_empty());

    let out = tempfile::tempdir().unwrap();
    gbg_go_codegen::Builder::new()
        .schema(&lint)
        .allow_in(&lint, "lint-required-undeclared")
        .out_dir(out.path())
        .compile()
        .unwrap();
    let err = gbg_go_codegen::Builder::new()
        .schema(&lint)
        .allow("lint-nope")
        .out_dir(out.path())
        .compile()
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown warning code `lint-nope`"), "{err}");
    assert!(err.contains("lint-allof-closed"), "{err}");
    let err = gbg_go_codegen::Builder::new()
        .schema(&lint)
        .allow_in(dir.path().join("other.json"), "lint-enum-mixed")
        .out_dir(out.path())
        .compile()
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not one of the schemas"), "{err}");
}

#[test]
fn generate_returns_what_compile_writes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let mut builder = gbg_go_codegen::Builder::new();
    builder
        .schema(schemas.join("kyc.json"))
        .schema(schemas.join("consent.json"))
        .module_name(schemas.join("consent.json"), "agreement")
        .out_dir(dir.path());
    let generated = builder.generate().unwrap();
    let modules: Vec<&str> = generated.iter().map(|g| g.module.as_str()).collect();
    assert_eq!(modules, ["agreement", "kyc"]);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let written = builder.compile_files().unwrap();
    assert_eq!(written.len(), 2);
    for g in &generated {
        let on_disk = std::fs::read_to_string(dir.path().join(format!("{}.rs", g.module))).unwrap();
        assert_eq!(on_disk, g.code, "{}", g.module);
    }
    // Settings are checked as compile checks them.
    let refused = gbg_go_codegen::Builder::new()
        .schema(schemas.join("kyc.json"))
        .allow("lint-nope")
        .generate();
    assert!(matches!(
        refused,
        Err(gbg_go_codegen::BuildError::Setting(_))
    ));
}
