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

fn club_form(
    ctx: &Ctx,
    action: String,
    d: &ClubDraft,
    brand: &ClubBrandDraft,
    errors: &[FieldError],
    extra: &[(String, String)],
) -> FormView {
    let mut f = fields(
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
            ("accent", "club-field-accent", "text", brand.accent.clone(), false),
            ("logo", "club-field-logo", "file", String::new(), false),
        ],
    );
    for x in f.iter_mut() {
        match x.name {
            "accent" => x.hint = ctx.tr.t("club-field-accent-hint"),
            "logo" => x.hint = ctx.tr.t("club-field-logo-hint"),
            _ => {}
        }
        if let Some((_, m)) = extra.iter().find(|(field, _)| field == x.name) {
            x.error = m.clone();
        }
    }
    let mut view = form(ctx, action, "network-club-legend", f, errors);
    view.errors.extend(extra.iter().cloned());
    view.multipart = true;
    view
}

#[derive(serde::Deserialize, Default)]
pub(super) struct ClubForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    accent: String,
    #[serde(flatten)]
    draft: ClubDraft,
}

/// A club's colour and logo as sent with its form.
#[derive(Default)]
pub(super) struct ClubBrandDraft {
    accent: String,
    logo: Option<(String, Vec<u8>)>,
}

/// The club form, sent as multipart (the browser's, with a logo) or urlencoded (no logo).
async fn read_club(req: axum::extract::Request) -> AppResult<(String, ClubDraft, ClubBrandDraft)> {
    use axum::extract::FromRequest;
    let multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    if !multipart {
        let Form(f) = Form::<ClubForm>::from_request(req, &()).await?;
        return Ok((f.csrf, f.draft, ClubBrandDraft { accent: f.accent, logo: None }));
    }
    let bad = |_| AppError::BadRequest("error-bad-form");
    let mut m = Multipart::from_request(req, &()).await.map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let (mut csrf, mut d, mut b) = (String::new(), ClubDraft::default(), ClubBrandDraft::default());
    while let Some(field) = m.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "logo" {
            let filename = field.file_name().unwrap_or("logo").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                b.logo = Some((filename, bytes.to_vec()));
            }
            continue;
        }
        let text = field.text().await.map_err(bad)?;
        match name.as_str() {
            "csrf" => csrf = text,
            "accent" => b.accent = text,
            "slug" => d.slug = text,
            "name" => d.name = text,
            "territory" => d.territory = text,
            "director" => d.director = text,
            "email" => d.email = text,
            "phone" => d.phone = text,
            "city" => d.city = text,
            "description" => d.description = text,
            _ => {}
        }
    }
    Ok((csrf, d, b))
}

/// Check the club's colour and store its logo: (colour, logo media id) or the fields' messages.
async fn check_brand(
    state: &AppState,
    ctx: &Ctx,
    b: &ClubBrandDraft,
    name: &str,
    current_logo: Option<i64>,
) -> AppResult<Result<(String, Option<i64>), Vec<(String, String)>>> {
    let mut errors = vec![];
    let accent = match crate::modules::network::identity::check_colour(&b.accent) {
        Ok(c) => c.map(|c| c.hex()).unwrap_or_default(),
        Err(e) => {
            errors.push(("accent".to_string(), e.message(&ctx.tr)));
            String::new()
        }
    };
    let mut logo = current_logo;
    if let Some((filename, bytes)) = &b.logo {
        match super::identity::store_picture(state, ctx, filename, bytes, name).await? {
            Ok(p) => logo = media::get_by_key(&state.db, &p.key).await?.map(|m| m.id),
            Err(key) => errors.push(("logo".to_string(), ctx.tr.t(key))),
        }
    }
    Ok(if errors.is_empty() { Ok((accent, logo)) } else { Err(errors) })
}

async fn club_page(
    state: &AppState,
    ctx: &Ctx,
    action: String,
    d: &ClubDraft,
    b: &ClubBrandDraft,
    errors: &[FieldError],
    extra: &[(String, String)],
) -> AppResult<Response> {
    let mut page = page(state, ctx, "network-clubs-title").await?;
    page.form = Some(club_form(ctx, action, d, b, errors, extra));
    render(&page)
}

pub(super) async fn new_club(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    club_page(&state, &ctx, "/admin/reseau/clubs/nouveau".into(), &ClubDraft::default(), &ClubBrandDraft::default(), &[], &[]).await
}

pub(super) async fn create_club(State(state): State<AppState>, ctx: Ctx, req: axum::extract::Request) -> AppResult<Response> {
    network_admin(&ctx)?;
    let (csrf, d, b) = read_club(req).await?;
    ctx.check_csrf(&csrf)?;
    let action = "/admin/reseau/clubs/nouveau".to_string();
    let brand = check_brand(&state, &ctx, &b, d.name.trim(), None).await?;
    let extra = brand.as_ref().err().cloned().unwrap_or_default();
    let club = match d.check() {
        Ok(c) if store::slug_taken(&state.db, store::Sluggy::Clubs, &c.slug, 0).await? => {
            return club_page(&state, &ctx, action, &d, &b, &[slug_taken()], &extra).await;
        }
        Ok(c) if extra.is_empty() => c,
        Ok(_) => return club_page(&state, &ctx, action, &d, &b, &[], &extra).await,
        Err(e) => return club_page(&state, &ctx, action, &d, &b, &e, &extra).await,
    };
    // Another request may take the slug after the check: the database says so.
    let id = match store::insert_club(&state.db, &club, state.now()).await {
        Ok(id) => id,
        Err(e) => return club_page(&state, &ctx, action, &d, &b, &[AppError::taken(e)?], &extra).await,
    };
    if let Ok((accent, logo)) = brand {
        crate::modules::network::set_club_brand(&state.db, id, &accent, logo).await?;
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
    let b = ClubBrandDraft { accent: club.accent.clone(), logo: None };
    club_page(&state, &ctx, format!("/admin/reseau/clubs/{id}"), &ClubDraft::of(&club), &b, &[], &[]).await
}

pub(super) async fn update_club(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    req: axum::extract::Request,
) -> AppResult<Response> {
    if !club_manager(&ctx)?.can_manage_club(id) {
        return Err(AppError::Forbidden);
    }
    let (csrf, d, b) = read_club(req).await?;
    ctx.check_csrf(&csrf)?;
    let current = store::get_club(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let action = format!("/admin/reseau/clubs/{id}");
    let brand = check_brand(&state, &ctx, &b, d.name.trim(), current.logo_media_id).await?;
    let extra = brand.as_ref().err().cloned().unwrap_or_default();
    let club = match d.check() {
        Ok(c) if store::slug_taken(&state.db, store::Sluggy::Clubs, &c.slug, id).await? => {
            return club_page(&state, &ctx, action, &d, &b, &[slug_taken()], &extra).await;
        }
        Ok(c) if extra.is_empty() => c,
        Ok(_) => return club_page(&state, &ctx, action, &d, &b, &[], &extra).await,
        Err(e) => return club_page(&state, &ctx, action, &d, &b, &e, &extra).await,
    };
    if let Err(e) = store::update_club(&state.db, id, &club).await {
        return club_page(&state, &ctx, action, &d, &b, &[AppError::taken(e)?], &extra).await;
    }
    if let Ok((accent, logo)) = brand {
        crate::modules::network::set_club_brand(&state.db, id, &accent, logo).await?;
    }
    Ok(see_other("/admin/reseau/clubs?ok=saved"))
}
