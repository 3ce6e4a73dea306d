//! A stage's jury in the back office, `/admin/appels/{id}/etapes/{stage}/jury`: its jurors
//! (add, invite, remind, withdraw with replacement), the assignment by hand (per application,
//! a select of the jurors) or automatic ("Répartir automatiquement"), and the progress per
//! juror ("7 sur 12 évaluées") and per application ("2 sur 3"). Staff of the call's club, or
//! network administrators for the network's calls (403 otherwise, 404 when missing). The page
//! shows jurors' and applicants' data: each view is recorded in the audit log.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use crate::core::audit;
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::calls::jury::{self, JuryApplication};
use crate::modules::calls::model::{Assignment, Call, Juror, Stage};
use crate::modules::calls::store;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/appels/{id}/etapes/{stage}/jury", get(show))
        .route("/admin/appels/{id}/etapes/{stage}/jury/jures", post(add_juror))
        .route("/admin/appels/{id}/etapes/{stage}/jury/jures/{juror}/{action}", post(juror_action))
        .route("/admin/appels/{id}/etapes/{stage}/jury/affecter", post(assign_one))
        .route("/admin/appels/{id}/etapes/{stage}/jury/repartir", post(assign_all))
}

/// The call and stage a person may manage: 404 when missing, 403 for another club's call.
/// (A private copy until `admin/calls.rs` has the shared one.)
async fn manageable(state: &AppState, user: &Principal, call_id: i64, stage_id: i64) -> AppResult<(Call, Stage)> {
    let call = super::calls::manageable(state, user, call_id).await?;
    let stage = store::stage(&state.db, stage_id).await?.filter(|s| s.call_id == call.id).ok_or(AppError::NotFound)?;
    Ok((call, stage))
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
struct JurorForm {
    csrf: String,
    name: String,
    email: String,
    organisation: String,
    lang: String,
}

impl JurorForm {
    fn check(&self) -> FormErrors {
        let mut errors = FormErrors::default();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            errors.add("name", "field-required");
        }
        let email = self.email.trim();
        if email.len() > 254
            || !email.contains('@')
            || email.contains(char::is_whitespace)
            || email.starts_with('@')
            || email.ends_with('@')
        {
            errors.add("email", "calls-jury-admin-error-email");
        }
        if self.organisation.chars().count() > 200 {
            errors.add("organisation", "calls-jury-admin-error-too-long");
        }
        if !["fr", "en"].contains(&self.lang.as_str()) {
            errors.add("lang", "calls-jury-admin-error-lang");
        }
        errors
    }
}

/// A juror's line: the juror, reviews submitted, assignments not in conflict.
struct JurorLine {
    juror: Juror,
    done: i64,
    total: i64,
}

/// An application's line: its jurors (name, conflict), reviews that count, and k.
struct AppLine {
    app: JuryApplication,
    jurors: Vec<(String, String)>,
    counted: i64,
}

#[derive(askama::Template)]
#[template(path = "calls/admin_jury_stage.html")]
struct JuryPage {
    l: Layout,
    call: Call,
    stage: Stage,
    jurors: Vec<JurorLine>,
    apps: Vec<AppLine>,
    /// Active jurors, for the per-application select.
    active: Vec<(i64, String)>,
    form: JurorForm,
    errors: FormErrors,
    flash: Option<String>,
}

impl JuryPage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| {
            self.l.t(match f {
                "name" => "calls-jury-admin-field-name",
                "email" => "calls-jury-admin-field-email",
                "organisation" => "calls-jury-admin-field-organisation",
                _ => "calls-jury-admin-field-lang",
            })
        })
    }

    fn conflict_key(&self, conflict: &str) -> &'static str {
        match conflict {
            "declared" => "calls-jury-admin-conflict-declared",
            "automatic" => "calls-jury-admin-conflict-automatic",
            "none" => "calls-jury-admin-conflict-none",
            _ => "calls-jury-admin-conflict-unknown",
        }
    }
}

#[derive(serde::Deserialize, Default)]
struct FlashQuery {
    ok: Option<String>,
    n: Option<i64>,
    app: Option<i64>,
}

