//! The public application to a program (`/programmes/{slug}/candidater`), by the young person
//! or a parent, on the kit's forms (`core::forms`: one definition, one validation, the
//! accessible fields): the cohort (a club's this school year), who is applying, the young
//! person's names, date of birth, gender and contacts, the guardian's name and address, and
//! what makes them want to join.
//!
//! Eligibility is the age on the cohort's first day, within the program's band; under 18 a
//! guardian's name and address are needed (the authorisation is asked by e-mail once staff
//! select the application), under 15 the young person's own address too (for her own consent).
//! Every error is said next to its field with what was typed kept. The application is stored
//! as `applied`; staff then select or put it on the waiting list. The same young person
//! applying again to the same cohort gets the same thanks and nothing is stored: the form does
//! not tell a stranger who applied.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::model::{Gender, Needs, ParticipantInput, Program, age_on, utc_date};
use super::store::{self, staff};
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::forms::{self, Answer, FormDef, Item, Kind, Question, RawAnswers};
use crate::core::i18n::Tr;
use crate::core::mail::{self, Mail};
use crate::core::web::{AppState, Ctx, Layout, html, html_status, see_other};
use crate::modules::network::public_layout;

pub fn routes() -> Router<AppState> {
    Router::new().route("/programmes/{slug}/candidater", get(page).post(send)).route("/programmes/{slug}/candidater/merci", get(thanks))
}

const WHO: i64 = 1;
const COHORT: i64 = 2;
const FIRST: i64 = 3;
const LAST: i64 = 4;
const BIRTH: i64 = 5;
const GENDER: i64 = 6;
const EMAIL: i64 = 7;
const PHONE: i64 = 8;
const GUARDIAN: i64 = 9;
const GUARDIAN_EMAIL: i64 = 10;
const MOTIVATION: i64 = 11;

const GENDERS: [Gender; 4] = [Gender::Girl, Gender::Boy, Gender::Other, Gender::Unsaid];

/// The i18n key of a gender's name.
pub fn gender_key(g: Gender) -> &'static str {
    match g {
        Gender::Girl => "programs-gender-girl",
        Gender::Boy => "programs-gender-boy",
        Gender::Other => "programs-gender-other",
        Gender::Unsaid => "programs-gender-unsaid",
    }
}

/// A cohort an applicant may choose: (id, its label in the list, its first day).
struct Choice {
    id: i64,
    label: String,
    starts_on: i64,
}

fn q(id: i64, code: &str, label: String, help: String, required: bool, kind: Kind) -> Item {
    Item::Question(Question { id, code: code.into(), label, help, required, condition: None, kind })
}

/// The application form, in the visitor's language.
fn definition(tr: &Tr, program: &Program, cohorts: &[Choice]) -> FormDef {
    let t = |k: &str| tr.t(k);
    let ages = tr.args("programs-apply-birth-help", &[("min", &program.age_min.to_string()), ("max", &program.age_max.to_string())]);
    FormDef {
        items: vec![
            q(
                COHORT,
                "cohort",
                t("programs-apply-cohort"),
                String::new(),
                true,
                Kind::SingleChoice { choices: cohorts.iter().map(|c| c.label.clone()).collect() },
            ),
            q(
                WHO,
                "who",
                t("programs-apply-who"),
                String::new(),
                true,
                Kind::SingleChoice { choices: vec![t("programs-apply-who-self"), t("programs-apply-who-parent")] },
            ),
            Item::Section { title: t("programs-apply-young"), help: String::new() },
            q(FIRST, "first_name", t("programs-apply-first-name"), String::new(), true, Kind::ShortText),
            q(LAST, "last_name", t("programs-apply-last-name"), String::new(), true, Kind::ShortText),
            q(BIRTH, "birth_date", t("programs-apply-birth"), ages, true, Kind::Date),
            q(
                GENDER,
                "gender",
                t("programs-apply-gender"),
                String::new(),
                true,
                Kind::SingleChoice { choices: GENDERS.iter().map(|g| t(gender_key(*g))).collect() },
            ),
            q(EMAIL, "email", t("programs-apply-email"), t("programs-apply-email-help"), false, Kind::Email),
            q(PHONE, "phone", t("programs-apply-phone"), String::new(), false, Kind::ShortText),
            Item::Section { title: t("programs-apply-guardian-section"), help: t("programs-apply-guardian-help") },
            q(GUARDIAN, "guardian_name", t("programs-apply-guardian"), String::new(), false, Kind::ShortText),
            q(GUARDIAN_EMAIL, "guardian_email", t("programs-apply-guardian-email"), String::new(), false, Kind::Email),
            Item::Section { title: t("programs-apply-motivation-section"), help: String::new() },
            q(MOTIVATION, "motivation", t("programs-apply-motivation"), t("programs-apply-motivation-help"), false, Kind::LongText),
        ],
    }
}

