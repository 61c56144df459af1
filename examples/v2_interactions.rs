//! The v2 interaction loop, offline, to a typed decision.
//!
//! `cargo run --example v2_interactions`
//!
//! Runs GO's v2 flow against the in-process sandbox's `verification` journey, which
//! uses GO's own subject model and two modules (document verification and a fraud
//! check):
//!
//! 1. A sandbox scenario makes the fraud check answer `Flag` (in GO's sandbox, the
//!    same API scripts module outcomes).
//! 2. The journey starts with that scenario; the loop fetches the current
//!    interaction and submits what it collects. The client names the
//!    `participants` by catalogue id (`FullName`, `CurrentAddress`,
//!    `PrimaryDocument`, …) from the data present; without them GO would answer
//!    success and collect nothing.
//! 3. After a driving licence's front, GO asks for the back (`Side2Required`); the
//!    back goes up alone as an asset, and its `gofsKey` stands in for the base64
//!    image; then the selfie. Each is its own submit, as GBG's sample backends send
//!    them: the sandbox merges them into what the journey holds.
//! 4. The modules run, and the typed decision comes back: neutral, with each step's
//!    outcome and classification.

use gbg_go::client::wire::scenario::{ModuleOutcome, ScenarioData};
use gbg_go::client::{Client, Decision, Instruction, ResourceId, StartOptions};
use gbg_go::Unvalidated;
use gbg_go_sandbox::{Config, Sandbox};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(Config::default()).await?;
    let creds = sandbox.credentials();
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .client_credentials(creds.client_id.clone(), creds.client_secret.clone())
        .build()?;
    println!(
        "GO sandbox at {} (v2, the client's default)",
        sandbox.base_url()
    );

    // 1. A scenario: the fraud check flags the person.
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

    // 2. Start, then loop over the interactions.
    let options = StartOptions {
        scenario: Some("flagged".into()),
        ..StartOptions::default()
    };
    let started = client
        .start_journey_with(
            &ResourceId::latest("verification"),
            &Unvalidated(json!({})),
            &options,
        )
        .await?;
    let id = started.instance_id;
    println!("2. started {id}");

    let details = json!({"context": {"subject": {"identity": {
        "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
        "currentAddress": {"building": "Ockham House", "premise": "12",
                           "thoroughfare": "St James's Square", "locality": "London",
                           "postalCode": "SW1Y 4JH", "country": "GBR"}
    }}}});
    let front = "ZnJvbnQgb2YgdGhlIGRvY3VtZW50"; // base64 of a (fake) image
    let mut back: Option<String> = None;
    loop {
        let interaction = client.fetch_interaction(&id).await?;
        let Some(interaction_id) = interaction.interaction_id.clone() else {
            if interaction.processing {
                println!("   no interaction: the modules are deciding");
            } else {
                println!(
                    "   no interaction: the journey is {} ({:?})",
                    interaction.status,
                    interaction.decision()
                );
            }
            break;
        };
        let outstanding: Vec<String> = interaction
            .outstanding
            .iter()
            .map(ToString::to_string)
            .collect();
        println!("   {interaction_id}: outstanding {outstanding:?}");
        // What to send next follows `outstanding`, as GBG's sample backends route
        // their capture screens: details, the front, the back, the selfie, each in
        // its own submit (partial submits merge into what the journey holds).
        let wants = |r: &str| outstanding.iter().any(|o| o.starts_with(r));
        let data = if wants("FullName") || wants("CurrentAddress") {
            details.clone()
        } else if interaction
            .instructions
            .contains(&Instruction::Side2Required)
        {
            // 3. The back alone, as an asset: its key replaces the base64 image, and
            //    the held front stays.
            let upload = client
                .upload_asset(
                    &id,
                    &interaction_id,
                    "PrimaryDocument/side2Image",
                    b"back of the document".to_vec(),
                )
                .await?;
            println!("   Side2Required: uploaded the back as {}", upload.gofs_key);
            back = Some(upload.gofs_key.clone());
            json!({"context": {"subject": {
                "documents": [{"type": "primary", "side2Image": upload.gofs_key}]
            }}})
        } else if wants("PrimaryDocument/side1Image") {
            json!({"context": {"subject": {"documents": [
                {"type": "primary", "category": "Driving Licence", "side1Image": front}
            ]}}})
        } else {
            json!({"context": {"subject": {"biometrics": [{"type": "Selfie", "selfieImage": "c2VsZmll"}]}}})
        };
        let participants = client
            .submit_interaction(&interaction, &Unvalidated(data))
            .await?;
        let names: Vec<&str> = participants
            .iter()
            .map(|p| p.domain_element_id.as_str())
            .collect();
        println!("   submitted with participants {names:?}");
    }
    assert!(back.is_some(), "GO asked for the back of the document");

    // 4. The decision.
    let state = client.wait_for_completion(&id).await?;
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
    let slim = client.fetch_state_slim(&id).await?;
    println!(
        "   slim view (authoritative status): {:?}",
        slim.result.as_ref().and_then(|r| r.slim_status.clone())
    );
    Ok(())
}
