//! The Builder hooks' settings: where each lands in the generated code, and the
//! errors for settings that do not fit (each names the setting and its pointer).
//! The hooks at work in compiled code: tests/generated/tests/hooks.rs.

use std::path::Path;

use gbg_go_codegen::hooks::Reshape;
use gbg_go_codegen::{generate, Options};

fn kyc() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/kyc.json"))
}

fn with(options: Options) -> Result<String, String> {
    generate(kyc(), &options)
        .map(|g| g.code)
        .map_err(|d| d.to_string())
}

fn renames(list: &[(&str, &str)]) -> Options {
    Options {
        reshape: Reshape {
            renames: list
                .iter()
                .map(|(a, b)| ((*a).into(), (*b).into()))
                .collect(),
            replacements: Vec::new(),
        },
        ..Options::default()
    }
}

fn replacements(list: &[(&str, &str)]) -> Options {
    Options {
        reshape: Reshape {
            renames: Vec::new(),
            replacements: list
                .iter()
                .map(|(a, b)| ((*a).into(), (*b).into()))
                .collect(),
        },
        ..Options::default()
    }
}

/// The item declaration of `name` with the attributes just above it.
fn item<'a>(code: &'a str, decl: &str) -> &'a str {
    let at = code
        .find(decl)
        .unwrap_or_else(|| panic!("`{decl}` in the code"));
    let start = code[..at].rfind("/// Schema:").expect("the item's doc");
    &code[start..at + decl.len()]
}

#[test]
fn rename_names_the_type_at_the_place_and_every_use() {
    let code = with(renames(&[
        ("/context/subject/identity/currentAddress", "PostalAddress"),
        ("/context/subject/identity/emails/*", "EmailAddress"),
        ("/context/subject/identity/phones/*", "Telephone"),
    ]))
    .unwrap();
    assert!(code.contains("pub struct PostalAddress {"));
    assert!(code.contains("Option<PostalAddress>"));
    assert!(!code.contains("CurrentAddress"));
    assert!(code.contains("pub struct EmailAddress {"));
    assert!(code.contains("Vec<EmailAddress>"));
    assert!(code.contains("pub struct Telephone {"));
}

#[test]
fn rename_errors_name_the_setting_and_the_pointer() {
    let e = with(renames(&[("/context/subject/identity/nope", "X")])).unwrap_err();
    assert!(
        e.contains("rename(`/context/subject/identity/nope`, `X`)")
            && e.contains("declares no property `nope`"),
        "{e}"
    );
    let e = with(renames(&[(
        "/context/subject/identity/currentAddress",
        "Result",
    )]))
    .unwrap_err();
    assert!(e.contains("not a name a type can take"), "{e}");
    let e = with(renames(&[(
        "/context/subject/identity/currentAddress",
        "not an ident",
    )]))
    .unwrap_err();
    assert!(e.contains("not a name a type can take"), "{e}");
    // Another generated type is called `Identity` already.
    let e = with(renames(&[(
        "/context/subject/identity/currentAddress",
        "Identity",
    )]))
    .unwrap_err();
    assert!(e.contains("another generated type has that name"), "{e}");
    // Two names for one type.
    let e = with(renames(&[
        ("/context/subject/identity/emails/*", "A"),
        ("/context/subject/identity/emails/*", "B"),
    ]))
    .unwrap_err();
    assert!(e.contains("renames to `A`"), "{e}");
    // A plain array has no type of its own; its items have.
    let e = with(renames(&[(
        "/context/subject/identity/phones",
        "Telephones",
    )]))
    .unwrap_err();
    assert!(e.contains("name its items with `/*`"), "{e}");
    // A string member has no generated type of its own... unless it is a newtype:
    // `title` is an enum (it has one), a `Value` place has none.
    let e = with(renames(&[("/context/subject/identity/firstName/x", "X")])).unwrap_err();
    assert!(e.contains("is not an object"), "{e}");
    // Swapping two names is fine: the check runs on the result.
    with(renames(&[
        ("/context/subject/identity/firstName", "LastName"),
        ("/context/subject/identity/lastNames/*", "FirstName"),
    ]))
    .unwrap();
}

#[test]
fn replace_holds_the_users_type_read_whole_and_checked() {
    let code = with(replacements(&[
        ("/context/subject/identity/dateOfBirth", "::my_crate::Date"),
        ("/context/subject/identity/emails", "Vec<crate::Email>"),
    ]))
    .unwrap();
    assert!(
        code.contains("pub date_of_birth: ::my_crate::Date,"),
        "{code}"
    );
    // Read by the place's own validator, then the type's Deserialize.
    assert!(
        code.contains("__rt::Foreign::new(check_date_of_birth)"),
        "{code}"
    );
    // Built by serde when the struct is converted from JSON, shown as `<redacted>`.
    assert!(
        code.contains("date_of_birth: __rt::serde_field(&mut m, \"dateOfBirth\")?,"),
        "{code}"
    );
    assert!(code.contains("__rt::Opaque(&self.date_of_birth)"), "{code}");
    assert!(code.contains("Option<Vec<crate::Email>>"), "{code}");
    // The replaced places' own types are gone (their names are free again).
    assert!(!code.contains("pub struct DateOfBirth"), "{code}");
    assert!(!code.contains("pub struct Email {"), "{code}");
    assert!(!code.contains("pub struct EmailValue"), "{code}");
    // Types still used elsewhere stay.
    assert!(code.contains("pub struct FirstName("), "{code}");
    // A required member of the user's type has no blank: its struct, and the
    // structs that require it, are built from slots; the others are filled in place.
    // (A struct filled in place has a `Blank`.)
    assert!(!code.contains("impl __rt::Blank for Identity {"), "{code}");
    assert!(!code.contains("impl __rt::Blank for Context {"), "{code}");
    assert!(code.contains("let mut slot_date_of_birth = "), "{code}");
    assert!(
        code.contains("impl __rt::Blank for CurrentAddress {"),
        "{code}"
    );
}

