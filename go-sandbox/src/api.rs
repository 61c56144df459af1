//! The HTTP surface: GO's token endpoint and journey API, plus `/_sandbox/*`.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use gbg_go_schema::text;
use gbg_go_wire::catalogue::{DomainElement, ElementRef};
use gbg_go_wire::headers;
use gbg_go_wire::interaction::{AssetUploadResponse, Reviewer, UPLOADABLE};
use gbg_go_wire::journey::{InteractionSchema, SchemaFetchRequest, SchemaFetchResponse};
use gbg_go_wire::scenario::{
    CreateScenario, ReplaceScenario, Scenario, ScenarioCreated, ScenarioData, ScenarioSummary,
};
use gbg_go_wire::status::{FetchScope, ScenarioTier};
use gbg_go_wire::task::Intent;
use serde_json::{json, Map, Value};

use crate::catalog::ResolveError;
use crate::clock::{parse_rfc3339, rfc3339};
use crate::error::{ApiError, ErrorMark};
use crate::faults::{Fault, Faults};
use crate::journey;
use crate::state::{
    lock, merge, Instance, JourneyStatus, Reason, Shared, StoredScenario, TaskState, TaskStatus,
    TokenKind,
};

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

/// The connect secret's lifetime.
const CONNECT_TTL: Duration = Duration::from_secs(120);
/// The device session's resume credential lifetime.
const RESUME_TTL: Duration = Duration::from_secs(24 * 3600);
/// Request bodies up to 20 MiB are accepted: base64 document and selfie images are
/// large.
pub(crate) const BODY_LIMIT: usize = 20 * 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let journey = || {
        Router::new()
            .route("/journey/health", get(health))
            .route("/journey/start", post(start))
            .route("/journey/state/fetch", post(state_fetch))
            .route("/journey/state/delete", post(state_delete))
            .route("/journey/task/list", post(task_list))
            .route("/journey/task/schema", post(task_schema))
            .route("/journey/task/list/schema", post(task_list_schema))
            .route("/journey/task/update", post(task_update))
            .route("/journey/device/start", post(device_start))
            .route("/journey/device/connect", post(device_connect))
            .route("/journey/device/refresh", post(device_refresh))
            .route("/journey/interaction/fetch", post(interaction_fetch))
            .route("/journey/interaction/submit", post(interaction_submit))
            .route("/journey/interaction/asset/upload", post(asset_upload))
            .route("/journey/terminate", post(terminate))
            .route("/journey/schema/fetch", post(schema_fetch))
            .route("/journey/device/validate", post(device_validate))
            .route(
                "/journey/instance/{instance_id}/handoff-token",
                post(handoff_token),
            )
    };
    // Sandbox scenarios are a v2 API.
    let scenarios = Router::new()
        .route(
            "/sandbox/journeys/{journey_id}/scenarios",
            get(scenario_list).post(scenario_create),
        )
        .route(
            "/sandbox/journeys/{journey_id}/scenarios/{name}",
            get(scenario_get).put(scenario_put).delete(scenario_delete),
        );
    Router::new()
        .route("/as/token.oauth2", post(token))
        .route("/auth/realms/go/protocol/openid-connect/token", post(token))
        .nest("/captain/api", journey().layer(Extension(Generation::V1)))
        .nest(
            "/v2/captain",
            journey().merge(scenarios).layer(Extension(Generation::V2)),
        )
        .route("/_sandbox/journeys", get(sb_journeys).post(sb_publish))
        .route(
            "/_sandbox/faults",
            get(sb_faults_get)
                .put(sb_faults_put)
                .delete(sb_faults_delete),
        )
        .route("/_sandbox/faults/script", post(sb_faults_script))
        .route(
            "/_sandbox/counters",
            get(sb_counters).delete(sb_counters_reset),
        )
        .route("/_sandbox/clock", get(sb_clock_get).post(sb_clock_post))
        .route(
            "/_sandbox/instances/{id}",
            get(sb_instance_get).post(sb_instance_status),
        )
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

/// Request ids, faults, counters, and GBG bodies for the router's own 404/405.
async fn outer(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let seq = shared
        .request_seq
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let request_id = format!("sbx-{seq:08x}-{}", shared.rng.id(8));
    let route = route_name(req.uri().path());
    let v1 = req.uri().path().starts_with("/captain/api/");
    let kill = req.extensions().get::<ConnKill>().cloned();
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
                Fault::Ok => next.run(req).await,
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

fn str_field<'a>(body: &'a Map<String, Value>, field: &str) -> Result<&'a str, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Err(ApiError::missing(field)),
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(_) => Err(ApiError::invalid(field, "a non-empty string")),
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

/// The common start of a call about one instance: check the token, parse the body,
/// read `instanceId`, and hold an end-user token to its own instance.
fn instance_request(
    shared: &Shared,
    headers: &HeaderMap,
    body: &Bytes,
    needs: Needs,
) -> Result<(Map<String, Value>, String), ApiError> {
    let bound = authorize(shared, headers, needs)?.bound();
    let body = json_body(body)?;
    let id = instance_id(&body)?;
    own_instance(&bound, &id)?;
    Ok((body, id))
}

fn own_instance(bound: &Option<String>, instance: &str) -> Result<(), ApiError> {
    match bound {
        Some(b) if b != instance => Err(ApiError::forbidden(
            "The end-user token was issued for another instance",
        )),
        _ => Ok(()),
    }
}

fn created(value: Value) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}

fn ok(value: Value) -> Response {
    Json(value).into_response()
}

// ---------------------------------------------------------------------------------
// Token endpoint

