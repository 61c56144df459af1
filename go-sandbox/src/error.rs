//! GBG's error body: `{"errors":[{"code","name","location","problem","action"}]}`.
//!
//! GO documents the codes 4002 `MISSING_FIELD`, 4003 `INVALID_FIELD` and 4009
//! `JOURNEY_NOT_ACTIVE`. For the other failures GO's reference gives only the HTTP
//! status, so the sandbox uses codes of its own in the same four-digit form:
//!
//! | HTTP | code | name |
//! |---|---|---|
//! | 400 | 4001 | `MALFORMED_REQUEST` (body is not JSON, or not an object) |
//! | 4xx | 4001 | `MALFORMED_REQUEST` (refused by the HTTP layer, e.g. 413 for a body over 2 MiB) |
//! | 400 | 4002 | `MISSING_FIELD` |
//! | 400 | 4003 | `INVALID_FIELD` (a request field has the wrong shape) |
//! | 409 | 4003 | `INVALID_FIELD` (task data breaks the task schema; `problem` names the pointer and rule) |
//! | 401 | 4010 | `UNAUTHORIZED` (no token, unknown, expired, or the wrong kind) |
//! | 403 | 4030 | `FORBIDDEN` (an end-user token for another instance) |
//! | 404 | 4040 | `NOT_FOUND` (unknown resource, version, instance or task; unknown route) |
//! | 405 | 4050 | `METHOD_NOT_ALLOWED` |
//! | 409 | 4009 | `JOURNEY_NOT_ACTIVE` |
//! | 409 | 4011 | `TASK_NOT_ACTIVE` (the task is already completed) |
//! | 429 | 4290 | `TOO_MANY_REQUESTS` (with `Retry-After`) |
//! | 500 | 5000 | `INTERNAL_ERROR` |
//! | 503 | 5030 | `SERVICE_UNAVAILABLE` (with `Retry-After`) |

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One entry of GBG's `errors[]`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GbgError {
    /// Four digits.
    pub code: &'static str,
    /// Upper snake case.
    pub name: &'static str,
    /// `Body`, `Authorization`, `Path`, `Header` or `Service`.
    pub location: &'static str,
    /// What is wrong. Never contains payload values.
    pub problem: String,
    /// What to do about it.
    pub action: String,
}

/// An error response.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) errors: Vec<GbgError>,
    pub(crate) retry_after: Option<u64>,
}

