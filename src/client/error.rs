//! The client's errors. `Display` names the operation, the status, GBG's error codes
//! and the request id — never payload values or secrets.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::ValidationError;

pub use gbg_go_wire::GbgError;

/// GO answered with an error status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The operation (`start_journey`, `update_task`, …).
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
    /// The client was configured wrongly, or for the other API generation.
    #[error("configuration: {0}")]
    Config(#[source] ConfigError),
    /// A file could not be read, written or created (`pull_schemas`, `check_drift`).
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        /// What was being done: `read`, `write` or `create`.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The call needs session state the client does not hold.
    #[error("{0}")]
    Session(#[source] SessionError),
    /// The call does not fit the client's settings, its arguments or the journey's
    /// state as the caller holds it (a v1 operation on a v2 client, an interaction
    /// that has ended, …).
    #[error("{0}")]
    Misuse(#[source] Misuse),
    /// A lock file (`gbg-go.lock`) or the schema files it locks do not fit together.
    #[error("{0}")]
    Lock(#[source] LockIssue),
    /// The journey ended in a state other than the one waited for.
    #[error("journey {instance_id} ended as {status}")]
    JourneyEnded {
        /// The instance.
        instance_id: String,
        /// Its final status.
        status: String,
    },
}

/// The client's configuration does not allow this: a [`ClientBuilder`](super::ClientBuilder)
/// setting missing or wrong, or an operation of the other API generation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Neither a region nor a base URL was set.
    #[error("set a region (`.region(Region::Eu)`) or a base URL")]
    NoEndpoint,
    /// No credentials were set.
    #[error("set credentials (`.client_credentials(..)` or `.password(..)`)")]
    NoCredentials,
    /// The `X-GBG-Source` value is not a valid header value.
    #[error("X-GBG-Source must be visible ASCII")]
    InvalidSource(#[source] reqwest::header::InvalidHeaderValue),
    /// The HTTP client could not be built (its TLS set-up, for example).
    #[error("cannot build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
    /// A v1-only operation on a client built for v2 (DESIGN: a typed configuration
    /// error naming the setting).
    #[error("`{operation}` is a v1 task operation; this client speaks v2 (the default). Build it with `.api(ApiVersion::V1)`, or use interactions")]
    V1Only {
        /// The operation.
        operation: &'static str,
    },
    /// A v2-only operation on a client that speaks v1.
    #[error("`{operation}` is a v2 API: build the client with `.api(ApiVersion::V2)`")]
    V2Only {
        /// The operation.
        operation: &'static str,
    },
}

/// Session state a call needs and the client does not hold.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// `refresh_device` for an instance without an end-user session.
    #[error("instance {instance} has no device session: connect one first (`start_device`, then `connect_device`)")]
    NoDeviceSession {
        /// The instance.
        instance: String,
    },
}

/// A call that does not fit the client's settings, its arguments or the journey.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Misuse {
    /// A submit to an interaction that has no id: the journey has ended or its
    /// modules are running.
    #[error("the interaction has no id: the journey has ended or modules are running")]
    NoInteraction,
    /// A manual review's decision above 9, or notes over 500 characters.
    #[error("a manual review decision is 0-9, its notes at most 500 characters")]
    InvalidReview,
    /// A task document whose `context` is not an object.
    #[error("the task document's `context` must be an object")]
    ContextNotObject,
    /// A task document whose `context.config` does not fit GO's start request (a
    /// `delivery` that is not a string, an `inlineResult` that is not a boolean, …).
    #[error("the task document's `context.config` does not fit GO's start request")]
    InvalidStartContext(#[source] serde_json::Error),
    /// `pull_schemas` into a folder whose lock records another journey.
    #[error("{} belongs to journey `{locked}`; pull `{pulled}` into a folder of its own", lock.display())]
    OtherJourney {
        /// The lock file found.
        lock: PathBuf,
        /// The journey it records.
        locked: String,
        /// The journey being pulled.
        pulled: String,
    },
}

/// A lock file, or the schema files it locks, that do not fit together.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LockIssue {
    /// The lock file is not a gbg-go lock.
    #[error("{0}")]
    Malformed(#[source] gbg_go_schema::lock::LockError),
    /// The lock's `resourceId` does not parse.
    #[error("the lock's resource id: {0}")]
    ResourceId(#[source] gbg_go_wire::ResourceIdError),
    /// A locked schema file is not JSON.
    #[error("{}:{line}:{column}: not JSON", path.display())]
    NotJson {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's error (it quotes no value).
        #[source]
        source: serde_json::Error,
    },
    /// A locked schema file was changed after the pull.
    #[error("{} no longer matches its lock entry: pull again before checking drift", path.display())]
    Stale {
        /// The file.
        path: PathBuf,
    },
    /// Two interaction schemas GO served map to one file name.
    #[error("two interaction schemas map to the file name {file}")]
    FileNameClash {
        /// The file name.
        file: String,
    },
}

impl From<gbg_go_schema::lock::LockError> for Error {
    /// An unreadable lock is an I/O error with its path; a malformed one a lock issue.
    fn from(e: gbg_go_schema::lock::LockError) -> Error {
        match e {
            gbg_go_schema::lock::LockError::Io(path, source) => Error::Io {
                action: "read",
                path,
                source,
            },
            other => Error::Lock(LockIssue::Malformed(other)),
        }
    }
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
            operation: "update_task",
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