async fn token(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let oauth = |status: StatusCode, error: &str, description: &str| {
        (
            status,
            Json(json!({ "error": error, "error_description": description })),
        )
            .into_response()
    };
    let Ok(form) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return oauth(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be application/x-www-form-urlencoded",
        );
    };
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let creds = &shared.credentials;
    let client_ok = field("client_id") == Some(creds.client_id.as_str())
        && field("client_secret") == Some(creds.client_secret.as_str());
    match field("grant_type") {
        Some("password") => {
            for f in ["client_id", "client_secret", "username", "password"] {
                if field(f).is_none() {
                    return oauth(
                        StatusCode::BAD_REQUEST,
                        "invalid_request",
                        &format!("Missing form field `{f}`"),
                    );
                }
            }
            if !client_ok
                || field("username") != Some(creds.username.as_str())
                || field("password") != Some(creds.password.as_str())
            {
                return oauth(
                    StatusCode::UNAUTHORIZED,
                    "invalid_grant",
                    "Invalid client or user credentials",
                );
            }
        }
        Some("client_credentials") => {
            for f in ["client_id", "client_secret"] {
                if field(f).is_none() {
                    return oauth(
                        StatusCode::BAD_REQUEST,
                        "invalid_request",
                        &format!("Missing form field `{f}`"),
                    );
                }
            }
            if let Some(scope) = field("scope") {
                if scope != "gbg.token" {
                    return oauth(
                        StatusCode::BAD_REQUEST,
                        "invalid_scope",
                        "scope must be `gbg.token`",
                    );
                }
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
        None => {
            return oauth(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Missing form field `grant_type`",
            )
        }
    }
    let ttl = shared.token_ttl;
    let access_token = shared.issue(TokenKind::Customer, ttl);
    shared.count(|c| c.token_grants += 1);
    ok(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": ttl.as_secs(),
    }))
}

// ---------------------------------------------------------------------------------
// Journey API

async fn health() -> Response {
    ok(json!({ "message": "OK" }))
}

/// `?view=full|slim` on `state/fetch` and `interaction/fetch`.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ViewQuery {
    view: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Full,
    Slim,
}

impl ViewQuery {
    fn view(&self) -> Result<View, ApiError> {
        match self.view.as_deref() {
            None | Some("full") => Ok(View::Full),
            Some("slim") => Ok(View::Slim),
            Some(_) => Err(ApiError::invalid_in(
                "Query String",
                "view",
                "`full` or `slim`",
            )),
        }
    }
}

/// The scenario a start asks for: the `x-gbg-scenario` header names a stored one; the
/// body's `scenario` gives one inline.
fn start_scenario(
    shared: &Shared,
    headers: &HeaderMap,
    body: &Map<String, Value>,
    journey_id: &str,
) -> Result<Option<ScenarioData>, ApiError> {
    if let Some(inline) = body.get("scenario") {
        return serde_json::from_value::<ScenarioData>(inline.clone())
            .map(Some)
            .map_err(|_| {
                ApiError::invalid(
                    "scenario",
                    "{modules: {<key>: {outcome, advice?}}, defaultOutcome?, defaultAdvice?, description?}",
                )
            });
    }
    let Some(name) = headers.get(headers::SCENARIO) else {
        return Ok(None);
    };
    let name = name.to_str().unwrap_or_default();
    lock(&shared.scenarios)
        .get(journey_id)
        .and_then(|s| s.get(name))
        .map(|s| Some(s.data.clone()))
        .ok_or_else(|| {
            ApiError::invalid_in(
                "Header",
                headers::SCENARIO,
                "the name of a scenario of this journey (see /sandbox/journeys/{journeyId}/scenarios)",
            )
        })
}

