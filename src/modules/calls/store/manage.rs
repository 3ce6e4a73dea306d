//! The managers' lists, filters, eligibility decisions and duplicates.

use super::*;

// ---- manage: calls, categories, criteria ----

/// A call as the managers' list shows it, with its counts.
#[derive(Debug, Clone)]
pub struct CallRow {
    pub call: Call,
    pub club_name: Option<String>,
    pub drafts: i64,
    pub submitted: i64,
    pub eligible: i64,
}

/// Every call with its club's name and its counts of drafts, submitted and eligible
/// applications (unsorted: callers keep the ones the person may manage).
pub async fn call_rows(db: &Db) -> Result<Vec<CallRow>, sqlx::Error> {
    let cols = CALL_COLUMNS.split(", ").map(|c| format!("c.{}", c.trim())).collect::<Vec<_>>().join(", ");
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {cols}, cl.name, \
         COUNT(CASE WHEN a.status = 'draft' THEN 1 END), \
         COUNT(CASE WHEN a.status = 'submitted' THEN 1 END), \
         COUNT(CASE WHEN a.status = 'submitted' AND a.eligibility = 'eligible' THEN 1 END) \
         FROM calls c LEFT JOIN clubs cl ON cl.id = c.club_id LEFT JOIN call_applications a ON a.call_id = c.id \
         GROUP BY {cols}, cl.name ORDER BY c.closes_at DESC, c.id DESC"
    )))
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CallRow {
                call: call_from_row(r)?,
                club_name: r.try_get(14)?,
                drafts: r.try_get(15)?,
                submitted: r.try_get(16)?,
                eligible: r.try_get(17)?,
            })
        })
        .collect()
}

