//! `gbg-go generate`: exit codes, output equal to what build.rs writes, located errors.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn gbg_go() -> Command {
    let mut c = Command::cargo_bin("gbg-go").unwrap();
    c.current_dir(repo());
    c
}

#[test]
fn prints_the_snapshot_bytes_and_exits_0() {
    let out = gbg_go()
        .args(["generate", "schemas/kyc.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let expected = std::fs::read_to_string(repo().join("tests/snapshots/kyc.rs")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
fn writes_to_a_file_with_o() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("kyc.rs");
    gbg_go()
        .args(["generate", "schemas/kyc.json", "-o"])
        .arg(&target)
        .assert()
        .success()
        .stdout("");
    let expected = std::fs::read_to_string(repo().join("tests/snapshots/kyc.rs")).unwrap();
    assert_eq!(std::fs::read_to_string(target).unwrap(), expected);
}

#[test]
fn a_schema_it_cannot_handle_exits_3_with_located_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"properties\": {\n    \"a\": {\"$ref\": \"https://example.com/a.json\"},\n    \"b\": {\"unevaluatedProperties\": false}\n  }\n}\n").unwrap();
    let out = gbg_go().arg("generate").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.json:3:11: error[remote-ref]"), "{err}");
    assert!(
        err.contains("bad.json:4:11: error[unsupported-keyword]"),
        "{err}"
    );
}

#[test]
fn malformed_json_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"type\": }").unwrap();
    let out = gbg_go().arg("generate").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("bad.json:1:10: error[json-syntax]"));
}

#[test]
fn a_missing_file_exits_4() {
    let out = gbg_go()
        .args(["generate", "schemas/no-such-file.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("schemas/no-such-file.json:1:1: error[io]"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(gbg_go().output().unwrap().status.code(), Some(2));
    assert_eq!(
        gbg_go().args(["generate"]).output().unwrap().status.code(),
        Some(2)
    );
    assert_eq!(
        gbg_go()
            .args(["frobnicate"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn help_names_the_exit_codes() {
    let out = gbg_go().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("3 bad schema"));
}

#[test]
fn lint_warnings_go_to_stderr_and_do_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("lint.json");
    std::fs::write(
        &s,
        r#"{"properties": {"a": {"type": "string"}}, "required": ["b"]}"#,
    )
    .unwrap();
    let out = gbg_go().arg("generate").arg(&s).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("warning[lint-required-undeclared]"));
}

/// `--allow CODE` silences one warning code in `generate` and `validate`; an unknown
/// code is a usage error (exit 2) naming the known ones.
#[test]
fn allow_silences_a_warning_code_and_refuses_unknown_codes() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("lint.json");
    std::fs::write(
        &s,
        r#"{"properties": {"a": {"type": "string"}}, "required": ["b"]}"#,
    )
    .unwrap();
    for command in ["generate", "validate"] {
        let out = gbg_go()
            .arg(command)
            .arg(&s)
            .args(["--allow", "lint-required-undeclared"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            !stderr.contains("lint-required-undeclared"),
            "{command}: {stderr}"
        );
        let out = gbg_go()
            .arg(command)
            .arg(&s)
            .args(["--allow", "lint-nope"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("lint-allof-closed"), "{command}: {stderr}");
    }
}

#[test]
fn reveal_of_an_unknown_pointer_is_an_error() {
    let out = gbg_go()
        .args([
            "generate",
            "schemas/kyc.json",
            "--reveal",
            "/context/subject/nope",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("names no property"));
}
