//! Shared-data conformance of GO's wire, for the sandbox's raw traffic and for the
//! client's.
//!
//! Every recorded request and response is checked two ways:
//!
//! 1. Against GBG's OpenAPI description (`$GBG_GO_SHARED/gbg-go-api/openapi.yaml`,
//!    GBG's older spec, 13 paths), when it has a schema for the exchange. A mismatch
//!    must be a *reviewed deviation* ([`Deviation`]): a place where the project
//!    follows GBG's newer API notes, named with the reason. An unlisted mismatch fails,
//!    and so does a listed deviation that no longer happens.
//! 2. Against a hand-written schema from GBG's API notes ([`notes_schema`]) where
//!    the notes record newer fields or endpoints. These schemas cite their section,
//!    close their objects where the notes list every member (so a field GO does not
//!    document fails), and must always pass.
//!
//! A body the wire crate has a type for is also decoded into it (`gbg-go-wire`), so
//! the shared types are checked against the same traffic.

use std::path::PathBuf;

use serde_json::{json, Value};

/// One recorded exchange.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// `post`, `get`, …
    pub method: String,
    /// The path under the API prefix, query string removed (`/journey/start`).
    pub path: String,
    /// `v1`, `v2`, or `auth` for the token endpoints.
    pub generation: &'static str,
    /// The query string, if any (`view=slim`).
    pub query: Option<String>,
    /// The JSON request body, if it had one.
    pub request: Option<Value>,
    /// The status.
    pub status: u16,
    /// The JSON response body (`Null` when empty or not JSON).
    pub response: Value,
}

/// A reviewed relaxation of `openapi.yaml`: (operation, `request` or the status,
/// instance pointer, keyword, why).
pub type Deviation = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// Reviewed deviations every recording shows, whoever sends the requests: the token
/// grants GBG's newer docs add, GO's closed-allOf consent item, the resource-id
/// length bug, the newer connect response, the dashboard's schema form, and the
/// newer interaction shape.
pub const COMMON_DEVIATIONS: &[Deviation] = &[
    (
        "post /auth/realms/go/protocol/openid-connect/token",
        "request",
        "/grant_type",
        "enum",
        "the spec knows only the password grant; GBG's newer docs add client_credentials (+ scope=gbg.token)",
    ),
    (
        "post /auth/realms/go/protocol/openid-connect/token",
        "request",
        "",
        "required",
        "the client_credentials grant has no username/password (GBG's newer docs)",
    ),
    (
        "post /journey/start",
        "request",
        "/resourceId",
        "minLength",
        "the spec's 16–64 characters cannot hold `<64-hex id>@<version>` and reject short sandbox ids; API-NOTES §3.1 calls it a spec bug (don't enforce)",
    ),
    (
        "post /journey/task/update",
        "request",
        "/context/subject/consent/0",
        "additionalProperties",
        "GO's consent item is an allOf of branches that each close additionalProperties, so no consent with a `type` can pass (our lint-allof-closed); the task schema decides instead",
    ),
    (
        "post /journey/state/fetch",
        "200",
        "/context/subject/consent/0",
        "additionalProperties",
        "the same closed-allOf consent schema, in the state's subject",
    ),
    (
        "post /journey/interaction/submit",
        "request",
        "/context/subject/consent/0",
        "additionalProperties",
        "the same closed-allOf consent schema, in a submission",
    ),
    (
        "post /journey/interaction/fetch",
        "200",
        "",
        "anyOf",
        "the older spec closes `interaction` to `resource` alone and has no `context` or `processing`; GBG's docs and newer specs add `grId`, `collects`, `consumes` (catalogue refs), `context` and `processing` (API-NOTES §3.3), checked by the hand-written schema instead",
    ),
    (
        "post /journey/device/connect",
        "201",
        "",
        "additionalProperties",
        "the newest spec adds instanceId, resumeCredential and credentialExpiresAt/In to the connect response (device refresh needs them)",
    ),
    (
        "post /journey/task/schema",
        "200",
        "",
        "additionalProperties",
        "the sandbox serves the task schema in the dashboard's export form, with title/description; the spec's example shape allows only four keys",
    ),
    (
        "post /journey/task/list/schema",
        "200",
        "/schemas/*",
        "additionalProperties",
        "as for task/schema: schemas in the dashboard's export form",
    ),
];

