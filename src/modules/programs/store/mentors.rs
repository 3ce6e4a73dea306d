//! Mentors (migration 0032): volunteers of a club, paired with participants, logging their
//! meetings. What a mentor's page reads never holds more of a participant than her first name:
//! the queries below select nothing else, and only while she is selected with every required
//! consent ([`CONSENT_COMPLETE`]).

use sqlx::Row;

use super::CONSENT_COMPLETE;
use crate::core::db::{Db, Tx};

#[derive(Clone, Debug, PartialEq)]
pub struct Mentor {
    pub id: i64,
    pub club_id: i64,
    pub name: String,
    pub email: String,
}

/// Add a club's mentor (or rename the one with that address); returns the id.
pub async fn upsert_mentor(tx: &mut Tx, club_id: i64, name: &str, email: &str, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO program_mentors (club_id, name, email, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (club_id, email) DO UPDATE SET name = excluded.name RETURNING id",
    )
    .bind(club_id)
    .bind(name.to_string())
    .bind(email.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

fn mentor_of(r: &sqlx::any::AnyRow) -> Result<Mentor, sqlx::Error> {
    Ok(Mentor { id: r.try_get(0)?, club_id: r.try_get(1)?, name: r.try_get(2)?, email: r.try_get(3)? })
}

pub async fn mentor(db: &Db, id: i64) -> Result<Option<Mentor>, sqlx::Error> {
    let r = sqlx::query("SELECT id, club_id, name, email FROM program_mentors WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    r.as_ref().map(mentor_of).transpose()
}

pub async fn mentors(db: &Db, club_id: i64) -> Result<Vec<Mentor>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, club_id, name, email FROM program_mentors WHERE club_id = $1 ORDER BY name, id")
        .bind(club_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(mentor_of).collect()
}

/// Pair a mentor of the participant's club with her, ending her earlier pairing: written only
/// when she is selected with every required consent (one INSERT … SELECT, like `place`).
pub async fn pair(tx: &mut Tx, mentor_id: i64, participant_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    super::hold(tx, participant_id, now).await?;
    sqlx::query("UPDATE mentor_pairs SET ended_at = $2 WHERE participant_id = $1 AND ended_at IS NULL AND mentor_id <> $3")
        .bind(participant_id)
        .bind(now)
        .bind(mentor_id)
        .execute(&mut **tx)
        .await?;
    let there: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM mentor_pairs WHERE participant_id = $1 AND mentor_id = $2 AND ended_at IS NULL")
            .bind(participant_id)
            .bind(mentor_id)
            .fetch_one(&mut **tx)
            .await?;
    if there > 0 {
        return Ok(true);
    }
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO mentor_pairs (mentor_id, participant_id, paired_at) \
         SELECT m.id, p.id, $3 FROM program_mentors m JOIN cohorts c ON c.club_id = m.club_id JOIN participants p ON p.cohort_id = c.id \
         WHERE m.id = $1 AND p.id = $2 AND p.status = 'selected' AND p.anonymised_at IS NULL AND {CONSENT_COMPLETE}"
    )))
    .bind(mentor_id)
    .bind(participant_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// End a participant's pairing.
pub async fn unpair(tx: &mut Tx, participant_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE mentor_pairs SET ended_at = $2 WHERE participant_id = $1 AND ended_at IS NULL")
        .bind(participant_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// A participant's live mentor, for staff.
pub async fn mentor_of_participant(db: &Db, participant_id: i64) -> Result<Option<Mentor>, sqlx::Error> {
    let r = sqlx::query(
        "SELECT m.id, m.club_id, m.name, m.email FROM mentor_pairs x JOIN program_mentors m ON m.id = x.mentor_id \
         WHERE x.participant_id = $1 AND x.ended_at IS NULL",
    )
    .bind(participant_id)
    .fetch_optional(db.pool())
    .await?;
    r.as_ref().map(mentor_of).transpose()
}

/// What a mentor sees of a participant: her first name, her program and cohort, and the
/// meetings logged (dates and minutes).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Mentee {
    pub pair_id: i64,
    pub first_name: String,
    pub program: String,
    pub cohort: String,
}

/// The participants a mentor sees now: live pairings whose participant is still selected with
/// every required consent and not anonymised. Only the first name is read.
pub async fn mentees(db: &Db, mentor_id: i64) -> Result<Vec<Mentee>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT x.id, p.first_name, g.title, c.label FROM mentor_pairs x JOIN participants p ON p.id = x.participant_id \
         JOIN cohorts c ON c.id = p.cohort_id JOIN programs g ON g.id = c.program_id \
         WHERE x.mentor_id = $1 AND x.ended_at IS NULL AND p.status = 'selected' AND p.anonymised_at IS NULL AND {CONSENT_COMPLETE} \
         ORDER BY p.first_name, x.id"
    )))
    .bind(mentor_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok(Mentee { pair_id: r.try_get(0)?, first_name: r.try_get(1)?, program: r.try_get(2)?, cohort: r.try_get(3)? }))
        .collect()
}

