//! Exports of a call's applications, one row per application with its fields, districts,
//! the form's answers and its eligibility: CSV (`;`, UTF-8 BOM, formulas neutralised) and
//! XLSX, through the core's `export` helpers. The list's filters apply; every export is
//! written in the audit log.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::applications::{Filters, Lookups, eligibility_key, filtered, status_key};
use super::calls::manageable;
use crate::core::audit::{self, Subject};
use crate::core::error::AppResult;
use crate::core::export;
use crate::core::i18n::Tr;
use crate::core::web::{AppState, Ctx, Query};
use crate::modules::calls::model::{Application, Call, LEGAL_FORMS};
use crate::modules::calls::store;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/appels/{id}/candidatures.csv", get(csv)).route("/admin/appels/{id}/candidatures.xlsx", get(xlsx))
}

/// The header row and one row per application (in the order given).
pub fn table(tr: &Tr, apps: Vec<Application>, lookups: &Lookups) -> (Vec<String>, Vec<Vec<String>>) {
    let questions = lookups.questions();
    let mut head: Vec<String> = [
        "calls-admin-col-reference",
        "calls-admin-col-status",
        "calls-admin-col-submitted-at",
        "calls-admin-col-project",
        "calls-admin-field-app-summary",
        "calls-admin-col-category",
        "calls-admin-col-organisation",
        "calls-admin-field-legal-form",
        "calls-admin-field-siret",
        "calls-admin-field-rna",
        "calls-admin-field-address",
        "calls-admin-field-postcode",
        "calls-admin-field-town",
        "calls-admin-field-contact",
        "calls-admin-field-email",
        "calls-admin-field-phone",
        "calls-admin-col-club",
        "calls-admin-field-district",
        "calls-admin-field-reached",
        "calls-admin-field-project-url",
        "calls-admin-field-video-url",
        "calls-admin-col-eligibility",
        "calls-admin-elig-reason",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    head.extend(questions.iter().map(|(_, label)| label.clone()));
    let rows = apps
        .into_iter()
        .map(|a| {
            let answers: Vec<String> = questions.iter().map(|(q, _)| lookups.answer(tr, a.id, *q)).collect();
            let d = lookups.dossier(tr, a);
            let f = &d.app.fields;
            let legal = LEGAL_FORMS.iter().find(|(v, _)| *v == f.org_legal_form).map(|(_, k)| tr.t(k)).unwrap_or_default();
            let mut row = vec![
                d.app.reference.clone().unwrap_or_default(),
                tr.t(status_key(&d.app.status)),
                d.app.submitted_at.map(|t| tr.input_datetime(t).replace('T', " ")).unwrap_or_default(),
                f.project_title.clone(),
                f.summary.clone(),
                d.category.clone(),
                f.org_name.clone(),
                legal,
                f.org_siret.clone(),
                f.org_rna.clone(),
                f.org_address.clone(),
                f.org_postcode.clone(),
                f.org_town.clone(),
                f.contact_name.clone(),
                d.app.email.clone(),
                f.contact_phone.clone(),
                d.club.clone(),
                d.district.clone(),
                d.reached.join(" | "),
                f.project_url.clone(),
                f.video_url.clone(),
                tr.t(eligibility_key(&d.app.eligibility)),
                d.app.eligibility_reason.clone(),
            ];
            row.extend(answers);
            row
        })
        .collect();
    (head, rows)
}

async fn data(state: &AppState, ctx: &Ctx, id: i64, filters: &Filters, format: &str) -> AppResult<(Call, Vec<String>, Vec<Vec<String>>)> {
    let user = ctx.staff()?;
    let call = manageable(state, user, id).await?;
    let order: Vec<i64> = filtered(store::manage::application_rows(&state.db, id).await?, filters).into_iter().map(|r| r.id).collect();
    let mut all = store::applications(&state.db, id).await?;
    let apps: Vec<Application> = order.iter().filter_map(|i| all.iter().position(|a| a.id == *i).map(|p| all.swap_remove(p))).collect();
    let lookups = Lookups::load(state, &call, None).await?;
    let (head, rows) = table(&ctx.tr, apps, &lookups);
    let detail = format!("format={format} rows={}", rows.len());
    audit::record(&state.db, ctx, "calls.applications.export", &Subject::new("call", id, &call.title), &detail).await?;
    Ok((call, head, rows))
}

async fn csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(f): Query<Filters>) -> AppResult<Response> {
    let (call, head, rows) = data(&state, &ctx, id, &f, "csv").await?;
    Ok(export::attachment(export::CSV, &format!("candidatures-{}.csv", call.slug), export::to_csv(&head, &rows).into_bytes()))
}

async fn xlsx(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(f): Query<Filters>) -> AppResult<Response> {
    let (call, head, rows) = data(&state, &ctx, id, &f, "xlsx").await?;
    let bytes = export::xlsx(&ctx.tr.t("calls-admin-tab-applications"), head, rows).await?;
    Ok(export::attachment(export::XLSX, &format!("candidatures-{}.xlsx", call.slug), bytes))
}
