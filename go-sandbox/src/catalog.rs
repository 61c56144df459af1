//! What business users publish: journeys, their immutable versions, and each version's
//! ordered tasks with their task schemas (the GO dashboard's export form).
//!
//! # The journeys directory
//!
//! `--journeys DIR` is read non-recursively:
//!
//! - `*.journey.json` files are journey definitions:
//!
//!   ```json
//!   {
//!     "resourceId": "onboarding",
//!     "name": "Customer onboarding",
//!     "versions": [
//!       { "version": "1", "tasks": [
//!           { "name": "identity", "schema": "basic-identity.json" },
//!           { "name": "contacts", "schema": "contacts.json" } ] }
//!     ]
//!   }
//!   ```
//!
//!   `schema` is a path relative to the definition file, or the schema itself inline.
//!   Versions are listed oldest first; `@latest` is the last one. In v2 each task is
//!   one interaction, served in order; each is judged only on the subject members its
//!   own schema declares, so a journey of several interactions with closed subjects
//!   (`additionalProperties: false`) finishes:
//!
//!   ```json
//!   {
//!     "resourceId": "kyc-consent",
//!     "versions": [
//!       { "version": "1",
//!         "tasks": [
//!           { "name": "kyc", "schema": "kyc.schema.json" },
//!           { "name": "consent", "schema": "consent.schema.json" } ],
//!         "modules": [ { "key": "fraudCheck", "name": "Fraud check", "outcome": "Pass" } ] }
//!     ]
//!   }
//!   ```
//!   A version may also say how GO's capture behaves (DESIGN, *Capture semantics*):
//!   - `"documentSides": 1 | 2`: whether a primary document has a back, when neither
//!     the scenario's classification (`classification.isDoubleSided`) nor the
//!     document's own hints (`category`/`subtype`: a passport has one side; a driving
//!     licence, identity card or residence permit two) say. Default: 2 when a task
//!     schema declares `side2Image`, else 1; a journey published from a bare schema
//!     has 1. With 2, the interaction gives `LazySide2CollectionRequired` before the
//!     front and `Side2Required` after it.
//!   - `"collectLeafRefs": true`: `collects` lists leaf refs (`FullName/firstName`,
//!     `PrimaryDocument/side1Image`) with the element's spec as `parentSpec`, as some
//!     tenants show, instead of element ids.
//! - A schema file that a definition in the folder names is a task file of that
//!   journey: it is not published on its own, and its name need not be a resource id
//!   (`consent.schema.json` above).
//! - Every other `*.json` file is a task schema, published as the one-task journey
//!   `<file stem>@1` (its task is named after the stem too). One whose stem is not a
//!   valid resource id is skipped with a warning naming the file.
//! - Subfolders are ignored (they may hold files that schemas `$ref`).
//!
//! A bad file stops start-up with a located diagnostic (file:line:col and pointer).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use gbg_go_schema::ir::{NodeId, NodeKind};
use gbg_go_schema::source::SourceFile;
use gbg_go_schema::walk::Follow;
use gbg_go_schema::{Diagnostic, Diagnostics, Ir, Severity, Validator};
use gbg_go_wire::catalogue::{DomainElement, Shape};
use gbg_go_wire::resource::{is_journey_id, is_version};
use gbg_go_wire::status::Spec;
use gbg_go_wire::ResourceId;

use crate::capture::Sides;
use serde::Serialize;
use serde_json::{Map, Value};

/// One task of a published journey version.
#[derive(Clone, Debug)]
pub struct TaskDef {
    /// The task's name in the definition (for example `identity`).
    pub name: String,
    /// The schema as the API serves it: self-contained (files it `$ref`s are bundled
    /// under `definitions`).
    pub schema: Arc<Value>,
    /// The validator the sandbox checks task data with (format assertions on).
    pub validator: Arc<Validator>,
    /// In v2, the catalogue elements the task's interaction collects: those its
    /// subject properties map to (see [`collects_of`]).
    pub collects: Vec<CollectDef>,
    /// Whether the schema declares the back of a document (`side2Image`): a journey
    /// definition without `documentSides` then expects two-sided documents.
    pub declares_side2: bool,
    /// The schema nodes that apply at `/context/subject` (branches that may hold
    /// included): what says which subject members this task declares.
    subject_nodes: Vec<NodeId>,
}

impl TaskDef {
    /// The rules the journey's held `subject` breaks for this task, judged on
    /// [`declared_part`](Self::declared_part) (DESIGN, *Capture semantics*, "What a
    /// submit is judged on"; INFERRED). Data another task or interaction collected
    /// stays held but is not this task's to judge, so a closed subject
    /// (`additionalProperties: false`, as GO's exports often are) never fails on it.
    /// Prefill at start, `outstanding` and interaction fetches judge this way.
    pub fn violations(&self, subject: &Value) -> Vec<gbg_go_schema::Violation> {
        self.document_violations(&self.declared_part(subject))
    }

