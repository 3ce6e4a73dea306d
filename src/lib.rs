//! essaim: the platform a network of associations runs on.
//!
//! `build(config)` opens the database, migrates it, prepares the first start (secret key,
//! first administrator, demo content), assembles the router from each module's routes and
//! binds the listener. `main.rs` and the tests call the same `build`.

pub mod core;
pub mod modules;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, Request};
use axum::middleware;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::core::auth;
use crate::core::clock::Clock;
pub use crate::core::config::Config;
use crate::core::db::{self, Db};
use crate::core::i18n::Catalog;
use crate::core::module::{BoxFuture, Modules, Periodic, run_periodic};
use crate::core::web::{self, AppState, Assets};

/// The running application, before it serves.
pub struct App {
    pub state: AppState,
    listener: TcpListener,
    router: Router,
    /// Set on the very first start: the administrator's e-mail and password, shown once.
    pub first_admin: Option<(String, String)>,
}

impl App {
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serve until `shutdown` completes, then finish the requests in flight.
    pub async fn serve(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let maintenance = tokio::spawn(maintenance(self.state.clone()));
        let jobs = tokio::spawn(crate::core::jobs::runner(self.state.clone()));
        let result = axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await;
        maintenance.abort();
        jobs.abort();
        crate::core::jobs::stop(&self.state).await;
        self.state.db.close().await;
        result
    }
}

/// Open everything and bind; nothing is served until `App::serve`.
pub async fn build(config: Config) -> anyhow::Result<App> {
    build_with_clock(config, Clock::system()).await
}

pub async fn build_with_clock(config: Config, clock: Clock) -> anyhow::Result<App> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let secret = db::init_setting(&db, "secret_key", &auth::random_token()).await?;
    let tz = jiff::tz::TimeZone::get(&config.timezone)?;
    let modules = Arc::new(Modules::new(modules::all()));
    let pages = Arc::new(crate::core::cache::PageCache::new(db.kind(), config.page_cache_mb, &modules)?);
    pages.register_scopes(&db).await?;
    let parts = Arc::new(modules.states());
    let jobs = crate::core::jobs::Jobs::new();
    for kind in modules.job_kinds() {
        jobs.register(kind);
    }
    let state = AppState::new(web::AppInner {
        pages,
        db,
        config: Arc::new(config),
        catalog: Arc::new(Catalog::load()?),
        clock,
        secret: Arc::new(secret.into_bytes()),
        tz,
        assets: Arc::new(Assets::load()),
        anchors: Arc::new(crate::core::anchors::Anchors::new(modules::news::ANCHOR_SPACING)),
        modules,
        parts,
        jobs: Arc::new(jobs),
    });
    modules::events::carry_over_tokens(&state).await?;
    let first_admin = first_start(&state).await?;
    let listener = listen(state.config.listen)?;
    let router = router(state.clone());
    Ok(App { state, listener, router, first_admin })
}

/// The kinds of background jobs, registered by the modules that run them.
/// Connections waiting to be accepted. The standard library's 128 is too few for a burst
/// (registrations opening, a newsletter): a connection beyond it loses its SYN and waits a
/// second to try again. The kernel caps it at `net.core.somaxconn` (4096 by default).
const LISTEN_BACKLOG: u32 = 4096;

fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// On the first start only (claimed atomically, so one instance among several does it):
/// demo content if asked, and a first administrator with a random password.
async fn first_start(state: &AppState) -> anyhow::Result<Option<(String, String)>> {
    let claim = auth::random_token();
    if db::init_setting(&state.db, "initialized", &claim).await? != claim {
        return Ok(None);
    }
    if modules::network::count_users(&state.db).await? > 0 {
        return Ok(None);
    }
    let email = if state.config.demo {
        modules::demo::load(state).await?;
        modules::demo::admin_email()?
    } else {
        "admin@essaim.invalid".to_string()
    };
    let password = auth::random_token()[..20].to_string();
    auth::upsert_user(&state.db, &email, "Administrateur", Some(&password), auth::Role::NetworkAdmin, None, state.now()).await?;
    Ok(Some((email, password)))
}

/// The core's own periodic tasks: the mail outbox every five seconds; SQLite's page cache
/// reads the generations other processes moved every second; expired sessions, old login
/// failures, mail delivered more than 30 days ago, ended jobs and the audit log past its term
/// are purged hourly. The modules add theirs
/// (`core::module::Module::periodic`).
const CORE_TASKS: &[Periodic] = &[
    Periodic::every("mail.outbox", 5, 0, deliver_mail),
    Periodic::every("cache.poll", 1, 0, poll_page_generations),
    Periodic::every("auth.purge", 3600, 0, purge_sessions),
    Periodic::every("mail.purge", 3600, 0, purge_mail),
    Periodic::every("jobs.purge", 3600, 0, purge_jobs),
    Periodic::every("audit.purge", 3600, 0, purge_audit_log),
];

fn deliver_mail(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        crate::core::mail::deliver_due(state).await?;
        Ok(())
    })
}

fn poll_page_generations(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        state.pages.poll_database(&state.db).await;
        Ok(())
    })
}

fn purge_sessions(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        auth::purge_expired(&state.db, state.now()).await?;
        Ok(())
    })
}

fn purge_mail(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        crate::core::mail::purge_delivered(state, state.now() - crate::core::mail::KEEP_DELIVERED_SECS).await?;
        Ok(())
    })
}

fn purge_jobs(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        crate::core::jobs::purge(&state.db, state.now()).await?;
        Ok(())
    })
}

fn purge_audit_log(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let n = crate::core::audit::purge(&state.db, state.now(), state.config.audit_retention_days).await?;
        if n > 0 {
            tracing::info!(rows = n, "audit log entries past their term purged");
        }
        Ok(())
    })
}

/// The periodic tasks of the core and of every module, until the server stops.
async fn maintenance(state: AppState) {
    let tasks = CORE_TASKS.iter().copied().chain(state.modules.periodic()).collect();
    run_periodic(state, tasks).await
}

/// The whole router: each module's routes, then the middleware stack.
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let secure = state.config.secure_cookies;
    let routes = state.modules.routes().fallback(modules::site::not_found);
    let mut app = state
        .modules
        .wrap(&state, routes)
        .layer(middleware::from_fn_with_state(state.clone(), web::same_origin_writes))
        .layer(middleware::from_fn(web::reject_nul))
        // Inside the error pages: a body over the limit gets the translated 413 (JSON under
        // /api) with the security headers.
        .layer(RequestBodyLimitLayer::new(crate::core::media::MAX_UPLOAD + 1024 * 1024))
        .layer(middleware::from_fn_with_state(state.clone(), modules::site::render_errors))
        .layer(middleware::from_fn(web::security_headers))
        // Inside the compression: cached pages leave already compressed, the rest is compressed
        // on the way out.
        .layer(middleware::from_fn_with_state(state.clone(), crate::core::cache::layer))
        // Brotli and gzip at level 4: most of the size gain at a fraction of the default's cost.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(4)))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(60)))
        .layer(CatchPanicLayer::new())
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
            // A booking's personal link is its key: never in the logs.
            let path = req.uri().path();
            let path = if path.starts_with("/evenements/inscription/") { "/evenements/inscription/…" } else { path };
            tracing::info_span!("request", method = %req.method(), path = %path, request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, web::RequestIds::new()));
    if secure {
        app = app.layer(axum::Extension(web::SecureFlag));
    }
    app.with_state(state)
}
