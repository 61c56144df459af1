//! A journey instance's state transitions, each written once, and the views GO gives
//! of an instance (v1 state, v2 full and slim state, the current interaction).
//!
//! Handlers validate data outside the instances lock and apply the result with one of
//! these transitions under it; a transition re-checks what it depends on
//! ([`Instance::revision`]), so concurrent requests cannot interleave half-applied.
//!
//! What GO does not document is marked INFERRED: how modules are scheduled (in order,
//! on the sandbox clock, after every task is done), how a journey's outcome follows
//! from its steps, and where v1 puts results (`data.process.flow.<variantId>`, whose
//! inside GO does not describe; the sandbox uses the v2 shapes).

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use gbg_go_wire::catalogue::{locate, DomainElement};
use gbg_go_wire::error::GbgError;
use gbg_go_wire::interaction::{Collect, FetchResponse, InteractionBody, JourneyRef};
use gbg_go_wire::journey::{
    FullState, JourneyResult, MetaData, Process, ProcessInstance, ProcessJourney, SlimResult,
    SlimState, SlimStep, StateContext, Step, StepError, StepErrorEntry, StepResult,
};
use gbg_go_wire::status::{
    Classification, Instruction, JourneyStatus as WireStatus, ResultStatus, SlimJourneyStatus,
    SlimResultStatus, Spec,
};
use serde_json::{json, Value};

use crate::catalog::TaskDef;
use crate::clock::rfc3339;
use crate::state::{Decision, Instance, JourneyStatus, StepRun, TaskStatus};

impl Decision {
    /// A journey that failed with no step and no outcome (terminated, or forced to
    /// Failed).
    fn ended_without_outcome() -> Decision {
        Decision {
            steps: Vec::new(),
            failed: true,
            outcome: None,
            classification: None,
        }
    }
}

impl Instance {
    /// The index of the first task not completed (the current interaction in v2).
    pub fn current_task(&self) -> Option<usize> {
        self.tasks
            .iter()
            .position(|t| t.status != TaskStatus::Completed)
    }

