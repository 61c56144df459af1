//! The token endpoint (`/as/token.oauth2`, and the older Keycloak path) and health.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use gbg_go_wire::token::{OAuthError, TokenRequest, TokenResponse};
use gbg_go_wire::HealthResponse;

use super::ok;
use crate::state::{Shared, TokenKind};

/// An OAuth2 error (RFC 6749 §5.2).
fn oauth(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(OAuthError {
            error: error.to_owned(),
            error_description: Some(description.to_owned()),
        }),
    )
        .into_response()
}

fn missing(field: &str) -> Response {
    oauth(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        &format!("Missing form field `{field}`"),
    )
}

pub(super) async fn token(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let Ok(form) = serde_urlencoded::from_bytes::<TokenRequest>(&body) else {
        return oauth(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be application/x-www-form-urlencoded",
        );
    };
    let creds = &shared.credentials;
    let client_ok = form.client_id.as_deref() == Some(creds.client_id.as_str())
        && form.client_secret.as_deref() == Some(creds.client_secret.as_str());
    match form.grant_type.as_deref() {
        Some("password") => {
            for (name, value) in [
                ("client_id", &form.client_id),
                ("client_secret", &form.client_secret),
                ("username", &form.username),
                ("password", &form.password),
            ] {
                if value.is_none() {
                    return missing(name);
                }
            }
            if !client_ok
                || form.username.as_deref() != Some(creds.username.as_str())
                || form.password.as_deref() != Some(creds.password.as_str())
            {
                return oauth(
                    StatusCode::UNAUTHORIZED,
                    "invalid_grant",
                    "Invalid client or user credentials",
                );
            }
        }
        Some("client_credentials") => {
            for (name, value) in [
                ("client_id", &form.client_id),
                ("client_secret", &form.client_secret),
            ] {
                if value.is_none() {
                    return missing(name);
                }
            }
            if form.scope.as_deref().is_some_and(|s| s != "gbg.token") {
                return oauth(
                    StatusCode::BAD_REQUEST,
                    "invalid_scope",
                    "scope must be `gbg.token`",
                );
            }
            if !client_ok {
                return oauth(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "Invalid client credentials",
                );
            }
        }
        Some(_) => {
            return oauth(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be `password` or `client_credentials`",
            )
        }
        None => return missing("grant_type"),
    }
    let ttl = shared.token_ttl;
    let access_token = shared.issue(TokenKind::Customer, ttl);
    shared.count(|c| c.token_grants += 1);
    ok(&TokenResponse {
        access_token,
        token_type: Some("Bearer".into()),
        expires_in: Some(ttl.as_secs()),
    })
}

pub(super) async fn health() -> Response {
    ok(&HealthResponse {
        message: "OK".into(),
    })
}
