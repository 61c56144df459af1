//! `gbg-go sandbox` and `gbg-go journey …`: the local emulator, and GO (or the
//! sandbox) driven through the typed client.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use gbg_go::client::{ApiVersion, Client, InstanceId, Intent, Region, ResourceId, TaskId};
use gbg_go_schema::text::printable;
use serde_json::{json, Value};

use crate::{EXIT_INVALID, EXIT_IO, EXIT_OK, EXIT_SCHEMA, EXIT_USAGE};

/// Where GO is and how to log in. Each flag is also read from `GBG_GO_<NAME>`;
/// prefer the environment for secrets (flags show in `ps`).
#[derive(Args, Debug)]
pub struct Connection {
    /// The host root, e.g. the sandbox's `http://127.0.0.1:8080`.
    #[arg(long, env = "GBG_GO_BASE_URL", global = true)]
    base_url: Option<String>,
    /// GBG's region: eu, us or au (when no base URL is given).
    #[arg(long, env = "GBG_GO_REGION", global = true)]
    region: Option<Region>,
    /// The token endpoint (default: GBG's for a region, `{base}/as/token.oauth2` for a base URL).
    #[arg(long, env = "GBG_GO_TOKEN_URL", global = true)]
    token_url: Option<String>,
    /// OAuth client id.
    #[arg(long, env = "GBG_GO_CLIENT_ID", global = true)]
    client_id: Option<String>,
    /// OAuth client secret (prefer the environment variable).
    #[arg(
        long,
        env = "GBG_GO_CLIENT_SECRET",
        global = true,
        hide_env_values = true
    )]
    client_secret: Option<String>,
    /// User name (password grant).
    #[arg(long, env = "GBG_GO_USERNAME", global = true)]
    username: Option<String>,
    /// Password (password grant; prefer the environment variable).
    #[arg(long, env = "GBG_GO_PASSWORD", global = true, hide_env_values = true)]
    password: Option<String>,
    /// The API generation: v2 (interactions, the default, as in GBG's docs) or v1
    /// (task paths).
    #[arg(long, env = "GBG_GO_API", global = true, default_value = "v2")]
    pub(crate) api: String,
}

impl Connection {
    fn client(&self) -> Result<Client, String> {
        let mut b = Client::builder();
        b = match (&self.base_url, self.region) {
            (Some(url), _) => b.base_url(url.clone()),
            (None, Some(region)) => b.region(region),
            (None, None) => {
                return Err(
                    "set --base-url or --region (or GBG_GO_BASE_URL / GBG_GO_REGION)".into(),
                )
            }
        };
        if let Some(url) = &self.token_url {
            b = b.token_url(url.clone());
        }
        b = b.api(match self.api.as_str() {
            "v1" => ApiVersion::V1,
            "v2" => ApiVersion::V2,
            other => return Err(format!("--api: unknown generation `{other}` (v1, v2)")),
        });
        let client_id = self
            .client_id
            .clone()
            .ok_or("set --client-id (or GBG_GO_CLIENT_ID)")?;
        let secret = self
            .client_secret
            .clone()
            .ok_or("set GBG_GO_CLIENT_SECRET (or --client-secret)")?;
        b = match (&self.username, &self.password) {
            (Some(u), Some(p)) => b.password(client_id, secret, u.clone(), p.clone()),
            (None, None) => b.client_credentials(client_id, secret),
            _ => return Err("the password grant needs both --username and --password".into()),
        };
        b.build().map_err(|e| e.to_string())
    }
}

