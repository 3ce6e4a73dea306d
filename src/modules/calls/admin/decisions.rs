//! Ranking, decisions and their amendments, publication of frozen results.
//!
//! - `/admin/appels/{id}/etapes/{stage}/classement` (and `.csv`, `.xlsx`): the stage's ranking
//!   per category (`calls::ranking`) from the counted reviews.
//! - `/admin/appels/{id}/etapes/{stage}/decision`: the stage's decision (seq 1), locked once
//!   recorded; `/amendement`: a change afterwards, with a mandatory reason (seq 2, 3…). Each
//!   row holds the whole outcome; applications' `stage_id`, `outcome` and
//!   `outcome_category_id` follow it.
//! - `/admin/appels/{id}/publier`: freezes the results (`results::ResultsBody`, version 1,
//!   SHA-256) and queues every submitted applicant's outcome e-mail in the same transaction.
//!   Once published, a decision is refused (409); an amendment publishes the next version.

use std::collections::{BTreeMap, BTreeSet};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use crate::core::audit::{self, Subject};
use crate::core::error::{AppError, AppResult};
use crate::core::export;
use crate::core::i18n::{Locale, Tr};
use crate::core::mail::{self, Mail};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::calls::model::{
    Application, Call, Category, DECIDES_LAUREATES, Decision, DecisionLine, OUTCOME_LAUREATE, OUTCOME_MENTION, OUTCOME_NOMINEE,
    OUTCOME_NOT_SELECTED, Published, Stage,
};
use crate::modules::calls::ranking::{self, Line, ScoredReview};
use crate::modules::calls::results::{self, Amendment, Directory, ResultsBody};
use crate::modules::calls::store;

/// The outcome of a stage that advances.
pub const ADVANCE: &str = "advance";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/appels/{id}/etapes/{stage}/classement", get(ranking_page))
        .route("/admin/appels/{id}/etapes/{stage}/classement.csv", get(ranking_csv))
        .route("/admin/appels/{id}/etapes/{stage}/classement.xlsx", get(ranking_xlsx))
        .route("/admin/appels/{id}/etapes/{stage}/decision", get(decision_page).post(decide))
        .route("/admin/appels/{id}/etapes/{stage}/amendement", axum::routing::post(amend))
        .route("/admin/appels/{id}/publier", get(publish_page).post(publish_post))
}

// ---- authorisation and layout (private versions until `admin/calls.rs` lands) ----

pub(crate) use super::calls::manageable;

/// The call's stages and the one asked for (404 if it is not the call's).
async fn stage_of(state: &AppState, call: &Call, stage_id: i64) -> AppResult<(Vec<Stage>, Stage)> {
    let stages = store::stages(&state.db, call.id).await?;
    let stage = stages.iter().find(|s| s.id == stage_id).cloned().ok_or(AppError::NotFound)?;
    Ok((stages, stage))
}

use super::calls::layout;

// ---- the ranking ----

/// A line of the ranking with what identifies the application to the managers.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct RankedApplication {
    #[serde(flatten)]
    pub line: Line,
    pub reference: Option<String>,
    pub project_title: String,
    pub organisation: String,
    pub category: Option<String>,
}

/// A stage's ranking (counted reviews only), by category then rank.
pub async fn stage_ranking(state: &AppState, call: &Call, stage: &Stage) -> AppResult<Vec<RankedApplication>> {
    let db = &state.db;
    let criteria = store::criteria(db, stage.id).await?;
    let weights: Vec<(i64, i64)> = criteria.iter().map(|c| (c.id, c.weight)).collect();
    // The lean reads: the counted reviews' scores, and of each application what a line shows.
    let reviews: Vec<ScoredReview> = crate::modules::calls::jury::counted_scores(db, stage.id)
        .await?
        .into_iter()
        .map(|(juror_id, application_id, scores)| ScoredReview { juror_id, application_id, scores })
        .collect();
    let apps: BTreeMap<i64, store::RankingEntry> = store::ranking_entries(db, call.id).await?.into_iter().map(|a| (a.id, a)).collect();
    let categories = store::categories(db, call.id).await?;
    let by_app: BTreeMap<i64, Option<i64>> = apps.values().map(|a| (a.id, a.category_id)).collect();
    let mut lines = ranking::rank(&weights, (stage.scale_min, stage.scale_max), &reviews, &by_app);
    // Categories in their order (by position), then those without one.
    let pos = |c: Option<i64>| categories.iter().position(|k| Some(k.id) == c).unwrap_or(usize::MAX);
    lines.sort_by_key(|l| (pos(l.category_id), l.rank, l.application_id));
    Ok(lines
        .into_iter()
        .filter_map(|line| {
            let a = apps.get(&line.application_id)?;
            Some(RankedApplication {
                reference: a.reference.clone(),
                project_title: a.project_title.clone(),
                organisation: a.org_name.clone(),
                category: categories.iter().find(|c| Some(c.id) == line.category_id).map(|c| c.name.clone()),
                line,
            })
        })
        .collect())
}

