//! The surveys' list (`/admin/enquetes`), a new survey (`/admin/enquetes/nouvelle`) and a
//! survey's settings with its waves (`/admin/enquetes/{id}`).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::{PageQuery, SurveyNav, flash, layout, manageable, phase_key, phase_name, text_error};
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::values::Slug;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::network::{self, Club};
use crate::modules::surveys::model::{DEFAULT_MIN_CELL, Phase, Survey, SurveyInput, Wave};
use crate::modules::surveys::store::{self, admin::WaveCounts};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/enquetes", get(list))
        .route("/admin/enquetes/nouvelle", get(new).post(create))
        .route("/admin/enquetes/{id}", get(edit).post(update))
}

// ---- the list ----

/// A wave as the list shows it.
pub struct WaveRow {
    pub wave: Wave,
    pub phase: Phase,
    pub counts: WaveCounts,
    /// For a partner territory whose counts are under the survey's threshold: the words shown
    /// instead of them.
    pub few: Option<String>,
}

impl WaveRow {
    pub fn phase_key(&self) -> &'static str {
        phase_key(self.phase)
    }

    pub fn phase_name(&self) -> &'static str {
        phase_name(self.phase)
    }
}

pub struct SurveyRow {
    pub survey: Survey,
    pub owner: Option<String>,
    /// The person manages it (else: the network's survey a wave of theirs runs in).
    pub manages: bool,
    pub waves: Vec<WaveRow>,
}

#[derive(askama::Template)]
#[template(path = "surveys/admin_list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<SurveyRow>,
    flash: Option<String>,
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let clubs = network::list_clubs(&state.db).await?;
    let mine = user.publishing_clubs();
    let taking_part = match &mine {
        Some(c) => store::admin::surveys_in_clubs(&state.db, c).await?,
        None => vec![],
    };
    let all_counts = store::admin::wave_counts(&state.db, None).await?;
    let club_counts = match &mine {
        Some(c) => store::admin::wave_counts(&state.db, Some(c)).await?,
        None => Default::default(),
    };
    let mut rows = vec![];
    for survey in store::surveys(&state.db).await? {
        let manages = user.can_publish(survey.club_id);
        if !manages && !taking_part.contains(&survey.id) {
            continue;
        }
        let counts = if manages { &all_counts } else { &club_counts };
        let waves = store::waves(&state.db, survey.id)
            .await?
            .into_iter()
            .map(|w| {
                let counts = counts.get(&w.id).cloned().unwrap_or_default();
                let few = (!manages && counts.complete < survey.min_cell)
                    .then(|| ctx.tr.a("surveys-results-suppressed", "n", &survey.min_cell.to_string()));
                WaveRow { phase: w.phase(ctx.now), counts, few, wave: w }
            })
            .collect();
        let owner = survey.club_id.and_then(|c| clubs.iter().find(|x| x.id == c).map(|x| x.name.clone()));
        rows.push(SurveyRow { survey, owner, manages, waves });
    }
    let l = layout(&state, &ctx, ctx.tr.t("surveys-admin-title")).await?;
    html(&ListPage { l, rows, flash: flash(&ctx, q.ok.as_deref()) })
}

// ---- a survey's settings ----

/// What the manager typed (kept to show the form again with its errors).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SurveyForm {
    pub csrf: String,
    pub title: String,
    pub slug: String,
    pub club_id: String,
    pub summary: String,
    pub intro: String,
    pub min_cell: String,
}

impl SurveyForm {
    fn blank(club: Option<i64>) -> SurveyForm {
        SurveyForm {
            club_id: club.map(|c| c.to_string()).unwrap_or_default(),
            min_cell: DEFAULT_MIN_CELL.to_string(),
            ..Default::default()
        }
    }

    fn of(s: &Survey) -> SurveyForm {
        SurveyForm {
            csrf: String::new(),
            title: s.title.clone(),
            slug: s.slug.clone(),
            club_id: s.club_id.map(|c| c.to_string()).unwrap_or_default(),
            summary: s.summary.clone(),
            intro: s.intro.clone(),
            min_cell: s.min_cell.to_string(),
        }
    }

    /// Check everything; `may_use_club` says whether this person may give the survey to that
    /// owner (`None`: the network).
    pub fn check(&self, may_use_club: impl Fn(Option<i64>) -> bool) -> Result<SurveyInput, FormErrors> {
        let mut errors = FormErrors::default();
        text_error(&mut errors, "title", &self.title, true, 200);
        let slug = Slug::typed_or_from(&self.slug, &self.title);
        if (!self.title.trim().is_empty() || !self.slug.trim().is_empty())
            && let Err(e) = Slug::parse(&slug)
        {
            errors.add("slug", e);
        }
        let club = match self.club_id.trim() {
            "" => Some(None),
            s => s.parse::<i64>().ok().map(Some),
        };
        let club = match club {
            Some(c) if may_use_club(c) => c,
            _ => {
                errors.add("club_id", "surveys-admin-error-owner");
                None
            }
        };
        text_error(&mut errors, "summary", &self.summary, false, 1000);
        text_error(&mut errors, "intro", &self.intro, false, 20_000);
        let min_cell = match self.min_cell.trim().parse::<i64>() {
            Ok(n) if (1..=1000).contains(&n) => n,
            _ => {
                errors.add("min_cell", "surveys-admin-error-min-cell");
                DEFAULT_MIN_CELL
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SurveyInput {
            slug,
            club_id: club,
            title: self.title.trim().to_string(),
            summary: self.summary.trim().to_string(),
            intro: self.intro.trim().to_string(),
            min_cell,
        })
    }
}

#[derive(askama::Template)]
#[template(path = "surveys/admin_survey.html")]
struct EditPage {
    l: Layout,
    nav: Option<SurveyNav>,
    form: SurveyForm,
    errors: FormErrors,
    clubs: Vec<Club>,
    national_allowed: bool,
    waves: Vec<WaveRow>,
    flash: Option<String>,
}

impl EditPage {
    fn error_lines(&self) -> Vec<(String, String)> {
        self.errors.labelled_lines(&self.l.tr, |f| self.label(f))
    }

