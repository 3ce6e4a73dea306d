//! Access links: a signed, expiring, revocable link e-mailed to a person without an account,
//! for one scope (a module's string such as `events.booking`) and one subject (the id of what
//! it opens, such as a booking).
//!
//! A token is `{link id}.{tag}`, the tag an HMAC-SHA256 with the site's secret over the link's
//! id, scope, subject and a random nonce kept in its row (base64url, 43 characters). Nothing
//! in the database alone opens a link, and a link's token can be made again from its row (a
//! retried booking answers with the same token; later e-mails carry it). Tokens sent before
//! access links existed (43 random characters, no dot) were carried over as the SHA-256 of the
//! token (`legacy_hash`): the same `verify` accepts them.
//!
//! `verify` is the one verification: parse, load by id, recompute the tag and compare in
//! constant time, then check expiry and revocation. Pages reach it through `open`, which also
//! limits failures per client address (429 past the limit) and answers a refused link with
//! `AppError::LinkGone` (a 404 page that explains and offers `/acces`, where a person asks for
//! their links again). Modules register a `Scope` (how to describe a link, where it leads) in
//! their description (`Module::access`), so that the core names no module.

pub mod store;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::core::db::{Db, Tx};
use crate::core::error::AppError;
use crate::core::i18n::Tr;
use crate::core::web::AppState;

/// Failed verifications allowed per client address and window, then 429.
pub const FAILURES_PER_WINDOW: i64 = 20;
pub const FAILURE_WINDOW: i64 = 15 * 60;

/// Makes and checks the tags of access links with the site's secret.
#[derive(Clone)]
pub struct Links {
    secret: Arc<Vec<u8>>,
}

/// What a link's tag is computed over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkKey {
    pub id: i64,
    pub scope: String,
    pub subject: i64,
    pub nonce: String,
}

/// A stored link (without its nonce, which only `Links` uses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub id: i64,
    pub scope: String,
    pub subject: i64,
    pub email: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    /// The day (midnight UTC) the link was last opened.
    pub last_used_at: Option<i64>,
}

/// What a valid token opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Granted {
    pub link_id: i64,
    pub scope: String,
    pub subject: i64,
}

impl Links {
    pub fn new(secret: Arc<Vec<u8>>) -> Links {
        Links { secret }
    }

    pub fn of(state: &AppState) -> Links {
        Links::new(state.secret.clone())
    }

    fn tag(&self, key: &LinkKey) -> Vec<u8> {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.secret) else { return vec![] };
        // Fields separated by a character none of them holds (scopes and nonces are ASCII
        // without NUL), so two different keys never hash the same message.
        mac.update(format!("access-link\0{}\0{}\0{}\0{}", key.id, key.scope, key.subject, key.nonce).as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// The token of a link: `{id}.{tag}`.
    pub fn token(&self, key: &LinkKey) -> String {
        format!("{}.{}", key.id, base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.tag(key)))
    }

    /// Whether `given` is the tag of `key`: a constant-time comparison of the whole tag
    /// (`subtle`), so that the time taken says nothing about how many bytes were right.
    pub fn tag_matches(&self, key: &LinkKey, given: &[u8]) -> bool {
        tags_equal(&self.tag(key), given)
    }
}

/// Constant-time equality of two tags (`subtle::ConstantTimeEq`; different lengths are unequal).
pub fn tags_equal(expected: &[u8], given: &[u8]) -> bool {
    expected.ct_eq(given).into()
}

/// A fresh nonce for a new link (128 random bits, base64url).
pub fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// E-mail addresses are stored and looked up trimmed and lowercased.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A token as it was sent: a link's id and tag, or a carried-over older token.
enum Parsed {
    Signed { id: i64, tag: Vec<u8> },
    Legacy(String),
}

fn parse(token: &str) -> Option<Parsed> {
    let b64 = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    match token.split_once('.') {
        Some((id, tag)) => {
            if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) || tag.len() != 43 || !b64(tag) {
                return None;
            }
            let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(tag).ok()?;
            Some(Parsed::Signed { id: id.parse().ok()?, tag })
        }
        None if token.len() == 43 && b64(token) => Some(Parsed::Legacy(crate::core::auth::sha256_hex(token))),
        None => None,
    }
}

