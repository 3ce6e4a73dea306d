//! The news back office: dashboard, posts and pages, media library, comment moderation,
//! categories and tags. Every route checks who is signed in; every POST checks the CSRF token.

mod comments;
mod library;
mod posts;
mod terms;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::multipart::{Multipart, MultipartRejection};

use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::Tr;
use crate::core::media::{self, Media};
use crate::core::web::{AppState, Ctx, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(posts::routes())
        .merge(library::routes())
        .merge(comments::routes())
        .merge(terms::routes())
        // Uploads: the global body limit (the largest file plus the form) applies instead.
        .layer(DefaultBodyLimit::max(media::MAX_UPLOAD + 1024 * 1024))
}

/// The news' panel on the back office's dashboard (`Module::dashboard`).
pub(super) fn dashboard<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
    l: &'a Layout,
) -> crate::core::module::BoxFuture<'a, AppResult<Option<crate::core::dashboard::Panel>>> {
    Box::pin(posts::panel(state, ctx, l))
}

/// A file sent with a form.
pub(super) struct Upload {
    pub field: String,
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// The text fields (in order, names repeated for checkboxes) and files of a multipart form.
pub(super) struct MultipartData {
    pub fields: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

impl MultipartData {
    pub fn field(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    pub fn take_file(&mut self, name: &str) -> Option<Upload> {
        let i = self.files.iter().position(|f| f.field == name)?;
        Some(self.files.swap_remove(i))
    }
}

fn multipart_error(e: &axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE { AppError::PayloadTooLarge } else { AppError::BadRequest("error-bad-form") }
}

/// Read a whole multipart form; an empty file input counts as no file.
pub(super) async fn read_multipart(mp: Result<Multipart, MultipartRejection>) -> AppResult<MultipartData> {
    let mut mp = mp.map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let mut data = MultipartData { fields: vec![], files: vec![] };
    while let Some(field) = mp.next_field().await.map_err(|e| multipart_error(&e))? {
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(str::to_string) {
            Some(filename) => {
                let bytes = field.bytes().await.map_err(|e| multipart_error(&e))?;
                if !(filename.is_empty() && bytes.is_empty()) {
                    data.files.push(Upload { field: name, filename, bytes: bytes.to_vec() });
                }
            }
            None => {
                let text = field.text().await.map_err(|e| multipart_error(&e))?;
                data.fields.push((name, text));
            }
        }
    }
    Ok(data)
}

/// Check, transform and store an upload. `Err((field, message key))` when the file or its
/// alternative text is refused; `alt_field` names where a missing alt text is reported.
pub(super) async fn store_upload(
    state: &AppState,
    user: &Principal,
    up: Upload,
    alt: &str,
    images_only: bool,
    alt_field: &'static str,
) -> AppResult<Result<Media, (&'static str, &'static str)>> {
    let file_field: &'static str = if alt_field == "alt" { "file" } else { "new_image" };
    let bytes = up.bytes;
    let prepared = tokio::task::spawn_blocking(move || media::prepare(&bytes)).await.map_err(|e| AppError::Internal(e.into()))?;
    let prepared = match prepared {
        Ok(p) => p,
        Err(e) => return Ok(Err((file_field, e.message_key()))),
    };
    if images_only && prepared.kind != "image" {
        return Ok(Err((file_field, "media-error-not-image")));
    }
    if prepared.kind == "image" && alt.trim().is_empty() {
        return Ok(Err((alt_field, "media-error-alt")));
    }
    let club = user.publishing_clubs().and_then(|c| c.first().copied());
    let m = media::store(&state.db, prepared, &up.filename, alt.trim(), club, Some(user.user_id), state.now()).await?;
    Ok(Ok(m))
}

/// A back-office layout.
pub(super) async fn layout(state: &AppState, ctx: &Ctx, title: String, section: &'static str) -> AppResult<Layout> {
    Ok(crate::modules::network::admin_layout(state, ctx, title, section).await?)
}

/// The message of a `?ok=` flag after a redirect (only known flags).
pub(super) fn flash(tr: &Tr, ok: Option<&str>) -> Option<String> {
    let key = match ok? {
        "saved" => "admin-flash-saved",
        "deleted" => "admin-flash-deleted",
        "unpublished" => "admin-flash-unpublished",
        "uploaded" => "admin-flash-uploaded",
        "moderated" => "admin-flash-moderated",
        _ => return None,
    };
    Some(tr.t(key))
}

/// A form with only a CSRF token (unpublish, delete).
#[derive(serde::Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// `?page=` and `?ok=` of a list.
#[derive(serde::Deserialize, Default)]
pub(super) struct ListQuery {
    pub page: Option<i64>,
    pub ok: Option<String>,
}

/// "Are you sure?" before a deletion.
#[derive(askama::Template)]
#[template(path = "admin/confirm.html")]
pub(super) struct ConfirmPage {
    pub l: Layout,
    pub question: String,
    pub action: String,
    pub back: String,
}

pub(super) async fn confirm_page(
    state: &AppState,
    ctx: &Ctx,
    section: &'static str,
    question: String,
    action: String,
    back: String,
) -> AppResult<axum::response::Response> {
    let l = layout(state, ctx, ctx.tr.t("admin-confirm-title"), section).await?;
    crate::core::web::html(&ConfirmPage { l, question, action, back })
}
