//! The published results: their canonical JSON (built once at publication, frozen in
//! `call_results` with its SHA-256, served as it is by the API) and the public page
//! `/appels/{slug}/resultats`, rendered from the frozen body of the latest version: laureates by
//! category with their sponsor, mentions, nominees, each one's presentation, the publication
//! time, the fingerprint, and the amendments with their reason. 404 before publication.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use serde::{Deserialize, Serialize};

use super::model::{Application, Call, Category, OUTCOME_LAUREATE, OUTCOME_MENTION, OUTCOME_NOMINEE, Published};
use super::store;
use crate::core::cache;
use crate::core::error::{AppError, AppResult};
use crate::core::markup;
use crate::core::web::{AppState, Ctx, Layout, html};
use crate::modules::network::public_layout;

pub fn routes() -> Router<AppState> {
    Router::new().route("/appels/{slug}/resultats", get(show))
}

/// The call the results are of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ResultsCall {
    pub slug: String,
    pub title: String,
}

/// A prize's sponsor (a partner of the network).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Sponsor {
    pub name: String,
    /// The logo's address on this site (`/media/…`), if any.
    pub logo: Option<String>,
}

/// A laureate, a mention or a nominee, as presented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Presentation {
    /// The organisation carrying the project.
    pub name: String,
    pub project: String,
    /// What they do, in a few lines.
    pub summary: String,
    /// The prize category (laureates and mentions; nominees: the category they applied in).
    pub category: Option<String>,
    pub prize: Option<String>,
    pub sponsor: Option<Sponsor>,
    /// The district where the project is carried out.
    pub district: Option<String>,
    pub districts_reached: Vec<String>,
    pub project_url: String,
    pub video_url: String,
}

/// An amendment of published results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Amendment {
    /// The version this amendment published.
    pub version: i64,
    pub reason: String,
    /// RFC 3339.
    pub at: String,
    /// The fingerprint of the version it replaced.
    pub replaces: String,
}

/// The canonical JSON of published results: frozen at publication, its SHA-256 is the
/// fingerprint; the API serves it byte for byte.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "CallResultsBody")]
pub struct ResultsBody {
    pub call: ResultsCall,
    pub version: i64,
    /// RFC 3339.
    pub published_at: String,
    pub laureates: Vec<Presentation>,
    pub mentions: Vec<Presentation>,
    pub nominees: Vec<Presentation>,
    pub amendments: Vec<Amendment>,
}

/// What `GET /api/v1/calls/{slug}/results` answers: the frozen body, then its fingerprint as
/// the last member (`served` below), so that removing that member gives back the exact text
/// whose SHA-256 it is.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "CallResults")]
pub struct ResultsJson {
    #[serde(flatten)]
    pub body: ResultsBody,
    /// The SHA-256 in hex of the canonical body (this object without `fingerprint`), as the
    /// results page shows it.
    pub fingerprint: String,
}

/// The API's text of a published version: the stored body with `,"fingerprint":"…"` before
/// its closing brace (the bytes of the body unchanged).
pub fn served(body: &str, fingerprint: &str) -> String {
    let open = body.strip_suffix('}').unwrap_or(body);
    format!("{open},\"fingerprint\":\"{fingerprint}\"}}")
}

impl ResultsBody {
    /// The canonical text (serde's field order, no spaces) and its SHA-256 in hex.
    pub fn freeze(&self) -> (String, String) {
        let text = serde_json::to_string(self).unwrap_or_default();
        let fingerprint = crate::core::auth::sha256_hex(&text);
        (text, fingerprint)
    }
}

/// What the body is built from, besides the applications.
pub struct Directory<'a> {
    pub categories: &'a [Category],
    /// Media id -> key.
    pub logos: &'a BTreeMap<i64, String>,
    /// District id -> name.
    pub districts: &'a BTreeMap<i64, String>,
}

