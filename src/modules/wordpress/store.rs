//! Every SQL statement of the WordPress import: the mapping of WordPress objects to essaim's,
//! the redirects from old addresses, and the import reports.

use sqlx::Row;

use crate::core::db::{Db, Tx};

/// Every mapping of one WordPress site: (type, WordPress id) -> (essaim id, fingerprint).
pub async fn load_mappings(tx: &mut Tx, source: &str) -> Result<Vec<(String, i64, i64, String)>, sqlx::Error> {
    let rows = sqlx::query("SELECT wp_type, wp_id, essaim_id, fingerprint FROM wp_imports WHERE source = $1")
        .bind(source.to_string())
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

pub async fn save_mapping(
    tx: &mut Tx,
    source: &str,
    wp_type: &str,
    wp_id: i64,
    essaim_id: i64,
    fingerprint: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO wp_imports (source, wp_type, wp_id, essaim_id, fingerprint) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (source, wp_type, wp_id) DO UPDATE SET essaim_id = $4, fingerprint = $5",
    )
    .bind(source.to_string())
    .bind(wp_type.to_string())
    .bind(wp_id)
    .bind(essaim_id)
    .bind(fingerprint.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Record an old address; returns whether it was new or changed.
pub async fn save_redirect(tx: &mut Tx, old_path: &str, new_path: &str, source: &str, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO redirects (old_path, new_path, source, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (old_path) DO UPDATE SET new_path = $2, source = $3 WHERE redirects.new_path <> $2",
    )
    .bind(old_path.to_string())
    .bind(new_path.to_string())
    .bind(source.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// An address that moved on purpose (a renamed slug): `old_path` answers 301 to `new_path`,
/// and so does every older address that led to `old_path` (no chains); `new_path` itself is
/// no longer redirected (it is live again).
pub async fn record_move(tx: &mut Tx, old_path: &str, new_path: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE redirects SET new_path = $2 WHERE new_path = $1")
        .bind(old_path.to_string())
        .bind(new_path.to_string())
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM redirects WHERE old_path = $1").bind(new_path.to_string()).execute(&mut **tx).await?;
    save_redirect(tx, old_path, new_path, "slug", now).await?;
    Ok(())
}

/// The new home of an old address (a normalised path or query key).
pub async fn find_redirect(db: &Db, old_path: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT new_path FROM redirects WHERE old_path = $1").bind(old_path.to_string()).fetch_optional(db.pool()).await
}

pub async fn count_redirects(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM redirects").fetch_one(db.pool()).await
}

pub async fn save_report(tx: &mut Tx, kind: &str, source: &str, file_name: &str, summary_json: &str, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO import_reports (kind, source, file_name, summary, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(kind.to_string())
        .bind(source.to_string())
        .bind(file_name.to_string())
        .bind(summary_json.to_string())
        .bind(now)
        .fetch_one(&mut **tx)
        .await
}

/// The latest reports, newest first: (id, source, file name, summary JSON, when).
pub async fn list_reports(db: &Db, limit: i64) -> Result<Vec<(i64, String, String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, source, file_name, summary, created_at FROM import_reports ORDER BY id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?))).collect()
}

/// One report: (id, source, file name, summary JSON, when).
pub async fn get_report(db: &Db, id: i64) -> Result<Option<(i64, String, String, String, i64)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, source, file_name, summary, created_at FROM import_reports WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?))).transpose()
}
