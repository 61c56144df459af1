//! `gbg-go pull` and `gbg-go drift` end to end against the sandbox (in-process, on
//! loopback): pull a journey, pull it again (no byte changes), generate from the
//! pulled schema (the lock's constants; a hand-edited schema is a build error), then
//! publish a new version that changes three rules, and check that `drift` reports
//! exactly those three, that a pinned start still gets the old version, and that
//! `@latest` gets the new one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use gbg_go_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn gbg_go(url: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("gbg-go")
        .unwrap()
        .current_dir(repo())
        .env("GBG_GO_BASE_URL", url)
        .env("GBG_GO_CLIENT_ID", "sandbox-client")
        .env("GBG_GO_CLIENT_SECRET", "sandbox-secret")
        .env_remove("GBG_GO_API")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn who(postal_code: &str, title_required: bool, nationality: bool) -> Value {
    let mut identity = json!({
        "type": "object",
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "firstName": {"type": "string", "minLength": 1},
            "lastNames": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            "currentAddress": {"type": "object", "properties": {
                "postalCode": {"type": "string", "pattern": postal_code},
                "country": {"type": "string", "pattern": "^[A-Z]{2,3}$"}
            }, "required": ["postalCode", "country"]}
        },
        "required": ["firstName", "lastNames"]
    });
    if title_required {
        identity["required"] = json!(["firstName", "lastNames", "title"]);
    }
    if nationality {
        identity["properties"]["nationality"] =
            json!({"type": "string", "pattern": "^[A-Z]{2,3}$"});
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Who",
        "type": "object",
        "properties": {"context": {"type": "object", "properties": {"subject": {
            "type": "object", "properties": {"identity": identity}, "required": ["identity"]
        }}, "required": ["subject"]}},
        "required": ["context"]
    })
}

fn consent() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {"context": {"type": "object", "properties": {"subject": {
            "type": "object", "properties": {"consent": {"type": "array", "minItems": 1}}, "required": ["consent"]
        }}, "required": ["subject"]}},
        "required": ["context"]
    })
}

