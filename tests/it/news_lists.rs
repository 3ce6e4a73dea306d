//! The public lists of posts at any depth (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL
//! is set): with a tiny anchor spacing every page goes through the anchors, and must show what
//! a plain OFFSET query shows; page boundaries move at the next request after any change, on
//! every instance; scheduled posts appear on time; pages past the end are 404; the sizes the
//! database keeps are the true counts; search ranks at most the latest thousand matches.
//! The rendered-page cache is off here (these tests also write to the database directly):
//! every request goes through the lists themselves; `tests/cache.rs` tests the cache above them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use crate::common::{Options, TestApp, fresh_database};
use essaim::core::db::{Db, DbKind};
use essaim::core::i18n::Locale;
use essaim::modules::network::{self, Club};
use essaim::modules::news::{self, PostInput};
use sqlx::AssertSqlSafe;

/// A fixed "now" (2025-06-15), so that months and scheduled posts are known.
const T0: i64 = 1_750_000_000;
const DAY: i64 = 86_400;

/// The slugs of the cards of a list page, in order.
fn slugs(html: &str) -> Vec<String> {
    html.split("<li class=\"card\">")
        .skip(1)
        .map(|card| {
            let link = card.split("<h3><a href=\"/actualites/").nth(1).unwrap();
            link[..link.find('"').unwrap()].to_string()
        })
        .collect()
}

/// A public list: its address and the condition a plain query puts on `posts p`.
struct List {
    path: String,
    cond: String,
}

struct Fixture {
    lists: Vec<List>,
    category_a: i64,
    category_b: i64,
    club_1: i64,
}

fn input(slug: &str, at: i64) -> PostInput {
    PostInput {
        kind: "post",
        slug: slug.into(),
        title: format!("Article {slug}"),
        body_format: "markdown".into(),
        body_source: "Texte".into(),
        status: "published".into(),
        published_at: Some(at),
        ..Default::default()
    }
}

async fn save(app: &TestApp, id: Option<i64>, input: &PostInput) -> i64 {
    let tr = app.state.tr(Locale::Fr);
    news::save_post(&app.state.db, &tr, id, input, app.state.now()).await.unwrap()
}

/// Two categories, two clubs, two tags, 46 posts over three months (two by two on the same
/// second, and written out of date order, so that the id decides ties and ids do not follow
/// dates), three scheduled posts and two drafts.
async fn fill(app: &TestApp) -> Fixture {
    let db = &app.state.db;
    let category_a = news::upsert_category(db, "a", "A", "").await.unwrap();
    let category_b = news::upsert_category(db, "b", "B", "").await.unwrap();
    let mut clubs = vec![];
    for slug in ["c1", "c2"] {
        let club = Club { slug: slug.into(), name: slug.to_uppercase(), ..Default::default() };
        clubs.push(network::upsert_club(db, &club, T0).await.unwrap());
    }
    for k in 0..46 {
        let i = (k * 7) % 46;
        let mut p = input(&format!("p{i}"), T0 - DAY * 2 * (i / 2) - 60);
        if i % 3 == 0 {
            p.category_ids.push(category_a);
        }
        if i % 2 == 0 {
            p.category_ids.push(category_b);
        }
        if i % 4 != 1 {
            p.tag_names.push("Abeille".into());
        }
        if i % 5 == 0 {
            p.tag_names.push("Ruche".into());
        }
        p.club_id = Some(clubs[usize::try_from(i % 2).unwrap()]);
        save(app, None, &p).await;
    }
    for k in 1..=3 {
        let mut p = input(&format!("later{k}"), T0 + 3600 * k);
        p.category_ids = vec![category_a, category_b];
        p.tag_names = vec!["Abeille".into()];
        p.club_id = Some(clubs[0]);
        save(app, None, &p).await;
    }
    for k in 1..=2 {
        let mut p = input(&format!("draft{k}"), T0 - DAY);
        p.status = "draft".into();
        p.category_ids = vec![category_a];
        save(app, None, &p).await;
    }
    let tr = app.state.tr(Locale::Fr);
    let (y, m) = tr.year_month(T0 - 40 * DAY);
    let tag =
        |slug: &str| format!("AND p.id IN (SELECT post_id FROM post_tags WHERE tag_id = (SELECT id FROM tags WHERE slug = '{slug}'))");
    let lists = vec![
        List { path: "/actualites".into(), cond: String::new() },
        List {
            path: "/actualites/categorie/a".into(),
            cond: format!("AND p.id IN (SELECT post_id FROM post_categories WHERE category_id = {category_a})"),
        },
        List {
            path: "/actualites/categorie/b".into(),
            cond: format!("AND p.id IN (SELECT post_id FROM post_categories WHERE category_id = {category_b})"),
        },
        List { path: "/actualites/etiquette/abeille".into(), cond: tag("abeille") },
        List { path: "/actualites/etiquette/ruche".into(), cond: tag("ruche") },
        List { path: "/actualites/club/c1".into(), cond: format!("AND p.club_id = {}", clubs[0]) },
        List { path: format!("/actualites/{y}/{m:02}"), cond: format!("AND p.month_key = {}", y * 100 + m) },
    ];
    Fixture { lists, category_a, category_b, club_1: clubs[0] }
}