/// The one verification of an access link: what `token` opens at `now`, or `None` when it is
/// malformed, unknown, altered, expired or revoked (the caller cannot tell which, nor can the
/// person: the same page answers all of them).
pub async fn verify(db: &Db, links: &Links, token: &str, now: i64) -> Result<Option<Granted>, sqlx::Error> {
    let Some(parsed) = parse(token) else { return Ok(None) };
    let (row, valid) = match parsed {
        Parsed::Signed { id, tag } => {
            let Some(row) = store::by_id(db, id).await? else { return Ok(None) };
            let valid = links.tag_matches(&row.key, &tag);
            (row, valid)
        }
        Parsed::Legacy(hash) => {
            let Some(row) = store::by_legacy_hash(db, &hash).await? else { return Ok(None) };
            let valid = tags_equal(row.legacy_hash.as_deref().unwrap_or_default().as_bytes(), hash.as_bytes());
            (row, valid)
        }
    };
    if !valid || row.link.revoked_at.is_some() || row.link.expires_at <= now {
        return Ok(None);
    }
    // The day of the last use alone (midnight UTC), written once a day: reading a page does
    // not write every time, and no link keeps when its holder came (an anonymous survey's
    // invitation would otherwise date its response).
    let day = now - now.rem_euclid(86_400);
    if row.link.last_used_at.is_none_or(|t| t < day) {
        store::touch(db, row.link.id, day).await?;
    }
    Ok(Some(Granted { link_id: row.link.id, scope: row.link.scope, subject: row.link.subject }))
}

/// `verify` for a page or an API call of `scope`, from the client address `ip`: a client past
/// `FAILURES_PER_WINDOW` failures in the window gets 429 (with Retry-After) whatever it sends;
/// a refused token counts one failure and is `AppError::LinkGone`. Returns the subject.
pub async fn open(state: &AppState, ip: &str, token: &str, scope: &str, now: i64) -> Result<i64, AppError> {
    let key = format!("access-failures:{ip}");
    if let Some((hits, start)) = store::hits(&state.db, &key).await?
        && hits >= FAILURES_PER_WINDOW
        && start > now - FAILURE_WINDOW
    {
        return Err(AppError::TooManyRequests { retry_after: start + FAILURE_WINDOW - now });
    }
    match verify(&state.db, &Links::of(state), token, now).await? {
        Some(g) if g.scope == scope => Ok(g.subject),
        _ => {
            let (hits, start) = store::hit(state.db.writer(), &key, now, FAILURE_WINDOW).await?;
            if hits > FAILURES_PER_WINDOW {
                return Err(AppError::TooManyRequests { retry_after: start + FAILURE_WINDOW - now });
            }
            Err(AppError::LinkGone)
        }
    }
}

/// Mark a personal page reached through an access link: never kept by a browser or a proxy.
pub fn no_store(mut res: axum::response::Response) -> axum::response::Response {
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    res
}

/// Issue a link in the caller's transaction (one INSERT); returns its token.
pub async fn issue(
    tx: &mut Tx,
    links: &Links,
    scope: &str,
    subject: i64,
    email: &str,
    expires_at: i64,
    now: i64,
) -> Result<String, sqlx::Error> {
    let nonce = new_nonce();
    let id = store::insert(tx, scope, subject, &normalise_email(email), &nonce, None, expires_at, now).await?;
    Ok(links.token(&LinkKey { id, scope: scope.to_string(), subject, nonce }))
}

/// Carry over a personal token sent before access links existed (43 random characters): a
/// link whose `legacy_hash` is the token's SHA-256, so that `verify` accepts the token while
/// the database holds no usable copy of it. The link gets a nonce too: later e-mails carry
/// its signed token.
#[allow(clippy::too_many_arguments)]
pub async fn carry_over(
    tx: &mut Tx,
    scope: &str,
    subject: i64,
    email: &str,
    legacy_token: &str,
    expires_at: i64,
    created_at: i64,
) -> Result<i64, sqlx::Error> {
    let hash = crate::core::auth::sha256_hex(legacy_token);
    store::insert(tx, scope, subject, &normalise_email(email), &new_nonce(), Some(&hash), expires_at, created_at).await
}

