//! The surveys' JSON API.
//!
//! Public (no token), surveys that have at least one opened wave (a wave whose form is
//! frozen; a survey still in preparation is not shown):
//! - `GET /api/v1/surveys`: a list in `data` (newest first, with the paging `meta`): slug,
//!   title, summary, page URL, the waves' labels, states and publication, and the results
//!   page's URL once a wave's results are published;
//! - `GET /api/v1/surveys/{slug}`: the survey with its `waves` (label, mode, opening and
//!   closing in RFC 3339, state, territories, published and the wave's results URL).
//!
//! Staff, with a personal token (`Authorization: Bearer …`), for those who may manage the
//! survey (`admin::manageable`):
//! - `GET /api/v1/surveys/{slug}/waves/{label}/responses`: a wave's JSON export (codebook and
//!   responses, as `exports.rs` writes it), recorded in the audit log;
//! - `GET /api/v1/surveys/{slug}/codebook`: the survey's codebook.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

use super::exports;
use super::model::{Survey, Wave};
use super::store;
use crate::core::api::{self, ApiUser, DateTime, Endpoint, Paging, doc};
use crate::core::audit;
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Query};

/// This file's endpoints, then the published results' (`api_results.rs`).
pub fn endpoints() -> Vec<Endpoint> {
    let label = || json!({ "name": "label", "in": "path", "required": true, "schema": { "type": "string" } });
    let mut all = vec![
        Endpoint {
            method: "get",
            path: "/api/v1/surveys",
            handler: get(list_surveys),
            doc: doc::read(
                "Surveys and barometers with at least one opened wave, newest first, with their waves' states",
                doc::paging_params(),
                doc::ok("A page of surveys", doc::list_of("SurveySummary")),
                false,
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/surveys/{slug}",
            handler: get(show_survey),
            doc: doc::read(
                "A survey with its waves: mode, dates, state, territories and whether their results are published",
                vec![doc::slug_param()],
                doc::ok("The survey", doc::schema_ref("SurveyDetail")),
                true,
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/surveys/{slug}/waves/{label}/responses",
            handler: get(wave_responses),
            doc: doc::write(
                "A wave's responses with the codebook, one object per response by column (the survey's managers)",
                vec![doc::slug_param(), label()],
                None,
                ("200", doc::ok("The wave's export", doc::schema_ref("SurveyResponses"))),
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/surveys/{slug}/codebook",
            handler: get(codebook),
            doc: doc::write(
                "A survey's codebook: per question code its labels across versions, type, options, rows and export columns (the survey's managers)",
                vec![doc::slug_param()],
                None,
                ("200", doc::ok("The codebook", doc::schema_ref("SurveyCodebook"))),
            ),
        },
    ];
    all.extend(super::api_results::endpoints());
    all
}

pub fn schemas() -> Value {
    let mut all = api::derived_schemas(|g| {
        g.subschema_for::<SurveySummary>();
        g.subschema_for::<SurveyDetail>();
        g.subschema_for::<exports::WaveExport>();
        g.subschema_for::<exports::CodebookExport>();
    });
    if let (Some(mine), Value::Object(theirs)) = (all.as_object_mut(), super::api_results::schemas()) {
        mine.extend(theirs);
    }
    all
}

/// A wave in a survey's summary.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyWaveSummary")]
struct WaveSummary {
    /// For example "2025".
    label: String,
    #[schemars(extend("enum" = ["scheduled", "open", "closed"]))]
    state: &'static str,
    /// Its results are published.
    published: bool,
}

/// A survey in a list.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveySummary")]
struct SurveySummary {
    slug: String,
    title: String,
    summary: String,
    /// The survey's public page.
    #[schemars(url)]
    url: String,
    /// The club's slug; none for the network's own surveys.
    club: Option<String>,
    /// The opened waves, oldest first.
    waves: Vec<WaveSummary>,
    /// The public results of the latest published wave, once there is one.
    #[schemars(url)]
    results_url: Option<String>,
}

/// A territory (club) a wave runs in.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyTerritory")]
struct TerritoryJson {
    slug: String,
    name: String,
}

/// A wave, whole.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyWave")]
struct WaveJson {
    label: String,
    /// What respondents are told about who they are.
    #[schemars(extend("enum" = ["anonymous", "pseudonymous", "identified"]))]
    mode: &'static str,
    opens_at: DateTime,
    /// Answers are taken before this moment.
    closes_at: DateTime,
    #[schemars(extend("enum" = ["scheduled", "open", "closed"]))]
    state: &'static str,
    territories: Vec<TerritoryJson>,
    published: bool,
    /// The wave's public results, once published.
    #[schemars(url)]
    results_url: Option<String>,
}

/// A survey with its waves.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyDetail")]
struct SurveyDetail {
    slug: String,
    title: String,
    summary: String,
    #[schemars(url)]
    url: String,
    club: Option<String>,
    /// The opened waves, oldest first.
    waves: Vec<WaveJson>,
    #[schemars(url)]
    results_url: Option<String>,
}

/// The waves the public sees: those opened (their form frozen).
async fn public_waves(state: &AppState, survey_id: i64) -> Result<Vec<Wave>, sqlx::Error> {
    Ok(store::waves(&state.db, survey_id).await?.into_iter().filter(|w| w.form_version.is_some()).collect())
}

fn results_url(state: &AppState, s: &Survey, waves: &[Wave]) -> Option<String> {
    waves.iter().any(|w| w.published_at.is_some()).then(|| state.absolute(&format!("/enquetes/{}/resultats", s.slug)))
}

async fn club_slug(state: &AppState, club_id: Option<i64>) -> Result<Option<String>, sqlx::Error> {
    Ok(match club_id {
        Some(id) => crate::modules::network::get_club(&state.db, id).await?.map(|c| c.slug),
        None => None,
    })
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

async fn list_surveys(State(state): State<AppState>, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let paging = Paging::parse(q.page, q.per_page)?;
    let now = state.now();
    let mut listed = vec![];
    for s in store::surveys(&state.db).await? {
        let waves = public_waves(&state, s.id).await?;
        if !waves.is_empty() {
            listed.push((s, waves));
        }
    }
    let total = listed.len() as i64;
    let mut data = vec![];
    for (s, waves) in listed.into_iter().skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX)).take(paging.per_page as usize) {
        data.push(SurveySummary {
            url: state.absolute(&format!("/enquetes/{}", s.slug)),
            club: club_slug(&state, s.club_id).await?,
            results_url: results_url(&state, &s, &waves),
            waves: waves
                .iter()
                .map(|w| WaveSummary { label: w.label.clone(), state: w.phase(now).name(), published: w.published_at.is_some() })
                .collect(),
            slug: s.slug,
            title: s.title,
            summary: s.summary,
        });
    }
    Ok(axum::Json(paging.page(data, total)).into_response())
}

async fn show_survey(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let s = store::survey_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let waves = public_waves(&state, s.id).await?;
    if waves.is_empty() {
        return Err(AppError::NotFound);
    }
    let now = state.now();
    let mut out = vec![];
    for w in &waves {
        let territories =
            store::territories(&state.db, w.id).await?.into_iter().map(|t| TerritoryJson { slug: t.club_slug, name: t.club_name });
        let published = w.published_at.is_some();
        out.push(WaveJson {
            label: w.label.clone(),
            mode: w.mode.as_str(),
            opens_at: DateTime::of(w.opens_at),
            closes_at: DateTime::of(w.closes_at),
            state: w.phase(now).name(),
            territories: territories.collect(),
            published,
            results_url: published.then(|| state.absolute(&super::results::results_path(&s.slug, "", &w.label))),
        });
    }
    let body = SurveyDetail {
        url: state.absolute(&format!("/enquetes/{}", s.slug)),
        club: club_slug(&state, s.club_id).await?,
        results_url: results_url(&state, &s, &waves),
        waves: out,
        slug: s.slug,
        title: s.title,
        summary: s.summary,
    };
    Ok(axum::Json(body).into_response())
}

/// A survey the token's person may manage: 404 when there is none, 403 for another club's.
async fn managed(state: &AppState, user: &Principal, slug: &str) -> AppResult<Survey> {
    let s = store::survey_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    super::admin::manageable(state, user, s.id).await
}

async fn wave_responses(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ip: audit::ClientIp,
    Path((slug, label)): Path<(String, String)>,
) -> AppResult<Response> {
    let survey = managed(&state, &user, &slug).await?;
    let wave = store::waves(&state.db, survey.id).await?.into_iter().find(|w| w.label == label).ok_or(AppError::NotFound)?;
    let wave_id = wave.id;
    exports::check_released(&wave, state.now())?;
    let body = exports::wave_json_body(&state, &survey, wave).await?;
    let actor = audit::Actor::api(&user, &ip, state.now());
    let detail = format!("wave={wave_id} format=json rows={}", body.responses.len());
    audit::record(&state.db, actor, "api.surveys.responses", &audit::Subject::new("survey", survey.id, &survey.title), &detail).await?;
    Ok(axum::Json(body).into_response())
}

async fn codebook(State(state): State<AppState>, ApiUser(user): ApiUser, Path(slug): Path<String>) -> AppResult<Response> {
    let survey = managed(&state, &user, &slug).await?;
    let book = exports::Book::load(&state, &survey).await?;
    let body = exports::CodebookExport {
        survey: exports::SurveyRef { slug: survey.slug.clone(), title: survey.title.clone() },
        codebook: book.entries,
    };
    Ok(axum::Json(body).into_response())
}
