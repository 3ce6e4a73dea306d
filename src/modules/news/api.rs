//! JSON API v1 of the news: published posts and pages to read without a token; writing them
//! with a personal API token, under the same rights as the back office.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post, put};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::model::{Kind, Post, PostCard, PostInput, Term};
use super::store::{self, ApiFilter};
use crate::core::api::{self, ApiUser, Endpoint, Paging, doc};
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::values::Slug;
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
    let mut all = vec![];
    for (kind, collection) in [(Kind::Post, "/api/v1/posts"), (Kind::Page, "/api/v1/pages")] {
        let (list_fn, create_fn, show_fn, replace_fn, patch_fn, delete_fn, item) = match kind {
            Kind::Post => (
                get(list_posts),
                post(create_post),
                get(show_post),
                put(write::<false, true>),
                patch(write::<false, false>),
                delete(delete_post),
                "post",
            ),
            Kind::Page => (
                get(list_pages),
                post(create_page),
                get(show_page),
                put(write::<true, true>),
                patch(write::<true, false>),
                delete(delete_page),
                "page",
            ),
        };
        let one_path: &'static str = if kind == Kind::Post { "/api/v1/posts/{slug}" } else { "/api/v1/pages/{slug}" };
        let list_doc = if kind == Kind::Post {
            doc::read("Published posts, newest first", list_params(true), doc::ok("A page of posts", doc::list_of("PostSummary")), false)
        } else {
            doc::read("Published pages", list_params(false), doc::ok("A page of pages", doc::list_of("PostSummary")), false)
        };
        all.extend([
            Endpoint { method: "get", path: collection, handler: list_fn, doc: list_doc },
            Endpoint {
                method: "post",
                path: collection,
                handler: create_fn,
                doc: doc::with_conflict(doc::write(
                    &format!("Create a {item}; absent fields take their defaults"),
                    vec![],
                    Some("PostInput"),
                    ("201", doc::ok(&format!("The created {item} (Location: its API URL; ETag: its version)"), doc::schema_ref("Post"))),
                )),
            },
            Endpoint {
                method: "get",
                path: one_path,
                handler: show_fn,
                doc: doc::with_etag(doc::read(&format!("A published {item}"), one(), doc::ok(&format!("The {item}"), doc::schema_ref("Post")), true)),
            },
            Endpoint {
                method: "put",
                path: one_path,
                handler: replace_fn,
                doc: doc::with_if_match(doc::write(
                    &format!("Replace a {item}: every writable field must be sent (422 names each missing one); what GET answers can be sent back as is"),
                    one(),
                    Some("PostReplace"),
                    ("200", doc::ok(&format!("The updated {item}"), doc::schema_ref("Post"))),
                )),
            },
            Endpoint {
                method: "patch",
                path: one_path,
                handler: patch_fn,
                doc: doc::with_if_match(doc::write(
                    &format!("Change some fields of a {item} (JSON merge patch: only the fields sent change; null restores a field's default)"),
                    one(),
                    Some("PostPatch"),
                    ("200", doc::ok(&format!("The updated {item}"), doc::schema_ref("Post"))),
                )),
            },
            Endpoint {
                method: "delete",
                path: one_path,
                handler: delete_fn,
                doc: doc::with_if_match(doc::write(&format!("Delete a {item}"), one(), None, ("204", json!({ "description": "Deleted" })))),
            },
        ]);
    }
    all
}

/// The schemas the news endpoints refer to, derived from the types the handlers read and
/// write: `PostSummary`, `Post`, and the write body under its three uses (`PostInput` for
/// POST, `PostReplace` for PUT, `PostPatch` for PATCH).
pub fn schemas() -> Value {
    let mut s = api::derived_schemas(|g| {
        g.subschema_for::<PostSummaryOut>();
        g.subschema_for::<PostOut>();
        g.subschema_for::<PostWrite>();
    });
    api::write_schemas(&mut s, "PostPatch", "PostInput", "PostReplace", &["title"]);
    s
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    page: Option<i64>,
    per_page: Option<i64>,
    category: Option<String>,
    tag: Option<String>,
    club: Option<String>,
}

/// A category, a tag or a club as the API shows it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "TermRef")]
pub struct TermOut {
    slug: String,
    name: String,
}

impl TermOut {
    fn of(t: &Term) -> TermOut {
        TermOut { slug: t.slug.clone(), name: t.name.clone() }
    }
}

/// A post's lead picture.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Image")]
pub struct ImageOut {
    #[schemars(url)]
    url: String,
    alt: String,
}

/// A published post or page in a list.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "PostSummary")]
pub struct PostSummaryOut {
    slug: String,
    title: String,
    #[schemars(url)]
    url: String,
    excerpt: String,
    #[schemars(extend("format" = "date-time"))]
    published_at: String,
    club: Option<TermOut>,
    categories: Vec<TermOut>,
    image: Option<ImageOut>,
}

