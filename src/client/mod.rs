//! A typed async client for the GBG GO journey API.
//!
//! ```no_run
//! # async fn run() -> Result<(), gbg_go::Error> {
//! use gbg_go::client::{Client, Intent, Region, ResourceId};
//!
//! let client = Client::builder()
//!     .region(Region::Eu)
//!     .client_credentials("my-client-id", std::env::var("GBG_GO_CLIENT_SECRET").unwrap_or_default())
//!     .build()?;
//! let payload = gbg_go::Unvalidated(serde_json::json!({"context": {"subject": {}}}));
//! let started = client.start_journey(&ResourceId::latest("my-journey"), &payload).await?;
//! for task in client.tasks(&started.instance_id).await? {
//!     let schema = client.task_schema(&task).await?; // a runtime gbg_go::Schema
//!     # let _ = schema;
//! }
//! let state = client.wait_for_completion(&started.instance_id).await?;
//! println!("{:?}", state.phase());
//! # Ok(()) }
//! ```
//!
//! What it does for you:
//!
//! - **Tokens.** The customer token is fetched once, cached, and refreshed ahead of
//!   expiry (with jitter) as a single flight: concurrent callers wait for one fetch. A
//!   401 drops the token and the call is retried once. The end-user token that the
//!   v1 task calls need is obtained by itself (device/start, then device/connect),
//!   cached per instance, and renewed with the device session's resume credential.
//!   Secrets are [`secrecy`] types and never printed.
//! - **Retries that never duplicate.** Every GO call is a POST, so calls are
//!   classified per operation: 429 and 503 (GO refused without processing; their
//!   `Retry-After` is honoured in both forms) and connection failures are retried for
//!   every operation; reads are also retried on timeouts, dropped connections and
//!   500/502/504. Writes (`start_journey`, `submit_task`, `interaction_submit`,
//!   `delete_instance`, `device_connect`) are **not** retried after a failure that may
//!   have happened after GO received them: they return [`Error::OutcomeUnknown`].
//!   Backoff is full-jitter exponential with a cap, a per-operation limit and a
//!   client-wide retry budget.
//! - **Validation before sending.** `submit_task` validates the data against the task
//!   schema it fetched (the same semantics as generated code) and names the pointer
//!   and the rule, never the value.
//! - **Observability.** Each operation runs in a `tracing` span carrying only ids
//!   (instance, task, request id) — never bodies.

mod config;
mod error;
mod types;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};
use tracing::Instrument;

pub use config::{
    ApiVersion, Clock, Credentials, ManualClock, PollPolicy, Region, RetryPolicy, SystemClock,
    Timeouts,
};
pub use error::{ApiError, Error, GbgError};
pub use types::{
    ConnectSecret, InstanceId, Intent, Interaction, JourneyState, JourneyStatus, Phase, ResourceId,
    ResourceIdError, StartedJourney, TaskId, TaskProgress, TaskState,
};

use crate::{Schema, TaskDocument};

/// Entries kept per cache (task schemas by task, by content; end-user sessions).
const MAX_CACHED: usize = 10_000;

/// GBG's documented token endpoint.
pub const DEFAULT_TOKEN_URL: &str = "https://api.auth.gbgplc.com/as/token.oauth2";

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    host: Option<String>,
    api: ApiVersion,
    token_url: Option<String>,
    credentials: Option<Credentials>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    poll: PollPolicy,
    user_agent: String,
    source: Option<String>,
    clock: Arc<dyn Clock>,
    local_validation: bool,
    delivery: String,
}

impl Default for ClientBuilder {
    fn default() -> ClientBuilder {
        ClientBuilder {
            host: None,
            api: ApiVersion::V1,
            token_url: None,
            credentials: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            poll: PollPolicy::default(),
            user_agent: concat!("gbg-go/", env!("CARGO_PKG_VERSION"), " (rust)").to_owned(),
            source: None,
            clock: Arc::new(SystemClock),
            local_validation: true,
            delivery: "api".to_owned(),
        }
    }
}

impl ClientBuilder {
    /// Talk to GBG's platform in a region (the token URL defaults to GBG's documented
    /// endpoint).
    pub fn region(mut self, region: Region) -> Self {
        self.host = Some(region.host().to_owned());
        self
    }

    /// Talk to another host, e.g. the sandbox's `http://127.0.0.1:PORT` (the host
    /// root; the token URL defaults to `{base}/as/token.oauth2`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.host = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// The API generation (default v1, the task flow).
    pub fn api(mut self, api: ApiVersion) -> Self {
        self.api = api;
        self
    }

