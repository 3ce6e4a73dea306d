//! Every SQL statement of the programs module (migration 0031): programs and their consent
//! texts, the clubs that run them, cohorts and sessions, participants, their consents, their
//! places in sessions (written only by [`place`], whose one statement checks the consents)
//! and their attendance.

pub mod badges;
pub mod reports;
pub mod schools;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{
    Attendance, Cohort, CohortInput, Consent, ConsentKind, ConsentText, Gender, Giver, Needs, Participant, ParticipantInput, Placed,
    Program, ProgramInput, Session, SessionInput, SessionKind, Status,
};
use crate::core::db::{Db, Tx};

pub mod mentors;
pub mod staff;

fn decode_err(what: &str, e: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Decode(format!("{what}: {e}").into())
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(v).map_err(|e| sqlx::Error::Encode(e.into()))
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(s).map_err(|e| decode_err(what, e))
}

/// The condition, on a participant `p`, that every consent they need is live and granted: the
/// one place it is written, used by [`place`] and by the counts of enrolled participants.
pub const CONSENT_COMPLETE: &str = "(p.needs_guardian = 0 OR EXISTS (SELECT 1 FROM participant_consents c \
     WHERE c.participant_id = p.id AND c.kind = 'participation' AND c.granted = 1 AND c.withdrawn_at IS NULL)) \
     AND (p.needs_own = 0 OR EXISTS (SELECT 1 FROM participant_consents c \
     WHERE c.participant_id = p.id AND c.kind = 'own' AND c.granted = 1 AND c.withdrawn_at IS NULL))";

// ---- programs ----

const PROGRAM: &str = "SELECT id, slug, title, summary, description, age_min, age_max, skills, min_attendance, final_required, path, \
                       retention_days, created_at FROM programs";

fn program_of(r: &AnyRow) -> Result<Program, sqlx::Error> {
    Ok(Program {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        title: r.try_get(2)?,
        summary: r.try_get(3)?,
        description: r.try_get(4)?,
        age_min: r.try_get(5)?,
        age_max: r.try_get(6)?,
        skills: from_json("program skills", &r.try_get::<String, _>(7)?)?,
        rule: super::model::CompletionRule { min_attendance: r.try_get(8)?, final_required: r.try_get::<i64, _>(9)? == 1 },
        path: from_json("program path", &r.try_get::<String, _>(10)?)?,
        retention_days: r.try_get(11)?,
        created_at: r.try_get(12)?,
    })
}

pub async fn insert_program(tx: &mut Tx, p: &ProgramInput, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO programs (slug, title, summary, description, age_min, age_max, skills, min_attendance, final_required, path, \
         retention_days, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(p.slug.clone())
    .bind(p.title.clone())
    .bind(p.summary.clone())
    .bind(p.description.clone())
    .bind(p.age_min)
    .bind(p.age_max)
    .bind(json(&p.skills)?)
    .bind(p.rule.min_attendance)
    .bind(i64::from(p.rule.final_required))
    .bind(json(&p.path)?)
    .bind(p.retention_days)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn programs(db: &Db) -> Result<Vec<Program>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{PROGRAM} ORDER BY title, id"))).fetch_all(db.pool()).await?;
    rows.iter().map(program_of).collect()
}

pub async fn program(db: &Db, id: i64) -> Result<Option<Program>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{PROGRAM} WHERE id = $1"))).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(program_of).transpose()
}

pub async fn program_by_slug(db: &Db, slug: &str) -> Result<Option<Program>, sqlx::Error> {
    let row =
        sqlx::query(sqlx::AssertSqlSafe(format!("{PROGRAM} WHERE slug = $1"))).bind(slug.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(program_of).transpose()
}

// ---- consent texts ----

/// A new version of a program's text of `kind` (the first is version 1).
pub async fn add_text(tx: &mut Tx, program_id: i64, kind: ConsentKind, body: &str, now: i64) -> Result<ConsentText, sqlx::Error> {
    let version: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM program_texts WHERE program_id = $1 AND kind = $2")
        .bind(program_id)
        .bind(kind.as_str())
        .fetch_one(&mut **tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO program_texts (program_id, kind, version, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(program_id)
    .bind(kind.as_str())
    .bind(version)
    .bind(body.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ConsentText { id, program_id, kind, version, body: body.to_string() })
}

/// The latest version of each of a program's texts.
pub async fn current_texts(db: &Db, program_id: i64) -> Result<Vec<ConsentText>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT t.id, t.kind, t.version, t.body FROM program_texts t WHERE t.program_id = $1 \
         AND t.version = (SELECT MAX(x.version) FROM program_texts x WHERE x.program_id = t.program_id AND x.kind = t.kind) ORDER BY t.kind",
    )
    .bind(program_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get(1)?;
            Ok(ConsentText {
                id: r.try_get(0)?,
                program_id,
                kind: ConsentKind::parse(&kind).ok_or_else(|| decode_err("text kind", &kind))?,
                version: r.try_get(2)?,
                body: r.try_get(3)?,
            })
        })
        .collect()
}