    /// The rules a v2 submit breaks: what the instance held, restricted as in
    /// [`violations`](Self::violations), with the submit's `patch` merged in member by
    /// member. Of the patch only the subject members this task declares are judged,
    /// but those whole: what the user sends to this interaction now is judged as sent
    /// (an undeclared member inside `identity` is refused), what was held before
    /// never fails it.
    pub fn submit_violations(&self, held: &Value, patch: &Value) -> Vec<gbg_go_schema::Violation> {
        let mut judged = self.declared_part(held);
        let declared = match patch {
            Value::Object(members) => Value::Object(
                members
                    .iter()
                    .filter(|(k, _)| self.declares(k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            // A subject that is not an object adds nothing (the handler refuses it).
            _ => Value::Object(Map::new()),
        };
        crate::capture::merge_submit(&mut judged, &declared);
        self.document_violations(&judged)
    }

    /// The rules a task document's `subject` breaks, judged whole: v1 `task/update`,
    /// whose body is that one task's document.
    pub fn document_violations(&self, subject: &Value) -> Vec<gbg_go_schema::Violation> {
        let doc = serde_json::json!({ "context": { "subject": subject } });
        self.validator.validate(&doc)
    }

    /// Whether this task's schema declares the subject member `name`.
    fn declares(&self, name: &str) -> bool {
        let ir = self.validator.ir();
        !ir.declares_members(&self.subject_nodes) || ir.declares_member(&self.subject_nodes, name)
    }

    /// `subject` restricted to what this task's schema declares: at every object the
    /// schema describes, the members it declares (by `properties`, `required` or a
    /// matching `patternProperties`, with `$ref`, `allOf` and the branches that may
    /// hold followed), recursively through objects and arrays. An object whose
    /// schema declares no member at all is kept whole (nothing says what to drop),
    /// and so is anything that is not an object or array, for the schema to judge.
    pub fn declared_part(&self, subject: &Value) -> Value {
        restrict(self.validator.ir(), &self.subject_nodes, subject)
    }
}

/// `value` restricted to the members the schema nodes `at` declare (see
/// [`TaskDef::declared_part`]).
fn restrict(ir: &Ir, at: &[NodeId], value: &Value) -> Value {
    let below = |token: &str| ir.step(at, token, Follow::Composites);
    match value {
        Value::Object(members) if ir.declares_members(at) => Value::Object(
            members
                .iter()
                .filter(|(k, _)| ir.declares_member(at, k))
                .map(|(k, v)| (k.clone(), restrict(ir, &below(k), v)))
                .collect(),
        ),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), restrict(ir, &below(k), v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| restrict(ir, &below(&i.to_string()), v))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// One catalogue element an interaction collects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectDef {
    /// The element.
    pub element: DomainElement,
    /// Required when the schema requires every member on its path.
    pub spec: Spec,
    /// Its leaves as the schema declares them (`firstName`, `side1Image`, …), each
    /// required or optional within the element: what `collects` lists, with the
    /// element's spec as `parentSpec`, for a version with `collectLeafRefs`.
    pub leaves: Vec<(String, Spec)>,
}

/// A module of a journey version (document verification, fraud check, …). Modules
/// run in order once the interactions are done; each produces a step with an outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleDef {
    /// The module key scenarios name (`idVerification`), also the step's `nodeId`.
    pub key: String,
    /// The display name (the step's `name`).
    pub name: String,
    /// The outcome when no scenario says otherwise (default `Pass`).
    pub outcome: String,
    /// How long the module runs on the sandbox clock (default 0): while it runs,
    /// `interaction/fetch` reports `processing: true`.
    pub seconds: u64,
}

/// One immutable published version of a journey.
#[derive(Debug)]
pub struct Version {
    /// The version id (`<id>@<version>`).
    pub version: String,
    /// The ordered tasks.
    pub tasks: Vec<TaskDef>,
    /// The modules that run after the tasks, in order.
    pub modules: Vec<ModuleDef>,
    /// Capture settings (document sides, leaf refs).
    pub(crate) settings: Settings,
    /// The canonical text of the version, to tell a re-publish of the same content
    /// from an attempt to change a published version.
    pub(crate) digest: String,
}

/// A journey: a resource id and its published versions, oldest first.
#[derive(Debug)]
pub struct Journey {
    /// The resource id without a version.
    pub resource_id: String,
    /// A display name.
    pub name: String,
    /// Published versions, oldest first; the last is `@latest`.
    pub versions: Vec<Arc<Version>>,
}

impl Journey {
    /// The version `@latest` resolves to (the last published).
    pub fn latest(&self) -> String {
        self.versions
            .last()
            .map(|v| v.version.clone())
            .unwrap_or_default()
    }
}

/// Everything published.
#[derive(Debug, Default)]
pub struct Catalog {
    pub(crate) journeys: BTreeMap<String, Journey>,
    /// What loading the journeys directory skipped, and why (each names its file).
    pub(crate) warnings: Vec<Diagnostic>,
}

/// A summary of one published journey, as `GET /_sandbox/journeys` lists it.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct JourneySummary {
    /// The resource id without a version.
    pub resource_id: String,
    /// The display name.
    pub name: String,
    /// Published versions, oldest first.
    pub versions: Vec<VersionSummary>,
    /// The version `@latest` resolves to.
    pub latest: String,
}

/// A summary of one published version.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct VersionSummary {
    /// The version id.
    pub version: String,
    /// The task names, in order.
    pub tasks: Vec<String>,
    /// The module keys, in order.
    #[serde(default)]
    pub modules: Vec<String>,
}

/// Why a resource id could not be resolved.
#[derive(Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// The resource id is not `<id>`, `<id>@latest` or `<id>@<version>`.
    Malformed,
    /// No journey has this id.
    UnknownJourney,
    /// The journey has no such version.
    UnknownVersion,
}

