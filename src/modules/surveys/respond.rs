//! Answering a survey, through an invitation's access link (`/enquetes/reponse/{token}`,
//! scope `surveys.invitation`) or the wave's open link (`open.rs`, under
//! `/enquetes/{slug}/…`). Both go through the same pages under a base address:
//!
//! - the base: the first page, which states the wave's mode and, for an anonymous wave, the
//!   guarantee in plain words, then "Commencer" (or "Reprendre" where the draft stopped);
//! - `{base}/partie/{n}`: section n of the wave's frozen form (the form kit's fields), with
//!   "Suivant", "Enregistrer et continuer plus tard" and "Précédent"; every press keeps what
//!   was typed in the draft (`store::save_draft`) with the section reached; "Suivant" checks
//!   the section with `forms::validate` (errors next to their fields, values kept);
//!   questions whose condition rests on an earlier section are left out by the server;
//! - `{base}/relecture`: every answer to review, then "Envoyer" (`{base}/envoyer`), which
//!   checks the whole form again and submits in one transaction (`store::submit`, the quota
//!   kept by the database). A used link says "Vous avez déjà répondu, merci"; a full quota or
//!   a wave not open is a clear page, and the draft stays.
//!
//! Every page here is `no-store`, every form carries the CSRF token.

mod open;

use std::collections::HashMap;
use std::ops::Range;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::model::{Draft, Holder, InvitationState, Mode, Phase, QuotaGuard, Submitted, Survey, Territory, Wave};
use super::store;
use crate::core::access;
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::forms::{self, FormDef, Item, RawAnswers, view::ItemView};
use crate::core::i18n::Tr;
use crate::core::markup;
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html_status, see_other};
use crate::modules::network::public_layout;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/enquetes/reponse/{token}", get(invitation_welcome))
        .route("/enquetes/reponse/{token}/partie/{n}", get(invitation_section).post(invitation_save))
        .route("/enquetes/reponse/{token}/relecture", get(invitation_review))
        .route("/enquetes/reponse/{token}/envoyer", post(invitation_submit))
        .merge(open::routes())
}

/// The access links' scopes this module e-mails.
pub const ACCESS: &[access::Scope] = &[access::Scope { name: super::INVITATION_SCOPE, describe: describe_link }];

/// The page an invitation's access link opens.
pub fn invitation_path(token: &str) -> String {
    format!("/enquetes/reponse/{token}")
}

/// Describes an invitation's link for `/acces`: the survey and its wave; none once answered
/// (the link is used up) or when the invitation is gone.
pub fn describe_link<'a>(state: &'a AppState, tr: &'a Tr, subject: i64, token: &'a str) -> access::DescribeFuture<'a> {
    Box::pin(async move {
        let Some(inv) = store::invitation(&state.db, subject).await? else { return Ok(None) };
        if inv.state == InvitationState::Answered {
            return Ok(None);
        }
        let Some(wave) = store::wave(&state.db, inv.wave_id).await? else { return Ok(None) };
        let Some(survey) = store::survey(&state.db, wave.survey_id).await? else { return Ok(None) };
        let label = tr.args("surveys-link-label", &[("survey", survey.title.as_str()), ("wave", wave.label.as_str())]);
        Ok(Some(access::Described { label, path: invitation_path(token) }))
    })
}

// ---- who answers ----

/// Someone answering one wave, through their invitation or the open link.
pub(super) struct Respondent {
    survey: Survey,
    wave: Wave,
    territory: Territory,
    holder: Holder,
    /// The pages' base address (the invitation's link, or the open link's).
    base: String,
    /// Through the open link (no invitation).
    open_link: bool,
    /// The invitation was used: its link works once.
    answered: bool,
    draft: Option<Draft>,
}

