//! The programs' public JSON API (no token, no personal data):
//! - `GET /api/v1/programs`: a list in `data` (with the paging `meta`): slug, title, summary,
//!   page URL, age band, the number of clubs that run it;
//! - `GET /api/v1/programs/{slug}`: the program with its skills, path, completion rule, the
//!   `clubs` that run it (slug, name, since) and its public `figures`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::model::{Figures, Program};
use super::store;
use crate::core::api::{self, DateTime, Endpoint, Paging, doc};
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Query};

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint {
            method: "get",
            path: "/api/v1/programs",
            handler: get(list_programs),
            doc: doc::read(
                "Youth programs, by title, with their age band and the number of clubs that run them",
                doc::paging_params(),
                doc::ok("A page of programs", doc::list_of("ProgramSummary")),
                false,
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/programs/{slug}",
            handler: get(show_program),
            doc: doc::read(
                "A program: its skills, path and completion rule, the clubs that run it and since when, its public figures",
                vec![doc::slug_param()],
                doc::ok("The program", doc::schema_ref("ProgramDetail")),
                true,
            ),
        },
    ]
}

pub fn schemas() -> Value {
    api::derived_schemas(|g| {
        g.subschema_for::<ProgramSummary>();
        g.subschema_for::<ProgramDetail>();
    })
}

/// A program in a list.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramSummary")]
struct ProgramSummary {
    slug: String,
    title: String,
    summary: String,
    /// The program's public page.
    #[schemars(url)]
    url: String,
    age_min: i64,
    age_max: i64,
    /// How many clubs run it.
    clubs: i64,
}

/// A club that runs a program.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramClub")]
struct ClubJson {
    slug: String,
    name: String,
    /// When it started running the program.
    since: DateTime,
}

/// A skill the path works on.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramSkill")]
struct SkillJson {
    code: String,
    label: String,
}

/// A step of the program's path.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramStep")]
struct StepJson {
    #[schemars(extend("enum" = ["workshop", "coaching", "tutoring", "visit", "final"]))]
    kind: &'static str,
    title: String,
    /// Skill codes.
    skills: Vec<String>,
    minutes: i64,
}

/// A program with the clubs that run it and its public figures.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramDetail")]
struct ProgramDetail {
    slug: String,
    title: String,
    summary: String,
    #[schemars(url)]
    url: String,
    age_min: i64,
    age_max: i64,
    skills: Vec<SkillJson>,
    path: Vec<StepJson>,
    /// Percentage of the sessions to attend to complete the path.
    min_attendance: i64,
    /// The final event must be attended too.
    final_required: bool,
    clubs: Vec<ClubJson>,
    figures: Figures,
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

fn page_url(state: &AppState, p: &Program) -> String {
    state.absolute(&format!("/programmes/{}", p.slug))
}

async fn list_programs(State(state): State<AppState>, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let paging = Paging::parse(q.page, q.per_page)?;
    let all = store::programs(&state.db).await?;
    let total = all.len() as i64;
    let mut data = vec![];
    for p in all.into_iter().skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX)).take(paging.per_page as usize) {
        let clubs = store::program_clubs(&state.db, p.id).await?.len() as i64;
        data.push(ProgramSummary {
            url: page_url(&state, &p),
            slug: p.slug,
            title: p.title,
            summary: p.summary,
            age_min: p.age_min,
            age_max: p.age_max,
            clubs,
        });
    }
    Ok(axum::Json(paging.page(data, total)).into_response())
}

async fn show_program(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let p = store::program_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let clubs = store::program_clubs(&state.db, p.id)
        .await?
        .into_iter()
        .map(|(_, slug, name, since)| ClubJson { slug, name, since: DateTime::of(since) })
        .collect();
    let figures = store::public_figures(&state.db, p.id, state.now(), &state.tz).await?;
    let body = ProgramDetail {
        url: page_url(&state, &p),
        skills: p.skills.iter().map(|s| SkillJson { code: s.code.clone(), label: s.label.clone() }).collect(),
        path: p
            .path
            .iter()
            .map(|s| StepJson { kind: s.kind.as_str(), title: s.title.clone(), skills: s.skills.clone(), minutes: s.minutes })
            .collect(),
        min_attendance: p.rule.min_attendance,
        final_required: p.rule.final_required,
        slug: p.slug,
        title: p.title,
        summary: p.summary,
        age_min: p.age_min,
        age_max: p.age_max,
        clubs,
        figures,
    };
    Ok(axum::Json(body).into_response())
}
