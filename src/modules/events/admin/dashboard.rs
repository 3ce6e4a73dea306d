//! The events' panel on the back office's dashboard (`core::dashboard`): events whose waiting
//! list is not empty and drafts need attention; bookings, confirmed seats and cancellations of
//! the last seven days; the next events with their places and waiting lists, and the latest
//! bookings (what they are for, never who made them: the dashboard shows no personal data).

use super::store::{self, EventRow, RecentBooking};
use crate::core::dashboard::{Figure, Panel, WEEK};
use crate::core::error::AppResult;
use crate::core::module::BoxFuture;
use crate::core::web::{AppState, Ctx, Layout};

#[derive(askama::Template)]
#[template(path = "admin/events/dashboard.html")]
struct EventsPanel<'a> {
    l: &'a Layout,
    upcoming: Vec<EventRow>,
    recent: Vec<RecentBooking>,
}

impl EventsPanel<'_> {
    /// The words of a booking's status.
    fn state_key(&self, status: &str) -> &'static str {
        match status {
            "confirmed" => "events-admin-state-confirmed",
            "waiting" => "events-admin-state-waiting",
            _ => "events-admin-state-cancelled",
        }
    }
}

/// `Module::dashboard` of the events.
pub fn dashboard<'a>(state: &'a AppState, ctx: &'a Ctx, l: &'a Layout) -> BoxFuture<'a, AppResult<Option<Panel>>> {
    Box::pin(panel(state, ctx, l))
}

async fn panel(state: &AppState, ctx: &Ctx, l: &Layout) -> AppResult<Option<Panel>> {
    let user = ctx.staff()?;
    let clubs = user.publishing_clubs();
    let clubs = clubs.as_deref();
    let tr = &ctx.tr;
    let counts = store::dashboard_counts(&state.db, clubs, ctx.now - WEEK, ctx.now).await?;
    let upcoming = store::upcoming_events(&state.db, clubs, ctx.now, 8).await?;
    let recent = store::recent_bookings(&state.db, clubs, 8).await?;
    let figure = |value: i64, key: &str, href: &str| Figure { value, label: tr.n(key, value), href: href.to_string() };
    let html = askama::Template::render(&EventsPanel { l, upcoming, recent })?;
    Ok(Some(Panel {
        order: 40,
        actions: vec![(tr.t("events-admin-new"), "/admin/evenements/nouveau".to_string())],
        attention: vec![
            figure(counts.waiting_events, "events-dash-waiting-events", "/admin#dash-events"),
            figure(counts.drafts, "events-dash-drafts", "/admin/evenements"),
        ],
        week: vec![
            figure(counts.bookings, "events-dash-bookings-week", "/admin#dash-bookings"),
            figure(counts.seats, "events-dash-seats-week", "/admin#dash-bookings"),
            figure(counts.cancellations, "events-dash-cancellations-week", "/admin#dash-bookings"),
        ],
        html,
    }))
}
