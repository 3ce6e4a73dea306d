//! Accounts, roles, password hashing, sessions, login throttling and API tokens.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::core::db::Db;

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

/// A random token of 256 bits, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
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
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)")
        .bind(sha256_hex(&token))
        .bind(user_id)
        .bind(now)
        .bind(now + SESSION_MAX)
        .execute(db.writer())
        .await?;
    Ok(token)
}

pub async fn delete_session(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(sha256_hex(token)).execute(db.writer()).await?;
    Ok(())
}

/// The person behind a session token, if the session is alive; touches it at most once a minute.
pub async fn principal_for_session(db: &Db, token: &str, now: i64) -> Result<Option<Principal>, sqlx::Error> {
    let hash = sha256_hex(token);
    let row = sqlx::query(
        "SELECT s.user_id, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled = 0",
    )
    .bind(hash.clone())
    .bind(now)
    .bind(now - SESSION_IDLE)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let user_id: i64 = row.try_get(0)?;
    let last_seen: i64 = row.try_get(1)?;
    if now - last_seen > 60 {
        // Best effort: while a long write (an import on SQLite) holds the writer, the touch is
        // skipped rather than making the request wait or fail.
        let touch = sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2").bind(now).bind(hash).execute(db.writer());
        if let Ok(Err(e)) = tokio::time::timeout(std::time::Duration::from_millis(200), touch).await {
            tracing::warn!(error = %e, "session touch failed")
        }
    }
    principal_for_user(db, user_id).await
}

pub async fn principal_for_user(db: &Db, user_id: i64) -> Result<Option<Principal>, sqlx::Error> {
    let Some(user) =
        sqlx::query("SELECT id, name, email FROM users WHERE id = $1 AND disabled = 0").bind(user_id).fetch_optional(db.pool()).await?
    else {
        return Ok(None);
    };
    let grants = sqlx::query("SELECT role, club_id FROM memberships WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .filter_map(|r| {
            let role: String = r.try_get(0).ok()?;
            let club_id: Option<i64> = r.try_get(1).ok()?;
            Some(Grant { role: Role::parse(&role)?, club_id })
        })
        .collect();
    Ok(Some(Principal { user_id: user.try_get(0)?, name: user.try_get(1)?, email: user.try_get(2)?, grants }))
}

/// Login throttling: after `MAX_FAILURES` failures in `WINDOW` seconds for a key (an e-mail or
/// an IP address), the key is locked for a delay that doubles with each further failure.
pub const MAX_FAILURES: i64 = 5;
pub const WINDOW: i64 = 15 * 60;

/// Seconds to wait before `key` may try again (0: go ahead).
pub async fn login_wait(db: &Db, key: &str, now: i64) -> Result<i64, sqlx::Error> {
    let locked: Option<i64> = sqlx::query_scalar("SELECT locked_until FROM login_failures WHERE key = $1")
        .bind(key.to_string())
        .fetch_optional(db.pool())
        .await?;
    Ok(locked.map(|until| (until - now).max(0)).unwrap_or(0))
}

pub async fn record_login_failure(db: &Db, key: &str, now: i64) -> Result<(), sqlx::Error> {
    // An address may be shared by a whole school or office: it gets more tries than an account.
    let max = if key.starts_with("ip:") { MAX_FAILURES * 4 } else { MAX_FAILURES };
    let mut tx = db.begin().await?;
    let row = sqlx::query("SELECT failures, window_start FROM login_failures WHERE key = $1")
        .bind(key.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    let (failures, start) = match row {
        Some(r) => {
            let f: i64 = r.try_get(0)?;
            let s: i64 = r.try_get(1)?;
            if now - s > WINDOW && f < max { (1, now) } else { (f + 1, s) }
        }
        None => (1, now),
    };
    let locked_until = if failures >= max {
        let extra = (failures - max).min(10) as u32;
        now + 30 * 2i64.pow(extra)
    } else {
        0
    };
    sqlx::query(
        "INSERT INTO login_failures (key, failures, window_start, locked_until) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO UPDATE SET failures = $2, window_start = $3, locked_until = $4",
    )
    .bind(key.to_string())
    .bind(failures)
    .bind(start)
    .bind(locked_until)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

pub async fn clear_login_failures(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key.to_string()).execute(db.writer()).await?;
    Ok(())
}

/// Check an e-mail and password; returns the user's id.
pub async fn check_credentials(db: &Db, email: &str, password: &str) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1 AND disabled = 0")
        .bind(email.trim().to_lowercase())
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else {
        // Spend the same time as a real check, so that timing does not reveal accounts.
        let _ = verify_password(password, DUMMY_HASH);
        return Ok(None);
    };
    let id: i64 = row.try_get(0)?;
    let hash: Option<String> = row.try_get(1)?;
    // Accounts without a password (imported authors) spend the same time as the others.
    let ok = verify_password(password, hash.as_deref().unwrap_or(DUMMY_HASH)) && hash.is_some();
    Ok(ok.then_some(id))
}

const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Z0Cj2M2Gd2xv0GkXh7m4L3vQ5o2yB1mK1q2G8yZ6Yk";

/// The person behind an API token, if it is valid and not revoked.
pub async fn principal_for_api_token(db: &Db, token: &str, now: i64) -> Result<Option<Principal>, sqlx::Error> {
    let row = sqlx::query("SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(sha256_hex(token))
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let user_id: i64 = row.try_get(1)?;
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(now).bind(id).execute(db.writer()).await?;
    principal_for_user(db, user_id).await
}

/// Create an account (or update its name, password and role if the e-mail exists).
pub async fn upsert_user(
    db: &Db,
    email: &str,
    name: &str,
    password: Option<&str>,
    role: Role,
    club_id: Option<i64>,
    now: i64,
) -> anyhow::Result<i64> {
    let hash = password.map(hash_password).transpose()?;
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (email) DO UPDATE SET name = $2, password_hash = COALESCE($3, users.password_hash) RETURNING id",
    )
    .bind(email.trim().to_lowercase())
    .bind(name.to_string())
    .bind(hash)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM memberships WHERE user_id = $1 AND role = $2 AND COALESCE(club_id, 0) = $3")
            .bind(id)
            .bind(role.as_str())
            .bind(club_id.unwrap_or(0))
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        sqlx::query("INSERT INTO memberships (user_id, role, club_id, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(role.as_str())
            .bind(club_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A person without a password and without a role (an imported author): created, or found
/// by e-mail and left as is. Returns the id.
pub async fn upsert_person_tx(tx: &mut crate::core::db::Tx, email: &str, name: &str, now: i64) -> Result<(i64, bool), sqlx::Error> {
    let email = email.trim().to_lowercase();
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email.clone()).fetch_optional(&mut **tx).await?;
    if let Some(id) = existing {
        return Ok((id, false));
    }
    let id = sqlx::query_scalar("INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, NULL, $3) RETURNING id")
        .bind(email)
        .bind(name.to_string())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
    Ok((id, true))
}

/// Remove expired sessions and stale login failures.
pub async fn purge_expired(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now)
        .bind(now - SESSION_IDLE)
        .execute(db.writer())
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE window_start <= $1 AND locked_until <= $2")
        .bind(now - WINDOW)
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(())
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