    /// The token endpoint.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Log in with the password grant.
    pub fn password(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::Password {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
            username: username.into(),
            password: SecretString::from(password.into()),
        });
        self
    }

    /// Log in with the client-credentials grant (`scope=gbg.token`).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::ClientCredentials {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        });
        self
    }

    /// Set the credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// All timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The polling policy of `wait_for_completion`.
    pub fn poll(mut self, poll: PollPolicy) -> Self {
        self.poll = poll;
        self
    }

    /// The `User-Agent`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Send `X-GBG-Source` with every request.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The clock used for token expiry.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Validate task data locally before `submit_task` sends it (default on).
    pub fn local_validation(mut self, on: bool) -> Self {
        self.local_validation = on;
        self
    }

    /// `context.config.delivery` sent at start (default `api`; `page` for a hosted
    /// journey, whose `instance_url` GO then returns).
    pub fn delivery(mut self, delivery: impl Into<String>) -> Self {
        self.delivery = delivery.into();
        self
    }

    /// Build the client.
    ///
    /// # Errors
    /// [`Error::Config`] without a region or base URL, or without credentials.
    pub fn build(self) -> Result<Client, Error> {
        let host = self.host.ok_or_else(|| {
            Error::Config("set a region (`.region(Region::Eu)`) or a base URL".into())
        })?;
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config("set credentials (`.client_credentials(..)` or `.password(..)`)".into())
        })?;
        let token_url = match self.token_url {
            Some(url) => url,
            None if Region::ALL.iter().any(|r| r.host() == host) => DEFAULT_TOKEN_URL.to_owned(),
            None => format!("{host}/as/token.oauth2"),
        };
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(source) = &self.source {
            let value = reqwest::header::HeaderValue::from_str(source)
                .map_err(|_| Error::Config("X-GBG-Source must be visible ASCII".into()))?;
            headers.insert("x-gbg-source", value);
        }
        let http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .default_headers(headers)
            .connect_timeout(self.timeouts.connect)
            .timeout(self.timeouts.attempt)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_base: format!("{host}{}", self.api.prefix()),
                token_url,
                credentials,
                timeouts: self.timeouts,
                retry: self.retry,
                poll: self.poll,
                clock: self.clock,
                local_validation: self.local_validation,
                delivery: self.delivery,
                token: tokio::sync::Mutex::new(None),
                sessions: Mutex::new(HashMap::new()),
                schemas: Mutex::new(HashMap::new()),
                schema_texts: Mutex::new(HashMap::new()),
                budget: Mutex::new(self.retry.budget),
            }),
        })
    }
}

impl Region {
    const ALL: [Region; 3] = [Region::Eu, Region::Us, Region::Au];
}

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
}

/// Whether a failure after sending may have been processed matters for writes only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Read,
    Write,
}

