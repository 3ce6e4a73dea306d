//! The SQL of the media library (`core::media`).

use sqlx::Row;

use super::{Media, Prepared};
use crate::core::db::{Db, Tx};

/// A new medium's row (its files apart, `insert_file`); returns its id.
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert(
    tx: &mut Tx,
    p: &Prepared,
    key: &str,
    filename: &str,
    size: i64,
    alt: &str,
    club_id: Option<i64>,
    user_id: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO media (kind, key, filename, mime, size, width, height, alt, club_id, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(p.kind)
    .bind(key.to_string())
    .bind(filename.to_string())
    .bind(p.mime)
    .bind(size)
    .bind(p.width.map(i64::from))
    .bind(p.height.map(i64::from))
    .bind(alt.to_string())
    .bind(club_id)
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// One file of a medium (the original or a variant).
pub(super) async fn insert_file(
    tx: &mut Tx,
    media_id: i64,
    variant: &str,
    mime: &'static str,
    width: Option<u32>,
    bytes: Vec<u8>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO media_files (media_id, variant, mime, width, bytes) VALUES ($1, $2, $3, $4, $5)")
        .bind(media_id)
        .bind(variant.to_string())
        .bind(mime)
        .bind(width.map(i64::from))
        .bind(bytes)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The bytes of a medium's `variant`, or of its original when it has no such variant: (mime, bytes).
pub(super) async fn file(db: &Db, media_id: i64, variant: &str) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT mime, bytes FROM media_files WHERE media_id = $1 AND variant IN ($2, 'original') \
         ORDER BY CASE WHEN variant = $2 THEN 0 ELSE 1 END LIMIT 1",
    )
    .bind(media_id)
    .bind(variant.to_string())
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some((row.try_get(0)?, row.try_get(1)?)))
}

/// A medium by id, inside the caller's transaction.
pub async fn get_tx(tx: &mut Tx, id: i64) -> Result<Option<Media>, sqlx::Error> {
    let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(media_from_row).transpose()
}

pub(super) async fn get_by_key_tx(tx: &mut Tx, key: &str) -> Result<Option<Media>, sqlx::Error> {
    let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE key = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key.to_string()).fetch_optional(&mut **tx).await?;
    row.as_ref().map(media_from_row).transpose()
}

const MEDIA_COLUMNS: &str = "id, kind, key, filename, mime, size, width, height, alt, created_at, withheld_at, shows_people";

fn media_from_row(r: &sqlx::any::AnyRow) -> Result<Media, sqlx::Error> {
    Ok(Media {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        key: r.try_get(2)?,
        filename: r.try_get(3)?,
        mime: r.try_get(4)?,
        size: r.try_get(5)?,
        width: r.try_get(6)?,
        height: r.try_get(7)?,
        alt: r.try_get(8)?,
        created_at: r.try_get(9)?,
        withheld: r.try_get::<Option<i64>, _>(10)?.is_some(),
        shows_people: r.try_get::<i64, _>(11)? == 1,
    })
}

pub async fn get_by_key(db: &Db, key: &str) -> Result<Option<Media>, sqlx::Error> {
    let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE key = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(media_from_row).transpose()
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Media>, sqlx::Error> {
    let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(media_from_row).transpose()
}

/// The library, newest first, optionally only one kind.
pub async fn list(db: &Db, kind: Option<&str>, limit: i64) -> Result<Vec<Media>, sqlx::Error> {
    let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE ($1 = '' OR kind = $1) ORDER BY created_at DESC, id DESC LIMIT $2");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(kind.unwrap_or("").to_string()).bind(limit).fetch_all(db.pool()).await?;
    rows.iter().map(media_from_row).collect()
}

pub async fn update_alt(db: &Db, id: i64, alt: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE media SET alt = $1 WHERE id = $2").bind(alt.to_string()).bind(id).execute(db.writer()).await?;
    Ok(r.rows_affected() > 0)
}

pub async fn delete(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM media WHERE id = $1").bind(id).execute(db.writer()).await?;
    Ok(r.rows_affected() > 0)
}

/// The club a library item belongs to (None: the whole network), if it exists.
pub async fn club_of(db: &Db, id: i64) -> Result<Option<Option<i64>>, sqlx::Error> {
    sqlx::query_scalar("SELECT club_id FROM media WHERE id = $1").bind(id).fetch_optional(db.pool()).await
}

/// Mark an item as showing people (a module that links it to a person whose image rights
/// may be withdrawn).
pub async fn shows_people(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE media SET shows_people = 1 WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// Withhold items from the public from now on (kept for staff, who decide their removal).
pub async fn withhold(tx: &mut Tx, ids: &[i64], now: i64) -> Result<u64, sqlx::Error> {
    let mut n = 0;
    for id in ids {
        n += sqlx::query("UPDATE media SET withheld_at = $2 WHERE id = $1 AND withheld_at IS NULL")
            .bind(id)
            .bind(now)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    }
    Ok(n)
}
