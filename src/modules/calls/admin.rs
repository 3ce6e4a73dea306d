//! The managers' back office: calls and their settings (`admin/calls.rs`), applications,
//! eligibility and the printable dossier (`admin/applications.rs`), exports
//! (`admin/exports.rs`), jurors and assignment (`admin/assign.rs`), ranking, decisions and
//! publication (`admin/decisions.rs`).

use axum::Router;

use crate::core::web::AppState;

pub mod applications;
pub mod assign;
pub mod calls;
pub mod decisions;
pub mod exports;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(calls::routes())
        .merge(applications::routes())
        .merge(exports::routes())
        .merge(assign::routes())
        .merge(decisions::routes())
}
