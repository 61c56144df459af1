//! The client against the real sandbox over loopback HTTP: every operation, its
//! error paths, faults, token expiry and 401 recovery.

use std::sync::Arc;
use std::time::Duration;

use gbg_go::client::{
    ApiVersion, Client, Decision, DeviceScope, Intent, ManualClock, Phase, ResourceId, RetryPolicy,
    StartOptions, StartStatus, TaskState,
};
use gbg_go::{Error, Unvalidated};
use gbg_go_sandbox::{Config, Fault, Faults, Sandbox};
use serde_json::{json, Value};

async fn sandbox() -> Sandbox {
    Sandbox::start(Config::default().seed(11)).await.unwrap()
}

/// A v1 client (the task flow): v2 is the default, v1 one setting away.
fn client(sb: &Sandbox) -> Client {
    Client::builder()
        .base_url(sb.base_url())
        .api(ApiVersion::V1)
        .client_credentials("sandbox-client", "sandbox-secret")
        .build()
        .unwrap()
}

/// A client with the defaults (v2).
fn v2_client(sb: &Sandbox) -> Client {
    Client::builder()
        .base_url(sb.base_url())
        .client_credentials("sandbox-client", "sandbox-secret")
        .build()
        .unwrap()
}

fn identity() -> gbg_go::Payload {
    gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"
        }}}
    })
}

fn consent(url: &str) -> Value {
    json!({"context": {"subject": {"consent": [{"type": "explicit", "url": url}]}}})
}

#[tokio::test]
async fn v1_task_flow_end_to_end() {
    let sb = sandbox().await;
    let client = client(&sb);
    let started = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
        .await
        .unwrap();
    let id = started.instance_id;
    assert_eq!(started.status, Some(StartStatus::Started));
    assert!(started.instance_url.is_none(), "delivery api has no page");

    let state = client.fetch_state(&id).await.unwrap();
    assert_eq!(state.phase(), Phase::InProgress, "one call cannot tell");
    assert_eq!(state.decision(), Decision::Pending);
    assert_eq!(client.fetch_phase(&id).await.unwrap(), Phase::PendingInput);
    assert!(
        !format!("{state:?}").contains("Lovelace"),
        "Debug is redacted"
    );

    let tasks = client.list_tasks(&id).await.unwrap();
    assert_eq!(tasks.len(), 1);
    let progress = client.fetch_task_progress(&id).await.unwrap();
    assert_eq!(progress.len(), 1);
    assert_eq!(progress[0].state, TaskState::Assigned);
    let schema = client.fetch_task_schema(&tasks[0]).await.unwrap();
    assert!(schema.validate(&consent("https://example.com/t")).is_ok());
    let listed = client.list_tasks_with_schemas(&id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].0, tasks[0]);

    // Local validation: refused before sending, pointer and rule, no value.
    let bad = Unvalidated(
        json!({"context": {"subject": {"consent": [{"type": "sometimes", "url": "https://x.example"}]}}}),
    );
    let err = client
        .update_task(&id, &tasks[0], Intent::Complete, &bad)
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err}")
    };
    assert_eq!(v.violations()[0].pointer, "/context/subject/consent/0/type");
    assert!(!err.to_string().contains("sometimes"));
    assert!(
        sb.counters().task_submissions.is_empty(),
        "nothing was sent"
    );

    // Save, Validate, Complete.
    client
        .update_task(
            &id,
            &tasks[0],
            Intent::Save,
            &Unvalidated(json!({"context": {"subject": {"consent": []}}})),
        )
        .await
        .unwrap();
    assert_eq!(
        client.fetch_task_progress(&id).await.unwrap()[0].state,
        TaskState::InProgress
    );
    let good = Unvalidated(consent("https://example.com/terms"));
    client
        .update_task(&id, &tasks[0], Intent::Validate, &good)
        .await
        .unwrap();
    client
        .update_task(&id, &tasks[0], Intent::Complete, &good)
        .await
        .unwrap();
    let done = client.wait_for_completion(&id).await.unwrap();
    assert_eq!(done.phase(), Phase::Completed);
    assert_eq!(
        done.decision(),
        Decision::Positive,
        "v1's result under data.process.flow"
    );
    assert_eq!(
        client.fetch_task_progress(&id).await.unwrap()[0].state,
        TaskState::Completed
    );
    assert!(done.completed_time.is_some());
    assert_eq!(done.subject()["identity"]["firstName"], "Ada");
    assert_eq!(
        done.subject()["consent"][0]["url"],
        "https://example.com/terms"
    );

    // A finished journey: 4009.
    let err = client
        .update_task(&id, &tasks[0], Intent::Complete, &good)
        .await
        .unwrap_err();
    assert!(err.journey_not_active(), "{err}");
    assert!(err.request_id().is_some());
    assert!(!err.is_retryable());

    client.delete_journey(&id).await.unwrap();
    let err = client.fetch_state(&id).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let c = sb.counters();
    assert_eq!(c.journeys_started, 1);
    assert_eq!(c.token_grants, 1, "one cached customer token");
}

#[tokio::test]
async fn generated_types_are_accepted_as_the_start_document() {
    #[allow(dead_code, clippy::all)]
    mod kyc {
        include!("snapshots/kyc.rs");
    }
    let sb = sandbox().await;
    let client = client(&sb);
    let doc: kyc::Root = serde_json::from_value(identity().into_json()).unwrap();
    let started = client
        .start_journey(&ResourceId::latest("kyc"), &doc)
        .await
        .unwrap();
    let state = client.fetch_state(&started.instance_id).await.unwrap();
    assert_eq!(
        state.phase(),
        Phase::Completed,
        "prefill satisfies the kyc task"
    );
}

