//! The official JSON-Schema-Test-Suite (draft7 and draft2020-12), read from
//! `$GBG_GO_SHARED/json-schema-test-suite`. Needs `--features shared-data` and fails
//! loudly when the folder is missing.
//!
//! Every test group either loads (and then every verdict must match the suite) or is
//! rejected with located diagnostics (an unsupported keyword, a remote `$ref`): it is
//! never silently accepted with a rule dropped. Known wrong verdicts are listed in
//! `KNOWN_MISMATCHES` with the reason; the list may only shrink.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `(file, group description, test description)` whose verdict we get wrong, and why.
/// A `*` test description stands for the whole group.
const KNOWN_MISMATCHES: &[(&str, &str, &str, &str)] = &[(
    "optional/format/hostname.json",
    "validation of A-label (punycode) host names",
    "*",
    "A-labels are checked for syntax only; Punycode decoding and the IDNA contextual rules (RFC 5892) are not implemented",
)];

fn known(file: &str, group: &str, test: &str) -> bool {
    KNOWN_MISMATCHES
        .iter()
        .any(|(f, g, t, _)| *f == file && *g == group && (*t == "*" || *t == test))
}

fn suite_dir() -> PathBuf {
    let shared = std::env::var_os("GBG_GO_SHARED").expect(
        "GBG_GO_SHARED is not set: this suite needs the shared data folder (../shared); .ci/run sets it",
    );
    let dir = Path::new(&shared).join("json-schema-test-suite/tests");
    assert!(
        dir.is_dir(),
        "{} is missing: this suite needs the JSON-Schema-Test-Suite",
        dir.display()
    );
    dir
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[derive(Default, Debug)]
struct Tally {
    passed: usize,
    unsupported_groups: usize,
    unsupported_tests: usize,
    known: usize,
    failures: Vec<String>,
}

fn run(dialect: &str, schema_uri: &str) -> Tally {
    let root = suite_dir().join(dialect);
    let mut t = Tally::default();
    for file in files(&root) {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Optional files cover engine extensions; we run the format ones (we assert
        // formats) and skip the rest (bignum, ECMAScript regex corner cases, …).
        if rel.starts_with("optional/") && !rel.starts_with("optional/format/") {
            continue;
        }
        let groups: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for g in groups {
            let desc = g["description"].as_str().unwrap_or("");
            let mut schema = g["schema"].clone();
            if let Value::Object(m) = &mut schema {
                m.entry("$schema")
                    .or_insert(Value::String(schema_uri.into()));
            }
            let text = serde_json::to_vec(&schema).unwrap();
            let tests = g["tests"].as_array().unwrap();
            let validator = match gbg_go_schema::load_bytes(&file, "suite.json", &text) {
                // A format we do not assert is reported as a warning at load time; the
                // group is unsupported, not silently passed.
                Ok(ir) if ir.warnings.iter().any(|w| w.code == "unknown-format") => {
                    t.unsupported_groups += 1;
                    t.unsupported_tests += tests.len();
                    continue;
                }
                Ok(ir) => gbg_go_schema::Validator::new(ir),
                Err(d) => {
                    assert!(
                        !d.0.is_empty() && d.0.iter().all(|d| d.line >= 1 && d.column >= 1),
                        "{rel}: {desc}: unlocated rejection"
                    );
                    t.unsupported_groups += 1;
                    t.unsupported_tests += tests.len();
                    continue;
                }
            };
            // In 2020-12 `format` is an annotation unless a vocabulary asserts it; the
            // suite's main format.json expects that. Everywhere else we assert.
            let validator = if dialect == "draft2020-12" && rel == "format.json" {
                validator.assert_format(false)
            } else {
                validator
            };
            for case in tests {
                let cdesc = case["description"].as_str().unwrap_or("");
                let expected = case["valid"].as_bool().unwrap();
                let got = validator.is_valid(&case["data"]);
                if got == expected {
                    t.passed += 1;
                } else if known(&rel, desc, cdesc) {
                    t.known += 1;
                } else {
                    t.failures.push(format!(
                        "{rel}: {desc}: {cdesc} (expected valid={expected})"
                    ));
                }
            }
        }
    }
    t
}

fn check(dialect: &str, uri: &str) {
    let t = run(dialect, uri);
    eprintln!(
        "{dialect}: {} passed, {} failed, {} known mismatches, {} tests in {} groups rejected as unsupported",
        t.passed,
        t.failures.len(),
        t.known,
        t.unsupported_tests,
        t.unsupported_groups
    );
    assert!(t.passed > 0, "no test ran");
    assert!(
        t.failures.is_empty(),
        "{} wrong verdicts:\n{}",
        t.failures.len(),
        t.failures.join("\n")
    );
}

#[test]
fn draft7() {
    check("draft7", "http://json-schema.org/draft-07/schema#");
}

#[test]
fn draft2020_12() {
    check(
        "draft2020-12",
        "https://json-schema.org/draft/2020-12/schema",
    );
}
