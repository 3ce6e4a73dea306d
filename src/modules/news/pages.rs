//! Public pages of the news: archive, post, category, tag, month and club archives,
//! comments, search, Atom feeds, sitemap and static pages.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::model::{CommentForm, CommentItem, Filter, PAGE_SIZE, PageLink, Pager, Post, PostCard, Term, thread};
use super::{COMMENT_LOG_RETENTION, lists, store};
use crate::core::cache;
use crate::core::error::{AppError, AppResult};
use crate::core::markup;
use crate::core::search;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::network::{self, Club, public_layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actualites", get(archive))
        .route("/actualites/flux.atom", get(feed_all))
        .route("/actualites/categorie/{slug}", get(category))
        .route("/actualites/categorie/{slug}/flux.atom", get(feed_category))
        .route("/actualites/etiquette/{slug}", get(tag))
        .route("/actualites/club/{slug}", get(club_archive))
        .route("/clubs/{slug}/flux.atom", get(feed_club))
        .route("/actualites/{year}/{month}", get(month))
        .route("/actualites/{slug}", get(show_post))
        .route("/actualites/{slug}/commentaires", post(post_comment))
        .route("/recherche", get(search_page))
        .route("/plan-du-site", get(site_map_page))
        .route("/{slug}", get(show_page))
}

#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    page: Option<i64>,
}

// ---- archives ----

#[derive(askama::Template)]
#[template(path = "news/archive.html")]
struct ArchivePage {
    l: Layout,
    heading: String,
    intro: String,
    posts: Vec<PostCard>,
    pager: Pager,
    categories: Vec<Term>,
    months: Vec<(String, String, i64)>,
    feed_url: Option<String>,
}

/// One page of a list of posts; pages past the last are 404.
#[allow(clippy::too_many_arguments)]
async fn archive_page(
    state: &AppState,
    ctx: &Ctx,
    filter: Filter,
    heading: String,
    intro: String,
    base: &str,
    page: Option<i64>,
    feed_url: Option<String>,
) -> AppResult<Response> {
    let page = page.unwrap_or(1);
    if page < 1 {
        return Err(AppError::NotFound);
    }
    let list = lists::page(state, filter, ctx.now, page).await?.ok_or(AppError::NotFound)?;
    let pager = Pager::new(page, list.total, PAGE_SIZE, base);
    let posts = list.posts;
    let title = if page > 1 { format!("{heading} – {}", ctx.tr.n("news-page", page)) } else { heading.clone() };
    let mut l = public_layout(state, ctx, title).await?;
    l.section = "news";
    l.description = intro.clone();
    if page > 1 {
        l.canonical = state.absolute(&format!("{base}{}page={page}", if base.contains('?') { '&' } else { '?' }));
    }
    if let Some(f) = &feed_url {
        l.feed = Some((heading.clone(), f.clone()));
    }
    let categories = store::list_categories(&state.db).await?;
    let months = store::list_months(&state.db, ctx.now, 24)
        .await?
        .into_iter()
        .map(|(key, n)| (format!("/actualites/{}/{:02}", key / 100, key % 100), ctx.tr.month(key / 100, key % 100), n))
        .collect();
    html(&ArchivePage { l, heading, intro, posts, pager, categories, months, feed_url })
        .map(|r| cache::mark(r, &[super::NEWS, cache::SITE]))
}

async fn archive(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let heading = ctx.tr.t("news-title");
    let intro = ctx.tr.t("news-archive-intro");
    archive_page(&state, &ctx, Filter::All, heading, intro, "/actualites", q.page, Some("/actualites/flux.atom".into())).await
}

async fn category(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let (cat, description) = store::get_category_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let heading = ctx.tr.a("news-category-title", "name", &cat.name);
    let base = format!("/actualites/categorie/{}", cat.slug);
    let feed = format!("{base}/flux.atom");
    archive_page(&state, &ctx, Filter::Category(cat.id), heading, description, &base, q.page, Some(feed)).await
}

async fn tag(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let t = store::get_tag_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let heading = ctx.tr.a("news-tag-title", "name", &t.name);
    let base = format!("/actualites/etiquette/{}", t.slug);
    archive_page(&state, &ctx, Filter::Tag(t.id), heading, String::new(), &base, q.page, None).await
}

async fn club_archive(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let club = network::get_club_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let heading = ctx.tr.a("news-club-title", "name", &club.name);
    let base = format!("/actualites/club/{}", club.slug);
    let feed = format!("/clubs/{}/flux.atom", club.slug);
    archive_page(&state, &ctx, Filter::Club(club.id), heading, String::new(), &base, q.page, Some(feed)).await
}

