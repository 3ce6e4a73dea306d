//! Accounts, roles, password hashing, sessions, login throttling and API tokens.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::core::db::Db;
use crate::core::error::AppResult;

mod store;

/// A role, scoped to the whole network or to one club.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    NetworkAdmin,
    ClubAdmin,
    Editor,
    Member,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::NetworkAdmin, Role::ClubAdmin, Role::Editor, Role::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::NetworkAdmin => "network_admin",
            Role::ClubAdmin => "club_admin",
            Role::Editor => "editor",
            Role::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// The i18n key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::NetworkAdmin => "role-network_admin",
            Role::ClubAdmin => "role-club_admin",
            Role::Editor => "role-editor",
            Role::Member => "role-member",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    /// `None`: the whole network.
    pub club_id: Option<i64>,
}

/// The signed-in person and what they may do. Deny by default: every check names a scope.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub grants: Vec<Grant>,
}

impl Principal {
    pub fn is_network_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::NetworkAdmin)
    }

    /// May reach the back office at all.
    pub fn is_staff(&self) -> bool {
        self.grants.iter().any(|g| g.role != Role::Member)
    }

    /// May write and publish news for `club_id`.
    pub fn can_publish(&self, club_id: Option<i64>) -> bool {
        self.grants.iter().any(|g| match g.role {
            Role::NetworkAdmin => true,
            Role::ClubAdmin | Role::Editor => g.club_id.is_none() || (g.club_id.is_some() && g.club_id == club_id),
            Role::Member => false,
        })
    }

    /// May manage the club itself (its details, contacts, its staff).
    pub fn can_manage_club(&self, club_id: i64) -> bool {
        self.grants.iter().any(|g| match g.role {
            Role::NetworkAdmin => true,
            Role::ClubAdmin => g.club_id.is_none() || g.club_id == Some(club_id),
            _ => false,
        })
    }

    /// The clubs this person may publish for; `None` means all of them.
    pub fn publishing_clubs(&self) -> Option<Vec<i64>> {
        if self.can_publish(None) {
            return None;
        }
        let mut ids: Vec<i64> =
            self.grants.iter().filter(|g| matches!(g.role, Role::ClubAdmin | Role::Editor)).filter_map(|g| g.club_id).collect();
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let salt = SaltString::encode_b64(&bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| anyhow::anyhow!("hash: {e}"))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false)
}

/// `hash_password` on the blocking pool: argon2 takes tens of milliseconds of CPU, which
/// must not hold up an async worker (and every request it serves).
pub async fn hash_password_off_workers(password: &str) -> anyhow::Result<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password(&password)).await?
}

/// `verify_password` on the blocking pool (see `hash_password_off_workers`).
pub async fn verify_password_off_workers(password: &str, hash: &str) -> anyhow::Result<bool> {
    let (password, hash) = (password.to_string(), hash.to_string());
    Ok(tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await?)
}

