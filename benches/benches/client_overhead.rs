//! The gbg-go client's overhead over raw reqwest for the same v2 interaction loop
//! against the sandbox (loopback HTTP): start a journey with prefill (which completes
//! the identity interaction), fetch the current interaction, submit the consent with
//! its participants (the client works them out from the collects), fetch again (the
//! journey has ended), and read the decision from the state. Both sides use the
//! customer token, warm. Goal: client / raw ≤ 1.10.
//!
//! `capture_flow`: GO's capture flow as GBG's sample backends run it on the
//! `verification` journey: details, the front, the back alone as an asset upload, the
//! selfie, each in its own submit after a fetch, then the decision.

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
    // After the end: the journey's status and its decision (DESIGN, *Wire fidelity*).
    assert_eq!(ended["journey"]["status"], "Completed");
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
    assert!(ended.interaction_id.is_none());
    let state = client.fetch_state(&id).await.unwrap();
    assert_eq!(state.decision(), Decision::Positive);
}

fn details() -> Value {
    json!({"identity": {
        "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"building": "Ockham House", "premise": "12",
                           "thoroughfare": "St James's Square", "locality": "London",
                           "postalCode": "SW1Y 4JH", "country": "GBR"}}})
}

fn front() -> Value {
    json!({"documents": [{"type": "Primary", "category": "Driving Licence", "side1Image": "ZnJvbnQ="}]})
}

fn selfie() -> Value {
    json!({"biometrics": [{"selfieImage": "c2VsZmll"}]})
}

async fn raw_capture(http: &reqwest::Client, base: &str, token: &str) {
    let api = format!("{base}/v2/captain");
    let started = post(http, format!("{api}/journey/start"), token, json!({"resourceId": "verification@1", "context": {"config": {"delivery": "api"}, "subject": {}}})).await;
    let id = started["instanceId"].as_str().unwrap().to_owned();
    let fetch = || {
        post(
            http,
            format!("{api}/journey/interaction/fetch"),
            token,
            json!({"instanceId": id}),
        )
    };
    let submit = |interaction: Value, participants: &[&str], subject: Value| {
        let participants: Vec<Value> = participants
            .iter()
            .map(|p| json!({"domainElementId": p}))
            .collect();
        post(
            http,
            format!("{api}/journey/interaction/submit"),
            token,
            json!({"instanceId": id, "interactionId": interaction, "participants": participants, "context": {"subject": subject}}),
        )
    };
    let i = fetch().await;
    submit(i["interactionId"].clone(), &["FullName", "DateOfBirth", "CurrentAddress"], details()).await;
    let i = fetch().await;
    submit(i["interactionId"].clone(), &["PrimaryDocument"], front()).await;
    let i = fetch().await;
    assert_eq!(i["instructions"][0], "Side2Required");
    let upload: Value = http
        .post(format!("{api}/journey/interaction/asset/upload"))
        .bearer_auth(token)
        .header("X-Instance-Id", &id)
        .header("X-Interaction-Id", i["interactionId"].as_str().unwrap())
        .header("X-Domain-Element-Id", "PrimaryDocument/side2Image")
        .body(&b"back"[..])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let back = json!({"documents": [{"type": "Primary", "side2Image": upload["gofsKey"]}]});
    submit(i["interactionId"].clone(), &["PrimaryDocument"], back).await;
    let i = fetch().await;
    submit(i["interactionId"].clone(), &["Selfie"], selfie()).await;
    let state = post(
        http,
        format!("{api}/journey/state/fetch"),
        token,
        json!({"instanceId": id}),
    )
    .await;
    assert_eq!(state["result"]["outcomeClassification"], "positive");
}

async fn client_capture(client: &Client) {
    let doc = |subject: Value| gbg_go::Unvalidated(json!({"context": {"subject": subject}}));
    let id = client
        .start_journey(&ResourceId::pinned("verification", "1"), &doc(json!({})))
        .await
        .unwrap()
        .instance_id;
    let i = client.fetch_interaction(&id).await.unwrap();
    client.submit_interaction(&i, &doc(details())).await.unwrap();
    let i = client.fetch_interaction(&id).await.unwrap();
    client.submit_interaction(&i, &doc(front())).await.unwrap();
    let i = client.fetch_interaction(&id).await.unwrap();
    let interaction = i.interaction_id.clone().unwrap();
    let upload = client
        .upload_asset(&id, &interaction, "PrimaryDocument/side2Image", &b"back"[..])
        .await
        .unwrap();
    let back = json!({"documents": [{"type": "Primary", "side2Image": upload.gofs_key}]});
    client.submit_interaction(&i, &doc(back)).await.unwrap();
    let i = client.fetch_interaction(&id).await.unwrap();
    client.submit_interaction(&i, &doc(selfie())).await.unwrap();
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
    rt.block_on(client_capture(&client));
    rt.block_on(raw_capture(&http, &raw_base, &token));
    let mut g = c.benchmark_group("capture_flow");
    g.bench_function("raw_reqwest", |b| {
        b.to_async(&rt).iter(|| raw_capture(&http, &raw_base, &token))
    });
    g.bench_function("gbg_go_client", |b| {
        b.to_async(&rt).iter(|| client_capture(&client))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
