//! The SQL of the news' terms: categories and tags, and those of each post.

use super::*;

pub async fn categories_of(db: &Db, post_id: i64) -> Result<Vec<Term>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.slug, c.name FROM post_categories pc JOIN categories c ON c.id = pc.category_id WHERE pc.post_id = $1 ",
    )
    .bind(post_id)
    .fetch_all(db.pool())
    .await?;
    terms_in_order(&rows)
}

pub async fn tags_of(db: &Db, post_id: i64) -> Result<Vec<Term>, sqlx::Error> {
    let rows = sqlx::query("SELECT t.id, t.slug, t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = $1")
        .bind(post_id)
        .fetch_all(db.pool())
        .await?;
    terms_in_order(&rows)
}

fn term_from_row(r: &AnyRow) -> Result<Term, sqlx::Error> {
    Ok(Term { id: r.try_get(0)?, slug: r.try_get(1)?, name: r.try_get(2)? })
}

/// Terms sorted by their names, by French rules.
fn terms_in_order(rows: &[AnyRow]) -> Result<Vec<Term>, sqlx::Error> {
    let mut terms = rows.iter().map(term_from_row).collect::<Result<Vec<_>, _>>()?;
    collate(&mut terms, |t| &t.name);
    Ok(terms)
}

pub async fn list_categories(db: &Db) -> Result<Vec<Term>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, slug, name FROM categories").fetch_all(db.pool()).await?;
    terms_in_order(&rows)
}

pub async fn get_category_by_slug(db: &Db, slug: &str) -> Result<Option<(Term, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, slug, name, description FROM categories WHERE slug = $1")
        .bind(slug.to_string())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((term_from_row(&r)?, r.try_get(3)?))).transpose()
}

pub async fn get_tag_by_slug(db: &Db, slug: &str) -> Result<Option<Term>, sqlx::Error> {
    let row = sqlx::query("SELECT id, slug, name FROM tags WHERE slug = $1").bind(slug.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(term_from_row).transpose()
}

pub async fn list_tags(db: &Db) -> Result<Vec<Term>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, slug, name FROM tags").fetch_all(db.pool()).await?;
    terms_in_order(&rows)
}

