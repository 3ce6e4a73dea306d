//! The WordPress import: real exports published by WordPress, hand-made exports for every
//! case, broken files, idempotency, dry runs, and the old addresses answering 301.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use crate::common::TestApp;
use essaim::modules::wordpress::{self, ImportError, Options, Site, Summary};

const THEME_UNIT: &str = "../shared/fixtures/wordpress/themeunittestdata.wordpress.xml";
const BLOCKS: &str = "../shared/fixtures/wordpress/64-block-test-data.xml";

/// A WordPress export from `../shared/fixtures` (beside the repository, not in it). Without
/// it the test says that it is skipped and why, unless `CI` is set: CI always has it, so
/// there its absence fails the test.
fn fixture(path: &str) -> Option<&Path> {
    let p = Path::new(path);
    if p.exists() {
        return Some(p);
    }
    assert!(std::env::var_os("CI").is_none(), "{path} is missing: CI needs ../shared/fixtures beside the repository");
    eprintln!("skipped: {path} is missing (the WordPress fixtures live in ../shared/fixtures, beside the repository)");
    None
}

async fn import(app: &TestApp, path: &Path, opts: &Options) -> Result<Summary, ImportError> {
    wordpress::import(&Site::of(&app.state), path, opts, &|_, _, _| {}).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(app.state.db.pool()).await.unwrap()
}

/// Counts of everything an import writes, to prove a failed or dry import wrote nothing.
async fn snapshot(app: &TestApp) -> Vec<i64> {
    let mut v = vec![];
    for t in ["posts", "comments", "categories", "tags", "users", "media", "redirects", "wp_imports", "import_reports", "search_docs"] {
        v.push(count(app, &format!("SELECT COUNT(*) FROM {t}")).await);
    }
    v
}

/// Follow one 301 and return (first status, location, final status).
async fn follow(app: &TestApp, path: &str) -> (u16, String, u16) {
    let r = app.get(path).await;
    let status = r.status().as_u16();
    let loc = r.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    if loc.is_empty() {
        return (status, loc, status);
    }
    let end = app.get(&loc).await.status().as_u16();
    (status, loc, end)
}

/// What a simple text scan of a WXR file finds in its items: (post id, type, status,
/// password-protected, link). Independent of the importer's XML reader.
fn scan_items(xml: &str) -> Vec<(i64, String, String, bool, String)> {
    let field = |item: &str, tag: &str| -> String {
        let open = format!("<{tag}>");
        let Some(i) = item.find(&open) else { return String::new() };
        let rest = &item[i + open.len()..];
        let v = &rest[..rest.find(&format!("</{tag}>")).unwrap_or(0)];
        v.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>").trim().to_string()
    };
    xml.split("<item>")
        .skip(1)
        .map(|item| {
            let item = &item[..item.find("</item>").unwrap()];
            (
                field(item, "wp:post_id").parse().unwrap(),
                field(item, "wp:post_type"),
                field(item, "wp:status"),
                !field(item, "wp:post_password").is_empty(),
                field(item, "link").replace("&amp;", "&"),
            )
        })
        .collect()
}

