//! v2 journeys of several interactions whose subjects are closed
//! (`additionalProperties: false`, as GO's exports often are), over loopback HTTP.
//!
//! DESIGN, *Capture semantics*, "What a submit is judged on" (INFERRED): the current
//! interaction's schema judges the merged data restricted to the subject members it
//! declares; earlier interactions' data stays held and never fails a later one. The
//! same rule for `outstanding` and for the prefill judged at start.

mod common;

use std::path::{Path, PathBuf};

use gbg_go_sandbox::Config;
use serde_json::{json, Value};

/// A closed task schema whose subject has the given properties (all required).
fn closed_task(title: &str, subject_properties: Value) -> String {
    let required: Vec<&String> = subject_properties.as_object().unwrap().keys().collect();
    serde_json::to_string_pretty(&json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        "type": "object",
        "required": ["context"],
        "properties": {"context": {
            "type": "object",
            "required": ["subject"],
            "properties": {"subject": {
                "type": "object",
                "additionalProperties": false,
                "required": required,
                "properties": subject_properties
            }}
        }}
    }))
    .unwrap()
}

/// KYC: names and date of birth, `identity` closed.
fn kyc_schema() -> String {
    closed_task(
        "KYC",
        json!({"identity": {
            "type": "object",
            "additionalProperties": false,
            "required": ["firstName", "lastNames", "dateOfBirth"],
            "properties": {
                "firstName": {"type": "string", "minLength": 1},
                "lastNames": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
                "dateOfBirth": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "format": "date"}
            }
        }}),
    )
}

/// Consent, as GO's consent export: the subject holds only `consent`.
fn consent_schema() -> String {
    closed_task(
        "Consent",
        json!({"consent": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["type", "url", "effectiveDate"],
                "properties": {
                    "type": {"type": "string", "enum": ["explicit", "implicit"]},
                    "url": {"type": "string", "format": "uri"},
                    "effectiveDate": {"type": "string", "format": "date"}
                }
            }
        }}),
    )
}

/// The current address: shares the `identity` member with KYC, and its `identity`
/// is closed too (it declares only `currentAddress`).
fn address_schema() -> String {
    closed_task(
        "Address",
        json!({"identity": {
            "type": "object",
            "additionalProperties": false,
            "required": ["currentAddress"],
            "properties": {"currentAddress": {
                "type": "object",
                "additionalProperties": false,
                "required": ["thoroughfare", "postalCode", "countryCode"],
                "properties": {
                    "building": {"type": "string", "minLength": 1},
                    "thoroughfare": {"type": "string", "minLength": 1},
                    "postalCode": {"type": "string", "minLength": 1},
                    "countryCode": {"type": "string", "pattern": "^[A-Z]{2,3}$"}
                }
            }}
        }}),
    )
}