async fn page(state: &AppState, ctx: &Ctx, call: Call, stage: Stage, form: JurorForm, errors: FormErrors) -> AppResult<JuryPage> {
    let l = crate::modules::network::admin_layout(
        state,
        ctx,
        ctx.tr.args("calls-jury-admin-title", &[("stage", &stage.name), ("call", &call.title)]),
        "calls-admin",
    )
    .await?;
    let progress = store::jury::juror_progress(&state.db, stage.id).await?;
    let all = store::jurors(&state.db, stage.id).await?;
    let names: BTreeMap<i64, String> = all.iter().map(|j| (j.id, j.name.clone())).collect();
    let active = all.iter().filter(|j| j.withdrawn_at.is_none()).map(|j| (j.id, j.name.clone())).collect();
    let jurors = all
        .into_iter()
        .map(|j| {
            let (done, total) = progress.get(&j.id).copied().unwrap_or((0, 0));
            JurorLine { juror: j, done, total }
        })
        .collect();
    let first = store::jury::is_first_jury_stage(&state.db, &stage).await?;
    let assignable = store::jury::assignable(&state.db, &stage, first).await?;
    let assignments: Vec<Assignment> = store::assignments(&state.db, stage.id).await?;
    let counted = store::jury::counted(&state.db, stage.id, None).await?;
    let apps = assignable
        .into_iter()
        .map(|app| {
            let jurors = assignments
                .iter()
                .filter(|s| s.application_id == app.id)
                .map(|s| (names.get(&s.juror_id).cloned().unwrap_or_default(), s.conflict.clone()))
                .collect();
            let counted = counted.iter().filter(|(a, _, _)| a.application_id == app.id).count() as i64;
            AppLine { app, jurors, counted }
        })
        .collect();
    Ok(JuryPage { l, call, stage, jurors, apps, active, form, errors, flash: None })
}

async fn record_view(state: &AppState, ctx: &Ctx, call: &Call, stage: &Stage) -> AppResult<()> {
    audit::record(&state.db, ctx, "calls.jury.view", &audit::Subject::new("call", call.id, &call.title), &format!("stage={}", stage.id))
        .await
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, stage_id)): Path<(i64, i64)>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let (call, stage) = manageable(&state, user, id, stage_id).await?;
    let form = JurorForm { lang: "fr".into(), ..Default::default() };
    let mut p = page(&state, &ctx, call, stage, form, FormErrors::default()).await?;
    let n = q.n.unwrap_or(0).to_string();
    p.flash = match q.ok.as_deref() {
        Some("added") => Some(ctx.tr.t("calls-jury-admin-flash-added")),
        Some("invited") => Some(ctx.tr.t("calls-jury-admin-flash-invited")),
        Some("reminded") => Some(ctx.tr.t("calls-jury-admin-flash-reminded")),
        Some("nothing") => Some(ctx.tr.t("calls-jury-admin-flash-nothing")),
        Some("withdrawn") => Some(ctx.tr.a("calls-jury-admin-flash-withdrawn", "n", &n)),
        Some("assigned") => Some(ctx.tr.a("calls-jury-admin-flash-assigned", "n", &n)),
        Some("short") => Some(ctx.tr.a("calls-jury-admin-flash-short", "app", &q.app.unwrap_or(0).to_string())),
        _ => None,
    };
    record_view(&state, &ctx, &p.call, &p.stage).await?;
    html(&p)
}

async fn add_juror(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, stage_id)): Path<(i64, i64)>,
    Form(form): Form<JurorForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let (call, stage) = manageable(&state, user, id, stage_id).await?;
    ctx.check_csrf(&form.csrf)?;
    let mut errors = form.check();
    if errors.is_empty() {
        let email = crate::core::access::normalise_email(&form.email);
        if store::jurors(&state.db, stage.id).await?.iter().any(|j| crate::core::access::normalise_email(&j.email) == email) {
            errors.add("email", "calls-jury-admin-error-taken");
        } else {
            let mut tx = state.db.begin().await?;
            store::insert_juror(&mut tx, stage.id, &email, form.name.trim(), form.organisation.trim(), &form.lang, ctx.now).await?;
            tx.commit().await?;
            return Ok(see_other(&format!("/admin/appels/{id}/etapes/{stage_id}/jury?ok=added")));
        }
    }
    let p = page(&state, &ctx, call, stage, form, errors).await?;
    record_view(&state, &ctx, &p.call, &p.stage).await?;
    html_status(StatusCode::UNPROCESSABLE_ENTITY, &p)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CsrfForm {
    csrf: String,
    /// "1" once the withdrawal is confirmed.
    confirm: String,
}

