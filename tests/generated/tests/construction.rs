//! Building values through the generated API: constrained values are newtypes checked
//! on construction, and structs whose schema has rules across members are sealed
//! (private fields, validating constructor and setters), so no public path builds an
//! invalid value.

use gbg_go_generated_tests::{basic_identity, kyc_2020, us_ssn};

#[test]
fn newtypes_check_on_construction() {
    assert!(basic_identity::DateOfBirth::new("1815-12-10").is_ok());
    let err = basic_identity::DateOfBirth::new("1815-02-30").unwrap_err();
    assert_eq!(err.violations()[0].keyword, "format");
    assert!(!err.to_string().contains("1815-02-30"));
    assert!(basic_identity::FirstName::new("").is_err());
    assert!(kyc_2020::Age::new(17).is_err());
    assert!(kyc_2020::Age::new(18).is_ok());
    let via_try_from: Result<kyc_2020::Age, _> = 130.try_into();
    assert!(via_try_from.is_err(), "exclusiveMaximum");
}

#[test]
fn sealed_structs_validate_their_cross_member_rules() {
    let lines = kyc_2020::Lines::new(vec![serde_json::json!("1 Main St")]).unwrap();
    let us = kyc_2020::Country::new("US").unwrap();
    // if country == US then state is required.
    let err = kyc_2020::Address::new(lines.clone(), us.clone()).unwrap_err();
    assert_eq!(
        (
            err.violations()[0].pointer.as_str(),
            err.violations()[0].keyword
        ),
        ("", "required")
    );

    let mut address = kyc_2020::Address::new(lines, kyc_2020::Country::new("GB").unwrap()).unwrap();
    // dependentRequired: state needs postalCode; the failed change leaves the value as it was.
    let err = address
        .set_state(Some(kyc_2020::State::new("NY").unwrap()))
        .unwrap_err();
    assert_eq!(err.violations()[0].keyword, "dependentRequired");
    assert_eq!(address.state(), None);
    address.set_postal_code(Some("10001".into())).unwrap();
    address
        .set_state(Some(kyc_2020::State::new("NY").unwrap()))
        .unwrap();
    address.set_country(us).unwrap();
    assert_eq!(address.country().get(), "US");
    address.validate().unwrap();
}

/// A sealed type is built directly in every branch of its `if`/`then`, with the
/// optional members the `then` requires set before the one check (`builder()`):
/// the US branch (state and, by `dependentRequired`, postal code) and the other one.
#[test]
fn sealed_if_then_types_are_built_directly_for_each_branch() {
    let lines = || kyc_2020::Lines::new(vec![serde_json::json!("1 Main St")]).unwrap();
    let us = kyc_2020::Address::builder()
        .lines(lines())
        .country(kyc_2020::Country::new("US").unwrap())
        .state(kyc_2020::State::new("NY").unwrap())
        .postal_code("10001".into())
        .build()
        .unwrap();
    assert_eq!(us.state().map(|s| s.get().as_str()), Some("NY"));
    let gb = kyc_2020::Address::builder()
        .lines(lines())
        .country(kyc_2020::Country::new("GB").unwrap())
        .build()
        .unwrap();
    assert_eq!(gb.state(), None);
    // The `then` branch still holds: a US address without a state is refused, with
    // its schema location.
    let err = kyc_2020::Address::builder()
        .lines(lines())
        .country(kyc_2020::Country::new("US").unwrap())
        .build()
        .unwrap_err();
    let v = &err.violations()[0];
    assert_eq!((v.keyword, v.pointer.as_str()), ("required", ""));
    assert!(v.schema_location.ends_with("/then/required"), "{err}");
    // Both branches of us-ssn's `if`/`then`/`else`, with its optional member.
    for (kind, value) in [
        (us_ssn::IdNumberType::Ssn, "123-45-6789"),
        (us_ssn::IdNumberType::Itin, "912-45-6789"),
    ] {
        let id = us_ssn::IdNumber::builder()
            .type_(kind)
            .value(value.into())
            .country(us_ssn::Country::new("US").unwrap())
            .build();
        assert!(id.is_ok(), "{value}: {id:?}");
    }
}

