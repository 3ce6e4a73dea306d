//! The organisers' back office: their events, the event editor, registrations with their
//! exports and the attendance sheet, messages to the people registered.
//!
//! Organisers of an event are the people who may publish for its club
//! (`Principal::can_publish(event.club_id)`): another club's event is a 403, a missing one a
//! 404, a visitor who is not signed in goes to the sign-in page. Every POST checks the CSRF
//! token. Bookings only change through `events::cancel_registration` and `events::set_capacity`, so the
//! capacity guarantee stays where it is enforced.

mod dashboard;
mod exports;
mod form;
mod messages;
mod programme;
mod questions;
mod registrations;
mod sheet;
mod store;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub use self::dashboard::dashboard;
use self::form::EventForm;
use self::store::EventRow;
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::Tr;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::events::{self, Event};
use crate::modules::network::{self, Club};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/evenements", get(list))
        .route("/admin/evenements/nouveau", get(new).post(create))
        .route("/admin/evenements/{id}", get(edit).post(update))
        .merge(registrations::routes())
        .merge(exports::routes())
        .merge(messages::routes())
        .merge(questions::routes())
        .merge(programme::routes())
        .merge(sheet::routes())
}

/// A back-office page of this section.
async fn layout(state: &AppState, ctx: &Ctx, title: String) -> AppResult<Layout> {
    Ok(network::admin_layout(state, ctx, title, "events-admin").await?)
}

/// An event this person may manage: 404 if there is none, 403 if it is another club's.
async fn manageable(state: &AppState, user: &Principal, id: i64) -> AppResult<Event> {
    let event = events::get_event(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !user.can_publish(event.club_id) {
        return Err(AppError::Forbidden);
    }
    Ok(event)
}

/// The message of a `?ok=` flag after a redirect (only known flags).
fn flash(tr: &Tr, ok: Option<&str>) -> Option<String> {
    let key = match ok? {
        "saved" => "admin-flash-saved",
        "created" => "events-admin-flash-created",
        "cancelled" => "events-admin-flash-cancelled",
        "already" => "events-admin-flash-already-sent",
        _ => return None,
    };
    Some(tr.t(key))
}

/// `?ok=` after a redirect.
#[derive(serde::Deserialize, Default)]
struct FlashQuery {
    ok: Option<String>,
}

/// The status's message key.
fn status_key(status: &str) -> &'static str {
    match status {
        "published" => "events-admin-status-published",
        "cancelled" => "events-admin-status-cancelled",
        _ => "events-admin-status-draft",
    }
}

// ---- the list ----

#[derive(askama::Template)]
#[template(path = "admin/events/list.html")]
struct ListPage {
    l: Layout,
    upcoming: Vec<EventRow>,
    past: Vec<EventRow>,
    flash: Option<String>,
}

impl ListPage {
    fn status_key(&self, status: &str) -> &'static str {
        status_key(status)
    }
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let clubs = user.publishing_clubs();
    let rows = store::list_events(&state.db, clubs.as_deref()).await?;
    let (mut upcoming, past): (Vec<_>, Vec<_>) = rows.into_iter().partition(|e| e.ends_at >= ctx.now);
    upcoming.reverse();
    let l = layout(&state, &ctx, ctx.tr.t("events-admin-title")).await?;
    html(&ListPage { l, upcoming, past, flash: flash(&ctx.tr, q.ok.as_deref()) })
}

// ---- the editor ----

