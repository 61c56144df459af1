//! The console's and the end-user page's view models: typed, serialized as the JSON
//! their scripts render. Built from the catalogue and from the instance's own views
//! (`journey::inside`, `journey::interaction_view`): what the console shows of an
//! instance is what GO's API would answer about it, plus what only the sandbox knows.

use serde::Serialize;
use serde_json::Value;

use gbg_go_wire::interaction::{Collect, UPLOADABLE};
use gbg_go_wire::status::{Instruction, Spec};
use gbg_go_wire::Personal;

use crate::api::journeys::page_url;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::faults::Faults;
use crate::journey::{self, Inside};
use crate::state::{lock, Counters, JourneyStatus, LogEntry, Shared};

/// A published journey.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct JourneyView {
    pub resource_id: String,
    pub name: String,
    pub latest: String,
    pub versions: Vec<VersionView>,
    /// The names of its stored sandbox scenarios.
    pub scenarios: Vec<String>,
}

/// One published version: its interactions, in order, and its modules.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VersionView {
    pub version: String,
    pub interactions: Vec<InteractionView>,
    pub modules: Vec<ModuleView>,
}

/// An interaction of a version and what it collects.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InteractionView {
    pub name: String,
    pub collects: Vec<CollectView>,
}

/// One element an interaction collects.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CollectView {
    pub element: String,
    pub spec: Spec,
}

/// A module: its key, name, default outcome and running time.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ModuleView {
    pub key: String,
    pub name: String,
    pub outcome: String,
    pub seconds: u64,
}

/// An instance as the console shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InstanceView {
    /// What only the sandbox knows: tasks, collected elements, scenario, decision
    /// (steps with outcomes and classifications), times.
    #[serde(flatten)]
    pub inside: Inside,
    /// The end-user page.
    pub page_url: String,
    /// The current interaction's id, as `interaction/fetch` answers it.
    pub interaction_id: Option<String>,
    /// `outstanding` and `instructions`, as `interaction/fetch` answers them.
    pub outstanding: Vec<String>,
    pub instructions: Vec<Instruction>,
    /// The subject held: values only with `show_values`, else its structure with every
    /// value `<redacted>`.
    pub subject: Value,
    /// Its API requests, oldest first (method, path, status, time; no bodies).
    pub log: Vec<LogEntry>,
}

/// Everything the console shows, polled by its script.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConsoleState {
    pub journeys: Vec<JourneyView>,
    /// Newest first.
    pub instances: Vec<InstanceView>,
    pub counters: Counters,
    pub faults: Faults,
    /// The sandbox clock.
    pub now: String,
    pub show_values: bool,
}