/// Whether another call than `except` has this slug.
pub async fn call_slug_taken(db: &Db, slug: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM calls WHERE slug = $1 AND id <> $2")
        .bind(slug.to_string())
        .bind(except.unwrap_or(0))
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

pub async fn update_category(tx: &mut Tx, call_id: i64, id: i64, c: &CategoryInput) -> Result<bool, sqlx::Error> {
    let r =
        sqlx::query("UPDATE call_categories SET name = $3, description = $4, prize = $5, sponsor_id = $6 WHERE id = $1 AND call_id = $2")
            .bind(id)
            .bind(call_id)
            .bind(c.name.clone())
            .bind(c.description.clone())
            .bind(c.prize.clone())
            .bind(c.sponsor_id)
            .execute(&mut **tx)
            .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete_category(tx: &mut Tx, call_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM call_categories WHERE id = $1 AND call_id = $2").bind(id).bind(call_id).execute(&mut **tx).await?;
    Ok(r.rows_affected() == 1)
}

/// Put a call's categories in this order (each id's position is its index).
pub async fn order_categories(tx: &mut Tx, call_id: i64, ids: &[i64]) -> Result<(), sqlx::Error> {
    for (i, id) in ids.iter().enumerate() {
        sqlx::query("UPDATE call_categories SET position = $3 WHERE id = $1 AND call_id = $2")
            .bind(*id)
            .bind(call_id)
            .bind(i as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn update_criterion(tx: &mut Tx, stage_id: i64, id: i64, c: &CriterionInput) -> Result<bool, sqlx::Error> {
    let levels = serde_json::to_string(&c.levels).unwrap_or_else(|_| "{}".into());
    let r = sqlx::query("UPDATE call_criteria SET name = $3, description = $4, weight = $5, levels = $6 WHERE id = $1 AND stage_id = $2")
        .bind(id)
        .bind(stage_id)
        .bind(c.name.clone())
        .bind(c.description.clone())
        .bind(c.weight.max(1))
        .bind(levels)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete_criterion(tx: &mut Tx, stage_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM call_criteria WHERE id = $1 AND stage_id = $2").bind(id).bind(stage_id).execute(&mut **tx).await?;
    Ok(r.rows_affected() == 1)
}

/// Whether a stage has reviews or a decision (then its scale no longer changes).
pub async fn stage_in_use(db: &Db, stage_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM call_reviews r JOIN call_assignments s ON s.id = r.assignment_id WHERE s.stage_id = $1) \
         + (SELECT COUNT(*) FROM call_decisions WHERE stage_id = $1)",
    )
    .bind(stage_id)
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

// ---- manage: applications ----

/// An application as the managers' list shows it: its own columns, its category's, club's and
/// territory's names, and whether another application of the call has the same SIRET or the
/// same e-mail address (computed by the database).
#[derive(Debug, Clone)]
pub struct ApplicationRow {
    pub id: i64,
    pub reference: Option<String>,
    pub status: String,
    pub email: String,
    pub project_title: String,
    pub org_name: String,
    pub org_siret: String,
    pub org_town: String,
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub club_id: Option<i64>,
    pub club_name: Option<String>,
    pub territory: String,
    pub eligibility: String,
    pub eligibility_reason: String,
    pub stage_id: Option<i64>,
    pub submitted_at: Option<i64>,
    pub duplicate_siret: bool,
    pub duplicate_email: bool,
}

/// A call's applications (drafts included), by id, with their duplicates flagged. Withdrawn
/// applications neither flag others nor are flagged.
pub async fn application_rows(db: &Db, call_id: i64) -> Result<Vec<ApplicationRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.id, a.reference, a.status, a.email, a.project_title, a.org_name, a.org_siret, a.org_town, a.category_id, k.name, \
         a.club_id, cl.name, COALESCE(cl.territory, ''), a.eligibility, a.eligibility_reason, a.stage_id, a.submitted_at, \
         CAST(CASE WHEN a.status <> 'withdrawn' AND a.org_siret <> '' AND EXISTS (SELECT 1 FROM call_applications b \
           WHERE b.call_id = a.call_id AND b.id <> a.id AND b.status <> 'withdrawn' AND b.org_siret = a.org_siret) THEN 1 ELSE 0 END AS BIGINT), \
         CAST(CASE WHEN a.status <> 'withdrawn' AND EXISTS (SELECT 1 FROM call_applications b \
           WHERE b.call_id = a.call_id AND b.id <> a.id AND b.status <> 'withdrawn' AND LOWER(b.email) = LOWER(a.email)) THEN 1 ELSE 0 END AS BIGINT) \
         FROM call_applications a LEFT JOIN call_categories k ON k.id = a.category_id LEFT JOIN clubs cl ON cl.id = a.club_id \
         WHERE a.call_id = $1 ORDER BY a.id",
    )
    .bind(call_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ApplicationRow {
                id: r.try_get(0)?,
                reference: r.try_get(1)?,
                status: r.try_get(2)?,
                email: r.try_get(3)?,
                project_title: r.try_get(4)?,
                org_name: r.try_get(5)?,
                org_siret: r.try_get(6)?,
                org_town: r.try_get(7)?,
                category_id: r.try_get(8)?,
                category_name: r.try_get(9)?,
                club_id: r.try_get(10)?,
                club_name: r.try_get(11)?,
                territory: r.try_get(12)?,
                eligibility: r.try_get(13)?,
                eligibility_reason: r.try_get(14)?,
                stage_id: r.try_get(15)?,
                submitted_at: r.try_get(16)?,
                duplicate_siret: r.try_get::<i64, _>(17)? != 0,
                duplicate_email: r.try_get::<i64, _>(18)? != 0,
            })
        })
        .collect()
}

/// Decide the eligibility of submitted applications of a call, with a reason, who and when;
/// each decision is also kept in the history. Returns how many applications were decided
/// (drafts, withdrawn ones and other calls' are left alone).
pub async fn set_eligibility(
    tx: &mut Tx,
    call_id: i64,
    ids: &[i64],
    eligibility: &str,
    reason: &str,
    by: Option<i64>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut n = 0;
    for id in ids {
        let r = sqlx::query(
            "UPDATE call_applications SET eligibility = $3, eligibility_reason = $4, eligibility_by = $5, eligibility_at = $6, \
             updated_at = $6 WHERE id = $1 AND call_id = $2 AND status = 'submitted'",
        )
        .bind(*id)
        .bind(call_id)
        .bind(eligibility.to_string())
        .bind(reason.to_string())
        .bind(by)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        if r.rows_affected() == 1 {
            n += 1;
            sqlx::query(
                "INSERT INTO call_eligibility_log (application_id, eligibility, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(*id)
            .bind(eligibility.to_string())
            .bind(reason.to_string())
            .bind(by)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(n)
}

/// One eligibility decision of the history.
#[derive(Debug, Clone)]
pub struct EligibilityEntry {
    pub eligibility: String,
    pub reason: String,
    pub by_name: Option<String>,
    pub at: i64,
}

/// An application's eligibility decisions, oldest first.
pub async fn eligibility_history(db: &Db, application_id: i64) -> Result<Vec<EligibilityEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT g.eligibility, g.reason, u.name, g.decided_at FROM call_eligibility_log g LEFT JOIN users u ON u.id = g.decided_by \
         WHERE g.application_id = $1 ORDER BY g.id",
    )
    .bind(application_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok(EligibilityEntry { eligibility: r.try_get(0)?, reason: r.try_get(1)?, by_name: r.try_get(2)?, at: r.try_get(3)? }))
        .collect()
}

/// The name of the person who decided an application's current eligibility, and when.
pub async fn eligibility_decider(db: &Db, application_id: i64) -> Result<(Option<String>, Option<i64>), sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.name, a.eligibility_at FROM call_applications a LEFT JOIN users u ON u.id = a.eligibility_by WHERE a.id = $1",
    )
    .bind(application_id)
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some(r) => Ok((r.try_get(0)?, r.try_get(1)?)),
        None => Ok((None, None)),
    }
}

/// A file an applicant sent (without its bytes).
#[derive(Debug, Clone)]
pub struct FileMeta {
    pub id: i64,
    pub application_id: i64,
    pub question_id: i64,
    pub filename: String,
    pub mime: String,
    pub size: i64,
}

/// The files of a call's applications, by application then question.
pub async fn files_of_call(db: &Db, call_id: i64) -> Result<Vec<FileMeta>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT f.id, f.application_id, f.question_id, f.filename, f.mime, f.size FROM call_files f \
         JOIN call_applications a ON a.id = f.application_id WHERE a.call_id = $1 ORDER BY f.application_id, f.question_id, f.id",
    )
    .bind(call_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(FileMeta {
                id: r.try_get(0)?,
                application_id: r.try_get(1)?,
                question_id: r.try_get(2)?,
                filename: r.try_get(3)?,
                mime: r.try_get(4)?,
                size: r.try_get(5)?,
            })
        })
        .collect()
}
