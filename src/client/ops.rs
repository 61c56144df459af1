//! Journey operations.

use std::sync::Arc;

use serde_json::Value;
use tracing::Instrument;

use gbg_go_wire::journey::{
    SchemaFetchRequest, SchemaFetchResponse, StartContext, StartRequest, StartResponse,
    TerminateRequest,
};
use gbg_go_wire::scenario::{
    CreateScenario, ReplaceScenario, Scenario, ScenarioCreated, ScenarioData, ScenarioSummary,
};
use gbg_go_wire::status::Delivery;
use gbg_go_wire::task::{TaskListResponse, TaskSchemaRequest, TaskUpdateRequest};
use gbg_go_wire::{headers, paths};

use super::engine::{instance_body, str_at, wire_body, Auth, Call, Kind, Payload};
use super::error::{ConfigError, Misuse};
use super::{
    decode, lock, ApiVersion, Client, Error, InstanceId, Intent, JourneyState, Phase, ResourceId,
    StartOptions, StartedJourney, TaskId, TaskProgress, TaskState, MAX_CACHED,
};
use crate::{Schema, TaskDocument};

impl Client {
    // -----------------------------------------------------------------------------
    // Operations

    /// Start a journey instance. `document` is the whole task document
    /// (`{"context": {"subject": …}}`) — a generated `Root`, a
    /// [`Payload`](crate::Payload) (from `prefill!`), or [`Unvalidated`](crate::Unvalidated)
    /// JSON. The client sends its `context` and adds `context.config.delivery`.
    ///
    /// Not retried after a failure that may have reached GO: see
    /// [`Error::OutcomeUnknown`]. GO has no idempotency key and no way to look an
    /// instance up by anything but its id, so after `OutcomeUnknown` on a start,
    /// do not start again blindly: put your own correlation id in the subject (GO
    /// keeps `context.subject.uid`, "the caller's own subject id"), and reconcile
    /// through the instances your system recorded, or GO's dashboard. The client
    /// cannot find an instance whose id it never received.
    ///
    /// # Errors
    /// Validation of a generated value, or any [`Error`].
    pub async fn start_journey(
        &self,
        resource: &ResourceId,
        document: &(impl TaskDocument + ?Sized),
    ) -> Result<StartedJourney, Error> {
        self.start_journey_with(resource, document, &StartOptions::default())
            .await
    }

    /// [`Client::start_journey`] with options: the delivery, an inline result
    /// (`inlineResult` and `syncWaitSeconds`), and a sandbox scenario
    /// (`x-gbg-scenario`).
    ///
    /// # Errors
    /// Validation of a generated value, or any [`Error`].
    pub async fn start_journey_with(
        &self,
        resource: &ResourceId,
        document: &(impl TaskDocument + ?Sized),
        options: &StartOptions,
    ) -> Result<StartedJourney, Error> {
        let span = tracing::info_span!(
            "gbg_go.start_journey",
            resource = %resource,
            instance = tracing::field::Empty,
            request_id = tracing::field::Empty
        );
        async {
            let mut doc = document.to_task_document()?;
            let context = match doc.get_mut("context").map(Value::take) {
                Some(Value::Object(c)) => c,
                None | Some(Value::Null) => serde_json::Map::new(),
                Some(_) => return Err(Error::Misuse(Misuse::ContextNotObject)),
            };
            let mut context: StartContext = serde_json::from_value(Value::Object(context))
                .map_err(|e| Error::Misuse(Misuse::InvalidStartContext(e)))?;
            // `{}` is GO's non-prefill mode; the spec requires the member (the
            // type's default).
            let config = context.config.get_or_insert_with(Default::default);
            if config.delivery.is_none() {
                config.delivery = Some(
                    options
                        .delivery
                        .clone()
                        .unwrap_or_else(|| Delivery::parse(&self.inner.delivery)),
                );
            }
            if options.inline_result {
                config.inline_result = Some(true);
                if let Some(wait) = options.sync_wait_seconds {
                    config.sync_wait_seconds = Some(wait);
                }
            }
            let body = wire_body(&StartRequest {
                resource_id: resource.to_string(),
                context,
                scenario: None,
            });
            let mut call = Call::post(
                "start_journey",
                Kind::Write,
                paths::START,
                Auth::Customer,
                &body,
            );
            if let Some(scenario) = &options.scenario {
                call.headers.push((headers::SCENARIO, scenario.clone()));
            }
            let reply = self.send(call).await?;
            let r: StartResponse = decode::wire(
                "start_journey",
                "start response",
                &reply.body,
                &reply.request_id,
            )?;
            tracing::Span::current().record("instance", r.instance_id.as_str());
            let state = match reply.body.get("state") {
                Some(state) => Some(decode::full_state(
                    "start_journey",
                    state.clone(),
                    &reply.request_id,
                )?),
                None => None,
            };
            Ok(StartedJourney {
                instance_id: InstanceId::new(r.instance_id),
                instance_url: r.instance_url.map(|u| self.absolute_url(&u)),
                status: r.status,
                message: r.message,
                state,
            })
        }
        .instrument(span)
        .await
    }