/// `gbg-go journey …`
#[derive(Subcommand, Debug)]
pub enum Journey {
    /// Start a journey: `RESOURCE` is `<id>@latest` or `<id>@<version>`.
    Start {
        /// The resource id.
        resource: String,
        /// A task document (`{"context": {"subject": …}}`) to prefill with.
        #[arg(long)]
        prefill: Option<PathBuf>,
        /// Validate the prefill against this schema before sending.
        #[arg(long)]
        schema: Option<PathBuf>,
    },
    /// List the open tasks of an instance.
    Tasks {
        /// The instance id.
        instance: String,
    },
    /// Print a task's schema.
    Schema {
        /// The task id.
        task: String,
    },
    /// Submit task data (validated against the task's schema first).
    Submit {
        /// The instance id.
        instance: String,
        /// The task id.
        task: String,
        /// The task document file.
        data: PathBuf,
        /// Save, Complete or Validate.
        #[arg(long, default_value = "complete")]
        intent: String,
    },
    /// Print an instance's state (values redacted unless --show-values).
    State {
        /// The instance id.
        instance: String,
        /// Print the subject's values.
        #[arg(long)]
        show_values: bool,
    },
    /// Wait until the instance has finished, then print its decision.
    Wait {
        /// The instance id.
        instance: String,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 600)]
        timeout: u64,
    },
    /// Print the decision: result status, outcome, classification and steps (v2:
    /// `--slim` for GO's slim view, whose result status is authoritative).
    Result {
        /// The instance id.
        instance: String,
        /// Use the slim state view.
        #[arg(long)]
        slim: bool,
    },
    /// Print the current v2 interaction: collects, outstanding refs, instructions.
    Interaction {
        /// The instance id.
        instance: String,
    },
    /// Submit a task document to the current v2 interaction; the participants are
    /// the collected elements with data present in the document (or `--participant`).
    SubmitInteraction {
        /// The instance id.
        instance: String,
        /// The task document file (`{"context": {"subject": …}}`).
        data: PathBuf,
        /// Name the participants yourself (repeatable), e.g. `FullName`.
        #[arg(long)]
        participant: Vec<String>,
    },
    /// End an active journey.
    Terminate {
        /// The instance id.
        instance: String,
        /// Why.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Mint a link for a second device (prints the URL: it carries a secret).
    Handoff {
        /// The instance id.
        instance: String,
    },
    /// Upload an image for the current interaction and print its `gofsKey`.
    Upload {
        /// The instance id.
        instance: String,
        /// The element, e.g. `PrimaryDocument/side1Image`.
        element: String,
        /// The image file.
        file: PathBuf,
    },
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

fn read_json(path: &PathBuf) -> Result<Value, (u8, String)> {
    let bytes = std::fs::read(path)
        .map_err(|e| (EXIT_IO, format!("{}: cannot read: {e}", path.display())))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        (
            EXIT_INVALID,
            format!(
                "{}:{}:{}: not valid JSON",
                path.display(),
                e.line(),
                e.column()
            ),
        )
    })
}

/// The documented exit code of a client error: invalid data 1; configuration,
/// misuse and missing session state 2 (usage); a bad schema or lock 3; a file that
/// cannot be read or written, and GO unreachable or refusing, 4.
fn api_exit(e: &gbg_go::Error) -> u8 {
    match e {
        gbg_go::Error::Validation(_) => EXIT_INVALID,
        gbg_go::Error::Schema(_) | gbg_go::Error::Lock(_) => EXIT_SCHEMA,
        gbg_go::Error::Config(_) | gbg_go::Error::Misuse(_) | gbg_go::Error::Session(_) => {
            EXIT_USAGE
        }
        gbg_go::Error::Io { .. } => EXIT_IO,
        e if e.is_invalid_data() => EXIT_INVALID,
        _ => EXIT_IO,
    }
}

fn redacted_state(
    state: &gbg_go::client::JourneyState,
    phase: gbg_go::client::Phase,
    show_values: bool,
) -> Value {
    let mut out = json!({
        "instanceId": state.instance_id.as_str(),
        "status": state.status.to_string(),
        "phase": format!("{phase:?}"),
        "decision": format!("{:?}", state.decision()),
        "createdTime": state.created_time,
        "completedTime": state.completed_time,
        "result": state.result.as_ref().map(|r| json!({
            "status": r.status.as_ref().map(ToString::to_string),
            "slimStatus": r.slim_status.as_ref().map(ToString::to_string),
            "outcome": r.outcome,
            "outcomeClassification": r.classification.as_ref().map(ToString::to_string),
            "errors": r.errors,
        })),
        "steps": state.steps.iter().map(|s| json!({
            "nodeId": s.node_id,
            "name": s.name,
            "outcome": s.outcome,
            "outcomeClassification": s.classification.as_ref().map(ToString::to_string),
            "error": s.error,
        })).collect::<Vec<_>>(),
    });
    out["subject"] = if show_values {
        state.subject().clone()
    } else {
        redact(state.subject())
    };
    out
}

fn redact(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), redact(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(redact).collect()),
        _ => Value::String("<redacted>".into()),
    }
}