/// `/schemas/<task id>` → `/schemas/*`, so that deviations name stable pointers.
pub fn generalize(path: &str, pointer: &str) -> String {
    if path == "/journey/task/list/schema" {
        if let Some(rest) = pointer.strip_prefix("/schemas/") {
            let tail = rest
                .split_once('/')
                .map(|(_, t)| format!("/{t}"))
                .unwrap_or_default();
            return format!("/schemas/*{tail}");
        }
    }
    pointer.to_owned()
}

/// Where the shared folder is: `GBG_GO_SHARED`, else `../shared` beside the
/// repository. Panics with a clear message when the spec is missing.
pub fn openapi_path() -> PathBuf {
    let dir = std::env::var_os("GBG_GO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let spec = dir.join("gbg-go-api/openapi.yaml");
    assert!(
        spec.is_file(),
        "this suite needs GBG's OpenAPI description at {} (set GBG_GO_SHARED)",
        spec.display()
    );
    spec
}

fn yaml_to_json(y: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(r) => r.parse::<f64>().map(Value::from).unwrap_or(Value::Null),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(yaml_to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        other => panic!("unsupported YAML key {other:?}"),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// OpenAPI 3.0 schema → JSON Schema draft-07: boolean `exclusiveMinimum` /
/// `exclusiveMaximum` become numbers; `nullable` adds `null`.
fn to_draft7(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (bound, excl) in [
                ("minimum", "exclusiveMinimum"),
                ("maximum", "exclusiveMaximum"),
            ] {
                if m.get(excl) == Some(&Value::Bool(true)) {
                    if let Some(b) = m.remove(bound) {
                        m.insert(excl.into(), b);
                    }
                } else if m.get(excl) == Some(&Value::Bool(false)) {
                    m.remove(excl);
                }
            }
            if m.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = m.get("type").cloned() {
                    m.insert("type".into(), json!([t, "null"]));
                }
            }
            m.remove("example");
            m.values_mut().for_each(to_draft7);
        }
        Value::Array(a) => a.iter_mut().for_each(to_draft7),
        _ => {}
    }
}

/// GBG's OpenAPI description.
pub struct Spec(Value);

impl Spec {
    /// Load it from the shared folder.
    pub fn load() -> Spec {
        let text = std::fs::read_to_string(openapi_path()).expect("openapi.yaml is readable");
        let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("openapi.yaml is YAML");
        Spec(yaml_to_json(&docs[0]))
    }

    /// Every `(method, path)` the spec describes.
    pub fn operations(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, ops) in self.0["paths"].as_object().into_iter().flatten() {
            for method in ops.as_object().into_iter().flatten().map(|(m, _)| m) {
                out.push((method.clone(), path.clone()));
            }
        }
        out
    }

    /// The schema of a request (`which = "request"`) or a response status.
    pub fn schema(&self, path: &str, method: &str, which: &str) -> Option<Value> {
        let op = self.0.get("paths")?.get(path)?.get(method)?;
        let content = if which == "request" {
            op.get("requestBody")?.get("content")?
        } else {
            op.get("responses")?.get(which)?.get("content")?
        };
        let media = content
            .get("application/json")
            .or_else(|| content.get("application/x-www-form-urlencoded"))?;
        let mut schema = media.get("schema")?.clone();
        to_draft7(&mut schema);
        Some(schema)
    }
}

