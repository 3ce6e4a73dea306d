//! The contacts' screens, for the clubs a person manages.

use super::*;

/// Clubs whose contacts this person manages (all for a network administrator).
async fn managed_clubs(state: &AppState, p: &Principal) -> AppResult<Vec<super::super::Club>> {
    Ok(store::list_clubs(&state.db).await?.into_iter().filter(|c| p.can_manage_club(c.id)).collect())
}

/// A club administrator manages the contacts of their club; network contacts are the network's.
fn may_manage_contact(p: &Principal, club_id: Option<i64>) -> bool {
    p.is_network_admin() || club_id.is_some_and(|c| p.can_manage_club(c))
}

pub(super) async fn contacts(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
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
pub(super) struct ContactForm {
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

pub(super) async fn new_contact(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    contact_page(&state, &ctx, p, "/admin/reseau/contacts/nouveau".into(), &ContactDraft::default(), &[]).await
}

/// Check a contact form against the clubs this person manages.
async fn check_contact(
    state: &AppState,
    p: &Principal,
    d: &ContactDraft,
    except: i64,
) -> AppResult<Result<super::super::Contact, Vec<FieldError>>> {
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

pub(super) async fn create_contact(State(state): State<AppState>, ctx: Ctx, Form(f): Form<ContactForm>) -> AppResult<Response> {
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

async fn managed_contact(state: &AppState, p: &Principal, id: i64) -> AppResult<super::super::Contact> {
    let c = store::get_contact(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if may_manage_contact(p, c.club_id) { Ok(c) } else { Err(AppError::Forbidden) }
}

pub(super) async fn edit_contact(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    let c = managed_contact(&state, p, id).await?;
    contact_page(&state, &ctx, p, format!("/admin/reseau/contacts/{id}"), &ContactDraft::of(&c), &[]).await
}

pub(super) async fn update_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ContactForm>,
) -> AppResult<Response> {
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

pub(super) async fn delete_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let p = club_manager(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    managed_contact(&state, p, id).await?;
    store::delete_contact(&state.db, id).await?;
    Ok(see_other("/admin/reseau/contacts?ok=deleted"))
}
