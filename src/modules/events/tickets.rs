//! Signed tickets: one per active attendee of a confirmed booking, and the ticket page.
//!
//! A ticket is the compact code `T1.<attendee id>.<tag>`, where the tag is the base64url of an
//! HMAC-SHA256, truncated to 16 bytes, over the version, the attendee, the booking and the
//! event. The key is 32 random bytes stored once in `settings` (`ticket_key`, written with
//! `ON CONFLICT DO NOTHING` then read back), so every instance on the database signs and
//! verifies alike; it is cached in memory after the first read. The QR code carries the
//! check-in address (`/admin/evenements/accueil/scan?code=…`), so a phone's camera app opens
//! the check-in page directly. Nothing about the holder is in the code but a number.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use super::model::Event;
use super::store;
use crate::core::db::{self, Db};
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Layout, html};
use crate::modules::network::public_layout;

pub fn routes() -> Router<AppState> {
    Router::new().route("/evenements/inscription/{token}/billet", get(ticket_page))
}

/// The version prefix of the codes this module signs.
pub const VERSION: &str = "T1";
/// Bytes of the HMAC kept in a code (128 bits).
const TAG_LEN: usize = 16;
/// The setting that holds the key (base64url of 32 bytes).
const KEY_SETTING: &str = "ticket_key";

/// Where the check-in page answers a scanned code.
pub const SCAN_PATH: &str = "/admin/evenements/accueil/scan";

// ---- the key ----

/// The site's ticket key: created once in `settings` by the first instance that needs it,
/// then kept in the events' running state.
pub async fn ticket_key(state: &AppState) -> AppResult<Arc<[u8; 32]>> {
    let running = super::running(state)?;
    if let Some(k) = running.ticket_key.get() {
        return Ok(k.clone());
    }
    let key = Arc::new(load_or_create_key(&state.db).await?);
    Ok(running.ticket_key.get_or_init(|| key).clone())
}

fn decode_key(s: &str) -> Option<[u8; 32]> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim()).ok()?.try_into().ok()
}

async fn load_or_create_key(db: &Db) -> AppResult<[u8; 32]> {
    if let Some(k) = db::get_setting(db, KEY_SETTING).await?.as_deref().and_then(decode_key) {
        return Ok(k);
    }
    let mut fresh = [0u8; 32];
    rand::rng().fill_bytes(&mut fresh);
    let stored = db::init_setting(db, KEY_SETTING, &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(fresh)).await?;
    decode_key(&stored).ok_or_else(|| AppError::Internal(anyhow::anyhow!("the stored ticket key is not 32 bytes of base64url")))
}

// ---- codes ----

/// What a ticket's MAC covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TicketIds {
    pub attendee_id: i64,
    pub registration_id: i64,
    pub event_id: i64,
}

fn mac(key: &[u8], ids: TicketIds) -> Hmac<Sha256> {
    // A key of any length is accepted by HMAC; this cannot fail.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    m.update(format!("{VERSION}|{}|{}|{}", ids.attendee_id, ids.registration_id, ids.event_id).as_bytes());
    m
}

/// The ticket code of an attendee, signed with `key`.
pub fn sign(key: &[u8], ids: TicketIds) -> String {
    let tag = mac(key, ids).finalize().into_bytes();
    format!("{VERSION}.{}.{}", ids.attendee_id, base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&tag[..TAG_LEN]))
}

/// A code split into its attendee and its tag, before any check of the signature; `None`
/// when it does not have the shape of a code (wrong version, truncated, not base64url).
pub fn parse(code: &str) -> Option<(i64, [u8; TAG_LEN])> {
    let mut parts = code.trim().split('.');
    let (version, id, tag) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || version != VERSION {
        return None;
    }
    if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let id: i64 = id.parse().ok().filter(|n| *n > 0)?;
    let tag: [u8; TAG_LEN] = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(tag).ok()?.try_into().ok()?;
    Some((id, tag))
}

/// Whether `tag` is the signature of `ids` under `key` (constant-time comparison).
pub fn verify(key: &[u8], ids: TicketIds, tag: &[u8; TAG_LEN]) -> bool {
    mac(key, ids).verify_truncated_left(tag).is_ok()
}

/// The address a code's QR code opens.
pub fn scan_url(public_url: &str, code: &str) -> String {
    format!("{public_url}{SCAN_PATH}?code={code}")
}

/// The QR code of `data` as an inline SVG element (no XML prologue), labelled by the element
/// `labelled_by` (the code written out below it).
pub fn qr_svg(data: &str, labelled_by: &str) -> String {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M) else { return String::new() };
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg").unwrap_or(0);
    svg[start..].replacen("<svg ", &format!("<svg role=\"img\" aria-labelledby=\"{labelled_by}\" class=\"qr\" "), 1)
}