/// A post or page. Everything a write takes is here in the form the write takes it (the
/// source text in `body`, the terms as objects whose `slug` a write reads), so that what GET
/// answers can be sent back by PUT unchanged.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Post")]
pub struct PostOut {
    #[schemars(extend("enum" = ["post", "page"]))]
    kind: String,
    slug: String,
    title: String,
    #[schemars(url)]
    url: String,
    #[schemars(extend("enum" = ["published", "scheduled", "draft"]))]
    status: &'static str,
    excerpt: String,
    /// The body as rendered (sanitised HTML).
    body_html: String,
    #[schemars(extend("format" = "date-time"))]
    published_at: Option<String>,
    #[schemars(extend("format" = "date-time"))]
    updated_at: String,
    club: Option<TermOut>,
    author: Option<String>,
    categories: Vec<TermOut>,
    tags: Vec<TermOut>,
    image: Option<ImageOut>,
    /// The body as written, in `body_format`.
    body: String,
    #[schemars(extend("enum" = ["markdown", "html"]))]
    body_format: String,
    featured: bool,
    comments_closed: bool,
    /// Raised by every update; also the `ETag`.
    version: i64,
}

/// A club, category or tag named in a write: its slug, or the object GET answers (a tag is
/// written by its name).
#[derive(Deserialize, JsonSchema, Debug)]
#[serde(untagged)]
pub enum TermIn {
    Slug(String),
    Object {
        slug: String,
        #[serde(default)]
        name: String,
    },
}

impl TermIn {
    fn slug(&self) -> &str {
        match self {
            TermIn::Slug(s) => s,
            TermIn::Object { slug, .. } => slug,
        }
    }

    /// A tag's name: the string, or the object's name (its slug when it has none).
    fn tag_name(&self) -> &str {
        match self {
            TermIn::Slug(s) => s,
            TermIn::Object { name, slug } => {
                if name.trim().is_empty() {
                    slug
                } else {
                    name
                }
            }
        }
    }
}

/// A post or page as written by an API client, one type for every write: POST takes the
/// defaults of absent fields, PUT requires every writable field (null where a value is
/// optional), PATCH changes only the fields sent (null restores a field's default). The
/// read-only fields of `Post` are accepted and ignored, so that a GET can be sent back.
#[derive(Deserialize, JsonSchema, Default, Debug)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PostPatch")]
pub struct PostWrite {
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 200))]
    title: Option<Option<String>>,
    /// Made from the title when empty (a published post keeps its own).
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 80))]
    slug: Option<Option<String>>,
    /// The body as written, in `body_format`.
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>")]
    body: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", extend("enum" = ["markdown", "html", null], "default" = "markdown"))]
    body_format: Option<Option<String>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", length(max = 1000))]
    excerpt: Option<Option<String>>,
    /// "scheduled" (what GET answers for a future date) is "published".
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", extend("enum" = ["draft", "published", "scheduled", null], "default" = "draft"))]
    status: Option<Option<String>>,
    /// Now when published without a date; a future date schedules.
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    published_at: Option<Option<String>>,
    /// The club (its slug, or `{ "slug": … }`); null for the network.
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<TermIn>")]
    club: Option<Option<TermIn>>,
    /// Category slugs (or `{ "slug": … }` objects).
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<Vec<TermIn>>")]
    categories: Option<Option<Vec<TermIn>>>,
    /// Tag names (or `{ "name": … }` objects); unknown ones are created.
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<Vec<TermIn>>")]
    tags: Option<Option<Vec<TermIn>>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<bool>", extend("default" = false))]
    featured: Option<Option<bool>>,
    #[serde(default, deserialize_with = "api::present")]
    #[schemars(with = "Option<bool>", extend("default" = false))]
    comments_closed: Option<Option<bool>>,
    // Read-only fields of `Post`: accepted, ignored.
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    kind: Option<Value>,
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    url: Option<Value>,
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    body_html: Option<Value>,
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    updated_at: Option<Value>,
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    author: Option<Value>,
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    image: Option<Value>,
    #[serde(default)]
    #[schemars(extend("readOnly" = true))]
    #[allow(dead_code)]
    version: Option<Value>,
}

