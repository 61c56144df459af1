//! A consumer crate (edition 2024) whose build.rs generates typed GO task schemas.
//!
//! `cargo run -p gbg-go-example-build-script` builds a valid prefill value, shows that
//! an invalid one is refused, and prints the redacted `Debug`.

gbg_go::include_schema!(kyc);

use kyc::{Context, DateOfBirth, FirstName, Identity, LastName, LastNames, Subject, Title};

fn main() -> Result<(), gbg_go::ValidationError> {
    // Constrained values are newtypes checked on construction.
    let mut identity = Identity::new(
        FirstName::new("Ada")?,
        LastNames::new(vec![LastName::new("Lovelace")?])?,
        DateOfBirth::new("1815-12-10")?,
    );
    identity.title = Some(Title::Dr);
    let prefill: kyc::Root = kyc::Kyc::new(Context::new(Subject::new(identity)));
    prefill.validate()?;
    println!(
        "valid prefill: {}",
        serde_json::to_string(&prefill).expect("serializable")
    );

    // A wrong value cannot be built: the error names the rule, not the value.
    let refused = DateOfBirth::new("10/12/1815").expect_err("not a date");
    println!("refused: {refused}");

    // Deserializing validates the whole document.
    let text = r#"{"context":{"subject":{"identity":{"firstName":"Ada","lastNames":[],"dateOfBirth":"1815-12-10"}}}}"#;
    let err = serde_json::from_str::<kyc::Root>(text).expect_err("lastNames needs an item");
    println!("refused document: {err}");

    // Debug shows the structure, hides personal data (the title was revealed in build.rs).
    println!("{prefill:#?}");
    Ok(())
}
