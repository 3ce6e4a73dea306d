//! The integration tests, in one binary (one build of the helpers, one demo network copied by
//! every test that needs it): each module spawns the real application (`common`) on SQLite, or
//! on PostgreSQL when ESSAIM_TEST_DATABASE_URL is set. `cargo test --test it MODULE::` runs one
//! module's tests, e.g. `cargo test --test it events_booking::`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

mod common;

mod access;
mod admin_import;
mod admin_network;
mod admin_news;
mod api;
mod api_fuzz;
mod api_writes;
mod audit;
mod bad_input;
mod cache;
mod calls;
// calls: manage
mod calls_admin;
// calls: jury
mod calls_jury;
// calls: results
mod calls_results;
mod comments;
mod conflicts;
mod csrf;
mod events;
mod events_admin;
mod events_api;
mod events_booking;
mod events_checkin;
mod events_input;
mod events_journeys;
mod events_mail;
mod events_offers;
mod events_partners;
mod events_retention;
mod events_versions;
mod forms;
mod forms_editor;
mod forms_migration;
mod home;
mod identity;
mod jobs;
mod limits;
mod news_journeys;
mod news_lists;
mod news_public;
mod people;
mod platform;
mod programs;
mod programs_badges;
mod programs_schools;
mod programs_staff;
mod seed;
mod sign_in;
mod surveys;
mod surveys_admin;
mod surveys_results;
mod wordpress;
// calls: apply
mod calls_apply;
// surveys: respond
mod surveys_respond;
// surveys: exports and API
mod surveys_api;
mod surveys_exports;
