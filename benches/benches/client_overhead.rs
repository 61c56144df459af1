//! The gbg-go client's overhead over raw reqwest for the same v2 interaction loop
//! against the sandbox (loopback HTTP): start a journey with prefill (which completes
//! the identity interaction), fetch the current interaction, submit the consent with
//! its participants (the client works them out from the collects), fetch again (the
//! journey has ended), and read the decision from the state. Both sides use the
//! customer token, warm. Goal: client / raw ≤ 1.10.

use criterion::{criterion_group, criterion_main, Criterion};
use gbg_go::client::{Client, Decision, ResourceId};
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
    let api = format!("{base}/v2/captain");
    let id = post(http, format!("{api}/journey/start"), token, json!({"resourceId": "onboarding@1", "context": {"config": {"delivery": "api"}, "subject": identity()}})).await;
    let id = id["instanceId"].as_str().unwrap().to_owned();
    let i = post(
        http,
        format!("{api}/journey/interaction/fetch"),
        token,
        json!({"instanceId": id}),
    )
    .await;
    let interaction = i["interactionId"].as_str().unwrap().to_owned();
    post(http, format!("{api}/journey/interaction/submit"), token, json!({"instanceId": id, "interactionId": interaction, "participants": [{"domainElementId": "Consent"}], "context": {"subject": consent()}})).await;
    let ended = post(
        http,
        format!("{api}/journey/interaction/fetch"),
        token,
        json!({"instanceId": id}),
    )
    .await;
    assert_eq!(ended["status"], "error");
    let state = post(
        http,
        format!("{api}/journey/state/fetch"),
        token,
        json!({"instanceId": id}),
    )
    .await;
    assert_eq!(
        state["context"]["result"]["outcomeClassification"],
        "positive"
    );
}

async fn through_client(client: &Client) {
    let doc = gbg_go::Unvalidated(json!({"context": {"subject": identity()}}));
    let id = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &doc)
        .await
        .unwrap()
        .instance_id;
    let i = client.fetch_interaction(&id).await.unwrap();
    client
        .submit_interaction(
            &i,
            &gbg_go::Unvalidated(json!({"context": {"subject": consent()}})),
        )
        .await
        .unwrap();
    let ended = client.fetch_interaction(&id).await.unwrap();
    assert!(ended.ended.is_some());
    let state = client.fetch_state(&id).await.unwrap();
    assert_eq!(state.decision(), Decision::Positive);
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
    let mut g = c.benchmark_group("v2_interaction_loop");
    g.bench_function("raw_reqwest", |b| {
        b.to_async(&rt).iter(|| raw(&http, &raw_base, &token))
    });
    g.bench_function("gbg_go_client", |b| {
        b.to_async(&rt).iter(|| through_client(&client))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
