//! `cargo run -p gbg-go-example-v2-capture`: GO's v2 capture flow, offline, with
//! generated types, to a typed decision.
//!
//! 1. A sandbox scenario makes the fraud check answer `Flag` (in GO's sandbox, the
//!    same API scripts module outcomes).
//! 2. The journey starts with that scenario; four typed submits follow what GO asks
//!    for: the details, the front of a driving licence, its back (uploaded as an
//!    asset, after GO's `Side2Required`), the selfie.
//! 3. The modules run, and the decision comes back: neutral, with each step's
//!    outcome and classification.

use gbg_go::client::wire::scenario::{ModuleOutcome, ScenarioData};
use gbg_go::client::{Client, Decision, StartOptions};
use gbg_go_example_v2_capture::{ada, capture};
use gbg_go_sandbox::{Config, Sandbox};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let sandbox = Sandbox::start(Config::default()).await?;
    let creds = sandbox.credentials();
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .client_credentials(creds.client_id.clone(), creds.client_secret.clone())
        .build()?;
    println!("GO sandbox at {} (v2)", sandbox.base_url());

    let flagged = ScenarioData {
        description: Some("Fraud flagged on the second module".into()),
        modules: [(
            "fraudCheck".to_owned(),
            ModuleOutcome {
                outcome: "Flag".into(),
                ..Default::default()
            },
        )]
        .into(),
        default_outcome: None,
        default_advice: None,
        classification: None,
    };
    client
        .create_scenario("verification", "flagged", &flagged)
        .await?;
    println!("1. scenario `flagged` created");

    let options = StartOptions {
        scenario: Some("flagged".into()),
        ..StartOptions::default()
    };
    let run = capture(&client, &ada("Driving Licence")?, &options).await?;
    println!("2. {}: submitted {:?}", run.instance, run.sent);

    let state = &run.state;
    let result = state.result.as_ref().ok_or("a result")?;
    println!(
        "3. decision: {:?} — outcome {:?}, classification {:?}",
        state.decision(),
        result.outcome,
        result.classification
    );
    for step in &state.steps {
        println!(
            "   step {:?} ({:?}): {:?}, {:?}",
            step.node_id, step.name, step.outcome, step.classification
        );
    }
    assert_eq!(state.decision(), Decision::Neutral);
    Ok(())
}