/// What the plain OFFSET query (the one essaim ran before anchors) shows: the slugs of a page
/// and the list's size at `now`.
async fn reference(db: &Db, list: &List, now: i64, page: i64) -> (Vec<String>, i64) {
    let base = format!("FROM posts p WHERE p.kind = 'post' AND p.status = 'published' AND p.published_at <= $1 {}", list.cond);
    let slugs: Vec<String> =
        sqlx::query_scalar(AssertSqlSafe(format!("SELECT p.slug {base} ORDER BY p.published_at DESC, p.id DESC LIMIT 10 OFFSET $2")))
            .bind(now)
            .bind((page - 1) * 10)
            .fetch_all(db.pool())
            .await
            .unwrap();
    let total: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) {base}"))).bind(now).fetch_one(db.pool()).await.unwrap();
    (slugs, total)
}

/// Every page of every list on `app` is what the plain query shows at `now`, and the page after
/// the last is a 404.
async fn check_every_page(app: &TestApp, lists: &[List], now: i64, when: &str) {
    for list in lists {
        let (_, total) = reference(&app.state.db, list, now, 1).await;
        let last = ((total + 9) / 10).max(1);
        for page in 1..=last {
            let (want, _) = reference(&app.state.db, list, now, page).await;
            let (status, body) = app.get_text(&format!("{}?page={page}", list.path)).await;
            assert_eq!(status, 200, "{when}: {} page {page}", list.path);
            assert_eq!(slugs(&body), want, "{when}: {} page {page} of {last}", list.path);
            if page == 1 && last > 1 {
                assert!(body.contains(&format!("href=\"{}?page={last}\"", list.path)), "{when}: {} links its last page {last}", list.path);
            }
        }
        let past = app.get(&format!("{}?page={}", list.path, last + 1)).await.status();
        assert_eq!(past, 404, "{when}: {} page {} is past the end", list.path, last + 1);
    }
}

async fn admin_client(app: &TestApp) -> (reqwest::Client, String) {
    let (email, _) = app.admin.clone().expect("the first instance has the administrator");
    let client = app.session_client(&email).await;
    let csrf = app.csrf(&client, "/admin").await;
    (client, csrf)
}