/// A number with two decimals, in the page's language.
pub fn two(tr: &Tr, x: f64) -> String {
    let s = format!("{x:.2}");
    if tr.lang() == "fr" { s.replace('.', ",") } else { s }
}

#[derive(serde::Deserialize, Default)]
struct SortQuery {
    tri: Option<String>,
}

const SORTS: &[(&str, &str)] = &[
    ("normalised", "calls-results-col-normalised"),
    ("mean", "calls-results-col-mean"),
    ("median", "calls-results-col-median"),
    ("spread", "calls-results-col-spread"),
    ("reviews", "calls-results-col-reviews"),
];

struct CategoryTable {
    name: String,
    id: String,
    rows: Vec<RankedApplication>,
}

#[derive(askama::Template)]
#[template(path = "calls/admin_ranking_page.html")]
struct RankingPage {
    l: Layout,
    call: Call,
    stage: Stage,
    stages: Vec<Stage>,
    tables: Vec<CategoryTable>,
    sort: String,
}

impl RankingPage {
    fn num(&self, x: &f64) -> String {
        two(&self.l.tr, *x)
    }
    fn sorts(&self) -> &'static [(&'static str, &'static str)] {
        SORTS
    }
}

fn sort_rows(rows: &mut [RankedApplication], by: &str) {
    let key = |r: &RankedApplication| -> f64 {
        match by {
            "mean" => r.line.mean,
            "median" => r.line.median,
            "spread" => r.line.spread,
            "reviews" => r.line.reviews as f64,
            _ => r.line.normalised,
        }
    };
    rows.sort_by(|a, b| {
        key(b).total_cmp(&key(a)).then(a.line.rank.cmp(&b.line.rank)).then(a.line.application_id.cmp(&b.line.application_id))
    });
}

async fn ranking_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, stage_id)): Path<(i64, i64)>,
    Query(q): Query<SortQuery>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let (stages, stage) = stage_of(&state, &call, stage_id).await?;
    let sort = q.tri.filter(|t| SORTS.iter().any(|(k, _)| k == t)).unwrap_or_else(|| "normalised".into());
    let rows = stage_ranking(&state, &call, &stage).await?;
    audit::record(
        &state.db,
        &ctx,
        "calls.ranking.view",
        &Subject::new("call", call.id, &call.title),
        &format!("stage={} rows={}", stage.id, rows.len()),
    )
    .await?;
    let mut tables: Vec<CategoryTable> = vec![];
    for r in rows {
        let name = r.category.clone().unwrap_or_else(|| ctx.tr.t("calls-results-no-category"));
        match tables.last_mut() {
            Some(t) if t.name == name => t.rows.push(r),
            _ => tables.push(CategoryTable { id: format!("categorie-{}", tables.len() + 1), name, rows: vec![r] }),
        }
    }
    for t in &mut tables {
        sort_rows(&mut t.rows, &sort);
    }
    let l = layout(&state, &ctx, ctx.tr.args("calls-results-ranking-title", &[("call", &call.title), ("stage", &stage.name)])).await?;
    html(&RankingPage { l, call, stage, stages, tables, sort })
}

/// The ranking as a table: the header and one row per application.
pub fn ranking_table(tr: &Tr, rows: &[RankedApplication]) -> (Vec<String>, Vec<Vec<String>>) {
    let head = [
        "calls-results-col-category",
        "calls-results-col-rank",
        "calls-results-col-tie",
        "calls-results-col-reference",
        "calls-results-col-project",
        "calls-results-col-organisation",
        "calls-results-col-mean",
        "calls-results-col-median",
        "calls-results-col-normalised",
        "calls-results-col-spread",
        "calls-results-col-std-dev",
        "calls-results-col-reviews",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                r.category.clone().unwrap_or_default(),
                r.line.rank.to_string(),
                if r.line.tied { tr.t("calls-results-tie") } else { String::new() },
                r.reference.clone().unwrap_or_default(),
                r.project_title.clone(),
                r.organisation.clone(),
                two(tr, r.line.mean),
                two(tr, r.line.median),
                two(tr, r.line.normalised),
                two(tr, r.line.spread),
                two(tr, r.line.std_dev),
                r.line.reviews.to_string(),
            ]
        })
        .collect();
    (head, rows)
}

