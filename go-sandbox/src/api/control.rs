//! `/_sandbox/*`: the sandbox's own control routes (not GO's): published journeys,
//! faults, counters, the clock, and an instance's inside view. Their bodies are the
//! sandbox's own, not GO's wire, so some are read member by member here.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use super::{created, json_body, ok, with_instance, ApiResult};
use crate::clock::{parse_rfc3339, rfc3339};
use crate::error::ApiError;
use crate::faults::Faults;
use crate::journey;
use crate::state::{lock, JourneyStatus, Shared};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sandbox/journeys", get(journeys).post(publish))
        .route(
            "/_sandbox/faults",
            get(faults_get).put(faults_put).delete(faults_delete),
        )
        .route("/_sandbox/faults/script", post(faults_script))
        .route("/_sandbox/counters", get(counters).delete(counters_reset))
        .route("/_sandbox/clock", get(clock_get).post(clock_post))
        .route(
            "/_sandbox/instances/{id}",
            get(instance_get).post(instance_status),
        )
}

/// A member of a control body that must be a non-empty string.
fn str_field<'a>(body: &'a Map<String, Value>, field: &str) -> Result<&'a str, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Err(ApiError::missing(field)),
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(_) => Err(ApiError::invalid(field, "a non-empty string")),
    }
}

async fn journeys(State(shared): State<Arc<Shared>>) -> Response {
    let catalog = shared.catalog.read().unwrap_or_else(|p| p.into_inner());
    ok(&catalog.summaries())
}

/// Publish a journey definition (the `*.journey.json` form, schemas inline).
async fn publish(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    crate::publish_bytes(&shared, &body)
        .map(|summary| created(&summary))
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

async fn faults_get(State(shared): State<Arc<Shared>>) -> Response {
    ok(&shared.faults.get())
}

async fn faults_put(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let faults: Faults = serde_json::from_slice(&body).map_err(|e| {
        let mut err = ApiError::malformed(format!("not a fault configuration: {e}"));
        err.errors[0].action = "See the sandbox's faults documentation".into();
        err
    })?;
    shared.faults.set(faults);
    Ok(ok(&shared.faults.get()))
}

async fn faults_delete(State(shared): State<Arc<Shared>>) -> Response {
    shared.faults.set(Faults::default());
    ok(&shared.faults.get())
}

async fn faults_script(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let route = str_field(&body, "route")?.to_owned();
    let steps = str_field(&body, "steps")?;
    let steps = crate::faults::parse_script(steps).map_err(|e| {
        let mut err = ApiError::invalid("steps", "outcomes such as `500,500,ok`");
        err.errors[0].problem = e;
        err
    })?;
    shared.faults.script(&route, steps);
    Ok(ok(&shared.faults.get()))
}

async fn counters(State(shared): State<Arc<Shared>>) -> Response {
    ok(&*lock(&shared.counters))
}

async fn counters_reset(State(shared): State<Arc<Shared>>) -> Response {
    *lock(&shared.counters) = Default::default();
    ok(&*lock(&shared.counters))
}

fn clock_json(now: SystemTime) -> Value {
    json!({ "now": rfc3339(now) })
}

async fn clock_get(State(shared): State<Arc<Shared>>) -> Response {
    ok(&clock_json(shared.clock.now()))
}

/// `{"now": "<RFC 3339>"}` sets the clock; `{"advanceSeconds": n}` moves it forward.
async fn clock_post(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
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
    Ok(ok(&clock_json(shared.clock.now())))
}

/// `{"status": "Failed" | "Paused" | "InProgress"}`: move an instance to a status
/// GO reaches through its modules, so clients can be tested against it.
async fn instance_status(
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
        Ok(ok(&journey::sandbox_view(i)))
    })
}

/// What only the sandbox knows about an instance: task states, why a task is pending
/// after prefill, the collected elements, the scenario and the decision.
async fn instance_get(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> ApiResult {
    with_instance(&shared, &id, |i| Ok(ok(&journey::sandbox_view(i))))
}
