//! JSON API v1 of the events: the public calendar, an event with its programme and places
//! left, anonymous booking (with an idempotency key, the same checks as the form and the
//! per-address booking limit), a booking read and cancelled by its personal token; and, with
//! an organiser's API token (`can_publish` for the event's club), creating an event, changing
//! it (the capacity only through `events::set_capacity`) and listing its registrations.
//!
//! The `{slug}` of the organiser routes also accepts the event's numeric id.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use serde_json::{Value, json};
use sqlx::Row;

use super::model::{Booked, Booking, BookingForm, Event, EventDraft, EventInput, MAX_SEATS, Registration, Slot, TypedTime};
use super::questions::{self, Question};
use super::store;
use crate::core::api::{self, ApiUser, Endpoint, Paging, doc};
use crate::core::audit;
use crate::core::auth::{self, Principal};
use crate::core::db::Db;
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::forms::{self, FormDef, RawAnswers, Typed, store as form_store};
use crate::core::i18n::Tr;
use crate::core::markup;
use crate::core::web::{AppState, Ctx, Json, Query};
use crate::modules::network;

// ---- routes and their description ----

/// Every route of the events API with its OpenAPI operation.
pub fn endpoints() -> Vec<Endpoint> {
    let one = || vec![doc::slug_param()];
    let token = || {
        vec![
            json!({ "name": "token", "in": "path", "required": true, "description": "The booking's personal token", "schema": { "type": "string" } }),
        ]
    };
    let mut list_params = doc::paging_params();
    list_params
        .push(json!({ "name": "club", "in": "query", "description": "Only this club's events (slug)", "schema": { "type": "string" } }));
    list_params.push(json!({ "name": "from", "in": "query", "description": "Events ending at or after this time (default: now, so upcoming events)", "schema": { "type": "string", "format": "date-time" } }));
    list_params.push(json!({ "name": "to", "in": "query", "description": "Events starting before this time", "schema": { "type": "string", "format": "date-time" } }));
    let mut book = json!({
        "summary": "Book seats (anonymous); safe to retry with the same Idempotency-Key",
        "parameters": [doc::slug_param(), { "name": "Idempotency-Key", "in": "header", "description": "16 to 64 letters, digits, - or _; the same key returns the first booking (200)", "schema": { "type": "string" } }],
        "security": [],
        "requestBody": { "required": true, "content": { "application/json": { "schema": doc::schema_ref("BookingInput") } } },
        "responses": {
            "201": doc::ok("Booked: confirmed or on the waiting list (Location: the booking's API URL)", doc::schema_ref("Booking")),
            "200": doc::ok("The booking made earlier with the same idempotency key", doc::schema_ref("Booking")),
            "400": doc::error_ref("Malformed JSON or wrong types; `detail` says where"),
            "404": doc::error_ref("No such public event"),
            "409": doc::error_ref("Registration is not open"),
            "422": doc::error_ref("Invalid fields; `fields` lists each field and a message"),
            "429": doc::error_ref("Too many bookings from this address (Retry-After: seconds)"),
        }
    });
    book["responses"]["429"]["headers"] = json!({ "Retry-After": { "schema": { "type": "integer" } } });
    let mut registrations = doc::write(
        "The event's registrations (organisers)",
        [one(), doc::paging_params()].concat(),
        None,
        ("200", doc::ok("A page of registrations, oldest first", doc::list_of("Registration"))),
    );
    registrations["responses"].as_object_mut().map(|r| r.remove("422"));
    let mut patch_doc = doc::write(
        "Change an event (organisers); the capacity never goes below the confirmed seats",
        one(),
        Some("EventPatch"),
        ("200", doc::ok("The event", doc::schema_ref("Event"))),
    );
    patch_doc["responses"]["409"] = doc::error_ref("The new capacity is below the seats already confirmed");
    vec![
        Endpoint {
            method: "get",
            path: "/api/v1/events",
            handler: get(list_events),
            doc: doc::read("Public events, upcoming first", list_params, doc::ok("A page of events", doc::list_of("EventSummary")), false),
        },
        Endpoint {
            method: "post",
            path: "/api/v1/events",
            handler: post(create_event),
            doc: doc::write(
                "Create an event (organisers)",
                vec![],
                Some("EventInput"),
                ("201", doc::ok("The created event (Location header: its API URL)", doc::schema_ref("Event"))),
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/events/{slug}",
            handler: get(show_event),
            doc: doc::read(
                "A public event with its programme and places left",
                one(),
                doc::ok("The event", doc::schema_ref("Event")),
                true,
            ),
        },
        Endpoint { method: "patch", path: "/api/v1/events/{slug}", handler: patch(update_event), doc: patch_doc },
        Endpoint { method: "post", path: "/api/v1/events/{slug}/registrations", handler: post(register), doc: book },
        Endpoint { method: "get", path: "/api/v1/events/{slug}/registrations", handler: get(list_registrations), doc: registrations },
        Endpoint {
            method: "get",
            path: "/api/v1/registrations/{token}",
            handler: get(show_booking),
            doc: json!({ "summary": "A booking, by its personal token", "parameters": token(), "security": [],
                "responses": { "200": doc::ok("The booking", doc::schema_ref("Booking")), "404": doc::error_ref("No such booking") } }),
        },
        Endpoint {
            method: "delete",
            path: "/api/v1/registrations/{token}",
            handler: axum::routing::delete(cancel_booking),
            doc: json!({ "summary": "Cancel a booking by its personal token (the waiting list moves up)", "parameters": token(), "security": [],
                "responses": { "200": doc::ok("The cancelled booking", doc::schema_ref("Booking")), "404": doc::error_ref("No such booking"),
                    "409": doc::error_ref("The event has started: too late to cancel") } }),
        },
    ]
}

/// The schemas the events endpoints refer to.
pub fn schemas() -> Value {
    let club = json!({ "type": ["object", "null"], "properties": { "slug": { "type": "string" }, "name": { "type": "string" } } });
    let ts = json!({ "type": "string", "format": "date-time" });
    let ts_or_null = json!({ "type": ["string", "null"], "format": "date-time" });
    let summary = json!({
        "id": { "type": "integer" }, "slug": { "type": "string" }, "title": { "type": "string" }, "summary": { "type": "string" },
        "url": { "type": "string", "format": "uri" }, "club": club, "starts_at": ts, "ends_at": ts,
        "place_name": { "type": "string" }, "address": { "type": "string" }, "online_url": { "type": "string" }, "theme": { "type": "string" },
        "status": { "type": "string", "enum": ["draft", "published", "cancelled"] },
        "capacity": { "type": "integer" }, "registered": { "type": "integer", "description": "Confirmed seats" },
        "waiting": { "type": "integer", "description": "Bookings on the waiting list" },
        "places_left": { "type": "integer", "description": "Seats a new booking could take now (0 while people wait)" },
        "registration": { "type": "string", "enum": ["open", "not_yet_open", "closed", "cancelled"] },
        "registration_opens_at": ts_or_null, "registration_closes_at": ts_or_null
    });
    let person = json!({ "type": "object", "properties": { "name": { "type": "string" }, "title": { "type": "string" }, "organisation": { "type": "string" } } });
    let mut full = summary.clone();
    if let Some(m) = full.as_object_mut() {
        m.insert("description_html".into(), json!({ "type": "string" }));
        m.insert("programme".into(), json!({ "type": "array", "items": { "type": "object", "properties": {
            "starts_at": ts, "ends_at": ts, "title": { "type": "string" }, "description": { "type": "string" }, "room": { "type": "string" },
            "kind": { "type": "string" }, "speakers": { "type": "array", "items": person }, "moderators": { "type": "array", "items": person } } } }));
        m.insert("questions".into(), json!({ "type": "array", "items": { "type": "object", "properties": {
            "id": { "type": "integer" }, "label": { "type": "string" }, "help": { "type": "string" },
            "kind": { "type": "string", "enum": ["text", "choice", "yesno", "number", "date"] }, "choices": { "type": "array", "items": { "type": "string" } },
            "required": { "type": "boolean" }, "show_if_question": { "type": ["integer", "null"] }, "show_if_value": { "type": "string" } } } }));
    }
    let booking_status = json!({ "type": "string", "enum": ["confirmed", "waiting", "cancelled"] });
    let answers = json!({ "type": "object", "additionalProperties": { "type": "string" }, "description": "Question id => answer" });
    json!({
        "EventSummary": { "type": "object", "properties": summary },
        "Event": { "type": "object", "properties": full },
        "EventInput": {
            "type": "object", "additionalProperties": false, "required": ["title", "starts_at", "ends_at", "capacity"],
            "properties": {
                "title": { "type": "string", "maxLength": 200 },
                "slug": { "type": "string", "description": "Made from the title when empty", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
                "summary": { "type": "string", "maxLength": 1000 },
                "description": { "type": "string", "maxLength": 100000, "description": "Markdown" },
                "club": { "type": ["string", "null"], "description": "Club slug; none for the network" },
                "starts_at": ts, "ends_at": ts, "place_name": { "type": "string", "maxLength": 300 },
                "address": { "type": "string", "maxLength": 300 },
                "online_url": { "type": "string", "maxLength": 500, "description": "http:// or https://" },
                "theme": { "type": "string", "maxLength": 300 },
                "capacity": { "type": "integer", "minimum": 0, "maximum": 100000 },
                "registration_opens_at": ts_or_null, "registration_closes_at": ts_or_null,
                "id_required": { "type": "boolean", "default": false },
                "status": { "type": "string", "enum": ["draft", "published", "cancelled"], "default": "draft" },
                "contact_email": { "type": "string", "format": "email" },
                "retention_days": { "type": "integer", "minimum": 1, "maximum": 3650, "default": 180 }
            }
        },
        "EventPatch": {
            "type": "object", "additionalProperties": false,
            "properties": {
                "title": { "type": "string", "maxLength": 200 }, "summary": { "type": "string", "maxLength": 1000 },
                "description": { "type": "string", "maxLength": 100000 },
                "status": { "type": "string", "enum": ["draft", "published", "cancelled"] },
                "capacity": { "type": "integer", "minimum": 0, "maximum": 100000, "description": "Never below the confirmed seats (409); raising it confirms the waiting list in order" }
            }
        },
        "BookingInput": {
            "type": "object", "additionalProperties": false, "required": ["contact_name", "email"],
            "properties": {
                "contact_name": { "type": "string", "maxLength": 100 }, "email": { "type": "string", "format": "email" },
                "seats": { "type": "integer", "minimum": 1, "maximum": MAX_SEATS, "default": 1 },
                "attendees": { "type": "array", "items": { "type": "string", "maxLength": 100 }, "maxItems": MAX_SEATS,
                    "description": "One name per seat; the first defaults to the contact" },
                "accessibility": { "type": "string", "maxLength": 1000 },
                "answers": answers,
                "idempotency_key": { "type": "string", "description": "Or the Idempotency-Key header" }
            }
        },
        "Booking": {
            "type": "object", "properties": {
                "token": { "type": "string" }, "url": { "type": "string", "format": "uri", "description": "The booking's personal page" },
                "event": { "type": "object", "properties": { "slug": { "type": "string" }, "title": { "type": "string" }, "url": { "type": "string" } } },
                "status": booking_status, "seats": { "type": "integer" },
                "waiting_position": { "type": ["integer", "null"], "description": "The number taken in the waiting list" },
                "rank": { "type": ["integer", "null"], "description": "The place in the waiting list now (1 = next)" },
                "contact_name": { "type": "string" }, "email": { "type": "string" }, "attendees": { "type": "array", "items": { "type": "string" } },
                "accessibility": { "type": "string" }, "answers": answers, "created_at": ts
            }
        },
        "Registration": {
            "type": "object", "properties": {
                "id": { "type": "integer" }, "status": booking_status, "seats": { "type": "integer" },
                "waiting_position": { "type": ["integer", "null"] }, "contact_name": { "type": "string" }, "email": { "type": "string" },
                "attendees": { "type": "array", "items": { "type": "string" } }, "accessibility": { "type": "string" },
                "answers": answers, "created_at": ts, "anonymised": { "type": "boolean" }
            }
        }
    })
}

// ---- JSON of events and bookings ----

fn registration_state(r: Registration) -> &'static str {
    match r {
        Registration::Open => "open",
        Registration::NotYetOpen => "not_yet_open",
        Registration::Closed => "closed",
        Registration::Cancelled => "cancelled",
    }
}

fn event_summary(state: &AppState, e: &Event, now: i64) -> Value {
    let club = match (&e.club_slug, &e.club_name) {
        (Some(slug), Some(name)) => json!({ "slug": slug, "name": name }),
        _ => Value::Null,
    };
    json!({
        "id": e.id,
        "slug": e.slug,
        "title": e.title,
        "summary": e.summary,
        "url": state.absolute(&e.url()),
        "club": club,
        "starts_at": api::rfc3339(e.starts_at),
        "ends_at": api::rfc3339(e.ends_at),
        "place_name": e.place_name,
        "address": e.address,
        "online_url": e.online_url,
        "theme": e.theme,
        "status": e.status,
        "capacity": e.capacity,
        "registered": e.registered,
        "waiting": e.waiting,
        "places_left": e.remaining(),
        "registration": registration_state(e.registration(now)),
        "registration_opens_at": e.registration_opens_at.map(api::rfc3339),
        "registration_closes_at": e.registration_closes_at.map(api::rfc3339),
    })
}

fn person_json(p: &super::SlotPerson) -> Value {
    json!({ "name": p.name, "title": p.title, "organisation": p.organisation })
}

fn slot_json(s: &Slot) -> Value {
    json!({
        "starts_at": api::rfc3339(s.starts_at),
        "ends_at": api::rfc3339(s.ends_at),
        "title": s.title,
        "description": s.description,
        "room": s.room,
        "kind": s.kind,
        "speakers": s.speakers().into_iter().map(person_json).collect::<Vec<_>>(),
        "moderators": s.moderators().into_iter().map(person_json).collect::<Vec<_>>(),
    })
}

fn question_json(q: &Question) -> Value {
    json!({
        "id": q.id, "label": q.label, "help": q.help, "kind": q.kind.as_str(), "choices": q.choices,
        "required": q.required, "show_if_question": q.show_if_question, "show_if_value": q.show_if_value,
    })
}

async fn event_json(state: &AppState, e: &Event, now: i64) -> AppResult<Value> {
    let mut v = event_summary(state, e, now);
    let slots = store::list_slots(&state.db, e.id).await?;
    let questions = questions::list(&state.db, e.id).await?;
    v["description_html"] = json!(markup::render("markdown", &e.description));
    v["programme"] = json!(slots.iter().map(slot_json).collect::<Vec<_>>());
    v["questions"] = json!(questions.iter().map(question_json).collect::<Vec<_>>());
    Ok(v)
}

async fn answers_of(db: &Db, event_id: i64, registration_id: i64) -> Result<BTreeMap<String, String>, sqlx::Error> {
    let answers = questions::answers(db, event_id, registration_id).await?;
    Ok(answers.iter().map(|t| (t.question.to_string(), t.answer.plain())).collect())
}

/// The booking the access link `token` opens (`access::open`, failures counted per address)
/// and its event.
async fn find_booking(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<(Booking, Event)> {
    let id = crate::core::access::open(state, &ctx.ip, token, super::ACCESS_SCOPE, ctx.now).await?;
    let b = store::get_booking(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let e = store::get_event(&state.db, b.event_id).await?.ok_or(AppError::NotFound)?;
    Ok((Booking { token: token.to_string(), ..b }, e))
}

async fn booking_json(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<Value> {
    let (b, e) = find_booking(state, ctx, token).await?;
    let answers = answers_of(&state.db, e.id, b.id).await?;
    Ok(booking_body(state, &b, &e, answers))
}

/// A booking's JSON, never kept by a cache (it is reached through a personal link).
fn personal(body: Value) -> Response {
    crate::core::access::no_store(axum::Json(body).into_response())
}

/// A booking as the API shows it (a new one is shown from what was just written, without
/// reading it back).
fn booking_body(state: &AppState, b: &Booking, e: &Event, answers: BTreeMap<String, String>) -> Value {
    json!({
        "token": b.token,
        "url": state.absolute(&format!("/evenements/inscription/{}", b.token)),
        "event": { "slug": e.slug, "title": e.title, "url": state.absolute(&e.url()) },
        "status": b.status,
        "seats": b.seats,
        "waiting_position": b.waiting_position,
        "rank": b.rank,
        "contact_name": b.contact_name,
        "email": b.email,
        "attendees": b.attendees,
        "accessibility": b.accessibility,
        "answers": answers,
        "created_at": api::rfc3339(b.created_at),
    })
}

// ---- public reading ----

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    page: Option<i64>,
    per_page: Option<i64>,
    club: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

const PUBLIC_EVENTS: &str = "FROM events WHERE status IN ('published', 'cancelled') AND ends_at >= $1 AND starts_at < $2 \
    AND ($3 = 0 OR club_id = $3)";

async fn list_events(State(state): State<AppState>, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let paging = Paging::parse(q.page, q.per_page)?;
    let now = state.now();
    let mut errors = vec![];
    let mut time = |name: &str, v: &Option<String>, default: i64| match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => api::parse_rfc3339(s).unwrap_or_else(|| {
            errors.push(err(name, "field-date"));
            default
        }),
        None => default,
    };
    let from = time("from", &q.from, now);
    let to = time("to", &q.to, i64::MAX / 2);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    // An unknown club matches nothing (rather than being ignored).
    let club_id = match q.club.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => network::get_club_by_slug(&state.db, s).await?.map(|c| c.id).unwrap_or(-1),
        None => 0,
    };
    let ids: Vec<i64> =
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT id {PUBLIC_EVENTS} ORDER BY starts_at, id LIMIT $4 OFFSET $5")))
            .bind(from)
            .bind(to)
            .bind(club_id)
            .bind(paging.per_page)
            .bind(paging.offset())
            .fetch_all(state.db.pool())
            .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {PUBLIC_EVENTS}")))
        .bind(from)
        .bind(to)
        .bind(club_id)
        .fetch_one(state.db.pool())
        .await?;
    let mut data = vec![];
    for id in ids {
        if let Some(e) = store::get_event(&state.db, id).await? {
            data.push(event_summary(&state, &e, now));
        }
    }
    Ok(axum::Json(paging.body(data, total)).into_response())
}

/// A published (or cancelled) event; drafts are not public.
async fn public_event(state: &AppState, slug: &str) -> AppResult<Event> {
    let e = store::get_event_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if e.is_public() { Ok(e) } else { Err(AppError::NotFound) }
}

async fn show_event(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let e = public_event(&state, &slug).await?;
    Ok(axum::Json(event_json(&state, &e, state.now()).await?).into_response())
}

// ---- booking ----

/// A booking as an API client sends it.
#[derive(serde::Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, default)]
struct BookingBody {
    contact_name: String,
    email: String,
    seats: Option<i64>,
    attendees: Vec<String>,
    accessibility: String,
    answers: BTreeMap<String, Value>,
    idempotency_key: Option<String>,
}

fn err(field: &str, message: &str) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// Check the answers against the event's form with the form kit's own rules
/// (`forms::validate`, as the registration form): unknown questions and values of another
/// shape are refused, the rest checked by kind and condition. Errors name `answers.{id}`.
fn check_answers(def: &FormDef, given: &BTreeMap<String, Value>, errors: &mut Vec<FieldError>) -> Vec<Typed> {
    let (raw, unknown) = RawAnswers::from_json(def, given);
    errors.extend(unknown.into_iter().map(|e| err(&e.field, "events-api-error-answer-unknown")));
    match forms::validate(def, &raw) {
        Ok(out) => out,
        Err(e) => {
            errors.extend(e.into_iter().map(|e| err(&forms::api_field(&e.field), &e.message)));
            vec![]
        }
    }
}

/// A 429 in the caller's language with the booking limit's own message.
fn rate_limited(tr: &Tr, retry_after: i64) -> Response {
    let key = "events-booking-rate-limited";
    let body = json!({ "error": { "status": 429, "code": key, "message": tr.t(key) } });
    let mut r = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&retry_after.max(1).to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Json(body): Json<BookingBody>,
) -> AppResult<Response> {
    let (event, def) = store::event_with_form(&state.db, &slug).await?.filter(|(e, _)| e.is_public()).ok_or(AppError::NotFound)?;
    if !event.is_open(ctx.now) {
        return Err(AppError::Conflict("events-registration-refused"));
    }
    let header_key = headers.get("idempotency-key").map(|v| v.to_str().map(|s| s.trim().to_string()).unwrap_or_default());
    let key = header_key.or(body.idempotency_key.clone()).unwrap_or_else(auth::random_token);
    let mut errors = vec![];
    let mut form = BookingForm {
        key,
        contact_name: body.contact_name.clone(),
        email: body.email.clone(),
        seats: body.seats.unwrap_or(1).to_string(),
        attendees: body.attendees.clone(),
        accessibility: body.accessibility.clone(),
        ..Default::default()
    };
    if !form.valid_key() {
        errors.push(err("idempotency_key", "events-api-error-key"));
    }
    if body.attendees.len() > body.seats.unwrap_or(1).clamp(1, MAX_SEATS) as usize {
        errors.push(err("attendees", "events-api-error-attendees"));
    }
    form.attendees.resize(MAX_SEATS as usize, String::new());
    let parsed = form.parse();
    if let Err(e) = &parsed {
        errors.extend(e.iter().map(|e| match e.field.strip_prefix("attendee-").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => err(&format!("attendees[{}]", n - 1), &e.message),
            None => e.clone(),
        }));
    }
    let answers = check_answers(&def, &body.answers, &mut errors);
    let mut booking = match parsed {
        Ok(b) if errors.is_empty() => b,
        _ => return Err(AppError::Invalid(errors)),
    };
    booking.answers = answers;
    booking.lang = ctx.tr.lang().to_string();
    match super::book(&state, event.id, &booking, Some(&ctx.ip), false, ctx.now).await? {
        Booked::New(b) => {
            let answers = booking.answers.iter().map(|t| (t.question.to_string(), t.answer.plain())).collect();
            Ok(api::created(format!("/api/v1/registrations/{}", b.token), booking_body(&state, &b, &event, answers)))
        }
        Booked::Again { token, .. } => Ok(personal(booking_json(&state, &ctx, &token).await?)),
        Booked::SlotFull(_) => Err(AppError::Invalid(vec![err("workshops", "events-booking-error-full")])),
        Booked::TooMany { retry_after } => Ok(rate_limited(&ctx.tr, retry_after)),
    }
}

async fn show_booking(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    Ok(personal(booking_json(&state, &ctx, &token).await?))
}

async fn cancel_booking(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let (b, e) = find_booking(&state, &ctx, &token).await?;
    if b.status != "cancelled" {
        if ctx.now >= e.starts_at {
            return Err(AppError::Conflict("events-cancel-too-late"));
        }
        store::cancel_booking(&state.db, &super::notify::Site::of(&state), b.id, ctx.now).await?;
    }
    Ok(personal(booking_json(&state, &ctx, &token).await?))
}

// ---- organisers ----

/// The event of an organiser route, by slug or numeric id, whatever its status; 403 unless
/// the token's person publishes for its club.
async fn organised_event(state: &AppState, user: &Principal, slug_or_id: &str) -> AppResult<Event> {
    let mut e = store::get_event_by_slug(&state.db, slug_or_id).await?;
    if e.is_none()
        && let Ok(id) = slug_or_id.parse::<i64>()
    {
        e = store::get_event(&state.db, id).await?;
    }
    let e = e.ok_or(AppError::NotFound)?;
    if user.can_publish(e.club_id) { Ok(e) } else { Err(AppError::Forbidden) }
}

/// An event as an organiser's client writes it.
#[derive(serde::Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, default)]
struct EventBody {
    title: String,
    slug: String,
    summary: String,
    description: String,
    club: Option<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    place_name: String,
    address: String,
    online_url: String,
    theme: String,
    capacity: Option<i64>,
    registration_opens_at: Option<String>,
    registration_closes_at: Option<String>,
    id_required: bool,
    status: Option<String>,
    contact_email: String,
    retention_days: Option<i64>,
}

/// The event a client sent, checked by the events' one parser (`EventDraft::parse`, the back
/// office's too). Fields the API does not take get the back office's defaults.
async fn to_input(state: &AppState, b: EventBody) -> AppResult<EventInput> {
    let db = &state.db;
    let club = match b.club.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => match network::get_club_by_slug(db, s).await? {
            Some(c) => Ok(Some(c.id)),
            None => Err("api-error-unknown-club"),
        },
        None => Ok(None),
    };
    let time = |v: &Option<String>| TypedTime::read(v.as_deref().unwrap_or(""), api::parse_rfc3339);
    let mut draft = EventDraft {
        title: b.title,
        slug: b.slug,
        slug_taken: false,
        summary: b.summary,
        description: b.description,
        club,
        starts_at: time(&b.starts_at),
        ends_at: time(&b.ends_at),
        place_name: b.place_name,
        address: b.address,
        online_url: b.online_url,
        theme: b.theme,
        capacity: b.capacity,
        registration_opens_at: time(&b.registration_opens_at),
        registration_closes_at: time(&b.registration_closes_at),
        id_required: b.id_required,
        status: b.status.unwrap_or_else(|| "draft".into()),
        offer_hours: None,
        partner_seats: Some(0),
        contact_email: b.contact_email,
        reminder_hours: Some(EventInput::default().reminder_hours),
        retention_days: Some(b.retention_days.unwrap_or(EventInput::default().retention_days)),
    };
    let slug = draft.effective_slug();
    draft.slug_taken = !slug.is_empty() && store::get_event_by_slug(db, &slug).await?.is_some();
    draft.parse().map_err(AppError::Invalid)
}

