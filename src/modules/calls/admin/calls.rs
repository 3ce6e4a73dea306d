//! The managers' calls: the list, the call's editor, its categories, its form and its stages
//! with their rubric. The back office's shared pieces are here too (`manageable`, `layout`,
//! `CallNav`), for the other back-office files of the calls (jury, ranking, decisions).
//!
//! Managers of a call are the people who may publish for its club
//! (`Principal::can_publish(call.club_id)`); the network's calls (no club) are the network
//! administrators'. Another club's call is a 403, a missing one a 404, a visitor who is not
//! signed in goes to the sign-in page.

use axum::Router;

use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Layout};
use crate::modules::calls::model::Call;
use crate::modules::calls::store;
use crate::modules::network;

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// The back office's section of the calls (the admin menu's entry).
pub const SECTION: &str = "calls-admin";

/// A back-office page of the calls: the network's admin layout, the calls' menu entry marked.
pub async fn layout(state: &AppState, ctx: &Ctx, title: impl Into<String>) -> AppResult<Layout> {
    Ok(network::admin_layout(state, ctx, title, SECTION).await?)
}

/// A call this person may manage: 404 if there is none, 403 if it is another club's (or the
/// network's, for a club's staff).
pub async fn manageable(state: &AppState, user: &Principal, call_id: i64) -> AppResult<Call> {
    let call = store::call_by_id(&state.db, call_id).await?.ok_or(AppError::NotFound)?;
    if !user.can_publish(call.club_id) {
        return Err(AppError::Forbidden);
    }
    Ok(call)
}

/// The tabs of one call's back office (`templates/calls/admin_nav.html`): include it with
/// `{% let nav = CallNav::new(&call, "applications") %}{% include "calls/admin_nav.html" %}`
/// or hold a `nav: CallNav` in the page. `tab` is one of `call`, `categories`, `form`,
/// `stages`, `applications`, or any other string (no tab marked current: a stage's jury,
/// ranking or decision, which link back through `stages`).
#[derive(Clone, Debug)]
pub struct CallNav {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub public: bool,
    pub tab: &'static str,
}

impl CallNav {
    pub fn new(call: &Call, tab: &'static str) -> CallNav {
        CallNav { id: call.id, title: call.title.clone(), slug: call.slug.clone(), public: call.status == "published", tab }
    }
}
