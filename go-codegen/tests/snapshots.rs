//! Snapshot tests: the generated module for every fixture schema is checked in under
//! `tests/snapshots/`, and `tests/generated` compiles each one under
//! `#![deny(warnings)]`. Update with `EXPECTORATE=overwrite cargo test -p gbg-go-codegen`
//! and review the diff.

use std::path::{Path, PathBuf};

/// The fixture task schemas, plus the generator's own edge cases in tests/schemas.
fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["../schemas", "../tests/schemas"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        files.extend(
            std::fs::read_dir(&dir)
                .expect("fixture folder exists")
                .map(|e| e.expect("readable entry").path())
                .filter(|p| p.extension().is_some_and(|x| x == "json")),
        );
    }
    files.sort();
    files
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let files = fixtures();
    assert!(
        files.len() >= 9,
        "expected the fixture schemas, found {}",
        files.len()
    );
    for file in files {
        // Builder::generate: the same code a build script's Builder::compile writes.
        let g = gbg_go_codegen::Builder::new()
            .schema(&file)
            .generate()
            .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", file.display()))
            .remove(0);
        let snapshot = format!("../tests/snapshots/{}.rs", g.module);
        expectorate::assert_contents(&snapshot, &g.code);
    }
}

#[test]
fn output_is_deterministic_and_has_no_absolute_paths() {
    for file in fixtures() {
        let a = gbg_go_codegen::generate(&file, &gbg_go_codegen::Options::default()).unwrap();
        let b = gbg_go_codegen::generate(&file, &gbg_go_codegen::Options::default()).unwrap();
        assert_eq!(
            a.code,
            b.code,
            "{} generates differently twice",
            file.display()
        );
        let root = env!("CARGO_MANIFEST_DIR");
        let parent = Path::new(root)
            .parent()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            !a.code.contains(&parent),
            "{} output names an absolute path",
            file.display()
        );
        assert!(a.code.starts_with("// @generated"));
        assert!(!a.code.contains("#!["), "no inner attributes");
        assert!(!a.code.contains("//!"), "no inner doc comments");
        assert!(!a.code.contains("macro_export"));
    }
}

/// Generated code is plain Rust a reader follows (issue 23): no doc comment starts
/// with an empty `///` line, and no `macro_rules!` of the runtime stands between a
/// type and its code (the module's own `prefill!` macros are user-facing; modules
/// call no `__rt::…!`).
#[test]
fn generated_code_reads_as_plain_rust() {
    for file in fixtures() {
        let g = gbg_go_codegen::Builder::new()
            .schema(&file)
            .generate()
            .unwrap()
            .remove(0);
        let lines: Vec<&str> = g.code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let starts_doc = line.trim_start().starts_with("///")
                && (i == 0 || !lines[i - 1].trim_start().starts_with("///"));
            assert!(
                !(starts_doc && line.trim() == "///"),
                "{}:{}: a doc comment starts with an empty line",
                file.display(),
                i + 1
            );
            let runtime_macro = line.match_indices("__rt::").any(|(at, _)| {
                let rest = &line[at + "__rt::".len()..];
                let name_end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                rest[name_end..].starts_with('!')
            });
            assert!(
                !runtime_macro || line.contains("typed_prefill!"),
                "{}:{}: a call into a runtime macro: {line}",
                file.display(),
                i + 1
            );
        }
        // Each type states its facts once.
        let facts = g.code.matches("impl __rt::Generated for ").count();
        let types = g.code.matches("\npub struct ").count() + g.code.matches("\npub enum ").count();
        assert!(
            facts > 0 && facts <= types,
            "{}: {facts} facts for {types} types",
            file.display()
        );
    }
}
