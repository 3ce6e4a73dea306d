//! The SQL of the comments: shown, sent, logged, rate-limited, moderated, and found or
//! erased by their author's address.

use super::*;

pub async fn approved_comments(db: &Db, post_id: i64) -> Result<Vec<CommentItem>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, parent_id, author_name, body, created_at FROM comments WHERE post_id = $1 AND status = 'approved' ORDER BY created_at, id",
    )
    .bind(post_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CommentItem {
                id: r.try_get(0)?,
                parent_id: r.try_get(1)?,
                author_name: r.try_get(2)?,
                body: r.try_get(3)?,
                created_at: r.try_get(4)?,
                depth: 0,
                opens: false,
                closes: 0,
            })
        })
        .collect()
}

/// An imported comment, created (`id` None) or updated; the author's IP and e-mail go to the
/// comment log only while the log's term has not passed.
#[allow(clippy::too_many_arguments)]
pub async fn save_imported_comment(
    tx: &mut Tx,
    id: Option<i64>,
    post_id: i64,
    parent_id: Option<i64>,
    name: &str,
    email: &str,
    body: &str,
    status: &str,
    created_at: i64,
    ip: &str,
    now: i64,
    keep_log_for: i64,
) -> Result<i64, sqlx::Error> {
    let id = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE comments SET post_id = $2, parent_id = $3, author_name = $4, author_email = $5, body = $6, status = $7, \
                 created_at = $8 WHERE id = $1",
            )
            .bind(id)
            .bind(post_id)
            .bind(parent_id)
            .bind(name.to_string())
            .bind(email.to_string())
            .bind(body.to_string())
            .bind(status.to_string())
            .bind(created_at)
            .execute(&mut **tx)
            .await?;
            id
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO comments (post_id, parent_id, user_id, author_name, author_email, body, status, created_at) \
                 VALUES ($1, $2, NULL, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(post_id)
            .bind(parent_id)
            .bind(name.to_string())
            .bind(email.to_string())
            .bind(body.to_string())
            .bind(status.to_string())
            .bind(created_at)
            .fetch_one(&mut **tx)
            .await?;
            if created_at + keep_log_for > now {
                log_comment(tx, id, post_id, None, "import", ip, email, created_at, keep_log_for).await?;
            }
            id
        }
    };
    Ok(id)
}

/// Whether `parent_id` is an approved comment of `post_id` (a reply must answer one).
pub async fn comment_belongs(db: &Db, post_id: i64, parent_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE id = $1 AND post_id = $2 AND status = 'approved'")
        .bind(parent_id)
        .bind(post_id)
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

/// A new comment and, apart, what the law asks to keep about its author (one transaction).
#[allow(clippy::too_many_arguments)]
pub async fn insert_comment(
    db: &Db,
    post_id: i64,
    parent_id: Option<i64>,
    user_id: Option<i64>,
    name: &str,
    email: &str,
    body: &str,
    status: &str,
    ip: &str,
    now: i64,
    keep_log_for: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (post_id, parent_id, user_id, author_name, author_email, body, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(post_id)
    .bind(parent_id)
    .bind(user_id)
    .bind(name.to_string())
    .bind(email.to_string())
    .bind(body.to_string())
    .bind(status.to_string())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    log_comment(&mut tx, id, post_id, user_id, "create", ip, email, now, keep_log_for).await?;
    tx.commit().await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub async fn log_comment(
    tx: &mut Tx,
    comment_id: i64,
    post_id: i64,
    user_id: Option<i64>,
    operation: &str,
    ip: &str,
    email: &str,
    now: i64,
    keep_for: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO comment_log (comment_id, post_id, user_id, operation, ip, author_email, at, purge_after) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(comment_id)
    .bind(post_id)
    .bind(user_id)
    .bind(operation.to_string())
    .bind(ip.to_string())
    .bind(email.to_string())
    .bind(now)
    .bind(now + keep_for)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Purge the comment log past its term; returns how many rows went.
/// Past the same term, commenters' e-mail addresses are blanked on moderated comments, and
/// finished rate-limit windows (keyed by address) are dropped.
pub async fn purge_comment_log(db: &Db, now: i64, keep_for: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM comment_log WHERE purge_after <= $1").bind(now).execute(db.writer()).await?;
    sqlx::query("UPDATE comments SET author_email = '' WHERE created_at <= $1 AND author_email <> '' AND status <> 'pending'")
        .bind(now - keep_for)
        .execute(db.writer())
        .await?;
    sqlx::query("DELETE FROM rate_limits WHERE window_start <= $1").bind(now - 86_400).execute(db.writer()).await?;
    Ok(r.rows_affected())
}

/// Count a hit for `key` in a fixed window; returns the hits in the current window.
pub async fn hit_rate_limit(db: &Db, key: &str, now: i64, window: i64) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let row =
        sqlx::query("SELECT hits, window_start FROM rate_limits WHERE key = $1").bind(key.to_string()).fetch_optional(&mut *tx).await?;
    let (hits, start) = match row {
        Some(r) => {
            let h: i64 = r.try_get(0)?;
            let s: i64 = r.try_get(1)?;
            if now - s >= window { (1, now) } else { (h + 1, s) }
        }
        None => (1, now),
    };
    sqlx::query(
        "INSERT INTO rate_limits (key, hits, window_start) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET hits = $2, window_start = $3",
    )
    .bind(key.to_string())
    .bind(hits)
    .bind(start)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(hits)
}

/// A comment for moderation.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ModComment {
    pub id: i64,
    pub post_id: i64,
    pub post_title: String,
    pub post_slug: String,
    pub club_id: Option<i64>,
    pub author_name: String,
    pub author_email: String,
    pub body: String,
    pub status: String,
    pub created_at: i64,
}

/// Comments in one status, newest first, limited to some clubs' posts.
pub async fn list_comments_for_moderation(
    db: &Db,
    status: &str,
    clubs: Option<&[i64]>,
    limit: i64,
) -> Result<Vec<ModComment>, sqlx::Error> {
    let club_clause = match clubs {
        None => String::new(),
        Some([]) => " AND 1 = 0".to_string(),
        Some(ids) => format!(" AND p.club_id IN ({})", placeholders(3, ids.len())),
    };
    let sql = format!(
        "SELECT c.id, c.post_id, p.title, p.slug, p.club_id, c.author_name, c.author_email, c.body, c.status, c.created_at \
         FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.status = $1{club_clause} ORDER BY c.created_at DESC, c.id DESC LIMIT $2"
    );
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(status.to_string()).bind(limit);
    for id in clubs.unwrap_or(&[]) {
        q = q.bind(*id);
    }
    q.fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(ModComment {
                id: r.try_get(0)?,
                post_id: r.try_get(1)?,
                post_title: r.try_get(2)?,
                post_slug: r.try_get(3)?,
                club_id: r.try_get(4)?,
                author_name: r.try_get(5)?,
                author_email: r.try_get(6)?,
                body: r.try_get(7)?,
                status: r.try_get(8)?,
                created_at: r.try_get(9)?,
            })
        })
        .collect()
}

