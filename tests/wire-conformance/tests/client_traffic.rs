//! Shared-data suite: the **client's** traffic. The typed client runs every operation
//! it has, through a recording proxy, against the sandbox; each request it sends and
//! each response it reads is checked against GBG's OpenAPI description (reviewed
//! deviations listed) and the hand-written schemas from GBG's API notes, and decoded
//! into the shared wire types.
//!
//! It also prints which documented endpoint the client calls and the sandbox serves.
//!
//! Run with `cargo test -p gbg-go-wire-conformance --features shared-data --test
//! client_traffic -- --nocapture`. It fails loudly when the shared folder is missing.

use std::collections::BTreeSet;

use gbg_go::client::wire::scenario::{ModuleOutcome, ScenarioData};
use gbg_go::client::{
    ApiVersion, Client, DeviceScope, Intent, ResourceId, StartOptions, StartStatus,
};
use gbg_go::Unvalidated;
use gbg_go_sandbox::{Config, Sandbox};
use gbg_go_wire_conformance::{
    assert_clean, check, generalize, Deviation, Proxy, Spec, COMMON_DEVIATIONS,
};
use serde_json::json;

/// Beyond the common ones: what the client's v2 traffic adds.
const CLIENT_DEVIATIONS: &[Deviation] = &[
    (
        "post /journey/state/fetch",
        "200",
        "",
        "required",
        "v2's state has no `metaData` (API-NOTES §3.6: sdk-new's StateFetchResponse requires only instanceId and status; the slim view has none either)",
    ),
    (
        "post /journey/state/fetch",
        "200",
        "/status",
        "enum",
        "the slim view's status adds `Error` (API-NOTES §3.6, §6.1)",
    ),
    (
        "post /journey/state/fetch",
        "200",
        "/context",
        "additionalProperties",
        "v2's full view puts `process` and `result` under `context` (API-NOTES §3.6); the older spec knows only `subject`",
    ),
    (
        "post /journey/state/fetch",
        "200",
        "",
        "additionalProperties",
        "the slim view's `journey`, `steps` and `result` (API-NOTES §3.6)",
    ),
    (
        "post /journey/interaction/fetch",
        "request",
        "",
        "additionalProperties",
        "the newest spec adds `scope: subject|reviewer` for manual review (API-NOTES §3.3)",
    ),
];

/// Every documented endpoint: `openapi.yaml`'s 13 paths and API-NOTES §3.1
/// (method, path under the API base, the generation it is called under).
const ENDPOINTS: &[(&str, &str, &str)] = &[
    ("post", "/as/token.oauth2", "auth"),
    (
        "post",
        "/auth/realms/go/protocol/openid-connect/token",
        "auth",
    ),
    ("get", "/journey/health", "v2"),
    ("post", "/journey/start", "v2"),
    ("post", "/journey/state/fetch", "v2"),
    ("post", "/journey/state/delete", "v2"),
    ("post", "/journey/terminate", "v2"),
    ("post", "/journey/interaction/fetch", "v2"),
    ("post", "/journey/interaction/submit", "v2"),
    ("post", "/journey/interaction/asset/upload", "v2"),
    ("post", "/journey/schema/fetch", "v2"),
    ("post", "/journey/task/list", "v1"),
    ("post", "/journey/task/schema", "v1"),
    ("post", "/journey/task/list/schema", "v1"),
    ("post", "/journey/task/update", "v1"),
    ("post", "/journey/device/start", "v2"),
    ("post", "/journey/device/connect", "v2"),
    ("post", "/journey/device/refresh", "v2"),
    ("post", "/journey/device/validate", "v2"),
    ("post", "/journey/instance/{instanceId}/handoff-token", "v2"),
    ("post", "/journey/loqate/search", "v2"),
    ("post", "/journey/loqate/retrieve", "v2"),
    ("post", "/sandbox/journeys/{journeyId}/scenarios", "v2"),
    ("get", "/sandbox/journeys/{journeyId}/scenarios", "v2"),
    (
        "get",
        "/sandbox/journeys/{journeyId}/scenarios/{name}",
        "v2",
    ),
    (
        "put",
        "/sandbox/journeys/{journeyId}/scenarios/{name}",
        "v2",
    ),
    (
        "delete",
        "/sandbox/journeys/{journeyId}/scenarios/{name}",
        "v2",
    ),
];

