//! One-off actions in schools: a club's volunteers meet classes of a school, for a program or
//! not, and record the school, its town, the class level, the date, how many girls and boys
//! were there and how many volunteers came. Aggregates only, never a pupil's name. The totals
//! ("pupils reached this school year") per club and for the network; a school year starts on
//! 1 September.
//!
//! The back office (section `programs-admin`), for the staff who may publish for the club
//! (`Principal::can_publish`; network administrators see every club):
//! - `GET /admin/programmes/actions?annee=2026-2027`: the year's actions of the clubs this
//!   person may publish for, with the pupils reached per club and, for who sees every club,
//!   for the network;
//! - `GET|POST /admin/programmes/actions/nouvelle`: record one;
//! - `GET|POST /admin/programmes/actions/{id}`: correct one (403 for another club's);
//! - `GET|POST /admin/programmes/actions/{id}/supprimer`: delete one, after a confirmation.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;

use super::store::schools as store;
/// Actions are written and summed through these (the demo, seeds and tests; staff go through
/// the pages).
pub use super::store::schools::{
    action, actions, delete_action, insert_action, network_reached, program_reached, reached_by_club, update_action,
};
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html, html_status, see_other};
use crate::modules::network;

/// The admin menu's section of the programs' back office.
pub const SECTION: &str = "programs-admin";

/// The class levels an action may be recorded for (codes; `programs-level-{code}` names them).
pub const LEVELS: [&str; 9] = ["cm2", "6e", "5e", "4e", "3e", "2de", "1re", "tle", "other"];

/// The most pupils of each gender, and volunteers, one action may count.
pub const MAX_PUPILS: i64 = 2000;
pub const MAX_VOLUNTEERS: i64 = 200;

/// An action in a school, as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SchoolAction {
    pub id: i64,
    pub club_id: i64,
    pub club_name: String,
    pub program_id: Option<i64>,
    pub school: String,
    pub town: String,
    /// One of [`LEVELS`].
    pub level: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub school_year: String,
    pub girls: i64,
    pub boys: i64,
    pub volunteers: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What an action is written with (checked: a level of [`LEVELS`], a date that exists).
#[derive(Clone, Debug, PartialEq)]
pub struct ActionInput {
    pub club_id: i64,
    pub program_id: Option<i64>,
    pub school: String,
    pub town: String,
    pub level: String,
    pub held_on: String,
    pub girls: i64,
    pub boys: i64,
    pub volunteers: i64,
}

impl ActionInput {
    /// The school year of its date ("" when the date is not one, which the checks refuse).
    pub fn school_year(&self) -> String {
        school_year_of(&self.held_on).unwrap_or_default()
    }
}

/// Pupils reached by actions in schools (sums).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Reached {
    pub girls: i64,
    pub boys: i64,
    pub actions: i64,
    pub volunteers: i64,
}

impl Reached {
    pub fn pupils(&self) -> i64 {
        self.girls + self.boys
    }

    pub fn add(&mut self, o: &Reached) {
        self.girls += o.girls;
        self.boys += o.boys;
        self.actions += o.actions;
        self.volunteers += o.volunteers;
    }
}

/// The school year of a date (`YYYY-MM-DD`): "2026-2027" from 1 September 2026 to 31 August
/// 2027.
pub fn school_year_of(date: &str) -> Option<String> {
    let d: jiff::civil::Date = date.parse().ok()?;
    let first = if d.month() >= 9 { d.year() } else { d.year() - 1 };
    Some(format!("{first}-{}", first + 1))
}

/// The school year under way at `now` in the time zone `tz`.
pub fn school_year_at(now: i64, tz: &jiff::tz::TimeZone) -> String {
    let date = jiff::Timestamp::from_second(now).map(|t| t.to_zoned(tz.clone()).date().to_string()).unwrap_or_default();
    school_year_of(&date).unwrap_or_else(|| "1970-1971".into())
}

