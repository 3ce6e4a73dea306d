//! Every SQL statement of the network module: clubs, partners, contacts, people.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{Club, Contact, Partner, UserRow};
use crate::core::db::Db;
use crate::core::i18n::{collate, sort_key};

const CLUB_COLUMNS: &str = "c.id, c.slug, c.name, c.national, c.territory, c.director, c.email, c.phone, c.city, c.description, \
                            c.accent, c.logo_media_id, m.key, m.width, m.height";
const CLUBS_FROM: &str = "clubs c LEFT JOIN media m ON m.id = c.logo_media_id";

fn club_from_row(r: &AnyRow) -> Result<Club, sqlx::Error> {
    Ok(Club {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        name: r.try_get(2)?,
        national: r.try_get::<i64, _>(3)? != 0,
        territory: r.try_get(4)?,
        director: r.try_get(5)?,
        email: r.try_get(6)?,
        phone: r.try_get(7)?,
        city: r.try_get(8)?,
        description: r.try_get(9)?,
        accent: r.try_get(10)?,
        logo_media_id: r.try_get(11)?,
        logo_key: r.try_get(12)?,
        logo_size: match (r.try_get::<Option<i64>, _>(13)?, r.try_get::<Option<i64>, _>(14)?) {
            (Some(w), Some(h)) => Some((w, h)),
            _ => None,
        },
    })
}

/// Every club, the national one first, then by name (French order).
pub async fn list_clubs(db: &Db) -> Result<Vec<Club>, sqlx::Error> {
    let sql = format!("SELECT {CLUB_COLUMNS} FROM {CLUBS_FROM}");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db.pool()).await?;
    let mut clubs = rows.iter().map(club_from_row).collect::<Result<Vec<_>, _>>()?;
    clubs.sort_by_cached_key(|c| (!c.national, sort_key(&c.name)));
    Ok(clubs)
}

pub async fn get_club_by_slug(db: &Db, slug: &str) -> Result<Option<Club>, sqlx::Error> {
    let sql = format!("SELECT {CLUB_COLUMNS} FROM {CLUBS_FROM} WHERE c.slug = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(slug.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(club_from_row).transpose()
}

pub async fn get_club(db: &Db, id: i64) -> Result<Option<Club>, sqlx::Error> {
    let sql = format!("SELECT {CLUB_COLUMNS} FROM {CLUBS_FROM} WHERE c.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(club_from_row).transpose()
}

/// Create or update a club by slug; returns its id.
pub async fn upsert_club(db: &Db, c: &Club, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO clubs (slug, name, national, territory, director, email, phone, city, description, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (slug) DO UPDATE SET name = $2, national = $3, \
         territory = $4, director = $5, email = $6, phone = $7, city = $8, description = $9 RETURNING id",
    )
    .bind(c.slug.clone())
    .bind(c.name.clone())
    .bind(i64::from(c.national))
    .bind(c.territory.clone())
    .bind(c.director.clone())
    .bind(c.email.clone())
    .bind(c.phone.clone())
    .bind(c.city.clone())
    .bind(c.description.clone())
    .bind(now)
    .fetch_one(db.writer())
    .await
}

/// A club's identity: its colour (empty: the network's) and its logo.
pub async fn set_club_brand(db: &Db, id: i64, accent: &str, logo_media_id: Option<i64>) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE clubs SET accent = $2, logo_media_id = $3 WHERE id = $1")
        .bind(id)
        .bind(accent.to_string())
        .bind(logo_media_id)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// The clubs that have their own colour: (id, colour), for the theme's stylesheet.
pub async fn club_accents(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, accent FROM clubs WHERE accent <> '' ORDER BY id").fetch_all(db.pool()).await
}

pub async fn update_club(db: &Db, id: i64, c: &Club) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE clubs SET slug = $2, name = $3, territory = $4, director = $5, email = $6, phone = $7, city = $8, description = $9 WHERE id = $1",
    )
    .bind(id)
    .bind(c.slug.clone())
    .bind(c.name.clone())
    .bind(c.territory.clone())
    .bind(c.director.clone())
    .bind(c.email.clone())
    .bind(c.phone.clone())
    .bind(c.city.clone())
    .bind(c.description.clone())
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() > 0)
}

const PARTNER_COLUMNS: &str = "p.id, p.slug, p.name, p.kind, p.website, p.description, p.logo_media_id, m.key, p.position";

fn partner_from_row(r: &AnyRow) -> Result<Partner, sqlx::Error> {
    Ok(Partner {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        name: r.try_get(2)?,
        kind: r.try_get(3)?,
        website: r.try_get(4)?,
        description: r.try_get(5)?,
        logo_media_id: r.try_get(6)?,
        logo_key: r.try_get(7)?,
        position: r.try_get(8)?,
    })
}

