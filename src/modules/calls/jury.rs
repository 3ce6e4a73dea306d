//! The jurors' pages (`/appels/jury/{token}`, an access link of scope `calls::JUROR_SCOPE`,
//! never cached, in the juror's language) and the jury's operations the back office and the
//! tests call: invitation, automatic and manual assignment with automatic conflicts,
//! withdrawal with replacement, reminders, and `counted_reviews`, the only reviews a ranking
//! may use.
//!
//! - First the conflict-of-interest declaration: every assignment not yet declared is listed
//!   (title, and organisation unless the stage hides it); nothing else opens until each is
//!   answered. A declared conflict recuses the juror from that application (audit log
//!   `calls.jury.recusal`).
//! - Then the queue (assignments not in conflict, with their state and the deadline), and
//!   each application with its review form. An application in conflict (declared or
//!   automatic), or not assigned, is a 404, its files too.
//! - A blind stage's hidden fields never reach the template: the page's view is built
//!   without them (`Dossier::new`).
//! - Other jurors' scores and notes are read only once the juror's own review of that
//!   application is submitted: before, they are not loaded at all.
//! - A withdrawn juror's link is revoked; their submitted reviews stay in the database but
//!   no longer count, and every one of their applications is given a replacement juror
//!   (`assign::replacement`).

use std::collections::{BTreeMap, HashSet};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::model::{Assignment, CONFLICT_AUTOMATIC, CONFLICT_DECLARED, CONFLICT_NONE, Criterion, Juror, Review, Stage};
pub use super::store::jury::{JuryApplication, QueueItem};
use super::{JUROR_SCOPE, assign, store};
use crate::core::access::{self, Links};
use crate::core::audit;
use crate::core::db::Db;
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::forms::{self, Answer};
use crate::core::i18n::{Locale, Tr};
use crate::core::mail::Mail;
use crate::core::module::BoxFuture;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, html, html_status, see_other};
use crate::modules::network::public_layout;

/// How long before a stage's review deadline jurors with work left are reminded.
pub const REMINDER_BEFORE: i64 = 48 * 3600;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/appels/jury/{token}", get(home).post(declare))
        .route("/appels/jury/{token}/dossiers/{application}", get(dossier).post(review))
        .route("/appels/jury/{token}/dossiers/{application}/fichiers/{file}", get(file))
        .route("/appels/jury/{token}/dossiers/{application}/conflit", get(confirm_recusal).post(recuse))
}

// ---- what other parts call ----

/// The submitted reviews of a stage that count for its ranking: not in conflict (declared or
/// automatic), the juror not withdrawn; by assignment id. The ranking uses these and no
/// other reviews (read lean by [`counted_scores`]).
pub async fn counted_reviews(db: &Db, stage_id: i64) -> Result<Vec<(Assignment, Review)>, sqlx::Error> {
    Ok(store::jury::counted(db, stage_id, None).await?.into_iter().map(|(a, _, r)| (a, r)).collect())
}

/// The scores of [`counted_reviews`] alone, in one query (the ranking reads these):
/// (juror, application, score by criterion) in the order of the assignments.
pub async fn counted_scores(db: &Db, stage_id: i64) -> Result<Vec<(i64, i64, std::collections::BTreeMap<i64, i64>)>, sqlx::Error> {
    store::jury::counted_scores(db, stage_id).await
}

/// Whether a juror is in conflict with an application by the facts alone: the juror's
/// organisation is the applicant's (case, accents, spaces and punctuation ignored), or the
/// juror's e-mail is the applicant's.
pub fn automatic_conflict(juror: &Juror, application: &JuryApplication) -> bool {
    let org = |s: &str| crate::core::i18n::fold(s).chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let (a, b) = (org(&juror.organisation), org(&application.org_name));
    (!a.is_empty() && a == b) || access::normalise_email(&juror.email) == access::normalise_email(&application.email)
}

/// A juror's language (the site's default when unknown).
fn juror_tr(state: &AppState, juror: &Juror, fallback: Locale) -> Tr {
    state.tr(Locale::parse(&juror.lang).unwrap_or(fallback))
}

fn juror_link_expiry(stage: &Stage, now: i64) -> i64 {
    stage.review_deadline.unwrap_or(now).max(now) + 180 * 86_400
}

