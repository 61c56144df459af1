//! Identifiers and results of client operations.

use std::fmt;

use serde_json::Value;

pub use gbg_go_wire::catalogue::{DomainElement, ElementRef};
pub use gbg_go_wire::interaction::{Collect, Participant};
pub use gbg_go_wire::journey::StepErrorEntry;
pub use gbg_go_wire::status::{
    Classification, Delivery, DevicePosition, DeviceScope, Instruction, JourneyStatus,
    ResultStatus, SlimJourneyStatus, SlimResultStatus, Spec, StartStatus,
};
pub use gbg_go_wire::{ResourceId, ResourceIdError};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Wrap an id GO returned.
            pub fn new(id: impl Into<String>) -> $name {
                $name(id.into())
            }
            /// The id.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> $name {
                $name(s)
            }
        }
    };
}

id_type!(
    /// A journey instance (`instanceId`, 16–64 characters).
    InstanceId
);
id_type!(
    /// A v1 task (`taskId`).
    TaskId
);

/// What `start_journey` returns.
#[derive(Clone, Debug, PartialEq)]
pub struct StartedJourney {
    /// The new instance.
    pub instance_id: InstanceId,
    /// The hosted journey page for `delivery: "page"`, made absolute against the
    /// platform host (GO sends a path).
    pub instance_url: Option<String>,
    /// GO's start status (`started`; with `inline_result`, the state reached).
    pub status: Option<StartStatus>,
    /// GO's message.
    pub message: Option<String>,
    /// With `inline_result`: the state GO returned inline.
    pub state: Option<JourneyState>,
}

/// Options of [`Client::start_journey_with`](super::Client::start_journey_with).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartOptions {
    /// `context.config.delivery` (default: the client's, `api` unless set).
    pub delivery: Option<Delivery>,
    /// Wait for the outcome and return it inline (GO requires `delivery: api`).
    pub inline_result: bool,
    /// With `inline_result`: how long GO may wait (it clamps to about 55 s).
    pub sync_wait_seconds: Option<u32>,
    /// A sandbox scenario by name (the `x-gbg-scenario` header).
    pub scenario: Option<String>,
}

/// What `task/update` should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Intent {
    /// Store the data; the task becomes In Progress.
    Save,
    /// Validate and complete the task.
    Complete,
    /// Validate only; nothing is stored.
    Validate,
}

impl Intent {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Intent::Save => "Save",
            Intent::Complete => "Complete",
            Intent::Validate => "Validate",
        }
    }
}

/// Where a journey stands, as GO's documentation describes it to users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// In progress and waiting for the end user: v1 has open tasks; v2 has
    /// outstanding elements and is not processing. Only
    /// [`Client::fetch_phase`](super::Client::fetch_phase) reports it (it asks GO a second
    /// question); [`JourneyState::phase`] never does.
    PendingInput,
    /// In progress (modules running, or input not asked about).
    InProgress,
    /// Completed.
    Completed,
    /// Failed (a module error, termination or abandonment).
    Failed,
    /// Paused.
    Paused,
}

/// A task's lifecycle, derived by the client from what GO sends: a listed task is
/// Assigned, In Progress once this client saved data for it, and Completed when it is
/// no longer listed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TaskState {
    /// Waiting for the end user.
    Assigned,
    /// Data saved (by this client), not completed.
    InProgress,
    /// No longer listed.
    Completed,
}

/// One task's progress (see [`TaskState`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskProgress {
    /// The task.
    pub task_id: TaskId,
    /// Its state.
    pub state: TaskState,
}

/// The decision of a journey, in one word.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Still running.
    Pending,
    /// Finished with a positive classification (pass, accept).
    Positive,
    /// Finished with a neutral classification (refer, review).
    Neutral,
    /// Finished with a negative classification (fail, reject).
    Negative,
    /// Finished without a classification.
    Unclassified,
    /// A module failed, or the journey was terminated or abandoned.
    Failed,
}

