//! The console and the end-user page over loopback HTTP: security headers, escaping,
//! cross-site and DNS-rebinding refusals, redaction, fault exemption, the request
//! log, and the page's submit (participants computed, violations as data, the
//! capture flow to a decision). The same pages in a real browser: `tests/browser.rs`.

mod common;

use common::V2;
use gbg_go_sandbox::Config;
use reqwest::Client;
use serde_json::{json, Value};

const MARKUP: &str = "<img src=x onerror=alert(1)>Ada";

struct Console {
    env: V2,
    http: Client,
    token: String,
}

impl Console {
    async fn start(config: Config) -> Console {
        let env = V2::start_sandbox(config).await;
        let http = Client::new();
        let html = http
            .get(env.sb.console_url())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = html
            .split("name=\"gbg-sandbox-token\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the console carries its page token")
            .to_owned();
        Console { env, http, token }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.env.sb.base_url())
    }

    /// A console POST with the page token and the sandbox's own origin.
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(self.url(path))
            .header("x-sandbox-token", &self.token)
            .header("origin", self.env.sb.base_url())
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn get_json(&self, path: &str) -> Value {
        let r = self.http.get(self.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        r.json().await.unwrap()
    }

    async fn state(&self) -> Value {
        self.get_json("/_sandbox/console/state").await
    }

    async fn instance(&self, id: &str) -> Value {
        self.state().await["instances"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["instanceId"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("instance {id} in the console"))
    }

    /// Start `resource` from the console: its id and page URL.
    async fn start_journey(&self, resource: &str) -> (String, String) {
        let (s, v) = self
            .post("/_sandbox/console/start", json!({"resourceId": resource}))
            .await;
        assert_eq!(s, 201, "{v}");
        (
            v["instanceId"].as_str().unwrap().to_owned(),
            v["pageUrl"].as_str().unwrap().to_owned(),
        )
    }

    async fn submit(&self, id: &str, subject: Value) -> (u16, Value) {
        let page = self.get_json(&format!("/_sandbox/page/{id}")).await;
        let interaction = page["interaction"]["interactionId"].clone();
        self.post(
            &format!("/_sandbox/page/{id}/submit"),
            json!({"interactionId": interaction, "subject": subject}),
        )
        .await
    }
}

fn details(first_name: &str) -> Value {
    json!({"identity": {"firstName": first_name, "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"thoroughfare": "St James's Square", "locality": "London", "postalCode": "SW1Y 4JU", "country": "GB"}}})
}

#[tokio::test]
async fn every_console_and_page_response_carries_the_csp_and_no_inline_script() {
    let c = Console::start(Config::default()).await;
    let (id, page) = c.start_journey("verification").await;
    for path in [
        "/_sandbox/console".to_owned(),
        "/_sandbox/console/state".to_owned(),
        "/_sandbox/console/assets/dom.js".to_owned(),
        "/_sandbox/console/assets/console.js".to_owned(),
        "/_sandbox/console/assets/page.js".to_owned(),
        "/_sandbox/console/assets/style.css".to_owned(),
        page.clone(),
        format!("/_sandbox/page/{id}"),
    ] {
        let r = c.http.get(c.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let csp = r
            .headers()
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path} has a CSP"))
            .to_str()
            .unwrap();
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        if path == "/_sandbox/console" || path == page {
            let html = r.text().await.unwrap();
            // Every script is a file; no inline handler attributes.
            assert_eq!(
                html.matches("<script").count(),
                html.matches("<script src=\"/_sandbox/console/assets/")
                    .count(),
                "{path}"
            );
            assert!(
                !html.contains(" onload=") && !html.contains(" onclick="),
                "{path}"
            );
        }
    }
    // The page token is per sandbox and not derived from its seed.
    let other = Console::start(Config::default().seed(1)).await;
    let again = Console::start(Config::default().seed(1)).await;
    assert_ne!(other.token, again.token);
    assert_ne!(c.token, other.token);
}

#[tokio::test]
async fn markup_in_names_is_escaped_in_server_rendered_html() {
    let c = Console::start(Config::default()).await;
    let schema = json!({"type": "object", "properties": {"context": {"type": "object", "properties": {"subject": {"type": "object"}}}}});
    c.env
        .sb
        .publish(
            &json!({"resourceId": "markup", "name": "<script>alert(1)</script> journey",
            "versions": [{"version": "1", "tasks": [{"name": "who", "schema": schema}]}]}),
        )
        .unwrap();
    let html = c
        .http
        .get(c.env.sb.console_url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; journey"));
    assert!(!html.contains("<script>alert(1)"));
    // An instance id in a page URL is an attribute value: quoted and escaped.
    let r = c
        .http
        .get(c.url("/journey/%22%3E%3Cscript%3Ex"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("content=\"&quot;&gt;&lt;script&gt;x\""),
        "{html}"
    );
}

#[tokio::test]
async fn cross_site_and_rebound_requests_are_refused() {
    let c = Console::start(Config::default()).await;
    let start = json!({"resourceId": "verification"});
    // A cross-site POST: another origin, even with the token.
    let r = c
        .http
        .post(c.url("/_sandbox/console/start"))
        .header("x-sandbox-token", &c.token)
        .header("origin", "http://evil.example")
        .json(&start)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A form post from anywhere cannot set the token header.
    let r = c
        .http
        .post(c.url("/_sandbox/console/start"))
        .json(&start)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = c
        .http
        .post(c.url("/_sandbox/console/start"))
        .header("x-sandbox-token", "0".repeat(c.token.len()))
        .json(&start)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(c.state().await["counters"]["journeysStarted"], 0);
    // DNS rebinding: a page served for another host name, GET included.
    let port = c.env.sb.addr().port();
    for host in [format!("evil.example:{port}"), "127.0.0.1:1".to_owned()] {
        let r = c
            .http
            .get(c.url("/_sandbox/console/state"))
            .header("host", &host)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 421, "{host}");
    }
    // localhost on the bound port is the same sandbox.
    let r = c
        .http
        .get(format!("http://localhost:{port}/_sandbox/console/state"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // And with the token and its own origin, it starts.
    let (s, _) = c.post("/_sandbox/console/start", start).await;
    assert_eq!(s, 201);
}

#[tokio::test]
async fn values_are_redacted_unless_the_sandbox_shows_them() {
    for show in [false, true] {
        let c = Console::start(Config::default().show_values(show)).await;
        let id = c.env.start("verification", details("Ada"), None).await;
        let instance = c.instance(&id).await;
        let text = c.state().await.to_string();
        let html = c
            .http
            .get(c.env.sb.console_url())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if show {
            assert_eq!(instance["subject"]["identity"]["firstName"], "Ada");
            assert!(text.contains("St James's Square"));
        } else {
            assert_eq!(
                instance["subject"]["identity"]["firstName"], "<redacted>",
                "{instance}"
            );
            assert_eq!(
                instance["subject"]["identity"]["lastNames"][0],
                "<redacted>"
            );
            for value in ["Ada", "Lovelace", "1815-12-10", "SW1Y 4JU", "St James"] {
                assert!(
                    !text.contains(value),
                    "{value} leaked into the console state"
                );
            }
        }
        assert!(!html.contains("Lovelace"));
        // The end-user page's view never carries the subject.
        let page = c
            .get_json(&format!("/_sandbox/page/{id}"))
            .await
            .to_string();
        assert!(!page.contains("Lovelace") && !page.contains("1815-12-10"));
    }
}

#[tokio::test]
async fn console_traffic_is_never_faulted_and_counted_apart() {
    let c = Console::start(Config::default()).await;
    let (s, _) = c
        .post("/_sandbox/console/faults", json!({"rule": "*:500=1"}))
        .await;
    assert_eq!(s, 200);
    // The API is faulted…
    let (s, _) = c
        .env
        .post(
            "/journey/start",
            json!({"resourceId": "verification", "context": {"config": {"delivery": "api"}}}),
        )
        .await;
    assert_eq!(s, 500);
    // …the console and the page are not.
    let (id, page) = c.start_journey("verification").await;
    let r = c.http.get(c.url(&page)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let (s, v) = c.submit(&id, details("Ada")).await;
    assert_eq!(s, 200, "{v}");
    let state = c.state().await;
    let counters = &state["counters"];
    assert_eq!(counters["faults"]["500"], 1, "{counters}");
    assert_eq!(counters["requests"]["journey/start"], 1, "{counters}");
    // The customer token the test took, and the faulted start: nothing of the console.
    let routes: Vec<&String> = counters["requests"].as_object().unwrap().keys().collect();
    assert_eq!(routes, ["journey/start", "token"], "{counters}");
    assert!(
        counters["consoleRequests"].as_u64().unwrap() >= 5,
        "{counters}"
    );
    assert_eq!(counters["journeysStarted"], 1);
    assert!(state["faults"]["routes"]["*"].is_object(), "{state}");
    let (s, _) = c
        .post("/_sandbox/console/faults", json!({"rule": "nonsense"}))
        .await;
    assert_eq!(s, 400);
    let (s, _) = c.post("/_sandbox/console/faults/clear", json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(c.state().await["faults"]["routes"], json!({}));
    let (s, _) = c.post("/_sandbox/console/counters/reset", json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(c.state().await["counters"]["journeysStarted"], 0);
}

#[tokio::test]
async fn each_instance_keeps_a_request_log_without_bodies() {
    let c = Console::start(Config::default()).await;
    let id = c.env.start("verification", json!({}), None).await;
    c.env.fetch(&id).await;
    let (s, _) = c
        .env
        .post(
            "/journey/interaction/submit",
            json!({"instanceId": id, "interactionId": "nope", "context": {"subject": {}}}),
        )
        .await;
    assert_eq!(s, 400);
    let log = c.instance(&id).await["log"].clone();
    let entries = log.as_array().unwrap();
    let seen: Vec<(String, String, u64)> = entries
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap().to_owned(),
                e["path"].as_str().unwrap().to_owned(),
                e["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("POST".into(), "/v2/captain/journey/start".into(), 201),
            (
                "POST".into(),
                "/v2/captain/journey/interaction/fetch".into(),
                200
            ),
            (
                "POST".into(),
                "/v2/captain/journey/interaction/submit".into(),
                400
            ),
        ]
    );
    for e in entries {
        let mut keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["at", "method", "millis", "path", "status"]);
    }
    // Deleting the instance from the console drops it and its log.
    let (s, _) = c
        .post(
            &format!("/_sandbox/console/instances/{id}/delete"),
            json!({}),
        )
        .await;
    assert_eq!(s, 200);
    assert!(c.state().await["instances"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_page_submits_with_computed_participants_and_reports_violations_as_data() {
    let c = Console::start(Config::default()).await;
    let (id, page) = c.start_journey("verification").await;
    assert_eq!(page, format!("/journey/{id}"));
    let view = c.get_json(&format!("/_sandbox/page/{id}")).await;
    assert_eq!(view["interaction"]["name"], "details");
    assert!(view["interaction"]["schema"]["properties"]["context"].is_object());
    // The author's member order (the schema itself comes sorted).
    assert_eq!(
        view["interaction"]["propertyOrder"]
            ["/properties/context/properties/subject/properties/identity"],
        json!([
            "title",
            "firstName",
            "middleNames",
            "lastNames",
            "dateOfBirth",
            "currentAddress",
            "phones"
        ])
    );
    assert!(view["interaction"]["imageMembers"]
        .as_array()
        .unwrap()
        .contains(&json!("side1Image")));

    // Present but invalid: violations as data, at their pointers.
    let mut bad = details("Ada");
    bad["identity"]["dateOfBirth"] = json!("10/12/1815");
    bad["identity"]["currentAddress"]["country"] = json!("gb");
    let (s, v) = c.submit(&id, bad).await;
    assert_eq!(s, 422, "{v}");
    let mut at: Vec<(String, String)> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["pointer"].as_str().unwrap().to_owned(),
                x["keyword"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    at.sort();
    assert!(at.contains(&(
        "/context/subject/identity/currentAddress/country".into(),
        "pattern".into()
    )));
    assert!(at
        .iter()
        .any(|(p, _)| p == "/context/subject/identity/dateOfBirth"));
    assert!(
        !v.to_string().contains("10/12/1815"),
        "values stay out: {v}"
    );

    // Details, then the front alone: the back is asked for.
    let (s, v) = c.submit(&id, details(MARKUP)).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v["participants"],
        json!(["FullName", "DateOfBirth", "CurrentAddress"])
    );
    let (s, v) = c
        .submit(
            &id,
            json!({"documents": [{"type": "primary", "side1Image": "ZnJvbnQ="}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["participants"], json!(["PrimaryDocument"]));
    let view = c.get_json(&format!("/_sandbox/page/{id}")).await;
    assert_eq!(view["interaction"]["name"], "documents");
    assert!(view["interaction"]["instructions"]
        .as_array()
        .unwrap()
        .contains(&json!("Side2Required")));
    let console = c.instance(&id).await;
    assert!(console["instructions"]
        .as_array()
        .unwrap()
        .contains(&json!("Side2Required")));
    assert!(console["outstanding"]
        .as_array()
        .unwrap()
        .contains(&json!("PrimaryDocument/side2Image")));

    // The back and the selfie: the journey decides.
    let (s, v) = c
        .submit(
            &id,
            json!({"documents": [{"type": "primary", "side2Image": "YmFjaw=="}],
                   "biometrics": [{"type": "selfie", "selfieImage": "c2VsZmll"}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let view = c.get_json(&format!("/_sandbox/page/{id}")).await;
    assert_eq!(view["status"], "Completed", "{view}");
    assert!(view["interaction"].is_null());
    let console = c.instance(&id).await;
    assert_eq!(console["decision"]["outcome"], "Pass", "{console}");
    assert_eq!(console["decision"]["steps"].as_array().unwrap().len(), 2);
    // A submit after the end is refused as data too.
    let (s, v) = c
        .post(
            &format!("/_sandbox/page/{id}/submit"),
            json!({"interactionId": "x", "subject": {}}),
        )
        .await;
    assert_eq!(s, 409, "{v}");
    assert_eq!(v["ok"], false);
}

#[tokio::test]
async fn the_console_terminates_and_moves_the_clock() {
    let c = Console::start(Config::default()).await;
    let (id, _) = c.start_journey("verification").await;
    let before = c.state().await["now"].as_str().unwrap().to_owned();
    let (s, _) = c
        .post("/_sandbox/console/clock", json!({"advanceSeconds": 3600}))
        .await;
    assert_eq!(s, 200);
    assert!(c.state().await["now"].as_str().unwrap() > before.as_str());
    let (s, _) = c
        .post(
            &format!("/_sandbox/console/instances/{id}/terminate"),
            json!({}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(c.instance(&id).await["status"], "Failed");
    let (s, v) = c
        .post(
            &format!("/_sandbox/console/instances/{id}/terminate"),
            json!({}),
        )
        .await;
    assert_eq!(s, 409, "{v}");
    let (s, _) = c
        .post("/_sandbox/console/start", json!({"resourceId": "nope"}))
        .await;
    assert_eq!(s, 404);
    let (s, _) = c
        .post(
            "/_sandbox/console/start",
            json!({"resourceId": "verification", "scenario": "missing"}),
        )
        .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn a_stored_scenario_is_listed_and_decides_a_journey_started_from_the_console() {
    let c = Console::start(Config::default()).await;
    let (s, v) = c
        .env
        .post(
            "/sandbox/journeys/verification/scenarios",
            json!({"name": "fraud", "data": {"modules": {"fraudCheck": {"outcome": "Fail"}}}}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let journeys = c.state().await["journeys"].clone();
    let verification = journeys
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["resourceId"] == "verification")
        .unwrap()
        .clone();
    assert_eq!(verification["scenarios"], json!(["fraud"]));
    assert_eq!(
        verification["versions"][0]["modules"][1]["key"],
        "fraudCheck"
    );
    let (s, v) = c
        .post(
            "/_sandbox/console/start",
            json!({"resourceId": "verification@1", "scenario": "fraud"}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let id = v["instanceId"].as_str().unwrap().to_owned();
    assert_eq!(c.submit(&id, details("Ada")).await.0, 200);
    let (s, v) = c
        .submit(
            &id,
            json!({"documents": [{"type": "primary", "side1Image": "Zg==", "side2Image": "Yg=="}],
                   "biometrics": [{"selfieImage": "cw=="}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let console = c.instance(&id).await;
    assert_eq!(console["decision"]["outcome"], "Fail", "{console}");
    assert_eq!(console["decision"]["classification"], "negative");
    assert!(console["scenario"]["modules"]["fraudCheck"].is_object());
}
