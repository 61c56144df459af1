//! A journey instance: its state, every transition of it (each written once), and
//! the views GO gives of it (v1 state, v2 full and slim state, the current
//! interaction).
//!
//! [`Instance`]'s fields are private to this module: a handler reads an instance
//! through its accessors and changes it only through a named transition
//! ([`Instance::start`], [`Instance::settle`], [`Instance::update_task`],
//! [`Instance::apply_submit`], [`Instance::record_upload`], [`Instance::terminate`],
//! [`Instance::set_status`]). Handlers validate data outside the instances lock and
//! apply the result with a transition under it; the API's one "check, then apply"
//! helper re-checks the instance's [`revision`](Instance::revision), so concurrent
//! requests cannot interleave half-applied.
//!
//! What GO does not document is marked INFERRED: how modules are scheduled (in order,
//! on the sandbox clock, after every task is done), how a journey's outcome follows
//! from its steps, and where v1 puts results (`data.process.flow.<variantId>`, whose
//! inside GO does not describe; the sandbox uses the v2 shapes).

mod progress;
mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use gbg_go_wire::catalogue::DomainElement;
use gbg_go_wire::scenario::ScenarioData;
use gbg_go_wire::status::{Classification, Spec};
use gbg_go_wire::task::Intent;
use serde::Serialize;
use serde_json::Value;

use crate::capture::merge_members;
use crate::catalog::{TaskDef, Version};
use crate::state::{JourneyStatus, Reason, TaskStatus};

pub(crate) use progress::{progress, submit_progress, Progress, SideRule};
pub(crate) use views::{
    after_interactions, full_state, inside, interaction_collects, interaction_id, interaction_view,
    sandbox_view, slim_interaction, slim_state, v1_state, Inside,
};

/// One task (a v2 interaction) of an instance. Read through [`Instance::tasks`];
/// changed only by the instance's transitions.
#[derive(Debug)]
pub(crate) struct TaskState {
    id: String,
    index: usize,
    status: TaskStatus,
    data: Option<Value>,
    completed_by: Option<&'static str>,
    pending: Vec<Reason>,
}

impl TaskState {
    /// The task's id (v1's `taskId`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its lifecycle state.
    pub fn status(&self) -> TaskStatus {
        self.status
    }

    /// The data saved for it (v1 `Save`).
    pub fn data(&self) -> Option<&Value> {
        self.data.as_ref()
    }
}

/// What one module gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StepRun {
    key: String,
    name: String,
    outcome: String,
    classification: Option<Classification>,
    /// The module failed with this problem.
    error: Option<String>,
}

/// The journey's decision, once its modules have run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Decision {
    steps: Vec<StepRun>,
    /// A module failed (or the journey was terminated).
    failed: bool,
    outcome: Option<String>,
    classification: Option<Classification>,
}

/// A journey instance. Its fields are private to this module (see the module docs).
#[derive(Debug)]
pub(crate) struct Instance {
    id: String,
    resource_id: String,
    journey_id: String,
    journey_name: String,
    version: Arc<Version>,
    status: JourneyStatus,
    created: SystemTime,
    completed: Option<SystemTime>,
    subject: Value,
    tasks: Vec<TaskState>,
    /// v2: the catalogue elements collected (named in a submit's `participants` with
    /// their data present, or present in the prefill).
    collected: BTreeSet<DomainElement>,
    /// The scenario chosen at start (`x-gbg-scenario` or the start body's `scenario`).
    scenario: Option<ScenarioData>,
    /// When every task was done and the modules started.
    modules_started: Option<SystemTime>,
    /// Set once the modules have run (or the journey was terminated).
    decision: Option<Decision>,
    /// A manual review submitted through `context.reviewers`.
    review: Option<Value>,
    /// `gofsKey` → the element it was uploaded for.
    uploads: BTreeMap<String, String>,
    /// The last interaction `interaction/fetch` served (its task index): named again
    /// by the fetch that answers after the end.
    served: Option<usize>,
    /// Changes with every transition.
    revision: u64,
}

/// What `journey/start` resolved and judged before creating an instance.
pub(crate) struct Start {
    /// The new instance's id.
    pub id: String,
    /// `<id>@<version>` as resolved.
    pub resource_id: String,
    /// The journey's id and display name.
    pub journey_id: String,
    pub journey_name: String,
    /// The published version.
    pub version: Arc<Version>,
    /// The prefill (`{}` for none).
    pub subject: Value,
    /// One id per task of the version, in order.
    pub task_ids: Vec<String>,
    /// The scenario chosen at start.
    pub scenario: Option<ScenarioData>,
}

/// A v2 submit judged outside the lock: what the instance will hold, the elements
/// `participants` named, and a manual review.
pub(crate) struct Submit {
    pub merged: Value,
    pub named: Vec<DomainElement>,
    pub review: Option<Value>,
}

/// What decides a primary document's sides besides the document: the scenario's
/// classification and the journey version's default.
fn side_rule_of(scenario: Option<&ScenarioData>, version: &Version) -> SideRule {
    SideRule {
        classified: scenario
            .and_then(|s| s.classification.as_ref())
            .and_then(|c| c.is_double_sided),
        default: version.settings.document_sides,
    }
}

