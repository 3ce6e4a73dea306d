//! SCAFFOLD (respond helper): `/enquetes`, `/enquetes/{slug}`.

use axum::Router;

use crate::core::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// When the public pages change next by the clock alone (a wave opens or closes).
pub fn next_change(_db: &crate::core::db::Db, _now: i64) -> crate::core::module::BoxFuture<'_, Result<Option<i64>, sqlx::Error>> {
    Box::pin(async { Ok(None) })
}
