//! A person's data, for the network's administrators (`/admin/donnees-personnelles`): find
//! everything held for an e-mail address across the core and every module, download it as
//! one JSON file, or erase it (`core::people`). The address travels in POST bodies only, so
//! it never lands in an address bar, a history or a proxy's log.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::core::error::{AppError, AppResult};
use crate::core::people::{self, Found};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, html, html_status};
use crate::modules::network;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/donnees-personnelles", get(form).post(act))
}

#[derive(askama::Template)]
#[template(path = "site/people.html")]
struct PeoplePage {
    l: Layout,
    email: String,
    errors: FormErrors,
    found: Option<Found>,
    erased: Option<i64>,
}

fn network_admin(ctx: &Ctx) -> AppResult<()> {
    if ctx.staff()?.is_network_admin() { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    email: String,
    errors: FormErrors,
    found: Option<Found>,
    erased: Option<i64>,
) -> AppResult<PeoplePage> {
    let l = network::admin_layout(state, ctx, ctx.tr.t("people-title"), "people").await?;
    Ok(PeoplePage { l, email, errors, found, erased })
}

async fn form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    html(&page(&state, &ctx, String::new(), FormErrors::default(), None, None).await?)
}

#[derive(serde::Deserialize)]
struct PeopleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    confirm: String,
}

async fn act(State(state): State<AppState>, ctx: Ctx, Form(f): Form<PeopleForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let mut errors = FormErrors::default();
    let email = match people::parse_email(&f.email) {
        Ok(e) => e,
        Err(key) => {
            errors.add("email", key);
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, f.email, errors, None, None).await?);
        }
    };
    match f.action.as_str() {
        "export" => {
            let found = people::find(&state.db, &state.modules, &email).await?;
            let body = serde_json::to_vec_pretty(&found.to_json(ctx.now)).map_err(|e| AppError::Internal(e.into()))?;
            let mut r = (StatusCode::OK, body).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"donnees-personnelles.json\""));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(r)
        }
        "erase" => {
            if f.confirm != "1" {
                errors.add("confirm", "people-error-confirm");
                let found = people::find(&state.db, &state.modules, &email).await?;
                return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, f.email, errors, Some(found), None).await?);
            }
            let changed = people::erase(&state.db, &state.modules, &state.config.data_dir, &email, ctx.now).await?;
            state.pages.changed_all(&state.db).await;
            let found = people::find(&state.db, &state.modules, &email).await?;
            html(&page(&state, &ctx, email, errors, Some(found), Some(changed as i64)).await?)
        }
        _ => {
            let found = people::find(&state.db, &state.modules, &email).await?;
            html(&page(&state, &ctx, email, errors, Some(found), None).await?)
        }
    }
}
