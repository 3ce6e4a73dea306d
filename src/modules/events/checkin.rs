//! Check-in at the door, for an event's organisers (`Principal::can_publish(event.club_id)`).
//!
//! `/admin/evenements/{id}/accueil` lists the people of the confirmed bookings with the
//! numbers (confirmed, present, still expected; no-shows once the event is over), a search by
//! name or e-mail that ignores case and accents, and possible duplicates (the same name or
//! e-mail on two active bookings). `/admin/evenements/accueil/scan?code=…` is where a ticket's
//! QR code leads: the signature is checked before anything else, and nothing is written for a
//! code that fails. Checking in is one conditional UPDATE (`… AND checked_in_at IS NULL`), so
//! two phones scanning the same ticket at once count it once. When the event asks for an ID,
//! the organiser must tick "ID checked": the document is looked at, only that flag is kept.

use std::collections::HashMap;

use super::model::Event;
use super::store;
use super::tickets::{self, TicketIds, TicketState};
use crate::core::audit::{self, Subject};
use crate::core::auth::Principal;
use crate::core::db::Db;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::{fold, sort_key};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html_status, see_other};
use crate::modules::network::admin_layout;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(tickets::SCAN_PATH, get(scan).post(scan_check_in))
        .route("/admin/evenements/{id}/accueil", get(desk).post(desk_action))
}

// ---- who is expected ----

/// An attendee as the door sees them.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub registration_id: i64,
    pub event_id: i64,
    pub contact_name: String,
    pub email: String,
    /// The attendee's own status (`active` | `cancelled`).
    pub status: String,
    pub booking: TicketState,
    pub checked_in_at: Option<i64>,
    pub id_checked: bool,
    /// The same name or e-mail is on another active booking of the event.
    pub duplicate: bool,
}

impl Person {
    /// Holds a confirmed seat: may be checked in.
    pub fn expected(&self) -> bool {
        self.status == "active" && self.booking == TicketState::Valid
    }
}

/// Every active attendee of the event's active bookings (waiting ones included, for the
/// duplicates), sorted by name as a French reader expects, duplicates flagged.
async fn people(db: &Db, event_id: i64) -> Result<Vec<Person>, sqlx::Error> {
    let mut people = store::checkin::people(db, event_id).await?;
    flag_duplicates(&mut people);
    people.sort_by_cached_key(|p| (sort_key(&p.name), p.id));
    Ok(people)
}

/// Flag the people whose folded name, or whose booking's e-mail, appears on another booking.
pub fn flag_duplicates(people: &mut [Person]) {
    let mut by_name: HashMap<String, Vec<i64>> = HashMap::new();
    let mut by_email: HashMap<String, Vec<i64>> = HashMap::new();
    for p in people.iter() {
        let name = fold(p.name.split_whitespace().collect::<Vec<_>>().join(" ").as_str());
        by_name.entry(name).or_default().push(p.registration_id);
        by_email.entry(p.email.trim().to_lowercase()).or_default().push(p.registration_id);
    }
    let other = |regs: Option<&Vec<i64>>, own: i64| regs.is_some_and(|r| r.iter().any(|id| *id != own));
    for p in people.iter_mut() {
        let name = fold(p.name.split_whitespace().collect::<Vec<_>>().join(" ").as_str());
        p.duplicate =
            other(by_name.get(&name), p.registration_id) || other(by_email.get(&p.email.trim().to_lowercase()), p.registration_id);
    }
}

/// Whether `p` matches the search (case and accents ignored; name, contact or e-mail).
pub fn matches(p: &Person, query: &str) -> bool {
    let q = fold(query.trim());
    q.is_empty() || [&p.name, &p.contact_name, &p.email].iter().any(|s| fold(s).contains(&q))
}

/// The event, if the signed-in person organises it (anonymous: sign in; others: 403).
async fn organised_event(state: &AppState, ctx: &Ctx, event_id: i64) -> AppResult<(Principal, Event)> {
    let user = ctx.staff()?.clone();
    let event = store::get_event(&state.db, event_id).await?.ok_or(AppError::NotFound)?;
    if !user.can_publish(event.club_id) {
        return Err(AppError::Forbidden);
    }
    Ok((user, event))
}

// ---- the check-in page ----

