//! Public pages of events: the calendar, an event with its programme and registration form,
//! and a booking's personal page (status, cancellation).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use super::model::{BookingForm, Event, Registration, Slot};
use super::store;
use crate::core::auth;
use crate::core::error::{AppError, AppResult};
use crate::core::markup;
use crate::core::web::{html, html_status, see_other, AppState, Ctx, Form, FormErrors, Layout, Query};
use crate::modules::network::{self, public_layout, Club};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/evenements", get(list))
        .route("/evenements/calendrier.ics", get(feed_all))
        .route("/clubs/{slug}/evenements.ics", get(feed_club))
        .route("/evenements/{slug}", get(show).post(register))
        .route("/evenements/inscription/{token}", get(booking))
        .route("/evenements/inscription/{token}/annuler", post(cancel))
}

// ---- the calendar ----

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    club: Option<String>,
    mois: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "events/list.html")]
struct ListPage {
    l: Layout,
    upcoming: Vec<Event>,
    past: Vec<Event>,
    clubs: Vec<Club>,
    club: String,
    month: String,
    filtered: bool,
}

/// "2026-12" -> the first second of that month and of the next, in the site's time zone.
fn month_range(tz: &jiff::tz::TimeZone, s: &str) -> Option<(i64, i64)> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m) = (y.parse::<i16>().ok()?, m.parse::<i8>().ok()?);
    let start = jiff::civil::Date::new(y, m, 1).ok()?;
    let end = start.checked_add(jiff::Span::new().months(1)).ok()?;
    let ts = |d: jiff::civil::Date| d.to_zoned(tz.clone()).ok().map(|z| z.timestamp().as_second());
    Some((ts(start)?, ts(end)?))
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let clubs = network::list_clubs(&state.db).await?;
    let club = clubs.iter().find(|c| Some(c.slug.as_str()) == q.club.as_deref()).cloned();
    let range = q.mois.as_deref().and_then(|m| month_range(ctx.tr.tz(), m));
    let (from, to) = range.unwrap_or((i64::MIN / 2, i64::MAX / 2));
    let club_id = club.as_ref().map(|c| c.id);
    let upcoming = store::list_upcoming(&state.db, ctx.now.max(from), to, club_id, 200).await?;
    let past = store::list_past(&state.db, ctx.now, from, to, club_id, 30).await?;
    let mut l = public_layout(&state, &ctx, ctx.tr.t("events-title")).await?;
    l.section = "events";
    l.description = ctx.tr.t("events-intro");
    let month = if range.is_some() { q.mois.unwrap_or_default() } else { String::new() };
    let filtered = club.is_some() || !month.is_empty();
    html(&ListPage { l, upcoming, past, clubs, club: club.map(|c| c.slug).unwrap_or_default(), month, filtered })
}

// ---- calendar feeds ----