/// What withdrawing a juror does, asked before it is done.
#[derive(askama::Template)]
#[template(path = "calls/admin_jury_confirm.html")]
struct ConfirmPage {
    l: Layout,
    action: String,
    back: String,
    juror_name: String,
}

/// `inviter`, `relancer` or `retirer` one juror.
async fn juror_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, stage_id, juror_id, action)): Path<(i64, i64, i64, String)>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let (_, stage) = manageable(&state, user, id, stage_id).await?;
    ctx.check_csrf(&form.csrf)?;
    let juror = store::juror(&state.db, juror_id).await?.filter(|j| j.stage_id == stage.id).ok_or(AppError::NotFound)?;
    let back = format!("/admin/appels/{id}/etapes/{stage_id}/jury");
    if action == "retirer" && form.confirm != "1" {
        let l = crate::modules::network::admin_layout(
            &state,
            &ctx,
            ctx.tr.a("calls-jury-admin-confirm-title", "name", &juror.name),
            "calls-admin",
        )
        .await?;
        let page = ConfirmPage { l, action: format!("{back}/jures/{juror_id}/retirer"), back, juror_name: juror.name };
        return html(&page);
    }
    Ok(match action.as_str() {
        "inviter" => {
            let again = store::juror(&state.db, juror_id).await?.is_some_and(|j| j.invited_at.is_some());
            if jury::invite(&state, juror_id, again, ctx.now).await? {
                see_other(&format!("{back}?ok=invited"))
            } else {
                see_other(&format!("{back}?ok=nothing"))
            }
        }
        "relancer" => {
            let ok = if jury::nudge(&state, juror_id, ctx.now).await? { "reminded" } else { "nothing" };
            see_other(&format!("{back}?ok={ok}"))
        }
        "retirer" => match jury::withdraw(&state, &stage, juror_id, ctx.now).await? {
            Ok(n) => see_other(&format!("{back}?ok=withdrawn&n={n}")),
            Err(crate::modules::calls::assign::AssignError::NotEnoughJurors { application, .. }) => {
                see_other(&format!("{back}?ok=short&app={application}"))
            }
        },
        _ => return Err(AppError::NotFound),
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AssignForm {
    csrf: String,
    application: String,
    juror: String,
}

async fn assign_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, stage_id)): Path<(i64, i64)>,
    Form(form): Form<AssignForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let (_, stage) = manageable(&state, user, id, stage_id).await?;
    ctx.check_csrf(&form.csrf)?;
    let (Ok(app), Ok(juror)) = (form.application.parse::<i64>(), form.juror.parse::<i64>()) else {
        return Err(AppError::BadRequest("calls-jury-admin-error-assign"));
    };
    let n = i64::from(jury::assign_by_hand(&state, &stage, app, juror, ctx.now).await?.is_some());
    Ok(see_other(&format!("/admin/appels/{id}/etapes/{stage_id}/jury?ok=assigned&n={n}#app-{app}")))
}

async fn assign_all(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, stage_id)): Path<(i64, i64)>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let (_, stage) = manageable(&state, user, id, stage_id).await?;
    ctx.check_csrf(&form.csrf)?;
    let back = format!("/admin/appels/{id}/etapes/{stage_id}/jury");
    Ok(match jury::assign_automatically(&state, &stage, ctx.now).await? {
        Ok(n) => see_other(&format!("{back}?ok=assigned&n={n}")),
        Err(crate::modules::calls::assign::AssignError::NotEnoughJurors { application, .. }) => {
            see_other(&format!("{back}?ok=short&app={application}"))
        }
    })
}
