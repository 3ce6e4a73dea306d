//! Categories (create, edit, delete) and tags (delete); the network's administrators only,
//! since they are shared by every club.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::{CsrfForm, ListQuery, confirm_page, flash, layout};
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::news::model::{CategoryForm, Term};
use crate::modules::news::store;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/categories", get(list).post(create))
        .route("/admin/categories/{id}", get(edit).post(update))
        .route("/admin/categories/{id}/supprimer", get(confirm_delete_category).post(delete_category))
        .route("/admin/etiquettes", get(tags_home))
        .route("/admin/etiquettes/{id}/supprimer", get(confirm_delete_tag).post(delete_tag))
}

/// Tags are managed beside the categories: an address people guess leads there.
async fn tags_home() -> axum::response::Redirect {
    axum::response::Redirect::permanent("/admin/categories#etiquettes")
}

fn network_admin(ctx: &Ctx) -> AppResult<&Principal> {
    let user = ctx.staff()?;
    if user.is_network_admin() { Ok(user) } else { Err(AppError::Forbidden) }
}

#[derive(askama::Template)]
#[template(path = "admin/categories.html")]
struct TermsPage {
    l: Layout,
    categories: Vec<(Term, String, i64)>,
    tags: Vec<(Term, i64)>,
    /// The category being edited (None: a new one).
    editing: Option<i64>,
    form: CategoryForm,
    errors: FormErrors,
    flash: Option<String>,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    editing: Option<i64>,
    form: CategoryForm,
    errors: FormErrors,
    flash: Option<String>,
) -> AppResult<TermsPage> {
    let l = layout(state, ctx, ctx.tr.t("admin-categories"), "posts").await?;
    let categories = store::list_categories_for_admin(&state.db).await?;
    let tags = store::list_tags_for_admin(&state.db).await?;
    Ok(TermsPage { l, categories, tags, editing, form, errors, flash })
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let p = page(&state, &ctx, None, CategoryForm::default(), FormErrors::default(), flash(&ctx.tr, q.ok.as_deref())).await?;
    html(&p)
}

async fn edit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let (term, description) = store::get_category(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let form = CategoryForm { name: term.name, slug: term.slug, description, csrf: String::new() };
    let p = page(&state, &ctx, Some(id), form, FormErrors::default(), None).await?;
    html(&p)
}

async fn create(State(state): State<AppState>, ctx: Ctx, Form(form): Form<CategoryForm>) -> AppResult<Response> {
    save(state, ctx, None, form).await
}

async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<CategoryForm>) -> AppResult<Response> {
    save(state, ctx, Some(id), form).await
}

async fn save(state: AppState, ctx: Ctx, id: Option<i64>, form: CategoryForm) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&form.csrf)?;
    if let Some(id) = id {
        store::get_category(&state.db, id).await?.ok_or(AppError::NotFound)?;
    }
    let mut errors = FormErrors::default();
    match form.check() {
        Ok((slug, _, _)) if store::category_slug_taken(&state.db, &slug, id).await? => errors.add("slug", "field-slug-taken"),
        Ok((slug, name, description)) => {
            let saved = match id {
                Some(id) => store::update_category(&state.db, id, &slug, &name, &description).await.map(|_| ()),
                None => store::insert_category(&state.db, &slug, &name, &description).await.map(|_| ()),
            };
            // Another request may take the slug after the check: the database says so.
            match saved {
                Ok(()) => return Ok(see_other("/admin/categories?ok=saved")),
                Err(e) => errors.0.push(AppError::taken(e)?),
            }
        }
        Err(e) => errors.0 = e,
    }
    let p = page(&state, &ctx, id, form, errors, None).await?;
    html_status(StatusCode::UNPROCESSABLE_ENTITY, &p)
}

async fn confirm_delete_category(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let (term, _) = store::get_category(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let question = ctx.tr.a("admin-delete-question", "name", &term.name);
    confirm_page(&state, &ctx, "posts", question, format!("/admin/categories/{id}/supprimer"), "/admin/categories".into()).await
}

async fn delete_category(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<CsrfForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&form.csrf)?;
    if !store::delete_category(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/categories?ok=deleted"))
}

async fn confirm_delete_tag(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let tag = store::list_tags(&state.db).await?.into_iter().find(|t| t.id == id).ok_or(AppError::NotFound)?;
    let question = ctx.tr.a("admin-delete-question", "name", &tag.name);
    confirm_page(&state, &ctx, "posts", question, format!("/admin/etiquettes/{id}/supprimer"), "/admin/categories".into()).await
}

async fn delete_tag(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<CsrfForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&form.csrf)?;
    if !store::delete_tag(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/categories?ok=deleted"))
}
