//! The HTTP surface: GO's token endpoint and journey API, plus `/_sandbox/*`.
//!
//! One file per endpoint family; every handler has the same shape: parse the body
//! into its go-wire type ([`parse`]), authorize, call one transition of the instance
//! (`crate::journey`), render a go-wire type. This module holds the router, the outer
//! middleware (request ids, faults, counters, GBG error bodies) and the helpers they
//! share, [`check_then_apply`] among them.

mod control;
mod devices;
pub(crate) mod interactions;
pub(crate) mod journeys;
mod scenarios;
mod tasks;
mod tokens;

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{ApiError, ErrorMark};
use crate::faults::Fault;
use crate::journey::Instance;
use crate::state::{lock, Shared, TokenKind};

/// Which API generation a request came in on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Generation {
    V1,
    V2,
}

/// Closes the request's connection without a response (fault injection).
#[derive(Clone)]
pub(crate) struct ConnKill(pub Arc<tokio::sync::Notify>);

type ApiResult = Result<Response, ApiError>;

/// Request bodies up to 20 MiB are accepted: base64 document and selfie images are
/// large.
pub(crate) const BODY_LIMIT: usize = 20 * 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let journey = || {
        Router::new()
            .route("/journey/health", get(tokens::health))
            .route("/journey/start", post(journeys::start))
            .route("/journey/state/fetch", post(journeys::state_fetch))
            .route("/journey/state/delete", post(journeys::state_delete))
            .route("/journey/task/list", post(tasks::task_list))
            .route("/journey/task/schema", post(tasks::task_schema))
            .route("/journey/task/list/schema", post(tasks::task_list_schema))
            .route("/journey/task/update", post(tasks::task_update))
            .route("/journey/device/start", post(devices::device_start))
            .route("/journey/device/connect", post(devices::device_connect))
            .route("/journey/device/refresh", post(devices::device_refresh))
            .route(
                "/journey/interaction/fetch",
                post(interactions::interaction_fetch),
            )
            .route(
                "/journey/interaction/submit",
                post(interactions::interaction_submit),
            )
            .route(
                "/journey/interaction/asset/upload",
                post(interactions::asset_upload),
            )
            .route("/journey/terminate", post(journeys::terminate))
            .route("/journey/schema/fetch", post(journeys::schema_fetch))
            .route("/journey/device/validate", post(devices::device_validate))
            .route(
                "/journey/instance/{instance_id}/handoff-token",
                post(devices::handoff_token),
            )
    };
    Router::new()
        .route("/as/token.oauth2", post(tokens::token))
        .route(
            "/auth/realms/go/protocol/openid-connect/token",
            post(tokens::token),
        )
        .nest("/captain/api", journey().layer(Extension(Generation::V1)))
        .nest(
            "/v2/captain",
            // Sandbox scenarios are a v2 API.
            journey()
                .merge(scenarios::routes())
                .layer(Extension(Generation::V2)),
        )
        .merge(control::routes())
        .merge(crate::console::routes(shared.clone()))
        .fallback(|| async { ApiError::route_not_found() })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(shared.clone(), outer))
        .with_state(shared)
}

/// The route name used by faults and counters: the path after the API prefix, or
/// `token`; `None` for health and sandbox control routes.
fn route_name(path: &str) -> Option<String> {
    if path == "/as/token.oauth2" || path == "/auth/realms/go/protocol/openid-connect/token" {
        return Some("token".into());
    }
    let rest = path
        .strip_prefix("/captain/api/")
        .or_else(|| path.strip_prefix("/v2/captain/"))?;
    (rest != "journey/health").then(|| rest.trim_end_matches('/').to_owned())
}

tokio::task_local! {
    /// The instance the current API request is about, noted by [`note_instance`]
    /// for the request log.
    static CURRENT_INSTANCE: std::cell::RefCell<Option<String>>;
}

/// Note that the current API request is about instance `id` (its request log gets
/// the request once answered). Outside an API request it does nothing.
pub(crate) fn note_instance(id: &str) {
    let _ = CURRENT_INSTANCE.try_with(|c| *c.borrow_mut() = Some(id.to_owned()));
}

