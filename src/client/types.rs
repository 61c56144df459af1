//! Identifiers and results of client operations.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

/// A journey's resource id with an explicit version choice: `<id>@latest` or
/// `<id>@<version>`.
///
/// ```
/// use gbg_go::client::ResourceId;
/// let pinned: ResourceId = "onboarding@2".parse()?;
/// assert_eq!(pinned, ResourceId::pinned("onboarding", "2"));
/// assert_eq!(ResourceId::latest("onboarding").to_string(), "onboarding@latest");
/// assert!("onboarding".parse::<ResourceId>().is_err(), "the version must be chosen");
/// # Ok::<(), gbg_go::client::ResourceIdError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResourceId {
    id: String,
    version: Option<String>,
}

/// A string that is not `<id>@latest` or `<id>@<version>`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid resource id: {0}")]
pub struct ResourceIdError(String);

fn valid_part(s: &str, extra: &[u8]) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || extra.contains(&b))
}

impl ResourceId {
    /// `<id>@latest`: the newest published version (GO notes it may add a small
    /// delay).
    pub fn latest(id: impl Into<String>) -> ResourceId {
        ResourceId {
            id: id.into(),
            version: None,
        }
    }

    /// `<id>@<version>`: one published version, which never changes.
    pub fn pinned(id: impl Into<String>, version: impl Into<String>) -> ResourceId {
        ResourceId {
            id: id.into(),
            version: Some(version.into()),
        }
    }

    /// The id without the version.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The pinned version, or `None` for `@latest`.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}@{}",
            self.id,
            self.version.as_deref().unwrap_or("latest")
        )
    }
}

impl FromStr for ResourceId {
    type Err = ResourceIdError;
    fn from_str(s: &str) -> Result<ResourceId, ResourceIdError> {
        let Some((id, version)) = s.split_once('@') else {
            return Err(ResourceIdError(format!(
                "`{s}` has no version: write `{s}@latest` or `{s}@<version>`"
            )));
        };
        if !valid_part(id, b"") {
            return Err(ResourceIdError(format!(
                "`{id}` is not a journey id (letters, digits, `_`, `-`)"
            )));
        }
        if !valid_part(version, b".") {
            return Err(ResourceIdError(format!(
                "`{version}` is not a version (letters, digits, `_`, `-`, `.`)"
            )));
        }
        Ok(if version == "latest" {
            ResourceId::latest(id)
        } else {
            ResourceId::pinned(id, version)
        })
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Wrap an id GO returned.
            pub fn new(id: impl Into<String>) -> $name {
                $name(id.into())
            }
            /// The id.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> $name {
                $name(s)
            }
        }
    };
}

id_type!(
    /// A journey instance (`instanceId`, 16–64 characters).
    InstanceId
);
id_type!(
    /// A v1 task (`taskId`).
    TaskId
);

/// What `start_journey` returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartedJourney {
    /// The new instance.
    pub instance_id: InstanceId,
    /// The hosted journey page (relative to the platform host), for
    /// `delivery: "page"`.
    pub instance_url: Option<String>,
    /// GO's start status (`started`).
    pub status: Option<String>,
    /// GO's message.
    pub message: Option<String>,
}

/// What `task/update` should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Intent {
    /// Store the data; the task becomes In Progress.
    Save,
    /// Validate and complete the task.
    Complete,
    /// Validate only; nothing is stored.
    Validate,
}

impl Intent {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Intent::Save => "Save",
            Intent::Complete => "Complete",
            Intent::Validate => "Validate",
        }
    }
}

/// A journey status as GO reports it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum JourneyStatus {
    /// Running.
    InProgress,
    /// Finished.
    Completed,
    /// Failed.
    Failed,
    /// Paused.
    Paused,
    /// A status this client does not know.
    Other(String),
}

impl JourneyStatus {
    pub(crate) fn parse(s: &str) -> JourneyStatus {
        match s {
            "InProgress" => JourneyStatus::InProgress,
            "Completed" => JourneyStatus::Completed,
            "Failed" => JourneyStatus::Failed,
            "Paused" => JourneyStatus::Paused,
            other => JourneyStatus::Other(other.to_owned()),
        }
    }

