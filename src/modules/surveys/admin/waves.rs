//! A survey's waves: a new wave (`/admin/enquetes/{id}/vagues/nouvelle`) and a wave's page
//! (`/admin/enquetes/{id}/vagues/{wave}`): label, mode (locked once the wave is opened),
//! opening and closing in the site's time zone, the open public link, the territories each
//! with an optional quota and its count of complete responses; "Ouvrir la vague" freezes the
//! questionnaire's current version (refused while it has no question); "Clore maintenant"
//! closes the wave early.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::{CsrfForm, PageQuery, SurveyNav, flash, layout, manageable, mode_help_key, mode_key, phase_key, phase_name, text_error};
use crate::core::access;
use crate::core::error::{AppError, AppResult};
use crate::core::forms;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::network::{self, Club};
use crate::modules::surveys::INVITATION_SCOPE;
use crate::modules::surveys::model::{Mode, Phase, Survey, Territory, Wave, WaveInput, owner};
use crate::modules::surveys::store;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/enquetes/{id}/vagues/nouvelle", get(new).post(create))
        .route("/admin/enquetes/{id}/vagues/{wave}", get(edit).post(update))
        .route("/admin/enquetes/{id}/vagues/{wave}/ouvrir", post(open))
        .route("/admin/enquetes/{id}/vagues/{wave}/clore", post(close))
}

/// A wave of this survey, or 404.
pub async fn wave_of(state: &AppState, survey: &Survey, wave_id: i64) -> AppResult<Wave> {
    store::wave(&state.db, wave_id).await?.filter(|w| w.survey_id == survey.id).ok_or(AppError::NotFound)
}

/// The clubs a manager may choose as the wave's territories: those they publish for, and
/// those already in the wave.
async fn territory_choices(state: &AppState, ctx: &Ctx, wave: Option<&Wave>) -> AppResult<Vec<Club>> {
    let user = ctx.staff()?;
    let current: Vec<i64> = match wave {
        Some(w) => store::territories(&state.db, w.id).await?.into_iter().map(|t| t.club_id).collect(),
        None => vec![],
    };
    let mut clubs: Vec<Club> =
        network::list_clubs(&state.db).await?.into_iter().filter(|c| user.can_publish(Some(c.id)) || current.contains(&c.id)).collect();
    crate::core::i18n::collate(&mut clubs, |c| &c.name);
    Ok(clubs)
}

/// A wave's territories with their quotas.
pub type Quotas = Vec<(i64, Option<i64>)>;

/// What the manager typed: the fields, and for each club whether it is a territory and its
/// quota (`t_{club}` = 1, `quota_{club}`).
#[derive(Clone, Debug, Default)]
pub struct WaveForm {
    pub csrf: String,
    pub label: String,
    pub mode: String,
    pub opens_at: String,
    pub closes_at: String,
    pub open_link: bool,
    /// (club id, chosen, quota as typed).
    pub territories: Vec<(i64, bool, String)>,
}

impl WaveForm {
    fn parse(fields: &[(String, String)], clubs: &[Club]) -> WaveForm {
        let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        WaveForm {
            csrf: get("csrf"),
            label: get("label"),
            mode: get("mode"),
            opens_at: get("opens_at"),
            closes_at: get("closes_at"),
            open_link: get("open_link") == "1",
            territories: clubs
                .iter()
                .map(|c| (c.id, get(&format!("t_{}", c.id)) == "1", get(&format!("quota_{}", c.id)).trim().to_string()))
                .collect(),
        }
    }

    fn of(w: &Wave, territories: &[Territory], clubs: &[Club], tr: &crate::core::i18n::Tr) -> WaveForm {
        WaveForm {
            csrf: String::new(),
            label: w.label.clone(),
            mode: w.mode.as_str().into(),
            opens_at: tr.input_datetime(w.opens_at),
            closes_at: tr.input_datetime(w.closes_at),
            open_link: w.open_link,
            territories: clubs
                .iter()
                .map(|c| {
                    let t = territories.iter().find(|t| t.club_id == c.id);
                    (c.id, t.is_some(), t.and_then(|t| t.quota).map(|q| q.to_string()).unwrap_or_default())
                })
                .collect(),
        }
    }

