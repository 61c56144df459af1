//! Journey lifecycle: start, state (full, slim and v1), terminate, delete and
//! `schema/fetch` (API-NOTES §3.2, §3.6, §3.7).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::GbgError;
use crate::status::{
    Classification, Delivery, JourneyStatus, ResultStatus, SlimJourneyStatus, SlimResultStatus,
    StartStatus,
};
use crate::Personal;

/// `POST /journey/start`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartRequest {
    /// `<id>@<version>`, `<id>@latest` or a bare `<id>` (see [`crate::ResourceId`]).
    /// GO also accepts `deliveryId` (its own 400 message names it), read as an alias.
    #[serde(alias = "deliveryId")]
    pub resource_id: String,
    /// `config` (required in v2) and `subject` (the prefill). The newest spec
    /// requires `context`; v1 starts without one, so an absent `context` reads as
    /// empty.
    #[serde(default)]
    pub context: StartContext,
    /// Sandbox only (GBG's newest SDK, API-NOTES §3.2): a scenario given inline;
    /// the `x-gbg-scenario` header names a stored one instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<crate::scenario::ScenarioData>,
}

/// `context` of a start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StartContext {
    /// Required in v2, optional in v1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<StartConfig>,
    /// What the caller already knows (`{}` = no prefill, also when absent: the spec
    /// requires the member).
    #[serde(default = "no_prefill")]
    pub subject: Personal,
    /// Any other member of `context`, kept as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Default for StartContext {
    /// No config, no prefill (`subject: {}`).
    fn default() -> StartContext {
        StartContext {
            config: None,
            subject: no_prefill(),
            other: Map::new(),
        }
    }
}

/// `{}`: GO's non-prefill mode.
fn no_prefill() -> Personal {
    Personal(Value::Object(Map::new()))
}

/// `context.config` of a start.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartConfig {
    /// `page` (hosted, with `instanceUrl`) or `api`; required in v2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    /// Wait and return the outcome inline (requires `delivery: "api"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_result: Option<bool>,
    /// With `inlineResult`: how long to wait (GO clamps it to about 55 s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_wait_seconds: Option<u32>,
    /// v1 only: return the instance id at once instead of after prefill processing.
    #[serde(default, rename = "async", skip_serializing_if = "Option::is_none")]
    pub async_start: Option<bool>,
    /// Other documented members (`branding`, `linkConfig`, `overlay`, `assisted`), kept
    /// as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The response of a start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartResponse {
    /// The new instance (16–64 characters).
    pub instance_id: String,
    /// `started`, or with `inlineResult` the state reached. v1 sends only
    /// `instanceId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StartStatus>,
    /// For `delivery: "page"`: the hosted page, a path relative to the regional host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_url: Option<String>,
    /// A human message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// With `inlineResult`: how long GO waited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waited_seconds: Option<u64>,
    /// With `inlineResult`: the state, as `state/fetch` gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Box<FullState>>,
}

/// `POST /journey/state/fetch` (full view, the default; `?view=full`).
///
/// v2 puts the decision under `context.result` and the modules' steps under
/// `context.process.steps`; v1 puts results under `data.process.flow.<variantId>` and
/// times under `metaData`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FullState {
    /// The instance.
    pub instance_id: String,
    /// `InProgress`, `Completed`, `Failed` or `Paused`.
    pub status: JourneyStatus,
    /// `process`, `subject` (empty until the journey completes, in v2) and `result`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<StateContext>,
    /// v1: `createdTime` and `completedTime` (`""` while running).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_data: Option<MetaData>,
    /// v1: free-form; results under `process.flow.<variantId>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Personal>,
    /// The decision at the top level, as GBG's newest `StateFetchResponse` has it
    /// (API-NOTES §3.6); the sandbox sends it in `context.result` as well.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<JourneyResult>,
}

/// v1's `data` in the state view: results under `process.flow.<variantId>`. GO does
/// not describe the inside of a flow; the sandbox puts the v2 shapes there (steps and
/// result; INFERRED).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct V1Data {
    /// The process.
    pub process: V1Process,
}

/// `data.process` of the v1 state view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct V1Process {
    /// One flow per variant (the sandbox's variant id is the journey version).
    pub flow: std::collections::BTreeMap<String, V1Flow>,
}

/// One flow of `data.process.flow`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct V1Flow {
    /// The modules' steps.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// The decision.
    pub result: JourneyResult,
}

