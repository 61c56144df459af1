//! Tokens: the customer token (cached, refreshed ahead of expiry, single flight) and
//! per-instance end-user sessions (device start and connect, resume credentials).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use tracing::Instrument;

use gbg_go_wire::device::{
    DeviceConnectRequest, DeviceInfo, DeviceRefreshRequest, DeviceStartRequest,
    DeviceStartResponse, DeviceValidateResponse, HandoffTokenResponse,
};
use gbg_go_wire::paths;
use gbg_go_wire::token::{OAuthError, TokenRequest, TokenResponse};

use super::engine::{
    exchange, expires_in, status_failure, str_at, wire_body, Auth, Call, Kind, Payload,
};
use super::error::SessionError;
use super::{
    decode, lock, CachedToken, Client, ConnectSecret, Credentials, DeviceScope, EndUserSession,
    Error, Handoff, InstanceId, SessionSlot, MAX_CACHED,
};

impl Client {
    /// Whether an instance's v1 task and interaction calls use an end-user session
    /// (after GO refused the customer token twice).
    pub(super) fn uses_end_user(&self, instance: &InstanceId) -> bool {
        lock(&self.inner.end_user_instances).contains(instance.as_str())
    }

    pub(super) fn switch_to_end_user(&self, instance: &InstanceId) {
        let mut set = lock(&self.inner.end_user_instances);
        if set.len() >= MAX_CACHED {
            set.clear();
        }
        set.insert(instance.as_str().to_owned());
    }

    // -----------------------------------------------------------------------------
    // Tokens

    /// Refresh ahead of expiry: a tenth of the lifetime (5 s to 5 min), plus up to
    /// half as much again at random so that many clients do not refresh together.
    pub(super) fn refresh_at(&self, expires_in: Duration) -> SystemTime {
        let lead = (expires_in / 10).clamp(Duration::from_secs(5), Duration::from_secs(300));
        let lead = lead.min(expires_in / 2) + (lead / 2).mul_f64(fastrand::f64());
        self.inner.clock.now() + expires_in.saturating_sub(lead)
    }

