//! Dashboard, and the editor of posts and pages.

use axum::Router;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::{CsrfForm, ListQuery, confirm_page, flash, layout, read_multipart, store_upload};
use crate::core::auth::Principal;
use crate::core::dashboard::{Figure, Panel, WEEK};
use crate::core::error::{AppError, AppResult};
use crate::core::markup;
use crate::core::media::{self, Media};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::network::{self, Club, Contact};
use crate::modules::news::model::{EditorForm, Kind, PageLink, Pager, Picture, Post, PostInput, Term};
use crate::modules::news::{save_post, save_post_if, store};

const ADMIN_PAGE_SIZE: i64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/articles", get(|s: State<AppState>, c: Ctx, q: Query<ListQuery>| list(s, c, q, Kind::Post)))
        .route("/admin/pages", get(|s: State<AppState>, c: Ctx, q: Query<ListQuery>| list(s, c, q, Kind::Page)))
        .route(
            "/admin/articles/nouveau",
            get(|s: State<AppState>, c: Ctx| new(s, c, Kind::Post))
                .post(|s: State<AppState>, c: Ctx, m: Result<Multipart, MultipartRejection>| save(s, c, Kind::Post, None, m)),
        )
        .route(
            "/admin/pages/nouveau",
            get(|s: State<AppState>, c: Ctx| new(s, c, Kind::Page))
                .post(|s: State<AppState>, c: Ctx, m: Result<Multipart, MultipartRejection>| save(s, c, Kind::Page, None, m)),
        )
        .route(
            "/admin/articles/{id}",
            get(|s: State<AppState>, c: Ctx, p: Path<i64>, q: Query<ListQuery>| edit(s, c, Kind::Post, p, q)).post(
                |s: State<AppState>, c: Ctx, Path(id): Path<i64>, m: Result<Multipart, MultipartRejection>| {
                    save(s, c, Kind::Post, Some(id), m)
                },
            ),
        )
        .route(
            "/admin/pages/{id}",
            get(|s: State<AppState>, c: Ctx, p: Path<i64>, q: Query<ListQuery>| edit(s, c, Kind::Page, p, q)).post(
                |s: State<AppState>, c: Ctx, Path(id): Path<i64>, m: Result<Multipart, MultipartRejection>| {
                    save(s, c, Kind::Page, Some(id), m)
                },
            ),
        )
        .route(
            "/admin/articles/{id}/depublier",
            axum::routing::post(|s: State<AppState>, c: Ctx, p: Path<i64>, f: Form<CsrfForm>| unpublish(s, c, Kind::Post, p, f)),
        )
        .route(
            "/admin/pages/{id}/depublier",
            axum::routing::post(|s: State<AppState>, c: Ctx, p: Path<i64>, f: Form<CsrfForm>| unpublish(s, c, Kind::Page, p, f)),
        )
        .route(
            "/admin/articles/{id}/supprimer",
            get(|s: State<AppState>, c: Ctx, p: Path<i64>| confirm_delete(s, c, Kind::Post, p))
                .post(|s: State<AppState>, c: Ctx, p: Path<i64>, f: Form<CsrfForm>| delete(s, c, Kind::Post, p, f)),
        )
        .route(
            "/admin/pages/{id}/supprimer",
            get(|s: State<AppState>, c: Ctx, p: Path<i64>| confirm_delete(s, c, Kind::Page, p))
                .post(|s: State<AppState>, c: Ctx, p: Path<i64>, f: Form<CsrfForm>| delete(s, c, Kind::Page, p, f)),
        )
}

fn base(kind: Kind) -> &'static str {
    match kind {
        Kind::Post => "/admin/articles",
        Kind::Page => "/admin/pages",
    }
}

fn section(kind: Kind) -> &'static str {
    match kind {
        Kind::Post => "posts",
        Kind::Page => "pages",
    }
}

