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

    /// A realistic prefill literal for the full GO subject schema.
    const PREFILL_LITERAL: &str = r#"{"context": {"subject": {
        "identity": {
            "title": "Dr", "firstName": "Ada", "middleNames": ["Augusta"], "lastNames": ["Lovelace"],
            "dateOfBirth": "1815-12-10",
            "currentAddress": {"lines": ["12 St James Square"], "locality": "London", "postalCode": "SW1Y 4JH", "country": "GB"},
            "previousAddresses": [{"lines": ["2 Low Road"], "locality": "York", "country": "GB", "fromDate": "2010-01-01", "toDate": "2019-06-30"}],
            "emails": [{"type": "home", "email": "ada@example.com"}],
            "phones": [{"type": "mobile", "number": "+447700900123"}]
        },
        "documents": [{"type": "Passport", "number": "123456789", "country": "GB"}],
        "biometrics": [{"selfieImage": "aGVsbG8gd29ybGQ=", "anchorImage": "aGVsbG8gd29ybGQ="}],
        "consent": [{"url": "https://example.com/terms"}]
    }}}"#;

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
        // A `prefill!` pass case against the full schema: the schema lives in OUT_DIR,
        // so the invocation is written there with its absolute path and `include!`d by
        // tests/shared_subject.rs.
        let case = format!(
            "/// Checked while compiling against the full GO subject schema.\npub fn realistic_prefill() -> gbg_go::Payload {{\n    gbg_go::prefill!(schema = {:?}, {})\n}}\n",
            schema_path.to_string_lossy(),
            PREFILL_LITERAL
        );
        std::fs::write(out.join("go_subject_prefill.rs"), case).expect("write the prefill case");
        let mut b = gbg_go_codegen::Builder::new();
        b.schema(&schema_path).out_dir(&out);
        if let Err(e) = b.compile() {
            panic!("{e}");
        }
    }
}
