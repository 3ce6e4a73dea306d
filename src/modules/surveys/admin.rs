//! SCAFFOLD (admin helper): staff's back office.

use axum::Router;

use super::model::Survey;
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::jobs::JobKind;
use crate::core::module::MenuEntry;
use crate::core::people::PersonalData;
use crate::core::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

pub const MENU: &[MenuEntry] = &[];

pub const PERSONAL_DATA: &[PersonalData] = &[];

pub fn jobs() -> Vec<JobKind> {
    vec![]
}

/// A survey this person may manage: 404 if there is none, 403 if it is another club's (or
/// the network's, for a club's staff).
pub async fn manageable(state: &AppState, user: &Principal, survey_id: i64) -> AppResult<Survey> {
    let survey = super::store::survey(&state.db, survey_id).await?.ok_or(AppError::NotFound)?;
    if !user.can_publish(survey.club_id) {
        return Err(AppError::Forbidden);
    }
    Ok(survey)
}
