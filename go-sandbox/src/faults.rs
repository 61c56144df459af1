//! Fault injection: per-route probabilities, scripted sequences, and latency.
//!
//! Routes are named by their path after the API prefix (`journey/start`,
//! `journey/task/update`, …), `token` for the token endpoints, or a group:
//! `reads` (task list and schemas, state fetch, interaction fetch), `writes` (start,
//! task update, interaction submit, device calls, delete) and `*` (every API route).
//! A request uses the rule of its own route if there is one, else its group's, else
//! `*`. Sandbox control routes (`/_sandbox/…`) and health are never faulted.
//!
//! Injected 429s and 503s (and 500s) reject the request before it is processed. A
//! dropped connection closes the socket without sending a byte; `drop-after` first
//! processes the request and commits its effect — the ambiguous case a client must
//! handle.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// What can happen to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// Process normally.
    Ok,
    /// 429 with `Retry-After`, before processing.
    #[serde(rename = "429")]
    TooMany,
    /// 500, before processing.
    #[serde(rename = "500")]
    Internal,
    /// 503 with `Retry-After`, before processing.
    #[serde(rename = "503")]
    Unavailable,
    /// Close the connection without a response, before processing.
    Drop,
    /// Process and commit, then close the connection without a response.
    DropAfter,
}

impl Fault {
    /// Parse `ok`, `429`, `500`, `503`, `drop` or `drop-after`.
    pub fn parse(s: &str) -> Option<Fault> {
        Some(match s.trim() {
            "ok" => Fault::Ok,
            "429" => Fault::TooMany,
            "500" => Fault::Internal,
            "503" => Fault::Unavailable,
            "drop" | "drop-before" => Fault::Drop,
            "drop-after" => Fault::DropAfter,
            _ => return None,
        })
    }

    /// The name used in counters and scripts.
    pub fn as_str(self) -> &'static str {
        match self {
            Fault::Ok => "ok",
            Fault::TooMany => "429",
            Fault::Internal => "500",
            Fault::Unavailable => "503",
            Fault::Drop => "drop",
            Fault::DropAfter => "drop-after",
        }
    }
}

/// Probabilities (0.0–1.0) and latency for one route or group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct FaultRule {
    /// Probability of a 429.
    pub rate_429: f64,
    /// Probability of a 500.
    pub rate_500: f64,
    /// Probability of a 503.
    pub rate_503: f64,
    /// Probability of dropping the connection before processing.
    pub rate_drop: f64,
    /// Probability of dropping the connection after processing.
    pub rate_drop_after: f64,
    /// Latency added to every request, in milliseconds.
    pub latency_ms: u64,
    /// The `Retry-After` seconds sent with 429 and 503 (0 is allowed).
    pub retry_after: u64,
}

/// The fault configuration: rules per route and scripted sequences.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Faults {
    /// Rules by route or group.
    pub routes: BTreeMap<String, FaultRule>,
    /// Scripted outcomes by route or group, used before any probability: the next
    /// calls of the route get these outcomes in order.
    pub scripts: BTreeMap<String, Vec<Fault>>,
}

impl Faults {
    /// Parse a flag of the form `ROUTE:KIND=VALUE`, where KIND is `429`, `500`, `503`,
    /// `drop`, `drop-after` (VALUE a probability), `latency` (milliseconds) or
    /// `retry-after` (seconds). Example: `reads:drop=0.05`, `*:429=0.1`.
    ///
    /// # Errors
    /// A message naming what is wrong.
    pub fn add_flag(&mut self, flag: &str) -> Result<(), String> {
        let (route, rest) = flag
            .rsplit_once(':')
            .ok_or_else(|| format!("`{flag}`: expected ROUTE:KIND=VALUE"))?;
        let (kind, value) = rest
            .split_once('=')
            .ok_or_else(|| format!("`{flag}`: expected ROUTE:KIND=VALUE"))?;
        let rule = self.routes.entry(route.to_owned()).or_insert(FaultRule {
            retry_after: 1,
            ..FaultRule::default()
        });
        let prob = || -> Result<f64, String> {
            let p: f64 = value
                .parse()
                .map_err(|_| format!("`{flag}`: `{value}` is not a number"))?;
            if (0.0..=1.0).contains(&p) {
                Ok(p)
            } else {
                Err(format!("`{flag}`: a probability is between 0 and 1"))
            }
        };
        let int = || -> Result<u64, String> {
            value
                .parse()
                .map_err(|_| format!("`{flag}`: `{value}` is not a whole number"))
        };
        match kind {
            "429" => rule.rate_429 = prob()?,
            "500" => rule.rate_500 = prob()?,
            "503" => rule.rate_503 = prob()?,
            "drop" => rule.rate_drop = prob()?,
            "drop-after" => rule.rate_drop_after = prob()?,
            "latency" => rule.latency_ms = int()?,
            "retry-after" => rule.retry_after = int()?,
            other => {
                return Err(format!(
                    "`{flag}`: unknown fault `{other}` (429, 500, 503, drop, drop-after, latency, retry-after)"
                ))
            }
        }
        Ok(())
    }