async fn start(
    State(shared): State<Arc<Shared>>,
    Extension(generation): Extension<Generation>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    let body = json_body(&body)?;
    let resource_id = match body.get("resourceId").or_else(|| body.get("deliveryId")) {
        None | Some(Value::Null) => return Err(ApiError::missing("resourceId")),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(ApiError::invalid("resourceId", "a string `<id>@<version>`")),
    };
    let context = match body.get("context") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(ApiError::invalid("context", "an object")),
    };
    let empty = Map::new();
    let config = match context.get("config") {
        None | Some(Value::Null) if generation == Generation::V2 => {
            return Err(ApiError::missing("context.config"))
        }
        None | Some(Value::Null) => &empty,
        Some(Value::Object(config)) => config,
        Some(_) => return Err(ApiError::invalid("context.config", "an object")),
    };
    let delivery = match config.get("delivery") {
        Some(Value::String(d)) if !d.is_empty() => Some(d.clone()),
        None if generation == Generation::V1 => None,
        None => return Err(ApiError::missing("context.config.delivery")),
        Some(_) => {
            return Err(ApiError::invalid(
                "context.config.delivery",
                "a non-empty string (`page` or `api`)",
            ))
        }
    };
    let inline_result = match config.get("inlineResult") {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) if delivery.as_deref() == Some("api") => true,
        Some(Value::Bool(true)) => {
            return Err(ApiError::invalid(
                "context.config.inlineResult",
                "`true` only with `delivery: \"api\"`",
            ))
        }
        Some(_) => {
            return Err(ApiError::invalid(
                "context.config.inlineResult",
                "a boolean",
            ))
        }
    };
    match config.get("syncWaitSeconds") {
        None => {}
        Some(v) if v.as_u64().is_some_and(|n| n > 0) && inline_result => {}
        Some(_) => {
            return Err(ApiError::invalid(
                "context.config.syncWaitSeconds",
                "a positive integer, with `inlineResult: true`",
            ))
        }
    }
    let subject = match context.get("subject") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(s @ Value::Object(_)) => s.clone(),
        Some(_) => return Err(ApiError::invalid("context.subject", "an object")),
    };
    let (journey_id, journey_name, resolved, version) = {
        let catalog = shared.catalog.read().unwrap_or_else(|p| p.into_inner());
        match catalog.resolve(&resource_id) {
            Ok((j, v)) => (
                j.resource_id.clone(),
                j.name.clone(),
                format!("{}@{}", j.resource_id, v.version),
                v,
            ),
            Err(ResolveError::Malformed) => {
                return Err(ApiError::invalid(
                    "resourceId",
                    "`<id>@<version>` or `<id>@latest`",
                ))
            }
            Err(ResolveError::UnknownJourney) => {
                return Err(ApiError::not_found("Delivery / resource not found"))
            }
            Err(ResolveError::UnknownVersion) => {
                return Err(ApiError::not_found("Version not found for this resource"))
            }
        }
    };
    let scenario = start_scenario(&shared, &headers, &body, &journey_id)?;
    // Prefill: work out each task's fate before taking the lock.
    let has_prefill = subject.as_object().is_some_and(|m| !m.is_empty());
    let now = shared.clock.now();
    let mut tasks = Vec::with_capacity(version.tasks.len());
    let mut prefilled = 0;
    for (index, def) in version.tasks.iter().enumerate() {
        let violations = def.violations(&subject);
        let done = has_prefill && violations.is_empty();
        prefilled += u64::from(done);
        tasks.push(TaskState {
            id: shared.rng.id(24),
            index,
            status: if done {
                TaskStatus::Completed
            } else {
                TaskStatus::Assigned
            },
            data: None,
            completed_by: done.then_some("prefill"),
            pending: if has_prefill {
                violations
                    .into_iter()
                    .map(|v| Reason {
                        pointer: v.pointer,
                        keyword: v.keyword.to_owned(),
                        message: v.message,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        });
    }
    let id = shared.rng.id(22);
    let mut instance = Instance {
        id: id.clone(),
        resource_id: resolved,
        journey_id,
        journey_name,
        version: version.clone(),
        status: JourneyStatus::InProgress,
        created: now,
        completed: None,
        subject,
        tasks,
        collected: Default::default(),
        scenario,
        modules_started: None,
        decision: None,
        review: None,
        uploads: Default::default(),
        revision: 0,
    };
    for def in &version.tasks {
        instance.collect_present(&def.collects);
    }
    instance.settle(now);
    let mut out = json!({
        "instanceId": id,
        "status": "started",
        "message": format!("Journey {id} started successfully"),
    });
    if delivery.as_deref() == Some("page") {
        out["instanceUrl"] = json!(format!("/journey/{id}"));
    }
    if inline_result {
        // The sandbox's modules run on its own clock, so there is nothing to wait for:
        // the state is reported as it stands.
        out["status"] = json!(match instance.status {
            JourneyStatus::Completed => "completed",
            JourneyStatus::Failed => "failed",
            _ if instance.processing() => "pending",
            _ => "awaiting-input",
        });
        out["waitedSeconds"] = json!(0);
        out["state"] = json!(journey::full_state(&instance));
    }
    {
        let mut instances = lock(&shared.instances);
        for t in &instance.tasks {
            instances.task_owner.insert(t.id.clone(), id.clone());
        }
        instances.by_id.insert(id.clone(), instance);
    }
    shared.count(|c| {
        c.journeys_started += 1;
        c.prefill_completions += prefilled;
    });
    Ok(match generation {
        Generation::V1 => ok(out),
        Generation::V2 => created(out),
    })
}

fn instance_id(body: &Map<String, Value>) -> Result<String, ApiError> {
    str_field(body, "instanceId").map(str::to_owned)
}

fn not_found_instance() -> ApiError {
    ApiError::not_found("Journey not found")
}

/// Run `f` on an instance after moving its time forward.
fn with_instance<T>(
    shared: &Shared,
    id: &str,
    f: impl FnOnce(&mut Instance) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let now = shared.clock.now();
    let mut instances = lock(&shared.instances);
    let i = instances.by_id.get_mut(id).ok_or_else(not_found_instance)?;
    i.settle(now);
    f(i)
}

async fn state_fetch(
    State(shared): State<Arc<Shared>>,
    Extension(generation): Extension<Generation>,
    Query(query): Query<ViewQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let view = query.view()?;
    let (_, id) = instance_request(&shared, &headers, &body, Needs::Customer)?;
    with_instance(&shared, &id, |i| {
        Ok(match (generation, view) {
            (Generation::V1, _) => ok(json!(journey::v1_state(i))),
            (Generation::V2, View::Full) => ok(json!(journey::full_state(i))),
            (Generation::V2, View::Slim) => ok(json!(journey::slim_state(i))),
        })
    })
}

async fn state_delete(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let (_, id) = instance_request(&shared, &headers, &body, Needs::Customer)?;
    let mut instances = lock(&shared.instances);
    let i = instances.by_id.remove(&id).ok_or_else(not_found_instance)?;
    for t in &i.tasks {
        instances.task_owner.remove(&t.id);
    }
    drop(instances);
    // Tokens bound to the instance die with it.
    lock(&shared.tokens).retain(|_, t| match &t.kind {
        TokenKind::EndUser { instance, .. } | TokenKind::Connect { instance, .. } => {
            *instance != id
        }
        TokenKind::Customer => true,
    });
    Ok(ok(json!({
        "instanceId": id,
        "status": "deleted",
        "message": format!("Journey instance {id} deleted"),
    })))
}

async fn terminate(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let (body, id) = instance_request(&shared, &headers, &body, Needs::Customer)?;
    match body.get("reason") {
        None | Some(Value::Null | Value::String(_)) => {}
        Some(_) => return Err(ApiError::invalid("reason", "a string")),
    }
    let now = shared.clock.now();
    with_instance(&shared, &id, |i| {
        if i.terminate(now) {
            Ok(ok(json!({ "instanceId": i.id })))
        } else {
            Err(ApiError::journey_not_active(i.status.as_str()))
        }
    })
}

async fn schema_fetch(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    let body = json_body(&body)?;
    if !body.contains_key("resourceId") {
        return Err(ApiError::missing("resourceId"));
    }
    let request: SchemaFetchRequest =
        serde_json::from_value(Value::Object(body)).map_err(|_| {
            ApiError::invalid(
                "body",
                "{resourceId, interactionId?, instruction?} and nothing else",
            )
        })?;
    if request.resource_id.len() > 256 {
        return Err(ApiError::invalid("resourceId", "at most 256 characters"));
    }
    if request.instruction.is_some() && request.interaction_id.is_none() {
        return Err(ApiError::invalid(
            "instruction",
            "given with `interactionId`",
        ));
    }
    let catalog = shared.catalog.read().unwrap_or_else(|p| p.into_inner());
    let (journey, version) = match catalog.resolve(&request.resource_id) {
        Ok(found) => found,
        Err(ResolveError::Malformed) => {
            return Err(ApiError::invalid(
                "resourceId",
                "`<id>@<version>` or `<id>@latest`",
            ))
        }
        Err(_) => return Err(ApiError::not_found("Delivery / resource not found")),
    };
    if let Some(wanted) = &request.interaction_id {
        if !version.tasks.iter().any(|t| t.name == *wanted) {
            return Err(ApiError::unprocessable(
                format!("Unknown interaction `{}`", text::printable_clipped(wanted, 64)),
                "Use an interaction id from the journey's design (schema/fetch without interactionId lists them)",
            ));
        }
    }
    if let Some(instruction) = &request.instruction {
        return Err(ApiError::unprocessable(
            format!(
                "Unknown instruction `{}` for this interaction",
                text::printable_clipped(instruction, 64)
            ),
            "The sandbox's interactions have no instruction variants",
        ));
    }
    let schemas = version
        .tasks
        .iter()
        .filter(|t| request.interaction_id.as_ref().is_none_or(|w| *w == t.name))
        .map(|t| InteractionSchema {
            interaction_id: t.name.clone(),
            instruction: None,
            schema: (*t.schema).clone(),
        })
        .collect();
    Ok(ok(json!(SchemaFetchResponse {
        delivery_id: journey.resource_id.clone(),
        resolved_version: version.version.clone(),
        schemas,
    })))
}

async fn task_list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let needs = shared.end_user_call();
    let (_, id) = instance_request(&shared, &headers, &body, needs)?;
    with_instance(&shared, &id, |i| {
        let tasks: Vec<Value> = i
            .tasks
            .iter()
            .filter(|t| t.status != TaskStatus::Completed)
            .map(|t| json!({ "taskId": t.id }))
            .collect();
        Ok(ok(json!({
            "instanceId": i.id,
            "status": i.status.as_str(),
            "tasks": tasks,
        })))
    })
}

/// Find a task: the instance that owns it and its index.
fn find_task<'a>(
    instances: &'a crate::state::Instances,
    task_id: &str,
) -> Result<(&'a Instance, usize), ApiError> {
    let owner = instances
        .task_owner
        .get(task_id)
        .ok_or_else(|| ApiError::not_found("Task not found"))?;
    let i = instances
        .by_id
        .get(owner)
        .ok_or_else(|| ApiError::not_found("Task not found"))?;
    let index = i
        .tasks
        .iter()
        .position(|t| t.id == task_id)
        .ok_or_else(|| ApiError::not_found("Task not found"))?;
    Ok((i, index))
}