    /// Whether the journey has finished (anything but In Progress and Paused).
    pub fn is_final(&self) -> bool {
        matches!(self, JourneyStatus::Completed | JourneyStatus::Failed)
    }
}

impl fmt::Display for JourneyStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JourneyStatus::InProgress => "InProgress",
            JourneyStatus::Completed => "Completed",
            JourneyStatus::Failed => "Failed",
            JourneyStatus::Paused => "Paused",
            JourneyStatus::Other(s) => s,
        })
    }
}

/// Where a journey stands, as GO's documentation describes it to users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// In progress and waiting for the end user: a task is Assigned or In Progress.
    PendingInput,
    /// In progress (modules running, or task states unknown).
    InProgress,
    /// Completed.
    Completed,
    /// Failed.
    Failed,
    /// Paused.
    Paused,
}

/// A task's lifecycle.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TaskState {
    /// Waiting for the end user.
    Assigned,
    /// Data saved, not completed.
    InProgress,
    /// Completed.
    Completed,
    /// A state this client does not know.
    Other(String),
}

/// One task's progress, where GO reports it (`metaData.tasks`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskProgress {
    /// The task.
    pub task_id: TaskId,
    /// The task's name in the journey definition, when reported.
    pub name: Option<String>,
    /// Its state.
    pub state: TaskState,
}

/// `journey/state/fetch`.
#[derive(Clone, PartialEq)]
pub struct JourneyState {
    /// The instance.
    pub instance_id: InstanceId,
    /// GO's status.
    pub status: JourneyStatus,
    /// `metaData.createdTime`.
    pub created_time: Option<String>,
    /// `metaData.completedTime` (absent or empty while in progress).
    pub completed_time: Option<String>,
    /// Per-task progress, when GO reports it.
    pub tasks: Vec<TaskProgress>,
    pub(crate) subject: Value,
}

impl JourneyState {
    /// Pending Input, In Progress, Completed, Failed or Paused.
    pub fn phase(&self) -> Phase {
        match self.status {
            JourneyStatus::Completed => Phase::Completed,
            JourneyStatus::Failed => Phase::Failed,
            JourneyStatus::Paused => Phase::Paused,
            _ if self
                .tasks
                .iter()
                .any(|t| matches!(t.state, TaskState::Assigned | TaskState::InProgress)) =>
            {
                Phase::PendingInput
            }
            _ => Phase::InProgress,
        }
    }

    /// The merged `context.subject` (personal data: it is not printed by `Debug`).
    pub fn subject(&self) -> &Value {
        &self.subject
    }
}

impl fmt::Debug for JourneyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JourneyState")
            .field("instance_id", &self.instance_id)
            .field("status", &self.status)
            .field("phase", &self.phase())
            .field("created_time", &self.created_time)
            .field("completed_time", &self.completed_time)
            .field("tasks", &self.tasks)
            .field("subject", &crate::__private::Redact(&self.subject))
            .finish()
    }
}

/// `journey/interaction/fetch` (v2).
#[derive(Clone, PartialEq)]
pub struct Interaction {
    /// The instance.
    pub instance_id: InstanceId,
    /// The current interaction, absent while modules run or once the journey ended.
    pub interaction_id: Option<String>,
    /// The journey's status.
    pub status: JourneyStatus,
    /// What the interaction still needs (`identity/dateOfBirth`, …).
    pub outstanding: Vec<String>,
    pub(crate) raw: Value,
}

impl Interaction {
    /// The whole response (holds `context.subject`: personal data).
    pub fn raw(&self) -> &Value {
        &self.raw
    }
}

impl fmt::Debug for Interaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interaction")
            .field("instance_id", &self.instance_id)
            .field("interaction_id", &self.interaction_id)
            .field("status", &self.status)
            .field("outstanding", &self.outstanding)
            .finish_non_exhaustive()
    }
}

/// A connect secret from `journey/device/start` (one use, short-lived).
#[derive(Clone)]
pub struct ConnectSecret {
    pub(crate) secret: secrecy::SecretString,
    /// How long it stays valid.
    pub expires_in: std::time::Duration,
}

impl fmt::Debug for ConnectSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectSecret")
            .field("secret", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}