#[tokio::test]
async fn deep_pages_show_what_a_plain_offset_shows() {
    let app = TestApp::spawn_with(Options { no_page_cache: true, ..Default::default() }).await;
    app.state.clock.set(T0);
    let f = fill(&app).await;
    // Spacing 1, 3, 7: every page starts from an anchor (scheduled posts lead every list).
    for spacing in [1, 3, 7] {
        app.state.anchors.set_spacing(spacing);
        check_every_page(&app, &f.lists, T0, &format!("spacing {spacing}")).await;
    }
    // The default spacing: plain small offsets.
    app.state.anchors.set_spacing(news::ANCHOR_SPACING);
    check_every_page(&app, &f.lists, T0, "default spacing").await;
    assert_eq!(app.get("/actualites?page=0").await.status(), 404);
    assert_eq!(app.get("/actualites?page=999999999999999999").await.status(), 404);
    assert_eq!(app.get("/actualites/etiquette/inconnue").await.status(), 404);
    // An empty list has one empty page.
    let empty = news::upsert_category(&app.state.db, "vide", "Vide", "").await.unwrap();
    assert!(empty > 0);
    assert_eq!(app.get("/actualites/categorie/vide").await.status(), 200);
    assert_eq!(app.get("/actualites/categorie/vide?page=2").await.status(), 404);
}

