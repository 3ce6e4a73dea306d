//! Calls for projects and competitions: applications made through access links, stages with
//! juries that review on a rubric (conflicts enforced, blind fields, peer scores hidden until
//! one's own review), rankings with normalised scores, decisions locked with their amendments,
//! and results frozen at publication with their fingerprint.
//!
//! Who does what: `pages.rs` (the public list and a call's page), `apply.rs` (an application:
//! start, draft, submit, withdraw, its status), `districts.rs` (the network's districts and
//! their CSV import), `admin.rs` and `admin/` (the managers' back office), `assign.rs` (the
//! automatic assignment, pure), `jury.rs` (the jurors' pages), `ranking.rs` (the ranking's
//! arithmetic, pure), `results.rs` (the public results page), `api.rs` (JSON).

pub mod admin;
pub mod api;
pub mod api_manage;
pub mod apply;
pub mod assign;
pub mod districts;
pub mod jury;
pub mod model;
pub mod pages;
pub mod ranking;
pub mod results;
mod store;

use axum::Router;

use crate::core::access;
use crate::core::cache::Scope;
use crate::core::db::{Db, Tx};
use crate::core::module::{BoxFuture, MenuEntry, Module, Periodic};
use crate::core::people::PersonalData;
use crate::core::web::AppState;
pub use model::{
    Application, ApplicationFields, Call, CallInput, Category, CategoryInput, CriterionInput, Place, Review, Stage, StageInput,
};

/// The scope of an applicant's access link (its subject: the application's id).
pub const APPLICATION_SCOPE: &str = "calls.application";
/// The scope of a juror's access link (its subject: the juror's id).
pub const JUROR_SCOPE: &str = "calls.juror";

/// The page-cache scope of the calls' public pages (list, call, results).
pub const CALLS: Scope = Scope("calls");

/// What the calls tell the core (see `core::module`).
pub fn module() -> Module {
    Module {
        routes,
        api: api::endpoints,
        api_schemas: api::schemas,
        scopes: &[CALLS],
        writes: &[("/appels", &[CALLS]), ("/admin/appels", &[CALLS]), ("/admin/quartiers", &[CALLS]), ("/api/v1/calls", &[CALLS])],
        next_change: Some(pages::next_change),
        sitemap: Some(sitemap),
        periodic: PERIODIC,
        personal_data: PERSONAL_DATA,
        admin_menu: MENU,
        access: ACCESS,
        ..Module::new("calls")
    }
}

/// Reminders to jurors with work left, before their stage's review deadline.
const PERIODIC: &[Periodic] = &[Periodic::every("calls.jury-reminders", 300, 60, jury::queue_reminders)];

const MENU: &[MenuEntry] = &[
    MenuEntry::staff("/admin/appels", "nav-calls", "calls-admin", 45),
    MenuEntry::network_admin("/admin/quartiers", "calls-districts-title", "calls-districts", 46),
];

/// Applications by the applicant's address: found whole; erased by blanking the contact,
/// the address, the draft, the files and the form's answers, keeping the application's
/// reference and outcome so that counts stay.
const PERSONAL_DATA: &[PersonalData] =
    &[PersonalData { key: "calls.applications", label: "people-kind-applications", find: find_applications, erase: erase_applications }];

fn find_applications<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<serde_json::Value>, sqlx::Error>> {
    Box::pin(apply::find_by_email(db, email))
}

fn erase_applications<'a>(tx: &'a mut Tx, email: &'a str, now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(apply::erase_by_email(tx, email, now))
}

const ACCESS: &[access::Scope] = &[
    access::Scope { name: APPLICATION_SCOPE, describe: apply::describe_link },
    access::Scope { name: JUROR_SCOPE, describe: jury::describe_link },
];

/// The list, each published call, and the results of those that have them.
fn sitemap(state: &AppState, now: i64) -> BoxFuture<'_, Result<Vec<(String, i64)>, sqlx::Error>> {
    Box::pin(async move {
        let mut urls = vec![("/appels".to_string(), now)];
        for call in store::list_calls(&state.db, true).await? {
            urls.push((format!("/appels/{}", call.slug), call.updated_at));
            if store::results::is_published(&state.db, call.id).await? {
                urls.push((format!("/appels/{}/resultats", call.slug), call.updated_at));
            }
        }
        Ok(urls)
    })
}

fn routes() -> Router<AppState> {
    pages::routes().merge(apply::routes()).merge(districts::routes()).merge(admin::routes()).merge(jury::routes()).merge(results::routes())
}

/// Calls in the demo, seeds and tests are written through these (the back office and the
/// applicants go through their pages).
pub use store::{
    call_by_slug, categories, criteria, insert_application, insert_assignment, insert_call, insert_category, insert_criterion,
    insert_juror, insert_stage, save_review, stages, upsert_district,
};

/// A call's applications with their districts (tests).
#[doc(hidden)]
pub async fn store_applications_for_tests(db: &crate::core::db::Db, call_id: i64) -> Vec<Application> {
    store::applications(db, call_id).await.unwrap_or_default()
}

// calls: manage — for the demo (a juror's declaration, eligibility decided by the network).
pub use store::declare;
pub use store::manage::set_eligibility;
