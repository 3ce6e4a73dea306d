//! Applying without a password: "Candidater" asks an e-mail address (and a name), makes a
//! draft application and e-mails an access link (scope `calls.application`) to its page,
//! `/appels/candidature/{token}`, where the applicant fills the organisation, the contact,
//! the project, the places and the call's own form (the form kit's, owner `calls:{call_id}`,
//! attachments included) over as many visits as they like. Every save keeps the draft;
//! submission checks everything, at the second (`Call::accepts_at` with the injected clock),
//! once (a conditional UPDATE), with a reference and a receipt e-mail. The page then shows the
//! status, the outcome once told, and "withdraw" before the deadline.

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;

use super::model::{self, Application, ApplicationFields, Call, Category, District, Place};
use super::store;
use crate::core::access;
use crate::core::db::{Db, Tx};
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::forms::{self, FileAnswer, FormDef, Kind, RawAnswers, view::ItemView};
use crate::core::i18n::{self, Locale, Tr};
use crate::core::mail::{self, Mail};
use crate::core::values::{Email, Phone, WebUrl};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, html, html_status, see_other};
use crate::modules::network::{self, Club, public_layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/appels/{slug}/candidater", get(start_form).post(start))
        .route("/appels/candidature/{token}", get(page).post(save))
        .route("/appels/candidature/{token}/retirer", get(confirm_withdraw).post(withdraw))
        .route("/appels/candidature/{token}/fichiers/{file}", get(file))
        .layer(DefaultBodyLimit::max(crate::core::media::MAX_UPLOAD + 1024 * 1024))
}

/// The form kit's owner of a call's own form.
pub fn form_owner(call_id: i64) -> String {
    format!("calls:{call_id}")
}

/// The form kit's reference of an application's response.
pub fn response_reference(application_id: i64) -> String {
    format!("application:{application_id}")
}

/// The page an application's access link opens.
pub fn application_path(token: &str) -> String {
    format!("/appels/candidature/{token}")
}

/// How long an applicant's link opens after the deadline (to read the outcome).
pub const LINK_AFTER_DEADLINE: i64 = 365 * 86_400;
/// "Candidater" requests allowed per client address, and per e-mail address, in an hour.
pub const STARTS_PER_ADDRESS: i64 = 10;
pub const STARTS_PER_EMAIL: i64 = 5;
const START_WINDOW: i64 = 3600;

/// Describes this scope's access links for `/acces`: the call's title (and the reference once
/// submitted), and the application's page.
pub fn describe_link<'a>(state: &'a AppState, tr: &'a Tr, subject: i64, token: &'a str) -> access::DescribeFuture<'a> {
    Box::pin(async move {
        let Some(app) = store::application(&state.db, subject).await? else { return Ok(None) };
        let Some(call) = store::call_by_id(&state.db, app.call_id).await? else { return Ok(None) };
        let label = match &app.reference {
            Some(r) => tr.args("calls-link-label-ref", &[("call", call.title.as_str()), ("reference", r.as_str())]),
            None => tr.a("calls-link-label", "call", &call.title),
        };
        Ok(Some(access::Described { label, path: application_path(token) }))
    })
}

fn locale_of(lang: &str) -> Locale {
    Locale::parse(lang).unwrap_or(Locale::Fr)
}

// ---- "Candidater": an e-mail address, then a link by e-mail ----

#[derive(askama::Template)]
#[template(path = "calls/apply_start.html")]
struct StartPage {
    l: Layout,
    call: Call,
    open: bool,
    deadline: String,
    email: String,
    name: String,
    errors: FormErrors,
    summary: Vec<(String, String)>,
    sent: bool,
}

#[derive(serde::Deserialize, Default)]
struct StartForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
}

