//! The console and the end-user page in a real Chromium, driven through
//! chromium-driver with fantoccini: start a journey from the console, open its
//! end-user page, fill the details, upload the front (a file), the back (the page's
//! placeholder image) and a selfie (a file), and see the decision in the console.
//! Also: a name holding markup renders as text in both pages, a cross-site form
//! post from another origin is refused, and screenshots are saved to
//! `target/browser-artifacts/` (test artifacts, not committed).
//!
//! Needs the `browser` feature and Debian's `chromium` and `chromium-driver`
//! (`.ci/run` installs them and runs this as its own step):
//!
//! ```text
//! cargo test -p gbg-go-sandbox --features browser --test browser
//! ```
//!
//! `CHROMEDRIVER` and `CHROME` override the binaries' paths. Without them the test
//! fails, saying what is missing: it never passes without a browser.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use gbg_go_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

/// A first name holding markup: it must show as these characters, never as an
/// element.
const MARKUP: &str = "<img src=x onerror=alert(1)>Ada";

/// How long a step may take before the test fails.
const STEP: Duration = Duration::from_secs(20);

/// A 1×1 PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
    0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 96, 248, 95, 15, 0, 2,
    135, 1, 128, 235, 71, 186, 146, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// chromium-driver, killed when the test ends (pass or panic).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn binary(env: &str, candidates: &[&str]) -> PathBuf {
    if let Some(p) = std::env::var_os(env) {
        return PathBuf::from(p);
    }
    for c in candidates {
        let p = Path::new(c);
        if p.is_file() {
            return p.to_owned();
        }
    }
    panic!(
        "no {} found (looked at {candidates:?}; set {env}): install Debian's chromium and \
         chromium-driver (`apt-get install chromium chromium-driver`), as .ci/run does",
        candidates[0]
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

async fn start_driver() -> (Driver, u16) {
    let exe = binary(
        "CHROMEDRIVER",
        &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
    );
    let port = free_port();
    let child = Command::new(&exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    let driver = Driver(child);
    let deadline = Instant::now() + STEP;
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "chromium-driver did not listen");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (driver, port)
}

async fn browser(port: u16) -> Client {
    let chrome = binary(
        "CHROME",
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chrome,
            // Root (CI) needs --no-sandbox; headless, no GPU, a fixed window.
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1700"],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session through chromium-driver")
}

/// Wait until `probe` gives `Some`, or fail naming `what`.
async fn until<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + STEP;
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(c: &Client, css: &str) -> Option<String> {
    c.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

async fn fill(c: &Client, pointer: &str, value: &str) {
    let css = format!("input[data-pointer=\"{pointer}\"]");
    let input = c
        .find(Locator::Css(&css))
        .await
        .unwrap_or_else(|e| panic!("field {pointer}: {e}"));
    input.send_keys(value).await.unwrap();
}

/// Choose `file` for the image field at `pointer` and wait until the page read it.
async fn upload(c: &Client, pointer: &str, file: &Path) {
    let css = format!("input[type=file][data-pointer=\"{pointer}\"]");
    let input = c
        .find(Locator::Css(&css))
        .await
        .unwrap_or_else(|e| panic!("image field {pointer}: {e}"));
    input.send_keys(&file.display().to_string()).await.unwrap();
    let status = format!("div.field.image:has(input[data-pointer=\"{pointer}\"]) .image-status");
    until(&format!("{pointer} to be read"), || async {
        text_of(c, &status).await.filter(|t| t.contains("bytes"))
    })
    .await;
}

/// Start `resource` from the console's form: the instance id and its page's path,
/// from the link the console shows.
async fn start_from_console(c: &Client, sandbox: &Sandbox, resource: &str) -> (String, String) {
    c.goto(&sandbox.console_url()).await.unwrap();
    c.find(Locator::Css("#start-journey"))
        .await
        .unwrap()
        .select_by_value(resource)
        .await
        .unwrap();
    c.find(Locator::Css("#start"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let link = until("the started instance's link", || async {
        c.find(Locator::Css("#started-link")).await.ok()
    })
    .await;
    let page = link.attr("href").await.unwrap().expect("a page URL");
    (link.text().await.unwrap(), page)
}

/// The members the page shows for the object at `pointer`, in page order.
async fn members(c: &Client, pointer: &str) -> Vec<String> {
    let found = c
        .execute(
            "return Array.from(document.querySelectorAll(`fieldset[data-pointer=\"${arguments[0]}\"] > [data-member]`))\
               .map(e => e.getAttribute('data-member'));",
            vec![json!(pointer)],
        )
        .await
        .unwrap();
    serde_json::from_value::<Vec<String>>(found)
        .unwrap()
        .into_iter()
        .map(|p| p.rsplit('/').next().unwrap_or_default().to_owned())
        .collect()
}

async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.map_or(0, |v| v.len())
}

async fn save_screenshot(c: &Client, dir: &Path, name: &str) -> PathBuf {
    let png = c.screenshot().await.expect("a screenshot");
    let path = dir.join(name);
    std::fs::write(&path, png).expect("the screenshot is written");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journey_driven_in_chromium_from_the_console_to_a_decision() {
    let started = Instant::now();
    let sandbox = Sandbox::start(Config::default().show_values(true))
        .await
        .expect("the sandbox starts");
    let base = sandbox.base_url().to_owned();
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/browser-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    // chromium-driver takes only canonical paths for uploads.
    let artifacts = artifacts.canonicalize().unwrap();
    let image = artifacts.join("document.png");
    std::fs::write(&image, PNG).unwrap();

    // The CSP header, as the browser receives it.
    let r = reqwest::get(sandbox.console_url()).await.unwrap();
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );

    let (_driver, port) = start_driver().await;
    let c = browser(port).await;

    // 1. Start the journey from the console.
    let (id, page) = start_from_console(&c, &sandbox, "verification@1").await;
    assert_eq!(page, format!("/journey/{id}"));

    // 2. Its end-user page: the details.
    c.goto(&format!("{base}{page}")).await.unwrap();
    until("the details form", || async {
        text_of(&c, "#interaction-name")
            .await
            .filter(|t| t == "details")
    })
    .await;
    let at = |p: &str| format!("/context/subject/identity/{p}");
    // The members in the order the schema file has them (the served schema itself
    // comes sorted).
    assert_eq!(
        members(&c, "/context/subject/identity").await,
        [
            "title",
            "firstName",
            "middleNames",
            "lastNames",
            "dateOfBirth",
            "currentAddress",
            "phones"
        ]
    );
    fill(&c, &at("firstName"), MARKUP).await;
    fill(&c, &at("lastNames/0"), "Lovelace").await;
    // A date input takes the date in the browser's locale order; set it as the
    // browser would after a pick, and check the page reads it.
    c.execute(
        "document.querySelector('input[data-pointer=\"/context/subject/identity/dateOfBirth\"]').value = '1815-12-10';",
        vec![],
    )
    .await
    .unwrap();
    fill(&c, &at("currentAddress/thoroughfare"), "St James's Square").await;
    fill(&c, &at("currentAddress/locality"), "London").await;
    fill(&c, &at("currentAddress/postalCode"), "SW1Y 4JU").await;
    // Lower case breaks the schema's pattern: the violation shows at its field.
    fill(&c, &at("currentAddress/country"), "gb").await;
    c.find(Locator::Css("#submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let shown = until("the country's violation at its field", || async {
        text_of(
            &c,
            ".field-errors[data-pointer=\"/context/subject/identity/currentAddress/country\"]",
        )
        .await
        .filter(|t| t.contains("pattern"))
    })
    .await;
    assert!(!shown.contains("gb"), "the value stays out: {shown}");
    let country = c
        .find(Locator::Css(&format!(
            "input[data-pointer=\"{}\"]",
            at("currentAddress/country")
        )))
        .await
        .unwrap();
    country.clear().await.unwrap();
    country.send_keys("GB").await.unwrap();
    c.find(Locator::Css("#submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until("the documents interaction", || async {
        text_of(&c, "#interaction-name")
            .await
            .filter(|t| t == "documents")
    })
    .await;
    // What the user typed is listed, as text.
    let typed = text_of(&c, "#typed-list").await.unwrap_or_default();
    assert!(typed.contains(MARKUP), "{typed}");
    assert_eq!(count(&c, "#typed-list img").await, 0);
    assert_eq!(count(&c, "img").await, 0, "markup became an element");

    // 3. The front, alone: the page asks for the back.
    let doc = "/context/subject/documents/0";
    fill(&c, &format!("{doc}/type"), "primary").await;
    upload(&c, &format!("{doc}/side1Image"), &image).await;
    c.find(Locator::Css("#submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until("Side2Required's notice", || async {
        text_of(&c, "#notice").await.filter(|t| t.contains("back"))
    })
    .await;
    save_screenshot(&c, &artifacts, "end-user-page.png").await;

    // 4. The back (the page's placeholder) and a selfie (a file).
    c.find(Locator::Css(&format!(
        "button.placeholder[data-pointer=\"{doc}/side2Image\"]"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let selfie = "/context/subject/biometrics/0";
    fill(&c, &format!("{selfie}/type"), "selfie").await;
    upload(&c, &format!("{selfie}/selfieImage"), &image).await;
    c.find(Locator::Css("#submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until("the journey's end on the page", || async {
        text_of(&c, "#notice")
            .await
            .filter(|t| t.contains("complete"))
    })
    .await;

    // 5. The decision, in the console.
    c.goto(&sandbox.console_url()).await.unwrap();
    let card = format!("article[data-instance=\"{id}\"]");
    let decision = until("the decision in the console", || async {
        text_of(&c, &format!("{card} .decision"))
            .await
            .filter(|t| t.contains("Pass"))
    })
    .await;
    assert!(decision.contains("Document verification"), "{decision}");
    assert!(decision.contains("Fraud check"), "{decision}");
    // The name with markup, in the console's subject view (values shown): text.
    c.find(Locator::Css(&format!("{card} details.more summary")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let subject = text_of(&c, &format!("{card} pre.subject"))
        .await
        .unwrap_or_default();
    assert!(subject.contains(MARKUP), "{subject}");
    assert_eq!(count(&c, "#instance-list img").await, 0);
    let log = text_of(&c, &format!("{card} table.log"))
        .await
        .unwrap_or_default();
    assert!(
        log.is_empty() || !log.contains("Ada"),
        "the log holds no values"
    );
    let shot = save_screenshot(&c, &artifacts, "console.png").await;

    // 6. A cross-site form post, from a page of another origin: refused, and nothing
    // started.
    let before: Value = reqwest::get(format!("{base}/_sandbox/counters"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    c.goto("about:blank").await.unwrap();
    c.execute(
        "const f = document.createElement('form'); f.method = 'POST'; \
         f.action = arguments[0]; f.enctype = 'text/plain'; \
         const i = document.createElement('input'); i.name = '{\"resourceId\":\"verification\",\"x\":\"'; \
         i.value = '\"}'; f.appendChild(i); document.body.appendChild(f); f.submit();",
        vec![json!(format!("{base}/_sandbox/console/start"))],
    )
    .await
    .unwrap();
    let refusal = until("the cross-site post's refusal", || async {
        text_of(&c, "body").await.filter(|t| t.contains("refused"))
    })
    .await;
    assert!(refusal.contains("Cross-site request refused"), "{refusal}");
    let after: Value = reqwest::get(format!("{base}/_sandbox/counters"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(before["journeysStarted"], after["journeysStarted"]);

    c.close().await.unwrap();
    eprintln!(
        "browser test: {:.1} s; screenshots: {} and {}",
        started.elapsed().as_secs_f64(),
        shot.display(),
        artifacts.join("end-user-page.png").display()
    );
}

/// A journey whose schema has every kind of member the page renders besides those of
/// the verification journey: an enum, an integer, a number, a boolean, a `oneOf`
/// (branch picker) inside an array (add and remove), and a member with no type (the
/// JSON fallback). What the sandbox holds afterwards shows each control's value
/// reached it with its JSON type.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_member_reaches_the_sandbox_with_its_type() {
    let sandbox = Sandbox::start(Config::default().show_values(true))
        .await
        .expect("the sandbox starts");
    // Published over HTTP as written: the page shows the members in this order.
    let definition = r#"{"resourceId": "widgets", "name": "Every widget", "versions": [{"version": "1",
      "tasks": [{"name": "about", "schema": {"type": "object", "properties": {"context": {"type": "object",
        "properties": {"subject": {"type": "object", "required": ["identity"], "properties": {"identity": {
          "type": "object",
          "properties": {
            "gender": {"type": "string", "enum": ["M", "F", "X"]},
            "age": {"type": "integer", "minimum": 18},
            "score": {"type": "number"},
            "pep": {"type": "boolean"},
            "idNumbers": {"type": "array", "minItems": 1, "items": {"oneOf": [
              {"title": "SSN", "type": "object", "properties": {"ssn": {"type": "string"}}, "required": ["ssn"], "additionalProperties": false},
              {"title": "NIN", "type": "object", "properties": {"nin": {"type": "string"}}, "required": ["nin"], "additionalProperties": false}
            ]}},
            "notes": {"description": "Anything the schema does not type.", "not": {"type": "null"}}
          },
          "required": ["gender", "age", "pep"]}}}}}}}}]}]}"#;
    let r = reqwest::Client::new()
        .post(format!("{}/_sandbox/journeys", sandbox.base_url()))
        .body(definition)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    let (_driver, port) = start_driver().await;
    let c = browser(port).await;
    let (id, page) = start_from_console(&c, &sandbox, "widgets@1").await;
    c.goto(&format!("{}{page}", sandbox.base_url()))
        .await
        .unwrap();
    until("the form", || async {
        text_of(&c, "#interaction-name")
            .await
            .filter(|t| t == "about")
    })
    .await;
    let at = |p: &str| format!("/context/subject/identity/{p}");
    // The members in the order the definition has them.
    assert_eq!(
        members(&c, "/context/subject/identity").await,
        ["gender", "age", "score", "pep", "idNumbers", "notes"]
    );
    let select = |p: String| {
        let c = c.clone();
        async move {
            c.find(Locator::Css(&format!("select[data-pointer=\"{p}\"]")))
                .await
                .unwrap_or_else(|e| panic!("select {p}: {e}"))
        }
    };
    select(at("gender"))
        .await
        .select_by_label("X")
        .await
        .unwrap();
    fill(&c, &at("age"), "42").await;
    fill(&c, &at("score"), "3.5").await;
    select(at("pep"))
        .await
        .select_by_label("Yes")
        .await
        .unwrap();
    // Add a second id number, then remove it again.
    let add = format!("button.add[data-pointer=\"{}\"]", at("idNumbers"));
    c.find(Locator::Css(&add))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(count(&c, ".items > .item").await, 2);
    let removes = c
        .find_all(Locator::Css(".items > .item > button.remove"))
        .await
        .unwrap();
    removes[1].click().await.unwrap();
    assert_eq!(count(&c, ".items > .item").await, 1);
    // The branch picker: the NIN branch.
    select(at("idNumbers/0"))
        .await
        .select_by_label("NIN")
        .await
        .unwrap();
    fill(&c, &at("idNumbers/0/nin"), "QQ123456C").await;
    let notes = c
        .find(Locator::Css(&format!(
            "textarea[data-pointer=\"{}\"]",
            at("notes")
        )))
        .await
        .unwrap();
    notes.send_keys("{\"tags\": [1, \"two\"]}").await.unwrap();
    c.find(Locator::Css("#submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until("the journey's end on the page", || async {
        text_of(&c, "#notice")
            .await
            .filter(|t| t.contains("complete"))
    })
    .await;
    c.close().await.unwrap();
    let state: Value = reqwest::get(format!("{}/_sandbox/console/state", sandbox.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let instance = state["instances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["instanceId"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        instance["subject"],
        json!({"identity": {"gender": "X", "age": 42, "score": 3.5, "pep": true,
            "idNumbers": [{"nin": "QQ123456C"}], "notes": {"tags": [1, "two"]}}}),
        "{instance}"
    );
    assert_eq!(instance["status"], "Completed");
}

/// The console updates live: opened before a client starts and drives a journey over
/// the API, it shows the new instance, its request log and then its decision without
/// a reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_follows_a_journey_driven_over_the_api() {
    let sandbox = Sandbox::start(Config::default())
        .await
        .expect("the sandbox starts");
    let base = sandbox.base_url().to_owned();
    let (_driver, port) = start_driver().await;
    let c = browser(port).await;
    c.goto(&sandbox.console_url()).await.unwrap();
    until("the console's first state", || async {
        text_of(&c, "#clock").await.filter(|t| !t.is_empty())
    })
    .await;

    // A client elsewhere: the v2 API with a customer token.
    let http = reqwest::Client::new();
    let token = common::customer_token(&http, &base).await;
    let post = |path: &'static str, body: Value| {
        let http = http.clone();
        let token = token.clone();
        let base = base.clone();
        async move {
            let r = http
                .post(format!("{base}/v2/captain/journey/{path}"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "{path}: {}", r.status());
            r.json::<Value>().await.unwrap()
        }
    };
    let subject = json!({"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"thoroughfare": "St James's Square", "locality": "London", "postalCode": "SW1Y 4JU", "country": "GBR"}},
        "documents": [{"type": "primary", "side1Image": "Zg==", "side2Image": "Yg=="}],
        "biometrics": [{"selfieImage": "cw=="}]});
    let started = post(
        "start",
        json!({"resourceId": "verification", "context": {"config": {"delivery": "api"}, "subject": subject}}),
    )
    .await;
    let id = started["instanceId"].as_str().unwrap().to_owned();
    let card = format!("article[data-instance=\"{id}\"]");
    // The prefill completed both interactions: the modules decide.
    let decision = until("the decision, live", || async {
        text_of(&c, &format!("{card} .decision"))
            .await
            .filter(|t| t.contains("Pass"))
    })
    .await;
    assert!(decision.contains("Fraud check"), "{decision}");
    post("state/fetch", json!({"instanceId": id})).await;
    c.find(Locator::Css(&format!("{card} details.more summary")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let log = until("the request log, live", || async {
        text_of(&c, &format!("{card} table.log"))
            .await
            .filter(|t| t.contains("/v2/captain/journey/state/fetch"))
    })
    .await;
    assert!(log.contains("/v2/captain/journey/start"), "{log}");
    // Values are redacted by default, live views included.
    let subject = text_of(&c, &format!("{card} pre.subject"))
        .await
        .unwrap_or_default();
    assert!(
        subject.contains("<redacted>") && !subject.contains("Lovelace"),
        "{subject}"
    );
    c.close().await.unwrap();
}
