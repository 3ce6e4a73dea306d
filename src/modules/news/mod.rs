//! News: the public blog (archive, posts, categories, tags, months, comments, search, feeds,
//! sitemap), static pages, and the back office and API that write them.

pub mod admin;
pub mod api;
pub mod lists;
pub mod model;
pub mod pages;
mod store;

use axum::Router;

use crate::core::cache::Scope;
use crate::core::db::{Db, Tx};
use crate::core::i18n::Tr;
use crate::core::markup;
use crate::core::module::{BoxFuture, MenuEntry, Module, Periodic};
use crate::core::people::PersonalData;
use crate::core::search;
use crate::core::web::AppState;
pub use lists::ANCHOR_SPACING;
pub use model::{Filter, Kind, Post, PostCard, PostInput, Term};

/// How long the comment log (LCEN) is kept: one year.
pub const COMMENT_LOG_RETENTION: i64 = 365 * 24 * 3600;

/// The longest excerpt made from a post's text (when its author wrote none).
pub const EXCERPT_CHARS: usize = 220;

/// The page-cache scope of the posts and their lists.
pub const NEWS: Scope = Scope("news");

/// What the news tell the core (see `core::module`).
pub fn module() -> Module {
    Module {
        routes,
        api: api::endpoints,
        api_schemas: api::schemas,
        scopes: &[NEWS],
        writes: &[
            ("/actualites", &[NEWS]),
            ("/admin/articles", &[NEWS]),
            ("/admin/commentaires", &[NEWS]),
            ("/admin/categories", &[NEWS]),
            ("/admin/etiquettes", &[NEWS]),
            ("/api/v1/posts", &[NEWS]),
        ],
        next_change: Some(next_change),
        sitemap: Some(sitemap),
        periodic: PERIODIC,
        admin_menu: MENU,
        dashboard: Some(admin::dashboard),
        personal_data: PERSONAL_DATA,
        ..Module::new("news")
    }
}

const PERIODIC: &[Periodic] = &[Periodic::every("news.comment-log", 3600, 0, purge_comment_log)];

/// Comments by their author's address: the author's name and address are blanked (the
/// comment keeps its place in its thread), and so is the address in the comment log.
const PERSONAL_DATA: &[PersonalData] =
    &[PersonalData { key: "news.comments", label: "people-kind-comments", find: find_comments, erase: erase_comments }];

fn find_comments<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<serde_json::Value>, sqlx::Error>> {
    Box::pin(store::find_comments_by_email(db, email))
}

fn erase_comments<'a>(tx: &'a mut Tx, email: &'a str, _now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(store::erase_comment_authors(tx, email))
}

const MENU: &[MenuEntry] = &[
    MenuEntry::staff("/admin", "admin-dashboard", "dashboard", 10),
    MenuEntry::staff("/admin/articles", "admin-posts", "posts", 20),
    MenuEntry::staff("/admin/pages", "admin-pages", "pages", 30),
    MenuEntry::staff("/admin/medias", "admin-media", "media", 50),
    MenuEntry::staff("/admin/commentaires", "admin-comments", "comments", 60),
];

fn routes() -> Router<AppState> {
    pages::routes().merge(admin::routes())
}

fn next_change(db: &Db, now: i64) -> BoxFuture<'_, Result<Option<i64>, sqlx::Error>> {
    Box::pin(store::next_scheduled(db, now))
}

fn sitemap(state: &AppState, now: i64) -> BoxFuture<'_, Result<Vec<(String, i64)>, sqlx::Error>> {
    Box::pin(pages::sitemap_urls(state, now))
}

fn purge_comment_log(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        purge_expired(&state.db, state.now()).await?;
        Ok(())
    })
}

