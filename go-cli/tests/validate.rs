//! `gbg-go validate` and `gbg-go diff`: exit codes, snapshot outputs, redaction, and
//! hostile files that must give located errors and never a panic.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn gbg_go() -> Command {
    let mut c = Command::cargo_bin("gbg-go").unwrap();
    c.current_dir(repo());
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = gbg_go().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn no_panic(r: &Run) {
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn valid_payloads_exit_0() {
    let r = run(&[
        "validate",
        "--schema",
        "schemas/kyc.json",
        "schemas/kyc/valid",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("0 invalid"), "{}", r.stdout);
}

#[test]
fn human_output_snapshot_has_locations_and_no_values() {
    let r = run(&[
        "validate",
        "--schema",
        "schemas/kyc.json",
        "schemas/kyc/invalid",
        "schemas/kyc/valid",
    ]);
    assert_eq!(r.code, 1);
    expectorate::assert_contents("tests/snapshots/validate-kyc-invalid.txt", &r.stdout);
    // Values of the invalid payloads never appear.
    for file in std::fs::read_dir(repo().join("schemas/kyc/invalid")).unwrap() {
        let v: Value =
            serde_json::from_slice(&std::fs::read(file.unwrap().path()).unwrap()).unwrap();
        let mut scalars = Vec::new();
        collect_strings(&v, &mut scalars);
        for s in scalars.iter().filter(|s| s.len() > 3) {
            assert!(
                !r.stdout.contains(s.as_str()),
                "value {s:?} leaked:\n{}",
                r.stdout
            );
        }
    }
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(m) => m.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[test]
fn show_values_reveals_them() {
    let r = run(&[
        "validate",
        "--schema",
        "schemas/kyc.json",
        "--show-values",
        "schemas/kyc/invalid/country-name.json",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("\"United Kingdom\""), "{}", r.stdout);
    assert!(!r.stdout.contains("<redacted>"));
}

#[test]
fn json_lines_one_object_per_file_with_file_as_given() {
    let r = run(&[
        "validate",
        "--schema",
        "schemas/kyc.json",
        "--format",
        "json",
        "schemas/kyc/invalid/country-name.json",
        "./schemas/kyc/valid",
    ]);
    assert_eq!(r.code, 1);
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        1 + std::fs::read_dir(repo().join("schemas/kyc/valid"))
            .unwrap()
            .count()
    );
    assert_eq!(lines[0]["file"], "schemas/kyc/invalid/country-name.json");
    assert_eq!(lines[0]["valid"], false);
    let e = &lines[0]["errors"][0];
    assert_eq!(
        e["pointer"],
        "/context/subject/identity/currentAddress/country"
    );
    assert_eq!(e["keyword"], "pattern");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(16), Some(22))
    );
    assert!(e["schemaLocation"]
        .as_str()
        .unwrap()
        .starts_with("schemas/kyc.json#/properties/context"));
    assert!(e["message"].is_string());
    assert!(lines[1]["file"]
        .as_str()
        .unwrap()
        .starts_with("./schemas/kyc/valid/"));
    assert!(!r.stdout.contains("United Kingdom"));
    assert!(
        r.stderr.contains("files checked"),
        "summary on stderr for json"
    );
}

#[test]
fn every_file_is_checked_and_the_highest_exit_code_wins() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a-malformed.json"),
        "{\n  \"context\": {\"subject\": \n",
    )
    .unwrap();
    std::fs::write(d.join("b-bom.json"), b"\xEF\xBB\xBF{\"context\":{}}").unwrap();
    std::fs::write(
        d.join("c-latin1.json"),
        b"{\"context\": {\"subject\": {\"identity\": {\"firstName\": \"Jos\xE9\"}}}}",
    )
    .unwrap();
    std::fs::write(
        d.join("d-duplicate.json"),
        "{\"context\": {}, \"context\": {}}",
    )
    .unwrap();
    std::fs::write(
        d.join("e-deep.json"),
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    // A huge, valid payload: 20 MB of padding in an open object.
    let big = format!(
        "{{\"context\": {{\"subject\": {{\"identity\": {{\"firstName\": \"Ada\", \"lastNames\": [\"L\"], \"dateOfBirth\": \"1815-12-10\"}}, \"padding\": \"{}\"}}}}}}",
        "x".repeat(20_000_000)
    );
    std::fs::write(d.join("f-huge.json"), big).unwrap();
    std::fs::write(
        d.join("g-valid.json"),
        std::fs::read(repo().join("schemas/kyc/valid/identity-only.json")).unwrap_or_default(),
    )
    .unwrap();
    let missing = d.join("missing.json");
    let out = gbg_go()
        .args([
            "validate",
            "--schema",
            "schemas/kyc.json",
            "--format",
            "json",
        ])
        .arg(d)
        .arg(&missing)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert_eq!(
        out.status.code(),
        Some(4),
        "missing file (4) beats invalid (1)"
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8, "every file reported:\n{stdout}");
    let by_name = |n: &str| {
        lines
            .iter()
            .find(|l| l["file"].as_str().unwrap().ends_with(n))
            .unwrap()
    };
    // A UTF-8 BOM is tolerated (as by the schema loader): the payload is checked.
    assert_eq!(by_name("b-bom.json")["errors"][0]["keyword"], "required");
    assert_eq!(by_name("b-bom.json")["errors"][0]["line"], 1);
    for (name, line) in [
        ("a-malformed.json", 3),
        ("c-latin1.json", 1),
        ("d-duplicate.json", 1),
        ("e-deep.json", 1),
    ] {
        let e = &by_name(name)["errors"][0];
        assert_eq!(e["keyword"], "syntax", "{name}: {e}");
        assert_eq!(e["line"], line, "{name}: {e}");
        assert!(e["column"].as_u64().unwrap() >= 1);
    }
    assert_eq!(by_name("f-huge.json")["valid"], true);
    assert_eq!(by_name("missing.json")["errors"][0]["keyword"], "io");
}