async fn task_schema(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    let body = json_body(&body)?;
    let task_id = str_field(&body, "taskId")?;
    let instances = lock(&shared.instances);
    let (i, index) = find_task(&instances, task_id)?;
    if let Some(Value::String(given)) = body.get("instanceId") {
        if *given != i.id {
            return Err(ApiError::not_found("Task not found in this instance"));
        }
    }
    Ok(ok((*i.version.tasks[index].schema).clone()))
}

async fn task_list_schema(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let (_, id) = instance_request(&shared, &headers, &body, Needs::Customer)?;
    with_instance(&shared, &id, |i| {
        let mut tasks = Vec::new();
        let mut schemas = Map::new();
        for t in i.tasks.iter().filter(|t| t.status != TaskStatus::Completed) {
            tasks.push(
                json!({ "taskId": t.id, "schema": { "$ref": format!("#/schemas/{}", t.id) } }),
            );
            schemas.insert(t.id.clone(), (*i.version.tasks[t.index].schema).clone());
        }
        Ok(ok(json!({
            "instanceId": i.id,
            "status": i.status.as_str(),
            "tasks": tasks,
            "schemas": schemas,
        })))
    })
}

/// How many times a transition is retried when the instance changed between the
/// snapshot a handler validated and the moment it applies the result.
const APPLY_ATTEMPTS: usize = 16;

fn busy() -> ApiError {
    ApiError::conflict(
        "The instance changed while this request was checked",
        "Retry the request",
    )
}

async fn task_update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let needs = shared.end_user_call();
    let (body, id) = instance_request(&shared, &headers, &body, needs)?;
    let task_id = str_field(&body, "taskId")?.to_owned();
    let intent = str_field(&body, "intent")?;
    // GO's enum is `Save | Complete | Validate`; its guide also writes `COMPLETE`.
    let intent = match intent.to_ascii_lowercase().as_str() {
        "save" => Intent::Save,
        "complete" => Intent::Complete,
        "validate" => Intent::Validate,
        _ => {
            return Err(ApiError::invalid(
                "intent",
                "`Save`, `Complete` or `Validate`",
            ))
        }
    };
    let data = match body.get("context") {
        None | Some(Value::Null) => None,
        Some(Value::Object(c)) => match c.get("subject") {
            None | Some(Value::Null) => None,
            Some(s @ Value::Object(_)) => Some(s.clone()),
            Some(_) => return Err(ApiError::invalid("context.subject", "an object")),
        },
        Some(_) => return Err(ApiError::invalid("context", "an object")),
    };
    for _ in 0..APPLY_ATTEMPTS {
        // Snapshot, validate outside the lock, apply if nothing changed meanwhile.
        let (def, saved, revision) = {
            let instances = lock(&shared.instances);
            let (i, index) = find_task(&instances, &task_id)?;
            if i.id != id {
                return Err(ApiError::not_found("Task not found in this instance"));
            }
            (
                i.version.tasks[index].clone(),
                i.tasks[index].data.clone(),
                i.revision(),
            )
        };
        let data = data
            .clone()
            .or(saved)
            .unwrap_or_else(|| Value::Object(Map::new()));
        let violations = if intent == Intent::Save {
            Vec::new()
        } else {
            def.document_violations(&data)
        };
        let now = shared.clock.now();
        let mut instances = lock(&shared.instances);
        let i = instances
            .by_id
            .get_mut(&id)
            .ok_or_else(not_found_instance)?;
        i.settle(now);
        if i.status != JourneyStatus::InProgress {
            return Err(ApiError::journey_not_active(i.status.as_str()));
        }
        let Some(index) = i.tasks.iter().position(|t| t.id == task_id) else {
            return Err(ApiError::not_found("Task not found"));
        };
        if i.tasks[index].status == TaskStatus::Completed {
            drop(instances);
            if intent != Intent::Validate {
                shared.count(|c| c.duplicate_submissions += 1);
            }
            return Err(ApiError::task_not_active());
        }
        if i.revision() != revision {
            continue;
        }
        if !violations.is_empty() {
            return Err(ApiError::invalid_data(&violations));
        }
        match intent {
            Intent::Save => i.save_task(index, data),
            Intent::Complete => {
                merge(&mut i.subject, &data);
                i.tasks[index].data = Some(data);
                i.complete_task(index, "submission", now);
            }
            _ => {}
        }
        drop(instances);
        if intent != Intent::Validate {
            shared.count(|c| {
                *c.task_submissions.entry(task_id.clone()).or_default() += 1;
                if intent == Intent::Complete {
                    *c.task_completions.entry(task_id.clone()).or_default() += 1;
                }
            });
        }
        return Ok(ok(json!({ "instanceId": id, "taskId": task_id })));
    }
    Err(busy())
}

