//! The media library: upload pictures and PDF documents, edit alternative text, delete.

use axum::Router;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::{CsrfForm, ListQuery, confirm_page, flash, layout, read_multipart, store_upload};
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult, too_long};
use crate::core::media::{self, Media};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/medias", get(list).post(upload))
        .route("/admin/medias/{id}", post(update_alt))
        .route("/admin/medias/{id}/supprimer", get(confirm_delete).post(delete))
}

#[derive(askama::Template)]
#[template(path = "admin/media.html")]
struct LibraryPage {
    l: Layout,
    items: Vec<Media>,
    errors: FormErrors,
    alt: String,
    flash: Option<String>,
}

impl LibraryPage {
    /// The message key of an item's alt text error, if any.
    fn alt_error(&self, id: impl crate::core::i18n::AsI64) -> Option<String> {
        let field = format!("alt-{}", id.as_i64());
        self.errors.has(&field).then(|| self.errors.get(&field).to_string())
    }
}

async fn page(state: &AppState, ctx: &Ctx, errors: FormErrors, alt: String, flash: Option<String>) -> AppResult<LibraryPage> {
    let l = layout(state, ctx, ctx.tr.t("admin-media"), "media").await?;
    let items = media::list(&state.db, None, 300).await?;
    Ok(LibraryPage { l, items, errors, alt, flash })
}

/// A library item this person may change: theirs or their club's; the network's for admins.
async fn changeable(state: &AppState, user: &Principal, id: i64) -> AppResult<()> {
    let club = media::club_of(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if user.can_publish(club) { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> AppResult<Response> {
    ctx.staff()?;
    let p = page(&state, &ctx, FormErrors::default(), String::new(), flash(&ctx.tr, q.ok.as_deref())).await?;
    html(&p)
}

async fn upload(State(state): State<AppState>, ctx: Ctx, mp: Result<Multipart, MultipartRejection>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let mut data = read_multipart(mp).await?;
    ctx.check_csrf(data.field("csrf"))?;
    let alt = data.field("alt").to_string();
    let mut errors = FormErrors::default();
    match data.take_file("file") {
        None => errors.add("file", "media-error-empty"),
        Some(up) => {
            if let Err((field, key)) = store_upload(&state, user, up, &alt, false, "alt").await? {
                errors.add(field, key);
            }
        }
    }
    if !errors.is_empty() {
        let p = page(&state, &ctx, errors, alt, None).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    Ok(see_other("/admin/medias?ok=uploaded"))
}

#[derive(serde::Deserialize)]
struct AltForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    alt: String,
}

async fn update_alt(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<AltForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&form.csrf)?;
    changeable(&state, user, id).await?;
    let is_image = media::get(&state.db, id).await?.is_some_and(|m| m.is_image());
    if (is_image && form.alt.trim().is_empty()) || form.alt.chars().count() > 300 {
        let mut errors = FormErrors::default();
        let message = if form.alt.trim().is_empty() { "media-error-alt".to_string() } else { too_long(form.alt.chars().count(), 300) };
        errors.add(&format!("alt-{id}"), &message);
        let p = page(&state, &ctx, errors, String::new(), None).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    media::update_alt(&state.db, id, form.alt.trim()).await?;
    Ok(see_other("/admin/medias?ok=saved"))
}

async fn confirm_delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.staff()?;
    changeable(&state, user, id).await?;
    let m = media::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let question = ctx.tr.a("admin-delete-question", "name", &m.filename);
    confirm_page(&state, &ctx, "media", question, format!("/admin/medias/{id}/supprimer"), "/admin/medias".into()).await
}

async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<CsrfForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&form.csrf)?;
    changeable(&state, user, id).await?;
    media::delete(&state.db, id).await?;
    Ok(see_other("/admin/medias?ok=deleted"))
}
