//! WordPress import: `essaim import wordpress EXPORT.xml` carries a WordPress site's authors,
//! categories, tags, media, posts, pages and comments over, and every old address keeps
//! working through the `redirects` table, consulted only when a request would be a 404 (and
//! for WordPress's `/?p=123` links, which would otherwise land on the home page).
//!
//! How: two streaming passes over the file. The first reads it whole without writing (it is
//! where a broken file stops the import) and keeps only small facts per item (id, type,
//! slug, parent, link). The second writes everything in one database transaction, so an
//! import is all or nothing; `--dry-run` runs the same transaction and rolls it back.

mod admin;
pub mod content;
pub mod model;
mod store;
pub mod wxr;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::core::auth::{self, sha256_hex};
use crate::core::db::{Db, Tx};
use crate::core::i18n::{Locale, Tr};
use crate::core::markup::{self, slugify};
use crate::core::media;
use crate::core::values::Email;
use crate::core::web::AppState;
use crate::modules::network;
use crate::modules::news::{self, Kind, PostInput};
use content::{Attachment, Links};
pub use model::{Options, Outcome, Summary, Tally};
pub use wxr::WxrError;
use wxr::{Author, Category, Channel, Item, Record, Tag, WxrReader};

/// Why an import stopped. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not a readable WordPress export (names the line).
    #[error("{0}")]
    File(#[from] WxrError),
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// Called now and then with the phase, the bytes read and the file's size.
pub type Progress<'a> = &'a (dyn Fn(&str, u64, u64) + Send + Sync);

/// Page slugs that the site's own routes already answer.
const RESERVED_PAGE_SLUGS: [&str; 12] = [
    "actualites",
    "recherche",
    "plan-du-site",
    "sitemap-xml",
    "robots-txt",
    "healthz",
    "media",
    "static",
    "admin",
    "clubs",
    "partenaires",
    "langue",
];

/// What the first pass keeps of an item.
struct ItemInfo {
    wp_id: i64,
    post_type: String,
    status: String,
    post_name: String,
    title: String,
    parent: i64,
    link: String,
    attachment_url: String,
    attached_file: String,
    alt: String,
    published_at: Option<i64>,
}

/// What the first pass learnt about the whole file.
struct Scan {
    channel: Channel,
    authors: Vec<Author>,
    categories: Vec<Category>,
    tags: Vec<Tag>,
    items: Vec<ItemInfo>,
}

/// Where a post or page goes.
struct Planned {
    kind: Kind,
    slug: String,
    existing: Option<i64>,
}

impl Planned {
    fn url(&self) -> String {
        match self.kind {
            Kind::Page => format!("/{}", self.slug),
            Kind::Post => format!("/actualites/{}", self.slug),
        }
    }
}

/// Everything the second pass needs.
struct Context {
    source: String,
    club_id: Option<i64>,
    tz: jiff::tz::TimeZone,
    now: i64,
    mappings: HashMap<(String, i64), (i64, String)>,
    users: HashMap<String, i64>,
    categories: HashMap<String, i64>,
    tag_names: HashMap<String, String>,
    media_ids: HashMap<i64, i64>,
    media_urls: HashMap<String, String>,
    attachments: HashMap<i64, Attachment>,
    paths: HashMap<String, String>,
    plan: HashMap<i64, Planned>,
    comments: HashMap<i64, i64>,
    parents: Vec<(i64, i64)>,
    hosts: Vec<String>,
    base_url: String,
}

impl Context {
    fn mapping(&self, wp_type: &str, wp_id: i64) -> Option<&(i64, String)> {
        self.mappings.get(&(wp_type.to_string(), wp_id))
    }
}

/// The site an import writes into: its database, time zone and clock.
pub struct Site<'a> {
    pub db: &'a Db,
    pub tr: Tr,
    pub now: i64,
}

