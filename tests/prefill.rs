//! `gbg_go::prefill!` against the fixture schemas: literals checked while compiling,
//! expressions type-checked while compiling and value-checked at run time.

use serde_json::json;

#[test]
fn a_valid_literal_is_a_payload() {
    let payload: gbg_go::Payload = gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {
            "identity": {
                "title": "Dr",
                "firstName": "Ada",
                "lastNames": ["Lovelace"],
                "dateOfBirth": "1815-12-10",
                "currentAddress": {"lines": ["12 St James's Square"], "country": "GB"},
                "emails": [{"email": "ada@example.com"}]
            },
            "consent": [{"type": "explicit", "url": "https://example.com/terms"}]
        }}
    });
    assert_eq!(
        payload.as_json()["context"]["subject"]["identity"]["lastNames"],
        json!(["Lovelace"])
    );
    assert!(!format!("{payload:?}").contains("Lovelace"));
}

struct Customer {
    first: String,
    born: &'static str,
    country: String,
}

#[test]
fn expressions_are_checked_at_run_time() {
    let ada = Customer {
        first: "Ada".into(),
        born: "1815-12-10",
        country: "GB".into(),
    };
    let ok = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {
            "firstName": ada.first,
            "lastNames": ["Lovelace"],
            "dateOfBirth": ada.born,
            "currentAddress": {"lines": ["x"], "country": ada.country}
        }}}
    });
    assert!(ok.is_ok());

    let bad = Customer {
        first: "Ada".into(),
        born: "10/12/1815",
        country: "United Kingdom".into(),
    };
    let err = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {
            "firstName": bad.first,
            "lastNames": ["Lovelace"],
            "dateOfBirth": bad.born,
            "currentAddress": {"lines": ["x"], "country": bad.country}
        }}}
    })
    .unwrap_err();
    let pointers: Vec<&str> = err
        .violations()
        .iter()
        .map(|v| v.pointer.as_str())
        .collect();
    assert!(
        pointers.contains(&"/context/subject/identity/dateOfBirth"),
        "{err}"
    );
    assert!(
        pointers.contains(&"/context/subject/identity/currentAddress/country"),
        "{err}"
    );
    assert!(!err.to_string().contains("United Kingdom"));
}

#[test]
fn cross_file_schemas_work_at_run_time_without_the_files() {
    let nationality = String::from("gb");
    let err = gbg_go::try_prefill!(schema = "schemas/split-address.json", {
        "context": {"subject": {"identity": {
            "currentAddress": {"lines": ["1 High Street"], "country": "GB"},
            "nationality": nationality
        }}}
    })
    .unwrap_err();
    assert_eq!(err.violations()[0].keyword, "pattern");
}
