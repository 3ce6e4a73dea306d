//! A call's applications for its managers: the list with its filters (status, eligibility,
//! category, club, territory, stage, possible duplicates), sorted by reference; eligibility
//! decided with a reason, one by one or in bulk (who and when kept, with the history);
//! the application's page (every field, districts, the form's answers, files) and its
//! printable dossier, one application or every eligible one as one document. Every staff view
//! of an application and every dossier is written in the audit log.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::calls::{CallNav, layout, manageable};
use crate::core::audit::{self, Subject};
use crate::core::error::{AppError, AppResult};
use crate::core::forms::{store as form_store, view as form_view};
use crate::core::i18n::Tr;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::calls::model::{Application, Call, Category, LEGAL_FORMS, Place, Stage};
use crate::modules::calls::store::{
    self,
    manage::{ApplicationRow, EligibilityEntry, FileMeta},
};
use crate::modules::network;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/appels/{id}/candidatures", get(list))
        .route("/admin/appels/{id}/candidatures/eligibilite", post(bulk_eligibility))
        .route("/admin/appels/{id}/candidatures/dossiers", get(dossiers))
        .route("/admin/appels/{id}/candidatures/{app}", get(show))
        .route("/admin/appels/{id}/candidatures/{app}/eligibilite", post(eligibility))
        .route("/admin/appels/{id}/candidatures/{app}/dossier", get(dossier))
        .route("/admin/appels/{id}/candidatures/{app}/fichiers/{file}", get(file))
}

/// The form kit's reference of an application's answers to the call's form.
pub fn response_reference(application_id: i64) -> String {
    format!("application:{application_id}")
}

pub fn status_key(status: &str) -> &'static str {
    match status {
        "submitted" => "calls-admin-app-submitted",
        "withdrawn" => "calls-admin-app-withdrawn",
        _ => "calls-admin-app-draft",
    }
}

pub fn eligibility_key(e: &str) -> &'static str {
    match e {
        "eligible" => "calls-admin-elig-eligible",
        "ineligible" => "calls-admin-elig-ineligible",
        _ => "calls-admin-elig-pending",
    }
}

fn legal_form_key(f: &str) -> &'static str {
    LEGAL_FORMS.iter().find(|(v, _)| *v == f).map(|(_, k)| *k).unwrap_or("calls-admin-none-given")
}

// ---- the list ----

/// The list's filters, as in its address.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Filters {
    /// draft | submitted | withdrawn; "" is every submitted or withdrawn application (drafts
    /// are only shown when asked for).
    pub statut: String,
    /// pending | eligible | ineligible
    pub eligibilite: String,
    pub categorie: String,
    pub club: String,
    pub territoire: String,
    pub etape: String,
    /// "1": only possible duplicates.
    pub doublons: String,
    /// "ref" (default) or "-ref".
    pub tri: String,
    pub ok: String,
}

impl Filters {
    pub fn keep(&self, r: &ApplicationRow) -> bool {
        let status_ok = match self.statut.as_str() {
            "" => r.status != "draft",
            s => r.status == s,
        };
        let id_is = |f: &str, v: Option<i64>| f.is_empty() || (f == "0" && v.is_none()) || f.parse::<i64>().ok() == v;
        status_ok
            && (self.eligibilite.is_empty() || r.eligibility == self.eligibilite)
            && id_is(&self.categorie, r.category_id)
            && id_is(&self.club, r.club_id)
            && (self.territoire.is_empty() || r.territory == self.territoire)
            && id_is(&self.etape, r.stage_id)
            && (self.doublons.is_empty() || r.duplicate_siret || r.duplicate_email)
    }

    /// The filters as a query string (to come back to the same list).
    pub fn query(&self) -> String {
        let pairs = [
            ("statut", &self.statut),
            ("eligibilite", &self.eligibilite),
            ("categorie", &self.categorie),
            ("club", &self.club),
            ("territoire", &self.territoire),
            ("etape", &self.etape),
            ("doublons", &self.doublons),
            ("tri", &self.tri),
        ];
        serde_urlencoded::to_string(pairs.iter().filter(|(_, v)| !v.is_empty()).collect::<Vec<_>>()).unwrap_or_default()
    }
}

