//! What a module tells the core about itself.
//!
//! Each module (`src/modules/<name>/mod.rs`) gives one [`Module`]: its routes, its API
//! endpoints (with their OpenAPI operations and schemas), the cache scopes it owns and the
//! paths that write them, when its pages change by the clock alone, its sitemap entries, its
//! periodic tasks, its back-office menu entries, its panel on the dashboard and the state it
//! keeps while the app runs.
//! `src/modules/mod.rs` lists the modules; the core assembles the router, the OpenAPI
//! document, the page cache's rules, the sitemap, the maintenance loop and the admin menu from
//! that list, and never names a module itself.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;

use crate::core::api::Endpoint;
use crate::core::cache::Scope;
use crate::core::db::Db;
use crate::core::jobs::JobKind;
use crate::core::people::PersonalData;
use crate::core::web::AppState;

/// A boxed future, for the asynchronous functions a module hands the core.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The first moment after `now` at which one of the module's public pages may change with no
/// write (a scheduled post goes live, an event's registration opens); `None` when nothing is
/// scheduled.
pub type NextChange = for<'a> fn(&'a Db, i64) -> BoxFuture<'a, Result<Option<i64>, sqlx::Error>>;

/// The module's public addresses for `sitemap.xml`: (path, last change as a unix time).
pub type Sitemap = for<'a> fn(&'a AppState, i64) -> BoxFuture<'a, Result<Vec<(String, i64)>, sqlx::Error>>;

/// Layers a module puts around the router (`Module::wrap`).
pub type Wrap = fn(AppState, Router<AppState>) -> Router<AppState>;

/// The site's chrome for a page: its name and its identity (logo, favicon, theme, footer links).
pub type Chrome =
    for<'a> fn(&'a AppState, &'a crate::core::i18n::Tr) -> BoxFuture<'a, Result<(String, crate::core::web::Brand), sqlx::Error>>;

/// A task the maintenance loop runs every `every`, on every instance (so it must be safe to
/// run on several at once: conditional updates, leases).
#[derive(Clone, Copy)]
pub struct Periodic {
    /// For the logs.
    pub name: &'static str,
    pub every: Duration,
    /// How long after the start the first run waits (`Duration::ZERO`: at once).
    pub first_after: Duration,
    pub run: for<'a> fn(&'a AppState) -> BoxFuture<'a, anyhow::Result<()>>,
}

/// Who sees a back-office menu entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every staff member (network and club administrators, editors).
    Staff,
    NetworkAdmin,
}

/// One entry of the back-office menu.
#[derive(Clone, Copy, Debug)]
pub struct MenuEntry {
    pub path: &'static str,
    /// The i18n key of its label.
    pub label: &'static str,
    /// The `Layout::section` of the pages it leads to (marked `aria-current`).
    pub section: &'static str,
    /// Where it stands in the menu, smallest first.
    pub order: u16,
    pub audience: Audience,
}

impl MenuEntry {
    pub const fn staff(path: &'static str, label: &'static str, section: &'static str, order: u16) -> MenuEntry {
        MenuEntry { path, label, section, order, audience: Audience::Staff }
    }

    pub const fn network_admin(path: &'static str, label: &'static str, section: &'static str, order: u16) -> MenuEntry {
        MenuEntry { path, label, section, order, audience: Audience::NetworkAdmin }
    }
}

impl Periodic {
    /// A task run every `secs` seconds, the first time `first_after` seconds after the start.
    pub const fn every(
        name: &'static str,
        secs: u64,
        first_after: u64,
        run: for<'a> fn(&'a AppState) -> BoxFuture<'a, anyhow::Result<()>>,
    ) -> Periodic {
        Periodic { name, every: Duration::from_secs(secs), first_after: Duration::from_secs(first_after), run }
    }
}

/// Everything a module tells the core. Build it with struct update syntax from
/// [`Module::new`], which describes a module that does nothing.
#[derive(Clone, Copy)]
pub struct Module {
    pub name: &'static str,
    /// Its pages, back office and forms (its API comes from `api`).
    pub routes: fn() -> Router<AppState>,
    /// Its JSON API: each endpoint is routed and described in the OpenAPI document.
    pub api: fn() -> Vec<Endpoint>,
    /// The OpenAPI component schemas its endpoints refer to (a JSON object).
    pub api_schemas: fn() -> serde_json::Value,
    /// The kinds of background job it runs (`core::jobs`).
    pub jobs: fn() -> Vec<JobKind>,
    /// The page-cache scopes it owns (see `core::cache`).
    pub scopes: &'static [Scope],
    /// Path prefixes it answers writes on, with the scopes such a write changes; a write to a
    /// path nobody declares changes every scope.
    pub writes: &'static [(&'static str, &'static [Scope])],
    pub next_change: Option<NextChange>,
    pub sitemap: Option<Sitemap>,
    pub periodic: &'static [Periodic],
    pub admin_menu: &'static [MenuEntry],
    /// Its panel on the back office's dashboard (`core::dashboard`).
    pub dashboard: Option<crate::core::dashboard::Dashboard>,
    /// The site's name and identity, for the core's own pages (the module that keeps the
    /// network's identity gives it; the first one listed wins).
    pub chrome: Option<Chrome>,
    /// The personal data it holds, found, exported and erased by e-mail address
    /// (`core::people`).
    pub personal_data: &'static [PersonalData],
    /// The scopes of the access links it e-mails to people without an account
    /// (`core::access`): how `/acces` describes each link.
    pub access: &'static [crate::core::access::Scope],
    /// Layers around the router, innermost first (a module that answers what would be a 404).
    pub wrap: Option<Wrap>,
    /// The state it keeps while the app runs (a queue, a key cache), read back with
    /// `AppState::part`.
    pub state: Option<fn() -> Arc<dyn Any + Send + Sync>>,
}

