//! v2 interactions: `interaction/fetch`, `interaction/submit`, asset upload.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use gbg_go_schema::{text, Violation};
use gbg_go_wire::catalogue::ElementRef;
use gbg_go_wire::headers;
use gbg_go_wire::interaction::{
    AssetUploadResponse, FetchRequest, Participant, Reviewer, SubmitRequest, SubmitResponse,
    UPLOADABLE,
};
use gbg_go_wire::status::FetchScope;
use serde_json::Value;

use super::journeys::{View, ViewQuery};
use super::{
    authorize, check_then_apply, instance_request, non_empty, ok, own_instance, with_instance,
    ApiResult, Caller, Snapshot,
};
use crate::capture::merge_submit;
use crate::error::ApiError;
use crate::journey::{self, Submit};
use crate::state::{JourneyStatus, Shared, TaskStatus};

pub(super) async fn interaction_fetch(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<ViewQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let view = query.view()?;
    let needs = shared.end_user_call();
    let request: FetchRequest = instance_request(&shared, &headers, &body, needs)?;
    if let Some(FetchScope::Other(_)) = request.scope {
        return Err(ApiError::invalid("scope", "`subject` or `reviewer`"));
    }
    check_then_apply(
        &shared,
        &request.instance_id,
        |i| {
            if i.status() != JourneyStatus::InProgress {
                return Ok(Snapshot::Answer(match view {
                    View::Full => ok(&journey::after_interactions(i)),
                    View::Slim => ok(&journey::slim_interaction(
                        i,
                        &journey::interaction_view(i, None),
                    )),
                }));
            }
            // The current task's definition and the held subject, judged outside the
            // lock; nothing to judge while modules run.
            Ok(Snapshot::Judge(i.current().map(|(_, def)| {
                (def.clone(), i.subject().clone(), i.side_rule())
            })))
        },
        |taken| {
            Ok(taken
                .as_ref()
                .map(|(def, held, rule)| journey::progress(def, held, *rule)))
        },
        |i, _, progress| {
            let full = journey::interaction_view(i, progress.as_ref());
            if let (Some((index, _)), Some(_)) = (i.current(), &full.interaction_id) {
                i.note_served(index);
            }
            Ok(match view {
                View::Full => ok(&full),
                View::Slim => ok(&journey::slim_interaction(i, &full)),
            })
        },
    )
}

/// `participants[]` as catalogue refs.
fn participants(list: &[Participant]) -> Result<Vec<ElementRef>, ApiError> {
    list.iter()
        .map(|p| {
            if p.domain_element_id.is_empty() {
                return Err(ApiError::invalid(
                    "participants",
                    "an array of {domainElementId: string}",
                ));
            }
            let Ok(r) = p.domain_element_id.parse::<ElementRef>();
            Ok(r)
        })
        .collect()
}

/// DESIGN, *Capture semantics*, "Participants without data" (INFERRED from GO's
/// answer on a live tenant, API-NOTES §3.4): a participant ref (element or leaf) none
/// of whose mapped leaves has a value in the merged data is refused with 4002, naming
/// the ref. Refs the catalogue cannot map are kept, never judged.
fn participants_have_data(named: &[ElementRef], merged: &Value) -> Result<(), ApiError> {
    match named
        .iter()
        .find(|r| r.element.mapping().is_some() && !r.has_data(merged))
    {
        Some(r) => Err(ApiError::missing_element(&r.to_string())),
        None => Ok(()),
    }
}

/// `context.reviewers`: at most one `{manualReview: {decision: 0–9, notes?: ≤500}}`.
fn review(reviewers: Option<Vec<Reviewer>>) -> Result<Option<Value>, ApiError> {
    let Some(list) = reviewers else {
        return Ok(None);
    };
    let shape = || {
        ApiError::invalid(
            "context.reviewers",
            "at most one {manualReview: {decision: 0-9, notes?: up to 500 characters}}",
        )
    };
    if list.len() > 1 {
        return Err(shape());
    }
    for r in &list {
        if r.manual_review.decision > 9
            || r.manual_review
                .notes
                .as_ref()
                .is_some_and(|n| n.chars().count() > 500)
        {
            return Err(shape());
        }
    }
    Ok(list
        .into_iter()
        .next()
        .and_then(|r| serde_json::to_value(r.manual_review).ok()))
}

pub(super) async fn interaction_submit(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let needs = shared.end_user_call();
    let request: SubmitRequest = instance_request(&shared, &headers, &body, needs)?;
    let SubmitRequest {
        instance_id: id,
        interaction_id: interaction,
        participants: listed,
        context,
    } = request;
    non_empty("interactionId", &interaction)?;
    let named = participants(&listed)?;
    let review = review(context.reviewers)?;
    let patch = match context.subject.into_inner() {
        Value::Null => return Err(ApiError::missing("context.subject")),
        s @ Value::Object(_) => s,
        _ => return Err(ApiError::invalid("context.subject", "an object")),
    };
    submit_interaction(&shared, &id, &interaction, &named, review, &patch)?
        .map_err(|broken| ApiError::invalid_data(&broken))?;
    Ok(ok(&SubmitResponse {
        status: "success".into(),
    }))
}

