//! Seed a jury ready to work, through the calls module's own functions, into the database of
//! ESSAIM_DATABASE_URL (or the configuration's), and print what was written as JSON (the
//! call, the stage, each juror's id and access-link token). Used by the jury's benchmark
//! (`bench/calls_jury.sh`) and browser test (`e2e/tests/calls_jury.test.mjs`); the database
//! is migrated first.
//!
//!     cargo run --example calls_jury_seed -- APPLICATIONS JURORS K [undeclared|reviewed]
//!
//! `undeclared`: no conflict declared yet; `reviewed`: every review submitted (the ranking's
//! benchmark); by default every assignment is declared and nothing reviewed.
//!
//! An example rather than an `essaim seed` option: the seed command and `main.rs` are shared
//! with the other parts, and this entry point runs no SQL of its own.

use essaim::core::config::Config;
use essaim::core::db::Db;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, default: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    let (applications, jurors, k) = (num(0, 1000), num(1, 100), num(2, 3));
    use essaim::modules::calls::jury::seed::{self, Progress};
    let progress = match args.get(3).map(String::as_str) {
        Some("undeclared") => Progress::Undeclared,
        Some("reviewed") => Progress::Reviewed,
        _ => Progress::Declared,
    };
    let config = Config::load(None)?;
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let now = jiff::Timestamp::now().as_second();
    let seeded = seed::competition(&db, applications, jurors, k as i64, progress, now).await?;
    db.close().await;
    println!("{}", serde_json::to_string(&seeded)?);
    Ok(())
}