/// The door's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub confirmed: i64,
    pub present: i64,
    pub expected: i64,
}

#[derive(askama::Template)]
#[template(path = "admin/checkin.html")]
struct DeskPage {
    l: Layout,
    event: Event,
    counts: Counts,
    /// Over: the still-expected are no-shows.
    over: bool,
    query: String,
    shown: Vec<Person>,
    duplicates: i64,
    flash: Option<String>,
    /// The person the flash is about: it is shown in their card, where the organiser's eyes
    /// are (the page opens at the card's anchor), else at the top.
    flash_for: Option<i64>,
    errors: FormErrors,
    /// The ticket code field's value (empty here).
    typed: String,
}

impl DeskPage {
    /// Whether the flash is shown in a card of the list rather than at the top.
    fn flash_in_card(&self) -> bool {
        self.flash_for.is_some_and(|id| self.shown.iter().any(|p| p.id == id))
    }
}

#[derive(serde::Deserialize, Default)]
struct DeskQuery {
    q: Option<String>,
    ok: Option<String>,
    p: Option<i64>,
}

async fn render_desk(
    state: &AppState,
    ctx: &Ctx,
    event: Event,
    query: String,
    flash: Option<(String, i64)>,
    errors: FormErrors,
) -> AppResult<DeskPage> {
    let all = people(&state.db, event.id).await?;
    let expected: Vec<Person> = all.into_iter().filter(Person::expected).collect();
    let confirmed = expected.len() as i64;
    let present = expected.iter().filter(|p| p.checked_in_at.is_some()).count() as i64;
    let counts = Counts { confirmed, present, expected: confirmed - present };
    let duplicates = expected.iter().filter(|p| p.duplicate).count() as i64;
    let shown: Vec<Person> = expected.into_iter().filter(|p| matches(p, &query)).collect();
    // What was typed in the search box is a name or an e-mail: only whether there was one.
    let detail = format!("search={} rows={}", if query.trim().is_empty() { "no" } else { "yes" }, shown.len());
    audit::record(&state.db, ctx, "events.checkin.view", &Subject::new("event", event.id, &event.title), &detail).await?;
    let l = admin_layout(state, ctx, ctx.tr.a("checkin-title", "event", &event.title), "events").await?;
    let over = event.is_past(ctx.now);
    let flash_for = flash.as_ref().map(|(_, id)| *id);
    let flash = flash.map(|(text, _)| text);
    Ok(DeskPage { l, event, counts, over, query, shown, duplicates, flash, flash_for, errors, typed: String::new() })
}

async fn desk(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<DeskQuery>) -> AppResult<Response> {
    let (_, event) = organised_event(&state, &ctx, id).await?;
    let mut flash = None;
    if let Some(p) = q.p {
        let who = store::checkin::person(&state.db, p).await?.filter(|p| p.event_id == event.id);
        let text = match (q.ok.as_deref(), &who) {
            (Some("checked"), Some(p)) => Some(ctx.tr.a("checkin-flash-checked", "name", &p.name)),
            (Some("undone"), Some(p)) => Some(ctx.tr.a("checkin-flash-undone", "name", &p.name)),
            (Some("already"), Some(p)) => Some(ctx.tr.a("checkin-flash-already", "name", &p.name)),
            _ => None,
        };
        flash = text.zip(who.map(|p| p.id));
    }
    let page = render_desk(&state, &ctx, event, q.q.unwrap_or_default(), flash, FormErrors::default()).await?;
    html_status(StatusCode::OK, &page)
}

fn already(ctx: &Ctx, p: &Person) -> String {
    let at = p.checked_in_at.map(|t| ctx.tr.time(t)).unwrap_or_default();
    ctx.tr.a("checkin-already", "time", &at)
}

/// A row's form: `action` is `checkin` or `undo`; `id_checked` is "1" when ticked.
#[derive(serde::Deserialize, Default)]
struct DeskForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    attendee: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    id_checked: String,
    #[serde(default)]
    q: String,
}

fn desk_url(event_id: i64, query: &str, ok: &str, attendee: i64) -> String {
    let qs = serde_urlencoded::to_string([("q", query), ("ok", ok), ("p", &attendee.to_string())]).unwrap_or_default();
    format!("/admin/evenements/{event_id}/accueil?{qs}#p-{attendee}")
}

