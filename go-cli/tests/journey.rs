//! `gbg-go sandbox` and `gbg-go journey …` end to end: the sandbox command runs as a
//! child process, the journey commands talk to it over loopback HTTP.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct SandboxProcess {
    child: Child,
    url: String,
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sandbox(extra: &[&str]) -> SandboxProcess {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("gbg-go"))
        .args(["sandbox", "--port", "0", "--seed", "5"])
        .args(extra)
        .current_dir(repo())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("GO sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_owned();
    // Keep draining stderr so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    SandboxProcess { child, url }
}

fn journey(sb: &SandboxProcess, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("gbg-go")
        .unwrap()
        .current_dir(repo())
        .env("GBG_GO_BASE_URL", &sb.url)
        .env("GBG_GO_CLIENT_ID", "sandbox-client")
        .env("GBG_GO_CLIENT_SECRET", "sandbox-secret")
        .env_remove("GBG_GO_API")
        .arg("journey")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn start_tasks_schema_submit_state_wait() {
    let sb = sandbox(&[]);
    let dir = tempfile::tempdir().unwrap();
    let prefill = dir.path().join("prefill.json");
    std::fs::write(
        &prefill,
        r#"{"context": {"subject": {"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}}}}"#,
    )
    .unwrap();
    let (code, out, err) = journey(
        &sb,
        &[
            "--api",
            "v1",
            "start",
            "onboarding@1",
            "--prefill",
            prefill.to_str().unwrap(),
            "--schema",
            "schemas/kyc.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let started: Value = serde_json::from_str(out.trim()).unwrap();
    let id = started["instanceId"].as_str().unwrap().to_owned();

    let (code, out, err) = journey(&sb, &["--api", "v1", "tasks", &id]);
    assert_eq!(code, 0, "{err}");
    let task = out.lines().next().unwrap().to_owned();
    let (code, out, _) = journey(&sb, &["--api", "v1", "schema", &task]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["title"], "Consent");

    // Invalid data is refused locally (exit 1), with the pointer and no value.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"context": {"subject": {"consent": [{"type": "sometimes", "url": "https://x.example"}]}}}"#).unwrap();
    let (code, _, err) = journey(
        &sb,
        &["--api", "v1", "submit", &id, &task, bad.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("/context/subject/consent/0/type"), "{err}");
    assert!(!err.contains("sometimes"));

    let (code, out, _) = journey(&sb, &["--api", "v1", "state", &id]);
    assert_eq!(code, 0);
    let state: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(state["phase"], "PendingInput");
    assert_eq!(state["subject"]["identity"]["firstName"], "<redacted>");
    let (_, out, _) = journey(&sb, &["--api", "v1", "state", &id, "--show-values"]);
    assert!(out.contains("Lovelace"));

    let good = dir.path().join("good.json");
    std::fs::write(&good, r#"{"context": {"subject": {"consent": [{"type": "explicit", "url": "https://example.com/t"}]}}}"#).unwrap();
    let (code, _, err) = journey(
        &sb,
        &["--api", "v1", "submit", &id, &task, good.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = journey(&sb, &["--api", "v1", "wait", &id, "--timeout", "30"]);
    assert_eq!(code, 0, "{err}");
    let state: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(state["status"], "Completed");
    assert!(!out.contains("Lovelace"), "redacted by default");
}

/// The v2 commands (the default generation): interaction, submit-interaction with
/// participants worked out, upload, result, hand-off is refused for a customer
/// token, terminate.
#[test]
fn v2_interaction_commands() {
    let sb = sandbox(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = journey(&sb, &["start", "verification@latest"]);
    assert_eq!(code, 0, "{err}");
    let started: Value = serde_json::from_str(out.trim()).unwrap();
    let id = started["instanceId"].as_str().unwrap().to_owned();
    let (code, out, err) = journey(&sb, &["interaction", &id]);
    assert_eq!(code, 0, "{err}");
    let i: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(i["pendingInput"], true);
    assert!(
        i["outstanding"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "FullName"),
        "{i}"
    );
    let details = dir.path().join("details.json");
    std::fs::write(&details, r#"{"context": {"subject": {"identity": {"firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"thoroughfare": "St James's Square", "locality": "London", "postalCode": "SW1Y 4JH", "country": "GBR"}}}}}"#).unwrap();
    let (code, out, err) = journey(&sb, &["submit-interaction", &id, details.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let sent: Value = serde_json::from_str(out.trim()).unwrap();
    let names: Vec<&str> = sent["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["domainElementId"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["FullName", "DateOfBirth", "CurrentAddress"]);
    assert!(!out.contains("Lovelace"), "no values in the output");
    // An image goes up as an asset.
    let image = dir.path().join("front.jpg");
    std::fs::write(&image, b"\xff\xd8 not really a jpeg").unwrap();
    let (code, out, err) = journey(
        &sb,
        &[
            "upload",
            &id,
            "PrimaryDocument/side1Image",
            image.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let up: Value = serde_json::from_str(out.trim()).unwrap();
    assert!(up["gofsKey"].as_str().unwrap().starts_with("gofs://"));
    let (code, _, err) = journey(&sb, &["upload", &id, "FullName", image.to_str().unwrap()]);
    assert_eq!(
        code, 4,
        "GO's 422 for an element it takes no uploads for: {err}"
    );
    // Hand-off takes the end user's session: GO refuses a customer's with 403 —
    // the client makes one by itself.
    let (code, out, err) = journey(&sb, &["handoff", &id]);
    assert_eq!(code, 0, "{err}");
    let h: Value = serde_json::from_str(out.trim()).unwrap();
    assert!(h["instanceUrl"].as_str().unwrap().starts_with(&sb.url));
    let (code, out, err) = journey(&sb, &["result", &id]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["decision"], "Pending");
    let (code, _, err) = journey(&sb, &["terminate", &id, "--reason", "test"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = journey(&sb, &["result", &id, "--slim"]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["decision"], "Failed");
    assert_eq!(r["result"]["slimStatus"], "error");
    let (code, _, _) = journey(&sb, &["tasks", &id]);
    assert_eq!(code, 2, "v1 operations under v2 are a usage error");
}

#[test]
fn errors_and_secrets() {
    let sb = sandbox(&["--script", "journey/start=500"]);
    // A start that may have reached GO: exit 4 and an "outcome unknown" message.
    let (code, _, err) = journey(&sb, &["start", "onboarding@1"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("outcome unknown"), "{err}");
    // A bare id means the latest version; a malformed one is a usage error.
    let (code, _, err) = journey(&sb, &["start", "onboarding"]);
    assert_eq!(code, 0, "a bare id starts the latest version: {err}");
    let (code, _, err) = journey(&sb, &["start", "onboarding@"]);
    assert_eq!(code, 2, "not a resource id: {err}");
    let (code, _, err) = journey(&sb, &["start", "nope@latest"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("404"));
    // Wrong credentials: the secret is never echoed.
    let out = Command::cargo_bin("gbg-go")
        .unwrap()
        .env("GBG_GO_BASE_URL", &sb.url)
        .env("GBG_GO_CLIENT_ID", "sandbox-client")
        .env("GBG_GO_CLIENT_SECRET", "hunter2-secret")
        .args(["journey", "state", "any-instance-0000000"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4));
    assert!(err.contains("authentication failed"), "{err}");
    assert!(!err.contains("hunter2"));
    // No connection settings at all: usage.
    let out = Command::cargo_bin("gbg-go")
        .unwrap()
        .env_remove("GBG_GO_BASE_URL")
        .env_remove("GBG_GO_REGION")
        .args(["journey", "tasks", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sandbox_flags_and_bad_journeys() {
    let r = Command::cargo_bin("gbg-go")
        .unwrap()
        .args(["sandbox", "--fault", "*:bogus=1"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.json"),
        "{\n  \"type\": \"object\",\n  \"minLength\": []\n}",
    )
    .unwrap();
    let r = Command::cargo_bin("gbg-go")
        .unwrap()
        .args(["sandbox", "--port", "0", "--journeys"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(3), "{err}");
    assert!(err.contains("broken.json:3:"), "{err}");
    // A journeys directory with the project's schemas: each one is published.
    let sb = sandbox(&["--journeys", "schemas", "--token-ttl", "60"]);
    let health = reqwest_blocking_get(&format!("{}/captain/api/journey/health", sb.url));
    assert!(health.contains("OK"));
    let list = reqwest_blocking_get(&format!("{}/_sandbox/journeys", sb.url));
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 10, "{list}");
}

/// A plain HTTP GET over std's TCP (the CLI tests need no HTTP client crate).
fn reqwest_blocking_get(url: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default()
}

#[test]
fn the_sandbox_accepts_the_credentials_it_is_given() {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("gbg-go"))
        .args(["sandbox", "--port", "0", "--client-id", "team-client"])
        .env("GBG_GO_CLIENT_SECRET", "team-secret")
        .current_dir(repo())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = lines
        .next()
        .unwrap()
        .unwrap()
        .replace("GO sandbox listening on ", "");
    std::thread::spawn(move || for _ in lines.by_ref() {});
    let sb = SandboxProcess { child, url };
    // The defaults are refused now; the configured pair is accepted.
    let (code, _, err) = journey(&sb, &["start", "onboarding@1"]);
    assert_eq!(code, 4, "{err}");
    let out = Command::cargo_bin("gbg-go")
        .unwrap()
        .env("GBG_GO_BASE_URL", &sb.url)
        .env("GBG_GO_CLIENT_ID", "team-client")
        .env("GBG_GO_CLIENT_SECRET", "team-secret")
        .args(["journey", "start", "onboarding@1"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