/// A school year as typed ("2026-2027", the second year the first plus one); None otherwise.
pub fn parse_school_year(s: &str) -> Option<String> {
    let (a, b) = s.trim().split_once('-')?;
    let (a, b): (i64, i64) = (a.parse().ok()?, b.parse().ok()?);
    ((1990..=2200).contains(&a) && b == a + 1).then(|| format!("{a}-{b}"))
}

/// The school year a page asks for (`?annee=`), the one under way when it names none or not
/// one.
pub fn asked_year(ctx: &Ctx, annee: Option<&str>) -> String {
    annee.and_then(parse_school_year).unwrap_or_else(|| school_year_at(ctx.now, ctx.tr.tz()))
}

/// The school years a page offers: those with data, the one under way, and the one asked.
pub async fn year_choices(state: &AppState, ctx: &Ctx, asked: &str) -> AppResult<Vec<String>> {
    let mut years = store::years(&state.db).await?;
    for y in [school_year_at(ctx.now, ctx.tr.tz()), asked.to_string()] {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    Ok(years)
}

/// The clubs a person may record actions for: (id, name), by name.
async fn clubs_for(state: &AppState, user: &Principal) -> AppResult<Vec<(i64, String)>> {
    let mut clubs: Vec<(i64, String)> =
        network::list_clubs(&state.db).await?.into_iter().filter(|c| user.can_publish(Some(c.id))).map(|c| (c.id, c.name)).collect();
    crate::core::i18n::collate(&mut clubs, |c| c.1.as_str());
    Ok(clubs)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/programmes/actions", get(list))
        .route("/admin/programmes/actions/nouvelle", get(new_form).post(create))
        .route("/admin/programmes/actions/{id}", get(edit_form).post(edit))
        .route("/admin/programmes/actions/{id}/supprimer", get(confirm_delete).post(delete))
}

// ---- the list ----

/// A line of the list.
pub struct ActionLine {
    pub id: i64,
    pub held_on: String,
    pub club: String,
    pub school: String,
    pub town: String,
    pub level: String,
    pub program: String,
    pub girls: i64,
    pub boys: i64,
    pub volunteers: i64,
}

/// A club's totals for the year.
pub struct ClubTotal {
    pub name: String,
    pub reached: Reached,
}

#[derive(askama::Template)]
#[template(path = "programs/admin_actions.html")]
struct ListPage {
    l: Layout,
    year: String,
    years: Vec<String>,
    actions: Vec<ActionLine>,
    clubs: Vec<ClubTotal>,
    network: Option<Reached>,
    flash: String,
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    annee: Option<String>,
    ok: Option<String>,
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let year = asked_year(&ctx, q.annee.as_deref());
    let years = year_choices(&state, &ctx, &year).await?;
    let programs = super::store::programs(&state.db).await?;
    let title_of = |id: Option<i64>| id.and_then(|id| programs.iter().find(|p| p.id == id)).map(|p| p.title.clone()).unwrap_or_default();
    let actions = store::actions(&state.db, &year)
        .await?
        .into_iter()
        .filter(|a| user.can_publish(Some(a.club_id)))
        .map(|a| ActionLine {
            id: a.id,
            held_on: ctx.tr.date(day_start(&a.held_on)),
            program: title_of(a.program_id),
            level: ctx.tr.t(&format!("programs-level-{}", a.level)),
            club: a.club_name,
            school: a.school,
            town: a.town,
            girls: a.girls,
            boys: a.boys,
            volunteers: a.volunteers,
        })
        .collect();
    let clubs = store::reached_by_club(&state.db, &year)
        .await?
        .into_iter()
        .filter(|(id, _, _)| user.can_publish(Some(*id)))
        .map(|(_, name, reached)| ClubTotal { name, reached })
        .collect();
    let network = match user.publishing_clubs() {
        None => Some(store::network_reached(&state.db, &year).await?),
        Some(_) => None,
    };
    let flash = match q.ok.as_deref() {
        Some("ajoutee") => ctx.tr.t("programs-action-added"),
        Some("modifiee") => ctx.tr.t("programs-action-saved"),
        Some("supprimee") => ctx.tr.t("programs-action-deleted"),
        _ => String::new(),
    };
    let l = network::admin_layout(&state, &ctx, ctx.tr.t("programs-actions-title"), SECTION).await?;
    html(&ListPage { l, year, years, actions, clubs, network, flash })
}

/// Noon (UTC) of a `YYYY-MM-DD` day, for formatting it as a date in any nearby time zone.
fn day_start(date: &str) -> i64 {
    date.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

// ---- the form ----

/// The form as typed (kept as it is when it is refused).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ActionFields {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub club: String,
    #[serde(default)]
    pub program: String,
    #[serde(default)]
    pub school: String,
    #[serde(default)]
    pub town: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub girls: String,
    #[serde(default)]
    pub boys: String,
    #[serde(default)]
    pub volunteers: String,
}

impl ActionFields {
    fn of(a: &SchoolAction) -> ActionFields {
        ActionFields {
            csrf: String::new(),
            club: a.club_id.to_string(),
            program: a.program_id.map(|p| p.to_string()).unwrap_or_default(),
            school: a.school.clone(),
            town: a.town.clone(),
            level: a.level.clone(),
            held_on: a.held_on.clone(),
            girls: a.girls.to_string(),
            boys: a.boys.to_string(),
            volunteers: a.volunteers.to_string(),
        }
    }

    /// Check the form: `clubs` those the person may choose, `programs` the programs' ids,
    /// `today` (`YYYY-MM-DD`) the latest date accepted.
    pub fn check(&self, clubs: &[i64], programs: &[i64], today: &str) -> Result<ActionInput, FormErrors> {
        let mut errors = FormErrors::default();
        let club_id = self.club.trim().parse::<i64>().ok().filter(|id| clubs.contains(id));
        if club_id.is_none() {
            errors.add("club", "programs-action-error-club");
        }
        let program_id = match self.program.trim() {
            "" => None,
            p => match p.parse::<i64>().ok().filter(|id| programs.contains(id)) {
                Some(id) => Some(id),
                None => {
                    errors.add("program", "programs-action-error-program");
                    None
                }
            },
        };
        let (school, town) = (self.school.trim(), self.town.trim());
        if school.is_empty() {
            errors.add("school", "programs-action-error-required");
        } else if school.chars().count() > 200 {
            errors.add("school", "programs-action-error-long");
        }
        if town.is_empty() {
            errors.add("town", "programs-action-error-required");
        } else if town.chars().count() > 120 {
            errors.add("town", "programs-action-error-long");
        }
        let level = self.level.trim();
        if !LEVELS.contains(&level) {
            errors.add("level", "programs-action-error-level");
        }
        let held_on = self.held_on.trim();
        match held_on.parse::<jiff::civil::Date>() {
            Err(_) => errors.add("held_on", "programs-action-error-date"),
            Ok(d) if d.year() < 2000 => errors.add("held_on", "programs-action-error-date"),
            Ok(d) if d.to_string().as_str() > today => errors.add("held_on", "programs-action-error-future"),
            Ok(_) => {}
        }
        let mut count = |field: &str, value: &str, max: i64| -> i64 {
            let v = value.trim();
            if v.is_empty() {
                return 0;
            }
            match v.parse::<i64>() {
                Ok(n) if (0..=max).contains(&n) => n,
                Ok(n) if n > max => {
                    errors.add(field, "programs-action-error-too-many");
                    0
                }
                _ => {
                    errors.add(field, "programs-action-error-count");
                    0
                }
            }
        };
        let girls = count("girls", &self.girls, MAX_PUPILS);
        let boys = count("boys", &self.boys, MAX_PUPILS);
        let volunteers = count("volunteers", &self.volunteers, MAX_VOLUNTEERS);
        if girls + boys == 0 && !errors.has("girls") && !errors.has("boys") {
            errors.add("girls", "programs-action-error-no-pupils");
        }
        match (club_id, errors.is_empty()) {
            (Some(club_id), true) => Ok(ActionInput {
                club_id,
                program_id,
                school: school.to_string(),
                town: town.to_string(),
                level: level.to_string(),
                held_on: held_on.to_string(),
                girls,
                boys,
                volunteers,
            }),
            _ => Err(errors),
        }
    }
}

/// An option of a select.
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(askama::Template)]
#[template(path = "programs/admin_action_edit.html")]
struct EditPage {
    l: Layout,
    /// Where the form posts.
    action: String,
    form: ActionFields,
    errors: FormErrors,
    summary: Vec<(String, String)>,
    clubs: Vec<Choice>,
    programs: Vec<Choice>,
    levels: Vec<Choice>,
    today: String,
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: Option<i64>,
    form: ActionFields,
    errors: FormErrors,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let clubs = clubs_for(state, user).await?.into_iter().map(|(id, name)| Choice { value: id.to_string(), label: name }).collect();
    let programs =
        super::store::programs(&state.db).await?.into_iter().map(|p| Choice { value: p.id.to_string(), label: p.title }).collect();
    let levels = LEVELS.iter().map(|c| Choice { value: c.to_string(), label: ctx.tr.t(&format!("programs-level-{c}")) }).collect();
    let (title, action) = match id {
        Some(id) => (ctx.tr.t("programs-action-edit-title"), format!("/admin/programmes/actions/{id}")),
        None => (ctx.tr.t("programs-action-new-title"), "/admin/programmes/actions/nouvelle".to_string()),
    };
    let l = network::admin_layout(state, ctx, title, SECTION).await?;
    let summary = errors.labelled_lines(&ctx.tr, |f| ctx.tr.t(&format!("programs-action-{}", f.replace('_', "-"))));
    let today = today(ctx);
    html_status(status, &EditPage { l, action, form, errors, summary, clubs, programs, levels, today })
}

