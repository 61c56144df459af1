//! Devices: `device/start`, `device/connect`, `device/refresh`, `device/validate`,
//! and the hand-off token for a second device.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use gbg_go_wire::device::{
    DeviceConnectRequest, DeviceRefreshRequest, DeviceStartRequest, DeviceStartResponse,
    DeviceValidateResponse, EndUserSession, HandoffTokenResponse,
};
use gbg_go_wire::status::{DevicePosition, DeviceScope, TokenType};
use serde_json::Value;

use super::{
    authorize, bearer, created, instance_request, non_empty, not_found_instance, ok, parse,
    with_instance, ApiResult, Caller, Needs,
};
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::state::{lock, JourneyStatus, Shared, TokenKind};

/// The connect secret's lifetime.
const CONNECT_TTL: Duration = Duration::from_secs(120);
/// The device session's resume credential lifetime.
const RESUME_TTL: Duration = Duration::from_secs(24 * 3600);

fn seconds(d: Duration) -> Option<Value> {
    Some(Value::from(d.as_secs()))
}

pub(super) async fn device_start(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let request: DeviceStartRequest = instance_request(&shared, &headers, &body, Needs::Customer)?;
    let scope = request.scope.unwrap_or_else(|| vec![DeviceScope::Any]);
    let id = request.instance_id;
    if !lock(&shared.instances).by_id.contains_key(&id) {
        return Err(not_found_instance());
    }
    let token = shared.issue(
        TokenKind::Connect {
            instance: id,
            used: false,
            joined: false,
        },
        CONNECT_TTL,
    );
    Ok(created(&DeviceStartResponse {
        connect_token: token,
        token_type: Some(TokenType::Connect),
        expires_in: seconds(CONNECT_TTL),
        scope: Some(scope),
    }))
}

/// A new end-user session for `instance` (with a new resume credential, or the one
/// given at `device/refresh`).
fn end_user_session(
    shared: &Shared,
    instance: &str,
    joined: bool,
    credential: Option<String>,
) -> EndUserSession {
    let ttl = shared.token_ttl;
    let token = shared.issue(
        TokenKind::EndUser {
            instance: instance.to_owned(),
            joined,
        },
        ttl,
    );
    let now = shared.clock.now();
    let (credential, expires) = match credential {
        Some(c) => {
            let expires = lock(&shared.resume).get(&c).map(|(_, e)| *e).unwrap_or(now);
            (c, expires)
        }
        None => {
            let c = shared.rng.id(40);
            let expires = now + RESUME_TTL;
            lock(&shared.resume).insert(c.clone(), (instance.to_owned(), expires));
            (c, expires)
        }
    };
    EndUserSession {
        end_user_token: token,
        token_type: Some(TokenType::EndUser),
        expires_in: seconds(ttl),
        instance_id: Some(instance.to_owned()),
        resume_credential: Some(credential),
        credential_expires_at: Some(rfc3339(expires)),
        credential_expires_in: Some(expires.duration_since(now).unwrap_or_default().as_secs()),
        link_expires_at: None,
    }
}

pub(super) async fn device_connect(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    // The connect secret is the Bearer token; GO's older form puts it in the body.
    let request: Option<DeviceConnectRequest> = if body.is_empty() {
        None
    } else {
        Some(parse(&body)?)
    };
    let secret = bearer(&headers)
        .map(str::to_owned)
        .or_else(|| request.and_then(|r| r.connect_token))
        .ok_or_else(|| ApiError::unauthorized("Missing connect secret (Authorization: Bearer)"))?;
    let now = shared.clock.now();
    let (instance, joined) = {
        let mut tokens = lock(&shared.tokens);
        let invalid = || ApiError::unauthorized("Invalid connect secret");
        let token = tokens.get_mut(&secret).ok_or_else(invalid)?;
        let TokenKind::Connect {
            instance,
            used,
            joined,
        } = &mut token.kind
        else {
            return Err(invalid());
        };
        if *used {
            return Err(ApiError::unauthorized("Connect secret already used"));
        }
        if token.expires <= now {
            return Err(ApiError::unauthorized("Connect secret expired"));
        }
        *used = true;
        (instance.clone(), *joined)
    };
    if !lock(&shared.instances).by_id.contains_key(&instance) {
        return Err(not_found_instance());
    }
    Ok(created(&end_user_session(&shared, &instance, joined, None)))
}

pub(super) async fn device_refresh(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let request: DeviceRefreshRequest = parse(&body)?;
    let credential = request.resume_credential;
    non_empty("resumeCredential", &credential)?;
    let now = shared.clock.now();
    let instance = match lock(&shared.resume).get(&credential) {
        Some((instance, expires)) if *expires > now => instance.clone(),
        Some(_) => return Err(ApiError::unauthorized("Resume credential expired")),
        None => return Err(ApiError::unauthorized("Invalid resume credential")),
    };
    if !lock(&shared.instances).by_id.contains_key(&instance) {
        return Err(not_found_instance());
    }
    let mut out = end_user_session(&shared, &instance, false, Some(credential));
    out.link_expires_at = out.credential_expires_at.clone();
    Ok(created(&out))
}

/// A stable, non-reversible id for a token (FNV-1a), so `device/validate` can name the
/// session without echoing the token.
fn session_id(token: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in token.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("sbx-session-{h:016x}")
}

pub(super) async fn device_validate(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> ApiResult {
    let caller = authorize(&shared, &headers, Needs::EndUser)?;
    let Caller::EndUser { instance, .. } = caller else {
        return Err(ApiError::unauthorized("Invalid token"));
    };
    let token = bearer(&headers).unwrap_or_default();
    let expires = lock(&shared.tokens)
        .get(token)
        .map(|t| t.expires)
        .unwrap_or_else(|| shared.clock.now());
    Ok(ok(&DeviceValidateResponse {
        valid: true,
        session_id: Some(session_id(token)),
        instance_id: Some(instance),
        org_id: Some("sandbox".into()),
        expires_at: Some(rfc3339(expires)),
    }))
}

pub(super) async fn handoff_token(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    let caller = authorize(&shared, &headers, Needs::EndUserOrCustomer)?;
    match caller {
        Caller::Customer => {
            return Err(ApiError::forbidden(
                "A hand-off token is minted with the end-user token of the device that started the journey",
            ))
        }
        Caller::EndUser { joined: true, .. } => {
            return Err(ApiError::forbidden(
                "A device that joined by hand-off cannot hand off again",
            ))
        }
        Caller::EndUser { instance, .. } if instance != id => {
            return Err(ApiError::forbidden(
                "The end-user token was issued for another instance",
            ))
        }
        Caller::EndUser { .. } => {}
    }
    with_instance(&shared, &id, |i| {
        if i.status() != JourneyStatus::InProgress {
            return Err(ApiError::journey_not_active(i.status().as_str()));
        }
        Ok(())
    })?;
    let secret = shared.issue(
        TokenKind::Connect {
            instance: id.clone(),
            used: false,
            joined: true,
        },
        CONNECT_TTL,
    );
    Ok(created(&HandoffTokenResponse {
        instance_url: format!("/journey/{id}?connectToken={secret}"),
        device_position: Some(DevicePosition::Origin),
        expires_in: seconds(CONNECT_TTL),
    }))
}
