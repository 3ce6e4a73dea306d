//! The applicants' drafts, submissions and withdrawals; whether a call's results are out; the
//! attachments of file questions; the districts' back office; a person's applications (find,
//! erase); the rate limit of the "apply" form.

use super::*;

/// Whether a call has published results (any version).
pub async fn results_published(db: &Db, call_id: i64) -> Result<bool, sqlx::Error> {
    let n: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM call_results WHERE call_id = $1 LIMIT 1").bind(call_id).fetch_optional(db.pool()).await?;
    Ok(n.is_some())
}

/// The ids of the calls that have published results.
pub async fn calls_with_results(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT call_id FROM call_results").fetch_all(db.pool()).await
}

/// The application of `email` to a call still in draft or submitted (the newest), if any.
pub async fn live_application_of(tx: &mut Tx, call_id: i64, email: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM call_applications WHERE call_id = $1 AND email = $2 AND status <> 'withdrawn' ORDER BY id DESC LIMIT 1",
    )
    .bind(call_id)
    .bind(email.to_string())
    .fetch_optional(&mut **tx)
    .await
}

/// Save a draft: the application's own columns, the districts it reaches and the form's raw
/// fields (`draft`, JSON). Only a draft changes: false when it is no longer one.
pub async fn save_draft(tx: &mut Tx, id: i64, f: &ApplicationFields, draft: &str, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE call_applications SET project_title = $2, summary = $3, contact_name = $4, contact_phone = $5, org_name = $6, \
         org_legal_form = $7, org_siret = $8, org_rna = $9, org_address = $10, org_postcode = $11, org_town = $12, \
         district_id = $13, district_other = $14, category_id = $15, club_id = $16, project_url = $17, video_url = $18, \
         draft = $19, updated_at = $20 WHERE id = $1 AND status = 'draft'",
    )
    .bind(id)
    .bind(f.project_title.clone())
    .bind(f.summary.clone())
    .bind(f.contact_name.clone())
    .bind(f.contact_phone.clone())
    .bind(f.org_name.clone())
    .bind(f.org_legal_form.clone())
    .bind(f.org_siret.clone())
    .bind(f.org_rna.clone())
    .bind(f.org_address.clone())
    .bind(f.org_postcode.clone())
    .bind(f.org_town.clone())
    .bind(f.district_id)
    .bind(f.district_other.clone())
    .bind(f.category_id)
    .bind(f.club_id)
    .bind(f.project_url.clone())
    .bind(f.video_url.clone())
    .bind(draft.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    set_reached(tx, id, &f.reached).await?;
    Ok(true)
}

/// Submit a draft: one conditional UPDATE (`status = 'draft'`), so that of two submissions
/// only one passes; it then takes the call's next reference in the same transaction. The
/// reference, or None when the application was not a draft any more.
pub async fn submit(tx: &mut Tx, id: i64, call_id: i64, now: i64) -> Result<Option<String>, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE call_applications SET status = 'submitted', submitted_at = $2, updated_at = $2 WHERE id = $1 AND status = 'draft'",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() != 1 {
        return Ok(None);
    }
    let reference = next_reference(tx, call_id).await?;
    sqlx::query("UPDATE call_applications SET reference = $2 WHERE id = $1").bind(id).bind(reference.clone()).execute(&mut **tx).await?;
    Ok(Some(reference))
}

/// Withdraw a submitted application; false when it was not submitted.
pub async fn withdraw(tx: &mut Tx, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE call_applications SET status = 'withdrawn', withdrawn_at = $2, updated_at = $2 WHERE id = $1 AND status = 'submitted'",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// An attachment as stored (without its bytes).
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub id: i64,
    pub question_id: i64,
    pub filename: String,
    pub mime: String,
    pub size: i64,
}

