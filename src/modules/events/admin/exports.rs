//! Exports of the registrations, one row per attendee with the booking's columns and the
//! answers: CSV for French spreadsheet software (UTF-8 with a BOM, `;` between fields, formula
//! injection neutralised) and XLSX (rust_xlsxwriter, cells written as text).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::manageable;
use super::store::{self, BookingRow};
use crate::core::audit::{self, Subject};
use crate::core::error::{AppError, AppResult};
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

/// A cell that a spreadsheet would read as a formula gets a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() }
}

/// `;`-separated, quoted when needed, CRLF line ends, with a UTF-8 BOM (what French
/// spreadsheet software expects to open a file directly).
pub fn to_csv(head: &[String], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| {
                let c = neutralise(c);
                if c.contains([';', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c }
            })
            .collect::<Vec<_>>()
            .join(";")
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&line(head));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&line(r));
        out.push_str("\r\n");
    }
    out
}

fn attachment(content_type: &'static str, filename: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
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
    Ok(attachment("text/csv; charset=utf-8", format!("inscriptions-{slug}.csv"), to_csv(&head, &rows).into_bytes()))
}

async fn xlsx(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (slug, head, rows) = data(&state, &ctx, id, "xlsx").await?;
    let bytes = tokio::task::spawn_blocking(move || workbook(&head, &rows)).await.map_err(|e| AppError::Internal(e.into()))?;
    let bytes = bytes.map_err(|e| AppError::Internal(anyhow::anyhow!("xlsx: {e}")))?;
    Ok(attachment("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format!("inscriptions-{slug}.xlsx"), bytes))
}

/// One sheet, a bold header row, every cell as text (no formula is ever written).
fn workbook(head: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet();
    for (c, h) in head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string((r + 1) as u32, c as u16, v)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        let head = vec!["Nom".to_string(), "Réponse".to_string()];
        let rows = vec![vec!["=HYPERLINK(\"x\")".to_string(), "a;b".to_string()], vec!["-2".to_string(), "Élise".to_string()]];
        let out = to_csv(&head, &rows);
        assert!(out.starts_with("\u{feff}Nom;Réponse\r\n"));
        assert!(out.contains("\"'=HYPERLINK(\"\"x\"\")\";\"a;b\"\r\n"));
        assert!(out.contains("'-2;Élise\r\n"));
    }
}
