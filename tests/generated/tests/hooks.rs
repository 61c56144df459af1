//! The Builder hooks at work: `kyc` generated with a renamed type, two places held in
//! this crate's own types, extra derives and attributes (see build.rs `hooked`).

use std::collections::HashSet;

use gbg_go::ViolationKind;
use gbg_go_generated_tests::hooked::{self, PostalAddress, Root};
use gbg_go_generated_tests::hooked_types::{CountryCode, Date};

const FULL: &str = include_str!("../../../schemas/kyc/valid/full.json");

fn with(pointer: &str, value: serde_json::Value) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(FULL).unwrap();
    *doc.pointer_mut(pointer)
        .expect("the pointer names a member") = value;
    doc.to_string()
}

#[test]
fn the_replaced_places_hold_the_crates_own_types() {
    let root = Root::from_json_str(FULL).unwrap();
    let identity = &root.context.subject.identity;
    let date: &Date = &identity.date_of_birth;
    assert!(
        *date
            == Date {
                year: 1815,
                month: 12,
                day: 10
            }
    );
    let address: &PostalAddress = identity.current_address.as_ref().unwrap();
    let country: &CountryCode = &address.country;
    assert_eq!(country.0.len(), 2);
    // The round trip goes through the types' own serde impls.
    let back = serde_json::to_value(&root).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(FULL).unwrap()
    );
    // serde_json reads the same way as the structured entry point.
    assert!(serde_json::from_str::<Root>(FULL).unwrap() == root);
}

#[test]
fn a_replaced_type_never_fails_open() {
    // `CountryCode` itself accepts "gb"; the schema's pattern refuses it first.
    let text = with(
        "/context/subject/identity/currentAddress/country",
        "gb".into(),
    );
    let e = Root::from_json_str(&text).unwrap_err();
    let v = e.violations();
    assert_eq!(v.len(), 1, "{e}");
    assert_eq!(
        v[0].pointer,
        "/context/subject/identity/currentAddress/country"
    );
    assert_eq!(v[0].keyword, "pattern");
    assert!(!e.to_string().contains("gb"), "values never show: {e}");

    // The date's own reader would take "2000-1-1"; the schema's pattern refuses it.
    let text = with("/context/subject/identity/dateOfBirth", "2000-1-1".into());
    let e = Root::from_json_str(&text).unwrap_err();
    assert_eq!(
        e.violations()[0].pointer,
        "/context/subject/identity/dateOfBirth"
    );
    assert_eq!(e.violations()[0].keyword, "pattern");
}

#[test]
fn a_value_the_schema_allows_but_the_type_refuses_is_one_located_violation() {
    let text = with(
        "/context/subject/identity/currentAddress/country",
        "ZZ".into(),
    );
    let e = Root::from_json_str(&text).unwrap_err();
    let v = e.violations();
    assert_eq!(v.len(), 1, "{e}");
    assert_eq!(
        v[0].pointer,
        "/context/subject/identity/currentAddress/country"
    );
    assert!(matches!(v[0].kind, ViolationKind::Shape { .. }), "{e}");
    // serde's own message ("ZZ is reserved") is not kept: it may quote the value.
    assert!(!e.to_string().contains("ZZ"), "{e}");
}

#[test]
fn typed_checks_serialize_the_replaced_value_and_validate_it() {
    let mut root = Root::from_json_str(FULL).unwrap();
    root.validate().unwrap();
    let address = root
        .context
        .subject
        .identity
        .current_address
        .as_mut()
        .unwrap();
    address.country = CountryCode("not a code".into());
    let e = root.validate().unwrap_err();
    assert_eq!(
        e.violations()[0].pointer,
        "/context/subject/identity/currentAddress/country"
    );
    assert_eq!(e.violations()[0].keyword, "pattern");
}

