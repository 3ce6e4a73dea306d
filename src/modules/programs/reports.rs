//! The programs' reports for a school year, for the staff (section `programs-admin`):
//!
//! - `GET /admin/programmes/rapports?annee=2026-2027` (the year under way by default): a row
//!   per cohort (club × program), per club (its cohorts summed, and every action in schools
//!   of the club) and for the network (every club summed);
//! - `GET /admin/programmes/rapports.csv|.xlsx?annee=…`: the same rows, numbers only
//!   (`core::export`: formulas neutralised, XLSX cells as text);
//! - `GET /admin/programmes/cohortes/{id}/participantes.csv|.xlsx`: one cohort's participants
//!   by name, for `programs::sees_minors` of the cohort's club only (403 otherwise), every
//!   download written in the audit log (`programs.participants.export`).
//!
//! Who sees what: the rows of the clubs this person may publish for
//! (`Principal::can_publish`); the network's totals only for who may publish for every club
//! (network administrators, a network-wide editor), so that a club's staff never reads
//! another club's figures by subtraction.
//!
//! What is counted, per row: `applicants` (every participant but those declined or
//! withdrawn), `selected`, `enrolled` (selected with every consent they need, the one
//! condition `store::CONSENT_COMPLETE`), `consent_complete` (applicants whose consents are
//! complete, selected or not), `pending` (selected, a consent missing), `waiting`; the
//! attendance rate counts sessions, not minutes: the sessions attended by the enrolled
//! participants over (enrolled × sessions held so far), in whole percent; `completed` and
//! `on_track` follow `model::progress`; genders and ages at the cohort's start are those of
//! the enrolled participants; pupils reached are the actions in schools of the year (for a
//! cohort: its club's actions attached to its program; for a club: all its actions).

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::model::{Attendance, Gender, Status, progress};
use super::schools::{Reached, SECTION, asked_year, year_choices};
use super::store;
use super::store::reports::Counted;
use crate::core::audit::{self, Subject};
use crate::core::auth::Principal;
use crate::core::error::AppResult;
use crate::core::export;
use crate::core::i18n::Tr;
use crate::core::web::{AppState, Ctx, Layout, Query, html};
use crate::modules::network;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/programmes/rapports", get(page))
        .route("/admin/programmes/rapports.csv", get(report_csv))
        .route("/admin/programmes/rapports.xlsx", get(report_xlsx))
        .route("/admin/programmes/cohortes/{id}/participantes.csv", get(participants_csv))
        .route("/admin/programmes/cohortes/{id}/participantes.xlsx", get(participants_xlsx))
}

/// The age groups of the reports (age at the cohort's start): under 14, 14, 15, 16, 17, 18
/// and over.
pub const AGE_GROUPS: usize = 6;

fn age_group(age: i64) -> usize {
    (age.clamp(13, 18) - 13) as usize
}

fn gender_index(g: Gender) -> usize {
    match g {
        Gender::Girl => 0,
        Gender::Boy => 1,
        Gender::Other => 2,
        Gender::Unsaid => 3,
    }
}

/// The counts of a row of the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub cohorts: i64,
    pub applicants: i64,
    pub selected: i64,
    pub enrolled: i64,
    pub consent_complete: i64,
    pub pending: i64,
    pub waiting: i64,
    /// Sessions held so far (summed over the cohorts).
    pub sessions_held: i64,
    /// Sessions attended by the enrolled participants, and how many they could have attended
    /// (enrolled × sessions held).
    pub attended: i64,
    pub expected: i64,
    pub completed: i64,
    pub on_track: i64,
    /// Enrolled girls, boys, other, unsaid.
    pub genders: [i64; 4],
    /// Enrolled by age group ([`AGE_GROUPS`]).
    pub ages: [i64; AGE_GROUPS],
    pub reached: Reached,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.cohorts += o.cohorts;
        self.applicants += o.applicants;
        self.selected += o.selected;
        self.enrolled += o.enrolled;
        self.consent_complete += o.consent_complete;
        self.pending += o.pending;
        self.waiting += o.waiting;
        self.sessions_held += o.sessions_held;
        self.attended += o.attended;
        self.expected += o.expected;
        self.completed += o.completed;
        self.on_track += o.on_track;
        for i in 0..4 {
            self.genders[i] += o.genders[i];
        }
        for i in 0..AGE_GROUPS {
            self.ages[i] += o.ages[i];
        }
        self.reached.add(&o.reached);
    }

    /// The attendance rate in whole percent (sessions), None before any session was held.
    pub fn rate(&self) -> Option<i64> {
        (self.expected > 0).then(|| (self.attended * 100 + self.expected / 2) / self.expected)
    }
}

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Cohort,
    Club,
    Network,
}

