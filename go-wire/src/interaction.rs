//! v2 interactions: fetch, submit and asset upload (API-NOTES §3.3–§3.5).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::status::{Combinator, FetchScope, Instruction, JourneyStatus, Spec};
use crate::Personal;

/// `POST /journey/interaction/fetch` (`?view=full|slim`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FetchRequest {
    /// The instance.
    pub instance_id: String,
    /// `subject` (the default) or `reviewer` (manual review).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<FetchScope>,
}

/// The current interaction.
///
/// GO's newest spec requires only `instanceId` and `journey.status`; the older one
/// also `interactionId` and `interaction`, and offers [`FetchError`] as the other
/// shape of a 200. While modules run, `processing` is true and there is no
/// interaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FetchResponse {
    /// The instance.
    pub instance_id: String,
    /// The runtime interaction id (a GRN); send it back on submit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<String>,
    /// The journey's status.
    pub journey: JourneyRef,
    /// What to render and what it collects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction: Option<InteractionBody>,
    /// Part of the journey context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Personal>,
    /// For example `Side2Required`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instructions: Vec<Instruction>,
    /// Catalogue refs not yet collected: elements (`FullName`) or leaves
    /// (`PrimaryDocument/side1Image`).
    #[serde(default)]
    pub outstanding: Vec<String>,
    /// Groups of refs of which at least one is needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outstanding_groups: Vec<OutstandingGroup>,
    /// True while modules run (no interaction yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing: Option<bool>,
    /// The result, once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Personal>,
}

/// The older spec's other 200 shape: `{status:"error", code, message}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FetchError {
    /// Always `error`.
    pub status: String,
    /// A number (the sandbox sends the documented code, e.g. 4009, as an integer).
    pub code: serde_json::Number,
    /// What happened.
    pub message: String,
}

/// `POST /journey/interaction/fetch?view=slim`: the journey's status, what is
/// outstanding, the instructions and the slim result (API-NOTES §3.3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlimFetchResponse {
    /// The journey's status.
    pub journey: JourneyRef,
    /// Catalogue refs still to collect.
    #[serde(default)]
    pub outstanding: Vec<String>,
    /// Pending instructions (`Side2Required`, …).
    #[serde(default)]
    pub instructions: Vec<Instruction>,
    /// The slim view's result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<crate::journey::SlimResult>,
}

/// `journey` of a fetch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JourneyRef {
    /// The journey's status.
    pub status: JourneyStatus,
}

/// `interaction` of a fetch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionBody {
    /// The interaction's GRN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gr_id: Option<String>,
    /// The UI to render (pages of cards), kept as GO sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Value>,
    /// The domain elements this interaction gathers.
    #[serde(default)]
    pub collects: Vec<Collect>,
    /// Read-only context elements.
    #[serde(default)]
    pub consumes: Vec<Collect>,
}

/// The `resource` the sandbox serves for an interaction: which design it is. (GO's
/// own `resource` is the UI to render, pages of cards, which the sandbox does not
/// emulate; clients keep `resource` as a [`Value`].)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionResource {
    /// The interaction's design id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The journey version.
    pub version: String,
    /// `interaction`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// One `collects` (or `consumes`) item: a catalogue ref, or a group of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Collect {
    /// The catalogue ref (`FullName`, `PrimaryDocument`, …).
    #[serde(rename = "ref")]
    pub reference: String,
    /// Required, optional or conditional.
    pub spec: Spec,
    /// Recommended although optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommended: Option<bool>,
    /// The parent's spec (observed; an element whose parent is optional is never
    /// outstanding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_spec: Option<Spec>,
    /// For a group: how its inputs combine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combinator: Option<Combinator>,
    /// For a group: its members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Collect>,
}

impl Collect {
    /// A plain collect.
    pub fn new(reference: impl Into<String>, spec: Spec) -> Collect {
        Collect {
            reference: reference.into(),
            spec,
            recommended: None,
            parent_spec: None,
            combinator: None,
            inputs: Vec::new(),
        }
    }
}

/// `outstandingGroups[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutstandingGroup {
    /// The element.
    pub element_id: String,
    /// `at-least-one`.
    pub cardinality: String,
    /// The refs of the group.
    pub refs: Vec<String>,
}

/// `POST /journey/interaction/submit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitRequest {
    /// The instance.
    pub instance_id: String,
    /// The runtime interaction id from fetch.
    pub interaction_id: String,
    /// Which domain elements this call covers. Without them GO answers success but
    /// collects nothing.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// The data.
    pub context: SubmitContext,
}

/// `participants[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    /// A catalogue ref.
    pub domain_element_id: String,
    /// Instructions this submission answers (newest spec).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Vec<String>>,
}

impl Participant {
    /// A participant naming one element.
    pub fn new(domain_element_id: impl Into<String>) -> Participant {
        Participant {
            domain_element_id: domain_element_id.into(),
            instructions: None,
        }
    }
}

/// `context` of a submit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmitContext {
    /// The subject data (required by the newest spec).
    pub subject: Personal,
    /// Manual review (at most one reviewer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewers: Option<Vec<Reviewer>>,
}

/// `context.reviewers[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reviewer {
    /// The review.
    pub manual_review: ManualReview,
}

/// A manual review decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualReview {
    /// 0–9.
    pub decision: u8,
    /// At most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The response of submit: `{"status":"success"}`. It only acknowledges; fetch again
/// for the next interaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitResponse {
    /// `success`.
    pub status: String,
}

/// The response of an asset upload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetUploadResponse {
    /// The element the bytes were stored for.
    pub domain_element_id: String,
    /// The storage key; put it where the base64 image would go.
    pub gofs_key: String,
}

/// The elements GO accepts uploads for.
pub const UPLOADABLE: &[&str] = &[
    "EncryptedSelfie/selfieImage",
    "Selfie/selfieImage",
    "PrimaryDocument/side1Image",
    "PrimaryDocument/side2Image",
];