    /// GO's health check (`GET /journey/health`, no token): `Ok` when GO answers
    /// 200.
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn check_health(&self) -> Result<(), Error> {
        self.send(Call {
            op: "check_health",
            kind: Kind::Read,
            method: reqwest::Method::GET,
            path: paths::HEALTH.into(),
            auth: Auth::None,
            body: super::engine::Payload::None,
            headers: Vec::new(),
        })
        .await?;
        Ok(())
    }

    /// A URL GO sent, made absolute: GO's `instanceUrl` is a path relative to the
    /// platform host.
    pub(super) fn absolute_url(&self, url: &str) -> String {
        if url.starts_with("http://") || url.starts_with("https://") {
            url.to_owned()
        } else {
            format!("{}/{}", self.inner.host, url.trim_start_matches('/'))
        }
    }

    /// The tasks still open (v1 `task/list`; the customer token first, an end-user
    /// session if GO refuses it).
    ///
    /// # Errors
    /// Any [`Error`]; under v2, [`Error::Config`] naming the setting.
    pub async fn list_tasks(&self, instance: &InstanceId) -> Result<Vec<TaskId>, Error> {
        self.v1_only("list_tasks")?;
        let span = tracing::info_span!("gbg_go.list_tasks", instance = %instance, request_id = tracing::field::Empty);
        async {
            let reply = self
                .call(
                    "list_tasks",
                    Kind::Read,
                    paths::TASK_LIST,
                    Auth::Instance(instance),
                    &instance_body(instance),
                )
                .await?;
            let list: TaskListResponse =
                decode::wire("list_tasks", "task list", &reply.body, &reply.request_id)?;
            let tasks: Vec<TaskId> = list
                .tasks
                .into_iter()
                .map(|t| TaskId::new(t.task_id))
                .collect();
            self.remember_tasks(instance, &tasks);
            Ok(tasks)
        }
        .instrument(span)
        .await
    }

    fn load_schema(&self, task: &TaskId, schema: &Value) -> Result<Arc<Schema>, Error> {
        if let Some(s) = lock(&self.inner.schemas).get(task.as_str()) {
            return Ok(s.clone());
        }
        // Tasks of the same journey version share one schema: load each distinct
        // schema once (loading parses, resolves and compiles its patterns).
        let text = serde_json::to_string(schema).unwrap_or_default();
        let cached = lock(&self.inner.schema_texts).get(&text).cloned();
        let schema = match cached {
            Some(s) => s,
            None => {
                // Pretty text, so that a diagnostic about GO's schema has a useful line.
                let pretty = serde_json::to_vec_pretty(schema).unwrap_or_default();
                let loaded = Arc::new(
                    Schema::from_slice("task-schema.json", &pretty).map_err(Error::Schema)?,
                );
                let mut texts = lock(&self.inner.schema_texts);
                if texts.len() >= MAX_CACHED {
                    texts.clear();
                }
                texts.insert(text, loaded.clone());
                loaded
            }
        };
        // Bounded, so a long-running service does not grow without limit.
        let mut by_task = lock(&self.inner.schemas);
        if by_task.len() >= MAX_CACHED {
            by_task.clear();
        }
        by_task.insert(task.as_str().to_owned(), schema.clone());
        Ok(schema)
    }

