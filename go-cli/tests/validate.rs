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

/// Every fixture's invalid payloads (`schemas/<stem>/invalid/`), with their schema.
fn invalid_fixtures() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(repo().join("schemas"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for dir in entries {
        let stem = dir.file_name().unwrap().to_string_lossy().into_owned();
        if dir.join("invalid").is_dir() && repo().join(format!("schemas/{stem}.json")).is_file() {
            out.push((
                format!("schemas/{stem}.json"),
                format!("schemas/{stem}/invalid"),
            ));
        }
    }
    assert!(out.len() >= 8, "the fixtures' invalid payloads: {out:?}");
    out
}

/// The violations `--format json` reports for the same run: (file, line, column,
/// keyword), sorted.
fn json_items(schema: &str, dir: &str) -> Vec<(String, u64, u64, String)> {
    let r = run(&["validate", "--schema", schema, dir, "--format", "json"]);
    let mut items = Vec::new();
    for line in r.stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        for e in v["errors"].as_array().unwrap() {
            items.push((
                v["file"].as_str().unwrap().to_owned(),
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["keyword"].as_str().unwrap().to_owned(),
            ));
        }
    }
    items.sort();
    items
}

#[test]
fn github_format_annotates_every_violation_of_every_invalid_fixture() {
    for (schema, dir) in invalid_fixtures() {
        let r = run(&["validate", "--schema", &schema, &dir, "--format", "github"]);
        no_panic(&r);
        assert_eq!(r.code, 1, "{schema}: {}{}", r.stdout, r.stderr);
        let mut seen = Vec::new();
        for line in r.stdout.lines() {
            // The schema's lint warnings (us-ssn's lookaround pattern) come first.
            if line.starts_with("::warning file=") {
                assert!(line.contains("title=lint-"), "{line}");
                continue;
            }
            // ::error file=<path>,line=<l>,col=<c>,title=<keyword>::<message> [<location>]
            let rest = line
                .strip_prefix("::error file=")
                .unwrap_or_else(|| panic!("{line}"));
            let (props, message) = rest.split_once("::").unwrap();
            let props: Vec<&str> = props.split(',').collect();
            assert_eq!(props.len(), 4, "{line}");
            let line_no: u64 = props[1].strip_prefix("line=").unwrap().parse().unwrap();
            let col: u64 = props[2].strip_prefix("col=").unwrap().parse().unwrap();
            let keyword = props[3].strip_prefix("title=").unwrap();
            assert!(
                message.ends_with(']') && message.contains(".json#/"),
                "the schema location closes the message: {line}"
            );
            seen.push((props[0].to_owned(), line_no, col, keyword.to_owned()));
        }
        seen.sort();
        assert_eq!(
            seen,
            json_items(&schema, &dir),
            "{schema}: the same violations as --format json"
        );
        assert!(
            r.stderr.contains("invalid"),
            "the summary goes to stderr: {}",
            r.stderr
        );
    }
}

