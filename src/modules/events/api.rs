//! JSON API v1 of the events: the public calendar, an event with its programme and places
//! left, anonymous booking (with an idempotency key, the same checks as the form and the
//! per-address booking limit), a booking read and cancelled by its personal token; and, with
//! an organiser's API token (`can_publish` for the event's club), creating an event, changing
//! it (the capacity only through `events::set_capacity`) and listing its registrations.
//!
//! The `{slug}` of the organiser routes also accepts the event's numeric id.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

use super::model::{Booked, Booking, BookingForm, Event, EventDraft, EventInput, MAX_SEATS, Registration, Slot, TypedTime};
use super::questions::{self, Question};
use super::store;
use crate::core::api::{self, ApiUser, DateTime, Endpoint, Paging, doc};
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

/// The `Idempotency-Key` header as `BookingForm::valid_key` takes it.
const KEY_PATTERN: &str = "^[A-Za-z0-9_-]{16,64}$";

/// Every route of the events API with its OpenAPI operation.
pub fn endpoints() -> Vec<Endpoint> {
    let one = || vec![doc::slug_param()];
    let token = || {
        vec![
            json!({ "name": "token", "in": "path", "required": true, "description": "The booking's personal token", "schema": { "type": "string" } }),
        ]
    };
    let etag = || json!({ "ETag": { "description": "The event's version, to send back in If-Match", "schema": { "type": "string" } } });
    let mut list_params = doc::paging_params();
    list_params
        .push(json!({ "name": "club", "in": "query", "description": "Only this club's events (slug)", "schema": { "type": "string" } }));
    list_params.push(json!({ "name": "from", "in": "query", "description": "Events ending at or after this time (default: now, so upcoming events)", "schema": { "type": "string", "format": "date-time" } }));
    list_params.push(json!({ "name": "to", "in": "query", "description": "Events starting before this time", "schema": { "type": "string", "format": "date-time" } }));
    let mut book = json!({
        "summary": "Book seats (anonymous); safe to retry with the same Idempotency-Key",
        "parameters": [doc::slug_param(), { "name": "Idempotency-Key", "in": "header",
            "description": "16 to 64 letters, digits, - or _; the same key returns the first booking (200)",
            "schema": { "type": "string", "minLength": 16, "maxLength": 64, "pattern": KEY_PATTERN } }],
        "security": [],
        "requestBody": { "required": true, "content": { "application/json": { "schema": doc::schema_ref("BookingInput") } } },
        "responses": {
            "201": doc::ok("Booked: confirmed or on the waiting list (Location: the booking's API URL)", doc::schema_ref("Booking")),
            "200": doc::ok("The booking made earlier with the same idempotency key", doc::schema_ref("Booking")),
            "400": doc::error_ref("Malformed JSON or wrong types; `detail` says where"),
            "404": doc::error_ref("No such public event"),
            "409": doc::error_ref("Registration is not open"),
            "422": doc::error_ref("Invalid fields (the event's required questions included); `fields` lists each field and a message"),
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
    registrations["responses"]["422"] = doc::error_ref("Invalid paging parameter");
    let if_match = json!({ "name": "If-Match", "in": "header",
        "description": "The ETag the change starts from: refused with 412 when the event was saved since; without it the change applies to whatever version is current",
        "schema": { "type": "string" } });
    let mut patch_doc = doc::write(
        "Change an event (organisers); the capacity never goes below the confirmed seats",
        [one(), vec![if_match]].concat(),
        Some("EventPatch"),
        ("200", doc::ok("The event", doc::schema_ref("Event"))),
    );
    patch_doc["responses"]["200"]["headers"] = etag();
    patch_doc["responses"]["409"] = doc::error_ref("The new capacity is below the seats already confirmed");
    patch_doc["responses"]["412"] = doc::error_ref("If-Match names another version: the event was saved since (read it again)");
    let mut show_doc =
        doc::read("A public event with its programme and places left", one(), doc::ok("The event", doc::schema_ref("Event")), true);
    show_doc["responses"]["200"]["headers"] = etag();
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
            doc: {
                let mut d = doc::write(
                    "Create an event (organisers)",
                    vec![],
                    Some("EventInput"),
                    ("201", doc::ok("The created event (Location header: its API URL)", doc::schema_ref("Event"))),
                );
                d["responses"].as_object_mut().map(|r| r.remove("404"));
                d["responses"]["409"] = doc::error_ref("Another event took this slug meanwhile");
                d
            },
        },
        Endpoint { method: "get", path: "/api/v1/events/{slug}", handler: get(show_event), doc: show_doc },
        Endpoint { method: "patch", path: "/api/v1/events/{slug}", handler: patch(update_event), doc: patch_doc },
        Endpoint { method: "post", path: "/api/v1/events/{slug}/registrations", handler: post(register), doc: book },
        Endpoint { method: "get", path: "/api/v1/events/{slug}/registrations", handler: get(list_registrations), doc: registrations },
        Endpoint {
            method: "get",
            path: "/api/v1/registrations/{token}",
            handler: get(show_booking),
            doc: json!({ "summary": "A booking, by its personal token", "parameters": token(), "security": [],
                "responses": { "200": doc::ok("The booking", doc::schema_ref("Booking")), "404": doc::error_ref("No such booking"),
                    "429": doc::error_ref("Too many refused links from this address (Retry-After: seconds)") } }),
        },
        Endpoint {
            method: "delete",
            path: "/api/v1/registrations/{token}",
            handler: axum::routing::delete(cancel_booking),
            doc: json!({ "summary": "Cancel a booking by its personal token (the waiting list moves up)", "parameters": token(), "security": [],
                "responses": { "200": doc::ok("The cancelled booking", doc::schema_ref("Booking")), "404": doc::error_ref("No such booking"),
                    "409": doc::error_ref("The event has started: too late to cancel"),
                    "429": doc::error_ref("Too many refused links from this address (Retry-After: seconds)") } }),
        },
    ]
}

/// A schema transform: these fields are required (the handlers refuse a body without them,
/// 422, though the types give them defaults so that every missing one is named at once).
fn required(fields: &'static [&'static str]) -> impl Fn(&mut schemars::Schema) {
    move |schema| {
        schema.insert("required".into(), json!(fields));
    }
}