    pub(super) async fn customer_token(&self) -> Result<SecretString, Error> {
        let mut slot = self.inner.token.lock().await;
        if let Some(cached) = &*slot {
            if self.inner.clock.now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        // Single flight: the lock is held while fetching, so concurrent callers wait
        // for this fetch and then find the fresh token.
        let (token, expires_in) = self.fetch_token().await?;
        *slot = Some(CachedToken {
            token: token.clone(),
            refresh_at: self.refresh_at(expires_in),
        });
        Ok(token)
    }

    pub(super) async fn fetch_token(&self) -> Result<(SecretString, Duration), Error> {
        let op = "token";
        let form = match &self.inner.credentials {
            Credentials::Password {
                client_id,
                client_secret,
                username,
                password,
            } => TokenRequest {
                grant_type: Some("password".into()),
                client_id: Some(client_id.clone()),
                client_secret: Some(client_secret.expose_secret().to_owned()),
                username: Some(username.clone()),
                password: Some(password.expose_secret().to_owned()),
                scope: None,
            },
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => TokenRequest {
                grant_type: Some("client_credentials".into()),
                client_id: Some(client_id.clone()),
                client_secret: Some(client_secret.expose_secret().to_owned()),
                scope: Some("gbg.token".into()),
                ..TokenRequest::default()
            },
        };
        let mut retries = 0;
        loop {
            let req = self.inner.http.post(&self.inner.token_url).form(&form);
            let failure = match exchange(op, req).await {
                Err(failure) => failure,
                Ok(ex) if (200..300).contains(&ex.status) => {
                    self.earn();
                    let grant: TokenResponse =
                        serde_json::from_slice(&ex.body).map_err(|_| Error::Decode {
                            operation: op,
                            message: "the token response has no `access_token`".into(),
                            request_id: ex.request_id.clone(),
                        })?;
                    return Ok((
                        SecretString::from(grant.access_token),
                        Duration::from_secs(grant.expires_in.unwrap_or(3600)),
                    ));
                }
                Ok(ex) if matches!(ex.status, 400 | 401 | 403) => {
                    // OAuth error bodies: report the error code, not the
                    // description (it may echo a field).
                    let code = serde_json::from_slice::<OAuthError>(&ex.body)
                        .map(|e| e.error)
                        .unwrap_or_else(|_| "refused".into());
                    return Err(Error::Auth {
                        operation: op,
                        status: ex.status,
                        message: format!("the token endpoint refused the credentials ({code})"),
                        request_id: ex.request_id,
                    });
                }
                Ok(ex) => status_failure(op, &ex)?,
            };
            // A token grant has no effect worth protecting: retry it as a read.
            self.decide(op, Kind::Read, failure, &mut retries).await?;
        }
    }

    pub(super) async fn invalidate(&self, auth: &Auth<'_>, used: &SecretString) {
        match auth {
            Auth::Customer => {
                let mut slot = self.inner.token.lock().await;
                if slot
                    .as_ref()
                    .is_some_and(|c| c.token.expose_secret() == used.expose_secret())
                {
                    *slot = None;
                }
            }
            Auth::EndUser(instance) => {
                let slot = self.session_slot(instance);
                let mut s = slot.lock().await;
                if s.as_ref()
                    .is_some_and(|c| c.token.expose_secret() == used.expose_secret())
                {
                    // Keep the resume credential: it renews the session.
                    if let Some(session) = s.as_mut() {
                        session.refresh_at = SystemTime::UNIX_EPOCH;
                    }
                }
            }
            Auth::Instance(instance) => {
                let fallback = if self.uses_end_user(instance) {
                    Auth::EndUser(instance)
                } else {
                    Auth::Customer
                };
                Box::pin(self.invalidate(&fallback, used)).await;
            }
            Auth::None | Auth::Secret(_) => {}
        }
    }

    pub(super) fn session_slot(&self, instance: &InstanceId) -> SessionSlot {
        let mut sessions = lock(&self.inner.sessions);
        if sessions.len() >= MAX_CACHED && !sessions.contains_key(instance.as_str()) {
            // Forget sessions no call is using; they are re-created on demand.
            sessions.retain(|_, slot| Arc::strong_count(slot) > 1);
        }
        sessions
            .entry(instance.as_str().to_owned())
            .or_default()
            .clone()
    }

    /// The end-user token of an instance: cached; renewed with the resume credential;
    /// otherwise obtained through device/start and device/connect. One flight per
    /// instance.
    pub(super) async fn end_user_token(
        &self,
        instance: &InstanceId,
    ) -> Result<SecretString, Error> {
        let slot = self.session_slot(instance);
        let mut session = slot.lock().await;
        if let Some(s) = &*session {
            if self.inner.clock.now() < s.refresh_at {
                return Ok(s.token.clone());
            }
            if let Some(resume) = s.resume.clone() {
                match self.device_refresh_raw(&resume).await {
                    Ok(fresh) => {
                        let token = fresh.token.clone();
                        *session = Some(fresh);
                        return Ok(token);
                    }
                    Err(e) => tracing::debug!(error = %e, "device refresh failed; reconnecting"),
                }
            }
        }
        // A connect secret is single-use, so a connect that failed ambiguously is
        // redone from device/start with a new secret.
        let mut tries = 0;
        let fresh = loop {
            let secret = self.start_device(instance, &[DeviceScope::Any]).await?;
            match self.device_connect_raw(&secret).await {
                Ok(s) => break s,
                Err(e) if (e.is_outcome_unknown() || e.is_retryable()) && tries < 3 => {
                    tries += 1;
                }
                Err(e) => return Err(e),
            }
        };
        let token = fresh.token.clone();
        *session = Some(fresh);
        Ok(token)
    }

    pub(super) fn session_from(
        &self,
        body: &Value,
        op: &'static str,
    ) -> Result<EndUserSession, Error> {
        let token = str_at(body, "endUserToken").ok_or_else(|| Error::Decode {
            operation: op,
            message: "no `endUserToken`".into(),
            request_id: None,
        })?;
        let expires_in = expires_in(body, 3600).max(Duration::from_secs(1));
        Ok(EndUserSession {
            token: SecretString::from(token.to_owned()),
            refresh_at: self.refresh_at(expires_in),
            resume: str_at(body, "resumeCredential").map(|s| SecretString::from(s.to_owned())),
        })
    }

    pub(super) async fn device_connect_raw(
        &self,
        secret: &ConnectSecret,
    ) -> Result<EndUserSession, Error> {
        let body = wire_body(&DeviceConnectRequest {
            connect_token: Some(secret.secret.expose_secret().to_owned()),
            device_info: Some(DeviceInfo {
                device_id: format!("gbg-go-rust-{:016x}", fastrand::u64(..)),
                device_name: None,
                device_type: None,
            }),
        });
        let reply = self
            .call(
                "connect_device",
                Kind::Write,
                "/journey/device/connect",
                Auth::Secret(&secret.secret),
                &body,
            )
            .await?;
        self.session_from(&reply.body, "connect_device")
    }

    pub(super) async fn device_refresh_raw(
        &self,
        resume: &SecretString,
    ) -> Result<EndUserSession, Error> {
        let body = wire_body(&DeviceRefreshRequest {
            resume_credential: resume.expose_secret().to_owned(),
        });
        let reply = self
            .call(
                "refresh_device",
                Kind::Read,
                "/journey/device/refresh",
                Auth::None,
                &body,
            )
            .await?;
        self.session_from(&reply.body, "refresh_device")
    }

    /// Create a connect secret for an end-user device (`device/start`, customer
    /// token). Hand [`ConnectSecret::expose`] to GBG's iOS/Android SDKs or a WebView,
    /// or let [`Client::connect_device`] exchange it here.
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn start_device(
        &self,
        instance: &InstanceId,
        scope: &[DeviceScope],
    ) -> Result<ConnectSecret, Error> {
        let span = tracing::info_span!("gbg_go.start_device", instance = %instance, request_id = tracing::field::Empty);
        async {
            let body = wire_body(&DeviceStartRequest {
                instance_id: instance.as_str().to_owned(),
                scope: Some(scope.to_vec()),
            });
            // Creating a secret has no effect a retry could duplicate harmfully.
            let reply = self
                .call(
                    "start_device",
                    Kind::Read,
                    paths::DEVICE_START,
                    Auth::Customer,
                    &body,
                )
                .await?;
            let r: DeviceStartResponse = decode::wire(
                "start_device",
                "device/start response",
                &reply.body,
                &reply.request_id,
            )?;
            Ok(ConnectSecret {
                expires_in: expires_in(&reply.body, 120),
                secret: SecretString::from(r.connect_token),
                scope: r.scope.unwrap_or_else(|| scope.to_vec()),
            })
        }
        .instrument(span)
        .await
    }

    /// Exchange a connect secret for the instance's end-user token
    /// (`device/connect`). The client keeps the session and uses it for the
    /// end-user calls on that instance.
    ///
    /// # Errors
    /// Any [`Error`]; a used or expired secret is [`Error::Auth`].
    pub async fn connect_device(
        &self,
        instance: &InstanceId,
        secret: &ConnectSecret,
    ) -> Result<(), Error> {
        let span = tracing::info_span!("gbg_go.connect_device", instance = %instance, request_id = tracing::field::Empty);
        async {
            let session = self.device_connect_raw(secret).await?;
            *self.session_slot(instance).lock().await = Some(session);
            Ok(())
        }
        .instrument(span)
        .await
    }

    /// Renew the instance's device session with its resume credential, without a
    /// new connect secret (`device/refresh`).
    ///
    /// # Errors
    /// [`Error::Session`] if the instance has no session yet, or any [`Error`].
    pub async fn refresh_device(&self, instance: &InstanceId) -> Result<(), Error> {
        let slot = self.session_slot(instance);
        let mut session = slot.lock().await;
        let resume = session
            .as_ref()
            .and_then(|s| s.resume.clone())
            .ok_or_else(|| {
                Error::Session(SessionError::NoDeviceSession {
                    instance: instance.to_string(),
                })
            })?;
        *session = Some(self.device_refresh_raw(&resume).await?);
        Ok(())
    }

    /// Check the instance's end-user session with GO (`device/validate`).
    ///
    /// # Errors
    /// Any [`Error`]; an invalid session is [`Error::Auth`].
    pub async fn validate_device(
        &self,
        instance: &InstanceId,
    ) -> Result<DeviceValidateResponse, Error> {
        let reply = self
            .send(Call {
                op: "validate_device",
                kind: Kind::Read,
                method: reqwest::Method::POST,
                path: paths::DEVICE_VALIDATE.into(),
                auth: Auth::EndUser(instance),
                body: Payload::None,
                headers: Vec::new(),
            })
            .await?;
        decode::wire(
            "validate_device",
            "device/validate response",
            &reply.body,
            &reply.request_id,
        )
    }

    /// A link for a second device to join the journey
    /// (`journey/instance/{id}/handoff-token`, with the end-user session of the device
    /// that started it). The URL is made absolute against the platform host.
    ///
    /// # Errors
    /// Any [`Error`]; GO refuses customer tokens and joined devices with 403.
    pub async fn create_handoff_token(&self, instance: &InstanceId) -> Result<Handoff, Error> {
        let reply = self
            .send(Call {
                op: "create_handoff_token",
                kind: Kind::Read,
                method: reqwest::Method::POST,
                path: paths::handoff_token(instance.as_str()),
                auth: Auth::EndUser(instance),
                body: Payload::None,
                headers: Vec::new(),
            })
            .await?;
        let r: HandoffTokenResponse = decode::wire(
            "create_handoff_token",
            "hand-off response",
            &reply.body,
            &reply.request_id,
        )?;
        Ok(Handoff {
            instance_url: SecretString::from(self.absolute_url(&r.instance_url)),
            device_position: r.device_position,
            expires_in: expires_in(&reply.body, 120),
        })
    }
}
