//! The console (`/_sandbox/console`) and the hosted end-user page (`/journey/{id}`,
//! the `instanceUrl` of a page-mode start): the sandbox seen and driven in a browser.
//!
//! - [`views`]: the typed view models both pages read as JSON (journeys, instances
//!   with their outstanding refs, instructions, steps, decision and request log; the
//!   page's current interaction), built from the instance's own views.
//! - [`pages`]: the HTML shells, rendered with maud (every value escaped).
//! - `assets/`: the scripts and the stylesheet, embedded in the binary with
//!   rust-embed. They build the pages from the JSON with `textContent`, never
//!   `innerHTML`, so a value holding markup stays text.
//!
//! The console changes instances only through the sandbox's transitions (the same
//! start, submit, terminate and delete the API uses). Its traffic is counted apart
//! from API traffic (`Counters::console_requests`) and never faulted.
//!
//! Safety: every response carries a Content-Security-Policy without inline script;
//! the `Host` header must name the bound address (DNS rebinding); a mutating route
//! requires the page token (`X-Sandbox-Token`, from the page's `<meta>`) and refuses a
//! foreign `Origin` (cross-site requests). Payload values appear in the console only
//! when the sandbox was started with `show_values` (`--show-values`); the end-user
//! page shows only what its own user typed.

mod pages;
mod views;

use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::interactions::submit_interaction;
use crate::api::journeys::{delete_instance, start_instance, Scenario, StartArgs};
use crate::error::ApiError;
use crate::faults::Faults;
use crate::state::{lock, Shared};

/// Where the console lives.
pub(crate) const CONSOLE_PATH: &str = "/_sandbox/console";

/// The header that carries the page token on mutating requests.
const TOKEN_HEADER: &str = "x-sandbox-token";

/// The Content-Security-Policy of every console and page response: scripts, styles
/// and requests only from the sandbox itself, no inline script, no framing.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'";

#[derive(rust_embed::Embed)]
#[folder = "src/console/assets/"]
struct Assets;

/// A token against cross-site requests, from the process's random hashing keys: not
/// from the sandbox's seeded generator, whose seed a user may choose (and which
/// would shift every seeded id).
pub(crate) fn new_token() -> String {
    let random = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.finish()
    };
    format!("{:016x}{:016x}", random(), random())
}

/// Whether a path is the console's or the end-user page's.
pub(crate) fn is_console_path(path: &str) -> bool {
    path == CONSOLE_PATH
        || path.starts_with("/_sandbox/console/")
        || path.starts_with("/_sandbox/page/")
        || path.starts_with("/journey/")
}

pub(crate) fn routes(shared: Arc<Shared>) -> Router<Arc<Shared>> {
    Router::new()
        .route(CONSOLE_PATH, get(console_page))
        .route("/_sandbox/console/assets/{file}", get(asset))
        .route("/_sandbox/console/state", get(console_state))
        .route("/_sandbox/console/start", post(console_start))
        .route(
            "/_sandbox/console/instances/{id}/terminate",
            post(console_terminate),
        )
        .route(
            "/_sandbox/console/instances/{id}/delete",
            post(console_delete),
        )
        .route("/_sandbox/console/clock", post(console_clock))
        .route("/_sandbox/console/faults", post(console_faults))
        .route("/_sandbox/console/faults/clear", post(console_faults_clear))
        .route(
            "/_sandbox/console/counters/reset",
            post(console_counters_reset),
        )
        .route("/journey/{id}", get(end_user_page))
        .route("/_sandbox/page/{id}", get(page_state))
        .route("/_sandbox/page/{id}/submit", post(page_submit))
        .route_layer(middleware::from_fn_with_state(shared, guard))
}

/// A refusal of the console's guard: a short plain message (no request data).
fn refuse(status: StatusCode, why: &'static str) -> Response {
    let mut r = (status, why).into_response();
    secure_headers(r.headers_mut());
    r
}

