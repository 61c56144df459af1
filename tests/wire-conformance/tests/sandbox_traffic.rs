//! Shared-data suite: the sandbox's own traffic, sent by hand (raw HTTP, no client),
//! against GBG's OpenAPI description and the hand-written schemas from GBG's API
//! notes (see the crate docs). Every exchange goes through a recording proxy.
//!
//! Run with `cargo test -p gbg-go-wire-conformance --features shared-data --test
//! sandbox_traffic`. It fails loudly when the shared folder is missing.

use gbg_go_sandbox::{Config, Sandbox};
use gbg_go_wire_conformance::{
    assert_clean, check, generalize, Deviation, Proxy, Spec, COMMON_DEVIATIONS,
};
use serde_json::{json, Value};

/// Beyond the common ones: what the raw v1 traffic adds.
const SANDBOX_DEVIATIONS: &[Deviation] = &[(
    "post /journey/start",
    "request",
    "/context",
    "required",
    "v1 start takes no context.config (API-NOTES §1.2: optional in v1, required in v2); the spec requires it everywhere",
)];

struct Recorder {
    http: reqwest::Client,
    base: String,
}

impl Recorder {
    async fn post(
        &mut self,
        prefix: &str,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .post(format!("{}{prefix}{path}", self.base))
            .json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn token(&mut self, path: &str, form: &[(&str, &str)]) -> String {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap();
        let response: Value = resp.json().await.unwrap();
        response["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

#[tokio::test]
async fn sandbox_traffic_conforms_to_gbgs_descriptions() {
    let spec = Spec::load();
    let sb = Sandbox::start(Config::default().seed(9)).await.unwrap();
    let proxy = Proxy::start(sb.base_url()).await;
    let mut r = Recorder {
        http: reqwest::Client::new(),
        base: proxy.base_url.clone(),
    };
    const V1: &str = "/captain/api";
    const V2: &str = "/v2/captain";
    let password = [
        ("client_id", "sandbox-client"),
        ("client_secret", "sandbox-secret"),
        ("username", "sandbox-user"),
        ("password", "sandbox-password"),
        ("grant_type", "password"),
    ];
    let token = r
        .token("/auth/realms/go/protocol/openid-connect/token", &password)
        .await;
    r.token("/as/token.oauth2", &password).await;
    r.token(
        "/as/token.oauth2",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "sandbox-client"),
            ("client_secret", "sandbox-secret"),
            ("scope", "gbg.token"),
        ],
    )
    .await;
    let health = r
        .http
        .get(format!("{}{V1}/journey/health", r.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let t = Some(token.as_str());
    let identity = json!({"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}});
    let (_, started) = r
        .post(
            V1,
            "/journey/start",
            t,
            json!({"resourceId": "onboarding@1", "context": {"subject": identity}}),
        )
        .await;
    let id = started["instanceId"].as_str().unwrap().to_owned();
    r.post(V2, "/journey/start", t, json!({"resourceId": "onboarding@2", "context": {"config": {"delivery": "page"}, "subject": {}}})).await;
    r.post(V1, "/journey/state/fetch", t, json!({"instanceId": id}))
        .await;
    let (_, secret) = r
        .post(
            V1,
            "/journey/device/start",
            t,
            json!({"instanceId": id, "scope": ["mobile"]}),
        )
        .await;
    let secret = secret["connectToken"].as_str().unwrap().to_owned();
    let (_, eu) = r
        .post(V1, "/journey/device/connect", Some(&secret), json!({"connectToken": secret, "deviceInfo": {"deviceId": "device-0123456789ab", "deviceName": "test", "deviceType": "phone"}}))
        .await;
    let eu = eu["endUserToken"].as_str().unwrap().to_owned();
    let (_, tasks) = r
        .post(
            V1,
            "/journey/task/list",
            Some(&eu),
            json!({"instanceId": id}),
        )
        .await;
    let task = tasks["tasks"][0]["taskId"].as_str().unwrap().to_owned();
    r.post(V1, "/journey/task/schema", t, json!({"taskId": task}))
        .await;
    r.post(
        V1,
        "/journey/task/list/schema",
        t,
        json!({"instanceId": id}),
    )
    .await;
    let consent = json!({"consent": [{"type": "explicit", "url": "https://example.com/terms"}]});
    for intent in ["Save", "Validate", "Complete"] {
        r.post(V1, "/journey/task/update", Some(&eu), json!({"intent": intent, "instanceId": id, "taskId": task, "context": {"subject": consent}}))
            .await;
    }
    r.post(V1, "/journey/state/fetch", t, json!({"instanceId": id}))
        .await;
    // v2 interactions on a second journey.
    let (_, second) = r.post(V2, "/journey/start", t, json!({"resourceId": "onboarding@1", "context": {"config": {"delivery": "api"}, "subject": identity}})).await;
    let second = second["instanceId"].as_str().unwrap().to_owned();
    let (_, fetched) = r
        .post(
            V2,
            "/journey/interaction/fetch",
            t,
            json!({"instanceId": second}),
        )
        .await;
    r.post(
        V2,
        "/journey/interaction/submit",
        t,
        json!({"instanceId": second, "interactionId": fetched["interactionId"], "participants": [{"domainElementId": "Consent"}], "context": {"subject": consent}}),
    )
    .await;
    r.post(
        V2,
        "/journey/interaction/fetch",
        t,
        json!({"instanceId": second}),
    )
    .await;
    r.post(V1, "/journey/state/delete", t, json!({"instanceId": id}))
        .await;
    // Error responses (their content is `application/json: {}` in the spec).
    r.post(V1, "/journey/state/fetch", t, json!({"instanceId": id}))
        .await;
    r.post(
        V1,
        "/journey/start",
        None,
        json!({"resourceId": "onboarding@1"}),
    )
    .await;

    let log = proxy.log();
    let deviations: Vec<Deviation> = COMMON_DEVIATIONS
        .iter()
        .chain(SANDBOX_DEVIATIONS)
        .copied()
        .collect();
    let report = check(&spec, &log, &deviations, &generalize);
    assert_clean(&report, &deviations, 30);
}
