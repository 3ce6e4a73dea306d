//! The juries' work: invitations, assignment, conflicts, progress, reminders.
//!
//! Which applications a stage's jury may be given: submitted, eligible, and either advanced
//! into this stage (`call_applications.stage_id` = the stage) or, for the call's first stage
//! of kind `jury`, not yet in any stage (`stage_id` NULL).

use super::*;
use crate::core::mail::{self, Mail};

/// An application as a jury's pages need it (the identifying fields are dropped by the pages
/// of a blind stage, never sent to the template).
#[derive(Debug, Clone)]
pub struct JuryApplication {
    pub id: i64,
    pub call_id: i64,
    pub reference: Option<String>,
    pub email: String,
    pub project_title: String,
    pub org_name: String,
}

/// One line of a juror's queue (or of the declaration page).
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub assignment: Assignment,
    pub application: JuryApplication,
    /// `todo`, `draft` or `submitted`.
    pub state: &'static str,
}

const JURY_APPLICATION_COLUMNS: &str = "a.id, a.call_id, a.reference, a.email, a.project_title, a.org_name";

fn jury_application_from_row(r: &AnyRow, at: usize) -> Result<JuryApplication, sqlx::Error> {
    Ok(JuryApplication {
        id: r.try_get(at)?,
        call_id: r.try_get(at + 1)?,
        reference: r.try_get(at + 2)?,
        email: r.try_get(at + 3)?,
        project_title: r.try_get(at + 4)?,
        org_name: r.try_get(at + 5)?,
    })
}

/// The applications a stage's jury may be assigned (see the module's documentation), by id.
pub async fn assignable(db: &Db, stage: &Stage, first_jury_stage: bool) -> Result<Vec<JuryApplication>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {JURY_APPLICATION_COLUMNS} FROM call_applications a WHERE a.call_id = $1 AND a.status = 'submitted' \
         AND a.eligibility = 'eligible' AND (a.stage_id = $2 OR ($3 = 1 AND a.stage_id IS NULL)) ORDER BY a.id"
    )))
    .bind(stage.call_id)
    .bind(stage.id)
    .bind(i64::from(first_jury_stage))
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| jury_application_from_row(r, 0)).collect()
}

/// Whether `stage` is its call's first stage of kind `jury`.
pub async fn is_first_jury_stage(db: &Db, stage: &Stage) -> Result<bool, sqlx::Error> {
    let first: Option<i64> =
        sqlx::query_scalar("SELECT id FROM call_stages WHERE call_id = $1 AND kind = 'jury' ORDER BY position LIMIT 1")
            .bind(stage.call_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(first == Some(stage.id))
}

/// A juror's assignments with their application and the state of their review, by
/// application id (conflicting ones included: callers filter).
pub async fn queue(db: &Db, juror_id: i64) -> Result<Vec<QueueItem>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT s.id, s.stage_id, s.application_id, s.juror_id, s.source, s.conflict, s.declared_at, r.status, \
         {JURY_APPLICATION_COLUMNS} FROM call_assignments s JOIN call_applications a ON a.id = s.application_id \
         LEFT JOIN call_reviews r ON r.assignment_id = s.id WHERE s.juror_id = $1 ORDER BY a.id"
    )))
    .bind(juror_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let status: Option<String> = r.try_get(7)?;
            Ok(QueueItem {
                assignment: assignment_from_row(r)?,
                application: jury_application_from_row(r, 8)?,
                state: match status.as_deref() {
                    Some("submitted") => "submitted",
                    Some(_) => "draft",
                    None => "todo",
                },
            })
        })
        .collect()
}

const REVIEW_COLUMNS: &str = "r.assignment_id, r.status, r.confidence, r.jury_note, r.feedback, r.updated_at, r.submitted_at";

fn review_from_row(r: &AnyRow, at: usize) -> Result<Review, sqlx::Error> {
    Ok(Review {
        assignment_id: r.try_get(at)?,
        submitted: r.try_get::<String, _>(at + 1)? == "submitted",
        scores: BTreeMap::new(),
        confidence: r.try_get(at + 2)?,
        jury_note: r.try_get(at + 3)?,
        feedback: r.try_get(at + 4)?,
        updated_at: r.try_get(at + 5)?,
        submitted_at: r.try_get(at + 6)?,
    })
}

async fn scores_of(db: &Db, assignment_ids: &[i64]) -> Result<BTreeMap<i64, BTreeMap<i64, i64>>, sqlx::Error> {
    let mut out: BTreeMap<i64, BTreeMap<i64, i64>> = BTreeMap::new();
    for id in assignment_ids {
        let rows =
            sqlx::query("SELECT criterion_id, score FROM call_scores WHERE assignment_id = $1").bind(*id).fetch_all(db.pool()).await?;
        for r in &rows {
            out.entry(*id).or_default().insert(r.try_get(0)?, r.try_get(1)?);
        }
    }
    Ok(out)
}