    /// A task's schema, as a runtime [`Schema`] with the same semantics as generated
    /// code. Cached per task.
    ///
    /// # Errors
    /// Any [`Error`]; [`Error::Schema`] when GO's schema cannot be loaded.
    pub async fn fetch_task_schema(&self, task: &TaskId) -> Result<Arc<Schema>, Error> {
        if let Some(s) = lock(&self.inner.schemas).get(task.as_str()) {
            return Ok(s.clone());
        }
        Ok(self.fetch_task_schema_parts(task).await?.1)
    }

    /// A task's schema as GO serves it (JSON), after checking that it loads.
    ///
    /// # Errors
    /// Any [`Error`]; [`Error::Schema`] when GO's schema cannot be loaded.
    pub async fn fetch_task_schema_json(&self, task: &TaskId) -> Result<Value, Error> {
        Ok(self.fetch_task_schema_parts(task).await?.0)
    }

    async fn fetch_task_schema_parts(&self, task: &TaskId) -> Result<(Value, Arc<Schema>), Error> {
        let span = tracing::info_span!("gbg_go.fetch_task_schema", task = %task, request_id = tracing::field::Empty);
        async {
            let reply = self
                .call(
                    "fetch_task_schema",
                    Kind::Read,
                    paths::TASK_SCHEMA,
                    Auth::Customer,
                    &wire_body(&TaskSchemaRequest {
                        task_id: task.as_str().to_owned(),
                        instance_id: None,
                    }),
                )
                .await?;
            let schema = self.load_schema(task, &reply.body)?;
            Ok((reply.body, schema))
        }
        .instrument(span)
        .await
    }