async fn start_page(
    state: &AppState,
    ctx: &Ctx,
    call: Call,
    status: StatusCode,
    f: StartForm,
    errors: FormErrors,
    sent: bool,
) -> AppResult<Response> {
    let mut l = public_layout(state, ctx, ctx.tr.a("calls-start-title", "call", &call.title)).await?;
    l.noindex = true;
    let summary = errors.labelled_lines(&ctx.tr, |f| ctx.tr.t(&format!("calls-start-{f}")));
    let page = StartPage {
        l,
        open: call.accepts_at(ctx.now),
        deadline: super::pages::deadline_words(&ctx.tr, call.closes_at, ctx.now),
        call,
        email: f.email,
        name: f.name,
        errors,
        summary,
        sent,
    };
    let mut r = html_status(status, &page)?;
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

async fn start_form(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let call = super::pages::public_call(&state, &slug).await?;
    start_page(&state, &ctx, call, StatusCode::OK, StartForm::default(), FormErrors::default(), false).await
}

async fn start(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, Form(f): Form<StartForm>) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let call = super::pages::public_call(&state, &slug).await?;
    if !call.accepts_at(ctx.now) {
        return start_page(&state, &ctx, call, StatusCode::CONFLICT, f, FormErrors::default(), false).await;
    }
    let mut errors = FormErrors::default();
    let email = match Email::parse(&f.email) {
        Ok(e) => Some(e),
        Err(key) => {
            errors.add("email", key);
            None
        }
    };
    let name = f.name.trim().to_string();
    if name.chars().count() > 200 {
        errors.add("name", "calls-error-too-long");
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return start_page(&state, &ctx, call, StatusCode::UNPROCESSABLE_ENTITY, f, errors, false).await;
    };
    // Limited per client address and per e-mail address, known or not, like `/acces`.
    let mut wait = None;
    for (key, limit) in [
        (format!("calls-apply-ip:{}", ctx.ip), STARTS_PER_ADDRESS),
        (format!("calls-apply-email:{}", access::normalise_email(email.as_str())), STARTS_PER_EMAIL),
    ] {
        let (hits, since) = store::applications::hit(&state.db, &key, ctx.now, START_WINDOW).await?;
        if hits > limit {
            wait = Some(wait.unwrap_or(1).max(since + START_WINDOW - ctx.now));
        }
    }
    if let Some(wait) = wait {
        errors.add("email", &format!("calls-start-throttled?minutes={}", (wait + 59) / 60));
        let mut r = start_page(&state, &ctx, call, StatusCode::TOO_MANY_REQUESTS, f, errors, false).await?;
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(r);
    }
    begin_application(&state, &call, email.as_str(), &name, ctx.tr.lang(), ctx.now).await?;
    start_page(&state, &ctx, call, StatusCode::OK, StartForm::default(), FormErrors::default(), true).await
}

/// Make a draft application of `email` to `call` (or take the one they already have), issue
/// its access link and e-mail it, in one transaction. Returns the application's id and the
/// link's token.
pub async fn begin_application(
    state: &AppState,
    call: &Call,
    email: &str,
    name: &str,
    lang: &str,
    now: i64,
) -> Result<(i64, String), sqlx::Error> {
    let email = access::normalise_email(email);
    let mut tx = state.db.begin().await?;
    let id = match store::applications::live_application_of(&mut tx, call.id, &email).await? {
        Some(id) => id,
        None => {
            let f = ApplicationFields { contact_name: name.to_string(), ..Default::default() };
            store::insert_application(&mut tx, call.id, &email, lang, &f, "draft", now).await?
        }
    };
    let token =
        access::issue(&mut tx, &access::Links::of(state), super::APPLICATION_SCOPE, id, &email, call.closes_at + LINK_AFTER_DEADLINE, now)
            .await?;
    let tr = state.tr(locale_of(lang));
    let link = state.absolute(&application_path(&token));
    let text = [
        tr.t("calls-mail-hello"),
        String::new(),
        tr.a("calls-mail-link-lead", "call", &call.title),
        link,
        String::new(),
        super::pages::deadline_words(&tr, call.closes_at, now),
        tr.t("calls-mail-link-keep"),
    ]
    .join("\n");
    let mail = Mail {
        dedup_key: format!("call-application:{id}:link:{}", crate::core::auth::random_token()),
        to: email.clone(),
        subject: tr.a("calls-mail-link-subject", "call", &call.title),
        text,
        html: None,
        ics: None,
    };
    mail::enqueue(&mut tx, &mail, now).await?;
    tx.commit().await?;
    Ok((id, token))
}

// ---- the application's page ----

/// What the application's form shows and sends back, as typed.
#[derive(Debug, Clone, Default)]
pub struct ApplyForm {
    pub org_name: String,
    pub org_legal_form: String,
    pub org_siret: String,
    pub org_rna: String,
    pub org_address: String,
    pub org_postcode: String,
    pub org_town: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub project_title: String,
    pub summary: String,
    pub category_id: String,
    pub club_id: String,
    pub project_url: String,
    pub video_url: String,
    /// A district's id, `other` (typed in `district_other`), or "".
    pub district: String,
    pub district_other: String,
    /// The listed districts reached (ids as sent).
    pub reached: Vec<String>,
    /// The districts reached not listed, one a line.
    pub reached_other: String,
    /// The call's form's fields (`q-…`) as typed.
    pub answers: Vec<(String, String)>,
}

/// The longest text of the application's own fields.
const MAX_TEXT: usize = 300;
const MAX_SUMMARY: usize = 3000;