async fn export_rows(state: &AppState, ctx: &Ctx, id: i64, stage_id: i64, format: &str) -> AppResult<(String, Vec<RankedApplication>)> {
    let user = ctx.staff()?;
    let call = manageable(state, user, id).await?;
    let (_, stage) = stage_of(state, &call, stage_id).await?;
    let rows = stage_ranking(state, &call, &stage).await?;
    let detail = format!("stage={} format={format} rows={}", stage.id, rows.len());
    audit::record(&state.db, ctx, "calls.ranking.export", &Subject::new("call", call.id, &call.title), &detail).await?;
    Ok((format!("classement-{}-{}", call.slug, stage.position), rows))
}

async fn ranking_csv(State(state): State<AppState>, ctx: Ctx, Path((id, stage_id)): Path<(i64, i64)>) -> AppResult<Response> {
    let (name, rows) = export_rows(&state, &ctx, id, stage_id, "csv").await?;
    let (head, rows) = ranking_table(&ctx.tr, &rows);
    Ok(export::attachment(export::CSV, &format!("{name}.csv"), export::to_csv(&head, &rows).into_bytes()))
}

async fn ranking_xlsx(State(state): State<AppState>, ctx: Ctx, Path((id, stage_id)): Path<(i64, i64)>) -> AppResult<Response> {
    let (name, rows) = export_rows(&state, &ctx, id, stage_id, "xlsx").await?;
    let (head, _) = ranking_table(&ctx.tr, &rows);
    let tie = ctx.tr.t("calls-results-tie");
    let bytes = tokio::task::spawn_blocking(move || workbook(&head, &rows, &tie)).await.map_err(|e| AppError::Internal(e.into()))?;
    let bytes = bytes.map_err(|e| AppError::Internal(anyhow::anyhow!("xlsx: {e}")))?;
    Ok(export::attachment(export::XLSX, &format!("{name}.xlsx"), bytes))
}

