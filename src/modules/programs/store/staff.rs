//! The staff's statements (migration 0032): applications with their origin, selection within
//! the cohort's capacity, the cohorts a person may see, the people placed in a session, and the
//! pictures of a participant that image rights govern.

use sqlx::Row;

use super::{CONSENT_COMPLETE, hold};
use crate::core::db::{Db, Tx};

/// How an application came in, and what the applicant wrote: kept beside the participant.
pub async fn set_application(tx: &mut Tx, participant_id: i64, applied_by: &str, motivation: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET applied_by = $2, motivation = $3 WHERE id = $1")
        .bind(participant_id)
        .bind(applied_by.to_string())
        .bind(motivation.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How an application came in (`self`, `parent`, `staff`) and its motivation.
pub async fn application(db: &Db, participant_id: i64) -> Result<(String, String), sqlx::Error> {
    let r = sqlx::query("SELECT applied_by, motivation FROM participants WHERE id = $1").bind(participant_id).fetch_one(db.pool()).await?;
    Ok((r.try_get(0)?, r.try_get(1)?))
}

/// Select an applicant (applied or waiting) while the cohort has room: the cohort's row is
/// held first, so that two selections at once cannot both take its last place. False when
/// the cohort is full or the participant cannot be selected.
pub async fn select_within_capacity(tx: &mut Tx, participant_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE cohorts SET capacity = capacity WHERE id = (SELECT cohort_id FROM participants WHERE id = $1)")
        .bind(participant_id)
        .execute(&mut **tx)
        .await?;
    hold(tx, participant_id, now).await?;
    let r = sqlx::query(
        "UPDATE participants SET status = 'selected', updated_at = $2 WHERE id = $1 AND status IN ('applied', 'waiting') \
         AND (SELECT COUNT(*) FROM participants o WHERE o.cohort_id = participants.cohort_id AND o.status = 'selected') \
           < (SELECT capacity FROM cohorts c WHERE c.id = participants.cohort_id)",
    )
    .bind(participant_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A cohort in the back office's list, with its counts.
#[derive(Clone, Debug)]
pub struct CohortLine {
    pub id: i64,
    pub program_id: i64,
    pub program: String,
    pub club_id: i64,
    pub club: String,
    pub label: String,
    pub school_year: String,
    pub capacity: i64,
    pub starts_on: i64,
    pub applied: i64,
    pub waiting: i64,
    pub selected: i64,
    pub enrolled: i64,
}

/// The cohorts of `clubs` (`None`: every club), the latest school year first.
pub async fn cohort_lines(db: &Db, clubs: Option<&[i64]>) -> Result<Vec<CohortLine>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT c.id, c.program_id, g.title, c.club_id, k.name, c.label, c.school_year, c.capacity, c.starts_on, \
         (SELECT COUNT(*) FROM participants p WHERE p.cohort_id = c.id AND p.status = 'applied'), \
         (SELECT COUNT(*) FROM participants p WHERE p.cohort_id = c.id AND p.status = 'waiting'), \
         (SELECT COUNT(*) FROM participants p WHERE p.cohort_id = c.id AND p.status = 'selected'), \
         (SELECT COUNT(*) FROM participants p WHERE p.cohort_id = c.id AND p.status = 'selected' AND {CONSENT_COMPLETE}) \
         FROM cohorts c JOIN programs g ON g.id = c.program_id JOIN clubs k ON k.id = c.club_id \
         ORDER BY c.school_year DESC, g.title, k.name, c.id"
    )))
    .fetch_all(db.pool())
    .await?;
    let mut out = vec![];
    for r in rows {
        let club_id: i64 = r.try_get(3)?;
        if clubs.is_some_and(|ids| !ids.contains(&club_id)) {
            continue;
        }
        out.push(CohortLine {
            id: r.try_get(0)?,
            program_id: r.try_get(1)?,
            program: r.try_get(2)?,
            club_id,
            club: r.try_get(4)?,
            label: r.try_get(5)?,
            school_year: r.try_get(6)?,
            capacity: r.try_get(7)?,
            starts_on: r.try_get(8)?,
            applied: r.try_get(9)?,
            waiting: r.try_get(10)?,
            selected: r.try_get(11)?,
            enrolled: r.try_get(12)?,
        });
    }
    Ok(out)
}

/// The cohorts a program's applicants may choose: not ended at `now`, by club name.
pub async fn open_cohorts(db: &Db, program_id: i64, now: i64) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, k.name, c.label, c.starts_on FROM cohorts c JOIN clubs k ON k.id = c.club_id \
         WHERE c.program_id = $1 AND c.ends_on > $2 ORDER BY k.name, c.starts_on, c.id",
    )
    .bind(program_id)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

/// The sessions a participant is placed in.
pub async fn places_of(db: &Db, participant_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT session_id FROM session_places WHERE participant_id = $1 ORDER BY session_id")
        .bind(participant_id)
        .fetch_all(db.pool())
        .await
}

