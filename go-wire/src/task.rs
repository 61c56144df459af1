//! v1 tasks (API-NOTES §3.11).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::status::JourneyStatus;

open_enum! {
    /// `task/update`'s `intent`. GO's guide also writes `COMPLETE`; servers accept
    /// any case.
    pub enum Intent {
        /// Store partial data.
        Save = "Save",
        /// Finish the task.
        Complete = "Complete",
        /// Check without storing.
        Validate = "Validate",
    }
}

/// `POST /journey/task/list` response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskListResponse {
    /// The instance.
    pub instance_id: String,
    /// The journey's status.
    pub status: JourneyStatus,
    /// The open tasks (only their ids).
    pub tasks: Vec<TaskRef>,
}

/// A listed task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRef {
    /// The task.
    pub task_id: String,
}

/// `POST /journey/task/schema`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskSchemaRequest {
    /// The task (in v2's shim, the instance id).
    pub task_id: String,
    /// When the journey configuration requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

/// `POST /journey/task/list/schema` response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskListSchemaResponse {
    /// The instance.
    pub instance_id: String,
    /// The journey's status.
    pub status: JourneyStatus,
    /// The open tasks, each with `schema: {"$ref": "#/schemas/<id>"}`.
    pub tasks: Vec<TaskWithSchema>,
    /// The schemas by id.
    pub schemas: Map<String, Value>,
}

/// A task of `task/list/schema`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskWithSchema {
    /// The task.
    pub task_id: String,
    /// `{"$ref": "#/schemas/<id>"}`.
    pub schema: Value,
}

/// `POST /journey/task/update`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskUpdateRequest {
    /// Save, Complete or Validate.
    pub intent: Intent,
    /// The instance.
    pub instance_id: String,
    /// The task.
    pub task_id: String,
    /// `{"subject": …}`. GO's descriptions require it; servers read an absent one
    /// as "the data saved before" (the sandbox does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<crate::Personal>,
}

/// `POST /journey/task/update` response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskUpdateResponse {
    /// The instance.
    pub instance_id: String,
    /// The task.
    pub task_id: String,
}
