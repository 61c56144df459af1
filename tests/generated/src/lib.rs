//! Every generated snapshot, compiled as a library under `#![deny(warnings)]` (dead
//! code included: the items are public API). The round-trip tests in `tests/` use them.
#![deny(warnings)]

/// Generated from `schemas/address-history.json`.
pub mod address_history {
    include!("../../snapshots/address_history.rs");
}
/// Generated from `schemas/basic-identity.json`.
pub mod basic_identity {
    include!("../../snapshots/basic_identity.rs");
}
/// Generated from `schemas/biometrics.json`.
pub mod biometrics {
    include!("../../snapshots/biometrics.rs");
}
/// Generated from `schemas/consent.json`.
pub mod consent {
    include!("../../snapshots/consent.rs");
}
/// Generated from `tests/schemas/edge-cases.json` (names and shapes, not a GO task).
pub mod edge_cases {
    include!("../../snapshots/edge_cases.rs");
}
/// Generated from `tests/schemas/scalar-root.json` (a root that is not an object).
pub mod scalar_root {
    include!("../../snapshots/scalar_root.rs");
}
/// Generated from `schemas/contacts.json`.
pub mod contacts {
    include!("../../snapshots/contacts.rs");
}
/// Generated from `schemas/kyc.json`.
pub mod kyc {
    include!("../../snapshots/kyc.rs");
}
/// Generated from `schemas/kyc-2020.json`.
pub mod kyc_2020 {
    include!("../../snapshots/kyc_2020.rs");
}
/// Generated from `schemas/passport-document.json`.
pub mod passport_document {
    include!("../../snapshots/passport_document.rs");
}
/// Generated from `schemas/split-address.json`.
pub mod split_address {
    include!("../../snapshots/split_address.rs");
}
/// Generated from `schemas/us-ssn.json`.
pub mod us_ssn {
    include!("../../snapshots/us_ssn.rs");
}

/// The full GO `context.subject` schema from GBG's OpenAPI description, wrapped as a
/// task schema and generated at build time (feature `shared-data`).
#[cfg(feature = "shared-data")]
pub mod go_subject {
    include!(concat!(env!("OUT_DIR"), "/go_subject.rs"));
}

/// The typed literal macro each module provides (`kyc::prefill!`), used where it lives:
/// in the crate that includes the module.
#[cfg(test)]
mod typed_prefill {
    use crate::{biometrics, edge_cases, kyc, kyc_2020, us_ssn};

    #[test]
    fn literals_build_the_generated_types_directly() {
        let root: kyc::Root = kyc::prefill!({
            "context": {"subject": {
                "identity": {
                    "title": "Dr", "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
                    "currentAddress": {"lines": ["12 St James's Square"], "country": "GB"}
                },
                "consent": [{"type": "explicit", "url": "https://example.com/terms"}]
            }, "trace": {"kept": true}}
        });
        root.validate().unwrap();
        assert_eq!(root.context.subject.identity.title, Some(kyc::Title::Dr));
        assert_eq!(root.context.subject.identity.first_name.get(), "Ada");
        assert_eq!(
            root.context.extra["trace"],
            serde_json::json!({"kept": true})
        );
    }

    #[test]
    fn sealed_structs_unions_and_nulls() {
        let ssn: us_ssn::Root = us_ssn::prefill!({"context": {"subject": {"identity": {"idNumbers": [{"type": "SSN", "value": "123-45-6789"}]}}}});
        assert_eq!(
            ssn.context.subject.identity.id_numbers.get()[0].value(),
            "123-45-6789"
        );
        let bio: biometrics::Root = biometrics::prefill!({"context": {"subject": {"biometrics": [{"faceImage": "aGVsbG8gd29ybGQgaW1hZ2U="}]}}});
        assert!(matches!(
            bio.context.subject.biometrics[0],
            biometrics::Biometric::FaceImage(_)
        ));
        let k: kyc_2020::Root = kyc_2020::prefill!({"context": {"subject": {"identity": {"firstName": "Grace", "middleName": null}}}});
        assert_eq!(k.context.subject.identity.middle_name, Some(None));
        let e: edge_cases::Root = edge_cases::prefill!({"2fa": true, "tree": {"name": "root", "children": [{"name": "leaf"}]}, "choice": 7, "scores": {"a": 1.5}});
        e.validate().unwrap();
    }

    #[test]
    fn expressions_make_a_result_validated_at_run_time() {
        let first = String::from("Ada");
        let ok: Result<kyc::Root, gbg_go::ValidationError> = kyc::prefill!({"context": {"subject": {"identity": {
            "firstName": first, "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}}}});
        assert!(ok.is_ok());
        let born = "1815-02-30";
        let err = kyc::prefill!({"context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": born}}}})
        .unwrap_err();
        assert_eq!(
            err.violations()[0].pointer,
            "/context/subject/identity/dateOfBirth"
        );
    }
}