/// One sheet, a bold header row; texts as text, the scores as numbers (two decimals shown).
fn workbook(head: &[String], rows: &[RankedApplication], tie: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let decimals = rust_xlsxwriter::Format::new().set_num_format("0.00");
    let sheet = book.add_worksheet();
    for (c, h) in head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        sheet.write_string(row, 0, r.category.clone().unwrap_or_default())?;
        sheet.write_number(row, 1, r.line.rank as f64)?;
        sheet.write_string(row, 2, if r.line.tied { tie } else { "" })?;
        sheet.write_string(row, 3, r.reference.clone().unwrap_or_default())?;
        sheet.write_string(row, 4, &r.project_title)?;
        sheet.write_string(row, 5, &r.organisation)?;
        for (c, v) in [r.line.mean, r.line.median, r.line.normalised, r.line.spread, r.line.std_dev].iter().enumerate() {
            sheet.write_number_with_format(row, 6 + c as u16, *v, &decimals)?;
        }
        sheet.write_number(row, 11, r.line.reviews as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

// ---- decisions ----

/// Whether an application took part in `stage`: submitted, not ineligible, and it reached the
/// stage (the first stage: every such application; a later one: those advanced to it).
pub fn reached(stages: &[Stage], stage: &Stage, a: &Application) -> bool {
    if a.status != "submitted" || a.eligibility == "ineligible" {
        return false;
    }
    match a.stage_id {
        None => stages.iter().map(|s| s.position).min() == Some(stage.position),
        Some(id) => stages.iter().find(|s| s.id == id).is_some_and(|s| s.position >= stage.position),
    }
}

/// What a decision chooses, as typed.
#[derive(Debug, Clone, Default)]
pub struct DecisionForm {
    pub rationale: String,
    pub reason: String,
    /// Stage that advances: the applications chosen.
    pub advance: BTreeSet<i64>,
    /// Last stage: category id -> its laureate.
    pub laureates: BTreeMap<i64, i64>,
    pub mentions: BTreeSet<i64>,
}

impl DecisionForm {
    /// From the form's pairs (`advance` and `mention` repeated, `laureate-{category}`).
    fn from_pairs(pairs: &[(String, String)]) -> (String, DecisionForm, bool) {
        let mut f = DecisionForm::default();
        let mut csrf = String::new();
        let mut bad = false;
        for (k, v) in pairs {
            let id = || v.trim().parse::<i64>();
            match k.as_str() {
                "csrf" => csrf = v.clone(),
                "rationale" => f.rationale = v.clone(),
                "reason" => f.reason = v.clone(),
                "advance" => match id() {
                    Ok(i) => {
                        f.advance.insert(i);
                    }
                    Err(_) => bad = true,
                },
                "mention" => match id() {
                    Ok(i) => {
                        f.mentions.insert(i);
                    }
                    Err(_) => bad = true,
                },
                k if k.starts_with("laureate-") => match (k["laureate-".len()..].parse::<i64>(), v.trim()) {
                    (Ok(_), "") => {}
                    (Ok(c), v) => match v.parse::<i64>() {
                        Ok(a) => {
                            f.laureates.insert(c, a);
                        }
                        Err(_) => bad = true,
                    },
                    _ => bad = true,
                },
                _ => {}
            }
        }
        (csrf, f, bad)
    }

    /// The decision's lines, or the errors to show. `candidates`: the applications that
    /// reached the stage.
    pub fn check(
        &self,
        stage: &Stage,
        categories: &[Category],
        candidates: &BTreeSet<i64>,
        amendment: bool,
    ) -> Result<Vec<DecisionLine>, FormErrors> {
        let mut errors = FormErrors::default();
        let text_field = if amendment { "reason" } else { "rationale" };
        let text = if amendment { &self.reason } else { &self.rationale };
        if text.trim().is_empty() {
            errors.add(text_field, "field-required");
        } else if text.chars().count() > 5000 {
            errors.add(text_field, &crate::core::error::too_long(text.chars().count(), 5000));
        }
        let mut lines = vec![];
        if stage.decides == DECIDES_LAUREATES {
            let mut seen = BTreeSet::new();
            for (cat, app) in &self.laureates {
                if !categories.iter().any(|c| c.id == *cat) || !candidates.contains(app) {
                    errors.add("choice", "calls-results-error-candidate");
                } else if !seen.insert(*app) {
                    errors.add("choice", "calls-results-error-twice");
                }
                lines.push(DecisionLine { application_id: *app, outcome: OUTCOME_LAUREATE.into(), category_id: Some(*cat) });
            }
            for app in &self.mentions {
                if !candidates.contains(app) {
                    errors.add("choice", "calls-results-error-candidate");
                } else if !seen.insert(*app) {
                    errors.add("choice", "calls-results-error-twice");
                }
                lines.push(DecisionLine { application_id: *app, outcome: OUTCOME_MENTION.into(), category_id: None });
            }
            if self.laureates.is_empty() {
                errors.add("choice", "calls-results-error-none");
            }
        } else {
            for app in &self.advance {
                if !candidates.contains(app) {
                    errors.add("choice", "calls-results-error-candidate");
                }
                lines.push(DecisionLine { application_id: *app, outcome: ADVANCE.into(), category_id: None });
            }
            if self.advance.is_empty() {
                errors.add("choice", "calls-results-error-none");
            }
        }
        if errors.is_empty() { Ok(lines) } else { Err(errors) }
    }

    fn of_decision(d: &Decision) -> DecisionForm {
        let mut f = DecisionForm::default();
        for line in &d.outcomes {
            match (line.outcome.as_str(), line.category_id) {
                (OUTCOME_LAUREATE, Some(c)) => {
                    f.laureates.insert(c, line.application_id);
                }
                (OUTCOME_MENTION, _) => {
                    f.mentions.insert(line.application_id);
                }
                _ => {
                    f.advance.insert(line.application_id);
                }
            }
        }
        f
    }
}

/// Apply a stage's outcome to the applications (in memory): those chosen to advance reach the
/// next stage, the others stop here, not selected; at the last stage, laureates (with their
/// category) and mentions, the others nominees. Returns the ids of the applications changed.
pub fn apply(stages: &[Stage], stage: &Stage, apps: &mut [Application], lines: &[DecisionLine]) -> Vec<i64> {
    let next = stages.iter().filter(|s| s.position > stage.position).min_by_key(|s| s.position);
    let mut changed = vec![];
    for a in apps.iter_mut() {
        if !reached(stages, stage, a) {
            continue;
        }
        let line = lines.iter().find(|l| l.application_id == a.id);
        let before = (a.stage_id, a.outcome.clone(), a.outcome_category_id);
        if stage.decides == DECIDES_LAUREATES {
            a.stage_id = Some(stage.id);
            (a.outcome, a.outcome_category_id) = match line {
                Some(l) if l.outcome == OUTCOME_LAUREATE => (Some(OUTCOME_LAUREATE.into()), l.category_id),
                Some(l) if l.outcome == OUTCOME_MENTION => (Some(OUTCOME_MENTION.into()), None),
                _ => (Some(OUTCOME_NOMINEE.into()), None),
            };
        } else if line.is_some() {
            match next {
                // Already further on (an amendment that keeps it): unchanged.
                Some(n) if a.stage_id.and_then(|id| stages.iter().find(|s| s.id == id)).is_some_and(|s| s.position >= n.position) => {}
                Some(n) => {
                    a.stage_id = Some(n.id);
                    a.outcome = None;
                    a.outcome_category_id = None;
                }
                None => {
                    a.stage_id = Some(stage.id);
                    a.outcome = Some(OUTCOME_NOMINEE.into());
                    a.outcome_category_id = None;
                }
            }
        } else {
            a.stage_id = Some(stage.id);
            a.outcome = Some(OUTCOME_NOT_SELECTED.into());
            a.outcome_category_id = None;
        }
        if before != (a.stage_id, a.outcome.clone(), a.outcome_category_id) {
            changed.push(a.id);
        }
    }
    changed
}

/// Record a stage's decision (`amendment` None: seq 1, refused with 409 when one exists or
/// the results are published) or an amendment with its reason (seq n + 1; after publication
/// it publishes the next version of the results, with the same transaction). Returns the seq.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    state: &AppState,
    call: &Call,
    stage: &Stage,
    lines: &[DecisionLine],
    rationale: &str,
    amendment: Option<&str>,
    by: Option<i64>,
    now: i64,
) -> AppResult<i64> {
    let db = &state.db;
    let stages = store::stages(db, call.id).await?;
    let mut apps = store::applications(db, call.id).await?;
    let previous = store::results::published(db, call.id).await?.pop();
    let changed = apply(&stages, stage, &mut apps, lines);
    let republish = match (&previous, amendment) {
        (Some(_), None) => return Err(AppError::Conflict("calls-results-error-frozen")),
        (Some(p), Some(reason)) => Some(prepare_version(state, call, &apps, p, reason, now).await?),
        (None, _) => None,
    };
    let mut tx = db.begin().await?;
    let last = store::results::last_decision_seq(&mut tx, stage.id).await?;
    let seq = match amendment {
        None if last > 0 => return Err(AppError::Conflict("calls-results-error-decided")),
        None => 1,
        Some(_) if last == 0 => return Err(AppError::Conflict("calls-results-error-undecided")),
        Some(_) => last + 1,
    };
    let text = amendment.unwrap_or(rationale).trim();
    if !store::results::insert_decision(&mut tx, stage.id, seq, text, lines, by, now).await? {
        return Err(AppError::Conflict("calls-results-error-decided"));
    }
    for a in apps.iter().filter(|a| changed.contains(&a.id)) {
        store::results::set_outcome(&mut tx, a.id, a.stage_id, a.outcome.as_deref(), a.outcome_category_id, now).await?;
    }
    if let (Some(body), Some(p)) = (republish, &previous) {
        let version = p.version + 1;
        if store::results::last_version(&mut tx, call.id).await? != p.version {
            return Err(AppError::Conflict("calls-results-error-published"));
        }
        let (text, fingerprint) = body.freeze();
        if !store::results::insert_published(&mut tx, call.id, version, &text, &fingerprint, amendment.unwrap_or_default().trim(), by, now)
            .await?
        {
            return Err(AppError::Conflict("calls-results-error-published"));
        }
        let feedback = store::results::feedback_by_application(db, call.id).await?;
        for a in apps.iter().filter(|a| changed.contains(&a.id) && a.status == "submitted") {
            mail::enqueue(&mut tx, &outcome_mail(state, call, a, version, feedback.get(&a.id)), now).await?;
        }
    }
    tx.commit().await?;
    Ok(seq)
}

/// The body of the next version after `p`, with this amendment added.
async fn prepare_version(
    state: &AppState,
    call: &Call,
    apps: &[Application],
    p: &Published,
    reason: &str,
    now: i64,
) -> AppResult<ResultsBody> {
    let old: ResultsBody = serde_json::from_str(&p.body).map_err(|e| AppError::Internal(e.into()))?;
    let mut amendments = old.amendments;
    amendments.push(Amendment {
        version: p.version + 1,
        reason: reason.trim().to_string(),
        at: crate::core::api::rfc3339(now),
        replaces: p.fingerprint.clone(),
    });
    body_of(state, call, apps, p.version + 1, now, amendments).await
}

async fn body_of(
    state: &AppState,
    call: &Call,
    apps: &[Application],
    version: i64,
    now: i64,
    amendments: Vec<Amendment>,
) -> AppResult<ResultsBody> {
    let db = &state.db;
    let categories = store::categories(db, call.id).await?;
    let logo_ids: Vec<i64> = categories.iter().filter_map(|c| c.sponsor_logo).collect();
    let logos = store::results::media_keys(db, &logo_ids).await?;
    let districts: BTreeMap<i64, String> = store::districts(db).await?.into_iter().map(|d| (d.id, d.name)).collect();
    let dir = Directory { categories: &categories, logos: &logos, districts: &districts };
    Ok(results::build_body(call, &dir, apps, version, now, amendments))
}

/// The outcome e-mail of one application, in its language.
fn outcome_mail(state: &AppState, call: &Call, a: &Application, version: i64, feedback: Option<&Vec<String>>) -> Mail {
    let tr = state.tr(Locale::parse(&a.lang).unwrap_or(Locale::Fr));
    let key = match a.outcome.as_deref() {
        Some(OUTCOME_LAUREATE) => "calls-results-mail-laureate",
        Some(OUTCOME_MENTION) => "calls-results-mail-mention",
        Some(OUTCOME_NOMINEE) => "calls-results-mail-nominee",
        _ => "calls-results-mail-not-selected",
    };
    let project = if a.fields.project_title.is_empty() { a.reference.clone().unwrap_or_default() } else { a.fields.project_title.clone() };
    let mut text = format!(
        "{}\n\n{}\n\n{}\n{}\n",
        tr.t("calls-results-mail-hello"),
        tr.args(key, &[("call", &call.title), ("project", &project)]),
        tr.t("calls-results-mail-page"),
        state.absolute(&format!("/appels/{}/resultats", call.slug)),
    );
    if a.outcome.as_deref() == Some(OUTCOME_NOT_SELECTED)
        && let Some(f) = feedback.filter(|f| !f.is_empty())
    {
        text.push_str(&format!("\n{}\n", tr.t("calls-results-mail-feedback")));
        for line in f {
            text.push_str(&format!("\n– {}\n", line.trim()));
        }
    }
    if version > 1 {
        text.push_str(&format!("\n{}\n", tr.t("calls-results-mail-amended")));
    }
    Mail {
        dedup_key: format!("calls:application:{}:outcome:{version}", a.id),
        to: a.email.clone(),
        subject: tr.a("calls-results-mail-subject", "call", &call.title),
        text,
        html: None,
        ics: None,
    }
}

/// Publish a call's results (version 1): the laureates' stage must be decided. Every
/// submitted application without an outcome is not selected; each submitted applicant's
/// outcome e-mail is queued in the same transaction. 409 when already published.
pub async fn publish(state: &AppState, call: &Call, by: Option<i64>, now: i64) -> AppResult<Published> {
    let db = &state.db;
    let stages = store::stages(db, call.id).await?;
    let last = stages
        .iter()
        .filter(|s| s.decides == DECIDES_LAUREATES)
        .max_by_key(|s| s.position)
        .ok_or(AppError::Conflict("calls-results-error-no-final"))?;
    if store::results::decisions(db, last.id).await?.is_empty() {
        return Err(AppError::Conflict("calls-results-error-undecided"));
    }
    if store::results::is_published(db, call.id).await? {
        return Err(AppError::Conflict("calls-results-error-published"));
    }
    let mut apps = store::applications(db, call.id).await?;
    let mut unselected = vec![];
    for a in apps.iter_mut().filter(|a| a.status == "submitted" && a.outcome.is_none()) {
        a.outcome = Some(OUTCOME_NOT_SELECTED.into());
        unselected.push(a.id);
    }
    let body = body_of(state, call, &apps, 1, now, vec![]).await?;
    let (text, fingerprint) = body.freeze();
    let feedback = store::results::feedback_by_application(db, call.id).await?;
    let mut tx = db.begin().await?;
    if store::results::last_version(&mut tx, call.id).await? > 0
        || !store::results::insert_published(&mut tx, call.id, 1, &text, &fingerprint, "", by, now).await?
    {
        return Err(AppError::Conflict("calls-results-error-published"));
    }
    for a in apps.iter().filter(|a| unselected.contains(&a.id)) {
        store::results::set_outcome(&mut tx, a.id, a.stage_id, a.outcome.as_deref(), None, now).await?;
    }
    for a in apps.iter().filter(|a| a.status == "submitted") {
        mail::enqueue(&mut tx, &outcome_mail(state, call, a, 1, feedback.get(&a.id)), now).await?;
    }
    tx.commit().await?;
    store::results::published(db, call.id).await?.pop().ok_or(AppError::NotFound)
}

// ---- the decision page ----

/// An application that may be chosen, as the form lists it.
struct Candidate {
    id: i64,
    label: String,
    /// Its line of this stage's ranking, if reviewed.
    rank: Option<RankedApplication>,
}

#[derive(askama::Template)]
#[template(path = "calls/admin_decision_page.html")]
struct DecisionPage {
    l: Layout,
    call: Call,
    stage: Stage,
    laureates_stage: bool,
    categories: Vec<Category>,
    candidates: Vec<Candidate>,
    history: Vec<Decision>,
    form: DecisionForm,
    errors: FormErrors,
    published: bool,
    flash: Option<String>,
}

impl DecisionPage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| {
            self.l.t(match f {
                "rationale" => "calls-results-field-rationale",
                "reason" => "calls-results-field-reason",
                _ => "calls-results-field-choice",
            })
        })
    }
    fn num(&self, x: &f64) -> String {
        two(&self.l.tr, *x)
    }
    fn label_of(&self, id: &i64) -> String {
        self.candidates.iter().find(|c| c.id == *id).map(|c| c.label.clone()).unwrap_or_else(|| format!("#{id}"))
    }
    fn category_name(&self, id: &Option<i64>) -> String {
        self.categories.iter().find(|c| Some(c.id) == *id).map(|c| c.name.clone()).unwrap_or_default()
    }
    fn outcome_key(&self, outcome: &str) -> &'static str {
        match outcome {
            OUTCOME_LAUREATE => "calls-results-outcome-laureate",
            OUTCOME_MENTION => "calls-results-outcome-mention",
            _ => "calls-results-outcome-advance",
        }
    }
    fn is_laureate(&self, cat: &i64, app: &i64) -> bool {
        self.form.laureates.get(cat) == Some(app)
    }
}

