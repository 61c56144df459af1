//! Shared setup for the benchmarks: the full GO subject schema and the two generators.
//!
//! Run with `cd benches && GBG_GO_SHARED=../../shared cargo bench` (never in CI).

include!("../../tests/generated/extract_subject.rs");

/// The full GO subject task schema, extracted from `$GBG_GO_SHARED`.
pub fn go_subject() -> String {
    let shared =
        std::env::var_os("GBG_GO_SHARED").expect("set GBG_GO_SHARED to the shared data folder");
    subject_task_schema(&std::path::Path::new(&shared).join("gbg-go-api/openapi.yaml"))
}

/// gbg-go: schema text to formatted module.
pub fn gbg_go(schema: &str) -> (String, usize) {
    let ir = gbg_go_schema::load_bytes(
        std::path::Path::new("go_subject.json"),
        "go_subject.json",
        schema.as_bytes(),
    )
    .expect("loads");
    let g =
        gbg_go_codegen::generate_ir(&ir, &gbg_go_codegen::Options::default()).expect("generates");
    (g.code, g.type_count)
}

/// typify 0.8: schema text to formatted module, the way its docs and cargo-typify do it.
pub fn typify(schema: &str) -> (String, usize) {
    let root: schemars08::schema::RootSchema =
        serde_json::from_str(schema).expect("schemars parses");
    let mut space =
        typify::TypeSpace::new(typify::TypeSpaceSettings::default().with_struct_builder(false));
    space.add_root_schema(root).expect("typify accepts it");
    let file: syn::File = syn::parse2(space.to_stream()).expect("parses");
    let code = prettyplease::unparse(&file);
    // Count what a reader sees: top-level structs and enums.
    let types = code
        .lines()
        .filter(|l| l.starts_with("pub struct ") || l.starts_with("pub enum "))
        .count();
    (code, types)
}