async fn by_invitation(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<Respondent> {
    let id = access::open(state, &ctx.ip, token, super::INVITATION_SCOPE, ctx.now).await?;
    let inv = store::invitation(&state.db, id).await?.ok_or(AppError::LinkGone)?;
    let holder = Holder::Invitation(inv.id);
    let draft = store::draft(&state.db, &holder).await?;
    respondent(state, inv.wave_id, inv.club_id, holder, invitation_path(token), false, inv.state == InvitationState::Answered, draft)
        .await?
        .ok_or(AppError::LinkGone)
}

#[allow(clippy::too_many_arguments)]
async fn respondent(
    state: &AppState,
    wave_id: i64,
    club_id: i64,
    holder: Holder,
    base: String,
    open_link: bool,
    answered: bool,
    draft: Option<Draft>,
) -> Result<Option<Respondent>, sqlx::Error> {
    let Some(wave) = store::wave(&state.db, wave_id).await? else { return Ok(None) };
    let Some(survey) = store::survey(&state.db, wave.survey_id).await? else { return Ok(None) };
    let Some(territory) = store::territories(&state.db, wave.id).await?.into_iter().find(|t| t.club_id == club_id) else {
        return Ok(None);
    };
    Ok(Some(Respondent { survey, wave, territory, holder, base, open_link, answered, draft }))
}

/// Why someone cannot answer now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Blocked {
    Answered,
    NotOpen(Phase),
    QuotaFull,
}

impl Respondent {
    fn blocked(&self, now: i64) -> Option<Blocked> {
        if self.answered {
            return Some(Blocked::Answered);
        }
        match self.wave.phase(now) {
            Phase::Open => {}
            p => return Some(Blocked::NotOpen(p)),
        }
        self.territory.full().then_some(Blocked::QuotaFull)
    }

    fn fields(&self) -> Vec<(String, String)> {
        self.draft.as_ref().map(|d| d.fields.clone()).unwrap_or_default()
    }
}

// ---- the questionnaire, one section per page ----

/// The wave's frozen form.
async fn questionnaire(state: &AppState, wave: &Wave) -> AppResult<FormDef> {
    super::results::wave_def(state, wave).await?.ok_or(AppError::NotFound)
}

/// The form's pages: ranges of its items, a new one at each section break (items before the
/// first break make a page of their own).
pub fn sections(def: &FormDef) -> Vec<Range<usize>> {
    let mut out = vec![];
    let mut start = 0;
    for (i, item) in def.items.iter().enumerate() {
        if matches!(item, Item::Section { .. }) && i > start {
            out.push(start..i);
            start = i;
        }
    }
    if start < def.items.len() || out.is_empty() {
        out.push(start..def.items.len());
    }
    out
}

/// The page (0-based) of each question.
fn page_of(def: &FormDef, pages: &[Range<usize>]) -> HashMap<i64, usize> {
    let mut out = HashMap::new();
    for (p, r) in pages.iter().enumerate() {
        for item in &def.items[r.clone()] {
            if let Item::Question(q) = item {
                out.insert(q.id, p);
            }
        }
    }
    out
}

/// The questions of page `p` left out by the server: their condition rests on an earlier
/// page's answer and is not met.
fn hidden_on(def: &FormDef, pages: &[Range<usize>], p: usize, raw: &RawAnswers) -> Vec<i64> {
    let shown = forms::shown(def, raw);
    let page = page_of(def, pages);
    def.items[pages[p].clone()]
        .iter()
        .filter_map(|i| match i {
            Item::Question(q) => Some(q),
            _ => None,
        })
        .filter(|q| {
            q.condition.as_ref().is_some_and(|c| page.get(&c.question).is_some_and(|pp| *pp < p))
                && !shown.get(&q.id).copied().unwrap_or(true)
        })
        .map(|q| q.id)
        .collect()
}

/// A page's title: its section's (or the survey's, for a page before any section).
fn page_title(def: &FormDef, range: &Range<usize>, fallback: &str) -> (String, String) {
    match def.items.get(range.start) {
        Some(Item::Section { title, help }) => (title.clone(), help.clone()),
        _ => (fallback.to_string(), String::new()),
    }
}

/// What was kept, with what page `p` sent in place of its questions' fields (a box left
/// unticked sends nothing: the page's fields are replaced whole). Other fields are ignored.
fn merge(def: &FormDef, pages: &[Range<usize>], p: usize, kept: &[(String, String)], sent: &[(String, String)]) -> Vec<(String, String)> {
    let page = page_of(def, pages);
    let on_page = |name: &str| def.question_of_field(name).and_then(|q| page.get(&q.id)).is_some_and(|pp| *pp == p);
    let mut out: Vec<(String, String)> = kept.iter().filter(|(k, _)| !on_page(k)).cloned().collect();
    out.extend(sent.iter().filter(|(k, _)| on_page(k)).map(|(k, v)| (k.clone(), v.chars().take(forms::MAX_LONG_TEXT + 1).collect())));
    out
}

