//! Spawn the real application (the same `build()` as `main`) on port 0 with a fresh database:
//! a temporary SQLite file, or a new PostgreSQL database when ESSAIM_TEST_DATABASE_URL is set.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

/// A competition of the calls module.
pub mod calls;
/// Test pictures, shared with the unit tests of `core::media`.
#[path = "../../../src/core/media/test_png.rs"]
pub mod png;
/// A barometer of the surveys module.
pub mod surveys;

use essaim::Config;
use essaim::core::auth::{self, Role};
use essaim::core::clock::Clock;
use essaim::core::web::AppState;

pub struct TestApp {
    pub addr: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub admin: Option<(String, String)>,
    _dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

#[derive(Default)]
pub struct Options {
    pub demo: bool,
    pub database_url: Option<String>,
    /// ESSAIM_SMTP_URL for this app (none: the file outbox in the test's data folder).
    pub smtp_url: Option<String>,
    /// ESSAIM_TRUSTED_PROXIES for this app, e.g. "127.0.0.1" so that a test can give each
    /// request its own client address with `X-Forwarded-For`.
    pub trusted_proxies: Option<String>,
    /// Turn the rendered-page cache off, so that every request renders (tests of what lies
    /// under it, which also write to the database directly).
    pub no_page_cache: bool,
}

/// A fresh database URL: SQLite in `dir`, or a new PostgreSQL database.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("ESSAIM_TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            use sqlx::Connection;
            let name = format!("essaim_t_{}", &auth::random_token().to_lowercase().replace(['-', '_'], "")[..16]);
            let mut conn = sqlx::PgConnection::connect(&base).await.expect("PostgreSQL reachable at ESSAIM_TEST_DATABASE_URL");
            sqlx::Executor::execute(&mut conn, sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.expect("create test database");
            let (prefix, _) = base.rsplit_once('/').expect("database URL with a path");
            format!("{prefix}/{name}")
        }
        _ => format!("sqlite://{}", dir.join("essaim.db").display()),
    }
}

struct DemoTemplate {
    dir: PathBuf,
    postgres_name: Option<String>,
    admin: Option<(String, String)>,
}

static DEMO: std::sync::OnceLock<DemoTemplate> = std::sync::OnceLock::new();

/// The demo network, built once per test binary on its own runtime.
fn demo_template() -> &'static DemoTemplate {
    DEMO.get_or_init(|| {
        std::thread::spawn(|| {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
            rt.block_on(async {
                let dir = tempfile::tempdir().expect("temp dir").keep();
                let url = fresh_database(&dir).await;
                let postgres_name = url.starts_with("postgres").then(|| url.rsplit('/').next().unwrap_or_default().to_string());
                let vars = [
                    ("ESSAIM_LISTEN", "127.0.0.1:0".to_string()),
                    ("ESSAIM_DATA_DIR", dir.display().to_string()),
                    ("ESSAIM_DATABASE_URL", url),
                    ("ESSAIM_DEMO", "true".to_string()),
                    ("ESSAIM_PUBLIC_URL", "http://essaim.test".to_string()),
                ];
                let config = Config::load_from(None, |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())).expect("config");
                let app = essaim::build(config).await.expect("build the demo");
                let admin = app.first_admin.clone();
                app.state.db.close().await;
                drop(app);
                DemoTemplate { dir, postgres_name, admin }
            })
        })
        .join()
        .expect("demo template")
    })
}

