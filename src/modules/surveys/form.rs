//! SCAFFOLD (forms-editor helper): the questionnaire's editor, the form kit's, at
//! `/admin/enquetes/{id}/formulaire`.

use axum::Router;

use crate::core::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