// ---- pages ----

fn layout_title(tr: &Tr, r: &Respondent) -> String {
    tr.args("surveys-respond-title", &[("survey", r.survey.title.as_str()), ("wave", r.wave.label.as_str())])
}

async fn layout(state: &AppState, ctx: &Ctx, r: &Respondent, title: String) -> Result<Layout, sqlx::Error> {
    let mut l = public_layout(state, ctx, title).await?;
    l.noindex = true;
    l.section = "surveys";
    l.canonical = state.absolute(&format!("/enquetes/{}", r.survey.slug));
    Ok(l)
}

#[derive(askama::Template)]
#[template(path = "surveys/respond_blocked.html")]
struct BlockedPage {
    l: Layout,
    survey: Survey,
    /// The heading and the explanation.
    heading: String,
    text: String,
    /// A draft is kept (said on the page).
    draft_kept: bool,
}

async fn blocked_page(state: &AppState, ctx: &Ctx, r: &Respondent, why: Blocked, status: StatusCode) -> AppResult<Response> {
    let tr = &ctx.tr;
    let (heading, text) = match why {
        Blocked::Answered => (tr.t("surveys-answered-title"), tr.t("surveys-answered")),
        Blocked::QuotaFull => (tr.t("surveys-quota-full-title"), tr.a("surveys-quota-full", "territory", &r.territory.club_name)),
        Blocked::NotOpen(Phase::Closed) => (tr.t("surveys-closed-title"), super::pages::wave_dates(tr, &r.wave, ctx.now)),
        Blocked::NotOpen(_) => (tr.t("surveys-not-open-title"), super::pages::wave_dates(tr, &r.wave, ctx.now)),
    };
    let l = layout(state, ctx, r, heading.clone()).await?;
    let draft_kept = why != Blocked::Answered && r.draft.as_ref().is_some_and(|d| !d.fields.is_empty());
    let page = BlockedPage { l, survey: r.survey.clone(), heading, text, draft_kept };
    html_status(status, &page).map(access::no_store)
}

#[derive(askama::Template)]
#[template(path = "surveys/respond_welcome.html")]
struct WelcomePage {
    l: Layout,
    survey: Survey,
    wave: Wave,
    territory: String,
    dates: String,
    mode: String,
    anonymous: bool,
    open_link: bool,
    intro_html: String,
    /// "Le questionnaire a 3 sections."
    sections: String,
    /// Where to go on: (url, label).
    next: (String, String),
    /// Just saved: the address to come back to.
    saved: Option<String>,
}

#[derive(serde::Deserialize, Default)]
struct WelcomeQuery {
    enregistre: Option<String>,
}

async fn welcome(state: &AppState, ctx: &Ctx, r: Respondent, saved: bool) -> AppResult<Response> {
    if let Some(why) = r.blocked(ctx.now) {
        return blocked_page(state, ctx, &r, why, StatusCode::OK).await;
    }
    let def = questionnaire(state, &r.wave).await?;
    let n = sections(&def).len();
    let next = match &r.draft {
        Some(d) if d.page as usize >= n => (format!("{}/relecture", r.base), ctx.tr.t("surveys-resume-review")),
        Some(d) if !d.fields.is_empty() || d.page > 0 => (
            format!("{}/partie/{}", r.base, d.page.max(0) + 1),
            ctx.tr.args("surveys-resume", &[("n", &(d.page.max(0) + 1).to_string()), ("total", &n.to_string())]),
        ),
        _ => (format!("{}/partie/1", r.base), ctx.tr.t("surveys-start")),
    };
    let l = layout(state, ctx, &r, layout_title(&ctx.tr, &r)).await?;
    let page = WelcomePage {
        l,
        territory: r.territory.club_name.clone(),
        dates: super::pages::wave_dates(&ctx.tr, &r.wave, ctx.now),
        mode: ctx.tr.t(super::pages::mode_key(r.wave.mode)),
        anonymous: r.wave.mode == Mode::Anonymous,
        open_link: r.open_link,
        intro_html: markup::render("markdown", &r.survey.intro),
        sections: ctx.tr.n("surveys-sections-count", n as i64),
        next,
        saved: saved.then(|| state.absolute(&r.base)),
        survey: r.survey,
        wave: r.wave,
    };
    html_status(StatusCode::OK, &page).map(access::no_store)
}