#[derive(askama::Template)]
#[template(path = "programs/apply.html")]
struct ApplyPage {
    l: Layout,
    program: Program,
    form_fields: Vec<forms::view::ItemView>,
    error_lines: Vec<(String, String)>,
    open: bool,
}

async fn choices(state: &AppState, tr: &Tr, program: &Program, now: i64) -> AppResult<Vec<Choice>> {
    Ok(staff::open_cohorts(&state.db, program.id, now)
        .await?
        .into_iter()
        .map(|(id, club, label, starts_on)| Choice {
            id,
            label: tr.args("programs-apply-cohort-choice", &[("club", &club), ("cohort", &label), ("date", &tr.date(starts_on))]),
            starts_on,
        })
        .collect())
}

async fn render(state: &AppState, ctx: &Ctx, program: Program, raw: &RawAnswers, errors: Vec<FieldError>) -> AppResult<Response> {
    let cohorts = choices(state, &ctx.tr, &program, ctx.now).await?;
    let def = definition(&ctx.tr, &program, &cohorts);
    let form_fields = forms::view::items(&ctx.tr, &def, raw, &errors, "f-");
    let error_lines = forms::view::summary(&ctx.tr, &def, &errors);
    let mut l = public_layout(state, ctx, ctx.tr.a("programs-apply-title", "program", &program.title)).await?;
    l.section = "programs";
    l.noindex = true;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    html_status(status, &ApplyPage { l, open: !cohorts.is_empty(), program, form_fields, error_lines }).map(crate::core::access::no_store)
}

async fn page(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let program = store::program_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    render(&state, &ctx, program, &RawAnswers::default(), vec![]).await
}

fn text(answers: &[forms::Typed], id: i64) -> String {
    answers
        .iter()
        .find(|a| a.question == id)
        .map(|a| match &a.answer {
            Answer::Text(s) | Answer::Choice(s) | Answer::Date(s) | Answer::Email(s) => s.clone(),
            _ => String::new(),
        })
        .unwrap_or_default()
}