#[tokio::test]
async fn server_side_validation_and_errors() {
    let sb = sandbox().await;
    let client = Client::builder()
        .base_url(sb.base_url())
        .api(ApiVersion::V1)
        .password(
            "sandbox-client",
            "sandbox-secret",
            "sandbox-user",
            "sandbox-password",
        )
        .local_validation(false)
        .build()
        .unwrap();
    let err = client
        .start_journey(&ResourceId::latest("missing"), &Unvalidated(json!({})))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let id = client
        .start_journey(
            &ResourceId::pinned("onboarding", "1"),
            &Unvalidated(json!({})),
        )
        .await
        .unwrap()
        .instance_id;
    let tasks = client.list_tasks(&id).await.unwrap();
    let err = client
        .update_task(
            &id,
            &tasks[1],
            Intent::Complete,
            &Unvalidated(json!({"context": {"subject": {"consent": [{"type": "sometimes"}]}}})),
        )
        .await
        .unwrap_err();
    assert!(err.invalid_field(), "GO's own 4003: {err}");
    assert!(err.is_invalid_data() && err.status() == Some(400), "{err}");
    assert!(err.to_string().contains("/context/subject/consent/0/type"));
    assert!(!err.to_string().contains("sometimes"));

    let wrong = Client::builder()
        .base_url(sb.base_url())
        .client_credentials("sandbox-client", "not-the-secret")
        .build()
        .unwrap();
    let err = wrong.fetch_state(&id).await.unwrap_err();
    assert!(matches!(err, Error::Auth { status: 401, .. }), "{err}");
    assert!(!err.to_string().contains("not-the-secret"));
    assert!(
        !format!("{wrong:?}").contains("not-the-secret"),
        "secrets are not printed"
    );

    assert!(matches!(
        Client::builder().client_credentials("a", "b").build(),
        Err(Error::Config(gbg_go::client::ConfigError::NoEndpoint))
    ));
}

#[tokio::test]
async fn device_connection_by_hand_and_refresh() {
    let sb = sandbox().await;
    let client = client(&sb);
    let id = client
        .start_journey(
            &ResourceId::pinned("onboarding", "1"),
            &Unvalidated(json!({})),
        )
        .await
        .unwrap()
        .instance_id;
    let secret = client
        .start_device(&id, &[DeviceScope::Mobile])
        .await
        .unwrap();
    assert_eq!(secret.expires_in, Duration::from_secs(120));
    assert_eq!(secret.scope, [DeviceScope::Mobile]);
    assert_eq!(
        secret.expose().len(),
        32,
        "readable for hand-off to a device"
    );
    assert!(format!("{secret:?}").contains("<redacted>"));
    client.connect_device(&id, &secret).await.unwrap();
    let err = client.connect_device(&id, &secret).await.unwrap_err();
    assert!(
        matches!(err, Error::Auth { .. }),
        "a secret is single-use: {err}"
    );
    client.refresh_device(&id).await.unwrap();
    assert_eq!(client.list_tasks(&id).await.unwrap().len(), 2);
    let other = gbg_go::client::InstanceId::new("no-session-instance-id");
    assert!(matches!(
        client.refresh_device(&other).await,
        Err(Error::Session(_))
    ));
}

#[tokio::test]
async fn v2_interactions() {
    let sb = sandbox().await;
    let client = Client::builder()
        .base_url(sb.base_url())
        .client_credentials("sandbox-client", "sandbox-secret")
        .delivery("page")
        .build()
        .unwrap();
    let started = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
        .await
        .unwrap();
    let url = started
        .instance_url
        .as_deref()
        .expect("delivery page has a URL");
    assert!(url.starts_with(sb.base_url()), "absolute: {url}");
    let id = started.instance_id;
    let i = client.fetch_interaction(&id).await.unwrap();
    assert_eq!(
        i.interaction_id.as_deref(),
        Some("grn:::gbg:design:interaction:consent@1")
    );
    assert_eq!(i.outstanding.len(), 1);
    assert_eq!(i.outstanding[0].to_string(), "Consent");
    assert!(i.pending_input());
    assert_eq!(client.fetch_phase(&id).await.unwrap(), Phase::PendingInput);
    // v1-only operations under v2: a typed configuration error naming the setting.
    let err = client.list_tasks(&id).await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Config(gbg_go::client::ConfigError::V1Only {
                operation: "list_tasks"
            })
        ),
        "{err}"
    );
    assert!(err.to_string().contains("ApiVersion::V1"), "{err}");
    let sent = client
        .submit_interaction(&i, &Unvalidated(consent("https://example.com/t")))
        .await
        .unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].domain_element_id, "Consent");
    // Once the journey has ended, interaction/fetch answers with the journey's status
    // and the decision (GBG's newest description), and names the last interaction
    // served for GBG's older SDK; the typed interaction has nothing left to submit to.
    let i = client.fetch_interaction(&id).await.unwrap();
    assert!(i.interaction_id.is_none());
    assert!(i.ended.is_none(), "not the older error form");
    assert_eq!(i.status, gbg_go::client::JourneyStatus::Completed);
    assert_eq!(i.decision(), Decision::Positive);
    assert!(i.raw()["interactionId"].is_string(), "{:?}", i.raw());
    let done = client.wait_for_completion(&id).await.unwrap();
    assert_eq!(done.phase(), Phase::Completed);
    assert_eq!(done.decision(), Decision::Positive);
    let slim = client.fetch_state_slim(&id).await.unwrap();
    assert_eq!(slim.decision(), Decision::Positive);
    assert_eq!(
        slim.result.as_ref().unwrap().slim_status,
        Some(gbg_go::client::SlimResultStatus::Complete)
    );
}

