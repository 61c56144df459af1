//! Which JSON-Schema-Test-Suite files the runs cover, shared by build.rs (which
//! generates the modules) and the test (which runs every case): one rule, one place.

use std::path::{Path, PathBuf};

/// The dialects, with the `$schema` each group is given.
pub const DIALECTS: &[(&str, &str)] = &[
    ("draft7", "http://json-schema.org/draft-07/schema#"),
    (
        "draft2020-12",
        "https://json-schema.org/draft/2020-12/schema",
    ),
];

/// The required files, and the format ones among the optional (formats are
/// asserted); the other optional files test engine extensions.
pub fn covered(rel: &str) -> bool {
    !rel.starts_with("optional/") || rel.starts_with("optional/format/")
}

/// Whether `format` is asserted for a file: everywhere except 2020-12's own
/// `format.json`, which expects the specification's default (an annotation).
pub fn asserts_format(dialect: &str, rel: &str) -> bool {
    !(dialect == "draft2020-12" && rel == "format.json")
}

/// The covered `*.json` files under a dialect's folder, sorted, each with its path
/// relative to that folder (`/`-separated).
pub fn suite_files(dialect_dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dialect_dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("suite folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let rel = p
                    .strip_prefix(dialect_dir)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                if covered(&rel) {
                    out.push((p, rel));
                }
            }
        }
    }
    out.sort();
    out
}
