//! The calls' public pages: `/appels` (open calls, then closed ones, then those with results)
//! and `/appels/{slug}` (the rules, eligibility, prize categories with their sponsors, the
//! deadline in words, the ceremony, and "Candidater" while open). Drafts are not public.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::model::{Call, Category, Phase};
use super::store;
use crate::core::cache;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::Tr;
use crate::core::markup;
use crate::core::web::{AppState, Ctx, Layout, html};
use crate::modules::network::{self, public_layout};

pub fn routes() -> Router<AppState> {
    Router::new().route("/appels", get(list)).route("/appels/{slug}", get(show))
}

/// A call as a card of the list.
pub struct CallCard {
    pub title: String,
    pub url: String,
    pub summary: String,
    /// The club's name, or the network's.
    pub owner: String,
    pub phase: Phase,
    /// "Clôture le …" (or "Clos depuis le …").
    pub deadline: String,
    pub closes_iso: String,
}

/// The published calls in the order the list shows them: open ones (nearest deadline first),
/// upcoming ones, closed ones, then those with results (newest first), each with its phase.
pub async fn ordered_calls(state: &AppState, now: i64) -> Result<Vec<(Call, Phase)>, sqlx::Error> {
    let with_results = store::applications::calls_with_results(&state.db).await?;
    let mut calls: Vec<(Call, Phase)> = store::list_calls(&state.db, true)
        .await?
        .into_iter()
        .map(|c| {
            let phase = c.phase(now, with_results.contains(&c.id));
            (c, phase)
        })
        .collect();
    let rank = |p: Phase| match p {
        Phase::Open => 0,
        Phase::Upcoming => 1,
        Phase::Closed => 2,
        Phase::Results => 3,
    };
    calls.sort_by(|(a, pa), (b, pb)| {
        rank(*pa).cmp(&rank(*pb)).then_with(|| match pa {
            Phase::Open | Phase::Upcoming => a.closes_at.cmp(&b.closes_at),
            _ => b.closes_at.cmp(&a.closes_at),
        })
    });
    Ok(calls)
}

/// "Clôture le lundi 15 mars 2027 à 12h00 (heure de Paris)", or "Clos depuis le …".
pub fn deadline_words(tr: &Tr, closes_at: i64, now: i64) -> String {
    let city = tr.tz().iana_name().and_then(|n| n.rsplit('/').next()).unwrap_or("").replace('_', " ");
    let zone = if city.is_empty() { String::new() } else { tr.a("calls-zone", "city", &city) };
    let key = if now < closes_at { "calls-deadline" } else { "calls-deadline-past" };
    tr.args(key, &[("when", tr.datetime(closes_at).as_str()), ("zone", zone.as_str())])
}

async fn owner_name(state: &AppState, club_id: Option<i64>) -> Result<String, sqlx::Error> {
    Ok(match club_id {
        Some(id) => network::get_club(&state.db, id).await?.map(|c| c.name).unwrap_or_default(),
        None => network::site_name(&state.db).await?,
    })
}

#[derive(askama::Template)]
#[template(path = "calls/public_list.html")]
struct ListPage {
    l: Layout,
    open: Vec<CallCard>,
    closed: Vec<CallCard>,
    results: Vec<CallCard>,
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let (mut open, mut closed, mut results) = (vec![], vec![], vec![]);
    for (c, phase) in ordered_calls(&state, ctx.now).await? {
        let card = CallCard {
            url: format!("/appels/{}", c.slug),
            owner: owner_name(&state, c.club_id).await?,
            deadline: deadline_words(&ctx.tr, c.closes_at, ctx.now),
            closes_iso: ctx.tr.iso(c.closes_at),
            title: c.title,
            summary: c.summary,
            phase,
        };
        match phase {
            Phase::Open | Phase::Upcoming => open.push(card),
            Phase::Closed => closed.push(card),
            Phase::Results => results.push(card),
        }
    }
    let mut l = public_layout(&state, &ctx, ctx.tr.t("calls-title")).await?;
    l.section = "calls";
    l.description = ctx.tr.t("calls-intro");
    html(&ListPage { l, open, closed, results }).map(|r| cache::mark(r, &[super::CALLS, cache::SITE]))
}

/// A prize category as the call's page shows it.
pub struct CategoryView {
    pub name: String,
    pub description: String,
    pub prize: String,
    pub sponsor: Option<String>,
    pub logo: Option<String>,
}

pub async fn category_views(state: &AppState, categories: &[Category]) -> Result<Vec<CategoryView>, sqlx::Error> {
    let partners = if categories.iter().any(|c| c.sponsor_id.is_some()) { network::list_partners(&state.db).await? } else { vec![] };
    Ok(categories
        .iter()
        .map(|k| CategoryView {
            name: k.name.clone(),
            description: k.description.clone(),
            prize: k.prize.clone(),
            sponsor: k.sponsor_name.clone(),
            logo: k.sponsor_id.and_then(|id| partners.iter().find(|p| p.id == id)).and_then(|p| p.logo_url()),
        })
        .collect())
}

#[derive(askama::Template)]
#[template(path = "calls/public_call.html")]
struct CallPage {
    l: Layout,
    call: Call,
    owner: String,
    phase: Phase,
    rules_html: String,
    eligibility_html: String,
    categories: Vec<CategoryView>,
    deadline: String,
    opens: String,
    ceremony: Option<(String, String, String)>,
}

/// A published (or archived) call; drafts are not public.
pub async fn public_call(state: &AppState, slug: &str) -> AppResult<Call> {
    let call = store::call_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if call.status == "draft" { Err(AppError::NotFound) } else { Ok(call) }
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let call = public_call(&state, &slug).await?;
    let published = store::applications::results_published(&state.db, call.id).await?;
    let phase = call.phase(ctx.now, published);
    let categories = category_views(&state, &store::categories(&state.db, call.id).await?).await?;
    let ceremony = match call.ceremony_event_id {
        Some(id) => crate::modules::events::get_event(&state.db, id)
            .await?
            .filter(|e| e.is_public())
            .map(|e| (e.url(), e.title.clone(), ctx.tr.datetime(e.starts_at))),
        None => None,
    };
    let mut l = public_layout(&state, &ctx, call.title.clone()).await?;
    l.section = "calls";
    l.description = call.summary.clone();
    let page = CallPage {
        l,
        owner: owner_name(&state, call.club_id).await?,
        phase,
        rules_html: markup::render("markdown", &call.rules),
        eligibility_html: markup::render("markdown", &call.eligibility),
        categories,
        deadline: deadline_words(&ctx.tr, call.closes_at, ctx.now),
        opens: ctx.tr.datetime(call.opens_at),
        ceremony,
        call,
    };
    html(&page).map(|r| cache::mark(r, &[super::CALLS, cache::SITE]))
}

/// The page cache's horizon (`Module::next_change`): the next moment a published call opens or
/// closes, when `/appels` and the call's page change by the clock alone.
pub fn next_change(db: &crate::core::db::Db, now: i64) -> crate::core::module::BoxFuture<'_, Result<Option<i64>, sqlx::Error>> {
    Box::pin(store::applications::next_boundary(db, now))
}