    /// A number that changes with every transition, so a handler that validated a
    /// snapshot outside the lock can tell whether the snapshot is still current.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    fn bump(&mut self) {
        self.revision = self.revision.wrapping_add(1);
    }

    /// The modules' total running time.
    fn module_time(&self) -> Duration {
        Duration::from_secs(self.version.modules.iter().map(|m| m.seconds).sum())
    }

    /// Move time forward: when every task is done the modules start; when they have
    /// run (on the sandbox clock) the journey ends with their decision.
    pub fn settle(&mut self, now: SystemTime) {
        if self.status != JourneyStatus::InProgress {
            return;
        }
        if self.modules_started.is_none()
            && self.tasks.iter().all(|t| t.status == TaskStatus::Completed)
        {
            self.modules_started = Some(now);
            self.bump();
        }
        let Some(started) = self.modules_started else {
            return;
        };
        let ends = started + self.module_time();
        if now < ends || self.decision.is_some() {
            return;
        }
        let decision = self.run_modules();
        self.status = if decision.failed {
            JourneyStatus::Failed
        } else {
            JourneyStatus::Completed
        };
        self.decision = Some(decision);
        self.completed = Some(ends);
        self.bump();
    }

    /// Whether the modules are running (no interaction meanwhile).
    pub fn processing(&self) -> bool {
        self.status == JourneyStatus::InProgress && self.modules_started.is_some()
    }

    /// Each module's outcome: the scenario's entry for its key, else the scenario's
    /// `defaultOutcome`, else the module's own. The journey's outcome is the step
    /// outcome of the most severe classification (negative, then neutral, then none,
    /// then positive; the later step among equals), or `Complete` without modules
    /// (INFERRED). A step error fails the journey.
    fn run_modules(&self) -> Decision {
        let steps: Vec<StepRun> = self
            .version
            .modules
            .iter()
            .map(|m| {
                let scripted = self.scenario.as_ref().and_then(|s| s.modules.get(&m.key));
                let outcome = scripted
                    .map(|o| o.outcome.clone())
                    .or_else(|| {
                        self.scenario
                            .as_ref()
                            .and_then(|s| s.default_outcome.clone())
                    })
                    .unwrap_or_else(|| m.outcome.clone());
                StepRun {
                    key: m.key.clone(),
                    name: m.name.clone(),
                    classification: Classification::of_outcome(&outcome),
                    outcome,
                    error: scripted.and_then(|o| o.error.clone()),
                }
            })
            .collect();
        let failed = steps.iter().any(|s| s.error.is_some());
        let severity = |c: &Option<Classification>| match c {
            Some(Classification::Negative) => 3,
            Some(Classification::Neutral) => 2,
            None | Some(Classification::Other(_)) => 1,
            Some(Classification::Positive) => 0,
        };
        let (outcome, classification) = if failed {
            (None, None)
        } else {
            match steps
                .iter()
                .rev()
                .max_by_key(|s| severity(&s.classification))
            {
                Some(s) => (Some(s.outcome.clone()), s.classification.clone()),
                None => (Some("Complete".to_owned()), Some(Classification::Positive)),
            }
        };
        Decision {
            steps,
            failed,
            outcome,
            classification,
        }
    }

    /// End an active journey (`journey/terminate`): it fails with no outcome
    /// (INFERRED). Returns false when it is not active.
    pub fn terminate(&mut self, now: SystemTime) -> bool {
        self.settle(now);
        if self.status != JourneyStatus::InProgress {
            return false;
        }
        self.status = JourneyStatus::Failed;
        self.completed = Some(now);
        self.decision = Some(Decision::ended_without_outcome());
        self.bump();
        true
    }

    /// `/_sandbox/instances/{id}`: force a status GO reaches through its modules.
    /// Failed ends the journey without an outcome, as a module error would (with no
    /// step); InProgress reopens it (no decision); Paused keeps the rest.
    pub fn set_status(&mut self, status: JourneyStatus, now: SystemTime) {
        self.status = status;
        match status {
            JourneyStatus::Failed => {
                self.completed = Some(now);
                self.decision = Some(Decision::ended_without_outcome());
            }
            JourneyStatus::InProgress => {
                self.completed = None;
                self.decision = None;
                self.modules_started = None;
            }
            JourneyStatus::Completed | JourneyStatus::Paused => {}
        }
        self.bump();
    }

    /// Count the elements of `collects` whose data is present in the subject as
    /// collected (prefill, and v1 task completion).
    pub fn collect_present(&mut self, collects: &[crate::catalog::CollectDef]) {
        for c in collects {
            if c.element.is_present(&self.subject) {
                self.collected.insert(c.element.clone());
            }
        }
    }

    /// Complete a task (v1 `Complete`, or an interaction whose elements are all in).
    pub fn complete_task(&mut self, index: usize, by: &'static str, now: SystemTime) {
        let def_collects = self.version.tasks[self.tasks[index].index].collects.clone();
        let task = &mut self.tasks[index];
        task.status = TaskStatus::Completed;
        task.completed_by = Some(by);
        task.pending.clear();
        self.collect_present(&def_collects);
        self.bump();
        self.settle(now);
    }

    /// Store task data (v1 `Save`, or a partial interaction submit).
    pub fn save_task(&mut self, index: usize, data: Value) {
        let task = &mut self.tasks[index];
        task.data = Some(data);
        task.status = TaskStatus::InProgress;
        self.bump();
    }

    /// Apply an interaction submit whose merged subject was validated outside the lock:
    /// the new subject, the elements `participants` name (with their data present),
    /// and the task's completion when nothing is outstanding.
    pub fn apply_submit(
        &mut self,
        index: usize,
        merged: Value,
        named: &[DomainElement],
        progress: &Progress,
        now: SystemTime,
    ) {
        self.subject = merged;
        let def = &self.version.tasks[self.tasks[index].index];
        for e in named {
            if def.collects.iter().any(|c| c.element == *e) && e.is_present(&self.subject) {
                self.collected.insert(e.clone());
            }
        }
        // Re-judge with the collected set just updated.
        let complete = progress.valid
            && !progress.side2_pending
            && def
                .collects
                .iter()
                .filter(|c| c.spec == Spec::Required)
                .all(|c| self.collected.contains(&c.element));
        if complete {
            self.complete_task(index, "submission", now);
        } else {
            self.tasks[index].status = TaskStatus::InProgress;
            self.bump();
        }
    }
}

/// How far a task's data is: its schema violations as catalogue refs, and the
/// `Side2Required` rule.
#[derive(Clone, Debug, Default)]
pub(crate) struct Progress {
    /// The data validates against the task schema.
    pub valid: bool,
    /// Refs of the violations, located in the catalogue (`CurrentAddress/postalCode`).
    pub refs: Vec<String>,
    /// A two-sided document has its front but not its back.
    pub side2_pending: bool,
    /// The violations that are not a missing member (data present but invalid).
    pub broken: Vec<gbg_go_schema::Violation>,
}