fn today(ctx: &Ctx) -> String {
    jiff::Timestamp::from_second(ctx.now).map(|t| t.to_zoned(ctx.tr.tz().clone()).date().to_string()).unwrap_or_default()
}

async fn new_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.staff()?;
    let clubs = clubs_for(&state, user).await?;
    let form = ActionFields {
        club: if clubs.len() == 1 { clubs[0].0.to_string() } else { String::new() },
        held_on: today(&ctx),
        ..Default::default()
    };
    edit_page(&state, &ctx, StatusCode::OK, None, form, FormErrors::default()).await
}

/// Check the form against what this person may choose.
async fn checked(state: &AppState, ctx: &Ctx, form: &ActionFields) -> AppResult<Result<ActionInput, FormErrors>> {
    let user = ctx.staff()?;
    let clubs: Vec<i64> = clubs_for(state, user).await?.into_iter().map(|c| c.0).collect();
    let programs: Vec<i64> = super::store::programs(&state.db).await?.into_iter().map(|p| p.id).collect();
    Ok(form.check(&clubs, &programs, &today(ctx)))
}

fn year_url(input: &ActionInput, ok: &str) -> String {
    format!("/admin/programmes/actions?annee={}&ok={ok}", input.school_year())
}

async fn create(State(state): State<AppState>, ctx: Ctx, Form(f): Form<ActionFields>) -> AppResult<Response> {
    ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    let input = match checked(&state, &ctx, &f).await? {
        Ok(i) => i,
        Err(errors) => return edit_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, None, f, errors).await,
    };
    let mut tx = state.db.begin().await?;
    store::insert_action(&mut tx, &input, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&year_url(&input, "ajoutee")))
}