/// The token of the newest link of `(scope, subject)` not revoked, made again from its row.
pub async fn token_for(tx: &mut Tx, links: &Links, scope: &str, subject: i64) -> Result<Option<String>, sqlx::Error> {
    Ok(store::keys_for(tx, scope, &[subject]).await?.into_iter().next().map(|k| links.token(&k)))
}

/// The same for many subjects at once: (subject, token) for those that have one.
pub async fn tokens_for(tx: &mut Tx, links: &Links, scope: &str, subjects: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    Ok(store::keys_for(tx, scope, subjects).await?.into_iter().map(|k| (k.subject, links.token(&k))).collect())
}

/// Revoke one link.
pub async fn revoke(db: &Db, link_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    store::revoke(db, link_id, now).await
}

/// Move the expiry of the live links of these subjects (a booking's event moved).
pub async fn set_expiry(tx: &mut Tx, scope: &str, subjects: &[i64], expires_at: i64) -> Result<u64, sqlx::Error> {
    store::set_expiry(tx, scope, subjects, expires_at).await
}

/// Revoke every link of these subjects and forget their e-mail address (anonymisation).
pub async fn revoke_subjects(tx: &mut Tx, scope: &str, subjects: &[i64], now: i64) -> Result<u64, sqlx::Error> {
    store::revoke_subjects(tx, scope, subjects, now).await
}

/// The links of `email` that still open, newest first (with their tokens).
pub async fn list_for_email(db: &Db, links: &Links, email: &str, now: i64) -> Result<Vec<(Link, String)>, sqlx::Error> {
    let rows = store::active_for_email(db, &normalise_email(email), now).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let t = links.token(&r.key);
            (r.link, t)
        })
        .collect())
}

/// Count one hit against `key` (a module's own limit, such as a start per client address) in
/// a window of `window` seconds, in the rate limits' table `count_resend` uses: the count in
/// the current window and the window's start.
pub async fn count_hit(db: &Db, key: &str, now: i64, window: i64) -> Result<(i64, i64), sqlx::Error> {
    store::hit(db.writer(), key, now, window).await
}

/// Requests for one's links allowed per client address and per e-mail address in an hour.
pub const RESENDS_PER_ADDRESS: i64 = 10;
pub const RESENDS_PER_EMAIL: i64 = 3;
pub const RESEND_WINDOW: i64 = 3600;

/// Count a request for one's links against the client address and the e-mail address (both,
/// whatever the outcome, so that the count says nothing about the address); the seconds to
/// wait when either is over its limit.
pub async fn count_resend(db: &Db, ip: &str, email: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let mut wait = None;
    for (key, limit) in [
        (format!("access-resend-ip:{ip}"), RESENDS_PER_ADDRESS),
        (format!("access-resend-email:{}", normalise_email(email)), RESENDS_PER_EMAIL),
    ] {
        let (hits, start) = store::hit(db.writer(), &key, now, RESEND_WINDOW).await?;
        if hits > limit {
            wait = Some(wait.unwrap_or(0).max(start + RESEND_WINDOW - now).max(1));
        }
    }
    Ok(wait)
}