#[test]
fn replace_errors_name_the_setting_and_the_pointer() {
    let e = with(replacements(&[("", "crate::Doc")])).unwrap_err();
    assert!(
        e.contains("replace(``, `crate::Doc`)") && e.contains("the root"),
        "{e}"
    );
    // The items of a constrained array type (`Lines`, minItems/maxItems).
    let e = with(replacements(&[(
        "/context/subject/identity/currentAddress/lines/*",
        "crate::Line",
    )]))
    .unwrap_err();
    assert!(
        e.contains("replace the array or object that holds them"),
        "{e}"
    );
    let e = with(replacements(&[(
        "/context/subject/identity/dateOfBirth",
        "not a type!",
    )]))
    .unwrap_err();
    assert!(e.contains("is not a Rust type"), "{e}");
    let e = with(replacements(&[("context", "crate::X")])).unwrap_err();
    assert!(e.contains("starts with `/`"), "{e}");
    let e = with(replacements(&[(
        "/context/subject/identity/firstName/*",
        "crate::X",
    )]))
    .unwrap_err();
    assert!(e.contains("names no array items"), "{e}");
}

#[test]
fn derives_and_attributes_land_on_their_types() {
    let code = with(Options {
        derives: vec![
            (None, "Eq".into()),
            (
                Some("/context/subject/identity".into()),
                "::my_crate::Audit".into(),
            ),
        ],
        attributes: vec![
            (None, "#[allow(clippy::large_enum_variant)]".into()),
            (
                Some("/context/subject/identity/phones/*".into()),
                "#[must_use]".into(),
            ),
        ],
        ..Options::default()
    })
    .unwrap();
    let identity = item(&code, "pub struct Identity {");
    assert!(
        identity
            .contains("#[derive(Clone, PartialEq, Eq, ::my_crate::Audit, __rt::serde::Serialize)]"),
        "{identity}"
    );
    assert!(
        identity.contains("#[allow(clippy::large_enum_variant)]"),
        "{identity}"
    );
    assert!(!identity.contains("must_use"), "{identity}");
    let phone = item(&code, "pub struct Phone {");
    assert!(phone.contains("#[must_use]"), "{phone}");
    assert!(!phone.contains("Audit"), "{phone}");
    // A derive the type has already is not repeated.
    let title = item(&code, "pub enum Title {");
    assert_eq!(
        title.matches("Eq,").count(),
        2,
        "PartialEq and Eq once: {title}"
    );
}

#[test]
fn derives_and_attributes_that_would_break_the_rules_are_refused() {
    let refused = |derives: Vec<(Option<String>, String)>,
                   attributes: Vec<(Option<String>, String)>| {
        with(Options {
            derives,
            attributes,
            ..Options::default()
        })
        .unwrap_err()
    };
    let e = refused(vec![(None, "Debug".into())], vec![]);
    assert!(
        e.contains("derive(`Debug`)") && e.contains("hiding personal data"),
        "{e}"
    );
    let e = refused(vec![(None, "serde::Deserialize".into())], vec![]);
    assert!(e.contains("validating as they read"), "{e}");
    let e = refused(vec![(None, "Default".into())], vec![]);
    assert!(e.contains("skip the schema's rules"), "{e}");
    let e = refused(
        vec![],
        vec![(None, "#[serde(rename_all = \"UPPERCASE\")]".into())],
    );
    assert!(e.contains("wire form"), "{e}");
    let e = refused(vec![], vec![(None, "non_exhaustive".into())]);
    assert!(e.contains("`#[…]`"), "{e}");
    let e = refused(
        vec![(
            Some("/context/subject/identity/firstName/x".into()),
            "Eq".into(),
        )],
        vec![],
    );
    assert!(
        e.contains("derive_at(`/context/subject/identity/firstName/x`, `Eq`)"),
        "{e}"
    );
}

#[test]
fn schemars_derives_through_the_runtime() {
    let code = with(Options {
        schemars: true,
        ..Options::default()
    })
    .unwrap();
    let identity = item(&code, "pub struct Identity {");
    assert!(
        identity.contains("::gbg_go::__private::schemars::JsonSchema"),
        "{identity}"
    );
    assert!(
        identity.contains("#[schemars(crate = \"::gbg_go::__private::schemars\")]"),
        "{identity}"
    );
    assert_eq!(
        code.matches("#[schemars(crate").count(),
        code.matches("\npub struct ").count() + code.matches("\npub enum ").count(),
        "every type"
    );
}

#[test]
fn reveal_walks_the_same_places() {
    // `*` and a name after an array both step into the items.
    for pointer in [
        "/context/subject/identity/emails/*/email",
        "/context/subject/identity/emails/email",
    ] {
        let code = with(Options {
            reveal: vec![pointer.into()],
            ..Options::default()
        })
        .unwrap();
        assert!(code.contains("__rt::Reveal(&self.email)"), "{pointer}");
    }
    let e = with(Options {
        reveal: vec!["/context/subject/identity/emails/*".into()],
        ..Options::default()
    })
    .unwrap_err();
    assert!(e.contains("names no property"), "{e}");
}