impl ApplyForm {
    /// The form as stored: the application's columns and the draft's fields.
    pub fn of(app: &Application) -> ApplyForm {
        let f = &app.fields;
        let draft: std::collections::BTreeMap<String, Vec<String>> = serde_json::from_str(&app.draft).unwrap_or_default();
        let answers = draft.into_iter().flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.clone(), v))).collect();
        ApplyForm {
            org_name: f.org_name.clone(),
            org_legal_form: f.org_legal_form.clone(),
            org_siret: f.org_siret.clone(),
            org_rna: f.org_rna.clone(),
            org_address: f.org_address.clone(),
            org_postcode: f.org_postcode.clone(),
            org_town: f.org_town.clone(),
            contact_name: f.contact_name.clone(),
            contact_phone: f.contact_phone.clone(),
            project_title: f.project_title.clone(),
            summary: f.summary.clone(),
            category_id: f.category_id.map(|i| i.to_string()).unwrap_or_default(),
            club_id: f.club_id.map(|i| i.to_string()).unwrap_or_default(),
            project_url: f.project_url.clone(),
            video_url: f.video_url.clone(),
            district: match f.district_id {
                Some(id) => id.to_string(),
                None if !f.district_other.is_empty() => "other".into(),
                None => String::new(),
            },
            district_other: f.district_other.clone(),
            reached: f
                .reached
                .iter()
                .filter_map(|p| match p {
                    Place::Listed(id) => Some(id.to_string()),
                    Place::Typed(_) => None,
                })
                .collect(),
            reached_other: f
                .reached
                .iter()
                .filter_map(|p| match p {
                    Place::Typed(s) => Some(s.clone()),
                    Place::Listed(_) => None,
                })
                .collect::<Vec<_>>()
                .join("\n"),
            answers,
        }
    }

    /// The form as sent (field by field; `reached` repeated).
    pub fn from_pairs(pairs: &[(String, String)]) -> ApplyForm {
        let mut f = ApplyForm::default();
        for (k, v) in pairs {
            let v = v.clone();
            match k.as_str() {
                "org_name" => f.org_name = v,
                "org_legal_form" => f.org_legal_form = v,
                "org_siret" => f.org_siret = v,
                "org_rna" => f.org_rna = v,
                "org_address" => f.org_address = v,
                "org_postcode" => f.org_postcode = v,
                "org_town" => f.org_town = v,
                "contact_name" => f.contact_name = v,
                "contact_phone" => f.contact_phone = v,
                "project_title" => f.project_title = v,
                "summary" => f.summary = v,
                "category_id" => f.category_id = v,
                "club_id" => f.club_id = v,
                "project_url" => f.project_url = v,
                "video_url" => f.video_url = v,
                "district" => f.district = v,
                "district_other" => f.district_other = v,
                "reached" => f.reached.push(v),
                "reached_other" => f.reached_other = v,
                k if k.starts_with("q-") => f.answers.push((k.to_string(), v)),
                _ => {}
            }
        }
        f
    }

    /// The draft's JSON: the form's fields as typed (field -> values).
    pub fn draft_json(&self) -> String {
        let mut m: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
        for (k, v) in &self.answers {
            m.entry(k.as_str()).or_default().push(v.as_str());
        }
        serde_json::to_string(&m).unwrap_or_else(|_| "{}".into())
    }

    pub fn reaches(&self, id: &i64) -> bool {
        self.reached.iter().any(|r| r.trim() == id.to_string())
    }

    /// The application's fields to keep in a draft: texts as typed (cut to their length),
    /// choices kept only when they are among the lists (a stale id is dropped).
    pub fn fields_for_draft(&self, lists: &Lists) -> ApplicationFields {
        let cut = |s: &str, n: usize| s.trim().chars().take(n).collect::<String>();
        let pick = |s: &str, ok: &dyn Fn(i64) -> bool| s.trim().parse::<i64>().ok().filter(|id| ok(*id));
        let district_id = pick(&self.district, &|id| lists.districts.iter().any(|d| d.id == id));
        let mut reached: Vec<Place> = vec![];
        for d in &lists.districts {
            if self.reaches(&d.id) {
                reached.push(Place::Listed(d.id));
            }
        }
        for line in self.reached_other.lines().map(str::trim).filter(|s| !s.is_empty()).take(50) {
            let p = Place::Typed(line.chars().take(MAX_TEXT).collect());
            if !reached.contains(&p) {
                reached.push(p);
            }
        }
        ApplicationFields {
            project_title: cut(&self.project_title, MAX_TEXT),
            summary: cut(&self.summary, MAX_SUMMARY),
            contact_name: cut(&self.contact_name, MAX_TEXT),
            contact_phone: cut(&self.contact_phone, 40),
            org_name: cut(&self.org_name, MAX_TEXT),
            org_legal_form: if model::valid_legal_form(self.org_legal_form.trim()) {
                self.org_legal_form.trim().to_string()
            } else {
                String::new()
            },
            org_siret: cut(&self.org_siret, 40),
            org_rna: cut(&self.org_rna, 40),
            org_address: cut(&self.org_address, MAX_TEXT),
            org_postcode: cut(&self.org_postcode, 20),
            org_town: cut(&self.org_town, MAX_TEXT),
            district_id,
            district_other: if self.district.trim() == "other" { cut(&self.district_other, MAX_TEXT) } else { String::new() },
            category_id: pick(&self.category_id, &|id| lists.categories.iter().any(|c| c.id == id)),
            club_id: pick(&self.club_id, &|id| lists.clubs.iter().any(|c| c.id == id)),
            project_url: cut(&self.project_url, WebUrl::MAX),
            video_url: cut(&self.video_url, WebUrl::MAX),
            reached,
        }
    }

    /// Check everything for submission: the fields as they are stored, or the errors (field,
    /// message key) in the form's order.
    pub fn check(&self, lists: &Lists) -> Result<ApplicationFields, Vec<FieldError>> {
        let mut errors = vec![];
        let mut err = |field: &str, message: &str| errors.push(FieldError { field: field.into(), message: message.into() });
        let mut f = self.fields_for_draft(lists);
        let too_long = |s: &str, n: usize| s.trim().chars().count() > n;
        for (field, value, max) in [
            ("org_name", &self.org_name, MAX_TEXT),
            ("org_address", &self.org_address, MAX_TEXT),
            ("org_postcode", &self.org_postcode, 20),
            ("org_town", &self.org_town, MAX_TEXT),
        ] {
            if value.trim().is_empty() {
                err(field, "calls-error-required");
            } else if too_long(value, max) {
                err(field, "calls-error-too-long");
            }
        }
        if !model::valid_legal_form(self.org_legal_form.trim()) {
            err("org_legal_form", "calls-error-legal-form");
        }
        let (siret, rna) = (self.org_siret.trim(), self.org_rna.trim());
        if siret.is_empty() && rna.is_empty() {
            err("org_siret", "calls-error-siret-or-rna");
        }
        if !siret.is_empty() {
            match model::check_siret(siret) {
                Ok(s) => f.org_siret = s,
                Err(key) => err("org_siret", key),
            }
        }
        if !rna.is_empty() {
            match model::check_rna(rna) {
                Ok(s) => f.org_rna = s,
                Err(key) => err("org_rna", key),
            }
        }
        if self.contact_name.trim().is_empty() {
            err("contact_name", "calls-error-required");
        } else if too_long(&self.contact_name, MAX_TEXT) {
            err("contact_name", "calls-error-too-long");
        }
        match Phone::parse(&self.contact_phone) {
            Ok(p) => f.contact_phone = p.as_str().to_string(),
            Err(key) => err("contact_phone", if self.contact_phone.trim().is_empty() { "calls-error-required" } else { key }),
        }
        if self.project_title.trim().is_empty() {
            err("project_title", "calls-error-required");
        } else if too_long(&self.project_title, MAX_TEXT) {
            err("project_title", "calls-error-too-long");
        }
        if self.summary.trim().is_empty() {
            err("summary", "calls-error-required");
        } else if too_long(&self.summary, MAX_SUMMARY) {
            err("summary", "calls-error-too-long");
        }
        if !lists.categories.is_empty() && f.category_id.is_none() {
            err("category_id", "calls-error-category");
        }
        if !self.club_id.trim().is_empty() && f.club_id.is_none() {
            err("club_id", "calls-error-choice");
        }
        for (field, value) in [("project_url", &self.project_url), ("video_url", &self.video_url)] {
            match WebUrl::parse_optional(value) {
                Ok(u) => {
                    let u = u.map(WebUrl::into_string).unwrap_or_default();
                    if field == "project_url" {
                        f.project_url = u;
                    } else {
                        f.video_url = u;
                    }
                }
                Err(key) => err(field, key),
            }
        }
        match self.district.trim() {
            "" => err("district", "calls-error-district"),
            "other" if self.district_other.trim().is_empty() => err("district_other", "calls-error-district-other"),
            "other" if too_long(&self.district_other, MAX_TEXT) => err("district_other", "calls-error-too-long"),
            "other" => {}
            _ if f.district_id.is_none() => err("district", "calls-error-choice"),
            _ => {}
        }
        if self.reached.iter().any(|r| !lists.districts.iter().any(|d| d.id.to_string() == r.trim())) {
            err("reached", "calls-error-choice");
        }
        if errors.is_empty() { Ok(f) } else { Err(errors) }
    }
}

