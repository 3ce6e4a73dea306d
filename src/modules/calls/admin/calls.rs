//! The managers' calls: the list, the call's editor and its categories; its stages with their
//! rubric (`admin/manage_stages.rs`) and its form (`admin/manage_form.rs`). The back office's
//! shared pieces are here too (`manageable`, `layout`, `CallNav`), for the other back-office
//! files of the calls (jury, ranking, decisions).
//!
//! Managers of a call are the people who may publish for its club
//! (`Principal::can_publish(call.club_id)`); the network's calls (no club) are the network
//! administrators'. Another club's call is a 403, a missing one a 404, a visitor who is not
//! signed in goes to the sign-in page. Every POST checks the CSRF token.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult, FieldError, too_long};
use crate::core::values::Slug;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::calls::model::{Call, CallInput, Category, CategoryInput};
use crate::modules::calls::store::{self, manage::CallRow};
use crate::modules::network::{self, Club, Partner};

#[path = "manage_form.rs"]
mod manage_form;
#[path = "manage_stages.rs"]
mod manage_stages;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/appels", get(list))
        .route("/admin/appels/nouveau", get(new).post(create))
        .route("/admin/appels/{id}", get(edit).post(update))
        .route("/admin/appels/{id}/categories", get(categories).post(create_category))
        .route("/admin/appels/{id}/categories/{cat}", post(update_category))
        .route("/admin/appels/{id}/categories/{cat}/supprimer", post(delete_category))
        .route(
            "/admin/appels/{id}/categories/{cat}/monter",
            post(|s: State<AppState>, c: Ctx, p: Path<(i64, i64)>, f: Form<CsrfForm>| move_category(s, c, p, f, true)),
        )
        .route(
            "/admin/appels/{id}/categories/{cat}/descendre",
            post(|s: State<AppState>, c: Ctx, p: Path<(i64, i64)>, f: Form<CsrfForm>| move_category(s, c, p, f, false)),
        )
        .merge(manage_stages::routes())
        .merge(manage_form::routes())
}

/// The back office's section of the calls (the admin menu's entry).
pub const SECTION: &str = "calls-admin";

/// A back-office page of the calls: the network's admin layout, the calls' menu entry marked.
pub async fn layout(state: &AppState, ctx: &Ctx, title: impl Into<String>) -> AppResult<Layout> {
    Ok(network::admin_layout(state, ctx, title, SECTION).await?)
}

/// A call this person may manage: 404 if there is none, 403 if it is another club's (or the
/// network's, for a club's staff).
pub async fn manageable(state: &AppState, user: &Principal, call_id: i64) -> AppResult<Call> {
    let call = store::call_by_id(&state.db, call_id).await?.ok_or(AppError::NotFound)?;
    if !user.can_publish(call.club_id) {
        return Err(AppError::Forbidden);
    }
    Ok(call)
}

/// The tabs of one call's back office (`templates/calls/admin_nav.html`): hold a
/// `nav: CallNav` in the page and `{% include "calls/admin_nav.html" %}`. `tab` is one of
/// `call`, `categories`, `form`, `stages`, `applications`, or any other string (no tab marked
/// current: a stage's jury, ranking or decision).
#[derive(Clone, Debug)]
pub struct CallNav {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub public: bool,
    pub tab: &'static str,
}

impl CallNav {
    pub fn new(call: &Call, tab: &'static str) -> CallNav {
        CallNav { id: call.id, title: call.title.clone(), slug: call.slug.clone(), public: call.status == "published", tab }
    }
}

/// A form that only carries its CSRF token (moves, deletions).
#[derive(serde::Deserialize, Default)]
pub(super) struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// `?ok=` after a redirect, `?modifier=` to edit an item of a list.
#[derive(serde::Deserialize, Default)]
pub(super) struct PageQuery {
    pub ok: Option<String>,
    pub modifier: Option<i64>,
}

/// The message of a `?ok=` flag after a redirect (only known flags).
pub(super) fn flash(ctx: &Ctx, ok: Option<&str>) -> Option<String> {
    let key = match ok? {
        "saved" => "admin-flash-saved",
        "deleted" => "admin-flash-deleted",
        "created" => "calls-admin-flash-created",
        "decided" => "calls-admin-flash-decided",
        _ => return None,
    };
    Some(ctx.tr.t(key))
}

/// The status's message key.
pub fn status_key(status: &str) -> &'static str {
    match status {
        "published" => "calls-admin-status-published",
        "archived" => "calls-admin-status-archived",
        _ => "calls-admin-status-draft",
    }
}