/// A row of the report.
#[derive(Clone, Debug)]
pub struct Row {
    pub level: Level,
    pub club: String,
    pub program: String,
    pub cohort: String,
    /// The cohort's id (for its participants' export).
    pub cohort_id: Option<i64>,
    pub counts: Counts,
}

/// A school year's report for `user`: the rows of the clubs they may publish for (each
/// club's cohorts, then the club), and the network's row when they may publish for every club.
pub async fn report(state: &AppState, user: &Principal, year: &str, now: i64) -> Result<Vec<Row>, sqlx::Error> {
    let db = &state.db;
    let cohorts = store::reports::cohorts(db, year).await?;
    let people = store::reports::counted(db, year, None).await?;
    let sessions = store::reports::sessions(db, year).await?;
    let attendance = store::reports::attendance(db, year).await?;
    let by_club_program = store::schools::reached_by_club_and_program(db, year).await?;
    let by_club = store::schools::reached_by_club(db, year).await?;
    let programs = store::programs(db).await?;
    let mut attended: HashMap<i64, Vec<Attendance>> = HashMap::new();
    for a in attendance {
        attended.entry(a.participant_id).or_default().push(a);
    }
    let mut per_cohort: Vec<(i64, String, Row)> = vec![];
    for (cohort, club, program_title) in cohorts {
        let rule = programs.iter().find(|p| p.id == cohort.program_id).map(|p| p.rule).unwrap_or_default();
        let own_sessions: Vec<_> = sessions.iter().filter(|s| s.cohort_id == cohort.id).cloned().collect();
        let own_people: Vec<&Counted> = people.iter().filter(|p| p.cohort_id == cohort.id).collect();
        let mut c = count(&own_people, |id| progress(rule, &own_sessions, attended.get(&id).map(Vec::as_slice).unwrap_or(&[]), now));
        c.cohorts = 1;
        c.sessions_held = own_sessions.iter().filter(|s| s.starts_at <= now).count() as i64;
        for (club_id, program_id, r) in &by_club_program {
            if *club_id == cohort.club_id && *program_id == Some(cohort.program_id) {
                c.reached.add(r);
            }
        }
        per_cohort.push((
            cohort.club_id,
            club.clone(),
            Row { level: Level::Cohort, club, program: program_title, cohort: cohort.label, cohort_id: Some(cohort.id), counts: c },
        ));
    }
    // Every club with a cohort or an action this year, by name.
    let mut clubs: Vec<(i64, String)> = per_cohort.iter().map(|(id, name, _)| (*id, name.clone())).collect();
    clubs.extend(by_club.iter().map(|(id, name, _)| (*id, name.clone())));
    crate::core::i18n::collate(&mut clubs, |c| c.1.as_str());
    clubs.dedup_by_key(|c| c.0);
    let mut rows = vec![];
    let mut network = Counts::default();
    for (club_id, name) in clubs {
        let mut total = Counts::default();
        let mut lines = vec![];
        for (_, _, row) in per_cohort.iter().filter(|(id, _, _)| *id == club_id) {
            let mut c = row.counts.clone();
            c.reached = Reached::default();
            total.add(&c);
            lines.push(row.clone());
        }
        if let Some((_, _, r)) = by_club.iter().find(|(id, _, _)| *id == club_id) {
            total.reached = *r;
        }
        network.add(&total);
        if user.can_publish(Some(club_id)) {
            rows.extend(lines);
            rows.push(Row {
                level: Level::Club,
                club: name,
                program: String::new(),
                cohort: String::new(),
                cohort_id: None,
                counts: total,
            });
        }
    }
    if user.publishing_clubs().is_none() {
        rows.push(Row {
            level: Level::Network,
            club: String::new(),
            program: String::new(),
            cohort: String::new(),
            cohort_id: None,
            counts: network,
        });
    }
    Ok(rows)
}

/// The counts of a cohort's participants, `progress_of` giving one's progress.
fn count(people: &[&Counted], progress_of: impl Fn(i64) -> super::model::Progress) -> Counts {
    let mut c = Counts::default();
    for p in people {
        if matches!(p.status, Status::Declined | Status::Withdrawn) {
            continue;
        }
        c.applicants += 1;
        c.consent_complete += i64::from(p.complete);
        match p.status {
            Status::Waiting => c.waiting += 1,
            Status::Selected => {
                c.selected += 1;
                if !p.complete {
                    c.pending += 1;
                    continue;
                }
                c.enrolled += 1;
                let pr = progress_of(p.id);
                c.attended += pr.attended.min(pr.held);
                c.expected += pr.held;
                c.completed += i64::from(pr.completed);
                c.on_track += i64::from(pr.on_track);
                c.genders[gender_index(p.gender)] += 1;
                c.ages[age_group(p.age_at_start)] += 1;
            }
            _ => {}
        }
    }
    c
}