impl Catalog {
    /// Resolve `<id>@latest`, `<id>@<version>` or a bare `<id>` (latest), parsed by
    /// go-wire's one [`ResourceId`] parser.
    pub fn resolve(&self, resource_id: &str) -> Result<(&Journey, Arc<Version>), ResolveError> {
        let parsed: ResourceId = resource_id.parse().map_err(|_| ResolveError::Malformed)?;
        self.resolve_id(&parsed)
    }

    /// Resolve a parsed resource id.
    pub fn resolve_id(
        &self,
        resource: &ResourceId,
    ) -> Result<(&Journey, Arc<Version>), ResolveError> {
        let journey = self
            .journeys
            .get(resource.id())
            .ok_or(ResolveError::UnknownJourney)?;
        let found = match resource.version() {
            None => journey.versions.last(),
            Some(version) => journey.versions.iter().find(|v| v.version == version),
        };
        found
            .map(|v| (journey, v.clone()))
            .ok_or(ResolveError::UnknownVersion)
    }

    /// What is published.
    pub fn summaries(&self) -> Vec<JourneySummary> {
        self.journeys
            .values()
            .map(|j| JourneySummary {
                resource_id: j.resource_id.clone(),
                name: j.name.clone(),
                latest: j.latest(),
                versions: j
                    .versions
                    .iter()
                    .map(|v| VersionSummary {
                        version: v.version.clone(),
                        tasks: v.tasks.iter().map(|t| t.name.clone()).collect(),
                        modules: v.modules.iter().map(|m| m.key.clone()).collect(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// Publish the versions of `journey`. A version that is already published must
    /// have the same content (publishing is idempotent); changing it is refused.
    pub fn publish(&mut self, journey: Journey) -> Result<(), String> {
        let existing = self
            .journeys
            .entry(journey.resource_id.clone())
            .or_insert_with(|| Journey {
                resource_id: journey.resource_id.clone(),
                name: journey.name.clone(),
                versions: Vec::new(),
            });
        // Check everything first, so that a refused publish changes nothing.
        for v in &journey.versions {
            if let Some(old) = existing.versions.iter().find(|o| o.version == v.version) {
                if old.digest != v.digest {
                    return Err(format!(
                        "version `{}@{}` is already published with other content; published versions are immutable",
                        journey.resource_id, v.version
                    ));
                }
            }
        }
        for v in journey.versions {
            if !existing.versions.iter().any(|o| o.version == v.version) {
                existing.versions.push(v);
            }
        }
        Ok(())
    }

    /// Number of published journeys.
    pub fn len(&self) -> usize {
        self.journeys.len()
    }

    /// Whether nothing is published.
    pub fn is_empty(&self) -> bool {
        self.journeys.is_empty()
    }
}

/// Where journey files come from: a directory on disk, or files embedded in the binary.
pub(crate) trait Files {
    /// The files at the top of the journeys directory (non-recursive), sorted.
    fn list(&self) -> Result<Vec<PathBuf>, Diagnostics>;
    /// Read one file.
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
    /// Load a task schema at `path` (with the files its `$ref`s name).
    fn load_schema(&self, path: &Path, name: &str, bytes: &[u8]) -> Result<Ir, Diagnostics>;
}

/// A journeys directory on disk.
pub(crate) struct DiskFiles(pub PathBuf);

impl Files for DiskFiles {
    fn list(&self) -> Result<Vec<PathBuf>, Diagnostics> {
        let entries = std::fs::read_dir(&self.0).map_err(|e| {
            one_error(
                &self.0.display().to_string(),
                format!("cannot read the journeys directory: {e}"),
            )
        })?;
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
        out.sort();
        Ok(out)
    }
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn load_schema(&self, path: &Path, name: &str, bytes: &[u8]) -> Result<Ir, Diagnostics> {
        gbg_go_schema::load_bytes(path, name, bytes)
    }
}

/// Files embedded in the binary, by virtual path.
pub(crate) struct EmbeddedFiles {
    pub files: &'static [(&'static str, &'static [u8])],
    /// The virtual directories whose top-level files are listed.
    pub top: &'static [&'static str],
}

impl Files for EmbeddedFiles {
    fn list(&self) -> Result<Vec<PathBuf>, Diagnostics> {
        let mut out: Vec<PathBuf> = self
            .files
            .iter()
            .map(|(p, _)| PathBuf::from(p))
            .filter(|p| self.top.iter().any(|t| p.parent() == Some(Path::new(t))))
            .collect();
        out.sort();
        Ok(out)
    }
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let want = normalize(path);
        self.files
            .iter()
            .find(|(p, _)| normalize(Path::new(p)) == want)
            .map(|(_, b)| b.to_vec())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not embedded"))
    }
    fn load_schema(&self, path: &Path, name: &str, bytes: &[u8]) -> Result<Ir, Diagnostics> {
        let others: Vec<(&Path, &[u8])> = self
            .files
            .iter()
            .map(|(p, b)| (Path::new(*p), *b))
            .collect();
        gbg_go_schema::load_with_files(path, name, bytes, &others)
    }
}

fn one_error(file: &str, message: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        severity: Severity::Error,
        code: "sandbox-journeys",
        message,
        file: file.to_owned(),
        pointer: String::new(),
        line: 1,
        column: 1,
    }])
}

/// Lexical normalisation (`a/./b/../c` → `a/c`), which is what comparing `$ref`
/// targets needs; the files may not exist on disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Load every journey in a journeys directory.
///
/// A schema file that a `*.journey.json` of the folder names as a task schema is a
/// task file of that journey: it is not published as a journey of its own, and its
/// name need not be a resource id. Any other `*.json` is published as `<stem>@1`;
/// one whose stem is not a valid resource id is skipped with a warning naming the
/// file (kept in [`Catalog::warnings`]), never a start-up failure.
pub(crate) fn load_catalog(files: &dyn Files) -> Result<Catalog, Diagnostics> {
    let mut catalog = Catalog::default();
    let mut errors = Vec::new();
    let listed = files.list()?;
    let referenced: Vec<PathBuf> = listed
        .iter()
        .filter(|p| is_definition(p))
        .flat_map(|p| referenced_task_files(files, p))
        .collect();
    for path in listed {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let result = if let Some(stem) = file_name.strip_suffix(".journey.json") {
            load_definition(files, &path, stem)
        } else {
            if referenced.contains(&normalize(&path)) {
                continue;
            }
            let stem = file_name.trim_end_matches(".json").to_owned();
            if !is_journey_id(&stem) {
                catalog.warnings.push(Diagnostic {
                    severity: Severity::Warning,
                    code: "sandbox-journeys",
                    message: format!(
                        "not published: the file stem `{stem}` is not a valid resource id \
                         (letters, digits, `_` and `-`), and no `*.journey.json` in the folder \
                         names the file as a task schema"
                    ),
                    file: path.display().to_string(),
                    pointer: String::new(),
                    line: 1,
                    column: 1,
                });
                continue;
            }
            load_plain(files, &path, &stem)
        };
        match result {
            Ok(journey) => {
                let display = path.display().to_string();
                if catalog.journeys.contains_key(&journey.resource_id) {
                    let message = format!(
                        "resource id `{}` is published by more than one file",
                        journey.resource_id
                    );
                    errors.extend(one_error(&display, message).0);
                } else if let Err(e) = catalog.publish(journey) {
                    errors.extend(one_error(&display, e).0);
                }
            }
            Err(d) => errors.extend(d.0),
        }
    }
    if errors.is_empty() {
        Ok(catalog)
    } else {
        Err(Diagnostics(errors))
    }
}

fn is_definition(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".journey.json"))
}

