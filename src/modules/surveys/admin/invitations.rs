//! A wave's invitations (`/admin/enquetes/{id}/vagues/{wave}/invitations`): the import from a
//! CSV or XLSX file (`core::import`) with its report of accepted and rejected lines, the list
//! with its filters (territory, state; in an anonymous wave the state says only whether the
//! link was used), and the e-mails: "Envoyer les invitations" (to those never invited) and
//! "Relancer" (to those who have not answered, invited at least N days ago) queue a job that
//! e-mails each through the outbox with their own access link (scope `surveys.invitation`,
//! subject the invitation, expiring when the wave closes); its page shows the progress.
//!
//! A send never e-mails anyone twice: each invitation is marked by a conditional UPDATE
//! (`invited_at` still empty; `reminded_at` before the round began) in the transaction that
//! queues its message, under a dedup key of the invitation and the round, so that a job run
//! again (its instance stopped) skips those already done.

use std::collections::HashSet;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::waves::wave_of;
use super::{SurveyNav, layout, manageable, mode_key};
use crate::core::access::{self, Links};
use crate::core::audit::{self, Subject};
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::{Locale, Tr};
use crate::core::import::{self, Table};
use crate::core::jobs::{self, JobError, JobKind, JobRun, NewJob};
use crate::core::mail::Mail;
use crate::core::pager::{PageLink, Pager, page_number};
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html, html_status, see_other};
use crate::modules::network::{self, Club};
use crate::modules::surveys::INVITATION_SCOPE;
use crate::modules::surveys::model::{Invitation, InvitationInput, InvitationState, Mode, Phase, Survey, Territory, Wave};
use crate::modules::surveys::store;

/// The largest file accepted.
pub const MAX_FILE: usize = 5 * 1024 * 1024;
/// The most lines an import takes.
pub const MAX_ROWS: usize = 20_000;
/// The job kind of the invitations' and reminders' e-mails.
pub const SEND_JOB: &str = "surveys.send";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/enquetes/{id}/vagues/{wave}/invitations", get(list))
        .route("/admin/enquetes/{id}/vagues/{wave}/invitations/import", post(import))
        .route("/admin/enquetes/{id}/vagues/{wave}/invitations/envoyer", post(|s, c, p, f| send(s, c, p, f, false)))
        .route("/admin/enquetes/{id}/vagues/{wave}/invitations/relancer", post(|s, c, p, f| send(s, c, p, f, true)))
        // `{job}` is the send's page, `{job}.json` its progress for the page's script.
        .route("/admin/enquetes/{id}/vagues/{wave}/envois/{job}", get(job_page))
        .layer(DefaultBodyLimit::max(MAX_FILE + 64 * 1024))
}

// ---- the import ----

/// A line of the file that is not taken: its number, the address as typed, the reason (a
/// message key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub line: usize,
    pub email: String,
    pub reason: &'static str,
}

/// What a file gives: the invitations to add (with their lines) and the lines rejected.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub accepted: Vec<(usize, InvitationInput)>,
    pub rejected: Vec<Rejected>,
}

const NAME: &[&str] = &["nom", "name", "raison sociale", "entreprise", "company"];
const EMAIL: &[&str] = &["e-mail", "email", "courriel", "mail", "adresse e-mail"];
const TERRITORY: &[&str] = &["territoire", "territory", "club"];

