//! The network's back office under /admin/reseau: clubs, partners, contacts, people and API
//! tokens. Every screen is one page shape (`admin/network_page.html`): a table, a form, or both.

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::model::{ClubDraft, ContactDraft, PARTNER_KINDS, PartnerDraft};
use super::{admin_layout, store};
use crate::core::auth::{self, Principal, Role};
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::media;
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html, html_status, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/reseau", get(hub))
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

// ---------------------------------------------------------------- clubs

async fn clubs(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    let mut page = page(&state, &ctx, "network-clubs-title").await?;
    page.flash = flash(&ctx, &q);
    if p.is_network_admin() {
        page.new_link = Some(("/admin/reseau/clubs/nouveau".into(), ctx.tr.t("network-club-new")));
    }
    let rows = store::list_clubs(&state.db)
        .await?
        .into_iter()
        .filter(|c| p.can_manage_club(c.id))
        .map(|c| Row {
            link: Some(format!("/admin/reseau/clubs/{}", c.id)),
            cells: vec![c.territory.clone(), c.director.clone()],
            actions: vec![],
            name: c.name,
        })
        .collect();
    let columns = vec![ctx.tr.t("network-field-name"), ctx.tr.t("network-field-territory"), ctx.tr.t("network-field-director")];
    page.table = Some(Table { caption: page.title.clone(), columns, rows });
    html(&page)
}

fn club_form(ctx: &Ctx, action: String, d: &ClubDraft, errors: &[FieldError]) -> FormView {
    let f = fields(
        ctx,
        errors,
        vec![
            ("name", "network-field-name", "text", d.name.clone(), true),
            ("slug", "network-field-slug", "text", d.slug.clone(), false),
            ("territory", "network-field-territory", "text", d.territory.clone(), false),
            ("director", "network-field-director", "text", d.director.clone(), false),
            ("email", "network-field-email", "email", d.email.clone(), false),
            ("phone", "network-field-phone", "tel", d.phone.clone(), false),
            ("city", "network-field-city", "text", d.city.clone(), false),
            ("description", "network-field-description", "textarea", d.description.clone(), false),
        ],
    );
    form(ctx, action, "network-club-legend", f, errors)
}

#[derive(serde::Deserialize, Default)]
struct ClubForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    draft: ClubDraft,
}

async fn club_page(state: &AppState, ctx: &Ctx, action: String, d: &ClubDraft, errors: &[FieldError]) -> AppResult<Response> {
    let mut page = page(state, ctx, "network-clubs-title").await?;
    page.form = Some(club_form(ctx, action, d, errors));
    render(&page)
}

async fn new_club(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    club_page(&state, &ctx, "/admin/reseau/clubs/nouveau".into(), &ClubDraft::default(), &[]).await
}

async fn create_club(State(state): State<AppState>, ctx: Ctx, Form(f): Form<ClubForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let action = "/admin/reseau/clubs/nouveau".to_string();
    let club = match f.draft.check() {
        Ok(c) if !store::slug_taken(&state.db, store::Sluggy::Clubs, &c.slug, 0).await? => c,
        Ok(_) => return club_page(&state, &ctx, action, &f.draft, &[slug_taken()]).await,
        Err(e) => return club_page(&state, &ctx, action, &f.draft, &e).await,
    };
    store::insert_club(&state.db, &club, state.now()).await?;
    Ok(see_other("/admin/reseau/clubs?ok=saved"))
}

fn slug_taken() -> FieldError {
    FieldError { field: "slug".into(), message: "field-slug-taken".into() }
}

async fn edit_club(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    if !club_manager(&ctx)?.can_manage_club(id) {
        return Err(AppError::Forbidden);
    }
    let club = store::get_club(&state.db, id).await?.ok_or(AppError::NotFound)?;
    club_page(&state, &ctx, format!("/admin/reseau/clubs/{id}"), &ClubDraft::of(&club), &[]).await
}