/// A post of `kind` that this person may edit: 404 if there is none, 403 if it is another club's.
async fn editable(state: &AppState, user: &Principal, kind: Kind, id: i64) -> AppResult<Post> {
    let post = store::get_post(&state.db, id).await?.filter(|p| p.kind == kind.as_str()).ok_or(AppError::NotFound)?;
    if !user.can_publish(post.club.as_ref().map(|c| c.id)) {
        return Err(AppError::Forbidden);
    }
    Ok(post)
}

// ---- the news' panel on the dashboard (core::dashboard) ----

#[derive(askama::Template)]
#[template(path = "admin/dashboard_news.html")]
struct NewsPanel<'a> {
    l: &'a Layout,
    drafts: Vec<Post>,
    scheduled: Vec<Post>,
    latest: Vec<Post>,
    now: i64,
}

/// Comments to moderate and drafts need attention; posts published and comments received in
/// the last seven days; then the drafts, scheduled and latest posts of the person's clubs.
pub(super) async fn panel(state: &AppState, ctx: &Ctx, l: &Layout) -> AppResult<Option<Panel>> {
    let user = ctx.staff()?;
    let clubs = user.publishing_clubs();
    let clubs = clubs.as_deref();
    let tr = &ctx.tr;
    let pending = store::count_comments_for_clubs(&state.db, "pending", clubs).await?;
    let counts = store::dashboard_counts(&state.db, clubs, ctx.now - WEEK, ctx.now).await?;
    let drafts = store::list_unpublished_for_admin(&state.db, clubs, false, ctx.now, 10).await?;
    let scheduled = store::list_unpublished_for_admin(&state.db, clubs, true, ctx.now, 10).await?;
    let latest = store::list_posts_for_admin(&state.db, "post", clubs, 10, 0).await?;
    let figure = |value: i64, key: &str, href: &str| Figure { value, label: tr.n(key, value), href: href.to_string() };
    let html = askama::Template::render(&NewsPanel { l, drafts, scheduled, latest, now: ctx.now })?;
    Ok(Some(Panel {
        order: 10,
        actions: vec![
            (tr.t("admin-post-new"), "/admin/articles/nouveau".to_string()),
            (tr.t("admin-page-new"), "/admin/pages/nouveau".to_string()),
        ],
        attention: vec![
            figure(pending, "admin-dash-pending-comments", "/admin/commentaires?statut=pending"),
            figure(counts.drafts, "admin-dash-drafts", "/admin/articles#dash-drafts"),
        ],
        week: vec![
            figure(counts.published, "admin-dash-published-week", "/admin/articles"),
            figure(counts.comments, "admin-dash-comments-week", "/admin/commentaires"),
        ],
        html,
    }))
}

// ---- lists ----

#[derive(askama::Template)]
#[template(path = "admin/posts.html")]
struct ListPage {
    l: Layout,
    is_page: bool,
    base: &'static str,
    posts: Vec<Post>,
    pager: Pager,
    now: i64,
    flash: Option<String>,
    manages_terms: bool,
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>, kind: Kind) -> AppResult<Response> {
    let user = ctx.staff()?;
    let clubs = user.publishing_clubs();
    let page = q.page.unwrap_or(1);
    let total = store::count_posts_for_admin(&state.db, kind.as_str(), clubs.as_deref()).await?;
    let pager = Pager::new(page, total, ADMIN_PAGE_SIZE, base(kind));
    if page < 1 || page > pager.last {
        return Err(AppError::NotFound);
    }
    let posts =
        store::list_posts_for_admin(&state.db, kind.as_str(), clubs.as_deref(), ADMIN_PAGE_SIZE, (page - 1) * ADMIN_PAGE_SIZE).await?;
    let title = ctx.tr.t(if kind == Kind::Page { "admin-pages" } else { "admin-posts" });
    let l = layout(&state, &ctx, title, section(kind)).await?;
    let flash = flash(&ctx.tr, q.ok.as_deref());
    html(&ListPage {
        l,
        is_page: kind == Kind::Page,
        base: base(kind),
        posts,
        pager,
        now: ctx.now,
        flash,
        manages_terms: user.is_network_admin(),
    })
}

