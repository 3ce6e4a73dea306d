//! The SQL of `essaim seed` of its own (the rest goes through the modules' stores).

use crate::core::db::Db;

/// PostgreSQL: gather the planner's statistics of every table.
pub(super) async fn analyze(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("ANALYZE").execute(db.writer()).await?;
    Ok(())
}
