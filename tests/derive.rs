//! `#[derive(gbg_go::Prefill)]` on application types: the mapping is proven while
//! compiling, and `to_prefill` validates the values at run time.

use gbg_go::Prefill;
use serde_json::json;

#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity")]
struct Customer {
    first_name: String,
    last_names: Vec<String>,
    date_of_birth: String,
    title: Option<Title>,
    #[prefill(rename = "currentAddress")]
    home: Option<Address>,
}

#[derive(gbg_go::Prefill)]
#[prefill(schema = "schemas/kyc.json", at = "/context/subject/identity/title")]
enum Title {
    Dr,
    #[prefill(rename = "Ms")]
    Miss,
}

#[derive(gbg_go::Prefill)]
#[prefill(
    schema = "schemas/kyc.json",
    at = "/context/subject/identity/currentAddress"
)]
struct Address {
    lines: Vec<String>,
    country: String,
}

#[test]
fn converts_and_validates() {
    let ada = Customer {
        first_name: "Ada".into(),
        last_names: vec!["Lovelace".into()],
        date_of_birth: "1815-12-10".into(),
        title: Some(Title::Miss),
        home: Some(Address {
            lines: vec!["12 St James's Square".into()],
            country: "GB".into(),
        }),
    };
    assert_eq!(Customer::AT, "/context/subject/identity");
    let json = ada.to_prefill().unwrap();
    assert_eq!(
        json,
        json!({"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10", "title": "Ms",
               "currentAddress": {"lines": ["12 St James's Square"], "country": "GB"}})
    );
    let _ = Title::Dr;
}

#[test]
fn value_rules_are_checked_at_run_time_with_located_errors() {
    let bad = Customer {
        first_name: "Ada".into(),
        last_names: vec![],
        date_of_birth: "10/12/1815".into(),
        title: None,
        home: Some(Address {
            lines: vec!["x".into()],
            country: "United Kingdom".into(),
        }),
    };
    let err = bad.to_prefill().unwrap_err();
    let got: Vec<(&str, &str)> = err
        .violations()
        .iter()
        .map(|v| (v.pointer.as_str(), v.keyword))
        .collect();
    assert!(
        got.contains(&("/context/subject/identity/lastNames", "minItems")),
        "{got:?}"
    );
    assert!(
        got.contains(&("/context/subject/identity/dateOfBirth", "pattern")),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "/context/subject/identity/currentAddress/country",
            "pattern"
        )),
        "{got:?}"
    );
    assert!(!err.to_string().contains("United Kingdom"));
}

#[derive(serde::Serialize, gbg_go::Prefill)]
#[serde(rename_all = "camelCase")]
#[prefill(
    schema = "schemas/us-ssn.json",
    at = "/context/subject/identity/idNumbers/0"
)]
struct IdNumber {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

#[test]
fn serde_renames_are_honoured_and_array_items_addressable() {
    let ok = IdNumber {
        kind: "SSN".into(),
        value: "123-45-6789".into(),
    };
    assert_eq!(
        ok.to_prefill().unwrap(),
        json!({"type": "SSN", "value": "123-45-6789"})
    );
    let wrong = IdNumber {
        kind: "ITIN".into(),
        value: "123-45-6789".into(),
    };
    assert_eq!(
        wrong.to_prefill().unwrap_err().violations()[0].pointer,
        "/context/subject/identity/idNumbers/0/value"
    );
}

/// `*` names any item, as in the build hooks (`Builder::rename("…/idNumbers/*", …)`):
/// the same rules hold, and violations name the place as written.
#[derive(serde::Serialize, gbg_go::Prefill)]
#[prefill(
    schema = "schemas/us-ssn.json",
    at = "/context/subject/identity/idNumbers/*"
)]
struct AnyIdNumber {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

#[test]
fn a_star_names_any_array_item() {
    use gbg_go::Prefill;
    assert_eq!(AnyIdNumber::AT, "/context/subject/identity/idNumbers/*");
    let ok = AnyIdNumber {
        kind: "SSN".into(),
        value: "123-45-6789".into(),
    };
    assert!(ok.to_prefill().is_ok());
    let wrong = AnyIdNumber {
        kind: "ITIN".into(),
        value: "123-45-6789".into(),
    };
    assert_eq!(
        wrong.to_prefill().unwrap_err().violations()[0].pointer,
        "/context/subject/identity/idNumbers/*/value"
    );
}

/// A derive of a place stands at that place in a `try_prefill!` literal: its JSON is
/// the derive's, and the whole document is validated at run time.
#[test]
fn a_derive_stands_at_its_place_in_try_prefill() {
    let ada = Customer {
        first_name: "Ada".into(),
        last_names: vec!["Lovelace".into()],
        date_of_birth: "1815-12-10".into(),
        title: Some(Title::Dr),
        home: Some(Address {
            lines: vec!["12 St James's Square".into()],
            country: "GB".into(),
        }),
    };
    let payload = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": ada}}
    })
    .unwrap();
    assert_eq!(
        payload.as_json()["context"]["subject"]["identity"]["currentAddress"]["country"],
        "GB"
    );
    let bad = Address {
        lines: vec!["x".into()],
        country: "United Kingdom".into(),
    };
    let err = gbg_go::try_prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
            "currentAddress": bad
        }}}
    })
    .unwrap_err();
    assert_eq!(
        err.violations()[0].pointer,
        "/context/subject/identity/currentAddress/country"
    );
}
