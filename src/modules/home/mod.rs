//! The home page, composed by the network's staff from blocks (a hero, key figures, news,
//! upcoming events with their places left, the clubs by region, the partners, a support
//! band), each shown or hidden and put in order in the back office (`/admin/accueil`). The
//! home belongs to the site, not to one module: it shows what the news, events and network
//! modules offer through their public functions, and owns only its blocks (`home_blocks`).

pub mod admin;
pub mod model;
pub mod pages;
mod store;

use axum::Router;

use crate::core::cache::Scope;
use crate::core::db::Db;
use crate::core::module::{MenuEntry, Module};
use crate::core::web::AppState;
pub use model::{Block, Figure, Kind, Settings};

/// The page-cache scope of the home's blocks (the home also shows the news, the events and
/// the site's scopes).
pub const HOME: Scope = Scope("home");

/// What the home tells the core (see `core::module`).
pub fn module() -> Module {
    Module { routes, scopes: &[HOME], writes: &[("/admin/accueil", &[HOME])], admin_menu: MENU, ..Module::new("home") }
}

const MENU: &[MenuEntry] = &[MenuEntry::network_admin("/admin/accueil", "home-admin-title", "home", 15)];

fn routes() -> Router<AppState> {
    pages::routes().merge(admin::routes())
}

/// The blocks in the order the home shows them (see `model::compose`).
pub async fn blocks(db: &Db) -> Result<Vec<Block>, sqlx::Error> {
    Ok(model::compose(store::list_blocks(db).await?))
}

/// Store every block's order and visibility (`blocks` in order).
pub async fn save_layout(db: &Db, blocks: &[Block], now: i64) -> Result<(), sqlx::Error> {
    let layout: Vec<(&str, bool)> = blocks.iter().map(|b| (b.kind.as_str(), b.visible)).collect();
    store::save_layout(db, &layout, now).await
}

/// Store a block's settings (the demo, the back office). The first time anything is stored,
/// the whole layout is stored with it, so that the order shown does not change.
pub async fn save_settings(db: &Db, kind: Kind, settings: &Settings, now: i64) -> Result<(), sqlx::Error> {
    let stored = store::list_blocks(db).await?;
    if stored.len() < Kind::ALL.len() {
        save_layout(db, &model::compose(stored), now).await?;
    }
    let position = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as i64;
    let json = serde_json::to_string(settings).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    store::save_settings(db, kind.as_str(), position, &json, now).await
}
