//! The call's own form: a form of the core's form kit owned by `calls:{id}`, which applicants
//! fill in after the organisation and the places, built in the kit's editor
//! (`core::forms::editor`) mounted at `/admin/appels/{id}/formulaire`: the call's managers
//! only, the call's tabs above it, every kind of question (a file too).

use axum::Router;

use super::{CallNav, layout, manageable};
use crate::core::forms::editor::{self, BoxFuture, Chrome, KINDS, Mount};
use crate::core::web::{AppState, Ctx, Layout};

/// The form kit's owner of a call's form.
pub fn owner(call_id: i64) -> String {
    format!("calls:{call_id}")
}

/// Most items a call's form may hold.
pub const MAX_ITEMS: usize = 60;

static MOUNT: Mount = Mount { path: "/admin/appels/{id}/formulaire", kinds: KINDS, max_items: MAX_ITEMS, authorise };

pub fn routes() -> Router<AppState> {
    editor::routes(&MOUNT)
}

/// The call's tabs, as the editor shows them above the form.
#[derive(askama::Template)]
#[template(path = "calls/admin_nav.html")]
struct Nav<'a> {
    l: &'a Layout,
    nav: CallNav,
}

fn authorise<'a>(state: &'a AppState, ctx: &'a Ctx, id: i64) -> BoxFuture<'a, crate::core::error::AppResult<Chrome>> {
    Box::pin(async move {
        let call = manageable(state, ctx.staff()?, id).await?;
        let l = layout(state, ctx, ctx.tr.a("calls-admin-form-title", "title", &call.title)).await?;
        let nav = askama::Template::render(&Nav { l: &l, nav: CallNav::new(&call, "form") })?;
        Ok(Chrome { owner: owner(id), layout: l, nav })
    })
}
