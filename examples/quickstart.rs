//! Quickstart: a whole GO journey, offline, in one run.
//!
//! `cargo run --example quickstart`
//!
//! 1. Starts the local GO sandbox in-process, serving the project's fixture journeys
//!    (`onboarding@1` asks for the KYC identity task and a consent task).
//! 2. Builds the prefill with `gbg_go::prefill!`, which checked it against
//!    `schemas/kyc.json` (the task schema in the GO dashboard's export form) while
//!    this example compiled — a mistake in the literal is a compile error. The same
//!    document also builds the Rust type generated from that schema.
//! 3. Starts the journey through the typed client; the prefill completes the
//!    identity task. Lists the remaining task, fetches its schema, shows that wrong
//!    data is refused locally with the place and the rule but no value, submits the
//!    consent, waits for completion and prints the typed decision and the final
//!    state, redacted.
//!
//! This is GO's v1 task flow, the one most integrations start from (one setting on
//! the client). `cargo run -p gbg-go-example-v2-capture` runs the v2 capture flow with
//! generated types (`examples/v2-capture`).

#[allow(dead_code)]
mod kyc {
    include!("../tests/snapshots/kyc.rs");
}

use gbg_go::client::{ApiVersion, Client, Decision, Intent, ResourceId};
use gbg_go_sandbox::{Config, Sandbox};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The sandbox: GO's API on a loopback port, no credentials needed.
    let sandbox = Sandbox::start(Config::default()).await?;
    println!("1. GO sandbox at {}", sandbox.base_url());

    // 2. Prefill, checked while compiling.
    let prefill: gbg_go::Payload = gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {
            "firstName": "Ada",
            "lastNames": ["Lovelace"],
            "dateOfBirth": "1815-12-10",
            "currentAddress": {"lines": ["12 St James's Square"], "locality": "London", "country": "GB"}
        }}}
    });
    println!("2. prefill, checked while compiling: {prefill:?}");
    // The generated type validates fully on deserialization; its Debug hides values.
    let typed: kyc::Root = serde_json::from_value(prefill.as_json().clone())?;
    println!("   as the generated kyc::Root: {typed:?}");

    // 3. The client: tokens, retries, and an end-user session should GO want one —
    //    by itself. v2 is the default; the task flow is v1.
    let sb_creds = sandbox.credentials();
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .api(ApiVersion::V1)
        .client_credentials(sb_creds.client_id.clone(), sb_creds.client_secret.clone())
        .build()?;
    let started = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &typed)
        .await?;
    let instance = started.instance_id;
    println!(
        "3. started {instance}: {:?}",
        client.fetch_phase(&instance).await?
    );

    let tasks = client.list_tasks(&instance).await?;
    println!("   remaining tasks: {tasks:?}");
    let task = tasks.first().ok_or("the consent task should remain")?;
    let schema = client.fetch_task_schema(task).await?;
    println!("   fetched its schema: {schema:?}");

    // Wrong data is refused before it is sent: the place and the rule, no value.
    let wrong = gbg_go::Unvalidated(serde_json::json!({"context": {"subject": {
        "consent": [{"type": "sometimes", "url": "https://example.com/terms/2.1"}]
    }}}));
    let err = client
        .update_task(&instance, task, Intent::Complete, &wrong)
        .await
        .expect_err("not a consent type");
    println!("   refused locally: {err}");

    let consent: gbg_go::Payload = gbg_go::prefill!(schema = "schemas/consent.json", {
        "context": {"subject": {"consent": [{
            "type": "explicit",
            "version": "2.1",
            "url": "https://example.com/terms/2.1",
            "effectiveDate": "2026-11-26"
        }]}}
    });
    client
        .update_task(&instance, task, Intent::Complete, &consent)
        .await?;
    let done = client.wait_for_completion(&instance).await?;
    println!("   final state: {done:?}");
    assert_eq!(done.phase(), gbg_go::client::Phase::Completed);
    let decision = done.decision();
    println!(
        "   decision: {decision:?} (outcome {:?})",
        done.result.as_ref().and_then(|r| r.outcome.as_deref())
    );
    assert_eq!(decision, Decision::Positive);
    let c = sandbox.counters();
    println!(
        "   sandbox counters: {} token grant(s), {} journey(s) started, {} task(s) completed by prefill, {} by submission",
        c.token_grants,
        c.journeys_started,
        c.prefill_completions,
        c.task_completions.len()
    );
    Ok(())
}