// ---- editor ----

/// The post as it would look, for the preview (nothing saved).
struct Preview {
    title: String,
    body_html: String,
    image: Option<Picture>,
    published_at: Option<i64>,
    club: Option<String>,
    categories: Vec<String>,
    tags: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "admin/editor.html")]
struct EditorPage {
    l: Layout,
    is_page: bool,
    base: &'static str,
    id: Option<i64>,
    /// published | scheduled | draft of the stored post, and its public address.
    state: Option<(&'static str, &'static str)>,
    public_url: Option<String>,
    form: EditorForm,
    errors: FormErrors,
    clubs: Vec<Club>,
    national_allowed: bool,
    images: Vec<Media>,
    categories: Vec<Term>,
    contacts: Vec<Contact>,
    parents: Vec<(i64, String)>,
    preview: Option<Preview>,
    flash: Option<String>,
    /// Someone else saved meanwhile: their version, to merge from.
    theirs: Option<Post>,
}

impl EditorPage {
    /// A picture's line in the chooser: its file name and the start of its alternative text,
    /// short enough that the list stays within the settings column.
    fn image_label(&self, m: &Media) -> String {
        let name = markup::truncate_words(&m.filename, 40);
        if m.alt.is_empty() { name } else { format!("{name} – {}", markup::truncate_words(&m.alt, 40)) }
    }

    fn is_draft(&self) -> bool {
        self.state.is_none_or(|(s, _)| s == "draft")
    }

    /// The error summary's lines, each message after its field's label.
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| self.label(f))
    }

    /// The label of a field, for the error summary.
    fn label(&self, field: &str) -> String {
        let key = match field {
            "title" => "admin-field-title",
            "slug" => "admin-field-slug",
            "club_id" => "admin-field-club",
            "parent_id" => "admin-field-parent",
            "body_format" => "admin-field-format",
            "body" => "admin-field-body",
            "excerpt" => "admin-field-excerpt",
            "image_id" => "admin-field-image-library",
            "new_image" => "admin-field-image-upload",
            "new_image_alt" => "media-alt",
            "category_ids" => "news-categories",
            "tags" => "news-tags",
            "contact_ids" => "news-contacts",
            "publish" => "admin-field-publication",
            _ => "admin-field-date",
        };
        self.l.t(key)
    }
}

#[allow(clippy::too_many_arguments)]
async fn editor_page(
    state: &AppState,
    ctx: &Ctx,
    user: &Principal,
    kind: Kind,
    post: Option<&Post>,
    form: EditorForm,
    errors: FormErrors,
    preview: Option<Preview>,
) -> AppResult<EditorPage> {
    let key = match (kind, post.is_some()) {
        (Kind::Post, false) => "admin-post-new",
        (Kind::Post, true) => "admin-post-edit",
        (Kind::Page, false) => "admin-page-new",
        (Kind::Page, true) => "admin-page-edit",
    };
    let l = layout(state, ctx, ctx.tr.t(key), section(kind)).await?;
    let clubs = network::list_clubs(&state.db).await?.into_iter().filter(|c| user.can_publish(Some(c.id))).collect();
    let images = media::list(&state.db, Some("image"), 200).await?;
    let categories = if kind == Kind::Post { store::list_categories(&state.db).await? } else { vec![] };
    let contacts = network::list_contacts(&state.db).await?;
    let parents = if kind == Kind::Page {
        store::list_posts_for_admin(&state.db, "page", user.publishing_clubs().as_deref(), 500, 0)
            .await?
            .into_iter()
            .filter(|p| Some(p.id) != post.map(|x| x.id))
            .map(|p| (p.id, p.title))
            .collect()
    } else {
        vec![]
    };
    Ok(EditorPage {
        l,
        is_page: kind == Kind::Page,
        base: base(kind),
        id: post.map(|p| p.id),
        state: post.map(|p| (p.state(ctx.now), p.state_key(ctx.now))),
        public_url: post.map(Post::url),
        form,
        errors,
        clubs,
        national_allowed: user.can_publish(None),
        images,
        categories,
        contacts,
        parents,
        preview,
        flash: None,
        theirs: None,
    })
}

