//! Quickstart: from an exported GO task schema to validated prefill data.
//!
//! `cargo run --example quickstart`
//!
//! 1. Builds a prefill payload with `gbg_go::prefill!`, which checked it against
//!    `schemas/kyc.json` (a task schema in the GO dashboard's export form) while this
//!    example compiled; then validates JSON against the same schema at run time, as a
//!    service does with a task schema it fetched from GO.
//! 2. Uses the Rust module generated from the same schema (the checked-in output of
//!    `gbg-go generate schemas/kyc.json`, which a build.rs would produce) to build a
//!    typed prefill value that is valid by construction.
//! 3. Shows that errors name the place and the rule but never the personal data, and
//!    that `Debug` output is redacted.
//!
//! Starting the journey against the local sandbox and submitting tasks through the
//! typed client are not built yet (see the sandbox and client issues).

#[allow(dead_code)]
mod kyc {
    include!("../tests/snapshots/kyc.rs");
}

use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let schema_path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/kyc.json");
    let schema = gbg_go::Schema::from_path(schema_path)?;

    // 1. Checked while compiling: a mistake in this literal is a compile error.
    let payload: gbg_go::Payload = gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {
            "firstName": "Ada",
            "lastNames": ["Lovelace"],
            "dateOfBirth": "1815-12-10",
            "currentAddress": {"lines": ["12 St James's Square"], "locality": "London", "country": "GB"}
        }}}
    });
    println!("1. prefill payload, checked while compiling: {payload:?}");

    // Run-time validation of JSON against the same schema.
    let fetched = json!({"context": {"subject": {"identity": {
        "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"
    }}}});
    gbg_go::Payload::new(&schema, fetched)?;

    let wrong = json!({"context": {"subject": {"identity": {
        "firstName": "Ada",
        "dateOfBirth": "10/12/1815",
        "currentAddress": {"lines": ["12 St James's Square"], "country": "United Kingdom"}
    }}}});
    let err = gbg_go::Payload::new(&schema, wrong).expect_err("several mistakes");
    println!("   a wrong payload is refused, every mistake located, no value shown:\n   {err}");

    // 2. Typed, generated code: constrained values are checked on construction.
    let identity = kyc::Identity::new(
        kyc::Name::new("Ada")?,
        kyc::LastNames::new(vec![kyc::Name::new("Lovelace")?])?,
        kyc::DateOfBirth::new("1815-12-10")?,
    );
    let typed: kyc::Root = kyc::Kyc::new(kyc::Context::new(kyc::Subject::new(identity)));
    typed.validate()?;
    println!("2. typed prefill: {}", serde_json::to_string(&typed)?);
    match kyc::Country::new("United Kingdom") {
        Ok(_) => unreachable!("not an ISO code"),
        Err(e) => println!("   kyc::Country::new refused it: {e}"),
    }

    // 3. Debug shows structure, never values.
    println!("3. {typed:?}");
    Ok(())
}