fn path_and_query(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

#[tokio::test]
async fn the_theme_unit_test_export_comes_over_whole() {
    let app = TestApp::spawn().await;
    let Some(export) = fixture(THEME_UNIT) else { return };
    let s = import(&app, export, &Options::default()).await.unwrap();
    // Expected numbers counted from the file with Python's xml.etree (a separate parser):
    // items by wp:post_type: post 58, page 21, attachment 37, nav_menu_item 70;
    // posts by wp:status: publish 56 (one with a password), future 1, draft 1;
    // pages: publish 21; comments by wp:comment_approved: "1" 30, "0" 3 (10 are replies);
    // distinct category nicenames (channel + items) 68, tag slugs 114; 1 sticky; 2 authors.
    assert_eq!((s.posts.created, s.pages.created, s.comments.created), (58, 21, 33), "{}", s.to_text());
    assert_eq!(s.other_types.get("nav_menu_item"), Some(&70));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE kind = 'post'").await, 58);
    // Published: 55 public + the scheduled one (status published, future date).
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE kind = 'post' AND status = 'published'").await, 56);
    // Drafts: the draft and the password-protected post (never made public).
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE kind = 'post' AND status = 'draft'").await, 2);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE kind = 'page'").await, 21);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments WHERE status = 'approved'").await, 30);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments WHERE status = 'pending'").await, 3);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments WHERE parent_id IS NOT NULL").await, 10);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM categories").await, 68);
    // 114 WordPress tags, two of which have names that fold to the same essaim slug (merged).
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tags").await, 113);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE featured = 1").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE password_hash IS NULL").await, 2);
    assert!(count(&app, "SELECT COUNT(*) FROM posts WHERE kind = 'page' AND parent_id IS NOT NULL").await > 0);
    assert!(count(&app, "SELECT COUNT(*) FROM categories WHERE parent_id IS NOT NULL").await > 0);
    // No media folder: every attachment is reported missing, its address kept.
    assert_eq!(s.media.skipped, 37);
    assert!(s.warnings.iter().any(|w| w.contains("file not found")));

    // A formatting post survives: headings, lists, quotes, tables, images; no script.
    let (status, body) = app.get_text("/actualites/markup-html-tags-and-formatting").await;
    assert_eq!(status, 200);
    for tag in ["<h2", "<ul>", "<ol>", "<blockquote>", "<table>", "<pre>"] {
        assert!(body.contains(tag), "{tag} missing");
    }
    let (status, body) = app.get_text("/actualites/markup-image-alignment").await;
    assert_eq!(status, 200);
    assert!(body.contains("<img"));
    assert!(!count(&app, "SELECT COUNT(*) FROM posts WHERE body_html LIKE '%<script%'").await.is_positive());
    // Threads: a reply is shown nested under its parent.
    let (_, body) = app.get_text("/actualites/template-comments").await;
    assert!(body.matches("<li").count() > 5);

    // Every item's old address, its ?p= form and each category's answer 301 to a page that
    // exists; only content that was deliberately not published (the draft and the
    // password-protected post) ends on a 404.
    let xml = std::fs::read_to_string(export).unwrap();
    let mut checked = 0;
    for (id, kind, status, password, link) in scan_items(&xml) {
        if kind != "post" && kind != "page" {
            continue;
        }
        let public = status == "publish" && !password;
        let expect = if public { 200 } else { 404 };
        let old = path_and_query(&link);
        let (first, loc, end) = follow(&app, &old).await;
        if first == 200 {
            // The old address is already the new one (a top-level page).
            assert!(public && kind == "page", "{old}");
        } else {
            assert_eq!((first, end), (301, expect), "{old} -> {loc} (status {status})");
        }
        let (first, loc, end) = follow(&app, &format!("/?p={id}")).await;
        assert_eq!((first, end), (301, expect), "/?p={id} -> {loc}");
        checked += 1;
    }
    assert_eq!(checked, 79);
    for cat in [
        "/category/parent-category/",
        "/category/parent-category/child-category-01/",
        "/category/uncategorized/feed/",
        "/tag/content-2/",
        "/page/2/",
        "/feed/",
    ] {
        let (first, loc, end) = follow(&app, cat).await;
        assert_eq!((first, end), (301, 200), "{cat} -> {loc}");
    }
    // The report is kept for the back office.
    let reports = wordpress::list_reports(&app.state.db, 5).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].3.posts.created, 58);
}