fn closed(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

fn string() -> Value {
    json!({"type": "string"})
}

fn enumeration(values: &[&str]) -> Value {
    json!({"type": "string", "enum": values})
}

/// A classification: positive, negative, neutral or null (API-NOTES §6.1).
fn classification() -> Value {
    json!({"enum": ["positive", "negative", "neutral", null]})
}

/// GBG's v2 error body (API-NOTES §6.2, sdk-new `ErrorResponse`).
pub fn v2_error() -> Value {
    closed(
        json!({"errors": {"type": "array", "minItems": 1, "items": closed(json!({
            "code": {"type": "string", "pattern": "^\\d{4}$"},
            "name": {"type": "string", "minLength": 1},
            "location": enumeration(&["Path", "Authorization", "Header", "Query String", "Request", "Body", "Service", "Flow"]),
            "problem": {"type": "string", "minLength": 1},
            "action": {"type": "string", "minLength": 1}
        }), &["code", "name", "problem", "action"])}}),
        &["errors"],
    )
}

/// v1's error body `{status, message, error}` (API-NOTES §1.2 and §6.2: the
/// migration guide; no example is published).
pub fn v1_error() -> Value {
    closed(
        json!({"status": {"type": "integer"}, "message": string(), "error": string()}),
        &["status", "message", "error"],
    )
}

fn process_journey() -> Value {
    closed(
        json!({"name": string(), "id": string(), "version": string(), "startedAt": string(), "endedAt": string()}),
        &[],
    )
}

fn step_error() -> Value {
    closed(
        json!({"errors": {"type": "array", "items": closed(json!({
            "error": string(), "location": string(), "problem": string(), "action": string(), "code": string()
        }), &[])}, "correlationId": string()}),
        &[],
    )
}

/// A full-view step: the slim step's members plus the `result {status, outcome,
/// error}` GBG's sample backend observed (API-NOTES §3.6).
fn full_step() -> Value {
    closed(
        json!({
            "nodeId": string(), "name": string(), "outcome": string(),
            "outcomeClassification": classification(),
            "result": closed(json!({"status": string(), "outcome": string(), "error": step_error()}), &[])
        }),
        &[],
    )
}

fn slim_result() -> Value {
    closed(
        json!({
            "outcome": string(),
            "status": enumeration(&["pending", "complete", "error", "timeout"]),
            "outcomeClassification": classification(),
            "errors": {"type": "array", "items": v2_error()["properties"]["errors"]["items"].clone()},
            "data": closed(json!({"identity": {"type": "object"}, "documents": {"type": "array"}}), &[])
        }),
        &["status"],
    )
}

/// The full view's result with the given status vocabulary.
fn full_result(statuses: &[&str]) -> Value {
    closed(
        json!({
            "status": enumeration(statuses),
            "outcome": string(),
            "outcomeClassification": classification(),
            "advice": {"type": "object"}
        }),
        &["status"],
    )
}

/// v2's result statuses: GO's docs say `pending`/`completed`/`failed`, its newest
/// description `pending`/`complete`/`error`, which GBG's sample backends read from live
/// tenants; API-NOTES §6.1 resolves the conflict for the newest (the sandbox sends it),
/// and both are accepted.
const V2_RESULT_STATUSES: &[&str] = &["pending", "complete", "error", "completed", "failed"];

/// The full state view in v2 (API-NOTES §3.6: the docs' example and field table,
/// sdk-new `StateFetchResponse`, which also has a top-level `result`).
fn v2_full_state() -> Value {
    closed(
        json!({
            "instanceId": string(),
            "status": enumeration(&["InProgress", "Completed", "Failed", "Paused"]),
            "context": closed(json!({
                "process": closed(json!({
                    "journey": process_journey(),
                    "instance": closed(json!({"id": string(), "instanceId": string()}), &[]),
                    "steps": {"type": "array", "items": full_step()}
                }), &["steps"]),
                "subject": {"type": "object"},
                "result": full_result(V2_RESULT_STATUSES)
            }), &[]),
            "result": full_result(V2_RESULT_STATUSES)
        }),
        &["instanceId", "status"],
    )
}

/// v1's state: `metaData` times, the subject, results under
/// `data.process.flow.<variantId>` (API-NOTES §3.6; the inside of a flow entry is
/// INFERRED and uses the v2 shapes).
fn v1_state() -> Value {
    closed(
        json!({
            "instanceId": string(),
            "status": enumeration(&["InProgress", "Completed", "Failed", "Paused"]),
            "metaData": closed(json!({"createdTime": string(), "completedTime": string()}), &[]),
            "context": closed(json!({"subject": {"type": "object"}}), &[]),
            "data": closed(json!({"process": closed(json!({"flow": {"type": "object", "additionalProperties":
                closed(json!({"steps": {"type": "array", "items": full_step()},
                              "result": full_result(&["pending", "completed", "failed"])}), &[])
            }}), &["flow"])}), &[])
        }),
        &["instanceId", "status", "metaData"],
    )
}

fn collect_item() -> Value {
    json!({"type": "object", "properties": {
        "ref": string(), "spec": enumeration(&["required", "optional", "conditional"]),
        "recommended": {"type": "boolean"}, "parentSpec": string(),
        "combinator": enumeration(&["oneOf", "allOf"]), "inputs": {"type": "array"}
    }, "required": ["ref", "spec"], "additionalProperties": false})
}

/// `interaction/fetch` (API-NOTES §3.3: sdk-new `InteractionFetchResponse`, with
/// the docs' `interaction` members; or the older spec's `{status:"error", code,
/// message}` form).
fn fetch_interaction() -> Value {
    json!({"anyOf": [
        closed(json!({
            "instanceId": string(),
            "interactionId": string(),
            "journey": closed(json!({"status": enumeration(&["InProgress", "Completed", "Failed", "Paused"])}), &["status"]),
            "interaction": closed(json!({
                "grId": string(),
                "resource": {"type": "object"},
                "collects": {"type": "array", "items": collect_item()},
                "consumes": {"type": "array", "items": collect_item()}
            }), &["collects", "consumes", "grId"]),
            "context": {"type": "object"},
            "instructions": {"type": "array", "items": string()},
            "outstanding": {"type": "array", "items": string()},
            "outstandingGroups": {"type": "array"},
            "processing": {"type": "boolean"},
            "result": {"type": "object"},
            "joinedDevice": {"type": "object"}
        }), &["instanceId", "journey"]),
        closed(json!({"status": {"const": "error"}, "code": {"type": "number"}, "message": string()}), &["status", "code", "message"])
    ]})
}

fn device_session(required: &[&str]) -> Value {
    closed(
        json!({
            "endUserToken": string(), "tokenType": string(), "expiresIn": {"type": ["number", "string"]},
            "instanceId": string(), "resumeCredential": string(), "credentialExpiresAt": string(),
            "credentialExpiresIn": {"type": "number"}, "linkExpiresAt": string()
        }),
        required,
    )
}

fn scenario_data() -> Value {
    closed(
        json!({
            "description": string(),
            "modules": {"type": "object", "additionalProperties": {"type": "object", "properties": {"outcome": string(), "advice": string()}, "required": ["outcome"]}},
            "defaultOutcome": string(),
            "defaultAdvice": string(),
            // gbg-go sandbox extension (DESIGN, *Capture semantics*, "Sides"): what GO's
            // classification module outputs for the document (API-NOTES §4.3).
            "classification": closed(json!({"isDoubleSided": {"type": "boolean"}, "category": string()}), &[])
        }),
        &["modules"],
    )
}

/// The hand-written schema of an exchange, from GBG's API notes, where the notes
/// record newer fields or endpoints than `openapi.yaml`. `which` is `request` or the
/// status; `query` is the exchange's query string.
pub fn notes_schema(ex: &Exchange, which: &str) -> Option<Value> {
    let status: u16 = which.parse().unwrap_or(0);
    if status >= 400 {
        // Every error answer has its generation's shape (DESIGN, API-NOTES §6.2).
        return Some(match ex.generation {
            "v1" => v1_error(),
            "v2" => v2_error(),
            _ => return None,
        });
    }
    let slim = ex.query.as_deref() == Some("view=slim");
    let v = |s: Value| Some(s);
    match (ex.generation, ex.path.as_str(), which) {
        // §3.2: v2 start answers 201; `state` only with inlineResult.
        ("v2", "/journey/start", "201") => v(closed(
            json!({
                "instanceId": string(),
                "status": enumeration(&["started", "completed", "failed", "awaiting-input", "pending"]),
                "instanceUrl": string(), "message": string(),
                "waitedSeconds": {"type": "integer", "minimum": 0},
                "state": v2_full_state()
            }),
            &["instanceId", "status"],
        )),
        // §3.6: the full and slim views.
        ("v2", "/journey/state/fetch", "200") if slim => v(closed(
            json!({
                "instanceId": string(),
                "status": enumeration(&["InProgress", "Completed", "Error"]),
                "journey": process_journey(),
                "steps": {"type": "array", "items": closed(json!({
                    "nodeId": string(), "name": string(), "outcome": string(), "outcomeClassification": classification()
                }), &["nodeId"])},
                "result": slim_result()
            }),
            &["instanceId", "status"],
        )),
        ("v2", "/journey/state/fetch", "200") => v(v2_full_state()),
        ("v1", "/journey/state/fetch", "200") => v(v1_state()),
        // §3.3.
        (_, "/journey/interaction/fetch", "request") => v(closed(
            json!({"instanceId": string(), "scope": enumeration(&["subject", "reviewer"])}),
            &["instanceId"],
        )),
        (_, "/journey/interaction/fetch", "200") if slim => v(closed(
            json!({
                "journey": closed(json!({"status": enumeration(&["InProgress", "Completed", "Failed", "Paused"])}), &["status"]),
                "outstanding": {"type": "array", "items": string()},
                "instructions": {"type": "array", "items": string()},
                "result": slim_result()
            }),
            &[],
        )),
        (_, "/journey/interaction/fetch", "200") => v(fetch_interaction()),
        // §3.4.
        (_, "/journey/interaction/submit", "request") => v(closed(
            json!({
                "instanceId": string(), "interactionId": string(),
                "participants": {"type": "array", "items": {"type": "object", "properties": {
                    "domainElementId": string(), "instructions": {"type": "array", "items": string()}
                }, "required": ["domainElementId"]}},
                "context": closed(json!({
                    "subject": {"type": "object"},
                    "reviewers": {"type": "array", "maxItems": 1, "items": closed(json!({
                        "manualReview": closed(json!({"decision": {"type": "integer", "minimum": 0, "maximum": 9},
                                                      "notes": {"type": "string", "maxLength": 500}}), &["decision"])
                    }), &["manualReview"])}
                }), &["subject"])
            }),
            &["instanceId", "interactionId"],
        )),
        (_, "/journey/interaction/submit", "200") => {
            v(closed(json!({"status": {"const": "success"}}), &["status"]))
        }
        // §3.5.
        (_, "/journey/interaction/asset/upload", "200") => v(closed(
            json!({"domainElementId": string(), "gofsKey": string()}),
            &["domainElementId", "gofsKey"],
        )),
        // §3.7.
        (_, "/journey/terminate", "request") => v(closed(
            json!({"instanceId": string(), "reason": string()}),
            &["instanceId"],
        )),
        (_, "/journey/terminate", "200") => {
            v(closed(json!({"instanceId": string()}), &["instanceId"]))
        }
        (_, "/journey/state/delete", "200") => v(closed(
            json!({"instanceId": string(), "status": {"const": "deleted"}, "message": string()}),
            &["instanceId"],
        )),
        (_, "/journey/schema/fetch", "request") => v(closed(
            json!({"resourceId": {"type": "string", "maxLength": 256}, "interactionId": string(), "instruction": string()}),
            &["resourceId"],
        )),
        (_, "/journey/schema/fetch", "200") => v(closed(
            json!({"deliveryId": string(), "resolvedVersion": string(), "schemas": {"type": "array", "items": closed(json!({
                "interactionId": string(), "instruction": string(), "schema": {"type": "object"}
            }), &["interactionId", "schema"])}}),
            &["deliveryId", "resolvedVersion", "schemas"],
        )),
        // §3.8.
        (_, "/journey/device/start", "request") => v(closed(
            json!({"instanceId": string(), "scope": {"type": "array", "items": enumeration(&["mobile", "desktop", "*", "any", ""])}}),
            &["instanceId"],
        )),
        (_, "/journey/device/start", "201") => v(closed(
            json!({"connectToken": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,1024}$"}, "tokenType": {"const": "connect"},
                   "expiresIn": {"type": ["number", "string"]}, "scope": {"type": "array", "items": string()}}),
            &["connectToken"],
        )),
        (_, "/journey/device/connect", "201") => v(device_session(&["endUserToken", "instanceId"])),
        (_, "/journey/device/refresh", "201") => v(device_session(&[
            "endUserToken",
            "expiresIn",
            "instanceId",
            "resumeCredential",
            "credentialExpiresAt",
            "credentialExpiresIn",
            "linkExpiresAt",
        ])),
        (_, "/journey/device/validate", "200") => v(closed(
            json!({"valid": {"const": true}, "sessionId": string(), "instanceId": string(), "orgId": string(), "expiresAt": string()}),
            &["valid"],
        )),
        (_, p, "201") if p.ends_with("/handoff-token") => v(closed(
            json!({"instanceUrl": string(), "devicePosition": enumeration(&["origin", "joined"]), "expiresIn": {"type": ["number", "string"]}}),
            &["instanceUrl"],
        )),
        // §3.10.
        (_, p, "request") if p.contains("/scenarios") && ex.method == "post" => v(closed(
            json!({"name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"}, "data": scenario_data()}),
            &["name", "data"],
        )),
        (_, p, "request") if p.contains("/scenarios") && ex.method == "put" => {
            v(closed(json!({"data": scenario_data()}), &["data"]))
        }
        (_, p, "201") if p.contains("/scenarios") => v(closed(
            json!({"name": string(), "journeyId": string(), "tier": {"const": "org"}}),
            &["name", "journeyId", "tier"],
        )),
        (_, p, "200") if p.contains("/scenarios/") => v(closed(
            json!({"name": string(), "journeyId": string(), "tier": enumeration(&["platform", "org"]), "data": scenario_data(),
                   "lastModifiedTime": {"type": "string", "format": "date-time"}, "lastModifiedBy": string()}),
            &[
                "name",
                "journeyId",
                "tier",
                "data",
                "lastModifiedTime",
                "lastModifiedBy",
            ],
        )),
        (_, p, "200") if p.ends_with("/scenarios") => v(json!({"type": "array", "items": closed(
            json!({"name": string(), "tier": enumeration(&["platform", "org"]), "editable": {"type": "boolean"}, "description": string(),
                   "lastModifiedTime": {"type": "string", "format": "date-time"}, "lastModifiedBy": string()}),
            &["name", "tier", "editable", "lastModifiedTime", "lastModifiedBy"],
        )})),
        // §3.11: v1 task list items carry only `taskId`.
        ("v1", "/journey/task/list", "200") => v(closed(
            json!({"status": string(), "instanceId": string(), "tasks": {"type": "array", "items": closed(json!({"taskId": string()}), &["taskId"])}}),
            &["instanceId", "status", "tasks"],
        )),
        ("v1", "/journey/task/update", "200") => v(closed(
            json!({"instanceId": string(), "taskId": string()}),
            &["instanceId", "taskId"],
        )),
        _ => None,
    }
}

