//! The calls' public JSON API: `GET /api/v1/calls` (the published calls in the order of
//! `/appels`: open, closed, with results; a list in `data` with the paging `meta`) and
//! `GET /api/v1/calls/{slug}` (the call, its categories with their sponsor, its stages' names,
//! the deadline in RFC 3339, and `results_url` once results are published). The managers'
//! endpoints and the results are in `api_manage.rs`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

use super::model::{Call, Phase};
use super::store;
use crate::core::api::{self, DateTime, Endpoint, Paging, doc};
use crate::core::error::AppResult;
use crate::core::web::{AppState, Query};

pub fn endpoints() -> Vec<Endpoint> {
    let mut all = vec![
        Endpoint {
            method: "get",
            path: "/api/v1/calls",
            handler: get(list_calls),
            doc: doc::read(
                "Published calls for projects and competitions: open ones (nearest deadline first), then closed ones, then those with results",
                doc::paging_params(),
                doc::ok("A page of calls", doc::list_of("CallSummary")),
                false,
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/calls/{slug}",
            handler: get(show_call),
            doc: doc::read(
                "A published call with its prize categories and sponsors, its stages and its deadline",
                vec![doc::slug_param()],
                doc::ok("The call", doc::schema_ref("CallDetail")),
                true,
            ),
        },
    ];
    all.extend(super::api_manage::endpoints());
    all
}

pub fn schemas() -> Value {
    let mut s = api::derived_schemas(|g| {
        g.subschema_for::<CallSummary>();
        g.subschema_for::<CallDetail>();
    });
    if let (Value::Object(a), Value::Object(b)) = (&mut s, super::api_manage::schemas()) {
        a.extend(b);
    }
    s
}

/// A call in a list.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "CallSummary")]
struct CallSummary {
    id: i64,
    slug: String,
    #[schemars(extend("enum" = ["competition", "call"]))]
    kind: String,
    title: String,
    summary: String,
    /// The call's public page.
    #[schemars(url)]
    url: String,
    /// The club's slug; none for the network's own calls.
    club: Option<String>,
    opens_at: DateTime,
    /// The deadline: a submission at this second or later is refused.
    closes_at: DateTime,
    #[schemars(extend("enum" = ["upcoming", "open", "closed", "results"]))]
    phase: &'static str,
    /// The public results page, once results are published.
    #[schemars(url)]
    results_url: Option<String>,
}

/// A prize category's sponsor (a partner of the network).
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "CallSponsor")]
struct Sponsor {
    name: String,
    /// The sponsor's logo, when it has one.
    logo_url: Option<String>,
}

/// A prize category.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "CallCategory")]
struct CategoryJson {
    id: i64,
    name: String,
    description: String,
    prize: String,
    sponsor: Option<Sponsor>,
}

/// A stage of the call, in order.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "CallStage")]
struct StageJson {
    position: i64,
    name: String,
}

/// A call, whole.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "CallDetail")]
struct CallDetail {
    #[serde(flatten)]
    call: CallSummary,
    /// Markdown.
    rules: String,
    /// Markdown.
    eligibility: String,
    categories: Vec<CategoryJson>,
    stages: Vec<StageJson>,
    /// The award ceremony (an event's public page), when there is one.
    #[schemars(url)]
    ceremony_url: Option<String>,
}

async fn summary(state: &AppState, c: &Call, phase: Phase) -> Result<CallSummary, sqlx::Error> {
    let club = match c.club_id {
        Some(id) => crate::modules::network::get_club(&state.db, id).await?.map(|c| c.slug),
        None => None,
    };
    Ok(CallSummary {
        id: c.id,
        slug: c.slug.clone(),
        kind: c.kind.clone(),
        title: c.title.clone(),
        summary: c.summary.clone(),
        url: state.absolute(&format!("/appels/{}", c.slug)),
        club,
        opens_at: DateTime::of(c.opens_at),
        closes_at: DateTime::of(c.closes_at),
        phase: match phase {
            Phase::Upcoming => "upcoming",
            Phase::Open => "open",
            Phase::Closed => "closed",
            Phase::Results => "results",
        },
        results_url: (phase == Phase::Results).then(|| state.absolute(&format!("/appels/{}/resultats", c.slug))),
    })
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

async fn list_calls(State(state): State<AppState>, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let paging = Paging::parse(q.page, q.per_page)?;
    let all = super::pages::ordered_calls(&state, state.now()).await?;
    let total = all.len() as i64;
    let mut data = vec![];
    for (c, phase) in all.iter().skip(paging.offset().clamp(0, total) as usize).take(paging.per_page as usize) {
        data.push(summary(&state, c, *phase).await?);
    }
    Ok(axum::Json(paging.page(data, total)).into_response())
}

async fn show_call(State(state): State<AppState>, Path(slug): Path<String>) -> AppResult<Response> {
    let c = super::pages::public_call(&state, &slug).await?;
    let published = store::applications::results_published(&state.db, c.id).await?;
    let phase = c.phase(state.now(), published);
    let views = super::pages::category_views(&state, &store::categories(&state.db, c.id).await?).await?;
    let ids = store::categories(&state.db, c.id).await?;
    let categories = ids
        .iter()
        .zip(views)
        .map(|(k, v)| CategoryJson {
            id: k.id,
            name: v.name,
            description: v.description,
            prize: v.prize,
            sponsor: v.sponsor.map(|name| Sponsor { name, logo_url: v.logo.map(|u| state.absolute(&u)) }),
        })
        .collect();
    let stages = store::stages(&state.db, c.id).await?.into_iter().map(|s| StageJson { position: s.position, name: s.name }).collect();
    let ceremony_url = match c.ceremony_event_id {
        Some(id) => crate::modules::events::get_event(&state.db, id).await?.filter(|e| e.is_public()).map(|e| state.absolute(&e.url())),
        None => None,
    };
    let body = CallDetail {
        call: summary(&state, &c, phase).await?,
        rules: c.rules.clone(),
        eligibility: c.eligibility.clone(),
        categories,
        stages,
        ceremony_url,
    };
    Ok(axum::Json(json!(body)).into_response())
}