#[derive(askama::Template)]
#[template(path = "surveys/respond_section.html")]
struct SectionPage {
    l: Layout,
    survey: Survey,
    base: String,
    /// 1-based.
    n: usize,
    total: usize,
    /// "Section 2 sur 4".
    progress: String,
    title: String,
    help: String,
    form_fields: Vec<ItemView>,
    summary: Vec<(String, String)>,
    /// Nothing to answer on this page given the earlier answers.
    empty: bool,
}

async fn section_page(
    state: &AppState,
    ctx: &Ctx,
    r: &Respondent,
    def: &FormDef,
    n: usize,
    fields: &[(String, String)],
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let pages = sections(def);
    let range = pages.get(n.wrapping_sub(1)).ok_or(AppError::NotFound)?.clone();
    let raw = RawAnswers::from_fields(fields);
    let hidden = hidden_on(def, &pages, n - 1, &raw);
    let views = forms::view::items(&ctx.tr, def, &raw, &errors, "r-");
    let form_fields: Vec<ItemView> = views
        .into_iter()
        .enumerate()
        .filter(|(i, _)| {
            range.contains(i)
                && match &def.items[*i] {
                    Item::Section { .. } => false,
                    Item::Question(q) => !hidden.contains(&q.id),
                    Item::Statement { .. } => true,
                }
        })
        .map(|(_, v)| v)
        .collect();
    let (title, help) = page_title(def, &range, &r.survey.title);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let summary = forms::view::summary(&ctx.tr, def, &errors);
    let progress = ctx.tr.args("surveys-progress", &[("n", &n.to_string()), ("total", &pages.len().to_string())]);
    let l = layout(state, ctx, r, format!("{title} – {progress}")).await?;
    let empty = !form_fields.iter().any(|v| v.widget != "statement");
    let page = SectionPage {
        l,
        survey: r.survey.clone(),
        base: r.base.clone(),
        n,
        total: pages.len(),
        progress,
        title,
        help,
        form_fields,
        summary,
        empty,
    };
    html_status(status, &page).map(access::no_store)
}

async fn section(state: &AppState, ctx: &Ctx, r: Respondent, n: usize) -> AppResult<Response> {
    if let Some(why) = r.blocked(ctx.now) {
        return blocked_page(state, ctx, &r, why, StatusCode::OK).await;
    }
    let def = questionnaire(state, &r.wave).await?;
    section_page(state, ctx, &r, &def, n, &r.fields(), vec![]).await
}

fn sent_value<'a>(sent: &'a [(String, String)], name: &str) -> &'a str {
    sent.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// A section sent: keep what was typed, then go where the button says (`action`: `next`,
/// `prev` or `save`); "Suivant" first checks the section.
async fn save(state: &AppState, ctx: &Ctx, r: Respondent, n: usize, sent: Vec<(String, String)>) -> AppResult<Response> {
    ctx.check_csrf(sent_value(&sent, "csrf"))?;
    if let Some(why) = r.blocked(ctx.now) {
        if why == Blocked::Answered {
            return Ok(see_other(&r.base));
        }
        return blocked_page(state, ctx, &r, why, StatusCode::CONFLICT).await;
    }
    let def = questionnaire(state, &r.wave).await?;
    let pages = sections(&def);
    if n == 0 || n > pages.len() {
        return Err(AppError::NotFound);
    }
    let fields = merge(&def, &pages, n - 1, &r.fields(), &sent);
    let action = sent_value(&sent, "action");
    let errors: Vec<FieldError> = if action == "next" {
        let page = page_of(&def, &pages);
        match forms::validate(&def, &RawAnswers::from_fields(&fields)) {
            Ok(_) => vec![],
            Err(e) => e.into_iter().filter(|e| def.question_of_field(&e.field).and_then(|q| page.get(&q.id)) == Some(&(n - 1))).collect(),
        }
    } else {
        vec![]
    };
    // The section reached: where the respondent goes (or stays).
    let target = match action {
        "next" if errors.is_empty() => n,
        "prev" => n.saturating_sub(2),
        _ => n - 1,
    };
    let mut tx = state.db.begin().await?;
    let kept = store::save_draft(&mut tx, r.wave.id, r.territory.club_id, &r.holder, &fields, target as i64, ctx.now).await?;
    tx.commit().await?;
    if !kept {
        // Submitted meanwhile (another tab, a double click): the link's page says so.
        return Ok(see_other(&r.base));
    }
    if !errors.is_empty() {
        return section_page(state, ctx, &r, &def, n, &fields, errors).await;
    }
    Ok(see_other(&match action {
        "next" if n == pages.len() => format!("{}/relecture", r.base),
        "next" => format!("{}/partie/{}", r.base, n + 1),
        "prev" if n > 1 => format!("{}/partie/{}", r.base, n - 1),
        "prev" => r.base.clone(),
        _ => format!("{}?enregistre=1", r.base),
    }))
}