// ---- clubs ----

/// The program runs in the club from `now` (kept as it was when it already did).
pub async fn open_in_club(tx: &mut Tx, program_id: i64, club_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO program_clubs (program_id, club_id, joined_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(program_id)
        .bind(club_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The clubs that run a program: (club id, slug, name, since), the earliest first.
pub async fn program_clubs(db: &Db, program_id: i64) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.slug, c.name, pc.joined_on FROM program_clubs pc JOIN clubs c ON c.id = pc.club_id \
         WHERE pc.program_id = $1 ORDER BY pc.joined_on, c.name",
    )
    .bind(program_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

// ---- cohorts and sessions ----

const COHORT: &str = "SELECT id, program_id, club_id, school_year, label, capacity, starts_on, ends_on FROM cohorts";

fn cohort_of(r: &AnyRow) -> Result<Cohort, sqlx::Error> {
    Ok(Cohort {
        id: r.try_get(0)?,
        program_id: r.try_get(1)?,
        club_id: r.try_get(2)?,
        school_year: r.try_get(3)?,
        label: r.try_get(4)?,
        capacity: r.try_get(5)?,
        starts_on: r.try_get(6)?,
        ends_on: r.try_get(7)?,
    })
}

pub async fn insert_cohort(tx: &mut Tx, c: &CohortInput, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO cohorts (program_id, club_id, school_year, label, capacity, starts_on, ends_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(c.program_id)
    .bind(c.club_id)
    .bind(c.school_year.clone())
    .bind(c.label.clone())
    .bind(c.capacity)
    .bind(c.starts_on)
    .bind(c.ends_on)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn cohort(db: &Db, id: i64) -> Result<Option<Cohort>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{COHORT} WHERE id = $1"))).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(cohort_of).transpose()
}

/// A program's cohorts, the latest school year first.
pub async fn cohorts(db: &Db, program_id: i64) -> Result<Vec<Cohort>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{COHORT} WHERE program_id = $1 ORDER BY starts_on DESC, club_id")))
        .bind(program_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(cohort_of).collect()
}

const SESSION: &str = "SELECT id, cohort_id, kind, title, starts_at, ends_at, place, lead, skills FROM cohort_sessions";

fn session_of(r: &AnyRow) -> Result<Session, sqlx::Error> {
    let kind: String = r.try_get(2)?;
    Ok(Session {
        id: r.try_get(0)?,
        cohort_id: r.try_get(1)?,
        kind: SessionKind::parse(&kind).ok_or_else(|| decode_err("session kind", &kind))?,
        title: r.try_get(3)?,
        starts_at: r.try_get(4)?,
        ends_at: r.try_get(5)?,
        place: r.try_get(6)?,
        lead: r.try_get(7)?,
        skills: from_json("session skills", &r.try_get::<String, _>(8)?)?,
    })
}

pub async fn insert_session(tx: &mut Tx, cohort_id: i64, s: &SessionInput) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO cohort_sessions (cohort_id, kind, title, starts_at, ends_at, place, lead, skills) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(cohort_id)
    .bind(s.kind.as_str())
    .bind(s.title.clone())
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(s.place.clone())
    .bind(s.lead.clone())
    .bind(json(&s.skills)?)
    .fetch_one(&mut **tx)
    .await
}

/// A cohort's sessions in their order.
pub async fn sessions(db: &Db, cohort_id: i64) -> Result<Vec<Session>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SESSION} WHERE cohort_id = $1 ORDER BY starts_at, id")))
        .bind(cohort_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(session_of).collect()
}

pub async fn session(db: &Db, id: i64) -> Result<Option<Session>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SESSION} WHERE id = $1"))).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(session_of).transpose()
}

// ---- participants ----