/// What a v1 `task/update` asks of a task.
pub(crate) enum TaskUpdate {
    /// The task is completed already (a duplicate submission).
    AlreadyCompleted,
    /// Applied (or, for `Validate`, checked).
    Applied,
}

impl Instance {
    /// Create an instance at `journey/start`: each task is completed by the prefill
    /// when the prefill satisfies it (judged by [`TaskDef::violations`], on the
    /// members the task declares), or keeps why it is pending; elements present in
    /// the prefill count as collected; time moves to `now` (modules may start).
    /// Returns the instance and how many tasks the prefill completed.
    pub fn start(start: Start, now: SystemTime) -> (Instance, u64) {
        let Start {
            id,
            resource_id,
            journey_id,
            journey_name,
            version,
            subject,
            task_ids,
            scenario,
        } = start;
        let has_prefill = subject.as_object().is_some_and(|m| !m.is_empty());
        let rule = side_rule_of(scenario.as_ref(), &version);
        let mut prefilled = 0;
        let tasks = version
            .tasks
            .iter()
            .zip(task_ids)
            .enumerate()
            .map(|(index, (def, id))| {
                let violations = def.violations(&subject);
                // The capture rules hold for a prefill too: a prefilled document
                // without its front, or a two-sided one without its back, leaves the
                // task open (INFERRED, DESIGN *Capture semantics*).
                let judged = progress(def, &subject, rule);
                let done = has_prefill && judged.valid && !judged.side2_pending;
                prefilled += u64::from(done);
                TaskState {
                    id,
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
                }
            })
            .collect();
        let mut instance = Instance {
            id,
            resource_id,
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
            served: None,
            revision: 0,
        };
        for def in &version.tasks {
            instance.collect_present(&def.collects);
        }
        instance.settle(now);
        (instance, prefilled)
    }

    /// The instance id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its status.
    pub fn status(&self) -> JourneyStatus {
        self.status
    }

    /// Its tasks, in order.
    pub fn tasks(&self) -> &[TaskState] {
        &self.tasks
    }

    /// What it holds of the subject (prefill and every submit, merged).
    pub fn subject(&self) -> &Value {
        &self.subject
    }

    /// The definition of its task at `index`.
    pub fn task_def(&self, index: usize) -> &TaskDef {
        &self.version.tasks[self.tasks[index].index]
    }

    /// What decides its primary document's sides besides the document: the
    /// scenario's classification and the journey version's default.
    pub fn side_rule(&self) -> SideRule {
        side_rule_of(self.scenario.as_ref(), &self.version)
    }

    /// The current task's index and definition (the current interaction in v2), unless
    /// modules are running or every task is done.
    pub fn current(&self) -> Option<(usize, &TaskDef)> {
        self.current_task()
            .filter(|_| !self.processing())
            .map(|index| (index, self.task_def(index)))
    }

    /// A v1 `task/update` judged outside the lock (`violations` of `data`, empty for
    /// `Save`): refused when the task is completed already; otherwise `Save` stores
    /// the data, `Complete` merges it into the subject and completes the task, and
    /// `Validate` changes nothing.
    pub fn update_task(
        &mut self,
        index: usize,
        intent: &Intent,
        data: Value,
        now: SystemTime,
    ) -> TaskUpdate {
        if self.tasks[index].status == TaskStatus::Completed {
            return TaskUpdate::AlreadyCompleted;
        }
        match intent {
            Intent::Save => self.save_task(index, data),
            Intent::Complete => {
                merge_members(&mut self.subject, &data);
                self.tasks[index].data = Some(data);
                self.complete_task(index, "submission", now);
            }
            _ => {}
        }
        TaskUpdate::Applied
    }

    /// Remember that `interaction/fetch` served the interaction of task `index` (a
    /// fact about what the client saw, not about the data: the revision stays).
    pub fn note_served(&mut self, index: usize) {
        self.served = Some(index);
    }

    /// Remember an asset upload's key and the element it was uploaded for.
    pub fn record_upload(&mut self, key: String, element: String) {
        self.uploads.insert(key, element);
        self.bump();
    }

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
    fn collect_present(&mut self, collects: &[crate::catalog::CollectDef]) {
        for c in collects {
            if c.element.is_present(&self.subject) {
                self.collected.insert(c.element.clone());
            }
        }
    }

    /// Complete a task (v1 `Complete`, or an interaction whose elements are all in).
    fn complete_task(&mut self, index: usize, by: &'static str, now: SystemTime) {
        let def_collects = self.version.tasks[self.tasks[index].index].collects.clone();
        let task = &mut self.tasks[index];
        task.status = TaskStatus::Completed;
        task.completed_by = Some(by);
        task.pending.clear();
        self.collect_present(&def_collects);
        self.bump();
        self.settle(now);
    }

    /// Store task data (v1 `Save`).
    fn save_task(&mut self, index: usize, data: Value) {
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
        submit: Submit,
        progress: &Progress,
        now: SystemTime,
    ) {
        let Submit {
            merged,
            named,
            review,
        } = submit;
        if review.is_some() {
            self.review = review;
        }
        self.subject = merged;
        let def = &self.version.tasks[self.tasks[index].index];
        for e in &named {
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