/// Queue, through the mail outbox, one e-mail to `email` listing its links that still open,
/// each described by its module, in the language of `tr`; nothing when there are none. False
/// when nothing was queued. The page that asks for it answers before this runs (see
/// `site::access`), so that a known address and an unknown one take the same time.
pub async fn send_links(state: &AppState, tr: &Tr, email: &str, now: i64) -> Result<bool, sqlx::Error> {
    let links = list_for_email(&state.db, &Links::of(state), email, now).await?;
    let mut lines = vec![];
    for (link, token) in &links {
        let Some(scope) = state.modules.access_scope(&link.scope) else { continue };
        if let Some(d) = (scope.describe)(state, tr, link.subject, token).await? {
            lines.push(format!("- {}\n  {}", d.label, state.absolute(&d.path)));
        }
    }
    if lines.is_empty() {
        return Ok(false);
    }
    let text = format!("{}\n\n{}\n\n{}\n", tr.t("access-mail-lead"), lines.join("\n\n"), tr.t("access-mail-footer"));
    let mail = crate::core::mail::Mail {
        dedup_key: format!("access-links:{}", crate::core::auth::random_token()),
        to: normalise_email(email),
        subject: tr.t("access-mail-subject"),
        text,
        html: None,
        ics: None,
    };
    let mut tx = state.db.begin().await?;
    crate::core::mail::enqueue(&mut tx, &mail, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// What a module says about one of its links, for the "send me my links again" e-mail.
pub struct Described {
    /// One line, such as the event's title and date.
    pub label: String,
    /// The page the link opens (an absolute path, the token included).
    pub path: String,
}

pub type DescribeFuture<'a> = Pin<Box<dyn Future<Output = Result<Option<Described>, sqlx::Error>> + Send + 'a>>;

/// A scope of access links, registered by the module that issues them (`Module::access`).
#[derive(Clone, Copy)]
pub struct Scope {
    pub name: &'static str,
    /// Describe the link of `subject` whose token is the `&str`, in the language of `Tr`;
    /// `None` when the subject is gone (the link is then left out).
    pub describe: for<'a> fn(&'a AppState, &'a Tr, i64, &'a str) -> DescribeFuture<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> LinkKey {
        LinkKey { id: 7, scope: "events.booking".into(), subject: 42, nonce: "n0nce".into() }
    }

    #[test]
    fn a_token_is_the_id_and_a_tag_that_depends_on_every_field_and_the_secret() {
        let links = Links::new(Arc::new(b"secret".to_vec()));
        let token = links.token(&key());
        let (id, tag) = token.split_once('.').unwrap();
        assert_eq!(id, "7");
        assert_eq!(tag.len(), 43);
        for other in [
            LinkKey { id: 8, ..key() },
            LinkKey { scope: "events.other".into(), ..key() },
            LinkKey { subject: 43, ..key() },
            LinkKey { nonce: "n0ncf".into(), ..key() },
        ] {
            assert_ne!(links.token(&other).split_once('.').unwrap().1, tag);
        }
        assert_ne!(Links::new(Arc::new(b"other".to_vec())).token(&key()), token);
    }

    #[test]
    fn tags_are_compared_whole_and_in_constant_time() {
        let links = Links::new(Arc::new(b"secret".to_vec()));
        let good = links.tag(&key());
        assert!(links.tag_matches(&key(), &good));
        // Wrong tags of the same length: first byte, last byte, every byte.
        let mut first = good.clone();
        first[0] ^= 1;
        let mut last = good.clone();
        last[31] ^= 0x80;
        let all: Vec<u8> = good.iter().map(|b| !b).collect();
        for wrong in [first, last, all, vec![0; 32]] {
            assert_eq!(wrong.len(), good.len());
            assert!(!links.tag_matches(&key(), &wrong));
        }
        // A prefix or an extension is not the tag either.
        assert!(!links.tag_matches(&key(), &good[..31]));
        assert!(!links.tag_matches(&key(), &[good.as_slice(), &[0]].concat()));
        assert!(!tags_equal(b"", b"x"));
    }

    #[test]
    fn tokens_parse_strictly() {
        let links = Links::new(Arc::new(b"secret".to_vec()));
        let token = links.token(&key());
        assert!(matches!(parse(&token), Some(Parsed::Signed { id: 7, .. })));
        assert!(matches!(parse(&crate::core::auth::random_token()), Some(Parsed::Legacy(_))));
        for bad in ["", ".", "7.", ".abc", "x.abc", "-7.abc", &format!("{token}x"), &format!("{token}.1"), &token[..token.len() - 1], "a b"]
        {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
