//! The typed form of `prefill!` from a crate other than the module's:
//! `gbg_go::prefill!(schema = "…", module = path::to::kyc, { … })` checks the literal
//! against the schema file, builds that module's `Root` directly, and asserts while
//! compiling that the module was generated from the same schema bytes.

use gbg_go_generated_tests::{kyc, kyc_2020};

#[test]
fn the_typed_form_works_from_another_crate() {
    let root: kyc::Root = gbg_go::prefill!(schema = "../../schemas/kyc.json", module = gbg_go_generated_tests::kyc, {
        "context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
            "currentAddress": {"lines": ["1 High Street"], "country": "GB"}
        }}}
    });
    let parsed: kyc::Root = serde_json::from_str(
        r#"{"context": {"subject": {"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10", "currentAddress": {"lines": ["1 High Street"], "country": "GB"}}}}}"#,
    )
    .unwrap();
    assert!(root == parsed);

    // A 2020-12 schema with `$defs`, `dependentRequired` and `if`/`then`; with a Rust
    // expression, it is a `Result` checked at run time.
    let state = String::from("NY");
    let k: Result<kyc_2020::Root, gbg_go::ValidationError> = gbg_go::try_prefill!(schema = "../../schemas/kyc-2020.json", module = kyc_2020, {
        "context": {"subject": {"identity": {"firstName": "Grace",
            "currentAddress": {"lines": ["1 Main St"], "country": "US", "state": state, "postalCode": "10001"}}}}
    });
    k.unwrap().validate().unwrap();
}