/// Link a picture of the library to a participant: an image of her cohort's club (or any,
/// for `any_club`: a network administrator). With image rights not given at this moment (read
/// after her row is held, so that a withdrawal cannot slip between), it is marked for removal
/// at once and its id returned, to be withheld. `None` when the picture cannot be linked.
pub async fn link_picture(
    tx: &mut Tx,
    participant_id: i64,
    media_id: i64,
    any_club: bool,
    now: i64,
) -> Result<Option<Vec<i64>>, sqlx::Error> {
    hold(tx, participant_id, now).await?;
    let r = sqlx::query(
        "INSERT INTO participant_pictures (participant_id, media_id, added_at) SELECT p.id, m.id, $3 FROM media m \
         JOIN participants p ON p.id = $1 JOIN cohorts c ON c.id = p.cohort_id \
         WHERE m.id = $2 AND m.kind = 'image' AND ($4 = 1 OR m.club_id = c.club_id) ON CONFLICT DO NOTHING",
    )
    .bind(participant_id)
    .bind(media_id)
    .bind(now)
    .bind(i64::from(any_club))
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() != 1 {
        return Ok(None);
    }
    let granted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM participant_consents WHERE participant_id = $1 AND kind = 'image' AND granted = 1 AND withdrawn_at IS NULL",
    )
    .bind(participant_id)
    .fetch_one(&mut **tx)
    .await?;
    if granted > 0 {
        return Ok(Some(vec![]));
    }
    mark_pictures_for_removal(tx, participant_id, now).await.map(Some)
}

/// The images of the library a club's staff may link (the club's own; every one for `None`).
pub async fn library_images(db: &Db, club_id: Option<i64>, limit: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, filename FROM media WHERE kind = 'image' AND ($1 = 0 OR club_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(club_id.unwrap_or(0))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// A participant's pictures: the media id, its key, and when its removal was asked for.
pub async fn pictures(db: &Db, participant_id: i64) -> Result<Vec<(i64, String, Option<i64>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.id, m.key, p.removal_requested_at FROM participant_pictures p JOIN media m ON m.id = p.media_id \
         WHERE p.participant_id = $1 ORDER BY p.added_at, m.id",
    )
    .bind(participant_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect()
}

/// Image rights withdrawn or refused: the participant's pictures are marked for removal and
/// their media ids returned (to be withheld from the public).
pub async fn mark_pictures_for_removal(tx: &mut Tx, participant_id: i64, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query("UPDATE participant_pictures SET removal_requested_at = $2 WHERE participant_id = $1 AND removal_requested_at IS NULL")
        .bind(participant_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    sqlx::query_scalar("SELECT media_id FROM participant_pictures WHERE participant_id = $1")
        .bind(participant_id)
        .fetch_all(&mut **tx)
        .await
}

/// Whether the same young person (names and date of birth) already applied to the cohort.
pub async fn already_applied(db: &Db, cohort_id: i64, p: &super::super::model::ParticipantInput) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM participants WHERE cohort_id = $1 AND LOWER(first_name) = LOWER($2) AND LOWER(last_name) = LOWER($3) \
         AND birth_date = $4 AND status IN ('applied', 'waiting', 'selected')",
    )
    .bind(cohort_id)
    .bind(p.first_name.clone())
    .bind(p.last_name.clone())
    .bind(p.birth_date.clone())
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

/// Adapt a session (its kind, title, times, place, lead; its skills stay the template's).
pub async fn update_session(tx: &mut Tx, id: i64, s: &super::super::model::SessionInput) -> Result<bool, sqlx::Error> {
    let r =
        sqlx::query("UPDATE cohort_sessions SET kind = $2, title = $3, starts_at = $4, ends_at = $5, place = $6, lead = $7 WHERE id = $1")
            .bind(id)
            .bind(s.kind.as_str())
            .bind(s.title.clone())
            .bind(s.starts_at)
            .bind(s.ends_at)
            .bind(s.place.clone())
            .bind(s.lead.clone())
            .execute(&mut **tx)
            .await?;
    Ok(r.rows_affected() == 1)
}

/// How each application of a cohort came in (`self`, `parent`, `staff`), by participant.
pub async fn applied_by(db: &Db, cohort_id: i64) -> Result<std::collections::HashMap<i64, String>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, applied_by FROM participants WHERE cohort_id = $1").bind(cohort_id).fetch_all(db.pool()).await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// How many are placed in each session of a cohort, by session.
pub async fn placed_counts(db: &Db, cohort_id: i64) -> Result<std::collections::HashMap<i64, i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, COUNT(p.participant_id) FROM cohort_sessions s LEFT JOIN session_places p ON p.session_id = s.id \
         WHERE s.cohort_id = $1 GROUP BY s.id",
    )
    .bind(cohort_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}