/// The journey's result: `context.result` (full view) or `result` (slim view), or
/// for v1 `data.process.flow.<variantId>.result`.
#[derive(Clone, Debug, PartialEq)]
pub struct JourneyResult {
    /// The full view's `status` (`pending`, `completed`, `failed`).
    pub status: Option<ResultStatus>,
    /// The slim view's `status` (`pending`, `complete`, `error`, `timeout`): GO calls
    /// it authoritative.
    pub slim_status: Option<SlimResultStatus>,
    /// The journey's outcome (free text configured in the journey).
    pub outcome: Option<String>,
    /// Positive, negative, neutral, or none.
    pub classification: Option<Classification>,
    /// GO's advice (empty until completion).
    pub advice: Value,
    /// The slim view's errors.
    pub errors: Vec<super::GbgError>,
}

impl JourneyResult {
    /// The decision: the slim status when there is one (it wins), else the full
    /// status, then the classification.
    pub fn decision(&self) -> Decision {
        // Both spellings of the full view's status (`completed`/`failed` in GO's docs
        // and v1, `complete`/`error` in its newest description) read alike.
        let failed = matches!(self.slim_status, Some(SlimResultStatus::Error))
            || (self.slim_status.is_none()
                && matches!(
                    self.status,
                    Some(ResultStatus::Failed | ResultStatus::Error)
                ));
        let pending = match (&self.slim_status, &self.status) {
            (Some(s), _) => *s == SlimResultStatus::Pending,
            (None, Some(s)) => *s == ResultStatus::Pending,
            (None, None) => true,
        };
        if failed {
            Decision::Failed
        } else if pending {
            Decision::Pending
        } else {
            match self.classification {
                Some(Classification::Positive) => Decision::Positive,
                Some(Classification::Neutral) => Decision::Neutral,
                Some(Classification::Negative) => Decision::Negative,
                _ => Decision::Unclassified,
            }
        }
    }
}

/// One executed step (a module).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The journey node.
    pub node_id: Option<String>,
    /// The module's name.
    pub name: Option<String>,
    /// Its outcome.
    pub outcome: Option<String>,
    /// Positive, negative, neutral, or none.
    pub classification: Option<Classification>,
    /// The module's error, when it failed.
    pub error: Vec<StepErrorEntry>,
}

/// `journey/state/fetch`: the status, the decision and the steps, as GO documents
/// them for the full view, the slim view and v1.
#[derive(Clone, PartialEq)]
pub struct JourneyState {
    /// The instance.
    pub instance_id: InstanceId,
    /// GO's journey status (the full view's and v1's vocabulary; the slim view's
    /// `Error` reads as `Failed`).
    pub status: JourneyStatus,
    /// The slim view's own status, when this came from the slim view.
    pub slim_status: Option<SlimJourneyStatus>,
    /// When it started (`metaData.createdTime` or `process.journey.startedAt`).
    pub created_time: Option<String>,
    /// When it ended (absent or empty while running).
    pub completed_time: Option<String>,
    /// The result, when GO sent one.
    pub result: Option<JourneyResult>,
    /// The steps run so far.
    pub steps: Vec<Step>,
    pub(crate) subject: Value,
    pub(crate) raw: Value,
}

impl JourneyState {
    /// In Progress, Completed, Failed or Paused, from the status alone (never Pending
    /// Input: see [`Client::fetch_phase`](super::Client::fetch_phase)).
    pub fn phase(&self) -> Phase {
        match self.status {
            JourneyStatus::Completed => Phase::Completed,
            JourneyStatus::Failed => Phase::Failed,
            JourneyStatus::Paused => Phase::Paused,
            _ => Phase::InProgress,
        }
    }

    /// The decision ([`Decision::Pending`] without a result).
    pub fn decision(&self) -> Decision {
        match &self.result {
            Some(r) => r.decision(),
            None if self.status == JourneyStatus::Failed => Decision::Failed,
            None => Decision::Pending,
        }
    }

    /// The collected `context.subject` (personal data: `Debug` does not print it).
    /// In v2's full view GO leaves it empty until the journey completes.
    pub fn subject(&self) -> &Value {
        &self.subject
    }

    /// The whole response, for anything not typed here (holds personal data).
    pub fn raw(&self) -> &Value {
        &self.raw
    }
}

impl fmt::Debug for JourneyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JourneyState")
            .field("instance_id", &self.instance_id)
            .field("status", &self.status)
            .field("slim_status", &self.slim_status)
            .field("created_time", &self.created_time)
            .field("completed_time", &self.completed_time)
            .field("result", &self.result)
            .field("steps", &self.steps)
            .field("subject", &crate::__private::Redact(&self.subject))
            .finish_non_exhaustive()
    }
}