/// One section's answers, to review.
pub struct ReviewSection {
    pub n: usize,
    pub title: String,
    /// (question, answer in words; "" when not answered).
    pub answers: Vec<(String, String)>,
    /// Problems left in the section, in words.
    pub problems: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "surveys/respond_review.html")]
struct ReviewPage {
    l: Layout,
    survey: Survey,
    base: String,
    sections: Vec<ReviewSection>,
    ready: bool,
    mode: String,
}

async fn review(state: &AppState, ctx: &Ctx, r: Respondent) -> AppResult<Response> {
    if let Some(why) = r.blocked(ctx.now) {
        return blocked_page(state, ctx, &r, why, StatusCode::OK).await;
    }
    let def = questionnaire(state, &r.wave).await?;
    let pages = sections(&def);
    let raw = RawAnswers::from_fields(&r.fields());
    let shown = forms::shown(&def, &raw);
    let (typed, errors) = match forms::validate(&def, &raw) {
        Ok(t) => (t, vec![]),
        Err(e) => (vec![], e),
    };
    let page = page_of(&def, &pages);
    let lines = forms::view::summary(&ctx.tr, &def, &errors);
    let sections: Vec<ReviewSection> = pages
        .iter()
        .enumerate()
        .map(|(p, range)| ReviewSection {
            n: p + 1,
            title: page_title(&def, range, &r.survey.title).0,
            answers: def.items[range.clone()]
                .iter()
                .filter_map(|i| match i {
                    Item::Question(q) if shown.get(&q.id).copied().unwrap_or(true) => Some(q),
                    _ => None,
                })
                .map(|q| {
                    let text = typed
                        .iter()
                        .find(|t| t.question == q.id)
                        .map(|t| forms::view::answer_text(&ctx.tr, &def, q.id, &t.answer))
                        .unwrap_or_default();
                    (q.label.clone(), text)
                })
                .collect(),
            problems: errors
                .iter()
                .zip(lines.iter())
                .filter(|(e, _)| def.question_of_field(&e.field).and_then(|q| page.get(&q.id)) == Some(&p))
                .map(|(_, (_, text))| text.clone())
                .collect(),
        })
        .collect();
    let l = layout(state, ctx, &r, ctx.tr.a("surveys-review-title", "survey", &r.survey.title)).await?;
    let page = ReviewPage {
        l,
        mode: ctx.tr.t(super::pages::mode_key(r.wave.mode)),
        survey: r.survey.clone(),
        base: r.base.clone(),
        ready: errors.is_empty(),
        sections,
    };
    html_status(StatusCode::OK, &page).map(access::no_store)
}

#[derive(serde::Deserialize)]
struct SubmitForm {
    #[serde(default)]
    csrf: String,
}

