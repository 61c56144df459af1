//! With `--features shared-data`: one generated module per JSON-Schema-Test-Suite
//! group that the loader supports (draft7 and draft2020-12), compiled into this crate,
//! and a table of them (`$OUT_DIR/suite.rs`). Without the feature the table is empty,
//! so `cargo test --workspace` builds this crate without `../shared`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use files::{asserts_format, suite_files, DIALECTS};

use serde_json::Value;

#[path = "src/files.rs"]
mod files;

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
        for (dialect, uri) in DIALECTS {
            for (file, rel) in suite_files(&suite.join(dialect)) {
                let groups: Vec<Value> =
                    serde_json::from_str(&std::fs::read_to_string(&file).expect("read"))
                        .expect("suite JSON");
                for (index, g) in groups.iter().enumerate() {
                    let mut schema = g["schema"].clone();
                    if let Value::Object(m) = &mut schema {
                        m.entry("$schema").or_insert(Value::String((*uri).into()));
                    }
                    let name = format!("g{n:04}");
                    n += 1;
                    let path = schemas.join(format!("{name}.json"));
                    std::fs::write(&path, serde_json::to_vec_pretty(&schema).expect("JSON"))
                        .expect("write schema");
                    let options = gbg_go_codegen::Options {
                        assert_format: asserts_format(dialect, &rel),
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
                        "    Group {{ dialect: {dialect:?}, file: {rel:?}, index: {index}, accepts: |s| serde_json::from_str::<{name}::Root>(s).is_ok(), violations: |v| {name}::Root::validate_json(v).err().map(|e| e.violations().to_vec()).unwrap_or_default(), read: |s| {name}::Root::from_json_str(s).err().map(|e| e.violations().to_vec()).unwrap_or_default() }},"
                    );
                }
            }
        }
    }
    table.push_str("];\n");
    std::fs::write(out.join("suite.rs"), format!("{modules}\n{table}")).expect("write suite.rs");
}