async fn month(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((year, month)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let (Ok(y), Ok(m)) = (year.parse::<i64>(), month.parse::<i64>()) else { return Err(AppError::NotFound) };
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || month.len() != 2 || year.len() != 4 {
        return Err(AppError::NotFound);
    }
    let heading = ctx.tr.a("news-month-title", "name", &ctx.tr.month(y, m));
    let base = format!("/actualites/{year}/{month}");
    archive_page(&state, &ctx, Filter::Month(y * 100 + m), heading, String::new(), &base, q.page, None).await
}

// ---- a post ----

#[derive(askama::Template)]
#[template(path = "news/post.html")]
struct PostPage {
    l: Layout,
    post: Post,
    categories: Vec<Term>,
    tags: Vec<Term>,
    contacts: Vec<(i64, String, String, String, String)>,
    older: Option<Term>,
    newer: Option<Term>,
    comments: Vec<CommentItem>,
    comment_count: i64,
    form: CommentForm,
    errors: FormErrors,
    notice: Option<String>,
    signed_in: bool,
    preview: bool,
}

#[derive(serde::Deserialize, Default)]
struct PostQuery {
    commentaire: Option<String>,
    /// `?reponse=ID`: the comment to answer, preselected in the form (the "Reply" links).
    reponse: Option<String>,
}

/// A post that this visitor may see: public, or a draft its editors preview.
async fn visible_post(state: &AppState, ctx: &Ctx, kind: &str, slug: &str) -> AppResult<(Post, bool)> {
    let post = store::get_post_by_slug(&state.db, kind, slug).await?.ok_or(AppError::NotFound)?;
    if post.is_public(ctx.now) {
        return Ok((post, false));
    }
    let club = post.club.as_ref().map(|c| c.id);
    match &ctx.user {
        Some(u) if u.can_publish(club) => Ok((post, true)),
        _ => Err(AppError::NotFound),
    }
}

async fn render_post(
    state: &AppState,
    ctx: &Ctx,
    post: Post,
    preview: bool,
    form: CommentForm,
    errors: FormErrors,
    notice: Option<String>,
) -> AppResult<PostPage> {
    let mut l = public_layout(state, ctx, post.title.clone()).await?;
    l.section = if post.kind == "page" { "" } else { "news" };
    l.description = markup::truncate_words(&post.excerpt, 200);
    l.og_type = "article";
    l.og_image = post.image.as_ref().map(|i| state.absolute(&format!("{}?w=1600", i.url())));
    l.noindex = preview;
    l.canonical = state.absolute(&post.url());
    let categories = store::categories_of(&state.db, post.id).await?;
    let tags = store::tags_of(&state.db, post.id).await?;
    let contacts = store::contacts_of(&state.db, post.id).await?;
    let (older, newer) = if post.kind == "post" { store::adjacent_posts(&state.db, &post, ctx.now).await? } else { (None, None) };
    let comments = thread(store::approved_comments(&state.db, post.id).await?, 4);
    let comment_count = comments.len() as i64;
    Ok(PostPage {
        l,
        post,
        categories,
        tags,
        contacts,
        older,
        newer,
        comments,
        comment_count,
        form,
        errors,
        notice,
        signed_in: ctx.user.is_some(),
        preview,
    })
}

async fn show_post(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Query(q): Query<PostQuery>) -> AppResult<Response> {
    let (post, preview) = visible_post(&state, &ctx, "post", &slug).await?;
    let notice = match q.commentaire.as_deref() {
        Some("attente") => Some(ctx.tr.t("comments-pending")),
        Some("publie") => Some(ctx.tr.t("comments-published")),
        _ => None,
    };
    // Only a number is kept; the form preselects it only if it is one of this post's comments.
    let parent_id = q.reponse.and_then(|r| r.trim().parse::<i64>().ok()).map(|id| id.to_string()).unwrap_or_default();
    let form = CommentForm { parent_id, ..CommentForm::default() };
    let page = render_post(&state, &ctx, post, preview, form, FormErrors::default(), notice).await?;
    html(&page).map(|r| if preview { r } else { cache::mark(r, &[super::NEWS, cache::SITE]) })
}

async fn show_page(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let (post, preview) = visible_post(&state, &ctx, "page", &slug).await?;
    let page = render_post(&state, &ctx, post, preview, CommentForm::default(), FormErrors::default(), None).await?;
    html(&page).map(|r| if preview { r } else { cache::mark(r, &[super::NEWS, cache::SITE]) })
}

/// Comments: 5 per address in 10 minutes.
const COMMENT_BURST: i64 = 5;
const COMMENT_WINDOW: i64 = 600;

async fn post_comment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<CommentForm>,
) -> AppResult<Response> {
    let post = store::get_post_by_slug(&state.db, "post", &slug).await?.ok_or(AppError::NotFound)?;
    if !post.is_public(ctx.now) {
        return Err(AppError::NotFound);
    }
    if post.comments_closed {
        return Err(AppError::Forbidden);
    }
    ctx.check_csrf(&form.csrf)?;
    let back = format!("/actualites/{}", post.slug);
    if !form.website.trim().is_empty() {
        // A robot filled the honeypot: say nothing, keep nothing.
        return Ok(see_other(&format!("{back}?commentaire=attente#commentaires")));
    }
    let mut errors = FormErrors::default();
    let parsed = match form.parse(ctx.user.is_some()) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.0 = e;
            None
        }
    };
    if let Some(pid) = parsed.as_ref().and_then(|c| c.parent_id)
        && !store::comment_belongs(&state.db, post.id, pid).await?
    {
        errors.add("parent_id", "error-bad-form");
    }
    if errors.is_empty() {
        let hits = store::hit_rate_limit(&state.db, &format!("comment:{}", ctx.ip), ctx.now, COMMENT_WINDOW).await?;
        if hits > COMMENT_BURST {
            errors.add("body", "error-too-many");
        }
    }
    let comment = match parsed {
        Some(c) if errors.is_empty() => c,
        _ => {
            let status =
                if errors.get("body") == "error-too-many" { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::UNPROCESSABLE_ENTITY };
            let page = render_post(&state, &ctx, post, false, form, errors, None).await?;
            return html_status(status, &page);
        }
    };
    let club = post.club.as_ref().map(|c| c.id);
    let (name, email, user_id, status) = match &ctx.user {
        Some(u) => (u.name.clone(), u.email.clone(), Some(u.user_id), if u.can_publish(club) { "approved" } else { "pending" }),
        None => (comment.name, comment.email, None, "pending"),
    };
    store::insert_comment(
        &state.db,
        post.id,
        comment.parent_id,
        user_id,
        &name,
        &email,
        &comment.body,
        status,
        &ctx.ip,
        ctx.now,
        COMMENT_LOG_RETENTION,
    )
    .await?;
    let flag = if status == "approved" { "publie" } else { "attente" };
    Ok(see_other(&format!("{back}?commentaire={flag}#commentaires")))
}

