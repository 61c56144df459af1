//! GO's views of an instance: v1 state, v2 full and slim state, the current
//! interaction, the ended-interaction form, and the sandbox-only inside view. A child
//! of the journey module, so it reads the instance's private fields; it changes
//! nothing.

use gbg_go_wire::error::GbgError;
use gbg_go_wire::interaction::{
    Collect, FetchResponse, InteractionBody, InteractionResource, JourneyRef, SlimFetchResponse,
};
use gbg_go_wire::journey::{
    FullState, JourneyResult, MetaData, Process, ProcessInstance, ProcessJourney, SlimResult,
    SlimState, SlimStep, StateContext, Step, StepError, StepErrorEntry, StepResult, V1Data, V1Flow,
    V1Process,
};
use gbg_go_wire::status::{Instruction, ResultStatus, SlimJourneyStatus, SlimResultStatus};
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::progress::{outstanding, Progress};
use super::{Decision, Instance};
use crate::clock::rfc3339;
use crate::state::{JourneyStatus, Reason, TaskStatus};
use gbg_go_wire::scenario::ScenarioData;
use serde::Serialize;

/// The runtime interaction id of a task: a GRN, as GO's are.
pub(crate) fn interaction_id(i: &Instance, index: usize) -> String {
    format!(
        "grn:::gbg:design:interaction:{}@{}",
        i.version.tasks[i.tasks[index].index].name, i.version.version
    )
}

/// `interaction/fetch` for an active journey: the current interaction with its
/// collects, outstanding refs and instructions, or `processing` while modules run.
/// `progress` is the current task's, computed outside the lock.
pub(crate) fn interaction_view(i: &Instance, progress: Option<&Progress>) -> FetchResponse {
    let mut out = FetchResponse {
        instance_id: i.id.clone(),
        interaction_id: None,
        journey: JourneyRef {
            status: i.status.wire(),
        },
        interaction: None,
        context: None,
        instructions: Vec::new(),
        outstanding: Vec::new(),
        outstanding_groups: Vec::new(),
        processing: None,
        result: None,
    };
    if i.processing() {
        out.processing = Some(true);
        return out;
    }
    let (Some(index), Some(progress)) = (i.current_task(), progress) else {
        return out;
    };
    let def = &i.version.tasks[i.tasks[index].index];
    out.interaction_id = Some(interaction_id(i, index));
    out.interaction = Some(interaction_body(i, index));
    out.context = Some(
        wire_value(&StateContext {
            subject: Some(i.subject.clone().into()),
            ..StateContext::default()
        })
        .into(),
    );
    out.outstanding = outstanding(def, &i.subject, progress, &i.collected);
    out.processing = Some(false);
    if progress.side2_expected {
        out.instructions
            .push(Instruction::LazySide2CollectionRequired);
    }
    if progress.side2_pending {
        out.instructions.push(Instruction::Side2Required);
    }
    out
}

/// The `interaction` of a fetch: its GRN, which design it is, and what it collects:
/// element ids with their spec, or (a version with `collectLeafRefs`, as some tenants
/// show) leaf refs with the element's spec as `parentSpec` (INFERRED, API-NOTES
/// §3.3).
fn interaction_body(i: &Instance, index: usize) -> InteractionBody {
    let def = &i.version.tasks[i.tasks[index].index];
    let collects = def
        .collects
        .iter()
        .flat_map(|c| {
            if !i.version.settings.leaf_refs || c.leaves.is_empty() {
                return vec![Collect::new(c.element.as_str(), c.spec.clone())];
            }
            c.leaves
                .iter()
                .map(|(leaf, spec)| {
                    let mut collect =
                        Collect::new(format!("{}/{leaf}", c.element.as_str()), spec.clone());
                    collect.parent_spec = Some(c.spec.clone());
                    collect
                })
                .collect()
        })
        .collect();
    InteractionBody {
        gr_id: Some(interaction_id(i, index)),
        resource: Some(wire_value(&InteractionResource {
            id: def.name.clone(),
            name: def.name.clone(),
            version: i.version.version.clone(),
            kind: "interaction".into(),
        })),
        collects,
        consumes: Vec::new(),
    }
}

/// The `collects` of task `index`'s interaction, as `interaction/fetch` lists them.
pub(crate) fn interaction_collects(i: &Instance, index: usize) -> Vec<Collect> {
    interaction_body(i, index).collects
}

/// `interaction/fetch?view=slim`: the full view's journey status, outstanding refs
/// and instructions, with the slim result.
pub(crate) fn slim_interaction(i: &Instance, full: &FetchResponse) -> SlimFetchResponse {
    SlimFetchResponse {
        journey: full.journey.clone(),
        outstanding: full.outstanding.clone(),
        instructions: full.instructions.clone(),
        result: slim_state(i).result,
    }
}