    fn blank(clubs: &[Club], now: i64, tr: &crate::core::i18n::Tr) -> WaveForm {
        let year = jiff::Timestamp::from_second(now).map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).year()).unwrap_or(2026);
        WaveForm {
            label: year.to_string(),
            mode: "anonymous".into(),
            opens_at: tr.input_datetime(now - now.rem_euclid(3600) + 3600),
            closes_at: tr.input_datetime(now - now.rem_euclid(3600) + 3600 + 30 * 86_400),
            territories: clubs.iter().map(|c| (c.id, false, String::new())).collect(),
            ..Default::default()
        }
    }

    /// Check everything; `parse_dt` reads a datetime-local value in the site's time zone.
    /// Returns the wave and its territories with their quotas.
    pub fn check(&self, parse_dt: impl Fn(&str) -> Option<i64>) -> Result<(WaveInput, Quotas), FormErrors> {
        let mut errors = FormErrors::default();
        text_error(&mut errors, "label", &self.label, true, 60);
        let mode = Mode::parse(&self.mode);
        if mode.is_none() {
            errors.add("mode", "surveys-admin-error-choice");
        }
        let mut date = |field: &str, value: &str| match value.trim() {
            "" => {
                errors.add(field, "field-required");
                None
            }
            s => parse_dt(s).or_else(|| {
                errors.add(field, "surveys-admin-error-datetime");
                None
            }),
        };
        let opens = date("opens_at", &self.opens_at);
        let closes = date("closes_at", &self.closes_at);
        if let (Some(o), Some(c)) = (opens, closes)
            && c <= o
        {
            errors.add("closes_at", "surveys-admin-error-closes-before");
        }
        let mut territories = vec![];
        for (club, chosen, quota) in &self.territories {
            let q = match quota.as_str() {
                "" => None,
                s => match s.parse::<i64>() {
                    Ok(n) if n > 0 && n <= 1_000_000 => Some(n),
                    _ => {
                        errors.add(&format!("quota_{club}"), "surveys-admin-error-quota");
                        None
                    }
                },
            };
            if *chosen {
                territories.push((*club, q));
            }
        }
        if territories.is_empty() {
            errors.add("territories", "surveys-admin-error-territories");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let input = WaveInput {
            label: self.label.trim().to_string(),
            mode: mode.unwrap_or(Mode::Anonymous),
            opens_at: opens.unwrap_or_default(),
            closes_at: closes.unwrap_or_default(),
            open_link: self.open_link,
        };
        Ok((input, territories))
    }
}

#[derive(askama::Template)]
#[template(path = "surveys/admin_wave.html")]
struct WavePage {
    l: Layout,
    nav: SurveyNav,
    wave: Option<Wave>,
    phase: Option<Phase>,
    form: WaveForm,
    errors: FormErrors,
    clubs: Vec<Club>,
    territories: Vec<Territory>,
    /// The questionnaire's current version and its number of questions.
    current: Option<(i64, usize)>,
    zone: String,
    flash: Option<String>,
    /// Why opening was refused, in words.
    open_error: Option<String>,
    counts: (i64, i64, i64),
}

impl WavePage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| self.label(f))
    }

    fn label(&self, field: &str) -> String {
        match field {
            "label" => self.l.t("surveys-admin-field-label"),
            "mode" => self.l.t("surveys-admin-field-mode"),
            "opens_at" => self.l.t("surveys-admin-field-opens"),
            "closes_at" => self.l.t("surveys-admin-field-closes"),
            "territories" => self.l.t("surveys-admin-field-territories"),
            f => {
                let club = f.strip_prefix("quota_").and_then(|c| c.parse::<i64>().ok());
                let name = club.and_then(|c| self.clubs.iter().find(|x| x.id == c)).map(|c| c.name.as_str()).unwrap_or("");
                self.l.tr.a("surveys-admin-field-quota-of", "club", name)
            }
        }
    }

    fn locked(&self) -> bool {
        self.wave.as_ref().is_some_and(|w| w.form_version.is_some())
    }

    fn modes(&self) -> [Mode; 3] {
        Mode::ALL
    }

    fn mode_key(&self, m: &Mode) -> &'static str {
        mode_key(*m)
    }

    fn mode_help_key(&self, m: &Mode) -> &'static str {
        mode_help_key(*m)
    }

    fn phase_key(&self) -> &'static str {
        self.phase.map(phase_key).unwrap_or("")
    }

    fn phase_name(&self) -> &'static str {
        self.phase.map(phase_name).unwrap_or("")
    }

    fn club_name(&self, id: &i64) -> String {
        self.clubs.iter().find(|c| c.id == *id).map(|c| c.name.clone()).unwrap_or_default()
    }

    fn territory(&self, id: &i64) -> Option<&Territory> {
        self.territories.iter().find(|t| t.club_id == *id)
    }

    fn quota_field(&self, id: &i64) -> String {
        format!("quota_{id}")
    }
}

