//! Staff's back office of the surveys: the list and a survey's settings (`admin/surveys.rs`),
//! its waves with their territories, quotas, opening and closing (`admin/waves.rs`), and the
//! invitations: import from CSV or XLSX with its report, the list, and their e-mails and
//! reminders sent by a job with its progress (`admin/invitations.rs`). The shared pieces are
//! here: who may manage a survey, the layout, the survey's tabs, the menu, the personal data
//! and the job kinds.
//!
//! Managers of a survey are the people who may publish for its club
//! (`Principal::can_publish(survey.club_id)`); the network's surveys are the network
//! administrators'. A club's staff also sees, in the list, the network's surveys that run a
//! wave in their club (with their club's counts), without managing them. Every POST checks the
//! CSRF token.

use axum::Router;

use super::model::Survey;
use crate::core::auth::Principal;
use crate::core::db::{Db, Tx};
use crate::core::error::{AppError, AppResult, too_long};
use crate::core::jobs::JobKind;
use crate::core::module::{BoxFuture, MenuEntry};
use crate::core::people::PersonalData;
use crate::core::web::{AppState, Ctx, FormErrors, Layout};
use crate::modules::network;

pub mod invitations;
mod surveys;
mod waves;

pub fn routes() -> Router<AppState> {
    Router::new().merge(surveys::routes()).merge(waves::routes()).merge(invitations::routes())
}

/// The back office's section of the surveys (the admin menu's entry).
pub const SECTION: &str = "surveys-admin";

pub const MENU: &[MenuEntry] = &[MenuEntry::staff("/admin/enquetes", "surveys-admin-menu", SECTION, 47)];

/// Invitations by the invited address: found whole; erased by blanking the name, the address
/// and the attributes, deleting drafts and any link from a response, keeping the state (the
/// counts) and the responses, which in an anonymous wave hold nothing of the person.
pub const PERSONAL_DATA: &[PersonalData] =
    &[PersonalData { key: "surveys.invitations", label: "surveys-admin-people-kind", find: find_invitations, erase: erase_invitations }];

fn find_invitations<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<serde_json::Value>, sqlx::Error>> {
    Box::pin(super::store::admin::find_by_email(db, email))
}

fn erase_invitations<'a>(tx: &'a mut Tx, email: &'a str, _now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(super::store::admin::erase_by_email(tx, email))
}

pub fn jobs() -> Vec<JobKind> {
    vec![invitations::job_kind()]
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

/// A back-office page of the surveys: the network's admin layout, the surveys' entry marked.
pub async fn layout(state: &AppState, ctx: &Ctx, title: impl Into<String>) -> AppResult<Layout> {
    Ok(network::admin_layout(state, ctx, title, SECTION).await?)
}

/// The tabs of one survey's back office (`templates/surveys/admin_nav.html`): hold a
/// `nav: SurveyNav` in the page and `{% include "surveys/admin_nav.html" %}`. `tab` is one of
/// `survey`, `form`, `waves`, `evolution`, or any other string (no tab marked).
#[derive(Clone, Debug)]
pub struct SurveyNav {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub tab: &'static str,
}

impl SurveyNav {
    pub fn new(survey: &Survey, tab: &'static str) -> SurveyNav {
        SurveyNav { id: survey.id, title: survey.title.clone(), slug: survey.slug.clone(), tab }
    }
}

/// A form that only carries its CSRF token.
#[derive(serde::Deserialize, Default)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// `?ok=` after a redirect.
#[derive(serde::Deserialize, Default)]
pub(crate) struct PageQuery {
    pub ok: Option<String>,
}

/// The message of a `?ok=` flag after a redirect (only known flags).
pub(crate) fn flash(ctx: &Ctx, ok: Option<&str>) -> Option<String> {
    let key = match ok? {
        "saved" => "admin-flash-saved",
        "created" => "surveys-admin-flash-created",
        "opened" => "surveys-admin-flash-opened",
        "closed" => "surveys-admin-flash-closed",
        _ => return None,
    };
    Some(ctx.tr.t(key))
}

/// A text field's error when it is empty (required) or longer than `max` characters.
pub(crate) fn text_error(errors: &mut FormErrors, field: &str, value: &str, required: bool, max: usize) {
    let n = value.trim().chars().count();
    if required && n == 0 {
        errors.add(field, "field-required");
    } else if n > max {
        errors.add(field, &too_long(n, max));
    }
}

/// The message key of a wave's mode, and of its promise to respondents.
pub fn mode_key(mode: super::Mode) -> &'static str {
    match mode {
        super::Mode::Anonymous => "surveys-admin-mode-anonymous",
        super::Mode::Pseudonymous => "surveys-admin-mode-pseudonymous",
        super::Mode::Identified => "surveys-admin-mode-identified",
    }
}

pub fn mode_help_key(mode: super::Mode) -> &'static str {
    match mode {
        super::Mode::Anonymous => "surveys-admin-mode-anonymous-help",
        super::Mode::Pseudonymous => "surveys-admin-mode-pseudonymous-help",
        super::Mode::Identified => "surveys-admin-mode-identified-help",
    }
}

/// The message key of a wave's phase.
pub fn phase_key(phase: super::Phase) -> &'static str {
    match phase {
        super::Phase::Draft => "surveys-admin-phase-draft",
        super::Phase::Scheduled => "surveys-admin-phase-scheduled",
        super::Phase::Open => "surveys-admin-phase-open",
        super::Phase::Closed => "surveys-admin-phase-closed",
    }
}

/// The phase's name as CSS and tests read it.
pub fn phase_name(phase: super::Phase) -> &'static str {
    phase.name()
}