fn secure_headers(h: &mut HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The hosts a request may name: the bound address, and `localhost` on its port.
/// A sandbox bound to every interface (`0.0.0.0`) accepts any host on its port.
fn host_allowed(shared: &Shared, host: &str) -> bool {
    let port = shared.addr.port();
    let Some((name, p)) = host.rsplit_once(':') else {
        return false;
    };
    if p.parse::<u16>() != Ok(port) {
        return false;
    }
    if shared.addr.ip().is_unspecified() {
        return true;
    }
    let bound = shared.addr.ip().to_string();
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name == bound || name.eq_ignore_ascii_case("localhost")
}

/// The guard in front of every console and page route: `Host` (DNS rebinding), then
/// for a mutating method the page token and `Origin` (cross-site requests), then the
/// security headers on whatever is answered.
pub(crate) async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if !host_allowed(&shared, &host) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "This sandbox answers only requests for its own address",
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            let same = origin
                .to_str()
                .ok()
                .and_then(|o| o.strip_prefix("http://"))
                .is_some_and(|o| o.eq_ignore_ascii_case(&host));
            if !same {
                return refuse(StatusCode::FORBIDDEN, "Cross-site request refused");
            }
        }
        let token = req
            .headers()
            .get(TOKEN_HEADER)
            .and_then(|t| t.to_str().ok())
            .unwrap_or_default();
        if !constant_time_eq(token.as_bytes(), shared.console_token.as_bytes()) {
            return refuse(
                StatusCode::FORBIDDEN,
                "Missing or wrong page token: reload the page",
            );
        }
    }
    let mut response = next.run(req).await;
    secure_headers(response.headers_mut());
    response
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An answer for the console's scripts: JSON with a status.
fn answer(status: StatusCode, value: Value) -> Response {
    (status, Json(value)).into_response()
}

/// A refused console action, as data: the GBG error's problem and action.
fn refused(e: ApiError) -> Response {
    let errors: Vec<Value> = e
        .errors
        .iter()
        .map(|g| json!({"code": g.code, "problem": g.problem, "action": g.action}))
        .collect();
    answer(e.status, json!({ "ok": false, "errors": errors }))
}

async fn console_page(State(shared): State<Arc<Shared>>) -> Response {
    let journeys = views::journeys(&shared);
    Html(pages::console(&shared.console_token, &journeys, shared.show_values).into_string())
        .into_response()
}

async fn asset(Path(file): Path<String>) -> Response {
    let Some(content) = Assets::get(&file) else {
        return (StatusCode::NOT_FOUND, "No such asset").into_response();
    };
    let mime = match file.rsplit_once('.').map(|(_, e)| e) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    (
        [(header::CONTENT_TYPE, mime)],
        Body::from(content.data.into_owned()),
    )
        .into_response()
}

