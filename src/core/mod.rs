//! The thin core every module stands on.

pub mod access;
pub mod anchors;
pub mod api;
pub mod audit;
pub mod auth;
pub mod cache;
pub mod clock;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod error;
pub mod export;
pub mod forms;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod markup;
pub mod media;
pub mod module;
pub mod pager;
pub mod people;
pub mod search;
pub mod values;
pub mod web;