fn version(v: &str, who: Value) -> Value {
    json!({"resourceId": "drifty", "name": "Drift test", "versions": [
        {"version": v, "tasks": [{"name": "who", "schema": who}, {"name": "consent", "schema": consent()}]}
    ]})
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn pull_lock_generate_and_drift() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sb = rt
        .block_on(Sandbox::start(Config::default().seed(4)))
        .unwrap();
    let url = sb.base_url().to_owned();
    sb.publish(&version("1", who("^[A-Z0-9 ]{3,10}$", false, false)))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let out_s = out.to_str().unwrap();

    // Pull: one file per interaction, and the lock.
    let (code, stdout, err) = gbg_go(&url, &["pull", "drifty@latest", "--out", out_s]);
    assert_eq!(code, 0, "{err}");
    let pulled: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(pulled["pinned"], "drifty@1");
    let names: BTreeSet<String> = snapshot(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["drifty.consent.json", "drifty.who.json", "gbg-go.lock"]
            .map(String::from)
            .into()
    );
    let lock = gbg_go::lock::Lock::read(&out.join("gbg-go.lock")).unwrap();
    assert_eq!(
        (
            lock.resource_id.as_str(),
            lock.delivery_id.as_str(),
            lock.resolved_version.as_str()
        ),
        ("drifty@latest", "drifty", "1")
    );
    assert_eq!(gbg_go::client::locked(&lock).to_string(), "drifty@1");

    // Pulling the same version again changes no byte.
    let before = snapshot(&out);
    let (code, stdout, err) = gbg_go(&url, &["pull", "drifty@latest", "--out", out_s]);
    assert_eq!(code, 0, "{err}");
    let again: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(again["changed"], json!([]));
    let after = snapshot(&out);
    let bytes_changed: usize = before
        .iter()
        .zip(&after)
        .map(|((_, a), (_, b))| {
            a.iter().zip(b).filter(|(x, y)| x != y).count() + a.len().abs_diff(b.len())
        })
        .sum();
    assert_eq!(before.len(), after.len());
    assert_eq!(
        bytes_changed, 0,
        "a second pull of the same version changed bytes"
    );
    println!("second pull: {bytes_changed} bytes changed");

    // No drift yet.
    let lock_path = out.join("gbg-go.lock");
    let lock_s = lock_path.to_str().unwrap();
    let (code, stdout, err) = gbg_go(&url, &["drift", "--lock", lock_s]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("no schema changed"), "{stdout}");

    // Generated code carries the locked version; a hand-edited schema is refused.
    let who_file = out.join("drifty.who.json");
    let (code, code_out, err) = gbg_go(&url, &["generate", who_file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        code_out.contains(r#"pub const RESOLVED_VERSION: &str = "1";"#),
        "{code_out}"
    );
    assert!(code_out.contains(r#"pub const DELIVERY_ID: &str = "drifty";"#));
    let original = std::fs::read_to_string(&who_file).unwrap();
    std::fs::write(&who_file, original.replace("{3,10}", "{3,11}")).unwrap();
    let (code, _, err) = gbg_go(&url, &["generate", who_file.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("drifty.who.json") && err.contains("lock"),
        "{err}"
    );
    // Reformatting keeps the hash: only content counts.
    let reformatted: Value = serde_json::from_str(&original).unwrap();
    std::fs::write(&who_file, serde_json::to_string(&reformatted).unwrap()).unwrap();
    let (code, _, err) = gbg_go(&url, &["generate", who_file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(&who_file, &original).unwrap();

    // The dashboard republishes: three rules change.
    sb.publish(&version("2", who("^[A-Z0-9]{5}$", true, true)))
        .unwrap();
    let made: BTreeSet<(String, bool)> = [
        ("/context/subject/identity/currentAddress/postalCode", true),
        ("/context/subject/identity/title", true),
        ("/context/subject/identity/nationality", false),
    ]
    .into_iter()
    .map(|(p, b)| (p.to_owned(), b))
    .collect();
    let (code, stdout, err) = gbg_go(&url, &["drift", "--lock", lock_s, "--format", "json"]);
    assert_eq!(code, 1, "a breaking change: {err}");
    let report: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(
        (
            report["lockedVersion"].as_str(),
            report["liveVersion"].as_str()
        ),
        (Some("1"), Some("2"))
    );
    let detected: BTreeSet<(String, bool)> = report["drifted"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["changes"].as_array().unwrap().clone())
        .map(|c| {
            (
                c["pointer"].as_str().unwrap().to_owned(),
                c["breaking"].as_bool().unwrap(),
            )
        })
        .collect();
    let listed: usize = report["drifted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["changes"].as_array().unwrap().len())
        .sum();
    println!("changes made: {made:?}\nchanges detected: {detected:?} ({listed} listed)");
    assert_eq!(detected, made, "all changes detected, none invented");
    assert_eq!(listed, made.len(), "each change listed once");
    let (code, human, _) = gbg_go(&url, &["drift", "--lock", lock_s]);
    assert_eq!(code, 1);
    assert!(
        human.contains("breaking     /context/subject/identity/currentAddress/postalCode"),
        "{human}"
    );

    // A pinned start still gets the old version; @latest the new one.
    let started = |resource: &str| {
        let (code, stdout, err) = gbg_go(&url, &["journey", "start", resource]);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(stdout.trim()).unwrap();
        let id = v["instanceId"].as_str().unwrap().to_owned();
        let inside: Value = rt.block_on(async {
            reqwest::get(format!("{url}/_sandbox/instances/{id}"))
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        });
        inside["resourceId"].as_str().unwrap().to_owned()
    };
    assert_eq!(started(&lock.pinned_resource_id()), "drifty@1");
    assert_eq!(started("drifty@latest"), "drifty@2");

    // One journey per folder: another journey's pull is refused, nothing overwritten.
    let before = snapshot(&out);
    let (code, _, err) = gbg_go(&url, &["pull", "consent@latest", "--out", out_s]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("belongs to journey `drifty`"), "{err}");
    assert_eq!(snapshot(&out), before);

    // v1 journeys have no schema/fetch: pull says how to export them instead.
    let (code, _, err) = gbg_go(
        &url,
        &["pull", "--api", "v1", "drifty@latest", "--out", out_s],
    );
    assert_eq!(code, 2);
    assert!(err.contains("dashboard"), "{err}");

    // A folder that cannot be created is an I/O error: exit 4, naming the path.
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let under_file = blocker.join("schemas");
    let (code, _, err) = gbg_go(
        &url,
        &[
            "pull",
            "drifty@latest",
            "--out",
            under_file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("cannot create"), "{err}");
    assert!(err.contains("a-file"), "{err}");

    // Breaking or not, an unreachable GO is exit 4.
    let (code, _, _) = gbg_go("http://127.0.0.1:9", &["drift", "--lock", lock_s]);
    assert_eq!(code, 4);
    drop(sb);
}