#[test]
fn schema_files_are_checked() {
    let r = run(&["validate", "schemas/kyc.json", "schemas/kyc-2020.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A directory: the schema files at its top.
    let r = run(&["validate", "schemas"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("10 schemas checked: 10 ok"),
        "{}",
        r.stdout
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad_regex = d.join("bad-regex.json");
    std::fs::write(
        &bad_regex,
        "{\n  \"type\": \"string\",\n  \"pattern\": \"[a-\"\n}",
    )
    .unwrap();
    let remote = d.join("remote.json");
    std::fs::write(&remote, "{\"$ref\": \"https://example.com/s.json\"}").unwrap();
    let meta = d.join("meta.json");
    std::fs::write(&meta, "{\n  \"minLength\": \"two\"\n}").unwrap();
    let unsupported = d.join("unsupported.json");
    std::fs::write(
        &unsupported,
        "{\"$schema\": \"http://json-schema.org/draft-04/schema#\"}",
    )
    .unwrap();
    for (file, needle) in [
        (&bad_regex, "bad-regex.json:3:"),
        (&remote, "remote.json:1:"),
        (&meta, "meta.json:2:"),
        (&unsupported, "unsupported.json:1:"),
    ] {
        let out = gbg_go().args(["validate"]).arg(file).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert!(stderr.contains(needle), "{needle} in {stderr}");
        assert!(!stderr.contains("panicked"));
    }
    // A bad schema with --schema: exit 3 before any payload is read.
    let out = gbg_go()
        .args(["validate", "--schema"])
        .arg(&bad_regex)
        .arg("schemas/kyc/valid")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let r = run(&["validate", "nowhere.json"]);
    assert_eq!(r.code, 4);
    no_panic(&r);
    let r = run(&["validate"]);
    assert_eq!(r.code, 2, "usage");
    let r = run(&[
        "validate",
        "--schema",
        "schemas/kyc.json",
        "schemas/kyc/valid",
        "--format",
        "xml",
    ]);
    assert_eq!(r.code, 2, "usage");
    let r = run(&["validate", "schemas/kyc.json", "--format", "json"]);
    let v: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["valid"], true);
}

#[test]
fn help_documents_exit_codes() {
    let r = run(&["validate", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r
        .stdout
        .contains("Exit codes: 0 all valid, 1 some payload invalid"));
}

#[test]
fn diff_reports_breaking_changes_with_pointers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let old = d.join("old.json");
    let new = d.join("new.json");
    std::fs::write(&old, r#"{"type": "object", "properties": {"context": {"type": "object", "properties": {"subject": {"type": "object", "properties": {
        "identity": {"type": "object", "properties": {
            "firstName": {"type": "string", "maxLength": 100},
            "middleNames": {"type": "array", "items": {"type": "string"}},
            "gender": {"type": "string", "enum": ["male", "female", "unspecified"]},
            "age": {"type": "integer", "minimum": 0}
        }, "required": ["firstName"]}}}}}}}"#).unwrap();
    std::fs::write(&new, r#"{"type": "object", "properties": {"context": {"type": "object", "properties": {"subject": {"type": "object", "properties": {
        "identity": {"type": "object", "properties": {
            "firstName": {"type": "string", "maxLength": 50, "pattern": "^[A-Za-z]+$"},
            "gender": {"type": "string", "enum": ["male", "female", "other"]},
            "age": {"type": "string"},
            "nickname": {"type": "string"}
        }, "required": ["firstName", "gender"], "additionalProperties": false}}}}}}}"#).unwrap();
    let out = gbg_go().arg("diff").arg(&old).arg(&new).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    expectorate::assert_contents("tests/snapshots/diff-breaking.txt", &stdout);
    // The other way round loosens most things, but still removes `other`.
    let out = gbg_go()
        .arg("diff")
        .arg(&new)
        .arg(&old)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines
        .iter()
        .any(|l| l["pointer"] == "/context/subject/identity/nickname" && l["breaking"] == true));
    assert!(lines
        .iter()
        .any(|l| l["message"] == "additionalProperties opened" && l["breaking"] == false));
    // Identical schemas: no change, exit 0.
    let r = run(&["diff", "schemas/kyc.json", "schemas/kyc.json"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("0 changes"));
    let r = run(&["diff", "schemas/kyc.json", "nowhere.json"]);
    assert_eq!(r.code, 4);
}
