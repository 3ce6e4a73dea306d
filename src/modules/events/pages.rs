//! Public pages of events: the calendar, an event with its programme and registration form,
//! and a booking's personal page (status, cancellation).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::model::{Availability, Booked, BookingForm, Event, Registration, Slot, Workshop};
use super::notify::Site;
use super::questions;
use super::store;
use crate::core::access;
use crate::core::cache;
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::forms::{self, RawAnswers, view::ItemView};
use crate::core::i18n::Tr;
use crate::core::markup;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::network::{self, Club, public_layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/evenements", get(list))
        .route("/evenements/calendrier.ics", get(feed_all))
        .route("/clubs/{slug}/evenements.ics", get(feed_club))
        .route("/evenements/{slug}", get(show).post(register))
        .route("/evenements/inscription/{token}", get(booking))
        .route("/evenements/inscription/{token}/annuler", get(confirm_cancel).post(cancel))
        .route("/evenements/inscription/{token}/modifier", post(change))
        .route("/evenements/inscription/{token}/retirer", post(cancel_attendee))
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
    /// The cards say whether registration is full, nearly full or closed at this time.
    now: i64,
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
    html(&ListPage { l, upcoming, past, clubs, club: club.map(|c| c.slug).unwrap_or_default(), month, filtered, now: ctx.now })
        .map(|r| cache::mark(r, &[super::EVENTS, cache::SITE]))
}

// ---- calendar feeds ----