async fn update_club(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<ClubForm>) -> AppResult<Response> {
    if !club_manager(&ctx)?.can_manage_club(id) {
        return Err(AppError::Forbidden);
    }
    ctx.check_csrf(&f.csrf)?;
    store::get_club(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let action = format!("/admin/reseau/clubs/{id}");
    let club = match f.draft.check() {
        Ok(c) if !store::slug_taken(&state.db, store::Sluggy::Clubs, &c.slug, id).await? => c,
        Ok(_) => return club_page(&state, &ctx, action, &f.draft, &[slug_taken()]).await,
        Err(e) => return club_page(&state, &ctx, action, &f.draft, &e).await,
    };
    store::update_club(&state.db, id, &club).await?;
    Ok(see_other("/admin/reseau/clubs?ok=saved"))
}

// ---------------------------------------------------------------- partners

async fn partners(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let mut page = page(&state, &ctx, "network-partners-title").await?;
    page.flash = flash(&ctx, &q);
    page.new_link = Some(("/admin/reseau/partenaires/nouveau".into(), ctx.tr.t("network-partner-new")));
    let rows = store::list_partners(&state.db)
        .await?
        .into_iter()
        .map(|p| Row {
            link: Some(format!("/admin/reseau/partenaires/{}", p.id)),
            cells: vec![ctx.tr.t(&p.kind_label_key()), p.position.to_string()],
            actions: vec![Action::post(ctx.tr.t("network-delete"), format!("/admin/reseau/partenaires/{}/supprimer", p.id), true)],
            name: p.name,
        })
        .collect();
    let columns = vec![ctx.tr.t("network-field-name"), ctx.tr.t("network-field-kind"), ctx.tr.t("network-field-position")];
    page.table = Some(Table { caption: page.title.clone(), columns, rows });
    html(&page)
}

async fn partner_page(state: &AppState, ctx: &Ctx, action: String, d: &PartnerDraft, errors: &[FieldError]) -> AppResult<Response> {
    let mut f = fields(
        ctx,
        errors,
        vec![
            ("name", "network-field-name", "text", d.name.clone(), true),
            ("slug", "network-field-slug", "text", d.slug.clone(), false),
            ("kind", "network-field-kind", "select", d.kind.clone(), true),
            ("website", "network-field-website", "url", d.website.clone(), false),
            ("description", "network-field-description", "textarea", d.description.clone(), false),
            ("position", "network-field-position", "number", d.position.clone(), false),
            ("logo", "network-field-logo", "file", String::new(), false),
        ],
    );
    if let Some(kind) = f.iter_mut().find(|x| x.name == "kind") {
        kind.options = std::iter::once((String::new(), ctx.tr.t("network-choose")))
            .chain(PARTNER_KINDS.iter().map(|k| (k.to_string(), ctx.tr.t(&format!("partner-kind-{k}")))))
            .collect();
    }
    if let Some(logo) = f.iter_mut().find(|x| x.name == "logo") {
        logo.hint = ctx.tr.t("network-logo-hint");
    }
    let mut page = page(state, ctx, "network-partners-title").await?;
    let mut view = form(ctx, action, "network-partner-legend", f, errors);
    view.multipart = true;
    page.form = Some(view);
    render(&page)
}

/// A partner form sent as multipart: the fields, and the logo's bytes if a file was chosen.
struct PartnerUpload {
    csrf: String,
    draft: PartnerDraft,
    logo: Option<(String, Vec<u8>)>,
}

async fn read_partner(mut m: Multipart) -> AppResult<PartnerUpload> {
    let mut u = PartnerUpload { csrf: String::new(), draft: PartnerDraft::default(), logo: None };
    while let Some(field) = m.next_field().await.map_err(|_| AppError::BadRequest("error-bad-form"))? {
        let name = field.name().unwrap_or("").to_string();
        if name == "logo" {
            let filename = field.file_name().unwrap_or("logo").to_string();
            let bytes = field.bytes().await.map_err(|_| AppError::BadRequest("error-bad-form"))?;
            if !bytes.is_empty() {
                u.logo = Some((filename, bytes.to_vec()));
            }
            continue;
        }
        let text = field.text().await.map_err(|_| AppError::BadRequest("error-bad-form"))?;
        match name.as_str() {
            "csrf" => u.csrf = text,
            "slug" => u.draft.slug = text,
            "name" => u.draft.name = text,
            "kind" => u.draft.kind = text,
            "website" => u.draft.website = text,
            "description" => u.draft.description = text,
            "position" => u.draft.position = text,
            _ => {}
        }
    }
    Ok(u)
}

/// Check the partner and its logo; store the logo; returns the partner or the errors.
async fn save_partner(state: &AppState, ctx: &Ctx, id: Option<i64>, u: &PartnerUpload) -> AppResult<Result<(), Vec<FieldError>>> {
    let mut errors = vec![];
    let mut partner = match u.draft.check() {
        Ok(p) => Some(p),
        Err(e) => {
            errors = e;
            None
        }
    };
    if let Some(p) = &partner
        && store::slug_taken(&state.db, store::Sluggy::Partners, &p.slug, id.unwrap_or(0)).await?
    {
        errors.push(slug_taken());
    }
    let mut logo_id = match id {
        Some(id) => store::get_partner(&state.db, id).await?.and_then(|p| p.logo_media_id),
        None => None,
    };
    if let Some((filename, bytes)) = &u.logo {
        let bytes = bytes.clone();
        let prepared = tokio::task::spawn_blocking(move || media::prepare(&bytes)).await.map_err(|e| AppError::Internal(e.into()))?;
        match prepared {
            Ok(p) if p.kind == "image" => {
                let alt = u.draft.name.trim();
                let user = ctx.user.as_ref().map(|u| u.user_id);
                logo_id = Some(media::store(&state.db, p, filename, alt, None, user, state.now()).await?.id);
            }
            Ok(_) => errors.push(FieldError { field: "logo".into(), message: "network-error-logo".into() }),
            Err(e) => errors.push(FieldError { field: "logo".into(), message: e.message_key().into() }),
        }
    }
    match partner.as_mut() {
        Some(p) if errors.is_empty() => {
            p.logo_media_id = logo_id;
            store::save_partner(&state.db, id, p, state.now()).await?;
            Ok(Ok(()))
        }
        _ => Ok(Err(errors)),
    }
}

async fn new_partner(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    let d = PartnerDraft { kind: "sponsor".into(), position: "0".into(), ..Default::default() };
    partner_page(&state, &ctx, "/admin/reseau/partenaires/nouveau".into(), &d, &[]).await
}

async fn create_partner(State(state): State<AppState>, ctx: Ctx, m: Multipart) -> AppResult<Response> {
    network_admin(&ctx)?;
    let u = read_partner(m).await?;
    ctx.check_csrf(&u.csrf)?;
    match save_partner(&state, &ctx, None, &u).await? {
        Ok(()) => Ok(see_other("/admin/reseau/partenaires?ok=saved")),
        Err(e) => partner_page(&state, &ctx, "/admin/reseau/partenaires/nouveau".into(), &u.draft, &e).await,
    }
}

async fn edit_partner(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let p = store::get_partner(&state.db, id).await?.ok_or(AppError::NotFound)?;
    partner_page(&state, &ctx, format!("/admin/reseau/partenaires/{id}"), &PartnerDraft::of(&p), &[]).await
}

async fn update_partner(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, m: Multipart) -> AppResult<Response> {
    network_admin(&ctx)?;
    let u = read_partner(m).await?;
    ctx.check_csrf(&u.csrf)?;
    store::get_partner(&state.db, id).await?.ok_or(AppError::NotFound)?;
    match save_partner(&state, &ctx, Some(id), &u).await? {
        Ok(()) => Ok(see_other("/admin/reseau/partenaires?ok=saved")),
        Err(e) => partner_page(&state, &ctx, format!("/admin/reseau/partenaires/{id}"), &u.draft, &e).await,
    }
}

async fn delete_partner(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<CsrfForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    if !store::delete_partner(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/reseau/partenaires?ok=deleted"))
}

// ---------------------------------------------------------------- contacts

/// Clubs whose contacts this person manages (all for a network administrator).
async fn managed_clubs(state: &AppState, p: &Principal) -> AppResult<Vec<super::Club>> {
    Ok(store::list_clubs(&state.db).await?.into_iter().filter(|c| p.can_manage_club(c.id)).collect())
}

/// A club administrator manages the contacts of their club; network contacts are the network's.
fn may_manage_contact(p: &Principal, club_id: Option<i64>) -> bool {
    p.is_network_admin() || club_id.is_some_and(|c| p.can_manage_club(c))
}

async fn contacts(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    let mut page = page(&state, &ctx, "network-contacts-title").await?;
    page.flash = flash(&ctx, &q);
    page.new_link = Some(("/admin/reseau/contacts/nouveau".into(), ctx.tr.t("network-contact-new")));
    let clubs = store::list_clubs(&state.db).await?;
    let club_name = |id: Option<i64>| {
        id.and_then(|id| clubs.iter().find(|c| c.id == id)).map(|c| c.name.clone()).unwrap_or_else(|| ctx.tr.t("network-whole-network"))
    };
    let rows = store::list_contacts(&state.db)
        .await?
        .into_iter()
        .filter(|c| may_manage_contact(p, c.club_id))
        .map(|c| Row {
            link: Some(format!("/admin/reseau/contacts/{}", c.id)),
            cells: vec![c.role.clone(), club_name(c.club_id)],
            actions: vec![Action::post(ctx.tr.t("network-delete"), format!("/admin/reseau/contacts/{}/supprimer", c.id), true)],
            name: c.name,
        })
        .collect();
    let columns = vec![ctx.tr.t("network-field-name"), ctx.tr.t("network-field-role"), ctx.tr.t("network-field-club")];
    page.table = Some(Table { caption: page.title.clone(), columns, rows });
    html(&page)
}

#[derive(serde::Deserialize, Default)]
struct ContactForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    draft: ContactDraft,
}

async fn contact_page(
    state: &AppState,
    ctx: &Ctx,
    p: &Principal,
    action: String,
    d: &ContactDraft,
    errors: &[FieldError],
) -> AppResult<Response> {
    let mut f = fields(
        ctx,
        errors,
        vec![
            ("name", "network-field-name", "text", d.name.clone(), true),
            ("slug", "network-field-slug", "text", d.slug.clone(), false),
            ("role", "network-field-role", "text", d.role.clone(), false),
            ("email", "network-field-email", "email", d.email.clone(), false),
            ("phone", "network-field-phone", "tel", d.phone.clone(), false),
            ("club_id", "network-field-club", "select", d.club_id.clone(), !p.is_network_admin()),
        ],
    );
    let network = p.is_network_admin().then(|| (String::new(), ctx.tr.t("network-whole-network")));
    let clubs = managed_clubs(state, p).await?.into_iter().map(|c| (c.id.to_string(), c.name));
    if let Some(x) = f.iter_mut().find(|x| x.name == "club_id") {
        x.options = network.into_iter().chain(clubs).collect();
    }
    let mut page = page(state, ctx, "network-contacts-title").await?;
    page.form = Some(form(ctx, action, "network-contact-legend", f, errors));
    render(&page)
}

async fn new_contact(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    contact_page(&state, &ctx, p, "/admin/reseau/contacts/nouveau".into(), &ContactDraft::default(), &[]).await
}

/// Check a contact form against the clubs this person manages.
async fn check_contact(
    state: &AppState,
    p: &Principal,
    d: &ContactDraft,
    except: i64,
) -> AppResult<Result<super::Contact, Vec<FieldError>>> {
    let ids: Vec<i64> = managed_clubs(state, p).await?.iter().map(|c| c.id).collect();
    let mut result = d.check(&ids);
    if let Ok(c) = &result {
        if !may_manage_contact(p, c.club_id) {
            result = Err(vec![FieldError { field: "club_id".into(), message: "network-error-club".into() }]);
        } else if store::slug_taken(&state.db, store::Sluggy::Contacts, &c.slug, except).await? {
            result = Err(vec![slug_taken()]);
        }
    }
    Ok(result)
}

async fn create_contact(State(state): State<AppState>, ctx: Ctx, Form(f): Form<ContactForm>) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    match check_contact(&state, p, &f.draft, 0).await? {
        Ok(c) => {
            store::save_contact(&state.db, None, &c, state.now()).await?;
            Ok(see_other("/admin/reseau/contacts?ok=saved"))
        }
        Err(e) => contact_page(&state, &ctx, p, "/admin/reseau/contacts/nouveau".into(), &f.draft, &e).await,
    }
}

