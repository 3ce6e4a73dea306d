//! The SQL of the settings every instance shares (`core::db`).

use super::Db;

/// Read a stored setting (shared by every instance).
pub async fn get_setting(db: &Db, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key.to_string()).fetch_optional(db.pool()).await
}

/// Store a setting unless it is already there; returns the value that is stored.
pub async fn init_setting(db: &Db, key: &str, value: &str) -> Result<String, sqlx::Error> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(key.to_string())
        .bind(value.to_string())
        .execute(db.writer())
        .await?;
    Ok(get_setting(db, key).await?.unwrap_or_else(|| value.to_string()))
}

pub async fn set_setting(db: &Db, key: &str, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2")
        .bind(key.to_string())
        .bind(value.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Several settings in one query: (key, value) for each key that is stored.
pub async fn get_settings(db: &Db, keys: &[&str]) -> Result<Vec<(String, String)>, sqlx::Error> {
    let mut out = Vec::with_capacity(keys.len());
    if keys.is_empty() {
        return Ok(out);
    }
    let marks: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT key, value FROM settings WHERE key IN ({})", marks.join(", "));
    let mut q = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
    for k in keys {
        q = q.bind(k.to_string());
    }
    out.extend(q.fetch_all(db.pool()).await?);
    Ok(out)
}