impl<'a> Site<'a> {
    /// The running application's site.
    pub fn of(state: &'a AppState) -> Site<'a> {
        Site { db: &state.db, tr: state.tr(Locale::Fr), now: state.now() }
    }
}

/// Import a WordPress export (WXR) into the site. See the module's comment.
pub async fn import(site: &Site<'_>, path: &Path, opts: &Options, progress: Progress<'_>) -> Result<Summary, ImportError> {
    let started = Instant::now();
    let scan = scan(path, progress)?;
    let channel = &scan.channel;
    // wordpress.com exports all share base_site_url "https://wordpress.com/": use the blog's.
    let source = if channel.base_site_url.is_empty() || content::host_of(&channel.base_site_url).as_deref() == Some("wordpress.com") {
        if channel.base_blog_url.is_empty() { channel.link.clone() } else { channel.base_blog_url.clone() }
    } else {
        channel.base_site_url.clone()
    };
    let source = source.trim_end_matches('/').to_string();
    let db = site.db;
    let club = match &opts.club {
        Some(slug) => Some(
            network::get_club_by_slug(db, slug)
                .await?
                .ok_or_else(|| ImportError::Invalid(format!("--club: no club has the slug \"{slug}\"")))?,
        ),
        None => {
            let clubs = network::list_clubs(db).await?;
            match clubs.iter().find(|c| c.national) {
                Some(c) => Some(c.clone()),
                None if clubs.len() == 1 => clubs.into_iter().next(),
                None => None,
            }
        }
    };
    let mut summary = Summary {
        source: source.clone(),
        file: path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
        dry_run: opts.dry_run,
        club: club.as_ref().map(|c| c.slug.clone()),
        ..Default::default()
    };
    let mut hosts: Vec<String> = [&channel.link, &channel.base_blog_url, &channel.base_site_url]
        .iter()
        .filter_map(|u| content::host_of(u))
        .filter(|h| h != "wordpress.com")
        .collect();
    hosts.sort();
    hosts.dedup();
    let base_url = if channel.base_blog_url.is_empty() { channel.link.clone() } else { channel.base_blog_url.clone() };
    let mut tx = db.begin().await?;
    let mappings = store::load_mappings(&mut tx, &source).await?.into_iter().map(|(t, wp, id, fp)| ((t, wp), (id, fp))).collect();
    let mut cx = Context {
        source,
        club_id: club.as_ref().map(|c| c.id),
        tz: site.tr.tz().clone(),
        now: site.now,
        mappings,
        users: HashMap::new(),
        categories: HashMap::new(),
        tag_names: HashMap::new(),
        media_ids: HashMap::new(),
        media_urls: HashMap::new(),
        attachments: HashMap::new(),
        paths: HashMap::new(),
        plan: HashMap::new(),
        comments: HashMap::new(),
        parents: vec![],
        hosts,
        base_url,
    };
    import_authors(&mut tx, &mut cx, &scan.authors, &mut summary).await?;
    let prefix = blog_prefix(&cx.base_url);
    import_terms(&mut tx, &mut cx, &scan, &prefix, &mut summary).await?;
    import_media(&mut tx, &mut cx, &scan.items, opts, &mut summary, progress).await?;
    plan_posts(&mut tx, &mut cx, &scan.items).await?;
    write_items(&mut tx, &mut cx, &site.tr, path, &mut summary, progress).await?;
    for (id, parent_wp) in std::mem::take(&mut cx.parents) {
        let parent = cx.plan.get(&parent_wp).and_then(|p| p.existing);
        news::set_post_parent_tx(&mut tx, id, parent).await?;
    }
    summary.redirects = save_redirects(&mut tx, &cx, &scan, &prefix).await?;
    summary.seconds = (started.elapsed().as_secs_f64() * 10.0).round() / 10.0;
    if opts.dry_run {
        tx.rollback().await?;
    } else {
        let json = serde_json::to_string(&summary).map_err(|e| ImportError::Invalid(e.to_string()))?;
        summary.report_id = Some(store::save_report(&mut tx, "wordpress", &cx.source, &summary.file, &json, cx.now).await?);
        tx.commit().await?;
    }
    progress("done", 1, 1);
    Ok(summary)
}

/// The first pass: read the whole file (this is where a broken file stops), keep small facts.
fn scan(path: &Path, progress: Progress<'_>) -> Result<Scan, WxrError> {
    let mut r = WxrReader::open(path)?;
    let mut scan = Scan { channel: Channel::default(), authors: vec![], categories: vec![], tags: vec![], items: vec![] };
    let mut declared_cats: HashSet<String> = HashSet::new();
    let mut declared_tags: HashSet<String> = HashSet::new();
    let utc = jiff::tz::TimeZone::UTC;
    let mut n = 0u64;
    while let Some(rec) = r.next_record()? {
        match rec {
            Record::Author(a) => scan.authors.push(a),
            Record::Category(c) => {
                declared_cats.insert(c.nicename.clone());
                scan.categories.push(c);
            }
            Record::Tag(t) => {
                declared_tags.insert(t.slug.clone());
                scan.tags.push(t);
            }
            Record::Item(item) => {
                for (domain, nicename, name) in &item.terms {
                    if domain == "category" && declared_cats.insert(nicename.clone()) {
                        scan.categories.push(Category { nicename: nicename.clone(), name: name.clone(), ..Default::default() });
                    } else if domain == "post_tag" && declared_tags.insert(nicename.clone()) {
                        scan.tags.push(Tag { slug: nicename.clone(), name: name.clone(), ..Default::default() });
                    }
                }
                let published_at = (item.status == "publish" && item.post_password.is_empty())
                    .then(|| model::parse_date(&item.post_date_gmt, &item.post_date, &utc))
                    .flatten();
                scan.items.push(ItemInfo {
                    wp_id: item.post_id,
                    status: item.status.clone(),
                    post_name: item.post_name.clone(),
                    title: if item.post_type == "attachment" || item.post_name.is_empty() { item.title.clone() } else { String::new() },
                    parent: item.post_parent,
                    link: item.link.clone(),
                    attachment_url: item.attachment_url.clone(),
                    attached_file: item.meta("_wp_attached_file").unwrap_or("").to_string(),
                    alt: item.meta("_wp_attachment_image_alt").unwrap_or("").to_string(),
                    published_at,
                    post_type: item.post_type,
                });
                n += 1;
                if n.is_multiple_of(500) {
                    let (done, total) = r.progress();
                    progress("reading", done, total);
                }
            }
        }
    }
    scan.channel = r.channel().clone();
    Ok(scan)
}

/// The path the blog lives under on its host ("" at the root).
fn blog_prefix(base_url: &str) -> String {
    let (p, _) = content::split_url(base_url);
    let p = model::normalize_path(&p);
    if p == "/" { String::new() } else { p }
}

fn fingerprint(parts: &[&str]) -> String {
    sha256_hex(&parts.join("\u{1f}"))
}

async fn import_authors(tx: &mut Tx, cx: &mut Context, authors: &[Author], summary: &mut Summary) -> Result<(), ImportError> {
    for a in authors {
        let name = if a.display_name.is_empty() { a.login.clone() } else { a.display_name.clone() };
        let email = if Email::parse(&a.email).is_ok() {
            a.email.clone()
        } else {
            let login = slugify(&a.login);
            summary.warn(format!("author \"{}\" has no e-mail address: kept as {login}@wordpress.invalid", a.login));
            format!("{login}@wordpress.invalid")
        };
        let (id, created) = auth::upsert_person_tx(tx, &email, &name, cx.now).await?;
        summary.authors.add(if created { Outcome::Created } else { Outcome::Unchanged });
        cx.users.insert(a.login.clone(), id);
    }
    Ok(())
}

async fn import_terms(tx: &mut Tx, cx: &mut Context, scan: &Scan, prefix: &str, summary: &mut Summary) -> Result<(), ImportError> {
    let parents: HashMap<&str, &str> = scan.categories.iter().map(|c| (c.nicename.as_str(), c.parent.as_str())).collect();
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for c in &scan.categories {
        let slug = model::slug_for(&c.nicename, &c.name, "categorie", c.term_id);
        let fp = fingerprint(&[&slug, &c.name, &c.description, &c.parent]);
        let mapped = cx.mapping("category", c.term_id).cloned().filter(|_| c.term_id > 0);
        let id = match &mapped {
            Some((id, old)) if *old == fp => {
                summary.categories.add(Outcome::Unchanged);
                *id
            }
            _ => {
                let id = news::upsert_category_tx(tx, &slug, &c.name, &c.description, None).await?;
                summary.categories.add(if mapped.is_some() { Outcome::Updated } else { Outcome::Created });
                if c.term_id > 0 {
                    store::save_mapping(tx, &cx.source, "category", c.term_id, id, &fp).await?;
                }
                id
            }
        };
        cx.categories.insert(c.nicename.clone(), id);
        slugs.insert(c.nicename.as_str(), slug.clone());
        let target = format!("/actualites/categorie/{slug}");
        // /category/parent/child/ and /category/child/ both reach a child category.
        let mut chain = vec![c.nicename.as_str()];
        let mut cur = c.parent.as_str();
        while !cur.is_empty() && chain.len() < 20 {
            chain.push(cur);
            cur = parents.get(cur).copied().unwrap_or("");
        }
        chain.reverse();
        cx.paths.insert(model::normalize_path(&format!("{prefix}/category/{}", chain.join("/"))), target.clone());
        cx.paths.insert(model::normalize_path(&format!("{prefix}/category/{}", c.nicename)), target.clone());
        if c.term_id > 0 {
            cx.paths.insert(model::query_key("cat", &c.term_id.to_string()), target);
        }
    }
    for c in &scan.categories {
        if let (Some(&id), false) = (cx.categories.get(&c.nicename), c.parent.is_empty()) {
            match cx.categories.get(&c.parent) {
                Some(&parent) => news::set_category_parent_tx(tx, id, Some(parent)).await?,
                None => summary.warn(format!("category \"{}\": its parent \"{}\" is not in the file", c.name, c.parent)),
            }
        }
    }
    for t in &scan.tags {
        let name = t.name.trim();
        let slug = slugify(name);
        if slug.is_empty() {
            summary.tags.add(Outcome::Skipped);
            summary.warn(format!("tag \"{name}\" has no usable name: skipped"));
            continue;
        }
        let fp = fingerprint(&[&slug, name]);
        let mapped = cx.mapping("tag", t.term_id).cloned().filter(|_| t.term_id > 0);
        match &mapped {
            Some((_, old)) if *old == fp => summary.tags.add(Outcome::Unchanged),
            _ => {
                let id = news::upsert_tag_tx(tx, &slug, name).await?;
                summary.tags.add(if mapped.is_some() { Outcome::Updated } else { Outcome::Created });
                if t.term_id > 0 {
                    store::save_mapping(tx, &cx.source, "tag", t.term_id, id, &fp).await?;
                }
            }
        }
        cx.tag_names.insert(t.slug.clone(), name.to_string());
        let target = format!("/actualites/etiquette/{slug}");
        cx.paths.insert(model::normalize_path(&format!("{prefix}/tag/{}", t.slug)), target.clone());
        cx.paths.insert(model::query_key("tag", &t.slug), target);
    }
    Ok(())
}

fn is_image_path(p: &str) -> bool {
    let p = p.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp"].iter().any(|e| p.ends_with(e))
}

async fn import_media(
    tx: &mut Tx,
    cx: &mut Context,
    items: &[ItemInfo],
    opts: &Options,
    summary: &mut Summary,
    progress: Progress<'_>,
) -> Result<(), ImportError> {
    let total = items.iter().filter(|i| i.post_type == "attachment").count() as u64;
    let mut done = 0;
    for item in items.iter().filter(|i| i.post_type == "attachment") {
        done += 1;
        progress("media", done, total);
        let rel = if item.attached_file.is_empty() {
            content::upload_path(&item.attachment_url).unwrap_or_default()
        } else {
            item.attached_file.clone()
        };
        let mut att = Attachment {
            url: item.attachment_url.clone(),
            title: item.title.clone(),
            alt: item.alt.clone(),
            parent: item.parent,
            is_image: is_image_path(&rel),
        };
        // Only files inside --media: an export cannot point the import at /etc or at "../".
        let inside = !rel.is_empty() && std::path::Path::new(&rel).components().all(|c| matches!(c, std::path::Component::Normal(_)));
        let file = opts.media_dir.as_ref().filter(|_| inside).map(|d| d.join(&rel)).filter(|f| f.is_file());
        match file {
            None => {
                summary.media.add(Outcome::Skipped);
                summary.warn(format!(
                    "media {} ({}): file not found{}; original address kept",
                    item.wp_id,
                    if rel.is_empty() { &item.attachment_url } else { &rel },
                    if opts.media_dir.is_some() { " under --media" } else { " (no --media folder given)" }
                ));
            }
            Some(file) => {
                let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
                let fp = fingerprint(&[&rel, &size.to_string(), &item.alt]);
                let mapped = cx.mapping("attachment", item.wp_id).cloned();
                let existing = match &mapped {
                    Some((id, old)) if *old == fp => media::get_tx(tx, *id).await?,
                    _ => None,
                };
                let stored = match existing {
                    Some(m) => {
                        summary.media.add(Outcome::Unchanged);
                        Some(m)
                    }
                    None => {
                        let bytes =
                            std::fs::read(&file).map_err(|e| ImportError::Invalid(format!("cannot read {}: {e}", file.display())))?;
                        let prepared = tokio::task::spawn_blocking(move || media::prepare(&bytes))
                            .await
                            .map_err(|e| ImportError::Invalid(e.to_string()))?;
                        match prepared {
                            Ok(p) => {
                                let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
                                let m = media::store_tx(tx, p, &name, &item.alt, cx.club_id, None, cx.now).await?;
                                store::save_mapping(tx, &cx.source, "attachment", item.wp_id, m.id, &fp).await?;
                                summary.media.add(if mapped.is_some() { Outcome::Updated } else { Outcome::Created });
                                Some(m)
                            }
                            Err(e) => {
                                summary.media.add(Outcome::Skipped);
                                summary.warn(format!("media {} ({rel}): refused ({}); original address kept", item.wp_id, e.message_key()));
                                None
                            }
                        }
                    }
                };
                if let Some(m) = stored {
                    att.url = m.url();
                    cx.media_ids.insert(item.wp_id, m.id);
                    cx.media_urls.insert(rel.clone(), m.url());
                }
            }
        }
        cx.attachments.insert(item.wp_id, att);
    }
    Ok(())
}

/// Decide each post's and page's slug (keeping the slug of what an earlier import created)
/// and its new address, so that links between posts can be rewritten in one pass.
async fn plan_posts(tx: &mut Tx, cx: &mut Context, items: &[ItemInfo]) -> Result<(), ImportError> {
    let mut taken: HashSet<(Kind, String)> = HashSet::new();
    for item in items {
        let kind = match item.post_type.as_str() {
            "post" => Kind::Post,
            "page" => Kind::Page,
            _ => continue,
        };
        if item.status == "trash" {
            continue;
        }
        let mut existing = None;
        let mut slug = None;
        if let Some((id, _)) = cx.mapping(kind.as_str(), item.wp_id)
            && let Some((k, s)) = news::kind_and_slug_tx(tx, *id).await?
            && k == kind.as_str()
        {
            existing = Some(*id);
            slug = Some(s);
        }
        let slug = match slug {
            Some(s) => s,
            None => {
                let mut base = model::slug_for(&item.post_name, &item.title, kind.as_str(), item.wp_id);
                if kind == Kind::Page && RESERVED_PAGE_SLUGS.contains(&base.as_str()) {
                    base.push_str("-page");
                }
                let mut candidate = base.clone();
                let mut n = 2;
                while taken.contains(&(kind, candidate.clone())) || news::slug_taken_tx(tx, kind, &candidate, None).await? {
                    candidate = format!("{base}-{n}");
                    n += 1;
                }
                candidate
            }
        };
        taken.insert((kind, slug.clone()));
        let planned = Planned { kind, slug, existing };
        let url = planned.url();
        let (path, query) = content::split_url(&item.link);
        for key in model::lookup_keys(&path, query.as_deref()) {
            cx.paths.insert(key, url.clone());
        }
        cx.paths.insert(model::query_key("p", &item.wp_id.to_string()), url.clone());
        if kind == Kind::Page {
            cx.paths.insert(model::query_key("page_id", &item.wp_id.to_string()), url.clone());
        }
        cx.plan.insert(item.wp_id, planned);
    }
    Ok(())
}

/// A comment's HTML as the plain text paragraphs essaim keeps.
fn comment_text(html: &str) -> String {
    let s = html.replace("\r\n", "\n").replace("<br />", "\n").replace("<br/>", "\n").replace("<br>", "\n").replace("</p>", "\n\n");
    s.split("\n\n").map(markup::plain_text).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// The second pass: posts, pages and their comments, one item at a time.
async fn write_items(
    tx: &mut Tx,
    cx: &mut Context,
    tr: &Tr,
    path: &Path,
    summary: &mut Summary,
    progress: Progress<'_>,
) -> Result<(), ImportError> {
    let mut r = WxrReader::open(path)?;
    let mut n = 0u64;
    while let Some(rec) = r.next_record()? {
        let Record::Item(item) = rec else { continue };
        n += 1;
        if n.is_multiple_of(100) {
            let (done, total) = r.progress();
            progress("writing", done, total);
        }
        match item.post_type.as_str() {
            "post" | "page" => write_post(tx, cx, tr, &item, summary).await?,
            "attachment" => {}
            other => *summary.other_types.entry(other.to_string()).or_insert(0) += 1,
        }
    }
    Ok(())
}

async fn write_post(tx: &mut Tx, cx: &mut Context, tr: &Tr, item: &Item, summary: &mut Summary) -> Result<(), ImportError> {
    let is_page = item.post_type == "page";
    let tally = |s: &mut Summary, o: Outcome| if is_page { s.pages.add(o) } else { s.posts.add(o) };
    let label = format!("{} {} \"{}\"", item.post_type, item.post_id, item.title.trim());
    let Some(status) = model::post_status(&item.status, &item.post_password) else {
        tally(summary, Outcome::Skipped);
        return Ok(());
    };
    let Some(planned) = cx.plan.get(&item.post_id) else {
        tally(summary, Outcome::Skipped);
        return Ok(());
    };
    let (kind, slug, existing) = (planned.kind, planned.slug.clone(), planned.existing);
    if !item.post_password.is_empty() {
        summary.warn(format!("{label} is password-protected: imported as a draft"));
    }
    let mut notes = vec![];
    let links = Links { hosts: &cx.hosts, base_url: &cx.base_url, media: &cx.media_urls, paths: &cx.paths, attachments: &cx.attachments };
    let body = content::convert(&item.content, item.post_id, &links, &mut notes);
    for note in notes {
        summary.warn(format!("{label}: {note}"));
    }
    let published_at = model::parse_date(&item.post_date_gmt, &item.post_date, &cx.tz).or((status == "published").then_some(cx.now));
    let thumbnail: i64 = item.meta("_thumbnail_id").and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let image_id = if thumbnail > 0 {
        let id = cx.media_ids.get(&thumbnail).copied();
        if id.is_none() {
            summary.warn(format!("{label}: featured image (media {thumbnail}) not imported"));
        }
        id
    } else {
        None
    };
    let mut category_ids = vec![];
    let mut tag_names = vec![];
    for (domain, nicename, name) in &item.terms {
        match domain.as_str() {
            "category" => category_ids.extend(cx.categories.get(nicename).copied()),
            "post_tag" => tag_names.push(cx.tag_names.get(nicename).cloned().unwrap_or_else(|| name.clone())),
            _ => {}
        }
    }
    category_ids.sort_unstable();
    category_ids.dedup();
    let title =
        if item.title.trim().is_empty() { markup::truncate_words(&markup::plain_text(&body), 60) } else { item.title.trim().to_string() };
    let input = PostInput {
        kind: kind.as_str(),
        slug,
        title,
        body_format: "html".into(),
        body_source: body,
        excerpt: markup::plain_text(&item.excerpt),
        status: status.into(),
        published_at,
        club_id: cx.club_id,
        author_id: cx.users.get(&item.creator).copied(),
        image_id,
        parent_id: None,
        featured: item.is_sticky,
        comments_closed: item.comment_status == "closed",
        category_ids,
        tag_names,
        contact_ids: vec![],
    };
    let fp = fingerprint(&[
        &input.title,
        &input.body_source,
        &input.excerpt,
        &input.status,
        &format!(
            "{:?}|{:?}|{:?}|{}|{}|{:?}|{:?}",
            input.published_at, input.club_id, input.image_id, input.featured, input.comments_closed, input.category_ids, input.tag_names
        ),
        &item.post_parent.to_string(),
    ]);
    let wp_type = kind.as_str();
    let unchanged = existing.is_some() && cx.mapping(wp_type, item.post_id).is_some_and(|(_, old)| *old == fp);
    let id = match existing {
        Some(id) if unchanged => {
            tally(summary, Outcome::Unchanged);
            id
        }
        _ => {
            let id = news::save_post_tx(tx, tr, existing, &input, cx.now).await?;
            store::save_mapping(tx, &cx.source, wp_type, item.post_id, id, &fp).await?;
            tally(summary, if existing.is_some() { Outcome::Updated } else { Outcome::Created });
            if item.post_parent > 0 {
                cx.parents.push((id, item.post_parent));
            }
            id
        }
    };
    if let Some(p) = cx.plan.get_mut(&item.post_id) {
        p.existing = Some(id);
    }
    write_comments(tx, cx, id, item, summary).await
}

/// An item's comments, parents before replies (whatever their order in the file).
async fn write_comments(tx: &mut Tx, cx: &mut Context, post_id: i64, item: &Item, summary: &mut Summary) -> Result<(), ImportError> {
    let ids: HashSet<i64> = item.comments.iter().map(|c| c.id).collect();
    let mut pending: Vec<&wxr::Comment> = item.comments.iter().collect();
    let mut done: HashSet<i64> = HashSet::new();
    while !pending.is_empty() {
        let before = pending.len();
        let mut next = vec![];
        for c in pending {
            let parent_waits = c.parent > 0 && ids.contains(&c.parent) && !done.contains(&c.parent) && c.parent != c.id;
            if parent_waits && before > 0 {
                next.push(c);
                continue;
            }
            done.insert(c.id);
            write_comment(tx, cx, post_id, c, summary).await?;
        }
        if next.len() == before {
            // A cycle of parents: write the rest as top-level comments.
            for c in next {
                done.insert(c.id);
                write_comment(tx, cx, post_id, c, summary).await?;
            }
            break;
        }
        pending = next;
    }
    Ok(())
}

async fn write_comment(tx: &mut Tx, cx: &mut Context, post_id: i64, c: &wxr::Comment, summary: &mut Summary) -> Result<(), ImportError> {
    let Some(status) = model::comment_status(&c.approved) else {
        summary.comments.add(Outcome::Skipped);
        return Ok(());
    };
    let body = comment_text(&c.content);
    let name = if c.author.trim().is_empty() { "Anonyme".to_string() } else { markup::plain_text(&c.author) };
    let created_at = model::parse_date(&c.date_gmt, &c.date, &cx.tz).unwrap_or(cx.now);
    let parent = if c.parent > 0 { cx.comments.get(&c.parent).copied() } else { None };
    let email = c.author_email.trim().to_lowercase();
    let fp = fingerprint(&[&body, &name, &email, status, &created_at.to_string(), &format!("{parent:?}|{post_id}")]);
    let mapped = cx.mapping("comment", c.id).cloned();
    let id = match mapped {
        Some((id, old)) if old == fp => {
            summary.comments.add(Outcome::Unchanged);
            id
        }
        _ => {
            let existing = mapped.as_ref().map(|(id, _)| *id);
            let id = news::save_imported_comment_tx(
                tx,
                existing,
                post_id,
                parent,
                &name,
                &email,
                &body,
                status,
                created_at,
                &c.author_ip,
                cx.now,
            )
            .await?;
            store::save_mapping(tx, &cx.source, "comment", c.id, id, &fp).await?;
            summary.comments.add(if existing.is_some() { Outcome::Updated } else { Outcome::Created });
            id
        }
    };
    *summary.comments_by_status.entry(status.to_string()).or_insert(0) += 1;
    cx.comments.insert(c.id, id);
    Ok(())
}

/// Every old address of the site -> its new home. Returns how many the file gives.
async fn save_redirects(tx: &mut Tx, cx: &Context, scan: &Scan, prefix: &str) -> Result<u64, ImportError> {
    let mut all: Vec<(String, String)> = cx.paths.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut months: BTreeSet<(i16, i8)> = BTreeSet::new();
    for item in &scan.items {
        match item.post_type.as_str() {
            "post" => {
                if let Some(t) = item.published_at
                    && let Ok(z) = jiff::Timestamp::from_second(t).map(|t| t.to_zoned(cx.tz.clone()))
                {
                    months.insert((z.year(), z.month()));
                }
            }
            "attachment" => {
                let target = match cx.attachments.get(&item.wp_id) {
                    Some(a) if a.url.starts_with("/media/") => Some(a.url.clone()),
                    _ => cx.plan.get(&item.parent).map(Planned::url),
                };
                if let Some(target) = target {
                    let (path, query) = content::split_url(&item.link);
                    for key in model::lookup_keys(&path, query.as_deref()) {
                        all.push((key, target.clone()));
                    }
                    all.push((model::query_key("attachment_id", &item.wp_id.to_string()), target.clone()));
                    all.push((model::query_key("p", &item.wp_id.to_string()), target.clone()));
                    if target.starts_with("/media/") {
                        let (file_path, _) = content::split_url(&item.attachment_url);
                        all.push((model::normalize_path(&file_path), target));
                    }
                }
            }
            _ => {}
        }
    }
    for (y, m) in months {
        all.push((model::normalize_path(&format!("{prefix}/{y}/{m:02}")), format!("/actualites/{y}/{m:02}")));
        all.push((model::normalize_path(&format!("{prefix}/{y}")), "/actualites".to_string()));
    }
    for a in &scan.authors {
        all.push((model::normalize_path(&format!("{prefix}/author/{}", a.login)), "/actualites".to_string()));
    }
    if !prefix.is_empty() {
        all.push((prefix.to_string(), "/actualites".to_string()));
    }
    all.sort();
    all.dedup_by(|a, b| a.0 == b.0);
    let mut n = 0;
    for (old, new) in &all {
        if *old == model::normalize_path(new) || old == "/" {
            continue;
        }
        store::save_redirect(tx, old, new, &cx.source, cx.now).await?;
        n += 1;
    }
    Ok(n)
}

/// Save the report of a dry run (a real import saves its own, in its transaction).
pub async fn save_dry_run_report(db: &Db, summary: &Summary, now: i64) -> Result<i64, ImportError> {
    let json = serde_json::to_string(summary).map_err(|e| ImportError::Invalid(e.to_string()))?;
    let mut tx = db.begin().await?;
    let id = store::save_report(&mut tx, "wordpress", &summary.source, &summary.file, &json, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// One import report: (id, source, file name, summary, when).
pub async fn get_report(db: &Db, id: i64) -> Result<Option<(i64, String, String, Summary, i64)>, sqlx::Error> {
    Ok(store::get_report(db, id)
        .await?
        .map(|(id, source, file, json, at)| (id, source, file, serde_json::from_str(&json).unwrap_or_default(), at)))
}

/// What the import tells the core: its back-office pages, and the old WordPress addresses
/// answered where the site would say 404.
pub fn module() -> crate::core::module::Module {
    crate::core::module::Module {
        routes: admin::routes,
        jobs: || vec![admin::job_kind()],
        admin_menu: MENU,
        wrap: Some(|state, router| router.layer(axum::middleware::from_fn_with_state(state, redirect_old_urls))),
        ..crate::core::module::Module::new("wordpress")
    }
}

const MENU: &[crate::core::module::MenuEntry] =
    &[crate::core::module::MenuEntry::network_admin("/admin/import", "admin-import", "import", 80)];

/// The latest import reports: (id, source, file name, summary, when).
pub async fn list_reports(db: &Db, limit: i64) -> Result<Vec<(i64, String, String, Summary, i64)>, sqlx::Error> {
    Ok(store::list_reports(db, limit)
        .await?
        .into_iter()
        .map(|(id, source, file, json, at)| (id, source, file, serde_json::from_str(&json).unwrap_or_default(), at))
        .collect())
}

/// A content's address changed on purpose: the old one answers 301 to the new one, as the
/// imported WordPress addresses do (both are normalised the same way).
pub async fn record_move_tx(tx: &mut Tx, old_path: &str, new_path: &str, now: i64) -> Result<(), sqlx::Error> {
    store::record_move(tx, &model::normalize_path(old_path), new_path, now).await
}

pub async fn count_redirects(db: &Db) -> Result<i64, sqlx::Error> {
    store::count_redirects(db).await
}

/// The new home of an old address, if an import recorded one.
pub async fn resolve_old_url(db: &Db, path: &str, query: Option<&str>) -> Result<Option<String>, sqlx::Error> {
    for key in model::lookup_keys(path, query) {
        if let Some(t) = store::find_redirect(db, &key).await? {
            return Ok(Some(t));
        }
    }
    if let Some((base, suffix)) = model::split_suffix(path) {
        let target = if base == "/" { Some("/".to_string()) } else { store::find_redirect(db, &base).await? };
        if let Some(t) = target {
            return Ok(Some(model::with_suffix(&t, &suffix)));
        }
    }
    if let Some((_, up)) = path.split_once("/wp-content/uploads/")
        && let Some(orig) = content::original_of_sized(up)
    {
        let key = model::normalize_path(&path.replace(up, &orig));
        return store::find_redirect(db, &key).await;
    }
    // WordPress's addresses end with a slash, essaim's never do: `/about/` -> `/about`.
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() < path.len() && !trimmed.is_empty() && !trimmed.contains("//") {
        return Ok(Some(trimmed.to_string()));
    }
    Ok(None)
}

fn has_wp_query(q: &str) -> bool {
    q.split('&').any(|kv| ["p=", "page_id=", "attachment_id=", "cat=", "tag="].iter().any(|k| kv.starts_with(k)))
}

/// Old WordPress addresses answer 301 to their new home. Only a response that would be a 404
/// consults the table (and the home page with a WordPress query such as `/?p=123`), so normal
/// pages pay nothing.
pub async fn redirect_old_urls(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    if (path == "/" || path.ends_with("/index.php"))
        && query.as_deref().is_some_and(has_wp_query)
        && let Some(r) = moved(&state.db, &path, query.as_deref()).await
    {
        return r;
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::NOT_FOUND {
        return res;
    }
    moved(&state.db, &path, query.as_deref()).await.unwrap_or(res)
}

async fn moved(db: &Db, path: &str, query: Option<&str>) -> Option<Response> {
    match resolve_old_url(db, path, query).await {
        Ok(Some(target)) => {
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            let v = HeaderValue::from_str(&target).ok()?;
            r.headers_mut().insert(header::LOCATION, v);
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
            Some(r)
        }
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e, "redirect lookup failed");
            None
        }
    }
}
