//! Ranking, decisions and their amendments, publication of frozen results.

use super::*;
use crate::modules::calls::model::{Decision, DecisionLine, Published};

/// A stage's decision and its amendments, in order, with the deciders' names.
pub async fn decisions(db: &Db, stage_id: i64) -> Result<Vec<Decision>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.id, d.stage_id, d.seq, d.rationale, d.outcomes, d.decided_by, u.name, d.decided_at \
         FROM call_decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.stage_id = $1 ORDER BY d.seq",
    )
    .bind(stage_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let outcomes: String = r.try_get(4)?;
            Ok(Decision {
                id: r.try_get(0)?,
                stage_id: r.try_get(1)?,
                seq: r.try_get(2)?,
                rationale: r.try_get(3)?,
                outcomes: serde_json::from_str(&outcomes).unwrap_or_default(),
                decided_by: r.try_get(5)?,
                decided_by_name: r.try_get(6)?,
                decided_at: r.try_get(7)?,
            })
        })
        .collect()
}

/// The last seq of a stage's decisions (0: none), read in the writing transaction.
pub async fn last_decision_seq(tx: &mut Tx, stage_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM call_decisions WHERE stage_id = $1").bind(stage_id).fetch_one(&mut **tx).await
}

/// Record a decision (seq 1) or an amendment. `Ok(false)`: that seq is already taken (someone
/// decided meanwhile); the transaction must then be dropped (PostgreSQL has aborted it).
pub async fn insert_decision(
    tx: &mut Tx,
    stage_id: i64,
    seq: i64,
    rationale: &str,
    outcomes: &[DecisionLine],
    decided_by: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let json = serde_json::to_string(outcomes).unwrap_or_else(|_| "[]".into());
    let r = sqlx::query(
        "INSERT INTO call_decisions (stage_id, seq, rationale, outcomes, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(stage_id)
    .bind(seq)
    .bind(rationale.to_string())
    .bind(json)
    .bind(decided_by)
    .bind(now)
    .execute(&mut **tx)
    .await;
    match r {
        Ok(_) => Ok(true),
        Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Write where an application stands: the furthest stage it reached, its outcome and the
/// category of its prize.
pub async fn set_outcome(
    tx: &mut Tx,
    application_id: i64,
    stage_id: Option<i64>,
    outcome: Option<&str>,
    category_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE call_applications SET stage_id = $2, outcome = $3, outcome_category_id = $4, updated_at = $5 WHERE id = $1")
        .bind(application_id)
        .bind(stage_id)
        .bind(outcome.map(str::to_string))
        .bind(category_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const PUBLISHED_COLUMNS: &str = "id, call_id, version, body, fingerprint, reason, published_by, published_at";

fn published_from_row(r: &AnyRow) -> Result<Published, sqlx::Error> {
    Ok(Published {
        id: r.try_get(0)?,
        call_id: r.try_get(1)?,
        version: r.try_get(2)?,
        body: r.try_get(3)?,
        fingerprint: r.try_get(4)?,
        reason: r.try_get(5)?,
        published_by: r.try_get(6)?,
        published_at: r.try_get(7)?,
    })
}

/// Every published version of a call's results, oldest first.
pub async fn published(db: &Db, call_id: i64) -> Result<Vec<Published>, sqlx::Error> {
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {PUBLISHED_COLUMNS} FROM call_results WHERE call_id = $1 ORDER BY version")))
            .bind(call_id)
            .fetch_all(db.pool())
            .await?;
    rows.iter().map(published_from_row).collect()
}

/// The latest published version (0: none), read in the writing transaction.
pub async fn last_version(tx: &mut Tx, call_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM call_results WHERE call_id = $1").bind(call_id).fetch_one(&mut **tx).await
}

/// Whether a call's results are published.
pub async fn is_published(db: &Db, call_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM call_results WHERE call_id = $1").bind(call_id).fetch_one(db.pool()).await?;
    Ok(n > 0)
}

/// Store a published version. `Ok(false)`: that version exists (published meanwhile); drop
/// the transaction.
#[allow(clippy::too_many_arguments)]
pub async fn insert_published(
    tx: &mut Tx,
    call_id: i64,
    version: i64,
    body: &str,
    fingerprint: &str,
    reason: &str,
    published_by: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO call_results (call_id, version, body, fingerprint, reason, published_by, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(call_id)
    .bind(version)
    .bind(body.to_string())
    .bind(fingerprint.to_string())
    .bind(reason.to_string())
    .bind(published_by)
    .bind(now)
    .execute(&mut **tx)
    .await;
    match r {
        Ok(_) => Ok(true),
        Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The public names (`/media/{key}`) of media by id.
pub async fn media_keys(db: &Db, ids: &[i64]) -> Result<BTreeMap<i64, String>, sqlx::Error> {
    let mut out = BTreeMap::new();
    for id in ids {
        if let Some(key) =
            sqlx::query_scalar::<_, String>("SELECT key FROM media WHERE id = $1").bind(*id).fetch_optional(db.pool()).await?
        {
            out.insert(*id, key);
        }
    }
    Ok(out)
}

/// One application's feedback from the jury (counted reviews only, earlier stages first).
pub async fn feedback_for(db: &Db, application_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT r.feedback FROM call_assignments s JOIN call_reviews r ON r.assignment_id = s.id \
         JOIN call_jurors j ON j.id = s.juror_id JOIN call_stages t ON t.id = s.stage_id \
         WHERE s.application_id = $1 AND r.status = 'submitted' AND s.conflict NOT IN ('declared', 'automatic') \
         AND j.withdrawn_at IS NULL AND r.feedback <> '' ORDER BY t.position, s.id",
    )
    .bind(application_id)
    .fetch_all(db.pool())
    .await
}

/// A call's applications whose submitted status makes them applicants of record, with their
/// reviews' feedback across the call's stages (counted reviews only).
pub async fn feedback_by_application(db: &Db, call_id: i64) -> Result<BTreeMap<i64, Vec<String>>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.application_id, r.feedback FROM call_assignments s JOIN call_reviews r ON r.assignment_id = s.id \
         JOIN call_jurors j ON j.id = s.juror_id JOIN call_stages t ON t.id = s.stage_id \
         WHERE t.call_id = $1 AND r.status = 'submitted' AND s.conflict NOT IN ('declared', 'automatic') \
         AND j.withdrawn_at IS NULL AND r.feedback <> '' ORDER BY t.position, s.id",
    )
    .bind(call_id)
    .fetch_all(db.pool())
    .await?;
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in &rows {
        out.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
    }
    Ok(out)
}