fn kyc() -> Value {
    json!({"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}})
}

fn consent() -> Value {
    json!({"consent": [{"type": "explicit", "url": "https://example.com/terms/2.1", "effectiveDate": "2026-01-01"}]})
}

fn address() -> Value {
    json!({"identity": {"currentAddress": {"building": "Ockham Park", "thoroughfare": "St James's Square", "postalCode": "SW1Y 4JU", "countryCode": "GBR"}}})
}

/// A journeys folder: the task files under names that are not resource ids (they
/// are task files of the definitions), the definitions, and one stray file.
fn journeys_dir() -> PathBuf {
    let dir = common::temp_dir("gbg-go-sandbox-interactions");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write("kyc.schema.json", &kyc_schema());
    write("consent.schema.json", &consent_schema());
    write("address.schema.json", &address_schema());
    let modules = json!([{"key": "fraudCheck", "name": "Fraud check", "outcome": "Pass"}]);
    write(
        "kyc-consent.journey.json",
        &json!({"resourceId": "kyc-consent", "versions": [{"version": "1",
            "tasks": [{"name": "kyc", "schema": "kyc.schema.json"},
                      {"name": "consent", "schema": "consent.schema.json"}],
            "modules": modules}]})
        .to_string(),
    );
    write(
        "onboarding-three.journey.json",
        &json!({"resourceId": "onboarding-three", "versions": [{"version": "1",
            "tasks": [{"name": "kyc", "schema": "kyc.schema.json"},
                      {"name": "consent", "schema": "consent.schema.json"},
                      {"name": "address", "schema": "address.schema.json"}],
            "modules": modules}]})
        .to_string(),
    );
    // Neither named by a definition nor a resource id: a warning, not a failure.
    write("notes.v2.json", &consent_schema());
    dir
}

/// The v2 harness on a journeys folder of its own, removed when dropped.
struct Env {
    api: common::V2,
    dir: PathBuf,
}

impl std::ops::Deref for Env {
    type Target = common::V2;
    fn deref(&self) -> &common::V2 {
        &self.api
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

impl Env {
    async fn new() -> Env {
        let dir = journeys_dir();
        let api = common::V2::start_sandbox(Config::default().seed(27).journeys(&dir)).await;
        Env { api, dir }
    }

    /// Submit `subject` to the current interaction with DESIGN's participants.
    async fn submit(&self, id: &str, subject: Value) -> (u16, Value) {
        let f = self.fetch(id).await;
        let collects: Vec<gbg_go_wire::interaction::Collect> =
            serde_json::from_value(f["interaction"]["collects"].clone()).unwrap();
        let participants = gbg_go_wire::catalogue::participants(&collects, &subject);
        assert!(!participants.is_empty(), "{f}");
        self.post(
            "/journey/interaction/submit",
            json!({"instanceId": id, "interactionId": f["interactionId"],
                   "participants": participants, "context": {"subject": subject}}),
        )
        .await
    }
}

fn interaction_name(f: &Value) -> String {
    f["interactionId"]
        .as_str()
        .unwrap_or("")
        .rsplit(':')
        .next()
        .unwrap_or("")
        .split('@')
        .next()
        .unwrap_or("")
        .to_owned()
}

/// The decision a finished journey reports: its status and the result's outcome.
fn decision(state: &Value) -> (String, String) {
    (
        state["status"].as_str().unwrap_or("").to_owned(),
        state["context"]["result"]["outcome"]
            .as_str()
            .unwrap_or("")
            .to_owned(),
    )
}

#[tokio::test]
async fn two_interactions_with_closed_subjects_reach_a_decision() {
    let env = Env::new().await;
    let id = env.start("kyc-consent@1", json!({}), None).await;
    assert_eq!(interaction_name(&env.fetch(&id).await), "kyc");
    let (s, v) = env.submit(&id, kyc()).await;
    assert_eq!((s, &v), (200, &json!({"status": "success"})));
    // The consent interaction's subject is closed; the held identity is not its to
    // judge (this was 400 4003 `identity` not allowed).
    let f = env.fetch(&id).await;
    assert_eq!(interaction_name(&f), "consent", "{f}");
    assert_eq!(f["outstanding"], json!(["Consent"]), "{f}");
    let (s, v) = env.submit(&id, consent()).await;
    assert_eq!((s, &v), (200, &json!({"status": "success"})));
    let state = env.state(&id).await;
    assert_eq!(
        decision(&state),
        ("Completed".into(), "Pass".into()),
        "{state}"
    );
    // Earlier data stays held: the journey's subject has both interactions' data.
    let subject = &state["context"]["subject"];
    assert_eq!(subject["identity"], kyc()["identity"], "{state}");
    assert_eq!(subject["consent"], consent()["consent"], "{state}");
}

#[tokio::test]
async fn three_interactions_sharing_a_closed_member_reach_a_decision() {
    let env = Env::new().await;
    let id = env.start("onboarding-three@1", json!({}), None).await;
    for (name, data) in [("kyc", kyc()), ("consent", consent())] {
        assert_eq!(interaction_name(&env.fetch(&id).await), name);
        let (s, v) = env.submit(&id, data).await;
        assert_eq!(s, 200, "{name}: {v}");
    }
    // `identity` is declared by KYC and by the address interaction, closed in both:
    // the held names never fail the address interaction…
    let f = env.fetch(&id).await;
    assert_eq!(interaction_name(&f), "address", "{f}");
    assert_eq!(f["outstanding"], json!(["CurrentAddress"]), "{f}");
    // …but what is sent to it now is judged as sent: a member its `identity` does
    // not declare is refused, and nothing changes.
    let (s, v) = env
        .submit(
            &id,
            json!({"identity": {"currentAddress": address()["identity"]["currentAddress"], "nickname": "Ada"}}),
        )
        .await;
    assert_eq!(s, 400, "{v}");
    assert_eq!(v["errors"][0]["code"], "4003", "{v}");
    let problem = v["errors"][0]["problem"].as_str().unwrap_or("");
    assert!(problem.contains("/context/subject/identity"), "{problem}");
    assert!(!problem.contains("Ada"), "values are redacted: {problem}");
    assert_eq!(interaction_name(&env.fetch(&id).await), "address");
    // Part of the address: the missing leaf is outstanding, judged with the held
    // names present beside it.
    let (s, v) = env
        .submit(
            &id,
            json!({"identity": {"currentAddress": {"thoroughfare": "St James's Square", "countryCode": "GBR"}}}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let f = env.fetch(&id).await;
    assert_eq!(
        f["outstanding"],
        json!(["CurrentAddress/postalCode"]),
        "{f}"
    );
    let (s, v) = env.submit(&id, address()).await;
    assert_eq!(s, 200, "{v}");
    let state = env.state(&id).await;
    assert_eq!(
        decision(&state),
        ("Completed".into(), "Pass".into()),
        "{state}"
    );
    // The shared member holds both interactions' parts.
    let identity = &state["context"]["subject"]["identity"];
    assert_eq!(identity["firstName"], "Ada", "{state}");
    assert_eq!(
        identity["currentAddress"]["postalCode"], "SW1Y 4JU",
        "{state}"
    );
}

#[tokio::test]
async fn a_whole_prefill_completes_every_closed_interaction_at_start() {
    let env = Env::new().await;
    let mut subject = kyc();
    merge_into(&mut subject, &consent());
    merge_into(&mut subject, &address());
    let id = env.start("onboarding-three@1", subject, None).await;
    let state = env.state(&id).await;
    assert_eq!(
        decision(&state),
        ("Completed".into(), "Pass".into()),
        "each interaction judged on its own members: {state}"
    );
    // A prefill that satisfies only the first interaction leaves the second current.
    let id = env.start("onboarding-three@1", kyc(), None).await;
    let f = env.fetch(&id).await;
    assert_eq!(interaction_name(&f), "consent", "{f}");
}

/// Objects merged member by member (what a test builds a whole subject with).
fn merge_into(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                match t.get_mut(k) {
                    Some(existing) => merge_into(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

#[tokio::test]
async fn task_files_of_a_definition_are_not_journeys_and_strays_only_warn() {
    let env = Env::new().await;
    let ids: Vec<String> = env
        .sb
        .journeys()
        .into_iter()
        .map(|j| j.resource_id)
        .collect();
    // `kyc.schema.json` and friends are task files of the definitions, not journeys.
    assert_eq!(ids, ["kyc-consent", "onboarding-three"]);
    let warnings = env.sb.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0].to_string();
    assert!(w.contains("notes.v2.json"), "{w}");
    assert!(w.contains("warning"), "{w}");
    assert!(w.contains("not a valid resource id"), "{w}");
    assert!(Path::new(&warnings[0].file).ends_with("notes.v2.json"));
}
