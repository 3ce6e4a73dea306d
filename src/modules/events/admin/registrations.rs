//! The registrations of an event: bookings with their people, needs and answers, filtered by
//! status, and cancellation by the organiser (through `events::cancel`, after a confirm step).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::store::{self, BookingRow};
use super::{flash, layout, manageable};
use crate::core::audit::{self, Subject};
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html, see_other};
use crate::modules::events::{self, Event};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/evenements/{id}/inscriptions", get(list))
        .route("/admin/evenements/{id}/inscriptions/{booking}/annuler", get(confirm_cancel).post(cancel))
}

/// The filters offered, with their message keys.
pub const FILTERS: [(&str, &str); 5] = [
    ("", "events-admin-filter-all"),
    ("confirmed", "events-admin-state-confirmed"),
    ("offered", "events-admin-state-offered"),
    ("waiting", "events-admin-state-waiting"),
    ("cancelled", "events-admin-state-cancelled"),
];

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    statut: Option<String>,
    ok: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "admin/events/registrations.html")]
struct ListPage {
    l: Layout,
    event: Event,
    bookings: Vec<BookingRow>,
    filter: String,
    total: usize,
    flash: Option<String>,
}

impl ListPage {
    fn state_key(&self, state: &str) -> &'static str {
        match state {
            "confirmed" => "events-admin-state-confirmed",
            "offered" => "events-admin-state-offered",
            "waiting" => "events-admin-state-waiting",
            _ => "events-admin-state-cancelled",
        }
    }

    fn count(&self) -> i64 {
        self.bookings.len() as i64
    }

    fn filters(&self) -> &'static [(&'static str, &'static str)] {
        &FILTERS
    }
}

async fn list(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    let filter = q.statut.unwrap_or_default();
    if !FILTERS.iter().any(|(f, _)| *f == filter) {
        return Err(AppError::BadRequest("error-bad-query"));
    }
    let all = store::list_bookings(&state.db, id, &ctx.tr).await?;
    let total = all.len();
    let bookings: Vec<BookingRow> = all.into_iter().filter(|b| filter.is_empty() || b.state() == filter).collect();
    let detail = format!("status={} rows={}", if filter.is_empty() { "all" } else { &filter }, bookings.len());
    audit::record(&state.db, &ctx, "events.registrations.view", &Subject::new("event", id, &event.title), &detail).await?;
    let l = layout(&state, &ctx, ctx.tr.a("events-admin-registrations-title", "title", &event.title)).await?;
    html(&ListPage { l, event, bookings, filter, total, flash: flash(&ctx.tr, q.ok.as_deref()) })
}

#[derive(askama::Template)]
#[template(path = "admin/events/confirm.html")]
struct ConfirmPage {
    l: Layout,
    question: String,
    action: String,
    back: String,
}

async fn confirm_cancel(State(state): State<AppState>, ctx: Ctx, Path((id, booking)): Path<(i64, i64)>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    let (name, status) = store::booking_of_event(&state.db, id, booking).await?.ok_or(AppError::NotFound)?;
    if status == "cancelled" {
        return Ok(see_other(&format!("/admin/evenements/{id}/inscriptions")));
    }
    let l = layout(&state, &ctx, ctx.tr.t("events-admin-cancel-title")).await?;
    let question = format!("{} ({})", ctx.tr.a("events-admin-cancel-question", "name", &name), event.title);
    html(&ConfirmPage {
        l,
        question,
        action: format!("/admin/evenements/{id}/inscriptions/{booking}/annuler"),
        back: format!("/admin/evenements/{id}/inscriptions"),
    })
}

#[derive(serde::Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, booking)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    manageable(&state, user, id).await?;
    ctx.check_csrf(&f.csrf)?;
    store::booking_of_event(&state.db, id, booking).await?.ok_or(AppError::NotFound)?;
    events::cancel_registration(&state, booking, ctx.now).await?;
    Ok(see_other(&format!("/admin/evenements/{id}/inscriptions?ok=cancelled")))
}
