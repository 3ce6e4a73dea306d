//! Exports of the registrations, one row per attendee with the booking's columns and the
//! answers: CSV for French spreadsheet software (UTF-8 with a BOM, `;` between fields, formula
//! injection neutralised) and XLSX (rust_xlsxwriter, cells written as text).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::manageable;
use super::store::{self, BookingRow};
use crate::core::audit::{self, Subject};
use crate::core::error::AppResult;
use crate::core::export;
use crate::core::i18n::Tr;
use crate::core::web::{AppState, Ctx};
use crate::modules::events::questions;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/evenements/{id}/inscriptions.csv", get(csv)).route("/admin/evenements/{id}/inscriptions.xlsx", get(xlsx))
}

/// The header row and one row per attendee of the active bookings (confirmed, offered and
/// waiting; cancelled bookings are not exported).
pub fn table(tr: &Tr, bookings: &[BookingRow], questions: &[questions::Question]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut head: Vec<String> = [
        "events-admin-col-booking",
        "events-admin-col-state",
        "events-admin-col-position",
        "events-admin-col-attendee",
        "events-admin-col-contact",
        "events-admin-col-email",
        "events-admin-col-seats",
        "events-admin-col-accessibility",
        "events-admin-col-partner",
        "events-admin-col-date",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    head.extend(questions.iter().map(|q| q.label.clone()));
    let mut rows = vec![];
    for b in bookings.iter().filter(|b| b.status != "cancelled") {
        let state = tr.t(match b.state() {
            "confirmed" => "events-admin-state-confirmed",
            "offered" => "events-admin-state-offered",
            _ => "events-admin-state-waiting",
        });
        let people: Vec<&str> =
            if b.attendees.is_empty() { vec![b.contact_name.as_str()] } else { b.attendees.iter().map(String::as_str).collect() };
        for name in people {
            let mut row = vec![
                b.id.to_string(),
                state.clone(),
                b.waiting_position.map(|p| p.to_string()).unwrap_or_default(),
                name.to_string(),
                b.contact_name.clone(),
                b.email.clone(),
                b.seats.to_string(),
                b.accessibility.clone(),
                tr.t(if b.partner { "events-admin-yes" } else { "events-admin-no" }),
                tr.input_datetime(b.created_at).replace('T', " "),
            ];
            for q in questions {
                row.push(b.answers.iter().find(|(label, _)| *label == q.label).map(|(_, v)| v.clone()).unwrap_or_default());
            }
            rows.push(row);
        }
    }
    (head, rows)
}

async fn data(state: &AppState, ctx: &Ctx, id: i64, format: &str) -> AppResult<(String, Vec<String>, Vec<Vec<String>>)> {
    let user = ctx.staff()?;
    let event = manageable(state, user, id).await?;
    let bookings = store::list_bookings(&state.db, id, &ctx.tr).await?;
    let questions = questions::list(&state.db, id).await?;
    let (head, rows) = table(&ctx.tr, &bookings, &questions);
    let detail = format!("format={format} rows={}", rows.len());
    audit::record(&state.db, ctx, "events.registrations.export", &Subject::new("event", id, &event.title), &detail).await?;
    Ok((event.slug, head, rows))
}

async fn csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (slug, head, rows) = data(&state, &ctx, id, "csv").await?;
    Ok(export::attachment(export::CSV, &format!("inscriptions-{slug}.csv"), export::to_csv(&head, &rows).into_bytes()))
}

async fn xlsx(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (slug, head, rows) = data(&state, &ctx, id, "xlsx").await?;
    let bytes = export::xlsx(&ctx.tr.t("events-admin-sheet"), head, rows).await?;
    Ok(export::attachment(export::XLSX, &format!("inscriptions-{slug}.xlsx"), bytes))
}
