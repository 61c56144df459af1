//! Helpers the sandbox's test binaries share.

use reqwest::Client;
use serde_json::Value;

/// A customer token from the sandbox's token endpoint, with its default
/// client-credentials grant.
pub async fn customer_token(http: &Client, base: &str) -> String {
    let r = http
        .post(format!("{base}/as/token.oauth2"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "sandbox-client"),
            ("client_secret", "sandbox-secret"),
        ])
        .send()
        .await
        .expect("token request");
    assert!(r.status().is_success(), "token status {}", r.status());
    let v: Value = r.json().await.expect("token JSON");
    v["access_token"].as_str().expect("access_token").to_owned()
}

/// A sandbox and a customer token, speaking the v2 API over loopback HTTP: what the
/// capture and multi-interaction tests drive journeys with. (Not every test binary
/// that includes this module uses all of it.)
#[allow(dead_code)]
pub struct V2 {
    pub sb: gbg_go_sandbox::Sandbox,
    pub http: Client,
    pub token: String,
}

#[allow(dead_code)]
impl V2 {
    pub async fn start_sandbox(config: gbg_go_sandbox::Config) -> V2 {
        let sb = gbg_go_sandbox::Sandbox::start(config)
            .await
            .expect("the sandbox starts");
        let http = Client::new();
        let token = customer_token(&http, sb.base_url()).await;
        V2 { sb, http, token }
    }

    /// POST a JSON body under `/v2/captain`: the status and the body (as a string
    /// when it is not JSON).
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/v2/captain{path}", self.sb.base_url()))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Start `resource` in API delivery with `subject` as prefill, and an inline
    /// scenario if given: the instance id.
    pub async fn start(&self, resource: &str, subject: Value, scenario: Option<Value>) -> String {
        let mut body = serde_json::json!({"resourceId": resource,
            "context": {"config": {"delivery": "api"}, "subject": subject}});
        if let Some(s) = scenario {
            body["scenario"] = s;
        }
        let (s, v) = self.post("/journey/start", body).await;
        assert_eq!(s, 201, "{v}");
        v["instanceId"].as_str().unwrap().to_owned()
    }

    pub async fn fetch(&self, id: &str) -> Value {
        let (s, v) = self
            .post(
                "/journey/interaction/fetch",
                serde_json::json!({"instanceId": id}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v
    }

    pub async fn state(&self, id: &str) -> Value {
        let (s, v) = self
            .post(
                "/journey/state/fetch",
                serde_json::json!({"instanceId": id}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v
    }
}

/// A new, empty folder under the system's temporary directory.
#[allow(dead_code)]
pub fn temp_dir(prefix: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "{prefix}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