/// Run a journey subcommand.
pub fn journey(conn: &Connection, cmd: Journey) -> u8 {
    let client = match conn.client() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}", printable(&e.to_string()));
            return EXIT_USAGE;
        }
    };
    let result: Result<(), (u8, String)> = runtime().block_on(async {
        let fail = |e: gbg_go::Error| (api_exit(&e), e.to_string());
        match cmd {
            Journey::Start { resource, prefill, schema } => {
                let resource: ResourceId = resource.parse().map_err(|e: gbg_go::client::ResourceIdError| (EXIT_USAGE, e.to_string()))?;
                let doc = match &prefill {
                    Some(p) => read_json(p)?,
                    None => json!({"context": {"subject": {}}}),
                };
                if let Some(schema) = &schema {
                    let s = gbg_go::Schema::from_path(schema).map_err(|d| (EXIT_SCHEMA, d.to_string()))?;
                    s.validate(&doc).map_err(|e| (EXIT_INVALID, e.to_string()))?;
                }
                let started = client
                    .start_journey(&resource, &gbg_go::Unvalidated(doc))
                    .await
                    .map_err(fail)?;
                println!(
                    "{}",
                    json!({"instanceId": started.instance_id.as_str(), "instanceUrl": started.instance_url, "status": started.status})
                );
            }
            Journey::Tasks { instance } => {
                for t in client.list_tasks(&InstanceId::new(instance)).await.map_err(fail)? {
                    println!("{t}");
                }
            }
            Journey::Schema { task } => {
                let raw = client.fetch_task_schema_json(&TaskId::new(task)).await.map_err(fail)?;
                println!("{}", serde_json::to_string_pretty(&raw).unwrap_or_default());
            }
            Journey::Submit { instance, task, data, intent } => {
                let intent = match intent.to_ascii_lowercase().as_str() {
                    "save" => Intent::Save,
                    "complete" => Intent::Complete,
                    "validate" => Intent::Validate,
                    other => return Err((EXIT_USAGE, format!("--intent: unknown `{other}` (save, complete, validate)"))),
                };
                let doc = read_json(&data)?;
                client
                    .update_task(&InstanceId::new(instance), &TaskId::new(task), intent, &gbg_go::Unvalidated(doc))
                    .await
                    .map_err(fail)?;
                println!("ok");
            }
            Journey::State { instance, show_values } => {
                let id = InstanceId::new(instance);
                let state = client.fetch_state(&id).await.map_err(fail)?;
                // Pending Input needs GO's second answer (tasks or the interaction).
                let phase = client.fetch_phase(&id).await.map_err(fail)?;
                println!("{}", serde_json::to_string_pretty(&redacted_state(&state, phase, show_values)).unwrap_or_default());
            }
            Journey::Result { instance, slim } => {
                let id = InstanceId::new(instance);
                let state = if slim {
                    client.fetch_state_slim(&id).await
                } else {
                    client.fetch_state(&id).await
                }
                .map_err(fail)?;
                println!("{}", serde_json::to_string_pretty(&redacted_state(&state, state.phase(), false)).unwrap_or_default());
            }
            Journey::Interaction { instance } => {
                let i = client.fetch_interaction(&InstanceId::new(instance)).await.map_err(fail)?;
                println!("{}", serde_json::to_string_pretty(&json!({
                    "instanceId": i.instance_id.as_str(),
                    "interactionId": i.interaction_id,
                    "status": i.status.to_string(),
                    "collects": i.collects,
                    "outstanding": i.outstanding.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    "instructions": i.instructions,
                    "processing": i.processing,
                    "ended": i.ended,
                    "pendingInput": i.pending_input(),
                })).unwrap_or_default());
            }
            Journey::SubmitInteraction { instance, data, participant } => {
                let id = InstanceId::new(instance);
                let doc = gbg_go::Unvalidated(read_json(&data)?);
                let i = client.fetch_interaction(&id).await.map_err(fail)?;
                let Some(interaction_id) = i.interaction_id.clone() else {
                    return Err((EXIT_USAGE, "there is no current interaction (the journey has ended, or modules are processing)".into()));
                };
                let participants = if participant.is_empty() {
                    client.submit_interaction(&i, &doc).await.map_err(fail)?
                } else {
                    let named: Vec<gbg_go::client::Participant> = participant.iter().map(gbg_go::client::Participant::new).collect();
                    client.submit_interaction_with(&id, &interaction_id, named.clone(), &doc).await.map_err(fail)?;
                    named
                };
                println!("{}", json!({
                    "interactionId": interaction_id,
                    "participants": participants,
                    "status": "success",
                }));
            }
            Journey::Terminate { instance, reason } => {
                let id = InstanceId::new(instance);
                client.terminate_journey(&id, reason.as_deref()).await.map_err(fail)?;
                println!("{}", json!({"instanceId": id.as_str(), "terminated": true}));
            }
            Journey::Handoff { instance } => {
                let h = client.create_handoff_token(&InstanceId::new(instance)).await.map_err(fail)?;
                println!("{}", json!({
                    "instanceUrl": h.instance_url(),
                    "devicePosition": h.device_position,
                    "expiresIn": h.expires_in.as_secs(),
                }));
            }
            Journey::Upload { instance, element, file } => {
                let id = InstanceId::new(instance);
                let bytes = std::fs::read(&file).map_err(|e| (EXIT_IO, format!("{}: cannot read: {e}", file.display())))?;
                let i = client.fetch_interaction(&id).await.map_err(fail)?;
                let Some(interaction_id) = i.interaction_id else {
                    return Err((EXIT_USAGE, "there is no current interaction to upload for".into()));
                };
                let r = client.upload_asset(&id, &interaction_id, &element, bytes).await.map_err(fail)?;
                println!("{}", json!(r));
            }
            Journey::Wait { instance, timeout } => {
                let id = InstanceId::new(instance);
                let state = tokio::time::timeout(Duration::from_secs(timeout), client.wait_for_completion(&id))
                    .await
                    .map_err(|_| (EXIT_IO, format!("timed out after {timeout} s")))?
                    .map_err(fail)?;
                println!("{}", serde_json::to_string_pretty(&redacted_state(&state, state.phase(), false)).unwrap_or_default());
            }
        }
        Ok(())
    });
    match result {
        Ok(()) => EXIT_OK,
        Err((code, message)) => {
            eprintln!("error: {}", printable(&message));
            code
        }
    }
}

