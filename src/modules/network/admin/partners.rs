//! The partners' screens: the list, a partner with its logo, deleting one.

use super::*;

pub(super) async fn partners(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
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
pub(super) struct PartnerUpload {
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

pub(super) async fn new_partner(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    let d = PartnerDraft { kind: "sponsor".into(), position: "0".into(), ..Default::default() };
    partner_page(&state, &ctx, "/admin/reseau/partenaires/nouveau".into(), &d, &[]).await
}

pub(super) async fn create_partner(State(state): State<AppState>, ctx: Ctx, m: Multipart) -> AppResult<Response> {
    network_admin(&ctx)?;
    let u = read_partner(m).await?;
    ctx.check_csrf(&u.csrf)?;
    match save_partner(&state, &ctx, None, &u).await? {
        Ok(()) => Ok(see_other("/admin/reseau/partenaires?ok=saved")),
        Err(e) => partner_page(&state, &ctx, "/admin/reseau/partenaires/nouveau".into(), &u.draft, &e).await,
    }
}

pub(super) async fn edit_partner(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let p = store::get_partner(&state.db, id).await?.ok_or(AppError::NotFound)?;
    partner_page(&state, &ctx, format!("/admin/reseau/partenaires/{id}"), &PartnerDraft::of(&p), &[]).await
}

pub(super) async fn update_partner(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, m: Multipart) -> AppResult<Response> {
    network_admin(&ctx)?;
    let u = read_partner(m).await?;
    ctx.check_csrf(&u.csrf)?;
    store::get_partner(&state.db, id).await?.ok_or(AppError::NotFound)?;
    match save_partner(&state, &ctx, Some(id), &u).await? {
        Ok(()) => Ok(see_other("/admin/reseau/partenaires?ok=saved")),
        Err(e) => partner_page(&state, &ctx, format!("/admin/reseau/partenaires/{id}"), &u.draft, &e).await,
    }
}

pub(super) async fn delete_partner(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    if !store::delete_partner(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/reseau/partenaires?ok=deleted"))
}