pub fn is_postgres() -> bool {
    std::env::var("ESSAIM_TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty())
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(Options::default()).await
    }

    /// An app on a copy of the demo network, loaded once per test binary (a copied SQLite
    /// file, or `CREATE DATABASE … TEMPLATE` on PostgreSQL).
    pub async fn spawn_demo() -> TestApp {
        let template = demo_template();
        let dir = tempfile::tempdir().expect("temp dir");
        let url = match &template.postgres_name {
            Some(name) => {
                use sqlx::Connection;
                let base = std::env::var("ESSAIM_TEST_DATABASE_URL").expect("postgres url");
                let copy = format!("essaim_t_{}", &auth::random_token().to_lowercase().replace(['-', '_'], "")[..16]);
                let mut conn = sqlx::PgConnection::connect(&base).await.expect("PostgreSQL reachable");
                let mut tries = 0;
                loop {
                    let r =
                        sqlx::Executor::execute(&mut conn, sqlx::AssertSqlSafe(format!("CREATE DATABASE {copy} TEMPLATE {name}"))).await;
                    match r {
                        Ok(_) => break,
                        // Another test copying the template at the same moment: wait and retry.
                        Err(e) if tries < 50 && e.to_string().contains("being accessed") => {
                            tries += 1;
                            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        }
                        Err(e) => panic!("copy the demo database: {e}"),
                    }
                }
                let (prefix, _) = base.rsplit_once('/').expect("database URL with a path");
                format!("{prefix}/{copy}")
            }
            None => {
                for ext in ["", "-wal", "-shm"] {
                    let from = template.dir.join(format!("essaim.db{ext}"));
                    if from.exists() {
                        std::fs::copy(&from, dir.path().join(format!("essaim.db{ext}"))).expect("copy the demo database");
                    }
                }
                format!("sqlite://{}", dir.path().join("essaim.db").display())
            }
        };
        let mut app = Self::spawn_in(dir, Options { demo: true, database_url: Some(url), ..Default::default() }).await;
        app.admin = template.admin.clone();
        app
    }

    pub async fn spawn_with(opts: Options) -> TestApp {
        Self::spawn_in(tempfile::tempdir().expect("temp dir"), opts).await
    }

    async fn spawn_in(dir: tempfile::TempDir, opts: Options) -> TestApp {
        let url = match opts.database_url {
            Some(u) => u,
            None => fresh_database(dir.path()).await,
        };
        let data_dir: PathBuf = dir.path().to_path_buf();
        let vars = [
            ("ESSAIM_LISTEN", "127.0.0.1:0".to_string()),
            ("ESSAIM_DATA_DIR", data_dir.display().to_string()),
            ("ESSAIM_DATABASE_URL", url),
            ("ESSAIM_DEMO", opts.demo.to_string()),
            ("ESSAIM_PUBLIC_URL", "http://essaim.test".to_string()),
            ("ESSAIM_SMTP_URL", opts.smtp_url.unwrap_or_default()),
            ("ESSAIM_TRUSTED_PROXIES", opts.trusted_proxies.unwrap_or_default()),
            ("ESSAIM_PAGE_CACHE_MB", if opts.no_page_cache { "0".to_string() } else { "32".to_string() }),
        ];
        let config = Config::load_from(None, |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())).expect("config");
        let app = essaim::build_with_clock(config, Clock::system()).await.expect("build");
        let addr = format!("http://{}", app.local_addr().expect("addr"));
        let state = app.state.clone();
        let admin = app.first_admin.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.serve(async {
            let _ = rx.await;
        }));
        let client = visitor_client(&state, &addr);
        TestApp { addr, client, state, admin, _dir: dir, shutdown: Some(tx) }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.text().await.unwrap_or_default())
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(self.url(path)).form(form).send().await.expect("request")
    }

    /// A published post (a minute old) with a Markdown body, written through `news::save_post`.
    pub async fn publish(&self, slug: &str, title: &str, comments_closed: bool) -> i64 {
        let input = essaim::modules::news::PostInput {
            kind: "post",
            slug: slug.into(),
            title: title.into(),
            body_format: "markdown".into(),
            body_source: "Texte".into(),
            status: "published".into(),
            published_at: Some(self.state.now() - 60),
            comments_closed,
            ..Default::default()
        };
        let tr = self.state.tr(essaim::core::i18n::Locale::Fr);
        let id = essaim::modules::news::save_post(&self.state.db, &tr, None, &input, self.state.now()).await.expect("save post");
        // Written outside a request, like a command would: the running server is told.
        self.state.pages.changed_all(&self.state.db).await;
        id
    }

    /// A person with a password and a role, created directly.
    pub async fn user(&self, email: &str, role: Role, club_slug: Option<&str>) -> String {
        let club_id = match club_slug {
            Some(s) => Some(essaim::modules::network::get_club_by_slug(&self.state.db, s).await.unwrap().expect("club").id),
            None => None,
        };
        let password = "correct horse battery staple".to_string();
        auth::upsert_user(&self.state.db, email, email, Some(&password), role, club_id, self.state.now()).await.unwrap();
        password
    }

    /// A new cookie-keeping client signed in as `email`.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Client {
        let c = client();
        let r = c
            .post(self.url("/admin/connexion"))
            .form(&[("email", email), ("password", password), ("next", "/admin")])
            .send()
            .await
            .expect("login");
        assert_eq!(r.status().as_u16(), 303, "login of {email} failed");
        c
    }

    /// A client with a live session for `email` (created directly, without the login form).
    pub async fn session_client(&self, email: &str) -> reqwest::Client {
        let user_id = essaim::modules::network::user_id_by_email(&self.state.db, email).await.unwrap().expect("user exists");
        let token = auth::create_session(&self.state.db, user_id, self.state.now()).await.unwrap();
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let url: reqwest::Url = self.addr.parse().unwrap();
        jar.add_cookie_str(&format!("{}={token}; Path=/", self.state.cookie_names().session), &url);
        reqwest::Client::builder().cookie_provider(jar).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    /// A new client (its own connections) that is the same anonymous visitor as `client`: the
    /// forms' CSRF tokens `client` read are valid for it.
    pub fn same_visitor(&self) -> reqwest::Client {
        visitor_client(&self.state, &self.addr)
    }

    /// The CSRF token a signed-in client must send with forms (read from a page).
    pub async fn csrf(&self, client: &reqwest::Client, path: &str) -> String {
        let body = client.get(self.url(path)).send().await.unwrap().text().await.unwrap();
        extract_csrf(&body).expect("page has a csrf field")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The anonymous visitor that `TestApp::client` is: its visitor cookie is set from the start,
/// so that the CSRF token of a page it read is also valid for `TestApp::same_visitor` clients.
pub const VISITOR: &str = "visiteur-des-tests-0123456789abcdefghijklmn";

/// A new cookie-keeping client that is the visitor [`VISITOR`].
fn visitor_client(state: &AppState, addr: &str) -> reqwest::Client {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let url: reqwest::Url = addr.parse().unwrap();
    jar.add_cookie_str(&format!("{}={VISITOR}; Path=/", state.cookie_names().visitor), &url);
    reqwest::Client::builder().cookie_provider(jar).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")?;
    let rest = &html[i + "name=\"csrf\" value=\"".len()..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Count the occurrences of `needle` in `hay`.
pub fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// Add a question at the end of an event's registration form (kind: text, choice, yesno,
/// number, date; choices one a line); returns its id.
pub async fn add_question(
    app: &TestApp,
    event_id: i64,
    label: &str,
    kind: &str,
    choices: &str,
    required: bool,
    show_if: Option<(i64, &str)>,
) -> i64 {
    use essaim::modules::events::{self, questions};
    let q = questions::Question {
        id: 0,
        event_id,
        position: 0,
        label: label.into(),
        help: String::new(),
        kind: questions::Kind::parse(kind).expect("a question kind"),
        choices: questions::split_choices(choices),
        required,
        show_if_question: show_if.map(|(q, _)| q),
        show_if_value: show_if.map(|(_, v)| v.to_string()).unwrap_or_default(),
    };
    events::add_question(&app.state.db, event_id, &q, app.state.now()).await.expect("add a question")
}

/// Store a registration's answer to one question straight through the form kit (what a
/// booking stores), replacing the registration's other answers.
pub async fn set_answer(app: &TestApp, event_id: i64, registration_id: i64, question_id: i64, answer: essaim::core::forms::Answer) {
    use essaim::core::forms::{Typed, store};
    use essaim::modules::events::questions;
    let typed = Typed { question: question_id, code: format!("q{question_id}"), answer };
    let mut tx = app.state.db.begin().await.expect("begin");
    store::save_response(&mut tx, &questions::owner(event_id), &questions::reference(registration_id), &[typed], app.state.now())
        .await
        .expect("save an answer");
    tx.commit().await.expect("commit");
}