#[tokio::test]
async fn page_boundaries_move_at_the_next_request_on_every_instance() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let a = TestApp::spawn_with(Options { database_url: Some(url.clone()), no_page_cache: true, ..Default::default() }).await;
    let b = TestApp::spawn_with(Options { database_url: Some(url), no_page_cache: true, ..Default::default() }).await;
    for app in [&a, &b] {
        app.state.clock.set(T0);
        app.state.anchors.set_spacing(3);
    }
    let f = fill(&a).await;
    // Both instances hold anchors of every list.
    check_every_page(&a, &f.lists, T0, "start, A").await;
    check_every_page(&b, &f.lists, T0, "start, B").await;

    // Published on A: the newest post, and an old one deep in the lists.
    let mut newest = input("newest", T0 - 30);
    newest.category_ids = vec![f.category_a];
    newest.tag_names = vec!["Abeille".into()];
    newest.club_id = Some(f.club_1);
    let newest_id = save(&a, None, &newest).await;
    check_every_page(&b, &f.lists, T0, "newest published on A, seen on B").await;
    let mut old = input("old", T0 - 41 * DAY);
    old.category_ids = vec![f.category_a];
    old.tag_names = vec!["Ruche".into()];
    let old_id = save(&a, None, &old).await;
    check_every_page(&b, &f.lists, T0, "old post published on A, seen on B").await;

    // Re-dated: the newest goes deep, the old one to the top; a category and a tag change.
    newest.published_at = Some(T0 - 39 * DAY);
    save(&a, Some(newest_id), &newest).await;
    old.published_at = Some(T0 - 10);
    old.category_ids = vec![];
    old.tag_names = vec!["Abeille".into()];
    save(&a, Some(old_id), &old).await;
    check_every_page(&b, &f.lists, T0, "re-dated on A, seen on B").await;
    check_every_page(&a, &f.lists, T0, "re-dated on A, seen on A").await;

    // Unpublished, then deleted, from the back office of A.
    let (client, csrf) = admin_client(&a).await;
    let r = client.post(a.url(&format!("/admin/articles/{newest_id}/depublier"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    check_every_page(&b, &f.lists, T0, "unpublished on A, seen on B").await;
    let r = client.post(a.url(&format!("/admin/articles/{old_id}/supprimer"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    check_every_page(&b, &f.lists, T0, "deleted on A, seen on B").await;

    // Imported: several posts written in one transaction (as the WordPress import does).
    let tr = a.state.tr(Locale::Fr);
    let mut tx = a.state.db.begin().await.unwrap();
    for k in 0..5 {
        let mut p = input(&format!("imported{k}"), T0 - DAY * (7 * k + 3));
        p.category_ids = vec![f.category_a];
        p.tag_names = vec!["Abeille".into(), "Ruche".into()];
        p.club_id = Some(f.club_1);
        news::save_post_tx(&mut tx, &tr, None, &p, T0).await.unwrap();
    }
    tx.commit().await.unwrap();
    check_every_page(&b, &f.lists, T0, "imported on A, seen on B").await;
    check_every_page(&a, &f.lists, T0, "imported on A, seen on A").await;
}

#[tokio::test]
async fn a_scheduled_post_appears_when_its_time_comes() {
    let app = TestApp::spawn_with(Options { no_page_cache: true, ..Default::default() }).await;
    app.state.clock.set(T0);
    app.state.anchors.set_spacing(2);
    let f = fill(&app).await;
    let (_, page1) = app.get_text("/actualites").await;
    assert!(!page1.contains("later1"), "not before its time");
    check_every_page(&app, &f.lists, T0, "before").await;
    // Its time comes, with nothing written in between: it leads every list it is in, and
    // every boundary after it moves by one.
    app.state.clock.set(T0 + 3600);
    let (_, page1) = app.get_text("/actualites").await;
    assert_eq!(slugs(&page1).first().map(String::as_str), Some("later1"));
    check_every_page(&app, &f.lists, T0 + 3600, "on time").await;
    app.state.clock.set(T0 + 3 * 3600 + 1);
    check_every_page(&app, &f.lists, T0 + 3 * 3600 + 1, "all three").await;
    // The months' counts on the side show it only from then on.
    let tr = app.state.tr(Locale::Fr);
    let (y, m) = tr.year_month(T0);
    let month = format!("href=\"/actualites/{y}/{m:02}\"");
    let (_, body) = app.get_text("/actualites").await;
    let side = body.split(&month).nth(1).unwrap();
    let shown: i64 = side[side.find('(').unwrap() + 1..side.find(')').unwrap()].parse().unwrap();
    let (_, want) =
        reference(&app.state.db, &List { path: String::new(), cond: format!("AND p.month_key = {}", y * 100 + m) }, T0 + 3 * 3600 + 1, 1)
            .await;
    assert_eq!(shown, want);
    app.state.clock.set(T0);
    let (_, body) = app.get_text("/actualites").await;
    let side = body.split(&month).nth(1).unwrap();
    let before: i64 = side[side.find('(').unwrap() + 1..side.find(')').unwrap()].parse().unwrap();
    assert_eq!(before, want - 3);
}

/// Each list's size as `post_lists` keeps it, and as counted from the posts (lists with no
/// posts left out).
async fn sizes(db: &Db) -> (BTreeMap<(String, i64), i64>, BTreeMap<(String, i64), i64>) {
    let kept: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT kind, ref, total FROM post_lists WHERE total <> 0").fetch_all(db.pool()).await.unwrap();
    let listed = "p.kind = 'post' AND p.status = 'published' AND p.published_at IS NOT NULL";
    let counted: Vec<(String, i64, i64)> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT 'all', 0, COUNT(*) FROM posts p WHERE {listed} \
         UNION ALL SELECT 'club', p.club_id, COUNT(*) FROM posts p WHERE {listed} AND p.club_id IS NOT NULL GROUP BY p.club_id \
         UNION ALL SELECT 'month', p.month_key, COUNT(*) FROM posts p WHERE {listed} GROUP BY p.month_key \
         UNION ALL SELECT 'category', pc.category_id, COUNT(*) FROM post_categories pc JOIN posts p ON p.id = pc.post_id WHERE {listed} GROUP BY pc.category_id \
         UNION ALL SELECT 'tag', pt.tag_id, COUNT(*) FROM post_tags pt JOIN posts p ON p.id = pt.post_id WHERE {listed} GROUP BY pt.tag_id"
    )))
    .fetch_all(db.pool())
    .await
    .unwrap();
    let map = |rows: Vec<(String, i64, i64)>| rows.into_iter().filter(|r| r.2 != 0).map(|(k, r, n)| ((k, r), n)).collect();
    (map(kept), map(counted))
}

async fn version(db: &Db, kind: &str, reference: i64) -> i64 {
    sqlx::query_scalar("SELECT version FROM post_lists WHERE kind = $1 AND ref = $2")
        .bind(kind)
        .bind(reference)
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_sizes_the_database_keeps_are_the_true_counts() {
    let app = TestApp::spawn_with(Options { no_page_cache: true, ..Default::default() }).await;
    app.state.clock.set(T0);
    let f = fill(&app).await;
    let db = &app.state.db;
    let (kept, counted) = sizes(db).await;
    assert_eq!(kept, counted, "after the first posts");
    assert!(kept.len() > 8);

    // A re-date keeps the archive's size but not its version; saving a post unchanged keeps
    // its category's version (nothing of the list moved).
    let id: i64 = sqlx::query_scalar("SELECT id FROM posts WHERE slug = 'p0'").fetch_one(db.pool()).await.unwrap();
    let mut p0 = input("p0", T0 - 60);
    p0.category_ids = vec![f.category_a, f.category_b];
    p0.tag_names = vec!["Abeille".into(), "Ruche".into()];
    p0.club_id = Some(f.club_1);
    let (all_before, cat_before) = (version(db, "all", 0).await, version(db, "category", f.category_a).await);
    save(&app, Some(id), &p0).await;
    assert_eq!(version(db, "category", f.category_a).await, cat_before, "saved unchanged: its category's list did not move");
    p0.published_at = Some(T0 - 50 * DAY);
    save(&app, Some(id), &p0).await;
    assert!(version(db, "all", 0).await > all_before, "re-dated: the archive moved");
    assert!(version(db, "category", f.category_a).await > cat_before, "re-dated: its category moved");

    // Any writer: plain SQL changes of status, kind, club, date; deletions and cascades.
    for sql in [
        "UPDATE posts SET status = 'draft' WHERE slug = 'p1'",
        "UPDATE posts SET status = 'published' WHERE slug = 'draft1'",
        "UPDATE posts SET kind = 'page' WHERE slug = 'p2'",
        "UPDATE posts SET club_id = NULL WHERE slug = 'p3'",
        "UPDATE posts SET published_at = NULL WHERE slug = 'p4'",
        "UPDATE posts SET month_key = 190001 WHERE slug = 'p5'",
        "DELETE FROM posts WHERE slug = 'p6'",
        "DELETE FROM post_tags WHERE post_id = (SELECT id FROM posts WHERE slug = 'p8')",
        "DELETE FROM categories WHERE slug = 'b'",
        "DELETE FROM tags WHERE slug = 'ruche'",
    ] {
        sqlx::query(AssertSqlSafe(sql)).execute(db.writer()).await.unwrap();
        let (kept, counted) = sizes(db).await;
        assert_eq!(kept, counted, "after {sql}");
    }
}

/// Apply the migrations before 0011 only (copied to a folder), as a database made before it.
async fn migrate_before_0011(db: &Db) {
    let from = match db.kind() {
        DbKind::Sqlite => "migrations/sqlite",
        DbKind::Postgres => "migrations/postgres",
    };
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.as_str() < "0011" {
            std::fs::copy(e.path(), dir.path().join(&name)).unwrap();
        }
    }
    sqlx::migrate::Migrator::new(dir.path()).await.unwrap().run(db.writer()).await.unwrap();
}

#[tokio::test]
async fn the_migration_counts_the_posts_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let db = Db::connect(&url).await.unwrap();
    migrate_before_0011(&db).await;
    for (id, status, at, month) in [
        (1, "published", T0 - 10, 202506),
        (2, "published", T0 - DAY * 40, 202505),
        (3, "draft", T0, 202506),
        (4, "published", T0 + 60, 202506),
    ] {
        sqlx::query(
            "INSERT INTO posts (id, kind, slug, title, body_format, body_source, body_html, status, published_at, month_key, created_at, updated_at) \
             VALUES ($1, 'post', $2, 'Titre', 'markdown', '', '', $3, $4, $5, 0, 0)",
        )
        .bind(id)
        .bind(format!("s{id}"))
        .bind(status)
        .bind(at)
        .bind(month)
        .execute(db.writer())
        .await
        .unwrap();
        sqlx::query("INSERT INTO search_docs (post_id, doc) VALUES ($1, 'abeil miel')").bind(id).execute(db.writer()).await.unwrap();
    }
    sqlx::query("INSERT INTO categories (id, slug, name) VALUES (1, 'a', 'A')").execute(db.writer()).await.unwrap();
    sqlx::query("INSERT INTO post_categories (post_id, category_id) VALUES (1, 1), (3, 1), (4, 1)").execute(db.writer()).await.unwrap();
    db.migrate().await.unwrap();
    let (kept, counted) = sizes(&db).await;
    assert_eq!(kept, counted);
    assert_eq!(kept.get(&("category".to_string(), 1)), Some(&2), "the published and the scheduled one");
    // Search finds what was indexed before (PostgreSQL's vectors are computed by the migration).
    let found = essaim::core::search::find(&db, &["abeil".to_string()], T0, 10, 0).await.unwrap();
    assert_eq!((found.total, found.more), (2, false));
    db.close().await;
}

#[tokio::test]
async fn search_ranks_the_latest_thousand_matches_of_a_common_word() {
    let app = TestApp::spawn_with(Options { no_page_cache: true, ..Default::default() }).await;
    app.state.clock.set(T0);
    let tr = app.state.tr(Locale::Fr);
    // The best match of all (the word three times in its title) is the oldest.
    let mut tx = app.state.db.begin().await.unwrap();
    let mut best = input("la-meilleure", T0 - 5000 * 60);
    best.title = "Abeilles, abeilles et abeilles".into();
    best.body_source = "Abeilles.".into();
    news::save_post_tx(&mut tx, &tr, None, &best, T0).await.unwrap();
    let n = essaim::core::search::MAX_RANKED + 40;
    for k in 0..n {
        let mut p = input(&format!("a{k}"), T0 - 60 * (i64::try_from(n - k).unwrap()));
        p.body_source = format!("Une abeille butine. {}", if k == 7 { "Le frelon rode." } else { "" });
        news::save_post_tx(&mut tx, &tr, None, &p, T0).await.unwrap();
    }
    tx.commit().await.unwrap();
    let (status, body) = app.get_text("/recherche?q=abeille").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Plus de 1\u{202f}000 résultats")
            || body.contains("Plus de 1 000 résultats")
            || body.contains("Plus de 1000 résultats"),
        "{}",
        &body[body.find("role=\"status\"").unwrap()..][..120]
    );
    assert!(!body.contains("la-meilleure"), "older than the latest thousand matches");
    assert_eq!(app.get("/recherche?q=abeille&page=100").await.status(), 200);
    assert_eq!(app.get("/recherche?q=abeille&page=101").await.status(), 404);
    // Drafts among the newest matches do not count: still more than 1,000 published ones.
    for k in n - 30..n {
        sqlx::query("UPDATE posts SET status = 'draft' WHERE slug = $1")
            .bind(format!("a{k}"))
            .execute(app.state.db.writer())
            .await
            .unwrap();
    }
    let (_, body) = app.get_text("/recherche?q=abeille&page=100").await;
    assert!(body.contains("Plus de 1"), "{}", &body[body.find("role=\"status\"").unwrap()..][..120]);
    assert!(body.contains("<li>\n    <h2><a href="), "page 100 has results");
    // A rarer word is counted and ranked exactly, the best first.
    let (_, body) = app.get_text("/recherche?q=frelon").await;
    assert!(body.contains("1 résultat"));
    assert!(body.contains("/actualites/a7"));
    let (_, body) = app.get_text("/recherche?q=abeille+frelon").await;
    assert!(body.contains("1 résultat"), "every word must match");
    // Fewer matches than the cap: ranked by relevance, the oldest best one first.
    sqlx::query("UPDATE posts SET status = 'draft' WHERE slug LIKE 'a%' AND slug <> 'a7'").execute(app.state.db.writer()).await.unwrap();
    let (_, body) = app.get_text("/recherche?q=abeille").await;
    assert!(body.contains("2 résultats"));
    let first = body.split("<h2><a href=\"").nth(1).unwrap();
    assert!(first.starts_with("/actualites/la-meilleure"), "{first}");
}
