//! GO's status vocabularies, exactly as spelled on the wire (API-NOTES §6.1).

open_enum! {
    /// A journey's status in the full state view, `task/list` and an interaction's
    /// `journey.status`.
    pub enum JourneyStatus {
        /// Running.
        InProgress = "InProgress",
        /// Finished.
        Completed = "Completed",
        /// Ended by an error or abandonment.
        Failed = "Failed",
        /// Paused (its trigger is undocumented).
        Paused = "Paused",
    }
}

impl JourneyStatus {
    /// Completed or Failed: nothing more will happen.
    pub fn is_final(&self) -> bool {
        matches!(self, JourneyStatus::Completed | JourneyStatus::Failed)
    }
}

open_enum! {
    /// A journey's status in the slim state view (`?view=slim`).
    pub enum SlimJourneyStatus {
        /// Running.
        InProgress = "InProgress",
        /// Finished.
        Completed = "Completed",
        /// A module error or platform abandonment.
        Error = "Error",
    }
}

open_enum! {
    /// `result.status` in the full state view (and a step's `result.status`). GO's
    /// docs list `pending`, `completed` and `failed`; its newest description and GBG's
    /// sample backends on live tenants use `complete` and `error` (API-NOTES §3.6,
    /// §6.1), which the sandbox sends in v2. Clients read both spellings alike.
    pub enum ResultStatus {
        /// The journey is running.
        Pending = "pending",
        /// The journey finished (v2's newest spelling).
        Complete = "complete",
        /// A module failed or the journey was abandoned (v2's newest spelling).
        Error = "error",
        /// The journey finished (GO's docs, v1).
        Completed = "completed",
        /// A module failed or the journey was abandoned (GO's docs, v1).
        Failed = "failed",
    }
}

open_enum! {
    /// `result.status` in the slim state view: GO calls it the authoritative signal;
    /// when it disagrees with the outcome, it wins.
    pub enum SlimResultStatus {
        /// The journey is running.
        Pending = "pending",
        /// Finished.
        Complete = "complete",
        /// A module's terminal error, or abandonment (not retryable).
        Error = "error",
        /// In GO's range, not emitted at journey level today.
        Timeout = "timeout",
    }
}

open_enum! {
    /// How GO classifies an outcome (`outcomeClassification`; it may also be `null`).
    pub enum Classification {
        /// A pass, accept or complete.
        Positive = "positive",
        /// A fail, reject or deny.
        Negative = "negative",
        /// A refer, flag or review.
        Neutral = "neutral",
    }
}

impl Classification {
    /// The classification GO gives common outcomes when a journey does not configure
    /// one (INFERRED, as the sandbox applies it): `Pass`, `Complete`, `Accept` are
    /// positive; `Refer`, `Flag`, `Review` neutral; `Fail`, `Reject`, `Deny` negative;
    /// anything else has none.
    pub fn of_outcome(outcome: &str) -> Option<Classification> {
        let word = outcome
            .trim()
            .trim_start_matches("Decision:")
            .trim()
            .to_ascii_lowercase();
        match word.as_str() {
            "pass" | "complete" | "accept" => Some(Classification::Positive),
            "refer" | "flag" | "review" | "manual review" => Some(Classification::Neutral),
            "fail" | "reject" | "deny" => Some(Classification::Negative),
            _ => None,
        }
    }
}

open_enum! {
    /// `journey/start`'s response `status`. Only `started` without `inlineResult`.
    pub enum StartStatus {
        /// The instance was created.
        Started = "started",
        /// `inlineResult`: finished within the wait.
        Completed = "completed",
        /// `inlineResult`: failed within the wait.
        Failed = "failed",
        /// `inlineResult`: waiting for the end user.
        AwaitingInput = "awaiting-input",
        /// `inlineResult`: still running when the wait ended.
        Pending = "pending",
    }
}

open_enum! {
    /// `context.config.delivery` at start.
    pub enum Delivery {
        /// A hosted journey page (`instanceUrl` in the response).
        Page = "page",
        /// The caller drives the interactions through the API.
        Api = "api",
    }
}

open_enum! {
    /// How an interaction needs a domain element (`collects[].spec`).
    pub enum Spec {
        /// Must be collected.
        Required = "required",
        /// May be collected.
        Optional = "optional",
        /// Required depending on other answers.
        Conditional = "conditional",
    }
}

open_enum! {
    /// A group of collects (`collects[].combinator`).
    pub enum Combinator {
        /// Exactly one of the inputs.
        OneOf = "oneOf",
        /// All of the inputs.
        AllOf = "allOf",
    }
}

open_enum! {
    /// `instructions[]` of an interaction.
    pub enum Instruction {
        /// The back of the document is needed (after side 1 was classified).
        Side2Required = "Side2Required",
        /// The back may be needed later (present from the first fetch).
        LazySide2CollectionRequired = "LazySide2CollectionRequired",
    }
}

open_enum! {
    /// Who an interaction fetch is for (`scope`).
    pub enum FetchScope {
        /// The end user (the default).
        Subject = "subject",
        /// A manual reviewer.
        Reviewer = "reviewer",
    }
}

open_enum! {
    /// A device connection's scope (`device/start`).
    pub enum DeviceScope {
        /// Mobile devices.
        Mobile = "mobile",
        /// Desktop browsers.
        Desktop = "desktop",
        /// Any device.
        Any = "any",
        /// Any device (GO also spells it `*`).
        Star = "*",
    }
}

open_enum! {
    /// `tokenType` of device tokens.
    pub enum TokenType {
        /// A one-use connect secret.
        Connect = "connect",
        /// An end-user session token.
        EndUser = "end-user",
    }
}

open_enum! {
    /// Which device a hand-off token was minted on.
    pub enum DevicePosition {
        /// The device that started the journey.
        Origin = "origin",
        /// A device that joined it.
        Joined = "joined",
    }
}

open_enum! {
    /// A sandbox scenario's tier.
    pub enum ScenarioTier {
        /// Built into GO.
        Platform = "platform",
        /// The organisation's own.
        Org = "org",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_kept() {
        let s: JourneyStatus = serde_json::from_str("\"Archived\"").unwrap();
        assert_eq!(s, JourneyStatus::Other("Archived".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Archived\"");
        let s: SlimResultStatus = serde_json::from_str("\"complete\"").unwrap();
        assert_eq!(s, SlimResultStatus::Complete);
    }

    #[test]
    fn classification_of_outcomes() {
        assert_eq!(
            Classification::of_outcome("Pass"),
            Some(Classification::Positive)
        );
        assert_eq!(
            Classification::of_outcome("Decision: Reject"),
            Some(Classification::Negative)
        );
        assert_eq!(
            Classification::of_outcome("Flag"),
            Some(Classification::Neutral)
        );
        assert_eq!(Classification::of_outcome("No warning signals"), None);
    }
}
