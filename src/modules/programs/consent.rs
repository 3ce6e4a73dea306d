//! Consents through access links, no account: a guardian's page
//! (`/programmes/autorisation/{token}`: taking part, and image rights, which are never
//! required) and, under 15, the participant's own (`/programmes/accord/{token}`). Each page
//! shows the current version of each text, what was answered before (when, by whom, which
//! version), takes an answer (accept or refuse, nothing ticked beforehand, signed with a
//! name), and withdraws a consent at any time through the same link
//! (`…/retirer`). A refusal or a withdrawal of what taking part needs takes the participant
//! out of the sessions to come on the spot (`store::record_consent`, `store::withdraw_consent`).
//!
//! The links are issued and e-mailed through the outbox by [`request`] when a participant is
//! selected; they last until the participant's data are anonymised.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::model::{Cohort, Consent, ConsentKind, ConsentText, Giver, Participant, Program};
use super::store;
use crate::core::access;
use crate::core::db::Tx;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::Tr;
use crate::core::mail::{self, Mail};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, html_status, see_other};
use crate::modules::network::{self, public_layout};

/// The scope of a guardian's link (its subject: the participant's id).
pub const GUARDIAN_SCOPE: &str = "programs.guardian";
/// The scope of a participant's own link, under 15 (its subject: the participant's id).
pub const PARTICIPANT_SCOPE: &str = "programs.participant";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programmes/autorisation/{token}", get(guardian_page).post(guardian_answer))
        .route("/programmes/autorisation/{token}/retirer", post(guardian_withdraw))
        .route("/programmes/accord/{token}", get(own_page).post(own_answer))
        .route("/programmes/accord/{token}/retirer", post(own_withdraw))
}

fn base(giver: Giver, token: &str) -> String {
    match giver {
        Giver::Guardian => format!("/programmes/autorisation/{token}"),
        Giver::Participant => format!("/programmes/accord/{token}"),
    }
}

/// The kinds a giver answers.
fn kinds(giver: Giver) -> &'static [ConsentKind] {
    match giver {
        Giver::Guardian => &[ConsentKind::Participation, ConsentKind::Image],
        Giver::Participant => &[ConsentKind::Own],
    }
}

/// Issue the consent links a selected participant's age calls for and e-mail them through
/// the outbox, in the caller's transaction: the guardian's (taking part, image rights) and,
/// under 15, the participant's own, each only while its consent is missing. Returns the
/// tokens (guardian, participant).
pub async fn request(
    tx: &mut Tx,
    state: &AppState,
    program: &Program,
    cohort: &Cohort,
    p: &Participant,
    now: i64,
) -> Result<(Option<String>, Option<String>), sqlx::Error> {
    let tr = state.tr(crate::core::i18n::Locale::Fr);
    let expires = cohort.ends_on + program.retention_days * 86_400;
    let links = access::Links::of(state);
    let mut tokens = (None, None);
    // Only what is still missing is asked for (committed consents; none for a new selection).
    let consents = store::consents(&state.db, p.id).await?;
    let given = |k: ConsentKind| consents.iter().any(|c| c.kind == k && c.live() && c.granted);
    for (giver, scope, email, wanted) in [
        (Giver::Guardian, GUARDIAN_SCOPE, &p.guardian_email, p.needs.guardian && !given(ConsentKind::Participation)),
        (Giver::Participant, PARTICIPANT_SCOPE, &p.email, p.needs.own && !given(ConsentKind::Own)),
    ] {
        if !wanted || email.trim().is_empty() {
            continue;
        }
        let token = access::issue(tx, &links, scope, p.id, email, expires, now).await?;
        let key = if giver == Giver::Guardian { "programs-mail-guardian" } else { "programs-mail-own" };
        let text = [
            tr.t("programs-mail-hello"),
            String::new(),
            tr.args(key, &[("name", &p.first_name), ("program", &program.title)]),
            state.absolute(&base(giver, &token)),
            String::new(),
            tr.t("programs-mail-withdraw"),
        ]
        .join("\n");
        let mail = Mail {
            dedup_key: format!("programs:consent:{}:{}:{}", p.id, giver.as_str(), crate::core::auth::random_token()),
            to: email.clone(),
            subject: tr.a("programs-mail-subject", "program", &program.title),
            text,
            html: None,
            ics: None,
        };
        mail::enqueue(tx, &mail, now).await?;
        match giver {
            Giver::Guardian => tokens.0 = Some(token),
            Giver::Participant => tokens.1 = Some(token),
        }
    }
    Ok(tokens)
}

/// One text on the page, with what was answered to it.
pub struct TextView {
    pub kind: &'static str,
    pub title: String,
    pub text: ConsentText,
    /// "Accord donné le … par … (version 1)", or "Pas encore de réponse".
    pub state: String,
    /// A live, granted consent: it may be withdrawn.
    pub withdrawable: bool,
    pub required: bool,
    /// What was chosen in the form sent ("yes", "no" or "").
    pub chosen: String,
}

