//! The results' pages (declared from `results.rs`):
//!
//! - `/enquetes/{slug}/resultats` (public, cached): the latest published wave, or
//!   `?vague={label}`; only the wave's published questions; small cells suppressed; the whole
//!   and each territory; a chart and its table per question.
//! - `/enquetes/{slug}/resultats/evolution` (public, cached): the published questions across
//!   the published waves, matched by code, with the change between consecutive waves.
//! - `/enquetes/{slug}/resultats/rapport` (public, cached): the same wave as a printable
//!   report (its own page: no navigation, print styles, a question per block).
//! - `/admin/enquetes/{id}/vagues/{wave}/resultats`: staff's results, every question, small
//!   cells flagged, "other" answers and texts listed; a checkbox per question and "Publier
//!   les résultats" (`store::publish_wave` with the chosen codes) or "Retirer la
//!   publication". `…/resultats.csv`: the results table (core::export).
//! - `/admin/enquetes/{id}/evolution`: staff's year-over-year, every question of every opened
//!   wave.
//!
//! Who sees what: those who manage the survey (`admin::manageable`) see every figure, small
//! cells flagged, and free texts. Staff of a club that is one of the wave's territories but
//! does not manage the survey (a partner club of the network's barometer) get the partners'
//! view of the staff page and export: every question, small cells suppressed, no free texts,
//! no publication form. Everyone else gets a 403; the public pages show what was published.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::{Audience, Cell, Figures, Labels, Point, Shown, Trend, WaveResults, compute, evolution};
use crate::core::audit::{self, Subject};
use crate::core::cache;
use crate::core::error::{AppError, AppResult};
use crate::core::export;
use crate::core::forms::{self, FormDef};
use crate::core::i18n::Tr;
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html, html_status, see_other};
use crate::modules::network;
use crate::modules::surveys::admin::SECTION;
use crate::modules::surveys::charts::{self, Bar, Line, Stack};
use crate::modules::surveys::model::{Survey, Wave, owner};
use crate::modules::surveys::{SURVEYS, store};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/enquetes/{slug}/resultats", get(public_page))
        .route("/enquetes/{slug}/resultats/evolution", get(public_evolution))
        .route("/enquetes/{slug}/resultats/rapport", get(report))
        .route("/admin/enquetes/{id}/vagues/{wave}/resultats", get(staff_page).post(publish))
        .route("/admin/enquetes/{id}/vagues/{wave}/resultats.csv", get(staff_csv))
        .route("/admin/enquetes/{id}/evolution", get(staff_evolution))
}

// ---- loading ----

/// The form version a wave runs on (None before it opens).
pub(crate) async fn wave_def(state: &AppState, wave: &Wave) -> AppResult<Option<FormDef>> {
    let Some(version) = wave.form_version else { return Ok(None) };
    let Some(form) = forms::store::get(&state.db, &owner(wave.survey_id)).await? else { return Ok(None) };
    Ok(forms::store::get_version(&state.db, form.id, version).await?)
}

/// A wave's results for an audience (None: not opened). The public's keep only the wave's
/// published questions.
pub(crate) async fn wave_results(
    state: &AppState,
    survey: &Survey,
    wave: &Wave,
    audience: Audience,
    tr: &Tr,
) -> AppResult<Option<WaveResults>> {
    let Some(def) = wave_def(state, wave).await? else { return Ok(None) };
    let places: Vec<super::Place> =
        store::territories(&state.db, wave.id).await?.into_iter().map(|t| (t.club_id, t.club_slug, t.club_name)).collect();
    let counts = store::answer_counts(&state.db, wave.id).await?;
    let responses = store::response_counts(&state.db, wave.id).await?;
    let mut r = compute(&def, &places, &counts, &responses, survey.min_cell, audience, &Labels::of(tr));
    if audience == Audience::Public {
        r.questions.retain(|q| wave.published_codes.contains(&q.code));
    }
    Ok(Some(r))
}

/// A survey's published waves, oldest first.
pub(crate) async fn published_waves(state: &AppState, survey_id: i64) -> AppResult<Vec<Wave>> {
    Ok(store::waves(&state.db, survey_id).await?.into_iter().filter(|w| w.published_at.is_some() && w.form_version.is_some()).collect())
}

// ---- formatting ----

/// A wave's label in a query string.
fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The address of a wave's public results page (`path`: "", "/rapport").
pub(crate) fn results_path(slug: &str, path: &str, label: &str) -> String {
    format!("/enquetes/{slug}/resultats{path}?vague={}", enc(label))
}