fn calendar_response(body: String) -> Response {
    let headers =
        [(axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (axum::http::header::CACHE_CONTROL, "public, max-age=300")];
    cache::mark(axum::response::IntoResponse::into_response((headers, body)), &[super::EVENTS, cache::SITE])
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

// ---- the workshops on a form ----

/// A workshop on the form: its name, time and places left.
struct WorkshopView {
    id: i64,
    label: String,
    places: String,
    full: bool,
    checked: bool,
}

fn workshop_views(tr: &Tr, workshops: &[Workshop], checked: impl Fn(i64) -> bool) -> Vec<WorkshopView> {
    workshops
        .iter()
        .map(|w| {
            let room = if w.room.is_empty() { String::new() } else { format!(", {}", w.room) };
            WorkshopView {
                id: w.id,
                label: format!("{} ({} – {}{room})", w.title, tr.time(w.starts_at), tr.time(w.ends_at)),
                places: if w.remaining() > 0 { tr.n("events-remaining", w.remaining()) } else { tr.t("events-booking-workshop-full") },
                full: w.remaining() == 0,
                checked: checked(w.id),
            }
        })
        .collect()
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
    /// The organiser's questions (the form kit's fields).
    form_fields: Vec<ItemView>,
    workshops: Vec<WorkshopView>,
    summary: Vec<(String, String)>,
    /// Whether an organiser's address receives the accessibility needs.
    needs_routed: bool,
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
    let def = questions::form(&state.db, event.id).await?;
    let form_fields = forms::view::items(&ctx.tr, &def, &RawAnswers::from_fields(&form.answers), &errors.0, "reg-");
    let workshops = workshop_views(&ctx.tr, &store::list_workshops(&state.db, event.id).await?, |id| form.has_workshop(id));
    let summary = forms::view::summary(&ctx.tr, &def, &errors.0);
    let needs_routed = store::organiser_reads_needs(&state.db, &event).await?;
    Ok(EventPage { l, event, description_html, slots, registration, form, errors, form_fields, workshops, summary, needs_routed })
}

#[derive(serde::Deserialize, Default)]
struct EventQuery {
    partenaire: Option<String>,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Query(q): Query<EventQuery>) -> AppResult<Response> {
    let event = public_event(&state, &slug).await?;
    // Every visitor's form needs its own idempotency key: the cache writes one into each copy.
    let mut form = BookingForm::blank(cache::FRESH_TOKEN.to_string());
    form.partner_code = q.partenaire.unwrap_or_default();
    let page = render_event(&state, &ctx, event, form, FormErrors::default()).await?;
    html(&page).map(|mut r| {
        r.extensions_mut().insert(cache::FreshToken);
        cache::mark(r, &[super::EVENTS, cache::SITE])
    })
}

async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (event, def) = store::event_with_form(&state.db, &slug).await?.filter(|(e, _)| e.is_public()).ok_or(AppError::NotFound)?;
    let form = BookingForm::from_pairs(pairs);
    ctx.check_csrf(&form.csrf)?;
    if !event.is_open(ctx.now) {
        return Err(AppError::Conflict("events-registration-refused"));
    }
    if !form.valid_key() {
        return Err(AppError::BadRequest("error-bad-form"));
    }
    let workshops = store::list_workshops(&state.db, event.id).await?;
    let mut booking = match form.parse_for(&def, &workshops) {
        Ok(b) => b,
        Err(e) => {
            let page = render_event(&state, &ctx, event, form, FormErrors(e)).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    booking.lang = ctx.tr.lang().to_string();
    let partner = event.is_partner_code(&form.partner_code);
    match super::book(&state, event.id, &booking, Some(&ctx.ip), partner, ctx.now).await? {
        Booked::New(b) => Ok(see_other(&format!("/evenements/inscription/{}", b.token))),
        Booked::Again { token, .. } => Ok(see_other(&format!("/evenements/inscription/{token}"))),
        Booked::SlotFull(_) => {
            let mut errors = FormErrors::default();
            errors.add("workshops", "events-booking-error-full");
            let page = render_event(&state, &ctx, event, form, errors).await?;
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        // The booking limit per address: the form comes back kept.
        Booked::TooMany { .. } => {
            let mut errors = FormErrors::default();
            errors.add("contact_name", "events-booking-rate-limited");
            let page = render_event(&state, &ctx, event, form, errors).await?;
            html_status(StatusCode::TOO_MANY_REQUESTS, &page)
        }
    }
}

// ---- a booking's personal page ----

#[derive(askama::Template)]
#[template(path = "events/booking.html")]
struct BookingPage {
    l: Layout,
    event: Event,
    booking: super::Booking,
    can_cancel: bool,
    /// The attendees still coming: (id, field name, name as shown in the form).
    attendees: Vec<(i64, String, String)>,
    /// The organiser's questions (the form kit's fields).
    form_fields: Vec<ItemView>,
    /// The answers as stored: (question, answer in words).
    answered: Vec<(String, String)>,
    workshops: Vec<String>,
    errors: FormErrors,
    summary: Vec<(String, String)>,
    changed: bool,
}

/// The booking the access link `token` opens (`access::open`: a refused link is the page that
/// offers to send the person's links again; repeated failures get 429).
async fn find_booking(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<(super::Booking, Event)> {
    let id = access::open(state, &ctx.ip, token, super::ACCESS_SCOPE, ctx.now).await?;
    let booking = store::get_booking(&state.db, id).await?.ok_or(AppError::LinkGone)?;
    let booking = super::Booking { token: token.to_string(), ..booking };
    let event = store::get_event(&state.db, booking.event_id).await?.ok_or(AppError::NotFound)?;
    Ok((booking, event))
}

#[derive(serde::Deserialize, Default)]
struct BookingQuery {
    modifiee: Option<String>,
}

/// The personal page; `sent` holds what was typed when a change came back with errors.
async fn booking_page(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    sent: Option<&[(String, String)]>,
    errors: FormErrors,
    changed: bool,
) -> AppResult<BookingPage> {
    let (booking, event) = find_booking(state, ctx, token).await?;
    let mut l = public_layout(state, ctx, ctx.tr.a("events-booking-title", "event", &event.title)).await?;
    l.section = "events";
    l.noindex = true;
    l.canonical = state.absolute(&event.url());
    let can_cancel = booking.status != "cancelled" && ctx.now < event.starts_at;
    let def = questions::form(&state.db, event.id).await?;
    let (stored, slot_ids) = store::booking_details(&state.db, booking.id).await?;
    let sent_value = |field: &str| sent.and_then(|p| p.iter().rev().find(|(k, _)| k == field)).map(|(_, v)| v.clone());
    let attendees = store::active_attendees(&state.db, booking.id)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let field = format!("name-{id}");
            let value = sent_value(&field).unwrap_or(name);
            (id, field, value)
        })
        .collect();
    let raw = match sent {
        Some(pairs) => RawAnswers::from_fields(pairs),
        None => RawAnswers::from_answers(&stored),
    };
    let form_fields = forms::view::items(&ctx.tr, &def, &raw, &errors.0, "reg-");
    let answered = def
        .questions()
        .filter_map(|q| {
            let t = stored.iter().find(|t| t.question == q.id)?;
            Some((q.label.clone(), forms::view::answer_text(&ctx.tr, &def, q.id, &t.answer)))
        })
        .collect();
    let workshops = store::list_workshops(&state.db, event.id)
        .await?
        .into_iter()
        .filter(|w| slot_ids.contains(&w.id))
        .map(|w| format!("{} ({} – {})", w.title, ctx.tr.time(w.starts_at), ctx.tr.time(w.ends_at)))
        .collect();
    let summary = forms::view::summary(&ctx.tr, &def, &errors.0);
    Ok(BookingPage { l, event, booking, can_cancel, attendees, form_fields, answered, workshops, errors, summary, changed })
}

async fn booking(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Query(q): Query<BookingQuery>) -> AppResult<Response> {
    let page = booking_page(&state, &ctx, &token, None, FormErrors::default(), q.modifiee.is_some()).await?;
    html(&page).map(access::no_store)
}

/// A change of names and answers (never of the number of seats).
async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let csrf = pairs.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
    ctx.check_csrf(csrf)?;
    let (booking, event) = find_booking(&state, &ctx, &token).await?;
    if booking.status == "cancelled" || ctx.now >= event.starts_at {
        return Err(AppError::Conflict("events-booking-change-too-late"));
    }
    let mut errors = vec![];
    let mut names = vec![];
    for (id, _) in store::active_attendees(&state.db, booking.id).await? {
        let field = format!("name-{id}");
        let name = pairs.iter().rev().find(|(k, _)| *k == field).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
        if name.is_empty() || name.chars().count() > 100 {
            errors.push(FieldError { field, message: "events-error-attendee".into() });
        } else {
            names.push((id, name));
        }
    }
    let def = questions::form(&state.db, event.id).await?;
    let answers = match forms::validate(&def, &RawAnswers::from_fields(&pairs)) {
        Ok(a) => a,
        Err(e) => {
            errors.extend(e);
            vec![]
        }
    };
    if !errors.is_empty() {
        let page = booking_page(&state, &ctx, &token, Some(&pairs), FormErrors(errors), false).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page).map(access::no_store);
    }
    store::change_booking(&state.db, &Site::of(&state), booking.id, &names, &answers, ctx.now).await?;
    Ok(see_other(&format!("/evenements/inscription/{token}?modifiee=1")))
}

#[derive(serde::Deserialize)]
struct AttendeeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    attendee: i64,
}