/// Judge and apply one interaction submit (`patch` is its `context.subject`), and
/// count it: the one place a submit is applied, for `interaction/submit` and the
/// end-user page alike. Data that is present but breaks a rule is refused with the
/// violations as data (`Ok(Err(..))`): GO's 4003 body for the API, the fields to
/// mark for the page.
pub(crate) fn submit_interaction(
    shared: &Shared,
    id: &str,
    interaction: &str,
    named: &[ElementRef],
    review: Option<Value>,
    patch: &Value,
) -> Result<Result<(), Vec<Violation>>, ApiError> {
    let now = shared.clock.now();
    let applied = check_then_apply(
        shared,
        id,
        |i| {
            if i.status() != JourneyStatus::InProgress {
                return Err(ApiError::journey_not_active(i.status().as_str()));
            }
            match i.current() {
                Some((index, def)) if journey::interaction_id(i, index) == interaction => Ok(
                    Snapshot::Judge((index, def.clone(), i.subject().clone(), i.side_rule())),
                ),
                _ => Err(ApiError::invalid(
                    "interactionId",
                    "the current interaction's id (from journey/interaction/fetch)",
                )),
            }
        },
        // Partial submissions are fine; data that is present but breaks a rule is not.
        |(_, def, held, rule)| {
            let mut merged = held.clone();
            merge_submit(&mut merged, patch);
            participants_have_data(named, &merged)?;
            let progress = journey::submit_progress(def, held, patch, &merged, *rule);
            if !progress.broken.is_empty() {
                return Ok(Err(progress.broken));
            }
            Ok(Ok((merged, progress)))
        },
        |i, (index, _, _, _), verdict| {
            let (merged, progress) = match verdict {
                Ok(judged) => judged,
                Err(broken) => return Ok(Err(broken)),
            };
            let submit = Submit {
                merged,
                named: named.iter().map(|r| r.element.clone()).collect(),
                review: review.clone(),
            };
            i.apply_submit(index, submit, &progress, now);
            let task = &i.tasks()[index];
            Ok(Ok((
                task.id().to_owned(),
                task.status() == TaskStatus::Completed,
            )))
        },
    )?;
    let (task_id, completed) = match applied {
        Ok(applied) => applied,
        Err(broken) => return Ok(Err(broken)),
    };
    shared.count(|c| {
        c.interaction_submissions += 1;
        *c.task_submissions.entry(task_id.clone()).or_default() += 1;
        if completed {
            *c.task_completions.entry(task_id).or_default() += 1;
        }
    });
    Ok(Ok(()))
}

/// `POST /journey/interaction/asset/upload`: raw image bytes, identified by the
/// `X-Instance-Id`, `X-Interaction-Id` and `X-Domain-Element-Id` headers.
pub(super) async fn asset_upload(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let caller = authorize(&shared, &headers, shared.end_user_call())?;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                let mut e = ApiError::missing(name);
                e.errors[0].location = Some("Header".into());
                e
            })
    };
    let id = header(headers::INSTANCE_ID)?;
    let interaction = header(headers::INTERACTION_ID)?;
    let element = header(headers::DOMAIN_ELEMENT_ID)?;
    if let Caller::EndUser { instance, .. } = &caller {
        own_instance(&Some(instance.clone()), &id)?;
    }
    if !UPLOADABLE.contains(&element.as_str()) {
        return Err(ApiError::unprocessable(
            format!(
                "`{}` cannot be uploaded",
                text::printable_clipped(&element, 64)
            ),
            format!(
                "Upload one of {}, or submit the asset inline (base64)",
                UPLOADABLE.join(", ")
            ),
        ));
    }
    if body.is_empty() {
        return Err(ApiError::invalid("body", "the image bytes"));
    }
    let key = format!("gofs://sandbox/{id}/{}", shared.rng.id(24));
    with_instance(&shared, &id, |i| {
        if i.status() != JourneyStatus::InProgress {
            return Err(ApiError::journey_not_active(i.status().as_str()));
        }
        let Some((index, def)) = i.current() else {
            return Err(ApiError::conflict(
                "There is no current interaction",
                "Fetch the interaction and upload while it collects the element",
            ));
        };
        if journey::interaction_id(i, index) != interaction {
            return Err(ApiError::conflict(
                "X-Interaction-Id is not the current interaction",
                "Use the interactionId from journey/interaction/fetch",
            ));
        }
        let Ok(r) = element.parse::<ElementRef>();
        if !def.collects.iter().any(|c| c.element == r.element) {
            return Err(ApiError::conflict(
                "The current interaction does not collect this element",
                "Upload only elements the interaction's collects name",
            ));
        }
        i.record_upload(key.clone(), element.clone());
        Ok(())
    })?;
    Ok(ok(&AssetUploadResponse {
        domain_element_id: element,
        gofs_key: key,
    }))
}