/// The name a `required` violation reports missing, as a pointer token.
fn missing_name(v: &gbg_go_schema::Violation) -> Option<String> {
    match &v.kind {
        gbg_go_schema::ViolationKind::Required { property } => {
            Some(property.replace('~', "~0").replace('/', "~1"))
        }
        _ => None,
    }
}

/// Judge the held `subject` for a task (no lock needed: it reads only its
/// arguments), on the members the task declares ([`TaskDef::violations`]).
pub(crate) fn progress(def: &TaskDef, subject: &Value) -> Progress {
    progress_of(def, subject, def.violations(subject))
}

/// Judge a v2 submit: `merged` is what the instance will hold, `held` what it held
/// before `patch` ([`TaskDef::submit_violations`]).
pub(crate) fn submit_progress(
    def: &TaskDef,
    held: &Value,
    patch: &Value,
    merged: &Value,
) -> Progress {
    progress_of(def, merged, def.submit_violations(held, patch))
}

fn progress_of(
    def: &TaskDef,
    subject: &Value,
    violations: Vec<gbg_go_schema::Violation>,
) -> Progress {
    let mut refs = Vec::new();
    let mut broken = Vec::new();
    for v in &violations {
        let mut p = v
            .pointer
            .strip_prefix("/context/subject")
            .unwrap_or("")
            .to_owned();
        match missing_name(v) {
            Some(name) => {
                p.push('/');
                p.push_str(&name);
            }
            None => broken.push(v.clone()),
        }
        if let Some(r) = locate(subject, &p) {
            if def.collects.iter().any(|c| c.element == r.element) {
                refs.push(r.to_string());
            }
        }
    }
    let side2_pending = def.two_sided_documents
        && def
            .collects
            .iter()
            .any(|c| c.element == DomainElement::PrimaryDocument)
        && DomainElement::PrimaryDocument
            .items(subject)
            .first()
            .is_some_and(|d| d.get("side1Image").is_some() && d.get("side2Image").is_none());
    Progress {
        valid: violations.is_empty(),
        refs,
        side2_pending,
        broken,
    }
}

/// `outstanding`: the refs of the current task's violations, then each required
/// element not yet collected (unless one of its leaves is listed already), then the
/// back of a two-sided document.
pub(crate) fn outstanding(
    def: &TaskDef,
    progress: &Progress,
    collected: &BTreeSet<DomainElement>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |r: String| {
        if !out.contains(&r) {
            out.push(r);
        }
    };
    for r in &progress.refs {
        push(r.clone());
    }
    for c in def.collects.iter().filter(|c| c.spec == Spec::Required) {
        let id = c.element.as_str();
        let listed = progress
            .refs
            .iter()
            .any(|r| r == id || r.starts_with(&format!("{id}/")));
        if !collected.contains(&c.element) && !listed {
            push(id.to_owned());
        }
    }
    if progress.side2_pending {
        push("PrimaryDocument/side2Image".to_owned());
    }
    out
}

/// The runtime interaction id of a task: a GRN, as GO's are.
pub(crate) fn interaction_id(i: &Instance, index: usize) -> String {
    format!(
        "grn:::gbg:design:interaction:{}@{}",
        i.version.tasks[i.tasks[index].index].name, i.version.version
    )
}

fn wire_status(s: JourneyStatus) -> WireStatus {
    WireStatus::parse(s.as_str())
}