/// The task schema files in its own folder that a journey definition names
/// (`versions[].tasks[].schema` given as a path), resolved as [`parse_definition`]
/// resolves them. A definition
/// that cannot be read or parsed names none here; loading it reports why.
fn referenced_task_files(files: &dyn Files, definition: &Path) -> Vec<PathBuf> {
    let Ok(bytes) = files.read(definition) else {
        return Vec::new();
    };
    let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
        return Vec::new();
    };
    let base = definition.parent().unwrap_or(Path::new(""));
    value
        .get("versions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.get("tasks").and_then(Value::as_array))
        .flatten()
        .filter_map(|t| t.get("schema").and_then(Value::as_str))
        .map(|rel| task_file(base, rel))
        // Only the files of the definition's own folder: the embedded default
        // catalogue lists two folders, and its fixtures (`../../schemas/kyc.json`) are
        // journeys of their own as well as tasks of `onboarding`.
        .filter(|p| p.parent() == Some(normalize(base).as_path()))
        .collect()
}

/// Where a definition's `schema` path points: relative to the definition's folder.
fn task_file(base: &Path, rel: &str) -> PathBuf {
    normalize(&base.join(rel))
}

/// Publish a task schema as the one-task journey `<stem>@1` (`load_catalog` has
/// checked that the stem is a resource id).
fn load_plain(files: &dyn Files, path: &Path, stem: &str) -> Result<Journey, Diagnostics> {
    let name = path.display().to_string();
    let bytes = files
        .read(path)
        .map_err(|e| one_error(&name, format!("cannot read: {e}")))?;
    let task = load_task(files, path, &name, &bytes, stem)?;
    Ok(journey_of(
        stem,
        stem,
        // A journey published from a bare schema: documents are one-sided unless a
        // scenario or the document says otherwise (DESIGN, *Capture semantics*).
        vec![(
            "1".to_owned(),
            vec![task],
            Vec::new(),
            Settings {
                document_sides: Sides::One,
                leaf_refs: false,
            },
        )],
    ))
}

type VersionParts = (String, Vec<TaskDef>, Vec<ModuleDef>, Settings);

/// A version's capture settings, from its journey definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Settings {
    /// How many sides a primary document has when neither a scenario's
    /// classification nor the document's own hints say (`documentSides`: 1 or 2;
    /// default 2 when a task schema declares `side2Image`, else 1).
    #[serde(serialize_with = "sides_number")]
    pub(crate) document_sides: Sides,
    /// `collects` lists leaf refs with their `parentSpec` (`FullName/firstName`,
    /// `PrimaryDocument/side1Image`) instead of element ids (`collectLeafRefs`), as
    /// some tenants show.
    pub(crate) leaf_refs: bool,
}

fn sides_number<S: serde::Serializer>(sides: &Sides, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u8(match sides {
        Sides::One => 1,
        Sides::Two => 2,
    })
}