    /// The open tasks with their schemas in one call (v1 `task/list/schema`).
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn list_tasks_with_schemas(
        &self,
        instance: &InstanceId,
    ) -> Result<Vec<(TaskId, Arc<Schema>)>, Error> {
        let span = tracing::info_span!("gbg_go.list_tasks_with_schemas", instance = %instance, request_id = tracing::field::Empty);
        async {
            let reply = self
                .call(
                    "list_tasks_with_schemas",
                    Kind::Read,
                    paths::TASK_LIST_SCHEMA,
                    Auth::Customer,
                    &instance_body(instance),
                )
                .await?;
            let mut out = Vec::new();
            for t in reply
                .body
                .get("tasks")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(id) = str_at(t, "taskId") else {
                    continue;
                };
                let key = t
                    .pointer("/schema/$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/schemas/"))
                    .unwrap_or(id);
                let schema = reply
                    .body
                    .get("schemas")
                    .and_then(|s| s.get(key))
                    .ok_or_else(|| Error::Decode {
                        operation: "list_tasks_with_schemas",
                        message: format!("no schema `{key}` for task {id}"),
                        request_id: reply.request_id.clone(),
                    })?;
                let task = TaskId::new(id);
                let schema = self.load_schema(&task, schema)?;
                out.push((task, schema));
            }
            Ok(out)
        }
        .instrument(span)
        .await
    }

    /// Submit task data (v1 `task/update`). `document` is the whole task document.
    /// With local validation on (the default), `Complete` and `Validate` check the
    /// data against the task's schema before anything is sent; `Save` stores partial
    /// data and is not checked.
    ///
    /// Not retried after a failure that may have reached GO: see
    /// [`Error::OutcomeUnknown`].
    ///
    /// # Errors
    /// [`Error::Validation`] (pointer and rule, no value), or any [`Error`]; GO's own
    /// refusal of invalid data is `4003` ([`Error::invalid_field`]), and a finished
    /// journey is `4009` ([`Error::journey_not_active`]).
    pub async fn update_task(
        &self,
        instance: &InstanceId,
        task: &TaskId,
        intent: Intent,
        document: &(impl TaskDocument + ?Sized),
    ) -> Result<(), Error> {
        let span = tracing::info_span!(
            "gbg_go.update_task",
            instance = %instance,
            task = %task,
            intent = intent.as_str(),
            request_id = tracing::field::Empty
        );
        async {
            self.v1_only("update_task")?;
            let mut doc = document.to_task_document()?;
            if self.inner.local_validation && intent != Intent::Save {
                let schema = self.fetch_task_schema(task).await?;
                schema.validate(&doc)?;
            }
            let context = doc
                .get_mut("context")
                .map(Value::take)
                .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
            let body = wire_body(&TaskUpdateRequest {
                intent: gbg_go_wire::task::Intent::parse(intent.as_str()),
                instance_id: instance.as_str().to_owned(),
                task_id: task.as_str().to_owned(),
                context: Some(context.into()),
            });
            self.call(
                "update_task",
                Kind::Write,
                paths::TASK_UPDATE,
                Auth::Instance(instance),
                &body,
            )
            .await?;
            if intent == Intent::Save {
                self.remember_save(instance, task);
            }
            Ok(())
        }
        .instrument(span)
        .await
    }

    /// The journey's state (`state/fetch`, full view): status, the decision
    /// (result status, outcome, classification, advice), the steps with their errors,
    /// and the subject. One call; Pending Input needs a second question, see
    /// [`Client::fetch_phase`].
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn fetch_state(&self, instance: &InstanceId) -> Result<JourneyState, Error> {
        self.fetch_state_view(instance, false).await
    }

    /// The slim state view (`state/fetch?view=slim`, v2): its result status is GO's
    /// authoritative signal.
    ///
    /// # Errors
    /// Any [`Error`]; under v1, [`Error::Config`].
    pub async fn fetch_state_slim(&self, instance: &InstanceId) -> Result<JourneyState, Error> {
        if self.inner.api == ApiVersion::V1 {
            return Err(Error::Config(ConfigError::V2Only {
                operation: "fetch_state_slim",
            }));
        }
        self.fetch_state_view(instance, true).await
    }

    async fn fetch_state_view(
        &self,
        instance: &InstanceId,
        slim: bool,
    ) -> Result<JourneyState, Error> {
        let span = tracing::info_span!("gbg_go.fetch_state", instance = %instance, request_id = tracing::field::Empty);
        async {
            let body = instance_body(instance);
            let path = if slim {
                format!("{}?view=slim", paths::STATE_FETCH)
            } else {
                paths::STATE_FETCH.to_owned()
            };
            let reply = self
                .send(Call::post(
                    "fetch_state",
                    Kind::Read,
                    path,
                    Auth::Customer,
                    &body,
                ))
                .await?;
            if slim {
                decode::slim_state("fetch_state", reply.body, &reply.request_id)
            } else {
                decode::full_state("fetch_state", reply.body, &reply.request_id)
            }
        }
        .instrument(span)
        .await
    }

    /// Where the journey stands, Pending Input included: one `state/fetch`, and while
    /// it is in progress a second call that GO answers with what the end user still
    /// owes (v1 `task/list`; v2 `interaction/fetch`, whose `outstanding` and
    /// `processing` decide).
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn fetch_phase(&self, instance: &InstanceId) -> Result<Phase, Error> {
        let state = self.fetch_state(instance).await?;
        let phase = state.phase();
        if phase != Phase::InProgress {
            return Ok(phase);
        }
        let waiting = match self.inner.api {
            ApiVersion::V1 => !self.list_tasks(instance).await?.is_empty(),
            ApiVersion::V2 => self.fetch_interaction(instance).await?.pending_input(),
        };
        Ok(if waiting {
            Phase::PendingInput
        } else {
            Phase::InProgress
        })
    }

    /// The v1 tasks this client has seen for an instance, with their lifecycle as
    /// DESIGN derives it: listed tasks are Assigned, or In Progress once this client
    /// saved data for them; tasks it saw that are no longer listed are Completed.
    ///
    /// # Errors
    /// Any [`Error`] of [`Client::list_tasks`].
    pub async fn fetch_task_progress(
        &self,
        instance: &InstanceId,
    ) -> Result<Vec<TaskProgress>, Error> {
        let open = self.list_tasks(instance).await?;
        let seen = lock(&self.inner.seen_tasks);
        let Some(known) = seen.get(instance.as_str()) else {
            return Ok(Vec::new());
        };
        Ok(known
            .iter()
            .map(|(task, saved)| TaskProgress {
                task_id: TaskId::new(task.clone()),
                state: if !open.iter().any(|t| t.as_str() == task) {
                    TaskState::Completed
                } else if *saved {
                    TaskState::InProgress
                } else {
                    TaskState::Assigned
                },
            })
            .collect())
    }

    fn remember_tasks(&self, instance: &InstanceId, tasks: &[TaskId]) {
        let mut seen = lock(&self.inner.seen_tasks);
        if seen.len() >= MAX_CACHED && !seen.contains_key(instance.as_str()) {
            seen.clear();
        }
        let known = seen.entry(instance.as_str().to_owned()).or_default();
        for t in tasks {
            if !known.iter().any(|(k, _)| k == t.as_str()) {
                known.push((t.as_str().to_owned(), false));
            }
        }
    }

    fn remember_save(&self, instance: &InstanceId, task: &TaskId) {
        let mut seen = lock(&self.inner.seen_tasks);
        let known = seen.entry(instance.as_str().to_owned()).or_default();
        match known.iter_mut().find(|(k, _)| k == task.as_str()) {
            Some(entry) => entry.1 = true,
            None => known.push((task.as_str().to_owned(), true)),
        }
    }

    /// A typed error for a v1-only operation under v2.
    fn v1_only(&self, operation: &'static str) -> Result<(), Error> {
        match self.inner.api {
            ApiVersion::V1 => Ok(()),
            ApiVersion::V2 => Err(Error::Config(ConfigError::V1Only { operation })),
        }
    }

    /// Poll the state until the journey has finished, and return its decision:
    /// Completed or Failed (a module error or termination is a decision too; look at
    /// [`JourneyState::decision`] and the steps). Polls with backoff, per the polling
    /// policy.
    ///
    /// # Errors
    /// [`Error::Timeout`] at the polling deadline, or any [`Error`] of
    /// `fetch_state`.
    pub async fn wait_for_completion(&self, instance: &InstanceId) -> Result<JourneyState, Error> {
        let poll = self.inner.poll;
        let started = tokio::time::Instant::now();
        let mut interval = poll.initial;
        loop {
            let state = self.fetch_state(instance).await?;
            if state.status.is_final() {
                return Ok(state);
            }
            if started.elapsed() + interval > poll.deadline {
                return Err(Error::Timeout {
                    operation: "wait_for_completion",
                    after: poll.deadline,
                });
            }
            tokio::time::sleep(interval).await;
            interval = interval.mul_f64(poll.factor).min(poll.max_interval);
        }
    }

    /// End an active journey (`journey/terminate`). Not retried after an ambiguous
    /// failure.
    ///
    /// # Errors
    /// Any [`Error`]; a journey that is no longer active is 409.
    pub async fn terminate_journey(
        &self,
        instance: &InstanceId,
        reason: Option<&str>,
    ) -> Result<(), Error> {
        let body = wire_body(&TerminateRequest {
            instance_id: instance.as_str().to_owned(),
            reason: reason.map(str::to_owned),
        });
        self.call(
            "terminate_journey",
            Kind::Write,
            paths::TERMINATE,
            Auth::Customer,
            &body,
        )
        .await?;
        Ok(())
    }

    /// The design-time schemas of a journey's interactions (`schema/fetch`, v2),
    /// with the version `@latest` resolved to; `<deliveryId>@<resolvedVersion>` pins
    /// a start.
    ///
    /// # Errors
    /// Any [`Error`]; an unknown interaction is 422.
    pub async fn fetch_schemas(
        &self,
        resource: &ResourceId,
        interaction_id: Option<&str>,
    ) -> Result<SchemaFetchResponse, Error> {
        let body = wire_body(&SchemaFetchRequest {
            resource_id: resource.to_string(),
            interaction_id: interaction_id.map(str::to_owned),
            instruction: None,
        });
        let reply = self
            .call(
                "fetch_schemas",
                Kind::Read,
                paths::SCHEMA_FETCH,
                Auth::Customer,
                &body,
            )
            .await?;
        decode::wire(
            "fetch_schemas",
            "schema/fetch response",
            &reply.body,
            &reply.request_id,
        )
    }

    /// Delete an instance (`state/delete`). Not retried after an ambiguous failure.
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn delete_journey(&self, instance: &InstanceId) -> Result<(), Error> {
        let span = tracing::info_span!("gbg_go.delete_journey", instance = %instance, request_id = tracing::field::Empty);
        async {
            self.call(
                "delete_journey",
                Kind::Write,
                paths::STATE_DELETE,
                Auth::Customer,
                &instance_body(instance),
            )
            .await?;
            lock(&self.inner.sessions).remove(instance.as_str());
            Ok(())
        }
        .instrument(span)
        .await
    }

    // -----------------------------------------------------------------------------
    // Sandbox scenarios (v2; GO's sandbox and the gbg-go sandbox)

    fn scenario_call<'a>(
        op: &'static str,
        kind: Kind,
        method: reqwest::Method,
        path: String,
        body: Payload<'a>,
    ) -> Call<'a> {
        Call {
            op,
            kind,
            method,
            path,
            auth: Auth::Customer,
            body,
            headers: Vec::new(),
        }
    }

    /// Create a sandbox scenario for a journey: the outcome each module gives
    /// (`POST /sandbox/journeys/{journeyId}/scenarios`). Choose it at start with
    /// [`StartOptions::scenario`].
    ///
    /// # Errors
    /// Any [`Error`]; a name that exists is 409.
    pub async fn create_scenario(
        &self,
        journey_id: &str,
        name: &str,
        data: &ScenarioData,
    ) -> Result<ScenarioCreated, Error> {
        let body = wire_body(&CreateScenario {
            name: name.to_owned(),
            data: data.clone(),
        });
        let reply = self
            .send(Self::scenario_call(
                "create_scenario",
                Kind::Write,
                reqwest::Method::POST,
                paths::scenarios(journey_id),
                Payload::Json(&body),
            ))
            .await?;
        decode::wire(
            "create_scenario",
            "scenario",
            &reply.body,
            &reply.request_id,
        )
    }

    /// The journey's scenarios.
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn list_scenarios(&self, journey_id: &str) -> Result<Vec<ScenarioSummary>, Error> {
        let reply = self
            .send(Self::scenario_call(
                "list_scenarios",
                Kind::Read,
                reqwest::Method::GET,
                paths::scenarios(journey_id),
                Payload::None,
            ))
            .await?;
        decode::wire(
            "list_scenarios",
            "scenario list",
            &reply.body,
            &reply.request_id,
        )
    }

    /// One scenario.
    ///
    /// # Errors
    /// Any [`Error`]; an unknown name is 404.
    pub async fn fetch_scenario(&self, journey_id: &str, name: &str) -> Result<Scenario, Error> {
        let reply = self
            .send(Self::scenario_call(
                "fetch_scenario",
                Kind::Read,
                reqwest::Method::GET,
                paths::scenario(journey_id, name),
                Payload::None,
            ))
            .await?;
        decode::wire("fetch_scenario", "scenario", &reply.body, &reply.request_id)
    }

    /// Replace a scenario's data.
    ///
    /// # Errors
    /// Any [`Error`]; an unknown name is 404.
    pub async fn replace_scenario(
        &self,
        journey_id: &str,
        name: &str,
        data: &ScenarioData,
    ) -> Result<(), Error> {
        let body = wire_body(&ReplaceScenario { data: data.clone() });
        self.send(Self::scenario_call(
            "replace_scenario",
            Kind::Write,
            reqwest::Method::PUT,
            paths::scenario(journey_id, name),
            Payload::Json(&body),
        ))
        .await?;
        Ok(())
    }

    /// Delete (archive) a scenario.
    ///
    /// # Errors
    /// Any [`Error`]; an unknown name is 404.
    pub async fn delete_scenario(&self, journey_id: &str, name: &str) -> Result<(), Error> {
        self.send(Self::scenario_call(
            "delete_scenario",
            Kind::Write,
            reqwest::Method::DELETE,
            paths::scenario(journey_id, name),
            Payload::None,
        ))
        .await?;
        Ok(())
    }
}