#[derive(askama::Template)]
#[template(path = "admin/events/edit.html")]
struct EditPage {
    l: Layout,
    event: Option<Event>,
    form: EventForm,
    errors: FormErrors,
    clubs: Vec<Club>,
    national_allowed: bool,
    partner_link: Option<String>,
    /// The site's time zone, which the dates are typed in.
    zone: String,
    flash: Option<String>,
    /// Someone else saved the event while this form was open: nothing was saved, and these
    /// are their values (field name, value) where they differ from what was typed.
    stale: Option<Vec<(&'static str, String)>>,
}

impl EditPage {
    /// The error summary's lines, each message after its field's label.
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| self.label(f))
    }

    /// The label of a field, for the error summary.
    fn label(&self, field: &str) -> String {
        let key = match field {
            "title" => "admin-field-title",
            "slug" => "admin-field-slug",
            "club_id" => "admin-field-club",
            "summary" => "events-admin-field-summary",
            "description" => "events-admin-field-description",
            "starts_at" => "events-admin-field-starts",
            "ends_at" => "events-admin-field-ends",
            "place_name" => "events-admin-field-place",
            "address" => "events-admin-field-address",
            "online_url" => "events-admin-field-online",
            "theme" => "events-admin-field-theme",
            "capacity" => "events-admin-field-capacity",
            "opens_at" => "events-admin-field-opens",
            "closes_at" => "events-admin-field-closes",
            "waitlist" => "events-admin-field-waitlist",
            "offer_hours" => "events-admin-field-offer-hours",
            "partner_seats" => "events-admin-field-partner-seats",
            "contact_email" => "events-admin-field-contact",
            "reminder_hours" => "events-admin-field-reminder",
            "retention_days" => "events-admin-field-retention",
            "status" => "events-admin-field-status",
            _ => "events-admin-field-id-required",
        };
        self.l.t(key)
    }

    fn status_key(&self, status: &str) -> &'static str {
        status_key(status)
    }

    /// A saved value as the stale notice shows it: a status or choice by its label.
    fn shown(&self, field: &str, value: &str) -> String {
        match field {
            "status" => self.l.t(status_key(value)),
            "id_required" if value.is_empty() => self.l.t("events-admin-stale-no"),
            "id_required" => self.l.t("events-admin-stale-yes"),
            "waitlist" if value == "offer" => self.l.t("events-admin-waitlist-offer"),
            "waitlist" => self.l.t("events-admin-waitlist-auto"),
            "club_id" if value.is_empty() => self.l.t("admin-network-wide"),
            "club_id" => self.clubs.iter().find(|c| c.id.to_string() == value).map(|c| c.name.clone()).unwrap_or_else(|| value.into()),
            _ => value.into(),
        }
    }
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    user: &Principal,
    event: Option<Event>,
    form: EventForm,
    errors: FormErrors,
) -> AppResult<EditPage> {
    let title = match &event {
        Some(e) => ctx.tr.a("events-admin-edit-title", "title", &e.title),
        None => ctx.tr.t("events-admin-new"),
    };
    let l = layout(state, ctx, title).await?;
    let clubs = network::list_clubs(&state.db).await?.into_iter().filter(|c| user.can_publish(Some(c.id))).collect();
    let partner_link = event
        .as_ref()
        .filter(|e| e.partner_seats > 0)
        .map(|e| state.absolute(&format!("/evenements/{}?partenaire={}", e.slug, e.partner_code)));
    let zone = state.tz.iana_name().unwrap_or("UTC").to_string();
    Ok(EditPage { l, event, form, errors, clubs, national_allowed: user.is_network_admin(), partner_link, zone, flash: None, stale: None })
}

async fn new(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.staff()?;
    let club = user.publishing_clubs().and_then(|c| c.first().copied());
    let form = EventForm::blank(club, &user.email);
    html(&edit_page(&state, &ctx, user, None, form, FormErrors::default()).await?)
}

async fn edit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    let form = EventForm::of(&event, &ctx.tr);
    let mut page = edit_page(&state, &ctx, user, Some(event), form, FormErrors::default()).await?;
    page.flash = flash(&ctx.tr, q.ok.as_deref());
    html(&page)
}

/// Network-wide events are for the network's administrators only.
fn club_allowed(user: &Principal, club: Option<i64>) -> bool {
    match club {
        None => user.is_network_admin(),
        Some(c) => user.can_publish(Some(c)),
    }
}

