//! The badges' SQL (migration 0034): the network's signing keys and the badges issued to the
//! participants who completed their path.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::core::db::{Db, Tx};
use crate::modules::programs::badges::{Badge, SigningKeyRow};

// ---- keys ----

fn key_of(r: &AnyRow) -> Result<SigningKeyRow, sqlx::Error> {
    Ok(SigningKeyRow { kid: r.try_get(0)?, seed: r.try_get(1)?, public_key: r.try_get(2)?, created_at: r.try_get(3)? })
}

/// Write `key` as the first key (generation 1) unless there is one already; the unique
/// generation makes two instances starting at once keep one key.
pub async fn insert_first_key(db: &Db, key: &SigningKeyRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO badge_keys (generation, kid, seed, public_key, created_at) VALUES (1, $1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(key.kid.clone())
        .bind(key.seed.clone())
        .bind(key.public_key.clone())
        .bind(key.created_at)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// The key badges are signed with now (the latest generation).
pub async fn current_key(db: &Db) -> Result<Option<SigningKeyRow>, sqlx::Error> {
    let row = sqlx::query("SELECT kid, seed, public_key, created_at FROM badge_keys ORDER BY generation DESC LIMIT 1")
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(key_of).transpose()
}

/// Every key, to publish (a badge signed before a rotation still verifies).
pub async fn keys(db: &Db) -> Result<Vec<SigningKeyRow>, sqlx::Error> {
    let rows = sqlx::query("SELECT kid, seed, public_key, created_at FROM badge_keys ORDER BY generation").fetch_all(db.pool()).await?;
    rows.iter().map(key_of).collect()
}

// ---- badges ----

const BADGE: &str = "SELECT id, participant_id, cohort_id, program_id, status_index, recipient, issued_at, credential, revoked_at \
                     FROM program_badges";

fn badge_of(r: &AnyRow) -> Result<Badge, sqlx::Error> {
    Ok(Badge {
        id: r.try_get(0)?,
        participant_id: r.try_get(1)?,
        cohort_id: r.try_get(2)?,
        program_id: r.try_get(3)?,
        status_index: r.try_get(4)?,
        recipient: r.try_get(5)?,
        issued_at: r.try_get(6)?,
        credential: r.try_get(7)?,
        revoked_at: r.try_get(8)?,
    })
}

/// The next free position in the status list (read in the issuing transaction; two issuers
/// reading the same one make the second insert do nothing, and it tries again).
pub async fn next_status_index(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(status_index), -1) + 1 FROM program_badges").fetch_one(&mut **tx).await
}

/// Insert a badge; false when nothing was written (the participant has one already, or its
/// status index was just taken).
pub async fn insert_badge(tx: &mut Tx, b: &Badge) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO program_badges (id, participant_id, cohort_id, program_id, status_index, recipient, issued_at, credential) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )
    .bind(b.id.clone())
    .bind(b.participant_id)
    .bind(b.cohort_id)
    .bind(b.program_id)
    .bind(b.status_index)
    .bind(b.recipient.clone())
    .bind(b.issued_at)
    .bind(b.credential.clone())
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Whether a participant has a badge, in a transaction.
pub async fn has_badge(tx: &mut Tx, participant_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM program_badges WHERE participant_id = $1")
        .bind(participant_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

pub async fn badge(db: &Db, id: &str) -> Result<Option<Badge>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{BADGE} WHERE id = $1"))).bind(id.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(badge_of).transpose()
}

pub async fn badge_of_participant(db: &Db, participant_id: i64) -> Result<Option<Badge>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{BADGE} WHERE participant_id = $1")))
        .bind(participant_id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(badge_of).transpose()
}

/// The status-list positions of the revoked badges.
pub async fn revoked_indexes(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT status_index FROM program_badges WHERE revoked_at IS NOT NULL ORDER BY status_index")
        .fetch_all(db.pool())
        .await
}

/// The highest position in the status list (-1: none yet).
pub async fn max_status_index(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(status_index), -1) FROM program_badges").fetch_one(db.pool()).await
}

/// Revoke a badge at `now`; false when it was revoked already (its first date stays).
pub async fn revoke(tx: &mut Tx, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE program_badges SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Blank the first name a participant's badge shows (anonymisation, erasure).
pub async fn blank_recipient(tx: &mut Tx, participant_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE program_badges SET recipient = '' WHERE participant_id = $1").bind(participant_id).execute(&mut **tx).await?;
    Ok(())
}
