//! `/admin/journal`: the audit log for the network's administrators, newest first, 50 a page
//! (keyset on `(at, id)`), narrowed by person, action and a date range in the site's time
//! zone; every filter stays in the address, so a page can be bookmarked or shared.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::store::{self, Entry, Filter};
use super::{ACTION_PREFIX, action_message, is_action_key};
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::{Catalog, sort_key};
use crate::core::web::{AppState, Ctx, FormErrors, Layout, Query, html_status};

pub const PAGE_SIZE: i64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/journal", get(journal))
}

/// The address's query: every field as typed, so that a wrong one is shown again.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
struct JournalQuery {
    personne: String,
    action: String,
    du: String,
    au: String,
    /// Keyset cursor: `AT.ID` of the last entry of the previous page.
    apres: String,
}

/// One row as the table shows it.
struct Line {
    at: i64,
    actor_id: Option<i64>,
    actor_name: String,
    action: String,
    action_text: String,
    subject: String,
    subject_label: String,
    detail: String,
    ip: String,
}

#[derive(askama::Template)]
#[template(path = "admin/journal.html")]
struct JournalPage {
    l: Layout,
    q: JournalQuery,
    errors: FormErrors,
    people: Vec<(String, String)>,
    actions: Vec<(String, String)>,
    lines: Vec<Line>,
    /// The next (older) page's address, when there is one.
    older: Option<String>,
    /// This is not the first page: link back to the newest entries.
    deeper: bool,
    filtered: bool,
}

impl JournalPage {
    fn filter_link(&self, actor_id: &i64) -> String {
        let q = JournalQuery { personne: actor_id.to_string(), apres: String::new(), ..self.q.clone() };
        format!("/admin/journal?{}", query_string(&q))
    }

    fn first_page(&self) -> String {
        let q = JournalQuery { apres: String::new(), ..self.q.clone() };
        format!("/admin/journal?{}", query_string(&q))
    }
}

fn query_string(q: &JournalQuery) -> String {
    let pairs: Vec<(&str, &str)> = [("personne", &q.personne), ("action", &q.action), ("du", &q.du), ("au", &q.au), ("apres", &q.apres)]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.as_str()))
        .collect();
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// Check the filters; the errors name the fields (ids `f-personne`, `f-action`, `f-du`, `f-au`).
fn parse_filter(ctx: &Ctx, q: &JournalQuery) -> (Filter, FormErrors) {
    let mut f = Filter::default();
    let mut errors = FormErrors::default();
    match q.personne.trim() {
        "" => {}
        s => match s.parse::<i64>() {
            Ok(id) if id > 0 => f.actor_id = Some(id),
            _ => errors.add("personne", "audit-error-person"),
        },
    }
    match q.action.trim() {
        "" => {}
        s if is_action_key(s) => f.action = Some(s.to_string()),
        _ => errors.add("action", "audit-error-action"),
    }
    let day = |s: &str| -> Option<i64> {
        let date: jiff::civil::Date = s.trim().parse().ok()?;
        date.to_zoned(ctx.tr.tz().clone()).ok().map(|z| z.timestamp().as_second())
    };
    if !q.du.trim().is_empty() {
        match day(&q.du) {
            Some(t) => f.from = Some(t),
            None => errors.add("du", "audit-error-date"),
        }
    }
    if !q.au.trim().is_empty() {
        // The whole day: up to the start of the next one (a day is not always 24 hours).
        let next = q.au.trim().parse::<jiff::civil::Date>().ok().and_then(|d| d.tomorrow().ok()).map(|d| d.to_string());
        match next.as_deref().and_then(day) {
            Some(t) => f.until = Some(t),
            None => errors.add("au", "audit-error-date"),
        }
    }
    if let (Some(from), Some(until)) = (f.from, f.until)
        && until <= from
    {
        errors.add("au", "audit-error-range");
    }
    // A cursor is not typed by anyone: one that does not parse gives the first page.
    f.before = q.apres.split_once('.').and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
    (f, errors)
}

/// The actions the filter offers: every action that has words in the catalog, by its words.
fn action_options(ctx: &Ctx) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Catalog::keys(ctx.tr.locale)
        .into_iter()
        .filter_map(|k| k.strip_prefix(ACTION_PREFIX).map(|rest| rest.replace('-', ".")))
        .map(|action| {
            let words = ctx.tr.t(&action_message(&action));
            (action, words)
        })
        .collect();
    v.sort_by_cached_key(|(_, words)| sort_key(words));
    v.dedup();
    v
}

fn line(state: &AppState, ctx: &Ctx, e: Entry) -> Line {
    let key = action_message(&e.action);
    let action_text = if state.catalog.has(ctx.tr.locale, &key) { ctx.tr.t(&key) } else { e.action.clone() };
    Line {
        at: e.at,
        actor_id: e.actor_id,
        actor_name: e.actor_name,
        action: e.action,
        action_text,
        subject: e.subject,
        subject_label: e.subject_label,
        detail: e.detail,
        ip: e.ip,
    }
}

async fn journal(State(state): State<AppState>, ctx: Ctx, Query(q): Query<JournalQuery>) -> AppResult<Response> {
    let user = ctx.staff()?;
    if !user.is_network_admin() {
        return Err(AppError::Forbidden);
    }
    let (filter, errors) = parse_filter(&ctx, &q);
    let mut people: Vec<(String, String)> = store::staff(&state.db).await?.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    if let Some(id) = filter.actor_id.filter(|id| !people.iter().any(|(p, _)| *p == id.to_string())) {
        // A person who is no longer staff keeps their rows: offer them under their recorded name.
        let name = store::actor_name(&state.db, id).await?.unwrap_or_else(|| format!("#{id}"));
        people.push((id.to_string(), name));
    }
    let (mut lines, mut older) = (vec![], None);
    if errors.is_empty() {
        let mut entries = store::list(&state.db, &filter, PAGE_SIZE + 1).await?;
        if entries.len() as i64 > PAGE_SIZE {
            entries.truncate(PAGE_SIZE as usize);
            if let Some(last) = entries.last() {
                older = Some(format!(
                    "/admin/journal?{}",
                    query_string(&JournalQuery { apres: format!("{}.{}", last.at, last.id), ..q.clone() })
                ));
            }
        }
        lines = entries.into_iter().map(|e| line(&state, &ctx, e)).collect();
    }
    let l = Layout::core_admin(&state, &ctx, ctx.tr.t("audit-title"), "journal").await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let filtered = filter.actor_id.is_some() || filter.action.is_some() || filter.from.is_some() || filter.until.is_some();
    let page = JournalPage { l, deeper: filter.before.is_some(), q, errors, people, actions: action_options(&ctx), lines, older, filtered };
    html_status(status, &page)
}