async fn new(State(state): State<AppState>, ctx: Ctx, kind: Kind) -> AppResult<Response> {
    let user = ctx.staff()?;
    let club = user.publishing_clubs().and_then(|c| c.first().copied());
    let page = editor_page(&state, &ctx, user, kind, None, EditorForm::new_for(club), FormErrors::default(), None).await?;
    html(&page)
}

async fn edit(State(state): State<AppState>, ctx: Ctx, kind: Kind, Path(id): Path<i64>, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let post = editable(&state, user, kind, id).await?;
    let form = EditorForm::from_post(&post, &ctx.tr, store::term_ids_of(&state.db, id).await?);
    let mut page = editor_page(&state, &ctx, user, kind, Some(&post), form, FormErrors::default(), None).await?;
    page.flash = flash(&ctx.tr, q.ok.as_deref());
    html(&page)
}

/// Create or update (or preview) from the editor: extract, authorise, check, act, render.
async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    kind: Kind,
    id: Option<i64>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let existing = match id {
        Some(id) => Some(editable(&state, user, kind, id).await?),
        None => None,
    };
    let mut data = read_multipart(mp).await?;
    let mut form = EditorForm::from_fields(&data.fields);
    ctx.check_csrf(&form.csrf)?;
    let mut errors = FormErrors::default();
    if let Some(up) = data.take_file("new_image") {
        // A valid new picture joins the library at once, so that it is not lost if the form has errors.
        match store_upload(&state, user, up, &form.new_image_alt, true, "new_image_alt").await? {
            Ok(m) => {
                form.image_id = m.id.to_string();
                form.new_image_alt.clear();
            }
            Err((field, key)) => errors.add(field, key),
        }
    }
    let mut checked = form.check(kind, id, ctx.now, |s| ctx.tr.parse_input_datetime(s), |c| user.can_publish(c));
    // A published post's address never changes by accident: an emptied slug keeps its own.
    if let (Ok(input), Some(p)) = (&mut checked, &existing)
        && form.slug.trim().is_empty()
        && p.status == "published"
    {
        input.slug = p.slug.clone();
    }
    let input = match checked {
        Ok(input) => Some(input),
        Err(e) => {
            errors.0.extend(e);
            None
        }
    };
    if let Some(input) = &input {
        check_references(&state, user, kind, id, input, &mut errors).await?;
    }
    let input = match input {
        Some(i) if errors.is_empty() => i,
        _ => {
            let page = editor_page(&state, &ctx, user, kind, existing.as_ref(), form, errors, None).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    if form.is_preview() {
        let preview = preview_of(&state, &input).await?;
        let page = editor_page(&state, &ctx, user, kind, existing.as_ref(), form, errors, Some(preview)).await?;
        return html(&page);
    }
    let input = PostInput { author_id: Some(user.user_id), ..input };
    let saved = match (id, &existing) {
        (Some(id), Some(p)) => {
            // Saved from an older version than the stored one: nothing is overwritten.
            let expected = form.version();
            if expected.is_some_and(|v| v != p.version) {
                Ok(None)
            } else {
                save_post_if(&state.db, &ctx.tr, id, &input, expected, ctx.now).await
            }
        }
        _ => save_post(&state.db, &ctx.tr, None, &input, ctx.now).await.map(Some),
    };
    match saved {
        Ok(Some(saved)) => Ok(see_other(&format!("{}/{saved}?ok=saved", base(kind)))),
        Ok(None) => {
            // Someone else saved meanwhile: the form again, as typed, with their version beside
            // it; the form now carries their version, so that a save after merging goes through.
            let theirs = editable(&state, user, kind, id.unwrap_or_default()).await?;
            form.version = theirs.version.to_string();
            let mut page = editor_page(&state, &ctx, user, kind, Some(&theirs), form, errors, None).await?;
            page.theirs = Some(theirs);
            html_status(StatusCode::CONFLICT, &page)
        }
        Err(e) => {
            errors.0.push(AppError::taken(e)?);
            let page = editor_page(&state, &ctx, user, kind, existing.as_ref(), form, errors, None).await?;
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// What the database would refuse: a taken slug, a lead image that is not a picture, a
/// parent that is not a page, unknown categories or contacts.
async fn check_references(
    state: &AppState,
    user: &Principal,
    kind: Kind,
    id: Option<i64>,
    input: &PostInput,
    errors: &mut FormErrors,
) -> AppResult<()> {
    if store::slug_taken(&state.db, kind.as_str(), &input.slug, id).await? {
        errors.add("slug", "field-slug-taken");
    }
    if let Some(image) = input.image_id
        && media::get(&state.db, image).await?.is_none_or(|m| !m.is_image())
    {
        errors.add("image_id", "media-error-not-image");
    }
    if let Some(parent) = input.parent_id
        && store::get_post(&state.db, parent).await?.is_none_or(|p| p.kind != "page" || !user.can_publish(p.club.as_ref().map(|c| c.id)))
    {
        errors.add("parent_id", "error-bad-form");
    }
    let categories: Vec<i64> = store::list_categories(&state.db).await?.iter().map(|c| c.id).collect();
    if input.category_ids.iter().any(|c| !categories.contains(c)) {
        errors.add("category_ids", "error-bad-form");
    }
    let contacts: Vec<i64> = network::list_contacts(&state.db).await?.iter().map(|c| c.id).collect();
    if input.contact_ids.iter().any(|c| !contacts.contains(c)) {
        errors.add("contact_ids", "error-bad-form");
    }
    Ok(())
}

async fn preview_of(state: &AppState, input: &PostInput) -> AppResult<Preview> {
    let image = match input.image_id {
        Some(id) => media::get(&state.db, id).await?.map(|m| Picture { key: m.key, alt: m.alt }),
        None => None,
    };
    let club = match input.club_id {
        Some(id) => network::get_club(&state.db, id).await?.map(|c| c.name),
        None => None,
    };
    let categories =
        store::list_categories(&state.db).await?.into_iter().filter(|c| input.category_ids.contains(&c.id)).map(|c| c.name).collect();
    Ok(Preview {
        title: input.title.clone(),
        body_html: markup::render(&input.body_format, &input.body_source),
        image,
        published_at: input.published_at,
        club,
        categories,
        tags: input.tag_names.clone(),
    })
}

async fn unpublish(
    State(state): State<AppState>,
    ctx: Ctx,
    kind: Kind,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&form.csrf)?;
    editable(&state, user, kind, id).await?;
    store::set_post_status(&state.db, id, "draft", ctx.now).await?;
    Ok(see_other(&format!("{}/{id}?ok=unpublished", base(kind))))
}

async fn confirm_delete(State(state): State<AppState>, ctx: Ctx, kind: Kind, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let post = editable(&state, user, kind, id).await?;
    let question = ctx.tr.a("admin-delete-question", "name", &post.title);
    let b = base(kind);
    confirm_page(&state, &ctx, section(kind), question, format!("{b}/{id}/supprimer"), format!("{b}/{id}")).await
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    kind: Kind,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&form.csrf)?;
    editable(&state, user, kind, id).await?;
    store::delete_post(&state.db, id, None).await?;
    Ok(see_other(&format!("{}?ok=deleted", base(kind))))
}