fn journey_of(id: &str, name: &str, versions: Vec<VersionParts>) -> Journey {
    Journey {
        resource_id: id.to_owned(),
        name: name.to_owned(),
        versions: versions
            .into_iter()
            .map(|(version, tasks, modules, settings)| {
                let digest = serde_json::to_string(&(
                    tasks
                        .iter()
                        .map(|t| (&t.name, &*t.schema))
                        .collect::<Vec<_>>(),
                    &modules,
                    &settings,
                ))
                .unwrap_or_default();
                Arc::new(Version {
                    version,
                    tasks,
                    modules,
                    settings,
                    digest,
                })
            })
            .collect(),
    }
}

/// An element's leaves as the schema declares them, each required or optional
/// within the element: the listed members (`FullName`), or the members of the object
/// (`CurrentAddress`) or of the array's items (`PrimaryDocument`, its discriminator
/// `type` left out).
fn element_leaves(ir: &Ir, m: &gbg_go_wire::catalogue::Mapping) -> Vec<(String, Spec)> {
    let mut pointer = String::from("/context/subject");
    for part in &m.path {
        pointer.push('/');
        pointer.push_str(&gbg_go_schema::source::escape_token(part));
    }
    if matches!(m.shape, Shape::Items | Shape::ItemsWhere { .. }) {
        pointer.push_str("/0");
    }
    let Some(node) = ir.node_at(&pointer) else {
        return Vec::new();
    };
    let declared: Vec<String> = ir.properties_of(node).into_iter().map(|(p, _)| p).collect();
    let names: Vec<String> = match m.shape {
        Shape::Members(keys) => keys
            .iter()
            .filter(|k| declared.iter().any(|d| d == *k))
            .map(|k| (*k).to_owned())
            .collect(),
        Shape::ItemsWhere { key, .. } => declared.into_iter().filter(|d| d != key).collect(),
        Shape::Items | Shape::Whole => declared,
    };
    let required = required_of(ir, node);
    names
        .into_iter()
        .map(|n| {
            let spec = if required.contains(&n) {
                Spec::Required
            } else {
                Spec::Optional
            };
            (n, spec)
        })
        .collect()
}

/// The properties `required` names at a node, its `allOf` branches included.
fn required_of(ir: &Ir, node: NodeId) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if let Some(k) = ir.keywords(ir.resolve(n)) {
            out.extend(k.required.iter().cloned());
            stack.extend(k.all_of.iter());
        }
    }
    out
}

/// Whether the items of the array at `path` may have `key` equal to `value` (ASCII
/// case ignored): true unless the schema pins `key` with `const` or `enum` to other
/// values.
fn admits(ir: &Ir, path: &[String], key: &str, value: &str) -> bool {
    let pointer = format!("/context/subject/{}/0/{key}", path.join("/"));
    let Some(k) = ir.node_at(&pointer).and_then(|n| ir.keywords(n)) else {
        return true;
    };
    let fits = |v: &Value| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(value));
    k.constant.as_ref().is_none_or(fits)
        && k.enumeration.as_ref().is_none_or(|e| e.iter().any(fits))
}

/// The catalogue elements a task schema's interaction collects (INFERRED: GO derives
/// them from the journey design; the sandbox derives them from the subject properties
/// the schema declares, through the catalogue's own subject paths).
///
/// An element is collected when the schema declares its container (for `FullName`,
/// one of its members). It is required when every property on its path is required
/// (for `FullName`, when one of its members is). Identity members no specific element
/// covers make `Subject/identity`; other subject members make `Subject/<member>`.
pub fn collects_of(ir: &Ir) -> Vec<CollectDef> {
    let Some(subject) = ir.node_at("/context/subject") else {
        return Vec::new();
    };
    let mut out: Vec<CollectDef> = Vec::new();
    let mut covered: Vec<Vec<String>> = Vec::new();
    for element in gbg_go_wire::catalogue::KNOWN {
        let Some(m) = element.mapping() else { continue };
        // Walk the path, noting whether each step is required.
        let mut node = subject;
        let mut required = true;
        let mut declared = true;
        for member in &m.path {
            required &= required_of(ir, node).contains(member);
            match ir
                .properties_of(node)
                .into_iter()
                .find(|(p, _)| p == member)
            {
                Some((_, child)) => node = ir.resolve(child),
                None => {
                    declared = false;
                    break;
                }
            }
        }
        if !declared {
            continue;
        }
        let spec_required = match m.shape {
            Shape::Members(keys) => {
                let props = ir.properties_of(node);
                let here: Vec<&str> = keys
                    .iter()
                    .copied()
                    .filter(|k| props.iter().any(|(p, _)| p == k))
                    .collect();
                if here.is_empty() {
                    continue;
                }
                let req = required_of(ir, node);
                for k in &here {
                    let mut p = m.path.clone();
                    p.push((*k).to_owned());
                    covered.push(p);
                }
                required && here.iter().any(|k| req.iter().any(|r| r == k))
            }
            Shape::Whole if *element == DomainElement::SubjectIdentity => {
                // Only for identity members nothing more specific covers.
                let rest: Vec<String> = ir
                    .properties_of(node)
                    .into_iter()
                    .map(|(p, _)| p)
                    .filter(|p| {
                        !covered
                            .iter()
                            .any(|c| c.len() == 2 && c[0] == "identity" && c[1] == *p)
                    })
                    .collect();
                if rest.is_empty() {
                    continue;
                }
                let req = required_of(ir, node);
                required && rest.iter().any(|p| req.contains(p))
            }
            // Several elements share an array (emails by type): the first listed
            // claims it, so one declared array makes one element.
            _ => {
                if covered.contains(&m.path) {
                    continue;
                }
                if let Shape::ItemsWhere { key, value } = m.shape {
                    if !admits(ir, &m.path, key, value) {
                        // The schema's items cannot carry this type (a document whose
                        // `type` is the constant `Passport`): not this element; the
                        // member falls back to `Subject/<member>`.
                        continue;
                    }
                }
                covered.push(m.path.clone());
                required
            }
        };
        out.push(CollectDef {
            element: element.clone(),
            spec: if spec_required {
                Spec::Required
            } else {
                Spec::Optional
            },
            leaves: element_leaves(ir, &m),
        });
    }
    for (member, _) in ir.properties_of(subject) {
        if covered.iter().any(|c| c.first() == Some(&member)) || member == "identity" {
            continue;
        }
        let required = required_of(ir, subject).contains(&member);
        let element = DomainElement::subject_member(&member);
        let leaves = element
            .mapping()
            .map(|m| element_leaves(ir, &m))
            .unwrap_or_default();
        out.push(CollectDef {
            element,
            spec: if required {
                Spec::Required
            } else {
                Spec::Optional
            },
            leaves,
        });
    }
    out
}