/// `gbg-go sandbox --help`'s description of a journeys folder, with a journey of two
/// interactions (kept in step with `gbg_go_sandbox::catalog`'s docs).
pub const SANDBOX_JOURNEYS_HELP: &str = r#"A journeys folder (--journeys DIR, read non-recursively):
  *.journey.json   journey definitions; each task is one interaction in v2, in order
  other *.json     task schemas: published as the one-task journey <stem>@1, unless a
                   definition in the folder names them (then they are its task files,
                   and their names need not be resource ids)

A journey of two interactions (kyc-consent.journey.json, beside kyc.schema.json and
consent.schema.json):
  {
    "resourceId": "kyc-consent",
    "name": "KYC, then consent",
    "versions": [
      { "version": "1",
        "tasks": [
          { "name": "kyc", "schema": "kyc.schema.json" },
          { "name": "consent", "schema": "consent.schema.json" } ],
        "modules": [ { "key": "fraudCheck", "name": "Fraud check", "outcome": "Pass" } ] }
    ]
  }
Each interaction is judged on the subject members its own schema declares, so closed
subjects (additionalProperties: false) do not refuse what earlier interactions collected."#;

/// `gbg-go sandbox` options.
#[derive(Args, Debug)]
pub struct SandboxArgs {
    /// Journeys directory (`*.journey.json` definitions and task schemas); default: the fixtures.
    #[arg(long)]
    journeys: Option<PathBuf>,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Seed for ids, tokens and fault decisions.
    #[arg(long)]
    seed: Option<u64>,
    /// Token lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    token_ttl: u64,
    /// The client id it accepts (the same `GBG_GO_CLIENT_ID` the journey commands send).
    #[arg(long, env = "GBG_GO_CLIENT_ID", default_value = "sandbox-client")]
    client_id: String,
    /// The client secret it accepts (prefer `GBG_GO_CLIENT_SECRET`).
    #[arg(
        long,
        env = "GBG_GO_CLIENT_SECRET",
        default_value = "sandbox-secret",
        hide_env_values = true,
        hide_default_value = true
    )]
    client_secret: String,
    /// The user name it accepts (password grant).
    #[arg(long, env = "GBG_GO_USERNAME", default_value = "sandbox-user")]
    username: String,
    /// The password it accepts (prefer `GBG_GO_PASSWORD`).
    #[arg(
        long,
        env = "GBG_GO_PASSWORD",
        default_value = "sandbox-password",
        hide_env_values = true,
        hide_default_value = true
    )]
    password: String,
    /// A fault rule `ROUTE:KIND=VALUE` (repeatable), e.g. `*:429=0.1`, `reads:drop=0.05`, `journey/start:latency=50`.
    #[arg(long)]
    fault: Vec<String>,
    /// A scripted sequence `ROUTE=OUTCOME,…` (repeatable), e.g. `journey/start=500,500,ok`.
    #[arg(long)]
    script: Vec<String>,
    /// Require end-user tokens on the v1 task calls and the interaction calls, as
    /// GBG's older spec did (default: both tokens, as the newest spec).
    #[arg(long)]
    strict_tokens: bool,
    /// Show payload values (names, dates of birth, images) in the console's instance
    /// views; without it they are `<redacted>`. Values are personal data.
    #[arg(long)]
    show_values: bool,
}