/// The rows that pass the filters, sorted by reference (drafts, without one, last).
pub fn filtered(rows: Vec<ApplicationRow>, f: &Filters) -> Vec<ApplicationRow> {
    let mut rows: Vec<ApplicationRow> = rows.into_iter().filter(|r| f.keep(r)).collect();
    rows.sort_by(|a, b| match (&a.reference, &b.reference) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
    if f.tri == "-ref" {
        rows.reverse();
    }
    rows
}

#[derive(askama::Template)]
#[template(path = "calls/admin_applications.html")]
struct ListPage {
    l: Layout,
    nav: CallNav,
    rows: Vec<ApplicationRow>,
    total: i64,
    filters: Filters,
    categories: Vec<Category>,
    clubs: Vec<(i64, String)>,
    territories: Vec<String>,
    stages: Vec<Stage>,
    errors: FormErrors,
    reason: String,
    flash: Option<String>,
}

impl ListPage {
    fn status_key(&self, s: &str) -> &'static str {
        status_key(s)
    }

    fn eligibility_key(&self, s: &str) -> &'static str {
        eligibility_key(s)
    }

    fn stage_name(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.stages.iter().find(|s| s.id == id)).map(|s| s.name.clone()).unwrap_or_else(|| "–".into())
    }

    fn sort_link(&self) -> String {
        let f = Filters { tri: if self.filters.tri == "-ref" { String::new() } else { "-ref".into() }, ..self.filters.clone() };
        format!("?{}", f.query())
    }

    fn export_query(&self) -> String {
        let q = self.filters.query();
        if q.is_empty() { String::new() } else { format!("?{q}") }
    }

    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors
            .labelled_lines(&self.l.tr, |f| self.l.t(if f == "reason" { "calls-admin-elig-reason" } else { "calls-admin-elig-decision" }))
    }
}

async fn list_page(state: &AppState, ctx: &Ctx, call: &Call, filters: Filters, errors: FormErrors, reason: String) -> AppResult<ListPage> {
    let all = store::manage::application_rows(&state.db, call.id).await?;
    let mut clubs: Vec<(i64, String)> = all.iter().filter_map(|r| r.club_id.zip(r.club_name.clone())).collect();
    clubs.sort_by_key(|a| crate::core::i18n::sort_key(&a.1));
    clubs.dedup();
    let mut territories: Vec<String> =
        network::list_clubs(&state.db).await?.into_iter().map(|c| c.territory).filter(|t| !t.is_empty()).collect();
    crate::core::i18n::collate(&mut territories, |t| t);
    territories.dedup();
    let rows = filtered(all, &filters);
    let total = rows.len() as i64;
    let l = layout(state, ctx, ctx.tr.a("calls-admin-applications-title", "title", &call.title)).await?;
    let flash = super::calls::flash(ctx, Some(filters.ok.as_str()));
    Ok(ListPage {
        l,
        nav: CallNav::new(call, "applications"),
        rows,
        total,
        filters,
        categories: store::categories(&state.db, call.id).await?,
        clubs,
        territories,
        stages: store::stages(&state.db, call.id).await?,
        errors,
        reason,
        flash,
    })
}

async fn list(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(filters): Query<Filters>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let page = list_page(&state, &ctx, &call, filters, FormErrors::default(), String::new()).await?;
    // The list names applicants: a staff view of personal data.
    audit::record(&state.db, &ctx, "calls.applications.list", &Subject::new("call", id, &call.title), &format!("rows={}", page.total))
        .await?;
    html(&page)
}

// ---- eligibility ----

fn get_field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// The decision and reason sent, checked: a decision among the three, a reason for an
/// ineligible one, at most 2,000 characters.
pub fn check_decision(eligibility: &str, reason: &str) -> Result<(String, String), FormErrors> {
    let mut errors = FormErrors::default();
    if !["pending", "eligible", "ineligible"].contains(&eligibility) {
        errors.add("eligibility", "calls-admin-error-choice");
    }
    let reason = reason.trim();
    if eligibility == "ineligible" && reason.is_empty() {
        errors.add("reason", "calls-admin-error-reason");
    } else if reason.chars().count() > 2000 {
        errors.add("reason", &crate::core::error::too_long(reason.chars().count(), 2000));
    }
    if errors.is_empty() { Ok((eligibility.to_string(), reason.to_string())) } else { Err(errors) }
}