fn load_task(
    files: &dyn Files,
    path: &Path,
    name: &str,
    bytes: &[u8],
    task_name: &str,
) -> Result<TaskDef, Diagnostics> {
    let ir = files.load_schema(path, name, bytes)?;
    let schema = bundle(&ir);
    let collects = collects_of(&ir);
    let declares_side2 = ir
        .node_at("/context/subject/documents/0/side2Image")
        .is_some();
    let subject_nodes = ir.nodes_at("/context/subject", Follow::Composites);
    Ok(TaskDef {
        subject_nodes,
        name: task_name.to_owned(),
        schema: Arc::new(schema),
        validator: Arc::new(Validator::new(ir)),
        collects,
        declares_side2,
    })
}

/// Parse a journey definition (`*.journey.json`) and load the schemas it names.
pub(crate) fn load_definition(
    files: &dyn Files,
    path: &Path,
    stem: &str,
) -> Result<Journey, Diagnostics> {
    let name = path.display().to_string();
    let bytes = files
        .read(path)
        .map_err(|e| one_error(&name, format!("cannot read: {e}")))?;
    let source = SourceFile::parse(path, name.clone(), &bytes).map_err(Diagnostics)?;
    parse_definition(files, &source, Some(stem))
}

/// Parse a journey definition document. Inline schemas are located inside it.
pub(crate) fn parse_definition(
    files: &dyn Files,
    source: &SourceFile,
    stem: Option<&str>,
) -> Result<Journey, Diagnostics> {
    let err = |pointer: &str, message: String| {
        Diagnostics(vec![source.diag(
            Severity::Error,
            "sandbox-journey-definition",
            message,
            pointer,
        )])
    };
    let Some(root) = source.value.as_object() else {
        return Err(err("", "a journey definition must be a JSON object".into()));
    };
    for key in root.keys() {
        if !matches!(
            key.as_str(),
            "resourceId" | "name" | "versions" | "description"
        ) {
            return Err(err(
                &format!("/{key}"),
                format!(
                    "unknown member `{key}` (expected resourceId, name, versions, description)"
                ),
            ));
        }
    }
    let resource_id = match root.get("resourceId") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(err("/resourceId", "`resourceId` must be a string".into())),
        None => match stem {
            Some(stem) => stem.to_owned(),
            None => return Err(err("", "missing `resourceId`".into())),
        },
    };
    if !is_journey_id(&resource_id) {
        return Err(err(
            "/resourceId",
            format!("`{resource_id}` is not a valid resource id (letters, digits, `_` and `-`, no version)"),
        ));
    }
    let display_name = match root.get("name") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(err("/name", "`name` must be a string".into())),
        None => resource_id.clone(),
    };
    let Some(Value::Array(versions)) = root.get("versions") else {
        return Err(err(
            if root.contains_key("versions") {
                "/versions"
            } else {
                ""
            },
            "`versions` must be a non-empty array of {\"version\", \"tasks\"}".into(),
        ));
    };
    if versions.is_empty() {
        return Err(err("/versions", "`versions` must not be empty".into()));
    }
    let base = source.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut out = Vec::new();
    for (vi, v) in versions.iter().enumerate() {
        let vp = format!("/versions/{vi}");
        let Some(v) = v.as_object() else {
            return Err(err(&vp, "a version must be an object".into()));
        };
        for key in v.keys() {
            if !matches!(
                key.as_str(),
                "version" | "tasks" | "modules" | "documentSides" | "collectLeafRefs"
            ) {
                return Err(err(
                    &format!("{vp}/{key}"),
                    format!("unknown member `{key}` (expected version, tasks, modules, documentSides, collectLeafRefs)"),
                ));
            }
        }
        let version = match v.get("version") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(err(&vp, "missing `version` (a string)".into())),
        };
        if version == "latest" || !is_version(&version) {
            return Err(err(
                &format!("{vp}/version"),
                format!("`{version}` is not a valid version (letters, digits, `_`, `-`, `.`; not `latest`)"),
            ));
        }
        if out.iter().any(|(o, _, _, _): &VersionParts| *o == version) {
            return Err(err(
                &format!("{vp}/version"),
                format!("version `{version}` is listed twice"),
            ));
        }
        let Some(Value::Array(tasks)) = v.get("tasks") else {
            return Err(err(&vp, "missing `tasks` (a non-empty array)".into()));
        };
        if tasks.is_empty() {
            return Err(err(
                &format!("{vp}/tasks"),
                "`tasks` must not be empty".into(),
            ));
        }
        let mut defs: Vec<TaskDef> = Vec::new();
        for (ti, t) in tasks.iter().enumerate() {
            let tp = format!("{vp}/tasks/{ti}");
            let Some(t) = t.as_object() else {
                return Err(err(
                    &tp,
                    "a task must be an object {\"name\", \"schema\"}".into(),
                ));
            };
            for key in t.keys() {
                if !matches!(key.as_str(), "name" | "schema") {
                    return Err(err(
                        &format!("{tp}/{key}"),
                        format!("unknown member `{key}` (expected name, schema)"),
                    ));
                }
            }
            let Some(Value::String(task_name)) = t.get("name") else {
                return Err(err(&tp, "missing `name` (a string)".into()));
            };
            if defs.iter().any(|d| d.name == *task_name) {
                return Err(err(
                    &format!("{tp}/name"),
                    format!("task name `{task_name}` is used twice in this version"),
                ));
            }
            let def = match t.get("schema") {
                Some(Value::String(rel)) => {
                    let path = task_file(&base, rel);
                    let name = path.display().to_string();
                    let bytes = files.read(&path).map_err(|e| {
                        err(
                            &format!("{tp}/schema"),
                            format!("cannot read task schema `{name}`: {e}"),
                        )
                    })?;
                    load_task(files, &path, &name, &bytes, task_name)?
                }
                Some(inline @ Value::Object(_)) => {
                    // The schema as written (its members in the author's order, which
                    // the end-user page shows), else re-serialized.
                    let text = source
                        .span(&format!("{tp}/schema"))
                        .and_then(|s| source.text.get(s.start..s.end))
                        .map(str::to_owned)
                        .unwrap_or_else(|| {
                            serde_json::to_string_pretty(inline).unwrap_or_default()
                        });
                    let name = format!("{}#{tp}/schema", source.name);
                    load_task(files, &source.path, &name, text.as_bytes(), task_name)?
                }
                _ => {
                    return Err(err(
                        &tp,
                        "missing `schema` (a path relative to this file, or the schema inline)"
                            .into(),
                    ))
                }
            };
            defs.push(def);
        }
        let modules = parse_modules(v.get("modules"), &format!("{vp}/modules"), &err)?;
        let document_sides = match v.get("documentSides") {
            None if defs.iter().any(|d| d.declares_side2) => Sides::Two,
            None => Sides::One,
            Some(n) if n.as_u64() == Some(1) => Sides::One,
            Some(n) if n.as_u64() == Some(2) => Sides::Two,
            Some(_) => {
                return Err(err(
                    &format!("{vp}/documentSides"),
                    "`documentSides` must be 1 or 2".into(),
                ))
            }
        };
        let leaf_refs = match v.get("collectLeafRefs") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(err(
                    &format!("{vp}/collectLeafRefs"),
                    "`collectLeafRefs` must be a boolean".into(),
                ))
            }
        };
        out.push((
            version,
            defs,
            modules,
            Settings {
                document_sides,
                leaf_refs,
            },
        ));
    }
    Ok(journey_of(&resource_id, &display_name, out))
}