/// Decode a body into the wire crate's type for the exchange, where it has one:
/// `Err` names the type and serde's position (never a value).
pub fn decode_wire(
    ex: &Exchange,
    which: &str,
    body: &Value,
) -> Option<Result<&'static str, String>> {
    use gbg_go_wire::{device, error, interaction, journey, scenario, task};
    fn check<T: serde::de::DeserializeOwned>(
        name: &'static str,
        body: &Value,
    ) -> Result<&'static str, String> {
        let text = serde_json::to_string_pretty(body).unwrap_or_default();
        serde_json::from_str::<T>(&text)
            .map(|_| name)
            .map_err(|e| format!("{name}: line {} column {}", e.line(), e.column()))
    }
    let status: u16 = which.parse().unwrap_or(0);
    if status >= 400 {
        return Some(match ex.generation {
            "v1" => check::<error::V1ErrorBody>("V1ErrorBody", body),
            "v2" => check::<error::ErrorBody>("ErrorBody", body),
            _ => return None,
        });
    }
    let slim = ex.query.as_deref() == Some("view=slim");
    Some(match (ex.path.as_str(), which) {
        ("/journey/start", "request") => check::<journey::StartRequest>("StartRequest", body),
        ("/journey/start", "200" | "201") => check::<journey::StartResponse>("StartResponse", body),
        ("/journey/state/fetch", "200") if slim => check::<journey::SlimState>("SlimState", body),
        ("/journey/state/fetch", "200") => check::<journey::FullState>("FullState", body),
        ("/journey/state/delete", "200") => {
            check::<journey::DeleteResponse>("DeleteResponse", body)
        }
        ("/journey/terminate", "request") => {
            check::<journey::TerminateRequest>("TerminateRequest", body)
        }
        ("/journey/terminate", "200") => {
            check::<journey::TerminateResponse>("TerminateResponse", body)
        }
        ("/journey/schema/fetch", "request") => {
            check::<journey::SchemaFetchRequest>("SchemaFetchRequest", body)
        }
        ("/journey/schema/fetch", "200") => {
            check::<journey::SchemaFetchResponse>("SchemaFetchResponse", body)
        }
        ("/journey/interaction/fetch", "request") => {
            check::<interaction::FetchRequest>("FetchRequest", body)
        }
        ("/journey/interaction/fetch", "200") if body.get("status").is_some() => {
            check::<interaction::FetchError>("FetchError", body)
        }
        ("/journey/interaction/fetch", "200") if !slim => {
            check::<interaction::FetchResponse>("FetchResponse", body)
        }
        ("/journey/interaction/submit", "request") => {
            check::<interaction::SubmitRequest>("SubmitRequest", body)
        }
        ("/journey/interaction/submit", "200") => {
            check::<interaction::SubmitResponse>("SubmitResponse", body)
        }
        ("/journey/interaction/asset/upload", "200") => {
            check::<interaction::AssetUploadResponse>("AssetUploadResponse", body)
        }
        ("/journey/device/start", "request") => {
            check::<device::DeviceStartRequest>("DeviceStartRequest", body)
        }
        ("/journey/device/start", "201") => {
            check::<device::DeviceStartResponse>("DeviceStartResponse", body)
        }
        ("/journey/device/connect", "request") => {
            check::<device::DeviceConnectRequest>("DeviceConnectRequest", body)
        }
        ("/journey/device/connect" | "/journey/device/refresh", "201") => {
            check::<device::EndUserSession>("EndUserSession", body)
        }
        ("/journey/device/refresh", "request") => {
            check::<device::DeviceRefreshRequest>("DeviceRefreshRequest", body)
        }
        ("/journey/device/validate", "200") => {
            check::<device::DeviceValidateResponse>("DeviceValidateResponse", body)
        }
        (p, "201") if p.ends_with("/handoff-token") => {
            check::<device::HandoffTokenResponse>("HandoffTokenResponse", body)
        }
        ("/journey/task/list", "200") => check::<task::TaskListResponse>("TaskListResponse", body),
        ("/journey/task/list/schema", "200") => {
            check::<task::TaskListSchemaResponse>("TaskListSchemaResponse", body)
        }
        ("/journey/task/update", "request") => {
            check::<task::TaskUpdateRequest>("TaskUpdateRequest", body)
        }
        ("/journey/task/update", "200") => {
            check::<task::TaskUpdateResponse>("TaskUpdateResponse", body)
        }
        (p, "request") if p.contains("/scenarios") && ex.method == "post" => {
            check::<scenario::CreateScenario>("CreateScenario", body)
        }
        (p, "request") if p.contains("/scenarios") && ex.method == "put" => {
            check::<scenario::ReplaceScenario>("ReplaceScenario", body)
        }
        (p, "201") if p.contains("/scenarios") => {
            check::<scenario::ScenarioCreated>("ScenarioCreated", body)
        }
        (p, "200") if p.contains("/scenarios/") => check::<scenario::Scenario>("Scenario", body),
        (p, "200") if p.ends_with("/scenarios") => {
            check::<Vec<scenario::ScenarioSummary>>("ScenarioSummary list", body)
        }
        _ => return None,
    })
}

