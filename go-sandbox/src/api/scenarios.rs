//! Sandbox scenarios (`/v2/captain/sandbox/journeys/{journeyId}/scenarios`, as GO's
//! sandbox has them): each scripts the modules' outcomes of a journey.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use gbg_go_wire::scenario::{
    CreateScenario, ReplaceScenario, Scenario, ScenarioCreated, ScenarioSummary,
};
use gbg_go_wire::status::ScenarioTier;
use serde_json::Value;

use super::{authorize, created, json_body, ok, ApiResult, Needs};
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::state::{lock, Shared, StoredScenario};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/sandbox/journeys/{journey_id}/scenarios",
            get(scenario_list).post(scenario_create),
        )
        .route(
            "/sandbox/journeys/{journey_id}/scenarios/{name}",
            get(scenario_get).put(scenario_put).delete(scenario_delete),
        )
}

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

fn scenario_json(journey_id: &str, name: &str, s: &StoredScenario) -> Scenario {
    Scenario {
        name: name.to_owned(),
        journey_id: journey_id.to_owned(),
        tier: ScenarioTier::Org,
        data: s.data.clone(),
        last_modified_time: rfc3339(s.modified),
        last_modified_by: "sandbox".into(),
    }
}

fn scenario_body<T: serde::de::DeserializeOwned>(
    body: &Bytes,
    expected: &str,
) -> Result<T, ApiError> {
    let value = json_body(body)?;
    serde_json::from_value(Value::Object(value)).map_err(|_| ApiError::invalid("body", expected))
}

pub(super) async fn scenario_create(
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
    Ok(created(&ScenarioCreated {
        name: create.name,
        journey_id,
        tier: ScenarioTier::Org,
    }))
}

pub(super) async fn scenario_list(
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
    Ok(ok(&list))
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

pub(super) async fn scenario_get(
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
        .map(|s| ok(&scenario_json(&journey_id, &name, s)))
        .ok_or_else(|| ApiError::not_found("Scenario not found"))
}

pub(super) async fn scenario_put(
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
    Ok(ok(&scenario_json(&journey_id, &name, stored)))
}

pub(super) async fn scenario_delete(
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