/// Keep the file sent for a file question, replacing the one it had.
pub async fn put_file(
    tx: &mut Tx,
    application_id: i64,
    question_id: i64,
    filename: &str,
    mime: &str,
    bytes: &[u8],
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query("DELETE FROM call_files WHERE application_id = $1 AND question_id = $2")
        .bind(application_id)
        .bind(question_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query_scalar(
        "INSERT INTO call_files (application_id, question_id, filename, mime, size, bytes, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(application_id)
    .bind(question_id)
    .bind(filename.to_string())
    .bind(mime.to_string())
    .bind(bytes.len() as i64)
    .bind(bytes.to_vec())
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// An application's attachments, one per question.
pub async fn files(db: &Db, application_id: i64) -> Result<Vec<StoredFile>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, question_id, filename, mime, size FROM call_files WHERE application_id = $1 ORDER BY question_id, id")
            .bind(application_id)
            .fetch_all(db.pool())
            .await?;
    rows.iter()
        .map(|r| {
            Ok(StoredFile {
                id: r.try_get(0)?,
                question_id: r.try_get(1)?,
                filename: r.try_get(2)?,
                mime: r.try_get(3)?,
                size: r.try_get(4)?,
            })
        })
        .collect()
}

/// One of an application's files: its name, type and bytes (None when the file is not the
/// application's).
pub async fn file_bytes(db: &Db, application_id: i64, file_id: i64) -> Result<Option<(String, String, Vec<u8>)>, sqlx::Error> {
    let row = sqlx::query("SELECT filename, mime, bytes FROM call_files WHERE id = $1 AND application_id = $2")
        .bind(file_id)
        .bind(application_id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}

/// Count one request against `key` in a window (the same UPSERT as the core's limits); the
/// count in the current window and its start.
pub async fn hit(db: &Db, key: &str, now: i64, window: i64) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO rate_limits (key, hits, window_start) VALUES ($1, 1, $2) ON CONFLICT (key) DO UPDATE SET \
         hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
         window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
         RETURNING hits, window_start",
    )
    .bind(key.to_string())
    .bind(now)
    .bind(now - window)
    .fetch_one(db.writer())
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

// ---- districts (back office) ----

pub async fn district(db: &Db, id: i64) -> Result<Option<District>, sqlx::Error> {
    let row = sqlx::query("SELECT id, code, name, town, priority FROM districts WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    row.map(|r| {
        Ok(District {
            id: r.try_get(0)?,
            code: r.try_get(1)?,
            name: r.try_get(2)?,
            town: r.try_get(3)?,
            priority: r.try_get::<i64, _>(4)? != 0,
        })
    })
    .transpose()
}

/// Change a district by its id (the unique code and name/town are the database's to check).
pub async fn update_district(
    tx: &mut Tx,
    id: i64,
    code: Option<&str>,
    name: &str,
    town: &str,
    priority: bool,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE districts SET code = $2, name = $3, town = $4, priority = $5 WHERE id = $1")
        .bind(id)
        .bind(code.map(str::to_string))
        .bind(name.to_string())
        .bind(town.to_string())
        .bind(i64::from(priority))
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Delete a district (applications keep what was chosen as NULL: the foreign keys say so).
pub async fn delete_district(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM districts WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(r.rows_affected() == 1)
}

/// The district that has this code, and the one that has this name and town (the import
/// and the edit form check them before writing, so that a clash is a message, never a 500).
pub async fn district_ids(tx: &mut Tx, code: Option<&str>, name: &str, town: &str) -> Result<(Option<i64>, Option<i64>), sqlx::Error> {
    let by_code: Option<i64> = match code {
        Some(c) => sqlx::query_scalar("SELECT id FROM districts WHERE code = $1").bind(c.to_string()).fetch_optional(&mut **tx).await?,
        None => None,
    };
    let by_name: Option<i64> = sqlx::query_scalar("SELECT id FROM districts WHERE name = $1 AND town = $2")
        .bind(name.to_string())
        .bind(town.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    Ok((by_code, by_name))
}

/// The next moment a published call opens or closes after `now` (the page cache's horizon:
/// the list and a call's page change then by the clock alone).
pub async fn next_boundary(db: &Db, now: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT MIN(t) FROM (SELECT opens_at AS t FROM calls WHERE status = 'published' AND opens_at > $1 \
         UNION ALL SELECT closes_at AS t FROM calls WHERE status = 'published' AND closes_at > $1) AS b",
    )
    .bind(now)
    .fetch_one(db.pool())
    .await
}

// ---- a person's applications ----

/// Every application made with `email`, as JSON records (the person's data export).
pub async fn applications_by_email(db: &Db, email: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {APPLICATION_COLUMNS}, c.title FROM call_applications a JOIN calls c ON c.id = a.call_id \
         WHERE a.email = $1 ORDER BY a.id"
    )))
    .bind(email.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = vec![];
    for r in &rows {
        let a = application_from_row(r)?;
        let title: String = r.try_get(33)?;
        out.push(serde_json::json!({
            "call": title,
            "reference": a.reference,
            "status": a.status,
            "lang": a.lang,
            "fields": a.fields,
            "draft": serde_json::from_str::<serde_json::Value>(&a.draft).unwrap_or_default(),
            "eligibility": a.eligibility,
            "outcome": a.outcome,
            "created_at": a.created_at,
            "submitted_at": a.submitted_at,
            "withdrawn_at": a.withdrawn_at,
        }));
    }
    Ok(out)
}

/// Anonymise the applications of `email`: the personal fields emptied (contact, phone, the
/// e-mail replaced), the files deleted, the draft emptied, the links revoked; the
/// applications themselves stay (counts, references, outcomes). The (application, call) pairs
/// anonymised.
pub async fn anonymise_by_email(tx: &mut Tx, email: &str, now: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, call_id FROM call_applications WHERE email = $1").bind(email.to_string()).fetch_all(&mut **tx).await?;
    let pairs: Vec<(i64, i64)> = rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<Result<_, sqlx::Error>>()?;
    for (id, _) in &pairs {
        sqlx::query(
            "UPDATE call_applications SET email = $2, contact_name = '', contact_phone = '', draft = '{}', anonymised_at = $3, \
             updated_at = $3 WHERE id = $1",
        )
        .bind(*id)
        .bind(format!("erased-application-{id}@essaim.invalid"))
        .bind(now)
        .execute(&mut **tx)
        .await?;
        sqlx::query("DELETE FROM call_files WHERE application_id = $1").bind(*id).execute(&mut **tx).await?;
    }
    Ok(pairs)
}