#[tokio::test]
async fn the_block_editor_export_keeps_its_content_without_block_comments() {
    let app = TestApp::spawn().await;
    let Some(export) = fixture(BLOCKS) else { return };
    let s = import(&app, export, &Options::default()).await.unwrap();
    // Counted with Python's xml.etree: post 61 (all publish), page 1, attachment 9,
    // wp_navigation 1; comments "1": 2 (one reply); categories 7; tags 4.
    assert_eq!((s.posts.created, s.pages.created, s.comments.created), (61, 1, 2), "{}", s.to_text());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE status = 'published'").await, 62);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments WHERE status = 'approved'").await, 2);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments WHERE parent_id IS NOT NULL").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM categories").await, 7);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tags").await, 4);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE body_source LIKE '%<!-- wp:%' OR body_html LIKE '%wp:%'").await, 0);
    assert!(count(&app, "SELECT COUNT(*) FROM posts WHERE body_html LIKE '%<table>%'").await > 0);
    assert!(count(&app, "SELECT COUNT(*) FROM posts WHERE body_html LIKE '%<blockquote>%'").await > 0);
    assert!(count(&app, "SELECT COUNT(*) FROM posts WHERE body_html LIKE '%<h2%'").await > 0);
    let xml = std::fs::read_to_string(export).unwrap();
    for (id, kind, _, _, link) in scan_items(&xml).into_iter().filter(|i| i.1 == "post").take(15) {
        let (first, loc, end) = follow(&app, &path_and_query(&link)).await;
        assert_eq!((first, end), (301, 200), "{kind} {id}: {link} -> {loc}");
    }
}

