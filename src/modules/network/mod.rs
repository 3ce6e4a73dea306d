//! The network: clubs, partners, contacts and people, the site's chrome (name, clubs,
//! partners strip), their public pages, back office and API.

pub mod admin;
pub mod api;
pub mod model;
pub mod pages;
mod store;

use axum::Router;

use crate::core::db::{self, Db};
use crate::core::web::{AppState, Ctx, Layout, NavClub, PartnerLogo};
pub use model::{Club, Contact, Partner};

pub fn routes() -> Router<AppState> {
    pages::routes().merge(admin::routes()).merge(api::routes())
}

/// The site's name (the network's), set by the administrator.
pub async fn site_name(db: &Db) -> Result<String, sqlx::Error> {
    Ok(db::get_setting(db, "site_name").await?.unwrap_or_else(|| "essaim".to_string()))
}

/// A public page's layout: the site's name, the clubs and the partners strip.
pub async fn public_layout(state: &AppState, ctx: &Ctx, title: impl Into<String>) -> Result<Layout, sqlx::Error> {
    let mut l = Layout::new(state, ctx, title);
    l.site_name = site_name(&state.db).await?;
    l.partners = store::list_partners(&state.db)
        .await?
        .into_iter()
        .map(|p| PartnerLogo { logo: p.logo_url(), url: format!("/partenaires#{}", p.slug), name: p.name })
        .collect();
    l.clubs = store::list_clubs(&state.db).await?.into_iter().map(|c| NavClub { url: c.url(), name: c.name }).collect();
    Ok(l)
}

/// A back-office page's layout.
pub async fn admin_layout(state: &AppState, ctx: &Ctx, title: impl Into<String>, section: &'static str) -> Result<Layout, sqlx::Error> {
    let mut l = Layout::new(state, ctx, title);
    l.site_name = site_name(&state.db).await?;
    l.admin = true;
    l.noindex = true;
    l.section = section;
    Ok(l)
}

pub async fn list_clubs(db: &Db) -> Result<Vec<Club>, sqlx::Error> {
    store::list_clubs(db).await
}

pub async fn get_club(db: &Db, id: i64) -> Result<Option<Club>, sqlx::Error> {
    store::get_club(db, id).await
}

pub async fn get_club_by_slug(db: &Db, slug: &str) -> Result<Option<Club>, sqlx::Error> {
    store::get_club_by_slug(db, slug).await
}

pub async fn upsert_club(db: &Db, club: &Club, now: i64) -> Result<i64, sqlx::Error> {
    store::upsert_club(db, club, now).await
}

pub async fn list_partners(db: &Db) -> Result<Vec<Partner>, sqlx::Error> {
    store::list_partners(db).await
}

pub async fn save_partner(db: &Db, id: Option<i64>, p: &Partner, now: i64) -> Result<i64, sqlx::Error> {
    store::save_partner(db, id, p, now).await
}

pub async fn get_partner_by_slug(db: &Db, slug: &str) -> Result<Option<Partner>, sqlx::Error> {
    store::get_partner_by_slug(db, slug).await
}

pub async fn list_contacts(db: &Db) -> Result<Vec<Contact>, sqlx::Error> {
    store::list_contacts(db).await
}

pub async fn save_contact(db: &Db, id: Option<i64>, c: &Contact, now: i64) -> Result<i64, sqlx::Error> {
    store::save_contact(db, id, c, now).await
}

pub async fn get_contact_by_slug(db: &Db, slug: &str) -> Result<Option<Contact>, sqlx::Error> {
    store::get_contact_by_slug(db, slug).await
}

pub async fn user_id_by_email(db: &Db, email: &str) -> Result<Option<i64>, sqlx::Error> {
    store::user_id_by_email(db, email).await
}

pub async fn count_users(db: &Db) -> Result<i64, sqlx::Error> {
    store::count_users(db).await
}

/// Issue a personal API token for `user_id`; returns its id and the token, which is shown
/// once (only its hash is stored).
pub async fn issue_api_token(db: &Db, user_id: i64, name: &str, created_by: i64, now: i64) -> Result<(i64, String), sqlx::Error> {
    let token = crate::core::auth::random_token();
    let id = store::insert_api_token(db, user_id, name, &crate::core::auth::sha256_hex(&token), created_by, now).await?;
    Ok((id, token))
}

pub async fn revoke_api_token(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    store::revoke_api_token(db, id, now).await
}
