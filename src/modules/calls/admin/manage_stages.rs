//! A call's stages in order (screening, first jury, grand jury), each with what it decides,
//! its k, its scale, its blind fields and review deadline, and its rubric: criteria with a
//! weight and a description per level of the scale. A stage's scale no longer changes once it
//! has reviews or a decision. Links lead to each stage's jury, ranking and decision (the
//! other back-office files).

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::{CallNav, CsrfForm, PageQuery, flash, layout, manageable, text_error};
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::calls::model::{
    Call, Criterion, CriterionInput, DECIDES_ADVANCE, DECIDES_LAUREATES, IDENTIFYING_FIELDS, Stage, StageInput,
};
use crate::modules::calls::store;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/appels/{id}/etapes", get(stages).post(create_stage))
        .route("/admin/appels/{id}/etapes/{stage}", get(edit_stage).post(update_stage))
        .route("/admin/appels/{id}/etapes/{stage}/criteres", post(create_criterion))
        .route("/admin/appels/{id}/etapes/{stage}/criteres/{crit}", post(update_criterion))
        .route("/admin/appels/{id}/etapes/{stage}/criteres/{crit}/supprimer", post(delete_criterion))
}

/// The value of a field of a urlencoded form read as pairs ("" when absent).
fn get_field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// The message key of a field's name in the stage form.
pub fn hidden_key(field: &str) -> &'static str {
    match field {
        "organisation" => "calls-admin-hidden-organisation",
        "names" => "calls-admin-hidden-names",
        "emails" => "calls-admin-hidden-emails",
        "siret" => "calls-admin-hidden-siret",
        _ => "calls-admin-hidden-files",
    }
}

/// The stage form as typed.
#[derive(Clone, Debug, Default)]
pub struct StageForm {
    pub name: String,
    pub kind: String,
    pub decides: String,
    pub advance_count: String,
    pub jurors_per_application: String,
    pub scale_min: String,
    pub scale_max: String,
    pub blind: bool,
    pub hidden: Vec<String>,
    pub review_deadline: String,
}

impl StageForm {
    fn blank() -> StageForm {
        StageForm {
            kind: "jury".into(),
            decides: DECIDES_ADVANCE.into(),
            jurors_per_application: "3".into(),
            scale_min: "0".into(),
            scale_max: "5".into(),
            ..Default::default()
        }
    }

    fn of(s: &Stage, tr: &crate::core::i18n::Tr) -> StageForm {
        StageForm {
            name: s.name.clone(),
            kind: s.kind.clone(),
            decides: s.decides.clone(),
            advance_count: s.advance_count.map(|n| n.to_string()).unwrap_or_default(),
            jurors_per_application: s.jurors_per_application.to_string(),
            scale_min: s.scale_min.to_string(),
            scale_max: s.scale_max.to_string(),
            blind: s.blind,
            hidden: s.hidden_fields.clone(),
            review_deadline: s.review_deadline.map(|t| tr.input_datetime(t)).unwrap_or_default(),
        }
    }

    fn read(fields: &[(String, String)]) -> StageForm {
        StageForm {
            name: get_field(fields, "name").into(),
            kind: get_field(fields, "kind").into(),
            decides: get_field(fields, "decides").into(),
            advance_count: get_field(fields, "advance_count").into(),
            jurors_per_application: get_field(fields, "jurors_per_application").into(),
            scale_min: get_field(fields, "scale_min").into(),
            scale_max: get_field(fields, "scale_max").into(),
            blind: !get_field(fields, "blind").is_empty(),
            hidden: fields.iter().filter(|(k, _)| k == "hidden").map(|(_, v)| v.clone()).collect(),
            review_deadline: get_field(fields, "review_deadline").into(),
        }
    }

    pub fn hides(&self, field: &str) -> bool {
        self.hidden.iter().any(|h| h == field)
    }