/// "Envoyer": the whole form checked again (errors: the first section with one, shown with
/// them), the wave open at this second, then the submission in one transaction.
async fn submit(state: &AppState, ctx: &Ctx, r: Respondent, csrf: &str, thanks: String) -> AppResult<Response> {
    ctx.check_csrf(csrf)?;
    if let Some(why) = r.blocked(ctx.now) {
        return blocked_page(state, ctx, &r, why, StatusCode::CONFLICT).await;
    }
    let def = questionnaire(state, &r.wave).await?;
    let fields = r.fields();
    let answers = match forms::validate(&def, &RawAnswers::from_fields(&fields)) {
        Ok(a) => a,
        Err(errors) => {
            let pages = sections(&def);
            let page = page_of(&def, &pages);
            let first =
                errors.iter().filter_map(|e| def.question_of_field(&e.field).and_then(|q| page.get(&q.id))).min().copied().unwrap_or(0);
            let errors =
                errors.into_iter().filter(|e| def.question_of_field(&e.field).and_then(|q| page.get(&q.id)) == Some(&first)).collect();
            return section_page(state, ctx, &r, &def, first + 1, &fields, errors).await;
        }
    };
    let mut tx = state.db.begin().await?;
    match store::submit(&mut tx, &r.wave, r.territory.club_id, &r.holder, &answers, QuotaGuard::Database, ctx.now).await? {
        Submitted::Stored(_) => {
            tx.commit().await?;
            Ok(see_other(&thanks))
        }
        Submitted::AlreadyAnswered => {
            tx.rollback().await?;
            blocked_page(state, ctx, &r, Blocked::Answered, StatusCode::CONFLICT).await
        }
        Submitted::QuotaFull => {
            tx.rollback().await?;
            blocked_page(state, ctx, &r, Blocked::QuotaFull, StatusCode::CONFLICT).await
        }
    }
}

// ---- through an invitation's link ----

async fn invitation_welcome(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Query(q): Query<WelcomeQuery>,
) -> AppResult<Response> {
    let r = by_invitation(&state, &ctx, &token).await?;
    welcome(&state, &ctx, r, q.enregistre.is_some()).await
}

async fn invitation_section(State(state): State<AppState>, ctx: Ctx, Path((token, n)): Path<(String, String)>) -> AppResult<Response> {
    let n: usize = n.parse().map_err(|_| AppError::NotFound)?;
    let r = by_invitation(&state, &ctx, &token).await?;
    section(&state, &ctx, r, n).await
}

async fn invitation_save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((token, n)): Path<(String, String)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let n: usize = n.parse().map_err(|_| AppError::NotFound)?;
    let r = by_invitation(&state, &ctx, &token).await?;
    save(&state, &ctx, r, n, sent).await
}

async fn invitation_review(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let r = by_invitation(&state, &ctx, &token).await?;
    review(&state, &ctx, r).await
}

async fn invitation_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(f): Form<SubmitForm>,
) -> AppResult<Response> {
    let r = by_invitation(&state, &ctx, &token).await?;
    let thanks = r.base.clone();
    submit(&state, &ctx, r, &f.csrf, thanks).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::forms::{Condition, Kind, Question, Test};

    fn q(id: i64, condition: Option<Condition>) -> Item {
        Item::Question(Question {
            id,
            code: format!("c{id}"),
            label: format!("Q{id}"),
            help: String::new(),
            required: true,
            condition,
            kind: Kind::YesNo,
        })
    }

    fn s(t: &str) -> Item {
        Item::Section { title: t.into(), help: String::new() }
    }

    #[test]
    fn sections_start_at_each_break() {
        let def = FormDef { items: vec![s("A"), q(1, None), s("B"), q(2, None), q(3, None)] };
        assert_eq!(sections(&def), vec![0..2, 2..5]);
        let def = FormDef { items: vec![q(1, None), s("B"), q(2, None)] };
        assert_eq!(sections(&def), vec![0..1, 1..3]);
        assert_eq!(sections(&FormDef::default()), vec![0..0]);
    }

    #[test]
    fn an_earlier_page_hides_a_question_and_a_page_replaces_its_own_fields() {
        let cond = Condition { question: 1, test: Test::Equals, value: "yes".into() };
        let def = FormDef { items: vec![s("A"), q(1, None), s("B"), q(2, Some(cond)), q(3, None)] };
        let pages = sections(&def);
        let no = RawAnswers::from_fields(&[("q-1".into(), "no".into())]);
        assert_eq!(hidden_on(&def, &pages, 1, &no), vec![2]);
        let yes = RawAnswers::from_fields(&[("q-1".into(), "yes".into())]);
        assert!(hidden_on(&def, &pages, 1, &yes).is_empty());
        let kept = vec![("q-1".to_string(), "yes".to_string()), ("q-2".to_string(), "no".to_string())];
        let sent =
            vec![("q-3".to_string(), "yes".to_string()), ("q-1".to_string(), "no".to_string()), ("csrf".to_string(), "x".to_string())];
        assert_eq!(
            merge(&def, &pages, 1, &kept, &sent),
            vec![("q-1".to_string(), "yes".to_string()), ("q-3".to_string(), "yes".to_string())]
        );
    }
}