/// The schemas the events endpoints refer to, derived from the types below (the ones the
/// handlers parse and return).
pub fn schemas() -> Value {
    api::derived_schemas(|g| {
        g.subschema_for::<EventSummary>();
        g.subschema_for::<EventJson>();
        g.subschema_for::<EventBody>();
        g.subschema_for::<EventPatch>();
        g.subschema_for::<BookingBody>();
        g.subschema_for::<BookingJson>();
        g.subschema_for::<RegistrationJson>();
    })
}

// ---- JSON of events and bookings ----

/// The club an event belongs to.
#[derive(Serialize, JsonSchema)]
struct ClubRef {
    slug: String,
    name: String,
}

/// An event in a list.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "EventSummary")]
struct EventSummary {
    id: i64,
    slug: String,
    title: String,
    summary: String,
    #[schemars(url)]
    url: String,
    /// None for the network's own events.
    club: Option<ClubRef>,
    starts_at: DateTime,
    ends_at: DateTime,
    place_name: String,
    address: String,
    online_url: String,
    theme: String,
    #[schemars(extend("enum" = ["draft", "published", "cancelled"]))]
    status: String,
    capacity: i64,
    /// Confirmed seats.
    registered: i64,
    /// Bookings on the waiting list.
    waiting: i64,
    /// Seats a new booking could take now (0 while people wait).
    places_left: i64,
    #[schemars(extend("enum" = ["open", "not_yet_open", "closed", "cancelled"]))]
    registration: &'static str,
    registration_opens_at: Option<DateTime>,
    registration_closes_at: Option<DateTime>,
}

/// A speaker or moderator of a programme slot.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Person")]
struct SlotPersonJson {
    name: String,
    title: String,
    organisation: String,
}

/// A slot of the programme.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgrammeSlot")]
struct SlotJson {
    starts_at: DateTime,
    ends_at: DateTime,
    title: String,
    description: String,
    room: String,
    /// talk, workshop, break, round-table or welcome.
    kind: String,
    speakers: Vec<SlotPersonJson>,
    moderators: Vec<SlotPersonJson>,
}

/// A question of the registration form.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Question")]
struct QuestionJson {
    id: i64,
    label: String,
    help: String,
    #[schemars(extend("enum" = ["text", "choice", "yesno", "number", "date"]))]
    kind: &'static str,
    choices: Vec<String>,
    required: bool,
    show_if_question: Option<i64>,
    show_if_value: String,
}

/// An event with its programme and registration questions.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Event")]
struct EventJson {
    #[serde(flatten)]
    summary: EventSummary,
    description_html: String,
    programme: Vec<SlotJson>,
    questions: Vec<QuestionJson>,
}

