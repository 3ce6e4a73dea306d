//! The network's back office under /admin/reseau: its identity, clubs, partners, contacts,
//! people and API tokens. Every screen but the identity's is one page shape
//! (`admin/network_page.html`): a table, a form, or both.
//! The page shape, the authorisation and the hub are here; each kind of screen is in its own
//! file under `admin/` (clubs, partners, contacts, people, tokens).

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::model::{ClubDraft, ContactDraft, PARTNER_KINDS, PartnerDraft};
use super::{admin_layout, store};
use crate::core::audit::{self, Subject};
use crate::core::auth::{self, Principal, Role};
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::media;
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html, html_status, see_other};

mod clubs;
mod contacts;
mod identity;
mod partners;
mod people;
mod tokens;
use clubs::*;
use contacts::*;
use identity::*;
use partners::*;
use people::*;
use tokens::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/reseau", get(hub))
        .route("/admin/reseau/identite", get(edit_identity).post(save_identity))
        .route("/admin/reseau/clubs", get(clubs))
        .route("/admin/reseau/clubs/nouveau", get(new_club).post(create_club))
        .route("/admin/reseau/clubs/{id}", get(edit_club).post(update_club))
        .route("/admin/reseau/partenaires", get(partners))
        .route("/admin/reseau/partenaires/nouveau", get(new_partner).post(create_partner))
        .route("/admin/reseau/partenaires/{id}", get(edit_partner).post(update_partner))
        .route("/admin/reseau/partenaires/{id}/supprimer", post(delete_partner))
        .route("/admin/reseau/contacts", get(contacts))
        .route("/admin/reseau/contacts/nouveau", get(new_contact).post(create_contact))
        .route("/admin/reseau/contacts/{id}", get(edit_contact).post(update_contact))
        .route("/admin/reseau/contacts/{id}/supprimer", post(delete_contact))
        .route("/admin/reseau/personnes", get(users))
        .route("/admin/reseau/personnes/nouvelle", get(new_user).post(create_user))
        .route("/admin/reseau/personnes/{id}", get(show_user))
        .route("/admin/reseau/personnes/{id}/roles", post(add_role))
        .route("/admin/reseau/personnes/{id}/roles/retirer", post(remove_role))
        .route("/admin/reseau/personnes/{id}/desactiver", post(disable_user))
        .route("/admin/reseau/personnes/{id}/activer", post(enable_user))
        .route("/admin/reseau/jetons", get(tokens))
        .route("/admin/reseau/jetons/nouveau", get(new_token).post(create_token))
        .route("/admin/reseau/jetons/{id}/revoquer", post(revoke_token))
}

// ---------------------------------------------------------------- page shape

#[derive(askama::Template)]
#[template(path = "admin/network_page.html")]
struct Page {
    l: Layout,
    title: String,
    intro: String,
    flash: String,
    secret: Option<(String, String)>,
    links: Vec<(String, String, String)>,
    new_link: Option<(String, String)>,
    table: Option<Table>,
    form: Option<FormView>,
}

struct Table {
    caption: String,
    columns: Vec<String>,
    rows: Vec<Row>,
}

struct Row {
    name: String,
    link: Option<String>,
    cells: Vec<String>,
    actions: Vec<Action>,
}

struct Action {
    label: String,
    url: String,
    post: bool,
    danger: bool,
    fields: Vec<(String, String)>,
}

impl Action {
    fn post(label: String, url: String, danger: bool) -> Action {
        Action { label, url, post: true, danger, fields: vec![] }
    }
}

struct FormView {
    action: String,
    multipart: bool,
    legend: String,
    submit: String,
    fields: Vec<Field>,
    /// (field, translated message), for the summary at the top.
    errors: Vec<(String, String)>,
}

struct Field {
    name: &'static str,
    label: String,
    kind: &'static str,
    value: String,
    options: Vec<(String, String)>,
    required: bool,
    hint: String,
    error: String,
}

impl Field {
    /// Extra attributes of the control: required, aria-invalid, aria-describedby. Built only
    /// from static names, so it is safe to insert unescaped.
    fn attrs(&self) -> String {
        let mut a = String::new();
        if self.required {
            a.push_str(" required");
        }
        let mut by = vec![];
        if !self.hint.is_empty() {
            by.push(format!("f-{}-hint", self.name));
        }
        if !self.error.is_empty() {
            a.push_str(" aria-invalid=\"true\"");
            by.push(format!("f-{}-error", self.name));
        }
        if !by.is_empty() {
            a.push_str(&format!(" aria-describedby=\"{}\"", by.join(" ")));
        }
        a
    }