async fn managed_contact(state: &AppState, p: &Principal, id: i64) -> AppResult<super::Contact> {
    let c = store::get_contact(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if may_manage_contact(p, c.club_id) { Ok(c) } else { Err(AppError::Forbidden) }
}

async fn edit_contact(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    let c = managed_contact(&state, p, id).await?;
    contact_page(&state, &ctx, p, format!("/admin/reseau/contacts/{id}"), &ContactDraft::of(&c), &[]).await
}

async fn update_contact(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<ContactForm>) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    managed_contact(&state, p, id).await?;
    match check_contact(&state, p, &f.draft, id).await? {
        Ok(c) => {
            store::save_contact(&state.db, Some(id), &c, state.now()).await?;
            Ok(see_other("/admin/reseau/contacts?ok=saved"))
        }
        Err(e) => contact_page(&state, &ctx, p, format!("/admin/reseau/contacts/{id}"), &f.draft, &e).await,
    }
}

async fn delete_contact(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<CsrfForm>) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    managed_contact(&state, p, id).await?;
    store::delete_contact(&state.db, id).await?;
    Ok(see_other("/admin/reseau/contacts?ok=deleted"))
}

// ---------------------------------------------------------------- people

fn role_label(ctx: &Ctx, role: &str, club: Option<&str>) -> String {
    let r = Role::parse(role).map(|r| ctx.tr.t(r.label_key())).unwrap_or_else(|| role.to_string());
    match club {
        Some(c) => format!("{r} ({c})"),
        None => r,
    }
}