/// A random token of 256 bits, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// HMAC-SHA256 of `data` under `key`, base64url (the site's signatures: `AppInner::sign`).
pub fn hmac_base64(key: &[u8], data: &str) -> String {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(key) else { return String::new() };
    mac.update(data.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

pub fn sha256_hex(s: &str) -> String {
    sha256_bytes_hex(s.as_bytes())
}

pub fn sha256_bytes_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Sessions last 12 hours idle and 7 days at most.
pub const SESSION_IDLE: i64 = 12 * 3600;
pub const SESSION_MAX: i64 = 7 * 24 * 3600;

/// Create a session for `user_id`; returns the cookie token (only its hash is stored).
pub async fn create_session(db: &Db, user_id: i64, now: i64) -> Result<String, sqlx::Error> {
    let token = random_token();
    store::insert_session(db, &sha256_hex(&token), user_id, now, now + SESSION_MAX).await?;
    Ok(token)
}

pub async fn delete_session(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    store::delete_session(db, &sha256_hex(token)).await
}

/// The person behind a session token, if the session is alive; touches it at most once a minute.
pub async fn principal_for_session(db: &Db, token: &str, now: i64) -> Result<Option<Principal>, sqlx::Error> {
    let hash = sha256_hex(token);
    let Some((user_id, last_seen)) = store::live_session(db, &hash, now, now - SESSION_IDLE).await? else { return Ok(None) };
    if now - last_seen > 60 {
        // Best effort: while a long write (an import on SQLite) holds the writer, the touch is
        // skipped rather than making the request wait or fail.
        let touch = store::touch_session(db, &hash, now);
        if let Ok(Err(e)) = tokio::time::timeout(std::time::Duration::from_millis(200), touch).await {
            tracing::warn!(error = %e, "session touch failed")
        }
    }
    principal_for_user(db, user_id).await
}

pub async fn principal_for_user(db: &Db, user_id: i64) -> Result<Option<Principal>, sqlx::Error> {
    let Some((id, name, email)) = store::active_user(db, user_id).await? else { return Ok(None) };
    let grants = store::memberships(db, user_id)
        .await?
        .into_iter()
        .filter_map(|(role, club_id)| Some(Grant { role: Role::parse(&role)?, club_id }))
        .collect();
    Ok(Some(Principal { user_id: id, name, email, grants }))
}

/// Login throttling: after `MAX_FAILURES` failures in `WINDOW` seconds for a key (an e-mail or
/// an IP address), the key is locked for a delay that doubles with each further failure.
pub const MAX_FAILURES: i64 = 5;
pub const WINDOW: i64 = 15 * 60;

/// Seconds to wait before `key` may try again (0: go ahead).
pub async fn login_wait(db: &Db, key: &str, now: i64) -> Result<i64, sqlx::Error> {
    let locked = store::locked_until(db, key).await?;
    Ok(locked.map(|until| (until - now).max(0)).unwrap_or(0))
}

pub async fn record_login_failure(db: &Db, key: &str, now: i64) -> Result<(), sqlx::Error> {
    // An address may be shared by a whole school or office: it gets more tries than an account.
    let max = if key.starts_with("ip:") { MAX_FAILURES * 4 } else { MAX_FAILURES };
    let failures = store::count_login_failure(db, key, now, WINDOW, max).await?;
    if failures >= max {
        // The lock doubles with each failure past the limit; the longest one wins.
        let extra = (failures - max).min(10) as u32;
        store::lock_login(db, key, now + 30 * 2i64.pow(extra)).await?;
    }
    Ok(())
}

pub async fn clear_login_failures(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    store::clear_login_failures(db, key).await
}

/// Check an e-mail and password; returns the user's id. The hash is verified on the blocking
/// pool, never on an async worker.
pub async fn check_credentials(db: &Db, email: &str, password: &str) -> AppResult<Option<i64>> {
    let Some((id, hash)) = store::credentials(db, &email.trim().to_lowercase()).await? else {
        // Spend the same time as a real check, so that timing does not reveal accounts.
        let _ = verify_password_off_workers(password, DUMMY_HASH).await?;
        return Ok(None);
    };
    // Accounts without a password (imported authors) spend the same time as the others.
    let ok = verify_password_off_workers(password, hash.as_deref().unwrap_or(DUMMY_HASH)).await? && hash.is_some();
    Ok(ok.then_some(id))
}

const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Z0Cj2M2Gd2xv0GkXh7m4L3vQ5o2yB1mK1q2G8yZ6Yk";

/// The person behind an API token, if it is valid and not revoked.
pub async fn principal_for_api_token(db: &Db, token: &str, now: i64) -> Result<Option<Principal>, sqlx::Error> {
    let Some(user_id) = store::use_api_token(db, &sha256_hex(token), now).await? else { return Ok(None) };
    principal_for_user(db, user_id).await
}

/// Create a new account with a password and a role. An e-mail that already has an account is
/// refused (`None`): that person's name, password and roles stay as they are.
pub async fn create_user(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
    role: Role,
    club_id: Option<i64>,
    now: i64,
) -> anyhow::Result<Option<i64>> {
    let hash = hash_password_off_workers(password).await?;
    Ok(store::create_user(db, &email.trim().to_lowercase(), name, &hash, role, club_id, now).await?)
}

/// Create an account or, if the e-mail exists, update its name and password (when given) and
/// add the role: for the demo, the benchmarks' data and tests. People are created with
/// `create_user`, which never touches an existing account.
pub async fn upsert_user(
    db: &Db,
    email: &str,
    name: &str,
    password: Option<&str>,
    role: Role,
    club_id: Option<i64>,
    now: i64,
) -> anyhow::Result<i64> {
    let hash = match password {
        Some(p) => Some(hash_password_off_workers(p).await?),
        None => None,
    };
    Ok(store::upsert_user(db, &email.trim().to_lowercase(), name, hash.as_deref(), role, club_id, now).await?)
}

/// A person without a password and without a role (an imported author): created, or found
/// by e-mail and left as is. Returns the id.
pub async fn upsert_person_tx(tx: &mut crate::core::db::Tx, email: &str, name: &str, now: i64) -> Result<(i64, bool), sqlx::Error> {
    store::upsert_person_tx(tx, &email.trim().to_lowercase(), name, now).await
}

/// Remove expired sessions and stale login failures.
pub async fn purge_expired(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    store::purge_expired(db, now, now - SESSION_IDLE, now - WINDOW).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_with_the_recommended_parameters() {
        let h = hash_password("correct horse battery staple").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password("correct horse battery staple", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn club_scoped_editors_publish_only_for_their_club() {
        let p =
            Principal { user_id: 1, name: "E".into(), email: "e@x".into(), grants: vec![Grant { role: Role::Editor, club_id: Some(2) }] };
        assert!(p.can_publish(Some(2)));
        assert!(!p.can_publish(Some(3)));
        assert!(!p.can_publish(None));
        assert!(!p.can_manage_club(2));
        assert_eq!(p.publishing_clubs(), Some(vec![2]));
        let member = Principal { grants: vec![Grant { role: Role::Member, club_id: None }], ..p.clone() };
        assert!(!member.is_staff());
        assert!(!member.can_publish(Some(2)));
    }
}
