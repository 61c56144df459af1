//! The example's schemas against the sandbox they were pulled from, and the typed
//! capture flow over loopback HTTP to each kind of decision.

use std::path::Path;

use gbg_go::client::wire::scenario::{ModuleOutcome, ScenarioData};
use gbg_go::client::{Client, Decision, JourneyStatus, StartOptions};
use gbg_go::lock::{LOCK_FILE, Lock};
use gbg_go_example_v2_capture::{Sent, ada, capture};
use gbg_go_sandbox::{Config, Sandbox};

async fn sandbox() -> (Sandbox, Client) {
    let sandbox = Sandbox::start(Config::default()).await.unwrap();
    let creds = sandbox.credentials();
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .client_credentials(creds.client_id.clone(), creds.client_secret.clone())
        .build()
        .unwrap();
    (sandbox, client)
}

async fn scenario(
    client: &Client,
    name: &str,
    module: &str,
    outcome: ModuleOutcome,
) -> StartOptions {
    let data = ScenarioData {
        description: None,
        modules: [(module.to_owned(), outcome)].into(),
        default_outcome: None,
        default_advice: None,
        classification: None,
    };
    client
        .create_scenario("verification", name, &data)
        .await
        .unwrap();
    StartOptions {
        scenario: Some(name.into()),
        ..StartOptions::default()
    }
}

/// What `gbg-go drift` runs (`Client::check_drift`), on the committed schemas and
/// their lock: the sandbox's `verification` journey still serves what `gbg-go pull`
/// wrote. After a change to the journey, pull again:
/// `gbg-go pull verification@latest --base-url … --out examples/v2-capture/schemas`.
#[tokio::test]
async fn the_pulled_schemas_have_not_drifted() {
    let (_sandbox, client) = sandbox().await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let lock = Lock::read(&dir.join(LOCK_FILE)).unwrap();
    assert_eq!(lock.delivery_id, "verification");
    let report = client.check_drift(&lock, &dir).await.unwrap();
    assert!(report.is_unchanged(), "drifted: {report:#?}");
    assert_eq!(report.live_version, report.locked_version);
}

#[tokio::test]
async fn four_typed_submits_reach_a_passing_decision_holding_what_was_sent() {
    let (_sandbox, client) = sandbox().await;
    let applicant = ada("Driving Licence").unwrap();
    let run = capture(&client, &applicant, &StartOptions::default())
        .await
        .unwrap();
    assert_eq!(
        run.sent,
        [Sent::Details, Sent::Front, Sent::Back, Sent::Selfie]
    );
    assert_eq!(run.state.status, JourneyStatus::Completed);
    assert_eq!(run.state.decision(), Decision::Positive);
    // What the journey holds: the front and the uploaded back in one document (the
    // back merged into the held front), and the selfie.
    let subject = run.state.subject();
    let documents = subject["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "{documents:?}");
    assert_eq!(
        documents[0]["side1Image"],
        applicant.front.side1_image.as_ref().unwrap().as_str()
    );
    assert!(
        documents[0]["side2Image"]
            .as_str()
            .is_some_and(|k| k.starts_with("gofs://")),
        "the back is the asset's key"
    );
    assert_eq!(subject["biometrics"][0]["selfieImage"], "c2VsZmll");
    assert_eq!(subject["identity"]["lastNames"][0], "Lovelace");
}

#[tokio::test]
async fn a_passport_finishes_after_its_front() {
    let (_sandbox, client) = sandbox().await;
    let run = capture(&client, &ada("Passport").unwrap(), &StartOptions::default())
        .await
        .unwrap();
    assert_eq!(run.sent, [Sent::Details, Sent::Front, Sent::Selfie]);
    assert_eq!(run.state.decision(), Decision::Positive);
}

#[tokio::test]
async fn scenarios_decide_a_flagged_a_rejected_and_an_erroring_journey() {
    let (_sandbox, client) = sandbox().await;
    let applicant = ada("Driving Licence").unwrap();
    let outcome = |o: &str| ModuleOutcome {
        outcome: o.into(),
        ..Default::default()
    };
    for (name, module, module_outcome, decision) in [
        ("flagged", "fraudCheck", outcome("Flag"), Decision::Neutral),
        (
            "rejected",
            "documentVerification",
            outcome("Fail"),
            Decision::Negative,
        ),
        (
            "erroring",
            "fraudCheck",
            ModuleOutcome {
                error: Some("Provider unavailable".into()),
                ..outcome("Refer")
            },
            Decision::Failed,
        ),
    ] {
        let options = scenario(&client, name, module, module_outcome).await;
        let run = capture(&client, &applicant, &options).await.unwrap();
        assert_eq!(run.sent.len(), 4, "{name}: {:?}", run.sent);
        assert_eq!(run.state.decision(), decision, "{name}");
    }
}