async fn users(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let mut page = page(&state, &ctx, "network-users-title").await?;
    page.flash = flash(&ctx, &q);
    page.new_link = Some(("/admin/reseau/personnes/nouvelle".into(), ctx.tr.t("network-user-new")));
    let rows = store::list_users(&state.db)
        .await?
        .into_iter()
        .map(|u| Row {
            link: Some(format!("/admin/reseau/personnes/{}", u.id)),
            cells: vec![
                u.email.clone(),
                u.roles.iter().map(|(r, c)| role_label(&ctx, r, c.as_deref())).collect::<Vec<_>>().join(", "),
                ctx.tr.t(if u.disabled { "network-user-disabled" } else { "network-user-active" }),
            ],
            actions: vec![],
            name: u.name,
        })
        .collect();
    let columns =
        ["network-field-name", "network-field-email", "network-field-roles", "network-field-state"].iter().map(|k| ctx.tr.t(k)).collect();
    page.table = Some(Table { caption: page.title.clone(), columns, rows });
    html(&page)
}

/// The role and club fields of the "new person" and "add a role" forms.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
struct RoleFields {
    role: String,
    club_id: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct UserForm {
    csrf: String,
    name: String,
    email: String,
    role: String,
    club_id: String,
}

async fn role_fields(state: &AppState, ctx: &Ctx, errors: &[FieldError], r: &RoleFields) -> AppResult<Vec<Field>> {
    let mut f = fields(
        ctx,
        errors,
        vec![
            ("role", "network-field-role-name", "select", r.role.clone(), true),
            ("club_id", "network-field-club", "select", r.club_id.clone(), false),
        ],
    );
    if let Some(x) = f.get_mut(0) {
        x.options = Role::ALL.iter().map(|r| (r.as_str().to_string(), ctx.tr.t(r.label_key()))).collect();
    }
    if let Some(x) = f.get_mut(1) {
        x.hint = ctx.tr.t("network-club-hint");
        x.options = std::iter::once((String::new(), ctx.tr.t("network-whole-network")))
            .chain(store::list_clubs(&state.db).await?.into_iter().map(|c| (c.id.to_string(), c.name)))
            .collect();
    }
    Ok(f)
}

/// The role and its club; a network administrator's role has no club.
async fn check_role(state: &AppState, r: &RoleFields, errors: &mut Vec<FieldError>) -> AppResult<Option<(Role, Option<i64>)>> {
    let Some(role) = Role::parse(&r.role) else {
        errors.push(FieldError { field: "role".into(), message: "network-error-role".into() });
        return Ok(None);
    };
    let club = match r.club_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) if store::get_club(&state.db, id).await?.is_some() => Some(id),
            _ => {
                errors.push(FieldError { field: "club_id".into(), message: "network-error-club".into() });
                return Ok(None);
            }
        },
    };
    Ok(Some((role, if role == Role::NetworkAdmin { None } else { club })))
}

