//! The sandbox's HTTP surface on arbitrary request bodies, routes, methods, content
//! types and tokens, through the real router and middleware (in process). Every
//! answer must be a non-5xx status (no faults are configured), and every refusal a
//! JSON error body: GBG's `errors[]` form, or the OAuth form at the token endpoint
//! (DESIGN *Wire fidelity*: v2 error bodies are `{"errors":[…]}`).

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Method, Request};
use gbg_go_sandbox::{Config, Sandbox};
use http_body_util::BodyExt;

const ROUTES: &[&str] = &[
    "/as/token.oauth2",
    "/auth/realms/go/protocol/openid-connect/token",
    "/captain/api/journey/start",
    "/captain/api/journey/state/fetch",
    "/captain/api/journey/state/delete",
    "/captain/api/journey/task/list",
    "/captain/api/journey/task/schema",
    "/captain/api/journey/task/list/schema",
    "/captain/api/journey/task/update",
    "/captain/api/journey/device/start",
    "/captain/api/journey/device/connect",
    "/captain/api/journey/device/refresh",
    "/v2/captain/journey/start",
    "/v2/captain/journey/state/fetch",
    "/v2/captain/journey/interaction/fetch",
    "/v2/captain/journey/interaction/submit",
    "/v2/captain/journey/health",
    "/_sandbox/journeys",
    "/_sandbox/faults/script",
    "/_sandbox/clock",
    "/nowhere",
];

struct World {
    rt: tokio::runtime::Runtime,
    sandbox: Sandbox,
    token: String,
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let sandbox = rt
            .block_on(Sandbox::start(Config::default()))
            .expect("sandbox starts");
        let request = Request::post("/as/token.oauth2")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(
                "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret",
            ))
            .expect("request");
        let body = rt.block_on(async {
            let r = sandbox.handle(request).await;
            r.into_body().collect().await.expect("body").to_bytes()
        });
        let v: serde_json::Value = serde_json::from_slice(&body).expect("token JSON");
        let token = v["access_token"].as_str().expect("access_token").to_owned();
        World { rt, sandbox, token }
    })
}

/// The check: see the module docs.
pub fn check(data: &[u8]) {
    let [route, mode, body @ ..] = data else {
        return;
    };
    let w = world();
    let path = ROUTES[*route as usize % ROUTES.len()];
    let method = match mode & 3 {
        0 | 1 => Method::POST,
        2 => Method::GET,
        _ => Method::PUT,
    };
    let mut request = Request::builder().method(method).uri(path);
    request = match (mode >> 2) & 3 {
        0 => request.header("authorization", format!("Bearer {}", w.token)),
        1 => request.header("authorization", "Bearer not-a-token"),
        2 => request,
        _ => request.header("authorization", format!("Basic {}", w.token)),
    };
    request = match (mode >> 4) & 3 {
        0 => request.header("content-type", "application/json"),
        1 => request.header("content-type", "application/x-www-form-urlencoded"),
        2 => request.header("content-type", "text/plain"),
        _ => request,
    };
    let Ok(request) = request.body(Body::from(body.to_vec())) else {
        return;
    };
    let (status, bytes) = w.rt.block_on(async {
        let r = w.sandbox.handle(request).await;
        let status = r.status();
        (
            status,
            r.into_body().collect().await.expect("body").to_bytes(),
        )
    });
    assert!(!status.is_server_error(), "{path}: {status}");
    if status.is_client_error() {
        let v: serde_json::Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{path}: {status} with a non-JSON body: {e}"));
        assert!(
            v.get("errors").is_some_and(|e| e.is_array()) || v.get("error").is_some(),
            "{path}: {status} without an error body: {v}"
        );
    }
}