/// The lists the application's form chooses from.
pub struct Lists {
    /// The network's districts, sorted (`i18n::collate`).
    pub districts: Vec<District>,
    pub categories: Vec<Category>,
    pub clubs: Vec<Club>,
}

pub async fn lists(db: &Db, call_id: i64) -> Result<Lists, sqlx::Error> {
    let mut districts = store::districts(db).await?;
    i18n::collate(&mut districts, |d| d.name.as_str());
    let categories = store::categories(db, call_id).await?;
    let mut clubs = network::list_clubs(db).await?;
    i18n::collate(&mut clubs, |c| c.name.as_str());
    Ok(Lists { districts, categories, clubs })
}

/// The call's own form (an empty one when the call has none).
pub async fn call_form(db: &Db, call_id: i64) -> Result<FormDef, sqlx::Error> {
    Ok(forms::store::get(db, &form_owner(call_id)).await?.map(|f| f.def).unwrap_or_default())
}

/// The raw answers of a draft: its typed fields and its stored attachments.
async fn raw_answers(db: &Db, application_id: i64, answers: &[(String, String)]) -> Result<RawAnswers, sqlx::Error> {
    let mut raw = RawAnswers::from_fields(answers);
    for f in store::applications::files(db, application_id).await? {
        raw.set_file(
            &forms::field(f.question_id),
            FileAnswer { name: f.filename, content_type: f.mime, size: f.size.max(0) as u64, reference: format!("call_file:{}", f.id) },
        );
    }
    Ok(raw)
}

