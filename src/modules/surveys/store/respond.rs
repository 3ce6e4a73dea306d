//! What the public pages and respondents read: the waves shown publicly (opened or
//! published) and the next instant a wave opens or closes.

use super::{WAVE, wave_of};
use crate::core::db::Db;
use crate::modules::surveys::model::Wave;

/// The waves the public may see (opened, so their form is frozen, or with published results),
/// by survey then opening date.
pub async fn public_waves(db: &Db) -> Result<Vec<Wave>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{WAVE} WHERE form_version IS NOT NULL OR published_at IS NOT NULL ORDER BY survey_id, opens_at, id"
    )))
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(wave_of).collect()
}

/// The next moment after `now` an opened wave opens or closes (the public pages change then).
pub async fn next_boundary(db: &Db, now: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT MIN(t) FROM (SELECT opens_at AS t FROM survey_waves WHERE form_version IS NOT NULL AND opens_at > $1 \
         UNION ALL SELECT closes_at AS t FROM survey_waves WHERE form_version IS NOT NULL AND closes_at > $1) AS b",
    )
    .bind(now)
    .fetch_one(db.pool())
    .await
}
