//! The client's builder.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use secrecy::SecretString;

use super::error::ConfigError;
use super::{
    ApiVersion, Client, Clock, Credentials, Error, Inner, PollPolicy, Region, RetryPolicy,
    SystemClock, Timeouts, DEFAULT_TOKEN_URL,
};

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    host: Option<String>,
    api: ApiVersion,
    token_url: Option<String>,
    credentials: Option<Credentials>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    poll: PollPolicy,
    user_agent: String,
    source: Option<String>,
    clock: Arc<dyn Clock>,
    local_validation: bool,
    delivery: String,
}

impl Default for ClientBuilder {
    fn default() -> ClientBuilder {
        ClientBuilder {
            host: None,
            api: ApiVersion::V2,
            token_url: None,
            credentials: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            poll: PollPolicy::default(),
            user_agent: concat!("gbg-go/", env!("CARGO_PKG_VERSION"), " (rust)").to_owned(),
            source: None,
            clock: Arc::new(SystemClock),
            local_validation: true,
            delivery: "api".to_owned(),
        }
    }
}

impl ClientBuilder {
    /// Talk to GBG's platform in a region (the token URL defaults to GBG's documented
    /// endpoint).
    pub fn region(mut self, region: Region) -> Self {
        self.host = Some(region.host().to_owned());
        self
    }

    /// Talk to another host, e.g. the sandbox's `http://127.0.0.1:PORT` (the host
    /// root; the token URL defaults to `{base}/as/token.oauth2`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.host = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// The API generation: v2 (interactions) by default, as in GBG's docs; v1 (the
    /// task flow) is one call away.
    pub fn api(mut self, api: ApiVersion) -> Self {
        self.api = api;
        self
    }

    /// The token endpoint.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Log in with the password grant.
    pub fn password(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::Password {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
            username: username.into(),
            password: SecretString::from(password.into()),
        });
        self
    }

    /// Log in with the client-credentials grant (`scope=gbg.token`).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::ClientCredentials {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        });
        self
    }

    /// Set the credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// All timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The polling policy of `wait_for_completion`.
    pub fn poll(mut self, poll: PollPolicy) -> Self {
        self.poll = poll;
        self
    }

    /// The `User-Agent`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Send `X-GBG-Source` with every request.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The clock used for token expiry.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Validate task data locally before `update_task` sends it (default on).
    pub fn local_validation(mut self, on: bool) -> Self {
        self.local_validation = on;
        self
    }

    /// `context.config.delivery` sent at start (default `api`; `page` for a hosted
    /// journey, whose `instance_url` GO then returns).
    pub fn delivery(mut self, delivery: impl Into<String>) -> Self {
        self.delivery = delivery.into();
        self
    }

    /// Build the client.
    ///
    /// # Errors
    /// [`Error::Config`] without a region or base URL, or without credentials
    /// ([`ConfigError`]).
    pub fn build(self) -> Result<Client, Error> {
        let host = self
            .host
            .ok_or_else(|| Error::Config(ConfigError::NoEndpoint))?;
        let credentials = self
            .credentials
            .ok_or_else(|| Error::Config(ConfigError::NoCredentials))?;
        let token_url = match self.token_url {
            Some(url) => url,
            None if Region::ALL.iter().any(|r| r.host() == host) => DEFAULT_TOKEN_URL.to_owned(),
            None => format!("{host}/as/token.oauth2"),
        };
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(source) = &self.source {
            let value = reqwest::header::HeaderValue::from_str(source)
                .map_err(|e| Error::Config(ConfigError::InvalidSource(e)))?;
            headers.insert("x-gbg-source", value);
        }
        // `client-ring`: reqwest without a provider of its own takes the process's
        // default, so install ring's unless the application installed one already
        // (then that one is used, and this does nothing).
        #[cfg(feature = "client-ring")]
        {
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .default_headers(headers)
            .connect_timeout(self.timeouts.connect)
            .timeout(self.timeouts.attempt)
            .build()
            .map_err(|e| Error::Config(ConfigError::HttpClient(e)))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_base: format!("{host}{}", self.api.prefix()),
                host,
                api: self.api,
                token_url,
                credentials,
                timeouts: self.timeouts,
                retry: self.retry,
                poll: self.poll,
                clock: self.clock,
                local_validation: self.local_validation,
                delivery: self.delivery,
                token: tokio::sync::Mutex::new(None),
                sessions: Mutex::new(HashMap::new()),
                schemas: Mutex::new(HashMap::new()),
                schema_texts: Mutex::new(HashMap::new()),
                budget: Mutex::new(self.retry.budget),
                end_user_instances: Mutex::new(Default::default()),
                seen_tasks: Mutex::new(HashMap::new()),
            }),
        })
    }
}

impl Region {
    const ALL: [Region; 3] = [Region::Eu, Region::Us, Region::Au];
}