/// The same data with the wrong participants collects nothing, as GO does.
#[tokio::test]
async fn wrong_participants_leave_the_elements_outstanding() {
    let sb = sandbox().await;
    let client = v2_client(&sb);
    let id = client
        .start_journey(
            &ResourceId::pinned("onboarding", "1"),
            &Unvalidated(json!({})),
        )
        .await
        .unwrap()
        .instance_id;
    let i = client.fetch_interaction(&id).await.unwrap();
    let interaction_id = i.interaction_id.clone().unwrap();
    client
        .submit_interaction_with(
            &id,
            &interaction_id,
            vec![gbg_go::client::Participant::new("identity")],
            &identity(),
        )
        .await
        .unwrap();
    let again = client.fetch_interaction(&id).await.unwrap();
    assert_eq!(
        again.interaction_id.as_deref(),
        Some(interaction_id.as_str())
    );
    let outstanding: Vec<String> = again.outstanding.iter().map(ToString::to_string).collect();
    assert!(
        outstanding.contains(&"FullName".to_owned()),
        "{outstanding:?}"
    );
    // DESIGN's rule names the right elements.
    let sent = client
        .submit_interaction(&again, &identity())
        .await
        .unwrap();
    let names: Vec<&str> = sent.iter().map(|p| p.domain_element_id.as_str()).collect();
    assert!(
        names.contains(&"FullName") && names.contains(&"DateOfBirth"),
        "{names:?}"
    );
    let next = client.fetch_interaction(&id).await.unwrap();
    assert_eq!(
        next.interaction_id.as_deref(),
        Some("grn:::gbg:design:interaction:consent@1")
    );
}

fn go_subject() -> Value {
    json!({"context": {"subject": {"identity": {
        "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"building": "Ockham House", "premise": "12", "thoroughfare": "St James's Square",
                           "locality": "London", "postalCode": "SW1Y 4JH", "country": "GBR"}
    }}}})
}

/// Runs the `verification` journey (GO's subject model) through the client to its
/// decision: details, then the document's front, `Side2Required`, both sides and a
/// selfie (one side uploaded as an asset).
async fn verify(client: &Client, scenario: Option<&str>) -> gbg_go::client::JourneyState {
    let options = StartOptions {
        scenario: scenario.map(str::to_owned),
        ..StartOptions::default()
    };
    let id = client
        .start_journey_with(
            &ResourceId::latest("verification"),
            &Unvalidated(json!({})),
            &options,
        )
        .await
        .unwrap()
        .instance_id;
    let i = client.fetch_interaction(&id).await.unwrap();
    client
        .submit_interaction(&i, &Unvalidated(go_subject()))
        .await
        .unwrap();
    let i = client.fetch_interaction(&id).await.unwrap();
    let front = json!({"context": {"subject": {"documents": [{"type": "primary", "side1Image": "aGVsbG8="}]}}});
    client
        .submit_interaction(&i, &Unvalidated(front))
        .await
        .unwrap();
    let i = client.fetch_interaction(&id).await.unwrap();
    assert_eq!(i.instructions, [gbg_go::client::Instruction::Side2Required]);
    let outstanding: Vec<String> = i.outstanding.iter().map(ToString::to_string).collect();
    assert!(
        outstanding.contains(&"PrimaryDocument/side2Image".to_owned()),
        "{outstanding:?}"
    );
    let key = client
        .upload_asset(
            &id,
            i.interaction_id.as_deref().unwrap(),
            "PrimaryDocument/side2Image",
            vec![1u8, 2, 3],
        )
        .await
        .unwrap()
        .gofs_key;
    let both = json!({"context": {"subject": {
        "documents": [{"type": "primary", "side1Image": "aGVsbG8=", "side2Image": key}],
        "biometrics": [{"type": "Selfie", "selfieImage": "c2VsZmll"}]
    }}});
    client
        .submit_interaction(&i, &Unvalidated(both))
        .await
        .unwrap();
    client.wait_for_completion(&id).await.unwrap()
}