#[allow(clippy::too_many_arguments)]
async fn wave_page(
    state: &AppState,
    ctx: &Ctx,
    survey: &Survey,
    wave: Option<Wave>,
    form: Option<WaveForm>,
    errors: FormErrors,
    open_error: Option<String>,
) -> AppResult<WavePage> {
    let title = match &wave {
        Some(w) => ctx.tr.args("surveys-admin-wave-title", &[("label", &w.label), ("title", &survey.title)]),
        None => ctx.tr.a("surveys-admin-wave-new", "title", &survey.title),
    };
    let l = layout(state, ctx, title).await?;
    let clubs = territory_choices(state, ctx, wave.as_ref()).await?;
    let territories = match &wave {
        Some(w) => store::territories(&state.db, w.id).await?,
        None => vec![],
    };
    let form = match (form, &wave) {
        (Some(f), _) => f,
        (None, Some(w)) => WaveForm::of(w, &territories, &clubs, &ctx.tr),
        (None, None) => WaveForm::blank(&clubs, ctx.now, &ctx.tr),
    };
    let current = forms::store::get(&state.db, &owner(survey.id)).await?.map(|f| (f.version, f.def.questions().count()));
    let counts = match &wave {
        Some(w) => store::invitation_counts(&state.db, w.id).await?,
        None => (0, 0, 0),
    };
    let zone = state.tz.iana_name().unwrap_or("UTC").to_string();
    Ok(WavePage {
        l,
        nav: SurveyNav::new(survey, "waves"),
        phase: wave.as_ref().map(|w| w.phase(ctx.now)),
        wave,
        form,
        errors,
        clubs,
        territories,
        current,
        zone,
        flash: None,
        open_error,
        counts,
    })
}

async fn new(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let survey = manageable(&state, ctx.staff()?, id).await?;
    html(&wave_page(&state, &ctx, &survey, None, None, FormErrors::default(), None).await?)
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, wave_id)): Path<(i64, i64)>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let survey = manageable(&state, ctx.staff()?, id).await?;
    let wave = wave_of(&state, &survey, wave_id).await?;
    let mut page = wave_page(&state, &ctx, &survey, Some(wave), None, FormErrors::default(), None).await?;
    page.flash = flash(&ctx, q.ok.as_deref());
    html(&page)
}

