//! Messages from the organiser to the confirmed attendees, the waiting list or both: one
//! e-mail per active booking, queued in the transaction that records the message. The form's
//! hidden idempotency key makes a double submit send nothing twice.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::store::{self, MessageRow, Outgoing};
use super::{flash, layout, manageable};
use crate::core::auth::{self, Principal};
use crate::core::error::{AppResult, too_long};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::events::Event;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/evenements/{id}/messages", get(show).post(send))
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
struct MessageForm {
    csrf: String,
    key: String,
    audience: String,
    subject: String,
    body: String,
}

impl MessageForm {
    fn valid_key(&self) -> bool {
        (16..=64).contains(&self.key.len()) && self.key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    fn check(&self) -> FormErrors {
        let mut errors = FormErrors::default();
        if !["confirmed", "waiting", "all"].contains(&self.audience.as_str()) {
            errors.add("audience", "events-admin-error-audience");
        }
        let subject = self.subject.trim();
        if subject.is_empty() {
            errors.add("subject", "field-required");
        } else if subject.chars().count() > 200 {
            errors.add("subject", &too_long(subject.chars().count(), 200));
        } else if subject.contains(['\r', '\n']) {
            errors.add("subject", "field-too-long");
        }
        if self.body.trim().is_empty() {
            errors.add("body", "field-required");
        } else if self.body.chars().count() > 20_000 {
            errors.add("body", &too_long(self.body.chars().count(), 20_000));
        }
        errors
    }
}

#[derive(serde::Deserialize, Default)]
struct FlashQuery {
    ok: Option<String>,
    n: Option<i64>,
}

#[derive(askama::Template)]
#[template(path = "admin/events/messages.html")]
struct MessagesPage {
    l: Layout,
    event: Event,
    form: MessageForm,
    errors: FormErrors,
    history: Vec<MessageRow>,
    flash: Option<String>,
}

impl MessagesPage {
    fn audience_key(&self, audience: &str) -> &'static str {
        match audience {
            "confirmed" => "events-admin-audience-confirmed",
            "waiting" => "events-admin-audience-waiting",
            _ => "events-admin-audience-all",
        }
    }

    /// The error summary's lines, each message after its field's label.
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| self.label(f))
    }

    fn label(&self, field: &str) -> String {
        self.l.t(match field {
            "audience" => "events-admin-field-audience",
            "subject" => "events-admin-field-subject",
            _ => "events-admin-field-body",
        })
    }
}

async fn page(state: &AppState, ctx: &Ctx, event: Event, form: MessageForm, errors: FormErrors) -> AppResult<MessagesPage> {
    let l = layout(state, ctx, ctx.tr.a("events-admin-messages-title", "title", &event.title)).await?;
    let history = store::list_messages(&state.db, event.id).await?;
    Ok(MessagesPage { l, event, form, errors, history, flash: None })
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    let form = MessageForm { key: auth::random_token(), audience: "confirmed".into(), ..Default::default() };
    let mut p = page(&state, &ctx, event, form, FormErrors::default()).await?;
    p.flash = match q.ok.as_deref() {
        Some("sent") => Some(ctx.tr.n("events-admin-flash-sent", q.n.unwrap_or(0))),
        other => flash(&ctx.tr, other),
    };
    html(&p)
}

/// The e-mail's text: the organiser's words, then where to see or cancel the booking.
fn text(state: &AppState, event: &Event, user: &Principal, body: &str, token: &str) -> String {
    format!(
        "{}\n\n-- \n{} : {}\nMessage envoyé par {} pour l’événement « {} ».\nVotre inscription, pour la consulter ou l’annuler :\n{}\n",
        body.trim_end(),
        event.title,
        state.absolute(&event.url()),
        user.name,
        event.title,
        state.absolute(&format!("/evenements/inscription/{token}")),
    )
}

async fn send(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<MessageForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    let mut errors = form.check();
    if !form.valid_key() {
        errors.add("subject", "error-bad-form");
    }
    if !errors.is_empty() {
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, event, form, errors).await?);
    }
    let m = Outgoing {
        event_id: id,
        key: &form.key,
        audience: &form.audience,
        subject: form.subject.trim(),
        body: &form.body,
        sent_by: user.user_id,
    };
    let sent = store::send_message(
        &state.db,
        &crate::core::access::Links::of(&state),
        &m,
        |token| text(&state, &event, user, &form.body, token),
        ctx.now,
    )
    .await?;
    Ok(match sent {
        Some(n) => see_other(&format!("/admin/evenements/{id}/messages?ok=sent&n={n}")),
        None => see_other(&format!("/admin/evenements/{id}/messages?ok=already")),
    })
}