/// An action this person may change: 404 when there is none, 403 when it is another club's.
async fn editable(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<SchoolAction> {
    let user = ctx.staff()?;
    let a = store::action(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !user.can_publish(Some(a.club_id)) {
        return Err(AppError::Forbidden);
    }
    Ok(a)
}

async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let a = editable(&state, &ctx, id).await?;
    edit_page(&state, &ctx, StatusCode::OK, Some(id), ActionFields::of(&a), FormErrors::default()).await
}

async fn edit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<ActionFields>) -> AppResult<Response> {
    editable(&state, &ctx, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let input = match checked(&state, &ctx, &f).await? {
        Ok(i) => i,
        Err(errors) => return edit_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(id), f, errors).await,
    };
    let mut tx = state.db.begin().await?;
    store::update_action(&mut tx, id, &input, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&year_url(&input, "modifiee")))
}

#[derive(askama::Template)]
#[template(path = "programs/admin_action_delete.html")]
struct DeletePage {
    l: Layout,
    action: SchoolAction,
    held_on: String,
}

#[derive(serde::Deserialize, Default)]
struct DeleteForm {
    #[serde(default)]
    csrf: String,
}

async fn confirm_delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let action = editable(&state, &ctx, id).await?;
    let held_on = ctx.tr.date(day_start(&action.held_on));
    let l = network::admin_layout(&state, &ctx, ctx.tr.a("programs-action-delete-title", "school", &action.school), SECTION).await?;
    html(&DeletePage { l, action, held_on })
}