const PARTICIPANT: &str = "SELECT id, cohort_id, first_name, last_name, birth_date, gender, email, phone, guardian_name, guardian_email, \
                           age_at_start, needs_guardian, needs_own, status, created_at, anonymised_at FROM participants";

fn participant_of(r: &AnyRow) -> Result<Participant, sqlx::Error> {
    let gender: String = r.try_get(5)?;
    let status: String = r.try_get(13)?;
    Ok(Participant {
        id: r.try_get(0)?,
        cohort_id: r.try_get(1)?,
        first_name: r.try_get(2)?,
        last_name: r.try_get(3)?,
        birth_date: r.try_get(4)?,
        gender: Gender::parse(&gender).ok_or_else(|| decode_err("gender", &gender))?,
        email: r.try_get(6)?,
        phone: r.try_get(7)?,
        guardian_name: r.try_get(8)?,
        guardian_email: r.try_get(9)?,
        age_at_start: r.try_get(10)?,
        needs: Needs { guardian: r.try_get::<i64, _>(11)? == 1, own: r.try_get::<i64, _>(12)? == 1 },
        status: Status::parse(&status).ok_or_else(|| decode_err("status", &status))?,
        created_at: r.try_get(14)?,
        anonymised_at: r.try_get(15)?,
    })
}

/// An application to a cohort, with the consents its age at the cohort's start calls for.
pub async fn insert_participant(
    tx: &mut Tx,
    cohort_id: i64,
    p: &ParticipantInput,
    age_at_start: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let needs = Needs::at_age(age_at_start);
    sqlx::query_scalar(
        "INSERT INTO participants (cohort_id, first_name, last_name, birth_date, gender, email, phone, guardian_name, guardian_email, \
         age_at_start, needs_guardian, needs_own, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'applied', $13, $13) RETURNING id",
    )
    .bind(cohort_id)
    .bind(p.first_name.clone())
    .bind(p.last_name.clone())
    .bind(p.birth_date.clone())
    .bind(p.gender.as_str())
    .bind(p.email.clone())
    .bind(p.phone.clone())
    .bind(p.guardian_name.clone())
    .bind(p.guardian_email.clone())
    .bind(age_at_start)
    .bind(i64::from(needs.guardian))
    .bind(i64::from(needs.own))
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn participant(db: &Db, id: i64) -> Result<Option<Participant>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{PARTICIPANT} WHERE id = $1"))).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(participant_of).transpose()
}

/// A cohort's participants, by first and last name.
pub async fn participants(db: &Db, cohort_id: i64) -> Result<Vec<Participant>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{PARTICIPANT} WHERE cohort_id = $1 ORDER BY first_name, last_name, id")))
        .bind(cohort_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(participant_of).collect()
}

/// Hold the participant's row for the rest of the transaction: consents given or withdrawn and
/// places written for one participant then happen one after the other, on PostgreSQL as on
/// SQLite.
async fn hold(tx: &mut Tx, participant_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE participants SET updated_at = $2 WHERE id = $1").bind(participant_id).bind(now).execute(&mut **tx).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_status(tx: &mut Tx, participant_id: i64, status: Status, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE participants SET status = $2, updated_at = $3 WHERE id = $1")
        .bind(participant_id)
        .bind(status.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    if matches!(status, Status::Declined | Status::Withdrawn) {
        leave_future_sessions(tx, participant_id, now).await?;
    }
    Ok(r.rows_affected() == 1)
}

/// A cohort's participants counted as enrolled: selected, every required consent given.
pub async fn enrolled(db: &Db, cohort_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM participants p WHERE p.cohort_id = $1 AND p.status = 'selected' AND {CONSENT_COMPLETE}"
    )))
    .bind(cohort_id)
    .fetch_one(db.pool())
    .await
}

// ---- consents ----

/// A participant's consents, the latest first.
pub async fn consents(db: &Db, participant_id: i64) -> Result<Vec<Consent>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{CONSENT} WHERE c.participant_id = $1 ORDER BY c.at DESC, c.id DESC")))
        .bind(participant_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(consent_of).collect()
}

