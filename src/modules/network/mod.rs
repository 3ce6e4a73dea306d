//! The network: clubs, partners, contacts and people, the site's chrome (name, clubs,
//! partners strip), their public pages, back office and API.

pub mod admin;
pub mod api;
pub mod identity;
pub mod model;
pub mod pages;
mod store;

use axum::Router;

use crate::core::db::{self, Db, Tx};
use crate::core::module::{BoxFuture, MenuEntry, Module};
use crate::core::people::PersonalData;
use crate::core::web::{AppState, Ctx, Layout, NavClub, PartnerLogo};
pub use model::{Club, Contact, Partner};

/// What the network tells the core (see `core::module`). Its pages show the site's chrome,
/// so its writes change every scope; API tokens change no page.
pub fn module() -> Module {
    Module {
        routes,
        api: api::endpoints,
        api_schemas: api::schemas,
        writes: &[("/admin/reseau/jetons", &[])],
        sitemap: Some(sitemap),
        admin_menu: MENU,
        personal_data: PERSONAL_DATA,
        chrome: Some(chrome),
        ..Module::new("network")
    }
}

/// Staff contacts shown at the end of posts: erased, they leave the posts.
const PERSONAL_DATA: &[PersonalData] =
    &[PersonalData { key: "network.contacts", label: "people-kind-contacts", find: find_contacts, erase: erase_contacts }];

fn find_contacts<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<serde_json::Value>, sqlx::Error>> {
    Box::pin(async move {
        Ok(store::contacts_by_email(db, email)
            .await?
            .into_iter()
            .map(|c| serde_json::json!({ "slug": c.slug, "name": c.name, "role": c.role, "email": c.email, "phone": c.phone }))
            .collect())
    })
}

fn erase_contacts<'a>(tx: &'a mut Tx, email: &'a str, _now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(store::delete_contacts_by_email(tx, email))
}

const MENU: &[MenuEntry] = &[MenuEntry::staff("/admin/reseau", "admin-network", "network", 70)];

fn routes() -> Router<AppState> {
    pages::routes().merge(admin::routes())
}

fn sitemap(state: &AppState, now: i64) -> BoxFuture<'_, Result<Vec<(String, i64)>, sqlx::Error>> {
    Box::pin(async move {
        let mut urls: Vec<(String, i64)> = ["/clubs", "/partenaires"].iter().map(|p| (p.to_string(), now)).collect();
        urls.extend(store::list_clubs(&state.db).await?.into_iter().map(|c| (c.url(), now)));
        Ok(urls)
    })
}

/// The site's name (the network's), set by the administrator.
pub async fn site_name(db: &Db) -> Result<String, sqlx::Error> {
    Ok(db::get_setting(db, "site_name").await?.unwrap_or_else(|| "essaim".to_string()))
}

fn chrome<'a>(state: &'a AppState, tr: &'a crate::core::i18n::Tr) -> BoxFuture<'a, Result<(String, crate::core::web::Brand), sqlx::Error>> {
    Box::pin(identity::layout_parts(&state.db, &state.assets, tr))
}

/// A public page's layout: the site's name, the clubs and the partners strip.
pub async fn public_layout(state: &AppState, ctx: &Ctx, title: impl Into<String>) -> Result<Layout, sqlx::Error> {
    let mut l = Layout::new(state, ctx, title);
    (l.site_name, l.brand) = identity::layout_parts(&state.db, &state.assets, &ctx.tr).await?;
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
    (l.site_name, l.brand) = identity::layout_parts(&state.db, &state.assets, &ctx.tr).await?;
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

/// A club's own colour (checked by the caller with `identity::check_colour`) and logo; when
/// the colour changed, the theme's stylesheet is renamed so that pages pick it up.
pub async fn set_club_brand(db: &Db, id: i64, accent: &str, logo_media_id: Option<i64>) -> Result<bool, sqlx::Error> {
    let before = store::get_club(db, id).await?.map(|c| c.accent).unwrap_or_default();
    let found = store::set_club_brand(db, id, accent, logo_media_id).await?;
    if found && before != accent {
        identity::bump_version(db).await?;
    }
    Ok(found)
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