/// The results of `apps` (their outcomes as decided): laureates in the categories' order,
/// then mentions and nominees by title.
pub fn build_body(call: &Call, dir: &Directory, apps: &[Application], version: i64, at: i64, amendments: Vec<Amendment>) -> ResultsBody {
    let present = |a: &Application, category_id: Option<i64>| {
        let category = category_id.and_then(|id| dir.categories.iter().find(|c| c.id == id));
        let district_name = |id: i64| dir.districts.get(&id).cloned();
        Presentation {
            name: a.fields.org_name.clone(),
            project: a.fields.project_title.clone(),
            summary: a.fields.summary.clone(),
            category: category.map(|c| c.name.clone()),
            prize: category.map(|c| c.prize.clone()).filter(|p| !p.is_empty()),
            sponsor: category.and_then(|c| {
                c.sponsor_name
                    .clone()
                    .map(|name| Sponsor { name, logo: c.sponsor_logo.and_then(|m| dir.logos.get(&m)).map(|k| format!("/media/{k}")) })
            }),
            district: a
                .fields
                .district_id
                .and_then(district_name)
                .or_else(|| Some(a.fields.district_other.clone()).filter(|s| !s.is_empty())),
            districts_reached: a
                .fields
                .reached
                .iter()
                .filter_map(|p| match p {
                    super::Place::Listed(id) => district_name(*id),
                    super::Place::Typed(name) => Some(name.clone()),
                })
                .collect(),
            project_url: a.fields.project_url.clone(),
            video_url: a.fields.video_url.clone(),
        }
    };
    let position = |c: Option<i64>| dir.categories.iter().position(|k| Some(k.id) == c).unwrap_or(usize::MAX);
    let mut laureates: Vec<&Application> = apps.iter().filter(|a| a.outcome.as_deref() == Some(OUTCOME_LAUREATE)).collect();
    laureates.sort_by_key(|a| (position(a.outcome_category_id), a.id));
    let by_title = |outcome: &str| {
        let mut v: Vec<&Application> = apps.iter().filter(|a| a.outcome.as_deref() == Some(outcome)).collect();
        crate::core::i18n::collate(&mut v, |a| a.fields.project_title.as_str());
        v
    };
    ResultsBody {
        call: ResultsCall { slug: call.slug.clone(), title: call.title.clone() },
        version,
        published_at: crate::core::api::rfc3339(at),
        laureates: laureates.iter().map(|a| present(a, a.outcome_category_id)).collect(),
        mentions: by_title(OUTCOME_MENTION).iter().map(|a| present(a, a.outcome_category_id.or(a.fields.category_id))).collect(),
        nominees: by_title(OUTCOME_NOMINEE).iter().map(|a| present(a, a.fields.category_id)).collect(),
        amendments,
    }
}

/// The latest published version of a call's results, if any.
pub async fn latest(state: &AppState, call_id: i64) -> AppResult<Option<Published>> {
    Ok(store::results::published(&state.db, call_id).await?.pop())
}

/// One presentation as the page shows it.
pub struct Shown {
    pub p: Presentation,
    /// The click-to-load video placeholder (HTML), when the link is a known provider's.
    pub video_html: Option<String>,
    /// The project's link, when it is a web address.
    pub link: Option<String>,
}

fn shown(p: &Presentation) -> Shown {
    let link = Some(p.project_url.clone()).filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    Shown { video_html: markup::video(&p.video_url).map(|v| v.placeholder()), link, p: p.clone() }
}

#[derive(askama::Template)]
#[template(path = "calls/results_page.html")]
struct ResultsPage {
    l: Layout,
    title: String,
    laureates: Vec<Shown>,
    mentions: Vec<Shown>,
    nominees: Vec<Shown>,
    amendments: Vec<(Amendment, i64)>,
    published_at: i64,
    fingerprint: String,
    version: i64,
    call_url: String,
    ceremony: Option<(String, String)>,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let call = store::call_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    if call.status == "draft" {
        return Err(AppError::NotFound);
    }
    let published = latest(&state, call.id).await?.ok_or(AppError::NotFound)?;
    let body: ResultsBody = serde_json::from_str(&published.body).map_err(|e| AppError::Internal(e.into()))?;
    let ceremony = match call.ceremony_event_id {
        Some(id) => crate::modules::events::get_event(&state.db, id).await?.filter(|e| e.is_public()).map(|e| (e.url(), e.title)),
        None => None,
    };
    let mut l = public_layout(&state, &ctx, ctx.tr.a("calls-results-title", "call", &body.call.title)).await?;
    l.section = "calls";
    l.description = call.summary.clone();
    let amendments =
        body.amendments.iter().map(|a| (a.clone(), crate::core::api::parse_rfc3339(&a.at).unwrap_or(published.published_at))).collect();
    let page = ResultsPage {
        title: body.call.title.clone(),
        laureates: body.laureates.iter().map(shown).collect(),
        mentions: body.mentions.iter().map(shown).collect(),
        nominees: body.nominees.iter().map(shown).collect(),
        amendments,
        published_at: published.published_at,
        fingerprint: published.fingerprint,
        version: published.version,
        call_url: format!("/appels/{}", call.slug),
        ceremony,
        l,
    };
    html(&page).map(|r| cache::mark(r, &[super::CALLS, cache::SITE]))
}

/// A call by id (the demo, which decides and publishes through `admin::decisions`).
pub async fn call_by_id(db: &crate::core::db::Db, id: i64) -> Result<Option<Call>, sqlx::Error> {
    store::call_by_id(db, id).await
}

/// A call's applications with their districts.
pub async fn applications(db: &crate::core::db::Db, call_id: i64) -> Result<Vec<Application>, sqlx::Error> {
    store::applications(db, call_id).await
}

/// Whether a call's results are published.
pub async fn is_published(db: &crate::core::db::Db, call_id: i64) -> Result<bool, sqlx::Error> {
    store::results::is_published(db, call_id).await
}

/// Whether a stage's decision is recorded.
pub async fn stage_decided(db: &crate::core::db::Db, stage_id: i64) -> Result<bool, sqlx::Error> {
    Ok(!store::results::decisions(db, stage_id).await?.is_empty())
}