/// Every consent of a cohort's participants, by participant, the latest first (one query for a
/// cohort's page).
pub async fn cohort_consents(db: &Db, cohort_id: i64) -> Result<std::collections::HashMap<i64, Vec<Consent>>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{CONSENT} JOIN participants p ON p.id = c.participant_id WHERE p.cohort_id = $1 ORDER BY c.at DESC, c.id DESC"
    )))
    .bind(cohort_id)
    .fetch_all(db.pool())
    .await?;
    let mut out: std::collections::HashMap<i64, Vec<Consent>> = std::collections::HashMap::new();
    for r in &rows {
        let c = consent_of(r)?;
        out.entry(c.participant_id).or_default().push(c);
    }
    Ok(out)
}

const CONSENT: &str = "SELECT c.id, c.participant_id, c.kind, c.text_id, t.version, c.given_by, c.signer, c.granted, c.at, c.withdrawn_at \
                       FROM participant_consents c JOIN program_texts t ON t.id = c.text_id";

fn consent_of(r: &AnyRow) -> Result<Consent, sqlx::Error> {
    let kind: String = r.try_get(2)?;
    let by: String = r.try_get(5)?;
    Ok(Consent {
        id: r.try_get(0)?,
        participant_id: r.try_get(1)?,
        kind: ConsentKind::parse(&kind).ok_or_else(|| decode_err("consent kind", &kind))?,
        text_id: r.try_get(3)?,
        version: r.try_get(4)?,
        given_by: if by == "participant" { Giver::Participant } else { Giver::Guardian },
        signer: r.try_get(6)?,
        granted: r.try_get::<i64, _>(7)? == 1,
        at: r.try_get(8)?,
        withdrawn_at: r.try_get(9)?,
    })
}

/// Record an answer to a text (`granted` or refused) by `giver`, signed `signer`: it replaces
/// the live answer of its kind, which is kept as withdrawn. A refusal of what taking part
/// needs takes the participant out of the sessions to come at once.
pub async fn record_consent(
    tx: &mut Tx,
    participant_id: i64,
    text: &ConsentText,
    giver: Giver,
    signer: &str,
    granted: bool,
    now: i64,
) -> Result<i64, sqlx::Error> {
    hold(tx, participant_id, now).await?;
    sqlx::query("UPDATE participant_consents SET withdrawn_at = $3 WHERE participant_id = $1 AND kind = $2 AND withdrawn_at IS NULL")
        .bind(participant_id)
        .bind(text.kind.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO participant_consents (participant_id, kind, text_id, given_by, signer, granted, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(participant_id)
    .bind(text.kind.as_str())
    .bind(text.id)
    .bind(giver.as_str())
    .bind(signer.to_string())
    .bind(i64::from(granted))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    if !granted && text.kind != ConsentKind::Image {
        leave_future_sessions(tx, participant_id, now).await?;
    }
    if !granted && text.kind == ConsentKind::Image {
        withhold_pictures(tx, participant_id, now).await?;
    }
    Ok(id)
}

/// Withdraw the live consent of `kind`; false when there was none. Withdrawing what taking
/// part needs takes the participant out of the sessions to come at once.
pub async fn withdraw_consent(tx: &mut Tx, participant_id: i64, kind: ConsentKind, now: i64) -> Result<bool, sqlx::Error> {
    hold(tx, participant_id, now).await?;
    let r =
        sqlx::query("UPDATE participant_consents SET withdrawn_at = $3 WHERE participant_id = $1 AND kind = $2 AND withdrawn_at IS NULL")
            .bind(participant_id)
            .bind(kind.as_str())
            .bind(now)
            .execute(&mut **tx)
            .await?;
    if r.rows_affected() > 0 && kind != ConsentKind::Image {
        leave_future_sessions(tx, participant_id, now).await?;
    }
    if r.rows_affected() > 0 && kind == ConsentKind::Image {
        withhold_pictures(tx, participant_id, now).await?;
    }
    Ok(r.rows_affected() > 0)
}

/// Image rights withdrawn or refused: the participant's pictures are marked for removal and
/// withheld from the public site from this request on.
async fn withhold_pictures(tx: &mut Tx, participant_id: i64, now: i64) -> Result<(), sqlx::Error> {
    let media = staff::mark_pictures_for_removal(tx, participant_id, now).await?;
    crate::core::media::withhold(tx, &media, now).await?;
    Ok(())
}

async fn leave_future_sessions(tx: &mut Tx, participant_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "DELETE FROM session_places WHERE participant_id = $1 AND session_id IN (SELECT id FROM cohort_sessions WHERE starts_at > $2)",
    )
    .bind(participant_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected())
}

// ---- places and attendance ----

/// Place a participant in a session of their cohort: one statement that writes the place only
/// when the participant is selected and every consent they need is live and granted
/// ([`CONSENT_COMPLETE`]), whoever asks.
pub async fn place(tx: &mut Tx, session_id: i64, participant_id: i64, now: i64) -> Result<Placed, sqlx::Error> {
    if !hold(tx, participant_id, now).await? {
        return Ok(Placed::Refused);
    }
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO session_places (session_id, participant_id) \
         SELECT s.id, p.id FROM cohort_sessions s JOIN participants p ON p.cohort_id = s.cohort_id \
         WHERE s.id = $1 AND p.id = $2 AND p.status = 'selected' AND {CONSENT_COMPLETE} \
         ON CONFLICT DO NOTHING"
    )))
    .bind(session_id)
    .bind(participant_id)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() == 1 {
        return Ok(Placed::Placed);
    }
    let there: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM session_places WHERE session_id = $1 AND participant_id = $2")
        .bind(session_id)
        .bind(participant_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(if there > 0 { Placed::AlreadyThere } else { Placed::Refused })
}

