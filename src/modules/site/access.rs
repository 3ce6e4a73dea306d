//! "Send me my link again" (`/acces`): a person without an account types their e-mail address
//! and receives, through the mail outbox, the access links that still open for it. Whatever
//! the address, the answer is the same page with the same status, given before the links are
//! looked up (the lookup and the e-mail run after the answer), so that neither the wording nor
//! the time tells whether an address is known. Requests are limited per client address and
//! per e-mail address (`access::count_resend`).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;

use crate::core::access;
use crate::core::error::AppResult;
use crate::core::web::{AppState, Ctx, Form, Layout, html_status};
use crate::modules::network::public_layout;

pub fn routes() -> Router<AppState> {
    Router::new().route("/acces", get(form).post(send))
}

#[derive(askama::Template)]
#[template(path = "site/access.html")]
struct AccessPage {
    l: Layout,
    email: String,
    /// The message key of the field's error, if any.
    error: Option<String>,
    /// The request was taken: the page says what happens next.
    sent: bool,
}

impl AccessPage {
    /// The error summary's one line: the address field and what is wrong.
    fn error_lines(&self) -> Vec<(String, String)> {
        self.error.iter().map(|m| ("email".to_string(), m.clone())).collect()
    }
}

#[derive(serde::Deserialize)]
struct AccessForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    csrf: String,
}

async fn page(state: &AppState, ctx: &Ctx, status: StatusCode, email: String, error: Option<String>, sent: bool) -> AppResult<Response> {
    let mut l = public_layout(state, ctx, ctx.tr.t("access-title")).await?;
    l.noindex = true;
    let mut r = html_status(status, &AccessPage { l, email, error, sent })?;
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

async fn form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    page(&state, &ctx, StatusCode::OK, String::new(), None, false).await
}

async fn send(State(state): State<AppState>, ctx: Ctx, Form(f): Form<AccessForm>) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let Ok(address) = crate::core::values::Email::parse(&f.email) else {
        return page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, f.email, Some(ctx.tr.t("access-email-invalid")), false).await;
    };
    if let Some(wait) = access::count_resend(&state.db, &ctx.ip, address.as_str(), ctx.now).await? {
        let msg = ctx.tr.n("access-throttled", (wait + 59) / 60);
        let mut r = page(&state, &ctx, StatusCode::TOO_MANY_REQUESTS, f.email, Some(msg), false).await?;
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(r);
    }
    // After the answer: the same time for a known address and an unknown one.
    let (bg, tr, email, now) = (state.clone(), ctx.tr.clone(), address.into_string(), ctx.now);
    tokio::spawn(async move {
        if let Err(e) = access::send_links(&bg, &tr, &email, now).await {
            tracing::warn!(error = %e, "sending access links failed");
        }
    });
    page(&state, &ctx, StatusCode::OK, String::new(), None, true).await
}