/// The published journeys, with their stored scenarios.
pub(crate) fn journeys(shared: &Shared) -> Vec<JourneyView> {
    let scenarios = lock(&shared.scenarios);
    let catalog = shared.catalog.read().unwrap_or_else(|p| p.into_inner());
    catalog
        .journeys
        .values()
        .map(|j| JourneyView {
            resource_id: j.resource_id.clone(),
            name: j.name.clone(),
            latest: j.latest(),
            versions: j
                .versions
                .iter()
                .map(|v| VersionView {
                    version: v.version.clone(),
                    interactions: v
                        .tasks
                        .iter()
                        .map(|t| InteractionView {
                            name: t.name.clone(),
                            collects: t
                                .collects
                                .iter()
                                .map(|c| CollectView {
                                    element: c.element.as_str().to_owned(),
                                    spec: c.spec.clone(),
                                })
                                .collect(),
                        })
                        .collect(),
                    modules: v
                        .modules
                        .iter()
                        .map(|m| ModuleView {
                            key: m.key.clone(),
                            name: m.name.clone(),
                            outcome: m.outcome.clone(),
                            seconds: m.seconds,
                        })
                        .collect(),
                })
                .collect(),
            scenarios: scenarios
                .get(&j.resource_id)
                .map(|s| s.keys().cloned().collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// Every instance as the console shows it. Their current interactions are judged
/// under the instances lock, as `interaction/fetch` would judge them (a development
/// console's few instances, not an API path).
pub(crate) fn instances(shared: &Shared) -> Vec<InstanceView> {
    let now = shared.clock.now();
    let mut out: Vec<InstanceView> = {
        let mut instances = lock(&shared.instances);
        instances
            .by_id
            .values_mut()
            .map(|i| {
                i.settle(now);
                let fetch = if i.status() == JourneyStatus::InProgress {
                    let progress = i
                        .current()
                        .map(|(_, def)| journey::progress(def, i.subject(), i.side_rule()));
                    journey::interaction_view(i, progress.as_ref())
                } else {
                    journey::after_interactions(i)
                };
                let subject = if shared.show_values {
                    i.subject().clone()
                } else {
                    Personal::from(i.subject().clone()).redacted()
                };
                InstanceView {
                    inside: journey::inside(i),
                    page_url: page_url(i.id()),
                    interaction_id: fetch.interaction_id.clone(),
                    outstanding: fetch.outstanding.clone(),
                    instructions: fetch.instructions.clone(),
                    subject,
                    log: Vec::new(),
                }
            })
            .collect()
    };
    let log = lock(&shared.request_log);
    for view in &mut out {
        if let Some(entries) = log.get(&view.inside.instance_id) {
            view.log = entries.iter().cloned().collect();
        }
    }
    out.sort_by(|a, b| {
        b.inside
            .created
            .cmp(&a.inside.created)
            .then_with(|| a.inside.instance_id.cmp(&b.inside.instance_id))
    });
    out
}

/// What the console polls.
pub(crate) fn console_state(shared: &Shared) -> ConsoleState {
    ConsoleState {
        journeys: journeys(shared),
        instances: instances(shared),
        counters: lock(&shared.counters).clone(),
        faults: shared.faults.get(),
        now: rfc3339(shared.clock.now()),
        show_values: shared.show_values,
    }
}

/// The current interaction as the end-user page renders it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageInteraction {
    pub interaction_id: String,
    /// The interaction's name in the journey's design.
    pub name: String,
    /// The task schema (self-contained: what `task/schema` serves).
    pub schema: Value,
    pub collects: Vec<Collect>,
    pub outstanding: Vec<String>,
    pub instructions: Vec<Instruction>,
    /// Member names that hold images (`side1Image`, `selfieImage`, …): the leaves of
    /// go-wire's uploadable elements, rendered as image uploads.
    pub image_members: Vec<String>,
    /// The order the schema's author wrote each object's `properties` in, by the
    /// object's pointer in `schema`: `schema` itself is a `serde_json` value, whose
    /// members come sorted. (Only the task file's own objects: those bundled from
    /// files it `$ref`s keep the page's fallback order.)
    pub property_order: std::collections::BTreeMap<String, Vec<String>>,
}

/// [`PageInteraction::property_order`] from a task's schema, as loaded (go-schema
/// keeps each `properties` in source order).
fn property_order(
    def: &crate::catalog::TaskDef,
) -> std::collections::BTreeMap<String, Vec<String>> {
    let ir = def.validator.ir();
    ir.nodes
        .iter()
        .filter(|n| n.location.file.0 == 0)
        .filter_map(|n| match &n.kind {
            gbg_go_schema::ir::NodeKind::Schema(k) if !k.properties.is_empty() => Some((
                n.location.pointer.clone(),
                k.properties.iter().map(|(name, _)| name.clone()).collect(),
            )),
            _ => None,
        })
        .collect()
}

/// The end-user page's view of its instance: no subject data (the page shows only
/// what its user typed), only the interaction to render and where the journey is.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageView {
    pub instance_id: String,
    pub journey_name: String,
    pub status: &'static str,
    /// The modules are running (no interaction meanwhile).
    pub processing: bool,
    pub interaction: Option<PageInteraction>,
}

/// The page's view of instance `id`.
pub(crate) fn page_state(shared: &Shared, id: &str) -> Result<PageView, ApiError> {
    crate::api::with_instance(shared, id, |i| {
        let current = i.current().map(|(index, def)| {
            (
                index,
                def.name.clone(),
                (*def.schema).clone(),
                journey::progress(def, i.subject(), i.side_rule()),
                property_order(def),
            )
        });
        let inside = journey::inside(i);
        let interaction = current.map(|(_, name, schema, progress, property_order)| {
            let fetch = journey::interaction_view(i, Some(&progress));
            PageInteraction {
                interaction_id: fetch.interaction_id.clone().unwrap_or_default(),
                name,
                schema,
                collects: fetch.interaction.map(|b| b.collects).unwrap_or_default(),
                outstanding: fetch.outstanding,
                instructions: fetch.instructions,
                image_members: image_members(),
                property_order,
            }
        });
        Ok(PageView {
            instance_id: inside.instance_id,
            journey_name: inside.journey_name,
            status: inside.status,
            processing: inside.processing,
            interaction: interaction.filter(|_| i.status() == JourneyStatus::InProgress),
        })
    })
}

/// The current interaction's `collects`, as `interaction/fetch` lists them: what
/// the page's submit computes `participants` from.
pub(crate) fn current_collects(shared: &Shared, id: &str) -> Result<Vec<Collect>, ApiError> {
    crate::api::with_instance(shared, id, |i| {
        Ok(i.current()
            .map(|(index, _)| journey::interaction_collects(i, index))
            .unwrap_or_default())
    })
}

/// The leaves of go-wire's uploadable elements, each once.
fn image_members() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in UPLOADABLE {
        if let Some((_, leaf)) = r.split_once('/') {
            if !out.iter().any(|l| l == leaf) {
                out.push(leaf.to_owned());
            }
        }
    }
    out
}