// ---- hand-made exports ----

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Club Test</title>
<link>https://club.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://club.example.org</wp:base_site_url>
<wp:base_blog_url>https://club.example.org</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[awa]]></wp:author_login><wp:author_email><![CDATA[awa@club.example.org]]></wp:author_email><wp:author_display_name><![CDATA[Awa Diallo]]></wp:author_display_name></wp:author>
<wp:author><wp:author_login><![CDATA[ghost]]></wp:author_login><wp:author_email></wp:author_email><wp:author_display_name><![CDATA[Ghost]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>actions</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Actions]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>ateliers</wp:category_nicename><wp:category_parent>actions</wp:category_parent><wp:cat_name><![CDATA[Ateliers]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>5</wp:term_id><wp:tag_slug>numerique</wp:tag_slug><wp:tag_name><![CDATA[Numérique]]></wp:tag_name></wp:tag>
"#;

#[allow(clippy::too_many_arguments)]
fn item(
    id: i64,
    kind: &str,
    status: &str,
    name: &str,
    parent: i64,
    link: &str,
    gmt: &str,
    local: &str,
    title: &str,
    content: &str,
    extra: &str,
) -> String {
    format!(
        "<item><title>{title}</title><link>{link}</link><dc:creator><![CDATA[awa]]></dc:creator>\
         <content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>\
         <wp:post_id>{id}</wp:post_id><wp:post_date>{local}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>\
         <wp:comment_status>open</wp:comment_status><wp:post_name>{name}</wp:post_name><wp:status>{status}</wp:status>\
         <wp:post_parent>{parent}</wp:post_parent><wp:post_type>{kind}</wp:post_type><wp:post_password></wp:post_password>\
         <wp:is_sticky>0</wp:is_sticky>{extra}</item>\n"
    )
}

fn comment(id: i64, parent: i64, approved: &str, text: &str) -> String {
    format!(
        "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author><![CDATA[Lecteur {id}]]></wp:comment_author>\
         <wp:comment_author_email>l{id}@example.org</wp:comment_author_email><wp:comment_author_IP>192.0.2.1</wp:comment_author_IP>\
         <wp:comment_date>2017-11-06 10:0{}:00</wp:comment_date><wp:comment_date_gmt>2017-11-06 09:0{}:00</wp:comment_date_gmt>\
         <wp:comment_content><![CDATA[{text}]]></wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved>\
         <wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>",
        id % 10,
        id % 10
    )
}

const BODY: &str = "Premier paragraphe\nligne deux\n\n\
[caption id=\"attachment_10\" width=\"300\"]<img src=\"https://club.example.org/wp-content/uploads/2017/11/photo-300x200.jpg\" alt=\"Atelier\" width=\"300\" height=\"200\" /> Les filles codent[/caption]\n\n\
[gallery ids=\"10,11\"]\n\n\
https://www.youtube.com/watch?v=abcDEF12345\n\n\
[embed]https://vimeo.com/123456[/embed]\n\n\
[video src=\"https://club.example.org/wp-content/uploads/2017/11/film.mp4\"]\n\n\
[audio mp3=\"https://club.example.org/wp-content/uploads/2017/11/son.mp3\"][/audio]\n\n\
[contact-form-7 id=\"1\"]\n\n\
Voir <a href=\"https://club.example.org/?p=21\">l'autre article</a> et <a href=\"https://www.club.example.org/qui-sommes-nous/equipe/\">l'équipe</a>.<script>alert(1)</script><p onclick=\"x()\" style=\"color:red\">Fin</p>";

/// A small export that holds every case the importer handles.
fn handmade(title_of_20: &str) -> String {
    let mut x = HEAD.to_string();
    x += &item(
        10,
        "attachment",
        "inherit",
        "photo",
        20,
        "https://club.example.org/2017/11/atelier-code/photo/",
        "2017-11-05 09:00:00",
        "2017-11-05 10:00:00",
        "photo",
        "",
        "<wp:attachment_url>https://club.example.org/wp-content/uploads/2017/11/photo.jpg</wp:attachment_url>\
         <wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value><![CDATA[2017/11/photo.jpg]]></wp:meta_value></wp:postmeta>\
         <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[Atelier]]></wp:meta_value></wp:postmeta>",
    );
    x += &item(
        11,
        "attachment",
        "inherit",
        "absent",
        20,
        "https://club.example.org/?attachment_id=11",
        "2017-11-05 09:00:00",
        "2017-11-05 10:00:00",
        "absent",
        "",
        "<wp:attachment_url>https://club.example.org/wp-content/uploads/2017/11/absent.jpg</wp:attachment_url>",
    );
    let mut extra20 = String::from(
        "<category domain=\"category\" nicename=\"ateliers\"><![CDATA[Ateliers]]></category>\
         <category domain=\"post_tag\" nicename=\"numerique\"><![CDATA[Numérique]]></category>\
         <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[10]]></wp:meta_value></wp:postmeta>",
    );
    // The reply comes before its parent in the file; 105 answers 101; 104 is in the trash.
    extra20 += &comment(101, 100, "1", "Réponse");
    extra20 += &comment(100, 0, "1", "Bravo !<br />Deuxième ligne");
    extra20 += &comment(102, 0, "0", "En attente");
    extra20 += &comment(103, 0, "spam", "Achetez");
    extra20 += &comment(104, 0, "trash", "Jeté");
    extra20 += &comment(105, 101, "1", "Réponse à la réponse");
    x += &item(
        20,
        "post",
        "publish",
        "atelier-code",
        0,
        "https://club.example.org/2017/11/atelier-code/",
        "2017-11-05 10:00:00",
        "2017-11-05 11:00:00",
        title_of_20,
        BODY,
        &extra20,
    )
    .replace("<wp:is_sticky>0</wp:is_sticky>", "<wp:is_sticky>1</wp:is_sticky>")
    .replace("<excerpt:encoded><![CDATA[]]>", "<excerpt:encoded><![CDATA[Résumé]]>");
    // Gutenberg content; no GMT date: the local date is read in the site's time zone (Paris).
    x += &item(
        21,
        "post",
        "publish",
        "bloc",
        0,
        "https://club.example.org/2018/03/bloc/",
        "0000-00-00 00:00:00",
        "2018-03-01 12:00:00",
        "Bloc",
        "<!-- wp:paragraph -->\n<p>Texte <strong>gras</strong></p>\n<!-- /wp:paragraph -->\n\n<!-- wp:table --><figure class=\"wp-block-table\"><table><tbody><tr><td>a</td></tr></tbody></table></figure><!-- /wp:table -->",
        "",
    );
    x += &item(
        22,
        "post",
        "draft",
        "",
        0,
        "https://club.example.org/?p=22",
        "0000-00-00 00:00:00",
        "2018-04-01 12:00:00",
        "Brouillon",
        "Pas fini",
        "",
    );
    x += &item(
        23,
        "post",
        "pending",
        "en-attente",
        0,
        "https://club.example.org/?p=23",
        "0000-00-00 00:00:00",
        "2018-04-01 12:00:00",
        "En attente",
        "x",
        "",
    );
    x += &item(
        24,
        "post",
        "private",
        "prive",
        0,
        "https://club.example.org/2018/04/prive/",
        "2018-04-01 10:00:00",
        "2018-04-01 12:00:00",
        "Privé",
        "x",
        "",
    );
    x += &item(
        25,
        "post",
        "future",
        "futur",
        0,
        "https://club.example.org/2099/01/futur/",
        "2099-01-01 00:00:00",
        "2099-01-01 01:00:00",
        "Futur",
        "x",
        "",
    );
    x += &item(
        26,
        "post",
        "publish",
        "secret",
        0,
        "https://club.example.org/2018/04/secret/",
        "2018-04-01 10:00:00",
        "2018-04-01 12:00:00",
        "Secret",
        "x",
        "",
    )
    .replace("<wp:post_password></wp:post_password>", "<wp:post_password>motdepasse</wp:post_password>");
    x += &item(
        27,
        "post",
        "trash",
        "jete",
        0,
        "https://club.example.org/2018/04/jete/",
        "2018-04-01 10:00:00",
        "2018-04-01 12:00:00",
        "Jeté",
        "x",
        "",
    );
    x += &item(
        30,
        "page",
        "publish",
        "qui-sommes-nous",
        0,
        "https://club.example.org/qui-sommes-nous/",
        "2017-01-01 10:00:00",
        "2017-01-01 11:00:00",
        "Qui sommes-nous",
        "Le club.",
        "",
    );
    x += &item(
        31,
        "page",
        "publish",
        "equipe",
        30,
        "https://club.example.org/qui-sommes-nous/equipe/",
        "2017-01-01 10:00:00",
        "2017-01-01 11:00:00",
        "Équipe",
        "Nous.",
        "",
    );
    x += &item(
        40,
        "nav_menu_item",
        "publish",
        "menu",
        0,
        "https://club.example.org/?p=40",
        "2017-01-01 10:00:00",
        "2017-01-01 11:00:00",
        "Menu",
        "",
        "",
    );
    x += "</channel>\n</rss>\n";
    x
}

/// A media folder (a copy of wp-content/uploads) with one real picture.
fn media_dir(dir: &Path) -> PathBuf {
    let root = dir.join("uploads");
    std::fs::create_dir_all(root.join("2017/11")).unwrap();
    let img =
        image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(1200, 800, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])));
    img.save(root.join("2017/11/photo.jpg")).unwrap();
    root
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