/// The result of checking a recording.
#[derive(Debug, Default)]
pub struct Report {
    /// Bodies checked against `openapi.yaml`.
    pub against_openapi: usize,
    /// Bodies checked against the hand-written schemas from the API notes.
    pub against_notes: usize,
    /// Bodies decoded into the wire crate's types.
    pub decoded: usize,
    /// Failures (unlisted openapi mismatches, any notes mismatch, any decode failure).
    pub failures: Vec<String>,
    /// The deviations that happened.
    pub deviations_seen: std::collections::BTreeSet<(String, String, String, String)>,
}

fn validator(schema: &Value, what: &str) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// Check every exchange; `generalize` maps instance pointers to stable forms.
pub fn check(
    spec: &Spec,
    log: &[Exchange],
    deviations: &[Deviation],
    generalize: &dyn Fn(&str, &str) -> String,
) -> Report {
    let mut report = Report::default();
    for ex in log {
        // GBG's documented token endpoint is the spec's token operation at another
        // path (DESIGN: the sandbox answers both).
        let path = if ex.path == gbg_go_wire::paths::TOKEN {
            gbg_go_wire::paths::TOKEN_KEYCLOAK
        } else {
            ex.path.as_str()
        };
        let op = format!("{} {path}", ex.method);
        let mut pairs: Vec<(String, &Value)> = Vec::new();
        if let Some(req) = &ex.request {
            pairs.push(("request".into(), req));
        }
        if !ex.response.is_null() {
            pairs.push((ex.status.to_string(), &ex.response));
        }
        for (which, instance) in pairs {
            if let Some(schema) = spec.schema(path, &ex.method, &which) {
                report.against_openapi += 1;
                for e in validator(&schema, &op).iter_errors(instance) {
                    let pointer = e.instance_path().as_str().to_owned();
                    let key = (
                        op.clone(),
                        which.clone(),
                        generalize(&ex.path, &pointer),
                        e.kind().keyword().to_owned(),
                    );
                    let listed = deviations.iter().any(|d| {
                        (d.0, d.1, d.2, d.3)
                            == (
                                key.0.as_str(),
                                key.1.as_str(),
                                key.2.as_str(),
                                key.3.as_str(),
                            )
                    });
                    if listed {
                        report.deviations_seen.insert(key);
                    } else {
                        report.failures.push(format!(
                            "{} {op} {which} at `{pointer}`: openapi.yaml {}: not a reviewed deviation",
                            ex.generation,
                            key.3
                        ));
                    }
                }
            }
            if let Some(schema) = notes_schema(ex, &which) {
                report.against_notes += 1;
                for e in validator(&schema, &op).iter_errors(instance) {
                    report.failures.push(format!(
                        "{} {op} {which} at `{}`: API-notes schema: {}",
                        ex.generation,
                        e.instance_path().as_str(),
                        e.kind().keyword()
                    ));
                }
            }
            match decode_wire(ex, &which, instance) {
                Some(Ok(_)) => report.decoded += 1,
                Some(Err(e)) => report.failures.push(format!(
                    "{} {op} {which}: the wire type refuses it ({e})",
                    ex.generation
                )),
                None => {}
            }
        }
    }
    report
}