async fn send(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, body: axum::body::Bytes) -> AppResult<Response> {
    let program = store::program_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let csrf = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.clone()).unwrap_or_default();
    ctx.check_csrf(&csrf)?;
    let raw = RawAnswers::from_fields(&fields);
    let cohorts = choices(&state, &ctx.tr, &program, ctx.now).await?;
    let def = definition(&ctx.tr, &program, &cohorts);
    let answers = match forms::validate(&def, &raw) {
        Ok(a) => a,
        Err(errors) => return render(&state, &ctx, program, &raw, errors).await,
    };
    let mut errors = vec![];
    let err =
        |errors: &mut Vec<FieldError>, id: i64, message: &str| errors.push(FieldError { field: forms::field(id), message: message.into() });
    for (id, max) in [(FIRST, 100), (LAST, 100), (PHONE, 40), (GUARDIAN, 200)] {
        if text(&answers, id).chars().count() > max {
            err(&mut errors, id, "programs-apply-error-long");
        }
    }
    let cohort = cohorts.iter().find(|c| c.label == text(&answers, COHORT));
    let gender = GENDERS.iter().copied().find(|g| ctx.tr.t(gender_key(*g)) == text(&answers, GENDER)).unwrap_or(Gender::Unsaid);
    let birth = text(&answers, BIRTH);
    let mut age = None;
    if let Some(c) = cohort {
        match age_on(&birth, &utc_date(c.starts_on)) {
            Some(a) if a >= program.age_min && a <= program.age_max => age = Some(a),
            Some(a) => errors.push(FieldError {
                field: forms::field(BIRTH),
                // A key with its arguments, translated where the error is shown.
                message: format!(
                    "programs-apply-error-age?min={}&max={}&age={}&date={}",
                    program.age_min,
                    program.age_max,
                    a.max(0),
                    ctx.tr.date(c.starts_on).replace(['&', '='], " ")
                ),
            }),
            None => err(&mut errors, BIRTH, "forms-error-date"),
        }
    }
    if let Some(a) = age {
        let needs = Needs::at_age(a);
        if needs.guardian && text(&answers, GUARDIAN).is_empty() {
            err(&mut errors, GUARDIAN, "programs-apply-error-guardian");
        }
        if needs.guardian && text(&answers, GUARDIAN_EMAIL).is_empty() {
            err(&mut errors, GUARDIAN_EMAIL, "programs-apply-error-guardian-email");
        }
        if needs.own && text(&answers, EMAIL).is_empty() {
            err(&mut errors, EMAIL, "programs-apply-error-own-email");
        }
        if !needs.guardian && text(&answers, EMAIL).is_empty() {
            err(&mut errors, EMAIL, "programs-apply-error-email");
        }
    }
    let (Some(cohort), Some(age), true) = (cohort, age, errors.is_empty()) else {
        return render(&state, &ctx, program, &raw, errors).await;
    };
    let input = ParticipantInput {
        first_name: text(&answers, FIRST),
        last_name: text(&answers, LAST),
        birth_date: birth,
        gender,
        email: text(&answers, EMAIL),
        phone: text(&answers, PHONE),
        guardian_name: text(&answers, GUARDIAN),
        guardian_email: text(&answers, GUARDIAN_EMAIL),
    };
    if staff::already_applied(&state.db, cohort.id, &input).await? {
        // The same thanks whatever: the form must not tell anyone who applied where.
        return Ok(see_other(&format!("/programmes/{}/candidater/merci", program.slug)));
    }
    let applied_by = if text(&answers, WHO) == ctx.tr.t("programs-apply-who-parent") { "parent" } else { "self" };
    let mut tx = state.db.begin().await?;
    let id = store::insert_participant(&mut tx, cohort.id, &input, age, ctx.now).await?;
    staff::set_application(&mut tx, id, applied_by, &text(&answers, MOTIVATION)).await?;
    let to = if input.guardian_email.is_empty() { &input.email } else { &input.guardian_email };
    let text = [
        ctx.tr.t("programs-mail-hello"),
        String::new(),
        ctx.tr.args("programs-apply-mail-body", &[("name", &input.first_name), ("program", &program.title), ("cohort", &cohort.label)]),
        String::new(),
        ctx.tr.t("programs-apply-mail-next"),
    ]
    .join("\n");
    let mail = Mail {
        dedup_key: format!("programs:applied:{id}"),
        to: to.clone(),
        subject: ctx.tr.a("programs-apply-mail-subject", "program", &program.title),
        text,
        html: None,
        ics: None,
    };
    mail::enqueue(&mut tx, &mail, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/programmes/{}/candidater/merci", program.slug)))
}

#[derive(askama::Template)]
#[template(path = "programs/apply_thanks.html")]
struct ThanksPage {
    l: Layout,
    program: Program,
}

async fn thanks(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let program = store::program_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let mut l = public_layout(&state, &ctx, ctx.tr.t("programs-apply-thanks-title")).await?;
    l.section = "programs";
    l.noindex = true;
    html(&ThanksPage { l, program })
}