#[derive(serde::Deserialize, Default)]
struct FlashQuery {
    ok: Option<String>,
}

async fn decision_view(
    state: &AppState,
    ctx: &Ctx,
    call: Call,
    stages: &[Stage],
    stage: Stage,
    form: Option<DecisionForm>,
    errors: FormErrors,
) -> AppResult<DecisionPage> {
    let db = &state.db;
    let categories = store::categories(db, call.id).await?;
    let apps = store::applications(db, call.id).await?;
    let ranking = stage_ranking(state, &call, &stage).await?;
    let mut candidates: Vec<Candidate> = apps
        .iter()
        .filter(|a| reached(stages, &stage, a))
        .map(|a| Candidate {
            id: a.id,
            label: format!("{} – {}", a.fields.project_title, a.fields.org_name),
            rank: ranking.iter().find(|r| r.line.application_id == a.id).cloned(),
        })
        .collect();
    candidates.sort_by(|a, b| {
        let n = |c: &Candidate| c.rank.as_ref().map(|r| r.line.normalised).unwrap_or(f64::MIN);
        n(b).total_cmp(&n(a)).then(a.id.cmp(&b.id))
    });
    let history = store::results::decisions(db, stage.id).await?;
    let published = store::results::is_published(db, call.id).await?;
    let form = form.unwrap_or_else(|| history.last().map(DecisionForm::of_decision).unwrap_or_default());
    audit::record(db, ctx, "calls.decision.view", &Subject::new("call", call.id, &call.title), &format!("stage={}", stage.id)).await?;
    let l = layout(state, ctx, ctx.tr.args("calls-results-decision-title", &[("call", &call.title), ("stage", &stage.name)])).await?;
    Ok(DecisionPage {
        l,
        laureates_stage: stage.decides == DECIDES_LAUREATES,
        call,
        stage,
        categories,
        candidates,
        history,
        form,
        errors,
        published,
        flash: None,
    })
}

