//! With the `go-subject` feature (the `parse` benchmark): extract the full GO subject
//! schema from `$GBG_GO_SHARED`, and generate from it, into `$OUT_DIR`:
//! - `go_subject.rs`: the gbg-go module;
//! - `typify_subject.rs`: typify 0.8's types;
//! - `plain_subject.rs`: typify's types for the schema with every assertion removed
//!   (the same shape, plain serde-derive structs: the unvalidated floor).
//!
//! It also writes `.generated/go_subject.json`, which `#[jsonschema::validator]`
//! reads by path, and `.generated/typify_subject.rs`, which
//! `compile-time/module.sh` compiles beside the gbg-go module.

include!("../tests/generated/extract_subject.rs");

fn typify(schema: &serde_json::Value) -> String {
    let root: schemars08::schema::RootSchema =
        serde_json::from_value(schema.clone()).expect("schemars parses");
    let mut space =
        typify::TypeSpace::new(typify::TypeSpaceSettings::default().with_struct_builder(false));
    space.add_root_schema(root).expect("typify accepts it");
    let file: syn::File = syn::parse2(space.to_stream()).expect("parses");
    prettyplease::unparse(&file)
}

/// The schema's shape alone: types, properties, required, items and composition;
/// every other assertion removed.
fn shape_only(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    const DROP: &[&str] = &[
        "pattern",
        "minLength",
        "maxLength",
        "format",
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    ];
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !DROP.contains(&k.as_str()))
                .map(|(k, v)| {
                    // `properties` holds names, not keywords: keep every name.
                    if k == "properties" {
                        if let Value::Object(props) = v {
                            return (
                                k.clone(),
                                Value::Object(
                                    props
                                        .iter()
                                        .map(|(n, s)| (n.clone(), shape_only(s)))
                                        .collect(),
                                ),
                            );
                        }
                    }
                    (k.clone(), shape_only(v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(shape_only).collect()),
        other => other.clone(),
    }
}

fn main() {
    println!("cargo:rerun-if-env-changed=GBG_GO_SHARED");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_GO_SUBJECT").is_none() {
        return;
    }
    let shared = std::env::var_os("GBG_GO_SHARED")
        .expect("the parse benchmark needs GBG_GO_SHARED (the shared data folder)");
    let text = subject_task_schema(&std::path::Path::new(&shared).join("gbg-go-api/openapi.yaml"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let generated = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".generated");
    std::fs::create_dir_all(&generated).expect("create .generated");
    std::fs::write(generated.join("go_subject.json"), &text).expect("write the schema");
    let ir = gbg_go_schema::load_bytes(
        std::path::Path::new("go_subject.json"),
        "go_subject.json",
        text.as_bytes(),
    )
    .expect("loads");
    let ours =
        gbg_go_codegen::generate_ir(&ir, &gbg_go_codegen::Options::default()).expect("generates");
    std::fs::write(out.join("go_subject.rs"), ours.code).expect("write");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let typified = typify(&schema);
    std::fs::write(out.join("typify_subject.rs"), &typified).expect("write");
    // benches/compile-time/module.sh compiles typify's types beside ours.
    std::fs::write(generated.join("typify_subject.rs"), &typified).expect("write");
    std::fs::write(out.join("plain_subject.rs"), typify(&shape_only(&schema))).expect("write");
}
