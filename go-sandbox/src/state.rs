//! The sandbox's state: instances, tokens and counters, in memory, behind locks that
//! make every transition atomic.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, RwLock};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use gbg_go_wire::scenario::ScenarioData;

use crate::catalog::Catalog;
use crate::clock::Clock;
use crate::faults::FaultState;
use crate::journey::Instance;
use crate::rng::Rng;
use crate::Credentials;

/// A journey instance's status, as GO spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JourneyStatus {
    /// Running (tasks outstanding).
    InProgress,
    /// Every task completed.
    Completed,
    /// Failed (set through `/_sandbox/instances/{id}`).
    Failed,
    /// Paused (set through `/_sandbox/instances/{id}`).
    Paused,
}

impl JourneyStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            JourneyStatus::InProgress => "InProgress",
            JourneyStatus::Completed => "Completed",
            JourneyStatus::Failed => "Failed",
            JourneyStatus::Paused => "Paused",
        }
    }

    /// The status as go-wire spells it.
    pub(crate) fn wire(self) -> gbg_go_wire::status::JourneyStatus {
        gbg_go_wire::status::JourneyStatus::parse(self.as_str())
    }
}

/// A task's lifecycle: Assigned → InProgress → Completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    /// Waiting for the end user.
    Assigned,
    /// Data saved, not completed.
    InProgress,
    /// Completed (by prefill or by a submission).
    Completed,
}

/// Why a task is still pending after prefill: a rule the prefill breaks (no value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Pointer into the task document.
    pub pointer: String,
    /// The failing keyword.
    pub keyword: String,
    /// The rule, without the value.
    pub message: String,
}

/// Kinds of bearer token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// From the token endpoint.
    Customer,
    /// A connect secret for one instance; used once. `joined` when minted by a
    /// hand-off for a second device.
    Connect {
        instance: String,
        used: bool,
        joined: bool,
    },
    /// An end-user token for one instance; `joined` on a device that joined by
    /// hand-off.
    EndUser { instance: String, joined: bool },
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub expires: SystemTime,
}

/// Counters for tests: what the sandbox did, so a test can prove nothing was lost or
/// applied twice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    /// Tokens issued by the token endpoint.
    pub token_grants: u64,
    /// Journeys started (instances created).
    pub journeys_started: u64,
    /// Task submissions applied (Save and Complete that changed state), per task id.
    pub task_submissions: BTreeMap<String, u64>,
    /// Tasks completed by a submission, per task id (at most 1 each).
    pub task_completions: BTreeMap<String, u64>,
    /// Tasks completed by prefill at start.
    pub prefill_completions: u64,
    /// Submissions refused because the task was already completed — a client that
    /// resubmits after an ambiguous failure shows up here.
    pub duplicate_submissions: u64,
    /// Interaction submissions applied (v2).
    pub interaction_submissions: u64,
    /// Requests per route (`journey/start`, `token`, …), faulted ones included.
    pub requests: BTreeMap<String, u64>,
    /// Faults injected, by kind (`429`, `500`, `503`, `drop`, `drop-after`).
    pub faults: BTreeMap<String, u64>,
    /// Requests to the console and the end-user page (`/_sandbox/console…`,
    /// `/_sandbox/page…`, `/journey/{id}`): counted apart from API traffic, never in
    /// `requests`, and never subject to injected faults.
    #[serde(default)]
    pub console_requests: u64,
}

/// A sandbox scenario as stored.
#[derive(Clone, Debug)]
pub(crate) struct StoredScenario {
    pub data: ScenarioData,
    pub modified: SystemTime,
}

/// Everything a request handler reaches.
#[derive(Debug)]
pub(crate) struct Shared {
    pub catalog: RwLock<Catalog>,
    pub instances: Mutex<Instances>,
    pub tokens: Mutex<HashMap<String, Token>>,
    pub resume: Mutex<HashMap<String, (String, SystemTime)>>,
    pub counters: Mutex<Counters>,
    pub faults: FaultState,
    pub clock: Clock,
    pub rng: Rng,
    pub credentials: Credentials,
    pub token_ttl: Duration,
    /// Require end-user tokens on the v1 task calls and the interaction calls, as
    /// GO's older spec did.
    pub strict_tokens: bool,
    /// Scenarios by journey id, then name.
    pub scenarios: Mutex<BTreeMap<String, BTreeMap<String, StoredScenario>>>,
    pub request_seq: std::sync::atomic::AtomicU64,
    /// Each instance's API requests, newest last (at most [`LOG_LIMIT`]): method,
    /// path, status and time, never a body.
    pub request_log: Mutex<HashMap<String, VecDeque<LogEntry>>>,
    /// The console's and the end-user page's token against cross-site requests: every
    /// page carries it, and every mutating console or page route requires it.
    pub console_token: String,
    /// Show payload values in the console's instance views (`--show-values`).
    pub show_values: bool,
    /// The bound address: the console and the page refuse other `Host` headers
    /// (DNS rebinding).
    pub addr: std::net::SocketAddr,
}

/// How many requests an instance's log keeps.
pub(crate) const LOG_LIMIT: usize = 200;

/// One API request about an instance, for the console's request log.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogEntry {
    pub method: String,
    /// The path, without the query.
    pub path: String,
    pub status: u16,
    /// When it was answered, on the sandbox clock (RFC 3339).
    pub at: String,
    /// How long it took, in milliseconds.
    pub millis: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Instances {
    pub by_id: HashMap<String, Instance>,
    /// task id → instance id.
    pub task_owner: HashMap<String, String>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    pub fn count(&self, f: impl FnOnce(&mut Counters)) {
        f(&mut lock(&self.counters));
    }

    pub fn issue(&self, kind: TokenKind, ttl: Duration) -> String {
        let token = match kind {
            // End-user tokens look like JWTs (three dot-separated segments), as GO's are.
            TokenKind::EndUser { .. } => format!(
                "eyJhbGciOiJub25lIn0.{}.{}",
                self.rng.id(32),
                self.rng.id(22)
            ),
            TokenKind::Connect { .. } => self.rng.id(32),
            TokenKind::Customer => format!("sbx_{}", self.rng.id(40)),
        };
        let now = self.clock.now();
        let mut tokens = lock(&self.tokens);
        if tokens.len() >= 100_000 {
            // A long-running sandbox forgets expired and used tokens instead of growing.
            tokens.retain(|_, t| {
                t.expires > now && !matches!(t.kind, TokenKind::Connect { used: true, .. })
            });
        }
        tokens.insert(
            token.clone(),
            Token {
                kind,
                expires: now + ttl,
            },
        );
        token
    }
}
