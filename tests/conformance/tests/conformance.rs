//! The JSON-Schema-Test-Suite (draft7 and draft2020-12) through both engines: the
//! interpreter (`gbg_go_schema::Validator`) and compiled generated code (one module
//! per group, built by this crate's build.rs; the verdict is
//! `serde_json::from_str::<Root>`). Needs `--features shared-data` and
//! `$GBG_GO_SHARED`; fails loudly without them.
//!
//! The per-file table it computes must equal the README's conformance section
//! (between `<!-- conformance:start -->` and `<!-- conformance:end -->`), so the
//! README's figures are shown, not asserted. `EXPECTORATE=overwrite` rewrites the
//! section for review in `git diff`.
//!
//! A ceiling on unsupported groups keeps a loader regression from hiding as
//! "unsupported".

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use gbg_go_conformance::files::{asserts_format, suite_files, DIALECTS};
use gbg_go_conformance::{Group, GROUPS};
use serde_json::Value;

/// The most groups each dialect may reject as unsupported (today's counts).
const UNSUPPORTED_CEILING: &[(&str, usize)] = &[("draft7", 40), ("draft2020-12", 149)];

fn suite_dir() -> PathBuf {
    let shared = std::env::var_os("GBG_GO_SHARED").expect(
        "GBG_GO_SHARED is not set: this suite needs the shared data folder (../shared); .ci/run sets it",
    );
    let dir = Path::new(&shared).join("json-schema-test-suite/tests");
    assert!(dir.is_dir(), "{} is missing", dir.display());
    dir
}

/// Per file: groups, and per engine the groups supported and the groups whose every
/// test gives the suite's verdict; and tests passed per engine.
#[derive(Default, Clone, Copy)]
struct Row {
    groups: usize,
    interp_supported: usize,
    /// Cases where generated code and the interpreter report the same violations.
    same_violations: usize,
    /// Cases where they do not.
    different_violations: usize,
    interp_passed: usize,
    gen_supported: usize,
    gen_passed: usize,
    tests: usize,
    interp_tests_passed: usize,
    gen_tests_passed: usize,
}

impl Row {
    fn add(&mut self, o: &Row) {
        self.groups += o.groups;
        self.interp_supported += o.interp_supported;
        self.same_violations += o.same_violations;
        self.different_violations += o.different_violations;
        self.interp_passed += o.interp_passed;
        self.gen_supported += o.gen_supported;
        self.gen_passed += o.gen_passed;
        self.tests += o.tests;
        self.interp_tests_passed += o.interp_tests_passed;
        self.gen_tests_passed += o.gen_tests_passed;
    }
}

/// Violations as (pointer, keyword, schema location fragment): the interpreter and
/// generated code name the file differently.
fn full(v: Vec<gbg_go::Violation>) -> std::collections::BTreeSet<(String, &'static str, String)> {
    v.into_iter()
        .map(|x| {
            let fragment = x
                .schema_location
                .split_once('#')
                .map_or(String::new(), |(_, f)| f.to_owned());
            (x.pointer, x.keyword, fragment)
        })
        .collect()
}

fn run(dialect: &str, uri: &str) -> BTreeMap<String, Row> {
    let root = suite_dir().join(dialect);
    let compiled: BTreeMap<(&str, usize), &Group> = GROUPS
        .iter()
        .filter(|g| g.dialect == dialect)
        .map(|g| ((g.file, g.index), g))
        .collect();
    let mut rows = BTreeMap::new();
    for (file, rel) in suite_files(&root) {
        let groups: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("JSON");
        let mut row = Row::default();
        for (index, g) in groups.iter().enumerate() {
            let tests = g["tests"].as_array().expect("tests");
            row.groups += 1;
            row.tests += tests.len();
            let mut schema = g["schema"].clone();
            if let Value::Object(m) = &mut schema {
                m.entry("$schema").or_insert(Value::String(uri.into()));
            }
            let text = serde_json::to_vec(&schema).expect("JSON");
            let interpreter = match gbg_go_schema::load_bytes(&file, "suite.json", &text) {
                Ok(ir) if ir.warnings.iter().any(|w| w.code == "unknown-format") => None,
                Ok(ir) => {
                    let v = gbg_go_schema::Validator::new(ir);
                    Some(v.assert_format(asserts_format(dialect, &rel)))
                }
                Err(_) => None,
            };
            if let Some(v) = &interpreter {
                row.interp_supported += 1;
                let ok = tests
                    .iter()
                    .filter(|c| v.is_valid(&c["data"]) == c["valid"].as_bool().expect("valid"))
                    .count();
                row.interp_tests_passed += ok;
                row.interp_passed += usize::from(ok == tests.len());
            }
            if let Some(group) = compiled.get(&(rel.as_str(), index)) {
                row.gen_supported += 1;
                let ok = tests
                    .iter()
                    .filter(|c| {
                        let data = serde_json::to_string(&c["data"]).expect("JSON");
                        let right = (group.accepts)(&data) == c["valid"].as_bool().expect("valid");
                        // The same violations as the interpreter, each at its own
                        // schema location.
                        if let Some(v) = &interpreter {
                            let ours = full((group.violations)(&c["data"]));
                            // The one-pass read reports in reading order: compared as
                            // a set, like the others.
                            // A `Shape` violation is the type, not a rule: a schema
                            // that allows what its generated type cannot hold (a
                            // struct for `properties` without `type`). Those cases
                            // already count as wrong verdicts above; the rules
                            // reported beside it must still be the interpreter's.
                            let read = full(
                                (group.read)(&data)
                                    .into_iter()
                                    .filter(|v| !matches!(v.kind, gbg_go::ViolationKind::Shape { .. }))
                                    .collect(),
                            );
                            let theirs = full(v.validate(&c["data"]));
                            if ours == theirs && read == theirs {
                                row.same_violations += 1;
                            } else {
                                eprintln!(
                                    "violations differ: {dialect} {rel}: {}: {}\n  generated:   {ours:?}\n  one pass:    {read:?}\n  interpreter: {theirs:?}",
                                    g["description"].as_str().unwrap_or(""),
                                    c["description"].as_str().unwrap_or("")
                                );
                                row.different_violations += 1;
                            }
                        }
                        if !right {
                            eprintln!(
                                "generated code: {dialect} {rel}: {}: {}",
                                g["description"].as_str().unwrap_or(""),
                                c["description"].as_str().unwrap_or("")
                            );
                        }
                        right
                    })
                    .count();
                row.gen_tests_passed += ok;
                row.gen_passed += usize::from(ok == tests.len());
            }
        }
        rows.insert(rel, row);
    }
    rows
}

