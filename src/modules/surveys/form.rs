//! The questionnaire of a survey: a form of the form kit owned by `surveys:{id}`, built in
//! the kit's editor (`core::forms::editor`) mounted at `/admin/enquetes/{id}/formulaire` for
//! those who may manage the survey (`admin::manageable`). Every kind of question but the
//! file is offered (a survey's answers are figures and words, never documents). A wave
//! freezes the version it opens on: the next edit makes a new version, which the editor
//! says before it happens; each question's code stays, so that waves compare by code.

use axum::Router;

use super::admin::{SurveyNav, layout, manageable};
use super::model::owner;
use crate::core::error::AppResult;
use crate::core::forms::editor::{self, BoxFuture, Chrome, KINDS_WITHOUT_FILE, Mount};
use crate::core::web::{AppState, Ctx, Layout};

/// Most items a questionnaire may hold.
pub const MAX_ITEMS: usize = 120;

static MOUNT: Mount = Mount { path: "/admin/enquetes/{id}/formulaire", kinds: KINDS_WITHOUT_FILE, max_items: MAX_ITEMS, authorise };

pub fn routes() -> Router<AppState> {
    editor::routes(&MOUNT)
}

/// The survey's breadcrumb and tabs above the editor (the back office's, tab "form").
#[derive(askama::Template)]
#[template(path = "surveys/admin_nav.html")]
struct Nav<'a> {
    l: &'a Layout,
    nav: SurveyNav,
}

fn authorise<'a>(state: &'a AppState, ctx: &'a Ctx, id: i64) -> BoxFuture<'a, AppResult<Chrome>> {
    Box::pin(async move {
        let survey = manageable(state, ctx.staff()?, id).await?;
        let title = ctx.tr.a("surveys-form-title", "title", &survey.title);
        let l = layout(state, ctx, title).await?;
        let nav = askama::Template::render(&Nav { l: &l, nav: SurveyNav::new(&survey, "form") })?;
        Ok(Chrome { owner: owner(id), layout: l, nav })
    })
}