async fn user_form_page(state: &AppState, ctx: &Ctx, f: &UserForm, errors: &[FieldError]) -> AppResult<Response> {
    let mut fs = fields(
        ctx,
        errors,
        vec![
            ("name", "network-field-name", "text", f.name.clone(), true),
            ("email", "network-field-email", "email", f.email.clone(), true),
        ],
    );
    fs.extend(role_fields(state, ctx, errors, &RoleFields { role: f.role.clone(), club_id: f.club_id.clone() }).await?);
    let mut page = page(state, ctx, "network-users-title").await?;
    page.intro = ctx.tr.t("network-user-password-intro");
    page.form = Some(form(ctx, "/admin/reseau/personnes/nouvelle".into(), "network-user-legend", fs, errors));
    render(&page)
}

async fn new_user(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    let f = UserForm { role: "editor".into(), ..Default::default() };
    user_form_page(&state, &ctx, &f, &[]).await
}

async fn create_user(State(state): State<AppState>, ctx: Ctx, Form(f): Form<UserForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let mut errors = vec![];
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(FieldError { field: "name".into(), message: "field-required".into() });
    }
    let email = f.email.trim().to_lowercase();
    if !crate::modules::news::model::is_valid_email(&email) {
        errors.push(FieldError { field: "email".into(), message: "field-email".into() });
    } else if store::user_id_by_email(&state.db, &email).await?.is_some() {
        errors.push(FieldError { field: "email".into(), message: "network-error-email-taken".into() });
    }
    let grant = check_role(&state, &RoleFields { role: f.role.clone(), club_id: f.club_id.clone() }, &mut errors).await?;
    let Some((role, club)) = grant.filter(|_| errors.is_empty()) else {
        return user_form_page(&state, &ctx, &f, &errors).await;
    };
    let password = auth::random_token()[..16].to_string();
    let id = auth::upsert_user(&state.db, &email, name, Some(&password), role, club, state.now()).await?;
    let mut page = user_page(&state, &ctx, id, &[], &RoleFields::default()).await?;
    page.secret = Some((ctx.tr.a("network-user-password", "email", &email), password));
    html(&page)
}

