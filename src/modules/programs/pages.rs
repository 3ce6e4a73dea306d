//! The programs' public pages: `/programmes` (every program, the clubs that run it) and
//! `/programmes/{slug}` (what the program is, for whom, its path and skills, what completing
//! it means, the clubs that run it and since when, its public figures). Both are cached
//! (scope `PROGRAMS`). Nothing here names a participant.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::model::{Figures, Program, SessionKind};
use super::store;
use crate::core::cache;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::Tr;
use crate::core::markup;
use crate::core::web::{AppState, Ctx, Layout, html};
use crate::modules::network::public_layout;

pub fn routes() -> Router<AppState> {
    Router::new().route("/programmes", get(list)).route("/programmes/{slug}", get(show))
}

/// The i18n key of a session kind's name.
pub fn kind_key(k: SessionKind) -> &'static str {
    match k {
        SessionKind::Workshop => "programs-kind-workshop",
        SessionKind::Coaching => "programs-kind-coaching",
        SessionKind::Tutoring => "programs-kind-tutoring",
        SessionKind::Visit => "programs-kind-visit",
        SessionKind::Final => "programs-kind-final",
    }
}

/// "De 14 à 17 ans".
pub fn ages(tr: &Tr, p: &Program) -> String {
    tr.args("programs-ages", &[("min", &p.age_min.to_string()), ("max", &p.age_max.to_string())])
}

/// "septembre 2024": the month of a unix time in the site's time zone.
pub fn month_of(tr: &Tr, ts: i64) -> String {
    match jiff::Timestamp::from_second(ts) {
        Ok(t) => {
            let z = t.to_zoned(tr.tz().clone());
            tr.month(i64::from(z.year()), i64::from(z.month()))
        }
        Err(_) => String::new(),
    }
}

/// The completion rule in words.
pub fn rule_words(tr: &Tr, p: &Program) -> String {
    let key = if p.rule.final_required { "programs-rule-final" } else { "programs-rule" };
    tr.a(key, "percent", &p.rule.min_attendance.to_string())
}

/// A program as a card of the list.
pub struct ProgramCard {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub ages: String,
    /// "Mené par 3 clubs".
    pub clubs: String,
}

#[derive(askama::Template)]
#[template(path = "programs/public_list.html")]
struct ListPage {
    l: Layout,
    programs: Vec<ProgramCard>,
    /// Pupils reached this school year by the network's actions in schools.
    pupils_reached: i64,
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let mut programs = vec![];
    for p in store::programs(&state.db).await? {
        let clubs = store::program_clubs(&state.db, p.id).await?.len();
        programs.push(ProgramCard {
            url: format!("/programmes/{}", p.slug),
            ages: ages(&ctx.tr, &p),
            clubs: ctx.tr.n("programs-run-by", clubs as i64),
            title: p.title,
            summary: p.summary,
        });
    }
    let year = super::schools::school_year_at(ctx.now, ctx.tr.tz());
    let pupils_reached = store::schools::network_reached(&state.db, &year).await?.pupils();
    let mut l = public_layout(&state, &ctx, ctx.tr.t("programs-title")).await?;
    l.section = "programs";
    l.description = ctx.tr.t("programs-intro");
    html(&ListPage { l, programs, pupils_reached }).map(|r| cache::mark(r, &[super::PROGRAMS, cache::SITE]))
}

/// A club that runs the program, for its page.
pub struct ClubLine {
    pub name: String,
    pub url: String,
    /// "depuis septembre 2024".
    pub since: String,
}

/// A step of the path, for the page.
pub struct StepLine {
    pub kind: String,
    pub title: String,
    pub skills: String,
    pub duration: String,
}

#[derive(askama::Template)]
#[template(path = "programs/public_program.html")]
struct ProgramPage {
    l: Layout,
    program: Program,
    description_html: String,
    ages: String,
    rule: String,
    steps: Vec<StepLine>,
    clubs: Vec<ClubLine>,
    figures: Figures,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let program = store::program_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let clubs = store::program_clubs(&state.db, program.id)
        .await?
        .into_iter()
        .map(|(_, slug, name, since)| ClubLine {
            name,
            url: format!("/clubs/{slug}"),
            since: ctx.tr.a("programs-since", "date", &month_of(&ctx.tr, since)),
        })
        .collect();
    let label = |code: &str| program.skills.iter().find(|s| s.code == code).map(|s| s.label.clone()).unwrap_or_else(|| code.to_string());
    let steps = program
        .path
        .iter()
        .map(|s| StepLine {
            kind: ctx.tr.t(kind_key(s.kind)),
            title: s.title.clone(),
            skills: s.skills.iter().map(|c| label(c)).collect::<Vec<_>>().join(", "),
            duration: ctx.tr.n("programs-minutes", s.minutes),
        })
        .collect();
    let figures = store::public_figures(&state.db, program.id, ctx.now, ctx.tr.tz()).await?;
    let mut l = public_layout(&state, &ctx, program.title.clone()).await?;
    l.section = "programs";
    l.description = program.summary.clone();
    let page = ProgramPage {
        l,
        description_html: markup::render("markdown", &program.description),
        ages: ages(&ctx.tr, &program),
        rule: rule_words(&ctx.tr, &program),
        steps,
        clubs,
        figures,
        program,
    };
    html(&page).map(|r| cache::mark(r, &[super::PROGRAMS, cache::SITE]))
}