/// The club of a comment's post (for authorisation), if the comment exists.
pub async fn comment_club(db: &Db, comment_id: i64) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    let row = sqlx::query("SELECT c.post_id, p.club_id FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = $1")
        .bind(comment_id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// Set a comment's status (approve, spam) or delete it, and log who did it.
pub async fn moderate_comment(
    db: &Db,
    comment_id: i64,
    action: &str,
    user_id: i64,
    ip: &str,
    now: i64,
    keep_log_for: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let post_id: Option<i64> =
        sqlx::query_scalar("SELECT post_id FROM comments WHERE id = $1").bind(comment_id).fetch_optional(&mut *tx).await?;
    let Some(post_id) = post_id else { return Ok(false) };
    match action {
        "approve" => {
            sqlx::query("UPDATE comments SET status = 'approved' WHERE id = $1").bind(comment_id).execute(&mut *tx).await?;
        }
        "spam" => {
            sqlx::query("UPDATE comments SET status = 'spam' WHERE id = $1").bind(comment_id).execute(&mut *tx).await?;
        }
        "delete" => {
            sqlx::query("DELETE FROM comments WHERE id = $1").bind(comment_id).execute(&mut *tx).await?;
        }
        _ => return Ok(false),
    }
    log_comment(&mut tx, comment_id, post_id, Some(user_id), action, ip, "", now, keep_log_for).await?;
    tx.commit().await?;
    Ok(true)
}

/// Comments in one status on some clubs' posts.
pub async fn count_comments_for_clubs(db: &Db, status: &str, clubs: Option<&[i64]>) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.status = $1{}", clubs_clause(clubs, 2));
    let mut q = sqlx::query_scalar(AssertSqlSafe(sql)).bind(status.to_string());
    for id in clubs.unwrap_or(&[]) {
        q = q.bind(*id);
    }
    q.fetch_one(db.pool()).await
}

/// The comments written with an address (lowercase), with their post.
pub async fn find_comments_by_email(db: &Db, email: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, p.slug, p.title, c.author_name, c.author_email, c.body, c.status, c.created_at \
         FROM comments c JOIN posts p ON p.id = c.post_id WHERE LOWER(c.author_email) = $1 ORDER BY c.id",
    )
    .bind(email.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(serde_json::json!({
                "id": r.try_get::<i64, _>(0)?,
                "post": { "slug": r.try_get::<String, _>(1)?, "title": r.try_get::<String, _>(2)? },
                "author_name": r.try_get::<String, _>(3)?,
                "author_email": r.try_get::<String, _>(4)?,
                "body": r.try_get::<String, _>(5)?,
                "status": r.try_get::<String, _>(6)?,
                "created_at": crate::core::api::rfc3339(r.try_get(7)?),
            }))
        })
        .collect()
}

/// Blank the author's name and address on their comments and in the comment log.
pub async fn erase_comment_authors(tx: &mut Tx, email: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE comments SET author_name = '', author_email = '' WHERE LOWER(author_email) = $1")
        .bind(email.to_string())
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE comment_log SET author_email = '' WHERE LOWER(author_email) = $1")
        .bind(email.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected())
}
