//! Comment moderation: approve, mark as spam or delete, one or many at once.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::{flash, layout};
use crate::core::audit::{self, Subject};
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html, see_other};
use crate::modules::news::COMMENT_LOG_RETENTION;
use crate::modules::news::store::{self, ModComment};

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/commentaires", get(list).post(moderate))
}

const STATUSES: [&str; 3] = ["pending", "approved", "spam"];
const ACTIONS: [&str; 3] = ["approve", "spam", "delete"];

#[derive(serde::Deserialize, Default)]
struct ModerationQuery {
    statut: Option<String>,
    ok: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "admin/comments.html")]
struct ModerationPage {
    l: Layout,
    status: &'static str,
    /// (status, message key, count) for the tabs.
    tabs: Vec<(&'static str, &'static str, i64)>,
    comments: Vec<ModComment>,
    flash: Option<String>,
}

fn status_of(s: Option<&str>) -> AppResult<&'static str> {
    match s {
        None | Some("") => Ok("pending"),
        Some(s) => STATUSES.into_iter().find(|x| *x == s).ok_or(AppError::BadRequest("error-bad-query")),
    }
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ModerationQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let status = status_of(q.statut.as_deref())?;
    let clubs = user.publishing_clubs();
    let comments = store::list_comments_for_moderation(&state.db, status, clubs.as_deref(), 200).await?;
    let mut tabs = vec![];
    for s in STATUSES {
        let n = store::count_comments_for_clubs(&state.db, s, clubs.as_deref()).await?;
        tabs.push((s, status_key(s), n));
    }
    let detail = format!("status={status} rows={}", comments.len());
    audit::record(&state.db, &ctx, "news.comments.view", &Subject::page("comments"), &detail).await?;
    let l = layout(&state, &ctx, ctx.tr.t("admin-comments"), "comments").await?;
    html(&ModerationPage { l, status, tabs, comments, flash: flash(&ctx.tr, q.ok.as_deref()) })
}

fn status_key(s: &str) -> &'static str {
    match s {
        "approved" => "admin-comments-approved",
        "spam" => "admin-comments-spam",
        _ => "admin-comments-pending",
    }
}

/// One action (a row's button, "approve:12") or a bulk action on the ticked comments.
async fn moderate(State(state): State<AppState>, ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    ctx.check_csrf(get("csrf"))?;
    let status = status_of(Some(get("statut")))?;
    let (action, ids): (&str, Vec<i64>) = match get("single").split_once(':') {
        Some((a, id)) => (a, id.parse().ok().into_iter().collect()),
        None => (get("action"), fields.iter().filter(|(k, _)| k == "ids").filter_map(|(_, v)| v.parse().ok()).collect()),
    };
    if !ACTIONS.contains(&action) || ids.is_empty() {
        return Err(AppError::BadRequest("admin-comments-nothing"));
    }
    // Authorise every comment before touching any.
    for id in &ids {
        let (_, club) = store::comment_club(&state.db, *id).await?.ok_or(AppError::NotFound)?;
        if !user.can_publish(club) {
            return Err(AppError::Forbidden);
        }
    }
    for id in &ids {
        store::moderate_comment(&state.db, *id, action, user.user_id, &ctx.ip, ctx.now, COMMENT_LOG_RETENTION).await?;
    }
    Ok(see_other(&format!("/admin/commentaires?statut={status}&ok=moderated")))
}