/// Assert a report: no failures, every listed deviation seen, at least `min` bodies.
pub fn assert_clean(report: &Report, deviations: &[Deviation], min: usize) {
    for d in deviations {
        println!(
            "reviewed deviation: {} {} `{}` {}: {}",
            d.0, d.1, d.2, d.3, d.4
        );
    }
    println!(
        "checked {} bodies against openapi.yaml, {} against the API-notes schemas, decoded {} into gbg-go-wire types",
        report.against_openapi, report.against_notes, report.decoded
    );
    assert!(
        report.failures.is_empty(),
        "mismatches:\n{}",
        report.failures.join("\n")
    );
    let stale: Vec<_> = deviations
        .iter()
        .filter(|d| {
            !report
                .deviations_seen
                .contains(&(d.0.into(), d.1.into(), d.2.into(), d.3.into()))
        })
        .map(|d| format!("{} {} {} {}", d.0, d.1, d.2, d.3))
        .collect();
    assert!(
        stale.is_empty(),
        "listed deviations that no longer happen:\n{}",
        stale.join("\n")
    );
    assert!(
        report.against_openapi + report.against_notes >= min,
        "only {} bodies checked",
        report.against_openapi + report.against_notes
    );
}

/// A recording reverse proxy in front of the sandbox: every exchange that passes
/// through is kept, so the client's own traffic can be checked.
pub struct Proxy {
    /// Where to point clients (`http://127.0.0.1:PORT`).
    pub base_url: String,
    log: std::sync::Arc<std::sync::Mutex<Vec<Exchange>>>,
}