async fn id_of(app: &TestApp, slug: &str) -> i64 {
    count(app, &format!("SELECT id FROM posts WHERE slug = '{slug}'")).await
}

#[tokio::test]
async fn every_case_of_a_handmade_export() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "export.xml", handmade("Atelier code").as_bytes());
    let opts = Options { media_dir: Some(media_dir(dir.path())), ..Default::default() };
    let s = import(&app, &file, &opts).await.unwrap();
    let text = s.to_text();
    // Posts 20–26 come over (27 is in the trash); pages 30 and 31; the menu item is left out.
    assert_eq!((s.posts.created, s.posts.skipped, s.pages.created), (7, 1, 2), "{text}");
    assert_eq!(s.other_types.get("nav_menu_item"), Some(&1));
    assert_eq!((s.media.created, s.media.skipped), (1, 1));
    assert_eq!(s.comments_by_status.get("approved"), Some(&3));
    assert_eq!(s.comments_by_status.get("pending"), Some(&1));
    assert_eq!(s.comments_by_status.get("spam"), Some(&1));
    assert_eq!(s.comments.skipped, 1);
    for w in ["author \"ghost\" has no e-mail", "unknown shortcode [contact-form-7]", "2017/11/absent.jpg", "password-protected"] {
        assert!(s.warnings.iter().any(|x| x.contains(w)), "no warning about {w}: {text}");
    }
    // Authors are people without passwords nor roles.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM users WHERE password_hash IS NULL AND email IN ('awa@club.example.org', 'ghost@wordpress.invalid')"
        )
        .await,
        2
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.password_hash IS NULL").await, 0);
    // Categories keep their hierarchy; tags come over.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM categories c JOIN categories p ON p.id = c.parent_id WHERE c.slug = 'ateliers' AND p.slug = 'actions'"
        )
        .await,
        1
    );
    let atelier = id_of(&app, "atelier-code").await;
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = {atelier} AND t.slug = 'numerique'"
            )
        )
        .await,
        1
    );
    // Dates (GMT, or local time in Paris), sticky, excerpt, featured image.
    assert_eq!(count(&app, &format!("SELECT published_at FROM posts WHERE id = {atelier}")).await, 1509876000);
    assert_eq!(count(&app, "SELECT published_at FROM posts WHERE slug = 'bloc'").await, 1519902000);
    assert_eq!(count(&app, &format!("SELECT featured FROM posts WHERE id = {atelier}")).await, 1);
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM posts p JOIN media m ON m.id = p.image_id WHERE p.id = {atelier} AND p.excerpt = 'Résumé'")
        )
        .await,
        1
    );
    // Statuses: nothing that was not public becomes public; the scheduled post stays scheduled.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM posts WHERE status = 'draft' AND slug IN ('brouillon', 'en-attente', 'prive', 'secret')").await,
        4
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM posts WHERE status = 'published' AND slug = 'futur' AND published_at = 4070908800").await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE slug = 'jete'").await, 0);
    // Pages keep their hierarchy.
    let parent = id_of(&app, "qui-sommes-nous").await;
    assert_eq!(count(&app, "SELECT parent_id FROM posts WHERE slug = 'equipe'").await, parent);
    // The picture is in the media library with its variants.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM media_files").await, 3);

    // Content: paragraphs, caption, gallery, videos, links to the new addresses, sanitised.
    let (status, body) = app.get_text("/actualites/atelier-code").await;
    assert_eq!(status, 200);
    let key: String = sqlx::query_scalar("SELECT key FROM media").fetch_one(app.state.db.pool()).await.unwrap();
    for part in [
        "<p>Premier paragraphe<br>\nligne deux</p>".to_string(),
        format!("src=\"/media/{key}\""),
        "<figcaption>Les filles codent</figcaption>".to_string(),
        "https://club.example.org/wp-content/uploads/2017/11/absent.jpg".to_string(),
        "data-embed=\"https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1\"".to_string(),
        "data-embed=\"https://player.vimeo.com/video/123456?autoplay=1\"".to_string(),
        "href=\"https://club.example.org/wp-content/uploads/2017/11/film.mp4\"".to_string(),
        "href=\"https://club.example.org/wp-content/uploads/2017/11/son.mp3\"".to_string(),
        "[contact-form-7 id=\"1\"]".to_string(),
        "href=\"/actualites/bloc\"".to_string(),
        "href=\"/equipe\"".to_string(),
    ] {
        assert!(body.contains(&part), "missing {part}");
    }
    assert!(!body.contains("alert(1)") && !body.contains("onclick") && !body.contains("color:red"));
    let (_, bloc) = app.get_text("/actualites/bloc").await;
    assert!(bloc.contains("<table>") && bloc.contains("<strong>gras</strong>") && !bloc.contains("wp:"));
    // Comments: threads kept, whatever the order in the file; pending and spam not shown.
    let c100: i64 = count(&app, "SELECT id FROM comments WHERE body LIKE 'Bravo%'").await;
    let c101: i64 = count(&app, "SELECT id FROM comments WHERE body = 'Réponse'").await;
    assert_eq!(count(&app, "SELECT parent_id FROM comments WHERE body = 'Réponse'").await, c100);
    assert_eq!(count(&app, "SELECT parent_id FROM comments WHERE body = 'Réponse à la réponse'").await, c101);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments WHERE body = 'Bravo !\n\nDeuxième ligne' OR body LIKE 'Bravo%ligne'").await, 1);
    assert!(body.contains("Réponse à la réponse") && !body.contains("En attente") && !body.contains("Achetez"));

    // Old addresses answer 301 to their new home, on whatever host (the test client uses 127.0.0.1).
    let media_url = format!("/media/{key}");
    for (old, new, end) in [
        ("/2017/11/atelier-code/", "/actualites/atelier-code", 200),
        ("/?p=20", "/actualites/atelier-code", 200),
        ("/index.php?p=21", "/actualites/bloc", 200),
        ("/?page_id=31", "/equipe", 200),
        ("/qui-sommes-nous/equipe/", "/equipe", 200),
        ("/qui-sommes-nous/", "/qui-sommes-nous", 200),
        ("/category/actions/ateliers/", "/actualites/categorie/ateliers", 200),
        ("/category/ateliers/", "/actualites/categorie/ateliers", 200),
        ("/?cat=4", "/actualites/categorie/ateliers", 200),
        ("/category/ateliers/feed/", "/actualites/categorie/ateliers/flux.atom", 200),
        ("/tag/numerique/", "/actualites/etiquette/numerique", 200),
        ("/feed/", "/actualites/flux.atom", 200),
        ("/2017/11/", "/actualites/2017/11", 200),
        ("/2017/11/atelier-code/photo/", media_url.as_str(), 200),
        ("/?attachment_id=10", media_url.as_str(), 200),
        ("/wp-content/uploads/2017/11/photo-300x200.jpg", media_url.as_str(), 200),
        // The missing picture's page goes to the post it was attached to.
        ("/?attachment_id=11", "/actualites/atelier-code", 200),
        // Drafts and private posts were deliberately not published: their new page is a 404.
        ("/?p=22", "/actualites/brouillon", 404),
        ("/2018/04/prive/", "/actualites/prive", 404),
        // Scheduled: not public yet.
        ("/2099/01/futur/", "/actualites/futur", 404),
    ] {
        let (first, loc, status) = follow(&app, old).await;
        assert_eq!((first, loc.as_str(), status), (301, new, end), "{old}");
    }
    // Archive pages: page 2 of the old home is page 2 of the news (a 404 here: 3 posts).
    assert_eq!(follow(&app, "/page/2/").await.1, "/actualites?page=2");
    // Normal pages are not touched; unknown addresses stay 404.
    assert_eq!(app.get("/actualites/atelier-code").await.status().as_u16(), 200);
    assert_eq!(app.get("/2016/01/nothing").await.status().as_u16(), 404);
    // The report is stored.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM import_reports").await, 1);
}

