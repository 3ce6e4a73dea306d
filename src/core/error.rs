//! One error type for the whole application.
//!
//! A handler returns `Err(AppError::…)`; `into_response` only records the error in the
//! response's extensions, and the `render_errors` middleware (in `web`) turns it into an
//! HTML page in the visitor's language, or JSON under `/api`.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A field that failed validation: the field's name and a message key of the i18n catalog,
/// which may carry numbers for the message (`key?len=5000&max=200`, see `with_numbers`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: &str) -> FieldError {
        FieldError { field: field.into(), message: message.into() }
    }

    /// A text longer than allowed; the message says both lengths ("Ce texte fait 5 000
    /// caractères ; 200 au plus").
    pub fn too_long(field: &str, len: usize, max: usize) -> FieldError {
        FieldError { field: field.into(), message: too_long(len, max) }
    }
}

/// The message reference of a text of `len` characters when `max` is allowed.
pub fn too_long(len: usize, max: usize) -> String {
    with_numbers("field-too-long-max", &[("len", len as i64), ("max", max as i64)])
}

/// A message key with numbers for it, `key?name=1&other=2`: `Tr::t` formats each number in the
/// reader's locale and hands it to the message as `$name`.
pub fn with_numbers(key: &str, numbers: &[(&str, i64)]) -> String {
    let mut out = key.to_string();
    for (i, (name, n)) in numbers.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&format!("{name}={n}"));
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// An access link that does not open (unknown, altered, expired or revoked): a 404 that
    /// says so and offers to send the person's links again (`core::access`).
    #[error("access link refused")]
    LinkGone,
    #[error("forbidden")]
    Forbidden,
    #[error("unauthenticated")]
    Unauthenticated,
    /// Malformed input; the string is an i18n message key.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A JSON body that does not parse; the string says where and why.
    #[error("bad json: {0}")]
    BadJson(String),
    /// Input that parsed but is not acceptable, field by field (message keys).
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A conflict with what stands in the way, in words (the caller's language).
    #[error("conflict: {0} ({1})")]
    ConflictWith(&'static str, String),
    /// A value another row already has (a database unique violation): the field's error in
    /// a form, a 409 naming the field in the API.
    #[error("taken: {}", .0.field)]
    Taken(FieldError),
    /// A write whose `If-Match` (or the editor's version) names a version someone else has
    /// since replaced: nothing is written (412); the string is an i18n message key.
    #[error("precondition failed: {0}")]
    PreconditionFailed(&'static str),
    #[error("too many requests")]
    TooManyRequests { retry_after: i64 },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        // Text the database cannot store (a NUL character, for PostgreSQL) is bad input, not
        // a server error; the statement failed, so nothing was written.
        if let sqlx::Error::Database(db) = &e
            && matches!(db.code().as_deref(), Some("22021") | Some("22P05"))
        {
            return AppError::BadRequest("error-bad-form");
        }
        match taken_field(&e) {
            Some(field) => AppError::Taken(field),
            None => AppError::Internal(e.into()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(anyhow::anyhow!("template: {e}"))
    }
}

/// What the error page renderer needs, carried in the response's extensions.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub status: StatusCode,
    /// The i18n key of the message shown to the user.
    pub message: &'static str,
    pub fields: Vec<FieldError>,
    /// A technical detail (the JSON parser's message), shown as is.
    pub detail: Option<String>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::LinkGone => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) | AppError::BadJson(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) | AppError::ConflictWith(..) | AppError::Taken(_) => StatusCode::CONFLICT,
            AppError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn info(&self) -> ErrorInfo {
        let detail = match self {
            AppError::BadJson(d) | AppError::ConflictWith(_, d) => Some(d.clone()),
            _ => None,
        };
        let (message, fields) = match self {
            AppError::NotFound => ("error-not-found", vec![]),
            AppError::LinkGone => ("access-link-gone", vec![]),
            AppError::Forbidden => ("error-forbidden", vec![]),
            AppError::Unauthenticated => ("error-unauthenticated", vec![]),
            AppError::BadRequest(key) => (*key, vec![]),
            AppError::BadJson(_) => ("error-bad-json", vec![]),
            AppError::Invalid(fields) => ("error-invalid", fields.clone()),
            AppError::Conflict(key) | AppError::ConflictWith(key, _) | AppError::PreconditionFailed(key) => (*key, vec![]),
            AppError::Taken(field) => ("error-taken", vec![field.clone()]),
            AppError::TooManyRequests { .. } => ("error-too-many", vec![]),
            AppError::PayloadTooLarge => ("error-too-large", vec![]),
            AppError::Internal(_) => ("error-internal", vec![]),
        };
        ErrorInfo { status: self.status(), message, fields, detail }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let info = self.info();
        let mut response = info.status.into_response();
        if let AppError::TooManyRequests { retry_after } = self
            && let Ok(v) = retry_after.max(1).to_string().parse()
        {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        response.extensions_mut().insert(Arc::new(info));
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// The field whose value is already taken, when `e` is the database's unique violation
/// (PostgreSQL 23505, SQLite 2067 or 1555); its message key says which value it is.
pub fn taken_field(e: &sqlx::Error) -> Option<FieldError> {
    let sqlx::Error::Database(db) = e else { return None };
    if !matches!(db.code().as_deref(), Some("23505") | Some("2067") | Some("1555")) {
        return None;
    }
    // SQLite: "UNIQUE constraint failed: posts.kind, posts.slug"; PostgreSQL names the
    // constraint "posts_kind_slug_key". The last column is the one people chose.
    let text = db.message();
    let column = match text.split_once("failed: ") {
        Some((_, columns)) => columns.rsplit('.').next().unwrap_or("").trim().to_string(),
        None => {
            let name = db.constraint().map(str::to_string).unwrap_or_else(|| text.rsplit('"').nth(1).unwrap_or("").to_string());
            name.strip_suffix("_key").and_then(|n| n.rsplit('_').next()).unwrap_or("").to_string()
        }
    };
    let (field, message) = match column.as_str() {
        "slug" => ("slug", "field-slug-taken"),
        "email" => ("email", "field-email-taken"),
        "" => ("", "field-taken"),
        c => (c, "field-taken"),
    };
    Some(FieldError { field: field.into(), message: message.into() })
}

impl AppError {
    /// The field error of a taken value, to show it next to the field of a form.
    pub fn taken(e: sqlx::Error) -> Result<FieldError, AppError> {
        taken_field(&e).ok_or_else(|| AppError::from(e))
    }
}