/// Invite a juror: their access link (issued once, the same link afterwards) e-mailed through
/// the outbox in their language. `again` sends a new e-mail even if one was sent (a distinct
/// dedup key per hour). False when the juror is withdrawn.
pub async fn invite(state: &AppState, juror_id: i64, again: bool, now: i64) -> Result<bool, AppError> {
    let juror = store::juror(&state.db, juror_id).await?.ok_or(AppError::NotFound)?;
    if juror.withdrawn_at.is_some() {
        return Ok(false);
    }
    let stage = store::stage(&state.db, juror.stage_id).await?.ok_or(AppError::NotFound)?;
    let call = store::call_by_id(&state.db, stage.call_id).await?.ok_or(AppError::NotFound)?;
    let tr = juror_tr(state, &juror, Locale::Fr);
    let links = Links::of(state);
    let mut tx = state.db.begin().await?;
    let token = match access::token_for(&mut tx, &links, JUROR_SCOPE, juror.id).await? {
        Some(t) => t,
        None => access::issue(&mut tx, &links, JUROR_SCOPE, juror.id, &juror.email, juror_link_expiry(&stage, now), now).await?,
    };
    let deadline = stage.review_deadline.map(|d| tr.a("calls-jury-mail-deadline", "date", &tr.datetime(d))).unwrap_or_default();
    let text = format!(
        "{}\n\n{}\n\n{}\n{}\n",
        tr.args("calls-jury-mail-invite-lead", &[("name", &juror.name), ("call", &call.title), ("stage", &stage.name)]),
        state.absolute(&format!("/appels/jury/{token}")),
        deadline,
        tr.t("calls-jury-mail-footer"),
    );
    let dedup_key =
        if again { format!("call-juror:{}:invitation:{}", juror.id, now / 3600) } else { format!("call-juror:{}:invitation", juror.id) };
    let m = Mail {
        dedup_key,
        to: juror.email.clone(),
        subject: tr.a("calls-jury-mail-invite-subject", "call", &call.title),
        text,
        html: None,
        ics: None,
    };
    crate::core::mail::enqueue(&mut tx, &m, now).await?;
    store::jury::mark_invited(&mut tx, juror.id, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// "Relancer": an e-mail now to a juror who has reviews left (at most one an hour; none when
/// nothing is left). Returns whether one was queued.
pub async fn nudge(state: &AppState, juror_id: i64, now: i64) -> Result<bool, AppError> {
    let juror = store::juror(&state.db, juror_id).await?.ok_or(AppError::NotFound)?;
    if juror.withdrawn_at.is_some() || store::jury::unsubmitted_count(&state.db, juror.id).await? == 0 {
        return Ok(false);
    }
    let stage = store::stage(&state.db, juror.stage_id).await?.ok_or(AppError::NotFound)?;
    let call = store::call_by_id(&state.db, stage.call_id).await?.ok_or(AppError::NotFound)?;
    let m =
        reminder_mail(state, &juror, &call.title, stage.review_deadline, format!("call-juror:{}:nudge:{}", juror.id, now / 3600)).await?;
    let mut tx = state.db.begin().await?;
    let queued = crate::core::mail::enqueue(&mut tx, &m, now).await?;
    tx.commit().await?;
    Ok(queued)
}

async fn reminder_mail(
    state: &AppState,
    juror: &Juror,
    call_title: &str,
    deadline: Option<i64>,
    dedup_key: String,
) -> Result<Mail, AppError> {
    let tr = juror_tr(state, juror, Locale::Fr);
    let left = store::jury::unsubmitted_count(&state.db, juror.id).await?;
    let mut tx = state.db.begin().await?;
    let token = access::token_for(&mut tx, &Links::of(state), JUROR_SCOPE, juror.id).await?;
    tx.rollback().await?;
    let link = token.map(|t| state.absolute(&format!("/appels/jury/{t}"))).unwrap_or_default();
    let deadline = deadline.map(|d| tr.a("calls-jury-mail-deadline", "date", &tr.datetime(d))).unwrap_or_default();
    let text = format!(
        "{}\n\n{}\n\n{}\n{}\n",
        tr.args("calls-jury-mail-reminder-lead", &[("name", &juror.name), ("call", call_title), ("left", &left.to_string())]),
        link,
        deadline,
        tr.t("calls-jury-mail-footer"),
    );
    Ok(Mail {
        dedup_key,
        to: juror.email.clone(),
        subject: tr.a("calls-jury-mail-reminder-subject", "call", call_title),
        text,
        html: None,
        ics: None,
    })
}

/// The automatic reminder: each juror with reviews left, at most `REMINDER_BEFORE` before
/// their stage's deadline, is reminded once (a conditional UPDATE of `reminded_at` and the
/// mail's dedup key `call-juror:{id}:reminder`, so two runs or two instances send one).
/// Returns how many were queued by this run.
pub async fn send_reminders(state: &AppState) -> anyhow::Result<usize> {
    let now = state.now();
    let mut sent = 0;
    for (juror, title, deadline) in store::jury::due_reminders(&state.db, now, REMINDER_BEFORE).await? {
        let m = reminder_mail(state, &juror, &title, Some(deadline), format!("call-juror:{}:reminder", juror.id))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut tx = state.db.begin().await?;
        if store::jury::claim_reminder(&mut tx, juror.id, &m, now).await? {
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// The `Periodic` entry's function (`Periodic::every("calls.jury-reminders", 300, 60, calls::jury::queue_reminders)`).
pub fn queue_reminders(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        send_reminders(state).await?;
        Ok(())
    })
}

/// Assign `juror_id` to `application_id` by hand; the conflict is computed now (an
/// automatic conflict is recorded as such and the juror never sees the application).
/// `None` when already assigned or the application is not assignable to this stage.
pub async fn assign_by_hand(
    state: &AppState,
    stage: &Stage,
    application_id: i64,
    juror_id: i64,
    now: i64,
) -> Result<Option<i64>, AppError> {
    let first = store::jury::is_first_jury_stage(&state.db, stage).await?;
    let apps = store::jury::assignable(&state.db, stage, first).await?;
    let Some(app) = apps.iter().find(|a| a.id == application_id) else { return Ok(None) };
    let juror = store::juror(&state.db, juror_id).await?.filter(|j| j.stage_id == stage.id && j.withdrawn_at.is_none());
    let Some(juror) = juror else { return Ok(None) };
    let conflict = if automatic_conflict(&juror, app) { CONFLICT_AUTOMATIC } else { "unknown" };
    let mut tx = state.db.begin().await?;
    let id = store::insert_assignment(&mut tx, stage.id, app.id, juror.id, "manual", conflict, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// "Répartir automatiquement": give each assignable application k jurors (the stage's
/// `jurors_per_application`, counting those it has that count), never a pair in automatic
/// conflict, loads within one, with a seed derived from the stage's id (the same input gives
/// the same assignment). Returns how many assignments were made, or the application that
/// cannot have k jurors.
pub async fn assign_automatically(state: &AppState, stage: &Stage, now: i64) -> Result<Result<usize, assign::AssignError>, AppError> {
    let first = store::jury::is_first_jury_stage(&state.db, stage).await?;
    let apps = store::jury::assignable(&state.db, stage, first).await?;
    let jurors: Vec<Juror> = store::jurors(&state.db, stage.id).await?.into_iter().filter(|j| j.withdrawn_at.is_none()).collect();
    let juror_ids: Vec<i64> = jurors.iter().map(|j| j.id).collect();
    let mut tx = state.db.begin().await?;
    store::jury::lock_stage(&mut tx, stage.id).await?;
    let existing_rows = store::jury::assignments_tx(&mut tx, stage.id).await?;
    let (conflicts, existing) = conflicts_and_existing(&apps, &jurors, &existing_rows);
    let app_ids: Vec<i64> = apps.iter().map(|a| a.id).collect();
    let k = usize::try_from(stage.jurors_per_application).unwrap_or(1);
    let pairs = match assign::automatic(&app_ids, &juror_ids, k, &conflicts, &existing, assign::stage_seed(stage.id)) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let mut n = 0;
    for (a, j) in &pairs {
        if store::insert_assignment(&mut tx, stage.id, *a, *j, "automatic", "unknown", now).await?.is_some() {
            n += 1;
        }
    }
    tx.commit().await?;
    Ok(Ok(n))
}

/// (application, juror) pairs.
type Pairs = HashSet<(i64, i64)>;

/// The pairs in conflict (automatic by the facts, or recorded so: declared or automatic, and
/// every pair already assigned, so that nobody is given an application twice) and the
/// existing assignments that count toward k (not in conflict, juror active).
fn conflicts_and_existing(apps: &[JuryApplication], jurors: &[Juror], existing: &[Assignment]) -> (Pairs, Vec<(i64, i64)>) {
    let active: HashSet<i64> = jurors.iter().map(|j| j.id).collect();
    let mut conflicts = HashSet::new();
    for a in apps {
        for j in jurors {
            if automatic_conflict(j, a) {
                conflicts.insert((a.id, j.id));
            }
        }
    }
    let mut counting = vec![];
    for s in existing {
        if s.in_conflict() || !active.contains(&s.juror_id) {
            conflicts.insert((s.application_id, s.juror_id));
        } else {
            counting.push((s.application_id, s.juror_id));
        }
    }
    (conflicts, counting)
}

/// Withdraw a juror: their link revoked, their assignments kept (their submitted reviews stay
/// but no longer count) and each of their applications given another juror (`source =
/// 'replacement'`), conflicts and balance kept. Returns the replacements made, or the
/// application that cannot be covered (then nothing changes).
pub async fn withdraw(state: &AppState, stage: &Stage, juror_id: i64, now: i64) -> Result<Result<usize, assign::AssignError>, AppError> {
    let all = store::jurors(&state.db, stage.id).await?;
    let Some(gone) = all.iter().find(|j| j.id == juror_id && j.withdrawn_at.is_none()) else { return Ok(Ok(0)) };
    let remaining: Vec<Juror> = all.iter().filter(|j| j.withdrawn_at.is_none() && j.id != gone.id).cloned().collect();
    let first = store::jury::is_first_jury_stage(&state.db, stage).await?;
    let apps = store::jury::assignable(&state.db, stage, first).await?;
    let mut tx = state.db.begin().await?;
    store::jury::lock_stage(&mut tx, stage.id).await?;
    let existing_rows = store::jury::assignments_tx(&mut tx, stage.id).await?;
    let theirs: Vec<i64> = existing_rows.iter().filter(|s| s.juror_id == gone.id && !s.in_conflict()).map(|s| s.application_id).collect();
    let theirs_apps: Vec<JuryApplication> = apps.into_iter().filter(|a| theirs.contains(&a.id)).collect();
    let (conflicts, existing) = conflicts_and_existing(&theirs_apps, &remaining, &existing_rows);
    let ids: Vec<i64> = remaining.iter().map(|j| j.id).collect();
    let to_replace: Vec<i64> = theirs_apps.iter().map(|a| a.id).collect();
    let k = usize::try_from(stage.jurors_per_application).unwrap_or(1);
    let pairs =
        match assign::replacement(gone.id, &to_replace, &ids, k, &conflicts, &existing, assign::stage_seed(stage.id) ^ gone.id as u64) {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
    if !store::jury::mark_withdrawn(&mut tx, gone.id, now).await? {
        return Ok(Ok(0));
    }
    access::revoke_subjects(&mut tx, JUROR_SCOPE, &[gone.id], now).await?;
    let mut n = 0;
    for (a, j) in &pairs {
        if store::insert_assignment(&mut tx, stage.id, *a, *j, "replacement", "unknown", now).await?.is_some() {
            n += 1;
        }
    }
    tx.commit().await?;
    Ok(Ok(n))
}

/// Describes this scope's access links for `/acces`: the call, the stage and "jury".
pub fn describe_link<'a>(state: &'a AppState, tr: &'a Tr, subject: i64, token: &'a str) -> access::DescribeFuture<'a> {
    Box::pin(async move {
        let Some(juror) = store::juror(&state.db, subject).await? else { return Ok(None) };
        if juror.withdrawn_at.is_some() {
            return Ok(None);
        }
        let Some(stage) = store::stage(&state.db, juror.stage_id).await? else { return Ok(None) };
        let Some(call) = store::call_by_id(&state.db, stage.call_id).await? else { return Ok(None) };
        Ok(Some(access::Described {
            label: tr.args("calls-jury-link-label", &[("call", &call.title), ("stage", &stage.name)]),
            path: format!("/appels/jury/{token}"),
        }))
    })
}

// ---- the juror's pages ----

/// The juror an access link opens, with their stage and language.
struct Opened {
    juror: Juror,
    stage: Stage,
    call_title: String,
    tr: Tr,
}

async fn open(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<Opened> {
    let id = access::open(state, &ctx.ip, token, JUROR_SCOPE, ctx.now).await?;
    let juror = store::juror(&state.db, id).await?.filter(|j| j.withdrawn_at.is_none()).ok_or(AppError::LinkGone)?;
    let stage = store::stage(&state.db, juror.stage_id).await?.ok_or(AppError::LinkGone)?;
    let call = store::call_by_id(&state.db, stage.call_id).await?.ok_or(AppError::LinkGone)?;
    let tr = juror_tr(state, &juror, ctx.tr.locale);
    Ok(Opened { juror, stage, call_title: call.title, tr })
}

async fn layout(state: &AppState, ctx: &Ctx, o: &Opened, title: String) -> AppResult<Layout> {
    let mut l = public_layout(state, ctx, title).await?;
    l.tr = o.tr.clone();
    l.noindex = true;
    l.section = "calls";
    Ok(l)
}

/// A line of the declaration page or the queue, with only what the stage lets jurors see.
pub struct Line {
    pub assignment_id: i64,
    pub application_id: i64,
    pub title: String,
    /// `None` when the stage hides the organisation.
    pub organisation: Option<String>,
    /// `todo`, `draft` or `submitted`.
    pub state: &'static str,
    /// The declaration's radio value when the page comes back with errors.
    pub answer: String,
}

fn line(stage: &Stage, q: QueueItem) -> Line {
    Line {
        assignment_id: q.assignment.id,
        application_id: q.application.id,
        title: q.application.project_title,
        organisation: (!stage.hides("organisation")).then_some(q.application.org_name),
        state: q.state,
        answer: String::new(),
    }
}

#[derive(askama::Template)]
#[template(path = "calls/jury_declare.html")]
struct DeclarePage {
    l: Layout,
    token: String,
    call_title: String,
    stage_name: String,
    lines: Vec<Line>,
    errors: FormErrors,
}

impl DeclarePage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.0.iter().map(|e| (e.field.clone(), self.l.t(&e.message))).collect()
    }
}

#[derive(askama::Template)]
#[template(path = "calls/jury_queue.html")]
struct QueuePage {
    l: Layout,
    token: String,
    juror_name: String,
    stage_name: String,
    deadline: Option<i64>,
    lines: Vec<Line>,
    done: usize,
}

async fn home(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let o = open(&state, &ctx, &token).await?;
    let items = store::jury::queue(&state.db, o.juror.id).await?;
    let undeclared: Vec<QueueItem> = items.iter().filter(|q| q.assignment.conflict == "unknown").cloned().collect();
    if !undeclared.is_empty() {
        let lines = undeclared.into_iter().map(|q| line(&o.stage, q)).collect();
        return declare_page(&state, &ctx, &o, &token, lines, FormErrors::default(), StatusCode::OK).await;
    }
    let lines: Vec<Line> = items.into_iter().filter(|q| !q.assignment.in_conflict()).map(|q| line(&o.stage, q)).collect();
    let done = lines.iter().filter(|l| l.state == "submitted").count();
    let l = layout(&state, &ctx, &o, o.tr.a("calls-jury-queue-title", "call", &o.call_title)).await?;
    let page = QueuePage {
        l,
        token,
        juror_name: o.juror.name.clone(),
        stage_name: o.stage.name.clone(),
        deadline: o.stage.review_deadline,
        lines,
        done,
    };
    html(&page).map(access::no_store)
}

async fn declare_page(
    state: &AppState,
    ctx: &Ctx,
    o: &Opened,
    token: &str,
    lines: Vec<Line>,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let l = layout(state, ctx, o, o.tr.a("calls-jury-declare-title", "call", &o.call_title)).await?;
    let page =
        DeclarePage { l, token: token.to_string(), call_title: o.call_title.clone(), stage_name: o.stage.name.clone(), lines, errors };
    html_status(status, &page).map(access::no_store)
}

/// The declaration: `d-{assignment}` = `none` or `declared` for each undeclared assignment.
async fn declare(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let csrf = pairs.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
    ctx.check_csrf(csrf)?;
    let o = open(&state, &ctx, &token).await?;
    let items = store::jury::queue(&state.db, o.juror.id).await?;
    let undeclared: Vec<QueueItem> = items.into_iter().filter(|q| q.assignment.conflict == "unknown").collect();
    let mut errors = FormErrors::default();
    let mut answers = vec![];
    let mut lines = vec![];
    for q in undeclared {
        let field = format!("d-{}", q.assignment.id);
        let given = pairs.iter().rev().find(|(k, _)| *k == field).map(|(_, v)| v.as_str()).unwrap_or("");
        match given {
            CONFLICT_NONE | CONFLICT_DECLARED => answers.push((q.assignment.id, q.application.id, given.to_string())),
            _ => errors.0.push(FieldError { field: field.clone(), message: "calls-jury-error-declare".into() }),
        }
        let mut ln = line(&o.stage, q);
        ln.answer = given.to_string();
        lines.push(ln);
    }
    if !errors.is_empty() {
        return declare_page(&state, &ctx, &o, &token, lines, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let mut tx = state.db.begin().await?;
    let mut recused = vec![];
    for (assignment, application, answer) in &answers {
        if store::declare(&mut tx, *assignment, answer, ctx.now).await? && answer == CONFLICT_DECLARED {
            recused.push(*application);
        }
    }
    tx.commit().await?;
    for application in recused {
        record_recusal(&state, &ctx, &o, application).await?;
    }
    Ok(see_other(&format!("/appels/jury/{token}")))
}

/// The audit log's record of a juror's recusal from an application.
async fn record_recusal(state: &AppState, ctx: &Ctx, o: &Opened, application: i64) -> AppResult<()> {
    let actor_name = format!("juror:{}", o.juror.id);
    let actor = audit::Actor { user_id: None, name: &actor_name, ip: &ctx.ip, at: ctx.now };
    let label = format!("stage:{}", o.stage.id);
    audit::record(
        &state.db,
        actor,
        "calls.jury.recusal",
        &audit::Subject::new("call_application", application, &label),
        &format!("juror={}", o.juror.id),
    )
    .await?;
    Ok(())
}

#[derive(askama::Template)]
#[template(path = "calls/jury_recuse.html")]
struct RecusePage {
    l: Layout,
    token: String,
    application_id: i64,
    project_title: String,
}

/// "I have a conflict with this application after all": a confirmation page.
async fn confirm_recusal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((token, application_id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let o = open(&state, &ctx, &token).await?;
    let Ok((_, application)) = usable_assignment(&state, &o, application_id).await? else {
        return Ok(access::no_store(see_other(&format!("/appels/jury/{token}"))));
    };
    let l = layout(&state, &ctx, &o, o.tr.t("calls-jury-recuse-title")).await?;
    let page = RecusePage { l, token, application_id, project_title: application.project_title };
    html(&page).map(access::no_store)
}

/// A conflict declared after the first declaration (even after the review was sent): the
/// juror is recused from the application, which leaves their queue, and their review no
/// longer counts. Recorded in the audit log.
async fn recuse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((token, application_id)): Path<(String, i64)>,
    Form(f): Form<RecuseForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let o = open(&state, &ctx, &token).await?;
    let Ok((assignment, _)) = usable_assignment(&state, &o, application_id).await? else {
        return Ok(access::no_store(see_other(&format!("/appels/jury/{token}"))));
    };
    let mut tx = state.db.begin().await?;
    let done = store::declare(&mut tx, assignment.id, CONFLICT_DECLARED, ctx.now).await?;
    tx.commit().await?;
    if done {
        record_recusal(&state, &ctx, &o, application_id).await?;
    }
    Ok(see_other(&format!("/appels/jury/{token}")))
}

#[derive(serde::Deserialize, Default)]
struct RecuseForm {
    #[serde(default)]
    csrf: String,
}

/// The assignment behind a dossier page: 404 unless assigned and not in conflict; the
/// declaration first (a redirect) while any assignment is undeclared.
async fn usable_assignment(state: &AppState, o: &Opened, application_id: i64) -> AppResult<Result<(Assignment, JuryApplication), ()>> {
    let items = store::jury::queue(&state.db, o.juror.id).await?;
    let Some(q) = items.iter().find(|q| q.application.id == application_id) else { return Err(AppError::NotFound) };
    if q.assignment.in_conflict() {
        return Err(AppError::NotFound);
    }
    if items.iter().any(|q| q.assignment.conflict == "unknown") {
        return Ok(Err(()));
    }
    Ok(Ok((q.assignment.clone(), q.application.clone())))
}

/// One fact of the dossier: (label key, value).
type Fact = (&'static str, String);

/// What a juror sees of an application: only the fields the stage does not hide.
struct Dossier {
    facts: Vec<Fact>,
    /// The form's answers: (question, answer in words).
    answers: Vec<(String, String)>,
    /// (file id, name, size) — empty when the stage hides files.
    files: Vec<(i64, String, i64)>,
    files_hidden: bool,
}

impl Dossier {
    async fn new(state: &AppState, tr: &Tr, stage: &Stage, application_id: i64) -> AppResult<Dossier> {
        let a = store::application(&state.db, application_id).await?.ok_or(AppError::NotFound)?;
        let f = &a.fields;
        let mut facts: Vec<Fact> =
            vec![("calls-jury-fact-project", f.project_title.clone()), ("calls-jury-fact-summary", f.summary.clone())];
        if let Some(r) = &a.reference {
            facts.insert(0, ("calls-jury-fact-reference", r.clone()));
        }
        if !stage.hides("organisation") {
            facts.push(("calls-jury-fact-organisation", f.org_name.clone()));
            facts.push(("calls-jury-fact-legal-form", f.org_legal_form.clone()));
            let address = [f.org_address.as_str(), f.org_postcode.as_str(), f.org_town.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            facts.push(("calls-jury-fact-address", address));
        }
        if !stage.hides("names") {
            facts.push(("calls-jury-fact-contact", f.contact_name.clone()));
        }
        if !stage.hides("emails") {
            facts.push(("calls-jury-fact-email", a.email.clone()));
        }
        if !stage.hides("siret") {
            facts.push(("calls-jury-fact-siret", f.org_siret.clone()));
            facts.push(("calls-jury-fact-rna", f.org_rna.clone()));
        }
        facts.push(("calls-jury-fact-url", f.project_url.clone()));
        facts.push(("calls-jury-fact-video", f.video_url.clone()));
        facts.retain(|(_, v)| !v.trim().is_empty());
        let mut answers = vec![];
        let owner = format!("calls:{}", a.call_id);
        if let (Some(form), Some((_, typed))) = (
            forms::store::get(&state.db, &owner).await?,
            forms::store::response(&state.db, &owner, &format!("application:{}", a.id)).await?,
        ) {
            for t in typed {
                let hidden = match &t.answer {
                    Answer::File(_) => stage.hides("files"),
                    Answer::Email(_) => stage.hides("emails"),
                    _ => false,
                };
                if hidden {
                    continue;
                }
                let label = form.def.question(t.question).map(|q| q.label.clone()).unwrap_or_else(|| t.code.clone());
                answers.push((label, forms::view::answer_text(tr, &form.def, t.question, &t.answer)));
            }
        }
        let files_hidden = stage.hides("files");
        let files = if files_hidden { vec![] } else { store::jury::files(&state.db, a.id).await? };
        Ok(Dossier { facts, answers, files, files_hidden })
    }
}

/// A peer's submitted review, shown once one's own is submitted.
struct Peer {
    name: String,
    review: Review,
}

#[derive(askama::Template)]
#[template(path = "calls/jury_dossier.html")]
struct DossierPage {
    l: Layout,
    token: String,
    application_id: i64,
    stage: Stage,
    dossier: Dossier,
    criteria: Vec<Criterion>,
    review: Review,
    /// What was typed when the page comes back with errors: field -> value.
    typed: BTreeMap<String, String>,
    errors: FormErrors,
    /// `None` until the juror's own review is submitted (then not even loaded).
    peers: Option<Vec<Peer>>,
    saved: bool,
}

impl DossierPage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.0.iter().map(|e| (e.field.clone(), self.l.t(&e.message))).collect()
    }

    /// The value of a field: what was typed, else the stored review's.
    fn value(&self, field: &str) -> String {
        if let Some(v) = self.typed.get(field) {
            return v.clone();
        }
        match field {
            "confidence" => self.review.confidence.map(|c| c.to_string()).unwrap_or_default(),
            "jury_note" => self.review.jury_note.clone(),
            "feedback" => self.review.feedback.clone(),
            f => f
                .strip_prefix("s-")
                .and_then(|id| id.parse::<i64>().ok())
                .and_then(|id| self.review.scores.get(&id))
                .map(|s| s.to_string())
                .unwrap_or_default(),
        }
    }

    fn levels(&self, c: &Criterion) -> Vec<(i64, String)> {
        (self.stage.scale_min..=self.stage.scale_max).map(|v| (v, c.levels.get(&v).cloned().unwrap_or_default())).collect()
    }

    fn score_of(&self, review: &Review, criterion: &i64) -> String {
        review.scores.get(criterion).map(|s| s.to_string()).unwrap_or_else(|| "–".into())
    }
}

#[derive(serde::Deserialize, Default)]
struct SavedQuery {
    enregistre: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn dossier_page(
    state: &AppState,
    ctx: &Ctx,
    o: &Opened,
    token: &str,
    assignment: &Assignment,
    application: &JuryApplication,
    typed: BTreeMap<String, String>,
    errors: FormErrors,
    saved: bool,
) -> AppResult<DossierPage> {
    let l = layout(state, ctx, o, application.project_title.clone()).await?;
    let dossier = Dossier::new(state, &o.tr, &o.stage, application.id).await?;
    let criteria = store::criteria(&state.db, o.stage.id).await?;
    let review = store::jury::review_of(&state.db, assignment.id).await?.unwrap_or_default();
    let peers = if review.submitted {
        let others = store::jury::counted(&state.db, o.stage.id, Some(application.id)).await?;
        Some(others.into_iter().filter(|(a, _, _)| a.id != assignment.id).map(|(_, j, r)| Peer { name: j.name, review: r }).collect())
    } else {
        None
    };
    Ok(DossierPage {
        l,
        token: token.to_string(),
        application_id: application.id,
        stage: o.stage.clone(),
        dossier,
        criteria,
        review,
        typed,
        errors,
        peers,
        saved,
    })
}

async fn dossier(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((token, application_id)): Path<(String, i64)>,
    crate::core::web::Query(q): crate::core::web::Query<SavedQuery>,
) -> AppResult<Response> {
    let o = open(&state, &ctx, &token).await?;
    let Ok((assignment, application)) = usable_assignment(&state, &o, application_id).await? else {
        return Ok(access::no_store(see_other(&format!("/appels/jury/{token}"))));
    };
    let page =
        dossier_page(&state, &ctx, &o, &token, &assignment, &application, BTreeMap::new(), FormErrors::default(), q.enregistre.is_some())
            .await?;
    html(&page).map(access::no_store)
}

/// A review saved as a draft (`action=draft`: every field optional, scores checked when
/// given) or submitted (`action=submit`: a score for every criterion and a confidence).
async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((token, application_id)): Path<(String, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let get = |k: &str| pairs.iter().rev().find(|(f, _)| f == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    ctx.check_csrf(&get("csrf"))?;
    let o = open(&state, &ctx, &token).await?;
    let Ok((assignment, application)) = usable_assignment(&state, &o, application_id).await? else {
        return Err(AppError::Conflict("calls-jury-error-declare-first"));
    };
    let submit = get("action") == "submit";
    let criteria = store::criteria(&state.db, o.stage.id).await?;
    let mut errors = FormErrors::default();
    let mut typed = BTreeMap::new();
    let mut review = Review { assignment_id: assignment.id, submitted: submit, ..Default::default() };
    for c in &criteria {
        let field = format!("s-{}", c.id);
        let v = get(&field);
        typed.insert(field.clone(), v.clone());
        match v.parse::<i64>() {
            Ok(n) if (o.stage.scale_min..=o.stage.scale_max).contains(&n) => {
                review.scores.insert(c.id, n);
            }
            _ if v.is_empty() && !submit => {}
            _ if v.is_empty() => errors.add(&field, "calls-jury-error-score"),
            _ => errors.add(&field, "calls-jury-error-score-range"),
        }
    }
    let confidence = get("confidence");
    typed.insert("confidence".into(), confidence.clone());
    match confidence.parse::<i64>() {
        Ok(n) if (1..=3).contains(&n) => review.confidence = Some(n),
        _ if confidence.is_empty() && !submit => {}
        _ => errors.add("confidence", "calls-jury-error-confidence"),
    }
    for (field, max) in [("jury_note", 5000), ("feedback", 5000)] {
        let v = get(field);
        if v.chars().count() > max {
            errors.add(field, "calls-jury-error-too-long");
        }
        typed.insert(field.into(), v);
    }
    review.jury_note = typed["jury_note"].clone();
    review.feedback = typed["feedback"].clone();
    if !errors.is_empty() {
        let page = dossier_page(&state, &ctx, &o, &token, &assignment, &application, typed, errors, false).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page).map(access::no_store);
    }
    let mut tx = state.db.begin().await?;
    let saved = store::save_review(&mut tx, &review, ctx.now).await?;
    tx.commit().await?;
    if !saved {
        return Err(AppError::Conflict("calls-jury-error-already-submitted"));
    }
    Ok(see_other(&format!("/appels/jury/{token}/dossiers/{application_id}?enregistre=1#evaluation")))
}

/// A file of an assigned application: 404 when in conflict, not assigned, or when the stage
/// hides files.
async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((token, application_id, file_id)): Path<(String, i64, i64)>,
) -> AppResult<Response> {
    let o = open(&state, &ctx, &token).await?;
    let Ok(_) = usable_assignment(&state, &o, application_id).await? else { return Err(AppError::NotFound) };
    if o.stage.hides("files") {
        return Err(AppError::NotFound);
    }
    let (name, mime, bytes) = store::applications::file_bytes(&state.db, application_id, file_id).await?.ok_or(AppError::NotFound)?;
    Ok(access::no_store(crate::core::export::attachment(&mime, &name, bytes)))
}

/// A jury ready to work, written through the module's functions, for the benchmark and the
/// browser tests (`examples/calls_jury_seed.rs`).
pub mod seed {
    use std::sync::Arc;

    use super::*;
    use crate::modules::calls::model::{ApplicationFields, CallInput, CriterionInput, StageInput};

    /// What was written: the call, its stage, and each juror's id with their link's token.
    #[derive(Debug, serde::Serialize)]
    pub struct Seeded {
        pub call_id: i64,
        pub stage_id: i64,
        pub jurors: Vec<(i64, String)>,
        /// The applications, in order.
        pub applications: Vec<i64>,
    }

    /// How far the seeded jury has gone.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Progress {
        /// Nothing declared: each juror starts with the conflict declaration.
        Undeclared,
        /// Every assignment declared without conflict, nothing reviewed.
        Declared,
        /// Declared, and every review submitted (scores spread over the scale), ready to rank.
        Reviewed,
    }

    /// A published call with four prize categories (the applications spread over them) and
    /// one jury stage (criteria on a 0–5 scale, a deadline in 10 days), `applications`
    /// submitted and eligible applications, `jurors` jurors with their links, the automatic
    /// assignment with k = `k`, and the jury's work as far as `progress` says.
    pub async fn competition(db: &Db, applications: usize, jurors: usize, k: i64, progress: Progress, now: i64) -> anyhow::Result<Seeded> {
        let secret = crate::core::db::init_setting(db, "secret_key", &crate::core::auth::random_token()).await?;
        let links = Links::new(Arc::new(secret.into_bytes()));
        let mut tx = db.begin().await?;
        let slug = format!("jury-{now}-{}", crate::core::auth::random_token().chars().take(6).collect::<String>().to_lowercase());
        let call_id = store::insert_call(
            &mut tx,
            &CallInput {
                slug,
                kind: "competition".into(),
                title: "Trophées de l’innovation sociale".into(),
                summary: "Un concours de démonstration pour le jury.".into(),
                status: "published".into(),
                opens_at: now - 60 * 86_400,
                closes_at: now - 86_400,
                ..Default::default()
            },
            None,
            now,
        )
        .await?;
        let stage_id = store::insert_stage(
            &mut tx,
            call_id,
            &StageInput {
                name: "Premier jury".into(),
                jurors_per_application: k,
                review_deadline: Some(now + 10 * 86_400),
                ..Default::default()
            },
        )
        .await?;
        let mut criteria = vec![];
        for (name, weight) in [("Impact social", 2), ("Faisabilité", 1), ("Innovation", 1)] {
            let levels = [(0, "Absent"), (1, "Très faible"), (2, "Faible"), (3, "Correct"), (4, "Bon"), (5, "Excellent")]
                .into_iter()
                .map(|(v, d)| (v, d.to_string()))
                .collect();
            criteria.push(
                store::insert_criterion(&mut tx, stage_id, &CriterionInput { name: name.into(), weight, levels, ..Default::default() })
                    .await?,
            );
        }
        let mut categories = vec![];
        for name in ["Emploi", "Éducation", "Santé", "Culture"] {
            categories.push(
                store::insert_category(
                    &mut tx,
                    call_id,
                    &crate::modules::calls::model::CategoryInput { name: name.into(), ..Default::default() },
                )
                .await?,
            );
        }
        let mut app_ids = vec![];
        for i in 0..applications {
            let f = ApplicationFields {
                project_title: format!("Projet solidaire n° {}", i + 1),
                summary: format!("Ce que fait le projet n° {} pour son quartier.", i + 1),
                contact_name: format!("Porteuse {}", i + 1),
                org_name: format!("Association {}", i + 1),
                org_legal_form: "association".into(),
                category_id: Some(categories[i % categories.len()]),
                ..Default::default()
            };
            let id =
                store::insert_application(&mut tx, call_id, &format!("porteur{}@exemple.org", i + 1), "fr", &f, "submitted", now).await?;
            store::jury::mark_eligible(&mut tx, id, now).await?;
            app_ids.push(id);
        }
        let mut juror_ids = vec![];
        for j in 0..jurors {
            let id = store::insert_juror(
                &mut tx,
                stage_id,
                &format!("jure{}@exemple.org", j + 1),
                &format!("Juré·e {}", j + 1),
                &format!("Jury {}", j + 1),
                "fr",
                now,
            )
            .await?;
            juror_ids.push(id);
        }
        let k = usize::try_from(k).unwrap_or(1);
        let pairs = assign::automatic(&app_ids, &juror_ids, k, &HashSet::new(), &[], assign::stage_seed(stage_id))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for (n, (a, j)) in pairs.iter().enumerate() {
            let conflict = if progress == Progress::Undeclared { "unknown" } else { CONFLICT_NONE };
            let assignment = store::insert_assignment(&mut tx, stage_id, *a, *j, "automatic", conflict, now).await?;
            if let (Some(assignment_id), Progress::Reviewed) = (assignment, progress) {
                // Scores spread over the scale, different per application and juror.
                let scores = criteria.iter().enumerate().map(|(c, id)| (*id, ((n * 7 + c * 3 + (*a as usize)) % 6) as i64)).collect();
                let review = Review {
                    assignment_id,
                    submitted: true,
                    scores,
                    confidence: Some(2),
                    jury_note: "Dossier solide, budget à préciser.".into(),
                    feedback: String::new(),
                    updated_at: now,
                    submitted_at: Some(now),
                };
                store::save_review(&mut tx, &review, now).await?;
            }
        }
        let mut tokens = vec![];
        for (n, j) in juror_ids.iter().enumerate() {
            let email = format!("jure{}@exemple.org", n + 1);
            let token = access::issue(&mut tx, &links, JUROR_SCOPE, *j, &email, now + 365 * 86_400, now).await?;
            store::jury::mark_invited(&mut tx, *j, now).await?;
            tokens.push((*j, token));
        }
        tx.commit().await?;
        Ok(Seeded { call_id, stage_id, jurors: tokens, applications: app_ids })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn juror(org: &str, email: &str) -> Juror {
        Juror {
            id: 1,
            stage_id: 1,
            email: email.into(),
            name: "J".into(),
            organisation: org.into(),
            lang: "fr".into(),
            invited_at: None,
            withdrawn_at: None,
            reminded_at: None,
        }
    }

    fn application(org: &str, email: &str) -> JuryApplication {
        JuryApplication { id: 1, call_id: 1, reference: None, email: email.into(), project_title: "P".into(), org_name: org.into() }
    }

    #[test]
    fn automatic_conflicts_ignore_case_accents_and_punctuation() {
        let a = application("Les Amis de l’Égalité", "contact@amis.example");
        assert!(automatic_conflict(&juror("LES AMIS DE L'EGALITE", "x@y.example"), &a));
        assert!(automatic_conflict(&juror("les amis de l egalite", "x@y.example"), &a));
        assert!(automatic_conflict(&juror("Autre", "Contact@Amis.example"), &a), "same e-mail");
        assert!(!automatic_conflict(&juror("Les Amis du Quartier", "x@y.example"), &a));
        assert!(!automatic_conflict(&juror("", "x@y.example"), &application("", "z@y.example")), "two empty organisations are no conflict");
    }
}