fn dec(tr: &Tr, x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    let s = if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() { s[1..].to_string() } else { s };
    if tr.lang() == "fr" { s.replace('.', ",") } else { s }
}

fn pct(tr: &Tr, x: f64) -> String {
    format!("{}\u{202f}%", dec(tr, x, 1))
}

fn signed(tr: &Tr, x: f64, places: usize) -> String {
    let s = dec(tr, x.abs(), places);
    if s.trim_start_matches(['0', ',', '.']).is_empty() {
        s
    } else if x > 0.0 {
        format!("+{s}")
    } else {
        format!("−{s}")
    }
}

// ---- the tables and charts of one wave ----

/// A cell of a results table.
pub struct Out {
    pub text: String,
    /// "" (plain), "small" (flagged for managers) or "suppressed".
    pub state: &'static str,
}

impl Out {
    fn plain(text: String) -> Out {
        Out { text, state: "" }
    }
}

pub struct Row {
    pub head: String,
    pub cells: Vec<Out>,
}

/// One question as the pages show it.
pub struct QuestionView {
    pub code: String,
    pub label: String,
    pub kind: String,
    pub chart: Option<String>,
    /// Columns: the whole, then each territory.
    pub head: Vec<String>,
    pub rows: Vec<Row>,
    pub others: Vec<String>,
    pub texts: Vec<String>,
    pub published: bool,
}

/// The text lines of one cell, by the rows of its question (the same keys for every scope).
fn cell_lines(tr: &Tr, cell: &Cell, min_cell: i64) -> Vec<(String, Out)> {
    let Cell::Shown(s) = cell else {
        return vec![(
            tr.t("surveys-results-respondents"),
            Out { text: tr.a("surveys-results-suppressed", "n", &min_cell.to_string()), state: "suppressed" },
        )];
    };
    let state = if s.small { "small" } else { "" };
    let o = |text: String| Out { text, state };
    let mut lines = vec![(tr.t("surveys-results-respondents"), o(tr.num(s.n)))];
    match &s.figures {
        Figures::Choices { options, .. } => {
            for opt in options {
                lines.push((opt.label.clone(), o(format!("{} ({})", pct(tr, opt.percent), tr.num(opt.count)))));
            }
        }
        Figures::Stats(st) => {
            lines.extend(stats_lines(tr, st, s.n, state));
        }
        Figures::Matrix { rows } => {
            for r in rows {
                match &r.cell {
                    Cell::Shown(Shown { n, small, figures: Figures::Stats(st) }) => {
                        let st_state = if *small { "small" } else { "" };
                        let text = if *n == 0 {
                            "–".to_string()
                        } else {
                            format!("{} / {} ({})", dec(tr, st.mean, 2), number_tr(tr, st.median), tr.num(*n))
                        };
                        lines.push((r.label.clone(), Out { text, state: st_state }));
                    }
                    _ => lines.push((
                        r.label.clone(),
                        Out { text: tr.a("surveys-results-suppressed", "n", &min_cell.to_string()), state: "suppressed" },
                    )),
                }
            }
        }
        Figures::Count { .. } => {}
    }
    lines
}

fn number_tr(tr: &Tr, x: f64) -> String {
    let s = super::number(x);
    if tr.lang() == "fr" { s.replace('.', ",") } else { s }
}

fn stats_lines(tr: &Tr, st: &super::Stats, n: i64, state: &'static str) -> Vec<(String, Out)> {
    let o = |text: String| Out { text, state };
    if n == 0 {
        return vec![];
    }
    let mut lines = vec![
        (tr.t("surveys-results-mean"), o(dec(tr, st.mean, 2))),
        (tr.t("surveys-results-median"), o(number_tr(tr, st.median))),
        (tr.t("surveys-results-range"), o(format!("{} – {}", number_tr(tr, st.min), number_tr(tr, st.max)))),
    ];
    for b in &st.distribution {
        lines.push((b.label.clone(), o(format!("{} ({})", pct(tr, b.percent), tr.num(b.count)))));
    }
    lines
}