async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<DeleteForm>) -> AppResult<Response> {
    let action = editable(&state, &ctx, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut tx = state.db.begin().await?;
    store::delete_action(&mut tx, id).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/programmes/actions?annee={}&ok=supprimee", action.school_year)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_year_starts_on_the_first_of_september() {
        assert_eq!(school_year_of("2026-09-01").as_deref(), Some("2026-2027"));
        assert_eq!(school_year_of("2026-08-31").as_deref(), Some("2025-2026"));
        assert_eq!(school_year_of("2027-06-30").as_deref(), Some("2026-2027"));
        assert_eq!(school_year_of("2026-02-30"), None);
        assert_eq!(parse_school_year(" 2026-2027").as_deref(), Some("2026-2027"));
        assert_eq!(parse_school_year("2026-2028"), None);
        assert_eq!(parse_school_year("x"), None);
    }

    #[test]
    fn the_form_keeps_what_was_typed_and_says_what_is_wrong() {
        let f = ActionFields {
            club: "7".into(),
            program: String::new(),
            school: "Collège Jean-Jaurès".into(),
            town: "Montreuil".into(),
            level: "4e".into(),
            held_on: "2026-11-12".into(),
            girls: "14".into(),
            boys: "12".into(),
            volunteers: "3".into(),
            ..Default::default()
        };
        let ok = f.check(&[7], &[], "2026-12-01").unwrap();
        assert_eq!((ok.girls, ok.boys, ok.school_year().as_str()), (14, 12, "2026-2027"));
        let bad = ActionFields { girls: "douze".into(), boys: "-1".into(), held_on: "2026-13-01".into(), level: "cp".into(), ..f.clone() };
        let e = bad.check(&[7], &[], "2026-12-01").unwrap_err();
        for field in ["girls", "boys", "held_on", "level"] {
            assert!(e.has(field), "{field}");
        }
        assert!(f.check(&[8], &[], "2026-12-01").unwrap_err().has("club"));
        assert!(
            ActionFields { girls: "0".into(), boys: String::new(), ..f.clone() }.check(&[7], &[], "2026-12-01").unwrap_err().has("girls")
        );
        assert_eq!(f.check(&[7], &[], "2026-11-01").unwrap_err().get("held_on"), "programs-action-error-future");
        assert_eq!(
            ActionFields { girls: "99999999999999999999".into(), ..f }.check(&[7], &[], "2026-12-01").unwrap_err().get("girls"),
            "programs-action-error-count"
        );
    }
}