async fn device_start(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let (body, id) = instance_request(&shared, &headers, &body, Needs::Customer)?;
    let scope = match body.get("scope") {
        None | Some(Value::Null) => json!(["any"]),
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => Value::Array(a.clone()),
        Some(_) => return Err(ApiError::invalid("scope", "array")),
    };
    if !lock(&shared.instances).by_id.contains_key(&id) {
        return Err(not_found_instance());
    }
    let token = shared.issue(
        TokenKind::Connect {
            instance: id,
            used: false,
            joined: false,
        },
        CONNECT_TTL,
    );
    Ok(created(json!({
        "connectToken": token,
        "tokenType": "connect",
        "expiresIn": CONNECT_TTL.as_secs(),
        "scope": scope,
    })))
}

fn end_user_session(
    shared: &Shared,
    instance: &str,
    joined: bool,
    credential: Option<String>,
) -> Value {
    let ttl = shared.token_ttl;
    let token = shared.issue(
        TokenKind::EndUser {
            instance: instance.to_owned(),
            joined,
        },
        ttl,
    );
    let now = shared.clock.now();
    let (credential, expires) = match credential {
        Some(c) => {
            let expires = lock(&shared.resume).get(&c).map(|(_, e)| *e).unwrap_or(now);
            (c, expires)
        }
        None => {
            let c = shared.rng.id(40);
            let expires = now + RESUME_TTL;
            lock(&shared.resume).insert(c.clone(), (instance.to_owned(), expires));
            (c, expires)
        }
    };
    json!({
        "endUserToken": token,
        "tokenType": "end-user",
        "expiresIn": ttl.as_secs(),
        "instanceId": instance,
        "resumeCredential": credential,
        "credentialExpiresAt": rfc3339(expires),
        "credentialExpiresIn": expires.duration_since(now).unwrap_or_default().as_secs(),
    })
}

async fn device_connect(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    // The connect secret is the Bearer token; GO's older form puts it in the body.
    let body = if body.is_empty() {
        Map::new()
    } else {
        json_body(&body)?
    };
    let secret = bearer(&headers)
        .map(str::to_owned)
        .or_else(|| {
            body.get("connectToken")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .ok_or_else(|| ApiError::unauthorized("Missing connect secret (Authorization: Bearer)"))?;
    let now = shared.clock.now();
    let (instance, joined) = {
        let mut tokens = lock(&shared.tokens);
        let invalid = || ApiError::unauthorized("Invalid connect secret");
        let token = tokens.get_mut(&secret).ok_or_else(invalid)?;
        let TokenKind::Connect {
            instance,
            used,
            joined,
        } = &mut token.kind
        else {
            return Err(invalid());
        };
        if *used {
            return Err(ApiError::unauthorized("Connect secret already used"));
        }
        if token.expires <= now {
            return Err(ApiError::unauthorized("Connect secret expired"));
        }
        *used = true;
        (instance.clone(), *joined)
    };
    if !lock(&shared.instances).by_id.contains_key(&instance) {
        return Err(not_found_instance());
    }
    Ok(created(end_user_session(&shared, &instance, joined, None)))
}

async fn device_refresh(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let credential = str_field(&body, "resumeCredential")?.to_owned();
    let now = shared.clock.now();
    let instance = match lock(&shared.resume).get(&credential) {
        Some((instance, expires)) if *expires > now => instance.clone(),
        Some(_) => return Err(ApiError::unauthorized("Resume credential expired")),
        None => return Err(ApiError::unauthorized("Invalid resume credential")),
    };
    if !lock(&shared.instances).by_id.contains_key(&instance) {
        return Err(not_found_instance());
    }
    let mut out = end_user_session(&shared, &instance, false, Some(credential));
    out["linkExpiresAt"] = out["credentialExpiresAt"].clone();
    Ok(created(out))
}

/// A stable, non-reversible id for a token (FNV-1a), so `device/validate` can name the
/// session without echoing the token.
fn session_id(token: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in token.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("sbx-session-{h:016x}")
}

async fn device_validate(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> ApiResult {
    let caller = authorize(&shared, &headers, Needs::EndUser)?;
    let Caller::EndUser { instance, .. } = caller else {
        return Err(ApiError::unauthorized("Invalid token"));
    };
    let token = bearer(&headers).unwrap_or_default();
    let expires = lock(&shared.tokens)
        .get(token)
        .map(|t| t.expires)
        .unwrap_or_else(|| shared.clock.now());
    Ok(ok(json!({
        "valid": true,
        "sessionId": session_id(token),
        "instanceId": instance,
        "orgId": "sandbox",
        "expiresAt": rfc3339(expires),
    })))
}

async fn handoff_token(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    let caller = authorize(&shared, &headers, Needs::EndUserOrCustomer)?;
    match caller {
        Caller::Customer => {
            return Err(ApiError::forbidden(
                "A hand-off token is minted with the end-user token of the device that started the journey",
            ))
        }
        Caller::EndUser { joined: true, .. } => {
            return Err(ApiError::forbidden(
                "A device that joined by hand-off cannot hand off again",
            ))
        }
        Caller::EndUser { instance, .. } if instance != id => {
            return Err(ApiError::forbidden(
                "The end-user token was issued for another instance",
            ))
        }
        Caller::EndUser { .. } => {}
    }
    with_instance(&shared, &id, |i| {
        if i.status != JourneyStatus::InProgress {
            return Err(ApiError::journey_not_active(i.status.as_str()));
        }
        Ok(())
    })?;
    let secret = shared.issue(
        TokenKind::Connect {
            instance: id.clone(),
            used: false,
            joined: true,
        },
        CONNECT_TTL,
    );
    Ok(created(json!({
        "instanceUrl": format!("/journey/{id}?connectToken={secret}"),
        "devicePosition": "origin",
        "expiresIn": CONNECT_TTL.as_secs(),
    })))
}

/// `participants[]`: `{domainElementId, instructions?}` items.
fn parse_participants(body: &Map<String, Value>) -> Result<Vec<DomainElement>, ApiError> {
    let shape = || ApiError::invalid("participants", "an array of {domainElementId: string}");
    match body.get("participants") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|p| {
                p.get("domainElementId")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        let Ok(r) = s.parse::<ElementRef>();
                        r.element
                    })
                    .ok_or_else(shape)
            })
            .collect(),
        Some(_) => Err(shape()),
    }
}