impl PostWrite {
    /// The writable fields a replacement left out.
    fn missing(&self) -> Vec<&'static str> {
        let present = [
            ("title", self.title.is_some()),
            ("slug", self.slug.is_some()),
            ("body", self.body.is_some()),
            ("body_format", self.body_format.is_some()),
            ("excerpt", self.excerpt.is_some()),
            ("status", self.status.is_some()),
            ("published_at", self.published_at.is_some()),
            ("club", self.club.is_some()),
            ("categories", self.categories.is_some()),
            ("tags", self.tags.is_some()),
            ("featured", self.featured.is_some()),
            ("comments_closed", self.comments_closed.is_some()),
        ];
        present.iter().filter(|(_, p)| !p).map(|(f, _)| *f).collect()
    }

    /// The fields sent, over `b` (a field sent as null takes its default).
    fn apply(self, b: &mut PostBody) {
        if let Some(v) = self.title {
            b.title = v.unwrap_or_default();
        }
        if let Some(v) = self.slug {
            b.slug = v.unwrap_or_default();
        }
        if let Some(v) = self.body {
            b.body = v.unwrap_or_default();
        }
        if let Some(v) = self.body_format {
            b.body_format = v;
        }
        if let Some(v) = self.excerpt {
            b.excerpt = v.unwrap_or_default();
        }
        if let Some(v) = self.status {
            b.status = v;
        }
        if let Some(v) = self.published_at {
            b.published_at = v;
        }
        if let Some(v) = self.club {
            b.club = v.map(|t| t.slug().to_string());
        }
        if let Some(v) = self.categories {
            b.categories = v.unwrap_or_default().iter().map(|t| t.slug().to_string()).collect();
        }
        if let Some(v) = self.tags {
            b.tags = v.unwrap_or_default().iter().map(|t| t.tag_name().to_string()).collect();
        }
        if let Some(v) = self.featured {
            b.featured = v.unwrap_or_default();
        }
        if let Some(v) = self.comments_closed {
            b.comments_closed = v.unwrap_or_default();
        }
    }
}