fn kind_key(kind: &str) -> &'static str {
    if kind == "call" { "calls-admin-kind-call" } else { "calls-admin-kind-competition" }
}

/// A text field's error when it is empty (required) or longer than `max` characters.
pub(super) fn text_error(errors: &mut FormErrors, field: &str, value: &str, required: bool, max: usize) {
    let n = value.trim().chars().count();
    if required && n == 0 {
        errors.add(field, "field-required");
    } else if n > max {
        errors.add(field, &too_long(n, max));
    }
}

// ---- the list ----

#[derive(askama::Template)]
#[template(path = "calls/admin_list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<CallRow>,
    flash: Option<String>,
}

impl ListPage {
    fn status_key(&self, status: &str) -> &'static str {
        status_key(status)
    }
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let rows = store::manage::call_rows(&state.db).await?.into_iter().filter(|r| user.can_publish(r.call.club_id)).collect();
    let l = layout(&state, &ctx, ctx.tr.t("calls-admin-title")).await?;
    html(&ListPage { l, rows, flash: flash(&ctx, q.ok.as_deref()) })
}

// ---- the call's editor ----

/// What the manager typed (kept to show the form again with its errors).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CallForm {
    pub csrf: String,
    pub title: String,
    pub slug: String,
    pub club_id: String,
    pub kind: String,
    pub summary: String,
    pub rules: String,
    pub eligibility: String,
    pub opens_at: String,
    pub closes_at: String,
    pub status: String,
    pub ceremony_event_id: String,
}

impl CallForm {
    fn blank(club: Option<i64>) -> CallForm {
        CallForm {
            club_id: club.map(|c| c.to_string()).unwrap_or_default(),
            kind: "competition".into(),
            status: "draft".into(),
            ..Default::default()
        }
    }

    fn of(c: &Call, tr: &crate::core::i18n::Tr) -> CallForm {
        CallForm {
            csrf: String::new(),
            title: c.title.clone(),
            slug: c.slug.clone(),
            club_id: c.club_id.map(|c| c.to_string()).unwrap_or_default(),
            kind: c.kind.clone(),
            summary: c.summary.clone(),
            rules: c.rules.clone(),
            eligibility: c.eligibility.clone(),
            opens_at: tr.input_datetime(c.opens_at),
            closes_at: tr.input_datetime(c.closes_at),
            status: c.status.clone(),
            ceremony_event_id: c.ceremony_event_id.map(|e| e.to_string()).unwrap_or_default(),
        }
    }