/// `context.reviewers`: at most one `{manualReview: {decision: 0–9, notes?: ≤500}}`.
fn parse_reviewers(context: &Map<String, Value>) -> Result<Option<Value>, ApiError> {
    let Some(reviewers) = context.get("reviewers") else {
        return Ok(None);
    };
    let shape = || {
        ApiError::invalid(
            "context.reviewers",
            "at most one {manualReview: {decision: 0-9, notes?: up to 500 characters}}",
        )
    };
    let list: Vec<Reviewer> = serde_json::from_value(reviewers.clone()).map_err(|_| shape())?;
    if list.len() > 1 {
        return Err(shape());
    }
    for r in &list {
        if r.manual_review.decision > 9
            || r.manual_review
                .notes
                .as_ref()
                .is_some_and(|n| n.chars().count() > 500)
        {
            return Err(shape());
        }
    }
    Ok(list.into_iter().next().map(|r| json!(r.manual_review)))
}

async fn interaction_fetch(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<ViewQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let view = query.view()?;
    let needs = shared.end_user_call();
    let (body, id) = instance_request(&shared, &headers, &body, needs)?;
    match body.get("scope") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if FetchScope::parse(s) != FetchScope::Other(s.clone()) => {}
        Some(_) => return Err(ApiError::invalid("scope", "`subject` or `reviewer`")),
    }
    for _ in 0..APPLY_ATTEMPTS {
        // Snapshot, judge the data outside the lock, answer if nothing changed.
        let snapshot = with_instance(&shared, &id, |i| {
            if i.status != JourneyStatus::InProgress {
                return Ok(Err(match view {
                    View::Full => journey::ended_interaction(i),
                    View::Slim => journey::slim_interaction(i, &journey::interaction_view(i, None)),
                }));
            }
            Ok(Ok(i.current_task().filter(|_| !i.processing()).map(
                |index| {
                    (
                        i.version.tasks[i.tasks[index].index].clone(),
                        i.subject.clone(),
                        i.revision(),
                    )
                },
            )))
        })?;
        let snapshot = match snapshot {
            Err(ended) => return Ok(ok(ended)),
            Ok(s) => s,
        };
        let progress = snapshot
            .as_ref()
            .map(|(def, subject, _)| journey::progress(def, subject));
        let answer = with_instance(&shared, &id, |i| {
            if snapshot
                .as_ref()
                .is_some_and(|(_, _, rev)| *rev != i.revision())
            {
                return Ok(None);
            }
            let full = journey::interaction_view(i, progress.as_ref());
            Ok(Some(match view {
                View::Full => json!(full),
                View::Slim => journey::slim_interaction(i, &full),
            }))
        })?;
        if let Some(answer) = answer {
            return Ok(ok(answer));
        }
    }
    Err(busy())
}

async fn interaction_submit(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let needs = shared.end_user_call();
    let (body, id) = instance_request(&shared, &headers, &body, needs)?;
    let interaction = str_field(&body, "interactionId")?.to_owned();
    let named = parse_participants(&body)?;
    let (patch, review) = match body.get("context") {
        Some(Value::Object(c)) => {
            let review = parse_reviewers(c)?;
            match c.get("subject") {
                Some(s @ Value::Object(_)) => (s.clone(), review),
                None | Some(Value::Null) => return Err(ApiError::missing("context.subject")),
                Some(_) => return Err(ApiError::invalid("context.subject", "an object")),
            }
        }
        None | Some(Value::Null) => return Err(ApiError::missing("context")),
        Some(_) => return Err(ApiError::invalid("context", "an object")),
    };
    for _ in 0..APPLY_ATTEMPTS {
        let (def, held, index, revision) = with_instance(&shared, &id, |i| {
            if i.status != JourneyStatus::InProgress {
                return Err(ApiError::journey_not_active(i.status.as_str()));
            }
            let current = i.current_task().filter(|_| !i.processing());
            match current {
                Some(index) if journey::interaction_id(i, index) == interaction => Ok((
                    i.version.tasks[i.tasks[index].index].clone(),
                    i.subject.clone(),
                    index,
                    i.revision(),
                )),
                _ => Err(ApiError::invalid(
                    "interactionId",
                    "the current interaction's id (from journey/interaction/fetch)",
                )),
            }
        })?;
        let mut merged = held.clone();
        merge(&mut merged, &patch);
        let progress = journey::submit_progress(&def, &held, &patch, &merged);
        // Partial submissions are fine; data that is present but breaks a rule is not.
        if !progress.broken.is_empty() {
            return Err(ApiError::invalid_data(&progress.broken));
        }
        let now = shared.clock.now();
        let applied = with_instance(&shared, &id, |i| {
            if i.revision() != revision {
                return Ok(None);
            }
            if review.is_some() {
                i.review = review.clone();
            }
            i.apply_submit(index, merged, &named, &progress, now);
            let task = &i.tasks[index];
            Ok(Some((
                task.id.clone(),
                task.status == TaskStatus::Completed,
            )))
        })?;
        let Some((task_id, completed)) = applied else {
            continue;
        };
        shared.count(|c| {
            c.interaction_submissions += 1;
            *c.task_submissions.entry(task_id.clone()).or_default() += 1;
            if completed {
                *c.task_completions.entry(task_id).or_default() += 1;
            }
        });
        return Ok(ok(json!({ "status": "success" })));
    }
    Err(busy())
}

