//! The home's back office (`/admin/accueil`, network administrators): the blocks in their
//! order, each moved up or down, shown or hidden by buttons that post (no JavaScript needed),
//! and each block's settings on its own page.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::model::{Block, Change, Draft, Kind, MAX_ITEMS};
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::media;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::network::admin_layout;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/accueil", get(blocks))
        .route("/admin/accueil/{kind}", get(edit).post(save))
        .route("/admin/accueil/{kind}/ordre", post(change))
}

/// Only the network's administrators compose the home.
fn network_admin(ctx: &Ctx) -> AppResult<()> {
    if ctx.staff()?.is_network_admin() { Ok(()) } else { Err(AppError::Forbidden) }
}

fn kind(s: &str) -> AppResult<Kind> {
    Kind::parse(s).ok_or(AppError::NotFound)
}

/// Whether a block has settings of its own (the clubs and partners come from the network).
fn has_settings(kind: Kind) -> bool {
    !matches!(kind, Kind::Clubs | Kind::Partners)
}

// ---------------------------------------------------------------- the list

/// A block's row in the list.
struct Row {
    kind: &'static str,
    name: String,
    about: String,
    visible: bool,
    first: bool,
    last: bool,
    editable: bool,
}

#[derive(askama::Template)]
#[template(path = "home/admin.html")]
struct ListPage {
    l: Layout,
    flash: String,
    rows: Vec<Row>,
}

#[derive(serde::Deserialize, Default)]
struct FlashQuery {
    ok: Option<String>,
}

async fn blocks(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let l = admin_layout(&state, &ctx, ctx.tr.t("home-admin-title"), "home").await?;
    let blocks = super::blocks(&state.db).await?;
    let last = blocks.len().saturating_sub(1);
    let rows = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| Row {
            kind: b.kind.as_str(),
            name: ctx.tr.t(&b.kind.label_key()),
            about: summary(&ctx, b),
            visible: b.visible,
            first: i == 0,
            last: i == last,
            editable: has_settings(b.kind),
        })
        .collect();
    let flash = match q.ok.as_deref() {
        Some("saved") => ctx.tr.t("home-flash-saved"),
        Some("moved") => ctx.tr.t("home-flash-moved"),
        _ => String::new(),
    };
    html(&ListPage { l, flash, rows })
}

/// One line saying what a block shows.
fn summary(ctx: &Ctx, b: &Block) -> String {
    let s = &b.settings;
    match b.kind {
        Kind::Hero | Kind::Support if !s.title.is_empty() => s.title.clone(),
        Kind::Hero => ctx.tr.t("home-about-hero-default"),
        Kind::Support => ctx.tr.t("home-about-support-empty"),
        Kind::Figures => ctx.tr.n("home-about-figures", s.figures.len() as i64),
        Kind::News if s.pinned => ctx.tr.n("home-about-news-pinned", s.count_or(6)),
        Kind::News => ctx.tr.n("home-about-news", s.count_or(6)),
        Kind::Events => ctx.tr.n("home-about-events", s.count_or(3)),
        Kind::Clubs => ctx.tr.t("home-about-clubs"),
        Kind::Partners => ctx.tr.t("home-about-partners"),
    }
}

#[derive(serde::Deserialize, Default)]
struct ChangeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
}

/// Move a block, show it or hide it; back to the list, at the block.
async fn change(State(state): State<AppState>, ctx: Ctx, Path(k): Path<String>, Form(f): Form<ChangeForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let kind = kind(&k)?;
    let change = Change::parse(&f.action).ok_or(AppError::BadRequest("error-bad-form"))?;
    let mut blocks = super::blocks(&state.db).await?;
    if super::model::apply(&mut blocks, kind, change) {
        super::save_layout(&state.db, &blocks, ctx.now).await?;
    }
    Ok(see_other(&format!("/admin/accueil?ok=moved#bloc-{}", kind.as_str())))
}

// ---------------------------------------------------------------- a block's settings

/// A field of the settings form.
struct Field {
    name: String,
    label: String,
    /// text, textarea, url, number, select, checkbox
    kind: &'static str,
    value: String,
    hint: String,
    options: Vec<(String, String)>,
}

impl Field {
    fn new(ctx: &Ctx, name: &str, label: &str, kind: &'static str, value: String) -> Field {
        Field { name: name.into(), label: ctx.tr.t(label), kind, value, hint: String::new(), options: vec![] }
    }

    fn hint(mut self, ctx: &Ctx, key: &str) -> Field {
        self.hint = ctx.tr.t(key);
        self
    }
}

/// A figure's row: (number field, label field).
struct FigureRow {
    n: usize,
    value: String,
    label: String,
}

#[derive(askama::Template)]
#[template(path = "home/block.html")]
struct BlockPage {
    l: Layout,
    kind: &'static str,
    name: String,
    fields: Vec<Field>,
    figures: Vec<FigureRow>,
    errors: FormErrors,
}