async fn create_event(State(state): State<AppState>, ApiUser(user): ApiUser, Json(body): Json<EventBody>) -> AppResult<Response> {
    if !user.is_staff() {
        return Err(AppError::Forbidden);
    }
    let input = to_input(&state, body).await?;
    if !user.can_publish(input.club_id) {
        return Err(AppError::Forbidden);
    }
    let now = state.now();
    // Another request may take the slug after the check: a 409 naming it (core::error).
    let id = super::create_event(&state.db, &input, now).await?;
    let e = store::get_event(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(api::created(format!("/api/v1/events/{}", e.slug), event_json(&state, &e, now).await?))
}

/// What PATCH may change; absent fields stay as they are.
#[derive(serde::Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, default)]
struct EventPatch {
    title: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    status: Option<String>,
    capacity: Option<i64>,
}

async fn update_event(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<EventPatch>,
) -> AppResult<Response> {
    let e = organised_event(&state, &user, &slug).await?;
    let mut draft = EventDraft::of(&e);
    let EventPatch { title, summary, description, status, capacity } = body;
    draft.title = title.unwrap_or(draft.title);
    draft.summary = summary.unwrap_or(draft.summary);
    draft.description = description.unwrap_or(draft.description);
    draft.status = status.unwrap_or(draft.status);
    draft.capacity = capacity.or(draft.capacity);
    let input = draft.parse().map_err(AppError::Invalid)?;
    let now = state.now();
    // One transaction under the event's lock (as the back office): a capacity below the places
    // taken changes nothing; a cancellation tells every registrant.
    if super::update_event(&state, e.id, &input, now).await? != super::EventUpdate::Saved {
        return Err(AppError::Conflict("events-api-error-capacity-below"));
    }
    let e = store::get_event(&state.db, e.id).await?.ok_or(AppError::NotFound)?;
    Ok(axum::Json(event_json(&state, &e, now).await?).into_response())
}

#[derive(serde::Deserialize, Default)]
struct PageQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

async fn list_registrations(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ip: audit::ClientIp,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let e = organised_event(&state, &user, &slug).await?;
    let paging = Paging::parse(q.page, q.per_page)?;
    let db = &state.db;
    let rows = sqlx::query(
        "SELECT id, status, seats, waiting_position, contact_name, email, accessibility, created_at, anonymised_at \
         FROM registrations WHERE event_id = $1 ORDER BY id LIMIT $2 OFFSET $3",
    )
    .bind(e.id)
    .bind(paging.per_page)
    .bind(paging.offset())
    .fetch_all(db.pool())
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE event_id = $1").bind(e.id).fetch_one(db.pool()).await?;
    // The page's people and answers in two queries (not two per booking).
    const PAGE_IDS: &str = "SELECT id FROM registrations WHERE event_id = $1 ORDER BY id LIMIT $2 OFFSET $3";
    let mut attendees: HashMap<i64, Vec<String>> = HashMap::new();
    let people = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT a.registration_id, a.name FROM attendees a JOIN registrations r ON r.id = a.registration_id \
         WHERE a.registration_id IN ({PAGE_IDS}) AND (a.status = 'active' OR r.status = 'cancelled') \
         ORDER BY a.registration_id, a.position, a.id"
    )))
    .bind(e.id)
    .bind(paging.per_page)
    .bind(paging.offset())
    .fetch_all(db.pool())
    .await?;
    for p in &people {
        attendees.entry(p.try_get(0)?).or_default().push(p.try_get(1)?);
    }
    let ids: Vec<String> = rows.iter().map(|r| r.try_get::<i64, _>(0).map(questions::reference)).collect::<Result<_, _>>()?;
    let mut answers: HashMap<i64, BTreeMap<String, String>> = HashMap::new();
    for (reference, given) in form_store::answers_by_reference(db, &questions::owner(e.id), Some(&ids)).await? {
        let Ok(id) = reference.parse::<i64>() else { continue };
        answers.insert(id, given.iter().map(|t| (t.question.to_string(), t.answer.plain())).collect());
    }
    let mut data = vec![];
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        data.push(json!({
            "id": id,
            "status": r.try_get::<String, _>(1)?,
            "seats": r.try_get::<i64, _>(2)?,
            "waiting_position": r.try_get::<Option<i64>, _>(3)?,
            "contact_name": r.try_get::<String, _>(4)?,
            "email": r.try_get::<String, _>(5)?,
            "attendees": attendees.remove(&id).unwrap_or_default(),
            "accessibility": r.try_get::<String, _>(6)?,
            "answers": answers.remove(&id).unwrap_or_default(),
            "created_at": api::rfc3339(r.try_get(7)?),
            "anonymised": r.try_get::<Option<i64>, _>(8)?.is_some(),
        }));
    }
    let detail = format!("page={} rows={}", paging.page, data.len());
    let actor = audit::Actor::api(&user, &ip, state.now());
    audit::record(db, actor, "api.events.registrations", &audit::Subject::new("event", e.id, &e.title), &detail).await?;
    Ok(axum::Json(paging.body(data, total)).into_response())
}
