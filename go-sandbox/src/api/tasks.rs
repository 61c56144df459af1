//! v1 tasks: `task/list`, `task/schema`, `task/list/schema`, `task/update`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use gbg_go_wire::task::{
    Intent, TaskListResponse, TaskListSchemaResponse, TaskRef, TaskSchemaRequest,
    TaskUpdateRequest, TaskUpdateResponse, TaskWithSchema,
};
use gbg_go_wire::InstanceRequest;
use serde_json::{json, Map, Value};

use super::{
    authorize, check_then_apply, instance_request, non_empty, ok, parse, with_instance, ApiResult,
    Needs, Snapshot,
};
use crate::error::ApiError;
use crate::journey::TaskUpdate;
use crate::state::{lock, JourneyStatus, Shared, TaskStatus};

pub(super) async fn task_list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let needs = shared.end_user_call();
    let request: InstanceRequest = instance_request(&shared, &headers, &body, needs)?;
    with_instance(&shared, &request.instance_id, |i| {
        Ok(ok(&TaskListResponse {
            instance_id: i.id().to_owned(),
            status: i.status().wire(),
            tasks: i
                .tasks()
                .iter()
                .filter(|t| t.status() != TaskStatus::Completed)
                .map(|t| TaskRef {
                    task_id: t.id().to_owned(),
                })
                .collect(),
        }))
    })
}

/// The instance that owns a task, with GBG's errors for a task that is nowhere or
/// in another instance (`given`).
fn task_owner(shared: &Shared, task_id: &str, given: Option<&str>) -> Result<String, ApiError> {
    let owner = lock(&shared.instances)
        .task_owner
        .get(task_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Task not found"))?;
    match given {
        Some(given) if given != owner => {
            Err(ApiError::not_found("Task not found in this instance"))
        }
        _ => Ok(owner),
    }
}

/// The index of a task in its instance.
fn task_index(i: &crate::journey::Instance, task_id: &str) -> Result<usize, ApiError> {
    i.tasks()
        .iter()
        .position(|t| t.id() == task_id)
        .ok_or_else(|| ApiError::not_found("Task not found"))
}

pub(super) async fn task_schema(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    authorize(&shared, &headers, Needs::Customer)?;
    let request: TaskSchemaRequest = parse(&body)?;
    non_empty("taskId", &request.task_id)?;
    let owner = task_owner(&shared, &request.task_id, request.instance_id.as_deref())?;
    let instances = lock(&shared.instances);
    let i = instances
        .by_id
        .get(&owner)
        .ok_or_else(|| ApiError::not_found("Task not found"))?;
    let index = task_index(i, &request.task_id)?;
    // The task schema itself is the body (a JSON Schema document).
    Ok(ok(&*i.task_def(index).schema))
}

pub(super) async fn task_list_schema(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let request: InstanceRequest = instance_request(&shared, &headers, &body, Needs::Customer)?;
    with_instance(&shared, &request.instance_id, |i| {
        let mut tasks = Vec::new();
        let mut schemas = Map::new();
        for (index, t) in i.tasks().iter().enumerate() {
            if t.status() == TaskStatus::Completed {
                continue;
            }
            tasks.push(TaskWithSchema {
                task_id: t.id().to_owned(),
                schema: json!({ "$ref": format!("#/schemas/{}", t.id()) }),
            });
            schemas.insert(t.id().to_owned(), (*i.task_def(index).schema).clone());
        }
        Ok(ok(&TaskListSchemaResponse {
            instance_id: i.id().to_owned(),
            status: i.status().wire(),
            tasks,
            schemas,
        }))
    })
}

/// GO's enum is `Save | Complete | Validate`; its guide also writes `COMPLETE`.
fn intent_of(intent: &Intent) -> Result<Intent, ApiError> {
    match intent.as_str().to_ascii_lowercase().as_str() {
        "save" => Ok(Intent::Save),
        "complete" => Ok(Intent::Complete),
        "validate" => Ok(Intent::Validate),
        _ => Err(ApiError::invalid(
            "intent",
            "`Save`, `Complete` or `Validate`",
        )),
    }
}

/// `context.subject` of a task update: `None` when absent (the saved data is used).
fn update_data(context: Option<Value>) -> Result<Option<Value>, ApiError> {
    match context {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(mut c)) => match c.remove("subject") {
            None | Some(Value::Null) => Ok(None),
            Some(s @ Value::Object(_)) => Ok(Some(s)),
            Some(_) => Err(ApiError::invalid("context.subject", "an object")),
        },
        Some(_) => Err(ApiError::invalid("context", "an object")),
    }
}

pub(super) async fn task_update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let needs = shared.end_user_call();
    let request: TaskUpdateRequest = instance_request(&shared, &headers, &body, needs)?;
    let TaskUpdateRequest {
        intent,
        instance_id: id,
        task_id,
        context,
    } = request;
    non_empty("taskId", &task_id)?;
    non_empty("intent", intent.as_str())?;
    let intent = intent_of(&intent)?;
    let data = update_data(context.map(|c| c.into_inner()))?;
    task_owner(&shared, &task_id, Some(&id))?;
    let now = shared.clock.now();
    let outcome = check_then_apply(
        &shared,
        &id,
        // What the update is judged on: the task's definition and the data.
        |i| {
            let index = task_index(i, &task_id)?;
            let data = data
                .clone()
                .or_else(|| i.tasks()[index].data().cloned())
                .unwrap_or_else(|| Value::Object(Map::new()));
            Ok(Snapshot::Judge((index, i.task_def(index).clone(), data)))
        },
        // v1 judges the task's own document whole.
        |(_, def, data)| {
            Ok(if intent == Intent::Save {
                Vec::new()
            } else {
                def.document_violations(data)
            })
        },
        |i, (index, _, data), violations| {
            if i.status() != JourneyStatus::InProgress {
                return Err(ApiError::journey_not_active(i.status().as_str()));
            }
            if i.tasks()[index].status() == TaskStatus::Completed {
                return Ok(TaskUpdate::AlreadyCompleted);
            }
            if !violations.is_empty() {
                return Err(ApiError::invalid_data(&violations));
            }
            Ok(i.update_task(index, &intent, data, now))
        },
    )?;
    match outcome {
        TaskUpdate::AlreadyCompleted => {
            if intent != Intent::Validate {
                shared.count(|c| c.duplicate_submissions += 1);
            }
            Err(ApiError::task_not_active())
        }
        TaskUpdate::Applied => {
            if intent != Intent::Validate {
                shared.count(|c| {
                    *c.task_submissions.entry(task_id.clone()).or_default() += 1;
                    if intent == Intent::Complete {
                        *c.task_completions.entry(task_id.clone()).or_default() += 1;
                    }
                });
            }
            Ok(ok(&TaskUpdateResponse {
                instance_id: id,
                task_id,
            }))
        }
    }
}
