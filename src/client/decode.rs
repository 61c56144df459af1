//! From GO's bodies to the client's types, through the shared wire types.
//!
//! A body that does not match GO's documented shape is [`Error::Decode`] with the
//! line and column of the first mismatch, never serde's message, which can quote a
//! value (personal data).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use gbg_go_wire::interaction::FetchResponse;
use gbg_go_wire::journey::{FullState, JourneyResult as WireResult, SlimState, Step as WireStep};
use gbg_go_wire::Personal;

use super::{
    Error, InstanceId, Interaction, JourneyResult, JourneyState, JourneyStatus, SlimJourneyStatus,
    Step,
};

/// Decode `body` as `T`, or say where it stops matching (no values).
pub(super) fn wire<T: DeserializeOwned>(
    op: &'static str,
    what: &str,
    body: &Value,
    request_id: &Option<String>,
) -> Result<T, Error> {
    // Straight from the parsed body; only a mismatch goes through text, so that the
    // message has a line and column (a `Value`'s own error has neither, and may quote
    // the value).
    if let Ok(t) = T::deserialize(body) {
        return Ok(t);
    }
    let text = serde_json::to_string_pretty(body).unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| Error::Decode {
        operation: op,
        message: format!(
            "the body does not match GO's documented {what} (line {}, column {} of the pretty-printed body)",
            e.line(),
            e.column()
        ),
        request_id: request_id.clone(),
    })
}

fn result_of(r: WireResult) -> JourneyResult {
    JourneyResult {
        status: Some(r.status),
        slim_status: None,
        outcome: r.outcome,
        classification: r.outcome_classification,
        advice: r.advice,
        errors: Vec::new(),
    }
}

fn step_of(s: WireStep) -> Step {
    let error = s
        .result
        .as_ref()
        .and_then(|r| r.error.as_ref())
        .map(|e| e.errors.clone())
        .unwrap_or_default();
    Step {
        node_id: s.node_id,
        name: s.name,
        outcome: s
            .outcome
            .or_else(|| s.result.as_ref().and_then(|r| r.outcome.clone())),
        classification: s.outcome_classification,
        error,
    }
}

/// The full view (v2) or v1's state.
pub(super) fn full_state(
    op: &'static str,
    body: Value,
    request_id: &Option<String>,
) -> Result<JourneyState, Error> {
    let s: FullState = wire(op, "state", &body, request_id)?;
    let context = s.context.unwrap_or_default();
    let process = context.process.unwrap_or_default();
    let started = process.journey.as_ref().and_then(|j| j.started_at.clone());
    let ended = process.journey.as_ref().and_then(|j| j.ended_at.clone());
    // The decision in either place: `context.result` (GO's docs) or the top-level
    // `result` (its newest `StateFetchResponse`).
    let mut result = context.result.or(s.result).map(result_of);
    let mut steps: Vec<Step> = process.steps.into_iter().map(step_of).collect();
    // v1: results under `data.process.flow.<variantId>`.
    if let Some(flow) = s
        .data
        .as_ref()
        .and_then(|d| d.pointer("/process/flow"))
        .and_then(Value::as_object)
    {
        for variant in flow.values() {
            if result.is_none() {
                if let Some(r) = variant.get("result") {
                    let r: WireResult = wire(op, "v1 flow result", r, request_id)?;
                    result = Some(result_of(r));
                }
            }
            if let Some(list) = variant.get("steps") {
                let list: Vec<WireStep> = wire(op, "v1 flow steps", list, request_id)?;
                steps.extend(list.into_iter().map(step_of));
            }
        }
    }
    let meta = s.meta_data.unwrap_or_default();
    Ok(JourneyState {
        instance_id: InstanceId::new(s.instance_id),
        status: s.status,
        slim_status: None,
        created_time: meta.created_time.or(started),
        completed_time: meta.completed_time.filter(|t| !t.is_empty()).or(ended),
        result,
        steps,
        subject: context
            .subject
            .map_or_else(|| json!({}), Personal::into_inner),
        raw: body,
    })
}

/// The slim view (v2 `?view=slim`).
pub(super) fn slim_state(
    op: &'static str,
    body: Value,
    request_id: &Option<String>,
) -> Result<JourneyState, Error> {
    let s: SlimState = wire(op, "slim state", &body, request_id)?;
    let status = match &s.status {
        SlimJourneyStatus::InProgress => JourneyStatus::InProgress,
        SlimJourneyStatus::Completed => JourneyStatus::Completed,
        SlimJourneyStatus::Error => JourneyStatus::Failed,
        SlimJourneyStatus::Other(o) => JourneyStatus::Other(o.clone()),
    };
    let subject = s
        .result
        .as_ref()
        .and_then(|r| r.data.clone())
        .map_or_else(|| json!({}), Personal::into_inner);
    Ok(JourneyState {
        instance_id: InstanceId::new(s.instance_id),
        status,
        slim_status: Some(s.status),
        created_time: s.journey.as_ref().and_then(|j| j.started_at.clone()),
        completed_time: s.journey.as_ref().and_then(|j| j.ended_at.clone()),
        result: s.result.map(|r| JourneyResult {
            status: None,
            slim_status: Some(r.status),
            outcome: r.outcome,
            classification: r.outcome_classification,
            advice: json!({}),
            errors: r.errors,
        }),
        steps: s
            .steps
            .into_iter()
            .map(|st| Step {
                node_id: Some(st.node_id),
                name: st.name,
                outcome: st.outcome,
                classification: st.outcome_classification,
                error: Vec::new(),
            })
            .collect(),
        subject,
        raw: body,
    })
}

