//! The open link: when a wave takes public answers (`Wave::open_link`), `/enquetes/{slug}/repondre`
//! asks the respondent's territory among the wave's, makes a random key (256 bits) whose
//! SHA-256 alone is stored as the draft's holder, and sends the respondent to
//! `/enquetes/{slug}/reponse/{key}`: the address to come back to, the same pages as an
//! invitation's. Starts are limited per client address. After the submission the key opens
//! nothing (the draft, its only trace, is deleted in the same transaction).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};

use super::{Respondent, WelcomeQuery, respondent};
use crate::core::access;
use crate::core::auth::{random_token, sha256_hex};
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html_status, see_other};
use crate::modules::network::public_layout;
use crate::modules::surveys::model::{Holder, Mode, Phase, Survey, Territory, Wave};
use crate::modules::surveys::{pages, store};

/// Open-link starts allowed per client address in an hour.
pub const STARTS_PER_ADDRESS: i64 = 20;
const START_WINDOW: i64 = 3600;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/enquetes/{slug}/repondre", get(start_form).post(start))
        .route("/enquetes/{slug}/merci", get(thanks))
        .route("/enquetes/{slug}/reponse/{key}", get(welcome))
        .route("/enquetes/{slug}/reponse/{key}/partie/{n}", get(section).post(save))
        .route("/enquetes/{slug}/reponse/{key}/relecture", get(review))
        .route("/enquetes/{slug}/reponse/{key}/envoyer", post(submit))
}

/// The pages' base address of an open link's key.
pub fn key_path(slug: &str, key: &str) -> String {
    format!("/enquetes/{slug}/reponse/{key}")
}

/// The wave answering through the open link now, if any.
fn open_wave(waves: &[Wave], now: i64) -> Option<&Wave> {
    pages::current_wave(waves, now).filter(|w| w.open_link && w.phase(now) == Phase::Open)
}

#[derive(askama::Template)]
#[template(path = "surveys/respond_start.html")]
struct StartPage {
    l: Layout,
    survey: Survey,
    wave: Option<Wave>,
    mode: String,
    anonymous: bool,
    territories: Vec<Territory>,
    territory: String,
    errors: FormErrors,
    summary: Vec<(String, String)>,
}

#[derive(serde::Deserialize, Default)]
struct StartForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    territory: String,
}

async fn start_page(state: &AppState, ctx: &Ctx, slug: &str, f: StartForm, errors: FormErrors, status: StatusCode) -> AppResult<Response> {
    let (survey, waves) = pages::public_survey(state, slug).await?;
    let wave = open_wave(&waves, ctx.now).cloned();
    let territories = match &wave {
        Some(w) => store::territories(&state.db, w.id).await?,
        None => vec![],
    };
    let status = if wave.is_none() && status == StatusCode::OK { StatusCode::CONFLICT } else { status };
    let mut l = public_layout(state, ctx, ctx.tr.a("surveys-start-title", "survey", &survey.title)).await?;
    l.noindex = true;
    l.section = "surveys";
    let summary = errors.labelled_lines(&ctx.tr, |_| ctx.tr.t("surveys-territory"));
    let page = StartPage {
        l,
        mode: wave.as_ref().map(|w| ctx.tr.t(pages::mode_key(w.mode))).unwrap_or_default(),
        anonymous: wave.as_ref().is_some_and(|w| w.mode == Mode::Anonymous),
        survey,
        wave,
        territories,
        territory: f.territory,
        errors,
        summary,
    };
    html_status(status, &page).map(access::no_store)
}

async fn start_form(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    start_page(&state, &ctx, &slug, StartForm::default(), FormErrors::default(), StatusCode::OK).await
}

