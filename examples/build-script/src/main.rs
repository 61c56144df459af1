//! A consumer crate (edition 2024) whose build.rs generates typed GO task schemas.
//!
//! `cargo run -p gbg-go-example-build-script` builds a valid prefill value, shows that
//! an invalid one is refused, and prints the redacted `Debug`.

gbg_go::include_schema!(kyc);

use kyc::{
    Context, Country, DateOfBirth, FirstName, Identity, LastName, LastNames, Line, Lines,
    PostalAddress, Subject, Title,
};

fn main() -> Result<(), gbg_go::ValidationError> {
    // Constrained values are newtypes checked on construction; the builder
    // (`struct_builders(true)` in build.rs) checks every rule in `build()`.
    let identity = Identity::builder()
        .first_name(FirstName::new("Ada")?)
        .last_names(LastNames::new(vec![LastName::new("Lovelace")?])?)
        .date_of_birth(DateOfBirth::new("1815-12-10")?)
        .title(Title::Dr)
        // The address type, renamed in build.rs.
        .current_address(PostalAddress::new(
            Lines::new(vec![Line::new("12 St James's Square")?])?,
            Country::new("GB")?,
        ))
        .build()?;
    // `Eq` and `Hash` on every type (build.rs): values go into sets and maps.
    let mut seen = std::collections::HashSet::new();
    assert!(seen.insert(identity.clone()));
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