async fn create(State(state): State<AppState>, ctx: Ctx, Form(form): Form<EventForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&form.csrf)?;
    let mut errors = FormErrors::default();
    let taken = store::slug_taken(&state.db, &form.effective_slug(), None).await?;
    let input = match form.check(|s| ctx.tr.parse_input_datetime(s), |c| club_allowed(user, c), taken) {
        Ok(i) => Some(i),
        Err(e) => {
            errors.0.extend(e);
            None
        }
    };
    if let Some(c) = input.as_ref().and_then(|i| i.club_id)
        && crate::modules::network::get_club(&state.db, c).await?.is_none()
    {
        errors.add("club_id", "events-admin-error-club");
    }
    let input = match input {
        Some(i) if errors.is_empty() => i,
        _ => return html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, None, form, errors).await?),
    };
    match super::store::insert_event(&state.db, &input, Some(user.user_id), ctx.now).await {
        Ok(id) => Ok(see_other(&format!("/admin/evenements/{id}?ok=created"))),
        Err(e) => {
            errors.0.push(AppError::taken(e)?);
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, None, form, errors).await?)
        }
    }
}

/// Save the event in one transaction under its lock (`events::store::update_event`): a
/// capacity or partner places below the places taken are refused and nothing is saved; freed
/// places go to the waiting list.
async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<EventForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    // Opened on another version: someone saved meanwhile. Nothing is saved; the form comes
    // back with what was typed and the other person's values.
    let expected = form.version();
    if expected.is_some_and(|v| v != event.version) {
        return stale(&state, &ctx, user, event, form).await;
    }
    let mut errors = FormErrors::default();
    let taken = store::slug_taken(&state.db, &form.effective_slug(), Some(id)).await?;
    let input = match form.check(|s| ctx.tr.parse_input_datetime(s), |c| c == event.club_id || club_allowed(user, c), taken) {
        Ok(i) => Some(i),
        Err(e) => {
            errors.0.extend(e);
            None
        }
    };
    if let Some(i) = &input {
        if let Some(c) = i.club_id
            && crate::modules::network::get_club(&state.db, c).await?.is_none()
        {
            errors.add("club_id", "events-admin-error-club");
        }
        if i.capacity < event.registered {
            errors.add("capacity", "events-admin-error-capacity-below");
        }
        if i.partner_seats < event.partner_registered {
            errors.add("partner_seats", "events-admin-error-partner-below");
        }
    }
    let input = match input {
        Some(i) if errors.is_empty() => i,
        _ => return html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, Some(event), form, errors).await?),
    };
    match events::update_event_from(&state, id, &input, expected, ctx.now).await? {
        events::EventUpdate::Saved => Ok(see_other(&format!("/admin/evenements/{id}?ok=saved"))),
        events::EventUpdate::Stale => {
            let event = manageable(&state, user, id).await?;
            stale(&state, &ctx, user, event, form).await
        }
        events::EventUpdate::SeatsTaken => {
            // Bookings taken meanwhile: refused, nothing saved.
            errors.add("capacity", "events-admin-error-capacity-below");
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, Some(event), form, errors).await?)
        }
        events::EventUpdate::SlugTaken => {
            errors.add("slug", "field-slug-taken");
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, Some(event), form, errors).await?)
        }
    }
}

/// The form of a save started from an older version of `event` (409): what was typed is
/// kept, a notice lists the other person's values where they differ, and the hidden version
/// becomes the current one, so that saving again is a deliberate choice.
async fn stale(state: &AppState, ctx: &Ctx, user: &Principal, event: Event, mut form: EventForm) -> AppResult<Response> {
    let saved = EventForm::of(&event, &ctx.tr);
    let differences = form.differences(&saved);
    form.version = saved.version;
    let mut page = edit_page(state, ctx, user, Some(event), form, FormErrors::default()).await?;
    page.stale = Some(differences);
    html_status(StatusCode::CONFLICT, &page)
}