async fn user_page(state: &AppState, ctx: &Ctx, id: i64, errors: &[FieldError], r: &RoleFields) -> AppResult<Page> {
    let user = store::list_users(&state.db).await?.into_iter().find(|u| u.id == id).ok_or(AppError::NotFound)?;
    let clubs = store::list_clubs(&state.db).await?;
    let mut page = page(state, ctx, "network-users-title").await?;
    page.title = user.name.clone();
    page.intro = format!("{} – {}", user.email, ctx.tr.t(if user.disabled { "network-user-disabled" } else { "network-user-active" }));
    let toggle = if user.disabled { ("network-user-enable", "activer", false) } else { ("network-user-disable", "desactiver", true) };
    let mut rows: Vec<Row> = user
        .roles
        .iter()
        .map(|(role, club)| {
            let club_id = club.as_ref().and_then(|n| clubs.iter().find(|c| &c.name == n)).map(|c| c.id.to_string()).unwrap_or_default();
            let mut remove = Action::post(ctx.tr.t("network-role-remove"), format!("/admin/reseau/personnes/{id}/roles/retirer"), true);
            remove.fields = vec![("role".into(), role.clone()), ("club_id".into(), club_id)];
            Row { name: role_label(ctx, role, club.as_deref()), link: None, cells: vec![], actions: vec![remove] }
        })
        .collect();
    rows.push(Row {
        name: ctx.tr.t("network-field-state"),
        link: None,
        cells: vec![],
        actions: vec![Action::post(ctx.tr.t(toggle.0), format!("/admin/reseau/personnes/{id}/{}", toggle.1), toggle.2)],
    });
    page.table = Some(Table { caption: ctx.tr.t("network-field-roles"), columns: vec![ctx.tr.t("network-field-roles")], rows });
    let fs = role_fields(state, ctx, errors, r).await?;
    let mut view = form(ctx, format!("/admin/reseau/personnes/{id}/roles"), "network-role-add", fs, errors);
    view.submit = ctx.tr.t("network-role-add");
    page.form = Some(view);
    Ok(page)
}