    /// Check everything; `parse_dt` reads a datetime-local value in the site's time zone,
    /// `may_use_club` whether this person may put the call in that club (`None`: the
    /// network's), `event_exists` whether a ceremony event id is known.
    pub fn check(
        &self,
        parse_dt: impl Fn(&str) -> Option<i64>,
        may_use_club: impl Fn(Option<i64>) -> bool,
        event_exists: impl Fn(i64) -> bool,
    ) -> Result<CallInput, Vec<FieldError>> {
        let mut errors = FormErrors::default();
        text_error(&mut errors, "title", &self.title, true, 200);
        let slug = Slug::typed_or_from(&self.slug, &self.title);
        if (!self.title.trim().is_empty() || !self.slug.trim().is_empty())
            && let Err(e) = Slug::parse(&slug)
        {
            errors.add("slug", e);
        }
        let club = match self.club_id.trim() {
            "" => Some(None),
            s => s.parse::<i64>().ok().map(Some),
        };
        let club = match club {
            Some(c) if may_use_club(c) => c,
            _ => {
                errors.add("club_id", "calls-admin-error-club");
                None
            }
        };
        if !["competition", "call"].contains(&self.kind.as_str()) {
            errors.add("kind", "calls-admin-error-choice");
        }
        text_error(&mut errors, "summary", &self.summary, false, 1000);
        text_error(&mut errors, "rules", &self.rules, false, 20_000);
        text_error(&mut errors, "eligibility", &self.eligibility, false, 20_000);
        let opens = match self.opens_at.trim() {
            "" => {
                errors.add("opens_at", "field-required");
                None
            }
            s => parse_dt(s).or_else(|| {
                errors.add("opens_at", "calls-admin-error-datetime");
                None
            }),
        };
        let closes = match self.closes_at.trim() {
            "" => {
                errors.add("closes_at", "field-required");
                None
            }
            s => parse_dt(s).or_else(|| {
                errors.add("closes_at", "calls-admin-error-datetime");
                None
            }),
        };
        if let (Some(o), Some(c)) = (opens, closes)
            && c <= o
        {
            errors.add("closes_at", "calls-admin-error-closes-before");
        }
        if !["draft", "published", "archived"].contains(&self.status.as_str()) {
            errors.add("status", "calls-admin-error-choice");
        }
        let ceremony = match self.ceremony_event_id.trim() {
            "" => None,
            s => match s.parse::<i64>().ok().filter(|id| event_exists(*id)) {
                Some(id) => Some(id),
                None => {
                    errors.add("ceremony_event_id", "calls-admin-error-choice");
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors.0);
        }
        Ok(CallInput {
            slug,
            club_id: club,
            kind: self.kind.clone(),
            title: self.title.trim().to_string(),
            summary: self.summary.trim().to_string(),
            rules: self.rules.trim().to_string(),
            eligibility: self.eligibility.trim().to_string(),
            status: self.status.clone(),
            opens_at: opens.unwrap_or_default(),
            closes_at: closes.unwrap_or_default(),
            ceremony_event_id: ceremony,
        })
    }
}

#[derive(askama::Template)]
#[template(path = "calls/admin_call.html")]
struct EditPage {
    l: Layout,
    nav: Option<CallNav>,
    form: CallForm,
    errors: FormErrors,
    clubs: Vec<Club>,
    national_allowed: bool,
    /// The events a ceremony may be: (id, title and date).
    events: Vec<(i64, String)>,
    zone: String,
    flash: Option<String>,
}

impl EditPage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| self.label(f))
    }

    fn label(&self, field: &str) -> String {
        self.l.t(match field {
            "title" => "admin-field-title",
            "slug" => "admin-field-slug",
            "club_id" => "calls-admin-field-owner",
            "kind" => "calls-admin-field-kind",
            "summary" => "calls-admin-field-summary",
            "rules" => "calls-admin-field-rules",
            "eligibility" => "calls-admin-field-eligibility",
            "opens_at" => "calls-admin-field-opens",
            "closes_at" => "calls-admin-field-closes",
            "status" => "calls-admin-field-status",
            _ => "calls-admin-field-ceremony",
        })
    }

    fn status_key(&self, status: &str) -> &'static str {
        status_key(status)
    }

    fn kind_key(&self, kind: &str) -> &'static str {
        kind_key(kind)
    }
}

/// The events a ceremony may be: the published events of the last three years and to come,
/// and the one already chosen.
async fn ceremony_events(state: &AppState, ctx: &Ctx, current: Option<i64>) -> AppResult<Vec<(i64, String)>> {
    let mut events = crate::modules::events::upcoming_events(&state.db, ctx.now - 3 * 365 * 86_400, 300).await?;
    if let Some(id) = current
        && !events.iter().any(|e| e.id == id)
        && let Some(e) = crate::modules::events::get_event(&state.db, id).await?
    {
        events.push(e);
    }
    Ok(events.into_iter().map(|e| (e.id, format!("{} ({})", e.title, ctx.tr.date(e.starts_at)))).collect())
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    user: &Principal,
    call: Option<&Call>,
    form: CallForm,
    errors: FormErrors,
) -> AppResult<EditPage> {
    let title = match call {
        Some(c) => ctx.tr.a("calls-admin-edit-title", "title", &c.title),
        None => ctx.tr.t("calls-admin-new"),
    };
    let l = layout(state, ctx, title).await?;
    let mut clubs: Vec<Club> = network::list_clubs(&state.db).await?.into_iter().filter(|c| user.can_publish(Some(c.id))).collect();
    crate::core::i18n::collate(&mut clubs, |c| &c.name);
    let events = ceremony_events(state, ctx, call.and_then(|c| c.ceremony_event_id)).await?;
    let zone = state.tz.iana_name().unwrap_or("UTC").to_string();
    let national_allowed = user.can_publish(None) || call.is_some_and(|c| c.club_id.is_none());
    Ok(EditPage { l, nav: call.map(|c| CallNav::new(c, "call")), form, errors, clubs, national_allowed, events, zone, flash: None })
}

async fn new(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.staff()?;
    let club = user.publishing_clubs().and_then(|c| c.first().copied());
    html(&edit_page(&state, &ctx, user, None, CallForm::blank(club), FormErrors::default()).await?)
}

async fn edit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let form = CallForm::of(&call, &ctx.tr);
    let mut page = edit_page(&state, &ctx, user, Some(&call), form, FormErrors::default()).await?;
    page.flash = flash(&ctx, q.ok.as_deref());
    html(&page)
}

