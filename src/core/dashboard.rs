//! The back office's dashboard (`/admin`): what needs attention and the figures of the last
//! seven days, then each module's own panel. The core knows no module: every module that has
//! something to show gives a [`Dashboard`] function in its `Module` description, called for the
//! signed-in staff member (who sees only what their clubs hold).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use crate::core::error::AppResult;
use crate::core::module::BoxFuture;
use crate::core::web::{AppState, Ctx, Layout, html, html_status};

/// The days the dashboard's figures count back.
pub const WEEK: i64 = 7 * 86_400;

/// A module's part of the dashboard for this person (`None`: nothing for them).
pub type Dashboard = for<'a> fn(&'a AppState, &'a Ctx, &'a Layout) -> BoxFuture<'a, AppResult<Option<Panel>>>;

/// A number with what it counts (already in the reader's language, plural agreed) and where
/// to act on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub value: i64,
    pub label: String,
    pub href: String,
}

/// What one module shows on the dashboard.
#[derive(Clone, Debug, Default)]
pub struct Panel {
    /// Where it stands among the panels, smallest first.
    pub order: u16,
    /// Quick actions (label, address), shown as buttons at the top.
    pub actions: Vec<(String, String)>,
    /// What needs someone's attention; figures at zero are left out.
    pub attention: Vec<Figure>,
    /// Figures of the last seven days.
    pub week: Vec<Figure>,
    /// Its own section(s), rendered by the module's template.
    pub html: String,
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin", get(dashboard))
}

#[derive(askama::Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    l: Layout,
    actions: Vec<(String, String)>,
    attention: Vec<Figure>,
    week: Vec<Figure>,
    panels: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "admin/no_access.html")]
struct NoAccessPage {
    l: Layout,
}

async fn layout(state: &AppState, ctx: &Ctx, title: String) -> AppResult<Layout> {
    Ok(Layout::core_admin(state, ctx, title, "dashboard").await?)
}

async fn dashboard(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if ctx.user.as_ref().is_some_and(|u| !u.is_staff()) {
        // A member signed in: say plainly that the staff area is not for them.
        let l = layout(&state, &ctx, ctx.tr.t("admin-no-access-title")).await?;
        return html_status(StatusCode::FORBIDDEN, &NoAccessPage { l });
    }
    ctx.staff()?;
    let l = layout(&state, &ctx, ctx.tr.t("admin-dashboard")).await?;
    let mut panels = vec![];
    for make in state.modules.dashboards() {
        if let Some(panel) = make(&state, &ctx, &l).await? {
            panels.push(panel);
        }
    }
    panels.sort_by_key(|p| p.order);
    let mut page = DashboardPage { l, actions: vec![], attention: vec![], week: vec![], panels: vec![] };
    for p in panels {
        page.actions.extend(p.actions);
        page.attention.extend(p.attention.into_iter().filter(|f| f.value > 0));
        page.week.extend(p.week);
        page.panels.push(p.html);
    }
    html(&page)
}
