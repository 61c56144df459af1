//! Drift: the live schemas of a journey against the ones `gbg-go pull` locked.

use std::path::Path;

use gbg_go_schema::diff::Change;
use gbg_go_schema::lock::{canonical_sha256, Lock};

use super::{Client, Error, ResourceId};

/// What changed in one interaction's schema since it was locked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InteractionDrift {
    /// The design-time interaction id.
    pub interaction_id: String,
    /// The instruction variant, if any.
    pub instruction: Option<String>,
    /// The locked file (`None` for an interaction that is new).
    pub file: Option<String>,
    /// The changes by payload pointer, classified as `gbg-go diff` classifies them.
    /// An interaction that is new or gone is one change at `/`.
    pub changes: Vec<Change>,
}

/// The live journey against the lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriftReport {
    /// The resource id that was checked (the lock's, as asked: `<id>@latest`).
    pub resource_id: String,
    /// The version the lock holds.
    pub locked_version: String,
    /// The version GO resolves the resource id to now.
    pub live_version: String,
    /// The interactions whose schema changed, was added or was removed.
    pub drifted: Vec<InteractionDrift>,
}

impl DriftReport {
    /// Nothing changed in any schema (the version may still have moved).
    pub fn is_unchanged(&self) -> bool {
        self.drifted.is_empty()
    }

    /// Some change may refuse a payload that is valid today.
    pub fn is_breaking(&self) -> bool {
        self.changes().any(|c| c.breaking)
    }

    /// Every change, with its interaction.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.drifted.iter().flat_map(|d| d.changes.iter())
    }
}

/// The resource id that pins a start to the lock's version
/// (`<deliveryId>@<resolvedVersion>`): a republished journey cannot change what a
/// running service submits to.
///
/// ```
/// let lock = gbg_go::lock::Lock::parse(br#"{"resourceId": "kyc@latest", "deliveryId": "kyc",
///     "resolvedVersion": "7", "files": []}"#).unwrap();
/// assert_eq!(gbg_go::client::locked(&lock).to_string(), "kyc@7");
/// ```
pub fn locked(lock: &Lock) -> ResourceId {
    ResourceId::pinned(lock.delivery_id.clone(), lock.resolved_version.clone())
}

fn load(name: &str, bytes: &[u8]) -> Result<gbg_go_schema::Ir, Error> {
    gbg_go_schema::load_bytes(Path::new(name), name, bytes)
        .map_err(|d| Error::Schema(crate::SchemaError::from(d)))
}

impl Client {
    /// Compare the live schemas of the lock's journey (`schema/fetch` of the resource
    /// id as it was asked, normally `<id>@latest`) with the locked files in `dir`:
    /// which interactions changed, with each change by payload pointer and whether it
    /// breaks payloads valid today (the same classification as `gbg-go diff`).
    ///
    /// # Errors
    /// Any [`Error`] of `schema_fetch`; [`Error::Config`] for a locked file that is
    /// missing or no longer matches its lock entry; [`Error::Schema`] for a schema
    /// that cannot be loaded.
    pub async fn check_drift(&self, lock: &Lock, dir: &Path) -> Result<DriftReport, Error> {
        let resource: ResourceId = lock
            .resource_id
            .parse()
            .map_err(|e| Error::Config(format!("the lock's resource id: {e}")))?;
        let live = self.schema_fetch(&resource, None).await?;
        let mut drifted = Vec::new();
        let mut seen = vec![false; live.schemas.len()];
        for entry in &lock.files {
            let path = dir.join(&entry.file);
            let bytes = std::fs::read(&path)
                .map_err(|e| Error::Config(format!("{}: cannot read: {e}", path.display())))?;
            let old_value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
                Error::Config(format!(
                    "{}:{}:{}: not JSON",
                    path.display(),
                    e.line(),
                    e.column()
                ))
            })?;
            if canonical_sha256(&old_value) != entry.sha256 {
                return Err(Error::Config(format!(
                    "{} no longer matches its lock entry: pull again before checking drift",
                    path.display()
                )));
            }
            let found = live.schemas.iter().position(|s| {
                s.interaction_id == entry.interaction_id && s.instruction == entry.instruction
            });
            let Some(index) = found else {
                drifted.push(InteractionDrift {
                    interaction_id: entry.interaction_id.clone(),
                    instruction: entry.instruction.clone(),
                    file: Some(entry.file.clone()),
                    changes: vec![Change {
                        breaking: false,
                        pointer: "/".into(),
                        message: "the interaction is gone from the journey".into(),
                    }],
                });
                continue;
            };
            seen[index] = true;
            let new_value = &live.schemas[index].schema;
            if canonical_sha256(new_value) == entry.sha256 {
                continue;
            }
            let old = load(&entry.file, &bytes)?;
            let new_text = serde_json::to_vec_pretty(new_value).unwrap_or_default();
            let new = load(&format!("live:{}", entry.file), &new_text)?;
            let mut changes = gbg_go_schema::diff::diff(&old, &new);
            if changes.is_empty() {
                // Different bytes with no difference in what is valid (annotations).
                changes.push(Change {
                    breaking: false,
                    pointer: "/".into(),
                    message: "annotations changed (descriptions, titles); no rule changed".into(),
                });
            }
            drifted.push(InteractionDrift {
                interaction_id: entry.interaction_id.clone(),
                instruction: entry.instruction.clone(),
                file: Some(entry.file.clone()),
                changes,
            });
        }
        for (s, seen) in live.schemas.iter().zip(seen) {
            if !seen {
                drifted.push(InteractionDrift {
                    interaction_id: s.interaction_id.clone(),
                    instruction: s.instruction.clone(),
                    file: None,
                    changes: vec![Change {
                        breaking: true,
                        pointer: "/".into(),
                        message: "a new interaction: the journey collects more data".into(),
                    }],
                });
            }
        }
        Ok(DriftReport {
            resource_id: lock.resource_id.clone(),
            locked_version: lock.resolved_version.clone(),
            live_version: live.resolved_version,
            drifted,
        })
    }
}