    /// Check the form; `parse_dt` reads a datetime-local value in the site's time zone.
    pub fn check(&self, parse_dt: impl Fn(&str) -> Option<i64>) -> Result<StageInput, FormErrors> {
        let mut errors = FormErrors::default();
        text_error(&mut errors, "name", &self.name, true, 200);
        if !["screening", "jury"].contains(&self.kind.as_str()) {
            errors.add("kind", "calls-admin-error-choice");
        }
        if ![DECIDES_ADVANCE, DECIDES_LAUREATES].contains(&self.decides.as_str()) {
            errors.add("decides", "calls-admin-error-choice");
        }
        let int = |s: &str| s.trim().parse::<i64>().ok();
        let advance = match self.advance_count.trim() {
            "" => None,
            s => match int(s).filter(|n| (1..=10_000).contains(n)) {
                Some(n) => Some(n),
                None => {
                    errors.add("advance_count", "calls-admin-error-number");
                    None
                }
            },
        };
        let k = int(&self.jurors_per_application).filter(|n| (1..=50).contains(n));
        if k.is_none() {
            errors.add("jurors_per_application", "calls-admin-error-number");
        }
        let min = int(&self.scale_min).filter(|n| (0..=100).contains(n));
        if min.is_none() {
            errors.add("scale_min", "calls-admin-error-number");
        }
        let max = int(&self.scale_max).filter(|n| (1..=100).contains(n));
        match (min, max) {
            (_, None) => errors.add("scale_max", "calls-admin-error-number"),
            (Some(a), Some(b)) if b <= a => errors.add("scale_max", "calls-admin-error-scale"),
            (Some(a), Some(b)) if b - a > 20 => errors.add("scale_max", "calls-admin-error-scale-size"),
            _ => {}
        }
        if self.hidden.iter().any(|h| !IDENTIFYING_FIELDS.contains(&h.as_str())) {
            errors.add("hidden", "calls-admin-error-choice");
        }
        let deadline = match self.review_deadline.trim() {
            "" => None,
            s => match parse_dt(s) {
                Some(t) => Some(t),
                None => {
                    errors.add("review_deadline", "calls-admin-error-datetime");
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let hidden = IDENTIFYING_FIELDS.iter().filter(|f| self.hides(f)).map(|f| f.to_string()).collect();
        Ok(StageInput {
            name: self.name.trim().into(),
            kind: self.kind.clone(),
            decides: self.decides.clone(),
            advance_count: advance,
            jurors_per_application: k.unwrap_or(3),
            scale_min: min.unwrap_or(0),
            scale_max: max.unwrap_or(5),
            blind: self.blind,
            hidden_fields: hidden,
            review_deadline: deadline,
        })
    }
}

fn stage_label(l: &Layout, field: &str) -> String {
    l.t(match field {
        "name" => "calls-admin-stage-name",
        "kind" => "calls-admin-stage-kind",
        "decides" => "calls-admin-stage-decides",
        "advance_count" => "calls-admin-stage-advance-count",
        "jurors_per_application" => "calls-admin-stage-k",
        "scale_min" => "calls-admin-stage-scale-min",
        "scale_max" => "calls-admin-stage-scale-max",
        "hidden" => "calls-admin-stage-hidden",
        "review_deadline" => "calls-admin-stage-deadline",
        "weight" => "calls-admin-criterion-weight",
        "description" => "calls-admin-criterion-description",
        _ => "calls-admin-criterion-levels",
    })
}

#[derive(askama::Template)]
#[template(path = "calls/admin_stages.html")]
struct StagesPage {
    l: Layout,
    nav: CallNav,
    stages: Vec<Stage>,
    form: StageForm,
    errors: FormErrors,
    zone: String,
    flash: Option<String>,
}

impl StagesPage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| stage_label(&self.l, f))
    }

    fn identifying(&self) -> &'static [&'static str] {
        IDENTIFYING_FIELDS
    }

    fn hidden_key(&self, f: &str) -> &'static str {
        hidden_key(f)
    }
}

async fn stages_page(state: &AppState, ctx: &Ctx, call: &Call, form: StageForm, errors: FormErrors) -> AppResult<StagesPage> {
    let l = layout(state, ctx, ctx.tr.a("calls-admin-stages-title", "title", &call.title)).await?;
    let stages = store::stages(&state.db, call.id).await?;
    let zone = state.tz.iana_name().unwrap_or("UTC").to_string();
    Ok(StagesPage { l, nav: CallNav::new(call, "stages"), stages, form, errors, zone, flash: None })
}

async fn stages(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let mut page = stages_page(&state, &ctx, &call, StageForm::blank(), FormErrors::default()).await?;
    page.flash = flash(&ctx, q.ok.as_deref());
    html(&page)
}

async fn create_stage(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    ctx.check_csrf(get_field(&fields, "csrf"))?;
    let form = StageForm::read(&fields);
    let input = match form.check(|s| ctx.tr.parse_input_datetime(s)) {
        Ok(i) => i,
        Err(errors) => return html_status(StatusCode::UNPROCESSABLE_ENTITY, &stages_page(&state, &ctx, &call, form, errors).await?),
    };
    let mut tx = state.db.begin().await?;
    let stage = store::insert_stage(&mut tx, id, &input).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/appels/{id}/etapes/{stage}?ok=saved")))
}

