//! SCAFFOLD (respond helper).

use axum::Router;

use crate::core::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// The access links' scopes this module e-mails.
pub const ACCESS: &[crate::core::access::Scope] = &[];