fn calendar_response(body: String) -> Response {
    let headers = [
        (axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
        (axum::http::header::CACHE_CONTROL, "public, max-age=300"),
    ];
    axum::response::IntoResponse::into_response((headers, body))
}

async fn feed(state: &AppState, name: &str, club_id: Option<i64>, now: i64) -> AppResult<Response> {
    let site = super::notify::Site::of(state);
    let events = store::list_for_feed(&state.db, club_id, 1000).await?;
    let items: Vec<_> = events.iter().map(|e| super::notify::feed_event(&site, e, now)).collect();
    Ok(calendar_response(super::ical::calendar(Some(name), None, &items)))
}

/// All public events, as an iCalendar feed.
async fn feed_all(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let name = ctx.tr.t("events-title");
    feed(&state, &name, None, ctx.now).await
}

/// One club's public events, as an iCalendar feed.
async fn feed_club(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let club = network::get_club_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    feed(&state, &club.name, Some(club.id), ctx.now).await
}

// ---- an event ----

#[derive(askama::Template)]
#[template(path = "events/event.html")]
struct EventPage {
    l: Layout,
    event: Event,
    description_html: String,
    slots: Vec<Slot>,
    registration: Registration,
    form: BookingForm,
    errors: FormErrors,
}

/// A published (or cancelled) event; drafts are not public.
async fn public_event(state: &AppState, slug: &str) -> AppResult<Event> {
    let event = store::get_event_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if event.is_public() { Ok(event) } else { Err(AppError::NotFound) }
}

async fn render_event(state: &AppState, ctx: &Ctx, event: Event, form: BookingForm, errors: FormErrors) -> AppResult<EventPage> {
    let mut l = public_layout(state, ctx, event.title.clone()).await?;
    l.section = "events";
    l.description = event.summary.clone();
    l.canonical = state.absolute(&event.url());
    let slots = store::list_slots(&state.db, event.id).await?;
    let description_html = markup::render("markdown", &event.description);
    let registration = event.registration(ctx.now);
    Ok(EventPage { l, event, description_html, slots, registration, form, errors })
}

#[derive(serde::Deserialize, Default)]
struct EventQuery {
    partenaire: Option<String>,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Query(q): Query<EventQuery>) -> AppResult<Response> {
    let event = public_event(&state, &slug).await?;
    let mut form = BookingForm::blank(auth::random_token());
    form.partner_code = q.partenaire.unwrap_or_default();
    let page = render_event(&state, &ctx, event, form, FormErrors::default()).await?;
    html(&page)
}

async fn register(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Form(pairs): Form<Vec<(String, String)>>) -> AppResult<Response> {
    let event = public_event(&state, &slug).await?;
    let form = BookingForm::from_pairs(pairs);
    ctx.check_csrf(&form.csrf)?;
    if !event.is_open(ctx.now) {
        return Err(AppError::Conflict("events-registration-refused"));
    }
    if !form.valid_key() {
        return Err(AppError::BadRequest("error-bad-form"));
    }
    let booking = match form.parse() {
        Ok(b) => b,
        Err(e) => {
            let page = render_event(&state, &ctx, event, form, FormErrors(e)).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    // The booking limit per address (see `api::check_booking_rate`): the form comes back kept.
    match super::api::check_booking_rate(&state.db, &ctx.ip, event.id, &booking.idempotency_key, ctx.now).await {
        Err(AppError::TooManyRequests { .. }) => {
            let mut errors = FormErrors::default();
            errors.add("contact_name", "events-booking-rate-limited");
            let page = render_event(&state, &ctx, event, form, errors).await?;
            return html_status(StatusCode::TOO_MANY_REQUESTS, &page);
        }
        other => other?,
    }
    let (token, _) = if event.is_partner_code(&form.partner_code) {
        super::register_partner(&state, event.id, &booking, ctx.now).await?
    } else {
        super::register(&state, event.id, &booking, ctx.now).await?
    };
    Ok(see_other(&format!("/evenements/inscription/{token}")))
}

// ---- a booking's personal page ----

#[derive(askama::Template)]
#[template(path = "events/booking.html")]
struct BookingPage {
    l: Layout,
    event: Event,
    booking: super::Booking,
    can_cancel: bool,
}

async fn find_booking(state: &AppState, token: &str) -> AppResult<(super::Booking, Event)> {
    let booking = store::get_booking(&state.db, token).await?.ok_or(AppError::NotFound)?;
    let event = store::get_event(&state.db, booking.event_id).await?.ok_or(AppError::NotFound)?;
    Ok((booking, event))
}

async fn booking(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let (booking, event) = find_booking(&state, &token).await?;
    let mut l = public_layout(&state, &ctx, ctx.tr.a("events-booking-title", "event", &event.title)).await?;
    l.section = "events";
    l.noindex = true;
    l.canonical = state.absolute(&event.url());
    let can_cancel = booking.status != "cancelled" && ctx.now < event.starts_at;
    html(&BookingPage { l, event, booking, can_cancel })
}

#[derive(serde::Deserialize)]
struct CancelForm {
    #[serde(default)]
    csrf: String,
}

async fn cancel(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Form(form): Form<CancelForm>) -> AppResult<Response> {
    ctx.check_csrf(&form.csrf)?;
    let (_, event) = find_booking(&state, &token).await?;
    if ctx.now >= event.starts_at {
        return Err(AppError::Conflict("events-cancel-too-late"));
    }
    super::cancel(&state, &token, ctx.now).await?;
    Ok(see_other(&format!("/evenements/inscription/{token}")))
}
