//! The calls' results and managers' JSON API.
//!
//! - `GET /api/v1/calls/{slug}/results` (public): the frozen results' canonical JSON, served
//!   byte for byte as stored with its `fingerprint` (the SHA-256 the page shows) added as the
//!   last member (also in the `ETag` and `X-Results-Fingerprint` headers); 404 before
//!   publication.
//! - `GET /api/v1/calls/{slug}/applications` (token; the call's managers): the applications.
//! - `GET /api/v1/calls/{slug}/stages/{stage_id}/scores` (token; the call's managers): the
//!   stage's ranking from the counted reviews.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

use super::admin::decisions::{RankedApplication, stage_ranking};
use super::model::Call;
use super::store;
use crate::core::api::{self, ApiUser, DateTime, Endpoint, Paging, doc};
use crate::core::audit;
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Query};

pub fn endpoints() -> Vec<Endpoint> {
    let slug = doc::slug_param;
    let stage = || json!({ "name": "stage_id", "in": "path", "required": true, "schema": { "type": "integer" } });
    let mut results = doc::read(
        "A call's published results, frozen, with their fingerprint (the SHA-256 of the body without `fingerprint`, shown on the results page)",
        vec![slug()],
        doc::ok("The latest published version", doc::schema_ref("CallResults")),
        true,
    );
    results["responses"]["200"]["headers"] = json!({
        "ETag": { "description": "\"<fingerprint>\"", "schema": { "type": "string" } },
        "X-Results-Fingerprint": { "description": "The fingerprint, as in the body", "schema": { "type": "string" } } });
    let mut applications = doc::write(
        "A call's applications (its managers)",
        [vec![slug()], doc::paging_params()].concat(),
        None,
        ("200", doc::ok("A page of applications, oldest first", doc::list_of("CallApplication"))),
    );
    applications["responses"]["422"] = doc::error_ref("Invalid paging parameter");
    let scores = doc::write(
        "A stage's ranking from the counted reviews (its managers)",
        vec![slug(), stage()],
        None,
        ("200", doc::ok("The ranking, by category then rank", doc::list_of("CallScore"))),
    );
    vec![
        Endpoint { method: "get", path: "/api/v1/calls/{slug}/results", handler: get(results_of), doc: results },
        Endpoint { method: "get", path: "/api/v1/calls/{slug}/applications", handler: get(list_applications), doc: applications },
        Endpoint { method: "get", path: "/api/v1/calls/{slug}/stages/{stage_id}/scores", handler: get(scores_of), doc: scores },
    ]
}

pub fn schemas() -> Value {
    api::derived_schemas(|g| {
        g.subschema_for::<super::results::ResultsJson>();
        g.subschema_for::<ApplicationJson>();
        g.subschema_for::<ScoreJson>();
    })
}

/// An application as its managers read it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "CallApplication")]
struct ApplicationJson {
    id: i64,
    reference: Option<String>,
    /// `submitted` or `withdrawn`.
    status: String,
    /// `pending`, `eligible` or `ineligible`.
    eligibility: String,
    project_title: String,
    organisation: String,
    contact_name: String,
    email: String,
    category_id: Option<i64>,
    /// The furthest stage reached.
    stage_id: Option<i64>,
    /// `laureate`, `mention`, `nominee` or `not_selected`, once decided.
    outcome: Option<String>,
    outcome_category_id: Option<i64>,
    submitted_at: Option<DateTime>,
}

/// A line of a stage's ranking.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "CallScore")]
struct ScoreJson {
    #[serde(flatten)]
    ranked: RankedApplication,
}

#[derive(serde::Deserialize, Default)]
struct PageQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

async fn results_of(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let call = store::call_by_slug(&state.db, &slug).await?.filter(|c| c.status != "draft").ok_or(AppError::NotFound)?;
    let p = super::results::latest(&state, call.id).await?.ok_or(AppError::NotFound)?;
    let mut r = super::results::served(&p.body, &p.fingerprint).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", p.fingerprint)) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&p.fingerprint) {
        h.insert("x-results-fingerprint", v);
    }
    Ok(r)
}

/// A call the token's person manages: 404 when there is none, 403 for another club's.
async fn managed(state: &AppState, user: &Principal, slug: &str) -> AppResult<Call> {
    let call = store::call_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if !user.can_publish(call.club_id) {
        return Err(AppError::Forbidden);
    }
    Ok(call)
}

async fn list_applications(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ip: audit::ClientIp,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let call = managed(&state, &user, &slug).await?;
    let paging = Paging::parse(q.page, q.per_page)?;
    let apps: Vec<_> = store::applications(&state.db, call.id).await?.into_iter().filter(|a| a.status != "draft").collect();
    let total = apps.len() as i64;
    let data: Vec<ApplicationJson> = apps
        .into_iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
        .take(paging.per_page as usize)
        .map(|a| ApplicationJson {
            id: a.id,
            reference: a.reference,
            status: a.status,
            eligibility: a.eligibility,
            project_title: a.fields.project_title,
            organisation: a.fields.org_name,
            contact_name: a.fields.contact_name,
            email: a.email,
            category_id: a.fields.category_id,
            stage_id: a.stage_id,
            outcome: a.outcome,
            outcome_category_id: a.outcome_category_id,
            submitted_at: a.submitted_at.map(DateTime::of),
        })
        .collect();
    let detail = format!("page={} rows={}", paging.page, data.len());
    let actor = audit::Actor::api(&user, &ip, state.now());
    audit::record(&state.db, actor, "api.calls.applications", &audit::Subject::new("call", call.id, &call.title), &detail).await?;
    Ok(axum::Json(paging.page(data, total)).into_response())
}

async fn scores_of(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ip: audit::ClientIp,
    Path((slug, stage_id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let call = managed(&state, &user, &slug).await?;
    let stage = store::stages(&state.db, call.id).await?.into_iter().find(|s| s.id == stage_id).ok_or(AppError::NotFound)?;
    let rows = stage_ranking(&state, &call, &stage).await?;
    let total = rows.len() as i64;
    let data: Vec<ScoreJson> = rows.into_iter().map(|ranked| ScoreJson { ranked }).collect();
    let actor = audit::Actor::api(&user, &ip, state.now());
    let detail = format!("stage={} rows={total}", stage.id);
    audit::record(&state.db, actor, "api.calls.scores", &audit::Subject::new("call", call.id, &call.title), &detail).await?;
    let paging = Paging { page: 1, per_page: total.max(1) };
    Ok(axum::Json(paging.page(data, total)).into_response())
}
