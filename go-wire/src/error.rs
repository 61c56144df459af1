//! GBG's error bodies and codes.
//!
//! - v2: `{"errors":[{"code","name","location","problem","action"}]}` (API-NOTES §6.2).
//! - v1: `{"status","message","error"}` (GBG's migration guide; no example is
//!   published, so the member types are accepted loosely).
//!
//! Clients branch only on the HTTP status and on the documented codes
//! ([`MISSING_FIELD`], [`INVALID_FIELD`], [`JOURNEY_NOT_ACTIVE`]). For statuses without
//! a documented code the gbg-go sandbox uses `<status>0` ([`sandbox_code`]); those are
//! the sandbox's own choice, not GO's.

use serde::{Deserialize, Serialize};

/// `4002`: a required field is absent (HTTP 400).
pub const MISSING_FIELD: &str = "4002";
/// `4003`: a field or submitted data is invalid (HTTP 400; 409 on an interaction
/// submit whose elements are all present but invalid).
pub const INVALID_FIELD: &str = "4003";
/// `4009`: the journey is no longer active (HTTP 409): never retry, start a new one.
pub const JOURNEY_NOT_ACTIVE: &str = "4009";

/// The name GO pairs with a documented code.
pub fn documented_name(code: &str) -> Option<&'static str> {
    match code {
        MISSING_FIELD => Some("MISSING_FIELD"),
        INVALID_FIELD => Some("INVALID_FIELD"),
        JOURNEY_NOT_ACTIVE => Some("JOURNEY_NOT_ACTIVE"),
        _ => None,
    }
}

/// The sandbox's code for a status GO gives no code for: the status followed by `0`
/// (`401` → `4010`, `503` → `5030`). Sandbox-chosen, never branch on it.
pub fn sandbox_code(status: u16) -> String {
    format!("{status}0")
}

/// One entry of a v2 error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GbgError {
    /// Four digits (`^\d{4}$`).
    pub code: String,
    /// Upper snake case (`INVALID_FIELD`).
    #[serde(default)]
    pub name: String,
    /// `Body`, `Authorization`, `Path`, `Header`, `Query String`, `Request`, `Service`
    /// or `Flow`; optional in GO's spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// What is wrong.
    #[serde(default)]
    pub problem: String,
    /// What to do about it.
    #[serde(default)]
    pub action: String,
}

/// A v2 error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// At least one error.
    pub errors: Vec<GbgError>,
}

/// A v1 error body: `{status, message, error}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct V1ErrorBody {
    /// The HTTP status (a number in the sandbox; accepted as any JSON value, since GO
    /// publishes no example).
    pub status: serde_json::Value,
    /// What is wrong.
    #[serde(default)]
    pub message: String,
    /// The error's short name (the sandbox sends GBG's code name, e.g. `INVALID_FIELD`).
    #[serde(default)]
    pub error: String,
}

/// An error body of either generation, read from bytes: `None` when the body is
/// neither form.
pub fn parse_error_body(body: &[u8]) -> Option<Vec<GbgError>> {
    if let Ok(b) = serde_json::from_slice::<ErrorBody>(body) {
        return Some(b.errors);
    }
    let v1 = serde_json::from_slice::<V1ErrorBody>(body).ok()?;
    // A v1 body has no code; the sandbox puts GBG's code name in `error`, and the
    // documented names map back to their codes.
    let code = match v1.error.as_str() {
        "MISSING_FIELD" => MISSING_FIELD.to_owned(),
        "INVALID_FIELD" => INVALID_FIELD.to_owned(),
        "JOURNEY_NOT_ACTIVE" => JOURNEY_NOT_ACTIVE.to_owned(),
        _ => String::new(),
    };
    Some(vec![GbgError {
        code,
        name: v1.error,
        location: None,
        problem: v1.message,
        action: String::new(),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_generations_parse() {
        let v2 = br#"{"errors":[{"code":"4003","name":"INVALID_FIELD","location":"Body","problem":"p","action":"a"}]}"#;
        assert_eq!(parse_error_body(v2).unwrap()[0].code, "4003");
        let v1 =
            br#"{"status":400,"message":"/context/subject: bad [type]","error":"INVALID_FIELD"}"#;
        let e = parse_error_body(v1).unwrap();
        assert_eq!(
            (e[0].code.as_str(), e[0].name.as_str()),
            ("4003", "INVALID_FIELD")
        );
        assert!(parse_error_body(b"<html>").is_none());
        assert_eq!(sandbox_code(503), "5030");
    }
}
