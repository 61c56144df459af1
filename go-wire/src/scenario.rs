//! Sandbox scenarios: the outcome each module gives, chosen at start with the
//! `x-gbg-scenario` header (API-NOTES §3.10).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::status::ScenarioTier;

/// A scenario's data: the outcome of each module by its key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioData {
    /// What the scenario is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The outcome of each module, by module key (required).
    pub modules: BTreeMap<String, ModuleOutcome>,
    /// The outcome of modules the scenario does not list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_outcome: Option<String>,
    /// Their advice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_advice: Option<String>,
    /// What GO's classification module reads from the primary document's front, as
    /// it writes it to `documents[].classification` (API-NOTES §4.3). gbg-go sandbox
    /// extension: `isDoubleSided` decides whether the back is asked for
    /// (`Side2Required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<DocumentClassification>,
}

/// A document's classification, as GO's classification module outputs it (the
/// members the sandbox reads).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentClassification {
    /// Whether the document has information on both sides (a driving licence, an
    /// identity card) or one (a passport).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_double_sided: Option<bool>,
    /// The document category (`Passport`, `DrivingLicence`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// One module's scripted result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleOutcome {
    /// The outcome (required), for example `Pass`, `Refer` or `Fail`.
    pub outcome: String,
    /// Advice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    /// Subject data the module outputs (GBG's example sends `{}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<crate::Personal>,
    /// gbg-go sandbox extension: make the module fail with this problem, so the
    /// journey's result is `failed` with the step's error. GO's own scenarios have no
    /// documented way to do this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `POST /sandbox/journeys/{journeyId}/scenarios`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateScenario {
    /// `^[a-zA-Z0-9_-]{1,64}$`.
    pub name: String,
    /// The scenario.
    pub data: ScenarioData,
}

/// `PUT /sandbox/journeys/{journeyId}/scenarios/{name}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplaceScenario {
    /// The new scenario.
    pub data: ScenarioData,
}

/// The response of create: `{name, journeyId, tier: "org"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioCreated {
    /// The scenario.
    pub name: String,
    /// Its journey.
    pub journey_id: String,
    /// `org`.
    pub tier: ScenarioTier,
}

/// One item of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioSummary {
    /// The scenario.
    pub name: String,
    /// `platform` or `org`.
    pub tier: ScenarioTier,
    /// Whether it may be replaced.
    pub editable: bool,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// ISO 8601.
    pub last_modified_time: String,
    /// Who changed it last.
    pub last_modified_by: String,
}

/// The response of get.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    /// The scenario.
    pub name: String,
    /// Its journey.
    pub journey_id: String,
    /// `platform` or `org`.
    pub tier: ScenarioTier,
    /// The scenario.
    pub data: ScenarioData,
    /// ISO 8601.
    pub last_modified_time: String,
    /// Who changed it last.
    pub last_modified_by: String,
}

/// Whether `s` is a valid journey id or scenario name (`^[a-zA-Z0-9_-]{1,max}$`).
pub fn valid_name(s: &str, max: usize) -> bool {
    (1..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
