//! The SQL of one-off actions in schools (migration 0033): written, read, and summed per
//! club, per program and for the network for a school year. Aggregates only: no pupil's name
//! is ever stored.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::core::db::{Db, Tx};
use crate::modules::programs::schools::{ActionInput, Reached, SchoolAction};

const ACTION: &str = "SELECT a.id, a.club_id, c.name, a.program_id, a.school, a.town, a.class_level, a.held_on, a.school_year, a.girls, \
                      a.boys, a.volunteers, a.created_at, a.updated_at FROM school_actions a JOIN clubs c ON c.id = a.club_id";

fn action_of(r: &AnyRow) -> Result<SchoolAction, sqlx::Error> {
    Ok(SchoolAction {
        id: r.try_get(0)?,
        club_id: r.try_get(1)?,
        club_name: r.try_get(2)?,
        program_id: r.try_get(3)?,
        school: r.try_get(4)?,
        town: r.try_get(5)?,
        level: r.try_get(6)?,
        held_on: r.try_get(7)?,
        school_year: r.try_get(8)?,
        girls: r.try_get(9)?,
        boys: r.try_get(10)?,
        volunteers: r.try_get(11)?,
        created_at: r.try_get(12)?,
        updated_at: r.try_get(13)?,
    })
}

/// A new action; its school year is computed from its date.
pub async fn insert_action(tx: &mut Tx, a: &ActionInput, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO school_actions (club_id, program_id, school, town, class_level, held_on, school_year, girls, boys, volunteers, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(a.club_id)
    .bind(a.program_id)
    .bind(a.school.clone())
    .bind(a.town.clone())
    .bind(a.level.clone())
    .bind(a.held_on.clone())
    .bind(a.school_year())
    .bind(a.girls)
    .bind(a.boys)
    .bind(a.volunteers)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// Rewrite an action; false when there is none.
pub async fn update_action(tx: &mut Tx, id: i64, a: &ActionInput, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE school_actions SET club_id = $2, program_id = $3, school = $4, town = $5, class_level = $6, held_on = $7, \
         school_year = $8, girls = $9, boys = $10, volunteers = $11, updated_at = $12 WHERE id = $1",
    )
    .bind(id)
    .bind(a.club_id)
    .bind(a.program_id)
    .bind(a.school.clone())
    .bind(a.town.clone())
    .bind(a.level.clone())
    .bind(a.held_on.clone())
    .bind(a.school_year())
    .bind(a.girls)
    .bind(a.boys)
    .bind(a.volunteers)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete_action(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM school_actions WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn action(db: &Db, id: i64) -> Result<Option<SchoolAction>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{ACTION} WHERE a.id = $1"))).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(action_of).transpose()
}

/// A school year's actions, the latest first.
pub async fn actions(db: &Db, school_year: &str) -> Result<Vec<SchoolAction>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{ACTION} WHERE a.school_year = $1 ORDER BY a.held_on DESC, a.id DESC")))
        .bind(school_year.to_string())
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(action_of).collect()
}

const SUMS: &str = "CAST(COALESCE(SUM(a.girls), 0) AS BIGINT), CAST(COALESCE(SUM(a.boys), 0) AS BIGINT), COUNT(a.id), \
                    CAST(COALESCE(SUM(a.volunteers), 0) AS BIGINT)";

fn reached_of(r: &AnyRow, from: usize) -> Result<Reached, sqlx::Error> {
    Ok(Reached { girls: r.try_get(from)?, boys: r.try_get(from + 1)?, actions: r.try_get(from + 2)?, volunteers: r.try_get(from + 3)? })
}

/// The pupils reached in a school year, per club that held an action: (club id, its name,
/// the sums), by club name.
pub async fn reached_by_club(db: &Db, school_year: &str) -> Result<Vec<(i64, String, Reached)>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT a.club_id, c.name, {SUMS} FROM school_actions a JOIN clubs c ON c.id = a.club_id WHERE a.school_year = $1 \
         GROUP BY a.club_id, c.name ORDER BY c.name, a.club_id"
    )))
    .bind(school_year.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, reached_of(r, 2)?))).collect()
}

/// The pupils reached in a school year per club and program (actions attached to no program
/// under `None`).
pub async fn reached_by_club_and_program(db: &Db, school_year: &str) -> Result<Vec<(i64, Option<i64>, Reached)>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT a.club_id, a.program_id, {SUMS} FROM school_actions a WHERE a.school_year = $1 GROUP BY a.club_id, a.program_id"
    )))
    .bind(school_year.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, reached_of(r, 2)?))).collect()
}

/// The pupils reached in a school year by the actions attached to a program.
pub async fn program_reached(db: &Db, program_id: i64, school_year: &str) -> Result<Reached, sqlx::Error> {
    let row =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {SUMS} FROM school_actions a WHERE a.program_id = $1 AND a.school_year = $2")))
            .bind(program_id)
            .bind(school_year.to_string())
            .fetch_one(db.pool())
            .await?;
    reached_of(&row, 0)
}

/// The pupils reached in a school year by every club of the network.
pub async fn network_reached(db: &Db, school_year: &str) -> Result<Reached, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {SUMS} FROM school_actions a WHERE a.school_year = $1")))
        .bind(school_year.to_string())
        .fetch_one(db.pool())
        .await?;
    reached_of(&row, 0)
}

/// The school years that have actions or cohorts, the latest first.
pub async fn years(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT school_year FROM school_actions UNION SELECT school_year FROM cohorts ORDER BY 1 DESC")
        .fetch_all(db.pool())
        .await
}