/// The participants placed in a session.
pub async fn places(db: &Db, session_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT participant_id FROM session_places WHERE session_id = $1 ORDER BY participant_id")
        .bind(session_id)
        .fetch_all(db.pool())
        .await
}

/// Record (or correct) a participant's attendance at a session they are placed in; false when
/// they are not.
pub async fn record_attendance(tx: &mut Tx, a: &Attendance, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO attendance (session_id, participant_id, arrived_at, left_at, excused, recorded_at) \
         SELECT session_id, participant_id, $3, $4, $5, $6 FROM session_places WHERE session_id = $1 AND participant_id = $2 \
         ON CONFLICT (session_id, participant_id) DO UPDATE SET arrived_at = excluded.arrived_at, left_at = excluded.left_at, \
         excused = excluded.excused, recorded_at = excluded.recorded_at",
    )
    .bind(a.session_id)
    .bind(a.participant_id)
    .bind(a.arrived_at)
    .bind(a.left_at)
    .bind(i64::from(a.excused))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Every attendance recorded for a cohort's sessions.
pub async fn cohort_attendance(db: &Db, cohort_id: i64) -> Result<Vec<Attendance>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.session_id, a.participant_id, a.arrived_at, a.left_at, a.excused FROM attendance a \
         JOIN cohort_sessions s ON s.id = a.session_id WHERE s.cohort_id = $1 ORDER BY a.session_id, a.participant_id",
    )
    .bind(cohort_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(attendance_of).collect()
}

/// An attendance row: `session_id, participant_id, arrived_at, left_at, excused`.
pub(super) fn attendance_of(r: &AnyRow) -> Result<Attendance, sqlx::Error> {
    Ok(Attendance {
        session_id: r.try_get(0)?,
        participant_id: r.try_get(1)?,
        arrived_at: r.try_get(2)?,
        left_at: r.try_get(3)?,
        excused: r.try_get::<i64, _>(4)? == 1,
    })
}

// ---- public figures ----

/// A program's public figures at `now`: the clubs that run it, the cohorts under way (not yet
/// ended), the participants enrolled in them (selected, every consent given), and the pupils
/// its actions in schools reached this school year (in the site's time zone `tz`).
pub async fn public_figures(db: &Db, program_id: i64, now: i64, tz: &jiff::tz::TimeZone) -> Result<super::model::Figures, sqlx::Error> {
    let clubs: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM program_clubs WHERE program_id = $1").bind(program_id).fetch_one(db.pool()).await?;
    let cohorts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cohorts WHERE program_id = $1 AND ends_on >= $2")
        .bind(program_id)
        .bind(now)
        .fetch_one(db.pool())
        .await?;
    let enrolled: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM participants p JOIN cohorts k ON k.id = p.cohort_id \
         WHERE k.program_id = $1 AND k.ends_on >= $2 AND p.status = 'selected' AND {CONSENT_COMPLETE}"
    )))
    .bind(program_id)
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    let pupils_reached = schools::program_reached(db, program_id, &super::schools::school_year_at(now, tz)).await?.pupils();
    Ok(super::model::Figures { clubs, cohorts, enrolled, pupils_reached })
}

// ---- a person's data (core::people) ----

