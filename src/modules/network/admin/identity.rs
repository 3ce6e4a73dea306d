//! The network's identity (`/admin/reseau/identite`, network administrators): name, logo,
//! favicon, colours, typefaces, social, donation and newsletter links. Saving it moves every
//! page's generation (the path is no module's declared scope), so cached pages show it at once.

use super::*;
use crate::core::db;
use crate::modules::network::identity::{
    self, ColourError, DONATE_LABELS, Identity, IdentityDraft, Picture, SOCIAL, TEXT_FACES, TITLE_FACES,
};

#[derive(askama::Template)]
#[template(path = "admin/identity.html")]
struct IdentityPage {
    l: Layout,
    d: IdentityDraft,
    flash: String,
    /// (field, message), in the form's order.
    errors: Vec<(String, String)>,
    logo: Option<Picture>,
    favicon: Option<Picture>,
    /// Pictures sent with a form that had errors: kept, so they need not be chosen again.
    pending_logo: String,
    pending_favicon: String,
    text_faces: Vec<(String, String)>,
    title_faces: Vec<(String, String)>,
    donate_labels: Vec<(String, String)>,
    social: Vec<(String, String, String)>,
}

impl IdentityPage {
    fn error(&self, field: &str) -> String {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()).unwrap_or_default()
    }

    /// aria-invalid and aria-describedby for a field (static names only: safe unescaped).
    fn attrs(&self, field: &str, hint: bool) -> String {
        let mut a = String::new();
        let mut by = vec![];
        if hint {
            by.push(format!("f-{field}-hint"));
        }
        if !self.error(field).is_empty() {
            a.push_str(" aria-invalid=\"true\"");
            by.push(format!("f-{field}-error"));
        }
        if !by.is_empty() {
            a.push_str(&format!(" aria-describedby=\"{}\"", by.join(" ")));
        }
        a
    }
}

const FIELD_ORDER: [&str; 17] = [
    "site_name",
    "logo",
    "favicon",
    "primary",
    "accent",
    "text_font",
    "title_font",
    "social_mastodon",
    "social_bluesky",
    "social_linkedin",
    "social_instagram",
    "social_facebook",
    "social_youtube",
    "donate_url",
    "donate_label",
    "newsletter_url",
    "csrf",
];

async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    d: IdentityDraft,
    current: &Identity,
    mut errors: Vec<(String, String)>,
    pending: (Option<Picture>, Option<Picture>),
    flash: String,
) -> AppResult<Response> {
    let title = ctx.tr.t("identity-title");
    errors.sort_by_key(|(f, _)| FIELD_ORDER.iter().position(|x| x == f).unwrap_or(usize::MAX));
    let face_name = |key: &str, name: &str| if name.is_empty() { ctx.tr.t(&format!("identity-font-{key}")) } else { name.to_string() };
    let page = IdentityPage {
        l: admin_layout(state, ctx, title, "network").await?,
        flash,
        logo: pending.0.clone().or_else(|| current.logo.clone()),
        favicon: pending.1.clone().or_else(|| current.favicon.clone()),
        pending_logo: pending.0.map(|p| p.key).unwrap_or_default(),
        pending_favicon: pending.1.map(|p| p.key).unwrap_or_default(),
        text_faces: TEXT_FACES.iter().map(|f| (f.key.to_string(), face_name(f.key, f.name))).collect(),
        title_faces: TITLE_FACES.iter().map(|f| (f.key.to_string(), face_name(f.key, f.name))).collect(),
        donate_labels: DONATE_LABELS.iter().map(|k| (k.to_string(), ctx.tr.t(&format!("identity-donate-{k}")))).collect(),
        social: SOCIAL.iter().map(|(k, name)| (k.to_string(), name.to_string(), d.social_url(k).to_string())).collect(),
        d,
        errors,
    };
    if page.errors.is_empty() { html(&page) } else { html_status(StatusCode::UNPROCESSABLE_ENTITY, &page) }
}

pub(super) async fn edit_identity(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let current = identity::load(&state.db).await?;
    let name = super::super::site_name(&state.db).await?;
    render_page(&state, &ctx, IdentityDraft::of(&name, &current), &current, vec![], (None, None), flash(&ctx, &q)).await
}

/// The form as sent: its fields, and the pictures chosen (file name, bytes).
struct IdentityUpload {
    csrf: String,
    draft: IdentityDraft,
    logo: Option<(String, Vec<u8>)>,
    favicon: Option<(String, Vec<u8>)>,
    pending_logo: String,
    pending_favicon: String,
}

