//! The hostile-input suite for the sandbox's HTTP surface, over loopback: oversized
//! and malformed bodies, wrong content types, bodies that are not objects, deep
//! nesting, control characters, and unknown instance ids. Every refusal is a 4xx with
//! GBG's error body (`errors[]` with a code) and an `X-Request-ID`, and leaves the
//! state as it was: the counters and the instance's state are compared before and
//! after.

mod common;

use gbg_go_sandbox::{Config, Sandbox};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const V1: &str = "/captain/api";

struct Case {
    name: &'static str,
    /// Whether the call takes the instance's end-user token (v1 task calls).
    end_user: bool,
    path: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    /// The expected status.
    status: u16,
}

async fn post(http: &Client, url: String, token: &str, body: Value) -> (StatusCode, Value) {
    let r = http
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn hostile_requests_get_gbg_errors_and_change_nothing() {
    let sb = Sandbox::start(Config::default().seed(3))
        .await
        .expect("sandbox");
    let base = sb.base_url().to_owned();
    let http = Client::new();
    let token = common::customer_token(&http, &base).await;
    // One instance, with its state recorded before the hostile requests.
    let (s, v) = post(
        &http,
        format!("{base}{V1}/journey/start"),
        &token,
        json!({"resourceId": "onboarding@1", "context": {"subject": {}}}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let instance = v["instanceId"].as_str().expect("instanceId").to_owned();
    let state = |http: Client, base: String, token: String, instance: String| async move {
        post(
            &http,
            format!("{base}{V1}/journey/state/fetch"),
            &token,
            json!({"instanceId": instance}),
        )
        .await
    };
    // The instance's end-user session (device start, then connect).
    let (s, v) = post(
        &http,
        format!("{base}{V1}/journey/device/start"),
        &token,
        json!({"instanceId": instance, "scope": ["any"]}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let secret = v["connectToken"].as_str().expect("connectToken").to_owned();
    let (s, v) = post(
        &http,
        format!("{base}{V1}/journey/device/connect"),
        &secret,
        json!({"connectToken": secret, "deviceInfo": {"deviceId": "device-0123456789ab"}}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let end_user = v["endUserToken"].as_str().expect("endUserToken").to_owned();
    let (s, list) = post(
        &http,
        format!("{base}{V1}/journey/task/list"),
        &end_user,
        json!({"instanceId": instance}),
    )
    .await;
    assert_eq!(s, 200, "{list}");
    let task = list["tasks"][0]["taskId"]
        .as_str()
        .expect("a task")
        .to_owned();
    let (_, before) = state(http.clone(), base.clone(), token.clone(), instance.clone()).await;
    let counters_before = sb.counters();

    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let update = |data: &str| {
        format!(
            r#"{{"instanceId": "{instance}", "taskId": "{task}", "intent": "Complete", "context": {{"subject": {data}}}}}"#
        )
    };
    let cases = vec![
        Case { end_user: false, name: "oversized", path: format!("{V1}/journey/start"), content_type: Some("application/json"), body: format!("{{\"resourceId\": \"onboarding@1\", \"pad\": \"{}\"}}", "x".repeat(21 << 20)).into_bytes(), status: 413 },
        Case { end_user: false, name: "malformed", path: format!("{V1}/journey/start"), content_type: Some("application/json"), body: b"{\"resourceId\": ".to_vec(), status: 400 },
        Case { end_user: false, name: "empty", path: format!("{V1}/journey/start"), content_type: Some("application/json"), body: Vec::new(), status: 400 },
        Case { end_user: false, name: "not an object", path: format!("{V1}/journey/start"), content_type: Some("application/json"), body: b"[1, 2]".to_vec(), status: 400 },
        Case { end_user: false, name: "non-UTF-8", path: format!("{V1}/journey/start"), content_type: Some("application/json"), body: b"{\"resourceId\": \"\xff\"}".to_vec(), status: 400 },
        Case { end_user: false, name: "nested 10,000 deep", path: format!("{V1}/journey/start"), content_type: Some("application/json"), body: format!("{{\"resourceId\": \"onboarding@1\", \"context\": {deep}}}").into_bytes(), status: 400 },
        Case { end_user: false, name: "form content type", path: format!("{V1}/journey/start"), content_type: Some("application/x-www-form-urlencoded"), body: b"resourceId=onboarding%401".to_vec(), status: 400 },
        Case { end_user: false, name: "text content type", path: format!("{V1}/journey/start"), content_type: Some("text/plain"), body: b"onboarding@1".to_vec(), status: 400 },
        Case { end_user: false, name: "unknown instance (state)", path: format!("{V1}/journey/state/fetch"), content_type: Some("application/json"), body: br#"{"instanceId": "no-such-instance-0000"}"#.to_vec(), status: 404 },
        Case { end_user: false, name: "unknown instance (delete)", path: format!("{V1}/journey/state/delete"), content_type: Some("application/json"), body: br#"{"instanceId": "no-such-instance-0000"}"#.to_vec(), status: 404 },
        // v1 task calls take the customer token too (one bearer token for all v1
        // operations): an unknown instance is not found.
        Case { end_user: false, name: "unknown instance (update)", path: format!("{V1}/journey/task/update"), content_type: Some("application/json"), body: br#"{"instanceId": "no-such-instance-0000", "taskId": "identity", "intent": "Save", "data": {}}"#.to_vec(), status: 404 },
        // Data that breaks the task schema: GO's documented 400.
        Case { end_user: true, name: "control characters in a key", path: format!("{V1}/journey/task/update"), content_type: Some("application/json"), body: update(r#"{"identity": {"evil\u001b[31m\n": 1}}"#).into_bytes(), status: 400 },
        Case { end_user: true, name: "duplicate keys", path: format!("{V1}/journey/task/update"), content_type: Some("application/json"), body: update(r#"{"identity": {}, "identity": {}}"#).into_bytes(), status: 400 },
    ];
    for c in &cases {
        let mut req = http
            .post(format!("{base}{}", c.path))
            .bearer_auth(if c.end_user { &end_user } else { &token })
            .body(c.body.clone());
        if let Some(ct) = c.content_type {
            req = req.header("content-type", ct);
        }
        let r = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let status = r.status();
        assert!(
            r.headers().contains_key("x-request-id"),
            "{}: no X-Request-ID",
            c.name
        );
        let text = r.text().await.expect("body");
        let v: Value = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{}: {status} with a non-JSON body: {text}", c.name));
        assert_eq!(status.as_u16(), c.status, "{}: {v}", c.name);
        // v1 paths answer v1's `{status, message, error}`.
        assert_eq!(
            v["status"].as_u64(),
            Some(u64::from(c.status)),
            "{}: {v}",
            c.name
        );
        let name = v["error"].as_str().unwrap_or("");
        assert!(!name.is_empty(), "{}: no GBG error name in {v}", c.name);
        // Problems never carry raw control characters from the request, even once
        // the JSON is decoded.
        let problem = v["message"].as_str().unwrap_or("");
        assert!(
            !problem.chars().any(char::is_control),
            "{}: raw control character in {problem:?}",
            c.name
        );
    }
    let counters_after = sb.counters();
    assert_eq!(
        counters_before.journeys_started,
        counters_after.journeys_started
    );
    assert_eq!(
        counters_before.task_submissions,
        counters_after.task_submissions
    );
    assert_eq!(
        counters_before.task_completions,
        counters_after.task_completions
    );
    assert_eq!(
        counters_before.interaction_submissions,
        counters_after.interaction_submissions
    );
    let (_, after) = state(http.clone(), base.clone(), token.clone(), instance.clone()).await;
    assert_eq!(before, after, "the instance's state changed");
}