/// Check the form, and that the label is the survey's only one.
async fn checked(
    state: &AppState,
    ctx: &Ctx,
    survey: &Survey,
    form: &WaveForm,
    wave: Option<&Wave>,
) -> AppResult<Result<(WaveInput, Quotas), FormErrors>> {
    let result = form.check(|s| ctx.tr.parse_input_datetime(s));
    let mut errors = match &result {
        Ok(_) => FormErrors::default(),
        Err(e) => FormErrors(e.0.clone()),
    };
    if !errors.has("label") && store::admin::label_taken(&state.db, survey.id, form.label.trim(), wave.map(|w| w.id)).await? {
        errors.add("label", "surveys-admin-error-label-taken");
    }
    Ok(match result {
        Ok(i) if errors.is_empty() => Ok(i),
        _ => Err(errors),
    })
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let survey = manageable(&state, ctx.staff()?, id).await?;
    let clubs = territory_choices(&state, &ctx, None).await?;
    let form = WaveForm::parse(&fields, &clubs);
    ctx.check_csrf(&form.csrf)?;
    let (input, territories) = match checked(&state, &ctx, &survey, &form, None).await? {
        Ok(i) => i,
        Err(errors) => {
            let page = wave_page(&state, &ctx, &survey, None, Some(form), errors, None).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    let wave_id = match store::insert_wave(&mut tx, survey.id, &input, ctx.now).await {
        Ok(id) => id,
        // The same label saved at the same moment by someone else: the unique key says so.
        Err(e) => {
            let page = wave_page(&state, &ctx, &survey, None, Some(form), FormErrors(vec![AppError::taken(e)?]), None).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    store::set_territories(&mut tx, wave_id, &territories).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/enquetes/{id}/vagues/{wave_id}?ok=created")))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, wave_id)): Path<(i64, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let survey = manageable(&state, ctx.staff()?, id).await?;
    let wave = wave_of(&state, &survey, wave_id).await?;
    let clubs = territory_choices(&state, &ctx, Some(&wave)).await?;
    let mut form = WaveForm::parse(&fields, &clubs);
    ctx.check_csrf(&form.csrf)?;
    if wave.form_version.is_some() {
        // The mode was told to respondents: it stays whatever was sent.
        form.mode = wave.mode.as_str().into();
    }
    let (input, territories) = match checked(&state, &ctx, &survey, &form, Some(&wave)).await? {
        Ok(i) => i,
        Err(errors) => {
            let page = wave_page(&state, &ctx, &survey, Some(wave), Some(form), errors, None).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    // A territory with invitations or responses cannot leave the wave.
    let kept: Vec<i64> = territories.iter().map(|t| t.0).collect();
    let invitations = store::invitations(&state.db, wave.id).await?;
    let current = store::territories(&state.db, wave.id).await?;
    if let Some(t) =
        current.iter().find(|t| !kept.contains(&t.club_id) && (t.complete > 0 || invitations.iter().any(|i| i.club_id == t.club_id)))
    {
        let mut errors = FormErrors::default();
        errors.add("territories", "surveys-admin-error-territory-in-use");
        let mut page = wave_page(&state, &ctx, &survey, Some(wave), Some(form), errors, None).await?;
        page.open_error = Some(ctx.tr.a("surveys-admin-territory-in-use", "club", &t.club_name));
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut tx = state.db.begin().await?;
    if let Err(e) = store::update_wave(&mut tx, wave.id, &input).await {
        let page = wave_page(&state, &ctx, &survey, Some(wave), Some(form), FormErrors(vec![AppError::taken(e)?]), None).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    store::set_territories(&mut tx, wave.id, &territories).await?;
    if input.closes_at != wave.closes_at {
        let ids = store::admin::invitation_ids(&mut tx, wave.id).await?;
        access::set_expiry(&mut tx, INVITATION_SCOPE, &ids, input.closes_at).await?;
    }
    tx.commit().await?;
    Ok(see_other(&format!("/admin/enquetes/{id}/vagues/{wave_id}?ok=saved")))
}

/// "Ouvrir la vague": freeze the questionnaire's current version for this wave. Refused with
/// a message while the questionnaire has no question.
async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, wave_id)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let survey = manageable(&state, ctx.staff()?, id).await?;
    let wave = wave_of(&state, &survey, wave_id).await?;
    ctx.check_csrf(&f.csrf)?;
    if wave.form_version.is_some() {
        return Ok(see_other(&format!("/admin/enquetes/{id}/vagues/{wave_id}")));
    }
    let questions = forms::store::get(&state.db, &owner(survey.id)).await?.map(|f| f.def.questions().count()).unwrap_or(0);
    if questions == 0 {
        let msg = ctx.tr.t("surveys-admin-open-no-question");
        let page = wave_page(&state, &ctx, &survey, Some(wave), None, FormErrors::default(), Some(msg)).await?;
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut tx = state.db.begin().await?;
    store::open_wave(&mut tx, wave.id, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/enquetes/{id}/vagues/{wave_id}?ok=opened")))
}

/// "Clore maintenant": the wave's closing date becomes now; its invitations' links expire.
async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, wave_id)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let survey = manageable(&state, ctx.staff()?, id).await?;
    let wave = wave_of(&state, &survey, wave_id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut tx = state.db.begin().await?;
    if store::admin::close_wave(&mut tx, wave.id, ctx.now).await? {
        let ids = store::admin::invitation_ids(&mut tx, wave.id).await?;
        access::set_expiry(&mut tx, INVITATION_SCOPE, &ids, ctx.now).await?;
    }
    tx.commit().await?;
    Ok(see_other(&format!("/admin/enquetes/{id}/vagues/{wave_id}?ok=closed")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<i64> {
        let dt: jiff::civil::DateTime = s.parse().ok()?;
        dt.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_second())
    }

    #[test]
    fn a_wave_needs_dates_in_order_a_territory_and_sane_quotas() {
        let f = WaveForm {
            label: "2026".into(),
            mode: "pseudonymous".into(),
            opens_at: "2026-03-01T09:00".into(),
            closes_at: "2026-04-01T09:00".into(),
            territories: vec![(1, true, "50".into()), (2, true, String::new()), (3, false, String::new())],
            ..Default::default()
        };
        let (w, t) = f.check(parse).unwrap();
        assert_eq!(w.mode, Mode::Pseudonymous);
        assert_eq!(t, vec![(1, Some(50)), (2, None)]);
        let bad = WaveForm {
            mode: "secret".into(),
            closes_at: "2026-02-01T09:00".into(),
            territories: vec![(1, true, "-3".into()), (2, false, String::new())],
            ..f
        };
        let fields: Vec<String> = bad.check(parse).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["mode", "closes_at", "quota_1"]);
    }
}