/// A district as the form lists it.
pub struct DistrictOption {
    pub id: i64,
    pub label: String,
    pub priority: bool,
}

#[derive(askama::Template)]
#[template(path = "calls/apply_page.html")]
struct ApplicationPage {
    l: Layout,
    call: Call,
    app: Application,
    token: String,
    form: ApplyForm,
    errors: FormErrors,
    summary: Vec<(String, String)>,
    form_fields: Vec<ItemView>,
    districts: Vec<DistrictOption>,
    categories: Vec<Category>,
    clubs: Vec<Club>,
    legal_forms: Vec<(&'static str, String)>,
    /// Submission is still possible (open, and a draft).
    can_submit: bool,
    /// A draft whose call closed: "closed since …; your draft is kept".
    closed_draft: Option<String>,
    can_withdraw: bool,
    /// The status in words ("En cours d’examen", the outcome once told).
    status_text: String,
    /// The jury's feedback, once the outcome is told.
    feedback: Vec<String>,
    /// The files sent with the form: (id, name), each downloadable by the applicant.
    files: Vec<(i64, String)>,
    /// What was sent, in words: (label, value).
    sent: Vec<(String, String)>,
    /// A notice at the top (saved, refused for the deadline).
    notice: Option<(&'static str, String)>,
    deadline: String,
}

/// The application the link `token` opens, with its call.
async fn open(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<(Application, Call)> {
    let id = access::open(state, &ctx.ip, token, super::APPLICATION_SCOPE, ctx.now).await?;
    let app = store::application(&state.db, id).await?.ok_or(AppError::LinkGone)?;
    let call = store::call_by_id(&state.db, app.call_id).await?.ok_or(AppError::LinkGone)?;
    Ok((app, call))
}

fn status_text(tr: &Tr, app: &Application, categories: &[Category]) -> String {
    match app.status.as_str() {
        "draft" => tr.t("calls-status-draft"),
        "withdrawn" => tr.a("calls-status-withdrawn", "when", &tr.date(app.withdrawn_at.unwrap_or(app.updated_at))),
        _ => match app.outcome.as_deref() {
            Some(outcome) => {
                let category =
                    app.outcome_category_id.and_then(|id| categories.iter().find(|c| c.id == id)).map(|c| c.name.as_str()).unwrap_or("");
                tr.a(&format!("calls-outcome-{}", outcome.replace('_', "-")), "category", category)
            }
            None if app.eligibility == "ineligible" => tr.t("calls-status-ineligible"),
            None => tr.t("calls-status-review"),
        },
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    app: Application,
    call: Call,
    form: ApplyForm,
    errors: FormErrors,
    notice: Option<(&'static str, String)>,
) -> AppResult<ApplicationPage> {
    let lists = lists(&state.db, call.id).await?;
    let def = call_form(&state.db, call.id).await?;
    let raw = raw_answers(&state.db, app.id, &form.answers).await?;
    let form_fields = forms::view::items(&ctx.tr, &def, &raw, &errors.0, "app-");
    let mut summary = forms::view::summary(&ctx.tr, &def, &errors.0);
    for (line, e) in summary.iter_mut().zip(errors.0.iter()) {
        if !e.field.starts_with("q-") {
            let label = ctx.tr.t(&format!("calls-field-{}", e.field.replace('_', "-")));
            line.1 = ctx.tr.args("forms-error-question", &[("question", &label), ("error", &ctx.tr.t(&e.message))]);
        }
    }
    let districts = lists
        .districts
        .iter()
        .map(|d| DistrictOption {
            id: d.id,
            label: if d.town.is_empty() { d.name.clone() } else { format!("{} ({})", d.name, d.town) },
            priority: d.priority,
        })
        .collect();
    let legal_forms = model::LEGAL_FORMS.iter().map(|(v, k)| (*v, ctx.tr.t(k))).collect();
    let is_draft = app.status == "draft";
    let can_submit = is_draft && call.accepts_at(ctx.now);
    let closed_draft =
        (is_draft && ctx.now >= call.closes_at).then(|| ctx.tr.a("calls-draft-closed", "when", &ctx.tr.datetime(call.closes_at)));
    let can_withdraw = app.status == "submitted" && ctx.now < call.closes_at;
    let status_text = status_text(&ctx.tr, &app, &lists.categories);
    let sent = if is_draft { vec![] } else { sent_lines(&ctx.tr, &app, &lists, &def, &state.db).await? };
    let mut l = public_layout(state, ctx, ctx.tr.a("calls-application-title", "call", &call.title)).await?;
    l.noindex = true;
    l.canonical = state.absolute(&format!("/appels/{}", call.slug));
    let feedback = if app.outcome.is_some() { store::results::feedback_for(&state.db, app.id).await? } else { vec![] };
    let files = store::applications::files(&state.db, app.id).await?.into_iter().map(|f| (f.id, f.filename)).collect();
    Ok(ApplicationPage {
        l,
        deadline: super::pages::deadline_words(&ctx.tr, call.closes_at, ctx.now),
        call,
        app,
        token: token.to_string(),
        form,
        errors,
        summary,
        form_fields,
        districts,
        categories: lists.categories,
        clubs: lists.clubs,
        legal_forms,
        can_submit,
        closed_draft,
        can_withdraw,
        status_text,
        feedback,
        files,
        sent,
        notice,
    })
}

/// What a submitted application holds, in words (the page's receipt and the receipt e-mail).
async fn sent_lines(tr: &Tr, app: &Application, lists: &Lists, def: &FormDef, db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
    let f = &app.fields;
    let label = |k: &str| tr.t(&format!("calls-field-{k}"));
    let mut lines = vec![
        (label("project-title"), f.project_title.clone()),
        (label("org-name"), f.org_name.clone()),
        (
            label("org-legal-form"),
            model::LEGAL_FORMS.iter().find(|(v, _)| *v == f.org_legal_form).map(|(_, k)| tr.t(k)).unwrap_or_default(),
        ),
    ];
    if !f.org_siret.is_empty() {
        lines.push((label("org-siret"), f.org_siret.clone()));
    }
    if !f.org_rna.is_empty() {
        lines.push((label("org-rna"), f.org_rna.clone()));
    }
    if let Some(k) = f.category_id.and_then(|id| lists.categories.iter().find(|c| c.id == id)) {
        lines.push((label("category-id"), k.name.clone()));
    }
    let place = |p: &Place| match p {
        Place::Listed(id) => lists.districts.iter().find(|d| d.id == *id).map(|d| d.name.clone()).unwrap_or_default(),
        Place::Typed(s) => s.clone(),
    };
    let district = match f.district_id {
        Some(id) => place(&Place::Listed(id)),
        None => f.district_other.clone(),
    };
    lines.push((label("district"), district));
    if !f.reached.is_empty() {
        lines.push((label("reached"), f.reached.iter().map(place).collect::<Vec<_>>().join(", ")));
    }
    if let Some((_, answers)) = forms::store::response(db, &form_owner(app.call_id), &response_reference(app.id)).await? {
        for t in &answers {
            if let Some(q) = def.question(t.question) {
                lines.push((q.label.clone(), forms::view::answer_text(tr, def, q.id, &t.answer)));
            }
        }
    }
    Ok(lines.into_iter().filter(|(_, v)| !v.is_empty()).collect())
}

#[derive(serde::Deserialize, Default)]
struct PageQuery {
    enregistre: Option<String>,
}

/// One of the application's own files, for its applicant.
async fn file(State(state): State<AppState>, ctx: Ctx, Path((token, file)): Path<(String, i64)>) -> AppResult<Response> {
    let (app, _) = open(&state, &ctx, &token).await?;
    let (name, mime, bytes) = store::applications::file_bytes(&state.db, app.id, file).await?.ok_or(AppError::NotFound)?;
    Ok(access::no_store(crate::core::export::attachment(&mime, &name, bytes)))
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    crate::core::web::Query(q): crate::core::web::Query<PageQuery>,
) -> AppResult<Response> {
    let (app, call) = open(&state, &ctx, &token).await?;
    let form = ApplyForm::of(&app);
    let notice = q.enregistre.is_some().then(|| ("notice-ok", ctx.tr.t("calls-draft-saved")));
    let page = render(&state, &ctx, &token, app, call, form, FormErrors::default(), notice).await?;
    html(&page).map(access::no_store)
}

/// What the application's form sent: its fields and its files (field, file name, bytes).
struct Sent {
    pairs: Vec<(String, String)>,
    files: Vec<(String, String, Vec<u8>)>,
}

impl Sent {
    fn get(&self, name: &str) -> &str {
        self.pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }
}

/// Read the form, sent as `multipart/form-data` (with its files) or urlencoded.
async fn read_sent(req: Request) -> AppResult<Sent> {
    let multipart =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct.starts_with("multipart/form-data"));
    if !multipart {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, &()).await?;
        return Ok(Sent { pairs, files: vec![] });
    }
    let bad = |_| AppError::BadRequest("error-bad-form");
    let mut m = Multipart::from_request(req, &()).await.map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let mut sent = Sent { pairs: vec![], files: vec![] };
    while let Some(field) = m.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if let Some(filename) = field.file_name().map(str::to_string) {
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                sent.files.push((name, filename, bytes.to_vec()));
            }
            continue;
        }
        let text = field.text().await.map_err(bad)?;
        if text.contains('\0') {
            return Err(AppError::BadRequest("error-bad-form"));
        }
        sent.pairs.push((name, text));
    }
    Ok(sent)
}

/// The content type of a file from its bytes (what the question's types are compared with).
fn content_type(bytes: &[u8]) -> &'static str {
    use crate::core::media::Sniffed;
    match crate::core::media::sniff(bytes) {
        Some(Sniffed::Jpeg) => "image/jpeg",
        Some(Sniffed::Png) => "image/png",
        Some(Sniffed::Gif) => "image/gif",
        Some(Sniffed::Webp) => "image/webp",
        Some(Sniffed::Pdf) => "application/pdf",
        None if std::str::from_utf8(bytes).is_ok() => "text/plain",
        None => "application/octet-stream",
    }
}

