//! (being written)

use axum::Router;

use crate::core::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// Describes this scope's access links for `/acces`.
pub fn describe_link<'a>(
    _state: &'a AppState,
    _tr: &'a crate::core::i18n::Tr,
    _subject: i64,
    _token: &'a str,
) -> crate::core::access::DescribeFuture<'a> {
    Box::pin(async move { Ok(None) })
}
