//! With the `shared-data` feature: extract the full GO `context.subject` schema (the
//! request body of `POST /journey/start` in GBG's OpenAPI description), wrap it as a
//! task schema in the dashboard export form, and generate its module.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    typed_fixtures();
    every_type();
    hooked();
    with_schemars();
    #[cfg(feature = "shared-data")]
    shared::generate();
}

/// `every_type.rs` (tests/every_type.rs includes it): every generated type of every
/// fixture snapshot (src/lib.rs includes them all), with the schema location its
/// code names (the `LOCATION` of its `Generated` facts) and its `validate_json`.
fn every_type() {
    use std::fmt::Write as _;
    use std::path::PathBuf;
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let dir = manifest.join("../snapshots");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/snapshots")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// A generated type's `validate_json`.\n\
         pub type ValidateJson = fn(&serde_json::Value) -> Result<(), gbg_go::ValidationError>;\n\
         /// (module::Type, its schema location, its `validate_json`), for every generated type.\n\
         pub static EVERY_TYPE: &[(&str, &str, ValidateJson)] = &[\n",
    );
    for file in files {
        let module = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).expect("snapshot");
        let mut rest = text.as_str();
        const FACTS: &str = "impl __rt::Generated for ";
        while let Some(at) = rest.find(FACTS) {
            rest = &rest[at + FACTS.len()..];
            let name = rest.split_whitespace().next().expect("a type name");
            let line = rest
                .lines()
                .find(|l| {
                    l.trim_start()
                        .starts_with("const LOCATION: &'static str = ")
                })
                .expect("the type's facts name its schema location");
            let location = line
                .split_once('"')
                .and_then(|(_, l)| l.rsplit_once('"'))
                .expect("a string literal")
                .0;
            writeln!(
                out,
                "    (\"{module}::{name}\", {location:?}, |v| gbg_go_generated_tests::{module}::{name}::validate_json(v)),"
            )
            .unwrap();
        }
    }
    out.push_str("];\n");
    let target = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("every_type.rs");
    std::fs::write(target, out).expect("every_type.rs");
}

/// `kyc` generated with every Builder hook (src/lib.rs `hooked`, tests/hooks.rs): a
/// renamed type, types of this crate's own at two places, added derives and
/// attributes.
fn hooked() {
    let out =
        std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("hooked");
    std::fs::create_dir_all(&out).expect("OUT_DIR/hooked");
    gbg_go_codegen::Builder::new()
        .schema("../../schemas/kyc.json")
        .out_dir(&out)
        .rename("/context/subject/identity/currentAddress", "PostalAddress")
        .rename("/context/subject/identity/emails/*", "EmailAddress")
        .replace(
            "/context/subject/identity/currentAddress/country",
            "crate::hooked_types::CountryCode",
        )
        .replace(
            "/context/subject/identity/dateOfBirth",
            "crate::hooked_types::Date",
        )
        .derive("Eq")
        .derive("Hash")
        .attribute_at("/context/subject/identity/phones/*", "#[must_use]")
        .attribute("#[allow(clippy::too_many_arguments)]")
        .struct_builders(true)
        .compile()
        .expect("kyc with hooks");
    // A replaced member of a struct merged from `allOf` branches (the consent item),
    // which two layers judge: the struct is then read whole and built by serde.
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"))
        .join("hooked_consent");
    std::fs::create_dir_all(&out).expect("OUT_DIR/hooked_consent");
    gbg_go_codegen::Builder::new()
        .schema("../../schemas/consent.json")
        .out_dir(&out)
        .replace("/context/subject/consent/*/url", "crate::hooked_types::Url")
        .compile()
        .expect("consent with hooks");
}

/// Every fixture schema generated with `Builder::schemars(true)` and
/// `struct_builders(true)` (src/lib.rs `with_schemars`, tests/schemars.rs).
fn with_schemars() {
    let manifest =
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"))
        .join("with_schemars");
    std::fs::create_dir_all(&out).expect("OUT_DIR/with_schemars");
    gbg_go_codegen::Builder::new()
        .schemas(manifest.join("../../schemas"))
        .out_dir(&out)
        .schemars(true)
        // And builders, so that every fixture's structs (sealed ones, open ones with
        // undeclared members) compile with one.
        .struct_builders(true)
        .compile()
        .expect("fixtures with schemars");
}

/// `typed_fixtures.rs` (tests/typed_fixtures.rs includes it): for every fixture task
/// schema and every valid payload of it, a test that writes the payload as the literal
/// of the typed `prefill!` from this other crate (`module = …`) and compares the value
/// with `serde_json::from_str` of the same file. The payloads are only known here.
fn typed_fixtures() {
    use std::fmt::Write as _;
    use std::path::PathBuf;
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let schemas = manifest.join("../../schemas");
    println!("cargo:rerun-if-changed={}", schemas.display());
    let mut out = String::new();
    let mut stems: Vec<String> = std::fs::read_dir(&schemas)
        .expect("schemas/")
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "json" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    stems.sort();
    for stem in stems {
        let module = stem.replace('-', "_");
        let schema = schemas.join(format!("{stem}.json"));
        let valid = schemas.join(&stem).join("valid");
        println!("cargo:rerun-if-changed={}", valid.display());
        let Ok(entries) = std::fs::read_dir(&valid) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("payload");
            let name = file
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['-', '.'], "_"))
                .unwrap_or_default();
            writeln!(
                out,
                "#[test]\nfn {module}_{name}() {{\n    let root: gbg_go_generated_tests::{module}::Root = gbg_go::prefill!(schema = {schema:?}, module = gbg_go_generated_tests::{module}, {text});\n    let parsed: gbg_go_generated_tests::{module}::Root = serde_json::from_str(include_str!({file:?})).unwrap();\n    assert!(root == parsed);\n}}\n",
                schema = schema.to_string_lossy(),
                file = file.to_string_lossy(),
            )
            .expect("write");
        }
    }
    let dest =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("typed_fixtures.rs");
    std::fs::write(dest, out).expect("write typed_fixtures.rs");
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