/// Cancel one attendee of the booking (the whole booking when it is the last one).
async fn cancel_attendee(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<AttendeeForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&form.csrf)?;
    let (booking, event) = find_booking(&state, &ctx, &token).await?;
    if ctx.now >= event.starts_at {
        return Err(AppError::Conflict("events-cancel-too-late"));
    }
    super::cancel_attendee_of(&state, booking.id, form.attendee, ctx.now).await?;
    Ok(see_other(&format!("/evenements/inscription/{token}")))
}

// ---- cancelling: a confirmation first ----

/// What cancelling would take away, shown before the person confirms.
#[derive(askama::Template)]
#[template(path = "events/cancel.html")]
struct CancelPage {
    l: Layout,
    event: Event,
    booking: super::Booking,
    /// The workshops chosen, in words.
    workshops: Vec<String>,
}

#[derive(serde::Deserialize)]
struct CancelForm {
    #[serde(default)]
    csrf: String,
    /// "1" once the person confirmed on the confirmation page.
    #[serde(default)]
    confirm: String,
}

/// The booking to cancel, if it can still be: a cancelled one goes back to its page
/// (`Err(redirect)`), one whose event has started is refused.
async fn cancellable(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<Result<(super::Booking, Event), Response>> {
    let (booking, event) = find_booking(state, ctx, token).await?;
    if booking.status == "cancelled" {
        return Ok(Err(see_other(&format!("/evenements/inscription/{token}"))));
    }
    if ctx.now >= event.starts_at {
        return Err(AppError::Conflict("events-cancel-too-late"));
    }
    Ok(Ok((booking, event)))
}

async fn cancel_page(state: &AppState, ctx: &Ctx, booking: super::Booking, event: Event) -> AppResult<Response> {
    let (_, slot_ids) = store::booking_details(&state.db, booking.id).await?;
    let workshops = store::list_workshops(&state.db, event.id)
        .await?
        .into_iter()
        .filter(|w| slot_ids.contains(&w.id))
        .map(|w| format!("{} ({} – {})", w.title, ctx.tr.time(w.starts_at), ctx.tr.time(w.ends_at)))
        .collect();
    let mut l = public_layout(state, ctx, ctx.tr.a("events-cancel-confirm-title", "event", &event.title)).await?;
    l.section = "events";
    l.noindex = true;
    l.canonical = state.absolute(&event.url());
    html(&CancelPage { l, event, booking, workshops }).map(access::no_store)
}

/// The confirmation page: what will be lost, and the button that cancels.
async fn confirm_cancel(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    match cancellable(&state, &ctx, &token).await? {
        Ok((booking, event)) => cancel_page(&state, &ctx, booking, event).await,
        Err(back) => Ok(back),
    }
}

/// Cancel the whole booking once confirmed; a form sent without the confirmation (an old
/// page, a stray submit) gets the confirmation page and changes nothing.
async fn cancel(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Form(form): Form<CancelForm>) -> AppResult<Response> {
    ctx.check_csrf(&form.csrf)?;
    let (booking, event) = match cancellable(&state, &ctx, &token).await? {
        Ok(found) => found,
        Err(back) => return Ok(back),
    };
    if form.confirm != "1" {
        return cancel_page(&state, &ctx, booking, event).await;
    }
    store::cancel_booking(&state.db, &Site::of(&state), booking.id, ctx.now).await?;
    Ok(see_other(&format!("/evenements/inscription/{token}")))
}