#[test]
fn if_then_else_items_are_sealed_too() {
    let ok = us_ssn::IdNumber::new(us_ssn::IdNumberType::Ssn, "123-45-6789".into());
    assert!(ok.is_ok());
    let wrong = us_ssn::IdNumber::new(us_ssn::IdNumberType::Itin, "123-45-6789".into());
    assert_eq!(wrong.unwrap_err().violations()[0].keyword, "pattern");
}

#[test]
fn absent_null_and_value_stay_distinct() {
    let base = r#"{"context":{"subject":{"identity":{"firstName":"Ada"MIDDLE}}}}"#;
    for (middle, expected) in [
        ("", None),
        (r#","middleName":null"#, Some(None)),
        (r#","middleName":"B""#, Some(Some("B"))),
    ] {
        let text = base.replace("MIDDLE", middle);
        let root: kyc_2020::Root = serde_json::from_str(&text).unwrap();
        let got = root
            .context
            .subject
            .identity
            .middle_name
            .as_ref()
            .map(|m| m.as_ref().map(|n| n.get().as_str()));
        assert_eq!(got, expected, "{text}");
        assert_eq!(serde_json::to_string(&root).unwrap(), text);
    }
}

#[test]
fn unknown_members_are_kept() {
    let text = r#"{"context":{"subject":{"identity":{"firstName":"Ada","note":{"kept":[1,2]}}},"trace":"x"}}"#;
    let root: kyc_2020::Root = serde_json::from_str(text).unwrap();
    assert_eq!(
        root.context.subject.identity.extra["note"],
        serde_json::json!({"kept": [1, 2]})
    );
    assert_eq!(serde_json::to_string(&root).unwrap(), text);
}

/// A schema whose root is not an object and has no type: `Root` is a checked newtype
/// around any JSON value, so deserializing it validates (it used to be an alias of
/// `Value`, which checked nothing).
#[test]
fn a_scalar_root_validates_when_deserialized() {
    use gbg_go_generated_tests::scalar_root::Root;
    let ok: Root = serde_json::from_str("\"AB1234\"").expect("valid");
    assert_eq!(ok.get(), "AB1234");
    // Without a `type`, other JSON types pass the string rules.
    assert!(serde_json::from_str::<Root>("12").is_ok());
    let err = serde_json::from_str::<Root>("\"ab1234\"").expect_err("pattern");
    assert!(err.to_string().contains("pattern"), "{err}");
    assert!(serde_json::from_str::<Root>("\"AB12345\"").is_err());
    assert!(Root::new(serde_json::json!("AB1234")).is_ok());
    assert!(Root::new(serde_json::json!("nope")).is_err());
}

/// Newtypes and string enums have the traits users expect: `Eq`/`Hash`/`Ord` where
/// the value allows them, `as_str`, `FromStr`, `TryFrom` and `From` back to the raw
/// value, and each enum's `ALL`. (No `Display`: values are personal data.)
#[test]
fn newtypes_and_enums_have_the_usual_traits() {
    use gbg_go_generated_tests::kyc;
    use std::collections::HashSet;
    let gb: kyc::Country = "GB".parse().unwrap();
    let us = kyc::Country::try_from(String::from("US")).unwrap();
    assert!(gb < us);
    let set: HashSet<kyc::Country> = [gb.clone(), us.clone(), gb.clone()].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert_eq!(gb.as_str(), "GB");
    let raw: String = gb.into();
    assert_eq!(raw, "GB");
    let err = "United Kingdom".parse::<kyc::Country>().unwrap_err();
    assert_eq!(err.violations()[0].keyword, "pattern");
    assert!(!err.to_string().contains("United Kingdom"), "{err}");
    // A newtype over an array of newtypes is ordered too.
    let lines = kyc::Lines::new(vec![kyc::Line::new("1 High Street").unwrap()]).unwrap();
    assert!(lines.clone() == lines && lines.cmp(&lines).is_eq());

    assert_eq!(kyc::Title::ALL.len(), 5);
    assert_eq!("Dr".parse::<kyc::Title>().unwrap(), kyc::Title::Dr);
    let err = "dr".parse::<kyc::Title>().unwrap_err();
    assert_eq!(err.violations()[0].keyword, "enum");
    assert!(!err.to_string().contains("\"dr\""), "{err}");
    for t in kyc::Title::ALL {
        assert_eq!(t.as_str().parse::<kyc::Title>().unwrap(), *t);
    }
}