/// One assignment's review with its scores (a draft or submitted), if written.
pub async fn review_of(db: &Db, assignment_id: i64) -> Result<Option<Review>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {REVIEW_COLUMNS} FROM call_reviews r WHERE r.assignment_id = $1")))
        .bind(assignment_id)
        .fetch_optional(db.pool())
        .await?;
    let Some(mut review) = row.as_ref().map(|r| review_from_row(r, 0)).transpose()? else { return Ok(None) };
    review.scores = scores_of(db, &[assignment_id]).await?.remove(&assignment_id).unwrap_or_default();
    Ok(Some(review))
}

/// The submitted reviews of a stage that count: not in conflict (declared or automatic), the
/// juror not withdrawn; with their assignment, by assignment id. `application_id` narrows to
/// one application.
pub async fn counted(db: &Db, stage_id: i64, application_id: Option<i64>) -> Result<Vec<(Assignment, Juror, Review)>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT s.id, s.stage_id, s.application_id, s.juror_id, s.source, s.conflict, s.declared_at, {REVIEW_COLUMNS}, \
         j.id, j.stage_id, j.email, j.name, j.organisation, j.lang, j.invited_at, j.withdrawn_at, j.reminded_at \
         FROM call_assignments s JOIN call_reviews r ON r.assignment_id = s.id JOIN call_jurors j ON j.id = s.juror_id \
         WHERE {COUNTED} AND ($2 = 0 OR s.application_id = $2) ORDER BY s.id"
    )))
    .bind(stage_id)
    .bind(application_id.unwrap_or(0))
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<(Assignment, Juror, Review)> = rows
        .iter()
        .map(|r| {
            let juror = Juror {
                id: r.try_get(14)?,
                stage_id: r.try_get(15)?,
                email: r.try_get(16)?,
                name: r.try_get(17)?,
                organisation: r.try_get(18)?,
                lang: r.try_get(19)?,
                invited_at: r.try_get(20)?,
                withdrawn_at: r.try_get(21)?,
                reminded_at: r.try_get(22)?,
            };
            Ok((assignment_from_row(r)?, juror, review_from_row(r, 7)?))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let scores = if application_id.is_some() {
        scores_of(db, &out.iter().map(|(a, _, _)| a.id).collect::<Vec<_>>()).await?
    } else {
        let rows = sqlx::query(
            "SELECT c.assignment_id, c.criterion_id, c.score FROM call_scores c JOIN call_assignments s ON s.id = c.assignment_id \
             WHERE s.stage_id = $1",
        )
        .bind(stage_id)
        .fetch_all(db.pool())
        .await?;
        let mut m: BTreeMap<i64, BTreeMap<i64, i64>> = BTreeMap::new();
        for r in &rows {
            m.entry(r.try_get(0)?).or_default().insert(r.try_get(1)?, r.try_get(2)?);
        }
        m
    };
    for (a, _, review) in &mut out {
        review.scores = scores.get(&a.id).cloned().unwrap_or_default();
    }
    Ok(out)
}

/// The reviews a ranking counts, on assignments `s`, reviews `r` and jurors `j`: submitted,
/// by a juror still on the jury who declared no conflict ($1: the stage).
const COUNTED: &str = "s.stage_id = $1 AND r.status = 'submitted' AND s.conflict IN ('unknown', 'none') AND j.withdrawn_at IS NULL";

/// The scores of the reviews a ranking counts (those of [`counted`], without the reviews'
/// texts and the jurors' details, in one query): (juror, application, score by criterion), in
/// the order of the assignments.
pub async fn counted_scores(db: &Db, stage_id: i64) -> Result<Vec<(i64, i64, BTreeMap<i64, i64>)>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT s.id, s.juror_id, s.application_id, c.criterion_id, c.score FROM call_assignments s \
         JOIN call_reviews r ON r.assignment_id = s.id JOIN call_jurors j ON j.id = s.juror_id \
         LEFT JOIN call_scores c ON c.assignment_id = s.id WHERE {COUNTED} ORDER BY s.id"
    )))
    .bind(stage_id)
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<(i64, i64, i64, BTreeMap<i64, i64>)> = vec![];
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        if out.last().is_none_or(|l| l.0 != id) {
            out.push((id, r.try_get(1)?, r.try_get(2)?, BTreeMap::new()));
        }
        if let (Some(criterion), Some(score), Some(last)) =
            (r.try_get::<Option<i64>, _>(3)?, r.try_get::<Option<i64>, _>(4)?, out.last_mut())
        {
            last.3.insert(criterion, score);
        }
    }
    Ok(out.into_iter().map(|(_, juror, application, scores)| (juror, application, scores)).collect())
}

