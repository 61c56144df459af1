//! GO's capture flow as GBG's own integrations run it on live tenants, over loopback
//! HTTP: details, then the front, the back alone (as an asset) and the selfie in
//! separate submits, then the decision where GO puts it.
//!
//! Each rule cites its API-NOTES section or DESIGN's *Capture semantics* (INFERRED).

mod common;

use std::path::PathBuf;

use gbg_go_sandbox::Config;
use serde_json::{json, Value};

type Env = common::V2;

impl Env {
    async fn new() -> Env {
        Env::start_sandbox(Config::default().seed(22)).await
    }

    async fn submit(&self, id: &str, participants: &[&str], subject: Value) -> (u16, Value) {
        let f = self.fetch(id).await;
        let participants: Vec<Value> = participants
            .iter()
            .map(|p| json!({"domainElementId": p}))
            .collect();
        self.post(
            "/journey/interaction/submit",
            json!({"instanceId": id, "interactionId": f["interactionId"],
                   "participants": participants, "context": {"subject": subject}}),
        )
        .await
    }

    async fn upload(&self, id: &str, element: &str, bytes: &[u8]) -> String {
        let f = self.fetch(id).await;
        let r = self
            .http
            .post(format!(
                "{}/v2/captain/journey/interaction/asset/upload",
                self.sb.base_url()
            ))
            .bearer_auth(&self.token)
            .header("X-Instance-Id", id)
            .header("X-Interaction-Id", f["interactionId"].as_str().unwrap())
            .header("X-Domain-Element-Id", element)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        v["gofsKey"].as_str().unwrap().to_owned()
    }

    /// The details interaction's submit (names, date of birth, address), which
    /// must be accepted.
    async fn submit_details(&self, id: &str) {
        let (s, v) = self
            .submit(
                id,
                &["FullName", "DateOfBirth", "CurrentAddress"],
                details(),
            )
            .await;
        assert_eq!(s, 200, "{v}");
    }

    async fn inside(&self, id: &str) -> Value {
        let r = self
            .http
            .get(format!("{}/_sandbox/instances/{id}", self.sb.base_url()))
            .send()
            .await
            .unwrap();
        r.json().await.unwrap()
    }
}

fn details() -> Value {
    json!({"identity": {
        "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"building": "Ockham House", "premise": "12",
                           "thoroughfare": "St James's Square", "locality": "London",
                           "postalCode": "SW1Y 4JH", "country": "GBR"}}})
}

const FRONT: &str = "ZnJvbnQgb2YgdGhlIGxpY2VuY2U=";
const SELFIE: &str = "c2VsZmll";

fn refs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect()
}

fn instructions(f: &Value) -> Vec<String> {
    f.get("instructions").map(refs).unwrap_or_default()
}

