//! What the fuzz targets share: the fixture schemas, loaded once, and the oracles.
//!
//! Each target must reach deep code, so inputs that select a fixture take their
//! first byte as the selector and the rest as the payload.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gbg_go_schema::Validator;
use serde_json::Value;

gbg_go::include_schema!(pub kyc);
gbg_go::include_schema!(pub biometrics);
gbg_go::include_schema!(pub us_ssn);
gbg_go::include_schema!(pub kyc_2020);

/// The project's fixture schemas folder.
pub fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
}

/// The fixture schemas every selector indexes into, in a fixed order.
pub const FIXTURES: &[&str] = &[
    "kyc.json",
    "biometrics.json",
    "us-ssn.json",
    "kyc-2020.json",
    "address-history.json",
    "basic-identity.json",
    "consent.json",
    "contacts.json",
    "passport-document.json",
    "split-address.json",
];

/// An interpreter per fixture, with format assertion on (the default).
pub fn validators() -> &'static [Validator] {
    static V: OnceLock<Vec<Validator>> = OnceLock::new();
    V.get_or_init(|| {
        FIXTURES
            .iter()
            .map(|f| {
                let ir = gbg_go_schema::load(&schemas_dir().join(f))
                    .unwrap_or_else(|d| panic!("fixture {f} does not load: {d}"));
                Validator::new(ir)
            })
            .collect()
    })
}

/// The interpreter's verdict on bytes: `None` when serde_json refuses them.
pub fn interpreter_verdict(v: &Validator, bytes: &[u8]) -> Option<Vec<gbg_go_schema::Violation>> {
    let value: Value = serde_json::from_slice(bytes).ok()?;
    Some(v.validate(&value))
}

/// The locate oracle: every violation's pointer must be found by the targeted scan,
/// at a span whose text parses to the value the pointer names.
pub fn check_locations(text: &str, value: &Value, violations: &[gbg_go_schema::Violation]) {
    let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
    let found = gbg_go_schema::locate::locate(text, &pointers, 64);
    for p in pointers {
        let Some(expected) = value.pointer(p) else {
            continue;
        };
        let located = found
            .get(p)
            .unwrap_or_else(|| panic!("pointer {p:?} of a violation was not located"));
        let got: Value = serde_json::from_str(&text[located.span.start..located.span.end])
            .unwrap_or_else(|e| panic!("span of {p:?} is not a JSON value: {e}"));
        assert_eq!(&got, expected, "span of {p:?} holds another value");
    }
}