async fn read_identity(mut m: Multipart) -> AppResult<IdentityUpload> {
    let mut u = IdentityUpload {
        csrf: String::new(),
        draft: IdentityDraft::default(),
        logo: None,
        favicon: None,
        pending_logo: String::new(),
        pending_favicon: String::new(),
    };
    let bad = |_| AppError::BadRequest("error-bad-form");
    while let Some(field) = m.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "logo" || name == "favicon" {
            let filename = field.file_name().unwrap_or("logo").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                let file = Some((filename, bytes.to_vec()));
                if name == "logo" { u.logo = file } else { u.favicon = file }
            }
            continue;
        }
        let text = field.text().await.map_err(bad)?;
        let d = &mut u.draft;
        match name.as_str() {
            "csrf" => u.csrf = text,
            "pending_logo" => u.pending_logo = text,
            "pending_favicon" => u.pending_favicon = text,
            "site_name" => d.site_name = text,
            "primary" => d.primary = text,
            "accent" => d.accent = text,
            "text_font" => d.text_font = text,
            "title_font" => d.title_font = text,
            "donate_url" => d.donate_url = text,
            "donate_label" => d.donate_label = text,
            "newsletter_url" => d.newsletter_url = text,
            "remove_logo" => d.remove_logo = !text.is_empty(),
            "remove_favicon" => d.remove_favicon = !text.is_empty(),
            other => {
                if let Some(k) = other.strip_prefix("social_")
                    && SOCIAL.iter().any(|(s, _)| *s == k)
                {
                    d.social.retain(|(s, _)| s != k);
                    d.social.push((k.to_string(), text));
                }
            }
        }
    }
    Ok(u)
}

/// Check and store a logo or favicon (SVG checked, or PNG through the media kit); the message
/// key of the refusal otherwise.
pub(in crate::modules::network) async fn store_picture(
    state: &AppState,
    ctx: &Ctx,
    filename: &str,
    bytes: &[u8],
    alt: &str,
) -> AppResult<Result<Picture, &'static str>> {
    let prepared = if media::sniff(bytes) == Some(media::Sniffed::Png) {
        let bytes = bytes.to_vec();
        match tokio::task::spawn_blocking(move || media::prepare(&bytes)).await.map_err(|e| AppError::Internal(e.into()))? {
            Ok(p) => p,
            Err(e) => return Ok(Err(e.message_key())),
        }
    } else if media::looks_like_svg(bytes) {
        match media::prepare_svg(bytes) {
            Ok(p) => p,
            Err(e) => return Ok(Err(e.message_key())),
        }
    } else {
        return Ok(Err("identity-error-picture-type"));
    };
    let (mime, width, height) = (prepared.mime.to_string(), prepared.width.unwrap_or(0), prepared.height.unwrap_or(0));
    let user = ctx.user.as_ref().map(|u| u.user_id);
    let m = media::store(&state.db, prepared, filename, alt, None, user, state.now()).await?;
    Ok(Ok(Picture { key: m.key, mime, width, height }))
}

/// A picture sent earlier with a form that had errors, by its media key.
async fn pending_picture(state: &AppState, key: &str) -> AppResult<Option<Picture>> {
    if key.is_empty() {
        return Ok(None);
    }
    Ok(media::get_by_key(&state.db, key).await?.filter(|m| m.mime == "image/png" || m.mime == "image/svg+xml").map(|m| Picture {
        key: m.key,
        mime: m.mime,
        width: m.width.unwrap_or(0) as u32,
        height: m.height.unwrap_or(0) as u32,
    }))
}

pub(super) async fn save_identity(State(state): State<AppState>, ctx: Ctx, m: Multipart) -> AppResult<Response> {
    network_admin(&ctx)?;
    let u = read_identity(m).await?;
    ctx.check_csrf(&u.csrf)?;
    let current = identity::load(&state.db).await?;
    let mut errors: Vec<(String, String)> = vec![];
    let mut checked = match u.draft.check(&current) {
        Ok(i) => Some(i),
        Err((fields, colours)) => {
            errors.extend(fields.into_iter().map(|e| (e.field, ctx.tr.t(&e.message))));
            errors.extend(colours.into_iter().map(|(f, e): (&str, ColourError)| (f.to_string(), e.message(&ctx.tr))));
            None
        }
    };
    let alt = u.draft.site_name.trim();
    let mut pictures = (pending_picture(&state, &u.pending_logo).await?, pending_picture(&state, &u.pending_favicon).await?);
    for (field, file, slot) in [("logo", &u.logo, &mut pictures.0), ("favicon", &u.favicon, &mut pictures.1)] {
        if let Some((filename, bytes)) = file {
            match store_picture(&state, &ctx, filename, bytes, alt).await? {
                Ok(p) => *slot = Some(p),
                Err(key) => errors.push((field.to_string(), ctx.tr.t(key))),
            }
        }
    }
    match checked.as_mut() {
        Some(i) if errors.is_empty() => {
            if let Some(p) = pictures.0 {
                i.logo = Some(p);
            }
            if let Some(p) = pictures.1 {
                i.favicon = Some(p);
            }
            db::set_setting(&state.db, "site_name", alt).await?;
            identity::save(&state.db, i).await?;
            Ok(see_other("/admin/reseau/identite?ok=saved"))
        }
        _ => render_page(&state, &ctx, u.draft, &current, errors, pictures, String::new()).await,
    }
}