/// Run the sandbox until Ctrl-C.
pub fn sandbox(args: SandboxArgs) -> u8 {
    let mut faults = gbg_go_sandbox::Faults::default();
    for f in &args.fault {
        if let Err(e) = faults.add_flag(f) {
            eprintln!("error: --fault {e}");
            return EXIT_USAGE;
        }
    }
    for s in &args.script {
        if let Err(e) = faults.add_script(s) {
            eprintln!("error: --script {e}");
            return EXIT_USAGE;
        }
    }
    let mut config = gbg_go_sandbox::Config::default()
        .port(args.port)
        .token_ttl(Duration::from_secs(args.token_ttl))
        .credentials(gbg_go_sandbox::Credentials {
            client_id: args.client_id,
            client_secret: args.client_secret,
            username: args.username,
            password: args.password,
        })
        .faults(faults)
        .strict_tokens(args.strict_tokens)
        .show_values(args.show_values);
    if let Some(seed) = args.seed {
        config = config.seed(seed);
    }
    if let Some(dir) = args.journeys {
        config = config.journeys(dir);
    }
    runtime().block_on(async {
        let sb = match gbg_go_sandbox::Sandbox::start(config).await {
            Ok(sb) => sb,
            Err(e @ gbg_go_sandbox::StartError::Journeys(_)) => {
                eprintln!("error: {}", printable(&e.to_string()));
                return EXIT_SCHEMA;
            }
            Err(e) => {
                eprintln!("error: {}", printable(&e.to_string()));
                return EXIT_IO;
            }
        };
        eprintln!("GO sandbox listening on {}", sb.base_url());
        for j in sb.journeys() {
            eprintln!("  {}@{} ({} version(s))", j.resource_id, j.latest, j.versions.len());
        }
        // After the address line, which scripts read first.
        for w in sb.warnings() {
            eprintln!("{}", printable(&w.to_string()));
        }
        eprintln!("token: POST {}/as/token.oauth2 · API: /captain/api, /v2/captain · control: /_sandbox/*", sb.base_url());
        eprintln!(
            "console: {}{}",
            sb.console_url(),
            if args.show_values { " (values shown)" } else { "" }
        );
        match sb.run_until_ctrl_c().await {
            Ok(()) => EXIT_OK,
            Err(e) => {
                eprintln!("error: {}", printable(&e.to_string()));
                EXIT_IO
            }
        }
    })
}

const V1_PULL_HELP: &str = "v1 journeys have no schema/fetch: export each task's schema from the GO dashboard (journey → Actions → View schema, or Preview/Production → Schema) into the folder, and validate it with `gbg-go validate`";

