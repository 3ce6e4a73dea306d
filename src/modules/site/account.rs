//! The staff sign-in and sign-out: throttled per e-mail and per address, sessions rotated at
//! sign-in and deleted server-side at sign-out.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};

use crate::core::auth;
use crate::core::error::AppResult;
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html, html_status, see_other};
use crate::modules::network::public_layout;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/connexion", get(login_form).post(login)).route("/admin/deconnexion", post(logout))
}

#[derive(askama::Template)]
#[template(path = "site/login.html")]
struct LoginPage {
    l: Layout,
    email: String,
    suite: String,
    /// The message key (and its argument) of a failure, if any.
    error: Option<String>,
}

impl LoginPage {
    /// The error summary's one line: the address field and what is wrong.
    fn error_lines(&self) -> Vec<(String, String)> {
        self.error.iter().map(|m| ("email".to_string(), m.clone())).collect()
    }
}

#[derive(serde::Deserialize, Default)]
struct LoginQuery {
    #[serde(default)]
    suite: String,
}

#[derive(serde::Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default, alias = "next")]
    suite: String,
}

/// Where to go after signing in: a local path only, never an open redirect.
pub fn local_path(suite: &str) -> String {
    crate::core::web::local_path(suite, "/admin")
}

async fn page(state: &AppState, ctx: &Ctx, email: String, suite: String, error: Option<String>) -> AppResult<LoginPage> {
    let mut l = public_layout(state, ctx, ctx.tr.t("login-title")).await?;
    l.noindex = true;
    Ok(LoginPage { l, email, suite, error })
}

async fn login_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<LoginQuery>) -> AppResult<Response> {
    let p = page(&state, &ctx, String::new(), local_path(&q.suite), None).await?;
    html(&p)
}

async fn login(State(state): State<AppState>, ctx: Ctx, Form(form): Form<LoginForm>) -> AppResult<Response> {
    let email = form.email.trim().to_lowercase();
    let suite = local_path(&form.suite);
    let keys = [format!("email:{email}"), format!("ip:{}", ctx.ip)];
    let mut wait = 0;
    for k in &keys {
        wait = wait.max(auth::login_wait(&state.db, k, ctx.now).await?);
    }
    if wait > 0 {
        let msg = ctx.tr.n("login-throttled", wait);
        let p = page(&state, &ctx, form.email, suite, Some(msg)).await?;
        let mut r = html_status(StatusCode::TOO_MANY_REQUESTS, &p)?;
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(r);
    }
    let Some(user_id) = auth::check_credentials(&state.db, &email, &form.password).await? else {
        for k in &keys {
            auth::record_login_failure(&state.db, k, ctx.now).await?;
        }
        let p = page(&state, &ctx, form.email, suite, Some(ctx.tr.t("login-failed"))).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    auth::clear_login_failures(&state.db, &keys[0]).await?;
    // Rotation: the session this browser had before is gone, a new one starts.
    if let Some(old) = &ctx.session_token {
        auth::delete_session(&state.db, old).await?;
    }
    let token = auth::create_session(&state.db, user_id, ctx.now).await?;
    let mut r = see_other(&suite);
    set_cookie(&mut r, &state.cookie(state.cookie_names().session, &token, None));
    Ok(r)
}

#[derive(serde::Deserialize)]
struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(State(state): State<AppState>, ctx: Ctx, Form(form): Form<LogoutForm>) -> AppResult<Response> {
    ctx.check_csrf(&form.csrf)?;
    if let Some(token) = &ctx.session_token {
        auth::delete_session(&state.db, token).await?;
    }
    let mut r = see_other("/");
    set_cookie(&mut r, &state.cookie(state.cookie_names().session, "", Some(0)));
    Ok(r)
}

fn set_cookie(r: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/admin/articles?page=2"), "/admin/articles?page=2");
        assert_eq!(local_path("//evil.example"), "/admin");
        assert_eq!(local_path("https://evil.example"), "/admin");
        assert_eq!(local_path("/\\evil.example"), "/admin");
        assert_eq!(local_path(""), "/admin");
        // Browsers strip tabs and newlines before parsing: "/\t/evil.example" is "//evil.example".
        assert_eq!(local_path("/\t/evil.example/login"), "/admin");
        assert_eq!(local_path("/a\rb"), "/admin");
    }
}