pub async fn list_partners(db: &Db) -> Result<Vec<Partner>, sqlx::Error> {
    let sql = format!("SELECT {PARTNER_COLUMNS} FROM partners p LEFT JOIN media m ON m.id = p.logo_media_id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db.pool()).await?;
    let mut partners = rows.iter().map(partner_from_row).collect::<Result<Vec<_>, _>>()?;
    partners.sort_by_cached_key(|p| (p.position, sort_key(&p.name)));
    Ok(partners)
}

pub async fn get_partner(db: &Db, id: i64) -> Result<Option<Partner>, sqlx::Error> {
    let sql = format!("SELECT {PARTNER_COLUMNS} FROM partners p LEFT JOIN media m ON m.id = p.logo_media_id WHERE p.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(partner_from_row).transpose()
}

pub async fn get_partner_by_slug(db: &Db, slug: &str) -> Result<Option<Partner>, sqlx::Error> {
    let sql = format!("SELECT {PARTNER_COLUMNS} FROM partners p LEFT JOIN media m ON m.id = p.logo_media_id WHERE p.slug = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(slug.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(partner_from_row).transpose()
}

/// Create (id None) or update a partner; returns its id.
pub async fn save_partner(db: &Db, id: Option<i64>, p: &Partner, now: i64) -> Result<i64, sqlx::Error> {
    match id {
        None => {
            sqlx::query_scalar(
                "INSERT INTO partners (slug, name, kind, website, description, logo_media_id, position, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(p.slug.clone())
            .bind(p.name.clone())
            .bind(p.kind.clone())
            .bind(p.website.clone())
            .bind(p.description.clone())
            .bind(p.logo_media_id)
            .bind(p.position)
            .bind(now)
            .fetch_one(db.writer())
            .await
        }
        Some(id) => {
            sqlx::query(
                "UPDATE partners SET slug = $2, name = $3, kind = $4, website = $5, description = $6, logo_media_id = $7, position = $8 WHERE id = $1",
            )
            .bind(id)
            .bind(p.slug.clone())
            .bind(p.name.clone())
            .bind(p.kind.clone())
            .bind(p.website.clone())
            .bind(p.description.clone())
            .bind(p.logo_media_id)
            .bind(p.position)
            .execute(db.writer())
            .await?;
            Ok(id)
        }
    }
}

pub async fn delete_partner(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM partners WHERE id = $1").bind(id).execute(db.writer()).await?;
    Ok(r.rows_affected() > 0)
}

const CONTACT_COLUMNS: &str = "id, slug, name, role, email, phone, club_id";

fn contact_from_row(r: &AnyRow) -> Result<Contact, sqlx::Error> {
    Ok(Contact {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        name: r.try_get(2)?,
        role: r.try_get(3)?,
        email: r.try_get(4)?,
        phone: r.try_get(5)?,
        club_id: r.try_get(6)?,
    })
}

pub async fn list_contacts(db: &Db) -> Result<Vec<Contact>, sqlx::Error> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db.pool()).await?;
    let mut contacts = rows.iter().map(contact_from_row).collect::<Result<Vec<_>, _>>()?;
    collate(&mut contacts, |c| &c.name);
    Ok(contacts)
}

pub async fn get_contact(db: &Db, id: i64) -> Result<Option<Contact>, sqlx::Error> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(contact_from_row).transpose()
}

pub async fn get_contact_by_slug(db: &Db, slug: &str) -> Result<Option<Contact>, sqlx::Error> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE slug = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(slug.to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(contact_from_row).transpose()
}

/// Create (id None) or update a contact; returns its id.
pub async fn save_contact(db: &Db, id: Option<i64>, c: &Contact, now: i64) -> Result<i64, sqlx::Error> {
    match id {
        None => sqlx::query_scalar(
            "INSERT INTO contacts (slug, name, role, email, phone, club_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(c.slug.clone())
        .bind(c.name.clone())
        .bind(c.role.clone())
        .bind(c.email.clone())
        .bind(c.phone.clone())
        .bind(c.club_id)
        .bind(now)
        .fetch_one(db.writer())
        .await,
        Some(id) => {
            sqlx::query("UPDATE contacts SET slug = $2, name = $3, role = $4, email = $5, phone = $6, club_id = $7 WHERE id = $1")
                .bind(id)
                .bind(c.slug.clone())
                .bind(c.name.clone())
                .bind(c.role.clone())
                .bind(c.email.clone())
                .bind(c.phone.clone())
                .bind(c.club_id)
                .execute(db.writer())
                .await?;
            Ok(id)
        }
    }
}

pub async fn delete_contact(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM contacts WHERE id = $1").bind(id).execute(db.writer()).await?;
    Ok(r.rows_affected() > 0)
}

/// People with accounts and their roles ("role:club_id" pairs).
pub async fn list_users(db: &Db) -> Result<Vec<UserRow>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, email, name, disabled, password_hash IS NOT NULL FROM users").fetch_all(db.pool()).await?;
    let mut users: Vec<UserRow> = rows
        .iter()
        .map(|r| {
            Ok(UserRow {
                id: r.try_get(0)?,
                email: r.try_get(1)?,
                name: r.try_get(2)?,
                disabled: r.try_get::<i64, _>(3)? != 0,
                has_password: r.try_get::<bool, _>(4).or_else(|_| r.try_get::<i64, _>(4).map(|v| v != 0))?,
                roles: vec![],
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let grants = sqlx::query("SELECT m.user_id, m.role, c.name FROM memberships m LEFT JOIN clubs c ON c.id = m.club_id ORDER BY m.id")
        .fetch_all(db.pool())
        .await?;
    for g in grants {
        let uid: i64 = g.try_get(0)?;
        if let Some(u) = users.iter_mut().find(|u| u.id == uid) {
            u.roles.push((g.try_get(1)?, g.try_get(2)?));
        }
    }
    collate(&mut users, |u| &u.name);
    Ok(users)
}

pub async fn count_users(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(db.pool()).await
}

pub async fn set_user_disabled(db: &Db, id: i64, disabled: bool) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE users SET disabled = $2 WHERE id = $1").bind(id).bind(i64::from(disabled)).execute(&mut *tx).await?;
    if disabled {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(r.rows_affected() > 0)
}

pub async fn remove_grant(db: &Db, user_id: i64, role: &str, club_id: Option<i64>) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND role = $2 AND COALESCE(club_id, 0) = $3")
        .bind(user_id)
        .bind(role.to_string())
        .bind(club_id.unwrap_or(0))
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() > 0)
}

/// API tokens: (id, user name, token name, created, last used, revoked).
pub async fn list_api_tokens(db: &Db) -> Result<Vec<super::model::ApiToken>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT t.id, u.name, u.email, t.name, t.created_at, t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.created_at DESC",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(super::model::ApiToken {
                id: r.try_get(0)?,
                user_name: r.try_get(1)?,
                user_email: r.try_get(2)?,
                name: r.try_get(3)?,
                created_at: r.try_get(4)?,
                last_used_at: r.try_get(5)?,
                revoked_at: r.try_get(6)?,
            })
        })
        .collect()
}