fn registration_state(r: Registration) -> &'static str {
    match r {
        Registration::Open => "open",
        Registration::NotYetOpen => "not_yet_open",
        Registration::Closed => "closed",
        Registration::Cancelled => "cancelled",
    }
}

fn event_summary(state: &AppState, e: &Event, now: i64) -> EventSummary {
    let club = match (&e.club_slug, &e.club_name) {
        (Some(slug), Some(name)) => Some(ClubRef { slug: slug.clone(), name: name.clone() }),
        _ => None,
    };
    EventSummary {
        id: e.id,
        slug: e.slug.clone(),
        title: e.title.clone(),
        summary: e.summary.clone(),
        url: state.absolute(&e.url()),
        club,
        starts_at: DateTime::of(e.starts_at),
        ends_at: DateTime::of(e.ends_at),
        place_name: e.place_name.clone(),
        address: e.address.clone(),
        online_url: e.online_url.clone(),
        theme: e.theme.clone(),
        status: e.status.clone(),
        capacity: e.capacity,
        registered: e.registered,
        waiting: e.waiting,
        places_left: e.remaining(),
        registration: registration_state(e.registration(now)),
        registration_opens_at: e.registration_opens_at.map(DateTime::of),
        registration_closes_at: e.registration_closes_at.map(DateTime::of),
    }
}

fn person_json(p: &super::SlotPerson) -> SlotPersonJson {
    SlotPersonJson { name: p.name.clone(), title: p.title.clone(), organisation: p.organisation.clone() }
}

fn slot_json(s: &Slot) -> SlotJson {
    SlotJson {
        starts_at: DateTime::of(s.starts_at),
        ends_at: DateTime::of(s.ends_at),
        title: s.title.clone(),
        description: s.description.clone(),
        room: s.room.clone(),
        kind: s.kind.clone(),
        speakers: s.speakers().into_iter().map(person_json).collect(),
        moderators: s.moderators().into_iter().map(person_json).collect(),
    }
}

fn question_json(q: &Question) -> QuestionJson {
    QuestionJson {
        id: q.id,
        label: q.label.clone(),
        help: q.help.clone(),
        kind: q.kind.as_str(),
        choices: q.choices.clone(),
        required: q.required,
        show_if_question: q.show_if_question,
        show_if_value: q.show_if_value.clone(),
    }
}

async fn event_json(state: &AppState, e: &Event, now: i64) -> AppResult<EventJson> {
    let slots = store::list_slots(&state.db, e.id).await?;
    let questions = questions::list(&state.db, e.id).await?;
    Ok(EventJson {
        summary: event_summary(state, e, now),
        description_html: markup::render("markdown", &e.description),
        programme: slots.iter().map(slot_json).collect(),
        questions: questions.iter().map(question_json).collect(),
    })
}

/// The strong ETag of an event's version: `"<version>"`.
fn etag(e: &Event) -> String {
    format!("\"{}\"", e.version)
}

/// An event's JSON with its ETag.
fn with_etag(e: &Event, body: EventJson) -> Response {
    let mut r = axum::Json(body).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag(e)) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// The version a write starts from, read from `If-Match`: `None` without the header (or with
/// `*`: any version), the event's own when one of the tags names it, otherwise 412.
fn if_match(headers: &HeaderMap, e: &Event) -> AppResult<Option<i64>> {
    let mut values = headers.get_all(header::IF_MATCH).iter().peekable();
    if values.peek().is_none() {
        return Ok(None);
    }
    let current = etag(e);
    for v in values {
        let v = v.to_str().unwrap_or("");
        for tag in v.split(',').map(str::trim) {
            if tag == "*" || tag == current {
                return Ok(Some(e.version));
            }
        }
    }
    Err(AppError::PreconditionFailed("events-api-error-stale"))
}

/// An answer as the API shows it: question id => answer as one line.
type AnswersJson = BTreeMap<String, String>;