/// Append an answered API request to its instance's log (when the instance exists).
fn log_request(
    shared: &Shared,
    id: &str,
    method: &str,
    path: &str,
    status: u16,
    started: std::time::Instant,
) {
    if !lock(&shared.instances).by_id.contains_key(id) {
        return;
    }
    let entry = crate::state::LogEntry {
        method: method.to_owned(),
        path: path.to_owned(),
        status,
        at: crate::clock::rfc3339(shared.clock.now()),
        millis: started.elapsed().as_millis() as u64,
    };
    let mut log = lock(&shared.request_log);
    let entries = log.entry(id.to_owned()).or_default();
    if entries.len() >= crate::state::LOG_LIMIT {
        entries.pop_front();
    }
    entries.push_back(entry);
}

/// Request ids, faults, counters, the request log, and GBG bodies for the router's
/// own 404/405.
async fn outer(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let seq = shared
        .request_seq
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let request_id = format!("sbx-{seq:08x}-{}", shared.rng.id(8));
    let route = route_name(req.uri().path());
    if route.is_none() && crate::console::is_console_path(req.uri().path()) {
        // The console and the end-user page: counted apart, never faulted, and
        // answered with their own pages and bodies (not GBG's).
        shared.count(|c| c.console_requests += 1);
        let mut response = next.run(req).await;
        if let Ok(v) = HeaderValue::from_str(&request_id) {
            response.headers_mut().insert("x-request-id", v);
        }
        return response;
    }
    let v1 = req.uri().path().starts_with("/captain/api/");
    let kill = req.extensions().get::<ConnKill>().cloned();
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let started = std::time::Instant::now();
    let noted = std::cell::RefCell::new(None);
    let mut response = match &route {
        None => next.run(req).await,
        Some(route) => {
            let decision = shared.faults.decide(route);
            shared.count(|c| {
                *c.requests.entry(route.clone()).or_default() += 1;
                if decision.fault != Fault::Ok {
                    *c.faults.entry(decision.fault.as_str().into()).or_default() += 1;
                }
            });
            if decision.latency_ms > 0 {
                tokio::time::sleep(Duration::from_millis(decision.latency_ms)).await;
            }
            match decision.fault {
                Fault::Ok => {
                    let (response, noted_id) = CURRENT_INSTANCE
                        .scope(std::cell::RefCell::new(None), async {
                            let response = next.run(req).await;
                            (response, CURRENT_INSTANCE.with(|c| c.borrow_mut().take()))
                        })
                        .await;
                    *noted.borrow_mut() = noted_id;
                    response
                }
                Fault::TooMany => ApiError::too_many(decision.retry_after).into_response(),
                Fault::Unavailable => ApiError::unavailable(decision.retry_after).into_response(),
                Fault::Internal => ApiError::internal().into_response(),
                Fault::Drop => return drop_connection(kill).await,
                Fault::DropAfter => {
                    let _committed = next.run(req).await;
                    return drop_connection(kill).await;
                }
            }
        }
    };
    let status = response.status();
    let is_json = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status == StatusCode::METHOD_NOT_ALLOWED && is_empty(&response) {
        let allow = response.headers().get("allow").cloned();
        response = ApiError::method_not_allowed().into_response();
        if let Some(allow) = allow {
            response.headers_mut().insert("allow", allow);
        }
    } else if status.is_client_error() && !is_json {
        // axum's own rejections (a body over the limit, …) are plain text: give them
        // GBG's body too, so every error a client sees has one shape.
        response = ApiError::rejected(status).into_response();
    }
    if let Some(ErrorMark(error)) = response.extensions_mut().remove::<ErrorMark>() {
        if v1 {
            // v1 errors have v1's body shape.
            let allow = response.headers().get("allow").cloned();
            response = error.into_v1_response();
            if let Some(allow) = allow {
                response.headers_mut().insert("allow", allow);
            }
        }
    }
    if let Some(id) = noted.into_inner() {
        log_request(
            &shared,
            &id,
            &method,
            &path,
            response.status().as_u16(),
            started,
        );
    }
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}

fn is_empty(response: &Response) -> bool {
    use axum::body::HttpBody;
    response.body().size_hint().exact() == Some(0)
}

async fn drop_connection(kill: Option<ConnKill>) -> Response {
    match kill {
        Some(ConnKill(notify)) => {
            notify.notify_one();
            // The connection task drops this future with the connection.
            std::future::pending::<()>().await;
            unreachable!()
        }
        // Not served by the sandbox's own accept loop (a test driving the router
        // directly): the nearest thing to a dropped connection.
        None => Response::builder()
            .status(StatusCode::BAD_GATEWAY)
            .body(Body::empty())
            .unwrap_or_default(),
    }
}

