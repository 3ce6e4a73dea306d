//! The database: one set of queries on SQLite and PostgreSQL through `sqlx::AnyPool`.
//!
//! Reads go through `pool()`. Writes that need a transaction go through `begin()`: on SQLite
//! it takes the single writer connection with `BEGIN IMMEDIATE`, so a transaction never has to
//! upgrade a read lock (which fails at once with "database is locked"); on PostgreSQL it is a
//! plain transaction on the shared pool.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor};

mod store;
/// The settings every instance shares (`db/store.rs`).
pub use store::{get_setting, get_settings, init_setting, set_setting};

pub type Tx = sqlx::Transaction<'static, Any>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    writer: AnyPool,
    kind: DbKind,
}

/// Each connection keeps up to 2 MB of pages (nine connections: 18 MB at most); the operating
/// system's file cache holds the rest, outside the server's resident memory.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000; \
     PRAGMA temp_store = MEMORY;";

impl Db {
    /// Connect to `url` (`sqlite://path` or `postgres://…`), creating the SQLite file if needed.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres") { DbKind::Postgres } else { DbKind::Sqlite };
        match kind {
            DbKind::Sqlite => {
                let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
                let path = path.split('?').next().unwrap_or(path);
                if let Some(dir) = Path::new(path).parent()
                    && !dir.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(dir)?;
                }
                let url = if url.contains('?') { url.to_string() } else { format!("{url}?mode=rwc") };
                let opts = AnyConnectOptions::from_str(&url)?;
                // No ping before each acquire: the connection is in this process and cannot
                // have been dropped by a server, and the ping is one more hop to the
                // connection's thread for every query (a third of a booking's cost).
                let make = |max: u32| {
                    AnyPoolOptions::new()
                        .max_connections(max)
                        .min_connections(1)
                        .test_before_acquire(false)
                        .acquire_timeout(Duration::from_secs(30))
                        .after_connect(|conn, _meta| {
                            Box::pin(async move {
                                conn.execute(SQLITE_PRAGMAS).await?;
                                Ok(())
                            })
                        })
                };
                let writer = make(1).connect_with(opts.clone()).await?;
                let pool = make(8).connect_with(opts).await?;
                Ok(Db { pool, writer, kind })
            }
            DbKind::Postgres => {
                let opts = AnyConnectOptions::from_str(url)?;
                let pool = AnyPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(30)).connect_with(opts).await?;
                Ok(Db { writer: pool.clone(), pool, kind })
            }
        }
    }

    /// Bring the schema up to date (idempotent; PostgreSQL serialises concurrent instances).
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self.kind {
            DbKind::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.writer).await?,
            DbKind::Postgres => sqlx::migrate!("migrations/postgres").run(&self.writer).await?,
        }
        Ok(())
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// The pool for reads and single-statement writes.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A write transaction (see the module comment).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.kind {
            DbKind::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            DbKind::Postgres => self.pool.begin().await,
        }
    }

    /// The pool to run one write statement outside a transaction.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// Whether the database answers (the health check).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}