/// The participants an address belongs to (theirs or their guardian's), with their consents.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM participants WHERE anonymised_at IS NULL AND (LOWER(email) = LOWER($1) OR LOWER(guardian_email) = LOWER($1)) ORDER BY id",
    )
    .bind(email.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = vec![];
    for id in ids {
        let Some(p) = participant(db, id).await? else { continue };
        let consents: Vec<serde_json::Value> = consents(db, id)
            .await?
            .iter()
            .map(|c| {
                serde_json::json!({
                    "kind": c.kind.as_str(), "version": c.version, "given_by": c.given_by.as_str(), "signer": c.signer,
                    "granted": c.granted, "at": c.at, "withdrawn_at": c.withdrawn_at,
                })
            })
            .collect();
        let places: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM session_places WHERE participant_id = $1").bind(id).fetch_one(db.pool()).await?;
        let (applied_by, motivation) = staff::application(db, id).await?;
        let attendance: Vec<serde_json::Value> = sqlx::query(
            "SELECT s.title, s.starts_at, a.arrived_at, a.left_at, a.excused FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id \
             WHERE a.participant_id = $1 ORDER BY s.starts_at",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| -> Result<serde_json::Value, sqlx::Error> {
            Ok(serde_json::json!({ "session": r.try_get::<String, _>(0)?, "starts_at": r.try_get::<i64, _>(1)?,
                "arrived_at": r.try_get::<Option<i64>, _>(2)?, "left_at": r.try_get::<Option<i64>, _>(3)?,
                "excused": r.try_get::<i64, _>(4)? == 1 }))
        })
        .collect::<Result<_, _>>()?;
        let meetings: Vec<serde_json::Value> = mentors::meetings_of_participant(db, id)
            .await?
            .into_iter()
            .map(|m| serde_json::json!({ "mentor": m.mentor, "held_on": m.held_on, "minutes": m.minutes, "note": m.note }))
            .collect();
        let pictures: Vec<String> = staff::pictures(db, id).await?.into_iter().map(|(_, key, _)| format!("/media/{key}")).collect();
        out.push(serde_json::json!({
            "id": p.id, "cohort_id": p.cohort_id, "first_name": p.first_name, "last_name": p.last_name, "birth_date": p.birth_date,
            "gender": p.gender.as_str(), "email": p.email, "phone": p.phone, "guardian_name": p.guardian_name,
            "guardian_email": p.guardian_email, "status": p.status.as_str(), "created_at": p.created_at,
            "consents": consents, "sessions_placed": places, "applied_by": applied_by, "motivation": motivation,
            "attendance": attendance, "mentor_meetings": meetings, "pictures": pictures,
        }));
    }
    Ok(out)
}

/// Anonymise the participants an address belongs to: their names, birth date and contacts
/// blanked, the consents' signatures too; their age at the start, gender, status, consents'
/// kinds, versions and times, places and attendance stay, so that counts hold.
pub async fn erase_by_email(tx: &mut Tx, email: &str, now: i64) -> Result<u64, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM participants WHERE anonymised_at IS NULL AND (LOWER(email) = LOWER($1) OR LOWER(guardian_email) = LOWER($1))",
    )
    .bind(email.to_string())
    .fetch_all(&mut **tx)
    .await?;
    for id in &ids {
        anonymise(tx, *id, now).await?;
    }
    Ok(ids.len() as u64)
}

/// Blank a participant's personal data, keep what the counts need.
pub async fn anonymise(tx: &mut Tx, participant_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET first_name = '', last_name = '', birth_date = '', email = '', phone = '', guardian_name = '', \
         guardian_email = '', motivation = '', anonymised_at = $2, updated_at = $2 WHERE id = $1",
    )
    .bind(participant_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE participant_consents SET signer = '' WHERE participant_id = $1").bind(participant_id).execute(&mut **tx).await?;
    mentors::blank_notes(tx, participant_id).await?;
    badges::blank_recipient(tx, participant_id).await?;
    Ok(())
}

/// The participants whose data are due for anonymisation at `now`: their cohort ended more
/// than their program's retention ago (at most `limit`, the oldest cohorts first).
pub async fn due_for_anonymisation(db: &Db, now: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT p.id FROM participants p JOIN cohorts k ON k.id = p.cohort_id JOIN programs g ON g.id = k.program_id \
         WHERE p.anonymised_at IS NULL AND k.ends_on + g.retention_days * 86400 < $1 ORDER BY k.ends_on, p.id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}