/// `interaction/fetch` once the journey is no longer in progress (DESIGN, *Wire
/// fidelity*; GBG's newest description): `journey.status`, the full view's `result`
/// and an empty `outstanding`, plus the last `interactionId` and `interaction` when
/// one was ever served (GBG's older SDK requires both). A `Paused` journey answers
/// its status and a pending result. These relax `openapi.yaml`'s closed 200 shape
/// (reviewed deviations in the wire-conformance suite).
pub(crate) fn after_interactions(i: &Instance) -> FetchResponse {
    let served = i.served.map(|index| (index, interaction_body(i, index)));
    FetchResponse {
        instance_id: i.id.clone(),
        interaction_id: served.as_ref().map(|(index, _)| interaction_id(i, *index)),
        journey: JourneyRef {
            status: i.status.wire(),
        },
        interaction: served.map(|(_, body)| body),
        context: None,
        instructions: Vec::new(),
        outstanding: Vec::new(),
        outstanding_groups: Vec::new(),
        processing: None,
        result: Some(wire_value(&full_result(i, Vocabulary::V2)).into()),
    }
}

/// A go-wire value as JSON, for a wire member typed as free-form JSON (`resource`,
/// the interaction's `context`, v1's `data`). go-wire types always serialize; `Null`
/// stands in for the impossible failure rather than a panic.
fn wire_value<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// `{}`.
fn empty_object() -> Value {
    Value::Object(Map::new())
}

fn process_journey(i: &Instance) -> ProcessJourney {
    ProcessJourney {
        name: Some(i.journey_name.clone()),
        id: Some(i.journey_id.clone()),
        version: Some(i.version.version.clone()),
        started_at: Some(rfc3339(i.created)),
        ended_at: i.completed.map(rfc3339),
    }
}

fn step_error(problem: &str) -> StepError {
    StepError {
        errors: vec![StepErrorEntry {
            error: Some("MODULE_ERROR".into()),
            location: Some("Service".into()),
            problem: Some(problem.to_owned()),
            action: Some("Check the module's configuration and start a new journey".into()),
            code: Some("5000".into()),
        }],
        correlation_id: None,
    }
}

/// Which vocabulary a view speaks: v2's newest (`complete` / `error`, API-NOTES §3.6
/// and §6.1, what GBG's sample backends read from live tenants) or v1's (`completed`
/// / `failed`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Vocabulary {
    V1,
    V2,
}

impl Vocabulary {
    /// A finished result's or step's status in this vocabulary.
    fn finished(self, failed: bool) -> ResultStatus {
        match (self, failed) {
            (Vocabulary::V2, false) => ResultStatus::Complete,
            (Vocabulary::V2, true) => ResultStatus::Error,
            (Vocabulary::V1, false) => ResultStatus::Completed,
            (Vocabulary::V1, true) => ResultStatus::Failed,
        }
    }
}

fn full_steps(d: Option<&Decision>, vocabulary: Vocabulary) -> Vec<Step> {
    d.map(|d| {
        d.steps
            .iter()
            .map(|s| Step {
                node_id: Some(s.key.clone()),
                name: Some(s.name.clone()),
                outcome: Some(s.outcome.clone()),
                outcome_classification: s.classification.clone(),
                result: Some(StepResult {
                    status: Some(vocabulary.finished(s.error.is_some()).as_str().to_owned()),
                    outcome: Some(s.outcome.clone()),
                    error: s.error.as_deref().map(step_error),
                }),
            })
            .collect()
    })
    .unwrap_or_default()
}

fn full_result(i: &Instance, vocabulary: Vocabulary) -> JourneyResult {
    match &i.decision {
        None => JourneyResult {
            status: ResultStatus::Pending,
            outcome: None,
            outcome_classification: None,
            advice: empty_object(),
        },
        Some(d) => JourneyResult {
            status: vocabulary.finished(d.failed),
            outcome: d.outcome.clone(),
            outcome_classification: d.classification.clone(),
            advice: empty_object(),
        },
    }
}

/// v2 `state/fetch` (full view): the subject stays empty until the journey completes,
/// as GO's docs say.
pub(crate) fn full_state(i: &Instance) -> FullState {
    FullState {
        instance_id: i.id.clone(),
        status: i.status.wire(),
        context: Some(StateContext {
            process: Some(Process {
                journey: Some(process_journey(i)),
                instance: Some(ProcessInstance {
                    id: Some(i.id.clone()),
                    instance_id: Some(i.id.clone()),
                }),
                steps: full_steps(i.decision.as_ref(), Vocabulary::V2),
            }),
            subject: Some(if i.status == JourneyStatus::Completed {
                i.subject.clone().into()
            } else {
                empty_object().into()
            }),
            result: Some(full_result(i, Vocabulary::V2)),
        }),
        meta_data: None,
        data: None,
        // GBG's newest description puts the decision at the top level too.
        result: Some(full_result(i, Vocabulary::V2)),
    }
}