/// Match a file's lines against the clubs, the wave's territories and the addresses already
/// invited. The other columns are kept as attributes (empty cells left out). Err: the file
/// lacks a column it needs (a message key).
pub fn plan(table: &Table, clubs: &[Club], territories: &[i64], invited: &HashSet<String>) -> Result<Plan, &'static str> {
    let name_col = table.column(NAME);
    let email_col = table.column(EMAIL).ok_or("surveys-admin-import-error-columns")?;
    let territory_col = table.column(TERRITORY);
    if territory_col.is_none() && territories.len() != 1 {
        return Err("surveys-admin-import-error-columns");
    }
    let known: Vec<Option<usize>> = vec![name_col, Some(email_col), territory_col];
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Plan::default();
    for (line, cells) in &table.rows {
        let raw_email = Table::cell(cells, Some(email_col));
        let reject = |reason| Rejected { line: *line, email: raw_email.to_string(), reason };
        let Ok(email) = crate::core::people::parse_email(raw_email) else {
            out.rejected.push(reject("surveys-admin-reject-email"));
            continue;
        };
        let club_id = match territory_col {
            None => territories[0],
            Some(_) => {
                let t = Table::cell(cells, territory_col);
                let key = import::header_key(t);
                match clubs.iter().find(|c| !t.is_empty() && (c.slug.eq_ignore_ascii_case(t) || import::header_key(&c.name) == key)) {
                    None => {
                        out.rejected.push(reject("surveys-admin-reject-territory-unknown"));
                        continue;
                    }
                    Some(c) if !territories.contains(&c.id) => {
                        out.rejected.push(reject("surveys-admin-reject-territory-outside"));
                        continue;
                    }
                    Some(c) => c.id,
                }
            }
        };
        if invited.contains(&email) {
            out.rejected.push(reject("surveys-admin-reject-already"));
            continue;
        }
        if !seen.insert(email.clone()) {
            out.rejected.push(reject("surveys-admin-reject-duplicate"));
            continue;
        }
        let mut name = Table::cell(cells, name_col).to_string();
        if name.is_empty() {
            name = email.clone();
        }
        let name: String = name.chars().take(200).collect();
        let mut attributes = serde_json::Map::new();
        for (i, h) in table.headers.iter().enumerate() {
            let v = Table::cell(cells, Some(i));
            if known.contains(&Some(i)) || h.is_empty() || v.is_empty() {
                continue;
            }
            attributes.insert(h.chars().take(60).collect(), serde_json::Value::String(v.chars().take(500).collect()));
        }
        out.accepted.push((*line, InvitationInput { club_id, name, email, attributes }));
    }
    Ok(out)
}

/// What the page shows after an import.
pub struct Report {
    pub accepted: usize,
    pub rejected: Vec<Rejected>,
}

// ---- the page ----

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    territoire: String,
    etat: String,
    page: String,
    ok: Option<String>,
}

/// Invitations on one page of the list.
const PER_PAGE: usize = 100;

#[derive(askama::Template)]
#[template(path = "surveys/admin_invitations.html")]
struct ListPage {
    l: Layout,
    nav: SurveyNav,
    wave: Wave,
    phase: Phase,
    territories: Vec<Territory>,
    /// This page's invitations among `matching` (the filters').
    invitations: Vec<Invitation>,
    matching: usize,
    pager: Pager,
    total: usize,
    territory: String,
    state: String,
    report: Option<Report>,
    /// Why the file or a send was refused, in words.
    error: Option<String>,
    flash: Option<String>,
    /// (invited, started, answered)
    counts: (i64, i64, i64),
    never_invited: usize,
    days: String,
}

impl ListPage {
    fn anonymous(&self) -> bool {
        self.wave.mode == Mode::Anonymous
    }