/// Check the form against what exists (clubs, events, slugs).
async fn checked(
    state: &AppState,
    ctx: &Ctx,
    user: &Principal,
    form: &CallForm,
    call: Option<&Call>,
) -> AppResult<Result<CallInput, FormErrors>> {
    let events: Vec<i64> = ceremony_events(state, ctx, call.and_then(|c| c.ceremony_event_id)).await?.into_iter().map(|e| e.0).collect();
    let clubs: Vec<i64> = network::list_clubs(&state.db).await?.into_iter().map(|c| c.id).collect();
    let result = form.check(
        |s| ctx.tr.parse_input_datetime(s),
        |c| call.is_some_and(|x| x.club_id == c) || (user.can_publish(c) && c.is_none_or(|c| clubs.contains(&c))),
        |e| events.contains(&e),
    );
    let mut errors = FormErrors::default();
    let input = match result {
        Ok(i) => Some(i),
        Err(e) => {
            errors.0.extend(e);
            None
        }
    };
    let slug = Slug::typed_or_from(&form.slug, &form.title);
    if !errors.has("slug") && Slug::is_valid(&slug) && store::manage::call_slug_taken(&state.db, &slug, call.map(|c| c.id)).await? {
        errors.add("slug", "field-slug-taken");
    }
    Ok(match input {
        Some(i) if errors.is_empty() => Ok(i),
        _ => Err(errors),
    })
}

async fn create(State(state): State<AppState>, ctx: Ctx, Form(form): Form<CallForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&form.csrf)?;
    let input = match checked(&state, &ctx, user, &form, None).await? {
        Ok(i) => i,
        Err(errors) => return html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, None, form, errors).await?),
    };
    let mut tx = state.db.begin().await?;
    match store::insert_call(&mut tx, &input, Some(user.user_id), ctx.now).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(see_other(&format!("/admin/appels/{id}?ok=created")))
        }
        Err(e) => {
            tx.rollback().await?;
            let errors = FormErrors(vec![AppError::taken(e)?]);
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, None, form, errors).await?)
        }
    }
}

async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<CallForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    let input = match checked(&state, &ctx, user, &form, Some(&call)).await? {
        Ok(i) => i,
        Err(errors) => {
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, Some(&call), form, errors).await?);
        }
    };
    let mut tx = state.db.begin().await?;
    match store::update_call(&mut tx, id, &input, ctx.now).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(see_other(&format!("/admin/appels/{id}?ok=saved")))
        }
        Err(e) => {
            tx.rollback().await?;
            let errors = FormErrors(vec![AppError::taken(e)?]);
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, Some(&call), form, errors).await?)
        }
    }
}

// ---- categories ----

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CategoryForm {
    pub csrf: String,
    pub name: String,
    pub description: String,
    pub prize: String,
    pub sponsor_id: String,
}

impl CategoryForm {
    fn of(c: &Category) -> CategoryForm {
        CategoryForm {
            csrf: String::new(),
            name: c.name.clone(),
            description: c.description.clone(),
            prize: c.prize.clone(),
            sponsor_id: c.sponsor_id.map(|s| s.to_string()).unwrap_or_default(),
        }
    }

    /// Check the form; `partners` are the ids a sponsor may be.
    pub fn check(&self, partners: &[i64]) -> Result<CategoryInput, FormErrors> {
        let mut errors = FormErrors::default();
        text_error(&mut errors, "name", &self.name, true, 200);
        text_error(&mut errors, "description", &self.description, false, 2000);
        text_error(&mut errors, "prize", &self.prize, false, 300);
        let sponsor = match self.sponsor_id.trim() {
            "" => None,
            s => match s.parse::<i64>().ok().filter(|p| partners.contains(p)) {
                Some(p) => Some(p),
                None => {
                    errors.add("sponsor_id", "calls-admin-error-choice");
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CategoryInput {
            name: self.name.trim().into(),
            description: self.description.trim().into(),
            prize: self.prize.trim().into(),
            sponsor_id: sponsor,
        })
    }
}

#[derive(askama::Template)]
#[template(path = "calls/admin_categories.html")]
struct CategoriesPage {
    l: Layout,
    nav: CallNav,
    categories: Vec<Category>,
    partners: Vec<Partner>,
    editing: Option<i64>,
    form: CategoryForm,
    errors: FormErrors,
    flash: Option<String>,
}

impl CategoriesPage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| {
            self.l.t(match f {
                "name" => "calls-admin-category-name",
                "description" => "calls-admin-category-description",
                "prize" => "calls-admin-category-prize",
                _ => "calls-admin-category-sponsor",
            })
        })
    }
}

