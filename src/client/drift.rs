//! Drift: the live schemas of a journey against the ones `gbg-go pull` locked.

use std::path::Path;

use gbg_go_schema::diff::Change;
use gbg_go_schema::lock::{canonical_pretty, canonical_sha256, Lock, LockedFile, LOCK_FILE};

use super::error::{LockIssue, Misuse};
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

/// What [`Client::pull_schemas`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pulled {
    /// The lock, as written.
    pub lock: Lock,
    /// Files whose bytes changed (the lock included); empty when the same version
    /// was pulled again.
    pub changed: Vec<String>,
    /// Files of this journey from the previous pull that are gone (an interaction
    /// the journey no longer has); they were removed.
    pub removed: Vec<String>,
}

/// A file-name part: letters, digits, `_` and `-` kept, anything else `-`. A GRN
/// (`grn:::gbg:design:interaction:segment1@latest`) keeps its last segment without
/// the version.
fn file_part(s: &str) -> String {
    let last = s.rsplit(':').next().unwrap_or(s);
    let last = last.split('@').next().unwrap_or(last);
    let out: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() {
        "interaction".into()
    } else {
        out
    }
}

/// `<journey>.<interaction>[.<instruction>].json`: stable for a journey and an
/// interaction, so that a new pull replaces the same file.
pub fn pulled_file_name(delivery: &str, interaction: &str, instruction: Option<&str>) -> String {
    let mut name = format!("{}.{}", file_part(delivery), file_part(interaction));
    if let Some(i) = instruction {
        name.push('.');
        name.push_str(&file_part(i));
    }
    name.push_str(".json");
    name
}

/// Write `content` unless the file already holds exactly it; whether it wrote.
fn write_if_changed(path: &Path, content: &str) -> Result<bool, Error> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(false);
    }
    std::fs::write(path, content).map_err(|source| Error::Io {
        action: "write",
        path: path.to_owned(),
        source,
    })?;
    Ok(true)
}

fn load(name: &str, bytes: &[u8]) -> Result<gbg_go_schema::Ir, Error> {
    gbg_go_schema::load_bytes(Path::new(name), name, bytes)
        .map_err(|d| Error::Schema(crate::SchemaError::from(d)))
}

impl Client {
    /// Pull a journey's interaction schemas (`schema/fetch`, v2) into `dir`: one file
    /// per interaction schema, named by [`pulled_file_name`], written in canonical
    /// form (sorted members), and `gbg-go.lock` recording the resource id as asked,
    /// the `deliveryId`, the `resolvedVersion` and each file's hash. Pulling the same
    /// version again changes no byte. This is `gbg-go pull`. A folder holds one
    /// journey; files a previous pull wrote for an interaction that is gone are
    /// removed.
    ///
    /// # Errors
    /// Any [`Error`] of `fetch_schemas` (v1 journeys have none: export their schemas
    /// from the GO dashboard); [`Error::Io`] for a file that cannot be written;
    /// [`Error::Misuse`] for a folder that holds another journey's lock.
    pub async fn pull_schemas(&self, resource: &ResourceId, dir: &Path) -> Result<Pulled, Error> {
        let fetched = self.fetch_schemas(resource, None).await?;
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            action: "create",
            path: dir.to_owned(),
            source,
        })?;
        let previous = Lock::find(dir)?;
        // A lock records one journey: another journey goes into a folder of its own.
        if let Some(p) = previous
            .as_ref()
            .filter(|p| p.delivery_id != fetched.delivery_id)
        {
            return Err(Error::Misuse(Misuse::OtherJourney {
                lock: dir.join(LOCK_FILE),
                locked: p.delivery_id.clone(),
                pulled: fetched.delivery_id.clone(),
            }));
        }
        let mut files: Vec<LockedFile> = Vec::new();
        let mut changed = Vec::new();
        for s in &fetched.schemas {
            let file = pulled_file_name(
                &fetched.delivery_id,
                &s.interaction_id,
                s.instruction.as_deref(),
            );
            if files.iter().any(|f| f.file == file) {
                return Err(Error::Lock(LockIssue::FileNameClash { file }));
            }
            if write_if_changed(&dir.join(&file), &canonical_pretty(&s.schema))? {
                changed.push(file.clone());
            }
            files.push(LockedFile {
                file,
                interaction_id: s.interaction_id.clone(),
                instruction: s.instruction.clone(),
                sha256: canonical_sha256(&s.schema),
            });
        }
        let mut removed = Vec::new();
        if let Some(prev) = previous {
            for old in prev.files {
                if !files.iter().any(|f| f.file == old.file) {
                    let _ = std::fs::remove_file(dir.join(&old.file));
                    removed.push(old.file);
                }
            }
        }
        let mut lock = Lock {
            resource_id: resource.to_string(),
            delivery_id: fetched.delivery_id,
            resolved_version: fetched.resolved_version,
            files,
        };
        lock.files.sort_by(|a, b| a.file.cmp(&b.file));
        if write_if_changed(&dir.join(LOCK_FILE), &lock.to_text())? {
            changed.push(LOCK_FILE.to_owned());
        }
        Ok(Pulled {
            lock,
            changed,
            removed,
        })
    }

    /// Compare the live schemas of the lock's journey (`schema/fetch` of the resource
    /// id as it was asked, normally `<id>@latest`) with the locked files in `dir`:
    /// which interactions changed, with each change by payload pointer and whether it
    /// breaks payloads valid today (the same classification as `gbg-go diff`).
    ///
    /// # Errors
    /// Any [`Error`] of `fetch_schemas`; [`Error::Io`] for a locked file that cannot be
    /// read; [`Error::Lock`] for one that no longer matches its lock entry; [`Error::Schema`] for a schema
    /// that cannot be loaded.
    pub async fn check_drift(&self, lock: &Lock, dir: &Path) -> Result<DriftReport, Error> {
        let resource: ResourceId = lock
            .resource_id
            .parse()
            .map_err(|e| Error::Lock(LockIssue::ResourceId(e)))?;
        let live = self.fetch_schemas(&resource, None).await?;
        let mut drifted = Vec::new();
        let mut seen = vec![false; live.schemas.len()];
        for entry in &lock.files {
            let path = dir.join(&entry.file);
            let bytes = std::fs::read(&path).map_err(|source| Error::Io {
                action: "read",
                path: path.clone(),
                source,
            })?;
            let old_value: serde_json::Value =
                serde_json::from_slice(&bytes).map_err(|source| {
                    Error::Lock(LockIssue::NotJson {
                        path: path.clone(),
                        line: source.line(),
                        column: source.column(),
                        source,
                    })
                })?;
            if canonical_sha256(&old_value) != entry.sha256 {
                return Err(Error::Lock(LockIssue::Stale { path }));
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
