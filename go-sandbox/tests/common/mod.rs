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
