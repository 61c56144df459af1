//! Journeys: start, state (full, slim and v1), delete, terminate, `schema/fetch`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Extension;
use gbg_go_schema::text;
use gbg_go_wire::headers;
use gbg_go_wire::journey::{
    DeleteResponse, InteractionSchema, SchemaFetchRequest, SchemaFetchResponse, StartRequest,
    StartResponse, TerminateRequest, TerminateResponse,
};
use gbg_go_wire::scenario::ScenarioData;
use gbg_go_wire::status::{Delivery, StartStatus};
use gbg_go_wire::InstanceRequest;
use serde_json::{Map, Value};

use super::{
    authorize, created, instance_request, non_empty, not_found_instance, ok, parse, with_instance,
    ApiResult, Generation, Needs,
};
use crate::catalog::ResolveError;
use crate::error::ApiError;
use crate::journey::{self, Instance, Start};
use crate::state::{lock, JourneyStatus, Shared, TokenKind};

/// `?view=full|slim` on `state/fetch` and `interaction/fetch`.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ViewQuery {
    view: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum View {
    Full,
    Slim,
}

impl ViewQuery {
    pub(super) fn view(&self) -> Result<View, ApiError> {
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
    inline: Option<ScenarioData>,
    journey_id: &str,
) -> Result<Option<ScenarioData>, ApiError> {
    if inline.is_some() {
        return Ok(inline);
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

/// GBG's errors for a resource id that does not resolve.
fn resolve_error(e: ResolveError) -> ApiError {
    match e {
        ResolveError::Malformed => {
            ApiError::invalid("resourceId", "`<id>@<version>`, `<id>@latest` or `<id>`")
        }
        ResolveError::UnknownJourney => ApiError::not_found("Delivery / resource not found"),
        ResolveError::UnknownVersion => ApiError::not_found("Version not found for this resource"),
    }
}

pub(super) async fn start(
    State(shared): State<Arc<Shared>>,
    Extension(generation): Extension<Generation>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    let request: StartRequest = parse(&body)?;
    let StartRequest {
        resource_id,
        context,
        scenario,
    } = request;
    // v2 requires `context.config` and its `delivery`; v1 starts without them.
    let config = match context.config {
        None if generation == Generation::V2 => return Err(ApiError::missing("context.config")),
        config => config.unwrap_or_default(),
    };
    let delivery = match config.delivery {
        Some(d) if !d.as_str().is_empty() => Some(d),
        Some(_) => {
            return Err(ApiError::invalid(
                "context.config.delivery",
                "a non-empty string (`page` or `api`)",
            ))
        }
        None if generation == Generation::V1 => None,
        None => return Err(ApiError::missing("context.config.delivery")),
    };
    let inline_result = match config.inline_result {
        None | Some(false) => false,
        Some(true) if delivery == Some(Delivery::Api) => true,
        Some(true) => {
            return Err(ApiError::invalid(
                "context.config.inlineResult",
                "`true` only with `delivery: \"api\"`",
            ))
        }
    };
    if config
        .sync_wait_seconds
        .is_some_and(|s| s == 0 || !inline_result)
    {
        return Err(ApiError::invalid(
            "context.config.syncWaitSeconds",
            "a positive integer, with `inlineResult: true`",
        ));
    }
    let subject = match context.subject.into_inner() {
        Value::Null => Value::Object(Map::new()),
        s @ Value::Object(_) => s,
        _ => return Err(ApiError::invalid("context.subject", "an object")),
    };
    let out = start_instance(
        &shared,
        StartArgs {
            resource_id: &resource_id,
            subject,
            scenario: Scenario::Inline(scenario),
            headers: Some(&headers),
            delivery,
            inline_result,
        },
    )?;
    Ok(match generation {
        Generation::V1 => ok(&out),
        Generation::V2 => created(&out),
    })
}

/// Where a start's scenario comes from.
pub(crate) enum Scenario<'a> {
    /// The start body's `scenario` (or none), else the `x-gbg-scenario` header.
    Inline(Option<ScenarioData>),
    /// A stored scenario of the journey, by name (the console).
    Named(&'a str),
}

/// What [`start_instance`] needs: a start already parsed and checked.
pub(crate) struct StartArgs<'a> {
    pub resource_id: &'a str,
    /// The prefill (`{}` for none).
    pub subject: Value,
    pub scenario: Scenario<'a>,
    /// The request's headers (`x-gbg-scenario`), when it came over the API.
    pub headers: Option<&'a HeaderMap>,
    pub delivery: Option<Delivery>,
    pub inline_result: bool,
}

/// Resolve the journey, make the instance (prefill judged while it is made, before it
/// is published), publish it and count it: the one place an instance is started, for
/// `journey/start` and the console alike.
pub(crate) fn start_instance(
    shared: &Shared,
    args: StartArgs<'_>,
) -> Result<StartResponse, ApiError> {
    let StartArgs {
        resource_id,
        subject,
        scenario,
        headers,
        delivery,
        inline_result,
    } = args;
    let (journey_id, journey_name, resolved, version) = {
        let catalog = shared.catalog.read().unwrap_or_else(|p| p.into_inner());
        let (j, v) = catalog.resolve(resource_id).map_err(resolve_error)?;
        (
            j.resource_id.clone(),
            j.name.clone(),
            format!("{}@{}", j.resource_id, v.version),
            v,
        )
    };
    let scenario = match scenario {
        Scenario::Inline(inline) => {
            let empty = HeaderMap::new();
            start_scenario(shared, headers.unwrap_or(&empty), inline, &journey_id)?
        }
        Scenario::Named(name) => Some(
            lock(&shared.scenarios)
                .get(&journey_id)
                .and_then(|s| s.get(name))
                .map(|s| s.data.clone())
                .ok_or_else(|| {
                    ApiError::invalid("scenario", "the name of a scenario of this journey")
                })?,
        ),
    };
    let id = shared.rng.id(22);
    super::note_instance(&id);
    let task_ids = version.tasks.iter().map(|_| shared.rng.id(24)).collect();
    let (instance, prefilled) = Instance::start(
        Start {
            id: id.clone(),
            resource_id: resolved,
            journey_id,
            journey_name,
            version,
            subject,
            task_ids,
            scenario,
        },
        shared.clock.now(),
    );
    let mut out = StartResponse {
        instance_id: id.clone(),
        status: Some(StartStatus::Started),
        instance_url: (delivery == Some(Delivery::Page)).then(|| page_url(&id)),
        message: Some(format!("Journey {id} started successfully")),
        waited_seconds: None,
        state: None,
    };
    if inline_result {
        // The sandbox's modules run on its own clock, so there is nothing to wait for:
        // the state is reported as it stands.
        out.status = Some(match instance.status() {
            JourneyStatus::Completed => StartStatus::Completed,
            JourneyStatus::Failed => StartStatus::Failed,
            _ if instance.processing() => StartStatus::Pending,
            _ => StartStatus::AwaitingInput,
        });
        out.waited_seconds = Some(0);
        out.state = Some(Box::new(journey::full_state(&instance)));
    }
    {
        let mut instances = lock(&shared.instances);
        for t in instance.tasks() {
            instances.task_owner.insert(t.id().to_owned(), id.clone());
        }
        instances.by_id.insert(id, instance);
    }
    shared.count(|c| {
        c.journeys_started += 1;
        c.prefill_completions += prefilled;
    });
    Ok(out)
}

/// The hosted end-user page of an instance (a page-mode start's `instanceUrl`): a
/// path relative to the host, as GO's is. The sandbox serves it (the console's
/// end-user page).
pub(crate) fn page_url(id: &str) -> String {
    format!("/journey/{id}")
}

pub(super) async fn state_fetch(
    State(shared): State<Arc<Shared>>,
    Extension(generation): Extension<Generation>,
    Query(query): Query<ViewQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let view = query.view()?;
    let request: InstanceRequest = instance_request(&shared, &headers, &body, Needs::Customer)?;
    with_instance(&shared, &request.instance_id, |i| {
        Ok(match (generation, view) {
            (Generation::V1, _) => ok(&journey::v1_state(i)),
            (Generation::V2, View::Full) => ok(&journey::full_state(i)),
            (Generation::V2, View::Slim) => ok(&journey::slim_state(i)),
        })
    })
}

pub(super) async fn state_delete(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let request: InstanceRequest = instance_request(&shared, &headers, &body, Needs::Customer)?;
    let id = request.instance_id;
    delete_instance(&shared, &id)?;
    Ok(ok(&DeleteResponse {
        message: Some(format!("Journey instance {id} deleted")),
        instance_id: id,
        status: Some("deleted".into()),
    }))
}

/// Delete an instance, the tokens bound to it and its request log: the one place an
/// instance is deleted, for `state/delete` and the console alike.
pub(crate) fn delete_instance(shared: &Shared, id: &str) -> Result<(), ApiError> {
    let mut instances = lock(&shared.instances);
    let i = instances.by_id.remove(id).ok_or_else(not_found_instance)?;
    for t in i.tasks() {
        instances.task_owner.remove(t.id());
    }
    drop(instances);
    // Tokens bound to the instance die with it.
    lock(&shared.tokens).retain(|_, t| match &t.kind {
        TokenKind::EndUser { instance, .. } | TokenKind::Connect { instance, .. } => {
            *instance != id
        }
        TokenKind::Customer => true,
    });
    lock(&shared.request_log).remove(id);
    Ok(())
}

pub(super) async fn terminate(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let request: TerminateRequest = instance_request(&shared, &headers, &body, Needs::Customer)?;
    let now = shared.clock.now();
    with_instance(&shared, &request.instance_id, |i| {
        if i.terminate(now) {
            Ok(ok(&TerminateResponse {
                instance_id: i.id().to_owned(),
            }))
        } else {
            Err(ApiError::journey_not_active(i.status().as_str()))
        }
    })
}

pub(super) async fn schema_fetch(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    let request: SchemaFetchRequest = parse(&body)?;
    non_empty("resourceId", &request.resource_id)?;
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
    let (journey, version) = catalog.resolve(&request.resource_id).map_err(|e| match e {
        ResolveError::Malformed => resolve_error(e),
        _ => ApiError::not_found("Delivery / resource not found"),
    })?;
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
    Ok(ok(&SchemaFetchResponse {
        delivery_id: journey.resource_id.clone(),
        resolved_version: version.version.clone(),
        schemas,
    }))
}