#[test]
fn debug_hides_the_replaced_values() {
    let root = Root::from_json_str(FULL).unwrap();
    let address = root
        .context
        .subject
        .identity
        .current_address
        .as_ref()
        .unwrap();
    let shown = format!("{address:?}");
    assert!(shown.starts_with("PostalAddress {"), "{shown}");
    assert!(shown.contains("country: <redacted>"), "{shown}");
    assert!(!shown.contains(&address.country.0), "{shown}");
}

#[test]
fn added_derives_are_there() {
    // `Eq` and `Hash` on every type (`Builder::derive`): the whole document goes
    // into a set.
    let root = Root::from_json_str(FULL).unwrap();
    let mut set = HashSet::new();
    set.insert(root.clone());
    assert!(set.contains(&root));
    let renamed: hooked::EmailAddress =
        root.context.subject.identity.emails.clone().unwrap()[0].clone();
    let mut emails = HashSet::new();
    emails.insert(renamed);
    assert_eq!(emails.len(), 1);
}

// The module's own `prefill!` (crate-private) with the hooks: src/lib.rs `hooked_prefill`.

#[test]
fn struct_builders_report_missing_members_and_check_every_rule() {
    use hooked::{FirstName, Identity, LastName, LastNames, Title};

    // Nothing set: each required member is missing, as the schema's `required` says.
    let e = Identity::builder().build().unwrap_err();
    let missing: Vec<(&str, &str)> = e
        .violations()
        .iter()
        .map(|v| (v.keyword, v.schema_location.as_str()))
        .collect();
    assert_eq!(missing.len(), 3, "{e}");
    assert!(missing
        .iter()
        .all(|(k, l)| *k == "required" && l.ends_with("/properties/identity/required")));
    assert!(e.to_string().contains("firstName") && e.to_string().contains("dateOfBirth"));

    let identity = Identity::builder()
        .first_name(FirstName::new("Ada").unwrap())
        .last_names(LastNames::new(vec![LastName::new("Lovelace").unwrap()]).unwrap())
        .date_of_birth(Date {
            year: 1815,
            month: 12,
            day: 10,
        })
        .title(Title::Dr)
        .build()
        .unwrap();
    assert!(identity.title == Some(Title::Dr));
    assert!(identity.emails.is_none());
    // `Debug` names the members set, never their values.
    let shown = format!(
        "{:?}",
        Identity::builder().first_name(FirstName::new("Ada").unwrap())
    );
    assert_eq!(shown, r#"["firstName"]"#);

    // `build` checks the rules of the values too: the replaced date is checked
    // against the schema's pattern on its serialized form.
    let e = Identity::builder()
        .first_name(FirstName::new("Ada").unwrap())
        .last_names(LastNames::new(vec![LastName::new("Lovelace").unwrap()]).unwrap())
        .date_of_birth(Date {
            year: 12345,
            month: 1,
            day: 1,
        })
        .build()
        .unwrap_err();
    assert_eq!(e.violations()[0].pointer, "/dateOfBirth");
}

#[test]
fn a_replaced_member_of_an_all_of_struct_is_read_and_checked_by_every_layer() {
    use gbg_go_generated_tests::{consent, hooked_consent, hooked_types::Url};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/consent");
    for kind in ["valid", "invalid"] {
        for entry in std::fs::read_dir(dir.join(kind)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let ours = hooked_consent::Root::from_json_str(&text);
            let plain = consent::Root::from_json_str(&text);
            match (ours, plain) {
                (Ok(ours), Ok(plain)) => {
                    assert_eq!(kind, "valid");
                    let url: &Url = ours.context.subject.consent.get()[0].url();
                    assert_eq!(
                        serde_json::to_value(&ours).unwrap(),
                        serde_json::to_value(&plain).unwrap()
                    );
                    assert!(url.0.starts_with("https://"));
                }
                (Err(ours), Err(plain)) => {
                    assert_eq!(kind, "invalid");
                    assert_eq!(ours.violations(), plain.violations(), "{text}");
                }
                (ours, plain) => panic!("{text}: {:?} vs {:?}", ours.is_ok(), plain.is_ok()),
            }
        }
    }
}