impl Proxy {
    /// Start a proxy to `target` (a host root) on a free loopback port.
    pub async fn start(target: &str) -> Proxy {
        use axum::body::Bytes;
        use axum::extract::{Request, State};
        use axum::response::{IntoResponse, Response};
        #[derive(Clone)]
        struct Ctx {
            target: String,
            http: reqwest::Client,
            log: std::sync::Arc<std::sync::Mutex<Vec<Exchange>>>,
        }
        async fn forward(State(ctx): State<Ctx>, req: Request) -> Response {
            let method = req.method().clone();
            let uri = req.uri().clone();
            let headers = req.headers().clone();
            let body: Bytes = axum::body::to_bytes(req.into_body(), 64 << 20)
                .await
                .unwrap_or_default();
            let mut out = ctx.http.request(
                method.as_str().parse().expect("a method"),
                format!("{}{}", ctx.target, uri),
            );
            for (name, value) in &headers {
                if name != "host" && name != "content-length" {
                    out = out.header(name.as_str(), value.as_bytes());
                }
            }
            let resp = out
                .body(body.clone())
                .send()
                .await
                .expect("the sandbox answers");
            let status = resp.status().as_u16();
            let resp_headers = resp.headers().clone();
            let resp_body = resp.bytes().await.unwrap_or_default();
            let full = uri.path();
            let (generation, path) = if let Some(p) = full.strip_prefix("/captain/api") {
                ("v1", p)
            } else if let Some(p) = full.strip_prefix("/v2/captain") {
                ("v2", p)
            } else {
                ("auth", full)
            };
            let json_of = |b: &[u8]| serde_json::from_slice::<Value>(b).unwrap_or(Value::Null);
            let request = if headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
            {
                let pairs: Vec<(String, String)> =
                    serde_urlencoded::from_bytes(&body).unwrap_or_default();
                Some(Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k, Value::String(v)))
                        .collect(),
                ))
            } else if body.is_empty() {
                None
            } else {
                serde_json::from_slice::<Value>(&body).ok()
            };
            ctx.log.lock().unwrap().push(Exchange {
                method: method.as_str().to_ascii_lowercase(),
                path: path.to_owned(),
                generation,
                query: uri.query().map(str::to_owned),
                request,
                status,
                response: json_of(&resp_body),
            });
            let mut response = (
                axum::http::StatusCode::from_u16(status).expect("a status"),
                resp_body,
            )
                .into_response();
            for (name, value) in &resp_headers {
                if name != "content-length" && name != "transfer-encoding" {
                    response.headers_mut().insert(name.clone(), value.clone());
                }
            }
            response
        }
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let ctx = Ctx {
            target: target.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
            log: log.clone(),
        };
        let app = axum::Router::new().fallback(forward).with_state(ctx);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let addr = listener.local_addr().expect("an address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Proxy {
            base_url: format!("http://{addr}"),
            log,
        }
    }

    /// What passed through so far.
    pub fn log(&self) -> Vec<Exchange> {
        self.log.lock().unwrap().clone()
    }
}