/// Keep the files sent for the form's file questions (type and size checked against the
/// question); a file refused is an error next to its question, nothing stored.
async fn keep_files(
    tx: &mut Tx,
    def: &FormDef,
    application_id: i64,
    files: &[(String, String, Vec<u8>)],
    now: i64,
) -> Result<Vec<FieldError>, sqlx::Error> {
    let mut errors = vec![];
    for (field, filename, bytes) in files {
        let Some(q) = def.question_of_field(field) else { continue };
        let Kind::File { types, max_bytes } = &q.kind else { continue };
        let mime = content_type(bytes);
        if !types.iter().any(|t| t.eq_ignore_ascii_case(mime)) {
            errors.push(FieldError { field: field.clone(), message: "forms-error-file-type".into() });
        } else if bytes.len() as u64 > *max_bytes {
            errors.push(FieldError { field: field.clone(), message: "forms-error-file-size".into() });
        } else {
            let name: String = filename.chars().filter(|c| !c.is_control() && !matches!(c, '/' | '\\')).take(200).collect();
            store::applications::put_file(tx, application_id, q.id, &name, mime, bytes, now).await?;
        }
    }
    Ok(errors)
}

/// Save the draft ("Enregistrer le brouillon") or submit it ("Envoyer ma candidature"). The
/// draft is saved first in both cases, so that a refused submission (errors, too late) keeps
/// what was typed.
async fn save(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, req: Request) -> AppResult<Response> {
    let sent = read_sent(req).await?;
    ctx.check_csrf(sent.get("csrf"))?;
    let (app, call) = open(&state, &ctx, &token).await?;
    if app.status != "draft" {
        // A second submission (a double click, a page sent again): the same receipt.
        return Ok(see_other(&application_path(&token)));
    }
    let submitting = sent.get("action") == "submit";
    let form = ApplyForm::from_pairs(&sent.pairs);
    let lists = lists(&state.db, call.id).await?;
    let def = call_form(&state.db, call.id).await?;
    let mut tx = state.db.begin().await?;
    if !store::applications::save_draft(&mut tx, app.id, &form.fields_for_draft(&lists), &form.draft_json(), ctx.now).await? {
        tx.rollback().await?;
        return Ok(see_other(&application_path(&token)));
    }
    let file_errors = keep_files(&mut tx, &def, app.id, &sent.files, ctx.now).await?;
    tx.commit().await?;
    let app = store::application(&state.db, app.id).await?.ok_or(AppError::LinkGone)?;
    if !submitting {
        if file_errors.is_empty() {
            return Ok(see_other(&format!("{}?enregistre=1", application_path(&token))));
        }
        let page = render(&state, &ctx, &token, app, call, form, FormErrors(file_errors), None).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page).map(access::no_store);
    }
    // At the second, with the injected clock: `closes_at` itself is too late.
    if !call.accepts_at(ctx.now) {
        let notice = Some(("notice-bad", ctx.tr.a("calls-submit-too-late", "when", &ctx.tr.datetime(call.closes_at))));
        let page = render(&state, &ctx, &token, app, call, form, FormErrors(file_errors), notice).await?;
        return html_status(StatusCode::CONFLICT, &page).map(access::no_store);
    }
    let mut errors = file_errors;
    let fields = match form.check(&lists) {
        Ok(f) => Some(f),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let raw = raw_answers(&state.db, app.id, &form.answers).await?;
    let answers = match forms::validate(&def, &raw) {
        Ok(a) => a,
        Err(e) => {
            errors.extend(e.into_iter().filter(|e| !errors.iter().any(|x| x.field == e.field)).collect::<Vec<_>>());
            vec![]
        }
    };
    let Some(fields) = fields.filter(|_| errors.is_empty()) else {
        let page = render(&state, &ctx, &token, app, call, form, FormErrors(errors), None).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page).map(access::no_store);
    };
    submit(&state, &app, &call, &fields, &form.draft_json(), &answers, &token, ctx.now).await?;
    Ok(see_other(&application_path(&token)))
}

