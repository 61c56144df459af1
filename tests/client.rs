//! The client against the real sandbox over loopback HTTP: every operation, its
//! error paths, faults, token expiry and 401 recovery.

use std::sync::Arc;
use std::time::Duration;

use gbg_go::client::{
    ApiVersion, Client, Intent, ManualClock, Phase, ResourceId, RetryPolicy, TaskState,
};
use gbg_go::{Error, Unvalidated};
use gbg_go_sandbox::{Config, Fault, Faults, Sandbox};
use serde_json::{json, Value};

async fn sandbox() -> Sandbox {
    Sandbox::start(Config::default().seed(11)).await.unwrap()
}

fn client(sb: &Sandbox) -> Client {
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
    assert_eq!(started.status.as_deref(), Some("started"));
    assert!(started.instance_url.is_none(), "delivery api has no page");

    let state = client.journey_state(&id).await.unwrap();
    assert_eq!(state.phase(), Phase::PendingInput);
    assert_eq!(state.tasks[0].state, TaskState::Completed);
    assert_eq!(state.tasks[1].state, TaskState::Assigned);
    assert!(
        !format!("{state:?}").contains("Lovelace"),
        "Debug is redacted"
    );

    let tasks = client.tasks(&id).await.unwrap();
    assert_eq!(tasks.len(), 1);
    let schema = client.task_schema(&tasks[0]).await.unwrap();
    assert!(schema.validate(&consent("https://example.com/t")).is_ok());
    let listed = client.tasks_with_schemas(&id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].0, tasks[0]);

    // Local validation: refused before sending, pointer and rule, no value.
    let bad = Unvalidated(
        json!({"context": {"subject": {"consent": [{"type": "sometimes", "url": "https://x.example"}]}}}),
    );
    let err = client
        .submit_task(&id, &tasks[0], Intent::Complete, &bad)
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
        .submit_task(
            &id,
            &tasks[0],
            Intent::Save,
            &Unvalidated(json!({"context": {"subject": {"consent": []}}})),
        )
        .await
        .unwrap();
    assert_eq!(
        client.journey_state(&id).await.unwrap().tasks[1].state,
        TaskState::InProgress
    );
    let good = Unvalidated(consent("https://example.com/terms"));
    client
        .submit_task(&id, &tasks[0], Intent::Validate, &good)
        .await
        .unwrap();
    client
        .submit_task(&id, &tasks[0], Intent::Complete, &good)
        .await
        .unwrap();
    let done = client.wait_for_completion(&id).await.unwrap();
    assert_eq!(done.phase(), Phase::Completed);
    assert!(done.completed_time.is_some());
    assert_eq!(done.subject()["identity"]["firstName"], "Ada");
    assert_eq!(
        done.subject()["consent"][0]["url"],
        "https://example.com/terms"
    );

    // A finished journey: 4009.
    let err = client
        .submit_task(&id, &tasks[0], Intent::Complete, &good)
        .await
        .unwrap_err();
    assert!(err.journey_not_active(), "{err}");
    assert!(err.request_id().is_some());
    assert!(!err.is_retryable());

    client.delete_instance(&id).await.unwrap();
    let err = client.journey_state(&id).await.unwrap_err();
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
    let state = client.journey_state(&started.instance_id).await.unwrap();
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
    let tasks = client.tasks(&id).await.unwrap();
    let err = client
        .submit_task(
            &id,
            &tasks[1],
            Intent::Complete,
            &Unvalidated(json!({"context": {"subject": {"consent": [{"type": "sometimes"}]}}})),
        )
        .await
        .unwrap_err();
    assert!(err.invalid_field(), "GO's own 4003: {err}");
    assert!(err.to_string().contains("/context/subject/consent/0/type"));
    assert!(!err.to_string().contains("sometimes"));

    let wrong = Client::builder()
        .base_url(sb.base_url())
        .client_credentials("sandbox-client", "not-the-secret")
        .build()
        .unwrap();
    let err = wrong.journey_state(&id).await.unwrap_err();
    assert!(matches!(err, Error::Auth { status: 401, .. }), "{err}");
    assert!(!err.to_string().contains("not-the-secret"));
    assert!(
        !format!("{wrong:?}").contains("not-the-secret"),
        "secrets are not printed"
    );

    assert!(matches!(
        Client::builder().client_credentials("a", "b").build(),
        Err(Error::Config(_))
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
    let secret = client.device_start(&id).await.unwrap();
    assert_eq!(secret.expires_in, Duration::from_secs(120));
    assert!(format!("{secret:?}").contains("<redacted>"));
    client.device_connect(&id, &secret).await.unwrap();
    let err = client.device_connect(&id, &secret).await.unwrap_err();
    assert!(
        matches!(err, Error::Auth { .. }),
        "a secret is single-use: {err}"
    );
    client.device_refresh(&id).await.unwrap();
    assert_eq!(client.tasks(&id).await.unwrap().len(), 2);
    let other = gbg_go::client::InstanceId::new("no-session-instance-id");
    assert!(matches!(
        client.device_refresh(&other).await,
        Err(Error::Config(_))
    ));
}

#[tokio::test]
async fn v2_interactions() {
    let sb = sandbox().await;
    let client = Client::builder()
        .base_url(sb.base_url())
        .api(ApiVersion::V2)
        .client_credentials("sandbox-client", "sandbox-secret")
        .delivery("page")
        .build()
        .unwrap();
    let started = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity())
        .await
        .unwrap();
    assert!(started.instance_url.is_some(), "delivery page has a URL");
    let id = started.instance_id;
    let i = client.interaction_fetch(&id).await.unwrap();
    assert_eq!(
        i.interaction_id.as_deref(),
        Some("grn:::gbg:design:interaction:consent@1")
    );
    assert_eq!(i.outstanding, ["consent"]);
    client
        .interaction_submit(
            &id,
            i.interaction_id.as_deref().unwrap(),
            &Unvalidated(consent("https://example.com/t")),
        )
        .await
        .unwrap();
    let i = client.interaction_fetch(&id).await.unwrap();
    assert!(i.interaction_id.is_none());
    assert_eq!(
        client.wait_for_completion(&id).await.unwrap().phase(),
        Phase::Completed
    );
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
    client.journey_state(&id).await.unwrap();
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
    let task = client.tasks(&id).await.unwrap().remove(0);
    sb.script("journey/task/update", vec![Fault::Internal]);
    let good = Unvalidated(consent("https://example.com/t"));
    let err = client
        .submit_task(&id, &task, Intent::Complete, &good)
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err}");
    sb.script(
        "journey/task/update",
        vec![Fault::TooMany, Fault::Unavailable, Fault::Ok],
    );
    client
        .submit_task(&id, &task, Intent::Complete, &good)
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
    let err = client.journey_state(&id).await.unwrap_err();
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
    let err = patient.journey_state(&id).await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert!(t.elapsed() < Duration::from_secs(20), "did not wait 30 s");
}