// ---- the page ----

/// A row as the page shows it (numbers formatted for the reader's language).
pub struct RowLine {
    pub level: &'static str,
    pub name: String,
    pub program: String,
    pub cohort_id: Option<i64>,
    pub cells: Vec<String>,
}

/// The columns of the report, in order (message keys), after the row's names.
const COLUMNS: [&str; 20] = [
    "programs-report-applicants",
    "programs-report-selected",
    "programs-report-enrolled",
    "programs-report-consent-complete",
    "programs-report-pending",
    "programs-report-waiting",
    "programs-report-sessions-held",
    "programs-report-attendance",
    "programs-report-completed",
    "programs-report-on-track",
    "programs-girls",
    "programs-boys",
    "programs-report-other",
    "programs-report-unsaid",
    "programs-report-age-under-14",
    "programs-report-age-14",
    "programs-report-age-15",
    "programs-report-age-16",
    "programs-report-age-17",
    "programs-report-age-18",
];

/// The cells of a row after its names: numbers formatted by `num`, the rate by `rate`; the
/// pupils reached (girls, boys, total) at the end.
fn cells(c: &Counts, num: impl Fn(i64) -> String, rate: impl Fn(Option<i64>) -> String) -> Vec<String> {
    let mut out = vec![
        num(c.applicants),
        num(c.selected),
        num(c.enrolled),
        num(c.consent_complete),
        num(c.pending),
        num(c.waiting),
        num(c.sessions_held),
        rate(c.rate()),
        num(c.completed),
        num(c.on_track),
    ];
    out.extend(c.genders.iter().map(|n| num(*n)));
    out.extend(c.ages.iter().map(|n| num(*n)));
    out.extend([num(c.reached.girls), num(c.reached.boys), num(c.reached.pupils())]);
    out
}

fn head(tr: &Tr) -> Vec<String> {
    let mut h: Vec<String> = COLUMNS.iter().map(|k| tr.t(k)).collect();
    h.extend([tr.t("programs-report-reached-girls"), tr.t("programs-report-reached-boys"), tr.t("programs-report-reached")]);
    h
}

#[derive(askama::Template)]
#[template(path = "programs/admin_reports.html")]
struct ReportPage {
    l: Layout,
    year: String,
    years: Vec<String>,
    head: Vec<String>,
    rows: Vec<RowLine>,
}

#[derive(serde::Deserialize, Default)]
struct YearQuery {
    annee: Option<String>,
}

async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<YearQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let year = asked_year(&ctx, q.annee.as_deref());
    let years = year_choices(&state, &ctx, &year).await?;
    let rows = report(&state, user, &year, ctx.now).await?;
    let tr = &ctx.tr;
    let rows = rows
        .into_iter()
        .map(|r| RowLine {
            level: match r.level {
                Level::Cohort => "cohort",
                Level::Club => "club",
                Level::Network => "network",
            },
            name: match r.level {
                Level::Cohort => r.cohort.clone(),
                Level::Club => r.club.clone(),
                Level::Network => tr.t("programs-report-network"),
            },
            program: match r.level {
                Level::Cohort => format!("{} · {}", r.club, r.program),
                _ => String::new(),
            },
            cohort_id: r.cohort_id,
            cells: cells(&r.counts, |n| tr.num(n), |x| x.map(|p| tr.a("programs-percent", "n", &tr.num(p))).unwrap_or_else(|| "–".into())),
        })
        .collect();
    let l = network::admin_layout(&state, &ctx, tr.t("programs-reports-title"), SECTION).await?;
    html(&ReportPage { l, head: head(tr), year, years, rows })
}

// ---- the exports ----

/// The report as a table: the row's level, club, program, cohort, then the numbers (plain
/// digits, the rate in whole percent, empty before any session).
fn table(tr: &Tr, rows: &[Row]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut h = vec![tr.t("programs-report-level"), tr.t("programs-club"), tr.t("programs-action-program"), tr.t("programs-report-cohort")];
    h.extend(head(tr));
    let lines = rows
        .iter()
        .map(|r| {
            let level = match r.level {
                Level::Cohort => tr.t("programs-report-level-cohort"),
                Level::Club => tr.t("programs-report-level-club"),
                Level::Network => tr.t("programs-report-level-network"),
            };
            let mut line = vec![level, r.club.clone(), r.program.clone(), r.cohort.clone()];
            line.extend(cells(&r.counts, |n| n.to_string(), |x| x.map(|p| p.to_string()).unwrap_or_default()));
            line
        })
        .collect();
    (h, lines)
}