/// `journey/interaction/fetch` (v2).
#[derive(Clone, PartialEq)]
pub struct Interaction {
    /// The instance.
    pub instance_id: InstanceId,
    /// The current interaction, absent while modules run or once the journey ended.
    pub interaction_id: Option<String>,
    /// The journey's status.
    pub status: JourneyStatus,
    /// What the interaction gathers (catalogue refs with their specs).
    pub collects: Vec<Collect>,
    /// What it still needs: elements (`FullName`) or leaves
    /// (`PrimaryDocument/side1Image`).
    pub outstanding: Vec<ElementRef>,
    /// Instructions such as `Side2Required`.
    pub instructions: Vec<Instruction>,
    /// True while modules run (there is no interaction meanwhile).
    pub processing: bool,
    /// GO's message when it answered with its `{status: "error"}` form (the
    /// journey has ended).
    pub ended: Option<String>,
    /// The decision, when GO sent one with the interaction: once the journey has
    /// ended (or is paused), `interaction/fetch` answers with the full view's
    /// `result` (GBG's newest description).
    pub result: Option<JourneyResult>,
    pub(crate) raw: Value,
}

impl Interaction {
    /// The decision this fetch reports: the `result` GO sent (the journey has ended),
    /// else pending, or failed when the journey failed without one.
    pub fn decision(&self) -> Decision {
        match &self.result {
            Some(r) => r.decision(),
            None if self.status == JourneyStatus::Failed => Decision::Failed,
            None => Decision::Pending,
        }
    }

    /// Whether the end user still has something to give (DESIGN's Pending Input).
    pub fn pending_input(&self) -> bool {
        self.status == JourneyStatus::InProgress
            && !self.processing
            && self.interaction_id.is_some()
            && !self.outstanding.is_empty()
    }

    /// The participants DESIGN's rule gives for `subject`: the top-level refs of
    /// `collects` with at least one mapped leaf present.
    pub fn participants_for(&self, subject: &Value) -> Vec<Participant> {
        gbg_go_wire::catalogue::participants(&self.collects, subject)
    }

    /// The whole response (holds `context.subject`: personal data).
    pub fn raw(&self) -> &Value {
        &self.raw
    }
}

impl fmt::Debug for Interaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interaction")
            .field("instance_id", &self.instance_id)
            .field("interaction_id", &self.interaction_id)
            .field("status", &self.status)
            .field("collects", &self.collects)
            .field("outstanding", &self.outstanding)
            .field("instructions", &self.instructions)
            .field("processing", &self.processing)
            .finish_non_exhaustive()
    }
}

/// A connect secret from `journey/device/start` (one use, short-lived): exchange it
/// yourself, or hand it to GBG's iOS/Android SDKs or a WebView.
#[derive(Clone)]
pub struct ConnectSecret {
    pub(crate) secret: secrecy::SecretString,
    /// How long it stays valid.
    pub expires_in: std::time::Duration,
    /// The scope GO granted.
    pub scope: Vec<DeviceScope>,
}

impl ConnectSecret {
    /// The secret itself, for hand-off to a device. Treat it as a password: it
    /// grants the end user's session for this instance.
    pub fn expose(&self) -> &str {
        secrecy::ExposeSecret::expose_secret(&self.secret)
    }
}

impl fmt::Debug for ConnectSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectSecret")
            .field("secret", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .finish()
    }
}

/// A link for a second device (`journey/instance/{id}/handoff-token`).
#[derive(Clone)]
pub struct Handoff {
    pub(crate) instance_url: secrecy::SecretString,
    /// `origin` or `joined`.
    pub device_position: Option<DevicePosition>,
    /// How long the link stays valid.
    pub expires_in: std::time::Duration,
}

impl Handoff {
    /// The absolute URL for the second device. It carries a secret.
    pub fn instance_url(&self) -> &str {
        secrecy::ExposeSecret::expose_secret(&self.instance_url)
    }
}

impl fmt::Debug for Handoff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handoff")
            .field("instance_url", &"<redacted>")
            .field("device_position", &self.device_position)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}