/// `versions[].modules`: `[{"key", "name"?, "outcome"?, "seconds"?}]`.
fn parse_modules(
    value: Option<&Value>,
    mp: &str,
    err: &dyn Fn(&str, String) -> Diagnostics,
) -> Result<Vec<ModuleDef>, Diagnostics> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = value else {
        return Err(err(
            mp,
            "`modules` must be an array of {\"key\", \"name\", \"outcome\", \"seconds\"}".into(),
        ));
    };
    let mut out: Vec<ModuleDef> = Vec::new();
    for (i, m) in items.iter().enumerate() {
        let p = format!("{mp}/{i}");
        let Some(m) = m.as_object() else {
            return Err(err(&p, "a module must be an object".into()));
        };
        for key in m.keys() {
            if !matches!(key.as_str(), "key" | "name" | "outcome" | "seconds") {
                return Err(err(
                    &format!("{p}/{key}"),
                    format!("unknown member `{key}` (expected key, name, outcome, seconds)"),
                ));
            }
        }
        let key = match m.get("key") {
            Some(Value::String(k)) if gbg_go_wire::scenario::valid_name(k, 128) => k.clone(),
            _ => {
                return Err(err(
                    &p,
                    "missing or invalid `key` (letters, digits, `_`, `-`)".into(),
                ))
            }
        };
        if out.iter().any(|o| o.key == key) {
            return Err(err(
                &format!("{p}/key"),
                format!("module key `{key}` is used twice"),
            ));
        }
        let text = |field: &str, default: &str| match m.get(field) {
            None => Ok(default.to_owned()),
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(_) => Err(err(
                &format!("{p}/{field}"),
                format!("`{field}` must be a non-empty string"),
            )),
        };
        let name = text("name", &key)?;
        let outcome = text("outcome", "Pass")?;
        let seconds = match m.get("seconds") {
            None => 0,
            Some(v) => v.as_u64().filter(|s| *s <= 86_400).ok_or_else(|| {
                err(
                    &format!("{p}/seconds"),
                    "`seconds` must be a whole number from 0 to 86400".into(),
                )
            })?,
        };
        out.push(ModuleDef {
            key,
            name,
            outcome,
            seconds,
        });
    }
    Ok(out)
}

