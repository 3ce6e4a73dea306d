//! The statements of staff's back office: the counts of the surveys' list, closing a wave
//! early, who an invitation or a reminder goes to (each marked by one conditional UPDATE so
//! that a restarted job never e-mails anyone twice), and invitations found and erased by
//! e-mail address.

use sqlx::Row;

use super::{INVITATION, invitation_of};
use crate::core::db::{Db, Tx};
use crate::modules::surveys::model::Invitation;

/// What the surveys' list shows of a wave: invitations, those answered, complete responses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaveCounts {
    pub invitations: i64,
    pub answered: i64,
    pub complete: i64,
}

/// Every wave's counts by wave id; `clubs` (Some) counts only those territories.
pub async fn wave_counts(db: &Db, clubs: Option<&[i64]>) -> Result<std::collections::HashMap<i64, WaveCounts>, sqlx::Error> {
    let filter = match clubs {
        Some(c) if c.is_empty() => " WHERE 1 = 0".to_string(),
        Some(c) => format!(" WHERE club_id IN ({})", c.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")),
        None => String::new(),
    };
    let mut out: std::collections::HashMap<i64, WaveCounts> = Default::default();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT wave_id, COUNT(*), CAST(COALESCE(SUM(CASE WHEN state = 'answered' THEN 1 ELSE 0 END), 0) AS BIGINT) FROM survey_invitations{filter} GROUP BY wave_id"
    )))
    .fetch_all(db.pool())
    .await?;
    for r in rows {
        let e = out.entry(r.try_get(0)?).or_default();
        e.invitations = r.try_get(1)?;
        e.answered = r.try_get(2)?;
    }
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT wave_id, CAST(COALESCE(SUM(complete), 0) AS BIGINT) FROM survey_wave_territories{filter} GROUP BY wave_id"
    )))
    .fetch_all(db.pool())
    .await?;
    for r in rows {
        out.entry(r.try_get(0)?).or_default().complete = r.try_get(1)?;
    }
    Ok(out)
}

/// The surveys with a wave running in one of `clubs` (a club's staff sees the network's
/// surveys it takes part in).
pub async fn surveys_in_clubs(db: &Db, clubs: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    if clubs.is_empty() {
        return Ok(vec![]);
    }
    let list = clubs.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT w.survey_id FROM survey_waves w JOIN survey_wave_territories t ON t.wave_id = w.id WHERE t.club_id IN ({list})"
    )))
    .fetch_all(db.pool())
    .await
}

/// Whether another survey has this slug.
pub async fn slug_taken(db: &Db, slug: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM surveys WHERE slug = $1 AND id <> $2")
        .bind(slug.to_string())
        .bind(except.unwrap_or(0))
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

/// Whether the survey already has a wave with this label.
pub async fn label_taken(db: &Db, survey_id: i64, label: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_waves WHERE survey_id = $1 AND label = $2 AND id <> $3")
        .bind(survey_id)
        .bind(label.to_string())
        .bind(except.unwrap_or(0))
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

/// Close a wave now (its closing date becomes `now`; a wave not yet begun begins a second
/// before). False when it was already closed.
pub async fn close_wave(tx: &mut Tx, wave_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE survey_waves SET closes_at = $2, opens_at = CASE WHEN opens_at >= $2 THEN $2 - 1 ELSE opens_at END \
         WHERE id = $1 AND closes_at > $2",
    )
    .bind(wave_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A wave's invitation ids.
pub async fn invitation_ids(tx: &mut Tx, wave_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM survey_invitations WHERE wave_id = $1").bind(wave_id).fetch_all(&mut **tx).await
}

/// The invitations never e-mailed (and not answered), by id.
pub async fn to_invite(db: &Db, wave_id: i64) -> Result<Vec<Invitation>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{INVITATION} WHERE wave_id = $1 AND invited_at IS NULL AND state <> 'answered' ORDER BY id"
    )))
    .bind(wave_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(invitation_of).collect()
}

/// The invitations a reminder round that began at `since` still has to remind: not answered,
/// invited at `invited_before` or earlier, not reminded since the round began.
pub async fn to_remind(db: &Db, wave_id: i64, invited_before: i64, since: i64) -> Result<Vec<Invitation>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{INVITATION} WHERE wave_id = $1 AND state <> 'answered' AND invited_at IS NOT NULL AND invited_at <= $2 \
         AND (reminded_at IS NULL OR reminded_at < $3) ORDER BY id"
    )))
    .bind(wave_id)
    .bind(invited_before)
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(invitation_of).collect()
}

/// Mark an invitation e-mailed; false when it already was (another run sent it).
pub async fn mark_invited(tx: &mut Tx, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE survey_invitations SET invited_at = $2 WHERE id = $1 AND invited_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Mark an invitation reminded in the round that began at `since`; false when it answered
/// meanwhile or this round already reminded it.
pub async fn mark_reminded(tx: &mut Tx, id: i64, since: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE survey_invitations SET reminded_at = $3, reminders = reminders + 1 \
         WHERE id = $1 AND state <> 'answered' AND (reminded_at IS NULL OR reminded_at < $2)",
    )
    .bind(id)
    .bind(since)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The e-mail addresses already invited to a wave (normalised).
pub async fn invited_emails(db: &Db, wave_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT email FROM survey_invitations WHERE wave_id = $1").bind(wave_id).fetch_all(db.pool()).await
}

/// The invitations sent to an address, with their survey and wave, for a person's export.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT i.id, s.title, w.label, i.name, i.email, i.attributes, i.state, i.invited_at, i.reminded_at, i.created_at \
         FROM survey_invitations i JOIN survey_waves w ON w.id = i.wave_id JOIN surveys s ON s.id = w.survey_id \
         WHERE i.email = $1 ORDER BY i.id",
    )
    .bind(email.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let attributes: String = r.try_get(5)?;
            Ok(serde_json::json!({
                "id": r.try_get::<i64, _>(0)?,
                "survey": r.try_get::<String, _>(1)?,
                "wave": r.try_get::<String, _>(2)?,
                "name": r.try_get::<String, _>(3)?,
                "email": r.try_get::<String, _>(4)?,
                "attributes": serde_json::from_str::<serde_json::Value>(&attributes).unwrap_or_default(),
                "state": r.try_get::<String, _>(6)?,
                "invited_at": r.try_get::<Option<i64>, _>(7)?,
                "reminded_at": r.try_get::<Option<i64>, _>(8)?,
                "created_at": r.try_get::<i64, _>(9)?,
            }))
        })
        .collect()
}

/// Erase the invitations sent to an address: their name, address and attributes blanked
/// (the address becomes `erased-{id}@invalid`, unique and undeliverable), their drafts and any
/// link from a response to them deleted; their state and the responses stay, so that counts
/// hold. Returns the invitations erased.
pub async fn erase_by_email(tx: &mut Tx, email: &str) -> Result<u64, sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM survey_invitations WHERE email = $1").bind(email.to_string()).fetch_all(&mut **tx).await?;
    for id in &ids {
        sqlx::query("DELETE FROM survey_drafts WHERE invitation_id = $1").bind(*id).execute(&mut **tx).await?;
        sqlx::query("DELETE FROM survey_response_links WHERE invitation_id = $1").bind(*id).execute(&mut **tx).await?;
        sqlx::query("UPDATE survey_invitations SET name = '', email = $2, attributes = '{}' WHERE id = $1")
            .bind(*id)
            .bind(format!("erased-{id}@invalid"))
            .execute(&mut **tx)
            .await?;
    }
    Ok(ids.len() as u64)
}