/// Four scenarios, four typed decisions: positive, neutral, negative, and failed
/// with the step's error.
#[tokio::test]
async fn scenarios_give_typed_decisions() {
    use gbg_go::client::wire::scenario::{ModuleOutcome, ScenarioData};
    let sb = sandbox().await;
    let client = v2_client(&sb);
    let outcome = |o: &str| ModuleOutcome {
        outcome: o.into(),
        ..Default::default()
    };
    let scenario = |modules: Vec<(&str, ModuleOutcome)>| ScenarioData {
        description: None,
        modules: modules
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        default_outcome: None,
        default_advice: None,
        classification: None,
    };
    client
        .create_scenario(
            "verification",
            "flagged",
            &scenario(vec![("fraudCheck", outcome("Flag"))]),
        )
        .await
        .unwrap();
    client
        .create_scenario(
            "verification",
            "rejected",
            &scenario(vec![("documentVerification", outcome("Fail"))]),
        )
        .await
        .unwrap();
    let broken = ModuleOutcome {
        outcome: "Pass".into(),
        error: Some("fraud provider credentials are missing".into()),
        ..Default::default()
    };
    client
        .create_scenario(
            "verification",
            "broken",
            &scenario(vec![("fraudCheck", broken)]),
        )
        .await
        .unwrap();
    let err = client
        .create_scenario("verification", "broken", &scenario(vec![]))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409), "{err}");
    assert_eq!(
        client.list_scenarios("verification").await.unwrap().len(),
        3
    );

    let positive = verify(&client, None).await;
    assert_eq!(positive.decision(), Decision::Positive);
    assert_eq!(positive.steps.len(), 2);
    let neutral = verify(&client, Some("flagged")).await;
    assert_eq!(neutral.decision(), Decision::Neutral);
    assert_eq!(
        neutral.result.as_ref().unwrap().outcome.as_deref(),
        Some("Flag")
    );
    let negative = verify(&client, Some("rejected")).await;
    assert_eq!(negative.decision(), Decision::Negative);
    let failed = verify(&client, Some("broken")).await;
    assert_eq!(failed.decision(), Decision::Failed);
    assert_eq!(failed.phase(), Phase::Failed);
    let step = failed
        .steps
        .iter()
        .find(|s| !s.error.is_empty())
        .expect("a step error");
    assert_eq!(step.node_id.as_deref(), Some("fraudCheck"));
    assert!(step.error[0]
        .problem
        .as_deref()
        .unwrap()
        .contains("credentials"));

    // Scenarios can be read, replaced and deleted.
    let got = client
        .fetch_scenario("verification", "flagged")
        .await
        .unwrap();
    assert_eq!(got.data.modules["fraudCheck"].outcome, "Flag");
    client
        .replace_scenario(
            "verification",
            "flagged",
            &scenario(vec![("fraudCheck", outcome("Pass"))]),
        )
        .await
        .unwrap();
    assert_eq!(
        verify(&client, Some("flagged")).await.decision(),
        Decision::Positive
    );
    client
        .delete_scenario("verification", "flagged")
        .await
        .unwrap();
    assert!(client
        .fetch_scenario("verification", "flagged")
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn terminate_schema_fetch_handoff_and_validate() {
    let sb = sandbox().await;
    let client = v2_client(&sb);
    let schemas = client
        .fetch_schemas(&ResourceId::latest("verification"), None)
        .await
        .unwrap();
    assert_eq!(
        (
            schemas.delivery_id.as_str(),
            schemas.resolved_version.as_str()
        ),
        ("verification", "1")
    );
    assert_eq!(schemas.schemas.len(), 2);
    let err = client
        .fetch_schemas(&ResourceId::latest("verification"), Some("nope"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422));

    let id = client
        .start_journey(&ResourceId::latest("verification"), &Unvalidated(json!({})))
        .await
        .unwrap()
        .instance_id;
    // Hand-off and validation take the end-user session, which the client makes.
    let secret = client.start_device(&id, &[DeviceScope::Any]).await.unwrap();
    client.connect_device(&id, &secret).await.unwrap();
    let v = client.validate_device(&id).await.unwrap();
    assert!(v.valid);
    assert_eq!(v.instance_id.as_deref(), Some(id.as_str()));
    let handoff = client.create_handoff_token(&id).await.unwrap();
    assert!(handoff.instance_url().starts_with(sb.base_url()));
    assert!(!format!("{handoff:?}").contains(handoff.instance_url()));

    client
        .terminate_journey(&id, Some("customer left"))
        .await
        .unwrap();
    let state = client.wait_for_completion(&id).await.unwrap();
    assert_eq!(state.decision(), Decision::Failed);
    let err = client.terminate_journey(&id, None).await.unwrap_err();
    assert!(err.journey_not_active(), "{err}");
}

/// A sandbox that requires end-user tokens (GBG's older spec): the client's customer
/// token is refused, it refreshes once, then switches that instance to an end-user
/// session, with one extra grant and one device connection.
#[tokio::test]
async fn customer_token_falls_back_to_an_end_user_session() {
    let sb = Sandbox::start(Config::default().seed(5).strict_tokens(true))
        .await
        .unwrap();
    let client = v2_client(&sb);
    let id = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
        .await
        .unwrap()
        .instance_id;
    let i = client.fetch_interaction(&id).await.unwrap();
    assert!(i.interaction_id.is_some());
    let c = sb.counters();
    assert_eq!(c.token_grants, 2, "one refresh after the first 401");
    assert_eq!(c.requests["journey/device/connect"], 1);
    client
        .submit_interaction(&i, &Unvalidated(consent("https://example.com/t")))
        .await
        .unwrap();
    let c = sb.counters();
    assert_eq!(
        c.requests["journey/device/connect"], 1,
        "the session is kept"
    );
    assert_eq!(c.requests["journey/interaction/fetch"], 3, "401, 401, 200");
    assert_eq!(c.requests["journey/interaction/submit"], 1);
}

#[tokio::test]
async fn reads_are_retried_and_writes_are_not_duplicated() {
    let sb = sandbox().await;
    let client = client(&sb);
    let id = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
        .await
        .unwrap()
        .instance_id;
    // Reads survive 500s and dropped connections.
    sb.script(
        "journey/state/fetch",
        vec![Fault::Internal, Fault::Drop, Fault::TooMany, Fault::Ok],
    );
    client.fetch_state(&id).await.unwrap();
    assert_eq!(sb.counters().requests["journey/state/fetch"], 4);

    // A start dropped after processing: outcome unknown, not retried, exactly 1 start.
    sb.script("journey/start", vec![Fault::DropAfter]);
    let before = sb.counters().journeys_started;
    let err = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err}");
    assert!(err.to_string().contains("not retried"));
    let c = sb.counters();
    assert_eq!(c.journeys_started, before + 1);
    assert_eq!(
        c.requests["journey/start"], 2,
        "one call for this start, no retry"
    );

    // A 500 on submit: outcome unknown; a 429 then 503 on submit: retried.
    let task = client.list_tasks(&id).await.unwrap().remove(0);
    sb.script("journey/task/update", vec![Fault::Internal]);
    let good = Unvalidated(consent("https://example.com/t"));
    let err = client
        .update_task(&id, &task, Intent::Complete, &good)
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err}");
    sb.script(
        "journey/task/update",
        vec![Fault::TooMany, Fault::Unavailable, Fault::Ok],
    );
    client
        .update_task(&id, &task, Intent::Complete, &good)
        .await
        .unwrap();
    let c = sb.counters();
    assert_eq!(c.task_completions[task.as_str()], 1);
    assert_eq!(c.duplicate_submissions, 0);
}

