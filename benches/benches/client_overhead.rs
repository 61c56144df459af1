//! The gbg-go client's overhead over raw reqwest for the same request sequence
//! against the sandbox (loopback HTTP): start a journey with prefill, list tasks
//! (the client obtains the end-user token itself; raw reqwest makes the same
//! device/start and device/connect calls), fetch the task schema, complete the task
//! (the client validates locally first), fetch the state. Both sides share warm
//! customer tokens. Goal: client / raw ≤ 1.10.

use criterion::{criterion_group, criterion_main, Criterion};
use gbg_go::client::{Client, Intent, ResourceId};
use gbg_go_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

fn identity() -> Value {
    json!({"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}})
}

fn consent() -> Value {
    json!({"consent": [{"type": "explicit", "url": "https://example.com/terms"}]})
}

async fn post(http: &reqwest::Client, url: String, token: &str, body: Value) -> Value {
    let r = http
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    r.json().await.unwrap()
}

async fn raw(http: &reqwest::Client, base: &str, token: &str) {
    let api = format!("{base}/captain/api");
    let id = post(http, format!("{api}/journey/start"), token, json!({"resourceId": "onboarding@1", "context": {"config": {"delivery": "api"}, "subject": identity()}})).await;
    let id = id["instanceId"].as_str().unwrap().to_owned();
    let s = post(
        http,
        format!("{api}/journey/device/start"),
        token,
        json!({"instanceId": id, "scope": ["any"]}),
    )
    .await;
    let secret = s["connectToken"].as_str().unwrap().to_owned();
    let eu = post(
        http,
        format!("{api}/journey/device/connect"),
        &secret,
        json!({"connectToken": secret, "deviceInfo": {"deviceId": "bench-device-00000"}}),
    )
    .await;
    let eu = eu["endUserToken"].as_str().unwrap().to_owned();
    let tasks = post(
        http,
        format!("{api}/journey/task/list"),
        &eu,
        json!({"instanceId": id}),
    )
    .await;
    let task = tasks["tasks"][0]["taskId"].as_str().unwrap().to_owned();
    post(
        http,
        format!("{api}/journey/task/schema"),
        token,
        json!({"taskId": task}),
    )
    .await;
    post(http, format!("{api}/journey/task/update"), &eu, json!({"intent": "Complete", "instanceId": id, "taskId": task, "context": {"subject": consent()}})).await;
    let state = post(
        http,
        format!("{api}/journey/state/fetch"),
        token,
        json!({"instanceId": id}),
    )
    .await;
    assert_eq!(state["status"], "Completed");
}

async fn through_client(client: &Client) {
    let doc = gbg_go::Unvalidated(json!({"context": {"subject": identity()}}));
    let id = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &doc)
        .await
        .unwrap()
        .instance_id;
    let task = client.tasks(&id).await.unwrap().remove(0);
    client.task_schema(&task).await.unwrap();
    client
        .submit_task(
            &id,
            &task,
            Intent::Complete,
            &gbg_go::Unvalidated(json!({"context": {"subject": consent()}})),
        )
        .await
        .unwrap();
    let state = client.journey_state(&id).await.unwrap();
    assert_eq!(state.status, gbg_go::client::JourneyStatus::Completed);
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // One sandbox per side, so neither runs against a store the other has grown.
    let start = || {
        rt.block_on(Sandbox::start(Config::default().seed(2)))
            .unwrap()
    };
    let (sb_raw, sb_client) = (start(), start());
    let http = reqwest::Client::new();
    let raw_base = sb_raw.base_url().to_owned();
    let token = rt.block_on(async {
        let v: Value = http
            .post(format!("{raw_base}/as/token.oauth2"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "sandbox-client"),
                ("client_secret", "sandbox-secret"),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["access_token"].as_str().unwrap().to_owned()
    });
    let client = Client::builder()
        .base_url(sb_client.base_url())
        .client_credentials("sandbox-client", "sandbox-secret")
        .build()
        .unwrap();
    rt.block_on(through_client(&client)); // warm the customer token
    rt.block_on(raw(&http, &raw_base, &token)); // and the raw side's connection
    let mut g = c.benchmark_group("journey_sequence");
    g.bench_function("raw_reqwest", |b| {
        b.to_async(&rt).iter(|| raw(&http, &raw_base, &token))
    });
    g.bench_function("gbg_go_client", |b| {
        b.to_async(&rt).iter(|| through_client(&client))
    });
    // The same without local validation, to show what validating before sending costs.
    let sb_unchecked = start();
    let unchecked = Client::builder()
        .base_url(sb_unchecked.base_url())
        .client_credentials("sandbox-client", "sandbox-secret")
        .local_validation(false)
        .build()
        .unwrap();
    rt.block_on(through_client(&unchecked));
    g.bench_function("gbg_go_client_no_local_validation", |b| {
        b.to_async(&rt).iter(|| through_client(&unchecked))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