pub(super) async fn set_terms(tx: &mut Tx, post_id: i64, input: &PostInput) -> Result<(), sqlx::Error> {
    // Only what changed is written, so that a post saved again with the same categories and
    // tags leaves their lists (and the anchors of their archives) as they are. Ids go in
    // ascending order, so that two saves lock the lists' rows in the same order.
    let mut category_ids = input.category_ids.clone();
    category_ids.sort_unstable();
    category_ids.dedup();
    let mut tag_ids = vec![];
    for name in &input.tag_names {
        let slug = crate::core::markup::slugify(name);
        if slug.is_empty() {
            continue;
        }
        let tag_id: i64 = sqlx::query_scalar(
            "INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET slug = tags.slug RETURNING id",
        )
        .bind(slug)
        .bind(name.trim().to_string())
        .fetch_one(&mut **tx)
        .await?;
        tag_ids.push(tag_id);
    }
    tag_ids.sort_unstable();
    tag_ids.dedup();
    for (table, column, ids) in [("post_categories", "category_id", &category_ids), ("post_tags", "tag_id", &tag_ids)] {
        let others = if ids.is_empty() { String::new() } else { format!(" AND {column} NOT IN ({})", placeholders(2, ids.len())) };
        let mut q = sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE post_id = $1{others}"))).bind(post_id);
        for id in ids.iter() {
            q = q.bind(*id);
        }
        q.execute(&mut **tx).await?;
        for id in ids.iter() {
            sqlx::query(AssertSqlSafe(format!("INSERT INTO {table} (post_id, {column}) VALUES ($1, $2) ON CONFLICT DO NOTHING")))
                .bind(post_id)
                .bind(*id)
                .execute(&mut **tx)
                .await?;
        }
    }
    sqlx::query("DELETE FROM post_contacts WHERE post_id = $1").bind(post_id).execute(&mut **tx).await?;
    for (i, cid) in input.contact_ids.iter().enumerate() {
        sqlx::query("INSERT INTO post_contacts (post_id, contact_id, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(post_id)
            .bind(*cid)
            .bind(i as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Ids of a post's categories, tags' names and contacts, for the editor.
pub async fn term_ids_of(db: &Db, post_id: i64) -> Result<(Vec<i64>, Vec<String>, Vec<i64>), sqlx::Error> {
    let cats = sqlx::query_scalar("SELECT category_id FROM post_categories WHERE post_id = $1").bind(post_id).fetch_all(db.pool()).await?;
    let mut tags: Vec<String> = sqlx::query_scalar("SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = $1")
        .bind(post_id)
        .fetch_all(db.pool())
        .await?;
    collate(&mut tags, |t| t);
    let contacts = sqlx::query_scalar("SELECT contact_id FROM post_contacts WHERE post_id = $1 ORDER BY position")
        .bind(post_id)
        .fetch_all(db.pool())
        .await?;
    Ok((cats, tags, contacts))
}

pub async fn upsert_category(db: &Db, slug: &str, name: &str, description: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO categories (slug, name, description) VALUES ($1, $2, $3) \
         ON CONFLICT (slug) DO UPDATE SET name = $2, description = $3 RETURNING id",
    )
    .bind(slug.to_string())
    .bind(name.to_string())
    .bind(description.to_string())
    .fetch_one(db.writer())
    .await
}

/// A category by slug, created or renamed, with its parent (imports).
pub async fn upsert_category_tx(
    tx: &mut Tx,
    slug: &str,
    name: &str,
    description: &str,
    parent_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO categories (slug, name, description, parent_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (slug) DO UPDATE SET name = $2, description = $3, parent_id = $4 RETURNING id",
    )
    .bind(slug.to_string())
    .bind(name.to_string())
    .bind(description.to_string())
    .bind(parent_id)
    .fetch_one(&mut **tx)
    .await
}

pub async fn set_category_parent_tx(tx: &mut Tx, id: i64, parent_id: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE categories SET parent_id = $2 WHERE id = $1").bind(id).bind(parent_id).execute(&mut **tx).await?;
    Ok(())
}

/// A tag by slug, created or renamed (imports).
pub async fn upsert_tag_tx(tx: &mut Tx, slug: &str, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET name = $2 RETURNING id")
        .bind(slug.to_string())
        .bind(name.to_string())
        .fetch_one(&mut **tx)
        .await
}

pub async fn delete_category(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM categories WHERE id = $1").bind(id).execute(db.writer()).await?;
    Ok(r.rows_affected() > 0)
}

pub async fn delete_tag(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM tags WHERE id = $1").bind(id).execute(db.writer()).await?;
    Ok(r.rows_affected() > 0)
}

/// Categories with their descriptions and how many posts use them.
pub async fn list_categories_for_admin(db: &Db) -> Result<Vec<(Term, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.slug, c.name, c.description, (SELECT COUNT(*) FROM post_categories pc WHERE pc.category_id = c.id) \
         FROM categories c",
    )
    .fetch_all(db.pool())
    .await?;
    let mut list = rows.iter().map(|r| Ok((term_from_row(r)?, r.try_get(3)?, r.try_get(4)?))).collect::<Result<Vec<_>, sqlx::Error>>()?;
    collate(&mut list, |(t, _, _)| &t.name);
    Ok(list)
}

/// Tags with how many posts use them.
pub async fn list_tags_for_admin(db: &Db) -> Result<Vec<(Term, i64)>, sqlx::Error> {
    let rows = sqlx::query("SELECT t.id, t.slug, t.name, (SELECT COUNT(*) FROM post_tags pt WHERE pt.tag_id = t.id) FROM tags t")
        .fetch_all(db.pool())
        .await?;
    let mut list = rows.iter().map(|r| Ok((term_from_row(r)?, r.try_get(3)?))).collect::<Result<Vec<_>, sqlx::Error>>()?;
    collate(&mut list, |(t, _)| &t.name);
    Ok(list)
}

pub async fn get_category(db: &Db, id: i64) -> Result<Option<(Term, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, slug, name, description FROM categories WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    row.map(|r| Ok((term_from_row(&r)?, r.try_get(3)?))).transpose()
}

pub async fn category_slug_taken(db: &Db, slug: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE slug = $1 AND id <> $2")
        .bind(slug.to_string())
        .bind(except.unwrap_or(0))
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

pub async fn insert_category(db: &Db, slug: &str, name: &str, description: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO categories (slug, name, description) VALUES ($1, $2, $3) RETURNING id")
        .bind(slug.to_string())
        .bind(name.to_string())
        .bind(description.to_string())
        .fetch_one(db.writer())
        .await
}

pub async fn update_category(db: &Db, id: i64, slug: &str, name: &str, description: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE categories SET slug = $2, name = $3, description = $4 WHERE id = $1")
        .bind(id)
        .bind(slug.to_string())
        .bind(name.to_string())
        .bind(description.to_string())
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() > 0)
}
