//! A local, stateful emulator of the GBG GO journey API — the default that gbg-go's
//! quickstart, its client tests and your own integration tests run against.
//!
//! It needs no credentials and no network: it serves GO's token endpoint and journey
//! API (v1 task flow under `/captain/api`, v2 interactions under `/v2/captain`) on a
//! loopback port, speaking GO's wire through the same types as gbg-go's client
//! (`gbg-go-wire`) and sending only fields GBG documents. It validates task data
//! against the published task schemas with the same semantics as gbg-go's generated
//! code, collects catalogue elements only when a submit names them in `participants`,
//! runs the journey's modules (scripted by sandbox scenarios) to a decision, and can
//! inject faults (429, 500, 503, latency, dropped connections) by probability or
//! script.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use gbg_go_sandbox::{Config, Sandbox};
//!
//! let sandbox = Sandbox::start(Config::default()).await?;
//! println!("GO sandbox at {}", sandbox.base_url());
//! assert!(sandbox.journeys().iter().any(|j| j.resource_id == "onboarding"));
//! # Ok(()) }
//! ```
//!
//! Dropping the [`Sandbox`] stops it and closes its connections.
//!
//! # What it serves
//!
//! | route | token |
//! |---|---|
//! | `POST /as/token.oauth2`, `POST /auth/realms/go/protocol/openid-connect/token` (form: `password` or `client_credentials` grant) | none |
//! | `GET {prefix}/journey/health` | none |
//! | `POST {prefix}/journey/start` (`x-gbg-scenario` header, `inlineResult`), `state/fetch` (`?view=full\|slim`), `state/delete`, `terminate`, `schema/fetch`, `task/schema`, `task/list/schema`, `device/start` | customer |
//! | `POST {prefix}/journey/device/connect` | the connect secret (one use, 120 s) |
//! | `POST {prefix}/journey/device/refresh` (`{"resumeCredential"}`) | none |
//! | `POST {prefix}/journey/device/validate`, `instance/{id}/handoff-token` | end-user, for its own instance (hand-off: the originating device) |
//! | `POST {prefix}/journey/task/list`, `task/update`, `interaction/fetch` (`?view=`, `scope`), `interaction/submit`, `interaction/asset/upload` | customer or end-user; end-user only with [`Config::strict_tokens`] |
//! | `POST\|GET /v2/captain/sandbox/journeys/{journeyId}/scenarios`, `GET\|PUT\|DELETE …/scenarios/{name}` | customer |
//!
//! `{prefix}` is `/captain/api` (v1) or `/v2/captain` (v2); v2 requires
//! `context.config.delivery` at start. v1 errors have v1's body
//! (`{status, message, error}`), v2's `{"errors": […]}`. Bodies up to 20 MiB are
//! accepted. Sandbox-only routes:
//!
//! - `GET /_sandbox/journeys` lists what is published; `POST` publishes a journey
//!   definition (schemas inline). Published versions are immutable.
//! - `GET|PUT|DELETE /_sandbox/faults` and `POST /_sandbox/faults/script`
//!   (`{"route": "journey/start", "steps": "500,500,ok"}`); see [`Faults`].
//! - `GET|DELETE /_sandbox/counters`; see [`Counters`].
//! - `GET|POST /_sandbox/clock` (`{"now": "2030-01-01T00:00:00Z"}` or
//!   `{"advanceSeconds": 121}`).
//! - `GET /_sandbox/instances/{id}`: what only the sandbox knows (task states, why a
//!   task is pending after prefill, collected elements, the scenario, the decision);
//!   `POST` (`{"status": "Failed"}`) moves an instance to a status GO reaches through
//!   its modules.
//! - `GET /_sandbox/console` ([`Sandbox::console_url`]): the console, in a browser:
//!   journeys, live instances with their request logs, and buttons to start,
//!   terminate and delete journeys and to set faults, the clock and counters. Values
//!   are `<redacted>` unless [`Config::show_values`].
//! - `GET /journey/{id}`: the hosted end-user page, the `instanceUrl` of a page-mode
//!   start: the current interaction as a form built from its schema.
//!
//! The console's and the page's routes check the `Host` header against the bound
//! address, require the page's token and a same-site `Origin` on every change, send
//! a Content-Security-Policy without inline script, are never faulted, and are
//! counted apart ([`Counters::console_requests`]).
//!
//! Every response carries `X-Request-ID`; errors use GBG's body (see [`error`]).

#![warn(missing_docs)]

mod api;
mod capture;
pub mod catalog;
mod clock;
mod console;
pub mod error;
mod faults;
mod journey;
mod rng;
mod server;
mod state;

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

pub use catalog::{JourneySummary, VersionSummary};
pub use faults::{Fault, FaultRule, Faults};
pub use gbg_go_schema::{Diagnostic, Diagnostics};
pub use state::{Counters, JourneyStatus, Reason, TaskStatus};