/// Begin through the open link: the territory checked (one of the wave's, not full), the
/// client address counted, then a key and its empty draft.
async fn start(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Form(f): Form<StartForm>) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let (_, waves) = pages::public_survey(&state, &slug).await?;
    let Some(wave) = open_wave(&waves, ctx.now).cloned() else {
        return start_page(&state, &ctx, &slug, f, FormErrors::default(), StatusCode::CONFLICT).await;
    };
    let territories = store::territories(&state.db, wave.id).await?;
    let mut errors = FormErrors::default();
    let chosen = f.territory.trim().parse::<i64>().ok().and_then(|id| territories.iter().find(|t| t.club_id == id));
    match chosen {
        None => errors.add("territory", "surveys-error-territory"),
        Some(t) if t.full() => errors.add("territory", "surveys-error-territory-full"),
        Some(_) => {}
    }
    let Some(club_id) = chosen.map(|t| t.club_id).filter(|_| errors.is_empty()) else {
        return start_page(&state, &ctx, &slug, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let (hits, since) = access::count_hit(&state.db, &format!("surveys-open-ip:{}", ctx.ip), ctx.now, START_WINDOW).await?;
    if hits > STARTS_PER_ADDRESS {
        let wait = (since + START_WINDOW - ctx.now).max(1);
        errors.add("territory", &format!("surveys-start-throttled?minutes={}", (wait + 59) / 60));
        let mut r = start_page(&state, &ctx, &slug, f, errors, StatusCode::TOO_MANY_REQUESTS).await?;
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(r);
    }
    let key = random_token();
    let mut tx = state.db.begin().await?;
    store::start_open_draft(&mut tx, wave.id, club_id, &sha256_hex(&key), ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&key_path(&slug, &key)))
}

#[derive(askama::Template)]
#[template(path = "surveys/respond_gone.html")]
struct GonePage {
    l: Layout,
    survey: Survey,
    thanks: bool,
}

async fn gone_or_thanks(state: &AppState, ctx: &Ctx, slug: &str, thanks: bool) -> AppResult<Response> {
    let (survey, _) = pages::public_survey(state, slug).await?;
    let title = ctx.tr.t(if thanks { "surveys-thanks-title" } else { "surveys-key-gone-title" });
    let mut l = public_layout(state, ctx, title).await?;
    l.noindex = true;
    l.section = "surveys";
    let status = if thanks { StatusCode::OK } else { StatusCode::NOT_FOUND };
    html_status(status, &GonePage { l, survey, thanks }).map(access::no_store)
}

async fn thanks(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    gone_or_thanks(&state, &ctx, &slug, true).await
}

/// The respondent a key opens; `Err(page)` when it opens nothing (answered, or never made).
async fn by_key(state: &AppState, ctx: &Ctx, slug: &str, key: &str) -> AppResult<Result<Respondent, Response>> {
    let shaped = key.len() == 43 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let holder = Holder::OpenKey(sha256_hex(key));
    let draft = if shaped { store::draft(&state.db, &holder).await? } else { None };
    let Some(draft) = draft else { return gone_or_thanks(state, ctx, slug, false).await.map(Err) };
    let r = respondent(state, draft.wave_id, draft.club_id, holder, key_path(slug, key), true, false, Some(draft.clone())).await?;
    match r {
        Some(r) if r.survey.slug == slug => Ok(Ok(r)),
        _ => Err(AppError::NotFound),
    }
}

async fn welcome(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, key)): Path<(String, String)>,
    Query(q): Query<WelcomeQuery>,
) -> AppResult<Response> {
    match by_key(&state, &ctx, &slug, &key).await? {
        Ok(r) => super::welcome(&state, &ctx, r, q.enregistre.is_some()).await,
        Err(page) => Ok(page),
    }
}

async fn section(State(state): State<AppState>, ctx: Ctx, Path((slug, key, n)): Path<(String, String, String)>) -> AppResult<Response> {
    let n: usize = n.parse().map_err(|_| AppError::NotFound)?;
    match by_key(&state, &ctx, &slug, &key).await? {
        Ok(r) => super::section(&state, &ctx, r, n).await,
        Err(page) => Ok(page),
    }
}

async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, key, n)): Path<(String, String, String)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let n: usize = n.parse().map_err(|_| AppError::NotFound)?;
    match by_key(&state, &ctx, &slug, &key).await? {
        Ok(r) => super::save(&state, &ctx, r, n, sent).await,
        Err(page) => Ok(page),
    }
}

async fn review(State(state): State<AppState>, ctx: Ctx, Path((slug, key)): Path<(String, String)>) -> AppResult<Response> {
    match by_key(&state, &ctx, &slug, &key).await? {
        Ok(r) => super::review(&state, &ctx, r).await,
        Err(page) => Ok(page),
    }
}

async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<super::SubmitForm>,
) -> AppResult<Response> {
    match by_key(&state, &ctx, &slug, &key).await? {
        Ok(r) => super::submit(&state, &ctx, r, &f.csrf, format!("/enquetes/{slug}/merci")).await,
        Err(page) => Ok(page),
    }
}