// ---- one stage and its rubric ----

/// A criterion as typed: its levels by score.
#[derive(Clone, Debug, Default)]
pub struct CriterionForm {
    pub name: String,
    pub description: String,
    pub weight: String,
    pub levels: BTreeMap<i64, String>,
}

impl CriterionForm {
    fn of(c: &Criterion) -> CriterionForm {
        CriterionForm { name: c.name.clone(), description: c.description.clone(), weight: c.weight.to_string(), levels: c.levels.clone() }
    }

    fn read(fields: &[(String, String)], stage: &Stage) -> CriterionForm {
        let levels = (stage.scale_min..=stage.scale_max).map(|v| (v, get_field(fields, &format!("level-{v}")).to_string())).collect();
        CriterionForm {
            name: get_field(fields, "name").into(),
            description: get_field(fields, "description").into(),
            weight: get_field(fields, "weight").into(),
            levels,
        }
    }

    pub fn level(&self, v: &i64) -> &str {
        self.levels.get(v).map(String::as_str).unwrap_or("")
    }

    pub fn check(&self) -> Result<CriterionInput, FormErrors> {
        let mut errors = FormErrors::default();
        text_error(&mut errors, "name", &self.name, true, 200);
        text_error(&mut errors, "description", &self.description, false, 2000);
        let weight = self.weight.trim().parse::<i64>().ok().filter(|w| (1..=100).contains(w));
        if weight.is_none() {
            errors.add("weight", "calls-admin-error-number");
        }
        if self.levels.values().any(|d| d.trim().chars().count() > 500) {
            errors.add("levels", "calls-admin-error-level-long");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CriterionInput {
            name: self.name.trim().into(),
            description: self.description.trim().into(),
            weight: weight.unwrap_or(1),
            levels: self.levels.iter().filter(|(_, d)| !d.trim().is_empty()).map(|(v, d)| (*v, d.trim().to_string())).collect(),
        })
    }
}

#[derive(askama::Template)]
#[template(path = "calls/admin_stage.html")]
struct StagePage {
    l: Layout,
    nav: CallNav,
    stage: Stage,
    form: StageForm,
    criteria: Vec<Criterion>,
    editing: Option<i64>,
    criterion: CriterionForm,
    /// The stage form's errors.
    errors: FormErrors,
    /// The criterion form's errors.
    cerrors: FormErrors,
    in_use: bool,
    zone: String,
    flash: Option<String>,
}

impl StagePage {
    fn error_lines(&self) -> Vec<(String, String)> {
        let mut lines = self.errors.labelled_lines(&self.l.tr, |f| stage_label(&self.l, f));
        lines.extend(self.cerrors.labelled_lines(&self.l.tr, |f| stage_label(&self.l, f)).into_iter().map(|(f, t)| (format!("c-{f}"), t)));
        lines
    }

    fn identifying(&self) -> &'static [&'static str] {
        IDENTIFYING_FIELDS
    }

    fn hidden_key(&self, f: &str) -> &'static str {
        hidden_key(f)
    }

    fn scale(&self) -> Vec<i64> {
        (self.stage.scale_min..=self.stage.scale_max).collect()
    }
}

/// A stage of this call: 404 when it is another call's.
async fn stage_of(state: &AppState, call: &Call, stage: i64) -> AppResult<Stage> {
    store::stage(&state.db, stage).await?.filter(|s| s.call_id == call.id).ok_or(AppError::NotFound)
}

#[allow(clippy::too_many_arguments)]
async fn stage_page(
    state: &AppState,
    ctx: &Ctx,
    call: &Call,
    stage: Stage,
    form: StageForm,
    editing: Option<i64>,
    criterion: CriterionForm,
    errors: FormErrors,
    cerrors: FormErrors,
) -> AppResult<StagePage> {
    let l = layout(state, ctx, ctx.tr.args("calls-admin-stage-title", &[("stage", &stage.name), ("title", &call.title)])).await?;
    let criteria = store::criteria(&state.db, stage.id).await?;
    let in_use = store::manage::stage_in_use(&state.db, stage.id).await?;
    let zone = state.tz.iana_name().unwrap_or("UTC").to_string();
    Ok(StagePage {
        l,
        nav: CallNav::new(call, "stages"),
        stage,
        form,
        criteria,
        editing,
        criterion,
        errors,
        cerrors,
        in_use,
        zone,
        flash: None,
    })
}