/// `gbg-go pull RESOURCE [--out DIR]`.
pub fn pull(conn: &Connection, resource: &str, out: &std::path::Path) -> u8 {
    if conn.api == "v1" {
        eprintln!("error: {V1_PULL_HELP}");
        return EXIT_USAGE;
    }
    let client = match conn.client() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}", printable(&e));
            return EXIT_USAGE;
        }
    };
    let result: Result<(), (u8, String)> = runtime().block_on(async {
        let resource: ResourceId = resource
            .parse()
            .map_err(|e: gbg_go::client::ResourceIdError| (EXIT_USAGE, e.to_string()))?;
        let pulled = client.pull_schemas(&resource, out).await.map_err(|e| {
            let hint = if e.is_not_found() {
                format!("\n{V1_PULL_HELP} (if this is a v1 journey)")
            } else {
                String::new()
            };
            (api_exit(&e), format!("{e}{hint}"))
        })?;
        let (lock, changed, removed) = (pulled.lock, pulled.changed, pulled.removed);
        let lock_path = out.join(gbg_go::lock::LOCK_FILE);
        println!(
            "{}",
            json!({
                "resourceId": lock.resource_id,
                "deliveryId": lock.delivery_id,
                "resolvedVersion": lock.resolved_version,
                "pinned": lock.pinned_resource_id(),
                "files": lock.files.iter().map(|f| json!({"file": f.file, "interactionId": f.interaction_id, "sha256": f.sha256})).collect::<Vec<_>>(),
                "changed": changed,
                "removed": removed,
                "lock": lock_path.display().to_string(),
            })
        );
        Ok(())
    });
    match result {
        Ok(()) => EXIT_OK,
        Err((code, message)) => {
            eprintln!("error: {}", printable(&message));
            code
        }
    }
}

/// `gbg-go drift [--lock FILE]`.
pub fn drift(conn: &Connection, lock_path: &std::path::Path, json_output: bool) -> u8 {
    let lock = match gbg_go::lock::Lock::read(lock_path) {
        Ok(l) => l,
        Err(e @ gbg_go::lock::LockError::Io(..)) => {
            eprintln!("error: {}", printable(&e.to_string()));
            return EXIT_IO;
        }
        Err(e) => {
            eprintln!("error: {}", printable(&e.to_string()));
            return EXIT_SCHEMA;
        }
    };
    let client = match conn.client() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}", printable(&e));
            return EXIT_USAGE;
        }
    };
    let dir = lock_path
        .parent()
        .unwrap_or(std::path::Path::new(""))
        .to_path_buf();
    let report = match runtime().block_on(client.check_drift(&lock, &dir)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}", printable(&e.to_string()));
            return api_exit(&e);
        }
    };
    if json_output {
        let drifted: Vec<Value> = report
            .drifted
            .iter()
            .map(|d| {
                json!({
                    "interactionId": d.interaction_id,
                    "instruction": d.instruction,
                    "file": d.file,
                    "changes": d.changes.iter().map(|c| c.to_json()).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            json!({
                "resourceId": report.resource_id,
                "lockedVersion": report.locked_version,
                "liveVersion": report.live_version,
                "unchanged": report.is_unchanged(),
                "breaking": report.is_breaking(),
                "drifted": drifted,
            })
        );
    } else {
        println!(
            "{}: locked at version {}, live at version {}",
            printable(&report.resource_id),
            printable(&report.locked_version),
            printable(&report.live_version)
        );
        if report.is_unchanged() {
            println!("no schema changed");
        }
        for d in &report.drifted {
            println!(
                "{} ({}):",
                printable(&d.interaction_id),
                d.file.as_deref().map_or("new".into(), printable)
            );
            for c in &d.changes {
                println!(
                    "  {} {}: {}",
                    if c.breaking {
                        "breaking    "
                    } else {
                        "non-breaking"
                    },
                    printable(&c.pointer),
                    printable(&c.message)
                );
            }
        }
    }
    if report.is_breaking() {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gbg_go::client::{ConfigError, LockIssue, Misuse, SessionError};

    /// Each typed client error maps to its documented exit code.
    #[test]
    fn client_errors_map_to_the_documented_exit_codes() {
        let io = gbg_go::Error::Io {
            action: "write",
            path: "schemas/gbg-go.lock".into(),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert_eq!(api_exit(&io), EXIT_IO);
        assert_eq!(
            api_exit(&gbg_go::Error::Config(ConfigError::NoEndpoint)),
            EXIT_USAGE
        );
        assert_eq!(
            api_exit(&gbg_go::Error::Config(ConfigError::V1Only {
                operation: "list_tasks"
            })),
            EXIT_USAGE
        );
        assert_eq!(
            api_exit(&gbg_go::Error::Misuse(Misuse::NoInteraction)),
            EXIT_USAGE
        );
        assert_eq!(
            api_exit(&gbg_go::Error::Session(SessionError::NoDeviceSession {
                instance: "i".into()
            })),
            EXIT_USAGE
        );
        assert_eq!(
            api_exit(&gbg_go::Error::Lock(LockIssue::Stale {
                path: "schemas/a.json".into()
            })),
            EXIT_SCHEMA
        );
    }
}
