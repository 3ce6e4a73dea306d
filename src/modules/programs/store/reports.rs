//! The SQL of the programs' reports: a school year's cohorts, their participants (with whether
//! every consent they need is given, [`super::CONSENT_COMPLETE`]), sessions and attendance,
//! each in one query; the reports are computed from them (`programs::reports`).

use sqlx::Row;

use super::{CONSENT_COMPLETE, cohort_of, session_of};
use crate::core::db::Db;
use crate::modules::programs::model::{Attendance, Cohort, Gender, Session, Status};

/// A participant as the reports count them: no name, no contact.
#[derive(Clone, Debug, PartialEq)]
pub struct Counted {
    pub id: i64,
    pub cohort_id: i64,
    pub gender: Gender,
    pub age_at_start: i64,
    pub status: Status,
    /// Every consent they need is live and granted.
    pub complete: bool,
}

/// A school year's cohorts with their club's name and their program's title, by club name.
pub async fn cohorts(db: &Db, school_year: &str) -> Result<Vec<(Cohort, String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT k.id, k.program_id, k.club_id, k.school_year, k.label, k.capacity, k.starts_on, k.ends_on, c.name, g.title \
         FROM cohorts k JOIN clubs c ON c.id = k.club_id JOIN programs g ON g.id = k.program_id WHERE k.school_year = $1 \
         ORDER BY c.name, g.title, k.id",
    )
    .bind(school_year.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((cohort_of(r)?, r.try_get(8)?, r.try_get(9)?))).collect()
}

/// The participants of a school year's cohorts (or of one cohort), counted.
pub async fn counted(db: &Db, school_year: &str, cohort_id: Option<i64>) -> Result<Vec<Counted>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT p.id, p.cohort_id, p.gender, p.age_at_start, p.status, CASE WHEN {CONSENT_COMPLETE} THEN 1 ELSE 0 END \
         FROM participants p JOIN cohorts k ON k.id = p.cohort_id WHERE k.school_year = $1 AND ($2 = 0 OR k.id = $2) ORDER BY p.id"
    )))
    .bind(school_year.to_string())
    .bind(cohort_id.unwrap_or(0))
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let gender: String = r.try_get(2)?;
            let status: String = r.try_get(4)?;
            Ok(Counted {
                id: r.try_get(0)?,
                cohort_id: r.try_get(1)?,
                gender: Gender::parse(&gender).unwrap_or(Gender::Unsaid),
                age_at_start: r.try_get(3)?,
                status: Status::parse(&status).unwrap_or(Status::Applied),
                complete: r.try_get::<i64, _>(5)? == 1,
            })
        })
        .collect()
}

/// The sessions of a school year's cohorts.
pub async fn sessions(db: &Db, school_year: &str) -> Result<Vec<Session>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.cohort_id, s.kind, s.title, s.starts_at, s.ends_at, s.place, s.lead, s.skills FROM cohort_sessions s \
         JOIN cohorts k ON k.id = s.cohort_id WHERE k.school_year = $1 ORDER BY s.starts_at, s.id",
    )
    .bind(school_year.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(session_of).collect()
}

/// The attendance recorded at the sessions of a school year's cohorts.
pub async fn attendance(db: &Db, school_year: &str) -> Result<Vec<Attendance>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.session_id, a.participant_id, a.arrived_at, a.left_at, a.excused FROM attendance a \
         JOIN cohort_sessions s ON s.id = a.session_id JOIN cohorts k ON k.id = s.cohort_id WHERE k.school_year = $1 \
         ORDER BY a.session_id, a.participant_id",
    )
    .bind(school_year.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(super::attendance_of).collect()
}
