//! Surveys and barometers: a questionnaire (a form of the form kit, each question with a
//! stable code) run in waves, each wave on one frozen version of the form, in chosen
//! territories (clubs) with optional quotas, in one mode (anonymous, pseudonymous,
//! identified); invitations imported and e-mailed with their own links, drafts kept while
//! people answer, results per wave × territory × question with small cells suppressed,
//! compared across waves by code.
//!
//! Who does what: `model.rs` (the types), `store.rs` (every SQL statement, the submission
//! that makes an anonymous response unlinkable), `pages.rs` (the public list and a survey's
//! page), `respond.rs` (answering through an invitation's link or the open link),
//! `admin.rs` (staff's back office: surveys, waves, invitations and their e-mails),
//! `form.rs` (the questionnaire, in the form kit's editor), `results.rs` (the results'
//! arithmetic and pages, charts), `exports.rs` (CSV, XLSX, JSON with the codebook), `api.rs`
//! (JSON).

pub mod admin;
pub mod api;
pub mod api_results;
pub mod charts;
pub mod exports;
pub mod form;
pub mod model;
pub mod pages;
pub mod respond;
pub mod results;
mod store;

use axum::Router;

use crate::core::cache::Scope;
use crate::core::module::Module;
use crate::core::web::AppState;
pub use model::{
    Draft, Holder, Invitation, InvitationInput, InvitationState, Mode, Phase, QuotaGuard, Submitted, Survey, SurveyInput, Territory, Wave,
    WaveInput,
};

/// The scope of an invitation's access link (its subject: the invitation's id).
pub const INVITATION_SCOPE: &str = "surveys.invitation";

/// The page-cache scope of the surveys' public pages (list, survey, results).
pub const SURVEYS: Scope = Scope("surveys");

/// What the surveys tell the core (see `core::module`).
pub fn module() -> Module {
    Module {
        routes,
        api: api::endpoints,
        api_schemas: api::schemas,
        jobs: admin::jobs,
        next_change: Some(pages::next_change),
        admin_menu: admin::MENU,
        personal_data: admin::PERSONAL_DATA,
        access: respond::ACCESS,
        scopes: &[SURVEYS],
        writes: &[("/enquetes", &[SURVEYS]), ("/admin/enquetes", &[SURVEYS]), ("/api/v1/surveys", &[SURVEYS])],
        ..Module::new("surveys")
    }
}

fn routes() -> Router<AppState> {
    pages::routes().merge(respond::routes()).merge(admin::routes()).merge(form::routes()).merge(results::routes()).merge(exports::routes())
}

pub use store::admin::close_wave;
/// Surveys in the demo, seeds and tests are written through these (staff and respondents go
/// through their pages).
pub use store::{
    StoredResponse, answer_counts, count_answers, draft, insert_invitation, insert_survey, insert_wave, invitation, invitation_counts,
    invitations, open_wave, publish_wave, response_counts, response_links, responses, save_draft, set_territories, start_open_draft,
    submit, survey, survey_by_slug, surveys, territories, update_survey, update_wave, wave, wave_tx, waves,
};