#[derive(askama::Template)]
#[template(path = "programs/consent.html")]
struct ConsentPage {
    l: Layout,
    action: String,
    club: String,
    cohort: String,
    first_name: String,
    giver: &'static str,
    texts: Vec<TextView>,
    signer: String,
    errors: FormErrors,
    error_lines: Vec<(String, String)>,
    flash: Option<String>,
}

struct Holder {
    participant: Participant,
    cohort: Cohort,
    program: Program,
}

async fn holder(state: &AppState, ctx: &Ctx, token: &str, giver: Giver) -> AppResult<Holder> {
    let scope = if giver == Giver::Guardian { GUARDIAN_SCOPE } else { PARTICIPANT_SCOPE };
    let id = access::open(state, &ctx.ip, token, scope, ctx.now).await?;
    let participant = store::participant(&state.db, id).await?.filter(|p| p.anonymised_at.is_none()).ok_or(AppError::LinkGone)?;
    let cohort = store::cohort(&state.db, participant.cohort_id).await?.ok_or(AppError::LinkGone)?;
    let program = store::program(&state.db, cohort.program_id).await?.ok_or(AppError::LinkGone)?;
    Ok(Holder { participant, cohort, program })
}

pub fn kind_title(tr: &Tr, k: ConsentKind) -> String {
    tr.t(match k {
        ConsentKind::Participation => "programs-consent-participation",
        ConsentKind::Image => "programs-consent-image",
        ConsentKind::Own => "programs-consent-own",
    })
}

pub fn state_words(tr: &Tr, live: Option<&Consent>) -> String {
    match live {
        None => tr.t("programs-consent-none"),
        Some(c) => {
            let key = if c.granted { "programs-consent-given" } else { "programs-consent-refused" };
            tr.args(key, &[("date", &tr.datetime(c.at)), ("signer", &c.signer), ("version", &c.version.to_string())])
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    ctx: &Ctx,
    h: &Holder,
    giver: Giver,
    token: &str,
    sent: Option<(&str, Vec<(ConsentKind, String)>)>,
    errors: FormErrors,
    flash: Option<String>,
) -> AppResult<ConsentPage> {
    let texts = store::current_texts(&state.db, h.program.id).await?;
    let consents = store::consents(&state.db, h.participant.id).await?;
    let mut views = vec![];
    for kind in kinds(giver) {
        let Some(text) = texts.iter().find(|t| t.kind == *kind).cloned() else { continue };
        let live = consents.iter().find(|c| c.kind == *kind && c.live());
        views.push(TextView {
            kind: kind.as_str(),
            title: kind_title(&ctx.tr, *kind),
            state: state_words(&ctx.tr, live),
            withdrawable: live.is_some_and(|c| c.granted),
            required: *kind != ConsentKind::Image,
            chosen: sent.as_ref().and_then(|(_, c)| c.iter().find(|(k, _)| k == kind).map(|(_, v)| v.clone())).unwrap_or_default(),
            text,
        });
    }
    let club = network::get_club(&state.db, h.cohort.club_id).await?.map(|c| c.name).unwrap_or_default();
    let mut l = public_layout(state, ctx, ctx.tr.a("programs-consent-title", "program", &h.program.title)).await?;
    l.noindex = true;
    let signer = match &sent {
        Some((s, _)) => s.to_string(),
        None if giver == Giver::Guardian => h.participant.guardian_name.clone(),
        None => format!("{} {}", h.participant.first_name, h.participant.last_name),
    };
    Ok(ConsentPage {
        l,
        action: base(giver, token),
        club,
        cohort: h.cohort.label.clone(),
        first_name: h.participant.first_name.clone(),
        giver: giver.as_str(),
        error_lines: errors.lines(&ctx.tr),
        errors,
        texts: views,
        signer,
        flash,
    })
}

async fn show(state: AppState, ctx: Ctx, token: String, giver: Giver, flash: Option<&str>) -> AppResult<Response> {
    let h = holder(&state, &ctx, &token, giver).await?;
    // The participant is spoken to as "tu".
    let flash = flash.map(|k| if giver == Giver::Participant { ctx.tr.t(&format!("{k}-own")) } else { ctx.tr.t(k) });
    let p = page(&state, &ctx, &h, giver, &token, None, FormErrors::default(), flash).await?;
    html_status(StatusCode::OK, &p).map(access::no_store)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Sent {
    csrf: String,
    signer: String,
    participation: String,
    image: String,
    own: String,
}

async fn answer(state: AppState, ctx: Ctx, token: String, giver: Giver, sent: Sent) -> AppResult<Response> {
    let h = holder(&state, &ctx, &token, giver).await?;
    ctx.check_csrf(&sent.csrf)?;
    let signer = sent.signer.trim().to_string();
    let chosen: Vec<(ConsentKind, String)> = kinds(giver)
        .iter()
        .map(|k| {
            let v = match k {
                ConsentKind::Participation => &sent.participation,
                ConsentKind::Image => &sent.image,
                ConsentKind::Own => &sent.own,
            };
            (*k, v.trim().to_string())
        })
        .collect();
    let mut errors = FormErrors::default();
    if signer.is_empty() {
        errors.add("signer", "programs-consent-error-signer");
    } else if signer.chars().count() > 200 {
        errors.add("signer", "programs-consent-error-signer-long");
    }
    for (k, v) in &chosen {
        if !["", "yes", "no"].contains(&v.as_str()) {
            errors.add(k.as_str(), "programs-consent-error-choice");
        }
    }
    if chosen.iter().all(|(_, v)| v.is_empty()) {
        errors.add(kinds(giver)[0].as_str(), "programs-consent-error-none");
    }
    if !errors.is_empty() {
        let p = page(&state, &ctx, &h, giver, &token, Some((&signer, chosen)), errors, None).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p).map(access::no_store);
    }
    let texts = store::current_texts(&state.db, h.program.id).await?;
    let mut tx = state.db.begin().await?;
    for (kind, v) in chosen.iter().filter(|(_, v)| !v.is_empty()) {
        let Some(text) = texts.iter().find(|t| t.kind == *kind) else { continue };
        store::record_consent(&mut tx, h.participant.id, text, giver, &signer, v == "yes", ctx.now).await?;
    }
    tx.commit().await?;
    Ok(see_other(&format!("{}?ok=1", base(giver, &token))))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Withdraw {
    csrf: String,
    kind: String,
}

async fn withdraw(state: AppState, ctx: Ctx, token: String, giver: Giver, w: Withdraw) -> AppResult<Response> {
    let h = holder(&state, &ctx, &token, giver).await?;
    ctx.check_csrf(&w.csrf)?;
    let kind = ConsentKind::parse(&w.kind).filter(|k| kinds(giver).contains(k)).ok_or(AppError::BadRequest("error-bad-form"))?;
    let mut tx = state.db.begin().await?;
    store::withdraw_consent(&mut tx, h.participant.id, kind, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("{}?ok=2", base(giver, &token))))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Shown {
    ok: String,
}

fn flash_key(q: &Shown) -> Option<&'static str> {
    match q.ok.as_str() {
        "1" => Some("programs-consent-saved"),
        "2" => Some("programs-consent-withdrawn"),
        _ => None,
    }
}

async fn guardian_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    crate::core::web::Query(q): crate::core::web::Query<Shown>,
) -> AppResult<Response> {
    show(state, ctx, token, Giver::Guardian, flash_key(&q)).await
}

async fn own_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    crate::core::web::Query(q): crate::core::web::Query<Shown>,
) -> AppResult<Response> {
    show(state, ctx, token, Giver::Participant, flash_key(&q)).await
}