/// `interaction/fetch` for an active journey: the current interaction with its
/// collects, outstanding refs and instructions, or `processing` while modules run.
/// `progress` is the current task's, computed outside the lock.
pub(crate) fn interaction_view(i: &Instance, progress: Option<&Progress>) -> FetchResponse {
    let mut out = FetchResponse {
        instance_id: i.id.clone(),
        interaction_id: None,
        journey: JourneyRef {
            status: wire_status(i.status),
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
    let grn = interaction_id(i, index);
    out.interaction_id = Some(grn.clone());
    out.interaction = Some(InteractionBody {
        gr_id: Some(grn),
        resource: Some(json!({
            "id": def.name, "name": def.name, "version": i.version.version, "type": "interaction",
        })),
        collects: def
            .collects
            .iter()
            .map(|c| Collect::new(c.element.as_str(), c.spec.clone()))
            .collect(),
        consumes: Vec::new(),
    });
    out.context = Some(json!({ "subject": i.subject }).into());
    out.outstanding = outstanding(def, progress, &i.collected);
    out.processing = Some(false);
    if progress.side2_pending {
        out.instructions.push(Instruction::Side2Required);
    }
    out
}

/// `interaction/fetch?view=slim`: the full view's journey status, outstanding refs
/// and instructions, with the slim result.
pub(crate) fn slim_interaction(i: &Instance, full: &FetchResponse) -> Value {
    json!({
        "journey": full.journey,
        "outstanding": full.outstanding,
        "instructions": full.instructions,
        "result": slim_state(i).result,
    })
}

/// The older spec's 200 answer to `interaction/fetch` once the journey has ended:
/// `{status:"error", code, message}` (never an object without `interaction` and
/// `interactionId`, which GBG's own SDK would reject).
pub(crate) fn ended_interaction(i: &Instance) -> Value {
    json!({
        "status": "error",
        "code": 4009,
        "message": format!("The journey is not active (status {})", i.status.as_str()),
    })
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

fn full_steps(d: Option<&Decision>) -> Vec<Step> {
    d.map(|d| {
        d.steps
            .iter()
            .map(|s| Step {
                node_id: Some(s.key.clone()),
                name: Some(s.name.clone()),
                outcome: Some(s.outcome.clone()),
                outcome_classification: s.classification.clone(),
                result: Some(StepResult {
                    status: Some(
                        if s.error.is_some() {
                            "failed"
                        } else {
                            "completed"
                        }
                        .into(),
                    ),
                    outcome: Some(s.outcome.clone()),
                    error: s.error.as_deref().map(step_error),
                }),
            })
            .collect()
    })
    .unwrap_or_default()
}

fn full_result(i: &Instance) -> JourneyResult {
    match &i.decision {
        None => JourneyResult {
            status: ResultStatus::Pending,
            outcome: None,
            outcome_classification: None,
            advice: json!({}),
        },
        Some(d) => JourneyResult {
            status: if d.failed {
                ResultStatus::Failed
            } else {
                ResultStatus::Completed
            },
            outcome: d.outcome.clone(),
            outcome_classification: d.classification.clone(),
            advice: json!({}),
        },
    }
}

/// v2 `state/fetch` (full view): the subject stays empty until the journey completes,
/// as GO's docs say.
pub(crate) fn full_state(i: &Instance) -> FullState {
    FullState {
        instance_id: i.id.clone(),
        status: wire_status(i.status),
        context: Some(StateContext {
            process: Some(Process {
                journey: Some(process_journey(i)),
                instance: Some(ProcessInstance {
                    id: Some(i.id.clone()),
                    instance_id: Some(i.id.clone()),
                }),
                steps: full_steps(i.decision.as_ref()),
            }),
            subject: Some(if i.status == JourneyStatus::Completed {
                i.subject.clone().into()
            } else {
                json!({}).into()
            }),
            result: Some(full_result(i)),
        }),
        meta_data: None,
        data: None,
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
            data: Some(
                json!({
                    "identity": i.subject.get("identity").cloned().unwrap_or_else(|| json!({})),
                    "documents": i.subject.get("documents").cloned().unwrap_or_else(|| json!([])),
                })
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
    let mut flow = serde_json::Map::new();
    flow.insert(
        i.version.version.clone(),
        json!({
            "steps": full_steps(i.decision.as_ref()),
            "result": full_result(i),
        }),
    );
    FullState {
        instance_id: i.id.clone(),
        status: wire_status(i.status),
        context: Some(StateContext {
            process: None,
            subject: Some(i.subject.clone().into()),
            result: None,
        }),
        meta_data: Some(MetaData {
            created_time: Some(rfc3339(i.created)),
            completed_time: Some(i.completed.map(rfc3339).unwrap_or_default()),
        }),
        data: Some(json!({ "process": { "flow": flow } }).into()),
    }
}

/// `GET /_sandbox/instances/{id}`: what only the sandbox knows (task states, why a
/// task is pending after prefill, collected elements, the scenario, the decision).
pub(crate) fn sandbox_view(i: &Instance) -> Value {
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
        "resourceId": i.resource_id,
        "journeyName": i.journey_name,
        "status": i.status.as_str(),
        "tasks": tasks,
        "collected": i.collected.iter().map(DomainElement::as_str).collect::<Vec<_>>(),
        "scenario": i.scenario,
        "decision": i.decision,
        "review": i.review,
    })
}