impl BlockPage {
    fn error(&self, field: &str) -> String {
        let key = self.errors.get(field);
        if key.is_empty() { String::new() } else { self.l.tr.t(key) }
    }

    /// Extra attributes of a control: aria-invalid and aria-describedby for its hint and error.
    /// Built only from the field's name, which is ours, so it is safe unescaped.
    fn attrs(&self, field: &str, has_hint: bool) -> String {
        let mut by = vec![];
        if has_hint {
            by.push(format!("f-{field}-hint"));
        }
        let mut a = String::new();
        if self.errors.has(field) {
            a.push_str(" aria-invalid=\"true\"");
            by.push(format!("f-{field}-error"));
        }
        if !by.is_empty() {
            a.push_str(&format!(" aria-describedby=\"{}\"", by.join(" ")));
        }
        a
    }
}

async fn block_page(state: &AppState, ctx: &Ctx, kind: Kind, d: &Draft, errors: Vec<FieldError>) -> AppResult<Response> {
    let name = ctx.tr.t(&kind.label_key());
    let l = admin_layout(state, ctx, format!("{} – {name}", ctx.tr.t("home-admin-title")), "home").await?;
    let mut fields = vec![];
    let mut figures = vec![];
    match kind {
        Kind::Hero | Kind::Support => {
            fields.push(
                Field::new(ctx, "title", "home-field-title", "text", d.title.clone())
                    .hint(ctx, if kind == Kind::Hero { "home-hint-hero-title" } else { "home-hint-support-title" }),
            );
            fields.push(Field::new(ctx, "text", "home-field-text", "textarea", d.text.clone()));
            if kind == Kind::Hero {
                let mut picture =
                    Field::new(ctx, "media_id", "home-field-picture", "select", d.media_id.clone()).hint(ctx, "home-hint-picture");
                picture.options = std::iter::once((String::new(), ctx.tr.t("home-no-picture")))
                    .chain(media::list(&state.db, Some("image"), 200).await?.into_iter().map(|m| (m.id.to_string(), option_label(&m))))
                    .collect();
                fields.push(picture);
            }
            fields.push(Field::new(ctx, "link_label", "home-field-link-label", "text", d.link_label.clone()));
            fields.push(Field::new(ctx, "link_url", "home-field-link-url", "text", d.link_url.clone()).hint(ctx, "home-hint-link"));
        }
        Kind::Figures => {
            figures =
                d.figures.iter().enumerate().map(|(i, (v, lbl))| FigureRow { n: i + 1, value: v.clone(), label: lbl.clone() }).collect();
        }
        Kind::News | Kind::Events => {
            let hint = ctx.tr.a("home-hint-count", "max", &MAX_ITEMS.to_string());
            let mut count = Field::new(ctx, "count", "home-field-count", "number", d.count.clone());
            count.hint = hint;
            fields.push(count);
            if kind == Kind::News {
                fields.push(Field::new(ctx, "pinned", "home-field-pinned", "checkbox", if d.pinned { "1".into() } else { String::new() }));
            }
        }
        Kind::Clubs | Kind::Partners => {}
    }
    let page = BlockPage { l, kind: kind.as_str(), name, fields, figures, errors: FormErrors(errors) };
    if page.errors.is_empty() { html(&page) } else { html_status(StatusCode::UNPROCESSABLE_ENTITY, &page) }
}

/// A picture's option in the chooser: its description, shortened, so the list stays narrow.
fn option_label(m: &media::Media) -> String {
    let alt = if m.alt.trim().is_empty() { m.filename.as_str() } else { m.alt.trim() };
    let short: String = alt.chars().take(70).collect();
    if short.len() < alt.len() { format!("{short}…") } else { short }
}

async fn edit(State(state): State<AppState>, ctx: Ctx, Path(k): Path<String>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let kind = kind(&k)?;
    if !has_settings(kind) {
        return Err(AppError::NotFound);
    }
    let blocks = super::blocks(&state.db).await?;
    let settings = blocks.iter().find(|b| b.kind == kind).map(|b| b.settings.clone()).unwrap_or_default();
    block_page(&state, &ctx, kind, &Draft::of(&settings), vec![]).await
}

async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(k): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    network_admin(&ctx)?;
    let csrf = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
    ctx.check_csrf(csrf)?;
    let kind = kind(&k)?;
    if !has_settings(kind) {
        return Err(AppError::NotFound);
    }
    let draft = Draft::from_fields(&fields);
    let pictures: Vec<i64> = match draft.media_id.trim().parse::<i64>() {
        Ok(id) => media::get(&state.db, id).await?.filter(|m| m.is_image()).map(|m| m.id).into_iter().collect(),
        Err(_) => vec![],
    };
    match draft.check(kind, |id| pictures.contains(&id)) {
        Ok(settings) => {
            super::save_settings(&state.db, kind, &settings, ctx.now).await?;
            Ok(see_other(&format!("/admin/accueil?ok=saved#bloc-{}", kind.as_str())))
        }
        Err(errors) => block_page(&state, &ctx, kind, &draft, errors).await,
    }
}
