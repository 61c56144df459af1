//! The token endpoint (`POST /as/token.oauth2`, form-encoded OAuth2; API-NOTES §2).

use serde::{Deserialize, Serialize};

/// The form a client posts to the token endpoint: the `password` grant (older
/// tenants) or `client_credentials` with `scope=gbg.token` (newer ones). Every field
/// is optional on the wire, so a server can say which one is missing.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRequest {
    /// `password` or `client_credentials`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<String>,
    /// The API client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The API client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The user (password grant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The user's password (password grant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// `gbg.token` (client-credentials grant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

impl std::fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRequest")
            .field("grant_type", &self.grant_type)
            .field("client_id", &self.client_id)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// A granted token. There is no refresh token: run the grant again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The customer access token (Bearer).
    pub access_token: String,
    /// `Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Seconds (about 3600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u64>,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// An OAuth2 error body (RFC 6749 §5.2): `invalid_request`, `invalid_client`,
/// `invalid_grant`, `invalid_scope`, `unsupported_grant_type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthError {
    /// The error code.
    pub error: String,
    /// A human description (it may echo a field: clients report only `error`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}
