//! The clubs' screens: the list, a new club, a club's details.

use super::*;

pub(super) async fn clubs(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
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
pub(super) struct ClubForm {
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

pub(super) async fn new_club(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    club_page(&state, &ctx, "/admin/reseau/clubs/nouveau".into(), &ClubDraft::default(), &[]).await
}

pub(super) async fn create_club(State(state): State<AppState>, ctx: Ctx, Form(f): Form<ClubForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let action = "/admin/reseau/clubs/nouveau".to_string();
    let club = match f.draft.check() {
        Ok(c) if !store::slug_taken(&state.db, store::Sluggy::Clubs, &c.slug, 0).await? => c,
        Ok(_) => return club_page(&state, &ctx, action, &f.draft, &[slug_taken()]).await,
        Err(e) => return club_page(&state, &ctx, action, &f.draft, &e).await,
    };
    // Another request may take the slug after the check: the database says so.
    if let Err(e) = store::insert_club(&state.db, &club, state.now()).await {
        return club_page(&state, &ctx, action, &f.draft, &[AppError::taken(e)?]).await;
    }
    Ok(see_other("/admin/reseau/clubs?ok=saved"))
}

pub(super) fn slug_taken() -> FieldError {
    FieldError { field: "slug".into(), message: "field-slug-taken".into() }
}

pub(super) async fn edit_club(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    if !club_manager(&ctx)?.can_manage_club(id) {
        return Err(AppError::Forbidden);
    }
    let club = store::get_club(&state.db, id).await?.ok_or(AppError::NotFound)?;
    club_page(&state, &ctx, format!("/admin/reseau/clubs/{id}"), &ClubDraft::of(&club), &[]).await
}

pub(super) async fn update_club(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ClubForm>,
) -> AppResult<Response> {
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
    if let Err(e) = store::update_club(&state.db, id, &club).await {
        return club_page(&state, &ctx, action, &f.draft, &[AppError::taken(e)?]).await;
    }
    Ok(see_other("/admin/reseau/clubs?ok=saved"))
}