/// The schema as one self-contained document: files that the root `$ref`s are
/// placed under `definitions` (`$defs` in 2020-12) and the references rewritten, since
/// GO serves one schema per task and a client cannot follow a relative file path.
///
/// The targets come from the IR (every `$ref` in every loaded file is a node whose
/// `reference` the converter resolved), so bundling follows exactly the converter's
/// resolution rather than resolving paths a second time.
fn bundle(ir: &Ir) -> Value {
    let mut docs: Vec<Value> = ir.files.iter().map(|f| f.value.clone()).collect();
    if docs.len() == 1 {
        return docs.swap_remove(0);
    }
    let defs_key = match ir.dialect {
        gbg_go_schema::Dialect::Draft7 => "definitions",
        _ => "$defs",
    };
    let prefix = |file: usize| -> String {
        if file == 0 {
            String::new()
        } else {
            format!("/{defs_key}/__bundled{file}")
        }
    };
    for node in &ir.nodes {
        let NodeKind::Schema(k) = &node.kind else {
            continue;
        };
        let Some(target) = k.reference else {
            continue;
        };
        let from = node.location.file.0 as usize;
        let to = &ir.node(target).location;
        let to_file = to.file.0 as usize;
        if from == 0 && to_file == 0 {
            // A local reference of the root document stays as written.
            continue;
        }
        let rewritten = format!("#{}{}", prefix(to_file), encode_fragment(&to.pointer));
        if let Some(Value::Object(schema)) = docs[from].pointer_mut(&node.location.pointer) {
            schema.insert("$ref".into(), Value::String(rewritten));
        }
    }
    let mut docs = docs.into_iter();
    let mut root = docs.next().unwrap_or(Value::Null);
    if let Value::Object(obj) = &mut root {
        let defs = obj
            .entry(defs_key)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(defs) = defs {
            for (i, mut doc) in docs.enumerate() {
                // `$schema` and `$id` belong at a document's root only; inside the
                // bundle the root's dialect applies.
                if let Value::Object(d) = &mut doc {
                    d.remove("$schema");
                    d.remove("$id");
                }
                defs.insert(format!("__bundled{}", i + 1), doc);
            }
        }
    }
    root
}

/// A JSON pointer as a URI fragment: characters a fragment may not hold are
/// percent-encoded (the converter decodes them again).
fn encode_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The journeys the sandbox serves when no directory is given: every fixture task
/// schema in the project's `schemas/` as `<stem>@1`, `onboarding` (two versions of a
/// multi-task journey), and `verification`, in GO's own subject model (addresses with
/// `building` and `thoroughfare`, document and selfie images) with two modules
/// (`documentVerification`, `fraudCheck`) that scenarios script.
///
/// The schemas are embedded from `go-sandbox/fixtures/schemas/`, a byte-for-byte copy
/// of the project's `schemas/`: a published crate cannot include files outside its
/// folder. The test `fixtures_are_the_project_schemas` fails when the copies differ.
pub(crate) static FIXTURES: &[(&str, &[u8])] = &[
    (
        "schemas/address-history.json",
        include_bytes!("../fixtures/schemas/address-history.json"),
    ),
    (
        "schemas/basic-identity.json",
        include_bytes!("../fixtures/schemas/basic-identity.json"),
    ),
    (
        "schemas/biometrics.json",
        include_bytes!("../fixtures/schemas/biometrics.json"),
    ),
    (
        "schemas/consent.json",
        include_bytes!("../fixtures/schemas/consent.json"),
    ),
    (
        "schemas/contacts.json",
        include_bytes!("../fixtures/schemas/contacts.json"),
    ),
    (
        "schemas/kyc.json",
        include_bytes!("../fixtures/schemas/kyc.json"),
    ),
    (
        "schemas/kyc-2020.json",
        include_bytes!("../fixtures/schemas/kyc-2020.json"),
    ),
    (
        "schemas/passport-document.json",
        include_bytes!("../fixtures/schemas/passport-document.json"),
    ),
    (
        "schemas/split-address.json",
        include_bytes!("../fixtures/schemas/split-address.json"),
    ),
    (
        "schemas/shared/address.defs.json",
        include_bytes!("../fixtures/schemas/shared/address.defs.json"),
    ),
    (
        "schemas/us-ssn.json",
        include_bytes!("../fixtures/schemas/us-ssn.json"),
    ),
    (
        "go-sandbox/journeys/onboarding.journey.json",
        include_bytes!("../journeys/onboarding.journey.json"),
    ),
    (
        "go-sandbox/journeys/verification.journey.json",
        include_bytes!("../journeys/verification.journey.json"),
    ),
    (
        "go-sandbox/journeys/go/details.json",
        include_bytes!("../journeys/go/details.json"),
    ),
    (
        "go-sandbox/journeys/go/documents.json",
        include_bytes!("../journeys/go/documents.json"),
    ),
];

pub(crate) fn fixture_catalog() -> Result<Catalog, Diagnostics> {
    load_catalog(&EmbeddedFiles {
        files: FIXTURES,
        top: &["schemas", "go-sandbox/journeys"],
    })
}