/// The rows of a question's table: one line per figure, one column per scope. A scope whose
/// cell is suppressed says so on its first line and shows "–" below.
fn table(tr: &Tr, q: &super::QuestionResults, min_cell: i64) -> Vec<Row> {
    let scopes: Vec<&Cell> = std::iter::once(&q.whole).chain(q.territories.iter()).collect();
    let per_scope: Vec<Vec<(String, Out)>> = scopes.iter().map(|c| cell_lines(tr, c, min_cell)).collect();
    // The lines' names: the longest list's (every shown scope has the same).
    let names: Vec<String> = per_scope.iter().max_by_key(|l| l.len()).map(|l| l.iter().map(|x| x.0.clone()).collect()).unwrap_or_default();
    let mut per_scope: Vec<std::collections::VecDeque<(String, Out)>> = per_scope.into_iter().map(Into::into).collect();
    names
        .into_iter()
        .map(|name| {
            let cells = per_scope
                .iter_mut()
                .map(|lines| match lines.front() {
                    Some((n, _)) if *n == name => lines.pop_front().map(|x| x.1).unwrap_or_else(|| Out::plain("–".into())),
                    _ => Out { text: "–".into(), state: if lines.is_empty() { "" } else { "suppressed" } },
                })
                .collect();
            Row { head: name, cells }
        })
        .collect()
}

