//! The request engine: one HTTP exchange, the classification of failures, retries
//! with backoff and a budget, and the bearer token each call takes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::{lock, ApiError, Client, Error, InstanceId};

/// Whether a failure after sending may have been processed matters for writes only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Read,
    Write,
}

/// Which bearer token a call takes (DESIGN's token table).
#[derive(Clone, Debug)]
pub(super) enum Auth<'a> {
    None,
    Customer,
    EndUser(&'a InstanceId),
    Secret(&'a SecretString),
    /// The v1 task calls and the interaction calls: the customer token first (GBG's
    /// migration guide: one bearer token for all v1 operations; the newest spec
    /// accepts it on interactions). On a 401 the customer token is refreshed once;
    /// a second 401 switches the instance to an end-user session for the rest of its
    /// life.
    Instance(&'a InstanceId),
}

/// A request body.
#[derive(Clone, Debug)]
pub(super) enum Payload<'a> {
    None,
    Json(&'a Value),
    Bytes(bytes::Bytes),
}

/// One call: the operation, whether it is a write, where, with which token, body and
/// extra headers.
#[derive(Clone, Debug)]
pub(super) struct Call<'a> {
    pub(super) op: &'static str,
    pub(super) kind: Kind,
    pub(super) method: reqwest::Method,
    /// Under the API base, query string included.
    pub(super) path: String,
    pub(super) auth: Auth<'a>,
    pub(super) body: Payload<'a>,
    pub(super) headers: Vec<(&'static str, String)>,
}

impl<'a> Call<'a> {
    /// A POST with a JSON body, as every journey call is.
    pub(super) fn post(
        op: &'static str,
        kind: Kind,
        path: impl Into<String>,
        auth: Auth<'a>,
        body: &'a Value,
    ) -> Call<'a> {
        Call {
            op,
            kind,
            method: reqwest::Method::POST,
            path: path.into(),
            auth,
            body: Payload::Json(body),
            headers: Vec::new(),
        }
    }
}

/// A successful response.
pub(super) struct Reply {
    pub(super) body: Value,
    pub(super) request_id: Option<String>,
}

/// A failed attempt, before deciding whether to retry.
pub(super) enum Failure {
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
pub(super) struct Exchange {
    pub(super) status: u16,
    pub(super) request_id: Option<String>,
    pub(super) retry_after: Option<Duration>,
    pub(super) body: bytes::Bytes,
}

impl Exchange {
    pub(super) fn api_error(&self, op: &'static str) -> ApiError {
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
pub(super) async fn exchange(
    op: &'static str,
    req: reqwest::RequestBuilder,
) -> Result<Exchange, Failure> {
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
pub(super) fn status_failure(op: &'static str, ex: &Exchange) -> Result<Failure, Error> {
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

/// `Retry-After` as delta-seconds or an HTTP-date.
pub(super) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// GBG's error body of either generation (v2 `errors[]`, v1 `{status, message,
/// error}`); empty when the body is neither.
pub(super) fn gbg_errors(body: &[u8]) -> Vec<super::GbgError> {
    gbg_go_wire::error::parse_error_body(body).unwrap_or_default()
}

/// `expiresIn` in seconds: GO's specs type it as a number, its docs show a string
/// (`"120"`). Anything else, negative, or not finite gives `default`; a huge value is
/// capped at ten years rather than overflowing `Duration`.
/// A request body, from its go-wire type (the one description of the wire).
///
/// go-wire's request types are structs with string keys, which serde_json always
/// serializes; `Null` stands in for the impossible failure rather than a panic.
pub(super) fn wire_body<T: serde::Serialize>(request: &T) -> Value {
    serde_json::to_value(request).unwrap_or_default()
}

/// The `{"instanceId": …}` body of the per-instance calls.
pub(super) fn instance_body(instance: &InstanceId) -> Value {
    wire_body(&gbg_go_wire::InstanceRequest {
        instance_id: instance.as_str().to_owned(),
    })
}

pub(super) fn expires_in(body: &Value, default: u64) -> Duration {
    gbg_go_wire::device::seconds(body.get("expiresIn"))
        .map_or(Duration::from_secs(default), Duration::from_secs_f64)
}

pub(super) fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

impl Client {
    // -----------------------------------------------------------------------------
    // The request engine

    /// A POST with a JSON body under the API base.
    pub(super) async fn call(
        &self,
        op: &'static str,
        kind: Kind,
        path: &str,
        auth: Auth<'_>,
        body: &Value,
    ) -> Result<Reply, Error> {
        self.send(Call::post(op, kind, path, auth, body)).await
    }

    /// Run a call within the operation deadline.
    pub(super) async fn send(&self, call: Call<'_>) -> Result<Reply, Error> {
        let (op, kind) = (call.op, call.kind);
        // Set while an attempt may have reached GO; cleared when an attempt was
        // refused before processing (a connection that never opened, 429, 503), so
        // a deadline that passes during backoff after refusals only is a plain
        // timeout, not an unknown outcome.
        let sent = AtomicBool::new(false);
        let deadline = self.inner.timeouts.operation;
        let attempt = self.attempts(call, &sent);
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

    async fn bearer(&self, auth: &Auth<'_>) -> Result<Option<SecretString>, Error> {
        Ok(match auth {
            Auth::None => None,
            Auth::Customer => Some(self.customer_token().await?),
            // Boxed: getting an end-user token makes calls of its own.
            Auth::EndUser(instance) => Some(Box::pin(self.end_user_token(instance)).await?),
            Auth::Instance(instance) if self.uses_end_user(instance) => {
                Some(Box::pin(self.end_user_token(instance)).await?)
            }
            Auth::Instance(_) => Some(self.customer_token().await?),
            Auth::Secret(secret) => Some((*secret).clone()),
        })
    }

    async fn attempts(&self, call: Call<'_>, sent: &AtomicBool) -> Result<Reply, Error> {
        let op = call.op;
        let url = format!("{}{}", self.inner.api_base, call.path);
        let mut retries = 0u32;
        let mut refreshed = false;
        let mut switched = false;
        loop {
            let auth = call.auth.clone();
            let bearer = self.bearer(&auth).await?;
            let mut req = self.inner.http.request(call.method.clone(), &url);
            match &call.body {
                Payload::None => {}
                Payload::Json(body) => req = req.json(body),
                Payload::Bytes(bytes) => {
                    req = req
                        .header("content-type", "application/octet-stream")
                        .body(bytes.clone())
                }
            }
            for (name, value) in &call.headers {
                req = req.header(*name, value);
            }
            if let Some(token) = &bearer {
                req = req.bearer_auth(token.expose_secret());
            }
            sent.store(true, Ordering::SeqCst);
            let ex = match exchange(op, req).await {
                Ok(ex) => ex,
                Err(failure) => {
                    if matches!(failure, Failure::Refused { .. }) {
                        sent.store(false, Ordering::SeqCst);
                    }
                    self.decide(op, call.kind, failure, &mut retries).await?;
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
                        message: format!(
                            "the body is not JSON (line {}, column {})",
                            e.line(),
                            e.column()
                        ),
                        request_id: ex.request_id.clone(),
                    })?
                };
                return Ok(Reply {
                    body,
                    request_id: ex.request_id,
                });
            }
            if ex.status == 401 {
                let renewable = !matches!(auth, Auth::None | Auth::Secret(_));
                if renewable && !refreshed {
                    // The token was refused (expired or revoked): drop it and try
                    // once more with a fresh one.
                    refreshed = true;
                    if let Some(token) = &bearer {
                        self.invalidate(&auth, token).await;
                    }
                    tracing::debug!(operation = op, "token refused; fetching a new one");
                    continue;
                }
                if let (true, Auth::Instance(instance)) = (renewable, &auth) {
                    if !switched && !self.uses_end_user(instance) {
                        // A fresh customer token was refused too: this tenant wants
                        // the end user's token here (GBG's older spec). Switch the
                        // instance for the rest of its life.
                        switched = true;
                        self.switch_to_end_user(instance);
                        tracing::debug!(
                            operation = op,
                            "customer token refused twice; using an end-user session"
                        );
                        continue;
                    }
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
            if matches!(failure, Failure::Refused { .. }) {
                sent.store(false, Ordering::SeqCst);
            }
            self.decide(op, call.kind, failure, &mut retries).await?;
        }
    }

    /// Retry (after sleeping) or fail.
    pub(super) async fn decide(
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

    pub(super) fn spend(&self) -> bool {
        let mut budget = lock(&self.inner.budget);
        if *budget >= 1.0 {
            *budget -= 1.0;
            true
        } else {
            false
        }
    }

    pub(super) fn earn(&self) {
        let mut budget = lock(&self.inner.budget);
        *budget = (*budget + self.inner.retry.earn_per_success).min(self.inner.retry.budget);
    }
}