/// Submit a checked application in one transaction: its fields as checked, the conditional
/// UPDATE that makes a double submission one, its reference, the form's response and the
/// receipt e-mail. False when it was no longer a draft.
#[allow(clippy::too_many_arguments)]
async fn submit(
    state: &AppState,
    app: &Application,
    call: &Call,
    fields: &ApplicationFields,
    draft: &str,
    answers: &[forms::Typed],
    token: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = state.db.begin().await?;
    if !store::applications::save_draft(&mut tx, app.id, fields, draft, now).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    let Some(reference) = store::applications::submit(&mut tx, app.id, call.id, now).await? else {
        tx.rollback().await?;
        return Ok(false);
    };
    forms::store::save_response(&mut tx, &form_owner(call.id), &response_reference(app.id), answers, now).await?;
    let tr = state.tr(locale_of(&app.lang));
    let mut submitted = app.clone();
    submitted.fields = fields.clone();
    submitted.status = "submitted".into();
    let lists = lists(&state.db, call.id).await?;
    let def = call_form(&state.db, call.id).await?;
    let mut lines = sent_lines(&tr, &submitted, &lists, &def, &state.db).await?;
    // The form's answers are not committed yet: list them from what was checked.
    for t in answers {
        if let Some(q) = def.question(t.question) {
            lines.push((q.label.clone(), forms::view::answer_text(&tr, &def, q.id, &t.answer)));
        }
    }
    let mut text = vec![
        tr.t("calls-mail-hello"),
        String::new(),
        tr.args("calls-mail-receipt-lead", &[("call", call.title.as_str()), ("when", tr.datetime(now).as_str())]),
        tr.a("calls-mail-receipt-reference", "reference", &reference),
        String::new(),
        tr.t("calls-mail-receipt-summary"),
    ];
    text.extend(lines.iter().map(|(k, v)| format!("- {k}{} {v}", tr.colon())));
    text.extend([String::new(), tr.t("calls-mail-receipt-link"), state.absolute(&application_path(token))]);
    let text = text.join("\n");
    let mail = Mail {
        dedup_key: format!("call-application:{}:submitted", app.id),
        to: app.email.clone(),
        subject: tr.args("calls-mail-receipt-subject", &[("call", call.title.as_str()), ("reference", reference.as_str())]),
        text,
        html: None,
        ics: None,
    };
    mail::enqueue(&mut tx, &mail, now).await?;
    tx.commit().await?;
    Ok(true)
}