// ---- search ----

#[derive(serde::Deserialize, Default)]
struct SearchQuery {
    q: Option<String>,
    page: Option<i64>,
}

pub struct SearchHit {
    pub url: String,
    pub title_html: String,
    pub snippet_html: String,
    pub published_at: i64,
    pub is_page: bool,
}

#[derive(askama::Template)]
#[template(path = "news/search.html")]
struct SearchPage {
    l: Layout,
    query: String,
    total: i64,
    /// There were more matches than the ranked `total`.
    more: bool,
    hits: Vec<SearchHit>,
    pager: Option<Pager>,
}

async fn search_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<SearchQuery>) -> AppResult<Response> {
    let query: String = q.q.unwrap_or_default().chars().take(200).collect();
    let page = q.page.unwrap_or(1);
    if page < 1 {
        return Err(AppError::NotFound);
    }
    let terms = search::terms(&query);
    let offset = (page - 1).checked_mul(PAGE_SIZE).ok_or(AppError::NotFound)?;
    let found = search::find(&state.db, &terms, ctx.now, PAGE_SIZE, offset).await?;
    let total = found.total;
    if page > 1 && offset >= total {
        return Err(AppError::NotFound);
    }
    let cards = store::cards_by_ids(&state.db, &found.ids).await?;
    let hits = cards
        .into_iter()
        .map(|c| SearchHit {
            url: c.url(),
            title_html: search::highlight(&c.title, &terms),
            snippet_html: search::highlight(&search::snippet(&c.excerpt, &terms, 240), &terms),
            published_at: c.published_at,
            is_page: c.kind == "page",
        })
        .collect();
    let title = if query.trim().is_empty() { ctx.tr.t("search-title") } else { ctx.tr.a("search-results-for", "query", query.trim()) };
    let mut l = public_layout(&state, &ctx, title).await?;
    l.noindex = true;
    let base = format!("/recherche?q={}", percent_encoding::utf8_percent_encode(query.trim(), percent_encoding::NON_ALPHANUMERIC));
    let pager = (total > PAGE_SIZE).then(|| Pager::new(page, total, PAGE_SIZE, &base));
    // Not kept in the page cache: queries are as many as people and robots can type, and
    // they would push out the pages that are asked for again.
    html(&SearchPage { l, query, total, more: found.more, hits, pager })
}

// ---- feeds and maps ----

