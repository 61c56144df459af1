//! Journeys per second through the sandbox at concurrency 50 over loopback, and the
//! latency percentiles per endpoint — with raw reqwest and with the gbg-go client,
//! side by side in one run. Each journey is the v2 interaction loop: start with
//! prefill, fetch the interaction, submit the consent with its participants, fetch
//! again, read the decision.
//!
//! `cargo run --release --example sandbox_load -- [JOURNEYS] [CONCURRENCY]`
//! (defaults 2000 and 50). Not run by CI.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gbg_go::client::{Client, ResourceId};
use gbg_go_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

type Latencies = Arc<Mutex<BTreeMap<&'static str, Vec<Duration>>>>;

async fn timed(lat: &Latencies, name: &'static str, req: reqwest::RequestBuilder) -> Value {
    let t = Instant::now();
    let resp = req.send().await.expect("response");
    assert!(resp.status().is_success(), "{name}: {}", resp.status());
    let v: Value = resp.json().await.expect("json");
    lat.lock()
        .unwrap()
        .entry(name)
        .or_default()
        .push(t.elapsed());
    v
}

fn identity(n: usize) -> Value {
    json!({"identity": {"firstName": format!("Person{n}"), "lastNames": ["Load"], "dateOfBirth": "1990-01-01"}})
}

fn consent(n: usize) -> Value {
    json!({"consent": [{"type": "explicit", "url": format!("https://example.com/terms/{n}")}]})
}

async fn raw_journey(http: &reqwest::Client, base: &str, token: &str, n: usize, lat: &Latencies) {
    let api = format!("{base}/v2/captain");
    let post = |path: &str, body: Value| {
        http.post(format!("{api}{path}"))
            .bearer_auth(token)
            .json(&body)
    };
    let started = timed(
        lat,
        "journey/start",
        post("/journey/start", json!({"resourceId": "onboarding@1", "context": {"config": {"delivery": "api"}, "subject": identity(n)}})),
    )
    .await;
    let id = started["instanceId"].as_str().unwrap().to_owned();
    let i = timed(
        lat,
        "journey/interaction/fetch",
        post("/journey/interaction/fetch", json!({"instanceId": id})),
    )
    .await;
    let interaction = i["interactionId"].as_str().unwrap().to_owned();
    timed(
        lat,
        "journey/interaction/submit",
        post("/journey/interaction/submit", json!({"instanceId": id, "interactionId": interaction, "participants": [{"domainElementId": "Consent"}], "context": {"subject": consent(n)}})),
    )
    .await;
    timed(
        lat,
        "journey/interaction/fetch",
        post("/journey/interaction/fetch", json!({"instanceId": id})),
    )
    .await;
    let state = timed(
        lat,
        "journey/state/fetch",
        post("/journey/state/fetch", json!({"instanceId": id})),
    )
    .await;
    assert_eq!(state["status"], "Completed");
}

async fn client_journey(client: &Client, n: usize) {
    let doc = gbg_go::Unvalidated(json!({"context": {"subject": identity(n)}}));
    let id = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &doc)
        .await
        .unwrap()
        .instance_id;
    let i = client.fetch_interaction(&id).await.unwrap();
    client
        .submit_interaction(
            &i,
            &gbg_go::Unvalidated(json!({"context": {"subject": consent(n)}})),
        )
        .await
        .unwrap();
    client.fetch_interaction(&id).await.unwrap();
    let state = client.fetch_state(&id).await.unwrap();
    assert_eq!(state.decision(), gbg_go::client::Decision::Positive);
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 * p).ceil() as usize)
        .saturating_sub(1)
        .min(v.len() - 1)]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let journeys: usize = args.next().map(|s| s.parse().unwrap()).unwrap_or(2000);
    let concurrency: usize = args.next().map(|s| s.parse().unwrap()).unwrap_or(50);
    let sb = Sandbox::start(Config::default().seed(1)).await.unwrap();
    let base = sb.base_url().to_owned();
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{base}/as/token.oauth2"))
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
    let token = token["access_token"].as_str().unwrap().to_owned();

    // Raw reqwest.
    let lat: Latencies = Default::default();
    let sem = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let t = Instant::now();
    let mut handles = Vec::new();
    for n in 0..journeys {
        let (http, base, token, lat, sem) = (
            http.clone(),
            base.clone(),
            token.clone(),
            lat.clone(),
            sem.clone(),
        );
        handles.push(tokio::spawn(async move {
            let _p = sem.acquire().await.unwrap();
            raw_journey(&http, &base, &token, n, &lat).await;
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let raw_elapsed = t.elapsed();
    println!("raw reqwest: {journeys} journeys at concurrency {concurrency} in {raw_elapsed:.2?} = {:.0} journeys/s", journeys as f64 / raw_elapsed.as_secs_f64());
    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "endpoint (raw)", "p50", "p99", "max"
    );
    for (name, v) in lat.lock().unwrap().iter_mut() {
        let (p50, p99, max) = (pct(v, 0.5), pct(v, 0.99), pct(v, 1.0));
        println!("{name:<28} {p50:>10.2?} {p99:>10.2?} {max:>10.2?}");
    }

    // Through the client, against a sandbox of its own (so neither side runs against
    // a store the other has grown).
    let sb_client = Sandbox::start(Config::default().seed(2)).await.unwrap();
    let client = Client::builder()
        .base_url(sb_client.base_url())
        .client_credentials("sandbox-client", "sandbox-secret")
        .build()
        .unwrap();
    let t = Instant::now();
    let mut handles = Vec::new();
    for n in 0..journeys {
        let (client, sem) = (client.clone(), sem.clone());
        handles.push(tokio::spawn(async move {
            let _p = sem.acquire().await.unwrap();
            client_journey(&client, n).await;
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let client_elapsed = t.elapsed();
    println!("gbg-go client: {journeys} journeys at concurrency {concurrency} in {client_elapsed:.2?} = {:.0} journeys/s", journeys as f64 / client_elapsed.as_secs_f64());
    println!(
        "client / raw throughput: {:.2}",
        raw_elapsed.as_secs_f64() / client_elapsed.as_secs_f64()
    );
    for (side, sb) in [("raw", &sb), ("client", &sb_client)] {
        let c = sb.counters();
        println!(
            "{side} sandbox: started {}, interaction submissions {}, faults {:?}",
            c.journeys_started, c.interaction_submissions, c.faults
        );
    }
}