#[tokio::test]
async fn many_callers_across_token_expiry_cause_one_grant() {
    let sb = sandbox().await;
    let clock = ManualClock::default();
    let client = Client::builder()
        .base_url(sb.base_url())
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
        tokio::spawn(async move { client.journey_state(&id).await })
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
    let task = client.tasks(&id).await.unwrap().remove(0);
    // The sandbox's clock moves past every token's expiry; the client's does not, so
    // its cached tokens are refused with 401.
    sb.advance_clock(Duration::from_secs(3601));
    client.journey_state(&id).await.unwrap();
    client
        .submit_task(
            &id,
            &task,
            Intent::Complete,
            &Unvalidated(consent("https://example.com/t")),
        )
        .await
        .unwrap();
    assert_eq!(
        client.journey_state(&id).await.unwrap().phase(),
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
            for task in client.tasks(&id).await.expect("tasks") {
                client
                    .submit_task(&id, &task, Intent::Complete, &Unvalidated(consent(&url)))
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
    for bad in ["x", "@1", "x@", "x y@1", "x@1/2"] {
        assert!(bad.parse::<ResourceId>().is_err(), "{bad}");
    }
}

#[tokio::test]
async fn error_paths_of_every_read_and_lifecycle_operation() {
    let sb = sandbox().await;
    let client = Client::builder()
        .base_url(sb.base_url())
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
        .delete_instance(&nobody)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .device_start(&nobody)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(
        client.tasks(&nobody).await.unwrap_err().is_not_found(),
        "the end-user token cannot be had"
    );
    assert!(client
        .interaction_fetch(&nobody)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .task_schema(&no_task)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .tasks_with_schemas(&nobody)
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
    let i = client.interaction_fetch(&id).await.unwrap();
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/_sandbox/instances/{}", sb.base_url(), id))
        .json(&json!({"status": "Failed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let err = client.wait_for_completion(&id).await.unwrap_err();
    assert!(
        matches!(&err, Error::JourneyEnded { status, .. } if status == "Failed"),
        "{err}"
    );
    assert_eq!(
        client.journey_state(&id).await.unwrap().phase(),
        Phase::Failed
    );
    let err = client
        .interaction_submit(
            &id,
            i.interaction_id.as_deref().unwrap(),
            &Unvalidated(consent("https://example.com/t")),
        )
        .await
        .unwrap_err();
    assert!(err.journey_not_active(), "{err}");
}