// ---- the ticket page ----

/// A confirmed booking's ticket for one attendee.
pub struct Ticket {
    pub attendee_id: i64,
    pub name: String,
    pub code: String,
    pub qr: String,
}

/// The booking's state for its tickets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketState {
    /// Confirmed: tickets are shown.
    Valid,
    Waiting,
    /// A freed place offered and not accepted yet.
    Offered,
    Cancelled,
}

#[derive(askama::Template)]
#[template(path = "events/ticket.html")]
struct TicketPage {
    l: Layout,
    event: Event,
    token: String,
    /// valid | online | waiting | offered | cancelled
    state: &'static str,
    tickets: Vec<Ticket>,
}

/// Whether a booking row (status, confirmed_at, offered_until) holds confirmed seats.
pub fn booking_state(status: &str, confirmed_at: Option<i64>, offered_until: Option<i64>) -> TicketState {
    match status {
        "confirmed" if confirmed_at.is_none() && offered_until.is_some() => TicketState::Offered,
        "confirmed" => TicketState::Valid,
        "waiting" => TicketState::Waiting,
        _ => TicketState::Cancelled,
    }
}

async fn ticket_page(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let id = crate::core::access::open(&state, &ctx.ip, &token, super::ACCESS_SCOPE, ctx.now).await?;
    let booking = store::get_booking(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let event = store::get_event(&state.db, booking.event_id).await?.ok_or(AppError::NotFound)?;
    let (confirmed_at, offered_until) = store::confirmation(&state.db, booking.id).await?;
    let ticket_state = booking_state(&booking.status, confirmed_at, offered_until);
    // An online event has no door: its confirmed bookings get the join link, not a QR code.
    let online = event.is_online();
    let mut tickets = vec![];
    if ticket_state == TicketState::Valid && !online {
        let key = ticket_key(&state).await?;
        for (attendee_id, name) in store::active_attendees(&state.db, booking.id).await? {
            let code = sign(&key[..], TicketIds { attendee_id, registration_id: booking.id, event_id: event.id });
            let qr = qr_svg(&scan_url(&state.config.public_url, &code), &format!("qr-{attendee_id} code-{attendee_id}"));
            tickets.push(Ticket { attendee_id, name, code, qr });
        }
    }
    let mut l = public_layout(&state, &ctx, ctx.tr.a("checkin-ticket-title", "event", &event.title)).await?;
    l.section = "events";
    l.noindex = true;
    l.canonical = state.absolute(&event.url());
    let kind = match ticket_state {
        TicketState::Valid if online => "online",
        TicketState::Valid => "valid",
        TicketState::Waiting => "waiting",
        TicketState::Offered => "offered",
        TicketState::Cancelled => "cancelled",
    };
    html(&TicketPage { l, event, token, state: kind, tickets }).map(crate::core::access::no_store)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: TicketIds = TicketIds { attendee_id: 42, registration_id: 7, event_id: 3 };

    #[test]
    fn a_code_verifies_only_with_its_key_and_its_ids() {
        let key = [7u8; 32];
        let code = sign(&key, IDS);
        assert!(code.starts_with("T1.42."));
        let (id, tag) = parse(&code).unwrap();
        assert_eq!(id, 42);
        assert!(verify(&key, IDS, &tag));
        assert!(!verify(&[8u8; 32], IDS, &tag));
        assert!(!verify(&key, TicketIds { registration_id: 8, ..IDS }, &tag));
        assert!(!verify(&key, TicketIds { event_id: 4, ..IDS }, &tag));
    }

    #[test]
    fn malformed_codes_do_not_parse() {
        let code = sign(&[1u8; 32], IDS);
        assert!(parse(&code[..code.len() - 1]).is_none());
        assert!(parse(&code.replacen("T1", "T2", 1)).is_none());
        assert!(parse(&format!("{code}.x")).is_none());
        assert!(parse("T1.-4.AAAAAAAAAAAAAAAAAAAAAA").is_none());
        assert!(parse("T1.0.AAAAAAAAAAAAAAAAAAAAAA").is_none());
        assert!(parse("").is_none());
        assert!(parse("T1.4.AAAAAAAAAAAAAAAAAAAAAA").is_some());
    }

    #[test]
    fn the_qr_code_is_an_inline_labelled_svg() {
        let svg = qr_svg("http://essaim.test/admin/evenements/accueil/scan?code=T1.1.abc", "code-1");
        assert!(svg.starts_with("<svg role=\"img\" aria-labelledby=\"code-1\""));
        assert!(!svg.contains("<?xml"));
    }
}