/// `context` of the full state view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateContext {
    /// The journey, the instance and the steps run so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<Process>,
    /// The collected subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Personal>,
    /// The decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<JourneyResult>,
}

/// `context.process`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Process {
    /// Which journey and version, and when it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journey: Option<ProcessJourney>,
    /// The instance ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<ProcessInstance>,
    /// The steps executed so far (empty while in progress).
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// `context.process.journey` (and the slim view's `journey`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessJourney {
    /// The journey's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The journey id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The version that ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// ISO 8601 with milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// Set once the journey ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
}

/// `context.process.instance`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessInstance {
    /// The instance id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The instance id again (GO sends both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

/// One executed step (a module) in the full view.
///
/// GO's docs name the array only; the members are those GBG's sample backend observed
/// (`result {status, outcome, error}`) plus the slim view's (`nodeId`, `name`,
/// `outcome`, `outcomeClassification`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// The journey node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
    /// The module's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The outcome configured for this result (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Positive, negative, neutral, or `null`.
    #[serde(default)]
    pub outcome_classification: Option<Classification>,
    /// The step's own result, with its error when the module failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<StepResult>,
}

/// `steps[].result`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    /// The step's status (free text as observed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The step's outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Present when the module failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<StepError>,
}

/// A module's error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepError {
    /// What went wrong.
    #[serde(default)]
    pub errors: Vec<StepErrorEntry>,
    /// GBG's correlation id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
}

/// One entry of a step error (GBG's sample backend saw these members).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepErrorEntry {
    /// The error's name (for example `GET_CREDENTIALS_ERROR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// What is wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// What to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// A code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// `context.result`: the decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JourneyResult {
    /// `pending`, `completed` or `failed`.
    pub status: ResultStatus,
    /// The journey's outcome (free text configured in the journey).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Positive, negative, neutral, or `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_classification: Option<Classification>,
    /// Advice (empty until completion).
    #[serde(default)]
    pub advice: Value,
}

/// v1 `metaData`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaData {
    /// When the instance was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// When it completed; `""` while running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_time: Option<String>,
}

/// `POST /journey/state/fetch?view=slim`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlimState {
    /// The instance.
    pub instance_id: String,
    /// `InProgress`, `Completed` or `Error`.
    pub status: SlimJourneyStatus,
    /// Which journey and version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journey: Option<ProcessJourney>,
    /// The steps run so far.
    #[serde(default)]
    pub steps: Vec<SlimStep>,
    /// The decision; its `status` is authoritative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<SlimResult>,
}

/// A step of the slim view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlimStep {
    /// The journey node (required).
    pub node_id: String,
    /// The module's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Positive, negative, neutral, or `null`.
    #[serde(default)]
    pub outcome_classification: Option<Classification>,
}

/// The slim view's `result`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlimResult {
    /// `pending`, `complete`, `error` or `timeout`: the authoritative signal.
    pub status: SlimResultStatus,
    /// The outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Positive, negative, neutral, or `null`.
    #[serde(default)]
    pub outcome_classification: Option<Classification>,
    /// Errors, when the status is `error`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<GbgError>,
    /// Verified output (`identity`, `documents[]`); may be briefly absent right after
    /// `complete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Personal>,
}

/// `POST /journey/terminate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TerminateRequest {
    /// The instance.
    pub instance_id: String,
    /// Why (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The response of terminate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TerminateResponse {
    /// The instance.
    pub instance_id: String,
}

/// The response of `state/delete`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteResponse {
    /// The instance.
    pub instance_id: String,
    /// `deleted` (the newest spec).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A human message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `POST /journey/schema/fetch`: the design-time schemas of a journey's interactions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SchemaFetchRequest {
    /// As at start (at most 256 characters).
    pub resource_id: String,
    /// Only this interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<String>,
    /// Only this instruction's variant (requires `interactionId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction: Option<String>,
}

/// The response of `schema/fetch`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaFetchResponse {
    /// The journey (delivery) id.
    pub delivery_id: String,
    /// The version `@latest` (or the given version) resolved to; join
    /// `<deliveryId>@<resolvedVersion>` to pin a start.
    pub resolved_version: String,
    /// One schema per interaction (and instruction).
    pub schemas: Vec<InteractionSchema>,
}

/// One interaction's design-time schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionSchema {
    /// The design-time interaction id (not accepted by submit).
    pub interaction_id: String,
    /// The instruction variant, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction: Option<String>,
    /// The JSON Schema.
    pub schema: Value,
}