async fn show_user(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let mut page = user_page(&state, &ctx, id, &[], &RoleFields { role: "editor".into(), club_id: String::new() }).await?;
    page.flash = flash(&ctx, &q);
    html(&page)
}

#[derive(serde::Deserialize, Default)]
struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    role: RoleFields,
}

async fn add_role(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<RoleForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let user = store::list_users(&state.db).await?.into_iter().find(|u| u.id == id).ok_or(AppError::NotFound)?;
    let mut errors = vec![];
    match check_role(&state, &f.role, &mut errors).await? {
        Some((role, club)) => {
            auth::upsert_user(&state.db, &user.email, &user.name, None, role, club, state.now()).await?;
            Ok(see_other(&format!("/admin/reseau/personnes/{id}?ok=saved")))
        }
        None => render(&user_page(&state, &ctx, id, &errors, &f.role).await?),
    }
}

async fn remove_role(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<RoleForm>) -> AppResult<Response> {
    let me = network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let club = f.role.club_id.trim().parse::<i64>().ok();
    // A network administrator cannot remove their own administration (no lock-out).
    if id == me.user_id && f.role.role == Role::NetworkAdmin.as_str() {
        return Err(AppError::Conflict("network-error-self"));
    }
    if !store::remove_grant(&state.db, id, &f.role.role, club).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/admin/reseau/personnes/{id}?ok=deleted")))
}

async fn set_disabled(state: &AppState, ctx: &Ctx, id: i64, csrf: &str, disabled: bool) -> AppResult<Response> {
    let me = network_admin(ctx)?;
    ctx.check_csrf(csrf)?;
    if id == me.user_id {
        return Err(AppError::Conflict("network-error-self"));
    }
    if !store::set_user_disabled(&state.db, id, disabled).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/admin/reseau/personnes/{id}?ok=saved")))
}

async fn disable_user(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<CsrfForm>) -> AppResult<Response> {
    set_disabled(&state, &ctx, id, &f.csrf, true).await
}

async fn enable_user(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<CsrfForm>) -> AppResult<Response> {
    set_disabled(&state, &ctx, id, &f.csrf, false).await
}

// ---------------------------------------------------------------- API tokens