/// Which bearer token a call takes.
#[derive(Clone, Debug)]
enum Auth<'a> {
    None,
    Customer,
    EndUser(&'a InstanceId),
    Secret(&'a SecretString),
}

/// A successful response.
struct Reply {
    body: Value,
    request_id: Option<String>,
}

/// A failed attempt, before deciding whether to retry.
enum Failure {
    /// Refused before processing (429, 503, or the connection never opened).
    Refused {
        error: Error,
        retry_after: Option<Duration>,
    },
    /// May have been processed (timeout, dropped connection, 500/502/504).
    Ambiguous {
        error: Error,
        reason: String,
        /// The request id, when a response (or part of one) arrived.
        request_id: Option<String>,
    },
}

/// One HTTP exchange that got a whole response.
struct Exchange {
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: bytes::Bytes,
}

impl Exchange {
    fn api_error(&self, op: &'static str) -> ApiError {
        ApiError {
            operation: op,
            status: self.status,
            errors: gbg_errors(&self.body),
            request_id: self.request_id.clone(),
        }
    }
}

/// Send one request and read the whole response, or classify the transport
/// failure: a connection that never opened was refused; anything after sending
/// (a timeout, a dropped connection, a cut-off body) may have been processed.
async fn exchange(op: &'static str, req: reqwest::RequestBuilder) -> Result<Exchange, Failure> {
    let transport = |source| Error::Transport {
        operation: op,
        source,
    };
    let resp = match req.send().await {
        Ok(resp) => resp,
        Err(e) if e.is_connect() => {
            return Err(Failure::Refused {
                error: transport(e),
                retry_after: None,
            })
        }
        Err(e) => {
            let reason = if e.is_timeout() {
                "the attempt timed out"
            } else {
                "the connection failed after the request was sent"
            };
            return Err(Failure::Ambiguous {
                error: transport(e),
                reason: reason.into(),
                request_id: None,
            });
        }
    };
    let status = resp.status().as_u16();
    let request_id = resp
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(id) = &request_id {
        tracing::Span::current().record("request_id", id.as_str());
    }
    let retry_after = retry_after(resp.headers());
    match resp.bytes().await {
        Ok(body) => Ok(Exchange {
            status,
            request_id,
            retry_after,
            body,
        }),
        Err(e) => Err(Failure::Ambiguous {
            error: transport(e),
            reason: "the response body was cut off".into(),
            request_id,
        }),
    }
}

/// An error status: 429 and 503 were refused before processing, 500/502/504 may
/// have been processed; anything else is final.
fn status_failure(op: &'static str, ex: &Exchange) -> Result<Failure, Error> {
    let error = Error::Api(ex.api_error(op));
    match ex.status {
        429 | 503 => Ok(Failure::Refused {
            error,
            retry_after: ex.retry_after,
        }),
        500 | 502 | 504 => Ok(Failure::Ambiguous {
            error,
            reason: format!("HTTP {}", ex.status),
            request_id: ex.request_id.clone(),
        }),
        _ => Err(error),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// `Retry-After` as delta-seconds or an HTTP-date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

fn gbg_errors(body: &[u8]) -> Vec<GbgError> {
    #[derive(serde::Deserialize)]
    struct Body {
        errors: Vec<GbgError>,
    }
    serde_json::from_slice::<Body>(body)
        .map(|b| b.errors)
        .unwrap_or_default()
}

/// `expiresIn` in seconds: GO's specs type it as a number, its docs show a string
/// (`"120"`). Anything else, negative, or not finite gives `default`; a huge value is
/// capped at ten years rather than overflowing `Duration`.
fn expires_in(body: &Value, default: u64) -> Duration {
    body.get("expiresIn")
        .and_then(|v| {
            v.as_f64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        })
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(Duration::from_secs(default), |s| {
            Duration::from_secs_f64(s.min(10.0 * 365.0 * 86_400.0))
        })
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

impl Client {
    /// Start configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    // -----------------------------------------------------------------------------
    // The request engine

    async fn call(
        &self,
        op: &'static str,
        kind: Kind,
        path: &str,
        auth: Auth<'_>,
        body: &Value,
    ) -> Result<Reply, Error> {
        let url = format!("{}{path}", self.inner.api_base);
        let sent = AtomicBool::new(false);
        let deadline = self.inner.timeouts.operation;
        let attempt = self.attempts(op, kind, &url, auth, Some(body), &sent);
        match tokio::time::timeout(deadline, attempt).await {
            Ok(result) => result,
            Err(_) if kind == Kind::Write && sent.load(Ordering::SeqCst) => {
                Err(Error::OutcomeUnknown {
                    operation: op,
                    reason: format!("the {deadline:?} deadline passed with a request in flight"),
                    request_id: None,
                })
            }
            Err(_) => Err(Error::Timeout {
                operation: op,
                after: deadline,
            }),
        }
    }

    async fn attempts(
        &self,
        op: &'static str,
        kind: Kind,
        url: &str,
        auth: Auth<'_>,
        body: Option<&Value>,
        sent: &AtomicBool,
    ) -> Result<Reply, Error> {
        let mut retries = 0u32;
        let mut reauthenticated = false;
        loop {
            let bearer = match &auth {
                Auth::None => None,
                Auth::Customer => Some(self.customer_token().await?),
                // Boxed: getting an end-user token makes calls of its own.
                Auth::EndUser(instance) => Some(Box::pin(self.end_user_token(instance)).await?),
                Auth::Secret(secret) => Some((*secret).clone()),
            };
            let mut req = self.inner.http.post(url);
            if let Some(body) = body {
                req = req.json(body);
            }
            if let Some(token) = &bearer {
                req = req.bearer_auth(token.expose_secret());
            }
            sent.store(true, Ordering::SeqCst);
            let ex = match exchange(op, req).await {
                Ok(ex) => ex,
                Err(failure) => {
                    self.decide(op, kind, failure, &mut retries).await?;
                    continue;
                }
            };
            if (200..300).contains(&ex.status) {
                self.earn();
                let body = if ex.body.is_empty() {
                    Value::Null
                } else {
                    serde_json::from_slice(&ex.body).map_err(|e| Error::Decode {
                        operation: op,
                        message: format!("the body is not JSON ({e})"),
                        request_id: ex.request_id.clone(),
                    })?
                };
                return Ok(Reply {
                    body,
                    request_id: ex.request_id,
                });
            }
            if ex.status == 401 {
                if !reauthenticated && !matches!(auth, Auth::None | Auth::Secret(_)) {
                    // The token was refused (expired or revoked): drop it and try
                    // once more with a fresh one.
                    reauthenticated = true;
                    if let Some(token) = &bearer {
                        self.invalidate(&auth, token).await;
                    }
                    tracing::debug!(operation = op, "token refused; fetching a new one");
                    continue;
                }
                return Err(Error::Auth {
                    operation: op,
                    status: ex.status,
                    message: ex
                        .api_error(op)
                        .errors
                        .first()
                        .map(|e| e.problem.clone())
                        .unwrap_or_else(|| "unauthorized".into()),
                    request_id: ex.request_id,
                });
            }
            let failure = status_failure(op, &ex)?;
            self.decide(op, kind, failure, &mut retries).await?;
        }
    }

    /// Retry (after sleeping) or fail.
    async fn decide(
        &self,
        op: &'static str,
        kind: Kind,
        failure: Failure,
        retries: &mut u32,
    ) -> Result<(), Error> {
        let policy = &self.inner.retry;
        let (error, retry_after) = match failure {
            Failure::Refused { error, retry_after } => (error, retry_after),
            Failure::Ambiguous {
                error,
                reason,
                request_id,
            } if kind == Kind::Write => {
                return Err(Error::OutcomeUnknown {
                    operation: op,
                    reason,
                    request_id: request_id.or_else(|| error.request_id().map(str::to_owned)),
                })
            }
            Failure::Ambiguous { error, .. } => (error, None),
        };
        if *retries >= policy.max_retries {
            return Err(error);
        }
        if let Some(after) = retry_after {
            if after > policy.max_retry_after {
                return Err(error);
            }
        }
        if !self.spend() {
            tracing::warn!(operation = op, "retry budget exhausted");
            return Err(error);
        }
        let ceiling = policy
            .base_delay
            .saturating_mul(1u32 << (*retries).min(16))
            .min(policy.max_delay);
        let backoff = ceiling.mul_f64(fastrand::f64());
        // GO's `Retry-After` wins over our own backoff.
        let delay = retry_after.unwrap_or(backoff);
        *retries += 1;
        tracing::debug!(operation = op, retry = *retries, ?delay, "retrying");
        tokio::time::sleep(delay).await;
        Ok(())
    }

    fn spend(&self) -> bool {
        let mut budget = lock(&self.inner.budget);
        if *budget >= 1.0 {
            *budget -= 1.0;
            true
        } else {
            false
        }
    }

    fn earn(&self) {
        let mut budget = lock(&self.inner.budget);
        *budget = (*budget + self.inner.retry.earn_per_success).min(self.inner.retry.budget);
    }

    // -----------------------------------------------------------------------------
    // Tokens

    /// Refresh ahead of expiry: a tenth of the lifetime (5 s to 5 min), plus up to
    /// half as much again at random so that many clients do not refresh together.
    fn refresh_at(&self, expires_in: Duration) -> SystemTime {
        let lead = (expires_in / 10).clamp(Duration::from_secs(5), Duration::from_secs(300));
        let lead = lead.min(expires_in / 2) + (lead / 2).mul_f64(fastrand::f64());
        self.inner.clock.now() + expires_in.saturating_sub(lead)
    }

    async fn customer_token(&self) -> Result<SecretString, Error> {
        let mut slot = self.inner.token.lock().await;
        if let Some(cached) = &*slot {
            if self.inner.clock.now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        // Single flight: the lock is held while fetching, so concurrent callers wait
        // for this fetch and then find the fresh token.
        let (token, expires_in) = self.fetch_token().await?;
        *slot = Some(CachedToken {
            token: token.clone(),
            refresh_at: self.refresh_at(expires_in),
        });
        Ok(token)
    }

    async fn fetch_token(&self) -> Result<(SecretString, Duration), Error> {
        let op = "token";
        let mut form: Vec<(&str, &str)> = Vec::new();
        match &self.inner.credentials {
            Credentials::Password {
                client_id,
                client_secret,
                username,
                password,
            } => {
                form.push(("grant_type", "password"));
                form.push(("client_id", client_id));
                form.push(("client_secret", client_secret.expose_secret()));
                form.push(("username", username));
                form.push(("password", password.expose_secret()));
            }
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => {
                form.push(("grant_type", "client_credentials"));
                form.push(("client_id", client_id));
                form.push(("client_secret", client_secret.expose_secret()));
                form.push(("scope", "gbg.token"));
            }
        }
        let mut retries = 0;
        loop {
            let req = self.inner.http.post(&self.inner.token_url).form(&form);
            let failure = match exchange(op, req).await {
                Err(failure) => failure,
                Ok(ex) if (200..300).contains(&ex.status) => {
                    self.earn();
                    #[derive(serde::Deserialize)]
                    struct Grant {
                        access_token: String,
                        #[serde(default)]
                        expires_in: Option<u64>,
                    }
                    let grant: Grant =
                        serde_json::from_slice(&ex.body).map_err(|_| Error::Decode {
                            operation: op,
                            message: "the token response has no `access_token`".into(),
                            request_id: ex.request_id.clone(),
                        })?;
                    return Ok((
                        SecretString::from(grant.access_token),
                        Duration::from_secs(grant.expires_in.unwrap_or(3600)),
                    ));
                }
                Ok(ex) if matches!(ex.status, 400 | 401 | 403) => {
                    // OAuth error bodies: report the error code, not the
                    // description (it may echo a field).
                    let code = serde_json::from_slice::<Value>(&ex.body)
                        .ok()
                        .and_then(|v| str_at(&v, "error").map(str::to_owned))
                        .unwrap_or_else(|| "refused".into());
                    return Err(Error::Auth {
                        operation: op,
                        status: ex.status,
                        message: format!("the token endpoint refused the credentials ({code})"),
                        request_id: ex.request_id,
                    });
                }
                Ok(ex) => status_failure(op, &ex)?,
            };
            // A token grant has no effect worth protecting: retry it as a read.
            self.decide(op, Kind::Read, failure, &mut retries).await?;
        }
    }

    async fn invalidate(&self, auth: &Auth<'_>, used: &SecretString) {
        match auth {
            Auth::Customer => {
                let mut slot = self.inner.token.lock().await;
                if slot
                    .as_ref()
                    .is_some_and(|c| c.token.expose_secret() == used.expose_secret())
                {
                    *slot = None;
                }
            }
            Auth::EndUser(instance) => {
                let slot = self.session_slot(instance);
                let mut s = slot.lock().await;
                if s.as_ref()
                    .is_some_and(|c| c.token.expose_secret() == used.expose_secret())
                {
                    // Keep the resume credential: it renews the session.
                    if let Some(session) = s.as_mut() {
                        session.refresh_at = SystemTime::UNIX_EPOCH;
                    }
                }
            }
            Auth::None | Auth::Secret(_) => {}
        }
    }

    fn session_slot(&self, instance: &InstanceId) -> SessionSlot {
        let mut sessions = lock(&self.inner.sessions);
        if sessions.len() >= MAX_CACHED && !sessions.contains_key(instance.as_str()) {
            // Forget sessions no call is using; they are re-created on demand.
            sessions.retain(|_, slot| Arc::strong_count(slot) > 1);
        }
        sessions
            .entry(instance.as_str().to_owned())
            .or_default()
            .clone()
    }

    /// The end-user token of an instance: cached; renewed with the resume credential;
    /// otherwise obtained through device/start and device/connect. One flight per
    /// instance.
    async fn end_user_token(&self, instance: &InstanceId) -> Result<SecretString, Error> {
        let slot = self.session_slot(instance);
        let mut session = slot.lock().await;
        if let Some(s) = &*session {
            if self.inner.clock.now() < s.refresh_at {
                return Ok(s.token.clone());
            }
            if let Some(resume) = s.resume.clone() {
                match self.device_refresh_raw(&resume).await {
                    Ok(fresh) => {
                        let token = fresh.token.clone();
                        *session = Some(fresh);
                        return Ok(token);
                    }
                    Err(e) => tracing::debug!(error = %e, "device refresh failed; reconnecting"),
                }
            }
        }
        // A connect secret is single-use, so a connect that failed ambiguously is
        // redone from device/start with a new secret.
        let mut tries = 0;
        let fresh = loop {
            let secret = self.device_start(instance).await?;
            match self.device_connect_raw(&secret).await {
                Ok(s) => break s,
                Err(e) if (e.is_outcome_unknown() || e.is_retryable()) && tries < 3 => {
                    tries += 1;
                }
                Err(e) => return Err(e),
            }
        };
        let token = fresh.token.clone();
        *session = Some(fresh);
        Ok(token)
    }

    fn session_from(&self, body: &Value, op: &'static str) -> Result<EndUserSession, Error> {
        let token = str_at(body, "endUserToken").ok_or_else(|| Error::Decode {
            operation: op,
            message: "no `endUserToken`".into(),
            request_id: None,
        })?;
        let expires_in = expires_in(body, 3600).max(Duration::from_secs(1));
        Ok(EndUserSession {
            token: SecretString::from(token.to_owned()),
            refresh_at: self.refresh_at(expires_in),
            resume: str_at(body, "resumeCredential").map(|s| SecretString::from(s.to_owned())),
        })
    }

    async fn device_connect_raw(&self, secret: &ConnectSecret) -> Result<EndUserSession, Error> {
        let body = json!({
            "connectToken": secret.secret.expose_secret(),
            "deviceInfo": { "deviceId": format!("gbg-go-rust-{:016x}", fastrand::u64(..)) },
        });
        let reply = self
            .call(
                "device_connect",
                Kind::Write,
                "/journey/device/connect",
                Auth::Secret(&secret.secret),
                &body,
            )
            .await?;
        self.session_from(&reply.body, "device_connect")
    }

    async fn device_refresh_raw(&self, resume: &SecretString) -> Result<EndUserSession, Error> {
        let body = json!({ "resumeCredential": resume.expose_secret() });
        let reply = self
            .call(
                "device_refresh",
                Kind::Read,
                "/journey/device/refresh",
                Auth::None,
                &body,
            )
            .await?;
        self.session_from(&reply.body, "device_refresh")
    }

    // -----------------------------------------------------------------------------
    // Operations

    /// Start a journey instance. `document` is the whole task document
    /// (`{"context": {"subject": …}}`) — a generated `Root`, a
    /// [`Payload`](crate::Payload) (from `prefill!`), or [`Unvalidated`](crate::Unvalidated)
    /// JSON. The client sends its `context` and adds `context.config.delivery`.
    ///
    /// Not retried after a failure that may have reached GO: see
    /// [`Error::OutcomeUnknown`].
    ///
    /// # Errors
    /// Validation of a generated value, or any [`Error`].
    pub async fn start_journey(
        &self,
        resource: &ResourceId,
        document: &(impl TaskDocument + ?Sized),
    ) -> Result<StartedJourney, Error> {
        let span = tracing::info_span!(
            "gbg_go.start_journey",
            resource = %resource,
            instance = tracing::field::Empty,
            request_id = tracing::field::Empty
        );
        async {
            let mut doc = document.to_task_document()?;
            let mut context = match doc.get_mut("context").map(Value::take) {
                Some(Value::Object(c)) => c,
                None | Some(Value::Null) => serde_json::Map::new(),
                Some(_) => {
                    return Err(Error::Config(
                        "the task document's `context` must be an object".into(),
                    ))
                }
            };
            let config = context.entry("config").or_insert_with(|| json!({}));
            if let Value::Object(config) = config {
                config
                    .entry("delivery")
                    .or_insert_with(|| json!(self.inner.delivery));
            }
            let body = json!({ "resourceId": resource.to_string(), "context": context });
            let reply = self
                .call(
                    "start_journey",
                    Kind::Write,
                    "/journey/start",
                    Auth::Customer,
                    &body,
                )
                .await?;
            let instance = str_at(&reply.body, "instanceId").ok_or_else(|| Error::Decode {
                operation: "start_journey",
                message: "no `instanceId`".into(),
                request_id: reply.request_id.clone(),
            })?;
            tracing::Span::current().record("instance", instance);
            Ok(StartedJourney {
                instance_id: InstanceId::new(instance),
                instance_url: str_at(&reply.body, "instanceUrl").map(str::to_owned),
                status: str_at(&reply.body, "status").map(str::to_owned),
                message: str_at(&reply.body, "message").map(str::to_owned),
            })
        }
        .instrument(span)
        .await
    }

    /// The tasks still open (v1 `task/list`; takes the end-user token, which the
    /// client obtains by itself).
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn tasks(&self, instance: &InstanceId) -> Result<Vec<TaskId>, Error> {
        let span = tracing::info_span!("gbg_go.tasks", instance = %instance, request_id = tracing::field::Empty);
        async {
            let reply = self
                .call(
                    "tasks",
                    Kind::Read,
                    "/journey/task/list",
                    Auth::EndUser(instance),
                    &json!({ "instanceId": instance.as_str() }),
                )
                .await?;
            Ok(reply
                .body
                .get("tasks")
                .and_then(Value::as_array)
                .map(|tasks| {
                    tasks
                        .iter()
                        .filter_map(|t| str_at(t, "taskId"))
                        .map(TaskId::new)
                        .collect()
                })
                .unwrap_or_default())
        }
        .instrument(span)
        .await
    }

    fn load_schema(&self, task: &TaskId, schema: &Value) -> Result<Arc<Schema>, Error> {
        if let Some(s) = lock(&self.inner.schemas).get(task.as_str()) {
            return Ok(s.clone());
        }
        // Tasks of the same journey version share one schema: load each distinct
        // schema once (loading parses, resolves and compiles its patterns).
        let text = serde_json::to_string(schema).unwrap_or_default();
        let cached = lock(&self.inner.schema_texts).get(&text).cloned();
        let schema = match cached {
            Some(s) => s,
            None => {
                // Pretty text, so that a diagnostic about GO's schema has a useful line.
                let pretty = serde_json::to_vec_pretty(schema).unwrap_or_default();
                let loaded = Arc::new(
                    Schema::from_slice("task-schema.json", &pretty).map_err(Error::Schema)?,
                );
                let mut texts = lock(&self.inner.schema_texts);
                if texts.len() >= MAX_CACHED {
                    texts.clear();
                }
                texts.insert(text, loaded.clone());
                loaded
            }
        };
        // Bounded, so a long-running service does not grow without limit.
        let mut by_task = lock(&self.inner.schemas);
        if by_task.len() >= MAX_CACHED {
            by_task.clear();
        }
        by_task.insert(task.as_str().to_owned(), schema.clone());
        Ok(schema)
    }

    /// A task's schema, as a runtime [`Schema`] with the same semantics as generated
    /// code. Cached per task.
    ///
    /// # Errors
    /// Any [`Error`]; [`Error::Schema`] when GO's schema cannot be loaded.
    pub async fn task_schema(&self, task: &TaskId) -> Result<Arc<Schema>, Error> {
        if let Some(s) = lock(&self.inner.schemas).get(task.as_str()) {
            return Ok(s.clone());
        }
        Ok(self.fetch_task_schema(task).await?.1)
    }

    /// A task's schema as GO serves it (JSON), after checking that it loads.
    ///
    /// # Errors
    /// Any [`Error`]; [`Error::Schema`] when GO's schema cannot be loaded.
    pub async fn task_schema_json(&self, task: &TaskId) -> Result<Value, Error> {
        Ok(self.fetch_task_schema(task).await?.0)
    }

    async fn fetch_task_schema(&self, task: &TaskId) -> Result<(Value, Arc<Schema>), Error> {
        let span = tracing::info_span!("gbg_go.task_schema", task = %task, request_id = tracing::field::Empty);
        async {
            let reply = self
                .call(
                    "task_schema",
                    Kind::Read,
                    "/journey/task/schema",
                    Auth::Customer,
                    &json!({ "taskId": task.as_str() }),
                )
                .await?;
            let schema = self.load_schema(task, &reply.body)?;
            Ok((reply.body, schema))
        }
        .instrument(span)
        .await
    }

    /// The open tasks with their schemas in one call (v1 `task/list/schema`).
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn tasks_with_schemas(
        &self,
        instance: &InstanceId,
    ) -> Result<Vec<(TaskId, Arc<Schema>)>, Error> {
        let span = tracing::info_span!("gbg_go.tasks_with_schemas", instance = %instance, request_id = tracing::field::Empty);
        async {
            let reply = self
                .call(
                    "tasks_with_schemas",
                    Kind::Read,
                    "/journey/task/list/schema",
                    Auth::Customer,
                    &json!({ "instanceId": instance.as_str() }),
                )
                .await?;
            let mut out = Vec::new();
            for t in reply
                .body
                .get("tasks")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(id) = str_at(t, "taskId") else {
                    continue;
                };
                let key = t
                    .pointer("/schema/$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/schemas/"))
                    .unwrap_or(id);
                let schema = reply
                    .body
                    .get("schemas")
                    .and_then(|s| s.get(key))
                    .ok_or_else(|| Error::Decode {
                        operation: "tasks_with_schemas",
                        message: format!("no schema `{key}` for task {id}"),
                        request_id: reply.request_id.clone(),
                    })?;
                let task = TaskId::new(id);
                let schema = self.load_schema(&task, schema)?;
                out.push((task, schema));
            }
            Ok(out)
        }
        .instrument(span)
        .await
    }

    /// Submit task data (v1 `task/update`). `document` is the whole task document.
    /// With local validation on (the default), `Complete` and `Validate` check the
    /// data against the task's schema before anything is sent; `Save` stores partial
    /// data and is not checked.
    ///
    /// Not retried after a failure that may have reached GO: see
    /// [`Error::OutcomeUnknown`].
    ///
    /// # Errors
    /// [`Error::Validation`] (pointer and rule, no value), or any [`Error`]; GO's own
    /// refusal of invalid data is `4003` ([`Error::invalid_field`]), and a finished
    /// journey is `4009` ([`Error::journey_not_active`]).
    pub async fn submit_task(
        &self,
        instance: &InstanceId,
        task: &TaskId,
        intent: Intent,
        document: &(impl TaskDocument + ?Sized),
    ) -> Result<(), Error> {
        let span = tracing::info_span!(
            "gbg_go.submit_task",
            instance = %instance,
            task = %task,
            intent = intent.as_str(),
            request_id = tracing::field::Empty
        );
        async {
            let mut doc = document.to_task_document()?;
            if self.inner.local_validation && intent != Intent::Save {
                let schema = self.task_schema(task).await?;
                schema.validate(&doc)?;
            }
            let context = doc
                .get_mut("context")
                .map(Value::take)
                .unwrap_or_else(|| json!({}));
            let body = json!({
                "intent": intent.as_str(),
                "instanceId": instance.as_str(),
                "taskId": task.as_str(),
                "context": context,
            });
            self.call(
                "submit_task",
                Kind::Write,
                "/journey/task/update",
                Auth::EndUser(instance),
                &body,
            )
            .await?;
            Ok(())
        }
        .instrument(span)
        .await
    }

    /// The journey's state: status, phase (Pending Input when a task waits for the
    /// end user), times, per-task progress and the merged subject.
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn journey_state(&self, instance: &InstanceId) -> Result<JourneyState, Error> {
        let span = tracing::info_span!("gbg_go.journey_state", instance = %instance, request_id = tracing::field::Empty);
        async {
            let reply = self
                .call(
                    "journey_state",
                    Kind::Read,
                    "/journey/state/fetch",
                    Auth::Customer,
                    &json!({ "instanceId": instance.as_str() }),
                )
                .await?;
            let b = &reply.body;
            let status = str_at(b, "status").ok_or_else(|| Error::Decode {
                operation: "journey_state",
                message: "no `status`".into(),
                request_id: reply.request_id.clone(),
            })?;
            let meta = b.get("metaData");
            let meta_str = |k: &str| {
                meta.and_then(|m| str_at(m, k))
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            };
            let tasks = meta
                .and_then(|m| m.get("tasks"))
                .and_then(Value::as_array)
                .map(|tasks| {
                    tasks
                        .iter()
                        .filter_map(|t| {
                            Some(TaskProgress {
                                task_id: TaskId::new(str_at(t, "taskId")?),
                                name: str_at(t, "name").map(str::to_owned),
                                state: match str_at(t, "state")? {
                                    "Assigned" => TaskState::Assigned,
                                    "InProgress" => TaskState::InProgress,
                                    "Completed" => TaskState::Completed,
                                    other => TaskState::Other(other.to_owned()),
                                },
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            Ok(JourneyState {
                instance_id: instance.clone(),
                status: JourneyStatus::parse(status),
                created_time: meta_str("createdTime"),
                completed_time: meta_str("completedTime"),
                tasks,
                subject: b
                    .pointer("/context/subject")
                    .cloned()
                    .unwrap_or_else(|| json!({})),
            })
        }
        .instrument(span)
        .await
    }

    /// Poll `journey_state` until the journey is Completed (backoff without jitter,
    /// per the polling policy).
    ///
    /// # Errors
    /// [`Error::JourneyEnded`] if it Failed, [`Error::Timeout`] at the polling
    /// deadline, or any [`Error`] of `journey_state`.
    pub async fn wait_for_completion(&self, instance: &InstanceId) -> Result<JourneyState, Error> {
        let poll = self.inner.poll;
        let started = tokio::time::Instant::now();
        let mut interval = poll.initial;
        loop {
            let state = self.journey_state(instance).await?;
            match state.status {
                JourneyStatus::Completed => return Ok(state),
                JourneyStatus::Failed => {
                    return Err(Error::JourneyEnded {
                        instance_id: instance.to_string(),
                        status: state.status.to_string(),
                    })
                }
                _ => {}
            }
            if started.elapsed() + interval > poll.deadline {
                return Err(Error::Timeout {
                    operation: "wait_for_completion",
                    after: poll.deadline,
                });
            }
            tokio::time::sleep(interval).await;
            interval = interval.mul_f64(poll.factor).min(poll.max_interval);
        }
    }

    /// Delete an instance (`state/delete`). Not retried after an ambiguous failure.
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn delete_instance(&self, instance: &InstanceId) -> Result<(), Error> {
        let span = tracing::info_span!("gbg_go.delete_instance", instance = %instance, request_id = tracing::field::Empty);
        async {
            self.call(
                "delete_instance",
                Kind::Write,
                "/journey/state/delete",
                Auth::Customer,
                &json!({ "instanceId": instance.as_str() }),
            )
            .await?;
            lock(&self.inner.sessions).remove(instance.as_str());
            Ok(())
        }
        .instrument(span)
        .await
    }

    /// Create a connect secret for an end-user device (`device/start`).
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn device_start(&self, instance: &InstanceId) -> Result<ConnectSecret, Error> {
        let span = tracing::info_span!("gbg_go.device_start", instance = %instance, request_id = tracing::field::Empty);
        async {
            // Creating a secret has no effect a retry could duplicate harmfully.
            let reply = self
                .call(
                    "device_start",
                    Kind::Read,
                    "/journey/device/start",
                    Auth::Customer,
                    &json!({ "instanceId": instance.as_str(), "scope": ["any"] }),
                )
                .await?;
            let secret = str_at(&reply.body, "connectToken").ok_or_else(|| Error::Decode {
                operation: "device_start",
                message: "no `connectToken`".into(),
                request_id: reply.request_id.clone(),
            })?;
            Ok(ConnectSecret {
                secret: SecretString::from(secret.to_owned()),
                expires_in: expires_in(&reply.body, 120),
            })
        }
        .instrument(span)
        .await
    }

    /// Exchange a connect secret for the instance's end-user token
    /// (`device/connect`). The client keeps the session and uses it for the
    /// end-user calls on that instance.
    ///
    /// # Errors
    /// Any [`Error`]; a used or expired secret is [`Error::Auth`].
    pub async fn device_connect(
        &self,
        instance: &InstanceId,
        secret: &ConnectSecret,
    ) -> Result<(), Error> {
        let span = tracing::info_span!("gbg_go.device_connect", instance = %instance, request_id = tracing::field::Empty);
        async {
            let session = self.device_connect_raw(secret).await?;
            *self.session_slot(instance).lock().await = Some(session);
            Ok(())
        }
        .instrument(span)
        .await
    }

    /// Renew the instance's device session with its resume credential, without a
    /// new connect secret.
    ///
    /// # Errors
    /// [`Error::Config`] if the instance has no session yet, or any [`Error`].
    pub async fn device_refresh(&self, instance: &InstanceId) -> Result<(), Error> {
        let slot = self.session_slot(instance);
        let mut session = slot.lock().await;
        let resume = session
            .as_ref()
            .and_then(|s| s.resume.clone())
            .ok_or_else(|| Error::Config(format!("instance {instance} has no device session")))?;
        *session = Some(self.device_refresh_raw(&resume).await?);
        Ok(())
    }

    /// The current v2 interaction (`interaction/fetch`).
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn interaction_fetch(&self, instance: &InstanceId) -> Result<Interaction, Error> {
        let span = tracing::info_span!("gbg_go.interaction_fetch", instance = %instance, request_id = tracing::field::Empty);
        async {
            let reply = self
                .call(
                    "interaction_fetch",
                    Kind::Read,
                    "/journey/interaction/fetch",
                    Auth::EndUser(instance),
                    &json!({ "instanceId": instance.as_str() }),
                )
                .await?;
            let b = reply.body;
            Ok(Interaction {
                instance_id: instance.clone(),
                interaction_id: str_at(&b, "interactionId").map(str::to_owned),
                status: JourneyStatus::parse(
                    b.pointer("/journey/status")
                        .and_then(Value::as_str)
                        .unwrap_or("InProgress"),
                ),
                outstanding: b
                    .get("outstanding")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                raw: b,
            })
        }
        .instrument(span)
        .await
    }

    /// Submit data for the current v2 interaction (`interaction/submit`).
    /// `document` is a task document; its `context.subject` is sent. Partial
    /// submissions are allowed.
    ///
    /// # Errors
    /// Any [`Error`]; not retried after an ambiguous failure.
    pub async fn interaction_submit(
        &self,
        instance: &InstanceId,
        interaction_id: &str,
        document: &(impl TaskDocument + ?Sized),
    ) -> Result<(), Error> {
        let span = tracing::info_span!("gbg_go.interaction_submit", instance = %instance, request_id = tracing::field::Empty);
        async {
            let mut doc = document.to_task_document()?;
            let subject = doc
                .pointer_mut("/context/subject")
                .map(Value::take)
                .unwrap_or_else(|| json!({}));
            let participants: Vec<Value> = subject
                .as_object()
                .map(|m| m.keys().map(|k| json!({ "domainElementId": k })).collect())
                .unwrap_or_default();
            let body = json!({
                "instanceId": instance.as_str(),
                "interactionId": interaction_id,
                "participants": participants,
                "context": { "subject": subject },
            });
            self.call(
                "interaction_submit",
                Kind::Write,
                "/journey/interaction/submit",
                Auth::EndUser(instance),
                &body,
            )
            .await?;
            Ok(())
        }
        .instrument(span)
        .await
    }
}

#[cfg(test)]
mod tests {
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
        assert!(url(Client::builder().region(Region::Au))
            .contains("https://au.platform.go.gbgplc.com/captain/api"));
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