use state::{lock, Shared};

/// The credentials the token endpoint accepts. The defaults are documented and
/// public: `sandbox-client` / `sandbox-secret`, user `sandbox-user` /
/// `sandbox-password`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// `client_id`.
    pub client_id: String,
    /// `client_secret`.
    pub client_secret: String,
    /// `username` (password grant).
    pub username: String,
    /// `password` (password grant).
    pub password: String,
}

impl Default for Credentials {
    fn default() -> Credentials {
        Credentials {
            client_id: "sandbox-client".into(),
            client_secret: "sandbox-secret".into(),
            username: "sandbox-user".into(),
            password: "sandbox-password".into(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// How to start a sandbox.
#[derive(Clone, Debug)]
pub struct Config {
    /// The journeys directory; `None` serves the project's fixture journeys.
    pub journeys: Option<PathBuf>,
    /// Where to listen; the default is `127.0.0.1:0` (a free loopback port).
    pub bind: SocketAddr,
    /// Seed for ids, tokens and fault decisions; `None` picks one from the time.
    pub seed: Option<u64>,
    /// Lifetime of customer and end-user tokens (default 3600 s).
    pub token_ttl: Duration,
    /// Accepted credentials.
    pub credentials: Credentials,
    /// Faults to inject from the start.
    pub faults: Faults,
    /// Require the end-user token on the v1 task calls (`task/list`, `task/update`)
    /// and the interaction calls, as GBG's older spec did. Off by default: GO's newest
    /// spec accepts the customer token there too.
    pub strict_tokens: bool,
    /// Show payload values (names, dates of birth, images…) in the console's instance
    /// views. Off by default: they are personal data, shown as `<redacted>`.
    pub show_values: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            journeys: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: None,
            token_ttl: Duration::from_secs(3600),
            credentials: Credentials::default(),
            faults: Faults::default(),
            strict_tokens: false,
            show_values: false,
        }
    }
}

impl Config {
    /// Serve the journeys in `dir` (see [`catalog`] for the layout).
    pub fn journeys(mut self, dir: impl Into<PathBuf>) -> Config {
        self.journeys = Some(dir.into());
        self
    }
    /// Listen on this loopback port (0 picks a free one).
    pub fn port(mut self, port: u16) -> Config {
        self.bind.set_port(port);
        self
    }
    /// Seed the generator (ids, tokens, fault decisions).
    pub fn seed(mut self, seed: u64) -> Config {
        self.seed = Some(seed);
        self
    }
    /// Token lifetime.
    pub fn token_ttl(mut self, ttl: Duration) -> Config {
        self.token_ttl = ttl;
        self
    }
    /// Accepted credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Config {
        self.credentials = credentials;
        self
    }
    /// Faults to inject.
    pub fn faults(mut self, faults: Faults) -> Config {
        self.faults = faults;
        self
    }
    /// Require end-user tokens where GBG's older spec did (see
    /// [`Config::strict_tokens`]).
    pub fn strict_tokens(mut self, on: bool) -> Config {
        self.strict_tokens = on;
        self
    }
    /// Show payload values in the console (see [`Config::show_values`]).
    pub fn show_values(mut self, on: bool) -> Config {
        self.show_values = on;
        self
    }
}

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A journey file is bad; every diagnostic is located (file:line:col).
    #[error("cannot load the journeys:\n{0}")]
    Journeys(Diagnostics),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A running sandbox. Dropping it stops the server and closes its connections.
pub struct Sandbox {
    addr: SocketAddr,
    base_url: String,
    shared: Arc<Shared>,
    shutdown: tokio::sync::watch::Sender<bool>,
    router: axum::Router,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Load the journeys, bind, and serve in the background on the current tokio
    /// runtime.
    ///
    /// # Errors
    /// Bad journey files (located) or an address that cannot be bound.
    pub async fn start(config: Config) -> Result<Sandbox, StartError> {
        let catalog = match &config.journeys {
            Some(dir) => catalog::load_catalog(&catalog::DiskFiles(dir.clone())),
            None => catalog::fixture_catalog(),
        }
        .map_err(StartError::Journeys)?;
        let seed = config.seed.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0)
        });
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.bind,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.bind,
            source,
        })?;
        let shared = Arc::new(Shared {
            catalog: RwLock::new(catalog),
            instances: Default::default(),
            tokens: Default::default(),
            resume: Default::default(),
            counters: Default::default(),
            faults: faults::FaultState::new(config.faults.clone(), seed),
            clock: Default::default(),
            rng: rng::Rng::new(seed),
            credentials: config.credentials.clone(),
            token_ttl: config.token_ttl,
            strict_tokens: config.strict_tokens,
            scenarios: Default::default(),
            request_seq: Default::default(),
            request_log: Default::default(),
            console_token: console::new_token(),
            show_values: config.show_values,
            addr,
        });
        let (shutdown, rx) = tokio::sync::watch::channel(false);
        let router = api::router(shared.clone());
        tokio::spawn(server::serve(listener, router.clone(), rx));
        Ok(Sandbox {
            addr,
            base_url: format!("http://{addr}"),
            shared,
            shutdown,
            router,
        })
    }

    /// Answer one request in process, through the same router and middleware as the
    /// socket (state changes exactly as over HTTP), without a connection: a dropped
    /// connection fault answers 502 with no body. For fuzzing and tests of the HTTP
    /// surface.
    #[doc(hidden)]
    pub async fn handle(
        &self,
        request: axum::http::Request<axum::body::Body>,
    ) -> axum::http::Response<axum::body::Body> {
        use tower::ServiceExt;
        match self.router.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }

    /// `http://127.0.0.1:<port>` — the host root (the token endpoint lives here; the
    /// journey API under `/captain/api` and `/v2/captain`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `http://127.0.0.1:<port>/_sandbox/console` — the console: journeys, live
    /// instances with their request logs, and buttons to start, terminate and delete
    /// journeys and to set faults, the clock and counters. Open it in a browser.
    pub fn console_url(&self) -> String {
        format!("{}{}", self.base_url, console::CONSOLE_PATH)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The accepted credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.shared.credentials
    }

    /// What is published.
    pub fn journeys(&self) -> Vec<JourneySummary> {
        self.shared
            .catalog
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .summaries()
    }

    /// What loading the journeys directory skipped, and why: each warning names its
    /// file (a `*.json` whose stem is not a resource id and that no definition names
    /// as a task schema). `gbg-go sandbox` prints them at start-up.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.shared
            .catalog
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .warnings
            .clone()
    }

    /// Publish a journey definition (the `*.journey.json` form with inline schemas).
    ///
    /// # Errors
    /// A bad definition, or a change to a version that is already published.
    pub fn publish(&self, definition: &serde_json::Value) -> Result<JourneySummary, String> {
        let bytes = serde_json::to_vec_pretty(definition).map_err(|e| e.to_string())?;
        publish_bytes(&self.shared, &bytes)
    }

    /// The counters.
    pub fn counters(&self) -> Counters {
        lock(&self.shared.counters).clone()
    }

    /// Reset every counter to zero.
    pub fn reset_counters(&self) {
        *lock(&self.shared.counters) = Counters::default();
    }

    /// The fault configuration, with scripts as they stand (consumed steps removed).
    pub fn faults(&self) -> Faults {
        self.shared.faults.get()
    }

    /// Replace the fault configuration.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.faults.set(faults);
    }

    /// Script the next outcomes of a route (or group), e.g. `"journey/start"`,
    /// `[Fault::Internal, Fault::Ok]`.
    pub fn script(&self, route: &str, steps: Vec<Fault>) {
        self.shared.faults.script(route, steps);
    }

    /// The sandbox's current time.
    pub fn now(&self) -> SystemTime {
        self.shared.clock.now()
    }

    /// Move the sandbox's clock forward (token and connect-secret expiry).
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// Set the sandbox's clock.
    pub fn set_clock(&self, now: SystemTime) {
        self.shared.clock.set(now);
    }

    /// Stop serving (also done on drop).
    pub fn stop(&self) {
        let _ = self.shutdown.send(true);
    }

    /// Serve until Ctrl-C (for the `gbg-go sandbox` command).
    pub async fn run_until_ctrl_c(self) -> std::io::Result<()> {
        tokio::signal::ctrl_c().await?;
        self.stop();
        Ok(())
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

pub(crate) fn publish_bytes(shared: &Shared, bytes: &[u8]) -> Result<JourneySummary, String> {
    let source = gbg_go_schema::source::SourceFile::parse(
        std::path::Path::new("published.journey.json"),
        "published.journey.json".into(),
        bytes,
    )
    .map_err(|d| Diagnostics(d).to_string())?;
    struct NoFiles;
    impl catalog::Files for NoFiles {
        fn list(&self) -> Result<Vec<PathBuf>, Diagnostics> {
            Ok(Vec::new())
        }
        fn read(&self, _: &std::path::Path) -> std::io::Result<Vec<u8>> {
            Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "a published definition must carry its schemas inline",
            ))
        }
        fn load_schema(
            &self,
            path: &std::path::Path,
            name: &str,
            bytes: &[u8],
        ) -> Result<gbg_go_schema::Ir, Diagnostics> {
            gbg_go_schema::load_bytes(path, name, bytes)
        }
    }
    let journey = catalog::parse_definition(&NoFiles, &source, None).map_err(|d| d.to_string())?;
    let id = journey.resource_id.clone();
    let mut catalog = shared.catalog.write().unwrap_or_else(|p| p.into_inner());
    catalog.publish(journey)?;
    catalog
        .summaries()
        .into_iter()
        .find(|s| s.resource_id == id)
        .ok_or_else(|| "published journey vanished".to_owned())
}