/// `POST /journey/interaction/asset/upload`: raw image bytes, identified by the
/// `X-Instance-Id`, `X-Interaction-Id` and `X-Domain-Element-Id` headers.
async fn asset_upload(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let caller = authorize(&shared, &headers, shared.end_user_call())?;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                let mut e = ApiError::missing(name);
                e.errors[0].location = Some("Header".into());
                e
            })
    };
    let id = header(headers::INSTANCE_ID)?;
    let interaction = header(headers::INTERACTION_ID)?;
    let element = header(headers::DOMAIN_ELEMENT_ID)?;
    if let Caller::EndUser { instance, .. } = &caller {
        own_instance(&Some(instance.clone()), &id)?;
    }
    if !UPLOADABLE.contains(&element.as_str()) {
        return Err(ApiError::unprocessable(
            format!(
                "`{}` cannot be uploaded",
                text::printable_clipped(&element, 64)
            ),
            format!(
                "Upload one of {}, or submit the asset inline (base64)",
                UPLOADABLE.join(", ")
            ),
        ));
    }
    if body.is_empty() {
        return Err(ApiError::invalid("body", "the image bytes"));
    }
    let key = format!("gofs://sandbox/{id}/{}", shared.rng.id(24));
    with_instance(&shared, &id, |i| {
        if i.status != JourneyStatus::InProgress {
            return Err(ApiError::journey_not_active(i.status.as_str()));
        }
        let Some(index) = i.current_task().filter(|_| !i.processing()) else {
            return Err(ApiError::conflict(
                "There is no current interaction",
                "Fetch the interaction and upload while it collects the element",
            ));
        };
        if journey::interaction_id(i, index) != interaction {
            return Err(ApiError::conflict(
                "X-Interaction-Id is not the current interaction",
                "Use the interactionId from journey/interaction/fetch",
            ));
        }
        let Ok(r) = element.parse::<ElementRef>();
        let def = &i.version.tasks[i.tasks[index].index];
        if !def.collects.iter().any(|c| c.element == r.element) {
            return Err(ApiError::conflict(
                "The current interaction does not collect this element",
                "Upload only elements the interaction's collects name",
            ));
        }
        i.uploads.insert(key.clone(), element.clone());
        Ok(())
    })?;
    Ok(ok(json!(AssetUploadResponse {
        domain_element_id: element,
        gofs_key: key,
    })))
}

// ---------------------------------------------------------------------------------
// Sandbox scenarios (`/v2/captain/sandbox/journeys/{journeyId}/scenarios`)

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ScenarioQuery {
    include_platform: Option<String>,
}

impl ScenarioQuery {
    fn check(&self) -> Result<(), ApiError> {
        match self.include_platform.as_deref() {
            None | Some("true" | "false") => Ok(()),
            Some(_) => Err(ApiError::invalid_in(
                "Query String",
                "includePlatform",
                "`true` or `false`",
            )),
        }
    }
}

fn scenario_journey(shared: &Shared, journey_id: &str) -> Result<(), ApiError> {
    if !gbg_go_wire::scenario::valid_name(journey_id, 128) {
        let mut e = ApiError::invalid("journeyId", "1-128 letters, digits, `_` or `-`");
        e.errors[0].location = Some("Path".into());
        return Err(e);
    }
    let catalog = shared.catalog.read().unwrap_or_else(|p| p.into_inner());
    if catalog.journeys.contains_key(journey_id) {
        Ok(())
    } else {
        Err(ApiError::not_found("Journey not found"))
    }
}

fn scenario_json(journey_id: &str, name: &str, s: &StoredScenario) -> Value {
    json!(Scenario {
        name: name.to_owned(),
        journey_id: journey_id.to_owned(),
        tier: ScenarioTier::Org,
        data: s.data.clone(),
        last_modified_time: rfc3339(s.modified),
        last_modified_by: "sandbox".into(),
    })
}

fn scenario_body<T: serde::de::DeserializeOwned>(
    body: &Bytes,
    expected: &str,
) -> Result<T, ApiError> {
    let value = json_body(body)?;
    serde_json::from_value(Value::Object(value)).map_err(|_| ApiError::invalid("body", expected))
}