// ---- withdrawing ----

#[derive(askama::Template)]
#[template(path = "calls/apply_withdraw.html")]
struct WithdrawPage {
    l: Layout,
    app: Application,
    token: String,
}

#[derive(serde::Deserialize)]
struct WithdrawForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    confirm: String,
}

/// The application to withdraw, if it still can be: one not submitted goes back to its page
/// (`Err(redirect)`); after the deadline, 409.
async fn withdrawable(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<Result<(Application, Call), Response>> {
    let (app, call) = open(state, ctx, token).await?;
    if app.status != "submitted" {
        return Ok(Err(see_other(&application_path(token))));
    }
    if ctx.now >= call.closes_at {
        return Err(AppError::Conflict("calls-withdraw-too-late"));
    }
    Ok(Ok((app, call)))
}

async fn withdraw_page(state: &AppState, ctx: &Ctx, token: &str, app: Application, call: Call) -> AppResult<Response> {
    let mut l = public_layout(state, ctx, ctx.tr.a("calls-withdraw-title", "call", &call.title)).await?;
    l.noindex = true;
    html(&WithdrawPage { l, app, token: token.to_string() }).map(access::no_store)
}

async fn confirm_withdraw(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    match withdrawable(&state, &ctx, &token).await? {
        Ok((app, call)) => withdraw_page(&state, &ctx, &token, app, call).await,
        Err(back) => Ok(back),
    }
}

async fn withdraw(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Form(f): Form<WithdrawForm>) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let (app, call) = match withdrawable(&state, &ctx, &token).await? {
        Ok(found) => found,
        Err(back) => return Ok(back),
    };
    if f.confirm != "1" {
        return withdraw_page(&state, &ctx, &token, app, call).await;
    }
    let mut tx = state.db.begin().await?;
    if store::applications::withdraw(&mut tx, app.id, ctx.now).await? {
        let tr = state.tr(locale_of(&app.lang));
        let reference = app.reference.clone().unwrap_or_default();
        let args = [("call", call.title.as_str()), ("reference", reference.as_str()), ("when", &tr.datetime(ctx.now))];
        let mail = Mail {
            dedup_key: format!("call-application:{}:withdrawn", app.id),
            to: app.email.clone(),
            subject: tr.args("calls-mail-withdrawn-subject", &args),
            text: [tr.t("calls-mail-hello"), String::new(), tr.args("calls-mail-withdrawn-text", &args)].join("\n"),
            html: None,
            ics: None,
        };
        mail::enqueue(&mut tx, &mail, ctx.now).await?;
    }
    tx.commit().await?;
    Ok(see_other(&application_path(&token)))
}

// ---- a person's data ----

/// Every application made with `email` (the person's data export).
pub async fn find_by_email(db: &Db, email: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    store::applications::applications_by_email(db, &access::normalise_email(email)).await
}

/// Anonymise the applications of `email` (contact, phone, e-mail, draft, attachments and the
/// form's answers); the applications stay, with their reference, status and outcome, so that
/// counts hold. How many.
pub async fn erase_by_email(tx: &mut Tx, email: &str, now: i64) -> Result<u64, sqlx::Error> {
    let pairs = store::applications::anonymise_by_email(tx, &access::normalise_email(email), now).await?;
    for (id, call_id) in &pairs {
        forms::store::clear_answers(tx, &form_owner(*call_id), &[response_reference(*id)]).await?;
    }
    Ok(pairs.len() as u64)
}