impl ApiError {
    fn one(
        status: StatusCode,
        code: &'static str,
        name: &'static str,
        location: &'static str,
        problem: impl Into<String>,
        action: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            errors: vec![GbgError {
                code,
                name,
                location,
                problem: problem.into(),
                action: action.into(),
            }],
            retry_after: None,
        }
    }

    pub(crate) fn malformed(problem: impl Into<String>) -> ApiError {
        ApiError::one(
            StatusCode::BAD_REQUEST,
            "4001",
            "MALFORMED_REQUEST",
            "Body",
            problem,
            "Send a JSON object with Content-Type: application/json",
        )
    }

    pub(crate) fn missing(field: &str) -> ApiError {
        ApiError::one(
            StatusCode::BAD_REQUEST,
            "4002",
            "MISSING_FIELD",
            "Body",
            format!("{field}: Required"),
            format!("Please provide {field}"),
        )
    }

    pub(crate) fn invalid(field: &str, expected: &str) -> ApiError {
        ApiError::one(
            StatusCode::BAD_REQUEST,
            "4003",
            "INVALID_FIELD",
            "Body",
            format!("{field}: expected {expected}"),
            format!("Send {field} as {expected}"),
        )
    }

    pub(crate) fn unauthorized(problem: impl Into<String>) -> ApiError {
        ApiError::one(
            StatusCode::UNAUTHORIZED,
            "4010",
            "UNAUTHORIZED",
            "Authorization",
            problem,
            "Send a valid, unexpired Bearer token of the kind this call takes",
        )
    }

    pub(crate) fn forbidden(problem: impl Into<String>) -> ApiError {
        ApiError::one(
            StatusCode::FORBIDDEN,
            "4030",
            "FORBIDDEN",
            "Authorization",
            problem,
            "Use the end-user token issued for this instance",
        )
    }

    pub(crate) fn not_found(problem: impl Into<String>) -> ApiError {
        ApiError::one(
            StatusCode::NOT_FOUND,
            "4040",
            "NOT_FOUND",
            "Body",
            problem,
            "Check the identifier",
        )
    }

    pub(crate) fn route_not_found() -> ApiError {
        let mut e = ApiError::not_found("No such route");
        e.errors[0].location = "Path";
        e.errors[0].action =
            "Check the path and the API prefix (/captain/api or /v2/captain)".into();
        e
    }

    /// A request the HTTP layer refused before any handler ran (for example a body
    /// over the 2 MiB limit).
    pub(crate) fn rejected(status: StatusCode) -> ApiError {
        let mut e = ApiError::malformed(format!(
            "Request refused: {}",
            status.canonical_reason().unwrap_or("client error")
        ));
        e.status = status;
        e.errors[0].location = "Request";
        e.errors[0].action = "Send a JSON body of at most 2 MiB".into();
        e
    }

    pub(crate) fn method_not_allowed() -> ApiError {
        ApiError::one(
            StatusCode::METHOD_NOT_ALLOWED,
            "4050",
            "METHOD_NOT_ALLOWED",
            "Path",
            "Method not allowed on this route",
            "Every journey call is a POST with a JSON body (health is a GET)",
        )
    }

    pub(crate) fn journey_not_active(status: &str) -> ApiError {
        ApiError::one(
            StatusCode::CONFLICT,
            "4009",
            "JOURNEY_NOT_ACTIVE",
            "Body",
            format!("The journey is not active (status {status})"),
            "Do not retry; start a new journey",
        )
    }

    pub(crate) fn task_not_active() -> ApiError {
        ApiError::one(
            StatusCode::CONFLICT,
            "4011",
            "TASK_NOT_ACTIVE",
            "Body",
            "The task is already completed",
            "Do not resubmit; list the remaining tasks",
        )
    }

    /// Task data breaks the task schema: one entry per violation, naming the pointer,
    /// the keyword and the rule, never the value.
    pub(crate) fn invalid_data(violations: &[gbg_go_schema::Violation]) -> ApiError {
        ApiError {
            status: StatusCode::CONFLICT,
            errors: violations
                .iter()
                .map(|v| GbgError {
                    code: "4003",
                    name: "INVALID_FIELD",
                    location: "Body",
                    // The pointer holds the request's own keys: escaped, so a client
                    // that prints the problem shows no raw control characters.
                    problem: format!(
                        "{}: {} [{}]",
                        if v.pointer.is_empty() {
                            "(root)".into()
                        } else {
                            gbg_go_schema::text::printable(&v.pointer)
                        },
                        gbg_go_schema::text::printable(&v.message),
                        v.keyword
                    ),
                    action: "Correct the data and submit again".into(),
                })
                .collect(),
            retry_after: None,
        }
    }

    pub(crate) fn too_many(retry_after: u64) -> ApiError {
        let mut e = ApiError::one(
            StatusCode::TOO_MANY_REQUESTS,
            "4290",
            "TOO_MANY_REQUESTS",
            "Service",
            "Admission budget exhausted",
            "Retry after the number of seconds in Retry-After",
        );
        e.retry_after = Some(retry_after);
        e
    }

    pub(crate) fn internal() -> ApiError {
        ApiError::one(
            StatusCode::INTERNAL_SERVER_ERROR,
            "5000",
            "INTERNAL_ERROR",
            "Service",
            "Internal server error",
            "Retry reads; for writes, check the state before retrying",
        )
    }

    pub(crate) fn unavailable(retry_after: u64) -> ApiError {
        let mut e = ApiError::one(
            StatusCode::SERVICE_UNAVAILABLE,
            "5030",
            "SERVICE_UNAVAILABLE",
            "Service",
            "Service unavailable",
            "Retry after the number of seconds in Retry-After",
        );
        e.retry_after = Some(retry_after);
        e
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "errors": self.errors });
        let mut resp = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert("retry-after", HeaderValue::from(secs));
        }
        resp
    }
}
