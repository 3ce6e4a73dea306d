//! The site's plumbing: health check, robots.txt, static assets, media files, the language
//! switch, and error pages (HTML in the visitor's language, or JSON under `/api`).

pub mod access;
pub mod account;
mod people;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::core::cache;
use crate::core::error::{AppError, AppResult, ErrorInfo};
use crate::core::i18n::Locale;
use crate::core::media;
use crate::core::module::{MenuEntry, Module};
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html_status, request_locale, see_other};
use crate::modules::network::public_layout;

/// What the site's plumbing tells the core: signing in and out and the language change no
/// public page.
pub fn module() -> Module {
    Module {
        routes,
        writes: &[
            ("/admin/connexion", &[]),
            ("/admin/deconnexion", &[]),
            ("/langue", &[]),
            ("/admin/donnees-personnelles", &[]),
            ("/admin/taches", &[]),
            ("/acces", &[]),
        ],
        admin_menu: MENU,
        ..Module::new("site")
    }
}

/// The core's staff pages: the job queue, the audit log and a person's data.
const MENU: &[MenuEntry] = &[
    MenuEntry::network_admin("/admin/taches", "admin-jobs", "jobs", 85),
    MenuEntry::network_admin("/admin/journal", "admin-journal", "journal", 88),
    MenuEntry::network_admin("/admin/donnees-personnelles", "people-menu", "people", 90),
];

fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap))
        .route("/static/{file}", get(static_file))
        .route("/media/{key}", get(media_file))
        .route("/langue", post(switch_language))
        .merge(account::routes())
        .merge(access::routes())
        .merge(people::routes())
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(_) => (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, [(header::CACHE_CONTROL, "no-store")], "database unavailable").into_response()
        }
    }
}

async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /recherche\n\nSitemap: {}/sitemap.xml\n",
        state.config.public_url
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

#[derive(askama::Template)]
#[template(path = "site/sitemap.xml")]
struct Sitemap {
    urls: Vec<(String, String)>,
}

/// `sitemap.xml`: every module's public addresses.
async fn sitemap(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let date = |t: i64| jiff::Timestamp::from_second(t).map(|t| t.strftime("%Y-%m-%d").to_string()).unwrap_or_default();
    let mut urls = vec![];
    for module in state.modules.iter() {
        if let Some(sitemap) = module.sitemap {
            for (path, updated) in sitemap(&state, ctx.now).await? {
                urls.push((state.absolute(&path), date(updated)));
            }
        }
    }
    let body = askama::Template::render(&Sitemap { urls })?;
    Ok(cache::mark_all(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], body).into_response()))
}

async fn static_file(State(state): State<AppState>, Path(file): Path<String>) -> AppResult<Response> {
    let asset = state.assets.by_url(&format!("/static/{file}")).ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.mime)),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ],
        asset.bytes,
    )
        .into_response())
}

#[derive(serde::Deserialize)]
struct MediaQuery {
    w: Option<u32>,
}

async fn media_file(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Query<MediaQuery>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let inm = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    media::serve(&state.db, &key, q.w, inm).await?.ok_or(AppError::NotFound)
}

#[derive(serde::Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Remember the visitor's language for a year and go back to where they were.
async fn switch_language(State(state): State<AppState>, Form(form): Form<LanguageForm>) -> AppResult<Response> {
    let locale = Locale::parse(&form.lang).ok_or(AppError::BadRequest("error-bad-form"))?;
    // Only local paths: never an open redirect.
    let next = crate::core::web::local_path(&form.next, "/");
    let mut r = see_other(&next);
    let cookie = state.cookie(state.cookie_names().lang, locale.code(), Some(365 * 24 * 3600));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

#[derive(askama::Template)]
#[template(path = "site/error.html")]
struct ErrorPage {
    l: Layout,
    status: u16,
    message: String,
    not_found: bool,
    /// An access link that does not open: explain, and offer `/acces`.
    link_gone: bool,
}

/// Turn error responses into pages: HTML in the visitor's language, or JSON under `/api`.
/// Also catches the framework's own plain-text errors (405, 413, …), so that no response
/// leaves as bare text.
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let is_read = matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    let locale = request_locale(&state, req.headers());
    let (parts, body) = req.into_parts();
    let ctx_parts = parts.clone();
    let res = next.run(Request::from_parts(parts, body)).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let info = res.extensions().get::<Arc<ErrorInfo>>().cloned();
    let is_rendered = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"));
    if info.is_none() && is_rendered {
        return res;
    }
    let message = info.as_ref().map(|i| i.message).unwrap_or(match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::METHOD_NOT_ALLOWED => "error-method",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::BAD_REQUEST if is_read => "error-bad-query",
        StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => "error-bad-form",
        s if s.is_server_error() => "error-internal",
        _ => "error-bad-form",
    });
    let tr = state.tr(locale);
    let mut out = if is_api {
        use crate::core::api::{ApiError, ApiErrorBody, ApiFieldError};
        let fields = info
            .as_ref()
            .map(|i| i.fields.iter().map(|f| ApiFieldError { field: f.field.clone(), message: tr.t(&f.message) }).collect())
            .unwrap_or_default();
        let detail = info.as_ref().and_then(|i| i.detail.clone());
        let body =
            ApiError { error: ApiErrorBody { status: status.as_u16(), code: message.to_string(), message: tr.t(message), fields, detail } };
        (status, axum::Json(body)).into_response()
    } else {
        match error_page(&state, ctx_parts, status, message).await {
            Ok(r) => r,
            Err(_) => (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], tr.t(message)).into_response(),
        }
    };
    for name in [header::RETRY_AFTER, header::SET_COOKIE, header::ALLOW, header::WWW_AUTHENTICATE] {
        for v in res.headers().get_all(&name) {
            out.headers_mut().append(name.clone(), v.clone());
        }
    }
    out
}

async fn error_page(
    state: &AppState,
    mut parts: axum::http::request::Parts,
    status: StatusCode,
    message: &'static str,
) -> AppResult<Response> {
    let ctx = <Ctx as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, state).await?;
    if status == StatusCode::UNAUTHORIZED {
        // A person who must sign in is sent to the sign-in page, then back.
        let next = percent_encoding::utf8_percent_encode(&ctx.path, percent_encoding::NON_ALPHANUMERIC).to_string();
        return Ok(see_other(&format!("/admin/connexion?suite={next}")));
    }
    let mut l = public_layout(state, &ctx, ctx.tr.t("error-title")).await?;
    l.noindex = true;
    let link_gone = message == "access-link-gone";
    let page = ErrorPage {
        l,
        status: status.as_u16(),
        message: ctx.tr.t(message),
        not_found: status == StatusCode::NOT_FOUND && !link_gone,
        link_gone,
    };
    let mut r = html_status(status, &page)?;
    if link_gone {
        r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(r)
}