/// v2 `state/fetch?view=slim`.
pub(crate) fn slim_state(i: &Instance) -> SlimState {
    let status = match i.status {
        JourneyStatus::Completed => SlimJourneyStatus::Completed,
        JourneyStatus::Failed => SlimJourneyStatus::Error,
        // Slim has no Paused: a paused journey is still in progress.
        JourneyStatus::InProgress | JourneyStatus::Paused => SlimJourneyStatus::InProgress,
    };
    let result = match &i.decision {
        None => SlimResult {
            status: SlimResultStatus::Pending,
            outcome: None,
            outcome_classification: None,
            errors: Vec::new(),
            data: None,
        },
        Some(d) if d.failed => SlimResult {
            status: SlimResultStatus::Error,
            outcome: None,
            outcome_classification: None,
            errors: d
                .steps
                .iter()
                .filter_map(|s| {
                    Some(GbgError {
                        code: "5000".into(),
                        name: "MODULE_ERROR".into(),
                        location: Some("Flow".into()),
                        problem: format!("{}: {}", s.name, s.error.as_deref()?),
                        action: "Start a new journey".into(),
                    })
                })
                .collect(),
            data: None,
        },
        Some(d) => SlimResult {
            status: SlimResultStatus::Complete,
            outcome: d.outcome.clone(),
            outcome_classification: d.classification.clone(),
            errors: Vec::new(),
            // The verified output: the subject's identity and documents.
            data: Some(
                Value::Object(Map::from_iter([
                    (
                        "identity".to_owned(),
                        i.subject
                            .get("identity")
                            .cloned()
                            .unwrap_or_else(empty_object),
                    ),
                    (
                        "documents".to_owned(),
                        i.subject
                            .get("documents")
                            .cloned()
                            .unwrap_or_else(|| Value::Array(Vec::new())),
                    ),
                ]))
                .into(),
            ),
        },
    };
    SlimState {
        instance_id: i.id.clone(),
        status,
        journey: Some(process_journey(i)),
        steps: i
            .decision
            .iter()
            .flat_map(|d| &d.steps)
            .map(|s| SlimStep {
                node_id: s.key.clone(),
                name: Some(s.name.clone()),
                outcome: Some(s.outcome.clone()),
                outcome_classification: s.classification.clone(),
            })
            .collect(),
        result: Some(result),
    }
}

/// v1 `state/fetch`: `metaData` times, the merged subject, and results under
/// `data.process.flow.<variantId>` (the version id; INFERRED inside).
pub(crate) fn v1_state(i: &Instance) -> FullState {
    let data = V1Data {
        process: V1Process {
            flow: BTreeMap::from([(
                i.version.version.clone(),
                V1Flow {
                    steps: full_steps(i.decision.as_ref(), Vocabulary::V1),
                    result: full_result(i, Vocabulary::V1),
                },
            )]),
        },
    };
    FullState {
        instance_id: i.id.clone(),
        status: i.status.wire(),
        context: Some(StateContext {
            process: None,
            subject: Some(i.subject.clone().into()),
            result: None,
        }),
        meta_data: Some(MetaData {
            created_time: Some(rfc3339(i.created)),
            completed_time: Some(i.completed.map(rfc3339).unwrap_or_default()),
        }),
        data: Some(wire_value(&data).into()),
        result: None,
    }
}

/// One task as the sandbox sees it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InsideTask {
    pub task_id: String,
    pub name: String,
    pub state: TaskStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_by: Option<&'static str>,
    /// Why the task is pending after prefill (rules, never values).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending_reasons: Vec<Reason>,
}

/// What only the sandbox knows about an instance (task states, why a task is pending
/// after prefill, collected elements, the scenario, the decision, times): the body of
/// `GET /_sandbox/instances/{id}` and the console's instance view. No subject data:
/// the review is a decision and notes a reviewer wrote, the rest are rules and ids.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Inside {
    pub instance_id: String,
    pub resource_id: String,
    pub journey_name: String,
    pub status: &'static str,
    pub tasks: Vec<InsideTask>,
    pub collected: Vec<String>,
    pub scenario: Option<ScenarioData>,
    pub decision: Option<Decision>,
    pub review: Option<Value>,
    /// When it started, on the sandbox clock.
    pub created: String,
    /// When it ended, on the sandbox clock.
    pub completed: Option<String>,
    /// Its modules are running.
    pub processing: bool,
}

/// [`Inside`] for an instance.
pub(crate) fn inside(i: &Instance) -> Inside {
    Inside {
        instance_id: i.id.clone(),
        resource_id: i.resource_id.clone(),
        journey_name: i.journey_name.clone(),
        status: i.status.as_str(),
        tasks: i
            .tasks
            .iter()
            .map(|t| InsideTask {
                task_id: t.id.clone(),
                name: i.version.tasks[t.index].name.clone(),
                state: t.status,
                completed_by: t.completed_by,
                pending_reasons: if t.status == TaskStatus::Completed {
                    Vec::new()
                } else {
                    t.pending.clone()
                },
            })
            .collect(),
        collected: i.collected.iter().map(|e| e.as_str().to_owned()).collect(),
        scenario: i.scenario.clone(),
        decision: i.decision.clone(),
        review: i.review.clone(),
        created: rfc3339(i.created),
        completed: i.completed.map(rfc3339),
        processing: i.processing(),
    }
}

/// `GET /_sandbox/instances/{id}`: [`Inside`] as JSON.
pub(crate) fn sandbox_view(i: &Instance) -> Value {
    serde_json::to_value(inside(i)).unwrap_or(Value::Null)
}