/// Details, the front, the back alone as an asset, the selfie: four submits, as GBG's
/// sample backends send them; returns the final full state.
async fn four_submits(env: &Env, id: &str) -> Value {
    env.submit_details(id).await;
    // The capture interaction: image leaves from the first fetch (API-NOTES §3.3,
    // observed), and the lazy back instruction for a two-sided journey.
    let f = env.fetch(id).await;
    let outstanding = refs(&f["outstanding"]);
    assert!(
        outstanding.contains(&"PrimaryDocument/side1Image".to_owned()),
        "{f}"
    );
    assert!(
        outstanding.contains(&"Selfie/selfieImage".to_owned()),
        "{f}"
    );
    assert!(!outstanding.contains(&"PrimaryDocument".to_owned()), "{f}");
    assert_eq!(instructions(&f), ["LazySide2CollectionRequired"], "{f}");
    // The front.
    let (s, v) = env
        .submit(
            id,
            &["PrimaryDocument"],
            json!({"documents": [{"type": "Primary", "category": "Driving Licence", "side1Image": FRONT}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let f = env.fetch(id).await;
    assert_eq!(instructions(&f), ["Side2Required"], "{f}");
    assert!(
        refs(&f["outstanding"]).contains(&"PrimaryDocument/side2Image".to_owned()),
        "{f}"
    );
    // The back alone, as an asset: it completes the held front (merge by `type`).
    let key = env.upload(id, "PrimaryDocument/side2Image", b"back").await;
    let (s, v) = env
        .submit(
            id,
            &["PrimaryDocument/side2Image"],
            json!({"documents": [{"type": "Primary", "side2Image": key}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let f = env.fetch(id).await;
    assert_eq!(refs(&f["outstanding"]), ["Selfie/selfieImage"], "{f}");
    assert!(instructions(&f).is_empty(), "{f}");
    // The selfie.
    let (s, v) = env
        .submit(
            id,
            &["Selfie"],
            json!({"biometrics": [{"selfieImage": SELFIE}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    env.state(id).await
}

#[tokio::test]
async fn the_capture_flow_reaches_a_passing_decision() {
    let env = Env::new().await;
    let id = env.start("verification@latest", json!({}), None).await;
    let state = four_submits(&env, &id).await;
    assert_eq!(state["status"], "Completed", "{state}");
    // The decision where integrations read it: the top-level `result` of GBG's
    // newest StateFetchResponse and `context.result`, `complete` (API-NOTES §3.6).
    for result in [&state["result"], &state["context"]["result"]] {
        assert_eq!(result["status"], "complete", "{state}");
        assert_eq!(result["outcomeClassification"], "positive", "{state}");
    }
    for step in state["context"]["process"]["steps"].as_array().unwrap() {
        assert_eq!(step["result"]["status"], "complete", "{state}");
    }
    // What was held: the front and the back in one document, the selfie.
    let subject = &state["context"]["subject"];
    let documents = subject["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "{subject}");
    assert_eq!(documents[0]["side1Image"], FRONT);
    assert!(documents[0]["side2Image"]
        .as_str()
        .unwrap()
        .starts_with("gofs://"));
    assert_eq!(subject["biometrics"], json!([{"selfieImage": SELFIE}]));
}

#[tokio::test]
async fn a_rejected_document_and_an_erroring_module_decide_where_go_puts_them() {
    let env = Env::new().await;
    let rejected = json!({"modules": {"documentVerification": {"outcome": "Fail"}}});
    let id = env
        .start("verification@latest", json!({}), Some(rejected))
        .await;
    let state = four_submits(&env, &id).await;
    assert_eq!(state["status"], "Completed", "{state}");
    assert_eq!(state["result"]["status"], "complete");
    assert_eq!(state["result"]["outcomeClassification"], "negative");
    assert_eq!(state["result"]["outcome"], "Fail");

    let erroring =
        json!({"modules": {"fraudCheck": {"outcome": "Refer", "error": "Provider unavailable"}}});
    let id = env
        .start("verification@latest", json!({}), Some(erroring))
        .await;
    let state = four_submits(&env, &id).await;
    assert_eq!(state["status"], "Failed", "{state}");
    assert_eq!(state["result"]["status"], "error", "{state}");
    assert_eq!(state["context"]["result"]["status"], "error", "{state}");
    let steps = state["context"]["process"]["steps"].as_array().unwrap();
    let failed = steps.iter().find(|s| s["nodeId"] == "fraudCheck").unwrap();
    assert_eq!(failed["result"]["status"], "error", "{state}");
    assert!(failed["result"]["error"]["errors"][0]["problem"]
        .as_str()
        .unwrap()
        .contains("Provider unavailable"));
    // After the end, interaction/fetch answers the journey's status and the result,
    // and names the last interaction served (DESIGN, *Wire fidelity*).
    let f = env.fetch(&id).await;
    assert_eq!(f["journey"]["status"], "Failed", "{f}");
    assert_eq!(f["result"]["status"], "error", "{f}");
    assert_eq!(f["outstanding"], json!([]), "{f}");
    assert!(
        f["interactionId"].as_str().unwrap().contains("documents"),
        "{f}"
    );
    assert!(f["interaction"].is_object(), "{f}");
}

#[tokio::test]
async fn a_passport_finishes_after_its_front() {
    let env = Env::new().await;
    let id = env.start("verification@latest", json!({}), None).await;
    env.submit_details(&id).await;
    // The document's own hint: a passport has one side (DESIGN, *Capture semantics*,
    // "Sides"; INFERRED).
    let (s, v) = env
        .submit(
            &id,
            &["PrimaryDocument", "Selfie"],
            json!({"documents": [{"type": "Primary", "category": "Passport", "side1Image": FRONT}],
                   "biometrics": [{"selfieImage": SELFIE}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let state = env.state(&id).await;
    assert_eq!(state["status"], "Completed", "{state}");
    assert_eq!(state["result"]["status"], "complete", "{state}");
}

#[tokio::test]
async fn sides_follow_the_scenario_classification_before_the_documents_hints() {
    let env = Env::new().await;
    // A scenario whose classification reads a licence as one-sided: no back asked.
    let one_sided = json!({"modules": {}, "classification": {"isDoubleSided": false}});
    let id = env
        .start("verification@latest", json!({}), Some(one_sided))
        .await;
    env.submit_details(&id).await;
    let f = env.fetch(&id).await;
    assert!(instructions(&f).is_empty(), "no lazy back: {f}");
    env.submit(
        &id,
        &["PrimaryDocument"],
        json!({"documents": [{"type": "Primary", "category": "Driving Licence", "side1Image": FRONT}]}),
    )
    .await;
    let f = env.fetch(&id).await;
    assert!(instructions(&f).is_empty(), "{f}");
    assert_eq!(refs(&f["outstanding"]), ["Selfie/selfieImage"], "{f}");
    // And one reading a passport as two-sided asks for the back.
    let two_sided = json!({"modules": {}, "classification": {"isDoubleSided": true}});
    let id = env
        .start("verification@latest", json!({}), Some(two_sided))
        .await;
    env.submit_details(&id).await;
    env.submit(
        &id,
        &["PrimaryDocument"],
        json!({"documents": [{"type": "Primary", "category": "Passport", "side1Image": FRONT}]}),
    )
    .await;
    let f = env.fetch(&id).await;
    assert_eq!(instructions(&f), ["Side2Required"], "{f}");
}

#[tokio::test]
async fn a_participant_without_data_is_refused_and_changes_nothing() {
    let env = Env::new().await;
    let id = env.start("verification@latest", json!({}), None).await;
    let before = env.inside(&id).await;
    // API-NOTES §3.4 (observed on a live tenant): GO's own message, naming the ref.
    let (s, v) = env
        .submit(
            &id,
            &["FullName", "CurrentAddress/building"],
            json!({"identity": {"firstName": "Ada"}}),
        )
        .await;
    assert_eq!(s, 400, "{v}");
    assert_eq!(v["errors"][0]["code"], "4002", "{v}");
    assert_eq!(
        v["errors"][0]["problem"],
        "Required domain element 'CurrentAddress/building' data is missing from context"
    );
    assert_eq!(env.inside(&id).await, before, "nothing changed");
    // Data without participants still answers success and collects nothing.
    let (s, _) = env.submit(&id, &[], details()).await;
    assert_eq!(s, 200);
    let f = env.fetch(&id).await;
    assert!(
        refs(&f["outstanding"]).contains(&"FullName".to_owned()),
        "{f}"
    );
}

#[tokio::test]
async fn a_journey_finished_by_prefill_answers_only_the_newest_form_and_paused_is_pending() {
    let env = Env::new().await;
    let mut subject = details();
    subject["documents"] =
        json!([{"type": "Primary", "category": "Passport", "side1Image": FRONT}]);
    subject["biometrics"] = json!([{"selfieImage": SELFIE}]);
    let id = env.start("verification@latest", subject, None).await;
    let f = env.fetch(&id).await;
    assert_eq!(f["journey"]["status"], "Completed", "{f}");
    assert_eq!(f["result"]["status"], "complete", "{f}");
    assert!(f.get("interactionId").is_none(), "never served: {f}");
    assert!(f.get("interaction").is_none(), "never served: {f}");

    // Paused: its status and a pending result.
    let id = env.start("verification@latest", json!({}), None).await;
    let r = env
        .http
        .post(format!("{}/_sandbox/instances/{id}", env.sb.base_url()))
        .json(&json!({"status": "Paused"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let f = env.fetch(&id).await;
    assert_eq!(f["journey"]["status"], "Paused", "{f}");
    assert_eq!(f["result"]["status"], "pending", "{f}");
}

/// A folder with a journey whose version asks for leaf refs in `collects`.
fn leaf_journey() -> PathBuf {
    let dir = common::temp_dir("gbg-go-sandbox-capture");
    let schema = json!({"type": "object", "properties": {"context": {"type": "object", "properties": {"subject": {
        "type": "object", "required": ["identity"],
        "properties": {"identity": {"type": "object", "required": ["firstName", "lastNames"],
            "properties": {
                "firstName": {"type": "string"}, "lastNames": {"type": "array", "items": {"type": "string"}},
                "currentAddress": {"type": "object", "required": ["postalCode"],
                    "properties": {"postalCode": {"type": "string"}, "building": {"type": "string"}}}}}}}}}}});
    std::fs::write(dir.join("who.json"), schema.to_string()).unwrap();
    std::fs::write(
        dir.join("leafy.journey.json"),
        json!({"resourceId": "leafy", "versions": [{"version": "1", "collectLeafRefs": true,
            "tasks": [{"name": "who", "schema": "who.json"}]}]})
        .to_string(),
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn leaf_refs_in_collects_carry_their_parent_spec() {
    let dir = leaf_journey();
    let env = Env::start_sandbox(Config::default().seed(3).journeys(&dir)).await;
    let id = env.start("leafy", json!({}), None).await;
    let f = env.fetch(&id).await;
    let collects = f["interaction"]["collects"].as_array().unwrap();
    let find = |r: &str| {
        collects
            .iter()
            .find(|c| c["ref"] == r)
            .unwrap_or_else(|| panic!("{r} in {f}"))
    };
    assert_eq!(find("FullName/firstName")["spec"], "required");
    assert_eq!(find("FullName/firstName")["parentSpec"], "required");
    assert_eq!(find("CurrentAddress/postalCode")["spec"], "required");
    assert_eq!(find("CurrentAddress/postalCode")["parentSpec"], "optional");
    assert_eq!(find("CurrentAddress/building")["spec"], "optional");
    // A leaf whose parent is optional is never outstanding.
    let outstanding = refs(&f["outstanding"]);
    assert!(
        !outstanding.iter().any(|r| r.starts_with("CurrentAddress")),
        "{f}"
    );
    // Participants by leaf count for their element (DESIGN's participants rule).
    let (s, v) = env
        .submit(
            &id,
            &["FullName/firstName", "FullName/lastNames"],
            json!({"identity": {"firstName": "Ada", "lastNames": ["Lovelace"]}}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let state = env.state(&id).await;
    assert_eq!(state["status"], "Completed", "{state}");
    drop(env);
    std::fs::remove_dir_all(&dir).ok();
}

/// GO's document schema requires only `type` (API-NOTES §4.3), so a back may arrive
/// before the front; the front stays outstanding and the interaction waits for it
/// (INFERRED from §3.3's observed `PrimaryDocument/side1Image`).
#[tokio::test]
async fn a_back_before_the_front_waits_for_the_front() {
    let env = Env::new().await;
    let id = env.start("verification@latest", json!({}), None).await;
    env.submit_details(&id).await;
    let (s, v) = env
        .submit(
            &id,
            &["PrimaryDocument", "Selfie"],
            json!({"documents": [{"type": "Primary", "side2Image": "YmFjaw=="}],
                   "biometrics": [{"type": "Selfie", "selfieImage": SELFIE}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let f = env.fetch(&id).await;
    assert!(f["interactionId"].is_string(), "still collecting: {f}");
    assert_eq!(
        refs(&f["outstanding"]),
        ["PrimaryDocument/side1Image"],
        "{f}"
    );
    let (s, v) = env
        .submit(
            &id,
            &["PrimaryDocument"],
            json!({"documents": [{"type": "primary", "category": "Driving Licence", "side1Image": FRONT}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let state = env.state(&id).await;
    assert_eq!(state["status"], "Completed", "{state}");
    let documents = &state["context"]["subject"]["documents"];
    assert_eq!(documents.as_array().unwrap().len(), 1, "{documents}");
    assert_eq!(documents[0]["side1Image"], FRONT);
    assert_eq!(documents[0]["side2Image"], "YmFjaw==");
}

/// The capture rules hold for a prefill too: a prefilled document without its front,
/// or a two-sided one without its back, leaves the capture interaction open.
#[tokio::test]
async fn a_prefilled_document_still_needs_its_front_and_back() {
    let env = Env::new().await;
    let mut subject = details();
    subject["documents"] = json!([{"type": "Primary", "category": "Passport"}]);
    subject["biometrics"] = json!([{"type": "Selfie", "selfieImage": SELFIE}]);
    let id = env
        .start("verification@latest", subject.clone(), None)
        .await;
    let f = env.fetch(&id).await;
    assert!(
        f["interactionId"].is_string(),
        "the documents interaction is open: {f}"
    );
    assert_eq!(
        refs(&f["outstanding"]),
        ["PrimaryDocument/side1Image"],
        "{f}"
    );

    subject["documents"] =
        json!([{"type": "Primary", "category": "Driving Licence", "side1Image": FRONT}]);
    let id = env
        .start("verification@latest", subject.clone(), None)
        .await;
    let f = env.fetch(&id).await;
    assert_eq!(instructions(&f), ["Side2Required"], "{f}");

    // A whole prefill (a passport's front) completes every interaction at start.
    subject["documents"] =
        json!([{"type": "Primary", "category": "Passport", "side1Image": FRONT}]);
    let id = env.start("verification@latest", subject, None).await;
    let f = env.fetch(&id).await;
    assert!(f["interactionId"].is_null(), "{f}");
}
