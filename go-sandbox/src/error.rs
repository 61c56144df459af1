//! GBG's error bodies, in each generation's shape: v2 (`/v2/captain`) answers
//! `{"errors":[{"code","name","location","problem","action"}]}`, v1 (`/captain/api`)
//! answers `{"status","message","error"}` (GBG's migration guide).
//!
//! GO documents the codes 4002 `MISSING_FIELD`, 4003 `INVALID_FIELD` and 4009
//! `JOURNEY_NOT_ACTIVE`. For the other failures GO gives only the HTTP status, so the
//! sandbox uses `<status>0` ([`gbg_go_wire::error::sandbox_code`]). Those codes and
//! their names are **sandbox-chosen**: clients should branch only on the HTTP status
//! and the documented codes.
//!
//! | HTTP | code | name |
//! |---|---|---|
//! | 400 | 4000 | `MALFORMED_REQUEST` (sandbox-chosen: the body is not JSON, or not an object) |
//! | 400 | 4002 | `MISSING_FIELD` |
//! | 400 | 4003 | `INVALID_FIELD` (a request field has the wrong shape, or task or interaction data breaks its schema: `problem` names the pointer and rule, never the value) |
//! | 401 | 4010 | `UNAUTHORIZED` (sandbox-chosen) |
//! | 403 | 4030 | `FORBIDDEN` (sandbox-chosen) |
//! | 404 | 4040 | `NOT_FOUND` (sandbox-chosen) |
//! | 405 | 4050 | `METHOD_NOT_ALLOWED` (sandbox-chosen) |
//! | 409 | 4009 | `JOURNEY_NOT_ACTIVE` |
//! | 409 | 4090 | `CONFLICT` (sandbox-chosen: a task already completed, a scenario that exists, an asset for an element the interaction does not collect) |
//! | 413 | 4130 | `PAYLOAD_TOO_LARGE` (sandbox-chosen: a body over 20 MiB) |
//! | 422 | 4220 | `UNPROCESSABLE` (sandbox-chosen: unknown interaction for `schema/fetch`, an element that cannot be uploaded) |
//! | 429 | 4290 | `TOO_MANY_REQUESTS` (sandbox-chosen; with `Retry-After`) |
//! | 500 | 5000 | `INTERNAL_ERROR` (sandbox-chosen) |
//! | 503 | 5030 | `SERVICE_UNAVAILABLE` (sandbox-chosen; with `Retry-After`) |

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
pub use gbg_go_wire::error::GbgError;
use gbg_go_wire::error::{ErrorBody, V1ErrorBody};

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
                code: code.to_owned(),
                name: name.to_owned(),
                location: Some(location.to_owned()),
                problem: problem.into(),
                action: action.into(),
            }],
            retry_after: None,
        }
    }

    pub(crate) fn malformed(problem: impl Into<String>) -> ApiError {
        ApiError::one(
            StatusCode::BAD_REQUEST,
            "4000",
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

    /// A submit whose `participants` name a ref that has no data in the merged
    /// subject: GO's own message, as GBG's sample backend saw it on a live tenant
    /// (API-NOTES §3.4).
    pub(crate) fn missing_element(reference: &str) -> ApiError {
        let reference = gbg_go_schema::text::printable_clipped(reference, 128);
        ApiError::one(
            StatusCode::BAD_REQUEST,
            "4002",
            "MISSING_FIELD",
            "Body",
            format!("Required domain element '{reference}' data is missing from context"),
            format!("Send {reference}'s data in context.subject, or leave it out of participants"),
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
        e.errors[0].location = Some("Path".into());
        e.errors[0].action =
            "Check the path and the API prefix (/captain/api or /v2/captain)".into();
        e
    }

    /// A request the HTTP layer refused before any handler ran (for example a body
    /// over the 20 MiB limit).
    pub(crate) fn rejected(status: StatusCode) -> ApiError {
        let mut e = ApiError::malformed(format!(
            "Request refused: {}",
            status.canonical_reason().unwrap_or("client error")
        ));
        e.status = status;
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            e.errors[0].code = gbg_go_wire::error::sandbox_code(413);
            e.errors[0].name = "PAYLOAD_TOO_LARGE".into();
        }
        e.errors[0].location = Some("Request".into());
        e.errors[0].action = "Send a JSON body of at most 20 MiB".into();
        e
    }

    /// A field with the wrong shape outside the body (a header, the query string).
    pub(crate) fn invalid_in(location: &str, field: &str, expected: &str) -> ApiError {
        let mut e = ApiError::invalid(field, expected);
        e.errors[0].location = Some(location.to_owned());
        e
    }

    pub(crate) fn conflict(problem: impl Into<String>, action: impl Into<String>) -> ApiError {
        ApiError::one(
            StatusCode::CONFLICT,
            "4090",
            "CONFLICT",
            "Body",
            problem,
            action,
        )
    }

    pub(crate) fn unprocessable(problem: impl Into<String>, action: impl Into<String>) -> ApiError {
        ApiError::one(
            StatusCode::UNPROCESSABLE_ENTITY,
            "4220",
            "UNPROCESSABLE",
            "Body",
            problem,
            action,
        )
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
        ApiError::conflict(
            "The task is already completed",
            "Do not resubmit; list the remaining tasks",
        )
    }

    /// Task or interaction data breaks its schema: 400 with `4003`, one entry per
    /// violation, naming the pointer, the keyword and the rule, never the value. GBG's
    /// OpenAPI lists 400 for these calls, and GBG's sample backend saw real GO answer
    /// 400 to a pattern failure.
    pub(crate) fn invalid_data(violations: &[gbg_go_schema::Violation]) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: violations
                .iter()
                .map(|v| GbgError {
                    code: "4003".into(),
                    name: "INVALID_FIELD".into(),
                    location: Some("Body".into()),
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

impl ApiError {
    /// The v1 body: `{status, message, error}`, with the problems joined and GBG's
    /// code name as `error`.
    pub(crate) fn into_v1_response(self) -> Response {
        let message = self
            .errors
            .iter()
            .map(|e| e.problem.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let body = V1ErrorBody {
            status: self.status.as_u16().into(),
            message,
            error: self
                .errors
                .first()
                .map_or("ERROR", |e| e.name.as_str())
                .to_owned(),
        };
        let mut resp = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert("retry-after", HeaderValue::from(secs));
        }
        resp
    }
}

/// Marks a response as a GBG error, so the outer layer can give a v1 request v1's
/// body shape.
#[derive(Clone)]
pub(crate) struct ErrorMark(pub ApiError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            errors: self.errors.clone(),
        };
        let mut resp = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert("retry-after", HeaderValue::from(secs));
        }
        resp.extensions_mut().insert(ErrorMark(self));
        resp
    }
}