async fn tokens(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let mut page = page(&state, &ctx, "network-tokens-title").await?;
    page.flash = flash(&ctx, &q);
    page.new_link = Some(("/admin/reseau/jetons/nouveau".into(), ctx.tr.t("network-token-new")));
    page.table = Some(token_table(&state, &ctx).await?);
    html(&page)
}

async fn token_table(state: &AppState, ctx: &Ctx) -> AppResult<Table> {
    let rows = store::list_api_tokens(&state.db)
        .await?
        .into_iter()
        .map(|t| Row {
            cells: vec![
                format!("{} <{}>", t.user_name, t.user_email),
                ctx.tr.datetime(t.created_at),
                t.last_used_at.map(|x| ctx.tr.datetime(x)).unwrap_or_else(|| ctx.tr.t("network-token-never")),
                t.revoked_at.map(|x| ctx.tr.datetime(x)).unwrap_or_default(),
            ],
            actions: if t.revoked_at.is_none() {
                vec![Action::post(ctx.tr.t("network-token-revoke"), format!("/admin/reseau/jetons/{}/revoquer", t.id), true)]
            } else {
                vec![]
            },
            link: None,
            name: t.name,
        })
        .collect();
    let columns =
        ["network-field-token-name", "network-field-person", "network-field-created", "network-field-last-used", "network-field-revoked"]
            .iter()
            .map(|k| ctx.tr.t(k))
            .collect();
    Ok(Table { caption: ctx.tr.t("network-tokens-title"), columns, rows })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct TokenForm {
    csrf: String,
    name: String,
    user_id: String,
}

async fn token_form_page(state: &AppState, ctx: &Ctx, f: &TokenForm, errors: &[FieldError]) -> AppResult<Response> {
    let mut fs = fields(
        ctx,
        errors,
        vec![
            ("user_id", "network-field-person", "select", f.user_id.clone(), true),
            ("name", "network-field-token-name", "text", f.name.clone(), true),
        ],
    );
    if let Some(x) = fs.get_mut(0) {
        x.options = std::iter::once((String::new(), ctx.tr.t("network-choose")))
            .chain(
                store::list_users(&state.db)
                    .await?
                    .into_iter()
                    .filter(|u| !u.disabled)
                    .map(|u| (u.id.to_string(), format!("{} <{}>", u.name, u.email))),
            )
            .collect();
    }
    if let Some(x) = fs.get_mut(1) {
        x.hint = ctx.tr.t("network-token-name-hint");
    }
    let mut page = page(state, ctx, "network-tokens-title").await?;
    page.form = Some(form(ctx, "/admin/reseau/jetons/nouveau".into(), "network-token-legend", fs, errors));
    render(&page)
}

async fn new_token(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    token_form_page(&state, &ctx, &TokenForm::default(), &[]).await
}

async fn create_token(State(state): State<AppState>, ctx: Ctx, Form(f): Form<TokenForm>) -> AppResult<Response> {
    let me = network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let mut errors = vec![];
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError { field: "name".into(), message: "field-required".into() });
    }
    let users = store::list_users(&state.db).await?;
    let user = f.user_id.trim().parse::<i64>().ok().and_then(|id| users.iter().find(|u| u.id == id && !u.disabled));
    if user.is_none() {
        errors.push(FieldError { field: "user_id".into(), message: "network-error-person".into() });
    }
    let Some(user) = user.filter(|_| errors.is_empty()) else {
        return token_form_page(&state, &ctx, &f, &errors).await;
    };
    let (_, token) = super::issue_api_token(&state.db, user.id, name, me.user_id, state.now()).await?;
    let mut page = page(&state, &ctx, "network-tokens-title").await?;
    page.secret = Some((ctx.tr.a("network-token-created", "name", &user.name), token));
    page.table = Some(token_table(&state, &ctx).await?);
    html(&page)
}

async fn revoke_token(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<CsrfForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    if !store::revoke_api_token(&state.db, id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/reseau/jetons?ok=deleted"))
}
