//! JSON API v1 of the news: published posts and pages to read without a token; writing them
//! with a personal API token, under the same rights as the back office.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde_json::{Value, json};

use super::model::{Kind, Post, PostCard, PostInput};
use super::store::{self, ApiFilter};
use crate::core::api::{self, ApiUser, Endpoint, Paging, doc};
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::markup;
use crate::core::web::{AppState, Ctx, Json, Query};
use crate::modules::network;

/// Every route of the news API with its OpenAPI operation.
pub fn endpoints() -> Vec<Endpoint> {
    let list_params = |with_filters: bool| {
        let mut p = doc::paging_params();
        if with_filters {
            for name in ["category", "tag", "club"] {
                p.push(json!({ "name": name, "in": "query", "description": format!("Only posts of this {name} (slug)"), "schema": { "type": "string" } }));
            }
        }
        p
    };
    let one = || vec![doc::slug_param()];
    vec![
        Endpoint {
            method: "get",
            path: "/api/v1/posts",
            handler: get(list_posts),
            doc: doc::read(
                "Published posts, newest first",
                list_params(true),
                doc::ok("A page of posts", doc::list_of("PostSummary")),
                false,
            ),
        },
        Endpoint {
            method: "post",
            path: "/api/v1/posts",
            handler: post(create_post),
            doc: doc::write(
                "Create a post",
                vec![],
                Some("PostInput"),
                ("201", doc::ok("The created post (Location header: its API URL)", doc::schema_ref("Post"))),
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/posts/{slug}",
            handler: get(show_post),
            doc: doc::read("A published post", one(), doc::ok("The post", doc::schema_ref("Post")), true),
        },
        Endpoint {
            method: "put",
            path: "/api/v1/posts/{slug}",
            handler: put(update_post),
            doc: doc::write(
                "Replace a post's editable fields",
                one(),
                Some("PostInput"),
                ("200", doc::ok("The updated post", doc::schema_ref("Post"))),
            ),
        },
        Endpoint {
            method: "delete",
            path: "/api/v1/posts/{slug}",
            handler: delete(delete_post),
            doc: doc::write("Delete a post", one(), None, ("204", json!({ "description": "Deleted" }))),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/pages",
            handler: get(list_pages),
            doc: doc::read("Published pages", list_params(false), doc::ok("A page of pages", doc::list_of("PostSummary")), false),
        },
        Endpoint {
            method: "post",
            path: "/api/v1/pages",
            handler: post(create_page),
            doc: doc::write("Create a page", vec![], Some("PostInput"), ("201", doc::ok("The created page", doc::schema_ref("Post")))),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/pages/{slug}",
            handler: get(show_page),
            doc: doc::read("A published page", one(), doc::ok("The page", doc::schema_ref("Post")), true),
        },
        Endpoint {
            method: "put",
            path: "/api/v1/pages/{slug}",
            handler: put(update_page),
            doc: doc::write(
                "Replace a page's editable fields",
                one(),
                Some("PostInput"),
                ("200", doc::ok("The updated page", doc::schema_ref("Post"))),
            ),
        },
        Endpoint {
            method: "delete",
            path: "/api/v1/pages/{slug}",
            handler: delete(delete_page),
            doc: doc::write("Delete a page", one(), None, ("204", json!({ "description": "Deleted" }))),
        },
    ]
}

/// The schemas the news endpoints refer to.
pub fn schemas() -> Value {
    let term = json!({ "type": "object", "properties": { "slug": { "type": "string" }, "name": { "type": "string" } } });
    let image = json!({ "type": ["object", "null"], "properties": { "url": { "type": "string" }, "alt": { "type": "string" } } });
    let summary = json!({
        "slug": { "type": "string" }, "title": { "type": "string" }, "url": { "type": "string", "format": "uri" },
        "excerpt": { "type": "string" }, "published_at": { "type": "string", "format": "date-time" },
        "club": { "oneOf": [term, { "type": "null" }] }, "categories": { "type": "array", "items": term }, "image": image
    });
    let mut full = summary.clone();
    if let Some(m) = full.as_object_mut() {
        m.insert("kind".into(), json!({ "type": "string", "enum": ["post", "page"] }));
        m.insert("status".into(), json!({ "type": "string", "enum": ["published", "scheduled", "draft"] }));
        m.insert("published_at".into(), json!({ "type": ["string", "null"], "format": "date-time" }));
        m.insert("updated_at".into(), json!({ "type": "string", "format": "date-time" }));
        m.insert("body_html".into(), json!({ "type": "string" }));
        m.insert("author".into(), json!({ "type": ["string", "null"] }));
        m.insert("tags".into(), json!({ "type": "array", "items": term }));
    }
    json!({
        "PostSummary": { "type": "object", "properties": summary },
        "Post": { "type": "object", "properties": full },
        "PostInput": {
            "type": "object", "additionalProperties": false, "required": ["title"],
            "properties": {
                "title": { "type": "string", "maxLength": 200 },
                "slug": { "type": "string", "description": "Made from the title when empty", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
                "body": { "type": "string" },
                "body_format": { "type": "string", "enum": ["markdown", "html"], "default": "markdown" },
                "excerpt": { "type": "string", "maxLength": 1000 },
                "status": { "type": "string", "enum": ["draft", "published"], "default": "draft" },
                "published_at": { "type": ["string", "null"], "format": "date-time", "description": "Now when published without a date; a future date schedules" },
                "club": { "type": ["string", "null"], "description": "Club slug; none for the network" },
                "categories": { "type": "array", "items": { "type": "string" }, "description": "Category slugs" },
                "tags": { "type": "array", "items": { "type": "string" }, "description": "Tag names" },
                "featured": { "type": "boolean", "default": false },
                "comments_closed": { "type": "boolean", "default": false }
            }
        }
    })
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    page: Option<i64>,
    per_page: Option<i64>,
    category: Option<String>,
    tag: Option<String>,
    club: Option<String>,
}

/// A post or page as written by an API client. Every editable field; PUT replaces them all.
#[derive(serde::Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, default)]
pub struct PostBody {
    title: String,
    slug: String,
    body: String,
    body_format: Option<String>,
    excerpt: String,
    status: Option<String>,
    published_at: Option<String>,
    club: Option<String>,
    categories: Vec<String>,
    tags: Vec<String>,
    featured: bool,
    comments_closed: bool,
}

fn summary_json(state: &AppState, c: &PostCard) -> Value {
    json!({
        "slug": c.slug,
        "title": c.title,
        "url": state.absolute(&c.url()),
        "excerpt": c.excerpt,
        "published_at": api::rfc3339(c.published_at),
        "club": c.club.as_ref().map(|t| json!({ "slug": t.slug, "name": t.name })),
        "categories": c.categories.iter().map(|t| json!({ "slug": t.slug, "name": t.name })).collect::<Vec<_>>(),
        "image": c.image.as_ref().map(|i| json!({ "url": state.absolute(&i.url()), "alt": i.alt })),
    })
}

async fn post_json(state: &AppState, p: &Post) -> AppResult<Value> {
    let categories = store::categories_of(&state.db, p.id).await?;
    let tags = store::tags_of(&state.db, p.id).await?;
    let terms = |v: &[super::model::Term]| v.iter().map(|t| json!({ "slug": t.slug, "name": t.name })).collect::<Vec<_>>();
    Ok(json!({
        "kind": p.kind,
        "slug": p.slug,
        "title": p.title,
        "url": state.absolute(&p.url()),
        "status": p.state(state.now()),
        "excerpt": p.excerpt,
        "body_html": p.body_html,
        "published_at": p.published_at.map(api::rfc3339),
        "updated_at": api::rfc3339(p.updated_at),
        "club": p.club.as_ref().map(|t| json!({ "slug": t.slug, "name": t.name })),
        "author": p.author_name,
        "categories": terms(&categories),
        "tags": terms(&tags),
        "image": p.image.as_ref().map(|i| json!({ "url": state.absolute(&i.url()), "alt": i.alt })),
    }))
}

async fn list(state: &AppState, kind: Kind, q: ListQuery) -> AppResult<Response> {
    let paging = Paging::parse(q.page, q.per_page)?;
    let db = &state.db;
    // An unknown slug in a filter matches nothing (rather than being ignored).
    let mut f = ApiFilter::default();
    if let Some(s) = q.category.filter(|s| !s.is_empty()) {
        f.category_id = store::get_category_by_slug(db, &s).await?.map(|(t, _)| t.id).unwrap_or(-1);
    }
    if let Some(s) = q.tag.filter(|s| !s.is_empty()) {
        f.tag_id = store::get_tag_by_slug(db, &s).await?.map(|t| t.id).unwrap_or(-1);
    }
    if let Some(s) = q.club.filter(|s| !s.is_empty()) {
        f.club_id = network::get_club_by_slug(db, &s).await?.map(|c| c.id).unwrap_or(-1);
    }
    let unknown = f.category_id < 0 || f.tag_id < 0 || f.club_id < 0;
    let now = state.now();
    let (cards, total) = if unknown {
        (vec![], 0)
    } else {
        let cards = store::list_published_filtered(db, kind.as_str(), f, now, paging.per_page, paging.offset()).await?;
        (cards, store::count_published_filtered(db, kind.as_str(), f, now).await?)
    };
    let data = cards.iter().map(|c| summary_json(state, c)).collect();
    Ok(axum::Json(paging.body(data, total)).into_response())
}

async fn show(state: &AppState, kind: Kind, slug: &str) -> AppResult<Response> {
    let post = store::get_post_by_slug(&state.db, kind.as_str(), slug).await?.ok_or(AppError::NotFound)?;
    if !post.is_public(state.now()) {
        return Err(AppError::NotFound);
    }
    Ok(axum::Json(post_json(state, &post).await?).into_response())
}

fn err(field: &str, message: &str) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// Check an API body into what `save_post` stores; every problem is reported by field.
async fn to_input(state: &AppState, kind: Kind, b: PostBody, existing: Option<&Post>, author: i64) -> AppResult<PostInput> {
    let db = &state.db;
    let mut errors = vec![];
    let title = b.title.trim().to_string();
    if title.is_empty() {
        errors.push(err("title", "field-required"));
    } else if title.chars().count() > 200 {
        errors.push(err("title", "field-too-long"));
    }
    let slug = if b.slug.trim().is_empty() { markup::slugify(&title) } else { b.slug.trim().to_string() };
    if !title.is_empty() && !network::model::is_slug(&slug) {
        errors.push(err("slug", "field-slug"));
    } else if !slug.is_empty() && store::slug_taken(db, kind.as_str(), &slug, existing.map(|p| p.id)).await? {
        errors.push(err("slug", "field-slug-taken"));
    }
    let body_format = b.body_format.unwrap_or_else(|| "markdown".into());
    if !matches!(body_format.as_str(), "markdown" | "html") {
        errors.push(err("body_format", "api-error-body-format"));
    }
    if b.excerpt.chars().count() > 1000 {
        errors.push(err("excerpt", "field-too-long"));
    }
    let status = b.status.unwrap_or_else(|| "draft".into());
    if !matches!(status.as_str(), "draft" | "published") {
        errors.push(err("status", "api-error-status"));
    }
    let published_at = match b.published_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => api::parse_rfc3339(s).or_else(|| {
            errors.push(err("published_at", "field-date"));
            None
        }),
        None if status == "published" => Some(existing.and_then(|p| p.published_at).unwrap_or(state.now())),
        None => None,
    };
    let club_id = match b.club.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => match network::get_club_by_slug(db, s).await? {
            Some(c) => Some(c.id),
            None => {
                errors.push(err("club", "api-error-unknown-club"));
                None
            }
        },
        None => None,
    };
    let mut category_ids = vec![];
    for s in &b.categories {
        match store::get_category_by_slug(db, s.trim()).await? {
            Some((t, _)) => category_ids.push(t.id),
            None => errors.push(err("categories", "api-error-unknown-category")),
        }
    }
    if b.tags.iter().any(|t| t.trim().is_empty() || t.chars().count() > 100) {
        errors.push(err("tags", "field-too-long"));
    }
    if !errors.is_empty() {
        errors.dedup();
        return Err(AppError::Invalid(errors));
    }
    Ok(PostInput {
        kind: kind.as_str(),
        slug,
        title,
        body_format,
        body_source: b.body,
        excerpt: b.excerpt,
        status,
        published_at,
        club_id,
        author_id: Some(author),
        image_id: existing.and_then(|p| p.image_id),
        parent_id: existing.and_then(|p| p.parent_id),
        featured: b.featured,
        comments_closed: b.comments_closed,
        category_ids,
        tag_names: b.tags.iter().map(|t| t.trim().to_string()).collect(),
        contact_ids: match existing {
            Some(p) => store::term_ids_of(db, p.id).await?.2,
            None => vec![],
        },
    })
}