    fn label(&self, field: &str) -> String {
        self.l.t(match field {
            "title" => "admin-field-title",
            "slug" => "admin-field-slug",
            "club_id" => "surveys-admin-field-owner",
            "summary" => "surveys-admin-field-summary",
            "intro" => "surveys-admin-field-intro",
            _ => "surveys-admin-field-min-cell",
        })
    }
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    user: &Principal,
    survey: Option<&Survey>,
    form: SurveyForm,
    errors: FormErrors,
) -> AppResult<EditPage> {
    let title = match survey {
        Some(s) => ctx.tr.a("surveys-admin-edit-title", "title", &s.title),
        None => ctx.tr.t("surveys-admin-new"),
    };
    let l = layout(state, ctx, title).await?;
    let mut clubs: Vec<Club> = network::list_clubs(&state.db).await?.into_iter().filter(|c| user.can_publish(Some(c.id))).collect();
    crate::core::i18n::collate(&mut clubs, |c| &c.name);
    let national_allowed = user.can_publish(None) || survey.is_some_and(|s| s.club_id.is_none());
    let waves = match survey {
        Some(s) => {
            let counts = store::admin::wave_counts(&state.db, None).await?;
            store::waves(&state.db, s.id)
                .await?
                .into_iter()
                .map(|w| WaveRow { phase: w.phase(ctx.now), counts: counts.get(&w.id).cloned().unwrap_or_default(), few: None, wave: w })
                .collect()
        }
        None => vec![],
    };
    Ok(EditPage { l, nav: survey.map(|s| SurveyNav::new(s, "survey")), form, errors, clubs, national_allowed, waves, flash: None })
}

async fn new(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.staff()?;
    let club = user.publishing_clubs().and_then(|c| c.first().copied());
    html(&edit_page(&state, &ctx, user, None, SurveyForm::blank(club), FormErrors::default()).await?)
}

async fn edit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let survey = manageable(&state, user, id).await?;
    let mut page = edit_page(&state, &ctx, user, Some(&survey), SurveyForm::of(&survey), FormErrors::default()).await?;
    page.flash = flash(&ctx, q.ok.as_deref());
    html(&page)
}

/// Check the form against what exists (clubs, slugs).
async fn checked(
    state: &AppState,
    user: &Principal,
    form: &SurveyForm,
    survey: Option<&Survey>,
) -> AppResult<Result<SurveyInput, FormErrors>> {
    let clubs: Vec<i64> = network::list_clubs(&state.db).await?.into_iter().map(|c| c.id).collect();
    let result = form.check(|c| survey.is_some_and(|x| x.club_id == c) || (user.can_publish(c) && c.is_none_or(|c| clubs.contains(&c))));
    let mut errors = match &result {
        Ok(_) => FormErrors::default(),
        Err(e) => FormErrors(e.0.clone()),
    };
    let slug = Slug::typed_or_from(&form.slug, &form.title);
    // `reponse` is taken by the invitations' pages (/enquetes/reponse/{token}).
    if !errors.has("slug")
        && Slug::is_valid(&slug)
        && (slug == "reponse" || store::admin::slug_taken(&state.db, &slug, survey.map(|s| s.id)).await?)
    {
        errors.add("slug", "field-slug-taken");
    }
    Ok(match result {
        Ok(i) if errors.is_empty() => Ok(i),
        _ => Err(errors),
    })
}

async fn create(State(state): State<AppState>, ctx: Ctx, Form(form): Form<SurveyForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&form.csrf)?;
    let input = match checked(&state, user, &form, None).await? {
        Ok(i) => i,
        Err(errors) => return html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, None, form, errors).await?),
    };
    let mut tx = state.db.begin().await?;
    match store::insert_survey(&mut tx, &input, Some(user.user_id), ctx.now).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(see_other(&format!("/admin/enquetes/{id}?ok=created")))
        }
        Err(e) => {
            tx.rollback().await?;
            let errors = FormErrors(vec![AppError::taken(e)?]);
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, None, form, errors).await?)
        }
    }
}

async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<SurveyForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let survey = manageable(&state, user, id).await?;
    ctx.check_csrf(&form.csrf)?;
    let input = match checked(&state, user, &form, Some(&survey)).await? {
        Ok(i) => i,
        Err(errors) => {
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, Some(&survey), form, errors).await?);
        }
    };
    let mut tx = state.db.begin().await?;
    match store::update_survey(&mut tx, id, &input, ctx.now).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(see_other(&format!("/admin/enquetes/{id}?ok=saved")))
        }
        Err(e) => {
            tx.rollback().await?;
            let errors = FormErrors(vec![AppError::taken(e)?]);
            html_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, user, Some(&survey), form, errors).await?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_survey_needs_a_title_an_owner_and_a_cell_size() {
        let f = SurveyForm { title: "Baromètre des âges".into(), ..SurveyForm::blank(Some(3)) };
        let s = f.check(|c| c == Some(3)).unwrap();
        assert_eq!((s.slug.as_str(), s.club_id, s.min_cell), ("barometre-des-ages", Some(3), 5));
        let bad = SurveyForm { title: " ".into(), club_id: "4".into(), min_cell: "0".into(), ..f };
        let fields: Vec<String> = bad.check(|c| c == Some(3)).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["title", "club_id", "min_cell"]);
    }
}