async fn edit_stage(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(i64, i64)>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let stage = stage_of(&state, &call, sid).await?;
    let form = StageForm::of(&stage, &ctx.tr);
    let (editing, criterion) = match q.modifier {
        Some(c) => {
            let list = store::criteria(&state.db, sid).await?;
            let found = list.iter().find(|x| x.id == c).ok_or(AppError::NotFound)?;
            (Some(c), CriterionForm::of(found))
        }
        None => (None, CriterionForm { weight: "1".into(), ..Default::default() }),
    };
    let mut page = stage_page(&state, &ctx, &call, stage, form, editing, criterion, FormErrors::default(), FormErrors::default()).await?;
    page.flash = flash(&ctx, q.ok.as_deref());
    html(&page)
}

async fn update_stage(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(i64, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let stage = stage_of(&state, &call, sid).await?;
    ctx.check_csrf(get_field(&fields, "csrf"))?;
    let form = StageForm::read(&fields);
    let mut result = form.check(|s| ctx.tr.parse_input_datetime(s));
    if let Ok(i) = &result
        && (i.scale_min != stage.scale_min || i.scale_max != stage.scale_max)
        && store::manage::stage_in_use(&state.db, sid).await?
    {
        let mut errors = FormErrors::default();
        errors.add("scale_max", "calls-admin-error-scale-in-use");
        result = Err(errors);
    }
    let input = match result {
        Ok(i) => i,
        Err(errors) => {
            let blank = CriterionForm { weight: "1".into(), ..Default::default() };
            let page = stage_page(&state, &ctx, &call, stage, form, None, blank, errors, FormErrors::default()).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    store::update_stage(&mut tx, sid, &input).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/appels/{id}/etapes/{sid}?ok=saved")))
}

async fn criterion_change(
    state: AppState,
    ctx: Ctx,
    id: i64,
    sid: i64,
    crit: Option<i64>,
    fields: Vec<(String, String)>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    let stage = stage_of(&state, &call, sid).await?;
    ctx.check_csrf(get_field(&fields, "csrf"))?;
    if let Some(c) = crit
        && !store::criteria(&state.db, sid).await?.iter().any(|x| x.id == c)
    {
        return Err(AppError::NotFound);
    }
    let form = CriterionForm::read(&fields, &stage);
    let input = match form.check() {
        Ok(i) => i,
        Err(errors) => {
            let stage_form = StageForm::of(&stage, &ctx.tr);
            let page = stage_page(&state, &ctx, &call, stage, stage_form, crit, form, FormErrors::default(), errors).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    match crit {
        Some(c) => {
            store::manage::update_criterion(&mut tx, sid, c, &input).await?;
        }
        None => {
            store::insert_criterion(&mut tx, sid, &input).await?;
        }
    }
    tx.commit().await?;
    Ok(see_other(&format!("/admin/appels/{id}/etapes/{sid}?ok=saved#h-criteria")))
}

async fn create_criterion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(i64, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    criterion_change(state, ctx, id, sid, None, fields).await
}

async fn update_criterion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid, crit)): Path<(i64, i64, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    criterion_change(state, ctx, id, sid, Some(crit), fields).await
}

/// Delete a criterion (refused once the stage has reviews: their scores name it).
async fn delete_criterion(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid, crit)): Path<(i64, i64, i64)>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let call = manageable(&state, user, id).await?;
    stage_of(&state, &call, sid).await?;
    ctx.check_csrf(&f.csrf)?;
    if store::manage::stage_in_use(&state.db, sid).await? {
        return Err(AppError::Conflict("calls-admin-error-criterion-in-use"));
    }
    let mut tx = state.db.begin().await?;
    let done = store::manage::delete_criterion(&mut tx, sid, crit).await?;
    tx.commit().await?;
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/admin/appels/{id}/etapes/{sid}?ok=deleted#h-criteria")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_needs_a_scale_in_order_and_known_hidden_fields() {
        let mut f = StageForm { name: "Premier jury".into(), ..StageForm::blank() };
        f.blind = true;
        f.hidden = vec!["siret".into(), "organisation".into()];
        let s = f.check(|_| None).unwrap();
        assert_eq!(s.hidden_fields, vec!["organisation", "siret"]);
        f.scale_max = "0".into();
        f.hidden.push("adresse".into());
        let e = f.check(|_| None).unwrap_err();
        assert!(e.has("scale_max") && e.has("hidden"));
    }
}