async fn report_table(state: &AppState, ctx: &Ctx, annee: Option<&str>) -> AppResult<(String, Vec<String>, Vec<Vec<String>>)> {
    let user = ctx.staff()?;
    let year = asked_year(ctx, annee);
    let rows = report(state, user, &year, ctx.now).await?;
    let (h, lines) = table(&ctx.tr, &rows);
    Ok((year, h, lines))
}

async fn report_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<YearQuery>) -> AppResult<Response> {
    let (year, h, lines) = report_table(&state, &ctx, q.annee.as_deref()).await?;
    Ok(export::attachment(export::CSV, &format!("programmes-rapport-{year}.csv"), export::to_csv(&h, &lines).into_bytes()))
}

async fn report_xlsx(State(state): State<AppState>, ctx: Ctx, Query(q): Query<YearQuery>) -> AppResult<Response> {
    let (year, h, lines) = report_table(&state, &ctx, q.annee.as_deref()).await?;
    let bytes = export::xlsx(&ctx.tr.t("programs-reports-sheet"), h, lines).await?;
    Ok(export::attachment(export::XLSX, &format!("programmes-rapport-{year}.xlsx"), bytes))
}

/// One cohort's participants as a table, for who sees the minors of its club (403 for anyone
/// else), the download written in the audit log.
async fn participants_table(state: &AppState, ctx: &Ctx, id: i64, format: &str) -> AppResult<(String, Vec<String>, Vec<Vec<String>>)> {
    let user = ctx.staff()?;
    let super::admin::Seen { cohort, program, .. } = super::admin::seen_cohort(state, user, id).await?;
    let people = store::participants(&state.db, id).await?;
    let complete: HashMap<i64, bool> =
        store::reports::counted(&state.db, &cohort.school_year, Some(id)).await?.into_iter().map(|c| (c.id, c.complete)).collect();
    let records = super::admin::CohortRecords::load(state, id).await?;
    let tr = &ctx.tr;
    let yes_no = |b: bool| tr.t(if b { "programs-yes" } else { "programs-no" });
    let h = vec![
        tr.t("programs-export-first-name"),
        tr.t("programs-export-last-name"),
        tr.t("programs-export-age"),
        tr.t("programs-export-gender"),
        tr.t("programs-export-status"),
        tr.t("programs-report-consent-complete"),
        tr.t("programs-report-attendance"),
        tr.t("programs-report-completed"),
    ];
    let lines: Vec<Vec<String>> = people
        .iter()
        .map(|p| {
            let pr = records.progress(&program, p.id, ctx.now);
            let rate = if pr.held > 0 { ((pr.attended.min(pr.held) * 100 + pr.held / 2) / pr.held).to_string() } else { String::new() };
            vec![
                p.first_name.clone(),
                p.last_name.clone(),
                p.age_at_start.to_string(),
                tr.t(&format!("programs-gender-{}", p.gender.as_str())),
                tr.t(&format!("programs-status-{}", p.status.as_str())),
                yes_no(complete.get(&p.id).copied().unwrap_or(false)),
                rate,
                yes_no(pr.completed),
            ]
        })
        .collect();
    let detail = format!("cohort={id} format={format} rows={}", lines.len());
    audit::record(&state.db, ctx, "programs.participants.export", &Subject::new("cohort", id, &cohort.label), &detail).await?;
    let name = format!("participantes-{}-{}", cohort.school_year, id);
    Ok((name, h, lines))
}

async fn participants_csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (name, h, lines) = participants_table(&state, &ctx, id, "csv").await?;
    Ok(export::attachment(export::CSV, &format!("{name}.csv"), export::to_csv(&h, &lines).into_bytes()))
}

async fn participants_xlsx(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (name, h, lines) = participants_table(&state, &ctx, id, "xlsx").await?;
    let bytes = export::xlsx(&ctx.tr.t("programs-export-sheet"), h, lines).await?;
    Ok(export::attachment(export::XLSX, &format!("{name}.xlsx"), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_in_their_groups_and_rates_round() {
        assert_eq!([12, 13, 14, 15, 16, 17, 18, 25].map(age_group), [0, 0, 1, 2, 3, 4, 5, 5]);
        let c = Counts { attended: 2, expected: 3, ..Default::default() };
        assert_eq!(c.rate(), Some(67));
        assert_eq!(Counts::default().rate(), None);
    }
}
