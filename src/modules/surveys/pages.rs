//! The surveys' public pages: `/enquetes` (surveys with an open wave, then those with
//! published results) and `/enquetes/{slug}` (the survey, its current wave with its dates in
//! words, its mode stated plainly, its territories, "Répondre" for the open link, and links
//! to the published results). Both are cached (scope `SURVEYS`); `next_change` turns the
//! cache when a wave opens or closes. Surveys without an opened wave are not public.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::model::{Mode, Phase, Survey, Territory, Wave};
use super::store;
use crate::core::cache;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::Tr;
use crate::core::markup;
use crate::core::web::{AppState, Ctx, Layout, html};
use crate::modules::network::{self, public_layout};

pub fn routes() -> Router<AppState> {
    Router::new().route("/enquetes", get(list)).route("/enquetes/{slug}", get(show))
}

/// "heure de Paris": the site's time zone, said after a date.
fn zone(tr: &Tr) -> String {
    let city = tr.tz().iana_name().and_then(|n| n.rsplit('/').next()).unwrap_or("").replace('_', " ");
    if city.is_empty() { String::new() } else { tr.a("surveys-zone", "city", &city) }
}

/// A wave's dates in words, as they matter at `now`: "Vous pouvez répondre jusqu'au …",
/// "Ouvre le … ", "Close depuis le …".
pub fn wave_dates(tr: &Tr, wave: &Wave, now: i64) -> String {
    let args =
        [("opens", tr.datetime(wave.opens_at)), ("closes", tr.datetime(wave.closes_at)), ("zone", zone(tr)), ("wave", wave.label.clone())];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let key = match wave.phase(now) {
        Phase::Open => "surveys-dates-open",
        Phase::Scheduled | Phase::Draft => "surveys-dates-scheduled",
        Phase::Closed => "surveys-dates-closed",
    };
    tr.args(key, &args)
}

/// The key of a mode stated plainly (one sentence).
pub fn mode_key(mode: Mode) -> &'static str {
    match mode {
        Mode::Anonymous => "surveys-mode-anonymous",
        Mode::Pseudonymous => "surveys-mode-pseudonymous",
        Mode::Identified => "surveys-mode-identified",
    }
}

/// The wave a survey's page is about: the open one (the latest opened), else the next to
/// open, else the latest. `waves` are the public ones, oldest first.
pub fn current_wave(waves: &[Wave], now: i64) -> Option<&Wave> {
    let opened = || waves.iter().filter(|w| w.form_version.is_some());
    opened()
        .rfind(|w| w.phase(now) == Phase::Open)
        .or_else(|| opened().find(|w| w.phase(now) == Phase::Scheduled))
        .or_else(|| opened().next_back())
        .or_else(|| waves.last())
}

/// A survey's public results pages, newest published wave first: (label, url).
pub fn results_links(slug: &str, waves: &[Wave]) -> Vec<(String, String)> {
    let published: Vec<&Wave> = waves.iter().filter(|w| w.published_at.is_some()).collect();
    published
        .iter()
        .rev()
        .enumerate()
        .map(|(i, w)| {
            let url = if i == 0 {
                format!("/enquetes/{slug}/resultats")
            } else {
                format!("/enquetes/{slug}/resultats?{}", serde_urlencoded::to_string([("vague", w.label.as_str())]).unwrap_or_default())
            };
            (w.label.clone(), url)
        })
        .collect()
}

async fn owner_name(state: &AppState, club_id: Option<i64>) -> Result<String, sqlx::Error> {
    Ok(match club_id {
        Some(id) => network::get_club(&state.db, id).await?.map(|c| c.name).unwrap_or_default(),
        None => network::site_name(&state.db).await?,
    })
}

/// A survey as a card of the list.
pub struct SurveyCard {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub owner: String,
    /// "Vague 2026 · Vous pouvez répondre jusqu'au …".
    pub line: String,
    pub results_url: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "surveys/public_list.html")]
struct ListPage {
    l: Layout,
    open: Vec<SurveyCard>,
    results: Vec<SurveyCard>,
}

/// The public waves grouped by survey, surveys in the order of `surveys` (newest first).
async fn public_surveys(state: &AppState) -> Result<Vec<(Survey, Vec<Wave>)>, sqlx::Error> {
    let waves = store::respond::public_waves(&state.db).await?;
    let surveys = store::surveys(&state.db).await?;
    Ok(surveys
        .into_iter()
        .filter_map(|s| {
            let w: Vec<Wave> = waves.iter().filter(|w| w.survey_id == s.id).cloned().collect();
            (!w.is_empty()).then_some((s, w))
        })
        .collect())
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let (mut open, mut results) = (vec![], vec![]);
    for (s, waves) in public_surveys(&state).await? {
        let current = current_wave(&waves, ctx.now);
        let answering = current.filter(|w| matches!(w.phase(ctx.now), Phase::Open | Phase::Scheduled));
        let links = results_links(&s.slug, &waves);
        if answering.is_none() && links.is_empty() {
            continue;
        }
        let line = match answering {
            Some(w) => format!("{} · {}", ctx.tr.a("surveys-wave", "wave", &w.label), wave_dates(&ctx.tr, w, ctx.now)),
            None => ctx.tr.a("surveys-results-of", "wave", &links[0].0),
        };
        let card = SurveyCard {
            url: format!("/enquetes/{}", s.slug),
            owner: owner_name(&state, s.club_id).await?,
            line,
            results_url: links.first().map(|(_, u)| u.clone()),
            title: s.title,
            summary: s.summary,
        };
        if answering.is_some() { open.push(card) } else { results.push(card) }
    }
    let mut l = public_layout(&state, &ctx, ctx.tr.t("surveys-title")).await?;
    l.section = "surveys";
    l.description = ctx.tr.t("surveys-intro");
    html(&ListPage { l, open, results }).map(|r| cache::mark(r, &[super::SURVEYS, cache::SITE]))
}

