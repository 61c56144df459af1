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
