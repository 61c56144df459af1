//! A typed async client for the GBG GO journey API.
//!
//! ```no_run
//! # async fn run() -> Result<(), gbg_go::Error> {
//! use gbg_go::client::{Client, Decision, Region, ResourceId};
//!
//! let client = Client::builder()
//!     .region(Region::Eu)
//!     .client_credentials("my-client-id", std::env::var("GBG_GO_CLIENT_SECRET").unwrap_or_default())
//!     .build()?; // v2, GBG's default; `.api(ApiVersion::V1)` for the task flow
//! let prefill = gbg_go::Unvalidated(serde_json::json!({"context": {"subject": {}}}));
//! let id = client.start_journey(&ResourceId::latest("my-journey"), &prefill).await?.instance_id;
//! loop {
//!     let interaction = client.fetch_interaction(&id).await?;
//!     if interaction.interaction_id.is_none() {
//!         break; // the journey ended, or its modules are deciding
//!     }
//!     let data = gbg_go::Unvalidated(serde_json::json!({"context": {"subject": {}}}));
//!     client.submit_interaction(&interaction, &data).await?; // participants by catalogue id
//! }
//! let state = client.wait_for_completion(&id).await?;
//! if state.decision() == Decision::Positive { /* … */ }
//! # Ok(()) }
//! ```
//!
//! What it does for you:
//!
//! - **GO's wire, typed.** Requests and responses go through `gbg-go-wire`, the types
//!   the sandbox uses too ([`wire`]); decisions, steps, interactions and errors come
//!   back typed, and anything else stays in `raw()`.
//! - **Tokens.** The customer token is fetched once, cached, and refreshed ahead of
//!   expiry (with jitter) as a single flight: concurrent callers wait for one fetch.
//!   The v1 task calls and the interaction calls use it too; a 401 refreshes it once,
//!   and a second 401 switches that instance to an end-user session (device/start,
//!   then device/connect, renewed with the session's resume credential). Secrets are
//!   [`secrecy`] types and never printed.
//! - **Retries that never duplicate.** Every GO call is a POST, so calls are
//!   classified per operation: 429 and 503 (GO refused without processing; their
//!   `Retry-After` is honoured in both forms) and connection failures are retried for
//!   every operation; reads are also retried on timeouts, dropped connections and
//!   500/502/504. Writes (`start_journey`, `submit_interaction`, `update_task`,
//!   `upload_asset`, `terminate_journey`, `delete_journey`, `connect_device`, …) are **not**
//!   retried after a failure that may have happened after GO received them: they
//!   return [`Error::OutcomeUnknown`]. Backoff is full-jitter exponential with a cap, a
//!   per-operation limit and a client-wide retry budget.
//! - **Validation before sending.** `update_task` validates the data against the task
//!   schema it fetched (the same semantics as generated code) and names the pointer
//!   and the rule, never the value.
//! - **Observability.** Each operation runs in a `tracing` span carrying only ids
//!   (instance, task, request id) — never bodies.

mod auth;
mod builder;
mod config;
mod decode;
mod drift;
mod engine;
mod error;
mod interactions;
mod ops;
mod types;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use secrecy::SecretString;

pub use config::{
    ApiVersion, Clock, Credentials, ManualClock, PollPolicy, Region, RetryPolicy, SystemClock,
    Timeouts,
};
pub use error::{ApiError, ConfigError, Error, GbgError, LockIssue, Misuse, SessionError};
/// GO's wire types, shared with the sandbox (requests, responses, statuses).
pub use gbg_go_wire as wire;
pub use types::{
    Classification, Collect, ConnectSecret, Decision, Delivery, DevicePosition, DeviceScope,
    DomainElement, ElementRef, Handoff, InstanceId, Instruction, Intent, Interaction,
    JourneyResult, JourneyState, JourneyStatus, Participant, Phase, ResourceId, ResourceIdError,
    ResultStatus, SlimJourneyStatus, SlimResultStatus, Spec, StartOptions, StartStatus,
    StartedJourney, Step, StepErrorEntry, TaskId, TaskProgress, TaskState,
};

pub use builder::ClientBuilder;
pub use drift::{locked, pulled_file_name, DriftReport, InteractionDrift, Pulled};
/// One change between two versions of a schema (as `gbg-go diff` reports it).
pub use gbg_go_schema::diff::Change;

use crate::Schema;

/// Entries kept per cache (task schemas by task, by content; end-user sessions).
const MAX_CACHED: usize = 10_000;