async fn decision_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, stage_id)): Path<(i64, i64)>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let (stages, stage) = stage_of(&state, &call, stage_id).await?;
    let mut page = decision_view(&state, &ctx, call, &stages, stage, None, FormErrors::default()).await?;
    page.flash = match q.ok.as_deref() {
        Some("decided") => Some(ctx.tr.t("calls-results-flash-decided")),
        Some("amended") => Some(ctx.tr.t("calls-results-flash-amended")),
        _ => None,
    };
    html(&page)
}

async fn decide_or_amend(
    state: AppState,
    ctx: Ctx,
    id: i64,
    stage_id: i64,
    pairs: Vec<(String, String)>,
    amendment: bool,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let (stages, stage) = stage_of(&state, &call, stage_id).await?;
    let (csrf, form, bad) = DecisionForm::from_pairs(&pairs);
    ctx.check_csrf(&csrf)?;
    if bad {
        return Err(AppError::BadRequest("error-bad-form"));
    }
    let apps = store::applications(&state.db, call.id).await?;
    let candidates: BTreeSet<i64> = apps.iter().filter(|a| reached(&stages, &stage, a)).map(|a| a.id).collect();
    let categories = store::categories(&state.db, call.id).await?;
    let lines = match form.check(&stage, &categories, &candidates, amendment) {
        Ok(lines) => lines,
        Err(errors) => {
            let page = decision_view(&state, &ctx, call, &stages, stage, Some(form), errors).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let reason = amendment.then_some(form.reason.as_str());
    record(&state, &call, &stage, &lines, form.rationale.trim(), reason, Some(user.user_id), ctx.now).await?;
    let flag = if amendment { "amended" } else { "decided" };
    Ok(see_other(&format!("/admin/appels/{id}/etapes/{stage_id}/decision?ok={flag}")))
}

async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, stage_id)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    decide_or_amend(state, ctx, id, stage_id, pairs, false).await
}