/// `/journey/instance/abc/handoff-token` → `/journey/instance/{instanceId}/handoff-token`.
fn template(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["", "journey", "instance", _, "handoff-token"] => {
            "/journey/instance/{instanceId}/handoff-token".into()
        }
        ["", "sandbox", "journeys", _, "scenarios"] => {
            "/sandbox/journeys/{journeyId}/scenarios".into()
        }
        ["", "sandbox", "journeys", _, "scenarios", _] => {
            "/sandbox/journeys/{journeyId}/scenarios/{name}".into()
        }
        _ => path.to_owned(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_traffic_conforms_to_gbgs_descriptions() {
    let spec = Spec::load();
    let sb = Sandbox::start(Config::default().seed(21)).await.unwrap();
    let proxy = Proxy::start(sb.base_url()).await;
    let v1 = Client::builder()
        .base_url(&proxy.base_url)
        .api(ApiVersion::V1)
        .password(
            "sandbox-client",
            "sandbox-secret",
            "sandbox-user",
            "sandbox-password",
        )
        .token_url(format!(
            "{}/auth/realms/go/protocol/openid-connect/token",
            proxy.base_url
        ))
        .build()
        .unwrap();
    let v2 = Client::builder()
        .base_url(&proxy.base_url)
        .client_credentials("sandbox-client", "sandbox-secret")
        .build()
        .unwrap();
    let identity = json!({"context": {"subject": {"identity": {
        "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}}}});
    let consent = json!({"context": {"subject": {"consent": [{"type": "explicit", "url": "https://example.com/terms"}]}}});

    v2.check_health().await.unwrap();

    // v1: the task flow.
    let id = v1
        .start_journey(
            &ResourceId::pinned("onboarding", "1"),
            &Unvalidated(identity.clone()),
        )
        .await
        .unwrap()
        .instance_id;
    let tasks = v1.list_tasks(&id).await.unwrap();
    v1.fetch_task_schema_json(&tasks[0]).await.unwrap();
    v1.list_tasks_with_schemas(&id).await.unwrap();
    for intent in [Intent::Save, Intent::Validate, Intent::Complete] {
        v1.update_task(&id, &tasks[0], intent, &Unvalidated(consent.clone()))
            .await
            .unwrap();
    }
    v1.wait_for_completion(&id).await.unwrap();
    let err = v1
        .update_task(
            &id,
            &tasks[0],
            Intent::Complete,
            &Unvalidated(consent.clone()),
        )
        .await
        .unwrap_err();
    assert!(err.status() == Some(409), "{err}");
    v1.delete_journey(&id).await.unwrap();
    assert!(v1.fetch_state(&id).await.unwrap_err().is_not_found());

    // v2: interactions, views, devices, hand-off, assets, scenarios, terminate.
    let started = v2
        .start_journey(
            &ResourceId::pinned("onboarding", "1"),
            &Unvalidated(identity.clone()),
        )
        .await
        .unwrap();
    let id = started.instance_id;
    let i = v2.fetch_interaction(&id).await.unwrap();
    v2.fetch_interaction_for_review(&id).await.unwrap();
    v2.submit_interaction(&i, &Unvalidated(consent.clone()))
        .await
        .unwrap();
    v2.fetch_interaction(&id).await.unwrap();
    v2.fetch_state(&id).await.unwrap();
    v2.fetch_state_slim(&id).await.unwrap();

    let flagged = ScenarioData {
        description: Some("fraud flagged".into()),
        modules: [(
            "fraudCheck".to_owned(),
            ModuleOutcome {
                outcome: "Flag".into(),
                ..Default::default()
            },
        )]
        .into(),
        default_outcome: None,
        default_advice: None,
        classification: None,
    };
    v2.create_scenario("verification", "flagged", &flagged)
        .await
        .unwrap();
    v2.list_scenarios("verification").await.unwrap();
    v2.fetch_scenario("verification", "flagged").await.unwrap();
    v2.replace_scenario("verification", "flagged", &flagged)
        .await
        .unwrap();
    let schemas = v2
        .fetch_schemas(&ResourceId::latest("verification"), None)
        .await
        .unwrap();
    assert_eq!(schemas.schemas.len(), 2);
    let options = StartOptions {
        scenario: Some("flagged".into()),
        ..StartOptions::default()
    };
    let id = v2
        .start_journey_with(
            &ResourceId::latest("verification"),
            &Unvalidated(json!({})),
            &options,
        )
        .await
        .unwrap()
        .instance_id;
    let secret = v2.start_device(&id, &[DeviceScope::Mobile]).await.unwrap();
    v2.connect_device(&id, &secret).await.unwrap();
    v2.refresh_device(&id).await.unwrap();
    v2.validate_device(&id).await.unwrap();
    v2.create_handoff_token(&id).await.unwrap();
    let i = v2.fetch_interaction(&id).await.unwrap();
    let details = json!({"context": {"subject": {"identity": {
        "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"building": "Ockham House", "premise": "12", "thoroughfare": "St James's Square",
                           "locality": "London", "postalCode": "SW1Y 4JH", "country": "GBR"}}}}});
    v2.submit_interaction(&i, &Unvalidated(details))
        .await
        .unwrap();
    let i = v2.fetch_interaction(&id).await.unwrap();
    let key = v2
        .upload_asset(
            &id,
            i.interaction_id.as_deref().unwrap(),
            "PrimaryDocument/side1Image",
            vec![1u8, 2, 3],
        )
        .await
        .unwrap()
        .gofs_key;
    let docs = json!({"context": {"subject": {
        "documents": [{"type": "primary", "side1Image": key, "side2Image": "YmFjaw=="}],
        "biometrics": [{"type": "Selfie", "selfieImage": "c2VsZmll"}]}}});
    v2.submit_interaction(&i, &Unvalidated(docs)).await.unwrap();
    v2.fetch_interaction(&id).await.unwrap();
    let state = v2.wait_for_completion(&id).await.unwrap();
    assert_eq!(state.decision(), gbg_go::client::Decision::Neutral);
    v2.fetch_state_slim(&id).await.unwrap();
    v2.delete_scenario("verification", "flagged").await.unwrap();

    // Errors: invalid data (400 4003), a finished journey (409 4009), unknown things.
    let id = v2
        .start_journey(&ResourceId::latest("verification"), &Unvalidated(json!({})))
        .await
        .unwrap()
        .instance_id;
    let i = v2.fetch_interaction(&id).await.unwrap();
    let bad = json!({"context": {"subject": {"identity": {"firstName": "Ada", "dateOfBirth": "10/12/1815"}}}});
    let on_purpose = proxy.log().len();
    let err = v2
        .submit_interaction(&i, &Unvalidated(bad))
        .await
        .unwrap_err();
    assert!(err.is_invalid_data() && err.status() == Some(400), "{err}");
    v2.terminate_journey(&id, Some("conformance"))
        .await
        .unwrap();
    let err = v2.terminate_journey(&id, None).await.unwrap_err();
    assert!(err.journey_not_active(), "{err}");
    let slim = v2.fetch_state_slim(&id).await.unwrap();
    assert_eq!(
        slim.slim_status,
        Some(gbg_go::client::SlimJourneyStatus::Error)
    );
    let inline = StartOptions {
        inline_result: true,
        sync_wait_seconds: Some(5),
        ..StartOptions::default()
    };
    let started = v2
        .start_journey_with(
            &ResourceId::pinned("onboarding", "1"),
            &Unvalidated(identity.clone()),
            &inline,
        )
        .await
        .unwrap();
    assert_eq!(started.status, Some(StartStatus::AwaitingInput));
    assert!(started.state.is_some());
    assert!(v2
        .fetch_schemas(&ResourceId::latest("nope"), None)
        .await
        .unwrap_err()
        .is_not_found());

    let mut log = proxy.log();
    // That submission was invalid on purpose: its request is not checked, its error
    // response is.
    assert_eq!(log[on_purpose].path, "/journey/interaction/submit");
    log[on_purpose].request = None;
    let deviations: Vec<Deviation> = COMMON_DEVIATIONS
        .iter()
        .chain(CLIENT_DEVIATIONS)
        .copied()
        .collect();
    let report = check(&spec, &log, &deviations, &generalize);

    // Which documented endpoint the client calls, and which the sandbox serves (any
    // answer but the router's "No such route").
    let called: BTreeSet<(String, String)> = log
        .iter()
        .map(|e| (e.method.clone(), template(&e.path)))
        .collect();
    let http = reqwest::Client::new();
    println!("| endpoint | client calls it | sandbox serves it |");
    println!("|---|---|---|");
    let mut served_count = 0;
    let mut called_count = 0;
    for (method, path, generation) in ENDPOINTS {
        let concrete = path
            .replace("{instanceId}", "x0000000000000000")
            .replace("{journeyId}", "verification")
            .replace("{name}", "nope");
        let prefix = match *generation {
            "v1" => "/captain/api",
            "v2" => "/v2/captain",
            _ => "",
        };
        let resp = http
            .request(
                method.parse().unwrap(),
                format!("{}{prefix}{concrete}", sb.base_url()),
            )
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let body = resp.text().await.unwrap_or_default();
        let served = !body.contains("No such route");
        let is_called = called.contains(&(method.to_string(), path.to_string()));
        served_count += usize::from(served);
        called_count += usize::from(is_called);
        println!(
            "| `{} {path}` | {} | {} |",
            method.to_uppercase(),
            if is_called { "yes" } else { "no" },
            if served { "yes" } else { "no" }
        );
    }
    println!(
        "endpoints: {} documented, client calls {called_count}, sandbox serves {served_count}",
        ENDPOINTS.len()
    );
    assert_clean(&report, &deviations, 80);
    // Everything but GO's address-lookup proxy (Loqate), which needs a Loqate key.
    assert_eq!(
        called_count,
        ENDPOINTS.len() - 2,
        "the client calls every documented endpoint but Loqate"
    );
    assert_eq!(
        served_count,
        ENDPOINTS.len() - 2,
        "the sandbox serves every documented endpoint but Loqate"
    );
}