fn collection(kind: Kind) -> &'static str {
    match kind {
        Kind::Post => "posts",
        Kind::Page => "pages",
    }
}

/// Only staff write; then only for the clubs they publish for.
fn authorize(user: &Principal, club_id: Option<i64>) -> AppResult<()> {
    if user.is_staff() && user.can_publish(club_id) { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn create(state: &AppState, ctx: &Ctx, user: &Principal, kind: Kind, body: PostBody) -> AppResult<Response> {
    if !user.is_staff() {
        return Err(AppError::Forbidden);
    }
    let input = to_input(state, kind, body, None, user.user_id).await?;
    authorize(user, input.club_id)?;
    let id = super::save_post(&state.db, &ctx.tr, None, &input, state.now()).await?;
    let post = store::get_post(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let location = format!("/api/v1/{}/{}", collection(kind), post.slug);
    Ok(api::created(location, post_json(state, &post).await?))
}

async fn update(state: &AppState, ctx: &Ctx, user: &Principal, kind: Kind, slug: &str, body: PostBody) -> AppResult<Response> {
    let existing = store::get_post_by_slug(&state.db, kind.as_str(), slug).await?.ok_or(AppError::NotFound)?;
    authorize(user, existing.club.as_ref().map(|c| c.id))?;
    let input = to_input(state, kind, body, Some(&existing), user.user_id).await?;
    authorize(user, input.club_id)?;
    super::save_post(&state.db, &ctx.tr, Some(existing.id), &input, state.now()).await?;
    let post = store::get_post(&state.db, existing.id).await?.ok_or(AppError::NotFound)?;
    Ok(axum::Json(post_json(state, &post).await?).into_response())
}

async fn remove(state: &AppState, user: &Principal, kind: Kind, slug: &str) -> AppResult<Response> {
    let existing = store::get_post_by_slug(&state.db, kind.as_str(), slug).await?.ok_or(AppError::NotFound)?;
    authorize(user, existing.club.as_ref().map(|c| c.id))?;
    store::delete_post(&state.db, existing.id).await?;
    Ok(api::no_content())
}

async fn list_posts(State(state): State<AppState>, Query(q): Query<ListQuery>) -> AppResult<Response> {
    list(&state, Kind::Post, q).await
}

async fn list_pages(State(state): State<AppState>, Query(q): Query<ListQuery>) -> AppResult<Response> {
    list(&state, Kind::Page, q).await
}

async fn show_post(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    show(&state, Kind::Post, &slug).await
}

async fn show_page(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    show(&state, Kind::Page, &slug).await
}

async fn create_post(State(state): State<AppState>, ctx: Ctx, ApiUser(user): ApiUser, Json(body): Json<PostBody>) -> AppResult<Response> {
    create(&state, &ctx, &user, Kind::Post, body).await
}

async fn create_page(State(state): State<AppState>, ctx: Ctx, ApiUser(user): ApiUser, Json(body): Json<PostBody>) -> AppResult<Response> {
    create(&state, &ctx, &user, Kind::Page, body).await
}

async fn update_post(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<PostBody>,
) -> AppResult<Response> {
    update(&state, &ctx, &user, Kind::Post, &slug, body).await
}

async fn update_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<PostBody>,
) -> AppResult<Response> {
    update(&state, &ctx, &user, Kind::Page, &slug, body).await
}

async fn delete_post(State(state): State<AppState>, ApiUser(user): ApiUser, Path(slug): Path<String>) -> AppResult<Response> {
    remove(&state, &user, Kind::Post, &slug).await
}

async fn delete_page(State(state): State<AppState>, ApiUser(user): ApiUser, Path(slug): Path<String>) -> AppResult<Response> {
    remove(&state, &user, Kind::Page, &slug).await
}