    fn is_selected(&self, v: &str) -> bool {
        self.value == v
    }
}

/// Fields of a form from (name, label key, kind, value, required), errors attached.
fn fields(ctx: &Ctx, errors: &[FieldError], spec: Vec<(&'static str, &str, &'static str, String, bool)>) -> Vec<Field> {
    spec.into_iter()
        .map(|(name, label, kind, value, required)| Field {
            name,
            label: ctx.tr.t(label),
            kind,
            value,
            options: vec![],
            required,
            hint: String::new(),
            error: errors.iter().find(|e| e.field == name).map(|e| ctx.tr.t(&e.message)).unwrap_or_default(),
        })
        .collect()
}

fn form(ctx: &Ctx, action: String, legend: &str, fields: Vec<Field>, errors: &[FieldError]) -> FormView {
    FormView {
        action,
        multipart: false,
        legend: ctx.tr.t(legend),
        submit: ctx.tr.t("network-save"),
        fields,
        errors: errors.iter().map(|e| (e.field.clone(), ctx.tr.t(&e.message))).collect(),
    }
}

async fn page(state: &AppState, ctx: &Ctx, title_key: &str) -> AppResult<Page> {
    let title = ctx.tr.t(title_key);
    Ok(Page {
        l: admin_layout(state, ctx, title.clone(), "network").await?,
        title,
        intro: String::new(),
        flash: String::new(),
        secret: None,
        links: vec![],
        new_link: None,
        table: None,
        form: None,
    })
}

/// 200 for a page, 422 for a form shown again with its errors.
fn render(p: &Page) -> AppResult<Response> {
    match &p.form {
        Some(f) if !f.errors.is_empty() => html_status(StatusCode::UNPROCESSABLE_ENTITY, p),
        _ => html(p),
    }
}

#[derive(serde::Deserialize, Default)]
struct FlashQuery {
    ok: Option<String>,
}

fn flash(ctx: &Ctx, q: &FlashQuery) -> String {
    match q.ok.as_deref() {
        Some("saved") => ctx.tr.t("network-flash-saved"),
        Some("deleted") => ctx.tr.t("network-flash-deleted"),
        _ => String::new(),
    }
}

#[derive(serde::Deserialize, Default)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

// ---------------------------------------------------------------- authorisation

fn network_admin(ctx: &Ctx) -> AppResult<&Principal> {
    let p = ctx.staff()?;
    if p.is_network_admin() { Ok(p) } else { Err(AppError::Forbidden) }
}

/// A network administrator or a club administrator.
fn club_manager(ctx: &Ctx) -> AppResult<&Principal> {
    let p = ctx.staff()?;
    if p.is_network_admin() || p.grants.iter().any(|g| g.role == Role::ClubAdmin) { Ok(p) } else { Err(AppError::Forbidden) }
}

// ---------------------------------------------------------------- hub

async fn hub(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let p = ctx.staff()?;
    let mut page = page(&state, &ctx, "network-hub-title").await?;
    let mut sections = vec![];
    if p.is_network_admin() || p.grants.iter().any(|g| g.role == Role::ClubAdmin) {
        sections.push(("/admin/reseau/clubs", "network-clubs-title", "network-clubs-intro"));
        sections.push(("/admin/reseau/contacts", "network-contacts-title", "network-contacts-intro"));
    }
    if p.is_network_admin() {
        sections.push(("/admin/reseau/identite", "identity-title", "identity-intro"));
        sections.push(("/admin/reseau/partenaires", "network-partners-title", "network-partners-intro"));
        sections.push(("/admin/reseau/personnes", "network-users-title", "network-users-intro"));
        sections.push(("/admin/reseau/jetons", "network-tokens-title", "network-tokens-intro"));
    }
    if sections.is_empty() {
        page.intro = ctx.tr.t("network-hub-nothing");
    }
    page.links = sections.into_iter().map(|(u, t, d)| (u.to_string(), ctx.tr.t(t), ctx.tr.t(d))).collect();
    html(&page)
}