// ---------------------------------------------------------------------------------
// Helpers

/// A request body as a JSON object, parsed strictly: a duplicate key is refused, as
/// every other gbg-go surface refuses it.
fn json_body(bytes: &Bytes) -> Result<Map<String, Value>, ApiError> {
    match gbg_go_schema::strict::from_slice(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::malformed("The body must be a JSON object")),
        Err(_) if bytes.is_empty() => Err(ApiError::malformed("The body is empty")),
        Err(e) => Err(ApiError::malformed(format!(
            "The body is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ))),
    }
}

/// A request body as its go-wire type: parsed strictly ([`json_body`]), then
/// deserialized. A member that is missing (or `null` where a value is required) is
/// GBG's `4002 MISSING_FIELD` naming its path (`context.config`); one of the wrong
/// type is `4003 INVALID_FIELD` naming its path and what was expected. Neither quotes
/// the value: serde's own message does (`invalid type: string "Ada"`), so only its
/// "expected" half is kept.
fn parse<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    let value = Value::Object(json_body(bytes)?);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        wire_error(&path, &message)
    })
}

/// GBG's error for serde's `message` at `path` (`.` for the body itself).
fn wire_error(path: &str, message: &str) -> ApiError {
    let at = |member: &str| {
        if path == "." || path.is_empty() {
            member.to_owned()
        } else {
            format!("{path}.{member}")
        }
    };
    let field = if path == "." || path.is_empty() {
        "body".to_owned()
    } else {
        path.to_owned()
    };
    if let Some(rest) = message.strip_prefix("missing field `") {
        return ApiError::missing(&at(rest.split('`').next().unwrap_or(rest)));
    }
    if message.starts_with("invalid type: null") {
        return ApiError::missing(&field);
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return ApiError::invalid(
            &at(&gbg_go_schema::text::printable_clipped(name, 64)),
            "no such member",
        );
    }
    let expected = message
        .rsplit_once(", expected ")
        .map_or("another value", |(_, e)| e);
    ApiError::invalid(
        &field,
        &gbg_go_schema::text::printable_clipped(expected, 120),
    )
}

/// A string that must not be empty (GO's `minLength: 1`).
fn non_empty(field: &str, value: &str) -> Result<(), ApiError> {
    if value.is_empty() {
        Err(ApiError::invalid(field, "a non-empty string"))
    } else {
        Ok(())
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let h = headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = h.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// What a call accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    Customer,
    EndUser,
    EndUserOrCustomer,
}

/// Who called.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Caller {
    Customer,
    EndUser { instance: String, joined: bool },
}

impl Caller {
    /// The instance an end-user token is bound to.
    fn bound(&self) -> Option<String> {
        match self {
            Caller::Customer => None,
            Caller::EndUser { instance, .. } => Some(instance.clone()),
        }
    }
}

impl Shared {
    /// What the v1 task calls and the interaction calls take: both tokens (GO's
    /// newest spec), or only the end-user token with the strict switch (its older
    /// spec).
    fn end_user_call(&self) -> Needs {
        if self.strict_tokens {
            Needs::EndUser
        } else {
            Needs::EndUserOrCustomer
        }
    }
}

/// Check the bearer token.
fn authorize(shared: &Shared, headers: &HeaderMap, needs: Needs) -> Result<Caller, ApiError> {
    let token = bearer(headers)
        .ok_or_else(|| ApiError::unauthorized("Missing Authorization: Bearer token"))?;
    let tokens = lock(&shared.tokens);
    let found = tokens
        .get(token)
        .ok_or_else(|| ApiError::unauthorized("Unknown token"))?;
    if found.expires <= shared.clock.now() {
        return Err(ApiError::unauthorized("Token expired"));
    }
    match (&found.kind, needs) {
        (TokenKind::Customer, Needs::Customer | Needs::EndUserOrCustomer) => Ok(Caller::Customer),
        (TokenKind::EndUser { instance, joined }, Needs::EndUser | Needs::EndUserOrCustomer) => {
            Ok(Caller::EndUser {
                instance: instance.clone(),
                joined: *joined,
            })
        }
        (_, Needs::Customer) => Err(ApiError::unauthorized(
            "This call takes a customer access token (from the token endpoint)",
        )),
        (_, _) => Err(ApiError::unauthorized(
            "This call takes the end-user token of the instance (from journey/device/connect)",
        )),
    }
}