/// Log a meeting on a pairing the mentor may still see (the same conditions as [`mentees`]);
/// false when they may not.
pub async fn log_meeting(
    tx: &mut Tx,
    mentor_id: i64,
    pair_id: i64,
    held_on: &str,
    minutes: i64,
    note: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO mentor_meetings (pair_id, held_on, minutes, note, created_at) \
         SELECT x.id, $3, $4, $5, $6 FROM mentor_pairs x JOIN participants p ON p.id = x.participant_id \
         WHERE x.id = $2 AND x.mentor_id = $1 AND x.ended_at IS NULL AND p.status = 'selected' AND p.anonymised_at IS NULL AND {CONSENT_COMPLETE}"
    )))
    .bind(mentor_id)
    .bind(pair_id)
    .bind(held_on.to_string())
    .bind(minutes)
    .bind(note.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A meeting logged: for the mentor (date and minutes) and for staff (the note too).
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub pair_id: i64,
    pub held_on: String,
    pub minutes: i64,
    pub note: String,
    pub mentor: String,
}

/// A mentor's meetings on their live pairings, the latest first (the notes are not read).
pub async fn meetings_of_mentor(db: &Db, mentor_id: i64) -> Result<Vec<Meeting>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.pair_id, e.held_on, e.minutes FROM mentor_meetings e JOIN mentor_pairs x ON x.id = e.pair_id \
         WHERE x.mentor_id = $1 AND x.ended_at IS NULL ORDER BY e.held_on DESC, e.id DESC",
    )
    .bind(mentor_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Meeting {
                pair_id: r.try_get(0)?,
                held_on: r.try_get(1)?,
                minutes: r.try_get(2)?,
                note: String::new(),
                mentor: String::new(),
            })
        })
        .collect()
}

/// A participant's meetings with every mentor she had, for staff (notes included).
pub async fn meetings_of_participant(db: &Db, participant_id: i64) -> Result<Vec<Meeting>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.pair_id, e.held_on, e.minutes, e.note, m.name FROM mentor_meetings e JOIN mentor_pairs x ON x.id = e.pair_id \
         JOIN program_mentors m ON m.id = x.mentor_id WHERE x.participant_id = $1 ORDER BY e.held_on DESC, e.id DESC",
    )
    .bind(participant_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Meeting {
                pair_id: r.try_get(0)?,
                held_on: r.try_get(1)?,
                minutes: r.try_get(2)?,
                note: r.try_get(3)?,
                mentor: r.try_get(4)?,
            })
        })
        .collect()
}

/// Anonymising a participant blanks the notes written about her.
pub async fn blank_notes(tx: &mut Tx, participant_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE mentor_meetings SET note = '' WHERE pair_id IN (SELECT id FROM mentor_pairs WHERE participant_id = $1)")
        .bind(participant_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The id of a participant's live pairing.
pub async fn live_pair(tx: &mut Tx, participant_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM mentor_pairs WHERE participant_id = $1 AND ended_at IS NULL")
        .bind(participant_id)
        .fetch_optional(&mut **tx)
        .await
}

/// A mentor's data by address (theirs): who they are, for which club, whom they mentored (first
/// names) and the meetings they logged.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, club_id, name, email, created_at FROM program_mentors WHERE LOWER(email) = LOWER($1) ORDER BY id")
        .bind(email.to_string())
        .fetch_all(db.pool())
        .await?;
    let mut out = vec![];
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let meetings = sqlx::query(
            "SELECT p.first_name, e.held_on, e.minutes, e.note FROM mentor_meetings e JOIN mentor_pairs x ON x.id = e.pair_id \
             JOIN participants p ON p.id = x.participant_id WHERE x.mentor_id = $1 ORDER BY e.held_on, e.id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|m| -> Result<serde_json::Value, sqlx::Error> {
            Ok(serde_json::json!({ "with": m.try_get::<String, _>(0)?, "held_on": m.try_get::<String, _>(1)?,
                "minutes": m.try_get::<i64, _>(2)?, "note": m.try_get::<String, _>(3)? }))
        })
        .collect::<Result<Vec<_>, _>>()?;
        out.push(serde_json::json!({
            "id": id, "club_id": r.try_get::<i64, _>(1)?, "name": r.try_get::<String, _>(2)?, "email": r.try_get::<String, _>(3)?,
            "created_at": r.try_get::<i64, _>(4)?, "meetings": meetings,
        }));
    }
    Ok(out)
}

pub async fn ids_by_email(tx: &mut Tx, email: &str) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM program_mentors WHERE LOWER(email) = LOWER($1)").bind(email.to_string()).fetch_all(&mut **tx).await
}

/// Delete mentors (their pairings and meetings go with them).
pub async fn delete(tx: &mut Tx, ids: &[i64]) -> Result<u64, sqlx::Error> {
    let mut n = 0;
    for id in ids {
        n += sqlx::query("DELETE FROM program_mentors WHERE id = $1").bind(id).execute(&mut **tx).await?.rows_affected();
    }
    Ok(n)
}

/// The live mentors of a cohort's participants (their names), by participant.
pub async fn mentor_names(db: &Db, cohort_id: i64) -> Result<std::collections::HashMap<i64, String>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT x.participant_id, m.name FROM mentor_pairs x JOIN program_mentors m ON m.id = x.mentor_id \
         JOIN participants p ON p.id = x.participant_id WHERE p.cohort_id = $1 AND x.ended_at IS NULL",
    )
    .bind(cohort_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}