/// The chart of a question's whole wave (and, for a scale, each territory shown).
fn chart(tr: &Tr, id: &str, r: &WaveResults, q: &super::QuestionResults) -> Option<String> {
    let s = q.whole.shown()?;
    if s.n == 0 {
        return None;
    }
    let title = q.label.clone();
    match &s.figures {
        Figures::Choices { options, .. } => {
            let bars: Vec<Bar> = options
                .iter()
                .map(|o| Bar {
                    label: o.label.clone(),
                    share: o.percent / 100.0,
                    text: format!("{} ({})", pct(tr, o.percent), tr.num(o.count)),
                })
                .collect();
            let desc = options.iter().map(|o| format!("{}{} {}", o.label, tr.colon(), pct(tr, o.percent))).collect::<Vec<_>>().join(" ; ");
            Some(charts::bars(id, &title, &tr.a("surveys-results-chart-desc", "figures", &desc), &bars))
        }
        Figures::Stats(st) if q.kind == "scale" => {
            let legend: Vec<String> = st.distribution.iter().map(|b| b.label.clone()).collect();
            let mut stacks = vec![];
            let scopes = std::iter::once((tr.t("surveys-results-whole"), &q.whole))
                .chain(r.territories.iter().zip(q.territories.iter()).map(|(t, c)| (t.name.clone(), c)));
            for (name, cell) in scopes {
                if let Some(Shown { n, figures: Figures::Stats(st), .. }) = cell.shown()
                    && *n > 0
                {
                    stacks.push(Stack {
                        label: name,
                        parts: st.distribution.iter().map(|b| (b.percent / 100.0, pct(tr, b.percent))).collect(),
                    });
                }
            }
            let desc = format!(
                "{}{} {} ; {}",
                tr.t("surveys-results-mean"),
                tr.colon(),
                dec(tr, st.mean, 2),
                st.distribution.iter().map(|b| format!("{}{} {}", b.label, tr.colon(), pct(tr, b.percent))).collect::<Vec<_>>().join(" ; ")
            );
            Some(charts::stacked(id, &title, &tr.a("surveys-results-chart-desc", "figures", &desc), &legend, &stacks))
        }
        Figures::Stats(st) => {
            let bars: Vec<Bar> = st
                .distribution
                .iter()
                .map(|b| Bar {
                    label: b.label.clone(),
                    share: b.percent / 100.0,
                    text: format!("{} ({})", pct(tr, b.percent), tr.num(b.count)),
                })
                .collect();
            let desc = format!(
                "{}{} {} ; {}{} {}",
                tr.t("surveys-results-mean"),
                tr.colon(),
                dec(tr, st.mean, 2),
                tr.t("surveys-results-median"),
                tr.colon(),
                number_tr(tr, st.median)
            );
            Some(charts::bars(id, &title, &tr.a("surveys-results-chart-desc", "figures", &desc), &bars))
        }
        Figures::Matrix { rows } => {
            let mut legend: Vec<String> = vec![];
            let mut stacks = vec![];
            for row in rows {
                if let Some(Shown { n, figures: Figures::Stats(st), .. }) = row.cell.shown()
                    && *n > 0
                {
                    if legend.is_empty() {
                        legend = st.distribution.iter().map(|b| b.label.clone()).collect();
                    }
                    stacks.push(Stack {
                        label: row.label.clone(),
                        parts: st.distribution.iter().map(|b| (b.percent / 100.0, pct(tr, b.percent))).collect(),
                    });
                }
            }
            if stacks.is_empty() {
                return None;
            }
            let desc = rows
                .iter()
                .filter_map(|row| match row.cell.shown() {
                    Some(Shown { figures: Figures::Stats(st), .. }) => {
                        Some(format!("{}{} {} {}", row.label, tr.colon(), tr.t("surveys-results-mean").to_lowercase(), dec(tr, st.mean, 2)))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ; ");
            Some(charts::stacked(id, &title, &tr.a("surveys-results-chart-desc", "figures", &desc), &legend, &stacks))
        }
        Figures::Count { .. } => None,
    }
}

/// The pages' view of a wave's questions.
pub fn question_views(tr: &Tr, r: &WaveResults, min_cell: i64, published: &[String], prefix: &str) -> Vec<QuestionView> {
    let mut head = vec![tr.t("surveys-results-whole")];
    head.extend(r.territories.iter().map(|t| t.name.clone()));
    r.questions
        .iter()
        .map(|q| {
            let (others, texts) = match q.whole.shown().map(|s| &s.figures) {
                Some(Figures::Choices { others, .. }) => (others.clone(), vec![]),
                Some(Figures::Count { texts }) => (vec![], texts.clone()),
                _ => (vec![], vec![]),
            };
            QuestionView {
                code: q.code.clone(),
                label: q.label.clone(),
                kind: tr.t(&format!("surveys-results-kind-{}", q.kind.replace('_', "-"))),
                chart: chart(tr, &format!("{prefix}{}", q.code), r, q),
                head: head.clone(),
                rows: table(tr, q, min_cell),
                others,
                texts,
                published: published.contains(&q.code),
            }
        })
        .collect()
}

/// A territory's count of responses, as the pages say it.
pub struct CountView {
    pub name: String,
    pub text: String,
    pub state: &'static str,
}

/// The wave's count of responses, or the threshold's words when it is under it.
fn whole_count(tr: &Tr, r: &WaveResults, min_cell: i64) -> String {
    match r.responses {
        Some(n) => tr.num(n),
        None => tr.a("surveys-results-suppressed", "n", &min_cell.to_string()),
    }
}

fn count_views(tr: &Tr, r: &WaveResults, min_cell: i64) -> Vec<CountView> {
    r.territories
        .iter()
        .map(|t| match t.responses {
            Some(n) => CountView { name: t.name.clone(), text: tr.num(n), state: if t.small { "small" } else { "" } },
            None => CountView {
                name: t.name.clone(),
                text: tr.a("surveys-results-suppressed", "n", &min_cell.to_string()),
                state: "suppressed",
            },
        })
        .collect()
}

// ---- the public pages ----

#[derive(serde::Deserialize, Default)]
struct WaveQuery {
    vague: Option<String>,
}

/// What the public pages of a survey's results stand on.
struct Public {
    survey: Survey,
    waves: Vec<Wave>,
    wave: Wave,
    results: WaveResults,
}

async fn public_wave(state: &AppState, tr: &Tr, slug: &str, label: Option<&str>) -> AppResult<Public> {
    let survey = store::survey_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let waves = published_waves(state, survey.id).await?;
    let wave = match label {
        Some(l) => waves.iter().find(|w| w.label == l),
        None => waves.last(),
    }
    .cloned()
    .ok_or(AppError::NotFound)?;
    let results = wave_results(state, &survey, &wave, Audience::Public, tr).await?.ok_or(AppError::NotFound)?;
    Ok(Public { survey, waves, wave, results })
}

#[derive(askama::Template)]
#[template(path = "surveys/results_public.html")]
struct PublicPage {
    l: Layout,
    survey: Survey,
    wave: Wave,
    waves: Vec<(String, String, bool)>,
    responses: String,
    counts: Vec<CountView>,
    questions: Vec<QuestionView>,
    min_cell: i64,
    manager: bool,
    report: String,
}

fn wave_links(slug: &str, waves: &[Wave], current: &Wave, path: &str) -> Vec<(String, String, bool)> {
    waves.iter().map(|w| (w.label.clone(), results_path(slug, path, &w.label), w.id == current.id)).collect()
}

async fn public_page(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Query(q): Query<WaveQuery>) -> AppResult<Response> {
    let p = public_wave(&state, &ctx.tr, &slug, q.vague.as_deref()).await?;
    let mut l =
        network::public_layout(&state, &ctx, ctx.tr.args("surveys-results-title", &[("survey", &p.survey.title), ("wave", &p.wave.label)]))
            .await?;
    l.description = p.survey.summary.clone();
    let page = PublicPage {
        waves: wave_links(&p.survey.slug, &p.waves, &p.wave, ""),
        responses: whole_count(&ctx.tr, &p.results, p.survey.min_cell),
        counts: count_views(&ctx.tr, &p.results, p.survey.min_cell),
        questions: question_views(&ctx.tr, &p.results, p.survey.min_cell, &[], "c-"),
        min_cell: p.survey.min_cell,
        manager: false,
        report: results_path(&p.survey.slug, "/rapport", &p.wave.label),
        survey: p.survey,
        wave: p.wave,
        l,
    };
    html(&page).map(|r| cache::mark(r, &[SURVEYS, cache::SITE]))
}

#[derive(askama::Template)]
#[template(path = "surveys/results_report.html")]
struct ReportPage {
    l: Layout,
    survey: Survey,
    wave: Wave,
    responses: String,
    counts: Vec<CountView>,
    questions: Vec<QuestionView>,
    min_cell: i64,
    manager: bool,
    back: String,
}

async fn report(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Query(q): Query<WaveQuery>) -> AppResult<Response> {
    let p = public_wave(&state, &ctx.tr, &slug, q.vague.as_deref()).await?;
    let mut l = network::public_layout(
        &state,
        &ctx,
        ctx.tr.args("surveys-results-report-title", &[("survey", &p.survey.title), ("wave", &p.wave.label)]),
    )
    .await?;
    l.noindex = true;
    let page = ReportPage {
        responses: whole_count(&ctx.tr, &p.results, p.survey.min_cell),
        counts: count_views(&ctx.tr, &p.results, p.survey.min_cell),
        questions: question_views(&ctx.tr, &p.results, p.survey.min_cell, &[], "r-"),
        min_cell: p.survey.min_cell,
        manager: false,
        back: results_path(&p.survey.slug, "", &p.wave.label),
        survey: p.survey,
        wave: p.wave,
        l,
    };
    html(&page).map(|r| cache::mark(r, &[SURVEYS, cache::SITE]))
}

// ---- year-over-year ----

pub struct TrendRow {
    pub label: String,
    /// Per wave: the figure, then (after the first wave) the change.
    pub cells: Vec<Out>,
}

pub struct TrendGroup {
    pub name: String,
    pub rows: Vec<TrendRow>,
}

pub struct TrendView {
    pub code: String,
    pub label: String,
    pub chart: Option<String>,
    pub head: Vec<String>,
    pub groups: Vec<TrendGroup>,
}

fn trend_views(tr: &Tr, labels: &[String], trends: &[Trend], min_cell: i64) -> Vec<TrendView> {
    let mut head = vec![];
    for (i, w) in labels.iter().enumerate() {
        head.push(w.clone());
        if i > 0 {
            head.push(tr.args("surveys-results-change", &[("from", &labels[i - 1]), ("to", w)]));
        }
    }
    trends
        .iter()
        .map(|t| {
            let series_label = |label: &str| if label.is_empty() { tr.t("surveys-results-mean") } else { label.to_string() };
            let groups = t
                .scopes
                .iter()
                .map(|scope| TrendGroup {
                    name: scope.name.clone(),
                    rows: scope
                        .series
                        .iter()
                        .map(|s| {
                            let mut cells = vec![];
                            for (i, p) in s.points.iter().enumerate() {
                                let (value, change) = match p {
                                    Point::Absent => (Out::plain("–".into()), Out::plain("–".into())),
                                    Point::Suppressed => (
                                        Out { text: tr.a("surveys-results-suppressed", "n", &min_cell.to_string()), state: "suppressed" },
                                        Out { text: "–".into(), state: "suppressed" },
                                    ),
                                    Point::Value { value, small, change, .. } => {
                                        let state = if *small { "small" } else { "" };
                                        let v = if t.percent { pct(tr, *value) } else { dec(tr, *value, 2) };
                                        let c = match change {
                                            Some(c) if t.percent => tr.a("surveys-results-points", "n", &signed(tr, *c, 1)),
                                            Some(c) => signed(tr, *c, 2),
                                            None => "–".into(),
                                        };
                                        (Out { text: v, state }, Out { text: c, state })
                                    }
                                };
                                cells.push(value);
                                if i > 0 {
                                    cells.push(change);
                                }
                            }
                            TrendRow { label: series_label(&s.label), cells }
                        })
                        .collect(),
                })
                .collect();
            let chart = t.scopes.first().and_then(|whole| {
                let lines: Vec<Line> = whole
                    .series
                    .iter()
                    .map(|s| Line {
                        label: series_label(&s.label),
                        points: s.points.iter().map(|p| if let Point::Value { value, .. } = p { Some(*value) } else { None }).collect(),
                    })
                    .collect();
                if lines.iter().all(|l| l.points.iter().all(Option::is_none)) {
                    return None;
                }
                let top = if t.percent {
                    100.0
                } else {
                    nice_top(lines.iter().flat_map(|l| l.points.iter().flatten()).fold(0.0_f64, |a, b| a.max(*b)))
                };
                let desc = lines
                    .iter()
                    .map(|line| {
                        let pts: Vec<String> = labels
                            .iter()
                            .zip(&line.points)
                            .map(|(w, p)| {
                                format!(
                                    "{w} {}",
                                    p.map(|v| if t.percent { pct(tr, v) } else { dec(tr, v, 2) }).unwrap_or_else(|| "–".into())
                                )
                            })
                            .collect();
                        format!("{}{} {}", line.label, tr.colon(), pts.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join(" ; ");
                Some(charts::lines(
                    &format!("e-{}", t.code),
                    &t.label,
                    &tr.a("surveys-results-chart-desc", "figures", &desc),
                    labels,
                    &lines,
                    top,
                    if t.percent { " %" } else { "" },
                ))
            });
            TrendView { code: t.code.clone(), label: t.label.clone(), chart, head: head.clone(), groups }
        })
        .collect()
}

/// The top of an axis of four steps over `max`: each step 1, 2, 2.5 or 5 times a power of ten.
fn nice_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / 4.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * power).find(|s| *s >= raw).unwrap_or(10.0 * power);
    step * 4.0
}

#[derive(askama::Template)]
#[template(path = "surveys/results_evolution.html")]
struct EvolutionPage {
    l: Layout,
    waves: Vec<String>,
    trends: Vec<TrendView>,
    min_cell: i64,
    staff: bool,
    back: String,
}

async fn public_evolution(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let survey = store::survey_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let waves = published_waves(&state, survey.id).await?;
    if waves.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut results = vec![];
    for w in &waves {
        if let Some(r) = wave_results(&state, &survey, w, Audience::Public, &ctx.tr).await? {
            results.push((w, r));
        }
    }
    let input: Vec<(&WaveResults, Option<&[String]>)> = results.iter().map(|(w, r)| (r, Some(w.published_codes.as_slice()))).collect();
    let trends = evolution(&input, &ctx.tr.t("surveys-results-whole"));
    let labels: Vec<String> = results.iter().map(|(w, _)| w.label.clone()).collect();
    let l = network::public_layout(&state, &ctx, ctx.tr.a("surveys-results-evolution-title", "survey", &survey.title)).await?;
    let page = EvolutionPage {
        trends: trend_views(&ctx.tr, &labels, &trends, survey.min_cell),
        waves: labels,
        min_cell: survey.min_cell,
        staff: false,
        back: format!("/enquetes/{}/resultats", survey.slug),
        l,
    };
    html(&page).map(|r| cache::mark(r, &[SURVEYS, cache::SITE]))
}

async fn staff_evolution(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let survey = crate::modules::surveys::admin::manageable(&state, user, id).await?;
    let waves: Vec<Wave> = store::waves(&state.db, survey.id).await?.into_iter().filter(|w| w.form_version.is_some()).collect();
    let mut results = vec![];
    for w in &waves {
        if let Some(r) = wave_results(&state, &survey, w, Audience::Manager, &ctx.tr).await? {
            results.push((w, r));
        }
    }
    let input: Vec<(&WaveResults, Option<&[String]>)> = results.iter().map(|(_, r)| (r, None)).collect();
    let trends = evolution(&input, &ctx.tr.t("surveys-results-whole"));
    let labels: Vec<String> = results.iter().map(|(w, _)| w.label.clone()).collect();
    let l = network::admin_layout(&state, &ctx, ctx.tr.a("surveys-results-evolution-title", "survey", &survey.title), SECTION).await?;
    let page = EvolutionPage {
        trends: trend_views(&ctx.tr, &labels, &trends, survey.min_cell),
        waves: labels,
        min_cell: survey.min_cell,
        staff: true,
        back: format!("/admin/enquetes/{}", survey.id),
        l,
    };
    html(&page)
}

// ---- staff's results and publication ----

/// The survey, the wave (404 unless it is the survey's) and how this person sees them.
async fn staff_access(state: &AppState, ctx: &Ctx, id: i64, wave_id: i64) -> AppResult<(Survey, Wave, Audience)> {
    let user = ctx.staff()?;
    let survey = store::survey(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let wave = store::wave(&state.db, wave_id).await?.filter(|w| w.survey_id == survey.id).ok_or(AppError::NotFound)?;
    if user.can_publish(survey.club_id) {
        return Ok((survey, wave, Audience::Manager));
    }
    let territories = store::territories(&state.db, wave.id).await?;
    if territories.iter().any(|t| user.can_publish(Some(t.club_id))) {
        Ok((survey, wave, Audience::Partner))
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(askama::Template)]
#[template(path = "surveys/results_staff.html")]
struct StaffPage {
    l: Layout,
    survey: Survey,
    wave: Wave,
    manager: bool,
    opened: bool,
    responses: String,
    counts: Vec<CountView>,
    questions: Vec<QuestionView>,
    min_cell: i64,
    flash: Option<String>,
    error: Option<String>,
    public_url: String,
}

#[derive(serde::Deserialize, Default)]
struct FlashQuery {
    ok: Option<String>,
}

async fn staff_view(
    state: &AppState,
    ctx: &Ctx,
    survey: Survey,
    wave: Wave,
    audience: Audience,
    chosen: Option<&[String]>,
) -> AppResult<StaffPage> {
    let results = wave_results(state, &survey, &wave, audience, &ctx.tr).await?;
    let published: Vec<String> = chosen.map(<[String]>::to_vec).unwrap_or_else(|| wave.published_codes.clone());
    let l = network::admin_layout(
        state,
        ctx,
        ctx.tr.args("surveys-results-staff-title", &[("survey", &survey.title), ("wave", &wave.label)]),
        SECTION,
    )
    .await?;
    Ok(StaffPage {
        manager: audience == Audience::Manager,
        opened: results.is_some(),
        responses: results.as_ref().map(|r| whole_count(&ctx.tr, r, survey.min_cell)).unwrap_or_default(),
        counts: results.as_ref().map(|r| count_views(&ctx.tr, r, survey.min_cell)).unwrap_or_default(),
        questions: results.as_ref().map(|r| question_views(&ctx.tr, r, survey.min_cell, &published, "c-")).unwrap_or_default(),
        min_cell: survey.min_cell,
        flash: None,
        error: None,
        public_url: results_path(&survey.slug, "", &wave.label),
        survey,
        wave,
        l,
    })
}

async fn staff_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, wave_id)): Path<(i64, i64)>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let (survey, wave, audience) = staff_access(&state, &ctx, id, wave_id).await?;
    let mut page = staff_view(&state, &ctx, survey, wave, audience, None).await?;
    page.flash = match q.ok.as_deref() {
        Some("published") => Some(ctx.tr.t("surveys-results-flash-published")),
        Some("withdrawn") => Some(ctx.tr.t("surveys-results-flash-withdrawn")),
        _ => None,
    };
    html(&page)
}

/// "Publier les résultats" with the questions ticked, or "Retirer la publication".
async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, wave_id)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (survey, wave, audience) = staff_access(&state, &ctx, id, wave_id).await?;
    let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    ctx.check_csrf(field("csrf"))?;
    if audience != Audience::Manager {
        return Err(AppError::Forbidden);
    }
    let Some(def) = wave_def(&state, &wave).await? else { return Err(AppError::Conflict("surveys-results-error-not-opened")) };
    let chosen: Vec<String> =
        def.questions().filter(|q| pairs.iter().any(|(k, v)| k == "code" && *v == q.code)).map(|q| q.code.clone()).collect();
    let withdraw = field("action") == "withdraw";
    if !withdraw && chosen.is_empty() {
        let mut page = staff_view(&state, &ctx, survey, wave, audience, Some(&chosen)).await?;
        page.error = Some(ctx.tr.t("surveys-results-error-none"));
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut tx = state.db.begin().await?;
    store::publish_wave(&mut tx, wave.id, (!withdraw).then_some(chosen.as_slice()), ctx.now).await?;
    tx.commit().await?;
    let flag = if withdraw { "withdrawn" } else { "published" };
    Ok(see_other(&format!("/admin/enquetes/{}/vagues/{}/resultats?ok={flag}", survey.id, wave.id)))
}

/// The results as a table: scope, code, question, line, value, respondents, note.
pub fn export_rows(tr: &Tr, r: &WaveResults, min_cell: i64) -> (Vec<String>, Vec<Vec<String>>) {
    let head = ["territory", "code", "question", "line", "value", "count", "percent", "respondents", "note"]
        .iter()
        .map(|k| tr.t(&format!("surveys-results-col-{k}")))
        .collect();
    let mut rows = vec![];
    let note = |small: bool| if small { tr.a("surveys-results-note-small", "n", &min_cell.to_string()) } else { String::new() };
    let suppressed = tr.a("surveys-results-suppressed", "n", &min_cell.to_string());
    let f = |x: f64| dec(tr, x, 2);
    for q in &r.questions {
        let scopes = std::iter::once((tr.t("surveys-results-whole"), &q.whole))
            .chain(r.territories.iter().zip(&q.territories).map(|(t, c)| (t.name.clone(), c)));
        for (scope, cell) in scopes {
            let mut line = |what: String, value: String, count: String, percent: String, n: String, note: String| {
                rows.push(vec![scope.clone(), q.code.clone(), q.label.clone(), what, value, count, percent, n, note]);
            };
            let Cell::Shown(s) = cell else {
                line(String::new(), String::new(), String::new(), String::new(), String::new(), suppressed.clone());
                continue;
            };
            let n = s.n.to_string();
            match &s.figures {
                Figures::Choices { options, .. } => {
                    for o in options {
                        line(o.label.clone(), String::new(), o.count.to_string(), dec(tr, o.percent, 1), n.clone(), note(s.small));
                    }
                }
                Figures::Stats(st) => {
                    line(tr.t("surveys-results-mean"), f(st.mean), String::new(), String::new(), n.clone(), note(s.small));
                    line(tr.t("surveys-results-median"), f(st.median), String::new(), String::new(), n.clone(), note(s.small));
                    for b in &st.distribution {
                        line(b.label.clone(), String::new(), b.count.to_string(), dec(tr, b.percent, 1), n.clone(), note(s.small));
                    }
                }
                Figures::Matrix { rows: mrows } => {
                    for m in mrows {
                        match &m.cell {
                            Cell::Shown(Shown { n, small, figures: Figures::Stats(st) }) => {
                                line(
                                    format!("{} – {}", m.label, tr.t("surveys-results-mean")),
                                    f(st.mean),
                                    String::new(),
                                    String::new(),
                                    n.to_string(),
                                    note(*small),
                                );
                                line(
                                    format!("{} – {}", m.label, tr.t("surveys-results-median")),
                                    f(st.median),
                                    String::new(),
                                    String::new(),
                                    n.to_string(),
                                    note(*small),
                                );
                            }
                            _ => line(m.label.clone(), String::new(), String::new(), String::new(), String::new(), suppressed.clone()),
                        }
                    }
                }
                Figures::Count { .. } => {
                    line(tr.t("surveys-results-respondents"), String::new(), n.clone(), String::new(), n.clone(), note(s.small))
                }
            }
        }
    }
    (head, rows)
}

async fn staff_csv(State(state): State<AppState>, ctx: Ctx, Path((id, wave_id)): Path<(i64, i64)>) -> AppResult<Response> {
    let (survey, wave, audience) = staff_access(&state, &ctx, id, wave_id).await?;
    let results = wave_results(&state, &survey, &wave, audience, &ctx.tr).await?.ok_or(AppError::NotFound)?;
    let (head, rows) = export_rows(&ctx.tr, &results, survey.min_cell);
    audit::record(
        &state.db,
        &ctx,
        "surveys.results.export",
        &Subject::new("survey", survey.id, &survey.title),
        &format!("wave={} view={}", wave.label, if audience == Audience::Manager { "manager" } else { "partner" }),
    )
    .await?;
    let name = format!("resultats-{}-{}.csv", survey.slug, wave.label);
    Ok(export::attachment(export::CSV, &name, export::to_csv(&head, &rows).into_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(super::nice_top(3.0), 4.0);
        assert_eq!(super::nice_top(4.6), 8.0);
        assert_eq!(super::nice_top(37.0), 40.0);
        assert_eq!(super::nice_top(0.0), 1.0);
    }
}