    fn mode_key(&self) -> &'static str {
        mode_key(self.wave.mode)
    }

    fn can_send(&self) -> bool {
        matches!(self.phase, Phase::Scheduled | Phase::Open)
    }

    fn club_name(&self, id: &i64) -> String {
        self.territories.iter().find(|t| t.club_id == *id).map(|t| t.club_name.clone()).unwrap_or_default()
    }

    /// The state in words: in an anonymous wave, only whether the link was used.
    fn state_key(&self, s: &InvitationState) -> &'static str {
        match (self.anonymous(), s) {
            (true, InvitationState::Invited) => "surveys-admin-state-unused",
            (true, _) => "surveys-admin-state-used",
            (false, InvitationState::Invited) => "surveys-admin-state-invited",
            (false, InvitationState::Started) => "surveys-admin-state-started",
            (false, InvitationState::Answered) => "surveys-admin-state-answered",
        }
    }

    fn state_options(&self) -> Vec<(&'static str, &'static str)> {
        if self.anonymous() {
            vec![("unused", "surveys-admin-state-unused"), ("used", "surveys-admin-state-used")]
        } else {
            vec![
                ("invited", "surveys-admin-state-invited"),
                ("started", "surveys-admin-state-started"),
                ("answered", "surveys-admin-state-answered"),
            ]
        }
    }

    fn attributes(&self, i: &Invitation) -> String {
        i.attributes
            .iter()
            .map(|(k, v)| format!("{k}{} {}", self.l.tr.colon(), v.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

fn matches_state(i: &Invitation, state: &str) -> bool {
    match state {
        "invited" | "unused" => i.state == InvitationState::Invited,
        "used" => i.state != InvitationState::Invited,
        "started" => i.state == InvitationState::Started,
        "answered" => i.state == InvitationState::Answered,
        _ => true,
    }
}

#[allow(clippy::too_many_arguments)]
async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    survey: &Survey,
    wave: Wave,
    territory: String,
    filter: String,
    page: &str,
    report: Option<Report>,
    error: Option<String>,
) -> AppResult<ListPage> {
    let l = layout(state, ctx, ctx.tr.args("surveys-admin-invitations-title", &[("label", &wave.label), ("title", &survey.title)])).await?;
    let territories = store::territories(&state.db, wave.id).await?;
    let all = store::invitations(&state.db, wave.id).await?;
    let total = all.len();
    let never_invited = all.iter().filter(|i| i.invited_at.is_none() && i.state != InvitationState::Answered).count();
    let club: Option<i64> = territory.parse().ok();
    let matching: Vec<Invitation> = all.into_iter().filter(|i| club.is_none_or(|c| i.club_id == c) && matches_state(i, &filter)).collect();
    let last = matching.len().div_ceil(PER_PAGE).max(1) as i64;
    let current = page_number(page, last);
    let base = format!(
        "/admin/enquetes/{}/vagues/{}/invitations?{}",
        survey.id,
        wave.id,
        serde_urlencoded::to_string([("territoire", territory.as_str()), ("etat", filter.as_str())]).unwrap_or_default()
    );
    let pager = Pager::new(current, matching.len() as i64, PER_PAGE as i64, &base);
    let count = matching.len();
    let invitations: Vec<Invitation> = matching.into_iter().skip((current as usize - 1) * PER_PAGE).take(PER_PAGE).collect();
    audit::record(
        &state.db,
        ctx,
        "surveys.invitations.list",
        &Subject::new("survey", survey.id, &survey.title),
        &format!("wave={} rows={}", wave.id, invitations.len()),
    )
    .await?;
    let counts = store::invitation_counts(&state.db, wave.id).await?;
    Ok(ListPage {
        l,
        nav: SurveyNav::new(survey, "waves"),
        phase: wave.phase(ctx.now),
        wave,
        territories,
        invitations,
        matching: count,
        pager,
        total,
        territory,
        state: filter,
        report,
        error,
        flash: None,
        counts,
        never_invited,
        days: "7".into(),
    })
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, wave_id)): Path<(i64, i64)>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let survey = manageable(&state, ctx.staff()?, id).await?;
    let wave = wave_of(&state, &survey, wave_id).await?;
    let mut page = list_page(&state, &ctx, &survey, wave, q.territoire, q.etat, &q.page, None, None).await?;
    page.flash = match q.ok.as_deref() {
        Some("aucun") => Some(ctx.tr.t("surveys-admin-send-nobody")),
        _ => None,
    };
    html(&page)
}