#[derive(askama::Template)]
#[template(path = "surveys/public_survey.html")]
struct SurveyPage {
    l: Layout,
    survey: Survey,
    owner: String,
    intro_html: String,
    wave: Option<Wave>,
    phase: Phase,
    dates: String,
    mode: String,
    territories: Vec<Territory>,
    /// The open link's start, when the wave takes answers through it now.
    respond_url: Option<String>,
    results: Vec<(String, String)>,
    evolution: bool,
}

/// A survey the public may see (one of its waves opened or published).
pub async fn public_survey(state: &AppState, slug: &str) -> AppResult<(Survey, Vec<Wave>)> {
    let survey = store::survey_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let waves: Vec<Wave> =
        store::waves(&state.db, survey.id).await?.into_iter().filter(|w| w.form_version.is_some() || w.published_at.is_some()).collect();
    if waves.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok((survey, waves))
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let (survey, waves) = public_survey(&state, &slug).await?;
    let wave = current_wave(&waves, ctx.now).cloned();
    let territories = match &wave {
        Some(w) => store::territories(&state.db, w.id).await?,
        None => vec![],
    };
    let phase = wave.as_ref().map(|w| w.phase(ctx.now)).unwrap_or(Phase::Closed);
    let respond_url = wave.as_ref().filter(|w| w.open_link && phase == Phase::Open).map(|_| format!("/enquetes/{}/repondre", survey.slug));
    let results = results_links(&survey.slug, &waves);
    let mut l = public_layout(&state, &ctx, survey.title.clone()).await?;
    l.section = "surveys";
    l.description = survey.summary.clone();
    let page = SurveyPage {
        l,
        owner: owner_name(&state, survey.club_id).await?,
        intro_html: markup::render("markdown", &survey.intro),
        dates: wave.as_ref().map(|w| wave_dates(&ctx.tr, w, ctx.now)).unwrap_or_default(),
        mode: wave.as_ref().map(|w| ctx.tr.t(mode_key(w.mode))).unwrap_or_default(),
        evolution: results.len() >= 2,
        wave,
        phase,
        territories,
        respond_url,
        results,
        survey,
    };
    html(&page).map(|r| cache::mark(r, &[super::SURVEYS, cache::SITE]))
}

/// The page cache's horizon (`Module::next_change`): the next moment an opened wave opens or
/// closes, when `/enquetes` and the survey's page change by the clock alone.
pub fn next_change(db: &crate::core::db::Db, now: i64) -> crate::core::module::BoxFuture<'_, Result<Option<i64>, sqlx::Error>> {
    Box::pin(store::respond::next_boundary(db, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(id: i64, opens_at: i64, closes_at: i64, opened: bool, published: bool) -> Wave {
        Wave {
            id,
            survey_id: 1,
            label: format!("{}", 2020 + id),
            mode: Mode::Anonymous,
            opens_at,
            closes_at,
            form_version: opened.then_some(1),
            opened_at: opened.then_some(0),
            open_link: false,
            published_at: published.then_some(5),
            published_codes: vec![],
            created_at: 0,
        }
    }

    #[test]
    fn the_current_wave_is_the_open_one_then_the_next_then_the_latest() {
        let waves = vec![wave(1, 0, 100, true, true), wave(2, 200, 300, true, false), wave(3, 400, 500, false, false)];
        assert_eq!(current_wave(&waves, 50).map(|w| w.id), Some(1));
        assert_eq!(current_wave(&waves, 150).map(|w| w.id), Some(2));
        assert_eq!(current_wave(&waves, 250).map(|w| w.id), Some(2));
        assert_eq!(current_wave(&waves, 600).map(|w| w.id), Some(2), "a wave never opened is not current");
    }

    #[test]
    fn results_links_name_older_waves_by_label() {
        let waves = vec![wave(1, 0, 100, true, true), wave(2, 200, 300, true, true), wave(3, 400, 500, true, false)];
        let links = results_links("b", &waves);
        assert_eq!(
            links,
            vec![
                ("2022".to_string(), "/enquetes/b/resultats".to_string()),
                ("2021".to_string(), "/enquetes/b/resultats?vague=2021".to_string())
            ]
        );
    }
}