/// GBG's documented token endpoint.
pub const DEFAULT_TOKEN_URL: &str = "https://api.auth.gbgplc.com/as/token.oauth2";

/// The GO client. Cheap to clone (it shares its connections and caches).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api_base", &self.inner.api_base)
            .field("token_url", &self.inner.token_url)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

struct CachedToken {
    token: SecretString,
    refresh_at: SystemTime,
}

struct EndUserSession {
    token: SecretString,
    refresh_at: SystemTime,
    resume: Option<SecretString>,
}

type SessionSlot = Arc<tokio::sync::Mutex<Option<EndUserSession>>>;

struct Inner {
    http: reqwest::Client,
    /// The platform host (relative `instanceUrl`s are resolved against it).
    host: String,
    api: ApiVersion,
    api_base: String,
    token_url: String,
    credentials: Credentials,
    timeouts: Timeouts,
    retry: RetryPolicy,
    poll: PollPolicy,
    clock: Arc<dyn Clock>,
    local_validation: bool,
    delivery: String,
    token: tokio::sync::Mutex<Option<CachedToken>>,
    sessions: Mutex<HashMap<String, SessionSlot>>,
    schemas: Mutex<HashMap<String, Arc<Schema>>>,
    schema_texts: Mutex<HashMap<String, Arc<Schema>>>,
    budget: Mutex<f64>,
    /// Instances whose task and interaction calls use an end-user session.
    end_user_instances: Mutex<HashSet<String>>,
    /// v1 tasks seen per instance, with whether this client saved data for them.
    seen_tasks: Mutex<HashMap<String, Vec<(String, bool)>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Client {
    /// Start configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use serde_json::{json, Value};

    use super::engine::{expires_in, retry_after};
    use super::*;

    fn headers(v: &str) -> reqwest::header::HeaderMap {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("retry-after", v.parse().unwrap());
        h
    }

    #[test]
    fn retry_after_in_both_forms() {
        assert_eq!(retry_after(&headers("7")), Some(Duration::from_secs(7)));
        let soon = SystemTime::now() + Duration::from_secs(30);
        let d = retry_after(&headers(&httpdate::fmt_http_date(soon))).unwrap();
        assert!(
            d <= Duration::from_secs(30) && d >= Duration::from_secs(25),
            "{d:?}"
        );
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
        assert_eq!(retry_after(&headers(&past)), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&reqwest::header::HeaderMap::new()), None);
    }

    #[test]
    fn expires_in_forms() {
        let at = |v: Value| expires_in(&json!({ "expiresIn": v }), 7);
        assert_eq!(at(json!(120)), Duration::from_secs(120));
        assert_eq!(at(json!("120")), Duration::from_secs(120));
        assert_eq!(at(json!(-5)), Duration::from_secs(7));
        assert_eq!(
            at(json!("inf")),
            Duration::from_secs(7),
            "no panic on a non-finite value"
        );
        assert_eq!(at(json!(1e300)), Duration::from_secs(10 * 365 * 86_400));
        assert_eq!(expires_in(&json!({}), 7), Duration::from_secs(7));
    }

    #[test]
    fn token_url_defaults() {
        let url =
            |b: ClientBuilder| format!("{:?}", b.client_credentials("a", "b").build().unwrap());
        assert!(url(Client::builder().region(Region::Au)).contains(DEFAULT_TOKEN_URL));
        assert!(
            url(Client::builder().region(Region::Au))
                .contains("https://au.platform.go.gbgplc.com/v2/captain"),
            "v2 is the default"
        );
        assert!(url(Client::builder()
            .base_url("http://127.0.0.1:8080/")
            .api(ApiVersion::V2))
        .contains("token_url: \"http://127.0.0.1:8080/as/token.oauth2\""));
        assert!(url(Client::builder()
            .base_url("http://127.0.0.1:8080")
            .api(ApiVersion::V2))
        .contains("api_base: \"http://127.0.0.1:8080/v2/captain\""));
        assert!(url(Client::builder()
            .region(Region::Eu)
            .token_url("https://idp.example/t"))
        .contains("https://idp.example/t"));
    }

    #[test]
    fn debug_output_hides_secrets() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9")
            .password("id", "client-secret-value", "user", "password-value")
            .build()
            .unwrap();
        let text = format!("{client:?}");
        assert!(
            !text.contains("client-secret-value") && !text.contains("password-value"),
            "{text}"
        );
        assert!(text.contains("<redacted>"));
    }
}
