//! Replays every fuzz target's check, on stable, over the seeds derived from the
//! fixtures, the committed seeds (`fuzz/seeds/<target>/`) and every committed crash or
//! regression input (`fuzz/regressions/<target>/`). A failing input is named with the
//! target's assertion, and every failure is listed before the test fails.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use gbg_go_fuzz_checks::{fixture_seeds, TARGETS};

fn committed(folder: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(folder)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .map(|e| {
            let e = e.expect("a directory entry");
            let bytes = std::fs::read(e.path()).expect("readable input");
            (
                format!("{folder}/{target}/{}", e.file_name().to_string_lossy()),
                bytes,
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_target_passes_its_seeds_and_regressions() {
    let derived = fixture_seeds();
    let mut failures = Vec::new();
    let mut counts = Vec::new();
    // Keep the checks' panic messages, but not one backtrace line per input.
    std::panic::set_hook(Box::new(|_| {}));
    for (target, check) in TARGETS {
        let mut inputs: Vec<(String, Vec<u8>)> = derived
            .iter()
            .filter(|(t, _, _)| t == target)
            .map(|(_, name, bytes)| (format!("fixtures/{target}/{name}"), bytes.clone()))
            .collect();
        inputs.extend(committed("seeds", target));
        inputs.extend(committed("regressions", target));
        counts.push(format!("{target}: {}", inputs.len()));
        for (name, bytes) in &inputs {
            if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(bytes))) {
                let message = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failures.push(format!("{name}: {message}"));
            }
        }
    }
    let _ = std::panic::take_hook();
    println!("replayed: {}", counts.join(", "));
    assert!(
        failures.is_empty(),
        "{} input(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The regression folders exist for the targets that have had findings, and every
/// target's name is a libFuzzer binary (a renamed target would silently skip its
/// committed inputs).
#[test]
fn committed_folders_name_known_targets() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).expect("fuzz/Cargo.toml");
    for (target, _) in TARGETS {
        assert!(
            manifest.contains(&format!("name = \"{target}\"")),
            "{target} is not a fuzz binary"
        );
    }
    for folder in ["seeds", "regressions"] {
        for e in std::fs::read_dir(fuzz.join(folder)).expect(folder) {
            let name = e.expect("entry").file_name().to_string_lossy().into_owned();
            assert!(
                TARGETS.iter().any(|(t, _)| *t == name),
                "{folder}/{name} is not a target's folder"
            );
        }
    }
    assert!(
        !committed("regressions", "generated_deserialize").is_empty(),
        "the duplicate-key regression input is committed"
    );
}
