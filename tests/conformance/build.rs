//! With `--features shared-data`: one generated module per JSON-Schema-Test-Suite
//! group that the loader supports (draft7 and draft2020-12), compiled into this crate,
//! and a table of them (`$OUT_DIR/suite.rs`). Without the feature the table is empty,
//! so `cargo test --workspace` builds this crate without `../shared`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The files the runs cover: the required ones, and the format ones among the
/// optional (formats are asserted); the other optional files test engine
/// extensions. `tests/conformance.rs` applies the same rule to the interpreter.
fn covered(rel: &str) -> bool {
    !rel.starts_with("optional/") || rel.starts_with("optional/format/")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("suite folder") {
            let p = e.expect("entry").path();
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

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=GBG_GO_SHARED");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let mut table = String::from(
        "/// Every supported group: dialect, file, index in the file, and the generated\n\
         /// module's verdict on a JSON text (`serde_json::from_str::<Root>`).\n\
         pub static GROUPS: &[Group] = &[\n",
    );
    let mut modules = String::new();
    if std::env::var_os("CARGO_FEATURE_SHARED_DATA").is_some() {
        let shared = std::env::var_os("GBG_GO_SHARED").expect(
            "GBG_GO_SHARED is not set: the conformance suite needs the shared data folder (../shared); .ci/run sets it",
        );
        let suite = Path::new(&shared).join("json-schema-test-suite/tests");
        assert!(suite.is_dir(), "{} is missing", suite.display());
        println!("cargo:rerun-if-changed={}", suite.display());
        let schemas = out.join("schemas");
        std::fs::create_dir_all(&schemas).expect("schemas dir");
        let mut n = 0usize;
        for (dialect, uri) in [
            ("draft7", "http://json-schema.org/draft-07/schema#"),
            (
                "draft2020-12",
                "https://json-schema.org/draft/2020-12/schema",
            ),
        ] {
            let root = suite.join(dialect);
            for file in files(&root) {
                let rel = file
                    .strip_prefix(&root)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                if !covered(&rel) {
                    continue;
                }
                let groups: Vec<Value> =
                    serde_json::from_str(&std::fs::read_to_string(&file).expect("read"))
                        .expect("suite JSON");
                for (index, g) in groups.iter().enumerate() {
                    let mut schema = g["schema"].clone();
                    if let Value::Object(m) = &mut schema {
                        m.entry("$schema").or_insert(Value::String(uri.into()));
                    }
                    let name = format!("g{n:04}");
                    n += 1;
                    let path = schemas.join(format!("{name}.json"));
                    std::fs::write(&path, serde_json::to_vec_pretty(&schema).expect("JSON"))
                        .expect("write schema");
                    // 2020-12's own format.json expects `format` as an annotation.
                    let options = gbg_go_codegen::Options {
                        assert_format: !(dialect == "draft2020-12" && rel == "format.json"),
                        ..Default::default()
                    };
                    let Ok(generated) = gbg_go_codegen::generate(&path, &options) else {
                        // Unsupported (the loader's located error); counted by the test.
                        continue;
                    };
                    if generated
                        .warnings
                        .iter()
                        .any(|w| w.code == "unknown-format")
                    {
                        continue;
                    }
                    let module = out.join(format!("{name}.rs"));
                    std::fs::write(&module, generated.code).expect("write module");
                    let _ = writeln!(
                        modules,
                        "#[allow(dead_code, unused_imports, unused_macros)]\nmod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\")); }}"
                    );
                    let _ = writeln!(
                        table,
                        "    Group {{ dialect: {dialect:?}, file: {rel:?}, index: {index}, accepts: |s| serde_json::from_str::<{name}::Root>(s).is_ok() }},"
                    );
                }
            }
        }
    }
    table.push_str("];\n");
    std::fs::write(out.join("suite.rs"), format!("{modules}\n{table}")).expect("write suite.rs");
}
