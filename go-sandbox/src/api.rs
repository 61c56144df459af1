//! The HTTP surface: GO's token endpoint and journey API, plus `/_sandbox/*`.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde_json::{json, Map, Value};

use crate::catalog::{self, ResolveError};
use crate::clock::{parse_rfc3339, rfc3339};
use crate::error::ApiError;
use crate::faults::{Fault, Faults};
use crate::state::{
    lock, merge, Instance, JourneyStatus, Reason, Shared, TaskState, TaskStatus, TokenKind,
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
    };
    Router::new()
        .route("/as/token.oauth2", post(token))
        .route("/auth/realms/go/protocol/openid-connect/token", post(token))
        .nest("/captain/api", journey().layer(Extension(Generation::V1)))
        .nest("/v2/captain", journey().layer(Extension(Generation::V2)))
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
        .route("/_sandbox/instances/{id}", post(sb_instance_status))
        .fallback(|| async { ApiError::route_not_found() })
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

/// Check the bearer token. Returns the instance an end-user token is bound to.
fn authorize(
    shared: &Shared,
    headers: &HeaderMap,
    needs: Needs,
) -> Result<Option<String>, ApiError> {
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
        (TokenKind::Customer, Needs::Customer | Needs::EndUserOrCustomer) => Ok(None),
        (TokenKind::EndUser { instance }, Needs::EndUser | Needs::EndUserOrCustomer) => {
            Ok(Some(instance.clone()))
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
    let bound = authorize(shared, headers, needs)?;
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

fn violations_of(task: &catalog::TaskDef, subject: &Value) -> Vec<gbg_go_schema::Violation> {
    let doc = json!({ "context": { "subject": subject } });
    task.validator.validate(&doc)
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
    let delivery = match context.get("config") {
        None | Some(Value::Null) if generation == Generation::V2 => {
            return Err(ApiError::missing("context.config"))
        }
        None | Some(Value::Null) => None,
        Some(Value::Object(config)) => match config.get("delivery") {
            Some(Value::String(d)) if !d.is_empty() => Some(d.clone()),
            None if generation == Generation::V1 => None,
            None => return Err(ApiError::missing("context.config.delivery")),
            Some(_) => {
                return Err(ApiError::invalid(
                    "context.config.delivery",
                    "a non-empty string (`page` or `api`)",
                ))
            }
        },
        Some(_) => return Err(ApiError::invalid("context.config", "an object")),
    };
    let subject = match context.get("subject") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(s @ Value::Object(_)) => s.clone(),
        Some(_) => return Err(ApiError::invalid("context.subject", "an object")),
    };
    let (journey_name, resolved, version) = {
        let catalog = shared.catalog.read().unwrap_or_else(|p| p.into_inner());
        match catalog.resolve(&resource_id) {
            Ok((j, v)) => (
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
    // Prefill: work out each task's fate before taking the lock.
    let has_prefill = subject.as_object().is_some_and(|m| !m.is_empty());
    let now = shared.clock.now();
    let mut tasks = Vec::with_capacity(version.tasks.len());
    let mut prefilled = 0;
    for (index, def) in version.tasks.iter().enumerate() {
        let violations = violations_of(def, &subject);
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
        journey_name,
        version,
        status: JourneyStatus::InProgress,
        created: now,
        completed: None,
        subject,
        tasks,
    };
    instance.settle(now);
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
    let mut out = json!({
        "instanceId": id,
        "status": "started",
        "message": format!("Journey {id} started successfully"),
    });
    if delivery.as_deref() == Some("page") {
        out["instanceUrl"] = json!(format!("/journey/{id}"));
    }
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

fn state_json(i: &Instance) -> Value {
    let tasks: Vec<Value> = i
        .tasks
        .iter()
        .map(|t| {
            let mut v = json!({
                "taskId": t.id,
                "name": i.version.tasks[t.index].name,
                "state": t.status,
            });
            if let Some(by) = t.completed_by {
                v["completedBy"] = json!(by);
            }
            if t.status != TaskStatus::Completed && !t.pending.is_empty() {
                v["pendingReasons"] = json!(t.pending);
            }
            v
        })
        .collect();
    json!({
        "instanceId": i.id,
        "status": i.status.as_str(),
        "metaData": {
            "createdTime": rfc3339(i.created),
            "completedTime": i.completed.map(rfc3339).unwrap_or_default(),
            "resourceId": i.resource_id,
            "journeyName": i.journey_name,
            "tasks": tasks,
        },
        "context": { "subject": i.subject },
        "data": {},
    })
}

async fn state_fetch(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let (_, id) = instance_request(&shared, &headers, &body, Needs::Customer)?;
    let instances = lock(&shared.instances);
    let i = instances.by_id.get(&id).ok_or_else(not_found_instance)?;
    Ok(ok(state_json(i)))
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
        TokenKind::EndUser { instance } | TokenKind::Connect { instance, .. } => *instance != id,
        TokenKind::Customer => true,
    });
    Ok(ok(json!({
        "instanceId": id,
        "status": "deleted",
        "message": format!("Journey instance {id} deleted"),
    })))
}

async fn task_list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let (_, id) = instance_request(&shared, &headers, &body, Needs::EndUser)?;
    let instances = lock(&shared.instances);
    let i = instances.by_id.get(&id).ok_or_else(not_found_instance)?;
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
    let instances = lock(&shared.instances);
    let i = instances.by_id.get(&id).ok_or_else(not_found_instance)?;
    let mut tasks = Vec::new();
    let mut schemas = Map::new();
    for t in i.tasks.iter().filter(|t| t.status != TaskStatus::Completed) {
        tasks.push(json!({ "taskId": t.id, "schema": { "$ref": format!("#/schemas/{}", t.id) } }));
        schemas.insert(t.id.clone(), (*i.version.tasks[t.index].schema).clone());
    }
    Ok(ok(json!({
        "instanceId": i.id,
        "status": i.status.as_str(),
        "tasks": tasks,
        "schemas": schemas,
    })))
}

async fn task_update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let (body, id) = instance_request(&shared, &headers, &body, Needs::EndUser)?;
    let task_id = str_field(&body, "taskId")?.to_owned();
    let intent = str_field(&body, "intent")?;
    // GO's enum is `Save | Complete | Validate`; its guide also writes `COMPLETE`.
    let intent = match intent.to_ascii_lowercase().as_str() {
        "save" => "Save",
        "complete" => "Complete",
        "validate" => "Validate",
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
    // Look the task up and validate outside the lock; the state is re-checked when
    // the result is applied, so the transition stays atomic.
    let (def, saved) = {
        let instances = lock(&shared.instances);
        let (i, index) = find_task(&instances, &task_id)?;
        if i.id != id {
            return Err(ApiError::not_found("Task not found in this instance"));
        }
        (i.version.tasks[index].clone(), i.tasks[index].data.clone())
    };
    let data = data.or(saved).unwrap_or_else(|| Value::Object(Map::new()));
    let violations = if intent == "Save" {
        Vec::new()
    } else {
        violations_of(&def, &data)
    };
    let mut instances = lock(&shared.instances);
    let i = instances
        .by_id
        .get_mut(&id)
        .ok_or_else(not_found_instance)?;
    if i.status != JourneyStatus::InProgress {
        return Err(ApiError::journey_not_active(i.status.as_str()));
    }
    let now = shared.clock.now();
    let Some(task) = i.tasks.iter_mut().find(|t| t.id == task_id) else {
        return Err(ApiError::not_found("Task not found"));
    };
    if task.status == TaskStatus::Completed {
        if intent != "Validate" {
            drop(instances);
            shared.count(|c| c.duplicate_submissions += 1);
        }
        return Err(ApiError::task_not_active());
    }
    if !violations.is_empty() {
        return Err(ApiError::invalid_data(&violations));
    }
    match intent {
        "Save" => {
            task.data = Some(data);
            task.status = TaskStatus::InProgress;
        }
        "Complete" => {
            task.status = TaskStatus::Completed;
            task.completed_by = Some("submission");
            task.pending.clear();
            merge(&mut i.subject, &data);
            task.data = Some(data);
            i.settle(now);
        }
        _ => {}
    }
    drop(instances);
    if intent != "Validate" {
        shared.count(|c| {
            *c.task_submissions.entry(task_id.clone()).or_default() += 1;
            if intent == "Complete" {
                *c.task_completions.entry(task_id.clone()).or_default() += 1;
            }
        });
    }
    Ok(ok(json!({ "instanceId": id, "taskId": task_id })))
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

fn end_user_session(shared: &Shared, instance: &str, credential: Option<String>) -> Value {
    let ttl = shared.token_ttl;
    let token = shared.issue(
        TokenKind::EndUser {
            instance: instance.to_owned(),
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
    let instance = {
        let mut tokens = lock(&shared.tokens);
        let invalid = || ApiError::unauthorized("Invalid connect secret");
        let token = tokens.get_mut(&secret).ok_or_else(invalid)?;
        let TokenKind::Connect { instance, used } = &mut token.kind else {
            return Err(invalid());
        };
        if *used {
            return Err(ApiError::unauthorized("Connect secret already used"));
        }
        if token.expires <= now {
            return Err(ApiError::unauthorized("Connect secret expired"));
        }
        *used = true;
        instance.clone()
    };
    if !lock(&shared.instances).by_id.contains_key(&instance) {
        return Err(not_found_instance());
    }
    Ok(created(end_user_session(&shared, &instance, None)))
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
    let mut out = end_user_session(&shared, &instance, Some(credential));
    out["linkExpiresAt"] = out["credentialExpiresAt"].clone();
    Ok(created(out))
}

fn interaction_id(i: &Instance, t: &TaskState) -> String {
    format!(
        "grn:::gbg:design:interaction:{}@{}",
        i.version.tasks[t.index].name, i.version.version
    )
}

/// GO's `outstanding`: what the current interaction still needs, as paths under the
/// subject (`identity/currentAddress`).
fn outstanding(violations: &[gbg_go_schema::Violation]) -> Vec<String> {
    // The missing name is only in the message; take it out with the message's own
    // template, so the two cannot drift apart.
    let template = gbg_go_schema::messages::required("\u{0}");
    let (before, after) = template.split_once('\u{0}').unwrap_or((&template, ""));
    let mut out: Vec<String> = violations
        .iter()
        .map(|v| {
            let mut p = v
                .pointer
                .strip_prefix("/context/subject")
                .unwrap_or(&v.pointer)
                .trim_start_matches('/')
                .to_owned();
            if v.keyword == "required" {
                if let Some(name) = v
                    .message
                    .strip_prefix(before)
                    .and_then(|r| r.strip_suffix(after))
                {
                    if !p.is_empty() {
                        p.push('/');
                    }
                    p.push_str(name);
                }
            }
            p
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

async fn interaction_fetch(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let (_, id) = instance_request(&shared, &headers, &body, Needs::EndUserOrCustomer)?;
    let instances = lock(&shared.instances);
    let i = instances.by_id.get(&id).ok_or_else(not_found_instance)?;
    let mut out = json!({
        "instanceId": i.id,
        "journey": { "status": i.status.as_str() },
        "context": { "subject": i.subject },
    });
    if let (JourneyStatus::InProgress, Some(index)) = (i.status, i.current_task()) {
        let t = &i.tasks[index];
        let def = &i.version.tasks[t.index];
        let grn = interaction_id(i, t);
        let ir = def.validator.ir();
        let collects: Vec<Value> = ir
            .node_at("/context/subject")
            .map(|n| {
                let required = ir
                    .keywords(n)
                    .map(|k| k.required.clone())
                    .unwrap_or_default();
                ir.properties_of(n)
                    .into_iter()
                    .map(|(name, _)| {
                        let spec = if required.contains(&name) {
                            "required"
                        } else {
                            "optional"
                        };
                        json!({ "ref": name, "spec": spec })
                    })
                    .collect()
            })
            .unwrap_or_default();
        out["interactionId"] = json!(grn);
        out["interaction"] = json!({
            "grId": grn,
            "resource": {
                "id": def.name, "name": def.name, "version": i.version.version, "type": "interaction",
            },
            "collects": collects,
            "consumes": [],
        });
        out["outstanding"] = json!(outstanding(&violations_of(def, &i.subject)));
        out["instructions"] = json!([]);
    } else {
        out["outstanding"] = json!([]);
    }
    Ok(ok(out))
}

async fn interaction_submit(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let (body, id) = instance_request(&shared, &headers, &body, Needs::EndUserOrCustomer)?;
    let interaction = str_field(&body, "interactionId")?.to_owned();
    let patch = match body.get("context") {
        Some(Value::Object(c)) => match c.get("subject") {
            Some(s @ Value::Object(_)) => s.clone(),
            None | Some(Value::Null) => return Err(ApiError::missing("context.subject")),
            Some(_) => return Err(ApiError::invalid("context.subject", "an object")),
        },
        None | Some(Value::Null) => return Err(ApiError::missing("context")),
        Some(_) => return Err(ApiError::invalid("context", "an object")),
    };
    let mut instances = lock(&shared.instances);
    let i = instances
        .by_id
        .get_mut(&id)
        .ok_or_else(not_found_instance)?;
    if i.status != JourneyStatus::InProgress {
        return Err(ApiError::journey_not_active(i.status.as_str()));
    }
    let Some(index) = i.current_task() else {
        return Err(ApiError::journey_not_active(i.status.as_str()));
    };
    if interaction_id(i, &i.tasks[index]) != interaction {
        return Err(ApiError::invalid(
            "interactionId",
            "the current interaction's id (from journey/interaction/fetch)",
        ));
    }
    let mut merged = i.subject.clone();
    merge(&mut merged, &patch);
    let def = &i.version.tasks[i.tasks[index].index];
    let violations = violations_of(def, &merged);
    // Partial submissions are fine; data that is present but breaks a rule is not.
    let broken: Vec<_> = violations
        .iter()
        .filter(|v| v.keyword != "required")
        .cloned()
        .collect();
    if !broken.is_empty() {
        return Err(ApiError::invalid_data(&broken));
    }
    i.subject = merged;
    let now = shared.clock.now();
    let task = &mut i.tasks[index];
    let task_id = task.id.clone();
    if violations.is_empty() {
        task.status = TaskStatus::Completed;
        task.completed_by = Some("submission");
        task.pending.clear();
    } else {
        task.status = TaskStatus::InProgress;
    }
    let completed = task.status == TaskStatus::Completed;
    task.data = Some(patch);
    i.settle(now);
    drop(instances);
    shared.count(|c| {
        c.interaction_submissions += 1;
        *c.task_submissions.entry(task_id.clone()).or_default() += 1;
        if completed {
            *c.task_completions.entry(task_id).or_default() += 1;
        }
    });
    Ok(ok(json!({ "status": "success" })))
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
    let mut instances = lock(&shared.instances);
    let i = instances
        .by_id
        .get_mut(&id)
        .ok_or_else(not_found_instance)?;
    i.status = status;
    Ok(ok(state_json(i)))
}
