//! The SQL of the page cache's generations (`core::cache`): a row per scope in `page_generations`.

use crate::core::db::Db;

/// The scope has a row (a new module's scope starts at 0).
pub(super) async fn register_scope(db: &Db, scope: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO page_generations (scope, generation) VALUES ($1, 0) ON CONFLICT (scope) DO NOTHING")
        .bind(scope.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Every scope's generation.
pub(super) async fn generations(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT scope, generation FROM page_generations").fetch_all(db.pool()).await
}

pub(super) async fn bump_scope(db: &Db, scope: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO page_generations (scope, generation) VALUES ($1, 1) \
         ON CONFLICT (scope) DO UPDATE SET generation = page_generations.generation + 1",
    )
    .bind(scope.to_string())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// For commands that write public content from another process (`essaim import`, `essaim
/// seed`): running servers show the change at their next request (PostgreSQL) or within a
/// second (SQLite).
pub async fn content_changed_elsewhere(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE page_generations SET generation = generation + 1").execute(db.writer()).await?;
    Ok(())
}