async fn import(State(state): State<AppState>, ctx: Ctx, Path((id, wave_id)): Path<(i64, i64)>, mut m: Multipart) -> AppResult<Response> {
    let survey = manageable(&state, ctx.staff()?, id).await?;
    let wave = wave_of(&state, &survey, wave_id).await?;
    let (mut csrf, mut file) = (String::new(), None::<Vec<u8>>);
    while let Some(field) = m.next_field().await.map_err(|_| AppError::BadRequest("error-bad-form"))? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(|_| AppError::BadRequest("error-bad-form"))?,
            "file" => {
                let bytes = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
                if bytes.len() > MAX_FILE {
                    return Err(AppError::PayloadTooLarge);
                }
                file = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    let territories: Vec<i64> = store::territories(&state.db, wave.id).await?.into_iter().map(|t| t.club_id).collect();
    let clubs = network::list_clubs(&state.db).await?;
    let invited: HashSet<String> = store::admin::invited_emails(&state.db, wave.id).await?.into_iter().collect();
    let planned = match file.as_deref().filter(|b| !b.is_empty()) {
        None => Err("surveys-admin-import-error-no-file"),
        Some(bytes) => import::read(bytes, MAX_ROWS).and_then(|t| plan(&t, &clubs, &territories, &invited)),
    };
    let planned = match planned {
        Ok(p) => p,
        Err(key) => {
            let page = list_page(&state, &ctx, &survey, wave, String::new(), String::new(), "", None, Some(ctx.tr.t(key))).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut rejected = planned.rejected;
    let mut accepted = 0;
    let mut tx = state.db.begin().await?;
    for (line, input) in &planned.accepted {
        match store::insert_invitation(&mut tx, wave.id, input, ctx.now).await? {
            Some(_) => accepted += 1,
            // Invited meanwhile (another import at the same moment).
            None => rejected.push(Rejected { line: *line, email: input.email.clone(), reason: "surveys-admin-reject-already" }),
        }
    }
    tx.commit().await?;
    rejected.sort_by_key(|r| r.line);
    audit::record(
        &state.db,
        &ctx,
        "surveys.invitations.import",
        &Subject::new("survey", survey.id, &survey.title),
        &format!("wave={} accepted={accepted} rejected={}", wave.id, rejected.len()),
    )
    .await?;
    let report = Report { accepted, rejected };
    html(&list_page(&state, &ctx, &survey, wave, String::new(), String::new(), "", Some(report), None).await?)
}

// ---- sending ----

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct SendForm {
    csrf: String,
    jours: String,
}

/// What a send job carries.
#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    survey_id: i64,
    wave_id: i64,
    /// Reminders (else invitations).
    remind: bool,
    /// Reminders go to those invited at this time or earlier.
    invited_before: i64,
    /// When the round was asked for: who was reminded since is not reminded again.
    since: i64,
}

async fn send(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, wave_id)): Path<(i64, i64)>,
    Form(f): Form<SendForm>,
    remind: bool,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let survey = manageable(&state, user, id).await?;
    let wave = wave_of(&state, &survey, wave_id).await?;
    ctx.check_csrf(&f.csrf)?;
    if !matches!(wave.phase(ctx.now), Phase::Scheduled | Phase::Open) {
        return refuse(&state, &ctx, &survey, wave, "surveys-admin-send-not-open", f.jours).await;
    }
    let days = if remind {
        match f.jours.trim().parse::<i64>() {
            Ok(d) if (0..=365).contains(&d) => d,
            _ => return refuse(&state, &ctx, &survey, wave, "surveys-admin-error-days", f.jours).await,
        }
    } else {
        0
    };
    let invited_before = ctx.now - days * 86_400;
    let targets = if remind {
        store::admin::to_remind(&state.db, wave.id, invited_before, ctx.now + 1).await?.len()
    } else {
        store::admin::to_invite(&state.db, wave.id).await?.len()
    };
    if targets == 0 {
        return Ok(see_other(&format!("/admin/enquetes/{id}/vagues/{wave_id}/invitations?ok=aucun")));
    }
    let payload = Payload { survey_id: survey.id, wave_id: wave.id, remind, invited_before, since: ctx.now + 1 };
    let job = NewJob {
        kind: SEND_JOB,
        payload: serde_json::to_value(&payload).map_err(|e| AppError::Internal(e.into()))?,
        created_by: Some(user.user_id),
        total: targets as i64,
        ..Default::default()
    };
    let job_id = jobs::enqueue(&state, job).await?;
    let action = if remind { "surveys.invitations.remind" } else { "surveys.invitations.send" };
    audit::record(
        &state.db,
        &ctx,
        action,
        &Subject::new("survey", survey.id, &survey.title),
        &format!("wave={} job={job_id} recipients={targets}", wave.id),
    )
    .await?;
    Ok(see_other(&format!("/admin/enquetes/{id}/vagues/{wave_id}/envois/{job_id}")))
}