async fn guardian_answer(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Form(s): Form<Sent>) -> AppResult<Response> {
    answer(state, ctx, token, Giver::Guardian, s).await
}

async fn own_answer(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Form(s): Form<Sent>) -> AppResult<Response> {
    answer(state, ctx, token, Giver::Participant, s).await
}

async fn guardian_withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(w): Form<Withdraw>,
) -> AppResult<Response> {
    withdraw(state, ctx, token, Giver::Guardian, w).await
}

async fn own_withdraw(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Form(w): Form<Withdraw>) -> AppResult<Response> {
    withdraw(state, ctx, token, Giver::Participant, w).await
}

/// The "send me my links again" e-mail's line for a link (`Module::access`).
fn describe<'a>(state: &'a AppState, tr: &'a Tr, subject: i64, token: &'a str, giver: Giver) -> access::DescribeFuture<'a> {
    Box::pin(async move {
        let Some(p) = store::participant(&state.db, subject).await?.filter(|p| p.anonymised_at.is_none()) else { return Ok(None) };
        let Some(cohort) = store::cohort(&state.db, p.cohort_id).await? else { return Ok(None) };
        let Some(program) = store::program(&state.db, cohort.program_id).await? else { return Ok(None) };
        let label = tr.args("programs-link-label", &[("name", p.first_name.as_str()), ("program", program.title.as_str())]);
        Ok(Some(access::Described { label, path: base(giver, token) }))
    })
}

fn describe_guardian<'a>(state: &'a AppState, tr: &'a Tr, subject: i64, token: &'a str) -> access::DescribeFuture<'a> {
    describe(state, tr, subject, token, Giver::Guardian)
}

fn describe_own<'a>(state: &'a AppState, tr: &'a Tr, subject: i64, token: &'a str) -> access::DescribeFuture<'a> {
    describe(state, tr, subject, token, Giver::Participant)
}

/// The consent links' scopes.
pub const ACCESS: &[access::Scope] = &[
    access::Scope { name: GUARDIAN_SCOPE, describe: describe_guardian },
    access::Scope { name: PARTICIPANT_SCOPE, describe: describe_own },
    super::admin::mentoring::SCOPE,
];
