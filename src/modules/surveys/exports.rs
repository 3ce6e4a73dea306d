//! SCAFFOLD (exports helper).

use axum::Router;

use crate::core::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