async fn categories_page(
    state: &AppState,
    ctx: &Ctx,
    call: &Call,
    editing: Option<i64>,
    form: CategoryForm,
    errors: FormErrors,
) -> AppResult<CategoriesPage> {
    let l = layout(state, ctx, ctx.tr.a("calls-admin-categories-title", "title", &call.title)).await?;
    let categories = store::categories(&state.db, call.id).await?;
    let mut partners = network::list_partners(&state.db).await?;
    crate::core::i18n::collate(&mut partners, |p| &p.name);
    Ok(CategoriesPage { l, nav: CallNav::new(call, "categories"), categories, partners, editing, form, errors, flash: None })
}

async fn categories(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let (editing, form) = match q.modifier {
        Some(cat) => {
            let list = store::categories(&state.db, id).await?;
            let c = list.iter().find(|c| c.id == cat).ok_or(AppError::NotFound)?;
            (Some(cat), CategoryForm::of(c))
        }
        None => (None, CategoryForm::default()),
    };
    let mut page = categories_page(&state, &ctx, &call, editing, form, FormErrors::default()).await?;
    page.flash = flash(&ctx, q.ok.as_deref());
    html(&page)
}

async fn partner_ids(state: &AppState) -> AppResult<Vec<i64>> {
    Ok(network::list_partners(&state.db).await?.into_iter().map(|p| p.id).collect())
}

async fn create_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<CategoryForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    let input = match form.check(&partner_ids(&state).await?) {
        Ok(i) => i,
        Err(errors) => {
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &categories_page(&state, &ctx, &call, None, form, errors).await?);
        }
    };
    let mut tx = state.db.begin().await?;
    store::insert_category(&mut tx, id, &input).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/appels/{id}/categories?ok=saved")))
}

async fn update_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cat)): Path<(i64, i64)>,
    Form(form): Form<CategoryForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    if !store::categories(&state.db, id).await?.iter().any(|c| c.id == cat) {
        return Err(AppError::NotFound);
    }
    let input = match form.check(&partner_ids(&state).await?) {
        Ok(i) => i,
        Err(errors) => {
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &categories_page(&state, &ctx, &call, Some(cat), form, errors).await?);
        }
    };
    let mut tx = state.db.begin().await?;
    store::manage::update_category(&mut tx, id, cat, &input).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/appels/{id}/categories?ok=saved")))
}

/// Delete a category (its applications and outcomes keep no category).
async fn delete_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cat)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    manageable(&state, user, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut tx = state.db.begin().await?;
    let done = store::manage::delete_category(&mut tx, id, cat).await?;
    tx.commit().await?;
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/admin/appels/{id}/categories?ok=deleted")))
}

async fn move_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cat)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
    up: bool,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    manageable(&state, user, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut ids: Vec<i64> = store::categories(&state.db, id).await?.into_iter().map(|c| c.id).collect();
    let i = ids.iter().position(|c| *c == cat).ok_or(AppError::NotFound)?;
    let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < ids.len()) };
    if let Some(j) = j {
        ids.swap(i, j);
        let mut tx = state.db.begin().await?;
        store::manage::order_categories(&mut tx, id, &ids).await?;
        tx.commit().await?;
    }
    Ok(see_other(&format!("/admin/appels/{id}/categories?ok=saved")))
}

/// The form kit's owner of a call's form (`calls:{id}`).
pub fn form_owner(call_id: i64) -> String {
    manage_form::owner(call_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<i64> {
        let dt: jiff::civil::DateTime = s.parse().ok()?;
        dt.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_second())
    }

    #[test]
    fn a_call_needs_a_title_dates_in_order_and_a_known_club() {
        let f = CallForm {
            title: "Trophées de l’inclusion 2027".into(),
            opens_at: "2027-01-10T09:00".into(),
            closes_at: "2027-03-15T12:00".into(),
            ..CallForm::blank(Some(3))
        };
        let c = f.check(parse, |c| c == Some(3), |_| false).unwrap();
        assert_eq!(c.slug, "trophees-de-l-inclusion-2027");
        assert_eq!(c.club_id, Some(3));
        let bad = CallForm { title: String::new(), closes_at: "2027-01-01T00:00".into(), club_id: "4".into(), ..f.clone() };
        let fields: Vec<String> = bad.check(parse, |c| c == Some(3), |_| false).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["title", "club_id", "closes_at"]);
        let national = CallForm { club_id: String::new(), ..f };
        assert!(national.check(parse, |c| c == Some(3), |_| false).is_err(), "the network's calls are its administrators'");
    }
}
