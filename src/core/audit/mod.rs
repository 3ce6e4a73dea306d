//! The audit log: every staff view or export of personal data, recorded with who looked (the
//! staff member's id and name at the time), what (a stable action key, the subject and a
//! detail), when and from which address.
//!
//! A module records with one call, after it has gathered the data and before it answers:
//!
//! ```ignore
//! audit::record(&state.db, &ctx, "events.registrations.export", &Subject::new("event", event.id, &event.title), "format=csv rows=12").await?;
//! ```
//!
//! Rules a caller keeps:
//! - `action` is a stable key of lowercase words joined by dots (`events.checkin.view`); its
//!   words for the journal are the message `audit-action-` followed by the key with its dots
//!   turned into hyphens (`audit-action-events-checkin-view`), in French and English.
//! - The subject and the detail never hold the name, e-mail or other data of the people whose
//!   data was shown (they may be erased later): ids, an event's title, a format, a count, a
//!   status filter; never the text typed in a search box.
//!
//! Failure is not silent: when the row cannot be written, `record` returns an error and the
//! view fails with it (a 500 page), so personal data is never shown without its record. The
//! table is append-only (a trigger refuses UPDATE on both databases); rows leave only through
//! `purge`, run by the hourly maintenance after `audit_retention_days`.

mod page;
mod store;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;

use crate::core::auth::Principal;
use crate::core::db::Db;
use crate::core::error::AppError;
use crate::core::web::{AppState, Ctx, client_ip};

pub use page::routes;
pub use store::Entry;

/// Who looked: the staff member (id and name at the time), their address, and when.
#[derive(Clone, Debug)]
pub struct Actor<'a> {
    pub user_id: Option<i64>,
    pub name: &'a str,
    pub ip: &'a str,
    pub at: i64,
}

impl<'a> Actor<'a> {
    /// The person behind an API token, calling from `ip` at `at`.
    pub fn api(user: &'a Principal, ip: &'a ClientIp, at: i64) -> Actor<'a> {
        Actor { user_id: Some(user.user_id), name: &user.name, ip: &ip.0, at }
    }
}

/// The signed-in person of a page (anonymous requests never reach a personal-data view, but
/// would be recorded without an id rather than not at all).
impl<'a> From<&'a Ctx> for Actor<'a> {
    fn from(ctx: &'a Ctx) -> Actor<'a> {
        Actor {
            user_id: ctx.user.as_ref().map(|u| u.user_id),
            name: ctx.user.as_ref().map(|u| u.name.as_str()).unwrap_or(""),
            ip: &ctx.ip,
            at: ctx.now,
        }
    }
}

/// What was looked at: a kind and an id (`event:12`) with a readable label (the event's
/// title), or a page of the back office (`page:people`).
#[derive(Clone, Debug)]
pub struct Subject<'a> {
    pub key: String,
    pub label: &'a str,
}

impl<'a> Subject<'a> {
    pub fn new(kind: &str, id: i64, label: &'a str) -> Subject<'a> {
        Subject { key: format!("{kind}:{id}"), label }
    }

    /// A back-office page that lists people (no single subject).
    pub fn page(name: &str) -> Subject<'static> {
        Subject { key: format!("page:{name}"), label: "" }
    }
}

/// Record one view or export. An error means nothing was recorded: the caller returns it, and
/// the data is not shown (see the module's documentation).
pub async fn record<'a>(db: &Db, actor: impl Into<Actor<'a>>, action: &str, subject: &Subject<'_>, detail: &str) -> Result<(), AppError> {
    let actor = actor.into();
    debug_assert!(is_action_key(action), "audit action keys are lowercase words joined by dots: {action}");
    store::insert(db, &actor, action, subject, detail).await.map_err(|e| {
        tracing::error!(error = %e, action, "audit record failed: the view is refused");
        AppError::Internal(anyhow::anyhow!("audit record failed: {e}"))
    })
}

/// Remove the rows older than `retention_days` days before `now`; returns how many left.
pub async fn purge(db: &Db, now: i64, retention_days: u32) -> Result<u64, sqlx::Error> {
    store::purge_before(db, now - i64::from(retention_days) * 86_400).await
}

/// Lowercase ASCII words (letters, digits, `_`) joined by single dots, at most 64 characters.
pub fn is_action_key(s: &str) -> bool {
    s.len() <= 64
        && !s.is_empty()
        && s.split('.').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
}

/// The message key of an action's words in the journal.
pub fn action_message(action: &str) -> String {
    format!("{ACTION_PREFIX}{}", action.replace('.', "-"))
}

const ACTION_PREFIX: &str = "audit-action-";

/// The client's address as `Ctx::ip` computes it, for handlers without a `Ctx` (the API).
pub struct ClientIp(pub String);

impl<S> FromRequestParts<S> for ClientIp
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        let ip = client_ip(peer, &parts.headers, &state.config.trusted_proxies).map(|ip| ip.to_string()).unwrap_or_default();
        Ok(ClientIp(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_keys_and_their_messages() {
        assert!(is_action_key("events.registrations.export"));
        assert!(is_action_key("news.comments.view"));
        assert!(!is_action_key("Events.view"));
        assert!(!is_action_key("events..view"));
        assert!(!is_action_key("events-view"));
        assert!(!is_action_key(""));
        assert_eq!(action_message("events.checkin.view"), "audit-action-events-checkin-view");
    }
}
