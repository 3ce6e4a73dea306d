//! Public pages of the network: the clubs, a club's page with its news, the partners.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::model::{Club, PARTNER_KINDS, Partner};
use super::{identity, public_layout, store};
use crate::core::cache;
use crate::core::error::{AppError, AppResult};
use crate::core::markup;
use crate::core::web::{AppState, Ctx, Layout, Query, html};
use crate::modules::news::{self, PostCard};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/clubs", get(clubs))
        .route("/clubs/{slug}", get(club))
        .route("/partenaires", get(partners))
        .route("/theme.css", get(theme))
}

#[derive(serde::Deserialize)]
struct ThemeQuery {
    #[serde(default)]
    v: String,
}

/// The network's identity as a stylesheet (colours, typefaces, clubs' colours). Asked for
/// under its current version, it is cached for a year: a change gives it a new address.
async fn theme(State(state): State<AppState>, Query(q): Query<ThemeQuery>) -> AppResult<Response> {
    let current = crate::core::db::get_setting(&state.db, "theme_version").await?.map(|v| identity::theme_version(&v)).unwrap_or_default();
    let css = identity::theme_css(&identity::load(&state.db).await?, &store::club_accents(&state.db).await?, &state.assets);
    let cache = if !current.is_empty() && q.v == current { "public, max-age=31536000, immutable" } else { "no-cache" };
    Ok(([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, cache)], css).into_response())
}

#[derive(askama::Template)]
#[template(path = "network/clubs.html")]
struct ClubsPage {
    l: Layout,
    clubs: Vec<Club>,
}

async fn clubs(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let mut l = public_layout(&state, &ctx, ctx.tr.t("clubs-title")).await?;
    l.section = "clubs";
    l.description = ctx.tr.t("clubs-intro");
    let clubs = store::list_clubs(&state.db).await?;
    html(&ClubsPage { l, clubs }).map(cache::mark_all)
}

#[derive(askama::Template)]
#[template(path = "network/club.html")]
struct ClubPage {
    l: Layout,
    club: Club,
    description_html: String,
    posts: Vec<PostCard>,
}

async fn club(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let club = store::get_club_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let mut l = public_layout(&state, &ctx, club.name.clone()).await?;
    l.section = "clubs";
    l.body_class = club.theme_class();
    let description_html = markup::markdown_to_html(&club.description);
    l.description = markup::truncate_words(&markup::plain_text(&description_html), 160);
    l.feed = Some((ctx.tr.a("news-club-title", "name", &club.name), format!("/clubs/{}/flux.atom", club.slug)));
    let posts = news::latest_for_club(&state.db, club.id, ctx.now, 6).await?;
    html(&ClubPage { l, club, description_html, posts }).map(cache::mark_all)
}

pub struct PartnerGroup {
    pub label_key: String,
    pub partners: Vec<Partner>,
}

#[derive(askama::Template)]
#[template(path = "network/partners.html")]
struct PartnersPage {
    l: Layout,
    groups: Vec<PartnerGroup>,
}

async fn partners(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let mut l = public_layout(&state, &ctx, ctx.tr.t("partners-title")).await?;
    l.section = "partners";
    l.description = ctx.tr.t("partners-intro");
    let all = store::list_partners(&state.db).await?;
    let groups = PARTNER_KINDS
        .iter()
        .map(|k| PartnerGroup { label_key: format!("partner-kind-{k}"), partners: all.iter().filter(|p| p.kind == *k).cloned().collect() })
        .filter(|g| !g.partners.is_empty())
        .collect();
    html(&PartnersPage { l, groups }).map(cache::mark_all)
}