    /// Parse a script flag `ROUTE=OUTCOME,OUTCOME,…`, e.g. `journey/start=500,500,ok`.
    ///
    /// # Errors
    /// A message naming what is wrong.
    pub fn add_script(&mut self, flag: &str) -> Result<(), String> {
        let (route, seq) = flag
            .split_once('=')
            .ok_or_else(|| format!("`{flag}`: expected ROUTE=OUTCOME,OUTCOME,…"))?;
        let steps = parse_script(seq).map_err(|e| format!("`{flag}`: {e}"))?;
        self.scripts.insert(route.to_owned(), steps);
        Ok(())
    }
}

/// Parse `500,500,ok`.
pub fn parse_script(seq: &str) -> Result<Vec<Fault>, String> {
    seq.split(',')
        .map(|s| {
            Fault::parse(s).ok_or_else(|| {
                format!(
                    "unknown outcome `{}` (ok, 429, 500, 503, drop, drop-after)",
                    s.trim()
                )
            })
        })
        .collect()
}

/// Which group a route belongs to.
pub fn group_of(route: &str) -> &'static str {
    match route {
        "journey/task/list"
        | "journey/task/schema"
        | "journey/task/list/schema"
        | "journey/state/fetch"
        | "journey/interaction/fetch" => "reads",
        "token" => "token",
        _ => "writes",
    }
}

/// The live fault state: configuration, scripts being consumed, the seeded
/// generator.
#[derive(Debug)]
pub(crate) struct FaultState {
    config: Mutex<(Faults, BTreeMap<String, VecDeque<Fault>>)>,
    rng: Rng,
}

/// What to do with a request.
pub(crate) struct Decision {
    pub fault: Fault,
    pub latency_ms: u64,
    pub retry_after: u64,
}

impl FaultState {
    pub fn new(faults: Faults, seed: u64) -> FaultState {
        let state = FaultState {
            config: Mutex::new((Faults::default(), BTreeMap::new())),
            rng: Rng::new(seed ^ 0x5EED_FA17),
        };
        state.set(faults);
        state
    }

    pub fn set(&self, faults: Faults) {
        let scripts = faults
            .scripts
            .iter()
            .map(|(k, v)| (k.clone(), v.iter().copied().collect()))
            .collect();
        *self.config.lock().unwrap_or_else(|p| p.into_inner()) = (faults, scripts);
    }

    /// The configuration with the scripts as they stand (consumed steps removed).
    pub fn get(&self) -> Faults {
        let c = self.config.lock().unwrap_or_else(|p| p.into_inner());
        let mut f = c.0.clone();
        f.scripts =
            c.1.iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.clone(), v.iter().copied().collect()))
                .collect();
        f
    }

    pub fn script(&self, route: &str, steps: Vec<Fault>) {
        let mut c = self.config.lock().unwrap_or_else(|p| p.into_inner());
        c.0.scripts.insert(route.to_owned(), steps.clone());
        c.1.insert(route.to_owned(), steps.into());
    }

    pub fn decide(&self, route: &str) -> Decision {
        let mut c = self.config.lock().unwrap_or_else(|p| p.into_inner());
        let keys = [route, group_of(route), "*"];
        let rule = keys
            .iter()
            .find_map(|k| c.0.routes.get(*k))
            .cloned()
            .unwrap_or(FaultRule {
                retry_after: 1,
                ..FaultRule::default()
            });
        let scripted = keys
            .iter()
            .find_map(|k| c.1.get_mut(*k).and_then(|q| q.pop_front()));
        drop(c);
        let fault = scripted.unwrap_or_else(|| {
            let rates = [
                (rule.rate_429, Fault::TooMany),
                (rule.rate_503, Fault::Unavailable),
                (rule.rate_500, Fault::Internal),
                (rule.rate_drop, Fault::Drop),
                (rule.rate_drop_after, Fault::DropAfter),
            ];
            if rates.iter().all(|(p, _)| *p <= 0.0) {
                return Fault::Ok;
            }
            let mut u = self.rng.unit();
            for (p, f) in rates {
                if u < p {
                    return f;
                }
                u -= p;
            }
            Fault::Ok
        });
        Decision {
            fault,
            latency_ms: rule.latency_ms,
            retry_after: rule.retry_after,
        }
    }
}