async fn amend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, stage_id)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    decide_or_amend(state, ctx, id, stage_id, pairs, true).await
}

// ---- publication ----

#[derive(askama::Template)]
#[template(path = "calls/admin_decision_publish.html")]
struct PublishPage {
    l: Layout,
    call: Call,
    /// The body that would be published (before), or the latest published one.
    preview: Option<ResultsBody>,
    published: Vec<Published>,
    /// Why it cannot be published yet (a message key).
    blocked: Option<&'static str>,
    flash: Option<String>,
}

#[derive(serde::Deserialize, Default)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn publish_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let db = &state.db;
    let published = store::results::published(db, call.id).await?;
    let stages = store::stages(db, call.id).await?;
    let last = stages.iter().filter(|s| s.decides == DECIDES_LAUREATES).max_by_key(|s| s.position);
    let blocked = match last {
        None => Some("calls-results-error-no-final"),
        Some(s) if store::results::decisions(db, s.id).await?.is_empty() => Some("calls-results-error-undecided"),
        _ => None,
    };
    let preview = match published.last() {
        Some(p) => serde_json::from_str(&p.body).ok(),
        None if blocked.is_none() => {
            let mut apps = store::applications(db, call.id).await?;
            for a in apps.iter_mut().filter(|a| a.status == "submitted" && a.outcome.is_none()) {
                a.outcome = Some(OUTCOME_NOT_SELECTED.into());
            }
            Some(body_of(&state, &call, &apps, 1, ctx.now, vec![]).await?)
        }
        None => None,
    };
    let flash = (q.ok.as_deref() == Some("published")).then(|| ctx.tr.t("calls-results-flash-published"));
    let l = layout(&state, &ctx, ctx.tr.a("calls-results-publish-title", "call", &call.title)).await?;
    html(&PublishPage { l, call, preview, published, blocked, flash })
}

async fn publish_post(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<CsrfForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    publish(&state, &call, Some(user.user_id), ctx.now).await?;
    Ok(see_other(&format!("/admin/appels/{id}/publier?ok=published")))
}

/// Test support: record a juror's conflict on an assignment (`declared` or `none`).
#[doc(hidden)]
pub async fn declare_for_tests(state: &AppState, assignment_id: i64, conflict: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    store::declare(&mut tx, assignment_id, conflict, state.now()).await?;
    tx.commit().await?;
    Ok(())
}
