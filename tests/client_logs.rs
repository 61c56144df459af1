//! The client's logs: a whole journey logged at TRACE level (client, sandbox,
//! reqwest, hyper) holds ids but no payload value, token or secret. A test binary of
//! its own, because it installs the global tracing subscriber.

use std::sync::Arc;

use gbg_go::client::{Client, Intent, ResourceId};
use gbg_go::Unvalidated;
use gbg_go_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

fn consent(url: &str) -> Value {
    json!({"context": {"subject": {"consent": [{"type": "explicit", "url": url}]}}})
}

/// Everything logged at TRACE level during a whole journey (client, sandbox, reqwest,
/// hyper) holds no payload value and no secret.
#[tokio::test(flavor = "current_thread")]
async fn logs_hold_ids_but_no_values_or_secrets() {
    #[derive(Clone, Default)]
    struct Sink(Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // The global default, in a test binary of its own: a thread-local default races
    // with other tests over tracing's per-callsite interest cache.
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let sb = Sandbox::start(Config::default().seed(11)).await.unwrap();
    let client = Client::builder()
        .base_url(sb.base_url())
        .api(gbg_go::client::ApiVersion::V1)
        .client_credentials("sandbox-client", "sandbox-secret")
        .build()
        .unwrap();
    let identity: gbg_go::Payload = gbg_go::prefill!(schema = "schemas/kyc.json", {
        "context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"
        }}}
    });
    let id = client
        .start_journey(&ResourceId::pinned("onboarding", "1"), &identity)
        .await
        .unwrap()
        .instance_id;
    let task = client.list_tasks(&id).await.unwrap().remove(0);
    client
        .update_task(
            &id,
            &task,
            Intent::Complete,
            &Unvalidated(consent("https://secret-terms.example")),
        )
        .await
        .unwrap();
    client.wait_for_completion(&id).await.unwrap();

    let logs = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("gbg_go.update_task"),
        "spans are recorded:\n{logs}"
    );
    assert!(logs.contains(id.as_str()), "ids are in the spans");
    for leak in [
        "Lovelace",
        "1815-12-10",
        "secret-terms",
        "sandbox-secret",
        "eyJhbGciOiJub25lIn0",
    ] {
        assert!(!logs.contains(leak), "`{leak}` leaked into the logs");
    }
}