/// Set `invited_at` (the first invitation only).
pub async fn mark_invited(tx: &mut Tx, juror_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE call_jurors SET invited_at = COALESCE(invited_at, $2) WHERE id = $1")
        .bind(juror_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Mark a juror withdrawn; false when already withdrawn.
pub async fn mark_withdrawn(tx: &mut Tx, juror_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE call_jurors SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL")
        .bind(juror_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Per juror of a stage: reviews submitted and assignments not in conflict.
pub async fn juror_progress(db: &Db, stage_id: i64) -> Result<BTreeMap<i64, (i64, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.juror_id, COUNT(*), SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END) FROM call_assignments s \
         LEFT JOIN call_reviews r ON r.assignment_id = s.id WHERE s.stage_id = $1 AND s.conflict IN ('unknown', 'none') \
         GROUP BY s.juror_id",
    )
    .bind(stage_id)
    .fetch_all(db.pool())
    .await?;
    let mut out = BTreeMap::new();
    for r in &rows {
        let done: Option<i64> = r.try_get(2)?;
        out.insert(r.try_get::<i64, _>(0)?, (done.unwrap_or(0), r.try_get::<i64, _>(1)?));
    }
    Ok(out)
}

/// The jurors due a reminder at `now`: not withdrawn, invited, never reminded, of a stage
/// whose review deadline is after `now` and at most `before` seconds away, with at least one
/// unsubmitted assignment not in conflict. (juror, the call's title, the deadline.)
pub async fn due_reminders(db: &Db, now: i64, before: i64) -> Result<Vec<(Juror, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT j.id, j.stage_id, j.email, j.name, j.organisation, j.lang, j.invited_at, j.withdrawn_at, j.reminded_at, \
         c.title, g.review_deadline FROM call_jurors j JOIN call_stages g ON g.id = j.stage_id JOIN calls c ON c.id = g.call_id \
         WHERE j.withdrawn_at IS NULL AND j.invited_at IS NOT NULL AND j.reminded_at IS NULL \
         AND g.review_deadline IS NOT NULL AND g.review_deadline > $1 AND g.review_deadline <= $2 \
         AND EXISTS (SELECT 1 FROM call_assignments s LEFT JOIN call_reviews r ON r.assignment_id = s.id \
           WHERE s.juror_id = j.id AND s.conflict IN ('unknown', 'none') AND (r.status IS NULL OR r.status <> 'submitted')) \
         ORDER BY j.id",
    )
    .bind(now)
    .bind(now + before)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((juror_from_row(r)?, r.try_get(9)?, r.try_get(10)?))).collect()
}

/// The reviews a juror has left to submit (assignments not in conflict).
pub async fn unsubmitted_count(db: &Db, juror_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM call_assignments s LEFT JOIN call_reviews r ON r.assignment_id = s.id \
         WHERE s.juror_id = $1 AND s.conflict IN ('unknown', 'none') AND (r.status IS NULL OR r.status <> 'submitted')",
    )
    .bind(juror_id)
    .fetch_one(db.pool())
    .await
}

/// Claim a juror's automatic reminder (one conditional UPDATE: one instance, one run wins)
/// and queue its e-mail in the same transaction; false when another run got there first.
pub async fn claim_reminder(tx: &mut Tx, juror_id: i64, m: &Mail, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE call_jurors SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL AND withdrawn_at IS NULL")
        .bind(juror_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    mail::enqueue(tx, m, now).await
}

/// An application's files: (id, name, size), in order.
pub async fn files(db: &Db, application_id: i64) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, filename, size FROM call_files WHERE application_id = $1 ORDER BY question_id, id")
        .bind(application_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect()
}

/// Mark an application eligible (the bench and browser-test seed; managers decide through
/// their own page).
pub async fn mark_eligible(tx: &mut Tx, application_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE call_applications SET eligibility = 'eligible', eligibility_at = $2 WHERE id = $1")
        .bind(application_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Take the stage's row for the rest of the transaction (a row lock on PostgreSQL, the
/// writer on SQLite), so that two assignments or withdrawals of one stage never interleave:
/// each reads the assignments the other wrote.
pub async fn lock_stage(tx: &mut Tx, stage_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE call_stages SET jurors_per_application = jurors_per_application WHERE id = $1")
        .bind(stage_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A stage's assignments read inside a transaction (after `lock_stage`), by id.
pub async fn assignments_tx(tx: &mut Tx, stage_id: i64) -> Result<Vec<Assignment>, sqlx::Error> {
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {ASSIGNMENT_COLUMNS} FROM call_assignments WHERE stage_id = $1 ORDER BY id")))
            .bind(stage_id)
            .fetch_all(&mut **tx)
            .await?;
    rows.iter().map(assignment_from_row).collect()
}