async fn answers_of(db: &Db, event_id: i64, registration_id: i64) -> Result<AnswersJson, sqlx::Error> {
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

async fn booking_json(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<BookingJson> {
    let (b, e) = find_booking(state, ctx, token).await?;
    let answers = answers_of(&state.db, e.id, b.id).await?;
    Ok(booking_body(state, &b, &e, answers))
}

/// A booking's JSON, never kept by a cache (it is reached through a personal link).
fn personal(body: BookingJson) -> Response {
    crate::core::access::no_store(axum::Json(body).into_response())
}

/// The event of a booking.
#[derive(Serialize, JsonSchema)]
struct BookingEvent {
    slug: String,
    title: String,
    #[schemars(url)]
    url: String,
}

/// A booking, as its holder sees it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Booking")]
struct BookingJson {
    token: String,
    /// The booking's personal page.
    #[schemars(url)]
    url: String,
    event: BookingEvent,
    #[schemars(extend("enum" = ["confirmed", "waiting", "cancelled"]))]
    status: String,
    seats: i64,
    /// The number taken in the waiting list.
    waiting_position: Option<i64>,
    /// The place in the waiting list now (1 = next).
    rank: Option<i64>,
    contact_name: String,
    email: String,
    attendees: Vec<String>,
    accessibility: String,
    /// Question id => answer.
    answers: AnswersJson,
    created_at: DateTime,
}

/// A booking as the API shows it (a new one is shown from what was just written, without
/// reading it back).
fn booking_body(state: &AppState, b: &Booking, e: &Event, answers: AnswersJson) -> BookingJson {
    BookingJson {
        token: b.token.clone(),
        url: state.absolute(&format!("/evenements/inscription/{}", b.token)),
        event: BookingEvent { slug: e.slug.clone(), title: e.title.clone(), url: state.absolute(&e.url()) },
        status: b.status.clone(),
        seats: b.seats,
        waiting_position: b.waiting_position,
        rank: b.rank,
        contact_name: b.contact_name.clone(),
        email: b.email.clone(),
        attendees: b.attendees.clone(),
        accessibility: b.accessibility.clone(),
        answers,
        created_at: DateTime::of(b.created_at),
    }
}

/// A registration, as its event's organisers see it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Registration")]
struct RegistrationJson {
    id: i64,
    #[schemars(extend("enum" = ["confirmed", "waiting", "cancelled"]))]
    status: String,
    seats: i64,
    waiting_position: Option<i64>,
    contact_name: String,
    email: String,
    attendees: Vec<String>,
    accessibility: String,
    /// Question id => answer.
    answers: AnswersJson,
    created_at: DateTime,
    anonymised: bool,
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
    let (events, total) = store::public_events_page(&state.db, from, to, club_id, paging.per_page, paging.offset()).await?;
    let data: Vec<EventSummary> = events.iter().map(|e| event_summary(&state, e, now)).collect();
    Ok(axum::Json(paging.page(data, total)).into_response())
}

/// A published (or cancelled) event; drafts are not public.
async fn public_event(state: &AppState, slug: &str) -> AppResult<Event> {
    let e = store::get_event_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if e.is_public() { Ok(e) } else { Err(AppError::NotFound) }
}

async fn show_event(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let e = public_event(&state, &slug).await?;
    let body = event_json(&state, &e, state.now()).await?;
    Ok(with_etag(&e, body))
}

// ---- booking ----

/// A booking as an API client sends it.
#[derive(serde::Deserialize, JsonSchema, Default, Debug)]
#[serde(deny_unknown_fields, default)]
#[schemars(rename = "BookingInput", transform = required(&["contact_name", "email"]))]
struct BookingBody {
    #[schemars(required, length(min = 1, max = 100))]
    contact_name: String,
    #[schemars(required, email)]
    email: String,
    #[schemars(range(min = 1, max = MAX_SEATS))]
    seats: Option<i64>,
    /// One name per seat; the first defaults to the contact.
    #[schemars(length(max = MAX_SEATS), inner(length(max = 100)))]
    attendees: Vec<String>,
    #[schemars(length(max = 1000))]
    accessibility: String,
    /// Question id => answer (text, number, yes/no as a boolean or "yes"/"no", a date as
    /// YYYY-MM-DD, one of the choices); the event's required questions must be answered.
    answers: BTreeMap<String, Value>,
    /// Or the Idempotency-Key header.
    #[schemars(regex(pattern = KEY_PATTERN))]
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
    let body =
        api::ApiError { error: api::ApiErrorBody { status: 429, code: key.into(), message: tr.t(key), fields: vec![], detail: None } };
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
#[derive(serde::Deserialize, JsonSchema, Default, Debug)]
#[serde(deny_unknown_fields, default)]
#[schemars(rename = "EventInput", transform = required(&["title", "starts_at", "ends_at", "capacity"]))]
struct EventBody {
    #[schemars(required, length(min = 1, max = 200))]
    title: String,
    /// Made from the title when empty.
    #[schemars(length(max = 80), regex(pattern = "^([a-z0-9]+(-[a-z0-9]+)*)?$"))]
    slug: String,
    #[schemars(length(max = 1000))]
    summary: String,
    /// Markdown.
    #[schemars(length(max = 100000))]
    description: String,
    /// Club slug; none for the network.
    club: Option<String>,
    #[schemars(required, extend("format" = "date-time"))]
    starts_at: Option<String>,
    /// After the start.
    #[schemars(required, extend("format" = "date-time"))]
    ends_at: Option<String>,
    #[schemars(length(max = 300))]
    place_name: String,
    #[schemars(length(max = 300))]
    address: String,
    /// http:// or https://
    #[schemars(length(max = 500))]
    online_url: String,
    #[schemars(length(max = 300))]
    theme: String,
    #[schemars(required, range(min = 0, max = 100000))]
    capacity: Option<i64>,
    #[schemars(extend("format" = "date-time"))]
    registration_opens_at: Option<String>,
    /// After the opening.
    #[schemars(extend("format" = "date-time"))]
    registration_closes_at: Option<String>,
    id_required: bool,
    /// Draft when absent.
    #[schemars(extend("enum" = ["draft", "published", "cancelled", null]))]
    status: Option<String>,
    #[schemars(email)]
    contact_email: String,
    /// 180 when absent.
    #[schemars(range(min = 1, max = 3650))]
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
#[derive(serde::Deserialize, JsonSchema, Default, Debug)]
#[serde(deny_unknown_fields, default)]
#[schemars(rename = "EventPatch")]
struct EventPatch {
    #[schemars(length(min = 1, max = 200))]
    title: Option<String>,
    #[schemars(length(max = 1000))]
    summary: Option<String>,
    /// Markdown.
    #[schemars(length(max = 100000))]
    description: Option<String>,
    #[schemars(extend("enum" = ["draft", "published", "cancelled", null]))]
    status: Option<String>,
    /// Never below the confirmed seats (409); raising it confirms the waiting list in order.
    #[schemars(range(min = 0, max = 100000))]
    capacity: Option<i64>,
}

async fn update_event(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Json(body): Json<EventPatch>,
) -> AppResult<Response> {
    let e = organised_event(&state, &user, &slug).await?;
    let expected = if_match(&headers, &e)?;
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
    // taken changes nothing; a save from an older version changes nothing; a cancellation
    // tells every registrant.
    match super::update_event_from(&state, e.id, &input, expected, now).await? {
        super::EventUpdate::Saved => {}
        super::EventUpdate::Stale => return Err(AppError::PreconditionFailed("events-api-error-stale")),
        super::EventUpdate::SlugTaken => return Err(AppError::Taken(err("slug", "field-slug-taken"))),
        super::EventUpdate::SeatsTaken => return Err(AppError::Conflict("events-api-error-capacity-below")),
    }
    let e = store::get_event(&state.db, e.id).await?.ok_or(AppError::NotFound)?;
    let body = event_json(&state, &e, now).await?;
    Ok(with_etag(&e, body))
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
    let (rows, total) = store::registrations_page(db, e.id, paging.per_page, paging.offset()).await?;
    let ids: Vec<String> = rows.iter().map(|r| questions::reference(r.id)).collect();
    let mut answers: std::collections::HashMap<i64, AnswersJson> = std::collections::HashMap::new();
    for (reference, given) in form_store::answers_by_reference(db, &questions::owner(e.id), Some(&ids)).await? {
        let Ok(id) = reference.parse::<i64>() else { continue };
        answers.insert(id, given.iter().map(|t| (t.question.to_string(), t.answer.plain())).collect());
    }
    let data: Vec<RegistrationJson> = rows
        .into_iter()
        .map(|r| RegistrationJson {
            id: r.id,
            status: r.status,
            seats: r.seats,
            waiting_position: r.waiting_position,
            contact_name: r.contact_name,
            email: r.email,
            attendees: r.attendees,
            accessibility: r.accessibility,
            answers: answers.remove(&r.id).unwrap_or_default(),
            created_at: DateTime::of(r.created_at),
            anonymised: r.anonymised,
        })
        .collect();
    let detail = format!("page={} rows={}", paging.page, data.len());
    let actor = audit::Actor::api(&user, &ip, state.now());
    audit::record(db, actor, "api.events.registrations", &audit::Subject::new("event", e.id, &e.title), &detail).await?;
    Ok(axum::Json(paging.page(data, total)).into_response())
}