async fn bulk_eligibility(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    ctx.check_csrf(get_field(&fields, "csrf"))?;
    let filters: Filters = serde_urlencoded::from_str(get_field(&fields, "back")).unwrap_or_default();
    let ids: Vec<i64> = fields.iter().filter(|(k, _)| k == "app").filter_map(|(_, v)| v.parse().ok()).collect();
    let mut result = check_decision(get_field(&fields, "eligibility"), get_field(&fields, "reason"));
    if ids.is_empty() && result.is_ok() {
        let mut errors = FormErrors::default();
        errors.add("eligibility", "calls-admin-error-none-selected");
        result = Err(errors);
    }
    let (decision, reason) = match result {
        Ok(d) => d,
        Err(errors) => {
            let page = list_page(&state, &ctx, &call, filters, errors, get_field(&fields, "reason").to_string()).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    store::manage::set_eligibility(&mut tx, id, &ids, &decision, &reason, Some(user.user_id), ctx.now).await?;
    tx.commit().await?;
    let q = filters.query();
    Ok(see_other(&format!("/admin/appels/{id}/candidatures?{q}{}ok=decided", if q.is_empty() { "" } else { "&" })))
}

async fn eligibility(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, app)): Path<(i64, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    ctx.check_csrf(get_field(&fields, "csrf"))?;
    let application = application_of(&state, &call, app).await?;
    let (decision, reason) = match check_decision(get_field(&fields, "eligibility"), get_field(&fields, "reason")) {
        Ok(d) => d,
        Err(errors) => {
            let mut page = show_page(&state, &ctx, &call, application, errors).await?;
            page.reason = get_field(&fields, "reason").to_string();
            page.decision = get_field(&fields, "eligibility").to_string();
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    if application.status != "submitted" {
        return Err(AppError::Conflict("calls-admin-error-not-submitted"));
    }
    let mut tx = state.db.begin().await?;
    store::manage::set_eligibility(&mut tx, id, &[app], &decision, &reason, Some(user.user_id), ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/appels/{id}/candidatures/{app}?ok=decided")))
}

// ---- one application ----

/// An application with everything a manager reads: names for its ids, the form's answers
/// (question, answer), its files.
pub struct Dossier {
    pub app: Application,
    pub category: String,
    pub club: String,
    pub district: String,
    pub reached: Vec<String>,
    pub answers: Vec<(String, String)>,
    pub files: Vec<FileMeta>,
}

/// Names of what applications refer to, read once for many.
pub struct Lookups {
    categories: Vec<Category>,
    clubs: HashMap<i64, String>,
    districts: HashMap<i64, String>,
    def: crate::core::forms::FormDef,
    answers: HashMap<String, Vec<crate::core::forms::Typed>>,
    files: Vec<FileMeta>,
}

impl Lookups {
    pub async fn load(state: &AppState, call: &Call, ids: Option<&[i64]>) -> AppResult<Lookups> {
        let db = &state.db;
        let owner = super::calls::form_owner(call.id);
        let refs: Option<Vec<String>> = ids.map(|ids| ids.iter().map(|i| response_reference(*i)).collect());
        Ok(Lookups {
            categories: store::categories(db, call.id).await?,
            clubs: network::list_clubs(db).await?.into_iter().map(|c| (c.id, c.name)).collect(),
            districts: store::districts(db)
                .await?
                .into_iter()
                .map(|d| (d.id, if d.town.is_empty() { d.name } else { format!("{} ({})", d.name, d.town) }))
                .collect(),
            def: form_store::get(db, &owner).await?.map(|f| f.def).unwrap_or_default(),
            answers: form_store::answers_by_reference(db, &owner, refs.as_deref()).await?,
            files: store::manage::files_of_call(db, call.id).await?,
        })
    }

    pub fn place(&self, p: &Place) -> String {
        match p {
            Place::Listed(id) => self.districts.get(id).cloned().unwrap_or_default(),
            Place::Typed(name) => name.clone(),
        }
    }

    /// The form's questions in order (their labels), for the exports' columns: (id, label).
    pub fn questions(&self) -> Vec<(i64, String)> {
        self.def.questions().map(|q| (q.id, q.label.clone())).collect()
    }

    pub fn dossier(&self, tr: &Tr, app: Application) -> Dossier {
        let f = &app.fields;
        let category = f.category_id.and_then(|c| self.categories.iter().find(|k| k.id == c)).map(|k| k.name.clone()).unwrap_or_default();
        let club = f.club_id.and_then(|c| self.clubs.get(&c).cloned()).unwrap_or_default();
        let district = match f.district_id {
            Some(d) => self.districts.get(&d).cloned().unwrap_or_default(),
            None => f.district_other.clone(),
        };
        let reached = f.reached.iter().map(|p| self.place(p)).collect();
        let answers = self
            .answers
            .get(&response_reference(app.id))
            .map(|list| {
                list.iter()
                    .map(|t| {
                        let label = self.def.question(t.question).map(|q| q.label.clone()).unwrap_or_else(|| t.code.clone());
                        (label, form_view::answer_text(tr, &self.def, t.question, &t.answer))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let files = self.files.iter().filter(|x| x.application_id == app.id).cloned().collect();
        Dossier { app, category, club, district, reached, answers, files }
    }

    /// An application's answer to a question as text ("" when none).
    pub fn answer(&self, tr: &Tr, application_id: i64, question: i64) -> String {
        self.answers
            .get(&response_reference(application_id))
            .and_then(|list| list.iter().find(|t| t.question == question))
            .map(|t| form_view::answer_text(tr, &self.def, t.question, &t.answer))
            .unwrap_or_default()
    }
}

/// An application of this call: 404 when it is another call's.
async fn application_of(state: &AppState, call: &Call, app: i64) -> AppResult<Application> {
    store::application(&state.db, app).await?.filter(|a| a.call_id == call.id).ok_or(AppError::NotFound)
}

#[derive(askama::Template)]
#[template(path = "calls/admin_application.html")]
struct ShowPage {
    l: Layout,
    nav: CallNav,
    d: Dossier,
    decided_by: Option<String>,
    decided_at: Option<i64>,
    history: Vec<EligibilityEntry>,
    errors: FormErrors,
    decision: String,
    reason: String,
    flash: Option<String>,
}

impl ShowPage {
    fn status_key(&self, s: &str) -> &'static str {
        status_key(s)
    }

    fn eligibility_key(&self, s: &str) -> &'static str {
        eligibility_key(s)
    }

    fn legal_form_key(&self, s: &str) -> &'static str {
        legal_form_key(s)
    }

    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors
            .labelled_lines(&self.l.tr, |f| self.l.t(if f == "reason" { "calls-admin-elig-reason" } else { "calls-admin-elig-decision" }))
    }

    fn size(&self, bytes: &i64) -> String {
        format!("{} Ko", self.l.tr.num((*bytes + 999) / 1000))
    }
}

async fn show_page(state: &AppState, ctx: &Ctx, call: &Call, app: Application, errors: FormErrors) -> AppResult<ShowPage> {
    let lookups = Lookups::load(state, call, Some(&[app.id])).await?;
    let (decided_by, decided_at) = store::manage::eligibility_decider(&state.db, app.id).await?;
    let history = store::manage::eligibility_history(&state.db, app.id).await?;
    let title = app.reference.clone().unwrap_or_else(|| ctx.tr.t("calls-admin-app-draft"));
    let l =
        layout(state, ctx, ctx.tr.args("calls-admin-application-title", &[("reference", &title), ("name", &app.fields.org_name)])).await?;
    let decision = app.eligibility.clone();
    let reason = app.eligibility_reason.clone();
    Ok(ShowPage {
        l,
        nav: CallNav::new(call, "applications"),
        d: lookups.dossier(&ctx.tr, app),
        decided_by,
        decided_at,
        history,
        errors,
        decision,
        reason,
        flash: None,
    })
}

#[derive(serde::Deserialize, Default)]
struct OkQuery {
    ok: Option<String>,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path((id, app)): Path<(i64, i64)>, Query(q): Query<OkQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let application = application_of(&state, &call, app).await?;
    let label = format!("{} – {}", application.reference.clone().unwrap_or_default(), application.fields.org_name);
    audit::record(&state.db, &ctx, "calls.application.view", &Subject::new("application", app, &label), "").await?;
    let mut page = show_page(&state, &ctx, &call, application, FormErrors::default()).await?;
    page.flash = super::calls::flash(&ctx, q.ok.as_deref());
    html(&page)
}

async fn file(State(state): State<AppState>, ctx: Ctx, Path((id, app, file)): Path<(i64, i64, i64)>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let application = application_of(&state, &call, app).await?;
    let (name, mime, bytes) = store::applications::file_bytes(&state.db, app, file).await?.ok_or(AppError::NotFound)?;
    let label = format!("{} – {}", application.reference.clone().unwrap_or_default(), name);
    audit::record(&state.db, &ctx, "calls.application.file", &Subject::new("application", app, &label), &format!("file={file}")).await?;
    Ok(crate::core::export::attachment(&mime, &name, bytes))
}

// ---- the printable dossier ----

#[derive(askama::Template)]
#[template(path = "calls/admin_dossier.html")]
struct DossierPage {
    l: Layout,
    call: Call,
    dossiers: Vec<Dossier>,
    back: String,
}

impl DossierPage {
    fn legal_form_key(&self, s: &str) -> &'static str {
        legal_form_key(s)
    }

    fn eligibility_key(&self, s: &str) -> &'static str {
        eligibility_key(s)
    }
}

async fn dossier(State(state): State<AppState>, ctx: Ctx, Path((id, app)): Path<(i64, i64)>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let application = application_of(&state, &call, app).await?;
    let label = format!("{} – {}", application.reference.clone().unwrap_or_default(), application.fields.org_name);
    audit::record(&state.db, &ctx, "calls.application.dossier", &Subject::new("application", app, &label), "").await?;
    let lookups = Lookups::load(&state, &call, Some(&[app])).await?;
    let mut l = layout(&state, &ctx, ctx.tr.args("calls-admin-dossier-title", &[("reference", &label)])).await?;
    l.body_class = "print-dossier".into();
    let dossiers = vec![lookups.dossier(&ctx.tr, application)];
    html(&DossierPage { l, call, dossiers, back: format!("/admin/appels/{id}/candidatures/{app}") })
}

/// Every eligible submitted application of the call, by reference, as one printable document.
async fn dossiers(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let mut apps: Vec<Application> =
        store::applications(&state.db, id).await?.into_iter().filter(|a| a.status == "submitted" && a.eligibility == "eligible").collect();
    apps.sort_by(|a, b| a.reference.cmp(&b.reference));
    audit::record(&state.db, &ctx, "calls.applications.dossiers", &Subject::new("call", id, &call.title), &format!("rows={}", apps.len()))
        .await?;
    let lookups = Lookups::load(&state, &call, None).await?;
    let mut l = layout(&state, &ctx, ctx.tr.a("calls-admin-dossiers-title", "title", &call.title)).await?;
    l.body_class = "print-dossier".into();
    let dossiers = apps.into_iter().map(|a| lookups.dossier(&ctx.tr, a)).collect();
    html(&DossierPage { l, call, dossiers, back: format!("/admin/appels/{id}/candidatures") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, reference: Option<&str>, status: &str) -> ApplicationRow {
        ApplicationRow {
            id,
            reference: reference.map(str::to_string),
            status: status.into(),
            email: String::new(),
            project_title: String::new(),
            org_name: String::new(),
            org_siret: String::new(),
            org_town: String::new(),
            category_id: Some(1),
            category_name: None,
            club_id: None,
            club_name: None,
            territory: String::new(),
            eligibility: "pending".into(),
            eligibility_reason: String::new(),
            stage_id: None,
            submitted_at: None,
            duplicate_siret: id == 2,
            duplicate_email: false,
        }
    }

    #[test]
    fn filters_keep_what_they_say_and_sort_by_reference() {
        let rows = vec![row(1, Some("A1-0002"), "submitted"), row(2, Some("A1-0001"), "submitted"), row(3, None, "draft")];
        let ids = |f: &Filters| filtered(rows.clone(), f).iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(&Filters::default()), vec![2, 1], "drafts only when asked for");
        assert_eq!(ids(&Filters { tri: "-ref".into(), ..Default::default() }), vec![1, 2]);
        assert_eq!(ids(&Filters { statut: "draft".into(), ..Default::default() }), vec![3]);
        assert_eq!(ids(&Filters { doublons: "1".into(), ..Default::default() }), vec![2]);
        assert_eq!(ids(&Filters { categorie: "2".into(), ..Default::default() }), Vec::<i64>::new());
        assert_eq!(ids(&Filters { club: "0".into(), ..Default::default() }), vec![2, 1], "0 is: no club");
        assert!(check_decision("ineligible", " ").unwrap_err().has("reason"));
        assert_eq!(check_decision("eligible", "").unwrap(), ("eligible".into(), String::new()));
    }
}