/// The body types of calls about one instance: they carry `instanceId`.
trait ForInstance {
    fn instance_id(&self) -> &str;
}

macro_rules! for_instance {
    ($($t:ty),*) => {$(
        impl ForInstance for $t {
            fn instance_id(&self) -> &str {
                &self.instance_id
            }
        }
    )*};
}

for_instance!(
    gbg_go_wire::InstanceRequest,
    gbg_go_wire::journey::TerminateRequest,
    gbg_go_wire::task::TaskUpdateRequest,
    gbg_go_wire::device::DeviceStartRequest,
    gbg_go_wire::interaction::FetchRequest,
    gbg_go_wire::interaction::SubmitRequest
);

/// The common start of a call about one instance: check the token, parse the body
/// into its go-wire type, and hold an end-user token to its own instance.
fn instance_request<T: DeserializeOwned + ForInstance>(
    shared: &Shared,
    headers: &HeaderMap,
    body: &Bytes,
    needs: Needs,
) -> Result<T, ApiError> {
    let bound = authorize(shared, headers, needs)?.bound();
    let request: T = parse(body)?;
    non_empty("instanceId", request.instance_id())?;
    own_instance(&bound, request.instance_id())?;
    Ok(request)
}

fn own_instance(bound: &Option<String>, instance: &str) -> Result<(), ApiError> {
    match bound {
        Some(b) if b != instance => Err(ApiError::forbidden(
            "The end-user token was issued for another instance",
        )),
        _ => Ok(()),
    }
}

/// 201 with a go-wire body.
fn created(value: &impl Serialize) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}

/// 200 with a go-wire body.
fn ok(value: &impl Serialize) -> Response {
    Json(value).into_response()
}

fn not_found_instance() -> ApiError {
    ApiError::not_found("Journey not found")
}

/// Run `f` on an instance after moving its time forward.
pub(crate) fn with_instance<T>(
    shared: &Shared,
    id: &str,
    f: impl FnOnce(&mut Instance) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    note_instance(id);
    let now = shared.clock.now();
    let mut instances = lock(&shared.instances);
    let i = instances.by_id.get_mut(id).ok_or_else(not_found_instance)?;
    i.settle(now);
    f(i)
}

/// How many times a transition is retried when the instance changed between the
/// snapshot a handler judged and the moment it applies the result.
const APPLY_ATTEMPTS: usize = 16;

/// What a snapshot gives [`check_then_apply`]: something to judge outside the lock,
/// or the answer already (an ended journey, a refusal).
enum Snapshot<S, T> {
    Judge(S),
    Answer(T),
}

/// Check, then apply: take what a request is judged on from the instance under the
/// lock (`snapshot`), judge it outside the lock (`judge`: schema validation is the
/// slow part, and other requests should not wait for it), then `apply` the verdict
/// under the lock if the instance has not changed meanwhile (its revision). When it
/// has, start again; after [`APPLY_ATTEMPTS`], 409 (retry).
fn check_then_apply<S, J, T>(
    shared: &Shared,
    id: &str,
    mut snapshot: impl FnMut(&Instance) -> Result<Snapshot<S, T>, ApiError>,
    mut judge: impl FnMut(&S) -> Result<J, ApiError>,
    mut apply: impl FnMut(&mut Instance, S, J) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    for _ in 0..APPLY_ATTEMPTS {
        let (taken, revision) = with_instance(shared, id, |i| Ok((snapshot(i)?, i.revision())))?;
        let taken = match taken {
            Snapshot::Answer(answer) => return Ok(answer),
            Snapshot::Judge(taken) => taken,
        };
        let verdict = judge(&taken)?;
        let applied = with_instance(shared, id, |i| {
            if i.revision() != revision {
                return Ok(None);
            }
            apply(i, taken, verdict).map(Some)
        })?;
        if let Some(answer) = applied {
            return Ok(answer);
        }
    }
    Err(ApiError::conflict(
        "The instance changed while this request was checked",
        "Retry the request",
    ))
}
