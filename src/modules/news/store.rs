//! Every SQL statement of the news module: posts and pages here, their terms in
//! `store/terms.rs`, comments in `store/comments.rs`.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::model::{CommentItem, Filter, Picture, Post, PostCard, PostInput, Term};
use crate::core::db::{Db, Tx};
use crate::core::i18n::collate;

/// Comments.
mod comments;
/// Categories and tags.
mod terms;
pub use comments::*;
pub use terms::*;

/// `$start, $start+1, …` for an `IN (…)` list of `n` values.
fn placeholders(start: usize, n: usize) -> String {
    (start..start + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Where a public list of posts is read, newest first: its table (`p`), the columns of its sort
/// key and post id, and the condition that picks its rows (`$1` is the list's own parameter, if
/// it has one). Every list reads one index in its order (migrations 0001 and 0011): the
/// archive `posts_public`, a club `posts_club`, a month `posts_month`, the featured posts
/// `posts_featured`, a category or a tag the sort key its rows carry (`*_list`).
struct Source {
    table: &'static str,
    at: &'static str,
    id: &'static str,
    cond: &'static str,
    arg: Option<i64>,
    /// Joins the row `q` of the list whose post id is `{}` (its primary key).
    row: &'static str,
}

impl Source {
    fn of(filter: Filter) -> Source {
        let posts = |cond, arg| Source { table: "posts p", at: "p.published_at", id: "p.id", cond, arg, row: "posts q ON q.id = {}" };
        match filter {
            Filter::All => posts("p.kind = 'post' AND p.status = 'published'", None),
            Filter::Club(id) => posts("p.club_id = $1 AND p.kind = 'post' AND p.status = 'published'", Some(id)),
            Filter::Month(key) => posts("p.kind = 'post' AND p.month_key = $1 AND p.status = 'published'", Some(key)),
            Filter::Featured => posts("p.kind = 'post' AND p.featured = 1 AND p.status = 'published'", None),
            Filter::Category(id) => Source {
                table: "post_categories p",
                at: "p.listed_at",
                id: "p.post_id",
                cond: "p.category_id = $1",
                arg: Some(id),
                row: "post_categories q ON q.post_id = {} AND q.category_id = $1",
            },
            Filter::Tag(id) => Source {
                table: "post_tags p",
                at: "p.listed_at",
                id: "p.post_id",
                cond: "p.tag_id = $1",
                arg: Some(id),
                row: "post_tags q ON q.post_id = {} AND q.tag_id = $1",
            },
        }
    }

    /// `$n` for the `i`-th parameter after the list's own (0-based).
    fn param(&self, i: usize) -> String {
        format!("${}", i + 1 + usize::from(self.arg.is_some()))
    }
}

const CARD_COLUMNS: &str = "p.id, p.slug, p.title, p.excerpt, p.published_at, p.featured, \
    m.key, m.alt, c.id, c.slug, c.name, p.kind";

/// Published posts, newest first, with their categories and comment counts; `offset` must stay
/// small (deep pages go through `page_ids` from an anchor).
pub async fn list_published_posts(db: &Db, filter: Filter, now: i64, limit: i64, offset: i64) -> Result<Vec<PostCard>, sqlx::Error> {
    let ids = page_ids(db, filter, now, None, limit, offset).await?;
    cards_by_ids(db, &ids).await
}

/// A list's size (published posts, scheduled ones included) and version, as the triggers keep
/// them, and how many of its posts are scheduled after `now` (they lead the list: few, read
/// from the top of its index); a list that never had a post is (0, 0, 0).
pub async fn list_state(db: &Db, filter: Filter, now: i64) -> Result<(i64, i64, i64), sqlx::Error> {
    let Some((kind, reference)) = filter.list_key() else { return Ok((0, 0, 0)) };
    let s = Source::of(filter);
    let sql = format!(
        "SELECT l.total, l.version, (SELECT COUNT(*) FROM {} WHERE {} AND {} > {}) FROM post_lists l WHERE l.kind = {} AND l.ref = {}",
        s.table,
        s.cond,
        s.at,
        s.param(0),
        s.param(1),
        s.param(2)
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    if let Some(a) = s.arg {
        q = q.bind(a);
    }
    let row = q.bind(now).bind(kind).bind(reference).fetch_optional(db.pool()).await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose().map(Option::unwrap_or_default)
}

/// The ids of a page of a list, newest first: `limit` posts after skipping `offset`, either
/// from the top among the posts published by `now`, or from the key `from` (included) in the
/// whole list. Pages from an anchor start past the scheduled posts, which lead the list.
pub async fn page_ids(
    db: &Db,
    filter: Filter,
    now: i64,
    from: Option<(i64, i64)>,
    limit: i64,
    offset: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let s = Source::of(filter);
    let (at, id) = (s.at, s.id);
    let sql = match from {
        None => format!(
            "SELECT {id} FROM {} WHERE {} AND {at} <= {} ORDER BY {at} DESC, {id} DESC LIMIT {} OFFSET {}",
            s.table,
            s.cond,
            s.param(0),
            s.param(1),
            s.param(2)
        ),
        Some(_) => format!(
            "SELECT {id} FROM {} WHERE {} AND {at} <= {p0} AND ({at} < {p0} OR {id} <= {p1}) \
             ORDER BY {at} DESC, {id} DESC LIMIT {} OFFSET {}",
            s.table,
            s.cond,
            s.param(2),
            s.param(3),
            p0 = s.param(0),
            p1 = s.param(1),
        ),
    };
    let mut q = sqlx::query_scalar(AssertSqlSafe(sql));
    if let Some(a) = s.arg {
        q = q.bind(a);
    }
    q = match from {
        None => q.bind(now),
        Some((at, id)) => q.bind(at).bind(id),
    };
    q.bind(limit).bind(offset).fetch_all(db.pool()).await
}

/// The anchors of a list: the key of every `spacing`-th post from the top (scheduled posts
/// included). Each step skips `spacing` entries of the list's index from the previous anchor,
/// so the whole is one pass over the index (a third of the time ROW_NUMBER takes on SQLite).
pub async fn list_anchors(db: &Db, filter: Filter, spacing: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let s = Source::of(filter);
    let (at, id, table, cond) = (s.at, s.id, s.table, s.cond);
    let next = format!(
        "(SELECT {id} FROM {table} WHERE {cond} AND {at} <= a.at AND ({at} < a.at OR {id} < a.id) \
         ORDER BY {at} DESC, {id} DESC LIMIT 1 OFFSET {})",
        s.param(0)
    );
    let (q_at, q_id) = (at.replacen("p.", "q.", 1), id.replacen("p.", "q.", 1));
    let sql = format!(
        "WITH RECURSIVE a(n, at, id) AS (\
         SELECT 0, f.at, f.id FROM (SELECT {at} AS at, {id} AS id FROM {table} WHERE {cond} AND {at} IS NOT NULL \
         ORDER BY {at} DESC, {id} DESC LIMIT 1) f \
         UNION ALL SELECT a.n + 1, {q_at}, {q_id} FROM a JOIN {}) \
         SELECT at, id FROM a ORDER BY n",
        s.row.replacen("{}", &next, 1)
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    if let Some(a) = s.arg {
        q = q.bind(a);
    }
    q.bind(spacing - 1).fetch_all(db.pool()).await?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// Cards for given post ids (search results), in the order given.
pub async fn cards_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<PostCard>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM posts p LEFT JOIN media m ON m.id = p.image_id LEFT JOIN clubs c ON c.id = p.club_id \
         WHERE p.id IN ({})",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for id in ids {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(db.pool()).await?;
    let mut cards = rows.iter().map(card_from_row).collect::<Result<Vec<_>, _>>()?;
    cards.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
    fill_cards(db, &mut cards).await?;
    Ok(cards)
}

/// Bodies, update times and authors of several posts at once (feeds): id -> (html, updated, author).
pub async fn bodies_of(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String, i64, Option<String>)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT p.id, p.body_html, p.updated_at, u.name FROM posts p LEFT JOIN users u ON u.id = p.author_id WHERE p.id IN ({})",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(db.pool()).await?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

fn card_from_row(r: &AnyRow) -> Result<PostCard, sqlx::Error> {
    let key: Option<String> = r.try_get(6)?;
    let club_id: Option<i64> = r.try_get(8)?;
    Ok(PostCard {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        title: r.try_get(2)?,
        excerpt: r.try_get(3)?,
        published_at: r.try_get::<Option<i64>, _>(4)?.unwrap_or(0),
        featured: r.try_get::<i64, _>(5)? != 0,
        image: key.map(|key| Picture { key, alt: r.try_get::<Option<String>, _>(7).ok().flatten().unwrap_or_default() }),
        club: match club_id {
            Some(id) => Some(Term { id, slug: r.try_get(9)?, name: r.try_get(10)? }),
            None => None,
        },
        categories: vec![],
        comment_count: 0,
        kind: r.try_get(11)?,
    })
}

/// Categories and approved-comment counts of a page of cards.
async fn fill_cards(db: &Db, cards: &mut [PostCard]) -> Result<(), sqlx::Error> {
    if cards.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
    let list = placeholders(1, ids.len());
    let sql = format!(
        "SELECT pc.post_id, c.id, c.slug, c.name FROM post_categories pc JOIN categories c ON c.id = pc.category_id \
         WHERE pc.post_id IN ({list})"
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for id in &ids {
        q = q.bind(*id);
    }
    for r in q.fetch_all(db.pool()).await? {
        let post_id: i64 = r.try_get(0)?;
        if let Some(card) = cards.iter_mut().find(|c| c.id == post_id) {
            card.categories.push(Term { id: r.try_get(1)?, slug: r.try_get(2)?, name: r.try_get(3)? });
        }
    }
    for card in cards.iter_mut() {
        collate(&mut card.categories, |t| &t.name);
    }
    let sql = format!("SELECT post_id, COUNT(*) FROM comments WHERE status = 'approved' AND post_id IN ({list}) GROUP BY post_id");
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for id in &ids {
        q = q.bind(*id);
    }
    for r in q.fetch_all(db.pool()).await? {
        let post_id: i64 = r.try_get(0)?;
        if let Some(card) = cards.iter_mut().find(|c| c.id == post_id) {
            card.comment_count = r.try_get(1)?;
        }
    }
    Ok(())
}

const POST_COLUMNS: &str = "p.id, p.kind, p.slug, p.title, p.body_format, p.body_source, p.body_html, p.excerpt, \
    p.status, p.published_at, c.id, c.slug, c.name, u.name, m.key, m.alt, p.image_id, p.parent_id, p.featured, \
    p.comments_closed, p.created_at, p.updated_at, p.version";
const POST_FROM: &str = "FROM posts p LEFT JOIN clubs c ON c.id = p.club_id LEFT JOIN users u ON u.id = p.author_id \
    LEFT JOIN media m ON m.id = p.image_id";

fn post_from_row(r: &AnyRow) -> Result<Post, sqlx::Error> {
    let club_id: Option<i64> = r.try_get(10)?;
    let key: Option<String> = r.try_get(14)?;
    Ok(Post {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        slug: r.try_get(2)?,
        title: r.try_get(3)?,
        body_format: r.try_get(4)?,
        body_source: r.try_get(5)?,
        body_html: r.try_get(6)?,
        excerpt: r.try_get(7)?,
        status: r.try_get(8)?,
        published_at: r.try_get(9)?,
        club: match club_id {
            Some(id) => Some(Term { id, slug: r.try_get(11)?, name: r.try_get(12)? }),
            None => None,
        },
        author_name: r.try_get(13)?,
        image: key.map(|key| Picture { key, alt: r.try_get::<Option<String>, _>(15).ok().flatten().unwrap_or_default() }),
        image_id: r.try_get(16)?,
        parent_id: r.try_get(17)?,
        featured: r.try_get::<i64, _>(18)? != 0,
        comments_closed: r.try_get::<i64, _>(19)? != 0,
        created_at: r.try_get(20)?,
        updated_at: r.try_get(21)?,
        version: r.try_get(22)?,
    })
}

/// A post or page by slug, whatever its state (callers decide who may see it).
pub async fn get_post_by_slug(db: &Db, kind: &str, slug: &str) -> Result<Option<Post>, sqlx::Error> {
    let sql = format!("SELECT {POST_COLUMNS} {POST_FROM} WHERE p.kind = $1 AND p.slug = $2");
    let row = sqlx::query(AssertSqlSafe(sql)).bind(kind.to_string()).bind(slug.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(post_from_row).transpose()
}

pub async fn get_post(db: &Db, id: i64) -> Result<Option<Post>, sqlx::Error> {
    let sql = format!("SELECT {POST_COLUMNS} {POST_FROM} WHERE p.id = $1");
    let row = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(post_from_row).transpose()
}

/// Posts or pages for the back office: newest first, optionally only some clubs' and one state.
pub async fn list_posts_for_admin(db: &Db, kind: &str, clubs: Option<&[i64]>, limit: i64, offset: i64) -> Result<Vec<Post>, sqlx::Error> {
    let club_clause = match clubs {
        None => String::new(),
        Some([]) => " AND 1 = 0".to_string(),
        Some(ids) => format!(" AND p.club_id IN ({})", placeholders(4, ids.len())),
    };
    let sql = format!(
        "SELECT {POST_COLUMNS} {POST_FROM} WHERE p.kind = $1{club_clause} \
         ORDER BY COALESCE(p.published_at, p.created_at) DESC, p.id DESC LIMIT $2 OFFSET $3"
    );
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(kind.to_string()).bind(limit).bind(offset);
    for id in clubs.unwrap_or(&[]) {
        q = q.bind(*id);
    }
    q.fetch_all(db.pool()).await?.iter().map(post_from_row).collect()
}

pub async fn count_posts_for_admin(db: &Db, kind: &str, clubs: Option<&[i64]>) -> Result<i64, sqlx::Error> {
    let club_clause = match clubs {
        None => String::new(),
        Some([]) => " AND 1 = 0".to_string(),
        Some(ids) => format!(" AND club_id IN ({})", placeholders(2, ids.len())),
    };
    let sql = format!("SELECT COUNT(*) FROM posts WHERE kind = $1{club_clause}");
    let mut q = sqlx::query_scalar(AssertSqlSafe(sql)).bind(kind.to_string());
    for id in clubs.unwrap_or(&[]) {
        q = q.bind(*id);
    }
    q.fetch_one(db.pool()).await
}

/// The first scheduled publication of a post or page after `now`, if any.
pub async fn next_scheduled(db: &Db, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let mut at: Option<i64> = None;
    for kind in ["post", "page"] {
        let t: Option<i64> =
            sqlx::query_scalar("SELECT MIN(published_at) FROM posts WHERE kind = $1 AND status = 'published' AND published_at > $2")
                .bind(kind)
                .bind(now)
                .fetch_one(db.pool())
                .await?;
        at = match (at, t) {
            (Some(a), Some(t)) => Some(a.min(t)),
            (a, t) => a.or(t),
        };
    }
    Ok(at)
}

/// The published pages (for the footer's site map and the sitemap).
pub async fn list_published_pages(db: &Db, now: i64) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query("SELECT slug, title, updated_at FROM posts WHERE kind = 'page' AND status = 'published' AND published_at <= $1")
        .bind(now)
        .fetch_all(db.pool())
        .await?;
    let mut pages: Vec<(String, String, i64)> =
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect::<Result<_, sqlx::Error>>()?;
    collate(&mut pages, |(_, title, _)| title);
    Ok(pages)
}

/// Slugs and dates of every published post, newest first (sitemap).
pub async fn list_published_post_urls(db: &Db, now: i64, limit: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT slug, updated_at FROM posts WHERE kind = 'post' AND status = 'published' AND published_at <= $1 \
         ORDER BY published_at DESC LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// The published posts just before and after one (older, newer).
pub async fn adjacent_posts(db: &Db, post: &Post, now: i64) -> Result<(Option<Term>, Option<Term>), sqlx::Error> {
    let at = post.published_at.unwrap_or(0);
    let older = sqlx::query(
        "SELECT id, slug, title FROM posts WHERE kind = 'post' AND status = 'published' AND published_at <= $1 \
         AND (published_at < $2 OR (published_at = $2 AND id < $3)) ORDER BY published_at DESC, id DESC LIMIT 1",
    )
    .bind(now)
    .bind(at)
    .bind(post.id)
    .fetch_optional(db.pool())
    .await?;
    let newer = sqlx::query(
        "SELECT id, slug, title FROM posts WHERE kind = 'post' AND status = 'published' AND published_at <= $1 \
         AND (published_at > $2 OR (published_at = $2 AND id > $3)) ORDER BY published_at ASC, id ASC LIMIT 1",
    )
    .bind(now)
    .bind(at)
    .bind(post.id)
    .fetch_optional(db.pool())
    .await?;
    let term = |r: Option<AnyRow>| -> Result<Option<Term>, sqlx::Error> {
        r.map(|r| Ok(Term { id: r.try_get(0)?, slug: r.try_get(1)?, name: r.try_get(2)? })).transpose()
    };
    Ok((term(older)?, term(newer)?))
}

/// Contacts shown at the end of a post: (name, role, email, phone).
pub async fn contacts_of(db: &Db, post_id: i64) -> Result<Vec<(i64, String, String, String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.role, c.email, c.phone FROM post_contacts pc JOIN contacts c ON c.id = pc.contact_id \
         WHERE pc.post_id = $1 ORDER BY pc.position, c.name",
    )
    .bind(post_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?))).collect()
}

/// The `limit` latest months that have published posts (yyyymm, count), newest first: the
/// months' lists as the triggers count them, less their scheduled posts.
pub async fn list_months(db: &Db, now: i64, limit: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    // The scheduled posts are read through posts_public (the IN): SQLite would otherwise read
    // every post from posts_month, which holds month_key and saves it the grouping.
    let rows = sqlx::query(
        "SELECT l.ref, l.total - COALESCE(s.n, 0) FROM post_lists l LEFT JOIN \
         (SELECT month_key, COUNT(*) AS n FROM posts WHERE id IN \
          (SELECT id FROM posts WHERE kind = 'post' AND status = 'published' AND published_at > $1) GROUP BY month_key) s \
         ON s.month_key = l.ref \
         WHERE l.kind = 'month' AND l.total > COALESCE(s.n, 0) ORDER BY l.ref DESC LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// Insert or update a post with its categories, tags, contacts and search document, in the
/// caller's transaction. `id` None creates. Returns the id.
#[allow(clippy::too_many_arguments)]
pub async fn save_post(
    tx: &mut Tx,
    id: Option<i64>,
    input: &PostInput,
    body_html: &str,
    excerpt: &str,
    month_key: i64,
    search_doc: &str,
    expected_version: Option<i64>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let id = match id {
        None => {
            sqlx::query_scalar(
                "INSERT INTO posts (kind, slug, title, body_format, body_source, body_html, excerpt, status, published_at, \
                 month_key, club_id, author_id, image_id, parent_id, featured, comments_closed, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
            )
            .bind(input.kind)
            .bind(input.slug.clone())
            .bind(input.title.clone())
            .bind(input.body_format.clone())
            .bind(input.body_source.clone())
            .bind(body_html.to_string())
            .bind(excerpt.to_string())
            .bind(input.status.clone())
            .bind(input.published_at)
            .bind(month_key)
            .bind(input.club_id)
            .bind(input.author_id)
            .bind(input.image_id)
            .bind(input.parent_id)
            .bind(i64::from(input.featured))
            .bind(i64::from(input.comments_closed))
            .bind(now)
            .fetch_one(&mut **tx)
            .await?
        }
        Some(id) => {
            let r = sqlx::query(
                "UPDATE posts SET slug = $2, title = $3, body_format = $4, body_source = $5, body_html = $6, excerpt = $7, \
                 status = $8, published_at = $9, month_key = $10, club_id = $11, image_id = $12, parent_id = $13, \
                 featured = $14, comments_closed = $15, updated_at = $16, version = version + 1 \
                 WHERE id = $1 AND version = COALESCE($17, version)",
            )
            .bind(id)
            .bind(input.slug.clone())
            .bind(input.title.clone())
            .bind(input.body_format.clone())
            .bind(input.body_source.clone())
            .bind(body_html.to_string())
            .bind(excerpt.to_string())
            .bind(input.status.clone())
            .bind(input.published_at)
            .bind(month_key)
            .bind(input.club_id)
            .bind(input.image_id)
            .bind(input.parent_id)
            .bind(i64::from(input.featured))
            .bind(i64::from(input.comments_closed))
            .bind(now)
            .bind(expected_version)
            .execute(&mut **tx)
            .await?;
            if r.rows_affected() == 0 && expected_version.is_some() {
                // Someone else saved since `expected_version`: nothing is written.
                return Ok(None);
            }
            id
        }
    };
    set_terms(tx, id, input).await?;
    crate::core::search::index(tx, id, search_doc).await?;
    Ok(Some(id))
}

/// A post's kind, slug and status, as stored (before an update changes them).
pub async fn address_of_tx(tx: &mut Tx, id: i64) -> Result<Option<(String, String, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT kind, slug, status FROM posts WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}

pub async fn slug_taken(db: &Db, kind: &str, slug: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE kind = $1 AND slug = $2 AND id <> $3")
        .bind(kind.to_string())
        .bind(slug.to_string())
        .bind(except.unwrap_or(0))
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

pub async fn set_post_status(db: &Db, id: i64, status: &str, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE posts SET status = $2, updated_at = $3, version = version + 1 WHERE id = $1")
        .bind(id)
        .bind(status.to_string())
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Delete a post, if it is still at `expected_version` when one is given.
pub async fn delete_post(db: &Db, id: i64, expected_version: Option<i64>) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM posts WHERE id = $1 AND version = COALESCE($2, version)")
        .bind(id)
        .bind(expected_version)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn slug_taken_tx(tx: &mut Tx, kind: &str, slug: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE kind = $1 AND slug = $2 AND id <> $3")
        .bind(kind.to_string())
        .bind(slug.to_string())
        .bind(except.unwrap_or(0))
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

/// A post's kind and slug, if it exists.
pub async fn kind_and_slug_tx(tx: &mut Tx, id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT kind, slug FROM posts WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

pub async fn set_post_parent_tx(tx: &mut Tx, id: i64, parent_id: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE posts SET parent_id = $2 WHERE id = $1").bind(id).bind(parent_id).execute(&mut **tx).await?;
    Ok(())
}

// ---- comments ----

/// What the API's lists filter on; 0 means "no filter".
#[derive(Clone, Copy, Debug, Default)]
pub struct ApiFilter {
    pub category_id: i64,
    pub tag_id: i64,
    pub club_id: i64,
}

const API_WHERE: &str = "p.kind = $1 AND p.status = 'published' AND p.published_at <= $2 \
    AND ($3 = 0 OR p.id IN (SELECT post_id FROM post_categories WHERE category_id = $3)) \
    AND ($4 = 0 OR p.id IN (SELECT post_id FROM post_tags WHERE tag_id = $4)) \
    AND ($5 = 0 OR p.club_id = $5)";

/// Published posts or pages for the API, newest first, filters combined.
pub async fn list_published_filtered(
    db: &Db,
    kind: &str,
    f: ApiFilter,
    now: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<PostCard>, sqlx::Error> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM posts p LEFT JOIN media m ON m.id = p.image_id LEFT JOIN clubs c ON c.id = p.club_id \
         WHERE {API_WHERE} ORDER BY p.published_at DESC, p.id DESC LIMIT $6 OFFSET $7"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(kind.to_string())
        .bind(now)
        .bind(f.category_id)
        .bind(f.tag_id)
        .bind(f.club_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(db.pool())
        .await?;
    let mut cards = rows.iter().map(card_from_row).collect::<Result<Vec<_>, _>>()?;
    fill_cards(db, &mut cards).await?;
    Ok(cards)
}

pub async fn count_published_filtered(db: &Db, kind: &str, f: ApiFilter, now: i64) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM posts p WHERE {API_WHERE}");
    sqlx::query_scalar(AssertSqlSafe(sql))
        .bind(kind.to_string())
        .bind(now)
        .bind(f.category_id)
        .bind(f.tag_id)
        .bind(f.club_id)
        .fetch_one(db.pool())
        .await
}

// ---- back office ----

/// `AND p.club_id IN (…)` for some clubs (parameters from `start`), nothing for all.
fn clubs_clause(clubs: Option<&[i64]>, start: usize) -> String {
    match clubs {
        None => String::new(),
        Some([]) => " AND 1 = 0".to_string(),
        Some(ids) => format!(" AND p.club_id IN ({})", placeholders(start, ids.len())),
    }
}

/// Drafts (`scheduled` false) or scheduled posts (true) of some clubs, for the dashboard.
pub async fn list_unpublished_for_admin(
    db: &Db,
    clubs: Option<&[i64]>,
    scheduled: bool,
    now: i64,
    limit: i64,
) -> Result<Vec<Post>, sqlx::Error> {
    let state = if scheduled { "p.status = 'published' AND p.published_at > $2" } else { "p.status = 'draft' AND $2 = $2" };
    let sql = format!(
        "SELECT {POST_COLUMNS} {POST_FROM} WHERE p.kind = 'post' AND {state}{} \
         ORDER BY COALESCE(p.published_at, p.updated_at) DESC, p.id DESC LIMIT $1",
        clubs_clause(clubs, 3)
    );
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(limit).bind(now);
    for id in clubs.unwrap_or(&[]) {
        q = q.bind(*id);
    }
    q.fetch_all(db.pool()).await?.iter().map(post_from_row).collect()
}

/// What the dashboard counts of some clubs' posts: drafts, posts published and comments
/// received since `since` (up to `now`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DashboardCounts {
    pub drafts: i64,
    pub published: i64,
    pub comments: i64,
}

pub async fn dashboard_counts(db: &Db, clubs: Option<&[i64]>, since: i64, now: i64) -> Result<DashboardCounts, sqlx::Error> {
    let sql = format!(
        "SELECT \
           (SELECT COUNT(*) FROM posts p WHERE p.kind = 'post' AND p.status = 'draft'{clubs}), \
           (SELECT COUNT(*) FROM posts p WHERE p.kind = 'post' AND p.status = 'published' \
              AND p.published_at >= $1 AND p.published_at <= $2{clubs}), \
           (SELECT COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id \
              WHERE c.status <> 'spam' AND c.created_at >= $1 AND c.created_at <= $2{clubs})",
        clubs = clubs_clause(clubs, 3)
    );
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(since).bind(now);
    for id in clubs.unwrap_or(&[]) {
        q = q.bind(*id);
    }
    let row = q.fetch_one(db.pool()).await?;
    Ok(DashboardCounts { drafts: row.try_get(0)?, published: row.try_get(1)?, comments: row.try_get(2)? })
}

// ---- personal data ----
