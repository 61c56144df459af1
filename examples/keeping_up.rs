//! Keeping up with the dashboard: pull a journey's schemas with their lock, pin
//! starts to the locked version, and catch drift when the journey is republished.
//!
//! `cargo run --example keeping_up`
//!
//! Runs against the in-process sandbox: it publishes a journey, pulls it (what
//! `gbg-go pull` does) into `target/keeping-up/schemas`, republishes it with a
//! tighter rule (what a business user does in the GO dashboard), then checks drift
//! (what `gbg-go drift` does in CI) and starts a journey pinned to the locked version.

use gbg_go::client::{locked, Client, ResourceId};
use gbg_go_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

/// A one-interaction journey whose postal code rule is `pattern`.
fn journey(version: &str, pattern: &str) -> Value {
    json!({"resourceId": "address-check", "versions": [{"version": version, "tasks": [{"name": "address", "schema": {
        "type": "object",
        "properties": {"context": {"type": "object", "properties": {"subject": {"type": "object", "properties": {
            "identity": {"type": "object", "properties": {"currentAddress": {"type": "object", "properties": {
                "postalCode": {"type": "string", "pattern": pattern},
                "country": {"type": "string", "pattern": "^[A-Z]{2,3}$"}
            }, "required": ["postalCode", "country"]}}, "required": ["currentAddress"]}
        }, "required": ["identity"]}}, "required": ["subject"]}},
        "required": ["context"]
    }}]}]})
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(Config::default()).await?;
    sandbox.publish(&journey("1", "^[A-Z0-9 ]{3,10}$"))?;
    let creds = sandbox.credentials();
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .client_credentials(creds.client_id.clone(), creds.client_secret.clone())
        .build()?;

    // 1. Pull: schema files and `gbg-go.lock` (commit both).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/keeping-up/schemas");
    let pulled = client
        .pull_schemas(&ResourceId::latest("address-check"), &dir)
        .await?;
    let lock = pulled.lock;
    println!(
        "1. pulled {} file(s) into {}: {} resolved to version {}",
        lock.files.len(),
        dir.display(),
        lock.resource_id,
        lock.resolved_version
    );
    // A second pull of the same version writes nothing.
    let again = client
        .pull_schemas(&ResourceId::latest("address-check"), &dir)
        .await?;
    assert!(again.changed.is_empty());
    println!("   pulled again: {} file(s) changed", again.changed.len());

    // 2. The dashboard republishes with a tighter postal code rule.
    sandbox.publish(&journey("2", "^[A-Z0-9]{5}$"))?;
    println!("2. republished: address-check@latest is now version 2");

    // 3. Drift, as `gbg-go drift` reports it in CI.
    let report = client.check_drift(&lock, &dir).await?;
    println!(
        "3. drift: locked {}, live {}, breaking: {}",
        report.locked_version,
        report.live_version,
        report.is_breaking()
    );
    for change in report.changes() {
        println!(
            "   {} {}: {}",
            if change.breaking {
                "breaking"
            } else {
                "non-breaking"
            },
            change.pointer,
            change.message
        );
    }
    assert!(report.is_breaking());

    // 4. Production pins starts to the locked version, so the republish cannot
    //    change what it submits to until the team has pulled and reviewed it.
    let pinned = locked(&lock);
    let started = client
        .start_journey(&pinned, &gbg_go::Unvalidated(json!({})))
        .await?;
    let state = client.fetch_state(&started.instance_id).await?;
    let version = state.raw()["context"]["process"]["journey"]["version"].clone();
    println!("4. started {pinned}: it runs version {version}");
    assert_eq!(version, "1");
    Ok(())
}