pub async fn insert_api_token(db: &Db, user_id: i64, name: &str, token_hash: &str, created_by: i64, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(name.to_string())
    .bind(token_hash.to_string())
    .bind(created_by)
    .bind(now)
    .fetch_one(db.writer())
    .await
}

pub async fn revoke_api_token(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn user_id_by_email(db: &Db, email: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email.trim().to_lowercase()).fetch_optional(db.pool()).await
}

/// Create a club; fails on a taken slug (unique constraint).
pub async fn insert_club(db: &Db, c: &Club, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO clubs (slug, name, national, territory, director, email, phone, city, description, created_at) \
         VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(c.slug.clone())
    .bind(c.name.clone())
    .bind(c.territory.clone())
    .bind(c.director.clone())
    .bind(c.email.clone())
    .bind(c.phone.clone())
    .bind(c.city.clone())
    .bind(c.description.clone())
    .bind(now)
    .fetch_one(db.writer())
    .await
}

/// Delete a club; its posts and contacts stay, attached to the network.
/// Delete a club that holds nothing: no post or page, no event, no member (one statement, so
/// nothing filed under it in the meantime is orphaned); false otherwise.
pub async fn delete_empty_club(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "DELETE FROM clubs WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM posts WHERE club_id = $1) \
         AND NOT EXISTS (SELECT 1 FROM events WHERE club_id = $1) AND NOT EXISTS (SELECT 1 FROM memberships WHERE club_id = $1)",
    )
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() > 0)
}

/// What a club holds: (posts and pages, events, members).
pub async fn club_holdings(db: &Db, id: i64) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM posts WHERE club_id = $1), (SELECT COUNT(*) FROM events WHERE club_id = $1), \
         (SELECT COUNT(DISTINCT user_id) FROM memberships WHERE club_id = $1)",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await
}

/// The tables whose rows have a unique slug.
#[derive(Clone, Copy, Debug)]
pub enum Sluggy {
    Clubs,
    Partners,
    Contacts,
}

/// Whether another row of the table already uses `slug`.
pub async fn slug_taken(db: &Db, table: Sluggy, slug: &str, except: i64) -> Result<bool, sqlx::Error> {
    let sql = match table {
        Sluggy::Clubs => "SELECT COUNT(*) FROM clubs WHERE slug = $1 AND id <> $2",
        Sluggy::Partners => "SELECT COUNT(*) FROM partners WHERE slug = $1 AND id <> $2",
        Sluggy::Contacts => "SELECT COUNT(*) FROM contacts WHERE slug = $1 AND id <> $2",
    };
    let n: i64 = sqlx::query_scalar(sql).bind(slug.to_string()).bind(except).fetch_one(db.pool()).await?;
    Ok(n > 0)
}

// ---- personal data ----

/// The contacts with this address (lowercase).
pub async fn contacts_by_email(db: &Db, email: &str) -> Result<Vec<Contact>, sqlx::Error> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE LOWER(email) = $1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(email.to_string()).fetch_all(db.pool()).await?;
    rows.iter().map(contact_from_row).collect()
}

pub async fn delete_contacts_by_email(tx: &mut crate::core::db::Tx, email: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM contacts WHERE LOWER(email) = $1").bind(email.to_string()).execute(&mut **tx).await?;
    Ok(r.rows_affected())
}
