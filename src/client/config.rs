//! Client configuration: where GO is, how to log in, timeouts, retries, polling and
//! time.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use secrecy::SecretString;

/// GBG's regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Region {
    /// `https://eu.platform.go.gbgplc.com`
    Eu,
    /// `https://us.platform.go.gbgplc.com`
    Us,
    /// `https://au.platform.go.gbgplc.com`
    Au,
}

impl Region {
    /// The platform host.
    pub fn host(self) -> &'static str {
        match self {
            Region::Eu => "https://eu.platform.go.gbgplc.com",
            Region::Us => "https://us.platform.go.gbgplc.com",
            Region::Au => "https://au.platform.go.gbgplc.com",
        }
    }
}

impl std::str::FromStr for Region {
    type Err = String;
    fn from_str(s: &str) -> Result<Region, String> {
        match s.to_ascii_lowercase().as_str() {
            "eu" => Ok(Region::Eu),
            "us" => Ok(Region::Us),
            "au" => Ok(Region::Au),
            _ => Err(format!("unknown region `{s}` (eu, us, au)")),
        }
    }
}

/// The API generation: GO's v1 task paths (`/captain/api`) or v2 (`/v2/captain`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ApiVersion {
    /// `/captain/api`: the task flow.
    V1,
    /// `/v2/captain` (the default, as in GBG's docs): requires
    /// `context.config.delivery`; interactions instead of tasks.
    #[default]
    V2,
}

impl ApiVersion {
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            ApiVersion::V1 => "/captain/api",
            ApiVersion::V2 => "/v2/captain",
        }
    }
}

/// How the client logs in at the token endpoint.
#[derive(Clone)]
pub enum Credentials {
    /// `grant_type=password` (GO's v1 docs and older tenants).
    Password {
        /// `client_id`.
        client_id: String,
        /// `client_secret`.
        client_secret: SecretString,
        /// `username`.
        username: String,
        /// `password`.
        password: SecretString,
    },
    /// `grant_type=client_credentials` with `scope=gbg.token` (newer tenants).
    ClientCredentials {
        /// `client_id`.
        client_id: String,
        /// `client_secret`.
        client_secret: SecretString,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Password {
                client_id,
                username,
                ..
            } => f
                .debug_struct("Password")
                .field("client_id", client_id)
                .field("client_secret", &"<redacted>")
                .field("username", username)
                .field("password", &"<redacted>")
                .finish(),
            Credentials::ClientCredentials { client_id, .. } => f
                .debug_struct("ClientCredentials")
                .field("client_id", client_id)
                .field("client_secret", &"<redacted>")
                .finish(),
        }
    }
}

/// Timeouts. None of them is unbounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing a connection (default 10 s).
    pub connect: Duration,
    /// One HTTP attempt, response body included (default 30 s).
    pub attempt: Duration,
    /// A whole operation, retries and token fetches included (default 120 s).
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            connect: Duration::from_secs(10),
            attempt: Duration::from_secs(30),
            operation: Duration::from_secs(120),
        }
    }
}

/// Retries: full-jitter exponential backoff with a cap, a per-operation limit and a
/// client-wide budget (a token bucket: each retry spends one token, each success
/// earns `earn_per_success`), so a failing GO is not hammered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries per operation (default 6).
    pub max_retries: u32,
    /// The first backoff ceiling (default 100 ms); it doubles per retry.
    pub base_delay: Duration,
    /// The backoff cap (default 5 s).
    pub max_delay: Duration,
    /// The longest `Retry-After` honoured; a longer one ends retrying (default 60 s).
    pub max_retry_after: Duration,
    /// Size of the client-wide retry budget (default 100).
    pub budget: f64,
    /// Budget earned per successful call (default 0.5).
    pub earn_per_success: f64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 6,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
            budget: 100.0,
            earn_per_success: 0.5,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }
}

/// Polling for `wait_for_completion`: exponential backoff without jitter, up to a
/// deadline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PollPolicy {
    /// The first interval (default 250 ms).
    pub initial: Duration,
    /// The growth factor (default 2).
    pub factor: f64,
    /// The longest interval (default 5 s).
    pub max_interval: Duration,
    /// Give up after this long (default 10 minutes).
    pub deadline: Duration,
}

impl Default for PollPolicy {
    fn default() -> PollPolicy {
        PollPolicy {
            initial: Duration::from_millis(250),
            factor: 2.0,
            max_interval: Duration::from_secs(5),
            deadline: Duration::from_secs(600),
        }
    }
}

/// The client's notion of "now", for token expiry. Injectable so tests can move past
/// expiry without sleeping.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that moves only when told to (for tests).
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Mutex<SystemTime>>);

impl Default for ManualClock {
    fn default() -> ManualClock {
        ManualClock::new(SystemTime::now())
    }
}

impl ManualClock {
    /// A clock standing at `now`.
    pub fn new(now: SystemTime) -> ManualClock {
        ManualClock(Arc::new(Mutex::new(now)))
    }

    /// Move it forward.
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) += by;
    }

    /// Set it.
    pub fn set(&self, now: SystemTime) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = now;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