fn no_routes() -> Router<AppState> {
    Router::new()
}

fn no_schemas() -> serde_json::Value {
    serde_json::json!({})
}

impl Module {
    pub const fn new(name: &'static str) -> Module {
        Module {
            name,
            routes: no_routes,
            api: Vec::new,
            api_schemas: no_schemas,
            jobs: Vec::new,
            scopes: &[],
            writes: &[],
            next_change: None,
            sitemap: None,
            periodic: &[],
            admin_menu: &[],
            dashboard: None,
            chrome: None,
            personal_data: &[],
            access: &[],
            wrap: None,
            state: None,
        }
    }
}

/// The modules of this build, in the order they were listed.
pub struct Modules {
    list: Vec<Module>,
}

impl Modules {
    pub fn new(list: Vec<Module>) -> Modules {
        Modules { list }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Module> {
        self.list.iter()
    }

    /// The cache scopes every module owns, in order.
    pub fn scopes(&self) -> Vec<Scope> {
        self.list.iter().flat_map(|m| m.scopes.iter().copied()).collect()
    }

    /// Every path prefix a module declared with the scopes its writes change.
    pub fn writes(&self) -> Vec<(&'static str, &'static [Scope])> {
        self.list.iter().flat_map(|m| m.writes.iter().copied()).collect()
    }

    pub fn next_changes(&self) -> Vec<NextChange> {
        self.list.iter().filter_map(|m| m.next_change).collect()
    }

    /// Every module's kinds of background job.
    pub fn job_kinds(&self) -> Vec<JobKind> {
        self.list.iter().flat_map(|m| (m.jobs)()).collect()
    }

    pub fn periodic(&self) -> Vec<Periodic> {
        self.list.iter().flat_map(|m| m.periodic.iter().copied()).collect()
    }

    /// Every endpoint of the API.
    pub fn endpoints(&self) -> Vec<Endpoint> {
        self.list.iter().flat_map(|m| (m.api)()).collect()
    }

    /// The component schemas of every module's API, merged.
    pub fn api_schemas(&self) -> serde_json::Value {
        let mut all = serde_json::Map::new();
        for m in &self.list {
            if let serde_json::Value::Object(s) = (m.api_schemas)() {
                all.extend(s);
            }
        }
        serde_json::Value::Object(all)
    }

    /// The back-office menu for a person, in order.
    pub fn admin_menu(&self, network_admin: bool) -> Vec<MenuEntry> {
        let mut entries: Vec<MenuEntry> = self
            .list
            .iter()
            .flat_map(|m| m.admin_menu.iter().copied())
            .filter(|e| e.audience == Audience::Staff || network_admin)
            .collect();
        entries.sort_by_key(|e| e.order);
        entries
    }

    /// The site's chrome, from the module that gives it.
    pub fn chrome(&self) -> Option<Chrome> {
        self.list.iter().find_map(|m| m.chrome)
    }

    /// Every module's dashboard panel, in the order the modules are listed.
    pub fn dashboards(&self) -> Vec<crate::core::dashboard::Dashboard> {
        self.list.iter().filter_map(|m| m.dashboard).collect()
    }

    /// The access-link scope called `name`, from the module that registered it.
    pub fn access_scope(&self, name: &str) -> Option<crate::core::access::Scope> {
        self.list.iter().flat_map(|m| m.access.iter()).find(|s| s.name == name).copied()
    }

    /// Each module's state, made once when the app is built.
    pub fn states(&self) -> Vec<Arc<dyn Any + Send + Sync>> {
        self.list.iter().filter_map(|m| m.state.map(|make| make())).collect()
    }

    /// The router of every module's pages and API, with the core's own API routes.
    pub fn routes(&self) -> Router<AppState> {
        let mut router = crate::core::api::routes()
            .merge(crate::core::jobs::routes())
            .merge(crate::core::audit::routes())
            .merge(crate::core::dashboard::routes());
        for m in &self.list {
            router = router.merge((m.routes)()).merge(crate::core::api::router((m.api)()));
        }
        router
    }

    /// `router` inside the layers of the modules that wrap it.
    pub fn wrap(&self, state: &AppState, mut router: Router<AppState>) -> Router<AppState> {
        for m in &self.list {
            if let Some(wrap) = m.wrap {
                router = wrap(state.clone(), router);
            }
        }
        router
    }
}

/// Run the periodic tasks of the core and the modules until dropped (the server's shutdown
/// aborts it). A task that fails is logged and runs again at its next time.
pub async fn run_periodic(state: AppState, tasks: Vec<Periodic>) {
    let mut set = tokio::task::JoinSet::new();
    for task in tasks {
        let state = state.clone();
        set.spawn(async move {
            let start = tokio::time::Instant::now() + task.first_after;
            let mut tick = tokio::time::interval_at(start, task.every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = (task.run)(&state).await {
                    tracing::warn!(task = task.name, error = %e, "periodic task failed");
                }
            }
        });
    }
    // The tasks never end; dropping the set (on abort) stops them all.
    while set.join_next().await.is_some() {}
}