async fn scenario_create(
    State(shared): State<Arc<Shared>>,
    Path(journey_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    scenario_journey(&shared, &journey_id)?;
    let create: CreateScenario = scenario_body(
        &body,
        "{name, data: {modules: {<key>: {outcome, advice?}}, defaultOutcome?, defaultAdvice?, description?}}",
    )?;
    if !gbg_go_wire::scenario::valid_name(&create.name, 64) {
        return Err(ApiError::invalid(
            "name",
            "1-64 letters, digits, `_` or `-`",
        ));
    }
    let mut all = lock(&shared.scenarios);
    let scenarios = all.entry(journey_id.clone()).or_default();
    if scenarios.contains_key(&create.name) {
        return Err(ApiError::conflict(
            format!("Scenario `{}` already exists", create.name),
            "Replace it with PUT, or choose another name",
        ));
    }
    scenarios.insert(
        create.name.clone(),
        StoredScenario {
            data: create.data,
            modified: shared.clock.now(),
        },
    );
    Ok(created(json!(ScenarioCreated {
        name: create.name,
        journey_id,
        tier: ScenarioTier::Org,
    })))
}

async fn scenario_list(
    State(shared): State<Arc<Shared>>,
    Path(journey_id): Path<String>,
    Query(query): Query<ScenarioQuery>,
    headers: HeaderMap,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    query.check()?;
    scenario_journey(&shared, &journey_id)?;
    let all = lock(&shared.scenarios);
    let list: Vec<ScenarioSummary> = all
        .get(&journey_id)
        .into_iter()
        .flatten()
        .map(|(name, s)| ScenarioSummary {
            name: name.clone(),
            tier: ScenarioTier::Org,
            editable: true,
            description: s.data.description.clone(),
            last_modified_time: rfc3339(s.modified),
            last_modified_by: "sandbox".into(),
        })
        .collect();
    Ok(ok(json!(list)))
}

fn scenario_name(name: &str) -> Result<(), ApiError> {
    if gbg_go_wire::scenario::valid_name(name, 64) {
        Ok(())
    } else {
        let mut e = ApiError::invalid("name", "1-64 letters, digits, `_` or `-`");
        e.errors[0].location = Some("Path".into());
        Err(e)
    }
}

async fn scenario_get(
    State(shared): State<Arc<Shared>>,
    Path((journey_id, name)): Path<(String, String)>,
    Query(query): Query<ScenarioQuery>,
    headers: HeaderMap,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    query.check()?;
    scenario_journey(&shared, &journey_id)?;
    scenario_name(&name)?;
    let all = lock(&shared.scenarios);
    all.get(&journey_id)
        .and_then(|s| s.get(&name))
        .map(|s| ok(scenario_json(&journey_id, &name, s)))
        .ok_or_else(|| ApiError::not_found("Scenario not found"))
}

async fn scenario_put(
    State(shared): State<Arc<Shared>>,
    Path((journey_id, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    scenario_journey(&shared, &journey_id)?;
    scenario_name(&name)?;
    let replace: ReplaceScenario = scenario_body(
        &body,
        "{data: {modules: {<key>: {outcome, advice?}}, defaultOutcome?, defaultAdvice?, description?}}",
    )?;
    let mut all = lock(&shared.scenarios);
    let Some(stored) = all.get_mut(&journey_id).and_then(|s| s.get_mut(&name)) else {
        return Err(ApiError::not_found("Scenario not found"));
    };
    stored.data = replace.data;
    stored.modified = shared.clock.now();
    Ok(ok(scenario_json(&journey_id, &name, stored)))
}

async fn scenario_delete(
    State(shared): State<Arc<Shared>>,
    Path((journey_id, name)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    scenario_journey(&shared, &journey_id)?;
    scenario_name(&name)?;
    let mut all = lock(&shared.scenarios);
    match all.get_mut(&journey_id).and_then(|s| s.remove(&name)) {
        Some(_) => Ok(StatusCode::NO_CONTENT.into_response()),
        None => Err(ApiError::not_found("Scenario not found")),
    }
}

// ---------------------------------------------------------------------------------
// /_sandbox

async fn sb_journeys(State(shared): State<Arc<Shared>>) -> Response {
    let catalog = shared.catalog.read().unwrap_or_else(|p| p.into_inner());
    ok(json!(catalog.summaries()))
}

/// Publish a journey definition (the `*.journey.json` form, schemas inline).
async fn sb_publish(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    crate::publish_bytes(&shared, &body)
        .map(|summary| created(json!(summary)))
        .map_err(|message| {
            let mut e = ApiError::invalid("journey definition", "a valid definition");
            e.status = if message.contains("immutable") {
                StatusCode::CONFLICT
            } else {
                StatusCode::BAD_REQUEST
            };
            e.errors[0].problem = message;
            e.errors[0].action =
                "Fix the definition; publish a new version to change a journey".into();
            e
        })
}

async fn sb_faults_get(State(shared): State<Arc<Shared>>) -> Response {
    ok(json!(shared.faults.get()))
}

async fn sb_faults_put(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let faults: Faults = serde_json::from_slice(&body).map_err(|e| {
        let mut err = ApiError::malformed(format!("not a fault configuration: {e}"));
        err.errors[0].action = "See the sandbox's faults documentation".into();
        err
    })?;
    shared.faults.set(faults);
    Ok(ok(json!(shared.faults.get())))
}

async fn sb_faults_delete(State(shared): State<Arc<Shared>>) -> Response {
    shared.faults.set(Faults::default());
    ok(json!(shared.faults.get()))
}

async fn sb_faults_script(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let route = str_field(&body, "route")?.to_owned();
    let steps = str_field(&body, "steps")?;
    let steps = crate::faults::parse_script(steps).map_err(|e| {
        let mut err = ApiError::invalid("steps", "outcomes such as `500,500,ok`");
        err.errors[0].problem = e;
        err
    })?;
    shared.faults.script(&route, steps);
    Ok(ok(json!(shared.faults.get())))
}

async fn sb_counters(State(shared): State<Arc<Shared>>) -> Response {
    ok(json!(*lock(&shared.counters)))
}

async fn sb_counters_reset(State(shared): State<Arc<Shared>>) -> Response {
    *lock(&shared.counters) = Default::default();
    ok(json!(*lock(&shared.counters)))
}

fn clock_json(now: SystemTime) -> Value {
    json!({ "now": rfc3339(now) })
}

async fn sb_clock_get(State(shared): State<Arc<Shared>>) -> Response {
    ok(clock_json(shared.clock.now()))
}

/// `{"now": "<RFC 3339>"}` sets the clock; `{"advanceSeconds": n}` moves it forward.
async fn sb_clock_post(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    if let Some(now) = body.get("now") {
        let t = now
            .as_str()
            .and_then(parse_rfc3339)
            .ok_or_else(|| ApiError::invalid("now", "an RFC 3339 timestamp"))?;
        shared.clock.set(t);
    }
    if let Some(secs) = body.get("advanceSeconds") {
        let secs = secs
            .as_f64()
            .filter(|s| *s >= 0.0 && s.is_finite())
            .ok_or_else(|| ApiError::invalid("advanceSeconds", "a non-negative number"))?;
        shared.clock.advance(Duration::from_secs_f64(secs));
    }
    Ok(ok(clock_json(shared.clock.now())))
}

/// `{"status": "Failed" | "Paused" | "InProgress"}`: move an instance to a status
/// GO reaches through its modules, so clients can be tested against it.
async fn sb_instance_status(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = json_body(&body)?;
    let status = match str_field(&body, "status")? {
        "Failed" => JourneyStatus::Failed,
        "Paused" => JourneyStatus::Paused,
        "InProgress" => JourneyStatus::InProgress,
        _ => {
            return Err(ApiError::invalid(
                "status",
                "`Failed`, `Paused` or `InProgress`",
            ))
        }
    };
    let now = shared.clock.now();
    with_instance(&shared, &id, |i| {
        i.set_status(status, now);
        Ok(ok(journey::sandbox_view(i)))
    })
}

/// What only the sandbox knows about an instance: task states, why a task is pending
/// after prefill, the collected elements, the scenario and the decision.
async fn sb_instance_get(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> ApiResult {
    with_instance(&shared, &id, |i| Ok(ok(journey::sandbox_view(i))))
}