async fn desk_action(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<DeskForm>) -> AppResult<Response> {
    let (user, event) = organised_event(&state, &ctx, id).await?;
    ctx.check_csrf(&form.csrf)?;
    let attendee: i64 = form.attendee.trim().parse().map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let p = store::checkin::person(&state.db, attendee).await?.filter(|p| p.event_id == event.id).ok_or(AppError::NotFound)?;
    match form.action.as_str() {
        "checkin" => {
            if !p.expected() {
                return Err(AppError::Conflict("checkin-refused-not-confirmed"));
            }
            let id_checked = form.id_checked == "1";
            if event.id_required && !id_checked && p.checked_in_at.is_none() {
                let mut errors = FormErrors::default();
                errors.add(&format!("idc-{attendee}"), "checkin-error-id");
                let page = render_desk(&state, &ctx, event, form.q, None, errors).await?;
                return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
            }
            let done = store::checkin::check_in(&state.db, event.id, attendee, user.user_id, id_checked, ctx.now).await?;
            Ok(see_other(&desk_url(event.id, &form.q, if done { "checked" } else { "already" }, attendee)))
        }
        "undo" => {
            store::checkin::undo_check_in(&state.db, event.id, attendee).await?;
            Ok(see_other(&desk_url(event.id, &form.q, "undone", attendee)))
        }
        _ => Err(AppError::BadRequest("error-bad-form")),
    }
}

// ---- a scanned ticket ----

/// What a code turned out to be.
enum Scanned {
    /// No code was given: the page only offers to type one.
    Nothing,
    /// Forged, altered, truncated or unknown.
    Invalid,
    /// Genuine, for this person of this event.
    Ticket(Box<(Person, Event)>),
}

/// Check the code's signature before anything else; then the event's organiser.
async fn read_code(state: &AppState, ctx: &Ctx, code: &str) -> AppResult<Scanned> {
    if code.trim().is_empty() {
        return Ok(Scanned::Nothing);
    }
    let Some((attendee_id, tag)) = tickets::parse(code) else { return Ok(Scanned::Invalid) };
    let Some(p) = store::checkin::person(&state.db, attendee_id).await? else { return Ok(Scanned::Invalid) };
    let key = tickets::ticket_key(state).await?;
    let ids = TicketIds { attendee_id, registration_id: p.registration_id, event_id: p.event_id };
    if !tickets::verify(&key[..], ids, &tag) {
        return Ok(Scanned::Invalid);
    }
    let (_, event) = organised_event(state, ctx, p.event_id).await?;
    Ok(Scanned::Ticket(Box::new((p, event))))
}

#[derive(askama::Template)]
#[template(path = "admin/checkin_scan.html")]
struct ScanPage {
    l: Layout,
    code: String,
    /// A refusal (shown in red, role=alert).
    refusal: Option<String>,
    person: Option<Person>,
    event: Option<Event>,
    /// "Already checked in at…" or "Checked in".
    notice: Option<String>,
    /// The confirm form is offered.
    can_check_in: bool,
    errors: FormErrors,
    /// A refused code, kept in the field to be corrected.
    typed: String,
}

#[derive(serde::Deserialize, Default)]
struct ScanQuery {
    code: Option<String>,
    ok: Option<String>,
}

async fn render_scan(state: &AppState, ctx: &Ctx, code: &str, ok: bool, errors: FormErrors) -> AppResult<Response> {
    ctx.staff()?;
    let l = admin_layout(state, ctx, ctx.tr.t("checkin-scan-title"), "events").await?;
    let mut page = ScanPage {
        l,
        code: code.trim().to_string(),
        refusal: None,
        person: None,
        event: None,
        notice: None,
        can_check_in: false,
        errors,
        typed: String::new(),
    };
    let status = match read_code(state, ctx, code).await? {
        Scanned::Nothing => StatusCode::OK,
        Scanned::Invalid => {
            page.refusal = Some(ctx.tr.t("checkin-refused-invalid"));
            page.typed = page.code.clone();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Scanned::Ticket(found) => {
            let (p, event) = *found;
            let subject = Subject::new("event", event.id, &event.title);
            audit::record(&state.db, ctx, "events.checkin.scan", &subject, &format!("attendee={}", p.id)).await?;
            let status = if p.status != "active" || p.booking == TicketState::Cancelled {
                page.refusal = Some(ctx.tr.t("checkin-refused-cancelled"));
                StatusCode::CONFLICT
            } else if !p.expected() {
                page.refusal = Some(ctx.tr.t("checkin-refused-not-confirmed"));
                StatusCode::CONFLICT
            } else if p.checked_in_at.is_some() {
                page.notice = Some(if ok { ctx.tr.a("checkin-flash-checked", "name", &p.name) } else { already(ctx, &p) });
                StatusCode::OK
            } else {
                page.can_check_in = true;
                if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY }
            };
            page.person = Some(p);
            page.event = Some(event);
            status
        }
    };
    html_status(status, &page)
}

