//! With the `shared-data` feature: extract the full GO `context.subject` schema (the
//! request body of `POST /journey/start` in GBG's OpenAPI description), wrap it as a
//! task schema in the dashboard export form, and generate its module.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "shared-data")]
    shared::generate();
}

#[cfg(feature = "shared-data")]
mod shared {
    use std::path::PathBuf;

    include!("extract_subject.rs");

    pub fn generate() {
        println!("cargo:rerun-if-env-changed=GBG_GO_SHARED");
        let shared = std::env::var_os("GBG_GO_SHARED")
            .expect("GBG_GO_SHARED is not set: the shared-data suites need the shared data folder (../shared); .ci/run sets it");
        let spec = PathBuf::from(shared).join("gbg-go-api/openapi.yaml");
        println!("cargo:rerun-if-changed={}", spec.display());
        let task = subject_task_schema(&spec);
        let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
        let schema_path = out.join("go_subject.json");
        std::fs::write(&schema_path, task).expect("write the extracted schema");
        let mut b = gbg_go_codegen::Builder::new();
        b.schema(&schema_path).out_dir(&out);
        if let Err(e) = b.compile() {
            panic!("{e}");
        }
    }
}