#[derive(askama::Template)]
#[template(path = "news/feed.xml")]
struct Feed {
    title: String,
    site_name: String,
    self_url: String,
    alt_url: String,
    updated: String,
    lang: &'static str,
    /// The language the entries are written in (the network's content language).
    entries_lang: &'static str,
    entries: Vec<FeedEntry>,
}

struct FeedEntry {
    title: String,
    url: String,
    published: String,
    updated: String,
    summary: String,
    content: String,
    author: String,
    categories: Vec<Term>,
}

async fn feed(state: &AppState, ctx: &Ctx, filter: Filter, title: String, self_path: &str, alt_path: &str) -> AppResult<Response> {
    let cards = store::list_published_posts(&state.db, filter, ctx.now, 20, 0).await?;
    let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
    let bodies = store::bodies_of(&state.db, &ids).await?;
    let rfc3339 = |t: i64| jiff::Timestamp::from_second(t).map(|t| t.to_string()).unwrap_or_default();
    let entries: Vec<FeedEntry> = cards
        .into_iter()
        .filter_map(|c| {
            let (_, body, updated, author) = bodies.iter().find(|b| b.0 == c.id)?.clone();
            Some(FeedEntry {
                title: c.title.clone(),
                url: state.absolute(&c.url()),
                published: rfc3339(c.published_at),
                updated: rfc3339(updated.max(c.published_at)),
                summary: c.excerpt.clone(),
                content: absolutize(&body, &state.config.public_url),
                author: author.or_else(|| c.club.as_ref().map(|cl| cl.name.clone())).unwrap_or_default(),
                categories: c.categories,
            })
        })
        .collect();
    let updated = entries.first().map(|e| e.updated.clone()).unwrap_or_else(|| rfc3339(ctx.now));
    let site_name = network::site_name(&state.db).await?;
    let page = Feed {
        title: format!("{title} – {site_name}"),
        site_name,
        self_url: state.absolute(self_path),
        alt_url: state.absolute(alt_path),
        updated,
        lang: ctx.tr.lang(),
        entries_lang: state.config.content_lang.code(),
        entries,
    };
    let body = askama::Template::render(&page)?;
    Ok(cache::mark(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response(), &[super::NEWS, cache::SITE]))
}

/// Links and pictures in a feed must be absolute.
fn absolutize(html: &str, base: &str) -> String {
    html.replace("href=\"/", &format!("href=\"{base}/"))
        .replace("src=\"/", &format!("src=\"{base}/"))
        .replace(", /media/", &format!(", {base}/media/"))
        .replace("srcset=\"/", &format!("srcset=\"{base}/"))
}

async fn feed_all(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let title = ctx.tr.t("news-title");
    feed(&state, &ctx, Filter::All, title, "/actualites/flux.atom", "/actualites").await
}

async fn feed_category(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let (cat, _) = store::get_category_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let title = ctx.tr.a("news-category-title", "name", &cat.name);
    let base = format!("/actualites/categorie/{}", cat.slug);
    feed(&state, &ctx, Filter::Category(cat.id), title, &format!("{base}/flux.atom"), &base).await
}

async fn feed_club(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let club = network::get_club_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let title = ctx.tr.a("news-club-title", "name", &club.name);
    feed(&state, &ctx, Filter::Club(club.id), title, &format!("/clubs/{}/flux.atom", club.slug), &club.url()).await
}

/// The news' addresses in the sitemap: the home, the archive, the categories, the pages and
/// the posts, with their last change.
pub(super) async fn sitemap_urls(state: &AppState, now: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut urls: Vec<(String, i64)> = ["/", "/actualites"].iter().map(|p| (p.to_string(), now)).collect();
    for c in store::list_categories(&state.db).await? {
        urls.push((format!("/actualites/categorie/{}", c.slug), now));
    }
    for (slug, _, updated) in store::list_published_pages(&state.db, now).await? {
        urls.push((format!("/{slug}"), updated));
    }
    for (slug, updated) in store::list_published_post_urls(&state.db, now, 40_000).await? {
        urls.push((format!("/actualites/{slug}"), updated));
    }
    Ok(urls)
}

#[derive(askama::Template)]
#[template(path = "news/site_map.html")]
struct SiteMapPage {
    l: Layout,
    pages: Vec<(String, String, i64)>,
    categories: Vec<Term>,
    clubs: Vec<Club>,
}

async fn site_map_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let l = public_layout(&state, &ctx, ctx.tr.t("sitemap-title")).await?;
    let pages = store::list_published_pages(&state.db, ctx.now).await?;
    let categories = store::list_categories(&state.db).await?;
    let clubs = network::list_clubs(&state.db).await?;
    html(&SiteMapPage { l, pages, categories, clubs }).map(cache::mark_all)
}
