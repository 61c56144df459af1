//! The accept loop. axum's `serve` cannot close one connection without answering,
//! which fault injection needs ("dropped connection": no response bytes at all), so
//! connections are served with hyper-util directly and each one can be killed from
//! inside a request through [`ConnKill`].

use std::sync::Arc;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::api::ConnKill;

pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors and the like: back off briefly and go on.
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let kill = Arc::new(Notify::new());
        let for_requests = kill.clone();
        let service = router.clone().map_request(
            move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnKill(for_requests.clone()));
                req
            },
        );
        let mut shutdown = shutdown.clone();
        tokio::spawn(async move {
            let builder = auto::Builder::new(TokioExecutor::new());
            let conn =
                builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            // Dropping the connection future closes the socket at once.
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {}
                _ = shutdown.changed() => {}
            }
        });
    }
}