fn table() -> String {
    let mut out = String::new();
    let mut grand: Vec<(&str, Row)> = Vec::new();
    for (dialect, uri) in DIALECTS {
        let rows = run(dialect, uri);
        let mut total = Row::default();
        for r in rows.values() {
            total.add(r);
        }
        let unsupported = total.groups - total.interp_supported;
        let ceiling = UNSUPPORTED_CEILING
            .iter()
            .find(|(d, _)| d == dialect)
            .map_or(0, |(_, c)| *c);
        assert!(
            unsupported <= ceiling,
            "{dialect}: {unsupported} unsupported groups, above the ceiling of {ceiling}: did the loader regress?"
        );
        println!(
            "{dialect}: generated code and the interpreter report the same violations (pointer, keyword, schema location) on {} cases, different on {}",
            total.same_violations, total.different_violations
        );
        assert_eq!(
            total.different_violations, 0,
            "{dialect}: generated code and the interpreter report different violations (see above)"
        );
        let _ = writeln!(out, "\n**{dialect}** (groups: interpreter passed / supported; generated code passed / supported)\n");
        let _ = writeln!(
            out,
            "| file | groups | interpreter | generated code | unsupported |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|");
        for (file, r) in &rows {
            let _ = writeln!(
                out,
                "| {file} | {} | {} / {} | {} / {} | {} |",
                r.groups,
                r.interp_passed,
                r.interp_supported,
                r.gen_passed,
                r.gen_supported,
                r.groups - r.interp_supported
            );
        }
        grand.push((dialect, total));
    }
    let mut head = String::from(
        "| dialect | groups | unsupported | interpreter: groups passed | interpreter: tests passed | generated code: groups passed | generated code: tests passed |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for (d, t) in &grand {
        let supported_tests = |passed: usize| format!("{passed}");
        let _ = writeln!(
            head,
            "| {d} | {} | {} | {} / {} | {} | {} / {} | {} |",
            t.groups,
            t.groups - t.interp_supported,
            t.interp_passed,
            t.interp_supported,
            supported_tests(t.interp_tests_passed),
            t.gen_passed,
            t.gen_supported,
            supported_tests(t.gen_tests_passed),
        );
    }
    format!("{head}\n<details><summary>Per keyword file</summary>\n{out}\n</details>\n")
}

#[test]
fn readme_conformance_table_matches_the_run() {
    let t = table();
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README.md");
    let (start, end) = ("<!-- conformance:start -->\n", "<!-- conformance:end -->");
    let a = readme
        .find(start)
        .expect("README has <!-- conformance:start -->")
        + start.len();
    let b = readme
        .find(end)
        .expect("README has <!-- conformance:end -->");
    if std::env::var("EXPECTORATE").as_deref() == Ok("overwrite") {
        let updated = format!("{}{t}{}", &readme[..a], &readme[b..]);
        std::fs::write(&readme_path, updated).expect("write README.md");
        return;
    }
    eprintln!("{t}");
    assert!(
        readme[a..b] == t,
        "the README's conformance table no longer matches the run; review with EXPECTORATE=overwrite and git diff. This run:\n{t}"
    );
}
