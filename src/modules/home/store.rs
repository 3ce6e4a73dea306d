//! Every SQL statement of the home module: its blocks (`home_blocks`, migration 0024).

use sqlx::Row;

use crate::core::db::Db;

/// The stored blocks by position: (kind, visible, settings as JSON).
pub async fn list_blocks(db: &Db) -> Result<Vec<(String, bool, String)>, sqlx::Error> {
    let rows = sqlx::query("SELECT kind, visible, settings FROM home_blocks ORDER BY position, kind").fetch_all(db.pool()).await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get::<i64, _>(1)? != 0, r.try_get(2)?))).collect()
}

/// The order and visibility of every block, in one transaction: `(kind, visible)` by
/// position. A block stored for the first time keeps the default settings (`{}`).
pub async fn save_layout(db: &Db, blocks: &[(&str, bool)], now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for (position, (kind, visible)) in blocks.iter().enumerate() {
        sqlx::query(
            "INSERT INTO home_blocks (kind, position, visible, settings, updated_at) VALUES ($1, $2, $3, '{}', $4) \
             ON CONFLICT (kind) DO UPDATE SET position = excluded.position, visible = excluded.visible, updated_at = excluded.updated_at",
        )
        .bind(kind.to_string())
        .bind(position as i64)
        .bind(i64::from(*visible))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// A block's settings (JSON); a block stored for the first time takes `position` and is
/// visible.
pub async fn save_settings(db: &Db, kind: &str, position: i64, settings: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO home_blocks (kind, position, visible, settings, updated_at) VALUES ($1, $2, 1, $3, $4) \
         ON CONFLICT (kind) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
    )
    .bind(kind.to_string())
    .bind(position)
    .bind(settings.to_string())
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(())
}