/// The invitations' page again, with why a send was refused and the days typed.
async fn refuse(state: &AppState, ctx: &Ctx, survey: &Survey, wave: Wave, key: &str, days: String) -> AppResult<Response> {
    let mut page = list_page(state, ctx, survey, wave, String::new(), String::new(), "", None, Some(ctx.tr.t(key))).await?;
    page.days = days;
    html_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

pub fn job_kind() -> JobKind {
    JobKind::new(SEND_JOB, "surveys-admin-job-kind", 5, run_send)
}

/// Send the round's e-mails, one transaction per person (mark, link, message), the progress
/// reported as it goes. The result counts the messages queued by this run and names the
/// invitations' page.
async fn run_send(state: AppState, run: JobRun) -> Result<serde_json::Value, JobError> {
    let p: Payload = serde_json::from_value(run.payload).map_err(|e| JobError::fatal(format!("bad payload: {e}")))?;
    let wave = store::wave(&state.db, p.wave_id).await?.ok_or_else(|| JobError::fatal("the wave no longer exists"))?;
    let survey = store::survey(&state.db, p.survey_id).await?.ok_or_else(|| JobError::fatal("the survey no longer exists"))?;
    let territories = store::territories(&state.db, wave.id).await?;
    let targets = if p.remind {
        store::admin::to_remind(&state.db, wave.id, p.invited_before, p.since).await?
    } else {
        store::admin::to_invite(&state.db, wave.id).await?
    };
    let total = targets.len() as i64;
    let links = Links::of(&state);
    let mut sent = 0;
    run.progress.set(0, total, "surveys-admin-send-running");
    for (n, inv) in targets.iter().enumerate() {
        let now = state.now();
        if wave.closes_at <= now {
            break;
        }
        let mut tx = state.db.begin().await?;
        let marked = if p.remind {
            store::admin::mark_reminded(&mut tx, inv.id, p.since, now).await?
        } else {
            store::admin::mark_invited(&mut tx, inv.id, now).await?
        };
        if marked {
            let token = match access::token_for(&mut tx, &links, INVITATION_SCOPE, inv.id).await? {
                Some(t) => t,
                None => access::issue(&mut tx, &links, INVITATION_SCOPE, inv.id, &inv.email, wave.closes_at, now).await?,
            };
            let club = territories.iter().find(|t| t.club_id == inv.club_id).map(|t| t.club_name.as_str()).unwrap_or("");
            let dedup = if p.remind {
                format!("survey-invitation:{}:reminder:{}", inv.id, run.id)
            } else {
                format!("survey-invitation:{}:invite", inv.id)
            };
            let mail = invitation_mail(&state, &survey, &wave, inv, club, &token, p.remind, dedup);
            if crate::core::mail::enqueue(&mut tx, &mail, now).await? {
                sent += 1;
            }
        }
        tx.commit().await?;
        run.progress.set(n as i64 + 1, total, "surveys-admin-send-running");
    }
    Ok(serde_json::json!({
        "sent": sent,
        "url": format!("/admin/enquetes/{}/vagues/{}/invitations", survey.id, wave.id),
    }))
}

/// The language of an invitation's e-mail: English when the import said so (a `langue`,
/// `lang` or `language` attribute starting with "en" or "angl"), else French.
pub fn locale_of(inv: &Invitation) -> Locale {
    let english = inv.attributes.iter().any(|(k, v)| {
        let v = v.as_str().unwrap_or_default().trim().to_lowercase();
        ["langue", "lang", "language"].contains(&import::header_key(k).as_str()) && (v.starts_with("en") || v.starts_with("angl"))
    });
    if english { Locale::En } else { Locale::Fr }
}

/// An invitation's or a reminder's e-mail: the survey, the territory's club, the closing
/// date, the mode's promise, and the person's own link.
#[allow(clippy::too_many_arguments)]
pub fn invitation_mail(
    state: &AppState,
    survey: &Survey,
    wave: &Wave,
    inv: &Invitation,
    club: &str,
    token: &str,
    remind: bool,
    dedup_key: String,
) -> Mail {
    let tr: Tr = state.tr(locale_of(inv));
    let lead = if remind { "surveys-admin-mail-reminder-lead" } else { "surveys-admin-mail-invite-lead" };
    let promise = match wave.mode {
        Mode::Anonymous => "surveys-admin-mail-promise-anonymous",
        Mode::Pseudonymous => "surveys-admin-mail-promise-pseudonymous",
        Mode::Identified => "surveys-admin-mail-promise-identified",
    };
    let text = format!(
        "{}\n\n{}\n\n{}\n\n{}\n\n{}\n",
        tr.args(lead, &[("name", &inv.name), ("survey", &survey.title), ("club", club)]),
        state.absolute(&format!("/enquetes/reponse/{token}")),
        tr.a("surveys-admin-mail-closes", "date", &tr.datetime(wave.closes_at)),
        tr.a(promise, "club", club),
        tr.a("surveys-admin-mail-footer", "club", club),
    );
    let subject = if remind { "surveys-admin-mail-reminder-subject" } else { "surveys-admin-mail-invite-subject" };
    Mail { dedup_key, to: inv.email.clone(), subject: tr.a(subject, "survey", &survey.title), text, html: None, ics: None }
}

// ---- the send's page ----

#[derive(askama::Template)]
#[template(path = "surveys/admin_send.html")]
struct JobPage {
    l: Layout,
    nav: SurveyNav,
    wave: Wave,
    job: jobs::Job,
    remind: bool,
    text: String,
    sent: Option<i64>,
}

/// The job's state in words.
fn job_text(ctx: &Ctx, job: &jobs::Job) -> String {
    match job.status.as_str() {
        "done" => ctx.tr.a("surveys-admin-send-done", "count", &job.result_json()["sent"].as_i64().unwrap_or(0).to_string()),
        "failed" => ctx.tr.t("surveys-admin-send-failed"),
        "cancelled" => ctx.tr.t("surveys-admin-send-cancelled"),
        "queued" => ctx.tr.t("surveys-admin-send-queued"),
        _ => ctx
            .tr
            .args("surveys-admin-send-progress", &[("done", &job.progress_done.to_string()), ("total", &job.progress_total.to_string())]),
    }
}

async fn job_page(State(state): State<AppState>, ctx: Ctx, Path((id, wave_id, job)): Path<(i64, i64, String)>) -> AppResult<Response> {
    let survey = manageable(&state, ctx.staff()?, id).await?;
    let wave = wave_of(&state, &survey, wave_id).await?;
    let (job_id, json) = match job.strip_suffix(".json") {
        Some(n) => (n, true),
        None => (job.as_str(), false),
    };
    let job_id: i64 = job_id.parse().map_err(|_| AppError::NotFound)?;
    let job = jobs::get(&state.db, job_id).await?.filter(|j| j.kind == SEND_JOB).ok_or(AppError::NotFound)?;
    let payload: serde_json::Value = serde_json::from_str(&job.payload).unwrap_or_default();
    if payload["wave_id"].as_i64() != Some(wave.id) {
        return Err(AppError::NotFound);
    }
    let text = job_text(&ctx, &job);
    if json {
        let status = jobs::JobStatus {
            status: job.status.clone(),
            processed: job.progress_done,
            total: job.progress_total,
            percent: job.percent(),
            text,
        };
        return Ok(Json(status).into_response());
    }
    let mut l = layout(&state, &ctx, ctx.tr.args("surveys-admin-send-title", &[("label", &wave.label), ("title", &survey.title)])).await?;
    l.refresh = if job.active() { 2 } else { 0 };
    let remind = payload["remind"].as_bool().unwrap_or(false);
    let sent = (job.status == "done").then(|| job.result_json()["sent"].as_i64().unwrap_or(0));
    html(&JobPage { l, nav: SurveyNav::new(&survey, "waves"), wave, job, remind, text, sent })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn club(id: i64, slug: &str, name: &str) -> Club {
        Club { id, slug: slug.into(), name: name.into(), ..Default::default() }
    }

    #[test]
    fn an_import_says_why_each_line_is_rejected() {
        let clubs = vec![club(1, "lyon", "Club de Lyon"), club(2, "nantes", "Club de Nantes"), club(3, "lille", "Club de Lille")];
        let csv = "nom;e-mail;territoire;secteur\n\
                   Acme;acme@ex.fr;lyon;Industrie\n\
                   Bad;pas-une-adresse;lyon;\n\
                   Ghost;ghost@ex.fr;Marseille;\n\
                   Out;out@ex.fr;lille;\n\
                   Twice;ACME@ex.fr;Club de Lyon;\n\
                   Old;old@ex.fr;nantes;\n\
                   Beta;beta@ex.fr;Club de Nantes;Services\n";
        let table = import::read(csv.as_bytes(), 100).unwrap();
        let invited: HashSet<String> = ["old@ex.fr".to_string()].into();
        let p = plan(&table, &clubs, &[1, 2], &invited).unwrap();
        let reasons: Vec<(usize, &str)> = p.rejected.iter().map(|r| (r.line, r.reason)).collect();
        assert_eq!(
            reasons,
            vec![
                (3, "surveys-admin-reject-email"),
                (4, "surveys-admin-reject-territory-unknown"),
                (5, "surveys-admin-reject-territory-outside"),
                (6, "surveys-admin-reject-duplicate"),
                (7, "surveys-admin-reject-already"),
            ]
        );
        assert_eq!(p.accepted.len(), 2);
        assert_eq!(p.accepted[0].1.club_id, 1);
        assert_eq!(p.accepted[0].1.attributes["secteur"], "Industrie");
        assert_eq!(p.accepted[1].1.club_id, 2);
        let no_email = import::read(b"nom;territoire\nA;lyon", 10).unwrap();
        assert_eq!(plan(&no_email, &clubs, &[1], &invited), Err("surveys-admin-import-error-columns"));
    }

    #[test]
    fn the_language_attribute_chooses_english_mail() {
        let mut inv = Invitation {
            id: 1,
            wave_id: 1,
            club_id: 1,
            name: "A".into(),
            email: "a@ex.fr".into(),
            attributes: Default::default(),
            state: InvitationState::Invited,
            invited_at: None,
            reminded_at: None,
            reminders: 0,
            created_at: 0,
        };
        assert_eq!(locale_of(&inv), Locale::Fr);
        inv.attributes.insert("Langue".into(), "Anglais".into());
        assert_eq!(locale_of(&inv), Locale::En);
        inv.attributes.insert("Langue".into(), "fr".into());
        assert_eq!(locale_of(&inv), Locale::Fr);
    }
}
