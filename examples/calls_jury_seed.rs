//! Seed a jury ready to work, through the calls module's own functions, into the database of
//! ESSAIM_DATABASE_URL (or the configuration's), and print what was written as JSON (the
//! call, the stage, each juror's id and access-link token). Used by the jury's benchmark
//! (`bench/calls_jury.sh`) and browser test (`e2e/tests/calls_jury.test.mjs`); the database
//! is migrated first.
//!
//!     cargo run --example calls_jury_seed -- APPLICATIONS JURORS K [undeclared]
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
    let declared = args.get(3).map(String::as_str) != Some("undeclared");
    let config = Config::load(None)?;
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let now = jiff::Timestamp::now().as_second();
    let seeded = essaim::modules::calls::jury::seed::competition(&db, applications, jurors, k as i64, declared, now).await?;
    db.close().await;
    println!("{}", serde_json::to_string(&seeded)?);
    Ok(())
}