/// Render, index and save a post or page; the one way every writer (back office, API, demo,
/// imports) stores content. `id` None creates.
pub async fn save_post(db: &Db, tr: &Tr, id: Option<i64>, input: &PostInput, now: i64) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = save_post_tx(&mut tx, tr, id, input, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// `save_post` of an existing post only if it is still at `expected_version` (when one is
/// given): None when someone else saved meanwhile, and then nothing is written.
pub async fn save_post_if(
    db: &Db,
    tr: &Tr,
    id: i64,
    input: &PostInput,
    expected_version: Option<i64>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let saved = save_checked_tx(&mut tx, tr, Some(id), input, expected_version, now).await?;
    if saved.is_some() {
        tx.commit().await?;
    }
    Ok(saved)
}

/// `save_post` inside the caller's transaction (imports write everything or nothing).
pub async fn save_post_tx(tx: &mut Tx, tr: &Tr, id: Option<i64>, input: &PostInput, now: i64) -> Result<i64, sqlx::Error> {
    Ok(save_checked_tx(tx, tr, id, input, None, now).await?.or(id).unwrap_or_default())
}

async fn save_checked_tx(
    tx: &mut Tx,
    tr: &Tr,
    id: Option<i64>,
    input: &PostInput,
    expected_version: Option<i64>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let body_html = markup::render(&input.body_format, &input.body_source);
    let text = markup::plain_text(&body_html);
    let excerpt = if input.excerpt.trim().is_empty() { model::excerpt(&text, EXCERPT_CHARS) } else { input.excerpt.trim().to_string() };
    let month_key = input.published_at.map(|t| {
        let (y, m) = tr.year_month(t);
        y * 100 + m
    });
    let doc = search::document(&input.title, &format!("{excerpt} {text} {}", input.tag_names.join(" ")));
    let before = match id {
        Some(id) => store::address_of_tx(tx, id).await?,
        None => None,
    };
    let saved = store::save_post(tx, id, input, &body_html, &excerpt, month_key.unwrap_or(0), &doc, expected_version, now).await?;
    // A published post whose slug changed on purpose: its old address answers 301 to the new.
    if let (Some(_), Some((kind, old_slug, status))) = (saved, before)
        && status == "published"
        && old_slug != input.slug
    {
        let (old, new) = (model::public_path(&kind, &old_slug), model::public_path(&kind, &input.slug));
        crate::modules::wordpress::record_move_tx(tx, &old, &new, now).await?;
    }
    Ok(saved)
}

/// The `n` latest published posts (the home's news block).
pub async fn latest_posts(db: &Db, now: i64, n: i64) -> Result<Vec<PostCard>, sqlx::Error> {
    store::list_published_posts(db, Filter::All, now, n, 0).await
}

/// The `n` latest published featured (pinned) posts.
pub async fn featured_posts(db: &Db, now: i64, n: i64) -> Result<Vec<PostCard>, sqlx::Error> {
    store::list_published_posts(db, Filter::Featured, now, n, 0).await
}

/// The latest published posts of a club (for its page).
pub async fn latest_for_club(db: &Db, club_id: i64, now: i64, n: i64) -> Result<Vec<PostCard>, sqlx::Error> {
    store::list_published_posts(db, Filter::Club(club_id), now, n, 0).await
}

pub async fn get_post_by_slug(db: &Db, kind: Kind, slug: &str) -> Result<Option<Post>, sqlx::Error> {
    store::get_post_by_slug(db, kind.as_str(), slug).await
}

/// Posts (or pages) in every state.
pub async fn count_posts(db: &Db, kind: Kind) -> Result<i64, sqlx::Error> {
    store::count_posts_for_admin(db, kind.as_str(), None).await
}

pub async fn upsert_category(db: &Db, slug: &str, name: &str, description: &str) -> Result<i64, sqlx::Error> {
    store::upsert_category(db, slug, name, description).await
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_comment(
    db: &Db,
    post_id: i64,
    parent_id: Option<i64>,
    name: &str,
    email: &str,
    body: &str,
    status: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    store::insert_comment(db, post_id, parent_id, None, name, email, body, status, "", now, COMMENT_LOG_RETENTION).await
}

/// Retention: purge the comment authors' log past its term.
pub async fn purge_expired(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    store::purge_comment_log(db, now, COMMENT_LOG_RETENTION).await
}

// ---- for imports: the same writes inside the caller's transaction ----

pub async fn upsert_category_tx(
    tx: &mut Tx,
    slug: &str,
    name: &str,
    description: &str,
    parent_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    store::upsert_category_tx(tx, slug, name, description, parent_id).await
}

pub async fn set_category_parent_tx(tx: &mut Tx, id: i64, parent_id: Option<i64>) -> Result<(), sqlx::Error> {
    store::set_category_parent_tx(tx, id, parent_id).await
}

pub async fn upsert_tag_tx(tx: &mut Tx, slug: &str, name: &str) -> Result<i64, sqlx::Error> {
    store::upsert_tag_tx(tx, slug, name).await
}

pub async fn slug_taken_tx(tx: &mut Tx, kind: Kind, slug: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    store::slug_taken_tx(tx, kind.as_str(), slug, except).await
}

/// A post's kind and slug, if it still exists.
pub async fn kind_and_slug_tx(tx: &mut Tx, id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    store::kind_and_slug_tx(tx, id).await
}

pub async fn set_post_parent_tx(tx: &mut Tx, id: i64, parent_id: Option<i64>) -> Result<(), sqlx::Error> {
    store::set_post_parent_tx(tx, id, parent_id).await
}

/// A comment carried over from another system (created when `id` is None, else updated).
#[allow(clippy::too_many_arguments)]
pub async fn save_imported_comment_tx(
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
) -> Result<i64, sqlx::Error> {
    store::save_imported_comment(tx, id, post_id, parent_id, name, email, body, status, created_at, ip, now, COMMENT_LOG_RETENTION).await
}
