//! The SQL of the search (`core::search`): the documents, and the matches on each engine.

use sqlx::Row;

use crate::core::db::{Db, DbKind, Tx};

/// Store or replace the search document of a post or page, after the post itself (inside the
/// caller's transaction). The document carries when the post became visible (`visible_at`: its
/// date while it is published), which a trigger on `posts` keeps when the status or date
/// changes without a new document.
pub async fn index(tx: &mut Tx, post_id: i64, doc: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO search_docs (post_id, doc, visible_at) \
         SELECT id, $2, CASE WHEN status = 'published' THEN published_at END FROM posts WHERE id = $1 \
         ON CONFLICT (post_id) DO UPDATE SET doc = excluded.doc, visible_at = excluded.visible_at",
    )
    .bind(post_id)
    .bind(doc.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The newest `n` published posts and pages holding every term (id, date, search document),
/// and whether there are more.
pub(super) async fn newest_matches(db: &Db, terms: &[&str], now: i64, n: usize) -> Result<(Vec<(i64, i64, String)>, bool), sqlx::Error> {
    let want = i64::try_from(n).unwrap_or(i64::MAX - 1) + 1;
    let mut matches = Vec::with_capacity(n + 1);
    match db.kind() {
        DbKind::Sqlite => {
            // FTS5 hands the matches newest first; each is checked as it comes, until enough.
            let matcher = terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" ");
            let rows = sqlx::query(
                "SELECT d.post_id, d.visible_at, d.doc FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid \
                 WHERE search_fts MATCH $1 AND d.visible_at <= $2 \
                 ORDER BY search_fts.rowid DESC LIMIT $3",
            )
            .bind(matcher)
            .bind(now)
            .bind(want)
            .fetch_all(db.pool())
            .await?;
            for r in &rows {
                matches.push((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?));
            }
        }
        DbKind::Postgres => {
            // The GIN index gives the matches in no order: the newest are picked among them
            // first, then only those are looked up (a few drafts or scheduled posts among them
            // are skipped, and the next ones read, until enough).
            let matcher = terms.join(" & ");
            let mut before = i64::MAX;
            loop {
                let batch = want + 16;
                let rows = sqlx::query(
                    "SELECT c.post_id, CASE WHEN d.visible_at <= $2 THEN d.visible_at END, d.doc \
                     FROM (SELECT post_id FROM search_fts WHERE tsv @@ to_tsquery('simple', $1) AND post_id < $3 \
                     ORDER BY post_id DESC LIMIT $4) c JOIN search_docs d ON d.post_id = c.post_id",
                )
                .bind(matcher.clone())
                .bind(now)
                .bind(before)
                .bind(batch)
                // Planned for these words each time: a plan cached for any words would treat a
                // word in every post like a rare one (seconds instead of milliseconds).
                .persistent(false)
                .fetch_all(db.pool())
                .await?;
                for r in &rows {
                    let id: i64 = r.try_get(0)?;
                    before = before.min(id);
                    if let Some(at) = r.try_get::<Option<i64>, _>(1)? {
                        matches.push((id, at, r.try_get(2)?));
                    }
                }
                if i64::try_from(rows.len()).unwrap_or(0) < batch || matches.len() > n {
                    break;
                }
            }
            matches.sort_by_key(|m| std::cmp::Reverse(m.0));
        }
    }
    let more = matches.len() > n;
    matches.truncate(n);
    Ok((matches, more))
}