async fn console_state(State(shared): State<Arc<Shared>>) -> Response {
    answer(StatusCode::OK, json!(views::console_state(&shared)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StartForm {
    /// `<id>@<version>`, `<id>@latest` or `<id>`.
    resource_id: String,
    /// A stored scenario of the journey, by name.
    #[serde(default)]
    scenario: Option<String>,
}

/// A console body as its type; the problem names where it is wrong without quoting
/// it.
fn form<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| {
        format!(
            "not a console request (line {}, column {})",
            e.line(),
            e.column()
        )
    })
}

/// 400 with one problem, as data.
fn bad_request(problem: String) -> Response {
    answer(
        StatusCode::BAD_REQUEST,
        json!({"ok": false, "errors": [{"problem": problem}]}),
    )
}

/// Start a journey in page mode (the end-user page drives it).
async fn console_start(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let start: StartForm = match form(&body) {
        Ok(f) => f,
        Err(problem) => return bad_request(problem),
    };
    let scenario = start.scenario.as_deref().filter(|s| !s.is_empty());
    let args = StartArgs {
        resource_id: &start.resource_id,
        subject: Value::Object(Default::default()),
        scenario: match scenario {
            Some(name) => Scenario::Named(name),
            None => Scenario::Inline(None),
        },
        headers: None,
        delivery: Some(gbg_go_wire::status::Delivery::Page),
        inline_result: false,
    };
    match start_instance(&shared, args) {
        Ok(out) => answer(
            StatusCode::CREATED,
            json!({"ok": true, "instanceId": out.instance_id, "pageUrl": out.instance_url}),
        ),
        Err(e) => refused(e),
    }
}

async fn console_terminate(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let now = shared.clock.now();
    match crate::api::with_instance(&shared, &id, |i| {
        if i.terminate(now) {
            Ok(())
        } else {
            Err(ApiError::journey_not_active(i.status().as_str()))
        }
    }) {
        Ok(()) => answer(StatusCode::OK, json!({"ok": true})),
        Err(e) => refused(e),
    }
}

async fn console_delete(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match delete_instance(&shared, &id) {
        Ok(()) => answer(StatusCode::OK, json!({"ok": true})),
        Err(e) => refused(e),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockForm {
    advance_seconds: u64,
}

/// Move the sandbox clock forward (modules run on it, tokens expire on it).
async fn console_clock(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let clock: ClockForm = match form(&body) {
        Ok(f) => f,
        Err(problem) => return bad_request(problem),
    };
    shared.clock.advance(Duration::from_secs(
        clock.advance_seconds.min(10 * 365 * 86_400),
    ));
    answer(StatusCode::OK, json!({"ok": true}))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FaultForm {
    /// A rule as `gbg-go sandbox --fault` takes it: `ROUTE:KIND=VALUE`.
    rule: String,
}

/// Add a fault rule (`*:500=0.5`), parsed by the same code as `--fault`.
async fn console_faults(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let fault: FaultForm = match form(&body) {
        Ok(f) => f,
        Err(problem) => return bad_request(problem),
    };
    let mut faults = shared.faults.get();
    match faults.add_flag(&fault.rule) {
        Ok(()) => {
            shared.faults.set(faults);
            answer(StatusCode::OK, json!({"ok": true}))
        }
        Err(problem) => bad_request(problem),
    }
}

async fn console_faults_clear(State(shared): State<Arc<Shared>>) -> Response {
    shared.faults.set(Faults::default());
    answer(StatusCode::OK, json!({"ok": true}))
}

async fn console_counters_reset(State(shared): State<Arc<Shared>>) -> Response {
    *lock(&shared.counters) = Default::default();
    answer(StatusCode::OK, json!({"ok": true}))
}

/// The hosted end-user page: a shell whose script renders the current interaction.
async fn end_user_page(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let exists = lock(&shared.instances).by_id.contains_key(&id);
    let html = pages::end_user(&shared.console_token, &id, exists);
    let status = if exists {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    (status, Html(html.into_string())).into_response()
}

async fn page_state(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match views::page_state(&shared, &id) {
        Ok(view) => answer(StatusCode::OK, json!(view)),
        Err(e) => refused(e),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PageSubmit {
    interaction_id: String,
    subject: Value,
}

/// The end-user page's submit: `participants` computed from the current
/// interaction's `collects` with go-wire's rule (the client's own), judged and
/// applied by the API's submit. Violations come back as data: pointer, keyword and
/// the rule's message (never the value).
async fn page_submit(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let submit: PageSubmit = match form(&body) {
        Ok(f) => f,
        Err(problem) => return bad_request(problem),
    };
    if !submit.subject.is_object() {
        return bad_request("the subject must be an object".into());
    }
    let collects = match views::current_collects(&shared, &id) {
        Ok(c) => c,
        Err(e) => return refused(e),
    };
    let named: Vec<gbg_go_wire::catalogue::ElementRef> =
        gbg_go_wire::catalogue::participants(&collects, &submit.subject)
            .iter()
            .map(|p| {
                let Ok(r) = p.domain_element_id.parse();
                r
            })
            .collect();
    match submit_interaction(
        &shared,
        &id,
        &submit.interaction_id,
        &named,
        None,
        &submit.subject,
    ) {
        Ok(Ok(())) => answer(
            StatusCode::OK,
            json!({
                "ok": true,
                "participants": named.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            }),
        ),
        Ok(Err(broken)) => answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({
                "ok": false,
                "violations": broken
                    .iter()
                    .map(|v| json!({"pointer": v.pointer, "keyword": v.keyword, "message": v.message}))
                    .collect::<Vec<_>>(),
            }),
        ),
        Err(e) => refused(e),
    }
}
