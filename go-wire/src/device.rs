//! Device connection, session refresh and validation, and hand-off (API-NOTES §3.8).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::status::{DevicePosition, DeviceScope, TokenType};

/// `POST /journey/device/start` (customer token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceStartRequest {
    /// The instance.
    pub instance_id: String,
    /// Which devices may connect (an array; a string is refused). Required in the docs,
    /// optional in the newest spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<DeviceScope>>,
}

/// The connect secret.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceStartResponse {
    /// One use, short-lived; `Authorization: Bearer` at `device/connect`.
    pub connect_token: String,
    /// `connect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<TokenType>,
    /// Seconds. GO's specs type it as a number, its docs show a string (`"120"`):
    /// both are accepted (see [`seconds`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<Value>,
    /// The scope granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<DeviceScope>>,
}

impl std::fmt::Debug for DeviceStartResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceStartResponse")
            .field("connect_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// `POST /journey/device/connect` (the connect token as Bearer; the body form is
/// older).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceConnectRequest {
    /// The connect secret (also sent as the Bearer token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_token: Option<String>,
    /// The device. GO's descriptions require it; the sandbox also takes a connect
    /// without it (the Bearer secret is what matters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_info: Option<DeviceInfo>,
}

impl std::fmt::Debug for DeviceConnectRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceConnectRequest")
            .field("device_info", &self.device_info)
            .finish_non_exhaustive()
    }
}

/// `deviceInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceInfo {
    /// 16–64 characters.
    pub device_id: String,
    /// A display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
    /// A device type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_type: Option<String>,
}

/// An end-user session (`device/connect` 201, `device/refresh` 201).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndUserSession {
    /// A JWT for the end-user calls of one instance.
    pub end_user_token: String,
    /// `end-user` (connect only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<TokenType>,
    /// Seconds (a number; a string is accepted too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<Value>,
    /// The instance (required by the newest spec).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Renews the session at `device/refresh` without a new connect secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_credential: Option<String>,
    /// When the resume credential expires (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_expires_at: Option<String>,
    /// Seconds until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_expires_in: Option<u64>,
    /// `device/refresh` only: when the journey link expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_expires_at: Option<String>,
}

impl std::fmt::Debug for EndUserSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EndUserSession")
            .field("end_user_token", &"<redacted>")
            .field("instance_id", &self.instance_id)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// `POST /journey/device/refresh`. GO documents no body; the sandbox reads the resume
/// credential from it (INFERRED).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRefreshRequest {
    /// From `device/connect`.
    pub resume_credential: String,
}

/// `POST /journey/device/validate` (end-user token; empty body).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceValidateResponse {
    /// Always true on 200 (a bad token is 401).
    pub valid: bool,
    /// The device session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The instance the token is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// The organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// When the token expires (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// `POST /journey/instance/{instanceId}/handoff-token` (the originating device's
/// end-user token): a link for a second device.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoffTokenResponse {
    /// The hosted journey URL for the second device (it carries a secret).
    pub instance_url: String,
    /// `origin` or `joined`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_position: Option<DevicePosition>,
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<Value>,
}

impl std::fmt::Debug for HandoffTokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HandoffTokenResponse")
            .field("instance_url", &"<redacted>")
            .field("device_position", &self.device_position)
            .finish_non_exhaustive()
    }
}

/// Seconds from an `expiresIn` that may be a number or a numeric string; `None` when
/// it is neither, negative or not finite. Huge values are capped at ten years.
pub fn seconds(v: Option<&Value>) -> Option<f64> {
    let v = v?;
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        .filter(|s: &f64| s.is_finite() && *s >= 0.0)
        .map(|s| s.min(10.0 * 365.0 * 86_400.0))
}
