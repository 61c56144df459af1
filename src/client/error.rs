//! The client's errors. `Display` names the operation, the status, GBG's error codes
//! and the request id — never payload values or secrets.

use std::fmt;
use std::time::Duration;

use crate::ValidationError;

pub use gbg_go_wire::GbgError;

/// GO answered with an error status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The operation (`start_journey`, `submit_task`, …).
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// GBG's `errors[]` (empty when the body was not GBG's form).
    pub errors: Vec<GbgError>,
    /// The `X-Request-ID` header, for GBG support.
    pub request_id: Option<String>,
}

/// Everything that can go wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the response not read.
    #[error("{operation}: transport error: {source}")]
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error (it names the URL, never a body).
        #[source]
        source: reqwest::Error,
    },
    /// The operation did not finish within its deadline.
    #[error("{operation}: timed out after {after:?}")]
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The deadline that passed.
        after: Duration,
    },
    /// A write failed in a way that may have happened after GO received it (a
    /// timeout, a dropped connection, a 500/502/504). It was **not** retried: check
    /// the journey state before trying again.
    #[error("{operation}: outcome unknown ({reason}); it was not retried, check the journey state{}", request_id_suffix(.request_id))]
    OutcomeUnknown {
        /// The operation.
        operation: &'static str,
        /// What happened.
        reason: String,
        /// The request id, when a response arrived.
        request_id: Option<String>,
    },
    /// GO refused the request.
    #[error("{0}")]
    Api(ApiError),
    /// Task data broke its schema (checked locally before sending).
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// Credentials or tokens were refused.
    #[error("{operation}: authentication failed (HTTP {status}): {message}{}", request_id_suffix(.request_id))]
    Auth {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// GO's description of the refusal.
        message: String,
        /// The request id.
        request_id: Option<String>,
    },
    /// A task schema served by GO could not be loaded.
    #[error("task schema: {0}")]
    Schema(crate::SchemaError),
    /// GO answered 2xx with a body the client does not understand.
    #[error("{operation}: unexpected response: {message}{}", request_id_suffix(.request_id))]
    Decode {
        /// The operation.
        operation: &'static str,
        /// What was unexpected (never the body itself).
        message: String,
        /// The request id.
        request_id: Option<String>,
    },
    /// The client was configured wrongly.
    #[error("configuration: {0}")]
    Config(String),
    /// The journey ended in a state other than the one waited for.
    #[error("journey {instance_id} ended as {status}")]
    JourneyEnded {
        /// The instance.
        instance_id: String,
        /// Its final status.
        status: String,
    },
}

fn request_id_suffix(id: &Option<String>) -> String {
    id.as_deref()
        .map(|id| format!(" [request id {id}]"))
        .unwrap_or_default()
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Everything after the operation came from the server: escaped, so a hostile
        // or broken server cannot put control characters into a terminal or a log.
        use gbg_go_schema::text::printable;
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        for e in &self.errors {
            f.write_str(";")?;
            for part in [&e.code, &e.name].into_iter().filter(|p| !p.is_empty()) {
                write!(f, " {}", printable(part))?;
            }
            if !e.problem.is_empty() {
                write!(f, ": {}", printable(&e.problem))?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {}]", printable(id))?;
        }
        Ok(())
    }
}

impl Error {
    /// Whether trying the same call again may succeed (429/503, connect failures,
    /// timeouts of reads). `OutcomeUnknown` is not: the caller must look first.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => matches!(e.status, 429 | 503 | 502 | 504),
            Error::Transport { source, .. } => source.is_connect() || source.is_timeout(),
            Error::Timeout { .. } => true,
            _ => false,
        }
    }

    /// GO's `4009 JOURNEY_NOT_ACTIVE`: the journey is finished; start a new one.
    pub fn journey_not_active(&self) -> bool {
        self.has_code("4009")
    }

    /// GO's `4003 INVALID_FIELD`: the data breaks the task schema (server side).
    pub fn invalid_field(&self) -> bool {
        self.has_code("4003")
    }

    /// GO refused the data itself, never an outage: 400 (GBG's OpenAPI for data that
    /// breaks a schema, with 4002 or 4003) or 409 with 4003 (the newer SDK: every
    /// submitted element present but invalid). Correct the data and submit again.
    pub fn is_invalid_data(&self) -> bool {
        matches!(self, Error::Api(e) if e.status == 400)
            || (matches!(self, Error::Api(e) if e.status == 409) && self.has_code("4003"))
    }

    /// Whether GO answered 404 (unknown resource, version, instance or task).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api(e) if e.status == 404)
    }

    /// Whether the outcome of a write is unknown (see [`Error::OutcomeUnknown`]).
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }

    /// The HTTP status, when GO answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Auth { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `X-Request-ID` of the failed call, when GO answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::OutcomeUnknown { request_id, .. }
            | Error::Auth { request_id, .. }
            | Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    fn has_code(&self, code: &str) -> bool {
        matches!(self, Error::Api(e) if e.errors.iter().any(|g| g.code == code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server's error text reaches logs and terminals escaped.
    #[test]
    fn server_text_is_escaped_in_display() {
        let e = ApiError {
            operation: "submit_task",
            status: 400,
            errors: vec![GbgError {
                code: "4003".into(),
                name: "INVALID_FIELD".into(),
                location: None,
                problem: "/a\u{1b}[31m\nforged: line".into(),
                action: String::new(),
            }],
            request_id: Some("id\r".into()),
        };
        let shown = e.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert!(shown.contains("/a\\u{1b}[31m\\nforged: line"), "{shown}");
    }
}