#[tokio::test]
async fn importing_again_changes_nothing_and_a_newer_export_updates() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "export.xml", handmade("Atelier code").as_bytes());
    let opts = Options { media_dir: Some(media_dir(dir.path())), ..Default::default() };
    import(&app, &file, &opts).await.unwrap();
    let before = snapshot(&app).await;
    let updated_at = count(&app, "SELECT updated_at FROM posts WHERE slug = 'atelier-code'").await;
    let again = import(&app, &file, &opts).await.unwrap();
    assert_eq!((again.created(), again.updated()), (0, 0), "{}", again.to_text());
    assert_eq!(again.posts.unchanged, 7);
    let mut after = snapshot(&app).await;
    // Only a second report was added.
    assert_eq!(after[8], before[8] + 1);
    after[8] = before[8];
    assert_eq!(after, before);
    assert_eq!(count(&app, "SELECT updated_at FROM posts WHERE slug = 'atelier-code'").await, updated_at);

    let newer = write(dir.path(), "newer.xml", handmade("Atelier code, deuxième édition").as_bytes());
    let s = import(&app, &newer, &opts).await.unwrap();
    assert_eq!((s.posts.created, s.posts.updated, s.posts.unchanged), (0, 1, 6), "{}", s.to_text());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE kind = 'post'").await, 7);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE slug = 'atelier-code' AND title = 'Atelier code, deuxième édition'").await, 1);
}