#[tokio::test]
async fn retry_limits_and_retry_after() {
    let sb = sandbox().await;
    let client = Client::builder()
        .base_url(sb.base_url())
        .client_credentials("sandbox-client", "sandbox-secret")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let id = gbg_go::client::InstanceId::new("does-not-matter-00");
    sb.script("journey/state/fetch", vec![Fault::Unavailable]);
    let err = client.fetch_state(&id).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    // A Retry-After longer than the policy allows ends retrying at once.
    let patient = Client::builder()
        .base_url(sb.base_url())
        .client_credentials("sandbox-client", "sandbox-secret")
        .retry(RetryPolicy {
            max_retry_after: Duration::from_secs(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let mut faults = Faults::default();
    faults.add_flag("journey/state/fetch:429=1").unwrap();
    faults
        .add_flag("journey/state/fetch:retry-after=30")
        .unwrap();
    sb.set_faults(faults);
    let t = std::time::Instant::now();
    let err = patient.fetch_state(&id).await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert!(t.elapsed() < Duration::from_secs(20), "did not wait 30 s");
}

#[tokio::test]
async fn many_callers_across_token_expiry_cause_one_grant() {
    let sb = sandbox().await;
    let clock = ManualClock::default();
    let client = Client::builder()
        .base_url(sb.base_url())
        .api(ApiVersion::V1)
        .client_credentials("sandbox-client", "sandbox-secret")
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let id = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
        .await
        .unwrap()
        .instance_id;
    assert_eq!(sb.counters().token_grants, 1);
    clock.advance(Duration::from_secs(3601));
    sb.advance_clock(Duration::from_secs(3601));
    let calls = (0..100).map(|_| {
        let client = client.clone();
        let id = id.clone();
        tokio::spawn(async move { client.fetch_state(&id).await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    assert_eq!(sb.counters().token_grants, 2, "one grant for 100 callers");
}

#[tokio::test]
async fn a_401_mid_journey_is_recovered() {
    let sb = sandbox().await;
    let client = client(&sb);
    let id = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
        .await
        .unwrap()
        .instance_id;
    let task = client.list_tasks(&id).await.unwrap().remove(0);
    // The sandbox's clock moves past every token's expiry; the client's does not, so
    // its cached tokens are refused with 401.
    sb.advance_clock(Duration::from_secs(3601));
    client.fetch_state(&id).await.unwrap();
    client
        .update_task(
            &id,
            &task,
            Intent::Complete,
            &Unvalidated(consent("https://example.com/t")),
        )
        .await
        .unwrap();
    assert_eq!(
        client.fetch_state(&id).await.unwrap().phase(),
        Phase::Completed
    );
    assert_eq!(sb.counters().token_grants, 2);
}

/// 100 journeys with 20% of requests refused by 429/503 on every route and
/// dropped connections on reads: all complete, nothing started or submitted twice,
/// nothing lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journeys_complete_under_faults_without_duplicates() {
    let mut faults = Faults::default();
    for rule in [
        "*:429=0.1",
        "*:503=0.1",
        "*:retry-after=0",
        "reads:429=0.1",
        "reads:503=0.1",
        "reads:drop=0.1",
        "reads:retry-after=0",
    ] {
        faults.add_flag(rule).unwrap();
    }
    let sb = Sandbox::start(Config::default().seed(3).faults(faults))
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(sb.base_url())
        .api(ApiVersion::V1)
        .client_credentials("sandbox-client", "sandbox-secret")
        .retry(RetryPolicy {
            max_retries: 20,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(20),
            ..RetryPolicy::default()
        })
        .poll(gbg_go::client::PollPolicy {
            initial: Duration::from_millis(5),
            ..Default::default()
        })
        .build()
        .unwrap();
    let sem = Arc::new(tokio::sync::Semaphore::new(25));
    let mut handles = Vec::new();
    for n in 0..100 {
        let (client, sem) = (client.clone(), sem.clone());
        handles.push(tokio::spawn(async move {
            let _permit = sem.acquire().await.unwrap();
            let id = client
                .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
                .await
                .expect("start")
                .instance_id;
            let url = format!("https://example.com/terms/{n}");
            for task in client.list_tasks(&id).await.expect("tasks") {
                client
                    .update_task(&id, &task, Intent::Complete, &Unvalidated(consent(&url)))
                    .await
                    .expect("submit");
            }
            let state = client.wait_for_completion(&id).await.expect("completion");
            assert_eq!(
                state.subject()["consent"][0]["url"],
                url.as_str(),
                "nothing lost"
            );
            id
        }));
    }
    let mut ids = Vec::new();
    for h in handles {
        ids.push(h.await.unwrap());
    }
    let c = sb.counters();
    assert_eq!(c.journeys_started, 100, "0 duplicate starts");
    assert_eq!(c.duplicate_submissions, 0, "0 duplicate submissions");
    assert_eq!(c.task_completions.len(), 100);
    assert!(c.task_completions.values().all(|n| *n == 1));
    assert!(
        c.faults["429"] > 0 && c.faults["503"] > 0 && c.faults["drop"] > 0,
        "{:?}",
        c.faults
    );
    println!(
        "fault-run counters: {}",
        serde_json::to_string(&c.faults).unwrap()
    );
    println!(
        "requests: {}, journeys started: {}, completions: {}, duplicate submissions: {}",
        c.requests.values().sum::<u64>(),
        c.journeys_started,
        c.task_completions.len(),
        c.duplicate_submissions
    );
}

#[test]
fn resource_ids() {
    assert_eq!(
        "a_b-c@v1.2".parse::<ResourceId>().unwrap(),
        ResourceId::pinned("a_b-c", "v1.2")
    );
    assert_eq!(
        "x@latest".parse::<ResourceId>().unwrap(),
        ResourceId::latest("x")
    );
    // A bare id means the latest version (INFERRED; one parser for client and sandbox).
    assert_eq!("x".parse::<ResourceId>().unwrap(), ResourceId::latest("x"));
    for bad in ["", "@1", "x@", "x y@1", "x@1/2", "x@1@2"] {
        assert!(bad.parse::<ResourceId>().is_err(), "{bad}");
    }
}

#[tokio::test]
async fn error_paths_of_every_read_and_lifecycle_operation() {
    let sb = sandbox().await;
    let client = Client::builder()
        .base_url(sb.base_url())
        .api(ApiVersion::V1)
        .client_credentials("sandbox-client", "sandbox-secret")
        .poll(gbg_go::client::PollPolicy {
            initial: Duration::from_millis(10),
            deadline: Duration::from_millis(200),
            ..Default::default()
        })
        .build()
        .unwrap();
    let nobody = gbg_go::client::InstanceId::new("no-such-instance-0000");
    let no_task = gbg_go::client::TaskId::new("no-such-task-000000000");
    assert!(client
        .delete_journey(&nobody)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .start_device(&nobody, &[DeviceScope::Any])
        .await
        .unwrap_err()
        .is_not_found());
    assert!(
        client.list_tasks(&nobody).await.unwrap_err().is_not_found(),
        "the customer token reaches the lookup"
    );
    assert!(client
        .fetch_interaction(&nobody)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .fetch_task_schema(&no_task)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .list_tasks_with_schemas(&nobody)
        .await
        .unwrap_err()
        .is_not_found());

    // Waiting: a journey pending input hits the polling deadline; a failed one ends.
    let id = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
        .await
        .unwrap()
        .instance_id;
    let err = client.wait_for_completion(&id).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                operation: "wait_for_completion",
                ..
            }
        ),
        "{err}"
    );
    let i = client.fetch_interaction(&id).await.unwrap();
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/_sandbox/instances/{}", sb.base_url(), id))
        .json(&json!({"status": "Failed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A failed journey is a decision too: waiting returns it.
    let failed = client.wait_for_completion(&id).await.unwrap();
    assert_eq!(failed.phase(), Phase::Failed);
    assert_eq!(failed.decision(), Decision::Failed);
    let err = client
        .submit_interaction(&i, &Unvalidated(consent("https://example.com/t")))
        .await
        .unwrap_err();
    assert!(err.journey_not_active(), "{err}");
}

/// The v2 loop under 20% injected 429/503 on every route plus dropped connections
/// (before and after processing): no start or submission is applied twice, every
/// start that returned an instance id reaches a decision that is read back, and a
/// write whose outcome is unknown is resolved by fetching, never by resending blindly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v2_journeys_under_faults_reach_decisions_without_duplicates() {
    let (sb, client) = faulty_sandbox_and_client(8).await;
    const STARTS: u64 = 100;
    let unknown = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let sem = Arc::new(tokio::sync::Semaphore::new(25));
    let mut handles = Vec::new();
    for n in 0..STARTS {
        let (client, sem, unknown) = (client.clone(), sem.clone(), unknown.clone());
        handles.push(tokio::spawn(async move {
            let _permit = sem.acquire().await.unwrap();
            let count = |e: &Error| {
                if e.is_outcome_unknown() {
                    unknown.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            };
            // A start whose outcome is unknown is not repeated: GO has no
            // idempotency key, so a second start could be a duplicate.
            let id = match client
                .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
                .await
            {
                Ok(s) => s.instance_id,
                Err(e) if e.is_outcome_unknown() => {
                    count(&e);
                    return Err(());
                }
                Err(e) => panic!("start: {e}"),
            };
            let url = format!("https://example.com/terms/{n}");
            // Fetch, submit, fetch again: an unknown outcome is settled by the next
            // fetch (the interaction moved on, or it is still outstanding).
            loop {
                let i = match client.fetch_interaction(&id).await {
                    Ok(i) => i,
                    Err(e) if e.is_retryable() => continue,
                    Err(e) => panic!("fetch: {e}"),
                };
                if i.interaction_id.is_none() {
                    break;
                }
                match client
                    .submit_interaction(&i, &Unvalidated(consent(&url)))
                    .await
                {
                    Ok(_) => {}
                    Err(e) if e.is_outcome_unknown() || e.is_retryable() => count(&e),
                    // Applied by an attempt whose answer was lost: the interaction
                    // moved on, and GO refuses the stale id.
                    Err(e) if e.is_invalid_data() || e.journey_not_active() => {}
                    Err(e) => panic!("submit: {e}"),
                }
            }
            let state = loop {
                match client.wait_for_completion(&id).await {
                    Ok(s) => break s,
                    Err(e) if e.is_retryable() => continue,
                    Err(e) => panic!("wait: {e}"),
                }
            };
            assert_eq!(state.decision(), Decision::Positive, "decision read back");
            Ok(id)
        }));
    }
    let (mut decided, mut start_unknown) = (0u64, 0u64);
    for h in handles {
        match h.await.unwrap() {
            Ok(_) => decided += 1,
            Err(()) => start_unknown += 1,
        }
    }
    let c = sb.counters();
    let unknown = unknown.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "v2 under faults: {STARTS} starts, {} instances created, {decided} decisions read back, {unknown} outcome(s) unknown ({start_unknown} starts), {} submissions applied, faults {:?}",
        c.journeys_started, c.interaction_submissions, c.faults
    );
    assert!(
        c.journeys_started <= STARTS,
        "no duplicate starts: {} instances from {STARTS} starts",
        c.journeys_started
    );
    assert_eq!(
        decided + start_unknown,
        STARTS,
        "every start that returned an id reached a decision"
    );
    assert!(
        c.journeys_started <= decided + start_unknown,
        "an unknown start created at most its one instance"
    );
    assert!(
        c.task_completions.values().all(|n| *n == 1),
        "no interaction completed twice"
    );
    assert!(
        c.interaction_submissions <= c.journeys_started,
        "one applied submission per journey (its one interaction)"
    );
    assert!(
        c.faults.get("drop").copied().unwrap_or(0) > 0
            && c.faults.get("drop-after").copied().unwrap_or(0) > 0
    );
}

/// A manual reviewer's view and decision, through the client.
#[tokio::test]
async fn manual_review_through_the_client() {
    let sb = sandbox().await;
    let client = v2_client(&sb);
    let id = client
        .start_journey(&ResourceId::pinned("consent", "1"), &Unvalidated(json!({})))
        .await
        .unwrap()
        .instance_id;
    let i = client.fetch_interaction_for_review(&id).await.unwrap();
    let interaction = i.interaction_id.clone().unwrap();
    assert!(matches!(
        client.submit_review(&id, &interaction, 10, None).await,
        Err(Error::Misuse(gbg_go::client::Misuse::InvalidReview))
    ));
    client
        .submit_review(&id, &interaction, 7, Some("documents look fine".into()))
        .await
        .unwrap();
    let inside: Value = reqwest::Client::new()
        .get(format!("{}/_sandbox/instances/{id}", sb.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inside["review"]["decision"], 7);
}

/// GO's capture flow under faults (20% 429/503, 10% dropped connections before or
/// after processing, seeded), driven as GBG's sample backends drive it: details, the
/// front, the back alone as an asset upload, the selfie, each in its own submit, the
/// next step chosen from what `interaction/fetch` says is outstanding. No start is
/// applied twice, every start that returned an id reaches its decision, and what the
/// journey holds at the end is exactly what was last sent, whatever was retried
/// (partial submits merge, and a resubmit of the same data changes nothing).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_capture_flow_under_faults_holds_exactly_what_was_sent() {
    let (sb, client) = faulty_sandbox_and_client(22).await;
    const STARTS: u64 = 40;
    let details = json!({"identity": {
        "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"building": "Ockham House", "premise": "12",
                           "thoroughfare": "St James's Square", "locality": "London",
                           "postalCode": "SW1Y 4JH", "country": "GBR"}}});
    let front = json!({"type": "Primary", "category": "Driving Licence", "side1Image": "ZnJvbnQ="});
    let selfie = json!({"selfieImage": "c2VsZmll"});
    let unknown = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let sem = Arc::new(tokio::sync::Semaphore::new(10));
    let mut handles = Vec::new();
    for _ in 0..STARTS {
        let (client, sem, unknown) = (client.clone(), sem.clone(), unknown.clone());
        let (details, front, selfie) = (details.clone(), front.clone(), selfie.clone());
        handles.push(tokio::spawn(async move {
            let _permit = sem.acquire().await.unwrap();
            let count = |e: &Error| {
                if e.is_outcome_unknown() {
                    unknown.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            };
            let start = client
                .start_journey(&ResourceId::latest("verification"), &Unvalidated(json!({})))
                .await;
            let id = match start {
                Ok(s) => s.instance_id,
                Err(e) if e.is_outcome_unknown() => {
                    count(&e);
                    return Err(());
                }
                Err(e) => panic!("start: {e}"),
            };
            // The back last sent in a submit: what the journey must hold.
            let mut back_sent: Option<String> = None;
            loop {
                let i = match client.fetch_interaction(&id).await {
                    Ok(i) => i,
                    Err(e) if e.is_retryable() || e.is_outcome_unknown() => continue,
                    Err(e) => panic!("fetch: {e}"),
                };
                let Some(interaction_id) = i.interaction_id.clone() else {
                    break;
                };
                let outstanding: Vec<String> =
                    i.outstanding.iter().map(ToString::to_string).collect();
                let wants = |r: &str| outstanding.iter().any(|o| o.starts_with(r));
                let subject = if wants("FullName") || wants("CurrentAddress") {
                    details.clone()
                } else if wants("PrimaryDocument/side1Image") {
                    json!({"documents": [front.clone()]})
                } else if wants("PrimaryDocument/side2Image") {
                    let key = match client
                        .upload_asset(
                            &id,
                            &interaction_id,
                            "PrimaryDocument/side2Image",
                            &b"back"[..],
                        )
                        .await
                    {
                        Ok(up) => up.gofs_key,
                        Err(e) if e.is_outcome_unknown() || e.is_retryable() => {
                            count(&e);
                            continue;
                        }
                        Err(e) => panic!("upload: {e}"),
                    };
                    back_sent = Some(key.clone());
                    json!({"documents": [{"type": "Primary", "side2Image": key}]})
                } else if wants("Selfie") {
                    json!({"biometrics": [selfie.clone()]})
                } else {
                    panic!("nothing to send for {outstanding:?}");
                };
                match client
                    .submit_interaction(&i, &Unvalidated(json!({"context": {"subject": subject}})))
                    .await
                {
                    Ok(_) => {}
                    Err(e) if e.is_outcome_unknown() || e.is_retryable() => count(&e),
                    // Applied by an attempt whose answer was lost: the interaction
                    // moved on, and GO refuses the stale id.
                    Err(e) if e.is_invalid_data() || e.journey_not_active() => {}
                    Err(e) => panic!("submit: {e}"),
                }
            }
            let state = loop {
                match client.wait_for_completion(&id).await {
                    Ok(s) => break s,
                    Err(e) if e.is_retryable() || e.is_outcome_unknown() => continue,
                    Err(e) => panic!("wait: {e}"),
                }
            };
            assert_eq!(state.decision(), Decision::Positive, "decision read back");
            let mut document = front.clone();
            document["side2Image"] = json!(back_sent.expect("a back was sent"));
            let mut expected = details.clone();
            expected["documents"] = json!([document]);
            expected["biometrics"] = json!([selfie]);
            assert_eq!(state.subject(), &expected, "held data equals data sent");
            Ok(id)
        }));
    }
    let (mut decided, mut start_unknown) = (0u64, 0u64);
    for h in handles {
        match h.await.unwrap() {
            Ok(_) => decided += 1,
            Err(()) => start_unknown += 1,
        }
    }
    let c = sb.counters();
    let unknown = unknown.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "capture flow under faults: {STARTS} starts, {} instances created, {decided} decisions read back, {unknown} outcome(s) unknown ({start_unknown} starts), {} submissions applied, faults {:?}",
        c.journeys_started, c.interaction_submissions, c.faults
    );
    assert!(
        c.journeys_started <= STARTS,
        "no duplicate starts: {} instances from {STARTS} starts",
        c.journeys_started
    );
    assert_eq!(
        decided + start_unknown,
        STARTS,
        "every start reached a decision"
    );
    assert!(c.journeys_started <= decided + start_unknown);
    assert!(
        c.task_completions.values().all(|n| *n == 1),
        "no interaction completed twice"
    );
    assert!(!c.faults.is_empty(), "faults were injected: {:?}", c.faults);
}

/// A seeded sandbox injecting 20% 429/503 on every route and 10% dropped connections
/// (half before, half after processing), and a v2 client with a generous retry budget
/// and fast polling: the set-up of the fault runs.
async fn faulty_sandbox_and_client(seed: u64) -> (Sandbox, Client) {
    let mut faults = Faults::default();
    for rule in [
        "*:429=0.1",
        "*:503=0.1",
        "*:retry-after=0",
        "*:drop=0.05",
        "*:drop-after=0.05",
    ] {
        faults.add_flag(rule).unwrap();
    }
    let sb = Sandbox::start(Config::default().seed(seed).faults(faults))
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(sb.base_url())
        .client_credentials("sandbox-client", "sandbox-secret")
        .retry(RetryPolicy {
            max_retries: 30,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(10),
            budget: 1_000_000.0,
            ..RetryPolicy::default()
        })
        .poll(gbg_go::client::PollPolicy {
            initial: Duration::from_millis(2),
            ..Default::default()
        })
        .build()
        .unwrap();
    (sb, client)
}

/// A journey whose `collects` lists leaf refs with `parentSpec` (a version with
/// `collectLeafRefs`, as some tenants show): the client reads them, names each
/// element once in `participants` (a leaf ref counts for its element) and finishes.
#[tokio::test]
async fn leaf_ref_collects_are_read_and_mapped_to_their_elements() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({"type": "object", "properties": {"context": {"type": "object", "properties": {"subject": {
        "type": "object", "required": ["identity"],
        "properties": {"identity": {"type": "object", "required": ["firstName", "lastNames", "dateOfBirth"],
            "properties": {"firstName": {"type": "string"}, "dateOfBirth": {"type": "string"},
                           "lastNames": {"type": "array", "items": {"type": "string"}}}}}}}}}});
    std::fs::write(dir.path().join("who.json"), schema.to_string()).unwrap();
    std::fs::write(
        dir.path().join("leafy.journey.json"),
        json!({"resourceId": "leafy", "versions": [{"version": "1", "collectLeafRefs": true,
            "tasks": [{"name": "who", "schema": "who.json"}]}]})
        .to_string(),
    )
    .unwrap();
    let sb = Sandbox::start(Config::default().seed(5).journeys(dir.path()))
        .await
        .unwrap();
    let client = v2_client(&sb);
    let id = client
        .start_journey(&ResourceId::latest("leafy"), &Unvalidated(json!({})))
        .await
        .unwrap()
        .instance_id;
    let i = client.fetch_interaction(&id).await.unwrap();
    let refs: Vec<&str> = i.collects.iter().map(|c| c.reference.as_str()).collect();
    assert!(refs.contains(&"FullName/firstName"), "{refs:?}");
    assert!(refs.contains(&"DateOfBirth/dateOfBirth"), "{refs:?}");
    let sent = client
        .submit_interaction(
            &i,
            &Unvalidated(json!({"context": {"subject": {"identity": {
                "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}}}})),
        )
        .await
        .unwrap();
    let names: Vec<&str> = sent.iter().map(|p| p.domain_element_id.as_str()).collect();
    assert_eq!(names, ["FullName", "DateOfBirth"]);
    let done = client.wait_for_completion(&id).await.unwrap();
    assert_eq!(done.decision(), Decision::Positive);
}
