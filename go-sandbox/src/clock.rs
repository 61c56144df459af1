//! The sandbox's clock: wall time plus an offset that tests set and advance, so token
//! expiry and the connect secret's 120 s are testable without sleeping.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// A settable clock. Time keeps running from the last setting.
#[derive(Debug)]
pub struct Clock {
    state: Mutex<(SystemTime, Instant)>,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock {
            state: Mutex::new((SystemTime::now(), Instant::now())),
        }
    }
}

impl Clock {
    /// The sandbox's current time.
    pub fn now(&self) -> SystemTime {
        let (base, anchor) = *self.state.lock().unwrap_or_else(|p| p.into_inner());
        base + anchor.elapsed()
    }

    /// Set the current time.
    pub fn set(&self, now: SystemTime) {
        *self.state.lock().unwrap_or_else(|p| p.into_inner()) = (now, Instant::now());
    }

    /// Move the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.0 += by;
    }
}

/// RFC 3339 with milliseconds and `Z`, as GO writes timestamps
/// (`2026-03-16T23:56:04.097Z`).
pub fn rfc3339(t: SystemTime) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::from(t)
        .format(format)
        .unwrap_or_default()
}

/// Parse an RFC 3339 timestamp.
pub fn parse_rfc3339(s: &str) -> Option<SystemTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(SystemTime::from)
}