/// `interaction/fetch`: the interaction, or the older spec's `{status: "error",
/// code, message}` form (the journey has ended).
pub(super) fn interaction(
    op: &'static str,
    instance: &InstanceId,
    body: Value,
    request_id: &Option<String>,
) -> Result<Interaction, Error> {
    if body.get("status").and_then(Value::as_str) == Some("error") {
        let e: gbg_go_wire::interaction::FetchError =
            wire(op, "interaction error form", &body, request_id)?;
        // GO does not say which status the journey ended with; 4009 means it is no
        // longer active.
        return Ok(Interaction {
            instance_id: instance.clone(),
            interaction_id: None,
            status: JourneyStatus::Other("ended".into()),
            collects: Vec::new(),
            outstanding: Vec::new(),
            instructions: Vec::new(),
            processing: false,
            ended: Some(e.message),
            result: None,
            raw: body,
        });
    }
    let f: FetchResponse = wire(op, "interaction", &body, request_id)?;
    // GO documents `result` as an object: read it as the full view's result, and
    // leave it out rather than fail the fetch when it is something else.
    let result = f
        .result
        .as_ref()
        .and_then(|r| WireResult::deserialize(&r.0).ok())
        .map(result_of);
    // Once the journey is no longer in progress GO still names the last interaction
    // it served (GBG's older SDK requires `interactionId` and `interaction`), but
    // there is nothing to submit to: the typed interaction has none, so a loop that
    // runs while there is an interaction ends (the raw body keeps it).
    let current = f.journey.status == JourneyStatus::InProgress;
    Ok(Interaction {
        instance_id: InstanceId::new(f.instance_id),
        interaction_id: f.interaction_id.filter(|_| current),
        status: f.journey.status,
        collects: f
            .interaction
            .filter(|_| current)
            .map(|i| i.collects)
            .unwrap_or_default(),
        outstanding: f
            .outstanding
            .iter()
            .map(|r| {
                let Ok(r) = r.parse();
                r
            })
            .collect(),
        instructions: f.instructions,
        processing: f.processing.unwrap_or(false),
        ended: None,
        result,
        raw: body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{Classification, Decision, ResultStatus};

    #[test]
    fn v2_full_state_with_steps_and_result() {
        let body = json!({
            "instanceId": "Pq_hhIX6-sHUy9FLSDzPLu", "status": "Completed",
            "context": {
                "process": {"journey": {"startedAt": "2026-03-16T23:56:04.097Z", "endedAt": "2026-03-16T23:57:04.097Z"},
                            "steps": [{"nodeId": "idv", "name": "Document verification", "outcome": "Refer", "outcomeClassification": "neutral"},
                                      {"nodeId": "fraud", "result": {"status": "failed", "error": {"errors": [{"problem": "no credentials", "error": "GET_CREDENTIALS_ERROR"}]}}}]},
                "subject": {"identity": {"firstName": "Ada"}},
                "result": {"status": "completed", "outcome": "Refer", "outcomeClassification": "neutral", "advice": {}}
            }
        });
        let s = full_state("fetch_state", body, &None).unwrap();
        assert_eq!(s.decision(), Decision::Neutral);
        let r = s.result.as_ref().unwrap();
        assert_eq!(r.status, Some(ResultStatus::Completed));
        assert_eq!(s.steps[0].classification, Some(Classification::Neutral));
        assert_eq!(
            s.steps[1].error[0].error.as_deref(),
            Some("GET_CREDENTIALS_ERROR")
        );
        assert_eq!(
            s.completed_time.as_deref(),
            Some("2026-03-16T23:57:04.097Z")
        );
        assert!(!format!("{s:?}").contains("Ada"), "the subject is redacted");
    }

    #[test]
    fn v1_results_under_the_flow() {
        let body = json!({
            "instanceId": "PiIuACmx8Q8R7qPnAkLAqBAT", "status": "Completed",
            "metaData": {"createdTime": "2024-02-15 22:16:33.213000+00:00", "completedTime": ""},
            "data": {"process": {"flow": {"v7": {"result": {"status": "completed", "outcome": "Pass", "outcomeClassification": "positive"}, "steps": []}}}}
        });
        let s = full_state("fetch_state", body, &None).unwrap();
        assert_eq!(s.decision(), Decision::Positive);
        assert_eq!(s.completed_time, None, "empty while running");
    }

    #[test]
    fn slim_error_wins_and_mismatches_name_no_values() {
        let body = json!({"instanceId": "i", "status": "Error", "steps": [],
            "result": {"status": "error", "outcome": "Pass", "outcomeClassification": "positive"}});
        let s = slim_state("fetch_state", body, &None).unwrap();
        assert_eq!(s.status, JourneyStatus::Failed);
        assert_eq!(
            s.decision(),
            Decision::Failed,
            "status wins over the outcome"
        );
        let e = full_state(
            "fetch_state",
            json!({"instanceId": "Ada Lovelace", "status": 7}),
            &None,
        )
        .unwrap_err();
        assert!(!e.to_string().contains("Ada"), "{e}");
    }
}