async fn scan(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ScanQuery>) -> AppResult<Response> {
    render_scan(&state, &ctx, q.code.as_deref().unwrap_or(""), q.ok.as_deref() == Some("1"), FormErrors::default()).await
}

#[derive(serde::Deserialize, Default)]
struct ScanForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    id_checked: String,
}

async fn scan_check_in(State(state): State<AppState>, ctx: Ctx, Form(form): Form<ScanForm>) -> AppResult<Response> {
    let user = ctx.staff()?.clone();
    ctx.check_csrf(&form.csrf)?;
    let Scanned::Ticket(found) = read_code(&state, &ctx, &form.code).await? else {
        // Nothing is written for a code that fails: the page says why.
        return render_scan(&state, &ctx, &form.code, false, FormErrors::default()).await;
    };
    let (p, event) = *found;
    let id_checked = form.id_checked == "1";
    if p.expected() && p.checked_in_at.is_none() && event.id_required && !id_checked {
        let mut errors = FormErrors::default();
        errors.add("id_checked", "checkin-error-id");
        return render_scan(&state, &ctx, &form.code, false, errors).await;
    }
    if !p.expected() {
        return render_scan(&state, &ctx, &form.code, false, FormErrors::default()).await;
    }
    let done = store::checkin::check_in(&state.db, event.id, p.id, user.user_id, id_checked, ctx.now).await?;
    let qs = serde_urlencoded::to_string([("code", form.code.trim()), ("ok", if done { "1" } else { "0" })]).unwrap_or_default();
    Ok(see_other(&format!("{}?{qs}", tickets::SCAN_PATH)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: i64, reg: i64, name: &str, email: &str) -> Person {
        Person {
            id,
            name: name.into(),
            registration_id: reg,
            event_id: 1,
            contact_name: name.into(),
            email: email.into(),
            status: "active".into(),
            booking: TicketState::Valid,
            checked_in_at: None,
            id_checked: false,
            duplicate: false,
        }
    }

    #[test]
    fn duplicates_are_the_same_name_or_email_on_two_bookings() {
        let mut people = vec![
            p(1, 1, "Zoé Martin", "zoe@exemple.fr"),
            p(2, 2, "zoe  MARTIN", "autre@exemple.fr"),
            p(3, 3, "Léo", "leo@exemple.fr"),
            p(4, 3, "Léo", "leo@exemple.fr"),
            p(5, 4, "Nina", "LEO@exemple.fr"),
        ];
        flag_duplicates(&mut people);
        let flagged: Vec<i64> = people.iter().filter(|p| p.duplicate).map(|p| p.id).collect();
        // 3 and 4 share a booking (not a duplicate by name), but 5 uses the same e-mail.
        assert_eq!(flagged, vec![1, 2, 3, 4, 5]);
        let mut alone = vec![p(3, 3, "Léo", "leo@exemple.fr"), p(4, 3, "Léo", "leo@exemple.fr")];
        flag_duplicates(&mut alone);
        assert!(alone.iter().all(|p| !p.duplicate));
    }

    #[test]
    fn the_search_ignores_case_and_accents() {
        let x = p(1, 1, "Hélène Côté", "helene@exemple.fr");
        assert!(matches(&x, "helene cote"));
        assert!(matches(&x, "CÔTÉ"));
        assert!(matches(&x, "exemple.fr"));
        assert!(!matches(&x, "martin"));
    }
}
