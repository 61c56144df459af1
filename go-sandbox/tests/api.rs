//! End-to-end tests over loopback HTTP: every endpoint and error path.

use std::time::Duration;

use gbg_go_sandbox::{Config, Fault, Faults, Sandbox};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

struct Env {
    sb: Sandbox,
    http: Client,
}

const V1: &str = "/captain/api";
const V2: &str = "/v2/captain";

impl Env {
    async fn new() -> Env {
        Env::with(Config::default().seed(7)).await
    }
    async fn with(config: Config) -> Env {
        let sb = Sandbox::start(config).await.expect("sandbox starts");
        Env {
            sb,
            http: Client::new(),
        }
    }
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sb.base_url())
    }
    async fn token(&self) -> String {
        let r = self
            .http
            .post(self.url("/as/token.oauth2"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "sandbox-client"),
                ("client_secret", "sandbox-secret"),
                ("scope", "gbg.token"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        v["access_token"].as_str().unwrap().to_owned()
    }
    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        let mut req = self.http.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        assert!(
            r.headers().contains_key("x-request-id"),
            "X-Request-ID on {path}"
        );
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
    async fn start(&self, token: &str, resource: &str, subject: Value) -> String {
        let (s, v) = self
            .post(
                &format!("{V1}/journey/start"),
                Some(token),
                json!({"resourceId": resource, "context": {"subject": subject}}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v["instanceId"].as_str().unwrap().to_owned()
    }
    async fn end_user(&self, token: &str, instance: &str) -> String {
        let (s, v) = self
            .post(
                &format!("{V1}/journey/device/start"),
                Some(token),
                json!({"instanceId": instance, "scope": ["any"]}),
            )
            .await;
        assert_eq!(s, 201, "{v}");
        let secret = v["connectToken"].as_str().unwrap().to_owned();
        let (s, v) = self
            .post(
                &format!("{V1}/journey/device/connect"),
                Some(&secret),
                json!({"connectToken": secret, "deviceInfo": {"deviceId": "device-0123456789ab"}}),
            )
            .await;
        assert_eq!(s, 201, "{v}");
        v["endUserToken"].as_str().unwrap().to_owned()
    }
    /// The sandbox-only view of an instance (`GET /_sandbox/instances/{id}`): task
    /// states and pending reasons, which GO's own state does not carry.
    async fn tasks(&self, instance: &str) -> Vec<Value> {
        self.inside(instance).await["tasks"]
            .as_array()
            .unwrap()
            .clone()
    }
    async fn inside(&self, instance: &str) -> Value {
        let r = self
            .http
            .get(self.url(&format!("/_sandbox/instances/{instance}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }
    async fn state(&self, token: &str, instance: &str) -> Value {
        let (s, v) = self
            .post(
                &format!("{V1}/journey/state/fetch"),
                Some(token),
                json!({"instanceId": instance}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v
    }
}

fn identity() -> Value {
    json!({"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}})
}

fn consent() -> Value {
    json!({"consent": [{"type": "explicit", "url": "https://example.com/terms/2.1", "effectiveDate": "2026-01-01"}]})
}

fn document() -> Value {
    json!({"documents": [{"type": "Passport", "number": "AB12345", "issuingCountry": "IRL", "expiryDate": "2031-05-31"}]})
}

/// The GBG code of an error body: v2's `code`; for v1's `{status, message, error}`,
/// the documented code its `error` name stands for, else the name itself.
/// The problem text of an error body: v2's first `problem`, or v1's `message`.
fn problem(v: &Value) -> &str {
    v["errors"][0]["problem"]
        .as_str()
        .or_else(|| v["message"].as_str())
        .unwrap_or("")
}

fn error_code(v: &Value) -> String {
    gbg_go_wire::error::parse_error_body(v.to_string().as_bytes())
        .and_then(|e| e.into_iter().next())
        .map(|e| if e.code.is_empty() { e.name } else { e.code })
        .unwrap_or_default()
}

#[tokio::test]
async fn health_answers_under_both_prefixes_without_auth() {
    let env = Env::new().await;
    for prefix in [V1, V2] {
        let r = env
            .http
            .get(env.url(&format!("{prefix}/journey/health")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers().contains_key("x-request-id"));
        assert_eq!(r.json::<Value>().await.unwrap(), json!({"message": "OK"}));
    }
}

#[tokio::test]
async fn token_endpoint_grants_and_refuses() {
    let env = Env::new().await;
    for path in [
        "/as/token.oauth2",
        "/auth/realms/go/protocol/openid-connect/token",
    ] {
        let r = env
            .http
            .post(env.url(path))
            .form(&[
                ("grant_type", "password"),
                ("client_id", "sandbox-client"),
                ("client_secret", "sandbox-secret"),
                ("username", "sandbox-user"),
                ("password", "sandbox-password"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["token_type"], "Bearer");
        assert_eq!(v["expires_in"], 3600);
    }
    let bad = env
        .http
        .post(env.url("/as/token.oauth2"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", "sandbox-client"),
            ("client_secret", "sandbox-secret"),
            ("username", "sandbox-user"),
            ("password", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    let body = bad.text().await.unwrap();
    assert!(
        !body.contains("wrong"),
        "the refused password is not echoed"
    );
    let unsupported = env
        .http
        .post(env.url("/as/token.oauth2"))
        .form(&[("grant_type", "implicit")])
        .send()
        .await
        .unwrap();
    assert_eq!(unsupported.status(), 400);
    // The token endpoint is at the host root only.
    let (s, _) = env
        .post(&format!("{V2}/as/token.oauth2"), None, json!({}))
        .await;
    assert_eq!(s, 404);
    assert_eq!(env.sb.counters().token_grants, 2);
}

#[tokio::test]
async fn v1_task_flow_with_prefill_to_completion() {
    let env = Env::new().await;
    let token = env.token().await;
    // Prefill satisfies the identity task; the consent task stays Assigned.
    let id = env.start(&token, "onboarding@1", identity()).await;
    let state = env.state(&token, &id).await;
    assert_eq!(state["status"], "InProgress");
    let tasks = env.tasks(&id).await;
    assert_eq!(tasks[0]["state"], "Completed");
    assert_eq!(tasks[0]["completedBy"], "prefill");
    assert_eq!(tasks[1]["state"], "Assigned");
    assert_eq!(state["metaData"]["completedTime"], "");

    let eu = env.end_user(&token, &id).await;
    let (s, list) = env
        .post(
            &format!("{V1}/journey/task/list"),
            Some(&eu),
            json!({"instanceId": id}),
        )
        .await;
    assert_eq!(s, 200);
    let listed = list["tasks"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "completed tasks are not listed");
    let task = listed[0]["taskId"].as_str().unwrap().to_owned();
    assert_eq!(task, tasks[1]["taskId"].as_str().unwrap());

    let (s, schema) = env
        .post(
            &format!("{V1}/journey/task/schema"),
            Some(&token),
            json!({"taskId": task}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(schema["title"], "Consent");

    let (s, both) = env
        .post(
            &format!("{V1}/journey/task/list/schema"),
            Some(&token),
            json!({"instanceId": id}),
        )
        .await;
    assert_eq!(s, 200);
    let r = both["tasks"][0]["schema"]["$ref"].as_str().unwrap();
    let key = r.trim_start_matches("#/schemas/");
    assert_eq!(both["schemas"][key], schema);

    // Save: stored, In Progress.
    let update = |intent: &str, subject: Value| json!({"intent": intent, "instanceId": id, "taskId": task, "context": {"subject": subject}});
    let (s, _) = env
        .post(
            &format!("{V1}/journey/task/update"),
            Some(&eu),
            update("Save", json!({"consent": []})),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(env.tasks(&id).await[1]["state"], "InProgress");

    // Validate: diagnostics, nothing stored.
    let wrong = json!({"consent": [{"type": "sometimes", "url": "https://example.com/t"}]});
    let (s, v) = env
        .post(
            &format!("{V1}/journey/task/update"),
            Some(&eu),
            update("Validate", wrong.clone()),
        )
        .await;
    // Data that breaks the task schema: 400 with 4003, in v1's body shape.
    assert_eq!(s, 400);
    assert_eq!(error_code(&v), "4003");
    assert_eq!(
        (v["status"].as_u64(), v["error"].as_str()),
        (Some(400), Some("INVALID_FIELD"))
    );
    let problem = v["message"].as_str().unwrap();
    assert!(
        problem.contains("/context/subject/consent/0/type"),
        "{problem}"
    );
    assert!(!v.to_string().contains("sometimes"), "no values in errors");

    // Complete with invalid data: refused, data kept as it was.
    let (s, v) = env
        .post(
            &format!("{V1}/journey/task/update"),
            Some(&eu),
            update("Complete", wrong),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(v["error"], "INVALID_FIELD");
    let state = env.state(&token, &id).await;
    assert_eq!(env.tasks(&id).await[1]["state"], "InProgress");
    assert!(state["context"]["subject"].get("consent").is_none());

    // Complete with valid data: the journey completes.
    let (s, v) = env
        .post(
            &format!("{V1}/journey/task/update"),
            Some(&eu),
            update("Complete", consent()),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v, json!({"instanceId": id, "taskId": task}));
    let state = env.state(&token, &id).await;
    assert_eq!(state["status"], "Completed");
    assert_ne!(state["metaData"]["completedTime"], "");
    assert_eq!(state["context"]["subject"]["identity"]["firstName"], "Ada");
    assert_eq!(
        state["context"]["subject"]["consent"][0]["type"],
        "explicit"
    );

    // A finished journey refuses updates.
    let (s, v) = env
        .post(
            &format!("{V1}/journey/task/update"),
            Some(&eu),
            update("Complete", consent()),
        )
        .await;
    assert_eq!(s, 409);
    assert_eq!(error_code(&v), "4009");
    let c = env.sb.counters();
    assert_eq!(c.journeys_started, 1);
    assert_eq!(c.prefill_completions, 1);
    assert_eq!(c.task_completions.get(&task), Some(&1));
    assert_eq!(c.task_submissions.get(&task), Some(&2), "Save + Complete");

    // Delete.
    let (s, v) = env
        .post(
            &format!("{V1}/journey/state/delete"),
            Some(&token),
            json!({"instanceId": id}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(v["status"], "deleted");
    let (s, _) = env
        .post(
            &format!("{V1}/journey/state/fetch"),
            Some(&token),
            json!({"instanceId": id}),
        )
        .await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn invalid_prefill_leaves_tasks_pending_with_reasons() {
    let env = Env::new().await;
    let token = env.token().await;
    let id = env
        .start(
            &token,
            "onboarding@latest",
            json!({"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "10/12/1815"}}),
        )
        .await;
    let state = env.state(&token, &id).await;
    let tasks = env.tasks(&id).await;
    assert_eq!(tasks.len(), 3, "latest is version 2 with three tasks");
    assert_eq!(tasks[0]["state"], "Assigned");
    let reasons = tasks[0]["pendingReasons"].as_array().unwrap();
    assert!(reasons
        .iter()
        .any(|r| r["pointer"] == "/context/subject/identity/dateOfBirth"
            && r["keyword"] == "pattern"));
    assert!(!json!(tasks).to_string().contains("10/12/1815"));
    assert!(
        state["metaData"].get("tasks").is_none(),
        "no invented fields in GO's state"
    );
    // Without prefill there are no reasons and nothing is auto-completed.
    let id = env.start(&token, "onboarding", json!({})).await;
    for t in env.tasks(&id).await {
        assert_eq!(t["state"], "Assigned");
        assert!(t.get("pendingReasons").is_none());
    }
}

#[tokio::test]
async fn a_fully_satisfying_prefill_completes_the_journey_at_start() {
    let env = Env::new().await;
    let token = env.token().await;
    let mut subject = identity();
    subject["consent"] = consent()["consent"].clone();
    let id = env.start(&token, "onboarding@1", subject).await;
    let state = env.state(&token, &id).await;
    assert_eq!(state["status"], "Completed");
}

#[tokio::test]
async fn start_errors() {
    let env = Env::new().await;
    let token = env.token().await;
    let start = |prefix: &str| format!("{prefix}/journey/start");
    let (s, v) = env
        .post(&start(V1), Some(&token), json!({"context": {}}))
        .await;
    assert_eq!((s.as_u16(), error_code(&v).as_str()), (400, "4002"));
    let (s, v) = env
        .post(
            &start(V1),
            Some(&token),
            json!({"resourceId": "nope@latest"}),
        )
        .await;
    assert_eq!(s, 404);
    // v1 errors have v1's shape; the name of a sandbox-chosen error is GBG-style.
    assert_eq!(
        (v["status"].as_u64(), v["error"].as_str()),
        (Some(404), Some("NOT_FOUND"))
    );
    let (s, _) = env
        .post(
            &start(V1),
            Some(&token),
            json!({"resourceId": "onboarding@9"}),
        )
        .await;
    assert_eq!(s, 404, "unknown version");
    let (s, v) = env
        .post(
            &start(V2),
            Some(&token),
            json!({"resourceId": "onboarding@latest", "context": {"subject": {}}}),
        )
        .await;
    assert_eq!(
        (s.as_u16(), error_code(&v).as_str()),
        (400, "4002"),
        "v2 requires context.config"
    );
    assert!(v["errors"][0]["problem"]
        .as_str()
        .unwrap()
        .contains("context.config"));
    let (s, v) = env
        .post(
            &start(V2),
            Some(&token),
            json!({"resourceId": "onboarding@1", "context": {"config": {"delivery": "page"}, "subject": {}}}),
        )
        .await;
    assert_eq!(s, 201);
    assert_eq!(v["status"], "started");
    let id = v["instanceId"].as_str().unwrap();
    assert_eq!(v["instanceUrl"], format!("/journey/{id}"));
    assert!((16..=64).contains(&id.len()));
    let (s, v) = env
        .post(
            &start(V2),
            Some(&token),
            json!({"resourceId": "onboarding@1", "context": {"config": {"delivery": "api"}}}),
        )
        .await;
    assert_eq!(s, 201);
    assert!(v.get("instanceUrl").is_none(), "no URL for delivery api");
    // Malformed bodies.
    let r = env
        .http
        .post(env.url(&start(V1)))
        .bearer_auth(&token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(error_code(&v), "MALFORMED_REQUEST");
    let (s, _) = env
        .post(
            &start(V1),
            Some(&token),
            json!({"resourceId": "onboarding", "context": {"subject": []}}),
        )
        .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn methods_other_than_post_get_405_with_gbg_body() {
    let env = Env::new().await;
    let r = env
        .http
        .get(env.url(&format!("{V1}/journey/start")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert!(r.headers().contains_key("x-request-id"));
    let v: Value = r.json().await.unwrap();
    assert_eq!(error_code(&v), "METHOD_NOT_ALLOWED");
    let r = env
        .http
        .get(env.url(&format!("{V2}/journey/start")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let v: Value = r.json().await.unwrap();
    assert_eq!(error_code(&v), "4050", "sandbox-chosen, <status>0");
    let r = env
        .http
        .put(env.url("/as/token.oauth2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let r = env.http.get(env.url("/nowhere")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["errors"][0]["location"], "Path");
}

#[tokio::test]
async fn tokens_are_checked_per_call_and_kind() {
    let env = Env::new().await;
    let token = env.token().await;
    let id = env.start(&token, "onboarding@1", json!({})).await;
    let other = env.start(&token, "onboarding@1", json!({})).await;
    let eu = env.end_user(&token, &id).await;
    let start = format!("{V1}/journey/start");
    let list = format!("{V1}/journey/task/list");
    // No token, unknown token.
    let (s, v) = env
        .post(&start, None, json!({"resourceId": "onboarding"}))
        .await;
    assert_eq!((s.as_u16(), error_code(&v).as_str()), (401, "UNAUTHORIZED"));
    let (s, _) = env
        .post(&start, Some("forged"), json!({"resourceId": "onboarding"}))
        .await;
    assert_eq!(s, 401);
    // End-user token where a customer token is needed, and the reverse.
    let (s, _) = env
        .post(&start, Some(&eu), json!({"resourceId": "onboarding"}))
        .await;
    assert_eq!(s, 401);
    // GBG's migration guide: one bearer token for all v1 operations, so the
    // customer token works on the task calls too.
    let (s, _) = env
        .post(&list, Some(&token), json!({"instanceId": id}))
        .await;
    assert_eq!(s, 200);
    // End-user token for another instance.
    let (s, v) = env
        .post(&list, Some(&eu), json!({"instanceId": other}))
        .await;
    assert_eq!((s.as_u16(), error_code(&v).as_str()), (403, "FORBIDDEN"));
    // Interactions take the end-user token or the customer token.
    for t in [&eu, &token] {
        let (s, _) = env
            .post(
                &format!("{V2}/journey/interaction/fetch"),
                Some(t),
                json!({"instanceId": id}),
            )
            .await;
        assert_eq!(s, 200);
    }
    // Expiry through the sandbox clock.
    env.sb.advance_clock(Duration::from_secs(3601));
    let (s, v) = env
        .post(
            &format!("{V1}/journey/state/fetch"),
            Some(&token),
            json!({"instanceId": id}),
        )
        .await;
    assert_eq!(s, 401);
    assert!(problem(&v).contains("expired"));
    let (s, _) = env.post(&list, Some(&eu), json!({"instanceId": id})).await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn connect_secret_is_single_use_and_expires_after_120_s() {
    let env = Env::new().await;
    let token = env.token().await;
    let id = env.start(&token, "onboarding@1", json!({})).await;
    let device_start = || async {
        let (s, v) = env
            .post(
                &format!("{V1}/journey/device/start"),
                Some(&token),
                json!({"instanceId": id, "scope": ["mobile"]}),
            )
            .await;
        assert_eq!(s, 201);
        assert_eq!(v["tokenType"], "connect");
        assert_eq!(v["expiresIn"], 120);
        v["connectToken"].as_str().unwrap().to_owned()
    };
    let connect = |secret: String| {
        let env = &env;
        async move {
            env.post(
                &format!("{V1}/journey/device/connect"),
                Some(&secret),
                json!({"connectToken": secret, "deviceInfo": {"deviceId": "device-0123456789ab"}}),
            )
            .await
        }
    };
    let secret = device_start().await;
    let (s, v) = connect(secret.clone()).await;
    assert_eq!(s, 201);
    assert_eq!(v["tokenType"], "end-user");
    assert_eq!(v["instanceId"], id.as_str());
    assert_eq!(v["endUserToken"].as_str().unwrap().split('.').count(), 3);
    let credential = v["resumeCredential"].as_str().unwrap().to_owned();
    let (s, v) = connect(secret).await;
    assert_eq!(s, 401, "used once");
    assert!(problem(&v).contains("already used"));
    let secret = device_start().await;
    env.sb.advance_clock(Duration::from_secs(119));
    let fresh = device_start().await;
    env.sb.advance_clock(Duration::from_secs(2));
    let (s, v) = connect(secret).await;
    assert_eq!(s, 401);
    assert!(problem(&v).contains("expired"));
    let (s, _) = connect(fresh).await;
    assert_eq!(s, 201, "a secret issued 2 s ago still works");
    // A refresh renews the device session without a new secret.
    let (s, v) = env
        .post(
            &format!("{V2}/journey/device/refresh"),
            None,
            json!({"resumeCredential": credential}),
        )
        .await;
    assert_eq!(s, 201);
    let renewed = v["endUserToken"].as_str().unwrap().to_owned();
    let (s, _) = env
        .post(
            &format!("{V1}/journey/task/list"),
            Some(&renewed),
            json!({"instanceId": id}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = env
        .post(
            &format!("{V2}/journey/device/refresh"),
            None,
            json!({"resumeCredential": "nope"}),
        )
        .await;
    assert_eq!(s, 401);
    let (s, _) = env
        .post(
            &format!("{V1}/journey/device/start"),
            Some(&token),
            json!({"instanceId": "missing-instance-id"}),
        )
        .await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn v2_interaction_loop() {
    let env = Env::new().await;
    let token = env.token().await;
    let (s, v) = env
        .post(
            &format!("{V2}/journey/start"),
            Some(&token),
            json!({"resourceId": "onboarding@2", "context": {"config": {"delivery": "api"}, "subject": {}}}),
        )
        .await;
    assert_eq!(s, 201);
    let id = v["instanceId"].as_str().unwrap().to_owned();
    let fetch = || async {
        let (s, v) = env
            .post(
                &format!("{V2}/journey/interaction/fetch"),
                Some(&token),
                json!({"instanceId": id}),
            )
            .await;
        assert_eq!(s, 200);
        v
    };
    let submit = |interaction: Value, participants: Value, subject: Value| {
        let env = &env;
        let token = &token;
        let id = id.clone();
        async move {
            env.post(
                &format!("{V2}/journey/interaction/submit"),
                Some(token),
                json!({"instanceId": id, "interactionId": interaction, "participants": participants, "context": {"subject": subject}}),
            )
            .await
        }
    };
    // The participants DESIGN's rule gives for a subject and the current collects.
    let participants_for = |f: &Value, subject: &Value| -> Value {
        let collects: Vec<gbg_go_wire::interaction::Collect> =
            serde_json::from_value(f["interaction"]["collects"].clone()).unwrap();
        json!(gbg_go_wire::catalogue::participants(&collects, subject))
    };
    let refs = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_owned())
            .collect()
    };
    let f = fetch().await;
    assert_eq!(f["journey"]["status"], "InProgress");
    assert_eq!(
        f["interactionId"],
        "grn:::gbg:design:interaction:identity@2"
    );
    // Catalogue ids, not subject property names.
    let collects: Vec<(String, String)> = f["interaction"]["collects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["ref"].as_str().unwrap().into(),
                c["spec"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        collects.contains(&("FullName".into(), "required".into())),
        "{collects:?}"
    );
    assert!(
        collects.contains(&("DateOfBirth".into(), "required".into())),
        "{collects:?}"
    );
    assert!(
        collects.iter().any(|(r, _)| r == "CurrentAddress"),
        "{collects:?}"
    );
    let outstanding = refs(&f["outstanding"]);
    assert!(
        outstanding.contains(&"FullName".to_owned()),
        "{outstanding:?}"
    );
    assert!(
        outstanding.contains(&"DateOfBirth".to_owned()),
        "{outstanding:?}"
    );
    // A partial submission naming its element: the element's missing leaf stays.
    let (s, v) = submit(
        f["interactionId"].clone(),
        json!([{"domainElementId": "FullName"}]),
        json!({"identity": {"firstName": "Ada"}}),
    )
    .await;
    assert_eq!((s.as_u16(), &v), (200, &json!({"status": "success"})));
    let f = fetch().await;
    let outstanding = refs(&f["outstanding"]);
    assert!(
        outstanding.contains(&"FullName/lastNames".to_owned()),
        "{outstanding:?}"
    );
    assert!(
        !outstanding.contains(&"FullName".to_owned()),
        "{outstanding:?}"
    );
    assert!(
        outstanding.contains(&"DateOfBirth".to_owned()),
        "{outstanding:?}"
    );
    // Present but invalid: 400 4003, naming the pointer, never the value.
    let (s, v) = submit(
        f["interactionId"].clone(),
        json!([{"domainElementId": "DateOfBirth"}]),
        json!({"identity": {"dateOfBirth": "1815"}}),
    )
    .await;
    assert_eq!((s.as_u16(), error_code(&v).as_str()), (400, "4003"));
    assert!(problem(&v).contains("/context/subject/identity/dateOfBirth"));
    // A stale interaction id is refused.
    let (s, _) = submit(
        json!("grn:::gbg:design:interaction:other@2"),
        json!([]),
        identity(),
    )
    .await;
    assert_eq!(s, 400);
    // Data without participants: GO answers success and collects nothing.
    let (s, _) = submit(f["interactionId"].clone(), json!([]), identity()).await;
    assert_eq!(s, 200);
    let f = fetch().await;
    assert_eq!(
        f["interactionId"], "grn:::gbg:design:interaction:identity@2",
        "still the identity interaction"
    );
    assert!(refs(&f["outstanding"]).contains(&"DateOfBirth".to_owned()));
    // With DESIGN's participants each interaction completes.
    for subject in [identity(), consent(), document()] {
        let f = fetch().await;
        let participants = participants_for(&f, &subject);
        assert!(!participants.as_array().unwrap().is_empty(), "{f}");
        let (s, v) = submit(f["interactionId"].clone(), participants, subject).await;
        assert_eq!(s, 200, "{v}");
    }
    let f = fetch().await;
    // Once the journey has ended (DESIGN, *Wire fidelity*; GBG's newest description):
    // the journey's status, the full view's result, nothing outstanding, and the last
    // interaction served with its id (GBG's older SDK requires both).
    assert_eq!(f["journey"]["status"], "Completed", "{f}");
    assert_eq!(f["result"]["status"], "complete", "{f}");
    assert_eq!(f["outstanding"], json!([]), "{f}");
    assert_eq!(
        f["interactionId"], "grn:::gbg:design:interaction:document@2",
        "{f}"
    );
    assert!(f["interaction"]["collects"].is_array(), "{f}");
    let (s, v) = submit(
        json!("grn:::gbg:design:interaction:document@2"),
        json!([]),
        json!({}),
    )
    .await;
    assert_eq!((s.as_u16(), error_code(&v).as_str()), (409, "4009"));
    let state = env
        .post(
            &format!("{V2}/journey/state/fetch"),
            Some(&token),
            json!({"instanceId": id}),
        )
        .await
        .1;
    assert_eq!(state["status"], "Completed");
    // v2 speaks the newest vocabulary, in both places (API-NOTES §3.6, §6.1).
    assert_eq!(state["context"]["result"]["status"], "complete");
    assert_eq!(state["result"], state["context"]["result"]);
}

#[tokio::test]
async fn injected_faults_reject_before_processing() {
    let env = Env::new().await;
    let token = env.token().await;
    env.sb.script(
        "journey/start",
        vec![
            Fault::TooMany,
            Fault::Unavailable,
            Fault::Internal,
            Fault::Ok,
        ],
    );
    let body = json!({"resourceId": "onboarding@1"});
    let path = format!("{V1}/journey/start");
    let r = env
        .http
        .post(env.url(&path))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "1");
    let r = env
        .http
        .post(env.url(&path))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    let (s, v) = env.post(&path, Some(&token), body.clone()).await;
    assert_eq!(
        (s.as_u16(), error_code(&v).as_str()),
        (500, "INTERNAL_ERROR")
    );
    let (s, _) = env.post(&path, Some(&token), body.clone()).await;
    assert_eq!(s, 200);
    let c = env.sb.counters();
    assert_eq!(
        c.journeys_started, 1,
        "rejected requests were not processed"
    );
    assert_eq!(c.requests["journey/start"], 4);
    assert_eq!(c.faults["429"], 1);
    assert_eq!(c.faults["503"], 1);
    assert_eq!(c.faults["500"], 1);
    env.sb.reset_counters();
    assert_eq!(env.sb.counters(), Default::default());
}

#[tokio::test]
async fn dropped_connections_before_and_after_processing() {
    let env = Env::new().await;
    let token = env.token().await;
    env.sb
        .script("journey/start", vec![Fault::Drop, Fault::DropAfter]);
    let path = format!("{V1}/journey/start");
    let body = json!({"resourceId": "onboarding@1"});
    let r = env
        .http
        .post(env.url(&path))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await;
    assert!(r.is_err(), "no response at all");
    assert_eq!(env.sb.counters().journeys_started, 0);
    let r = env
        .http
        .post(env.url(&path))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await;
    assert!(r.is_err(), "no response at all");
    assert_eq!(
        env.sb.counters().journeys_started,
        1,
        "drop-after commits first"
    );
    // The sandbox keeps serving.
    let (s, _) = env.post(&path, Some(&token), body).await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn probabilistic_faults_are_deterministic_under_a_seed() {
    async fn outcomes(seed: u64) -> Vec<u16> {
        let mut faults = Faults::default();
        faults.add_flag("journey/health:429=0.5").unwrap();
        faults.add_flag("reads:503=0.3").unwrap();
        faults.add_flag("reads:500=0.2").unwrap();
        let env = Env::with(Config::default().seed(seed).faults(faults)).await;
        let token = env.token().await;
        let mut out = Vec::new();
        for _ in 0..40 {
            let (s, _) = env
                .post(
                    &format!("{V1}/journey/state/fetch"),
                    Some(&token),
                    json!({"instanceId": "does-not-exist-0000"}),
                )
                .await;
            out.push(s.as_u16());
        }
        out
    }
    let a = outcomes(42).await;
    assert_eq!(a, outcomes(42).await);
    assert!(
        a.contains(&503) && a.contains(&500) && a.contains(&404),
        "{a:?}"
    );
    assert_ne!(a, outcomes(43).await);
}

#[tokio::test]
async fn control_routes_over_http() {
    let env = Env::new().await;
    let r = env
        .http
        .get(env.url("/_sandbox/journeys"))
        .send()
        .await
        .unwrap();
    let list: Value = r.json().await.unwrap();
    let onboarding = list
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["resourceId"] == "onboarding")
        .unwrap();
    assert_eq!(onboarding["latest"], "2");
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|j| j["resourceId"] == "kyc"));
    // Faults at run time.
    let r = env
        .http
        .post(env.url("/_sandbox/faults/script"))
        .json(&json!({"route": "token", "steps": "503,ok"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = env
        .http
        .post(env.url("/as/token.oauth2"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "sandbox-client"),
            ("client_secret", "sandbox-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    let token = env.token().await;
    let r = env
        .http
        .put(env.url("/_sandbox/faults"))
        .json(&json!({"routes": {"*": {"rate429": 1.0, "retryAfter": 3}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (s, _) = env
        .post(&format!("{V1}/journey/start"), Some(&token), json!({}))
        .await;
    assert_eq!(s, 429);
    env.http
        .delete(env.url("/_sandbox/faults"))
        .send()
        .await
        .unwrap();
    let (s, _) = env
        .post(
            &format!("{V1}/journey/start"),
            Some(&token),
            json!({"resourceId": "kyc"}),
        )
        .await;
    assert_eq!(s, 200);
    // Clock.
    let r = env
        .http
        .post(env.url("/_sandbox/clock"))
        .json(&json!({"now": "2030-01-01T00:00:00Z"}))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert!(v["now"].as_str().unwrap().starts_with("2030-01-01T00:00:0"));
    let (s, _) = env
        .post(
            &format!("{V1}/journey/start"),
            Some(&token),
            json!({"resourceId": "kyc"}),
        )
        .await;
    assert_eq!(s, 401, "moving the clock four years on expires the token");
    // Counters.
    let r = env
        .http
        .get(env.url("/_sandbox/counters"))
        .send()
        .await
        .unwrap();
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["tokenGrants"], 1);
    assert_eq!(c["journeysStarted"], 1);
}

#[tokio::test]
async fn publishing_versions_and_immutability() {
    let env = Env::new().await;
    let schema = json!({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
        "properties": {"context": {"type": "object", "properties": {"subject": {"type": "object",
        "properties": {"uid": {"type": "string"}}, "required": ["uid"]}}, "required": ["subject"]}},
        "required": ["context"]});
    let def = json!({"resourceId": "simple", "versions": [{"version": "a1", "tasks": [{"name": "uid", "schema": schema}]}]});
    let r = env
        .http
        .post(env.url("/_sandbox/journeys"))
        .json(&def)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // Same content again: fine. Changed content for a published version: 409.
    let r = env
        .http
        .post(env.url("/_sandbox/journeys"))
        .json(&def)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let mut changed = def.clone();
    changed["versions"][0]["tasks"][0]["name"] = json!("renamed");
    let r = env
        .http
        .post(env.url("/_sandbox/journeys"))
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    // A new version moves @latest.
    let mut v2 = changed.clone();
    v2["versions"][0]["version"] = json!("b2");
    let summary = env.sb.publish(&v2).unwrap();
    assert_eq!(summary.latest, "b2");
    assert_eq!(summary.versions.len(), 2);
    let token = env.token().await;
    let id = env
        .start(&token, "simple@latest", json!({"uid": "customer-789"}))
        .await;
    let state = env.state(&token, &id).await;
    assert_eq!(env.inside(&id).await["resourceId"], "simple@b2");
    assert_eq!(state["status"], "Completed");
    // A bad definition is refused with a located message.
    let r = env
        .http
        .post(env.url("/_sandbox/journeys"))
        .json(&json!({"resourceId": "bad", "versions": [{"version": "1", "tasks": [{"name": "x", "schema": {"type": "object", "minLength": "two"}}]}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert!(
        v["errors"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("minLength"),
        "{v}"
    );
}

#[tokio::test]
async fn instance_status_control_and_not_active() {
    let env = Env::new().await;
    let token = env.token().await;
    let id = env.start(&token, "onboarding@1", json!({})).await;
    let eu = env.end_user(&token, &id).await;
    let r = env
        .http
        .post(env.url(&format!("/_sandbox/instances/{id}")))
        .json(&json!({"status": "Failed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let state = env.state(&token, &id).await;
    assert_eq!(state["status"], "Failed");
    let task = env.tasks(&id).await[0]["taskId"].clone();
    let (s, v) = env
        .post(
            &format!("{V1}/journey/task/update"),
            Some(&eu),
            json!({"intent": "Complete", "instanceId": id, "taskId": task, "context": {"subject": identity()}}),
        )
        .await;
    assert_eq!((s.as_u16(), error_code(&v).as_str()), (409, "4009"));
}

#[tokio::test]
async fn a_journeys_directory_and_its_errors() {
    let dir = tempfile_dir();
    std::fs::write(
        dir.join("mini.json"),
        r#"{"type":"object","properties":{"context":{"type":"object"}},"required":["context"]}"#,
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("ignored")).unwrap();
    std::fs::write(dir.join("ignored/broken.json"), "{").unwrap();
    std::fs::write(
        dir.join("two.journey.json"),
        r#"{"resourceId": "two", "versions": [{"version": "1", "tasks": [{"name": "a", "schema": "mini.json"}]}]}"#,
    )
    .unwrap();
    let env = Env::with(Config::default().journeys(&dir)).await;
    let ids: Vec<String> = env
        .sb
        .journeys()
        .into_iter()
        .map(|j| j.resource_id)
        .collect();
    // `mini.json` is a task file of `two`: not a journey of its own.
    assert_eq!(ids, ["two"]);
    drop(env);
    std::fs::write(
        dir.join("bad.journey.json"),
        "{\n  \"resourceId\": \"bad\",\n  \"versions\": [{\"version\": \"latest\", \"tasks\": []}]\n}",
    )
    .unwrap();
    let err = Sandbox::start(Config::default().journeys(&dir))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("bad.journey.json:3:"), "{text}");
    assert!(text.contains("/versions/0/version"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "gbg-go-sandbox-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn latency_is_added_per_route() {
    let mut faults = Faults::default();
    faults.add_flag("journey/health:latency=1").unwrap();
    faults.add_flag("reads:latency=150").unwrap();
    let env = Env::with(Config::default().faults(faults)).await;
    let token = env.token().await;
    let t = std::time::Instant::now();
    let (s, _) = env
        .post(
            &format!("{V1}/journey/state/fetch"),
            Some(&token),
            json!({"instanceId": "does-not-exist-0000"}),
        )
        .await;
    assert_eq!(s, 404);
    // A lower bound only: the sandbox sleeps at least this long before answering.
    assert!(t.elapsed() >= Duration::from_millis(150));
    assert!(
        env.sb.counters().faults.is_empty(),
        "latency is not counted as a fault"
    );
}

#[tokio::test]
async fn an_oversized_body_gets_a_gbg_error() {
    let env = Env::new().await;
    let token = env.token().await;
    let big = format!(
        "{{\"resourceId\": \"onboarding@1\", \"pad\": \"{}\"}}",
        "x".repeat(21 << 20)
    );
    let r = env
        .http
        .post(env.url(&format!("{V1}/journey/start")))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(r.headers().contains_key("x-request-id"));
    let v: Value = r.json().await.unwrap();
    assert_eq!(error_code(&v), "PAYLOAD_TOO_LARGE");
    assert_eq!(env.sb.counters().journeys_started, 0);
    // Real base64 images are large: a 19 MiB body is accepted.
    let image = "A".repeat(19 << 20);
    let (s, v) = env
        .post(
            &format!("{V1}/journey/start"),
            Some(&token),
            json!({"resourceId": "biometrics@1", "context": {"subject": {"biometrics": [{"type": "selfie", "selfieImage": image}]}}}),
        )
        .await;
    assert_eq!(s, 200, "{}", problem(&v));
}

/// A task schema split across files is served as one document that validates as
/// the original does.
#[tokio::test]
async fn multi_file_task_schemas_are_served_bundled() {
    let env = Env::new().await;
    let token = env.token().await;
    let id = env.start(&token, "split-address@1", json!({})).await;
    let task = env.tasks(&id).await[0]["taskId"].clone();
    let (s, schema) = env
        .post(
            &format!("{V1}/journey/task/schema"),
            Some(&token),
            json!({"taskId": task}),
        )
        .await;
    assert_eq!(s, 200);
    let text = serde_json::to_vec(&schema).unwrap();
    assert!(
        !String::from_utf8_lossy(&text).contains("address.defs.json"),
        "no file refs left"
    );
    // Loaded from memory with no other files: every reference resolves inside it.
    let served = gbg_go_schema::Validator::new(
        gbg_go_schema::load_bytes(std::path::Path::new("served.json"), "served.json", &text)
            .unwrap(),
    );
    let original = gbg_go_schema::Validator::new(
        gbg_go_schema::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/split-address.json"),
        )
        .unwrap(),
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/split-address");
    for (sub, valid) in [("valid", true), ("invalid", false)] {
        for file in std::fs::read_dir(dir.join(sub)).unwrap() {
            let payload: Value =
                serde_json::from_slice(&std::fs::read(file.unwrap().path()).unwrap()).unwrap();
            assert_eq!(served.is_valid(&payload), valid);
            assert_eq!(original.is_valid(&payload), valid);
        }
    }
}

/// The embedded defaults (`go-sandbox/fixtures/schemas/`) are a copy of the project's
/// `schemas/`, kept because a published crate cannot embed files outside its folder.
/// Every copy must equal its original, and every top-level fixture schema must be
/// copied.
#[test]
fn fixtures_are_the_project_schemas() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let copies = root.join("fixtures/schemas");
    let originals = root.join("../schemas");
    let mut names = Vec::new();
    for dir in ["", "shared"] {
        for entry in std::fs::read_dir(originals.join(dir)).expect("the project's schemas/") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                names.push(std::path::Path::new(dir).join(path.file_name().expect("name")));
            }
        }
    }
    assert!(names.len() >= 11, "found only {names:?}");
    for name in names {
        let original = std::fs::read(originals.join(&name)).expect("original");
        let copy = std::fs::read(copies.join(&name)).unwrap_or_else(|_| {
            panic!("go-sandbox/fixtures/schemas/{} is missing", name.display())
        });
        assert!(
            original == copy,
            "go-sandbox/fixtures/schemas/{} differs from schemas/{}; copy it again",
            name.display(),
            name.display()
        );
    }
}

/// Modules run on the sandbox clock after the interactions: meanwhile
/// `interaction/fetch` reports `processing` and no interaction, and the result is
/// pending; then the steps and the decision appear.
#[tokio::test]
async fn modules_process_on_the_clock_then_decide() {
    let env = Env::new().await;
    let schema = json!({"type": "object", "properties": {"context": {"type": "object", "properties": {"subject": {"type": "object",
        "properties": {"identity": {"type": "object", "properties": {"firstName": {"type": "string"}}, "required": ["firstName"]}},
        "required": ["identity"]}}}}});
    env.sb
        .publish(&json!({"resourceId": "slow", "versions": [{"version": "1",
            "tasks": [{"name": "who", "schema": schema}],
            "modules": [{"key": "kyc", "name": "KYC check", "outcome": "Refer", "seconds": 30}]}]}))
        .unwrap();
    let token = env.token().await;
    let (s, v) = env
        .post(
            &format!("{V2}/journey/start"),
            Some(&token),
            json!({"resourceId": "slow@1", "context": {"config": {"delivery": "api"}, "subject": {}}}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let id = v["instanceId"].as_str().unwrap().to_owned();
    let fetch = || async {
        env.post(
            &format!("{V2}/journey/interaction/fetch"),
            Some(&token),
            json!({"instanceId": id}),
        )
        .await
        .1
    };
    let f = fetch().await;
    assert_eq!(f["outstanding"], json!(["FullName"]));
    let (s, _) = env
        .post(
            &format!("{V2}/journey/interaction/submit"),
            Some(&token),
            json!({"instanceId": id, "interactionId": f["interactionId"], "participants": [{"domainElementId": "FullName"}],
                   "context": {"subject": {"identity": {"firstName": "Ada"}}}}),
        )
        .await;
    assert_eq!(s, 200);
    let f = fetch().await;
    assert_eq!(f["processing"], true, "{f}");
    assert!(f.get("interactionId").is_none());
    let state = |view: &'static str| {
        let env = &env;
        let token = &token;
        let id = id.clone();
        async move {
            env.post(
                &format!("{V2}/journey/state/fetch{view}"),
                Some(token),
                json!({"instanceId": id}),
            )
            .await
            .1
        }
    };
    let s1 = state("").await;
    assert_eq!(s1["status"], "InProgress");
    assert_eq!(s1["context"]["result"]["status"], "pending");
    assert_eq!(
        s1["context"]["subject"],
        json!({}),
        "empty until completion"
    );
    env.sb.advance_clock(Duration::from_secs(30));
    let s2 = state("").await;
    assert_eq!(s2["status"], "Completed");
    assert_eq!(s2["context"]["result"]["outcome"], "Refer");
    assert_eq!(s2["context"]["result"]["outcomeClassification"], "neutral");
    assert_eq!(s2["context"]["process"]["steps"][0]["nodeId"], "kyc");
    assert_eq!(s2["context"]["subject"]["identity"]["firstName"], "Ada");
    let slim = state("?view=slim").await;
    assert_eq!(slim["result"]["status"], "complete");
    assert_eq!(slim["steps"][0]["outcomeClassification"], "neutral");
    let (s, v) = env
        .post(
            &format!("{V2}/journey/state/fetch?view=wide"),
            Some(&token),
            json!({"instanceId": id}),
        )
        .await;
    assert_eq!(
        (s.as_u16(), v["errors"][0]["location"].as_str()),
        (400, Some("Query String"))
    );
}

/// Manual review: a reviewer's fetch, and a decision 0–9 with notes up to 500
/// characters in `context.reviewers`.
#[tokio::test]
async fn manual_review_is_checked_and_kept() {
    let env = Env::new().await;
    let token = env.token().await;
    let (_, v) = env
        .post(
            &format!("{V2}/journey/start"),
            Some(&token),
            json!({"resourceId": "consent@1", "context": {"config": {"delivery": "api"}, "subject": {}}}),
        )
        .await;
    let id = v["instanceId"].as_str().unwrap().to_owned();
    let (s, f) = env
        .post(
            &format!("{V2}/journey/interaction/fetch"),
            Some(&token),
            json!({"instanceId": id, "scope": "reviewer"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = env
        .post(
            &format!("{V2}/journey/interaction/fetch"),
            Some(&token),
            json!({"instanceId": id, "scope": "auditor"}),
        )
        .await;
    assert_eq!(s, 400);
    let submit = |decision: u64, notes: String| {
        let body = json!({"instanceId": id, "interactionId": f["interactionId"], "participants": [],
            "context": {"subject": {}, "reviewers": [{"manualReview": {"decision": decision, "notes": notes}}]}});
        let env = &env;
        let token = &token;
        async move {
            env.post(
                &format!("{V2}/journey/interaction/submit"),
                Some(token),
                body,
            )
            .await
        }
    };
    let (s, v) = submit(10, "ok".into()).await;
    assert_eq!((s.as_u16(), error_code(&v).as_str()), (400, "4003"));
    let (s, _) = submit(3, "x".repeat(501)).await;
    assert_eq!(s, 400);
    let (s, _) = submit(7, "documents look fine".into()).await;
    assert_eq!(s, 200);
    let inside = env.inside(&id).await;
    assert_eq!(inside["review"]["decision"], 7);
}