#[test]
fn github_format_escapes_and_reports_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    // A pattern with `%` and a line break: the message quotes it, escaped.
    let schema = dir.path().join("s.json");
    std::fs::write(
        &schema,
        r#"{"type": "object", "properties": {"a": {"type": "string", "pattern": "^100%\n$"}}}"#,
    )
    .unwrap();
    // A file name with `,` and `:`, which a property must escape.
    let payload = dir.path().join("a,b:c.json");
    std::fs::write(&payload, r#"{"a": "secret-value"}"#).unwrap();
    let malformed = dir.path().join("m.json");
    std::fs::write(&malformed, "{\"a\": ").unwrap();
    let missing = dir.path().join("missing.json");
    let r = run(&[
        "validate",
        "--schema",
        schema.to_str().unwrap(),
        payload.to_str().unwrap(),
        malformed.to_str().unwrap(),
        missing.to_str().unwrap(),
        "--format",
        "github",
    ]);
    no_panic(&r);
    assert_eq!(r.code, 4, "a missing file wins: {}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    let escaped_name = payload
        .display()
        .to_string()
        .replace(',', "%2C")
        .replace(':', "%3A");
    assert!(
        lines[0].starts_with(&format!(
            "::error file={escaped_name},line=1,col=7,title=pattern::"
        )),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("`^100%25%0A$`"), "{}", lines[0]);
    assert!(
        !r.stdout.contains("secret-value"),
        "values are redacted: {}",
        r.stdout
    );
    assert!(lines[1].contains("title=syntax::"), "{}", lines[1]);
    assert!(
        lines[2].contains("title=io::cannot read: no such file"),
        "{}",
        lines[2]
    );
    // With --show-values the value is added, escaped like the rest.
    let r = run(&[
        "validate",
        "--schema",
        schema.to_str().unwrap(),
        payload.to_str().unwrap(),
        "--format",
        "github",
        "--show-values",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("(value: \"secret-value\")"),
        "{}",
        r.stdout
    );
}

#[test]
fn github_format_shows_lint_warnings_as_warnings() {
    let r = run(&["validate", "schemas/us-ssn.json", "--format", "github"]);
    no_panic(&r);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.lines().any(|l| l
            .starts_with("::warning file=schemas/us-ssn.json,line=50,col=27,")
            && l.contains("title=lint-pattern-backtracking::")),
        "{}",
        r.stdout
    );
    // The payload mode reports the schema's warnings too.
    let r = run(&[
        "validate",
        "--schema",
        "schemas/us-ssn.json",
        "schemas/us-ssn/valid",
        "--format",
        "github",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("::warning "), "{}", r.stdout);
    let allowed = run(&[
        "validate",
        "schemas/us-ssn.json",
        "--format",
        "github",
        "--allow",
        "lint-pattern-backtracking",
    ]);
    assert_eq!(allowed.stdout, "", "allowed: no annotation");
}

/// The official SARIF 2.1.0 schema (tests/fixtures/sarif-2.1.0/NOTICE.md), compiled
/// offline. One pattern is adjusted in memory (the committed file stays as
/// published): `run.language`'s and `toolComponent.language`'s `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` has a
/// stray `]`, a literal under ECMA-262's Annex B, which the jsonschema crate's
/// meta-schema check refuses as an invalid `regex`, so the schema would not compile.
/// gbg-go writes no `language`, so the adjustment cannot change a verdict here.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sarif-2.1.0/sarif-schema-2.1.0.json"),
    )
    .unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    for place in ["run", "toolComponent"] {
        let language = schema
            .pointer_mut(&format!("/definitions/{place}/properties/language/pattern"))
            .expect("the published schema's language pattern");
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = Value::from("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}?$");
    }
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_sarif(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
}

#[test]
fn sarif_format_is_valid_sarif_with_every_violation() {
    let validator = sarif_validator();
    for (schema, dir) in invalid_fixtures() {
        let r = run(&["validate", "--schema", &schema, &dir, "--format", "sarif"]);
        no_panic(&r);
        assert_eq!(r.code, 1, "{schema}: {}", r.stderr);
        let log: Value = serde_json::from_str(&r.stdout).expect("one JSON document");
        assert_sarif(&validator, &log);
        let run0 = &log["runs"][0];
        assert_eq!(run0["columnKind"], "unicodeCodePoints");
        assert_eq!(run0["tool"]["driver"]["name"], "gbg-go");
        let mut seen = Vec::new();
        for result in run0["results"].as_array().unwrap() {
            let region = &result["locations"][0]["physicalLocation"]["region"];
            let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            // The schema's lint warnings (us-ssn's lookaround pattern) are results too.
            if result["level"] == "warning" {
                assert!(result["ruleId"].as_str().unwrap().starts_with("lint-"));
                continue;
            }
            assert_eq!(result["level"], "error");
            assert!(result["properties"]["schemaLocation"]
                .as_str()
                .unwrap()
                .starts_with("schemas/"));
            assert!(!uri.contains(' ') && uri.starts_with("schemas/"), "{uri}");
            assert!(result["properties"]["pointer"].is_string());
            // Each rule that fired is described once, and the result points to it.
            let rule =
                &run0["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize];
            assert_eq!(rule["id"], result["ruleId"]);
            assert!(rule["help"]["text"].as_str().unwrap().len() > 20);
            seen.push((
                uri.to_owned(),
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
                result["ruleId"].as_str().unwrap().to_owned(),
            ));
        }
        seen.sort();
        assert_eq!(
            seen,
            json_items(&schema, &dir),
            "{schema}: the same violations as --format json"
        );
        assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
    }
}

#[test]
fn sarif_format_reports_what_could_not_be_checked_as_notifications() {
    let validator = sarif_validator();
    let dir = tempfile::tempdir().unwrap();
    let malformed = dir.path().join("m.json");
    std::fs::write(&malformed, "{\"a\": ").unwrap();
    let missing = dir.path().join("missing.json");
    // A malformed payload and a missing file: notifications, exit 4.
    let r = run(&[
        "validate",
        "--schema",
        "schemas/kyc.json",
        malformed.to_str().unwrap(),
        missing.to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    no_panic(&r);
    assert_eq!(r.code, 4);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_sarif(&validator, &log);
    let run0 = &log["runs"][0];
    assert_eq!(run0["results"].as_array().unwrap().len(), 0);
    let notes = run0["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("syntax:"));
    assert!(notes[1]["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("io:"));
    assert_eq!(run0["invocations"][0]["executionSuccessful"], false);
    // Outside the working directory, a file is a file:// URI.
    let uri = notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("file:///"), "{uri}");

    // A bad schema: a notification, exit 3, still one valid log.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r##"{"type": "object", "properties": {"a": {"$ref": "#/nowhere"}}}"##,
    )
    .unwrap();
    let r = run(&[
        "validate",
        "--schema",
        bad.to_str().unwrap(),
        "schemas/kyc/valid",
        "--format",
        "sarif",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_sarif(&validator, &log);
    let notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(!notes.is_empty());
    assert!(notes.iter().all(|n| n["level"] == "error"));

    // Schema files alone: lint warnings are results at level warning.
    let r = run(&["validate", "schemas/us-ssn.json", "--format", "sarif"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_sarif(&validator, &log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results
        .iter()
        .any(|r| r["level"] == "warning" && r["ruleId"].as_str().unwrap().starts_with("lint-")));
}
