//! The platform's guarantees: paired migrations, several instances on one database behaving
//! as one site, configuration errors that name the setting, structured start-up.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::process::Command;

use crate::common::{Options, TestApp, count, fresh_database, is_postgres};
use essaim::core::db::Db;
use essaim::core::i18n::Locale;
use essaim::modules::news::{self, PostInput};

#[test]
fn migrations_are_paired() {
    let names = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };
    let sqlite = names("migrations/sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("migrations/postgres"), "every migration exists for both databases, with the same version");
}

async fn columns(db: &Db) -> BTreeMap<String, Vec<String>> {
    let sql = match db.kind() {
        essaim::core::db::DbKind::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' AND m.name NOT LIKE 'search_fts%' \
             ORDER BY m.name, p.name"
        }
        essaim::core::db::DbKind::Postgres => {
            // search_fts is each engine's own search index (FTS5 on SQLite, tsvectors here).
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name NOT LIKE '_sqlx%' AND table_name NOT LIKE 'search_fts%' ORDER BY table_name, column_name"
        }
    };
    let rows: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(db.pool()).await.unwrap();
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (t, c) in rows {
        map.entry(t).or_default().push(c);
    }
    map
}

#[tokio::test]
async fn both_databases_get_the_same_tables_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Db::connect(&format!("sqlite://{}", dir.path().join("a.db").display())).await.unwrap();
    sqlite.migrate().await.unwrap();
    let sqlite_cols = columns(&sqlite).await;
    assert!(sqlite_cols.contains_key("posts"));
    assert!(sqlite_cols["posts"].contains(&"month_key".to_string()));
    if is_postgres() {
        let pg = Db::connect(&fresh_database(dir.path()).await).await.unwrap();
        pg.migrate().await.unwrap();
        assert_eq!(sqlite_cols, columns(&pg).await);
    }
}

#[tokio::test]
async fn two_instances_on_one_database_behave_as_one_site() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let a = TestApp::spawn_with(Options { database_url: Some(url.clone()), ..Default::default() }).await;
    let b = TestApp::spawn_with(Options { database_url: Some(url), ..Default::default() }).await;
    assert!(a.admin.is_some(), "the first instance creates the first administrator");
    assert!(b.admin.is_none(), "the second finds it done");
    // A session opened on one instance is valid on the other, and so is its CSRF token.
    let (email, _) = a.admin.clone().unwrap();
    let client = a.session_client(&email).await;
    let csrf_a = a.csrf(&client, "/").await;
    let page_b = client.get(b.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(page_b.contains(&csrf_a), "both instances share the secret key");
    // What one writes, the other shows at the next request.
    let tr = a.state.tr(Locale::Fr);
    let input = PostInput {
        kind: "post",
        slug: "une-nouvelle".into(),
        title: "Une nouvelle publiée sur A".into(),
        body_format: "markdown".into(),
        body_source: "Bonjour **B**".into(),
        status: "published".into(),
        published_at: Some(a.state.now() - 10),
        ..Default::default()
    };
    news::save_post(&a.state.db, &tr, None, &input, a.state.now()).await.unwrap();
    let (status, body) = b.get_text("/actualites/une-nouvelle").await;
    assert_eq!(status, 200);
    assert!(body.contains("Une nouvelle publiée sur A"));
    assert_eq!(count(&b.get_text("/actualites").await.1, "<li class=\"card\">"), 1);
}

#[test]
fn a_wrong_setting_stops_the_start_and_names_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_essaim")).arg("serve").env("ESSAIM_LISTEN", "partout").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ESSAIM_LISTEN"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_essaim")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for sub in ["serve", "migrate", "user"] {
        assert!(help.contains(sub), "{help}");
    }
}

#[test]
fn user_create_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_essaim"))
            .args(args)
            .env("ESSAIM_DATA_DIR", dir.path())
            .env("ESSAIM_DEMO", "false")
            .env_remove("ESSAIM_DATABASE_URL")
            .env_remove("ESSAIM_USER_PASSWORD")
            .output()
            .unwrap()
    };
    let out = run(&["user", "create", "--email", "lea@example.org", "--role", "editor"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("password: "));
    let out = run(&["user", "create", "--email", "lea@example.org", "--role", "chef"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--role"));
    let out = run(&["user", "create", "--email", "x@example.org", "--role", "editor", "--club", "nowhere"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--club"));
}

#[test]
fn serves_then_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_essaim"))
        .arg("serve")
        .env("ESSAIM_DATA_DIR", dir.path())
        .env("ESSAIM_DEMO", "false")
        .env("ESSAIM_LISTEN", format!("127.0.0.1:{port}"))
        .env("ESSAIM_LOG_FORMAT", "json")
        .env_remove("ESSAIM_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut up = false;
    for _ in 0..100 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            if buf.starts_with("HTTP/1.1 200") {
                up = true;
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(up, "essaim answered /healthz");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "exit after SIGTERM: {:?}", out.status);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("First administrator") && stdout.contains("password:"), "{stdout}");
    let logs = String::from_utf8_lossy(&out.stderr);
    let first = logs.lines().find(|l| l.contains("shutting down")).expect("a shutdown log line");
    let json: serde_json::Value = serde_json::from_str(first).expect("structured (JSON) logs");
    assert_eq!(json["level"], "INFO");
}
