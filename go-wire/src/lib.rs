//! GBG GO's wire: the request and response types of the journey API, shared by the
//! gbg-go client and the gbg-go sandbox so the two cannot agree on a GO that does not
//! exist.
//!
//! Sources, in order of authority (see the project's `API-NOTES` and `DESIGN`):
//! the newest GBG SDK specification, then GBG's docs, then GBG's older OpenAPI
//! description (`openapi.yaml`). Where they disagree, the types accept both forms and the
//! doc comment says so.
//!
//! - Statuses and other vocabularies GO may extend are *open enums*: every one has an
//!   `Other(String)` variant, so a value GO adds later is kept, never an error.
//! - Response types keep unknown members out of their fields; a caller that needs them
//!   reads the raw JSON.
//! - Optional members are skipped when absent, so a server built on these types sends
//!   only what GO documents.
//! - Members that hold the subject's data are [`Personal`]: their `Debug` shows the
//!   structure with every value redacted.
//!
//! ```
//! use gbg_go_wire::{journey::SlimState, status::SlimResultStatus, status::Classification};
//! let body = r#"{"instanceId":"Pq_hhIX6-sHUy9FLSDzPLu","status":"Completed",
//!   "steps":[{"nodeId":"idv","name":"Document verification","outcome":"Pass","outcomeClassification":"positive"}],
//!   "result":{"status":"complete","outcome":"Pass","outcomeClassification":"positive"}}"#;
//! let state: SlimState = serde_json::from_str(body)?;
//! let result = state.result.unwrap();
//! assert_eq!(result.status, SlimResultStatus::Complete);
//! assert_eq!(result.outcome_classification, Some(Classification::Positive));
//! # Ok::<(), serde_json::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// An enum of GO's strings that keeps values it does not know in `Other`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of gbg-go does not know (kept as GO sent it).
            Other(::std::string::String),
        }

        impl $name {
            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s,
                }
            }

            /// Read a wire string; unknown values become `Other`.
            pub fn parse(s: &str) -> $name {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> $name {
                $name::parse(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<$name, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok($name::parse(&s))
            }
        }
    };
}

mod personal;

pub mod catalogue;
pub mod device;
pub mod error;
pub mod interaction;
pub mod journey;
pub mod resource;
pub mod scenario;
pub mod status;
pub mod task;
pub mod token;

pub use catalogue::{DomainElement, ElementRef};
pub use error::{ErrorBody, GbgError, V1ErrorBody};
pub use personal::Personal;
pub use resource::{ResourceId, ResourceIdError};

/// Headers GO documents.
pub mod headers {
    /// Every response carries the request id (quote it to GBG support).
    pub const REQUEST_ID: &str = "x-request-id";
    /// Sandbox scenario selection at journey start.
    pub const SCENARIO: &str = "x-gbg-scenario";
    /// Asset upload: the instance.
    pub const INSTANCE_ID: &str = "x-instance-id";
    /// Asset upload: the current interaction.
    pub const INTERACTION_ID: &str = "x-interaction-id";
    /// Asset upload: the domain element the bytes are for.
    pub const DOMAIN_ELEMENT_ID: &str = "x-domain-element-id";
    /// GBG's SDKs name their caller on every request.
    pub const GBG_SOURCE: &str = "x-gbg-source";
}

/// Paths under the API base (`/captain/api` for v1, `/v2/captain` for v2).
pub mod paths {
    #![allow(missing_docs)]
    pub const HEALTH: &str = "/journey/health";
    pub const START: &str = "/journey/start";
    pub const STATE_FETCH: &str = "/journey/state/fetch";
    pub const STATE_DELETE: &str = "/journey/state/delete";
    pub const TERMINATE: &str = "/journey/terminate";
    pub const SCHEMA_FETCH: &str = "/journey/schema/fetch";
    pub const TASK_LIST: &str = "/journey/task/list";
    pub const TASK_SCHEMA: &str = "/journey/task/schema";
    pub const TASK_LIST_SCHEMA: &str = "/journey/task/list/schema";
    pub const TASK_UPDATE: &str = "/journey/task/update";
    pub const DEVICE_START: &str = "/journey/device/start";
    pub const DEVICE_CONNECT: &str = "/journey/device/connect";
    pub const DEVICE_REFRESH: &str = "/journey/device/refresh";
    pub const DEVICE_VALIDATE: &str = "/journey/device/validate";
    pub const INTERACTION_FETCH: &str = "/journey/interaction/fetch";
    pub const INTERACTION_SUBMIT: &str = "/journey/interaction/submit";
    pub const ASSET_UPLOAD: &str = "/journey/interaction/asset/upload";
    /// `/journey/instance/{instanceId}/handoff-token`.
    pub fn handoff_token(instance_id: &str) -> String {
        format!("/journey/instance/{instance_id}/handoff-token")
    }
    /// `/sandbox/journeys/{journeyId}/scenarios`.
    pub fn scenarios(journey_id: &str) -> String {
        format!("/sandbox/journeys/{journey_id}/scenarios")
    }
    /// `/sandbox/journeys/{journeyId}/scenarios/{name}`.
    pub fn scenario(journey_id: &str, name: &str) -> String {
        format!("/sandbox/journeys/{journey_id}/scenarios/{name}")
    }
    /// The token endpoint, at the host root.
    pub const TOKEN: &str = "/as/token.oauth2";
    /// The older Keycloak-style token endpoint.
    pub const TOKEN_KEYCLOAK: &str = "/auth/realms/go/protocol/openid-connect/token";
}

/// `GET /journey/health`: `{"message": "OK"}`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HealthResponse {
    /// `OK`.
    pub message: String,
}

/// The body every per-instance call takes: `{"instanceId": …}`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceRequest {
    /// The journey instance.
    pub instance_id: String,
}