#[tokio::test]
async fn a_dry_run_writes_nothing() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "export.xml", handmade("Atelier code").as_bytes());
    let before = snapshot(&app).await;
    let s = import(&app, &file, &Options { dry_run: true, ..Default::default() }).await.unwrap();
    assert!(s.dry_run);
    assert_eq!(s.posts.created, 7);
    assert!(s.redirects > 10);
    assert_eq!(snapshot(&app).await, before);
    assert_eq!(app.get("/?p=20").await.status().as_u16(), 200, "the home page, no redirect");
}

#[tokio::test]
async fn a_broken_file_names_its_line_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let good = handmade("Atelier code");
    let file = write(dir.path(), "export.xml", good.as_bytes());
    import(&app, &file, &Options::default()).await.unwrap();
    let before = snapshot(&app).await;

    // Truncated in the middle of an item: the last line (no newline at the end).
    let lines: Vec<&str> = good.lines().collect();
    let cut = lines.iter().position(|l| l.contains("<wp:post_id>21<")).unwrap() + 1;
    let truncated = lines[..cut].join("\n");
    // Latin-1 bytes in a file that says UTF-8, in the title of post 21.
    let mut latin1 = good.replace("<title>Bloc</title>", "<title>Caf__E9__</title>").into_bytes();
    let at = latin1.windows(7).position(|w| w == b"__E9__<").unwrap();
    latin1.splice(at..at + 6, [0xE9u8]);
    let title_line = lines.iter().position(|l| l.contains("<title>Bloc</title>")).unwrap() as u64 + 1;
    // UTF-16 with its byte-order mark.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(good.encode_utf16().flat_map(u16::to_le_bytes));
    let cases: Vec<(&str, Vec<u8>, u64, &str)> = vec![
        ("truncated.xml", truncated.clone().into_bytes(), cut as u64, "truncated"),
        ("notxml.xml", b"{\n  \"posts\": []\n}\n".to_vec(), 1, "not XML"),
        ("latin1.xml", latin1, title_line, "not UTF-8"),
        ("utf16.xml", utf16, 1, "UTF-16"),
        ("html.xml", b"<?xml version=\"1.0\"?>\n<html>\n<body><p>Bonjour</p></body>\n</html>\n".to_vec(), 2, "not a WordPress export"),
        ("rss.xml", b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel><title>Flux</title>\n<item><title>x</title></item>\n</channel>\n</rss>\n".to_vec(), 4, "not a WordPress export"),
        ("mismatch.xml", good.replacen("</title>", "</titel>", 1).into_bytes(), 4, "not well-formed"),
    ];
    for (name, bytes, line, words) in cases {
        let path = write(dir.path(), name, &bytes);
        match import(&app, &path, &Options::default()).await {
            Err(ImportError::File(e)) => {
                assert_eq!(e.line, line, "{name}: {e}");
                assert!(e.to_string().starts_with(&format!("line {line}: ")), "{name}: {e}");
                assert!(e.message.contains(words), "{name}: {e}");
            }
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(snapshot(&app).await, before, "{name} changed the database");
    }
}

#[tokio::test]
async fn the_command_line_imports_and_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::fresh_database(dir.path()).await;
    let file = write(dir.path(), "export.xml", handmade("Atelier code").as_bytes());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_essaim"))
            .args(args)
            .env("ESSAIM_DATABASE_URL", &db)
            .env("ESSAIM_DATA_DIR", dir.path())
            .env("ESSAIM_DEMO", "false")
            .output()
            .unwrap()
    };
    let help = run(&["import", "wordpress", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--dry-run") && help.contains("--media") && help.contains("--club"), "{help}");
    let out = run(&["import", "wordpress", file.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Dry run"));
    let out = run(&["import", "wordpress", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("posts") && stdout.contains("warning"), "{stdout}");
    let bad = write(dir.path(), "bad.xml", b"<?xml version=\"1.0\"?>\n<html/>\n");
    let out = run(&["import", "wordpress", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2: this is XML but not a WordPress export"));
    let out = run(&["import", "wordpress", file.to_str().unwrap(), "--club", "nope"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--club"));
}
