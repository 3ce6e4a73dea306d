//! The public results API: `GET /api/v1/surveys/{slug}/results` — the survey's published
//! waves (oldest first), each with its published questions only, their figures for the whole
//! wave and per territory; a cell computed from fewer responses than the survey's threshold
//! is `{"suppressed": true}`; no free text is ever given. 404 when the survey has no
//! published wave. The exports' `api.rs` chains `endpoints()` and `schemas()`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::results::{Audience, Cell};
use crate::core::api::{self, DateTime, Endpoint, doc};
use crate::core::error::{AppError, AppResult};
use crate::core::web::AppState;

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint {
        method: "get",
        path: "/api/v1/surveys/{slug}/results",
        handler: get(results_of),
        doc: doc::read(
            "A survey's published results: each published wave with its published questions, for the whole wave and per territory; cells from too few responses suppressed",
            vec![doc::slug_param()],
            doc::ok("The published waves' results", doc::schema_ref("SurveyResults")),
            true,
        ),
    }]
}

pub fn schemas() -> Value {
    api::derived_schemas(|g| {
        g.subschema_for::<SurveyResults>();
    })
}

/// A survey's published results.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyResults")]
pub struct SurveyResults {
    /// The published waves, oldest first.
    pub data: Vec<WaveJson>,
}

/// A territory's figures for a question.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyTerritoryCell")]
pub struct TerritoryCell {
    /// The club's slug.
    pub club: String,
    pub name: String,
    pub figures: Cell,
}

/// A published question's results.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyQuestionResults")]
pub struct QuestionJson {
    /// Stable across waves and rewording.
    pub code: String,
    pub label: String,
    /// The kind: single_choice, multiple_choice, yes_no, number, scale, matrix, short_text…
    #[serde(rename = "type")]
    pub kind: String,
    pub whole: Cell,
    pub territories: Vec<TerritoryCell>,
}

/// A territory's count of responses (None: fewer than the threshold).
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyTerritoryCount")]
pub struct TerritoryJson {
    pub club: String,
    pub name: String,
    pub responses: Option<i64>,
}

/// A published wave.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "SurveyWaveResults")]
pub struct WaveJson {
    pub label: String,
    pub published_at: DateTime,
    /// Complete responses in the wave (null: fewer than the survey's threshold).
    pub responses: Option<i64>,
    pub territories: Vec<TerritoryJson>,
    pub questions: Vec<QuestionJson>,
    /// The public results page of this wave.
    #[schemars(url)]
    pub url: String,
}

async fn results_of(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let survey = super::store::survey_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let waves = super::results::published_waves(&state, survey.id).await?;
    if waves.is_empty() {
        return Err(AppError::NotFound);
    }
    let tr = state.tr(state.config.content_lang);
    let mut data = vec![];
    for w in &waves {
        let Some(r) = super::results::wave_results(&state, &survey, w, Audience::Public, &tr).await? else { continue };
        let questions = r
            .questions
            .into_iter()
            .map(|q| QuestionJson {
                territories: r
                    .territories
                    .iter()
                    .zip(q.territories)
                    .map(|(t, figures)| TerritoryCell { club: t.slug.clone(), name: t.name.clone(), figures })
                    .collect(),
                code: q.code,
                label: q.label,
                kind: q.kind.to_string(),
                whole: q.whole,
            })
            .collect();
        data.push(WaveJson {
            label: w.label.clone(),
            published_at: DateTime::of(w.published_at.unwrap_or_default()),
            responses: r.responses,
            territories: r
                .territories
                .iter()
                .map(|t| TerritoryJson { club: t.slug.clone(), name: t.name.clone(), responses: t.responses })
                .collect(),
            questions,
            url: state.absolute(&super::results::results_path(&survey.slug, "", &w.label)),
        });
    }
    Ok(axum::Json(SurveyResults { data }).into_response())
}
