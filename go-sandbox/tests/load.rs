//! Load: 200 concurrent journeys from start to completion over loopback, with 0
//! errors, and a final state equal to what was submitted.

mod common;

use gbg_go_sandbox::{Config, Sandbox};
use reqwest::Client;
use serde_json::{json, Value};

const V1: &str = "/captain/api";

async fn post(http: &Client, url: String, token: &str, body: Value) -> Value {
    let r = http
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("response");
    assert!(r.status().is_success(), "status {}", r.status());
    r.json().await.expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_journeys_complete_without_errors() {
    let sb = Sandbox::start(Config::default().seed(1)).await.unwrap();
    let base = sb.base_url().to_owned();
    let http = Client::new();
    let token = common::customer_token(&http, &base).await;
    let mut handles = Vec::new();
    for n in 0..200 {
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        handles.push(tokio::spawn(async move {
            let first = format!("Person{n}");
            let started = post(&http, format!("{base}{V1}/journey/start"), &token, json!({
                "resourceId": "onboarding@2",
                "context": {"subject": {"identity": {"firstName": first, "lastNames": ["Load"], "dateOfBirth": "1990-01-01"}}}
            })).await;
            let id = started["instanceId"].as_str().unwrap().to_owned();
            let secret = post(&http, format!("{base}{V1}/journey/device/start"), &token, json!({"instanceId": id, "scope": ["any"]})).await;
            let secret = secret["connectToken"].as_str().unwrap().to_owned();
            let eu = post(&http, format!("{base}{V1}/journey/device/connect"), &secret, json!({"connectToken": secret, "deviceInfo": {"deviceId": "load-device-000000"}})).await;
            let eu = eu["endUserToken"].as_str().unwrap().to_owned();
            let submitted = json!({
                "consent": [{"type": "explicit", "url": format!("https://example.com/terms/{n}")}],
                "documents": [{"type": "Passport", "number": format!("P{n:07}"), "issuingCountry": "IRL", "expiryDate": "2031-05-31"}]
            });
            loop {
                let list = post(&http, format!("{base}{V1}/journey/task/list"), &eu, json!({"instanceId": id})).await;
                let Some(task) = list["tasks"].as_array().unwrap().first().cloned() else { break };
                post(&http, format!("{base}{V1}/journey/task/update"), &eu, json!({
                    "intent": "Complete", "instanceId": id, "taskId": task["taskId"], "context": {"subject": submitted}
                })).await;
            }
            let state = post(&http, format!("{base}{V1}/journey/state/fetch"), &token, json!({"instanceId": id})).await;
            assert_eq!(state["status"], "Completed");
            let subject = &state["context"]["subject"];
            assert_eq!(subject["identity"]["firstName"], json!(first));
            assert_eq!(subject["consent"], submitted["consent"]);
            assert_eq!(subject["documents"], submitted["documents"]);
        }));
    }
    for h in handles {
        h.await.expect("journey task");
    }
    let c = sb.counters();
    assert_eq!(c.journeys_started, 200);
    assert_eq!(c.prefill_completions, 200);
    assert_eq!(
        c.task_completions.len(),
        400,
        "two submitted tasks per journey"
    );
    assert!(
        c.task_completions.values().all(|n| *n == 1),
        "nothing applied twice"
    );
    assert_eq!(c.duplicate_submissions, 0);
    assert!(c.faults.is_empty());
}