/// Every editable field of a post, resolved (defaults, or the stored post under a patch):
/// what `to_input` checks.
#[derive(Default, Debug)]
struct PostBody {
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

impl PostBody {
    /// The stored post, as a write would name it.
    async fn of(state: &AppState, p: &Post) -> AppResult<PostBody> {
        let categories = store::categories_of(&state.db, p.id).await?;
        let tags = store::tags_of(&state.db, p.id).await?;
        Ok(PostBody {
            title: p.title.clone(),
            slug: p.slug.clone(),
            body: p.body_source.clone(),
            body_format: Some(p.body_format.clone()),
            excerpt: p.excerpt.clone(),
            status: Some(p.status.clone()),
            published_at: p.published_at.map(api::rfc3339),
            club: p.club.as_ref().map(|c| c.slug.clone()),
            categories: categories.into_iter().map(|t| t.slug).collect(),
            tags: tags.into_iter().map(|t| t.name).collect(),
            featured: p.featured,
            comments_closed: p.comments_closed,
        })
    }
}

fn image_out(state: &AppState, i: &super::model::Picture) -> ImageOut {
    ImageOut { url: state.absolute(&i.url()), alt: i.alt.clone() }
}

fn summary_json(state: &AppState, c: &PostCard) -> Value {
    let out = PostSummaryOut {
        slug: c.slug.clone(),
        title: c.title.clone(),
        url: state.absolute(&c.url()),
        excerpt: c.excerpt.clone(),
        published_at: api::rfc3339(c.published_at),
        club: c.club.as_ref().map(TermOut::of),
        categories: c.categories.iter().map(TermOut::of).collect(),
        image: c.image.as_ref().map(|i| image_out(state, i)),
    };
    serde_json::to_value(out).unwrap_or(Value::Null)
}

async fn post_json(state: &AppState, p: &Post) -> AppResult<Value> {
    let categories = store::categories_of(&state.db, p.id).await?;
    let tags = store::tags_of(&state.db, p.id).await?;
    let out = PostOut {
        kind: p.kind.clone(),
        slug: p.slug.clone(),
        title: p.title.clone(),
        url: state.absolute(&p.url()),
        status: p.state(state.now()),
        excerpt: p.excerpt.clone(),
        body_html: p.body_html.clone(),
        published_at: p.published_at.map(api::rfc3339),
        updated_at: api::rfc3339(p.updated_at),
        club: p.club.as_ref().map(TermOut::of),
        author: p.author_name.clone(),
        categories: categories.iter().map(TermOut::of).collect(),
        tags: tags.iter().map(TermOut::of).collect(),
        image: p.image.as_ref().map(|i| image_out(state, i)),
        body: p.body_source.clone(),
        body_format: p.body_format.clone(),
        featured: p.featured,
        comments_closed: p.comments_closed,
        version: p.version,
    };
    serde_json::to_value(out).map_err(|e| AppError::Internal(e.into()))
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
    Ok(api::json_with_etag(StatusCode::OK, post.version, post_json(state, &post).await?))
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
        errors.push(FieldError::too_long("title", title.chars().count(), 200));
    }
    // A published post's address never changes by accident: no slug sent keeps its own.
    let slug = match existing {
        Some(p) if b.slug.trim().is_empty() && p.status == "published" => p.slug.clone(),
        _ => Slug::typed_or_from(&b.slug, &title),
    };
    if let (false, Err(message)) = (title.is_empty(), Slug::parse(&slug)) {
        errors.push(err("slug", message));
    } else if !slug.is_empty() && store::slug_taken(db, kind.as_str(), &slug, existing.map(|p| p.id)).await? {
        errors.push(err("slug", "field-slug-taken"));
    }
    let body_format = b.body_format.unwrap_or_else(|| "markdown".into());
    if !matches!(body_format.as_str(), "markdown" | "html") {
        errors.push(err("body_format", "api-error-body-format"));
    }
    if b.excerpt.chars().count() > 1000 {
        errors.push(FieldError::too_long("excerpt", b.excerpt.chars().count(), 1000));
    }
    let status = match b.status.as_deref() {
        None => "draft".to_string(),
        Some("scheduled") => "published".to_string(),
        Some(s) => s.to_string(),
    };
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

async fn create(state: &AppState, ctx: &Ctx, user: &Principal, kind: Kind, write: PostWrite) -> AppResult<Response> {
    if !user.is_staff() {
        return Err(AppError::Forbidden);
    }
    let mut body = PostBody::default();
    write.apply(&mut body);
    let input = to_input(state, kind, body, None, user.user_id).await?;
    authorize(user, input.club_id)?;
    let id = super::save_post(&state.db, &ctx.tr, None, &input, state.now()).await?;
    let post = store::get_post(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let location = format!("/api/v1/{}/{}", collection(kind), post.slug);
    let mut r = api::created(location, post_json(state, &post).await?);
    let (k, v) = api::etag(post.version);
    r.headers_mut().insert(k, v);
    Ok(r)
}

/// PUT (`replace`: every field required, over the defaults) or PATCH (over the stored post).
#[allow(clippy::too_many_arguments)]
async fn update(
    state: &AppState,
    ctx: &Ctx,
    user: &Principal,
    kind: Kind,
    slug: &str,
    headers: &HeaderMap,
    write: PostWrite,
    replace: bool,
) -> AppResult<Response> {
    let existing = store::get_post_by_slug(&state.db, kind.as_str(), slug).await?.ok_or(AppError::NotFound)?;
    authorize(user, existing.club.as_ref().map(|c| c.id))?;
    let expected = api::if_match(headers, existing.version)?;
    let mut body = if replace {
        api::require_fields(&write.missing())?;
        PostBody::default()
    } else {
        PostBody::of(state, &existing).await?
    };
    write.apply(&mut body);
    let input = to_input(state, kind, body, Some(&existing), user.user_id).await?;
    authorize(user, input.club_id)?;
    super::save_post_if(&state.db, &ctx.tr, existing.id, &input, expected, state.now())
        .await?
        .ok_or(AppError::PreconditionFailed("api-error-stale"))?;
    let post = store::get_post(&state.db, existing.id).await?.ok_or(AppError::NotFound)?;
    Ok(api::json_with_etag(StatusCode::OK, post.version, post_json(state, &post).await?))
}

async fn remove(state: &AppState, user: &Principal, kind: Kind, slug: &str, headers: &HeaderMap) -> AppResult<Response> {
    let existing = store::get_post_by_slug(&state.db, kind.as_str(), slug).await?.ok_or(AppError::NotFound)?;
    authorize(user, existing.club.as_ref().map(|c| c.id))?;
    let expected = api::if_match(headers, existing.version)?;
    if !store::delete_post(&state.db, existing.id, expected).await? && expected.is_some() {
        return Err(AppError::PreconditionFailed("api-error-stale"));
    }
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

async fn create_post(State(state): State<AppState>, ctx: Ctx, ApiUser(user): ApiUser, Json(body): Json<PostWrite>) -> AppResult<Response> {
    create(&state, &ctx, &user, Kind::Post, body).await
}

async fn create_page(State(state): State<AppState>, ctx: Ctx, ApiUser(user): ApiUser, Json(body): Json<PostWrite>) -> AppResult<Response> {
    create(&state, &ctx, &user, Kind::Page, body).await
}

/// The four write handlers in one: PUT (`REPLACE`, a full replacement) or PATCH of a post, or
/// of a page (`PAGE`).
async fn write<const PAGE: bool, const REPLACE: bool>(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Json(body): Json<PostWrite>,
) -> AppResult<Response> {
    let kind = if PAGE { Kind::Page } else { Kind::Post };
    update(&state, &ctx, &user, kind, &slug, &headers, body, REPLACE).await
}

async fn delete_post(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    remove(&state, &user, Kind::Post, &slug, &headers).await
}

async fn delete_page(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    remove(&state, &user, Kind::Page, &slug, &headers).await
}
